from setup_helpers import setup

setup(
    name="wrapped",
    version="4.0",
    description="setup() comes from a local wrapper",
    packages=["pkg"],
    entry_points={"console_scripts": ["wrapped = pkg:main"]},
)
