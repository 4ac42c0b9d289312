use crate::kit::declare::Check;
use crate::kit::check_changed;
use snakeshift_engine::fix::Finding;
use crate::kit::moves::{Member, RemovedModule};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;

rewrite! {
    /// # fractions-gcd
    ///
    ///
    /// ## What it does
    /// Replaces `fractions.gcd` with `math.gcd`.
    ///
    /// ## Why
    /// `fractions.gcd` was deprecated in Python 3.5 and removed in 3.9.
    ///
    /// ## Example
    /// ```python
    /// from fractions import gcd
    /// ```
    /// becomes
    /// ```python
    /// from math import gcd
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: `fractions.gcd(a, b)` took the sign of `b` (`gcd(4, -6) == -2`) and accepted
    /// `Fraction` and float arguments; `math.gcd` always returns a non-negative `int` and accepts
    /// only integers.
    FractionsGcd {
        id: "fractions-gcd",
        group: "fractions",
        summary: "fractions.gcd -> math.gcd (unsafe: sign and float handling differ)",
        query: include_str!("query.scm"),
        triggers: &["gcd"],
        removed_in: Some(PyVersion::new(3, 9)),
        fix: FixSafety::Unsafe,
        readme: ("other", "`fractions.gcd` → `math.gcd`", "unsafe"),
        activate: |p| crate::kit::activation::uses_members(p, &MODULES),
        removed_apis: &[&MODULES],
    }
}

static MODULES: [RemovedModule; 1] = [RemovedModule {
    module: "fractions",
    members: &[Member::unsafe_rename(
        "gcd",
        "math.gcd",
        "`math.gcd` is never negative (`fractions.gcd(4, -6)` was -2) and accepts only integers",
    )],
    other_members: "",
    successor: None,
    shared_state: false,
}];

impl Check for FractionsGcd {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_changed(&Self::META, &MODULES, m, ctx, out);
    }
}
