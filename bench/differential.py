#!/usr/bin/env python3
"""Differential test of snakeshift's typing group against ruff and pyupgrade, at scale.

Corpus: the benchmark's pinned sdists (bench.py's PROJECTS, downloaded by bench.py's code) plus
CPython's standard library `Lib/` of the interpreter running this script (or --stdlib).

Three copies of the corpus are rewritten:

- ruff: `check --isolated --no-cache --select UP006,UP007,UP035,UP037,UP045 --unsafe-fixes --fix
  --target-version py310`,
- pyupgrade: `--py310-plus` on every file (parallel xargs),
- snakeshift: `--apply --unsafe --select typing --min-version 3.10 --no-respect-gitignore`.

Every tool gets the same explicit list of `.py` files (no tool's default excludes apply).

Comparison, file by file, on normalised ASTs: imports are removed from the tree and every name an
import binds is replaced by its qualified origin (`deque` from `from collections import deque`
and `collections.deque` compare equal; an import a run made unused disappears), parentheses and
layout vanish with the AST, `from __future__` imports are ignored. Each difference is lifted to
a *unit* (a whole type expression: an annotation, or the outermost subscript/union/tuple around
the change) and classified by a rule table (RULES) into snakeshift right, peer right, both
acceptable, disputed or unclassified; units are grouped into classes by a signature (who
changed it, the annotation's evaluation context, the typing names involved).

Also: every changed file is compiled by CPython 3.14 and 3.11 before and after (the peers' too,
for the classification), and each pure-Python package of the corpus is imported module by module
before and after snakeshift (only modules that import before count).

Usage: bench/differential.py [--projects NAME,...] [--no-stdlib] [--stdlib DIR] [--skip-imports]
Writes target/bench/differential.md and target/bench/differential.json; prints a summary.
"""

from __future__ import annotations

import argparse
import ast
import builtins
import collections
import copy
import difflib
import json
import multiprocessing
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402  (PROJECTS, fetch_sdist, python_files, ensure_venv)

WORK = bench.WORK / "differential"
TOOLS = ("snakeshift", "ruff", "pyupgrade")
PEERS = ("ruff", "pyupgrade")
RUFF_ARGS = ["check", "--isolated", "--no-cache", "--select", "UP006,UP007,UP035,UP037,UP045",
             "--unsafe-fixes", "--fix", "--exit-zero", "--target-version", "py310"]
SNAKESHIFT_ARGS = ["--apply", "--unsafe", "--select", "typing", "--min-version", "3.10",
                   "--no-respect-gitignore"]
# typing names whose remaining presence means a rewrite was not done (PEP 585/604 and moves).
DEPRECATED = {
    "List", "Dict", "Set", "FrozenSet", "Tuple", "Type", "Deque", "DefaultDict", "OrderedDict",
    "Counter", "ChainMap", "Optional", "Union", "Callable", "Iterable", "Iterator", "Generator",
    "Sequence", "MutableSequence", "Mapping", "MutableMapping", "AbstractSet", "MutableSet",
    "Awaitable", "Coroutine", "AsyncIterable", "AsyncIterator", "AsyncGenerator", "Reversible",
    "Container", "Collection", "Hashable", "Sized", "KeysView", "ItemsView", "ValuesView",
    "MappingView", "ContextManager", "AsyncContextManager", "Pattern", "Match", "ByteString",
}
# Deprecated aliases whose replacement has another name: ruff's UP035 leaves them.
RENAMED = {"typing.AbstractSet", "typing.ContextManager", "typing.AsyncContextManager", "typing.ByteString"}
ABC_ALIASES = {f"typing.{name}" for name in (
    "Callable", "Iterable", "Iterator", "Generator", "Sequence", "MutableSequence", "Mapping", "MutableMapping",
    "MutableSet", "Awaitable", "Coroutine", "AsyncIterable", "AsyncIterator", "AsyncGenerator", "Reversible",
    "Container", "Collection", "Hashable", "Sized", "KeysView", "ItemsView", "ValuesView", "MappingView")}
TYPE_PARENTS = (ast.Subscript, ast.Tuple, ast.List, ast.Attribute, ast.BinOp, ast.Starred)
ANNOTATION_FIELDS = {"annotation", "returns"}
IMPORT_TIMEOUT = 150
ANALYSIS_TIMEOUT = 60
SKIPPED_PACKAGES = {"test", "tests", "testing", "doc", "docs", "examples", "benchmarks", "bench",
                    "scripts", "tools", "asv_bench", "ci", "build"}


START = time.perf_counter()


def log(message: str) -> None:
    print(f"[{time.perf_counter() - START:6.0f} s] {message}", file=sys.stderr, flush=True)


# --- corpus and tool runs ---------------------------------------------------------------------


def stdlib_dir() -> Path:
    """The standard library of `python3` on PATH (sysconfig's stdlib path)."""
    out = subprocess.run(["python3", "-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"],
                         capture_output=True, text=True, check=True)
    return Path(out.stdout.strip())


def corpus_roots(projects: list[str] | None, stdlib: Path | None) -> dict[str, Path]:
    """Name -> source tree of every corpus member (sdists downloaded when missing)."""
    bench.CORPUS.mkdir(parents=True, exist_ok=True)
    roots = {}
    for spec in bench.PROJECTS:
        name = spec.replace("==", "-")
        if projects is None or any(p.lower() in name.lower() for p in projects):
            roots[name] = bench.fetch_sdist(spec)
    if stdlib is not None:
        roots[f"cpython-{stdlib.name}-Lib"] = stdlib
    return roots


def copy_tree(source: Path, target: Path) -> None:
    """A full copy (data files included, for imports) without bytecode or site-packages."""
    shutil.copytree(source, target, symlinks=True,
                    ignore=shutil.ignore_patterns("__pycache__", "site-packages", "*.pyc"))


def corpus_files(roots: dict[str, Path]) -> list[str]:
    """Relative paths (`member/...`) of every `.py` file of the corpus."""
    files = []
    for name, root in roots.items():
        for path in bench.python_files(root):
            relative = path.relative_to(root)
            if relative.parts[0] != "site-packages":
                files.append(f"{name}/{relative}")
    return files


def prepare_copies(roots: dict[str, Path]) -> None:
    """target/bench/differential/{original,snakeshift,ruff,pyupgrade}/<member>/."""
    shutil.rmtree(WORK, ignore_errors=True)
    for tree in ("original",) + TOOLS:
        for name, root in roots.items():
            copy_tree(root, WORK / tree / name)


