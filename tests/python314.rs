//! Migrated code run under real CPython 3.14, compared with the original under CPython 3.11.

mod common;

use common::*;
use std::fs;
use std::path::Path;

/// Runs `module` (`-m`) or a script in `dir` under both interpreters and returns
/// (original under 3.11, migrated under 3.14) stdout, asserting both succeeded alike.
fn compare(original: &Path, migrated: &Path, args: &[&str]) {
    let before = run_python311(original, &[original], args);
    let site = python314_site();
    let after = run_python(&python314(), migrated, &[migrated, &site], args);
    assert_eq!(
        before.status.code(),
        after.status.code(),
        "{args:?}: exit status differs\n3.11 stderr:\n{}\n3.14 stderr:\n{}",
        stderr(&before),
        stderr(&after)
    );
    assert!(
        before.status.success(),
        "{args:?} fails under 3.11:\n{}",
        stderr(&before)
    );
    assert_eq!(
        stdout(&before),
        stdout(&after),
        "{args:?}: output differs; 3.14 stderr:\n{}",
        stderr(&after)
    );
}

fn compile_all_with_314(dir: &Path) {
    let out = run_python(
        &python314(),
        dir,
        &[],
        &["-m", "compileall", "-q", "-f", "."],
    );
    assert!(
        out.status.success(),
        "CPython 3.14 cannot compile the migrated code:\n{}{}",
        stdout(&out),
        stderr(&out)
    );
}

#[test]
fn the_example_migrates_and_runs_under_python_3_14() {
    let original = example_copy();
    for unsafe_too in [false, true] {
        let migrated = example_copy();
        let args: &[&str] = if unsafe_too {
            &["--apply", "--unsafe", "."]
        } else {
            &["--apply", "."]
        };
        let out = snakeshift(migrated.path(), args);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        compile_all_with_314(migrated.path());
        if !unsafe_too {
            continue;
        }
        // The modules whose removed imports are all migrated behave as before.
        for module in ["settings", "tools", "versions", "staging", "models"] {
            compare(
                original.path(),
                migrated.path(),
                &["-m", &format!("legacytool.{module}")],
            );
        }
        let setup = fs::read_to_string(migrated.path().join("setup.py")).unwrap();
        assert!(!setup.contains("from distutils.core"), "{setup}");
    }
}

#[test]
fn distutils_programs_print_the_same_after_migration() {
    let programs = repo_root().join("tests/programs/distutils");
    let original = tempfile::tempdir().unwrap();
    copy_dir(&programs, original.path());
    let migrated = tempfile::tempdir().unwrap();
    copy_dir(&programs, migrated.path());
    let out = snakeshift(migrated.path(), &["--apply", "--unsafe", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    compile_all_with_314(migrated.path());
    let mut names: Vec<String> = fs::read_dir(&programs)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".py"))
        .collect();
    names.sort();
    assert!(names.len() >= 8);
    for name in &names {
        let migrated_text = fs::read_to_string(migrated.path().join(name)).unwrap();
        assert!(
            migrated_text != fs::read_to_string(programs.join(name)).unwrap(),
            "{name} was not migrated at all"
        );
        compare(original.path(), migrated.path(), &[name]);
    }
}

#[test]
fn removed_modules_really_are_gone_in_3_14() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_python(&python314(), dir.path(), &[], &["-c", "import distutils"]);
    assert!(!out.status.success(), "distutils must not import on 3.14");
    assert!(stderr(&out).contains("ModuleNotFoundError"));
}

/// Prints every function's and method's type hints of `legacytool.models`, normalised so that
/// `typing.Union[X, Y]` and `X | Y`, `typing.List[X]` and `list[X]` compare equal.
const TYPE_HINTS: &str = r#"
import json, sys, types, typing
import legacytool.models as m

def norm(t):
    origin = typing.get_origin(t)
    if origin is None:
        return getattr(t, "__qualname__", repr(t))
    name = "Union" if origin in (typing.Union, types.UnionType) else origin.__qualname__
    return [name, [norm(a) for a in typing.get_args(t)]]

targets = {
    "Release.__init__": m.Release.__init__,
    "Release.as_dict": m.Release.as_dict,
    "parse_tag": m.parse_tag,
    "changelog": m.changelog,
}
hints = {k: {n: norm(t) for n, t in typing.get_type_hints(f).items()} for k, f in targets.items()}
print(json.dumps(hints, sort_keys=True))
"#;

#[test]
fn a_typed_module_keeps_its_type_hints_under_3_11_and_3_14() {
    let original = example_copy();
    let migrated = example_copy();
    let out = snakeshift(
        migrated.path(),
        &[
            "--apply",
            "--select",
            "typing",
            "--min-version",
            "3.10",
            "legacytool/models.py",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let models = fs::read_to_string(migrated.path().join("legacytool/models.py")).unwrap();
    for modern in [
        "str | bytes",
        "Release | None",
        "dict[str, str | None]",
        "list[str]",
    ] {
        assert!(models.contains(modern), "{modern} missing from:\n{models}");
    }
    assert!(!models.contains("from typing import"), "{models}");
    let reference = run_python311(original.path(), &[original.path()], &["-c", TYPE_HINTS]);
    assert!(reference.status.success(), "{}", stderr(&reference));
    let under_311 = run_python311(migrated.path(), &[migrated.path()], &["-c", TYPE_HINTS]);
    let under_314 = run_python(
        &python314(),
        migrated.path(),
        &[migrated.path()],
        &["-c", TYPE_HINTS],
    );
    for (name, run) in [("3.11", &under_311), ("3.14", &under_314)] {
        assert!(run.status.success(), "{name}: {}", stderr(run));
        assert_eq!(
            stdout(run),
            stdout(&reference),
            "type hints differ under {name}"
        );
    }
}
