use crate::kit::declare::Check;
use crate::kit::typing::{
    CLASS_BASE_NOTE, Generic, PEP_585, Site, decide, for_each_site, is_class_base, padded_edit,
    remove_unused_imports, unsafe_for_class_bases,
};
use snakeshift_engine::fix::{Applicability, Finding, Fix};
use snakeshift_engine::imports::{Anchor, Style};
use crate::kit::moves::{Member, RemovedModule, Rename, check_changed_import};
use snakeshift_engine::position::Position;
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::semantic::BindingKind;
use snakeshift_engine::semantic::is_type_expression_part;
use tree_sitter::Node;

rewrite! {
    /// # typing-builtin-generics
    ///
    /// ## What it does
    /// Replaces the `typing` aliases of builtin and `collections` classes by the classes
    /// themselves (PEP 585): `List`, `Dict`, `Set`, `FrozenSet`, `Tuple`, `Type` become
    /// `list`, `dict`, `set`, `frozenset`, `tuple`, `type`; `Deque` and `DefaultDict` become
    /// `collections.deque` and `collections.defaultdict` (the import is added); `OrderedDict`,
    /// `Counter` and `ChainMap` are imported from `collections` instead. Subscripted uses are
    /// rewritten everywhere (`Alias = Dict[str, List[int]]` too), bare names in annotations;
    /// `import typing as t` with `t.List[int]`, `typing_extensions` and string annotations are
    /// followed, a shadowed builtin (a parameter called `list`) is respected, and `typing`
    /// imports the rewrite leaves unused are removed.
    ///
    /// ## Why
    /// The `typing` aliases are deprecated since Python 3.9, which made the classes
    /// themselves subscriptable.
    ///
    /// ## Example
    /// ```python
    /// from typing import DefaultDict, Dict, List
    /// def index(words: List[str]) -> Dict[str, DefaultDict[int, List[str]]]: ...
    /// ```
    /// becomes
    /// ```python
    /// from collections import defaultdict
    /// def index(words: list[str]) -> dict[str, defaultdict[int, list[str]]]: ...
    /// ```
    ///
    /// ## Fix safety
    /// Safe when the minimum supported Python is 3.9 or newer (or in stubs); unsafe below 3.9
    /// where the result is valid only because it is never evaluated (a deferred annotation,
    /// a local variable annotation, an `if TYPE_CHECKING:` block), since runtime introspection
    /// then fails; reported without a fix where it would be evaluated on a Python older than
    /// 3.9.
    TypingBuiltinGenerics {
        id: "typing-builtin-generics",
        group: "typing",
        summary: "List[int] -> list[int], Deque -> collections.deque, ... (PEP 585)",
        query: include_str!("query.scm"),
        triggers: &[
            "List",
            "Dict",
            "Set",
            "FrozenSet",
            "Tuple",
            "Type",
            "Deque",
            "DefaultDict",
            "OrderedDict",
            "Counter",
            "ChainMap",
        ],
        removed_in: None,
        fix: FixSafety::Mixed,
        readme: ("typing", "`List`, `Dict`, `Set`, `FrozenSet`, `Tuple`, `Type` → builtins; `Deque`, `DefaultDict` → `collections.deque`/`defaultdict`; `OrderedDict`, `Counter`, `ChainMap` imported from `collections`", "per position (needs 3.9)"),
        whole_words: true,
        requires: &["typing"],
        reads_strings: true,
        activate: crate::kit::activation::names_a_typing_member,
        removed_apis: &[&MODULES],
    }
}

/// `typing` aliases whose replacement has another name: the uses are rewritten.
const RENAMED: [(&str, &str); 8] = [
    ("List", "list"),
    ("Dict", "dict"),
    ("Set", "set"),
    ("FrozenSet", "frozenset"),
    ("Tuple", "tuple"),
    ("Type", "type"),
    ("Deque", "collections.deque"),
    ("DefaultDict", "collections.defaultdict"),
];

/// `typing` aliases with the same name in `collections`: the imports move.
const SAME_NAME: [Member; 3] = [
    moved("OrderedDict", "collections.OrderedDict"),
    moved("Counter", "collections.Counter"),
    moved("ChainMap", "collections.ChainMap"),
];

const fn moved(name: &'static str, to: &'static str) -> Member {
    Member {
        name,
        action: crate::kit::moves::Action::Rename(Rename {
            to,
            applicability: Applicability::Safe,
            note: "",
            since: Some(PEP_585),
        }),
        change: None,
    }
}

static MODULES: [RemovedModule; 2] = [
    RemovedModule {
        module: "typing",
        members: &SAME_NAME,
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "typing_extensions",
        members: &SAME_NAME,
        other_members: "",
        successor: None,
        shared_state: false,
    },
];

impl Check for TypingBuiltinGenerics {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        if let Some(stmt) = m.get("import") {
            if ctx.text_of(stmt).contains("typing") {
                let start = out.len();
                check_changed_import(&Self::META, &MODULES, stmt, ctx, out);
                let aliases: Vec<&str> = SAME_NAME.iter().map(|m| m.name).collect();
                unsafe_for_class_bases(ctx, stmt, &aliases, &mut out[start..]);
                remove_unused_imports(Self::META.id, ctx, stmt, out);
            }
            return;
        }
        for_each_site(m, ctx, |site, node| check_use(site, node, out));
    }
}