def run_tools(files: list[str], snakeshift: Path, bin_dir: Path) -> dict[str, float]:
    """Each tool rewrites its copy in place; returns wall times. snakeshift's stderr (findings)
    is kept in WORK/snakeshift.log."""
    listing = WORK / "files.nul"
    listing.write_text("\0".join(files) + "\0")
    cores = os.cpu_count() or 1
    commands = {
        "ruff": ["xargs", "-0", "-n", "4000", str(bin_dir / "ruff"), *RUFF_ARGS],
        "pyupgrade": ["xargs", "-0", "-P", str(cores), "-n", "100", str(bin_dir / "pyupgrade"),
                      bench.PYUPGRADE_FLAG],
        "snakeshift": ["xargs", "-0", "-n", "1000", str(snakeshift), *SNAKESHIFT_ARGS],
    }
    times = {}
    for tool, command in commands.items():
        log(f"running {tool}")
        start = time.perf_counter()
        with open(listing) as stdin, open(WORK / f"{tool}.log", "w") as err:
            subprocess.run(["nice", "-n", "10", *command], cwd=WORK / tool, stdin=stdin,
                           stdout=subprocess.DEVNULL, stderr=err)
        times[tool] = time.perf_counter() - start
    return times


def snakeshift_findings() -> dict[tuple[str, int], list[str]]:
    """(file, line) -> snakeshift's findings there (what it reported instead of fixing), each
    with its indented reason line."""
    findings = collections.defaultdict(list)
    last = None
    for line in (WORK / "snakeshift.log").read_text(errors="replace").splitlines():
        m = re.match(r"^(\S+\.pyi?):(\d+):\d+: ([a-z0-9-]+): (.*)$", line)
        if m:
            last = findings[(m.group(1), int(m.group(2)))]
            last.append(f"{m.group(3)}: {m.group(4)}")
        elif line.startswith("    ") and last:
            last[-1] += f" ({line.strip()})"
            last = None
    return findings


def build_snakeshift() -> Path:
    """The release binary of this checkout (CARGO_TARGET_DIR respected)."""
    subprocess.run(["nice", "-n", "10", "cargo", "build", "--release", "-q"], cwd=bench.ROOT, check=True)
    target = Path(os.environ.get("CARGO_TARGET_DIR", bench.ROOT / "target"))
    return target / "release" / "snakeshift"


def python314() -> str | None:
    """$SNAKESHIFT_PY314 from scripts/provision.sh --print-env."""
    env = subprocess.run([str(bench.ROOT / "scripts" / "provision.sh"), "--print-env"],
                         capture_output=True, text=True)
    for line in env.stdout.splitlines():
        if line.startswith("export SNAKESHIFT_PY314="):
            return line.split("=", 1)[1].strip("'\"")
    return None


# --- compile checks ---------------------------------------------------------------------------

COMPILER = """
import json, sys, warnings
warnings.simplefilter("ignore")
ok = []
for path in json.load(sys.stdin):
    try:
        compile(open(path, "rb").read(), "<file>", "exec", dont_inherit=True)
        ok.append(True)
    except BaseException:
        ok.append(False)
print(json.dumps(ok))
"""


def compiles(python: str, paths: list[Path]) -> dict[str, bool]:
    """path -> whether `python` compiles it, in chunks; a chunk whose checker fails (logged)
    leaves its files out."""
    result = {}
    for start in range(0, len(paths), 500):
        chunk = [str(p) for p in paths[start:start + 500]]
        out = subprocess.run(["nice", "-n", "10", python, "-c", COMPILER], input=json.dumps(chunk),
                             capture_output=True, text=True, errors="surrogateescape")
        if out.returncode == 0:
            result.update(zip(chunk, json.loads(out.stdout)))
        else:
            log(f"compile check failed on {chunk[0]}…: {out.stderr[-500:]}")
    return result


def compile_failures(changed: dict[str, set[str]], interpreters: dict[str, str]) -> dict:
    """tool -> interpreter -> files that compiled before and not after."""
    result = {}
    for tool, files in changed.items():
        result[tool] = {}
        for label, python in interpreters.items():
            before = compiles(python, [WORK / "original" / f for f in sorted(files)])
            after = compiles(python, [WORK / tool / f for f in sorted(files)])
            result[tool][label] = sorted(f for f in files if before.get(str(WORK / "original" / f))
                                         and after.get(str(WORK / tool / f)) is False)
    return result


# --- normalisation ----------------------------------------------------------------------------


def import_bindings(tree: ast.AST) -> dict[str, str]:
    """Name -> qualified origin for every import of the module, at any depth."""
    bound = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    bound[alias.asname] = alias.name
                else:
                    top = alias.name.split(".")[0]
                    bound[top] = top
        elif isinstance(node, ast.ImportFrom) and node.module != "__future__":
            module = "." * node.level + (node.module or "")
            for alias in node.names:
                if alias.name != "*":
                    bound.setdefault(alias.asname or alias.name, f"{module}.{alias.name}".lstrip("."))
    return bound


class Canonical(ast.NodeTransformer):
    """Drops imports and replaces imported names (and attribute chains on them) by their
    qualified origin; string annotations are canonicalised inside their quotes."""

    def __init__(self, bound: dict[str, str]) -> None:
        self.bound = bound

    def visit_Import(self, node):
        return None

    visit_ImportFrom = visit_Import

    def visit_Name(self, node):
        if node.id in self.bound:
            return ast.copy_location(ast.Name(id=self.bound[node.id], ctx=node.ctx), node)
        return node

    def visit_Attribute(self, node):
        self.generic_visit(node)
        if isinstance(node.value, ast.Name) and node.value.id in self.bound.values():
            return ast.copy_location(ast.Name(id=f"{node.value.id}.{node.attr}", ctx=node.ctx), node)
        return node

    def canonical_string(self, node):
        """An annotation's string, its expression canonicalised (the quotes are kept)."""
        if isinstance(node, ast.JoinedStr):
            return node
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            try:
                inner = ast.parse(node.value.strip(), mode="eval").body
            except SyntaxError:
                return node
            return ast.copy_location(ast.Constant(value=ast.unparse(self.visit(inner))), node)
        for child in ast.walk(node):
            for field, value in ast.iter_fields(child):
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    setattr(child, field, self.canonical_string(value))
                elif isinstance(value, list):
                    value[:] = [self.canonical_string(v) if isinstance(v, ast.Constant) else v for v in value]
        return node

    def generic_visit(self, node):
        super().generic_visit(node)
        for field in ANNOTATION_FIELDS:
            value = getattr(node, field, None)
            if isinstance(value, ast.AST):
                setattr(node, field, self.canonical_string(value))
        return node


