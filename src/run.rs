//! The driver: every file read and migrated in parallel, then the project stage on the
//! project roots found (working on the migrated `setup.py`), whose file changes and findings
//! one function ([`assemble`]) folds into the file reports, then one diff per changed file
//! and, with `--apply`, the writes. The dry run and `--apply` share everything up to the
//! write.

use crate::cache::{Cache, Entry, Key};
use crate::config::Resolver;
use crate::display::{diff_path, display_path};
use crate::outcome::{FileReport, Leaves};
use crate::project::{self, BOM, FileEvent, ReportIndex};
use crate::versions::Versions;
use crate::write::{remove_stale_temporaries, write_change};
use rayon::prelude::*;
use snakeshift_engine::diff::unified_diff;
use snakeshift_engine::pipeline::Candidate;
use snakeshift_engine::rewrite::FileInfo;
use snakeshift_engine::version::VersionWindow;
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

pub fn run(
    files: &[PathBuf],
    roots: &[PathBuf],
    embedded: &[PathBuf],
    settings: &Settings<'_>,
) -> Result<Vec<FileReport>, String> {
    let mut pool = rayon::ThreadPoolBuilder::new().stack_size(WORKER_STACK);
    if let Some(jobs) = settings.jobs {
        pool = pool.num_threads(jobs);
    }
    let pool = pool.build().map_err(|e| e.to_string())?;
    pool.install(|| {
        let (star_imported, hashes) = crate::star_imports::read_ahead(files);
        let cleaned = Mutex::new(HashSet::new());
        let mut reports: Vec<FileReport> = files
            .par_iter()
            .zip(&hashes)
            .map_init(
                || None,
                |last, (path, &hash)| {
                    let mut report = migrate(path, settings, &star_imported, hash, last);
                    // The project stage may still change the files it edits; the others are
                    // done now.
                    if !project::edited_by_projects(&report.path) {
                        finish(&mut report, settings, &cleaned);
                    }
                    if let Some(tick) = settings.progress {
                        tick();
                    }
                    report
                },
            )
            .collect();
        let context = project::Context {
            resolver: settings.resolver,
            versions: settings.versions,
            cache: settings.cache,
        };
        let events = project::run_projects(roots, embedded, &reports, context);
        assemble(&mut reports, events);
        reports.sort_by(|a, b| a.display.cmp(&b.display));
        reports
            .par_iter_mut()
            .filter(|r| !r.finished)
            .for_each(|r| finish(r, settings, &cleaned));
        Ok(reports)
    })
}

/// Folds what the project stage did to files into the file reports: a change replaces a
/// file's result (its BOM kept) or adds a report for a file the run creates; a finding joins
/// the file's findings and an account goes to its file's report (a report is added for a
/// file the run did not read).
fn assemble(reports: &mut Vec<FileReport>, events: Vec<FileEvent>) {
    let mut index = ReportIndex::new(reports);
    let mut report_of = |reports: &mut Vec<FileReport>, path: PathBuf| match index.find(&path) {
        Some(i) => i,
        None => {
            let report = FileReport {
                display: display_path(&path),
                path,
                ..FileReport::default()
            };
            index.push(reports, report)
        }
    };
    for event in events {
        match event {
            FileEvent::Change { path, old, new } => {
                let at = report_of(reports, path);
                let r = &mut reports[at];
                if r.finished {
                    // Its texts are gone: only files `edited_by_projects` wait for this stage.
                    r.error = Some(
                        "snakeshift bug: a project rewrite changed a file already finished; not written"
                            .to_owned(),
                    );
                    continue;
                }
                // A file the run did not read: the project stage read it.
                let read = r.original.is_some();
                if !read {
                    r.original = old.map(String::into_bytes);
                }
                let bom = read && r.original.as_ref().is_some_and(|o| o.starts_with(BOM));
                r.result = match new {
                    Some(text) if bom => Leaves::Bytes([BOM, text.as_bytes()].concat()),
                    Some(text) => Leaves::Bytes(text.into_bytes()),
                    None => {
                        // Fixes and findings in a file that goes away are moot.
                        r.applied.clear();
                        r.remaining.clear();
                        Leaves::Deleted
                    }
                };
            }
            FileEvent::Finding {
                path,
                finding,
                applied,
            } => {
                let at = report_of(reports, path);
                let r = &mut reports[at];
                if applied {
                    r.applied.push(finding);
                } else {
                    r.remaining.push(finding);
                }
            }
            FileEvent::Account { path, account } => {
                let at = report_of(reports, path);
                reports[at].project = Some(account);
            }
        }
    }
}

