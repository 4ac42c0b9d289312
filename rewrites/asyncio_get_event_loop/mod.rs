use crate::kit::declare::Check;
use crate::kit::moves::{Member, RemovedModule};
use crate::kit::removed::ApiFix;
use crate::kit::syntax::{ancestor, callee};
use snakeshift_engine::edits::{
    delete_statement, indentation, line_start, next_line_start, reindent_block,
};
use snakeshift_engine::fix::{Applicability, Edit, Finding, Fix};
use snakeshift_engine::imports::{Anchor, Style};
use crate::kit::moves::{define, define_replacing};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::semantic::BindingKind;
use snakeshift_engine::version::PyVersion;
use tree_sitter::Node;

rewrite! {
    /// # asyncio-get-event-loop
    ///
    /// ## What it does
    /// Rewrites `asyncio.get_event_loop()` where Python 3.14 no longer creates a loop:
    ///
    /// - `loop = asyncio.get_event_loop()` whose only uses are one
    ///   `loop.run_until_complete(main())` and `loop.close()` (also inside
    ///   `try`/`finally`), and `asyncio.get_event_loop().run_until_complete(main())`, become
    ///   `asyncio.run(main())`;
    /// - inside a coroutine (`async def`) it becomes `asyncio.get_running_loop()`;
    /// - everywhere else (servers with `run_forever()`, several `run_until_complete` calls,
    ///   `gather(...)` arguments, helper functions) it becomes a call of a small
    ///   `get_event_loop()` function added to the module, which keeps the old behaviour:
    ///   return the current loop, or create one and set it as current.
    ///
    /// ## Why
    /// Since Python 3.14, `asyncio.get_event_loop()` raises `RuntimeError: There is no current
    /// event loop` when no loop is running or set (3.12 and 3.13 warned). The two-line
    /// `get_event_loop()` + `run_until_complete()` idiom is in countless scripts and tutorials.
    ///
    /// ## Example
    /// ```python
    /// loop = asyncio.get_event_loop()
    /// loop.run_until_complete(main())
    /// ```
    /// becomes
    /// ```python
    /// asyncio.run(main())
    /// ```
    ///
    /// ## Fix safety
    /// `get_running_loop()` inside a coroutine is safe: there `get_event_loop()` returned the
    /// running loop. `asyncio.run()` is unsafe: it runs the coroutine on a new loop, cancels
    /// the tasks still pending when it returns, and closes the loop. The added function is
    /// unsafe by the catalogue's classification, though it keeps the behaviour of Python 3.13
    /// (in the main thread; in other threads it creates a loop where 3.13 raised).
    AsyncioGetEventLoop {
        id: "asyncio-get-event-loop",
        group: "asyncio",
        summary: "loop = get_event_loop(); loop.run_until_complete(main()) -> asyncio.run(main()); in coroutines -> get_running_loop() (safe); elsewhere a get_event_loop() that creates the loop (unsafe)",
        query: include_str!("query.scm"),
        triggers: &["get_event_loop"],
        removed_in: Some(PyVersion::new(3, 14)),
        fix: FixSafety::Mixed,
        readme: ("asyncio", "`loop = asyncio.get_event_loop(); loop.run_until_complete(main())` (with `loop.close()`, in `try`/`finally`, or as one line) → `asyncio.run(main())`; inside a coroutine → `asyncio.get_running_loop()`; anywhere else → a `get_event_loop()` function with the old create-and-set behaviour", "unsafe / safe (`get_running_loop`)"),
        reach: snakeshift_engine::rewrite::Reach::Scope,
        removed_apis: &[&APIS],
    }
}

const HELPER: &str = r#"
def {name}():
    """asyncio.get_event_loop() as before Python 3.14: create and set a loop if there is none."""
    try:
        return {import:asyncio}.get_event_loop()
    except RuntimeError:
        loop = {import:asyncio}.new_event_loop()
        {import:asyncio}.set_event_loop(loop)
        return loop
"#;

/// The function, under both names it has: it stays, but its calls raise where no loop is
/// running or set.
static APIS: [RemovedModule; 2] = [
    RemovedModule {
        module: "asyncio",
        members: &[FUNCTION],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "asyncio.events",
        members: &[FUNCTION],
        other_members: "",
        successor: None,
        shared_state: false,
    },
];

const FUNCTION: Member = Member::own(
    "get_event_loop",
    "`asyncio.run(main())`; in a coroutine `asyncio.get_running_loop()`",
    ApiFix::SomeCalls,
);

/// Whether `q` is a qualified name of the function (`asyncio.get_event_loop`).
fn is_get_event_loop(q: &str) -> bool {
    APIS.iter().any(|t| {
        q.strip_prefix(t.module)
            .and_then(|rest| rest.strip_prefix('.'))
            .is_some_and(|name| t.member(name).is_some())
    })
}

