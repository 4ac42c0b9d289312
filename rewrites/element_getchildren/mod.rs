use crate::shared::check_changed;
use snakeshift_engine::fix::Finding;
use snakeshift_engine::fix::{Edit, Fix};
use snakeshift_engine::moves::{CallSite, Member, RemovedModule};
use snakeshift_engine::rewrite::{Context, FixSafety, Match, Rewrite, RewriteMeta};
use snakeshift_engine::version::PyVersion;
use tree_sitter::Node;

rewrite! {
    /// # element-getchildren
    ///
    ///
    /// ## What it does
    /// In files that import `xml.etree`, replaces `elem.getchildren()` with `list(elem)` and
    /// `elem.getiterator(tag)` with `elem.iter(tag)`, and reports `if elem:` where `elem` was
    /// found with `find()`: an element's truth value is its number of children, not whether it was
    /// found.
    ///
    /// ## Why
    /// `getchildren` and `getiterator` were removed in Python 3.9; testing an element's truth value
    /// is deprecated since 3.12 (it warns) and will raise.
    ///
    /// ## Example
    /// ```python
    /// for child in root.getchildren():
    /// ```
    /// becomes
    /// ```python
    /// for child in list(root):
    /// ```
    ///
    /// ## Fix safety
    /// Safe: `getchildren()` returned the list of children and `getiterator()` was `iter()`.
    ElementGetchildren {
        id: "element-getchildren",
        group: "xml",
        summary: "elem.getchildren() -> list(elem), elem.getiterator(tag) -> elem.iter(tag) (safe); truth tests of elements found with find() reported",
        query: include_str!("query.scm"),
        triggers: &["getchildren", "getiterator", "etree"],
        removed_in: Some(PyVersion::new(3, 9)),
        fix: FixSafety::Safe,
        reach: snakeshift_engine::rewrite::Reach::Scope,
    }
}

static MODULES: [RemovedModule; 1] = [RemovedModule {
    module: "xml.etree.ElementTree",
    members: &[Member::elsewhere("Element")],
    other_members: "",
    successor: None,
    shared_state: false,
}];

impl ElementGetchildren {
    fn method_call<'t>(
        &self,
        call: Node<'t>,
        receiver: Node<'t>,
        method: Node<'t>,
        ctx: &Context<'_, 't>,
        out: &mut Vec<Finding>,
    ) {
        if !crate::syntax::imports_module(ctx, "xml.etree")
            || ctx.versions.target < PyVersion::new(3, 9)
        {
            return;
        }
        let Some(site) = CallSite::new(ctx, call) else {
            return;
        };
        let name = ctx.text_of(method);
        let finding = Finding::new(
            Self::META.id,
            call.byte_range(),
            format!("`Element.{name}()` was removed in Python 3.9"),
        );
        match name {
            "getchildren" if site.args.is_empty() => {
                let list = if ctx
                    .semantic()
                    .lookup(ctx.semantic().scope_at(call.start_byte()), "list")
                    .is_empty()
                {
                    "list"
                } else {
                    return;
                };
                out.push(finding.with_fix(Fix::safe(
                    "Use `list(elem)`",
                    vec![Edit::replace(
                        call.byte_range(),
                        format!("{list}({})", ctx.text_of(receiver)),
                    )],
                )));
            }
            "getiterator" => out.push(finding.with_fix(Fix::safe(
                "Use `iter`",
                vec![Edit::replace(method.byte_range(), "iter")],
            ))),
            _ => {}
        }
    }

    /// `if elem:` where `elem = x.find(...)`.
    fn truth_test<'t>(&self, tested: Node<'t>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        if !crate::syntax::imports_module(ctx, "xml.etree")
            || ctx.versions.target < PyVersion::new(3, 12)
        {
            return;
        }
        let sem = ctx.semantic();
        let Some(r) = sem.reference_of(tested) else {
            return;
        };
        let [b] = sem.reference(r).bindings.as_slice() else {
            return;
        };
        let found = sem
            .binding(*b)
            .node
            .parent()
            .filter(|p| p.kind() == "assignment")
            .and_then(|a| a.child_by_field_name("right"))
            .is_some_and(|right| {
                right.kind() == "call"
                    && right
                        .child_by_field_name("function")
                        .and_then(|f| f.child_by_field_name("attribute"))
                        .is_some_and(|a| ctx.text_of(a) == "find")
            });
        if found {
            out.push(
                Finding::new(Self::META.id, tested.byte_range(), "the truth value of an `Element` is deprecated (it warns since Python 3.12)")
                    .with_note("an element without children is false even when found: test `is not None` (or `len(elem)` for children)"),
            );
        }
    }
}

impl Rewrite for ElementGetchildren {
    fn meta(&self) -> &'static RewriteMeta {
        &Self::META
    }

    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_changed(&Self::META, &MODULES, m, ctx, out);
        if let (Some(call), Some(receiver), Some(method)) =
            (m.get("method_call"), m.get("receiver"), m.get("method"))
        {
            self.method_call(call, receiver, method, ctx, out);
        }
        if let (Some(_), Some(tested)) = (m.get("if"), m.get("tested")) {
            self.truth_test(tested, ctx, out);
        }
    }
}
