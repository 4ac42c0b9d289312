//! Name resolution: scopes, bindings and references, following Python's scoping rules.
//!
//! Every identifier in load position becomes a [`Reference`] resolved to the bindings it may
//! refer to: a name bound anywhere in a function is local to it, class bodies are skipped by
//! nested scopes, `global` redirects to the module, comprehensions have their own scope (their
//! first iterable excepted) and `:=` binds outside the comprehension. Resolution is
//! flow-insensitive: a name bound twice in a scope resolves to both bindings, and callers treat
//! that as uncertain.

use crate::mask::Coverage;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use tree_sitter::{Node, Tree};

pub type ScopeId = usize;
pub type BindingId = usize;
pub type ReferenceId = usize;

/// Deeper nesting than this is not analysed (the file is reported instead).
const MAX_DEPTH: usize = 20_000;
/// Recursion grows its stack on the heap when less than this is left…
const STACK_RED_ZONE: usize = 128 * 1024;
/// …by this much at a time.
const STACK_GROWTH: usize = 4 * 1024 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeKind {
    Module,
    Class,
    Function,
    Comprehension,
}

#[derive(Debug)]
pub struct Scope<'t> {
    pub kind: ScopeKind,
    pub parent: Option<ScopeId>,
    pub node: Node<'t>,
    names: HashMap<String, Vec<BindingId>>,
    globals: HashSet<String>,
    nonlocals: HashSet<String>,
    /// Modules imported with `from m import *` in this scope.
    pub star_imports: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BindingKind {
    /// `import a.b.c` binds `a` (not aliased); `import a.b as c` binds `c` (aliased).
    Import { module: String, aliased: bool },
    /// `from m import n` or `from m import n as a`.
    FromImport { module: String, member: String },
    /// Assignment, definition, parameter, loop or `with` target, pattern capture…
    Other,
    /// `del x`.
    Deletion,
}

#[derive(Debug)]
pub struct Binding<'t> {
    pub name: String,
    pub kind: BindingKind,
    pub scope: ScopeId,
    /// The node that introduces the name (identifier, `dotted_name` or `aliased_import`).
    pub node: Node<'t>,
    /// For imports, the import statement.
    pub statement: Option<Node<'t>>,
}

impl Binding<'_> {
    /// The fully qualified name this binding stands for, when it is an import.
    pub fn qualified_name(&self) -> Option<String> {
        match &self.kind {
            BindingKind::Import { module, aliased } => Some(if *aliased {
                module.clone()
            } else {
                self.name.clone()
            }),
            BindingKind::FromImport { module, member } => Some(format!("{module}.{member}")),
            BindingKind::Other | BindingKind::Deletion => None,
        }
    }

    pub fn is_import(&self) -> bool {
        matches!(
            self.kind,
            BindingKind::Import { .. } | BindingKind::FromImport { .. }
        )
    }
}

#[derive(Debug)]
pub struct Reference<'t> {
    pub node: Node<'t>,
    pub name: String,
    pub scope: ScopeId,
    /// Every binding the name may refer to; empty for builtins and undefined names.
    pub bindings: Vec<BindingId>,
}

/// Whether `text` holds `name` as a word: `Some(true)` as a name of its own, `Some(false)`
/// only after a dot (an attribute), `None` not at all.
fn word_in(text: &str, name: &str) -> Option<bool> {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut seen = None;
    for (at, _) in text.match_indices(name) {
        let before = text[..at].chars().next_back();
        let after = text[at + name.len()..].chars().next();
        if before.is_some_and(is_ident) || after.is_some_and(is_ident) {
            continue;
        }
        let dotted = text[..at].trim_end().ends_with('.');
        if !dotted {
            return Some(true);
        }
        seen = Some(false);
    }
    seen
}

/// The first part of a dotted name (`os` for `os.path`).
fn root_name(name: &str) -> &str {
    name.split('.').next().unwrap_or(name)
}

/// The name-resolution model of one parsed file.
#[derive(Debug)]
pub struct Semantic<'t> {
    text: &'t str,
    scopes: Vec<Scope<'t>>,
    bindings: Vec<Binding<'t>>,
    references: Vec<Reference<'t>>,
    reference_at: HashMap<usize, ReferenceId>,
    binding_references: Vec<Vec<ReferenceId>>,
    /// Import statement start → the bindings it creates.
    statement_bindings: HashMap<usize, Vec<BindingId>>,
    /// Names used inside string annotations (`x: "typing.List[Foo]"`).
    string_uses: Vec<StringUse>,
    /// For each binding, the string uses that may refer to it.
    binding_string_uses: Vec<Vec<usize>>,
    /// Types this model cannot read name by name: every `# type: ...` comment (after
    /// `type:`), and string annotations with escapes or interpolations.
    unread_types: Vec<&'t str>,
    used_names: HashSet<String>,
    dunder_all: Vec<String>,
    /// Byte ranges of the bodies of `if TYPE_CHECKING:` (or `typing.TYPE_CHECKING`).
    type_checking_blocks: Vec<Range<usize>>,
    future_annotations: bool,
    incomplete: bool,
    /// For a tree of part of the file: which names it resolves exactly.
    coverage: Option<&'t Coverage>,
    /// Names some import binds (every import statement is parsed, even in part of a file).
    imported_names: HashSet<String>,
}

