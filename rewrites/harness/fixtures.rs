//! The fixture harness: every `rewrites/<name>/fixtures/<case>.py` is run through its rewrite.
//!
//! A case with a `<case>.expected.py` must produce exactly that; a case without one must stay
//! byte-identical. `<case>.findings` lists what is left to report (`line:column id: message
//! (note)`, in the original file), and must match. Every output must parse (the engine reverts
//! otherwise, which fails the case) and a second run over it must change nothing. A first line such as
//! `# fixture: unsafe min-version=3.8 path=pkg/__init__.py star-imported` sets the options of a
//! case (`star-imported`: another module does `from this import *`;
//! `aware-datetime` sets the rewrite option of that name; `select=typing-union,typing-optional`
//! runs those rewrites instead of the folder's own; `package-depth=1` says how many enclosing
//! directories are packages, as the command line finds out).
//! Every case also runs with whole-file parsing and activation on trigger words alone, which
//! must give the same result as the masked parse after precise activation (see
//! `snakeshift_engine::mask` and `snakeshift_engine::activation`).
//! Every changed output whose input real CPython 3.14 compiles must compile too (and under
//! CPython 3.11 when the case's minimum version is 3.11 or older): tree-sitter accepts code
//! CPython rejects. The interpreters come from `scripts/provision.sh --print-env`.
//! `SNAKESHIFT_BLESS=1` rewrites the expected files from the actual outputs.

use crate::AwareDatetime;
use crate::kit::backports::Backports;
use snakeshift_engine::fix::Applicability;
use snakeshift_engine::pipeline::Engine;
use snakeshift_engine::rewrite::{FileInfo, Rewrite, RewriteOptions};
use snakeshift_engine::version::{PyVersion, VersionWindow};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

struct Case {
    input: PathBuf,
    expected: Option<PathBuf>,
    rewrite: &'static dyn Rewrite,
}

fn cases() -> Vec<Case> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut cases = Vec::new();
    for rewrite in crate::all() {
        let folder = root
            .join(rewrite.meta().id.replace('-', "_"))
            .join("fixtures");
        let mut inputs: Vec<PathBuf> = fs::read_dir(&folder)
            .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.extension().is_some_and(|x| x == "py" || x == "pyi")
                    && !p.to_string_lossy().contains(".expected.")
            })
            .collect();
        inputs.sort();
        for input in inputs {
            let stem = input.file_stem().unwrap().to_string_lossy().into_owned();
            let ext = input.extension().unwrap().to_string_lossy().into_owned();
            let expected = input.with_file_name(format!("{stem}.expected.{ext}"));
            cases.push(Case {
                expected: expected.exists().then_some(expected),
                input,
                rewrite,
            });
        }
    }
    cases
}

struct Options {
    /// The rewrites run (the folder's own unless `select=a,b` names others).
    selected: Vec<&'static dyn Rewrite>,
    required: Applicability,
    rewrite: RewriteOptions,
    versions: VersionWindow,
    file: FileInfo,
}

fn options(case: &Case, source: &str) -> Options {
    let mut opts = Options {
        selected: vec![case.rewrite],
        required: Applicability::Safe,
        rewrite: RewriteOptions::default(),
        versions: VersionWindow::default(),
        file: FileInfo {
            display_path: case.input.display().to_string(),
            is_stub: case.input.extension().is_some_and(|e| e == "pyi"),
            ..FileInfo::default()
        },
    };
    let first = source.lines().next().unwrap_or_default();
    if let Some(flags) = first.strip_prefix("# fixture:") {
        for flag in flags.split_whitespace() {
            match flag.split_once('=') {
                None if flag == "unsafe" => opts.required = Applicability::Unsafe,
                None if flag == "aware-datetime" => {
                    opts.rewrite = opts.rewrite.with(AwareDatetime(true))
                }
                Some(("min-version", v)) => opts.versions.min = v.parse().unwrap(),
                Some(("target-version", v)) => opts.versions.target = v.parse().unwrap(),
                Some(("backports", names)) => {
                    let names: Vec<&str> = names.split(',').collect();
                    opts.rewrite = opts.rewrite.with(Backports::parse(&names).unwrap());
                }
                None if flag == "star-imported" => opts.file.star_imported = true,
                Some(("package-depth", d)) => opts.file.package_depth = Some(d.parse().unwrap()),
                Some(("select", ids)) => {
                    opts.selected = ids
                        .split(',')
                        .map(|id| {
                            crate::all()
                                .into_iter()
                                .find(|r| r.meta().id == id)
                                .unwrap_or_else(|| panic!("unknown rewrite `{id}`"))
                        })
                        .collect();
                }
                Some(("path", p)) => {
                    opts.file.display_path = p.to_owned();
                    opts.file.is_package_init = p.ends_with("__init__.py");
                    opts.file.is_stub = p.ends_with(".pyi");
                }
                _ => panic!("{}: unknown fixture flag `{flag}`", case.input.display()),
            }
        }
    }
    opts
}

