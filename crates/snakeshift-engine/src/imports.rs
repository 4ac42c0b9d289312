//! Making names available and dropping imports: reuse an existing import when one is in scope,
//! otherwise add one exactly once (next to the import it replaces, or after the file's leading
//! imports, merged into an existing `from m import …`), and remove imports cleanly.
//!
//! Added imports are keyed edits (see [`crate::fix::Edit::key`]), so two fixes that need the
//! same import in one pass produce it once, at the earliest position either asked for.

use crate::edits::{delete_statement, indentation, is_alone_on_lines, line_end, next_line_start};
use crate::fix::Edit;
use crate::rewrite::FileInfo;
use crate::semantic::{BindingId, BindingKind, ScopeId, ScopeKind, Semantic};
use std::collections::BTreeMap;
use std::ops::Range;
use tree_sitter::Node;

/// Where a new import should go.
#[derive(Clone, Copy, Debug)]
pub enum Anchor<'t> {
    /// Right after this statement (usually the import being replaced), with its indentation.
    After(Node<'t>),
    /// After the module's docstring, `__future__` imports and leading imports.
    Top,
}

/// How a replacement reaches a name: the text to write and the import edits it needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spelling {
    pub text: String,
    pub edits: Vec<Edit>,
}

/// How to spell `module.name`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// `from module import name`, falling back to `module.name` when `name` is taken.
    Member,
    /// `import module` and `module.name`.
    Module,
}

pub struct ImportEditor<'a, 't> {
    text: &'t str,
    root: Node<'t>,
    sem: &'a Semantic<'t>,
    line_ending: &'static str,
    file: &'a FileInfo,
}

impl<'a, 't> ImportEditor<'a, 't> {
    pub fn new(
        text: &'t str,
        root: Node<'t>,
        sem: &'a Semantic<'t>,
        line_ending: &'static str,
        file: &'a FileInfo,
    ) -> Self {
        ImportEditor {
            text,
            root,
            sem,
            line_ending,
            file,
        }
    }

    /// Spells the dotted `qualified` name (`shutil.which`, `sys.prefix`,
    /// `setuptools.command.build_ext.build_ext`) at byte offset `at`.
    pub fn spell(
        &self,
        qualified: &str,
        at: usize,
        anchor: Anchor<'t>,
        style: Style,
    ) -> Option<Spelling> {
        let (module, name) = qualified.rsplit_once('.')?;
        if self.file.is_module(module) {
            return None;
        }
        if style == Style::Member
            && let Some(s) = self.member(module, name, at, anchor)
        {
            return Some(s);
        }
        let mut s = self.module(module, at, anchor)?;
        s.text = format!("{}.{name}", s.text);
        Some(s)
    }

    /// Makes `module` usable as a dotted expression at `at`.
    pub fn module(&self, module: &str, at: usize, anchor: Anchor<'t>) -> Option<Spelling> {
        if let Some(parent) = loaded_by_parent(module) {
            let mut s = self.module(parent, at, anchor)?;
            s.text = format!("{}{}", s.text, &module[parent.len()..]);
            return Some(s);
        }
        let scope = self.sem.scope_at(at);
        if let Some(text) = self.existing_module(module, at, scope) {
            return Some(Spelling {
                text,
                edits: Vec::new(),
            });
        }
        let root = module.split('.').next()?;
        let root_ok = self.sem.is_name_free(root)
            || self.sem.bindings_named(root).all(|(_, b)| {
                matches!(&b.kind, BindingKind::Import { module: m, aliased: false }
                    if m.split('.').next() == Some(root))
            });
        if !root_ok {
            return None;
        }
        let edit = self.insert_statement(&format!("import {module}"), root, anchor);
        Some(Spelling {
            text: module.to_owned(),
            edits: vec![edit],
        })
    }

    /// Makes `name` from `module` usable as a bare name at `at` (`from module import name`).
    pub fn member(
        &self,
        module: &str,
        name: &str,
        at: usize,
        anchor: Anchor<'t>,
    ) -> Option<Spelling> {
        let scope = self.sem.scope_at(at);
        for (id, b) in self.sem.bindings() {
            if b.kind
                == (BindingKind::FromImport {
                    module: module.to_owned(),
                    member: name.to_owned(),
                })
                && self.sem.lookup(scope, &b.name) == [id]
                && self.bound_before_use(b.node, at, scope)
                && self.bound_at_run_time(b.node, at)
            {
                return Some(Spelling {
                    text: b.name.clone(),
                    edits: Vec::new(),
                });
            }
        }
        // A `from m import *` may bind the name too: only add bare names where there is none.
        if !self.sem.is_name_free(name) || self.sem.has_star_import() {
            return None;
        }
        let edit = match self.mergeable_from_import(module, at, scope) {
            Some(last_name) => {
                Edit::insert(last_name.end_byte(), format!(", {name}")).keyed(format!("0:{name}"))
            }
            None => self.insert_statement(&format!("from {module} import {name}"), name, anchor),
        };
        Some(Spelling {
            text: name.to_owned(),
            edits: vec![edit],
        })
    }

