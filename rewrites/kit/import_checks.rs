//! The checks of import statements that name removed or changed modules, over their
//! member tables ([`super::moves`]), and the wording of hand-written deprecation findings.

use crate::kit::moves::{Change, RemovedModule, check_changed_import, check_import};
use snakeshift_engine::fix::Finding;
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
