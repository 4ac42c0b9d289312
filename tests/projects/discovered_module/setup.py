from setuptools import setup

setup(
    name="tinyjson",
    version="0.1",
    description="The smallest JSON helper",
    url="https://example.org/tinyjson",
)
