__title__ = "fancy"
__description__ = "A fancy HTTP client."
__version__ = "2.31.0"
