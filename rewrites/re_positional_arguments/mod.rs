use crate::kit::declare::Check;
use crate::kit::check_changed;
use snakeshift_engine::fix::Finding;
use crate::kit::moves::{CallFix, CallIssue, CallSite, Member, RemovedModule};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;

rewrite! {
    /// # re-positional-arguments
    ///
    ///
    /// ## What it does
    /// Passes `count`, `maxsplit` and `flags` of `re.sub`, `re.subn` and `re.split` by keyword:
    /// `re.sub(p, r, s, 1)` becomes `re.sub(p, r, s, count=1)`. When the value in the `count`
    /// position is a flag (`re.I`, `re.IGNORECASE | re.M`…), the call is reported instead: the
    /// classic bug `re.sub(p, r, s, re.I)` passed the flag as the count.
    ///
    /// ## Why
    /// Passing these arguments positionally is deprecated since Python 3.13 (it warns); they will
    /// become keyword-only.
    ///
    /// ## Example
    /// ```python
    /// first, rest = re.split(r"\s+", line, 1)
    /// ```
    /// becomes
    /// ```python
    /// first, rest = re.split(r"\s+", line, maxsplit=1)
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the same arguments. A flag in the `count` position is not rewritten: keeping it as
    /// `count=re.I` would preserve a bug, and `flags=re.I` would change behaviour.
    RePositionalArguments {
        id: "re-positional-arguments",
        group: "re",
        summary: "re.sub/subn(p, r, s, 1), re.split(p, s, 1) with count/maxsplit/flags passed positionally -> keywords (safe); a flag passed as count reported",
        query: include_str!("query.scm"),
        triggers: &["re.sub", "re.subn", "re.split", "from re import", "import re as"],
        removed_in: None,
        fix: FixSafety::Safe,
        readme: ("other", "`re.sub(p, r, s, 1)` → `count=1` (and `maxsplit=`, `flags=`); a flag passed as the count, or a parameter also passed by keyword, reported", "safe"),
        activate: may_pass_positionally,
        removed_apis: &[&MODULES],
    }
}

/// Whether a call of `re.sub`/`subn` with four arguments or more, or of `re.split` with three
/// or more, may be in the file (`re.sub(...)` through the module or an alias of it, or a name
/// imported from `re`): `count`, `maxsplit` or `flags` may then be positional.
fn may_pass_positionally(p: &snakeshift_engine::activation::Probe<'_>) -> bool {
    use crate::kit::activation::{after, before, call_arguments, follows_one_of};
    if !p.imports("re") {
        return false;
    }
    let text = p.text();
    let modules = p.module_names("re");
    let imported = p.names_from("re");
    // Commas at a call's own depth (strings not told apart: more is fine).
    let commas = |arguments: &[u8]| {
        let mut depth = 0usize;
        arguments
            .iter()
            .filter(|&&c| {
                match c {
                    b'(' | b'[' | b'{' => depth += 1,
                    b')' | b']' | b'}' => depth = depth.saturating_sub(1),
                    _ => {}
                }
                c == b',' && depth == 0
            })
            .count()
    };
    let called = |name: &[u8], needed: usize| {
        snakeshift_engine::scan::word_occurrences(text, name).any(|at| {
            let rest = after(text, at + name.len());
            let receiver = before(text, at);
            let through_module = follows_one_of(text, at, &modules);
            p.in_code(at)
                && rest.starts_with(b"(")
                && (through_module || !receiver.ends_with(b".") && imported.contains(&name))
                && commas(call_arguments(text, text.len() - rest.len())) >= needed
        })
    };
    called(b"sub", 3)
        || called(b"subn", 3)
        || called(b"split", 2)
        // A name imported from `re` under another name: which function it is is not known.
        || imported
            .iter()
            .any(|name| !matches!(*name, b"sub" | b"subn" | b"split") && called(name, 2))
        || imported.contains(&&b"*"[..])
}

static MODULES: [RemovedModule; 1] = [RemovedModule {
    module: "re",
    members: &[
        Member::check_call("sub", sub_arguments).deprecated(PyVersion::new(3, 13), None),
        Member::check_call("subn", sub_arguments).deprecated(PyVersion::new(3, 13), None),
        Member::check_call("split", split_arguments).deprecated(PyVersion::new(3, 13), None),
    ],
    other_members: "",
    successor: None,
    shared_state: false,
}];

fn keywords(
    site: &CallSite<'_, '_>,
    first: usize,
    names: &[&str],
    function: &str,
) -> Option<CallIssue> {
    use crate::kit::moves::ArgKind;
    let positional: Vec<_> = site
        .args
        .iter()
        .filter(|a| a.kind == ArgKind::Positional)
        .collect();
    // Nothing passed positionally that has a keyword, or more than the function takes (an
    // error at run time, not this rewrite's business).
    if positional.len() <= first || positional.len() - first > names.len() {
        return None;
    }
    let message = format!(
        "passing `{}` to `re.{function}` positionally is deprecated (it warns since Python 3.13)",
        names[..positional.len() - first].join("`, `")
    );
    let count = positional[first];
    let is_flag = site
        .ctx()
        .semantic()
        .qualified_name(count.value)
        .is_some_and(|q| {
            q.starts_with("re.") && q[3..].chars().all(|c| c.is_ascii_uppercase() || c == '_')
        })
        || count.text.contains("re.");
    if is_flag {
        return Some(CallIssue {
            message,
            fix: Err(format!(
                "`{}` is a flag passed as `{}`: did you mean `flags={}`? (the call replaces only that many matches)",
                count.text, names[0], count.text
            )),
        });
    }
    if positional.len() > first + names.len()
        || site
            .args
            .iter()
            .any(|a| matches!(a.kind, ArgKind::Star | ArgKind::DoubleStar))
    {
        return Some(CallIssue {
            message,
            fix: Err("pass them by keyword".into()),
        });
    }
    // A parameter passed both ways (a TypeError now) would become a repeated keyword, which
    // CPython rejects at compile time.
    if let Some(name) = names[..positional.len() - first]
        .iter()
        .find(|n| site.args.iter().any(|a| a.keyword == Some(**n)))
    {
        return Some(CallIssue {
            message,
            fix: Err(format!(
                "`{name}` is passed by position and by keyword (the call raises TypeError)"
            )),
        });
    }
    let mut text = site.ctx().text_of(site.call).to_owned();
    let start = site.call.start_byte();
    for (arg, name) in positional[first..].iter().zip(names).rev() {
        text.insert_str(arg.value.start_byte() - start, &format!("{name}="));
    }
    Some(CallIssue {
        message,
        fix: Ok(CallFix::safe(text)),
    })
}

fn sub_arguments(site: &CallSite<'_, '_>) -> Option<CallIssue> {
    keywords(site, 3, &["count", "flags"], "sub")
}

fn split_arguments(site: &CallSite<'_, '_>) -> Option<CallIssue> {
    keywords(site, 2, &["maxsplit", "flags"], "split")
}

impl Check for RePositionalArguments {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_changed(&Self::META, &MODULES, m, ctx, out);
    }
}
