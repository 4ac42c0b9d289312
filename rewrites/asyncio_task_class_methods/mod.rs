use crate::kit::declare::Check;
use crate::kit::check_changed;
use snakeshift_engine::fix::Finding;
use crate::kit::moves::{Member, RemovedModule};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;

rewrite! {
    /// # asyncio-task-class-methods
    ///
    ///
    /// ## What it does
    /// Replaces the class methods `asyncio.Task.current_task()` and `asyncio.Task.all_tasks()`
    /// with the functions `asyncio.current_task()` and `asyncio.all_tasks()`.
    ///
    /// ## Why
    /// The class methods were deprecated in Python 3.7 and removed in 3.9.
    ///
    /// ## Example
    /// ```python
    /// for task in asyncio.Task.all_tasks():
    /// ```
    /// becomes
    /// ```python
    /// for task in asyncio.all_tasks():
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: `Task.all_tasks()` also returned finished tasks, `asyncio.all_tasks()` only pending
    /// ones; outside a running loop `Task.current_task()` returned `None` where
    /// `asyncio.current_task()` raises `RuntimeError`.
    AsyncioTaskClassMethods {
        id: "asyncio-task-class-methods",
        group: "asyncio",
        summary: "asyncio.Task.current_task()/all_tasks() -> asyncio.current_task()/all_tasks() (unsafe)",
        query: include_str!("query.scm"),
        triggers: &["current_task", "all_tasks"],
        removed_in: Some(PyVersion::new(3, 9)),
        fix: FixSafety::Unsafe,
        readme: ("asyncio", "`asyncio.Task.current_task()` / `all_tasks()` → `asyncio.current_task()` / `all_tasks()`", "unsafe"),
        removed_apis: &[&MODULES],
    }
}

static MODULES: [RemovedModule; 2] = [
    RemovedModule {
        module: "asyncio.Task",
        members: &[
            Member::unsafe_rename(
                "current_task",
                "asyncio.current_task",
                "outside a running loop `asyncio.current_task()` raises `RuntimeError` where `Task.current_task()` returned `None`",
            ),
            Member::unsafe_rename(
                "all_tasks",
                "asyncio.all_tasks",
                "`asyncio.all_tasks()` leaves out finished tasks, which `Task.all_tasks()` included",
            ),
        ],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "asyncio.tasks.Task",
        members: &[
            Member::unsafe_rename(
                "current_task",
                "asyncio.current_task",
                "outside a running loop `asyncio.current_task()` raises `RuntimeError` where `Task.current_task()` returned `None`",
            ),
            Member::unsafe_rename(
                "all_tasks",
                "asyncio.all_tasks",
                "`asyncio.all_tasks()` leaves out finished tasks, which `Task.all_tasks()` included",
            ),
        ],
        other_members: "",
        successor: None,
        shared_state: false,
    },
];

impl Check for AsyncioTaskClassMethods {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_changed(&Self::META, &MODULES, m, ctx, out);
    }
}