# --- differences ------------------------------------------------------------------------------


def differences(a, b, path: tuple, out: list, spans: dict) -> None:
    """Paths (in `a`) of the minimal differing nodes between two canonical trees. Lists of
    different lengths are aligned; an unaligned run becomes a ('span', i1, i2) step, and `spans`
    maps the list's path to the alignment (difflib opcodes)."""
    if type(a) is not type(b):
        out.append(path)
    elif isinstance(a, ast.AST):
        for field in a._fields:
            differences(getattr(a, field, None), getattr(b, field, None), path + (field,), out, spans)
    elif isinstance(a, list):
        if len(a) == len(b):
            for i, (x, y) in enumerate(zip(a, b)):
                differences(x, y, path + (i,), out, spans)
            return
        matcher = difflib.SequenceMatcher(None, [ast.dump(x) for x in a], [ast.dump(y) for y in b], autojunk=False)
        spans[path] = matcher.get_opcodes()
        for op, i1, i2, j1, j2 in spans[path]:
            if op == "replace" and i2 - i1 == j2 - j1:
                for k in range(i2 - i1):
                    differences(a[i1 + k], b[j1 + k], path + (i1 + k,), out, spans)
            elif op != "equal":
                out.append(path + (("span", i1, i2),))
    elif a != b:
        out.append(path)


def walk_path(tree, path: tuple) -> list:
    """The chain of nodes from the root along `path` (a span yields the original's slice)."""
    chain = [tree]
    node = tree
    for step in path:
        if isinstance(step, tuple):
            node = node[step[1]:step[2]]
        elif isinstance(step, int):
            node = node[step]
        else:
            node = getattr(node, step)
        chain.append(node)
    return chain


def unit_of(tree, path: tuple) -> tuple:
    """Lift a difference to its unit: the outermost type expression around it (climbing through
    subscripts, unions, tuples, attributes), stopping at an annotation field or at the first
    expression under a statement; an unaligned run of statements is its own unit."""
    chain = walk_path(tree, path)
    cut = len(path)
    while cut > 0 and not isinstance(chain[cut], (ast.expr, ast.stmt, ast.arg, ast.keyword)):
        cut -= 1
    if cut == 0 or not isinstance(chain[cut], ast.expr):
        return path if path and isinstance(path[-1], tuple) else path[:cut]
    while cut > 1:
        via_list = isinstance(chain[cut - 1], list)
        parent_index = cut - 2 if via_list else cut - 1
        field = path[parent_index]
        if field in ANNOTATION_FIELDS or not isinstance(chain[parent_index], TYPE_PARENTS):
            break
        cut = parent_index
    return path[:cut]


def covers(outer: tuple, inner: tuple) -> bool:
    """Whether unit `outer` contains unit `inner` (a span covers its indexes)."""
    if len(outer) > len(inner):
        return False
    for i, step in enumerate(outer):
        other = inner[i]
        if step == other:
            continue
        if isinstance(step, tuple) and isinstance(other, int) and step[1] <= other < step[2]:
            return i == len(outer) - 1
        if isinstance(step, tuple) and isinstance(other, tuple) and step[1] <= other[1] and other[2] <= step[2]:
            return i == len(outer) - 1
        return False
    return True


def node_at(tree, path: tuple, spans: dict):
    """The node (or slice) at a unit path of the original, in a version whose list alignments
    are `spans`; None where that version's structure differs."""
    node = tree
    try:
        for k, step in enumerate(path):
            opcodes = spans.get(path[:k])
            if isinstance(step, tuple):
                runs = [(j1, j2) for _, i1, i2, j1, j2 in opcodes or () if (i1, i2) == step[1:]]
                start, end = runs[0] if runs else step[1:]
                node = node[start:end]
            elif isinstance(step, int):
                if opcodes is not None:
                    aligned = [j1 + step - i1 for op, i1, i2, j1, j2 in opcodes
                               if i1 <= step < i2 and (op == "equal" or i2 - i1 == j2 - j1)]
                    if not aligned:
                        return None
                    step = aligned[0]
                node = node[step]
            else:
                node = getattr(node, step)
    except (IndexError, AttributeError, TypeError):
        return None
    return node


def text(node) -> str:
    """Canonical text of a node or statement slice."""
    if node is None:
        return "<structure differs>"
    if isinstance(node, list):
        return "\n".join(ast.unparse(n) for n in node)
    if isinstance(node, ast.AST):
        return ast.unparse(node)
    return repr(node)


def raw(source: str, node, limit: int = 400) -> str:
    """The tool's own source text of a node (or statement slice), shortened."""
    nodes = node if isinstance(node, list) else [node]
    nodes = [n for n in nodes if hasattr(n, "lineno")]
    if not nodes:
        return text(node)[:limit]
    lines = source.splitlines()
    start, end = nodes[0].lineno, nodes[-1].end_lineno or nodes[-1].lineno
    segment = "\n".join(lines[start - 1:end]).strip()
    return segment if len(segment) <= limit else segment[:limit] + "…"


def line_range(node) -> tuple[int, int] | None:
    """First and last line of a node or statement slice, when positioned."""
    nodes = [n for n in (node if isinstance(node, list) else [node]) if hasattr(n, "lineno")]
    if not nodes:
        return None
    return nodes[0].lineno, max(n.end_lineno or n.lineno for n in nodes)


def unquoted(node) -> str:
    """A node's text with every string constant that parses as an expression unquoted."""
    if not isinstance(node, ast.AST):
        return text(node)

    class Unquote(ast.NodeTransformer):
        def visit_JoinedStr(self, joined):
            return joined

        def visit_Constant(self, constant):
            if isinstance(constant.value, str):
                try:
                    return ast.parse(constant.value.strip(), mode="eval").body
                except SyntaxError:
                    pass
            return constant

    return ast.unparse(Unquote().visit(copy.deepcopy(node)))


def bare_use(tree, path: tuple, node, context: str) -> str | None:
    """How an unsubscripted typing alias is used as a run-time value (`origin is Dict`,
    `(List, Tuple)`, `issubclass(x, Set)`); None when the unit is not such a use."""
    if context != "expression" or not isinstance(node, (ast.Name, ast.Tuple, ast.List, ast.Set)):
        return None
    names = [node] if isinstance(node, ast.Name) else node.elts
    if not any(isinstance(n, ast.Name) and n.id.startswith("typing.") and n.id[7:] in DEPRECATED for n in names):
        return None
    if not isinstance(node, ast.Name):
        return "container"
    parents = [n for n in walk_path(tree, path)[:-1] if isinstance(n, ast.AST)]
    parent = parents[-1] if parents else None
    if isinstance(parent, ast.Compare):
        return "comparison"
    if isinstance(parent, (ast.Tuple, ast.List, ast.Set)):
        return "container"
    if isinstance(parent, ast.Call) and getattr(parent.func, "id", "") in ("isinstance", "issubclass"):
        return "isinstance/issubclass argument"
    return "value"


