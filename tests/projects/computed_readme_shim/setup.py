import codecs
import os
import re

from setuptools import find_packages, setup

NAME = "attrsy"
PACKAGES = find_packages(where="src")
META_PATH = os.path.join("src", "attrsy", "__init__.py")
KEYWORDS = ["class", "attribute", "boilerplate"]
CLASSIFIERS = [
    "Development Status :: 5 - Production/Stable",
    "License :: OSI Approved :: MIT License",
    "Programming Language :: Python :: 3",
]
EXTRAS_REQUIRE = {
    "docs": ["sphinx", "zope.interface"],
    "tests": ["coverage", "hypothesis", "pytest"],
}
EXTRAS_REQUIRE["dev"] = EXTRAS_REQUIRE["tests"] + EXTRAS_REQUIRE["docs"] + ["pre-commit"]

HERE = os.path.abspath(os.path.dirname(__file__))


def read(*parts):
    """Return the UTF-8 contents of a file of the project."""
    with codecs.open(os.path.join(HERE, *parts), "rb", "utf-8") as f:
        return f.read()


META_FILE = read(META_PATH)


def find_meta(meta):
    """Extract __*meta*__ from META_FILE."""
    meta_match = re.search(
        r"^__{meta}__ = ['\"]([^'\"]*)['\"]".format(meta=meta), META_FILE, re.M
    )
    if meta_match:
        return meta_match.group(1)
    raise RuntimeError("Unable to find __{meta}__ string.".format(meta=meta))


URI = find_meta("uri")
LONG = (
    read("README.rst")
    + "\n\n"
    + "Release Information\n"
    + "===================\n\n"
    + re.search(r"(\d+.\d.\d \(.*?\)\n.*?)\n\n\n----\n\n\n", read("CHANGELOG.rst"), re.S).group(1)
    + "\n\n`Full changelog <{uri}changelog.html>`_.\n\n".format(uri=URI)
    + read("AUTHORS.rst")
)

if __name__ == "__main__":
    setup(
        name=NAME,
        description=find_meta("description"),
        license=find_meta("license"),
        url=URI,
        version=find_meta("version"),
        author=find_meta("author"),
        author_email=find_meta("email"),
        maintainer=find_meta("author"),
        maintainer_email=find_meta("email"),
        keywords=KEYWORDS,
        long_description=LONG,
        packages=PACKAGES,
        package_dir={"": "src"},
        package_data={"attrsy": ["*.pyi", "py.typed"]},
        zip_safe=False,
        classifiers=CLASSIFIERS,
        install_requires=[],
        extras_require=EXTRAS_REQUIRE,
        include_package_data=True,
    )
