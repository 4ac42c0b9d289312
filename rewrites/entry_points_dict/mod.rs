use crate::kit::declare::Check;
use crate::kit::moves::{Change, Member, RemovedModule};
use crate::kit::removed::ApiFix;
use crate::kit::syntax::callee;
use snakeshift_engine::fix::{Edit, Finding, Fix};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::semantic::BindingKind;
use snakeshift_engine::version::PyVersion;
use tree_sitter::Node;

rewrite! {
    /// # entry-points-dict
    ///
    /// ## What it does
    /// | old | becomes | fix |
    /// | --- | --- | --- |
    /// | `entry_points()["group"]`, `entry_points().get("group", [])` | `entry_points(group="group")` | unsafe |
    /// | `eps["group"]` / `eps.get(…)` on `eps = entry_points()` | reported | — |
    /// | mutating the result (`eps.sort()`, `.append()`…) | reported: use `sorted(eps)` / `list(eps)` | — |
    /// | `ep[0]`, `ep[1]`, `ep[2]` on an entry point from `for ep in entry_points(...)` | `ep.name`, `ep.value`, `ep.group` | safe |
    ///
    /// ## Why
    /// `importlib.metadata.entry_points()` returned a dict of groups until Python 3.11; since
    /// 3.12 it returns an `EntryPoints` collection whose `[...]` looks an entry point up *by
    /// name* and which has no `.get`. `EntryPoint` objects stopped being tuples in 3.13.
    ///
    /// ## Example
    /// ```python
    /// for ep in entry_points().get("console_scripts", []):
    /// ```
    /// becomes
    /// ```python
    /// for ep in entry_points(group="console_scripts"):
    /// ```
    ///
    /// ## Fix safety
    /// `entry_points(group=…)` is unsafe: it returns an immutable `EntryPoints` tuple instead of
    /// a list (and needs Python 3.10). The attribute names are exactly what the tuple indexes
    /// meant.
    EntryPointsDict {
        id: "entry-points-dict",
        group: "importlib",
        summary: "entry_points()[\"g\"] / .get(\"g\", []) -> entry_points(group=\"g\") (unsafe); ep[0]/ep[1]/ep[2] -> ep.name/value/group (safe); mutation and named results reported",
        query: include_str!("query.scm"),
        triggers: &["entry_points"],
        removed_in: Some(PyVersion::new(3, 12)),
        fix: FixSafety::Mixed,
        readme: ("imp", r#"`entry_points()["g"]`, `entry_points().get("g", [])` → `entry_points(group="g")`; `ep[0]`/`[1]`/`[2]` → `ep.name`/`value`/`group`; mutation and named results reported"#, "unsafe / safe"),
        reach: snakeshift_engine::rewrite::Reach::Scope,
        // `entry_points` resolved to `importlib.metadata`'s (not `setup(entry_points=…)`).
        activate: |p| p.imports("importlib"),
        removed_apis: &[&APIS],
    }
}

/// What changed: `entry_points()` stays, but the dict of groups it returned (`["group"]`,
/// `.get`) and its list interface went; its entry points stopped being tuples.
static APIS: [RemovedModule; 1] = [RemovedModule {
    module: "importlib.metadata",
    members: &[
        Member::own(
            "entry_points",
            "`entry_points(group=...)` or `entry_points().select(group=...)`",
            ApiFix::SomeCalls,
        ),
        Member::own("EntryPoint", "`ep.name`, `ep.value`, `ep.group`", ApiFix::SomeCalls)
            .removed(PyVersion::new(3, 13)),
    ],
    other_members: "",
    successor: None,
    shared_state: false,
}];

/// The release that changed `member` of the table.
fn changed(member: &str) -> Option<Change> {
    APIS[0]
        .member(member)
        .and_then(|m| m.change_in(&EntryPointsDict::META))
}

/// ` since Python 3.12`, for `member`.
fn since(member: &str) -> String {
    changed(member)
        .and_then(|c| c.gone_in())
        .map_or(String::new(), |v| format!(" since Python {v}"))
}

fn is_entry_points_call(node: Node<'_>, ctx: &Context<'_, '_>) -> bool {
    node.kind() == "call"
        && callee(node, ctx).is_some_and(|q| {
            q.strip_prefix(APIS[0].module)
                .and_then(|rest| rest.strip_prefix('.'))
                == Some("entry_points")
        })
}

/// A name bound once, in its scope, to `entry_points(...)`: the call (`eps = entry_points()`).
fn bound_call<'t>(name: Node<'t>, ctx: &Context<'_, 't>) -> Option<Node<'t>> {
    bound(name, ctx)
        .filter(|(_, looped)| !looped)
        .map(|(n, _)| n)
}

/// The value a name is bound to once in its scope: `name = value` (false) or
/// `for name in value` (true).
fn bound<'t>(name: Node<'t>, ctx: &Context<'_, 't>) -> Option<(Node<'t>, bool)> {
    let sem = ctx.semantic();
    let r = sem.reference_of(name)?;
    let [b] = sem.reference(r).bindings.as_slice() else {
        return None;
    };
    let binding = sem.binding(*b);
    if binding.kind != BindingKind::Other {
        return None;
    }
    let parent = binding.node.parent()?;
    match parent.kind() {
        "assignment" => parent.child_by_field_name("right").map(|r| (r, false)),
        "for_statement" | "for_in_clause" => parent.child_by_field_name("right").map(|r| (r, true)),
        _ => None,
    }
}

