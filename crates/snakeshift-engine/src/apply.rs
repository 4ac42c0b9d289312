//! Applying fixes: non-overlapping selection, shared requests merged, conflicts deferred.

use crate::fix::{Edit, Fix};
use std::collections::HashMap;
use std::ops::Range;

/// The result of applying one pass of fixes.
#[derive(Debug)]
pub struct Applied {
    pub text: String,
    /// The edits actually written, sorted, in coordinates of the input text.
    pub edits: Vec<Edit>,
    /// Indices (into the input slice) of the fixes that were applied.
    pub applied: Vec<usize>,
    /// Indices of fixes that conflicted with an applied one; they are retried next pass.
    pub deferred: Vec<usize>,
}

/// Applies as many of `fixes` as can go together. Fixes are taken in order of their first edit;
/// one whose edits overlap or touch an accepted edit waits for the next pass. Identical edits,
/// and keyed edits with the same key and content, are written once (the earliest keyed one).
pub fn apply_fixes(text: &str, fixes: &[&Fix]) -> Applied {
    let (edits, applied, deferred) = select(text, fixes);
    Applied {
        text: splice(text, &edits),
        edits,
        applied,
        deferred,
    }
}

/// Whether all of `fixes` can go together in one pass: none would wait for the next.
pub fn all_apply(text: &str, fixes: &[&Fix]) -> bool {
    select(text, fixes).2.is_empty()
}

/// The edits [`apply_fixes`] writes, and the indices of the fixes applied and deferred.
fn select(text: &str, fixes: &[&Fix]) -> (Vec<Edit>, Vec<usize>, Vec<usize>) {
    let mut order: Vec<usize> = (0..fixes.len()).collect();
    order.sort_by_key(|&i| (fixes[i].start(), i));

    let mut accepted: Vec<Edit> = Vec::new();
    let mut keys: HashMap<&str, &str> = HashMap::new();
    let mut applied = Vec::new();
    let mut deferred = Vec::new();

    for i in order {
        let fix = fixes[i];
        if conflicts_with_itself(text, fix) {
            // A rewrite bug: such a fix could never apply. It stays pending, and the pipeline
            // reports the file as not converging, naming the rewrite.
            deferred.push(i);
            continue;
        }
        let mut fresh = Vec::new();
        let mut conflict = false;
        for edit in &fix.edits {
            if let Some(key) = edit.key.as_deref()
                && keys.get(key).is_some_and(|content| {
                    *content != edit.content || (edit.is_exclusive() && !accepted.contains(edit))
                })
            {
                conflict = true;
                break;
            }
            if accepted.contains(edit) {
                continue;
            }
            // Only edits of other fixes count: this fix's own edits may touch (a name
            // deleted at the end of a file, with a line inserted right after it), and
            // `conflicts_with_itself` has already refused those that overlap.
            if accepted.iter().any(|other| conflicts(text, edit, other)) {
                conflict = true;
                break;
            }
            fresh.push(edit.clone());
        }
        if conflict {
            deferred.push(i);
            continue;
        }
        for edit in &fix.edits {
            if let Some(key) = edit.key.as_deref() {
                keys.insert(key, edit.content.as_str());
            }
        }
        accepted.extend(fresh);
        applied.push(i);
    }

    (merge_keyed(accepted), applied, deferred)
}

fn conflicts_with_itself(text: &str, fix: &Fix) -> bool {
    fix.edits.iter().enumerate().any(|(i, a)| {
        fix.edits[i + 1..].iter().any(|b| {
            a != b
                && !(a.range.end <= b.range.start || b.range.end <= a.range.start)
                && conflicts(text, a, b)
        })
    })
}

/// Keeps one edit per key: the earliest, so an added import precedes every use that asked.
fn merge_keyed(edits: Vec<Edit>) -> Vec<Edit> {
    let mut first: HashMap<String, usize> = HashMap::new();
    for e in edits.iter().filter(|e| !e.is_exclusive()) {
        if let Some(k) = &e.key {
            let at = first.entry(k.clone()).or_insert(e.range.start);
            *at = (*at).min(e.range.start);
        }
    }
    let mut kept: Vec<Edit> = Vec::with_capacity(edits.len());
    for e in edits {
        if let Some(k) = e.key.as_ref().filter(|_| !e.is_exclusive())
            && (first[k] != e.range.start || kept.iter().any(|x| x.key == e.key))
        {
            continue;
        }
        if !kept.contains(&e) {
            kept.push(e);
        }
    }
    // At one position, definitions added to a module go after the imports added there.
    kept.sort_by_key(|e| (e.range.start, e.range.end, e.is_definition()));
    kept
}

