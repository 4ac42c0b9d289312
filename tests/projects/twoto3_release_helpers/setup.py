import os
import sys

try:
    from setuptools import setup
except ImportError:
    from distutils.core import setup

try:
    from distutils.command.build_py import build_py_2to3 as build_py
except ImportError:
    from distutils.command.build_py import build_py

try:
    from distutils.command.build_scripts import build_scripts_2to3 as build_scripts
except ImportError:
    from distutils.command.build_scripts import build_scripts


def main(argv):
    if argv[-1] == "publish":
        os.system("python setup.py sdist upload")
        sys.exit()
    if "tag" in argv:
        os.system("git tag v1.2")
        sys.exit()
    setup(
        name="twoto3-release",
        version="1.2",
        description="A Python 2 era package",
        packages=["pkg"],
        cmdclass={"build_py": build_py, "build_scripts": build_scripts},
        use_2to3=False,
    )


if __name__ == "__main__":
    main(sys.argv)