def line_of(tree, path: tuple) -> int:
    """The line of a unit in the original (its nearest positioned node)."""
    for node in reversed(walk_path(tree, path)):
        first = node[0] if isinstance(node, list) and node else node
        if hasattr(first, "lineno"):
            return first.lineno
    return 0


# --- hazards ----------------------------------------------------------------------------------


def has_future_annotations(tree: ast.Module) -> bool:
    return any(isinstance(n, ast.ImportFrom) and n.module == "__future__" and
               any(a.name == "annotations" for a in n.names) for n in tree.body)


def context_of(tree, path: tuple, deferred: bool) -> str:
    """'annotation, deferred' (future import, .pyi or a local variable's annotation, which is
    never evaluated), 'annotation, runtime' (evaluated on 3.10-3.13) or 'expression'."""
    fields = [i for i, step in enumerate(path) if step in ANNOTATION_FIELDS]
    if not fields:
        return "expression"
    chain = walk_path(tree, path)
    owner = chain[fields[0]]
    in_function = any(isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) for n in chain[:fields[0]])
    local_variable = isinstance(owner, ast.AnnAssign) and in_function
    return "annotation, deferred" if deferred or local_variable else "annotation, runtime"


def runtime_bindings(tree: ast.Module) -> dict[str, int]:
    """Module-level names bound at run time and the line of their first binding (what
    `if TYPE_CHECKING:` binds is left out)."""
    bound = {}

    def visit(statements):
        for stmt in statements:
            if isinstance(stmt, ast.If) and "TYPE_CHECKING" in ast.unparse(stmt.test):
                visit(stmt.orelse)
                continue
            names = []
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names = [stmt.name]
                line = stmt.end_lineno or stmt.lineno
            else:
                line = stmt.lineno
                if isinstance(stmt, (ast.Import, ast.ImportFrom)):
                    names = [(a.asname or a.name).split(".")[0] for a in stmt.names]
                else:
                    names = [n.id for n in ast.walk(stmt) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)]
                for child in ("body", "orelse", "finalbody", "handlers"):
                    inner = getattr(stmt, child, None)
                    if isinstance(inner, list) and child != "handlers":
                        visit(inner)
                    elif child == "handlers" and inner:
                        for handler in inner:
                            visit(handler.body)
            for name in names:
                bound.setdefault(name, line)

    visit(tree.body)
    return bound


def string_names(node) -> set[str]:
    """Names used inside the string constants of a node (quoted annotations)."""
    found = set()
    for n in ast.walk(node) if isinstance(node, ast.AST) else ():
        if isinstance(n, ast.Constant) and isinstance(n.value, str):
            try:
                found |= {dotted(m) for m in ast.walk(ast.parse(n.value.strip(), mode="eval"))} - {None}
            except (SyntaxError, ValueError):
                pass
    return found


