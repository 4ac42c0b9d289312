//! `[tool.setuptools]`: packages (never left to discovery), package dirs and data, data files,
//! scripts, extension modules and commands.

use super::*;

impl Classifier<'_, '_> {
    /// `options={"bdist_wheel": {"universal": True}}` → `[tool.distutils.bdist_wheel]`, which
    /// setuptools reads as the same command options.
    pub(super) fn command_options(&mut self, arg: &Arg) -> Fate {
        let Some(commands) = arg.value.entries() else {
            return Fate::Kept(why_opaque(&arg.value));
        };
        let mut tables: Vec<(String, Table)> = Vec::new();
        for command in &commands {
            let Some(options) = command.value.entries() else {
                return Fate::Kept(format!("`{}`: {}", command.key, why_opaque(&command.value)));
            };
            let mut t = Table::new();
            for o in options {
                let v = match &o.value {
                    Value::Str(s) => string(&s.s),
                    Value::Bool(b) => TomlValue::from(*b),
                    Value::Int(i) => TomlValue::from(*i),
                    other => {
                        return Fate::Kept(format!(
                            "`{}.{}`: {}",
                            command.key,
                            o.key,
                            why_opaque(other)
                        ));
                    }
                };
                t.insert(&o.key, Item::Value(v));
            }
            tables.push((command.key.clone(), t));
        }
        if tables.is_empty() {
            return Fate::Dropped("empty".into());
        }
        let names: Vec<String> = tables
            .iter()
            .map(|(c, _)| format!("[tool.distutils.{c}]"))
            .collect();
        for (command, table) in tables {
            self.model
                .tables
                .push((vec!["tool".into(), "distutils".into(), command], table));
        }
        Fate::Converted(names.join(", "))
    }

