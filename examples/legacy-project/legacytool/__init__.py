"""Release-engineering helpers."""

__version__ = "1.4.2"
