//! Dead code after the arguments are gone: name resolution over the top-level statements;
//! the `setup()` call and code with unknown effects are live, and so is whatever they need.

use crate::python::stdlib::always_available;
use snakeshift_engine::apply::splice;
use snakeshift_engine::edits::delete_statement;
use snakeshift_engine::fix::Edit;
use snakeshift_engine::imports::ImportEditor;
use snakeshift_engine::parse::parse;
use snakeshift_engine::rewrite::FileInfo;
use snakeshift_engine::semantic::{BindingId, BindingKind, ScopeKind, Semantic};
use std::collections::HashSet;
use tree_sitter::Node;

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    /// Must stay: the `setup()` call, or code whose effect is unknown.
    Root,
    /// Must stay: replaces an attribute of an imported module (`setuptools.command.build_ext.
    /// build_ext = BuildExt`), which changes the build whatever `setup()` receives.
    Patch,
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
    /// Whether the script imports something beyond the standard library and setuptools (or
    /// loads a module by name): a `sys.path` change before it may be how it is found.
    imports_by_path: bool,
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

    /// Whether `ident` is bound by an import (a module, or a name imported from one).
    fn is_imported(&self, ident: Node<'t>) -> bool {
        self.resolve(ident).iter().any(|b| {
            matches!(
                self.sem.binding(*b).kind,
                BindingKind::Import { .. } | BindingKind::FromImport { .. }
            )
        })
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
                        // `deps = kwargs["install_requires"] = [...]`: a chained assignment
                        // also changes what its inner targets name.
                        if right.is_some_and(|r| r.kind() == "assignment") {
                            return s;
                        }
                        s.kind = Kind::Removable;
                        match left {
                            Some(l) if matches!(l.kind(), "subscript" | "attribute") => {
                                let Some(base) = self.mutated_name(l) else {
                                    s.kind = Kind::Root;
                                    return s;
                                };
                                // `setuptools.command.build_ext.build_ext = BuildExt`:
                                // changing an imported module (or what was imported from
                                // one) changes the build itself (monkeypatching), whatever
                                // the script passes to setup().
                                if l.kind() == "attribute" && self.is_imported(base) {
                                    s.kind = Kind::Patch;
                                    return s;
                                }
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
                            // `sys.path.insert(0, os.path.join(HERE, "psutil"))` before
                            // `from _common import LINUX`: the import needs it.
                            if self.imports_by_path && self.callee(expr) != "os.chdir" {
                                return s;
                            }
                            s.kind = Kind::Removable;
                            s.reads = self.reads_in(stmt, &[]);
                            return s;
                        }
                        let callee = self.callee(expr);
                        // `exec(code, ns)` / `exec(code, None, ns)`: it fills `ns`.
                        let namespace =
                            expr.child_by_field_name("arguments").and_then(|a| {
                                match (a.named_child(1), a.named_child(2)) {
                                    (Some(g), Some(l))
                                        if l.kind() == "identifier"
                                            && (g.kind() == "none" || g.kind() == "identifier") =>
                                    {
                                        Some(l)
                                    }
                                    (Some(g), None) if g.kind() == "identifier" => Some(g),
                                    _ => None,
                                }
                            });
                        // `spec.loader.exec_module(module)`: runs a module file into it.
                        if callee.ends_with(".exec_module")
                            && let Some(m) = expr
                                .child_by_field_name("arguments")
                                .and_then(|a| a.named_child(0))
                                .filter(|n| n.kind() == "identifier")
                        {
                            s.kind = Kind::Removable;
                            s.mutates = self.resolve(m);
                            s.reads = self.reads_in(stmt, &[m]);
                            return s;
                        }
                        if (callee == "exec" || callee == "execfile")
                            && let Some(ns) = namespace
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
            "try_statement" if is_import_guard(stmt, self.text) => {
                // `try: import x / except ImportError: sys.exit(...)`: only checks that
                // something imports (a removed 2to3 helper, a fallback); it goes when nothing
                // live uses what it imports.
                s.kind = Kind::Removable;
                s.defines = self.defines_in(stmt);
                s.reads = self.reads_in(stmt, &[]);
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

/// A `try` whose body only imports and whose handlers only import something else, pass, or
/// give up (`sys.exit(...)`, `raise`, `print(...)`).
pub(super) fn is_import_guard(stmt: Node<'_>, text: &str) -> bool {
    let is_import = |n: &Node<'_>| {
        matches!(
            n.kind(),
            "import_statement" | "import_from_statement" | "future_import_statement"
        )
    };
    let gives_up = |n: &Node<'_>| {
        is_import(n)
            || matches!(n.kind(), "pass_statement" | "raise_statement")
            || (n.kind() == "expression_statement" && {
                let t = &text[n.byte_range()];
                t.starts_with("sys.exit(")
                    || t.starts_with("exit(")
                    || t.starts_with("print(")
                    || t.starts_with("warnings.warn(")
            })
    };
    let body = block_statements(stmt.child_by_field_name("body"));
    if body.is_empty() || !body.iter().all(is_import) {
        return false;
    }
    let mut c = stmt.walk();
    let clauses: Vec<Node<'_>> = stmt.named_children(&mut c).skip(1).collect();
    !clauses.is_empty()
        && clauses.iter().all(|clause| {
            clause.kind() == "except_clause" && {
                let mut c = clause.walk();
                let block = clause.named_children(&mut c).find(|n| n.kind() == "block");
                let inner = block_statements(block);
                !inner.is_empty() && inner.iter().all(gives_up)
            }
        })
}

pub(super) fn block_statements(block: Option<Node<'_>>) -> Vec<Node<'_>> {
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
/// Whether the script imports a module that is neither the standard library's nor setuptools'
/// (anywhere, also inside functions), or loads one by name.
fn imports_by_path(root: Node<'_>, text: &str) -> bool {
    let by_name = [
        "__import__(",
        "import_module(",
        "get_module_constant(",
        "find_module(",
    ];
    if by_name.iter().any(|m| text.contains(m)) {
        return true;
    }
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        let modules: Vec<Node<'_>> = match n.kind() {
            "import_statement" => {
                let mut c = n.walk();
                n.children_by_field_name("name", &mut c)
                    .map(|m| m.child_by_field_name("name").unwrap_or(m))
                    .collect()
            }
            "import_from_statement" => n.child_by_field_name("module_name").into_iter().collect(),
            _ => Vec::new(),
        };
        for m in modules {
            let name = &text[m.byte_range()];
            if !name.starts_with('.') && !always_available(name) {
                return true;
            }
        }
        let mut c = n.walk();
        stack.extend(n.named_children(&mut c));
    }
    false
}

pub(super) fn remove_dead_code(
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
        imports_by_path: imports_by_path(root, text),
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
                || s.kind == Kind::Patch
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
            Kind::Patch => {
                let target = stmt
                    .named_child(0)
                    .and_then(|a| a.child_by_field_name("left"))
                    .map_or("", |l| &text[l.byte_range()]);
                let line = original_line(stmt.start_byte());
                let note = format!(
                    "kept: `{target} = ...` replaces part of an imported module (monkeypatching the build), so setup.py stays with it and with everything it uses"
                );
                if !notes.iter().any(|(l, n)| *l == line && *n == note) {
                    notes.push((line, note));
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
