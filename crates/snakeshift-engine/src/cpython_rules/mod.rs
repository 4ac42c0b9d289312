//! CPython's compile-time rules that tree-sitter-python's grammar does not enforce.
//!
//! tree-sitter-python accepts more than CPython: repeated keyword arguments, duplicate
//! parameters, slices and starred expressions outside the places CPython allows them,
//! `return`/`yield`/`await`/`break` where the compiler rejects them, `global`/`nonlocal`
//! misuse, Python 2 statements and literals. [`violations`] finds those constructs (and
//! ERROR/MISSING nodes); [`introduced`] is the pipeline's final net: the violations a run's
//! result has that its original did not.

mod calls;
mod forms;
mod scopes;
mod versions;

use crate::parse::{language, parse};
use crate::version::PyVersion;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;
use tree_sitter::{Node, Tree};

/// The class of a rule CPython enforces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// An ERROR or MISSING node: the grammar itself failed.
    Unparsed,
    /// `f(a=1, a=2)`.
    RepeatedKeyword,
    /// `def f(a, a)`.
    DuplicateParameter,
    /// A positional argument after a keyword argument or `**kw`; `*a` after `**kw`; an
    /// unparenthesized generator expression next to other arguments.
    ArgumentOrder,
    /// A parameter without a default after one with a default, anything after `**kw`, two `*`.
    ParameterOrder,
    /// A slice (`a : b`) anywhere but directly in a subscript.
    MisplacedSlice,
    /// A starred expression or annotation where CPython forbids it.
    MisplacedStar,
    /// Assigning, deleting or augmenting something that is not a target (a call, a literal).
    InvalidTarget,
    /// `return`, `yield` or `await` outside the function kind that allows it.
    OutsideFunction,
    /// `break` or `continue` outside a loop.
    OutsideLoop,
    /// `global`/`nonlocal` after a use, of a parameter, at module level, or without a binding.
    Declaration,
    /// Python 2 syntax: `print x`, `exec "x"`, `<>`, `10L`, `0777`, `raise E, msg`, `ur""`.
    Python2,
    /// A block without a statement (`if x:` followed only by a comment): tree-sitter reads
    /// an empty block, CPython expects an indented block.
    EmptyBlock,
    /// Syntax newer than the minimum supported Python: `except*` (3.11), `except A, B:`
    /// (3.14), parenthesized context managers (3.9), `match` (3.10), `type` statements and
    /// type parameters (3.12), quotes, backslashes or comments reused inside an f-string's
    /// replacement field (3.12).
    NewerSyntax,
}

/// One construct CPython rejects at compile time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    pub kind: Kind,
    /// Byte range of the offending construct.
    pub range: Range<usize>,
    /// One line saying what CPython rejects.
    pub message: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Collects violations while the tree is walked.
pub(crate) struct Sink<'a> {
    text: &'a str,
    found: Vec<Violation>,
    /// The oldest Python the code must compile on, when it is older than every rule's.
    min: Option<PyVersion>,
}

impl<'a> Sink<'a> {
    fn push(&mut self, kind: Kind, node: Node<'_>, message: impl Into<String>) {
        self.found.push(Violation {
            kind,
            range: node.byte_range(),
            message: message.into(),
        });
    }

    fn text(&self, node: Node<'_>) -> &'a str {
        &self.text[node.byte_range()]
    }
}

/// Every construct of `tree` (parsed from `text`) that CPython rejects at compile time, in
/// source order.
pub fn violations(tree: &Tree, text: &str) -> Vec<Violation> {
    violations_since(tree, text, None)
}

/// [`violations`], plus the syntax that Python `min` (when given) does not accept yet.
pub fn violations_since(tree: &Tree, text: &str, min: Option<PyVersion>) -> Vec<Violation> {
    let mut sink = Sink {
        text,
        found: Vec::new(),
        min,
    };
    let errors = tree.root_node().has_error();
    let mut cursor = tree.walk();
    loop {
        let node = cursor.node();
        if has_rule(node.kind_id()) || errors {
            check(node, &mut sink);
        }
        if let Some(min) = sink.min
            && has_version_rule(node.kind_id())
        {
            versions::newer_syntax(node, min, &mut sink);
        }
        if cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                sink.found
                    .sort_by_key(|v| (v.range.start, v.range.end, v.kind));
                return sink.found;
            }
        }
    }
}

