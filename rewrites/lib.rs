//! Every snakeshift rewrite, one folder each: `mod.rs` (documentation and code), `query.scm`
//! (its tree-sitter query) and `fixtures/` (`case.py` with `case.expected.py`; a case without an
//! expected file must stay unchanged).

use snakeshift_engine::rewrite::{Rewrite, RewriteMeta};
use snakeshift_engine::version::PyVersion;
use snakeshift_project::convert::{Converted, Options, ProjectInput, convert};

/// Declares a rewrite's type and metadata; its `///` documentation becomes `snakeshift explain`.
macro_rules! rewrite {
    (
        $(#[doc = $doc:expr])*
        $name:ident {
            id: $id:expr,
            group: $group:expr,
            summary: $summary:expr,
            query: $query:expr,
            triggers: $triggers:expr,
            removed_in: $removed_in:expr,
            fix: $fix:expr
            $(, stage: $stage:expr)?
            $(, active_without_trigger: $active:expr)? $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub struct $name;

        impl $name {
            pub const META: snakeshift_engine::rewrite::RewriteMeta =
                snakeshift_engine::rewrite::RewriteMeta {
                    id: $id,
                    group: $group,
                    summary: $summary,
                    doc: concat!($($doc, "\n"),*),
                    query: $query,
                    triggers: $triggers,
                    removed_in: $removed_in,
                    fix: $fix,
                    stage: rewrite!(@stage $($stage)?),
                    active_without_trigger: rewrite!(@active $($active)?),
                };
        }
    };
    (@stage) => {
        snakeshift_engine::rewrite::Stage::Main
    };
    (@stage $stage:expr) => {
        $stage
    };
    (@active) => {
        None
    };
    (@active $active:expr) => {
        Some($active)
    };
}

mod shared;

mod distutils_archive_util;
mod distutils_command;
mod distutils_core;
mod distutils_dep_util;
mod distutils_dir_util;
mod distutils_errors;
mod distutils_file_util;
mod distutils_import_fallback;
mod distutils_log;
mod distutils_shim;
mod distutils_spawn;
mod distutils_sysconfig;
mod distutils_unsupported;
mod distutils_util;
mod distutils_version;
mod setup_cfg_to_pyproject;
mod setup_py_to_pyproject;
mod typing_builtin_generics;
mod typing_moved_names;
mod typing_optional;
mod typing_quoted_annotation;
mod typing_union;

/// Every rewrite, in a stable order (the order of `snakeshift list`).
pub fn all() -> Vec<&'static dyn Rewrite> {
    vec![
        &distutils_import_fallback::DistutilsImportFallback,
        &distutils_core::DistutilsCore,
        &distutils_command::DistutilsCommand,
        &distutils_errors::DistutilsErrors,
        &distutils_log::DistutilsLog,
        &distutils_spawn::DistutilsSpawn,
        &distutils_util::DistutilsUtil,
        &distutils_sysconfig::DistutilsSysconfig,
        &distutils_dir_util::DistutilsDirUtil,
        &distutils_file_util::DistutilsFileUtil,
        &distutils_version::DistutilsVersion,
        &distutils_dep_util::DistutilsDepUtil,
        &distutils_archive_util::DistutilsArchiveUtil,
        &distutils_unsupported::DistutilsUnsupported,
        &distutils_shim::DistutilsShim,
        &typing_union::TypingUnion,
        &typing_optional::TypingOptional,
        &typing_builtin_generics::TypingBuiltinGenerics,
        &typing_moved_names::TypingMovedNames,
        &typing_quoted_annotation::TypingQuotedAnnotation,
    ]
}

/// The configuration file a project rewrite converts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProjectFile {
    SetupPy,
    SetupCfg,
}

/// A rewrite of a project's configuration rather than of one Python file. It runs once per
/// project root (a directory holding `setup.py`, `setup.cfg` or `pyproject.toml`) on texts
/// the command line reads for it, and produces whole-file changes
/// ([`snakeshift_project::change::FileChange`]) and a report.
pub trait ProjectRewrite: Send + Sync {
    fn meta(&self) -> &'static RewriteMeta;

    /// The file it converts; the selected project rewrites convert a project together.
    fn converts(&self) -> ProjectFile;
}

/// Every project rewrite, in a stable order (after the file rewrites in `snakeshift list`).
pub fn projects() -> Vec<&'static dyn ProjectRewrite> {
    vec![
        &setup_py_to_pyproject::SetupPyToPyproject,
        &setup_cfg_to_pyproject::SetupCfgToPyproject,
    ]
}

/// Runs the selected project rewrites on one project: `setup.py` and `setup.cfg` are
/// converted together (setuptools reads both), each only when its rewrite is selected.
pub fn convert_project(
    selected: &[&'static dyn ProjectRewrite],
    input: &ProjectInput<'_>,
    min: PyVersion,
    spdx: bool,
) -> Converted {
    let has = |f: ProjectFile| selected.iter().any(|r| r.converts() == f);
    let options = Options {
        min,
        spdx,
        setup_py: has(ProjectFile::SetupPy),
        setup_cfg: has(ProjectFile::SetupCfg),
    };
    if !options.setup_py && !options.setup_cfg {
        return Converted::default();
    }
    convert(input, &options)
}

#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod project_fixtures;