impl<'t> Semantic<'t> {
    pub fn build(tree: &'t Tree, text: &'t str) -> Semantic<'t> {
        Semantic::build_with(tree, text, None)
    }

    /// Name resolution for a tree that covers only part of the file ([`crate::mask`]): every
    /// question about a name tells `coverage`, which records the names not covered.
    pub fn build_partial(tree: &'t Tree, text: &'t str, coverage: &'t Coverage) -> Semantic<'t> {
        Semantic::build_with(tree, text, Some(coverage))
    }

    fn build_with(tree: &'t Tree, text: &'t str, coverage: Option<&'t Coverage>) -> Semantic<'t> {
        let root = tree.root_node();
        let mut b = Builder {
            text,
            sem: Semantic {
                text,
                scopes: vec![Scope::new(ScopeKind::Module, None, root)],
                bindings: Vec::new(),
                references: Vec::new(),
                reference_at: HashMap::new(),
                binding_references: Vec::new(),
                statement_bindings: HashMap::new(),
                string_uses: Vec::new(),
                binding_string_uses: Vec::new(),
                unread_types: Vec::new(),
                used_names: HashSet::new(),
                dunder_all: Vec::new(),
                type_checking_blocks: Vec::new(),
                future_annotations: false,
                incomplete: false,
                coverage,
                imported_names: HashSet::new(),
            },
            at: Whereabouts::default(),
        };
        b.visit_children(root, 0, 0);
        let mut sem = b.sem;
        sem.resolve();
        sem.imported_names = sem
            .bindings
            .iter()
            .filter(|b| b.is_import())
            .map(|b| b.name.clone())
            .collect();
        sem
    }

    /// True when the file nests deeper than the analysis follows; nothing may be rewritten.
    pub fn is_incomplete(&self) -> bool {
        self.incomplete
    }

    pub fn binding(&self, id: BindingId) -> &Binding<'t> {
        &self.bindings[id]
    }

    pub fn bindings(&self) -> impl Iterator<Item = (BindingId, &Binding<'t>)> {
        self.bindings.iter().enumerate()
    }

    /// Every binding of `name`, in any scope.
    pub fn bindings_named<'s>(
        &'s self,
        name: &'s str,
    ) -> impl Iterator<Item = (BindingId, &'s Binding<'t>)> {
        self.require_bindings(name, None);
        self.bindings().filter(move |(_, b)| b.name == name)
    }

    /// Tells the coverage that an answer depends on every binding of `name` visible from
    /// byte `at` (anywhere with `None`).
    pub fn require_bindings(&self, name: &str, at: Option<usize>) {
        if let Some(c) = self.coverage {
            c.require_bindings(self.text, root_name(name), at);
        }
    }

    /// Tells the coverage that an answer depends on every use of the binding's name in its
    /// scope.
    fn require_uses(&self, binding: BindingId) {
        if let Some(c) = self.coverage {
            let b = &self.bindings[binding];
            let scope = if b.scope == 0 {
                0..self.text.len()
            } else {
                self.scopes[b.scope].node.byte_range()
            };
            c.require_uses(self.text, root_name(&b.name), scope);
        }
    }

    /// Tells the coverage that an answer depends on every occurrence of the word `word` in
    /// `range` (the attribute of `self.attr` read anywhere in a class, say): a tree of part of
    /// the file then gets those lines too.
    pub fn require_word(&self, word: &str, range: Range<usize>) {
        if let Some(c) = self.coverage {
            c.require_uses(self.text, word, range);
        }
    }

    pub fn reference(&self, id: ReferenceId) -> &Reference<'t> {
        &self.references[id]
    }

    pub fn scope(&self, id: ScopeId) -> &Scope<'t> {
        &self.scopes[id]
    }

    /// The references that may resolve to `binding`.
    pub fn references_to(&self, binding: BindingId) -> &[ReferenceId] {
        self.require_uses(binding);
        &self.binding_references[binding]
    }

    /// The bindings created by an import statement, in source order.
    pub fn bindings_of_statement(&self, statement: Node<'t>) -> Vec<BindingId> {
        self.statement_bindings
            .get(&statement.start_byte())
            .into_iter()
            .flatten()
            .copied()
            .filter(|&id| {
                self.bindings[id]
                    .statement
                    .is_some_and(|s| s.id() == statement.id())
            })
            .collect()
    }

    /// The reference an identifier node of this file's tree is, if it is one.
    pub fn reference_of(&self, identifier: Node<'_>) -> Option<ReferenceId> {
        self.require_bindings(
            &self.text[identifier.byte_range()],
            Some(identifier.start_byte()),
        );
        self.reference_at
            .get(&identifier.start_byte())
            .copied()
            .filter(|&r| self.references[r].node.byte_range() == identifier.byte_range())
    }

    /// The innermost scope containing a byte offset.
    pub fn scope_at(&self, offset: usize) -> ScopeId {
        // Scopes are made outer first; on equal ranges the inner one wins (a masked parse's
        // module can span exactly its only function).
        let mut best = 0;
        for (id, scope) in self.scopes.iter().enumerate().skip(1) {
            let r = scope.node.byte_range();
            if r.start <= offset
                && offset < r.end
                && r.len() <= self.scopes[best].node.byte_range().len()
            {
                best = id;
            }
        }
        best
    }

    /// True when `name` is neither bound nor referenced anywhere in the file, so a new
    /// module-level binding of it cannot capture or shadow anything.
    pub fn is_name_free(&self, name: &str) -> bool {
        if let Some(c) = self.coverage {
            c.require_uses(self.text, root_name(name), 0..self.text.len());
        }
        !self.used_names.contains(name)
    }

    /// Whether any scope has a `from m import *`.
    pub fn has_star_import(&self) -> bool {
        self.scopes.iter().any(|s| !s.star_imports.is_empty())
    }

    /// Whether the module binds `__all__` (a star import then exports only those names).
    pub fn defines_dunder_all(&self) -> bool {
        self.scopes[0].names.contains_key("__all__")
    }

    /// The strings of a literal module-level `__all__`.
    pub fn dunder_all(&self) -> &[String] {
        &self.dunder_all
    }

    /// Whether a byte offset lies in the body of an `if TYPE_CHECKING:` block.
    pub fn in_type_checking_block(&self, offset: usize) -> bool {
        self.type_checking_blocks
            .iter()
            .any(|r| r.start <= offset && offset < r.end)
    }

    /// `from __future__ import annotations` is present.
    pub fn future_annotations(&self) -> bool {
        self.future_annotations
    }

    /// The bindings a name resolves to when looked up from `scope`.
    pub fn lookup(&self, scope: ScopeId, name: &str) -> &[BindingId] {
        self.require_bindings(name, Some(self.scopes[scope].node.start_byte()));
        self.lookup_unchecked(scope, name)
    }

    /// [`Semantic::lookup`] while building, before anyone asks.
    fn lookup_unchecked(&self, scope: ScopeId, name: &str) -> &[BindingId] {
        let mut current = scope;
        let mut first = true;
        loop {
            let s = &self.scopes[current];
            if s.globals.contains(name) {
                return self.scopes[0].names.get(name).map_or(&[], Vec::as_slice);
            }
            let visible = first || s.kind != ScopeKind::Class;
            if visible
                && !s.nonlocals.contains(name)
                && let Some(ids) = s.names.get(name)
            {
                return ids;
            }
            first = false;
            match s.parent {
                Some(p) => current = p,
                None => return &[],
            }
        }
    }

    /// The qualified name an expression refers to: `os.path.join` for `os.path.join` after
    /// `import os`, `shutil.which` for `w` after `from shutil import which as w`. `None` when
    /// the expression is not a (chain of attributes on a) name bound by imports, or when the
    /// name is bound more than once to different things.
    pub fn qualified_name(&self, node: Node<'_>) -> Option<String> {
        match node.kind() {
            // Only imports give a name a qualified name: a name no import binds has none,
            // whatever else binds it.
            "identifier" if !self.imported_names.contains(&self.text[node.byte_range()]) => None,
            "identifier" => {
                let r = self.reference_of(node)?;
                self.qualified_name_of_reference(r)
            }
            "attribute" => {
                let object = node.child_by_field_name("object")?;
                let attr = node.child_by_field_name("attribute")?;
                let base = self.qualified_name(object)?;
                Some(format!("{base}.{}", &self.text[attr.byte_range()]))
            }
            _ => None,
        }
    }

    /// The qualified name of a reference, if all its bindings agree on one.
    pub fn qualified_name_of_reference(&self, r: ReferenceId) -> Option<String> {
        let node = self.references[r].node;
        self.require_bindings(&self.text[node.byte_range()], Some(node.start_byte()));
        let ids = &self.references[r].bindings;
        let first = self.bindings[*ids.first()?].qualified_name()?;
        ids[1..]
            .iter()
            .all(|&b| self.bindings[b].qualified_name().as_deref() == Some(first.as_str()))
            .then_some(first)
    }

    /// Whether an import binding is still needed: for `import a.b.c` (not aliased) the
    /// statement is needed while some reference goes through `a.b.c`, or while it is the only
    /// binding of `a` in its scope and `a` is used at all.
    pub fn is_import_used(&self, id: BindingId) -> bool {
        self.require_uses(id);
        self.is_import_used_unchecked(id)
    }

    /// [`Semantic::is_import_used`] without telling the coverage: for facts gathered about
    /// every import, each checked against the coverage when it is consulted.
    pub fn is_import_used_unchecked(&self, id: BindingId) -> bool {
        let binding = &self.bindings[id];
        let refs = &self.binding_references[id];
        let used = !refs.is_empty() || !self.binding_string_uses[id].is_empty();
        match &binding.kind {
            BindingKind::Import {
                module,
                aliased: false,
            } if module.contains('.') => {
                if self.is_used_through_module(id) {
                    return true;
                }
                let siblings = self.scopes[binding.scope].names[&binding.name]
                    .iter()
                    .filter(|&&other| other != id && self.bindings[other].is_import())
                    .count();
                siblings == 0 && used
            }
            BindingKind::Import { aliased: false, .. } => {
                // `import a` is redundant next to a used `import a.x`, which binds `a` too.
                let covered = self.scopes[binding.scope].names[&binding.name]
                    .iter()
                    .any(|&other| other != id && self.is_used_through_module(other));
                used && !covered
            }
            _ => used,
        }
    }

    /// [`Semantic::is_import_used`] once the references in `gone` no longer exist (the
    /// fixes of a pass replace them). Only bindings of `from m import x` and of an undotted
    /// `import m` can be told this way (see [`Semantic::references_removed_by`]).
    pub fn is_import_used_without(&self, id: BindingId, gone: &HashSet<ReferenceId>) -> bool {
        self.require_uses(id);
        if !self.binding_references[id].iter().any(|r| gone.contains(r)) {
            return self.is_import_used_unchecked(id);
        }
        self.binding_references[id]
            .iter()
            .any(|r| !gone.contains(r))
            || !self.binding_string_uses[id].is_empty()
    }

    /// The references that replacing each range of `replaced` by its text removes: those
    /// inside a replaced range whose name the new text does not hold as a word. `None` when
    /// the text alone cannot tell: the new text holds the name only after a dot (an attribute,
    /// not a use), or a removed reference resolves to a binding whose use is judged through
    /// the whole dotted chain (`import a.b`, or several imports binding one name).
    pub fn references_removed_by(
        &self,
        replaced: &[(Range<usize>, &str)],
    ) -> Option<HashSet<ReferenceId>> {
        let mut replaced = replaced.to_vec();
        replaced.sort_by_key(|(e, _)| e.start);
        let mut gone = HashSet::new();
        for (id, r) in self.references.iter().enumerate() {
            let range = r.node.byte_range();
            // The replaced ranges do not overlap: the last one starting before the reference.
            let i = replaced.partition_point(|(e, _)| e.start <= range.start);
            let Some((_, new)) = i
                .checked_sub(1)
                .map(|i| &replaced[i])
                .filter(|(e, _)| range.end <= e.end)
            else {
                continue;
            };
            let name = root_name(&r.name);
            match word_in(new, name) {
                Some(true) => continue,
                Some(false) => return None,
                None => {}
            }
            for &b in &r.bindings {
                let binding = &self.bindings[b];
                let judged_by_chain = match &binding.kind {
                    BindingKind::Import {
                        module,
                        aliased: false,
                    } => {
                        module.contains('.')
                            || self.scopes[binding.scope].names[&binding.name]
                                .iter()
                                .any(|&other| other != b && self.bindings[other].is_import())
                    }
                    _ => false,
                };
                if judged_by_chain {
                    return None;
                }
            }
            gone.insert(id);
        }
        Some(gone)
    }

    /// The byte ranges, in the file, of the binding's name at every use inside a string
    /// annotation (or a `cast()` / `TypeVar()` type string), so that renaming the binding can
    /// rename them too; `None` when one of them cannot be edited in place (a string with
    /// escapes, or a name that may also refer to another binding there).
    pub fn string_use_ranges(&self, id: BindingId) -> Option<Vec<Range<usize>>> {
        self.require_uses(id);
        let binding = &self.bindings[id];
        let qualified = binding.qualified_name();
        let mut ranges = Vec::new();
        for &u in &self.binding_string_uses[id] {
            let StringUse {
                scope,
                ref chain,
                at,
            } = self.string_uses[u];
            let at = at?;
            let same = self.lookup_unchecked(scope, &chain[0]).iter().all(|&b| {
                b == id || (qualified.is_some() && self.bindings[b].qualified_name() == qualified)
            });
            if !same {
                return None;
            }
            ranges.push(at..at + binding.name.len());
        }
        Some(ranges)
    }

    /// Whether a `# type:` comment, or a string annotation this model cannot read (escapes,
    /// interpolation), mentions `name` as a word: type checkers read those, so the name must
    /// stay bound.
    pub fn unread_types_mention(&self, name: &str) -> bool {
        self.require_word(name, 0..self.text.len());
        self.unread_types.iter().any(|c| {
            crate::scan::word_occurrences(c.as_bytes(), name.as_bytes())
                .next()
                .is_some()
        })
    }

    /// `import a.b` (not aliased) with a use that goes through `a.b`.
    fn is_used_through_module(&self, id: BindingId) -> bool {
        let BindingKind::Import {
            module,
            aliased: false,
        } = &self.bindings[id].kind
        else {
            return false;
        };
        module.contains('.')
            && (self.binding_references[id].iter().any(|&r| {
                attribute_chain(self.references[r].node, self.text)
                    .iter()
                    .any(|(_, dotted)| dotted == module)
            }) || self.binding_string_uses[id]
                .iter()
                .any(|&u| self.string_uses[u].chain.iter().any(|d| d == module)))
    }

    fn resolve(&mut self) {
        self.binding_references = vec![Vec::new(); self.bindings.len()];
        for r in 0..self.references.len() {
            let ids = self
                .lookup_unchecked(self.references[r].scope, &self.references[r].name)
                .to_vec();
            for &b in &ids {
                self.binding_references[b].push(r);
            }
            self.references[r].bindings = ids;
        }
        self.binding_string_uses = vec![Vec::new(); self.bindings.len()];
        for u in 0..self.string_uses.len() {
            let StringUse {
                scope, ref chain, ..
            } = self.string_uses[u];
            let name = chain[0].clone();
            for &b in self.lookup_unchecked(scope, &name).to_vec().iter() {
                self.binding_string_uses[b].push(u);
            }
        }
    }
}

