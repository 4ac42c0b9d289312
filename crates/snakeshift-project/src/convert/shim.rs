//! The `setup.py` that remains: the script without the arguments that moved to
//! `pyproject.toml`, without the code only they used, or no file at all when nothing is left
//! but `setup()`.
//!
//! Dead code is found with name resolution over the top-level statements: the `setup()` call
//! and every statement whose effect is unknown are live; a statement that defines or changes
//! a name a live statement reads becomes live too. Definitions, imports and assignments of
//! side-effect-free values that nothing live reads are removed.

use crate::files::ProjectFiles;
use crate::python::stdlib::always_available;
use snakeshift_engine::apply::splice;
use snakeshift_engine::edits::{
    delete_statement, is_alone_on_lines, line_end, line_start, next_line_start,
};
use snakeshift_engine::fix::Edit;
use snakeshift_engine::imports::ImportEditor;
use snakeshift_engine::parse::{first_syntax_error, parse};
use snakeshift_engine::rewrite::FileInfo;
use snakeshift_engine::semantic::{BindingId, ScopeKind, Semantic};
use std::collections::HashSet;
use std::ops::Range;
use tree_sitter::Node;

pub struct Shim {
    /// The new `setup.py`, or `None` when it can be deleted.
    pub text: Option<String>,
    /// (line in the input, message) for code removed with a reason worth telling.
    pub notes: Vec<(usize, String)>,
    /// The shim imports modules of the project itself (it needs the project directory on
    /// `sys.path`, as the legacy backend provides).
    pub imports_project_modules: bool,
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

/// The edit removing one element of a comma-separated list (an argument, a dict entry).
fn delete_element(text: &str, node: Node<'_>) -> Vec<Edit> {
    let next = node.next_sibling();
    let prev = node.prev_sibling();
    let alone = is_alone_on_lines(text, node)
        || next.is_some_and(|n| {
            n.kind() == "," && is_alone_on_lines_span(text, node.start_byte(), n.end_byte())
        });
    if let Some(comma) = next.filter(|n| n.kind() == ",") {
        if alone {
            let start = line_start(text, node.start_byte());
            return vec![Edit::delete(start..next_line_start(text, comma.end_byte()))];
        }
        // Up to the next element on the same line.
        let after = &text[comma.end_byte()..line_end(text, comma.end_byte())];
        let spaces = after.len() - after.trim_start_matches([' ', '\t']).len();
        return vec![Edit::delete(node.start_byte()..comma.end_byte() + spaces)];
    }
    // The last element: the comma before it goes.
    let mut edits = Vec::new();
    if alone {
        let start = line_start(text, node.start_byte());
        edits.push(Edit::delete(start..next_line_start(text, node.end_byte())));
        if let Some(comma) = prev.filter(|p| p.kind() == ",") {
            edits.push(Edit::delete(comma.byte_range()));
        }
    } else if let Some(comma) = prev.filter(|p| p.kind() == ",") {
        edits.push(Edit::delete(comma.start_byte()..node.end_byte()));
    } else {
        edits.push(Edit::delete(node.byte_range()));
    }
    edits
}

fn is_alone_on_lines_span(text: &str, start: usize, end: usize) -> bool {
    let before = &text[line_start(text, start)..start];
    let after = &text[end..line_end(text, end)];
    let after = after.trim_start_matches([' ', '\t']);
    before.trim().is_empty() && (after.is_empty() || after.starts_with('#'))
}

/// Deletes the code at `ranges` (arguments, dict entries, statements). `Err` names a range
/// that is not something snakeshift can remove.
pub fn delete_sites(text: &str, ranges: &[Range<usize>]) -> Result<(String, Vec<Edit>), String> {
    let tree = parse(text);
    let root = tree.root_node();
    let mut ranges: Vec<Range<usize>> = ranges.to_vec();
    ranges.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    ranges.dedup();
    // Nothing inside a range that is deleted anyway.
    let mut outer: Vec<Range<usize>> = Vec::new();
    for r in ranges {
        if outer
            .last()
            .is_some_and(|o| o.start <= r.start && r.end <= o.end)
        {
            continue;
        }
        outer.push(r);
    }
    let mut edits: Vec<Edit> = Vec::new();
    for r in &outer {
        let node = super::setup_py::node_at(root, r).ok_or_else(|| {
            format!(
                "cannot find the code at bytes {}..{} of setup.py",
                r.start, r.end
            )
        })?;
        match (node.kind(), node.parent().map(|p| p.kind())) {
            ("keyword_argument" | "dictionary_splat" | "pair" | "list_splat", _) => {
                edits.extend(delete_element(text, node));
            }
            ("expression_statement", _) => edits.push(delete_statement(text, node)),
            (kind, _) => return Err(format!("cannot remove a `{kind}` from setup.py")),
        }
    }
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    // Merge overlapping deletions (two neighbours that both take a shared comma).
    let mut merged: Vec<Edit> = Vec::new();
    for e in edits {
        match merged.last_mut() {
            Some(last) if e.range.start < last.range.end => {
                last.range.end = last.range.end.max(e.range.end);
            }
            _ => merged.push(e),
        }
    }
    let out = splice(text, &merged);
    if first_syntax_error(&parse(&out)).is_some() {
        return Err("removing the converted arguments would break setup.py's syntax".into());
    }
    Ok((out, merged))
}

/// Where `offset` lands after `edits` (sorted, non-overlapping) are applied.
fn shift(offset: usize, edits: &[Edit]) -> usize {
    let mut delta: isize = 0;
    for e in edits {
        if e.range.end <= offset {
            delta += e.content.len() as isize - e.range.len() as isize;
        } else if e.range.start < offset {
            return (e.range.start as isize + delta) as usize;
        }
    }
    (offset as isize + delta) as usize
}

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    /// Must stay: the `setup()` call, or code whose effect is unknown.
    Root,
    /// Removable when nothing live needs what it defines or changes.
    Removable,
    Import,
    Docstring,
    /// `if sys.argv[-1] == "publish": ...; sys.exit()`: a development helper.
    DevCommand,
    /// `if sys.version_info < (3, x): sys.exit(...)`, redundant with requires-python.
    VersionGuard,
}

