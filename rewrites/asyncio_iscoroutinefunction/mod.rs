use crate::kit::declare::Check;
use crate::kit::check_changed;
use snakeshift_engine::fix::Finding;
use crate::kit::moves::{Member, RemovedModule};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;

rewrite! {
    /// # asyncio-iscoroutinefunction
    ///
    ///
    /// ## What it does
    /// Replaces `asyncio.iscoroutinefunction` with `inspect.iscoroutinefunction`.
    ///
    /// ## Why
    /// `asyncio.iscoroutinefunction` is deprecated since Python 3.14 (it warns) and will be removed
    /// in 3.16.
    ///
    /// ## Example
    /// ```python
    /// if asyncio.iscoroutinefunction(handler):
    /// ```
    /// becomes
    /// ```python
    /// if inspect.iscoroutinefunction(handler):
    /// ```
    ///
    /// ## Fix safety
    /// Safe on the versions that warn: since Python 3.12 both functions recognise the same
    /// callables (the legacy `@asyncio.coroutine` marker is gone).
    AsyncioIscoroutinefunction {
        id: "asyncio-iscoroutinefunction",
        group: "asyncio",
        summary: "asyncio.iscoroutinefunction -> inspect.iscoroutinefunction (safe)",
        query: include_str!("query.scm"),
        triggers: &["iscoroutinefunction"],
        removed_in: None,
        fix: FixSafety::Safe,
        readme: ("asyncio", "`asyncio.iscoroutinefunction` → `inspect.iscoroutinefunction`", "safe"),
        removed_apis: &[&MODULES],
    }
}

static MODULES: [RemovedModule; 1] = [RemovedModule {
    module: "asyncio",
    members: &[
        Member::rename("iscoroutinefunction", "inspect.iscoroutinefunction")
            .deprecated(PyVersion::new(3, 14), Some(PyVersion::new(3, 16))),
    ],
    other_members: "",
    successor: None,
    shared_state: false,
}];

impl Check for AsyncioIscoroutinefunction {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_changed(&Self::META, &MODULES, m, ctx, out);
    }
}
