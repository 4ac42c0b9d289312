use crate::kit::declare::Check;
use crate::kit::backports::Backports;
use crate::kit::check_distutils_import;
use snakeshift_engine::fix::{Applicability, Edit, Finding};
use crate::kit::moves::{CallFix, CallSite, Member, RemovedModule};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;
use tree_sitter::Node;

rewrite! {
    /// # distutils-version
    ///
    /// ## What it does
    /// Replaces `distutils.version.LooseVersion(s)` and `StrictVersion(s)` with
    /// `packaging.version.Version(s)`, and wraps string literals compared with it in
    /// `Version(...)` too, as well as names only ever bound to a string literal (comparing a
    /// `Version` with a `str` raises `TypeError`).
    ///
    /// ## Why
    /// `distutils` was removed in Python 3.12 (PEP 632), and its version classes had warned
    /// "Use packaging.version instead" for years. The project gains a dependency on
    /// `packaging`.
    ///
    /// ## Example
    /// ```python
    /// from distutils.version import LooseVersion
    /// if LooseVersion(np.__version__) >= "1.20":
    ///     ...
    /// ```
    /// becomes
    /// ```python
    /// import packaging.version
    /// if packaging.version.Version(np.__version__) >= packaging.version.Version("1.20"):
    ///     ...
    /// ```
    ///
    /// With `--backports distutils.version` (or `--backports looseversion`), `LooseVersion`
    /// is imported from the `looseversion` package instead (the same class, the same
    /// comparisons: a safe fix), and `looseversion` becomes a dependency of the project.
    ///
    /// ## Fix safety
    /// Unsafe. `Version` follows PEP 440: strings such as `"1.2.3-SNAPSHOT"` raise
    /// `InvalidVersion`, pre-releases sort before their release (`1.0rc1 < 1.0` is now true),
    /// `"2.0" == "2.0.0"`, a comparison with a non-literal `str` raises `TypeError`, and
    /// `.version`/`.vstring` become `.release`/`str(v)`. The drop-in `looseversion` package
    /// keeps the old semantics if you need them. Uses that are not calls (`key=LooseVersion`,
    /// `isinstance(v, LooseVersion)`) become `Version` too; attribute reads on a freshly built
    /// version are reported. A version kept in a variable (`v = LooseVersion(s)`, or
    /// `self.v = …` read anywhere in the class) or returned by a module-level function (then
    /// `version() >= "1.2"`) is followed: strings compared with it are
    /// wrapped in `Version(...)` with the call, and a read of one of its attributes (`v.vstring`,
    /// `self.v.version`, which `Version` does not have) leaves the call alone, with a finding,
    /// rather than half-migrate it. So does a subclass of the old classes, and an
    /// `isinstance(v, LooseVersion)` after which `v.vstring` is read. With `--backports looseversion`, the `LooseVersion` fix is
    /// safe.
    DistutilsVersion {
        id: "distutils-version",
        group: "distutils",
        summary: "distutils.version.LooseVersion/StrictVersion -> packaging.version.Version",
        query: include_str!("query.scm"),
        triggers: &["distutils"],
        removed_in: Some(PyVersion::new(3, 12)),
        fix: FixSafety::Unsafe,
        readme: ("distutils", "`LooseVersion(s)`, `StrictVersion(s)` → `packaging.version.Version(s)`, string literals (and names bound only to one) compared with them wrapped too; `key=LooseVersion`, `isinstance(v, LooseVersion)` → `Version`; a version kept in a variable or `self` attribute is followed (strings compared with it wrapped with the call)", "unsafe (PEP 440 ordering); attribute reads such as `.version` (also `v.vstring` / `self.v.version` later, or after `isinstance(v, LooseVersion)`) and subclasses of the old classes are left alone, reported"),
        activate: crate::kit::activation::imports_distutils,
        removed_apis: &[&MODULES],
    }
}

static MODULES: [RemovedModule; 1] = [RemovedModule {
    module: "distutils.version",
    members: &[
        Member::call_or_unsafe_rename(
            "LooseVersion",
            loose_version,
            "packaging.version.Version",
            LOOSE,
        ),
        Member::call_or_unsafe_rename(
            "StrictVersion",
            strict_version,
            "packaging.version.Version",
            STRICT,
        ),
    ],
    other_members: "use `packaging.version`",
    successor: None,
    shared_state: false,
}];

