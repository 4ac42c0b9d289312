use crate::kit::declare::Check;
use crate::kit::activation;
use crate::kit::check_changed;
use snakeshift_engine::activation::Probe;
use snakeshift_engine::fix::Finding;
use snakeshift_engine::fix::{Edit, Fix};
use crate::kit::moves::{Member, RemovedModule};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;
use tree_sitter::Node;

rewrite! {
    /// # builtin-deprecations
    ///
    ///
    /// ## What it does
    /// | old | becomes | fix |
    /// | --- | --- | --- |
    /// | `gen.throw(exc_type, value, tb)`, `gen.throw(exc_type, value)` (deprecated since 3.12, warns) | `gen.throw(value.with_traceback(tb))`, `gen.throw(value)` | unsafe |
    /// | `~flag` where `flag` is a `bool` (a comparison, `not …`, `True`/`False`, `isinstance(…)`…; deprecated since 3.12, removed in 3.16) | `~int(flag)`, the same number (`-1` / `-2`) | unsafe |
    /// | `return not self.__eq__(other)` (`bool(NotImplemented)` raises `TypeError` since 3.14) | `result = self.__eq__(other)` / `return False if result is NotImplemented else not result` | unsafe |
    /// | `int(x)` where `x`'s class defines only `__trunc__` (removed in 3.14) | the class gains `def __int__(self): return self.__trunc__()` | unsafe |
    /// | `complex(complex_value, x)`, `complex(x, complex_value)` (deprecated since 3.14) | reported: use arithmetic (`a + b * 1j`) | — |
    ///
    /// ## Why
    /// Python 3.14 removed `int()`'s fallback to `__trunc__` and made the truth value of
    /// `NotImplemented` an error (both warned since 3.9–3.11); the three-argument `throw()`, `~` on
    /// booleans and complex arguments to `complex()` warn.
    ///
    /// ## Example
    /// ```python
    /// def __ne__(self, other):
    ///     return not self.__eq__(other)
    /// ```
    /// becomes
    /// ```python
    /// def __ne__(self, other):
    ///     result = self.__eq__(other)
    ///     return False if result is NotImplemented else not result
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe by the catalogue's classification; each fix keeps what Python 3.13 computed.
    /// `throw(value.with_traceback(tb))` is exact when `value` is an instance of the type (the
    /// usual case); `~int(flag)` keeps the number the program computed, where `not flag` is
    /// usually what was meant; the `__ne__` form keeps 3.13's `False` for `NotImplemented`, where
    /// `return NotImplemented` would usually be right; the added `__int__` is what `int()` used.
    BuiltinDeprecations {
        id: "builtin-deprecations",
        group: "builtins",
        summary: "gen.throw(type, value, tb) -> gen.throw(value.with_traceback(tb)) (unsafe), ~<bool> -> ~int(<bool>) (unsafe), return not self.__eq__(other) -> the 3.13 result without NotImplemented's truth value (unsafe), int(x) of __trunc__-only classes -> __int__ added (unsafe); complex(complex, ...) reported",
        query: include_str!("query.scm"),
        triggers: &[".throw(", ".athrow(", "~", "__eq__", "__trunc__", "complex("],
        removed_in: None,
        fix: FixSafety::Unsafe,
        readme: ("other", "`gen.throw(t, v, tb)` → `gen.throw(v.with_traceback(tb))`, `~flag` → `~int(flag)`, `return not self.__eq__(other)` → the 3.13 result, `__trunc__`-only classes gain `__int__`; `complex(complex, …)` reported", "unsafe"),
        activate: may_warn,
        removed_apis: &[&MODULES],
    }
}

/// Whether a trigger is in one of the shapes this rewrite reports: `throw` with more than one
/// argument, `~` before something that may be a bool, `return not ….__eq__(…)`, a `def
/// __trunc__`, `complex()` given a complex number.
fn may_warn(p: &Probe<'_>) -> bool {
    let text = p.text();
    p.hit_lines().any(|(hit, line)| match &text[hit.clone()] {
        b".throw(" | b".athrow(" => activation::call_arguments(text, hit.end - 1).contains(&b','),
        b"~" => {
            const BOOLS: [&str; 8] = [
                "True",
                "False",
                "not",
                "isinstance",
                "issubclass",
                "callable",
                "bool",
                "hasattr",
            ];
            let operand = activation::after(text, hit.end);
            if operand.starts_with(b"(") {
                // A parenthesised operand is a bool when it holds a comparison or one of the
                // words: somewhere in the rest of the logical line.
                let start = line.as_ptr() as usize - text.as_ptr() as usize;
                let rest = line.get(hit.end.saturating_sub(start)..).unwrap_or_default();
                ["==", "!=", "<", ">"]
                    .iter()
                    .any(|op| memchr::memmem::find(rest, op.as_bytes()).is_some())
                    || ["in", "is"]
                        .iter()
                        .chain(&BOOLS)
                        .any(|w| activation::has_word(rest, w))
            } else {
                BOOLS
                    .iter()
                    .any(|w| activation::starts_with_word(operand, &[w]))
            }
        }
        b"__eq__" => {
            activation::starts_with_word(line, &["return"]) && activation::has_word(line, "not")
        }
        b"__trunc__" => activation::before(text, hit.start).ends_with(b"def"),
        b"complex(" => {
            let args = activation::call_arguments(text, hit.end - 1);
            activation::identifier_at(text, &(hit.start..hit.start + 1)) == b"complex"
                && (args.windows(8).any(|w| w == b"complex(")
                    || args.windows(2).any(|w| {
                        (w[0].is_ascii_digit() || w[0] == b'.') && matches!(w[1], b'j' | b'J')
                    }))
        }
        _ => true,
    })
}

