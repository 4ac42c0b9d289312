//! Where a project declares its dependencies, and adding requirements there without touching
//! anything else in the file.

use super::BackportDependencies;
use crate::kit::project::{Project, line_ending, line_of};
use crate::kit::list_edit::{Position, Separator, apply, insert_in_list, line_start};
use crate::kit::toml_list::{quote_like, string_array};
use snakeshift_engine::version::PyVersion;
use snakeshift_project::convert::requirements::{canonical_name, requirement_name};
use snakeshift_project::ini;
use toml_edit::{DocumentMut, InlineTable, Item, Value};

const ID: &str = BackportDependencies::META.id;

/// One package to depend on.
pub struct Wanted {
    pub package: &'static str,
    /// The release from which the package is needed; `None` for every Python.
    pub marker: Option<PyVersion>,
    /// The restored modules it provides, as shown (`` `imghdr` ``).
    pub modules: Vec<String>,
    /// The files that import them.
    pub files: Vec<String>,
}

impl Wanted {
    /// The PEP 508 requirement, with the marker's version quoted by `quote`.
    fn requirement(&self, quote: char) -> String {
        match self.marker {
            Some(v) => format!("{}; python_version >= {quote}{v}{quote}", self.package),
            None => self.package.to_owned(),
        }
    }

    fn why(&self) -> String {
        let files = match self.files.as_slice() {
            [] => String::new(),
            [one] => format!(" (imported by {one})"),
            [one, rest @ ..] => format!(
                " (imported by {one} and {} more file{})",
                rest.len(),
                if rest.len() == 1 { "" } else { "s" }
            ),
        };
        format!("it restores {}{files}", self.modules.join(" and "))
    }
}

/// Where the project's dependencies are declared.
pub enum Destination {
    /// `[project] dependencies` in pyproject.toml.
    Pyproject,
    /// `[tool.poetry.dependencies]`.
    Poetry,
    /// The requirements file of `dependencies = { file = [...] }`.
    RequirementsFile(String),
    /// `install_requires` in setup.cfg's `[options]`.
    SetupCfg,
    /// Nowhere snakeshift can write: the file to point at and why.
    Manual(String, String),
}

impl Destination {
    pub fn find(project: &Project<'_>) -> Destination {
        if let Some(text) = project.read("pyproject.toml") {
            let Ok(doc) = text.parse::<DocumentMut>() else {
                return Destination::Manual(
                    "pyproject.toml".into(),
                    "pyproject.toml does not parse".into(),
                );
            };
            if let Some(table) = doc.get("project").and_then(Item::as_table) {
                let dynamic = table
                    .get("dynamic")
                    .and_then(Item::as_array)
                    .is_some_and(|a| a.iter().any(|v| v.as_str() == Some("dependencies")));
                if !dynamic {
                    return Destination::Pyproject;
                }
                let file = doc
                    .get("tool")
                    .and_then(|t| t.get("setuptools"))
                    .and_then(|t| t.get("dynamic"))
                    .and_then(|t| t.get("dependencies"))
                    .and_then(|t| t.get("file"));
                let first = file.and_then(|f| {
                    f.as_str().map(str::to_owned).or_else(|| {
                        f.as_array()
                            .and_then(|a| a.get(0))
                            .and_then(|v| v.as_str())
                            .map(str::to_owned)
                    })
                });
                return match first {
                    Some(path) if project.read(&path).is_some() => {
                        Destination::RequirementsFile(path)
                    }
                    _ => Destination::Manual(
                        "pyproject.toml".into(),
                        "`dependencies` is dynamic (computed by setup.py)".into(),
                    ),
                };
            }
            if doc
                .get("tool")
                .and_then(|t| t.get("poetry"))
                .and_then(|t| t.get("dependencies"))
                .is_some_and(Item::is_table_like)
            {
                return Destination::Poetry;
            }
        }
        let setup_py = project.read("setup.py");
        if let Some(text) = project.read("setup.cfg")
            && let Ok(parsed) = ini::parse(&text)
            && (parsed.section("options").is_some() || parsed.section("metadata").is_some())
        {
            if setup_py
                .as_deref()
                .is_some_and(|t| t.contains("install_requires"))
            {
                return Destination::Manual(
                    "setup.py".into(),
                    "setup.py passes `install_requires` to setup() (which overrides setup.cfg's)"
                        .into(),
                );
            }
            return Destination::SetupCfg;
        }
        if setup_py.is_some() {
            return Destination::Manual(
                "setup.py".into(),
                "setup.py was not converted to pyproject.toml: add it to `install_requires`".into(),
            );
        }
        Destination::Manual(
            "pyproject.toml".into(),
            "the project declares no dependencies snakeshift can edit (no `[project]` table)"
                .into(),
        )
    }

