//! `--target-version 3.15` against real CPython 3.15: the catalogue of what 3.15 removed is
//! checked on both interpreters (`scripts/verify_315.py`), and programs using those APIs,
//! migrated with `--apply --unsafe --target-version 3.15`, print under 3.15 exactly what the
//! originals print under 3.14.

mod common;

use common::*;
use std::fs;
use std::path::Path;

/// Every row of the README's 3.15 table: present on 3.14, gone (or warning) on 3.15, and every
/// replacement the rewrites write works on both.
#[test]
fn the_315_catalogue_holds_on_the_real_interpreters() {
    let script = repo_root().join("scripts/verify_315.py");
    let script = script.to_str().unwrap();
    for (python, mode) in [(python314(), "present"), (python315(), "gone")] {
        let out = run_python(&python, &repo_root(), &[], &["-I", script, mode]);
        assert!(
            out.status.success(),
            "{} {mode}:\n{}{}",
            python.display(),
            stdout(&out),
            stderr(&out)
        );
        assert!(stdout(&out).lines().count() >= 30, "{}", stdout(&out));
    }
}

fn run_ok(python: &Path, dir: &Path, name: &str) -> String {
    let out = run_python(
        python,
        dir,
        &[dir],
        &["-W", "ignore::DeprecationWarning", name],
    );
    assert!(
        out.status.success(),
        "{name} fails under {}:\n{}",
        python.display(),
        stderr(&out)
    );
    stdout(&out)
}

/// `tests/programs315/`: each program runs under 3.14 and, migrated for 3.15, under 3.15, and
/// prints the same; unmigrated, each one fails under 3.15.
#[test]
fn programs_using_315_removals_print_the_same_under_3_15() {
    let programs = repo_root().join("tests/programs315");
    let original = tempfile::tempdir().unwrap();
    copy_dir(&programs, original.path());
    let migrated = tempfile::tempdir().unwrap();
    copy_dir(&programs, migrated.path());
    let out = snakeshift(
        migrated.path(),
        &["--apply", "--unsafe", "--target-version", "3.15", "."],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let compiled = run_python(
        &python315(),
        migrated.path(),
        &[],
        &["-W", "error", "-m", "compileall", "-q", "-f", "."],
    );
    assert!(
        compiled.status.success(),
        "{}{}",
        stdout(&compiled),
        stderr(&compiled)
    );
    let mut names: Vec<String> = fs::read_dir(&programs)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".py"))
        .collect();
    names.sort();
    assert!(names.len() >= 3, "{names:?}");
    for name in &names {
        let unmigrated = run_python(&python315(), original.path(), &[], &[name]);
        assert!(
            !unmigrated.status.success(),
            "{name} already runs under 3.15 unmigrated: it tests nothing"
        );
        let before = run_ok(&python314(), original.path(), name);
        let after = run_ok(&python315(), migrated.path(), name);
        assert_eq!(before, after, "{name}: output differs");
        let text = fs::read_to_string(migrated.path().join(name)).unwrap();
        assert_ne!(text, fs::read_to_string(programs.join(name)).unwrap());
    }
}

/// With the default target (3.14) the 3.15-only rewrites stay quiet: the `sre_*` imports keep
/// working there (with a warning) and are only reported.
#[test]
fn the_default_target_does_not_apply_315_only_fixes() {
    let dir = tempfile::tempdir().unwrap();
    let program = "import sre_parse\nimport json\n\nprint(sre_parse.parse('a'), json.__cached__)\n";
    write_files(dir.path(), &[("prog.py", program)]);
    let out = snakeshift(dir.path(), &["--apply", "--unsafe", "."]);
    assert_eq!(
        fs::read_to_string(dir.path().join("prog.py")).unwrap(),
        program,
        "{}",
        stderr(&out)
    );
    assert!(
        !stderr(&out).contains("removed in Python 3.15"),
        "{}",
        stderr(&out)
    );
    // `[tool.snakeshift] target-version = "3.15"` turns them on, like the flag.
    write_files(
        dir.path(),
        &[(
            "pyproject.toml",
            "[tool.snakeshift]\ntarget-version = \"3.15\"\n",
        )],
    );
    let out = snakeshift(dir.path(), &["--apply", "--unsafe", "."]);
    let migrated = fs::read_to_string(dir.path().join("prog.py")).unwrap();
    assert!(
        migrated.contains("import re._parser as sre_parse")
            && migrated.contains("json.__spec__.cached"),
        "{migrated}\n{}",
        stderr(&out)
    );
}