/// The violations of `result` that `original` does not have, matched by kind and source
/// text (so positions moved by edits do not matter), on the target and (`min`) on the
/// minimum supported Python. `result_tree` is `result`'s whole-file tree when the caller has
/// one. The original is parsed only when the result has violations.
pub fn introduced(
    original: &str,
    result: &str,
    result_tree: Option<&Tree>,
    min: Option<PyVersion>,
) -> Vec<Violation> {
    let parsed;
    let tree = match result_tree {
        Some(tree) => tree,
        None => {
            parsed = parse(result);
            &parsed
        }
    };
    let found = violations_since(tree, result, min);
    if found.is_empty() {
        return found;
    }
    let mut before: HashMap<(Kind, &str), usize> = HashMap::new();
    for v in violations_since(&parse(original), original, min) {
        *before.entry((v.kind, &original[v.range])).or_default() += 1;
    }
    found
        .into_iter()
        .filter(
            |v| match before.get_mut(&(v.kind, &result[v.range.clone()])) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            },
        )
        .collect()
}

/// The node kinds [`check`] looks at, by kind id (a string match per node costs more).
const KINDS: &[&str] = &[
    "argument_list",
    "parameters",
    "lambda_parameters",
    "for_in_clause",
    "generator_expression",
    "slice",
    "constrained_type",
    "list_splat",
    "list_splat_pattern",
    "splat_type",
    "pattern_list",
    "tuple_pattern",
    "list_pattern",
    "delete_statement",
    "augmented_assignment",
    "as_pattern_target",
    "print_statement",
    "exec_statement",
    "comparison_operator",
    "integer",
    "string_start",
    "raise_statement",
    "return_statement",
    "yield",
    "await",
    "break_statement",
    "continue_statement",
    "for_statement",
    "with_statement",
    "global_statement",
    "nonlocal_statement",
    "block",
];

/// The node kinds whose syntax is newer than some Python 3 (see [`versions`]).
const VERSION_KINDS: &[&str] = &[
    "except_clause",
    "with_clause",
    "match_statement",
    "type_alias_statement",
    "function_definition",
    "class_definition",
    "interpolation",
];

/// Whether [`versions::newer_syntax`] has a rule for a node kind.
fn has_version_rule(kind_id: u16) -> bool {
    static TABLE: OnceLock<Vec<bool>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let language = language();
        (0..language.node_kind_count())
            .map(|id| {
                language
                    .node_kind_for_id(id as u16)
                    .is_some_and(|k| VERSION_KINDS.contains(&k))
            })
            .collect()
    });
    table.get(kind_id as usize).copied().unwrap_or(false)
}

/// Whether [`check`] has a rule for a node kind.
fn has_rule(kind_id: u16) -> bool {
    static TABLE: OnceLock<Vec<bool>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let language = language();
        (0..language.node_kind_count())
            .map(|id| {
                language
                    .node_kind_for_id(id as u16)
                    .is_some_and(|k| KINDS.contains(&k))
            })
            .collect()
    });
    table.get(kind_id as usize).copied().unwrap_or(false)
}

fn check(node: Node<'_>, sink: &mut Sink<'_>) {
    if node.is_missing() {
        sink.push(Kind::Unparsed, node, format!("missing `{}`", node.kind()));
        return;
    }
    if node.is_error() {
        sink.push(Kind::Unparsed, node, "invalid syntax");
        return;
    }
    match node.kind() {
        "argument_list" => calls::arguments(node, sink),
        "parameters" | "lambda_parameters" => calls::parameters(node, sink),
        "for_in_clause" | "generator_expression" => calls::comprehension(node, sink),
        "slice" | "constrained_type" => forms::slice(node, sink),
        "list_splat" | "list_splat_pattern" | "splat_type" => forms::star(node, sink),
        "pattern_list" | "tuple_pattern" | "list_pattern" => forms::starred_targets(node, sink),
        "delete_statement" | "augmented_assignment" | "as_pattern_target" => {
            forms::targets(node, sink)
        }
        "print_statement"
        | "exec_statement"
        | "comparison_operator"
        | "integer"
        | "string_start"
        | "raise_statement" => forms::python2(node, sink),
        "return_statement" | "yield" | "await" | "break_statement" | "continue_statement"
        | "for_statement" | "with_statement" => scopes::placement(node, sink),
        "global_statement" | "nonlocal_statement" => scopes::declaration(node, sink),
        "block" if named_children(node).is_empty() => {
            sink.push(Kind::EmptyBlock, node, "expected an indented block");
        }
        _ => {}
    }
}

/// The named children of `node`, comments and backslash continuations left out.
fn named_children(node: Node<'_>) -> Vec<Node<'_>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .filter(|c| !matches!(c.kind(), "comment" | "line_continuation"))
        .collect()
}

/// Whether `child` is the node in `parent`'s field `field`.
fn is_field(parent: Node<'_>, field: &str, child: Node<'_>) -> bool {
    parent.child_by_field_name(field) == Some(child)
}

#[cfg(test)]
mod tests;
