from ._crc import add
