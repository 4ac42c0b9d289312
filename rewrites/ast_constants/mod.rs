use crate::kit::declare::Check;
use crate::kit::moves::{Member, RemovedModule};
use crate::kit::removed::ApiFix;
use crate::kit::{boolean_in_place_of, narrowing};
use crate::kit::syntax::{ancestor, is_simple_reference};
use snakeshift_engine::fix::{Edit, Finding, Fix};
use snakeshift_engine::imports::{Anchor, Style};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;
use tree_sitter::Node;

rewrite! {
    /// # ast-constants
    ///
    /// ## What it does
    /// | old | becomes | fix |
    /// | --- | --- | --- |
    /// | `ast.Num(1)`, `ast.Str(s="x")`, `ast.Bytes(…)`, `ast.NameConstant(…)` | `ast.Constant(1)`, `ast.Constant(value="x")`, … | safe |
    /// | `ast.Ellipsis()` | `ast.Constant(value=...)` | safe |
    /// | `isinstance(node, ast.Num)` (also in a tuple of classes) | `isinstance(node, ast.Constant) and isinstance(node.value, (int, float, complex)) and not isinstance(node.value, bool)` (and the like for `Str`, `Bytes`, `NameConstant`, `Ellipsis`) | unsafe |
    /// | `node.n`, `node.s` where `node` is known to be a constant node (the parameter of `visit_Num`/`visit_Str`/`visit_Constant`…, a name only bound to `ast.Num(…)`, or narrowed by `isinstance(node, ast.Num)`: see below) | `node.value` | safe |
    /// | other uses of the classes (`type(n) is ast.Num`, a dict of classes) | reported | — |
    ///
    /// Imports of the classes (`from ast import Num`) go once nothing uses them.
    ///
    /// An `isinstance` test is rewritten together with every `.n` / `.s` read of the same
    /// variable (one fix), or not at all: after it, the variable may hold a `Constant`, whose
    /// `.n` fails on 3.14. A read counts as narrowed (see `kit::narrowing`) in the body of
    /// `if` / `elif` / `while` (the `else` side of a negated test), the right operand of `and`
    /// (of `or` after `not`), the branches of a conditional expression, a comprehension's
    /// element and later clauses after its `if` filter, and the rest of the block after
    /// `assert isinstance(…)` or an `if not isinstance(…):` that ends in `continue`, `return`,
    /// `raise` or `break`; never inside a nested function or lambda, nor after a rebinding.
    /// A read elsewhere (a test kept in a variable, a mixed tuple such as `(ast.Num,
    /// ast.Name)`, an attribute chain) keeps the test as it is, and both are reported.
    ///
    /// ## Why
    /// The constant node classes were deprecated since Python 3.8 (they already produced
    /// `ast.Constant` nodes) and were removed in 3.14, with the `n` and `s` aliases of
    /// `Constant.value`.
    ///
    /// ## Example
    /// ```python
    /// if isinstance(node, ast.Str):
    ///     print(node.s)
    /// ```
    /// becomes
    /// ```python
    /// if isinstance(node, ast.Constant) and isinstance(node.value, str):
    ///     print(node.value)
    /// ```
    ///
    /// ## Fix safety
    /// The constructors are safe: since 3.8 they built the same `Constant` nodes. `.n`/`.s`
    /// are rewritten (safely) only where the node is known to be a constant. The `isinstance`
    /// form is the catalogue's faithful test (`ast.Num` never matched `True`/`False`), but it
    /// is unsafe by the catalogue's classification and evaluates the node expression several
    /// times (only names and attribute chains are rewritten).
    AstConstants {
        id: "ast-constants",
        group: "ast",
        summary: "ast.Num/Str/Bytes/NameConstant/Ellipsis(...) -> ast.Constant(...) and .n/.s -> .value on known constants (safe); isinstance(x, ast.Num) -> Constant + value-type test (unsafe)",
        query: include_str!("query.scm"),
        triggers: &["ast.", "import ast", "from ast", "NameConstant"],
        removed_in: Some(PyVersion::new(3, 14)),
        fix: FixSafety::Mixed,
        readme: ("other", "`ast.Num(1)`, `ast.Str(s=…)`, … → `ast.Constant(…)`; `.n` / `.s` → `.value` on known constants (visitor parameter, `x = ast.Num(…)`, or narrowed by an `isinstance` test: see below); `isinstance(x, ast.Num)` → `isinstance(x, ast.Constant) and` the value-type test, together with every `.n` / `.s` read of the same variable, or not at all (reported)", "safe / unsafe (`isinstance`)"),
        reach: snakeshift_engine::rewrite::Reach::Scope,
        activate: |p| p.imports("ast") && NAMES.iter().any(|w| p.has_word(w)),
        removed_apis: &[&APIS],
    }
}

