//! One configuration value, from `setup.py` or `setup.cfg`, in `setup()` keyword terms.

use crate::python::value::{Site, Value};

pub const SETUP_PY_REWRITE: &str = "setup-py-to-pyproject";
pub const SETUP_CFG_REWRITE: &str = "setup-cfg-to-pyproject";

#[derive(Clone, Debug)]
pub enum ArgOrigin {
    /// A keyword of the `setup()` call (directly or through `**mapping`).
    SetupPy {
        line: usize,
        /// Source ranges that set it: deleting them removes it from `setup.py`.
        sites: Vec<Site>,
        /// The `**mapping` it came through (index into the call's splats).
        splat: Option<usize>,
    },
    /// An option of `setup.cfg`.
    SetupCfg {
        section: String,
        key: String,
        line: usize,
        /// An `attr:` directive, as written (`pkg.__version__`).
        attr: Option<String>,
    },
}

#[derive(Clone, Debug)]
pub struct Arg {
    /// The `setup()` keyword (`setup.cfg` aliases resolved: `home_page` → `url`).
    pub keyword: String,
    pub value: Value,
    pub origin: ArgOrigin,
}

impl Arg {
    pub fn rewrite(&self) -> &'static str {
        match self.origin {
            ArgOrigin::SetupPy { .. } => SETUP_PY_REWRITE,
            ArgOrigin::SetupCfg { .. } => SETUP_CFG_REWRITE,
        }
    }

    pub fn file(&self) -> &'static str {
        match self.origin {
            ArgOrigin::SetupPy { .. } => "setup.py",
            ArgOrigin::SetupCfg { .. } => "setup.cfg",
        }
    }

    pub fn line(&self) -> usize {
        match &self.origin {
            ArgOrigin::SetupPy { line, .. } | ArgOrigin::SetupCfg { line, .. } => *line,
        }
    }

    /// How the report names it: `version`, `[options] install_requires`.
    pub fn spelled(&self) -> String {
        match &self.origin {
            ArgOrigin::SetupPy { .. } => self.keyword.clone(),
            // A file pbr reads next to setup.cfg (requirements.txt).
            ArgOrigin::SetupCfg { section, key, .. } if section.is_empty() => key.clone(),
            ArgOrigin::SetupCfg { section, key, .. } => format!("[{section}] {key}"),
        }
    }

    pub fn is_setup_py(&self) -> bool {
        matches!(self.origin, ArgOrigin::SetupPy { .. })
    }
}
