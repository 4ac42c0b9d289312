"""Small standard-library APIs that were removed or changed, used the old way."""
import array
import email.utils
import glob
import gzip
import importlib.resources
import io
import json
import locale
import mimetypes
import os
import pathlib
import random
import re
import shlex
import shutil
import sqlite3
import sysconfig
import tarfile
import tempfile
import typing
from pathlib import Path

print(locale.format("%d", 1234567), locale.format("%.2f", 3.14159))
print(json.loads('{"a": [1, 2]}'))
print(re.sub("a", "b", "aaaa", 2), re.split(",", "x,y,z", 1), re.subn("x", "y", "xxx", 1))
Movie = typing.TypedDict("Movie", name=str, year=int)
Point = typing.NamedTuple("Point", x=float, y=float)
print(Movie.__annotations__ == {"name": str, "year": int}, Point(1.0, 2.0))

work = tempfile.mkdtemp()
for name in ["a.py", "b.py", "c.txt"]:
    open(os.path.join(work, name), "w").close()
print(sorted(glob.glob1(work, "*.py")), glob.glob0(work, "c.txt"))
with gzip.open(os.path.join(work, "data.gz"), "wb") as f:
    f.write(b"payload")
with gzip.open(os.path.join(work, "data.gz")) as f:
    print(os.path.basename(f.filename), f.read())
types = mimetypes.MimeTypes()
types.add_type("text/x-snake", ".snake")
print(types.guess_type("file.snake"))
random.seed(7)
print(random.randrange(10.0), random.randrange(1, 100.0, 3))
print(sysconfig.is_python_build(True) == sysconfig.is_python_build())
print(email.utils.localtime(None, isdst=0).tzinfo is not None)
try:
    raise shutil.ExecError("x")
except shutil.ExecError as exc:
    print("caught", str(exc))
print("__init__.py" in importlib.resources.contents("json"), "decoder.py" in importlib.resources.contents("json"))
print(len(importlib.resources.read_text("json", "__init__.py", "utf-8", "strict")) > 0)

conn = sqlite3.connect(":memory:", 5.0, 0, None)
conn.text_factory = sqlite3.OptimizedUnicode
conn.create_function(name="twice", narg=1, func=lambda x: 2 * x)
print(conn.execute("select twice(21), 'text'").fetchone(), sqlite3.version)

with Path(work, "c.txt") as note:
    note.write_text("hello")
print(pathlib.Path(work, "c.txt", follow=True).read_text())
print(Path("/srv/app/static/css").relative_to("/srv", "app"))
samples = array.array("h", [1, 2, 3])
print(samples.tobytes() == bytes(samples))

archive = os.path.join(work, "a.tar")
with tarfile.open(archive, "w") as tar:
    tar.add(os.path.join(work, "a.py"), arcname="pkg/a.py")
with tarfile.open(archive) as tar:
    tar.extractall(os.path.join(work, "out"))
print(sorted(os.listdir(os.path.join(work, "out", "pkg"))))
print(shlex.split("a 'b c'"), io.OpenWrapper is open)
