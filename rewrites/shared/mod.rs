//! Helpers shared by rewrites (not rewrites themselves).

pub mod activation;
pub mod list_edit;
pub mod narrowing;
pub mod pyversions;
pub mod toml_list;
pub mod typing;
pub mod union;
pub mod yaml;

use snakeshift_engine::fix::{Edit, Finding};
use snakeshift_engine::moves::Change;
use snakeshift_engine::moves::{Arg, CallSite, RemovedModule, check_changed_import, check_import};
use snakeshift_engine::rewrite::{Context, Match, RewriteMeta};
use snakeshift_engine::version::PyVersion;
use tree_sitter::Node;

/// A hand-written finding about something deprecated (warning since `warns`, or only
/// documented when `None`) and gone in `removal`, worded for the run's `target` exactly as the
/// members of the removed-module tables are ([`Change::describe_for`]): at a target of
/// `removal` or later "`subject` was removed in Python 3.15", before it "`subject` is
/// deprecated (it warns since Python 3.13) and is removed in Python 3.15".
pub fn deprecation(
    subject: &str,
    warns: Option<PyVersion>,
    removal: PyVersion,
    target: PyVersion,
) -> String {
    let change = Change::Deprecated {
        warns,
        removal: Some(removal),
    };
    format!("{subject}{}", change.describe_for(target))
}

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

/// For rewrites whose modules still exist but lost or deprecated some members: the query
/// captures import statements as `@import`.
pub fn check_changed<'t>(
    meta: &'static RewriteMeta,
    modules: &'static [RemovedModule],
    m: &Match<'_, 't>,
    ctx: &Context<'_, 't>,
    out: &mut Vec<Finding>,
) {
    if let Some(stmt) = m.get("import") {
        check_changed_import(meta, modules, stmt, ctx, out);
    }
}

/// For rewrites of modules that no longer exist: the query captures import statements as
/// `@import`. A module restored by its backport (`--backports`) is left alone; findings
/// without a fix say which `--backports` would restore the module.
pub fn check_removed<'t>(
    meta: &'static RewriteMeta,
    modules: &'static [RemovedModule],
    m: &Match<'_, 't>,
    ctx: &Context<'_, 't>,
    out: &mut Vec<Finding>,
) {
    let Some(stmt) = m.get("import") else { return };
    let backports = ctx.options().get::<crate::kit::backports::Backports>();
    if modules.iter().any(|r| backports.contains(r.module)) {
        return;
    }
    let start = out.len();
    check_import(meta, modules, stmt, ctx, out);
    suggest_backports(meta, modules, &mut out[start..]);
}

