use crate::kit::declare::Check;
use crate::kit::check_changed;
use snakeshift_engine::fix::Finding;
use crate::kit::moves::{Member, RemovedModule};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;

rewrite! {
    /// # pkgutil-find-loader
    ///
    ///
    /// ## What it does
    /// Replaces `pkgutil.find_loader(name)` and `pkgutil.get_loader(module_or_name)` with functions
    /// added to the module that do what `pkgutil` did on top of `importlib.util.find_spec` (the
    /// catalogue's Appendix G, plus `pkgutil`'s refusal of relative names and `get_loader`'s
    /// handling of module objects), and reports `pkgutil.ImpImporter` / `ImpLoader`.
    ///
    /// ## Why
    /// `find_loader` and `get_loader` were deprecated in Python 3.12 and removed in 3.14;
    /// `ImpImporter` and `ImpLoader` were removed in 3.12.
    ///
    /// ## Example
    /// ```python
    /// loader = pkgutil.find_loader("yaml")
    /// ```
    /// becomes
    /// ```python
    /// def find_loader(fullname):
    ///     ...
    /// loader = find_loader("yaml")
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe by the catalogue's classification. The functions keep `pkgutil`'s behaviour
    /// (errors of `find_spec` become `ImportError`) without its `DeprecationWarning`; new code
    /// should call `importlib.util.find_spec(name)` and use `.loader`.
    PkgutilFindLoader {
        id: "pkgutil-find-loader",
        group: "pkgutil",
        summary: "pkgutil.find_loader/get_loader -> functions with their behaviour on importlib.util.find_spec (unsafe); ImpImporter/ImpLoader reported",
        query: include_str!("query.scm"),
        triggers: &["pkgutil"],
        removed_in: Some(PyVersion::new(3, 12)),
        fix: FixSafety::Unsafe,
        readme: ("imp", "`pkgutil.find_loader` / `get_loader` → functions with their behaviour on `importlib.util.find_spec`; `ImpImporter` / `ImpLoader` reported", "unsafe"),
        removed_apis: &[&MODULES],
    }
}

const FIND_LOADER: &str = r#"
def {name}(fullname):
    """pkgutil.find_loader(): the loader of a module, or None (errors become ImportError)."""
    if fullname.startswith("."):
        raise ImportError("Relative module name {!r} not supported".format(fullname))
    try:
        spec = {import:importlib.util}.find_spec(fullname)
    except (ImportError, AttributeError, TypeError, ValueError) as ex:
        raise ImportError("Error while finding loader for {!r} ({}: {})".format(fullname, type(ex), ex)) from ex
    return spec.loader if spec is not None else None
"#;

const GET_LOADER: &str = r#"
def {name}(module_or_name):
    """pkgutil.get_loader(): the loader of a module object or name, or None."""
    if module_or_name in {import:sys}.modules:
        module_or_name = {import:sys}.modules[module_or_name]
        if module_or_name is None:
            return None
    if isinstance(module_or_name, {import:types}.ModuleType):
        loader = getattr(module_or_name, "__loader__", None)
        if loader is not None:
            return loader
        if getattr(module_or_name, "__spec__", None) is None:
            return None
        module_or_name = module_or_name.__name__
    if module_or_name.startswith("."):
        raise ImportError("Relative module name {!r} not supported".format(module_or_name))
    try:
        spec = {import:importlib.util}.find_spec(module_or_name)
    except (ImportError, AttributeError, TypeError, ValueError) as ex:
        raise ImportError("Error while finding loader for {!r} ({}: {})".format(module_or_name, type(ex), ex)) from ex
    return spec.loader if spec is not None else None
"#;

static MODULES: [RemovedModule; 1] = [
    RemovedModule {
        module: "pkgutil",
        members: &[
        Member::unsafe_define("find_loader", FIND_LOADER, "the function keeps `pkgutil`'s behaviour on `importlib.util.find_spec`; prefer `importlib.util.find_spec(name).loader`").removed(PyVersion::new(3, 14)),
        Member::unsafe_define("get_loader", GET_LOADER, "the function keeps `pkgutil`'s behaviour on `importlib.util.find_spec`; prefer `module.__spec__.loader` or `importlib.util.find_spec(name).loader`").removed(PyVersion::new(3, 14)),
        Member::report("ImpImporter", "use the `importlib` finders (`importlib.machinery.FileFinder`)"),
        Member::report("ImpLoader", "use the `importlib` loaders (`importlib.machinery.SourceFileLoader`)"),
        ],
        other_members: "",
        successor: None,
        shared_state: false,
    },
];

impl Check for PkgutilFindLoader {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_changed(&Self::META, &MODULES, m, ctx, out);
    }
}
