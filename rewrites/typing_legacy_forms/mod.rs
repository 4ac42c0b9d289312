use crate::kit::declare::Check;
use crate::kit::check_changed;
use snakeshift_engine::fix::Finding;
use crate::kit::moves::{CallFix, CallIssue, CallSite, Member, RemovedModule};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;

rewrite! {
    /// # typing-legacy-forms
    ///
    ///
    /// ## What it does
    /// | old | becomes |
    /// | --- | --- |
    /// | `TypedDict("TD", x=int, y=str)` (removed in 3.13) | `TypedDict("TD", {"x": int, "y": str})` |
    /// | `TypedDict("TD")`, `TypedDict("TD", None)` (deprecated, gone in 3.15) | `TypedDict("TD", {})` |
    /// | `NamedTuple("P", x=int, y=float)` (deprecated, gone in 3.15) | `NamedTuple("P", [("x", int), ("y", float)])` |
    ///
    /// (`typing.io` / `typing.re`, `typing.Text` and the other typing names are handled by the
    /// typing rewrites.)
    ///
    /// ## Why
    /// The keyword forms were deprecated in Python 3.11–3.13; `TypedDict`'s was removed in 3.13,
    /// the others warn and go in 3.15.
    ///
    /// ## Example
    /// ```python
    /// Movie = TypedDict("Movie", name=str, year=int)
    /// ```
    /// becomes
    /// ```python
    /// Movie = TypedDict("Movie", {"name": str, "year": int})
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the same classes (keyword order is kept).
    TypingLegacyForms {
        id: "typing-legacy-forms",
        group: "typing",
        summary: "TypedDict(\"T\", x=int) -> TypedDict(\"T\", {\"x\": int}), TypedDict(\"T\") -> TypedDict(\"T\", {}), NamedTuple(\"P\", x=int) -> NamedTuple(\"P\", [(\"x\", int)]) (safe)",
        query: include_str!("query.scm"),
        triggers: &["TypedDict", "NamedTuple"],
        removed_in: Some(PyVersion::new(3, 13)),
        fix: FixSafety::Safe,
        readme: ("other", r#"`TypedDict("T", x=int)` → `TypedDict("T", {"x": int})`, `TypedDict("T")` → `TypedDict("T", {})`, `NamedTuple("P", x=int)` → `NamedTuple("P", [("x", int)])`"#, "safe"),
        whole_words: true,
        requires: &["typing"],
        reads_strings: true,
        activate: |p| {
            // Calls only: `NamedTuple(...)`, or under another name.
            let text = p.text();
            crate::kit::activation::names_a_typing_member(p)
                && (p.hits().iter().any(|h| crate::kit::activation::after(text, h.end).starts_with(b"("))
                    || ["typing", "typing_extensions"].iter().any(|m| {
                        p.imports_renamed(m, "NamedTuple") || p.imports_renamed(m, "TypedDict")
                    }))
        },
        removed_apis: &[&MODULES],
    }
}

static MODULES: [RemovedModule; 1] = [RemovedModule {
    module: "typing",
    members: &[
        Member::check_call("TypedDict", typed_dict),
        Member::check_call("NamedTuple", named_tuple)
            .deprecated(PyVersion::new(3, 13), Some(PyVersion::new(3, 15))),
    ],
    other_members: "",
    successor: None,
    shared_state: false,
}];

use crate::kit::moves::ArgKind;

/// A call's function, name and keyword fields.
type KeywordForm<'t> = (&'t str, &'t str, Vec<(&'t str, &'t str)>);

/// `(function, name, keyword fields)` when the call has exactly a positional name and keywords.
fn keyword_form<'a, 't>(site: &'a CallSite<'a, 't>) -> Option<KeywordForm<'t>> {
    let function = site.call.child_by_field_name("function")?;
    let [name, fields @ ..] = site.args.as_slice() else {
        return None;
    };
    if name.kind != ArgKind::Positional || fields.iter().any(|a| a.kind != ArgKind::Keyword) {
        return None;
    }
    let fields = fields
        .iter()
        .map(|a| (a.keyword.unwrap_or_default(), a.text))
        .collect();
    Some((site.ctx().text_of(function), name.text, fields))
}

fn typed_dict(site: &CallSite<'_, '_>) -> Option<CallIssue> {
    let q = site.quote();
    if let [name] | [name, _] = site.args.as_slice()
        && name.kind == ArgKind::Positional
        && site
            .args
            .get(1)
            .is_none_or(|a| a.kind == ArgKind::Positional && a.value.kind() == "none")
    {
        let function = site
            .ctx()
            .text_of(site.call.child_by_field_name("function")?);
        return Some(CallIssue {
            message: crate::kit::deprecation(
                "`TypedDict` without fields",
                Some(PyVersion::new(3, 13)),
                PyVersion::new(3, 15),
                site.ctx().versions.target,
            ),
            fix: Ok(CallFix::safe(format!("{function}({}, {{}})", name.text))),
        });
    }
    let (function, name, fields) = keyword_form(site)?;
    if fields.is_empty() || fields.iter().any(|(k, _)| *k == "total") {
        return None;
    }
    let items: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{q}{k}{q}: {v}"))
        .collect();
    Some(CallIssue {
        message: "the keyword form of `TypedDict` was removed in Python 3.13".to_owned(),
        fix: Ok(CallFix::safe(format!(
            "{function}({name}, {{{}}})",
            items.join(", ")
        ))),
    })
}

fn named_tuple(site: &CallSite<'_, '_>) -> Option<CallIssue> {
    let q = site.quote();
    let (function, name, fields) = keyword_form(site)?;
    if fields.is_empty() {
        return None;
    }
    let items: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("({q}{k}{q}, {v})"))
        .collect();
    Some(CallIssue {
        message: crate::kit::deprecation(
            "the keyword form of `NamedTuple`",
            Some(PyVersion::new(3, 13)),
            PyVersion::new(3, 15),
            site.ctx().versions.target,
        ),
        fix: Ok(CallFix::safe(format!(
            "{function}({name}, [{}])",
            items.join(", ")
        ))),
    })
}

impl Check for TypingLegacyForms {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_changed(&Self::META, &MODULES, m, ctx, out);
    }
}
