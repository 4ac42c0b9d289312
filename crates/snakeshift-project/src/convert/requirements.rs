//! Requirement strings: splitting the `str` forms setuptools accepts, and adding environment
//! markers (from conditional code or from `extras_require` keys).

/// The lines of a requirements string as setuptools reads `install_requires="..."`: blank
/// lines and `#` comments dropped, ` #` trailing comments cut, `\` continuations joined.
pub fn split_lines(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut pending = String::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = match line.find(" #") {
            Some(i) => line[..i].trim_end(),
            None => line,
        };
        if let Some(head) = line.strip_suffix('\\') {
            pending.push_str(head.trim());
            pending.push(' ');
            continue;
        }
        pending.push_str(line);
        out.push(std::mem::take(&mut pending).trim().to_owned());
    }
    if !pending.trim().is_empty() {
        out.push(pending.trim().to_owned());
    }
    out
}

/// Splits `name>=1; python_version < "3.8"` into the requirement and its marker.
pub fn split_marker(req: &str) -> (&str, Option<&str>) {
    // In a URL requirement the marker separator must follow whitespace.
    let at = if req.contains('@') {
        req.find(" ;").map(|i| i + 1)
    } else {
        req.find(';')
    };
    match at {
        Some(i) => (req[..i].trim_end(), Some(req[i + 1..].trim())),
        None => (req.trim(), None),
    }
}

fn grouped(marker: &str) -> String {
    if marker.contains(" or ") {
        format!("({marker})")
    } else {
        marker.to_owned()
    }
}

/// Adds `marker` to a requirement (`and`-ed with a marker it already has).
pub fn add_marker(req: &str, marker: &str) -> String {
    let (base, existing) = split_marker(req);
    match existing {
        Some(e) if !e.is_empty() => format!("{base}; {} and {}", grouped(e), grouped(marker)),
        _ => format!("{base}; {marker}"),
    }
}

/// What setuptools' `file:` directive for dependencies yields from a requirements file: its
/// non-blank lines that are not comments, as written.
pub fn file_directive_lines(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.trim().starts_with('#'))
        .map(str::to_owned)
        .collect()
}

/// Whether a requirements file uses pip-only syntax that `file:` cannot read.
pub fn has_pip_options(text: &str) -> bool {
    text.lines().any(|l| {
        let l = l.trim();
        l.starts_with('-') || l.contains("://") && !l.contains('@')
    })
}

/// A PEP 508 name as it may be compared: `Foo_Bar.baz` → `foo-bar-baz`.
pub fn canonical_name(name: &str) -> String {
    let mut out = String::new();
    let mut last_sep = false;
    for c in name.chars() {
        if c == '-' || c == '_' || c == '.' {
            if !last_sep {
                out.push('-');
            }
            last_sep = true;
        } else {
            out.extend(c.to_lowercase());
            last_sep = false;
        }
    }
    out
}

/// The distribution name at the start of a requirement.
pub fn requirement_name(req: &str) -> &str {
    let end = req
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'))
        .unwrap_or(req.len());
    &req[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_strings() {
        assert_eq!(
            split_lines("\n  a>=1  # pinned\n# c\nb ; python_version<'3'\nc \\\n  >=2\n"),
            ["a>=1", "b ; python_version<'3'", "c >=2"]
        );
    }

    #[test]
    fn markers() {
        assert_eq!(
            add_marker("a>=1", "python_version < \"3.8\""),
            "a>=1; python_version < \"3.8\""
        );
        assert_eq!(
            add_marker(
                "a; os_name == 'nt'",
                "python_version < \"3.8\" or sys_platform == \"x\""
            ),
            "a; os_name == 'nt' and (python_version < \"3.8\" or sys_platform == \"x\")"
        );
        assert_eq!(
            split_marker("pkg @ https://x/y;z.whl ; os_name=='nt'"),
            ("pkg @ https://x/y;z.whl", Some("os_name=='nt'"))
        );
        assert_eq!(canonical_name("Foo_Bar.baz"), "foo-bar-baz");
        assert_eq!(requirement_name("zope.interface>=5"), "zope.interface");
    }
}