/// New syntax: t-strings (PEP 750, 3.14) and `except A, B:` (PEP 758, 3.14) are read by the
/// pinned tree-sitter-python and left exactly as written while the rest of the file migrates;
/// `lazy import` / `lazy from` (PEP 810, 3.15) are not in its grammar: the passes parse only
/// the lines a run needs, so a file migrates with its lazy imports kept as written (the final
/// net, ruff's parser, reads them); parsing whole files (`--parse-whole-files`), such a file is
/// refused with the parser's position, never rewritten.
#[test]
fn new_syntax_is_read_or_refused_never_mangled() {
    let dir = tempfile::tempdir().unwrap();
    let tstrings = "from typing import Optional\n\nname = \"x\"\nmsg = t\"hello {name!r:>10} {len(name) + 1}\"\nraw = tr\"\\d{name}\"\nx: Optional[int] = None\n";
    let except = "from typing import Optional\n\ntry:\n    pass\nexcept ValueError, TypeError:\n    pass\ntry:\n    pass\nexcept* KeyError, OSError:\n    pass\nx: Optional[int] = None\n";
    let lazy = "from typing import Optional\nlazy import json\nlazy from os import path\nx: Optional[int] = None\n";
    let lazy_typing =
        "from typing import Optional\nlazy from typing import List\nx: Optional[int] = None\n";
    let soft = "from typing import Optional\n\nlazy = 1\nx: Optional[int] = lazy\n";
    write_files(
        dir.path(),
        &[
            ("tstrings.py", tstrings),
            ("except_comma.py", except),
            ("lazy_imports.py", lazy),
            ("lazy_typing.py", lazy_typing),
            ("lazy_name.py", soft),
        ],
    );
    let out = snakeshift(dir.path(), &["--apply", "--target-version", "3.15", "."]);
    let err = stderr(&out);
    assert!(!err.contains("error:"), "{err}");
    let migrate = |text: &str| {
        text.replace("from typing import Optional\n", "")
            .replace("Optional[int]", "int | None")
    };
    for (name, text) in [("lazy_imports.py", lazy), ("lazy_typing.py", lazy_typing)] {
        assert_eq!(
            fs::read_to_string(dir.path().join(name)).unwrap(),
            migrate(text)
        );
    }
    let whole = tempfile::tempdir().unwrap();
    write_files(whole.path(), &[("lazy_imports.py", lazy)]);
    let out = snakeshift(
        whole.path(),
        &[
            "--apply",
            "--parse-whole-files",
            "--target-version",
            "3.15",
            ".",
        ],
    );
    assert!(
        stderr(&out).contains(
            "lazy_imports.py: snakeshift's parser cannot read this file at line 2, column 1"
        ),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        fs::read_to_string(whole.path().join("lazy_imports.py")).unwrap(),
        lazy
    );
    let read = |n: &str| fs::read_to_string(dir.path().join(n)).unwrap();
    assert_eq!(
        read("tstrings.py"),
        tstrings
            .replace("from typing import Optional\n\n", "")
            .replace("Optional[int]", "int | None")
    );
    assert_eq!(
        read("except_comma.py"),
        except
            .replace("from typing import Optional\n\n", "")
            .replace("Optional[int]", "int | None")
    );
    assert_eq!(
        read("lazy_name.py"),
        soft.replace("from typing import Optional\n\n", "")
            .replace("Optional[int]", "int | None")
    );
    // The migrated files (and the refused one) are valid for real CPython 3.15; all but the
    // lazy imports for 3.14 too.
    for (python, files) in [
        (
            python315(),
            &[
                "tstrings.py",
                "except_comma.py",
                "lazy_name.py",
                "lazy_imports.py",
                "lazy_typing.py",
            ][..],
        ),
        (
            python314(),
            &["tstrings.py", "except_comma.py", "lazy_name.py"][..],
        ),
    ] {
        for f in files {
            let out = run_python(
                &python,
                dir.path(),
                &[],
                &["-c", &format!("compile(open({f:?}).read(), {f:?}, 'exec')")],
            );
            assert!(out.status.success(), "{f}: {}", stderr(&out));
        }
    }
}

