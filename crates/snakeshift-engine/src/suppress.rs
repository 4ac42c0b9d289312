//! Suppression comments: `# snakeshift: ignore[ids]` on a line (or on the header line of a
//! block, covering the block, or alone on the line before), `# snakeshift: file-ignore[ids]`,
//! and `# noqa: ids`. Ids are rewrite ids or groups; `ignore` without brackets covers every
//! rewrite. A bare `# noqa` is left to linters.

use crate::scan::{Scan, Stmt};
use std::ops::Range;

/// What a suppression covers.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Names {
    All,
    Some(Vec<String>),
}

impl Names {
    fn covers(&self, id: &str, group: &str) -> bool {
        match self {
            Names::All => true,
            Names::Some(names) => names.iter().any(|n| n == id || n == group),
        }
    }
}

/// One suppression comment and the byte range it covers.
#[derive(Clone, Debug)]
pub struct Suppression {
    /// The comment itself.
    pub comment: Range<usize>,
    covers: Range<usize>,
    names: Names,
}

impl Suppression {
    /// Whether the suppression is about rewrites `ours` knows: `ignore` without names, or a
    /// list whose names are all ours (a `# noqa` naming linter codes is someone else's).
    pub fn names_are_ours(&self, ours: impl Fn(&str) -> bool) -> bool {
        match &self.names {
            Names::All => true,
            Names::Some(names) => names.iter().all(|n| ours(n)),
        }
    }

    /// Whether the suppression may cover a finding of rewrites `ours` knows: `ignore` without
    /// names, or a list naming one of them.
    pub fn may_cover(&self, ours: impl Fn(&str) -> bool) -> bool {
        match &self.names {
            Names::All => true,
            Names::Some(names) => names.iter().any(|n| ours(n)),
        }
    }
}

/// Every suppression of a file.
#[derive(Clone, Debug, Default)]
pub struct Suppressions {
    pub list: Vec<Suppression>,
}

impl Suppressions {
    /// The suppression comments of a scanned file.
    pub fn find(text: &str, scan: &Scan) -> Suppressions {
        let list = scan
            .comments
            .iter()
            .filter_map(|c| suppression(c.clone(), text, scan))
            .collect();
        Suppressions { list }
    }

    /// The index of the suppression covering a finding of rewrite `id` (group `group`) that
    /// starts at `offset`.
    pub fn covering(&self, id: &str, group: &str, offset: usize) -> Option<usize> {
        self.list
            .iter()
            .position(|s| s.covers.contains(&offset) && s.names.covers(id, group))
    }
}

fn suppression(comment: Range<usize>, text: &str, scan: &Scan) -> Option<Suppression> {
    let body = text[comment.clone()].trim_start_matches('#').trim();
    let (names, whole_file) = if let Some(rest) = body.strip_prefix("snakeshift:") {
        let rest = rest.trim();
        if let Some(args) = rest.strip_prefix("file-ignore") {
            (parse_names(args)?, true)
        } else if let Some(args) = rest.strip_prefix("ignore") {
            (parse_names(args)?, false)
        } else {
            return None;
        }
    } else if let Some(rest) = body.strip_prefix("noqa:") {
        let ids: Vec<String> = rest
            .split([',', ' '])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        if ids.is_empty() {
            return None;
        }
        (Names::Some(ids), false)
    } else {
        return None;
    };
    let covers = if whole_file {
        0..text.len()
    } else {
        covered_range(comment.clone(), text, scan)
    };
    Some(Suppression {
        comment,
        covers,
        names,
    })
}

/// `` (everything) or `[a, b]`.
fn parse_names(args: &str) -> Option<Names> {
    let args = args.trim();
    if args.is_empty() {
        return Some(Names::All);
    }
    let inner = args.strip_prefix('[')?.split(']').next()?;
    let names: Vec<String> = inner
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    (!names.is_empty()).then_some(Names::Some(names))
}

/// A comment after code covers that line, or the whole block when the line is a block header
/// (`def f():  # snakeshift: ignore`); a comment alone on its line covers the next line.
fn covered_range(comment: Range<usize>, text: &str, scan: &Scan) -> Range<usize> {
    let line_start = text[..comment.start].rfind('\n').map_or(0, |i| i + 1);
    let alone = text[line_start..comment.start].trim().is_empty();
    if alone {
        let next = comment.end.min(text.len());
        let start = text[next..].find('\n').map_or(text.len(), |i| next + i + 1);
        let end = text[start..]
            .find('\n')
            .map_or(text.len(), |i| start + i + 1);
        return start..end;
    }
    let line_end = text[comment.end..]
        .find('\n')
        .map_or(text.len(), |i| comment.end + i);
    match scan.line_at(comment.start) {
        Some(i) if scan.lines[i].opens_block => {
            line_start
                ..block_end(&scan.body, i, scan)
                    .unwrap_or(line_end)
                    .max(line_end)
        }
        _ => line_start..line_end,
    }
}

/// The end of what the header line `header` opens: the whole compound statement for its
/// first clause, that clause alone for a later one (`else:`, `except …:`).
fn block_end(stmts: &[Stmt], header: usize, scan: &Scan) -> Option<usize> {
    let i = stmts.partition_point(|s| s.last < header);
    let stmt = stmts.get(i).filter(|s| s.first <= header)?;
    for (k, clause) in stmt.clauses.iter().enumerate() {
        if clause.header == header {
            let last = if k == 0 {
                stmt.last
            } else {
                clause.body.last().map_or(header, |b| b.last)
            };
            return Some(scan.lines[last].end);
        }
        if let Some(end) = block_end(&clause.body, header, scan) {
            return Some(end);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn covered(src: &str, id: &str, needle: &str) -> bool {
        let s = Suppressions::find(src, &Scan::new(src));
        s.covering(id, "distutils", src.find(needle).unwrap())
            .is_some()
    }

    #[test]
    fn line_block_next_line_file_and_noqa() {
        let src = "import a  # snakeshift: ignore[distutils-spawn]\nimport b\n";
        assert!(covered(src, "distutils-spawn", "import a"));
        assert!(!covered(src, "distutils-spawn", "import b"));
        assert!(!covered(src, "distutils-util", "import a"));

        let block = "def f():  # snakeshift: ignore[distutils]\n    x = 1\n    y = 2\nz = 3\n";
        assert!(covered(block, "distutils-spawn", "y = 2"));
        assert!(!covered(block, "distutils-spawn", "z = 3"));

        let before = "# snakeshift: ignore\nx = 1\ny = 2\n";
        assert!(covered(before, "anything", "x = 1"));
        assert!(!covered(before, "anything", "y = 2"));

        let file = "\"\"\"Doc.\"\"\"\n# snakeshift: file-ignore[distutils-util]\nx = 1\n";
        assert!(covered(file, "distutils-util", "x = 1"));
        assert!(!covered(file, "distutils-spawn", "x = 1"));

        let noqa = "import a  # noqa: distutils-spawn, E402\nimport b  # noqa\n";
        assert!(covered(noqa, "distutils-spawn", "import a"));
        assert!(!covered(noqa, "distutils-spawn", "import b"));
    }
}
