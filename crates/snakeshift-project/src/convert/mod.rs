//! `setup.py` and `setup.cfg` → `pyproject.toml`, statically.
//!
//! [`convert`] reads the project's configuration without running it (`setup_py`,
//! `setup_cfg`), decides where every keyword goes (`keywords`), writes `pyproject.toml` by
//! editing any existing one (`pyproject`), shrinks `setup.py` to a shim or deletes it
//! (`shim`), folds `setup.cfg`, and reports what happened to each keyword.

pub mod args;
pub mod discovery;
pub mod entry_points;
pub mod keywords;
pub mod license;
pub mod model;
pub mod pbr;
pub mod people;
pub mod pyproject;
pub mod report;
pub mod requirements;
pub mod setup_cfg;
pub mod setup_py;
pub mod shim;

use crate::change::FileChange;
use crate::files::ProjectFiles;
use crate::python::interp::Settings;
use args::{Arg, ArgOrigin, SETUP_CFG_REWRITE, SETUP_PY_REWRITE};
use keywords::{Classifier, Context, Fate};
use report::{KeywordReport, Note, Outcome, ProjectReport, Refusal};
use snakeshift_engine::version::PyVersion;

/// The project's configuration files, as text. `setup_py` is the script as the file rewrites
/// left it (the conversion works on that text, so that the final `setup.py` is coherent with
/// them); `setup_py_original` is what is on disk.
pub struct ProjectInput<'a> {
    pub files: &'a dyn ProjectFiles,
    pub setup_py: Option<&'a str>,
    pub setup_py_original: Option<&'a str>,
    pub setup_cfg: Option<&'a str>,
    pub pyproject: Option<&'a str>,
}

#[derive(Clone, Debug)]
pub struct Options {
    /// The oldest Python the project supports: `sys.version_info` branches are decided by it.
    pub min: PyVersion,
    /// Write SPDX license expressions (PEP 639) where the license maps unambiguously.
    pub spdx: bool,
    /// `setup-py-to-pyproject` is selected.
    pub setup_py: bool,
    /// `setup-cfg-to-pyproject` is selected.
    pub setup_cfg: bool,
}

/// What a conversion produced: whole-file changes (paths relative to the project root) and
/// the report.
#[derive(Clone, Debug, Default)]
pub struct Converted {
    pub changes: Vec<FileChange>,
    pub report: ProjectReport,
}

fn refused(rewrite: &'static str, file: &str, reason: impl Into<String>) -> Converted {
    Converted {
        changes: Vec::new(),
        report: ProjectReport {
            refusal: Some(Refusal {
                rewrite,
                file: file.to_owned(),
                reason: reason.into(),
            }),
            ..ProjectReport::default()
        },
    }
}

/// Modules an existing `build-system.requires` installs (by distribution name).
fn build_modules(pyproject: Option<&str>) -> Vec<String> {
    let Some(doc) = pyproject.and_then(|t| t.parse::<toml_edit::DocumentMut>().ok()) else {
        return Vec::new();
    };
    doc.get("build-system")
        .and_then(|b| b.get("requires"))
        .and_then(|r| r.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str())
                .map(|r| {
                    let name = requirements::requirement_name(r);
                    match requirements::canonical_name(name).as_str() {
                        "pyyaml" => "yaml".to_owned(),
                        "setuptools-scm" => "setuptools_scm".to_owned(),
                        "pybind11" => "pybind11".to_owned(),
                        _ => name.replace('-', "_"),
                    }
                })
                .collect()
        })
        .unwrap_or_default()
}

/// For each line of `current`, the line of `original` it comes from (0-based), if unchanged.
fn lines_back(original: &str, current: &str) -> Vec<Option<usize>> {
    let diff = similar::TextDiff::from_lines(original, current);
    let mut map = vec![None; current.lines().count() + 1];
    for op in diff.ops() {
        if let similar::DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = *op
        {
            for k in 0..len {
                if let Some(slot) = map.get_mut(new_index + k) {
                    *slot = Some(old_index + k);
                }
            }
        }
    }
    map
}

fn outcome(f: &Fate) -> (Outcome, String) {
    match f {
        Fate::Converted(d) => (Outcome::Converted, d.clone()),
        Fate::Dynamic(d) => (Outcome::Dynamic, d.clone()),
        Fate::Kept(d) => (Outcome::Kept, d.clone()),
        Fate::Dropped(d) => (Outcome::Dropped, d.clone()),
    }
}

