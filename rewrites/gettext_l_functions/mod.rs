use crate::kit::declare::Check;
use crate::kit::check_changed;
use snakeshift_engine::fix::Finding;
use crate::kit::moves::{Member, RemovedModule};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;

rewrite! {
    /// # gettext-l-functions
    ///
    ///
    /// ## What it does
    /// Replaces `gettext.lgettext`, `ldgettext`, `lngettext` and `ldngettext` with `gettext`,
    /// `dgettext`, `ngettext` and `dngettext`, and reports `bind_textdomain_codeset`.
    ///
    /// ## Why
    /// The `l*` functions returned translations encoded in the locale's encoding; they were
    /// deprecated in Python 3.8 and removed in 3.11.
    ///
    /// ## Example
    /// ```python
    /// msg = gettext.lgettext("Hello")
    /// ```
    /// becomes
    /// ```python
    /// msg = gettext.gettext("Hello")
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the replacements return `str`, where the old functions returned `bytes`.
    GettextLFunctions {
        id: "gettext-l-functions",
        group: "gettext",
        summary: "gettext.lgettext/ldgettext/lngettext/ldngettext -> gettext/dgettext/ngettext/dngettext (unsafe: str, not bytes); bind_textdomain_codeset reported",
        query: include_str!("query.scm"),
        triggers: &["gettext"],
        removed_in: Some(PyVersion::new(3, 11)),
        fix: FixSafety::Unsafe,
        readme: ("other", "`lgettext`, `ldgettext`, `lngettext`, `ldngettext` → `gettext` & co", "unsafe"),
        activate: |p| crate::kit::activation::uses_members(p, &MODULES),
        removed_apis: &[&MODULES],
    }
}

const STR: &str = "the replacement returns `str` where the old function returned `bytes` in the locale's encoding";

static MODULES: [RemovedModule; 1] = [RemovedModule {
    module: "gettext",
    members: &[
        Member::unsafe_rename("lgettext", "gettext.gettext", STR),
        Member::unsafe_rename("ldgettext", "gettext.dgettext", STR),
        Member::unsafe_rename("lngettext", "gettext.ngettext", STR),
        Member::unsafe_rename("ldngettext", "gettext.dngettext", STR),
        Member::report(
            "bind_textdomain_codeset",
            "delete the call: translations are `str`, encode them where bytes are needed",
        ),
    ],
    other_members: "",
    successor: None,
    shared_state: false,
}];

impl Check for GettextLFunctions {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_changed(&Self::META, &MODULES, m, ctx, out);
    }
}
