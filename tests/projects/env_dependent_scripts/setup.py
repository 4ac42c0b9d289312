#!/usr/bin/env python
try:
    from setuptools import setup
except ImportError:
    from distutils.core import setup

from platform import python_version_tuple
import os
import re

if python_version_tuple()[0] >= "3":
    LONG_DESCRIPTION = open("README.md", "r", encoding="utf-8").read()
else:
    LONG_DESCRIPTION = open("README.md", "r").read()

# strip the badges block from the PyPI page
LONG_DESCRIPTION = re.sub(r"^<!-- badges -->\n(.*\n){2}", "", LONG_DESCRIPTION, flags=re.M)

install_options = os.environ.get("TABLES_INSTALL", "").split(",")
libonly_flags = set(["lib-only", "libonly", "no-cli", "without-cli"])
if libonly_flags.intersection(install_options):
    console_scripts = []
else:
    console_scripts = ["tables = tables:_main"]

setup(
    name="tables-lite",
    version="0.8.9",
    description="Pretty-print tabular data",
    long_description=LONG_DESCRIPTION,
    long_description_content_type="text/markdown",
    author="Sasha Example",
    author_email="sasha@example.org",
    url="https://example.org/tables-lite",
    license="MIT",
    py_modules=["tables"],
    entry_points={"console_scripts": console_scripts},
    extras_require={"widechars": ["wcwidth"]},
)