/// The rewritten bytes and the remaining findings, one per line.
fn run(bytes: &[u8], opts: &Options) -> Result<(Vec<u8>, String), String> {
    run_parsing(bytes, opts, false)
}

/// [`run`] with the default pipeline or, with `whole`, the reference one: every file with a
/// trigger word parsed whole, every pass that applied fixes confirmed by another.
fn run_parsing(bytes: &[u8], opts: &Options, whole: bool) -> Result<(Vec<u8>, String), String> {
    let mut engine = Engine::new(opts.selected.clone(), opts.required)
        .unwrap()
        .with_options(opts.rewrite);
    if whole {
        // The reference: every file with a trigger word, parsed whole, every pass confirmed.
        engine = engine
            .parsing_whole_files()
            .activating_on_triggers()
            .confirming_every_pass();
    }
    let out = engine.process(&opts.file, bytes, opts.versions);
    if let Some(err) = out.error {
        return Err(err.to_string());
    }
    let findings: String = out
        .remaining
        .iter()
        .map(|f| {
            let note = f
                .note
                .as_deref()
                .map_or(String::new(), |n| format!(" ({n})"));
            let fix = f
                .applicability
                .map_or(String::new(), |a| format!(" [{a} fix]"));
            format!(
                "{}:{} {}: {}{note}{fix}\n",
                f.start.0, f.start.1, f.rewrite, f.message
            )
        })
        .collect();
    Ok((out.rewritten.unwrap_or(out.original), findings))
}

/// A changed fixture output, to compile with real CPython.
struct Changed {
    name: String,
    input: Vec<u8>,
    output: Vec<u8>,
    min: PyVersion,
}

/// Compiles every changed output whose input `python` compiles, in one process; returns one
/// line per output it rejects.
fn compile_outputs(python: &Path, changed: &[&Changed]) -> Vec<String> {
    const SCRIPT: &str = "\
import sys, warnings
warnings.simplefilter('ignore')
data = sys.stdin.buffer.read().split(b'\\0')
for name, before, after in zip(data[0::3], data[1::3], data[2::3]):
    try:
        compile(before, name.decode(), 'exec', dont_inherit=True)
    except SyntaxError:
        continue
    try:
        compile(after, name.decode(), 'exec', dont_inherit=True)
    except SyntaxError as exc:
        print(f'{name.decode()}: {exc}')
";
    let mut child = Command::new(python)
        .args(["-I", "-c", SCRIPT])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", python.display()));
    let mut stdin = child.stdin.take().unwrap();
    for c in changed {
        for part in [c.name.as_bytes(), &c.input, &c.output] {
            stdin.write_all(part).unwrap();
            stdin.write_all(b"\0").unwrap();
        }
    }
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{} failed", python.display());
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| format!("{l} (CPython at {})", python.display()))
        .collect()
}

/// A provisioned interpreter: the tests fail, never skip, without it.
fn interpreter(var: &str, relative: &str) -> PathBuf {
    match std::env::var_os(var) {
        Some(p) if relative.is_empty() => PathBuf::from(p),
        Some(p) => PathBuf::from(p).join(relative),
        None => panic!(
            "{var} is not set: run `eval \"$(scripts/provision.sh --print-env)\"` first (scripts/test.sh does)"
        ),
    }
}

