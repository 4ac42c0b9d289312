//! Every snakeshift rewrite, one folder each: `mod.rs` (documentation and code), `query.scm`
//! (its tree-sitter query) and `fixtures/` (`case.py` with `case.expected.py`; a case without an
//! expected file must stay unchanged). What they share is in [`kit`]; adding a rewrite is its
//! folder and one line in the registry below.

#[macro_use]
pub mod kit;

pub mod harness;

pub use backport_dependencies::imported_backports;
pub use datetime_utcnow::AwareDatetime;
pub use kit::declare::{ProjectFile, ProjectRewrite};
pub use kit::project;

/// The id of the setup.py conversion: the rewrite a refused project conversion is reported by.
pub const SETUP_PY_CONVERSION: &str = setup_py_to_pyproject::SetupPyToPyproject::META.id;
/// The id of the rewrite that adds backports to a project's dependencies (`--backports`).
pub const BACKPORT_DEPENDENCIES: &str = backport_dependencies::BackportDependencies::META.id;

const _: () = assert!(
    <AwareDatetime as snakeshift_engine::rewrite::RewriteOption>::SLOT
        != <kit::backports::Backports as snakeshift_engine::rewrite::RewriteOption>::SLOT,
    "every rewrite option has a slot of its own"
);

rewrites! {
    files: [
        distutils_import_fallback::DistutilsImportFallback,
        distutils_core::DistutilsCore,
        distutils_command::DistutilsCommand,
        distutils_errors::DistutilsErrors,
        distutils_log::DistutilsLog,
        distutils_spawn::DistutilsSpawn,
        distutils_util::DistutilsUtil,
        distutils_sysconfig::DistutilsSysconfig,
        distutils_dir_util::DistutilsDirUtil,
        distutils_file_util::DistutilsFileUtil,
        distutils_version::DistutilsVersion,
        distutils_dep_util::DistutilsDepUtil,
        distutils_archive_util::DistutilsArchiveUtil,
        distutils_unsupported::DistutilsUnsupported,
        distutils_shim::DistutilsShim,
        typing_union::TypingUnion,
        typing_optional::TypingOptional,
        typing_builtin_generics::TypingBuiltinGenerics,
        typing_moved_names::TypingMovedNames,
        typing_quoted_annotation::TypingQuotedAnnotation,
        imp_module::ImpModule,
        importlib_legacy_apis::ImportlibLegacyApis,
        find_module_method::FindModuleMethod,
        entry_points_dict::EntryPointsDict,
        pkgutil_find_loader::PkgutilFindLoader,
        unittest_aliases::UnittestAliases,
        unittest_legacy_loaders::UnittestLegacyLoaders,
        asyncio_get_event_loop::AsyncioGetEventLoop,
        asyncio_coroutine_decorator::AsyncioCoroutineDecorator,
        asyncio_loop_argument::AsyncioLoopArgument,
        asyncio_task_class_methods::AsyncioTaskClassMethods,
        asyncio_child_watcher::AsyncioChildWatcher,
        asyncio_event_loop_policy::AsyncioEventLoopPolicy,
        asyncio_iscoroutinefunction::AsyncioIscoroutinefunction,
        asyncore_dispatcher::AsyncoreDispatcher,
        smtpd_module::SmtpdModule,
        dead_battery_modules::DeadBatteryModules,
        cgi_module::CgiModule,
        pipes_module::PipesModule,
        datetime_utcnow::DatetimeUtcnow,
        configparser_legacy::ConfigparserLegacy,
        ast_constants::AstConstants,
        ast_visitor_methods::AstVisitorMethods,
        ssl_legacy_apis::SslLegacyApis,
        logging_warn::LoggingWarn,
        threading_camel_case::ThreadingCamelCase,
        collections_abc_aliases::CollectionsAbcAliases,
        stdlib_version_attributes::StdlibVersionAttributes,
        http_server_cgi_flag::HttpServerCgiFlag,
        typing_legacy_forms::TypingLegacyForms,
        inspect_getargspec::InspectGetargspec,
        base64_encodestring::Base64Encodestring,
        time_clock::TimeClock,
        fractions_gcd::FractionsGcd,
        gettext_l_functions::GettextLFunctions,
        json_loads_encoding::JsonLoadsEncoding,
        plistlib_read_plist::PlistlibReadPlist,
        element_getchildren::ElementGetchildren,
        array_tostring::ArrayTostring,
        html_parser_unescape::HtmlParserUnescape,
        gzip_filename::GzipFilename,
        io_open_wrapper::IoOpenWrapper,
        locale_format::LocaleFormat,
        calendar_month_constants::CalendarMonthConstants,
        sqlite3_legacy::Sqlite3Legacy,
        re_positional_arguments::RePositionalArguments,
        codecs_open::CodecsOpen,
        pathlib_legacy::PathlibLegacy,
        argparse_legacy::ArgparseLegacy,
        mimetypes_add_type::MimetypesAddType,
        tarfile_extraction_filter::TarfileExtractionFilter,
        functools_partial_attribute::FunctoolsPartialAttribute,
        builtin_deprecations::BuiltinDeprecations,
        stdlib_legacy_apis::StdlibLegacyApis,
        runtime_behaviour_changes::RuntimeBehaviourChanges,
        soft_deprecated_apis::SoftDeprecatedApis,
    ],
    projects: [
        setup_py_to_pyproject::SetupPyToPyproject,
        setup_cfg_to_pyproject::SetupCfgToPyproject,
        backport_dependencies::BackportDependencies,
        python_classifiers::PythonClassifiers,
        tox_envlist::ToxEnvlist,
        nox_python_versions::NoxPythonVersions,
        github_actions_matrix::GithubActionsMatrix,
        github_actions_setup_python::GithubActionsSetupPython,
    ],
}
