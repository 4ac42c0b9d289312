//! The mapping: every `setup()` keyword (and `setup.cfg` option) to exactly one of static
//! `[project]`/`[tool.setuptools]`, `dynamic` + `[tool.setuptools.dynamic]`, kept where it is
//! (the `setup.py` shim, or `setup.cfg`), or dropped — with the reason, for the report.

mod dependencies;
mod docs_build;
mod licensing;
mod metadata;
mod options;

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
    /// `setup.py` as the evaluator read it (the ranges of its definitions point into it).
    pub setup_py: Option<&'a str>,
    /// A pbr project: pbr keeps setting the packages, data files and
    /// `include_package_data = True` itself.
    pub pbr: bool,
}

impl Context<'_> {
    /// A project file as Python's text mode reads it (what setuptools' `file` directives
    /// and `open(...).read()` in setup.py see): line endings become `\n`.
    pub fn read_text(&self, path: &str) -> Option<String> {
        self.files
            .read(path)
            .map(|t| crate::python::strings::universal_newlines(&t).into_owned())
    }
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

/// The lower bound of a `setuptools>=X.Y` requirement.
pub fn setuptools_lower_bound(req: &str) -> Option<(u32, u32)> {
    dependencies::lower_bound(req)
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
            // setuptools checks namespace_packages against packages while it reads setup.py's
            // arguments, before pyproject.toml: a kept namespace_packages needs packages next
            // to it in the shim.
            "packages"
                if arg.is_setup_py()
                    && self.args.iter().any(|a| {
                        a.keyword == "namespace_packages"
                            && a.is_setup_py()
                            && !strings_of(&a.value).is_ok_and(|l| l.is_empty())
                    }) =>
            {
                Fate::Kept("namespace_packages stays in setup.py, and setuptools checks it against packages before it reads pyproject.toml".into())
            }
            "packages" => self.packages(arg),
            "package_dir" => self.package_dir(arg),
            "package_data" | "exclude_package_data" => self.package_data(arg),
            "include_package_data" => self.include_package_data(arg),
            "data_files" => self.data_files(arg),
            "zip_safe" => self.zip_safe(arg),
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
            "options" => self.command_options(arg),
            "distclass" => self.distclass(arg),
            "ext_package" | "headers" | "libraries" | "script_name" | "script_args"
            | "features" | "cffi_modules" | "rust_extensions" => Fate::Kept(format!(
                "`{keyword}` has no pyproject.toml equivalent"
            )),
            other => Fate::Kept(format!(
                "`{other}` is not a setuptools keyword snakeshift knows (a plugin's?)"
            )),
        };
        self.set(i, fate);
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
        if !ipd_set && !self.ctx.pbr {
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
        if !listed && !self.ctx.pbr {
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

    fn effective_any(&self, keyword: &str) -> Option<usize> {
        self.args.iter().position(|a| a.keyword == keyword)
    }
}

#[cfg(test)]
mod tests {
    use super::dependencies::lower_bound;
    use super::metadata::version_matches;
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