fn message() -> String {
    let since = FUNCTION
        .change_in(&AsyncioGetEventLoop::META)
        .and_then(|c| c.gone_in())
        .map_or(String::new(), |v| format!(" since Python {v}"));
    format!("`asyncio.get_event_loop()` raises `RuntimeError`{since} when no loop is running or set")
}
const RUN_DIFFERS: &str = "`asyncio.run()` uses a new loop, cancels the tasks still pending when the coroutine returns, and closes the loop";
const HELPER_NOTE: &str = "the added `get_event_loop()` creates and sets a loop when there is none, as Python 3.13 did; prefer `asyncio.run()`";

/// asyncio functions that return futures, not coroutines: `asyncio.run()` rejects them.
const NOT_COROUTINES: [&str; 5] = [
    "asyncio.gather",
    "asyncio.ensure_future",
    "asyncio.shield",
    "asyncio.create_task",
    "asyncio.wrap_future",
];

fn is_async(func: Node<'_>) -> bool {
    func.kind() == "function_definition" && func.child(0).is_some_and(|c| c.kind() == "async")
}

/// The function or lambda whose body contains `node`.
fn enclosing_function(node: Node<'_>) -> Option<Node<'_>> {
    ancestor(node, &["function_definition", "lambda"])
}

/// A call's argument list holds exactly one positional argument: a coroutine call.
fn coroutine_argument<'t>(call: Node<'t>, ctx: &Context<'_, 't>) -> Option<Node<'t>> {
    let args = call.child_by_field_name("arguments")?;
    let mut cursor = args.walk();
    let list: Vec<Node<'t>> = args
        .named_children(&mut cursor)
        .filter(|n| n.kind() != "comment")
        .collect();
    let [arg] = list.as_slice() else {
        return None;
    };
    let is_coroutine = match arg.kind() {
        "call" => callee(*arg, ctx).is_none_or(|q| !NOT_COROUTINES.contains(&q.as_str())),
        "identifier" => true,
        _ => false,
    };
    (is_coroutine && args.named_child_count() == 1).then_some(*arg)
}

/// `X.run_until_complete(arg)` where `X` is `object`: the call and its argument.
fn run_until_complete<'t>(object: Node<'t>, ctx: &Context<'_, 't>) -> Option<(Node<'t>, Node<'t>)> {
    let attr = object.parent().filter(|p| p.kind() == "attribute")?;
    let name = attr.child_by_field_name("attribute")?;
    if ctx.text_of(name) != "run_until_complete" {
        return None;
    }
    let call = attr.parent().filter(|c| c.kind() == "call")?;
    Some((call, coroutine_argument(call, ctx)?))
}

/// `X.close()` as a statement of its own, where `X` is `object`.
fn close_statement<'t>(object: Node<'t>, ctx: &Context<'_, 't>) -> Option<Node<'t>> {
    let attr = object.parent().filter(|p| p.kind() == "attribute")?;
    let name = attr.child_by_field_name("attribute")?;
    let call = attr.parent().filter(|c| c.kind() == "call")?;
    let args = call.child_by_field_name("arguments")?;
    let stmt = call
        .parent()
        .filter(|s| s.kind() == "expression_statement")?;
    (ctx.text_of(name) == "close" && args.named_child_count() == 0 && stmt.named_child_count() == 1)
        .then_some(stmt)
}

/// `try: …run… finally: loop.close()` (no `except`, no `else`) around the `run_until_complete`
/// call: the `try` becomes its body, dedented, with the call replaced.
fn unwrap_finally<'t>(
    close: Node<'t>,
    (call, text): &(Node<'t>, String),
    ctx: &Context<'_, 't>,
) -> Option<Edit> {
    let block = close.parent().filter(|b| b.named_child_count() == 1)?;
    let finally = block.parent().filter(|f| f.kind() == "finally_clause")?;
    let try_stmt = finally.parent()?;
    let body = try_stmt.child_by_field_name("body")?;
    let mut cursor = try_stmt.walk();
    let clauses = try_stmt
        .named_children(&mut cursor)
        .filter(|c| c.kind() != "comment")
        .count();
    let inside = body.start_byte() <= call.start_byte() && call.end_byte() <= body.end_byte();
    if clauses != 2 || !inside || has_comment(try_stmt, body) {
        return None;
    }
    let from = indentation(ctx.text, body.start_byte());
    let to = indentation(ctx.text, try_stmt.start_byte());
    // Checks that the block can be re-indented (no multi-line strings, consistent indents).
    reindent_block(ctx.text, body, from, to)?;
    let start = line_start(ctx.text, body.start_byte());
    let mut segment = ctx.text[start..body.end_byte()].to_owned();
    segment.replace_range(call.start_byte() - start..call.end_byte() - start, text);
    let mut out = String::new();
    for line in segment.split_inclusive('\n') {
        match line.strip_prefix(from) {
            Some(rest) => {
                out.push_str(to);
                out.push_str(rest);
            }
            None => out.push_str(line.trim_start_matches([' ', '\t'])),
        }
    }
    let range = line_start(ctx.text, try_stmt.start_byte())..try_stmt.end_byte();
    Some(Edit::replace(range, out))
}

