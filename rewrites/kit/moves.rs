//! Migrating away from a removed module, driven by a table of its members.
//!
//! A rewrite describes a removed module as a [`RemovedModule`]: for each member, whether it is
//! the same object elsewhere ([`Action::Rename`]), whether its call sites can be rewritten
//! ([`Action::Call`]), or whether only guidance can be given ([`Action::Report`]). Given an
//! import statement, [`check_import`] then handles every shape the module can be reached
//! through — `from m import x as y`, `import m.sub as s`, `from m import sub`, `import m`
//! followed by `m.sub.x` — including uses inside functions, aliases and shadowing, and removes
//! the import once nothing uses it.
//!
//! The same tables describe modules that still exist but lost (or deprecated) some members:
//! [`check_changed_import`] only looks at the listed members, never reports the module itself,
//! and only removes imports of members that are gone. Each [`Member`] may carry its own
//! [`Change`] (removed in, or deprecated since, a release), which decides both whether it
//! applies to the target Python and what its findings say.
//!
//! A rewrite names the tables it checks as its `removed_apis`: they are where its removed APIs
//! are stated, once, and [`super::removed::apis`] indexes them for the audit. A rewrite whose
//! own code finds the uses (methods of classes such as `TestCase.assertEquals`, written as
//! dotted members; decorators; hooks the import system calls) states them in a table of
//! [`Action::Own`] members that it declares and reads, but never checks imports against.

use super::removed::ApiFix;
use snakeshift_engine::edits::{indentation, is_alone_on_lines};
use snakeshift_engine::fix::{Applicability, Edit, Finding, Fix};
use snakeshift_engine::imports::{Anchor, Style};
use snakeshift_engine::rewrite::{Context, RewriteMeta};
use snakeshift_engine::semantic::{BindingId, BindingKind, ReferenceId, attribute_chain};
use snakeshift_engine::version::PyVersion;
use std::cell::RefCell;
use std::collections::BTreeMap;
use tree_sitter::Node;

/// A module that no longer exists, member by member.
pub struct RemovedModule {
    /// Dotted name, e.g. `distutils.spawn`.
    pub module: &'static str,
    pub members: &'static [Member],
    /// Guidance for members the table does not list.
    pub other_members: &'static str,
    /// The module that takes over every listed member, when there is one (`sysconfig` for
    /// `distutils.sysconfig`): `from distutils import sysconfig` then becomes `import sysconfig`.
    pub successor: Option<&'static str>,
    /// The module keeps state its functions share (a log threshold, say): when one use of a
    /// binding cannot be rewritten, none is, so that the remaining uses keep working together.
    pub shared_state: bool,
}

impl RemovedModule {
    fn action(&self, member: &str) -> Option<&'static Action> {
        self.member(member).map(|m| &m.action)
    }

    /// The member of that name (dotted for a method: `TestCase.assertEquals`).
    pub fn member(&self, member: &str) -> Option<&'static Member> {
        self.members.iter().find(|m| m.name == member)
    }
}

/// One member of a removed module and what to do with it.
pub struct Member {
    pub name: &'static str,
    pub action: Action,
    /// When this member changed, if not when the rewrite's `removed_in` says.
    pub change: Option<Change>,
}

/// When a member stopped working, or started to warn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// Gone since this release.
    Removed(PyVersion),
    /// Still present, but a `DeprecationWarning` since `warns` (or only documented as
    /// deprecated, when `warns` is `None`); gone in `removal` when that is scheduled.
    Deprecated {
        warns: Option<PyVersion>,
        removal: Option<PyVersion>,
    },
}

impl Change {
    /// Whether migrating to `target` should touch the member: it is gone there, or it warns.
    pub fn applies(&self, target: PyVersion) -> bool {
        match *self {
            Change::Removed(v) => target >= v,
            Change::Deprecated { warns, removal } => {
                warns.is_some_and(|w| target >= w) || removal.is_some_and(|r| target >= r)
            }
        }
    }

    /// Whether the member no longer exists in `target` (so importing it fails).
    pub fn is_gone(&self, target: PyVersion) -> bool {
        match *self {
            Change::Removed(v) => target >= v,
            Change::Deprecated { removal, .. } => removal.is_some_and(|r| target >= r),
        }
    }

    /// The release the member stops working in: when it was removed, or its scheduled removal.
    pub fn gone_in(&self) -> Option<PyVersion> {
        match *self {
            Change::Removed(v) => Some(v),
            Change::Deprecated { removal, .. } => removal,
        }
    }

    /// The end of a finding's message when migrating to `target`: a deprecated member that is
    /// gone there ` was removed in Python 3.15`; otherwise as [`Change::describe`].
    pub fn describe_for(&self, target: PyVersion) -> String {
        match *self {
            Change::Deprecated {
                removal: Some(r), ..
            } if target >= r => format!(" was removed in Python {r}"),
            _ => self.describe(),
        }
    }

    /// The end of a finding's message: ` was removed in Python 3.12`, ` is deprecated …`.
    pub fn describe(&self) -> String {
        match *self {
            Change::Removed(v) => format!(" was removed in Python {v}"),
            Change::Deprecated {
                warns: Some(w),
                removal: Some(r),
            } => format!(" is deprecated (it warns since Python {w}) and is removed in Python {r}"),
            Change::Deprecated {
                warns: Some(w),
                removal: None,
            } => format!(" is deprecated (it warns since Python {w})"),
            Change::Deprecated {
                warns: None,
                removal: Some(r),
            } => format!(" is deprecated and is removed in Python {r}"),
            Change::Deprecated {
                warns: None,
                removal: None,
            } => " is deprecated".to_owned(),
        }
    }

    /// The change a rewrite's `removed_in` stands for.
    fn of_rewrite(meta: &RewriteMeta) -> Option<Change> {
        meta.removed_in.map(Change::Removed)
    }
}

pub enum Action {
    /// The same object (or a drop-in) under another dotted name.
    Rename(Rename),
    /// Call sites are rewritten by a function; other uses are handled by `other_uses`.
    Call {
        rewrite: CallRewriter,
        other_uses: OtherUses,
    },
    /// No faithful replacement: the guidance shown with the finding.
    Report(&'static str),
    /// A submodule whose own table (and rewrite) handles its uses.
    Submodule,
    /// No replacement exists, but a faithful one fits in a small function that is added to the
    /// module: `template` is its source with `{name}` for the function name and 4-space indents;
    /// `{import:a.b}` stands for the module `a.b`, imported at the top of the file as needed.
    Define {
        template: &'static str,
        applicability: Applicability,
        /// Why the definition is unsafe, shown with the finding.
        note: &'static str,
    },
    /// The member still works, but some of its calls do not (a removed argument, say): `check`
    /// looks at every call and answers `None` when the call is fine. Other uses are ignored.
    CheckCall(CallCheck),
    /// Found and fixed by the rewrite's own code, not through imports: a method or attribute
    /// of a class (a dotted member, `TestCase.assertEquals`), a decorator, a hook. `instead`
    /// (a dotted name, or guidance) and `fix` describe it for the index; the rewrite reads the
    /// entry. A table of such members is declared, never checked (see [`check_import`]).
    Own { instead: &'static str, fix: ApiFix },
}

/// An [`Action::Own`] member as its rewrite reads it ([`Member::own_in`]).
#[derive(Clone, Copy)]
pub struct Own {
    /// What to use instead (a dotted name, or guidance).
    pub instead: &'static str,
    pub fix: ApiFix,
    pub change: Change,
}

impl Own {
    /// The last name of what to use instead: `assertEqual` for
    /// `unittest.TestCase.assertEqual`.
    pub fn instead_name(&self) -> &'static str {
        self.instead.rsplit('.').next().unwrap_or(self.instead)
    }
}

/// What happens to the uses of a [`Action::Call`] member that are not calls.
pub enum OtherUses {
    /// Left alone: the member still exists and only some calls need a change.
    Ignore,
    /// Reported with this guidance.
    Report(&'static str),
    /// Replaced by another object that stands in for it (`key=LooseVersion` → `key=Version`).
    Rename(Rename),
}

pub struct Rename {
    /// The dotted replacement; `builtins.x` is written `x` wherever the builtin is not shadowed.
    pub to: &'static str,
    pub applicability: Applicability,
    /// Why the replacement is unsafe, shown with the finding.
    pub note: &'static str,
    /// The oldest Python that has the replacement.
    pub since: Option<PyVersion>,
}

/// Rewrites one call site, or says why it cannot.
pub type CallRewriter = for<'a, 't> fn(&CallSite<'a, 't>) -> Result<CallFix, String>;

/// Looks at one call of a member that still exists: `None` when the call is fine.
pub type CallCheck = for<'a, 't> fn(&CallSite<'a, 't>) -> Option<CallIssue>;

/// What is wrong with a call, and its fix or the reason there is none.
pub struct CallIssue {
    pub message: String,
    pub fix: Result<CallFix, String>,
}

/// A call rewriter's answer: text for the whole call, and how far it can be trusted.
pub struct CallFix {
    pub text: String,
    pub applicability: Applicability,
    pub note: Option<String>,
    /// Edits outside the call that belong to the same fix.
    pub extra: Vec<Edit>,
}

impl CallFix {
    pub fn safe(text: impl Into<String>) -> Self {
        CallFix {
            text: text.into(),
            applicability: Applicability::Safe,
            note: None,
            extra: Vec::new(),
        }
    }

