from setuptools import setup

LONG = """\
CRLF demo
=========

A description written in a file with
Windows line endings.
"""

setup(
    name="crlfdemo",
    version="1.0",
    description="CRLF demo",
    long_description=LONG,
    packages=["crlfdemo"],
)
