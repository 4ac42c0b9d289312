//! The version window of each file: the target from the flags or the configuration; the
//! minimum from the flags, else the configuration's `min-version`, else what the project the
//! file belongs to declares (`requires-python`), else 3.10.

use snakeshift_engine::version::{PyVersion, VersionWindow};
use snakeshift_project::requires_python::{Declared, declared_in};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

const PROJECT_FILES: [&str; 3] = ["pyproject.toml", "setup.cfg", "setup.py"];

#[derive(Default)]
pub struct Versions {
    /// Project root → what it declares.
    projects: Mutex<HashMap<PathBuf, Option<Declared>>>,
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
        let root = absolute
            .ancestors()
            .skip(1)
            .find(|dir| PROJECT_FILES.iter().any(|f| dir.join(f).is_file()))?
            .to_path_buf();
        let mut projects = self.projects.lock().expect("no thread panics holding it");
        projects
            .entry(root)
            .or_insert_with_key(|root| declared_in(root))
            .clone()
    }
}