    pub fn unsafe_(text: impl Into<String>, note: impl Into<String>) -> Self {
        CallFix {
            text: text.into(),
            applicability: Applicability::Unsafe,
            note: Some(note.into()),
            extra: Vec::new(),
        }
    }
}

impl Member {
    /// When the member stopped working or started to warn, for the rewrite `meta` whose table
    /// lists it: its own change, else the release that removed what the rewrite migrates;
    /// `None` for a deprecation without a date. The findings and the index of removed APIs
    /// ([`super::removed::apis`]) both read it.
    pub fn change_in(&self, meta: &RewriteMeta) -> Option<Change> {
        self.change.or(Change::of_rewrite(meta))
    }

    /// A member the rewrite's own code finds ([`Action::Own`]), with its change (see
    /// [`Member::change_in`]); `None` for another action or a change without a date.
    pub fn own_in(&self, meta: &RewriteMeta) -> Option<Own> {
        match (&self.action, self.change_in(meta)) {
            (Action::Own { instead, fix }, Some(change)) => Some(Own {
                instead,
                fix: *fix,
                change,
            }),
            _ => None,
        }
    }

    /// [`Member::own_in`] where migrating to `target` touches the member.
    pub fn own_at(&self, meta: &RewriteMeta, target: PyVersion) -> Option<Own> {
        self.own_in(meta).filter(|own| own.change.applies(target))
    }

    /// The last name of the member: `assertEquals` for `TestCase.assertEquals`.
    pub fn short_name(&self) -> &'static str {
        self.name.rsplit('.').next().unwrap_or(self.name)
    }

    const fn new(name: &'static str, action: Action) -> Member {
        Member {
            name,
            action,
            change: None,
        }
    }

    /// The member was removed in `version` (rather than when the rewrite's `removed_in` says).
    pub const fn removed(mut self, version: PyVersion) -> Member {
        self.change = Some(Change::Removed(version));
        self
    }

    /// The member still exists but warns since `warns`; it goes in `removal` if scheduled.
    pub const fn deprecated(mut self, warns: PyVersion, removal: Option<PyVersion>) -> Member {
        self.change = Some(Change::Deprecated {
            warns: Some(warns),
            removal,
        });
        self
    }

    /// The member is only documented as deprecated (no warning) and goes in `removal`.
    pub const fn scheduled(mut self, removal: PyVersion) -> Member {
        self.change = Some(Change::Deprecated {
            warns: None,
            removal: Some(removal),
        });
        self
    }

    /// The replacement of a [`Action::Rename`] needs Python `version` or newer.
    pub const fn since(mut self, version: PyVersion) -> Member {
        if let Action::Rename(r) = &mut self.action {
            r.since = Some(version);
        }
        self
    }

    /// Same behaviour under `to`.
    pub const fn rename(name: &'static str, to: &'static str) -> Member {
        Member::new(
            name,
            Action::Rename(Rename {
                to,
                applicability: Applicability::Safe,
                note: "",
                since: None,
            }),
        )
    }

    /// A replacement whose behaviour differs as `note` explains.
    pub const fn unsafe_rename(name: &'static str, to: &'static str, note: &'static str) -> Member {
        Member::new(
            name,
            Action::Rename(Rename {
                to,
                applicability: Applicability::Unsafe,
                note,
                since: None,
            }),
        )
    }

    pub const fn call(
        name: &'static str,
        rewrite: CallRewriter,
        other_uses: &'static str,
    ) -> Member {
        Member::new(
            name,
            Action::Call {
                rewrite,
                other_uses: OtherUses::Report(other_uses),
            },
        )
    }

    /// Calls are rewritten by `rewrite`; other uses need no change (the member still exists).
    pub const fn call_only(name: &'static str, rewrite: CallRewriter) -> Member {
        Member::new(
            name,
            Action::Call {
                rewrite,
                other_uses: OtherUses::Ignore,
            },
        )
    }

    /// Calls are checked by `check`, which leaves the fine ones alone (see [`Action::CheckCall`]).
    pub const fn check_call(name: &'static str, check: CallCheck) -> Member {
        Member::new(name, Action::CheckCall(check))
    }

    /// Calls are rewritten by `rewrite`; other uses become `to`, unsafely, as `note` explains.
    pub const fn call_or_unsafe_rename(
        name: &'static str,
        rewrite: CallRewriter,
        to: &'static str,
        note: &'static str,
    ) -> Member {
        Member::new(
            name,
            Action::Call {
                rewrite,
                other_uses: OtherUses::Rename(Rename {
                    to,
                    applicability: Applicability::Unsafe,
                    note,
                    since: None,
                }),
            },
        )
    }

    /// A submodule handled by its own table.
    pub const fn submodule(name: &'static str) -> Member {
        Member::new(name, Action::Submodule)
    }

    /// A member whose uses another rewrite handles: this table neither reports it nor counts
    /// it as a use that keeps the import (the same as [`Member::submodule`]).
    pub const fn elsewhere(name: &'static str) -> Member {
        Member::new(name, Action::Submodule)
    }

    /// Replaced by a function added to the module (see [`Action::Define`]).
    pub const fn define(name: &'static str, template: &'static str) -> Member {
        Member::new(
            name,
            Action::Define {
                template,
                applicability: Applicability::Safe,
                note: "",
            },
        )
    }

    /// Replaced by a function added to the module whose behaviour differs as `note` says.
    pub const fn unsafe_define(
        name: &'static str,
        template: &'static str,
        note: &'static str,
    ) -> Member {
        Member::new(
            name,
            Action::Define {
                template,
                applicability: Applicability::Unsafe,
                note,
            },
        )
    }

    pub const fn report(name: &'static str, guidance: &'static str) -> Member {
        Member::new(name, Action::Report(guidance))
    }

    /// Found and fixed by the rewrite's own code (see [`Action::Own`]).
    pub const fn own(name: &'static str, instead: &'static str, fix: ApiFix) -> Member {
        Member::new(name, Action::Own { instead, fix })
    }
}

/// A call of a removed function, as a call rewriter sees it.
pub struct CallSite<'a, 't> {
    ctx: &'a Context<'a, 't>,
    pub call: Node<'t>,
    pub args: Vec<Arg<'t>>,
    anchor: Anchor<'t>,
    transfer: Option<&'static str>,
    edits: RefCell<Vec<Edit>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgKind {
    Positional,
    Keyword,
    /// `*args`
    Star,
    /// `**kwargs`
    DoubleStar,
}

/// One argument of a call.
#[derive(Clone, Copy, Debug)]
pub struct Arg<'t> {
    pub kind: ArgKind,
    pub keyword: Option<&'t str>,
    /// The value (for keywords, without `name=`).
    pub value: Node<'t>,
    pub text: &'t str,
}

impl<'a, 't> CallSite<'a, 't> {
    /// Spells a dotted name at the call, adding the import it needs.
    pub fn spell(&self, qualified: &str) -> Option<String> {
        if let Some(successor) = self.transfer
            && qualified.starts_with(&format!("{successor}."))
        {
            return Some(qualified.to_owned());
        }
        let s = self.ctx.imports().spell(
            qualified,
            self.call.start_byte(),
            self.anchor,
            Style::Module,
        )?;
        self.edits.borrow_mut().extend(s.edits);
        Some(s.text)
    }

    /// Like [`CallSite::spell`], but failing with a reason fit for a finding.
    pub fn require(&self, qualified: &str) -> Result<String, String> {
        self.spell(qualified).ok_or_else(|| {
            format!("`{qualified}` cannot be imported here: its name is taken (or this file is that module)")
        })
    }

    /// The argument passed as positional `index` or as keyword `name`.
    pub fn param(&self, index: usize, name: &str) -> Option<&Arg<'t>> {
        self.args
            .iter()
            .filter(|a| a.kind == ArgKind::Positional)
            .nth(index)
            .or_else(|| self.args.iter().find(|a| a.keyword == Some(name)))
    }

