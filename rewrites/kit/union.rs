//! `Union[A, B]` / `Optional[A]` → `A | B` / `A | None`, keeping the user's layout.
//!
//! The rewrite edits tokens, as pyupgrade does: `Union[` and `]` go (or become parentheses
//! when the union spans lines), commas become ` |`, a trailing comma goes, so comments and line
//! breaks stay where they were. Nested `Union`/`Optional` are flattened into one union and
//! repeated members are dropped, as typing does. Operands that cannot stand on either side of `|`
//! (walrus, lambda, starred, slices, tuples, `NamedTuple`…) refuse the rewrite; forward
//! references are handled by quoting the whole union (`"Foo | None"`), never `"Foo" | None`.

use super::typing::{Generic, Site, expression_of, simple_string_content, union_needs_parens};
use snakeshift_engine::position::Position;
use std::ops::Range;
use tree_sitter::Node;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Union,
    Optional,
}

impl Kind {
    pub fn of(qualified: &str) -> Option<Kind> {
        match qualified {
            "typing.Union" => Some(Kind::Union),
            "typing.Optional" => Some(Kind::Optional),
            _ => None,
        }
    }
}

/// One member of the flattened union.
#[derive(Clone, Copy)]
enum Operand<'t> {
    Arg(Node<'t>),
    /// The `None` an `Optional[...]` contributes.
    ImplicitNone,
}

/// The planned rewrite of one union.
pub struct Plan {
    /// Text replacing the union's node.
    pub text: String,
    /// Where the result is really evaluated: an eager annotation quoted as a whole becomes
    /// deferred.
    pub position: Position,
    /// Why the result, although valid, does not behave exactly as the original (the fix is
    /// then unsafe).
    pub caveat: Option<String>,
}

struct Flat<'t> {
    operands: Vec<Operand<'t>>,
    edits: Vec<(Range<usize>, String)>,
    /// The original evaluates `None | None`, which raises TypeError.
    raises: bool,
}

/// Plans the rewrite of the union `g` (a `Union` or `Optional` of kind `kind`).
pub fn plan(site: &Site<'_, '_, '_>, g: &Generic<'_>, kind: Kind) -> Result<Plan, String> {
    let mut flat = Flat {
        operands: Vec::new(),
        edits: Vec::new(),
        raises: false,
    };
    let multiline = g.is_multiline();
    flatten(site, g, kind, multiline, &mut flat)?;
    let caveat = flat.raises.then(|| {
        "the original evaluates `None | None`, which raises TypeError; the result does not"
            .to_owned()
    });
    if let Some(isinstance) = isinstance_tuple(site, g, &flat)? {
        return Ok(Plan {
            text: isinstance,
            position: site.position(),
            caveat,
        });
    }
    let texts: Vec<String> = flat
        .operands
        .iter()
        .map(|o| member_text(site, &flat, *o))
        .collect();
    let mut distinct: Vec<&String> = Vec::new();
    for t in &texts {
        if !distinct.contains(&t) {
            distinct.push(t);
        }
    }
    let value_position = matches!(
        site.position(),
        Position::Alias | Position::Runtime | Position::TypingOnly
    );
    if distinct.len() == 1 && distinct[0] == "None" {
        if value_position {
            return Err(
                "every member is `None`: the union is `NoneType` as a value, and `None` is not"
                    .to_owned(),
            );
        }
        return Ok(Plan {
            text: "None".to_owned(),
            position: site.position(),
            caveat,
        });
    }
    if value_position
        && kind == Kind::Union
        && g.args.len() == 1
        && flat.operands.len() == 1
        && may_be_tuple(site, expression_of(g.args[0]))
    {
        return Err(format!(
            "`{}` may hold a tuple of types at run time, which `Union[...]` unpacks",
            site.text_of(g.args[0])
        ));
    }
    let strings = string_operands(&flat);
    let mut position = site.position();
    let quote_whole =
        !strings.is_empty() && !site.is_string_content() && site.position() != Position::Inert;
    if !strings.is_empty() {
        match site.position() {
            Position::Alias | Position::Runtime => {
                return Err(
                    "a forward reference in a type used as a value: quote the whole union by hand"
                        .to_owned(),
                );
            }
            _ if quote_whole && multiline => {
                return Err("a forward reference in a union spanning lines".to_owned());
            }
            Position::Eager | Position::TypingOnly if quote_whole => position = Position::Deferred,
            _ => {}
        }
        for s in &strings {
            let (_, content) = simple_string_content(site.text, *s)
                .filter(|(_, c)| is_dotted_name(c))
                .ok_or("a forward reference that is not a plain name")?;
            flat.edits.push((s.byte_range(), content.to_owned()));
        }
    }
    // Once the forward references are unquoted, `Union[int, "int"]` repeats a member too.
    let texts: Vec<String> = flat
        .operands
        .iter()
        .map(|o| member_text(site, &flat, *o))
        .collect();
    let mut members = 0;
    for (i, t) in texts.iter().enumerate() {
        if !texts[..i].contains(t) {
            members += 1;
        }
    }
    let mut text = if members < flat.operands.len() {
        regenerate(site, g, &texts)?
    } else {
        splice(site.text, g.node.byte_range(), &flat.edits)
    };
    if members > 1 && union_needs_parens(g.node) && !multiline {
        text = format!("({text})");
    }
    if quote_whole {
        let q = quote_of(site, strings[0]);
        if text.contains(['"', '\'']) {
            return Err("the union holds other string literals".to_owned());
        }
        text = format!("{q}{text}{q}");
    }
    Ok(Plan {
        text,
        position,
        caveat,
    })
}