/// The tooling rewrites follow the target: with 3.15, the classifiers, tox's envlist and the
/// GitHub Actions matrix gain 3.15 (and `snakeshift audit` lists the `sre_*` imports).
#[test]
fn tooling_and_audit_follow_the_315_target() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            (
                "pyproject.toml",
                "[project]\nname = \"x\"\nversion = \"1\"\nrequires-python = \">=3.10\"\nclassifiers = [\n    \"Programming Language :: Python :: 3.10\",\n    \"Programming Language :: Python :: 3.14\",\n]\n",
            ),
            ("tox.ini", "[tox]\nenvlist = py310, py314\n"),
            (
                ".github/workflows/ci.yml",
                "jobs:\n  test:\n    strategy:\n      matrix:\n        python-version: [\"3.10\", \"3.14\"]\n",
            ),
            ("m.py", "import sre_parse\n\nprint(sre_parse.parse('a'))\n"),
        ],
    );
    let audit = snakeshift(dir.path(), &["audit", "--target-version", "3.15", "."]);
    assert!(
        stdout(&audit).contains("| `sre_parse` | 3.15"),
        "{}{}",
        stdout(&audit),
        stderr(&audit)
    );
    let audit314 = snakeshift(dir.path(), &["audit", "."]);
    assert!(
        !stdout(&audit314).contains("`sre_parse` | 3.15"),
        "{}",
        stdout(&audit314)
    );
    let out = snakeshift(dir.path(), &["--apply", "--target-version", "3.15", "."]);
    let read = |n: &str| fs::read_to_string(dir.path().join(n)).unwrap();
    assert!(
        read("pyproject.toml").contains("\"Programming Language :: Python :: 3.15\""),
        "{}",
        stderr(&out)
    );
    assert!(
        read("tox.ini").contains("py314, py315"),
        "{}",
        read("tox.ini")
    );
    assert!(
        read(".github/workflows/ci.yml").contains("\"3.14\", \"3.15\""),
        "{}",
        read(".github/workflows/ci.yml")
    );
}

