import importlib.util
import os

from setuptools import setup

spec = importlib.util.spec_from_file_location("version", os.path.join("pkg", "version.py"))
version_mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(version_mod)

setup(name="importlibver", version=version_mod.__version__, packages=["pkg"])
