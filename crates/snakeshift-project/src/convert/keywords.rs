//! The mapping: every `setup()` keyword (and `setup.cfg` option) to exactly one of static
//! `[project]`/`[tool.setuptools]`, `dynamic` + `[tool.setuptools.dynamic]`, kept where it is
//! (the `setup.py` shim, or `setup.cfg`), or dropped — with the reason, for the report.

use super::args::{Arg, ArgOrigin};
use super::discovery;
use super::entry_points::{self, Groups};
use super::license;
use super::model::{Model, array, array_table, inline, inline_array, string, string_table};
use super::people::{self, Person};
use super::requirements;
use super::setup_py::module_name;
use crate::files::ProjectFiles;
use crate::python::interp::{Interp, Settings};
use crate::python::strings;
use crate::python::value::{Extension, Item as PyItem, Origin, Site, Text, Value};
use toml_edit::{ArrayOfTables, InlineTable, Item, Table, Value as TomlValue};

/// What happened to one argument.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fate {
    Converted(String),
    Dynamic(String),
    Kept(String),
    Dropped(String),
}

impl Fate {
    pub fn is_kept(&self) -> bool {
        matches!(self, Fate::Kept(_))
    }
}

/// What the project already declares in `pyproject.toml`.
#[derive(Clone, Debug, Default)]
pub struct Existing {
    pub has_project: bool,
    /// Fields set statically in `[project]`.
    pub project_static: Vec<String>,
    /// Fields listed in `project.dynamic`.
    pub project_dynamic: Vec<String>,
    /// Keys of `[tool.setuptools]`.
    pub tool_setuptools: Vec<String>,
}

pub struct Context<'a> {
    pub files: &'a dyn ProjectFiles,
    pub settings: Settings,
    pub spdx: bool,
    /// Project modules `setup.py` read (candidates for `attr:` versions).
    pub read_modules: Vec<String>,
    pub existing: Existing,
}

/// The result of classifying every argument.
pub struct Classification {
    pub model: Model,
    /// One fate per argument, in the order of the arguments.
    pub fates: Vec<Fate>,
    /// Sites to delete from `setup.py` for arguments that are otherwise kept (entries of a
    /// `cmdclass` dict that are dropped).
    pub extra_deletions: Vec<Site>,
    /// (rewrite, file, line, message)
    pub notes: Vec<(&'static str, &'static str, usize, String)>,
    pub refusal: Option<(&'static str, &'static str, String)>,
}

/// The `[project]` fields a keyword provides (for `dynamic`).
pub fn metadata_fields(keyword: &str) -> &'static [&'static str] {
    match keyword {
        "name" => &["name"],
        "version" | "use_scm_version" => &["version"],
        "description" => &["description"],
        "long_description" | "long_description_content_type" => &["readme"],
        "author" | "author_email" => &["authors"],
        "maintainer" | "maintainer_email" => &["maintainers"],
        "license" | "license_expression" => &["license"],
        "keywords" => &["keywords"],
        "classifiers" => &["classifiers"],
        "url" | "download_url" | "project_urls" => &["urls"],
        "python_requires" => &["requires-python"],
        "install_requires" => &["dependencies"],
        "extras_require" => &["optional-dependencies"],
        "entry_points" => &["scripts", "gui-scripts", "entry-points"],
        _ => &[],
    }
}

/// The `[tool.setuptools]` key a keyword writes.
fn tool_key(keyword: &str) -> Option<&'static str> {
    Some(match keyword {
        "packages" => "packages",
        "py_modules" => "py-modules",
        "package_dir" => "package-dir",
        "package_data" => "package-data",
        "exclude_package_data" => "exclude-package-data",
        "include_package_data" => "include-package-data",
        "data_files" => "data-files",
        "scripts" => "script-files",
        "platforms" => "platforms",
        "provides" => "provides",
        "obsoletes" => "obsoletes",
        "ext_modules" => "ext-modules",
        "cmdclass" => "cmdclass",
        "license_file" | "license_files" => "license-files",
        _ => return None,
    })
}

const DEV_COMMANDS: &[&str] = &[
    "test",
    "tests",
    "pytest",
    "tox",
    "nosetests",
    "upload",
    "upload_docs",
    "publish",
    "release",
    "lint",
    "flake8",
    "pylint",
    "coverage",
    "audit",
    "bump",
    "bumpversion",
    "tag",
    "clean",
    "check_manifest",
    "format",
    "style",
];

const TEST_RUNNERS: &[&str] = &[
    "pytest-runner",
    "pytest",
    "nose",
    "flake8",
    "pytest-cov",
    "coverage",
    "tox",
    "mock",
    "wheel",
    "setuptools-lint",
    "check-manifest",
];

/// Why a value cannot be written statically.
fn why_opaque(v: &Value) -> String {
    v.opaque_reason()
        .unwrap_or_else(|| format!("a `{}` value", v.type_name()))
}

/// A list of strings (a `str` counts as one item); `Err` with the reason otherwise.
fn strings_of(v: &Value) -> Result<Vec<String>, String> {
    match v {
        Value::Str(t) => Ok(vec![t.s.clone()]),
        _ => {
            let items = v.items().ok_or_else(|| why_opaque(v))?;
            items
                .iter()
                .map(|i| {
                    if i.marker.is_some() {
                        return Err("an item that is only added on some platforms".to_owned());
                    }
                    match &i.value {
                        Value::Str(t) => Ok(t.s.clone()),
                        other => Err(why_opaque(other)),
                    }
                })
                .collect()
        }
    }
}

/// Strings with the markers of the conditions they were added under.
fn requirement_strings(v: &Value) -> Result<Vec<(String, Option<String>)>, String> {
    match v {
        Value::Str(t) => Ok(requirements::split_lines(&t.s)
            .into_iter()
            .map(|r| (r, None))
            .collect()),
        _ => {
            let items = v.items().ok_or_else(|| why_opaque(v))?;
            let mut out = Vec::new();
            for i in items {
                let Value::Str(t) = &i.value else {
                    return Err(why_opaque(&i.value));
                };
                for line in requirements::split_lines(&t.s) {
                    out.push((line, i.marker.as_ref().map(ToString::to_string)));
                }
            }
            Ok(out)
        }
    }
}

fn origin_files(v: &Value) -> Vec<String> {
    let mut files = Vec::new();
    let mut add = |o: &Origin| {
        for f in o.files() {
            if !files.contains(&f) {
                files.push(f);
            }
        }
    };
    match v {
        Value::Str(t) => add(&t.origin),
        Value::List(_) | Value::Tuple(_) => {
            for i in v.items().unwrap_or_default() {
                for f in origin_files(&i.value) {
                    add(&Origin::File(f));
                }
            }
        }
        Value::Dict(d) => {
            for e in d.borrow().iter() {
                for f in origin_files(&e.value) {
                    if !files.contains(&f) {
                        files.push(f);
                    }
                }
            }
        }
        _ => {}
    }
    files
}

/// How core metadata ends the long description (`\n` appended when missing).
fn as_written(s: &str) -> String {
    if s.ends_with('\n') {
        s.to_owned()
    } else {
        format!("{s}\n")
    }
}

/// A PEP 440 version (what `packaging.version.Version` accepts).
fn is_pep440(version: &str) -> bool {
    static PATTERN: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    PATTERN
        .get_or_init(|| {
            regex::Regex::new(concat!(
                r"(?i)^\s*v?(?:[0-9]+!)?[0-9]+(?:\.[0-9]+)*",
                r"(?:[-_.]?(?:a|b|c|rc|alpha|beta|pre|preview)[-_.]?[0-9]*)?",
                r"(?:-[0-9]+|[-_.]?(?:post|rev|r)[-_.]?[0-9]*)?",
                r"(?:[-_.]?dev[-_.]?[0-9]*)?",
                r"(?:\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?\s*$",
            ))
            .expect("the PEP 440 pattern compiles")
        })
        .is_match(version)
}

/// A valid project name (PEP 508): letters, digits, `.`, `_`, `-`, alphanumeric at both ends.
fn is_project_name(name: &str) -> bool {
    let alnum = |c: char| c.is_ascii_alphanumeric();
    name.starts_with(alnum)
        && name.ends_with(alnum)
        && name
            .chars()
            .all(|c| alnum(c) || matches!(c, '.' | '_' | '-'))
}

/// Whether `value` is the `parts` in order with nothing but whitespace around and between.
fn joined_with_whitespace(value: &str, parts: &[&str]) -> bool {
    let mut rest = value;
    for p in parts {
        let p = p.trim();
        rest = rest.trim_start();
        match rest.strip_prefix(p) {
            Some(r) => rest = r,
            None => return false,
        }
    }
    rest.trim().is_empty()
}

/// The content type setuptools infers from a readme file's suffix; `Err` for a suffix it
/// rejects.
fn inferred_content_type(path: &str) -> Result<Option<&'static str>, ()> {
    let name = path.rsplit('/').next().unwrap_or(path).to_lowercase();
    match name.rfind('.') {
        None | Some(0) => Ok(None),
        Some(i) => match &name[i..] {
            ".md" => Ok(Some("text/markdown")),
            ".rst" => Ok(Some("text/x-rst")),
            ".txt" => Ok(Some("text/plain")),
            _ => Err(()),
        },
    }
}

