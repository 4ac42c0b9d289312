use crate::kit::declare::Check;
use crate::kit::check_changed;
use snakeshift_engine::fix::Finding;
use crate::kit::moves::{Member, RemovedModule};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;

rewrite! {
    /// # plistlib-read-plist
    ///
    ///
    /// ## What it does
    /// | old | becomes | fix |
    /// | --- | --- | --- |
    /// | `plistlib.readPlist(path_or_file)` | a `readPlist` function added to the module, on `plistlib.load` | unsafe |
    /// | `plistlib.writePlist(value, path_or_file)` | a `writePlist` function added to the module, on `plistlib.dump` | unsafe |
    /// | `plistlib.readPlistFromBytes(data)` | `plistlib.loads(data)` | unsafe |
    /// | `plistlib.writePlistToBytes(value)` | `plistlib.dumps(value)` | safe |
    /// | `plistlib.Data` | reported (use `bytes`) | — |
    ///
    /// ## Why
    /// These were deprecated in Python 3.4 and removed in 3.9.
    ///
    /// ## Example
    /// ```python
    /// info = plistlib.readPlist("Info.plist")
    /// ```
    /// becomes
    /// ```python
    /// def readPlist(path_or_file):
    ///     ...
    /// info = readPlist("Info.plist")
    /// ```
    ///
    /// ## Fix safety
    /// The readers are unsafe: the old ones returned dictionaries with attribute access and
    /// `plistlib.Data` objects for data, the new ones plain `dict`s and `bytes`. `dumps` writes
    /// the same XML as `writePlistToBytes` (sorted keys).
    PlistlibReadPlist {
        id: "plistlib-read-plist",
        group: "plistlib",
        summary: "plistlib.readPlist/writePlist -> functions on load/dump (unsafe), readPlistFromBytes -> loads (unsafe), writePlistToBytes -> dumps (safe); Data reported",
        query: include_str!("query.scm"),
        triggers: &["Plist", "plistlib"],
        removed_in: Some(PyVersion::new(3, 9)),
        fix: FixSafety::Mixed,
        readme: ("other", "`readPlist` / `writePlist` → functions on `load` / `dump`; `readPlistFromBytes` → `loads`; `writePlistToBytes` → `dumps`; `Data` reported", "unsafe / safe"),
        removed_apis: &[&MODULES],
    }
}

const READ_PLIST: &str = r#"
def {name}(path_or_file):
    """plistlib.readPlist(): read a property list from a path or a binary file."""
    if isinstance(path_or_file, str):
        with open(path_or_file, "rb") as fp:
            return {import:plistlib}.load(fp)
    return {import:plistlib}.load(path_or_file)
"#;

const WRITE_PLIST: &str = r#"
def {name}(value, path_or_file):
    """plistlib.writePlist(): write a property list (XML) to a path or a binary file."""
    if isinstance(path_or_file, str):
        with open(path_or_file, "wb") as fp:
            {import:plistlib}.dump(value, fp)
    else:
        {import:plistlib}.dump(value, path_or_file)
"#;

const DICT: &str =
    "dictionaries are plain `dict`s (no attribute access) and data is `bytes` (no `plistlib.Data`)";

static MODULES: [RemovedModule; 1] = [RemovedModule {
    module: "plistlib",
    members: &[
        Member::unsafe_define("readPlist", READ_PLIST, DICT),
        Member::define("writePlist", WRITE_PLIST),
        Member::unsafe_rename("readPlistFromBytes", "plistlib.loads", DICT),
        Member::rename("writePlistToBytes", "plistlib.dumps"),
        Member::report("Data", "use `bytes`"),
    ],
    other_members: "",
    successor: None,
    shared_state: false,
}];

impl Check for PlistlibReadPlist {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_changed(&Self::META, &MODULES, m, ctx, out);
    }
}