/// With `--backports distutils.version` (or `looseversion`): `LooseVersion` comes from the
/// `looseversion` package, the same class with the same comparisons.
static WITH_LOOSEVERSION: [RemovedModule; 1] = [RemovedModule {
    module: "distutils.version",
    members: &[
        Member::rename("LooseVersion", "looseversion.LooseVersion"),
        Member::call_or_unsafe_rename(
            "StrictVersion",
            strict_version,
            "packaging.version.Version",
            STRICT,
        ),
    ],
    other_members: "use `packaging.version`",
    successor: None,
    shared_state: false,
}];

const LOOSE: &str = "PEP 440 ordering: pre-releases sort before the release, \"2.0\" == \"2.0.0\", and non-PEP 440 strings raise InvalidVersion";
const STRICT: &str = "`.version` (padded to three parts) becomes `.release`, `.prerelease` becomes `.pre`, and four-part versions are accepted";

fn loose_version(site: &CallSite<'_, '_>) -> Result<CallFix, String> {
    version(site, LOOSE)
}

fn strict_version(site: &CallSite<'_, '_>) -> Result<CallFix, String> {
    version(site, STRICT)
}

fn version(site: &CallSite<'_, '_>, differences: &str) -> Result<CallFix, String> {
    site.expect_params(&["vstring"])?;
    let arg = site
        .param(0, "vstring")
        .ok_or("called without a version string")?;
    if let Some(parent) = site.call.parent()
        && parent.kind() == "attribute"
    {
        return Err("an attribute of the version object is read; `.version` becomes `.release`, `.vstring` becomes `str(v)`".into());
    }
    // The object may live on in a variable: what is done with it there changes with it.
    let ctx = site.ctx();
    let holders = holders(site.call, ctx);
    for holder in &holders {
        if let Some(attr) = read_attribute(*holder, ctx) {
            let p = attr.start_position();
            return Err(format!(
                "the version object is kept in `{}` and `{}` is read (at {}:{}); `.version` becomes `.release`, `.vstring` becomes `str(v)`",
                ctx.text_of(*holder),
                ctx.text_of(attr),
                p.row + 1,
                p.column + 1
            ));
        }
    }
    let version = site.require("packaging.version.Version")?;
    let mut fix = CallFix::unsafe_(format!("{version}({})", arg.text), differences);
    let mut compared_other = false;
    for operand in std::iter::once(site.call).chain(holders.iter().copied()) {
        for literal in compared_strings(operand, ctx) {
            let text = &ctx.text[literal.byte_range()];
            fix.extra.push(Edit::replace(
                literal.byte_range(),
                format!("{version}({text})"),
            ));
        }
        compared_other |= compared_with_other(operand, ctx);
    }
    if compared_other {
        fix.note = Some(format!(
            "{differences}; it is also compared with an expression that must be a `Version` too, not a `str`"
        ));
    }
    Ok(fix)
}

/// Where the object `call` builds is read later: the references to the name it is assigned
/// to (`v = LooseVersion(s)`), the same attribute chain in the class or module
/// (`self.v = LooseVersion(s)`), and the calls of a module-level function that returns it
/// (`def version(): return LooseVersion(s)`, then `version() >= "1.2"`), followed once more
/// from there.
fn holders<'t>(call: Node<'t>, ctx: &Context<'_, 't>) -> Vec<Node<'t>> {
    let mut out = Vec::new();
    let mut todo = vec![(call, 0)];
    while let Some((expr, depth)) = todo.pop() {
        for held in held_by(expr, ctx) {
            if !out.iter().any(|o: &Node<'t>| o.id() == held.id()) {
                out.push(held);
                if depth < 2 {
                    todo.push((held, depth + 1));
                }
            }
        }
    }
    out.sort_by_key(|n| n.start_byte());
    out
}

