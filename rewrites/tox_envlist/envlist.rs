//! tox's environment lists: entries separated by commas or line breaks, each made of factors
//! joined by `-`, where `{a,b}` generates one environment per item (and `{10-13}` a range).

use crate::kit::pyversions::Entry;
use std::ops::Range;

/// How an environment names a Python version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    /// `py312`
    Py3Digits,
    /// `py3.12`
    Py3Dot,
    /// `3.12`
    Dotted,
}

impl Style {
    fn render(self, minor: u8) -> String {
        match self {
            Style::Py3Digits => format!("py3{minor}"),
            Style::Py3Dot => format!("py3.{minor}"),
            Style::Dotted => format!("3.{minor}"),
        }
    }
}

/// `py312`, `py3.12`, `3.12` → (12, style); anything else → `None`.
fn version_factor(s: &str) -> Option<(u8, Style)> {
    let (digits, style) = if let Some(rest) = s.strip_prefix("py3.") {
        (rest, Style::Py3Dot)
    } else if let Some(rest) = s.strip_prefix("py3") {
        (rest, Style::Py3Digits)
    } else if let Some(rest) = s.strip_prefix("3.") {
        (rest, Style::Dotted)
    } else {
        return None;
    };
    minor(digits).map(|m| (m, style))
}

/// A minor version written as 1 or 2 digits without a leading zero.
fn minor(digits: &str) -> Option<u8> {
    let ok = (1..=2).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !(digits.len() == 2 && digits.starts_with('0'));
    ok.then(|| digits.parse().ok()).flatten()
}

/// What an item inside braces stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Factor {
    Minor(u8),
    Other,
}

/// `{…}` in an environment name, preceded by the factor prefix that makes its items versions.
pub struct Group {
    /// The braces and what they hold.
    pub span: Range<usize>,
    /// `py3`, `py3.`, `py` or nothing.
    pub prefix: String,
    /// Each item (absolute spans).
    pub items: Vec<Range<usize>>,
    /// `{10-13}`: the bounds.
    pub range: Option<(Range<usize>, Range<usize>)>,
    texts: Vec<(Range<usize>, String)>,
}

impl Group {
    fn text(&self, r: &Range<usize>) -> &str {
        self.texts
            .iter()
            .find(|(s, _)| s == r)
            .map_or("", |(_, t)| t.as_str())
    }

    /// The version an item names, given the prefix.
    pub fn factor(&self, item: &Range<usize>) -> Factor {
        let t = self.text(item);
        let m = match self.prefix.as_str() {
            "py3" | "py3." => minor(t),
            "py" => t.strip_prefix('3').and_then(minor),
            "" => version_factor(t)
                .filter(|(_, s)| *s == Style::Dotted)
                .map(|(m, _)| m),
            _ => None,
        };
        m.map_or(Factor::Other, Factor::Minor)
    }

    /// The item for `minor`, as this group writes it.
    pub fn render(&self, minor: u8) -> String {
        match self.prefix.as_str() {
            "py" => format!("3{minor}"),
            "" => format!("3.{minor}"),
            _ => minor.to_string(),
        }
    }
}

/// One entry of the list.
pub struct Token {
    pub span: Range<usize>,
    text: String,
    pub groups: Vec<Group>,
}

impl Token {
    /// An entry of a TOML `env_list`: `span` is the string's, quotes included.
    pub fn from_value(value: &str, span: Range<usize>) -> Token {
        Token {
            span,
            text: value.to_owned(),
            groups: Vec::new(),
        }
    }

    /// The version the whole entry names (`py312`), if it is only that.
    pub fn entry(&self) -> Entry {
        version_factor(&self.text).map_or(Entry::Other, |(m, _)| Entry::Plain(m))
    }

    /// An entry for `minor`, spelled like this one.
    pub fn render(&self, minor: u8) -> String {
        version_factor(&self.text).map_or_else(
            || Style::Py3Digits.render(minor),
            |(_, style)| style.render(minor),
        )
    }
}

