//! Inserting items into a list written in a configuration file or in Python source, as byte
//! insertions that keep every other byte: the list's layout (one item per line or all on one
//! line), its indentation, trailing commas, comments and line endings. The callers find the
//! items' spans with a real parser (tree-sitter, toml_edit, saphyr) and render the new items
//! in the list's own quoting.

use std::ops::Range;

/// Where the new items go: after `items[i]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Position {
    After(usize),
}

/// The insertions (offset, text) that add `values` to a comma-separated list whose items
/// span `items` (non-empty, in order). A list written one item per line gets new lines with
/// the item's indentation (and a comma after the item it follows when it had none); a list
/// on one line gets `, value` after the item.
pub fn insert_in_list(
    text: &str,
    items: &[Range<usize>],
    at: Position,
    values: &[String],
) -> Vec<(usize, String)> {
    if values.is_empty() || items.is_empty() {
        return Vec::new();
    }
    let le = crate::project::line_ending(text);
    match at {
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
            let line_break = after_comma.starts_with('\n')
                || after_comma.starts_with("\r\n")
                || after_comma.starts_with('#');
            let line = line_start(text, item.start);
            let own_line = text[line..item.start].trim().is_empty();
            if line_break && own_line {
                let indent = &text[line..item.start];
                let next_line = match rest.find('\n') {
                    Some(n) => item.end + n + 1,
                    None => text.len(),
                };
                let is_last = i + 1 == items.len();
                let mut out = Vec::new();
                if !has_comma {
                    out.push((item.end, ",".to_owned()));
                }
                let lines: String = values
                    .iter()
                    .enumerate()
                    .map(|(k, v)| {
                        let last_new = k + 1 == values.len();
                        let comma = if is_last && last_new && !has_comma {
                            ""
                        } else {
                            ","
                        };
                        format!("{indent}{v}{comma}{le}")
                    })
                    .collect();
                out.push((next_line, lines));
                out
            } else {
                let joined: String = values.iter().map(|v| format!(", {v}")).collect();
                vec![(item.end, joined)]
            }
        }
    }
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
        let values: Vec<String> = values.iter().map(|v| v.to_string()).collect();
        apply(text, insert_in_list(text, &spans(text, items), at, &values))
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
    }
}
