#!/usr/bin/env python3
"""Convert real legacy sdists with snakeshift and compare their wheels with the originals'.

    python3 bench/setup_sdists.py [--python VENV_PYTHON] [--jobs N] [--only NAME ...] [SPEC ...]

Not part of CI (it downloads from PyPI). SPEC is `name==version`; without specs a default list
of old (2011–2019) releases is used. For each sdist (downloaded once through PyPI's JSON API and
cached under `target/setup-sdists/cache/`) the tree is extracted twice; the original is built
with `tests/packaging/wheel_metadata.py` (real setuptools, `python -m build --wheel
--no-isolation`), then the copy goes through `target/release/snakeshift --apply --select
packaging`, is built the same way and the normalised core metadata, entry points and wheel file
list are compared. A second snakeshift run must change nothing, and a written `pyproject.toml`
must pass `validate-pyproject` (when the venv has it). Every build gets `PBR_VERSION=<version>`
(pbr projects have no git tags in an sdist; everything else ignores it).

Outcomes: identical, differs (with the diff), refused (with snakeshift's reason),
converted-build-fails, original-fails, not-idempotent, invalid-pyproject, download-fails.
The report goes to `target/setup-sdists/report.md` (and `results.json`).

The venv needs setuptools, build, wheel, packaging; pbr and setuptools_scm for the projects that
use them. `--python` defaults to `target/setup-sdists/venv/bin/python`, then
`$SNAKESHIFT_VENV311/bin/python`.
"""

import argparse
import concurrent.futures
import difflib
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import time
import urllib.parse
import urllib.request
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "target", "setup-sdists")
CACHE = os.path.join(OUT, "cache")
WORK = os.path.join(OUT, "work")
SNAKESHIFT = os.path.join(ROOT, "target", "release", "snakeshift")
WHEEL_METADATA = os.path.join(ROOT, "tests", "packaging", "wheel_metadata.py")

# Old releases whose sdists have a setup.py: pure Python and C extensions, distutils and
# setuptools idioms, setuptools_scm, pbr, Django apps, the celery family…
DEFAULT = """
requests==2.18.4 six==1.10.0 simplejson==3.16.0 docutils==0.14 PyYAML==3.13 Jinja2==2.10
MarkupSafe==1.0 click==6.7 Flask==1.0.2 Werkzeug==0.14.1 itsdangerous==0.24 pytz==2018.5
python-dateutil==2.7.3 chardet==3.0.4 idna==2.7 certifi==2018.8.24 urllib3==1.23 mock==2.0.0
nose==1.3.7 coverage==4.5.1 pyparsing==2.2.0 decorator==4.3.0 attrs==18.1.0 pluggy==0.7.1
py==1.5.4 pytest==3.6.3 tox==3.1.2 virtualenv==16.0.0 paramiko==2.4.1 pycparser==2.18
cffi==1.11.5 psutil==5.4.7 SQLAlchemy==1.2.10 Mako==1.0.7 alembic==1.0.0 Babel==2.6.0
Pygments==2.2.0 Sphinx==1.7.6 tornado==5.1 zope.interface==4.5.0 greenlet==0.4.14
pyasn1==0.4.4 rsa==3.4.2 oauthlib==2.1.0 requests-oauthlib==1.0.0 boto==2.49.0
s3transfer==0.1.13 jmespath==0.9.3 colorama==0.3.9 termcolor==1.1.0 tabulate==0.8.2
prettytable==0.7.2 docopt==0.6.2 argparse==1.4.0 futures==3.2.0 enum34==1.1.6 funcsigs==1.0.2
django-extensions==2.1.0 django-debug-toolbar==1.9.1 djangorestframework==3.8.2 kombu==4.2.1
billiard==3.5.0.4 amqp==2.3.2 vine==1.1.4 redis==2.10.6 pymongo==3.7.1 celery==4.2.1
httplib2==0.11.3 Markdown==2.6.11 beautifulsoup4==4.6.0 html5lib==1.0.1 webencodings==0.5.1
bleach==2.1.3 wrapt==1.10.11 PyJWT==1.6.4 jsonschema==2.6.0 toml==0.9.4 pyflakes==2.0.0
pycodestyle==2.4.0 flake8==3.5.0 mccabe==0.6.1 isort==4.3.4 lazy-object-proxy==1.3.1
ipaddress==1.0.22 asn1crypto==0.24.0 msgpack-python==0.5.6 gunicorn==19.9.0 waitress==1.1.0
WebOb==1.8.2 python-memcached==1.59 blinker==1.4 setproctitle==1.1.10 PyMySQL==0.9.2
wcwidth==0.1.7 traitlets==4.3.2 pexpect==4.6.0 pickleshare==0.7.4 ptyprocess==0.6.0
""".split()


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def download(spec):
    name, version = spec.split("==")
    os.makedirs(CACHE, exist_ok=True)
    for entry in os.listdir(CACHE):
        if entry.startswith(f"{name}-{version}.") or entry.startswith(
            f"{name.lower()}-{version}."
        ):
            return os.path.join(CACHE, entry)
    index = os.path.join(CACHE, f"{name}.json")
    if not os.path.exists(index):
        with urllib.request.urlopen(f"https://pypi.org/pypi/{name}/json", timeout=60) as r:
            data = r.read()
        with open(index, "wb") as f:
            f.write(data)
    with open(index) as f:
        releases = json.load(f).get("releases", {})
    files = [f for f in releases.get(version, []) if f["packagetype"] == "sdist"]
    if not files:
        raise RuntimeError(f"no sdist for {spec} on PyPI")
    # Prefer .tar.gz, then .zip, then anything else.
    files.sort(key=lambda f: (not f["filename"].endswith(".tar.gz"), f["filename"]))
    # A mirror may give addresses relative to the JSON document.
    url = urllib.parse.urljoin(f"https://pypi.org/pypi/{name}/json", files[0]["url"])
    filename = files[0]["filename"]
    path = os.path.join(CACHE, filename)
    with urllib.request.urlopen(url, timeout=120) as r:
        data = r.read()
    if hashlib.sha256(data).hexdigest() != files[0]["digests"]["sha256"]:
        raise RuntimeError(f"sha256 mismatch for {filename}")
    with open(path + ".part", "wb") as f:
        f.write(data)
    os.replace(path + ".part", path)
    return path


