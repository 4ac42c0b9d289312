use crate::kit::method_call::MethodCall;
use crate::kit::declare::Check;
use crate::kit::check_changed;
use snakeshift_engine::fix::Finding;
use snakeshift_engine::fix::{Edit, Fix};
use crate::kit::moves::{CallFix, CallIssue, CallSite, Member, RemovedModule, Own};
use crate::kit::removed::ApiFix;
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;
use tree_sitter::Node;

rewrite! {
    /// # array-tostring
    ///
    ///
    /// ## What it does
    /// In files that import `array`, renames `arr.tostring()` to `arr.tobytes()` and
    /// `arr.fromstring(data)` to `arr.frombytes(data)`, and replaces the type code `'u'` of
    /// `array.array('u', …)` with `'w'` when the oldest supported Python is 3.13.
    ///
    /// ## Why
    /// `tostring` / `fromstring` were removed in Python 3.9; the `'u'` type code is deprecated since
    /// 3.13 (it warns) and is removed in 3.16.
    ///
    /// ## Example
    /// ```python
    /// payload = samples.tostring()
    /// ```
    /// becomes
    /// ```python
    /// payload = samples.tobytes()
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the same methods under their new names; `'w'` holds the same characters (`'u'` was
    /// `wchar_t`, four bytes on Linux and macOS, two on Windows, where `'w'` is always four).
    ArrayTostring {
        id: "array-tostring",
        group: "array",
        summary: "arr.tostring()/fromstring(s) -> tobytes()/frombytes(s) (safe); array('u', ...) -> array('w', ...) (safe, needs 3.13)",
        query: include_str!("query.scm"),
        triggers: &["tostring", "fromstring", "array("],
        removed_in: Some(PyVersion::new(3, 9)),
        fix: FixSafety::Safe,
        readme: ("other", r#"`tostring()` / `fromstring()` → `tobytes()` / `frombytes()`; `array("u")` → `array("w")` (3.13+)"#, "safe"),
        // Both shapes need `array` imported: a call of `tostring` / `fromstring` (not
        // ElementTree's `fromstring`, in a file without it), or the `'u'` type code.
        activate: |p| {
            p.imports("array")
                && (METHODS[0].members.iter().any(|m| p.has_attribute(m.short_name()))
                    || [&b"'u'"[..], b"\"u\""]
                        .iter()
                        .any(|u| memchr::memmem::find(p.text(), u).is_some()))
        },
        removed_apis: &[&MODULES, &METHODS],
    }
}

static MODULES: [RemovedModule; 1] = [RemovedModule {
    module: "array",
    members: &[Member::check_call("array", type_code_u)
        .deprecated(PyVersion::new(3, 13), Some(PyVersion::new(3, 16)))],
    other_members: "",
    successor: None,
    shared_state: false,
}];

/// The methods of `array.array` that went, and their new names.
static METHODS: [RemovedModule; 1] = [RemovedModule {
    module: "array",
    members: &[
        Member::own("array.tostring", "array.array.tobytes", ApiFix::Safe),
        Member::own("array.fromstring", "array.array.frombytes", ApiFix::Safe),
    ],
    other_members: "",
    successor: None,
    shared_state: false,
}];

fn type_code_u(site: &CallSite<'_, '_>) -> Option<CallIssue> {
    let code = site.param(0, "typecode")?;
    let inner = code.text.trim_matches(['"', '\'']);
    if code.value.kind() != "string" || inner != "u" {
        return None;
    }
    let message = "the `'u'` type code of `array` is deprecated (it warns since Python 3.13) and is removed in Python 3.16".to_owned();
    if !site.ctx().versions.has(PyVersion::new(3, 13)) {
        return Some(CallIssue {
            message,
            fix: Err("use `'w'` once the project requires Python 3.13".into()),
        });
    }
    let mut text = site.ctx().text_of(site.call).to_owned();
    let start = site.call.start_byte();
    let at = code.value.start_byte() - start;
    let literal = code.text.replacen('u', "w", 1);
    text.replace_range(at..at + code.text.len(), &literal);
    Some(CallIssue {
        message,
        fix: Ok(CallFix::safe(text)),
    })
}

impl ArrayTostring {
    fn method_call<'t>(
        &self,
        _call: Node<'t>,
        _receiver: Node<'t>,
        method: Node<'t>,
        ctx: &Context<'_, 't>,
        out: &mut Vec<Finding>,
    ) {
        let name = ctx.text_of(method);
        let Some(entry) = METHODS[0].member(&format!("array.{name}")) else {
            return;
        };
        let Some(own) = entry.own_in(&Self::META) else {
            return;
        };
        let Own { change, .. } = own;
        let to = own.instead_name();
        out.push(
            Finding::new(
                Self::META.id,
                method.byte_range(),
                format!("`array.{name}()`{}", change.describe()),
            )
            .with_fix(Fix::safe(
                format!("Use `{to}`"),
                vec![Edit::replace(method.byte_range(), to)],
            )),
        );
    }
}

impl Check for ArrayTostring {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_changed(&Self::META, &MODULES, m, ctx, out);
        if let Some(c) = MethodCall::of(m, ctx, Some("array")) {
            self.method_call(c.call, c.receiver, c.method, ctx, out);
        }
    }
}
