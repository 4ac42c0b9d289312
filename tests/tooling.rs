//! The tooling rewrites, checked by the real tools (from the provisioned 3.11 venv): `tox -l`
//! reads the rewritten tox.ini, `nox --list` the rewritten noxfile.py, PyYAML the rewritten
//! workflow, and `validate-pyproject` (with trove-classifiers) the rewritten pyproject.toml.

mod common;

use common::*;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

const PYPROJECT: &str = r#"[build-system]
requires = ["setuptools>=64"]
build-backend = "setuptools.build_meta"

[project]
name = "demo"
version = "1.0"
requires-python = ">=3.11"
classifiers = [
    "Programming Language :: Python :: 3",
    "Programming Language :: Python :: 3.11",
    "Programming Language :: Python :: 3.12",  # newest
    "License :: OSI Approved :: MIT License",
]
"#;

const TOX_INI: &str = "[tox]\r\n# default environments\r\nenvlist = py3{11,12}, lint\r\n\r\n[testenv]\r\ncommands = python -c \"print(1)\"\r\n\r\n[testenv:lint]\r\ncommands = python -c \"print(2)\"\r\n";

const NOXFILE: &str = r#"import nox

VERSIONS = ["3.11", "3.12"]


@nox.session(python=VERSIONS)
def tests(session):
    session.run("python", "-c", "print(1)")


@nox.session(python="3.12")
def lint(session):
    session.run("python", "-c", "print(2)")
"#;

const WORKFLOW: &str = r#"name: CI
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        python-version:
          - "3.11"
          - "3.12"  # newest
        include:
          - python-version: "3.12"
            coverage: true
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v4
        with:
          python-version: ${{ matrix.python-version }}
      - run: pip install tox && tox -e py
"#;

fn write(dir: &Path, path: &str, text: &str) {
    let p = dir.join(path);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

fn tool(dir: &Path, name: &str, args: &[&str]) -> Output {
    Command::new(provisioned_venv().join("bin").join(name))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {name}: {e}"))
}

fn lines(out: &Output) -> Vec<String> {
    assert!(out.status.success(), "{}{}", stdout(out), stderr(out));
    stdout(out)
        .lines()
        .map(|l| l.trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn tooling_files_gain_python_3_14_and_the_tools_read_them() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "pyproject.toml", PYPROJECT);
    write(root, "tox.ini", TOX_INI);
    write(root, "noxfile.py", NOXFILE);
    write(root, ".github/workflows/ci.yml", WORKFLOW);
    write(root, "demo.py", "print('demo')\n");

    assert_eq!(
        lines(&tool(root, "tox", &["-l"])),
        ["py311", "py312", "lint"]
    );

    // The dry run's diff, applied by git, gives what --apply writes.
    let copy = tempfile::tempdir().unwrap();
    copy_dir(root, copy.path());
    let dry = snakeshift(root, &["--select", "tooling"]);
    assert_eq!(dry.status.code(), Some(1), "{}", stderr(&dry));
    let applied = snakeshift(copy.path(), &["--select", "tooling", "--apply"]);
    assert_eq!(applied.status.code(), Some(0), "{}", stderr(&applied));
    let git = git_apply(root, &stdout(&dry), &[]);
    assert!(git.status.success(), "{}", stderr(&git));
    assert_eq!(snapshot(root), snapshot(copy.path()));
    let summary = stderr(&applied);
    assert!(summary.contains("Rewrote 4 files (5 fixes)"), "{summary}");

    // tox
    let tox_ini = fs::read_to_string(root.join("tox.ini")).unwrap();
    assert_eq!(
        tox_ini,
        TOX_INI.replace("py3{11,12}", "py3{11,12,13,14}"),
        "only the envlist changes, CRLF kept"
    );
    assert_eq!(
        lines(&tool(root, "tox", &["-l"])),
        ["py311", "py312", "py313", "py314", "lint"]
    );

    // nox
    let sessions = lines(&tool(root, "nox", &["--list", "--no-color"]));
    for s in [
        "tests-3.11",
        "tests-3.12",
        "tests-3.13",
        "tests-3.14",
        "lint",
    ] {
        assert!(
            sessions.iter().any(|l| l.contains(s)),
            "{s} missing: {sessions:?}"
        );
    }
    assert!(
        fs::read_to_string(root.join("noxfile.py"))
            .unwrap()
            .contains("VERSIONS = [\"3.11\", \"3.12\", \"3.13\", \"3.14\"]")
    );

    // The workflow, read by PyYAML: the list gained the versions, the rest is unchanged.
    let yaml = tool(
        root,
        "python",
        &[
            "-c",
            "import json, yaml; w = yaml.safe_load(open('.github/workflows/ci.yml')); j = w['jobs']['test']; print(json.dumps([j['strategy']['matrix'], [s.get('uses') for s in j['steps']]]))",
        ],
    );
    assert_eq!(
        lines(&yaml),
        [
            r#"[{"python-version": ["3.11", "3.12", "3.13", "3.14"], "include": [{"python-version": "3.12", "coverage": true}]}, ["actions/checkout@v4", "actions/setup-python@v6", null]]"#
        ]
    );
    let workflow = fs::read_to_string(root.join(".github/workflows/ci.yml")).unwrap();
    assert!(
        workflow.contains("          - \"3.12\"  # newest\n          - \"3.13\"\n          - \"3.14\"\n        include:"),
        "{workflow}"
    );

    // pyproject.toml: valid, with known classifiers.
    let pyproject = fs::read_to_string(root.join("pyproject.toml")).unwrap();
    assert!(
        pyproject.contains("    \"Programming Language :: Python :: 3.12\",  # newest\n    \"Programming Language :: Python :: 3.13\",\n    \"Programming Language :: Python :: 3.14\",\n    \"License"),
        "{pyproject}"
    );
    let valid = tool(root, "validate-pyproject", &["pyproject.toml"]);
    assert!(
        valid.status.success(),
        "{}{}",
        stdout(&valid),
        stderr(&valid)
    );

    // A second run changes nothing.
    let again = snakeshift(root, &["--select", "tooling"]);
    assert_eq!(
        again.status.code(),
        Some(0),
        "{}{}",
        stdout(&again),
        stderr(&again)
    );
}

#[test]
fn tox_toml_env_list_gains_the_target_and_tox_reads_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let tox_toml = "requires = [\"tox>=4.21\"]\nenv_list = [\"3.12\", \"type\"]  # defaults\n\n[env_run_base]\ncommands = [[\"python\", \"-c\", \"print(1)\"]]\n";
    write(root, "tox.toml", tox_toml);
    let out = snakeshift(root, &["--apply", "--target-version", "3.13"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        fs::read_to_string(root.join("tox.toml")).unwrap(),
        tox_toml.replace("[\"3.12\", \"type\"]", "[\"3.12\", \"3.13\", \"type\"]")
    );
    assert_eq!(lines(&tool(root, "tox", &["-l"])), ["3.12", "3.13", "type"]);
}
