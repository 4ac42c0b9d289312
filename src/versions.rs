//! The version window of each file: the target from the flags or the configuration; the
//! minimum from the flags, else the configuration's `min-version`, else what the project the
//! file belongs to declares (`requires-python`), else 3.10.

use snakeshift_engine::version::{PyVersion, VersionWindow};
use snakeshift_project::requires_python::{Declared, declared_in};
use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

const PROJECT_FILES: [&str; 3] = ["pyproject.toml", "setup.cfg", "setup.py"];

#[derive(Default)]
pub struct Versions {
    /// Project root → what it declares.
    projects: Mutex<HashMap<PathBuf, Option<Declared>>>,
    /// Directory (by its path's bytes) → the project root enclosing its files: asked for
    /// every file, found once per directory.
    roots: Mutex<HashMap<OsString, Option<PathBuf>>>,
}

impl Versions {
    /// The window of `file`: `configured_min` is the flag's or the configuration's.
    pub fn window_for(
        &self,
        file: &Path,
        target: PyVersion,
        configured_min: Option<PyVersion>,
    ) -> VersionWindow {
        let min = configured_min
            .or_else(|| self.declared_for(file).map(|d| d.min))
            .unwrap_or(VersionWindow::DEFAULT_MIN);
        VersionWindow { min, target }
    }

    /// What the nearest enclosing project (the first ancestor directory holding a
    /// pyproject.toml, setup.cfg or setup.py) declares.
    pub fn declared_for(&self, file: &Path) -> Option<Declared> {
        let absolute = crate::paths::absolute(file).ok()?;
        let dir = absolute.parent()?;
        let known = self
            .roots
            .lock()
            .expect("no thread panics holding it")
            .get(dir.as_os_str())
            .cloned();
        let root = match known {
            Some(root) => root,
            None => {
                let root = dir
                    .ancestors()
                    .find(|d| {
                        PROJECT_FILES
                            .iter()
                            .any(|f| crate::paths::is_file(&d.join(f)))
                    })
                    .map(Path::to_path_buf);
                self.roots
                    .lock()
                    .expect("no thread panics holding it")
                    .insert(dir.as_os_str().to_owned(), root.clone());
                root
            }
        }?;
        let mut projects = self.projects.lock().expect("no thread panics holding it");
        projects
            .entry(root)
            .or_insert_with_key(|root| declared_in(root))
            .clone()
    }
}
