import copy
import ctypes
import decimal
import iTorteols
import multiprocessing
import sys
import typing
import unittest
from collections.abc import ByteString


def work():
    try:
        return 1
n=3.14
from typing import Union

Alias = Union[int, str]
handlers = {Union[int, str]: "number or text"}
s = Union[int, str]
has()


class Old(ctypes.Structure):
    _use_broken_old_ctypes_structure_semantics_ = True


class Tests(unittest.TestCase):
    def test_value(self):
        return 42


class Packed(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("a", ctypes.c_int)]


counter = copy.copy(itertools.count())
print(Point.__annotatioos__, format(de/cimal.Decimal("1.5"), "N"))
print(typing.Optional[int] is typing.Union[int, None], isinstance(b"", ByteString))
print(work.__code__.co_lnotab)
sys.modules[__name__].__package__ = "pkg"
if __name__ == "__main__":
    multiprocessing.Process(target=work).start()
