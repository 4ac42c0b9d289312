//! The project stage: what runs once per project root after the file rewrites. The
//! `setup.py` / `setup.cfg` conversion comes first (both files together, as setuptools reads
//! them), then every other selected project rewrite edits the project as the previous ones
//! left it (the backport dependencies, the tooling files). Nothing here does I/O: the command
//! line (or the fixture harness) hands over a read-only view of the files and the texts the
//! file rewrites produced, and writes the changes this returns.

use crate::kit::backports::Backports;
use crate::kit::declare::{ProjectFile, ProjectRewrite};
use snakeshift_engine::version::PyVersion;
use snakeshift_project::change::FileChange;
use snakeshift_project::convert::report::{ProjectReport, RewriteId};
use snakeshift_project::convert::{Options, ProjectInput, convert};
use snakeshift_project::files::{DirEntry, ProjectFiles};
use std::collections::BTreeMap;

/// What the user chose, for one project.
#[derive(Clone, Debug)]
pub struct ProjectSettings {
    /// The oldest Python the project supports.
    pub min: PyVersion,
    /// The Python the project migrates to.
    pub target: PyVersion,
    /// `--spdx` (the conversion).
    pub spdx: bool,
    /// `--backports`: removed modules restored by a package instead of rewritten.
    pub backports: Backports,
    /// The restored modules the project's code imports, each with the files (relative to the
    /// root) that import it.
    pub imports: BTreeMap<&'static str, Vec<String>>,
    /// Whether the setup.py / setup.cfg conversion may run (not when the command line could
    /// not hand over `setup.py`, e.g. it does not parse).
    pub convert: bool,
}

impl ProjectSettings {
    pub fn new(min: PyVersion, target: PyVersion) -> Self {
        ProjectSettings {
            min,
            target,
            spdx: false,
            backports: Backports::default(),
            imports: BTreeMap::new(),
            convert: true,
        }
    }
}

/// A change a project rewrite made, or something it leaves to the user.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ProjectFinding {
    #[serde(deserialize_with = "project_rewrite_id")]
    pub rewrite: RewriteId,
    /// The file, relative to the project root.
    pub path: String,
    /// 1-based line in the file as the run leaves it (0: the whole file).
    pub line: usize,
    pub message: String,
    pub note: Option<String>,
    /// The rewrite changed the file (a fix that was applied); otherwise a human must act.
    pub applied: bool,
}

/// A stored project rewrite id read back as the `&'static str` findings hold; an id this
/// binary does not know makes the stored finding unreadable.
fn project_rewrite_id<'de, D: serde::Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    use serde::Deserialize;
    let id = String::deserialize(d)?;
    crate::projects()
        .into_iter()
        .map(|r| r.meta().id)
        .find(|known| *known == id)
        .ok_or_else(|| serde::de::Error::custom(format!("unknown project rewrite `{id}`")))
}

/// The project's files as the run has left them so far.
pub struct Project<'a> {
    files: &'a dyn ProjectFiles,
    texts: BTreeMap<String, Option<String>>,
    pub settings: &'a ProjectSettings,
    findings: Vec<ProjectFinding>,
}

impl<'a> Project<'a> {
    /// `rewritten` holds the texts the file rewrites gave the project's Python files.
    pub fn new(
        files: &'a dyn ProjectFiles,
        rewritten: BTreeMap<String, String>,
        settings: &'a ProjectSettings,
    ) -> Self {
        Project {
            files,
            texts: rewritten.into_iter().map(|(p, t)| (p, Some(t))).collect(),
            settings,
            findings: Vec::new(),
        }
    }

    /// A file's current text; `None` when it does not exist (or was deleted by this run).
    pub fn read(&self, path: &str) -> Option<String> {
        match self.texts.get(path) {
            Some(text) => text.clone(),
            None => self.files.read(path),
        }
    }

    /// Replaces a file's text (`None` deletes it).
    pub fn write(&mut self, path: &str, text: Option<String>) {
        self.texts.insert(path.to_owned(), text);
    }

    /// The entries of a directory on disk.
    pub fn list(&self, dir: &str) -> Option<Vec<DirEntry>> {
        self.files.list(dir)
    }

    /// Records a change made to `path` (its line in the new text).
    pub fn fixed(&mut self, rewrite: &'static str, path: &str, line: usize, message: String) {
        self.findings.push(ProjectFinding {
            rewrite,
            path: path.to_owned(),
            line,
            message,
            note: None,
            applied: true,
        });
    }

    /// Records something only a human can do.
    pub fn report(
        &mut self,
        rewrite: &'static str,
        path: &str,
        line: usize,
        message: String,
        note: String,
    ) {
        self.findings.push(ProjectFinding {
            rewrite,
            path: path.to_owned(),
            line,
            message,
            note: Some(note),
            applied: false,
        });
    }

    /// Every file whose text differs from the one on disk.
    fn changes(&self) -> Vec<FileChange> {
        self.texts
            .iter()
            .filter_map(|(path, new)| {
                let old = self.files.read(path);
                (old != *new).then(|| FileChange {
                    path: path.clone(),
                    old,
                    new: new.clone(),
                })
            })
            .collect()
    }
}

/// What the project stage did to one project: a function of the settings, the texts handed
/// over and what the project's files answered, so that it can be stored and reused.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct ProjectOutcome {
    /// Whole-file changes, paths relative to the root; `old` is the text on disk.
    pub changes: Vec<FileChange>,
    /// The conversion's report.
    pub report: ProjectReport,
    /// The conversion changed files.
    pub converted: bool,
    pub findings: Vec<ProjectFinding>,
}

/// Runs the selected project rewrites on one project.
pub fn run_project(
    selected: &[&'static dyn ProjectRewrite],
    files: &dyn ProjectFiles,
    rewritten: BTreeMap<String, String>,
    settings: &ProjectSettings,
) -> ProjectOutcome {
    let mut project = Project::new(files, rewritten, settings);
    let mut outcome = ProjectOutcome::default();
    if settings.convert {
        let has = |f: ProjectFile| selected.iter().any(|r| r.converts() == Some(f));
        let options = Options {
            min: settings.min,
            spdx: settings.spdx,
            setup_py: has(ProjectFile::SetupPy),
            setup_cfg: has(ProjectFile::SetupCfg),
        };
        if options.setup_py || options.setup_cfg {
            let setup_py = project.read("setup.py");
            let setup_py_original = files.read("setup.py");
            let setup_cfg = project.read("setup.cfg");
            let pyproject = project.read("pyproject.toml");
            let input = ProjectInput {
                files,
                setup_py: setup_py.as_deref(),
                setup_py_original: setup_py_original.as_deref(),
                setup_cfg: setup_cfg.as_deref(),
                pyproject: pyproject.as_deref(),
            };
            let converted = convert(&input, &options);
            outcome.converted = !converted.changes.is_empty();
            outcome.report = converted.report;
            for change in converted.changes {
                project.write(&change.path, change.new);
            }
        }
    }
    for rewrite in selected.iter().filter(|r| r.converts().is_none()) {
        rewrite.edit(&mut project);
    }
    outcome.changes = project.changes();
    outcome.findings = project.findings;
    outcome
}

/// The line (1-based) of byte `offset` in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// The line ending a file uses (`\r\n` when its first line ends so).
pub fn line_ending(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}
