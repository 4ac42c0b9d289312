import subprocess
import sys

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithDocs(build_py):
    """Builds the HTML documentation, then the package."""

    def run(self):
        subprocess.check_call([sys.executable, "docs/make_html.py"])
        build_py.run(self)


setup(
    name="docpkg",
    version="0.3.1",
    description="A package whose build also made its docs",
    packages=["docpkg"],
    cmdclass={"build_py": BuildWithDocs},
)
