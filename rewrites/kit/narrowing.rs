//! Where a test such as `isinstance(x, C)` is known to hold: the narrowing Python code relies
//! on when it reads `x.attr` only where `x` is a `C`.
//!
//! Understood: the body of an `if` / `elif` / `while` (and the `else` side of a negated test),
//! the right operand of `and` (of `or` after a negated test), the branches of a conditional
//! expression, a comprehension's element and later clauses after its `if` filter, and the rest
//! of the block after `assert test` or after `if not test:` whose body ends in `return`,
//! `raise`, `continue` or `break`. Narrowing is never carried into a nested function, lambda or
//! class, and stops at a rebinding of the tested name.

use std::ops::Range;
use tree_sitter::Node;

/// The byte ranges in which `test` (an expression node) is known to have been true.
pub fn regions(test: Node<'_>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    // Whether `e` being true (false) implies `test` is true.
    let (mut when_true, mut when_false) = (true, false);
    let mut e = test;
    while let Some(p) = e.parent() {
        match p.kind() {
            "parenthesized_expression" => {}
            "not_operator" => std::mem::swap(&mut when_true, &mut when_false),
            "boolean_operator" => {
                let and = p
                    .child_by_field_name("operator")
                    .is_some_and(|o| o.kind() == "and");
                let is_left = p.child_by_field_name("left").map(|l| l.id()) == Some(e.id());
                let right = p.child_by_field_name("right");
                if and {
                    if is_left && when_true {
                        out.extend(right.map(|r| r.byte_range()));
                    }
                    when_false = false;
                } else {
                    if is_left && when_false {
                        out.extend(right.map(|r| r.byte_range()));
                    }
                    when_true = false;
                }
            }
            _ => {
                condition_regions(p, e, when_true, when_false, &mut out);
                break;
            }
        }
        e = p;
    }
    out
}

/// The regions governed by `cond`, the condition (or filter, or asserted test) of `owner`.
fn condition_regions(
    owner: Node<'_>,
    cond: Node<'_>,
    when_true: bool,
    when_false: bool,
    out: &mut Vec<Range<usize>>,
) {
    let is_condition = owner.child_by_field_name("condition").map(|c| c.id()) == Some(cond.id());
    match owner.kind() {
        "if_statement" if is_condition => {
            let consequence = owner.child_by_field_name("consequence");
            let mut cursor = owner.walk();
            let alternatives: Vec<Node<'_>> = owner
                .children_by_field_name("alternative", &mut cursor)
                .collect();
            if when_true {
                out.extend(consequence.map(|c| c.byte_range()));
            }
            if when_false {
                out.extend(alternatives.iter().map(|a| a.byte_range()));
                if alternatives.is_empty() && consequence.is_some_and(exits) {
                    out.extend(rest_of_block(owner));
                }
            }
            if when_true
                && let [only] = alternatives.as_slice()
                && only.kind() == "else_clause"
                && only.child_by_field_name("body").is_some_and(exits)
            {
                out.extend(rest_of_block(owner));
            }
        }
        "elif_clause" if is_condition => {
            if when_true {
                out.extend(
                    owner
                        .child_by_field_name("consequence")
                        .map(|c| c.byte_range()),
                );
            }
            if when_false {
                let mut next = owner.next_named_sibling();
                while let Some(n) = next {
                    if matches!(n.kind(), "elif_clause" | "else_clause") {
                        out.push(n.byte_range());
                    }
                    next = n.next_named_sibling();
                }
            }
        }
        "while_statement" if is_condition && when_true => {
            out.extend(owner.child_by_field_name("body").map(|c| c.byte_range()));
        }
        "conditional_expression" => {
            let mut cursor = owner.walk();
            let parts: Vec<Node<'_>> = owner.named_children(&mut cursor).collect();
            if let [body, test, orelse] = parts.as_slice()
                && test.id() == cond.id()
            {
                if when_true {
                    out.push(body.byte_range());
                }
                if when_false {
                    out.push(orelse.byte_range());
                }
            }
        }
        "if_clause" if when_true => {
            let Some(comprehension) = owner.parent() else {
                return;
            };
            out.extend(
                comprehension
                    .child_by_field_name("body")
                    .map(|b| b.byte_range()),
            );
            let mut next = owner.next_named_sibling();
            while let Some(n) = next {
                out.push(n.byte_range());
                next = n.next_named_sibling();
            }
        }
        "assert_statement"
            if when_true && owner.named_child(0).map(|c| c.id()) == Some(cond.id()) =>
        {
            out.extend(rest_of_block(owner));
        }
        _ => {}
    }
}

