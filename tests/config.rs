//! Configuration files: `[tool.snakeshift]` and `snakeshift.toml`, nearest first, flags over
//! them, `--config`, `--isolated`, and errors that name the file, line and key.

mod common;

use common::*;
use std::fs;

/// One safe fix of each of two groups, and a typing annotation whose fix depends on the
/// minimum Python.
const CODE: &str = "import logging\nfrom typing import Optional\n\n\ndef f(x: Optional[int]) -> None:\n    logging.warn(\"x\")\n";

fn rewrites_in(diff_or_list: &str) -> Vec<&'static str> {
    ["logging.warning", "int | None"]
        .into_iter()
        .filter(|needle| diff_or_list.contains(needle))
        .collect()
}

#[test]
fn the_nearest_configuration_applies_and_flags_override_it() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            (
                "pyproject.toml",
                "[project]\nname = \"x\"\n\n[tool.snakeshift]\nselect = [\"logging-warn\"]\n",
            ),
            ("top.py", CODE),
            ("sub/snakeshift.toml", "select = [\"typing\"]\n"),
            ("sub/inner.py", CODE),
            // A pyproject.toml without the table is not a configuration: the parent's applies.
            ("plain/pyproject.toml", "[project]\nname = \"plain\"\n"),
            ("plain/p.py", CODE),
        ],
    );
    let diff_of = |args: &[&str], file: &str| {
        let mut all = args.to_vec();
        all.push(file);
        stdout(&snakeshift(dir.path(), &all))
    };
    assert_eq!(rewrites_in(&diff_of(&[], "top.py")), ["logging.warning"]);
    assert_eq!(rewrites_in(&diff_of(&[], "sub/inner.py")), ["int | None"]);
    assert_eq!(
        rewrites_in(&diff_of(&[], "plain/p.py")),
        ["logging.warning"]
    );
    // A whole-tree run picks each file's own configuration.
    let all = stdout(&snakeshift(dir.path(), &[]));
    assert!(all.contains("+++ b/sub/inner.py") && all.contains("+++ b/top.py"));
    // --select replaces the configured selection; --extend-select adds to it.
    assert_eq!(
        rewrites_in(&diff_of(&["--select", "typing"], "top.py")),
        ["int | None"]
    );
    assert_eq!(
        rewrites_in(&diff_of(&["--extend-select", "typing"], "top.py")),
        ["logging.warning", "int | None"]
    );
    // --isolated ignores the files; --config PATH uses one for everything.
    assert_eq!(
        rewrites_in(&diff_of(&["--isolated"], "sub/inner.py")),
        ["logging.warning", "int | None"]
    );
    assert_eq!(
        rewrites_in(&diff_of(&["--config", "sub/snakeshift.toml"], "top.py")),
        ["int | None"]
    );
    // --config 'key = value' overrides a key.
    assert_eq!(
        rewrites_in(&diff_of(&["--config", "select = ['ALL']"], "top.py")),
        ["logging.warning", "int | None"]
    );
}

#[test]
fn min_version_comes_from_the_flag_then_the_configuration_then_requires_python() {
    let dir = tempfile::tempdir().unwrap();
    let pyproject =
        |table: &str| format!("[project]\nname = \"x\"\nrequires-python = \">=3.8\"\n{table}");
    write_files(
        dir.path(),
        &[("pyproject.toml", &pyproject("")), ("m.py", CODE)],
    );
    let typing_fixed = |args: &[&str]| {
        let mut all = vec!["--select", "typing", "m.py"];
        all.extend(args);
        stdout(&snakeshift(dir.path(), &all)).contains("int | None")
    };
    // requires-python >= 3.8: `X | None` in an eager annotation needs 3.10, so no fix.
    assert!(!typing_fixed(&[]));
    fs::write(
        dir.path().join("pyproject.toml"),
        pyproject("\n[tool.snakeshift]\nmin-version = \"3.10\"\n"),
    )
    .unwrap();
    assert!(typing_fixed(&[]));
    assert!(!typing_fixed(&["--min-version", "3.9"]));
    assert!(!typing_fixed(&["--isolated"]));
}