def dotted(node) -> str | None:
    """`a.b.c` for a Name or an attribute chain on a Name, else None."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = dotted(node.value)
        return f"{base}.{node.attr}" if base else None
    return None


def runtime_hazards(node, before, context: str, line: int, bound: dict[str, int], local: dict[str, str]) -> list[str]:
    """What makes a rewritten unit fail when it is evaluated at run time on 3.10-3.13: a string
    or `None | None` in a `|` union, a name unquoted that is not bound yet at run time (`local`
    maps a canonical name to the original's local name)."""
    if context == "annotation, deferred" or not isinstance(node, ast.AST):
        return []
    hazards = []
    for n in ast.walk(node):
        if isinstance(n, ast.BinOp) and isinstance(n.op, ast.BitOr):
            operands = [n.left, n.right]
            if any(isinstance(o, ast.Constant) and isinstance(o.value, str) for o in operands):
                hazards.append("a string operand of | evaluated at run time (TypeError)")
            if all(isinstance(o, ast.Constant) and o.value is None for o in operands):
                hazards.append("None | None evaluated at run time (TypeError)")
    plain = {n.id for n in ast.walk(before) if isinstance(n, ast.Name)} if isinstance(before, ast.AST) else set()
    after = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
    for name in sorted((after & string_names(before)) - plain):
        top = local.get(name, name).split(".")[0]
        if hasattr(builtins, top):
            continue
        first = bound.get(top)
        if first is None:
            hazards.append(f"`{top}` unquoted, not bound at run time (TYPE_CHECKING or missing)")
        elif first >= line:
            hazards.append(f"`{top}` unquoted, bound only later (line {first})")
    return sorted(set(hazards))


def dangling_names(before: dict[str, str], rewritten: ast.Module, after: dict[str, str]) -> list[str]:
    """Names an import bound in the original (`before`: its bindings), still used in the
    rewrite, bound by nothing there."""
    stored, used = set(), set()
    for node in ast.walk(rewritten):
        if isinstance(node, ast.Name):
            (used if isinstance(node.ctx, ast.Load) else stored).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            stored.add(node.name)
        if isinstance(node, (ast.arg, ast.FunctionDef, ast.AsyncFunctionDef, ast.AnnAssign)):
            for field in ANNOTATION_FIELDS:
                used |= {name.split(".")[0] for name in string_names(getattr(node, field, None))}
    return sorted(n for n in used if n in before and n not in after and n not in stored)


# --- per-file analysis ------------------------------------------------------------------------


def analyse(relative: str) -> dict:
    """Every unit where the tools' canonical outputs differ, for one file."""
    sources = {"original": (WORK / "original" / relative).read_text(encoding="utf-8", errors="surrogateescape")}
    for tool in TOOLS:
        sources[tool] = (WORK / tool / relative).read_text(encoding="utf-8", errors="surrogateescape")
    changed = {tool for tool in TOOLS if sources[tool] != sources["original"]}
    result = {"file": relative, "changed": sorted(changed), "units": [], "agreed": 0, "dangling": {},
              "pyupgrade_out_of_scope": 0}
    if changed <= {"pyupgrade"}:
        return result  # pyupgrade alone: its other rewrites, not compared (counted in the report)
    signal.alarm(ANALYSIS_TIMEOUT)
    try:
        return compare(relative, sources, changed, result)
    except (SyntaxError, ValueError, RecursionError, TimeoutError) as exc:
        result["error"] = f"{type(exc).__name__}: {exc}"[:200]
        result["units"] = []
        return result
    finally:
        signal.alarm(0)


def on_alarm(signum, frame):
    raise TimeoutError(f"analysis took more than {ANALYSIS_TIMEOUT} s")


def compare(relative: str, sources: dict[str, str], changed: set[str], result: dict) -> dict:
    """The units of one file where the tools differ (`result` filled in)."""
    raw_trees = {version: ast.parse(source) for version, source in sources.items()}
    bindings = {version: import_bindings(tree) for version, tree in raw_trees.items()}
    trees = {version: Canonical(bindings[version]).visit(ast.parse(source)) for version, source in sources.items()}
    for tool in changed:
        dangling = dangling_names(bindings["original"], raw_trees[tool], bindings[tool])
        if dangling:
            result["dangling"][tool] = dangling
    original = trees["original"]
    units, spans = {}, {}
    for tool in changed:
        paths, spans[tool] = [], {}
        differences(original, trees[tool], (), paths, spans[tool])
        units[tool] = {unit_of(original, p) for p in paths}
    maximal = maximal_units(units)
    deferred = has_future_annotations(raw_trees["original"]) or relative.endswith(".pyi")
    bound = runtime_bindings(raw_trees["original"])
    local = {origin: name for name, origin in bindings["original"].items()}
    for unit in sorted(maximal, key=lambda u: line_of(original, u)):
        record = unit_record(relative, unit, units, spans, trees, sources, deferred, (bound, local))
        if record is None:
            result["agreed"] += 1
        elif record == "out of scope":
            result["pyupgrade_out_of_scope"] += 1
        else:
            result["units"].append(record)
    return result


def maximal_units(units: dict[str, set]) -> list[tuple]:
    """The units to compare: those of snakeshift and ruff not inside another, and pyupgrade's
    that hold none of theirs (its structural rewrites, such as a pruned version check, would
    otherwise swallow the typing units inside)."""
    main = set().union(*(units.get(t, set()) for t in ("snakeshift", "ruff")))
    main_prefixes = {m[:k] for m in main for k in range(len(m) + 1)}
    extra = {u for u in units.get("pyupgrade", set()) if u not in main_prefixes and
             not (isinstance(u[-1], tuple) and any(covers(u, m) for m in main if m[:len(u) - 1] == u[:-1]))}
    candidates = main | extra
    spans = collections.defaultdict(list)
    for u in candidates:
        if u and isinstance(u[-1], tuple):
            spans[u[:-1]].append(u[-1])
    return [u for u in candidates if not inside(u, candidates, spans)]


def inside(unit: tuple, candidates: set, spans: dict) -> bool:
    """Whether another candidate unit (a prefix, or a span over this unit's index) holds it."""
    for k in range(len(unit)):
        if unit[:k] in candidates:
            return True
        for span in spans.get(unit[:k], ()):
            if span != unit[k] and covers(unit[:k] + (span,), unit):
                return True
    return False


def unit_record(relative, unit, units, spans, trees, sources, deferred, bindings):
    """One unit's texts per tool and hazards; None when all tools agree, "out of scope" for a
    pyupgrade-only change that does not involve typing."""
    original = trees["original"]
    before_node = node_at(original, unit, {})
    nodes = {}
    for tool in TOOLS:
        nodes[tool] = node_at(trees[tool], unit, spans[tool]) if tool in units else before_node
    texts = {tool: text(node) for tool, node in nodes.items()}
    before = text(before_node)
    if len(set(texts.values())) == 1:
        return None
    context = context_of(original, unit, deferred)
    if texts["snakeshift"] == before and texts["ruff"] == before:
        typing_related = context.startswith("annotation") or "typing" in before or "typing" in texts["pyupgrade"]
        if not typing_related:
            return "out of scope"
    line = line_of(original, unit)
    s_lines = line_range(nodes["snakeshift"]) or (line, line)
    hazards = {tool: runtime_hazards(nodes[tool], before_node, context, line, *bindings)
               for tool in TOOLS if texts[tool] != before}
    return {
        "file": relative, "line": line, "snakeshift_lines": s_lines, "context": context,
        "bare_use": bare_use(original, unit, before_node, context),
        "unquoted_equal": unquoted(nodes["snakeshift"]) == unquoted(nodes["ruff"]),
        "before": before, **texts,
        "raw": {"before": raw(sources["original"], before_node),
                **{tool: raw(sources[tool], nodes[tool]) if texts[tool] != before else "(unchanged)"
                   for tool in TOOLS}},
        "hazards": hazards,
        "constructs": constructs(before_node, [nodes[t] for t in TOOLS if texts[t] != before]),
    }


def typing_names(node) -> collections.Counter:
    """Deprecated typing names (canonical `typing.X`) and typing_extensions names used by a
    node, inside strings too, in breadth-first order (the outermost first)."""
    counts = collections.Counter()
    nodes = node if isinstance(node, list) else [node]
    for top in nodes:
        if not isinstance(top, ast.AST):
            continue
        for n in ast.walk(top):
            names = []
            if isinstance(n, ast.Name):
                names = [n.id]
            elif isinstance(n, ast.Constant) and isinstance(n.value, str):
                names = re.findall(r"typing(?:_extensions)?\.\w+", n.value)
            for name in names:
                module, _, attr = name.rpartition(".")
                if module == "typing_extensions" or module == "typing" and attr in DEPRECATED:
                    counts[name] += 1
    return counts


def string_count(node) -> int:
    """How many string constants a node holds."""
    if not isinstance(node, ast.AST):
        return 0
    return sum(isinstance(n, ast.Constant) and isinstance(n.value, str) for n in ast.walk(node))


def constructs(before, afters: list) -> list[str]:
    """What a unit's rewrites touch, outermost first: the typing names some tool removed, then
    "quoted annotation" when a tool removed quotes; the typing modules used otherwise."""
    names_before = typing_names(before)
    gone = set()
    for after in afters:
        gone |= set(names_before - typing_names(after))
    found = [name for name in names_before if name in gone]
    if any(string_count(after) < string_count(before) for after in afters):
        found.append("quoted annotation")
    if not found:
        modules = sorted({dotted(n).split(".")[0] for n in ast.walk(before) if dotted(n)} & {"typing", "typing_extensions"}) \
            if isinstance(before, ast.AST) else []
        found.append("other" + (f" ({', '.join(modules)})" if modules else ""))
    return found


# --- classification ---------------------------------------------------------------------------


def relation(u: dict) -> str:
    """Who changed the unit, and who agrees."""
    b, s, r, p = u["before"], u["snakeshift"], u["ruff"], u["pyupgrade"]
    if s == b:
        return "peers change, snakeshift does not" if r != b else "only pyupgrade changes"
    if r == b and p == b:
        return "only snakeshift changes"
    if s == r:
        return "snakeshift = ruff, pyupgrade " + ("does not change" if p == b else "differs")
    if s == p:
        return "snakeshift = pyupgrade, ruff " + ("does not change" if r == b else "differs")
    return "all three differ" if r != b else "snakeshift and pyupgrade differ, ruff does not change"


def beyond(u: dict, tool: str, other: str) -> set[str]:
    """Deprecated typing names `other`'s output still uses and `tool`'s does not."""
    def names(t):
        return set(re.findall(r"typing\.(?:" + "|".join(DEPRECATED) + r")\b", u[t]))
    return names(other) - names(tool)


def remaining(u: dict, tool: str) -> int:
    """How many deprecated typing names a tool's output still uses (fewer = more complete)."""
    return len(re.findall(r"typing\.(?:" + "|".join(DEPRECATED) + r")\b|typing_extensions\.\w+", u[tool]))


def broken(u: dict, tool: str, files: dict) -> list[str]:
    """Why a tool's output of this unit is wrong: its file no longer compiles, a run-time
    hazard, an import removed while used."""
    reasons = list(u["hazards"].get(tool, []))
    for label in ("3.14", "3.11"):
        if u["file"] in files["compile"].get(tool, {}).get(label, ()):
            reasons.append(f"file no longer compiles on {label}")
    reasons += [f"import of `{n}` removed while used" for n in files["dangling"].get(u["file"], {}).get(tool, [])]
    return reasons


def quotes(text: str) -> int:
    return text.count("'") + text.count('"')


def classify(u: dict, files: dict, findings: dict) -> tuple[str, str]:
    """(classification, reason) by the rule table below, first match wins."""
    b, s, r, p = u["before"], u["snakeshift"], u["ruff"], u["pyupgrade"]
    s_broken = broken(u, "snakeshift", files) if s != b else []
    peers_broken = {t: broken(u, t, files) for t in PEERS if u[t] != b and u[t] != s}
    first, last = u["snakeshift_lines"]
    finding = next((findings[(u["file"], n)] for n in range(first, last + 1)
                    if (u["file"], n) in findings), None)
    for name, condition, verdict in RULES:
        if condition(b, s, r, p, s_broken, peers_broken, finding, u):
            reason = name
            if "{" in name:
                reason = name.format(s_broken="; ".join(s_broken),
                                     peers="; ".join(f"{t}: {', '.join(v)}" for t, v in peers_broken.items() if v),
                                     finding=(finding or [""])[0])
            return verdict, reason
    return "unclassified", "no rule"


RULES = [
    ("snakeshift output broken: {s_broken}",
     lambda b, s, r, p, sb, pb, f, u: bool(sb), "peer right"),
    ("peer output broken: {peers}",
     lambda b, s, r, p, sb, pb, f, u: any(pb.values()), "snakeshift right"),
    ("snakeshift = ruff",
     lambda b, s, r, p, sb, pb, f, u: s == r, "both acceptable"),
    ("a bare typing alias compared or collected at run time: ruff's rewrite changes the result",
     lambda b, s, r, p, sb, pb, f, u: s == b and u["bare_use"] in ("comparison", "container"), "snakeshift right"),
    ("a bare typing alias as a run-time value: ruff rewrites it, snakeshift does not",
     lambda b, s, r, p, sb, pb, f, u: s == b and u["bare_use"] is not None, "disputed"),
    ("Union/Optional used as a value: snakeshift's documented unsafe fix, ruff rewrites only annotations",
     lambda b, s, r, p, sb, pb, f, u: u["context"] == "expression" and beyond(u, "snakeshift", "ruff")
     and beyond(u, "snakeshift", "ruff") <= {"typing.Union", "typing.Optional"}, "both acceptable"),
    ("ruff unquotes a string that is a value, not a type (`Literal[\"auto\"]` -> `Literal[auto]`, `Annotated` "
     "metadata): the type changes",
     lambda b, s, r, p, sb, pb, f, u: re.search(r"(Literal|Annotated)\[[^\]]*['\"]", b) is not None
     and quotes(r) < quotes(s), "snakeshift right"),
    ("the builtin is shadowed in the file (mypyc's fixtures define `class set`, `class tuple`): ruff writes "
     "`builtins.set`, snakeshift leaves the alias",
     lambda b, s, r, p, sb, pb, f, u: "builtins." in r and "builtins." not in s, "disputed"),
    ("ruff also removes the quotes where the annotation is never evaluated (UP037)",
     lambda b, s, r, p, sb, pb, f, u: u["context"] == "annotation, deferred" and u["unquoted_equal"]
     and r.count("'") < s.count("'"), "peer right"),
    ("snakeshift = pyupgrade, ruff does not change",
     lambda b, s, r, p, sb, pb, f, u: s == p and r == b, "both acceptable"),
    ("snakeshift folds a union with forward references into one string (`__annotations__` holds a str)",
     lambda b, s, r, p, sb, pb, f, u: s != b and s[:1] in "'\"" and b[:1] not in "'\"" and s != r, "disputed"),
    ("a renamed alias ruff does not move (AbstractSet -> collections.abc.Set, ContextManager -> contextlib)",
     lambda b, s, r, p, sb, pb, f, u: r == b and set(u["constructs"]) <= RENAMED, "both acceptable"),
    ("a collections.abc alias used as `typing.X` or in an expression: snakeshift moves it, ruff's UP035 only "
     "rewrites `from typing import` lines",
     lambda b, s, r, p, sb, pb, f, u: r == b and set(u["constructs"]) <= ABC_ALIASES, "both acceptable"),
    ("snakeshift withholds with a finding: {finding}",
     lambda b, s, r, p, sb, pb, f, u: s == b and f is not None, "disputed"),
    ("only pyupgrade changes (outside the compared ruff rules)",
     lambda b, s, r, p, sb, pb, f, u: s == b and r == b, "unclassified"),
    ("snakeshift misses a rewrite ruff makes",
     lambda b, s, r, p, sb, pb, f, u: s == b, "peer right"),
    ("snakeshift more complete than ruff",
     lambda b, s, r, p, sb, pb, f, u: r != b and remaining(u, "snakeshift") < remaining(u, "ruff"), "snakeshift right"),
    ("snakeshift less complete than ruff",
     lambda b, s, r, p, sb, pb, f, u: r != b and remaining(u, "snakeshift") > remaining(u, "ruff"), "peer right"),
    ("snakeshift and ruff rewrite differently",
     lambda b, s, r, p, sb, pb, f, u: r != b, "disputed"),
    ("only snakeshift changes",
     lambda b, s, r, p, sb, pb, f, u: r == b, "unclassified"),
]


def signature(u: dict, verdict: str, reason: str) -> str:
    """The class of a difference: relation, context, the outermost typing name involved (all
    of them for classes a human must look at), rule."""
    reason = re.sub(r"line \d+", "line N", re.sub(r"`[^`]*`", "`X`", reason))
    if verdict == "both acceptable":
        return f"{relation(u)} | {reason}"
    return f"{relation(u)} | {u['context']} | {u['constructs'][0]} | {reason}"


# --- imports ----------------------------------------------------------------------------------

IMPORTER = """
import importlib, json, sys, warnings
warnings.simplefilter("ignore")
root, names, out = sys.argv[1], json.loads(sys.argv[2]), open(sys.argv[3], "w")
sys.path.insert(0, root)
sys.argv = ["importer"]
for name in names:
    try:
        importlib.import_module(name)
        out.write(json.dumps([name, None]) + "\\n")
    except BaseException as exc:
        message = str(exc).splitlines()[0][:200] if str(exc) else ""
        out.write(json.dumps([name, f"{type(exc).__name__}: {message}"]) + "\\n")
    out.flush()
"""


def package_parents(root: Path) -> list[Path]:
    """Where a member's top-level packages live: its root, the sdist's own top directory, and
    their src/ and lib/ folders."""
    tops = [root] + [d for d in sorted(root.iterdir()) if d.is_dir() and
                     any((d / marker).exists() for marker in ("setup.py", "pyproject.toml", "setup.cfg"))]
    return [p for top in tops for p in (top, top / "src", top / "lib") if p.is_dir()]


def packages(root: Path) -> list[tuple[Path, str, list[str]]]:
    """(sys.path entry relative to the member, package, its module names) for each top-level
    package of a member."""
    found = []
    for parent in package_parents(root):
        for package in sorted(parent.iterdir()):
            if package.name in SKIPPED_PACKAGES or not (package / "__init__.py").is_file() \
                    or not package.name.isidentifier():
                continue
            modules = []
            for path in sorted(package.rglob("*.py")):
                parts = path.relative_to(parent).with_suffix("").parts
                if not all(p.isidentifier() for p in parts) or parts[-1] in ("__main__", "conftest", "setup"):
                    continue
                if not all((parent.joinpath(*parts[:i]) / "__init__.py").is_file() for i in range(1, len(parts))):
                    continue
                modules.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
            found.append((parent.relative_to(root), package.name, modules))
    return found


def import_modules(python: str, path_entry: Path, modules: list[str]) -> dict[str, str | None]:
    """module -> None (imported) or the error, in one fresh interpreter; modules not reached
    before the timeout are left out."""
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "results"
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONSTARTUP")}
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        try:
            subprocess.run(["nice", "-n", "10", python, "-c", IMPORTER, str(path_entry), json.dumps(modules), str(out)],
                           cwd=scratch, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, timeout=IMPORT_TIMEOUT)
        except subprocess.TimeoutExpired:
            pass
        results = {}
        if out.exists():
            for line in out.read_text().splitlines():
                name, error = json.loads(line)
                results[name] = error
        return results


def import_job(job: tuple) -> dict:
    """Import one package's modules from the original and from snakeshift's copy."""
    python, member, entry, package, modules = job
    before = import_modules(python, WORK / "original" / member / entry, modules)
    after = import_modules(python, WORK / "snakeshift" / member / entry, modules)
    importable = [m for m, e in before.items() if e is None]
    lost = {m: after.get(m, "not reached (timeout or crash)") for m in importable if after.get(m, "x") is not None}
    return {"member": member, "package": package, "modules": len(modules), "importable_before": len(importable),
            "lost": lost}


def import_check(python: str, roots: dict[str, Path], changed: set[str]) -> list[dict]:
    """Packages with a file snakeshift changed: modules importable before but not after."""
    jobs = []
    for member in roots:
        if member.startswith("cpython-"):
            continue  # the standard library cannot be imported in place of the running one
        for entry, package, modules in packages(WORK / "original" / member):
            prefix = f"{member}/{entry}/{package}/".replace("/./", "/")
            if any(f.startswith(prefix) for f in changed):
                jobs.append((python, member, entry, package, modules))
    with multiprocessing.Pool(os.cpu_count() or 1) as pool:
        return list(pool.imap_unordered(import_job, jobs))


# --- report -----------------------------------------------------------------------------------


def example(u: dict) -> str:
    """One example, Markdown."""
    lines = [f"- `{u['file']}:{u['line']}` ({u['context']})"]
    shown = {label: u["raw"][label] for label in ("before",) + TOOLS}
    if all(shown[t] in ("(unchanged)", shown["before"]) for t in TOOLS):
        shown = {"before": u["before"], **{t: u[t] for t in TOOLS}}  # only the imports differ
        lines[0] += ", normalised (imported names qualified)"
    for label, body in shown.items():
        body = body.replace("\n", "\n      ")
        lines.append(f"  - {label}: `{body}`" if "\n" not in body and "`" not in body
                     else f"  - {label}:\n\n    ```python\n      {body}\n    ```")
    return "\n".join(lines)


def report(summary: dict, classes: list[dict], compile_result: dict, imports: list[dict]) -> str:
    """differential.md."""
    out = ["# Differential test: snakeshift typing group vs ruff and pyupgrade", ""]
    out.append(f"Corpus: {summary['members']} members ({summary['files']:,} `.py` files). "
               f"Versions: {summary['versions']}. Run time {summary['seconds']:.0f} s.")
    out += ["", "| | snakeshift | ruff | pyupgrade |", "| --- | ---: | ---: | ---: |"]
    out.append("| files changed | " + " | ".join(f"{summary['changed'][t]:,}" for t in TOOLS) + " |")
    for label in ("3.14", "3.11"):
        out.append(f"| changed files CPython {label} compiled before, not after | " +
                   " | ".join(str(len(compile_result[t][label])) for t in TOOLS) + " |")
    out += ["", f"Units (type expressions) compared: {summary['units_agreed'] + summary['units_differing']:,}; "
            f"all tools agree on {summary['units_agreed']:,}; {summary['units_differing']:,} differ. "
            f"pyupgrade-only changes outside typing (not compared): {summary['out_of_scope']:,}, plus "
            f"{summary['pyupgrade_only_files']:,} files only pyupgrade changed (not compared). "
            f"Files the analysis could not parse: {len(summary['unparsed'])}.", ""]
    out += ["| classification | differences | classes |", "| --- | ---: | ---: |"]
    for verdict, (count, number) in summary["per_classification"].items():
        out.append(f"| {verdict} | {count:,} | {number} |")
    out += ["", "## Compile failures (compiled before, not after)", ""]
    for tool in TOOLS:
        for label in ("3.14", "3.11"):
            files = compile_result[tool][label]
            out.append(f"- {tool}, CPython {label}: {len(files)}" + (": " + ", ".join(f"`{f}`" for f in files[:20]) if files else ""))
    out += ["", "## Imports (snakeshift's copy; modules importable before)", ""]
    total = sum(i["importable_before"] for i in imports)
    lost = [(i["member"], m, e) for i in imports for m, e in i["lost"].items()]
    out.append(f"{len(imports)} packages with changed files, {total:,} modules importable before, "
               f"**{len(lost)}** not importable after.")
    out += [f"- `{m}` ({member}): {e}" for member, m, e in lost[:50]]
    out += ["", "## Classes", ""]
    for c in classes:
        out += [f"### {c['classification']}: {c['signature']} ({c['count']})", ""]
        out += [example(u) for u in c["examples"]]
        out.append("")
    return "\n".join(out)


def versions(snakeshift: Path, bin_dir: Path) -> str:
    """Tool versions, for the report."""
    revision = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=bench.ROOT, capture_output=True,
                              text=True).stdout.strip()
    ruff = subprocess.run([str(bin_dir / "ruff"), "--version"], capture_output=True, text=True).stdout.strip()
    return f"snakeshift {revision}, {ruff}, pyupgrade {bench.PYUPGRADE.split('==')[1]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--projects", help="comma-separated name fragments of bench.PROJECTS to keep")
    parser.add_argument("--stdlib", type=Path, help="standard library directory (default: python3's)")
    parser.add_argument("--no-stdlib", action="store_true", help="leave the standard library out")
    parser.add_argument("--skip-imports", action="store_true", help="skip the import comparison")
    parser.add_argument("--import-python", default=sys.executable, help="interpreter for the import check")
    parser.add_argument("--snakeshift", type=Path, help="snakeshift binary (default: cargo build --release)")
    parser.add_argument("--reuse-analysis", action="store_true", help="with --reuse-runs: also reuse the file analysis")
    parser.add_argument("--reuse-runs", action="store_true",
                        help="analyse the copies the last run left (same --projects) without running the tools again")
    args = parser.parse_args()
    start = time.perf_counter()

    stdlib = None if args.no_stdlib else (args.stdlib or stdlib_dir())
    roots = corpus_roots(args.projects.split(",") if args.projects else None, stdlib)
    bin_dir = bench.ensure_venv()
    snakeshift = (args.snakeshift or build_snakeshift()).resolve()
    py314 = python314()
    interpreters = {"3.14": py314 or sys.executable, "3.11": sys.executable}
    files = corpus_files(roots)
    if args.reuse_runs:
        times = json.loads((WORK / "times.json").read_text())
    else:
        log(f"copying {len(roots)} members")
        prepare_copies(roots)
        times = run_tools(files, snakeshift, bin_dir)
        (WORK / "times.json").write_text(json.dumps(times))
    findings = snakeshift_findings()
    for tool in TOOLS:
        if "No such file" in (WORK / f"{tool}.log").read_text(errors="replace")[:300]:
            raise SystemExit(f"{tool} did not run: see {WORK / tool}.log")

    log(f"analysing {len(files)} files")
    results = json.loads((WORK / "analysis.json").read_text()) if args.reuse_analysis else []
    signal.signal(signal.SIGALRM, on_alarm)
    with multiprocessing.Pool(os.cpu_count() or 1) as pool:
        for result in pool.imap_unordered(analyse, [] if args.reuse_analysis else files, chunksize=16):
            results.append(result)
            if len(results) % 2000 == 0:
                log(f"  {len(results)} files analysed")
    (WORK / "analysis.json").write_text(json.dumps(results, default=str))
    changed = {t: {r["file"] for r in results if t in r["changed"]} for t in TOOLS}
    log("compiling changed files")
    compile_result = compile_failures(changed, interpreters)
    files_info = {"compile": compile_result, "dangling": {r["file"]: r["dangling"] for r in results if r["dangling"]}}

    units = [u for r in results for u in r["units"]]
    grouped = collections.defaultdict(list)
    for u in units:
        verdict, reason = classify(u, files_info, findings)
        u["classification"], u["reason"] = verdict, reason
        grouped[(verdict, signature(u, verdict, reason))].append(u)
    order = ["peer right", "snakeshift right", "disputed", "unclassified", "both acceptable"]
    classes = [{"classification": v, "signature": s, "count": len(us),
                "examples": sorted(us, key=lambda u: (u["file"], u["line"]))[:: max(1, len(us) // 3)][:3]}
               for (v, s), us in sorted(grouped.items(), key=lambda kv: (order.index(kv[0][0]), -len(kv[1])))]

    log("importing packages before and after")
    imports = [] if args.skip_imports else import_check(args.import_python, roots, changed["snakeshift"])
    per_classification = {v: (sum(c["count"] for c in classes if c["classification"] == v),
                              sum(1 for c in classes if c["classification"] == v)) for v in order}
    summary = {
        "members": len(roots), "files": len(files), "versions": versions(snakeshift, bin_dir),
        "tool_seconds": times, "seconds": time.perf_counter() - start,
        "changed": {t: len(changed[t]) for t in TOOLS},
        "units_agreed": sum(r["agreed"] for r in results), "units_differing": len(units),
        "out_of_scope": sum(r["pyupgrade_out_of_scope"] for r in results),
        "pyupgrade_only_files": sum(r["changed"] == ["pyupgrade"] for r in results),
        "unparsed": sorted(r["file"] for r in results if "error" in r),
        "per_classification": per_classification,
        "dangling": files_info["dangling"],
    }
    summary["import_lost"] = sum(len(i["lost"]) for i in imports)
    markdown = report(summary, classes, compile_result, imports)
    (bench.WORK / "differential.md").write_text(markdown + "\n")
    (bench.WORK / "differential.json").write_text(json.dumps(
        {"summary": summary, "compile": compile_result, "imports": imports,
         "classes": [{**c, "units": [{k: v for k, v in u.items()} for u in grouped[(c["classification"], c["signature"])]]}
                     for c in classes]}, indent=1, default=str))
    print(markdown.split("## Classes")[0])
    for c in classes:
        print(f"{c['count']:6}  {c['classification']}: {c['signature']}")


if __name__ == "__main__":
    main()
