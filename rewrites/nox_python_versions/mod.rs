use crate::kit::declare::ProjectEdit;
use crate::kit::project::{Project, line_of};
use crate::kit::list_edit::{Separator, apply, insert_in_list};
use crate::kit::pyversions::{Entry, dotted, listing, plan};
use snakeshift_engine::parse::{first_syntax_error, parse};
use snakeshift_engine::rewrite::FixSafety;
use snakeshift_engine::semantic::Semantic;
use std::ops::Range;
use tree_sitter::Node;

rewrite! {
    /// # nox-python-versions
    ///
    /// ## What it does
    /// In `noxfile.py`, the Python versions a session runs on gain the target version: the
    /// list or tuple passed as `python=` (or `py=`) to `@nox.session(...)` (however `nox` or
    /// `session` was imported), a module-level constant such a list names
    /// (`PYTHON_VERSIONS = [...]`, edited once however many sessions use it), and
    /// `@nox.parametrize("python", [...])`. As for the other tooling lists, a list without
    /// gaps gets every version up to the target, a list with gaps the target only, next to
    /// the newest version, in the list's own quoting and layout. A single version
    /// (`python="3.12"`), computed lists and lists that reach the target are left alone.
    ///
    /// ## Why
    /// A migration to 3.14 is only tested on 3.14 if the sessions run there.
    ///
    /// ## Example
    /// ```python
    /// @nox.session(python=["3.11", "3.12"])
    /// def tests(session): ...
    /// ```
    /// becomes
    /// ```python
    /// @nox.session(python=["3.11", "3.12", "3.13", "3.14"])
    /// def tests(session): ...
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the noxfile's own behaviour is unchanged apart from the added sessions (which
    /// need the interpreters installed, as every session does).
    NoxPythonVersions {
        id: "nox-python-versions",
        group: "tooling",
        summary: "noxfile.py: session `python=` lists gain the target version",
        fix: FixSafety::Safe,
        readme: ("tooling", r#"`noxfile.py`: `@nox.session(python=[...])` lists (and the module constants they name), `@nox.parametrize("python", [...])` gain the target version"#, "safe"),
    }
}

const PATH: &str = "noxfile.py";

impl ProjectEdit for NoxPythonVersions {
    fn edit(&self, project: &mut Project<'_>) {
        let Some(text) = project.read(PATH) else {
            return;
        };
        let tree = parse(&text);
        if first_syntax_error(&tree).is_some() {
            return;
        }
        let sem = Semantic::build(&tree, &text);
        let mut lists: Vec<Node<'_>> = Vec::new();
        let mut stack = vec![tree.root_node()];
        while let Some(node) = stack.pop() {
            if node.kind() == "call"
                && let Some(list) = versions_argument(node, &sem, &text)
                && !lists.iter().any(|l| l.id() == list.id())
            {
                lists.push(list);
            }
            let mut cursor = node.walk();
            stack.extend(node.named_children(&mut cursor));
        }
        lists.sort_by_key(Node::start_byte);
        let mut insertions = Vec::new();
        let mut changed: Vec<(usize, Vec<u8>)> = Vec::new();
        for list in &lists {
            let items: Vec<Node<'_>> = {
                let mut cursor = list.walk();
                list.named_children(&mut cursor)
                    .filter(|n| n.kind() != "comment")
                    .collect()
            };
            let entries: Vec<Entry> = items
                .iter()
                .map(|n| string_value(*n, &text).map_or(Entry::Other, dotted))
                .collect();
            let Some((at, minors)) = plan(&entries, project.settings.target) else {
                continue;
            };
            let quote = items
                .iter()
                .find_map(|n| {
                    string_value(*n, &text).map(|_| &text[n.start_byte()..n.start_byte() + 1])
                })
                .unwrap_or("\"");
            let values: Vec<String> = minors
                .iter()
                .map(|m| format!("{quote}3.{m}{quote}"))
                .collect();
            let spans: Vec<Range<usize>> = items.iter().map(Node::byte_range).collect();
            insertions.extend(insert_in_list(&text, &spans, at, &values, Separator::Comma));
            changed.push((list.start_byte(), minors));
        }
        if insertions.is_empty() {
            return;
        }
        let result = apply(&text, insertions);
        if first_syntax_error(&parse(&result)).is_some() {
            return;
        }
        for (start, minors) in changed {
            // The list starts where it did: insertions are made inside lists only.
            project.fixed(
                NoxPythonVersions::META.id,
                PATH,
                line_of(&text, start),
                format!(
                    "nox sessions gain Python {}",
                    listing(&minors, |m| format!("\"3.{m}\""))
                ),
            );
        }
        project.write(PATH, Some(result));
    }
}

/// The list of versions a `nox.session(python=...)` or `nox.parametrize("python", ...)` call
/// passes, directly or through a module-level constant.
fn versions_argument<'t>(call: Node<'t>, sem: &Semantic<'t>, text: &'t str) -> Option<Node<'t>> {
    let function = call.child_by_field_name("function")?;
    let name = sem.qualified_name(function)?;
    let args = call.child_by_field_name("arguments")?;
    let mut cursor = args.walk();
    let args: Vec<Node<'t>> = args
        .named_children(&mut cursor)
        .filter(|n| n.kind() != "comment")
        .collect();
    let value = match name.as_str() {
        "nox.session" => args.iter().find_map(|a| {
            let key = a.child_by_field_name("name")?;
            (a.kind() == "keyword_argument" && matches!(&text[key.byte_range()], "python" | "py"))
                .then(|| a.child_by_field_name("value"))
                .flatten()
        })?,
        "nox.parametrize" => {
            let first = args.first()?;
            if !matches!(string_value(*first, text), Some("python" | "py")) {
                return None;
            }
            *args.get(1)?
        }
        _ => return None,
    };
    match value.kind() {
        "list" | "tuple" => Some(value),
        "identifier" => constant(&text[value.byte_range()], call, text),
        _ => None,
    }
}

/// The list or tuple a module-level name is bound to, when it is bound exactly once.
fn constant<'t>(name: &str, any: Node<'t>, text: &str) -> Option<Node<'t>> {
    let mut root = any;
    while let Some(parent) = root.parent() {
        root = parent;
    }
    let mut cursor = root.walk();
    let assigned: Vec<Node<'t>> = root
        .named_children(&mut cursor)
        .filter(|s| s.kind() == "expression_statement")
        .filter_map(|s| s.named_child(0))
        .filter(|a| a.kind() == "assignment")
        .filter(|a| {
            a.child_by_field_name("left")
                .is_some_and(|l| l.kind() == "identifier" && &text[l.byte_range()] == name)
        })
        .collect();
    let [assignment] = assigned.as_slice() else {
        return None;
    };
    assignment
        .child_by_field_name("right")
        .filter(|r| matches!(r.kind(), "list" | "tuple"))
}

/// The value of a plain string literal (no prefix, no interpolation, one part).
fn string_value<'t>(node: Node<'_>, text: &'t str) -> Option<&'t str> {
    if node.kind() != "string" {
        return None;
    }
    let raw = &text[node.byte_range()];
    let quote = raw.chars().next()?;
    if !matches!(quote, '"' | '\'')
        || raw.len() < 2
        || raw.starts_with("\"\"\"")
        || raw.starts_with("'''")
    {
        return None;
    }
    let inner = &raw[1..raw.len() - 1];
    (!inner.contains(['\\', '"', '\''])).then_some(inner)
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::harness::project_fixtures::run_all("nox_python_versions", &["nox-python-versions"]);
    }
}
