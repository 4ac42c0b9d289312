//! What a run produces: one report per file, the one result type the reporters and the
//! writer read. A file's report holds its change, its findings ([`Reported`]) and errors,
//! and, for the configuration file of a project root, what the project rewrites did there.

use snakeshift_engine::fix::Applicability;
use snakeshift_engine::pipeline::Reported;
use snakeshift_project::convert::report::ProjectReport;
use std::path::{Path, PathBuf};

/// What a run leaves of a file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Leaves {
    #[default]
    Unchanged,
    /// Its new bytes (or, for a file the run creates, its bytes).
    Bytes(Vec<u8>),
    Deleted,
}

impl Leaves {
    /// The new bytes, when the run writes some.
    pub fn bytes(&self) -> Option<&[u8]> {
        match self {
            Leaves::Bytes(b) => Some(b),
            _ => None,
        }
    }
}

/// What happened to one file, ready to report.
pub struct FileReport {
    pub display: String,
    pub path: PathBuf,
    /// The bytes on disk; `None` for a file the run creates or did not read. Left empty for a
    /// file with nothing to report (no change, finding or error) unless `keep_texts`, so that
    /// a run's memory does not grow with the size of the tree.
    pub original: Option<Vec<u8>>,
    pub result: Leaves,
    /// The unified diff of the change (empty when nothing changed).
    pub diff: String,
    pub applied: Vec<Reported>,
    pub remaining: Vec<Reported>,
    /// The file could not be processed (syntax, encoding, reverted fix…).
    pub error: Option<String>,
    /// The file could not be read or written: an I/O problem.
    pub io_error: Option<String>,
    pub written: bool,
    /// Its diff is made and its change written (the driver's `finish`).
    pub finished: bool,
    /// The lowest applicability applied to this file (`Unsafe` with `--unsafe`).
    pub required: Applicability,
    /// The modules `--backports` restores that the file (as the run leaves it) imports.
    pub backported: Vec<&'static str>,
    /// For the configuration file of a project root the project rewrites ran on (its
    /// setup.py, else setup.cfg, else pyproject.toml): what they did there.
    pub project: Option<Box<ProjectAccount>>,
}

impl Default for FileReport {
    fn default() -> Self {
        FileReport {
            display: String::new(),
            path: PathBuf::new(),
            original: None,
            result: Leaves::Unchanged,
            diff: String::new(),
            applied: Vec::new(),
            remaining: Vec::new(),
            error: None,
            io_error: None,
            written: false,
            finished: false,
            required: Applicability::Safe,
            backported: Vec::new(),
            project: None,
        }
    }
}

impl FileReport {
    pub fn changed(&self) -> bool {
        !self.diff.is_empty()
    }

    /// Why the file could not be processed or written, if it could not.
    pub fn failure(&self) -> Option<&str> {
        self.io_error.as_deref().or(self.error.as_deref())
    }

    /// The bytes as read, as text (invalid UTF-8 replaced), to locate findings in.
    pub fn original_text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(self.original.as_deref().unwrap_or_default())
    }

    /// The bytes as the run leaves them: `None` for a file it deletes or did not read.
    pub fn current(&self) -> Option<&[u8]> {
        match &self.result {
            Leaves::Unchanged => self.original.as_deref(),
            Leaves::Bytes(b) => Some(b),
            Leaves::Deleted => None,
        }
    }
}

/// What the project rewrites did on one project root, keyword by keyword.
pub struct ProjectAccount {
    /// The root as shown to the user (`.` for the current directory).
    pub root: String,
    /// The root's absolute path: the accounts of a run are told in its order.
    pub root_path: PathBuf,
    pub report: ProjectReport,
    /// The conversion changed files.
    pub converted: bool,
    /// The files the project rewrites change, as displayed.
    pub files: Vec<String>,
}

/// The project accounts the reports hold, in the order of their roots.
pub fn projects(reports: &[FileReport]) -> Vec<&ProjectAccount> {
    let mut accounts: Vec<&ProjectAccount> = reports
        .iter()
        .filter_map(|r| r.project.as_deref())
        .collect();
    accounts.sort_by(|a, b| Path::cmp(&a.root_path, &b.root_path));
    accounts
}
