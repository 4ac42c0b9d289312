//! Inserting items into a list written in a configuration file or in Python source, as byte
//! insertions that keep every other byte: the list's layout (one item per line or all on one
//! line), its indentation, separators, trailing commas, comments and line endings. The callers
//! find the items' spans with a real parser (tree-sitter, toml_edit, saphyr, the ini reader)
//! and render the new items in the list's own spelling.

use std::ops::Range;

/// Where the new items go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Position {
    /// After `items[i]`.
    After(usize),
    /// Before `items[i]`.
    Before(usize),
}

/// How the list separates its items.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Separator {
    /// Commas (Python, TOML, YAML flow sequences, tox's `envlist`), on one line or one item
    /// per line.
    Comma,
    /// Line breaks only (setup.cfg's multi-line values, tox's `envlist` without commas).
    Line,
}

/// The insertions (offset, text) that add `values` to a list whose items span `items`
/// (non-empty, in order). A list written one item per line gets new lines with the item's
/// indentation (and a comma after the item it follows when it had none); a list on one line
/// gets the values with the separator it already uses between its items (`, ` by default).
pub fn insert_in_list(
    text: &str,
    items: &[Range<usize>],
    at: Position,
    values: &[String],
    separator: Separator,
) -> Vec<(usize, String)> {
    if values.is_empty() || items.is_empty() {
        return Vec::new();
    }
    let le = crate::kit::project::line_ending(text);
    let comma = separator == Separator::Comma;
    match at {
        Position::Before(i) => {
            let item = &items[i];
            let line = line_start(text, item.start);
            if text[line..item.start].trim().is_empty() && (line > 0 || !comma) {
                let indent = &text[line..item.start];
                let tail = if comma { "," } else { "" };
                let lines: String = values
                    .iter()
                    .map(|v| format!("{indent}{v}{tail}{le}"))
                    .collect();
                vec![(line, lines)]
            } else {
                let sep = inline_separator(text, items, i);
                let joined: String = values.iter().map(|v| format!("{v}{sep}")).collect();
                vec![(item.start, joined)]
            }
        }
        Position::After(i) => {
            let item = &items[i];
            let rest = &text[item.end..];
            let after = rest.trim_start_matches([' ', '\t']);
            let has_comma = after.starts_with(',');
            let after_comma = if has_comma {
                after[1..].trim_start_matches([' ', '\t'])
            } else {
                after
            };
            let line_break = after_comma.is_empty()
                || after_comma.starts_with('\n')
                || after_comma.starts_with("\r\n")
                || after_comma.starts_with('#');
            let line = line_start(text, item.start);
            let own_line = text[line..item.start].trim().is_empty();
            if line_break && (own_line || !comma) {
                let indent = if own_line {
                    &text[line..item.start]
                } else {
                    "    "
                };
                let next_line = match rest.find('\n') {
                    Some(n) => item.end + n + 1,
                    None => text.len(),
                };
                let mut out = Vec::new();
                let is_last = i + 1 == items.len();
                if comma && !has_comma {
                    out.push((item.end, ",".to_owned()));
                }
                let gap = if next_line == text.len() && !text.ends_with('\n') {
                    le
                } else {
                    ""
                };
                let lines: String = values
                    .iter()
                    .enumerate()
                    .map(|(k, v)| {
                        let last_new = k + 1 == values.len();
                        let tail = if !comma || (is_last && last_new && !has_comma) {
                            ""
                        } else {
                            ","
                        };
                        format!("{indent}{v}{tail}{le}")
                    })
                    .collect();
                out.push((next_line, format!("{gap}{lines}")));
                out
            } else {
                let sep = inline_separator(text, items, i);
                let joined: String = values.iter().map(|v| format!("{sep}{v}")).collect();
                vec![(item.end, joined)]
            }
        }
    }
}

