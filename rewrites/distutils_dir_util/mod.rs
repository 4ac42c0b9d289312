use crate::kit::declare::Check;
use crate::kit::check_distutils_import;
use snakeshift_engine::fix::Finding;
use crate::kit::moves::{CallFix, CallSite, Member, RemovedModule};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;

rewrite! {
    /// # distutils-dir-util
    ///
    /// ## What it does
    /// Replaces `distutils.dir_util`: `copy_tree(src, dst)` becomes
    /// `shutil.copytree(src, dst, dirs_exist_ok=True)` (`preserve_symlinks=1` becomes
    /// `symlinks=True`), `mkpath(name, mode)` becomes `os.makedirs(name, mode, exist_ok=True)`
    /// and `remove_tree(d)` becomes `shutil.rmtree(d)`.
    ///
    /// ## Why
    /// `distutils` was removed in Python 3.12 (PEP 632).
    ///
    /// ## Example
    /// ```python
    /// from distutils.dir_util import copy_tree
    /// copy_tree("assets", "build/assets")
    /// ```
    /// becomes
    /// ```python
    /// import shutil
    /// shutil.copytree("assets", "build/assets", dirs_exist_ok=True)
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: `copy_tree` returned the list of copied files and `mkpath` the list of created
    /// directories, their errors were `DistutilsFileError`, `mkpath("")` did nothing, and
    /// `remove_tree` logged per-file errors instead of raising. Calls whose result is used, or
    /// with `update`, `dry_run` or non-literal flags, are reported. `dirs_exist_ok` needs
    /// Python 3.8.
    DistutilsDirUtil {
        id: "distutils-dir-util",
        group: "distutils",
        summary: "distutils.dir_util.copy_tree/mkpath/remove_tree -> shutil / os",
        query: include_str!("query.scm"),
        triggers: &["distutils"],
        removed_in: Some(PyVersion::new(3, 12)),
        fix: FixSafety::Unsafe,
        readme: ("distutils", "`copy_tree` → `shutil.copytree(..., dirs_exist_ok=True)`, `mkpath` → `os.makedirs(..., exist_ok=True)`, `remove_tree` → `shutil.rmtree`", "unsafe; a used result, `update`, `dry_run` or an enclosing `except DistutilsFileError` reported"),
        activate: crate::kit::activation::imports_distutils,
        removed_apis: &[&MODULES],
    }
}

static MODULES: [RemovedModule; 1] = [RemovedModule {
    module: "distutils.dir_util",
    members: &[
        Member::call(
            "copy_tree",
            copy_tree,
            "use `shutil.copytree(src, dst, dirs_exist_ok=True)`",
        ),
        Member::call(
            "mkpath",
            mkpath,
            "use `os.makedirs(name, mode, exist_ok=True)`",
        ),
        Member::call("remove_tree", remove_tree, "use `shutil.rmtree(directory)`"),
        Member::report(
            "create_tree",
            "call `os.makedirs(os.path.join(base_dir, os.path.dirname(f)), exist_ok=True)` for each file",
        ),
    ],
    other_members: "use `shutil` or `os`",
    successor: None,
    shared_state: false,
}];

/// Errors the distutils helpers raised that the replacements do not.
const FILE_ERRORS: [&str; 4] = [
    "DistutilsFileError",
    "DistutilsError",
    "FileError",
    "BaseError",
];

fn unused_result(site: &CallSite<'_, '_>, returned: &str) -> Result<(), String> {
    site.not_caught_as(&FILE_ERRORS)?;
    if site.result_used() {
        return Err(format!(
            "its result ({returned}) is used; the replacement returns something else"
        ));
    }
    Ok(())
}

fn copy_tree(site: &CallSite<'_, '_>) -> Result<CallFix, String> {
    site.expect_params(&[
        "src",
        "dst",
        "preserve_mode",
        "preserve_times",
        "preserve_symlinks",
        "update",
        "verbose",
        "dry_run",
    ])?;
    unused_result(site, "the list of copied files")?;
    if !site.ctx().versions.has(PyVersion::new(3, 8)) {
        return Err("`shutil.copytree(dirs_exist_ok=True)` needs Python 3.8".into());
    }
    site.expect_flag(2, "preserve_mode", true)?;
    site.expect_flag(3, "preserve_times", true)?;
    site.expect_flag(5, "update", false)?;
    site.expect_flag(7, "dry_run", false)?;
    let symlinks = match site.param(4, "preserve_symlinks") {
        None => false,
        Some(arg) => site
            .literal_bool(arg)
            .ok_or("`preserve_symlinks` is not a literal")?,
    };
    let src = site.param(0, "src").ok_or("called without a source")?;
    let dst = site.param(1, "dst").ok_or("called without a destination")?;
    let copytree = site.require("shutil.copytree")?;
    let symlinks = if symlinks { ", symlinks=True" } else { "" };
    Ok(CallFix::unsafe_(
        format!(
            "{copytree}({}, {}{symlinks}, dirs_exist_ok=True)",
            src.text, dst.text
        ),
        "errors are `shutil.Error`/`OSError` instead of `DistutilsFileError`",
    ))
}

fn mkpath(site: &CallSite<'_, '_>) -> Result<CallFix, String> {
    site.expect_params(&["name", "mode", "verbose", "dry_run"])?;
    unused_result(site, "the list of created directories")?;
    site.expect_flag(3, "dry_run", false)?;
    let name = site.param(0, "name").ok_or("called without a path")?;
    let makedirs = site.require("os.makedirs")?;
    let mode = site
        .param(1, "mode")
        .map_or(String::new(), |m| format!(", {}", m.text));
    Ok(CallFix::unsafe_(
        format!("{makedirs}({}{mode}, exist_ok=True)", name.text),
        "`mkpath(\"\")` did nothing while `os.makedirs(\"\")` raises, and errors are `OSError` instead of `DistutilsFileError`",
    ))
}

fn remove_tree(site: &CallSite<'_, '_>) -> Result<CallFix, String> {
    site.expect_params(&["directory", "verbose", "dry_run"])?;
    unused_result(site, "None")?;
    site.expect_flag(2, "dry_run", false)?;
    let dir = site
        .param(0, "directory")
        .ok_or("called without a directory")?;
    let rmtree = site.require("shutil.rmtree")?;
    Ok(CallFix::unsafe_(
        format!("{rmtree}({})", dir.text),
        "`remove_tree` logged errors on single files and went on; `shutil.rmtree` raises",
    ))
}

impl Check for DistutilsDirUtil {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_distutils_import(&Self::META, &MODULES, m, ctx, out);
    }
}
