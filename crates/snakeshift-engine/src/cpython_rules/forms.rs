//! Expression forms: slices and stars out of place, invalid targets, Python 2 syntax.

use super::{Kind, Sink, named_children};
use tree_sitter::Node;

/// A slice must be a subscript's index. In annotations tree-sitter reads `a[x : y]` as a
/// `constrained_type` inside a `type_parameter` (also the form of a PEP 695 bound, `[T: int]`);
/// `x : y : z` nests one `constrained_type` in another.
pub(super) fn slice(node: Node<'_>, sink: &mut Sink<'_>) {
    let allowed = match node.kind() {
        "slice" => node.parent().is_some_and(|p| p.kind() == "subscript"),
        _ => {
            let holder = node.parent().and_then(|t| t.parent());
            match holder.map(|h| h.kind()) {
                Some("type_parameter") => true,
                // The step of `x : y : z`, itself directly in a subscript.
                Some("constrained_type") => holder
                    .and_then(|h| h.parent())
                    .and_then(|t| t.parent())
                    .is_some_and(|h| h.kind() == "type_parameter"),
                _ => false,
            }
        }
    };
    if !allowed {
        sink.push(
            Kind::MisplacedSlice,
            node,
            "a slice (`a : b`) is only valid as a subscript",
        );
    }
}

/// Starred expressions, targets and annotations where CPython forbids them.
pub(super) fn star(node: Node<'_>, sink: &mut Sink<'_>) {
    let Some(parent) = postfix_chain(node).parent() else {
        return;
    };
    let allowed = match node.kind() {
        "list_splat" => matches!(
            parent.kind(),
            "list"
                | "tuple"
                | "set"
                | "argument_list"
                | "expression_list"
                | "subscript"
                | "pattern_list"
                | "tuple_pattern"
                | "list_pattern"
        ),
        "list_splat_pattern" => !matches!(
            parent.kind(),
            "assignment" | "augmented_assignment" | "for_statement" | "for_in_clause"
        ),
        // `splat_type`: `tuple[*Ts]`, or the annotation of `*args`.
        _ => parent.parent().is_some_and(|holder| match holder.kind() {
            "type_parameter" => true,
            "typed_parameter" => holder
                .named_child(0)
                .is_some_and(|p| p.kind() == "list_splat_pattern"),
            _ => false,
        }),
    };
    if !allowed {
        let message = match node.kind() {
            "splat_type" => "a starred annotation is only valid for `*args` or in a subscript",
            "list_splat_pattern" => "a starred assignment target must be in a list or tuple",
            _ => "can't use starred expression here",
        };
        sink.push(Kind::MisplacedStar, node, message);
    }
}

/// tree-sitter reads `*a.b()` as a call of `*a.b`: the starred node's place is that of the
/// outermost call, attribute or subscript it starts.
fn postfix_chain(node: Node<'_>) -> Node<'_> {
    let mut top = node;
    while let Some(parent) = top.parent() {
        let field = match parent.kind() {
            "call" => "function",
            "attribute" => "object",
            "subscript" => "value",
            _ => break,
        };
        if parent.child_by_field_name(field) != Some(top) {
            break;
        }
        top = parent;
    }
    top
}

/// At most one starred target per unpacking.
pub(super) fn starred_targets(node: Node<'_>, sink: &mut Sink<'_>) {
    let stars: Vec<Node<'_>> = named_children(node)
        .into_iter()
        .filter(|c| c.kind() == "list_splat_pattern" || c.kind() == "list_splat")
        .collect();
    if let Some(second) = stars.get(1) {
        sink.push(
            Kind::InvalidTarget,
            *second,
            "multiple starred expressions in assignment",
        );
    }
}

/// Whether `node` can be assigned to or deleted: a name, attribute, subscript, or (not for an
/// augmented assignment) a sequence of those. Iterative: targets can nest deeply.
fn is_target(node: Node<'_>, augmented: bool) -> bool {
    let mut stack = vec![node];
    while let Some(node) = stack.pop() {
        match node.kind() {
            "identifier" | "keyword_identifier" | "attribute" | "subscript" => {}
            "parenthesized_expression" => match named_children(node).first() {
                Some(inner) => stack.push(*inner),
                None => return false,
            },
            "tuple" | "list" | "pattern_list" | "tuple_pattern" | "list_pattern"
            | "expression_list" | "list_splat" | "list_splat_pattern"
                if !augmented =>
            {
                stack.extend(named_children(node));
            }
            _ => return false,
        }
    }
    true
}

/// `del`, augmented assignment and `with … as` targets.
pub(super) fn targets(node: Node<'_>, sink: &mut Sink<'_>) {
    let (targets, verb, augmented) = match node.kind() {
        "delete_statement" => (named_children(node), "delete", false),
        "augmented_assignment" => (
            node.child_by_field_name("left").into_iter().collect(),
            "augment",
            true,
        ),
        _ => {
            // `as_pattern_target` also names the capture of `except … as e` and of a case
            // pattern, both identifiers; only a `with` item can hold an expression there.
            (named_children(node), "assign to", false)
        }
    };
    for target in targets {
        if !is_target(target, augmented) {
            sink.push(
                Kind::InvalidTarget,
                target,
                format!("cannot {verb} {}", target.kind().replace('_', " ")),
            );
        }
    }
}

/// String prefixes Python 3 accepts (lower-cased).
const PREFIXES: &[&str] = &[
    "", "r", "u", "f", "b", "br", "rb", "fr", "rf", "t", "tr", "rt",
];

/// Python 2 statements and literals tree-sitter still reads.
pub(super) fn python2(node: Node<'_>, sink: &mut Sink<'_>) {
    let text = sink.text(node);
    let message = match node.kind() {
        // `print >> f, x` is also a (useless) Python 3 expression statement.
        "print_statement" if node.named_child(0).is_some_and(|c| c.kind() == "chevron") => return,
        "print_statement" => "the `print` statement is Python 2: call `print(...)`",
        "exec_statement" => "the `exec` statement is Python 2: call `exec(...)`",
        "comparison_operator" => {
            let mut cursor = node.walk();
            let Some(op) = node.children(&mut cursor).find(|c| c.kind() == "<>") else {
                return;
            };
            sink.push(Kind::Python2, op, "`<>` is Python 2: use `!=`");
            return;
        }
        "integer" if text.ends_with(['l', 'L']) => "the `L` suffix is Python 2",
        "integer"
            if text.len() > 1
                && text.starts_with('0')
                && text.as_bytes()[1].is_ascii_digit()
                && !text.ends_with(['j', 'J'])
                && text.bytes().any(|b| b.is_ascii_digit() && b != b'0') =>
        {
            "leading zeros in decimal integer literals are not permitted (Python 2 octal)"
        }
        "string_start" => {
            let prefix = text.trim_end_matches(['"', '\'']).to_ascii_lowercase();
            if PREFIXES.contains(&prefix.as_str()) {
                return;
            }
            "invalid string prefix (Python 2 `ur` or backquotes)"
        }
        "raise_statement"
            if named_children(node)
                .first()
                .is_some_and(|c| c.kind() == "expression_list") =>
        {
            "`raise E, value` is Python 2: use `raise E(value)`"
        }
        _ => return,
    };
    sink.push(Kind::Python2, node, message);
}