/// The expression inside any number of parentheses that hold only it (no comment).
fn innermost_parenthesised(mut expr: Node<'_>) -> Node<'_> {
    while expr.kind() == "parenthesized_expression" && expr.named_child_count() == 1 {
        match expr.named_child(0) {
            Some(inner) => expr = inner,
            None => break,
        }
    }
    expr
}

fn flatten<'t>(
    site: &Site<'_, '_, '_>,
    g: &Generic<'t>,
    kind: Kind,
    outer_parens: bool,
    flat: &mut Flat<'t>,
) -> Result<(), String> {
    let mut args = g.args.clone();
    let mut commas = g.commas.clone();
    let mut open_end = g.open.end_byte();
    let mut close_start = g.close.start_byte();
    // `Union[(A, B)]` is `Union[A, B]`: typing unpacks a tuple given as the whole subscript,
    // however many parentheses surround it (`Union[((A, B))]`).
    if let [only] = args.as_slice()
        && let tuple = innermost_parenthesised(expression_of(*only))
        && tuple.kind() == "tuple"
        && kind == Kind::Union
        && g.commas.is_empty()
    {
        let mut cursor = tuple.walk();
        let tokens: Vec<Node<'t>> = tuple.children(&mut cursor).collect();
        match (tokens.first(), tokens.last()) {
            (Some(open), Some(close)) if open.kind() == "(" && close.kind() == ")" => {
                open_end = open.end_byte();
                close_start = close.start_byte();
            }
            _ => return Err("a tuple that is not parenthesised".to_owned()),
        }
        args = tokens.iter().filter(|t| t.is_named()).copied().collect();
        commas = tokens.into_iter().filter(|t| t.kind() == ",").collect();
        if args.iter().any(|a| a.kind() == "comment") {
            return Err("a comment inside the tuple".to_owned());
        }
    }
    if args.is_empty() {
        return Err("an empty union: `Union[()]` raises TypeError".to_owned());
    }
    if kind == Kind::Optional && args.len() != 1 {
        return Err("`Optional` takes exactly one type".to_owned());
    }
    let open = if outer_parens { "(" } else { "" };
    flat.edits
        .push((g.name.start_byte()..open_end, open.to_owned()));
    for arg in &args {
        let expr = expression_of(*arg);
        if let Some(inner) = Generic::new(expr)
            && let Some(inner_kind) = site.qualified(inner.name).as_deref().and_then(Kind::of)
        {
            flatten(site, &inner, inner_kind, false, flat)?;
            continue;
        }
        operand(site, *arg, flat)?;
    }
    let last_arg_end = args.last().map_or(0, |a| a.end_byte());
    for comma in &commas {
        let replacement = if comma.start_byte() >= last_arg_end {
            String::new()
        } else if site.text[comma.end_byte()..].starts_with(char::is_whitespace) {
            " |".to_owned()
        } else {
            " | ".to_owned()
        };
        flat.edits.push((comma.byte_range(), replacement));
    }
    let close = match (kind, outer_parens) {
        (Kind::Optional, true) => ") | None",
        (Kind::Optional, false) => " | None",
        (Kind::Union, true) => ")",
        (Kind::Union, false) => "",
    };
    if kind == Kind::Optional {
        flat.operands.push(Operand::ImplicitNone);
    }
    flat.edits
        .push((close_start..g.close.end_byte(), close.to_owned()));
    Ok(())
}

