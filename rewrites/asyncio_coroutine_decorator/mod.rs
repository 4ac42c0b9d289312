use crate::kit::declare::Check;
use crate::kit::moves::{Member, RemovedModule};
use crate::kit::removed::ApiFix;
use snakeshift_engine::edits::{line_start, next_line_start};
use snakeshift_engine::fix::{Edit, Finding, Fix};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;
use tree_sitter::Node;

rewrite! {
    /// # asyncio-coroutine-decorator
    ///
    /// ## What it does
    /// Turns a generator-based coroutine, `@asyncio.coroutine` over a `def` that uses
    /// `yield from`, into a native one: the decorator goes, `def` becomes `async def`, and
    /// every `yield from x` of the function (not of functions nested in it) becomes
    /// `await x`. A decorated function without `yield from` just becomes `async def`.
    /// Functions that also use a plain `yield` are reported.
    ///
    /// ## Why
    /// `@asyncio.coroutine` was deprecated in Python 3.8 and removed in 3.11.
    ///
    /// ## Example
    /// ```python
    /// @asyncio.coroutine
    /// def fetch(reader):
    ///     data = yield from reader.read(100)
    ///     return data
    /// ```
    /// becomes
    /// ```python
    /// async def fetch(reader):
    ///     data = await reader.read(100)
    ///     return data
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: callers that drive the coroutine with `yield from` (other generator-based
    /// coroutines) must be converted too, and `await` refuses plain generators and other
    /// iterables that `yield from` accepted.
    AsyncioCoroutineDecorator {
        id: "asyncio-coroutine-decorator",
        group: "asyncio",
        summary: "@asyncio.coroutine + yield from -> async def + await (unsafe)",
        query: include_str!("query.scm"),
        triggers: &["coroutine"],
        removed_in: Some(PyVersion::new(3, 11)),
        fix: FixSafety::Unsafe,
        readme: ("asyncio", "`@asyncio.coroutine` + `yield from` → `async def` + `await`", "unsafe"),
        reach: snakeshift_engine::rewrite::Reach::Scope,
        activate: |p| {
            // `@coroutine` / `@asyncio.coroutine` over a function, or an import of it.
            p.imports("asyncio")
                && (p.lines().iter().any(|l| {
                    l.kind == snakeshift_engine::scan::Kind::Decorator
                        && crate::kit::activation::has_word(p.code_of(l), "coroutine")
                }) || APIS
                    .iter()
                    .any(|t| t.members.iter().any(|m| p.imports_name(t.module, m.name))))
        },
        removed_apis: &[&APIS],
    }
}

/// The decorator this rewrite migrates, under both names it had.
static APIS: [RemovedModule; 2] = [
    RemovedModule {
        module: "asyncio",
        members: &[DECORATOR],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "asyncio.coroutines",
        members: &[DECORATOR],
        other_members: "",
        successor: None,
        shared_state: false,
    },
];

const DECORATOR: Member = Member::own("coroutine", "`async def` with `await`", ApiFix::Unsafe);

/// The qualified names of the decorator: `asyncio.coroutine`, `asyncio.coroutines.coroutine`.
fn names() -> Vec<String> {
    APIS.iter()
        .flat_map(|t| t.members.iter().map(|m| format!("{}.{}", t.module, m.name)))
        .collect()
}

/// The end of a finding's message: ` was removed in Python 3.11`.
fn removed() -> String {
    DECORATOR
        .change_in(&AsyncioCoroutineDecorator::META)
        .map(|c| c.describe())
        .unwrap_or_default()
}

/// The `yield` expressions of a function, not of functions, lambdas or classes nested in it.
fn own_yields<'t>(func: Node<'t>) -> Vec<Node<'t>> {
    let mut out = Vec::new();
    let Some(body) = func.child_by_field_name("body") else {
        return out;
    };
    let mut stack = vec![body];
    while let Some(n) = stack.pop() {
        if n.kind() == "yield" {
            out.push(n);
        }
        if matches!(
            n.kind(),
            "function_definition" | "lambda" | "class_definition"
        ) {
            continue;
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    out
}

impl Check for AsyncioCoroutineDecorator {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        if let Some(stmt) = m.get("import") {
            let names = names();
            let gone: Vec<&str> = names.iter().map(String::as_str).collect();
            crate::kit::remove_unused_imports(
                &Self::META,
                stmt,
                &gone,
                removed().trim_start(),
                ctx,
                out,
            );
            return;
        }
        let (Some(decorator), Some(func)) = (m.get("decorator"), m.get("function")) else {
            return;
        };
        let Some(expr) = decorator.named_child(0) else {
            return;
        };
        let q = ctx.semantic().qualified_name(expr).unwrap_or_default();
        if !names().contains(&q) {
            return;
        }
        let finding = Finding::new(
            Self::META.id,
            decorator.byte_range(),
            format!("`@asyncio.coroutine`{}", removed()),
        );
        if func.child(0).is_some_and(|c| c.kind() == "async") {
            let edit = Edit::delete(
                line_start(ctx.text, decorator.start_byte())
                    ..next_line_start(ctx.text, decorator.end_byte()),
            );
            out.push(finding.with_fix(Fix::safe("Remove the decorator", vec![edit])));
            return;
        }
        let start = line_start(ctx.text, decorator.start_byte());
        let end = next_line_start(ctx.text, decorator.end_byte());
        let mut edits = if end == line_start(ctx.text, func.start_byte()) {
            // The decorator is the last one: its line and `def` become one edit.
            let indent = snakeshift_engine::edits::indentation(ctx.text, func.start_byte());
            vec![Edit::replace(
                start..func.start_byte(),
                format!("{indent}async "),
            )]
        } else {
            vec![
                Edit::delete(start..end),
                Edit::insert(func.start_byte(), "async "),
            ]
        };
        for y in own_yields(func) {
            let text = ctx.text_of(y);
            let Some(rest) = text.strip_prefix("yield") else {
                continue;
            };
            let rest = rest.trim_start();
            if !rest.starts_with("from") {
                out.push(finding.with_note(
                    "the function also uses a plain `yield`; rewrite it as an `async def` by hand",
                ));
                return;
            }
            let Some(operand) = y.named_child(0) else {
                return;
            };
            edits.push(Edit::replace(
                y.start_byte()..operand.start_byte(),
                "await ",
            ));
        }
        out.push(
            finding
                .with_fix(Fix::unsafe_("Use `async def` and `await`", edits))
                .with_note("callers that use `yield from` on this coroutine must become `async def` with `await` too"),
        );
    }
}
