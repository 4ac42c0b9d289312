from setuptools import setup
from setuptools.dist import Distribution


class BinaryDistribution(Distribution):
    """Ships a prebuilt library: the wheel is platform specific."""

    global_options = Distribution.global_options + [
        ("without-speedups", None, "do not load the prebuilt library"),
    ]

    def __init__(self, attrs=None):
        self.without_speedups = False
        super().__init__(attrs)

    def has_ext_modules(self):
        return True


setup(
    name="toolkit",
    version="0.4.0",
    description="A toolkit with a prebuilt library",
    author="Tool Smith",
    author_email="smith@example.org",
    url="https://example.org/toolkit",
    packages=["toolkit"],
    package_data={"toolkit": ["*.so"]},
    install_requires=["attrs>=20"],
    classifiers=["Programming Language :: Python :: 3"],
    distclass=BinaryDistribution,
)
