//! Precise activation: which rewrites can act on a file, decided before it is parsed.
//!
//! Parsing and querying a file costs ~200 ns a byte; most files that hold a rewrite's trigger
//! word hold it in a comment, a string or a shape no rewrite acts on (`finally:` without a
//! `return` in it, `json` imported but never given `encoding=`). A file is first searched for
//! every rewrite's trigger words (one Aho-Corasick pass); a rewrite one of whose words occurs
//! then looks closer through a [`Probe`]: only occurrences in code count (unless the rewrite
//! reads strings), and a rewrite may add its own test over the token scan of the file (which
//! modules it imports, what a line holds, what a block contains). A test may say yes where
//! no match follows (the query decides), never no where one would.

use crate::rewrite::FileInfo;
use crate::scan::{Kind, Line, Scan};
use crate::version::VersionWindow;
use std::cell::OnceCell;
use std::ops::Range;

/// What a file's probes share, worked out the first time a probe asks: the words of every
/// import statement of the file.
#[derive(Default)]
pub struct Shared<'a> {
    imports: OnceCell<Vec<Vec<&'a [u8]>>>,
}

/// A file being considered for one rewrite: its text, its token scan and where that rewrite's
/// trigger words occur in its code.
pub struct Probe<'a> {
    /// The versions the run migrates between.
    pub versions: VersionWindow,
    /// The file's kind (a stub, a package's `__init__.py`…).
    pub file: &'a FileInfo,
    text: &'a [u8],
    scan: &'a Scan,
    hits: &'a [Range<usize>],
    shared: &'a Shared<'a>,
}

