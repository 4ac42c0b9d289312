//! The project stage of a run: for each project root, the project rewrites (the setup.py /
//! setup.cfg conversion, the backport dependencies, the tooling files) run on the files as the
//! file rewrites left them. Like a file rewrite, the stage reads and returns: its file changes,
//! findings and accounts ([`FileEvent`]) are folded into the file reports by the driver.

use crate::cache::{Cache, Recorded, project_key};
use crate::config::Resolver;
use crate::display::display_path;
use crate::outcome::{FileReport, ProjectAccount};
use crate::versions::Versions;
use rayon::prelude::*;
use snakeshift_engine::fix::Applicability;
use snakeshift_engine::pipeline::Reported;
use snakeshift_project::convert::report::{ProjectReport, Refusal};
use snakeshift_project::files::DiskFiles;
use snakeshift_rewrites::ProjectRewrite;
use snakeshift_rewrites::project::{ProjectFinding, ProjectSettings, run_project};
use std::collections::{BTreeMap, HashMap};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// What the project stage does to one file.
pub enum FileEvent {
    /// Its new text (`new`: `None` when deleted); `old` is the text of a file the run did
    /// not read (`None` for a creation).
    Change {
        path: PathBuf,
        old: Option<String>,
        new: Option<String>,
    },
    /// A finding about it: a change a project rewrite made (`applied`) or one left to the user.
    Finding {
        path: PathBuf,
        finding: Reported,
        applied: bool,
    },
    /// What the project rewrites did on a root, told in the report of its configuration file.
    Account {
        path: PathBuf,
        account: Box<ProjectAccount>,
    },
}

/// Files that make a directory a project root: where dependencies are declared.
const CONFIG_FILES: [&str; 3] = ["pyproject.toml", "setup.cfg", "setup.py"];

/// Python files of the root that project rewrites edit: they see the file rewrites' result.
pub const PYTHON_FILES: [&str; 2] = ["setup.py", "noxfile.py"];

/// Whether the project stage may edit this file ([`PYTHON_FILES`]): its report waits for it.
pub fn edited_by_projects(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| PYTHON_FILES.iter().any(|f| n == *f))
}

/// The nearest directory enclosing `file` that holds a pyproject.toml, setup.cfg or setup.py.
fn project_root(file: &Path) -> Option<PathBuf> {
    let absolute = crate::paths::absolute(file).ok()?;
    absolute
        .ancestors()
        .skip(1)
        .find(|dir| CONFIG_FILES.iter().any(|f| dir.join(f).is_file()))
        .map(Path::to_path_buf)
}

/// The file reports of a run by absolute path, built once: project roots look their files
/// up here instead of comparing every report's path (which made the project stage quadratic).
/// Keyed by the absolute path's bytes, made on all cores: the index is built twice per run
/// over every file.
pub struct ReportIndex(HashMap<OsString, usize>);

impl ReportIndex {
    pub fn new(reports: &[FileReport]) -> ReportIndex {
        ReportIndex(
            reports
                .par_iter()
                .enumerate()
                .map(|(i, r)| (absolute(&r.path).into_os_string(), i))
                .collect(),
        )
    }

    pub fn find(&self, path: &Path) -> Option<usize> {
        self.0.get(absolute(path).as_os_str()).copied()
    }

    /// Adds a report for a file the run creates or reports on; returns its index.
    pub fn push(&mut self, reports: &mut Vec<FileReport>, report: FileReport) -> usize {
        self.0
            .insert(absolute(&report.path).into_os_string(), reports.len());
        reports.push(report);
        reports.len() - 1
    }
}

fn absolute(path: &Path) -> PathBuf {
    crate::paths::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Where a run's files get their configuration and version window.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub resolver: &'a Resolver,
    pub versions: &'a Versions,
    /// The result cache, unless `--no-cache`.
    pub cache: Option<&'a Cache>,
}

