use crate::kit::declare::Check;
use crate::kit::check_removed;
use snakeshift_engine::fix::Finding;
use crate::kit::moves::{CallFix, CallSite, Member, RemovedModule};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;

rewrite! {
    /// # imp-module
    ///
    /// ## What it does
    /// Replaces every use of the `imp` module, removed in Python 3.12:
    ///
    /// | `imp` | becomes | fix |
    /// | --- | --- | --- |
    /// | `reload(m)` | `importlib.reload(m)` | safe |
    /// | `new_module(name)` | `types.ModuleType(name)` | safe |
    /// | `cache_from_source`, `source_from_cache` | `importlib.util.*` | safe |
    /// | `get_magic()` | `importlib.util.MAGIC_NUMBER` | safe |
    /// | `get_tag()` | `sys.implementation.cache_tag` | safe |
    /// | `is_frozen(name)` | `importlib.machinery.FrozenImporter.find_spec(name) is not None` | safe |
    /// | `is_builtin(name)` | `name in sys.builtin_module_names` | unsafe (a bool where imp returned -1/0/1) |
    /// | `load_source`, `load_compiled`, `load_dynamic` | a function with the same behaviour, built on `importlib` loaders (registers the module in `sys.modules`, re-executes an already imported one, as imp did) | unsafe |
    /// | `find_module`, `load_module`, `get_suffixes` | functions with imp's behaviour and return values (open file, path, `(suffix, mode, type)`) | unsafe |
    /// | `load_package`, `init_builtin`, `init_frozen`, `acquire_lock`, `release_lock`, `lock_held`, `NullImporter`, the `PY_SOURCE`… constants | reported with what to do | — |
    ///
    /// The import of `imp` goes once nothing uses it.
    ///
    /// ## Why
    /// `imp` was deprecated since Python 3.4 and removed in 3.12: `import imp` fails. Plugin
    /// loaders (`imp.load_source`, `imp.find_module` + `imp.load_module`) and REPL helpers
    /// (`imp.reload`) are its common users. The `zombie-imp` package restores the module if
    /// rewriting is not an option.
    ///
    /// ## Example
    /// ```python
    /// import imp
    /// imp.reload(config)
    /// plugin = imp.load_source("plugin", path)
    /// ```
    /// becomes (with `--unsafe` for the second line)
    /// ```python
    /// import importlib
    /// import importlib.machinery
    /// import importlib.util
    /// import sys
    ///
    ///
    /// def load_source(name, pathname, file=None):
    ///     ...  # imp's behaviour on importlib's loaders
    ///
    /// importlib.reload(config)
    /// plugin = load_source("plugin", path)
    /// ```
    ///
    /// With `--backports imp` the module is left alone: `zombie-imp` becomes a dependency of the
    /// project and the imports keep working.
    ///
    /// ## Fix safety
    /// The renames are safe: the same functions or values. The added functions reproduce imp
    /// (including `sys.modules` registration and re-executing a module that is already
    /// imported), but they are unsafe because the catalogue classifies these rows as semantic
    /// changes: they read a module's source from its path rather than from the open file
    /// passed in (which they close, as imp did), and they do not warn. `is_builtin` becomes a
    /// `bool` test (truthiness preserved).
    ImpModule {
        id: "imp-module",
        group: "imp",
        summary: "imp.reload/new_module/cache_from_source/get_magic/get_tag/is_frozen -> importlib, types, sys (safe); load_source/load_compiled/load_dynamic/find_module/load_module/get_suffixes/is_builtin -> faithful helpers (unsafe); locks, constants, NullImporter reported",
        query: include_str!("query.scm"),
        triggers: &["import imp", "from imp", ", imp", "imp."],
        removed_in: Some(PyVersion::new(3, 12)),
        fix: FixSafety::Mixed,
        readme: ("imp", "`imp.reload` / `new_module` / `cache_from_source` / `source_from_cache` / `get_magic()` / `get_tag()` / `is_frozen` → `importlib`, `types`, `sys`; `load_source`, `load_compiled`, `load_dynamic`, `find_module`, `load_module`, `get_suffixes` → functions with imp's behaviour on `importlib` loaders; `is_builtin(n)` → `n in sys.builtin_module_names`; locks, constants, `NullImporter`, `load_package`, `init_*` reported", "safe / unsafe (helpers, `is_builtin`)"),
        activate: |p| p.imports("imp"),
        removed_apis: &[&MODULES],
    }
}

