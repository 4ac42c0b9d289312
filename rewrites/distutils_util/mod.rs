use crate::kit::declare::Check;
use crate::kit::{as_primary, check_distutils_import};
use snakeshift_engine::fix::Finding;
use crate::kit::moves::{CallFix, CallSite, Member, RemovedModule};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;

rewrite! {
    /// # distutils-util
    ///
    /// ## What it does
    /// Replaces the helpers of `distutils.util`: `strtobool` becomes a small function with the
    /// same behaviour defined in the module itself, `get_platform` becomes
    /// `sysconfig.get_platform`, `split_quoted` becomes `shlex.split` and `convert_path(p)`
    /// becomes `os.path.join(*p.split("/"))`. The other helpers (`change_root`, `execute`,
    /// `byte_compile`, `rfc822_escape`, `check_environ`, `subst_vars`, …) are reported.
    ///
    /// ## Why
    /// `distutils` was removed in Python 3.12 (PEP 632), which asks projects to reimplement
    /// `strtobool`. Replacing it with `bool(s)` is a classic bug: `bool("false")` is `True`.
    ///
    /// ## Example
    /// ```python
    /// from distutils.util import strtobool
    /// DEBUG = strtobool(os.environ.get("DEBUG", "no"))
    /// ```
    /// becomes
    /// ```python
    /// def strtobool(val):
    ///     val = val.lower()
    ///     if val in ("y", "yes", "t", "true", "on", "1"):
    ///         return 1
    ///     if val in ("n", "no", "f", "false", "off", "0"):
    ///         return 0
    ///     raise ValueError(f"invalid truth value {val!r}")
    ///
    /// DEBUG = strtobool(os.environ.get("DEBUG", "no"))
    /// ```
    ///
    /// ## Fix safety
    /// `strtobool` and `get_platform` are safe: the definition returns the same `int` values
    /// and raises the same `ValueError`, and `sysconfig.get_platform()` returns the same
    /// string. `split_quoted` → `shlex.split` and `convert_path` are unsafe: quoting edge cases
    /// differ, and `convert_path` rejected absolute paths and (on Windows) dropped `.` parts.
    DistutilsUtil {
        id: "distutils-util",
        group: "distutils",
        summary: "distutils.util.strtobool/get_platform/split_quoted/convert_path -> stdlib",
        query: include_str!("query.scm"),
        triggers: &["distutils"],
        removed_in: Some(PyVersion::new(3, 12)),
        fix: FixSafety::Mixed,
        readme: ("distutils", r#"`strtobool` → a small function with the same behaviour added to the module (never `bool(s)`); `get_platform` → `sysconfig.get_platform`; `split_quoted` → `shlex.split`; `convert_path(p)` → `os.path.join(*p.split("/"))`"#, "safe / safe / unsafe / unsafe; `change_root`, `byte_compile`, `execute`, `rfc822_escape`, `check_environ`, `subst_vars` reported"),
        activate: crate::kit::activation::imports_distutils,
        removed_apis: &[&MODULES],
    }
}

const STRTOBOOL: &str = r#"
def {name}(val):
    val = val.lower()
    if val in ("y", "yes", "t", "true", "on", "1"):
        return 1
    if val in ("n", "no", "f", "false", "off", "0"):
        return 0
    raise ValueError(f"invalid truth value {val!r}")
"#;

const REIMPLEMENT: &str = "PEP 632 asks projects to reimplement it; copy the function from the Python 3.11 sources if you need it";

static MODULES: [RemovedModule; 1] = [RemovedModule {
    module: "distutils.util",
    members: &[
        Member::define("strtobool", STRTOBOOL),
        Member::rename("get_platform", "sysconfig.get_platform"),
        Member::unsafe_rename(
            "split_quoted",
            "shlex.split",
            "`shlex.split` follows POSIX shell quoting, which differs from `split_quoted` on backslashes and unbalanced quotes",
        ),
        Member::call(
            "convert_path",
            convert_path,
            "use `os.path.join(*path.split(\"/\"))`",
        ),
        Member::report(
            "byte_compile",
            "use `compileall.compile_file` or `py_compile.compile`; their arguments differ",
        ),
        Member::report("change_root", REIMPLEMENT),
        Member::report(
            "execute",
            "call the function directly (there is no `dry_run` anymore)",
        ),
        Member::report("rfc822_escape", REIMPLEMENT),
        Member::report("check_environ", REIMPLEMENT),
        Member::report(
            "subst_vars",
            "use `string.Template(s).substitute(os.environ, **local_vars)`; the syntax differs",
        ),
        Member::report("grok_environment_error", REIMPLEMENT),
    ],
    other_members: REIMPLEMENT,
    successor: None,
    shared_state: false,
}];

fn convert_path(site: &CallSite<'_, '_>) -> Result<CallFix, String> {
    site.expect_params(&["pathname"])?;
    let path = site.param(0, "pathname").ok_or("called without a path")?;
    let join = site.require("os.path.join")?;
    let q = site.quote();
    Ok(CallFix::unsafe_(
        format!("{join}(*{}.split({q}/{q}))", as_primary(path)),
        "`convert_path` rejected absolute paths and dropped `.` parts on Windows",
    ))
}

impl Check for DistutilsUtil {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_distutils_import(&Self::META, &MODULES, m, ctx, out);
    }
}