def extract(archive, dest):
    shutil.rmtree(dest, ignore_errors=True)
    os.makedirs(dest)
    if archive.endswith(".zip"):
        with zipfile.ZipFile(archive) as z:
            z.extractall(dest)
    else:
        with tarfile.open(archive) as t:
            t.extractall(dest, filter="data")
    entries = os.listdir(dest)
    if len(entries) == 1 and os.path.isdir(os.path.join(dest, entries[0])):
        return os.path.join(dest, entries[0])
    return dest


def tree_digest(root):
    h = hashlib.sha256()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            h.update(os.path.relpath(path, root).encode())
            if not os.path.islink(path):
                with open(path, "rb") as f:
                    h.update(hashlib.sha256(f.read()).digest())
    return h.hexdigest()


def build(python, project, out, env, timeout):
    shutil.rmtree(out, ignore_errors=True)
    try:
        done = subprocess.run(
            [python, WHEEL_METADATA, project, out],
            capture_output=True,
            text=True,
            env=env,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return None, "build timed out"
    if done.returncode != 0:
        return None, (done.stdout + done.stderr)[-3000:]
    return json.loads(done.stdout), None


def snakeshift(project, env):
    done = subprocess.run(
        [SNAKESHIFT, "--apply", "--select", "packaging", project],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    return done.returncode, done.stdout, done.stderr


def refusal(stderr):
    lines = [line.strip() for line in stderr.splitlines() if "not converted:" in line]
    return lines


def run_one(spec, python, timeout):
    name, version = spec.split("==")
    result = {"spec": spec}
    try:
        archive = download(spec)
    except Exception as e:  # noqa: BLE001 - recorded, not raised
        result.update(outcome="download-fails", detail=str(e))
        return result
    work = os.path.join(WORK, spec.replace("==", "-"))
    orig = extract(archive, os.path.join(work, "orig"))
    conv = extract(archive, os.path.join(work, "conv"))
    env = dict(os.environ, PBR_VERSION=version, PIP_NO_INDEX="1", SETUPTOOLS_USE_DISTUTILS="local")
    before, error = build(python, orig, os.path.join(work, "wheel-orig"), env, timeout)
    if before is None:
        result.update(outcome="original-fails", detail=error)
        return result
    rc, _, stderr = snakeshift(conv, env)
    result["snakeshift_rc"] = rc
    result["report"] = stderr[-6000:]
    reasons = refusal(stderr)
    has_pyproject = os.path.exists(os.path.join(conv, "pyproject.toml"))
    if reasons and not has_pyproject:
        result.update(outcome="refused", detail="\n".join(reasons))
        return result
    if rc not in (0, 1):
        result.update(outcome="snakeshift-fails", detail=stderr[-3000:])
        return result
    digest = tree_digest(conv)
    rc2, _, stderr2 = snakeshift(conv, env)
    if tree_digest(conv) != digest:
        result["not_idempotent"] = stderr2[-3000:]
    validator = os.path.join(os.path.dirname(python), "validate-pyproject")
    if has_pyproject and os.path.exists(validator):
        v = subprocess.run(
            [validator, os.path.join(conv, "pyproject.toml")], capture_output=True, text=True
        )
        if v.returncode != 0:
            result["invalid_pyproject"] = (v.stdout + v.stderr)[-3000:]
    if reasons:
        result["refusals"] = reasons
    after, error = build(python, conv, os.path.join(work, "wheel-conv"), env, timeout)
    if after is None:
        result.update(outcome="converted-build-fails", detail=error)
        return result
    if before == after:
        outcome = "identical"
    else:
        a = json.dumps(before, indent=1, sort_keys=True).splitlines()
        b = json.dumps(after, indent=1, sort_keys=True).splitlines()
        result["detail"] = "\n".join(
            difflib.unified_diff(a, b, "original", "converted", lineterm="", n=1)
        )
        outcome = "differs"
    if outcome == "identical" and "not_idempotent" in result:
        outcome = "not-idempotent"
    if outcome == "identical" and "invalid_pyproject" in result:
        outcome = "invalid-pyproject"
    if outcome == "identical" and not has_pyproject:
        outcome = "unchanged"
    result["outcome"] = outcome
    return result


ORDER = [
    "identical",
    "differs",
    "refused",
    "converted-build-fails",
    "not-idempotent",
    "invalid-pyproject",
    "unchanged",
    "snakeshift-fails",
    "original-fails",
    "download-fails",
]


def report(results, path):
    counts = {}
    for r in results:
        counts[r["outcome"]] = counts.get(r["outcome"], 0) + 1
    lines = ["# setup.py → pyproject.toml on real sdists", ""]
    lines.append(f"{len(results)} projects: " + ", ".join(
        f"{counts[o]} {o}" for o in ORDER if o in counts
    ))
    lines.append("")
    lines.append("| project | outcome | detail |")
    lines.append("| --- | --- | --- |")
    for r in sorted(results, key=lambda r: (ORDER.index(r["outcome"]), r["spec"].lower())):
        detail = (r.get("detail") or "").strip().splitlines()
        first = detail[-1] if r["outcome"] == "original-fails" and detail else (
            detail[0] if detail else ""
        )
        first = first.replace("|", "\\|")[:200]
        lines.append(f"| {r['spec']} | {r['outcome']} | {first} |")
    lines.append("")
    for r in sorted(results, key=lambda r: (ORDER.index(r["outcome"]), r["spec"].lower())):
        if r["outcome"] in ("identical", "unchanged"):
            continue
        lines.append(f"## {r['spec']}: {r['outcome']}")
        lines.append("")
        for key in ("detail", "refusals", "not_idempotent", "invalid_pyproject"):
            value = r.get(key)
            if value:
                if isinstance(value, list):
                    value = "\n".join(value)
                lines.append(f"{key}:")
                lines.append("```")
                lines.append(value.strip()[-4000:])
                lines.append("```")
        lines.append("")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("specs", nargs="*")
    parser.add_argument("--python")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--timeout", type=int, default=900)
    parser.add_argument(
        "--name", default="report", help="write NAME.md and NAME.json (default: report)"
    )
    parser.add_argument("--only", nargs="*", help="names (case-insensitive) from the list")
    parser.add_argument(
        "--merge", action="store_true", help="update the previous results.json with these runs"
    )
    args = parser.parse_args()
    python = args.python
    if not python:
        python = os.path.join(OUT, "venv", "bin", "python")
        if not os.path.exists(python):
            python = os.path.join(os.environ.get("SNAKESHIFT_VENV311", ""), "bin", "python")
    if not os.path.exists(python):
        sys.exit("no venv python: pass --python or set SNAKESHIFT_VENV311")
    if not os.path.exists(SNAKESHIFT):
        sys.exit("build snakeshift first: cargo build --release")
    specs = args.specs or DEFAULT
    if args.only:
        wanted = {n.lower() for n in args.only}
        specs = [s for s in specs if s.split("==")[0].lower() in wanted]
    results = []
    start = time.time()
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = {pool.submit(run_one, s, python, args.timeout): s for s in specs}
        for future in concurrent.futures.as_completed(futures):
            spec = futures[future]
            try:
                r = future.result()
            except Exception as e:  # noqa: BLE001 - recorded, not raised
                r = {"spec": spec, "outcome": "snakeshift-fails", "detail": repr(e)}
            log(f"{r['outcome']:22} {spec}")
            results.append(r)
    os.makedirs(OUT, exist_ok=True)
    results_file = "results.json" if args.name == "report" else f"{args.name}.json"
    previous = os.path.join(OUT, results_file)
    if args.merge and os.path.exists(previous):
        with open(previous) as f:
            done = {r["spec"] for r in results}
            results += [r for r in json.load(f) if r["spec"] not in done]
    with open(previous, "w") as f:
        json.dump(sorted(results, key=lambda r: r["spec"].lower()), f, indent=1)
    counts = report(results, os.path.join(OUT, f"{args.name}.md"))
    log(f"{len(results)} projects in {time.time() - start:.0f}s: {counts}")
    log(f"report: {os.path.join(OUT, args.name + '.md')}")


if __name__ == "__main__":
    main()