    /// Adds the packages the project does not depend on yet.
    pub fn add(self, project: &mut Project<'_>, wanted: &[Wanted]) {
        match self {
            Destination::Pyproject => add_to_pyproject(project, wanted),
            Destination::Poetry => add_to_poetry(project, wanted),
            Destination::RequirementsFile(path) => add_to_requirements(project, &path, wanted),
            Destination::SetupCfg => add_to_setup_cfg(project, wanted),
            Destination::Manual(path, reason) => {
                for w in wanted {
                    project.report(
                        ID,
                        &path,
                        0,
                        format!("`{}` must become a dependency of the project", w.package),
                        format!(
                            "{}; {reason}: add `{}` yourself",
                            w.why(),
                            w.requirement('"')
                        ),
                    );
                }
            }
        }
    }
}

/// Whether one of `existing` (requirement strings) names `package`.
fn present(existing: &[String], package: &str) -> bool {
    let name = canonical_name(package);
    existing
        .iter()
        .any(|r| canonical_name(requirement_name(r.trim())) == name)
}

fn record(project: &mut Project<'_>, path: &str, text: &str, wanted: &[&Wanted], place: &str) {
    for w in wanted {
        let line = text
            .find(&w.requirement('\''))
            .or_else(|| text.find(&w.requirement('"')))
            .or_else(|| text.find(&format!("{} =", w.package)))
            .map_or(0, |at| line_of(text, at));
        project.fixed(
            ID,
            path,
            line,
            format!("`{}` added to {place}: {}", w.package, w.why()),
        );
    }
}

fn add_to_pyproject(project: &mut Project<'_>, wanted: &[Wanted]) {
    let path = "pyproject.toml";
    let Some(text) = project.read(path) else {
        return;
    };
    let array = string_array(&text, &["project", "dependencies"]);
    let existing: Vec<String> = array
        .as_ref()
        .map(|a| a.items.iter().map(|(_, v)| v.clone()).collect())
        .unwrap_or_default();
    let new: Vec<&Wanted> = wanted
        .iter()
        .filter(|w| !present(&existing, w.package))
        .collect();
    if new.is_empty() {
        return;
    }
    let result = match array {
        Some(a) if !a.items.is_empty() => {
            let (last_span, _) = a.items.last().expect("non-empty");
            let like = &text[last_span.clone()];
            let quote = if like.starts_with('\'') { '"' } else { '\'' };
            let values: Vec<String> = new
                .iter()
                .map(|w| quote_like(&w.requirement(quote), like))
                .collect();
            let spans: Vec<_> = a.items.iter().map(|(s, _)| s.clone()).collect();
            apply(
                &text,
                insert_in_list(
                    &text,
                    &spans,
                    Position::After(spans.len() - 1),
                    &values,
                    Separator::Comma,
                ),
            )
        }
        Some(a) if !a.mixed => {
            let values: Vec<String> = new
                .iter()
                .map(|w| quote_like(&w.requirement('\''), "\""))
                .collect();
            let close = a.span.end - 1;
            if text[a.span.clone()].contains('\n') {
                // `[` and `]` on lines of their own: one item per line, before the `]` line.
                let le = line_ending(&text);
                let lines: String = values.iter().map(|v| format!("    {v},{le}")).collect();
                apply(&text, vec![(line_start(&text, close), lines)])
            } else {
                let mut out = text.clone();
                out.replace_range(a.span.clone(), &format!("[{}]", values.join(", ")));
                out
            }
        }
        Some(_) => return,
        None => {
            let Ok(mut doc) = text.parse::<DocumentMut>() else {
                return;
            };
            let Some(table) = doc.get_mut("project").and_then(Item::as_table_mut) else {
                return;
            };
            let mut array = toml_edit::Array::new();
            for w in &new {
                array.push(w.requirement('\''));
            }
            table.insert("dependencies", Item::Value(Value::Array(array)));
            doc.to_string()
        }
    };
    record(project, path, &result, &new, "`[project] dependencies`");
    project.write(path, Some(result));
}

