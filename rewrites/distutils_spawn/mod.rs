use crate::kit::declare::Check;
use crate::kit::check_distutils_import;
use snakeshift_engine::fix::Finding;
use crate::kit::moves::{CallFix, CallSite, Member, RemovedModule};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;

rewrite! {
    /// # distutils-spawn
    ///
    /// ## What it does
    /// Replaces `distutils.spawn.find_executable(name, path)` with
    /// `shutil.which(name, path=path)` and `distutils.spawn.spawn(cmd)` with
    /// `subprocess.run(cmd, check=True)`.
    ///
    /// ## Why
    /// `distutils` was removed in Python 3.12 (PEP 632); `shutil.which` and `subprocess` are
    /// the standard replacements.
    ///
    /// ## Example
    /// ```python
    /// from distutils.spawn import find_executable
    /// git = find_executable("git")
    /// ```
    /// becomes
    /// ```python
    /// import shutil
    /// git = shutil.which("git")
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe. `find_executable` returns a bare name when a *file* of that name exists in the
    /// current directory and ignores the executable bit; `which` requires execute permission
    /// and ignores the current directory on POSIX (on Windows it uses `PATHEXT` instead of
    /// appending `.exe`). A failing `spawn` raised `DistutilsExecError`; `subprocess.run`
    /// raises `CalledProcessError`. `spawn` with `search_path=0`, `dry_run` or an unused
    /// result that is used is reported instead of rewritten.
    DistutilsSpawn {
        id: "distutils-spawn",
        group: "distutils",
        summary: "distutils.spawn.find_executable -> shutil.which, spawn -> subprocess.run",
        query: include_str!("query.scm"),
        triggers: &["distutils"],
        removed_in: Some(PyVersion::new(3, 12)),
        fix: FixSafety::Unsafe,
        readme: ("distutils", "`find_executable(name, path)` → `shutil.which(name, path=path)`; `spawn(cmd)` → `subprocess.run(cmd, check=True)`", "unsafe; `spawn` with `search_path=0`, `dry_run`, a used result, or inside `except DistutilsExecError` reported"),
        activate: crate::kit::activation::imports_distutils,
        removed_apis: &[&MODULES],
    }
}

static MODULES: [RemovedModule; 1] = [RemovedModule {
    module: "distutils.spawn",
    members: &[
        Member::call(
            "find_executable",
            find_executable,
            "use `shutil.which(name, path=path)` (it requires execute permission)",
        ),
        Member::call("spawn", spawn, "use `subprocess.run(cmd, check=True)`"),
    ],
    other_members: "use `shutil.which` or `subprocess`",
    successor: None,
    shared_state: false,
}];

const WHICH_DIFFERS: &str = "`shutil.which` requires execute permission and ignores files in the current directory, unlike `find_executable`";

fn find_executable(site: &CallSite<'_, '_>) -> Result<CallFix, String> {
    site.expect_params(&["executable", "path"])?;
    let name = site
        .param(0, "executable")
        .ok_or("called without an executable name")?;
    let which = site.require("shutil.which")?;
    let text = match site.param(1, "path") {
        Some(path) => format!("{which}({}, path={})", name.text, path.text),
        None => format!("{which}({})", name.text),
    };
    Ok(CallFix::unsafe_(text, WHICH_DIFFERS))
}

fn spawn(site: &CallSite<'_, '_>) -> Result<CallFix, String> {
    site.expect_params(&["cmd", "search_path", "verbose", "dry_run", "env"])?;
    site.not_caught_as(&[
        "DistutilsExecError",
        "DistutilsError",
        "ExecError",
        "BaseError",
    ])?;
    if site.result_used() {
        return Err("its result (always None) is used; rewrite it by hand".into());
    }
    site.expect_flag(1, "search_path", true)?;
    site.expect_flag(3, "dry_run", false)?;
    let cmd = site.param(0, "cmd").ok_or("called without a command")?;
    let run = site.require("subprocess.run")?;
    let env = site
        .param(4, "env")
        .map_or(String::new(), |e| format!(", env={}", e.text));
    Ok(CallFix::unsafe_(
        format!("{run}({}, check=True{env})", cmd.text),
        "a failing command raises `subprocess.CalledProcessError` instead of `DistutilsExecError`",
    ))
}

impl Check for DistutilsSpawn {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_distutils_import(&Self::META, &MODULES, m, ctx, out);
    }
}