/// From the end of `statement` to the end of the block holding it.
fn rest_of_block(statement: Node<'_>) -> Option<Range<usize>> {
    let block = statement.parent()?;
    matches!(block.kind(), "block" | "module").then(|| statement.end_byte()..block.end_byte())
}

/// A block whose last statement leaves it: `return`, `raise`, `continue`, `break`.
fn exits(block: Node<'_>) -> bool {
    let mut cursor = block.walk();
    block
        .named_children(&mut cursor)
        .filter(|n| n.kind() != "comment")
        .last()
        .is_some_and(|n| {
            matches!(
                n.kind(),
                "return_statement" | "raise_statement" | "continue_statement" | "break_statement"
            )
        })
}

/// The function, lambda or class that `node` is evaluated in (`None` at module level).
pub fn frame(node: Node<'_>) -> Option<usize> {
    let mut current = node.parent();
    while let Some(n) = current {
        if matches!(
            n.kind(),
            "function_definition" | "lambda" | "class_definition"
        ) {
            return Some(n.id());
        }
        current = n.parent();
    }
    None
}

/// Whether `test` is known to hold at `use_node`: `use_node` lies in one of its regions, in the
/// same function, and `rebinds` (the byte offsets where the tested name is bound again) has no
/// offset between the test and the use (in a comprehension, anywhere after the filter).
pub fn holds_at(test: Node<'_>, use_node: Node<'_>, rebinds: &[usize]) -> bool {
    if frame(test) != frame(use_node) {
        return false;
    }
    let at = use_node.start_byte();
    let Some(region) = regions(test)
        .into_iter()
        .find(|r| r.start <= at && use_node.end_byte() <= r.end)
    else {
        return false;
    };
    // A comprehension's element comes before its filter in the text, after it in time.
    let killed = if at < test.start_byte() {
        let end = comprehension_end(test).unwrap_or(region.end);
        test.end_byte()..end
    } else {
        test.end_byte()..at
    };
    !rebinds.iter().any(|b| killed.contains(b))
}

fn comprehension_end(test: Node<'_>) -> Option<usize> {
    let mut current = test.parent();
    while let Some(n) = current {
        if n.kind() == "if_clause" {
            return n.parent().map(|c| c.end_byte());
        }
        current = n.parent();
    }
    None
}

/// Every `call` node under `node` (itself included), not entering nested functions, lambdas
/// or classes.
pub fn calls_under<'t>(node: Node<'t>, out: &mut Vec<Node<'t>>) {
    if node.kind() == "call" {
        out.push(node);
    }
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        if !matches!(
            child.kind(),
            "function_definition" | "lambda" | "class_definition"
        ) {
            calls_under(child, out);
        }
    }
}

