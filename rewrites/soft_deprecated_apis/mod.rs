use crate::kit::declare::Check;
use crate::kit::check_changed;
use snakeshift_engine::fix::Finding;
use crate::kit::moves::{CallIssue, CallSite, Member, RemovedModule};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};

rewrite! {
    /// # soft-deprecated-apis
    ///
    ///
    /// ## What it does
    /// Runs only when selected by id (`--select soft-deprecated-apis`): these APIs are deprecated
    /// in the documentation but do not warn and have no removal date, so they are no reason to
    /// touch code when migrating to Python 3.14.
    ///
    /// | old | becomes | fix |
    /// | --- | --- | --- |
    /// | `typing.Text` | `str` | safe |
    /// | `shutil.rmtree(path, onerror=f)` | reported: `onexc=` (3.12+) receives the exception instead of an `exc_info` tuple | — |
    /// | `sys.last_type`, `sys.last_value`, `sys.last_traceback` | reported: `sys.last_exc` (3.12+) | — |
    /// | `os.popen`, `os.spawn*` | reported: `subprocess.run` / `subprocess.Popen` | — |
    ///
    /// (`locale.getdefaultlocale()` is deliberately left alone: it is no longer deprecated.)
    ///
    /// ## Why
    /// They are documented as deprecated and may be scheduled for removal later.
    ///
    /// ## Example
    /// ```python
    /// def greet(name: typing.Text) -> typing.Text:
    /// ```
    /// becomes
    /// ```python
    /// def greet(name: str) -> str:
    /// ```
    ///
    /// ## Fix safety
    /// Safe: `typing.Text` is `str`.
    SoftDeprecatedApis {
        id: "soft-deprecated-apis",
        group: "stdlib",
        summary: "(opt-in) deprecated only in the documentation, no warning: typing.Text -> str (safe); shutil.rmtree(onerror=), sys.last_type/last_value/last_traceback, os.popen/os.spawn* reported",
        query: include_str!("query.scm"),
        triggers: &["typing", "rmtree", "last_type", "last_value", "last_traceback", "popen", "spawn"],
        removed_in: None,
        fix: FixSafety::Safe,
        readme: ("other", "**opt-in** (`--select soft-deprecated-apis`): `typing.Text` → `str`; `shutil.rmtree(onerror=)`, `sys.last_type` & co, `os.popen`, `os.spawn*` reported (documentation-only deprecations)", "safe"),
        opt_in: true,
        removed_apis: &[&MODULES],
    }
}

static MODULES: [RemovedModule; 4] = [
    RemovedModule {
        module: "typing",
        members: &[Member::rename("Text", "builtins.str")],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "shutil",
        members: &[Member::check_call("rmtree", onerror)],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "sys",
        members: &[
            Member::report(
                "last_type",
                "use `sys.last_exc` (Python 3.12+): the exception, whose type and traceback are `type(e)` and `e.__traceback__`",
            ),
            Member::report(
                "last_value",
                "use `sys.last_exc` (Python 3.12+): the exception, whose type and traceback are `type(e)` and `e.__traceback__`",
            ),
            Member::report(
                "last_traceback",
                "use `sys.last_exc` (Python 3.12+): the exception, whose type and traceback are `type(e)` and `e.__traceback__`",
            ),
        ],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "os",
        members: &[
            Member::report(
                "popen",
                "use `subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout` or `subprocess.Popen`",
            ),
            Member::report("spawnl", "use `subprocess.run` or `subprocess.Popen`"),
            Member::report("spawnle", "use `subprocess.run` or `subprocess.Popen`"),
            Member::report("spawnlp", "use `subprocess.run` or `subprocess.Popen`"),
            Member::report("spawnlpe", "use `subprocess.run` or `subprocess.Popen`"),
            Member::report("spawnv", "use `subprocess.run` or `subprocess.Popen`"),
            Member::report("spawnve", "use `subprocess.run` or `subprocess.Popen`"),
            Member::report("spawnvp", "use `subprocess.run` or `subprocess.Popen`"),
            Member::report("spawnvpe", "use `subprocess.run` or `subprocess.Popen`"),
        ],
        other_members: "",
        successor: None,
        shared_state: false,
    },
];

fn onerror(site: &CallSite<'_, '_>) -> Option<CallIssue> {
    site.args.iter().any(|a| a.keyword == Some("onerror")).then(|| CallIssue {
        message: "`shutil.rmtree(onerror=)` is deprecated".to_owned(),
        fix: Err("use `onexc=` (Python 3.12+); its third argument is the exception instance, not an `exc_info` tuple".into()),
    })
}

impl Check for SoftDeprecatedApis {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_changed(&Self::META, &MODULES, m, ctx, out);
    }
}
