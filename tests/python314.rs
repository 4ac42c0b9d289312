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
        // The example's own tests (written with `assertEquals`) pass under 3.14.
        let tests = fs::read_to_string(migrated.path().join("tests/test_legacytool.py")).unwrap();
        assert!(!tests.contains("assertEquals"), "{tests}");
        let site = python314_site();
        let run = run_python(
            &python314(),
            migrated.path(),
            &[migrated.path(), &site],
            &["run_tests.py"],
        );
        assert!(
            run.status.success(),
            "the migrated example's test suite fails under 3.14:\n{}{}",
            stdout(&run),
            stderr(&run)
        );
        assert!(stderr(&run).contains("OK"), "{}", stderr(&run));
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

/// The families of programs in `tests/programs/` other than distutils (above) and asyncore
/// (servers, in `asyncore_servers.rs`): each program runs under 3.11 and, migrated with
/// `--apply --unsafe`, under 3.14, and must print the same.
#[test]
fn programs_of_every_family_print_the_same_after_migration() {
    let root = repo_root().join("tests/programs");
    let mut families: Vec<String> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|f| f != "distutils" && f != "asyncore")
        .collect();
    families.sort();
    assert!(families.len() >= 10, "{families:?}");
    let mut compared = 0;
    for family in &families {
        let programs = root.join(family);
        let original = tempfile::tempdir().unwrap();
        copy_dir(&programs, original.path());
        let migrated = tempfile::tempdir().unwrap();
        copy_dir(&programs, migrated.path());
        let out = snakeshift(migrated.path(), &["--apply", "--unsafe", "."]);
        assert_eq!(out.status.code(), Some(0), "{family}: {}", stderr(&out));
        compile_all_with_314(migrated.path());
        let mut names: Vec<String> = fs::read_dir(&programs)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".py"))
            .collect();
        names.sort();
        for name in &names {
            let before = fs::read_to_string(programs.join(name)).unwrap();
            let after = fs::read_to_string(migrated.path().join(name)).unwrap();
            assert!(after != before, "{family}/{name} was not migrated at all");
            compare(original.path(), migrated.path(), &[name]);
            compared += 1;
        }
    }
    assert!(compared >= 10);
}

/// Every output of the fixtures of the rewrites beyond distutils byte-compiles under CPython
/// 3.14 with deprecation and syntax warnings turned into errors: the migrated code uses no
/// API that 3.14 deprecates at compile time, and no syntax it warns about.
#[test]
fn migrated_fixtures_compile_under_3_14_without_warnings() {
    let rewrites = repo_root().join("rewrites");
    let mut files = Vec::new();
    for entry in fs::read_dir(&rewrites).unwrap() {
        let dir = entry.unwrap().path();
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        if !dir.is_dir() || name.starts_with("distutils") {
            continue;
        }
        // Project rewrites keep whole projects under `fixtures/<case>/`; helpers have none.
        let Ok(fixtures) = fs::read_dir(dir.join("fixtures")) else {
            continue;
        };
        for fixture in fixtures {
            let path = fixture.unwrap().path();
            if path.to_string_lossy().ends_with(".expected.py") {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(files.len() >= 60, "only {} fixture outputs", files.len());
    let list = tempfile::NamedTempFile::new().unwrap();
    fs::write(
        list.path(),
        files
            .iter()
            .map(|f| f.display().to_string())
            .collect::<Vec<_>>()
            .join("\n"),
    )
    .unwrap();
    let script = "import sys\nfailed = 0\nfor path in open(sys.argv[1]).read().splitlines():\n    try:\n        compile(open(path, 'rb').read(), path, 'exec')\n    except (SyntaxError, Warning) as exc:\n        failed += 1\n        print(path, type(exc).__name__, exc)\nsys.exit(1 if failed else 0)\n";
    let dir = tempfile::tempdir().unwrap();
    let out = run_python(
        &python314(),
        dir.path(),
        &[],
        &[
            "-W",
            "error::DeprecationWarning",
            "-W",
            "error::SyntaxWarning",
            "-c",
            script,
            &list.path().display().to_string(),
        ],
    );
    assert!(
        out.status.success(),
        "fixture outputs that CPython 3.14 rejects:\n{}{}",
        stdout(&out),
        stderr(&out)
    );
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
