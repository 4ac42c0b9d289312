//! Parsing with one tree-sitter parser per thread, and syntax-error checks.

use crate::fix::Edit;
use crate::mask::Mask;
use std::cell::RefCell;
use tree_sitter::{InputEdit, Language, Node, Parser, Point, Tree};

thread_local! {
    static PARSER: RefCell<Parser> = RefCell::new(new_parser());
}

/// The tree-sitter Python grammar.
pub fn language() -> Language {
    tree_sitter_python::LANGUAGE.into()
}

fn new_parser() -> Parser {
    let mut parser = Parser::new();
    parser
        .set_language(&language())
        .expect("the bundled grammar matches the tree-sitter ABI");
    parser
}

/// Parses Python source with this thread's parser.
pub fn parse(text: &str) -> Tree {
    PARSER.with(|p| {
        p.borrow_mut()
            .parse(text, None)
            .expect("parsing without a timeout or cancellation flag always yields a tree")
    })
}

/// Parses only the ranges a [`Mask`] includes (node offsets stay those of the file).
pub fn parse_masked(mask: &Mask) -> Tree {
    PARSER.with(|p| {
        let mut parser = p.borrow_mut();
        parser
            .set_included_ranges(&mask.ranges)
            .expect("mask ranges are ordered and disjoint");
        let tree = parser.parse(&mask.bytes, None);
        parser
            .set_included_ranges(&[])
            .expect("an empty list means the whole text");
        tree.expect("parsing without a timeout or cancellation flag always yields a tree")
    })
}

/// Parses `new_text`, the result of applying the sorted, non-overlapping `edits` to the text of
/// `old`, reusing the unchanged parts of `old` (tree-sitter's incremental parsing).
pub fn reparse(mut old: Tree, old_text: &str, edits: &[Edit], new_text: &str) -> Tree {
    let newlines: Vec<usize> = old_text
        .bytes()
        .enumerate()
        .filter(|(_, b)| *b == b'\n')
        .map(|(i, _)| i)
        .collect();
    let point = |offset: usize| {
        let row = newlines.partition_point(|&n| n < offset);
        let line_start = if row == 0 { 0 } else { newlines[row - 1] + 1 };
        Point::new(row, offset - line_start)
    };
    // From the last edit backwards, so that each one's old coordinates are still the tree's.
    for e in edits.iter().rev() {
        let start_position = point(e.range.start);
        let new_end_position = match e.content.rfind('\n') {
            Some(last) => Point::new(
                start_position.row + e.content.matches('\n').count(),
                e.content.len() - last - 1,
            ),
            None => Point::new(start_position.row, start_position.column + e.content.len()),
        };
        old.edit(&InputEdit {
            start_byte: e.range.start,
            old_end_byte: e.range.end,
            new_end_byte: e.range.start + e.content.len(),
            start_position,
            old_end_position: point(e.range.end),
            new_end_position,
        });
    }
    PARSER.with(|p| {
        p.borrow_mut()
            .parse(new_text, Some(&old))
            .expect("parsing without a timeout or cancellation flag always yields a tree")
    })
}

/// The first ERROR or MISSING node of a tree, if any.
pub fn first_syntax_error(tree: &Tree) -> Option<Node<'_>> {
    let root = tree.root_node();
    if !root.has_error() {
        return None;
    }
    let mut cursor = root.walk();
    loop {
        let node = cursor.node();
        if node.is_error() || node.is_missing() {
            return Some(node);
        }
        if node.has_error() && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return Some(root);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_error_node() {
        let tree = parse("x = 1\ndef f(:\n    pass\n");
        let err = first_syntax_error(&tree).expect("an error");
        assert_eq!(err.start_position().row, 1);
        assert!(first_syntax_error(&parse("x = [1, 2]\n")).is_none());
    }

    #[test]
    fn incremental_reparse_matches_a_fresh_parse() {
        let old_text = "import a\n\ndef f(x):\n    return a.b(x)\n";
        let edits = [
            Edit::replace(7..8, "shutil"),
            Edit::insert(9, "import os\n"),
            Edit::replace(31..34, "shutil.which"),
        ];
        let new_text = crate::apply::splice(old_text, &edits);
        let tree = reparse(parse(old_text), old_text, &edits, &new_text);
        assert_eq!(
            tree.root_node().to_sexp(),
            parse(&new_text).root_node().to_sexp()
        );
        assert_eq!(
            new_text,
            "import shutil\nimport os\n\ndef f(x):\n    return shutil.which(x)\n"
        );
    }

    #[test]
    fn parses_modern_syntax() {
        for src in [
            "type Alias[T] = list[T]\n",
            "def f[T](x: T) -> T: return x\n",
            "try:\n    pass\nexcept A, B:\n    pass\n",
            "x = t'hello {name}'\n",
            "match p:\n    case [a, *rest]:\n        pass\n",
        ] {
            assert!(first_syntax_error(&parse(src)).is_none(), "{src}");
        }
    }
}