pub struct Classifier<'a, 'c> {
    ctx: &'a Context<'c>,
    args: &'a [Arg],
    fates: Vec<Option<Fate>>,
    model: Model,
    notes: Vec<(&'static str, &'static str, usize, String)>,
    extra_deletions: Vec<Site>,
    refusal: Option<(&'static str, &'static str, String)>,
    /// `package_dir` as given (for `attr:` and module names).
    package_dir: Vec<(String, String)>,
    /// Requirements added to `dependencies` by `extras_require` keys such as `":marker"`.
    dependencies: Option<Vec<String>>,
    spdx_license: Option<&'static str>,
    license_is_table: bool,
}

impl<'a, 'c> Classifier<'a, 'c> {
    pub fn new(ctx: &'a Context<'c>, args: &'a [Arg]) -> Self {
        Classifier {
            ctx,
            args,
            fates: vec![None; args.len()],
            model: Model::default(),
            notes: Vec::new(),
            extra_deletions: Vec::new(),
            refusal: None,
            package_dir: Vec::new(),
            dependencies: None,
            spdx_license: None,
            license_is_table: false,
        }
    }

    fn note(&mut self, arg: &Arg, message: impl Into<String>) {
        self.notes
            .push((arg.rewrite(), arg.file(), arg.line(), message.into()));
    }

    fn refuse(&mut self, arg: &Arg, reason: impl Into<String>) {
        if self.refusal.is_none() {
            self.refusal = Some((arg.rewrite(), arg.file(), reason.into()));
        }
    }

    /// The arguments that take effect for `keyword` (setup.py's value wins over setup.cfg's,
    /// as in setuptools).
    fn effective(&self, keyword: &str) -> Option<usize> {
        let mut found: Option<usize> = None;
        for (i, a) in self.args.iter().enumerate() {
            if a.keyword == keyword && self.fates[i].is_none() {
                match found {
                    Some(j) if self.args[j].is_setup_py() && !a.is_setup_py() => {}
                    _ => found = Some(i),
                }
            }
        }
        found
    }

    fn set(&mut self, i: usize, fate: Fate) {
        self.fates[i] = Some(fate);
    }

    pub fn run(mut self) -> Classification {
        self.drop_overridden();
        self.drop_ignored_by_existing_pyproject();
        self.package_dir = self.package_dir_value();
        let order: &[&str] = &[
            "name",
            "version",
            "use_scm_version",
            "description",
            "long_description",
            "author",
            "maintainer",
            // Before the license: an SPDX expression needs the classifiers in pyproject.toml.
            "classifiers",
            "license_expression",
            "license",
            "license_file",
            "license_files",
            "keywords",
            "classifiers",
            "url",
            "python_requires",
            "install_requires",
            "extras_require",
            "entry_points",
        ];
        for kw in order {
            self.handle(kw);
        }
        for i in 0..self.args.len() {
            if self.fates[i].is_none() {
                let kw = self.args[i].keyword.clone();
                self.handle(&kw);
            }
        }
        self.finish();
        let fates = self
            .fates
            .into_iter()
            .map(|f| f.unwrap_or(Fate::Kept("not handled".into())))
            .collect();
        Classification {
            model: self.model,
            fates,
            extra_deletions: self.extra_deletions,
            notes: self.notes,
            refusal: self.refusal,
        }
    }

    /// setup.cfg values that setup.py overrides.
    fn drop_overridden(&mut self) {
        for i in 0..self.args.len() {
            let a = &self.args[i];
            if a.is_setup_py() {
                continue;
            }
            let overridden = self
                .args
                .iter()
                .any(|b| b.is_setup_py() && b.keyword == a.keyword);
            if overridden {
                self.set(
                    i,
                    Fate::Dropped(format!(
                        "setup.py passes `{}` too, and setuptools uses that value",
                        a.keyword
                    )),
                );
            }
        }
    }

    /// Values setuptools already ignores because `pyproject.toml` decides.
    fn drop_ignored_by_existing_pyproject(&mut self) {
        let existing = &self.ctx.existing;
        for i in 0..self.args.len() {
            if self.fates[i].is_some() {
                continue;
            }
            let a = &self.args[i];
            let fields = metadata_fields(&a.keyword);
            if existing.has_project && !fields.is_empty() {
                if fields
                    .iter()
                    .all(|f| existing.project_static.iter().any(|s| s == f))
                {
                    let fate = Fate::Dropped(format!(
                        "pyproject.toml's [project] sets `{}`; setuptools ignores this value",
                        fields[0]
                    ));
                    self.set(i, fate);
                } else if !fields
                    .iter()
                    .any(|f| existing.project_dynamic.iter().any(|s| s == f))
                {
                    let fate = Fate::Dropped(format!(
                        "setuptools ignores it: `{}` is neither set in [project] nor listed in project.dynamic",
                        fields[0]
                    ));
                    self.set(i, fate);
                }
                continue;
            }
            if let Some(key) = tool_key(&a.keyword)
                && existing.tool_setuptools.iter().any(|k| k == key)
            {
                let fate = Fate::Dropped(format!(
                    "pyproject.toml sets tool.setuptools.{key}, which takes precedence"
                ));
                self.set(i, fate);
            }
        }
    }

    fn package_dir_value(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if let Some(i) = self.effective("package_dir")
            && let Some(entries) = self.args[i].value.entries()
        {
            for e in entries {
                if let Some(d) = e.value.as_str() {
                    out.push((e.key.clone(), d.to_owned()));
                }
            }
        }
        if !out.iter().any(|(k, _)| k.is_empty())
            && let Some(i) = self.effective("packages")
            && let Value::FindPackages(f) = &self.args[i].value
            && f.where_ != "."
        {
            out.push((String::new(), f.where_.clone()));
        }
        out
    }

    fn handle(&mut self, keyword: &str) {
        let Some(i) = self.effective(keyword) else {
            return;
        };
        let arg = &self.args[i];
        let fate = match keyword {
            "name" => self.name(arg),
            "version" => self.version(arg),
            "use_scm_version" => self.scm_version(arg),
            "description" => self.description(arg),
            "long_description" | "long_description_content_type" => {
                return self.readme();
            }
            "author" | "author_email" => return self.people_group("author", "authors"),
            "maintainer" | "maintainer_email" => {
                return self.people_group("maintainer", "maintainers");
            }
            "url" | "download_url" | "project_urls" => return self.urls(),
            "license" | "license_expression" => self.license(arg),
            "license_file" | "license_files" => self.license_files(arg),
            "classifiers" => self.classifiers(arg),
            "keywords" => self.keywords(arg),
            "platforms" | "provides" | "obsoletes" => self.string_list_tool(arg),
            "requires" => Fate::Dropped(
                "distutils' `requires` never reached pip and has no pyproject.toml equivalent; if these are dependencies, add them to `dependencies`".into(),
            ),
            "python_requires" => self.python_requires(arg),
            "install_requires" => self.install_requires(arg),
            "extras_require" => self.extras_require(arg),
            "entry_points" => self.entry_points(arg),
            "scripts" | "py_modules" => self.string_list_tool(arg),
            "packages" => self.packages(arg),
            "package_dir" => self.package_dir(arg),
            "package_data" | "exclude_package_data" => self.package_data(arg),
            "include_package_data" => self.include_package_data(arg),
            "data_files" => self.data_files(arg),
            "zip_safe" => Fate::Dropped("only affects eggs; wheels do not use it".into()),
            "eager_resources" => Fate::Dropped("obsolete: only zipped eggs used it".into()),
            "namespace_packages" => self.namespace_packages(arg),
            "ext_modules" => self.ext_modules(arg),
            "cmdclass" => self.cmdclass(arg),
            "setup_requires" => self.setup_requires(arg),
            "tests_require" | "test_suite" | "test_loader" => Fate::Dropped(
                "setuptools removed the `test` command (72.0); these never reached the wheel's metadata".into(),
            ),
            "dependency_links" => Fate::Dropped("pip ignores dependency links (since 19.0)".into()),
            "use_2to3" | "use_2to3_fixers" | "use_2to3_exclude_fixers"
            | "convert_2to3_doctests" => {
                if matches!(arg.value, Value::Bool(true)) {
                    self.note(arg, "use_2to3 was set: the sources may still be Python 2 code (setuptools has not run 2to3 since 58.0)");
                }
                Fate::Dropped("2to3 support was removed from setuptools (58.0)".into())
            }
            "ext_package" | "headers" | "libraries" | "script_name" | "script_args"
            | "options" | "features" | "cffi_modules" | "rust_extensions" => Fate::Kept(format!(
                "`{keyword}` has no pyproject.toml equivalent"
            )),
            other => Fate::Kept(format!(
                "`{other}` is not a setuptools keyword snakeshift knows (a plugin's?)"
            )),
        };
        self.set(i, fate);
    }

