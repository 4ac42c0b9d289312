import sys
n=3.1;
from typing import Union

Alias = Union[int, str]
