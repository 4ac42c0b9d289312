import os
import sys

import setuptools.command.build_ext
from setuptools import Extension, setup

HERE = os.path.dirname(os.path.abspath(__file__))


def compiler_flags():
    if sys.platform == "win32":
        return ["/O2"]
    return ["-O2"]


class BuildExt(setuptools.command.build_ext.build_ext):
    """Adds optimisation flags and records them next to the extension."""

    def build_extensions(self):
        flags = compiler_flags()
        for ext in self.extensions:
            ext.extra_compile_args = flags
        super().build_extensions()
        with open(os.path.join(self.build_lib, "fastmath", "_flags.py"), "w") as f:
            f.write("FLAGS = %r\n" % (flags,))


setuptools.command.build_ext.build_ext = BuildExt

setup(
    name="fastmath",
    version="1.2.0",
    description="Fast maths",
    packages=["fastmath"],
    ext_modules=[Extension("fastmath._speed", ["fastmath/_speed.c"])],
)
