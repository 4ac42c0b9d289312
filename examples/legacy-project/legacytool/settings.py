"""Settings read from the environment."""
import os
from distutils.util import strtobool

DEFAULTS = {"LEGACYTOOL_VERBOSE": "no", "LEGACYTOOL_COLOR": "on"}


def flag(name, environ=os.environ):
    """Return True when the environment variable `name` holds a true value."""
    value = environ.get(name, DEFAULTS.get(name, "0"))
    return bool(strtobool(value))


def flags(environ=os.environ):
    return {name: flag(name, environ) for name in sorted(DEFAULTS)}


if __name__ == "__main__":
    env = {"LEGACYTOOL_VERBOSE": "Yes", "LEGACYTOOL_COLOR": "off"}
    print(flags(env))
    print(strtobool("TRUE"), strtobool("0"))
    try:
        strtobool("maybe")
    except ValueError as exc:
        print("ValueError:", exc)
