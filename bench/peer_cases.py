#!/usr/bin/env python3
"""Run snakeshift on the peers' own test cases (not part of CI; standard library only).

The cases come from ruff's pyupgrade rule fixtures (and a few neighbouring fixture
directories: flake8-pyi, flake8-future-annotations, flake8-type-checking, flake8-datetimez)
and from pyupgrade's `tests/features/*_test.py` parametrised (source, expected) pairs and
no-op cases (with variants: the modules a snippet uses imported, under
`from __future__ import annotations`, with CRLF line endings). Each case is materialised as a
file; ruff's pyupgrade, FA, PYI and TC fixtures are also split into one file per top-level
statement (with the file's top-level imports in front), and every ruff file is also run with
CRLF line endings and indented with tabs.

snakeshift runs with `--apply` in safe and in `--unsafe` mode at several minimum versions
(ruff: 3.9, 3.10, 3.11, 3.13, 3.14; pyupgrade: the test's version, 3.10, and 3.14 for the
typing tests). For every file it changed:

  (a) CPython 3.14 must compile the result (when it compiled the original), and so must
      CPython 3.11 (`python3`) when the minimum version is 3.11 or lower;
  (b) a second run must change nothing, and a CRLF file must not gain a bare LF;
  (c) a pyupgrade case is compared with pyupgrade's expected output (textually, then as an
      AST, then as an AST without imports), and a changed snippet of the typing / unittest /
      mock / collections families is executed before and after under CPython 3.11 (and the
      result under 3.14) in a scratch directory: a run that succeeded and now fails, or prints
      something else, is flagged.

Usage (from the repository root, after `cargo build --release` and
`eval "$(scripts/provision.sh --print-env)"`):

    python3 bench/peer_cases.py [--ruff DIR] [--pyupgrade DIR] [--out DIR] [--ruff-all]

`--ruff` / `--pyupgrade` take a checkout or a bare git directory (read at HEAD; the defaults
are the mirrors `fetch github:astral-sh/ruff` / `github:asottile/pyupgrade` leave under
/work/.mirror). The report is written to OUT/report.md and OUT/report.json (OUT defaults to
/tmp/snakeshift-peer-cases: outside the repository, so no project configuration applies).
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

RUFF_FIXTURES = "crates/ruff_linter/resources/test/fixtures"
RUFF_DIRS = [
    "pyupgrade",
    "flake8_pyi",
    "flake8_future_annotations",
    "flake8_type_checking",
    "flake8_datetimez",
]
RUFF_SPLIT_DIRS = {
    "pyupgrade",
    "flake8_future_annotations",
    "flake8_pyi",
    "flake8_type_checking",
}
RUFF_VERSIONS = ["3.9", "3.10", "3.11", "3.13", "3.14"]

# pyupgrade feature tests whose snippets are safe to execute (they define classes and
# functions, import the standard library, and touch no files or processes).
EXECUTABLE_FEATURES = (
    "typing_",
    "unittest_aliases",
    "mock_",
    "collections_abc",
    "datetime_utc_alias",
    "import_replaces",
    "import_removals",
    "exceptions_",
    "lru_cache",
    "versioned_branches",
)

COMPILE_HELPER = r"""
import json, sys, warnings
warnings.simplefilter("ignore")
out = {}
for path in sys.stdin.read().splitlines():
    try:
        with open(path, "rb") as f:
            compile(f.read(), path, "exec", dont_inherit=True)
        out[path] = None
    except BaseException as e:  # SyntaxError, ValueError (null bytes), RecursionError
        out[path] = "%s: %s" % (type(e).__name__, e)