/// A name used inside a string annotation: its scope and the dotted chain it heads
/// (`["typing", "typing.List"]` for `typing.List[int]`).
#[derive(Debug)]
struct StringUse {
    scope: ScopeId,
    chain: Vec<String>,
    /// Where the name starts in the file, when the string's content is its source text.
    at: Option<usize>,
}

/// How deep string annotations inside string annotations are followed.
const MAX_STRING_NESTING: usize = 3;

/// The content of a string literal whose text is its value: no escapes or interpolation, an
/// optional `r`/`u` prefix, single or triple quotes (only triple-quoted content may span
/// lines): (its offset in `text`, the content).
pub fn verbatim_string_content<'a>(text: &'a str, string: Node<'_>) -> Option<(usize, &'a str)> {
    if string.kind() != "string" {
        return None;
    }
    let mut cursor = string.walk();
    let children: Vec<Node<'_>> = string.named_children(&mut cursor).collect();
    let start = children.first().filter(|c| c.kind() == "string_start")?;
    let opening = text[start.byte_range()].trim_start_matches(['r', 'R', 'u', 'U']);
    let triple = match opening {
        "\"" | "'" => false,
        "\"\"\"" | "'''" => true,
        _ => return None,
    };
    if !triple && string.start_position().row != string.end_position().row {
        return None;
    }
    match children.as_slice() {
        [_, content, end] if content.kind() == "string_content" && end.kind() == "string_end" => {
            if content.named_child_count() > 0 {
                return None;
            }
            let value = &text[content.byte_range()];
            // A raw string keeps its backslashes, which no type expression holds.
            if value.contains('\\') {
                return None;
            }
            Some((content.start_byte(), value))
        }
        _ => None,
    }
}