/// Runs the project rewrites on every root found by discovery, and on the project of every
/// file that imports a module `--backports` restores: what the stage does to files, in order.
pub fn run_projects(
    roots: &[PathBuf],
    embedded: &[PathBuf],
    reports: &[FileReport],
    settings: Context<'_>,
) -> Vec<FileEvent> {
    let mut all: Vec<PathBuf> = roots
        .iter()
        .filter_map(|r| crate::paths::absolute(r).ok())
        .collect();
    // Restored modules imported, per project root (file paths relative to the root).
    let mut imports: BTreeMap<PathBuf, BTreeMap<&'static str, Vec<String>>> = BTreeMap::new();
    let mut events = Vec::new();
    for report in reports.iter().filter(|r| !r.backported.is_empty()) {
        let Some(root) = project_root(&report.path) else {
            outside_any_project(report, &mut events);
            continue;
        };
        let relative = crate::paths::absolute(&report.path)
            .ok()
            .and_then(|p| p.strip_prefix(&root).ok().map(Path::to_path_buf))
            .map_or_else(|| report.display.clone(), |p| p.display().to_string());
        for module in &report.backported {
            imports
                .entry(root.clone())
                .or_default()
                .entry(module)
                .or_default()
                .push(relative.clone());
        }
        all.push(root);
    }
    all.sort();
    all.dedup();
    let embedded: Vec<PathBuf> = embedded
        .iter()
        .filter_map(|r| crate::paths::absolute(r).ok())
        .collect();
    let index = ReportIndex::new(reports);
    let work: Vec<_> = all
        .iter()
        .map(|root| {
            let needed = imports.remove(root).unwrap_or_default();
            (root, needed, embedded.contains(root))
        })
        .collect();
    // The roots in parallel, their events in the order of the roots.
    let per_root: Vec<Vec<FileEvent>> = work
        .into_par_iter()
        .map(|(root, needed, is_embedded)| {
            let mut events = Vec::new();
            if let Some(account) = project(
                root,
                reports,
                &index,
                settings,
                needed,
                is_embedded,
                &mut events,
            ) {
                events.push(FileEvent::Account {
                    path: configuration_file(root),
                    account: Box::new(account),
                });
            }
            events
        })
        .collect();
    events.extend(per_root.into_iter().flatten());
    events
}

/// The file whose report tells what the project rewrites did on `root`: its setup.py, else
/// its setup.cfg, else its pyproject.toml.
fn configuration_file(root: &Path) -> PathBuf {
    CONFIG_FILES
        .iter()
        .rev()
        .map(|f| root.join(f))
        .find(|p| p.exists())
        .unwrap_or_else(|| root.join("setup.py"))
}

/// A file imports a restored module but belongs to no project whose dependencies could name
/// the backport.
fn outside_any_project(report: &FileReport, events: &mut Vec<FileEvent>) {
    for &module in &report.backported {
        let Some(package) =
            snakeshift_rewrites::kit::backports::find(module).and_then(|r| r.package())
        else {
            continue;
        };
        events.push(FileEvent::Finding {
            path: report.path.clone(),
            finding: reported(&ProjectFinding {
                rewrite: snakeshift_rewrites::BACKPORT_DEPENDENCIES,
                path: String::new(),
                line: 1,
                message: format!("`{module}` is restored by `{}`", package),
                note: Some(format!(
                    "no pyproject.toml, setup.cfg or setup.py encloses this file to depend on it: install `{}` wherever this code runs",
                    package
                )),
                applied: false,
            }),
            applied: false,
        });
    }
}

/// A project rewrite's finding as the reporters show file findings.
fn reported(f: &ProjectFinding) -> Reported {
    let applied = f.applied;
    let at = (f.line.max(1), 1);
    Reported {
        rewrite: f.rewrite,
        message: f.message.clone(),
        note: f.note.clone(),
        fix_title: applied.then(|| f.message.clone()),
        applicability: applied.then_some(Applicability::Safe),
        range: 0..0,
        start: at,
        end: at,
        start_in_result: at,
        edits: None,
    }
}

/// A configuration file of the project as text; `Err` when it exists but cannot be used.
fn check_config(path: &Path) -> Result<(), String> {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Ok(());
    };
    if meta.file_type().is_symlink() {
        return Err(format!(
            "{} is a symbolic link; snakeshift does not write through links",
            display_path(path)
        ));
    }
    if meta.is_file() {
        let bytes =
            std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", display_path(path)))?;
        if std::str::from_utf8(&bytes).is_err() {
            return Err(format!("{} is not UTF-8", display_path(path)));
        }
    }
    Ok(())
}

/// The text of a file report as the file rewrites left it, without its BOM.
fn current_text(report: &FileReport) -> Option<String> {
    if report.error.is_some() || report.io_error.is_some() {
        return None;
    }
    let bytes = report.current()?;
    String::from_utf8(bytes.strip_prefix(BOM).unwrap_or(bytes).to_vec()).ok()
}

