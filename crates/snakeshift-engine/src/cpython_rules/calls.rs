//! Arguments and parameters: repetitions and order.

use super::{Kind, Sink, named_children};
use std::collections::HashSet;
use tree_sitter::Node;

/// A call's (or class header's) arguments: repeated keywords, positional arguments after
/// keywords or `**kw`, `*a` after `**kw`, an unparenthesized generator expression among
/// other arguments.
pub(super) fn arguments(list: Node<'_>, sink: &mut Sink<'_>) {
    let args = named_children(list);
    let mut keywords = HashSet::new();
    let (mut keyword, mut double_star) = (false, false);
    for arg in &args {
        match arg.kind() {
            "keyword_argument" => {
                keyword = true;
                if let Some(name) = arg.child_by_field_name("name") {
                    let name_text = sink.text(name);
                    if !keywords.insert(name_text) {
                        sink.push(
                            Kind::RepeatedKeyword,
                            name,
                            format!("keyword argument repeated: {name_text}"),
                        );
                    }
                }
            }
            "dictionary_splat" => double_star = true,
            "list_splat" if double_star => sink.push(
                Kind::ArgumentOrder,
                *arg,
                "iterable argument unpacking follows keyword argument unpacking",
            ),
            "list_splat" => {}
            "generator_expression" if args.len() > 1 && !sink.text(*arg).starts_with('(') => sink
                .push(
                    Kind::ArgumentOrder,
                    *arg,
                    "generator expression must be parenthesized",
                ),
            _ if double_star => sink.push(
                Kind::ArgumentOrder,
                *arg,
                "positional argument follows keyword argument unpacking",
            ),
            _ if keyword => sink.push(
                Kind::ArgumentOrder,
                *arg,
                "positional argument follows keyword argument",
            ),
            _ => {}
        }
    }
}

/// A comprehension clause with an unparenthesized tuple after `in` (`[x for x in a, b]`,
/// `f(x for x in a, b)`), which only Python 2 read.
pub(super) fn comprehension(node: Node<'_>, sink: &mut Sink<'_>) {
    if node.kind() != "for_in_clause" {
        return;
    }
    let mut cursor = node.walk();
    if let Some(second) = node.children_by_field_name("right", &mut cursor).nth(1) {
        sink.push(
            Kind::ArgumentOrder,
            second,
            "a tuple after `in` in a comprehension must be parenthesized",
        );
    }
}

/// The name a parameter binds, if any.
pub(super) fn parameter_name(param: Node<'_>) -> Option<Node<'_>> {
    match param.kind() {
        "identifier" => Some(param),
        "default_parameter" | "typed_default_parameter" => param.child_by_field_name("name"),
        "typed_parameter" | "list_splat_pattern" | "dictionary_splat_pattern" => {
            param.named_child(0).and_then(parameter_name)
        }
        _ => None,
    }
}

/// What a parameter is, for the order rules.
#[derive(PartialEq)]
enum Role {
    Plain,
    Default,
    Star,
    BareStar,
    Slash,
    DoubleStar,
}

fn role(param: Node<'_>) -> Option<Role> {
    Some(match param.kind() {
        "identifier" => Role::Plain,
        "default_parameter" | "typed_default_parameter" => Role::Default,
        "list_splat_pattern" => Role::Star,
        "keyword_separator" => Role::BareStar,
        "positional_separator" => Role::Slash,
        "dictionary_splat_pattern" => Role::DoubleStar,
        "typed_parameter" => match param.named_child(0)?.kind() {
            "list_splat_pattern" => Role::Star,
            "dictionary_splat_pattern" => Role::DoubleStar,
            _ => Role::Plain,
        },
        _ => return None,
    })
}

/// A function's or lambda's parameters: duplicate names and the order CPython requires.
pub(super) fn parameters(list: Node<'_>, sink: &mut Sink<'_>) {
    let params = named_children(list);
    let mut names = HashSet::new();
    let (mut star, mut slash, mut default, mut double_star) = (false, false, false, false);
    let mut bare_star_alone = None;
    for param in &params {
        if param.kind() == "tuple_pattern" {
            sink.push(
                Kind::Python2,
                *param,
                "tuple parameters were removed in Python 3",
            );
            continue;
        }
        if let Some(name) = parameter_name(*param) {
            let name_text = sink.text(name);
            if !names.insert(name_text) {
                sink.push(
                    Kind::DuplicateParameter,
                    name,
                    format!("duplicate argument '{name_text}' in function definition"),
                );
            }
        }
        let Some(role) = role(*param) else { continue };
        if double_star {
            sink.push(
                Kind::ParameterOrder,
                *param,
                "arguments cannot follow var-keyword argument",
            );
            continue;
        }
        match role {
            Role::Plain if !star && default => sink.push(
                Kind::ParameterOrder,
                *param,
                "parameter without a default follows parameter with a default",
            ),
            Role::Default if !star => default = true,
            Role::Star | Role::BareStar if star => sink.push(
                Kind::ParameterOrder,
                *param,
                "* argument may appear only once",
            ),
            Role::Star | Role::BareStar => star = true,
            Role::Slash if star || slash => {
                sink.push(Kind::ParameterOrder, *param, "/ must come once, before *")
            }
            Role::Slash => slash = true,
            Role::DoubleStar => double_star = true,
            _ => {}
        }
        if role == Role::BareStar {
            bare_star_alone = Some(*param);
        } else if !matches!(role, Role::DoubleStar | Role::Slash) {
            bare_star_alone = bare_star_alone.filter(|_| role == Role::Star);
        }
    }
    if let Some(bare) = bare_star_alone {
        sink.push(
            Kind::ParameterOrder,
            bare,
            "named arguments must follow bare *",
        );
    }
}
