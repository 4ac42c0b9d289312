use crate::shared::typing::{descendants, simple_string_content};
use snakeshift_engine::fix::{Edit, Finding, Fix};
use snakeshift_engine::parse::{first_syntax_error, parse};
use snakeshift_engine::position::{Position, classify, in_type_checking_block};
use snakeshift_engine::rewrite::{Context, FixSafety, Match, Rewrite, RewriteMeta};
use snakeshift_engine::version::PyVersion;
use tree_sitter::Node;

rewrite! {
    /// # typing-quoted-annotation
    ///
    /// ## What it does
    /// Removes the quotes of a string annotation where annotations are not evaluated when
    /// they are defined: in files with `from __future__ import annotations`, in stubs, and —
    /// when the minimum supported Python is 3.14, whose annotations are evaluated lazily
    /// (PEP 649) — everywhere, unless a name in the string is only defined under
    /// `if TYPE_CHECKING:` or is unknown. (As in pyupgrade, quotes in other files stay, local
    /// variable annotations included.)
    ///
    /// ## Why
    /// Quotes were needed for forward references when annotations were evaluated eagerly.
    /// Without them, type expressions are checked as code, and the other typing rewrites can
    /// modernise them (`"Optional[Foo]"` → `Foo | None`).
    ///
    /// ## Example
    /// ```python
    /// from __future__ import annotations
    /// def children(self) -> "list[Node]": ...
    /// ```
    /// becomes
    /// ```python
    /// from __future__ import annotations
    /// def children(self) -> list[Node]: ...
    /// ```
    ///
    /// ## Fix safety
    /// Safe: where it applies, the annotation is never evaluated before its names exist, and
    /// `typing.get_type_hints()` resolves the unquoted form exactly as it resolved the string.
    /// Strings with escapes, prefixes or several lines, and annotations that are evaluated
    /// eagerly on a supported Python, are left alone.
    TypingQuotedAnnotation {
        id: "typing-quoted-annotation",
        group: "typing",
        summary: "x: \"Foo\" -> x: Foo where annotations are deferred",
        query: include_str!("query.scm"),
        triggers: &["__future__"],
        removed_in: None,
        fix: FixSafety::Safe,
        active_without_trigger: |versions, file| file.is_stub || versions.min >= LAZY_ANNOTATIONS,
        reach: snakeshift_engine::rewrite::Reach::Lines(may_hold_string_annotation),
        activate: |p| p.imports_name("__future__", "annotations") && p.lines().iter().any(|l| string_follows_colon(p.code_of(l))),
    }
}

/// A line where a string may follow an annotation's `:` or `->` (an over-approximation: the
/// query decides).
fn may_hold_string_annotation(line: &str) -> bool {
    let b = line.as_bytes();
    let Some(annotation) = (0..b.len()).find(|&i| b[i] == b':' || b[i..].starts_with(b"->")) else {
        return false;
    };
    b[annotation..].iter().any(|c| matches!(c, b'"' | b'\''))
}

/// Whether a string literal can be (part of) an annotation in a line: it follows a `:` or
/// `->` with only names, dots, `|`, and open subscripts or calls between (`x: "A"`,
/// `-> Mapping["K", V]`); a dict entry `{"a": "b"}` passes too (the query decides).
fn string_follows_colon(code: &[u8]) -> bool {
    let starts = memchr::memchr_iter(b':', code)
        .filter(|&at| code.get(at + 1) != Some(&b'='))
        .chain(memchr::memmem::find_iter(code, b"->").map(|at| at + 1));
    starts.into_iter().any(|at| {
        let mut depth = 0usize;
        for &c in &code[at + 1..] {
            match c {
                b'"' | b'\'' => return true,
                b'[' | b'(' => depth += 1,
                b']' | b')' if depth > 0 => depth -= 1,
                b',' if depth > 0 => {}
                b'.' | b'|' | b' ' | b'\t' | b'\r' | b'\n' | b'\\' => {}
                _ if c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80 => {}
                _ => return false,
            }
        }
        false
    })
}

