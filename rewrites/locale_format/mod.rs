use crate::kit::declare::Check;
use crate::kit::check_changed;
use snakeshift_engine::fix::Finding;
use crate::kit::moves::{CallFix, CallSite, Member, RemovedModule};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;

rewrite! {
    /// # locale-format
    ///
    ///
    /// ## What it does
    /// Replaces `locale.format(fmt, value, grouping, monetary)` with `locale.format_string(…)`
    /// (the same arguments) and `locale.resetlocale()` with `locale.setlocale(locale.LC_ALL, "")`.
    /// `locale.getdefaultlocale()` is left alone: it is no longer deprecated.
    ///
    /// ## Why
    /// `locale.format` was removed in Python 3.12 and `locale.resetlocale` in 3.13.
    ///
    /// ## Example
    /// ```python
    /// locale.format("%d", 1234567, grouping=True)
    /// ```
    /// becomes
    /// ```python
    /// locale.format_string("%d", 1234567, grouping=True)
    /// ```
    ///
    /// ## Fix safety
    /// Safe: `format_string` accepts what `format` accepted (and more `%` specs).
    /// `setlocale(LC_ALL, "")` is the documented replacement of `resetlocale()` and more robust: it
    /// does not fail where `resetlocale()` mapped `C.UTF-8` to an unsupported locale name.
    LocaleFormat {
        id: "locale-format",
        group: "locale",
        summary: "locale.format -> locale.format_string, locale.resetlocale() -> setlocale(LC_ALL, \"\") (safe); getdefaultlocale left alone (undeprecated)",
        query: include_str!("query.scm"),
        triggers: &["locale"],
        removed_in: Some(PyVersion::new(3, 12)),
        fix: FixSafety::Safe,
        readme: ("other", r#"`locale.format` → `format_string`, `resetlocale()` → `setlocale(LC_ALL, "")` (`getdefaultlocale` left alone: it is no longer deprecated)"#, "safe"),
        activate: |p| p.imports("locale"),
        removed_apis: &[&MODULES],
    }
}

static MODULES: [RemovedModule; 1] = [RemovedModule {
    module: "locale",
    members: &[
        Member::rename("format", "locale.format_string"),
        Member::call(
            "resetlocale",
            resetlocale,
            "use `locale.setlocale(locale.LC_ALL, \"\")`",
        )
        .removed(PyVersion::new(3, 13)),
    ],
    other_members: "",
    successor: None,
    shared_state: false,
}];

fn resetlocale(site: &CallSite<'_, '_>) -> Result<CallFix, String> {
    site.expect_params(&["category"])?;
    let setlocale = site.require("locale.setlocale")?;
    let category = match site.param(0, "category") {
        Some(c) => c.text.to_owned(),
        None => site.require("locale.LC_ALL")?,
    };
    let q = site.quote();
    Ok(CallFix::safe(format!("{setlocale}({category}, {q}{q})")))
}

impl Check for LocaleFormat {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_changed(&Self::META, &MODULES, m, ctx, out);
    }
}
