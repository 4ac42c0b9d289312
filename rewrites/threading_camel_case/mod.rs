use crate::kit::declare::Check;
use crate::kit::check_changed;
use snakeshift_engine::fix::Finding;
use snakeshift_engine::fix::{Edit, Fix};
use crate::kit::moves::{CallFix, CallIssue, CallSite, Change, Member, RemovedModule, Own};
use crate::kit::removed::ApiFix;
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;
use tree_sitter::Node;

rewrite! {
    /// # threading-camel-case
    ///
    ///
    /// ## What it does
    /// | old | becomes |
    /// | --- | --- |
    /// | `threading.currentThread()`, `threading.activeCount()` | `threading.current_thread()`, `threading.active_count()` |
    /// | `t.setDaemon(flag)` (a statement) | `t.daemon = flag` |
    /// | `t.isDaemon()` | `t.daemon` |
    /// | `t.getName()`, `t.setName(name)` (a statement) | `t.name`, `t.name = name` |
    /// | `event.isSet()` | `event.is_set()` |
    /// | `condition.notifyAll()` | `condition.notify_all()` |
    /// | `t.isAlive()` (removed in Python 3.9) | `t.is_alive()` |
    /// | `threading.RLock(*args)` | `threading.RLock()` |
    ///
    /// The method renames apply in files that import `threading`; `getName` / `setName` only where
    /// the receiver is known to be a thread (made by `threading.Thread(...)` or
    /// `current_thread()`, or `self` in a `Thread` subclass), as other classes have methods of
    /// these names.
    ///
    /// ## Why
    /// The camelCase spellings are deprecated since Python 3.10 and warn; `isAlive` was removed in
    /// 3.9; arguments to `RLock` are deprecated since 3.14 (they were ignored) and are removed in
    /// 3.15.
    ///
    /// ## Example
    /// ```python
    /// worker.setDaemon(True)
    /// ```
    /// becomes
    /// ```python
    /// worker.daemon = True
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the old methods read and set the same attributes.
    ThreadingCamelCase {
        id: "threading-camel-case",
        group: "threading",
        summary: "currentThread/activeCount -> current_thread/active_count, t.setDaemon(x) -> t.daemon = x, isDaemon/getName/setName, Event.isSet, Condition.notifyAll, Thread.isAlive (removed 3.9) -> snake_case; RLock(args) -> RLock() (safe)",
        query: include_str!("query.scm"),
        triggers: &["currentThread", "activeCount", "setDaemon", "isDaemon", "getName", "setName", "isSet", "notifyAll", "isAlive", "RLock"],
        removed_in: None,
        fix: FixSafety::Safe,
        readme: ("other", "`currentThread`, `activeCount`, `t.setDaemon(x)` → `t.daemon = x`, `isDaemon`, `getName`, `setName`, `isSet`, `notifyAll`, `isAlive` → snake_case; `RLock(args)` → `RLock()`", "safe"),
        activate: |p| crate::kit::activation::uses_members(p, &MODULES) || p.hits().iter().any(|h| crate::kit::activation::before(p.text(), h.start).ends_with(b".")),
        removed_apis: &[&MODULES, &METHODS],
    }
}

static MODULES: [RemovedModule; 1] = [RemovedModule {
    module: "threading",
    members: &[
        Member::rename("currentThread", "threading.current_thread")
            .deprecated(PyVersion::new(3, 10), None),
        Member::rename("activeCount", "threading.active_count")
            .deprecated(PyVersion::new(3, 10), None),
        Member::check_call("RLock", rlock_arguments)
            .deprecated(PyVersion::new(3, 14), Some(PyVersion::new(3, 15))),
    ],
    other_members: "",
    successor: None,
    shared_state: false,
}];

/// The camelCase methods this rewrite renames, when each went or started to warn, and what
/// replaces it (a method, or the attribute the call becomes).
static METHODS: [RemovedModule; 1] = [RemovedModule {
    module: "threading",
    members: &[
        Member::own("Thread.setDaemon", "threading.Thread.daemon", ApiFix::Safe)
            .deprecated(PyVersion::new(3, 10), None),
        Member::own("Thread.isDaemon", "threading.Thread.daemon", ApiFix::Safe)
            .deprecated(PyVersion::new(3, 10), None),
        Member::own("Thread.getName", "threading.Thread.name", ApiFix::Safe)
            .deprecated(PyVersion::new(3, 10), None),
        Member::own("Thread.setName", "threading.Thread.name", ApiFix::Safe)
            .deprecated(PyVersion::new(3, 10), None),
        Member::own("Event.isSet", "threading.Event.is_set", ApiFix::Safe)
            .deprecated(PyVersion::new(3, 10), None),
        Member::own("Condition.notifyAll", "threading.Condition.notify_all", ApiFix::Safe)
            .deprecated(PyVersion::new(3, 10), None),
        Member::own("Thread.isAlive", "threading.Thread.is_alive", ApiFix::Safe)
            .removed(PyVersion::new(3, 9)),
    ],
    other_members: "",
    successor: None,
    shared_state: false,
}];