struct Statement {
    kind: Kind,
    defines: Vec<BindingId>,
    reads: Vec<BindingId>,
    mutates: Vec<BindingId>,
}

const MUTATING_METHODS: &[&str] = &[
    "append",
    "extend",
    "insert",
    "update",
    "setdefault",
    "remove",
    "pop",
    "clear",
    "sort",
    "reverse",
    "add",
    "discard",
];

const IMPURE_CALLS: &[&str] = &[
    "print",
    "exit",
    "quit",
    "exec",
    "execfile",
    "input",
    "setup",
    "os.system",
    "os.remove",
    "os.unlink",
    "os.makedirs",
    "os.mkdir",
    "os.rename",
    "os.chdir",
    "os.chmod",
    "os.symlink",
    "sys.exit",
    "os._exit",
];

const IMPURE_SUFFIXES: &[&str] = &[
    ".write",
    ".writelines",
    ".write_text",
    ".write_bytes",
    ".unlink",
    ".mkdir",
];

struct Analysis<'a, 't> {
    text: &'t str,
    sem: &'a Semantic<'t>,
    /// Top-level function names whose bodies have side effects.
    impure_functions: HashSet<String>,
}

impl<'t> Analysis<'_, 't> {
    fn module_binding(&self, id: BindingId) -> bool {
        self.sem.scope(self.sem.binding(id).scope).kind == ScopeKind::Module
    }

    /// Module-level bindings an identifier may refer to.
    fn resolve(&self, ident: Node<'t>) -> Vec<BindingId> {
        match self.sem.reference_of(ident) {
            Some(r) => self
                .sem
                .reference(r)
                .bindings
                .iter()
                .copied()
                .filter(|b| self.module_binding(*b))
                .collect(),
            None => Vec::new(),
        }
    }

    fn reads_in(&self, node: Node<'t>, except: &[Node<'t>]) -> Vec<BindingId> {
        let mut out = Vec::new();
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            if except.iter().any(|e| e.id() == n.id()) {
                continue;
            }
            if n.kind() == "identifier" {
                for b in self.resolve(n) {
                    if !out.contains(&b) {
                        out.push(b);
                    }
                }
            }
            let mut c = n.walk();
            stack.extend(n.named_children(&mut c));
        }
        out
    }

    fn defines_in(&self, node: Node<'t>) -> Vec<BindingId> {
        let range = node.byte_range();
        self.sem
            .bindings()
            .filter(|(id, b)| {
                self.module_binding(*id)
                    && range.start <= b.node.start_byte()
                    && b.node.end_byte() <= range.end
            })
            .map(|(id, _)| id)
            .collect()
    }

    fn callee(&self, call: Node<'t>) -> &'t str {
        call.child_by_field_name("function")
            .map_or("", |f| &self.text[f.byte_range()])
    }

    /// Whether evaluating `node` could change anything outside it.
    fn has_side_effects(&self, node: Node<'t>) -> bool {
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            if n.kind() == "call" {
                let callee = self.callee(n);
                if IMPURE_CALLS.contains(&callee)
                    || IMPURE_SUFFIXES.iter().any(|s| callee.ends_with(s))
                    || callee.starts_with("subprocess.")
                    || callee.starts_with("shutil.")
                    || self.impure_functions.contains(callee)
                {
                    return true;
                }
                if (callee == "open" || callee.ends_with(".open"))
                    && n.child_by_field_name("arguments").is_some_and(|a| {
                        let args = &self.text[a.byte_range()];
                        ["'w", "\"w", "'a", "\"a", "'x", "\"x", "+'", "+\""]
                            .iter()
                            .any(|m| args.contains(m))
                    })
                {
                    return true;
                }
            }
            if matches!(n.kind(), "yield" | "await") {
                return true;
            }
            let mut c = n.walk();
            stack.extend(n.named_children(&mut c));
        }
        false
    }

    /// `x.append(...)`-like calls and `x[k] = v`: the name they change.
    fn mutated_name(&self, expr: Node<'t>) -> Option<Node<'t>> {
        match expr.kind() {
            "call" => {
                let f = expr.child_by_field_name("function")?;
                if f.kind() != "attribute" {
                    return None;
                }
                let obj = f.child_by_field_name("object")?;
                let method = &self.text[f.child_by_field_name("attribute")?.byte_range()];
                (obj.kind() == "identifier" && MUTATING_METHODS.contains(&method)).then_some(obj)
            }
            "subscript" | "attribute" => {
                let base = expr.child_by_field_name(if expr.kind() == "subscript" {
                    "value"
                } else {
                    "object"
                })?;
                if base.kind() == "identifier" {
                    Some(base)
                } else {
                    self.mutated_name(base)
                }
            }
            _ => None,
        }
    }

    /// `sys.path` tweaks, and `os.chdir` into the project directory (the evaluator refuses a
    /// script that moves anywhere else): no effect a shim needs.
    fn is_sys_path_change(&self, call: Node<'t>) -> bool {
        matches!(
            self.callee(call),
            "sys.path.insert" | "sys.path.append" | "os.chdir"
        )
    }

    fn classify(&self, stmt: Node<'t>, is_first: bool) -> Statement {
        let mut s = Statement {
            kind: Kind::Root,
            defines: self.defines_in(stmt),
            reads: self.reads_in(stmt, &[]),
            mutates: Vec::new(),
        };
        match stmt.kind() {
            "import_statement" | "import_from_statement" | "future_import_statement" => {
                s.kind = Kind::Import;
                s.defines = self.defines_in(stmt);
            }
            "function_definition" | "class_definition" | "decorated_definition" => {
                s.kind = Kind::Removable;
                s.defines = self.defines_in(stmt);
                s.reads = self.reads_in(stmt, &[]);
            }
            "pass_statement" | "global_statement" => s.kind = Kind::Removable,
            // `del names[i]` changes `names`.
            "delete_statement" => {
                let targets: Vec<Node<'t>> = {
                    let mut c = stmt.walk();
                    stmt.named_children(&mut c).collect()
                };
                let bases: Option<Vec<Node<'t>>> = targets
                    .iter()
                    .map(|t| {
                        (t.kind() == "subscript")
                            .then(|| self.mutated_name(*t))
                            .flatten()
                    })
                    .collect();
                if let Some(bases) = bases {
                    s.kind = Kind::Removable;
                    s.mutates = bases.iter().flat_map(|b| self.resolve(*b)).collect();
                    s.reads = self.reads_in(stmt, &bases);
                }
            }
            "expression_statement" => {
                let Some(expr) = stmt.named_child(0) else {
                    return s;
                };
                match expr.kind() {
                    "string" | "concatenated_string" if is_first => s.kind = Kind::Docstring,
                    "assignment" | "augmented_assignment" => {
                        let left = expr.child_by_field_name("left");
                        let right = expr.child_by_field_name("right");
                        if right.is_some_and(|r| self.has_side_effects(r)) {
                            return s;
                        }
                        s.kind = Kind::Removable;
                        match left {
                            Some(l) if matches!(l.kind(), "subscript" | "attribute") => {
                                let Some(base) = self.mutated_name(l) else {
                                    s.kind = Kind::Root;
                                    return s;
                                };
                                s.mutates = self.resolve(base);
                                s.reads = self.reads_in(stmt, &[base]);
                            }
                            _ => {
                                s.defines = self.defines_in(stmt);
                                s.reads = self.reads_in(stmt, &[]);
                            }
                        }
                    }
                    "call" => {
                        if self.is_sys_path_change(expr) {
                            s.kind = Kind::Removable;
                            s.reads = self.reads_in(stmt, &[]);
                            return s;
                        }
                        let callee = self.callee(expr);
                        if (callee == "exec" || callee == "execfile")
                            && let Some(ns) = expr
                                .child_by_field_name("arguments")
                                .and_then(|a| a.named_child(1))
                                .filter(|n| n.kind() == "identifier")
                        {
                            s.kind = Kind::Removable;
                            s.mutates = self.resolve(ns);
                            s.reads = self.reads_in(stmt, &[ns]);
                            return s;
                        }
                        let Some(base) = self.mutated_name(expr) else {
                            return s;
                        };
                        let args = expr.child_by_field_name("arguments");
                        if args.is_some_and(|a| self.has_side_effects(a)) {
                            return s;
                        }
                        s.kind = Kind::Removable;
                        s.mutates = self.resolve(base);
                        s.reads = self.reads_in(stmt, &[base]);
                    }
                    _ => {}
                }
            }
            "if_statement" => {
                let condition = stmt.child_by_field_name("condition");
                let cond_text = condition.map_or("", |c| &self.text[c.byte_range()]);
                let body_text = &self.text[stmt.byte_range()];
                if cond_text.contains("sys.argv")
                    && (body_text.contains("sys.exit") || body_text.contains("exit("))
                    && !body_text.contains("setup(")
                {
                    s.kind = Kind::DevCommand;
                    return s;
                }
                if cond_text.contains("version_info") && !body_text.contains("setup(") {
                    let only_exits = block_statements(stmt.child_by_field_name("consequence"))
                        .iter()
                        .all(|b| {
                            matches!(b.kind(), "raise_statement" | "pass_statement") || {
                                let t = &self.text[b.byte_range()];
                                b.kind() == "expression_statement"
                                    && (t.starts_with("sys.exit")
                                        || t.starts_with("print")
                                        || t.starts_with("exit"))
                            }
                        });
                    if only_exits && stmt.child_by_field_name("alternative").is_none() {
                        s.kind = Kind::VersionGuard;
                        return s;
                    }
                }
                self.compound(stmt, &mut s);
            }
            "try_statement" | "with_statement" | "for_statement" => self.compound(stmt, &mut s),
            _ => {}
        }
        s
    }

    /// A compound statement is removable when everything in it is.
    fn compound(&self, stmt: Node<'t>, s: &mut Statement) {
        let mut inner: Vec<Node<'t>> = Vec::new();
        let mut headers: Vec<Node<'t>> = Vec::new();
        let mut stack = vec![stmt];
        while let Some(n) = stack.pop() {
            let mut c = n.walk();
            for child in n.named_children(&mut c) {
                match child.kind() {
                    "block" => inner.extend(block_statements(Some(child))),
                    "elif_clause" | "else_clause" | "except_clause" | "finally_clause"
                    | "with_clause" => stack.push(child),
                    "comment" => {}
                    _ => headers.push(child),
                }
            }
        }
        if headers.iter().any(|h| self.has_side_effects(*h)) {
            return;
        }
        let mut parts = Vec::new();
        for i in &inner {
            let part = self.classify(*i, false);
            if !matches!(part.kind, Kind::Removable | Kind::Import) {
                return;
            }
            parts.push(part);
        }
        s.kind = Kind::Removable;
        s.defines = self.defines_in(stmt);
        s.reads = self.reads_in(stmt, &[]);
        for p in parts {
            s.mutates.extend(p.mutates);
        }
        // A name the statement both binds and reads (a loop variable) is not a dependency.
        s.reads.retain(|r| !s.defines.contains(r));
    }
}

