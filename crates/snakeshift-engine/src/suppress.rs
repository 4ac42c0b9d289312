//! Suppression comments: `# snakeshift: ignore[ids]` on a line (or on the header line of a
//! block, covering the block, or alone on the line before), `# snakeshift: file-ignore[ids]`,
//! and `# noqa: ids`. Ids are rewrite ids or groups; `ignore` without brackets covers every
//! rewrite. A bare `# noqa` is left to linters.

use std::ops::Range;
use tree_sitter::{Node, Tree};

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
}

/// Every suppression of a file.
#[derive(Clone, Debug, Default)]
pub struct Suppressions {
    pub list: Vec<Suppression>,
}

impl Suppressions {
    pub fn find(tree: &Tree, text: &str) -> Suppressions {
        let mut list = Vec::new();
        let mut stack = vec![tree.root_node()];
        while let Some(node) = stack.pop() {
            if node.kind() == "comment" {
                if let Some(s) = suppression(node, text) {
                    list.push(s);
                }
                continue;
            }
            let mut cursor = node.walk();
            stack.extend(node.children(&mut cursor));
        }
        list.sort_by_key(|s| s.comment.start);
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

fn suppression(comment: Node<'_>, text: &str) -> Option<Suppression> {
    let body = text[comment.byte_range()].trim_start_matches('#').trim();
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
        covered_range(comment, text)
    };
    Some(Suppression {
        comment: comment.byte_range(),
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
fn covered_range(comment: Node<'_>, text: &str) -> Range<usize> {
    let line_start = text[..comment.start_byte()]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let alone = text[line_start..comment.start_byte()].trim().is_empty();
    if alone {
        let next = comment.end_byte().min(text.len());
        let start = text[next..].find('\n').map_or(text.len(), |i| next + i + 1);
        let end = text[start..]
            .find('\n')
            .map_or(text.len(), |i| start + i + 1);
        return start..end;
    }
    let line_end = text[comment.end_byte()..]
        .find('\n')
        .map_or(text.len(), |i| comment.end_byte() + i);
    // A block header: the comment's line ends a compound statement's header (`:` before it).
    if let Some(block) = enclosing_block_header(comment, line_start) {
        return line_start..block.end_byte().max(line_end);
    }
    line_start..line_end
}

/// The compound statement whose header line holds the comment.
fn enclosing_block_header<'t>(comment: Node<'t>, line_start: usize) -> Option<Node<'t>> {
    let mut node = comment.prev_sibling().or_else(|| comment.parent())?;
    loop {
        if matches!(
            node.kind(),
            "function_definition"
                | "class_definition"
                | "decorated_definition"
                | "if_statement"
                | "for_statement"
                | "while_statement"
                | "with_statement"
                | "try_statement"
                | "match_statement"
        ) && node.start_byte() >= line_start
        {
            return Some(node);
        }
        if node.kind() == "block" {
            let parent = node.parent()?;
            if parent.start_byte() >= line_start {
                return Some(parent);
            }
            return None;
        }
        node = node.parent()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    fn covered(src: &str, id: &str, needle: &str) -> bool {
        let tree = parse(src);
        let s = Suppressions::find(&tree, src);
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