/// The words without which no use can be known to be a constant node: the classes, the
/// visitor methods whose parameter is one, and `Constant` (narrowing by `isinstance`).
const NAMES: [&str; 12] = [
    "Num",
    "Str",
    "Bytes",
    "NameConstant",
    "Ellipsis",
    "Constant",
    "visit_Num",
    "visit_Str",
    "visit_Bytes",
    "visit_NameConstant",
    "visit_Ellipsis",
    "visit_Constant",
];

/// What this rewrite migrates: the constant node classes and the aliases of `Constant.value`.
static APIS: [RemovedModule; 1] = [RemovedModule {
    module: "ast",
    members: &[
        Member::own("Num", "ast.Constant", ApiFix::Calls),
        Member::own("Str", "ast.Constant", ApiFix::Calls),
        Member::own("Bytes", "ast.Constant", ApiFix::Calls),
        Member::own("NameConstant", "ast.Constant", ApiFix::Calls),
        Member::own("Ellipsis", "ast.Constant", ApiFix::Calls),
        // Rewritten where the node is known to be a constant.
        Member::own("Constant.n", "ast.Constant.value", ApiFix::Safe),
        Member::own("Constant.s", "ast.Constant.value", ApiFix::Safe),
    ],
    other_members: "",
    successor: None,
    shared_state: false,
}];

/// The class a qualified name stands for: `ast.Num` → `Num`.
fn legacy_class(q: &str) -> Option<&'static str> {
    let name = q.strip_prefix("ast.")?;
    APIS[0]
        .member(name)
        .filter(|m| !m.name.contains('.'))
        .map(|m| m.name)
}

/// Whether `name` is a removed alias of `Constant.value` (`n`, `s`), as an attribute or as a
/// keyword of the old constructors.
fn is_value_alias(name: &str) -> bool {
    APIS[0]
        .members
        .iter()
        .any(|m| m.name.strip_prefix("Constant.") == Some(name))
}

/// The end of a finding's message about `member`: ` was removed in Python 3.14`.
fn gone(member: &str) -> String {
    APIS[0]
        .member(member)
        .and_then(|m| m.change_in(&AstConstants::META))
        .map(|c| c.describe())
        .unwrap_or_default()
}

/// The message of a finding about the alias `name` of `Constant.value`.
fn removed_alias(name: &str) -> String {
    format!("`Constant.{name}`{}", gone(&format!("Constant.{name}")))
}

/// The value test that `isinstance(node, ast.<class>)` performed, on `value`.
fn value_test(classes: &[&str], value: &str) -> String {
    let mut types: Vec<&str> = Vec::new();
    for c in classes {
        match *c {
            "Num" => types.extend(["int", "float", "complex"]),
            "Str" => types.push("str"),
            "Bytes" => types.push("bytes"),
            _ => {}
        }
    }
    let mut tests = Vec::new();
    if !types.is_empty() {
        let list = if types.len() == 1 {
            types[0].to_owned()
        } else {
            format!("({})", types.join(", "))
        };
        let mut t = format!("isinstance({value}, {list})");
        if classes.contains(&"Num") {
            t.push_str(&format!(" and not isinstance({value}, bool)"));
        }
        tests.push(t);
    }
    if classes.contains(&"NameConstant") {
        tests.push(format!("{value} is None or isinstance({value}, bool)"));
    }
    if classes.contains(&"Ellipsis") {
        tests.push(format!("{value} is ..."));
    }
    let test = tests.join(" or ");
    if test.contains(" or ") {
        format!("({test})")
    } else {
        test
    }
}

