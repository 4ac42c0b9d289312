__version__ = "19.1.0"

__title__ = "attrsy"
__description__ = "Classes without boilerplate"
__uri__ = "https://www.attrsy.example/"
__doc__ = __description__ + " <" + __uri__ + ">"

__author__ = "Hal Example"
__email__ = "hal@example.org"

__license__ = "MIT"
