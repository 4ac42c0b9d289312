use crate::kit::declare::Check;
use crate::kit::typing::{descendants, simple_string_content};
use snakeshift_engine::activation::Probe;
use snakeshift_engine::fix::{Edit, Finding, Fix};
use snakeshift_engine::parse::{first_syntax_error, parse};
use snakeshift_engine::position::{Position, classify, in_type_checking_block};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::scan::{Kind, Line};
use snakeshift_engine::version::PyVersion;
use tree_sitter::Node;

rewrite! {
    /// # typing-quoted-annotation
    ///
    /// ## What it does
    /// Removes the quotes of a string annotation, or of a string in one at any depth
    /// (`Optional["Node"]`, `Callable[["Console"], "Size"]`), where annotations are not evaluated when
    /// they are defined: in files with `from __future__ import annotations`, in stubs, on
    /// variables annotated in a function body (CPython never evaluates those, PEP 526; as
    /// ruff's UP037), and — when the minimum supported Python is 3.14, whose annotations are
    /// evaluated lazily (PEP 649) — everywhere, unless a name in the string is only defined
    /// under `if TYPE_CHECKING:` or is unknown. Other annotations keep their quotes.
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
    /// Raw (`r"..."`) and triple-quoted strings are unquoted too; content spanning lines or
    /// ending in a comment is wrapped in parentheses. Strings with escapes, bytes and f-strings,
    /// implicit concatenations, content that is not one expression or that an annotation may
    /// not hold (`yield`, `await`, `:=`, a lambda), values (`Literal["a"]`, `Annotated`
    /// metadata), and annotations that are evaluated eagerly on a supported Python, are left
    /// alone.
    TypingQuotedAnnotation {
        id: "typing-quoted-annotation",
        group: "typing",
        summary: "x: \"Foo\" -> x: Foo where annotations are deferred",
        query: include_str!("query.scm"),
        triggers: &["__future__", ": \"", ": '"],
        removed_in: None,
        fix: FixSafety::Safe,
        readme: ("typing", r#"`x: "Foo"` → `x: Foo` under `from __future__ import annotations`, in stubs, for variables annotated in a function body (never evaluated), and when the minimum Python is 3.14 (lazy annotations) unless a name exists only under `if TYPE_CHECKING:`; raw and triple-quoted strings too, content spanning lines or ending in a comment inside parentheses"#, "safe"),
        active_without_trigger: |versions, file| file.is_stub || versions.min >= LAZY_ANNOTATIONS,
        reach: snakeshift_engine::rewrite::Reach::Lines(may_hold_string_annotation),
        activate: |p| {
            let lazy = p.file.is_stub || p.versions.min >= LAZY_ANNOTATIONS;
            if lazy || p.imports_name("__future__", "annotations") {
                p.lines().iter().any(|l| match l.kind {
                    // A signature, or an annotation in an inline body (`if c: x: "A" = 1`).
                    Kind::Header | Kind::Clause | Kind::Case => string_follows_colon(p, l),
                    _ => annotates_a_target(p, l),
                })
            } else {
                p.lines().iter().any(|l| l.indent > 0 && annotates_a_target(p, l))
            }
        },
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

/// Whether a string literal can be (part of) an annotation in a logical line: it follows a
/// `:` or `->` in code (a signature, or an inline body such as `if c: x: "A" = 1`). A dict
/// entry `{"a": "b"}` passes too (the query decides).
fn string_follows_colon(p: &Probe<'_>, line: &Line) -> bool {
    let code = &p.text()[line.code..line.end];
    memchr::memchr_iter(b':', code)
        .filter(|&at| code.get(at + 1) != Some(&b'='))
        .chain(memchr::memmem::find_iter(code, b"->").map(|at| at + 1))
        .any(|at| p.in_code(line.code + at) && string_after(p, line.code, code, at))
}

/// Whether a string follows the annotation colon at `code[at]` with only names, dots, `|`,
/// and open subscripts or calls between (`x: "A"`, `-> Mapping["K", V]`); the strings of a
/// `Literal[...]` are values, not types.
fn string_after(p: &Probe<'_>, base: usize, code: &[u8], at: usize) -> bool {
    let mut depth = 0usize;
    let mut literal: Option<usize> = None;
    for (i, &c) in code.iter().enumerate().skip(at + 1) {
        if p.in_string(base + i) {
            if literal.is_none() {
                return true;
            }
            continue;
        }
        match c {
            b'[' if literal.is_none() && code[..i].trim_ascii_end().ends_with(b"Literal") => {
                literal = Some(depth);
                depth += 1;
            }
            b'[' | b'(' => depth += 1,
            b']' | b')' if depth > 0 => {
                depth -= 1;
                if literal == Some(depth) {
                    literal = None;
                }
            }
            b',' if depth > 0 => {}
            b'.' | b'|' | b' ' | b'\t' | b'\r' | b'\n' | b'\\' => {}
            _ if c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80 => {}
            // A negative number in a `Literal[...]`.
            b'-' if literal.is_some() => {}
            _ => return false,
        }
    }
    false
}

/// Whether a simple statement of a logical line (one of those a `;` in code separates) may
/// annotate a variable with a string: it starts with a name or an attribute chain (`d`,
/// `self.x`), then `:` and a string may follow (`d: "A" = {}`, `x: Dict["K", V]`).
fn annotates_a_target(p: &Probe<'_>, line: &Line) -> bool {
    let code = &p.text()[line.code..line.end];
    let ends = memchr::memchr_iter(b';', code).filter(|&at| p.in_code(line.code + at));
    std::iter::once(0)
        .chain(ends.map(|at| at + 1))
        .any(|start| {
            let rest = &code[start..];
            let blank = |c: &u8| *c == b' ' || *c == b'\t';
            let name = rest.iter().position(|c| !blank(c)).unwrap_or(rest.len());
            let name_end = rest[name..]
                .iter()
                .position(|&c| !(c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || c >= 0x80))
                .map_or(rest.len(), |n| name + n);
            if name_end == name || rest[name].is_ascii_digit() {
                return false;
            }
            let colon = rest[name_end..]
                .iter()
                .position(|c| !blank(c))
                .map(|n| name_end + n);
            colon.is_some_and(|c| {
                rest[c] == b':'
                    && rest.get(c + 1) != Some(&b'=')
                    && string_after(p, line.code, code, start + c)
            })
        })
}

const LAZY_ANNOTATIONS: PyVersion = PyVersion::new(3, 14);

impl Check for TypingQuotedAnnotation {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        let Some(annotation) = m.get("type") else {
            return;
        };
        let text = ctx.text[annotation.byte_range()].as_bytes();
        if memchr::memchr2(b'"', b'\'', text).is_none() {
            return;
        }
        // Every string of the annotation whose nearest enclosing `type` is this one (nested
        // `type` nodes are matches of their own): `"A"`, `Optional["A"]`, the argument list
        // of `Callable[["A"], "B"]`, also once an earlier fix made it `(Callable[...]) | None`.
        for string in descendants(annotation) {
            // (A string inside another one, in an f-string's field, or part of an implicit
            // concatenation is not a type of its own.)
            let nearest_type = std::iter::successors(string.parent(), |n| n.parent())
                .find(|n| matches!(n.kind(), "type" | "string" | "concatenated_string"));
            if string.kind() == "string" && nearest_type.is_some_and(|t| t.id() == annotation.id())
            {
                check_string(ctx, string, out);
            }
        }
    }
}

/// The fix of one string in an annotation, if its quotes can go.
fn check_string<'t>(ctx: &Context<'_, 't>, string: Node<'t>, out: &mut Vec<Finding>) {
    {
        if in_value_position(ctx, string) {
            return;
        }
        let lazy = ctx.versions.min >= LAZY_ANNOTATIONS;
        let eager = match classify(ctx, string) {
            Position::Inert | Position::Deferred => false,
            Position::Unevaluated
                if lazy
                    || ctx.semantic().future_annotations()
                    || is_function_local_annotation(ctx, string) =>
            {
                false
            }
            Position::Eager if lazy => true,
            _ => return,
        };
        let Some((_, content)) = simple_string_content(ctx.text, string) else {
            return;
        };
        // Content spanning lines, or ending in a comment, is unquoted inside parentheses
        // (type checkers read string annotations as if parenthesised, as ruff's UP037 does).
        let has_comment = |tree: &tree_sitter::Tree| {
            descendants(tree.root_node())
                .iter()
                .any(|n| n.kind() == "comment")
        };
        let mut replacement = content.to_owned();
        let mut tree = parse(content);
        if content.contains('\n') || has_comment(&tree) {
            // A comment on the last line would swallow the closing parenthesis.
            let last_line = content.rsplit('\n').next().unwrap_or_default();
            let newline = if last_line.contains('#') {
                ctx.line_ending()
            } else {
                ""
            };
            replacement = format!("({content}{newline})");
            tree = parse(&replacement);
        } else if content.trim() != content {
            return;
        }
        let root = tree.root_node();
        let one_expression = first_syntax_error(&tree).is_none()
            && root.named_child_count() == 1
            && root
                .named_child(0)
                .is_some_and(|s| s.kind() == "expression_statement" && s.named_child_count() == 1);
        // `yield`, `await` and `:=` are not allowed in annotations, and a lambda is no type.
        let forbidden = descendants(root).iter().any(|n| {
            matches!(
                n.kind(),
                "yield"
                    | "await"
                    | "named_expression"
                    | "lambda"
                    | "list_splat"
                    | "dictionary_splat"
            )
        });
        if !one_expression || forbidden {
            return;
        }
        if eager && !names_exist_at_run_time(ctx, string, root, &replacement) {
            return;
        }
        let fix = Fix::safe(
            "Remove the quotes",
            vec![Edit::replace(string.byte_range(), replacement)],
        );
        out.push(
            Finding::new(
                TypingQuotedAnnotation::META.id,
                string.byte_range(),
                "quoted annotation: the annotation is not evaluated here, the quotes are unnecessary",
            )
            .with_fix(fix),
        );
    }
}

/// Whether the string is (in) the annotation of a variable in a function body, which CPython
/// never evaluates (PEP 526), whatever the version: `def f(): d: "ErrorDict" = {}`.
fn is_function_local_annotation(ctx: &Context<'_, '_>, string: Node<'_>) -> bool {
    let mut child = string;
    while let Some(parent) = child.parent() {
        match parent.kind() {
            "assignment" => {
                let is_type =
                    parent.child_by_field_name("type").map(|t| t.id()) == Some(child.id());
                let sem = ctx.semantic();
                return is_type
                    && sem.scope(sem.scope_at(parent.start_byte())).kind
                        == snakeshift_engine::semantic::ScopeKind::Function;
            }
            "block" | "module" | "lambda" | "argument_list" => return false,
            k if k.ends_with("_statement") || k.ends_with("_definition") => return false,
            _ => child = parent,
        }
    }
    false
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

/// Whether the string is a value rather than a type: inside `Literal[...]`, an `Annotated[...]`
/// metadata argument, or a call's argument.
fn in_value_position(ctx: &Context<'_, '_>, string: Node<'_>) -> bool {
    !snakeshift_engine::semantic::is_type_expression_string(ctx.text, string)
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
