use crate::kit::declare::Check;
use crate::kit::check_changed;
use snakeshift_engine::fix::Finding;
use snakeshift_engine::fix::{Edit, Fix};
use crate::kit::moves::{CallFix, CallIssue, CallSite, Member, RemovedModule};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;
use tree_sitter::Node;

rewrite! {
    /// # sqlite3-legacy
    ///
    ///
    /// ## What it does
    /// | old | becomes | fix |
    /// | --- | --- | --- |
    /// | `sqlite3.OptimizedUnicode` (removed 3.12) | `str` | safe |
    /// | `sqlite3.connect(db, 5.0, …)` with more than one positional argument (deprecated, keyword-only in 3.15) | `sqlite3.connect(db, timeout=5.0, …)` | safe |
    /// | `conn.create_function(name=…, narg=…, func=…)`, `set_authorizer(authorizer_callback=…)`, `set_progress_handler(progress_handler=…, n=…)`, `set_trace_callback(trace_callback=…)` (deprecated) | positional arguments | safe |
    /// | `sqlite3.version`, `sqlite3.version_info` (removed 3.14) | `"2.6.0"`, `(2, 6, 0)`, the values they always had | unsafe |
    /// | `sqlite3.enable_shared_cache(flag)` (removed 3.12) | reported: open with `sqlite3.connect("file:db?cache=shared", uri=True)` | — |
    /// | `execute("… :name …", (a, b))`: named placeholders with a sequence (an error since 3.14) | reported | — |
    ///
    /// ## Why
    /// The removals and deprecations of the `sqlite3` module in Python 3.12–3.15.
    ///
    /// ## Example
    /// ```python
    /// conn = sqlite3.connect("app.db", 10)
    /// ```
    /// becomes
    /// ```python
    /// conn = sqlite3.connect("app.db", timeout=10)
    /// ```
    ///
    /// ## Fix safety
    /// The keyword forms and `str` are safe. `sqlite3.version` was the frozen version of the old
    /// `pysqlite` module (`"2.6.0"`), not the SQLite library's: the literal keeps what the program
    /// saw, but code comparing it to `3.x` was already wrong and probably wants
    /// `sqlite3.sqlite_version`, so the fix is unsafe.
    Sqlite3Legacy {
        id: "sqlite3-legacy",
        group: "sqlite3",
        summary: "sqlite3.OptimizedUnicode -> str, connect(db, 5.0, ...) -> keywords, create_function(name=..) -> positional (safe); sqlite3.version/version_info -> their frozen values (unsafe); enable_shared_cache, named placeholders with sequences reported",
        query: include_str!("query.scm"),
        triggers: &["sqlite3"],
        removed_in: Some(PyVersion::new(3, 12)),
        fix: FixSafety::Mixed,
        readme: ("other", "`OptimizedUnicode` → `str`, positional `connect()` arguments and keyword `create_function()` arguments fixed; `version` / `version_info` → their frozen values; `enable_shared_cache`, named placeholders with sequences reported", "safe / unsafe"),
        reach: snakeshift_engine::rewrite::Reach::Scope,
        removed_apis: &[&MODULES],
    }
}

const FROZEN: &str = "it was the frozen pysqlite version, not SQLite's: use `sqlite3.sqlite_version` for the library version";

static MODULES: [RemovedModule; 1] = [RemovedModule {
    module: "sqlite3",
    members: &[
        Member::rename("OptimizedUnicode", "builtins.str"),
        Member::report(
            "enable_shared_cache",
            "open the database with `sqlite3.connect(\"file:path?cache=shared\", uri=True)`: the setting is per connection now",
        ),
        Member::check_call("connect", connect_positional)
            .deprecated(PyVersion::new(3, 13), Some(PyVersion::new(3, 15))),
        Member::elsewhere("version"),
        Member::elsewhere("version_info"),
    ],
    other_members: "",
    successor: None,
    shared_state: false,
}];

/// The parameters of `sqlite3.connect` after the database, in order.
const CONNECT: [&str; 7] = [
    "timeout",
    "detect_types",
    "isolation_level",
    "check_same_thread",
    "factory",
    "cached_statements",
    "uri",
];

fn connect_positional(site: &CallSite<'_, '_>) -> Option<CallIssue> {
    use crate::kit::moves::ArgKind;
    let positional: Vec<_> = site
        .args
        .iter()
        .filter(|a| a.kind == ArgKind::Positional)
        .collect();
    if positional.len() < 2 {
        return None;
    }
    let message = "passing more than one positional argument to `sqlite3.connect` is deprecated (it warns since Python 3.13)".to_owned();
    if positional.len() > 8
        || site
            .args
            .iter()
            .any(|a| matches!(a.kind, ArgKind::Star | ArgKind::DoubleStar))
    {
        return Some(CallIssue {
            message,
            fix: Err("pass the arguments after the database by keyword".into()),
        });
    }
    let mut params = vec!["database"];
    params.extend(CONNECT);
    if let Some(name) = site.passed_twice(&params) {
        // Naming the positional one would repeat the keyword (a SyntaxError).
        return Some(CallIssue {
            message,
            fix: Err(format!(
                "`{name}` is passed by position and by keyword (the call raises TypeError)"
            )),
        });
    }
    let mut text = site.ctx().text_of(site.call).to_owned();
    let start = site.call.start_byte();
    for (arg, name) in positional.iter().skip(1).zip(CONNECT).rev() {
        text.insert_str(arg.value.start_byte() - start, &format!("{name}="));
    }
    Some(CallIssue {
        message,
        fix: Ok(CallFix::safe(text)),
    })
}