/// The separator a one-line list uses between its items near `i` (`, ` when it has one item).
fn inline_separator(text: &str, items: &[Range<usize>], i: usize) -> String {
    let pair = if i + 1 < items.len() {
        Some((i, i + 1))
    } else if i > 0 {
        Some((i - 1, i))
    } else {
        None
    };
    pair.map(|(a, b)| &text[items[a].end..items[b].start])
        .filter(|s| s.contains(',') && !s.contains('\n'))
        .map_or_else(|| ", ".to_owned(), str::to_owned)
}

/// The offset where the line holding `offset` starts.
pub fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

/// `text` with the insertions made (offsets into the original text).
pub fn apply(text: &str, mut insertions: Vec<(usize, String)>) -> String {
    insertions.sort_by_key(|(at, _)| *at);
    let mut out = String::with_capacity(text.len() + 64);
    let mut last = 0;
    for (at, piece) in insertions {
        out.push_str(&text[last..at]);
        out.push_str(&piece);
        last = at;
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str, items: &[&str]) -> Vec<Range<usize>> {
        let mut from = 0;
        items
            .iter()
            .map(|i| {
                let s = from + text[from..].find(i).unwrap();
                from = s + i.len();
                s..from
            })
            .collect()
    }

    fn run(text: &str, items: &[&str], at: Position, values: &[&str]) -> String {
        run_with(text, items, at, values, Separator::Comma)
    }

    fn run_with(
        text: &str,
        items: &[&str],
        at: Position,
        values: &[&str],
        separator: Separator,
    ) -> String {
        let values: Vec<String> = values.iter().map(|v| v.to_string()).collect();
        apply(
            text,
            insert_in_list(text, &spans(text, items), at, &values, separator),
        )
    }

    #[test]
    fn inline_lists() {
        assert_eq!(
            run(
                "x = [\"a\", \"b\"]\n",
                &["\"a\"", "\"b\""],
                Position::After(1),
                &["\"c\""]
            ),
            "x = [\"a\", \"b\", \"c\"]\n"
        );
        assert_eq!(
            run("x = ['a',]", &["'a'"], Position::After(0), &["'b'", "'c'"]),
            "x = ['a', 'b', 'c',]"
        );
        assert_eq!(
            run(
                "x = [\"b\", \"a\"]",
                &["\"b\"", "\"a\""],
                Position::Before(0),
                &["\"c\""]
            ),
            "x = [\"c\", \"b\", \"a\"]"
        );
        assert_eq!(
            run("py3{9,10}", &["9", "10"], Position::After(1), &["11", "12"]),
            "py3{9,10,11,12}"
        );
    }

    #[test]
    fn one_item_per_line() {
        let text = "x = [\r\n    \"a\",  # first\r\n    \"b\"\r\n]\r\n";
        assert_eq!(
            run(text, &["\"a\"", "\"b\""], Position::After(0), &["\"z\""]),
            "x = [\r\n    \"a\",  # first\r\n    \"z\",\r\n    \"b\"\r\n]\r\n"
        );
        assert_eq!(
            run(
                text,
                &["\"a\"", "\"b\""],
                Position::After(1),
                &["\"c\"", "\"d\""]
            ),
            "x = [\r\n    \"a\",  # first\r\n    \"b\",\r\n    \"c\",\r\n    \"d\"\r\n]\r\n"
        );
        let text = "x = [\n  \"b\",\n  \"a\",\n]\n";
        assert_eq!(
            run(text, &["\"b\"", "\"a\""], Position::Before(0), &["\"c\""]),
            "x = [\n  \"c\",\n  \"b\",\n  \"a\",\n]\n"
        );
    }

    #[test]
    fn line_separated() {
        let text = "envlist =\n    py39\n    py310\n    lint\n[testenv]\n";
        assert_eq!(
            run_with(
                text,
                &["py39", "py310", "lint"],
                Position::After(1),
                &["py311"],
                Separator::Line
            ),
            "envlist =\n    py39\n    py310\n    py311\n    lint\n[testenv]\n"
        );
        assert_eq!(
            run_with(
                "a =\n  x\n  y",
                &["x", "y"],
                Position::After(1),
                &["z"],
                Separator::Line
            ),
            "a =\n  x\n  y\n  z\n"
        );
    }
}
