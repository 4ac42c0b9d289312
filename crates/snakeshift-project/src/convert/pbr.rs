//! pbr projects (`setuptools.setup(setup_requires=["pbr"], pbr=True)` with everything in
//! `setup.cfg`): what pbr and setuptools agree on moves to `[project]`, pbr stays in charge
//! of the rest.
//!
//! What pbr 7.1 does, read from its `setupcfg.py`, `hooks/` and `packaging.py`: the `pbr=True`
//! keyword runs while the `Distribution` is created, before setuptools reads `setup.cfg` and
//! `pyproject.toml`. It maps `[metadata]` its own way (`summary` is the description,
//! `description` the long one unless `description_file` or `long_description` is given,
//! `description_file` files are stripped and joined with a blank line), reads the
//! requirements from `requirements.txt` (comments cut, `name (>=1)` specifiers joined, markers
//! inline for a wheel), `[extras]` with `name:marker` lines and a `test` extra from
//! `test-requirements.txt`, `[entry_points]`, and `[files]` (package roots expanded to their
//! subpackages, `data_files` globs walked). setuptools then fills only what pbr left empty
//! (its setup.cfg reading skips fields that already have a value), and `[project]` wins over
//! both. The version comes from `PBR_VERSION`, `PKG-INFO` or git tags, so it stays dynamic
//! with pbr: `setup.py` is kept as it is, `setup.cfg` keeps `[metadata] name` (pbr needs it),
//! `[files]`, `[pbr]`, `[global]` and the command sections, and `[project]` gets the rest.

use super::args::{Arg, ArgOrigin, SETUP_CFG_REWRITE, SETUP_PY_REWRITE};
use super::keywords::{Classifier, Context, Existing, Fate};
use super::report::{KeywordReport, Note, Outcome, ProjectReport};
use super::setup_cfg;
use super::setup_py::SetupPy;
use super::{Converted, Options, ProjectInput, outcome, pyproject, refused, requirements};
use crate::change::FileChange;
use crate::files::ProjectFiles;
use crate::ini::{self, IniOption, normalize_key};
use crate::python::interp::Settings;
use crate::python::value::{Entry, Origin, Text, Value};
use std::sync::OnceLock;
use toml_edit::DocumentMut;

/// pbr's build backend (pbr ≥ 6.1): setuptools' with pbr's hook.
pub const PBR_BACKEND: &str = "pbr.build";

/// Sections of `setup.cfg` the conversion may shrink.
fn folded(section: &str) -> bool {
    matches!(section, "metadata" | "files" | "entry_points" | "extras")
}

/// pbr's `[files] packages`: each root that is a directory, with every package
/// `find_packages()` finds under it (`smart_find_packages`); `None` when no root is a
/// directory (pbr then sets no packages and setuptools' automatic discovery decides).
fn expand_packages(files: &dyn ProjectFiles, value: &str) -> Option<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for pkg in value.trim().split('\n').map(str::trim) {
        if pkg.is_empty() || !files.is_dir(pkg) {
            continue;
        }
        out.push(pkg.to_owned());
        let path = pkg.replace('.', "/");
        for sub in super::discovery::find_packages(files, false, &path, &[], &["*".to_owned()]) {
            out.push(format!("{pkg}.{sub}"));
        }
    }
    out.sort();
    out.dedup();
    (!out.is_empty()).then_some(out)
}

/// `[metadata]` options pbr maps itself (normalised keys), with the `setup()` keyword.
const PBR_METADATA: &[(&str, &str)] = &[
    ("name", "name"),
    ("author", "author"),
    ("author_email", "author_email"),
    ("maintainer", "maintainer"),
    ("maintainer_email", "maintainer_email"),
    ("home_page", "url"),
    ("project_urls", "project_urls"),
    ("summary", "description"),
    ("keywords", "keywords"),
    ("description", "long_description"),
    ("description_content_type", "long_description_content_type"),
    ("download_url", "download_url"),
    ("classifier", "classifiers"),
    ("platform", "platforms"),
    ("license", "license"),
    ("python_requires", "python_requires"),
    ("requires_python", "python_requires"),
    ("provides_dist", "provides"),
    ("obsoletes_dist", "obsoletes"),
];