    /// Edits that remove import bindings, whole statements when every name goes.
    pub fn delete(&self, bindings: &[BindingId]) -> Vec<Edit> {
        let mut by_statement: BTreeMap<usize, (Node<'t>, Vec<Node<'t>>)> = BTreeMap::new();
        for &id in bindings {
            let b = self.sem.binding(id);
            if let Some(stmt) = b.statement {
                by_statement
                    .entry(stmt.start_byte())
                    .or_insert((stmt, Vec::new()))
                    .1
                    .push(b.node);
            }
        }
        let mut edits = Vec::new();
        for (stmt, doomed) in by_statement.into_values() {
            let mut cursor = stmt.walk();
            let names: Vec<Node<'t>> = stmt.children_by_field_name("name", &mut cursor).collect();
            let keep: Vec<bool> = names
                .iter()
                .map(|n| !doomed.iter().any(|d| d.id() == n.id()))
                .collect();
            if !keep.contains(&true) {
                edits.push(delete_statement(self.text, stmt));
                continue;
            }
            edits.extend(remove_names(self.text, &names, &keep));
        }
        edits
    }

    fn existing_module(&self, module: &str, at: usize, scope: ScopeId) -> Option<String> {
        for (id, b) in self.sem.bindings() {
            let BindingKind::Import { module: m, aliased } = &b.kind else {
                continue;
            };
            let visible = self.sem.lookup(scope, &b.name);
            if !visible.contains(&id)
                || !self.bound_before_use(b.node, at, scope)
                || !self.bound_at_run_time(b.node, at)
            {
                continue;
            }
            let unanimous = visible
                .iter()
                .all(|&o| self.sem.binding(o).qualified_name() == b.qualified_name());
            if !unanimous {
                continue;
            }
            if *aliased && m == module {
                return Some(b.name.clone());
            }
            if !*aliased && (m == module || m.starts_with(&format!("{module}."))) {
                return Some(module.to_owned());
            }
        }
        None
    }

    /// A binding made under `if TYPE_CHECKING:` does not exist when the program runs: it only
    /// serves uses inside such a block (a rewrite that knows its use is never evaluated looks
    /// such bindings up itself).
    fn bound_at_run_time(&self, binding: Node<'t>, at: usize) -> bool {
        !self.sem.in_type_checking_block(binding.start_byte())
            || self.sem.in_type_checking_block(at)
    }

    /// Code that runs while the module is imported (module level, class bodies) only sees
    /// bindings made before it; function bodies run later and see every module-level binding.
    fn bound_before_use(&self, binding: Node<'t>, at: usize, scope: ScopeId) -> bool {
        let mut s = Some(scope);
        while let Some(id) = s {
            if self.sem.scope(id).kind == ScopeKind::Function {
                return true;
            }
            s = self.sem.scope(id).parent;
        }
        binding.end_byte() <= at
    }

    /// A simple module-level `from module import a, b`, before the use, that a name can be
    /// appended to.
    fn mergeable_from_import(&self, module: &str, at: usize, scope: ScopeId) -> Option<Node<'t>> {
        let mut cursor = self.root.walk();
        for stmt in self.root.named_children(&mut cursor) {
            if stmt.kind() != "import_from_statement" || !self.bound_before_use(stmt, at, scope) {
                continue;
            }
            let same_module = stmt
                .child_by_field_name("module_name")
                .is_some_and(|m| &self.text[m.byte_range()] == module);
            let mut c = stmt.walk();
            let names: Vec<Node<'t>> = stmt.children_by_field_name("name", &mut c).collect();
            if same_module && !names.is_empty() {
                return names.last().copied();
            }
        }
        None
    }

    fn insert_statement(&self, statement: &str, local: &str, anchor: Anchor<'t>) -> Edit {
        let le = self.line_ending;
        let (at, indent, scope) = match anchor {
            Anchor::After(stmt) if is_alone_on_lines(self.text, stmt) => {
                let scope = self.sem.scope_at(stmt.start_byte());
                let indent = indentation(self.text, stmt.start_byte()).to_owned();
                (next_line_start(self.text, stmt.end_byte()), indent, scope)
            }
            _ => (self.top_position(), String::new(), 0),
        };
        let ends_without_newline =
            at == self.text.len() && !self.text.is_empty() && !self.text.ends_with(['\n', '\r']);
        let content = if ends_without_newline {
            format!("{le}{indent}{statement}")
        } else {
            format!("{indent}{statement}{le}")
        };
        let scope_start = self.sem.scope(scope).byte_range().start;
        Edit::insert(at, content).keyed(format!("{scope_start}:{local}"))
    }

    /// After the docstring, `__future__` imports and the imports that follow them.
    pub fn top_position(&self) -> usize {
        let mut cursor = self.root.walk();
        let mut after: Option<Node<'t>> = None;
        let mut first_statement: Option<Node<'t>> = None;
        for (i, stmt) in self
            .root
            .named_children(&mut cursor)
            .filter(|n| n.kind() != "comment")
            .enumerate()
        {
            first_statement.get_or_insert(stmt);
            let is_docstring = i == 0
                && stmt.kind() == "expression_statement"
                && stmt.named_child(0).is_some_and(|c| c.kind() == "string");
            let is_import = matches!(
                stmt.kind(),
                "import_statement" | "import_from_statement" | "future_import_statement"
            );
            if (is_docstring || is_import) && is_alone_on_lines(self.text, stmt) {
                after = Some(stmt);
            } else {
                break;
            }
        }
        match (after, first_statement) {
            (Some(stmt), _) => next_line_start(self.text, stmt.end_byte()),
            (None, Some(first)) => crate::edits::line_start(self.text, first.start_byte()),
            (None, None) => line_end(self.text, 0).min(self.text.len()),
        }
    }
}

