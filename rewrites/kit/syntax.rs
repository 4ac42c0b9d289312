//! Helpers for query-driven rewrites of method-level patterns: enclosing classes and
//! functions, base classes, where a receiver's value comes from.

use snakeshift_engine::rewrite::Context;
use snakeshift_engine::semantic::BindingKind;
use tree_sitter::Node;

/// The innermost ancestor of `node` (itself excluded) of one of `kinds`.
pub fn ancestor<'t>(node: Node<'t>, kinds: &[&str]) -> Option<Node<'t>> {
    let mut current = node.parent();
    while let Some(n) = current {
        if kinds.contains(&n.kind()) {
            return Some(n);
        }
        current = n.parent();
    }
    None
}

/// Whether `node` is written to, not read: the target of an assignment (`x = Optional[str] =
/// v` assigns to the subscript), of an augmented assignment, a `for` loop, `del`, or
/// `with … as`, directly or inside a tuple or list of targets. Such a node is not a type
/// expression, and `str | None = v` would not even compile.
pub fn is_store_target(node: Node<'_>) -> bool {
    let mut n = node;
    while let Some(p) = n.parent() {
        let is_left = p.child_by_field_name("left") == Some(n);
        match p.kind() {
            "pattern_list" | "tuple_pattern" | "list_pattern" | "parenthesized_expression" => {}
            "assignment" | "augmented_assignment" | "for_statement" | "for_in_clause" => {
                return is_left;
            }
            "delete_statement" | "as_pattern_target" => return true,
            _ => return false,
        }
        n = p;
    }
    false
}

/// The function a node is directly in (not crossing a class body), and the class that
/// function is a method of, if any.
pub fn enclosing_method<'t>(node: Node<'t>) -> Option<(Node<'t>, Node<'t>)> {
    let func = ancestor(node, &["function_definition"])?;
    let class = method_class(func)?;
    Some((func, class))
}

/// The class whose body directly defines `func` (through decorators).
pub fn method_class<'t>(func: Node<'t>) -> Option<Node<'t>> {
    let mut parent = func.parent()?;
    if parent.kind() == "decorated_definition" {
        parent = parent.parent()?;
    }
    if parent.kind() != "block" {
        return None;
    }
    parent.parent().filter(|c| c.kind() == "class_definition")
}

/// The name of a function's first parameter (`self`, `cls`).
pub fn first_parameter<'t>(func: Node<'t>, ctx: &Context<'_, 't>) -> Option<&'t str> {
    let params = func.child_by_field_name("parameters")?;
    let mut cursor = params.walk();
    let first = params.named_children(&mut cursor).next()?;
    let name = match first.kind() {
        "identifier" => first,
        "typed_parameter" => first.named_child(0)?,
        "default_parameter" | "typed_default_parameter" => first.child_by_field_name("name")?,
        _ => return None,
    };
    Some(ctx.text_of(name))
}

/// The argument nodes of a class's base list (keyword arguments such as `metaclass=` excluded).
pub fn bases<'t>(class: Node<'t>) -> Vec<Node<'t>> {
    let Some(list) = class.child_by_field_name("superclasses") else {
        return Vec::new();
    };
    let mut cursor = list.walk();
    list.named_children(&mut cursor)
        .filter(|n| !matches!(n.kind(), "keyword_argument" | "comment"))
        .collect()
}

/// The methods (and other names) a class body defines directly.
pub fn class_members<'t>(class: Node<'t>, ctx: &Context<'_, 't>) -> Vec<(&'t str, Node<'t>)> {
    let Some(body) = class.child_by_field_name("body") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut cursor = body.walk();
    for stmt in body.named_children(&mut cursor) {
        let def = if stmt.kind() == "decorated_definition" {
            stmt.child_by_field_name("definition")
        } else {
            Some(stmt)
        };
        let Some(def) = def else { continue };
        match def.kind() {
            "function_definition" | "class_definition" => {
                if let Some(name) = def.child_by_field_name("name") {
                    out.push((ctx.text_of(name), def));
                }
            }
            "expression_statement" => {
                if let Some(assign) = def.named_child(0).filter(|a| a.kind() == "assignment")
                    && let Some(left) = assign.child_by_field_name("left")
                    && left.kind() == "identifier"
                {
                    out.push((ctx.text_of(left), def));
                }
            }
            _ => {}
        }
    }
    out
}

