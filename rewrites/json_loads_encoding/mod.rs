use crate::kit::activation::has_word;
use crate::kit::declare::Check;
use crate::kit::check_changed;
use snakeshift_engine::fix::Finding;
use crate::kit::moves::{CallFix, CallIssue, CallSite, Member, RemovedModule};
use snakeshift_engine::activation::Probe;
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::scan::word_occurrences;
use snakeshift_engine::version::PyVersion;

rewrite! {
    /// # json-loads-encoding
    ///
    ///
    /// ## What it does
    /// Drops the `encoding=` argument of `json.loads`.
    ///
    /// ## Why
    /// It had been ignored since Python 3.1 and raises `TypeError` since 3.9.
    ///
    /// ## Example
    /// ```python
    /// json.loads(body, encoding="utf-8")
    /// ```
    /// becomes
    /// ```python
    /// json.loads(body)
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the argument had no effect.
    JsonLoadsEncoding {
        id: "json-loads-encoding",
        group: "json",
        summary: "json.loads(s, encoding=...) -> drop encoding (safe)",
        query: include_str!("query.scm"),
        triggers: &["json"],
        removed_in: Some(PyVersion::new(3, 9)),
        fix: FixSafety::Safe,
        readme: ("other", "`json.loads(…, encoding=…)` → argument dropped", "safe"),
        activate: may_pass_encoding,
        removed_apis: &[&MODULES],
    }
}

/// Whether a call of `loads` can pass `encoding=`: a logical line holding `loads` also holds
/// the word `encoding` (anywhere in the file where `loads` is imported under another name).
fn may_pass_encoding(p: &Probe<'_>) -> bool {
    p.imports("json")
        && if p.imports_renamed("json", "loads") {
            p.has_word("encoding")
        } else {
            word_occurrences(p.text(), b"loads").any(|at| {
                p.in_code(at) && p.line_text(at).is_some_and(|line| has_word(line, "encoding"))
            })
        }
}

static MODULES: [RemovedModule; 1] = [RemovedModule {
    module: "json",
    members: &[Member::check_call("loads", drop_encoding)],
    other_members: "",
    successor: None,
    shared_state: false,
}];

fn drop_encoding(site: &CallSite<'_, '_>) -> Option<CallIssue> {
    let text = crate::kit::without_keyword(site, "encoding")?;
    Some(CallIssue {
        message: "`json.loads(encoding=...)` was removed in Python 3.9".to_owned(),
        fix: Ok(CallFix::safe(text)),
    })
}

impl Check for JsonLoadsEncoding {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_changed(&Self::META, &MODULES, m, ctx, out);
    }
}