    fn name(&mut self, arg: &Arg) -> Fate {
        match &arg.value {
            Value::Str(t) if !is_project_name(t.s.trim()) => {
                self.refuse(arg, format!("`{}` is not a valid project name, and pyproject.toml requires one (letters, digits, `.`, `_`, `-`)", t.s));
                Fate::Kept("not a valid project name".into())
            }
            Value::Str(t) => {
                self.model.project("name", Item::Value(string(t.s.trim())));
                if t.origin != Origin::Literal {
                    self.note(
                        arg,
                        format!(
                            "the name `{}` was computed from {}",
                            t.s,
                            t.origin.files().join(", ")
                        ),
                    );
                }
                Fate::Converted("project.name".into())
            }
            other => {
                let reason = why_opaque(other);
                self.refuse(arg, format!("the project name cannot be evaluated statically ({reason}); pyproject.toml needs a static name"));
                Fate::Kept(reason)
            }
        }
    }

    /// The project module and variable holding `value` as a literal, for `attr:`.
    fn version_attr(&self, text: &Text) -> Option<String> {
        let mut candidates: Vec<String> = text.origin.files();
        for m in &self.ctx.read_modules {
            if !candidates.contains(m) {
                candidates.push(m.clone());
            }
        }
        candidates.retain(|c| c.ends_with(".py") && c != "setup.py");
        for path in candidates {
            let mut interp = Interp::new(self.ctx.files, self.ctx.settings.clone());
            if interp.module_env(&path).is_err() {
                continue;
            }
            let names = top_level_names(&interp, &path);
            let mut matching: Vec<String> = names
                .into_iter()
                .filter(|n| {
                    interp
                        .first_literal_assignment(&path, n)
                        .is_some_and(|lit| version_matches(&lit, &text.s))
                })
                .collect();
            matching.sort_by_key(|n| {
                (
                    n != "__version__",
                    !n.to_lowercase().contains("version"),
                    n.clone(),
                )
            });
            if let Some(name) = matching.first()
                && let Some(module) = module_name(&path, &self.package_dir)
            {
                return Some(format!("{module}.{name}"));
            }
        }
        None
    }

    fn version(&mut self, arg: &Arg) -> Fate {
        if let ArgOrigin::SetupCfg {
            attr: Some(attr), ..
        } = &arg.origin
        {
            self.model
                .directive("version", inline(&[("attr", string(attr))]));
            return Fate::Dynamic(format!(
                "tool.setuptools.dynamic.version = {{ attr = \"{attr}\" }}"
            ));
        }
        if self.args.iter().any(|a| {
            a.keyword == "use_scm_version" && !matches!(a.value, Value::Bool(false) | Value::None)
        }) {
            return Fate::Dropped("use_scm_version computes the version".into());
        }
        match &arg.value {
            Value::Str(t) if !is_pep440(&t.s) => {
                self.model.dynamic("version");
                Fate::Kept(format!(
                    "`{}` is not a PEP 440 version (modern setuptools rejects it anywhere, pyproject.toml's schema too); left for you to fix",
                    t.s
                ))
            }
            Value::Str(t) => {
                if t.origin == Origin::Literal {
                    self.model.project("version", Item::Value(string(&t.s)));
                    return Fate::Converted("project.version".into());
                }
                if let Some(attr) = self.version_attr(t) {
                    self.model
                        .directive("version", inline(&[("attr", string(&attr))]));
                    return Fate::Dynamic(format!(
                        "tool.setuptools.dynamic.version = {{ attr = \"{attr}\" }}"
                    ));
                }
                if let Origin::File(p) = &t.origin
                    && self.ctx.files.read(p).is_some_and(|c| c.trim() == t.s)
                {
                    self.model
                        .directive("version", inline(&[("file", string(p))]));
                    return Fate::Dynamic(format!(
                        "tool.setuptools.dynamic.version = {{ file = \"{p}\" }}"
                    ));
                }
                self.model.project("version", Item::Value(string(&t.s)));
                self.note(arg, format!(
                    "the version {} was read from {} at conversion time: update project.version when it changes",
                    t.s,
                    t.origin.files().join(", ")
                ));
                Fate::Converted("project.version (computed once)".into())
            }
            v @ (Value::Int(_) | Value::Float(_)) => {
                let s = v.to_string();
                self.model.project("version", Item::Value(string(&s)));
                Fate::Converted(format!("project.version = \"{s}\""))
            }
            other => {
                self.model.dynamic("version");
                Fate::Kept(why_opaque(other))
            }
        }
    }

    fn scm_version(&mut self, arg: &Arg) -> Fate {
        let mut table = Table::new();
        match &arg.value {
            Value::Bool(false) | Value::None => {
                return Fate::Dropped("false: no effect".into());
            }
            Value::Bool(true) => {}
            Value::Dict(d) => {
                for e in d.borrow().iter() {
                    if e.key == "relative_to" {
                        continue;
                    }
                    match &e.value {
                        Value::Str(t) => {
                            table.insert(&e.key, Item::Value(string(&t.s)));
                        }
                        Value::Bool(b) => {
                            table.insert(&e.key, Item::Value(TomlValue::from(*b)));
                        }
                        other => {
                            self.model.dynamic("version");
                            return Fate::Kept(format!(
                                "option `{}`: {}",
                                e.key,
                                why_opaque(other)
                            ));
                        }
                    }
                }
            }
            other => {
                self.model.dynamic("version");
                return Fate::Kept(why_opaque(other));
            }
        }
        self.model.dynamic("version");
        self.model.build_requires.push("setuptools-scm>=8".into());
        self.model.floor((64, 0), "setuptools-scm 8");
        self.model
            .tables
            .push((vec!["tool".into(), "setuptools_scm".into()], table));
        Fate::Dynamic("[tool.setuptools_scm], setuptools-scm in build-system.requires".into())
    }

    fn description(&mut self, arg: &Arg) -> Fate {
        match &arg.value {
            Value::Str(t) => {
                let trimmed = t.s.trim();
                if trimmed.is_empty() {
                    return Fate::Dropped("empty".into());
                }
                let line = trimmed.lines().next().unwrap_or("");
                if trimmed.contains('\n') {
                    self.note(arg, "the description has several lines; core metadata keeps only the first, and so does project.description");
                }
                self.model.project("description", Item::Value(string(line)));
                if t.origin != Origin::Literal {
                    self.note(
                        arg,
                        format!(
                            "the description was read from {} at conversion time",
                            t.origin.files().join(", ")
                        ),
                    );
                }
                Fate::Converted("project.description".into())
            }
            Value::None => Fate::Dropped("None".into()),
            other => {
                self.model.dynamic("description");
                Fate::Kept(why_opaque(other))
            }
        }
    }

    fn readme(&mut self) {
        let ld = self.effective("long_description");
        let ct = self.effective("long_description_content_type");
        let ct_value: Option<String> =
            ct.and_then(|i| self.args[i].value.as_str().map(str::to_owned));
        if let Some(i) = ct
            && ct_value.is_none()
        {
            // An unknown content type: both stay.
            let reason = why_opaque(&self.args[i].value);
            self.model.dynamic("readme");
            self.set(i, Fate::Kept(reason.clone()));
            if let Some(j) = ld {
                self.set(
                    j,
                    Fate::Kept(format!(
                        "goes with long_description_content_type ({reason})"
                    )),
                );
            }
            return;
        }
        let Some(i) = ld else {
            if let Some(j) = ct {
                self.set(j, Fate::Dropped("there is no long_description".into()));
            }
            return;
        };
        let arg = &self.args[i];
        let (fate, ct_fate) = match self.readme_fate(arg, ct_value.as_deref()) {
            Ok(detail) => (
                detail.clone(),
                Fate::Converted(format!("content type of {}", fate_target(&detail))),
            ),
            Err(reason) => {
                self.model.dynamic("readme");
                (
                    Fate::Kept(reason),
                    Fate::Kept("goes with long_description".into()),
                )
            }
        };
        self.set(i, fate);
        if let Some(j) = ct {
            self.set(j, ct_fate);
        }
    }

