//! What the typing rewrites share: where a type expression sits (in the file or inside a
//! string annotation), how names in it resolve, generic subscripts in both of tree-sitter's
//! shapes, and the version/position rules that decide a fix's safety.

use snakeshift_engine::fix::{Applicability, Edit, Finding, Fix};
use snakeshift_engine::parse::{first_syntax_error, parse};
use snakeshift_engine::position::{Position, classify};
use snakeshift_engine::rewrite::{Context, Match};
use snakeshift_engine::semantic::ScopeId;
use snakeshift_engine::version::PyVersion;
use std::cell::OnceCell;
use std::ops::Range;
use tree_sitter::{Node, Tree};

/// Python 3.9: builtin generics (`list[int]`) and subscriptable `collections.abc` classes.
pub const PEP_585: PyVersion = PyVersion::new(3, 9);
/// Python 3.10: `X | Y` unions at run time (and `collections.abc.Callable[...]` fixed).
pub const PEP_604: PyVersion = PyVersion::new(3, 10);
/// Python 3.14: `typing.Union[...]` and `X | Y` are the same type.
pub const UNIFIED_UNION: PyVersion = PyVersion::new(3, 14);

/// A tree in which type expressions are rewritten: the file's own, or a string annotation's
/// content parsed on its own.
pub struct Site<'a, 'c, 't> {
    pub ctx: &'a Context<'c, 't>,
    /// The text the nodes' byte ranges refer to.
    pub text: &'a str,
    /// Where `text` starts in the file.
    pub offset: usize,
    /// Where the expression sits, computed on first use for the file's own nodes.
    position: OnceCell<Position>,
    /// The file's node the position is computed from.
    anchor: Option<Node<'t>>,
    /// For string annotations: the scope names are looked up in.
    scope: Option<ScopeId>,
}

impl<'a, 'c, 't> Site<'a, 'c, 't> {
    /// The file's own tree, positioned at `node`.
    pub fn outer(ctx: &'a Context<'c, 't>, node: Node<'t>) -> Self {
        Site {
            ctx,
            text: ctx.text,
            offset: 0,
            position: OnceCell::new(),
            anchor: Some(node),
            scope: None,
        }
    }

    /// Where the expression sits.
    pub fn position(&self) -> Position {
        *self.position.get_or_init(|| {
            classify(
                self.ctx,
                self.anchor.expect("string sites are built with a position"),
            )
        })
    }

