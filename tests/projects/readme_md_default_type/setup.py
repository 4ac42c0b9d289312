import os

from setuptools import setup

here = os.path.abspath(os.path.dirname(__file__))
with open(os.path.join(here, "README.md")) as f:
    long_description = f.read()

setup(
    name="mdpkg",
    version="0.3.0",
    description="A package whose README.md PyPI rendered as reStructuredText",
    long_description=long_description,
    author="Ann Example",
    author_email="ann@example.org",
    packages=["mdpkg"],
)
