//! The settings of each file: the nearest configuration file (or `--config PATH`, or none
//! with `--isolated`) under the flags, and the engine that runs its rewrites.

use super::CONFIG_FILES;
use super::file::{ConfigFile, Options, parse_override};
use crate::args::{CommonArgs, OutputFormat};
use crate::select::{Rules, Selected, select, with_backports};
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use snakeshift_engine::fix::Applicability;
use snakeshift_engine::pipeline::Engine;
use snakeshift_engine::rewrite::RewriteOptions;
use snakeshift_engine::version::PyVersion;
use snakeshift_rewrites::AwareDatetime;
use snakeshift_rewrites::ProjectRewrite;
use snakeshift_rewrites::kit::backports::Backports;
use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

const DEFAULT_TARGET: PyVersion = PyVersion::new(3, 14);

/// What one configuration (with the flags over it) says.
pub struct Settings {
    pub target: PyVersion,
    /// `min-version` from the flags or the configuration; else the project decides.
    pub min: Option<PyVersion>,
    pub rules: Rules,
    pub required: Applicability,
    pub options: RewriteOptions,
    pub spdx: bool,
    pub respect_gitignore: bool,
    pub force_exclude: bool,
    pub output_format: Option<OutputFormat>,
    /// `cache-dir`, made absolute.
    pub cache_dir: Option<PathBuf>,
    /// The configuration's `exclude` + `extend-exclude`, relative to its directory.
    exclude: Option<Gitignore>,
    /// `per-file-ignores`: patterns relative to the configuration's directory (the current
    /// directory for the flag), and the rules they switch off.
    per_file_ignores: Vec<(Gitignore, Vec<String>)>,
}

/// The settings of one file: its configuration's, minus its `per-file-ignores`.
#[derive(Clone)]
pub struct FileSettings {
    pub settings: Arc<Settings>,
    pub engine: Arc<Engine>,
}

impl Settings {
    /// Whether the configuration's own exclusions cover `path`.
    pub fn excludes(&self, path: &Path, is_dir: bool) -> bool {
        self.exclude.as_ref().is_some_and(|m| {
            path.strip_prefix(m.path()).is_ok()
                && m.matched_path_or_any_parents(path, is_dir).is_ignore()
        })
    }

    /// Whether `per-file-ignores` may give two files of one directory different rules.
    pub fn tells_files_apart(&self) -> bool {
        !self.per_file_ignores.is_empty()
    }

