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
    /// # tarfile-extraction-filter
    ///
    ///
    /// ## What it does
    /// Adds `filter="fully_trusted"` to `extractall()` / `extract()` calls on tar archives
    /// (`tarfile.open(...)`, `tarfile.TarFile(...)`) that pass no `filter`, which keeps the
    /// extraction behaviour of Python 3.13 and older, and reports `TarInfo.tarfile`
    /// (deprecated, removed in 3.16).
    ///
    /// ## Why
    /// Since Python 3.14 extraction applies the `"data"` filter by default: absolute paths, `..`
    /// components, links outside the destination, device files and some permission bits are
    /// refused or changed. Archives that relied on them extract differently.
    ///
    /// ## Example
    /// ```python
    /// with tarfile.open(path) as tar:
    ///     tar.extractall(dest)
    /// ```
    /// becomes
    /// ```python
    /// with tarfile.open(path) as tar:
    ///     tar.extractall(dest, filter="fully_trusted")
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe, deliberately: `"fully_trusted"` keeps the old, unrestricted behaviour, which is only
    /// right for archives you trust. For archives from elsewhere use `filter="data"` (the new
    /// default). The `filter` argument needs Python 3.12 (or a 3.8.17 / 3.9.17 / 3.10.12 / 3.11.4
    /// security release).
    TarfileExtractionFilter {
        id: "tarfile-extraction-filter",
        group: "tarfile",
        summary: "tar.extractall()/extract() without filter= -> filter=\"fully_trusted\", the behaviour before 3.14 (unsafe); TarInfo.tarfile reported",
        query: include_str!("query.scm"),
        triggers: &["tarfile"],
        removed_in: Some(PyVersion::new(3, 14)),
        fix: FixSafety::Unsafe,
        readme: ("other", r#"`extractall()` / `extract()` without `filter=` → `filter="fully_trusted"` (the pre-3.14 behaviour; use `"data"` for untrusted archives); `TarInfo.tarfile` reported"#, "unsafe"),
        reach: snakeshift_engine::rewrite::Reach::Scope,
        activate: may_extract_without_filter,
        removed_apis: &[&MODULES],
    }
}

/// Whether the file holds a shape this rewrite reports: a call of `extract` or `extractall`
/// that passes neither `filter=` nor `**` (the check's own condition), or a `.tarfile`
/// attribute. (`tarfile.open` is in the table only to be followed: it reports nothing.)
fn may_extract_without_filter(p: &snakeshift_engine::activation::Probe<'_>) -> bool {
    use crate::kit::activation::{keyword_of, method_calls};
    let unfiltered = |args: &[&[u8]]| {
        !args
            .iter()
            .any(|a| a.starts_with(b"**") || keyword_of(a) == Some(b"filter"))
    };
    ["extractall", "extract"]
        .iter()
        .any(|m| method_calls(p, m).any(|args| args.is_none_or(|a| unfiltered(&a))))
        || p.has_attribute("tarfile")
}

static MODULES: [RemovedModule; 1] = [RemovedModule {
    module: "tarfile",
    members: &[Member::elsewhere("open")],
    other_members: "",
    successor: None,
    shared_state: false,
}];

impl TarfileExtractionFilter {
    fn method_call<'t>(
        &self,
        call: Node<'t>,
        receiver: Node<'t>,
        method: &str,
        ctx: &Context<'_, 't>,
        out: &mut Vec<Finding>,
    ) {
        let from_tarfile = crate::kit::syntax::origin(receiver, ctx).is_some_and(|q| {
            matches!(
                q.as_str(),
                "tarfile.open" | "tarfile.TarFile" | "tarfile.TarFile.open"
            )
        });
        if !from_tarfile {
            return;
        }
        let Some(site) = CallSite::new(ctx, call) else {
            return;
        };
        if site.args.iter().any(|a| {
            a.keyword == Some("filter") || a.kind == crate::kit::moves::ArgKind::DoubleStar
        }) {
            return;
        }
        let Some(args) = call.child_by_field_name("arguments") else {
            return;
        };
        let q = site.quote();
        let close = args.end_byte() - 1;
        let text = if site.args.is_empty() {
            format!("filter={q}fully_trusted{q}")
        } else {
            let trailing_comma = ctx.text[..close].trim_end().ends_with(',');
            format!(
                "{}filter={q}fully_trusted{q}",
                if trailing_comma { " " } else { ", " }
            )
        };
        let at = if site.args.is_empty() {
            close
        } else {
            site.args.last().map_or(close, |a| {
                let node = if a.keyword.is_some() {
                    a.value.parent().unwrap_or(a.value)
                } else {
                    a.value
                };
                let end = node.end_byte();
                if ctx.text[end..close].trim_start().starts_with(',') {
                    close
                } else {
                    end
                }
            })
        };
        out.push(
            Finding::new(Self::META.id, call.byte_range(), format!("`{method}()` without `filter=` refuses or changes unsafe archive members since Python 3.14"))
                .with_fix(Fix::unsafe_("Keep the old behaviour with `filter=\"fully_trusted\"`", vec![Edit::insert(at, text)]))
                .with_note("`fully_trusted` keeps the old unrestricted extraction: use `filter=\"data\"` for archives you do not trust"),
        );
    }

    fn tarinfo_tarfile<'t>(&self, node: Node<'t>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        let Some(object) = node.child_by_field_name("object") else {
            return;
        };
        if ctx.semantic().qualified_name(object).is_some()
            || !crate::kit::syntax::imports_module(ctx, "tarfile")
        {
            return;
        }
        let info = crate::kit::syntax::origin(object, ctx).is_some_and(|q| q == "tarfile.TarInfo")
            || object.kind() == "call"
                && object
                    .child_by_field_name("function")
                    .and_then(|f| f.child_by_field_name("attribute"))
                    .is_some_and(|a| matches!(ctx.text_of(a), "getmember" | "next"));
        if info {
            out.push(
                Finding::new(Self::META.id, node.byte_range(), "`TarInfo.tarfile` is deprecated (it warns since Python 3.13) and is removed in Python 3.16")
                    .with_note("keep a reference to the `TarFile` yourself"),
            );
        }
    }
}

impl Check for TarfileExtractionFilter {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_changed(&Self::META, &MODULES, m, ctx, out);
        if let Some(c) = MethodCall::of(m, ctx, None) {
            self.method_call(c.call, c.receiver, ctx.text_of(c.method), ctx, out);
        }
        if let Some(node) = m.get("tarfile_use") {
            self.tarinfo_tarfile(node, ctx, out);
        }
    }
}
