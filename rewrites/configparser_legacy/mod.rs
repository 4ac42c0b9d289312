use crate::kit::declare::Check;
use crate::kit::check_changed;
use crate::kit::syntax::{imports_module, origin};
use snakeshift_engine::fix::{Edit, Finding, Fix};
use crate::kit::moves::{ArgKind, CallFix, CallIssue, CallSite, Member, RemovedModule};
use crate::kit::removed::ApiFix;
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;
use tree_sitter::Node;

rewrite! {
    /// # configparser-legacy
    ///
    /// ## What it does
    /// | old | becomes | fix |
    /// | --- | --- | --- |
    /// | `configparser.SafeConfigParser` | `configparser.ConfigParser` | safe |
    /// | `parser.readfp(f, filename=n)` | `parser.read_file(f, source=n)` | safe |
    /// | `ParsingError(filename=n)`, `MissingSectionHeaderError(filename=n, …)` | `source=n` | safe |
    /// | `error.filename` on a caught `ParsingError` / `MissingSectionHeaderError` | `error.source` | safe |
    /// | `configparser.LegacyInterpolation` (removed in 3.13) | `configparser.BasicInterpolation` | unsafe |
    ///
    /// `readfp` is rewritten where the receiver comes from `configparser` or the file imports
    /// `configparser`.
    ///
    /// ## Why
    /// `SafeConfigParser` (an alias of `ConfigParser` since 3.2), `readfp` and the `filename`
    /// spellings were removed in Python 3.12, `LegacyInterpolation` in 3.13.
    ///
    /// ## Example
    /// ```python
    /// parser = configparser.SafeConfigParser()
    /// parser.readfp(open("setup.cfg"))
    /// ```
    /// becomes
    /// ```python
    /// parser = configparser.ConfigParser()
    /// parser.read_file(open("setup.cfg"))
    /// ```
    ///
    /// ## Fix safety
    /// The renames are safe: the same class and the same method under its new name.
    /// `LegacyInterpolation` → `BasicInterpolation` is unsafe: `%%` now becomes `%` and a
    /// lone `%` raises `InterpolationSyntaxError`.
    ConfigparserLegacy {
        id: "configparser-legacy",
        group: "configparser",
        summary: "SafeConfigParser -> ConfigParser, readfp -> read_file, filename= -> source= (safe); LegacyInterpolation -> BasicInterpolation (unsafe)",
        query: include_str!("query.scm"),
        triggers: &["configparser", "SafeConfigParser", "readfp", "LegacyInterpolation"],
        removed_in: Some(PyVersion::new(3, 12)),
        fix: FixSafety::Mixed,
        readme: ("other", "`SafeConfigParser` → `ConfigParser`, `readfp` → `read_file`, `filename=` / `.filename` → `source` (reported when `source=` or `**` is passed too); `LegacyInterpolation` → `BasicInterpolation`", "safe / unsafe"),
        reach: snakeshift_engine::rewrite::Reach::Scope,
        activate: may_use_legacy_configparser,
        removed_apis: &[&MODULES, &METHODS],
    }
}

/// Whether the file names what this rewrite changes: `SafeConfigParser`,
/// `LegacyInterpolation` or `readfp`, or one of the errors whose `filename` became `source`
/// and `filename` itself.
fn may_use_legacy_configparser(p: &snakeshift_engine::activation::Probe<'_>) -> bool {
    ["SafeConfigParser", "LegacyInterpolation", "readfp"]
        .iter()
        .any(|w| p.has_word(w))
        || ERRORS
            .iter()
            .any(|e| p.has_word(e.rsplit('.').next().unwrap_or(e)))
            && p.has_word("filename")
}

static MODULES: [RemovedModule; 1] = [RemovedModule {
    module: "configparser",
    members: &[
        Member::rename("SafeConfigParser", "configparser.ConfigParser"),
        Member::unsafe_rename(
            "LegacyInterpolation",
            "configparser.BasicInterpolation",
            "values containing `%` are read differently: `%%` becomes `%`, and a lone `%` raises `InterpolationSyntaxError`",
        )
        .removed(PyVersion::new(3, 13)),
        Member::check_call("ParsingError", filename_keyword),
        Member::check_call("MissingSectionHeaderError", filename_keyword),
    ],
    other_members: "",
    successor: None,
    shared_state: false,
}];

/// The method and the attribute this rewrite's own code renames (removed in Python 3.12, with
/// the rewrite): `readfp` of parsers (`ConfigParser` inherits it) and `filename` of a caught
/// `ParsingError` (or `MissingSectionHeaderError`, a subclass).
static METHODS: [RemovedModule; 1] = [RemovedModule {
    module: "configparser",
    members: &[
        Member::own(
            "RawConfigParser.readfp",
            "configparser.RawConfigParser.read_file",
            ApiFix::Safe,
        ),
        Member::own(
            "ParsingError.filename",
            "configparser.ParsingError.source",
            ApiFix::Safe,
        ),
    ],
    other_members: "",
    successor: None,
    shared_state: false,
}];

/// The entry of `name` in [`METHODS`], the name that replaces it and its release.
fn renamed(name: &str) -> Option<(&'static Member, &'static str, PyVersion)> {
    let entry = METHODS[0].members.iter().find(|m| m.name == name)?;
    let own = entry.own_in(&ConfigparserLegacy::META)?;
    Some((entry, own.instead_name(), own.change.gone_in()?))
}

