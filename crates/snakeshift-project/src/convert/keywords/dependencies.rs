//! Requirements and entry points: `install_requires`, `extras_require` (markers from keys and
//! from conditional code), `entry_points` in every spelling, `setup_requires`.

use super::*;

impl Classifier<'_, '_> {
    /// The requirements of a file-derived list, when setuptools' `file:` directive reads
    /// exactly them from one requirements file.
    pub(super) fn requirements_file(&self, v: &Value, reqs: &[String]) -> Option<String> {
        let files = origin_files(v);
        let [path] = files.as_slice() else {
            return None;
        };
        let text = self.ctx.read_text(path)?;
        if requirements::has_pip_options(&text) {
            return None;
        }
        let lines: Vec<String> = requirements::file_directive_lines(&text)
            .iter()
            .map(|l| l.trim().to_owned())
            .collect();
        (lines == reqs).then(|| path.clone())
    }

    pub(super) fn install_requires(&mut self, arg: &Arg) -> Fate {
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

    pub(super) fn extras_require(&mut self, arg: &Arg) -> Fate {
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

    pub(super) fn effective_fate_is_kept(&self, keyword: &str) -> bool {
        self.args
            .iter()
            .zip(&self.fates)
            .any(|(a, f)| a.keyword == keyword && f.as_ref().is_some_and(Fate::is_kept))
    }

    pub(super) fn entry_points(&mut self, arg: &Arg) -> Fate {
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

    pub(super) fn setup_requires(&mut self, arg: &Arg) -> Fate {
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
}

/// The lower bound of a `setuptools>=X.Y` requirement.
pub(crate) fn lower_bound(req: &str) -> Option<(u32, u32)> {
    let spec = req.split(">=").nth(1)?;
    let mut parts = spec.trim().split(['.', ',', ';', ' ']);
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next().and_then(|m| m.parse().ok()).unwrap_or(0);
    Some((major, minor))
}
