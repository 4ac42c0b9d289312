from setuptools import setup

setup(
    name="skins",
    version="1.0.2",
    description="Themes for terminals",
    author="Dana Example",
    packages=["skins", "skins.themes"],
    package_data={
        "": ["*.txt"],
        "skins.themes": ["dark/*.json", "*.css"],
    },
    exclude_package_data={"skins": ["secret.txt"]},
    data_files=[("share/skins", ["skins.conf"]), "NOTES"],
    scripts=["bin/skins-list"],
    license="GPLv3+",
)