    pub fn text_of(&self, node: Node<'_>) -> &'a str {
        &self.text[node.byte_range()]
    }

    /// A node's range in the file.
    pub fn file_range(&self, node: Node<'_>) -> Range<usize> {
        node.start_byte() + self.offset..node.end_byte() + self.offset
    }

    pub fn is_string_content(&self) -> bool {
        self.scope.is_some()
    }

    /// The qualified name a name or attribute chain refers to, with `typing_extensions`
    /// re-exports of `typing` names folded into `typing`.
    pub fn qualified(&self, node: Node<'_>) -> Option<String> {
        let q = match self.scope {
            None => self.ctx.semantic().qualified_name(node)?,
            Some(scope) => self.qualified_by_text(node, scope)?,
        };
        Some(match q.strip_prefix("typing_extensions.") {
            Some(rest) if TYPING_REEXPORTS.contains(&rest) => format!("typing.{rest}"),
            _ => q,
        })
    }

    fn qualified_by_text(&self, node: Node<'_>, scope: ScopeId) -> Option<String> {
        match node.kind() {
            "identifier" => {
                let sem = self.ctx.semantic();
                let ids = sem.lookup(scope, self.text_of(node));
                let first = sem.binding(*ids.first()?).qualified_name()?;
                ids.iter()
                    .all(|&b| sem.binding(b).qualified_name().as_deref() == Some(first.as_str()))
                    .then_some(first)
            }
            "attribute" => {
                let object = node.child_by_field_name("object")?;
                let attr = node.child_by_field_name("attribute")?;
                Some(format!(
                    "{}.{}",
                    self.qualified_by_text(object, scope)?,
                    self.text_of(attr)
                ))
            }
            _ => None,
        }
    }

    /// Whether the expression is in the body of a class whose base evaluates annotations at run
    /// time: a pydantic model or settings class, or a SQLAlchemy declarative model.
    pub fn in_runtime_model(&self) -> bool {
        let sem = self.ctx.semantic();
        let offset = match self.anchor {
            Some(node) => node.start_byte(),
            None => self.offset,
        };
        let scope = sem.scope(sem.scope_at(offset));
        if scope.kind != snakeshift_engine::semantic::ScopeKind::Class {
            return false;
        }
        let Some(bases) = scope.node.child_by_field_name("superclasses") else {
            return false;
        };
        let mut cursor = bases.walk();
        let names: Vec<Node<'_>> = bases.named_children(&mut cursor).collect();
        names.into_iter().any(|base| {
            sem.qualified_name(base).is_some_and(|q| {
                q.starts_with("pydantic.")
                    || q.starts_with("pydantic_settings.")
                    || q.starts_with("sqlmodel.")
                    || q == "sqlalchemy.orm.DeclarativeBase"
            })
        })
    }

    /// Whether a builtin such as `list` is not shadowed by a binding where this site is (as in
    /// ruff, a `from m import *` is not assumed to rebind builtins).
    pub fn builtin_is_visible(&self, name: &str, at: Node<'_>) -> bool {
        let sem = self.ctx.semantic();
        let scope = self
            .scope
            .unwrap_or_else(|| sem.scope_at(at.start_byte() + self.offset));
        sem.lookup(scope, name).is_empty()
    }
}

/// Names `typing_extensions` re-exports from `typing` unchanged (the same objects).
const TYPING_REEXPORTS: &[&str] = &[
    "Union",
    "Optional",
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
    "Callable",
    "Text",
];

/// A string annotation whose content is rewritten as its own little tree.
pub struct StringAnnotation {
    pub tree: Tree,
    pub content: String,
    /// Where the content starts in the file.
    pub offset: usize,
    pub position: Position,
    pub scope: ScopeId,
}

impl StringAnnotation {
    /// Parses a string annotation (no escapes) whose content is one type expression. Only
    /// annotations and the types of `cast()`, `TypeVar()` and `NewType()` qualify; their content
    /// is evaluated only when introspected, so it counts as deferred (or unevaluated, or a
    /// stub). A string that is a value (`Literal["x"]`, `Annotated` metadata) does not.
    pub fn parse(ctx: &Context<'_, '_>, string: Node<'_>) -> Option<StringAnnotation> {
        let outer = classify(ctx, string);
        let position = match outer {
            Position::Inert | Position::Unevaluated => outer,
            Position::Eager | Position::Deferred | Position::TypingOnly => Position::Deferred,
            Position::Alias | Position::Runtime => return None,
        };
        // `Literal["List"]` and `Annotated[int, "List"]` hold values, not types.
        let in_annotation = !snakeshift_engine::semantic::is_typing_call_string(ctx.text, string);
        if in_annotation
            && !snakeshift_engine::semantic::is_type_expression_string(ctx.text, string)
        {
            return None;
        }
        let (start, value) = simple_string_content(ctx.text, string)?;
        // Content spanning lines is read as if parenthesised, as type checkers do (and as the
        // unquoted form must be written); the opening parenthesis stands one byte before it.
        let (offset, content) = if value.contains('\n') {
            (start.checked_sub(1)?, format!("({value}\n)"))
        } else {
            (start, value.to_owned())
        };
        let tree = parse(&content);
        if first_syntax_error(&tree).is_some() {
            return None;
        }
        let root = tree.root_node();
        let is_single_expression = root.named_child_count() == 1
            && root
                .named_child(0)
                .is_some_and(|s| s.kind() == "expression_statement" && s.named_child_count() == 1);
        if !is_single_expression {
            return None;
        }
        let scope = ctx.semantic().scope_at(string.start_byte());
        Some(StringAnnotation {
            content,
            offset,
            tree,
            position,
            scope,
        })
    }

    pub fn site<'a, 'c, 't>(&'a self, ctx: &'a Context<'c, 't>) -> Site<'a, 'c, 't> {
        Site {
            ctx,
            text: &self.content,
            offset: self.offset,
            position: OnceCell::from(self.position),
            anchor: None,
            scope: Some(self.scope),
        }
    }

