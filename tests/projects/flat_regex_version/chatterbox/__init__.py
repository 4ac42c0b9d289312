"""Chat helpers."""

__version__ = "0.9.3"
__author__ = "Grace Hopper"
