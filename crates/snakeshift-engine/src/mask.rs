//! Parsing only what a run needs.
//!
//! Most lines of a file that holds a trigger word have nothing to do with it. A [`Selection`]
//! marks the logical lines a run needs (the lines holding a trigger, every import, the names
//! those imports bind, the module docstring, `__all__`, suppression comments); a [`Mask`] then
//! hands tree-sitter those lines plus the skeleton that keeps them valid Python: the headers and
//! clauses of the compound statements around them, and for each run of statements left out a
//! stand-in statement `()` spanning the run (its `(` at the run's first byte of code, its `)`
//! at the last byte before the run's last newline; a `0` when the run is a single byte), so
//! that a block never ends up empty and a statement never looks adjacent to one it is not.
//! tree-sitter parses only those byte ranges (its included ranges), so node offsets are those
//! of the file itself.
//!
//! Name resolution on such a tree is exact only for names whose every occurrence lies in what
//! was parsed. [`Coverage`] answers that, and records the names a rewrite asked about that were
//! not covered: the pipeline then marks their lines too and parses again.

use crate::fix::{Edit, shift};
use crate::scan::{Kind, Scan, Stmt, bound_identifiers, import_names_at, word_occurrences};
use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;
use tree_sitter::Point;

/// Who needs a marked line: bit `g` for the group of rewrites `g` (its trigger words, the
/// lines it asks for), [`SHARED`] for every group (imports, what fixes wrote, the names
/// rewrites asked about). A group's query walks only its own lines and the shared ones.
pub type Owners = u64;

/// The owner bit of the lines every group needs.
pub const SHARED: Owners = 1 << 63;

/// The owner bit of group `group` (groups past the 63rd share [`SHARED`]).
pub fn owner_bit(group: usize) -> Owners {
    if group < 63 { 1 << group } else { SHARED }
}

/// The logical lines a run needs, and who needs them.
#[derive(Clone, Debug)]
pub struct Selection {
    /// For each logical line, who needs it (0: not marked).
    owners: Vec<Owners>,
    /// Words whose lines are marked, and for whom.
    words: Vec<(String, Owners)>,
    /// The file cannot be masked (a rewrite needs the scope around a module-level line).
    pub whole_file: bool,
}

impl Selection {
    /// Marks what every run needs: imports, the module docstring, `__all__` and suppression
    /// comments.
    pub fn new(text: &str, scan: &Scan) -> Selection {
        let mut selection = Selection {
            owners: vec![0; scan.lines.len()],
            words: Vec::new(),
            whole_file: false,
        };
        for (i, line) in scan.lines.iter().enumerate() {
            if line.kind == Kind::Import {
                selection.owners[i] |= SHARED;
            }
        }
        if let Some(first) = scan.body.first()
            && scan.lines[first.first].kind == Kind::Str
        {
            selection.owners[first.first] |= SHARED;
        }
        selection.mark_word(text, scan, "__all__", SHARED);
        for c in &scan.comments {
            let comment = &text[c.clone()];
            if comment.contains("snakeshift:") || comment.contains("noqa:") {
                // The line the comment is on, or (alone on its line) the line it covers.
                match scan.line_at(c.start) {
                    Some(i) => selection.owners[i] |= SHARED,
                    None => {
                        let next = scan.lines.partition_point(|l| l.start < c.end);
                        if let Some(m) = selection.owners.get_mut(next) {
                            *m |= SHARED;
                        }
                    }
                }
            }
        }
        selection
    }

    /// Marks for `owners` the logical line holding `offset` (a trigger word); with `scope`,
    /// the whole function or class around it (the file at module level). For an import, the
    /// lines using the names the word concerns are marked too ([`import_names_at`]).
    pub fn mark_offset(
        &mut self,
        text: &str,
        scan: &Scan,
        offset: usize,
        extent: Extent,
        owners: Owners,
    ) {
        let Some(i) = scan.line_at(offset) else {
            return;
        };
        self.owners[i] |= owners;
        let lines = match extent {
            Extent::Statement => None,
            Extent::Block => introduced_by(&scan.body, i).map(|s| s.first..=s.last),
            Extent::Scope => match enclosing_scope(text, scan, &scan.body, i) {
                Some(stmt) => Some(stmt.first..=stmt.last),
                None => {
                    self.whole_file = true;
                    None
                }
            },
        };
        for o in lines.map_or(&mut [][..], |l| &mut self.owners[l]) {
            *o |= owners;
        }
        let line = &scan.lines[i];
        if line.kind == Kind::Import {
            for name in import_names_at(&text[line.code..line.end], offset - line.code) {
                self.mark_word(text, scan, name, owners);
            }
        }
    }

