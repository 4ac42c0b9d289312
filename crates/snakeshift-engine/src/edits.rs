//! Trivia-aware edit helpers: lines, indentation, deleting statements and re-indenting blocks.

use crate::fix::Edit;
use tree_sitter::Node;

/// Offset of the start of the line containing `offset`.
pub fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1)
}

/// Offset of the line break ending the line containing `offset` (or the end of the text).
pub fn line_end(text: &str, offset: usize) -> usize {
    text[offset..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| offset + i)
}

/// Offset just after the line break ending the line containing `offset` (or the end of text).
pub fn next_line_start(text: &str, offset: usize) -> usize {
    let end = line_end(text, offset);
    let bytes = text.as_bytes();
    match bytes.get(end) {
        Some(b'\r') if bytes.get(end + 1) == Some(&b'\n') => end + 2,
        Some(_) => end + 1,
        None => end,
    }
}

/// The whitespace that starts the line containing `offset`.
pub fn indentation(text: &str, offset: usize) -> &str {
    let start = line_start(text, offset);
    let line = &text[start..];
    let len = line.len() - line.trim_start_matches([' ', '\t', '\x0c']).len();
    &line[..len]
}

/// True when a node is the only code on its lines: nothing but indentation before it and
/// nothing but blanks or a comment after it.
pub fn is_alone_on_lines(text: &str, node: Node<'_>) -> bool {
    is_alone_before(text, node) && is_blank_or_comment_after(text, node)
}

/// The edit that removes a statement without leaving a hole: a lone statement of a block
/// becomes `pass`, a statement on its own lines is removed with them, and one that shares its
/// line with others (`a; b`) is removed with its semicolon.
pub fn delete_statement(text: &str, stmt: Node<'_>) -> Edit {
    let parent = stmt.parent();
    if let Some(block) = parent.filter(|p| p.kind() == "block") {
        let mut cursor = block.walk();
        let statements = block
            .named_children(&mut cursor)
            .filter(|c| c.kind() != "comment")
            .count();
        if statements == 1 {
            return Edit::replace(stmt.byte_range(), "pass");
        }
        return delete_statement_lines(text, stmt).in_block(block.start_byte());
    }
    delete_statement_lines(text, stmt)
}

/// The deletion of `stmt`, with its line where it has one of its own.
fn delete_statement_lines(text: &str, stmt: Node<'_>) -> Edit {
    let semicolon_after = stmt.next_sibling().filter(|n| n.kind() == ";");
    if let Some(semi) = semicolon_after {
        let next = semi
            .next_sibling()
            .filter(|n| n.start_position().row == semi.end_position().row);
        if let Some(next) = next {
            return Edit::delete(stmt.start_byte()..next.start_byte());
        }
    }
    // `a; b` on one line (a `;` ending the line before belongs to that line).
    if let Some(prev) = stmt
        .prev_sibling()
        .filter(|n| n.kind() == ";" && n.end_position().row == stmt.start_position().row)
        && let Some(before) = prev.prev_sibling()
    {
        let end = semicolon_after.map_or(stmt.end_byte(), |s| s.end_byte());
        return Edit::delete(before.end_byte()..end);
    }
    let last = semicolon_after.unwrap_or(stmt);
    if is_alone_before(text, stmt) && is_blank_or_comment_after(text, last) {
        let start = line_start(text, stmt.start_byte());
        let mut end = next_line_start(text, last.end_byte());
        // Between two blank lines, one of them goes too, so the gap does not grow; at the top
        // of the file, the blank lines that would lead it go.
        let blank_before = start > 0 && {
            let prev = line_start(text, start - 1);
            text[prev..start].trim().is_empty()
        };
        loop {
            let following = next_line_start(text, end);
            if end >= text.len() || !text[end..following].trim().is_empty() {
                break;
            }
            if !blank_before && start > 0 {
                break;
            }
            end = following;
            if start > 0 {
                break;
            }
        }
        return Edit::delete(start..end);
    }
    Edit::replace(stmt.byte_range(), "pass")
}

fn is_blank_or_comment_after(text: &str, node: Node<'_>) -> bool {
    let after = &text[node.end_byte()..line_end(text, node.end_byte())];
    let after = after.trim_start_matches([' ', '\t', '\x0c']);
    after.is_empty() || after.starts_with('#')
}

fn is_alone_before(text: &str, node: Node<'_>) -> bool {
    text[line_start(text, node.start_byte())..node.start_byte()]
        .trim_start_matches([' ', '\t', '\x0c'])
        .is_empty()
}