impl<'a> Probe<'a> {
    pub fn new(
        text: &'a [u8],
        scan: &'a Scan,
        hits: &'a [Range<usize>],
        versions: VersionWindow,
        file: &'a FileInfo,
        shared: &'a Shared<'a>,
    ) -> Probe<'a> {
        Probe {
            versions,
            file,
            text,
            scan,
            hits,
            shared,
        }
    }

    /// The file's bytes (without a BOM).
    pub fn text(&self) -> &'a [u8] {
        self.text
    }

    /// Where the rewrite's trigger words occur in code, in order.
    pub fn hits(&self) -> &'a [Range<usize>] {
        self.hits
    }

    /// Each trigger occurrence with the logical line holding it (from its first code byte).
    pub fn hit_lines(&self) -> impl Iterator<Item = (Range<usize>, &'a [u8])> + '_ {
        self.hits
            .iter()
            .map(|h| (h.clone(), self.line_text(h.start).unwrap_or_default()))
    }

    /// The code of the logical line holding byte `offset`, from its first code byte to its
    /// end (comments and strings included as written).
    pub fn line_text(&self, offset: usize) -> Option<&'a [u8]> {
        let i = self.scan.line_at(offset)?;
        let line = &self.scan.lines[i];
        Some(&self.text[line.code..line.end])
    }

    /// The logical line holding byte `offset`.
    pub fn line_at(&self, offset: usize) -> Option<&'a Line> {
        self.scan.lines.get(self.scan.line_at(offset)?)
    }

    /// The code of the logical line after the one holding byte `offset`.
    pub fn next_line(&self, offset: usize) -> Option<&'a [u8]> {
        let i = self.scan.line_at(offset)?;
        let line = self.scan.lines.get(i + 1)?;
        Some(&self.text[line.code..line.end])
    }

    /// Whether `needle` occurs in code (anywhere, not only as a whole word).
    pub fn contains_in_code(&self, needle: &[u8]) -> bool {
        memchr::memmem::find_iter(self.text, needle).any(|at| self.in_code(at))
    }

    /// The logical lines of the file.
    pub fn lines(&self) -> &'a [Line] {
        &self.scan.lines
    }

    /// The code of a logical line.
    pub fn code_of(&self, line: &Line) -> &'a [u8] {
        &self.text[line.code..line.end]
    }

    /// The logical lines of the block a line opens: those after it, indented deeper, up to
    /// the first that is not (the line's inline body, if any, is not included).
    pub fn block_after(&self, offset: usize) -> &'a [Line] {
        let Some(i) = self.scan.line_at(offset) else {
            return &[];
        };
        let indent = self.scan.lines[i].indent;
        let rest = &self.scan.lines[i + 1..];
        let n = rest.iter().take_while(|l| l.indent > indent).count();
        &rest[..n]
    }

    /// Whether byte `offset` is code (not in a comment or a plain string literal).
    pub fn in_code(&self, offset: usize) -> bool {
        self.scan.in_code(offset)
    }

    /// Whether byte `offset` is in a string literal (not an f-string: see [`Scan::in_code`]).
    pub fn in_string(&self, offset: usize) -> bool {
        let strings = &self.scan.strings;
        let i = strings.partition_point(|r| r.end <= offset);
        strings.get(i).is_some_and(|r| r.start <= offset)
    }

    /// Whether `word` occurs in code as a whole word.
    pub fn has_word(&self, word: &str) -> bool {
        crate::scan::word_occurrences(self.text, word.as_bytes()).any(|at| self.in_code(at))
    }

    /// Whether the file imports `module` or a submodule of it (`import m`, `import m.x as y`,
    /// `from m import x`, `from m.x import y`), in a statement anywhere in the file.
    pub fn imports(&self, module: &str) -> bool {
        self.imported_modules().any(|m| {
            m == module.as_bytes()
                || m.strip_prefix(module.as_bytes())
                    .is_some_and(|rest| rest.first() == Some(&b'.'))
        })
    }

    /// Whether the file imports any of `modules` (see [`Probe::imports`]).
    pub fn imports_any(&self, modules: &[&str]) -> bool {
        modules.iter().any(|m| self.imports(m))
    }

    /// Whether `from module import name` (or `import module` and then `module.name`) can bind
    /// `name` here: an import from `module` that names it or `*`, or an import of the module
    /// itself with `name` used after a dot: after a name that import binds (`t.name` for
    /// `import module as t`), or after any name for a submodule (`a.b.name`, reached many
    /// ways).
    pub fn imports_name(&self, module: &str, name: &str) -> bool {
        self.import_statements()
            .iter()
            .any(|words| match words.as_slice() {
                [b"from", m, b"import", names @ ..] if *m == module.as_bytes() => {
                    names.iter().any(|n| *n == name.as_bytes() || *n == b"*")
                }
                [b"import", modules @ ..] if modules.contains(&module.as_bytes()) => {
                    if module.contains('.') {
                        self.has_attribute(name)
                    } else {
                        self.has_attribute_of(name, &self.module_names(module))
                    }
                }
                _ => false,
            })
    }

    /// The names `from module import …` statements bind (`b` for `a as b`), and `*` for a star
    /// import.
    pub fn names_from(&self, module: &str) -> Vec<&'a [u8]> {
        let mut out = Vec::new();
        for words in self.import_statements() {
            if let [b"from", m, b"import", names @ ..] = words.as_slice()
                && *m == module.as_bytes()
            {
                for (i, name) in names.iter().enumerate() {
                    let aliased = names.get(i + 1) == Some(&&b"as"[..]);
                    if !aliased && *name != b"as" && *name != b"," {
                        out.push(*name);
                    }
                }
            }
        }
        out
    }

    /// The names `import` statements bind to `module` itself: `m` for `import module as m`,
    /// `module` for `import module` or (a top-level module) `import module.sub`.
    pub fn module_names(&self, module: &str) -> Vec<&'a [u8]> {
        let mut out = Vec::new();
        for words in self.import_statements() {
            if let [b"import", rest @ ..] = words.as_slice() {
                for (i, name) in rest.iter().enumerate() {
                    let aliased = rest.get(i + 1) == Some(&&b"as"[..]);
                    if *name == module.as_bytes() {
                        out.push(if aliased {
                            rest.get(i + 2).copied().unwrap_or(name)
                        } else {
                            name
                        });
                    } else if !aliased
                        && !module.contains('.')
                        && name
                            .strip_prefix(module.as_bytes())
                            .is_some_and(|r| r.starts_with(b"."))
                    {
                        out.push(&name[..module.len()]);
                    }
                }
            }
        }
        out
    }

    /// Whether `from module import name as other` binds `name` under another name.
    pub fn imports_renamed(&self, module: &str, name: &str) -> bool {
        self.import_statements().iter().any(|words| {
            matches!(words.as_slice(), [b"from", m, b"import", ..] if *m == module.as_bytes())
                && words
                    .windows(2)
                    .any(|w| w[0] == name.as_bytes() && w[1] == b"as")
        })
    }

    /// Whether `owner.name` occurs in code for one of `owners` (see [`follows_one_of`]).
    pub fn has_attribute_of(&self, name: &str, owners: &[&[u8]]) -> bool {
        crate::scan::word_occurrences(self.text, name.as_bytes())
            .any(|at| self.in_code(at) && follows_one_of(self.text, at, owners))
    }

    /// Whether `.name` occurs in code (an attribute named `name`).
    pub fn has_attribute(&self, name: &str) -> bool {
        crate::scan::word_occurrences(self.text, name.as_bytes()).any(|at| {
            self.in_code(at) && {
                let before = self.text[..at].trim_ascii_end();
                before.ends_with(b".")
            }
        })
    }

    /// The words (see [`words`]) of every import statement of the file, including those after
    /// a `;` or in the inline body of a compound statement (`try: import x`).
    fn import_statements(&self) -> &'a [Vec<&'a [u8]>] {
        self.shared.imports.get_or_init(|| {
            let text = self.text;
            let lines = &self.scan.lines;
            let mut out: Vec<Vec<&[u8]>> = lines
                .iter()
                .filter(|l| l.kind == Kind::Import)
                .map(|l| words(&text[l.code..l.end]).collect())
                .collect();
            // Inline imports: every `import` in code on another kind of line.
            let mut line = 0;
            for at in memchr::memmem::find_iter(text, b"import") {
                while line < lines.len() && lines[line].end <= at {
                    line += 1;
                }
                let Some(l) = lines.get(line) else { break };
                if l.kind == Kind::Import || at < l.code || !self.scan.in_code(at) {
                    continue;
                }
                let code = &text[l.code..at];
                let start = code
                    .iter()
                    .rposition(|c| matches!(c, b';' | b':'))
                    .map_or(0, |p| p + 1);
                let statement = text[l.code + start..l.end].trim_ascii_start();
                if statement.starts_with(b"import ") || statement.starts_with(b"from ") {
                    out.push(words(statement).collect());
                }
            }
            out
        })
    }

    /// The dotted names of the modules the file's import statements import.
    fn imported_modules(&self) -> impl Iterator<Item = &'a [u8]> + '_ {
        self.import_statements().iter().flat_map(|statement| {
            let mut out = Vec::new();
            let mut words = statement.iter().copied();
            match words.next() {
                Some(b"from") => out.extend(words.next()),
                Some(b"import") => {
                    // `import a.b as c, d`: every dotted name not after `as`.
                    let mut after_as = false;
                    for w in words {
                        if w == b"as" {
                            after_as = true;
                        } else if w == b"," {
                            after_as = false;
                        } else if !after_as {
                            out.push(w);
                        }
                    }
                }
                _ => {}
            }
            out
        })
    }
}

