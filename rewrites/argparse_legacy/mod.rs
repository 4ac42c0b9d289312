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
    /// # argparse-legacy
    ///
    ///
    /// ## What it does
    /// - `add_argument(…, action=argparse.BooleanOptionalAction, type=…, choices=…, metavar=…)`:
    ///   the three arguments are dropped;
    /// - `group.add_argument_group()` / `add_mutually_exclusive_group()` called on a group (nested
    ///   groups) is reported: create the groups on the parser itself;
    /// - `argparse.FileType` (deprecated, `PendingDeprecationWarning`) is reported: open files after
    ///   parsing.
    ///
    /// ## Why
    /// Python 3.14 removed these arguments of `BooleanOptionalAction` and the nesting of argument
    /// groups (now a `ValueError`), both deprecated since 3.11–3.12.
    ///
    /// ## Example
    /// ```python
    /// parser.add_argument("--color", action=argparse.BooleanOptionalAction, metavar="COLOR")
    /// ```
    /// becomes
    /// ```python
    /// parser.add_argument("--color", action=argparse.BooleanOptionalAction)
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: `metavar` appeared in the help text, which changes.
    ArgparseLegacy {
        id: "argparse-legacy",
        group: "argparse",
        summary: "BooleanOptionalAction with type=/choices=/metavar= -> those dropped (unsafe); nested argument groups and argparse.FileType reported",
        query: include_str!("query.scm"),
        triggers: &["argparse", "BooleanOptionalAction", "add_argument_group", "add_mutually_exclusive_group", "FileType"],
        removed_in: Some(PyVersion::new(3, 14)),
        fix: FixSafety::Unsafe,
        readme: ("other", "`BooleanOptionalAction` with `type`/`choices`/`metavar` → dropped; nested groups and `FileType` reported", "unsafe"),
        activate: |p| {
            // `BooleanOptionalAction` with dropped arguments, `FileType`, or a group made on a
            // group (two group calls at least).
            let groups = ["add_argument_group", "add_mutually_exclusive_group"]
                .iter()
                .flat_map(|m| snakeshift_engine::scan::word_occurrences(p.text(), m.as_bytes()))
                .filter(|&at| p.in_code(at))
                .count();
            p.has_word("BooleanOptionalAction") || p.has_word("FileType") || groups >= 2
        },
        removed_apis: &[&MODULES],
    }
}

static MODULES: [RemovedModule; 1] = [RemovedModule {
    module: "argparse",
    members: &[Member::report(
        "FileType",
        "open the file after parsing: `type=str` (or `pathlib.Path`) and `open(args.name)`",
    )
    .deprecated(PyVersion::new(3, 14), None)],
    other_members: "",
    successor: None,
    shared_state: false,
}];

impl ArgparseLegacy {
    fn method_call<'t>(
        &self,
        call: Node<'t>,
        receiver: Node<'t>,
        method: &str,
        ctx: &Context<'_, 't>,
        out: &mut Vec<Finding>,
    ) {
        if method == "add_argument" {
            self.boolean_action(call, ctx, out);
            return;
        }
        // A group made by `parser.add_argument_group()` / `add_mutually_exclusive_group()`.
        let nested = match receiver.kind() {
            "call" => true,
            "identifier" => {
                let sem = ctx.semantic();
                sem.reference_of(receiver).is_some_and(|r| {
                    match sem.reference(r).bindings.as_slice() {
                        [b] => sem
                            .binding(*b)
                            .node
                            .parent()
                            .and_then(|a| a.child_by_field_name("right"))
                            .is_some_and(|right| {
                                right.kind() == "call"
                                    && right
                                        .child_by_field_name("function")
                                        .and_then(|f| f.child_by_field_name("attribute"))
                                        .is_some_and(|a| {
                                            matches!(
                                                ctx.text_of(a),
                                                "add_argument_group"
                                                    | "add_mutually_exclusive_group"
                                            )
                                        })
                            }),
                        _ => false,
                    }
                })
            }
            _ => false,
        };
        let receiver_is_group = nested
            && (receiver.kind() != "call"
                || receiver
                    .child_by_field_name("function")
                    .and_then(|f| f.child_by_field_name("attribute"))
                    .is_some_and(|a| {
                        matches!(
                            ctx.text_of(a),
                            "add_argument_group" | "add_mutually_exclusive_group"
                        )
                    }));
        if receiver_is_group && crate::kit::syntax::imports_module(ctx, "argparse") {
            out.push(
                Finding::new(Self::META.id, call.byte_range(), format!("nesting argument groups (`{method}` on a group) raises `ValueError` since Python 3.14"))
                    .with_note("create every group on the parser itself"),
            );
        }
    }

    fn boolean_action<'t>(&self, call: Node<'t>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        let Some(site) = CallSite::new(ctx, call) else {
            return;
        };
        let boolean = site.param(usize::MAX, "action").is_some_and(|a| {
            ctx.semantic().qualified_name(a.value).as_deref()
                == Some("argparse.BooleanOptionalAction")
        });
        let removed = ["type", "choices", "metavar"];
        if !boolean
            || !site
                .args
                .iter()
                .any(|a| a.keyword.is_some_and(|k| removed.contains(&k)))
        {
            return;
        }
        if site.loses_comments() {
            return;
        }
        let Some(function) = call.child_by_field_name("function") else {
            return;
        };
        let kept: Vec<String> = site
            .args
            .iter()
            .filter(|a| !a.keyword.is_some_and(|k| removed.contains(&k)))
            .map(|a| match (a.kind, a.keyword) {
                (crate::kit::moves::ArgKind::Keyword, Some(k)) => format!("{k}={}", a.text),
                _ => a.text.to_owned(),
            })
            .collect();
        let text = format!("{}({})", ctx.text_of(function), kept.join(", "));
        out.push(
            Finding::new(Self::META.id, call.byte_range(), "`type`, `choices` and `metavar` of `BooleanOptionalAction` were removed in Python 3.14")
                .with_fix(Fix::unsafe_("Drop them", vec![Edit::replace(call.byte_range(), text)]))
                .with_note("the help text may change (`metavar` was shown there)"),
        );
    }
}

impl Check for ArgparseLegacy {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_changed(&Self::META, &MODULES, m, ctx, out);
        if let Some(c) = MethodCall::of(m, ctx, None) {
            self.method_call(c.call, c.receiver, ctx.text_of(c.method), ctx, out);
        }
    }
}