/// Converts one project. Nothing is read or written here: the caller hands over the texts
/// and a view of the other files, and writes the returned changes.
pub fn convert(input: &ProjectInput<'_>, options: &Options) -> Converted {
    if input.setup_py.is_none() && input.setup_cfg.is_none() {
        return Converted::default();
    }
    let settings = Settings {
        min: options.min,
        build_modules: build_modules(input.pyproject),
    };
    // setup.py is read first: `pbr=True` hands the project to pbr, which reads setup.cfg its
    // own way (and may build with pbr's backend).
    let py_result = input
        .setup_py
        .map(|text| setup_py::analyse(text, input.files, settings.clone()));
    if let Some(Ok(p)) = &py_result
        && p.pbr
    {
        return match pyproject::read_existing_with(input.pyproject, &[pbr::PBR_BACKEND]) {
            Ok((doc, existing)) => pbr::convert(input, options, doc, existing, p, settings),
            Err(reason) => refused(SETUP_PY_REWRITE, "setup.py", reason),
        };
    }
    let (doc, existing) = match pyproject::read_existing(input.pyproject) {
        Ok(x) => x,
        Err(reason) => {
            let (rewrite, file) = if input.setup_py.is_some() {
                (SETUP_PY_REWRITE, "setup.py")
            } else {
                (SETUP_CFG_REWRITE, "setup.cfg")
            };
            return refused(rewrite, file, reason);
        }
    };

    // setup.cfg
    let mut cfg = None;
    if let Some(text) = input.setup_cfg {
        match setup_cfg::analyse(text, input.files) {
            Ok(c) => cfg = Some(c),
            Err(reason) => return refused(SETUP_CFG_REWRITE, "setup.cfg", reason),
        }
    }
    let cfg_has_config = cfg.as_ref().is_some_and(|c| {
        c.ini
            .sections
            .iter()
            .any(|s| setup_cfg::is_config_section(&s.name))
    });

    // setup.py
    let mut py = None;
    if let Some(result) = py_result {
        match result {
            Ok(p) => py = Some(p),
            Err(reason) => {
                if options.setup_py || !options.setup_cfg {
                    return refused(SETUP_PY_REWRITE, "setup.py", reason);
                }
                if cfg_has_config {
                    return refused(
                        SETUP_CFG_REWRITE,
                        "setup.cfg",
                        format!(
                            "setup.py cannot be read statically ({reason}), so what it adds to setup.cfg's configuration is unknown"
                        ),
                    );
                }
            }
        }
    }
    let py_has_args = py.as_ref().is_some_and(|p| !p.args.is_empty());
    if !options.setup_cfg && cfg_has_config && options.setup_py && py_has_args {
        return refused(
            SETUP_PY_REWRITE,
            "setup.py",
            "setup.cfg's [metadata]/[options] would be half-converted: select setup-cfg-to-pyproject too",
        );
    }
    if !options.setup_py && py_has_args && options.setup_cfg && cfg_has_config {
        return refused(
            SETUP_CFG_REWRITE,
            "setup.cfg",
            "setup.py passes arguments to setup() that pyproject.toml would have to list as dynamic: select setup-py-to-pyproject too",
        );
    }
    let mut args: Vec<Arg> = Vec::new();
    if options.setup_cfg
        && let Some(c) = &cfg
    {
        args.extend(c.args.iter().cloned());
    }
    if options.setup_py
        && let Some(p) = &py
    {
        args.extend(p.args.iter().cloned());
    }
    if args.is_empty() {
        return Converted::default();
    }

    let ctx = Context {
        files: input.files,
        settings,
        spdx: options.spdx,
        read_modules: py
            .as_ref()
            .map(|p| p.read_modules.clone())
            .unwrap_or_default(),
        existing: existing.clone(),
        setup_py: input.setup_py,
        pbr: false,
    };
    let classification = Classifier::new(&ctx, &args).run();
    if let Some((rewrite, file, reason)) = classification.refusal {
        return refused(rewrite, file, reason);
    }
    let fates = &classification.fates;
    let mut model = classification.model;
    let anything_moves = fates.iter().any(|f| !f.is_kept())
        || cfg
            .as_ref()
            .is_some_and(|c| options.setup_cfg && !c.unknown.is_empty());
    if !anything_moves {
        return Converted::default();
    }

    let mut report = ProjectReport::default();
    let mut changes = Vec::new();
    let mut summary = Vec::new();

    // The shim.
    let mut shim_imports_project = false;
    let mut setup_py_state = None;
    let setup_py_moves = args
        .iter()
        .zip(fates)
        .any(|(a, f)| a.is_setup_py() && !f.is_kept());
    if options.setup_py
        && setup_py_moves
        && let (Some(p), Some(text)) = (&py, input.setup_py)
    {
        let mut sites: Vec<std::ops::Range<usize>> = Vec::new();
        let mut removed_keys: Vec<(Option<usize>, String)> = Vec::new();
        for (a, f) in args.iter().zip(fates) {
            if let ArgOrigin::SetupPy {
                sites: s, splat, ..
            } = &a.origin
                && !f.is_kept()
            {
                removed_keys.push((*splat, a.keyword.clone()));
                sites.extend(s.iter().filter(|s| s.module == 0).map(|s| s.range.clone()));
            }
        }
        // A `**mapping` whose every key moved is removed as a whole.
        for (i, (splat_site, keys)) in p.splats.iter().enumerate() {
            let all_gone = !keys.is_empty()
                && keys
                    .iter()
                    .all(|k| removed_keys.iter().any(|(s, rk)| *s == Some(i) && rk == k));
            if all_gone && splat_site.module == 0 {
                sites.push(splat_site.range.clone());
            }
        }
        sites.extend(
            classification
                .extra_deletions
                .iter()
                .filter(|s| s.module == 0)
                .map(|s| s.range.clone()),
        );
        let requires_python_converted = args
            .iter()
            .zip(fates)
            .any(|(a, f)| a.keyword == "python_requires" && matches!(f, Fate::Converted(_)));
        match shim::build(
            text,
            &sites,
            p.call.start,
            requires_python_converted,
            input.files,
        ) {
            Ok(s) if s.text.is_some() && !p.wrapper_keywords.is_empty() => {
                return refused(
                    SETUP_PY_REWRITE,
                    "setup.py",
                    format!(
                        "setup() comes from a local wrapper that adds {} itself, and setup.py would stay as a shim still calling it: call setuptools.setup() in setup.py instead of the wrapper, then convert",
                        p.wrapper_keywords.join(", ")
                    ),
                );
            }
            Ok(s) => {
                for (line, message) in &s.notes {
                    report.notes.push(Note {
                        rewrite: SETUP_PY_REWRITE,
                        file: "setup.py".into(),
                        line: *line,
                        message: message.clone(),
                    });
                }
                shim_imports_project = s.imports_project_modules;
                setup_py_state = Some(s.text);
            }
            Err(reason) => return refused(SETUP_PY_REWRITE, "setup.py", reason),
        }
        for (line, message) in &p.assumptions {
            report.notes.push(Note {
                rewrite: SETUP_PY_REWRITE,
                file: "setup.py".into(),
                line: *line,
                message: message.clone(),
            });
        }
    }
    if let Some(state) = &setup_py_state {
        let old = input
            .setup_py_original
            .or(input.setup_py)
            .map(str::to_owned);
        match state {
            None => {
                model.floor((64, 0), "editable installs without setup.py (PEP 660)");
                summary.push("setup.py deleted".to_owned());
                changes.push(FileChange {
                    path: "setup.py".into(),
                    old,
                    new: None,
                });
            }
            Some(text) => {
                summary.push("setup.py kept as a shim".to_owned());
                if old.as_deref() != Some(text.as_str()) {
                    changes.push(FileChange {
                        path: "setup.py".into(),
                        old,
                        new: Some(text.clone()),
                    });
                }
            }
        }
    }

    // setup.cfg: what stays there.
    if options.setup_cfg
        && let (Some(c), Some(text)) = (&cfg, input.setup_cfg)
        && cfg_has_config
    {
        let keep: Vec<(String, String)> = args
            .iter()
            .zip(fates)
            .filter(|(_, f)| f.is_kept())
            .filter_map(|(a, _)| match &a.origin {
                ArgOrigin::SetupCfg { section, key, .. } => Some((section.clone(), key.clone())),
                ArgOrigin::SetupPy { .. } => None,
            })
            .collect();
        let folded = setup_cfg::fold(text, &c.ini, &keep);
        summary.push(match &folded {
            Some(_) => "setup.cfg keeps its other sections".to_owned(),
            None => "setup.cfg deleted".to_owned(),
        });
        if folded.as_deref() != Some(text) {
            changes.push(FileChange {
                path: "setup.cfg".into(),
                old: Some(text.to_owned()),
                new: folded,
            });
        }
        for (section, key, line) in &c.unknown {
            report.keywords.push(KeywordReport {
                rewrite: SETUP_CFG_REWRITE,
                file: "setup.cfg".into(),
                line: *line,
                keyword: if key.is_empty() {
                    format!("[{section}]")
                } else {
                    format!("[{section}] {key}")
                },
                outcome: Outcome::Dropped,
                detail: "setuptools ignores it".into(),
            });
        }
    }

    // pyproject.toml
    let backend = if setup_py_state.as_ref().is_some_and(Option::is_some) && shim_imports_project {
        pyproject::LEGACY_BACKEND
    } else {
        pyproject::BACKEND
    };
    let new_pyproject = pyproject::write(doc, &model, backend);
    if let Err(e) = new_pyproject.parse::<toml_edit::DocumentMut>() {
        return refused(
            SETUP_PY_REWRITE,
            "pyproject.toml",
            format!("the merged pyproject.toml would not parse ({e}); please report this bug"),
        );
    }
    summary.insert(
        0,
        if input.pyproject.is_some() {
            "pyproject.toml updated".to_owned()
        } else {
            "pyproject.toml created".to_owned()
        },
    );
    if input.pyproject != Some(new_pyproject.as_str()) {
        changes.insert(
            0,
            FileChange {
                path: "pyproject.toml".into(),
                old: input.pyproject.map(str::to_owned),
                new: Some(new_pyproject),
            },
        );
    }

    // The script the conversion read may be the file rewrites' result: report lines of the
    // file on disk.
    let line_map = match (input.setup_py_original, input.setup_py) {
        (Some(original), Some(current)) if original != current => {
            Some(lines_back(original, current))
        }
        _ => None,
    };
    let on_disk = |file: &str, line: usize| -> usize {
        match &line_map {
            Some(map) if file == "setup.py" && line > 0 => {
                map.get(line - 1).copied().flatten().map_or(line, |l| l + 1)
            }
            _ => line,
        }
    };
    for n in &mut report.notes {
        n.line = on_disk(&n.file, n.line);
    }
    for (a, f) in args.iter().zip(fates) {
        let (outcome, detail) = outcome(f);
        report.keywords.push(KeywordReport {
            rewrite: a.rewrite(),
            file: a.file().into(),
            line: on_disk(a.file(), a.line()),
            keyword: a.spelled(),
            outcome,
            detail,
        });
    }
    for (rewrite, file, line, message) in classification.notes {
        report.notes.push(Note {
            rewrite,
            file: file.into(),
            line: on_disk(file, line),
            message,
        });
    }
    finish_report(&mut report, &model, SETUP_PY_REWRITE, "setup.cfg");
    let sources: Vec<&str> = [
        (options.setup_py && py.is_some()).then_some("setup.py"),
        (options.setup_cfg && cfg_has_config).then_some("setup.cfg"),
    ]
    .into_iter()
    .flatten()
    .collect();
    report.summary = format!(
        "{} → pyproject.toml: {}",
        sources.join(" + "),
        summary.join(", ")
    );
    Converted { changes, report }
}

/// Ends a conversion's report: the note on the setuptools version the written
/// `build-system.requires` needs, the keywords of `first` (a file name) first and then by
/// line, the notes by file and line.
fn finish_report(
    report: &mut ProjectReport,
    model: &model::Model,
    rewrite: &'static str,
    first: &str,
) {
    let floor = model.min_setuptools();
    report.notes.push(Note {
        rewrite,
        file: "pyproject.toml".into(),
        line: 0,
        message: format!(
            "build-system.requires needs setuptools>={}.{} ({})",
            floor.version.0, floor.version.1, floor.why
        ),
    });
    report.keywords.sort_by_key(|k| (k.file != first, k.line));
    report.notes.sort_by_key(|n| (n.file.clone(), n.line));
}
