"""Checks the Python 3.15 catalogue of snakeshift on a real interpreter.

    python3.14 scripts/verify_315.py present   # every row works (it may warn)
    python3.15 scripts/verify_315.py gone      # every removed row fails as recorded

Each row imports the module, looks the name up or calls it, and records whether that worked.
"removed" rows must work on 3.14 and fail on 3.15; "warns" rows (3.15 deprecations) must work
on both and warn on 3.15. Prints one line per row; exits 1 when a row does not behave as
expected. Run by tests/python315.rs on the provisioned CPython 3.14 and 3.15.
"""

import sys
import warnings

# (row, kind, code): `code` runs in a fresh namespace.
ROWS = [
    ("ctypes.SetPointerType", "removed", "import ctypes; ctypes.SetPointerType"),
    ("glob.glob0", "removed", "import glob; glob.glob0('.', 'x')"),
    ("glob.glob1", "removed", "import glob; glob.glob1('.', '*')"),
    ("http.server.CGIHTTPRequestHandler", "removed", "import http.server; http.server.CGIHTTPRequestHandler"),
    # The option of `python -m http.server`: its `--help` lists it (no server is started).
    ("python -m http.server --cgi", "removed",
     "import subprocess, sys; r = subprocess.run([sys.executable, '-W', 'ignore', '-m', 'http.server', '--help'], "
     "capture_output=True, text=True); assert '--cgi' in r.stdout, r.stdout"),
    ("pathlib.PurePath.is_reserved", "removed", "import pathlib; pathlib.PurePath('nul').is_reserved()"),
    ("platform.java_ver", "removed", "import platform; platform.java_ver()"),
    ("sre_compile", "removed", "import sre_compile"),
    ("sre_constants", "removed", "import sre_constants"),
    ("sre_parse", "removed", "import sre_parse; sre_parse.parse('a')"),
    ("typing.no_type_check_decorator", "removed", "import typing; typing.no_type_check_decorator"),
    ("wave.Wave_read.getmarkers", "removed", "import wave; wave.Wave_read.getmarkers"),
    ("wave.Wave_read.getmark", "removed", "import wave; wave.Wave_read.getmark"),
    ("wave.Wave_write.setmark", "removed", "import wave; wave.Wave_write.setmark"),
    ("zipimport.zipimporter.load_module", "removed", "import zipimport; zipimport.zipimporter.load_module"),
    ("importlib loaders' load_module()", "removed", "import importlib.machinery as m; m.SourceFileLoader.load_module"),
    ("types.CodeType.co_lnotab", "removed", "(lambda: 0).__code__.co_lnotab"),
    ("importlib.resources.files(package=)", "removed", "import importlib.resources as r; r.files(package='json')"),
    ("sysconfig.is_python_build(check_home=)", "removed", "import sysconfig; sysconfig.is_python_build(check_home=True)"),
    ("threading.RLock(args)", "removed", "import threading; threading.RLock(1)"),
    ("NamedTuple('P', x=int)", "removed", "import typing; typing.NamedTuple('P', x=int)"),
    ("TypedDict('TD')", "removed", "import typing; typing.TypedDict('TD')"),
    ("TypedDict('TD', None)", "removed", "import typing; typing.TypedDict('TD', None)"),
    ("module __cached__", "removed", "import json; json.__cached__"),
    # 3.15 only warns about these: reported, not rewritten.
    ("typing.ByteString", "warns", "import typing; typing.ByteString"),
    ("isinstance(x, collections.abc.ByteString)", "warns", "import collections.abc; isinstance(b'', collections.abc.ByteString)"),
    # The version attributes of stdlib modules (gone in 3.20; `stdlib-version-attributes`).
    # `ctypes.macholib`, `tkinter.font` and `tkinter.ttk` are deprecated too but are not in
    # Debian's python3.15 packages, so they are not checked here.
    ("argparse.__version__", "warns", "import argparse; argparse.__version__"),
    ("csv.__version__", "warns", "import csv; csv.__version__"),
    ("ctypes.__version__", "warns", "import ctypes; ctypes.__version__"),
    ("decimal.__version__", "warns", "import decimal; decimal.__version__"),
    ("http.server.__version__", "warns", "import http.server; http.server.__version__"),
    ("imaplib.__version__", "warns", "import imaplib; imaplib.__version__"),
    ("ipaddress.__version__", "warns", "import ipaddress; ipaddress.__version__"),
    ("json.__version__", "warns", "import json; json.__version__"),
    ("logging.__version__", "warns", "import logging; logging.__version__"),
    ("logging.__date__", "warns", "import logging; logging.__date__"),
    ("optparse.__version__", "warns", "import optparse; optparse.__version__"),
    ("platform.__version__", "warns", "import platform; platform.__version__"),
    ("re.__version__", "warns", "import re; re.__version__"),
    ("socketserver.__version__", "warns", "import socketserver; socketserver.__version__"),
    ("tabnanny.__version__", "warns", "import tabnanny; tabnanny.__version__"),
    ("tarfile.version", "warns", "import tarfile; tarfile.version"),
    ("wsgiref.simple_server.__version__", "warns", "import wsgiref.simple_server; wsgiref.simple_server.__version__"),
    ("xml.etree.ElementTree.VERSION", "warns", "import xml.etree.ElementTree; xml.etree.ElementTree.VERSION"),
    ("xml.sax.expatreader.version", "warns", "import xml.sax.expatreader; xml.sax.expatreader.version"),
    ("xml.sax.handler.version", "warns", "import xml.sax.handler; xml.sax.handler.version"),
    ("zlib.__version__", "warns", "import zlib; zlib.__version__"),
]