/// Runs the project rewrites on one root; their file changes and findings go to `events`.
fn project(
    root: &Path,
    reports: &[FileReport],
    index: &ReportIndex,
    settings: Context<'_>,
    imports: BTreeMap<&'static str, Vec<String>>,
    embedded: bool,
    events: &mut Vec<FileEvent>,
) -> Option<ProjectAccount> {
    let config = settings.resolver.settings_for(root).ok()?;
    let projects = config.projects().ok()?;
    if projects.is_empty() {
        return None;
    }
    let root_display = {
        let d = display_path(root);
        if d.is_empty() { ".".to_owned() } else { d }
    };
    let converts = projects.iter().any(|r| r.converts().is_some());
    let setup_py_path = root.join("setup.py");
    let setup_py = index.find(&setup_py_path);
    let mut refusal = None;
    // Test data of another project (`tests/**/setup.py`) is never converted unless named.
    let mut convert = converts && !embedded;
    match setup_py {
        Some(i) if reports[i].error.is_some() || reports[i].io_error.is_some() => {
            convert = false;
        }
        Some(i) if current_text(&reports[i]).is_none() => {
            refusal = Some("setup.py is not UTF-8".to_owned());
        }
        None if setup_py_path.exists() => {
            refusal = Some(
                "setup.py is excluded from this run; the project is converted only with it"
                    .to_owned(),
            );
        }
        _ => {}
    }
    if refusal.is_none() {
        refusal = ["setup.cfg", "pyproject.toml"]
            .iter()
            .find_map(|f| check_config(&root.join(f)).err());
    }
    let has_config = ["setup.py", "setup.cfg"]
        .iter()
        .any(|f| root.join(f).is_file());
    if refusal.is_some() {
        convert = false;
        if !converts || !has_config || embedded {
            refusal = None;
        }
    }
    let rewritten: BTreeMap<String, String> = PYTHON_FILES
        .iter()
        .filter_map(|name| {
            let path = root.join(name);
            let r = &reports[index.find(&path)?];
            Some(((*name).to_owned(), current_text(r)?))
        })
        .collect();
    let window = settings
        .versions
        .window_for(&setup_py_path, config.target, config.min);
    let mut project_settings = ProjectSettings::new(window.min, window.target);
    project_settings.spdx = config.spdx;
    project_settings.backports = config.options.get();
    project_settings.imports = imports;
    project_settings.convert = convert;
    let files = DiskFiles::new(root);
    let key = settings.cache.map(|_| {
        let ids: Vec<&str> = projects.iter().map(|r| r.meta().id).collect();
        let context = format!("{}|{ids:?}|{project_settings:?}", root.display());
        project_key(&context, &rewritten)
    });
    // A bug in a project rewrite must not take the run (and the other files) down.
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        match settings.cache.zip(key) {
            Some((cache, key)) => cache.project(key, &files).unwrap_or_else(|| {
                let recorded = Recorded::new(&files);
                let outcome = run_project(&projects, &recorded, rewritten, &project_settings);
                cache.put_project(key, recorded, &outcome);
                outcome
            }),
            None => run_project(&projects, &files, rewritten, &project_settings),
        }
    }));
    let mut outcome = match outcome {
        Ok(o) => o,
        Err(_) => {
            return Some(ProjectAccount {
                root: root_display,
                root_path: root.to_path_buf(),
                report: refused(
                    &projects,
                    "snakeshift failed while rewriting this project's configuration; nothing was changed, please report this bug".into(),
                ),
                converted: false,
                files: Vec::new(),
            });
        }
    };
    if let Some(reason) = refusal {
        outcome.report = refused(&projects, reason);
    }
    let mut changed = Vec::new();
    for change in outcome.changes {
        let path = root.join(&change.path);
        changed.push(display_path(&path));
        events.push(FileEvent::Change {
            path,
            old: change.old,
            new: change.new,
        });
    }
    for finding in &outcome.findings {
        events.push(FileEvent::Finding {
            path: root.join(&finding.path),
            finding: reported(finding),
            applied: finding.applied,
        });
    }
    Some(ProjectAccount {
        root: root_display,
        root_path: root.to_path_buf(),
        converted: outcome.converted,
        report: outcome.report,
        files: changed,
    })
}

fn refused(projects: &[&'static dyn ProjectRewrite], reason: String) -> ProjectReport {
    let rewrite = projects
        .iter()
        .find(|r| r.converts().is_some())
        .map_or(snakeshift_rewrites::SETUP_PY_CONVERSION, |r| r.meta().id);
    ProjectReport {
        refusal: Some(Refusal {
            rewrite,
            file: "setup.py".into(),
            reason,
        }),
        ..ProjectReport::default()
    }
}
