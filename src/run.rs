//! The driver: every file read and migrated in parallel, then the project rewrites on the
//! project roots found (`project`, working on the migrated `setup.py`), then one diff per changed file
//! and, with `--apply`, the writes. The dry run and `--apply` share everything up to the
//! write.

use crate::versions::Versions;
use crate::write::{create_atomic, delete_checked, write_atomic};
use rayon::prelude::*;
use snakeshift_engine::backports::Backports;
use snakeshift_engine::diff::unified_diff;
use snakeshift_engine::pipeline::{Engine, Reported};
use snakeshift_engine::rewrite::FileInfo;
use snakeshift_project::convert::report::ProjectReport;
use snakeshift_rewrites::ProjectRewrite;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Rayon workers recurse through syntax trees; give them room.
const WORKER_STACK: usize = 16 * 1024 * 1024;

pub struct Settings<'a> {
    pub engine: &'a Engine,
    pub projects: &'a [&'static dyn ProjectRewrite],
    pub spdx: bool,
    /// `--backports`: removed modules restored by their packages.
    pub backports: Backports,
    pub versions: &'a Versions,
    pub apply: bool,
    pub diff_context: usize,
    pub jobs: Option<usize>,
}

/// What happened to one file, ready to report.
#[derive(Default)]
pub struct FileReport {
    pub display: String,
    pub path: PathBuf,
    /// The bytes on disk; `None` for a file the run creates.
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
    /// The modules `--backports` restores that the file (as the run leaves it) imports.
    pub backported: Vec<&'static str>,
}

impl FileReport {
    pub fn changed(&self) -> bool {
        !self.diff.is_empty()
    }
}

/// A project rewrite's run on one project root.
pub struct ProjectRun {
    /// The root as shown to the user (`.` for the current directory).
    pub root: String,
    pub report: ProjectReport,
    /// The conversion changed files.
    pub converted: bool,
}

pub struct Outcome {
    pub files: Vec<FileReport>,
    pub projects: Vec<ProjectRun>,
}

pub fn run(
    files: &[PathBuf],
    roots: &[PathBuf],
    settings: &Settings<'_>,
) -> Result<Outcome, String> {
    let mut pool = rayon::ThreadPoolBuilder::new().stack_size(WORKER_STACK);
    if let Some(jobs) = settings.jobs {
        pool = pool.num_threads(jobs);
    }
    let pool = pool.build().map_err(|e| e.to_string())?;
    pool.install(|| {
        let star_imported = crate::star_imports::star_imported(files);
        let mut reports: Vec<FileReport> = files
            .par_iter()
            .map(|path| migrate(path, settings, &star_imported))
            .collect();
        let projects = crate::project::run_projects(roots, &mut reports, settings);
        reports.sort_by(|a, b| a.display.cmp(&b.display));
        reports.par_iter_mut().for_each(|r| finish(r, settings));
        Ok(Outcome {
            files: reports,
            projects,
        })
    })
}

fn migrate(path: &Path, settings: &Settings<'_>, star_imported: &HashSet<PathBuf>) -> FileReport {
    let display = display_path(path);
    let mut report = FileReport {
        display: display.clone(),
        path: path.to_path_buf(),
        ..FileReport::default()
    };
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            report.io_error = Some(format!("cannot read: {e}"));
            return report;
        }
    };
    let info = FileInfo {
        display_path: display,
        is_stub: path.extension().is_some_and(|e| e == "pyi"),
        is_package_init: path.file_name().is_some_and(|n| n == "__init__.py"),
        star_imported: std::path::absolute(path).is_ok_and(|p| star_imported.contains(&p)),
    };
    let window = settings.versions.window_for(path);
    let outcome = settings.engine.process(&info, &bytes, window);
    report.applied = outcome.applied;
    report.remaining = outcome.remaining;
    report.error = outcome.error.map(|e| e.to_string());
    report.result = outcome.rewritten.map(Some);
    if !settings.backports.is_empty() && report.error.is_none() {
        let text = report
            .result
            .as_ref()
            .and_then(|r| r.as_ref())
            .unwrap_or(&bytes);
        if let Ok(text) = std::str::from_utf8(text) {
            report.backported = snakeshift_rewrites::imported_backports(text, settings.backports);
        }
    }
    report.original = Some(bytes);
    report
}

/// The diff of a report, and its write with `--apply`.
fn finish(report: &mut FileReport, settings: &Settings<'_>) {
    let Some(result) = &report.result else {
        return;
    };
    if result.as_ref() == report.original.as_ref() {
        return;
    }
    let text = |b: &Option<Vec<u8>>| -> Result<Option<String>, ()> {
        match b {
            None => Ok(None),
            Some(b) => String::from_utf8(b.clone()).map(Some).map_err(|_| ()),
        }
    };
    // Only UTF-8 (or ASCII) files are ever rewritten, so both sides are text.
    let (Ok(old), Ok(new)) = (text(&report.original), text(result)) else {
        report.error = Some("rewritten bytes are not UTF-8; file left untouched".to_owned());
        return;
    };
    report.diff = unified_diff(
        &report.display,
        old.as_deref(),
        new.as_deref(),
        settings.diff_context,
    );
    if !settings.apply {
        return;
    }
    let written = match (&report.original, result) {
        (Some(original), Some(new)) => write_atomic(&report.path, original, new),
        (None, Some(new)) => create_atomic(&report.path, new),
        (Some(original), None) => delete_checked(&report.path, original),
        (None, None) => Ok(()),
    };
    match written {
        Ok(()) => report.written = true,
        Err(e) => report.io_error = Some(e),
    }
}

/// The path as the user sees it: relative to the current directory when it is inside it.
pub fn display_path(path: &Path) -> String {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| {
            let absolute = std::path::absolute(path).ok()?;
            absolute.strip_prefix(&cwd).ok().map(Path::to_path_buf)
        })
        .unwrap_or_else(|| path.to_path_buf());
    let shown = relative.display().to_string();
    shown.strip_prefix("./").unwrap_or(&shown).to_owned()
}
