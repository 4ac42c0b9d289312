//! The parallel driver: every file read, migrated and (with `--apply`) written, results in
//! path order.

use crate::versions::Versions;
use crate::write::write_atomic;
use rayon::prelude::*;
use snakeshift_engine::diff::unified_diff;
use snakeshift_engine::pipeline::{Engine, Reported};
use snakeshift_engine::rewrite::FileInfo;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Rayon workers recurse through syntax trees; give them room.
const WORKER_STACK: usize = 16 * 1024 * 1024;

pub struct Settings<'a> {
    pub engine: &'a Engine,
    pub versions: &'a Versions,
    pub apply: bool,
    pub diff_context: usize,
    pub jobs: Option<usize>,
}

/// What happened to one file, ready to report.
#[derive(Default)]
pub struct FileReport {
    pub display: String,
    /// The unified diff of the change (empty when nothing changed).
    pub diff: String,
    pub applied: Vec<Reported>,
    pub remaining: Vec<Reported>,
    /// The file could not be processed (syntax, encoding, reverted fix…).
    pub error: Option<String>,
    /// The file could not be read or written: an I/O problem.
    pub io_error: Option<String>,
    pub written: bool,
}

impl FileReport {
    pub fn changed(&self) -> bool {
        !self.diff.is_empty()
    }
}

pub fn run(files: &[PathBuf], settings: &Settings<'_>) -> Result<Vec<FileReport>, String> {
    let mut pool = rayon::ThreadPoolBuilder::new().stack_size(WORKER_STACK);
    if let Some(jobs) = settings.jobs {
        pool = pool.num_threads(jobs);
    }
    let pool = pool.build().map_err(|e| e.to_string())?;
    Ok(pool.install(|| {
        let star_imported = crate::star_imports::star_imported(files);
        files
            .par_iter()
            .map(|path| process(path, settings, &star_imported))
            .collect()
    }))
}

fn process(path: &Path, settings: &Settings<'_>, star_imported: &HashSet<PathBuf>) -> FileReport {
    let display = display_path(path);
    let mut report = FileReport {
        display: display.clone(),
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
        display_path: display.clone(),
        is_stub: path.extension().is_some_and(|e| e == "pyi"),
        is_package_init: path.file_name().is_some_and(|n| n == "__init__.py"),
        star_imported: std::path::absolute(path).is_ok_and(|p| star_imported.contains(&p)),
    };
    let window = settings.versions.window_for(path);
    let outcome = settings.engine.process(&info, &bytes, window);
    report.applied = outcome.applied;
    report.remaining = outcome.remaining;
    report.error = outcome.error.map(|e| e.to_string());
    let Some(new) = outcome.rewritten else {
        return report;
    };
    // Only UTF-8 (or ASCII) files are ever rewritten, so both sides are text.
    let (Ok(old_text), Ok(new_text)) = (std::str::from_utf8(&bytes), std::str::from_utf8(&new))
    else {
        report.error = Some("rewritten bytes are not UTF-8; file left untouched".to_owned());
        return report;
    };
    report.diff = unified_diff(
        &display,
        Some(old_text),
        Some(new_text),
        settings.diff_context,
    );
    if settings.apply {
        match write_atomic(path, &bytes, &new) {
            Ok(()) => report.written = true,
            Err(e) => report.io_error = Some(e),
        }
    }
    report
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
