use crate::kit::declare::Check;
use crate::kit::check_distutils_import;
use snakeshift_engine::fix::Finding;
use crate::kit::moves::{CallFix, CallSite, Member, RemovedModule};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;

rewrite! {
    /// # distutils-archive-util
    ///
    /// ## What it does
    /// Replaces `distutils.archive_util.make_archive` with `shutil.make_archive` (same
    /// parameters), and `make_tarball(base, dir, compress)` / `make_zipfile(base, dir)` with
    /// `shutil.make_archive(base, "gztar"|"bztar"|"xztar"|"tar"|"zip", base_dir=dir)`.
    ///
    /// ## Why
    /// `distutils` was removed in Python 3.12 (PEP 632); `shutil.make_archive` is the stdlib
    /// copy of the same code.
    ///
    /// ## Example
    /// ```python
    /// from distutils.archive_util import make_zipfile
    /// make_zipfile("dist/app", "app")
    /// ```
    /// becomes
    /// ```python
    /// import shutil
    /// shutil.make_archive("dist/app", "zip", base_dir="app")
    /// ```
    ///
    /// ## Fix safety
    /// `make_archive` is safe (same signature and archives). `make_tarball` and `make_zipfile`
    /// are unsafe: `shutil` names the archive the same way but logs differently and has no
    /// `compress="compress"`; a non-literal `compress` is reported.
    DistutilsArchiveUtil {
        id: "distutils-archive-util",
        group: "distutils",
        summary: "distutils.archive_util -> shutil.make_archive",
        query: include_str!("query.scm"),
        triggers: &["distutils"],
        removed_in: Some(PyVersion::new(3, 12)),
        fix: FixSafety::Mixed,
        readme: ("distutils", r#"`make_archive` → `shutil.make_archive`; `make_tarball`/`make_zipfile` → `shutil.make_archive(base, "gztar"/…/"zip", base_dir=...)`"#, "safe / unsafe"),
        activate: crate::kit::activation::imports_distutils,
        removed_apis: &[&MODULES],
    }
}

static MODULES: [RemovedModule; 1] = [RemovedModule {
    module: "distutils.archive_util",
    members: &[
        Member::rename("make_archive", "shutil.make_archive"),
        Member::call(
            "make_tarball",
            make_tarball,
            "use `shutil.make_archive(base_name, \"gztar\", base_dir=base_dir)`",
        ),
        Member::call(
            "make_zipfile",
            make_zipfile,
            "use `shutil.make_archive(base_name, \"zip\", base_dir=base_dir)`",
        ),
    ],
    other_members: "use `shutil.make_archive` and `shutil.get_archive_formats()`",
    successor: None,
    shared_state: false,
}];

fn archive(site: &CallSite<'_, '_>, format: &str) -> Result<CallFix, String> {
    let base = site
        .param(0, "base_name")
        .ok_or("called without a base name")?;
    let dir = site
        .param(1, "base_dir")
        .ok_or("called without a base directory")?;
    site.expect_flag(if format == "zip" { 3 } else { 4 }, "dry_run", false)?;
    let make_archive = site.require("shutil.make_archive")?;
    let q = site.quote();
    Ok(CallFix::unsafe_(
        format!(
            "{make_archive}({}, {q}{format}{q}, base_dir={})",
            base.text, dir.text
        ),
        "`shutil` logs through `logging` instead of `distutils.log`",
    ))
}

fn make_tarball(site: &CallSite<'_, '_>) -> Result<CallFix, String> {
    site.expect_params(&["base_name", "base_dir", "compress", "verbose", "dry_run"])?;
    let format = match site.param(2, "compress").map(|c| c.text) {
        None | Some("'gzip'") | Some("\"gzip\"") => "gztar",
        Some("'bzip2'") | Some("\"bzip2\"") => "bztar",
        Some("'xz'") | Some("\"xz\"") => "xztar",
        Some("None") => "tar",
        Some(other) => return Err(format!("`compress={other}` has no `shutil` format")),
    };
    archive(site, format)
}

fn make_zipfile(site: &CallSite<'_, '_>) -> Result<CallFix, String> {
    site.expect_params(&["base_name", "base_dir", "verbose", "dry_run"])?;
    archive(site, "zip")
}

impl Check for DistutilsArchiveUtil {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_distutils_import(&Self::META, &MODULES, m, ctx, out);
    }
}