const HELPERS_DIFFER: &str = "imp read the source from the open file it was given; this function reads it from the path (and closes the file, as imp did)";

const LOAD_SOURCE: &str = r#"
def {name}(name, pathname, file=None):
    """imp.load_source(): load (or re-execute) a module from a source file."""
    if file is not None:
        file.close()
    loader = {import:importlib.machinery}.SourceFileLoader(name, pathname)
    spec = {import:importlib.util}.spec_from_file_location(name, pathname, loader=loader)
    module = {import:sys}.modules.get(name)
    if module is None:
        module = {import:importlib.util}.module_from_spec(spec)
        {import:sys}.modules[name] = module
        try:
            loader.exec_module(module)
        except BaseException:
            {import:sys}.modules.pop(name, None)
            raise
    else:
        module.__spec__ = spec
        module.__loader__ = loader
        module.__file__ = pathname
        loader.exec_module(module)
    return {import:sys}.modules[name]
"#;

const LOAD_COMPILED: &str = r#"
def {name}(name, pathname, file=None):
    """imp.load_compiled(): load (or re-execute) a module from a .pyc file."""
    if file is not None:
        file.close()
    loader = {import:importlib.machinery}.SourcelessFileLoader(name, pathname)
    spec = {import:importlib.util}.spec_from_file_location(name, pathname, loader=loader)
    module = {import:sys}.modules.get(name)
    if module is None:
        module = {import:importlib.util}.module_from_spec(spec)
        {import:sys}.modules[name] = module
        try:
            loader.exec_module(module)
        except BaseException:
            {import:sys}.modules.pop(name, None)
            raise
    else:
        module.__spec__ = spec
        module.__loader__ = loader
        module.__file__ = pathname
        loader.exec_module(module)
    return {import:sys}.modules[name]
"#;

const LOAD_DYNAMIC: &str = r#"
def {name}(name, path, file=None):
    """imp.load_dynamic(): load an extension module (always a fresh load)."""
    loader = {import:importlib.machinery}.ExtensionFileLoader(name, path)
    spec = {import:importlib.machinery}.ModuleSpec(name=name, loader=loader, origin=path)
    module = {import:importlib.util}.module_from_spec(spec)
    {import:sys}.modules[name] = module
    try:
        loader.exec_module(module)
    except BaseException:
        {import:sys}.modules.pop(name, None)
        raise
    return {import:sys}.modules[name]
"#;

const GET_SUFFIXES: &str = r#"
def {name}():
    """imp.get_suffixes(): (suffix, mode, type) for extensions (3), sources (1), bytecode (2)."""
    return (
        [(s, "rb", 3) for s in {import:importlib.machinery}.EXTENSION_SUFFIXES]
        + [(s, "r", 1) for s in {import:importlib.machinery}.SOURCE_SUFFIXES]
        + [(s, "rb", 2) for s in {import:importlib.machinery}.BYTECODE_SUFFIXES]
    )
"#;

