//! The Python versions a project declares: `requires-python` (or `python_requires`) and the
//! `Programming Language :: Python :: 3.x` classifiers, from `pyproject.toml`, `setup.cfg`
//! or `setup.py` (evaluated statically, never run).

use snakeshift_engine::version::VersionWindow;
use snakeshift_project::files::DiskFiles;
use snakeshift_project::python::interp::{Interp, Settings};
use std::path::Path;

/// The classifier versions (`3.8`, `3.9`…) the first of the project files that lists
/// classifiers declares, with that file's name.
pub fn classifier_versions(root: &Path) -> Option<(&'static str, Vec<String>)> {
    let read = |name: &str| std::fs::read_to_string(root.join(name)).ok();
    let lists: [(&'static str, Option<Vec<String>>); 3] = [
        (
            "pyproject.toml",
            read("pyproject.toml").and_then(|t| from_pyproject(&t)),
        ),
        (
            "setup.cfg",
            read("setup.cfg").and_then(|t| from_setup_cfg(&t)),
        ),
        (
            "setup.py",
            read("setup.py").and_then(|t| from_setup_py(root, &t)),
        ),
    ];
    lists.into_iter().find_map(|(name, list)| {
        let versions: Vec<String> = list?.iter().filter_map(|c| python_version(c)).collect();
        Some((name, versions))
    })
}

/// `Programming Language :: Python :: 3.8` → `3.8`, `:: 3` → `3` (not `:: 3 :: Only`, or
/// implementations).
fn python_version(classifier: &str) -> Option<String> {
    let parts: Vec<&str> = classifier.split("::").map(str::trim).collect();
    match parts.as_slice() {
        ["Programming Language", "Python", v] if v.split('.').all(|p| p.parse::<u8>().is_ok()) => {
            Some((*v).to_owned())
        }
        _ => None,
    }
}

fn from_pyproject(text: &str) -> Option<Vec<String>> {
    let doc: toml_edit::DocumentMut = text.parse().ok()?;
    let list = doc.get("project")?.get("classifiers")?.as_array()?;
    Some(
        list.iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
    )
}

fn from_setup_cfg(text: &str) -> Option<Vec<String>> {
    let ini = snakeshift_project::ini::parse(text).ok()?;
    let value = &ini.section("metadata")?.get("classifiers")?.value;
    let value = snakeshift_project::ini::interpolate(value)?;
    Some(
        value
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
    )
}

fn from_setup_py(root: &Path, text: &str) -> Option<Vec<String>> {
    if !text.contains("classifiers") {
        return None;
    }
    let files = DiskFiles::new(root);
    let mut interp = Interp::new(
        &files,
        Settings {
            min: VersionWindow::DEFAULT_MIN,
            build_modules: Vec::new(),
        },
    );
    let module = interp.add_module("setup.py", text);
    interp.run_main(module);
    let call = interp.setup_calls.first()?;
    let arg = call.args.iter().find(|a| a.name == "classifiers")?;
    Some(
        arg.value
            .items()?
            .iter()
            .filter_map(|i| i.value.as_str().map(str::to_owned))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_classifiers_from_each_kind_of_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("setup.py"),
            "from setuptools import setup\nPY = ['Programming Language :: Python :: 3.7']\nsetup(name='x', classifiers=PY + ['Programming Language :: Python :: 3 :: Only', 'Programming Language :: Python :: 3.8'])\n",
        )
        .unwrap();
        assert_eq!(
            classifier_versions(dir.path()),
            Some(("setup.py", vec!["3.7".to_owned(), "3.8".to_owned()]))
        );
        std::fs::write(
            dir.path().join("setup.cfg"),
            "[metadata]\nclassifiers =\n    Programming Language :: Python :: 3.9\n    License :: OSI Approved\n",
        )
        .unwrap();
        assert_eq!(
            classifier_versions(dir.path()),
            Some(("setup.cfg", vec!["3.9".to_owned()]))
        );
        std::fs::write(
            dir.path().join("pyproject.toml"),
            "[project]\nclassifiers = ['Programming Language :: Python :: 3.12', 'Programming Language :: Python :: Implementation :: CPython']\n",
        )
        .unwrap();
        assert_eq!(
            classifier_versions(dir.path()),
            Some(("pyproject.toml", vec!["3.12".to_owned()]))
        );
    }
}