/// Migrates one file; `content` is the hash of its bytes as the star-import pass read them:
/// where the cache holds nothing to report for it, the file is not read again.
fn migrate(
    path: &Path,
    settings: &Settings<'_>,
    star_imported: &HashSet<PathBuf>,
    content: Option<u128>,
    last: &mut Option<DirFacts>,
) -> FileReport {
    let star = !star_imported.is_empty()
        && crate::paths::absolute(path).is_ok_and(|p| star_imported.contains(&p));
    let file = match prepare(path, display_path(path), settings, star, last) {
        Ok(file) => file,
        Err(report) => return *report,
    };
    if let Some(report) = content.and_then(|c| nothing_to_report(path, &file, settings, c)) {
        return report;
    }
    match std::fs::read(path) {
        Ok(bytes) => migrate_prepared(path, file, bytes, settings, None),
        Err(e) => FileReport {
            display: display_path(path),
            path: path.to_path_buf(),
            io_error: Some(format!("cannot read: {e}")),
            ..FileReport::default()
        },
    }
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
    match prepare(path, display, settings, star_imported, &mut None) {
        Ok(file) => migrate_prepared(path, file, bytes, settings, accept),
        Err(report) => *report,
    }
}

/// What decides how a file is migrated besides its bytes.
struct Prepared {
    file_settings: crate::config::FileSettings,
    info: FileInfo,
    window: VersionWindow,
}

impl Prepared {
    /// The cache key of the file whose bytes hash to `content`: they and everything else that
    /// decides its results (and its diff, made with `diff_context` lines around changes).
    fn cache_key(&self, content: u128, diff_context: usize) -> Key {
        let info = &self.info;
        let file = format!(
            "{:?}|{}|{}|{}|{}|{}|{diff_context}",
            self.window,
            info.display_path,
            info.is_stub,
            info.is_package_init,
            info.star_imported,
            info.package_depth.unwrap_or_default()
        );
        Cache::key(content, &[self.file_settings.engine.fingerprint(), &file])
    }
}

/// What the files of one directory share: their settings and engine (unless
/// `per-file-ignores` tell them apart), version window and package depth. A worker takes its
/// files in path order and keeps the facts of the directory it is in.
struct DirFacts {
    dir: PathBuf,
    file_settings: crate::config::FileSettings,
    window: VersionWindow,
    package_depth: usize,
}

impl DirFacts {
    fn of(path: &Path, settings: &Settings<'_>) -> Result<DirFacts, String> {
        let file_settings = settings.resolver.file_settings(path)?;
        let config = &file_settings.settings;
        let window = settings
            .versions
            .window_for(path, config.target, config.min);
        Ok(DirFacts {
            dir: path.parent().unwrap_or(Path::new("")).to_path_buf(),
            window,
            package_depth: settings.resolver.package_depth(path),
            file_settings,
        })
    }

    /// Whether these are the facts of `path`.
    fn hold_for(&self, path: &Path) -> bool {
        let dir = path.parent().unwrap_or(Path::new(""));
        self.dir.as_os_str() == dir.as_os_str() && !self.file_settings.settings.tells_files_apart()
    }
}

/// A file's configuration, kind and version window (from `last`, the facts of the directory
/// of the previous file, when they hold for it); its report (an I/O error) when its
/// configuration cannot be read.
fn prepare(
    path: &Path,
    display: String,
    settings: &Settings<'_>,
    star_imported: bool,
    last: &mut Option<DirFacts>,
) -> Result<Prepared, Box<FileReport>> {
    let facts = match last.take() {
        Some(facts) if facts.hold_for(path) => facts,
        _ => DirFacts::of(path, settings).map_err(|e| {
            Box::new(FileReport {
                display: display.clone(),
                path: path.to_path_buf(),
                io_error: Some(e),
                ..FileReport::default()
            })
        })?,
    };
    let info = FileInfo {
        display_path: display,
        is_stub: path.extension().is_some_and(|e| e == "pyi"),
        is_package_init: path.file_name().is_some_and(|n| n == "__init__.py"),
        star_imported,
        package_depth: Some(facts.package_depth),
    };
    let prepared = Prepared {
        file_settings: facts.file_settings.clone(),
        info,
        window: facts.window,
    };
    *last = Some(facts);
    Ok(prepared)
}

