//! `snakeshift audit`: what a migration to the target Python involves, before starting it.
//! The same run as a dry run with `--unsafe` (so that fixes that only appear after an unsafe
//! one are counted too), summarised: per group and per rewrite the occurrences and how many
//! are fixed safely, need `--unsafe` or need a human; the hot-spot files; the removed modules
//! imported and the removed APIs used; each project's declared Python versions; and what is
//! left to do by hand.

mod apis;
mod declared;
mod imports;
mod markdown;

use crate::args::{AuditArgs, AuditFormat};
use crate::config::Resolver;
use crate::outcome::{FileReport, ProjectAccount};
use crate::report::model::{ErrorOut, FileText, group_of};
use serde::Serialize;
use snakeshift_engine::fix::Applicability;
use snakeshift_engine::version::{PyVersion, VersionWindow};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

/// Occurrences, and how they are fixed.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct Counts {
    pub occurrences: usize,
    pub safe: usize,
    #[serde(rename = "unsafe")]
    pub unsafe_: usize,
    pub manual: usize,
}

impl Counts {
    fn add(&mut self, kind: Kind) {
        self.occurrences += 1;
        match kind {
            Kind::Safe => self.safe += 1,
            Kind::Unsafe => self.unsafe_ += 1,
            Kind::Manual => self.manual += 1,
        }
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Safe,
    Unsafe,
    Manual,
}

#[derive(Debug, Serialize)]
pub struct GroupRow {
    pub group: String,
    #[serde(flatten)]
    pub counts: Counts,
}

#[derive(Debug, Serialize)]
pub struct RewriteRow {
    pub rewrite: String,
    pub group: String,
    #[serde(flatten)]
    pub counts: Counts,
}

#[derive(Debug, Serialize)]
pub struct HotSpot {
    pub filename: String,
    #[serde(flatten)]
    pub counts: Counts,
}

#[derive(Debug, Serialize)]
pub struct RemovedModule {
    pub module: &'static str,
    pub removed_in: String,
    pub instead: &'static str,
    /// The files importing it.
    pub files: Vec<String>,
}

/// A removed member of a module that still exists (see [`apis`]).
#[derive(Debug, Serialize)]
pub struct RemovedApi {
    /// `module.member`.
    pub api: String,
    pub removed_in: String,
    /// The replacement's dotted name, or guidance; `None` when the rewrite's documentation
    /// says what to do.
    pub instead: Option<&'static str>,
    /// `safe`, `unsafe`, `per call` or `by hand`.
    pub fix: &'static str,
    pub rewrite: &'static str,
    /// The files using it.
    pub files: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Declared {
    pub specifier: String,
    pub source: String,
}

#[derive(Debug, Serialize)]
pub struct Project {
    pub root: String,
    pub requires_python: Option<Declared>,
    /// `Programming Language :: Python :: 3.x` classifiers.
    pub classifiers: Vec<String>,
    pub classifiers_source: Option<&'static str>,
    /// The oldest Python the rewrites keep supporting, and where it comes from.
    pub min_version: String,
    pub min_version_from: String,
    pub target_version: String,
    /// setup.py / setup.cfg → pyproject.toml: `convertible`, `refused` or `none`.
    pub conversion: &'static str,
    pub conversion_detail: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ManualItem {
    pub filename: String,
    pub row: usize,
    pub column: usize,
    pub rewrite: String,
    pub message: String,
    pub note: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Audit {
    pub version: &'static str,
    /// The run's target (`--target-version`, else `[tool.snakeshift]`, else the default): the
    /// title's version when no project declares one.
    #[serde(skip)]
    pub target: String,
    pub paths: Vec<String>,
    pub files: usize,
    pub files_affected: usize,
    pub totals: Counts,
    pub groups: Vec<GroupRow>,
    pub rewrites: Vec<RewriteRow>,
    pub hot_spots: Vec<HotSpot>,
    pub removed_modules: Vec<RemovedModule>,
    pub removed_apis: Vec<RemovedApi>,
    pub projects: Vec<Project>,
    pub manual: Vec<ManualItem>,
    pub errors: Vec<ErrorOut>,
}

/// Hot spots listed.
const HOT_SPOTS: usize = 10;

pub fn audit(args: &AuditArgs) -> Result<ExitCode, String> {
    let resolver = Arc::new(Resolver::new(&args.common, Some(true), false)?);
    let found = crate::discover::configured(&args.paths, &resolver)?;
    let versions = crate::versions::Versions::default();
    let progress = crate::progress::Progress::new(found.files.len());
    let tick = || progress.tick();
    let settings = crate::run::Settings {
        resolver: &resolver,
        versions: &versions,
        apply: false,
        diff_context: 3,
        jobs: args.common.jobs,
        progress: Some(&tick),
        keep_texts: true,
        texts_in_output: true,
        cache: None,
    };
    let reports = crate::run::run(&found.files, &found.roots, &found.embedded, &settings)?;
    let project_runs = crate::outcome::projects(&reports);
    let removed = removed_modules(&reports, &resolver);
    let removed_apis = removed_apis(&reports, &resolver);
    progress.finish();
    let projects = projects(&reports, &project_runs, &resolver, &versions);
    let target = args
        .paths
        .first()
        .and_then(|p| resolver.settings_for(p).ok())
        .map_or(
            snakeshift_engine::version::VersionWindow::DEFAULT_TARGET,
            |s| s.target,
        );
    let mut audit = summarise(
        args,
        &reports,
        &project_runs,
        removed,
        projects,
        &found.errors,
    );
    audit.target = target.to_string();
    audit.removed_apis = removed_apis;

    let mut out = crate::term::stdout(crate::args::ColorChoice::Never);
    let written = match args.output_format.unwrap_or(AuditFormat::Markdown) {
        AuditFormat::Markdown => out.write_all(markdown::render(&audit, args.examples).as_bytes()),
        AuditFormat::Json => serde_json::to_writer_pretty(&mut out, &audit)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out)),
    };
    written
        .and_then(|()| out.flush())
        .map_err(|e| e.to_string())?;
    let io_problem = !found.errors.is_empty() || reports.iter().any(|r| r.io_error.is_some());
    Ok(if io_problem {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

fn kind(applicability: Option<Applicability>, applied: bool) -> Kind {
    match applicability {
        Some(Applicability::Safe) if applied => Kind::Safe,
        Some(Applicability::Safe | Applicability::Unsafe) => Kind::Unsafe,
        _ => Kind::Manual,
    }
}

fn summarise(
    args: &AuditArgs,
    reports: &[FileReport],
    project_runs: &[&ProjectAccount],
    removed_modules: Vec<RemovedModule>,
    projects: Vec<Project>,
    discovery_errors: &[String],
) -> Audit {
    let mut totals = Counts::default();
    let mut groups: BTreeMap<String, Counts> = BTreeMap::new();
    let mut rewrites: BTreeMap<String, Counts> = BTreeMap::new();
    let mut hot_spots = Vec::new();
    let mut manual = Vec::new();
    let mut errors: Vec<ErrorOut> = discovery_errors
        .iter()
        .map(|m| ErrorOut {
            filename: None,
            message: m.clone(),
        })
        .collect();
    for r in reports {
        if let Some(e) = r.failure() {
            errors.push(ErrorOut {
                filename: Some(r.display.clone()),
                message: e.to_owned(),
            });
        }
        let text = r.original_text();
        let file = FileText::new(&text);
        let mut counts = Counts::default();
        let found = r
            .applied
            .iter()
            .map(|f| (f, true))
            .chain(r.remaining.iter().map(|f| (f, false)));
        for (f, applied) in found {
            let k = kind(f.applicability, applied);
            counts.add(k);
            totals.add(k);
            groups
                .entry(group_of(f.rewrite).to_owned())
                .or_default()
                .add(k);
            rewrites.entry(f.rewrite.to_owned()).or_default().add(k);
            if matches!(k, Kind::Manual) {
                let at = file.location(f.range.start);
                manual.push(ManualItem {
                    filename: r.display.clone(),
                    row: at.row,
                    column: at.column,
                    rewrite: f.rewrite.to_owned(),
                    message: f.message.clone(),
                    note: f.note.clone(),
                });
            }
        }
        if counts.occurrences > 0 {
            hot_spots.push(HotSpot {
                filename: r.display.clone(),
                counts,
            });
        }
    }
    // Project conversions count as one safe fix each (a refusal as a manual finding).
    for p in project_runs {
        let (rewrite, k) = match (&p.report.refusal, p.converted) {
            (Some(r), _) => (r.rewrite, Kind::Manual),
            (None, true) => (
                p.report
                    .keywords
                    .first()
                    .map_or(snakeshift_rewrites::SETUP_PY_CONVERSION, |k| k.rewrite),
                Kind::Safe,
            ),
            (None, false) => continue,
        };
        totals.add(k);
        groups
            .entry(group_of(rewrite).to_owned())
            .or_default()
            .add(k);
        rewrites.entry(rewrite.to_owned()).or_default().add(k);
    }
    let files_affected = hot_spots.len();
    hot_spots.sort_by(|a, b| {
        b.counts
            .occurrences
            .cmp(&a.counts.occurrences)
            .then(b.counts.manual.cmp(&a.counts.manual))
            .then(a.filename.cmp(&b.filename))
    });
    hot_spots.truncate(HOT_SPOTS);
    let by_count = |a: &Counts, b: &Counts| b.occurrences.cmp(&a.occurrences);
    let mut groups: Vec<GroupRow> = groups
        .into_iter()
        .map(|(group, counts)| GroupRow { group, counts })
        .collect();
    groups.sort_by(|a, b| by_count(&a.counts, &b.counts).then(a.group.cmp(&b.group)));
    let mut rewrites: Vec<RewriteRow> = rewrites
        .into_iter()
        .map(|(rewrite, counts)| RewriteRow {
            group: group_of(&rewrite).to_owned(),
            rewrite,
            counts,
        })
        .collect();
    rewrites.sort_by(|a, b| by_count(&a.counts, &b.counts).then(a.rewrite.cmp(&b.rewrite)));
    Audit {
        version: env!("CARGO_PKG_VERSION"),
        target: snakeshift_engine::version::VersionWindow::DEFAULT_TARGET.to_string(),
        paths: args.paths.iter().map(|p| p.display().to_string()).collect(),
        files: reports.iter().filter(|r| r.original.is_some()).count(),
        files_affected,
        totals,
        groups,
        rewrites,
        hot_spots,
        removed_modules,
        removed_apis: Vec::new(),
        projects,
        manual,
        errors,
    }
}

/// Each report's text (where it is UTF-8) with the Python its file targets.
fn texts_and_targets<'r>(
    reports: &'r [FileReport],
    resolver: &Resolver,
) -> impl Iterator<Item = (&'r FileReport, &'r str, PyVersion)> {
    reports.iter().filter_map(|r| {
        let text = std::str::from_utf8(r.original.as_deref()?).ok()?;
        let target = resolver
            .settings_for(&r.path)
            .map_or(VersionWindow::DEFAULT_TARGET, |s| s.target);
        Some((r, text, target))
    })
}

/// The removed modules the files import, and where.
/// Only modules gone in the file's target Python count (`sre_parse` with 3.15, say).
fn removed_modules(reports: &[FileReport], resolver: &Resolver) -> Vec<RemovedModule> {
    let mut by_module: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    for (r, text, target) in texts_and_targets(reports, resolver) {
        for m in imports::removed_imports(text)
            .into_iter()
            .filter(|m| m.removed_in <= target)
        {
            let index = snakeshift_rewrites::kit::removed::REMOVED
                .iter()
                .position(|x| std::ptr::eq(x, m))
                .expect("from the table");
            by_module
                .entry(index)
                .or_default()
                .insert(r.display.clone());
        }
    }
    by_module
        .into_iter()
        .map(|(i, files)| {
            let m = &snakeshift_rewrites::kit::removed::REMOVED[i];
            RemovedModule {
                module: m.module,
                removed_in: m.removed_in.to_string(),
                instead: m.instead,
                files: files.into_iter().collect(),
            }
        })
        .collect()
}

/// The removed APIs the files use, and where: members gone in the file's target Python, of
/// modules that still exist there; methods and the other APIs a rewrite finds with its own
/// code where that rewrite reported them.
fn removed_apis(reports: &[FileReport], resolver: &Resolver) -> Vec<RemovedApi> {
    use snakeshift_rewrites::kit::moves::Change;
    use snakeshift_rewrites::kit::removed::ApiFix;
    let mut by_target: Vec<(PyVersion, Vec<_>)> = Vec::new();
    let mut by_api: BTreeMap<String, RemovedApi> = BTreeMap::new();
    let own = apis::own();
    for (r, text, target) in texts_and_targets(reports, resolver) {
        let audited = match by_target.iter().position(|(t, _)| *t == target) {
            Some(i) => &by_target[i].1,
            None => {
                by_target.push((target, apis::audited(target)));
                &by_target[by_target.len() - 1].1
            }
        };
        let mut found = apis::used(text, audited);
        // An import cannot tell which `self.assertEquals` is `TestCase`'s: the rewrite's findings do.
        for i in apis::reported(r.applied.iter().chain(&r.remaining), text, &own, audited) {
            if !found.contains(&i) {
                found.push(i);
            }
        }
        for a in found.into_iter().map(|i| &audited[i]) {
            let removed_in = match a.change {
                Some(
                    Change::Removed(v)
                    | Change::Deprecated {
                        removal: Some(v), ..
                    },
                ) => v,
                _ => unreachable!("audited APIs are gone"),
            };
            by_api
                .entry(format!("{}.{}", a.module, a.member))
                .or_insert_with_key(|api| RemovedApi {
                    api: api.clone(),
                    removed_in: removed_in.to_string(),
                    instead: a.instead,
                    fix: match a.fix {
                        ApiFix::Safe => "safe",
                        ApiFix::Unsafe => "unsafe",
                        ApiFix::Calls | ApiFix::SomeCalls => "per call",
                        ApiFix::Manual => "by hand",
                    },
                    rewrite: a.rewrite,
                    files: Vec::new(),
                })
                .files
                .push(r.display.clone());
        }
    }
    by_api.into_values().collect()
}

/// Each project the files belong to (the nearest directory with a pyproject.toml,
/// setup.cfg or setup.py), with what it declares.
fn projects(
    reports: &[FileReport],
    runs: &[&ProjectAccount],
    resolver: &Resolver,
    versions: &crate::versions::Versions,
) -> Vec<Project> {
    let mut roots: BTreeSet<PathBuf> = BTreeSet::new();
    for r in reports.iter().filter(|r| r.original.is_some()) {
        let Ok(absolute) = crate::paths::absolute(&r.path) else {
            continue;
        };
        if let Some(root) = absolute.ancestors().skip(1).find(|d| {
            ["pyproject.toml", "setup.cfg", "setup.py"]
                .iter()
                .any(|f| d.join(f).is_file())
        }) {
            roots.insert(root.to_path_buf());
        }
    }
    roots
        .into_iter()
        .map(|root| {
            let shown = match crate::display::display_path(&root) {
                d if d.is_empty() => ".".to_owned(),
                d => d,
            };
            let probe = root.join("setup.py");
            let declared = versions.declared_for(&probe);
            let (min_from, min) = match resolver.settings_for(&root) {
                Ok(s) => {
                    let window = versions.window_for(&probe, s.target, s.min);
                    let from = if s.min.is_some() {
                        "min-version (flag or configuration)".to_owned()
                    } else if let Some(d) = &declared {
                        format!(
                            "requires-python in {}",
                            crate::display::display_path(&d.source)
                        )
                    } else {
                        "the default".to_owned()
                    };
                    (from, (window.min.to_string(), window.target.to_string()))
                }
                Err(e) => (e, ("?".to_owned(), "?".to_owned())),
            };
            let classifiers = declared::classifier_versions(&root);
            let run = runs.iter().find(|p| p.root == shown);
            let (conversion, detail) = match run {
                Some(p) => match &p.report.refusal {
                    Some(r) => ("refused", Some(r.reason.clone())),
                    None if p.converted => ("convertible", Some(p.report.summary.clone())),
                    None => ("none", None),
                },
                None => ("none", None),
            };
            Project {
                root: shown,
                requires_python: declared.map(|d| Declared {
                    specifier: d.specifier,
                    source: crate::display::display_path(&d.source),
                }),
                classifiers_source: classifiers.as_ref().map(|(f, _)| *f),
                classifiers: classifiers.map(|(_, v)| v).unwrap_or_default(),
                min_version: min.0,
                min_version_from: min_from,
                target_version: min.1,
                conversion,
                conversion_detail: detail,
            }
        })
        .collect()
}
