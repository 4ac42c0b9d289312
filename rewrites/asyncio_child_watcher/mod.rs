use crate::kit::declare::Check;
use crate::kit::check_changed;
use snakeshift_engine::fix::Finding;
use snakeshift_engine::fix::Fix;
use crate::kit::moves::{Member, RemovedModule};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;
use tree_sitter::Node;

rewrite! {
    /// # asyncio-child-watcher
    ///
    ///
    /// ## What it does
    /// Deletes the statements that only set up a child watcher, `asyncio.set_child_watcher(...)`
    /// and `asyncio.get_child_watcher().attach_loop(loop)`, and reports the other uses of the child
    /// watcher API (`SafeChildWatcher`, `ThreadedChildWatcher`, …, `get_child_watcher()` used as a
    /// value, the policy methods).
    ///
    /// ## Why
    /// The child watcher API was deprecated in Python 3.12 and removed in 3.14: asyncio now
    /// handles child processes itself, and `create_subprocess_exec` works without any set-up.
    ///
    /// ## Example
    /// ```python
    /// asyncio.set_child_watcher(asyncio.ThreadedChildWatcher())
    /// ```
    /// is deleted.
    ///
    /// ## Fix safety
    /// Safe: in Python 3.14 the deleted statements could only fail; subprocesses work without them.
    AsyncioChildWatcher {
        id: "asyncio-child-watcher",
        group: "asyncio",
        summary: "asyncio.set_child_watcher(...) / get_child_watcher().attach_loop(...) statements -> deleted (safe); child watcher classes and other uses reported",
        query: include_str!("query.scm"),
        triggers: &["ChildWatcher", "child_watcher"],
        removed_in: Some(PyVersion::new(3, 14)),
        fix: FixSafety::Safe,
        readme: ("asyncio", "`asyncio.set_child_watcher(…)` / `get_child_watcher().attach_loop(…)` statements deleted; other child watcher uses reported", "safe"),
        removed_apis: &[&MODULES],
    }
}

const DELETE: &str = "delete it: asyncio handles child processes itself since Python 3.12";

static MODULES: [RemovedModule; 1] = [RemovedModule {
    module: "asyncio",
    members: &[
        Member::report("AbstractChildWatcher", DELETE),
        Member::report("SafeChildWatcher", DELETE),
        Member::report("FastChildWatcher", DELETE),
        Member::report("MultiLoopChildWatcher", DELETE),
        Member::report("ThreadedChildWatcher", DELETE),
        Member::report("PidfdChildWatcher", DELETE),
        Member::elsewhere("set_child_watcher"),
        Member::elsewhere("get_child_watcher"),
    ],
    other_members: "",
    successor: None,
    shared_state: false,
}];

impl AsyncioChildWatcher {
    fn call<'t>(
        &self,
        call: Node<'t>,
        function: Node<'t>,
        ctx: &Context<'_, 't>,
        out: &mut Vec<Finding>,
    ) {
        let q = ctx.semantic().qualified_name(function).unwrap_or_default();
        let name = match q.as_str() {
            "asyncio.set_child_watcher" => "set_child_watcher",
            "asyncio.get_child_watcher" => "get_child_watcher",
            _ => return,
        };
        // The statement the call belongs to, when it does nothing else.
        let mut expr = call;
        if name == "get_child_watcher"
            && let Some(outer) = call.parent().filter(|p| p.kind() == "attribute")
            && outer
                .child_by_field_name("attribute")
                .is_some_and(|a| ctx.text_of(a) == "attach_loop")
            && let Some(attach) = outer.parent().filter(|p| p.kind() == "call")
        {
            expr = attach;
        }
        let finding = Finding::new(
            Self::META.id,
            call.byte_range(),
            format!("`asyncio.{name}` was removed in Python 3.14"),
        );
        let statement = expr
            .parent()
            .filter(|s| s.kind() == "expression_statement" && s.named_child_count() == 1);
        match statement {
            Some(stmt) if expr.id() != call.id() || name == "set_child_watcher" => {
                let edit = snakeshift_engine::edits::delete_statement(ctx.text, stmt);
                out.push(
                    finding
                        .with_fix(Fix::safe("Delete the statement", vec![edit]))
                        .with_note(DELETE),
                );
            }
            _ => out.push(finding.with_note(DELETE)),
        }
    }
}

impl Check for AsyncioChildWatcher {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_changed(&Self::META, &MODULES, m, ctx, out);
        if let (Some(call), Some(function)) = (m.get("call"), m.get("function")) {
            self.call(call, function, ctx, out);
        }
    }
}
