"""Build a project's wheel with the real setuptools and print what it declares, normalised.

    python wheel_metadata.py PROJECT_DIR OUT_DIR

Builds with `python -m build --wheel --no-isolation` (the running interpreter's setuptools,
no network) and prints one JSON object: the core metadata fields a conversion must keep
(Requires-Dist as a normalised set, extras canonicalised, authors as sets of names and
emails, URLs with `Home-page`/`Download-URL` as their `Homepage`/`Download` labels,
keywords as a set) and the wheel's file list. The description is compared without the
whitespace at its ends and with runs of blank lines collapsed (setuptools' `file` directive
joins readmes with one newline); a missing content type counts as `text/x-rst`, which is
what PyPI assumes; Requires-Python is compared as a specifier set (`[project]` orders its
clauses).
"""

import email.parser
import email.utils
import glob
import json
import os
import re
import subprocess
import sys
import zipfile

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name


def build(project, out):
    os.makedirs(out, exist_ok=True)
    done = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", out, project],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        sys.exit(f"building {project} failed:\n{done.stdout}\n{done.stderr}")
    wheels = glob.glob(os.path.join(out, "*.whl"))
    if len(wheels) != 1:
        sys.exit(f"expected one wheel in {out}, found {wheels}")
    return wheels[0]


def people(msg, field):
    names, emails = set(), set()
    for value in msg.get_all(field.title(), []):
        names.update(n.strip() for n in value.split(",") if n.strip())
    for value in msg.get_all(field.title() + "-email", []):
        for name, addr in email.utils.getaddresses([value]):
            if name:
                names.add(name)
            if addr:
                emails.add(addr)
    return {"names": sorted(names), "emails": sorted(emails)}


def normalise_requirement(text):
    req = Requirement(text)
    return str(req)


def requires_python(value):
    # `[project]` stores a SpecifierSet, which orders the clauses.
    return str(SpecifierSet(value)) if value else None


def keywords(msg):
    value = msg.get("Keywords") or ""
    parts = value.split(",") if "," in value else value.split()
    return sorted(p.strip() for p in parts if p.strip())


def description(msg):
    body = msg.get_payload() or msg.get("Description") or ""
    body = body.strip()
    return re.sub(r"\n\s*\n+", "\n\n", body)


def metadata(wheel):
    with zipfile.ZipFile(wheel) as z:
        names = sorted(z.namelist())
        meta_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
        msg = email.parser.Parser().parsestr(z.read(meta_name).decode("utf-8"))
        entry_points = {}
        ep_name = meta_name.replace("METADATA", "entry_points.txt")
        if ep_name in names:
            group = None
            for line in z.read(ep_name).decode("utf-8").splitlines():
                line = line.strip()
                if line.startswith("["):
                    group = line[1:-1]
                    entry_points.setdefault(group, {})
                elif "=" in line and group:
                    k, v = line.split("=", 1)
                    entry_points[group][k.strip()] = v.strip()
    urls = set()
    if msg.get("Home-page"):
        urls.add(("Homepage", msg["Home-page"]))
    if msg.get("Download-URL"):
        urls.add(("Download", msg["Download-URL"]))
    for value in msg.get_all("Project-URL", []):
        label, _, url = value.partition(",")
        urls.add((label.strip(), url.strip()))
    return {
        "wheel": os.path.basename(wheel),
        "name": msg.get("Name"),
        "version": msg.get("Version"),
        "summary": msg.get("Summary"),
        "description": description(msg),
        "description_content_type": msg.get("Description-Content-Type") or "text/x-rst",
        "requires_python": requires_python(msg.get("Requires-Python")),
        "requires_dist": sorted(normalise_requirement(r) for r in msg.get_all("Requires-Dist", [])),
        "provides_extra": sorted(canonicalize_name(e) for e in msg.get_all("Provides-Extra", [])),
        "entry_points": entry_points,
        "authors": people(msg, "author"),
        "maintainers": people(msg, "maintainer"),
        "license": msg.get("License-Expression") or msg.get("License"),
        "classifiers": msg.get_all("Classifier", []),
        "urls": sorted(list(u) for u in urls),
        "keywords": keywords(msg),
        "platforms": msg.get_all("Platform", []),
        "files": [n for n in names if not n.endswith(".dist-info/RECORD")],
    }


if __name__ == "__main__":
    wheel = build(sys.argv[1], sys.argv[2])
    print(json.dumps(metadata(wheel), indent=1, sort_keys=True))