/// Two edits conflict when they overlap or touch, except that whole-line insertions may sit
/// at the boundary of another edit (or share a position with another line insertion).
fn conflicts(text: &str, a: &Edit, b: &Edit) -> bool {
    let (ra, rb) = (&a.range, &b.range);
    if a.is_line_insertion(text) || b.is_line_insertion(text) {
        let (ins, other) = if a.is_line_insertion(text) {
            (ra.start, rb)
        } else {
            (rb.start, ra)
        };
        return strictly_inside(ins, other);
    }
    ra.start <= rb.end && rb.start <= ra.end
}

fn strictly_inside(at: usize, range: &Range<usize>) -> bool {
    range.start < at && at < range.end
}

/// Writes sorted, non-overlapping edits into `text`.
pub fn splice(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut last = 0;
    for e in edits {
        out.push_str(&text[last..e.range.start]);
        out.push_str(&e.content);
        last = e.range.end;
    }
    out.push_str(&text[last..]);
    out
}

/// Maps offsets of a rewritten text back to the text before one or more passes of edits.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    passes: Vec<Vec<(Range<usize>, usize)>>,
}

impl SourceMap {
    /// Records one pass: its edits in coordinates of the text before the pass.
    pub fn push_pass(&mut self, edits: &[Edit]) {
        self.passes.push(
            edits
                .iter()
                .map(|e| (e.range.clone(), e.content.len()))
                .collect(),
        );
    }

    /// The original offset of `offset` in the latest text (offsets inside inserted text map
    /// to the start of the edit that inserted it).
    pub fn to_original(&self, mut offset: usize) -> usize {
        for pass in self.passes.iter().rev() {
            offset = map_back(pass, offset);
        }
        offset
    }

    /// The original range of `range` in the latest text, when it maps exactly: `None` when it
    /// overlaps text an earlier pass wrote (or spans a place where a pass deleted text), so
    /// that the same edit cannot be made on the original.
    pub fn range_to_original(&self, range: &Range<usize>) -> Option<Range<usize>> {
        let (mut start, mut end) = (range.start, range.end);
        for pass in self.passes.iter().rev() {
            let mut delta: isize = 0;
            for (old, new_len) in pass {
                let new_start = (old.start as isize + delta) as usize;
                if start < new_start + new_len && end > new_start {
                    return None;
                }
                delta += *new_len as isize - old.len() as isize;
            }
            start = map_back(pass, start);
            end = map_back(pass, end);
        }
        Some(start..end)
    }
}

