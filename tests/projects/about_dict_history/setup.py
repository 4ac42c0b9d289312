#!/usr/bin/env python
import os
import sys
from codecs import open

from setuptools import setup
from setuptools.command.test import test as TestCommand

here = os.path.abspath(os.path.dirname(__file__))


class PyTest(TestCommand):
    user_options = [("pytest-args=", "a", "Arguments to pass to pytest")]

    def run_tests(self):
        import pytest

        sys.exit(pytest.main([]))


if sys.argv[-1] == "publish":
    os.system("python setup.py sdist bdist_wheel")
    os.system("twine upload dist/*")
    sys.exit()

requires = ["idna>=2.5,<4", "urllib3>=1.21.1,<3", "certifi>=2017.4.17"]
test_requirements = ["pytest>=3", "pytest-mock"]

about = {}
with open(os.path.join(here, "httpish", "__version__.py"), "r", "utf-8") as f:
    exec(f.read(), about)

with open("README.rst", "r", "utf-8") as f:
    readme = f.read()
with open("HISTORY.rst", "r", "utf-8") as f:
    history = f.read()

setup(
    name=about["__title__"],
    version=about["__version__"],
    description=about["__description__"],
    long_description=readme + "\n\n" + history,
    author=about["__author__"],
    author_email=about["__author_email__"],
    url=about["__url__"],
    packages=["httpish"],
    package_data={"": ["LICENSE", "NOTICE"], "httpish": ["*.pem"]},
    package_dir={"httpish": "httpish"},
    include_package_data=True,
    python_requires=">=2.7, !=3.0.*, !=3.1.*, !=3.2.*, !=3.3.*",
    install_requires=requires,
    license=about["__license__"],
    zip_safe=False,
    classifiers=(
        "Intended Audience :: Developers",
        "License :: OSI Approved :: Apache Software License",
        "Programming Language :: Python :: 3",
    ),
    cmdclass={"test": PyTest},
    tests_require=test_requirements,
    extras_require={
        "security": [],
        "socks": ["PySocks>=1.5.6, !=1.5.7"],
        'socks:sys_platform == "win32" and python_version == "2.7"': ["win_inet_pton"],
    },
)
