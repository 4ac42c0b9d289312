use crate::kit::declare::ProjectEdit;
use crate::kit::project::{Project, line_of};
use crate::kit::yaml::{Yaml, parse, workflow_files};
use snakeshift_engine::rewrite::FixSafety;
use std::ops::Range;

rewrite! {
    /// # github-actions-setup-python
    ///
    /// ## What it does
    /// In GitHub Actions workflows, `uses: actions/setup-python@v4` (any major tag below the
    /// current one) becomes `actions/setup-python@v6`, in place: the quoting, comments and the
    /// rest of the file are kept. A step pinned to a full version (`@v4.7.1`) is reported with
    /// the current major instead (choose the release yourself); one pinned to a commit SHA is
    /// left alone.
    ///
    /// ## Why
    /// `actions/setup-python` v6 is the current major (v6.3.0 in June 2026). Older majors run
    /// on Node.js versions GitHub's runners retire, and their cached version lists lag behind
    /// new CPython releases such as 3.14.
    ///
    /// ## Example
    /// ```yaml
    /// - uses: actions/setup-python@v4  # toolchain
    ///   with:
    ///     python-version: ${{ matrix.python-version }}
    /// ```
    /// becomes
    /// ```yaml
    /// - uses: actions/setup-python@v6  # toolchain
    ///   with:
    ///     python-version: ${{ matrix.python-version }}
    /// ```
    ///
    /// ## Fix safety
    /// Safe for the inputs workflows use (`python-version`, `cache`, `architecture`,
    /// `allow-prereleases`): v5 and v6 keep them; v6 needs a runner of version 2.327.1 or
    /// later (every GitHub-hosted runner is).
    GithubActionsSetupPython {
        id: "github-actions-setup-python",
        group: "tooling",
        summary: "GitHub Actions: actions/setup-python@v1..v5 -> @v6 (the current major)",
        fix: FixSafety::Safe,
        readme: ("tooling", "`actions/setup-python@v1`…`@v5` → `@v6` (the current major); full-version pins reported", "safe"),
    }
}

/// The current major release of `actions/setup-python`.
const CURRENT_MAJOR: u32 = 6;
const ACTION: &str = "actions/setup-python@v";

/// A `uses:` value naming an outdated `actions/setup-python`.
enum Outdated {
    /// `@v4`: the digits' span.
    Major(u32, Range<usize>),
    /// `@v4.7.1`: the full tag.
    Pinned(String),
}

fn outdated(text: &str, span: Range<usize>, value: &str) -> Option<Outdated> {
    let version = value.strip_prefix(ACTION)?;
    let digits: String = version.chars().take_while(char::is_ascii_digit).collect();
    let major: u32 = digits.parse().ok()?;
    if major >= CURRENT_MAJOR {
        return None;
    }
    let rest = &version[digits.len()..];
    if rest.is_empty() {
        let raw = &text[span.clone()];
        let at = span.start + raw.find(ACTION)? + ACTION.len();
        Some(Outdated::Major(major, at..at + digits.len()))
    } else if rest.starts_with('.') {
        Some(Outdated::Pinned(version.to_owned()))
    } else {
        None
    }
}

impl ProjectEdit for GithubActionsSetupPython {
    fn edit(&self, project: &mut Project<'_>) {
        for path in workflow_files(project) {
            let Some(text) = project.read(&path) else {
                continue;
            };
            let Some(docs) = parse(&text) else {
                continue;
            };
            let mut majors: Vec<(u32, Range<usize>)> = Vec::new();
            for node in docs.iter().flat_map(Yaml::walk) {
                let Some(Yaml::Scalar(uses)) = node.get("uses") else {
                    continue;
                };
                let Some(span) = uses.span.clone() else {
                    continue;
                };
                match outdated(&text, span.clone(), &uses.value) {
                    Some(Outdated::Major(major, digits)) => majors.push((major, digits)),
                    Some(Outdated::Pinned(version)) => project.report(
                        Self::META.id,
                        &path,
                        line_of(&text, span.start),
                        format!("`actions/setup-python@v{version}` is an outdated release"),
                        format!(
                            "v{CURRENT_MAJOR} is the current major: pin a v{CURRENT_MAJOR} release (or `@v{CURRENT_MAJOR}`)"
                        ),
                    ),
                    None => {}
                }
            }
            if majors.is_empty() {
                continue;
            }
            majors.sort_by_key(|(_, r)| r.start);
            let mut result = String::with_capacity(text.len());
            let mut last = 0;
            for (_, digits) in &majors {
                result.push_str(&text[last..digits.start]);
                result.push_str(&CURRENT_MAJOR.to_string());
                last = digits.end;
            }
            result.push_str(&text[last..]);
            if parse(&result).is_none() {
                continue;
            }
            for (major, digits) in majors {
                project.fixed(
                    Self::META.id,
                    &path,
                    line_of(&text, digits.start),
                    format!("`actions/setup-python@v{major}` becomes `@v{CURRENT_MAJOR}`"),
                );
            }
            project.write(&path, Some(result));
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::harness::project_fixtures::run_all(
            "github_actions_setup_python",
            &["github-actions-setup-python"],
        );
    }
}