print(json.dumps(out))
"""


# --------------------------------------------------------------------------- sources


class Source:
    """A checkout or a bare git directory, read at HEAD."""

    def __init__(self, path: Path):
        self.path = path
        self.git = None
        if (path / "HEAD").exists() and (path / "objects").exists():
            self.git = ["git", "--git-dir", str(path)]
        elif not path.exists():
            raise SystemExit(f"{path}: not found (fetch the peer's repository first)")

    def revision(self) -> str:
        cmd = (self.git or ["git", "-C", str(self.path)]) + ["rev-parse", "HEAD"]
        r = subprocess.run(cmd, capture_output=True, text=True)
        return r.stdout.strip() or "?"

    def ls(self, directory: str) -> list[str]:
        if self.git:
            r = subprocess.run(
                self.git + ["ls-tree", "-r", "-z", "--name-only", "HEAD", directory + "/"],
                capture_output=True,
                text=True,
                check=True,
            )
            return sorted(p for p in r.stdout.split("\0") if p)
        base = self.path / directory
        return sorted(
            str(p.relative_to(self.path)) for p in base.rglob("*") if p.is_file()
        )

    def read(self, path: str) -> bytes:
        if self.git:
            return subprocess.run(
                self.git + ["show", "HEAD:" + path], capture_output=True, check=True
            ).stdout
        return (self.path / path).read_bytes()


# --------------------------------------------------------------------------- cases


class Case:
    def __init__(self, origin, name, source, versions, expected=None, feature=None):
        self.origin = origin  # "pyupgrade" / "ruff" / "ruff-split"
        self.name = name  # relative file path of the case
        self.source = source  # bytes
        self.versions = versions  # snakeshift --min-version values to run at
        self.expected = expected  # pyupgrade's expected output (str), or None
        self.feature = feature  # pyupgrade test file stem


def _version_arg(v) -> str:
    """pyupgrade's min_version tuple → a --min-version snakeshift accepts (3.9 … 3.14)."""
    if not v or len(v) < 2:
        return "3.9"
    minor = max(9, min(14, v[1]))
    return f"3.{minor}"


def _literal(node, params):
    if isinstance(node, ast.Name) and node.id in params:
        return params[node.id]
    try:
        return ast.literal_eval(node)
    except Exception:
        return None


def _settings_version(call, params):
    """min_version from a `_fix_plugins(s, settings=Settings(...))` call."""
    for arg in list(call.args) + [k.value for k in call.keywords]:
        if (
            isinstance(arg, ast.Call)
            and isinstance(arg.func, ast.Name)
            and arg.func.id == "Settings"
        ):
            opts = {k.arg: _literal(k.value, params) for k in arg.keywords}
            if opts.get("keep_mock") or (
                opts.get("keep_runtime_typing") and "min_version" not in opts
            ):
                return "skip"  # an option snakeshift does not have
            return opts.get("min_version", (3,))
    return (3,)


def _checks(func, params):
    """[(min_version, expected_name_or_None_for_noop)] asserted by a test function."""
    out = []
    pending = {}
    for node in ast.walk(func):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            f = node.value.func
            if isinstance(f, ast.Name) and f.id.startswith("_fix"):
                for t in node.targets:
                    if isinstance(t, ast.Name):
                        pending[t.id] = _settings_version(node.value, params)
    for node in ast.walk(func):
        if not isinstance(node, ast.Assert) or not isinstance(node.test, ast.Compare):
            continue
        test = node.test
        if len(test.ops) != 1 or not isinstance(test.ops[0], ast.Eq):
            continue
        left, right = test.left, test.comparators[0]
        if isinstance(left, ast.Call) and isinstance(left.func, ast.Name):
            if not left.func.id.startswith("_fix"):
                continue
            version = _settings_version(left, params)
        elif isinstance(left, ast.Name) and left.id in pending:
            version = pending[left.id]
        else:
            continue
        if isinstance(right, ast.Name):
            out.append((version, right.id))
    return out


