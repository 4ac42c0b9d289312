#!/usr/bin/env python
# Idioms of 2012-2018 sdists: zip_safe=True, an empty namespace_packages, a version read with
# setuptools.depends.get_module_constant, README and CHANGES joined by code (the README has no
# final newline), dependencies assigned through a chained assignment into a kwargs dict.
import os
import sys

from setuptools.depends import get_module_constant
from setuptools import setup

here = os.path.abspath(os.path.dirname(__file__))
with open(os.path.join(here, "README.rst")) as f:
    README = f.read()
with open(os.path.join(here, "CHANGES.txt")) as f:
    CHANGES = f.read()

version = get_module_constant("oldidioms_version", "__version__")

setup_args = dict(
    name="oldidioms",
    version=version,
    description="Idioms of old sdists",
    long_description=README + "\n\n" + CHANGES,
    author="Old Author",
    author_email="old@example.org",
    url="https://example.org/oldidioms",
    download_url="https://example.org/oldidioms-{0}.tar.gz".format(version),
    packages=["oldidioms"],
    py_modules=["oldidioms_version"],
    zip_safe=True,
    namespace_packages=[],
    classifiers=["Programming Language :: Python :: 3"],
)

setuptools_args = {}
install_requires = setuptools_args["install_requires"] = ["six>=1.5"]
extras_require = setuptools_args["extras_require"] = {"test": ["pytest"]}

if "setuptools" in sys.modules:
    setup_args.update(setuptools_args)

if __name__ == "__main__":
    setup(**setup_args)