    fn readme_fate(&mut self, arg: &Arg, ct: Option<&str>) -> Result<Fate, String> {
        let t = match &arg.value {
            Value::Str(t) => t.clone(),
            Value::None => return Ok(Fate::Dropped("None".into())),
            other => return Err(why_opaque(other)),
        };
        if t.s.is_empty() {
            return Ok(Fate::Dropped("empty".into()));
        }
        let files = t.origin.files();
        // One file, whole (or with only whitespace at its ends changed).
        if let [path] = files.as_slice()
            && !matches!(t.origin, Origin::Attr { .. })
            && let Some(content) = self.ctx.files.read(path)
            && joined_with_whitespace(&t.s, &[content.as_str()])
        {
            if as_written(&content) != as_written(&t.s) {
                self.note(arg, format!("the long description differs from {path} only in whitespace at its ends (setup.py added or stripped some)"));
            }
            let inferred = inferred_content_type(path);
            let item: TomlValue = match (ct, inferred) {
                (Some(c), Ok(Some(i))) if c == i => string(path),
                (None, Ok(inferred)) => {
                    match inferred {
                        Some("text/x-rst") => self.note(arg, format!("readme = \"{path}\" adds `Description-Content-Type: text/x-rst` (PyPI's default for a description without one)")),
                        Some(other) => self.note(arg, format!("readme = \"{path}\" adds `Description-Content-Type: {other}`: PyPI rendered the description as reStructuredText before and now renders it as {other}")),
                        None => {}
                    }
                    string(path)
                }
                (None, Err(())) => {
                    self.note(arg, format!("{path} has a suffix setuptools cannot infer a content type from: written as text/x-rst, PyPI's default"));
                    TomlValue::InlineTable(inline(&[
                        ("file", string(path)),
                        ("content-type", string("text/x-rst")),
                    ]))
                }
                (Some(c), _) => TomlValue::InlineTable(inline(&[
                    ("file", string(path)),
                    ("content-type", string(c)),
                ])),
            };
            let shown = item.to_string();
            self.model.project("readme", Item::Value(item));
            return Ok(Fate::Converted(format!(
                "project.readme = {}",
                shown.trim()
            )));
        }
        // Several whole files joined by newlines: the `file` directive joins with "\n".
        if files.len() > 1 {
            let contents: Option<Vec<String>> =
                files.iter().map(|f| self.ctx.files.read(f)).collect();
            if let Some(contents) = contents {
                let parts: Vec<&str> = contents.iter().map(String::as_str).collect();
                if joined_with_whitespace(&t.s, &parts) {
                    if as_written(&contents.join("\n")) != as_written(&t.s) {
                        self.note(arg, format!("setuptools joins {} with a single newline; setup.py used other whitespace between them", files.join(" and ")));
                    }
                    let mut pairs = vec![("file", inline_array(&files))];
                    match ct {
                        Some(c) => pairs.push(("content-type", string(c))),
                        None => self.note(arg, "the readme files now get `Description-Content-Type: text/x-rst` (PyPI's default for a description without one)"),
                    }
                    self.model.directive("readme", inline(&pairs));
                    return Ok(Fate::Dynamic(format!(
                        "tool.setuptools.dynamic.readme = {{ file = [{}] }}",
                        files
                            .iter()
                            .map(|f| format!("\"{f}\""))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )));
                }
                return Err(format!(
                    "setup.py builds the long description from {} with text or changes of its own, which setuptools' `file` directive cannot reproduce",
                    files.join(", ")
                ));
            }
        }
        if !files.is_empty() {
            return Err(format!(
                "setup.py transforms the text of {} to build the long description",
                files.join(", ")
            ));
        }
        let item = TomlValue::InlineTable(inline(&[
            ("text", string(&t.s)),
            ("content-type", string(ct.unwrap_or("text/x-rst"))),
        ]));
        if ct.is_none() {
            self.note(arg, "the inline readme text gets `content-type = \"text/x-rst\"` (PyPI's default for a description without one)");
        }
        self.model.project("readme", Item::Value(item));
        Ok(Fate::Converted("project.readme = { text = ... }".into()))
    }

    fn people_group(&mut self, kind: &str, field: &'static str) {
        let name = self.effective(kind);
        let email = self.effective(&format!("{kind}_email"));
        let members: Vec<usize> = name.into_iter().chain(email).collect();
        let text_of = |i: Option<usize>| -> Result<Option<String>, String> {
            match i.map(|i| &self.args[i].value) {
                None | Some(Value::None) => Ok(None),
                Some(Value::Str(t)) => {
                    Ok(Some(t.s.clone()).filter(|s| !s.trim().is_empty() && s.trim() != "UNKNOWN"))
                }
                Some(other) => Err(why_opaque(other)),
            }
        };
        let (n, e) = match (text_of(name), text_of(email)) {
            (Ok(n), Ok(e)) => (n, e),
            (Err(r), _) | (_, Err(r)) => {
                self.model.dynamic(field);
                for m in members {
                    self.set(m, Fate::Kept(r.clone()));
                }
                return;
            }
        };
        let computed: Vec<String> = members
            .iter()
            .filter_map(|&m| self.args[m].value.as_text())
            .flat_map(|t| t.origin.files())
            .collect();
        if !computed.is_empty() {
            let arg = self.args[members[0]].clone();
            self.note(
                &arg,
                format!(
                    "the {field} were read from {} at conversion time",
                    computed.join(", ")
                ),
            );
        }
        let (list, invalid) = people::people(n.as_deref(), e.as_deref());
        if let Some(j) = email {
            for bad in &invalid {
                let arg = self.args[j].clone();
                self.note(
                    &arg,
                    format!(
                        "`{bad}` is not an email address pyproject.toml accepts; it is left out"
                    ),
                );
            }
        }
        if list.is_empty() {
            for m in members {
                self.set(m, Fate::Dropped("empty".into()));
            }
            return;
        }
        let mut array = toml_edit::Array::new();
        for Person { name, email } in &list {
            let mut t = InlineTable::new();
            if let Some(n) = name {
                t.insert("name", string(n));
            }
            if let Some(e) = email {
                t.insert("email", string(e));
            }
            array.push(TomlValue::InlineTable(t));
        }
        if list.len() > 1 {
            for v in array.iter_mut() {
                v.decor_mut().set_prefix("\n    ");
            }
            array.set_trailing_comma(true);
            array.set_trailing("\n");
        }
        self.model
            .project(field, Item::Value(TomlValue::Array(array)));
        for m in members {
            self.set(m, Fate::Converted(format!("project.{field}")));
        }
    }

    fn urls(&mut self) {
        let url = self.effective("url");
        let download = self.effective("download_url");
        let project_urls = self.effective("project_urls");
        let members: Vec<usize> = [url, download, project_urls]
            .into_iter()
            .flatten()
            .collect();
        let mut pairs: Vec<(String, String)> = Vec::new();
        let mut problem: Option<String> = None;
        let mut computed: Vec<String> = Vec::new();
        let mut sources: Vec<String> = Vec::new();
        if let Some(i) = project_urls {
            match &self.args[i].value {
                Value::Dict(d) => {
                    for e in d.borrow().iter() {
                        match &e.value {
                            Value::Str(t) => {
                                if t.origin != Origin::Literal {
                                    computed.push(e.key.clone());
                                    sources.extend(t.origin.files());
                                }
                                pairs.push((e.key.clone(), t.s.clone()));
                            }
                            other => problem = Some(why_opaque(other)),
                        }
                    }
                }
                Value::None => {}
                other => problem = Some(why_opaque(other)),
            }
        }
        for (i, label) in [(url, "Homepage"), (download, "Download")] {
            let Some(i) = i else { continue };
            match &self.args[i].value {
                Value::Str(t) if t.s.trim().is_empty() || t.s == "UNKNOWN" => {}
                Value::Str(t) => {
                    if t.origin != Origin::Literal {
                        computed.push(label.to_owned());
                        sources.extend(t.origin.files());
                    }
                    let taken = |l: &str| {
                        pairs.iter().any(|(k, _)| {
                            k.to_lowercase().replace(['-', '_', ' '], "") == l.to_lowercase()
                        })
                    };
                    if pairs.iter().any(|(_, v)| *v == t.s) && taken(label) {
                        continue;
                    }
                    let label = if taken(label) {
                        format!("{label} (setup.py)")
                    } else {
                        label.to_owned()
                    };
                    pairs.push((label, t.s.clone()));
                }
                Value::None => {}
                other => problem = Some(why_opaque(other)),
            }
        }
        if let Some(reason) = problem {
            self.model.dynamic("urls");
            for m in members {
                self.set(m, Fate::Kept(reason.clone()));
            }
            return;
        }
        if pairs.is_empty() {
            for m in members {
                self.set(m, Fate::Dropped("empty".into()));
            }
            return;
        }
        if !computed.is_empty() {
            let arg = self.args[members[0]].clone();
            sources.sort();
            sources.dedup();
            self.note(
                &arg,
                format!(
                    "the {} URL was read from {} at conversion time: update project.urls when it changes",
                    computed.join(", "),
                    sources.join(", ")
                ),
            );
        }
        self.model
            .project("urls", Item::Table(string_table(&pairs)));
        for m in members {
            let kw = self.args[m].keyword.clone();
            let detail = match kw.as_str() {
                "url" => "project.urls.Homepage",
                "download_url" => "project.urls.Download",
                _ => "project.urls",
            };
            self.set(m, Fate::Converted(detail.into()));
        }
    }

    /// The classifiers that take effect (setup.py's over setup.cfg's), whatever their fate.
    fn classifier_list(&self) -> Vec<String> {
        let found = self
            .args
            .iter()
            .filter(|a| a.keyword == "classifiers")
            .max_by_key(|a| a.is_setup_py());
        found
            .and_then(|a| strings_of(&a.value).ok())
            .unwrap_or_default()
    }