/// Adds "`snakeshift --backports m` adds `package` …" to the findings without a fix about
/// what went with the module (not about members removed before it, which the backport lacks).
pub fn suggest_backports(meta: &RewriteMeta, modules: &[RemovedModule], findings: &mut [Finding]) {
    let Some(suggestion) = modules
        .iter()
        .find_map(|r| crate::kit::backports::suggestion(r.module))
    else {
        return;
    };
    let Some(removed) = meta
        .removed_in
        .map(|v| format!(" was removed in Python {v}"))
    else {
        return;
    };
    for f in findings
        .iter_mut()
        .filter(|f| f.fix.is_none() && f.message.ends_with(&removed))
    {
        f.note = Some(match f.note.take() {
            Some(note) => format!("{note} ({suggestion})"),
            None => suggestion.clone(),
        });
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

/// `text`, an expression of low precedence (a comparison, `not …`, `… if … else …`), written
/// in place of `site`'s call: parenthesised unless the call stands where any expression fits.
pub fn in_context(site: &CallSite<'_, '_>, text: &str) -> String {
    in_place_of(site.call, text)
}

/// `text`, an expression of low precedence (at most a comparison), written in place of
/// `node`: parenthesised unless `node` stands where any such expression fits.
pub fn in_place_of(node: Node<'_>, text: &str) -> String {
    let fits = node.parent().is_some_and(|p| match p.kind() {
        "expression_statement"
        | "parenthesized_expression"
        | "argument_list"
        | "return_statement"
        | "if_statement"
        | "elif_clause"
        | "while_statement"
        | "not_operator"
        | "boolean_operator"
        | "keyword_argument"
        | "list"
        | "set"
        | "tuple"
        | "expression_list"
        | "assert_statement"
        | "lambda"
        | "pair" => true,
        "assignment" | "augmented_assignment" => {
            p.child_by_field_name("right").map(|r| r.id()) == Some(node.id())
        }
        _ => false,
    });
    if fits {
        text.to_owned()
    } else {
        format!("({text})")
    }
}

/// Joins edits of one fix that touch end to start (a deleted line followed by a replaced
/// block), or deletions that overlap, which the engine would otherwise treat as conflicting.
/// Insertions are kept apart.
pub fn coalesce(mut edits: Vec<Edit>) -> Vec<Edit> {
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out: Vec<Edit> = Vec::with_capacity(edits.len());
    for e in edits {
        if let Some(last) = out.last_mut()
            && last.key.is_none()
            && e.key.is_none()
            && !last.range.is_empty()
            && !e.range.is_empty()
        {
            if last.range.end == e.range.start {
                last.content.push_str(&e.content);
                last.range.end = e.range.end;
                continue;
            }
            // Two deletions that overlap (a member and the blank lines around it).
            if last.content.is_empty() && e.content.is_empty() && e.range.start < last.range.end {
                last.range.end = last.range.end.max(e.range.end);
                continue;
            }
        }
        out.push(e);
    }
    out
}

/// `text`, an `and` / `or` expression, written in place of `node`: parenthesised unless `node`
/// stands where a boolean expression needs no parentheses.
pub fn boolean_in_place_of(node: Node<'_>, text: &str) -> String {
    let fits = node.parent().is_some_and(|p| match p.kind() {
        "expression_statement"
        | "parenthesized_expression"
        | "argument_list"
        | "return_statement"
        | "if_statement"
        | "elif_clause"
        | "while_statement"
        | "keyword_argument"
        | "assert_statement"
        | "lambda" => true,
        "assignment" | "augmented_assignment" => {
            p.child_by_field_name("right").map(|r| r.id()) == Some(node.id())
        }
        _ => false,
    });
    if fits {
        text.to_owned()
    } else {
        format!("({text})")
    }
}

/// The call's text without its `keyword=` argument (and the comma that went with it), or
/// `None` when the call has no such argument.
pub fn without_keyword(site: &CallSite<'_, '_>, keyword: &str) -> Option<String> {
    let arg = site.args.iter().find(|a| a.keyword == Some(keyword))?;
    let node = arg.value.parent()?;
    let ctx = site.ctx();
    let call_start = site.call.start_byte();
    // Remove from the end of the previous argument (or the opening parenthesis) to the end
    // of this one, keeping the following text as it is.
    let start = match node.prev_named_sibling() {
        Some(prev) => prev.end_byte(),
        None => {
            let next = node.next_named_sibling();
            let end = next.map_or(node.end_byte(), |n| n.start_byte());
            let mut text = ctx.text_of(site.call).to_owned();
            text.replace_range(node.start_byte() - call_start..end - call_start, "");
            return Some(text);
        }
    };
    let mut text = ctx.text_of(site.call).to_owned();
    text.replace_range(start - call_start..node.end_byte() - call_start, "");
    Some(text)
}

/// For the import statement `stmt`, removes the bindings of the `gone` qualified names that
/// nothing uses any more: safely when this run left them unused, unsafely when they were
/// already unused (other modules may import them from here).
pub fn remove_unused_imports(
    meta: &'static RewriteMeta,
    stmt: Node<'_>,
    gone: &[&str],
    message: &str,
    ctx: &Context<'_, '_>,
    out: &mut Vec<Finding>,
) {
    let sem = ctx.semantic();
    for id in sem.bindings_of_statement(stmt) {
        let binding = sem.binding(id);
        let Some(q) = binding.qualified_name() else {
            continue;
        };
        if !gone.contains(&q.as_str()) || sem.is_import_used(id) {
            continue;
        }
        let finding = Finding::new(
            meta.id,
            binding.node.byte_range(),
            format!("`{q}` {message} and its import is unused"),
        );
        let edits = ctx.imports().delete(&[id]);
        out.push(if ctx.was_unused_originally(id) {
            finding
                .with_fix(snakeshift_engine::fix::Fix::unsafe_("Remove the import", edits))
                .with_note("it was unused before this migration: if other modules import the name from here, they need a replacement")
        } else {
            finding.with_fix(snakeshift_engine::fix::Fix::safe("Remove the import", edits))
        });
    }
}
