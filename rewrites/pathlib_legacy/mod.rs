use crate::kit::declare::Check;
use crate::kit::check_changed;
use snakeshift_engine::activation::Probe;
use snakeshift_engine::fix::Finding;
use snakeshift_engine::fix::{Edit, Fix};
use crate::kit::moves::{CallFix, CallIssue, CallSite, Change, Member, RemovedModule};
use crate::kit::removed::ApiFix;
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;
use tree_sitter::Node;

rewrite! {
    /// # pathlib-legacy
    ///
    ///
    /// ## What it does
    /// | old | becomes | fix |
    /// | --- | --- | --- |
    /// | `with Path(…) as p:` (the context manager was removed in 3.13) | `p = Path(…)` and the body, dedented | safe |
    /// | `Path(…, **kwargs)`, `PurePath(…, key=value)` (3.14) | the keyword arguments dropped | safe |
    /// | `p.relative_to(a, b)`, `p.is_relative_to(a, b)` with several arguments (3.14) | `p.relative_to(PurePath(a, b))` | safe |
    /// | `a.link_to(b)` (3.12) | `Path(b).hardlink_to(a)` (the arguments swap) | unsafe |
    /// | `p.is_reserved()` (deprecated, gone in 3.15), `PurePath(…).as_uri()` (deprecated) | reported | — |
    ///
    /// The method forms apply in files that import `pathlib`.
    ///
    /// ## Why
    /// These parts of `pathlib` were deprecated and removed between Python 3.12 and 3.14.
    ///
    /// ## Example
    /// ```python
    /// target.link_to(source)
    /// ```
    /// becomes
    /// ```python
    /// pathlib.Path(source).hardlink_to(target)
    /// ```
    ///
    /// ## Fix safety
    /// The `with` form did nothing since Python 3.9, keyword arguments were ignored, and extra
    /// `relative_to` arguments were joined onto the first: those fixes are safe. `link_to` is
    /// unsafe: `hardlink_to` needs Python 3.10 and the receiver must be a `Path` (the argument may
    /// have been a string).
    PathlibLegacy {
        id: "pathlib-legacy",
        group: "pathlib",
        summary: "with Path(...) as p -> p = Path(...) (safe), Path(..., **kwargs) -> kwargs dropped (safe), p.relative_to(a, b) -> p.relative_to(PurePath(a, b)) (safe), a.link_to(b) -> Path(b).hardlink_to(a) (unsafe); is_reserved()/PurePath.as_uri() reported",
        query: include_str!("query.scm"),
        triggers: &["pathlib"],
        removed_in: Some(PyVersion::new(3, 12)),
        fix: FixSafety::Mixed,
        readme: ("other", "`with Path(…) as p` → `p = Path(…)`, `Path(…, **kw)` → kwargs dropped, `relative_to(a, b)` → `relative_to(PurePath(a, b))`; `link_to` → `hardlink_to` (arguments swapped); `is_reserved()`, `PurePath.as_uri()` reported", "safe / unsafe"),
        reach: snakeshift_engine::rewrite::Reach::Scope,
        activate: may_use_legacy_pathlib,
        removed_apis: &[&MODULES, &METHODS],
    }
}

/// The path classes of `pathlib`.
const CLASSES: [&str; 6] = [
    "Path",
    "PurePath",
    "PosixPath",
    "PurePosixPath",
    "WindowsPath",
    "PureWindowsPath",
];