    fn license(&mut self, arg: &Arg) -> Fate {
        let text = match &arg.value {
            Value::Str(t) => t.clone(),
            Value::None => return Fate::Dropped("None".into()),
            other => {
                self.model.dynamic("license");
                return Fate::Kept(why_opaque(other));
            }
        };
        if arg.keyword == "license_expression" {
            self.model.project("license", Item::Value(string(&text.s)));
            self.model.floor((77, 0), "license expressions (PEP 639)");
            self.spdx_license = Some("");
            return Fate::Converted("project.license".into());
        }
        let trimmed = text.s.trim();
        if trimmed.is_empty() || trimmed == "UNKNOWN" {
            return Fate::Dropped("empty".into());
        }
        if self.ctx.spdx
            && !self.license_classifiers_stuck()
            && let Some(id) = license::spdx_for(Some(trimmed), &self.classifier_list())
        {
            self.model.project("license", Item::Value(string(id)));
            self.model.floor((77, 0), "license expressions (PEP 639)");
            self.spdx_license = Some(id);
            return Fate::Converted(format!("project.license = \"{id}\" (SPDX, --spdx)"));
        }
        if let Origin::File(p) = &text.origin
            && self.ctx.files.read(p).as_deref() == Some(text.s.as_str())
        {
            self.model.project(
                "license",
                Item::Value(TomlValue::InlineTable(inline(&[("file", string(p))]))),
            );
            self.license_is_table = true;
            return Fate::Converted(format!("project.license = {{ file = \"{p}\" }}"));
        }
        if self.ctx.spdx {
            let why = if !self.license_classifiers_stuck() {
                format!(
                    "`{trimmed}` and the License classifiers do not map to exactly one SPDX identifier"
                )
            } else {
                "the classifiers stay in setup.py, where their License classifiers would conflict with an SPDX expression".to_owned()
            };
            self.note(arg, format!("--spdx: {why}; the license text is kept"));
        }
        self.model.project(
            "license",
            Item::Value(TomlValue::InlineTable(inline(&[("text", string(&text.s))]))),
        );
        self.license_is_table = true;
        Fate::Converted("project.license = { text = ... }".into())
    }

    fn license_files(&mut self, arg: &Arg) -> Fate {
        let patterns = match strings_of(&arg.value) {
            Ok(p) => p,
            Err(r) => return Fate::Kept(r),
        };
        // Both spellings: the later one wins in setuptools; merge them like it does.
        let expand = |pats: &[String]| -> Vec<String> {
            let mut out: Vec<String> = pats
                .iter()
                .flat_map(|p| crate::glob::glob(self.ctx.files, p, true))
                .filter(|p| self.ctx.files.is_file(p))
                .collect();
            out.sort();
            out.dedup();
            out
        };
        let defaults: Vec<String> = ["LICEN[CS]E*", "COPYING*", "NOTICE*", "AUTHORS*"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        if expand(&patterns) == expand(&defaults) {
            return Fate::Dropped(
                "setuptools' default license patterns find the same files".into(),
            );
        }
        if self.license_is_table {
            self.model
                .setuptools("license-files", Item::Value(array(&patterns)));
            self.note(arg, "tool.setuptools.license-files is deprecated; with --spdx it becomes project.license-files");
            Fate::Converted("tool.setuptools.license-files".into())
        } else {
            self.model
                .project("license-files", Item::Value(array(&patterns)));
            self.model.floor((77, 0), "project.license-files (PEP 639)");
            Fate::Converted("project.license-files".into())
        }
    }

    fn classifiers(&mut self, arg: &Arg) -> Fate {
        let list = match &arg.value {
            Value::Str(t) => {
                self.note(arg, "classifiers given as one string are split into lines");
                t.s.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned)
                    .collect()
            }
            v => match strings_of(v) {
                Ok(l) => l,
                Err(r) => {
                    self.model.dynamic("classifiers");
                    return Fate::Kept(r);
                }
            },
        };
        let unknown: Vec<&String> = list
            .iter()
            .filter(|c| !license::is_known_classifier(c))
            .collect();
        if !unknown.is_empty() {
            // setuptools validates [project] classifiers whenever trove-classifiers is
            // installed in the build environment; from setup.py it never does.
            self.model.dynamic("classifiers");
            return Fate::Kept(format!(
                "{} {} not a trove classifier (trove-classifiers {}): builds that have trove-classifiers installed would reject it in pyproject.toml, and PyPI rejects it on upload",
                unknown
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                if unknown.len() == 1 { "is" } else { "are" },
                classifiers_version()
            ));
        }
        if origin_files(&arg.value).iter().any(|_| true) {
            self.note(
                arg,
                "the classifiers were read from a file at conversion time",
            );
        }
        self.model.project("classifiers", Item::Value(array(&list)));
        Fate::Converted("project.classifiers".into())
    }

    fn keywords(&mut self, arg: &Arg) -> Fate {
        let list: Vec<String> = match &arg.value {
            Value::Str(t) => {
                let s = t.s.trim();
                if s.contains(',') {
                    s.split(',')
                        .map(str::trim)
                        .filter(|k| !k.is_empty())
                        .map(str::to_owned)
                        .collect()
                } else {
                    s.split_whitespace().map(str::to_owned).collect()
                }
            }
            Value::None => Vec::new(),
            v => match strings_of(v) {
                Ok(l) => l,
                Err(r) => {
                    self.model.dynamic("keywords");
                    return Fate::Kept(r);
                }
            },
        };
        if list.is_empty() {
            return Fate::Dropped("empty".into());
        }
        self.model.project("keywords", Item::Value(array(&list)));
        Fate::Converted("project.keywords".into())
    }

    fn string_list_tool(&mut self, arg: &Arg) -> Fate {
        let key = tool_key(&arg.keyword).unwrap();
        let list = match &arg.value {
            Value::None => return Fate::Dropped("None".into()),
            // Distribution.finalize_options splits a platforms string on commas.
            Value::Str(t) if arg.keyword == "platforms" => {
                t.s.split(',').map(|p| p.trim().to_owned()).collect()
            }
            v => match strings_of(v) {
                Ok(l) => l,
                Err(r) => return Fate::Kept(r),
            },
        };
        if list.is_empty() && arg.keyword != "py_modules" {
            return Fate::Dropped("empty".into());
        }
        self.model.setuptools(key, Item::Value(array(&list)));
        Fate::Converted(format!("tool.setuptools.{key}"))
    }

    fn python_requires(&mut self, arg: &Arg) -> Fate {
        match &arg.value {
            Value::Str(t) if !t.s.trim().is_empty() => {
                self.model
                    .project("requires-python", Item::Value(string(t.s.trim())));
                Fate::Converted("project.requires-python".into())
            }
            Value::Str(_) | Value::None => Fate::Dropped("empty".into()),
            other => {
                self.model.dynamic("requires-python");
                Fate::Kept(why_opaque(other))
            }
        }
    }

    /// The requirements of a file-derived list, when setuptools' `file:` directive reads
    /// exactly them from one requirements file.
    fn requirements_file(&self, v: &Value, reqs: &[String]) -> Option<String> {
        let files = origin_files(v);
        let [path] = files.as_slice() else {
            return None;
        };
        let text = self.ctx.files.read(path)?;
        if requirements::has_pip_options(&text) {
            return None;
        }
        let lines: Vec<String> = requirements::file_directive_lines(&text)
            .iter()
            .map(|l| l.trim().to_owned())
            .collect();
        (lines == reqs).then(|| path.clone())
    }

    fn install_requires(&mut self, arg: &Arg) -> Fate {
        let reqs = match requirement_strings(&arg.value) {
            Ok(r) => r,
            Err(reason) => {
                self.model.dynamic("dependencies");
                return Fate::Kept(reason);
            }
        };
        let plain: Vec<String> = reqs.iter().map(|(r, _)| r.clone()).collect();
        if reqs.iter().all(|(_, m)| m.is_none())
            && let Some(path) = self.requirements_file(&arg.value, &plain)
        {
            self.model.directive(
                "dependencies",
                inline(&[("file", inline_array(&[path.as_str()]))]),
            );
            return Fate::Dynamic(format!(
                "tool.setuptools.dynamic.dependencies = {{ file = [\"{path}\"] }}"
            ));
        }
        let files = origin_files(&arg.value);
        if !files.is_empty() {
            self.note(
                arg,
                format!(
                    "the dependencies were read from {} at conversion time",
                    files.join(", ")
                ),
            );
        }
        let mut out = Vec::new();
        for (r, marker) in reqs {
            match marker {
                Some(m) => {
                    let with = requirements::add_marker(&r, &m);
                    self.note(arg, format!("`{r}` was only required when setup.py ran with {m}; it becomes `{with}`"));
                    out.push(with);
                }
                None => out.push(r),
            }
        }
        self.dependencies = Some(out);
        Fate::Converted("project.dependencies".into())
    }

