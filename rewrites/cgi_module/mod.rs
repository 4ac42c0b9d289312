use crate::kit::declare::Check;
use crate::kit::backports::Backports;
use crate::kit::{check_changed, check_removed};
use snakeshift_engine::fix::Finding;
use crate::kit::moves::{CallFix, CallSite, Member, RemovedModule};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;

rewrite! {
    /// # cgi-module
    ///
    /// ## What it does
    /// - `cgi.parse_header(line)` becomes a `parse_header` function added to the module, with
    ///   the same algorithm and results (main value, then lower-cased parameter names with
    ///   their values unquoted);
    /// - `cgi.escape(s)` / `cgi.escape(s, False)` becomes `html.escape(s, quote=False)`, and
    ///   `cgi.escape(s, True)` becomes `html.escape(s, quote=False).replace('"', "&quot;")`
    ///   (`html.escape` with `quote=True` would also escape `'`);
    /// - `FieldStorage`, `parse`, `parse_multipart` and the rest are reported with what to use.
    ///
    /// The import of `cgi` goes once nothing uses it.
    ///
    /// ## Why
    /// `cgi` was removed in Python 3.13 (PEP 594); `cgi.escape` already in 3.8. The
    /// `legacy-cgi` package is a maintained fork with the same import names.
    ///
    /// ## Example
    /// ```python
    /// import cgi
    /// ctype, params = cgi.parse_header(headers["Content-Type"])
    /// ```
    /// becomes
    /// ```python
    /// def parse_header(line):
    ///     ...  # cgi's algorithm
    ///
    /// ctype, params = parse_header(headers["Content-Type"])
    /// ```
    ///
    /// With `--backports cgi` (the `legacy-cgi` package), only `cgi.escape` is rewritten: the
    /// backport restores the rest of the module, not the function Python removed in 3.8.
    ///
    /// ## Fix safety
    /// Safe. The added `parse_header` reproduces `cgi.parse_header` exactly; it deliberately
    /// differs from the catalogue's `email.message`-based helper (Appendix B), which decodes
    /// RFC 2231 `filename*=` values and keeps parameters without `=`, where `cgi` did not.
    /// `cgi.escape` and the `html.escape` forms return the same strings.
    CgiModule {
        id: "cgi-module",
        group: "dead-batteries",
        summary: "cgi.parse_header -> same-algorithm helper, cgi.escape -> html.escape(s, quote=False) (safe); FieldStorage/parse/parse_multipart reported (legacy-cgi backport)",
        query: include_str!("query.scm"),
        triggers: &["cgi"],
        removed_in: Some(PyVersion::new(3, 13)),
        fix: FixSafety::Safe,
        readme: ("dead-batteries", r#"`cgi.parse_header` → a function with cgi's own algorithm; `cgi.escape(s[, quote])` → `html.escape(s, quote=False)` (+ `.replace('"', "&quot;")`); `FieldStorage`, `parse`, … reported (`legacy-cgi`)"#, "safe"),
        removed_apis: &[&MODULES],
    }
}

const PARSE_HEADER: &str = r#"
def {name}(line):
    """cgi.parse_header(): the main value of a header line and a dict of its parameters."""
    parts = []
    rest = ";" + line
    while rest[:1] == ";":
        rest = rest[1:]
        end = rest.find(";")
        while end > 0 and (rest.count('"', 0, end) - rest.count('\\"', 0, end)) % 2:
            end = rest.find(";", end + 1)
        if end < 0:
            end = len(rest)
        parts.append(rest[:end].strip())
        rest = rest[end:]
    params = {}
    for part in parts[1:]:
        i = part.find("=")
        if i >= 0:
            name = part[:i].strip().lower()
            value = part[i + 1:].strip()
            if len(value) >= 2 and value[0] == value[-1] == '"':
                value = value[1:-1].replace("\\\\", "\\").replace('\\"', '"')
            params[name] = value
    return parts[0], params
"#;

const FORMS: &str = "parse form data with `urllib.parse.parse_qs` (GET) or the `multipart` package (POST), or depend on the `legacy-cgi` backport";

static MODULES: [RemovedModule; 1] = [RemovedModule {
    module: "cgi",
    members: &[
        Member::define("parse_header", PARSE_HEADER),
        Member::call("escape", escape, "use `html.escape(s, quote=False)`")
            .removed(PyVersion::new(3, 8)),
        Member::report("FieldStorage", FORMS),
        Member::report("MiniFieldStorage", FORMS),
        Member::report(
            "parse",
            "use `urllib.parse.parse_qs(query)` (the query string from `os.environ[\"QUERY_STRING\"]` or the request body), or the `legacy-cgi` backport",
        ),
        Member::report("parse_multipart", FORMS),
        Member::report("print_environ", "print `os.environ` yourself"),
        Member::report("print_form", "print the form yourself"),
        Member::report("print_directory", "print `os.getcwd()` yourself"),
        Member::report(
            "print_environ_usage",
            "print the CGI variable names yourself",
        ),
        Member::report("print_exception", "use `traceback.print_exc()`"),
        Member::report("test", "write a small WSGI app instead"),
        Member::report("maxlen", FORMS),
    ],
    other_members: "`cgi` was removed (PEP 594): use `email.message`, `urllib.parse` and a WSGI framework, or the `legacy-cgi` backport",
    successor: None,
    shared_state: false,
}];

/// With the `legacy-cgi` backport (`--backports cgi`), `cgi` exists again but without
/// `escape`, which Python removed in 3.8, before the backport's copy was taken.
static BACKPORTED: [RemovedModule; 1] = [RemovedModule {
    module: "cgi",
    members: &[
        Member::call("escape", escape, "use `html.escape(s, quote=False)`")
            .removed(PyVersion::new(3, 8)),
    ],
    other_members: "",
    successor: None,
    shared_state: false,
}];

fn escape(site: &CallSite<'_, '_>) -> Result<CallFix, String> {
    site.expect_params(&["s", "quote"])?;
    let s = site.param(0, "s").ok_or("called without a string")?;
    let html = site.require("html.escape")?;
    let plain = format!("{html}({}, quote=False)", s.text);
    match site.param(1, "quote").map(|q| site.literal_bool(q)) {
        None | Some(Some(false)) => Ok(CallFix::safe(plain)),
        Some(Some(true)) => {
            let q = site.quote();
            let (dq, amp) = if q == '"' {
                ("'\"'".to_owned(), "\"&quot;\"".to_owned())
            } else {
                ("'\"'".to_owned(), "'&quot;'".to_owned())
            };
            Ok(CallFix::safe(format!("{plain}.replace({dq}, {amp})")))
        }
        Some(None) => Err("`quote` is not a literal `True` or `False`; use `html.escape(s, quote=False)` and escape `\"` yourself when quoting".into()),
    }
}

impl Check for CgiModule {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        if ctx.options().get::<Backports>().contains("cgi") {
            check_changed(&Self::META, &BACKPORTED, m, ctx, out);
        } else {
            check_removed(&Self::META, &MODULES, m, ctx, out);
        }
    }
}
