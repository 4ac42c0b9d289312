//! Where an expression sits decides when (and whether) Python evaluates it, and so which
//! syntax it may use for the oldest supported Python.

use crate::rewrite::Context;
use crate::semantic::ScopeKind;
use tree_sitter::Node;

/// When Python evaluates an expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Position {
    /// Never evaluated, and type checkers accept the newest syntax: stubs (`.pyi`), and
    /// local variable annotations under `from __future__ import annotations`.
    Inert,
    /// Never evaluated at run time, but read by type checkers as code of the minimum Python:
    /// local variable annotations, `if TYPE_CHECKING:` blocks, `type X = ...` values.
    Unevaluated,
    /// An annotation stored unevaluated (`from __future__ import annotations`, or written as a
    /// string) and evaluated only when something introspects it.
    Deferred,
    /// An annotation evaluated when its definition runs.
    Eager,
    /// Evaluated, but read only by type checkers: the type of `cast(T, x)`, a `TypeVar`'s bound
    /// or constraints, a `NewType`'s base.
    TypingOnly,
    /// The value of a type alias: `X = Union[A, B]`, `X: TypeAlias = ...`.
    Alias,
    /// Any other expression.
    Runtime,
}

/// Classifies a node of the file's own tree.
pub fn classify(ctx: &Context<'_, '_>, node: Node<'_>) -> Position {
    if ctx.file.is_stub {
        return Position::Inert;
    }
    if in_type_checking_block(ctx, node) {
        return Position::Unevaluated;
    }
    let mut child = node;
    while let Some(parent) = child.parent() {
        let field_of =
            |name: &str| parent.child_by_field_name(name).map(|n| n.id()) == Some(child.id());
        match parent.kind() {
            "type_alias_statement" => return Position::Unevaluated,
            "typed_parameter" | "typed_default_parameter" if field_of("type") => {
                return annotation(ctx, false);
            }
            "function_definition" if field_of("return_type") => {
                return annotation(ctx, false);
            }
            "assignment" if field_of("type") => {
                let local = ctx
                    .semantic()
                    .scope(ctx.semantic().scope_at(parent.start_byte()))
                    .kind
                    == ScopeKind::Function;
                return annotation(ctx, local);
            }
            "assignment" if field_of("right") => {
                return if is_alias_value(parent, child) {
                    Position::Alias
                } else {
                    Position::Runtime
                };
            }
            "argument_list" => {
                if let Some(call) = parent.parent().filter(|c| c.kind() == "call")
                    && is_typing_only_argument(ctx, call, parent, child)
                {
                    return Position::TypingOnly;
                }
            }
            "block" | "module" | "expression_statement" | "lambda" => return Position::Runtime,
            _ => {}
        }
        child = parent;
    }
    Position::Runtime
}

fn annotation(ctx: &Context<'_, '_>, local_variable: bool) -> Position {
    match (local_variable, ctx.semantic().future_annotations()) {
        (true, true) => Position::Inert,
        (true, false) => Position::Unevaluated,
        (false, true) => Position::Deferred,
        (false, false) => Position::Eager,
    }
}

/// The right side of `X = ...` (or `X: TypeAlias = ...`) is a type alias when it is a
/// subscript, a `|` union or a name — not a call or a literal.
fn is_alias_value(assignment: Node<'_>, value: Node<'_>) -> bool {
    let target_is_name = assignment
        .child_by_field_name("left")
        .is_some_and(|l| l.kind() == "identifier");
    target_is_name
        && matches!(
            value.kind(),
            "subscript" | "binary_operator" | "attribute" | "identifier"
        )
}

/// `cast(T, x)`'s first argument, `TypeVar("T", A, B, bound=C)`'s constraints and bound,
/// `NewType("N", T)`'s base.
fn is_typing_only_argument(
    ctx: &Context<'_, '_>,
    call: Node<'_>,
    args: Node<'_>,
    arg: Node<'_>,
) -> bool {
    let Some(function) = call.child_by_field_name("function") else {
        return false;
    };
    let Some(name) = ctx.semantic().qualified_name(function) else {
        return false;
    };
    let name = name.replacen("typing_extensions.", "typing.", 1);
    let mut cursor = args.walk();
    let index = args
        .named_children(&mut cursor)
        .filter(|c| c.kind() != "comment")
        .position(|c| c.id() == arg.id());
    let is_keyword = arg.kind() == "keyword_argument";
    let keyword = arg
        .child_by_field_name("name")
        .map(|n| ctx.text_of(n))
        .unwrap_or_default();
    match name.as_str() {
        "typing.cast" => index == Some(0),
        "typing.TypeVar" => {
            (is_keyword && keyword == "bound") || (!is_keyword && index.is_some_and(|i| i > 0))
        }
        "typing.NewType" => index == Some(1),
        _ => false,
    }
}

/// Inside the body (not the `else`) of `if TYPE_CHECKING:`.
pub fn in_type_checking_block(ctx: &Context<'_, '_>, node: Node<'_>) -> bool {
    ctx.semantic().in_type_checking_block(node.start_byte())
}
