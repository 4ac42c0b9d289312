use crate::kit::declare::Check;
use crate::kit::check_changed;
use snakeshift_engine::fix::Finding;
use crate::kit::moves::{Member, RemovedModule};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;

rewrite! {
    /// # calendar-month-constants
    ///
    ///
    /// ## What it does
    /// Renames `calendar.January` and `calendar.February` to `calendar.JANUARY` and
    /// `calendar.FEBRUARY`, when the oldest supported Python is 3.12 or newer.
    ///
    /// ## Why
    /// The mixed-case names are deprecated since Python 3.12 and warn on every use.
    ///
    /// ## Example
    /// ```python
    /// calendar.monthrange(2024, calendar.February)
    /// ```
    /// becomes
    /// ```python
    /// calendar.monthrange(2024, calendar.FEBRUARY)
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the same values. The new names do not exist before Python 3.12, so older projects get
    /// a finding instead.
    CalendarMonthConstants {
        id: "calendar-month-constants",
        group: "calendar",
        summary: "calendar.January/February -> JANUARY/FEBRUARY (safe, needs 3.12)",
        query: include_str!("query.scm"),
        triggers: &["January", "February"],
        removed_in: None,
        fix: FixSafety::Safe,
        readme: ("other", "`calendar.January` / `February` → `JANUARY` / `FEBRUARY` (3.12+)", "safe"),
        removed_apis: &[&MODULES],
    }
}

static MODULES: [RemovedModule; 1] = [RemovedModule {
    module: "calendar",
    members: &[
        Member::rename("January", "calendar.JANUARY")
            .since(PyVersion::new(3, 12))
            .deprecated(PyVersion::new(3, 12), None),
        Member::rename("February", "calendar.FEBRUARY")
            .since(PyVersion::new(3, 12))
            .deprecated(PyVersion::new(3, 12), None),
    ],
    other_members: "",
    successor: None,
    shared_state: false,
}];

impl Check for CalendarMonthConstants {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_changed(&Self::META, &MODULES, m, ctx, out);
    }
}