/// How to write `ast.Constant` where `use_node` (naming a legacy class) is.
fn constant<'t>(use_node: Node<'t>, ctx: &Context<'_, 't>) -> Option<(String, Vec<Edit>)> {
    if use_node.kind() == "attribute"
        && let Some(object) = use_node.child_by_field_name("object")
    {
        return Some((format!("{}.Constant", ctx.text_of(object)), Vec::new()));
    }
    let s = ctx.imports().spell(
        "ast.Constant",
        use_node.start_byte(),
        Anchor::Top,
        Style::Member,
    )?;
    Some((s.text, s.edits))
}

/// Whether `receiver` (of `receiver.n` / `receiver.s`) is known to hold a constant node.
fn is_constant_node<'t>(receiver: Node<'t>, ctx: &Context<'_, 't>) -> bool {
    if receiver.kind() != "identifier" {
        return false;
    }
    let sem = ctx.semantic();
    let bindings = sem
        .reference_of(receiver)
        .map(|r| sem.reference(r).bindings.clone())
        .unwrap_or_default();
    // The node parameter of a visitor method for constants.
    if let [b] = bindings.as_slice() {
        let param = sem.binding(*b).node;
        if let Some(params) = param.parent().filter(|p| p.kind() == "parameters")
            && let Some(func) = params.parent()
            && let Some(fname) = func.child_by_field_name("name")
        {
            let visitor = matches!(
                ctx.text_of(fname),
                "visit_Num" | "visit_Str" | "visit_Bytes" | "visit_Constant"
            );
            let mut cursor = params.walk();
            let second = params.named_children(&mut cursor).nth(1);
            if visitor && second.is_some_and(|s| s.id() == param.id()) {
                return true;
            }
        }
    }
    // A name only ever bound to a constant built here: `node = ast.Num(1)`.
    if !bindings.is_empty()
        && bindings
            .iter()
            .all(|b| built_constant(sem.binding(*b).node, ctx))
    {
        return true;
    }
    // Where `isinstance(name, ast.Num / Str / Bytes / Constant)` is known to hold.
    let Some(use_node) = receiver.parent() else {
        return false;
    };
    let name = ctx.text_of(receiver);
    let tests: Vec<Node<'t>> = narrowing::candidate_tests(use_node)
        .into_iter()
        .filter(|test| guards(*test, name, ctx))
        .map(|test| disjunction(test, name, ctx))
        .collect();
    if tests.is_empty() {
        return false;
    }
    // Bindings of the name, but not the target of an assignment whose value holds the read
    // (`node = node.n` reads before it binds).
    let rebinds: Vec<usize> = sem
        .bindings_named(name)
        .filter(|(_, b)| {
            ancestor(b.node, &["assignment", "augmented_assignment"]).is_none_or(|a| {
                !(a.start_byte() <= use_node.start_byte() && use_node.end_byte() <= a.end_byte())
            })
        })
        .map(|(_, b)| b.node.start_byte())
        .collect();
    tests
        .into_iter()
        .any(|test| narrowing::holds_at(test, use_node, &rebinds))
}

