//! The driver: every file read and migrated in parallel, then the project rewrites on the
//! project roots found (working on the migrated `setup.py`), then one diff per changed file
//! and, with `--apply`, the writes. The dry run and `--apply` share everything up to the
//! write.

use crate::config::Resolver;
use crate::versions::Versions;
use crate::write::{create_atomic, delete_checked, write_atomic};
use rayon::prelude::*;
use snakeshift_engine::diff::unified_diff;
use snakeshift_engine::fix::Applicability;
use snakeshift_engine::pipeline::Reported;
use snakeshift_engine::rewrite::FileInfo;
use snakeshift_project::convert::ProjectInput;
use snakeshift_project::convert::report::ProjectReport;
use snakeshift_project::files::DiskFiles;
use snakeshift_rewrites::convert_project;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Rayon workers recurse through syntax trees; give them room.
const WORKER_STACK: usize = 16 * 1024 * 1024;
const BOM: &[u8] = b"\xEF\xBB\xBF";

pub struct Settings<'a> {
    /// Each file's configuration and engine.
    pub resolver: &'a Resolver,
    pub versions: &'a Versions,
    pub apply: bool,
    pub diff_context: usize,
    pub jobs: Option<usize>,
    /// Called once per file migrated (the progress bar).
    pub progress: Option<&'a (dyn Fn() + Sync)>,
}

/// What happened to one file, ready to report.
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
    /// The lowest applicability applied to this file (`Unsafe` with `--unsafe`).
    pub required: Applicability,
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
            required: Applicability::Safe,
        }
    }
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
            .map(|path| {
                let report = migrate(path, settings, &star_imported);
                if let Some(tick) = settings.progress {
                    tick();
                }
                report
            })
            .collect();
        let projects: Vec<ProjectRun> = roots
            .iter()
            .filter_map(|root| convert(root, &mut reports, settings))
            .collect();
        reports.sort_by(|a, b| a.display.cmp(&b.display));
        reports.par_iter_mut().for_each(|r| finish(r, settings));
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

/// Migrates one file's bytes; `path` decides its configuration, version window and kind.
pub fn migrate_bytes(
    path: &Path,
    display: String,
    bytes: Vec<u8>,
    settings: &Settings<'_>,
    star_imported: bool,
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
    };
    let config = &file_settings.settings;
    let window = settings
        .versions
        .window_for(path, config.target, config.min);
    let outcome = file_settings.engine.process(&info, &bytes, window);
    report.required = config.required;
    report.applied = outcome.applied;
    report.remaining = outcome.remaining;
    report.error = outcome.error.map(|e| e.to_string());
    report.result = outcome.rewritten.map(Some);
    report.original = Some(bytes);
    report
}

/// A configuration file of the project, as text; `Err` when it exists but cannot be used.
fn read_config(path: &Path) -> Result<Option<String>, String> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(_) => return Ok(None),
    };
    if meta.file_type().is_symlink() {
        return Err(format!(
            "{} is a symbolic link; snakeshift does not write through links",
            display_path(path)
        ));
    }
    if !meta.is_file() {
        return Ok(None);
    }
    let bytes =
        std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", display_path(path)))?;
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| format!("{} is not UTF-8", display_path(path)))
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::path::absolute(a), std::path::absolute(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Runs the project rewrites on one root, folding their changes into the file reports.
fn convert(
    root: &Path,
    reports: &mut Vec<FileReport>,
    settings: &Settings<'_>,
) -> Option<ProjectRun> {
    let config = match settings.resolver.settings_for(root) {
        Ok(c) => c,
        Err(_) => return None,
    };
    let projects = config.projects().unwrap_or_default();
    if projects.is_empty() {
        return None;
    }
    let root_display = {
        let d = display_path(root);
        if d.is_empty() { ".".to_owned() } else { d }
    };
    let refused = |reason: String| ProjectRun {
        root: root_display.clone(),
        report: ProjectReport {
            refusal: Some(snakeshift_project::convert::report::Refusal {
                rewrite: projects[0].meta().id,
                file: "setup.py".into(),
                reason,
            }),
            ..ProjectReport::default()
        },
        converted: false,
        files: Vec::new(),
    };
    let setup_py_path = root.join("setup.py");
    let index = reports
        .iter()
        .position(|r| same_file(&r.path, &setup_py_path));
    // setup.py as the file rewrites left it (and as it is on disk).
    let (setup_py, setup_py_original, bom) = match index {
        Some(i) => {
            let r = &reports[i];
            if r.error.is_some() || r.io_error.is_some() {
                return None;
            }
            let original = r.original.clone().unwrap_or_default();
            let current = match &r.result {
                Some(Some(b)) => b.clone(),
                _ => original.clone(),
            };
            let bom = original.starts_with(BOM);
            let (Ok(original), Ok(current)) = (
                String::from_utf8(original.strip_prefix(BOM).unwrap_or(&original).to_vec()),
                String::from_utf8(current.strip_prefix(BOM).unwrap_or(&current).to_vec()),
            ) else {
                return Some(refused("setup.py is not UTF-8".into()));
            };
            (Some(current), Some(original), bom)
        }
        None if setup_py_path.exists() => {
            return Some(refused(
                "setup.py is excluded from this run; the project is converted only with it".into(),
            ));
        }
        None => (None, None, false),
    };
    let setup_cfg = match read_config(&root.join("setup.cfg")) {
        Ok(t) => t,
        Err(e) => return Some(refused(e)),
    };
    let pyproject = match read_config(&root.join("pyproject.toml")) {
        Ok(t) => t,
        Err(e) => return Some(refused(e)),
    };
    if setup_py.is_none() && setup_cfg.is_none() {
        return None;
    }
    let files = DiskFiles::new(root);
    let input = ProjectInput {
        files: &files,
        setup_py: setup_py.as_deref(),
        setup_py_original: setup_py_original.as_deref(),
        setup_cfg: setup_cfg.as_deref(),
        pyproject: pyproject.as_deref(),
    };
    let min = settings
        .versions
        .window_for(&setup_py_path, config.target, config.min)
        .min;
    // A bug in a conversion must not take the run (and the other files) down.
    let converted = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        convert_project(&projects, &input, min, config.spdx)
    })) {
        Ok(c) => c,
        Err(_) => {
            return Some(refused(
                "snakeshift failed while converting this project; nothing was changed, please report this bug".into(),
            ));
        }
    };
    let mut run = ProjectRun {
        root: root_display,
        converted: !converted.changes.is_empty(),
        report: converted.report,
        files: Vec::new(),
    };
    for change in converted.changes {
        let path = root.join(&change.path);
        run.files.push(display_path(&path));
        let bytes = |t: String| {
            let mut b = if bom && change.path == "setup.py" {
                BOM.to_vec()
            } else {
                Vec::new()
            };
            b.extend(t.into_bytes());
            b
        };
        if change.path == "setup.py"
            && let Some(i) = index
        {
            let r = &mut reports[i];
            r.result = Some(change.new.map(bytes));
            if matches!(r.result, Some(None)) {
                // Fixes and findings in a file that goes away are moot.
                r.applied.clear();
                r.remaining.clear();
            }
            continue;
        }
        reports.push(FileReport {
            display: display_path(&path),
            path,
            original: change.old.map(String::into_bytes),
            result: Some(change.new.map(String::into_bytes)),
            ..FileReport::default()
        });
    }
    Some(run)
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
        &diff_path(&report.display),
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
