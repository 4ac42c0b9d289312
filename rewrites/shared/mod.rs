//! Helpers shared by rewrites (not rewrites themselves).

pub mod typing;
pub mod union;

use snakeshift_engine::fix::Finding;
use snakeshift_engine::moves::{Arg, RemovedModule, check_import};
use snakeshift_engine::rewrite::{Context, Match, RewriteMeta};

/// The query every removed-module rewrite of the distutils family starts from: import
/// statements that mention the package.
pub fn check_distutils_import<'t>(
    meta: &'static RewriteMeta,
    modules: &'static [RemovedModule],
    m: &Match<'_, 't>,
    ctx: &Context<'_, 't>,
    out: &mut Vec<Finding>,
) {
    if let Some(stmt) = m.get("import") {
        check_import(meta, modules, stmt, ctx, out);
    }
}

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
