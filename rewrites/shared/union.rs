//! `Union[A, B]` / `Optional[A]` → `A | B` / `A | None`, keeping the user's layout.
//!
//! The rewrite edits tokens, as pyupgrade does: `Union[` and `]` go (or become parentheses
//! when the union spans lines), commas become ` |`, a trailing comma goes, so comments and line
//! breaks stay where they were. Nested `Union`/`Optional` are flattened into one union and a
//! repeated `None` is dropped, as ruff does. Operands that cannot stand on either side of `|`
//! (walrus, lambda, starred, slices, tuples, `NamedTuple`) refuse the rewrite; forward
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
}

struct Flat<'t> {
    operands: Vec<Operand<'t>>,
    edits: Vec<(Range<usize>, String)>,
}

/// Plans the rewrite of the union `g` (a `Union` or `Optional` of kind `kind`).
pub fn plan(site: &Site<'_, '_, '_>, g: &Generic<'_>, kind: Kind) -> Result<Plan, String> {
    let mut flat = Flat {
        operands: Vec::new(),
        edits: Vec::new(),
    };
    let multiline = g.is_multiline();
    flatten(site, g, kind, multiline, &mut flat)?;
    let nones = flat
        .operands
        .iter()
        .filter(|o| match o {
            Operand::ImplicitNone => true,
            Operand::Arg(n) => expression_of(*n).kind() == "none",
        })
        .count();
    if nones == flat.operands.len() {
        return Err("every member is `None`: `None | None` raises TypeError".to_owned());
    }
    if let Some(isinstance) = isinstance_tuple(site, g, &flat)? {
        return Ok(Plan {
            text: isinstance,
            position: site.position(),
        });
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
    let mut text = if nones > 1 {
        regenerate(site, g, &flat)?
    } else {
        splice(site.text, g.node.byte_range(), &flat.edits)
    };
    let members = flat.operands.len() - nones.saturating_sub(1);
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
    Ok(Plan { text, position })
}

fn flatten<'t>(
    site: &Site<'_, '_, '_>,
    g: &Generic<'t>,
    kind: Kind,
    outer_parens: bool,
    flat: &mut Flat<'t>,
) -> Result<(), String> {
    if g.args.is_empty() {
        return Err("an empty subscript".to_owned());
    }
    if kind == Kind::Optional && g.args.len() != 1 {
        return Err("`Optional` takes exactly one type".to_owned());
    }
    let open = if outer_parens { "(" } else { "" };
    flat.edits
        .push((g.name.start_byte()..g.open.end_byte(), open.to_owned()));
    for arg in &g.args {
        let expr = expression_of(*arg);
        match expr.kind() {
            "named_expression"
            | "lambda"
            | "list_splat"
            | "dictionary_splat"
            | "slice"
            | "yield"
            | "keyword_argument"
            | "tuple"
            | "generator_expression"
            | "conditional_expression"
            | "await"
            | "list_splat_pattern"
            | "dictionary_splat_pattern" => {
                return Err(format!(
                    "`{}` cannot be a member of an `X | Y` union",
                    site.text_of(expr)
                ));
            }
            _ => {}
        }
        if let Some(inner) = Generic::new(expr)
            && let Some(inner_kind) = site.qualified(inner.name).as_deref().and_then(Kind::of)
        {
            flatten(site, &inner, inner_kind, false, flat)?;
            continue;
        }
        if site.qualified(expr).as_deref() == Some("typing.NamedTuple") {
            return Err(
                "`NamedTuple` is a function at run time: `NamedTuple | X` raises TypeError"
                    .to_owned(),
            );
        }
        flat.operands.push(Operand::Arg(*arg));
    }
    let last_arg_end = g.args.last().map_or(0, |a| a.end_byte());
    for comma in &g.commas {
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
    flat.edits.push((g.close.byte_range(), close.to_owned()));
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

/// Rebuilds the union from its members' texts, keeping the first `None` only.
fn regenerate(site: &Site<'_, '_, '_>, g: &Generic<'_>, flat: &Flat<'_>) -> Result<String, String> {
    if site.text_of(g.node).contains('#') {
        return Err("a repeated `None` in a union with comments".to_owned());
    }
    let mut members: Vec<String> = Vec::new();
    let mut seen_none = false;
    for o in &flat.operands {
        let text = match o {
            Operand::ImplicitNone => "None".to_owned(),
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
        if text == "None" {
            if seen_none {
                continue;
            }
            seen_none = true;
        }
        members.push(text.split_whitespace().collect::<Vec<_>>().join(" "));
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
        if site.qualified(g.name).as_deref().and_then(Kind::of) != Some(kind) {
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
        let fix = Fix::new(
            title,
            applicability,
            vec![padded_edit(site, g.node, plan.text)],
        );
        let mut finding = finding.with_fix(fix);
        finding.note = note;
        out.push(finding);
    });
}