def pyupgrade_cases(src: Source) -> list[Case]:
    cases = []
    files = [
        p
        for p in src.ls("tests/features")
        if p.endswith("_test.py") and "percent_format" not in p
    ]
    for path in files:
        feature = Path(path).stem
        try:
            tree = ast.parse(src.read(path))
        except SyntaxError:
            continue
        for func in tree.body:
            if not isinstance(func, ast.FunctionDef):
                continue
            rows = []
            argnames = None
            for dec in func.decorator_list:
                if (
                    isinstance(dec, ast.Call)
                    and isinstance(dec.func, ast.Attribute)
                    and dec.func.attr == "parametrize"
                ):
                    names = ast.literal_eval(dec.args[0])
                    argnames = [names] if isinstance(names, str) else list(names)
                    for item in dec.args[1].elts:
                        if (
                            isinstance(item, ast.Call)
                            and isinstance(item.func, ast.Attribute)
                            and item.func.attr == "param"
                        ):
                            values = item.args
                        elif isinstance(item, ast.Tuple) and len(argnames) > 1:
                            values = item.elts
                        else:
                            values = [item]
                        try:
                            row = [ast.literal_eval(v) for v in values]
                        except Exception:
                            continue
                        rows.append(dict(zip(argnames, row)))
            if argnames is None:
                # a plain test: string constants assigned in its body
                params = {}
                for node in func.body:
                    if (
                        isinstance(node, ast.Assign)
                        and len(node.targets) == 1
                        and isinstance(node.targets[0], ast.Name)
                    ):
                        try:
                            params[node.targets[0].id] = ast.literal_eval(node.value)
                        except Exception:
                            pass
                rows = [params] if params else []
            for i, params in enumerate(rows):
                for version, expected_name in _checks(func, params):
                    if version == "skip":
                        continue
                    s = params.get("s", params.get("src"))
                    expected = params.get(expected_name)
                    if not isinstance(s, str) or not isinstance(expected, str):
                        continue
                    if isinstance(version, tuple):
                        v = version
                    else:
                        v = (3,)
                    varg = _version_arg(v)
                    name = f"pyupgrade/{feature}/{func.name}_{i:03d}_py{varg.replace('.', '')}.py"
                    versions = {varg, "3.10"}
                    if feature.startswith("typing_"):
                        versions.add("3.14")  # lazy annotations: quotes go
                    versions = sorted(versions, key=lambda x: int(x[2:]))
                    cases.append(
                        Case(
                            "pyupgrade",
                            name,
                            s.encode(),
                            versions,
                            expected=expected,
                            feature=feature,
                        )
                    )
    cases += _plugin_cases(src)
    cases += [v for c in cases for v in _with_imports(c)]
    cases += [v for c in cases for v in _with_future(c)]
    cases += [v for c in cases for v in _with_crlf(c)]
    # one case per (name): datetime's noop-at-3 / fix-at-3.11 pairs give two names
    seen = {}
    for c in cases:
        seen.setdefault(c.name, c)
    return list(seen.values())


def _plugin_cases(src: Source) -> list[Case]:
    """`tests/_plugins/typing_pep604_test.py`: `Union[...]` fragments, put in an annotation."""
    cases = []
    path = "tests/_plugins/typing_pep604_test.py"
    if path not in src.ls("tests/_plugins"):
        return cases
    tree = ast.parse(src.read(path))
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "parametrize"):
            continue
        for i, item in enumerate(node.args[1].elts):
            values = item.args if isinstance(item, ast.Call) else item.elts
            try:
                frag, _, expected = (ast.literal_eval(v) for v in values)
            except Exception:
                continue
            head = "from typing import Union\n"
            cases.append(
                Case(
                    "pyupgrade",
                    f"pyupgrade/plugin_typing_pep604/fragment_{i:03d}_py310.py",
                    f"{head}def f(x: {frag}): ...\n".encode(),
                    ["3.10"],
                    expected=f"{head}def f(x: {expected}): ...\n",
                    feature="typing_pep604_plugin",
                )
            )
    return cases


# Modules pyupgrade's snippets use without importing them (its tests only tokenise).
IMPLICIT_MODULES = ("typing", "collections", "unittest", "datetime", "mock", "asyncio")


def _with_imports(case: Case) -> list[Case]:
    """A variant of a snippet with the modules it uses but never imports imported, so that
    snakeshift (which resolves names) sees what pyupgrade assumed."""
    text = case.source.decode()
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return []
    bound = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            bound |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            bound |= {a.asname or a.name for a in node.names}
    used = {
        node.value.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
    }
    missing = [m for m in IMPLICIT_MODULES if m in used and m not in bound]
    if not missing:
        return []
    head = "".join(f"import {m}\n" for m in missing)
    # after a leading `from __future__` import, which must stay first
    def add(t: str) -> str:
        lines = t.splitlines(keepends=True)
        n = 0
        while n < len(lines) and lines[n].startswith("from __future__"):
            n += 1
        return "".join(lines[:n]) + head + "".join(lines[n:])

    stem, _, version = case.name.rpartition("_py")
    name = f"{stem}_imports_py{version}"
    return [
        Case(
            case.origin,
            name,
            add(text).encode(),
            case.versions,
            expected=add(case.expected) if case.expected is not None else None,
            feature=case.feature,
        )
    ]