/// Adds one member (`arg`, a node of the subscript) to the flat union, or refuses the rewrite
/// when it has no faithful `|` spelling. The members of a PEP 604 union inside (`None | int`)
/// are recorded one by one, so that a repeated member is seen; their text is kept.
fn operand<'t>(site: &Site<'_, '_, '_>, arg: Node<'t>, flat: &mut Flat<'t>) -> Result<(), String> {
    let expr = expression_of(arg);
    let text = site.text_of(expr);
    match expr.kind() {
        "identifier" | "attribute" | "member_type" | "call" | "none" | "string" => {}
        "subscript" | "generic_type" => {
            let unpack = Generic::new(expr)
                .and_then(|g| site.qualified(g.name))
                .is_some_and(|q| q == "typing.Unpack" || q == "typing_extensions.Unpack");
            if unpack {
                return Err(format!(
                    "`{text}` unpacks a variadic type inside the union: it has no `|` spelling"
                ));
            }
        }
        "binary_operator" | "union_type"
            if expr
                .child_by_field_name("operator")
                .is_none_or(|op| op.kind() == "|") =>
        {
            let mut cursor = expr.walk();
            let members: Vec<Node<'t>> = expr.named_children(&mut cursor).collect();
            if members.len() == 2 && members.iter().all(|m| expression_of(*m).kind() == "none") {
                flat.raises = true;
            }
            for member in members {
                operand(site, member, flat)?;
            }
            return Ok(());
        }
        "parenthesized_expression" => {
            let mut inner = expr;
            while inner.kind() == "parenthesized_expression" && inner.named_child_count() == 1 {
                inner = inner.named_child(0).unwrap_or(inner);
            }
            match inner.kind() {
                "binary_operator" | "union_type" => return operand(site, inner, flat),
                "identifier"
                | "attribute"
                | "call"
                | "subscript"
                | "generic_type"
                | "member_type"
                | "none"
                | "conditional_expression" => {}
                _ => return Err(format!("`{text}` cannot be a member of an `X | Y` union")),
            }
        }
        "conditional_expression" => {
            // `A if c else B` binds more loosely than `|`.
            flat.edits
                .push((expr.start_byte()..expr.start_byte(), "(".to_owned()));
            flat.edits
                .push((expr.end_byte()..expr.end_byte(), ")".to_owned()));
        }
        "list_splat" | "splat_type" | "list_splat_pattern" | "dictionary_splat" => {
            return Err(format!(
                "`{text}` unpacks a variadic type inside the union: it has no `|` spelling"
            ));
        }
        "slice" | "constrained_type" => {
            return Err(format!(
                "`{text}` is a slice, not a type: without the brackets it is invalid syntax"
            ));
        }
        "ellipsis" => {
            return Err("`...` is not a type: `... | X` raises TypeError".to_owned());
        }
        "tuple" => {
            return Err(format!(
                "`{text}` is a tuple, not a type: typing rejects it (TypeError)"
            ));
        }
        _ => {
            return Err(format!("`{text}` cannot be a member of an `X | Y` union"));
        }
    }
    if matches!(
        site.qualified(expr).as_deref(),
        Some("typing.NamedTuple" | "typing_extensions.NamedTuple")
    ) {
        return Err(
            "`NamedTuple` is a function at run time: `NamedTuple | X` raises TypeError".to_owned(),
        );
    }
    flat.operands.push(Operand::Arg(arg));
    Ok(())
}

