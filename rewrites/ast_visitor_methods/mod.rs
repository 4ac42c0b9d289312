use crate::kit::declare::Check;
use crate::kit::moves::{Member, RemovedModule};
use crate::kit::removed::ApiFix;
use crate::kit::syntax::{bases, class_members, defines_in_lineage};
use snakeshift_engine::edits::{indentation, next_line_start};
use snakeshift_engine::fix::{Edit, Finding, Fix};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;

rewrite! {
    /// # ast-visitor-methods
    ///
    /// ## What it does
    /// In a class deriving directly from `ast.NodeVisitor` or `ast.NodeTransformer` that
    /// defines `visit_Num`, `visit_Str`, `visit_Bytes`, `visit_NameConstant` or
    /// `visit_Ellipsis` (and no `visit_Constant`), adds a `visit_Constant` that dispatches to
    /// them exactly as the standard library did up to Python 3.13: `visit_Num` for `int`,
    /// `float` and `complex` values (not `bool`), `visit_Str` for `str`, `visit_Bytes` for
    /// `bytes`, `visit_NameConstant` for `None`, `True` and `False`, `visit_Ellipsis` for
    /// `...`, and `generic_visit` for everything else. Other classes defining these methods
    /// are reported: the methods silently stopped being called.
    ///
    /// ## Why
    /// Python 3.14 removed the deprecated dispatch from `visit_Constant` to the per-type
    /// methods: a visitor with `visit_Num` still runs, but the method is never called, so
    /// linters and code generators quietly stop working.
    ///
    /// ## Example
    /// ```python
    /// class Counter(ast.NodeVisitor):
    ///     def visit_Num(self, node):
    ///         self.count += 1
    /// ```
    /// becomes
    /// ```python
    /// class Counter(ast.NodeVisitor):
    ///     def visit_Num(self, node):
    ///         self.count += 1
    ///
    ///     def visit_Constant(self, node):
    ///         value = node.value
    ///         if isinstance(value, (int, float, complex)) and not isinstance(value, bool):
    ///             return self.visit_Num(node)
    ///         return self.generic_visit(node)
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe by the catalogue's classification, although the dispatch is the one Python 3.8–
    /// 3.13 performed (without its `DeprecationWarning`). Only classes whose bases are the
    /// `ast` visitors themselves are rewritten: a base class from elsewhere might define
    /// `visit_Constant`.
    AstVisitorMethods {
        id: "ast-visitor-methods",
        group: "ast",
        summary: "NodeVisitor.visit_Num/visit_Str/visit_Bytes/visit_NameConstant/visit_Ellipsis (no longer called) -> add the visit_Constant dispatch (unsafe); other classes reported",
        query: include_str!("query.scm"),
        triggers: &["visit_Num", "visit_Str", "visit_Bytes", "visit_NameConstant", "visit_Ellipsis"],
        removed_in: Some(PyVersion::new(3, 14)),
        fix: FixSafety::Unsafe,
        readme: ("other", "`visit_Num` & co (no longer called) → an added `visit_Constant` dispatching as 3.13 did", "unsafe"),
        reach: snakeshift_engine::rewrite::Reach::Scope,
        removed_apis: &[&METHODS],
    }
}

/// The visitor methods `ast.NodeVisitor.visit_Constant` no longer dispatches to, in the order
/// the added dispatch tests them.
static METHODS: [RemovedModule; 1] = [RemovedModule {
    module: "ast",
    members: &[
        dispatched("NodeVisitor.visit_NameConstant"),
        dispatched("NodeVisitor.visit_Num"),
        dispatched("NodeVisitor.visit_Str"),
        dispatched("NodeVisitor.visit_Bytes"),
        dispatched("NodeVisitor.visit_Ellipsis"),
    ],
    other_members: "",
    successor: None,
    shared_state: false,
}];

const fn dispatched(name: &'static str) -> Member {
    Member::own(name, "ast.NodeVisitor.visit_Constant", ApiFix::Unsafe)
}

/// The test of `value` that sent a constant to the visitor method `method`.
fn value_test(method: &str) -> &'static str {
    match method {
        "visit_NameConstant" => "value is None or isinstance(value, bool)",
        "visit_Num" => "isinstance(value, (int, float, complex)) and not isinstance(value, bool)",
        "visit_Str" => "isinstance(value, str)",
        "visit_Bytes" => "isinstance(value, bytes)",
        _ => "value is ...",
    }
}

impl Check for AstVisitorMethods {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        let Some(class) = m.get("class") else { return };
        let members = class_members(class, ctx);
        let defined: Vec<(&str, tree_sitter::Node<'t>)> = METHODS[0]
            .members
            .iter()
            .map(Member::short_name)
            .filter_map(|name| {
                members
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, f)| (name, *f))
            })
            .filter(|(_, f)| f.kind() == "function_definition")
            .collect();
        let Some(&(first_name, first)) = defined.first() else {
            return;
        };
        if defines_in_lineage(class, "visit_Constant", ctx) {
            return;
        }
        let sem = ctx.semantic();
        let direct = bases(class).iter().all(|b| {
            sem.qualified_name(*b)
                .is_some_and(|q| q == "ast.NodeVisitor" || q == "ast.NodeTransformer")
        }) && !bases(class).is_empty();
        let name = class
            .child_by_field_name("name")
            .map_or("", |n| ctx.text_of(n));
        let gone = METHODS[0]
            .member(&format!("NodeVisitor.{first_name}"))
            .and_then(|m| m.change_in(&Self::META))
            .and_then(|c| c.gone_in());
        let Some(gone) = gone else { return };
        let finding = Finding::new(
            Self::META.id,
            first
                .child_by_field_name("name")
                .unwrap_or(first)
                .byte_range(),
            format!(
                "`{name}.{first_name}` is no longer called since Python {gone}: `ast.NodeVisitor` only dispatches to `visit_Constant`"
            ),
        );
        if !direct {
            out.push(finding.with_note("define `visit_Constant(self, node)` and test the type of `node.value` (the class's bases are not the `ast` visitors, so it was not rewritten)"));
            return;
        }
        let last = defined
            .iter()
            .map(|(_, f)| *f)
            .max_by_key(|f| f.end_byte())
            .unwrap_or(first);
        let indent = indentation(ctx.text, last.start_byte()).to_owned();
        let unit = ctx.indent_unit();
        let le = ctx.line_ending();
        let mut lines = vec![
            String::new(),
            format!("{indent}def visit_Constant(self, node):"),
            format!("{indent}{unit}value = node.value"),
        ];
        for (method, _) in &defined {
            lines.push(format!("{indent}{unit}if {}:", value_test(method)));
            lines.push(format!("{indent}{unit}{unit}return self.{method}(node)"));
        }
        lines.push(format!("{indent}{unit}return self.generic_visit(node)"));
        let mut text = lines.join(le);
        text.push_str(le);
        let at = next_line_start(ctx.text, last.end_byte());
        let text = if at == ctx.text.len() && !ctx.text.ends_with(['\n', '\r']) {
            format!("{le}{}", text.trim_end_matches(['\n', '\r']))
        } else {
            text
        };
        out.push(
            finding
                .with_fix(Fix::unsafe_("Add the `visit_Constant` dispatch", vec![Edit::insert(at, text)]))
                .with_note("the added `visit_Constant` calls the method for the same values as Python 3.13 did"),
        );
    }
}