/// The entries of the list written in `text[value]`, with their braces.
pub fn tokens(text: &str, value: Range<usize>) -> Vec<Token> {
    let mut out = Vec::new();
    let mut start = value.start;
    let mut depth = 0usize;
    let mut line_start = true;
    let bytes = text.as_bytes();
    let mut i = value.start;
    let push = |out: &mut Vec<Token>, from: usize, to: usize| {
        let raw = &text[from..to];
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return;
        }
        let s = from + (raw.len() - raw.trim_start().len());
        let span = s..s + trimmed.len();
        out.push(Token {
            groups: groups(text, span.clone()),
            span,
            text: trimmed.to_owned(),
        });
    };
    while i < value.end {
        let c = bytes[i];
        if line_start && depth == 0 {
            let rest = text[i..value.end].trim_start_matches([' ', '\t']);
            if rest.starts_with('#') || rest.starts_with(';') {
                let end = text[i..value.end].find('\n').map_or(value.end, |n| i + n);
                i = end;
                start = end;
                continue;
            }
        }
        line_start = false;
        match c {
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            b',' | b'\n' if depth == 0 => {
                push(&mut out, start, i);
                start = i + 1;
                line_start = c == b'\n';
            }
            _ => {}
        }
        i += 1;
    }
    push(&mut out, start, value.end);
    out
}

/// The brace groups of one entry.
fn groups(text: &str, span: Range<usize>) -> Vec<Group> {
    let token = &text[span.clone()];
    let mut out = Vec::new();
    let mut search = 0;
    while let Some(open) = token[search..].find('{').map(|o| search + o) {
        let Some(close) = token[open..].find('}').map(|c| open + c) else {
            break;
        };
        let factor_start = token[..open].rfind('-').map_or(0, |d| d + 1);
        let prefix = token[factor_start..open].to_owned();
        let inner_start = span.start + open + 1;
        let inner = &token[open + 1..close];
        let mut items = Vec::new();
        let mut texts = Vec::new();
        let mut offset = 0;
        for piece in inner.split(',') {
            let t = piece.trim();
            let s = inner_start + offset + (piece.len() - piece.trim_start().len());
            if !t.is_empty() {
                items.push(s..s + t.len());
                texts.push((s..s + t.len(), t.to_owned()));
            }
            offset += piece.len() + 1;
        }
        let range = match items.as_slice() {
            [one] => {
                let t = &text[one.clone()];
                t.split_once('-').and_then(|(a, b)| {
                    let low = one.start..one.start + a.len();
                    let high = one.start + a.len() + 1..one.end;
                    (!a.is_empty() && !b.is_empty()).then_some((low, high))
                })
            }
            _ => None,
        };
        if let Some((low, high)) = &range {
            texts.push((low.clone(), text[low.clone()].to_owned()));
            texts.push((high.clone(), text[high.clone()].to_owned()));
        }
        out.push(Group {
            span: span.start + open..span.start + close + 1,
            prefix,
            items,
            range,
            texts,
        });
        search = close + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_entries_and_groups() {
        let text = "envlist = py3{10,11}-django{42,50}, lint\n    # c, d\n    py312,docs";
        let t = tokens(text, 9..text.len());
        let names: Vec<&str> = t.iter().map(|t| &text[t.span.clone()]).collect();
        assert_eq!(names, ["py3{10,11}-django{42,50}", "lint", "py312", "docs"]);
        assert_eq!(t[2].entry(), Entry::Plain(12));
        let g = &t[0].groups;
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].prefix, "py3");
        assert_eq!(g[0].factor(&g[0].items[1]), Factor::Minor(11));
        assert_eq!(g[1].factor(&g[1].items[0]), Factor::Other);
        let r = tokens("py3{9-12}", 0..9);
        let (low, high) = r[0].groups[0].range.clone().unwrap();
        assert_eq!((low, high), (4..5, 6..8));
    }
}
