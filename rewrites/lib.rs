//! Every snakeshift rewrite, one folder each: `mod.rs` (documentation and code), `query.scm`
//! (its tree-sitter query) and `fixtures/` (`case.py` with `case.expected.py`; a case without an
//! expected file must stay unchanged).

use snakeshift_engine::rewrite::{Rewrite, RewriteMeta};

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
            $(, active_without_trigger: $active:expr)?
            $(, opt_in: $opt_in:expr)?
            $(, reach: $reach:expr)?
            $(, whole_words: $whole_words:expr)?
            $(, requires: $requires:expr)?
            $(, reads_strings: $reads_strings:expr)?
            $(, activate: $activate:expr)? $(,)?
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
                    opt_in: rewrite!(@opt_in $($opt_in)?),
                    reach: rewrite!(@reach $($reach)?),
                    whole_words: rewrite!(@opt_in $($whole_words)?),
                    requires: rewrite!(@requires $($requires)?),
                    reads_strings: rewrite!(@opt_in $($reads_strings)?),
                    activate: rewrite!(@active $($activate)?),
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
    (@opt_in) => {
        false
    };
    (@opt_in $opt_in:expr) => {
        $opt_in
    };
    (@requires) => {
        &[]
    };
    (@requires $requires:expr) => {
        $requires
    };
    (@reach) => {
        snakeshift_engine::rewrite::Reach::Statement
    };
    (@reach $reach:expr) => {
        $reach
    };
}

pub mod invariants;
pub mod kit;

mod argparse_legacy;
mod array_tostring;
mod asyncio_child_watcher;
mod asyncio_coroutine_decorator;
mod asyncio_event_loop_policy;
mod asyncio_iscoroutinefunction;
mod asyncio_loop_argument;
mod asyncio_task_class_methods;
mod base64_encodestring;
mod builtin_deprecations;
mod calendar_month_constants;
mod codecs_open;
mod collections_abc_aliases;
mod element_getchildren;
mod entry_points_dict;
mod find_module_method;
mod fractions_gcd;
mod functools_partial_attribute;
mod gettext_l_functions;
mod github_actions_matrix;
mod github_actions_setup_python;
mod gzip_filename;
mod html_parser_unescape;
mod http_server_cgi_flag;
mod importlib_legacy_apis;
mod inspect_getargspec;
mod io_open_wrapper;
mod json_loads_encoding;
mod locale_format;
mod logging_warn;
mod mimetypes_add_type;
mod nox_python_versions;
mod pathlib_legacy;
mod pkgutil_find_loader;
mod plistlib_read_plist;
pub mod project;
mod python_classifiers;
mod re_positional_arguments;
mod runtime_behaviour_changes;
mod shared;
mod soft_deprecated_apis;
mod sqlite3_legacy;
mod ssl_legacy_apis;
mod stdlib_legacy_apis;
mod stdlib_version_attributes;
mod syntax;
mod tarfile_extraction_filter;
mod threading_camel_case;
mod time_clock;
mod tox_envlist;
mod typing_legacy_forms;
mod unittest_legacy_loaders;