/// Whether a string of the file is read as a type by whatever evaluates annotations: one inside
/// an annotation, or a type passed to `cast()`, `TypeVar()` or `NewType()`. `Some(typed)` when it
/// is, `typed` telling whether it is a type expression itself (not `Literal["x"]`).
fn string_annotation_kind(text: &str, string: Node<'_>) -> Option<bool> {
    if is_typing_call_string(text, string) {
        return Some(true);
    }
    let mut node = string;
    while let Some(parent) = node.parent() {
        if parent.kind() == "type" {
            return Some(is_type_expression_string(text, string));
        }
        if matches!(
            parent.kind(),
            "block" | "module" | "lambda" | "function_definition" | "class_definition"
        ) || parent.kind().ends_with("_statement")
        {
            return None;
        }
        node = parent;
    }
    None
}

/// Whether a string inside an annotation is itself a type expression (a forward reference),
/// rather than a value: the argument of `Literal[...]`, the metadata of `Annotated[T, ...]`, an
/// argument of a call. The walk stops at the annotation's root, or at the root of a string
/// annotation's own parsed content.
pub fn is_type_expression_string(text: &str, string: Node<'_>) -> bool {
    is_type_expression_part(text, string)
}

/// Whether a node inside an annotation (or a string annotation's content) is part of the type
/// expression, rather than a value inside it: see [`is_type_expression_string`].
pub fn is_type_expression_part(text: &str, string: Node<'_>) -> bool {
    let mut node = string;
    while let Some(parent) = node.parent() {
        match parent.kind() {
            "argument_list" | "keyword_argument" | "lambda" => {
                return node.id() == string.id() && is_typing_call_argument(text, string);
            }
            "module" | "block" | "expression_statement" => return true,
            k if k.ends_with("_statement") || k.ends_with("_definition") => return true,
            _ => {}
        }
        let generic = match parent.kind() {
            "generic_type" => parent.named_child(0),
            "subscript" => parent.child_by_field_name("value"),
            _ => None,
        };
        if let Some(name) = generic.filter(|n| n.id() != node.id()) {
            let last = text[name.byte_range()]
                .rsplit('.')
                .next()
                .unwrap_or_default();
            if last == "Literal" {
                return false;
            }
            if last == "Annotated" {
                // Only the first argument is a type: for `generic_type` the path runs through
                // `type_parameter`, whose first `type` child is that argument.
                let first_arg = match parent.kind() {
                    "subscript" => parent.child_by_field_name("subscript"),
                    _ => {
                        let params = parent.named_child(1);
                        let mut cursor = string.walk();
                        params.and_then(|p| {
                            p.named_children(&mut cursor).find(|c| c.kind() == "type")
                        })
                    }
                };
                let on_path = first_arg.is_some_and(|f| {
                    f.start_byte() <= string.start_byte() && string.end_byte() <= f.end_byte()
                });
                if !on_path {
                    return false;
                }
            }
        }
        if parent.kind() == "type"
            && parent
                .parent()
                .is_none_or(|g| !matches!(g.kind(), "type_parameter" | "generic_type" | "type"))
        {
            return true;
        }
        node = parent;
    }
    true
}

/// Whether a string is a type passed to a typing call: the first argument of `cast()`, the
/// `bound=` or a constraint of `TypeVar()`, the type of `NewType()` (matched by the callee's
/// last name, as a type checker would read them).
pub fn is_typing_call_string(text: &str, string: Node<'_>) -> bool {
    string.kind() == "string" && is_typing_call_argument(text, string)
}

/// Whether an expression is a type passed to a typing call (see [`is_typing_call_string`]).
pub fn is_typing_call_argument(text: &str, string: Node<'_>) -> bool {
    let Some(parent) = string.parent() else {
        return false;
    };
    let (list, keyword) = match parent.kind() {
        "argument_list" => (parent, None),
        "keyword_argument" => (
            match parent.parent() {
                Some(l) if l.kind() == "argument_list" => l,
                _ => return false,
            },
            parent
                .child_by_field_name("name")
                .map(|n| &text[n.byte_range()]),
        ),
        _ => return false,
    };
    let Some(function) = list
        .parent()
        .filter(|c| c.kind() == "call")
        .and_then(|c| c.child_by_field_name("function"))
    else {
        return false;
    };
    let callee = text[function.byte_range()]
        .rsplit('.')
        .next()
        .unwrap_or_default();
    if !matches!(callee, "cast" | "TypeVar" | "NewType") {
        return false;
    }
    let mut cursor = list.walk();
    let index = list
        .named_children(&mut cursor)
        .filter(|c| c.kind() != "comment")
        .position(|c| c.id() == string.id());
    match (callee, keyword, index) {
        ("cast", None, Some(0)) => true,
        ("TypeVar", Some("bound"), _) => true,
        ("TypeVar", None, Some(i)) => i >= 1,
        ("NewType", None, Some(1)) => true,
        _ => false,
    }
}

/// The dotted attribute chain an identifier heads: for `a` in `a.b.c(…)`, the nodes `a`,
/// `a.b`, `a.b.c` with their dotted text.
pub fn attribute_chain<'t>(identifier: Node<'t>, text: &str) -> Vec<(Node<'t>, String)> {
    let mut chain = vec![(identifier, text[identifier.byte_range()].to_owned())];
    let mut current = identifier;
    while let Some(parent) = current.parent() {
        if parent.kind() != "attribute"
            || parent.child_by_field_name("object").map(|o| o.id()) != Some(current.id())
        {
            break;
        }
        let Some(attr) = parent.child_by_field_name("attribute") else {
            break;
        };
        let dotted = format!("{}.{}", chain.last().unwrap().1, &text[attr.byte_range()]);
        chain.push((parent, dotted));
        current = parent;
    }
    chain
}

impl<'t> Scope<'t> {
    fn new(kind: ScopeKind, parent: Option<ScopeId>, node: Node<'t>) -> Self {
        Scope {
            kind,
            parent,
            node,
            names: HashMap::new(),
            globals: HashSet::new(),
            nonlocals: HashSet::new(),
            star_imports: Vec::new(),
        }
    }

    pub fn byte_range(&self) -> Range<usize> {
        self.node.byte_range()
    }
}

struct Builder<'t> {
    text: &'t str,
    sem: Semantic<'t>,
    /// Where the visit is, for strings (see [`Whereabouts`]).
    at: Whereabouts,
}

/// What the ancestors of the node being visited say about a string there: asking the tree
/// (`Node::parent` descends from the root each time) for every string of a file cost several
/// per cent of a run. The flags only ever rule a string out; where one is set, the string is
/// judged by [`string_annotation_kind`] as before.
#[derive(Clone, Copy, Default)]
struct Whereabouts {
    /// Inside a `type` node (an annotation), with no `lambda` or statement in between.
    in_type: bool,
    /// The nearest enclosing call is `cast()`, `TypeVar()` or `NewType()` (by last name).
    in_typing_call: bool,
}

impl<'t> Builder<'t> {
    fn text(&self, node: Node<'t>) -> &str {
        &self.text[node.byte_range()]
    }

    fn new_scope(&mut self, kind: ScopeKind, parent: ScopeId, node: Node<'t>) -> ScopeId {
        self.sem.scopes.push(Scope::new(kind, Some(parent), node));
        self.sem.scopes.len() - 1
    }

    fn bind(
        &mut self,
        name: &str,
        node: Node<'t>,
        scope: ScopeId,
        kind: BindingKind,
        statement: Option<Node<'t>>,
    ) {
        let scope = if self.sem.scopes[scope].globals.contains(name) {
            0
        } else {
            scope
        };
        let id = self.sem.bindings.len();
        if let Some(stmt) = statement {
            self.sem
                .statement_bindings
                .entry(stmt.start_byte())
                .or_default()
                .push(id);
        }
        self.sem.bindings.push(Binding {
            name: name.to_owned(),
            kind,
            scope,
            node,
            statement,
        });
        self.sem.scopes[scope]
            .names
            .entry(name.to_owned())
            .or_default()
            .push(id);
        self.sem.used_names.insert(name.to_owned());
    }

