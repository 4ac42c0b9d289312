use crate::kit::declare::Check;
use crate::kit::check_distutils_import;
use snakeshift_engine::fix::Finding;
use crate::kit::moves::{CallFix, CallSite, Member, RemovedModule};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;

rewrite! {
    /// # distutils-log
    ///
    /// ## What it does
    /// Replaces `distutils.log` with the standard `logging` module:
    /// `log.info(msg, *args)` becomes `logging.getLogger(__name__).info(msg, *args)` (`warn`
    /// becomes `warning`, `fatal` becomes `critical`), and the level constants become
    /// `logging.DEBUG`, `logging.INFO`, `logging.WARNING`, `logging.ERROR` and `logging.FATAL`.
    ///
    /// ## Why
    /// `distutils` was removed in Python 3.12 (PEP 632). Under setuptools, `distutils.log`
    /// already forwards to `logging`.
    ///
    /// ## Example
    /// ```python
    /// from distutils import log
    /// log.info("building %s", name)
    /// ```
    /// becomes
    /// ```python
    /// import logging
    /// logging.getLogger(__name__).info("building %s", name)
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the standard library's `distutils.log` printed straight to stdout/stderr with
    /// its own threshold (`WARN` unless `set_verbosity` was called), while `logging` goes
    /// through the handlers configured for the logger; the numeric level values differ
    /// (`distutils.log.INFO == 2`, `logging.INFO == 20`). `set_threshold`, `set_verbosity` and
    /// `Log` are reported: use `logging.getLogger(...).setLevel(...)`.
    DistutilsLog {
        id: "distutils-log",
        group: "distutils",
        summary: "distutils.log -> logging",
        query: include_str!("query.scm"),
        triggers: &["distutils"],
        removed_in: Some(PyVersion::new(3, 12)),
        fix: FixSafety::Unsafe,
        readme: ("distutils", "`log.info/debug/warn/error/fatal/log(...)` → `logging.getLogger(__name__).<method>(...)`, level constants → `logging.*`", "unsafe; `set_threshold`, `set_verbosity` reported (and then no other use of that `log` is rewritten: they share the threshold)"),
        activate: crate::kit::activation::imports_distutils,
        removed_apis: &[&MODULES],
    }
}

const LEVELS_DIFFER: &str =
    "`logging` levels are ten times the old `distutils.log` values (INFO is 20, not 2)";
const USE_GET_LOGGER: &str = "use `logging.getLogger(__name__)` and its methods";

static MODULES: [RemovedModule; 1] = [RemovedModule {
    module: "distutils.log",
    members: &[
        Member::call("debug", |s| method(s, "debug"), USE_GET_LOGGER),
        Member::call("info", |s| method(s, "info"), USE_GET_LOGGER),
        Member::call("warn", |s| method(s, "warning"), USE_GET_LOGGER),
        Member::call("error", |s| method(s, "error"), USE_GET_LOGGER),
        Member::call("fatal", |s| method(s, "critical"), USE_GET_LOGGER),
        Member::call("log", |s| method(s, "log"), USE_GET_LOGGER),
        Member::unsafe_rename("DEBUG", "logging.DEBUG", LEVELS_DIFFER),
        Member::unsafe_rename("INFO", "logging.INFO", LEVELS_DIFFER),
        Member::unsafe_rename("WARN", "logging.WARNING", LEVELS_DIFFER),
        Member::unsafe_rename("ERROR", "logging.ERROR", LEVELS_DIFFER),
        Member::unsafe_rename("FATAL", "logging.FATAL", LEVELS_DIFFER),
        Member::report(
            "set_threshold",
            "use `logging.getLogger(__name__).setLevel(...)` with a `logging` level",
        ),
        Member::report(
            "set_verbosity",
            "use `logging.getLogger(__name__).setLevel(logging.INFO)` (or DEBUG for verbose)",
        ),
    ],
    other_members: USE_GET_LOGGER,
    successor: None,
    shared_state: true,
}];

/// `log.<old>(args)` → `logging.getLogger(__name__).<new>(args)`, arguments kept verbatim.
fn method(site: &CallSite<'_, '_>, new: &str) -> Result<CallFix, String> {
    let get_logger = site.require("logging.getLogger")?;
    let args = site
        .call
        .child_by_field_name("arguments")
        .map(|a| &site.ctx().text[a.byte_range()])
        .ok_or("called without arguments")?;
    Ok(CallFix::unsafe_(
        format!("{get_logger}(__name__).{new}{args}"),
        "messages go through `logging` handlers instead of being printed by distutils' own threshold",
    ))
}

impl Check for DistutilsLog {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_distutils_import(&Self::META, &MODULES, m, ctx, out);
    }
}
