use crate::kit::declare::Check;
use crate::kit::check_changed;
use snakeshift_engine::fix::Finding;
use snakeshift_engine::fix::{Edit, Fix};
use crate::kit::moves::{Member, RemovedModule, Own};
use crate::kit::removed::ApiFix;
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;
use tree_sitter::Node;

rewrite! {
    /// # logging-warn
    ///
    ///
    /// ## What it does
    /// Renames `logging.warn(...)` and the `warn` method of loggers (`logger.warn(...)`,
    /// `logging.getLogger(__name__).warn(...)`, `self.log.warn(...)`) to `warning`, and the
    /// `"strm"` key of a handler configured through `logging.config.dictConfig` to `"stream"`.
    /// A `warn` method is renamed when its receiver comes from `logging.getLogger()` /
    /// `logging.root`, or is named like a logger (`log`, `logger`, `LOGGER`, `self._log`, …) in a
    /// file that imports `logging`; `warnings.warn` is never touched.
    ///
    /// ## Why
    /// `warn` has been a deprecated alias of `warning` since Python 3.3 and warns on every call;
    /// `strm` is deprecated since Python 3.12 and removed in 3.16.
    ///
    /// ## Example
    /// ```python
    /// log = logging.getLogger(__name__)
    /// log.warn("disk %d%% full", pct)
    /// ```
    /// becomes
    /// ```python
    /// log = logging.getLogger(__name__)
    /// log.warning("disk %d%% full", pct)
    /// ```
    ///
    /// ## Fix safety
    /// Safe: `warn` called `warning` with the same arguments; `stream` is what `strm` set.
    LoggingWarn {
        id: "logging-warn",
        group: "logging",
        summary: "logging.warn(...) / logger.warn(...) -> warning(...) (safe); dictConfig 'strm' key -> 'stream' (safe)",
        query: include_str!("query.scm"),
        triggers: &[".warn(", "strm"],
        removed_in: None,
        fix: FixSafety::Safe,
        readme: ("other", r#"`logging.warn` / `logger.warn` → `warning`; dictConfig `"strm"` → `"stream"`"#, "safe"),
        reads_strings: true,
        activate: |p| p.imports("logging") && p.hits().iter().any(|h| !crate::kit::activation::before(p.text(), h.start).ends_with(b"warnings")),
        removed_apis: &[&MODULES, &METHODS],
    }
}

static MODULES: [RemovedModule; 1] = [RemovedModule {
    module: "logging",
    members: &[Member::rename("warn", "logging.warning").deprecated(PyVersion::new(3, 3), None)],
    other_members: "",
    successor: None,
    shared_state: false,
}];

/// The `warn` method of loggers, which this rewrite's own code finds (by the receiver).
static METHODS: [RemovedModule; 1] = [RemovedModule {
    module: "logging",
    members: &[
        Member::own("Logger.warn", "logging.Logger.warning", ApiFix::Safe)
            .deprecated(PyVersion::new(3, 3), None),
    ],
    other_members: "",
    successor: None,
    shared_state: false,
}];

/// Whether a receiver is a logger: made by `logging.getLogger()`, `logging.root`, or named
/// like one in a file that imports `logging`.
fn is_logger<'t>(receiver: Node<'t>, ctx: &Context<'_, 't>) -> bool {
    let sem = ctx.semantic();
    if crate::kit::syntax::origin(receiver, ctx)
        .is_some_and(|q| q == "logging.getLogger" || q == "logging.getLoggerClass")
    {
        return true;
    }
    if sem
        .qualified_name(receiver)
        .is_some_and(|q| q == "logging.root" || q == "logging")
    {
        return sem.qualified_name(receiver).as_deref() == Some("logging.root");
    }
    let name = match receiver.kind() {
        "identifier" => ctx.text_of(receiver),
        "attribute" => receiver
            .child_by_field_name("attribute")
            .map_or("", |a| ctx.text_of(a)),
        _ => return false,
    };
    let lower = name.trim_start_matches('_').to_lowercase();
    crate::kit::syntax::imports_module(ctx, "logging")
        && (lower == "log"
            || lower == "logger"
            || lower.ends_with("_logger")
            || lower.ends_with("_log"))
}

impl LoggingWarn {
    fn method<'t>(
        &self,
        receiver: Node<'t>,
        method: Node<'t>,
        ctx: &Context<'_, 't>,
        out: &mut Vec<Finding>,
    ) {
        if ctx
            .semantic()
            .qualified_name(receiver)
            .is_some_and(|q| q == "logging" || q == "warnings")
            || !is_logger(receiver, ctx)
        {
            return;
        }
        let entry = &METHODS[0].members[0];
        let Some(own) = entry.own_at(&Self::META, ctx.versions.target) else {
            return;
        };
        let Own { change, .. } = own;
        let to = own.instead_name();
        out.push(
            Finding::new(
                Self::META.id,
                method.byte_range(),
                format!("`{}`{}", entry.name, change.describe()),
            )
            .with_fix(Fix::safe(
                format!("Use `{to}`"),
                vec![Edit::replace(method.byte_range(), to)],
            )),
        );
    }

    fn strm<'t>(&self, key: Node<'t>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        let dict = key.parent().and_then(|p| p.parent());
        let handler = dict.is_some_and(|d| {
            let t = ctx.text_of(d);
            t.contains("\"()\"")
                || t.contains("'()'")
                || t.contains("\"class\"")
                || t.contains("'class'")
        });
        if !handler
            || ctx.versions.target < PyVersion::new(3, 12)
            || !crate::kit::syntax::imports_module(ctx, "logging")
        {
            return;
        }
        let quote = &ctx.text_of(key)[..1];
        out.push(
            Finding::new(Self::META.id, key.byte_range(), "the `strm` key of a handler configuration is deprecated (it warns since Python 3.12) and is removed in Python 3.16")
                .with_fix(Fix::safe("Use `stream`", vec![Edit::replace(key.byte_range(), format!("{quote}stream{quote}"))])),
        );
    }
}

impl Check for LoggingWarn {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_changed(&Self::META, &MODULES, m, ctx, out);
        if let (Some(_), Some(receiver), Some(method)) =
            (m.get("warn"), m.get("receiver"), m.get("method"))
        {
            self.method(receiver, method, ctx, out);
        }
        if let (Some(_), Some(key)) = (m.get("pair"), m.get("key")) {
            self.strm(key, ctx, out);
        }
    }
}
