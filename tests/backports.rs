//! `--backports`: the removed modules named are restored by their packages instead of being
//! rewritten. The migrated projects are installed with the real pip into CPython 3.14
//! virtualenvs (offline, from the provisioned wheelhouse) and their code runs there.

mod common;

use common::*;
use std::fs;
use std::path::Path;

const PYPROJECT: &str = r#"[build-system]
requires = ["setuptools>=64"]
build-backend = "setuptools.build_meta"

[project]
name = "pics"
version = "1.0"
requires-python = ">=3.9"
# Runtime dependencies.
dependencies = [
]
"#;

const PICS_INIT: &str = r#""""Image helpers."""
import imghdr

PNG = b"\x89PNG\r\n\x1a\n" + bytes(24)


def kind(header):
    return imghdr.what(None, h=header)
"#;

/// An asyncore server with a `handle_error` (a shape the asyncore migration does not take):
/// it uppercases what it receives.
const PICS_ECHO: &str = r#"import asyncore
import socket


class Upper(asyncore.dispatcher_with_send):
    def handle_read(self):
        data = self.recv(1024)
        if data:
            self.send(data.upper())

    def handle_error(self):
        raise


class Server(asyncore.dispatcher):
    def __init__(self):
        super().__init__()
        self.create_socket(socket.AF_INET, socket.SOCK_STREAM)
        self.bind(("127.0.0.1", 0))
        self.listen(1)

    def handle_accepted(self, sock, addr):
        Upper(sock)


def roundtrip(message):
    server = Server()
    client = socket.create_connection(server.socket.getsockname())
    client.sendall(message)
    client.setblocking(False)
    reply = b""
    for _ in range(500):
        asyncore.loop(timeout=0.01, count=1)
        try:
            reply += client.recv(1024)
        except BlockingIOError:
            pass
        if len(reply) >= len(message):
            break
    client.close()
    server.close()
    return reply
"#;

const CHECK: &str =
    "import pics, pics.echo; print(pics.kind(pics.PNG), pics.echo.roundtrip(b'hello'))";

fn write(dir: &Path, path: &str, text: &str) {
    let p = dir.join(path);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

fn pics_project(dir: &Path) {
    write(dir, "pyproject.toml", PYPROJECT);
    write(dir, "pics/__init__.py", PICS_INIT);
    write(dir, "pics/echo.py", PICS_ECHO);
}

/// Installs `project` into a new 3.14 virtualenv under `scratch` and runs `code` there.
fn install_and_run(scratch: &Path, project: &Path, code: &str) -> std::process::Output {
    let python = venv314(&scratch.join("venv"));
    let install = pip314(&python, &["install", project.to_str().unwrap()]);
    assert!(
        install.status.success(),
        "pip install under 3.14 failed:\n{}{}",
        stdout(&install),
        stderr(&install)
    );
    run_python(&python, scratch, &[], &["-c", code])
}

#[test]
fn backported_modules_keep_the_code_and_run_under_python_3_14() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("project");
    pics_project(&project);

    // Without the backports, the code is reported and does not run on 3.14.
    let plain = snakeshift(&project, &[]);
    let report = stderr(&plain);
    assert!(
        report.contains("`imghdr` was removed in Python 3.13"),
        "{report}"
    );
    assert!(
        report.contains("`snakeshift --backports imghdr` adds `standard-imghdr`"),
        "{report}"
    );
    assert!(report.contains("--backports asyncore"), "{report}");
    let before = install_and_run(&dir.path().join("before"), &project, CHECK);
    assert!(
        stderr(&before).contains("ModuleNotFoundError: No module named 'imghdr'"),
        "{}",
        stderr(&before)
    );

    // The dry run shows only the dependencies; no finding is left for the two modules.
    let dry = snakeshift(&project, &["--backports", "imghdr,asyncore"]);
    assert_eq!(dry.status.code(), Some(1), "{}", stderr(&dry));
    let diff = stdout(&dry);
    assert!(diff.starts_with("--- a/pyproject.toml\n"), "{diff}");
    assert!(!diff.contains("pics/"), "the code is left alone:\n{diff}");
    assert!(
        !stderr(&dry).contains("removed in Python"),
        "{}",
        stderr(&dry)
    );

    let applied = snakeshift(&project, &["--backports", "imghdr,asyncore", "--apply"]);
    assert_eq!(applied.status.code(), Some(0), "{}", stderr(&applied));
    assert_eq!(
        fs::read_to_string(project.join("pyproject.toml")).unwrap(),
        PYPROJECT.replace(
            "dependencies = [\n]",
            "dependencies = [\n    \"standard-asyncore; python_version >= '3.12'\",\n    \"standard-imghdr; python_version >= '3.13'\",\n]"
        ),
    );
    assert_eq!(
        fs::read_to_string(project.join("pics/__init__.py")).unwrap(),
        PICS_INIT
    );
    assert_eq!(
        fs::read_to_string(project.join("pics/echo.py")).unwrap(),
        PICS_ECHO
    );
    let again = snakeshift(&project, &["--backports", "imghdr,asyncore"]);
    assert_eq!(
        again.status.code(),
        Some(0),
        "{}{}",
        stdout(&again),
        stderr(&again)
    );

    // pip installs the backports with the project, and the unchanged code runs on 3.14.
    let after = install_and_run(&dir.path().join("after"), &project, CHECK);
    assert_eq!(stdout(&after), "png b'HELLO'\n", "{}", stderr(&after));
}