/// The module-level classes of the file, by name.
pub fn module_classes<'t>(ctx: &Context<'_, 't>) -> Vec<(&'t str, Node<'t>)> {
    let root = ctx.tree.root_node();
    let mut out = Vec::new();
    let mut cursor = root.walk();
    for stmt in root.named_children(&mut cursor) {
        let def = if stmt.kind() == "decorated_definition" {
            stmt.child_by_field_name("definition")
        } else {
            Some(stmt)
        };
        if let Some(def) = def.filter(|d| d.kind() == "class_definition")
            && let Some(name) = def.child_by_field_name("name")
        {
            out.push((ctx.text_of(name), def));
        }
    }
    out
}

/// The classes a class derives from inside this file (itself first), following base names
/// that refer to module-level classes of the file.
pub fn in_file_lineage<'t>(class: Node<'t>, ctx: &Context<'_, 't>) -> Vec<Node<'t>> {
    let classes = module_classes(ctx);
    let mut lineage = vec![class];
    let mut i = 0;
    while i < lineage.len() && lineage.len() < 64 {
        for base in bases(lineage[i]) {
            if base.kind() != "identifier" {
                continue;
            }
            let name = ctx.text_of(base);
            // A partial parse must hold the class the name binds, if it is one.
            ctx.semantic()
                .require_bindings(name, Some(base.start_byte()));
            if let Some((_, c)) = classes.iter().find(|(n, _)| *n == name)
                && !lineage.iter().any(|l| l.id() == c.id())
            {
                lineage.push(*c);
            }
        }
        i += 1;
    }
    lineage
}

/// The qualified names (or, when they do not resolve through imports, the source texts) of
/// every base of the class and of its in-file ancestors.
pub fn ancestry_names<'t>(class: Node<'t>, ctx: &Context<'_, 't>) -> Vec<String> {
    let sem = ctx.semantic();
    in_file_lineage(class, ctx)
        .into_iter()
        .flat_map(bases)
        .map(|b| {
            sem.qualified_name(b)
                .unwrap_or_else(|| ctx.text_of(b).to_owned())
        })
        .collect()
}

/// Whether a class or one of its in-file ancestors defines `name` itself.
pub fn defines_in_lineage<'t>(class: Node<'t>, name: &str, ctx: &Context<'_, 't>) -> bool {
    // A partial parse must hold the lines that may define it.
    ctx.semantic().require_bindings(name, None);
    in_file_lineage(class, ctx)
        .into_iter()
        .any(|c| class_members(c, ctx).iter().any(|(n, _)| *n == name))
}

/// The qualified name of the function a call calls, when it resolves through imports.
pub fn callee(call: Node<'_>, ctx: &Context<'_, '_>) -> Option<String> {
    let function = call.child_by_field_name("function")?;
    ctx.semantic().qualified_name(function)
}

