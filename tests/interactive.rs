//! `snakeshift -i`: the real binary driven in a pseudo-terminal (Python's `pty`, through
//! `tests/interactive/drive.py`), its answers checked against `--apply --select` runs.

mod common;

use common::{python314, repo_root, snakeshift, stderr, write_files};
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

const A: &str = "\
import imp


def f(x):
    return imp.reload(x)
";

const B: &str = "\
import asyncio
from distutils.version import LooseVersion


def g():
    return asyncio.get_event_loop()


V = LooseVersion(\"1.0\")
";

/// Runs `snakeshift -i --isolated --no-cache --color never ARGS` in `dir` under a
/// pseudo-terminal, answering with `plan` (see drive.py): (exit status, transcript).
fn interactive(dir: &Path, plan: &str, args: &[&str]) -> (i32, String) {
    let output = Command::new(python314())
        .arg(repo_root().join("tests/interactive/drive.py"))
        .arg(plan)
        .arg(env!("CARGO_BIN_EXE_snakeshift"))
        .args(["-i", "--isolated", "--no-cache", "--color", "never"])
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("FORCE_COLOR")
        .output()
        .unwrap();
    let transcript = String::from_utf8(output.stdout).unwrap();
    (output.status.code().unwrap(), transcript)
}

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), &[("a.py", A), ("b.py", B)]);
    dir
}

fn read(dir: &Path, name: &str) -> String {
    fs::read_to_string(dir.join(name)).unwrap()
}

