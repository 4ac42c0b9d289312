"""strtobool through every import shape, with its error."""
import distutils.util
from distutils import util as du


def parse_all(values):
    from distutils.util import strtobool as to_bool
    return [to_bool(v) for v in values]


print(parse_all(["y", "YES", "t", "True", "on", "1", "n", "No", "f", "false", "OFF", "0"]))
print(distutils.util.strtobool("Yes") + du.strtobool("on"))
for bad in ["maybe", "", "2"]:
    try:
        du.strtobool(bad)
    except ValueError as exc:
        print(type(exc).__name__, exc)
