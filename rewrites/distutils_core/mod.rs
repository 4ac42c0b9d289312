use crate::kit::declare::Check;
use crate::kit::check_distutils_import;
use snakeshift_engine::fix::Finding;
use crate::kit::moves::{Member, RemovedModule};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;

rewrite! {
    /// # distutils-core
    ///
    /// ## What it does
    /// Replaces the setup machinery of `distutils` (`distutils.core`, `distutils.extension`,
    /// `distutils.cmd`, `distutils.dist`) with the same names from `setuptools`: `setup`,
    /// `Extension`, `Command` and `Distribution`.
    ///
    /// ## Why
    /// `distutils` was removed in Python 3.12 (PEP 632). A `setup.py` that imports it cannot
    /// even start on 3.12+; `setuptools` provides the same API.
    ///
    /// ## Example
    /// ```python
    /// from distutils.core import setup, Extension
    /// ```
    /// becomes
    /// ```python
    /// from setuptools import setup, Extension
    /// ```
    /// `import distutils.core` with `distutils.core.setup(...)` becomes `import setuptools`
    /// with `setuptools.setup(...)`.
    ///
    /// ## Fix safety
    /// Safe: `setuptools.setup` accepts every `distutils` keyword, and `Command`'s helper
    /// methods (`announce`, `spawn`, `mkpath`, `copy_file`, …) exist on `setuptools.Command`.
    /// The project must depend on `setuptools` (for a `setup.py`: as a build requirement).
    /// `run_setup`, `gen_usage` and the keyword lists have no public `setuptools` equivalent
    /// and are reported.
    DistutilsCore {
        id: "distutils-core",
        group: "distutils",
        summary: "distutils.core/extension/cmd/dist -> setuptools",
        query: include_str!("query.scm"),
        triggers: &["distutils"],
        removed_in: Some(PyVersion::new(3, 12)),
        fix: FixSafety::Safe,
        readme: ("distutils", "`distutils.core` / `extension` / `cmd` / `dist`: `setup`, `Extension`, `Command`, `Distribution` → `setuptools`", "safe; `run_setup` reported"),
        activate: crate::kit::activation::imports_distutils,
        removed_apis: &[&MODULES],
    }
}

const NO_SETUPTOOLS_EQUIVALENT: &str = "setuptools has no public equivalent; with setuptools installed, its `distutils` shim still provides it";

static MODULES: [RemovedModule; 4] = [
    RemovedModule {
        module: "distutils.core",
        members: &[
            Member::rename("setup", "setuptools.setup"),
            Member::rename("Extension", "setuptools.Extension"),
            Member::rename("Command", "setuptools.Command"),
            Member::rename("Distribution", "setuptools.Distribution"),
            Member::report("run_setup", NO_SETUPTOOLS_EQUIVALENT),
        ],
        other_members: NO_SETUPTOOLS_EQUIVALENT,
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "distutils.extension",
        members: &[Member::rename(
            "Extension",
            "setuptools.extension.Extension",
        )],
        other_members: NO_SETUPTOOLS_EQUIVALENT,
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "distutils.cmd",
        members: &[Member::rename("Command", "setuptools.Command")],
        other_members: NO_SETUPTOOLS_EQUIVALENT,
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "distutils.dist",
        members: &[Member::rename(
            "Distribution",
            "setuptools.dist.Distribution",
        )],
        other_members: NO_SETUPTOOLS_EQUIVALENT,
        successor: None,
        shared_state: false,
    },
];

impl Check for DistutilsCore {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_distutils_import(&Self::META, &MODULES, m, ctx, out);
    }
}