    /// Fails unless every argument is one of `params` (by position or keyword) and none is
    /// unpacked with `*` or `**`.
    pub fn expect_params(&self, params: &[&str]) -> Result<(), String> {
        let positional = self
            .args
            .iter()
            .filter(|a| a.kind == ArgKind::Positional)
            .count();
        if positional > params.len() {
            return Err(format!(
                "called with more than {} positional arguments",
                params.len()
            ));
        }
        for a in &self.args {
            match a.kind {
                ArgKind::Star | ArgKind::DoubleStar => {
                    return Err("called with unpacked arguments".to_owned());
                }
                ArgKind::Keyword if !params.contains(&a.keyword.unwrap_or_default()) => {
                    return Err(format!(
                        "called with `{}=`, which has no equivalent",
                        a.keyword.unwrap_or_default()
                    ));
                }
                _ => {}
            }
        }
        if let Some(p) = self.passed_twice(params) {
            return Err(format!(
                "`{p}` is passed twice (the call raises TypeError): a rewrite would drop or repeat it"
            ));
        }
        Ok(())
    }

    /// The first of `params` (in signature order) that the call passes twice: by position and
    /// by keyword, or as the same keyword twice. Such a call raises TypeError; rewriting it would
    /// silently drop one value or produce a repeated keyword (a SyntaxError).
    pub fn passed_twice<'p>(&self, params: &[&'p str]) -> Option<&'p str> {
        let positional = self
            .args
            .iter()
            .filter(|a| a.kind == ArgKind::Positional)
            .count();
        params.iter().enumerate().find_map(|(i, &p)| {
            let by_keyword = self.args.iter().filter(|a| a.keyword == Some(p)).count();
            (by_keyword > 1 || (by_keyword == 1 && i < positional)).then_some(p)
        })
    }

    /// True when the call's value is used (it is not a statement on its own).
    pub fn result_used(&self) -> bool {
        self.call
            .parent()
            .is_none_or(|p| p.kind() != "expression_statement" || p.named_child_count() != 1)
    }

    /// Fails when the call sits in a `try` whose handlers catch one of `exceptions` (matched by
    /// name): the replacement raises something else, so the handler would stop catching.
    pub fn not_caught_as(&self, exceptions: &[&str]) -> Result<(), String> {
        let mut node = self.call;
        while let Some(parent) = node.parent() {
            if parent.kind() == "try_statement"
                && parent.child_by_field_name("body").map(|b| b.id()) == Some(node.id())
            {
                let mut cursor = parent.walk();
                for clause in parent.named_children(&mut cursor) {
                    if clause.kind() != "except_clause" {
                        continue;
                    }
                    let mut c = clause.walk();
                    let caught = clause
                        .named_children(&mut c)
                        .filter(|n| n.kind() != "block")
                        .map(|n| self.ctx.text_of(n))
                        .collect::<String>();
                    let words: Vec<&str> = caught
                        .split(|ch: char| !ch.is_alphanumeric() && ch != '_')
                        .collect();
                    if let Some(name) = exceptions.iter().find(|e| words.contains(e)) {
                        return Err(format!(
                            "an enclosing `except {name}` would no longer catch the replacement's errors"
                        ));
                    }
                }
            }
            node = parent;
        }
        Ok(())
    }

    /// Fails unless the argument (positional `index` or keyword `name`) is absent or a literal
    /// with the truth value `wanted`: other values have no equivalent in the replacement.
    pub fn expect_flag(&self, index: usize, name: &str, wanted: bool) -> Result<(), String> {
        match self.param(index, name) {
            Some(arg) if self.literal_bool(arg) != Some(wanted) => Err(format!(
                "`{name}={}` has no equivalent in the replacement",
                arg.text
            )),
            _ => Ok(()),
        }
    }

    /// The literal value of an argument when it is a plain `True`/`False`/`0`/`1`/`None`.
    pub fn literal_bool(&self, arg: &Arg<'_>) -> Option<bool> {
        match arg.text {
            "True" | "1" => Some(true),
            "False" | "0" | "None" => Some(false),
            _ => None,
        }
    }

    /// The file's quote character for new string literals; inside an f-string's replacement
    /// field, the other one (reusing the f-string's quote needs Python 3.12, PEP 701).
    pub fn quote(&self) -> char {
        let mut node = self.call;
        while let Some(parent) = node.parent() {
            if parent.kind() == "interpolation"
                && let Some(start) = parent.parent().and_then(|s| s.child(0))
                && start.kind() == "string_start"
            {
                return if self.ctx.text_of(start).ends_with('"') {
                    '\''
                } else {
                    '"'
                };
            }
            node = parent;
        }
        // The quote of the file's first string: the first quote character outside comments
        // opens it (none comes before it in code). Read from the whole text, not from the
        // tree, which may hold only part of the file.
        let text = self.ctx.text;
        let comments = snakeshift_engine::scan::Scan::new(text).comments;
        let in_comment = |at: usize| {
            let i = comments.partition_point(|c| c.end <= at);
            comments.get(i).is_some_and(|c| c.start <= at)
        };
        match memchr::memchr2_iter(b'\'', b'"', text.as_bytes()).find(|&at| !in_comment(at)) {
            Some(at) if text.as_bytes()[at] == b'\'' => '\'',
            _ => '"',
        }
    }

    pub fn ctx(&self) -> &Context<'a, 't> {
        self.ctx
    }

    /// A call found by a query rather than through an import: replacements are imported at the
    /// top of the file. `None` when the call has no argument list (a generator argument).
    pub fn new(ctx: &'a Context<'a, 't>, call: Node<'t>) -> Option<Self> {
        Some(CallSite {
            ctx,
            call,
            args: call_args(call, ctx.text)?,
            anchor: Anchor::Top,
            transfer: None,
            edits: RefCell::new(Vec::new()),
        })
    }

    /// The import edits the spellings made so far need.
    pub fn take_edits(&self) -> Vec<Edit> {
        self.edits.take()
    }

    /// True when a comment inside the argument list lies outside every argument, so that
    /// rewriting the call from its arguments would lose it.
    pub fn loses_comments(&self) -> bool {
        loses_comments(self.call, &self.args)
    }
}

/// What a binding of an import statement refers to, relative to one removed module.
enum Reach {
    /// A member imported by name: `from m import x [as y]`.
    Member(String),
    /// The module or one of its packages, under a local name whose qualified name is given:
    /// `import m as s`, `from parent import m`, `import parent`, `import m` (reaching `m.x`).
    Through(String),
}

fn reach(binding: &snakeshift_engine::semantic::Binding<'_>, module: &str) -> Option<Reach> {
    if let BindingKind::FromImport { module: m, member } = &binding.kind
        && m == module
    {
        return Some(Reach::Member(member.clone()));
    }
    let q = binding.qualified_name()?;
    (q == module || module.starts_with(&format!("{q}."))).then_some(Reach::Through(q))
}

/// The module an import binding loads: `a.b` for `import a.b`, `m.x` for `from m import x`.
fn imported_module(kind: &BindingKind) -> Option<String> {
    match kind {
        BindingKind::Import { module, .. } => Some(module.clone()),
        BindingKind::FromImport { module, member } => Some(format!("{module}.{member}")),
        _ => None,
    }
}

/// Checks every binding of one import statement against the removed modules.
pub fn check_import<'t>(
    meta: &'static RewriteMeta,
    modules: &'static [RemovedModule],
    stmt: Node<'t>,
    ctx: &Context<'_, 't>,
    out: &mut Vec<Finding>,
) {
    check(meta, modules, Mode::Removed, stmt, ctx, out);
}

/// Checks every binding of one import statement against modules that still exist but lost or
/// deprecated the members listed: other members and the modules themselves are left alone,
/// and only imports of members that are gone in the target are removed.
pub fn check_changed_import<'t>(
    meta: &'static RewriteMeta,
    modules: &'static [RemovedModule],
    stmt: Node<'t>,
    ctx: &Context<'_, 't>,
    out: &mut Vec<Finding>,
) {
    check(meta, modules, Mode::Changed, stmt, ctx, out);
}

/// Whether the modules of a table are gone, or only some of their members.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Removed,
    Changed,
}

