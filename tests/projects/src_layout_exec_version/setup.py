import io
import os
import sys

from setuptools import find_packages, setup

here = os.path.abspath(os.path.dirname(__file__))

with io.open(os.path.join(here, "README.md"), encoding="utf-8") as f:
    long_description = "\n" + f.read()

about = {}
with open(os.path.join(here, "src", "fancy", "__version__.py")) as f:
    exec(f.read(), about)

if sys.argv[-1] == "publish":
    os.system("python setup.py sdist bdist_wheel upload")
    sys.exit()

REQUIRED = ["requests>=2.20", "click"]
EXTRAS = {
    "socks": ["PySocks>=1.5.6, !=1.5.7"],
    "win:sys_platform == 'win32'": ["colorama"],
    ":python_version < '3.9'": ["importlib_resources"],
}

setup(
    name="fancy",
    version=about["__version__"],
    description=about["__description__"],
    long_description=long_description,
    long_description_content_type="text/markdown",
    author="Fancy Team, Jo Example",
    author_email="team@fancy.example, jo@example.org",
    url="https://github.com/example/fancy",
    packages=find_packages("src", exclude=["tests"]),
    package_dir={"": "src"},
    package_data={"": ["*.json"], "fancy": ["data/*.txt"]},
    include_package_data=True,
    install_requires=REQUIRED,
    extras_require=EXTRAS,
    entry_points="""
        [console_scripts]
        fancy=fancy.cli:main
        [fancy.plugins]
        basic = fancy.plugins:Basic
    """,
    keywords="fancy http, client",
    license="Apache 2.0",
    zip_safe=False,
    tests_require=["pytest"],
    test_suite="tests",
    python_requires=">=3.7",
    project_urls={"Source": "https://github.com/example/fancy"},
    classifiers=[
        "Programming Language :: Python :: 3",
        "License :: OSI Approved :: Apache Software License",
    ],
)