    pub(super) fn string_list_tool(&mut self, arg: &Arg) -> Fate {
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

    pub(super) fn packages(&mut self, arg: &Arg) -> Fate {
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

    pub(super) fn package_dir(&mut self, arg: &Arg) -> Fate {
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

    pub(super) fn package_data(&mut self, arg: &Arg) -> Fate {
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

    pub(super) fn include_package_data(&mut self, arg: &Arg) -> Fate {
        let b = match crate::python::interp::truth(&arg.value) {
            crate::python::marker::Cond::Known(b) => b,
            _ => return Fate::Kept(why_opaque(&arg.value)),
        };
        self.model
            .setuptools("include-package-data", Item::Value(TomlValue::from(b)));
        Fate::Converted(format!("tool.setuptools.include-package-data = {b}"))
    }

    /// `zip_safe=True` writes a `zip-safe` flag into the egg-info, which the wheel copies into
    /// its `.dist-info`; `False` writes `not-zip-safe`, which the wheel leaves out.
    pub(super) fn zip_safe(&mut self, arg: &Arg) -> Fate {
        match crate::python::interp::truth(&arg.value) {
            crate::python::marker::Cond::Known(true) => {
                self.model
                    .setuptools("zip-safe", Item::Value(TomlValue::from(true)));
                Fate::Converted(
                    "tool.setuptools.zip-safe = true (setuptools copies the `zip-safe` flag into the wheel's .dist-info)".into(),
                )
            }
            crate::python::marker::Cond::Known(false) => {
                Fate::Dropped("only affects eggs; wheels do not use it".into())
            }
            _ => Fate::Kept(why_opaque(&arg.value)),
        }
    }

    pub(super) fn data_files(&mut self, arg: &Arg) -> Fate {
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

    pub(super) fn namespace_packages(&mut self, arg: &Arg) -> Fate {
        match strings_of(&arg.value) {
            Ok(list) if list.is_empty() && !arg.is_setup_py() => Fate::Dropped("empty".into()),
            Ok(list) if list.is_empty() => Fate::Kept(
                "even empty, it writes a `namespace_packages.txt` into the wheel's .dist-info, and pyproject.toml cannot declare it".into(),
            ),
            _ => Fate::Kept(
                "pkg_resources-style namespace packages cannot be declared in pyproject.toml (setuptools removed tool.setuptools.namespace-packages); migrate to PEP 420 namespaces to drop it".into(),
            ),
        }
    }

    pub(super) fn ext_modules(&mut self, arg: &Arg) -> Fate {
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

    pub(super) fn cmdclass(&mut self, arg: &Arg) -> Fate {
        let Some(entries) = arg.value.entries() else {
            return Fate::Kept(why_opaque(&arg.value));
        };
        let mut convert: Vec<(String, String)> = Vec::new();
        let mut dropped: Vec<(String, Vec<Site>)> = Vec::new();
        let mut kept: Vec<(String, String)> = Vec::new();
        let mut docs_only: Vec<String> = Vec::new();
        for e in &entries {
            if let Value::Builtin(q) = &e.value
                && let Some(helper) = q.rsplit('.').next()
                && crate::python::interp::is_2to3_helper(helper)
            {
                self.note(
                    arg,
                    format!(
                        "cmdclass[\"{}\"] was `{helper}`, a 2to3 helper setuptools removed (58.0); it is dropped and setuptools' own command builds (the sources may still be Python 2 code)",
                        e.key
                    ),
                );
                dropped.push((e.key.clone(), e.sites.clone()));
                continue;
            }
            if docs_build::may_build_docs(&e.key)
                && let Value::Class(def) = &e.value
                && def.module == 0
                && let Some(runs) = self
                    .ctx
                    .setup_py
                    .and_then(|text| docs_build::docs_only_class(text, &def.range))
            {
                self.note(
                    arg,
                    format!(
                        "cmdclass[\"{}\"] was `{}`, which only builds the documentation ({runs}) before setuptools' own `{}`; the documentation never reaches the wheel or its metadata, so it is dropped rather than kept in setup.py: build the documentation with your docs tooling (tox, make, sphinx-build) instead",
                        e.key, def.name, e.key
                    ),
                );
                dropped.push((e.key.clone(), e.sites.clone()));
                docs_only.push(e.key.clone());
                continue;
            }
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
        let kinds = if docs_only.is_empty() {
            "development-only or setuptools' own"
        } else {
            "development-only, documentation-only or setuptools' own"
        };
        let drop_note = if dropped_names.is_empty() {
            String::new()
        } else {
            format!("; dropped {} ({kinds})", dropped_names.join(", "))
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
                "only {} ({kinds} commands)",
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
}

/// One `Extension(...)` as a `[[tool.setuptools.ext-modules]]` table, when fully static.
pub(super) fn extension_table(ext: &Extension) -> Result<Table, String> {
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

impl Classifier<'_, '_> {
    /// A custom `distclass`: it stays in the shim with what it uses, and the literal metadata
    /// moves, since setuptools applies `pyproject.toml` to the distribution after creating it
    /// (`parse_config_files`). Refused when the class is not a setuptools `Distribution`
    /// defined in setup.py, or when it overrides how the distribution reads or holds its
    /// metadata.
    pub(super) fn distclass(&mut self, arg: &Arg) -> Fate {
        let why = "setuptools applies pyproject.toml to the distribution after creating it";
        let (Value::Class(def), Some(text)) = (&arg.value, self.ctx.setup_py) else {
            self.refuse(arg, format!("setup() uses a distclass snakeshift cannot read ({}), whose effect on the metadata is unknown", why_opaque(&arg.value)));
            return Fate::Kept("unknown distclass".into());
        };
        if def.module != 0 || def.range.end > text.len() {
            self.refuse(arg, format!("setup() uses the distclass `{}` from {}, whose effect on the metadata snakeshift does not follow", def.name, def.path));
            return Fate::Kept("distclass from another module".into());
        }
        let body = &text[def.range.clone()];
        let header = body.split(':').next().unwrap_or_default();
        let bases: Vec<&str> = header
            .split_once('(')
            .map(|(_, b)| b.trim_end_matches(')').split(',').map(str::trim).collect())
            .unwrap_or_default();
        let setuptools_base = bases.iter().any(|b| {
            b.starts_with("setuptools.")
                || text.lines().any(|l| {
                    let l = l.trim();
                    (l.starts_with("from setuptools import")
                        || l.starts_with("from setuptools.dist import"))
                        && l.split(['(', ')', ',', ' ']).any(|w| w == *b)
                })
        });
        if !setuptools_base {
            self.refuse(arg, format!("the distclass `{}` does not derive from setuptools' Distribution as imported in setup.py ({}), so pyproject.toml may never be applied to it", def.name, bases.join(", ")));
            return Fate::Kept("not a setuptools Distribution".into());
        }
        if let Some(what) = distclass_touches_configuration(body) {
            self.refuse(arg, format!("the distclass `{}` changes what the distribution is configured with ({what}); setuptools applies pyproject.toml after it, so the moved values would override that", def.name));
            return Fate::Kept("changes the configuration".into());
        }
        Fate::Kept(format!(
            "`{}` is a Distribution subclass defined in setup.py: it stays in the shim, and {why}, so the metadata moves",
            def.name
        ))
    }
}

/// What in a `Distribution` subclass's body changes the configuration the moved keywords
/// would set (setuptools applies `pyproject.toml` after `__init__` and `finalize_options`,
/// so a value the class computes there would be overwritten): its metadata, the `attrs` it is
/// created with (passing them through to the parent is fine), the configuration-reading
/// methods, attribute hooks, or a `self.<keyword>` of `setup()`. `None` when it only adds
/// behaviour (`has_ext_modules`, `is_pure`, its own options and attributes).
fn distclass_touches_configuration(body: &str) -> Option<String> {
    static PASS_THROUGH: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    static SELF_ATTR: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let pass_through = PASS_THROUGH.get_or_init(|| {
        regex::Regex::new(r"__init__\(\s*(self\s*,\s*)?\*{0,2}attrs\s*(=\s*None\s*)?\)")
            .expect("the pattern compiles")
    });
    let rest = pass_through.replace_all(body, "__init__()");
    for hook in [
        "metadata",
        "attrs",
        "parse_config_files",
        "_finalize",
        "__setattr__",
        "__getattr__",
        "setattr(",
    ] {
        if rest.contains(hook) {
            return Some(format!("`{hook}`"));
        }
    }
    let self_attr = SELF_ATTR.get_or_init(|| {
        regex::Regex::new(
            r"self\.([A-Za-z_][A-Za-z0-9_]*)(\s*(\+|-|\|)?=[^=]|\.(append|extend|insert|update|add|remove|pop|clear|setdefault)\()",
        )
            .expect("the pattern compiles")
    });
    for c in self_attr.captures_iter(&rest) {
        let name = &c[1];
        if !super::metadata_fields(name).is_empty() || super::tool_key(name).is_some() {
            return Some(format!("`self.{name}`"));
        }
    }
    None
}