/// Migrates one file's bytes, its configuration read (see [`prepare`]).
fn migrate_prepared(
    path: &Path,
    file: Prepared,
    bytes: Vec<u8>,
    settings: &Settings<'_>,
    accept: Option<&dyn Fn(&Candidate<'_>) -> bool>,
) -> FileReport {
    let cache = settings.cache.filter(|_| accept.is_none());
    let key =
        cache.map(|_| file.cache_key(crate::cache::content_hash(&bytes), settings.diff_context));
    let Prepared {
        file_settings,
        info,
        window,
    } = file;
    let config = &file_settings.settings;
    let mut report = FileReport {
        display: info.display_path.clone(),
        path: path.to_path_buf(),
        required: config.required,
        ..FileReport::default()
    };
    match cache.zip(key).and_then(|(c, k)| c.get(k, &bytes)) {
        Some(hit) => {
            report.applied = hit.applied;
            report.remaining = hit.remaining;
            report.error = hit.error;
            report.result = hit.result.map_or(Leaves::Unchanged, Leaves::Bytes);
            report.diff = hit.diff;
        }
        None => {
            let outcome = file_settings
                .engine
                .process_accepting(&info, &bytes, window, accept);
            report.applied = outcome.applied;
            report.remaining = outcome.remaining;
            report.error = outcome.error.map(|e| e.to_string());
            report.result = outcome.rewritten.map_or(Leaves::Unchanged, Leaves::Bytes);
            if let (Some(cache), Some(key)) = (cache, key) {
                // The diff is stored too (made now rather than when the file is finished),
                // except for a file the project stage may still change.
                if !project::edited_by_projects(path) {
                    match diff_of(&report, Some(&bytes), settings.diff_context) {
                        Ok(diff) => report.diff = diff,
                        Err(e) => report.error = Some(e.to_owned()),
                    }
                }
                if let Some(entry) = Entry::new(
                    &bytes,
                    report.result.bytes(),
                    &report.applied,
                    &report.remaining,
                    report.error.as_deref(),
                    &report.diff,
                ) {
                    cache.put(key, entry);
                }
            }
        }
    }
    let backports: Backports = config.options.get();
    if !backports.is_empty() && report.error.is_none() {
        let text = report.result.bytes().unwrap_or(&bytes);
        if let Ok(text) = std::str::from_utf8(text) {
            report.backported = snakeshift_rewrites::imported_backports(text, backports);
        }
    }
    let reported = report.result != Leaves::Unchanged
        || !report.applied.is_empty()
        || !report.remaining.is_empty()
        || report.error.is_some()
        || !report.backported.is_empty();
    let project_file = project::edited_by_projects(path);
    report.original = Some(if reported || project_file || settings.keep_texts {
        bytes
    } else {
        Vec::new()
    });
    report
}

/// The report of a file whose bytes hash to `content` when the cache holds nothing to report
/// for them, and nothing needs its text (no backports to look for, no project rewrite editing
/// it, no output keeping texts); `None` otherwise, and the file is read and migrated.
fn nothing_to_report(
    path: &Path,
    file: &Prepared,
    settings: &Settings<'_>,
    content: u128,
) -> Option<FileReport> {
    let cache = settings.cache?;
    let config = &file.file_settings.settings;
    if settings.keep_texts
        || project::edited_by_projects(path)
        || !config.options.get::<Backports>().is_empty()
    {
        return None;
    }
    cache
        .holds_nothing(file.cache_key(content, settings.diff_context))
        .then(|| FileReport {
            display: file.info.display_path.clone(),
            path: path.to_path_buf(),
            original: Some(Vec::new()),
            required: config.required,
            ..FileReport::default()
        })
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
        if let Leaves::Bytes(result) = &mut report.result {
            *result = Vec::new();
        }
    }
}

fn diff_and_write(
    report: &mut FileReport,
    settings: &Settings<'_>,
    cleaned: &Mutex<HashSet<PathBuf>>,
) {
    if report.diff.is_empty() {
        match diff_of(report, report.original.as_deref(), settings.diff_context) {
            Ok(diff) => report.diff = diff,
            Err(e) => report.error = Some(e.to_owned()),
        }
    }
    if report.diff.is_empty() || !settings.apply {
        return;
    }
    // A run killed between naming a temporary file and renaming it left it behind.
    if let Some(dir) = report.path.parent()
        && cleaned.lock().unwrap().insert(dir.to_path_buf())
    {
        remove_stale_temporaries(dir);
    }
    match write_change(&report.path, report.original.as_deref(), report.current()) {
        Ok(()) => report.written = true,
        Err(e) => report.io_error = Some(e),
    }
}

/// The unified diff of the report's change from `original` (the bytes read); empty when
/// nothing changed, `Err` when a side is not UTF-8.
fn diff_of(
    report: &FileReport,
    original: Option<&[u8]>,
    context: usize,
) -> Result<String, &'static str> {
    let result = match &report.result {
        Leaves::Unchanged => return Ok(String::new()),
        Leaves::Bytes(b) => Some(b.as_slice()),
        Leaves::Deleted => None,
    };
    if result == original {
        return Ok(String::new());
    }
    let old = original.map(std::str::from_utf8).transpose();
    let new = result.map(std::str::from_utf8).transpose();
    // Only UTF-8 (or ASCII) files are ever rewritten, so both sides are text.
    let (Ok(old), Ok(new)) = (old, new) else {
        return Err("rewritten bytes are not UTF-8; file left untouched");
    };
    Ok(unified_diff(&diff_path(&report.display), old, new, context))
}