/// Submodules that importing their parent always loads (`import os` makes `os.path` usable).
fn loaded_by_parent(module: &str) -> Option<&'static str> {
    match module {
        "os.path" => Some("os"),
        _ => None,
    }
}

/// Removes the names not kept from an import's name list, with their commas.
fn remove_names(text: &str, names: &[Node<'_>], keep: &[bool]) -> Vec<Edit> {
    // In a list written one name per line, each removed name goes with its line (and its
    // own comment): the comments of the names that stay, and comment lines, are kept.
    let own_lines: Option<Vec<Range<usize>>> = names
        .iter()
        .zip(keep)
        .filter(|(_, k)| !**k)
        .map(|(n, _)| own_line(text, *n))
        .collect();
    if let Some(lines) = own_lines {
        return lines.into_iter().map(Edit::delete).collect();
    }
    let mut edits = Vec::new();
    let mut i = 0;
    while i < names.len() {
        if keep[i] {
            i += 1;
            continue;
        }
        let run_start = i;
        while i < names.len() && !keep[i] {
            i += 1;
        }
        if i < names.len() {
            // A kept name follows: remove from the run to it.
            edits.push(Edit::delete(
                names[run_start].start_byte()..names[i].start_byte(),
            ));
        } else {
            // The run ends the list: remove from the end of the last kept name.
            let prev = names[..run_start]
                .iter()
                .rev()
                .zip(keep[..run_start].iter().rev())
                .find(|(_, k)| **k)
                .map(|(n, _)| n.end_byte())
                .unwrap_or(names[run_start].start_byte());
            edits.push(Edit::delete(prev..names[names.len() - 1].end_byte()));
        }
    }
    edits
}

/// The whole line of `name` (with its line break) when it holds nothing else than the name,
/// a comma after it and a comment.
fn own_line(text: &str, name: Node<'_>) -> Option<Range<usize>> {
    // Only inside parentheses: a line of a list continued with backslashes cannot go alone.
    let parenthesised = name.parent().is_some_and(|stmt| {
        let mut cursor = stmt.walk();
        stmt.children(&mut cursor).any(|c| c.kind() == "(")
    });
    if !parenthesised {
        return None;
    }
    let (start, end) = (name.start_byte(), name.end_byte());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    if line_start == 0 || !text[line_start..start].trim().is_empty() {
        return None;
    }
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
    let rest = text[end..line_end].trim_start();
    let rest = rest.strip_prefix(',').unwrap_or(rest).trim_start();
    (rest.is_empty() || rest.starts_with('#')).then_some(line_start..line_end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apply::splice;
    use crate::parse::parse;

    fn with_editor<R>(
        src: &str,
        f: impl FnOnce(&ImportEditor<'_, '_>, &Semantic<'_>, Node<'_>) -> R,
    ) -> R {
        let tree = parse(src);
        let sem = Semantic::build(&tree, src);
        let file = FileInfo::default();
        let editor = ImportEditor::new(src, tree.root_node(), &sem, "\n", &file);
        f(&editor, &sem, tree.root_node())
    }

    fn apply(src: &str, edits: Vec<Edit>) -> String {
        let mut edits = edits;
        edits.sort_by_key(|e| e.range.start);
        splice(src, &edits)
    }

    #[test]
    fn adds_after_docstring_future_and_imports() {
        let src = "#!/usr/bin/env python\n\"\"\"Doc.\"\"\"\nfrom __future__ import annotations\nimport os\n\nx = 1\n";
        let s = with_editor(src, |ed, _, _| {
            ed.module("shutil", src.len() - 2, Anchor::Top)
        })
        .unwrap();
        assert_eq!(s.text, "shutil");
        assert_eq!(
            apply(src, s.edits),
            "#!/usr/bin/env python\n\"\"\"Doc.\"\"\"\nfrom __future__ import annotations\nimport os\nimport shutil\n\nx = 1\n"
        );
    }

    #[test]
    fn reuses_existing_imports() {
        let src = "import os.path\nimport shutil as sh\nfrom sys import prefix\nx\n";
        with_editor(src, |ed, _, _| {
            assert_eq!(ed.module("os", 60, Anchor::Top).unwrap().text, "os");
            assert_eq!(ed.module("shutil", 60, Anchor::Top).unwrap().text, "sh");
            assert_eq!(
                ed.member("sys", "prefix", 60, Anchor::Top).unwrap().text,
                "prefix"
            );
            assert!(
                ed.module("os.path", 60, Anchor::Top)
                    .unwrap()
                    .edits
                    .is_empty()
            );
        });
    }

    #[test]
    fn inserts_next_to_the_anchor_with_its_indentation() {
        let src = "def f():\n    from distutils.spawn import find_executable\n    return find_executable('x')\n";
        let out = with_editor(src, |ed, _, root| {
            let func = root.named_child(0).unwrap();
            let body = func.child_by_field_name("body").unwrap();
            let stmt = body.named_child(0).unwrap();
            let s = ed.module("shutil", 70, Anchor::After(stmt)).unwrap();
            apply(src, s.edits)
        });
        assert_eq!(
            out,
            "def f():\n    from distutils.spawn import find_executable\n    import shutil\n    return find_executable('x')\n"
        );
    }

    #[test]
    fn merges_into_an_existing_from_import() {
        let src = "from shutil import copy\nx = 1\n";
        let s = with_editor(src, |ed, _, _| {
            ed.member("shutil", "which", 25, Anchor::Top)
        })
        .unwrap();
        assert_eq!(
            apply(src, s.edits),
            "from shutil import copy, which\nx = 1\n"
        );
    }

    #[test]
    fn taken_names_fall_back_to_module_style() {
        let src = "which = 1\nx\n";
        let s = with_editor(src, |ed, _, _| {
            ed.spell("shutil.which", 10, Anchor::Top, Style::Member)
        })
        .unwrap();
        assert_eq!(s.text, "shutil.which");
        let taken = "shutil = None\nx\n";
        assert!(with_editor(taken, |ed, _, _| ed.module("shutil", 14, Anchor::Top)).is_none());
    }

    #[test]
    fn deletes_names_and_statements() {
        let src = "from m import (\n    a,\n    b,  # b\n    c,\n)\nimport x, y\nimport z\n";
        let out = with_editor(src, |ed, sem, _| {
            let ids: Vec<BindingId> = sem
                .bindings()
                .filter(|(_, b)| ["b", "c", "y", "z"].contains(&b.name.as_str()))
                .map(|(id, _)| id)
                .collect();
            apply(src, ed.delete(&ids))
        });
        assert_eq!(out, "from m import (\n    a,\n)\nimport x\n");
        let first = "from m import a, b, c\n";
        let out = with_editor(first, |ed, sem, _| {
            let ids: Vec<BindingId> = sem
                .bindings()
                .filter(|(_, b)| b.name == "a" || b.name == "b")
                .map(|(id, _)| id)
                .collect();
            apply(first, ed.delete(&ids))
        });
        assert_eq!(out, "from m import c\n");
    }

    #[test]
    fn deleting_names_keeps_the_comments_of_the_others() {
        let delete = |src: &str, doomed: &[&str]| {
            with_editor(src, |ed, sem, _| {
                let ids: Vec<BindingId> = sem
                    .bindings()
                    .filter(|(_, b)| doomed.contains(&b.name.as_str()))
                    .map(|(id, _)| id)
                    .collect();
                apply(src, ed.delete(&ids))
            })
        };
        // ruff's F811_21: the comment of the name that stays is kept.
        let src = "from m import (\n    a,  # noqa: F811\n    b,\n)\n";
        assert_eq!(
            delete(src, &["b"]),
            "from m import (\n    a,  # noqa: F811\n)\n"
        );
        let src = "from m import (\n    b,\n    # about a\n    a,\n)\n";
        assert_eq!(
            delete(src, &["b"]),
            "from m import (\n    # about a\n    a,\n)\n"
        );
        let src = "from m import (\n    a,\n    b  # b\n)\n";
        assert_eq!(delete(src, &["b"]), "from m import (\n    a,\n)\n");
        // A list continued with backslashes keeps the old way.
        let src = "from m import a, \\\n    b\nx\n";
        assert_eq!(delete(src, &["b"]), "from m import a\nx\n");
    }
}