/// Removes a `loop.close()` statement, with its `finally:` when it was all the clause held
/// and the `try` keeps an `except` clause.
fn remove_close(close: Node<'_>, ctx: &Context<'_, '_>) -> Edit {
    let finally = close
        .parent()
        .filter(|b| b.named_child_count() == 1)
        .and_then(|b| b.parent())
        .filter(|f| f.kind() == "finally_clause");
    let handled = finally.and_then(|f| f.parent()).is_some_and(|t| {
        let mut cursor = t.walk();
        t.named_children(&mut cursor)
            .any(|c| c.kind() == "except_clause")
    });
    match finally {
        Some(f)
            if handled
                && ctx.text[line_start(ctx.text, f.start_byte())..f.start_byte()]
                    .trim()
                    .is_empty() =>
        {
            let start = line_start(ctx.text, f.start_byte());
            Edit::delete(start..next_line_start(ctx.text, f.end_byte()))
        }
        _ => delete_statement(ctx.text, close),
    }
}

/// A comment in `stmt` outside `kept`: unwrapping would lose it.
fn has_comment(stmt: Node<'_>, kept: Node<'_>) -> bool {
    let mut stack = vec![stmt];
    while let Some(n) = stack.pop() {
        if n.id() == kept.id() {
            continue;
        }
        if n.kind() == "comment" {
            return true;
        }
        let mut cursor = n.walk();
        stack.extend(n.children(&mut cursor));
    }
    false
}

impl AsyncioGetEventLoop {
    /// `asyncio.run`, spelled where `at` is.
    fn asyncio_run(&self, at: usize, ctx: &Context<'_, '_>) -> Option<(String, Vec<Edit>)> {
        let s = ctx
            .imports()
            .spell("asyncio.run", at, Anchor::Top, Style::Module)?;
        Some((s.text, s.edits))
    }

    /// `loop = get_event_loop()` used only by one `loop.run_until_complete(coro)` and
    /// `loop.close()`: the edits that turn it into `asyncio.run(coro)`.
    fn run_pattern<'t>(&self, call: Node<'t>, ctx: &Context<'_, 't>) -> Option<Vec<Edit>> {
        // One-liner: `asyncio.get_event_loop().run_until_complete(coro)`.
        if let Some((outer, arg)) = run_until_complete(call, ctx) {
            let (run, mut edits) = self.asyncio_run(outer.start_byte(), ctx)?;
            edits.push(Edit::replace(
                outer.byte_range(),
                format!("{run}({})", ctx.text_of(arg)),
            ));
            return Some(edits);
        }
        let assign = call.parent().filter(|a| a.kind() == "assignment")?;
        let left = assign.child_by_field_name("left")?;
        let stmt = assign
            .parent()
            .filter(|s| s.kind() == "expression_statement")?;
        if left.kind() != "identifier" || stmt.named_child_count() != 1 {
            return None;
        }
        let sem = ctx.semantic();
        let scope = sem.scope_at(left.start_byte());
        let [binding] = sem.lookup(scope, ctx.text_of(left)) else {
            return None;
        };
        let mut run = None;
        let mut closes = Vec::new();
        for &r in sem.references_to(*binding) {
            let node = sem.reference(r).node;
            if node.start_byte() < stmt.end_byte() {
                return None;
            }
            if let Some(found) = run_until_complete(node, ctx) {
                if run.replace(found).is_some() {
                    return None;
                }
            } else {
                closes.push(close_statement(node, ctx)?);
            }
        }
        let (outer, arg) = run?;
        if closes.iter().any(|c| c.start_byte() < outer.end_byte()) {
            return None;
        }
        let (run_name, mut edits) = self.asyncio_run(outer.start_byte(), ctx)?;
        edits.push(delete_statement(ctx.text, stmt));
        let replacement = (outer, format!("{run_name}({})", ctx.text_of(arg)));
        let mut replaced = false;
        for close in closes {
            match unwrap_finally(close, &replacement, ctx) {
                Some(edit) => {
                    replaced = true;
                    edits.push(edit);
                }
                None => edits.push(remove_close(close, ctx)),
            }
        }
        if !replaced {
            edits.push(Edit::replace(outer.byte_range(), replacement.1));
        }
        Some(crate::kit::coalesce(edits))
    }
}

