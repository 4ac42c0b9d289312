use crate::kit::declare::Check;
use crate::kit::check_removed;
use snakeshift_engine::fix::Finding;
use crate::kit::moves::{Member, RemovedModule};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;

rewrite! {
    /// # pipes-module
    ///
    /// ## What it does
    /// Replaces `pipes.quote` with `shlex.quote` and reports `pipes.Template`; the import of
    /// `pipes` goes once nothing uses it.
    ///
    /// ## Why
    /// `pipes` was removed in Python 3.13 (PEP 594). `pipes.quote` was `shlex.quote` itself
    /// (`pipes.quote is shlex.quote` on 3.11). The `standard-pipes` package restores the module.
    ///
    /// ## Example
    /// ```python
    /// from pipes import quote
    /// cmd = "ls " + quote(path)
    /// ```
    /// becomes
    /// ```python
    /// from shlex import quote
    /// cmd = "ls " + quote(path)
    /// ```
    ///
    /// With `--backports pipes` the module is left alone: `standard-pipes` becomes a dependency of the
    /// project and the imports keep working.
    ///
    /// ## Fix safety
    /// Safe: the same function. `pipes.Template` has no replacement (use `subprocess`
    /// pipelines) and is reported.
    PipesModule {
        id: "pipes-module",
        group: "dead-batteries",
        summary: "pipes.quote -> shlex.quote (safe); pipes.Template reported (standard-pipes backport)",
        query: include_str!("query.scm"),
        triggers: &["pipes"],
        removed_in: Some(PyVersion::new(3, 13)),
        fix: FixSafety::Safe,
        readme: ("dead-batteries", "`pipes.quote` → `shlex.quote`; `pipes.Template` reported (`standard-pipes`)", "safe"),
        removed_apis: &[&MODULES],
    }
}

static MODULES: [RemovedModule; 1] = [RemovedModule {
    module: "pipes",
    members: &[
        Member::rename("quote", "shlex.quote"),
        Member::report(
            "Template",
            "build the pipeline with `subprocess` (`Popen(..., stdout=PIPE)` chained), or depend on the `standard-pipes` backport",
        ),
    ],
    other_members: "`pipes` was removed (PEP 594): use `shlex.quote` and `subprocess`, or the `standard-pipes` backport",
    successor: None,
    shared_state: false,
}];

impl Check for PipesModule {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_removed(&Self::META, &MODULES, m, ctx, out);
    }
}