/// The expressions that hold the value of `expr` next: see [`holders`].
fn held_by<'t>(expr: Node<'t>, ctx: &Context<'_, 't>) -> Vec<Node<'t>> {
    let Some(parent) = expr.parent() else {
        return Vec::new();
    };
    let sem = ctx.semantic();
    if parent.kind() == "return_statement" {
        let Some(func) = crate::kit::syntax::ancestor(expr, &["function_definition"]) else {
            return Vec::new();
        };
        let module_level = func.parent().is_some_and(|p| p.kind() == "module");
        let Some(name) = func.child_by_field_name("name").filter(|_| module_level) else {
            return Vec::new();
        };
        let Some((id, _)) = sem
            .bindings_named(ctx.text_of(name))
            .find(|(_, b)| b.node.id() == name.id())
        else {
            return Vec::new();
        };
        return sem
            .references_to(id)
            .iter()
            .filter_map(|r| {
                let node = sem.reference(*r).node;
                node.parent().filter(|c| {
                    c.kind() == "call"
                        && c.child_by_field_name("function").map(|f| f.id()) == Some(node.id())
                })
            })
            .collect();
    }
    if parent.kind() != "assignment"
        || parent.child_by_field_name("right").map(|r| r.id()) != Some(expr.id())
    {
        return Vec::new();
    }
    let Some(target) = parent.child_by_field_name("left") else {
        return Vec::new();
    };
    match target.kind() {
        "identifier" => {
            let name = ctx.text_of(target);
            let Some((id, _)) = sem
                .bindings_named(name)
                .find(|(_, b)| b.node.id() == target.id())
            else {
                return Vec::new();
            };
            sem.references_to(id)
                .iter()
                .map(|r| sem.reference(*r).node)
                .collect()
        }
        "attribute" => {
            let text = ctx.text_of(target);
            if let Some(attr) = target.child_by_field_name("attribute") {
                sem.require_word(ctx.text_of(attr), 0..ctx.text.len());
            }
            let root = crate::kit::syntax::ancestor(target, &["class_definition"])
                .unwrap_or_else(|| ctx.tree.root_node());
            let mut out = Vec::new();
            let mut stack = vec![root];
            while let Some(n) = stack.pop() {
                if n.kind() == "attribute" && n.id() != target.id() && ctx.text_of(n) == text {
                    out.push(n);
                }
                let mut cursor = n.walk();
                stack.extend(n.named_children(&mut cursor));
            }
            out
        }
        _ => Vec::new(),
    }
}

/// `holder.attr` (not a dunder) read on a version object: none of `LooseVersion`'s and
/// `StrictVersion`'s attributes (`version`, `vstring`, `prerelease`, `parse`…) exists on
/// `Version`.
fn read_attribute<'t>(holder: Node<'t>, ctx: &Context<'_, 't>) -> Option<Node<'t>> {
    let attr = holder.parent().filter(|p| {
        p.kind() == "attribute"
            && p.child_by_field_name("object").map(|o| o.id()) == Some(holder.id())
    })?;
    let name = ctx.text_of(attr.child_by_field_name("attribute")?);
    (!name.starts_with("__")).then_some(attr)
}

/// Why the class named at `range` (a use that is not a call) cannot become `Version`: a
/// subclass builds on the old class's internals (`parse`, `self.version`, `self.vstring`), and
/// after `isinstance(v, LooseVersion)` the code reads the old attributes of `v`.
fn relies_on_old_api(range: std::ops::Range<usize>, ctx: &Context<'_, '_>) -> Option<String> {
    let node = ctx
        .tree
        .root_node()
        .descendant_for_byte_range(range.start, range.end)?;
    let mut arg = node;
    if arg.parent().is_some_and(|p| p.kind() == "tuple") {
        arg = arg.parent()?;
    }
    let list = arg.parent().filter(|p| p.kind() == "argument_list")?;
    let owner = list.parent()?;
    if owner.kind() == "class_definition" {
        return Some("a subclass builds on the old class (`parse`, `.version`, `.vstring`, `_cmp`), which `Version` does not have; migrate it by hand".into());
    }
    let function = owner.child_by_field_name("function")?;
    if owner.kind() != "call" || ctx.text_of(function) != "isinstance" {
        return None;
    }
    let subject = list.named_child(0).filter(|s| s.id() != arg.id())?;
    let subject_text = ctx.text_of(subject);
    let frame = crate::kit::narrowing::frame(owner);
    for region in crate::kit::narrowing::regions(owner) {
        let Some(root) = ctx
            .tree
            .root_node()
            .descendant_for_byte_range(region.start, region.end)
        else {
            continue;
        };
        let mut stack = vec![root];
        while let Some(n) = stack.pop() {
            if region.start <= n.start_byte()
                && n.end_byte() <= region.end
                && let Some(object) = n.child_by_field_name("object")
                && n.kind() == "attribute"
                && ctx.text_of(object) == subject_text
                && crate::kit::narrowing::frame(n) == frame
                && let Some(attr) = read_attribute(object, ctx)
            {
                let p = attr.start_position();
                return Some(format!(
                    "`{}` is read where the test holds (at {}:{}), and `Version` has no such attribute; migrate both by hand",
                    ctx.text_of(attr),
                    p.row + 1,
                    p.column + 1
                ));
            }
            let mut cursor = n.walk();
            stack.extend(n.named_children(&mut cursor));
        }
    }
    None
}

