import os
from setuptools import setup

HERE = os.path.dirname(__file__)
PACKAGE = "metrics"

about = {}
with open(os.path.join(HERE, PACKAGE, "__about__.py")) as fp:
    exec(fp.read(), about)

kwargs = dict(
    name=about["__title__"],
    version=about["__version__"],
    description=about["__summary__"],
    license=about["__license__"],
    author=about["__author__"],
    author_email=about["__email__"],
    packages=[PACKAGE],
)

kwargs.update(
    {
        "install_requires": ["attrs>=19.2"],
        "extras_require": {"prometheus": ["prometheus-client"]},
    }
)
kwargs["keywords"] = "metrics monitoring statsd"
kwargs["package_data"] = {PACKAGE: ["py.typed"]}

long_description = "\n\n".join(
    open(os.path.join(HERE, name)).read() for name in ("README.rst", "CHANGES.rst")
)

if __name__ == "__main__":
    setup(long_description=long_description, **kwargs)
