from setuptools import setup, find_packages

setup(
    name="formatter",
    version="0.3.1",
    description="Formats things",
    url="https://example.org/formatter",
    author="Lee Example",
    author_email="lee@example.org",
    packages=find_packages(),
    install_requires=["attrs"],
    python_requires=">=3.8",
)
