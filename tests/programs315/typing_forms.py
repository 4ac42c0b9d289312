"""The functional typing forms whose call shapes Python 3.15 rejects."""
import typing
from typing import NamedTuple, TypedDict

Point = NamedTuple("Point", x=int, y=float)
Empty = TypedDict("Empty")
Nothing = typing.TypedDict("Nothing", None)

p = Point(1, 2.5)
print(p, Point._fields, Point.__annotations__ == {"x": int, "y": float})
print(Empty.__annotations__, Empty.__total__, Nothing.__annotations__)
print(Empty(), dict(Nothing()))
