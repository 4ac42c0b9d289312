//! What a conversion did with each `setup()` keyword and `setup.cfg` option, and why.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A rewrite's id. Spelled through this alias, the field is not one serde borrows from its
/// input (`&'static str` would tie every stored report to a `'static` buffer): it is read
/// back by [`conversion_id`].
pub type RewriteId = &'static str;

/// Where a keyword went.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    /// Written statically into `[project]` or `[tool.setuptools]`.
    Converted,
    /// Listed in `project.dynamic`, computed by setuptools from `[tool.setuptools.dynamic]`.
    Dynamic,
    /// Left where it was: in the `setup.py` shim (or in `setup.cfg`); metadata fields it
    /// still provides are listed in `project.dynamic`.
    Kept,
    /// Removed: obsolete, without effect, or ignored by setuptools.
    Dropped,
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Outcome::Converted => "converted",
            Outcome::Dynamic => "dynamic",
            Outcome::Kept => "kept",
            Outcome::Dropped => "dropped",
        })
    }
}

/// One keyword's fate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeywordReport {
    /// The rewrite responsible (`setup-py-to-pyproject` or `setup-cfg-to-pyproject`).
    #[serde(deserialize_with = "conversion_id")]
    pub rewrite: RewriteId,
    /// `setup.py` or `setup.cfg` (relative to the project root).
    pub file: String,
    pub line: usize,
    /// The keyword as spelled in the source (`author_email`, `[options] install_requires`).
    pub keyword: String,
    pub outcome: Outcome,
    /// Where it went or why.
    pub detail: String,
}

/// A warning about a behaviour or metadata change, or an assumption made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    #[serde(deserialize_with = "conversion_id")]
    pub rewrite: RewriteId,
    pub file: String,
    /// 0 when not tied to a line.
    pub line: usize,
    pub message: String,
}

/// Why nothing was converted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    #[serde(deserialize_with = "conversion_id")]
    pub rewrite: RewriteId,
    pub file: String,
    pub reason: String,
}

/// The report of one project conversion.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectReport {
    /// One line saying what happened to the files.
    pub summary: String,
    pub keywords: Vec<KeywordReport>,
    pub notes: Vec<Note>,
    pub refusal: Option<Refusal>,
}

impl ProjectReport {
    /// The report as printed on stderr; `root` prefixes the file names.
    pub fn render(&self, root: &str) -> String {
        let path = |file: &str| {
            if root.is_empty() || root == "." {
                file.to_owned()
            } else {
                format!("{}/{file}", root.trim_end_matches('/'))
            }
        };
        let mut out = String::new();
        if let Some(r) = &self.refusal {
            out.push_str(&format!(
                "{}: {}: not converted: {}\n",
                path(&r.file),
                r.rewrite,
                r.reason
            ));
            return out;
        }
        if self.keywords.is_empty() && self.summary.is_empty() {
            return out;
        }
        out.push_str(&format!("{}\n", self.summary));
        let locations: Vec<String> = self
            .keywords
            .iter()
            .map(|k| {
                if k.line > 0 {
                    format!("{}:{}", path(&k.file), k.line)
                } else {
                    path(&k.file)
                }
            })
            .collect();
        let loc_width = locations.iter().map(String::len).max().unwrap_or(0);
        let key_width = self
            .keywords
            .iter()
            .map(|k| k.keyword.len())
            .max()
            .unwrap_or(0);
        for (k, loc) in self.keywords.iter().zip(&locations) {
            out.push_str(&format!(
                "  {loc:loc_width$}  {:key_width$}  {:9}  {}\n",
                k.keyword,
                k.outcome.to_string(),
                k.detail
            ));
        }
        for n in &self.notes {
            let at = if n.line > 0 {
                format!("{}:{}", path(&n.file), n.line)
            } else {
                path(&n.file)
            };
            out.push_str(&format!("  note: {at}: {}\n", n.message));
        }
        out
    }
}

/// A stored conversion id read back as the `&'static str` the reports hold; an id this
/// binary does not know makes the stored report unreadable.
fn conversion_id<'de, D: serde::Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    use super::args::{SETUP_CFG_REWRITE, SETUP_PY_REWRITE};
    let id = String::deserialize(d)?;
    [SETUP_PY_REWRITE, SETUP_CFG_REWRITE]
        .into_iter()
        .find(|known| *known == id)
        .ok_or_else(|| serde::de::Error::custom(format!("unknown conversion `{id}`")))
}