/// Every file parses with CPython 3.14.
fn parses(dir: &Path, names: &[&str]) {
    for name in names {
        let out = Command::new(python314())
            .args(["-c", "import ast, sys; ast.parse(open(sys.argv[1]).read())"])
            .arg(dir.join(name))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// The rewrites of the changes a transcript offered.
fn offered(transcript: &str) -> Vec<String> {
    let mut ids: Vec<String> = transcript
        .lines()
        .filter_map(|l| l.split_once(": ").map(|(id, _)| id))
        .filter(|id| !id.is_empty() && id.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
        .map(str::to_owned)
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

#[test]
fn accepted_fixes_match_apply_select_and_refused_ones_leave_nothing() {
    let dir = project();
    let (code, transcript) = interactive(dir.path(), "imp-module=y/n", &["--unsafe", "."]);
    assert_eq!(code, 0, "{transcript}");
    assert!(
        transcript.contains("Apply this change [y,n,a,d,q,?]?"),
        "{transcript}"
    );
    assert!(transcript.contains("[unsafe fix: "), "{transcript}");
    assert!(
        transcript.contains("imp-module: 2 accepted, 0 skipped"),
        "{transcript}"
    );
    assert!(
        transcript.contains("distutils-version: 0 accepted, 2 skipped"),
        "{transcript}"
    );

    let expected = project();
    let out = snakeshift(
        expected.path(),
        &[
            "--apply",
            "--unsafe",
            "--isolated",
            "--no-cache",
            "--select",
            "imp-module",
            ".",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    for name in ["a.py", "b.py"] {
        assert_eq!(
            read(dir.path(), name),
            read(expected.path(), name),
            "{name}"
        );
    }
    // The refused LooseVersion fix and the import it adds are not there.
    assert_eq!(read(dir.path(), "b.py"), B);
    parses(dir.path(), &["a.py", "b.py"]);

    // A second review offers only what was refused.
    let (code, again) = interactive(dir.path(), "nnnnnnnn", &["--unsafe", "."]);
    assert_eq!(code, 0, "{again}");
    let offered = offered(&again);
    assert!(!offered.contains(&"imp-module".to_owned()), "{again}");
    assert!(offered.contains(&"distutils-version".to_owned()), "{again}");
    assert!(
        offered.contains(&"asyncio-get-event-loop".to_owned()),
        "{again}"
    );
    assert_eq!(read(dir.path(), "b.py"), B);
}

#[test]
fn refusing_the_use_keeps_the_import_the_fix_would_add_out() {
    let dir = project();
    // Everything but the LooseVersion replacement (which adds `import packaging.version`).
    let (code, transcript) = interactive(
        dir.path(),
        "imp-module,asyncio-get-event-loop=y/n",
        &["--unsafe", "b.py"],
    );
    assert_eq!(code, 0, "{transcript}");
    let b = read(dir.path(), "b.py");
    assert!(!b.contains("packaging"), "{b}");
    assert!(b.contains("LooseVersion(\"1.0\")"), "{b}");
    assert!(b.contains("def get_event_loop():"), "{b}");
    parses(dir.path(), &["b.py"]);
}

#[test]
fn accept_all_then_skip_rest_of_file() {
    let dir = project();
    // a.py: `a` accepts its changes; b.py: `?` shows the help, `d` skips the whole file.
    let (code, transcript) = interactive(dir.path(), "a?d", &["--unsafe", "."]);
    assert_eq!(code, 0, "{transcript}");
    assert!(transcript.contains("q - quit"), "{transcript}");
    let expected = project();
    let out = snakeshift(
        expected.path(),
        &["--apply", "--unsafe", "--isolated", "--no-cache", "a.py"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(read(dir.path(), "a.py"), read(expected.path(), "a.py"));
    assert_eq!(read(dir.path(), "b.py"), B);
}

#[test]
fn quit_midway_writes_what_was_accepted() {
    let dir = project();
    // a.py has two changes (the reload, and the import it leaves unused): accept the
    // first, then quit; b.py is never reviewed.
    let (code, transcript) = interactive(dir.path(), "yq", &["--unsafe", "."]);
    assert_eq!(code, 0, "{transcript}");
    assert_eq!(
        transcript.matches("Apply this change").count(),
        2,
        "{transcript}"
    );
    let a = read(dir.path(), "a.py");
    assert_ne!(a, A);
    assert_eq!(read(dir.path(), "b.py"), B);
    parses(dir.path(), &["a.py"]);
}

#[test]
fn ctrl_c_keeps_finished_files_and_leaves_the_file_under_review() {
    let dir = project();
    let (code, transcript) = interactive(dir.path(), "ayC", &["--unsafe", "."]);
    assert_eq!(code, 130, "{transcript}");
    assert!(transcript.contains("Interrupted"), "{transcript}");
    let expected = project();
    snakeshift(
        expected.path(),
        &["--apply", "--unsafe", "--isolated", "--no-cache", "a.py"],
    );
    assert_eq!(read(dir.path(), "a.py"), read(expected.path(), "a.py"));
    assert_eq!(read(dir.path(), "b.py"), B);
}

#[test]
fn not_a_terminal_is_an_error_and_writes_nothing() {
    let dir = project();
    let out = Command::new(env!("CARGO_BIN_EXE_snakeshift"))
        .args(["-i", "--isolated", "--no-cache", "."])
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("needs a terminal"),
        "{}",
        stderr(&out)
    );
    assert_eq!(read(dir.path(), "a.py"), A);
    assert_eq!(read(dir.path(), "b.py"), B);
}

#[test]
fn a_change_that_follows_from_a_refused_one_is_not_asked() {
    let dir = project();
    // Refusing the reload leaves `import imp` used: its removal is not offered.
    let (code, transcript) = interactive(dir.path(), "n", &["a.py"]);
    assert_eq!(code, 0, "{transcript}");
    assert_eq!(
        transcript.matches("Apply this change").count(),
        1,
        "{transcript}"
    );
    assert!(
        transcript.contains("Skipped (imp-module): it follows from a refused change"),
        "{transcript}"
    );
    assert!(
        transcript.contains("imp-module: 0 accepted, 2 skipped"),
        "{transcript}"
    );
    assert_eq!(read(dir.path(), "a.py"), A);
}

#[test]
fn selection_and_configuration_apply() {
    for args in [
        &["--select", "imp-module", "."][..],
        &["--config", "select = [\"imp-module\"]", "."][..],
    ] {
        let dir = project();
        // `a` accepts everything offered: only imp-module's changes are.
        let (code, transcript) = interactive(dir.path(), "aaaa", args);
        assert_eq!(code, 0, "{transcript}");
        assert_eq!(offered(&transcript), ["imp-module"], "{transcript}");
        let expected = project();
        let out = snakeshift(
            expected.path(),
            &[
                "--apply",
                "--isolated",
                "--no-cache",
                "--select",
                "imp-module",
                ".",
            ],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(read(dir.path(), "a.py"), read(expected.path(), "a.py"));
        assert_eq!(read(dir.path(), "b.py"), B);
    }
}

#[test]
fn example_project_accepting_everything_matches_apply() {
    let dir = common::example_copy();
    // `a` for each of the five files, then `y` for the project (pyproject.toml, setup.py).
    let (code, transcript) = interactive(dir.path(), "aaaaay", &["."]);
    assert_eq!(code, 0, "{transcript}");
    assert!(
        transcript.contains("(project 1/1) Apply this change"),
        "{transcript}"
    );
    assert!(transcript.contains("+++ b/pyproject.toml"), "{transcript}");
    let expected = common::example_copy();
    let out = snakeshift(
        expected.path(),
        &["--apply", "--isolated", "--no-cache", "."],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        common::snapshot(dir.path()),
        common::snapshot(expected.path())
    );
    parses(dir.path(), &["setup.py"]);
    // Nothing left to review.
    let (code, again) = interactive(dir.path(), "nnnnnnnnnn", &["."]);
    assert_eq!(code, 0, "{again}");
    assert!(!again.contains("Apply this change"), "{again}");
}

#[test]
fn refused_project_change_and_refused_setup_py_changes() {
    // The project refused: the files are those of `--apply` but for the project's.
    let dir = common::example_copy();
    let (code, transcript) = interactive(dir.path(), "aaaaan", &["."]);
    assert_eq!(code, 0, "{transcript}");
    assert!(!dir.path().join("pyproject.toml").exists());
    let expected = common::example_copy();
    let out = snakeshift(
        expected.path(),
        &[
            "--apply",
            "--isolated",
            "--no-cache",
            "--ignore",
            "packaging,tooling",
            ".",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        common::snapshot(dir.path()),
        common::snapshot(expected.path())
    );

    // setup.py's own changes refused (`d`): the project conversion is not offered, since it
    // would make them too.
    let dir = common::example_copy();
    let (code, transcript) = interactive(dir.path(), "aaadayy", &["."]);
    assert_eq!(code, 0, "{transcript}");
    assert!(
        transcript.contains("setup.py still has changes you refused"),
        "{transcript}"
    );
    assert!(!transcript.contains("(project 1/1)"), "{transcript}");
    assert!(!dir.path().join("pyproject.toml").exists());
    assert_eq!(
        read(dir.path(), "setup.py"),
        read(&repo_root().join("examples/legacy-project"), "setup.py")
    );
}

#[test]
fn stdout_redirected_is_an_error_too() {
    let dir = project();
    // A terminal on stdin, stdout to a pipe.
    let script = format!(
        "exec '{}' -i --isolated --no-cache . | cat",
        env!("CARGO_BIN_EXE_snakeshift")
    );
    let out = Command::new(python314())
        .arg(repo_root().join("tests/interactive/drive.py"))
        .args(["yyyy", "sh", "-c", &script])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let transcript = String::from_utf8_lossy(&out.stdout);
    assert!(transcript.contains("needs a terminal"), "{transcript}");
    assert!(!transcript.contains("Apply this change"), "{transcript}");
    assert_eq!(read(dir.path(), "a.py"), A);
    assert_eq!(read(dir.path(), "b.py"), B);
}