/// Re-indents the lines of a block from their current indentation `from` to `to`. Returns
/// `None` when a line (outside strings) is indented less than `from`, or when a string spans
/// lines (its content must not change).
pub fn reindent_block(text: &str, block: Node<'_>, from: &str, to: &str) -> Option<String> {
    if spans_multiline_string(block) {
        return None;
    }
    let start = line_start(text, block.start_byte());
    let end = line_end(text, block.end_byte());
    let mut out = String::new();
    let segment = &text[start..end];
    for line in segment.split_inclusive('\n') {
        let (content, newline) = split_newline(line);
        if content.trim().is_empty() {
            out.push_str(content.trim_start_matches([' ', '\t', '\x0c']));
        } else if let Some(rest) = content.strip_prefix(from) {
            out.push_str(to);
            out.push_str(rest);
        } else {
            return None;
        }
        out.push_str(newline);
    }
    Some(out)
}

fn split_newline(line: &str) -> (&str, &str) {
    if let Some(body) = line.strip_suffix("\r\n") {
        (body, "\r\n")
    } else if let Some(body) = line.strip_suffix('\n') {
        (body, "\n")
    } else {
        (line, "")
    }
}

fn spans_multiline_string(node: Node<'_>) -> bool {
    let mut cursor = node.walk();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if n.kind() == "string" && n.start_position().row != n.end_position().row {
            return true;
        }
        if n.start_position().row == n.end_position().row {
            continue;
        }
        stack.extend(n.named_children(&mut cursor));
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apply::splice;
    use crate::parse::parse;

    fn delete_nth(src: &str, kind: &str, nth: usize) -> String {
        let tree = parse(src);
        let mut stack = vec![tree.root_node()];
        let mut found = Vec::new();
        while let Some(n) = stack.pop() {
            if n.kind() == kind {
                found.push(n);
            }
            let mut c = n.walk();
            let mut children: Vec<_> = n.named_children(&mut c).collect();
            children.reverse();
            stack.extend(children);
        }
        found.sort_by_key(|n| n.start_byte());
        let edit = delete_statement(src, found[nth]);
        splice(src, &[edit])
    }

    #[test]
    fn deletes_whole_lines() {
        assert_eq!(
            delete_nth("import a\nimport b  # why\nx = 1\n", "import_statement", 1),
            "import a\nx = 1\n"
        );
        assert_eq!(
            delete_nth("import a\r\nimport b\r\n", "import_statement", 0),
            "import b\r\n"
        );
    }

    #[test]
    fn blank_lines_around_a_deleted_line_do_not_pile_up() {
        assert_eq!(
            delete_nth(
                "import a\n\nimport b\n\n\ndef f():\n    pass\n",
                "import_statement",
                1
            ),
            "import a\n\n\ndef f():\n    pass\n"
        );
    }

    #[test]
    fn no_blank_lines_lead_the_file_after_deleting_its_first_statement() {
        assert_eq!(
            delete_nth("import a\n\n\ndef f():\n    pass\n", "import_statement", 0),
            "def f():\n    pass\n"
        );
    }

    #[test]
    fn lone_statement_becomes_pass() {
        assert_eq!(
            delete_nth(
                "try:\n    import a\n    # note\nexcept E:\n    pass\n",
                "import_statement",
                0
            ),
            "try:\n    pass\n    # note\nexcept E:\n    pass\n"
        );
    }

    #[test]
    fn semicolon_separated_statements() {
        assert_eq!(
            delete_nth("import a; import b\n", "import_statement", 0),
            "import b\n"
        );
        assert_eq!(
            delete_nth("import a; import b\n", "import_statement", 1),
            "import a\n"
        );
        assert_eq!(delete_nth("import a;\nx\n", "import_statement", 0), "x\n");
    }

    #[test]
    fn reindents_a_block() {
        let src = "try:\n    import a\n\n    b = (1,\n         2)\nexcept E:\n    pass\n";
        let tree = parse(src);
        let block = tree
            .root_node()
            .named_child(0)
            .unwrap()
            .child_by_field_name("body")
            .unwrap();
        assert_eq!(
            reindent_block(src, block, "    ", "").unwrap(),
            "import a\n\nb = (1,\n     2)"
        );
        let with_string = "if x:\n    s = '''a\nb'''\n";
        let tree = parse(with_string);
        let block = tree
            .root_node()
            .named_child(0)
            .unwrap()
            .child_by_field_name("consequence")
            .unwrap();
        assert_eq!(reindent_block(with_string, block, "    ", ""), None);
    }
}