/// Whether the file imports `pathlib` and holds one of the shapes this rewrite changes: a call
/// of one of its methods (`relative_to` with several positional arguments), or a path class (or a name imported from `pathlib`) called with a
/// keyword argument or as a `with` item.
fn may_use_legacy_pathlib(p: &Probe<'_>) -> bool {
    use crate::kit::activation::{after, call_arguments, keyword_of, method_calls, starts_with_word};
    if !p.imports("pathlib") {
        return false;
    }
    let positional = |arg: &&[u8]| !arg.starts_with(b"*") && keyword_of(arg).is_none();
    if METHODS[0].members.iter().any(|m| match m.short_name() {
        // Only calls with several positional arguments change.
        name @ ("relative_to" | "is_relative_to") => method_calls(p, name)
            .any(|args| args.is_none_or(|a| a.len() >= 2 && a.iter().all(positional))),
        name => p.has_attribute(name),
    }) {
        return true;
    }
    let text = p.text();
    let mut names = p.names_from("pathlib");
    names.extend(CLASSES.iter().map(|c| c.as_bytes()));
    names.iter().any(|name| {
        snakeshift_engine::scan::word_occurrences(text, name).any(|at| {
            let rest = after(text, at + name.len());
            p.in_code(at)
                && rest.starts_with(b"(")
                && (p
                    .line_text(at)
                    .is_some_and(|l| starts_with_word(l, &["with", "async"]))
                    || {
                        let arguments = call_arguments(text, text.len() - rest.len());
                        memchr::memchr(b'=', arguments).is_some()
                            || memchr::memmem::find(arguments, b"**").is_some()
                    })
        })
    })
}

static MODULES: [RemovedModule; 1] = [RemovedModule {
    module: "pathlib",
    members: &[
        Member::check_call("Path", drop_kwargs).removed(PyVersion::new(3, 14)),
        Member::check_call("PurePath", drop_kwargs).removed(PyVersion::new(3, 14)),
        Member::check_call("PosixPath", drop_kwargs).removed(PyVersion::new(3, 14)),
        Member::check_call("PurePosixPath", drop_kwargs).removed(PyVersion::new(3, 14)),
        Member::check_call("WindowsPath", drop_kwargs).removed(PyVersion::new(3, 14)),
        Member::check_call("PureWindowsPath", drop_kwargs).removed(PyVersion::new(3, 14)),
    ],
    other_members: "",
    successor: None,
    shared_state: false,
}];

/// The methods of path classes this rewrite's own code finds, in files that import `pathlib`.
static METHODS: [RemovedModule; 1] = [RemovedModule {
    module: "pathlib",
    members: &[
        // Only calls with several arguments: they were joined onto the first.
        Member::own(
            "PurePath.relative_to",
            "`relative_to(PurePath(a, b))`",
            ApiFix::SomeCalls,
        )
        .removed(PyVersion::new(3, 14)),
        Member::own(
            "PurePath.is_relative_to",
            "`is_relative_to(PurePath(a, b))`",
            ApiFix::SomeCalls,
        )
        .removed(PyVersion::new(3, 14)),
        // `a.link_to(b)` is `Path(b).hardlink_to(a)`: the arguments swap.
        Member::own("Path.link_to", "pathlib.Path.hardlink_to", ApiFix::Unsafe)
            .removed(PyVersion::new(3, 12)),
        Member::own("PurePath.is_reserved", "os.path.isreserved", ApiFix::Unsafe)
            .deprecated(PyVersion::new(3, 13), Some(PyVersion::new(3, 15))),
        Member::own("PurePath.as_uri", "`pathlib.Path(p).as_uri()`", ApiFix::Manual)
            .deprecated(PyVersion::new(3, 14), Some(PyVersion::new(3, 19))),
    ],
    other_members: "",
    successor: None,
    shared_state: false,
}];

/// The entry of the method `name` and when it changed.
fn method_entry(name: &str) -> Option<(&'static Member, &'static str, Change)> {
    let entry = METHODS[0].members.iter().find(|m| m.short_name() == name)?;
    let own = entry.own_in(&PathlibLegacy::META)?;
    Some((entry, own.instead, own.change))
}

