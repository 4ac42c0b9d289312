//! The version window of each file: the target from the command line, the minimum from the
//! command line or else from the project the file belongs to.

use snakeshift_engine::version::{PyVersion, VersionWindow};
use snakeshift_project::requires_python::{Declared, declared_in};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

const PROJECT_FILES: [&str; 3] = ["pyproject.toml", "setup.cfg", "setup.py"];

pub struct Versions {
    target: PyVersion,
    explicit_min: Option<PyVersion>,
    /// Project root → what it declares.
    projects: Mutex<HashMap<PathBuf, Option<Declared>>>,
}

impl Versions {
    pub fn new(target: PyVersion, explicit_min: Option<PyVersion>) -> Self {
        Versions {
            target,
            explicit_min,
            projects: Mutex::new(HashMap::new()),
        }
    }

    pub fn window_for(&self, file: &Path) -> VersionWindow {
        let min = self
            .explicit_min
            .or_else(|| self.declared_for(file).map(|d| d.min))
            .unwrap_or(VersionWindow::DEFAULT_MIN);
        VersionWindow {
            min,
            target: self.target,
        }
    }

    /// What the nearest enclosing project (the first ancestor directory holding a
    /// pyproject.toml, setup.cfg or setup.py) declares.
    fn declared_for(&self, file: &Path) -> Option<Declared> {
        let absolute = std::path::absolute(file).ok()?;
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
