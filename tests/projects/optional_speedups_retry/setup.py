import os
import sys
from setuptools import setup, Extension
from distutils.command.build_ext import build_ext
from distutils.errors import CCompilerError, DistutilsExecError, DistutilsPlatformError

# The fail-safe compilation recipe many C-accelerated packages copied from simplejson.
is_jython = "java" in sys.platform
is_pypy = hasattr(sys, "pypy_version_info")

ext_errors = (CCompilerError, DistutilsExecError, DistutilsPlatformError)
if sys.platform == "win32":
    ext_errors += (IOError,)


class BuildFailed(Exception):
    pass


class ve_build_ext(build_ext):
    """This class allows C extension building to fail."""

    def run(self):
        try:
            build_ext.run(self)
        except DistutilsPlatformError:
            raise BuildFailed()

    def build_extension(self, ext):
        try:
            build_ext.build_extension(self, ext)
        except ext_errors:
            raise BuildFailed()


def echo(msg=""):
    sys.stdout.write(msg + "\n")


readme = open(os.path.join(os.path.dirname(__file__), "README.rst")).read()


def run_setup(with_binary):
    ext = Extension("quickmark._speedups", ["quickmark/_speedups.c"])
    ext_modules = [ext] if with_binary else []
    setup(
        name="QuickMark",
        version="1.1.1",
        url="https://example.org/quickmark",
        license="BSD",
        author="Ari Example",
        author_email="ari@example.org",
        description="Safe strings for markup",
        long_description=readme,
        zip_safe=False,
        classifiers=[
            "License :: OSI Approved :: BSD License",
            "Programming Language :: Python :: 3",
        ],
        packages=["quickmark"],
        test_suite="quickmark.tests.suite",
        include_package_data=True,
        cmdclass={"build_ext": ve_build_ext},
        ext_modules=ext_modules,
    )


def try_building_extension():
    try:
        run_setup(True)
    except BuildFailed:
        echo("WARNING: The C extension could not be compiled, speedups are not enabled.")
        echo("Retrying the build without the C extension now.")
        run_setup(False)


if not (is_pypy or is_jython):
    try_building_extension()
else:
    run_setup(False)