/// The widest `a or b or …` around `test` whose operands all test `name` for constant
/// classes (`isinstance(n, ast.Num) or isinstance(n, ast.Str)`): it narrows as one test.
fn disjunction<'t>(test: Node<'t>, name: &str, ctx: &Context<'_, 't>) -> Node<'t> {
    fn all_guards<'t>(n: Node<'t>, name: &str, ctx: &Context<'_, 't>) -> bool {
        match n.kind() {
            "parenthesized_expression" => n
                .named_child(0)
                .is_some_and(|inner| all_guards(inner, name, ctx)),
            "boolean_operator"
                if n.child_by_field_name("operator")
                    .is_some_and(|o| o.kind() == "or") =>
            {
                [
                    n.child_by_field_name("left"),
                    n.child_by_field_name("right"),
                ]
                .into_iter()
                .all(|side| side.is_some_and(|s| all_guards(s, name, ctx)))
            }
            _ => guards(n, name, ctx),
        }
    }
    let mut widest = test;
    let mut current = test;
    while let Some(p) = current.parent() {
        match p.kind() {
            "parenthesized_expression" => {}
            "boolean_operator" if all_guards(p, name, ctx) => widest = p,
            _ => break,
        }
        current = p;
    }
    widest
}

/// A binding `name = ast.Num(…)` (or another constant class, `ast.Constant` included).
fn built_constant<'t>(binding: Node<'t>, ctx: &Context<'_, 't>) -> bool {
    binding
        .parent()
        .filter(|a| a.kind() == "assignment")
        .filter(|a| a.child_by_field_name("left").map(|l| l.id()) == Some(binding.id()))
        .and_then(|a| a.child_by_field_name("right"))
        .filter(|r| r.kind() == "call")
        .and_then(|call| call.child_by_field_name("function"))
        .and_then(|f| ctx.semantic().qualified_name(f))
        .is_some_and(|q| q == "ast.Constant" || legacy_class(&q).is_some())
}

/// The classes of `isinstance(name, <classes>)` when `test` is such a call (not shadowed).
fn isinstance_classes<'t>(
    test: Node<'t>,
    name: &str,
    ctx: &Context<'_, 't>,
) -> Option<Vec<Node<'t>>> {
    if test.kind() != "call" || ctx.text_of(test.child_by_field_name("function")?) != "isinstance" {
        return None;
    }
    let sem = ctx.semantic();
    if !sem
        .lookup(sem.scope_at(test.start_byte()), "isinstance")
        .is_empty()
    {
        return None;
    }
    let args = test.child_by_field_name("arguments")?;
    let mut cursor = args.walk();
    let list: Vec<Node<'t>> = args.named_children(&mut cursor).collect();
    let [subject, class] = list.as_slice() else {
        return None;
    };
    if ctx.text_of(*subject) != name {
        return None;
    }
    Some(if class.kind() == "tuple" {
        let mut cursor = class.walk();
        class.named_children(&mut cursor).collect()
    } else {
        vec![*class]
    })
}

/// `isinstance(name, <constant classes>)`: every class a constant node class.
fn guards<'t>(test: Node<'t>, name: &str, ctx: &Context<'_, 't>) -> bool {
    isinstance_classes(test, name, ctx).is_some_and(|classes| {
        classes.iter().all(|c| {
            ctx.semantic()
                .qualified_name(*c)
                .is_some_and(|q| q == "ast.Constant" || legacy_class(&q).is_some())
        })
    })
}

/// `isinstance(name, …)` naming a removed constant class.
fn tests_legacy<'t>(test: Node<'t>, name: &str, ctx: &Context<'_, 't>) -> bool {
    isinstance_classes(test, name, ctx).is_some_and(|classes| {
        classes.iter().any(|c| {
            ctx.semantic()
                .qualified_name(*c)
                .is_some_and(|q| legacy_class(&q).is_some())
        })
    })
}

