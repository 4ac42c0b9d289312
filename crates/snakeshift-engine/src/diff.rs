//! Unified diffs that `git apply` and `patch -p1` accept.

use similar::TextDiff;

/// A unified diff of one file with git-style `a/` and `b/` headers. `None` for the old text
/// means the file is created (`--- /dev/null`), `None` for the new text that it is deleted.
/// Returns an empty string when nothing changed.
pub fn unified_diff(path: &str, old: Option<&str>, new: Option<&str>, context: usize) -> String {
    if old == new {
        return String::new();
    }
    let old_header = old.map_or_else(|| "/dev/null".to_owned(), |_| format!("a/{path}"));
    let new_header = new.map_or_else(|| "/dev/null".to_owned(), |_| format!("b/{path}"));
    let (old, new) = (old.unwrap_or(""), new.unwrap_or(""));
    let diff = TextDiff::from_lines(old, new);
    let mut unified = diff.unified_diff();
    unified
        .context_radius(context)
        .header(&old_header, &new_header)
        .missing_newline_hint(true);
    unified.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn git_style_headers() {
        let d = unified_diff("pkg/m.py", Some("a\nb\nc\n"), Some("a\nB\nc\n"), 3);
        assert_eq!(
            d,
            "--- a/pkg/m.py\n+++ b/pkg/m.py\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n"
        );
    }

    #[test]
    fn creation_and_missing_newline() {
        let d = unified_diff("pyproject.toml", None, Some("x = 1\n"), 3);
        assert!(
            d.starts_with("--- /dev/null\n+++ b/pyproject.toml\n@@ -0,0 +1 @@\n+x = 1\n"),
            "{d}"
        );
        let d = unified_diff("m.py", Some("a\nb"), Some("a\nc"), 3);
        assert!(
            d.ends_with("-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n"),
            "{d}"
        );
    }

    #[test]
    fn no_change_no_diff() {
        assert_eq!(unified_diff("m.py", Some("a\n"), Some("a\n"), 3), "");
    }
}