    /// Marks for `owners` every logical line whose code `wanted` says yes to.
    pub fn mark_lines(
        &mut self,
        text: &str,
        scan: &Scan,
        wanted: fn(&str) -> bool,
        owners: Owners,
    ) {
        for (i, line) in scan.lines.iter().enumerate() {
            if self.owners[i] & owners != owners && wanted(&text[line.code..line.end]) {
                self.owners[i] |= owners;
            }
        }
    }

    /// Marks for every group each logical line overlapping `range` (text a fix wrote, to be
    /// checked).
    pub fn mark_range(&mut self, scan: &Scan, range: Range<usize>) {
        let first = scan.lines.partition_point(|l| l.end <= range.start);
        for (i, line) in scan.lines.iter().enumerate().skip(first) {
            if line.start > range.end || (line.start == range.end && !range.is_empty()) {
                break;
            }
            self.owners[i] |= SHARED;
        }
    }

    /// Marks for `owners` every logical line where `word` occurs as a whole word (once per
    /// word and owners).
    pub fn mark_word(&mut self, text: &str, scan: &Scan, word: &str, owners: Owners) {
        match self.words.iter_mut().find(|(w, _)| w == word) {
            Some((_, o)) if *o & owners == owners => return,
            Some((_, o)) => *o |= owners,
            None => self.words.push((word.to_owned(), owners)),
        }
        for at in word_occurrences(text.as_bytes(), word.as_bytes()) {
            if let Some(i) = scan.line_at(at) {
                self.owners[i] |= owners;
            }
        }
    }

    /// The byte ranges of the lines group `group`'s query needs to walk in a tree of this
    /// selection: its own lines and the shared ones, runs of lines joined, at most
    /// [`MAX_WALKED_RANGES`] (the closest runs joined first; walking a few more lines costs
    /// less than a walk from the root per range).
    pub fn walked_ranges(&self, scan: &Scan, group: usize) -> Vec<Range<usize>> {
        let wanted = owner_bit(group) | SHARED;
        // Runs of wanted lines, as line indices.
        let mut runs: Vec<(usize, usize)> = Vec::new();
        for (i, o) in self.owners.iter().enumerate() {
            if o & wanted == 0 {
                continue;
            }
            match runs.last_mut() {
                Some((_, last)) if *last + 1 == i => *last = i,
                _ => runs.push((i, i)),
            }
        }
        while runs.len() > MAX_WALKED_RANGES {
            let closest = (1..runs.len())
                .min_by_key(|&k| runs[k].0 - runs[k - 1].1)
                .expect("more than one run");
            runs[closest - 1].1 = runs[closest].1;
            runs.remove(closest);
        }
        runs.into_iter()
            .map(|(first, last)| scan.lines[first].start..scan.lines[last].end)
            .collect()
    }
}

/// The most ranges one group's query walk is split into ([`Selection::walked_ranges`]).
const MAX_WALKED_RANGES: usize = 16;

/// How much around a trigger [`Selection::mark_offset`] marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Extent {
    /// The logical line.
    Statement,
    /// The compound statement whose header (or decorator) holds the line.
    Block,
    /// The function or class around the line (the file at module level).
    Scope,
}

/// The compound statement that line `line` is a header, decorator or header continuation of:
/// the innermost statement holding the line outside its clauses' bodies, if compound.
fn introduced_by(stmts: &[Stmt], line: usize) -> Option<&Stmt> {
    let i = stmts.partition_point(|s| s.last < line);
    let stmt = stmts.get(i).filter(|s| s.first <= line)?;
    let in_body = stmt.clauses.iter().find(|c| {
        c.body
            .first()
            .zip(c.body.last())
            .is_some_and(|(first, last)| first.first <= line && line <= last.last)
    });
    match in_body {
        Some(clause) => introduced_by(&clause.body, line),
        None => stmt.is_compound().then_some(stmt),
    }
}