/// The receivers of the `.n` / `.s` reads that go through the same variable as `subject`:
/// for a name, every reference sharing one of its bindings (nested functions included); for
/// an attribute chain, the same text in the same function.
fn alias_reads<'t>(subject: Node<'t>, ctx: &Context<'_, 't>) -> Vec<Node<'t>> {
    let sem = ctx.semantic();
    let is_alias = |receiver: Node<'t>| {
        receiver.parent().is_some_and(|p| {
            p.kind() == "attribute"
                && p.child_by_field_name("object").map(|o| o.id()) == Some(receiver.id())
                && p.child_by_field_name("attribute")
                    .is_some_and(|a| is_value_alias(ctx.text_of(a)))
        })
    };
    if subject.kind() == "identifier"
        && let Some(r) = sem.reference_of(subject)
        && !sem.reference(r).bindings.is_empty()
    {
        let mut out: Vec<Node<'t>> = Vec::new();
        for b in &sem.reference(r).bindings {
            for r in sem.references_to(*b) {
                let node = sem.reference(*r).node;
                if is_alias(node) && !out.iter().any(|o| o.id() == node.id()) {
                    out.push(node);
                }
            }
        }
        out.sort_by_key(|n| n.start_byte());
        return out;
    }
    // An attribute chain (or an unbound name): the same text anywhere in the function.
    let text = ctx.text_of(subject);
    let mut root = subject;
    while let Some(p) = root.parent() {
        root = p;
        if p.kind() == "function_definition" {
            break;
        }
    }
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        if n.kind() == subject.kind() && ctx.text_of(n) == text && is_alias(n) {
            out.push(n);
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    out.sort_by_key(|n| n.start_byte());
    out
}

/// A legacy `isinstance` test of the same variable as `receiver` (which reads `.n` / `.s`).
fn related_test<'t>(receiver: Node<'t>, ctx: &Context<'_, 't>) -> Option<Node<'t>> {
    let sem = ctx.semantic();
    let r = sem.reference_of(receiver)?;
    let name = ctx.text_of(receiver);
    sem.reference(r).bindings.iter().find_map(|b| {
        sem.references_to(*b).iter().find_map(|r| {
            let node = sem.reference(*r).node;
            let call = node.parent()?.parent()?;
            tests_legacy(call, name, ctx).then_some(call)
        })
    })
}

fn position(node: Node<'_>) -> String {
    let p = node.start_position();
    format!("{}:{}", p.row + 1, p.column + 1)
}

impl Check for AstConstants {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        let Some(use_node) = m.get("use") else { return };
        if use_node.kind() == "attribute"
            && let Some(name) = m.get("name")
            && is_value_alias(ctx.text_of(name))
        {
            self.alias(use_node, name, ctx, out);
            return;
        }
        if use_node.kind() == "identifier"
            && use_node.parent().is_some_and(|p| {
                p.kind() == "attribute"
                    && p.child_by_field_name("attribute").map(|a| a.id()) == Some(use_node.id())
            })
        {
            return;
        }
        if ancestor(use_node, &["import_from_statement"]).is_some() {
            self.unused_import(use_node, ctx, out);
            return;
        }
        let Some(class) = ctx
            .semantic()
            .qualified_name(use_node)
            .and_then(|q| legacy_class(&q))
        else {
            return;
        };
        let finding = Finding::new(
            Self::META.id,
            use_node.byte_range(),
            format!("`ast.{class}`{}", gone(class)),
        );
        let Some((constant, edits)) = constant(use_node, ctx) else {
            out.push(finding.with_note("use `ast.Constant`; it cannot be imported here"));
            return;
        };
        let parent = use_node.parent();
        if let Some(call) = parent.filter(|p| {
            p.kind() == "call"
                && p.child_by_field_name("function").map(|f| f.id()) == Some(use_node.id())
        }) {
            self.construction(call, class, &constant, edits, finding, ctx, out);
            return;
        }
        if let Some(call) = isinstance_call(use_node, ctx) {
            self.isinstance(call, &constant, edits, finding, ctx, out);
            return;
        }
        out.push(finding.with_note(format!(
            "use `ast.Constant` and test the type of `.value` ({})",
            value_test(&[class], "node.value")
        )));
    }
}