/// The tokens of an import statement's code that matter here: dotted names (`a.b`), `*` and
/// `,`; brackets, backslashes and comments are skipped, `;` ends the statement.
fn words(code: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < code.len() {
            let c = code[i];
            if c == b'#' {
                i = code[i..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(code.len(), |n| i + n);
                continue;
            }
            if c == b';' {
                i = code.len();
                return None;
            }
            if c == b',' || c == b'*' {
                i += 1;
                return Some(&code[i - 1..i]);
            }
            if c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || c >= 0x80 {
                let start = i;
                while i < code.len()
                    && (code[i].is_ascii_alphanumeric()
                        || code[i] == b'_'
                        || code[i] == b'.'
                        || code[i] >= 0x80)
                {
                    i += 1;
                }
                return Some(&code[start..i]);
            }
            i += 1;
        }
        None
    })
}

/// Whether the identifier at `at` is an attribute of one of `names` (`re.sub` with `re`),
/// blanks around the dot allowed.
pub fn follows_one_of(text: &[u8], at: usize, names: &[&[u8]]) -> bool {
    text[..at]
        .trim_ascii_end()
        .strip_suffix(b".")
        .is_some_and(|owner| {
            let owner = owner.trim_ascii_end();
            let start = owner
                .iter()
                .rposition(|c| !(c.is_ascii_alphanumeric() || *c == b'_' || *c >= 0x80))
                .map_or(0, |p| p + 1);
            start < owner.len() && names.contains(&&owner[start..])
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probe_of(text: &str, f: impl FnOnce(&Probe<'_>)) {
        let scan = Scan::new(text);
        let hits: Vec<Range<usize>> = Vec::new();
        let shared = Shared::default();
        let file = FileInfo::default();
        f(&Probe::new(
            text.as_bytes(),
            &scan,
            &hits,
            VersionWindow::default(),
            &file,
            &shared,
        ));
    }

    #[test]
    fn imports_are_read_from_import_statements_only() {
        let src = "import os.path as p, json\nfrom a.b import (x as c,\n  d)\n# import typing\nx = 'import distutils'\ntry: import imp\nexcept ImportError: pass\nif 1: x = 1; from re import sub\n";
        probe_of(src, |p| {
            for m in ["os", "os.path", "json", "a", "a.b", "imp", "re"] {
                assert!(p.imports(m), "{m}");
            }
            for m in ["p", "c", "typing", "distutils", "o", "a.c"] {
                assert!(!p.imports(m), "{m}");
            }
            assert!(p.imports_name("a.b", "d"));
            assert_eq!(p.names_from("a.b"), [&b"c"[..], b"d"]);
            assert_eq!(p.names_from("re"), [&b"sub"[..]]);
            assert!(p.imports_renamed("a.b", "x"));
            assert_eq!(p.module_names("os.path"), [&b"p"[..]]);
            assert!(p.module_names("os").is_empty());
            assert_eq!(p.module_names("a"), Vec::<&[u8]>::new());
            assert_eq!(p.module_names("imp"), [&b"imp"[..]]);
            assert_eq!(p.module_names("json"), [&b"json"[..]]);
            assert!(p.module_names("re").is_empty());
            assert!(!p.imports_renamed("a.b", "d") && !p.imports_renamed("os", "path"));
            assert!(!p.imports_name("a.b", "e"));
        });
    }

    #[test]
    fn a_member_of_an_imported_module_follows_a_name_the_import_binds() {
        let src = "import typing as t\nimport collections.abc\nx: collections.abc.Iterable[int]\ny: t . Mapping\n";
        probe_of(src, |p| {
            assert!(!p.imports_name("typing", "Iterable"));
            assert!(p.imports_name("typing", "Mapping"));
            // A submodule is reached many ways: any attribute of that name counts.
            assert!(p.imports_name("collections.abc", "Iterable"));
            assert!(!p.imports_name("collections.abc", "Mapping2"));
        });
    }

    #[test]
    fn words_in_strings_and_comments_are_not_code() {
        let src = "x = 'json'  # json\ny = f'{json}'\njson.dumps(x)\n\"\"\"\njson\n\"\"\"\n";
        probe_of(src, |p| {
            let code: Vec<usize> = crate::scan::word_occurrences(src.as_bytes(), b"json")
                .filter(|&at| p.in_code(at))
                .collect();
            assert_eq!(
                code,
                vec![src.find("{json").unwrap() + 1, src.find("json.").unwrap()]
            );
            assert!(p.has_attribute("dumps"));
            assert!(!p.has_attribute("json"));
        });
    }

    #[test]
    fn blocks_follow_indentation() {
        let src = "try:\n    a()\nfinally:\n    if x:\n        return 1\n    b()\nc()\n";
        probe_of(src, |p| {
            let block = p.block_after(src.find("finally").unwrap());
            assert_eq!(block.len(), 3);
            assert_eq!(p.code_of(&block[1]), b"return 1\n");
        });
    }
}