/// The innermost `def` or `class` statement around line `line` (for the header line of one,
/// the one around it; for a decorator, the decorated one): what a rewrite that follows local
/// names needs. `None` at module level.
fn enclosing_scope<'s>(
    text: &str,
    scan: &Scan,
    stmts: &'s [Stmt],
    line: usize,
) -> Option<&'s Stmt> {
    let i = stmts.partition_point(|s| s.last < line);
    let stmt = stmts.get(i).filter(|s| s.first <= line)?;
    let header = stmt.clauses.first()?.header;
    let is_scope = {
        let code = &text[scan.lines[header].code..];
        let code = code.strip_prefix("async").map_or(code, str::trim_start);
        code.starts_with("def") || code.starts_with("class")
    };
    let inner = stmt
        .clauses
        .iter()
        .find_map(|c| enclosing_scope(text, scan, &c.body, line));
    match inner {
        Some(inner) => Some(inner),
        None if is_scope && line != header => Some(stmt),
        None => None,
    }
}

/// What tree-sitter is given: the file's bytes with the bytes of each stand-in (`(` and `)`,
/// or a `0`) in place, and the ranges it reads.
pub struct Mask {
    pub bytes: Vec<u8>,
    pub ranges: Vec<tree_sitter::Range>,
    pub coverage: Coverage,
}

/// One included span of the file. A stand-in's span has one byte replaced (`stand_in`: the
/// offset and the byte the parser reads there instead of the file's).
#[derive(Clone, Debug)]
struct Span {
    range: Range<usize>,
    stand_in: Option<(usize, u8)>,
}

impl Mask {
    /// Whether `next` is this mask with the sorted, disjoint `edits` applied: the same spans,
    /// shifted, holding the same bytes but for what the edits wrote. A tree of this mask can
    /// then be parsed again incrementally into one of `next`.
    pub fn edited_into(&self, edits: &[Edit], next: &Mask) -> bool {
        let grown: isize = edits
            .iter()
            .map(|e| e.content.len() as isize - e.range.len() as isize)
            .sum();
        if self.bytes.len() as isize + grown != next.bytes.len() as isize
            || self.ranges.len() != next.ranges.len()
        {
            return false;
        }
        let same_spans = self.ranges.iter().zip(&next.ranges).all(|(old, new)| {
            shift(old.start_byte, edits) == new.start_byte
                && shift(old.end_byte, edits) == new.end_byte
        });
        if !same_spans {
            return false;
        }
        let (mut old_at, mut delta) = (0usize, 0isize);
        for e in edits {
            let new_at = (old_at as isize + delta) as usize;
            let kept = e.range.start - old_at;
            if self.bytes[old_at..e.range.start] != next.bytes[new_at..new_at + kept]
                || next.bytes[new_at + kept..new_at + kept + e.content.len()]
                    != *e.content.as_bytes()
            {
                return false;
            }
            old_at = e.range.end;
            delta += e.content.len() as isize - e.range.len() as isize;
        }
        let new_at = (old_at as isize + delta) as usize;
        self.bytes[old_at..] == next.bytes[new_at..]
    }

    /// The mask of `text` for `selection`; `None` when the whole file must be parsed.
    pub fn new(text: &str, scan: Rc<Scan>, selection: &Selection) -> Option<Mask> {
        if selection.whole_file || scan.irregular {
            return None;
        }
        let mut plan = Plan {
            text,
            scan: &scan,
            marked_before: prefix_sums(&selection.owners),
            spans: Vec::new(),
        };
        plan.block(&scan.body);
        let spans = plan.spans;
        let mut bytes = text.as_bytes().to_vec();
        for (at, patch) in spans.iter().filter_map(|s| s.stand_in) {
            bytes[at] = patch;
        }
        let newlines: Vec<usize> = memchr::memchr_iter(b'\n', text.as_bytes()).collect();
        let point = |offset: usize| {
            let row = newlines.partition_point(|&n| n < offset);
            let line_start = if row == 0 { 0 } else { newlines[row - 1] + 1 };
            Point::new(row, offset - line_start)
        };
        let ranges = spans
            .iter()
            .map(|s| tree_sitter::Range {
                start_byte: s.range.start,
                end_byte: s.range.end,
                start_point: point(s.range.start),
                end_point: point(s.range.end),
            })
            .collect();
        Some(Mask {
            bytes,
            ranges,
            coverage: Coverage {
                scan,
                spans,
                binders: OnceCell::new(),
                answers: RefCell::default(),
                missing: RefCell::default(),
            },
        })
    }
}