fn check<'t>(
    meta: &'static RewriteMeta,
    modules: &'static [RemovedModule],
    mode: Mode,
    stmt: Node<'t>,
    ctx: &Context<'_, 't>,
    out: &mut Vec<Finding>,
) {
    debug_assert!(
        super::removed::declares(meta, modules),
        "{}: a member table the rewrite checks is missing from its `removed_apis`",
        meta.id
    );
    debug_assert!(
        modules.iter().all(|t| t
            .members
            .iter()
            .all(|m| !matches!(m.action, Action::Own { .. }))),
        "{}: a table of members its own code finds is declared, not checked",
        meta.id
    );
    let sem = ctx.semantic();
    let removed = meta
        .removed_in
        .map_or(String::new(), |v| format!(" was removed in Python {v}"));
    if mode == Mode::Removed
        && stmt.kind() == "import_from_statement"
        && let Some(m) = stmt.child_by_field_name("module_name")
        && let Some(module) = modules.iter().find(|r| r.module == ctx.text_of(m))
        && ctx.text_of(stmt).trim_end().ends_with('*')
    {
        out.push(
            Finding::new(meta.id, stmt.byte_range(), format!("`{}`{removed}", module.module))
                .with_note("a star import hides which names are used: import them by name, then run snakeshift again"),
        );
        return;
    }

    let mut moves: Vec<Move> = Vec::new();
    let mut unused: Vec<BindingId> = Vec::new();
    // Unused imports of a removed module that has a successor: they can import it instead.
    let mut successors: Vec<(BindingId, Edit)> = Vec::new();
    for id in sem.bindings_of_statement(stmt) {
        let binding = sem.binding(id);
        for module in modules {
            let Some(reach) = reach(binding, module.module) else {
                continue;
            };
            let checker = UseChecker {
                meta,
                module,
                mode,
                removed: &removed,
                stmt,
                ctx,
            };
            // A module with shared state is migrated everywhere in the file or nowhere.
            let stuck = checker.stuck_anywhere();
            let owns_import = match &reach {
                Reach::Member(member) => {
                    if mode == Mode::Changed && checker.listed(member).is_none() {
                        continue;
                    }
                    let action = module.action(member);
                    if let Some(Action::Define { .. }) = action {
                        define_member(&checker, id, member, out);
                        continue;
                    }
                    if let Some(Action::Rename(r)) = action
                        && !stuck
                        && r.since.is_none_or(|v| ctx.versions.has(v))
                        && !r.to.starts_with("builtins.")
                        && !r
                            .to
                            .rsplit_once('.')
                            .is_some_and(|(m, _)| ctx.file.is_module(m))
                    {
                        moves.push(Move {
                            binding: id,
                            rename: r,
                            message: checker.message(member),
                        });
                        continue;
                    }
                    let mut uses = Vec::new();
                    for &r in sem.references_to(id) {
                        let node = sem.reference(r).node;
                        checker.check_use(node, member, None, r, &mut uses);
                    }
                    out.extend(checker.all_or_nothing(uses, stuck));
                    match mode {
                        Mode::Removed => !matches!(action, Some(Action::Submodule)),
                        // A call check is about some calls of a function that stays; a
                        // member another rewrite handles is not gone because of this table.
                        Mode::Changed => {
                            checker.is_gone(member)
                                && !matches!(action, Some(Action::CheckCall(_) | Action::Submodule))
                        }
                    }
                }
                Reach::Through(q) => {
                    let mut uses = Vec::new();
                    checker.check_module_uses(id, q, &mut uses);
                    out.extend(checker.all_or_nothing(uses, stuck));
                    let owns = mode == Mode::Removed
                        && imported_module(&binding.kind).as_deref() == Some(module.module);
                    if owns
                        && let Some(successor) = module.successor
                        && drop_in(module, successor)
                        && let Some(edit) =
                            import_successor(ctx, stmt, binding, module.module, successor)
                    {
                        successors.push((id, edit));
                    }
                    owns
                }
            };
            if owns_import && !unused.contains(&id) && !sem.is_import_used(id) {
                unused.push(id);
            }
        }
    }
    if !moves.is_empty() {
        let message = match mode {
            Mode::Removed => None,
            Mode::Changed => Some(moves[0].message.clone()),
        };
        move_members(meta, &removed, message, stmt, &moves, ctx, out);
    }
    let describe = |id: BindingId| -> String {
        let q = sem.binding(id).qualified_name().unwrap_or_default();
        let change = modules.iter().find_map(|m| {
            let member = q.strip_prefix(m.module)?.strip_prefix('.')?;
            m.member(member).map(|x| x.change)
        });
        match (mode, change.flatten().or(Change::of_rewrite(meta))) {
            (Mode::Changed, Some(c)) => format!(
                "`{q}`{} and its import is unused",
                c.describe_for(ctx.versions.target)
            ),
            _ => format!("unused import of a module that{removed}"),
        }
    };
    // An unused import of a module with a successor imports the successor under the same
    // name (safe: other modules importing the name from here get the same objects).
    let (replaced, unused): (Vec<BindingId>, Vec<BindingId>) =
        unused.into_iter().partition(|&id| {
            successors.iter().any(|(s, _)| *s == id)
                && (ctx.was_unused_originally(id) || ctx.is_reexport(id))
                && !in_import_guard(stmt, ctx)
        });
    for id in replaced {
        let Some((_, edit)) = successors.iter().find(|(s, _)| *s == id) else {
            continue;
        };
        let b = sem.binding(id);
        out.push(
            Finding::new(meta.id, b.node.byte_range(), describe(id)).with_fix(Fix::new(
                format!("Import `{}` instead", edit.content),
                Applicability::Safe,
                vec![edit.clone()],
            )),
        );
    }
    remove_unused(meta, &describe, stmt, &unused, ctx, out);
}

/// Whether `successor` has every member of the removed module under the same name, with the
/// same behaviour (`xml.etree.ElementTree` for `xml.etree.cElementTree`; not `sysconfig` for
/// `distutils.sysconfig`, whose functions differ).
fn drop_in(module: &RemovedModule, successor: &str) -> bool {
    module.members.iter().all(|m| match &m.action {
        Action::Rename(r) => {
            r.applicability == Applicability::Safe
                && r.to
                    .strip_prefix(successor)
                    .and_then(|t| t.strip_prefix('.'))
                    == Some(m.name)
        }
        _ => false,
    })
}

/// The edit that makes `binding` (an import of the removed module `removed`) import
/// `successor` under the same name: `import a.b.old as x` → `import a.b.new as x`,
/// `from a.b import old` → `from a.b import new as old`; `None` for a shape that cannot keep
/// the name (`import old.sub` whose successor has another top-level package).
fn import_successor(
    ctx: &Context<'_, '_>,
    stmt: Node<'_>,
    binding: &snakeshift_engine::semantic::Binding<'_>,
    removed: &str,
    successor: &str,
) -> Option<Edit> {
    let node = binding.node;
    let (name, alias) = match node.kind() {
        "aliased_import" => (
            node.child_by_field_name("name")?,
            node.child_by_field_name("alias").map(|a| ctx.text_of(a)),
        ),
        "dotted_name" => (node, None),
        _ => return None,
    };
    match stmt.kind() {
        "import_statement" => {
            if ctx.text_of(name) != removed {
                return None;
            }
            // Without `as`, the statement binds the top-level package: it must stay the same.
            let root = |m: &str| m.split('.').next().unwrap_or(m).to_owned();
            if alias.is_none() && root(removed) != root(successor) {
                return None;
            }
            Some(Edit::replace(name.byte_range(), successor))
        }
        "import_from_statement" => {
            let package = ctx.text_of(stmt.child_by_field_name("module_name")?);
            let tail = successor.strip_prefix(package)?.strip_prefix('.')?;
            if tail.contains('.') || format!("{package}.{}", ctx.text_of(name)) != removed {
                return None;
            }
            let text = match alias {
                Some(_) => tail.to_owned(),
                None => format!("{tail} as {}", ctx.text_of(name)),
            };
            Some(Edit::replace(name.byte_range(), text))
        }
        _ => None,
    }
}

struct UseChecker<'a, 'c, 't> {
    meta: &'static RewriteMeta,
    module: &'static RemovedModule,
    mode: Mode,
    removed: &'a str,
    stmt: Node<'t>,
    ctx: &'a Context<'c, 't>,
}

