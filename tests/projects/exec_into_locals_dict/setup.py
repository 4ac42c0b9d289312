from setuptools import setup

meta = {}
exec(open("pkg/version.py").read(), None, meta)

setup(name="execdict", version=meta["__version__"], author=meta["__author__"], packages=["pkg"])