static MODULES: [RemovedModule; 1] = [RemovedModule {
    module: "builtins",
    members: &[Member::elsewhere("complex")],
    other_members: "",
    successor: None,
    shared_state: false,
}];

/// Whether an expression is certainly a `bool`.
fn is_bool(node: Node<'_>, ctx: &Context<'_, '_>) -> bool {
    match node.kind() {
        "true" | "false" | "not_operator" => true,
        "comparison_operator" => true,
        "parenthesized_expression" => node.named_child(0).is_some_and(|n| is_bool(n, ctx)),
        "call" => node.child_by_field_name("function").is_some_and(|f| {
            matches!(
                ctx.text_of(f),
                "isinstance" | "issubclass" | "callable" | "bool" | "hasattr"
            ) && ctx
                .semantic()
                .lookup(ctx.semantic().scope_at(f.start_byte()), ctx.text_of(f))
                .is_empty()
        }),
        _ => false,
    }
}

impl BuiltinDeprecations {
    fn throw<'t>(&self, call: Node<'t>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        let Some(site) = crate::kit::moves::CallSite::new(ctx, call) else {
            return;
        };
        if ctx.versions.target < PyVersion::new(3, 12)
            || !(2..=3).contains(&site.args.len())
            || site
                .args
                .iter()
                .any(|a| a.kind != crate::kit::moves::ArgKind::Positional)
        {
            return;
        }
        let value = &site.args[1];
        let finding = Finding::new(
            Self::META.id,
            call.byte_range(),
            "the `(type, value, traceback)` signature of `throw()` is deprecated (it warns since Python 3.12)",
        );
        if value.value.kind() == "none" || site.loses_comments() {
            out.push(finding.with_note("pass the exception instance alone: `throw(value)`"));
            return;
        }
        let value_text = crate::kit::syntax::primary_text(value.value, ctx);
        let new = match site.args.get(2) {
            Some(tb) if tb.value.kind() != "none" => {
                format!("{value_text}.with_traceback({})", tb.text)
            }
            _ => value.text.to_owned(),
        };
        let Some(args) = call.child_by_field_name("arguments") else {
            return;
        };
        out.push(
            finding
                .with_fix(Fix::unsafe_(
                    "Pass the exception instance",
                    vec![Edit::replace(args.byte_range(), format!("({new})"))],
                ))
                .with_note("exact when the value is an instance of the type, as is usual"),
        );
    }

    fn invert<'t>(
        &self,
        node: Node<'t>,
        operand: Node<'t>,
        ctx: &Context<'_, 't>,
        out: &mut Vec<Finding>,
    ) {
        if ctx.versions.target < PyVersion::new(3, 12) || !is_bool(operand, ctx) {
            return;
        }
        let inner = match operand.kind() {
            "parenthesized_expression" => {
                ctx.text_of(operand)[1..ctx.text_of(operand).len() - 1].to_owned()
            }
            _ => ctx.text_of(operand).to_owned(),
        };
        out.push(
            Finding::new(Self::META.id, node.byte_range(), "`~` on a bool is deprecated (it warns since Python 3.12) and raises in Python 3.16")
                .with_fix(Fix::unsafe_("Invert the integer", vec![Edit::replace(operand.byte_range(), format!("int({inner})"))]))
                .with_note("`~True` is -2 and `~False` is -1 (both true): `not` is usually what was meant"),
        );
    }

    fn ne<'t>(&self, stmt: Node<'t>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        if ctx.versions.target < PyVersion::new(3, 14) {
            return;
        }
        let Some(not) = stmt.named_child(0) else {
            return;
        };
        let Some(call) = not.child_by_field_name("argument") else {
            return;
        };
        let finding = Finding::new(
            Self::META.id,
            stmt.byte_range(),
            "`not NotImplemented` raises `TypeError` since Python 3.14",
        );
        let taken = !ctx
            .semantic()
            .lookup(ctx.semantic().scope_at(stmt.start_byte()), "result")
            .is_empty();
        let alone = snakeshift_engine::edits::is_alone_on_lines(ctx.text, stmt);
        if taken || !alone {
            out.push(finding.with_note("return `NotImplemented` when `__eq__` does"));
            return;
        }
        let indent = snakeshift_engine::edits::indentation(ctx.text, stmt.start_byte());
        let le = ctx.line_ending();
        let text = format!(
            "result = {}{le}{indent}return False if result is NotImplemented else not result",
            ctx.text_of(call)
        );
        out.push(
            finding
                .with_fix(Fix::unsafe_("Keep the result of Python 3.13", vec![Edit::replace(stmt.byte_range(), text)]))
                .with_note("Python 3.13 returned `False` when `__eq__` returned `NotImplemented`; returning `NotImplemented` is usually what was meant"),
        );
    }

    fn trunc<'t>(&self, class: Node<'t>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        if ctx.versions.target < PyVersion::new(3, 14) {
            return;
        }
        let members = crate::kit::syntax::class_members(class, ctx);
        let Some((_, trunc)) = members
            .iter()
            .find(|(n, d)| *n == "__trunc__" && d.kind() == "function_definition")
        else {
            return;
        };
        if ["__int__", "__index__"]
            .iter()
            .any(|n| crate::kit::syntax::defines_in_lineage(class, n, ctx))
        {
            return;
        }
        let name = trunc.child_by_field_name("name").unwrap_or(*trunc);
        let finding = Finding::new(
            Self::META.id,
            name.byte_range(),
            "`int()` no longer falls back to `__trunc__` since Python 3.14",
        );
        if !crate::kit::syntax::bases(class).is_empty() {
            out.push(finding.with_note("define `__int__` (or `__index__`) returning `self.__trunc__()`; the class has bases, which may define `__int__` themselves"));
            return;
        }
        let indent = snakeshift_engine::edits::indentation(ctx.text, trunc.start_byte());
        let unit = ctx.indent_unit();
        let le = ctx.line_ending();
        let text =
            format!("{le}{indent}def __int__(self):{le}{indent}{unit}return self.__trunc__(){le}");
        let at = snakeshift_engine::edits::next_line_start(ctx.text, trunc.end_byte());
        let text = if at == ctx.text.len() && !ctx.text.ends_with(['\n', '\r']) {
            format!("{le}{}", text.trim_end_matches(['\n', '\r']))
        } else {
            text
        };
        out.push(
            finding
                .with_fix(Fix::unsafe_("Add `__int__`", vec![Edit::insert(at, text)]))
                .with_note("`__int__` also serves `int()` where the class is used as a number; that is what `__trunc__` did"),
        );
    }

    fn complex<'t>(&self, call: Node<'t>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        if ctx.versions.target < PyVersion::new(3, 14)
            || !ctx
                .semantic()
                .lookup(ctx.semantic().scope_at(call.start_byte()), "complex")
                .is_empty()
        {
            return;
        }
        let Some(args) = call.child_by_field_name("arguments") else {
            return;
        };
        let mut cursor = args.walk();
        let complex_arg = args.named_children(&mut cursor).count() == 2 && {
            let mut c = args.walk();
            let list: Vec<Node<'_>> = args.named_children(&mut c).collect();
            list.iter().any(|a| {
                let t = ctx.text_of(*a);
                (a.kind() == "integer" || a.kind() == "float")
                    && (t.ends_with('j') || t.ends_with('J'))
                    || (a.kind() == "call"
                        && a.child_by_field_name("function")
                            .is_some_and(|f| ctx.text_of(f) == "complex"))
                    || (a.kind() == "binary_operator" && (t.ends_with('j') || t.ends_with('J')))
            })
        };
        if complex_arg {
            out.push(
                Finding::new(Self::META.id, call.byte_range(), "passing a complex number to `complex()` is deprecated (it warns since Python 3.14)")
                    .with_note("use arithmetic: `a + b * 1j`"),
            );
        }
    }
}

impl Check for BuiltinDeprecations {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_changed(&Self::META, &MODULES, m, ctx, out);
        if let Some(call) = m.get("throw") {
            self.throw(call, ctx, out);
        }
        if let (Some(node), Some(operand)) = (m.get("invert"), m.get("operand")) {
            self.invert(node, operand, ctx, out);
        }
        if let Some(stmt) = m.get("ne") {
            self.ne(stmt, ctx, out);
        }
        if let Some(class) = m.get("class") {
            self.trunc(class, ctx, out);
        }
        if let Some(call) = m.get("complex") {
            self.complex(call, ctx, out);
        }
    }
}
