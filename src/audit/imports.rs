//! Which modules that Python removed a file imports, found in its import statements (not in
//! strings or comments).

use snakeshift_engine::version::PyVersion;
use tree_sitter::Node;

/// A removed standard-library module, when it went, and where to go instead.
pub struct Removed {
    pub module: &'static str,
    pub removed_in: PyVersion,
    pub instead: &'static str,
}

const fn removed(module: &'static str, minor: u8, instead: &'static str) -> Removed {
    Removed {
        module,
        removed_in: PyVersion::new(3, minor),
        instead,
    }
}

/// Modules removed by Python 3.10–3.15 (PEP 594, PEP 632 and the others), with the
/// replacement or backport.
pub static REMOVED: &[Removed] = &[
    removed("formatter", 10, "write the formatting by hand"),
    removed("parser", 10, "`ast`"),
    removed("symbol", 10, "`token` / `ast`"),
    removed("binhex", 11, "`base64` / `binascii`"),
    removed(
        "distutils",
        12,
        "setuptools, `sysconfig`, `shutil`, `subprocess`, `packaging`",
    ),
    removed("imp", 12, "`importlib`"),
    removed("asynchat", 12, "`asyncio` (backport: `standard-asynchat`)"),
    removed("asyncore", 12, "`asyncio` (backport: `standard-asyncore`)"),
    removed("smtpd", 12, "`aiosmtpd` (backport: `standard-smtpd`)"),
    removed("aifc", 13, "`standard-aifc`"),
    removed("audioop", 13, "`audioop-lts`"),
    removed("cgi", 13, "`urllib.parse`, `email`, `legacy-cgi`"),
    removed("cgitb", 13, "`traceback`, `faulthandler`, `legacy-cgi`"),
    removed("chunk", 13, "`standard-chunk`"),
    removed("crypt", 13, "`hashlib`, `bcrypt`, `argon2-cffi`"),
    removed("imghdr", 13, "`puremagic`, `filetype`, `standard-imghdr`"),
    removed("lib2to3", 13, "`libcst`, `parso`, `fissix`"),
    removed("mailcap", 13, "`mimetypes`, `standard-mailcap`"),
    removed("msilib", 13, "no replacement"),
    removed("nis", 13, "no replacement"),
    removed("nntplib", 13, "`standard-nntplib`"),
    removed("ossaudiodev", 13, "`sounddevice`, `pyaudio`"),
    removed("pipes", 13, "`shlex`, `subprocess`, `standard-pipes`"),
    removed("sndhdr", 13, "`filetype`, `standard-sndhdr`"),
    removed("spwd", 13, "`python-pam`"),
    removed("sunau", 13, "`standard-sunau`"),
    removed("telnetlib", 13, "`telnetlib3`, `standard-telnetlib`"),
    removed("tkinter.tix", 13, "`tkinter.ttk`"),
    removed("typing.io", 13, "`typing`"),
    removed("typing.re", 13, "`re`"),
    removed("uu", 13, "`base64`, `binascii`, `standard-uu`"),
    removed("xdrlib", 13, "`struct`, `standard-xdrlib`"),
    removed("sre_compile", 15, "`re` (the private `re._compiler`)"),
    removed("sre_constants", 15, "`re` (the private `re._constants`)"),
    removed("sre_parse", 15, "`re` (the private `re._parser`)"),
];

/// The entries of [`REMOVED`] that `text` imports (each once, in table order).
pub fn removed_imports(text: &str) -> Vec<&'static Removed> {
    let mentioned: Vec<&Removed> = REMOVED
        .iter()
        .filter(|r| text.contains(r.module.rsplit('.').next().unwrap_or(r.module)))
        .collect();
    if mentioned.is_empty() {
        return Vec::new();
    }
    let tree = snakeshift_engine::parse::parse(text);
    let mut modules = Vec::new();
    collect(tree.root_node(), text, &mut modules);
    mentioned
        .into_iter()
        .filter(|r| modules.iter().any(|m| covers(r.module, m)))
        .collect()
}

/// `module` is `removed` or one of its submodules.
fn covers(removed: &str, module: &str) -> bool {
    module == removed
        || module
            .strip_prefix(removed)
            .is_some_and(|rest| rest.starts_with('.'))
}

/// Every module an import statement names: `import a.b`, `from a.b import c` (both `a.b`
/// and `a.b.c`, since `c` may be a submodule).
fn collect(node: Node<'_>, text: &str, out: &mut Vec<String>) {
    let name = |n: Node<'_>| text[n.byte_range()].split_whitespace().collect::<String>();
    match node.kind() {
        "import_statement" => {
            let mut cursor = node.walk();
            for child in node.children_by_field_name("name", &mut cursor) {
                let dotted = if child.kind() == "aliased_import" {
                    child.child_by_field_name("name")
                } else {
                    Some(child)
                };
                out.extend(dotted.map(name));
            }
        }
        "import_from_statement" => {
            if let Some(module) = node.child_by_field_name("module_name")
                && module.kind() == "dotted_name"
            {
                let module = name(module);
                let mut cursor = node.walk();
                for child in node.children_by_field_name("name", &mut cursor) {
                    let imported = if child.kind() == "aliased_import" {
                        child.child_by_field_name("name")
                    } else {
                        Some(child)
                    };
                    out.extend(imported.map(|n| format!("{module}.{}", name(n))));
                }
                out.push(module);
            }
        }
        _ => {
            let mut cursor = node.walk();
            for child in node.children(&mut cursor) {
                collect(child, text, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&'static str> {
        removed_imports(text).iter().map(|r| r.module).collect()
    }

    #[test]
    fn finds_imports_in_every_shape_and_nothing_else() {
        assert_eq!(
            found(
                "import os, asyncore\nfrom distutils.core import setup\nif x:\n    import imp as i\nfrom tkinter import tix\nimport typing\n"
            ),
            ["distutils", "imp", "asyncore", "tkinter.tix"]
        );
        assert!(
            found("# import asyncore\nx = 'import imp'\nimport impl\nfrom . import cgi\n")
                .is_empty()
        );
    }
}
