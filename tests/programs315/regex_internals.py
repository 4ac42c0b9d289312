"""A regex tool that walks the parsed pattern with the sre_* modules (removed in 3.15)."""
import sre_compile
import sre_constants as const
import sre_parse
from sre_constants import MAXREPEAT, error


def describe(pattern):
    tree = sre_parse.parse(pattern)
    ops = [str(op) for op, _ in tree]
    return f"{pattern!r}: {len(tree)} nodes, ops {ops}"


print(describe(r"ab+c"))
print(describe(r"(x|y)*\d"))
print("MAXREPEAT is big:", MAXREPEAT > 2**16)
print("LITERAL:", const.LITERAL)
compiled = sre_compile.compile(r"a(b)c")
print("groups:", compiled.groups, bool(compiled.match("abc")))
try:
    sre_parse.parse("(")
except error as exc:
    print("error:", exc.msg)
