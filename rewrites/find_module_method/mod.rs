use crate::kit::declare::Check;
use crate::kit::moves::{Member, RemovedModule};
use crate::kit::removed::ApiFix;
use crate::kit::syntax::{class_members, first_parameter};
use snakeshift_engine::edits::{indentation, next_line_start};
use snakeshift_engine::fix::{Edit, Finding, Fix};
use snakeshift_engine::imports::Anchor;
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;

rewrite! {
    /// # find-module-method
    ///
    /// ## What it does
    /// Finds import finders written against the pre-3.4 protocol: a class that defines
    /// `find_module(self, fullname, path=None)` but no `find_spec` gets a `find_spec` that
    /// asks `find_module` for a loader and wraps it in a spec with
    /// `importlib.util.spec_from_loader`, as the import system itself did up to Python 3.11.
    /// Classes with `find_loader` (path entry finders) and `module_repr` methods are reported.
    ///
    /// ## Why
    /// Since Python 3.12 the import system no longer calls `find_module()` or
    /// `find_loader()`: a finder on `sys.meta_path` that only has `find_module` is silently
    /// skipped, and the modules it provided stop importing. `module_repr()` is not called
    /// any more either.
    ///
    /// ## Example
    /// ```python
    /// class PluginFinder:
    ///     def find_module(self, fullname, path=None):
    ///         ...
    /// ```
    /// becomes
    /// ```python
    /// class PluginFinder:
    ///     def find_module(self, fullname, path=None):
    ///         ...
    ///
    ///     def find_spec(self, fullname, path=None, target=None):
    ///         loader = self.find_module(fullname, path)
    ///         if loader is None:
    ///             return None
    ///         return importlib.util.spec_from_loader(fullname, loader)
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the loader is then used through the spec; a loader with only `load_module()`
    /// still works on Python 3.12–3.14 (with a warning) but needs `exec_module()` before 3.15.
    FindModuleMethod {
        id: "find-module-method",
        group: "importlib",
        summary: "finders with find_module() but no find_spec() (no longer called since 3.12) -> add find_spec() wrapping it (unsafe); find_loader()/module_repr() methods reported",
        query: include_str!("query.scm"),
        triggers: &["find_module", "find_loader", "module_repr"],
        removed_in: Some(PyVersion::new(3, 12)),
        fix: FixSafety::Unsafe,
        readme: ("imp", "a finder with `find_module()` but no `find_spec()` (skipped by the import system since 3.12) gains a `find_spec()` wrapping it; `find_loader()` / `module_repr()` methods reported", "unsafe"),
        reach: snakeshift_engine::rewrite::Reach::Scope,
        // A method defined in a class: `def find_module` (the query's own condition).
        activate: |p| {
            p.hits()
                .iter()
                .any(|h| crate::kit::activation::before(p.text(), h.start).ends_with(b"def"))
        },
        removed_apis: &[&METHODS],
    }
}

/// The methods of finders and loaders the import system no longer calls.
static METHODS: [RemovedModule; 1] = [RemovedModule {
    module: "importlib.abc",
    members: &[
        Member::own(
            "MetaPathFinder.find_module",
            "importlib.abc.MetaPathFinder.find_spec",
            ApiFix::Unsafe,
        ),
        Member::own(
            "PathEntryFinder.find_loader",
            "importlib.abc.PathEntryFinder.find_spec",
            ApiFix::Manual,
        ),
        Member::own(
            "Loader.module_repr",
            "the module's spec (`spec.origin`) or a `__repr__`",
            ApiFix::Manual,
        ),
    ],
    other_members: "",
    successor: None,
    shared_state: false,
}];

