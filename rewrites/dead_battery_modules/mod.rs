use crate::kit::declare::Check;
use crate::kit::backports::{self, Backports};
use crate::kit::removed::{REMOVED, Removal};
use snakeshift_engine::fix::{Edit, Finding, Fix};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::semantic::BindingKind;
use snakeshift_engine::version::PyVersion;

rewrite! {
    /// # dead-battery-modules
    ///
    /// ## What it does
    /// Reports imports of standard-library modules that are gone, with the replacement and the
    /// backport package that restores each one:
    ///
    /// | module | removed in | instead | backport |
    /// | --- | --- | --- | --- |
    /// | `aifc` | 3.13 | `wave` (WAV) or `soundfile` | `standard-aifc` |
    /// | `audioop` | 3.13 | numpy | `audioop-lts` |
    /// | `chunk` | 3.13 | read the IFF chunks with `struct` | `standard-chunk` |
    /// | `sunau` | 3.13 | `soundfile` | `standard-sunau` |
    /// | `cgitb` | 3.13 | `faulthandler`, `traceback`, `sys.excepthook` | `legacy-cgi`, `standard-cgitb` |
    /// | `crypt` | 3.13 | `bcrypt`, `passlib`, `argon2-cffi`, `hashlib.scrypt` | `crypt-r`, `legacycrypt`, `standard-crypt` |
    /// | `imghdr` | 3.13 | `puremagic.what`, `filetype.guess` | `standard-imghdr`, `imghdr-lts` |
    /// | `mailcap` | 3.13 | `mimetypes` | `standard-mailcap` |
    /// | `msilib` | 3.13 | WiX | — |
    /// | `nis` | 3.13 | — | — |
    /// | `nntplib` | 3.13 | `pynntp` | `standard-nntplib` |
    /// | `ossaudiodev` | 3.13 | `pygame`, `sounddevice` | — |
    /// | `sndhdr` | 3.13 | `filetype`, `puremagic` | `standard-sndhdr` |
    /// | `spwd` | 3.13 | `python-pam` | — |
    /// | `telnetlib` | 3.13 | `telnetlib3`, `Exscript` | `standard-telnetlib`, `telnetlib-313-and-up` |
    /// | `uu` | 3.13 | `binascii.b2a_uu` / `a2b_uu`, `base64` | `standard-uu` |
    /// | `xdrlib` | 3.13 | `struct` with `">i"`, `">d"`… and 4-byte padding | `standard-xdrlib` |
    /// | `lib2to3` | 3.13 | `libcst`, `parso`, `ast`; `tokenize` | `fissix` |
    /// | `tkinter.tix` | 3.13 | `tkinter.ttk` | — |
    /// | `binhex` | 3.11 | `binascii` | — |
    /// | `parser`, `symbol` | 3.10 | `ast` | — |
    /// | `formatter` | 3.10 | write the text yourself | — |
    ///
    /// Imports of `sre_compile`, `sre_constants` and `sre_parse` (deprecated since Python 3.11,
    /// they warn; removed in Python 3.15) and of `pkg_resources` (no longer installed: setuptools 82+ dropped it and
    /// Python 3.12+ virtual environments do not install setuptools) are reported too, the
    /// latter with its `importlib.metadata` / `importlib.resources` mapping.
    ///
    /// (`asyncore`, `asynchat`, `smtpd`, `imp`, `cgi`, `pipes` and `distutils` have rewrites
    /// of their own.)
    ///
    /// ## Why
    /// PEP 594 removed these "dead batteries" in Python 3.13 (a few went earlier); importing
    /// them fails with `ModuleNotFoundError`.
    ///
    /// ## Example
    /// ```python
    /// import telnetlib
    /// ```
    /// is reported: "`telnetlib` was removed in Python 3.13: use `telnetlib3` (asyncio) or
    /// `Exscript`, or depend on the `standard-telnetlib` backport".
    ///
    /// With `--backports imghdr` (or `all`), the module is left alone: the backport package
    /// becomes a dependency of the project and the import keeps working.
    ///
    /// With `--target-version 3.15` (which removed them), imports of `sre_compile`,
    /// `sre_constants` and `sre_parse` become imports of the private modules they re-exported
    /// since Python 3.11, under the same local name: `import sre_parse` becomes
    /// `import re._parser as sre_parse`, `from sre_constants import MAXREPEAT` becomes
    /// `from re._constants import MAXREPEAT`.
    ///
    /// ## Fix safety
    /// No fix for used modules: they have no drop-in replacement in the standard library. An
    /// import nothing uses is removed with `--unsafe` (other modules may import the name from
    /// this one). The `sre_*` → `re._parser` / `re._compiler` / `re._constants` fix is unsafe:
    /// the objects are the same (the `sre_*` modules of 3.11–3.14 copied every name from them),
    /// but those modules are private and may change in any release.
    DeadBatteryModules {
        id: "dead-battery-modules",
        group: "dead-batteries",
        summary: "aifc, audioop, chunk, sunau, cgitb, crypt, imghdr, mailcap, msilib, nis, nntplib, ossaudiodev, sndhdr, spwd, telnetlib, uu, xdrlib, lib2to3, tkinter.tix, binhex, parser, symbol, formatter: reported with replacement and backport",
        query: include_str!("query.scm"),
        triggers: &["audioop", "cgitb", "imghdr", "mailcap", "msilib", "nntplib", "ossaudiodev", "sndhdr", "spwd", "telnetlib", "xdrlib", "lib2to3", "binhex", "sre_", "pkg_resources", "tkinter.tix", "import parser", "import symbol", "import uu", "import nis", "import chunk", "import crypt", "import tix", "import formatter", "import sunau", "import aifc", "from parser", "from symbol", "from uu", "from nis", "from chunk", "from crypt", "from tix", "from formatter", "from sunau", "from aifc", ", parser", ", symbol", ", uu", ", nis", ", chunk", ", crypt", ", tix", ", formatter", ", sunau", ", aifc"],
        removed_in: Some(PyVersion::new(3, 10)),
        fix: FixSafety::Unsafe,
        readme: ("dead-batteries", "imports of `aifc`, `audioop`, `chunk`, `sunau`, `cgitb`, `crypt`, `imghdr`, `mailcap`, `msilib`, `nis`, `nntplib`, `ossaudiodev`, `sndhdr`, `spwd`, `telnetlib`, `uu`, `xdrlib`, `lib2to3`, `tkinter.tix`, `binhex`, `parser`, `symbol`, `formatter`, `sre_*` and `pkg_resources` reported with the replacement and the backport (`audioop-lts`, `standard-imghdr`, `legacy-cgi`, …)", "report (unused imports: unsafe)"),
        activate: |p| batteries().map(|r| r.module).chain(DEPRECATED.iter().map(|m| m.0)).any(|m| p.imports(m) || m.rsplit_once('.').is_some_and(|(parent, name)| p.imports_name(parent, name))),
    }
}

