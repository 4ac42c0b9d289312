//! Python's `re` on top of the `regex` crate, for the patterns setup scripts use to pull a
//! version out of a module. Constructs the crate lacks (backreferences, lookaround) make the
//! pattern unsupported rather than approximated.

use regex::Regex;

pub const IGNORECASE: i64 = 2;
pub const MULTILINE: i64 = 8;
pub const DOTALL: i64 = 16;
pub const VERBOSE: i64 = 64;

/// How a pattern is anchored: `re.search`, `re.match` or `re.fullmatch`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Search,
    Match,
    FullMatch,
}

/// Translates a Python pattern with its flags; `None` when it uses something unsupported.
pub fn compile(pattern: &str, flags: i64, anchor: Anchor) -> Option<Regex> {
    let multiline = flags & MULTILINE != 0;
    let mut out = String::new();
    let mut inline = String::new();
    if flags & IGNORECASE != 0 {
        inline.push('i');
    }
    if multiline {
        inline.push('m');
    }
    if flags & DOTALL != 0 {
        inline.push('s');
    }
    if flags & VERBOSE != 0 {
        inline.push('x');
    }
    if !inline.is_empty() {
        out.push_str(&format!("(?{inline})"));
    }
    match anchor {
        Anchor::Search => out.push_str("(?:"),
        Anchor::Match | Anchor::FullMatch => out.push_str(r"\A(?:"),
    }
    let mut chars = pattern.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let e = chars.next()?;
                match e {
                    'Z' if !in_class => out.push_str(r"\z"),
                    '1'..='9' if !in_class => return None,
                    e => {
                        out.push('\\');
                        out.push(e);
                    }
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push('[');
                if chars.peek() == Some(&'^') {
                    out.push(chars.next()?);
                }
                if chars.peek() == Some(&']') {
                    chars.next();
                    out.push_str(r"\]");
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            '[' if in_class => out.push_str(r"\["),
            '(' if !in_class && chars.peek() == Some(&'?') => {
                chars.next();
                match chars.peek() {
                    Some('=' | '!' | '<') => {
                        let mut look = chars.clone();
                        look.next();
                        if chars.peek() == Some(&'<') && !matches!(look.peek(), Some('=' | '!')) {
                            // `(?<name>...)` is a named group in both dialects.
                            out.push_str("(?");
                        } else {
                            return None;
                        }
                    }
                    Some('P') => {
                        chars.next();
                        if chars.peek() == Some(&'=') {
                            return None;
                        }
                        out.push_str("(?P");
                    }
                    Some('#') => {
                        for c in chars.by_ref() {
                            if c == ')' {
                                break;
                            }
                        }
                    }
                    _ => out.push_str("(?"),
                }
            }
            '$' if !in_class && !multiline => out.push_str(r"(?:\n?\z)"),
            c => out.push(c),
        }
    }
    out.push(')');
    if anchor == Anchor::FullMatch {
        out.push_str(r"\z");
    }
    Regex::new(&out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_patterns() {
        let text = "\"\"\"Doc.\"\"\"\n__version__ = '1.2.3'\n";
        let re = compile(
            r#"^__version__ = ['"]([^'"]*)['"]"#,
            MULTILINE,
            Anchor::Search,
        )
        .unwrap();
        assert_eq!(&re.captures(text).unwrap()[1], "1.2.3");
        let re = compile(r"__version__\s*=\s*(?P<v>.*)$", 0, Anchor::Search);
        assert!(re.is_some());
        assert!(compile(r"(a)\1", 0, Anchor::Search).is_none());
        assert!(compile(r"(?<=x)y", 0, Anchor::Search).is_none());
        let m = compile("x", 0, Anchor::Match).unwrap();
        assert!(m.captures("ax").is_none());
        let end = compile(r"(\d+)$", 0, Anchor::Search).unwrap();
        assert_eq!(&end.captures("v12\n").unwrap()[1], "12");
    }
}