/// pbr's `split_multiline`: stripped lines, without empty ones and comments.
fn split_multiline(value: &str) -> Vec<String> {
    value
        .split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

fn regex(cell: &'static OnceLock<regex::Regex>, pattern: &str) -> &'static regex::Regex {
    cell.get_or_init(|| regex::Regex::new(pattern).expect("the pattern compiles"))
}

/// What setuptools makes of one requirement string (`jaraco.text.drop_comment`).
fn drop_comment(s: &str) -> String {
    s.split(" #").next().unwrap_or_default().trim().to_owned()
}

/// One line of `install_requires` as pbr hands it to setuptools for a wheel: `name (>=1)`
/// specifiers joined, the marker after `;` inline.
fn install_requirement(pred: &str) -> Result<String, String> {
    static SPEC: OnceLock<regex::Regex> = OnceLock::new();
    static SPLIT: OnceLock<regex::Regex> = OnceLock::new();
    let pred = regex(&SPEC, r"\s*(.*?)\s*\((.*)\)\s*$").replace(pred, "$1$2");
    let m = regex(
        &SPLIT,
        r"^(?P<package>[^;]*);?(?P<env_marker>[^#]*?)(?:\s*#.*)?$",
    )
    .captures(&pred)
    .ok_or_else(|| format!("pbr cannot split the requirement `{pred}`"))?;
    let package = m["package"].trim();
    let marker = m["env_marker"].trim();
    Ok(drop_comment(&if marker.is_empty() {
        package.to_owned()
    } else {
        format!("{package}; {marker}")
    }))
}

/// One line of an `[extras]` group as pbr hands it to setuptools for a wheel
/// (`name:marker`).
fn extra_requirement(line: &str) -> Result<String, String> {
    static SPLIT: OnceLock<regex::Regex> = OnceLock::new();
    let m = regex(
        &SPLIT,
        r"^(?P<package>[^:]*):?(?P<env_marker>[^#]*?)(?:\s*#.*)?$",
    )
    .captures(line)
    .ok_or_else(|| format!("pbr cannot split the extra requirement `{line}`"))?;
    let package = m["package"].trim();
    let marker = &m["env_marker"];
    if marker.is_empty() {
        return Ok(drop_comment(package));
    }
    if marker.trim().is_empty() {
        return Err(format!(
            "the extra requirement `{line}` has an empty marker after its `:`"
        ));
    }
    Ok(drop_comment(&format!("{package}; {marker}")))
}

/// pbr's `parse_requirements` over the first of `candidates` that exists: `Ok(None)` when
/// none does, `Err` for lines pbr rewrites in ways a static list should not guess (`-e`,
/// `-r`, URLs, `-f`), which then stay pbr's to read.
fn requirement_file(
    files: &dyn ProjectFiles,
    candidates: &[&str],
) -> Result<Option<(String, Vec<String>)>, String> {
    static INDEX: OnceLock<regex::Regex> = OnceLock::new();
    let Some((path, text)) = candidates.iter().find_map(|c| {
        files.read(c).map(|t| {
            (
                c.to_string(),
                crate::python::strings::universal_newlines(&t).into_owned(),
            )
        })
    }) else {
        return Ok(None);
    };
    let mut out = Vec::new();
    for line in text.split('\n') {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if regex(
            &INDEX,
            r"^\s*(-i|--index-url|--extra-index-url|--find-links)",
        )
        .is_match(line)
        {
            continue;
        }
        let code = line.split('#').next().unwrap_or_default();
        if code.trim_start().starts_with('-')
            || code.contains(':')
            || code.trim_end().ends_with('\\')
        {
            return Err(format!(
                "{path} has a line pbr rewrites itself (`{}`: nested files, editable or URL requirements, index options)",
                line.trim()
            ));
        }
        out.push(code.to_owned());
    }
    Ok(Some((path, out)))
}

/// The `setup.cfg` of a pbr project, as arguments in `setup()` terms.
pub struct PbrCfg {
    pub ini: ini::Ini,
    pub args: Vec<Arg>,
    /// (section, raw key; "" for the whole section) that stay in `setup.cfg` whatever
    /// becomes of the arguments.
    pub keep: Vec<(String, String)>,
    /// What stays for pbr or is dropped without an argument: (section, key, line, outcome,
    /// why).
    pub extra: Vec<(String, usize, Outcome, String)>,
    pub notes: Vec<(usize, String)>,
    /// The requirements file pbr reads (`requirements.txt`), when its lines were converted.
    pub requirements_file: Option<String>,
}

struct Config<'a> {
    ini: &'a ini::Ini,
}

impl Config<'_> {
    /// An option by its normalised key (pbr: lowercased, `-` → `_`), interpolated as pbr's
    /// `ConfigParser` does.
    fn get(&self, section: &str, key: &str) -> Result<Option<(&IniOption, String)>, String> {
        let Some(s) = self.ini.section(section) else {
            return Ok(None);
        };
        let Some(o) = s
            .options
            .iter()
            .rev()
            .find(|o| normalize_key(&o.key) == key)
        else {
            return Ok(None);
        };
        match ini::interpolate(&o.value) {
            Some(v) => Ok(Some((o, v))),
            None => Err(format!(
                "setup.cfg's [{section}] {} uses `%` interpolation, which pbr's ConfigParser expands and snakeshift does not",
                o.key
            )),
        }
    }
}

