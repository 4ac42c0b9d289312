use crate::kit::declare::Check;
use crate::kit::moves::{Member, RemovedModule};
use crate::kit::removed::ApiFix;
use crate::kit::syntax::primary_text;
use snakeshift_engine::fix::{Applicability, Edit, Finding, Fix};
use snakeshift_engine::imports::{Anchor, Style};
use crate::kit::moves::{ArgKind, CallSite};
use snakeshift_engine::rewrite::{Context, FixSafety, Match, RewriteOption};
use snakeshift_engine::version::PyVersion;
use tree_sitter::Node;

rewrite! {
    /// # datetime-utcnow
    ///
    /// ## What it does
    /// Replaces `datetime.utcnow()` and `datetime.utcfromtimestamp(ts)` with the faithful naive
    /// forms `datetime.now(timezone.utc).replace(tzinfo=None)` and
    /// `datetime.fromtimestamp(ts, timezone.utc).replace(tzinfo=None)`, importing `timezone`.
    /// A use that is not a call (`default=datetime.utcnow`) becomes a `lambda` returning the
    /// same value.
    ///
    /// With `--aware-datetime` the results are aware datetimes instead:
    /// `datetime.now(timezone.utc)`, `datetime.fromtimestamp(ts, timezone.utc)`.
    ///
    /// ## Why
    /// Both methods are deprecated since Python 3.12 and warn on every call: they return naive
    /// datetimes that many libraries mistake for local time. They are scheduled for removal.
    ///
    /// ## Example
    /// ```python
    /// from datetime import datetime
    /// stamp = datetime.utcnow()
    /// ```
    /// becomes
    /// ```python
    /// from datetime import datetime, timezone
    /// stamp = datetime.now(timezone.utc).replace(tzinfo=None)
    /// ```
    ///
    /// ## Fix safety
    /// Safe for calls: the naive form returns equal values (checked on timestamps 0, negative,
    /// fractional and 1e9). Replacing a non-call use with a `lambda` is unsafe: the `lambda`
    /// cannot be pickled and has another `repr`. The aware form (`--aware-datetime`) is unsafe:
    /// comparing an aware datetime with a naive one raises `TypeError`, and `isoformat()`
    /// gains `+00:00`.
    DatetimeUtcnow {
        id: "datetime-utcnow",
        group: "datetime-utc",
        summary: "datetime.utcnow()/utcfromtimestamp(ts) -> now(timezone.utc).replace(tzinfo=None) (safe; aware form with --aware-datetime, unsafe)",
        query: include_str!("query.scm"),
        triggers: &["utcnow", "utcfromtimestamp"],
        removed_in: None,
        fix: FixSafety::Mixed,
        readme: ("other", "`datetime.utcnow()` → `datetime.now(timezone.utc).replace(tzinfo=None)`, `utcfromtimestamp(ts)` → `fromtimestamp(ts, timezone.utc).replace(tzinfo=None)`; with `--aware-datetime`, the aware forms without `.replace`", "safe (aware: unsafe)"),
        removed_apis: &[&METHODS],
    }
}

/// `--aware-datetime`: the results become aware datetimes (`now(timezone.utc)`) instead of
/// the faithful naive form.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AwareDatetime(pub bool);

impl RewriteOption for AwareDatetime {
    const SLOT: usize = 0;

    fn to_bits(self) -> u64 {
        self.0.into()
    }

    fn from_bits(bits: u64) -> Self {
        AwareDatetime(bits != 0)
    }
}

/// The methods of `datetime.datetime` this rewrite migrates.
static METHODS: [RemovedModule; 1] = [RemovedModule {
    module: "datetime",
    members: &[
        Member::own(
            "datetime.utcnow",
            "`datetime.now(timezone.utc).replace(tzinfo=None)`",
            ApiFix::Calls,
        )
        .deprecated(PyVersion::new(3, 12), None),
        Member::own(
            "datetime.utcfromtimestamp",
            "`datetime.fromtimestamp(ts, timezone.utc).replace(tzinfo=None)`",
            ApiFix::Calls,
        )
        .deprecated(PyVersion::new(3, 12), None),
    ],
    other_members: "",
    successor: None,
    shared_state: false,
}];
const AWARE: &str = "the result is an aware datetime: comparing it with naive ones raises `TypeError`, and `isoformat()` adds `+00:00`";

