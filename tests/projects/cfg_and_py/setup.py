import subprocess

from setuptools import setup
from setuptools.command.sdist import sdist


class SdistWithChangelog(sdist):
    def run(self):
        sdist.run(self)


def git_version():
    try:
        out = subprocess.check_output(["git", "describe", "--tags"])
    except Exception:
        return "0.0.0"
    return out.decode().strip()


setup(
    version=git_version(),
    cmdclass={"sdist": SdistWithChangelog},
)
