//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh copy of `examples/legacy-project` in a temporary directory.
pub fn example_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo_root().join("examples/legacy-project"), dir.path());
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            if entry.file_name() != "__pycache__" {
                copy_dir(&entry.path(), &target);
            }
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Runs the built `snakeshift` in `dir`.
pub fn snakeshift(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_snakeshift"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// Every file under `dir` with its bytes, sorted by path.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_dir() {
                // The result cache, which any run may write.
                if entry.file_name() != ".snakeshift_cache" {
                    stack.push(entry.path());
                }
            } else {
                let rel = entry.path().strip_prefix(dir).unwrap().to_path_buf();
                files.push((rel, fs::read(entry.path()).unwrap()));
            }
        }
    }
    files.sort();
    files
}

/// Runs `git apply` with `args` in `dir`, feeding `patch` on stdin.
pub fn git_apply(dir: &Path, patch: &str, args: &[&str]) -> Output {
    use std::io::Write;
    let mut child = Command::new("git")
        .arg("apply")
        .args(args)
        .current_dir(dir)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("git is installed");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(patch.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// A provisioned interpreter or directory, from `scripts/provision.sh --print-env`.
fn provisioned(var: &str) -> PathBuf {
    match std::env::var_os(var) {
        Some(p) => PathBuf::from(p),
        None => panic!(
            "{var} is not set: run the tests with scripts/test.sh, which provisions real CPython 3.14 and the 3.11 tools"
        ),
    }
}

/// Real CPython 3.14 (Debian sid's build, run through its own loader).
pub fn python314() -> PathBuf {
    provisioned("SNAKESHIFT_PY314")
}

/// Real CPython 3.15 (Debian sid's build, run through its own loader), for the 3.15 target.
pub fn python315() -> PathBuf {
    provisioned("SNAKESHIFT_PY315")
}

/// setuptools and packaging for CPython 3.14, to put on `PYTHONPATH`.
pub fn python314_site() -> PathBuf {
    provisioned("SNAKESHIFT_PY314_SITE")
}

/// The CPython 3.11 of the provisioned virtualenv (setuptools, build, pre-commit…).
pub fn python311() -> PathBuf {
    provisioned_venv().join("bin").join("python")
}

/// The provisioned 3.11 virtualenv.
pub fn provisioned_venv() -> PathBuf {
    provisioned("SNAKESHIFT_VENV311")
}

/// Runs `python` on `args` in `dir` with `PYTHONPATH`, returning its output.
pub fn run_python(python: &Path, dir: &Path, pythonpath: &[&Path], args: &[&str]) -> Output {
    python_command(python, dir, pythonpath, args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", python.display()))
}

/// Runs the 3.11 interpreter with the standard library's `distutils` (not setuptools' newer
/// copy, whose `strtobool` returns bools), as on a Python without setuptools.
pub fn run_python311(dir: &Path, pythonpath: &[&Path], args: &[&str]) -> Output {
    python_command(&python311(), dir, pythonpath, args)
        .env("SETUPTOOLS_USE_DISTUTILS", "stdlib")
        .output()
        .unwrap()
}

fn python_command(python: &Path, dir: &Path, pythonpath: &[&Path], args: &[&str]) -> Command {
    let path = std::env::join_paths(pythonpath).unwrap();
    let mut cmd = Command::new(python);
    cmd.args(args)
        .current_dir(dir)
        .env("PYTHONPATH", path)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("PYTHONHASHSEED", "0");
    cmd
}

/// Runs the built `snakeshift` in `dir` with `input` on stdin and extra environment variables.
pub fn snakeshift_with(dir: &Path, args: &[&str], input: &[u8], env: &[(&str, &str)]) -> Output {
    use std::io::Write;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_snakeshift"));
    cmd.args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("FORCE_COLOR")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

/// Writes `files` (path, content) under `dir`.
pub fn write_files(dir: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let p = dir.join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
}

/// Pinned wheels (pip, setuptools, backports) for installing into 3.14 virtualenvs offline.
pub fn wheels314() -> PathBuf {
    provisioned("SNAKESHIFT_WHEELS314")
}

/// A fresh CPython 3.14 virtualenv in `dir`; returns its interpreter. sid's interpreter only
/// runs through sid's loader, so the venv's `python3.14` is the provisioned wrapper with the
/// venv's own path as `argv[0]` (which is how CPython finds the venv's `pyvenv.cfg`).
pub fn venv314(dir: &Path) -> PathBuf {
    let base = python314();
    let out = Command::new(&base)
        .args(["-m", "venv", "--without-pip"])
        .arg(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "venv: {}", stderr(&out));
    let python = dir.join("bin").join("python3.14");
    let wrapper = fs::read_to_string(&base).unwrap();
    let argv0 = format!("--argv0 '{}'", base.display());
    assert!(wrapper.contains(&argv0), "unexpected wrapper:\n{wrapper}");
    let own = wrapper.replace(&argv0, &format!("--argv0 '{}'", python.display()));
    fs::remove_file(&python).unwrap();
    fs::write(&python, own).unwrap();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&python, fs::Permissions::from_mode(0o755)).unwrap();
    python
}

/// Runs pip (from its pinned wheel) with a 3.14 virtualenv's interpreter, offline: packages
/// come from the provisioned wheelhouse only.
pub fn pip314(python: &Path, args: &[&str]) -> Output {
    let wheels = wheels314();
    let pip = fs::read_dir(&wheels)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("pip-"))
        .expect("the wheelhouse has pip");
    Command::new(python)
        .arg(pip.join("pip"))
        .args(args)
        .args(["--no-index", "--find-links"])
        .arg(&wheels)
        .args(["--disable-pip-version-check", "--no-input"])
        .env("PIP_NO_CACHE_DIR", "1")
        .output()
        .unwrap()
}