    fn extras_require(&mut self, arg: &Arg) -> Fate {
        let entries = match &arg.value {
            Value::Dict(d) => d.borrow().clone(),
            Value::None => return Fate::Dropped("None".into()),
            other => {
                self.model.dynamic("optional-dependencies");
                return Fate::Kept(why_opaque(other));
            }
        };
        let mut groups: Vec<(String, Vec<String>)> = Vec::new();
        let mut base_extra: Vec<String> = Vec::new();
        for e in &entries {
            let reqs = match requirement_strings(&e.value) {
                Ok(r) => r,
                Err(reason) => {
                    self.model.dynamic("optional-dependencies");
                    return Fate::Kept(format!("extra `{}`: {reason}", e.key));
                }
            };
            let (name, key_marker) = match e.key.split_once(':') {
                Some((n, m)) => (n.trim().to_owned(), Some(m.trim().to_owned())),
                None => (e.key.trim().to_owned(), None),
            };
            let mut list = Vec::new();
            for (r, m) in reqs {
                let mut r = r;
                if let Some(m) = m {
                    r = requirements::add_marker(&r, &m);
                }
                if let Some(k) = &key_marker {
                    r = requirements::add_marker(&r, k);
                }
                list.push(r);
            }
            if name.is_empty() {
                base_extra.extend(list);
                continue;
            }
            match groups.iter_mut().find(|(n, _)| *n == name) {
                Some((_, existing)) => existing.extend(list),
                None => groups.push((name, list)),
            }
        }
        if !base_extra.is_empty() {
            let deps_kept = self.effective_fate_is_kept("install_requires");
            match &mut self.dependencies {
                Some(deps) => deps.extend(base_extra),
                None if deps_kept => {
                    self.model.dynamic("optional-dependencies");
                    return Fate::Kept(
                        "its \":marker\" keys add to install_requires, which stays in setup.py"
                            .into(),
                    );
                }
                None => self.dependencies = Some(base_extra),
            }
        }
        if groups.is_empty() {
            return if entries.is_empty() {
                Fate::Dropped("empty".into())
            } else {
                Fate::Converted("project.dependencies (with markers)".into())
            };
        }
        if !origin_files(&arg.value).is_empty() {
            self.note(
                arg,
                "extra requirements were read from files at conversion time",
            );
        }
        self.model
            .project("optional-dependencies", Item::Table(array_table(&groups)));
        Fate::Converted("project.optional-dependencies".into())
    }

    fn effective_fate_is_kept(&self, keyword: &str) -> bool {
        self.args
            .iter()
            .zip(&self.fates)
            .any(|(a, f)| a.keyword == keyword && f.as_ref().is_some_and(Fate::is_kept))
    }

    fn entry_points(&mut self, arg: &Arg) -> Fate {
        let groups: Result<Groups, String> = match &arg.value {
            Value::Str(t) => entry_points::parse_ini(&t.s),
            Value::Dict(d) => {
                let mut groups: Groups = Vec::new();
                let mut err = None;
                for e in d.borrow().iter() {
                    let lines = match &e.value {
                        Value::Str(t) => Ok(t.s.lines().map(str::to_owned).collect::<Vec<_>>()),
                        v => strings_of(v),
                    };
                    match lines.and_then(|l| entry_points::parse_lines(&l)) {
                        Ok(entries) => groups.push((e.key.clone(), entries)),
                        Err(r) => err = Some(format!("group `{}`: {r}", e.key)),
                    }
                }
                match err {
                    Some(r) => Err(r),
                    None => Ok(groups),
                }
            }
            Value::None => return Fate::Dropped("None".into()),
            other => Err(why_opaque(other)),
        };
        let groups = match groups {
            Ok(g) => g,
            Err(reason) => {
                for f in metadata_fields("entry_points") {
                    self.model.dynamic(f);
                }
                return Fate::Kept(reason);
            }
        };
        let mut written = Vec::new();
        let mut others = Table::new();
        others.set_implicit(true);
        for (group, entries) in groups {
            if entries.is_empty() {
                continue;
            }
            // Later duplicates win, as in configparser.
            let mut unique: Vec<(String, String)> = Vec::new();
            for (n, v) in entries {
                if v.contains('[') {
                    self.note(arg, format!("entry point `{n}` declares extras (`{v}`), which are deprecated in entry points"));
                }
                unique.retain(|(k, _)| *k != n);
                unique.push((n, v));
            }
            let table = string_table(&unique);
            match group.as_str() {
                "console_scripts" => {
                    self.model.project("scripts", Item::Table(table));
                    written.push("project.scripts".to_owned());
                }
                "gui_scripts" => {
                    self.model.project("gui-scripts", Item::Table(table));
                    written.push("project.gui-scripts".to_owned());
                }
                other => {
                    others.insert(other, Item::Table(table));
                    written.push(format!("project.entry-points.\"{other}\""));
                }
            }
        }
        if !others.is_empty() {
            self.model.project("entry-points", Item::Table(others));
        }
        if written.is_empty() {
            return Fate::Dropped("empty".into());
        }
        if !origin_files(&arg.value).is_empty() {
            self.note(
                arg,
                "the entry points were read from a file at conversion time",
            );
        }
        Fate::Converted(written.join(", "))
    }

    fn packages(&mut self, arg: &Arg) -> Fate {
        match &arg.value {
            Value::FindPackages(f) => {
                let mut t = Table::new();
                if f.where_ != "." {
                    t.insert("where", Item::Value(inline_array(&[f.where_.as_str()])));
                }
                if f.include != ["*"] {
                    t.insert("include", Item::Value(inline_array(&f.include)));
                }
                if !f.exclude.is_empty() {
                    t.insert("exclude", Item::Value(inline_array(&f.exclude)));
                }
                if !f.namespaces {
                    t.insert("namespaces", Item::Value(TomlValue::from(false)));
                }
                let mut packages = Table::new();
                packages.set_implicit(true);
                packages.insert("find", Item::Table(t));
                self.model.setuptools("packages", Item::Table(packages));
                let what = if f.namespaces {
                    "find_namespace_packages()"
                } else {
                    "find_packages(), namespaces = false"
                };
                Fate::Converted(format!("[tool.setuptools.packages.find] ({what})"))
            }
            Value::None => Fate::Dropped("None".into()),
            v => match strings_of(v) {
                Ok(list) => {
                    self.model.setuptools("packages", Item::Value(array(&list)));
                    Fate::Converted("tool.setuptools.packages".into())
                }
                Err(r) => Fate::Kept(r),
            },
        }
    }

    fn package_dir(&mut self, arg: &Arg) -> Fate {
        let Some(entries) = arg.value.entries() else {
            return Fate::Kept(why_opaque(&arg.value));
        };
        let mut t = InlineTable::new();
        for e in entries {
            match &e.value {
                Value::Str(d) => {
                    t.insert(&e.key, string(&d.s));
                }
                other => return Fate::Kept(format!("`{}`: {}", e.key, why_opaque(other))),
            }
        }
        if t.is_empty() {
            return Fate::Dropped("empty".into());
        }
        self.model
            .setuptools("package-dir", Item::Value(TomlValue::InlineTable(t)));
        Fate::Converted("tool.setuptools.package-dir".into())
    }

    fn package_data(&mut self, arg: &Arg) -> Fate {
        let key = tool_key(&arg.keyword).unwrap();
        let Some(entries) = arg.value.entries() else {
            return match &arg.value {
                Value::None => Fate::Dropped("None".into()),
                other => Fate::Kept(why_opaque(other)),
            };
        };
        let mut pairs: Vec<(String, Vec<String>)> = Vec::new();
        for e in entries {
            let globs = match strings_of(&e.value) {
                Ok(g) => g,
                Err(r) => return Fate::Kept(format!("`{}`: {r}", e.key)),
            };
            if globs.iter().any(|g| g.contains("**")) {
                self.model
                    .floor((62, 3), "recursive `**` globs in package data");
            }
            let k = if e.key.is_empty() {
                "*".to_owned()
            } else {
                e.key.clone()
            };
            match pairs.iter_mut().find(|(p, _)| *p == k) {
                Some((_, existing)) => existing.extend(globs),
                None => pairs.push((k, globs)),
            }
        }
        if pairs.is_empty() {
            return Fate::Dropped("empty".into());
        }
        let mut t = Table::new();
        for (k, v) in &pairs {
            t.insert(k, Item::Value(inline_array(v)));
        }
        self.model.setuptools(key, Item::Table(t));
        let star = if pairs.iter().any(|(k, _)| k == "*") {
            " (the \"\" key becomes \"*\")"
        } else {
            ""
        };
        Fate::Converted(format!("[tool.setuptools.{key}]{star}"))
    }

    fn include_package_data(&mut self, arg: &Arg) -> Fate {
        let b = match crate::python::interp::truth(&arg.value) {
            crate::python::marker::Cond::Known(b) => b,
            _ => return Fate::Kept(why_opaque(&arg.value)),
        };
        self.model
            .setuptools("include-package-data", Item::Value(TomlValue::from(b)));
        Fate::Converted(format!("tool.setuptools.include-package-data = {b}"))
    }

    fn data_files(&mut self, arg: &Arg) -> Fate {
        let Some(items) = arg.value.items() else {
            return match &arg.value {
                Value::None => Fate::Dropped("None".into()),
                other => Fate::Kept(why_opaque(other)),
            };
        };
        let mut pairs: Vec<(String, Vec<String>)> = Vec::new();
        for i in items {
            let (dir, files) = match &i.value {
                Value::Str(t) => (String::new(), vec![t.s.clone()]),
                Value::Tuple(_) | Value::List(_) => {
                    let parts = i.value.items().unwrap();
                    if parts.len() != 2 {
                        return Fate::Kept(
                            "a data_files entry that is not (directory, files)".into(),
                        );
                    }
                    let Some(dir) = parts[0].value.as_str() else {
                        return Fate::Kept(why_opaque(&parts[0].value));
                    };
                    match strings_of(&parts[1].value) {
                        Ok(f) => (dir.to_owned(), f),
                        Err(r) => return Fate::Kept(r),
                    }
                }
                other => return Fate::Kept(why_opaque(other)),
            };
            let (dir, files, from_glob) = match origin_files(&i.value).as_slice() {
                [] => (dir, files, false),
                // `glob("share/*.conf")`: the data-files table expands the same pattern.
                [pattern]
                    if pattern.contains(['*', '?', '['])
                        && i.value.items().is_some_and(|p| {
                            p.len() == 2 && origin_files(&p[0].value).is_empty()
                        }) =>
                {
                    (dir, vec![pattern.clone()], true)
                }
                [f, ..] => return Fate::Kept(format!("computed at build time (from `{f}`)")),
            };
            if !from_glob && files.iter().any(|f| f.contains(['*', '?', '['])) && arg.is_setup_py()
            {
                return Fate::Kept("a file name that pyproject.toml would read as a glob".into());
            }
            match pairs.iter_mut().find(|(d, _)| *d == dir) {
                Some((_, existing)) => existing.extend(files),
                None => pairs.push((dir, files)),
            }
        }
        if pairs.is_empty() {
            return Fate::Dropped("empty".into());
        }
        let mut t = Table::new();
        for (k, v) in &pairs {
            t.insert(k, Item::Value(array(v)));
        }
        self.model.setuptools("data-files", Item::Table(t));
        self.note(arg, "data_files is discouraged: its files land outside the package (in the wheel's .data directory)");
        Fate::Converted("[tool.setuptools.data-files]".into())
    }

