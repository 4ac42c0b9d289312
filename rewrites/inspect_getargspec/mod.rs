use crate::kit::declare::Check;
use crate::kit::check_changed;
use snakeshift_engine::fix::Finding;
use crate::kit::moves::{Member, RemovedModule};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;

rewrite! {
    /// # inspect-getargspec
    ///
    ///
    /// ## What it does
    /// Replaces `inspect.getargspec` with a `getargspec` function added to the module that returns
    /// the same `(args, varargs, keywords, defaults)` named tuple from `inspect.getfullargspec`,
    /// and raises `ValueError` for keyword-only parameters or annotations as before.
    /// `inspect.formatargspec` is reported (use `str(inspect.signature(func))`).
    ///
    /// ## Why
    /// `getargspec` was deprecated since Python 3.0 and removed in 3.11, `formatargspec` too.
    ///
    /// ## Example
    /// ```python
    /// args = inspect.getargspec(func).args
    /// ```
    /// becomes
    /// ```python
    /// def getargspec(func):
    ///     ...
    /// args = getargspec(func).args
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the result is a new named tuple type named like the old `inspect.ArgSpec`, so
    /// `isinstance` checks against it and pickles of it differ.
    InspectGetargspec {
        id: "inspect-getargspec",
        group: "inspect",
        summary: "inspect.getargspec -> a getargspec built on getfullargspec (unsafe); formatargspec reported",
        query: include_str!("query.scm"),
        triggers: &["getargspec", "formatargspec"],
        removed_in: Some(PyVersion::new(3, 11)),
        fix: FixSafety::Unsafe,
        readme: ("other", "`inspect.getargspec` → a function returning the same named tuple; `formatargspec` reported", "unsafe"),
        removed_apis: &[&MODULES],
    }
}

const GETARGSPEC: &str = r#"
def {name}(func):
    """inspect.getargspec(): (args, varargs, keywords, defaults) of a function."""
    spec = {import:inspect}.getfullargspec(func)
    if spec.kwonlyargs or spec.annotations:
        raise ValueError("Function has keyword-only parameters or annotations, use inspect.signature() API which can support them")
    return {import:collections}.namedtuple("ArgSpec", "args varargs keywords defaults")(spec.args, spec.varargs, spec.varkw, spec.defaults)
"#;

static MODULES: [RemovedModule; 1] = [
    RemovedModule {
        module: "inspect",
        members: &[
        Member::unsafe_define("getargspec", GETARGSPEC, "the result is an equal named tuple of a new `ArgSpec` type; prefer `inspect.signature()` or `getfullargspec()`").removed(PyVersion::new(3, 11)),
        Member::report("formatargspec", "use `str(inspect.signature(func))`").removed(PyVersion::new(3, 11)),
        ],
        other_members: "",
        successor: None,
        shared_state: false,
    },
];

impl Check for InspectGetargspec {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_changed(&Self::META, &MODULES, m, ctx, out);
    }
}
