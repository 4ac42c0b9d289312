//! The data of the net of what CPython compiles checked against real CPython 3.14: every
//! case the net must flag is a `SyntaxError` for CPython, every case it must accept compiles.
//! (`crates/snakeshift-engine/src/compiles/tests.rs` checks the net on the same cases.)

mod common;

use common::*;
use std::process::Command;

/// Runs `script` with `python` on a cases file (its arguments: `arg`, then the file's path);
/// the script prints the wrong cases and, on stderr, how many it read (at least `min_cases`).
fn run_cases(
    python: &std::path::Path,
    script: &str,
    arg: &str,
    file: &str,
    min_cases: usize,
) -> String {
    let path = repo_root()
        .join("crates/snakeshift-engine/src/compiles/cases")
        .join(file);
    let out = Command::new(python)
        .args(["-I", "-c", script, arg])
        .arg(&path)
        .output()
        .expect("CPython runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let count: usize = String::from_utf8_lossy(&out.stderr).trim().parse().unwrap();
    assert!(count >= min_cases, "only {count} cases in {file}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Compiles each `# case:` of a cases file with CPython 3.14; returns the cases whose
/// outcome is not `expect_error`.
fn wrong_cases(file: &str, expect_error: bool) -> String {
    let script = "\
import sys, warnings
warnings.simplefilter('ignore')
expect_error = sys.argv[1] == 'error'
cases = []
for line in open(sys.argv[2], encoding='utf-8'):
    if line.startswith('# case: '):
        cases.append('')
    elif cases:
        cases[-1] += line
for src in cases:
    try:
        compile(src, '<case>', 'exec', dont_inherit=True)
        error = None
    except SyntaxError as exc:
        error = exc
    if (error is not None) != expect_error:
        print(f'--- {error or \"compiles\"}\\n{src}')
print(len(cases), file=sys.stderr)
";
    run_cases(
        &python314(),
        script,
        if expect_error { "error" } else { "valid" },
        file,
        10,
    )
}

#[test]
fn every_case_the_net_must_flag_is_a_syntax_error_for_cpython() {
    let wrong = wrong_cases("rejected.txt", true);
    assert!(wrong.is_empty(), "CPython 3.14 compiles these:\n{wrong}");
}

#[test]
fn every_case_the_net_must_accept_compiles_with_cpython() {
    let wrong = wrong_cases("accepted.txt", false);
    assert!(wrong.is_empty(), "CPython 3.14 rejects these:\n{wrong}");
}

/// Compiles each case of a versioned cases file (`# case: 3.N`, the first version that accepts
/// it) with `python`, whose version is `minor`; returns the cases whose outcome is wrong.
fn wrong_versioned_cases(python: &std::path::Path, minor: u8, file: &str) -> String {
    let script = "\
import sys, warnings
warnings.simplefilter('ignore')
minor = int(sys.argv[1])
cases = []
for line in open(sys.argv[2], encoding='utf-8'):
    if line.startswith('# case: '):
        cases.append([int(line.split('.')[1]), ''])
    elif cases:
        cases[-1][1] += line
for needs, src in cases:
    try:
        compile(src, '<case>', 'exec', dont_inherit=True)
        error = None
    except SyntaxError as exc:
        error = exc
    if (error is None) != (minor >= needs):
        print(f'--- 3.{minor}: {error or \"compiles\"}\\n{src}')
print(len(cases), file=sys.stderr)
";
    run_cases(python, script, &minor.to_string(), file, 5)
}

#[test]
fn newer_syntax_cases_compile_exactly_from_their_version() {
    for file in ["newer.txt", "older.txt"] {
        let wrong = wrong_versioned_cases(&python314(), 14, file);
        assert!(wrong.is_empty(), "{file}:\n{wrong}");
        let wrong = wrong_versioned_cases(&python311(), 11, file);
        assert!(wrong.is_empty(), "{file}:\n{wrong}");
    }
}
