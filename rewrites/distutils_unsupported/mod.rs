use crate::kit::declare::Check;
use crate::kit::check_distutils_import;
use snakeshift_engine::fix::Finding;
use crate::kit::moves::{Member, RemovedModule};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;

rewrite! {
    /// # distutils-unsupported
    ///
    /// ## What it does
    /// Reports every use of a `distutils` module that has no faithful replacement: the
    /// compiler classes (`ccompiler`, `unixccompiler`, `msvccompiler`, `msvc9compiler`,
    /// `bcppcompiler`, `cygwinccompiler`), `fancy_getopt`, `text_file`, `filelist`, `debug`,
    /// `versionpredicate` and `config`, with what to do instead. It also removes imports of the
    /// `distutils` package itself that nothing uses any more.
    ///
    /// ## Why
    /// `distutils` was removed in Python 3.12 (PEP 632). The quickest unblock is to depend on
    /// `setuptools`, whose `distutils` shim still answers `import distutils` for most modules
    /// (not `msvccompiler`, `msvc9compiler` and `bcppcompiler`).
    ///
    /// ## Example
    /// ```python
    /// from distutils.ccompiler import new_compiler
    /// ```
    /// is reported: "let setuptools' `build_ext` drive compilation".
    ///
    /// ## Fix safety
    /// Only the removal of an unused `import distutils` is a fix, and it is safe: the import
    /// can only fail on Python 3.12+.
    DistutilsUnsupported {
        id: "distutils-unsupported",
        group: "distutils",
        summary: "distutils modules with no replacement (compilers, fancy_getopt, ...): reported",
        query: include_str!("query.scm"),
        triggers: &["distutils"],
        removed_in: Some(PyVersion::new(3, 12)),
        fix: FixSafety::Safe,
        readme: ("distutils", "the compiler modules, `fancy_getopt`, `text_file`, `filelist`, `debug`, `versionpredicate`, `config`: reported with what to do; unused `import distutils` removed", "report (removal safe)"),
        activate: crate::kit::activation::imports_distutils,
        removed_apis: &[&MODULES],
    }
}

const COMPILERS: &str = "no public replacement: let setuptools' `build_ext` drive compilation, or depend on setuptools and keep using its `distutils` shim";
const MSVC: &str = "missing even from setuptools' `distutils` shim: use `setuptools.msvc` for environment discovery and let `build_ext` compile";

macro_rules! unsupported {
    ($name:literal, $guidance:expr) => {
        RemovedModule {
            module: concat!("distutils.", $name),
            members: &[],
            other_members: $guidance,
            successor: None,
            shared_state: false,
        }
    };
}

static MODULES: [RemovedModule; 13] = [
    RemovedModule {
        module: "distutils",
        members: &[
            Member::submodule("archive_util"),
            Member::submodule("bcppcompiler"),
            Member::submodule("ccompiler"),
            Member::submodule("cmd"),
            Member::submodule("command"),
            Member::submodule("config"),
            Member::submodule("core"),
            Member::submodule("cygwinccompiler"),
            Member::submodule("debug"),
            Member::submodule("dep_util"),
            Member::submodule("dir_util"),
            Member::submodule("dist"),
            Member::submodule("errors"),
            Member::submodule("extension"),
            Member::submodule("fancy_getopt"),
            Member::submodule("file_util"),
            Member::submodule("filelist"),
            Member::submodule("log"),
            Member::submodule("msvc9compiler"),
            Member::submodule("msvccompiler"),
            Member::submodule("spawn"),
            Member::submodule("sysconfig"),
            Member::submodule("text_file"),
            Member::submodule("unixccompiler"),
            Member::submodule("util"),
            Member::submodule("version"),
            Member::submodule("versionpredicate"),
        ],
        other_members: "`distutils` was removed; depend on setuptools (its shim provides `distutils`) or drop the use",
        successor: None,
        shared_state: false,
    },
    unsupported!("ccompiler", COMPILERS),
    unsupported!("unixccompiler", COMPILERS),
    unsupported!("cygwinccompiler", COMPILERS),
    unsupported!("msvccompiler", MSVC),
    unsupported!("msvc9compiler", MSVC),
    unsupported!("bcppcompiler", MSVC),
    unsupported!("fancy_getopt", "use `argparse`"),
    unsupported!(
        "text_file",
        "read the file with `open()` and strip comments and blank lines yourself, or keep setuptools' shim"
    ),
    unsupported!(
        "filelist",
        "use `glob`/`pathlib`; setuptools builds MANIFEST lists itself"
    ),
    unsupported!(
        "debug",
        "read `os.environ.get(\"DISTUTILS_DEBUG\")` directly"
    ),
    unsupported!(
        "versionpredicate",
        "use `packaging.specifiers.SpecifierSet`"
    ),
    unsupported!(
        "config",
        "`.pypirc` handling moved to `twine`; read it with `configparser` if you need it"
    ),
];

impl Check for DistutilsUnsupported {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_distutils_import(&Self::META, &MODULES, m, ctx, out);
    }
}
