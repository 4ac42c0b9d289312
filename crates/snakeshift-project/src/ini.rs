//! `setup.cfg` as Python's `configparser` reads it (comments, `=`/`:` delimiters, indented
//! continuation lines, blank lines inside values), keeping the byte span of every section and
//! option so that sections can be removed without touching the rest of the file.

use std::ops::Range;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IniOption {
    /// The key as written.
    pub key: String,
    /// The value as configparser returns it (lines joined with `\n`, trailing blanks removed).
    pub value: String,
    /// 1-based line of the key.
    pub line: usize,
    /// From the start of the key's line to the end of its last continuation line.
    pub span: Range<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IniSection {
    pub name: String,
    pub line: usize,
    /// From the start of the header line to the start of the next header (or the end).
    pub span: Range<usize>,
    pub options: Vec<IniOption>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ini {
    pub sections: Vec<IniSection>,
}

impl Ini {
    pub fn section(&self, name: &str) -> Option<&IniSection> {
        self.sections.iter().find(|s| s.name == name)
    }
}

impl IniSection {
    /// The option spelled `key` (dashes and case normalised, as setuptools does).
    pub fn get(&self, key: &str) -> Option<&IniOption> {
        self.options.iter().find(|o| normalize_key(&o.key) == key)
    }
}

/// `author-email` → `author_email`, `Name` → `name`.
pub fn normalize_key(key: &str) -> String {
    key.replace('-', "_").to_lowercase()
}

/// Parses configparser syntax; `Err` with a line number for text configparser rejects.
pub fn parse(text: &str) -> Result<Ini, String> {
    let mut ini = Ini::default();
    let mut offset = 0;
    // Pieces of the option being read: its lines (stripped), the indent of its key line.
    let mut current: Option<(IniOption, Vec<String>, usize)> = None;
    let finish = |ini: &mut Ini, current: &mut Option<(IniOption, Vec<String>, usize)>| {
        if let Some((mut opt, lines, _)) = current.take() {
            opt.value = lines.join("\n").trim_end().to_owned();
            if let Some(section) = ini.sections.last_mut() {
                section.options.push(opt);
            }
        }
    };
    for (index, raw_line) in text.split_inclusive('\n').enumerate() {
        let line_no = index + 1;
        let start = offset;
        offset += raw_line.len();
        let line = raw_line.trim_end_matches(['\n', '\r']);
        let stripped = line.trim();
        let is_comment = stripped.starts_with('#') || stripped.starts_with(';');
        if stripped.is_empty() || is_comment {
            if stripped.is_empty()
                && let Some((_, lines, _)) = &mut current
            {
                lines.push(String::new());
            }
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        if let Some((opt, lines, key_indent)) = &mut current
            && indent > *key_indent
        {
            lines.push(stripped.to_owned());
            opt.span.end = start + line.len();
            continue;
        }
        finish(&mut ini, &mut current);
        if stripped.starts_with('[') && stripped.ends_with(']') && stripped.len() > 2 {
            if let Some(last) = ini.sections.last_mut() {
                last.span.end = start;
            }
            ini.sections.push(IniSection {
                name: stripped[1..stripped.len() - 1].to_owned(),
                line: line_no,
                span: start..text.len(),
                options: Vec::new(),
            });
            continue;
        }
        if ini.sections.is_empty() {
            return Err(format!("line {line_no}: an option outside any section"));
        }
        let Some(delim) = stripped.find(['=', ':']) else {
            return Err(format!("line {line_no}: expected `key = value`"));
        };
        let key = stripped[..delim].trim_end().to_owned();
        let value = stripped[delim + 1..].trim().to_owned();
        current = Some((
            IniOption {
                key,
                value: String::new(),
                line: line_no,
                span: start..start + line.len(),
            },
            vec![value],
            indent,
        ));
    }
    finish(&mut ini, &mut current);
    Ok(ini)
}

/// configparser's basic interpolation for values without references: `%%` → `%`; `None` for
/// `%(name)s` references or stray `%` (which configparser rejects).
pub fn interpolate(value: &str) -> Option<String> {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c == '%' {
            match chars.next() {
                Some('%') => out.push('%'),
                _ => return None,
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_like_configparser() {
        let text = "[metadata]\nname = demo\n# comment\nclassifiers =\n    A :: B\n\n    C :: D\n# inner\nkeywords: a, b\n\n[options]\ninstall_requires =\n  x>=1\n  y ; python_version<'3.8'\n[bdist_wheel]\nuniversal = 1\n";
        let ini = parse(text).unwrap();
        let md = ini.section("metadata").unwrap();
        assert_eq!(md.get("name").unwrap().value, "demo");
        assert_eq!(md.get("classifiers").unwrap().value, "\nA :: B\n\nC :: D");
        assert_eq!(md.get("keywords").unwrap().value, "a, b");
        let opts = ini.section("options").unwrap();
        assert_eq!(
            opts.get("install_requires").unwrap().value,
            "\nx>=1\ny ; python_version<'3.8'"
        );
        assert_eq!(
            &text[md.span.clone()],
            "[metadata]\nname = demo\n# comment\nclassifiers =\n    A :: B\n\n    C :: D\n# inner\nkeywords: a, b\n\n"
        );
        assert_eq!(
            &text[ini.section("bdist_wheel").unwrap().span.clone()],
            "[bdist_wheel]\nuniversal = 1\n"
        );
        let c = md.get("classifiers").unwrap();
        assert_eq!(
            &text[c.span.clone()],
            "classifiers =\n    A :: B\n\n    C :: D"
        );
    }

    #[test]
    fn interpolation() {
        assert_eq!(interpolate("100%% sure").as_deref(), Some("100% sure"));
        assert_eq!(interpolate("%(here)s/x"), None);
    }
}