const FIND_MODULE: &str = r#"
def {name}(name, path=None):
    """imp.find_module(): (open file or None, path, (suffix, mode, type)) for a top-level name."""
    if not isinstance(name, str):
        raise TypeError("'name' must be a str, not {}".format(type(name)))
    if not isinstance(path, (type(None), list)):
        raise RuntimeError("'path' must be None or a list, not {}".format(type(path)))
    if path is None:
        if name in {import:sys}.builtin_module_names:
            return None, None, ("", "", 6)
        if {import:importlib.machinery}.FrozenImporter.find_spec(name) is not None:
            return None, None, ("", "", 7)
        path = {import:sys}.path
    suffixes = (
        [(s, "rb", 3) for s in {import:importlib.machinery}.EXTENSION_SUFFIXES]
        + [(s, "r", 1) for s in {import:importlib.machinery}.SOURCE_SUFFIXES]
        + [(s, "rb", 2) for s in {import:importlib.machinery}.BYTECODE_SUFFIXES]
    )
    for entry in path:
        package = {import:os.path}.join(entry, name)
        for suffix in [".py", {import:importlib.machinery}.BYTECODE_SUFFIXES[0]]:
            if {import:os.path}.isfile({import:os.path}.join(package, "__init__" + suffix)):
                return None, package, ("", "", 5)
        for suffix, mode, kind in suffixes:
            file_path = {import:os.path}.join(entry, name + suffix)
            if {import:os.path}.isfile(file_path):
                encoding = None
                if "b" not in mode:
                    with open(file_path, "rb") as file:
                        encoding = {import:tokenize}.detect_encoding(file.readline)[0]
                return open(file_path, mode, encoding=encoding), file_path, (suffix, mode, kind)
    raise ImportError("No module named {!r}".format(name), name=name)
"#;

const LOAD_MODULE: &str = r#"
def {name}(name, file, filename, details):
    """imp.load_module(): load what imp.find_module() found (types 1, 2, 3, 5, 6, 7)."""
    suffix, mode, kind = details
    if mode and (not mode.startswith("r") or "+" in mode):
        raise ValueError("invalid file open mode {!r}".format(mode))
    if file is None and kind in (1, 2):
        raise ValueError("file object required for import (type code {})".format(kind))
    if kind in (6, 7):
        return {import:importlib}.import_module(name)
    if file is not None:
        file.close()
    if kind == 1:
        loader = {import:importlib.machinery}.SourceFileLoader(name, filename)
    elif kind == 2:
        loader = {import:importlib.machinery}.SourcelessFileLoader(name, filename)
    elif kind == 3:
        loader = {import:importlib.machinery}.ExtensionFileLoader(name, filename)
    elif kind == 5:
        for init in ["__init__" + s for s in {import:importlib.machinery}.SOURCE_SUFFIXES + {import:importlib.machinery}.BYTECODE_SUFFIXES]:
            if {import:os.path}.exists({import:os.path}.join(filename, init)):
                filename = {import:os.path}.join(filename, init)
                break
        else:
            raise ValueError("{!r} is not a package".format(filename))
        loader = None
    else:
        raise ImportError("Don't know how to import {} (type code {})".format(name, kind), name=name)
    spec = {import:importlib.util}.spec_from_file_location(
        name, filename, loader=loader, submodule_search_locations=[] if kind == 5 else None
    )
    module = {import:sys}.modules.get(name)
    if module is None or kind == 3:
        module = {import:importlib.util}.module_from_spec(spec)
        {import:sys}.modules[name] = module
        try:
            spec.loader.exec_module(module)
        except BaseException:
            {import:sys}.modules.pop(name, None)
            raise
    else:
        module.__spec__ = spec
        module.__loader__ = spec.loader
        module.__file__ = filename
        spec.loader.exec_module(module)
    return {import:sys}.modules[name]
"#;

const CONSTANT: &str = "imp's module-type constants are gone: inspect `spec.loader` (its class) and `spec.submodule_search_locations` of `importlib.util.find_spec(name)` instead";
const LOCK: &str = "delete the call: imports have used per-module locks since Python 3.3";