impl Check for EntryPointsDict {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        let Some(value) = m.get("value") else { return };
        if let Some(subscript) = m.get("subscript") {
            self.subscript(subscript, value, ctx, out);
        } else if let (Some(call), Some(method)) = (m.get("method_call"), m.get("method")) {
            self.method(call, value, ctx.text_of(method), ctx, out);
        }
    }
}

impl EntryPointsDict {
    fn subscript<'t>(
        &self,
        subscript: Node<'t>,
        value: Node<'t>,
        ctx: &Context<'_, 't>,
        out: &mut Vec<Finding>,
    ) {
        let Some(index) = subscript.child_by_field_name("subscript") else {
            return;
        };
        if is_entry_points_call(value, ctx) {
            self.group_lookup(subscript, value, index, ctx, out);
            return;
        }
        if value.kind() != "identifier" {
            return;
        }
        let Some((source, looped)) = bound(value, ctx) else {
            return;
        };
        if !looped && is_entry_points_call(source, ctx) {
            // `eps = entry_points(); eps["group"]`
            out.push(
                Finding::new(Self::META.id, subscript.byte_range(), format!("{} `entry_points()[...]` looks an entry point up by name, not a group", since("entry_points").trim_start()))
                    .with_note("use `entry_points(group=...)` (Python 3.10+) or `entry_points().select(group=...)`"),
            );
            return;
        }
        // `for ep in entry_points(...): ep[0]`
        let iterates = looped && is_entry_points_call(source, ctx)
            || (looped
                && source.kind() == "identifier"
                && bound_call(source, ctx).is_some_and(|c| is_entry_points_call(c, ctx)));
        let field = match ctx.text_of(index) {
            "0" => "name",
            "1" => "value",
            "2" => "group",
            _ => return,
        };
        if !iterates || !changed("EntryPoint").is_some_and(|c| c.applies(ctx.versions.target)) {
            return;
        }
        out.push(
            Finding::new(
                Self::META.id,
                subscript.byte_range(),
                format!("entry points are no longer tuples{}", since("EntryPoint")),
            )
            .with_fix(Fix::safe(
                format!("Use `.{field}`"),
                vec![Edit::replace(
                    subscript.byte_range(),
                    format!("{}.{field}", ctx.text_of(value)),
                )],
            )),
        );
    }

    /// `entry_points()["g"]` / `entry_points().get("g", default)`: `entry_points(group="g")`.
    fn group_lookup<'t>(
        &self,
        whole: Node<'t>,
        call: Node<'t>,
        group: Node<'t>,
        ctx: &Context<'_, 't>,
        out: &mut Vec<Finding>,
    ) {
        let finding = Finding::new(
            Self::META.id,
            whole.byte_range(),
            format!("`entry_points()` is no longer a dict of groups{}", since("entry_points")),
        );
        let args = call.child_by_field_name("arguments");
        if args.is_none_or(|a| a.named_child_count() != 0) || group.kind() != "string" {
            out.push(
                finding.with_note(
                    "use `entry_points(group=...)` or `entry_points().select(group=...)`",
                ),
            );
            return;
        }
        if !ctx.versions.has(PyVersion::new(3, 10)) {
            out.push(finding.with_note("use `entry_points().select(group=...)`; `entry_points(group=...)` needs Python 3.10"));
            return;
        }
        let Some(function) = call.child_by_field_name("function") else {
            return;
        };
        let text = format!("{}(group={})", ctx.text_of(function), ctx.text_of(group));
        out.push(
            finding
                .with_fix(Fix::unsafe_(
                    "Select the group",
                    vec![Edit::replace(whole.byte_range(), text)],
                ))
                .with_note("the result is an immutable `EntryPoints` tuple, not a list"),
        );
    }

    fn method<'t>(
        &self,
        call: Node<'t>,
        value: Node<'t>,
        method: &str,
        ctx: &Context<'_, 't>,
        out: &mut Vec<Finding>,
    ) {
        let direct = is_entry_points_call(value, ctx);
        let named = value.kind() == "identifier"
            && bound_call(value, ctx).is_some_and(|c| is_entry_points_call(c, ctx));
        if !direct && !named {
            return;
        }
        if method == "get" {
            let args = call.child_by_field_name("arguments");
            let group = args.and_then(|a| a.named_child(0));
            match (direct, group) {
                (true, Some(g)) if args.is_some_and(|a| a.named_child_count() <= 2) => self.group_lookup(call, value, g, ctx, out),
                _ => out.push(
                    Finding::new(Self::META.id, call.byte_range(), format!("`entry_points()` has no `.get`{}", since("entry_points")))
                        .with_note("use `entry_points(group=...)` (Python 3.10+) or `entry_points().select(group=...)`"),
                ),
            }
            return;
        }
        out.push(
            Finding::new(Self::META.id, call.byte_range(), format!("`entry_points()` returns an immutable collection{} (no `.{method}()`)", since("entry_points")))
                .with_note("copy it first: `sorted(eps)` or `list(eps)`"),
        );
    }
}
