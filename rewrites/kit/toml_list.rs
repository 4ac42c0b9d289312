//! Arrays of strings in a TOML file, located with toml_edit's spans so that they can be edited
//! byte by byte (see [`super::list_edit`]).

use std::ops::Range;
use toml_edit::{Document, Item, Value};

/// A string array found in a TOML text.
pub struct StringArray {
    /// The array, brackets included.
    pub span: Range<usize>,
    /// Each string item: its span (quotes included) and its value. Items that are not
    /// strings are left out.
    pub items: Vec<(Range<usize>, String)>,
    /// The array has items that are not strings.
    pub mixed: bool,
}

/// The array at `path` (`["project", "classifiers"]`); `None` when the text does not parse or
/// the value is missing or not an array.
pub fn string_array(text: &str, path: &[&str]) -> Option<StringArray> {
    let doc = Document::parse(text).ok()?;
    let mut item: &Item = doc.as_item();
    for key in path {
        item = item.get(key)?;
    }
    let array = item.as_array()?;
    let mut items = Vec::new();
    let mut mixed = false;
    for value in array.iter() {
        match (value, value.span()) {
            (Value::String(s), Some(span)) => items.push((span, s.value().clone())),
            _ => mixed = true,
        }
    }
    Some(StringArray {
        span: array.span()?,
        items,
        mixed,
    })
}

/// A TOML string holding `value`, quoted like `like` (the raw text of a neighbouring item):
/// a literal string `'…'` when that one is, and `value` has no `'`.
pub fn quote_like(value: &str, like: &str) -> String {
    if like.starts_with('\'') && !value.contains('\'') {
        format!("'{value}'")
    } else {
        toml_edit::Value::from(value).to_string().trim().to_owned()
    }
}
