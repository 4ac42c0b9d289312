use crate::kit::declare::Check;
use crate::kit::check_changed;
use snakeshift_engine::fix::Finding;
use crate::kit::moves::{Member, RemovedModule};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;

rewrite! {
    /// # stdlib-version-attributes
    ///
    ///
    /// ## What it does
    /// Reports reads of the `__version__`, `version` and `VERSION` attributes of standard
    /// library modules (`csv.__version__`, `re.__version__`, `json.__version__`,
    /// `tarfile.version`, `xml.etree.ElementTree.VERSION`, `logging.__date__`, …) when the
    /// target is Python 3.15 or later: they warn (`DeprecationWarning`) since 3.15 and are
    /// removed in 3.20. Nothing is reported at a target of 3.14.
    ///
    /// ## Why
    /// These numbers never changed with the module (the module is versioned with Python), and
    /// Python 3.15 deprecates them (gh-76007).
    ///
    /// ## Example
    /// ```python
    /// import csv
    /// print(csv.__version__)
    /// ```
    /// is reported: "`csv.__version__` is deprecated (it warns since Python 3.15) and is
    /// removed in Python 3.20 (use `sys.version_info` …)".
    ///
    /// ## Fix safety
    /// No fix: what replaces the number depends on what the program compares it with
    /// (`sys.version_info`, `decimal.SPEC_VERSION`, `zlib.ZLIB_RUNTIME_VERSION`, or
    /// `importlib.metadata.version()` for a package of the same name installed from PyPI).
    StdlibVersionAttributes {
        id: "stdlib-version-attributes",
        group: "stdlib",
        summary: "reported at 3.15: the deprecated `__version__` / `version` / `VERSION` attributes of standard library modules (csv, re, json, logging, tarfile, xml.etree.ElementTree, zlib, …)",
        query: include_str!("query.scm"),
        triggers: &["__version__", "version", "VERSION", "__date__"],
        removed_in: None,
        fix: FixSafety::None,
        readme: ("other", "reported at 3.15: the deprecated `__version__` / `version` / `VERSION` attributes of standard library modules (`csv.__version__`, `tarfile.version`, `xml.etree.ElementTree.VERSION`, `logging.__date__`, …)", "report"),
        activate: |p| crate::kit::activation::uses_members(p, &MODULES),
        removed_apis: &[&MODULES],
    }
}

/// The guidance for most modules: their number is Python's.
const PYTHON: &str = "use `sys.version_info`: the module is versioned with Python; for a package of the same name installed from PyPI, `importlib.metadata.version(name)`";

const fn warns(name: &'static str, advice: &'static str) -> Member {
    Member::report(name, advice).deprecated(PyVersion::new(3, 15), Some(PyVersion::new(3, 20)))
}

/// A module and its deprecated attributes.
macro_rules! module {
    ($name:literal, $($member:expr),+) => {
        RemovedModule {
            module: $name,
            members: &[$($member),+],
            other_members: "",
            successor: None,
            shared_state: false,
        }
    };
}

/// The attributes Python 3.15 deprecates, as its "Pending removal in Python 3.20" lists them
/// and as CPython 3.15.2 warns (checked by `scripts/verify_315.py`; `ctypes.macholib`,
/// `tkinter.font` and `tkinter.ttk` are not in Debian's `python3.15` packages and are listed
/// from the documentation).
static MODULES: [RemovedModule; 23] = [
    module!("argparse", warns("__version__", PYTHON)),
    module!("csv", warns("__version__", PYTHON)),
    module!("ctypes", warns("__version__", PYTHON)),
    module!("ctypes.macholib", warns("__version__", PYTHON)),
    module!(
        "decimal",
        warns(
            "__version__",
            "use `decimal.SPEC_VERSION`, new in Python 3.15, for the version of the specification, or `sys.version_info`"
        )
    ),
    module!("http.server", warns("__version__", PYTHON)),
    module!("imaplib", warns("__version__", PYTHON)),
    module!("ipaddress", warns("__version__", PYTHON)),
    module!("json", warns("__version__", PYTHON)),
    module!(
        "logging",
        warns("__version__", PYTHON),
        warns("__date__", PYTHON)
    ),
    module!("optparse", warns("__version__", PYTHON)),
    module!("platform", warns("__version__", PYTHON)),
    module!("re", warns("__version__", PYTHON)),
    module!("socketserver", warns("__version__", PYTHON)),
    module!("tabnanny", warns("__version__", PYTHON)),
    module!("tarfile", warns("version", PYTHON)),
    module!("tkinter.font", warns("__version__", PYTHON)),
    module!("tkinter.ttk", warns("__version__", PYTHON)),
    module!("wsgiref.simple_server", warns("__version__", PYTHON)),
    module!("xml.etree.ElementTree", warns("VERSION", PYTHON)),
    module!("xml.sax.expatreader", warns("version", PYTHON)),
    module!("xml.sax.handler", warns("version", PYTHON)),
    module!(
        "zlib",
        warns(
            "__version__",
            "use `zlib.ZLIB_RUNTIME_VERSION` or `zlib.ZLIB_VERSION` for the version of the zlib library, or `sys.version_info`"
        )
    ),
];

impl Check for StdlibVersionAttributes {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_changed(&Self::META, &MODULES, m, ctx, out);
    }
}
