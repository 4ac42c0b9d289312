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
    /// # gzip-filename
    ///
    ///
    /// ## What it does
    /// Replaces `f.filename` with `f.name` where `f` is a gzip file (`f = gzip.open(...)`,
    /// `with gzip.GzipFile(...) as f`).
    ///
    /// ## Why
    /// `GzipFile.filename` was deprecated in Python 3.8 and removed in 3.12.
    ///
    /// ## Example
    /// ```python
    /// with gzip.open(path) as f:
    ///     print(f.filename)
    /// ```
    /// becomes
    /// ```python
    /// with gzip.open(path) as f:
    ///     print(f.name)
    /// ```
    ///
    /// ## Fix safety
    /// Safe for files opened for reading. In write mode the old attribute added `.gz` when the name
    /// lacked it, while `.name` is the real name: unsafe there.
    GzipFilename {
        id: "gzip-filename",
        group: "gzip",
        summary: "f.filename on gzip files opened for reading -> f.name (safe); in write mode (unsafe)",
        query: include_str!("query.scm"),
        triggers: &["gzip"],
        removed_in: Some(PyVersion::new(3, 12)),
        fix: FixSafety::Mixed,
        readme: ("other", "`f.filename` on gzip files → `f.name`", "safe (write mode: unsafe)"),
        reach: snakeshift_engine::rewrite::Reach::Scope,
        // A `.filename` of what `gzip.open` or `GzipFile` made: the file names one of them.
        activate: |p| {
            p.has_attribute("filename")
                && ["open", "GzipFile"]
                    .iter()
                    .any(|m| crate::kit::activation::uses_member(p, "gzip", m))
        },
        removed_apis: &[&MODULES, &ATTRIBUTES],
    }
}

static MODULES: [RemovedModule; 1] = [RemovedModule {
    module: "gzip",
    members: &[Member::elsewhere("open")],
    other_members: "",
    successor: None,
    shared_state: false,
}];

/// The attribute this rewrite replaces (removed in Python 3.12, with the rewrite): found by
/// its receiver, a gzip file. Unsafe in write mode, where the old one added `.gz`.
static ATTRIBUTES: [RemovedModule; 1] = [RemovedModule {
    module: "gzip",
    members: &[Member::own("GzipFile.filename", "gzip.GzipFile.name", ApiFix::Calls)],
    other_members: "",
    successor: None,
    shared_state: false,
}];

impl GzipFilename {
    fn filename<'t>(
        &self,
        receiver: Node<'t>,
        attr: Node<'t>,
        ctx: &Context<'_, 't>,
        out: &mut Vec<Finding>,
    ) {
        let Some(q) = crate::kit::syntax::origin(receiver, ctx) else {
            return;
        };
        if q != "gzip.open" && q != "gzip.GzipFile" {
            return;
        }
        // The mode of the call that made the file, when it is a literal.
        let sem = ctx.semantic();
        let call = sem
            .reference_of(receiver)
            .and_then(|r| sem.reference(r).bindings.first().copied())
            .and_then(|b| {
                let node = sem.binding(b).node;
                let parent = node.parent()?;
                match parent.kind() {
                    "assignment" => parent.child_by_field_name("right"),
                    "as_pattern_target" => parent.parent()?.named_child(0),
                    _ => None,
                }
            });
        let reading = call
            .and_then(|c| crate::kit::moves::CallSite::new(ctx, c))
            .is_some_and(|site| match site.param(1, "mode") {
                None => true,
                Some(m) => m.value.kind() == "string" && m.text.contains('r'),
            });
        let entry = &ATTRIBUTES[0].members[0];
        let Some(own) = entry.own_at(&Self::META, ctx.versions.target) else {
            return;
        };
        let Own { change, .. } = own;
        let to = own.instead_name();
        let finding = Finding::new(
            Self::META.id,
            attr.byte_range(),
            format!("`{}`{}", entry.name, change.describe()),
        );
        let fix = vec![Edit::replace(attr.byte_range(), to)];
        let title = format!("Use `{to}`");
        out.push(if reading {
            finding.with_fix(Fix::safe(title, fix))
        } else {
            finding.with_fix(Fix::unsafe_(title, fix)).with_note("in write mode `filename` added `.gz` when the name lacked it; `name` is the real name")
        });
    }
}

impl Check for GzipFilename {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_changed(&Self::META, &MODULES, m, ctx, out);
        if let (Some(receiver), Some(attr), Some(_)) =
            (m.get("receiver"), m.get("attr"), m.get("use"))
        {
            self.filename(receiver, attr, ctx, out);
        }
    }
}