impl<'t> UseChecker<'_, '_, 't> {
    /// The member's table entry when it is listed and its change applies to the target.
    fn listed(&self, member: &str) -> Option<&'static Member> {
        let m = self.module.member(member)?;
        m.change_in(self.meta)
            .is_none_or(|c| c.applies(self.ctx.versions.target))
            .then_some(m)
    }

    /// When the member stopped working or started to warn, if it did.
    fn change(&self, member: &str) -> Option<Change> {
        match self.module.member(member) {
            Some(m) => m.change_in(self.meta),
            None => Change::of_rewrite(self.meta),
        }
    }

    /// Whether the member no longer exists in the target.
    fn is_gone(&self, member: &str) -> bool {
        self.change(member)
            .is_some_and(|c| c.is_gone(self.ctx.versions.target))
    }

    /// What a finding about `member` says.
    fn message(&self, member: &str) -> String {
        let qualified = format!("{}.{member}", self.module.module);
        let change = self.module.member(member).and_then(|m| m.change);
        match (change, self.mode) {
            (Some(c), _) => format!("`{qualified}`{}", c.describe_for(self.ctx.versions.target)),
            (None, Mode::Changed) if self.meta.removed_in.is_none() => {
                format!("`{qualified}` is deprecated")
            }
            (None, _) => format!("`{qualified}`{}", self.removed),
        }
    }

    /// For a module with shared state, drops every fix when one use has none, here or (`stuck`)
    /// through another import of the file.
    fn all_or_nothing(&self, mut findings: Vec<Finding>, stuck: bool) -> Vec<Finding> {
        let stuck = stuck || findings.iter().any(|f| f.fix.is_none());
        if self.module.shared_state && stuck {
            for f in findings.iter_mut().filter(|f| f.fix.is_some()) {
                f.fix = None;
                f.note = Some(format!(
                    "not rewritten alone: another use of `{}` here has no replacement, and they share state",
                    self.module.module
                ));
            }
        }
        findings
    }

    /// For a module with shared state: whether a use of it anywhere in the file, through any
    /// import of the module or of its members, has no replacement (a reported or unlisted
    /// member, or the module object itself used as a value). Then none of its uses is
    /// rewritten: `set_threshold(INFO)` left on `distutils.log` while `info(...)` moves to
    /// `logging` (or `INFO` becomes `logging.INFO`) would split the state they share.
    fn stuck_anywhere(&self) -> bool {
        if !self.module.shared_state {
            return false;
        }
        let sem = self.ctx.semantic();
        let module = self.module.module;
        let no_replacement =
            |member: &str| matches!(self.module.action(member), None | Some(Action::Report(_)));
        sem.bindings()
            .filter(|(_, b)| b.is_import())
            .any(|(id, b)| {
                let Some(q) = b.qualified_name() else {
                    return false;
                };
                if q == module {
                    sem.references_to(id).iter().any(|r| {
                        let node = sem.reference(*r).node;
                        let attribute = node
                            .parent()
                            .filter(|p| {
                                p.kind() == "attribute"
                                    && p.child_by_field_name("object").map(|o| o.id())
                                        == Some(node.id())
                            })
                            .and_then(|p| p.child_by_field_name("attribute"));
                        attribute.is_none_or(|a| no_replacement(self.ctx.text_of(a)))
                    })
                } else if let Some(member) =
                    q.strip_prefix(module).and_then(|m| m.strip_prefix('.'))
                {
                    no_replacement(member) && !sem.references_to(id).is_empty()
                } else if module
                    .strip_prefix(q.as_str())
                    .is_some_and(|rest| rest.starts_with('.'))
                {
                    // `import distutils.log`, then `distutils.log.<member>`.
                    sem.references_to(id).iter().any(|r| {
                        let node = sem.reference(*r).node;
                        let chain = attribute_chain(node, self.ctx.text);
                        let local = chain[0].1.len();
                        let Some(level) = chain
                            .iter()
                            .position(|(_, dotted)| format!("{q}{}", &dotted[local..]) == module)
                        else {
                            return false;
                        };
                        chain.get(level + 1).is_none_or(|(n, _)| {
                            n.child_by_field_name("attribute")
                                .is_none_or(|a| no_replacement(self.ctx.text_of(a)))
                        })
                    })
                } else {
                    false
                }
            })
    }

    /// Uses reaching the module through a binding whose qualified name is `q` (`sp.x` after
    /// `import distutils.spawn as sp`, `distutils.spawn.x` after `import distutils`). A module
    /// bound under its successor's name is handed over in one fix when every use can be.
    fn check_module_uses(&self, id: BindingId, q: &str, out: &mut Vec<Finding>) {
        let sem = self.ctx.semantic();
        let binding = sem.binding(id);
        let transfer = self.module.successor.filter(|s| {
            q == self.module.module && s.split('.').next() == Some(binding.name.as_str())
        });
        let mut transferred: Vec<Finding> = Vec::new();
        for &r in sem.references_to(id) {
            let node = sem.reference(r).node;
            let chain = attribute_chain(node, self.ctx.text);
            let local = chain[0].1.len();
            let Some(level) = chain
                .iter()
                .position(|(_, dotted)| format!("{q}{}", &dotted[local..]) == self.module.module)
            else {
                continue;
            };
            let Some((use_node, _)) = chain.get(level + 1) else {
                if self.mode == Mode::Changed {
                    continue;
                }
                out.push(
                    Finding::new(
                        self.meta.id,
                        chain[level].0.byte_range(),
                        format!("`{}`{}", self.module.module, self.removed),
                    )
                    .with_note(format!(
                        "the module object is used directly; {}",
                        self.module.other_members
                    )),
                );
                continue;
            };
            let member = use_node
                .child_by_field_name("attribute")
                .map(|a| self.ctx.text_of(a))
                .unwrap_or_default();
            let sink = if transfer.is_some() {
                &mut transferred
            } else {
                &mut *out
            };
            self.check_use(*use_node, member, transfer, r, sink);
        }
        if let Some(successor) = transfer {
            out.extend(self.transfer_module(id, successor, transferred));
        }
    }

    /// Combines the fixes of every use of `from parent import m` with replacing the import by
    /// `import successor`; if one use has no fix, none is applied.
    fn transfer_module(
        &self,
        id: BindingId,
        successor: &str,
        findings: Vec<Finding>,
    ) -> Vec<Finding> {
        let all_fixed = findings.iter().all(|f| f.fix.is_some());
        if !all_fixed || findings.is_empty() || !is_alone_on_lines(self.ctx.text, self.stmt) {
            return findings
                .into_iter()
                .map(|mut f| {
                    if f.fix.take().is_some() {
                        f.note = Some(format!(
                            "`{successor}` is the local name of the removed module here; rewrite the remaining uses by hand"
                        ));
                    }
                    f
                })
                .collect();
        }
        let sem = self.ctx.semantic();
        let mut edits = if sem.bindings_of_statement(self.stmt).len() == 1 {
            vec![Edit::replace(
                self.stmt.byte_range(),
                format!("import {successor}"),
            )]
        } else {
            let mut edits = self.ctx.imports().delete(&[id]);
            let indent = indentation(self.ctx.text, self.stmt.start_byte());
            let le = self.ctx.line_ending();
            edits.push(Edit::insert(
                snakeshift_engine::edits::next_line_start(self.ctx.text, self.stmt.end_byte()),
                format!("{indent}import {successor}{le}"),
            ));
            edits
        };
        let mut applicability = Applicability::Safe;
        for f in &findings {
            let fix = f.fix.as_ref().unwrap();
            applicability = applicability.min(fix.applicability);
            edits.extend(fix.edits.iter().cloned());
        }
        let first = &findings[0];
        let fix = Fix::new(
            format!("Import `{successor}` instead"),
            applicability,
            edits,
        );
        let mut combined =
            Finding::new(self.meta.id, first.range.clone(), first.message.clone()).with_fix(fix);
        combined.note = findings.iter().find_map(|f| f.note.clone());
        vec![combined]
    }

    /// Points one use at the member's new name.
    fn rename_use(
        &self,
        use_node: Node<'t>,
        member: &str,
        r: &Rename,
        transfer: Option<&'static str>,
        finding: Finding,
        out: &mut Vec<Finding>,
    ) {
        if let Some(v) = r.since.filter(|v| !self.ctx.versions.has(*v)) {
            if self.change(member).is_none() {
                // Only documented as deprecated, and the old name works on every supported
                // Python: nothing to report yet.
                return;
            }
            out.push(finding.with_note(format!(
                "`{}` needs Python {v}, older than the minimum supported {}",
                r.to, self.ctx.versions.min
            )));
            return;
        }
        let builtin = r.to.strip_prefix("builtins.").filter(|name| {
            let sem = self.ctx.semantic();
            sem.lookup(sem.scope_at(use_node.start_byte()), name)
                .is_empty()
        });
        let spelled = match transfer {
            _ if builtin.is_some() => builtin.map(|name| snakeshift_engine::imports::Spelling {
                text: name.to_owned(),
                edits: Vec::new(),
            }),
            Some(s) if r.to.starts_with(&format!("{s}.")) => {
                Some(snakeshift_engine::imports::Spelling {
                    text: r.to.to_owned(),
                    edits: Vec::new(),
                })
            }
            _ => self.ctx.imports().spell(
                r.to,
                use_node.start_byte(),
                Anchor::After(self.stmt),
                Style::Module,
            ),
        };
        let Some(spelled) = spelled else {
            out.push(finding.with_note(format!(
                "use `{}`; it cannot be imported here: its name is taken (or this file is that module)",
                r.to
            )));
            return;
        };
        let mut edits = spelled.edits;
        edits.push(Edit::replace(use_node.byte_range(), spelled.text));
        let fix = Fix::new(format!("Use `{}`", r.to), r.applicability, edits);
        let finding = finding.with_fix(fix);
        out.push(if r.note.is_empty() {
            finding
        } else {
            finding.with_note(r.note)
        });
    }

    /// One use of a member: `use_node` is the expression naming it.
    fn check_use(
        &self,
        use_node: Node<'t>,
        member: &str,
        transfer: Option<&'static str>,
        reference: ReferenceId,
        out: &mut Vec<Finding>,
    ) {
        let unlisted = self.module.member(member).is_none();
        if self.listed(member).is_none() && (self.mode == Mode::Changed || !unlisted) {
            return;
        }
        let action = self.module.action(member);
        // Members the table only follows (another rewrite, or the rewrite's own code, looks
        // at their uses) are never reported, however the name is bound.
        if matches!(action, Some(Action::Submodule | Action::Own { .. })) {
            return;
        }
        // Uses a member's action does not look at (a class base where only some calls
        // changed) are no finding, however the name is bound.
        let only_calls = matches!(
            action,
            Some(Action::CheckCall(_))
                | Some(Action::Call {
                    other_uses: OtherUses::Ignore,
                    ..
                })
        );
        if only_calls && called(use_node).is_none() {
            return;
        }
        // A rename the minimum Python cannot take yet, of a name that only is documented as
        // deprecated: nothing to report (see `rename_use`), however the name is bound.
        if let Some(Action::Rename(r)) = action
            && r.since.is_some_and(|v| !self.ctx.versions.has(v))
            && self.change(member).is_none()
        {
            return;
        }
        let sem = self.ctx.semantic();
        let mut finding = Finding::new(self.meta.id, use_node.byte_range(), self.message(member));
        if sem.qualified_name_of_reference(reference).is_none() {
            if let Some(Action::CheckCall(check)) = action {
                // Only a call the check finds fault with is reported.
                let site = called(use_node).and_then(|call| self.site(call, transfer));
                let Some(issue) = site.as_ref().and_then(|site| check(site)) else {
                    return;
                };
                finding = Finding::new(self.meta.id, use_node.byte_range(), issue.message);
            }
            out.push(finding.with_note(
                "the name is bound more than once here (e.g. a try/except fallback or a reassignment); rewrite it by hand",
            ));
            return;
        }
        if is_store_target(use_node) {
            out.push(finding.with_note("it is assigned to or deleted here; rewrite it by hand"));
            return;
        }
        let Some(action) = action else {
            out.push(finding.with_note(self.module.other_members));
            return;
        };
        match action {
            Action::Report(guidance) => out.push(finding.with_note(*guidance)),
            Action::Submodule | Action::Own { .. } => {}
            Action::Define {
                template,
                applicability,
                note,
            } => self.define_use(
                use_node,
                member,
                template,
                *applicability,
                note,
                finding,
                out,
            ),
            Action::Rename(r) => self.rename_use(use_node, member, r, transfer, finding, out),
            Action::Call {
                rewrite,
                other_uses,
            } => {
                let Some(call) = called(use_node) else {
                    match other_uses {
                        OtherUses::Ignore => {}
                        OtherUses::Report(guidance) => out.push(finding.with_note(*guidance)),
                        OtherUses::Rename(r) => {
                            self.rename_use(use_node, member, r, transfer, finding, out)
                        }
                    }
                    return;
                };
                let Some(site) = self.site(call, transfer) else {
                    out.push(
                        finding.with_note("called with a generator argument; rewrite it by hand"),
                    );
                    return;
                };
                out.push(call_finding(finding, &site, rewrite(&site)));
            }
            Action::CheckCall(check) => {
                let Some(site) = called(use_node).and_then(|call| self.site(call, transfer)) else {
                    return;
                };
                if let Some(issue) = check(&site) {
                    let finding = Finding::new(self.meta.id, site.call.byte_range(), issue.message);
                    out.push(call_finding(finding, &site, issue.fix));
                }
            }
        }
    }

    fn site<'s>(
        &'s self,
        call: Node<'t>,
        transfer: Option<&'static str>,
    ) -> Option<CallSite<'s, 't>> {
        Some(CallSite {
            ctx: self.ctx,
            call,
            args: call_args(call, self.ctx.text)?,
            anchor: Anchor::After(self.stmt),
            transfer,
            edits: RefCell::new(Vec::new()),
        })
    }

    /// A use of a member replaced by a definition added to the module.
    #[allow(clippy::too_many_arguments)]
    fn define_use(
        &self,
        use_node: Node<'t>,
        name: &str,
        template: &str,
        applicability: Applicability,
        note: &str,
        finding: Finding,
        out: &mut Vec<Finding>,
    ) {
        let finding = if note.is_empty() {
            finding
        } else {
            finding.with_note(note)
        };
        match define(self.ctx, name, template) {
            Ok(mut edits) => {
                let title = if edits.is_empty() {
                    format!("Use `{name}`")
                } else {
                    format!("Define `{name}` in this module")
                };
                edits.push(Edit::replace(use_node.byte_range(), name));
                out.push(finding.with_fix(Fix::new(title, applicability, edits)));
            }
            Err(error) => {
                let mut finding = finding;
                finding.note = Some(match error {
                    DefineError::NameTaken => format!(
                        "define `{name}` (see `snakeshift explain {}`); the name is already taken here",
                        self.meta.id
                    ),
                    DefineError::CannotImport => format!(
                        "define `{name}` (see `snakeshift explain {}`); a module it needs cannot be imported here",
                        self.meta.id
                    ),
                });
                out.push(finding);
            }
        }
    }
}