fn prefix_sums(owners: &[Owners]) -> Vec<usize> {
    let mut sums = Vec::with_capacity(owners.len() + 1);
    sums.push(0);
    for &o in owners {
        sums.push(sums.last().unwrap() + usize::from(o != 0));
    }
    sums
}

struct Plan<'a> {
    text: &'a str,
    scan: &'a Scan,
    marked_before: Vec<usize>,
    spans: Vec<Span>,
}

impl Plan<'_> {
    fn any_marked(&self, first: usize, last: usize) -> bool {
        self.marked_before[last + 1] > self.marked_before[first]
    }

    /// Emits one block's statements.
    fn block(&mut self, stmts: &[Stmt]) {
        let mut run: Option<(usize, usize)> = None;
        for s in stmts {
            if !self.any_marked(s.first, s.last) {
                run = Some((run.map_or(s.first, |(first, _)| first), s.last));
                continue;
            }
            if let Some((first, last)) = run.take() {
                self.stand_in(first, last);
            }
            if self.needs_whole(s) {
                self.lines(s.first, s.last);
                continue;
            }
            let first_header = s.clauses[0].header;
            if s.first < first_header {
                self.lines(s.first, first_header - 1);
            }
            for c in &s.clauses {
                self.lines(c.header, c.header);
                self.block(&c.body);
            }
        }
        if let Some((first, last)) = run {
            self.stand_in(first, last);
        }
    }

    /// A simple statement, a `match` (whose cases cannot be stood in for), or a statement
    /// with an inline body.
    fn needs_whole(&self, s: &Stmt) -> bool {
        if !s.is_compound() {
            return true;
        }
        let header = &self.scan.lines[s.clauses[0].header];
        self.text[header.code..].starts_with("match") || s.clauses.iter().any(|c| c.body.is_empty())
    }

    /// Includes logical lines `first..=last`, joined to the previous span when it ends where
    /// these begin (comment lines between them included).
    fn lines(&mut self, first: usize, last: usize) {
        let range = self.scan.span(first, last);
        if let Some(prev) = self.spans.last_mut()
            && prev.stand_in.is_none()
            && first > 0
            && prev.range.end == self.scan.lines[first - 1].end
        {
            prev.range.end = range.end;
            return;
        }
        self.spans.push(Span {
            range,
            stand_in: None,
        });
    }

    /// The stand-in for the statements on lines `first..=last`: `()` from the first byte of
    /// their code to the last byte before the last line's newline (what lies between is left
    /// out), so that the nodes around it, a block or a function, end where the statements
    /// left out end; `0` when they are a single byte.
    fn stand_in(&mut self, first: usize, last: usize) {
        let open = &self.scan.lines[first];
        let close = &self.scan.lines[last];
        let close_at = close.end - close.newline - 1;
        if close_at <= open.code {
            self.spans.push(Span {
                range: open.start..open.code + 1,
                stand_in: Some((open.code, b'0')),
            });
            if close.newline > 0 {
                self.spans.push(Span {
                    range: close.end - close.newline..close.end,
                    stand_in: Some((
                        close.end - close.newline,
                        self.text.as_bytes()[close.end - close.newline],
                    )),
                });
            }
            return;
        }
        self.spans.push(Span {
            range: open.start..open.code + 1,
            stand_in: Some((open.code, b'(')),
        });
        self.spans.push(Span {
            range: close_at..close.end,
            stand_in: Some((close_at, b')')),
        });
    }
}