impl Check for AsyncioGetEventLoop {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        let Some(use_node) = m.get("use") else { return };
        if use_node.kind() == "identifier"
            && use_node.parent().is_some_and(|p| {
                p.kind() == "attribute"
                    && p.child_by_field_name("attribute").map(|a| a.id()) == Some(use_node.id())
            })
        {
            return;
        }
        let sem = ctx.semantic();
        if ancestor(use_node, &["import_from_statement"]).is_some() {
            self.unused_import(use_node, ctx, out);
            return;
        }
        let Some(q) = sem.qualified_name(use_node) else {
            return;
        };
        if !is_get_event_loop(&q) {
            return;
        }
        let func = enclosing_function(use_node);
        // The function this rewrite adds calls the real one.
        if func.is_some_and(|f| is_helper(f, ctx)) {
            return;
        }
        let finding = Finding::new(Self::META.id, use_node.byte_range(), message());
        let call = use_node
            .parent()
            .filter(|p| p.kind() == "call")
            .filter(|p| p.child_by_field_name("function").map(|f| f.id()) == Some(use_node.id()))
            .filter(|c| {
                c.child_by_field_name("arguments")
                    .is_some_and(|a| a.named_child_count() == 0)
            });
        if let Some(call) = call {
            if func.is_some_and(is_async) {
                let Some(s) = ctx.imports().spell(
                    "asyncio.get_running_loop",
                    use_node.start_byte(),
                    Anchor::Top,
                    Style::Module,
                ) else {
                    return;
                };
                let mut edits = s.edits;
                edits.push(Edit::replace(use_node.byte_range(), s.text));
                out.push(finding.with_fix(Fix::safe("Use `asyncio.get_running_loop()`", edits)));
                return;
            }
            if let Some(edits) = self.run_pattern(call, ctx) {
                out.push(
                    finding
                        .with_fix(Fix::unsafe_("Use `asyncio.run()`", edits))
                        .with_note(RUN_DIFFERS),
                );
                return;
            }
        }
        self.helper(use_node, finding, ctx, out);
    }
}

impl AsyncioGetEventLoop {
    /// Removes `from asyncio import get_event_loop` once this run left it unused.
    fn unused_import<'t>(&self, name: Node<'t>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        let sem = ctx.semantic();
        let Some((id, _)) = sem.bindings().find(|(_, b)| {
            b.node.start_byte() <= name.start_byte()
                && name.end_byte() <= b.node.end_byte()
                && b.qualified_name().as_deref() == Some("asyncio.get_event_loop")
        }) else {
            return;
        };
        if sem.is_import_used(id) || ctx.was_unused_originally(id) {
            return;
        }
        out.push(
            Finding::new(
                Self::META.id,
                name.byte_range(),
                "`asyncio.get_event_loop` is no longer used",
            )
            .with_fix(Fix::safe("Remove the import", ctx.imports().delete(&[id]))),
        );
    }

    /// Points the use at a module-level `get_event_loop()` with the old behaviour.
    fn helper<'t>(
        &self,
        use_node: Node<'t>,
        finding: Finding,
        ctx: &Context<'_, 't>,
        out: &mut Vec<Finding>,
    ) {
        let sem = ctx.semantic();
        // `from asyncio import get_event_loop [as name]`: the import becomes the function.
        let from_import = (use_node.kind() == "identifier")
            .then(|| sem.reference_of(use_node))
            .flatten()
            .and_then(|r| match sem.reference(r).bindings.as_slice() {
                [b] if matches!(sem.binding(*b).kind, BindingKind::FromImport { .. }) => Some(*b),
                _ => None,
            });
        let (name, mut edits) = match from_import {
            Some(b) => (sem.binding(b).name.clone(), ctx.imports().delete(&[b])),
            None => ("get_event_loop".to_owned(), Vec::new()),
        };
        let defined = match from_import {
            Some(b) => define_replacing(ctx, &name, HELPER, b),
            None => define(ctx, &name, HELPER),
        };
        match defined {
            Ok(defs) => {
                edits.extend(defs);
                if from_import.is_none() {
                    edits.push(Edit::replace(use_node.byte_range(), name.clone()));
                }
                out.push(
                    finding
                        .with_fix(Fix::new(
                            format!("Define `{name}()` with the old behaviour"),
                            Applicability::Unsafe,
                            edits,
                        ))
                        .with_note(HELPER_NOTE),
                );
            }
            Err(_) => out.push(finding.with_note(
                "use `asyncio.run(main())`, or create the loop with `asyncio.new_event_loop()` and `asyncio.set_event_loop(loop)`",
            )),
        }
    }
}

/// The function this rewrite adds (a module-level `def` whose docstring says so).
fn is_helper(func: Node<'_>, ctx: &Context<'_, '_>) -> bool {
    func.kind() == "function_definition"
        && func.parent().is_some_and(|p| p.kind() == "module")
        && ctx
            .text_of(func)
            .contains("asyncio.get_event_loop() as before Python 3.14")
}