fn string_operands<'t>(flat: &Flat<'t>) -> Vec<Node<'t>> {
    flat.operands
        .iter()
        .filter_map(|o| match o {
            Operand::Arg(n) if expression_of(*n).kind() == "string" => Some(expression_of(*n)),
            _ => None,
        })
        .collect()
}

fn is_dotted_name(s: &str) -> bool {
    !s.is_empty()
        && s.split('.').all(|part| {
            part.chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_')
                && part.chars().all(|c| c.is_alphanumeric() || c == '_')
        })
}

fn quote_of(site: &Site<'_, '_, '_>, string: Node<'_>) -> char {
    if site.text_of(string).starts_with('\'') {
        '\''
    } else {
        '"'
    }
}

/// `isinstance(x, Union[A, B])` → `isinstance(x, (A, B))`: valid on every version, and the
/// tuple is faster than a union.
fn isinstance_tuple(
    site: &Site<'_, '_, '_>,
    g: &Generic<'_>,
    flat: &Flat<'_>,
) -> Result<Option<String>, String> {
    let Some(args) = g.node.parent().filter(|p| p.kind() == "argument_list") else {
        return Ok(None);
    };
    let Some(call) = args.parent().filter(|c| c.kind() == "call") else {
        return Ok(None);
    };
    let function = call.child_by_field_name("function");
    let name = function.map(|f| site.text_of(f)).unwrap_or_default();
    let second = args.named_child(1).map(|n| n.id()) == Some(g.node.id());
    if !matches!(name, "isinstance" | "issubclass")
        || !second
        || !site.builtin_is_visible(name, call)
    {
        return Ok(None);
    }
    let mut members = Vec::new();
    for o in &flat.operands {
        let text = match o {
            Operand::Arg(n) if expression_of(*n).kind() == "none" => "type(None)".to_owned(),
            Operand::Arg(n) => site.text_of(*n).to_owned(),
            Operand::ImplicitNone => "type(None)".to_owned(),
        };
        if !members.contains(&text) {
            members.push(text);
        }
    }
    if members.iter().any(|m| m == "type(None)") && !site.builtin_is_visible("type", call) {
        return Err("`type` is shadowed here".to_owned());
    }
    if members.iter().any(|m| m.contains('\n') || m.contains('#')) {
        return Err("a member spans lines".to_owned());
    }
    Ok(Some(match members.as_slice() {
        [one] => one.clone(),
        _ => format!("({})", members.join(", ")),
    }))
}

/// Whether the single member of `Union[x]` may be a tuple of types at run time (a variable,
/// an attribute, a call's result), which `Union` unpacks and `|` cannot express. Builtin
/// classes and subscripted generics are types.
fn may_be_tuple(site: &Site<'_, '_, '_>, expr: Node<'_>) -> bool {
    const BUILTIN_TYPES: [&str; 14] = [
        "int",
        "str",
        "bytes",
        "float",
        "complex",
        "bool",
        "list",
        "dict",
        "set",
        "frozenset",
        "tuple",
        "type",
        "object",
        "bytearray",
    ];
    match expr.kind() {
        "identifier" => {
            let name = site.text_of(expr);
            !(BUILTIN_TYPES.contains(&name) && site.builtin_is_visible(name, expr))
        }
        "attribute" | "call" => true,
        _ => false,
    }
}

