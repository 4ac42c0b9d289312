//! The Python wheel: maturin (pinned in the provisioned venv) builds the binary into a wheel,
//! offline and in release mode once (into the workspace's own `target/release`); the wheel
//! installs with pip into a fresh virtualenv, where `snakeshift` runs without any Rust
//! toolchain, and a `language: python` pre-commit hook installs it from a local index.

mod common;

use common::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn check(out: &Output, what: &str) {
    assert!(
        out.status.success(),
        "{what} failed:\n{}{}",
        stdout(out),
        stderr(out)
    );
}

/// Builds the wheel into `dist` and returns its path.
fn build_wheel(dist: &Path) -> PathBuf {
    let out = Command::new(provisioned_venv().join("bin").join("maturin"))
        .args(["build", "--release", "--locked", "--offline", "--out"])
        .arg(dist)
        .current_dir(repo_root())
        .env("CARGO_TARGET_DIR", repo_root().join("target"))
        .output()
        .expect("maturin runs");
    check(&out, "maturin build");
    let wheels: Vec<PathBuf> = fs::read_dir(dist)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "whl"))
        .collect();
    let [wheel] = wheels.as_slice() else {
        panic!("expected one wheel, found {wheels:?}");
    };
    let name = wheel.file_name().unwrap().to_string_lossy().into_owned();
    let version = env!("CARGO_PKG_VERSION");
    assert!(
        name.starts_with(&format!("snakeshift-{version}-py3-none-")),
        "a binary wheel for any Python 3: {name}"
    );
    wheel.clone()
}

/// The wheel's file names and its METADATA, read by Python's zipfile.
fn wheel_contents(wheel: &Path) -> (Vec<String>, String) {
    let out = run_python(
        &python311(),
        Path::new("."),
        &[],
        &[
            "-c",
            "import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nnames = z.namelist()\nprint('\\n'.join(names))\nprint('---')\nprint(z.read([n for n in names if n.endswith('.dist-info/METADATA')][0]).decode())",
            wheel.to_str().unwrap(),
        ],
    );
    check(&out, "reading the wheel");
    let text = stdout(&out);
    let (names, metadata) = text.split_once("\n---\n").unwrap();
    (
        names.lines().map(str::to_owned).collect(),
        metadata.to_owned(),
    )
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(["-c", "user.name=test", "-c", "user.email=test@example.org"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    check(&out, "git");
}

#[test]
fn the_wheel_installs_and_runs_without_a_rust_toolchain() {
    let scratch = tempfile::tempdir().unwrap();
    let dist = scratch.path().join("dist");
    let wheel = build_wheel(&dist);
    let version = env!("CARGO_PKG_VERSION");

    let (names, metadata) = wheel_contents(&wheel);
    assert!(
        names.contains(&format!("snakeshift-{version}.data/scripts/snakeshift")),
        "{names:?}"
    );
    assert!(
        !names.iter().any(|n| n.ends_with(".py")),
        "only the binary: {names:?}"
    );
    for line in [
        "Name: snakeshift".to_owned(),
        format!("Version: {version}"),
        "Requires-Python: >=3.8".to_owned(),
        "Classifier: Programming Language :: Python :: 3.14".to_owned(),
    ] {
        assert!(metadata.lines().any(|l| l == line), "{line}:\n{metadata}");
    }

    // A fresh virtualenv; pip installs the wheel from the local directory only, and the PATH
    // has no cargo or rustc.
    let venv = scratch.path().join("venv");
    check(
        &Command::new(python311())
            .args(["-m", "venv"])
            .arg(&venv)
            .output()
            .unwrap(),
        "venv",
    );
    let bin = venv.join("bin");
    let install = Command::new(bin.join("python"))
        .args([
            "-m",
            "pip",
            "install",
            "--no-index",
            "--disable-pip-version-check",
        ])
        .arg(&wheel)
        .output()
        .unwrap();
    check(&install, "pip install");
    let run = |dir: &Path, args: &[&str]| {
        Command::new(bin.join("snakeshift"))
            .args(args)
            .current_dir(dir)
            .env("PATH", &bin)
            .output()
            .unwrap()
    };
    let out = run(scratch.path(), &["--version"]);
    check(&out, "snakeshift --version");
    assert_eq!(stdout(&out), format!("snakeshift {version}\n"));

    // A dry run of the example project prints what the workspace's binary prints.
    let from_wheel = example_copy();
    let from_cargo = example_copy();
    let before = snapshot(from_wheel.path());
    let ours = run(from_wheel.path(), &["."]);
    let reference = snakeshift(from_cargo.path(), &["."]);
    assert_eq!(ours.status.code(), Some(1), "{}", stderr(&ours));
    assert!(
        stdout(&ours).contains("+++ b/pyproject.toml"),
        "{}",
        stdout(&ours)
    );
    assert_eq!(stdout(&ours), stdout(&reference));
    assert_eq!(stderr(&ours), stderr(&reference));
    assert_eq!(
        snapshot(from_wheel.path()),
        before,
        "a dry run changes nothing"
    );

    // A `language: python` pre-commit hook gets snakeshift from pip (here: from the local
    // wheel directory, with no index), not from a Rust build.
    let repo = scratch.path().join("repo");
    fs::create_dir_all(&repo).unwrap();
    git(&repo, &["init", "-q"]);
    fs::write(
        repo.join("tool.py"),
        "from distutils.core import setup\n\nsetup(name=\"tool\")\n",
    )
    .unwrap();
    fs::write(
        repo.join(".pre-commit-config.yaml"),
        "repos:\n  - repo: local\n    hooks:\n      - id: snakeshift\n        name: snakeshift\n        entry: snakeshift --apply --force-exclude\n        language: python\n        additional_dependencies: [snakeshift]\n        types_or: [python, pyi]\n        require_serial: true\n",
    )
    .unwrap();
    git(&repo, &["add", "."]);
    let hook = Command::new(provisioned_venv().join("bin").join("pre-commit"))
        .args(["run", "--all-files"])
        .current_dir(&repo)
        .env("PRE_COMMIT_HOME", scratch.path().join("pre-commit-home"))
        .env("PRE_COMMIT_COLOR", "never")
        .env("PIP_NO_INDEX", "1")
        // pre-commit installs its placeholder package too, built by setuptools.
        .env(
            "PIP_FIND_LINKS",
            format!("{} {}", dist.display(), wheels314().display()),
        )
        .output()
        .unwrap();
    let log = format!("{}{}", stdout(&hook), stderr(&hook));
    assert_eq!(hook.status.code(), Some(1), "{log}");
    assert!(log.contains("files were modified by this hook"), "{log}");
    assert_eq!(
        fs::read_to_string(repo.join("tool.py")).unwrap(),
        "from setuptools import setup\n\nsetup(name=\"tool\")\n"
    );
}