    /// The rules for one file: the `per-file-ignores` that match it are added to `ignore`.
    /// The rewrites `per-file-ignores` turns off for `file`, by index of their entry.
    fn ignored_for(&self, file: &Path) -> Vec<usize> {
        self.per_file_ignores
            .iter()
            .enumerate()
            .filter(|(_, (matcher, _))| {
                file.strip_prefix(matcher.path()).is_ok()
                    && matcher.matched_path_or_any_parents(file, false).is_ignore()
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// The rules of a file to which the `per-file-ignores` entries `ignored` apply.
    fn rules_with(&self, ignored: &[usize]) -> Rules {
        let mut rules = self.rules.clone();
        for &i in ignored {
            rules
                .ignore
                .extend(self.per_file_ignores[i].1.iter().cloned());
        }
        rules
    }

    /// The project rewrites this configuration selects.
    pub fn projects(&self) -> Result<Vec<&'static dyn ProjectRewrite>, String> {
        Ok(self.selected(&self.rules)?.projects)
    }

    fn selected(&self, rules: &Rules) -> Result<Selected, String> {
        let selected = select(
            &snakeshift_rewrites::all(),
            &snakeshift_rewrites::projects(),
            rules,
            self.target,
        )?;
        Ok(if self.options.get::<Backports>().is_empty() {
            selected
        } else {
            with_backports(selected, &snakeshift_rewrites::projects(), &rules.ignore)
        })
    }
}

type EngineKey = (Vec<&'static str>, Applicability, RewriteOptions);

/// A file's settings (their address: they live as long as the resolver) and the
/// `per-file-ignores` entries that apply to it.
type FileKey = (usize, Vec<usize>);

pub struct Resolver {
    /// The flags and `--config 'key = value'` overrides.
    flags: Options,
    /// `--config PATH`: the one configuration of every file.
    fixed: Option<Option<Arc<ConfigFile>>>,
    isolated: bool,
    /// `--parse-whole-files`: the engines parse every file they look at whole.
    parse_whole_files: bool,
    /// `--activate-on-triggers`: the engines skip their closer look at triggered files.
    activate_on_triggers: bool,
    /// `--confirm-every-pass`: the engines confirm every pass that applied fixes.
    confirm_every_pass: bool,
    jobs: Option<usize>,
    cwd: PathBuf,
    /// Directory → the configuration file that applies in it. The directory memos are keyed
    /// by the path's bytes, which hash and compare much faster than a `Path`'s components:
    /// they are asked for every file of a run.
    dirs: Mutex<HashMap<OsString, Option<Arc<ConfigFile>>>>,
    /// Directory → the settings that apply in it.
    dir_settings: Mutex<HashMap<OsString, Arc<Settings>>>,
    /// Directory → how many directories from it up are packages.
    package_depths: Mutex<HashMap<OsString, usize>>,
    /// Configuration file → its settings.
    settings: Mutex<HashMap<Option<PathBuf>, Arc<Settings>>>,
    engines: Mutex<HashMap<EngineKey, Arc<Engine>>>,
    /// A file's engine by its [`FileKey`]: rewrites are selected once per configuration,
    /// not once per file.
    file_engines: Mutex<HashMap<FileKey, Arc<Engine>>>,
}

impl Resolver {
    /// `unsafe_fixes`: `Some(true)` for `--unsafe`, `Some(false)` for `--no-unsafe`.
    pub fn new(
        args: &CommonArgs,
        unsafe_fixes: Option<bool>,
        spdx: bool,
    ) -> Result<Resolver, String> {
        let version = |flag: &str, v: &Option<String>| {
            v.as_deref()
                .map(|v| v.parse::<PyVersion>().map_err(|e| format!("--{flag}: {e}")))
                .transpose()
        };
        let per_file_ignores = args
            .per_file_ignores
            .iter()
            .map(|spec| {
                let (glob, names) = spec.rsplit_once(':').ok_or_else(|| {
                    format!("--per-file-ignores: expected `GLOB:RULES`, got `{spec}`")
                })?;
                let names: Vec<String> = names.split('+').map(str::to_owned).collect();
                for n in &names {
                    if !crate::select::is_known(n) {
                        return Err(format!(
                            "--per-file-ignores: unknown rewrite or group `{n}` (see `snakeshift list`)"
                        ));
                    }
                }
                Ok((glob.to_owned(), names))
            })
            .collect::<Result<Vec<_>, String>>()?;
        Backports::parse(&args.backports).map_err(|e| format!("--backports: {e}"))?;
        let flags = Options {
            target_version: version("target-version", &args.target_version)?,
            min_version: version("min-version", &args.min_version)?,
            select: args.select.clone(),
            extend_select: args.extend_select.clone(),
            ignore: args.ignore.clone(),
            per_file_ignores,
            unsafe_fixes,
            aware_datetime: args.aware_datetime.then_some(true),
            spdx: spdx.then_some(true),
            exclude: (!args.exclude.is_empty()).then(|| args.exclude.clone()),
            extend_exclude: args.extend_exclude.clone(),
            respect_gitignore: args.no_respect_gitignore.then_some(false),
            force_exclude: args.force_exclude.then_some(true),
            output_format: None,
            cache_dir: None,
            backports: (!args.backports.is_empty()).then(|| args.backports.clone()),
        };
        let mut overrides = Options::default();
        let mut fixed = None;
        for value in &args.config {
            let path = Path::new(value);
            if path.is_file() {
                if args.isolated {
                    return Err(
                        "--isolated ignores configuration files: drop it or --config PATH".into(),
                    );
                }
                if fixed.is_some() {
                    return Err("--config: only one configuration file may be given".into());
                }
                let file = ConfigFile::load(path)?;
                if file.is_none() {
                    return Err(format!(
                        "--config: {} has no [tool.snakeshift] table",
                        path.display()
                    ));
                }
                fixed = Some(file.map(Arc::new));
            } else if value.contains('=') {
                overrides = parse_override(value)?.over(&overrides);
            } else {
                return Err(format!(
                    "--config: `{value}` is neither a file nor a `key = value` setting"
                ));
            }
        }
        let flags = flags.over(&overrides);
        for name in flags
            .select
            .iter()
            .flatten()
            .chain(&flags.extend_select)
            .chain(&flags.ignore)
        {
            if !crate::select::is_known(name) {
                return Err(format!(
                    "unknown rewrite or group `{name}` (see `snakeshift list`)"
                ));
            }
        }
        Ok(Resolver {
            flags,
            fixed,
            isolated: args.isolated,
            parse_whole_files: args.parse_whole_files,
            activate_on_triggers: args.activate_on_triggers,
            confirm_every_pass: args.confirm_every_pass,
            jobs: args.jobs,
            cwd: std::env::current_dir().map_err(|e| format!("current directory: {e}"))?,
            dirs: Mutex::new(HashMap::new()),
            dir_settings: Mutex::new(HashMap::new()),
            package_depths: Mutex::new(HashMap::new()),
            settings: Mutex::new(HashMap::new()),
            engines: Mutex::new(HashMap::new()),
            file_engines: Mutex::new(HashMap::new()),
        })
    }

    /// `--jobs`, when given.
    pub fn jobs(&self) -> Option<usize> {
        self.jobs
    }

    /// The patterns given by flags (and overrides): `exclude` and `extend-exclude`.
    pub fn flag_excludes(&self) -> Vec<String> {
        self.flags
            .exclude
            .iter()
            .flatten()
            .chain(&self.flags.extend_exclude)
            .cloned()
            .collect()
    }

    /// `path` made absolute without `.` components: `per-file-ignores` patterns are matched
    /// against it, and `./pkg/b.py` (what walking `.` finds) must match `pkg/b.py`.
    fn absolute(&self, path: &Path) -> PathBuf {
        if path.is_absolute() {
            path.to_path_buf()
        } else {
            let mut absolute = self.cwd.clone();
            absolute.extend(
                path.components()
                    .filter(|c| !matches!(c, std::path::Component::CurDir)),
            );
            absolute
        }
    }

    /// The settings of the configuration that applies to `path` (a file or directory).
    pub fn settings_for(&self, path: &Path) -> Result<Arc<Settings>, String> {
        let absolute = self.absolute(path);
        if absolute.is_dir() {
            self.settings_for_dir(&absolute)
        } else {
            self.settings_for_dir(absolute.parent().unwrap_or(&absolute))
        }
    }

    /// The settings of the configuration that applies in the directory `dir` (absolute).
    pub fn settings_for_dir(&self, dir: &Path) -> Result<Arc<Settings>, String> {
        if let Some(s) = self
            .dir_settings
            .lock()
            .expect("not poisoned")
            .get(dir.as_os_str())
        {
            return Ok(s.clone());
        }
        let settings = self.settings_of_config(self.config_for_dir(dir)?)?;
        self.dir_settings
            .lock()
            .expect("not poisoned")
            .insert(dir.as_os_str().to_owned(), settings.clone());
        Ok(settings)
    }

    /// The settings of a configuration file (of none: the flags alone), built once.
    fn settings_of_config(&self, config: Option<Arc<ConfigFile>>) -> Result<Arc<Settings>, String> {
        let key = config.as_ref().map(|c| c.path.clone());
        if let Some(s) = self.settings.lock().expect("not poisoned").get(&key) {
            return Ok(s.clone());
        }
        let settings = Arc::new(self.build(config.as_deref())?);
        Ok(self
            .settings
            .lock()
            .expect("not poisoned")
            .entry(key)
            .or_insert(settings)
            .clone())
    }

    /// The settings of the configuration that applies in the current directory: where
    /// `respect-gitignore`, `force-exclude` and `output-format` are read.
    pub fn root_settings(&self) -> Result<Arc<Settings>, String> {
        self.settings_for(&self.cwd.clone())
    }

    /// How many directories above `file`, from its own up, are packages (hold an
    /// `__init__.py` or `__init__.pyi`): the file's module is `a.b.name` with that many
    /// package parts. Known per directory once asked.
    pub fn package_depth(&self, file: &Path) -> usize {
        let absolute = self.absolute(file);
        absolute.parent().map_or(0, |dir| self.packages_from(dir))
    }

    fn packages_from(&self, dir: &Path) -> usize {
        if let Some(&depth) = self
            .package_depths
            .lock()
            .expect("not poisoned")
            .get(dir.as_os_str())
        {
            return depth;
        }
        let is_package = crate::paths::is_file(&dir.join("__init__.py"))
            || crate::paths::is_file(&dir.join("__init__.pyi"));
        let depth = match dir.parent() {
            Some(parent) if is_package => 1 + self.packages_from(parent),
            _ => usize::from(is_package),
        };
        self.package_depths
            .lock()
            .expect("not poisoned")
            .insert(dir.as_os_str().to_owned(), depth);
        depth
    }

    /// The settings and engine of one file.
    pub fn file_settings(&self, file: &Path) -> Result<FileSettings, String> {
        let absolute = self.absolute(file);
        let settings = self.settings_for_dir(absolute.parent().unwrap_or(&absolute))?;
        let ignored = settings.ignored_for(&absolute);
        let memo: FileKey = (Arc::as_ptr(&settings) as usize, ignored);
        if let Some(engine) = self.file_engines.lock().expect("not poisoned").get(&memo) {
            let engine = engine.clone();
            return Ok(FileSettings { settings, engine });
        }
        let selected = settings.selected(&settings.rules_with(&memo.1))?;
        let key: EngineKey = (
            selected.files.iter().map(|r| r.meta().id).collect(),
            settings.required,
            settings.options,
        );
        let cached = self
            .engines
            .lock()
            .expect("not poisoned")
            .get(&key)
            .cloned();
        let engine = match cached {
            Some(e) => e,
            None => {
                let mut engine =
                    Engine::new(selected.files, settings.required)?.with_options(settings.options);
                if self.parse_whole_files {
                    engine = engine.parsing_whole_files();
                }
                if self.activate_on_triggers {
                    engine = engine.activating_on_triggers();
                }
                if self.confirm_every_pass {
                    engine = engine.confirming_every_pass();
                }
                let engine = Arc::new(engine);
                self.engines
                    .lock()
                    .expect("not poisoned")
                    .entry(key)
                    .or_insert(engine)
                    .clone()
            }
        };
        self.file_engines
            .lock()
            .expect("not poisoned")
            .insert(memo, engine.clone());
        Ok(FileSettings { settings, engine })
    }

    /// The nearest configuration file at or above `dir`.
    fn config_for_dir(&self, dir: &Path) -> Result<Option<Arc<ConfigFile>>, String> {
        if self.isolated {
            return Ok(None);
        }
        if let Some(fixed) = &self.fixed {
            return Ok(fixed.clone());
        }
        if let Some(found) = self.dirs.lock().expect("not poisoned").get(dir.as_os_str()) {
            return Ok(found.clone());
        }
        let mut found = None;
        for name in CONFIG_FILES {
            let candidate = dir.join(name);
            if crate::paths::is_file(&candidate)
                && let Some(config) = ConfigFile::load(&candidate)?
            {
                found = Some(Arc::new(config));
                break;
            }
        }
        if found.is_none()
            && let Some(parent) = dir.parent()
        {
            found = self.config_for_dir(parent)?;
        }
        self.dirs
            .lock()
            .expect("not poisoned")
            .insert(dir.as_os_str().to_owned(), found.clone());
        Ok(found)
    }

    fn build(&self, config: Option<&ConfigFile>) -> Result<Settings, String> {
        let empty = Options::default();
        let file = config.map_or(&empty, |c| &c.options);
        let merged = self.flags.over(file);
        let shown = |c: &ConfigFile| crate::display::display_path(&c.path);
        let matcher = |root: &Path, patterns: &[&String]| -> Result<Option<Gitignore>, String> {
            if patterns.is_empty() {
                return Ok(None);
            }
            let mut builder = GitignoreBuilder::new(root);
            for p in patterns {
                builder
                    .add_line(None, p)
                    .map_err(|e| format!("invalid pattern `{p}`: {e}"))?;
            }
            builder.build().map(Some).map_err(|e| e.to_string())
        };
        // The configuration's exclusions apply unless `--exclude` replaced them.
        let exclude = match config {
            Some(c) => {
                let base = if self.flags.exclude.is_some() {
                    None
                } else {
                    c.options.exclude.as_ref()
                };
                let patterns: Vec<&String> = base
                    .into_iter()
                    .flatten()
                    .chain(&c.options.extend_exclude)
                    .collect();
                matcher(&c.dir, &patterns).map_err(|e| format!("{}: {e}", shown(c)))?
            }
            None => None,
        };
        let mut per_file_ignores = Vec::new();
        let sources = config
            .map(|c| (c.dir.as_path(), &c.options.per_file_ignores))
            .into_iter()
            .chain([(self.cwd.as_path(), &self.flags.per_file_ignores)]);
        for (root, list) in sources {
            for (pattern, names) in list {
                if let Some(m) = matcher(root, &[pattern])? {
                    per_file_ignores.push((m, names.clone()));
                }
            }
        }
        Ok(Settings {
            target: merged.target_version.unwrap_or(DEFAULT_TARGET),
            min: merged.min_version,
            rules: Rules {
                select: merged.select,
                extend_select: merged.extend_select,
                ignore: merged.ignore,
            },
            required: if merged.unsafe_fixes == Some(true) {
                Applicability::Unsafe
            } else {
                Applicability::Safe
            },
            options: RewriteOptions::default()
                .with(AwareDatetime(merged.aware_datetime == Some(true)))
                .with(
                    Backports::parse(merged.backports.as_deref().unwrap_or_default())
                        .map_err(|e| format!("backports: {e}"))?,
                ),
            spdx: merged.spdx == Some(true),
            respect_gitignore: merged.respect_gitignore != Some(false),
            force_exclude: merged.force_exclude == Some(true),
            output_format: merged.output_format,
            cache_dir: merged.cache_dir.clone(),
            exclude,
            per_file_ignores,
        })
    }
}