/// Where the value of an expression comes from: for a call, the qualified name of the
/// callee; for a name bound exactly once in its scope by `x = <call>` or
/// `with <call> as x`, that call's callee; for a method's `self` whose class derives from a
/// resolvable base, that base's qualified name.
pub fn origin<'t>(expr: Node<'t>, ctx: &Context<'_, 't>) -> Option<String> {
    match expr.kind() {
        "call" => callee(expr, ctx),
        "parenthesized_expression" => origin(expr.named_child(0)?, ctx),
        "identifier" => {
            let sem = ctx.semantic();
            let r = sem.reference_of(expr)?;
            let node = nearest_binding(expr, sem.reference(r).bindings.as_slice(), ctx)?;
            let parent = node.parent()?;
            match parent.kind() {
                "assignment"
                    if parent.child_by_field_name("left").map(|l| l.id()) == Some(node.id()) =>
                {
                    let right = parent.child_by_field_name("right")?;
                    (right.kind() == "call")
                        .then(|| callee(right, ctx))
                        .flatten()
                }
                "as_pattern_target" => {
                    let item = parent.parent()?;
                    let value = item.named_child(0)?;
                    (value.kind() == "call")
                        .then(|| callee(value, ctx))
                        .flatten()
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// The binding of a name that a use most plausibly sees: the only one, or the last one
/// before the use (a `with … as name:` counts only inside its own block).
fn nearest_binding<'t>(
    use_node: Node<'t>,
    bindings: &[snakeshift_engine::semantic::BindingId],
    ctx: &Context<'_, 't>,
) -> Option<Node<'t>> {
    let sem = ctx.semantic();
    let visible = |node: Node<'t>| {
        let with = node
            .parent()
            .filter(|p| p.kind() == "as_pattern_target")
            .and_then(|_| ancestor(node, &["with_statement"]));
        match with {
            Some(w) => w.child_by_field_name("body").is_some_and(|b| {
                b.start_byte() <= use_node.start_byte() && use_node.end_byte() <= b.end_byte()
            }),
            None => node.start_byte() < use_node.start_byte(),
        }
    };
    let mut candidates: Vec<Node<'t>> = Vec::new();
    for &b in bindings {
        let binding = sem.binding(b);
        if binding.kind != BindingKind::Other {
            return None;
        }
        if bindings.len() == 1 || visible(binding.node) {
            candidates.push(binding.node);
        }
    }
    candidates.into_iter().max_by_key(|n| n.start_byte())
}

/// Whether the file imports `module` (or something from it, or a submodule of it).
pub fn imports_module(ctx: &Context<'_, '_>, module: &str) -> bool {
    let prefix = format!("{module}.");
    ctx.semantic().bindings().any(|(_, b)| {
        b.qualified_name()
            .is_some_and(|q| q == module || q.starts_with(&prefix))
            || matches!(&b.kind, BindingKind::FromImport { module: m, .. } if m == module || m.starts_with(&prefix))
    })
}

/// Whether `node` is the value of an expression statement (its result is discarded).
pub fn is_statement(node: Node<'_>) -> bool {
    node.parent()
        .is_some_and(|p| p.kind() == "expression_statement" && p.named_child_count() == 1)
}

/// An expression's text, parenthesised unless it is a primary expression that can be followed
/// by `.attr`, `[i]` or `(…)` without changing meaning.
pub fn primary_text(node: Node<'_>, ctx: &Context<'_, '_>) -> String {
    let text = ctx.text_of(node);
    match node.kind() {
        "identifier"
        | "attribute"
        | "call"
        | "subscript"
        | "string"
        | "parenthesized_expression"
        | "list_comprehension"
        | "set_comprehension"
        | "dictionary_comprehension"
        | "generator_expression"
        | "list"
        | "dictionary"
        | "set"
        | "true"
        | "false"
        | "none"
        | "float" => text.to_owned(),
        // A parenthesised tuple; a bare one (`a, b`) needs the parentheses.
        "tuple" if node.child(0).is_some_and(|c| c.kind() == "(") => text.to_owned(),
        // `2.real` lexes as the float `2.` followed by a name, and `"a" "b".upper()` applies to
        // the last string only: both need the parentheses.
        _ => format!("({text})"),
    }
}

/// Whether an expression may be evaluated twice without changing behaviour: names and
/// attribute chains on names.
pub fn is_simple_reference(node: Node<'_>) -> bool {
    match node.kind() {
        "identifier" => true,
        "attribute" => node
            .child_by_field_name("object")
            .is_some_and(is_simple_reference),
        _ => false,
    }
}

/// The module-level class of this file whose instance `expr` is, when `expr` is a call of it
/// or a name bound once by `name = Class(...)`.
pub fn origin_class<'t>(expr: Node<'t>, ctx: &Context<'_, 't>) -> Option<Node<'t>> {
    let call = match expr.kind() {
        "call" => expr,
        "identifier" => {
            let sem = ctx.semantic();
            let r = sem.reference_of(expr)?;
            let [b] = sem.reference(r).bindings.as_slice() else {
                return None;
            };
            let node = sem.binding(*b).node;
            let assign = node.parent().filter(|p| p.kind() == "assignment")?;
            if assign.child_by_field_name("left").map(|l| l.id()) != Some(node.id()) {
                return None;
            }
            assign
                .child_by_field_name("right")
                .filter(|r| r.kind() == "call")?
        }
        _ => return None,
    };
    let function = call
        .child_by_field_name("function")
        .filter(|f| f.kind() == "identifier")?;
    let name = ctx.text_of(function);
    module_classes(ctx)
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, c)| c)
}