/// One candidate: a subscript or a bare name in an annotation.
fn check_use(site: &Site<'_, '_, '_>, node: Node<'_>, out: &mut Vec<Finding>) {
    let (name, subscripted) = match Generic::new(node) {
        Some(g) => (g.name, true),
        None if matches!(node.kind(), "identifier" | "attribute") && !is_subscript_value(node) => {
            (node, false)
        }
        None => return,
    };
    let Some(qualified) = site.qualified(name) else {
        return;
    };
    let Some(alias) = qualified.strip_prefix("typing.") else {
        return;
    };
    let Some((_, target)) = RENAMED.iter().find(|(a, _)| *a == alias) else {
        return;
    };
    let message = format!("use `{target}` instead of `typing.{alias}`");
    let finding = Finding::new(
        TypingBuiltinGenerics::META.id,
        site.file_range(name),
        message,
    );
    let verdict = if subscripted {
        decide(site, site.position(), PEP_585, None)
    } else if matches!(site.position(), Position::Alias | Position::Runtime)
        || !is_type_expression_part(site.text, node)
    {
        // A bare `List` used as a value is not the class `list` (it cannot be called): in
        // runtime code, and inside an annotation in `Annotated` metadata or a call.
        return;
    } else {
        Ok((Applicability::Safe, None))
    };
    let (applicability, note) = match verdict {
        Ok(v) => v,
        Err(reason) => {
            out.push(finding.with_note(reason));
            return;
        }
    };
    let (text, mut edits, type_checking_only) = match type_checking_binding(site, name, target) {
        Some(text) => (text, Vec::new(), true),
        None => match spell(site, name, target) {
            Some((text, edits)) => (text, edits, false),
            None => {
                out.push(
                    finding.with_note(format!("`{target}` is shadowed or cannot be imported here")),
                );
                return;
            }
        },
    };
    let (applicability, note) = if subscripted && is_class_base(node) {
        (
            applicability.min(Applicability::Unsafe),
            Some(CLASS_BASE_NOTE.to_owned()),
        )
    } else {
        (applicability, note)
    };
    let (applicability, note) = if type_checking_only && site.position() == Position::Deferred {
        (
            applicability.min(Applicability::Unsafe),
            Some(format!(
                "`{text}` is imported only under `if TYPE_CHECKING:`: `typing.get_type_hints()` would raise NameError"
            )),
        )
    } else {
        (applicability, note)
    };
    // The builtin is final; an import it adds may let a use refused before through.
    let adds_import = !edits.is_empty();
    edits.push(padded_edit(site, name, text));
    let fix = Fix::new(format!("Use `{target}`"), applicability, edits);
    let fix = if adds_import { fix } else { fix.as_final() };
    let mut finding = finding.with_fix(fix);
    finding.note = note;
    out.push(finding);
}

/// `List` in `List[int]` is handled with the subscript, not again as a bare name.
fn is_subscript_value(node: Node<'_>) -> bool {
    node.parent().is_some_and(|p| {
        (p.kind() == "subscript"
            && p.child_by_field_name("value").map(|v| v.id()) == Some(node.id()))
            || p.kind() == "generic_type"
    })
}

/// Where the annotation is never evaluated when the program runs (deferred, string, local,
/// stub or `if TYPE_CHECKING:` positions), an import of `target` made only under
/// `if TYPE_CHECKING:` serves as well as a runtime one: its spelling (`deque`,
/// `collections.deque`, an alias), rather than a new runtime import. Runtime positions never
/// reuse it (the engine's import editor skips such bindings).
fn type_checking_binding(site: &Site<'_, '_, '_>, name: Node<'_>, target: &str) -> Option<String> {
    if !matches!(
        site.position(),
        Position::Deferred | Position::Unevaluated | Position::Inert
    ) {
        return None;
    }
    let (module, member) = target.rsplit_once('.')?;
    let sem = site.ctx.semantic();
    let at = site.file_range(name).start;
    let scope = sem.scope_at(at);
    sem.bindings().find_map(|(id, b)| {
        if !sem.in_type_checking_block(b.node.start_byte()) || sem.lookup(scope, &b.name) != [id] {
            return None;
        }
        match &b.kind {
            BindingKind::FromImport {
                module: m,
                member: n,
            } if m == module && n == member => Some(b.name.clone()),
            BindingKind::Import {
                module: m,
                aliased: true,
            } if m == module => Some(format!("{}.{member}", b.name)),
            BindingKind::Import {
                module: m,
                aliased: false,
            } if m == module => Some(target.to_owned()),
            _ => None,
        }
    })
}

/// The text for `target` at `name` and the import edits it needs: a builtin stays bare when it
/// is not shadowed; a `collections` class is imported by name for a bare use, as
/// `collections.x` for an attribute use.
fn spell(
    site: &Site<'_, '_, '_>,
    name: Node<'_>,
    target: &str,
) -> Option<(String, Vec<snakeshift_engine::fix::Edit>)> {
    if !target.contains('.') {
        return site
            .builtin_is_visible(target, name)
            .then(|| (target.to_owned(), Vec::new()));
    }
    let style = if name.kind() == "identifier" {
        Style::Member
    } else {
        Style::Module
    };
    let at = site.file_range(name).start;
    let s = site.ctx.imports().spell(target, at, Anchor::Top, style)?;
    Some((s.text, s.edits))
}