#[test]
fn fixtures() {
    let bless = std::env::var_os("SNAKESHIFT_BLESS").is_some();
    let mut failures = Vec::new();
    let mut changed = Vec::new();
    let cases = cases();
    for case in &cases {
        let input = fs::read(&case.input).unwrap();
        let opts = options(case, &String::from_utf8_lossy(&input));
        let name = case.input.display();
        let (output, findings) = match run(&input, &opts) {
            Ok(o) => o,
            Err(e) => {
                failures.push(format!("{name}: {e}"));
                continue;
            }
        };
        // Parsing only what the run needs, precise activation and the shortcut after cleanup
        // passes must not change anything.
        match run_parsing(&input, &opts, true) {
            Ok((whole, whole_findings)) if whole == output && whole_findings == findings => {}
            Ok((whole, whole_findings)) => failures.push(format!(
                "{name}: the default pipeline differs from the reference:\n--- reference\n{}\n{whole_findings}--- default\n{}\n{findings}",
                String::from_utf8_lossy(&whole),
                String::from_utf8_lossy(&output)
            )),
            Err(e) => failures.push(format!("{name}: whole parse: {e}")),
        }
        if output != input {
            changed.push(Changed {
                name: name.to_string(),
                input: input.clone(),
                output: output.clone(),
                min: opts.versions.min,
            });
        }
        match &case.expected {
            Some(path) => {
                let expected = fs::read(path).unwrap();
                if output != expected {
                    if bless {
                        fs::write(path, &output).unwrap();
                    } else {
                        failures.push(format!(
                            "{name}: output differs from {}:\n{}",
                            path.display(),
                            String::from_utf8_lossy(&output)
                        ));
                    }
                }
                if output == input {
                    failures.push(format!("{name}: has an expected file but nothing changed"));
                }
            }
            None if output != input => failures.push(format!(
                "{name}: a no-op case changed:\n{}",
                String::from_utf8_lossy(&output)
            )),
            None => {}
        }
        let findings_path = case.input.with_extension("findings");
        let recorded = fs::read_to_string(&findings_path).unwrap_or_default();
        if findings != recorded {
            if bless {
                if findings.is_empty() {
                    let _ = fs::remove_file(&findings_path);
                } else {
                    fs::write(&findings_path, &findings).unwrap();
                }
            } else {
                failures.push(format!(
                    "{name}: findings differ from {}:\n{findings}",
                    findings_path.display()
                ));
            }
        }
        match run(&output, &opts) {
            Ok((again, _)) if again == output => {}
            Ok((again, _)) => failures.push(format!(
                "{name}: a second run changed the output again:\n{}",
                String::from_utf8_lossy(&again)
            )),
            Err(e) => failures.push(format!("{name}: second run: {e}")),
        }
    }
    assert!(
        !changed.is_empty(),
        "no fixture output changed: nothing compiled"
    );
    let all: Vec<&Changed> = changed.iter().collect();
    failures.extend(compile_outputs(&interpreter("SNAKESHIFT_PY314", ""), &all));
    // Real CPython 3.15 (provisioned by scripts/provision.sh) compiles them too: the 3.15
    // rewrites' outputs must be valid for the Python they migrate to. It is set whenever
    // provision.sh's environment is; a shell without it skips only this step.
    if let Some(py315) = std::env::var_os("SNAKESHIFT_PY315") {
        failures.extend(compile_outputs(Path::new(&py315), &all));
    }
    let old: Vec<&Changed> = changed
        .iter()
        .filter(|c| c.min <= PyVersion::new(3, 11))
        .collect();
    failures.extend(compile_outputs(
        &interpreter("SNAKESHIFT_VENV311", "bin/python"),
        &old,
    ));
    assert!(
        failures.is_empty(),
        "{} of {} fixture cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

#[test]
fn every_rewrite_has_changing_and_unchanged_fixtures() {
    let cases = cases();
    for rewrite in crate::all() {
        let id = rewrite.meta().id;
        let mine: Vec<&Case> = cases.iter().filter(|c| c.rewrite.meta().id == id).collect();
        // A rewrite that only reports never changes code: its findings snapshots test it.
        let reports_only = rewrite.meta().fix == snakeshift_engine::rewrite::FixSafety::None;
        assert!(
            reports_only || mine.iter().any(|c| c.expected.is_some()),
            "{id} has no fixture with an expected output"
        );
        assert!(
            !reports_only
                || mine
                    .iter()
                    .any(|c| c.input.with_extension("findings").exists()),
            "{id} only reports, but no fixture records a finding"
        );
        assert!(
            mine.iter().any(|c| c.expected.is_none()),
            "{id} has no fixture that must stay unchanged"
        );
    }
}

#[test]
fn every_rewrite_is_documented_and_compiles() {
    let mut ids = std::collections::HashSet::new();
    for rewrite in crate::all() {
        let meta = rewrite.meta();
        assert!(ids.insert(meta.id), "duplicate id {}", meta.id);
        assert!(
            meta.id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{} is not kebab-case",
            meta.id
        );
        let doc = meta.doc_text();
        for section in ["## What it does", "## Why", "## Example", "## Fix safety"] {
            assert!(doc.contains(section), "{} lacks `{section}`", meta.id);
        }
        assert!(
            !meta.triggers.is_empty(),
            "{} has no trigger literals",
            meta.id
        );
        Engine::new(vec![rewrite], Applicability::Safe)
            .unwrap_or_else(|e| panic!("{}: {e}", meta.id));
    }
}