/// The `isinstance(x, C)` / `isinstance(x, (C, D))` call whose class argument holds `use_node`.
fn isinstance_call<'t>(use_node: Node<'t>, ctx: &Context<'_, 't>) -> Option<Node<'t>> {
    let mut arg = use_node;
    if arg.parent().is_some_and(|p| p.kind() == "tuple") {
        arg = arg.parent()?;
    }
    let list = arg.parent().filter(|p| p.kind() == "argument_list")?;
    let call = list.parent()?;
    let function = call.child_by_field_name("function")?;
    let sem = ctx.semantic();
    let shadowed = !sem
        .lookup(sem.scope_at(call.start_byte()), "isinstance")
        .is_empty();
    if ctx.text_of(function) != "isinstance" || shadowed {
        return None;
    }
    let mut cursor = list.walk();
    let args: Vec<Node<'t>> = list.named_children(&mut cursor).collect();
    (args.len() == 2 && args[1].id() == arg.id()).then_some(call)
}

impl AstConstants {
    #[allow(clippy::too_many_arguments)]
    fn construction<'t>(
        &self,
        call: Node<'t>,
        class: &str,
        constant: &str,
        mut edits: Vec<Edit>,
        finding: Finding,
        ctx: &Context<'_, 't>,
        out: &mut Vec<Finding>,
    ) {
        let Some(args) = call.child_by_field_name("arguments") else {
            return;
        };
        if args.kind() != "argument_list" {
            return;
        }
        let mut cursor = args.walk();
        let list: Vec<Node<'t>> = args.named_children(&mut cursor).collect();
        let mut renamed = Vec::new();
        for a in &list {
            if a.kind() == "keyword_argument"
                && let Some(name) = a.child_by_field_name("name")
                && is_value_alias(ctx.text_of(name))
            {
                renamed.push(Edit::replace(name.byte_range(), "value"));
            }
            if matches!(a.kind(), "list_splat" | "dictionary_splat") {
                out.push(
                    finding
                        .with_note("called with unpacked arguments; use `ast.Constant(value=…)`"),
                );
                return;
            }
        }
        if let Some(function) = call.child_by_field_name("function") {
            edits.push(Edit::replace(function.byte_range(), constant));
        }
        if class == "Ellipsis" && list.is_empty() {
            edits.push(Edit::replace(args.byte_range(), "(value=...)"));
        }
        edits.extend(renamed);
        let edits = crate::kit::coalesce(edits);
        out.push(finding.with_fix(Fix::safe("Build an `ast.Constant`", edits)));
    }

    fn isinstance<'t>(
        &self,
        call: Node<'t>,
        constant: &str,
        mut edits: Vec<Edit>,
        finding: Finding,
        ctx: &Context<'_, 't>,
        out: &mut Vec<Finding>,
    ) {
        let Some(args) = call.child_by_field_name("arguments") else {
            return;
        };
        let mut cursor = args.walk();
        let list: Vec<Node<'t>> = args.named_children(&mut cursor).collect();
        let (subject, classes) = (list[0], list[1]);
        if !is_simple_reference(subject) {
            out.push(finding.with_note("the object tested is not a plain name; test `isinstance(x, ast.Constant)` and the type of `x.value` by hand"));
            return;
        }
        let members: Vec<Node<'t>> = if classes.kind() == "tuple" {
            let mut c = classes.walk();
            classes.named_children(&mut c).collect()
        } else {
            vec![classes]
        };
        let sem = ctx.semantic();
        let mut legacy = Vec::new();
        let mut others = Vec::new();
        for member in &members {
            match sem
                .qualified_name(*member)
                .as_deref()
                .and_then(legacy_class)
            {
                Some(c) => legacy.push(c),
                None => others.push(ctx.text_of(*member)),
            }
        }
        // The reads of the removed aliases through the same variable are rewritten with the
        // test, or the test is left alone: `.n` fails on the `Constant` the test now admits.
        let mut unclear = Vec::new();
        for receiver in alias_reads(subject, ctx) {
            let Some(attr) = receiver.parent() else {
                continue;
            };
            match attr.child_by_field_name("attribute") {
                Some(name) if is_constant_node(receiver, ctx) => {
                    edits.push(Edit::replace(name.byte_range(), "value"));
                }
                _ => unclear.push(attr),
            }
        }
        if let Some(first) = unclear.first() {
            out.push(finding.with_note(format!(
                "`{}` (at {}) reads a removed alias of `Constant.value` where snakeshift cannot tell that `{}` is a constant node (the test would be rewritten and the read left to fail); rewrite both by hand, with `.value`",
                ctx.text_of(*first),
                position(*first),
                ctx.text_of(subject),
            )));
            return;
        }
        let subject = ctx.text_of(subject);
        let test = format!(
            "isinstance({subject}, {constant}) and {}",
            value_test(&legacy, &format!("{subject}.value"))
        );
        let text = match others.as_slice() {
            [] => test,
            [one] => format!("isinstance({subject}, {one}) or {test}"),
            many => format!("isinstance({subject}, ({})) or {test}", many.join(", ")),
        };
        edits.push(Edit::replace(
            call.byte_range(),
            boolean_in_place_of(call, &text),
        ));
        out.push(
            finding
                .with_fix(Fix::unsafe_("Test for `ast.Constant` and the value's type", edits))
                .with_note("the catalogue classifies this as a semantic change: the test reads the node expression more than once"),
        );
    }

    /// `node.n` / `node.s` on a node known to be a constant.
    fn alias<'t>(
        &self,
        attr: Node<'t>,
        name: Node<'t>,
        ctx: &Context<'_, 't>,
        out: &mut Vec<Finding>,
    ) {
        let Some(receiver) = attr.child_by_field_name("object") else {
            return;
        };
        if !crate::kit::syntax::imports_module(ctx, "ast") {
            return;
        }
        if !is_constant_node(receiver, ctx) {
            // The run rewrites a test of this variable: a read it cannot rewrite is reported.
            if let Some(test) = related_test(receiver, ctx) {
                out.push(
                    Finding::new(
                        Self::META.id,
                        name.byte_range(),
                        removed_alias(ctx.text_of(name)),
                    )
                    .with_note(format!(
                        "`{}` is tested with `{}` (at {}), but snakeshift cannot tell that it is a constant node here; use `.value`",
                        ctx.text_of(receiver),
                        ctx.text_of(test),
                        position(test),
                    )),
                );
            }
            return;
        }
        out.push(
            Finding::new(
                Self::META.id,
                name.byte_range(),
                removed_alias(ctx.text_of(name)),
            )
            .with_fix(Fix::safe(
                "Use `.value`",
                vec![Edit::replace(name.byte_range(), "value")],
            )),
        );
    }

    /// `from ast import Num` once nothing uses it.
    fn unused_import<'t>(&self, name: Node<'t>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        let sem = ctx.semantic();
        let Some((id, binding)) = sem.bindings().find(|(_, b)| {
            b.node.start_byte() <= name.start_byte() && name.end_byte() <= b.node.end_byte()
        }) else {
            return;
        };
        let Some(class) = binding.qualified_name().as_deref().and_then(legacy_class) else {
            return;
        };
        if sem.is_import_used(id) {
            return;
        }
        let finding = Finding::new(
            Self::META.id,
            binding.node.byte_range(),
            format!("`ast.{class}`{} and its import is unused", gone(class)),
        );
        let fix = if ctx.was_unused_originally(id) {
            Fix::unsafe_("Remove the import", ctx.imports().delete(&[id]))
        } else {
            Fix::safe("Remove the import", ctx.imports().delete(&[id]))
        };
        out.push(finding.with_fix(fix));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The query names the classes and aliases of the table, and only those.
    #[test]
    fn the_query_names_the_members_of_the_table() {
        let names = |capture| crate::kit::any_of_lists(include_str!("query.scm"), capture);
        let all: Vec<&str> = APIS[0].members.iter().map(Member::short_name).collect();
        let classes: Vec<&str> = APIS[0]
            .members
            .iter()
            .filter(|m| !m.name.contains('.'))
            .map(|m| m.name)
            .collect();
        assert_eq!(names("name"), [all]);
        assert_eq!(names("use"), [classes]);
    }
}