fn origin(section: &str, o: &IniOption) -> ArgOrigin {
    ArgOrigin::SetupCfg {
        section: section.to_owned(),
        key: o.key.clone(),
        line: o.line,
        attr: None,
    }
}

fn section_origin(section: &ini::IniSection) -> ArgOrigin {
    ArgOrigin::SetupCfg {
        section: section.name.clone(),
        key: String::new(),
        line: section.line,
        attr: None,
    }
}

fn str_list(items: Vec<String>) -> Value {
    Value::list(items.into_iter().map(Value::str).collect())
}

fn file_list(items: Vec<String>, path: &str) -> Value {
    Value::list(
        items
            .into_iter()
            .map(|s| {
                Value::Str(Text {
                    s,
                    origin: Origin::File(path.to_owned()),
                })
            })
            .collect(),
    )
}

/// Reads a pbr `setup.cfg` the way pbr and then setuptools do.
pub fn analyse(text: &str, files: &dyn ProjectFiles) -> Result<PbrCfg, String> {
    let ini = ini::parse(text).map_err(|e| format!("setup.cfg cannot be read: {e}"))?;
    if ini
        .section("DEFAULT")
        .is_some_and(|s| !s.options.is_empty())
    {
        return Err("setup.cfg has a [DEFAULT] section, whose values configparser copies into every section".into());
    }
    if let Some(s) = ini
        .sections
        .iter()
        .find(|s| s.name == "options" || s.name.starts_with("options."))
    {
        return Err(format!(
            "setup.cfg has pbr's sections and setuptools' [{}] together; setuptools reads [options] only where pbr left a field empty, which snakeshift does not reproduce",
            s.name
        ));
    }
    let cfg = Config { ini: &ini };
    if let Some((o, hooks)) = cfg.get("global", "setup_hooks")? {
        let own: Vec<String> = split_multiline(&hooks)
            .into_iter()
            .filter(|h| h != "pbr.hooks.setup_hook")
            .collect();
        if !own.is_empty() {
            return Err(format!(
                "setup.cfg's [global] {} runs {} over the configuration at build time, which pyproject.toml cannot express",
                o.key,
                own.join(", ")
            ));
        }
    }
    let Some(metadata) = ini.section("metadata") else {
        return Err("pbr reads the project from setup.cfg's [metadata], and it has none".into());
    };
    let Some((name_option, _)) = cfg.get("metadata", "name")? else {
        return Err("setup.cfg's [metadata] has no name, which pbr requires".into());
    };
    let mut out = PbrCfg {
        ini: ini.clone(),
        args: Vec::new(),
        keep: vec![("metadata".into(), name_option.key.clone())],
        extra: Vec::new(),
        notes: Vec::new(),
        requirements_file: None,
    };
    let push = |out: &mut PbrCfg, keyword: &str, value: Value, origin: ArgOrigin| {
        out.args.push(Arg {
            keyword: keyword.to_owned(),
            value,
            origin,
        });
    };

    // The version: pbr's to compute (`[metadata] version` is its pre-version).
    if let Some((o, _)) = cfg.get("metadata", "version")? {
        out.keep.push(("metadata".into(), o.key.clone()));
        push(
            &mut out,
            "version",
            Value::opaque(
                "pbr computes the version at build time (PBR_VERSION, then PKG-INFO, then git tags); this is its pre-version",
            ),
            origin("metadata", o),
        );
    }

    // Descriptions, pbr's way.
    let description = cfg.get("metadata", "description")?;
    let summary = cfg.get("metadata", "summary")?;
    let long_description = cfg.get("metadata", "long_description")?;
    let description_file = cfg.get("metadata", "description_file")?;
    let explicit =
        description.is_some() && (long_description.is_some() || description_file.is_some());
    if description.is_some() && summary.is_none() && !explicit {
        return Err("setup.cfg's [metadata] description is pbr's long description and setuptools' summary at once (no summary, description_file or long_description next to it); write a summary, then convert".into());
    }
    // The long description pbr reads from description_file.
    let files_text = match (&long_description, &description_file) {
        (None, Some((o, value))) => {
            let mut paths = Vec::new();
            let mut joined = String::new();
            for p in split_multiline(value) {
                let Some(rel) = crate::files::normalize(&p) else {
                    return Err(format!("description_file `{p}` lies outside the project"));
                };
                let Some(t) = files.read(&rel) else {
                    return Err(format!(
                        "description_file `{p}` does not exist, and pbr fails to build without it"
                    ));
                };
                let t = crate::python::strings::universal_newlines(&t).into_owned();
                joined.push_str(t.trim());
                joined.push_str("\n\n");
                paths.push(rel);
            }
            let origin_text = match paths.as_slice() {
                [p] => Origin::File(p.clone()),
                _ => Origin::Derived(paths),
            };
            Some((
                *o,
                Value::Str(Text {
                    s: joined,
                    origin: origin_text,
                }),
            ))
        }
        _ => None,
    };
    let mut set: Vec<String> = Vec::new();
    if explicit {
        let (o, v) = description.as_ref().expect("explicit has a description");
        push(
            &mut out,
            "description",
            Value::str(v.clone()),
            origin("metadata", o),
        );
        set.push("description".into());
        if let Some((o, v)) = &files_text {
            push(
                &mut out,
                "long_description",
                v.clone(),
                origin("metadata", o),
            );
            set.push("long_description".into());
        }
        if let Some((o, _)) = &summary {
            out.extra.push((
                format!("[metadata] {}", o.key),
                o.line,
                Outcome::Dropped,
                "pbr and setuptools both use [metadata] description when description_file or long_description is given".into(),
            ));
        }
    } else if let Some((o, v)) = &files_text {
        push(
            &mut out,
            "long_description",
            v.clone(),
            origin("metadata", o),
        );
        set.push("long_description".into());
    }
    if let (Some((o, _)), None) = (&description_file, &files_text) {
        out.extra.push((
            format!("[metadata] {}", o.key),
            o.line,
            Outcome::Dropped,
            "pbr ignores it: long_description is given".into(),
        ));
    }

    // The other options pbr maps, then the ones setuptools fills where pbr left nothing.
    for (key, keyword) in PBR_METADATA {
        if set.iter().any(|k| k == keyword) {
            continue;
        }
        if explicit && matches!(*key, "summary" | "description") {
            continue;
        }
        let Some((o, v)) = cfg.get("metadata", key)? else {
            continue;
        };
        if v.is_empty() {
            continue;
        }
        let value = match *keyword {
            "keywords" | "classifiers" | "platforms" | "provides" | "obsoletes" => {
                str_list(split_multiline(&v))
            }
            "project_urls" => {
                let mut entries = Vec::new();
                for line in split_multiline(&v) {
                    let Some((k, u)) = line.split_once('=') else {
                        return Err(format!(
                            "setup.cfg's [metadata] {} has a line without `=`, on which pbr fails",
                            o.key
                        ));
                    };
                    entries.push(Entry {
                        key: k.trim().to_owned(),
                        value: Value::str(u.trim()),
                        sites: vec![],
                    });
                }
                Value::dict(entries)
            }
            _ => Value::str(v.clone()),
        };
        push(&mut out, keyword, value, origin("metadata", o));
        set.push((*keyword).to_owned());
    }
    for o in &metadata.options {
        let key = normalize_key(&o.key);
        let keyword = setup_cfg::metadata_keyword(&key).to_owned();
        let pbr_reads = PBR_METADATA.iter().any(|(k, _)| *k == key)
            || matches!(
                key.as_str(),
                "version" | "description_file" | "requires_dist"
            );
        if pbr_reads || out.keep.iter().any(|(_, k)| *k == o.key) {
            continue;
        }
        match key.as_str() {
            "setup_requires_dist" => {
                out.keep.push(("metadata".into(), o.key.clone()));
                out.extra.push((
                    format!("[metadata] {}", o.key),
                    o.line,
                    Outcome::Kept,
                    "pbr passes it to setup_requires; list it in build-system.requires too".into(),
                ));
                continue;
            }
            "provides_extras" => {
                return Err(format!(
                    "setup.cfg's [metadata] {} sets Provides-Extra by hand, which [project] derives from optional-dependencies",
                    o.key
                ));
            }
            _ => {}
        }
        if set.contains(&keyword) {
            // setuptools skips a field pbr already set.
            out.extra.push((
                format!("[metadata] {}", o.key),
                o.line,
                Outcome::Dropped,
                format!("pbr already sets `{keyword}`, and setuptools does not overwrite it"),
            ));
            continue;
        }
        match setup_cfg::option_value(files, "metadata", &keyword, &o.value) {
            Some(value) => {
                push(&mut out, &keyword, value, origin("metadata", o));
                set.push(keyword.clone());
            }
            None => {
                out.keep.push(("metadata".into(), o.key.clone()));
                out.extra.push((
                    format!("[metadata] {}", o.key),
                    o.line,
                    Outcome::Kept,
                    "neither pbr nor setuptools reads it".into(),
                ));
            }
        }
    }

    // Requirements: [metadata] requires_dist, then requirements.txt.
    let requires_dist = cfg.get("metadata", "requires_dist")?;
    let deps_origin = match &requires_dist {
        Some((o, _)) => origin("metadata", o),
        None => ArgOrigin::SetupCfg {
            section: String::new(),
            key: "requirements.txt".into(),
            line: 0,
            attr: None,
        },
    };
    match requirement_file(files, &["requirements.txt", "tools/pip-requires"]) {
        Ok(found) => {
            let mut lines: Vec<String> = requires_dist
                .as_ref()
                .map(|(_, v)| v.split('\n').map(str::to_owned).collect())
                .unwrap_or_default();
            let path = found.as_ref().map(|(p, _)| p.clone());
            lines.extend(found.map(|(_, l)| l).unwrap_or_default());
            let reqs: Vec<String> = split_multiline(&lines.join("\n"))
                .iter()
                .map(|l| install_requirement(l))
                .collect::<Result<_, _>>()?;
            let reqs: Vec<String> = reqs.into_iter().filter(|r| !r.is_empty()).collect();
            if !reqs.is_empty() {
                let value = match (&path, &requires_dist) {
                    (Some(p), None) => file_list(reqs, p),
                    _ => str_list(reqs),
                };
                out.requirements_file = path.clone();
                push(&mut out, "install_requires", value, deps_origin);
            }
        }
        Err(reason) => {
            if let Some((o, _)) = &requires_dist {
                out.keep.push(("metadata".into(), o.key.clone()));
            }
            push(
                &mut out,
                "install_requires",
                Value::opaque(reason),
                deps_origin,
            );
        }
    }

    // [extras], with the `test` extra pbr adds from test-requirements.txt.
    if let Some(section) = ini.section("extras") {
        let mut groups: Vec<(String, Result<Vec<String>, String>)> = Vec::new();
        for o in &section.options {
            let value = match ini::interpolate(&o.value) {
                Some(v) => v,
                None => {
                    return Err(format!(
                        "setup.cfg's [extras] {} uses `%` interpolation, which pbr's ConfigParser expands and snakeshift does not",
                        o.key
                    ));
                }
            };
            let reqs = split_multiline(&value)
                .iter()
                .map(|l| extra_requirement(l))
                .collect::<Result<Vec<_>, _>>();
            groups.push((normalize_key(&o.key), reqs));
        }
        if !groups.iter().any(|(k, _)| k == "test") {
            let test = requirement_file(files, &["test-requirements.txt", "tools/test-requires"])
                .and_then(|found| {
                    let lines = found.map(|(_, l)| l).unwrap_or_default();
                    split_multiline(&lines.join("\n").replace(';', ":"))
                        .iter()
                        .map(|l| extra_requirement(l))
                        .collect::<Result<Vec<_>, _>>()
                });
            if test.as_ref().is_ok_and(|t| !t.is_empty()) {
                out.notes.push((section.line, "pbr adds a `test` extra from test-requirements.txt when [extras] has none; it is written to optional-dependencies".into()));
            }
            groups.push(("test".into(), test));
        }
        let value = match groups.iter().find_map(|(_, r)| r.as_ref().err()) {
            Some(reason) => Value::opaque(reason.clone()),
            None => Value::dict(
                groups
                    .into_iter()
                    .filter_map(|(k, r)| {
                        let reqs = r.unwrap_or_default();
                        // pbr declares no extra for an empty group.
                        (!reqs.is_empty()).then(|| Entry {
                            key: k,
                            value: str_list(reqs),
                            sites: vec![],
                        })
                    })
                    .collect(),
            ),
        };
        push(&mut out, "extras_require", value, section_origin(section));
    }

    // [entry_points]: one list of lines per group (keys lowercased, `-` → `_`).
    if let Some(section) = ini.section("entry_points") {
        let mut entries = Vec::new();
        for o in &section.options {
            let Some(value) = ini::interpolate(&o.value) else {
                return Err(format!(
                    "setup.cfg's [entry_points] {} uses `%` interpolation, which pbr's ConfigParser expands and snakeshift does not",
                    o.key
                ));
            };
            entries.push(Entry {
                key: normalize_key(&o.key),
                value: str_list(split_multiline(&value)),
                sites: vec![],
            });
        }
        push(
            &mut out,
            "entry_points",
            Value::dict(entries),
            section_origin(section),
        );
    }

    // [files]: the package list (pbr expands each root to its subpackages), scripts and
    // modules move; data_files (globs pbr walks), package_data (pbr's own syntax),
    // packages_root, namespace_packages and extra_files stay pbr's.
    if let Some(section) = ini.section("files") {
        let packages_root = cfg.get("files", "packages_root")?;
        let namespaces = cfg.get("files", "namespace_packages")?;
        for o in &section.options {
            let key = normalize_key(&o.key);
            let Some(value) = ini::interpolate(&o.value) else {
                return Err(format!(
                    "setup.cfg's [files] {} uses `%` interpolation, which pbr's ConfigParser expands and snakeshift does not",
                    o.key
                ));
            };
            let why = match key.as_str() {
                "packages" if packages_root.is_some() => Some(
                    "pbr looks for the package roots next to setup.cfg while packages_root maps them elsewhere; it stays pbr's",
                ),
                "packages" if namespaces.is_some() => Some(
                    "setuptools checks namespace_packages against packages before it reads pyproject.toml; both stay pbr's",
                ),
                "packages" => match expand_packages(files, &value) {
                    Some(list) => {
                        push(&mut out, "packages", str_list(list), origin("files", o));
                        None
                    }
                    None => Some(
                        "no package root it lists is a directory, so pbr sets no packages and setuptools' automatic discovery decides",
                    ),
                },
                "scripts" => {
                    push(
                        &mut out,
                        "scripts",
                        str_list(split_multiline(&value)),
                        origin("files", o),
                    );
                    None
                }
                "modules" => {
                    push(
                        &mut out,
                        "py_modules",
                        str_list(split_multiline(&value)),
                        origin("files", o),
                    );
                    None
                }
                "data_files" => Some("pbr walks its globs and directories at build time"),
                "package_data" => Some("pbr reads it in its own syntax at build time"),
                _ => Some("pbr reads it at build time"),
            };
            if let Some(why) = why {
                out.keep.push(("files".into(), o.key.clone()));
                out.extra.push((
                    format!("[files] {}", o.key),
                    o.line,
                    Outcome::Kept,
                    why.into(),
                ));
            }
        }
    }

    // What stays pbr's.
    for section in &ini.sections {
        let why = match section.name.as_str() {
            "pbr" => "pbr's own options",
            "global" => "pbr's commands and hooks",
            "backwards_compat" => "pbr reads it at build time",
            n if n.starts_with("extension") => "pbr builds the extension from it",
            _ => continue,
        };
        out.keep.push((section.name.clone(), String::new()));
        out.extra.push((
            format!("[{}]", section.name),
            section.line,
            Outcome::Kept,
            why.into(),
        ));
    }
    Ok(out)
}

