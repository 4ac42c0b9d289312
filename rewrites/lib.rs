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
            $(, opt_in: $opt_in:expr)? $(,)?
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
                    opt_in: rewrite!(@opt_in $($opt_in)?),
                };
        }
    };
    (@stage) => {
        snakeshift_engine::rewrite::Stage::Main
    };
    (@stage $stage:expr) => {
        $stage
    };
    (@opt_in) => {
        false
    };
    (@opt_in $opt_in:expr) => {
        $opt_in
    };
}

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
mod gzip_filename;
mod html_parser_unescape;
mod importlib_legacy_apis;
mod inspect_getargspec;
mod io_open_wrapper;
mod json_loads_encoding;
mod locale_format;
mod logging_warn;
mod mimetypes_add_type;
mod pathlib_legacy;
mod pkgutil_find_loader;
mod plistlib_read_plist;
mod re_positional_arguments;
mod runtime_behaviour_changes;
mod shared;
mod soft_deprecated_apis;
mod sqlite3_legacy;
mod ssl_legacy_apis;
mod stdlib_legacy_apis;
mod syntax;
mod tarfile_extraction_filter;
mod threading_camel_case;
mod time_clock;
mod typing_legacy_forms;
mod unittest_legacy_loaders;

mod ast_constants;
mod ast_visitor_methods;
mod asyncio_get_event_loop;
mod asyncore_dispatcher;
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
mod smtpd_module;
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

#[cfg(test)]
mod fixtures;