    /// The content's expression.
    pub fn expression(&self) -> Node<'_> {
        self.tree
            .root_node()
            .named_child(0)
            .unwrap()
            .named_child(0)
            .unwrap()
    }
}

/// The content of a string literal whose text is its value (see
/// [`snakeshift_engine::semantic::verbatim_string_content`]).
pub fn simple_string_content<'t>(text: &'t str, string: Node<'_>) -> Option<(usize, &'t str)> {
    snakeshift_engine::semantic::verbatim_string_content(text, string)
}

/// Every node of a tree, in source order (iteratively: strings can nest deeply).
pub fn descendants<'t>(root: Node<'t>) -> Vec<Node<'t>> {
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        out.push(n);
        let mut cursor = n.walk();
        let mut children: Vec<Node<'t>> = n.named_children(&mut cursor).collect();
        children.reverse();
        stack.extend(children);
    }
    out
}

/// A subscripted name, in either of tree-sitter's shapes: `subscript` (expressions) or
/// `generic_type` (annotations).
pub struct Generic<'t> {
    pub node: Node<'t>,
    /// The name or attribute being subscripted.
    pub name: Node<'t>,
    pub open: Node<'t>,
    pub close: Node<'t>,
    /// The arguments (for `generic_type`, the `type` wrappers).
    pub args: Vec<Node<'t>>,
    pub commas: Vec<Node<'t>>,
}

