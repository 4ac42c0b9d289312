from setuptools import setup

setup(
    name="hidden-mail",
    version="0.9",
    description="Keeps its obfuscated address",
    author="Carl Example",
    author_email="carl [at] example [dot] com",
    maintainer="Dora Example",
    maintainer_email="dora@example.org",
    py_modules=["hidden_mail"],
)