/// The call whose function `use_node` is, if any.
fn called(use_node: Node<'_>) -> Option<Node<'_>> {
    use_node
        .parent()
        .filter(|p| p.kind() == "call")
        .filter(|p| p.child_by_field_name("function").map(|f| f.id()) == Some(use_node.id()))
}

/// A finding for a call, with the fix a call rewriter proposed or the reason it has none.
fn call_finding(
    finding: Finding,
    site: &CallSite<'_, '_>,
    fix: Result<CallFix, String>,
) -> Finding {
    match fix {
        Ok(call_fix) => {
            let mut applicability = call_fix.applicability;
            let mut note = call_fix.note;
            if loses_comments(site.call, &site.args) {
                applicability = applicability.min(Applicability::Unsafe);
                note = Some("a comment inside the call would be lost".to_owned());
            }
            let mut edits = site.take_edits();
            edits.extend(call_fix.extra);
            edits.push(Edit::replace(site.call.byte_range(), call_fix.text));
            let fix = Fix::new("Replace the call", applicability, edits);
            let mut finding = finding.with_fix(fix);
            finding.range = site.call.byte_range();
            finding.note = note;
            finding
        }
        Err(reason) => finding.with_note(reason),
    }
}

/// A member imported by name that moves to another module as the same object.
struct Move {
    binding: BindingId,
    rename: &'static Rename,
    message: String,
}

/// Re-points `from old import a, b as c` at the new modules, keeping local names (or renaming
/// every use to the new name when that is unambiguous).
fn move_members<'t>(
    meta: &'static RewriteMeta,
    removed: &str,
    message: Option<String>,
    stmt: Node<'t>,
    moves: &[Move],
    ctx: &Context<'_, 't>,
    out: &mut Vec<Finding>,
) {
    let sem = ctx.semantic();
    let mut edits = Vec::new();
    let mut applicability = Applicability::Safe;
    let mut notes = Vec::new();
    // new module -> entries (`name` or `name as local`)
    let mut groups: BTreeMap<&str, Vec<(BindingId, String)>> = BTreeMap::new();
    for m in moves {
        let binding = sem.binding(m.binding);
        let (new_module, new_name) = m.rename.to.rsplit_once('.').expect("dotted target");
        let aliased = binding.node.kind() == "aliased_import";
        // Classes are renamed where they are used (`except OptionError`); other names keep
        // their local name (`from sys import prefix as PREFIX`), which changes no use.
        let renamed_class = !aliased
            && new_name != binding.name
            && new_name.starts_with(|c: char| c.is_ascii_uppercase());
        let refs: &[ReferenceId] = if renamed_class {
            sem.references_to(m.binding)
        } else {
            &[]
        };
        // Uses inside string annotations are renamed with the others; where one cannot be
        // (or a `# type:` comment names the class), the local name is kept, so that no use is
        // left unbound for type checkers and `typing.get_type_hints()`.
        let string_uses = if renamed_class {
            sem.string_use_ranges(m.binding)
                .filter(|_| !sem.unread_types_mention(&binding.name))
        } else {
            None
        };
        let rename_uses = renamed_class
            && string_uses.is_some()
            && sem.is_name_free(new_name)
            && refs.iter().all(|&r| {
                sem.qualified_name_of_reference(r).is_some()
                    && !is_store_target(sem.reference(r).node)
            });
        let entry = if new_name == binding.name || rename_uses {
            new_name.to_owned()
        } else {
            format!("{new_name} as {}", binding.name)
        };
        if rename_uses {
            for &r in refs {
                edits.push(Edit::replace(sem.reference(r).node.byte_range(), new_name));
            }
            for range in string_uses.into_iter().flatten() {
                edits.push(Edit::replace(range, new_name));
            }
        }
        applicability = applicability.min(m.rename.applicability);
        if !m.rename.note.is_empty() {
            notes.push(m.rename.note);
        }
        groups
            .entry(new_module)
            .or_default()
            .push((m.binding, entry));
    }

    let mut cursor = stmt.walk();
    let names: Vec<Node<'t>> = stmt.children_by_field_name("name", &mut cursor).collect();
    let all_move = names.len() == moves.len();
    let module_text = stmt
        .child_by_field_name("module_name")
        .map(|m| ctx.text_of(m));
    if groups.keys().all(|m| Some(*m) == module_text) {
        // Every member stays in this module under another name: rename it where imported.
        for (id, entry) in groups.into_values().flatten() {
            let node = sem.binding(id).node;
            if ctx.text_of(node) != entry {
                edits.push(Edit::replace(node.byte_range(), entry));
            }
        }
    } else if all_move && groups.len() == 1 {
        let (new_module, entries) = groups.into_iter().next().unwrap();
        if let Some(module_name) = stmt.child_by_field_name("module_name") {
            edits.push(Edit::replace(module_name.byte_range(), new_module));
        }
        for (id, entry) in entries {
            let node = sem.binding(id).node;
            if ctx.text_of(node) != entry {
                edits.push(Edit::replace(node.byte_range(), entry));
            }
        }
    } else if all_move {
        // Every name goes, to several modules: one statement becomes several, in place.
        let indent = indentation(ctx.text, stmt.start_byte());
        let le = ctx.line_ending();
        let statements: Vec<String> = groups
            .iter()
            .map(|(module, entries)| {
                let list: Vec<&str> = entries.iter().map(|(_, e)| e.as_str()).collect();
                format!("from {module} import {}", list.join(", "))
            })
            .collect();
        edits.push(Edit::replace(
            stmt.byte_range(),
            statements.join(&format!("{le}{indent}")),
        ));
    } else if is_alone_on_lines(ctx.text, stmt) {
        let moved: Vec<BindingId> = moves.iter().map(|m| m.binding).collect();
        edits.extend(ctx.imports().delete(&moved));
        let indent = indentation(ctx.text, stmt.start_byte());
        let le = ctx.line_ending();
        let mut lines = String::new();
        for (module, entries) in &groups {
            let list: Vec<&str> = entries.iter().map(|(_, e)| e.as_str()).collect();
            lines.push_str(&format!(
                "{indent}from {module} import {}{le}",
                list.join(", ")
            ));
        }
        let at = snakeshift_engine::edits::next_line_start(ctx.text, stmt.end_byte());
        if at == ctx.text.len() && !ctx.text.ends_with(['\n', '\r']) {
            edits.push(Edit::insert(
                at,
                format!("{le}{}", lines.trim_end_matches(['\n', '\r'])),
            ));
        } else {
            edits.push(Edit::insert(at, lines));
        }
    } else {
        out.push(
            Finding::new(meta.id, stmt.byte_range(), message.unwrap_or_else(|| format!("this import names a module that{removed}")))
                .with_note("the statement shares its line with other code; split it, then run snakeshift again"),
        );
        return;
    }
    let targets: Vec<&str> = moves.iter().map(|m| m.rename.to).collect();
    let title = format!(
        "Import from `{}`",
        targets
            .iter()
            .map(|t| t.rsplit_once('.').unwrap().0)
            .collect::<Vec<_>>()
            .join("`, `")
    );
    let module = stmt
        .child_by_field_name("module_name")
        .map_or("", |m| ctx.text_of(m));
    let message = message.unwrap_or_else(|| format!("`{module}`{removed}"));
    let mut finding = Finding::new(meta.id, stmt.byte_range(), message).with_fix(Fix::new(
        title,
        applicability,
        edits,
    ));
    if !notes.is_empty() {
        notes.dedup();
        finding.note = Some(notes.join("; "));
    }
    out.push(finding);
}

