//! Replacement text: arguments and expressions written where another expression stood, with
//! the parentheses the new place needs, and the edits of one fix joined.

use crate::kit::moves::{Arg, CallSite};
use snakeshift_engine::fix::Edit;
use tree_sitter::Node;

/// An argument's text, parenthesised unless it is already a primary expression (so that it
/// can be followed by `.attr`, `[i]` or `(…)` without changing meaning).
pub fn as_primary(arg: &Arg<'_>) -> String {
    match arg.value.kind() {
        "identifier"
        | "attribute"
        | "call"
        | "subscript"
        | "string"
        | "concatenated_string"
        | "parenthesized_expression"
        | "list_comprehension"
        | "set_comprehension"
        | "dictionary_comprehension"
        | "generator_expression"
        | "list"
        | "tuple"
        | "dictionary"
        | "set"
        | "true"
        | "false"
        | "none" => arg.text.to_owned(),
        _ => format!("({})", arg.text),
    }
}

/// `text`, an expression of low precedence (a comparison, `not …`, `… if … else …`), written
/// in place of `site`'s call: parenthesised unless the call stands where any expression fits.
pub fn in_context(site: &CallSite<'_, '_>, text: &str) -> String {
    in_place_of(site.call, text)
}

/// `text`, an expression of low precedence (at most a comparison), written in place of
/// `node`: parenthesised unless `node` stands where any such expression fits.
pub fn in_place_of(node: Node<'_>, text: &str) -> String {
    let fits = node.parent().is_some_and(|p| match p.kind() {
        "expression_statement"
        | "parenthesized_expression"
        | "argument_list"
        | "return_statement"
        | "if_statement"
        | "elif_clause"
        | "while_statement"
        | "not_operator"
        | "boolean_operator"
        | "keyword_argument"
        | "list"
        | "set"
        | "tuple"
        | "expression_list"
        | "assert_statement"
        | "lambda"
        | "pair" => true,
        "assignment" | "augmented_assignment" => {
            p.child_by_field_name("right").map(|r| r.id()) == Some(node.id())
        }
        _ => false,
    });
    if fits {
        text.to_owned()
    } else {
        format!("({text})")
    }
}

/// Joins edits of one fix that touch end to start (a deleted line followed by a replaced
/// block), or deletions that overlap, which the engine would otherwise treat as conflicting.
/// Insertions are kept apart.
pub fn coalesce(mut edits: Vec<Edit>) -> Vec<Edit> {
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out: Vec<Edit> = Vec::with_capacity(edits.len());
    for e in edits {
        if let Some(last) = out.last_mut()
            && last.key.is_none()
            && e.key.is_none()
            && !last.range.is_empty()
            && !e.range.is_empty()
        {
            if last.range.end == e.range.start {
                last.content.push_str(&e.content);
                last.range.end = e.range.end;
                continue;
            }
            // Two deletions that overlap (a member and the blank lines around it).
            if last.content.is_empty() && e.content.is_empty() && e.range.start < last.range.end {
                last.range.end = last.range.end.max(e.range.end);
                continue;
            }
        }
        out.push(e);
    }
    out
}

/// `text`, an `and` / `or` expression, written in place of `node`: parenthesised unless `node`
/// stands where a boolean expression needs no parentheses.
pub fn boolean_in_place_of(node: Node<'_>, text: &str) -> String {
    let fits = node.parent().is_some_and(|p| match p.kind() {
        "expression_statement"
        | "parenthesized_expression"
        | "argument_list"
        | "return_statement"
        | "if_statement"
        | "elif_clause"
        | "while_statement"
        | "keyword_argument"
        | "assert_statement"
        | "lambda" => true,
        "assignment" | "augmented_assignment" => {
            p.child_by_field_name("right").map(|r| r.id()) == Some(node.id())
        }
        _ => false,
    });
    if fits {
        text.to_owned()
    } else {
        format!("({text})")
    }
}

/// The call's text without its `keyword=` argument (and the comma that went with it), or
/// `None` when the call has no such argument.
pub fn without_keyword(site: &CallSite<'_, '_>, keyword: &str) -> Option<String> {
    let arg = site.args.iter().find(|a| a.keyword == Some(keyword))?;
    let node = arg.value.parent()?;
    let ctx = site.ctx();
    let call_start = site.call.start_byte();
    // Remove from the end of the previous argument (or the opening parenthesis) to the end
    // of this one, keeping the following text as it is.
    let start = match node.prev_named_sibling() {
        Some(prev) => prev.end_byte(),
        None => {
            let next = node.next_named_sibling();
            let end = next.map_or(node.end_byte(), |n| n.start_byte());
            let mut text = ctx.text_of(site.call).to_owned();
            text.replace_range(node.start_byte() - call_start..end - call_start, "");
            return Some(text);
        }
    };
    let mut text = ctx.text_of(site.call).to_owned();
    text.replace_range(start - call_start..node.end_byte() - call_start, "");
    Some(text)
}
