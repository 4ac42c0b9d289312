from setuptools import setup, find_packages

setup(
    name="zope.interface-lite",
    version="5.0",
    packages=find_packages(),
    namespace_packages=["zope"],
)
