//! The license (text, file, or an SPDX expression with `--spdx`), license files and the
//! classifiers, which PEP 639 ties together.

use super::*;

impl Classifier<'_, '_> {
    /// The classifiers that take effect (setup.py's over setup.cfg's), whatever their fate.
    pub(super) fn classifier_list(&self) -> Vec<String> {
        let found = self
            .args
            .iter()
            .filter(|a| a.keyword == "classifiers")
            .max_by_key(|a| a.is_setup_py());
        found
            .and_then(|a| strings_of(&a.value).ok())
            .unwrap_or_default()
    }

    pub(super) fn license(&mut self, arg: &Arg) -> Fate {
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
            && self.ctx.read_text(p).as_deref() == Some(text.s.as_str())
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

    pub(super) fn license_files(&mut self, arg: &Arg) -> Fate {
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

    pub(super) fn classifiers(&mut self, arg: &Arg) -> Fate {
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

    /// Whether the classifiers are written into pyproject.toml (so that License classifiers
    /// can be removed there).
    pub(super) fn classifiers_in_pyproject(&self) -> bool {
        !self
            .args
            .iter()
            .zip(&self.fates)
            .any(|(a, f)| a.keyword == "classifiers" && !matches!(f, Some(Fate::Converted(_))))
    }

    /// License classifiers (possibly) stay where pyproject.toml cannot remove them.
    pub(super) fn license_classifiers_stuck(&self) -> bool {
        self.args.iter().zip(&self.fates).any(|(a, f)| {
            a.keyword == "classifiers"
                && !matches!(f, Some(Fate::Converted(_)))
                && strings_of(&a.value).map_or(true, |l| {
                    l.iter().any(|c| license::is_license_classifier(c))
                })
        })
    }
}

pub(super) fn classifiers_version() -> &'static str {
    include_str!("../../../data/classifiers.txt")
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("# trove-classifiers "))
        .unwrap_or("?")
}
