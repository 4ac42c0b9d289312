//! Placement rules that depend on the enclosing scope or loop: `return`, `yield`, `await`,
//! `break`, `continue`, `global`, `nonlocal`.

use super::calls::parameter_name;
use super::{Kind, Sink, is_field, named_children};
use tree_sitter::Node;

/// The scope a node's code runs in.
#[derive(Clone, Copy)]
enum Scope<'t> {
    Module(Node<'t>),
    Class(Node<'t>),
    /// A `def` (async or not) or a `lambda`.
    Function(Node<'t>),
    Comprehension(Node<'t>),
}

const COMPREHENSIONS: &[&str] = &[
    "list_comprehension",
    "set_comprehension",
    "dictionary_comprehension",
    "generator_expression",
];

/// The innermost scope of `node`. A function's decorators, defaults and annotations, a
/// class's bases and a comprehension's first iterable belong to the enclosing scope.
fn scope_of(node: Node<'_>) -> Scope<'_> {
    let (mut grandchild, mut child) = (None, node);
    while let Some(parent) = child.parent() {
        match parent.kind() {
            "function_definition" | "lambda" if is_field(parent, "body", child) => {
                return Scope::Function(parent);
            }
            "class_definition" if is_field(parent, "body", child) => return Scope::Class(parent),
            kind if COMPREHENSIONS.contains(&kind) => {
                let first_iterable = is_first_clause(parent, child)
                    && grandchild.is_some_and(|g| is_field(child, "right", g));
                if !first_iterable {
                    return Scope::Comprehension(parent);
                }
            }
            _ => {}
        }
        (grandchild, child) = (Some(child), parent);
    }
    Scope::Module(child)
}

fn is_first_clause(comprehension: Node<'_>, child: Node<'_>) -> bool {
    let mut cursor = comprehension.walk();
    let first = comprehension
        .named_children(&mut cursor)
        .find(|c| c.kind() == "for_in_clause");
    first == Some(child)
}

/// Whether a node has an anonymous child token `word` (`async`, `from`).
fn has_token(node: Node<'_>, word: &str) -> bool {
    let mut cursor = node.walk();
    node.children(&mut cursor).any(|c| c.kind() == word)
}

fn is_async_def(node: Node<'_>) -> bool {
    node.kind() == "function_definition" && has_token(node, "async")
}

/// `return`, `yield`, `await`, `async for`/`async with`, `break` and `continue`.
pub(super) fn placement(node: Node<'_>, sink: &mut Sink<'_>) {
    match node.kind() {
        "return_statement" => match scope_of(node) {
            Scope::Function(f) if is_async_def(f) => {
                if node.named_child_count() > 0 && is_generator(f) {
                    sink.push(
                        Kind::OutsideFunction,
                        node,
                        "'return' with value in async generator",
                    );
                }
            }
            Scope::Function(f) if f.kind() == "function_definition" => {}
            _ => sink.push(Kind::OutsideFunction, node, "'return' outside function"),
        },
        "yield" => match scope_of(node) {
            Scope::Function(f) if is_async_def(f) && has_token(node, "from") => sink.push(
                Kind::OutsideFunction,
                node,
                "'yield from' inside async function",
            ),
            Scope::Function(_) => {}
            Scope::Comprehension(_) => sink.push(
                Kind::OutsideFunction,
                node,
                "'yield' inside a comprehension",
            ),
            Scope::Module(_) | Scope::Class(_) => {
                sink.push(Kind::OutsideFunction, node, "'yield' outside function")
            }
        },
        "await" if !in_generator_expression(node) => needs_async(node, "'await'", sink),
        "for_statement" | "with_statement" if has_token(node, "async") => {
            let what = if node.kind() == "for_statement" {
                "'async for'"
            } else {
                "'async with'"
            };
            needs_async(node, what, sink);
        }
        "break_statement" | "continue_statement" if !in_loop(node) => {
            let word = &node.kind()[..node.kind().len() - "_statement".len()];
            sink.push(Kind::OutsideLoop, node, format!("'{word}' outside loop"));
        }
        _ => {}
    }
}

/// Whether `node` is in a generator expression, where `await` makes an asynchronous
/// generator expression, valid in any function since Python 3.7.
fn in_generator_expression(node: Node<'_>) -> bool {
    let mut at = node;
    while let Scope::Comprehension(c) = scope_of(at) {
        if c.kind() == "generator_expression" {
            return true;
        }
        at = c;
    }
    false
}

/// Whether a function's own body yields.
fn is_generator(function: Node<'_>) -> bool {
    let mut found = false;
    if let Some(body) = function.child_by_field_name("body") {
        each_in_scope(body, &mut |n| found |= n.kind() == "yield");
    }
    found
}

/// `await`-like constructs need an `async def` (comprehensions inside one are fine).
fn needs_async(node: Node<'_>, what: &str, sink: &mut Sink<'_>) {
    let mut at = node;
    loop {
        match scope_of(at) {
            Scope::Comprehension(c) => at = c,
            Scope::Function(f) if is_async_def(f) => return,
            Scope::Function(_) => {
                sink.push(
                    Kind::OutsideFunction,
                    node,
                    format!("{what} outside async function"),
                );
                return;
            }
            Scope::Module(_) | Scope::Class(_) => {
                sink.push(
                    Kind::OutsideFunction,
                    node,
                    format!("{what} outside function"),
                );
                return;
            }
        }
    }
}

/// Whether `node` is in the body of a loop of its own scope (not in the loop's `else`).
fn in_loop(node: Node<'_>) -> bool {
    let mut child = node;
    while let Some(parent) = child.parent() {
        match parent.kind() {
            "for_statement" | "while_statement" if is_field(parent, "body", child) => {
                return true;
            }
            "function_definition" | "class_definition" | "lambda" => return false,
            _ => {}
        }
        child = parent;
    }
    false
}

/// `global` and `nonlocal`: not after a use in the same scope, not of a parameter, and for
/// `nonlocal`, not at module level and only of a name an enclosing function binds.
pub(super) fn declaration(node: Node<'_>, sink: &mut Sink<'_>) {
    let word = if node.kind() == "global_statement" {
        "global"
    } else {
        "nonlocal"
    };
    let scope = scope_of(node);
    if word == "nonlocal" && matches!(scope, Scope::Module(_)) {
        sink.push(
            Kind::Declaration,
            node,
            "nonlocal declaration not allowed at module level",
        );
        return;
    }
    let (root, params) = match scope {
        Scope::Function(f) => (
            f.child_by_field_name("body"),
            f.child_by_field_name("parameters"),
        ),
        Scope::Class(c) => (c.child_by_field_name("body"), None),
        Scope::Module(m) => (Some(m), None),
        Scope::Comprehension(_) => return,
    };
    let Some(root) = root else { return };
    let param_names: Vec<&str> = params
        .map(|p| {
            named_children(p)
                .into_iter()
                .filter_map(parameter_name)
                .map(|n| sink.text(n))
                .collect()
        })
        .unwrap_or_default();
    let mut in_scope = Vec::new();
    each_in_scope(root, &mut |n| in_scope.push(n));
    for name in named_children(node) {
        let name_text = sink.text(name);
        // The implicit cell of methods that use `super()` or `__class__`.
        if name_text == "__class__" {
            continue;
        }
        if param_names.contains(&name_text) {
            sink.push(
                Kind::Declaration,
                name,
                format!("name '{name_text}' is parameter and {word}"),
            );
            continue;
        }
        let used_before = in_scope.iter().any(|n| {
            n.kind() == "identifier"
                && n.end_byte() <= node.start_byte()
                && sink.text(*n) == name_text
                && is_name_use(*n)
        });
        if used_before {
            sink.push(
                Kind::Declaration,
                name,
                format!("name '{name_text}' is used prior to {word} declaration"),
            );
        } else if word == "nonlocal" && !bound_in_enclosing_function(node, name_text, sink) {
            sink.push(
                Kind::Declaration,
                name,
                format!("no binding for nonlocal '{name_text}' found"),
            );
        }
    }
}

/// Visits the nodes whose code runs in the scope `root` belongs to: nested functions, classes,
/// lambdas and comprehensions contribute only what the enclosing scope evaluates.
fn each_in_scope<'t>(root: Node<'t>, visit: &mut impl FnMut(Node<'t>)) {
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        visit(node);
        let mut cursor = node.walk();
        let children: Vec<Node<'t>> = node.children(&mut cursor).collect();
        let kind = node.kind();
        for child in children.into_iter().rev() {
            let enters = match kind {
                "function_definition" | "lambda" | "class_definition" => {
                    !is_field(node, "body", child)
                        && !matches!(child.kind(), "parameters" | "lambda_parameters")
                }
                k if COMPREHENSIONS.contains(&k) => is_first_clause(node, child),
                "for_in_clause" => is_field(node, "right", child),
                _ => true,
            };
            if enters {
                stack.push(child);
            }
        }
        // A nested function's defaults and annotations run in this scope.
        if matches!(kind, "function_definition" | "lambda")
            && let Some(params) = node.child_by_field_name("parameters")
        {
            for param in named_children(params) {
                for field in ["value", "type"] {
                    stack.extend(param.child_by_field_name(field));
                }
            }
        }
    }
}

/// Whether an identifier names a variable of its scope (not an attribute, a keyword argument's
/// name, or a module path in an import).
fn is_name_use(id: Node<'_>) -> bool {
    let Some(parent) = id.parent() else {
        return true;
    };
    match parent.kind() {
        "attribute" => !is_field(parent, "attribute", id),
        "keyword_argument" | "keyword_pattern" => !is_field(parent, "name", id),
        // `import a.b` binds `a`; `import a.b as c` and `from a import b` do not bind `a`.
        "dotted_name" => {
            parent
                .parent()
                .is_some_and(|g| g.kind() == "import_statement")
                && parent.named_child(0) == Some(id)
        }
        "global_statement" | "nonlocal_statement" => false,
        _ => true,
    }
}

/// Whether some enclosing function of `node`'s scope binds `name` (over-approximated: any
/// use of the name in a binding position, parameters included).
fn bound_in_enclosing_function(node: Node<'_>, name: &str, sink: &Sink<'_>) -> bool {
    let mut at = match scope_of(node) {
        Scope::Function(f) | Scope::Class(f) => f,
        Scope::Module(_) | Scope::Comprehension(_) => return true,
    };
    loop {
        match scope_of(at) {
            Scope::Module(_) => return false,
            Scope::Class(c) | Scope::Comprehension(c) => at = c,
            Scope::Function(f) => {
                let params = f.child_by_field_name("parameters");
                let in_params = params.is_some_and(|p| {
                    named_children(p)
                        .into_iter()
                        .filter_map(parameter_name)
                        .any(|n| sink.text(n) == name)
                });
                let (mut bound, mut global) = (in_params, false);
                if let Some(body) = f.child_by_field_name("body") {
                    each_in_scope(body, &mut |n| {
                        bound |= n.kind() == "identifier" && sink.text(n) == name && binds(n);
                        global |= n.kind() == "global_statement"
                            && named_children(n).iter().any(|g| sink.text(*g) == name);
                    });
                }
                // `global x` in an enclosing function hides its binding from inner scopes.
                if global {
                    return false;
                }
                if bound {
                    return true;
                }
                at = f;
            }
        }
    }
}

/// Whether an identifier is in a binding position (over-approximated).
fn binds(id: Node<'_>) -> bool {
    let mut child = id;
    while let Some(parent) = child.parent() {
        match parent.kind() {
            "assignment" | "augmented_assignment" | "for_statement" | "for_in_clause" => {
                return is_field(parent, "left", child);
            }
            "named_expression" | "function_definition" | "class_definition" => {
                return is_field(parent, "name", child);
            }
            "as_pattern_target"
            | "case_pattern"
            | "delete_statement"
            | "nonlocal_statement"
            | "import_statement"
            | "import_from_statement"
            | "type_parameter" => return true,
            "pattern_list"
            | "tuple_pattern"
            | "list_pattern"
            | "list_splat_pattern"
            | "list_splat"
            | "tuple"
            | "list"
            | "parenthesized_expression"
            | "expression_list"
            | "dotted_name"
            | "aliased_import" => {}
            kind if kind.ends_with("_pattern") => {}
            _ => return false,
        }
        child = parent;
    }
    false
}
