use crate::kit::declare::Check;
use crate::kit::check_distutils_import;
use snakeshift_engine::fix::Finding;
use crate::kit::moves::{Member, RemovedModule};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;

rewrite! {
    /// # distutils-dep-util
    ///
    /// ## What it does
    /// Replaces `distutils.dep_util.newer`, `newer_group` and `newer_pairwise` with the same
    /// functions from `setuptools.modified`.
    ///
    /// ## Why
    /// `distutils` was removed in Python 3.12 (PEP 632). setuptools kept these helpers in
    /// `setuptools.modified` (setuptools 69 and later); its old `setuptools.dep_util` is gone.
    ///
    /// ## Example
    /// ```python
    /// from distutils.dep_util import newer
    /// ```
    /// becomes
    /// ```python
    /// from setuptools.modified import newer
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the setuptools copies return `True`/`False` where the standard library's
    /// returned `1`/`0` (`newer_group`, and `newer` for a missing target), and they compare
    /// modification times to the sub-second where the standard library compared whole
    /// seconds. The project needs setuptools 69 or later.
    DistutilsDepUtil {
        id: "distutils-dep-util",
        group: "distutils",
        summary: "distutils.dep_util -> setuptools.modified",
        query: include_str!("query.scm"),
        triggers: &["distutils"],
        removed_in: Some(PyVersion::new(3, 12)),
        fix: FixSafety::Unsafe,
        readme: ("distutils", "`newer`, `newer_group`, `newer_pairwise` → `setuptools.modified`", "unsafe (they return `True`/`False` where the standard library returned `1`/`0`)"),
        activate: crate::kit::activation::imports_distutils,
        removed_apis: &[&MODULES],
    }
}

const DIFFERS: &str = "the setuptools versions return `True`/`False` where the standard library's returned `1`/`0`, and compare sub-second modification times";

static MODULES: [RemovedModule; 1] = [RemovedModule {
    module: "distutils.dep_util",
    members: &[
        Member::unsafe_rename("newer", "setuptools.modified.newer", DIFFERS),
        Member::unsafe_rename("newer_group", "setuptools.modified.newer_group", DIFFERS),
        Member::unsafe_rename(
            "newer_pairwise",
            "setuptools.modified.newer_pairwise",
            DIFFERS,
        ),
    ],
    other_members: "compare `os.path.getmtime` values",
    successor: None,
    shared_state: false,
}];

impl Check for DistutilsDepUtil {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_distutils_import(&Self::META, &MODULES, m, ctx, out);
    }
}