/// The text of one member once the edits inside it are applied, its whitespace collapsed: what
/// duplicates are recognised by (`Union[int, int]` is `int`, as typing deduplicates).
fn member_text(site: &Site<'_, '_, '_>, flat: &Flat<'_>, o: Operand<'_>) -> String {
    let text = match o {
        Operand::ImplicitNone => return "None".to_owned(),
        Operand::Arg(n) => {
            let own: Vec<(Range<usize>, String)> = flat
                .edits
                .iter()
                .filter(|(r, _)| n.start_byte() <= r.start && r.end <= n.end_byte())
                .cloned()
                .collect();
            splice(site.text, n.byte_range(), &own)
        }
    };
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Rebuilds the union from its members' texts, keeping the first of repeated members.
fn regenerate(
    site: &Site<'_, '_, '_>,
    g: &Generic<'_>,
    texts: &[String],
) -> Result<String, String> {
    if site.text_of(g.node).contains('#') {
        return Err("a repeated member in a union with comments".to_owned());
    }
    let mut members: Vec<&str> = Vec::new();
    for t in texts {
        if !members.contains(&t.as_str()) {
            members.push(t);
        }
    }
    Ok(members.join(" | "))
}

/// The text of `range` with the edits inside it applied.
fn splice(text: &str, range: Range<usize>, edits: &[(Range<usize>, String)]) -> String {
    let mut edits: Vec<&(Range<usize>, String)> = edits
        .iter()
        .filter(|(r, _)| range.start <= r.start && r.end <= range.end)
        .collect();
    edits.sort_by_key(|(r, _)| r.start);
    let mut out = String::new();
    let mut last = range.start;
    for (r, replacement) in edits {
        if r.start < last {
            continue;
        }
        out.push_str(&text[last..r.start]);
        out.push_str(replacement);
        last = r.end;
    }
    out.push_str(&text[last..range.end]);
    out
}

/// The check of `typing-union` and `typing-optional`: every `Union[...]` (or `Optional[...]`)
/// the query matched, in the file or in a string annotation.
pub fn check<'t>(
    meta: &'static snakeshift_engine::rewrite::RewriteMeta,
    kind: Kind,
    m: &snakeshift_engine::rewrite::Match<'_, 't>,
    ctx: &snakeshift_engine::rewrite::Context<'_, 't>,
    out: &mut Vec<snakeshift_engine::fix::Finding>,
) {
    use super::typing::{PEP_604, UNIFIED_UNION, decide, for_each_site, padded_edit};
    use snakeshift_engine::fix::{Applicability, Finding, Fix};
    if let Some(stmt) = m.get("import") {
        super::typing::remove_unused_imports(meta.id, ctx, stmt, out);
        return;
    }
    for_each_site(m, ctx, |site, node| {
        let Some(g) = Generic::new(node) else { return };
        if site.qualified(g.name).as_deref().and_then(Kind::of) != Some(kind)
            || super::syntax::is_store_target(g.node)
        {
            return;
        }
        let old = match kind {
            Kind::Union => "Union[...]",
            Kind::Optional => "Optional[...]",
        };
        let message = match kind {
            Kind::Union => format!("use `X | Y` instead of `{old}`"),
            Kind::Optional => format!("use `X | None` instead of `{old}`"),
        };
        let planned = plan(site, &g, kind);
        let finding = Finding::new(meta.id, site.file_range(g.node), message.clone());
        let plan = match planned {
            Ok(p) => p,
            Err(reason) => {
                out.push(finding.with_note(reason));
                return;
            }
        };
        let is_tuple = plan.text.starts_with('(')
            && !site.text_of(g.node).contains('\n')
            && g.node.parent().is_some_and(|p| p.kind() == "argument_list");
        let verdict = if is_tuple {
            Ok((Applicability::Safe, None))
        } else {
            decide(site, plan.position, PEP_604, Some(UNIFIED_UNION))
        };
        let (applicability, mut note) = match verdict {
            Ok(v) => v,
            Err(reason) => {
                out.push(finding.with_note(reason));
                return;
            }
        };
        let applicability = if let Some(caveat) = &plan.caveat {
            note = Some(caveat.clone());
            applicability.min(Applicability::Unsafe)
        } else {
            applicability
        };
        let applicability = if site.text_of(g.node).contains('#')
            && plan.text.matches('#').count() < site.text_of(g.node).matches('#').count()
        {
            note = Some("a comment inside would be lost".to_owned());
            applicability.min(Applicability::Unsafe)
        } else {
            applicability
        };
        let title = if is_tuple {
            "Use a tuple of types"
        } else {
            "Use `|`"
        };
        // `X | Y` and a tuple of types are final: no typing rewrite acts on them.
        let fix = Fix::new(
            title,
            applicability,
            vec![padded_edit(site, g.node, plan.text)],
        )
        .as_final();
        let mut finding = finding.with_fix(fix);
        finding.note = note;
        out.push(finding);
    });
}