/// The removed modules this rewrite reports: those of the table with no rewrite of their own.
fn batteries() -> impl Iterator<Item = &'static Removal> {
    REMOVED.iter().filter(|r| r.advice.is_some())
}

/// Modules that still exist but warn on import, or that environments no longer install.
const DEPRECATED: &[(&str, &str, &str)] = &[
    (
        "sre_compile",
        "is deprecated (it warns since Python 3.11)",
        "use `re` (or the private `re._compiler`)",
    ),
    (
        "sre_constants",
        "is deprecated (it warns since Python 3.11)",
        "use `re` (or the private `re._constants`)",
    ),
    (
        "sre_parse",
        "is deprecated (it warns since Python 3.11)",
        "use `re` (or the private `re._parser`)",
    ),
    (
        "pkg_resources",
        "is no longer installed: setuptools 82+ does not ship it and Python 3.12+ virtual environments do not install setuptools",
        "use `importlib.metadata.version(name)` for `get_distribution(name).version`, `importlib.metadata.entry_points(group=g)` for `iter_entry_points(g)`, `importlib.metadata.PackageNotFoundError` for `DistributionNotFound`, `importlib.resources.files(pkg) / path` for `resource_filename` / `resource_string` / `resource_stream`, `packaging.version.parse` for `parse_version`, native namespace packages for `declare_namespace`; or depend on `standard-pkg-resources`",
    ),
];

/// The `sre_*` modules Python 3.15 removed, and the private modules that hold the same objects.
const SRE: &[(&str, &str)] = &[
    ("sre_compile", "re._compiler"),
    ("sre_constants", "re._constants"),
    ("sre_parse", "re._parser"),
];

