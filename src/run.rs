//! The driver: every file read and migrated in parallel, then the project rewrites on the
//! project roots found (working on the migrated `setup.py`), then one diff per changed file
//! and, with `--apply`, the writes. The dry run and `--apply` share everything up to the
//! write.

use crate::cache::{Cache, Entry};
use crate::config::Resolver;
use crate::versions::Versions;
use crate::write::{create_atomic, delete_checked, remove_stale_temporaries, write_atomic};
use rayon::prelude::*;
use snakeshift_engine::diff::unified_diff;
use snakeshift_engine::fix::Applicability;
use snakeshift_engine::pipeline::{Candidate, Reported};
use snakeshift_engine::rewrite::FileInfo;
use snakeshift_project::convert::report::ProjectReport;
use snakeshift_rewrites::kit::backports::Backports;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Rayon workers recurse through syntax trees; give them room.
const WORKER_STACK: usize = 16 * 1024 * 1024;

pub struct Settings<'a> {
    /// Each file's configuration and engine.
    pub resolver: &'a Resolver,
    pub versions: &'a Versions,
    pub apply: bool,
    pub diff_context: usize,
    pub jobs: Option<usize>,
    /// Called once per file migrated (the progress bar).
    pub progress: Option<&'a (dyn Fn() + Sync)>,
    /// Keep every file's bytes in its report, not only those of files with something to
    /// report (the audit counts lines and imports of all of them).
    pub keep_texts: bool,
    /// The output locates findings and changes in the texts (the structured formats): keep
    /// the texts of reported files to the end. Otherwise a file's texts are dropped as soon as
    /// its diff is made and its change written, so that a run's memory does not grow with the
    /// number of files it changes.
    pub texts_in_output: bool,
    /// The result cache, unless `--no-cache` (or stdin).
    pub cache: Option<&'a Cache>,
}

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
    /// Its diff is made and its change written ([`finish`]).
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

pub fn run(
    files: &[PathBuf],
    roots: &[PathBuf],
    embedded: &[PathBuf],
    settings: &Settings<'_>,
) -> Result<Outcome, String> {
    let mut pool = rayon::ThreadPoolBuilder::new().stack_size(WORKER_STACK);
    if let Some(jobs) = settings.jobs {
        pool = pool.num_threads(jobs);
    }
    let pool = pool.build().map_err(|e| e.to_string())?;
    pool.install(|| {
        let star_imported = crate::star_imports::star_imported(files);
        let cleaned = Mutex::new(HashSet::new());
        let mut reports: Vec<FileReport> = files
            .par_iter()
            .map(|path| {
                let mut report = migrate(path, settings, &star_imported);
                // The project stage may still change the files it edits; the others are
                // done now.
                if !crate::project::edited_by_projects(&report.path) {
                    finish(&mut report, settings, &cleaned);
                }
                if let Some(tick) = settings.progress {
                    tick();
                }
                report
            })
            .collect();
        let projects = crate::project::run_projects(roots, embedded, &mut reports, settings);
        reports.sort_by(|a, b| a.display.cmp(&b.display));
        reports
            .par_iter_mut()
            .filter(|r| !r.finished)
            .for_each(|r| finish(r, settings, &cleaned));
        Ok(Outcome {
            files: reports,
            projects,
        })
    })
}

fn migrate(path: &Path, settings: &Settings<'_>, star_imported: &HashSet<PathBuf>) -> FileReport {
    match std::fs::read(path) {
        Ok(bytes) => {
            let star = std::path::absolute(path).is_ok_and(|p| star_imported.contains(&p));
            migrate_bytes(path, display_path(path), bytes, settings, star)
        }
        Err(e) => FileReport {
            display: display_path(path),
            path: path.to_path_buf(),
            io_error: Some(format!("cannot read: {e}")),
            ..FileReport::default()
        },
    }
}

/// How many directories above `path`, from its own up, are packages (hold an `__init__.py` or
/// `__init__.pyi`): the file's module is `a.b.name` with that many package parts.
fn package_depth(path: &Path) -> usize {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    absolute
        .ancestors()
        .skip(1)
        .take_while(|dir| dir.join("__init__.py").is_file() || dir.join("__init__.pyi").is_file())
        .count()
}

/// Migrates one file's bytes; `path` decides its configuration, version window and kind.
pub fn migrate_bytes(
    path: &Path,
    display: String,
    bytes: Vec<u8>,
    settings: &Settings<'_>,
    star_imported: bool,
) -> FileReport {
    migrate_accepting(path, display, bytes, settings, star_imported, None)
}