#[test]
fn a_setup_py_project_is_converted_first_and_gets_the_backport() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("project");
    write(
        &project,
        "setup.py",
        "from distutils.core import setup\n\nsetup(\n    name=\"pics\",\n    version=\"1.0\",\n    packages=[\"pics\"],\n)\n",
    );
    write(&project, "pics/__init__.py", PICS_INIT);

    let applied = snakeshift(&project, &["--backports", "all", "--apply"]);
    assert_eq!(applied.status.code(), Some(0), "{}", stderr(&applied));
    assert!(!project.join("setup.py").exists(), "{}", stderr(&applied));
    let pyproject = fs::read_to_string(project.join("pyproject.toml")).unwrap();
    assert!(
        pyproject.contains("dependencies = [\"standard-imghdr; python_version >= '3.13'\"]"),
        "{pyproject}"
    );

    let out = install_and_run(
        dir.path(),
        &project,
        "import pics; print(pics.kind(pics.PNG))",
    );
    assert_eq!(stdout(&out), "png\n", "{}", stderr(&out));
}

#[test]
fn backports_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("project");
    write(&project, "pyproject.toml", PYPROJECT);
    write(&project, "pics/__init__.py", PICS_INIT);

    // `--backports` brings its dependencies along whatever `--select` says…
    let out = snakeshift(&project, &["--select", "typing", "--backports", "imghdr"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("+    \"standard-imghdr; python_version >= '3.13'\",\n"),
        "{}",
        stdout(&out)
    );
    // …unless they are ignored: then the code is only left alone.
    let out = snakeshift(
        &project,
        &["--backports", "imghdr", "--ignore", "backport-dependencies"],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert_eq!(stdout(&out), "");

    // A module without a backport is a usage error.
    let out = snakeshift(&project, &["--backports", "imghdr,nis"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("error: --backports: no backport package is known for `nis`"),
        "{}",
        stderr(&out)
    );

    // A file outside any project: the backport cannot be declared, the finding says so.
    let loose = dir.path().join("loose");
    write(&loose, "script.py", "import imghdr\n");
    let out = snakeshift(&loose, &["--backports", "imghdr"]);
    assert_eq!(out.status.code(), Some(1));
    let report = stderr(&out);
    assert!(
        report.contains(
            "script.py:1:1: backport-dependencies: `imghdr` is restored by `standard-imghdr`"
        ),
        "{report}"
    );
    assert!(
        report.contains("install `standard-imghdr` wherever this code runs"),
        "{report}"
    );
}
