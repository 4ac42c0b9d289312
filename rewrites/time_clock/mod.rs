use crate::kit::declare::Check;
use crate::kit::check_changed;
use snakeshift_engine::fix::Finding;
use crate::kit::moves::{Member, RemovedModule};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;

rewrite! {
    /// # time-clock
    ///
    ///
    /// ## What it does
    /// Replaces `time.clock` with `time.process_time`.
    ///
    /// ## Why
    /// `time.clock` was deprecated in Python 3.3 and removed in 3.8. On POSIX it measured the
    /// processor time of the process, which is exactly what `time.process_time` returns.
    ///
    /// ## Example
    /// ```python
    /// start = time.clock()
    /// ```
    /// becomes
    /// ```python
    /// start = time.process_time()
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: on Windows `time.clock()` returned wall-clock time since the first call; code that
    /// measured elapsed time (benchmarks, timeouts) may want `time.perf_counter()` instead.
    TimeClock {
        id: "time-clock",
        group: "time",
        summary: "time.clock() -> time.process_time() (unsafe: on Windows clock() was wall time)",
        query: include_str!("query.scm"),
        triggers: &["clock"],
        removed_in: Some(PyVersion::new(3, 8)),
        fix: FixSafety::Unsafe,
        readme: ("other", "`time.clock` → `time.process_time`", "unsafe"),
        activate: |p| crate::kit::activation::uses_members(p, &MODULES),
        removed_apis: &[&MODULES],
    }
}

static MODULES: [RemovedModule; 1] = [RemovedModule {
    module: "time",
    members: &[Member::unsafe_rename(
        "clock",
        "time.process_time",
        "`time.clock()` was processor time on POSIX (as `process_time`) but wall-clock time on Windows; use `time.perf_counter()` to measure elapsed time",
    )],
    other_members: "",
    successor: None,
    shared_state: false,
}];

impl Check for TimeClock {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_changed(&Self::META, &MODULES, m, ctx, out);
    }
}