/// Whether `class` (a name, or attributes of one) is `datetime.datetime` through one of the
/// several imports that bind its name (ruff's DTZ003: `import datetime`, later
/// `from datetime import datetime`).
fn may_be_datetime_class(class: Node<'_>, ctx: &Context<'_, '_>) -> bool {
    let mut path = Vec::new();
    let mut root = class;
    while root.kind() == "attribute" {
        let (Some(object), Some(attr)) = (
            root.child_by_field_name("object"),
            root.child_by_field_name("attribute"),
        ) else {
            return false;
        };
        path.push(ctx.text_of(attr));
        root = object;
    }
    let sem = ctx.semantic();
    let Some(r) = (root.kind() == "identifier")
        .then(|| sem.reference_of(root))
        .flatten()
    else {
        return false;
    };
    sem.require_bindings(ctx.text_of(root), Some(root.start_byte()));
    let bindings = &sem.reference(r).bindings;
    bindings.len() > 1
        && bindings.iter().any(|&b| {
            sem.binding(b).qualified_name().is_some_and(|q| {
                let mut full = q;
                for part in path.iter().rev() {
                    full = format!("{full}.{part}");
                }
                full == "datetime.datetime"
            })
        })
}

/// How to spell `timezone.utc` here: through the module the class came from, or imported.
fn utc<'t>(class: Node<'t>, at: usize, ctx: &Context<'_, 't>) -> Option<(String, Vec<Edit>)> {
    if class.kind() == "attribute"
        && let Some(module) = class.child_by_field_name("object")
        && ctx.semantic().qualified_name(module).as_deref() == Some("datetime")
    {
        return Some((format!("{}.timezone.utc", ctx.text_of(module)), Vec::new()));
    }
    let s = ctx
        .imports()
        .spell("datetime.timezone", at, Anchor::Top, Style::Member)?;
    Some((format!("{}.utc", s.text), s.edits))
}

impl Check for DatetimeUtcnow {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        let (Some(class), Some(method), Some(use_node)) =
            (m.get("class"), m.get("method"), m.get("use"))
        else {
            return;
        };
        let method = ctx.text_of(method);
        let Some(change) = METHODS[0]
            .member(&format!("datetime.{method}"))
            .and_then(|m| m.change_in(&Self::META))
            .filter(|c| c.applies(ctx.versions.target))
        else {
            return;
        };
        let finding = Finding::new(
            Self::META.id,
            use_node.byte_range(),
            format!("`datetime.{method}()`{}", change.describe()),
        );
        if ctx.semantic().qualified_name(class).as_deref() != Some("datetime.datetime") {
            if may_be_datetime_class(class, ctx) {
                out.push(finding.with_note(
                    "the name is bound more than once here (e.g. `import datetime` and `from datetime import datetime`); rewrite it by hand",
                ));
            }
            return;
        }
        let Some((utc, mut edits)) = utc(class, use_node.start_byte(), ctx) else {
            out.push(finding.with_note(
                "use `datetime.now(timezone.utc).replace(tzinfo=None)`; `timezone` cannot be imported here",
            ));
            return;
        };
        let AwareDatetime(aware) = ctx.options().get();
        let naive = if aware { "" } else { ".replace(tzinfo=None)" };
        let class_text = primary_text(class, ctx);
        let call = use_node
            .parent()
            .filter(|p| p.kind() == "call")
            .filter(|p| p.child_by_field_name("function").map(|f| f.id()) == Some(use_node.id()));
        let (range, text, mut applicability, mut note) = match call {
            Some(call) => {
                let Some(site) = CallSite::new(ctx, call) else {
                    return;
                };
                let plain = site.args.iter().all(|a| a.kind == ArgKind::Positional);
                let text = match (method, site.args.as_slice()) {
                    ("utcnow", []) => format!("{class_text}.now({utc}){naive}"),
                    ("utcfromtimestamp", [ts]) if plain => {
                        format!("{class_text}.fromtimestamp({}, {utc}){naive}", ts.text)
                    }
                    _ => {
                        out.push(
                            finding
                                .with_note("called with unexpected arguments; rewrite it by hand"),
                        );
                        return;
                    }
                };
                let (applicability, note) = if site.loses_comments() {
                    (
                        Applicability::Unsafe,
                        Some("a comment inside the call would be lost"),
                    )
                } else {
                    (Applicability::Safe, None)
                };
                (call.byte_range(), text, applicability, note)
            }
            None => {
                let text = match method {
                    "utcnow" => format!("lambda: {class_text}.now({utc}){naive}"),
                    _ => format!(
                        "lambda timestamp: {class_text}.fromtimestamp(timestamp, {utc}){naive}"
                    ),
                };
                (
                    use_node.byte_range(),
                    format!("({text})"),
                    Applicability::Unsafe,
                    Some(
                        "a `lambda` stands in for the method: it cannot be pickled and has another `repr`",
                    ),
                )
            }
        };
        if aware {
            applicability = Applicability::Unsafe;
            note = Some(AWARE);
        }
        edits.push(Edit::replace(range, text));
        let mut finding = finding.with_fix(Fix::new(
            if aware {
                "Use an aware datetime"
            } else {
                "Use `timezone.utc` and drop the time zone"
            },
            applicability,
            edits,
        ));
        finding.note = note.map(str::to_owned);
        out.push(finding);
    }
}