/// Removes imports of the module that nothing uses any more; they would fail at import time.
fn remove_unused<'t>(
    meta: &'static RewriteMeta,
    describe: &dyn Fn(BindingId) -> String,
    stmt: Node<'t>,
    unused: &[BindingId],
    ctx: &Context<'_, 't>,
    out: &mut Vec<Finding>,
) {
    if unused.is_empty() {
        return;
    }
    let sem = ctx.semantic();
    // Imports this run left without uses go safely; imports that were unused already may be
    // imported from here by other modules, so removing them is unsafe.
    let mut made_unused = Vec::new();
    let mut already_unused = Vec::new();
    for &id in unused {
        let b = sem.binding(id);
        let finding = Finding::new(meta.id, b.node.byte_range(), describe(id));
        if ctx.is_reexport(id) {
            out.push(finding.with_note(format!(
                "`{}` looks re-exported; importing it fails on new Pythons, so give its users a replacement",
                b.name
            )));
        } else if in_import_guard(stmt, ctx) {
            out.push(finding.with_note(
                "it is guarded by `except ImportError`; decide what the fallback should become",
            ));
        } else if ctx.was_unused_originally(id) {
            already_unused.push(id);
        } else {
            made_unused.push(id);
        }
    }
    for (ids, applicability, note) in [
        (made_unused, Applicability::Safe, None),
        (
            already_unused,
            Applicability::Unsafe,
            Some(
                "it was unused before this migration: if other modules import the name from here, they need a replacement",
            ),
        ),
    ] {
        let Some(&first) = ids.first() else {
            continue;
        };
        let edits = ctx.imports().delete(&ids);
        let mut finding = Finding::new(
            meta.id,
            sem.binding(first).node.byte_range(),
            describe(first),
        )
        .with_fix(Fix::new("Remove the import", applicability, edits));
        finding.note = note.map(str::to_owned);
        out.push(finding);
    }
}

/// True when `stmt` sits in the body of a `try` with an `except` that catches import errors.
fn in_import_guard(stmt: Node<'_>, ctx: &Context<'_, '_>) -> bool {
    let mut node = stmt;
    while let Some(parent) = node.parent() {
        if parent.kind() == "try_statement"
            && parent.child_by_field_name("body").map(|b| b.id()) == Some(node.id())
        {
            let mut cursor = parent.walk();
            let guarded = parent
                .named_children(&mut cursor)
                .any(|c| c.kind() == "except_clause" && catches_import_error(c, ctx));
            if guarded {
                return true;
            }
        }
        node = parent;
    }
    false
}

/// An `except` clause that catches `ImportError` (or a bare `except:` / `Exception`).
pub fn catches_import_error(clause: Node<'_>, ctx: &Context<'_, '_>) -> bool {
    let mut cursor = clause.walk();
    let value = clause
        .named_children(&mut cursor)
        .find(|c| c.kind() != "block" && c.kind() != "comment");
    match value {
        None => true,
        Some(v) => {
            let t = ctx.text_of(v);
            [
                "ImportError",
                "ModuleNotFoundError",
                "Exception",
                "BaseException",
            ]
            .iter()
            .any(|n| t.contains(n))
        }
    }
}

/// An expression that is written to (`x = …`, `x += …`, `del x`, a `for` target…).
fn is_store_target(node: Node<'_>) -> bool {
    let mut current = node;
    while let Some(parent) = current.parent() {
        match parent.kind() {
            "pattern_list" | "tuple_pattern" | "list_pattern" | "expression_list" => {
                current = parent
            }
            "assignment" | "augmented_assignment" | "for_statement" | "for_in_clause" => {
                return parent.child_by_field_name("left").map(|l| l.id()) == Some(current.id());
            }
            "delete_statement" => return true,
            _ => return false,
        }
    }
    false
}