fn add_to_poetry(project: &mut Project<'_>, wanted: &[Wanted]) {
    let path = "pyproject.toml";
    let Some(text) = project.read(path) else {
        return;
    };
    let Ok(mut doc) = text.parse::<DocumentMut>() else {
        return;
    };
    let Some(deps) = doc
        .get_mut("tool")
        .and_then(|t| t.get_mut("poetry"))
        .and_then(|t| t.get_mut("dependencies"))
        .and_then(Item::as_table_like_mut)
    else {
        return;
    };
    let existing: Vec<String> = deps.iter().map(|(k, _)| k.to_owned()).collect();
    let new: Vec<&Wanted> = wanted
        .iter()
        .filter(|w| !present(&existing, w.package))
        .collect();
    if new.is_empty() {
        return;
    }
    for w in &new {
        let value = match w.marker {
            Some(v) => {
                let mut t = InlineTable::new();
                t.insert("version", "*".into());
                t.insert("markers", format!("python_version >= '{v}'").into());
                Value::InlineTable(t)
            }
            None => "*".into(),
        };
        deps.insert(w.package, Item::Value(value));
    }
    let result = doc.to_string();
    record(project, path, &result, &new, "`[tool.poetry.dependencies]`");
    project.write(path, Some(result));
}

fn add_to_requirements(project: &mut Project<'_>, path: &str, wanted: &[Wanted]) {
    let Some(text) = project.read(path) else {
        return;
    };
    let existing: Vec<String> = text
        .lines()
        .map(|l| l.split('#').next().unwrap_or_default().trim().to_owned())
        .filter(|l| !l.is_empty() && !l.starts_with('-'))
        .collect();
    let new: Vec<&Wanted> = wanted
        .iter()
        .filter(|w| !present(&existing, w.package))
        .collect();
    if new.is_empty() {
        return;
    }
    let le = line_ending(&text);
    let mut result = text.clone();
    if !result.is_empty() && !result.ends_with('\n') {
        result.push_str(le);
    }
    for w in &new {
        result.push_str(&w.requirement('"'));
        result.push_str(le);
    }
    record(project, path, &result, &new, &format!("`{path}`"));
    project.write(path, Some(result));
}

fn add_to_setup_cfg(project: &mut Project<'_>, wanted: &[Wanted]) {
    let path = "setup.cfg";
    let Some(text) = project.read(path) else {
        return;
    };
    let Ok(parsed) = ini::parse(&text) else {
        return;
    };
    let le = line_ending(&text);
    let options = parsed.section("options");
    let current = options.and_then(|s| s.get("install_requires"));
    let existing: Vec<String> = current
        .map(|o| {
            o.value
                .lines()
                .map(|l| l.trim().to_owned())
                .filter(|l| !l.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let new: Vec<&Wanted> = wanted
        .iter()
        .filter(|w| !present(&existing, w.package))
        .collect();
    if new.is_empty() {
        return;
    }
    // Continuation lines keep the indentation of the value's last line.
    let indent = current
        .filter(|o| o.value.contains('\n'))
        .map(|o| {
            let last = &text[line_start(&text, o.span.end)..o.span.end];
            last[..last.len() - last.trim_start().len()].to_owned()
        })
        .unwrap_or_else(|| "    ".to_owned());
    let lines: String = new
        .iter()
        .map(|w| format!("{indent}{}{le}", w.requirement('"')))
        .collect();
    let after = |end: usize| -> (usize, &'static str) {
        let rest = &text[end..];
        if rest.starts_with("\r\n") {
            (end + 2, "")
        } else if rest.starts_with('\n') {
            (end + 1, "")
        } else if end == text.len() && !text.is_empty() && !text.ends_with('\n') {
            (end, le)
        } else {
            (end, "")
        }
    };
    let insertion = match (options, current) {
        (_, Some(opt)) if !opt.value.contains('\n') && opt.value.contains(';') => {
            for w in &new {
                project.report(
                    ID,
                    path,
                    opt.line,
                    format!("`{}` must become a dependency of the project", w.package),
                    format!(
                        "{}; `install_requires` is one line of `;`-separated requirements: add `{}` on a line of its own",
                        w.why(),
                        w.requirement('"')
                    ),
                );
            }
            return;
        }
        (_, Some(opt)) => {
            let (at, gap) = after(opt.span.end);
            (at, format!("{gap}{lines}"))
        }
        (Some(section), None) => {
            let end = section.options.last().map_or_else(
                || section_header_end(&text, section.span.start),
                |o| o.span.end,
            );
            let (at, gap) = after(end);
            (at, format!("{gap}install_requires ={le}{lines}"))
        }
        (None, None) => {
            let (at, gap) = after(text.len());
            let blank = if text.is_empty() { "" } else { le };
            (
                at,
                format!("{gap}{blank}[options]{le}install_requires ={le}{lines}"),
            )
        }
    };
    let result = apply(&text, vec![insertion]);
    record(
        project,
        path,
        &result,
        &new,
        "`install_requires` in setup.cfg",
    );
    project.write(path, Some(result));
}

/// The end of the header line of the section starting at `start`.
fn section_header_end(text: &str, start: usize) -> usize {
    text[start..].find('\n').map_or(text.len(), |i| start + i)
}
