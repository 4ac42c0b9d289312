use crate::kit::declare::Check;
use crate::kit::check_changed;
use snakeshift_engine::fix::Finding;
use crate::kit::moves::{CallFix, CallIssue, CallSite, Member, RemovedModule};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;

rewrite! {
    /// # asyncio-loop-argument
    ///
    ///
    /// ## What it does
    /// Drops the `loop=` argument of the high-level asyncio functions and classes that no longer
    /// accept it: `sleep`, `gather`, `wait`, `wait_for`, `shield`, `as_completed`, the queues,
    /// `Lock`, `Event`, `Condition`, `Semaphore`, `BoundedSemaphore`, `open_connection`,
    /// `start_server`, `open_unix_connection`, `start_unix_server`, `create_subprocess_exec` and
    /// `create_subprocess_shell`. (`ensure_future(loop=)` and `run_coroutine_threadsafe` keep it.)
    ///
    /// ## Why
    /// The argument was deprecated in Python 3.8 and removed in 3.10: these objects use the running
    /// loop.
    ///
    /// ## Example
    /// ```python
    /// await asyncio.sleep(1, loop=loop)
    /// ```
    /// becomes
    /// ```python
    /// await asyncio.sleep(1)
    /// ```
    ///
    /// ## Fix safety
    /// Safe: code that passed `loop=` ran on that loop, which is the running loop where these
    /// functions are awaited.
    AsyncioLoopArgument {
        id: "asyncio-loop-argument",
        group: "asyncio",
        summary: "loop= of asyncio.sleep/gather/wait/wait_for/Queue/Lock/Event/open_connection/start_server/... -> dropped (safe)",
        query: include_str!("query.scm"),
        triggers: &["loop="],
        removed_in: Some(PyVersion::new(3, 10)),
        fix: FixSafety::Safe,
        readme: ("asyncio", "`loop=` of `sleep`, `gather`, `wait_for`, `Queue`, `Lock`, `open_connection`, … dropped", "safe"),
        activate: |p| p.imports("asyncio"),
        removed_apis: &[&MODULES],
    }
}

static MODULES: [RemovedModule; 1] = [RemovedModule {
    module: "asyncio",
    members: &[
        Member::check_call("sleep", drop_loop),
        Member::check_call("gather", drop_loop),
        Member::check_call("wait", drop_loop),
        Member::check_call("wait_for", drop_loop),
        Member::check_call("shield", drop_loop),
        Member::check_call("as_completed", drop_loop),
        Member::check_call("Queue", drop_loop),
        Member::check_call("LifoQueue", drop_loop),
        Member::check_call("PriorityQueue", drop_loop),
        Member::check_call("Lock", drop_loop),
        Member::check_call("Event", drop_loop),
        Member::check_call("Condition", drop_loop),
        Member::check_call("Semaphore", drop_loop),
        Member::check_call("BoundedSemaphore", drop_loop),
        Member::check_call("open_connection", drop_loop),
        Member::check_call("start_server", drop_loop),
        Member::check_call("open_unix_connection", drop_loop),
        Member::check_call("start_unix_server", drop_loop),
        Member::check_call("create_subprocess_exec", drop_loop),
        Member::check_call("create_subprocess_shell", drop_loop),
    ],
    other_members: "",
    successor: None,
    shared_state: false,
}];

fn drop_loop(site: &CallSite<'_, '_>) -> Option<CallIssue> {
    let text = crate::kit::without_keyword(site, "loop")?;
    Some(CallIssue {
        message: "the `loop` argument was removed in Python 3.10".to_owned(),
        fix: Ok(CallFix::safe(text)),
    })
}

impl Check for AsyncioLoopArgument {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_changed(&Self::META, &MODULES, m, ctx, out);
    }
}