    fn namespace_packages(&mut self, arg: &Arg) -> Fate {
        match strings_of(&arg.value) {
            Ok(list) if list.is_empty() => Fate::Dropped("empty".into()),
            _ => Fate::Kept(
                "pkg_resources-style namespace packages cannot be declared in pyproject.toml (setuptools removed tool.setuptools.namespace-packages); migrate to PEP 420 namespaces to drop it".into(),
            ),
        }
    }

    fn ext_modules(&mut self, arg: &Arg) -> Fate {
        let Some(items) = arg.value.items() else {
            return Fate::Kept(why_opaque(&arg.value));
        };
        if let Some(f) = items.iter().find_map(|i| match &i.value {
            Value::Extension(e) => e.options.iter().flat_map(|(_, v)| origin_files(v)).next(),
            _ => None,
        }) {
            return Fate::Kept(format!(
                "its sources are computed at build time (from `{f}`)"
            ));
        }
        let mut tables = ArrayOfTables::new();
        for i in items {
            if i.marker.is_some() {
                return Fate::Kept("an extension that is only built on some platforms".into());
            }
            let Value::Extension(ext) = &i.value else {
                return Fate::Kept(why_opaque(&i.value));
            };
            match extension_table(ext) {
                Ok(t) => tables.push(t),
                Err(r) => return Fate::Kept(r),
            }
        }
        if tables.is_empty() {
            return Fate::Dropped("empty".into());
        }
        self.model
            .setuptools("ext-modules", Item::ArrayOfTables(tables));
        self.model.floor((74, 1), "[[tool.setuptools.ext-modules]]");
        self.note(
            arg,
            "setuptools documents [[tool.setuptools.ext-modules]] as experimental",
        );
        Fate::Converted("[[tool.setuptools.ext-modules]]".into())
    }

    fn cmdclass(&mut self, arg: &Arg) -> Fate {
        let Some(entries) = arg.value.entries() else {
            return Fate::Kept(why_opaque(&arg.value));
        };
        let mut convert: Vec<(String, String)> = Vec::new();
        let mut dropped: Vec<(String, Vec<Site>)> = Vec::new();
        let mut kept: Vec<(String, String)> = Vec::new();
        for e in &entries {
            let standard = matches!(&e.value, Value::Builtin(q) if q.ends_with(&format!(".{}", e.key)) && (q.starts_with("setuptools.") || q.starts_with("distutils.")));
            if DEV_COMMANDS.contains(&e.key.as_str()) || standard {
                dropped.push((e.key.clone(), e.sites.clone()));
                continue;
            }
            match &e.value {
                Value::Str(q) => convert.push((e.key.clone(), q.s.clone())),
                Value::Class(def) if def.module != 0 => {
                    match module_name(&def.path, &self.package_dir) {
                        Some(m) => convert.push((e.key.clone(), format!("{m}.{}", def.name))),
                        None => kept.push((
                            e.key.clone(),
                            format!("`{}` is defined outside the packages", def.name),
                        )),
                    }
                }
                Value::Class(def) => kept.push((
                    e.key.clone(),
                    format!("`{}` is defined in setup.py", def.name),
                )),
                other => kept.push((e.key.clone(), why_opaque(other))),
            }
        }
        let dropped_names: Vec<String> = dropped.iter().map(|(k, _)| k.clone()).collect();
        let drop_note = if dropped_names.is_empty() {
            String::new()
        } else {
            format!(
                "; dropped {} (development-only or setuptools' own)",
                dropped_names.join(", ")
            )
        };
        if !kept.is_empty() {
            // Whole dict stays; dropped entries go only if each can be deleted on its own.
            let deletable = arg.is_setup_py()
                && dropped
                    .iter()
                    .all(|(_, sites)| !sites.is_empty() && sites.iter().all(|s| s.module == 0));
            let converted_too = !convert.is_empty();
            if deletable && !converted_too {
                for (_, sites) in &dropped {
                    self.extra_deletions.extend(sites.iter().cloned());
                }
                let reasons: Vec<String> = kept.iter().map(|(k, r)| format!("{k}: {r}")).collect();
                return Fate::Kept(format!("{}{drop_note}", reasons.join("; ")));
            }
            let reasons: Vec<String> = kept.iter().map(|(k, r)| format!("{k}: {r}")).collect();
            return Fate::Kept(reasons.join("; "));
        }
        if convert.is_empty() {
            return Fate::Dropped(format!(
                "only {} (development-only or setuptools' own commands)",
                dropped_names.join(", ")
            ));
        }
        let mut t = InlineTable::new();
        for (k, v) in &convert {
            t.insert(k, string(v));
        }
        self.model
            .setuptools("cmdclass", Item::Value(TomlValue::InlineTable(t)));
        Fate::Converted(format!("tool.setuptools.cmdclass{drop_note}"))
    }

    fn setup_requires(&mut self, arg: &Arg) -> Fate {
        let list = match strings_of(&arg.value) {
            Ok(l) => l,
            Err(r) => return Fate::Kept(r),
        };
        let mut added = Vec::new();
        let mut dropped = Vec::new();
        for r in list {
            let name = requirements::canonical_name(requirements::requirement_name(&r));
            if name == "setuptools" {
                if let Some(v) = lower_bound(&r) {
                    self.model.floor(v, "setup_requires");
                }
                continue;
            }
            if TEST_RUNNERS.contains(&name.as_str()) {
                dropped.push(r);
                continue;
            }
            added.push(r);
        }
        self.model.build_requires.extend(added.iter().cloned());
        match (added.is_empty(), dropped.is_empty()) {
            (true, true) => {
                Fate::Dropped("only setuptools, which build-system.requires lists".into())
            }
            (true, false) => Fate::Dropped(format!(
                "only test or packaging tools ({})",
                dropped.join(", ")
            )),
            (false, _) => {
                let mut d = format!("build-system.requires: {}", added.join(", "));
                if !dropped.is_empty() {
                    d.push_str(&format!("; dropped {}", dropped.join(", ")));
                }
                Fate::Converted(d)
            }
        }
    }

