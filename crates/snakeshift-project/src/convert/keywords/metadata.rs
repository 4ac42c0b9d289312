//! `[project]` metadata: name, version (static, `attr:`, `file:`, setuptools-scm), description,
//! readme, authors and maintainers, URLs, keywords, requires-python.

use super::*;

impl Classifier<'_, '_> {
    pub(super) fn name(&mut self, arg: &Arg) -> Fate {
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
    pub(super) fn version_attr(&self, text: &Text) -> Option<String> {
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

    pub(super) fn version(&mut self, arg: &Arg) -> Fate {
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
                // The whole text of one file (stripped): setuptools' `file:` reads the same.
                if let [p] = t.origin.files().as_slice()
                    && self.ctx.read_text(p).is_some_and(|c| c.trim() == t.s)
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

    pub(super) fn scm_version(&mut self, arg: &Arg) -> Fate {
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

    pub(super) fn description(&mut self, arg: &Arg) -> Fate {
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

    pub(super) fn readme(&mut self) {
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

    pub(super) fn readme_fate(&mut self, arg: &Arg, ct: Option<&str>) -> Result<Fate, String> {
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
            && let Some(content) = self.ctx.read_text(path)
            && joined_with_whitespace(&t.s, &[content.as_str()])
        {
            if as_written(&content) != as_written(&t.s) {
                self.note(arg, format!("the long description differs from {path} only in whitespace at its ends (setup.py added or stripped some)"));
            } else if !matches!(t.origin, Origin::File(_)) {
                // Not just a read: some code ran over the text and left it as it is today.
                self.note(arg, format!("setup.py computes the long description from {path}; today the result is the file's text, and readme = \"{path}\" will not repeat that computation"));
            }
            let inferred = inferred_content_type(path);
            let item: TomlValue = match (ct, inferred) {
                (Some(c), Ok(Some(i))) if c == i => string(path),
                (None, Ok(Some("text/x-rst"))) => {
                    self.note(arg, format!("readme = \"{path}\" adds `Description-Content-Type: text/x-rst` (PyPI's default for a description without one)"));
                    string(path)
                }
                (None, Ok(Some(other))) => {
                    // setuptools would guess from the suffix and change how PyPI renders it.
                    self.note(arg, format!("no content type was declared, so PyPI rendered the description as reStructuredText; readme = \"{path}\" alone would make setuptools declare {other} from the suffix, so content-type = \"text/x-rst\" is written (change it if {other} is what you meant)"));
                    TomlValue::InlineTable(inline(&[
                        ("file", string(path)),
                        ("content-type", string("text/x-rst")),
                    ]))
                }
                (None, Ok(None)) => string(path),
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
                files.iter().map(|f| self.ctx.read_text(f)).collect();
            if let Some(contents) = contents {
                let parts: Vec<&str> = contents.iter().map(String::as_str).collect();
                // setuptools joins with one newline: other whitespace between the files
                // only keeps the text when it changes no paragraph (a file without a final
                // newline then runs into the next one's first line).
                if joined_with_whitespace(&t.s, &parts)
                    && paragraphs(&contents.join("\n")) != paragraphs(&t.s)
                {
                    return Err(format!(
                        "setup.py joins {} with other whitespace than setuptools' `file` directive (one newline), which would run a paragraph into the next",
                        files.join(" and ")
                    ));
                }
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

    pub(super) fn people_group(&mut self, kind: &str, field: &'static str) {
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
        if !invalid.is_empty() {
            // An obfuscated (`[at]`) or otherwise invalid address cannot be written to
            // pyproject.toml, and leaving it out would change the metadata: the pair stays.
            let shown: Vec<String> = invalid.iter().map(|b| format!("`{b}`")).collect();
            let reason = format!(
                "{} is not an email address pyproject.toml accepts (obfuscated?); the {kind} fields stay in setup.py so the metadata keeps it (write a real address to move them)",
                shown.join(", ")
            );
            self.model.dynamic(field);
            for m in members {
                self.set(m, Fate::Kept(reason.clone()));
            }
            return;
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

    pub(super) fn urls(&mut self) {
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

    pub(super) fn keywords(&mut self, arg: &Arg) -> Fate {
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

    pub(super) fn python_requires(&mut self, arg: &Arg) -> Fate {
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
}

/// The names assigned at the top level of an evaluated module, in order.
pub(super) fn top_level_names(interp: &Interp<'_>, path: &str) -> Vec<String> {
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
pub(super) fn version_matches(literal: &Value, version: &str) -> bool {
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

pub(super) fn fate_target(f: &Fate) -> String {
    match f {
        Fate::Converted(d) | Fate::Dynamic(d) => d.split(" = ").next().unwrap_or(d).to_owned(),
        Fate::Kept(_) | Fate::Dropped(_) => String::new(),
    }
}

/// The text without whitespace at its ends, runs of blank lines collapsed to one and CRLF
/// read as LF: what tells paragraphs apart.
fn paragraphs(text: &str) -> String {
    let mut out = String::new();
    let mut blank = false;
    for line in text.trim().lines() {
        if line.trim().is_empty() {
            blank = true;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { "\n" });
        }
        blank = false;
        out.push_str(line);
    }
    out
}
