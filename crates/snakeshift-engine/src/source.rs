//! Source bytes: BOM, PEP 263 encoding cookie, line endings, indentation and line/column lookup.
//!
//! The engine works on UTF-8 text without the BOM. Everything needed to turn rewritten text back
//! into bytes that differ from the original only inside the edits is kept here.

use std::fmt;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Why a file's bytes cannot be rewritten safely.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceError {
    /// Not valid UTF-8 and no encoding cookie says otherwise.
    NotUtf8 { line: usize, column: usize },
    /// A PEP 263 cookie names an encoding whose bytes snakeshift cannot round-trip exactly.
    UnsupportedEncoding(String),
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SourceError::NotUtf8 { line, column } => write!(
                f,
                "not valid UTF-8 (first bad byte at line {line}, column {column}) and no encoding cookie; file left untouched"
            ),
            SourceError::UnsupportedEncoding(enc) => write!(
                f,
                "declares encoding `{enc}` and contains non-ASCII bytes; snakeshift only rewrites UTF-8 (or pure ASCII) files, file left untouched"
            ),
        }
    }
}

/// The line ending a file uses; new lines written into it use the same one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineEnding {
    Lf,
    CrLf,
    Cr,
}

impl LineEnding {
    pub fn as_str(self) -> &'static str {
        match self {
            LineEnding::Lf => "\n",
            LineEnding::CrLf => "\r\n",
            LineEnding::Cr => "\r",
        }
    }
}

/// A decoded source file.
#[derive(Debug, Clone)]
pub struct Source {
    bom: bool,
    /// Set when the file declares a non-UTF-8 encoding but is pure ASCII: rewritten text must
    /// stay ASCII to round-trip.
    ascii_only: Option<String>,
    text: String,
    line_ending: LineEnding,
    indent: String,
}

impl Source {
    /// Decodes file bytes. UTF-8 with or without BOM is accepted; a cookie for another
    /// encoding is accepted only when the bytes are pure ASCII (so they round-trip exactly).
    pub fn decode(bytes: &[u8]) -> Result<Source, SourceError> {
        let (bom, body) = match bytes.strip_prefix(BOM) {
            Some(rest) => (true, rest),
            None => (false, bytes),
        };
        let cookie = encoding_cookie(body);
        let ascii_only = match cookie {
            Some(enc) if !is_utf8_name(&enc) => {
                if !body.is_ascii() {
                    return Err(SourceError::UnsupportedEncoding(enc));
                }
                Some(enc)
            }
            _ => None,
        };
        let text = match std::str::from_utf8(body) {
            Ok(t) => t.to_owned(),
            Err(e) => {
                let valid = &body[..e.valid_up_to()];
                let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
                let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
                let column = String::from_utf8_lossy(&valid[line_start..])
                    .chars()
                    .count()
                    + 1;
                return Err(SourceError::NotUtf8 { line, column });
            }
        };
        let line_ending = detect_line_ending(&text);
        let indent = detect_indent(&text);
        Ok(Source {
            bom,
            ascii_only,
            text,
            line_ending,
            indent,
        })
    }

