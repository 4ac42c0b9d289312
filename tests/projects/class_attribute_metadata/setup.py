from setuptools import setup


class Meta:
    name = "classattrs"
    version = "0.4"
    description = "Metadata held in a class"


setup(name=Meta.name, version=Meta.version, description=Meta.description, packages=["pkg"])
