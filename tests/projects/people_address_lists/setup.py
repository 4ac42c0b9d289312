from setuptools import setup

setup(
    name="peoplelist",
    version="1.0",
    author="Ann Example, Bob Example",
    author_email="ann@example.org; bob@example.org",
    maintainer="The Release Team",
    maintainer_email="dev@example.org,ops@example.org",
    packages=["peoplelist"],
)
