//! The fixture harness of project rewrites: `rewrites/<name>/fixtures/<case>/` holds
//! `input/` (a project) and, when the case converts, `expected/` (the whole project after the
//! conversion: a file missing there was deleted). `report.txt` is the report the conversion
//! prints. An optional `options` file sets `spdx`, `min-version=3.8` and
//! `select=setup-cfg-to-pyproject` (ids, comma-separated; default: both).
//!
//! Every case also checks that each written `pyproject.toml` parses and that converting the
//! result again changes nothing. `SNAKESHIFT_BLESS=1` rewrites `expected/` and `report.txt`.

use crate::{ProjectRewrite, convert_project, projects};
use snakeshift_engine::version::PyVersion;
use snakeshift_project::convert::ProjectInput;
use snakeshift_project::files::MemoryFiles;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

type Tree = BTreeMap<String, String>;

fn load(dir: &Path) -> Tree {
    let files = MemoryFiles::load(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    files
        .paths()
        .map(|p| {
            (
                p.to_owned(),
                snakeshift_project::files::ProjectFiles::read(&files, p).unwrap(),
            )
        })
        .collect()
}

fn memory(tree: &Tree) -> MemoryFiles {
    let mut m = MemoryFiles::new();
    for (p, t) in tree {
        m.insert(p, t);
    }
    m
}

struct CaseOptions {
    min: PyVersion,
    spdx: bool,
    selected: Vec<&'static dyn ProjectRewrite>,
}

fn options(case: &Path) -> CaseOptions {
    let mut opts = CaseOptions {
        min: PyVersion::new(3, 10),
        spdx: false,
        selected: projects(),
    };
    if let Ok(text) = fs::read_to_string(case.join("options")) {
        for word in text.split_whitespace() {
            match word.split_once('=') {
                None if word == "spdx" => opts.spdx = true,
                Some(("min-version", v)) => opts.min = v.parse().unwrap(),
                Some(("select", ids)) => {
                    let ids: Vec<&str> = ids.split(',').collect();
                    opts.selected = projects()
                        .into_iter()
                        .filter(|r| ids.contains(&r.meta().id))
                        .collect();
                }
                _ => panic!("{}: unknown option `{word}`", case.display()),
            }
        }
    }
    opts
}

/// Runs the conversion on a project tree: the new tree and the rendered report.
fn run(tree: &Tree, opts: &CaseOptions) -> (Tree, String) {
    let files = memory(tree);
    let get = |p: &str| tree.get(p).map(String::as_str);
    let input = ProjectInput {
        files: &files,
        setup_py: get("setup.py"),
        setup_py_original: get("setup.py"),
        setup_cfg: get("setup.cfg"),
        pyproject: get("pyproject.toml"),
    };
    let converted = convert_project(&opts.selected, &input, opts.min, opts.spdx);
    let mut out = tree.clone();
    for c in &converted.changes {
        assert_eq!(
            tree.get(&c.path),
            c.old.as_ref(),
            "the change to {} starts from the file's text",
            c.path
        );
        match &c.new {
            Some(text) => out.insert(c.path.clone(), text.clone()),
            None => out.remove(&c.path),
        };
    }
    (out, converted.report.render(""))
}

fn write_tree(dir: &Path, tree: &Tree) {
    let _ = fs::remove_dir_all(dir);
    for (p, t) in tree {
        let path = dir.join(p);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, t).unwrap();
    }
}

fn diff_trees(expected: &Tree, actual: &Tree) -> Vec<String> {
    let mut out = Vec::new();
    for (p, t) in actual {
        match expected.get(p) {
            None => out.push(format!("{p}: unexpected file:\n{t}")),
            Some(e) if e != t => out.push(format!("{p}: differs; actual:\n{t}")),
            _ => {}
        }
    }
    for p in expected.keys() {
        if !actual.contains_key(p) {
            out.push(format!("{p}: expected but deleted"));
        }
    }
    out
}

/// Runs every case of one rewrite's `fixtures/` folder.
pub fn run_all(folder: &str) {
    let bless = std::env::var_os("SNAKESHIFT_BLESS").is_some();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(folder)
        .join("fixtures");
    let mut cases: Vec<_> = fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    let mut failures = Vec::new();
    let (mut changing, mut unchanged) = (0, 0);
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let opts = options(case);
        let input = load(&case.join("input"));
        let (output, report) = run(&input, &opts);
        let expected_dir = case.join("expected");
        let changed = output != input;
        if changed {
            changing += 1;
        } else {
            unchanged += 1;
        }
        if bless {
            if changed {
                write_tree(&expected_dir, &output);
            } else {
                let _ = fs::remove_dir_all(&expected_dir);
            }
            fs::write(case.join("report.txt"), &report).unwrap();
        } else {
            if expected_dir.is_dir() {
                let expected = load(&expected_dir);
                for d in diff_trees(&expected, &output) {
                    failures.push(format!("{name}: {d}"));
                }
            } else if changed {
                failures.push(format!(
                    "{name}: has no expected/ but the conversion changed files:\n{:?}",
                    diff_trees(&input, &output)
                ));
            }
            let recorded = fs::read_to_string(case.join("report.txt")).unwrap_or_default();
            if recorded != report {
                failures.push(format!("{name}: report differs:\n{report}"));
            }
        }
        for (p, t) in &output {
            if p.ends_with("pyproject.toml") && t.parse::<toml_edit::DocumentMut>().is_err() {
                failures.push(format!("{name}: {p} does not parse"));
            }
        }
        let (again, _) = run(&output, &opts);
        if again != output {
            failures.push(format!(
                "{name}: a second run changed the project again: {:?}",
                diff_trees(&output, &again)
            ));
        }
    }
    assert!(
        changing > 0 && unchanged > 0 || bless,
        "{folder} needs cases that convert and cases that must stay unchanged"
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn every_project_rewrite_is_documented() {
    let mut ids: Vec<&str> = crate::all().iter().map(|r| r.meta().id).collect();
    for rewrite in projects() {
        let meta = rewrite.meta();
        assert!(!ids.contains(&meta.id), "duplicate id {}", meta.id);
        ids.push(meta.id);
        let doc = meta.doc_text();
        for section in ["## What it does", "## Why", "## Example", "## Fix safety"] {
            assert!(doc.contains(section), "{} lacks `{section}`", meta.id);
        }
        assert_eq!(meta.group, "packaging");
    }
}
