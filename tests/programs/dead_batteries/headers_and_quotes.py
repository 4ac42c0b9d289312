"""Header parsing and shell quoting with cgi and pipes."""
import cgi
import pipes
from cgi import parse_header

for line in [
    'text/html; charset="utf-8"',
    "Text/HTML; Charset=UTF-8",
    'form-data; name="file"; filename="a b.txt"',
    "",
    'attachment; filename="x;y.txt"',
    'a; b=1; c="2\\"3"',
    "x;y",
    'a; y=""',
    "multipart/form-data; boundary=----abc",
    " spaced ; k = v ",
]:
    print(repr(line), cgi.parse_header(line), parse_header(line) == cgi.parse_header(line))
for word in ["plain", "two words", "it's", "", "$HOME", "a\nb"]:
    print(pipes.quote(word))
