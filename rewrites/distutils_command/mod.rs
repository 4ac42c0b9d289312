use crate::kit::declare::Check;
use crate::kit::check_distutils_import;
use snakeshift_engine::fix::Finding;
use crate::kit::moves::{Member, RemovedModule};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;

rewrite! {
    /// # distutils-command
    ///
    /// ## What it does
    /// Replaces the command classes of `distutils.command.*` with their `setuptools.command`
    /// subclasses: `build`, `build_ext`, `build_py`, `build_clib`, `sdist`, `install`,
    /// `install_lib` and `install_scripts`. Commands setuptools does not provide (`clean`,
    /// `install_data`, `install_headers`, `bdist_dumb`, `check`, `config`, …) and those that
    /// no longer exist at all (`bdist_wininst`, `bdist_msi`, `upload`, `register`) are
    /// reported.
    ///
    /// ## Why
    /// `distutils` was removed in Python 3.12 (PEP 632). Custom commands in `setup.py`
    /// (`cmdclass={"build_ext": MyBuildExt}`) are among the most common distutils uses.
    ///
    /// ## Example
    /// ```python
    /// from distutils.command.build_ext import build_ext
    /// ```
    /// becomes
    /// ```python
    /// from setuptools.command.build_ext import build_ext
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the setuptools classes extend the distutils ones with the same options and
    /// methods. `setuptools.command.build` needs setuptools 62.4 or later. Running
    /// `setup.py install` is itself deprecated by setuptools: move custom install steps to
    /// build steps.
    DistutilsCommand {
        id: "distutils-command",
        group: "distutils",
        summary: "distutils.command.* -> setuptools.command.*",
        query: include_str!("query.scm"),
        triggers: &["distutils"],
        removed_in: Some(PyVersion::new(3, 12)),
        fix: FixSafety::Safe,
        readme: ("distutils", "`distutils.command.{build,build_ext,build_py,build_clib,sdist,install,install_lib,install_scripts}` → `setuptools.command.*`", "safe; `clean`, `install_data`, `bdist_*`, `check`, `config`, `upload`, `register`, … reported"),
        activate: crate::kit::activation::imports_distutils,
        removed_apis: &[&MODULES],
    }
}

const SHIM_ONLY: &str = "setuptools has no such command module; with setuptools installed its `distutils` shim still provides it (keep the import and depend on setuptools)";
const GONE: &str = "the command no longer exists anywhere: build wheels with `python -m build` and upload them with `twine`";

macro_rules! command {
    ($name:literal) => {
        RemovedModule {
            module: concat!("distutils.command.", $name),
            members: &[Member::rename(
                $name,
                concat!("setuptools.command.", $name, ".", $name),
            )],
            other_members: SHIM_ONLY,
            successor: None,
            shared_state: false,
        }
    };
}

macro_rules! no_setuptools_command {
    ($name:literal, $guidance:expr) => {
        RemovedModule {
            module: concat!("distutils.command.", $name),
            members: &[],
            other_members: $guidance,
            successor: None,
            shared_state: false,
        }
    };
}

static MODULES: [RemovedModule; 23] = [
    command!("build"),
    command!("build_ext"),
    command!("build_py"),
    command!("build_clib"),
    command!("sdist"),
    command!("install"),
    command!("install_lib"),
    command!("install_scripts"),
    no_setuptools_command!("clean", SHIM_ONLY),
    no_setuptools_command!("install_data", SHIM_ONLY),
    no_setuptools_command!("install_headers", SHIM_ONLY),
    no_setuptools_command!("install_egg_info", SHIM_ONLY),
    no_setuptools_command!("build_scripts", SHIM_ONLY),
    no_setuptools_command!("bdist", SHIM_ONLY),
    no_setuptools_command!("bdist_dumb", SHIM_ONLY),
    no_setuptools_command!("bdist_rpm", SHIM_ONLY),
    no_setuptools_command!("check", SHIM_ONLY),
    no_setuptools_command!("config", SHIM_ONLY),
    no_setuptools_command!("bdist_wininst", GONE),
    no_setuptools_command!("bdist_msi", GONE),
    no_setuptools_command!("upload", GONE),
    no_setuptools_command!("register", GONE),
    RemovedModule {
        module: "distutils.command",
        members: &[
            Member::submodule("build"),
            Member::submodule("build_ext"),
            Member::submodule("build_py"),
            Member::submodule("build_clib"),
            Member::submodule("sdist"),
            Member::submodule("install"),
            Member::submodule("install_lib"),
            Member::submodule("install_scripts"),
            Member::submodule("clean"),
            Member::submodule("install_data"),
            Member::submodule("install_headers"),
            Member::submodule("install_egg_info"),
            Member::submodule("build_scripts"),
            Member::submodule("bdist"),
            Member::submodule("bdist_dumb"),
            Member::submodule("bdist_rpm"),
            Member::submodule("check"),
            Member::submodule("config"),
            Member::submodule("bdist_wininst"),
            Member::submodule("bdist_msi"),
            Member::submodule("upload"),
            Member::submodule("register"),
        ],
        other_members: SHIM_ONLY,
        successor: None,
        shared_state: false,
    },
];

impl Check for DistutilsCommand {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_distutils_import(&Self::META, &MODULES, m, ctx, out);
    }
}
