use crate::kit::declare::Check;
use snakeshift_engine::edits::{indentation, line_start, reindent_block};
use snakeshift_engine::fix::{Applicability, Edit, Finding, Fix};
use crate::kit::moves::catches_import_error;
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;
use tree_sitter::Node;

rewrite! {
    /// # distutils-import-fallback
    ///
    /// ## What it does
    /// Simplifies a `try`/`except ImportError` that falls back between `setuptools` (or
    /// another module) and `distutils` to the side that does not import `distutils`.
    ///
    /// ## Why
    /// `distutils` was removed in Python 3.12 (PEP 632): the `distutils` branch can only fail,
    /// and keeping it makes every name it binds ambiguous, so the rest of the migration cannot
    /// follow it.
    ///
    /// ## Example
    /// ```python
    /// try:
    ///     from setuptools import setup, Extension
    /// except ImportError:
    ///     from distutils.core import setup, Extension
    /// ```
    /// becomes
    /// ```python
    /// from setuptools import setup, Extension
    /// ```
    ///
    /// ## Fix safety
    /// Safe when both branches hold only imports and constant assignments (such as
    /// `HAVE_SETUPTOOLS = True`), there is a single `except` clause catching the import error
    /// and no `else`/`finally`: on Python 3.12+ the `distutils` branch can only fail or, through
    /// setuptools' shim, import the same setuptools code. Unsafe when comments outside the kept
    /// branch would be lost.
    DistutilsImportFallback {
        id: "distutils-import-fallback",
        group: "distutils",
        summary: "try: import setuptools / except ImportError: import distutils -> keep the setuptools side",
        query: include_str!("query.scm"),
        triggers: &["distutils"],
        removed_in: Some(PyVersion::new(3, 12)),
        fix: FixSafety::Mixed,
        readme: ("distutils", "`try: from setuptools import setup` / `except ImportError: from distutils.core import setup` becomes the setuptools side (either order, with constant flags such as `HAVE_SETUPTOOLS = True`)", "safe (unsafe if a comment outside the kept branch would be lost)"),
        reach: snakeshift_engine::rewrite::Reach::Scope,
        activate: crate::kit::activation::imports_distutils,
    }
}

/// What a branch of the `try` holds.
#[derive(PartialEq)]
enum Branch {
    /// Imports of distutils (and constant assignments).
    Distutils,
    /// Imports of anything else (and constant assignments).
    Other,
    /// Anything else: not a simple fallback.
    Mixed,
}

fn classify(block: Node<'_>, ctx: &Context<'_, '_>) -> Branch {
    let mut cursor = block.walk();
    let (mut distutils, mut other) = (0, 0);
    for stmt in block.named_children(&mut cursor) {
        match stmt.kind() {
            "comment" | "pass_statement" => {}
            "import_statement" | "import_from_statement" => {
                if imports_distutils(stmt, ctx) {
                    distutils += 1;
                } else {
                    other += 1;
                }
            }
            "expression_statement" if is_constant_assignment(stmt) => {}
            _ => return Branch::Mixed,
        }
    }
    match (distutils, other) {
        (d, 0) if d > 0 => Branch::Distutils,
        (0, o) if o > 0 => Branch::Other,
        _ => Branch::Mixed,
    }
}

fn imports_distutils(stmt: Node<'_>, ctx: &Context<'_, '_>) -> bool {
    let is_distutils = |n: Node<'_>| {
        let t = ctx.text_of(n);
        t == "distutils" || t.starts_with("distutils.")
    };
    if let Some(module) = stmt.child_by_field_name("module_name") {
        return is_distutils(module);
    }
    let mut cursor = stmt.walk();
    let names: Vec<Node<'_>> = stmt.children_by_field_name("name", &mut cursor).collect();
    !names.is_empty()
        && names.iter().all(|n| {
            let dotted = n.child_by_field_name("name").unwrap_or(*n);
            is_distutils(dotted)
        })
}

fn is_constant_assignment(stmt: Node<'_>) -> bool {
    let Some(assign) = stmt.named_child(0).filter(|a| a.kind() == "assignment") else {
        return false;
    };
    let left = assign.child_by_field_name("left");
    let right = assign.child_by_field_name("right");
    left.is_some_and(|l| l.kind() == "identifier")
        && right.is_some_and(|r| {
            matches!(
                r.kind(),
                "true" | "false" | "none" | "integer" | "float" | "string"
            )
        })
}

impl Check for DistutilsImportFallback {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        let Some(stmt) = m.get("try") else { return };
        let Some(body) = stmt.child_by_field_name("body") else {
            return;
        };
        let mut cursor = stmt.walk();
        let clauses: Vec<Node<'t>> = stmt
            .named_children(&mut cursor)
            .filter(|c| c.kind() != "block" && c.kind() != "comment")
            .collect();
        let [handler] = clauses.as_slice() else {
            return;
        };
        if handler.kind() != "except_clause" || !catches_import_error(*handler, ctx) {
            return;
        }
        let mut c = handler.walk();
        let Some(handler_body) = handler.named_children(&mut c).find(|n| n.kind() == "block")
        else {
            return;
        };
        let kept = match (classify(body, ctx), classify(handler_body, ctx)) {
            (Branch::Other, Branch::Distutils) => body,
            (Branch::Distutils, Branch::Other) if !ctx.text_of(*handler).contains(" as ") => {
                handler_body
            }
            _ => return,
        };
        let from = indentation(ctx.text, kept.start_byte());
        let to = indentation(ctx.text, stmt.start_byte());
        let Some(text) = reindent_block(ctx.text, kept, from, to) else {
            return;
        };
        let loses_comment = has_comment_outside(stmt, kept);
        let range = line_start(ctx.text, stmt.start_byte())..stmt.end_byte();
        let applicability = if loses_comment {
            Applicability::Unsafe
        } else {
            Applicability::Safe
        };
        let fix = Fix::new(
            "Keep the branch that does not import distutils",
            applicability,
            vec![Edit::replace(range, text)],
        );
        let mut finding = Finding::new(
            Self::META.id,
            stmt.byte_range(),
            "import fallback to `distutils`, which was removed in Python 3.12",
        )
        .with_fix(fix);
        if loses_comment {
            finding = finding.with_note("a comment outside the kept branch would be lost");
        }
        out.push(finding);
    }
}

fn has_comment_outside(stmt: Node<'_>, kept: Node<'_>) -> bool {
    let mut stack = vec![stmt];
    while let Some(n) = stack.pop() {
        if n.id() == kept.id() {
            continue;
        }
        if n.kind() == "comment" {
            return true;
        }
        let mut cursor = n.walk();
        stack.extend(n.children(&mut cursor));
    }
    false
}