/// Keyword names of callback-registering methods, in positional order.
fn positional_order(method: &str) -> Option<&'static [&'static str]> {
    match method {
        "create_function" => Some(&["name", "narg", "func"]),
        "set_authorizer" => Some(&["authorizer_callback"]),
        "set_progress_handler" => Some(&["progress_handler", "n"]),
        "set_trace_callback" => Some(&["trace_callback"]),
        _ => None,
    }
}

impl Sqlite3Legacy {
    fn version<'t>(&self, node: Node<'t>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        let q = ctx.semantic().qualified_name(node).unwrap_or_default();
        let value = match q.as_str() {
            "sqlite3.version" => r#""2.6.0""#,
            "sqlite3.version_info" => "(2, 6, 0)",
            _ => return,
        };
        if ctx.versions.target < PyVersion::new(3, 14) {
            return;
        }
        out.push(
            Finding::new(
                Self::META.id,
                node.byte_range(),
                format!("`{q}` was removed in Python 3.14"),
            )
            .with_fix(Fix::unsafe_(
                "Use the value it always had",
                vec![Edit::replace(node.byte_range(), value)],
            ))
            .with_note(FROZEN),
        );
    }

    fn method_call<'t>(
        &self,
        call: Node<'t>,
        method: &str,
        ctx: &Context<'_, 't>,
        out: &mut Vec<Finding>,
    ) {
        if !crate::kit::syntax::imports_module(ctx, "sqlite3") {
            return;
        }
        let Some(site) = CallSite::new(ctx, call) else {
            return;
        };
        if method == "execute" || method == "executemany" {
            self.placeholders(&site, ctx, out);
            return;
        }
        let Some(order) = positional_order(method) else {
            return;
        };
        if ctx.versions.target < PyVersion::new(3, 13)
            || !site
                .args
                .iter()
                .any(|a| a.keyword.is_some_and(|k| order.contains(&k)))
        {
            return;
        }
        let finding = Finding::new(
            Self::META.id,
            call.byte_range(),
            format!(
                "passing the arguments of `{method}` by keyword is deprecated (it warns since Python 3.13)"
            ),
        );
        let mut values = Vec::new();
        for (i, name) in order.iter().enumerate() {
            match site.param(i, name) {
                Some(a) => values.push(a.text),
                None => break,
            }
        }
        let extra: Vec<String> = site
            .args
            .iter()
            .filter(|a| a.keyword.is_some_and(|k| !order.contains(&k)))
            .map(|a| format!("{}={}", a.keyword.unwrap_or_default(), a.text))
            .collect();
        let known = values.len() + extra.len() == site.args.len();
        let Some(function) = call
            .child_by_field_name("function")
            .filter(|_| known && !site.loses_comments())
        else {
            out.push(finding.with_note("pass them positionally"));
            return;
        };
        let mut all: Vec<String> = values.iter().map(|v| (*v).to_owned()).collect();
        all.extend(extra);
        let text = format!("{}({})", ctx.text_of(function), all.join(", "));
        out.push(finding.with_fix(Fix::safe(
            "Pass the arguments positionally",
            vec![Edit::replace(call.byte_range(), text)],
        )));
    }

    /// `execute("... :name ...", (a, b))`: named placeholders need a mapping since 3.14.
    fn placeholders(&self, site: &CallSite<'_, '_>, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
        let (Some(sql), Some(params)) = (site.args.first(), site.args.get(1)) else {
            return;
        };
        if sql.value.kind() != "string"
            || !matches!(params.value.kind(), "tuple" | "list")
            || ctx.versions.target < PyVersion::new(3, 14)
        {
            return;
        }
        let named = sql
            .text
            .split(':')
            .skip(1)
            .any(|rest| rest.starts_with(|c: char| c.is_alphabetic() || c == '_'));
        if named {
            out.push(
                Finding::new(Self::META.id, site.call.byte_range(), "named placeholders with a sequence of parameters raise `ProgrammingError` since Python 3.14")
                    .with_note("pass a dict (`{\"name\": value}`) or use `?` placeholders"),
            );
        }
    }
}

impl Check for Sqlite3Legacy {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_changed(&Self::META, &MODULES, m, ctx, out);
        if let (Some(call), Some(method)) = (m.get("method_call"), m.get("method")) {
            self.method_call(call, ctx.text_of(method), ctx, out);
        }
        if let Some(node) = m.get("version_use") {
            self.version(node, ctx, out);
        }
    }
}