def _with_future(case: Case) -> list[Case]:
    """A typing snippet under `from __future__ import annotations` (deferred annotations),
    also at a minimum of 3.14 (lazy annotations): no expected output, checks only."""
    text = case.source.decode()
    if not case.feature.startswith(("typing_", "import_replaces")) or "__future__" in text:
        return []
    try:
        ast.parse(text)
    except SyntaxError:
        return []
    stem, _, version = case.name.rpartition("_py")
    return [
        Case(
            case.origin,
            f"{stem}_future_py{version}",
            ("from __future__ import annotations\n" + text).encode(),
            sorted(set(case.versions) | {"3.14"}, key=lambda x: int(x[2:])),
            feature=case.feature,
        )
    ]


def _with_crlf(case: Case) -> list[Case]:
    """The snippet with CRLF line endings: the result must not mix in a bare LF."""
    text = case.source.decode()
    if not case.feature.startswith(
        ("typing_", "import_replaces", "unittest_aliases", "collections_abc")
    ) or "\n" not in text or "\r" in text or "_future_" in case.name:
        return []
    stem, _, version = case.name.rpartition("_py")
    return [
        Case(
            case.origin,
            f"{stem}_crlf_py{version}",
            text.replace("\n", "\r\n").encode(),
            case.versions,
            expected=None,
            feature=case.feature,
        )
    ]


def _split_statements(data: bytes) -> list[bytes]:
    """Top-level statements of a file, each with the file's top-level imports in front."""
    try:
        text = data.decode("utf-8")
        tree = ast.parse(text)
    except (SyntaxError, UnicodeDecodeError, ValueError):
        return []
    lines = text.splitlines(keepends=True)
    future, imports, others = [], [], []
    for node in tree.body:
        start = min(
            [node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])]
        )
        chunk = "".join(lines[start - 1 : node.end_lineno])
        if isinstance(node, ast.ImportFrom) and node.module == "__future__":
            future.append(chunk)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            imports.append(chunk)
        else:
            others.append(chunk)
    prelude = "".join(future + imports)
    return [(prelude + chunk).encode() for chunk in others]