/// Converts a pbr project (`setup.py` passes `pbr=True`).
pub fn convert(
    input: &ProjectInput<'_>,
    options: &Options,
    doc: Option<DocumentMut>,
    existing: Existing,
    py: &SetupPy,
    settings: Settings,
) -> Converted {
    if !options.setup_cfg {
        return refused(
            SETUP_PY_REWRITE,
            "setup.py",
            "a pbr project is configured in setup.cfg: select setup-cfg-to-pyproject too",
        );
    }
    if existing.has_project {
        // Converted already, or configured in pyproject.toml by hand: [project] decides.
        return Converted::default();
    }
    // setup.py must be pbr's shim and nothing else.
    let mut build_requires = Vec::new();
    let mut floor = None;
    let mut other_kept: Vec<(usize, String)> = Vec::new();
    for a in &py.args {
        match a.keyword.as_str() {
            "pbr" => {
                if !matches!(a.value, Value::Bool(true)) {
                    return refused(
                        SETUP_PY_REWRITE,
                        "setup.py",
                        "setup.py passes pbr a value other than True (another configuration file?), which snakeshift does not follow",
                    );
                }
            }
            "setup_requires" => {
                let items = a.value.items().unwrap_or_default();
                for i in items {
                    let Some(r) = i.value.as_str() else {
                        return refused(
                            SETUP_PY_REWRITE,
                            "setup.py",
                            "setup_requires of a pbr setup.py cannot be read statically",
                        );
                    };
                    let name = requirements::canonical_name(requirements::requirement_name(r));
                    if name == "setuptools" {
                        floor = super::keywords::setuptools_lower_bound(r);
                    } else {
                        build_requires.push(r.trim().to_owned());
                    }
                }
            }
            // Not metadata (`cmdclass`, `zip_safe`…): it stays in setup.py, which is kept
            // as it is, and [project] does not touch it.
            other if super::keywords::metadata_fields(other).is_empty() => {
                other_kept.push((a.line(), other.to_owned()));
            }
            other => {
                return refused(
                    SETUP_PY_REWRITE,
                    "setup.py",
                    format!(
                        "setup.py passes the metadata keyword `{other}` next to pbr=True, and pbr then rebuilds the metadata from setup.cfg over part of it; move it to setup.cfg, then convert"
                    ),
                );
            }
        }
    }
    if !build_requires
        .iter()
        .any(|r| requirements::canonical_name(requirements::requirement_name(r)) == "pbr")
    {
        build_requires.push("pbr".into());
    }
    let Some(cfg_text) = input.setup_cfg else {
        return refused(
            SETUP_PY_REWRITE,
            "setup.py",
            "setup.py passes pbr=True, which reads setup.cfg, and there is none",
        );
    };
    let cfg = match analyse(cfg_text, input.files) {
        Ok(c) => c,
        Err(reason) => return refused(SETUP_CFG_REWRITE, "setup.cfg", reason),
    };
    let ctx = Context {
        files: input.files,
        settings,
        spdx: options.spdx,
        read_modules: Vec::new(),
        existing: existing.clone(),
        setup_py: input.setup_py,
        pbr: true,
    };
    let classification = Classifier::new(&ctx, &cfg.args).run();
    if let Some((rewrite, file, reason)) = classification.refusal {
        return refused(rewrite, file, reason);
    }
    let fates = &classification.fates;
    let mut model = classification.model;
    model.dynamic("version");
    if let Some(v) = floor {
        model.floor(v, "setup_requires");
    }
    model.build_requires.extend(build_requires.iter().cloned());

    let mut report = ProjectReport::default();
    let mut changes = Vec::new();

    // setup.cfg keeps what pbr reads and what could not move.
    let mut keep = cfg.keep.clone();
    for (a, f) in cfg.args.iter().zip(fates) {
        if let ArgOrigin::SetupCfg { section, key, .. } = &a.origin
            && f.is_kept()
            && !section.is_empty()
        {
            keep.push((section.clone(), key.clone()));
        }
    }
    let folded_cfg = setup_cfg::fold_sections(cfg_text, &cfg.ini, folded, &keep);
    if folded_cfg.as_deref() != Some(cfg_text) {
        changes.push(FileChange {
            path: "setup.cfg".into(),
            old: Some(cfg_text.to_owned()),
            new: folded_cfg,
        });
    }

    let new_pyproject = pyproject::write(doc, &model, pyproject::BACKEND);
    if let Err(e) = new_pyproject.parse::<toml_edit::DocumentMut>() {
        return refused(
            SETUP_CFG_REWRITE,
            "pyproject.toml",
            format!("the merged pyproject.toml would not parse ({e}); please report this bug"),
        );
    }
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

    report.keywords.push(KeywordReport {
        rewrite: SETUP_PY_REWRITE,
        file: "setup.py".into(),
        line: py.call_line,
        keyword: "pbr".into(),
        outcome: Outcome::Kept,
        detail: format!(
            "setup.py stays as it is: pbr computes the version, the data files and its commands at build time (build-system.requires lists {} too)",
            build_requires.join(", ")
        ),
    });
    for (line, keyword) in &other_kept {
        report.keywords.push(KeywordReport {
            rewrite: SETUP_PY_REWRITE,
            file: "setup.py".into(),
            line: *line,
            keyword: keyword.clone(),
            outcome: Outcome::Kept,
            detail: "not metadata: it stays in setup.py with pbr=True".into(),
        });
    }
    for (a, f) in cfg.args.iter().zip(fates) {
        let (outcome, detail) = outcome(f);
        let detail = match (a.keyword.as_str(), &outcome) {
            ("name", Outcome::Converted) => {
                format!("{detail} (and kept in setup.cfg, where pbr needs it)")
            }
            _ => detail,
        };
        report.keywords.push(KeywordReport {
            rewrite: a.rewrite(),
            file: "setup.cfg".into(),
            line: a.line(),
            keyword: a.spelled(),
            outcome,
            detail,
        });
    }
    for (spelled, line, outcome, detail) in &cfg.extra {
        report.keywords.push(KeywordReport {
            rewrite: SETUP_CFG_REWRITE,
            file: "setup.cfg".into(),
            line: *line,
            keyword: spelled.clone(),
            outcome: *outcome,
            detail: detail.clone(),
        });
    }
    let deps_fate = cfg
        .args
        .iter()
        .zip(fates)
        .find(|(a, _)| a.keyword == "install_requires")
        .map(|(_, f)| f);
    if let (Some(p), Some(f)) = (&cfg.requirements_file, deps_fate) {
        let message = match f {
            Fate::Converted(_) => Some(format!(
                "{p} is read pbr's way (comments cut, `name (>=1)` specifiers joined, markers inline as in a wheel); pbr still reads it at build time, but [project] dependencies win: keep the two in step, or list `dependencies` in project.dynamic to let pbr read it"
            )),
            Fate::Dynamic(_) => Some(format!(
                "setuptools reads {p} itself (`file` directive): its lines are what pbr made of them"
            )),
            _ => None,
        };
        if let Some(message) = message {
            report.notes.push(Note {
                rewrite: SETUP_CFG_REWRITE,
                file: "setup.cfg".into(),
                line: 0,
                message,
            });
        }
    }
    for (line, message) in &cfg.notes {
        report.notes.push(Note {
            rewrite: SETUP_CFG_REWRITE,
            file: "setup.cfg".into(),
            line: *line,
            message: message.clone(),
        });
    }
    for (rewrite, file, line, message) in classification.notes {
        report.notes.push(Note {
            rewrite,
            file: file.into(),
            line,
            message,
        });
    }
    report.notes.push(Note {
        rewrite: SETUP_CFG_REWRITE,
        file: "pyproject.toml".into(),
        line: 0,
        message: "the version stays dynamic: pbr sets it from PBR_VERSION, PKG-INFO or git tags while setup.py runs, before setuptools reads pyproject.toml".into(),
    });
    super::finish_report(&mut report, &model, SETUP_CFG_REWRITE, "setup.py");
    let cfg_fate = match changes.iter().find(|c| c.path == "setup.cfg") {
        Some(c) if c.new.is_none() => "setup.cfg deleted",
        _ => "setup.cfg keeps what pbr reads",
    };
    report.summary = format!(
        "setup.py + setup.cfg (pbr) → pyproject.toml: {}, setup.py kept for pbr, {cfg_fate}",
        if input.pyproject.is_some() {
            "pyproject.toml updated"
        } else {
            "pyproject.toml created"
        }
    );
    Converted { changes, report }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::MemoryFiles;

    #[test]
    fn requirements_pbrs_way() {
        assert_eq!(
            install_requirement("oslo.i18n (>=3.15.3)").unwrap(),
            "oslo.i18n>=3.15.3"
        );
        assert_eq!(
            install_requirement("enum34;python_version=='2.7' ").unwrap(),
            "enum34; python_version=='2.7'"
        );
        assert_eq!(install_requirement("six>=1.10.0 ").unwrap(), "six>=1.10.0");
        assert_eq!(
            extra_requirement("PyYAML>=5.1:python_version>='3.6' # MIT").unwrap(),
            "PyYAML>=5.1; python_version>='3.6'"
        );
        assert_eq!(
            extra_requirement("fixtures>=3.0.0 # Apache-2.0/BSD").unwrap(),
            "fixtures>=3.0.0"
        );
    }

    #[test]
    fn reads_an_openstack_setup_cfg() {
        let fs = MemoryFiles::new()
            .with("README.rst", "Thing\n=====\n\nText.\n")
            .with(
                "requirements.txt",
                "# comment\npbr!=2.1.0,>=2.0.0 # Apache-2.0\nsix>=1.10.0 # MIT\n",
            )
            .with("test-requirements.txt", "hacking>=3.0 # Apache-2.0\n");
        let cfg = "[metadata]\nname = oslo.thing\nsummary = A thing\ndescription-file =\n    README.rst\nhome-page = https://x.org\nclassifier =\n    A :: B\n\n[files]\npackages =\n    oslo_thing\n\n[entry_points]\nconsole_scripts =\n    thing = oslo_thing.cli:main\n\n[extras]\nyaml =\n  PyYAML>=5.1 # MIT\n";
        let pbr = analyse(cfg, &fs).unwrap();
        let get = |k: &str| pbr.args.iter().find(|a| a.keyword == k).unwrap();
        assert_eq!(get("description").value.as_str(), Some("A thing"));
        assert_eq!(
            get("long_description").value.as_str(),
            Some("Thing\n=====\n\nText.\n\n")
        );
        assert_eq!(get("url").value.as_str(), Some("https://x.org"));
        let reqs = get("install_requires").value.items().unwrap();
        assert_eq!(reqs.len(), 2);
        let extras = get("extras_require").value.entries().unwrap();
        assert_eq!(extras.len(), 2);
        assert_eq!(extras[1].key, "test");
        // oslo_thing is not a directory here: pbr sets no packages, [files] packages stays.
        assert!(
            pbr.keep
                .iter()
                .any(|(s, k)| s == "files" && k == "packages")
        );
        assert!(!pbr.args.iter().any(|a| a.keyword == "packages"));
        let refused = analyse("[metadata]\nname = x\ndescription = long\n", &fs);
        assert!(refused.is_err());
    }
}