/// The version attributes 3.15 deprecates (the `warns` rows of `scripts/verify_315.py` that
/// read `module.__version__` / `version` / `VERSION` / `__date__`, each checked to warn on real
/// 3.15) are all reported at a 3.15 target, never rewritten, and not reported at 3.14.
#[test]
fn version_attributes_are_reported_at_3_15_only() {
    let script = fs::read_to_string(repo_root().join("scripts/verify_315.py")).unwrap();
    let rows: Vec<(String, String)> = script
        .lines()
        .filter(|l| l.contains("\"warns\", \"import "))
        .filter_map(|l| {
            let code = l.split("\"warns\", \"import ").nth(1)?;
            let (module, rest) = code.split_once("; ")?;
            let attr = rest.strip_prefix(module)?.strip_prefix('.')?;
            let attr = attr.trim_end_matches("\"),");
            ["__version__", "version", "VERSION", "__date__"]
                .contains(&attr)
                .then(|| (module.to_owned(), attr.to_owned()))
        })
        .collect();
    assert!(rows.len() >= 20, "{rows:?}");
    let program: String = rows
        .iter()
        .map(|(m, a)| format!("import {m}\nprint({m}.{a})\n"))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), &[("prog.py", &program)]);
    // The program warns on real 3.15 (and runs on 3.14 without a warning).
    let strict = ["-W", "error::DeprecationWarning", "prog.py"];
    assert!(
        run_python(&python314(), dir.path(), &[], &strict)
            .status
            .success()
    );
    assert!(
        !run_python(&python315(), dir.path(), &[], &strict)
            .status
            .success()
    );
    let out = snakeshift(
        dir.path(),
        &["--apply", "--unsafe", "--target-version", "3.15", "."],
    );
    let report = format!("{}{}", stdout(&out), stderr(&out));
    assert_eq!(
        fs::read_to_string(dir.path().join("prog.py")).unwrap(),
        program
    );
    for (m, a) in &rows {
        assert!(
            report.contains(&format!(
                "`{m}.{a}` is deprecated (it warns since Python 3.15) and is removed in Python 3.20"
            )),
            "{m}.{a} not reported:\n{report}"
        );
    }
    assert_eq!(
        report.matches("stdlib-version-attributes").count(),
        rows.len(),
        "{report}"
    );
    let out = snakeshift(dir.path(), &["--apply", "--unsafe", "."]);
    let report = format!("{}{}", stdout(&out), stderr(&out));
    assert!(!report.contains("stdlib-version-attributes"), "{report}");
}

/// Hand-written findings about what 3.15 removed follow the run's target: "was removed in
/// Python 3.15" at 3.15, the deprecation ("is deprecated … and is removed in Python 3.15") at
/// 3.14 (`crate::kit::deprecation` in the rewrites).
#[test]
fn messages_say_removed_at_3_15_and_deprecated_at_3_14() {
    let program = "import importlib.machinery\nimport importlib.resources\nimport pathlib\nimport sysconfig\nimport threading\nimport typing\nimport wave\nimport zipimport\n\nthreading.RLock(1)\nsysconfig.is_python_build(check_home=True)\nP = typing.NamedTuple(\"P\", x=int)\nTD = typing.TypedDict(\"TD\")\nTD2 = typing.TypedDict(\"TD2\", None)\nimportlib.resources.files(package=\"json\")\nimportlib.machinery.SourceFileLoader(\"m\", \"m.py\").load_module(\"m\")\nzipimport.zipimporter(\"a.zip\").load_module(\"m\")\npathlib.PurePath(\"nul\").is_reserved()\nprint((lambda: 0).__code__.co_lnotab)\n\n\ndef markers(w: wave.Wave_read):\n    return w.getmarkers(), w.getmark(1)\n";
    let subjects = [
        "passing arguments to `threading.RLock`",
        "the `check_home` argument of `sysconfig.is_python_build`",
        "the keyword form of `NamedTuple`",
        "`TypedDict` without fields",
        "`importlib.resources.files(package=...)`",
        "`load_module()` of importlib loaders",
        "`PurePath.is_reserved()`",
        "`co_lnotab`",
        "`wave` `getmarkers()`",
        "`wave` `getmark()`",
    ];
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), &[("prog.py", program)]);
    for target in ["3.15", "3.14"] {
        let out = snakeshift(
            dir.path(),
            &[
                "--target-version",
                target,
                "--output-format",
                "concise",
                ".",
            ],
        );
        let report = stdout(&out);
        assert_eq!(report.lines().count(), 12, "{report}{}", stderr(&out));
        for subject in subjects {
            let removed = format!("{subject} was removed in Python 3.15");
            let deprecated = format!("{subject} is deprecated");
            let (wanted, unwanted) = if target == "3.15" {
                (removed, deprecated)
            } else {
                (deprecated, removed)
            };
            assert!(report.contains(&wanted), "{target}: {wanted}\n{report}");
            assert!(
                !report.contains(&unwanted),
                "{target}: {unwanted}\n{report}"
            );
        }
        assert_eq!(
            report.contains("is removed in Python 3.15"),
            target == "3.14",
            "{report}"
        );
    }
}
