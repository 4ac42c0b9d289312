//! Which removed APIs a file uses: members of modules that still exist, from the index of the
//! rewrites ([`snakeshift_rewrites::kit::removed::apis`]), found through its import statements
//! (`from base64 import encodestring`, or `base64.encodestring` after `import base64`), not in
//! strings or comments. Methods of classes (`unittest.TestCase.assertEquals`) and the other
//! APIs a rewrite finds with its own code ([`Found::ByFindings`]) are not: no import says
//! which `self.assertEquals` is `TestCase`'s, so they are listed where their rewrite reported
//! them ([`reported`]).

use super::imports::covers;
use snakeshift_engine::pipeline::Reported;
use snakeshift_engine::version::PyVersion;
use snakeshift_rewrites::kit::removed::{self, Api, ApiFix, Found, REMOVED, apis};
use std::collections::BTreeMap;
use tree_sitter::Node;

/// The APIs the audit lists: members gone in `target` themselves (not only some of their
/// calls), of modules that still exist (removed modules are listed as modules).
pub fn audited(target: PyVersion) -> Vec<Api> {
    apis()
        .filter(|a| a.fix != ApiFix::SomeCalls)
        .filter(|a| a.change.is_some_and(|c| c.is_gone(target)))
        .filter(|a| !REMOVED.iter().any(|r| covers(r.module, a.module)))
        .collect()
}

/// The entries of `audited` found through imports that `text` uses (indexes into it, each
/// once, in order).
pub fn used(text: &str, audited: &[Api]) -> Vec<usize> {
    let mentioned: Vec<usize> = (0..audited.len())
        .filter(|&i| audited[i].found == Found::ByImports && text.contains(audited[i].member))
        .collect();
    if mentioned.is_empty() {
        return Vec::new();
    }
    let tree = snakeshift_engine::parse::parse(text);
    let mut names = Names::default();
    names.collect(tree.root_node(), text);
    mentioned
        .into_iter()
        .filter(|&i| names.uses(audited[i].module, audited[i].member))
        .collect()
}

/// Every entry found by its rewrite's findings, whatever the target: the entries [`reported`]
/// tells apart.
pub fn own() -> Vec<Api> {
    apis().filter(|a| a.found == Found::ByFindings).collect()
}

/// The entries of `audited` (indexes into it, each once) that `findings`, the rewrites'
/// findings in a file whose text is `text`, report: entries of [`own`], told apart by the text
/// each finding points at ([`removed::reported`]).
pub fn reported<'r>(
    findings: impl IntoIterator<Item = &'r Reported>,
    text: &str,
    own: &[Api],
    audited: &[Api],
) -> Vec<usize> {
    let mut out = Vec::new();
    for f in findings {
        if !own.iter().any(|a| a.rewrite == f.rewrite) {
            continue;
        }
        let Some(e) = text
            .get(f.range.clone())
            .and_then(|pointed| removed::reported(own, f.rewrite, pointed, &f.message))
        else {
            continue;
        };
        let listed = audited
            .iter()
            .position(|a| (a.module, a.member) == (own[e].module, own[e].member));
        if let Some(i) = listed
            && !out.contains(&i)
        {
            out.push(i);
        }
    }
    out
}

/// What a file's import statements bind, and the dotted names it reads.
#[derive(Default)]
struct Names {
    /// Local name → the module (or member) it is bound to.
    bound: BTreeMap<String, String>,
    /// `(module, member)` of every `from module import member`.
    imported: Vec<(String, String)>,
    /// Every attribute chain of plain names (`a.b.c`, also its prefix `a.b`).
    chains: Vec<String>,
}

impl Names {
    /// Whether `module.member` is imported by name, or read through a name bound to a module.
    fn uses(&self, module: &str, member: &str) -> bool {
        self.imported
            .iter()
            .any(|(m, n)| m == module && n == member)
            || self.chains.iter().any(|chain| {
                let (first, rest) = chain.split_once('.').unwrap_or((chain, ""));
                self.bound.get(first).is_some_and(|target| {
                    format!("{target}.{rest}")
                        .rsplit_once('.')
                        .is_some_and(|(m, n)| m == module && n == member)
                })
            })
    }

    fn collect(&mut self, node: Node<'_>, text: &str) {
        let name = |n: Node<'_>| text[n.byte_range()].split_whitespace().collect::<String>();
        match node.kind() {
            "import_statement" => {
                let mut cursor = node.walk();
                for child in node.children_by_field_name("name", &mut cursor) {
                    if child.kind() == "aliased_import" {
                        if let (Some(dotted), Some(alias)) = (
                            child.child_by_field_name("name"),
                            child.child_by_field_name("alias"),
                        ) {
                            self.bound.insert(name(alias), name(dotted));
                        }
                    } else {
                        let dotted = name(child);
                        let first = dotted.split('.').next().unwrap_or(&dotted).to_owned();
                        self.bound.insert(first.clone(), first);
                    }
                }
            }
            "import_from_statement" => {
                let Some(module) = node
                    .child_by_field_name("module_name")
                    .filter(|m| m.kind() == "dotted_name")
                    .map(name)
                else {
                    return;
                };
                let mut cursor = node.walk();
                for child in node.children_by_field_name("name", &mut cursor) {
                    let (member, local) = if child.kind() == "aliased_import" {
                        (
                            child.child_by_field_name("name"),
                            child.child_by_field_name("alias"),
                        )
                    } else {
                        (Some(child), Some(child))
                    };
                    if let (Some(member), Some(local)) = (member, local) {
                        let member = name(member);
                        self.bound.insert(name(local), format!("{module}.{member}"));
                        self.imported.push((module.clone(), member));
                    }
                }
            }
            _ => {
                if node.kind() == "attribute" {
                    let chain = name(node);
                    if chain
                        .split('.')
                        .all(|part| part.chars().all(|c| c.is_alphanumeric() || c == '_'))
                    {
                        self.chains.push(chain);
                    }
                }
                let mut cursor = node.walk();
                for child in node.children(&mut cursor) {
                    self.collect(child, text);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<String> {
        let audited = audited(PyVersion::new(3, 14));
        used(text, &audited)
            .into_iter()
            .map(|i| format!("{}.{}", audited[i].module, audited[i].member))
            .collect()
    }

    #[test]
    fn finds_uses_through_imports_and_nothing_else() {
        assert_eq!(
            found(
                "import base64 as b64\nfrom inspect import getargspec\nfrom xml.etree import cElementTree as ET\nb64.encodestring(x)\nET.parse(f)\n"
            ),
            [
                "inspect.getargspec",
                "base64.encodestring",
                "xml.etree.cElementTree.parse"
            ]
        );
        assert!(
            found("# base64.encodestring\nx = 'base64.encodestring'\nencodestring()\n").is_empty()
        );
        assert!(
            found("import imp\nimp.load_source\n").is_empty(),
            "a removed module"
        );
    }
}
