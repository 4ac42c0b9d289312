#!/usr/bin/env python
# -*- coding: utf-8 -*-
import codecs
import os
import re
import sys

try:
    from setuptools import setup
except ImportError:
    from distutils.core import setup

here = os.path.abspath(os.path.dirname(__file__))


def read(*parts):
    with codecs.open(os.path.join(here, *parts), "r", encoding="utf-8") as fp:
        return fp.read()


def find_version(*file_paths):
    version_file = read(*file_paths)
    version_match = re.search(r"^__version__ = ['\"]([^'\"]*)['\"]", version_file, re.M)
    if version_match:
        return version_match.group(1)
    raise RuntimeError("Unable to find version string.")


if sys.argv[-1] == "publish":
    os.system("python setup.py sdist upload")
    sys.exit()

if sys.version_info < (3, 6):
    sys.exit("chatterbox needs Python 3.6 or later")

setup(
    name="chatterbox",
    version=find_version("chatterbox", "__init__.py"),
    description="Talks to chat servers.\n",
    long_description=read("README.rst"),
    author="Grace Hopper",
    author_email="grace@example.com",
    maintainer="Chatter Team",
    maintainer_email="team@example.com",
    url="https://example.com/chatterbox",
    download_url="https://example.com/chatterbox/archive/v%s.tar.gz" % find_version("chatterbox", "__init__.py"),
    license="BSD",
    packages=["chatterbox", "chatterbox.backends"],
    install_requires=["six>=1.10", 'enum34; python_version < "3.4"'],
    platforms="any",
    keywords=["chat", "irc", "xmpp"],
    zip_safe=False,
    python_requires=">=3.6",
    options={"bdist_wheel": {"universal": True}},
    classifiers=[
        "Development Status :: 5 - Production/Stable",
        "Intended Audience :: Developers",
        "License :: OSI Approved :: BSD License",
        "Programming Language :: Python :: 3",
    ],
)