/// [`migrate_bytes`] applying only the fixes `accept` lets through (see
/// [`snakeshift_engine::pipeline::Engine::process_accepting`]); such a run bypasses the cache.
pub fn migrate_accepting(
    path: &Path,
    display: String,
    bytes: Vec<u8>,
    settings: &Settings<'_>,
    star_imported: bool,
    accept: Option<&dyn Fn(&Candidate<'_>) -> bool>,
) -> FileReport {
    let mut report = FileReport {
        display: display.clone(),
        path: path.to_path_buf(),
        ..FileReport::default()
    };
    let file_settings = match settings.resolver.file_settings(path) {
        Ok(s) => s,
        Err(e) => {
            report.io_error = Some(e);
            return report;
        }
    };
    let info = FileInfo {
        display_path: display,
        is_stub: path.extension().is_some_and(|e| e == "pyi"),
        is_package_init: path.file_name().is_some_and(|n| n == "__init__.py"),
        star_imported,
        package_depth: Some(package_depth(path)),
    };
    let config = &file_settings.settings;
    let window = settings
        .versions
        .window_for(path, config.target, config.min);
    report.required = config.required;
    let cache = settings.cache.filter(|_| accept.is_none());
    let key = cache.map(|_| {
        let context = format!(
            "{}|{window:?}|{}|{}|{}|{}|{}",
            file_settings.engine.fingerprint(),
            info.display_path,
            info.is_stub,
            info.is_package_init,
            info.star_imported,
            info.package_depth.unwrap_or_default()
        );
        Cache::key(&bytes, &context)
    });
    match cache
        .zip(key.as_deref())
        .and_then(|(c, k)| c.get(k, &bytes))
    {
        Some(hit) => {
            report.applied = hit.applied;
            report.remaining = hit.remaining;
            report.error = hit.error;
            report.result = hit.result.map(Some);
        }
        None => {
            let outcome = file_settings
                .engine
                .process_accepting(&info, &bytes, window, accept);
            report.applied = outcome.applied;
            report.remaining = outcome.remaining;
            report.error = outcome.error.map(|e| e.to_string());
            report.result = outcome.rewritten.map(Some);
            if let (Some(cache), Some(key)) = (cache, key) {
                let result = report.result.as_ref().and_then(|r| r.as_deref());
                if let Some(entry) = Entry::new(
                    &bytes,
                    result,
                    &report.applied,
                    &report.remaining,
                    report.error.as_deref(),
                ) {
                    cache.put(key, entry);
                }
            }
        }
    }
    let backports: Backports = config.options.get();
    if !backports.is_empty() && report.error.is_none() {
        let text = report
            .result
            .as_ref()
            .and_then(|r| r.as_ref())
            .unwrap_or(&bytes);
        if let Ok(text) = std::str::from_utf8(text) {
            report.backported = snakeshift_rewrites::imported_backports(text, backports);
        }
    }
    let reported = report.result.is_some()
        || !report.applied.is_empty()
        || !report.remaining.is_empty()
        || report.error.is_some()
        || !report.backported.is_empty();
    let project_file = crate::project::edited_by_projects(path);
    report.original = Some(if reported || project_file || settings.keep_texts {
        bytes
    } else {
        Vec::new()
    });
    report
}

/// The diff of a report, and its write with `--apply`; then, unless the output needs them,
/// its texts are dropped. `cleaned` holds the directories already rid of stale temporaries.
fn finish(report: &mut FileReport, settings: &Settings<'_>, cleaned: &Mutex<HashSet<PathBuf>>) {
    report.finished = true;
    diff_and_write(report, settings, cleaned);
    if !settings.keep_texts && !settings.texts_in_output {
        if let Some(original) = &mut report.original {
            *original = Vec::new();
        }
        if let Some(Some(result)) = &mut report.result {
            *result = Vec::new();
        }
    }
}

fn diff_and_write(
    report: &mut FileReport,
    settings: &Settings<'_>,
    cleaned: &Mutex<HashSet<PathBuf>>,
) {
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
        &diff_path(&report.display),
        old.as_deref(),
        new.as_deref(),
        settings.diff_context,
    );
    if !settings.apply {
        return;
    }
    // A run killed between naming a temporary file and renaming it left it behind.
    if let Some(dir) = report.path.parent()
        && cleaned.lock().unwrap().insert(dir.to_path_buf())
    {
        remove_stale_temporaries(dir);
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

/// The path as the user sees it: relative to the current directory when it is inside it,
/// else absolute (with `..` resolved).
pub fn display_path(path: &Path) -> String {
    let absolute = std::path::absolute(path).ok().map(|p| {
        if p.components().any(|c| c == std::path::Component::ParentDir) {
            resolve_parent_dirs(&p)
        } else {
            p
        }
    });
    let relative = std::env::current_dir()
        .ok()
        .zip(absolute.as_ref())
        .and_then(|(cwd, absolute)| absolute.strip_prefix(&cwd).ok().map(Path::to_path_buf));
    let shown = relative
        .or(absolute)
        .unwrap_or_else(|| path.to_path_buf())
        .display()
        .to_string();
    shown.strip_prefix("./").unwrap_or(&shown).to_owned()
}

/// `dir/../x.py` as the real directory holding the file (symbolic links resolved, as the
/// kernel resolves `..`), followed by the file name.
fn resolve_parent_dirs(path: &Path) -> PathBuf {
    match (path.parent().map(std::fs::canonicalize), path.file_name()) {
        (Some(Ok(dir)), Some(name)) => dir.join(name),
        _ => path.to_path_buf(),
    }
}

/// The path written in diff headers after `a/` and `b/`: the displayed path, with an
/// absolute one written as git writes it (`a/tmp/x.py` for `/tmp/x.py`: apply such a patch
/// from `/`, e.g. `git -C / apply`).
pub fn diff_path(display: &str) -> String {
    display.trim_start_matches('/').to_owned()
}