/// `ParsingError(filename=…)` → `source=…`.
fn filename_keyword(site: &CallSite<'_, '_>) -> Option<CallIssue> {
    let arg = site
        .args
        .iter()
        .find(|a| a.kind == ArgKind::Keyword && a.keyword == Some("filename"))?;
    let message = "the `filename` argument was removed in Python 3.12".to_owned();
    if site.args.iter().any(|a| a.keyword == Some("source")) {
        // Renaming would repeat a keyword (a SyntaxError); the call raised ValueError anyway.
        return Some(CallIssue {
            message,
            fix: Err(
                "`source` is passed too (the call raises ValueError): drop `filename`".to_owned(),
            ),
        });
    }
    if site.args.iter().any(|a| a.kind == ArgKind::DoubleStar) {
        return Some(CallIssue {
            message,
            fix: Err("`**` arguments may pass `source` too".to_owned()),
        });
    }
    let name = arg.value.parent()?.child_by_field_name("name")?;
    let call = site.ctx().text_of(site.call);
    let start = site.call.start_byte();
    let range = name.start_byte() - start..name.end_byte() - start;
    let mut text = call.to_owned();
    text.replace_range(range, "source");
    Some(CallIssue {
        message,
        fix: Ok(CallFix::safe(text)),
    })
}

/// The exception classes whose `filename` became `source`.
const ERRORS: [&str; 2] = [
    "configparser.ParsingError",
    "configparser.MissingSectionHeaderError",
];

/// The classes caught by the `except` clause that binds `name` (`except (A, B) as name`).
fn caught_types<'t>(name: Node<'t>, ctx: &Context<'_, 't>) -> Option<Vec<Node<'t>>> {
    let sem = ctx.semantic();
    let r = sem.reference_of(name)?;
    // The handler binding the name around this use (the name may be bound by other handlers).
    let pattern = sem.reference(r).bindings.iter().find_map(|&b| {
        let node = sem.binding(b).node;
        let target = node.parent().filter(|t| t.kind() == "as_pattern_target")?;
        let pattern = target.parent().filter(|p| p.kind() == "as_pattern")?;
        let clause = pattern.parent().filter(|c| c.kind() == "except_clause")?;
        let inside =
            clause.start_byte() <= name.start_byte() && name.end_byte() <= clause.end_byte();
        inside.then_some(pattern)
    })?;
    let value = pattern.named_child(0)?;
    Some(match value.kind() {
        "tuple" | "parenthesized_expression" => {
            let mut cursor = value.walk();
            value.named_children(&mut cursor).collect()
        }
        _ => vec![value],
    })
}

impl Check for ConfigparserLegacy {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_changed(&Self::META, &MODULES, m, ctx, out);
        if let (Some(call), Some(receiver), Some(method)) =
            (m.get("readfp"), m.get("receiver"), m.get("method"))
        {
            let from_configparser =
                origin(receiver, ctx).is_some_and(|q| q.starts_with("configparser."));
            if !from_configparser && !imports_module(ctx, "configparser") {
                return;
            }
            let Some((entry, to, gone)) = renamed("RawConfigParser.readfp") else {
                return;
            };
            let removed = format!(
                "`{}` was removed from `configparser` parsers in Python {gone}",
                entry.short_name()
            );
            let mut edits = vec![Edit::replace(method.byte_range(), to)];
            if let Some(args) = call.child_by_field_name("arguments") {
                let mut cursor = args.walk();
                let children: Vec<Node<'t>> = args.named_children(&mut cursor).collect();
                let keyword = |kw: &Node<'t>, name: &str| {
                    kw.kind() == "keyword_argument"
                        && kw
                            .child_by_field_name("name")
                            .is_some_and(|n| ctx.text_of(n) == name)
                };
                // `filename=` becomes `source=`; never next to a `source=` or `**` that could
                // already pass it (a repeated keyword is a SyntaxError or a TypeError).
                let renames = children.iter().any(|kw| keyword(kw, "filename"));
                let clashes = children
                    .iter()
                    .any(|kw| keyword(kw, "source") || kw.kind() == "dictionary_splat");
                if renames && clashes {
                    out.push(
                        Finding::new(Self::META.id, method.byte_range(), removed)
                        .with_note(
                            "`filename=` would become `source=`, which the call may already pass",
                        ),
                    );
                    return;
                }
                for kw in children {
                    if kw.kind() == "keyword_argument"
                        && let Some(name) = kw.child_by_field_name("name")
                        && ctx.text_of(name) == "filename"
                    {
                        edits.push(Edit::replace(name.byte_range(), "source"));
                    }
                }
            }
            out.push(
                Finding::new(Self::META.id, method.byte_range(), removed)
                    .with_fix(Fix::safe(format!("Use `{to}`"), edits)),
            );
        }
        if let (Some(error), Some(attr), Some(_)) =
            (m.get("error"), m.get("attr"), m.get("filename"))
        {
            let Some(types) = caught_types(error, ctx) else {
                return;
            };
            let sem = ctx.semantic();
            let all_parsing_errors = !types.is_empty()
                && types.iter().all(|t| {
                    sem.qualified_name(*t)
                        .is_some_and(|q| ERRORS.contains(&q.as_str()))
                });
            if !all_parsing_errors {
                return;
            }
            let Some((entry, to, gone)) = renamed("ParsingError.filename") else {
                return;
            };
            out.push(
                Finding::new(
                    Self::META.id,
                    attr.byte_range(),
                    format!("`{}` was removed in Python {gone}", entry.name),
                )
                .with_fix(Fix::safe(
                    format!("Use `{to}`"),
                    vec![Edit::replace(attr.byte_range(), to)],
                )),
            );
        }
    }
}
