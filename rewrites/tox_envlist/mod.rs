mod envlist;

use crate::kit::declare::ProjectEdit;
use crate::kit::project::{Project, line_of};
use crate::kit::list_edit::{Separator, insert_in_list};
use crate::kit::pyversions::{Entry, plan};
use crate::kit::toml_list::{quote_like, string_array};
use envlist::{Factor, Token, tokens};
use snakeshift_engine::rewrite::FixSafety;
use snakeshift_project::ini;
use std::ops::Range;

rewrite! {
    /// # tox-envlist
    ///
    /// ## What it does
    /// The Python environments tox runs by default gain the target version:
    /// - `envlist` / `env_list` of `[tox]` in `tox.ini` (or `[tox:tox]` in `setup.cfg`), on one
    ///   line or one per line, with or without commas: `py311, py312` gains `py313, py314`
    ///   (spelled like the newest one: `py314`, `py3.14` or `3.14`); a generative list
    ///   `py3{11,12}-django` gains `,13,14` inside the braces (`py{311,312}` gains `313`…),
    ///   and a range `py3{10-12}` has its upper bound raised (`py3{10-14}`);
    /// - `env_list` in `tox.toml` and in `[tool.tox]` of `pyproject.toml` (`["3.12", "lint"]`
    ///   gains `"3.13", "3.14"`).
    ///
    /// A list without gaps gets every version up to the target, a list with gaps the target
    /// only; environments that combine a version with other factors outside braces
    /// (`py312-lint`), lists that reach the target, and `legacy_tox_ini` strings are left
    /// alone, as is everything else in the file (comments, layout, line endings).
    ///
    /// ## Why
    /// `tox` without arguments runs the `env_list`: after a migration it should include 3.14.
    ///
    /// ## Example
    /// ```ini
    /// [tox]
    /// envlist = py3{10,11,12}, lint
    /// ```
    /// becomes
    /// ```ini
    /// [tox]
    /// envlist = py3{10,11,12,13,14}, lint
    /// ```
    ///
    /// ## Fix safety
    /// Safe: only the default list of environments changes; each new one runs the same
    /// commands as its neighbours (it needs the interpreter installed).
    ToxEnvlist {
        id: "tox-envlist",
        group: "tooling",
        summary: "tox.ini / tox.toml / [tool.tox] env_list gains the target version",
        fix: FixSafety::Safe,
        readme: ("tooling", "`envlist` / `env_list` of `tox.ini`, `[tox:tox]` in `setup.cfg`, `tox.toml` and `[tool.tox]` gain the target version (plain entries, `py3{11,12}` braces, `py3{10-12}` ranges)", "safe"),
    }
}

const ID: &str = ToxEnvlist::META.id;

impl ProjectEdit for ToxEnvlist {
    fn edit(&self, project: &mut Project<'_>) {
        ini_file(project, "tox.ini", "tox");
        ini_file(project, "setup.cfg", "tox:tox");
        toml_file(project, "tox.toml", &["env_list"]);
        toml_file(project, "pyproject.toml", &["tool", "tox", "env_list"]);
    }
}

/// One change to make: byte-range replacements, where the list is, and what it gains.
struct Change {
    edits: Vec<(Range<usize>, String)>,
    at: usize,
    added: Vec<String>,
}

fn insertions(list: Vec<(usize, String)>) -> Vec<(Range<usize>, String)> {
    list.into_iter().map(|(at, s)| (at..at, s)).collect()
}

fn record(project: &mut Project<'_>, path: &str, text: &str, changes: Vec<Change>) {
    if changes.is_empty() {
        return;
    }
    let mut edits: Vec<(Range<usize>, String)> = changes
        .iter()
        .flat_map(|c| c.edits.iter().cloned())
        .collect();
    edits.sort_by_key(|(r, _)| (r.start, r.end));
    let mut result = String::with_capacity(text.len() + 32);
    let mut last = 0;
    for (range, piece) in edits {
        result.push_str(&text[last..range.start]);
        result.push_str(&piece);
        last = range.end;
    }
    result.push_str(&text[last..]);
    for c in changes {
        project.fixed(
            ID,
            path,
            line_of(text, c.at),
            format!("tox's env_list gains {}", c.added.join(", ")),
        );
    }
    project.write(path, Some(result));
}

