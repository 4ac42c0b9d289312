use crate::kit::declare::ProjectEdit;
use crate::kit::project::{Project, line_of};
use crate::kit::list_edit::{Position, Separator, apply, insert_in_list, line_start};
use crate::kit::pyversions::{Entry, dotted, listing, plan};
use crate::kit::yaml::{Scalar, Yaml, parse, scalar_like, workflow_files};
use snakeshift_engine::rewrite::FixSafety;
use std::ops::Range;

rewrite! {
    /// # github-actions-matrix
    ///
    /// ## What it does
    /// In GitHub Actions workflows (`.github/workflows/*.yml`), the Python versions of a job's
    /// `strategy.matrix` gain the target version: the list under `python-version` (or
    /// `python`, `python_version`, …) and under any matrix key a step passes to
    /// `actions/setup-python` as `python-version: ${{ matrix.<key> }}`. A list without gaps
    /// gets every version up to the target (`["3.11", "3.12"]` gains `"3.13", "3.14"`), a list
    /// with gaps the target only, next to the newest version, quoted like it (always quoted:
    /// YAML reads a plain `3.10` as the number 3.1). Flow lists
    /// (`[...]`) and block lists (`- "3.12"` lines) keep their layout, comments and line
    /// endings; nothing else in the file is rewritten (the YAML is parsed with spans and edited
    /// byte by byte, then parsed again).
    ///
    /// Left alone: versions given by expressions (`${{ fromJSON(...) }}`), `include:` entries
    /// (combinations, not a list to extend), aliases, lists that already reach the target
    /// (`3.14`, `3.14-dev` or `3.14t`), and PyPy or `3.x` entries.
    ///
    /// ## Why
    /// A migration to Python 3.14 is only tested on 3.14 if CI runs it there.
    ///
    /// ## Example
    /// ```yaml
    /// strategy:
    ///   matrix:
    ///     python-version: ["3.11", "3.12"]  # supported
    /// ```
    /// becomes
    /// ```yaml
    /// strategy:
    ///   matrix:
    ///     python-version: ["3.11", "3.12", "3.13", "3.14"]  # supported
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the workflow runs the same jobs, on more Python versions.
    GithubActionsMatrix {
        id: "github-actions-matrix",
        group: "tooling",
        summary: "GitHub Actions: strategy.matrix python-version lists gain the target version",
        fix: FixSafety::Safe,
        readme: ("tooling", "`.github/workflows/*.yml`: `strategy.matrix` Python version lists (`python-version`, or the key passed to `actions/setup-python`) gain the target version", "safe"),
    }
}

/// Matrix keys that hold Python versions by name.
const PYTHON_KEYS: &[&str] = &[
    "python-version",
    "python-versions",
    "python_version",
    "python_versions",
    "python",
    "py",
];

/// The matrix keys a job passes to a `python-version:` input (`${{ matrix.py }}` → `py`).
fn referenced_keys(job: &Yaml) -> Vec<String> {
    let mut keys = Vec::new();
    for node in job.walk() {
        let Some(value) = node.get("python-version").and_then(Yaml::as_str) else {
            continue;
        };
        let mut rest = value;
        while let Some(i) = rest.find("matrix.") {
            let key: String = rest[i + 7..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            if !key.is_empty() {
                keys.push(key);
            }
            rest = &rest[i + 7..];
        }
    }
    keys
}

struct ListEdit {
    insertions: Vec<(usize, String)>,
    line_at: usize,
    message: String,
}

/// The change to one matrix list, if it needs one.
fn extend(
    text: &str,
    job: &str,
    key: &str,
    list: &Yaml,
    project: &Project<'_>,
) -> Option<ListEdit> {
    let Yaml::Seq(seq) = list else {
        return None;
    };
    let scalars: Vec<&Scalar> = seq
        .items
        .iter()
        .map(|i| match i {
            Yaml::Scalar(s) if s.span.is_some() => Some(s),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let entries: Vec<Entry> = scalars.iter().map(|s| dotted(&s.value)).collect();
    let (at, minors) = plan(&entries, project.settings.target)?;
    let newest = match at {
        Position::After(i) | Position::Before(i) => scalars[i],
    };
    let rendered: Vec<String> = minors
        .iter()
        .map(|m| scalar_like(&format!("3.{m}"), newest))
        .collect();
    let spans: Vec<Range<usize>> = scalars
        .iter()
        .map(|s| s.span.clone().expect("checked"))
        .collect();
    let insertions = if seq.flow {
        insert_in_list(text, &spans, at, &rendered, Separator::Comma)
    } else {
        // `- item` lines: the items start at their dashes.
        let dashed: Vec<Range<usize>> = spans
            .iter()
            .map(|s| {
                let line = line_start(text, s.start);
                let before = &text[line..s.start];
                let dash = before.trim_end();
                (dash.trim_start() == "-").then(|| line + dash.len() - 1..s.end)
            })
            .collect::<Option<_>>()?;
        let values: Vec<String> = rendered.iter().map(|v| format!("- {v}")).collect();
        insert_in_list(text, &dashed, at, &values, Separator::Line)
    };
    let newest_span = newest.span.clone().expect("checked");
    Some(ListEdit {
        insertions,
        line_at: newest_span.start,
        message: format!(
            "`{key}` of job `{job}` gains {}",
            listing(&minors, |m| format!("\"3.{m}\""))
        ),
    })
}

impl ProjectEdit for GithubActionsMatrix {
    fn edit(&self, project: &mut Project<'_>) {
        for path in workflow_files(project) {
            let Some(text) = project.read(&path) else {
                continue;
            };
            let Some(docs) = parse(&text) else {
                continue;
            };
            let mut edits: Vec<ListEdit> = Vec::new();
            for doc in &docs {
                let Some(Yaml::Map(jobs)) = doc.get("jobs") else {
                    continue;
                };
                for (name, job) in jobs {
                    let Some(Yaml::Map(matrix)) = job.get("strategy").and_then(|s| s.get("matrix"))
                    else {
                        continue;
                    };
                    let referenced = referenced_keys(job);
                    for (key, list) in matrix {
                        let Some(key) = key.as_str() else {
                            continue;
                        };
                        if !PYTHON_KEYS.contains(&key) && !referenced.iter().any(|r| r == key) {
                            continue;
                        }
                        let job = name.as_str().unwrap_or("?");
                        if let Some(edit) = extend(&text, job, key, list, project) {
                            edits.push(edit);
                        }
                    }
                }
            }
            if edits.is_empty() {
                continue;
            }
            let insertions = edits.iter().flat_map(|e| e.insertions.clone()).collect();
            let result = apply(&text, insertions);
            if parse(&result).is_none() {
                continue;
            }
            for e in edits {
                project.fixed(Self::META.id, &path, line_of(&text, e.line_at), e.message);
            }
            project.write(&path, Some(result));
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::harness::project_fixtures::run_all("github_actions_matrix", &["github-actions-matrix"]);
    }
}
