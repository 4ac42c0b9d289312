use crate::kit::declare::Check;
use crate::kit::check_changed;
use snakeshift_engine::fix::Finding;
use crate::kit::moves::{Member, RemovedModule};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;

rewrite! {
    /// # base64-encodestring
    ///
    ///
    /// ## What it does
    /// Renames `base64.encodestring` to `base64.encodebytes` and `base64.decodestring` to
    /// `base64.decodebytes`.
    ///
    /// ## Why
    /// The old names were deprecated aliases since Python 3.1 and were removed in 3.9.
    ///
    /// ## Example
    /// ```python
    /// base64.encodestring(data)
    /// ```
    /// becomes
    /// ```python
    /// base64.encodebytes(data)
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the same functions.
    Base64Encodestring {
        id: "base64-encodestring",
        group: "base64",
        summary: "base64.encodestring/decodestring -> encodebytes/decodebytes (safe)",
        query: include_str!("query.scm"),
        triggers: &["base64"],
        removed_in: Some(PyVersion::new(3, 9)),
        fix: FixSafety::Safe,
        readme: ("other", "`encodestring` / `decodestring` → `encodebytes` / `decodebytes`", "safe"),
        activate: |p| crate::kit::activation::uses_members(p, &MODULES),
        removed_apis: &[&MODULES],
    }
}

static MODULES: [RemovedModule; 1] = [RemovedModule {
    module: "base64",
    members: &[
        Member::rename("encodestring", "base64.encodebytes"),
        Member::rename("decodestring", "base64.decodebytes"),
    ],
    other_members: "",
    successor: None,
    shared_state: false,
}];

impl Check for Base64Encodestring {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_changed(&Self::META, &MODULES, m, ctx, out);
    }
}