fn block_statements(block: Option<Node<'_>>) -> Vec<Node<'_>> {
    let Some(block) = block else {
        return Vec::new();
    };
    let mut c = block.walk();
    block
        .named_children(&mut c)
        .filter(|n| n.kind() != "comment")
        .collect()
}

/// Top-level functions whose bodies have side effects (write files, run commands).
fn impure_functions(root: Node<'_>, text: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    let mut c = root.walk();
    for stmt in root.named_children(&mut c) {
        if stmt.kind() != "function_definition" {
            continue;
        }
        let name = stmt
            .child_by_field_name("name")
            .map(|n| text[n.byte_range()].to_owned())
            .unwrap_or_default();
        let body = stmt.child_by_field_name("body");
        if body.is_some_and(|b| side_effects_textual(b, text)) {
            out.insert(name);
        }
    }
    out
}

fn side_effects_textual(node: Node<'_>, text: &str) -> bool {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if n.kind() == "call" {
            let callee = n
                .child_by_field_name("function")
                .map_or("", |f| &text[f.byte_range()]);
            let args = n
                .child_by_field_name("arguments")
                .map_or("", |a| &text[a.byte_range()]);
            if IMPURE_CALLS.iter().any(|c| *c == callee && *c != "print")
                || IMPURE_SUFFIXES.iter().any(|s| callee.ends_with(s))
                || callee.starts_with("subprocess.")
                || callee.starts_with("shutil.")
                || ((callee == "open" || callee.ends_with(".open"))
                    && ["'w", "\"w", "'a", "\"a"].iter().any(|m| args.contains(m)))
            {
                return true;
            }
        }
        let mut c = n.walk();
        stack.extend(n.named_children(&mut c));
    }
    false
}

