#!/usr/bin/env python
"""configtool: a single-module configuration reader.

Reads INI and JSON configuration files and merges them.
"""

from distutils.core import setup

import configtool

setup(
    name='configtool',
    version=configtool.__version__,
    description=__doc__.splitlines()[0],
    long_description=__doc__,
    author='Sam Example',
    author_email='sam@example.org',
    url='https://example.org/configtool/',
    py_modules=['configtool', 'configtool_compat'],
    license='MIT License',
    requires=['six'],
    classifiers=[
        'License :: OSI Approved :: MIT License',
        'Programming Language :: Python',
        'Topic :: Software Development :: Libraries',
    ],
)