/// The calls whose regions may hold `use_node`: those in the conditions, filters, left
/// operands and earlier `assert` / `if` statements on the way up from it to its function.
pub fn candidate_tests<'t>(use_node: Node<'t>) -> Vec<Node<'t>> {
    let mut out = Vec::new();
    let mut current = use_node;
    while let Some(p) = current.parent() {
        if matches!(
            p.kind(),
            "function_definition" | "lambda" | "class_definition"
        ) {
            break;
        }
        match p.kind() {
            "if_statement" | "elif_clause" | "while_statement" => {
                if let Some(c) = p.child_by_field_name("condition") {
                    calls_under(c, &mut out);
                }
                if p.kind() == "if_statement" {
                    let mut cursor = p.walk();
                    for alt in p.children_by_field_name("alternative", &mut cursor) {
                        if let Some(c) = alt.child_by_field_name("condition") {
                            calls_under(c, &mut out);
                        }
                    }
                }
            }
            "conditional_expression" | "boolean_operator" => {
                let mut cursor = p.walk();
                for c in p.named_children(&mut cursor) {
                    if c.id() != current.id() {
                        calls_under(c, &mut out);
                    }
                }
            }
            "list_comprehension"
            | "set_comprehension"
            | "dictionary_comprehension"
            | "generator_expression" => {
                let mut cursor = p.walk();
                for c in p.named_children(&mut cursor) {
                    if c.kind() == "if_clause" {
                        calls_under(c, &mut out);
                    }
                }
            }
            "block" | "module" => {
                let mut prev = current.prev_named_sibling();
                while let Some(s) = prev {
                    match s.kind() {
                        "assert_statement" => calls_under(s, &mut out),
                        "if_statement" => {
                            if let Some(c) = s.child_by_field_name("condition") {
                                calls_under(c, &mut out);
                            }
                        }
                        _ => {}
                    }
                    prev = s.prev_named_sibling();
                }
            }
            _ => {}
        }
        current = p;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use snakeshift_engine::parse::parse;

    /// Whether the test `isinstance(n, C)` holds at the first `n.n`
    /// after the marker `#>` (or anywhere, without one).
    fn holds(src: &str) -> bool {
        let tree = parse(src);
        let mut calls = Vec::new();
        calls_under(tree.root_node(), &mut calls);
        // `calls_under` does not enter functions: look everywhere for the test.
        let mut stack = vec![tree.root_node()];
        while let Some(n) = stack.pop() {
            if n.kind() == "call" && src[n.byte_range()].starts_with("isinstance") {
                calls.push(n);
            }
            let mut cursor = n.walk();
            stack.extend(n.named_children(&mut cursor));
        }
        let test = calls
            .into_iter()
            .filter(|c| src[c.byte_range()].starts_with("isinstance(n, C)"))
            .min_by_key(|c| c.start_byte())
            .unwrap();
        let from = src.find("#>").unwrap_or(0);
        let at = from + src[from..].find("n.n").unwrap();
        let use_node = tree
            .root_node()
            .descendant_for_byte_range(at, at + 3)
            .unwrap();
        assert_eq!(use_node.kind(), "attribute", "{src}");
        let rebinds: Vec<usize> = src
            .match_indices("n = ")
            .map(|(i, _)| i)
            .chain(src.match_indices("for n in").map(|(i, _)| i + 4))
            .collect();
        candidate_tests(use_node)
            .iter()
            .any(|c| c.id() == test.id())
            && holds_at(test, use_node, &rebinds)
    }

    #[test]
    fn understood_forms() {
        for src in [
            "[n.n for n in xs if isinstance(n, C)]\n",
            "[1 for n in xs if isinstance(n, C) if n.n]\n",
            "isinstance(n, C) and n.n\n",
            "not isinstance(n, C) or n.n\n",
            "n.n if isinstance(n, C) else 0\n",
            "0 if not isinstance(n, C) else n.n\n",
            "for n in xs:\n    if not isinstance(n, C):\n        continue\n    print(n.n)\n",
            "def f(n):\n    if not isinstance(n, C):\n        raise TypeError\n    return n.n\n",
            "def f(n):\n    assert isinstance(n, C)\n    return n.n\n",
            "if isinstance(n, A):\n    pass\nelif isinstance(n, C):\n    n.n\n",
            "if not isinstance(n, C):\n    pass\nelse:\n    n.n\n",
            "while isinstance(n, C):\n    print(n.n)\n    n = n.parent\n",
            "if isinstance(n, C):\n    if x:\n        print(n.n)\n",
        ] {
            assert!(holds(src), "not understood:\n{src}");
        }
    }

    #[test]
    fn forms_that_do_not_narrow() {
        for src in [
            "isinstance(n, C) or n.n\n",
            "n.n and isinstance(n, C)\n",
            "ok = isinstance(n, C)\nif ok:\n    n.n\n",
            "if isinstance(n, C):\n    f = lambda: n.n\n",
            "if isinstance(n, C):\n    def g():\n        return n.n\n",
            "if isinstance(n, C):\n    n = other\n    n.n\n",
            "if isinstance(n, C):\n    pass\nn.n\n",
            "if not isinstance(n, C):\n    print()\nn.n\n",
            "if isinstance(n, C):\n    pass\nelse:\n    n.n\n",
            "[n.n for n in xs if isinstance(n, C) for n in ys]\n",
            "0 if isinstance(n, C) else n.n\n",
            "if x or isinstance(n, C):\n    n.n\n",
        ] {
            assert!(!holds(src), "wrongly narrowed:\n{src}");
        }
    }
}
