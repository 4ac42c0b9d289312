"""Locating and running external tools."""
import distutils.spawn
import os
import sys
from distutils.spawn import find_executable
from distutils import sysconfig
from distutils.util import get_platform


def require(tool):
    """The full path of `tool`, or exit with a helpful message."""
    path = find_executable(tool)
    if path is None:
        sys.exit("%s is required but was not found on PATH" % tool)
    return path


def run(*command):
    distutils.spawn.spawn(list(command))


def describe():
    return {
        "platform": get_platform(),
        "include": sysconfig.get_python_inc(),
        "ext_suffix": sysconfig.get_config_var("EXT_SUFFIX"),
        "sh": distutils.spawn.find_executable("sh"),
    }


if __name__ == "__main__":
    info = describe()
    print(info["platform"] == __import__("sysconfig").get_platform())
    print(os.path.basename(info["sh"]))
    print(info["include"].startswith(sys.base_prefix) or info["include"].startswith("/usr"))
    print(os.path.basename(require("sh")))
    run("true")
    print(find_executable("surely-not-installed-anywhere"))
