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
/// `old`, reusing the unchanged parts of `old` (tree-sitter's incremental parsing; `old` is
/// left edited to match).
pub fn reparse(old: &mut Tree, old_text: &str, edits: &[Edit], new_text: &str) -> Tree {
    edit_tree(old, old_text, edits);
    PARSER.with(|p| {
        p.borrow_mut()
            .parse(new_text, Some(&*old))
            .expect("parsing without a timeout or cancellation flag always yields a tree")
    })
}

/// [`parse_masked`] of `mask`, a mask of the text `edits` make of `old_text` that is `old`'s
/// mask with those edits applied, reusing the unchanged parts of `old` (`old` is left edited
/// to match).
pub fn reparse_masked(old: &mut Tree, old_text: &str, edits: &[Edit], mask: &Mask) -> Tree {
    edit_tree(old, old_text, edits);
    PARSER.with(|p| {
        let mut parser = p.borrow_mut();
        parser
            .set_included_ranges(&mask.ranges)
            .expect("mask ranges are ordered and disjoint");
        let tree = parser.parse(&mask.bytes, Some(&*old));
        parser
            .set_included_ranges(&[])
            .expect("an empty list means the whole text");
        tree.expect("parsing without a timeout or cancellation flag always yields a tree")
    })
}

/// Tells `tree`, parsed from `old_text`, about the sorted, non-overlapping `edits`.
fn edit_tree(tree: &mut Tree, old_text: &str, edits: &[Edit]) {
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
        tree.edit(&InputEdit {
            start_byte: e.range.start,
            old_end_byte: e.range.end,
            new_end_byte: e.range.start + e.content.len(),
            start_position,
            old_end_position: point(e.range.end),
            new_end_position,
        });
    }
}

/// The first ERROR or MISSING node of a tree, if any: the innermost one on the path of first
/// errors. tree-sitter's error recovery can wrap a whole file in one ERROR node (a construct
/// its grammar lacks, deep inside, makes everything around it unreadable); the outer node's
/// start, line 1, would not say where the parse failed, the innermost one does.
pub fn first_syntax_error(tree: &Tree) -> Option<Node<'_>> {
    let root = tree.root_node();
    if !root.has_error() {
        return None;
    }
    let mut node = root;
    let mut found = None;
    loop {
        if node.is_error() || node.is_missing() {
            found = Some(node);
        }
        let mut cursor = node.walk();
        let next = node
            .children(&mut cursor)
            .find(|c| c.is_error() || c.is_missing() || c.has_error());
        match next {
            Some(child) => node = child,
            None => return Some(found.or_else(|| hidden_missing(node)).unwrap_or(node)),
        }
    }
}

/// Where a hidden MISSING node (a statement's `_newline`, which no cursor visits) most likely
/// sits in `node`: before a statement that starts on the line its previous one ends on.
fn hidden_missing(node: Node<'_>) -> Option<Node<'_>> {
    let mut cursor = node.walk();
    let children: Vec<Node<'_>> = node
        .named_children(&mut cursor)
        .filter(|c| !c.is_extra())
        .collect();
    children
        .windows(2)
        .find(|w| w[0].end_position().row == w[1].start_position().row)
        .map(|w| w[1])
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
    fn points_inside_an_error_that_wraps_the_whole_file() {
        // tree-sitter-python cannot read an attribute name on a continuation line indented
        // less than its statement (CPython can: `Lib/test/test_compile.py` has one).
        let src = "import os\n\nclass A:\n    def g(self):\n        def f():\n            (bar.\n        baz)\n            (bar.\n        baz(\n        ))\n        return f\n\n    @support.cpython_only\n    def test_x(self):\n        pass\n\nif __name__ == \"__main__\":\n    main()\n";
        let tree = parse(src);
        assert!(tree.root_node().child(0).unwrap().is_error());
        let err = first_syntax_error(&tree).expect("an error");
        assert_eq!(err.start_position(), Point::new(5, 12));
    }

    #[test]
    fn points_at_two_statements_run_together() {
        let tree = parse("import os\n\nx = 1\n1syntax_error  # a comment\n");
        let err = first_syntax_error(&tree).expect("an error");
        assert_eq!(err.start_position(), Point::new(3, 1));
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
        let tree = reparse(&mut parse(old_text), old_text, &edits, &new_text);
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
