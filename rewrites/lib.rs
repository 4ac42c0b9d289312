//! Every snakeshift rewrite, one folder each: `mod.rs` (documentation and code), `query.scm`
//! (its tree-sitter query) and `fixtures/` (`case.py` with `case.expected.py`; a case without an
//! expected file must stay unchanged).

use snakeshift_engine::rewrite::Rewrite;

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

#[cfg(test)]
mod fixtures;