/// Which names the masked parse resolves exactly, and which ones rewrites asked about that it
/// does not.
///
/// Two kinds of question: which bindings a name has (resolving a use needs every line that
/// may bind it, [`may_bind_at`]), and where a name is used (a binding's uses need every
/// occurrence in its scope).
#[derive(Debug)]
pub struct Coverage {
    scan: Rc<Scan>,
    spans: Vec<Span>,
    /// For each name, where lines left out of the parse may bind it (built on first use).
    binders: OnceCell<HashMap<String, Vec<usize>>>,
    answers: RefCell<HashMap<(String, usize, usize), bool>>,
    missing: RefCell<Vec<String>>,
}

impl Coverage {
    /// The scan of the text the mask was made of.
    pub(crate) fn scan(&self) -> &Scan {
        &self.scan
    }

    /// Records that an answer depends on every binding of `name` visible from byte `at`
    /// (`None`: anywhere). True when those were all parsed.
    pub fn require_bindings(&self, text: &str, name: &str, at: Option<usize>) -> bool {
        let key = (name.to_owned(), usize::MAX, at.unwrap_or(usize::MAX));
        self.answer(key, || {
            let binders = self.binders.get_or_init(|| self.binders(text));
            binders
                .get(name)
                .is_none_or(|found| found.iter().all(|&o| !self.visible(text, o, at)))
        })
    }

    /// Records that an answer depends on every use of `name` within `scope` (a byte range:
    /// the binding's scope). True when those were all parsed.
    pub fn require_uses(&self, text: &str, name: &str, scope: Range<usize>) -> bool {
        let key = (name.to_owned(), scope.start, scope.end);
        self.answer(key, || {
            word_occurrences(text.as_bytes(), name.as_bytes()).all(|o| {
                !scope.contains(&o) || self.parsed(o, name.len()) || self.scan.line_at(o).is_none()
            })
        })
    }

    fn answer(&self, key: (String, usize, usize), covered: impl FnOnce() -> bool) -> bool {
        if key.0.is_empty() {
            return true;
        }
        if let Some(&known) = self.answers.borrow().get(&key) {
            return known;
        }
        let name = key.0.clone();
        let covered = covered();
        self.answers.borrow_mut().insert(key, covered);
        if !covered && !self.missing.borrow().contains(&name) {
            self.missing.borrow_mut().push(name);
        }
        covered
    }

    /// Where the lines left out of the parse may bind each name.
    fn binders(&self, text: &str) -> HashMap<String, Vec<usize>> {
        let mut binders: HashMap<String, Vec<usize>> = HashMap::new();
        for line in &self.scan.lines {
            if self.parsed(line.code, 1) {
                continue;
            }
            for r in bound_identifiers(text, line) {
                binders
                    .entry(text[r.clone()].to_owned())
                    .or_default()
                    .push(r.start);
            }
        }
        binders
    }

    /// Whether a binding at `o`, left out of the parse, is visible from a use at `at`: not
    /// when it is local to a function or class that does not contain `at` (and declares
    /// nothing `global`).
    fn visible(&self, text: &str, o: usize, at: Option<usize>) -> bool {
        let (Some(at), Some(i)) = (at, self.scan.line_at(o)) else {
            return true;
        };
        match enclosing_scope(text, &self.scan, &self.scan.body, i) {
            Some(scope) => {
                let range = self.scan.span(scope.first, scope.last);
                range.contains(&at) || {
                    let body = &text[range];
                    body.contains("global") || body.contains("nonlocal")
                }
            }
            None => true,
        }
    }

    /// The names asked about that were not covered.
    pub fn missing(&self) -> Vec<String> {
        self.missing.borrow().clone()
    }

