//! Which modules that Python removed a file imports, found in its import statements (not in
//! strings or comments).

use snakeshift_rewrites::kit::removed::{REMOVED, Removal};
use tree_sitter::Node;

/// The removed modules the audit lists: those of the table that are not part of another
/// (`distutils.version` is reported as `distutils`).
pub fn audited() -> impl Iterator<Item = &'static Removal> {
    REMOVED.iter().filter(|r| {
        !REMOVED
            .iter()
            .any(|p| covers(p.module, r.module) && p.module != r.module)
    })
}

/// The entries of [`audited`] that `text` imports (each once, in table order).
pub fn removed_imports(text: &str) -> Vec<&'static Removal> {
    let mentioned: Vec<&Removal> = audited()
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
pub fn covers(removed: &str, module: &str) -> bool {
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
