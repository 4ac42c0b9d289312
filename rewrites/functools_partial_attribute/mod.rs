use crate::kit::declare::Check;
use crate::kit::check_changed;
use snakeshift_engine::fix::Finding;
use snakeshift_engine::fix::{Edit, Fix};
use crate::kit::moves::{Member, RemovedModule};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;
use tree_sitter::Node;

rewrite! {
    /// # functools-partial-attribute
    ///
    ///
    /// ## What it does
    /// Wraps a `functools.partial(...)` assigned in a class body in `staticmethod(...)`.
    ///
    /// ## Why
    /// Since Python 3.14 `functools.partial` objects are method descriptors: as a class attribute
    /// they now bind `self` when looked up on an instance, so `obj.attr()` passes the instance as an
    /// extra first argument where it did not before.
    ///
    /// ## Example
    /// ```python
    /// class Client:
    ///     get = functools.partial(request, "GET")
    /// ```
    /// becomes
    /// ```python
    /// class Client:
    ///     get = staticmethod(functools.partial(request, "GET"))
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe by the catalogue's classification, though `staticmethod` keeps the old behaviour on
    /// every Python version: review whether the method should bind `self` instead.
    FunctoolsPartialAttribute {
        id: "functools-partial-attribute",
        group: "functools",
        summary: "functools.partial(...) assigned in a class body -> staticmethod(functools.partial(...)) (unsafe: keeps the old binding)",
        query: include_str!("query.scm"),
        triggers: &["functools"],
        removed_in: Some(PyVersion::new(3, 14)),
        fix: FixSafety::Unsafe,
        readme: ("other", "a `functools.partial` class attribute → `staticmethod(functools.partial(…))`", "unsafe"),
        activate: partial_in_class_body,
        removed_apis: &[&MODULES],
    }
}

static MODULES: [RemovedModule; 1] = [RemovedModule {
    module: "functools",
    members: &[Member::elsewhere("partial")],
    other_members: "",
    successor: None,
    shared_state: false,
}];

impl FunctoolsPartialAttribute {
    fn partial<'t>(
        &self,
        call: Node<'t>,
        function: Node<'t>,
        ctx: &Context<'_, 't>,
        out: &mut Vec<Finding>,
    ) {
        if ctx.semantic().qualified_name(function).as_deref() != Some("functools.partial")
        {
            return;
        }
        let shadowed = !ctx.semantic().lookup(0, "staticmethod").is_empty();
        let finding = Finding::new(
            Self::META.id,
            call.byte_range(),
            "a `functools.partial` class attribute binds `self` since Python 3.14",
        );
        if shadowed {
            out.push(finding.with_note("wrap it in `staticmethod(...)` to keep the old behaviour"));
            return;
        }
        out.push(
            finding
                .with_fix(Fix::unsafe_("Wrap it in `staticmethod`", vec![Edit::insert(call.start_byte(), "staticmethod("), Edit::insert(call.end_byte(), ")")]))
                .with_note("`staticmethod` keeps the behaviour of Python 3.13 and older; drop it if the partial should receive `self`"),
        );
    }
}

impl Check for FunctoolsPartialAttribute {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_changed(&Self::META, &MODULES, m, ctx, out);
        if let (Some(call), Some(function)) = (m.get("partial"), m.get("function")) {
            self.partial(call, function, ctx, out);
        }
    }
}

/// Whether a class body may assign a `partial(...)`: a line `name = ...partial(...)` (or
/// `name: T = ...`) whose
/// block is opened by a `class` line (or `partial` imported under another name).
fn partial_in_class_body(p: &snakeshift_engine::activation::Probe<'_>) -> bool {
    use crate::kit::activation::{after, starts_with_word};
    if !p.imports("functools") {
        return false;
    }
    if p.imports_renamed("functools", "partial") {
        return true;
    }
    let text = p.text();
    let lines = p.lines();
    snakeshift_engine::scan::word_occurrences(text, b"partial").any(|at| {
        if !p.in_code(at) || !after(text, at + 7).starts_with(b"(") {
            return false;
        }
        let i = lines.partition_point(|l| l.end <= at);
        let Some(line) = lines.get(i) else {
            return false;
        };
        let code = p.code_of(line);
        let assigned = code
            .iter()
            .position(|&c| !(c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80))
            .is_some_and(|n| {
                let rest = after(code, n);
                n > 0
                    && (rest.starts_with(b":")
                        || rest.starts_with(b"=") && !rest.starts_with(b"=="))
            });
        // The header of the block holding the line.
        let header = lines[..i].iter().rev().find(|h| h.indent < line.indent);
        assigned && header.is_some_and(|h| starts_with_word(p.code_of(h), &["class"]))
    })
}