const LAZY_ANNOTATIONS: PyVersion = PyVersion::new(3, 14);

impl Rewrite for TypingQuotedAnnotation {
    fn meta(&self) -> &'static RewriteMeta {
        &Self::META
    }

    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        let Some(string) = m.get("string") else {
            return;
        };
        if in_value_position(ctx, string) {
            return;
        }
        let lazy = ctx.versions.min >= LAZY_ANNOTATIONS;
        let eager = match classify(ctx, string) {
            Position::Inert | Position::Deferred => false,
            Position::Unevaluated if lazy || ctx.semantic().future_annotations() => false,
            Position::Eager if lazy => true,
            _ => return,
        };
        let Some((_, content)) = simple_string_content(ctx.text, string) else {
            return;
        };
        let tree = parse(content);
        let root = tree.root_node();
        let one_expression = first_syntax_error(&tree).is_none()
            && root.named_child_count() == 1
            && root
                .named_child(0)
                .is_some_and(|s| s.kind() == "expression_statement" && s.named_child_count() == 1);
        if !one_expression || content.trim() != content {
            return;
        }
        if eager && !names_exist_at_run_time(ctx, string, root, content) {
            return;
        }
        let fix = Fix::safe(
            "Remove the quotes",
            vec![Edit::replace(string.byte_range(), content)],
        );
        out.push(
            Finding::new(
                Self::META.id,
                string.byte_range(),
                "quoted annotation: the annotation is not evaluated here, the quotes are unnecessary",
            )
            .with_fix(fix),
        );
    }
}

/// Every name the annotation uses is bound outside `if TYPE_CHECKING:` (or is a builtin), so
/// evaluating it lazily on Python 3.14 finds it.
fn names_exist_at_run_time(
    ctx: &Context<'_, '_>,
    string: Node<'_>,
    root: Node<'_>,
    content: &str,
) -> bool {
    let sem = ctx.semantic();
    let scope = sem.scope_at(string.start_byte());
    descendants(root).into_iter().all(|n| {
        if n.kind() != "identifier" || is_attribute_name(n) {
            return true;
        }
        let name = &content[n.byte_range()];
        let bindings = sem.lookup(scope, name);
        if bindings.is_empty() {
            return BUILTINS.contains(&name);
        }
        bindings
            .iter()
            .all(|&b| !in_type_checking_block(ctx, sem.binding(b).node))
    })
}

/// Whether the string is a value rather than a type: inside `Literal[...]`, or an
/// `Annotated[...]` metadata argument (to be safe, anywhere in `Annotated[...]`).
fn in_value_position(ctx: &Context<'_, '_>, string: Node<'_>) -> bool {
    let mut node = string;
    while let Some(parent) = node.parent() {
        if matches!(parent.kind(), "generic_type" | "subscript") {
            let name = parent
                .named_child(0)
                .map(|n| ctx.text_of(n).rsplit('.').next().unwrap_or_default());
            if matches!(name, Some("Literal" | "Annotated")) {
                return true;
            }
        }
        if !matches!(
            parent.kind(),
            "type"
                | "generic_type"
                | "type_parameter"
                | "subscript"
                | "attribute"
                | "binary_operator"
                | "tuple"
                | "list"
        ) {
            return false;
        }
        node = parent;
    }
    false
}

fn is_attribute_name(n: Node<'_>) -> bool {
    n.parent().is_some_and(|p| {
        p.kind() == "attribute"
            && p.child_by_field_name("attribute").map(|a| a.id()) == Some(n.id())
    })
}

/// Builtin names that may appear in annotations.
const BUILTINS: &[&str] = &[
    "bool",
    "bytearray",
    "bytes",
    "complex",
    "dict",
    "float",
    "frozenset",
    "int",
    "list",
    "memoryview",
    "object",
    "range",
    "set",
    "slice",
    "str",
    "tuple",
    "type",
    "BaseException",
    "Exception",
    "Ellipsis",
    "NotImplemented",
];