fn drop_kwargs(site: &CallSite<'_, '_>) -> Option<CallIssue> {
    use crate::kit::moves::ArgKind;
    if !site
        .args
        .iter()
        .any(|a| matches!(a.kind, ArgKind::Keyword | ArgKind::DoubleStar))
    {
        return None;
    }
    let function = site.call.child_by_field_name("function")?;
    let kept: Vec<&str> = site
        .args
        .iter()
        .filter(|a| matches!(a.kind, ArgKind::Positional | ArgKind::Star))
        .map(|a| a.text)
        .collect();
    Some(CallIssue {
        message: "keyword arguments to `pathlib` path classes were removed in Python 3.14 (they were ignored)".to_owned(),
        fix: Ok(CallFix::safe(format!("{}({})", site.ctx().text_of(function), kept.join(", ")))),
    })
}

fn is_path_class(call: Node<'_>, ctx: &Context<'_, '_>) -> bool {
    crate::kit::syntax::callee(call, ctx)
        .is_some_and(|q| q.starts_with("pathlib.") && q.ends_with("Path"))
}

impl PathlibLegacy {
    /// `with Path(x) as p: body` → `p = Path(x)` + body.
    fn with_path<'t>(
        &self,
        stmt: Node<'t>,
        call: Node<'t>,
        target: Node<'t>,
        body: Node<'t>,
        ctx: &Context<'_, 't>,
        out: &mut Vec<Finding>,
    ) {
        if !is_path_class(call, ctx) || ctx.versions.target < PyVersion::new(3, 13) {
            return;
        }
        let finding = Finding::new(
            Self::META.id,
            stmt.byte_range(),
            "using a path as a context manager was removed in Python 3.13 (it did nothing since 3.9)",
        );
        let from = snakeshift_engine::edits::indentation(ctx.text, body.start_byte());
        let to = snakeshift_engine::edits::indentation(ctx.text, stmt.start_byte());
        let reindented = snakeshift_engine::edits::reindent_block(ctx.text, body, from, to);
        let header_comment = ctx.text[stmt.start_byte()..body.start_byte()].contains('#');
        let Some(text) =
            reindented.filter(|_| !header_comment && !ctx.text_of(stmt).starts_with("async"))
        else {
            out.push(finding.with_note("assign the path instead: `p = Path(...)`"));
            return;
        };
        let le = ctx.line_ending();
        let start = snakeshift_engine::edits::line_start(ctx.text, stmt.start_byte());
        let replacement = format!(
            "{to}{} = {}{le}{text}",
            ctx.text_of(target),
            ctx.text_of(call)
        );
        out.push(finding.with_fix(Fix::safe(
            "Assign the path",
            vec![Edit::replace(start..stmt.end_byte(), replacement)],
        )));
    }

    fn method<'t>(
        &self,
        call: Node<'t>,
        receiver: Node<'t>,
        method: &str,
        ctx: &Context<'_, 't>,
        out: &mut Vec<Finding>,
    ) {
        if !crate::kit::syntax::imports_module(ctx, "pathlib") {
            return;
        }
        let Some(site) = CallSite::new(ctx, call) else {
            return;
        };
        let target = ctx.versions.target;
        let Some((entry, instead, change)) = method_entry(method) else {
            return;
        };
        let (applies, gone) = (change.applies(target), change.is_gone(target));
        match method {
            "relative_to" | "is_relative_to" if site.args.len() >= 2 && applies => {
                use crate::kit::moves::ArgKind;
                if site.args.iter().any(|a| a.kind != ArgKind::Positional) {
                    return;
                }
                let finding = Finding::new(Self::META.id, call.byte_range(), format!("passing several arguments to `{method}`{}", change.describe()));
                if site.loses_comments() {
                    out.push(finding.with_note("join them into one path (the comments among them are yours to place)"));
                    return;
                }
                let Ok(pure) = site.require("pathlib.PurePath") else {
                    out.push(finding.with_note("join them into one path"));
                    return;
                };
                let joined: Vec<&str> = site.args.iter().map(|a| a.text).collect();
                let args = call.child_by_field_name("arguments").unwrap_or(call);
                let mut edits = site.take_edits();
                edits.push(Edit::replace(args.byte_range(), format!("({pure}({}))", joined.join(", "))));
                out.push(finding.with_fix(Fix::safe("Join the arguments into one path", edits)));
            }
            "link_to" if site.args.len() == 1 && applies => {
                let finding = Finding::new(Self::META.id, call.byte_range(), format!("`{}`{}", entry.name, change.describe()));
                let other = site.args[0].text;
                let fix = (|| {
                    if !ctx.versions.has(PyVersion::new(3, 10)) || !crate::kit::syntax::is_simple_reference(receiver) {
                        return None;
                    }
                    let path = site.require("pathlib.Path").ok()?;
                    let mut edits = site.take_edits();
                    edits.push(Edit::replace(call.byte_range(), format!("{path}({other}).hardlink_to({})", ctx.text_of(receiver))));
                    Some(edits)
                })();
                match fix {
                    Some(edits) => out.push(finding.with_fix(Fix::unsafe_("Use `hardlink_to` (the arguments swap)", edits)).with_note("`a.link_to(b)` made `b` a link to `a`: `Path(b).hardlink_to(a)`; `hardlink_to` needs Python 3.10")),
                    None => out.push(finding.with_note("use `Path(target).hardlink_to(self)` (the arguments swap)")),
                }
            }
            "is_reserved" if site.args.is_empty() && gone => {
                // Gone in the target: `os.path.isreserved` (Windows only, 3.13+) answers for the
                // paths of the running system; POSIX paths were never reserved.
                let finding = Finding::new(Self::META.id, call.byte_range(), format!("`{}()`{}", entry.name, change.describe_for(target)));
                let fix = (|| {
                    let name = site.require("os.name").ok()?;
                    let isreserved = site.require("os.path.isreserved").ok()?;
                    let mut edits = site.take_edits();
                    let text = format!("{name} == \"nt\" and {isreserved}({})", ctx.text_of(receiver));
                    edits.push(Edit::replace(call.byte_range(), crate::kit::boolean_in_place_of(call, &text)));
                    Some(edits)
                })();
                let note = if ctx.versions.has(PyVersion::new(3, 13)) {
                    "right for `Path` / `PurePath` objects (the running system's flavour); a `PureWindowsPath` checked on POSIX needs `ntpath.isreserved(p)`"
                } else {
                    "right for `Path` / `PurePath` objects (the running system's flavour); a `PureWindowsPath` checked on POSIX needs `ntpath.isreserved(p)`; `os.path.isreserved` needs Python 3.13 on Windows"
                };
                match fix {
                    Some(edits) => out.push(finding.with_fix(Fix::unsafe_("Use `os.path.isreserved` on Windows", edits)).with_note(note)),
                    None => out.push(finding.with_note("on Windows use `os.path.isreserved(path)` (3.13+); POSIX paths are never reserved")),
                }
            }
            "is_reserved" if site.args.is_empty() && applies => out.push(
                Finding::new(Self::META.id, call.byte_range(), format!("`{}()`{}", entry.name, change.describe_for(target)))
                    .with_note("on Windows use `os.path.isreserved(path)` (3.13+); POSIX paths are never reserved"),
            ),
            "as_uri" if applies && crate::kit::syntax::origin(receiver, ctx).is_some_and(|q| q.starts_with("pathlib.Pure")) => out.push(
                Finding::new(Self::META.id, call.byte_range(), format!("`{}()`{}", entry.name, change.describe()))
                    .with_note(format!("use {instead}")),
            ),
            _ => {}
        }
    }
}

impl Check for PathlibLegacy {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_changed(&Self::META, &MODULES, m, ctx, out);
        if let (Some(stmt), Some(call), Some(target), Some(body)) = (
            m.get("with"),
            m.get("path_call"),
            m.get("target"),
            m.get("body"),
        ) {
            self.with_path(stmt, call, target, body, ctx, out);
        }
        if let (Some(call), Some(receiver), Some(method)) =
            (m.get("method_call"), m.get("receiver"), m.get("method"))
        {
            self.method(call, receiver, ctx.text_of(method), ctx, out);
        }
    }
}
