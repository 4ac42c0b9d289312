//! A `build`/`build_py` override whose only job is building the documentation (it runs
//! `sphinx-build`, `make docs`, `self.run_command("build_sphinx")`, then the parent's `run`):
//! the documentation never reaches the wheel, so the override has no effect on what a build
//! produces and is dropped with a finding instead of keeping `setup.py` alive for it.

use snakeshift_engine::parse::parse;
use std::ops::Range;
use tree_sitter::Node;

/// Commands whose override may be a documentation build.
pub(super) fn may_build_docs(command: &str) -> bool {
    matches!(command, "build" | "build_py")
}

fn text_of<'t>(n: Node<'_>, text: &'t str) -> &'t str {
    &text[n.byte_range()]
}

/// `X.run(self)`, `super().run()`, `super(C, self).run()`: the parent's own work.
fn is_parent_call(call: Node<'_>, text: &str, bases: &[String], method: &str) -> bool {
    let Some(f) = call.child_by_field_name("function") else {
        return false;
    };
    if f.kind() != "attribute" {
        return false;
    }
    let (Some(obj), Some(attr)) = (
        f.child_by_field_name("object"),
        f.child_by_field_name("attribute"),
    ) else {
        return false;
    };
    if text_of(attr, text) != method {
        return false;
    }
    let obj_text = text_of(obj, text);
    obj_text.starts_with("super(") || bases.iter().any(|b| b == obj_text)
}

/// A call that builds documentation: runs sphinx or a `docs`/`doc` target, and nothing that
/// could write into the build tree.
fn is_docs_call(call: Node<'_>, text: &str) -> bool {
    let callee = call
        .child_by_field_name("function")
        .map_or("", |f| text_of(f, text));
    let args = call
        .child_by_field_name("arguments")
        .map_or("", |a| text_of(a, text))
        .to_ascii_lowercase();
    let mentions_docs = args
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .any(|w| w.contains("sphinx") || matches!(w, "doc" | "docs" | "documentation" | "html"));
    // The build tree is where a wheel's files come from: a docs build that writes there is
    // not only a docs build.
    let touches_build = args.contains("build_lib") || args.contains("self.build");
    if touches_build {
        return false;
    }
    match callee {
        "self.run_command" => args.contains("sphinx") || args.contains("doc"),
        "subprocess.call"
        | "subprocess.check_call"
        | "subprocess.run"
        | "os.system"
        | "self.spawn"
        | "spawn" => mentions_docs,
        _ => {
            let last = callee.rsplit('.').next().unwrap_or("");
            callee.contains("sphinx") && matches!(last, "build_main" | "main" | "make_main")
        }
    }
}

/// Whether a statement in a method is harmless (docstring, `pass`, the parent's call, a
/// sphinx import) or a documentation build; `found` is set by the latter.
fn statement_ok(
    stmt: Node<'_>,
    text: &str,
    bases: &[String],
    method: &str,
    found: &mut bool,
) -> bool {
    match stmt.kind() {
        "pass_statement" | "comment" => true,
        "import_statement" | "import_from_statement" => text_of(stmt, text).contains("sphinx"),
        "expression_statement" => {
            let Some(e) = stmt.named_child(0) else {
                return false;
            };
            match e.kind() {
                "string" => true,
                "call" if is_parent_call(e, text, bases, method) => true,
                "call" if method == "run" && is_docs_call(e, text) => {
                    *found = true;
                    true
                }
                _ => false,
            }
        }
        _ => false,
    }
}

/// The statements of a block, comments left out.
fn statements(block: Option<Node<'_>>) -> Vec<Node<'_>> {
    let Some(b) = block else {
        return Vec::new();
    };
    let mut c = b.walk();
    b.named_children(&mut c)
        .filter(|n| n.kind() != "comment")
        .collect()
}

/// When the class at `range` of `text` (a module) only builds documentation, what it runs
/// (for the report).
pub(super) fn docs_only_class(text: &str, range: &Range<usize>) -> Option<String> {
    let tree = parse(text);
    let node = tree
        .root_node()
        .descendant_for_byte_range(range.start, range.end)?;
    let mut class = node;
    while class.kind() != "class_definition" {
        class = class.parent()?;
    }
    let bases: Vec<String> = class
        .child_by_field_name("superclasses")
        .map(|s| {
            let mut c = s.walk();
            s.named_children(&mut c)
                .map(|b| text_of(b, text).to_owned())
                .collect()
        })
        .unwrap_or_default();
    if bases.is_empty()
        || !bases.iter().all(|b| {
            let last = b.rsplit('.').next().unwrap_or("");
            matches!(last, "build" | "build_py" | "_build" | "_build_py")
        })
    {
        return None;
    }
    let mut found = false;
    let mut runs = Vec::new();
    for (i, member) in statements(class.child_by_field_name("body"))
        .into_iter()
        .enumerate()
    {
        match member.kind() {
            "expression_statement"
                if i == 0 && member.named_child(0).is_some_and(|e| e.kind() == "string") => {}
            "function_definition" => {
                let method = member
                    .child_by_field_name("name")
                    .map_or("", |n| text_of(n, text));
                for stmt in statements(member.child_by_field_name("body")) {
                    let mut docs = false;
                    if !statement_ok(stmt, text, &bases, method, &mut docs) {
                        return None;
                    }
                    if docs {
                        found = true;
                        runs.push(text_of(stmt, text).to_owned());
                    }
                }
            }
            _ => return None,
        }
    }
    found.then(|| runs.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> Option<String> {
        let at = text.find("class ").unwrap();
        docs_only_class(text, &(at..at + 5))
    }

    #[test]
    fn sphinx_build_then_parent() {
        let text = "import subprocess\nfrom setuptools.command.build import build\nclass B(build):\n    \"\"\"Docs.\"\"\"\n    def run(self):\n        subprocess.check_call(['sphinx-build', 'docs', 'docs/_build'])\n        build.run(self)\n";
        assert_eq!(
            check(text).as_deref(),
            Some("subprocess.check_call(['sphinx-build', 'docs', 'docs/_build'])")
        );
    }

    #[test]
    fn make_docs_with_super() {
        let text = "class B(build_py):\n    def run(self):\n        super().run()\n        os.system('make -C docs html')\n";
        assert!(check(text).is_some());
    }

    #[test]
    fn anything_else_keeps_it() {
        for text in [
            "class B(build):\n    def run(self):\n        gen_tables()\n        os.system('make docs')\n        build.run(self)\n",
            "class B(build):\n    def run(self):\n        build.run(self)\n",
            "class B(build_ext):\n    def run(self):\n        os.system('make docs')\n",
            "class B(build):\n    def run(self):\n        subprocess.call(['sphinx-build', 'docs', self.build_lib])\n        build.run(self)\n",
        ] {
            assert_eq!(check(text), None, "{text}");
        }
    }
}
