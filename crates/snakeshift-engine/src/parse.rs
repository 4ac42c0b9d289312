//! Parsing with one tree-sitter parser per thread, and syntax-error checks.

use std::cell::RefCell;
use tree_sitter::{Language, Node, Parser, Tree};

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