    /// Whether the `len` bytes at `offset` were parsed (not left out, not a stand-in).
    fn parsed(&self, offset: usize, len: usize) -> bool {
        let i = self.spans.partition_point(|s| s.range.end <= offset);
        self.spans.get(i).is_some_and(|s| {
            s.stand_in.is_none() && s.range.start <= offset && offset + len <= s.range.end
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{first_syntax_error, parse_masked};

    /// The parsed text: included bytes, with left-out ones shown as `.` (newlines kept).
    fn masked(text: &str, triggers: &[&str]) -> String {
        masked_with(text, triggers, Extent::Statement)
    }

    fn masked_with(text: &str, triggers: &[&str], extent: Extent) -> String {
        let scan = Scan::new(text);
        let mut selection = Selection::new(text, &scan);
        for t in triggers {
            for (at, _) in text.match_indices(t) {
                selection.mark_offset(text, &scan, at, extent, SHARED);
            }
        }
        let mask = Mask::new(text, Rc::new(scan), &selection).expect("maskable");
        let tree = parse_masked(&mask);
        assert!(
            first_syntax_error(&tree).is_none(),
            "{}",
            tree.root_node().to_sexp()
        );
        let mut shown: Vec<u8> = text
            .bytes()
            .map(|b| if b == b'\n' { b'\n' } else { b'.' })
            .collect();
        for r in &mask.ranges {
            shown[r.start_byte..r.end_byte].copy_from_slice(&mask.bytes[r.start_byte..r.end_byte]);
        }
        String::from_utf8(shown).unwrap()
    }

    /// The mask of `text` with the lines holding `triggers` marked.
    fn mask_of(text: &str, triggers: &[&str]) -> Mask {
        let scan = Scan::new(text);
        let mut selection = Selection::new(text, &scan);
        for t in triggers {
            for (at, _) in text.match_indices(t) {
                selection.mark_offset(text, &scan, at, Extent::Statement, SHARED);
            }
        }
        Mask::new(text, Rc::new(scan), &selection).expect("maskable")
    }

    #[test]
    fn a_mask_edited_by_fixes_is_parsed_again_incrementally_into_the_same_tree() {
        let text = "from typing import List\n\ndef f():\n    a = 1\n    x: List[int] = []\n    return a\n\nb = 2\n";
        let old = mask_of(text, &["List"]);
        let mut tree = parse_masked(&old);
        let at = text.find("List[int]").unwrap();
        let edits = vec![
            Edit::replace(
                text.find("List\n").unwrap()..text.find("List\n").unwrap() + 4,
                "Sequence",
            ),
            Edit::replace(at..at + 4, "list"),
        ];
        let mut new_text = text.to_string();
        for e in edits.iter().rev() {
            new_text.replace_range(e.range.clone(), &e.content);
        }
        // The trigger word is gone from the annotation: the fixes' lines are marked as
        // touched by the pipeline; here, by the new words.
        let new = mask_of(&new_text, &["Sequence", "list["]);
        assert!(old.edited_into(&edits, &new));
        let reparsed = crate::parse::reparse_masked(&mut tree, text, &edits, &new);
        assert_eq!(
            reparsed.root_node().to_sexp(),
            parse_masked(&new).root_node().to_sexp()
        );
        assert_eq!(
            reparsed.root_node().byte_range(),
            parse_masked(&new).root_node().byte_range()
        );
        // A mask that holds other lines is not the old one edited.
        let wider = mask_of(&new_text, &["Sequence", "list[", "b = 2"]);
        assert!(!old.edited_into(&edits, &wider));
        // Nor is one whose bytes differ outside the edits.
        assert!(!old.edited_into(&edits[..1], &new));
    }

    #[test]
    fn keeps_triggers_imports_headers_and_stands_in_for_the_rest() {
        let text = "\
\"\"\"Doc.\"\"\"
import os
from typing import List

X = {
    'a': 1,
}


class C(Base):
    attr = 1

    def f(self, x: List[int]):
        # a comment
        y = x
        return y

    def g(self):
        if a:
            pass
        else:
            return 2
";
        let shown = masked(text, &["List"]);
        let expected = [
            "\"\"\"Doc.\"\"\"",
            "import os",
            "from typing import List",
            "",
            "(....",
            "...........",
            ")",
            "",
            "",
            "class C(Base):",
            "    (......)",
            "",
            "    def f(self, x: List[int]):",
            "...................",
            "        (....",
            "...............)",
            "",
            "    (...........",
            ".............",
            "................",
            ".............",
            "...................)",
        ];
        assert_eq!(shown, expected.join("\n") + "\n");
    }

    #[test]
    fn clause_bodies_and_inline_bodies() {
        let text = "\
try:
    import a
except ImportError:
    a = None
if x: y = List
else: z = 1
for i in r:
    pass
";
        let shown = masked(text, &["List"]);
        let expected = [
            "try:",
            "    import a",
            "except ImportError:",
            "    (......)",
            "if x: y = List",
            "else: z = 1",
            "(..........",
            ".......)",
        ];
        assert_eq!(shown, expected.join("\n") + "\n");
    }

    #[test]
    fn a_block_trigger_takes_in_what_its_header_introduces() {
        let text = "\
class T:
    @decorate
    def test_a(self):
        return 1

    def other(self):
        x = 1
        try:
            pass
        finally:
            return x
";
        let shown = masked_with(text, &["@decorate", "finally"], Extent::Block);
        let expected = [
            "class T:",
            "    @decorate",
            "    def test_a(self):",
            "        return 1",
            "",
            "    def other(self):",
            "        (...)",
            "        try:",
            "            pass",
            "        finally:",
            "            return x",
        ];
        assert_eq!(shown, expected.join("\n") + "\n");
        // A simple statement in a body is only itself.
        let shown = masked_with(text, &["x = 1"], Extent::Block);
        assert!(
            shown.contains("        x = 1\n") && !shown.contains("return"),
            "{shown}"
        );
    }

    #[test]
    fn coverage_knows_which_names_were_parsed() {
        let text = "import a\nb = 1\nc = a + b\n";
        let scan = Scan::new(text);
        let mut selection = Selection::new(text, &scan);
        selection.mark_offset(
            text,
            &scan,
            text.find("c =").unwrap(),
            Extent::Statement,
            SHARED,
        );
        let mask = Mask::new(text, Rc::new(scan), &selection).unwrap();
        let c = &mask.coverage;
        assert!(c.require_uses(text, "a", 0..text.len()));
        assert!(!c.require_bindings(text, "b", Some(text.len() - 2)));
        assert!(c.require_uses(text, "b", 15..text.len()));
        assert_eq!(c.missing(), vec!["b".to_owned()]);
    }

    #[test]
    fn a_group_walks_its_own_lines_and_the_shared_ones() {
        let text = "import os\nx = a()\ny = 1\nz = b()\n\ndef f():\n    w = b(2)\n    v = a(3)\n";
        let scan = Scan::new(text);
        let mut selection = Selection::new(text, &scan);
        let (a, b) = (3, 40);
        for (at, _) in text.match_indices("a(") {
            selection.mark_offset(text, &scan, at, Extent::Statement, owner_bit(a));
        }
        for (at, _) in text.match_indices("b(") {
            selection.mark_offset(text, &scan, at, Extent::Statement, owner_bit(b));
        }
        let shown = |group: usize| -> Vec<&str> {
            selection
                .walked_ranges(&scan, group)
                .into_iter()
                .map(|r| text[r].trim())
                .collect()
        };
        assert_eq!(shown(a), ["import os\nx = a()", "v = a(3)"]);
        assert_eq!(shown(b), ["import os", "z = b()", "w = b(2)"]);
        // A group without a line of its own walks the shared ones.
        assert_eq!(shown(7), ["import os"]);
        // Walks are joined, the closest runs first, to at most MAX_WALKED_RANGES.
        let text: String = (0..40)
            .map(|i| format!("a{i} = a()\nb{i} = b()\n"))
            .collect();
        let scan = Scan::new(&text);
        let mut selection = Selection::new(&text, &scan);
        for (at, _) in text.match_indices("a()") {
            selection.mark_offset(&text, &scan, at, Extent::Statement, owner_bit(a));
        }
        let ranges = selection.walked_ranges(&scan, a);
        assert_eq!(ranges.len(), MAX_WALKED_RANGES);
        assert_eq!(ranges[0].start, 0);
        assert_eq!(ranges.last().unwrap().end, text.len() - "b39 = b()\n".len());
        assert!(ranges.windows(2).all(|w| w[0].end < w[1].start));
    }
}