    fn bind_identifier(&mut self, node: Node<'t>, scope: ScopeId) {
        let name = self.text(node).to_owned();
        self.bind(&name, node, scope, BindingKind::Other, None);
    }

    fn reference(&mut self, node: Node<'t>, scope: ScopeId) {
        let name = self.text(node).to_owned();
        self.sem.used_names.insert(name.clone());
        self.sem
            .reference_at
            .insert(node.start_byte(), self.sem.references.len());
        self.sem.references.push(Reference {
            node,
            name,
            scope,
            bindings: Vec::new(),
        });
    }

    fn visit_children(&mut self, node: Node<'t>, scope: ScopeId, depth: usize) {
        let mut cursor = node.walk();
        if !cursor.goto_first_child() {
            return;
        }
        loop {
            let child = cursor.node();
            if child.is_named() {
                self.visit(child, scope, depth + 1);
            }
            if !cursor.goto_next_sibling() {
                break;
            }
        }
    }

    fn visit_field(&mut self, node: Node<'t>, field: &str, scope: ScopeId, depth: usize) {
        let mut cursor = node.walk();
        if !cursor.goto_first_child() {
            return;
        }
        loop {
            if cursor.field_name() == Some(field) {
                self.visit(cursor.node(), scope, depth + 1);
            }
            if !cursor.goto_next_sibling() {
                break;
            }
        }
    }

    fn visit(&mut self, node: Node<'t>, scope: ScopeId, depth: usize) {
        if depth > MAX_DEPTH {
            self.sem.incomplete = true;
            return;
        }
        stacker::maybe_grow(STACK_RED_ZONE, STACK_GROWTH, || {
            self.visit_node(node, scope, depth)
        });
    }

    fn visit_node(&mut self, node: Node<'t>, scope: ScopeId, depth: usize) {
        let outer = self.at;
        match node.kind() {
            "type" => self.at.in_type = true,
            "call" => {
                self.at.in_typing_call = node.child_by_field_name("function").is_some_and(|f| {
                    let callee = self.text(f).rsplit('.').next().unwrap_or_default();
                    matches!(callee, "cast" | "TypeVar" | "NewType")
                })
            }
            "block" | "module" | "lambda" | "function_definition" | "class_definition" => {
                self.at.in_type = false
            }
            k if k.ends_with("_statement") => self.at.in_type = false,
            _ => {}
        }
        self.visit_node_here(node, scope, depth);
        self.at = outer;
    }

    fn visit_node_here(&mut self, node: Node<'t>, scope: ScopeId, depth: usize) {
        let may_be_type = self.at.in_type || self.at.in_typing_call;
        debug_assert!(
            may_be_type
                || node.kind() != "string"
                || string_annotation_kind(self.text, node).is_none(),
            "a string annotation the whereabouts rule out at {:?}",
            node.byte_range()
        );
        if node.kind() == "string"
            && may_be_type
            && let Some(typed) = string_annotation_kind(self.text, node)
        {
            match verbatim_string_content(self.text, node) {
                Some((offset, content)) => {
                    self.string_annotation(content, Some(offset), typed, scope, 0)
                }
                None if typed => {
                    let text: &'t str = self.text;
                    self.sem.unread_types.push(&text[node.byte_range()]);
                    self.visit_children(node, scope, depth);
                }
                None => self.visit_children(node, scope, depth),
            }
            return;
        }
        match node.kind() {
            "comment" => {
                let text: &'t str = self.text;
                let comment = &text[node.byte_range()];
                if let Some(rest) = comment
                    .trim_start_matches('#')
                    .trim_start()
                    .strip_prefix("type:")
                {
                    self.sem.unread_types.push(rest);
                }
            }
            "identifier" => self.reference(node, scope),
            "import_statement" => self.import(node, scope),
            "import_from_statement" => self.import_from(node, scope),
            "future_import_statement" => {
                if self.text(node).contains("annotations") {
                    self.sem.future_annotations = true;
                }
            }
            "function_definition" => self.function(node, scope, depth),
            "class_definition" => self.class(node, scope, depth),
            "lambda" => self.lambda(node, scope, depth),
            "list_comprehension"
            | "set_comprehension"
            | "dictionary_comprehension"
            | "generator_expression" => self.comprehension(node, scope, depth),
            "assignment" => self.assignment(node, scope, depth),
            "augmented_assignment" => {
                if let Some(left) = node.child_by_field_name("left") {
                    if left.kind() == "identifier" {
                        self.reference(left, scope);
                        self.bind_identifier(left, scope);
                    } else {
                        self.visit(left, scope, depth + 1);
                    }
                }
                self.visit_field(node, "right", scope, depth);
                self.record_dunder_all(node, scope);
            }
            "for_statement" => {
                if let Some(left) = node.child_by_field_name("left") {
                    self.target(left, scope, depth);
                }
                self.visit_field(node, "right", scope, depth);
                self.visit_field(node, "body", scope, depth);
                self.visit_field(node, "alternative", scope, depth);
            }
            "named_expression" => {
                let mut target = scope;
                while self.sem.scopes[target].kind == ScopeKind::Comprehension {
                    target = self.sem.scopes[target].parent.unwrap_or(0);
                }
                if let Some(name) = node.child_by_field_name("name") {
                    self.bind_identifier(name, target);
                }
                self.visit_field(node, "value", scope, depth);
            }
            "as_pattern" => self.as_pattern(node, scope, depth),
            "global_statement" | "nonlocal_statement" => {
                let global = node.kind() == "global_statement";
                let mut cursor = node.walk();
                let names: Vec<String> = node
                    .named_children(&mut cursor)
                    .map(|n| self.text(n).to_owned())
                    .collect();
                for name in names {
                    self.sem.used_names.insert(name.clone());
                    let s = &mut self.sem.scopes[scope];
                    if global {
                        s.globals.insert(name);
                    } else {
                        s.nonlocals.insert(name);
                    }
                }
            }
            "delete_statement" => self.delete(node, scope, depth),
            "keyword_argument" => self.visit_field(node, "value", scope, depth),
            "attribute" => self.visit_field(node, "object", scope, depth),
            "case_clause" => self.case_clause(node, scope, depth),
            "if_statement" => {
                if let (Some(condition), Some(body)) = (
                    node.child_by_field_name("condition"),
                    node.child_by_field_name("consequence"),
                ) {
                    let flag = self.text(condition);
                    if flag == "TYPE_CHECKING" || flag.ends_with(".TYPE_CHECKING") {
                        self.sem.type_checking_blocks.push(body.byte_range());
                    }
                }
                self.visit_children(node, scope, depth);
            }
            "type_alias_statement" => {
                if let Some(left) = node.child_by_field_name("left") {
                    self.type_alias_name(left, scope, depth);
                }
                self.visit_field(node, "right", scope, depth);
            }
            _ => self.visit_children(node, scope, depth),
        }
    }