def ruff_cases(src: Source, dirs: list[str]) -> list[Case]:
    cases = []
    for d in dirs:
        for path in src.ls(f"{RUFF_FIXTURES}/{d}"):
            if not path.endswith((".py", ".pyi")):
                continue
            rel = path[len(RUFF_FIXTURES) + 1 :]
            data = src.read(path)
            stem = Path(rel).name
            versions = list(RUFF_VERSIONS)
            if "py39" in stem:
                versions = ["3.9"]
            cases.append(Case("ruff", "ruff/" + rel, data, versions))
            if b"\r" not in data:
                crlf = data.replace(b"\n", b"\r\n")
                name = "ruff-crlf/" + rel
                cases.append(Case("ruff-crlf", name, crlf, ["3.10"]))
            if b"\t" not in data:
                # Indented with tabs: code a fix adds inside a block must use them too.
                tabbed = re.sub(
                    rb"(?m)^((?:    )+)", lambda m: b"\t" * (len(m.group(1)) // 4), data
                )
                cases.append(Case("ruff-tabs", "ruff-tabs/" + rel, tabbed, ["3.10"]))
            if d in RUFF_SPLIT_DIRS and path.endswith(".py"):
                for i, chunk in enumerate(_split_statements(data)):
                    name = f"ruff-split/{d}/{Path(rel).stem}/{i:03d}.py"
                    cases.append(Case("ruff-split", name, chunk, versions))
    return cases


# --------------------------------------------------------------------------- checks


def compile_all(python: str, paths: list[Path]) -> dict[str, str | None]:
    if not paths:
        return {}
    r = subprocess.run(
        [python, "-c", COMPILE_HELPER],
        input="\n".join(str(p) for p in paths),
        capture_output=True,
        text=True,
    )
    if r.returncode != 0:
        raise SystemExit(f"{python}: compile helper failed: {r.stderr}")
    return json.loads(r.stdout)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_snakeshift(binary, directory, mode, version):
    cmd = [
        str(binary),
        "--apply",
        "--isolated",
        "--no-cache",
        "--no-respect-gitignore",
        "--exit-zero",
        "--color",
        "never",
        "--min-version",
        version,
        str(directory),
    ]
    if mode == "unsafe":
        cmd.insert(2, "--unsafe")
    r = subprocess.run(cmd, capture_output=True, text=True)
    return r


def execute(python: str, source: str, timeout=10):
    """(status, stdout) of a snippet run in a scratch directory."""
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "case.py"
        p.write_text(source)
        try:
            r = subprocess.run(
                [python, "-W", "ignore", str(p)],
                capture_output=True,
                text=True,
                cwd=tmp,
                stdin=subprocess.DEVNULL,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            return ("timeout", "")
        err = r.stderr.strip().splitlines()
        status = "ok" if r.returncode == 0 else (err[-1] if err else f"exit {r.returncode}")
        return (status, r.stdout)


def third_party_missing(status: str) -> bool:
    """A `ModuleNotFoundError` for a module outside the standard library (typing_extensions,
    mock: installed for python3, not for the provisioned 3.14)."""
    if not status.startswith("ModuleNotFoundError"):
        return False
    name = status.split("'")[1].split(".")[0] if "'" in status else ""
    return name not in sys.stdlib_module_names


def strip_imports(tree):
    class T(ast.NodeTransformer):
        def visit_Import(self, node):
            return None

        def visit_ImportFrom(self, node):
            return None

    return T().visit(tree)


def compare(actual: str, expected: str) -> str:
    if actual == expected:
        return "same"
    try:
        a, e = ast.parse(actual), ast.parse(expected)
    except SyntaxError:
        return "differs"
    if ast.dump(a) == ast.dump(e):
        return "same-ast"
    if ast.dump(strip_imports(a)) == ast.dump(strip_imports(e)):
        return "same-but-imports"
    return "differs"


# --------------------------------------------------------------------------- main


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ruff", type=Path, default=Path("/work/.mirror/astral-sh+ruff/repo"))
    ap.add_argument(
        "--pyupgrade", type=Path, default=Path("/work/.mirror/asottile+pyupgrade/repo")
    )
    ap.add_argument("--out", type=Path, default=Path("/tmp/snakeshift-peer-cases"))
    ap.add_argument("--binary", type=Path, default=ROOT / "target/release/snakeshift")
    ap.add_argument(
        "--python314",
        default=os.environ.get("SNAKESHIFT_PYTHON314")
        or str(ROOT / "target/provision/bin/python3.14"),
    )
    ap.add_argument("--python3", default=shutil.which("python3") or "python3")
    ap.add_argument(
        "--ruff-all",
        action="store_true",
        help="also run every other fixture directory of ruff (whole files, 3.10 only)",
    )
    ap.add_argument("--no-exec", action="store_true", help="do not execute snippets")
    args = ap.parse_args()

    started = time.time()
    if not args.binary.exists():
        raise SystemExit(f"{args.binary}: build it first (cargo build --release)")
    ruff, pyup = Source(args.ruff), Source(args.pyupgrade)
    cases = pyupgrade_cases(pyup) + ruff_cases(ruff, RUFF_DIRS)
    if args.ruff_all:
        others = sorted(
            {
                p[len(RUFF_FIXTURES) + 1 :].split("/")[0]
                for p in ruff.ls(RUFF_FIXTURES)
                if "/" in p[len(RUFF_FIXTURES) + 1 :]
            }
            - set(RUFF_DIRS)
        )
        for c in ruff_cases(ruff, others):
            if c.origin in ("ruff", "ruff-crlf", "ruff-tabs"):
                c.versions = ["3.10"]
                cases.append(c)

    if args.out.exists():
        shutil.rmtree(args.out)
    orig_dir = args.out / "original"
    for c in cases:
        p = orig_dir / c.name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(c.source)
    by_name = {c.name: c for c in cases}
    orig_314 = compile_all(args.python314, [orig_dir / c.name for c in cases])
    orig_311 = compile_all(args.python3, [orig_dir / c.name for c in cases])

    results = []  # one per (case, mode, version) that changed the file
    errors = []
    runs = 0
    groups = {}
    for c in cases:
        for v in c.versions:
            for mode in ("safe", "unsafe"):
                groups.setdefault((mode, v), []).append(c)
    for (mode, v), members in sorted(groups.items()):
        run_dir = args.out / "runs" / f"{mode}-{v}"
        for c in members:
            p = run_dir / c.name
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(c.source)
        runs += len(members)
        r = run_snakeshift(args.binary, run_dir, mode, v)
        if r.returncode == 2:
            errors.append(f"{mode} {v}: exit 2: {r.stderr[-2000:]}")
        for line in r.stderr.splitlines():
            low = line.lower()
            if any(
                w in low
                for w in (
                    "did not converge",
                    "produced invalid syntax",
                    "internal error",
                    "panic",
                )
            ):
                errors.append(f"{mode} {v}: {line}")
        changed = [c for c in members if (run_dir / c.name).read_bytes() != c.source]
        first = {c.name: digest(run_dir / c.name) for c in changed}
        r2 = run_snakeshift(args.binary, run_dir, mode, v)
        if r2.returncode == 2:
            errors.append(f"{mode} {v} (second run): exit 2: {r2.stderr[-2000:]}")
        not_idempotent = {
            c.name
            for c in members
            if (digest(run_dir / c.name) != first.get(c.name))
            and (c.name in first or (run_dir / c.name).read_bytes() != c.source)
        }
        # the second run may change a file the first left alone: also non-idempotent
        out_paths = [run_dir / c.name for c in changed]
        new_314 = compile_all(args.python314, out_paths)
        new_311 = compile_all(args.python3, out_paths)
        for c in changed:
            p = run_dir / c.name
            key = str(orig_dir / c.name)
            res = {
                "case": c.name,
                "origin": c.origin,
                "mode": mode,
                "min_version": v,
                "problems": [],
            }
            if orig_314[key] is None and new_314[str(p)] is not None:
                res["problems"].append("rejected-by-3.14: " + new_314[str(p)])
            if (
                orig_311[key] is None
                and int(v.split(".")[1]) <= 11
                and new_311[str(p)] is not None
            ):
                res["problems"].append("rejected-by-3.11: " + new_311[str(p)])
            if c.name in not_idempotent:
                res["problems"].append("not-idempotent")
            out_bytes = p.read_bytes()
            if b"\r\n" in c.source and out_bytes.replace(b"\r\n", b"").count(b"\n"):
                res["problems"].append("line-endings: a bare LF in a CRLF file")
            text = p.read_bytes().decode("utf-8", "replace")
            if c.expected is not None:
                res["pyupgrade"] = compare(text, c.expected)
                res["pyupgrade_noop"] = c.expected == c.source.decode()
            if (
                c.origin == "pyupgrade"
                and not args.no_exec
                and c.feature.startswith(EXECUTABLE_FEATURES)
            ):
                before = execute(args.python3, c.source.decode())
                if int(v.split(".")[1]) <= 11 and before[0] == "ok":
                    after = execute(args.python3, text)
                    if before != after:
                        res["problems"].append(
                            f"behaviour-3.11: {before[0]!r} -> {after[0]!r}"
                        )
                after14 = execute(args.python314, text)
                if (
                    before[0] == "ok"
                    and after14[0] != "ok"
                    and not third_party_missing(after14[0])
                ):
                    res["problems"].append(f"fails-on-3.14: {after14[0]!r}")
            results.append(res)
        for name in not_idempotent - set(first):
            results.append(
                {
                    "case": name,
                    "origin": by_name[name].origin,
                    "mode": mode,
                    "min_version": v,
                    "problems": ["not-idempotent (changed by the second run only)"],
                }
            )

    # pyupgrade cases snakeshift left alone but pyupgrade changes (at the case's version)
    misses = []
    for c in cases:
        if c.expected is None or c.expected == c.source.decode():
            continue
        v = [x for x in c.versions if c.name.endswith(f"_py{x.replace('.', '')}.py")]
        v = v[0] if v else "3.10"
        p = args.out / "runs" / f"unsafe-{v}" / c.name
        if p.read_bytes() == c.source:
            misses.append(c.name)

    summary = {
        "ruff": ruff.revision(),
        "pyupgrade": pyup.revision(),
        "cases": len(cases),
        "pyupgrade_cases": sum(c.origin == "pyupgrade" for c in cases),
        "ruff_files": sum(c.origin == "ruff" for c in cases),
        "ruff_split_cases": sum(c.origin == "ruff-split" for c in cases),
        "runs": runs,
        "changed_runs": len(results),
        "changed_cases": len({r["case"] for r in results}),
        "rejected_314": sum(
            any(p.startswith("rejected-by-3.14") for p in r["problems"]) for r in results
        ),
        "rejected_311": sum(
            any(p.startswith("rejected-by-3.11") for p in r["problems"]) for r in results
        ),
        "not_idempotent": sum(
            any(p.startswith("not-idempotent") for p in r["problems"]) for r in results
        ),
        "line_ending_flags": sum(
            any(p.startswith("line-endings") for p in r["problems"]) for r in results
        ),
        "behaviour_flags": sum(
            any(p.startswith(("behaviour", "fails-on")) for p in r["problems"])
            for r in results
        ),
        "errors": len(errors),
        "seconds": round(time.time() - started),
    }
    cmp_counts = {}
    for r in results:
        if (
            "pyupgrade" in r
            and r["mode"] == "unsafe"
            and r["case"].endswith(f"_py{r['min_version'].replace('.', '')}.py")
        ):
            k = r["pyupgrade"] + (" (pyupgrade: no change)" if r["pyupgrade_noop"] else "")
            cmp_counts[k] = cmp_counts.get(k, 0) + 1
    summary["pyupgrade_comparison_at_case_version"] = cmp_counts
    overlapping = (
        "typing_",
        "unittest_aliases",
        "collections_abc",
        "import_replaces",
        "mock_",
        "datetime_utc_alias",
    )
    summary["pyupgrade_changes_snakeshift_leaves"] = {
        "overlapping features": sum(
            m.split("/")[1].startswith(overlapping) for m in misses
        ),
        "other features": sum(
            not m.split("/")[1].startswith(overlapping) for m in misses
        ),
    }

    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "report.json").write_text(
        json.dumps(
            {"summary": summary, "results": results, "errors": errors, "misses": misses},
            indent=1,
        )
    )
    lines = ["# snakeshift on the peers' test cases", ""]
    lines += [f"- {k}: {v}" for k, v in summary.items()]
    lines += ["", "## Problems", ""]
    for r in results:
        if r["problems"]:
            lines.append(
                f"- `{r['case']}` ({r['mode']}, {r['min_version']}): "
                + "; ".join(r["problems"])
            )
    lines += ["", "## Errors", ""] + [f"- {e}" for e in errors]
    lines += ["", "## Differences from pyupgrade's expected output (unsafe runs)", ""]
    for r in results:
        if (
            r.get("pyupgrade") in ("differs", "same-but-imports")
            and r["mode"] == "unsafe"
            and r["case"].endswith(f"_py{r['min_version'].replace('.', '')}.py")
        ):
            lines.append(
                f"- `{r['case']}` ({r['min_version']}): {r['pyupgrade']}"
                + (" — pyupgrade leaves it" if r["pyupgrade_noop"] else "")
            )
    lines += ["", "## pyupgrade changes, snakeshift leaves (unsafe)", ""]
    lines += [f"- `{m}`" for m in misses]
    (args.out / "report.md").write_text("\n".join(lines) + "\n")
    print(json.dumps(summary, indent=1))
    print(f"report: {args.out / 'report.md'}")
    bad = summary["rejected_314"] + summary["rejected_311"] + summary["not_idempotent"]
    return 1 if bad or errors else 0


if __name__ == "__main__":
    sys.exit(main())
