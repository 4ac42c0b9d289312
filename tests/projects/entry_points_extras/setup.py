import os
import sys
from setuptools import setup, find_packages

with open("requirements.txt") as f:
    requirements = f.read().splitlines()

tests_require = ["pytest>=6", "pytest-cov"]
docs_require = ["sphinx>=4", "sphinx-rtd-theme"]

extras = {
    "tests": tests_require,
    "docs": docs_require,
    "dev": tests_require + docs_require + ["tox"],
    "yaml": ["PyYAML>=5.1"],
    "Fast_JSON:platform_python_implementation == 'CPython'": ["orjson>=3"],
}

if sys.version_info < (3, 8):
    requirements.append("importlib-metadata>=1.0")

setup(
    name="toolbelt",
    version="3.2.0",
    description="A belt of command-line tools",
    long_description=open("README.md").read(),
    long_description_content_type="text/markdown",
    author="Linus Example",
    author_email="linus@example.org",
    packages=find_packages(exclude=["tests", "tests.*"]),
    install_requires=requirements,
    extras_require=extras,
    tests_require=tests_require,
    entry_points={
        "console_scripts": [
            "belt = toolbelt.cli:main",
            "belt-admin=toolbelt.cli:admin",
        ],
        "gui_scripts": ["beltgui = toolbelt.gui:run"],
        "toolbelt.plugins": "\n            zip = toolbelt.plugins:Zip\n            tar = toolbelt.plugins:Tar\n        ",
    },
    project_urls={
        "Documentation": "https://toolbelt.example.org/docs",
        "Tracker": "https://example.org/toolbelt/issues",
    },
    python_requires=">=3.8",
    classifiers=[
        "Programming Language :: Python :: 3",
        "Environment :: Console",
        "Topic :: Utilities",
    ],
)
