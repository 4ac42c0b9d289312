use crate::shared::boolean_in_place_of;
use crate::syntax::{ancestor, is_simple_reference};
use snakeshift_engine::fix::{Edit, Finding, Fix};
use snakeshift_engine::imports::{Anchor, Style};
use snakeshift_engine::rewrite::{Context, FixSafety, Match, Rewrite, RewriteMeta};
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
    /// | `node.n`, `node.s` where `node` is known to be a constant node (the parameter of `visit_Num`/`visit_Str`/`visit_Constant`…, or inside `if isinstance(node, ast.Num):`) | `node.value` | safe |
    /// | other uses of the classes (`type(n) is ast.Num`, a dict of classes) | reported | — |
    ///
    /// Imports of the classes (`from ast import Num`) go once nothing uses them.
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
        reach: snakeshift_engine::rewrite::Reach::Scope,
        activate: |p| p.imports("ast"),
    }
}

const CLASSES: [&str; 5] = ["Num", "Str", "Bytes", "NameConstant", "Ellipsis"];

/// The class a qualified name stands for: `ast.Num` → `Num`.
fn legacy_class(q: &str) -> Option<&'static str> {
    let name = q.strip_prefix("ast.")?;
    CLASSES.iter().find(|c| **c == name).copied()
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

/// Whether `receiver` is known to hold a constant node where `at` is.
fn is_constant_node<'t>(receiver: Node<'t>, ctx: &Context<'_, 't>) -> bool {
    if receiver.kind() != "identifier" {
        return false;
    }
    let name = ctx.text_of(receiver);
    let sem = ctx.semantic();
    // The node parameter of a visitor method for constants.
    if let Some(r) = sem.reference_of(receiver)
        && let [b] = sem.reference(r).bindings.as_slice()
    {
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
    // Inside `if isinstance(name, ast.Num / Str / Bytes / Constant) [and …]:`.
    let mut node = receiver;
    while let Some(branch) = ancestor(node, &["if_statement", "elif_clause"]) {
        let inside = branch.child_by_field_name("consequence").is_some_and(|c| {
            c.start_byte() <= receiver.start_byte() && receiver.end_byte() <= c.end_byte()
        });
        if inside
            && let Some(condition) = branch.child_by_field_name("condition")
            && guards(condition, name, ctx)
        {
            return true;
        }
        node = branch;
    }
    false
}

/// `isinstance(name, <constant class>)`, possibly as the first operand of an `and`.
fn guards(condition: Node<'_>, name: &str, ctx: &Context<'_, '_>) -> bool {
    let mut c = condition;
    while c.kind() == "boolean_operator" && ctx.text_of(c).contains(" and ") {
        let Some(left) = c.child_by_field_name("left") else {
            return false;
        };
        c = left;
    }
    if c.kind() != "call"
        || ctx.text_of(c.child_by_field_name("function").unwrap_or(c)) != "isinstance"
    {
        return false;
    }
    let Some(args) = c.child_by_field_name("arguments") else {
        return false;
    };
    let mut cursor = args.walk();
    let list: Vec<Node<'_>> = args.named_children(&mut cursor).collect();
    let [subject, class] = list.as_slice() else {
        return false;
    };
    let classes: Vec<Node<'_>> = if class.kind() == "tuple" {
        let mut cursor = class.walk();
        class.named_children(&mut cursor).collect()
    } else {
        vec![*class]
    };
    ctx.text_of(*subject) == name
        && classes.iter().all(|c| {
            ctx.semantic().qualified_name(*c).is_some_and(|q| {
                matches!(
                    q.as_str(),
                    "ast.Num" | "ast.Str" | "ast.Bytes" | "ast.Constant"
                )
            })
        })
}

impl Rewrite for AstConstants {
    fn meta(&self) -> &'static RewriteMeta {
        &Self::META
    }

    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        let Some(use_node) = m.get("use") else { return };
        if use_node.kind() == "attribute"
            && let Some(name) = m.get("name")
            && matches!(ctx.text_of(name), "n" | "s")
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
            format!("`ast.{class}` was removed in Python 3.14"),
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
                && matches!(ctx.text_of(name), "n" | "s")
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
        let edits = crate::shared::coalesce(edits);
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
        if !crate::syntax::imports_module(ctx, "ast") || !is_constant_node(receiver, ctx) {
            return;
        }
        out.push(
            Finding::new(
                Self::META.id,
                name.byte_range(),
                format!(
                    "`Constant.{}` was removed in Python 3.14",
                    ctx.text_of(name)
                ),
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
        if binding
            .qualified_name()
            .as_deref()
            .is_none_or(|q| legacy_class(q).is_none())
            || sem.is_import_used(id)
        {
            return;
        }
        let finding = Finding::new(
            Self::META.id,
            binding.node.byte_range(),
            format!(
                "`{}` was removed in Python 3.14 and its import is unused",
                binding.qualified_name().unwrap_or_default()
            ),
        );
        let fix = if ctx.was_unused_originally(id) {
            Fix::unsafe_("Remove the import", ctx.imports().delete(&[id]))
        } else {
            Fix::safe("Remove the import", ctx.imports().delete(&[id]))
        };
        out.push(finding.with_fix(fix));
    }
}
