use crate::kit::declare::Check;
use crate::kit::check_changed;
use snakeshift_engine::fix::Finding;
use crate::kit::moves::{CallFix, CallSite, Member, RemovedModule};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;

rewrite! {
    /// # codecs-open
    ///
    ///
    /// ## What it does
    /// Replaces `codecs.open(path, mode, encoding, errors, buffering)` with the builtin
    /// `open(path, mode, encoding=…, errors=…, buffering=…, newline="")`. `newline=""` keeps the
    /// line endings as they are, as `codecs.open` (which opened the file in binary mode) did.
    ///
    /// ## Why
    /// `codecs.open` is deprecated since Python 3.14 (it warns).
    ///
    /// ## Example
    /// ```python
    /// with codecs.open(path, "r", "utf-8") as f:
    /// ```
    /// becomes
    /// ```python
    /// with open(path, "r", encoding="utf-8", newline="") as f:
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: `codecs` readers split lines on every Unicode line boundary (`\x0c`, `\u2028`…),
    /// `open` only on `\n`, `\r` and `\r\n`. Calls without an encoding, or with a binary or
    /// non-literal mode, are reported.
    CodecsOpen {
        id: "codecs-open",
        group: "codecs",
        summary: "codecs.open(path, mode, encoding) -> open(path, mode, encoding=encoding, newline=\"\") (unsafe)",
        query: include_str!("query.scm"),
        triggers: &["codecs"],
        removed_in: None,
        fix: FixSafety::Unsafe,
        readme: ("other", r#"`codecs.open(p, m, enc)` → `open(p, m, encoding=enc, newline="")`"#, "unsafe"),
        activate: |p| crate::kit::activation::uses_members(p, &MODULES),
        removed_apis: &[&MODULES],
    }
}

static MODULES: [RemovedModule; 1] = [RemovedModule {
    module: "codecs",
    members: &[Member::call_only("open", codecs_open).deprecated(PyVersion::new(3, 14), None)],
    other_members: "",
    successor: None,
    shared_state: false,
}];

fn codecs_open(site: &CallSite<'_, '_>) -> Result<CallFix, String> {
    site.expect_params(&["filename", "mode", "encoding", "errors", "buffering"])?;
    let filename = site
        .param(0, "filename")
        .ok_or("called without a file name")?;
    let mode = site.param(1, "mode");
    let encoding = site
        .param(2, "encoding")
        .filter(|e| e.value.kind() != "none")
        .ok_or("without an encoding `codecs.open` is the builtin `open`: call `open(...)`")?;
    if let Some(m) = mode
        && (m.value.kind() != "string" || m.text.contains('b'))
    {
        return Err(
            "the mode is binary or not a literal; `open` needs a text mode for an encoding".into(),
        );
    }
    let open = if site
        .ctx()
        .semantic()
        .lookup(
            site.ctx().semantic().scope_at(site.call.start_byte()),
            "open",
        )
        .is_empty()
    {
        "open".to_owned()
    } else {
        site.require("builtins.open")?
    };
    let q = site.quote();
    let mut args = vec![filename.text.to_owned()];
    if let Some(m) = mode {
        args.push(m.text.to_owned());
    }
    args.push(format!("encoding={}", encoding.text));
    for name in ["errors", "buffering"] {
        let index = if name == "errors" { 3 } else { 4 };
        if let Some(a) = site.param(index, name) {
            args.push(format!("{name}={}", a.text));
        }
    }
    args.push(format!("newline={q}{q}"));
    Ok(CallFix::unsafe_(
        format!("{open}({})", args.join(", ")),
        "`codecs` readers also split lines on Unicode line boundaries such as `\\x0c` and `\\u2028`",
    ))
}

impl Check for CodecsOpen {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_changed(&Self::META, &MODULES, m, ctx, out);
    }
}