/// With the target at 3.15 or later: rewrites every `sre_*` module an import statement names to
/// its private `re._*` successor, keeping the local names; one finding per module.
fn sre_imports<'t>(
    stmt: tree_sitter::Node<'t>,
    ctx: &Context<'_, 't>,
    out: &mut Vec<Finding>,
) -> bool {
    let successor = |node: tree_sitter::Node<'_>| {
        let text = ctx.text_of(node);
        SRE.iter().find(|(m, _)| *m == text).copied()
    };
    // (module node, successor, text to write in place of it)
    let mut edits: Vec<(tree_sitter::Node<'t>, &str, &str, String)> = Vec::new();
    match stmt.kind() {
        "import_statement" => {
            let mut cursor = stmt.walk();
            for name in stmt.children_by_field_name("name", &mut cursor) {
                match name.kind() {
                    "dotted_name" => {
                        if let Some((m, to)) = successor(name) {
                            edits.push((name, m, to, format!("{to} as {m}")));
                        }
                    }
                    "aliased_import" => {
                        if let Some(dotted) = name.child_by_field_name("name")
                            && let Some((m, to)) = successor(dotted)
                        {
                            edits.push((dotted, m, to, to.to_owned()));
                        }
                    }
                    _ => {}
                }
            }
        }
        "import_from_statement" => {
            if let Some(module) = stmt.child_by_field_name("module_name")
                && module.kind() == "dotted_name"
                && let Some((m, to)) = successor(module)
            {
                edits.push((module, m, to, to.to_owned()));
            }
        }
        _ => {}
    }
    if edits.is_empty() {
        return false;
    }
    for (node, module, to, text) in edits {
        out.push(
            Finding::new(
                DeadBatteryModules::META.id,
                node.byte_range(),
                format!("`{module}` was removed in Python 3.15"),
            )
            .with_fix(Fix::unsafe_(
                format!("Import the private `{to}` instead"),
                vec![Edit::replace(node.byte_range(), text)],
            ))
            .with_note(format!(
                "`{to}` holds the same objects, but it is private and may change in any release; prefer the public `re` API"
            )),
        );
    }
    true
}

impl Check for DeadBatteryModules {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        let Some(stmt) = m.get("import") else { return };
        let sre_gone = ctx.versions.target >= PyVersion::new(3, 15);
        if sre_gone && sre_imports(stmt, ctx, out) {
            // The rest of the statement (other modules) is still checked below.
        }
        let sem = ctx.semantic();
        let mut reported: Vec<&str> = Vec::new();
        for id in sem.bindings_of_statement(stmt) {
            let binding = sem.binding(id);
            let imported = match &binding.kind {
                BindingKind::Import { module, .. } => module.clone(),
                BindingKind::FromImport { module, member } => format!("{module}.{member}"),
                _ => continue,
            };
            let is = |m: &str| imported == m || imported.starts_with(&format!("{m}."));
            if let Some((module, what, advice)) = DEPRECATED.iter().find(|(m, _, _)| is(m)) {
                if sre_gone && module.starts_with("sre_") {
                    continue;
                }
                if ctx.versions.target >= PyVersion::new(3, 12) && !reported.contains(module) {
                    reported.push(module);
                    out.push(
                        Finding::new(
                            Self::META.id,
                            binding.node.byte_range(),
                            format!("`{module}` {what}"),
                        )
                        .with_note(*advice),
                    );
                }
                continue;
            }
            let Some(Removal {
                module,
                removed_in,
                advice: Some(advice),
                ..
            }) = batteries().find(|r| is(r.module))
            else {
                continue;
            };
            if ctx.versions.target < *removed_in
                || reported.contains(module)
                || ctx.options().get::<Backports>().contains(module)
            {
                continue;
            }
            reported.push(module);
            let finding = Finding::new(
                Self::META.id,
                binding.node.byte_range(),
                format!("`{module}` was removed in Python {removed_in}"),
            );
            let guarded = crate::kit::syntax::ancestor(stmt, &["try_statement"]).is_some();
            let exported = ctx.file.is_package_init || sem.dunder_all().contains(&binding.name);
            if !sem.is_import_used(id) && !guarded && !exported {
                // Nothing uses it, and importing it fails: the import can only go.
                let fix = Fix::unsafe_("Remove the unused import", ctx.imports().delete(&[id]));
                out.push(finding.with_fix(fix).with_note(
                    "nothing here uses it; other modules that import the name from here need a replacement",
                ));
            } else {
                let note = match backports::suggestion(module) {
                    Some(s) => format!("{advice} ({s})"),
                    None => (*advice).to_owned(),
                };
                out.push(finding.with_note(note));
            }
        }
    }
}
