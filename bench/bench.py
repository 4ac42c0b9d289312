#!/usr/bin/env python3
"""Benchmark snakeshift against ruff and pyupgrade on real projects' sources.

Downloads a pinned list of sdists from PyPI (cached under target/bench/), installs pinned ruff
and pyupgrade in a venv, and times, on identical copies of the corpus:

- the read floor (every byte of every .py file read once),
- snakeshift's dry run with every rewrite, and with the typing group only,
- ruff check --select UP006,UP007,UP035,UP045 --diff (the typing rules),
- pyupgrade --pyXY-plus over every file, on every core.

It then checks correctness at scale: `--apply --unsafe` over a copy, files reverted for a broken
parse, files a second run would change again, and rewritten files that CPython 3.14 no longer
compiles while it compiled the original.

Usage: bench/bench.py [--runs N] [--skip-pyupgrade] [--corpus-only]
Writes target/bench/report.md (and prints it).
"""

from __future__ import annotations

import argparse
import hashlib
import html.parser
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "target" / "bench"
CORPUS = WORK / "corpus"
VENV = WORK / "venv"
INDEX = "https://pypi.org/simple"

RUFF = "ruff==0.17.6"
PYUPGRADE = "pyupgrade==3.22.0"
MIN_VERSION = "3.10"
PYUPGRADE_FLAG = "--py310-plus"

# Widely used projects (current releases) and old releases full of distutils, asyncore and
# typing.Union; `name==version`, downloaded as sdists.
PROJECTS = [
    "Django==5.1.4",
    "sympy==1.13.3",
    "pandas==2.2.3",
    "SQLAlchemy==2.0.36",
    "mypy==1.13.0",
    "pip==24.3.1",
    "setuptools==75.6.0",
    "pytest==8.3.4",
    "requests==2.32.3",
    "Flask==3.1.0",
    "Werkzeug==3.1.3",
    "Jinja2==3.1.4",
    "click==8.1.7",
    "urllib3==2.2.3",
    "aiohttp==3.11.10",
    "tornado==6.4.2",
    "networkx==3.4.2",
    "Sphinx==8.1.3",
    "docutils==0.21.2",
    "Pygments==2.18.0",
    "attrs==24.2.0",
    "rich==13.9.4",
    "black==24.10.0",
    "pylint==3.3.2",
    "astroid==3.3.6",
    "celery==5.4.0",
    "ansible-core==2.18.1",
    # Old releases: distutils setup scripts, asyncore servers, typing.Union everywhere.
    "Twisted==19.10.0",
    "pysnmp==4.4.12",
    "supervisor==4.2.5",
    "pyftpdlib==1.5.9",
    "pydantic==1.10.19",
    "fastapi==0.65.2",
    "numpy==1.19.5",
]


class Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.extend(v for k, v in attrs if k == "href" and v)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def fetch_sdist(spec: str) -> Path:
    """The extracted sdist of `name==version`, downloaded and checked against its sha256."""
    name, version = spec.split("==")
    target = CORPUS / f"{name}-{version}"
    if (target / ".complete").exists():
        return target
    normalized = re.sub(r"[-_.]+", "-", name).lower()
    with urllib.request.urlopen(f"{INDEX}/{normalized}/", timeout=120) as response:
        parser = Links()
        parser.feed(response.read().decode())
    stems = {f"{name}-{version}", f"{normalized}-{version}", f"{name.replace('-', '_')}-{version}",
             f"{normalized.replace('-', '_')}-{version}", f"{name.lower()}-{version}"}
    candidates = [
        link for link in parser.links
        if any(link.split("#")[0].rsplit("/", 1)[-1] in (f"{s}.tar.gz", f"{s}.tar.bz2", f"{s}.zip") for s in stems)
    ]
    if not candidates:
        raise SystemExit(f"no sdist for {spec} on {INDEX}")
    url, _, fragment = candidates[0].partition("#")
    expected = fragment.partition("=")[2]
    log(f"downloading {url.rsplit('/', 1)[-1]}")
    data = None
    for attempt in range(3):
        try:
            with urllib.request.urlopen(url, timeout=300) as response:
                data = response.read()
            break
        except OSError as exc:
            log(f"  retry after {exc}")
            time.sleep(2 + attempt * 3)
    if data is None:
        raise SystemExit(f"cannot download {url}")
    if expected and hashlib.sha256(data).hexdigest() != expected:
        raise SystemExit(f"sha256 mismatch for {url}")
    staging = Path(tempfile.mkdtemp(dir=CORPUS))
    archive = staging / url.rsplit("/", 1)[-1]
    archive.write_bytes(data)
    if archive.name.endswith(".zip"):
        with zipfile.ZipFile(archive) as z:
            z.extractall(staging / "src")
    else:
        with tarfile.open(archive) as t:
            t.extractall(staging / "src", filter="data")
    archive.unlink()
    if target.exists():
        shutil.rmtree(target)
    (staging / "src").rename(target)
    shutil.rmtree(staging)
    (target / ".complete").write_text(spec)
    return target


