use crate::kit::method_call::MethodCall;
use crate::kit::declare::Check;
use crate::kit::check_changed;
use snakeshift_engine::fix::Finding;
use snakeshift_engine::fix::{Edit, Fix};
use crate::kit::moves::{Member, RemovedModule, Own};
use crate::kit::removed::ApiFix;
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;
use tree_sitter::Node;

rewrite! {
    /// # html-parser-unescape
    ///
    ///
    /// ## What it does
    /// Replaces `HTMLParser.unescape(s)` with `html.unescape(s)`, where the receiver is an
    /// `html.parser.HTMLParser` (made by `HTMLParser()`, or `self` in a subclass that does not
    /// define `unescape`).
    ///
    /// ## Why
    /// The method was deprecated in Python 3.4 and removed in 3.9.
    ///
    /// ## Example
    /// ```python
    /// text = HTMLParser().unescape(raw)
    /// ```
    /// becomes
    /// ```python
    /// text = html.unescape(raw)
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the method called `html.unescape`.
    HtmlParserUnescape {
        id: "html-parser-unescape",
        group: "html",
        summary: "HTMLParser().unescape(s) / self.unescape(s) in an HTMLParser subclass -> html.unescape(s) (safe)",
        query: include_str!("query.scm"),
        triggers: &["unescape"],
        removed_in: Some(PyVersion::new(3, 9)),
        fix: FixSafety::Safe,
        readme: ("other", "`HTMLParser().unescape(s)` → `html.unescape(s)`", "safe"),
        activate: |p| crate::kit::activation::uses_members(p, &MODULES) || p.has_attribute("unescape"),
        removed_apis: &[&MODULES, &METHODS],
    }
}

static MODULES: [RemovedModule; 1] = [RemovedModule {
    module: "html.parser",
    members: &[Member::elsewhere("HTMLParser")],
    other_members: "",
    successor: None,
    shared_state: false,
}];

/// The method this rewrite replaces (removed in Python 3.9, with the rewrite): found by its
/// receiver, an `HTMLParser`.
static METHODS: [RemovedModule; 1] = [RemovedModule {
    module: "html.parser",
    members: &[Member::own("HTMLParser.unescape", "html.unescape", ApiFix::Safe)],
    other_members: "",
    successor: None,
    shared_state: false,
}];

impl HtmlParserUnescape {
    fn method_call<'t>(
        &self,
        call: Node<'t>,
        receiver: Node<'t>,
        method: Node<'t>,
        ctx: &Context<'_, 't>,
        out: &mut Vec<Finding>,
    ) {
        let parser = crate::kit::syntax::origin(receiver, ctx)
            .is_some_and(|q| q == "html.parser.HTMLParser")
            || (ctx.text_of(receiver) == "self"
                && crate::kit::syntax::enclosing_method(receiver).is_some_and(|(_, class)| {
                    crate::kit::syntax::ancestry_names(class, ctx)
                        .iter()
                        .any(|b| b == "html.parser.HTMLParser")
                        && !crate::kit::syntax::defines_in_lineage(class, "unescape", ctx)
                }));
        if !parser {
            return;
        }
        let entry = &METHODS[0].members[0];
        let Some(Own { instead, change, .. }) = entry.own_at(&Self::META, ctx.versions.target) else {
            return;
        };
        let Some(spelled) = ctx.imports().spell(
            instead,
            call.start_byte(),
            snakeshift_engine::imports::Anchor::Top,
            snakeshift_engine::imports::Style::Module,
        ) else {
            return;
        };
        let Some(function) = call.child_by_field_name("function") else {
            return;
        };
        let mut edits = spelled.edits;
        edits.push(Edit::replace(function.byte_range(), spelled.text));
        out.push(
            Finding::new(
                Self::META.id,
                method.byte_range(),
                format!("`{}`{}", entry.name, change.describe()),
            )
            .with_fix(Fix::safe(format!("Use `{instead}`"), edits)),
        );
    }
}

impl Check for HtmlParserUnescape {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_changed(&Self::META, &MODULES, m, ctx, out);
        if let Some(c) = MethodCall::of(m, ctx, None) {
            self.method_call(c.call, c.receiver, c.method, ctx, out);
        }
    }
}