mod ast_constants;
mod ast_visitor_methods;
mod asyncio_get_event_loop;
mod asyncore_dispatcher;
mod backport_dependencies;
mod cgi_module;
mod configparser_legacy;
mod datetime_utcnow;
mod dead_battery_modules;
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
mod imp_module;
mod pipes_module;
mod setup_cfg_to_pyproject;
mod setup_py_to_pyproject;
mod smtpd_module;
mod typing_builtin_generics;
mod typing_moved_names;
mod typing_optional;
mod typing_quoted_annotation;
mod typing_union;
mod unittest_aliases;

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
        &imp_module::ImpModule,
        &importlib_legacy_apis::ImportlibLegacyApis,
        &find_module_method::FindModuleMethod,
        &entry_points_dict::EntryPointsDict,
        &pkgutil_find_loader::PkgutilFindLoader,
        &unittest_aliases::UnittestAliases,
        &unittest_legacy_loaders::UnittestLegacyLoaders,
        &asyncio_get_event_loop::AsyncioGetEventLoop,
        &asyncio_coroutine_decorator::AsyncioCoroutineDecorator,
        &asyncio_loop_argument::AsyncioLoopArgument,
        &asyncio_task_class_methods::AsyncioTaskClassMethods,
        &asyncio_child_watcher::AsyncioChildWatcher,
        &asyncio_event_loop_policy::AsyncioEventLoopPolicy,
        &asyncio_iscoroutinefunction::AsyncioIscoroutinefunction,
        &asyncore_dispatcher::AsyncoreDispatcher,
        &smtpd_module::SmtpdModule,
        &dead_battery_modules::DeadBatteryModules,
        &cgi_module::CgiModule,
        &pipes_module::PipesModule,
        &datetime_utcnow::DatetimeUtcnow,
        &configparser_legacy::ConfigparserLegacy,
        &ast_constants::AstConstants,
        &ast_visitor_methods::AstVisitorMethods,
        &ssl_legacy_apis::SslLegacyApis,
        &logging_warn::LoggingWarn,
        &threading_camel_case::ThreadingCamelCase,
        &collections_abc_aliases::CollectionsAbcAliases,
        &stdlib_version_attributes::StdlibVersionAttributes,
        &http_server_cgi_flag::HttpServerCgiFlag,
        &typing_legacy_forms::TypingLegacyForms,
        &inspect_getargspec::InspectGetargspec,
        &base64_encodestring::Base64Encodestring,
        &time_clock::TimeClock,
        &fractions_gcd::FractionsGcd,
        &gettext_l_functions::GettextLFunctions,
        &json_loads_encoding::JsonLoadsEncoding,
        &plistlib_read_plist::PlistlibReadPlist,
        &element_getchildren::ElementGetchildren,
        &array_tostring::ArrayTostring,
        &html_parser_unescape::HtmlParserUnescape,
        &gzip_filename::GzipFilename,
        &io_open_wrapper::IoOpenWrapper,
        &locale_format::LocaleFormat,
        &calendar_month_constants::CalendarMonthConstants,
        &sqlite3_legacy::Sqlite3Legacy,
        &re_positional_arguments::RePositionalArguments,
        &codecs_open::CodecsOpen,
        &pathlib_legacy::PathlibLegacy,
        &argparse_legacy::ArgparseLegacy,
        &mimetypes_add_type::MimetypesAddType,
        &tarfile_extraction_filter::TarfileExtractionFilter,
        &functools_partial_attribute::FunctoolsPartialAttribute,
        &builtin_deprecations::BuiltinDeprecations,
        &stdlib_legacy_apis::StdlibLegacyApis,
        &runtime_behaviour_changes::RuntimeBehaviourChanges,
        &soft_deprecated_apis::SoftDeprecatedApis,
    ]
}

/// The configuration file a project rewrite converts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProjectFile {
    SetupPy,
    SetupCfg,
}

/// A rewrite of a project's configuration rather than of one Python file. It runs once per
/// project root (a directory holding `setup.py`, `setup.cfg`, `pyproject.toml` or a tooling
/// file) on texts the command line reads for it, and produces whole-file changes
/// ([`snakeshift_project::change::FileChange`]) and a report (see [`project`]).
pub trait ProjectRewrite: Send + Sync {
    fn meta(&self) -> &'static RewriteMeta;

    /// For the conversion to `pyproject.toml`: the file it converts. The selected conversions
    /// run first, together.
    fn converts(&self) -> Option<ProjectFile> {
        None
    }

    /// Every other project rewrite: edits the project as the conversion (and the rewrites
    /// before it in [`projects`]) left it.
    fn edit(&self, _project: &mut project::Project<'_>) {}
}

/// Every project rewrite, in a stable order (after the file rewrites in `snakeshift list`):
/// the order they run in.
pub fn projects() -> Vec<&'static dyn ProjectRewrite> {
    vec![
        &setup_py_to_pyproject::SetupPyToPyproject,
        &setup_cfg_to_pyproject::SetupCfgToPyproject,
        &backport_dependencies::BackportDependencies,
        &python_classifiers::PythonClassifiers,
        &tox_envlist::ToxEnvlist,
        &nox_python_versions::NoxPythonVersions,
        &github_actions_matrix::GithubActionsMatrix,
        &github_actions_setup_python::GithubActionsSetupPython,
    ]
}

pub use backport_dependencies::imported_backports;
pub use datetime_utcnow::AwareDatetime;

const _: () = assert!(
    <AwareDatetime as snakeshift_engine::rewrite::RewriteOption>::SLOT
        != <kit::backports::Backports as snakeshift_engine::rewrite::RewriteOption>::SLOT,
    "every rewrite option has a slot of its own"
);

#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod project_fixtures;