impl<'t> Generic<'t> {
    pub fn new(node: Node<'t>) -> Option<Generic<'t>> {
        let (name, holder, args) = match node.kind() {
            "subscript" => {
                let name = node.child_by_field_name("value")?;
                let mut cursor = node.walk();
                let args = node
                    .children_by_field_name("subscript", &mut cursor)
                    .collect();
                (name, node, args)
            }
            "generic_type" => {
                let name = node.named_child(0).filter(|n| n.kind() == "identifier")?;
                let params = node
                    .named_child(1)
                    .filter(|n| n.kind() == "type_parameter")?;
                let mut cursor = params.walk();
                let args = params
                    .named_children(&mut cursor)
                    .filter(|c| c.kind() == "type")
                    .collect();
                (name, params, args)
            }
            _ => return None,
        };
        if !matches!(name.kind(), "identifier" | "attribute") {
            return None;
        }
        let mut cursor = holder.walk();
        let tokens: Vec<Node<'t>> = holder
            .children(&mut cursor)
            .filter(|c| !c.is_named())
            .collect();
        let open = *tokens.iter().find(|t| t.kind() == "[")?;
        let close = *tokens.iter().rev().find(|t| t.kind() == "]")?;
        let commas = tokens.into_iter().filter(|t| t.kind() == ",").collect();
        Some(Generic {
            node,
            name,
            open,
            close,
            args,
            commas,
        })
    }

    pub fn is_multiline(&self) -> bool {
        self.node.start_position().row != self.node.end_position().row
    }
}

/// The expression an argument holds (unwrapping `type` nodes).
pub fn expression_of(arg: Node<'_>) -> Node<'_> {
    if arg.kind() == "type" && arg.named_child_count() == 1 {
        arg.named_child(0).unwrap()
    } else {
        arg
    }
}

/// Whether a replacement of `node` by an `A | B` union needs parentheses to keep its
/// meaning (`Union[A, B].__args__`, `-Union[...]`…).
pub fn union_needs_parens(node: Node<'_>) -> bool {
    let Some(parent) = node.parent() else {
        return false;
    };
    let is = |field: &str| parent.child_by_field_name(field).map(|n| n.id()) == Some(node.id());
    match parent.kind() {
        "attribute" => is("object"),
        "subscript" => is("value"),
        "call" => is("function"),
        "unary_operator" | "await" | "member_type" => true,
        "binary_operator" => parent
            .child_by_field_name("operator")
            .is_some_and(|op| op.kind() != "|"),
        _ => false,
    }
}

/// A fix's applicability for a rewrite whose result needs Python `needs` to evaluate, at a
/// site's position. `runtime_identical_since`: below that version the new object differs from
/// the old one where it is used as a value (an alias or a runtime expression).
pub fn decide(
    site: &Site<'_, '_, '_>,
    position: Position,
    needs: PyVersion,
    runtime_identical_since: Option<PyVersion>,
) -> Result<(Applicability, Option<String>), String> {
    let ctx = site.ctx;
    let min = ctx.versions.min;
    if position == Position::Deferred && min < needs && site.in_runtime_model() {
        return Err(format!(
            "a field of a model that evaluates its annotations at run time (pydantic, SQLAlchemy…): it would fail on Python < {needs}"
        ));
    }
    if position == Position::Inert {
        return Ok((Applicability::Safe, None));
    }
    if min >= needs {
        if matches!(position, Position::Alias | Position::Runtime)
            && let Some(v) = runtime_identical_since.filter(|v| min < *v)
        {
            return Ok((
                Applicability::Unsafe,
                Some(format!(
                    "used as a value: before Python {v}, `typing.get_origin()` and `repr()` see a different object"
                )),
            ));
        }
        return Ok((Applicability::Safe, None));
    }
    match position {
        Position::Unevaluated => Ok((
            Applicability::Unsafe,
            Some(format!(
                "never evaluated at run time, but type checkers set to Python {min} reject syntax of Python {needs}"
            )),
        )),
        Position::Deferred => Ok((
            Applicability::Unsafe,
            Some(format!(
                "valid only because the annotation is not evaluated: `typing.get_type_hints()` (pydantic, dataclass tools…) fails on Python < {needs}"
            )),
        )),
        _ => Err(format!(
            "needs Python {needs} at run time, and the minimum supported is {min}"
        )),
    }
}

/// Runs `each` on the rewrite's target node, or on every node of a string annotation the query
/// matched (`@string`), each with its site.
pub fn for_each_site<'c, 't>(
    m: &Match<'_, 't>,
    ctx: &Context<'c, 't>,
    mut each: impl FnMut(&Site<'_, 'c, 't>, Node<'_>),
) {
    if let Some(node) = m.get("node") {
        let site = Site::outer(ctx, node);
        each(&site, node);
    }
    if let Some(string) = m.get("string")
        && let Some(annotation) = StringAnnotation::parse(ctx, string)
    {
        let site = annotation.site(ctx);
        for node in descendants(annotation.expression()) {
            each(&site, node);
        }
    }
}

/// The edit replacing `node` (of `site`) by `text`, padded with a space where it would glue
/// to a neighbouring word (`Optional[str]is` → `str | None is`).
pub fn padded_edit(site: &Site<'_, '_, '_>, node: Node<'_>, text: String) -> Edit {
    let range = site.file_range(node);
    let before = site.ctx.text[..range.start].chars().next_back();
    let after = site.ctx.text[range.end..].chars().next();
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let mut padded = text;
    if word(before) && padded.starts_with(|c: char| c.is_alphanumeric() || c == '_') {
        padded.insert(0, ' ');
    }
    if word(after) && padded.ends_with(|c: char| c.is_alphanumeric() || c == '_') {
        padded.push(' ');
    }
    Edit::replace(range, padded)
}

/// The `typing` names whose uses the typing rewrites replace (by `|`, a builtin or a
/// `collections` class).
const REPLACED_MEMBERS: [&str; 10] = [
    "Union",
    "Optional",
    "List",
    "Dict",
    "Set",
    "FrozenSet",
    "Tuple",
    "Type",
    "Deque",
    "DefaultDict",
];

/// Removes the imports from `typing` or `typing_extensions` (and of those modules themselves)
/// that this run left unused. Imports that were unused before, or that may be re-exported, stay;
/// so do those a string annotation (at any depth, raw or triple-quoted, or a type given to
/// `cast()`/`TypeVar()`) or a `# type:` comment still names.
pub fn remove_unused_imports<'t>(
    rewrite: &'static str,
    ctx: &Context<'_, 't>,
    stmt: Node<'t>,
    out: &mut Vec<Finding>,
) {
    if !ctx.text_of(stmt).contains("typing") {
        return;
    }
    let sem = ctx.semantic();
    let doomed: Vec<_> = sem
        .bindings_of_statement(stmt)
        .into_iter()
        .filter(|&id| {
            let Some(q) = sem.binding(id).qualified_name() else {
                return false;
            };
            // Only the module and the names whose uses the typing rewrites replace can be
            // left unused by them.
            let ours = q == "typing"
                || q == "typing_extensions"
                || q.rsplit_once('.').is_some_and(|(module, member)| {
                    matches!(module, "typing" | "typing_extensions")
                        && REPLACED_MEMBERS.contains(&member)
                });
            ours && !ctx.is_import_used(id)
                && !sem.unread_types_mention(&sem.binding(id).name)
                && !ctx.was_unused_originally(id)
                && !ctx.is_reexport(id)
        })
        .collect();
    let Some(&first) = doomed.first() else {
        return;
    };
    let edits = ctx.imports().delete(&doomed);
    out.push(
        Finding::new(
            rewrite,
            sem.binding(first).node.byte_range(),
            "import left unused by the rewrite",
        )
        .with_fix(Fix::safe("Remove the unused import", edits).as_cleanup()),
    );
}

/// Why a `typing` alias used as a base class cannot become its plain class safely.
pub const CLASS_BASE_NOTE: &str = "as a base class, a `typing` alias also makes the class a `typing.Generic` (with `Generic` in its MRO, generic in the type variables of its subscript); the plain class does not";

/// Whether `node` (a name, `typing.X`, or a subscript of one) is a class's direct base:
/// `class C(X)`, `class C(typing.X[int])`.
pub fn is_class_base(node: Node<'_>) -> bool {
    let mut n = node;
    while let Some(p) = n.parent() {
        let is_field = |f: &str| p.child_by_field_name(f).map(|c| c.id()) == Some(n.id());
        let climb = match p.kind() {
            "attribute" => is_field("object") || is_field("attribute"),
            "subscript" => is_field("value"),
            "generic_type" => p.named_child(0).map(|c| c.id()) == Some(n.id()),
            _ => false,
        };
        if !climb {
            break;
        }
        n = p;
    }
    n.parent().is_some_and(|args| {
        args.kind() == "argument_list"
            && args.parent().is_some_and(|class| {
                class.kind() == "class_definition"
                    && class.child_by_field_name("superclasses").map(|s| s.id()) == Some(args.id())
            })
    })
}

/// Makes unsafe the fixes among `findings` (those `check_changed_import` just made for
/// `stmt`) that turn a `typing` alias (one of `aliases`) used as a class base into the plain
/// class: the use itself (`class C(typing.Mapping[str, T])`), or an import statement binding
/// a name so used.
pub fn unsafe_for_class_bases(
    ctx: &Context<'_, '_>,
    stmt: Node<'_>,
    aliases: &[&str],
    findings: &mut [Finding],
) {
    if findings.iter().all(|f| f.fix.is_none()) {
        return;
    }
    let sem = ctx.semantic();
    let is_alias = |qualified: Option<String>| {
        qualified.is_some_and(|q| {
            q.strip_prefix("typing.")
                .or_else(|| q.strip_prefix("typing_extensions."))
                .is_some_and(|name| aliases.contains(&name))
        })
    };
    let imported_as_base = stmt.kind() == "import_from_statement"
        && sem.bindings_of_statement(stmt).iter().any(|&b| {
            is_alias(sem.binding(b).qualified_name())
                && sem
                    .references_to(b)
                    .iter()
                    .any(|&r| is_class_base(sem.reference(r).node))
        });
    let root = ctx.tree.root_node();
    for f in findings {
        let at_base = root
            .descendant_for_byte_range(f.range.start, f.range.end)
            .is_some_and(|n| is_class_base(n) && is_alias(sem.qualified_name(n)));
        let Some(fix) = f.fix.as_mut() else { continue };
        let on_statement = imported_as_base
            && fix
                .edits
                .iter()
                .any(|e| e.range.start <= stmt.end_byte() && stmt.start_byte() <= e.range.end);
        if (at_base || on_statement) && fix.applicability > Applicability::Unsafe {
            fix.applicability = Applicability::Unsafe;
            f.note = Some(match f.note.take() {
                Some(n) => format!("{n}; {CLASS_BASE_NOTE}"),
                None => CLASS_BASE_NOTE.to_owned(),
            });
        }
    }
}
