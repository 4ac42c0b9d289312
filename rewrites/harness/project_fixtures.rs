//! The fixture harness of project rewrites: `rewrites/<name>/fixtures/<case>/` holds
//! `input/` (a project) and, when the case changes it, `expected/` (the whole project after the
//! run: a file missing there was deleted). `report.txt` is the report the run prints (the
//! conversion's report, then one line per change made or left to the user). An optional
//! `options` file sets `spdx`, `min-version=3.8`, `target-version=3.13`,
//! `backports=imghdr,asyncore` and `select=setup-cfg-to-pyproject` (ids, comma-separated;
//! default: the rewrites the folder's test names).
//!
//! Every case also checks that each written `pyproject.toml` parses and that running again on
//! the result changes nothing. `SNAKESHIFT_BLESS=1` rewrites `expected/` and `report.txt`.

use crate::kit::backports::Backports;
use crate::kit::project::{ProjectSettings, run_project};
use crate::{ProjectRewrite, imported_backports, projects};
use snakeshift_engine::version::PyVersion;
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
    settings: ProjectSettings,
    selected: Vec<&'static dyn ProjectRewrite>,
}

fn by_ids(ids: &[&str]) -> Vec<&'static dyn ProjectRewrite> {
    for id in ids {
        assert!(
            projects().iter().any(|r| r.meta().id == *id),
            "unknown project rewrite `{id}`"
        );
    }
    projects()
        .into_iter()
        .filter(|r| ids.contains(&r.meta().id))
        .collect()
}

fn options(case: &Path, default: &[&str]) -> CaseOptions {
    let mut opts = CaseOptions {
        settings: ProjectSettings::new(PyVersion::new(3, 10), PyVersion::new(3, 14)),
        selected: by_ids(default),
    };
    if let Ok(text) = fs::read_to_string(case.join("options")) {
        for word in text.split_whitespace() {
            match word.split_once('=') {
                None if word == "spdx" => opts.settings.spdx = true,
                Some(("min-version", v)) => opts.settings.min = v.parse().unwrap(),
                Some(("target-version", v)) => opts.settings.target = v.parse().unwrap(),
                Some(("backports", names)) => {
                    let names: Vec<&str> = names.split(',').collect();
                    opts.settings.backports = Backports::parse(&names).unwrap();
                }
                Some(("select", ids)) => {
                    opts.selected = by_ids(&ids.split(',').collect::<Vec<_>>());
                }
                _ => panic!("{}: unknown option `{word}`", case.display()),
            }
        }
    }
    opts
}

/// Runs the project stage on a project tree: the new tree and the rendered report.
fn run(tree: &Tree, opts: &CaseOptions) -> (Tree, String) {
    let files = memory(tree);
    let mut settings = opts.settings.clone();
    for (path, text) in tree.iter().filter(|(p, _)| p.ends_with(".py")) {
        for module in imported_backports(text, settings.backports) {
            settings
                .imports
                .entry(module)
                .or_default()
                .push(path.clone());
        }
    }
    let outcome = run_project(&opts.selected, &files, BTreeMap::new(), &settings);
    let mut out = tree.clone();
    for c in &outcome.changes {
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
    let mut report = outcome.report.render("");
    for f in &outcome.findings {
        let what = if f.applied { "fixed" } else { "left" };
        report.push_str(&format!(
            "{}:{}: {}: {what}: {}\n",
            f.path, f.line, f.rewrite, f.message
        ));
        if let Some(note) = &f.note {
            report.push_str(&format!("    {note}\n"));
        }
    }
    (out, report)
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

/// Runs every case of one rewrite's `fixtures/` folder, with the rewrites `ids` unless a
/// case's `options` select others.
pub fn run_all(folder: &str, ids: &[&str]) {
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
        let opts = options(case, ids);
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
        assert!(
            ["packaging", "tooling"].contains(&meta.group),
            "{} is in group {}",
            meta.id,
            meta.group
        );
    }
}