static MODULES: [RemovedModule; 1] = [RemovedModule {
    module: "imp",
    members: &[
        Member::rename("reload", "importlib.reload"),
        Member::rename("new_module", "types.ModuleType"),
        Member::rename("cache_from_source", "importlib.util.cache_from_source"),
        Member::rename("source_from_cache", "importlib.util.source_from_cache"),
        Member::call(
            "get_magic",
            get_magic,
            "use `importlib.util.MAGIC_NUMBER` (the value itself, not a function)",
        ),
        Member::call(
            "get_tag",
            get_tag,
            "use `sys.implementation.cache_tag` (the value itself, not a function)",
        ),
        Member::call(
            "is_frozen",
            is_frozen,
            "use `importlib.machinery.FrozenImporter.find_spec(name) is not None`",
        ),
        Member::call(
            "is_builtin",
            is_builtin,
            "use `name in sys.builtin_module_names`",
        ),
        Member::unsafe_define("load_source", LOAD_SOURCE, HELPERS_DIFFER),
        Member::unsafe_define("load_compiled", LOAD_COMPILED, HELPERS_DIFFER),
        Member::unsafe_define(
            "load_dynamic",
            LOAD_DYNAMIC,
            "it does not warn, and ignores the file argument as imp did",
        ),
        Member::unsafe_define(
            "get_suffixes",
            GET_SUFFIXES,
            "the replacement lists are built from `importlib.machinery` exactly as imp did, but the row is a semantic change in the catalogue",
        ),
        Member::unsafe_define(
            "find_module",
            FIND_MODULE,
            "the function returns what imp did; new code should use `importlib.util.find_spec(name)` (a `ModuleSpec`: `.origin`, `.submodule_search_locations`)",
        ),
        Member::unsafe_define(
            "load_module",
            LOAD_MODULE,
            "the function reads the module from its path, not from the open file (which it closes, as imp did); new code should use `importlib.import_module(name)`",
        ),
        Member::report(
            "load_package",
            "use `importlib.util.spec_from_file_location(name, path + '/__init__.py', submodule_search_locations=[])`, then `module_from_spec` and `spec.loader.exec_module`",
        ),
        Member::report("init_builtin", "use `importlib.import_module(name)`"),
        Member::report("init_frozen", "use `importlib.import_module(name)`"),
        Member::report("acquire_lock", LOCK),
        Member::report("release_lock", LOCK),
        Member::report("lock_held", LOCK),
        Member::report(
            "NullImporter",
            "store `None` in `sys.path_importer_cache[path]` to make a path entry find nothing",
        ),
        Member::report("SEARCH_ERROR", CONSTANT),
        Member::report("PY_SOURCE", CONSTANT),
        Member::report("PY_COMPILED", CONSTANT),
        Member::report("C_EXTENSION", CONSTANT),
        Member::report("PY_RESOURCE", CONSTANT),
        Member::report("PKG_DIRECTORY", CONSTANT),
        Member::report("C_BUILTIN", CONSTANT),
        Member::report("PY_FROZEN", CONSTANT),
        Member::report("PY_CODERESOURCE", CONSTANT),
        Member::report("IMP_HOOK", CONSTANT),
    ],
    other_members: "`imp` was removed: use `importlib` (or the `zombie-imp` backport)",
    successor: None,
    shared_state: false,
}];

fn get_magic(site: &CallSite<'_, '_>) -> Result<CallFix, String> {
    site.expect_params(&[])?;
    Ok(CallFix::safe(site.require("importlib.util.MAGIC_NUMBER")?))
}

fn get_tag(site: &CallSite<'_, '_>) -> Result<CallFix, String> {
    site.expect_params(&[])?;
    let sys = site.require("sys.implementation")?;
    Ok(CallFix::safe(format!("{sys}.cache_tag")))
}

fn is_frozen(site: &CallSite<'_, '_>) -> Result<CallFix, String> {
    site.expect_params(&["name"])?;
    let name = site.param(0, "name").ok_or("called without a name")?;
    let finder = site.require("importlib.machinery.FrozenImporter")?;
    Ok(CallFix::safe(crate::kit::in_context(
        site,
        &format!("{finder}.find_spec({}) is not None", name.text),
    )))
}

fn is_builtin(site: &CallSite<'_, '_>) -> Result<CallFix, String> {
    site.expect_params(&["name"])?;
    let name = site.param(0, "name").ok_or("called without a name")?;
    let names = site.require("sys.builtin_module_names")?;
    Ok(CallFix::unsafe_(
        crate::kit::in_context(site, &format!("{} in {names}", name.text)),
        "`imp.is_builtin` returned -1, 0 or 1; the test is a bool with the same truth value",
    ))
}

impl Check for ImpModule {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_removed(&Self::META, &MODULES, m, ctx, out);
    }
}