/// The operands of the comparison `call` takes part in, other than `call`.
fn other_operands(call: Node<'_>) -> Vec<Node<'_>> {
    let Some(parent) = call.parent().filter(|p| p.kind() == "comparison_operator") else {
        return Vec::new();
    };
    let mut cursor = parent.walk();
    parent
        .named_children(&mut cursor)
        .filter(|n| n.id() != call.id() && n.kind() != "comment")
        .collect()
}

/// Compared operands that hold a `str`: literals, and names only ever bound to literals.
fn compared_strings<'t>(call: Node<'t>, ctx: &Context<'_, 't>) -> Vec<Node<'t>> {
    other_operands(call)
        .into_iter()
        .filter(|n| is_plain_string(*n) || is_string_constant(*n, ctx))
        .collect()
}

/// A name whose every binding is `NAME = "literal"`.
fn is_string_constant<'t>(node: Node<'t>, ctx: &Context<'_, 't>) -> bool {
    let sem = ctx.semantic();
    let Some(r) = (node.kind() == "identifier")
        .then(|| sem.reference_of(node))
        .flatten()
    else {
        return false;
    };
    let bindings = &sem.reference(r).bindings;
    !bindings.is_empty()
        && bindings.iter().all(|&b| {
            let binding = sem.binding(b).node;
            binding
                .parent()
                .filter(|a| a.kind() == "assignment")
                .filter(|a| a.child_by_field_name("left").map(|l| l.id()) == Some(binding.id()))
                .and_then(|a| a.child_by_field_name("right"))
                .is_some_and(is_plain_string)
        })
}

fn is_plain_string(node: Node<'_>) -> bool {
    node.kind() == "string" && !is_fstring(node)
}

fn is_fstring(node: Node<'_>) -> bool {
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .any(|c| c.kind() == "interpolation")
}

/// Compared with something that is neither a string constant nor another call.
fn compared_with_other<'t>(call: Node<'t>, ctx: &Context<'_, 't>) -> bool {
    other_operands(call)
        .iter()
        .any(|n| !is_plain_string(*n) && !is_string_constant(*n, ctx) && n.kind() != "call")
}

impl Check for DistutilsVersion {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        let modules = if ctx
            .options()
            .get::<Backports>()
            .contains("distutils.version")
        {
            &WITH_LOOSEVERSION
        } else {
            &MODULES
        };
        let start = out.len();
        check_distutils_import(&Self::META, modules, m, ctx, out);
        for f in &mut out[start..] {
            let to_packaging = f.fix.as_ref().is_some_and(|x| {
                x.edits.iter().any(|e| e.content.contains("Version"))
                    && !x.edits.iter().any(|e| e.content.contains("looseversion"))
            });
            if to_packaging && let Some(reason) = relies_on_old_api(f.range.clone(), ctx) {
                f.fix = None;
                f.note = Some(reason);
            }
            if f.message.contains("LooseVersion")
                && f.fix
                    .as_ref()
                    .is_none_or(|x| x.applicability != Applicability::Safe)
            {
                let s = "`snakeshift --backports looseversion` keeps `LooseVersion`'s comparisons, from the `looseversion` package";
                f.note = Some(match f.note.take() {
                    Some(n) => format!("{n} ({s})"),
                    None => s.to_owned(),
                });
            }
        }
    }
}