    /// Records the names a string annotation uses (and those of strings nested in it).
    /// `offset`: where `content` starts in the file, when it is the file's text; `typed`: the
    /// string is a type expression.
    fn string_annotation(
        &mut self,
        content: &str,
        offset: Option<usize>,
        typed: bool,
        scope: ScopeId,
        nesting: usize,
    ) {
        if nesting >= MAX_STRING_NESTING {
            return;
        }
        // Content spanning lines reads as if parenthesised (as type checkers read it).
        let wrapped;
        let (content, offset) = if content.contains('\n') {
            wrapped = format!("({content}\n)");
            (wrapped.as_str(), offset.and_then(|o| o.checked_sub(1)))
        } else {
            (content, offset)
        };
        let tree = crate::parse::parse(content);
        let mut stack = vec![tree.root_node()];
        while let Some(n) = stack.pop() {
            match n.kind() {
                "identifier" => {
                    let heads_chain = n.parent().is_none_or(|p| {
                        p.kind() != "attribute"
                            || p.child_by_field_name("object").map(|o| o.id()) == Some(n.id())
                    });
                    let is_keyword = n.parent().is_some_and(|p| {
                        p.kind() == "keyword_argument"
                            && p.child_by_field_name("name").map(|k| k.id()) == Some(n.id())
                    });
                    if heads_chain && !is_keyword {
                        let chain: Vec<String> = attribute_chain(n, content)
                            .into_iter()
                            .map(|(_, dotted)| dotted)
                            .collect();
                        self.sem.used_names.insert(chain[0].clone());
                        // A value (`Literal["x"]`) names nothing, but its words stay taken.
                        if !typed {
                            continue;
                        }
                        self.sem.string_uses.push(StringUse {
                            scope,
                            chain,
                            at: offset.map(|o| o + n.start_byte()),
                        });
                    }
                }
                "string" => {
                    if let Some((start, inner)) = verbatim_string_content(content, n) {
                        let inner_typed = typed && is_type_expression_string(content, n);
                        self.string_annotation(
                            inner,
                            offset.map(|o| o + start),
                            inner_typed,
                            scope,
                            nesting + 1,
                        );
                    }
                }
                _ => {
                    let mut cursor = n.walk();
                    stack.extend(n.named_children(&mut cursor));
                }
            }
        }
    }

    fn import(&mut self, node: Node<'t>, scope: ScopeId) {
        let mut cursor = node.walk();
        let names: Vec<Node<'t>> = node.children_by_field_name("name", &mut cursor).collect();
        for name in names {
            match name.kind() {
                "dotted_name" => {
                    let module = compact(self.text(name));
                    let root = module.split('.').next().unwrap_or_default().to_owned();
                    self.bind(
                        &root,
                        name,
                        scope,
                        BindingKind::Import {
                            module,
                            aliased: false,
                        },
                        Some(node),
                    );
                }
                "aliased_import" => {
                    let (Some(module), Some(alias)) = (
                        name.child_by_field_name("name"),
                        name.child_by_field_name("alias"),
                    ) else {
                        continue;
                    };
                    let module = compact(self.text(module));
                    let alias = self.text(alias).to_owned();
                    self.bind(
                        &alias,
                        name,
                        scope,
                        BindingKind::Import {
                            module,
                            aliased: true,
                        },
                        Some(node),
                    );
                }
                _ => {}
            }
        }
    }

    fn import_from(&mut self, node: Node<'t>, scope: ScopeId) {
        let Some(module_node) = node.child_by_field_name("module_name") else {
            return;
        };
        let module = compact(self.text(module_node));
        let mut cursor = node.walk();
        if node
            .named_children(&mut cursor)
            .any(|c| c.kind() == "wildcard_import")
        {
            self.sem.scopes[scope].star_imports.push(module.clone());
        }
        let names: Vec<Node<'t>> = node.children_by_field_name("name", &mut cursor).collect();
        for name in names {
            let (member, local) = match name.kind() {
                "dotted_name" => {
                    let member = compact(self.text(name));
                    (member.clone(), member)
                }
                "aliased_import" => {
                    let (Some(member), Some(alias)) = (
                        name.child_by_field_name("name"),
                        name.child_by_field_name("alias"),
                    ) else {
                        continue;
                    };
                    (compact(self.text(member)), self.text(alias).to_owned())
                }
                _ => continue,
            };
            self.bind(
                &local,
                name,
                scope,
                BindingKind::FromImport {
                    module: module.clone(),
                    member,
                },
                Some(node),
            );
        }
    }

    fn function(&mut self, node: Node<'t>, scope: ScopeId, depth: usize) {
        if let Some(name) = node.child_by_field_name("name") {
            self.bind_identifier(name, scope);
        }
        let inner = self.new_scope(ScopeKind::Function, scope, node);
        if let Some(tp) = node.child_by_field_name("type_parameters") {
            self.type_parameters(tp, inner, depth);
        }
        if let Some(params) = node.child_by_field_name("parameters") {
            self.parameters(params, scope, inner, depth);
        }
        self.visit_field(node, "return_type", scope, depth);
        self.visit_field(node, "body", inner, depth);
    }

    fn lambda(&mut self, node: Node<'t>, scope: ScopeId, depth: usize) {
        let inner = self.new_scope(ScopeKind::Function, scope, node);
        if let Some(params) = node.child_by_field_name("parameters") {
            self.parameters(params, scope, inner, depth);
        }
        self.visit_field(node, "body", inner, depth);
    }

    /// Parameter names bind in the function's scope; defaults and annotations are evaluated
    /// in the enclosing one.
    fn parameters(&mut self, params: Node<'t>, outer: ScopeId, inner: ScopeId, depth: usize) {
        let mut cursor = params.walk();
        let children: Vec<Node<'t>> = params.named_children(&mut cursor).collect();
        for p in children {
            match p.kind() {
                "identifier" => self.bind_identifier(p, inner),
                "default_parameter" | "typed_default_parameter" => {
                    if let Some(name) = p.child_by_field_name("name") {
                        self.target(name, inner, depth);
                    }
                    self.visit_field(p, "type", outer, depth);
                    self.visit_field(p, "value", outer, depth);
                }
                "typed_parameter" => {
                    let mut c = p.walk();
                    let names: Vec<Node<'t>> = p
                        .named_children(&mut c)
                        .filter(|n| n.kind() != "type")
                        .collect();
                    for n in names {
                        self.target(n, inner, depth);
                    }
                    self.visit_field(p, "type", outer, depth);
                }
                "list_splat_pattern" | "dictionary_splat_pattern" | "tuple_pattern" => {
                    self.target(p, inner, depth)
                }
                _ => {}
            }
        }
    }

    fn type_parameters(&mut self, node: Node<'t>, scope: ScopeId, depth: usize) {
        let mut cursor = node.walk();
        let children: Vec<Node<'t>> = node.named_children(&mut cursor).collect();
        for t in children {
            // `T`, `T: bound`, `*Ts`, `**P`: the first identifier is the parameter.
            let mut c = t.walk();
            let first = t.named_children(&mut c).next();
            match first {
                Some(n) if n.kind() == "identifier" => {
                    self.bind_identifier(n, scope);
                    let mut c = t.walk();
                    let rest: Vec<Node<'t>> = t.named_children(&mut c).skip(1).collect();
                    for r in rest {
                        self.visit(r, scope, depth + 1);
                    }
                }
                _ => self.visit(t, scope, depth + 1),
            }
        }
    }

    fn type_alias_name(&mut self, left: Node<'t>, scope: ScopeId, depth: usize) {
        let mut cursor = left.walk();
        let children: Vec<Node<'t>> = left.named_children(&mut cursor).collect();
        for child in children {
            match child.kind() {
                "identifier" => self.bind_identifier(child, scope),
                "generic_type" => {
                    let mut c = child.walk();
                    let parts: Vec<Node<'t>> = child.named_children(&mut c).collect();
                    for part in parts {
                        if part.kind() == "identifier" {
                            self.bind_identifier(part, scope);
                        } else {
                            self.type_parameters(part, scope, depth);
                        }
                    }
                }
                _ => self.visit(child, scope, depth + 1),
            }
        }
    }

