use crate::kit::declare::Check;
use crate::kit::check_changed;
use snakeshift_engine::fix::Finding;
use crate::kit::moves::{Member, RemovedModule};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;

rewrite! {
    /// # io-open-wrapper
    ///
    ///
    /// ## What it does
    /// Replaces `io.OpenWrapper` (and `_pyio.OpenWrapper`) with the builtin `open` (or
    /// `builtins.open` where `open` is shadowed).
    ///
    /// ## Why
    /// `OpenWrapper` was an alias of `open` kept for backward compatibility; it was removed in
    /// Python 3.12.
    ///
    /// ## Example
    /// ```python
    /// f = io.OpenWrapper(path)
    /// ```
    /// becomes
    /// ```python
    /// f = open(path)
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the same function.
    IoOpenWrapper {
        id: "io-open-wrapper",
        group: "io",
        summary: "io.OpenWrapper / _pyio.OpenWrapper -> open (safe)",
        query: include_str!("query.scm"),
        triggers: &["OpenWrapper"],
        removed_in: Some(PyVersion::new(3, 12)),
        fix: FixSafety::Safe,
        readme: ("other", "`io.OpenWrapper` → `open`", "safe"),
        removed_apis: &[&MODULES],
    }
}

static MODULES: [RemovedModule; 2] = [
    RemovedModule {
        module: "io",
        members: &[Member::rename("OpenWrapper", "builtins.open")],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "_pyio",
        members: &[Member::rename("OpenWrapper", "builtins.open")],
        other_members: "",
        successor: None,
        shared_state: false,
    },
];

impl Check for IoOpenWrapper {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_changed(&Self::META, &MODULES, m, ctx, out);
    }
}
