"""Build with an optional C accelerator, like simplejson and markupsafe used to."""
import glob
import os

from setuptools import Extension, find_packages, setup
from setuptools.command.build_ext import build_ext


class OptionalBuildExt(build_ext):
    """Build the extension when a compiler is there; fall back to pure Python."""

    def run(self):
        try:
            build_ext.run(self)
        except Exception:
            print("WARNING: the C extension could not be built; using pure Python")

    def build_extension(self, ext):
        try:
            build_ext.build_extension(self, ext)
        except Exception:
            print("WARNING: %s could not be built" % ext.name)


sources = sorted(glob.glob(os.path.join("src", "speedups", "_native", "*.c")))

setup(
    name="speedups",
    version="0.4.0",
    description="Fast helpers, with a pure-Python fallback",
    author="Kim Example",
    author_email="kim@example.org",
    license="MIT",
    package_dir={"": "src"},
    packages=find_packages("src"),
    ext_modules=[Extension("speedups._native", sources=sources, define_macros=[("SPEEDUPS_FAST", "1")])],
    cmdclass={"build_ext": OptionalBuildExt},
    python_requires=">=3.8",
)