    fn class(&mut self, node: Node<'t>, scope: ScopeId, depth: usize) {
        if let Some(name) = node.child_by_field_name("name") {
            self.bind_identifier(name, scope);
        }
        self.visit_field(node, "superclasses", scope, depth);
        let inner = self.new_scope(ScopeKind::Class, scope, node);
        if let Some(tp) = node.child_by_field_name("type_parameters") {
            self.type_parameters(tp, inner, depth);
        }
        self.visit_field(node, "body", inner, depth);
    }

    fn comprehension(&mut self, node: Node<'t>, scope: ScopeId, depth: usize) {
        let inner = self.new_scope(ScopeKind::Comprehension, scope, node);
        let mut first_iterable = true;
        let mut cursor = node.walk();
        let children: Vec<Node<'t>> = node.named_children(&mut cursor).collect();
        for child in children {
            if child.kind() == "for_in_clause" {
                if let Some(left) = child.child_by_field_name("left") {
                    self.target(left, inner, depth);
                }
                let iter_scope = if first_iterable { scope } else { inner };
                self.visit_field(child, "right", iter_scope, depth);
                first_iterable = false;
            } else {
                self.visit(child, inner, depth + 1);
            }
        }
    }

    fn assignment(&mut self, node: Node<'t>, scope: ScopeId, depth: usize) {
        let has_value = node.child_by_field_name("right").is_some();
        if let Some(left) = node.child_by_field_name("left") {
            // `x: int` without a value binds only inside functions.
            if has_value || self.sem.scopes[scope].kind == ScopeKind::Function {
                self.target(left, scope, depth);
            } else if left.kind() != "identifier" {
                self.visit(left, scope, depth + 1);
            }
        }
        self.visit_field(node, "type", scope, depth);
        self.visit_field(node, "right", scope, depth);
        self.record_dunder_all(node, scope);
    }

    /// Binds the names of an assignment-like target; attribute and subscript targets are uses.
    fn target(&mut self, node: Node<'t>, scope: ScopeId, depth: usize) {
        if depth > MAX_DEPTH {
            self.sem.incomplete = true;
            return;
        }
        match node.kind() {
            "identifier" => self.bind_identifier(node, scope),
            "pattern_list"
            | "tuple_pattern"
            | "list_pattern"
            | "tuple"
            | "list"
            | "parenthesized_expression"
            | "expression_list"
            | "list_splat_pattern"
            | "list_splat"
            | "dictionary_splat_pattern"
            | "as_pattern_target" => {
                let mut cursor = node.walk();
                let children: Vec<Node<'t>> = node.named_children(&mut cursor).collect();
                for child in children {
                    self.target(child, scope, depth + 1);
                }
            }
            _ => self.visit(node, scope, depth + 1),
        }
    }

    fn as_pattern(&mut self, node: Node<'t>, scope: ScopeId, depth: usize) {
        let mut cursor = node.walk();
        let children: Vec<Node<'t>> = node.named_children(&mut cursor).collect();
        for (i, child) in children.iter().enumerate() {
            let is_alias =
                child.kind() == "as_pattern_target" || (i > 0 && child.kind() == "identifier");
            if is_alias {
                self.target(*child, scope, depth);
            } else if child.kind() == "case_pattern" {
                self.pattern(*child, scope, depth);
            } else {
                self.visit(*child, scope, depth + 1);
            }
        }
    }

    fn delete(&mut self, node: Node<'t>, scope: ScopeId, depth: usize) {
        let mut cursor = node.walk();
        let mut targets: Vec<Node<'t>> = node.named_children(&mut cursor).collect();
        if targets.len() == 1 && targets[0].kind() == "expression_list" {
            let list = targets[0];
            let mut c = list.walk();
            targets = list.named_children(&mut c).collect();
        }
        for t in targets {
            if t.kind() == "identifier" {
                let name = self.text(t).to_owned();
                self.reference(t, scope);
                self.bind(&name, t, scope, BindingKind::Deletion, None);
            } else {
                self.visit(t, scope, depth + 1);
            }
        }
    }

    fn case_clause(&mut self, node: Node<'t>, scope: ScopeId, depth: usize) {
        let mut cursor = node.walk();
        let children: Vec<Node<'t>> = node.named_children(&mut cursor).collect();
        for child in children {
            if child.kind() == "case_pattern" {
                self.pattern(child, scope, depth);
            } else {
                self.visit(child, scope, depth + 1);
            }
        }
    }

    /// Names in a `case` pattern are captures, except dotted value patterns, class names and
    /// keyword names.
    fn pattern(&mut self, node: Node<'t>, scope: ScopeId, depth: usize) {
        if depth > MAX_DEPTH {
            self.sem.incomplete = true;
            return;
        }
        let mut cursor = node.walk();
        let children: Vec<Node<'t>> = node.named_children(&mut cursor).collect();
        match node.kind() {
            "dotted_name" => {
                if children.len() == 1 {
                    if self.text(children[0]) != "_" {
                        self.bind_identifier(children[0], scope);
                    }
                } else if let Some(first) = children.first() {
                    self.reference(*first, scope);
                }
            }
            "class_pattern" => {
                for (i, child) in children.iter().enumerate() {
                    if i == 0 && child.kind() == "dotted_name" {
                        if let Some(first) = child.named_child(0) {
                            self.reference(first, scope);
                        }
                    } else {
                        self.pattern(*child, scope, depth + 1);
                    }
                }
            }
            "keyword_pattern" => {
                for child in children.iter().skip(1) {
                    self.pattern(*child, scope, depth + 1);
                }
            }
            "splat_pattern" | "as_pattern" => {
                for (i, child) in children.iter().enumerate() {
                    if child.kind() == "identifier" && (node.kind() == "splat_pattern" || i > 0) {
                        self.bind_identifier(*child, scope);
                    } else {
                        self.pattern(*child, scope, depth + 1);
                    }
                }
            }
            "identifier" => self.bind_identifier(node, scope),
            "case_pattern" | "union_pattern" | "list_pattern" | "tuple_pattern"
            | "dict_pattern" => {
                for child in children {
                    if child.kind() == "string" || child.kind() == "concatenated_string" {
                        continue;
                    }
                    self.pattern(child, scope, depth + 1);
                }
            }
            _ => self.visit(node, scope, depth + 1),
        }
    }

    /// Collects `__all__ = [...]` / `__all__ += [...]` string literals at module level.
    fn record_dunder_all(&mut self, node: Node<'t>, scope: ScopeId) {
        if scope != 0 {
            return;
        }
        let (Some(left), Some(right)) = (
            node.child_by_field_name("left"),
            node.child_by_field_name("right"),
        ) else {
            return;
        };
        if self.text(left) != "__all__" || !matches!(right.kind(), "list" | "tuple") {
            return;
        }
        let mut cursor = right.walk();
        let strings: Vec<String> = right
            .named_children(&mut cursor)
            .filter(|c| c.kind() == "string")
            .filter_map(|s| {
                let t = self.text(s);
                let inner = t.trim_start_matches(|c: char| c.is_ascii_alphabetic());
                inner
                    .strip_prefix(['"', '\''])
                    .and_then(|i| i.strip_suffix(['"', '\'']))
                    .map(str::to_owned)
            })
            .collect();
        self.sem.dunder_all.extend(strings);
    }
}

