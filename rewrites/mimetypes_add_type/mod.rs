use crate::kit::method_call::MethodCall;
use crate::kit::declare::Check;
use crate::kit::check_changed;
use snakeshift_engine::fix::Finding;
use snakeshift_engine::fix::{Edit, Fix};
use crate::kit::moves::{CallSite, Member, RemovedModule};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;
use tree_sitter::Node;

rewrite! {
    /// # mimetypes-add-type
    ///
    ///
    /// ## What it does
    /// Adds the missing leading dot to the extension passed to `mimetypes.add_type` or
    /// `MimeTypes.add_type`: `add_type("text/x-foo", "foo")` becomes
    /// `add_type("text/x-foo", ".foo")`.
    ///
    /// ## Why
    /// An extension without a dot is deprecated since Python 3.14 (it warns) and raises
    /// `ValueError` in 3.16. It never matched anything: file names are looked up by their dotted
    /// suffix.
    ///
    /// ## Example
    /// ```python
    /// mimetypes.add_type("text/markdown", "md")
    /// ```
    /// becomes
    /// ```python
    /// mimetypes.add_type("text/markdown", ".md")
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the undotted extension never matched a file name, so after the fix
    /// `guess_type()` finds the type where it did not before (and `guess_extension()` returns
    /// the dotted form). That is what was meant, but it changes behaviour. Only string literals
    /// are changed.
    MimetypesAddType {
        id: "mimetypes-add-type",
        group: "mimetypes",
        summary: "add_type(type, \"ext\") without the leading dot -> \".ext\" (unsafe: the type starts to match)",
        query: include_str!("query.scm"),
        triggers: &["add_type"],
        removed_in: None,
        fix: FixSafety::Unsafe,
        readme: ("other", r#"`add_type(t, "ext")` → `".ext"` (the type then matches file names, as meant)"#, "unsafe"),
        removed_apis: &[&MODULES],
    }
}

static MODULES: [RemovedModule; 1] = [RemovedModule {
    module: "mimetypes",
    members: &[Member::elsewhere("add_type")],
    other_members: "",
    successor: None,
    shared_state: false,
}];

impl MimetypesAddType {
    fn method_call<'t>(
        &self,
        call: Node<'t>,
        _receiver: Node<'t>,
        _method: Node<'t>,
        ctx: &Context<'_, 't>,
        out: &mut Vec<Finding>,
    ) {
        if ctx.versions.target < PyVersion::new(3, 14) {
            return;
        }
        let Some(site) = CallSite::new(ctx, call) else {
            return;
        };
        let Some(ext) = site.param(1, "ext") else {
            return;
        };
        let text = ext.text;
        let quote = text.chars().next().unwrap_or('"');
        if ext.value.kind() != "string"
            || !matches!(quote, '"' | '\'')
            || text.len() < 3
            || text[1..].starts_with('.')
        {
            return;
        }
        out.push(
            Finding::new(
                Self::META.id,
                ext.value.byte_range(),
                "an extension without a leading dot is deprecated (it warns since Python 3.14)",
            )
            .with_fix(Fix::safe(
                "Add the dot",
                vec![Edit::insert(ext.value.start_byte() + 1, ".")],
            )),
        );
    }
}

impl Check for MimetypesAddType {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_changed(&Self::META, &MODULES, m, ctx, out);
        if let Some(c) = MethodCall::of(m, ctx, Some("mimetypes")) {
            self.method_call(c.call, c.receiver, c.method, ctx, out);
        }
    }
}
