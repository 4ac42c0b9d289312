"""Reading an INI file the Python 2 way."""
import configparser
import io
from configparser import SafeConfigParser

TEXT = """
[server]
host = example.org
port = 8080
path = /srv/%(host)s

[client]
retries = 3
"""

parser = SafeConfigParser()
parser.readfp(io.StringIO(TEXT), filename="settings.ini")
print(parser.get("server", "path"), parser.getint("server", "port"))
print(sorted(parser.sections()), type(parser).__mro__[-3].__name__)

legacy = configparser.ConfigParser(interpolation=configparser.LegacyInterpolation())
legacy.read_string("[a]\nname = x\nfull = %(name)s-y\n")
print(legacy.get("a", "full"))

try:
    broken = configparser.SafeConfigParser()
    broken.readfp(io.StringIO("no section header\n"), "broken.ini")
except configparser.MissingSectionHeaderError as exc:
    print("missing header in", exc.filename, exc.lineno)
try:
    raise configparser.ParsingError(filename="other.ini")
except configparser.ParsingError as exc:
    print("parsing error in", exc.filename)
