__version__ = "2.5.1"
__author__ = "Eve"