#[test]
fn unsafe_target_and_per_file_ignores_from_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let unsafe_code = "import time\ntime.clock()\n";
    write_files(
        dir.path(),
        &[
            (
                "snakeshift.toml",
                "unsafe = true\n\n[per-file-ignores]\n\"tests/*\" = [\"logging\"]\n\"legacy.py\" = [\"ALL\"]\n",
            ),
            ("a.py", unsafe_code),
            ("tests/t.py", CODE),
            ("deep/legacy.py", CODE),
        ],
    );
    let o = snakeshift(dir.path(), &["a.py"]);
    assert!(
        stdout(&o).contains("+time.process_time()"),
        "{}",
        stdout(&o)
    );
    let o = snakeshift(dir.path(), &["--no-unsafe", "a.py"]);
    assert!(stdout(&o).is_empty());
    assert!(stderr(&o).contains("unsafe fix available with --unsafe"));
    // per-file-ignores: `tests/*` relative to the configuration's directory, `legacy.py` any
    // file of that name below it.
    let o = snakeshift(
        dir.path(),
        &[
            "--isolated",
            "--per-file-ignores",
            "tests/*:typing",
            "tests/t.py",
        ],
    );
    assert_eq!(rewrites_in(&stdout(&o)), ["logging.warning"]);
    let o = snakeshift(dir.path(), &["tests/t.py"]);
    assert_eq!(rewrites_in(&stdout(&o)), ["int | None"]);
    let o = snakeshift(dir.path(), &["deep/legacy.py"]);
    assert_eq!(stdout(&o), "");
    // The same from another directory: patterns are relative to the configuration.
    let o = snakeshift(&dir.path().join("tests"), &["t.py"]);
    assert_eq!(rewrites_in(&stdout(&o)), ["int | None"]);
    // target-version: before 3.12 the distutils rewrites do not run.
    fs::write(
        dir.path().join("snakeshift.toml"),
        "target-version = \"3.11\"\n",
    )
    .unwrap();
    write_files(
        dir.path(),
        &[(
            "d.py",
            "from distutils.util import strtobool\nstrtobool('y')\n",
        )],
    );
    assert_eq!(stdout(&snakeshift(dir.path(), &["d.py"])), "");
    assert!(
        !stdout(&snakeshift(
            dir.path(),
            &["--target-version", "3.14", "d.py"]
        ))
        .is_empty()
    );
}

#[test]
fn excludes_are_relative_to_their_configuration() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            (
                "pyproject.toml",
                "[tool.snakeshift]\nexclude = [\"generated/\"]\nextend-exclude = [\"*_old.py\"]\n",
            ),
            ("generated/g.py", CODE),
            ("pkg/generated/g.py", CODE),
            ("pkg/a_old.py", CODE),
            ("pkg/a.py", CODE),
            ("sub/snakeshift.toml", "extend-exclude = [\"/skip.py\"]\n"),
            ("sub/skip.py", CODE),
            ("sub/deeper/skip.py", CODE),
        ],
    );
    let check = stdout(&snakeshift(dir.path(), &["--check"]));
    assert_eq!(
        check.lines().collect::<Vec<_>>(),
        ["pkg/a.py", "sub/deeper/skip.py"],
        "{check}"
    );
    // From inside a directory, the same files are skipped.
    let check = stdout(&snakeshift(&dir.path().join("pkg"), &["--check"]));
    assert_eq!(check, "a.py\n");
    // Named files are processed unless --force-exclude (or force-exclude = true).
    let o = snakeshift(dir.path(), &["--check", "pkg/a_old.py"]);
    assert_eq!(stdout(&o), "pkg/a_old.py\n");
    let o = snakeshift(dir.path(), &["--check", "--force-exclude", "pkg/a_old.py"]);
    assert_eq!(stdout(&o), "");
    // --exclude replaces the configured exclude (extend-exclude stays).
    let check = stdout(&snakeshift(dir.path(), &["--check", "--exclude", "sub/"]));
    assert_eq!(
        check.lines().collect::<Vec<_>>(),
        ["generated/g.py", "pkg/a.py", "pkg/generated/g.py"]
    );
}