/// One round of dead-code removal; returns the new text and notes, or `None` when nothing
/// more can go.
fn remove_dead_code(
    text: &str,
    setup_call_at: usize,
    python_requires_converted: bool,
    notes: &mut Vec<(usize, String)>,
    original_line: &dyn Fn(usize) -> usize,
) -> Option<(String, Vec<Edit>)> {
    let tree = parse(text);
    let root = tree.root_node();
    let sem = Semantic::build(&tree, text);
    let analysis = Analysis {
        text,
        sem: &sem,
        impure_functions: impure_functions(root, text),
    };
    let mut c = root.walk();
    let statements: Vec<Node<'_>> = root
        .named_children(&mut c)
        .filter(|n| n.kind() != "comment")
        .collect();
    let infos: Vec<Statement> = statements
        .iter()
        .enumerate()
        .map(|(i, s)| {
            if s.byte_range().contains(&setup_call_at) {
                Statement {
                    kind: Kind::Root,
                    defines: analysis.defines_in(*s),
                    reads: analysis.reads_in(*s, &[]),
                    mutates: Vec::new(),
                }
            } else {
                analysis.classify(*s, i == 0)
            }
        })
        .collect();
    let mut live: Vec<bool> = infos
        .iter()
        .map(|s| {
            s.kind == Kind::Root
                || s.kind == Kind::Docstring
                || (s.kind == Kind::VersionGuard && !python_requires_converted)
        })
        .collect();
    let mut live_bindings: HashSet<BindingId> = HashSet::new();
    loop {
        let mut changed = false;
        for (i, s) in infos.iter().enumerate() {
            if live[i] {
                for b in &s.reads {
                    changed |= live_bindings.insert(*b);
                }
                for b in &s.mutates {
                    changed |= live_bindings.insert(*b);
                }
            }
        }
        for (i, s) in infos.iter().enumerate() {
            if !live[i]
                && matches!(s.kind, Kind::Removable | Kind::Import)
                && (s.defines.iter().any(|b| live_bindings.contains(b))
                    || s.mutates.iter().any(|b| live_bindings.contains(b)))
            {
                live[i] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let mut edits: Vec<Edit> = Vec::new();
    let mut doomed_imports: Vec<BindingId> = Vec::new();
    for (i, (stmt, s)) in statements.iter().zip(&infos).enumerate() {
        match s.kind {
            Kind::Import => {
                if live[i] {
                    doomed_imports.extend(s.defines.iter().filter(|b| !live_bindings.contains(b)));
                } else if stmt.kind() != "future_import_statement" {
                    edits.push(delete_statement(text, *stmt));
                }
            }
            Kind::DevCommand => {
                notes.push((original_line(stmt.start_byte()), "removed a development-only command (`python setup.py publish`-style); it never ran during builds".into()));
                edits.push(delete_statement(text, *stmt));
            }
            Kind::VersionGuard if python_requires_converted => {
                notes.push((original_line(stmt.start_byte()), "removed a Python version check: project.requires-python now makes pip refuse older Pythons".into()));
                edits.push(delete_statement(text, *stmt));
            }
            Kind::Removable if !live[i] => edits.push(delete_statement(text, *stmt)),
            _ => {}
        }
    }
    if !doomed_imports.is_empty() {
        let info = FileInfo {
            display_path: "setup.py".into(),
            ..FileInfo::default()
        };
        let editor = ImportEditor::new(text, root, &sem, "\n", &info);
        edits.extend(editor.delete(&doomed_imports));
    }
    if edits.is_empty() {
        return None;
    }
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    edits.dedup();
    let mut merged: Vec<Edit> = Vec::new();
    for e in edits {
        match merged.last_mut() {
            Some(last) if e.range.start < last.range.end => {
                last.range.end = last.range.end.max(e.range.end)
            }
            _ => merged.push(e),
        }
    }
    Some((splice(text, &merged), merged))
}

/// Collapses the blank lines deletions leave behind: at most two in a row, none at the end.
fn tidy_blank_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blanks = 0;
    for line in text.split_inclusive('\n') {
        if line.trim().is_empty() {
            blanks += 1;
            if blanks > 2 {
                continue;
            }
        } else {
            blanks = 0;
        }
        out.push_str(line);
    }
    let trimmed = out.trim_end();
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    format!("{trimmed}{newline}")
}

/// Whether a statement is a `setup()` call without arguments (possibly behind
/// `if __name__ == "__main__":` or in a function that only does that).
fn is_bare_setup(stmt: Node<'_>, text: &str, bare_functions: &[String]) -> bool {
    match stmt.kind() {
        "expression_statement" => stmt.named_child(0).is_some_and(|call| {
            call.kind() == "call"
                && call
                    .child_by_field_name("arguments")
                    .is_some_and(|a| a.named_child_count() == 0)
                && {
                    let callee = &text[call.child_by_field_name("function").unwrap().byte_range()];
                    callee == "setup"
                        || callee.ends_with(".setup")
                        || bare_functions.iter().any(|f| f == callee)
                }
        }),
        "if_statement" => {
            let cond = stmt
                .child_by_field_name("condition")
                .map_or("", |c| &text[c.byte_range()]);
            cond.contains("__name__")
                && stmt.child_by_field_name("alternative").is_none()
                && block_statements(stmt.child_by_field_name("consequence"))
                    .iter()
                    .all(|s| is_bare_setup(*s, text, bare_functions))
        }
        "function_definition" => bare_functions.contains(
            &stmt
                .child_by_field_name("name")
                .map(|n| text[n.byte_range()].to_owned())
                .unwrap_or_default(),
        ),
        _ => false,
    }
}

/// True when nothing is left but a docstring, imports and a bare `setup()`.
fn is_trivial(text: &str) -> bool {
    let tree = parse(text);
    let root = tree.root_node();
    let mut c = root.walk();
    let statements: Vec<Node<'_>> = root
        .named_children(&mut c)
        .filter(|n| n.kind() != "comment")
        .collect();
    let bare_functions: Vec<String> = statements
        .iter()
        .filter(|s| s.kind() == "function_definition")
        .filter(|s| {
            let body: Vec<Node<'_>> = block_statements(s.child_by_field_name("body"))
                .into_iter()
                .filter(|b| {
                    !(b.kind() == "expression_statement"
                        && b.named_child(0).is_some_and(|e| e.kind() == "string"))
                })
                .collect();
            !body.is_empty() && body.iter().all(|b| is_bare_setup(*b, text, &[]))
        })
        .filter_map(|s| {
            s.child_by_field_name("name")
                .map(|n| text[n.byte_range()].to_owned())
        })
        .collect();
    let mut has_setup = false;
    for (i, s) in statements.iter().enumerate() {
        let docstring = i == 0
            && s.kind() == "expression_statement"
            && s.named_child(0)
                .is_some_and(|e| matches!(e.kind(), "string" | "concatenated_string"));
        let import = matches!(
            s.kind(),
            "import_statement" | "import_from_statement" | "future_import_statement"
        );
        if is_bare_setup(*s, text, &bare_functions) {
            has_setup |= s.kind() != "function_definition";
            continue;
        }
        if !docstring && !import {
            return false;
        }
    }
    has_setup
}

/// Whether the script imports a module that lives in the project (a `versioneer.py`, a
/// helper package): it then relies on the project directory being on `sys.path`.
fn imports_project_modules(text: &str, files: &dyn ProjectFiles) -> bool {
    let tree = parse(text);
    let mut stack = vec![tree.root_node()];
    while let Some(n) = stack.pop() {
        let modules: Vec<String> = match n.kind() {
            "import_statement" => {
                let mut c = n.walk();
                n.children_by_field_name("name", &mut c)
                    .map(|m| {
                        let m = m.child_by_field_name("name").unwrap_or(m);
                        text[m.byte_range()].to_owned()
                    })
                    .collect()
            }
            "import_from_statement" => n
                .child_by_field_name("module_name")
                .map(|m| vec![text[m.byte_range()].to_owned()])
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        for m in modules {
            let top = m.split('.').next().unwrap_or("").to_owned();
            if !top.is_empty()
                && !always_available(&top)
                && (files.is_file(&format!("{top}.py")) || files.is_dir(&top))
            {
                return true;
            }
        }
        let mut c = n.walk();
        stack.extend(n.named_children(&mut c));
    }
    false
}

/// Builds the shim from `text` (the current `setup.py`) by deleting `sites`, then the code
/// only they used. `call_start` is the offset of the `setup(` call in `text`.
pub fn build(
    text: &str,
    sites: &[Range<usize>],
    call_start: usize,
    python_requires_converted: bool,
    files: &dyn ProjectFiles,
) -> Result<Shim, String> {
    let (mut current, edits) = delete_sites(text, sites)?;
    let mut call_at = shift(call_start, &edits);
    let mut notes = Vec::new();
    let original = text.to_owned();
    for _ in 0..20 {
        let before = current.clone();
        // Lines are reported in the original file, found by the statement's text.
        let line_in_original = |offset: usize| -> usize {
            let snippet = &before[offset..line_end(&before, offset)];
            original.find(snippet).map_or(0, |i| line_of(&original, i))
        };
        let Some((next, edits)) = remove_dead_code(
            &current,
            call_at,
            python_requires_converted,
            &mut notes,
            &line_in_original,
        ) else {
            break;
        };
        if first_syntax_error(&parse(&next)).is_some() {
            return Err("removing unused code would break setup.py's syntax".into());
        }
        call_at = shift(call_at, &edits);
        current = next;
    }
    let current = tidy_blank_lines(&current);
    if is_trivial(&current) {
        return Ok(Shim {
            text: None,
            notes,
            imports_project_modules: false,
        });
    }
    let imports_project = imports_project_modules(&current, files);
    Ok(Shim {
        text: Some(current),
        notes,
        imports_project_modules: imports_project,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::MemoryFiles;

    fn sites_of(text: &str, needles: &[&str]) -> Vec<Range<usize>> {
        needles
            .iter()
            .map(|n| {
                let i = text.find(n).unwrap_or_else(|| panic!("{n}"));
                i..i + n.len()
            })
            .collect()
    }

    #[test]
    fn removes_arguments_and_dead_code() {
        let text = "\"\"\"Setup.\"\"\"\nimport os\nimport re\nfrom setuptools import setup, find_packages\nfrom mybuild import BuildExt\n\nHERE = os.path.dirname(__file__)\n\n\ndef read(name):\n    with open(os.path.join(HERE, name)) as f:\n        return f.read()\n\n\nsetup(\n    name=\"x\",\n    long_description=read(\"README\"),  # the readme\n    packages=find_packages(),\n    cmdclass={\"build_ext\": BuildExt},\n)\n";
        let sites = sites_of(
            text,
            &[
                "name=\"x\"",
                "long_description=read(\"README\")",
                "packages=find_packages()",
            ],
        );
        let call = text.find("setup(\n").unwrap();
        let fs = MemoryFiles::new().with("mybuild.py", "");
        let shim = build(text, &sites, call, false, &fs).unwrap();
        assert_eq!(
            shim.text.as_deref(),
            Some(
                "\"\"\"Setup.\"\"\"\nfrom setuptools import setup\nfrom mybuild import BuildExt\n\n\nsetup(\n    cmdclass={\"build_ext\": BuildExt},\n)\n"
            )
        );
        assert!(shim.imports_project_modules);
    }

    #[test]
    fn deletes_a_script_with_nothing_left() {
        let text = "#!/usr/bin/env python\nimport sys\nfrom setuptools import setup\n\nif sys.argv[-1] == 'publish':\n    os.system('twine upload dist/*')\n    sys.exit()\n\nif __name__ == '__main__':\n    setup(name='x', version='1')\n";
        let sites = sites_of(text, &["name='x'", "version='1'"]);
        let call = text.find("setup(name").unwrap();
        let shim = build(text, &sites, call, false, &MemoryFiles::new()).unwrap();
        assert_eq!(shim.text, None);
        assert_eq!(shim.notes.len(), 1, "{:?}", shim.notes);
    }

    #[test]
    fn keeps_code_with_unknown_effects() {
        let text = "from setuptools import setup\nimport subprocess\nsubprocess.check_call(['make', 'gen'])\nsetup(name='x')\n";
        let sites = sites_of(text, &["name='x'"]);
        let shim = build(
            text,
            &sites,
            text.find("setup(name").unwrap(),
            false,
            &MemoryFiles::new(),
        )
        .unwrap();
        assert_eq!(
            shim.text.as_deref(),
            Some(
                "from setuptools import setup\nimport subprocess\nsubprocess.check_call(['make', 'gen'])\nsetup()\n"
            )
        );
    }

    #[test]
    fn dict_entries_and_mutations() {
        let text = "from setuptools import setup\nreqs = ['a']\nreqs.append('b')\nkw = dict(name='x', install_requires=reqs)\nkw['ext_modules'] = make_ext()\nsetup(**kw)\n";
        let sites = sites_of(text, &["name='x'", "install_requires=reqs"]);
        let shim = build(
            text,
            &sites,
            text.find("setup(**").unwrap(),
            false,
            &MemoryFiles::new(),
        )
        .unwrap();
        assert_eq!(
            shim.text.as_deref(),
            Some(
                "from setuptools import setup\nkw = dict()\nkw['ext_modules'] = make_ext()\nsetup(**kw)\n"
            )
        );
    }
}
