import sys

import setuptools


def setup(**kwargs):
    """Adds the 2to3 keywords every package of ours used to pass."""
    if sys.version_info[0] >= 3:
        kwargs["use_2to3"] = False
    kwargs.setdefault("zip_safe", False)
    setuptools.setup(**kwargs)