impl Check for FindModuleMethod {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        let Some(class) = m.get("class") else { return };
        let members = class_members(class, ctx);
        let has = |name: &str| members.iter().any(|(n, _)| *n == name);
        let class_name = class
            .child_by_field_name("name")
            .map_or("", |n| ctx.text_of(n));
        for (name, def) in &members {
            if def.kind() != "function_definition" {
                continue;
            }
            let Some(since) = METHODS[0]
                .members
                .iter()
                .find(|m| m.short_name() == *name)
                .and_then(|m| m.change_in(&Self::META))
                .and_then(|c| c.gone_in())
            else {
                continue;
            };
            let at = def.child_by_field_name("name").unwrap_or(*def).byte_range();
            match *name {
                "module_repr" => out.push(
                    Finding::new(Self::META.id, at, format!("`{class_name}.module_repr` is no longer called since Python {since}"))
                        .with_note("module reprs come from the module's spec; set `spec.origin` or give the module a `__repr__` through its loader"),
                ),
                "find_loader" if !has("find_spec") => out.push(
                    Finding::new(Self::META.id, at, format!("`{class_name}.find_loader` is no longer called since Python {since}"))
                        .with_note("implement `find_spec(fullname, target=None)` returning `importlib.util.spec_from_loader(fullname, loader)` (with `submodule_search_locations` for namespace portions)"),
                ),
                "find_module" if !has("find_spec") => self.add_find_spec(class_name, *def, at, since, ctx, out),
                _ => {}
            }
        }
    }
}

impl FindModuleMethod {
    fn add_find_spec<'t>(
        &self,
        class_name: &str,
        def: tree_sitter::Node<'t>,
        at: std::ops::Range<usize>,
        since: PyVersion,
        ctx: &Context<'_, 't>,
        out: &mut Vec<Finding>,
    ) {
        let finding = Finding::new(
            Self::META.id,
            at,
            format!(
                "`{class_name}.find_module` is no longer called since Python {since}: the import system only calls `find_spec`"
            ),
        );
        let params = def
            .child_by_field_name("parameters")
            .map(|p| p.named_child_count())
            .unwrap_or(0);
        let this = first_parameter(def, ctx).unwrap_or("self");
        let decorated = def
            .parent()
            .is_some_and(|p| p.kind() == "decorated_definition");
        let Some(util) = ctx
            .imports()
            .module("importlib.util", ctx.text.len(), Anchor::Top)
            .filter(|_| params >= 2 && !decorated)
        else {
            out.push(finding.with_note("add `find_spec(self, fullname, path=None, target=None)` returning `importlib.util.spec_from_loader(fullname, loader)`"));
            return;
        };
        let indent = indentation(ctx.text, def.start_byte());
        let unit = ctx.indent_unit();
        let le = ctx.line_ending();
        let path = if params >= 3 { ", path" } else { "" };
        let lines = [
            String::new(),
            format!("{indent}def find_spec({this}, fullname, path=None, target=None):"),
            format!("{indent}{unit}loader = {this}.find_module(fullname{path})"),
            format!("{indent}{unit}if loader is None:"),
            format!("{indent}{unit}{unit}return None"),
            format!(
                "{indent}{unit}return {}.spec_from_loader(fullname, loader)",
                util.text
            ),
        ];
        let mut text = lines.join(le);
        text.push_str(le);
        let insert_at = next_line_start(ctx.text, def.end_byte());
        let text = if insert_at == ctx.text.len() && !ctx.text.ends_with(['\n', '\r']) {
            format!("{le}{}", text.trim_end_matches(['\n', '\r']))
        } else {
            text
        };
        let mut edits = util.edits;
        edits.push(Edit::insert(insert_at, text));
        let note = if ctx.versions.target >= PyVersion::new(3, 15) {
            "a loader with only `load_module()` no longer works since Python 3.15: give it `exec_module()`"
        } else {
            "a loader with only `load_module()` still works until Python 3.15 (with a warning); give it `exec_module()`"
        };
        out.push(
            finding
                .with_fix(Fix::unsafe_(
                    "Add `find_spec` wrapping `find_module`",
                    edits,
                ))
                .with_note(note),
        );
    }
}
