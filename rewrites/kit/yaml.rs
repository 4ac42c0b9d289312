//! YAML documents as a tree of nodes with the byte span of every scalar, read with the
//! spec-compliant `saphyr-parser` (its events carry positions), so that rewrites can edit the
//! file byte by byte instead of re-serialising it (which would lose comments, quoting and
//! layout).

use saphyr_parser::{Event, Parser, ScalarStyle};
use std::ops::Range;

/// A node of a YAML document.
#[derive(Debug)]
pub enum Yaml {
    Scalar(Scalar),
    Seq(Seq),
    /// Key / value pairs in document order.
    Map(Vec<(Yaml, Yaml)>),
    /// An alias (`*name`): not followed.
    Alias,
}

#[derive(Debug)]
pub struct Scalar {
    pub value: String,
    pub style: ScalarStyle,
    /// The scalar as written (quotes included); `None` for block scalars and plain scalars
    /// spanning lines, which are never edited.
    pub span: Option<Range<usize>>,
}

#[derive(Debug)]
pub struct Seq {
    /// `[a, b]` rather than `- a` lines.
    pub flow: bool,
    pub items: Vec<Yaml>,
}

impl Yaml {
    /// The value of `key` in a mapping.
    pub fn get(&self, key: &str) -> Option<&Yaml> {
        match self {
            Yaml::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.as_str() == Some(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Yaml::Scalar(s) => Some(&s.value),
            _ => None,
        }
    }

    /// Every node of the tree, this one first.
    pub fn walk(&self) -> Vec<&Yaml> {
        let mut out = vec![self];
        let mut i = 0;
        while i < out.len() {
            match out[i] {
                Yaml::Seq(s) => out.extend(s.items.iter()),
                Yaml::Map(entries) => {
                    for (k, v) in entries {
                        out.push(k);
                        out.push(v);
                    }
                }
                _ => {}
            }
            i += 1;
        }
        out
    }
}

/// Byte offsets of the character indexes saphyr's markers count in.
struct Offsets(Vec<usize>);

impl Offsets {
    fn new(text: &str) -> Self {
        let mut v: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        v.push(text.len());
        Offsets(v)
    }

    fn byte(&self, char_index: usize) -> usize {
        self.0
            .get(char_index)
            .copied()
            .unwrap_or(*self.0.last().unwrap_or(&0))
    }
}

/// The end of a quoted scalar starting at `start` (the quote), past its closing quote.
fn quoted_end(text: &str, start: usize, quote: u8) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            c if c == quote => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

fn scalar_span(text: &str, start: usize, value: &str, style: ScalarStyle) -> Option<Range<usize>> {
    let end = match style {
        ScalarStyle::DoubleQuoted => quoted_end(text, start, b'"')?,
        ScalarStyle::SingleQuoted => quoted_end(text, start, b'\'')?,
        ScalarStyle::Plain => {
            if !text[start..].starts_with(value) {
                return None;
            }
            start + value.len()
        }
        _ => return None,
    };
    (!text[start..end].contains('\n')).then_some(start..end)
}

/// The documents of a YAML text; `None` when it is not valid YAML.
pub fn parse(text: &str) -> Option<Vec<Yaml>> {
    let offsets = Offsets::new(text);
    // Open collections: a sequence or a mapping with its pending key.
    enum Open {
        Seq(Seq),
        Map(Vec<(Yaml, Yaml)>, Option<Yaml>),
    }
    let mut stack: Vec<Open> = Vec::new();
    let mut docs = Vec::new();
    let add = |stack: &mut Vec<Open>, docs: &mut Vec<Yaml>, node: Yaml| match stack.last_mut() {
        Some(Open::Seq(s)) => s.items.push(node),
        Some(Open::Map(entries, key)) => match key.take() {
            Some(k) => entries.push((k, node)),
            None => *key = Some(node),
        },
        None => docs.push(node),
    };
    for event in Parser::new_from_str(text) {
        let (event, span) = event.ok()?;
        let start = offsets.byte(span.start.index());
        match event {
            Event::Scalar(value, style, _, _) => {
                let span = scalar_span(text, start, &value, style);
                let node = Yaml::Scalar(Scalar {
                    value: value.into_owned(),
                    style,
                    span,
                });
                add(&mut stack, &mut docs, node);
            }
            Event::SequenceStart(..) => stack.push(Open::Seq(Seq {
                flow: text.as_bytes().get(start) == Some(&b'['),
                items: Vec::new(),
            })),
            Event::MappingStart(..) => stack.push(Open::Map(Vec::new(), None)),
            Event::SequenceEnd | Event::MappingEnd => {
                let node = match stack.pop()? {
                    Open::Seq(s) => Yaml::Seq(s),
                    Open::Map(entries, _) => Yaml::Map(entries),
                };
                add(&mut stack, &mut docs, node);
            }
            Event::Alias(_) => add(&mut stack, &mut docs, Yaml::Alias),
            _ => {}
        }
    }
    Some(docs)
}

/// The text of a string scalar for `value`, quoted like `like` (a neighbouring item): single
/// quotes after a single-quoted item, double quotes otherwise (never plain: YAML reads a plain
/// `3.10` as the number 3.1).
pub fn scalar_like(value: &str, like: &Scalar) -> String {
    match like.style {
        ScalarStyle::SingleQuoted => format!("'{value}'"),
        _ => format!("\"{value}\""),
    }
}

/// The GitHub Actions workflow files of a project (`.github/workflows/*.yml`, `*.yaml`).
pub fn workflow_files(project: &crate::kit::project::Project<'_>) -> Vec<String> {
    let dir = ".github/workflows";
    project
        .list(dir)
        .unwrap_or_default()
        .into_iter()
        .filter(|e| !e.is_dir && (e.name.ends_with(".yml") || e.name.ends_with(".yaml")))
        .map(|e| format!("{dir}/{}", e.name))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_of_scalars() {
        let text = "a:\n  b: [\"3.9\", '3.1''0', 3.11]  # c\n  c:\n    - x  # y\n    - \"é\"\n";
        let docs = parse(text).unwrap();
        let b = docs[0].get("a").unwrap().get("b").unwrap();
        let Yaml::Seq(seq) = b else { panic!() };
        assert!(seq.flow);
        let spans: Vec<&str> = seq
            .items
            .iter()
            .map(|i| match i {
                Yaml::Scalar(s) => &text[s.span.clone().unwrap()],
                _ => panic!(),
            })
            .collect();
        assert_eq!(spans, ["\"3.9\"", "'3.1''0'", "3.11"]);
        let Some(Yaml::Seq(c)) = docs[0].get("a").unwrap().get("c") else {
            panic!()
        };
        assert!(!c.flow);
        let Yaml::Scalar(last) = &c.items[1] else {
            panic!()
        };
        assert_eq!(&text[last.span.clone().unwrap()], "\"é\"");
        assert!(parse("a: [b\n").is_none());
    }
}
