use crate::kit::declare::Check;
use crate::kit::{as_primary, check_distutils_import};
use snakeshift_engine::fix::Finding;
use crate::kit::moves::{CallFix, CallSite, Member, RemovedModule};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;

rewrite! {
    /// # distutils-file-util
    ///
    /// ## What it does
    /// Replaces `distutils.file_util`: `copy_file(src, dst)` becomes `shutil.copy2(src, dst)`,
    /// `move_file(src, dst)` becomes `shutil.move(src, dst)` and `write_file(path, lines)`
    /// becomes `pathlib.Path(path).write_text("".join(line + "\n" for line in lines))`.
    ///
    /// ## Why
    /// `distutils` was removed in Python 3.12 (PEP 632).
    ///
    /// ## Example
    /// ```python
    /// from distutils.file_util import write_file
    /// write_file("MANIFEST", names)
    /// ```
    /// becomes
    /// ```python
    /// import pathlib
    /// pathlib.Path("MANIFEST").write_text("".join(line + "\n" for line in names))
    /// ```
    ///
    /// ## Fix safety
    /// `write_file` is safe: same file content, same (locale) encoding, same newline
    /// translation. `copy_file` and `move_file` are unsafe: `copy_file` returned
    /// `(dest, copied)` and supported `update` and `link`, `move_file` refused to overwrite an
    /// existing destination. Calls whose result is used, or with options the replacement lacks,
    /// are reported.
    DistutilsFileUtil {
        id: "distutils-file-util",
        group: "distutils",
        summary: "distutils.file_util.copy_file/move_file/write_file -> shutil / pathlib",
        query: include_str!("query.scm"),
        triggers: &["distutils"],
        removed_in: Some(PyVersion::new(3, 12)),
        fix: FixSafety::Mixed,
        readme: ("distutils", "`write_file(p, lines)` → `pathlib.Path(p).write_text(...)`; `copy_file` → `shutil.copy2`; `move_file` → `shutil.move`", "safe / unsafe / unsafe"),
        activate: crate::kit::activation::imports_distutils,
        removed_apis: &[&MODULES],
    }
}

static MODULES: [RemovedModule; 1] = [RemovedModule {
    module: "distutils.file_util",
    members: &[
        Member::call("copy_file", copy_file, "use `shutil.copy2(src, dst)`"),
        Member::call("move_file", move_file, "use `shutil.move(src, dst)`"),
        Member::call(
            "write_file",
            write_file,
            "use `pathlib.Path(path).write_text(\"\".join(line + \"\\n\" for line in lines))`",
        ),
    ],
    other_members: "use `shutil`",
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

fn copy_file(site: &CallSite<'_, '_>) -> Result<CallFix, String> {
    site.expect_params(&["src", "dst", "preserve_mode", "preserve_times", "verbose"])?;
    site.not_caught_as(&FILE_ERRORS)?;
    if site.result_used() {
        return Err(
            "its result `(dest, copied)` is used; `shutil.copy2` returns only the destination"
                .into(),
        );
    }
    site.expect_flag(2, "preserve_mode", true)?;
    site.expect_flag(3, "preserve_times", true)?;
    let src = site.param(0, "src").ok_or("called without a source")?;
    let dst = site.param(1, "dst").ok_or("called without a destination")?;
    let copy2 = site.require("shutil.copy2")?;
    Ok(CallFix::unsafe_(
        format!("{copy2}({}, {})", src.text, dst.text),
        "errors are `OSError` instead of `DistutilsFileError`",
    ))
}

fn move_file(site: &CallSite<'_, '_>) -> Result<CallFix, String> {
    site.expect_params(&["src", "dst", "verbose"])?;
    site.not_caught_as(&FILE_ERRORS)?;
    let src = site.param(0, "src").ok_or("called without a source")?;
    let dst = site.param(1, "dst").ok_or("called without a destination")?;
    let mv = site.require("shutil.move")?;
    Ok(CallFix::unsafe_(
        format!("{mv}({}, {})", src.text, dst.text),
        "`move_file` refused to overwrite an existing destination file; `shutil.move` overwrites it",
    ))
}

fn write_file(site: &CallSite<'_, '_>) -> Result<CallFix, String> {
    site.expect_params(&["filename", "contents"])?;
    if site.result_used() {
        return Err("its result (None) is used".into());
    }
    let path = site
        .param(0, "filename")
        .ok_or("called without a file name")?;
    let lines = site.param(1, "contents").ok_or("called without contents")?;
    let path_cls = site.require("pathlib.Path")?;
    let q = site.quote();
    Ok(CallFix::safe(format!(
        "{path_cls}({}).write_text({q}{q}.join(line + {q}\\n{q} for line in {}))",
        path.text,
        as_primary(lines)
    )))
}

impl Check for DistutilsFileUtil {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_distutils_import(&Self::META, &MODULES, m, ctx, out);
    }
}