    /// Defaults and consequences once every argument is classified.
    fn finish(&mut self) {
        if let Some(deps) = self.dependencies.take() {
            self.model
                .project("dependencies", Item::Value(array(&deps)));
        }
        // The name is required.
        if !self.model.has_project_key("name")
            && !self.ctx.existing.project_static.iter().any(|f| f == "name")
            && self.refusal.is_none()
        {
            self.refusal = Some((
                super::args::SETUP_PY_REWRITE,
                "setup.py",
                "no project name is given, and pyproject.toml requires one".into(),
            ));
        }
        // PEP 639: the expression replaces the license classifiers.
        let classifiers = self.classifier_list();
        let license_given = self
            .args
            .iter()
            .any(|a| matches!(a.keyword.as_str(), "license" | "license_expression"))
            || self
                .ctx
                .existing
                .project_static
                .iter()
                .any(|f| f == "license");
        if self.ctx.spdx
            && self.spdx_license.is_none()
            && !license_given
            && !self.license_classifiers_stuck()
            && let Some(id) = license::spdx_for(None, &classifiers)
        {
            self.model.project("license", Item::Value(string(id)));
            self.model.floor((77, 0), "license expressions (PEP 639)");
            self.spdx_license = Some(id);
        }
        if self.spdx_license.is_some() && self.classifiers_in_pyproject() {
            let remaining: Vec<String> = classifiers
                .iter()
                .filter(|c| !license::is_license_classifier(c))
                .cloned()
                .collect();
            if remaining.len() != classifiers.len() {
                if let Some(i) = self.effective_any("classifiers") {
                    let arg = self.args[i].clone();
                    self.note(&arg, "License :: classifiers are removed: PEP 639 forbids them next to a license expression");
                }
                self.model.project.retain(|(k, _)| k != "classifiers");
                if !remaining.is_empty() {
                    self.model
                        .project("classifiers", Item::Value(array(&remaining)));
                }
            }
        }
        // include_package_data defaults to true under [tool.setuptools]: write setup.py's default.
        let ipd_set = self
            .args
            .iter()
            .any(|a| a.keyword == "include_package_data")
            || self
                .ctx
                .existing
                .tool_setuptools
                .iter()
                .any(|k| k == "include-package-data");
        if !ipd_set {
            self.model
                .setuptools("include-package-data", Item::Value(TomlValue::from(false)));
            self.notes.push((
                super::args::SETUP_PY_REWRITE,
                "pyproject.toml",
                0,
                "include-package-data = false is written explicitly: it is setup.py's default, but under [tool.setuptools] the default is true".into(),
            ));
        }
        // Package discovery must not change: list what setup.py's build found.
        let listed = ["packages", "py_modules"]
            .iter()
            .any(|k| self.args.iter().any(|a| a.keyword == *k))
            || self
                .ctx
                .existing
                .tool_setuptools
                .iter()
                .any(|k| k == "packages" || k == "py-modules");
        if !listed {
            let has_ext = self.args.iter().any(|a| a.keyword == "ext_modules");
            if has_ext {
                self.model
                    .setuptools("packages", Item::Value(inline_array::<&str>(&[])));
            } else {
                match discovery::auto_discover(self.ctx.files, &self.package_dir) {
                    Ok(found) => {
                        let mut what = Vec::new();
                        if !found.packages.is_empty() || found.py_modules.is_empty() {
                            self.model
                                .setuptools("packages", Item::Value(array(&found.packages)));
                            what.push(format!("packages {}", found.packages.join(", ")));
                        }
                        if !found.py_modules.is_empty() {
                            self.model
                                .setuptools("py-modules", Item::Value(array(&found.py_modules)));
                            what.push(format!("modules {}", found.py_modules.join(", ")));
                        }
                        if let Some(src) = found.src_dir
                            && !self.model.has_setuptools_key("package-dir")
                        {
                            let mut t = InlineTable::new();
                            t.insert("", string(&src));
                            self.model
                                .setuptools("package-dir", Item::Value(TomlValue::InlineTable(t)));
                        }
                        self.notes.push((
                            super::args::SETUP_PY_REWRITE,
                            "setup.py",
                            0,
                            format!("no packages or modules were listed; setuptools' automatic discovery finds {}; written explicitly", if what.is_empty() { "nothing".to_owned() } else { what.join(" and ") }),
                        ));
                    }
                    Err(reason) => {
                        if self.refusal.is_none() {
                            self.refusal =
                                Some((super::args::SETUP_PY_REWRITE, "setup.py", reason));
                        }
                    }
                }
            }
        }
    }

    /// Whether the classifiers are written into pyproject.toml (so that License classifiers
    /// can be removed there).
    fn classifiers_in_pyproject(&self) -> bool {
        !self
            .args
            .iter()
            .zip(&self.fates)
            .any(|(a, f)| a.keyword == "classifiers" && !matches!(f, Some(Fate::Converted(_))))
    }

    /// License classifiers (possibly) stay where pyproject.toml cannot remove them.
    fn license_classifiers_stuck(&self) -> bool {
        self.args.iter().zip(&self.fates).any(|(a, f)| {
            a.keyword == "classifiers"
                && !matches!(f, Some(Fate::Converted(_)))
                && strings_of(&a.value).map_or(true, |l| {
                    l.iter().any(|c| license::is_license_classifier(c))
                })
        })
    }

    fn effective_any(&self, keyword: &str) -> Option<usize> {
        self.args.iter().position(|a| a.keyword == keyword)
    }
}

fn fate_target(f: &Fate) -> String {
    match f {
        Fate::Converted(d) | Fate::Dynamic(d) => d.split(" = ").next().unwrap_or(d).to_owned(),
        Fate::Kept(_) | Fate::Dropped(_) => String::new(),
    }
}

fn classifiers_version() -> &'static str {
    include_str!("../../data/classifiers.txt")
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("# trove-classifiers "))
        .unwrap_or("?")
}

/// The names assigned at the top level of an evaluated module, in order.
fn top_level_names(interp: &Interp<'_>, path: &str) -> Vec<String> {
    let Some(m) = interp.modules.iter().find(|m| m.path == path) else {
        return Vec::new();
    };
    let root = m.tree.root_node();
    let mut names = Vec::new();
    let mut c = root.walk();
    for stmt in root.named_children(&mut c) {
        if stmt.kind() == "expression_statement"
            && let Some(a) = stmt.named_child(0).filter(|a| a.kind() == "assignment")
        {
            for left in crate::python::interp::assignment_targets(a).0 {
                if left.kind() != "identifier" {
                    continue;
                }
                let name = m.text[left.byte_range()].to_owned();
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
    }
    names
}

/// Whether setuptools' `attr:` reading `literal` yields `version`.
fn version_matches(literal: &Value, version: &str) -> bool {
    match literal {
        Value::Str(t) => t.s == version,
        Value::Tuple(_) | Value::List(_) => {
            let parts: Option<Vec<String>> = literal
                .items()
                .unwrap()
                .iter()
                .map(|i| strings::to_str(&i.value))
                .collect();
            parts.is_some_and(|p| !p.is_empty() && p.join(".") == version)
        }
        _ => false,
    }
}

/// The lower bound of a `setuptools>=X.Y` requirement.
fn lower_bound(req: &str) -> Option<(u32, u32)> {
    let spec = req.split(">=").nth(1)?;
    let mut parts = spec.trim().split(['.', ',', ';', ' ']);
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next().and_then(|m| m.parse().ok()).unwrap_or(0);
    Some((major, minor))
}

/// One `Extension(...)` as a `[[tool.setuptools.ext-modules]]` table, when fully static.
fn extension_table(ext: &Extension) -> Result<Table, String> {
    let mut t = Table::new();
    let Value::Str(name) = &ext.name else {
        return Err(format!("an extension's name: {}", why_opaque(&ext.name)));
    };
    t.insert("name", Item::Value(string(&name.s)));
    for (k, v) in &ext.options {
        let key = k.replace('_', "-");
        let item = match k.as_str() {
            "sources"
            | "include_dirs"
            | "undef_macros"
            | "library_dirs"
            | "libraries"
            | "runtime_library_dirs"
            | "extra_objects"
            | "extra_compile_args"
            | "extra_link_args"
            | "export_symbols"
            | "swig_opts"
            | "depends" => {
                let list = strings_of(v).map_err(|r| format!("`{k}` of {}: {r}", name.s))?;
                if list.is_empty() {
                    continue;
                }
                inline_array(&list)
            }
            "define_macros" => {
                let items = v
                    .items()
                    .ok_or_else(|| format!("`define_macros` of {}: {}", name.s, why_opaque(v)))?;
                let mut a = toml_edit::Array::new();
                for PyItem { value, .. } in items {
                    let pair = value
                        .items()
                        .filter(|p| p.len() == 2)
                        .ok_or("a macro that is not a (name, value) pair")?;
                    let macro_name = pair[0]
                        .value
                        .as_str()
                        .ok_or("a macro whose name is not known")?;
                    let Value::Str(val) = &pair[1].value else {
                        return Err(format!(
                            "macro {macro_name} has no value (None cannot be written in TOML)"
                        ));
                    };
                    a.push(TomlValue::Array(toml_edit::Array::from_iter([
                        macro_name,
                        val.s.as_str(),
                    ])));
                }
                TomlValue::Array(a)
            }
            "language" => match v {
                Value::Str(s) => string(&s.s),
                Value::None => continue,
                other => return Err(format!("`language`: {}", why_opaque(other))),
            },
            "optional" | "py_limited_api" => match crate::python::interp::truth(v) {
                crate::python::marker::Cond::Known(b) => TomlValue::from(b),
                _ => return Err(format!("`{k}`: {}", why_opaque(v))),
            },
            other => return Err(format!("the `{other}` option of Extension")),
        };
        t.insert(&key, Item::Value(item));
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_and_names() {
        for v in [
            "1.0",
            "2.31.0",
            "1.0.dev0",
            "1.0-beta.2",
            "v1.2",
            "1!2.0",
            "1.0.post1",
            "1.0+local.7",
            "0.20",
        ] {
            assert!(is_pep440(v), "{v}");
        }
        for v in ["0.1.0-SNAPSHOT", "unknown", "1.0.x", ""] {
            assert!(!is_pep440(v), "{v}");
        }
        assert!(is_project_name("zope.interface"));
        assert!(is_project_name("a"));
        assert!(!is_project_name("My Project"));
        assert!(!is_project_name("-x"));
    }

    #[test]
    fn version_literals() {
        assert!(version_matches(&Value::str("1.2"), "1.2"));
        assert!(version_matches(
            &Value::tuple(vec![Value::Int(1), Value::Int(2), Value::str("b1")]),
            "1.2.b1"
        ));
        assert!(!version_matches(&Value::tuple(vec![Value::Int(1)]), "1.0"));
        assert_eq!(lower_bound("setuptools>=40.8.0"), Some((40, 8)));
        assert_eq!(
            inferred_content_type("docs/README.md"),
            Ok(Some("text/markdown"))
        );
        assert_eq!(inferred_content_type("README"), Ok(None));
        assert_eq!(inferred_content_type("README.rest"), Err(()));
    }
}
