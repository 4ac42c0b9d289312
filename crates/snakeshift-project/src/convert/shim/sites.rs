//! Removing arguments, dict entries and statements from `setup.py`, commas and lines included.

use snakeshift_engine::apply::splice;
use snakeshift_engine::edits::{
    delete_statement, is_alone_on_lines, line_end, line_start, next_line_start,
};
use snakeshift_engine::fix::Edit;
use snakeshift_engine::parse::{first_syntax_error, parse};
use std::ops::Range;
use tree_sitter::Node;

/// The edit removing one element of a comma-separated list (an argument, a dict entry).
fn delete_element(text: &str, node: Node<'_>) -> Vec<Edit> {
    let next = node.next_sibling();
    let prev = node.prev_sibling();
    let alone = is_alone_on_lines(text, node)
        || next.is_some_and(|n| {
            n.kind() == "," && is_alone_on_lines_span(text, node.start_byte(), n.end_byte())
        });
    if let Some(comma) = next.filter(|n| n.kind() == ",") {
        if alone {
            let start = line_start(text, node.start_byte());
            return vec![Edit::delete(start..next_line_start(text, comma.end_byte()))];
        }
        // Up to the next element on the same line.
        let after = &text[comma.end_byte()..line_end(text, comma.end_byte())];
        let spaces = after.len() - after.trim_start_matches([' ', '\t']).len();
        return vec![Edit::delete(node.start_byte()..comma.end_byte() + spaces)];
    }
    // The last element: the comma before it goes.
    let mut edits = Vec::new();
    if alone {
        let start = line_start(text, node.start_byte());
        edits.push(Edit::delete(start..next_line_start(text, node.end_byte())));
        if let Some(comma) = prev.filter(|p| p.kind() == ",") {
            edits.push(Edit::delete(comma.byte_range()));
        }
    } else if let Some(comma) = prev.filter(|p| p.kind() == ",") {
        edits.push(Edit::delete(comma.start_byte()..node.end_byte()));
    } else {
        edits.push(Edit::delete(node.byte_range()));
    }
    edits
}

fn is_alone_on_lines_span(text: &str, start: usize, end: usize) -> bool {
    let before = &text[line_start(text, start)..start];
    let after = &text[end..line_end(text, end)];
    let after = after.trim_start_matches([' ', '\t']);
    before.trim().is_empty() && (after.is_empty() || after.starts_with('#'))
}

/// Deletes the code at `ranges` (arguments, dict entries, statements). `Err` names a range
/// that is not something snakeshift can remove.
pub(super) fn delete_sites(
    text: &str,
    ranges: &[Range<usize>],
) -> Result<(String, Vec<Edit>), String> {
    let tree = parse(text);
    let root = tree.root_node();
    let mut ranges: Vec<Range<usize>> = ranges.to_vec();
    ranges.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    ranges.dedup();
    // Nothing inside a range that is deleted anyway.
    let mut outer: Vec<Range<usize>> = Vec::new();
    for r in ranges {
        if outer
            .last()
            .is_some_and(|o| o.start <= r.start && r.end <= o.end)
        {
            continue;
        }
        outer.push(r);
    }
    let mut edits: Vec<Edit> = Vec::new();
    for r in &outer {
        let node = crate::convert::setup_py::node_at(root, r).ok_or_else(|| {
            format!(
                "cannot find the code at bytes {}..{} of setup.py",
                r.start, r.end
            )
        })?;
        match (node.kind(), node.parent().map(|p| p.kind())) {
            ("keyword_argument" | "dictionary_splat" | "pair" | "list_splat", _) => {
                edits.extend(delete_element(text, node));
            }
            ("expression_statement", _) => edits.push(delete_statement(text, node)),
            (kind, _) => return Err(format!("cannot remove a `{kind}` from setup.py")),
        }
    }
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    // Merge overlapping deletions (two neighbours that both take a shared comma).
    let mut merged: Vec<Edit> = Vec::new();
    for e in edits {
        match merged.last_mut() {
            Some(last) if e.range.start < last.range.end => {
                last.range.end = last.range.end.max(e.range.end);
            }
            _ => merged.push(e),
        }
    }
    let out = splice(text, &merged);
    if first_syntax_error(&parse(&out)).is_some() {
        return Err("removing the converted arguments would break setup.py's syntax".into());
    }
    Ok((out, merged))
}

/// Where `offset` lands after `edits` (sorted, non-overlapping) are applied.
pub(super) fn shift(offset: usize, edits: &[Edit]) -> usize {
    let mut delta: isize = 0;
    for e in edits {
        if e.range.end <= offset {
            delta += e.content.len() as isize - e.range.len() as isize;
        } else if e.range.start < offset {
            return (e.range.start as isize + delta) as usize;
        }
    }
    (offset as isize + delta) as usize
}
