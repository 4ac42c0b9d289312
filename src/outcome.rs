//! What a run produces: one report per file (its change, findings and errors) and one per
//! project root the project stage ran on.

use snakeshift_engine::fix::Applicability;
use snakeshift_engine::pipeline::Reported;
use snakeshift_project::convert::report::ProjectReport;
use std::path::PathBuf;

/// What happened to one file, ready to report.
pub struct FileReport {
    pub display: String,
    pub path: PathBuf,
    /// The bytes on disk; `None` for a file the run creates. Left empty for a file with
    /// nothing to report (no change, finding or error) unless `keep_texts`, so that a run's
    /// memory does not grow with the size of the tree.
    pub original: Option<Vec<u8>>,
    /// What the run leaves: `None` unchanged, `Some(None)` deleted, `Some(Some(bytes))`.
    pub result: Option<Option<Vec<u8>>>,
    /// The unified diff of the change (empty when nothing changed).
    pub diff: String,
    pub applied: Vec<Reported>,
    pub remaining: Vec<Reported>,
    /// The file could not be processed (syntax, encoding, reverted fix…).
    pub error: Option<String>,
    /// The file could not be read or written: an I/O problem.
    pub io_error: Option<String>,
    pub written: bool,
    /// Its diff is made and its change written ([`crate::run`]'s `finish`).
    pub finished: bool,
    /// The lowest applicability applied to this file (`Unsafe` with `--unsafe`).
    pub required: Applicability,
    /// The modules `--backports` restores that the file (as the run leaves it) imports.
    pub backported: Vec<&'static str>,
}

impl Default for FileReport {
    fn default() -> Self {
        FileReport {
            display: String::new(),
            path: PathBuf::new(),
            original: None,
            result: None,
            diff: String::new(),
            applied: Vec::new(),
            remaining: Vec::new(),
            error: None,
            io_error: None,
            written: false,
            finished: false,
            required: Applicability::Safe,
            backported: Vec::new(),
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
}

/// A project rewrite's run on one project root.
pub struct ProjectRun {
    /// The root as shown to the user (`.` for the current directory).
    pub root: String,
    pub report: ProjectReport,
    /// The conversion changed files.
    pub converted: bool,
    /// The files it changes, as displayed.
    pub files: Vec<String>,
}

pub struct Outcome {
    pub files: Vec<FileReport>,
    pub projects: Vec<ProjectRun>,
}