/// The entry of the method `name` (`isSet` for `Event.isSet`).
fn method(name: &str) -> Option<&'static Member> {
    METHODS[0].members.iter().find(|m| m.short_name() == name)
}

fn rlock_arguments(site: &CallSite<'_, '_>) -> Option<CallIssue> {
    if site.args.is_empty() {
        return None;
    }
    let function = site.call.child_by_field_name("function")?;
    Some(CallIssue {
        message: crate::kit::deprecation(
            "passing arguments to `threading.RLock`",
            Some(PyVersion::new(3, 14)),
            PyVersion::new(3, 15),
            site.ctx().versions.target,
        ),
        fix: Ok(CallFix::safe(format!("{}()", site.ctx().text_of(function)))),
    })
}

/// Whether the receiver is known to be a thread.
fn is_thread<'t>(receiver: Node<'t>, ctx: &Context<'_, 't>) -> bool {
    const MAKERS: [&str; 5] = [
        "threading.Thread",
        "threading.current_thread",
        "threading.currentThread",
        "threading.main_thread",
        "threading.Timer",
    ];
    if crate::kit::syntax::origin(receiver, ctx).is_some_and(|q| MAKERS.contains(&q.as_str())) {
        return true;
    }
    if let Some(class) = crate::kit::syntax::origin_class(receiver, ctx) {
        return crate::kit::syntax::ancestry_names(class, ctx)
            .iter()
            .any(|b| b == "threading.Thread" || b == "threading.Timer");
    }
    if receiver.kind() == "identifier"
        && ctx.text_of(receiver) == "self"
        && let Some((_, class)) = crate::kit::syntax::enclosing_method(receiver)
    {
        return crate::kit::syntax::ancestry_names(class, ctx)
            .iter()
            .any(|b| b == "threading.Thread" || b == "threading.Timer");
    }
    false
}

impl ThreadingCamelCase {
    fn method<'t>(
        &self,
        call: Node<'t>,
        receiver: Node<'t>,
        method: Node<'t>,
        ctx: &Context<'_, 't>,
        out: &mut Vec<Finding>,
    ) {
        let name = ctx.text_of(method);
        if !crate::kit::syntax::imports_module(ctx, "threading") {
            return;
        }
        let Some(entry) = self::method(name) else {
            return;
        };
        let Some(own) = entry.own_at(&Self::META, ctx.versions.target) else {
            return;
        };
        let Own { change, .. } = own;
        if matches!(name, "getName" | "setName") && !is_thread(receiver, ctx) {
            return;
        }
        // A method gone from the class is named with it: `Thread.isAlive()`.
        let message = match change {
            Change::Removed(_) => format!("`{}()`{}", entry.name, change.describe()),
            Change::Deprecated { .. } => format!("`{name}()`{}", change.describe()),
        };
        let to = own.instead_name();
        let Some(site) = CallSite::new(ctx, call) else {
            return;
        };
        let receiver_text = crate::kit::syntax::primary_text(receiver, ctx);
        let statement = crate::kit::syntax::is_statement(call);
        let arg = site.args.first().filter(|a| {
            site.args.len() == 1 && a.kind == crate::kit::moves::ArgKind::Positional
        });
        // Setters become assignments and getters the attribute; the others are renamed.
        let replacement = match (name, arg, statement) {
            ("setDaemon" | "setName", Some(a), true) => {
                format!("{receiver_text}.{to} = {}", a.text)
            }
            ("isDaemon" | "getName", None, _) if site.args.is_empty() => {
                format!("{receiver_text}.{to}")
            }
            ("isSet" | "notifyAll" | "isAlive", ..) => {
                return self.rename(method, to, message, out);
            }
            _ => return,
        };
        if site.loses_comments() {
            return;
        }
        out.push(
            Finding::new(Self::META.id, call.byte_range(), message).with_fix(Fix::safe(
                "Use the attribute",
                vec![Edit::replace(call.byte_range(), replacement)],
            )),
        );
    }

    fn rename(&self, method: Node<'_>, to: &str, message: String, out: &mut Vec<Finding>) {
        out.push(
            Finding::new(Self::META.id, method.byte_range(), message).with_fix(Fix::safe(
                format!("Use `{to}`"),
                vec![Edit::replace(method.byte_range(), to)],
            )),
        );
    }
}

impl Check for ThreadingCamelCase {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_changed(&Self::META, &MODULES, m, ctx, out);
        if let (Some(call), Some(receiver), Some(method)) =
            (m.get("call"), m.get("receiver"), m.get("method"))
        {
            self.method(call, receiver, method, ctx, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The query names the methods of the table, and only those.
    #[test]
    fn the_query_names_the_methods_of_the_table() {
        let table: Vec<&str> = METHODS[0].members.iter().map(Member::short_name).collect();
        let lists = crate::kit::any_of_lists(include_str!("query.scm"), "method");
        assert_eq!(lists, [table]);
    }
}