fn map_back(edits: &[(Range<usize>, usize)], offset: usize) -> usize {
    let mut delta: isize = 0;
    for (range, new_len) in edits {
        let new_start = (range.start as isize + delta) as usize;
        if offset < new_start {
            break;
        }
        if offset < new_start + new_len {
            return range.start;
        }
        delta += *new_len as isize - range.len() as isize;
    }
    (offset as isize - delta) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::Applicability;

    fn fix(edits: Vec<Edit>) -> Fix {
        Fix::new("t", Applicability::Safe, edits)
    }

    #[test]
    fn applies_disjoint_and_defers_overlapping() {
        let text = "aaa bbb ccc";
        let f1 = fix(vec![Edit::replace(0..3, "x")]);
        let f2 = fix(vec![Edit::replace(2..5, "y")]);
        let f3 = fix(vec![Edit::replace(8..11, "z")]);
        let out = apply_fixes(text, &[&f1, &f2, &f3]);
        assert_eq!(out.text, "x bbb z");
        assert_eq!(out.applied, vec![0, 2]);
        assert_eq!(out.deferred, vec![1]);
    }

    #[test]
    fn touching_edits_conflict() {
        let f1 = fix(vec![Edit::replace(0..3, "x")]);
        let f2 = fix(vec![Edit::insert(3, "y")]);
        let out = apply_fixes("aaabbb", &[&f1, &f2]);
        assert_eq!(out.text, "xbbb");
        assert_eq!(out.deferred, vec![1]);
    }

    #[test]
    fn edits_of_one_fix_may_touch() {
        // A name deleted at the very end of a file without a final newline, and the import
        // that replaces it inserted right after: one fix, applied at once.
        let text = "from m import a, b";
        let f = fix(vec![
            Edit::replace(15..18, ""),
            Edit::insert(18, "\nfrom n import b"),
        ]);
        let out = apply_fixes(text, &[&f]);
        assert_eq!(out.text, "from m import a\nfrom n import b");
        assert_eq!(out.applied, vec![0]);
    }

    #[test]
    fn identical_edits_merge() {
        let text = "import a\nx\n";
        let add = Edit::insert(9, "import b\n");
        let f1 = fix(vec![add.clone(), Edit::replace(9..10, "y")]);
        let f2 = fix(vec![add]);
        let out = apply_fixes(text, &[&f1, &f2]);
        assert_eq!(out.text, "import a\nimport b\ny\n");
        assert_eq!(out.applied, vec![0, 1]);
    }

    #[test]
    fn line_insertions_share_a_position() {
        let text = "import a\nx\n";
        let f1 = fix(vec![Edit::insert(9, "import b\n")]);
        let f2 = fix(vec![
            Edit::insert(9, "import c\n"),
            Edit::replace(9..10, "z"),
        ]);
        let out = apply_fixes(text, &[&f1, &f2]);
        assert_eq!(out.text, "import a\nimport b\nimport c\nz\n");
    }

    #[test]
    fn keyed_edits_keep_the_earliest() {
        let text = "l0\nl1\nl2\n";
        let f1 = fix(vec![
            Edit::insert(6, "import s\n").keyed("s"),
            Edit::replace(6..8, "A"),
        ]);
        let f2 = fix(vec![
            Edit::insert(3, "import s\n").keyed("s"),
            Edit::replace(3..5, "B"),
        ]);
        let out = apply_fixes(text, &[&f1, &f2]);
        assert_eq!(out.text, "l0\nimport s\nB\nA\n");
    }

    #[test]
    fn keyed_edits_with_other_content_conflict() {
        let f1 = fix(vec![Edit::insert(0, "from a import x\n").keyed("x")]);
        let f2 = fix(vec![Edit::insert(2, "from b import x\n").keyed("x")]);
        let out = apply_fixes("y\nz\n", &[&f1, &f2]);
        assert_eq!(out.deferred, vec![1]);
    }

    #[test]
    fn deletions_from_one_block_wait_for_each_other() {
        let text = "if c:\n    import a\n    # c\n    import b\n";
        let f1 = fix(vec![Edit::delete(6..19).in_block(6)]);
        let f2 = fix(vec![Edit::delete(28..41).in_block(6)]);
        let out = apply_fixes(text, &[&f1, &f2]);
        assert_eq!(out.applied, vec![0]);
        assert_eq!(out.deferred, vec![1]);
        // The same deletion asked for twice is still one request.
        let out = apply_fixes(text, &[&f1, &f1.clone()]);
        assert_eq!(out.applied, vec![0, 1]);
        assert_eq!(out.text, "if c:\n    # c\n    import b\n");
    }

    #[test]
    fn source_map_walks_back_through_passes() {
        let mut map = SourceMap::default();
        // "abcdef" -> "abXXXef" (replace "cd") -> "YabXXXef"
        map.push_pass(&[Edit::replace(2..4, "XXX")]);
        map.push_pass(&[Edit::insert(0, "Y")]);
        assert_eq!(map.to_original(0), 0);
        assert_eq!(map.to_original(1), 0);
        assert_eq!(map.to_original(4), 2);
        assert_eq!(map.to_original(7), 5);
        // Outside the written text, ranges map exactly; inside it, or across a deletion, not.
        assert_eq!(map.range_to_original(&(6..8)), Some(4..6));
        assert_eq!(map.range_to_original(&(1..3)), Some(0..2));
        assert_eq!(map.range_to_original(&(3..4)), None);
        assert_eq!(map.range_to_original(&(0..1)), None);
        let mut deleted = SourceMap::default();
        deleted.push_pass(&[Edit::delete(2..4)]);
        assert_eq!(deleted.range_to_original(&(2..2)), Some(4..4));
        assert_eq!(deleted.range_to_original(&(1..3)), None);
    }
}
