use crate::kit::declare::Check;
use crate::kit::check_changed;
use snakeshift_engine::fix::Finding;
use snakeshift_engine::fix::{Edit, Fix};
use crate::kit::moves::{Member, RemovedModule};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;
use tree_sitter::Node;

rewrite! {
    /// # asyncio-event-loop-policy
    ///
    ///
    /// ## What it does
    /// Turns `asyncio.set_event_loop_policy(asyncio.WindowsSelectorEventLoopPolicy())` (or
    /// `WindowsProactorEventLoopPolicy`, `DefaultEventLoopPolicy`, `uvloop.EventLoopPolicy()`)
    /// followed, in the same block, by `asyncio.run(main())` into
    /// `asyncio.run(main(), loop_factory=asyncio.SelectorEventLoop)` (`ProactorEventLoop`,
    /// `new_event_loop`, `uvloop.new_event_loop`), when the oldest supported Python is 3.12. The
    /// other uses of the policy system (`get_event_loop_policy()`, policy classes, a policy set
    /// without a following `asyncio.run`) are reported.
    ///
    /// ## Why
    /// The event loop policy system is deprecated since Python 3.14 (it warns) and will be removed
    /// in 3.16; `loop_factory` (3.12) chooses the loop of one `asyncio.run` instead.
    ///
    /// ## Example
    /// ```python
    /// asyncio.set_event_loop_policy(asyncio.WindowsSelectorEventLoopPolicy())
    /// asyncio.run(main())
    /// ```
    /// becomes
    /// ```python
    /// asyncio.run(main(), loop_factory=asyncio.SelectorEventLoop)
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the policy applied to every loop the program created afterwards; `loop_factory` only
    /// to that `asyncio.run`.
    AsyncioEventLoopPolicy {
        id: "asyncio-event-loop-policy",
        group: "asyncio",
        summary: "asyncio.set_event_loop_policy(P()) + asyncio.run(main()) -> asyncio.run(main(), loop_factory=...) (unsafe, needs 3.12); other policy APIs reported",
        query: include_str!("query.scm"),
        triggers: &["EventLoopPolicy", "event_loop_policy"],
        removed_in: None,
        fix: FixSafety::Unsafe,
        readme: ("asyncio", "`set_event_loop_policy(P())` + `asyncio.run(main())` → `asyncio.run(main(), loop_factory=…)` (3.12+); other policy uses reported", "unsafe"),
        removed_apis: &[&MODULES],
    }
}

const POLICY: &str = "pass `loop_factory=` to `asyncio.run()` (Python 3.12+) or `asyncio.Runner()` (3.11+) instead of using event loop policies";

static MODULES: [RemovedModule; 1] = [RemovedModule {
    module: "asyncio",
    members: &[
        Member::report("get_event_loop_policy", POLICY)
            .deprecated(PyVersion::new(3, 14), Some(PyVersion::new(3, 16))),
        Member::report("AbstractEventLoopPolicy", POLICY)
            .deprecated(PyVersion::new(3, 14), Some(PyVersion::new(3, 16))),
        Member::report("DefaultEventLoopPolicy", POLICY)
            .deprecated(PyVersion::new(3, 14), Some(PyVersion::new(3, 16))),
        Member::report("WindowsSelectorEventLoopPolicy", POLICY)
            .deprecated(PyVersion::new(3, 14), Some(PyVersion::new(3, 16))),
        Member::report("WindowsProactorEventLoopPolicy", POLICY)
            .deprecated(PyVersion::new(3, 14), Some(PyVersion::new(3, 16))),
        Member::report("BaseDefaultEventLoopPolicy", POLICY)
            .deprecated(PyVersion::new(3, 14), Some(PyVersion::new(3, 16))),
        Member::elsewhere("set_event_loop_policy"),
    ],
    other_members: "",
    successor: None,
    shared_state: false,
}];

/// The loop factory that stands for a policy.
fn factory(policy: &str) -> Option<&'static str> {
    match policy {
        "asyncio.WindowsSelectorEventLoopPolicy" => Some("asyncio.SelectorEventLoop"),
        "asyncio.WindowsProactorEventLoopPolicy" => Some("asyncio.ProactorEventLoop"),
        "asyncio.DefaultEventLoopPolicy" => Some("asyncio.new_event_loop"),
        "uvloop.EventLoopPolicy" => Some("uvloop.new_event_loop"),
        _ => None,
    }
}

impl AsyncioEventLoopPolicy {
    fn set_policy<'t>(
        &self,
        stmt: Node<'t>,
        call: Node<'t>,
        function: Node<'t>,
        ctx: &Context<'_, 't>,
        out: &mut Vec<Finding>,
    ) {
        let sem = ctx.semantic();
        if sem.qualified_name(function).as_deref() != Some("asyncio.set_event_loop_policy")
            || ctx.versions.target < PyVersion::new(3, 14)
        {
            return;
        }
        let finding = Finding::new(
            Self::META.id,
            call.byte_range(),
            "`asyncio.set_event_loop_policy` is deprecated (it warns since Python 3.14) and is removed in Python 3.16",
        );
        let fix = (|| {
            let args = call.child_by_field_name("arguments")?;
            let policy = args.named_child(0).filter(|_| {
                args.named_child_count() == 1
                    && args.named_child(0).is_some_and(|a| a.kind() == "call")
            })?;
            let policy_args = policy.child_by_field_name("arguments")?;
            if policy_args.named_child_count() != 0 {
                return None;
            }
            let factory = factory(&crate::kit::syntax::callee(policy, ctx)?)?;
            // The next `asyncio.run(...)` statement of the same block.
            let mut next = stmt.next_named_sibling();
            while let Some(s) = next {
                if s.kind() == "comment" {
                    next = s.next_named_sibling();
                    continue;
                }
                break;
            }
            let run = next?.named_child(0).filter(|c| c.kind() == "call")?;
            if crate::kit::syntax::callee(run, ctx).as_deref() != Some("asyncio.run") {
                return None;
            }
            let run_args = run.child_by_field_name("arguments")?;
            if run_args.named_child_count() != 1 || !ctx.versions.has(PyVersion::new(3, 12)) {
                return None;
            }
            let spelled = ctx.imports().spell(
                factory,
                run.start_byte(),
                snakeshift_engine::imports::Anchor::Top,
                snakeshift_engine::imports::Style::Module,
            )?;
            // Only after a positional coroutine: a `loop_factory=` (or `**`) already there
            // would be repeated.
            let arg = run_args.named_child(0).filter(|a| {
                !matches!(
                    a.kind(),
                    "keyword_argument" | "dictionary_splat" | "list_splat" | "comment"
                )
            })?;
            let mut edits = spelled.edits;
            edits.push(snakeshift_engine::edits::delete_statement(ctx.text, stmt));
            edits.push(Edit::insert(
                arg.end_byte(),
                format!(", loop_factory={}", spelled.text),
            ));
            Some(edits)
        })();
        match fix {
            Some(edits) => out.push(finding.with_fix(Fix::unsafe_("Pass `loop_factory` to `asyncio.run`", edits)).with_note("the policy applied to every loop created afterwards; `loop_factory` only to this `asyncio.run`")),
            None => out.push(finding.with_note(POLICY)),
        }
    }
}

impl Check for AsyncioEventLoopPolicy {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_changed(&Self::META, &MODULES, m, ctx, out);
        if let (Some(stmt), Some(call), Some(function)) =
            (m.get("statement"), m.get("call"), m.get("function"))
        {
            self.set_policy(stmt, call, function, ctx, out);
        }
    }
}