/// Dotted names written with spaces or line breaks (`a . b`) compacted to `a.b`.
fn compact(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\\')
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    fn find<'t>(tree: &'t Tree, text: &str, needle: &str, nth: usize) -> Node<'t> {
        let offset = text.match_indices(needle).nth(nth).expect("needle").0;
        tree.root_node()
            .named_descendant_for_byte_range(offset, offset + needle.len())
            .unwrap()
    }

    fn qualified(src: &str, needle: &str, nth: usize) -> Option<String> {
        let tree = parse(src);
        let sem = Semantic::build(&tree, src);
        sem.qualified_name(find(&tree, src, needle, nth))
    }

    #[test]
    fn resolves_import_shapes() {
        let src = "import distutils.util\nimport distutils.spawn as sp\nfrom distutils import dir_util as du\nfrom distutils.version import LooseVersion as LV\ndistutils.util.strtobool\nsp.find_executable\ndu.copy_tree\nLV\n";
        assert_eq!(
            qualified(src, "distutils.util.strtobool", 0).as_deref(),
            Some("distutils.util.strtobool")
        );
        assert_eq!(
            qualified(src, "sp.find_executable", 0).as_deref(),
            Some("distutils.spawn.find_executable")
        );
        assert_eq!(
            qualified(src, "du.copy_tree", 0).as_deref(),
            Some("distutils.dir_util.copy_tree")
        );
        assert_eq!(
            qualified(src, "LV", 1).as_deref(),
            Some("distutils.version.LooseVersion")
        );
    }

    #[test]
    fn local_bindings_shadow_imports() {
        let src = "from shutil import which\ndef f(which):\n    return which\ndef g():\n    return which\n";
        assert_eq!(qualified(src, "which", 2), None);
        assert_eq!(qualified(src, "which", 3).as_deref(), Some("shutil.which"));
    }

    #[test]
    fn a_later_assignment_anywhere_in_a_function_makes_the_name_local() {
        let src = "import os\ndef f():\n    print(os)\n    os = 1\n";
        assert_eq!(qualified(src, "os", 1), None);
    }

    #[test]
    fn class_scope_is_invisible_to_methods() {
        let src =
            "import os\nclass C:\n    os = 1\n    def m(self):\n        return os\n    x = os\n";
        assert_eq!(qualified(src, "os", 2).as_deref(), Some("os"));
        assert_eq!(qualified(src, "os", 3), None);
    }

    #[test]
    fn global_declarations_redirect_to_module() {
        let src = "import os\ndef f():\n    global os\n    os = None\ndef g():\n    return os\n";
        // `os` is bound twice at module level: uncertain.
        assert_eq!(qualified(src, "os", 3), None);
    }

    #[test]
    fn comprehension_variables_do_not_leak() {
        let src = "import x\ny = [x for x in range(3)]\nz = x\n";
        assert_eq!(qualified(src, "x", 1), None);
        assert_eq!(qualified(src, "x", 3).as_deref(), Some("x"));
        let first_iterable = "import x\n[x for x in x]\n";
        assert_eq!(qualified(first_iterable, "x", 3).as_deref(), Some("x"));
    }

    #[test]
    fn walrus_binds_outside_the_comprehension() {
        let src = "import os\n[(os := 1) for _ in y]\nos\n";
        assert_eq!(qualified(src, "os", 2), None);
    }

    #[test]
    fn parameters_defaults_are_evaluated_outside() {
        let src = "import os\ndef f(os=os):\n    pass\n";
        assert_eq!(qualified(src, "os", 2).as_deref(), Some("os"));
    }

    #[test]
    fn match_captures_bind() {
        let src = "import os\nmatch v:\n    case [os, *_]:\n        pass\nos\n";
        assert_eq!(qualified(src, "os", 2), None);
    }

    #[test]
    fn duplicate_imports_of_the_same_thing_agree() {
        let src = "try:\n    from setuptools import setup\nexcept ImportError:\n    from distutils.core import setup\nsetup()\n";
        assert_eq!(qualified(src, "setup", 2), None);
        let same = "import distutils.core\nimport distutils.util\ndistutils.util.x\n";
        assert_eq!(
            qualified(same, "distutils.util.x", 0).as_deref(),
            Some("distutils.util.x")
        );
    }

    #[test]
    fn import_usage_through_submodules() {
        let src = "import distutils.core\nimport distutils.util\ndistutils.util.strtobool('y')\n";
        let tree = parse(src);
        let sem = Semantic::build(&tree, src);
        let core = sem
            .bindings()
            .find(|(_, b)| {
                b.kind
                    == BindingKind::Import {
                        module: "distutils.core".into(),
                        aliased: false,
                    }
            })
            .unwrap()
            .0;
        let util = sem
            .bindings()
            .find(|(_, b)| {
                b.kind
                    == BindingKind::Import {
                        module: "distutils.util".into(),
                        aliased: false,
                    }
            })
            .unwrap()
            .0;
        assert!(!sem.is_import_used(core));
        assert!(sem.is_import_used(util));
    }

    #[test]
    fn records_dunder_all_and_future_annotations() {
        let src = "from __future__ import annotations\n__all__ = ['a', \"b\"]\n__all__ += ('c',)\n";
        let tree = parse(src);
        let sem = Semantic::build(&tree, src);
        assert_eq!(sem.dunder_all(), ["a", "b", "c"]);
        assert!(sem.future_annotations());
    }

    #[test]
    fn free_names() {
        let src = "import os\ndef f(which): pass\nprint(shutil)\n";
        let tree = parse(src);
        let sem = Semantic::build(&tree, src);
        assert!(!sem.is_name_free("which"));
        assert!(!sem.is_name_free("shutil"));
        assert!(sem.is_name_free("sysconfig"));
    }

    #[test]
    fn string_annotations_use_names() {
        let src = "import typing\nimport os.path\nfrom m import Foo\nx: \"typing.List['Foo']\"\ny: 'os.path.PathLike'\n";
        let tree = parse(src);
        let sem = Semantic::build(&tree, src);
        for (id, _) in sem.bindings() {
            assert!(sem.is_import_used(id), "{:?}", sem.binding(id).name);
        }
        assert!(!sem.is_name_free("Foo"));
    }

    #[test]
    fn string_uses_everywhere_a_type_is_read() {
        let src = concat!(
            "from typing import ContextManager, List, Literal, TypeVar, cast\n",
            "from m import A, B, C, D, E, F\n",
            "def f() -> r\"ContextManager[A]\": ...\n",
            "x: List['''B''']\n",
            "y = cast(\"C\", 1)\n",
            "T = TypeVar(\"T\", bound=\"D\")\n",
            "z: Literal[\"E\"]\n",
            "w = 1  # type: F\n",
        );
        let tree = parse(src);
        let sem = Semantic::build(&tree, src);
        let id = |name: &str| sem.bindings_named(name).next().unwrap().0;
        for name in ["ContextManager", "A", "B", "C", "D"] {
            assert!(sem.is_import_used(id(name)), "{name}");
        }
        // A literal's string is a value, not a use of a name.
        assert!(!sem.is_import_used(id("E")));
        assert!(!sem.is_name_free("E"));
        let ranges = sem.string_use_ranges(id("ContextManager")).unwrap();
        assert_eq!(ranges.len(), 1);
        assert_eq!(&src[ranges[0].clone()], "ContextManager");
        let b = sem.string_use_ranges(id("B")).unwrap();
        assert_eq!(&src[b[0].clone()], "B");
        assert!(sem.unread_types_mention("F"));
        assert!(!sem.unread_types_mention("E"));
    }

    #[test]
    fn deep_nesting_is_reported_not_overflowed() {
        let depth = 25_000;
        let src = format!("x = {}1{}\n", "(".repeat(depth), ")".repeat(depth));
        let tree = parse(&src);
        let sem = Semantic::build(&tree, &src);
        assert!(sem.is_incomplete());
    }
}
