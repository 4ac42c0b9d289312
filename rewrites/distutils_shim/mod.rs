use crate::kit::declare::Check;
use snakeshift_engine::edits::line_start;
use snakeshift_engine::fix::{Edit, Finding, Fix};
use snakeshift_engine::rewrite::{Context, FixSafety, Match, Stage};
use snakeshift_engine::semantic::BindingKind;
use snakeshift_engine::version::PyVersion;
use tree_sitter::Node;

rewrite! {
    /// # distutils-shim
    ///
    /// ## What it does
    /// When `distutils` imports are still needed after every other rewrite of the group (a
    /// use with no faithful replacement, such as the result of `copy_tree` or a compiler
    /// class), adds `import setuptools` before them, so that setuptools' `distutils` shim
    /// answers them on Python 3.12+.
    ///
    /// ## Why
    /// `distutils` was removed in Python 3.12 (PEP 632). setuptools still ships a copy of it,
    /// and importing `setuptools` makes `import distutils` resolve to that copy: the
    /// "quick unblock" PEP 632 and setuptools recommend while the remaining uses are ported.
    ///
    /// ## Example
    /// ```python
    /// from distutils.dir_util import copy_tree
    /// copied = copy_tree("a", "b")
    /// ```
    /// becomes
    /// ```python
    /// import setuptools  # noqa: F401 (provides `distutils` on Python 3.12+)
    /// from distutils.dir_util import copy_tree
    /// copied = copy_tree("a", "b")
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the program now needs setuptools at run time, and gets setuptools' copy of
    /// `distutils` rather than the standard library's (on 3.10 and 3.11 too, once setuptools
    /// is imported). It runs only after the other rewrites have applied everything they can,
    /// and never for the modules the shim lacks (`msvccompiler`, `msvc9compiler`,
    /// `bcppcompiler`, and the `bdist_wininst`, `bdist_msi`, `upload` and `register`
    /// commands).
    DistutilsShim {
        id: "distutils-shim",
        group: "distutils",
        summary: "keep unported distutils uses working through setuptools' shim (fallback)",
        query: include_str!("query.scm"),
        triggers: &["distutils"],
        removed_in: Some(PyVersion::new(3, 12)),
        fix: FixSafety::Unsafe,
        readme: ("distutils", "fallback: when `distutils` imports are still needed after everything else, adds `import setuptools` before them so setuptools' `distutils` shim answers on 3.12+", "unsafe (adds a run-time dependency on setuptools)"),
        stage: Stage::Fallback,
        activate: crate::kit::activation::imports_distutils,
    }
}

/// Modules setuptools' shim does not provide.
const NOT_IN_SHIM: [&str; 7] = [
    "distutils.msvccompiler",
    "distutils.msvc9compiler",
    "distutils.bcppcompiler",
    "distutils.command.bdist_wininst",
    "distutils.command.bdist_msi",
    "distutils.command.upload",
    "distutils.command.register",
];

/// The module an import binding loads, when it is part of distutils.
fn distutils_module(kind: &BindingKind) -> Option<String> {
    let module = match kind {
        BindingKind::Import { module, .. } => module.clone(),
        BindingKind::FromImport { module, member } => format!("{module}.{member}"),
        _ => return None,
    };
    (module == "distutils" || module.starts_with("distutils.")).then_some(module)
}

/// The statement directly in the module that contains `node`.
fn top_level(node: Node<'_>) -> Node<'_> {
    let mut current = node;
    while let Some(parent) = current.parent() {
        if parent.kind() == "module" {
            break;
        }
        current = parent;
    }
    current
}

fn imports_setuptools(stmt: Node<'_>, ctx: &Context<'_, '_>) -> bool {
    let text = ctx.text_of(stmt);
    matches!(stmt.kind(), "import_statement" | "import_from_statement")
        && text
            .split_whitespace()
            .nth(1)
            .is_some_and(|m| m == "setuptools" || m.starts_with("setuptools."))
}

impl Check for DistutilsShim {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        let Some(stmt) = m.get("import") else { return };
        let sem = ctx.semantic();
        let needed = sem.bindings_of_statement(stmt).into_iter().any(|id| {
            distutils_module(&sem.binding(id).kind).is_some_and(|module| {
                !NOT_IN_SHIM
                    .iter()
                    .any(|n| module == *n || module.starts_with(&format!("{n}.")))
            }) && sem.is_import_used(id)
        });
        if !needed {
            return;
        }
        // The first distutils import of the module decides where the shim must be loaded.
        let first = sem
            .bindings()
            .filter(|(_, b)| distutils_module(&b.kind).is_some())
            .filter_map(|(_, b)| b.statement)
            .min_by_key(|s| s.start_byte())
            .unwrap_or(stmt);
        let anchor = top_level(first);
        let root = ctx.tree.root_node();
        let mut cursor = root.walk();
        let already = root
            .named_children(&mut cursor)
            .take_while(|s| s.start_byte() < anchor.start_byte())
            .any(|s| imports_setuptools(s, ctx));
        if already {
            return;
        }
        let at = line_start(ctx.text, anchor.start_byte()).min(ctx.imports().top_position());
        let line = format!(
            "import setuptools  # noqa: F401 (provides `distutils` on Python 3.12+){}",
            ctx.line_ending()
        );
        let fix = Fix::unsafe_(
            "Import setuptools first, so that its distutils shim answers",
            vec![Edit::insert(at, line).keyed("setuptools-shim")],
        );
        out.push(
            Finding::new(
                Self::META.id,
                stmt.byte_range(),
                "`distutils` is still needed here, and was removed in Python 3.12",
            )
            .with_fix(fix)
            .with_note("setuptools' `distutils` shim can keep it working: the project then needs setuptools at run time"),
        );
    }
}
