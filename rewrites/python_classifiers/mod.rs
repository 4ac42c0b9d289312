use crate::kit::declare::ProjectEdit;
use crate::kit::project::{Project, line_of};
use crate::kit::list_edit::{Separator, apply, insert_in_list};
use crate::kit::pyversions::{Entry, dotted, listing, plan};
use crate::kit::toml_list::{quote_like, string_array};
use snakeshift_engine::rewrite::FixSafety;
use snakeshift_project::ini;
use std::ops::Range;

rewrite! {
    /// # python-classifiers
    ///
    /// ## What it does
    /// Adds `Programming Language :: Python :: 3.14` (the target version) to the trove
    /// classifiers of `pyproject.toml` (`[project] classifiers`) and of `setup.cfg`
    /// (`[metadata] classifiers`) when they enumerate minor versions, next to the newest one
    /// listed. A list without gaps gets every version up to the target (`3.11`, `3.12` gain
    /// `3.13` and `3.14`); a list with gaps gets the target only. Nothing is removed: versions
    /// below the minimum stay (dropping support is a decision, not a migration). Lists that
    /// name no minor version (`Python :: 3 :: Only`) or already reach the target are left
    /// alone, and so is the file's layout, quoting and comments. A project converted from
    /// `setup.py` in the same run gets the classifiers in its new `pyproject.toml`.
    ///
    /// ## Why
    /// Classifiers are how PyPI and tools such as `pyroma` or `check-python-versions` tell
    /// which Pythons a release supports; after migrating, they should say 3.14.
    ///
    /// ## Example
    /// ```toml
    /// classifiers = [
    ///     "Programming Language :: Python :: 3.12",
    ///     "Programming Language :: Python :: 3.13",
    ///     "License :: OSI Approved :: MIT License",
    /// ]
    /// ```
    /// gains `"Programming Language :: Python :: 3.14",` after the 3.13 line.
    ///
    /// ## Fix safety
    /// Safe: metadata only; every classifier written exists in the trove-classifiers list.
    PythonClassifiers {
        id: "python-classifiers",
        group: "tooling",
        summary: "trove classifiers in pyproject.toml / setup.cfg gain `Programming Language :: Python :: 3.14`",
        fix: FixSafety::Safe,
        readme: ("tooling", "`Programming Language :: Python :: 3.14` added to the classifiers of `pyproject.toml` / `setup.cfg` that enumerate minor versions", "safe"),
    }
}

const PREFIX: &str = "Programming Language :: Python :: ";

fn entry(classifier: &str) -> Entry {
    classifier
        .strip_prefix(PREFIX)
        .map_or(Entry::Other, |v| match dotted(v.trim()) {
            Entry::Plain(m) => Entry::Plain(m),
            _ => Entry::Other,
        })
}

fn message(minors: &[u8]) -> String {
    format!(
        "classifiers gain {}",
        listing(minors, |m| format!("`{PREFIX}3.{m}`"))
    )
}

impl ProjectEdit for PythonClassifiers {
    fn edit(&self, project: &mut Project<'_>) {
        pyproject(project);
        setup_cfg(project);
    }
}

fn pyproject(project: &mut Project<'_>) {
    let path = "pyproject.toml";
    let Some(text) = project.read(path) else {
        return;
    };
    let Some(array) = string_array(&text, &["project", "classifiers"]) else {
        return;
    };
    let entries: Vec<Entry> = array.items.iter().map(|(_, v)| entry(v)).collect();
    let Some((at, minors)) = plan(&entries, project.settings.target) else {
        return;
    };
    let spans: Vec<Range<usize>> = array.items.iter().map(|(s, _)| s.clone()).collect();
    let like = &text[spans[0].clone()];
    let values: Vec<String> = minors
        .iter()
        .map(|m| quote_like(&format!("{PREFIX}3.{m}"), like))
        .collect();
    let result = apply(
        &text,
        insert_in_list(&text, &spans, at, &values, Separator::Comma),
    );
    let line = result.find(&values[0]).map_or(0, |i| line_of(&result, i));
    project.fixed(PythonClassifiers::META.id, path, line, message(&minors));
    project.write(path, Some(result));
}

fn setup_cfg(project: &mut Project<'_>) {
    let path = "setup.cfg";
    let Some(text) = project.read(path) else {
        return;
    };
    let Ok(parsed) = ini::parse(&text) else {
        return;
    };
    let Some(option) = parsed
        .section("metadata")
        .and_then(|s| s.get("classifiers"))
    else {
        return;
    };
    // One classifier per line after the key (`file:` references are left alone).
    let mut items: Vec<Range<usize>> = Vec::new();
    let mut offset = option.span.start;
    for (k, line) in text[option.span.clone()].split_inclusive('\n').enumerate() {
        let content = line.trim_end_matches(['\n', '\r']);
        let value = if k == 0 {
            content.split_once(['=', ':']).map_or("", |(_, v)| v)
        } else {
            content
        };
        let trimmed = value.trim();
        if !trimmed.is_empty() && !trimmed.starts_with('#') && !trimmed.starts_with(';') {
            let start =
                offset + content.len() - value.len() + (value.len() - value.trim_start().len());
            items.push(start..start + trimmed.len());
        }
        offset += line.len();
    }
    if items.is_empty() || (items.len() == 1 && text[items[0].clone()].starts_with("file:")) {
        return;
    }
    let entries: Vec<Entry> = items.iter().map(|r| entry(&text[r.clone()])).collect();
    let Some((at, minors)) = plan(&entries, project.settings.target) else {
        return;
    };
    let values: Vec<String> = minors.iter().map(|m| format!("{PREFIX}3.{m}")).collect();
    let result = apply(
        &text,
        insert_in_list(&text, &items, at, &values, Separator::Line),
    );
    let line = result.find(&values[0]).map_or(0, |i| line_of(&result, i));
    project.fixed(PythonClassifiers::META.id, path, line, message(&minors));
    project.write(path, Some(result));
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::harness::project_fixtures::run_all("python_classifiers", &["python-classifiers"]);
    }
}
