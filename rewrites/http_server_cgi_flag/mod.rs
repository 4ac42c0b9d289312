use crate::kit::declare::Check;
use snakeshift_engine::fix::Finding;
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use crate::kit::moves::Change;
use tree_sitter::Node;

rewrite! {
    /// # http-server-cgi-flag
    ///
    /// ## What it does
    /// Reports `python -m http.server --cgi` started from Python: a command line in one
    /// string (`os.system("python -m http.server --cgi")`) or an argument list holding both
    /// `"http.server"` and `"--cgi"` (`subprocess.run([sys.executable, "-m", "http.server",
    /// "--cgi"])`).
    ///
    /// ## Why
    /// The `--cgi` option went with `CGIHTTPRequestHandler`: deprecated in Python 3.13,
    /// removed in 3.15, where the server exits with a usage error.
    ///
    /// ## Example
    /// ```python
    /// subprocess.Popen([sys.executable, "-m", "http.server", "--cgi", "8000"])
    /// ```
    /// is reported.
    ///
    /// ## Fix safety
    /// No fix: the standard library has no CGI server any more; run the scripts under a WSGI
    /// or ASGI server (or a web server's CGI support).
    HttpServerCgiFlag {
        id: "http-server-cgi-flag",
        group: "stdlib",
        summary: "reported: `python -m http.server --cgi` (deprecated in 3.13, removed in 3.15)",
        query: include_str!("query.scm"),
        triggers: &["--cgi"],
        removed_in: None,
        fix: FixSafety::None,
        readme: ("other", r#"reported: `python -m http.server --cgi` started from Python (`os.system("python -m http.server --cgi")`, `subprocess.run([sys.executable, "-m", "http.server", "--cgi"])`), deprecated in 3.13, removed in 3.15"#, "report"),
        reads_strings: true,
    }
}

/// When the option went: with `CGIHTTPRequestHandler`, whose entry in the index of removed APIs
/// (stated by `stdlib-legacy-apis`, which migrates its imports) says when.
fn change() -> Option<Change> {
    crate::kit::removed::api("http.server", "CGIHTTPRequestHandler")?.change
}

/// The characters of a string literal between its quotes (prefix and quotes dropped).
fn content<'t>(ctx: &Context<'_, 't>, string: Node<'t>) -> &'t str {
    ctx.text_of(string)
        .trim_start_matches(|c: char| c.is_ascii_alphabetic())
        .trim_matches(|c| c == '"' || c == '\'')
}

/// Whether `text` holds `word` as a whole command-line word.
fn has_word(text: &str, word: &str) -> bool {
    text.split_whitespace().any(|w| w == word)
}

impl Check for HttpServerCgiFlag {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        let Some(string) = m.get("string") else {
            return;
        };
        let text = content(ctx, string);
        let in_one_line = has_word(text, "http.server") && has_word(text, "--cgi");
        let in_arguments = text == "--cgi"
            && string.parent().is_some_and(|list| {
                matches!(list.kind(), "list" | "tuple" | "argument_list")
                    && list
                        .named_children(&mut list.walk())
                        .any(|s| s.kind() == "string" && content(ctx, s) == "http.server")
            });
        if !(in_one_line || in_arguments) {
            return;
        }
        let Some(change) = change() else {
            return;
        };
        let Some(removal) = change.gone_in() else {
            return;
        };
        let when = match change {
            _ if change.is_gone(ctx.versions.target) => {
                format!("was removed in Python {removal} (the server exits with a usage error)")
            }
            Change::Deprecated {
                warns: Some(warns), ..
            } => format!("is deprecated since Python {warns} and removed in Python {removal}"),
            _ => format!("is removed in Python {removal}"),
        };
        out.push(
            Finding::new(
                Self::META.id,
                string.byte_range(),
                format!("`python -m http.server --cgi` {when}"),
            )
            .with_note(
                "there is no CGI server in the standard library any more: run the scripts under a WSGI or ASGI server",
            ),
        );
    }
}
