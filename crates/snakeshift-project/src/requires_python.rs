//! The oldest Python a project declares it supports: `requires-python` in `pyproject.toml`,
//! `python_requires` in `setup.cfg` or in the `setup()` call of `setup.py` — read the same way
//! the `setup.py`/`setup.cfg` → `pyproject.toml` conversion reads them (`setup.py` through the
//! static evaluator, so `python_requires=PYTHON_REQUIRES` works too).

use crate::files::{DiskFiles, ProjectFiles};
use crate::python::interp::{Interp, Settings};
use snakeshift_engine::version::{PyVersion, VersionWindow};
use std::fs;
use std::path::{Path, PathBuf};

/// A declared minimum and where it was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Declared {
    pub min: PyVersion,
    pub source: PathBuf,
    pub specifier: String,
}

/// Reads the requirement out of one kind of file's text (other project files at hand).
type Reader = fn(&str, &dyn ProjectFiles) -> Option<String>;

/// Looks in `dir` (a project root) for a declared Python requirement; `pyproject.toml` wins
/// over `setup.cfg`, which wins over `setup.py`. Files that do not declare one are skipped.
pub fn declared_in(dir: &Path) -> Option<Declared> {
    let candidates: [(&str, Reader); 3] = [
        ("pyproject.toml", from_pyproject),
        ("setup.cfg", from_setup_cfg),
        ("setup.py", from_setup_py),
    ];
    let files = DiskFiles::new(dir);
    for (name, read) in candidates {
        let path = dir.join(name);
        let Ok(text) = fs::read_to_string(&path) else {
            continue;
        };
        if let Some(specifier) = read(&text, &files)
            && let Some(min) = lower_bound(&specifier)
        {
            return Some(Declared {
                min,
                source: path,
                specifier,
            });
        }
    }
    None
}

fn from_pyproject(text: &str, _: &dyn ProjectFiles) -> Option<String> {
    let doc: toml_edit::DocumentMut = text.parse().ok()?;
    if let Some(spec) = doc
        .get("project")
        .and_then(|p| p.get("requires-python"))
        .and_then(|v| v.as_str())
    {
        return Some(spec.to_owned());
    }
    // Poetry: `python = "^3.8"` among the dependencies.
    doc.get("tool")?
        .get("poetry")?
        .get("dependencies")?
        .get("python")?
        .as_str()
        .map(str::to_owned)
}

fn from_setup_cfg(text: &str, _: &dyn ProjectFiles) -> Option<String> {
    let ini = crate::ini::parse(text).ok()?;
    let value = &ini.section("options")?.get("python_requires")?.value;
    crate::ini::interpolate(value).map(|v| v.trim().to_owned())
}

/// The `python_requires=` that `setup.py`'s `setup()` call passes, evaluated statically.
fn from_setup_py(text: &str, files: &dyn ProjectFiles) -> Option<String> {
    if !text.contains("python_requires") {
        return None;
    }
    let mut interp = Interp::new(
        files,
        Settings {
            min: VersionWindow::DEFAULT_MIN,
            build_modules: Vec::new(),
        },
    );
    let module = interp.add_module("setup.py", text);
    interp.run_main(module);
    let call = interp.setup_calls.first()?;
    let arg = call.args.iter().find(|a| a.name == "python_requires")?;
    arg.value.as_str().map(|s| s.trim().to_owned())
}

/// The oldest feature release a PEP 440 specifier (or Poetry's `^`/`~`) allows:
/// `>=3.8,<4` → 3.8, `~=3.9` → 3.9, `==3.10.*` → 3.10, `>3.7` → 3.7, `^3.8` → 3.8.
pub fn lower_bound(specifier: &str) -> Option<PyVersion> {
    specifier
        .split([',', '|'])
        .filter_map(|clause| {
            let clause = clause.trim();
            let version = [">=", "~=", "==", ">", "^", "~"]
                .iter()
                .find_map(|op| clause.strip_prefix(op))?;
            let version = version.trim().trim_end_matches(".*");
            let mut parts = version.split('.');
            let major: u8 = parts.next()?.trim().parse().ok()?;
            let minor: u8 = parts.next().unwrap_or("0").trim().parse().ok()?;
            (major == 3).then_some(PyVersion::new(major, minor))
        })
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::MemoryFiles;

    #[test]
    fn lower_bounds() {
        assert_eq!(lower_bound(">=3.8"), Some(PyVersion::new(3, 8)));
        assert_eq!(lower_bound(">=3.8, <4"), Some(PyVersion::new(3, 8)));
        assert_eq!(lower_bound("~=3.9"), Some(PyVersion::new(3, 9)));
        assert_eq!(lower_bound("==3.10.*"), Some(PyVersion::new(3, 10)));
        assert_eq!(
            lower_bound(">2.7, !=3.0.*, >=3.6"),
            Some(PyVersion::new(3, 6))
        );
        assert_eq!(lower_bound("^3.11"), Some(PyVersion::new(3, 11)));
        assert_eq!(lower_bound("<4"), None);
        // An upper bound is not read: it gives neither the minimum nor the target (the target
        // is `--target-version`, else `[tool.snakeshift] target-version`, else 3.14).
        assert_eq!(lower_bound(">=3.10,<3.15"), Some(PyVersion::new(3, 10)));
        assert_eq!(lower_bound(">=3.10,<3.16"), Some(PyVersion::new(3, 10)));
        assert_eq!(lower_bound("<3.16, >=3.11"), Some(PyVersion::new(3, 11)));
        assert_eq!(lower_bound(">=2.7"), None);
    }

    #[test]
    fn reads_each_file_kind() {
        let fs = MemoryFiles::new();
        assert_eq!(
            from_pyproject(
                "[project]\nname = \"x\"\nrequires-python = \">=3.9\"\n",
                &fs
            )
            .as_deref(),
            Some(">=3.9")
        );
        assert_eq!(
            from_pyproject("[tool.poetry.dependencies]\npython = \"^3.8\"\n", &fs).as_deref(),
            Some("^3.8")
        );
        assert_eq!(
            from_setup_cfg(
                "[metadata]\nname = x\n[options]\npython_requires = >=3.7\n",
                &fs
            )
            .as_deref(),
            Some(">=3.7")
        );
        assert_eq!(
            from_setup_py(
                "from setuptools import setup\nsetup(name='x', python_requires='>=3.6')\n",
                &fs
            )
            .as_deref(),
            Some(">=3.6")
        );
        assert_eq!(
            from_setup_py(
                "from setuptools import setup\nREQ = '>=3.' + str(7)\nkw = {'python_requires': REQ}\nsetup(name='x', **kw)\n",
                &fs
            )
            .as_deref(),
            Some(">=3.7")
        );
        assert_eq!(from_setup_py("setup(python_requires=REQ)\n", &fs), None);
    }
}