def python_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if p.is_file() and not p.is_symlink())


def ensure_venv() -> Path:
    stamp = VENV / ".pins"
    pins = f"{RUFF}\n{PYUPGRADE}\n"
    if not (stamp.exists() and stamp.read_text() == pins):
        log("installing ruff and pyupgrade")
        shutil.rmtree(VENV, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(VENV / "bin" / "pip"), "install", "-q", RUFF, PYUPGRADE], check=True)
        stamp.write_text(pins)
    return VENV / "bin"


def snakeshift_binary() -> Path:
    subprocess.run(["cargo", "build", "--release", "-q"], cwd=ROOT, check=True)
    return ROOT / "target" / "release" / "snakeshift"


def timed(command: list[str], cwd: Path, copy_from: Path | None = None) -> tuple[float, int]:
    """Wall time and peak memory (KB, the largest process) of one run. With `copy_from`, the
    command runs on a fresh copy of that tree (for tools that rewrite in place)."""
    workdir = cwd
    if copy_from is not None:
        workdir = WORK / "scratch"
        shutil.rmtree(workdir, ignore_errors=True)
        shutil.copytree(copy_from, workdir, symlinks=True)
    script = ["/usr/bin/time", "-f", "%e %M"] + command
    start = time.perf_counter()
    result = subprocess.run(script, cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    last = result.stderr.strip().splitlines()[-1].split()
    memory = int(last[1]) if len(last) == 2 and last[1].isdigit() else 0
    return wall, memory


def median_of(runs: int, command: list[str], cwd: Path, copy_from: Path | None = None) -> tuple[float, int]:
    results = [timed(command, cwd, copy_from) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def correctness(snakeshift: Path, corpus: Path, python314: str | None) -> dict:
    """`--apply --unsafe` over a copy: what changed, what was reverted, what a second run would
    still change, and what CPython 3.14 compiles before but not after."""
    copy = WORK / "applied"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(corpus, copy, symlinks=True)
    # The same minimum Python as the dry runs: the "nothing left to change" run reads this tree.
    first = subprocess.run([str(snakeshift), "--no-cache", "--apply", "--unsafe", "--no-respect-gitignore",
                            "--min-version", MIN_VERSION, "."],
                           cwd=copy, capture_output=True, text=True)
    ids = {}
    listing = subprocess.run([str(snakeshift), "list"], capture_output=True, text=True).stdout
    for line in listing.splitlines()[1:]:
        parts = line.split()
        ids[parts[0]] = parts[1]
    per_group: dict[str, int] = {}
    for line in first.stderr.splitlines():
        m = re.match(r"^\S+:\d+:\d+: ([a-z0-9-]+):", line)
        if m:
            group = ids.get(m.group(1), m.group(1))
            per_group[group] = per_group.get(group, 0) + 1
    reverted = first.stderr.count("fixes produced invalid syntax")
    not_converged = first.stderr.count("fixes did not converge")
    second = subprocess.run([str(snakeshift), "--no-cache", "--check", "--unsafe", "--no-respect-gitignore",
                             "--min-version", MIN_VERSION, "."],
                            cwd=copy, capture_output=True, text=True)
    unstable = [l for l in second.stdout.splitlines() if l.strip()]
    changed = []
    for original in python_files(corpus):
        rewritten = copy / original.relative_to(corpus)
        if rewritten.exists() and rewritten.read_bytes() != original.read_bytes():
            changed.append((original, rewritten))
    broken = []
    if python314:
        checker = (
            "import sys, json\n"
            "ok = {}\n"
            "for path in json.load(sys.stdin):\n"
            "    try:\n"
            "        compile(open(path, 'rb').read(), path, 'exec', dont_inherit=True)\n"
            "        ok[path] = True\n"
            "    except BaseException:\n"
            "        ok[path] = False\n"
            "print(json.dumps(ok))\n"
        )
        def compiles(paths):
            out = subprocess.run([python314, "-W", "ignore", "-c", checker], input=json.dumps([str(p) for p in paths]),
                                 capture_output=True, text=True, check=True)
            return json.loads(out.stdout)
        before = compiles([o for o, _ in changed])
        after = compiles([r for _, r in changed])
        broken = [str(o.relative_to(corpus)) for o, r in changed if before[str(o)] and not after[str(r)]]
    # Every file must come out the same when parsed whole (--parse-whole-files) after
    # activation on trigger words alone (--activate-on-triggers) as with the precise activation
    # and partial parses of the default run: same diff, same findings.
    def dry_run(extra):
        r = subprocess.run([str(snakeshift), "--no-cache", "--no-respect-gitignore", "--unsafe", "--min-version", MIN_VERSION, *extra, "."],
                           cwd=corpus, capture_output=True, text=True)
        findings = [l for l in r.stderr.splitlines() if re.match(r"^\S+:\d+:\d+: ", l)]
        syntax = [l for l in r.stderr.splitlines() if "cannot read this file at line" in l]
        return r.stdout, findings, syntax
    masked, whole = dry_run([]), dry_run(["--parse-whole-files", "--activate-on-triggers"])
    return {
        "masked_diff_differs": masked[0] != whole[0],
        "masked_findings_differ": len(set(masked[1]) ^ set(whole[1])),
        "syntax_errors_whole_only": len(set(whole[2]) - set(masked[2])),
        "changed": len(changed),
        "findings_per_group": per_group,
        "reverted": reverted,
        "not_converged": not_converged,
        "changed_again": len(unstable),
        "broken_under_314": broken,
    }


def machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            memory = int(line.split()[1]) // (1024 * 1024)
    return f"{cpu}, {os.cpu_count()} cores, {memory} GiB, Linux {os.uname().release}"


def versions(snakeshift: Path, bin_dir: Path) -> str:
    def first_line(command: list[str]) -> str:
        out = subprocess.run(command, capture_output=True, text=True)
        return (out.stdout or out.stderr).strip().splitlines()[0]
    revision = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    return ", ".join([
        f"snakeshift {revision or 'unknown'} ({first_line(['rustc', '--version'])})",
        first_line([str(bin_dir / "ruff"), "--version"]),
        f"pyupgrade {PYUPGRADE.split('==')[1]}",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (median)")
    parser.add_argument("--skip-pyupgrade", action="store_true", help="pyupgrade takes minutes")
    parser.add_argument("--corpus-only", action="store_true", help="only download the corpus")
    args = parser.parse_args()

    CORPUS.mkdir(parents=True, exist_ok=True)
    roots = [fetch_sdist(spec) for spec in PROJECTS]
    if args.corpus_only:
        return
    files = [f for r in roots for f in python_files(r)]
    size = sum(f.stat().st_size for f in files)
    log(f"corpus: {len(files)} .py files, {size / 1e6:.0f} MB, {len(PROJECTS)} projects")

    bin_dir = ensure_venv()
    snakeshift = snakeshift_binary()
    cores = os.cpu_count() or 1
    env = subprocess.run([str(ROOT / "scripts" / "provision.sh"), "--print-env"], capture_output=True, text=True)
    python314 = None
    for line in env.stdout.splitlines():
        if line.startswith("export SNAKESHIFT_PY314="):
            python314 = line.split("=", 1)[1]

    list_file = WORK / "files.txt"
    list_file.write_text("\n".join(str(f) for f in files))
    measurements = []
    measurements.append(("read every byte (cat, every core)", median_of(
        args.runs, ["sh", "-c", f"xargs -a {list_file} -d '\\n' -P {cores} -n 200 cat > /dev/null"], CORPUS)))
    measurements.append(("snakeshift dry run, every rewrite", median_of(
        args.runs, [str(snakeshift), "--no-cache", "--no-respect-gitignore", "--min-version", MIN_VERSION, "."], CORPUS)))
    # Scaling: the same run on one thread (the line above uses every core).
    measurements.append(("snakeshift dry run, every rewrite, one thread (-j 1)", median_of(
        args.runs, [str(snakeshift), "--no-cache", "--no-respect-gitignore", "--min-version", MIN_VERSION, "-j", "1", "."], CORPUS)))
    measurements.append(("snakeshift dry run, typing group", median_of(
        args.runs, [str(snakeshift), "--no-cache", "--no-respect-gitignore", "--min-version", MIN_VERSION, "--select", "typing", "."], CORPUS)))
    # The result cache: filled by one run, then read by the measured ones.
    cache = WORK / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    cached = [str(snakeshift), "--cache-dir", str(cache), "--no-respect-gitignore", "--min-version", MIN_VERSION, "."]
    measurements.append(("snakeshift dry run, every rewrite, filling the cache", timed(cached, CORPUS)))
    measurements.append(("snakeshift dry run, every rewrite, warm cache", median_of(args.runs, cached, CORPUS)))
    measurements.append(("ruff --select UP006,UP007,UP035,UP045 --diff", median_of(
        args.runs, [str(bin_dir / "ruff"), "check", "--isolated", "--no-cache", "--select", "UP006,UP007,UP035,UP045",
                    "--target-version", "py310", "--diff", "--exit-zero", "."], CORPUS)))
    if not args.skip_pyupgrade:
        runs = max(1, min(args.runs, 3))
        measurements.append((f"pyupgrade {PYUPGRADE_FLAG} (every core)", median_of(
            runs, ["sh", "-c", f"find . -name '*.py' -print0 | xargs -0 -P {cores} -n 100 {bin_dir / 'pyupgrade'} {PYUPGRADE_FLAG} > /dev/null 2>&1; true"],
            CORPUS, copy_from=CORPUS)))

    checks = correctness(snakeshift, CORPUS, python314)
    # A tree with nothing left to change: the corpus after `--apply --unsafe`.
    measurements.append(("snakeshift dry run, nothing left to change", median_of(
        args.runs, [str(snakeshift), "--no-cache", "--no-respect-gitignore", "--unsafe", "--min-version", MIN_VERSION, "."], WORK / "applied")))
    # Memory must not grow with the tree: one project alone against the whole corpus.
    django = next(r for r in roots if r.name.startswith("Django"))
    measurements.append(("snakeshift dry run, every rewrite, Django alone", median_of(
        args.runs, [str(snakeshift), "--no-cache", "--no-respect-gitignore", "--min-version", MIN_VERSION, "."], django)))
    ruff_time = next(t for name, (t, _) in measurements if name.startswith("ruff"))
    lines = [
        f"Corpus: {len(PROJECTS)} projects, {len(files)} `.py` files, {size / 1e6:.0f} MB; "
        f"median of {args.runs} runs.",
        "",
        f"Machine: {machine()}. Versions: {versions(snakeshift, bin_dir)}.",
        "",
        "| run | wall time | vs ruff | files/s | MB/s | peak memory |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, (wall, memory) in measurements:
        lines.append(
            f"| {name} | {wall:.2f} s | {wall / ruff_time:.2f}× | {len(files) / wall:,.0f} | "
            f"{size / 1e6 / wall:.0f} | {memory / 1024:.0f} MB |"
        )
    lines += [
        "",
        "Correctness, `--apply --unsafe` over a copy of the corpus:",
        "",
        f"- files changed: {checks['changed']}",
        f"- findings left, per group: {json.dumps(checks['findings_per_group'], sort_keys=True)}",
        f"- files reverted for a broken parse: {checks['reverted']}",
        f"- files whose fixes did not converge: {checks['not_converged']}",
        f"- files a second run changes again: {checks['changed_again']}",
        f"- rewritten files CPython 3.14 no longer compiles (the original compiled): "
        f"{len(checks['broken_under_314'])} {checks['broken_under_314'][:10]}",
        f"- precise activation and partial parses against trigger-word activation and whole-file parses (dry run, every rewrite, `--unsafe`): diff "
        f"{'differs' if checks['masked_diff_differs'] else 'identical'}, findings differing: "
        f"{checks['masked_findings_differ']}; syntax errors only a whole parse reports (files with "
        f"nothing to change, which the default run does not parse whole): {checks['syntax_errors_whole_only']}",
    ]
    report = "\n".join(lines)
    (WORK / "report.md").write_text(report + "\n")
    print(report)


if __name__ == "__main__":
    main()