# The replacements the rewrites write, which must work on 3.15 (and 3.14).
REPLACEMENTS = [
    ("glob.glob(p, root_dir=d)", "import glob; glob.glob('*', root_dir='.')"),
    ("glob.glob(glob.escape(n), root_dir=d)", "import glob; glob.glob(glob.escape('x'), root_dir='.')"),
    ("re._parser / re._compiler / re._constants", "import re._parser, re._compiler, re._constants; re._parser.parse('a')"),
    ("os.path.isreserved (Windows) / os.name", "import os; os.name == 'nt' and os.path.isreserved('nul')"),
    ("importlib.resources.files(x)", "import importlib.resources as r; r.files('json')"),
    ("sysconfig.is_python_build()", "import sysconfig; sysconfig.is_python_build()"),
    ("threading.RLock()", "import threading; threading.RLock()"),
    ("NamedTuple('P', [('x', int)])", "import typing; typing.NamedTuple('P', [('x', int)])"),
    ("TypedDict('TD', {})", "import typing; typing.TypedDict('TD', {})"),
    ("module.__spec__.cached", "import json; json.__spec__.cached"),
    ("code.co_lines()", "list((lambda: 0).__code__.co_lines())"),
    ("sys.version_info", "import sys; sys.version_info >= (3, 14)"),
    ("zlib.ZLIB_RUNTIME_VERSION", "import zlib; zlib.ZLIB_RUNTIME_VERSION, zlib.ZLIB_VERSION"),
]


def attempt(code):
    """(worked, warned, error) for one row."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            exec(code, {})
        except Exception as exc:  # the row's failure is the point
            return False, bool(caught), f"{type(exc).__name__}: {exc}"
    return True, any(issubclass(w.category, DeprecationWarning) for w in caught), ""


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in ("present", "gone"):
        sys.exit("usage: verify_315.py present|gone")
    gone = sys.argv[1] == "gone"
    version = "%d.%d" % sys.version_info[:2]
    bad = 0
    for row, kind, code in ROWS:
        worked, warned, error = attempt(code)
        if kind == "removed":
            ok = worked != gone
        else:
            ok = worked and (warned or not gone)
        state = ("works" + (", warns" if warned else "")) if worked else f"fails ({error})"
        print(f"{'ok ' if ok else 'BAD'} {version} {kind:8} {row}: {state}")
        bad += not ok
    for row, code in REPLACEMENTS:
        worked, _, error = attempt(code)
        print(f"{'ok ' if worked else 'BAD'} {version} replaces {row}: {'works' if worked else error}")
        bad += not worked
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