fn ini_file(project: &mut Project<'_>, path: &str, section: &str) {
    let Some(text) = project.read(path) else {
        return;
    };
    let Ok(parsed) = ini::parse(&text) else {
        return;
    };
    let Some(option) = parsed
        .section(section)
        .and_then(|s| s.get("envlist").or_else(|| s.get("env_list")))
    else {
        return;
    };
    let key_line = &text[option.span.clone()];
    let Some(delim) = key_line.find(['=', ':']) else {
        return;
    };
    let value = option.span.start + delim + 1..option.span.end;
    let tokens = tokens(&text, value);
    let mut changes = Vec::new();
    // Versions listed as environments of their own.
    let entries: Vec<Entry> = tokens.iter().map(Token::entry).collect();
    if let Some((at, minors)) = plan(&entries, project.settings.target) {
        let newest = tokens
            .iter()
            .zip(&entries)
            .filter(|(_, e)| matches!(e, Entry::Plain(_)))
            .max_by_key(|(_, e)| match e {
                Entry::Plain(m) => *m,
                _ => 0,
            })
            .map(|(t, _)| t)
            .expect("plan found a plain entry");
        let values: Vec<String> = minors.iter().map(|m| newest.render(*m)).collect();
        let spans: Vec<Range<usize>> = tokens.iter().map(|t| t.span.clone()).collect();
        let separator = if spans
            .windows(2)
            .any(|w| text[w[0].end..w[1].start].contains(','))
            || !text[spans[0].start..spans[spans.len() - 1].end].contains('\n')
        {
            Separator::Comma
        } else {
            Separator::Line
        };
        changes.push(Change {
            edits: insertions(insert_in_list(&text, &spans, at, &values, separator)),
            at: newest.span.start,
            added: values,
        });
    }
    // Versions generated from braces: `py3{11,12}`, `py{311,312}`, `py3{10-12}`.
    for token in &tokens {
        for group in &token.groups {
            if let Some(change) = group_change(&text, group, project) {
                changes.push(change);
            }
        }
    }
    record(project, path, &text, changes);
}

fn group_change(text: &str, group: &envlist::Group, project: &Project<'_>) -> Option<Change> {
    let target = project.settings.target;
    if let Some((low, high)) = &group.range {
        let (Factor::Minor(lo), Factor::Minor(hi)) = (group.factor(low), group.factor(high)) else {
            return None;
        };
        if hi >= target.minor || lo > hi {
            return None;
        }
        let new = group.render(target.minor);
        return Some(Change {
            edits: vec![(high.clone(), new.clone())],
            at: group.span.start,
            added: vec![format!("{}{{{}-{new}}}", group.prefix, &text[low.clone()])],
        });
    }
    let entries: Vec<Entry> = group
        .items
        .iter()
        .map(|r| match group.factor(r) {
            Factor::Minor(m) => Entry::Plain(m),
            Factor::Other => Entry::Other,
        })
        .collect();
    let (at, minors) = plan(&entries, target)?;
    let values: Vec<String> = minors.iter().map(|m| group.render(*m)).collect();
    Some(Change {
        edits: insertions(insert_in_list(
            text,
            &group.items,
            at,
            &values,
            Separator::Comma,
        )),
        at: group.span.start,
        added: values
            .iter()
            .map(|v| format!("{}{v}", group.prefix))
            .collect(),
    })
}

fn toml_file(project: &mut Project<'_>, path: &str, key: &[&str]) {
    let Some(text) = project.read(path) else {
        return;
    };
    let Some(array) = string_array(&text, key) else {
        return;
    };
    let tokens: Vec<Token> = array
        .items
        .iter()
        .map(|(span, value)| Token::from_value(value, span.clone()))
        .collect();
    let entries: Vec<Entry> = tokens.iter().map(Token::entry).collect();
    let Some((at, minors)) = plan(&entries, project.settings.target) else {
        return;
    };
    let newest = tokens
        .iter()
        .zip(&entries)
        .filter_map(|(t, e)| match e {
            Entry::Plain(m) => Some((t, *m)),
            _ => None,
        })
        .max_by_key(|(_, m)| *m)
        .map(|(t, _)| t)
        .expect("plan found a plain entry");
    let like = &text[newest.span.clone()];
    let values: Vec<String> = minors
        .iter()
        .map(|m| quote_like(&newest.render(*m), like))
        .collect();
    let spans: Vec<Range<usize>> = tokens.iter().map(|t| t.span.clone()).collect();
    let added = minors
        .iter()
        .map(|m| format!("\"{}\"", newest.render(*m)))
        .collect();
    record(
        project,
        path,
        &text,
        vec![Change {
            edits: insertions(insert_in_list(&text, &spans, at, &values, Separator::Comma)),
            at: newest.span.start,
            added,
        }],
    );
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::harness::project_fixtures::run_all("tox_envlist", &["tox-envlist"]);
    }
}