#[test]
fn configuration_errors_name_the_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            (
                "pyproject.toml",
                "[project]\nname = \"x\"\n\n[tool.snakeshift]\nselect = [\"distutils\"]\nunsafe-fixes = true\n",
            ),
            ("m.py", CODE),
        ],
    );
    let o = snakeshift(dir.path(), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stdout(&o), "");
    let err = stderr(&o);
    assert!(
        err.starts_with("error: pyproject.toml:6: tool.snakeshift.unsafe-fixes: unknown key; did you mean `unsafe`?"),
        "{err}"
    );
    fs::write(
        dir.path().join("pyproject.toml"),
        "[tool.snakeshift]\nselect = [\n    \"distutils\",\n    \"typing-unoin\",\n]\n",
    )
    .unwrap();
    let err = stderr(&snakeshift(dir.path(), &[]));
    assert_eq!(
        err,
        "error: pyproject.toml:4: tool.snakeshift.select: unknown rewrite or group `typing-unoin` (see `snakeshift list`)\n"
    );
    // A broken configuration below the current directory is found during the walk.
    fs::write(dir.path().join("pyproject.toml"), "[tool.snakeshift]\n").unwrap();
    write_files(
        dir.path(),
        &[
            ("sub/snakeshift.toml", "min-version = \"2.7\"\n"),
            ("sub/s.py", CODE),
        ],
    );
    let o = snakeshift(dir.path(), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: sub/snakeshift.toml:1: min-version: unsupported Python version `2.7`: only Python 3 is supported\n"
    );
    // Overrides and bad --config values.
    let o = snakeshift(
        dir.path(),
        &["--isolated", "--config", "unsafe = 1", "m.py"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--config:1: unsafe: expected true or false"),
        "{}",
        stderr(&o)
    );
    let o = snakeshift(dir.path(), &["--config", "nothing-here", "m.py"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn output_format_and_respect_gitignore_come_from_the_current_directorys_configuration() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            (
                "snakeshift.toml",
                "output-format = \"json-lines\"\nrespect-gitignore = false\n",
            ),
            (".gitignore", "ignored.py\n"),
            ("ignored.py", CODE),
        ],
    );
    let o = snakeshift(dir.path(), &[]);
    let out = stdout(&o);
    assert!(out.lines().all(|l| l.starts_with("{\"type\":")), "{out}");
    assert!(out.contains("\"filename\":\"ignored.py\""));
    let o = snakeshift(dir.path(), &["--output-format", "diff"]);
    assert!(stdout(&o).starts_with("--- a/ignored.py"));
}

#[test]
fn per_file_ignores_tell_apart_the_files_of_one_directory() {
    // One worker takes the files of a directory in order and reuses what they share; a
    // per-file-ignores entry matching the middle one must still apply to it alone.
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            (
                "snakeshift.toml",
                "[per-file-ignores]\n\"pkg/b.py\" = [\"typing\"]\n",
            ),
            ("pkg/a.py", CODE),
            ("pkg/b.py", CODE),
            ("pkg/c.py", CODE),
        ],
    );
    let o = snakeshift(dir.path(), &["-j", "1", "--output-format", "json", "."]);
    let out = stdout(&o);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rewrites = |file: &str| -> Vec<String> {
        let mut ids: Vec<String> = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["filename"].as_str().unwrap().ends_with(file))
            .map(|f| f["code"].as_str().unwrap().to_owned())
            .collect();
        ids.sort();
        ids.dedup();
        ids
    };
    assert_eq!(
        rewrites("pkg/a.py"),
        ["logging-warn", "typing-optional"],
        "{out}"
    );
    assert_eq!(rewrites("pkg/b.py"), ["logging-warn"], "{out}");
    assert_eq!(
        rewrites("pkg/c.py"),
        ["logging-warn", "typing-optional"],
        "{out}"
    );
}
