use crate::kit::declare::Check;
use crate::kit::check_distutils_import;
use snakeshift_engine::fix::Finding;
use crate::kit::moves::{Member, RemovedModule};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;

rewrite! {
    /// # distutils-errors
    ///
    /// ## What it does
    /// Replaces the exception classes of `distutils.errors` with their `setuptools.errors`
    /// names: `DistutilsError` → `BaseError`, `DistutilsOptionError` → `OptionError`,
    /// `DistutilsSetupError` → `SetupError`, `DistutilsExecError` → `ExecError`, … and
    /// `CCompilerError`, `CompileError`, `LinkError`, `LibError`, `PreprocessError`,
    /// `UnknownFileError` under the same names. Uses are renamed with the import when the new
    /// name is free; otherwise the import keeps the old name (`import OptionError as
    /// DistutilsOptionError`).
    ///
    /// ## Why
    /// `distutils` was removed in Python 3.12 (PEP 632).
    ///
    /// ## Example
    /// ```python
    /// from distutils.errors import DistutilsOptionError
    /// raise DistutilsOptionError("missing --name")
    /// ```
    /// becomes
    /// ```python
    /// from setuptools.errors import OptionError
    /// raise OptionError("missing --name")
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the `setuptools.errors` names are the very same class objects as setuptools'
    /// `distutils.errors` (`setuptools.errors.OptionError is distutils.errors.DistutilsOptionError`),
    /// so `except` clauses keep catching what setuptools raises. Needs setuptools 59 or later.
    /// `DistutilsArgError` and `DistutilsGetoptError` have no `setuptools.errors` name and are
    /// reported.
    DistutilsErrors {
        id: "distutils-errors",
        group: "distutils",
        summary: "distutils.errors -> setuptools.errors",
        query: include_str!("query.scm"),
        triggers: &["distutils"],
        removed_in: Some(PyVersion::new(3, 12)),
        fix: FixSafety::Safe,
        readme: ("distutils", "`DistutilsError` → `setuptools.errors.BaseError`, `DistutilsOptionError` → `OptionError`, … (the same class objects)", "safe; `DistutilsArgError`, `DistutilsGetoptError` reported"),
        activate: crate::kit::activation::imports_distutils,
        removed_apis: &[&MODULES],
    }
}

const NO_NAME: &str = "`setuptools.errors` has no name for it; catch `setuptools.errors.BaseError` or define your own exception";

static MODULES: [RemovedModule; 1] = [RemovedModule {
    module: "distutils.errors",
    members: &[
        Member::rename("DistutilsError", "setuptools.errors.BaseError"),
        Member::rename("DistutilsModuleError", "setuptools.errors.ModuleError"),
        Member::rename("DistutilsClassError", "setuptools.errors.ClassError"),
        Member::rename("DistutilsSetupError", "setuptools.errors.SetupError"),
        Member::rename("DistutilsOptionError", "setuptools.errors.OptionError"),
        Member::rename("DistutilsFileError", "setuptools.errors.FileError"),
        Member::rename("DistutilsPlatformError", "setuptools.errors.PlatformError"),
        Member::rename("DistutilsExecError", "setuptools.errors.ExecError"),
        Member::rename("DistutilsInternalError", "setuptools.errors.InternalError"),
        Member::rename("DistutilsTemplateError", "setuptools.errors.TemplateError"),
        Member::rename(
            "DistutilsByteCompileError",
            "setuptools.errors.ByteCompileError",
        ),
        Member::rename("CCompilerError", "setuptools.errors.CCompilerError"),
        Member::rename("PreprocessError", "setuptools.errors.PreprocessError"),
        Member::rename("CompileError", "setuptools.errors.CompileError"),
        Member::rename("LibError", "setuptools.errors.LibError"),
        Member::rename("LinkError", "setuptools.errors.LinkError"),
        Member::rename("UnknownFileError", "setuptools.errors.UnknownFileError"),
        Member::report("DistutilsArgError", NO_NAME),
        Member::report("DistutilsGetoptError", NO_NAME),
    ],
    other_members: NO_NAME,
    successor: None,
    shared_state: false,
}];

impl Check for DistutilsErrors {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_distutils_import(&Self::META, &MODULES, m, ctx, out);
    }
}
