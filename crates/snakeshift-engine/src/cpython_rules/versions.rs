//! Syntax that only newer Pythons accept: a result must compile on the minimum supported
//! Python too, not only on the target (every rule here holds on 3.14, the newest target).

use super::{Kind, Sink, named_children};
use crate::version::PyVersion;
use tree_sitter::Node;

/// Flags `node` when its syntax needs a newer Python than `min`.
pub(super) fn newer_syntax(node: Node<'_>, min: PyVersion, sink: &mut Sink<'_>) {
    if let Some((minor, what)) = requirement(node, sink)
        && min < PyVersion::new(3, minor)
    {
        sink.push(
            Kind::NewerSyntax,
            marker(node),
            format!("{what} needs Python 3.{minor}; the minimum supported is {min}"),
        );
    }
}

/// The part of `node` that carries the newer syntax: a violation is matched with the
/// original's by its text, so a fix inside the statement (`type A = List[int]` →
/// `type A = list[int]`, a rewrite in a `match` block or in a generic function's body) must
/// not make the statement look new when the file already used that syntax.
fn marker(node: Node<'_>) -> Node<'_> {
    match node.kind() {
        "type_alias_statement" | "match_statement" | "with_clause" | "except_clause" => {
            node.child(0).unwrap_or(node)
        }
        "function_definition" | "class_definition" => {
            node.child_by_field_name("type_parameters").unwrap_or(node)
        }
        _ => node,
    }
}

/// The Python 3 minor version `node`'s syntax needs, when it is newer than 3.8.
fn requirement(node: Node<'_>, sink: &Sink<'_>) -> Option<(u8, &'static str)> {
    match node.kind() {
        "except_clause" => {
            let text = sink.text(node);
            if text["except".len()..].trim_start().starts_with('*') {
                return Some((11, "`except*`"));
            }
            // `except A, B:` (PEP 758): several values without parentheses or `as`.
            let mut cursor = node.walk();
            let values = node.children_by_field_name("value", &mut cursor).count();
            (values > 1 && !text.contains(" as "))
                .then_some((14, "`except` with unparenthesized exceptions"))
        }
        "with_clause" => {
            let parenthesized = node.child(0).is_some_and(|c| c.kind() == "(");
            let items_with_as = named_children(node).iter().any(|item| {
                item.named_child(0)
                    .is_some_and(|v| v.kind() == "as_pattern")
            });
            (parenthesized && items_with_as).then_some((9, "parenthesized context managers"))
        }
        "match_statement" => Some((10, "`match`")),
        "type_alias_statement" => Some((12, "the `type` statement")),
        "function_definition" | "class_definition" => node
            .child_by_field_name("type_parameters")
            .map(|_| (12, "type parameters")),
        "interpolation" => {
            // PEP 701: in a replacement field, the f-string's own quote, a backslash, a
            // comment or a line break (in a single-quoted f-string).
            let start = node
                .parent()
                .and_then(|s| s.child(0))
                .filter(|s| s.kind() == "string_start")?;
            let quote = sink
                .text(start)
                .trim_start_matches(|c: char| c.is_ascii_alphabetic());
            let code = sink.text(node.child_by_field_name("expression")?);
            let mut cursor = node.walk();
            let comment = node.children(&mut cursor).any(|c| c.kind() == "comment");
            // A single-quoted f-string's field spanning lines is PEP 701 too.
            let spans_lines = quote.len() == 1 && sink.text(node).contains('\n');
            (code.contains(quote)
                || comment
                || spans_lines
                || code.contains('\\')
                || code.contains('#'))
            .then_some((12, "this f-string replacement field (PEP 701)"))
        }
        _ => None,
    }
}
