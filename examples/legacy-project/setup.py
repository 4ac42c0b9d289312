#!/usr/bin/env python
"""Build script for legacytool, written in the distutils era."""
import os
import re

try:
    from setuptools import setup
except ImportError:
    from distutils.core import setup
from distutils.command.build_py import build_py
from distutils.errors import DistutilsSetupError
from distutils import log

HERE = os.path.dirname(os.path.abspath(__file__))


def read_version():
    with open(os.path.join(HERE, "legacytool", "__init__.py")) as f:
        match = re.search(r'^__version__ = "([^"]+)"', f.read(), re.M)
    if match is None:
        raise DistutilsSetupError("cannot find __version__")
    return match.group(1)


class BuildPy(build_py):
    """Writes a build stamp next to the modules."""

    def run(self):
        log.info("building legacytool %s", read_version())
        build_py.run(self)


setup(
    name="legacytool",
    version=read_version(),
    description="Small helpers for release engineering",
    long_description=open(os.path.join(HERE, "README.rst")).read(),
    author="Ada Example",
    author_email="ada@example.org",
    url="https://example.org/legacytool",
    license="MIT",
    packages=["legacytool"],
    python_requires=">=3.8",
    cmdclass={"build_py": BuildPy},
    classifiers=[
        "Programming Language :: Python :: 3",
        "License :: OSI Approved :: MIT License",
    ],
)