fn call_args<'t>(call: Node<'t>, text: &'t str) -> Option<Vec<Arg<'t>>> {
    let list = call.child_by_field_name("arguments")?;
    if list.kind() != "argument_list" {
        return None;
    }
    let mut cursor = list.walk();
    let args = list
        .named_children(&mut cursor)
        .filter(|c| c.kind() != "comment")
        .map(|a| match a.kind() {
            "keyword_argument" => {
                let value = a.child_by_field_name("value").unwrap_or(a);
                Arg {
                    kind: ArgKind::Keyword,
                    keyword: a.child_by_field_name("name").map(|n| &text[n.byte_range()]),
                    value,
                    text: &text[value.byte_range()],
                }
            }
            "list_splat" => Arg {
                kind: ArgKind::Star,
                keyword: None,
                value: a,
                text: &text[a.byte_range()],
            },
            "dictionary_splat" => Arg {
                kind: ArgKind::DoubleStar,
                keyword: None,
                value: a,
                text: &text[a.byte_range()],
            },
            _ => Arg {
                kind: ArgKind::Positional,
                keyword: None,
                value: a,
                text: &text[a.byte_range()],
            },
        })
        .collect();
    Some(args)
}

/// A comment in the argument list outside every argument's own text.
fn loses_comments(call: Node<'_>, args: &[Arg<'_>]) -> bool {
    let Some(list) = call.child_by_field_name("arguments") else {
        return false;
    };
    let mut cursor = list.walk();
    let comments: Vec<Node<'_>> = list
        .named_children(&mut cursor)
        .filter(|c| c.kind() == "comment")
        .collect();
    !comments.is_empty()
        && comments.iter().any(|c| {
            !args.iter().any(|a| {
                a.value.start_byte() <= c.start_byte() && c.end_byte() <= a.value.end_byte()
            })
        })
}

/// `from m import f [as g]` where `f` is replaced by a definition: the import becomes a
/// function `g` with the same behaviour, so uses stay as they are.
fn define_member<'t>(
    checker: &UseChecker<'_, '_, 't>,
    id: BindingId,
    member: &str,
    out: &mut Vec<Finding>,
) {
    let Some(Action::Define {
        template,
        applicability,
        note,
    }) = checker.module.action(member)
    else {
        return;
    };
    let ctx = checker.ctx;
    let sem = ctx.semantic();
    let binding = sem.binding(id);
    let name = binding.name.as_str();
    let qualified = format!("{}.{member}", checker.module.module);
    let mut finding = Finding::new(
        checker.meta.id,
        binding.node.byte_range(),
        checker.message(member),
    );
    if !note.is_empty() {
        finding.note = Some((*note).to_owned());
    }
    let Some((def, import_edits)) = render_definition(ctx, template, name) else {
        finding.note = Some(format!(
            "a module the replacement needs cannot be imported here; define `{name}` yourself (see `snakeshift explain {}`)",
            checker.meta.id
        ));
        out.push(finding);
        return;
    };
    let only_this_import = sem
        .bindings_named(name)
        .all(|(_, b)| b.qualified_name().as_deref() == Some(qualified.as_str()));
    if !only_this_import && !is_defined_as(ctx, name, &def) {
        out.push(finding.with_note(format!(
            "`{name}` is bound more than once; define it yourself (see `snakeshift explain {}`)",
            checker.meta.id
        )));
        return;
    }
    let mut edits = ctx.imports().delete(&[id]);
    edits.extend(import_edits);
    let mut definition = insert_definition(ctx, name, &def);
    // The import that goes was where the definition would go: take its place.
    if let Some(gone) = edits.iter().find(|e| {
        e.content.is_empty()
            && e.range.start <= definition.range.start
            && definition.range.start <= e.range.end
    }) {
        definition = definition_in_place_of(ctx, gone.range.clone(), name, &def);
    }
    edits.push(definition);
    out.push(finding.with_fix(Fix::new(
        format!("Define `{name}` in this module"),
        *applicability,
        edits,
    )));
}

/// The definition of `name`, replacing the deleted text at `gone` (an import statement and
/// the blank lines after it): two blank lines around it, none at the end of the file.
fn definition_in_place_of(
    ctx: &Context<'_, '_>,
    gone: std::ops::Range<usize>,
    name: &str,
    def: &str,
) -> Edit {
    let le = ctx.line_ending();
    let is_blank = |l: &str| l.trim().is_empty();
    let before = ctx.text[..gone.start]
        .lines()
        .rev()
        .take_while(|l| is_blank(l))
        .count();
    let rest = &ctx.text[gone.end..];
    let after = rest.lines().take_while(|l| is_blank(l)).count();
    let lead = if gone.start == 0 {
        0
    } else {
        2usize.saturating_sub(before)
    };
    let trail = if rest.trim().is_empty() {
        0
    } else {
        2usize.saturating_sub(after)
    };
    Edit::definition(
        gone.start,
        name,
        format!("{}{def}{le}{}", le.repeat(lead), le.repeat(trail)),
    )
}

/// Why a definition cannot be added.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DefineError {
    /// The name is already bound or used in the module.
    NameTaken,
    /// A module the definition needs cannot be imported under its name.
    CannotImport,
}

/// Edits that add the module-level function `name` from `template` (see [`Action::Define`]),
/// with the imports it needs; empty when an earlier pass already added exactly that function.
pub fn define(ctx: &Context<'_, '_>, name: &str, template: &str) -> Result<Vec<Edit>, DefineError> {
    let (def, mut edits) =
        render_definition(ctx, template, name).ok_or(DefineError::CannotImport)?;
    if is_defined_as(ctx, name, &def) {
        return Ok(Vec::new());
    }
    if !ctx.semantic().is_name_free(name) {
        return Err(DefineError::NameTaken);
    }
    edits.push(insert_definition(ctx, name, &def));
    Ok(edits)
}

/// Like [`define`], for a function that takes the place of the import binding `replaced`
/// (deleted by the same fix): the name may be bound by that import.
pub fn define_replacing(
    ctx: &Context<'_, '_>,
    name: &str,
    template: &str,
    replaced: BindingId,
) -> Result<Vec<Edit>, DefineError> {
    let (def, mut edits) =
        render_definition(ctx, template, name).ok_or(DefineError::CannotImport)?;
    if is_defined_as(ctx, name, &def) {
        return Ok(Vec::new());
    }
    let sem = ctx.semantic();
    if sem.bindings_named(name).any(|(id, _)| id != replaced) {
        return Err(DefineError::NameTaken);
    }
    edits.push(insert_definition(ctx, name, &def));
    Ok(edits)
}

/// The definition template with the function name, its modules spelled (with the import edits
/// they need), the file's indentation and line endings.
fn render_definition(
    ctx: &Context<'_, '_>,
    template: &str,
    name: &str,
) -> Option<(String, Vec<Edit>)> {
    let unit = ctx.indent_unit();
    let le = ctx.line_ending();
    let at = ctx.imports().top_position();
    let mut text = template.trim().replace("{name}", name);
    let mut edits = Vec::new();
    while let Some(start) = text.find("{import:") {
        let end = start + text[start..].find('}')?;
        let module = text[start + "{import:".len()..end].to_owned();
        let spelled = ctx.imports().module(&module, at, Anchor::Top)?;
        edits.extend(spelled.edits);
        text.replace_range(start..=end, &spelled.text);
    }
    let def = text
        .lines()
        .map(|line| {
            let depth = (line.len() - line.trim_start_matches(' ').len()) / 4;
            format!("{}{}", unit.repeat(depth), line.trim_start_matches(' '))
        })
        .collect::<Vec<_>>()
        .join(le);
    Some((def, edits))
}

/// The module already defines `name` exactly as `def` (added by an earlier pass).
fn is_defined_as(ctx: &Context<'_, '_>, name: &str, def: &str) -> bool {
    let sem = ctx.semantic();
    let bindings: Vec<_> = sem.bindings_named(name).collect();
    bindings.len() == 1
        && bindings[0].1.scope == 0
        && bindings[0]
            .1
            .node
            .parent()
            .is_some_and(|f| f.kind() == "function_definition" && ctx.text_of(f) == def)
}

/// Inserts a module-level definition after the leading imports, once per name, with two blank
/// lines around it.
fn insert_definition(ctx: &Context<'_, '_>, name: &str, def: &str) -> Edit {
    let le = ctx.line_ending();
    let at = ctx.imports().top_position();
    let is_blank = |l: &str| l.trim().is_empty();
    let before = ctx.text[..at]
        .lines()
        .rev()
        .take_while(|l| is_blank(l))
        .count();
    let after = ctx.text[at..].lines().take_while(|l| is_blank(l)).count();
    let lead = if at == 0 {
        0
    } else {
        2usize.saturating_sub(before)
    };
    let trail = 2usize.saturating_sub(after);
    Edit::definition(
        at,
        name,
        format!("{}{def}{le}{}", le.repeat(lead), le.repeat(trail)),
    )
}