    /// Builds a source from text (tests, stdin).
    pub fn from_text(text: &str) -> Source {
        Source::decode(text.as_bytes()).expect("a &str is valid UTF-8")
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn line_ending(&self) -> LineEnding {
        self.line_ending
    }

    /// One level of indentation as the file writes it (four spaces when the file has none).
    pub fn indent_unit(&self) -> &str {
        &self.indent
    }

    /// Turns rewritten text back into bytes, restoring the BOM. Fails when the file's declared
    /// encoding cannot hold the new text.
    pub fn encode(&self, text: &str) -> Result<Vec<u8>, SourceError> {
        if let Some(enc) = &self.ascii_only
            && !text.is_ascii()
        {
            return Err(SourceError::UnsupportedEncoding(enc.clone()));
        }
        let mut out = Vec::with_capacity(text.len() + 3);
        if self.bom {
            out.extend_from_slice(BOM);
        }
        out.extend_from_slice(text.as_bytes());
        Ok(out)
    }
}

/// The encoding named by a PEP 263 cookie on line 1 or 2 (line 2 only after a comment or blank
/// line 1), lower-cased.
fn encoding_cookie(body: &[u8]) -> Option<String> {
    let mut lines = body.split(|&b| b == b'\n');
    let first = lines.next()?;
    if let Some(enc) = cookie_in_line(first) {
        return Some(enc);
    }
    let first_trimmed = first.iter().skip_while(|b| b" \t\x0c\r".contains(b));
    let first_is_comment_or_blank = matches!(first_trimmed.clone().next(), None | Some(b'#'));
    if first_is_comment_or_blank {
        return lines.next().and_then(cookie_in_line);
    }
    None
}

/// Implements the PEP 263 regular expression `^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)`.
fn cookie_in_line(line: &[u8]) -> Option<String> {
    let start = line.iter().position(|b| !b" \t\x0c".contains(b))?;
    if line[start] != b'#' {
        return None;
    }
    let comment = &line[start..];
    let mut from = 0;
    while let Some(pos) = find(&comment[from..], b"coding") {
        let after = from + pos + b"coding".len();
        if matches!(comment.get(after), Some(b':' | b'=')) {
            let rest = &comment[after + 1..];
            let name: Vec<u8> = rest
                .iter()
                .skip_while(|b| b" \t".contains(b))
                .take_while(|b| b.is_ascii_alphanumeric() || b"-_.".contains(b))
                .copied()
                .collect();
            if !name.is_empty() {
                return Some(String::from_utf8_lossy(&name).to_ascii_lowercase());
            }
        }
        from = after;
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Python's spellings of UTF-8 (codec names are compared after normalising `_` to `-`).
fn is_utf8_name(enc: &str) -> bool {
    let norm = enc.replace('_', "-");
    matches!(
        norm.as_str(),
        "utf-8" | "utf8" | "u8" | "utf" | "cp65001" | "utf-8-sig" | "utf8-sig"
    ) || norm.starts_with("utf-8-")
}

fn detect_line_ending(text: &str) -> LineEnding {
    match text.find(['\n', '\r']) {
        Some(i) if text.as_bytes()[i] == b'\r' => {
            if text.as_bytes().get(i + 1) == Some(&b'\n') {
                LineEnding::CrLf
            } else {
                LineEnding::Cr
            }
        }
        _ => LineEnding::Lf,
    }
}

/// The indentation of the first indented line that follows a line ending in `:`.
fn detect_indent(text: &str) -> String {
    let mut after_colon = false;
    for line in text.lines() {
        let trimmed = line.trim_end();
        if trimmed.is_empty() || trimmed.trim_start().starts_with('#') {
            continue;
        }
        let indent_len = line.len() - line.trim_start_matches([' ', '\t']).len();
        if after_colon && indent_len > 0 {
            return line[..indent_len].to_owned();
        }
        after_colon = trimmed.ends_with(':');
    }
    "    ".to_owned()
}

/// Maps byte offsets to 1-based line and column (columns count characters).
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        let bytes = text.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                line_starts.push(i + 1);
            }
        }
        LineIndex { line_starts }
    }

    /// 1-based (line, column) of a byte offset.
    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        let column = text[start..offset.min(text.len())].chars().count() + 1;
        (line, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_bom_and_crlf() {
        let src = Source::decode(b"\xEF\xBB\xBFimport os\r\nx = 1\r\n").unwrap();
        assert_eq!(src.text(), "import os\r\nx = 1\r\n");
        assert_eq!(src.line_ending(), LineEnding::CrLf);
        assert_eq!(
            src.encode("import sys\r\n").unwrap(),
            b"\xEF\xBB\xBFimport sys\r\n"
        );
    }

    #[test]
    fn reports_position_of_invalid_utf8() {
        let err = Source::decode(b"x = 1\ny = '\xff'\n").unwrap_err();
        assert_eq!(err, SourceError::NotUtf8 { line: 2, column: 6 });
    }

    #[test]
    fn latin1_cookie_is_accepted_only_for_ascii_bytes() {
        assert!(Source::decode(b"# -*- coding: latin-1 -*-\nx = 1\n").is_ok());
        let err = Source::decode(b"# -*- coding: latin-1 -*-\nx = '\xe9'\n").unwrap_err();
        assert_eq!(err, SourceError::UnsupportedEncoding("latin-1".into()));
        let ascii =
            Source::decode(b"#!/usr/bin/python\n# vim: set fileencoding=iso-8859-15 :\n").unwrap();
        assert_eq!(
            ascii.encode("x = '\u{e9}'"),
            Err(SourceError::UnsupportedEncoding("iso-8859-15".into()))
        );
    }

    #[test]
    fn utf8_cookie_spellings_are_utf8() {
        for cookie in ["utf-8", "UTF8", "utf_8", "utf-8-unix"] {
            let text = format!("# coding: {cookie}\nx = '\u{e9}'\n");
            assert!(Source::decode(text.as_bytes()).is_ok(), "{cookie}");
        }
    }

    #[test]
    fn cookie_on_second_line_only_after_comment() {
        assert_eq!(
            encoding_cookie(b"#!/usr/bin/env python\n# coding=cp1252\n"),
            Some("cp1252".into())
        );
        assert_eq!(encoding_cookie(b"import os\n# coding=cp1252\n"), None);
    }

    #[test]
    fn detects_tab_indentation() {
        let src = Source::from_text("def f():\n\treturn 1\n");
        assert_eq!(src.indent_unit(), "\t");
        assert_eq!(Source::from_text("x = 1\n").indent_unit(), "    ");
    }

    #[test]
    fn line_index_counts_characters() {
        let text = "a\n\u{e9}b = 1\r\nc";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 0), (1, 1));
        assert_eq!(idx.position(text, text.find('b').unwrap()), (2, 2));
        assert_eq!(idx.position(text, text.len() - 1), (3, 1));
    }
}
