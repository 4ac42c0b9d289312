//! The fix model: edits, fixes with an applicability, and findings.

use std::fmt;
use std::ops::Range;

/// How far a fix can be trusted. Ordered so that `fix.applicability >= required` decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Applicability {
    /// Shown to the user, never applied.
    DisplayOnly,
    /// Valid code, but behaviour may change: applied only with `--unsafe`.
    Unsafe,
    /// Same behaviour: applied by `--apply`.
    Safe,
}

impl fmt::Display for Applicability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Applicability::DisplayOnly => "display-only",
            Applicability::Unsafe => "unsafe",
            Applicability::Safe => "safe",
        })
    }
}

const DEFINITION_KEY: &str = "define:";
const BLOCK_KEY: &str = "block:";

/// Replace a byte range of the source with new text. An empty range inserts, empty text deletes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub content: String,
    /// Edits with the same key are one request made by several fixes (an import added for two
    /// uses): the earliest one is kept. The same key with different content is a conflict.
    pub key: Option<String>,
}

impl Edit {
    pub fn replace(range: Range<usize>, content: impl Into<String>) -> Self {
        Edit {
            range,
            content: content.into(),
            key: None,
        }
    }

    pub fn insert(at: usize, content: impl Into<String>) -> Self {
        Edit::replace(at..at, content)
    }

    pub fn delete(range: Range<usize>) -> Self {
        Edit::replace(range, "")
    }

    /// Marks the edit as a shared request (see [`Edit::key`]).
    pub fn keyed(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }

    /// Marks the insertion of a module-level definition, keyed by the name it defines.
    pub fn definition(at: usize, name: &str, content: impl Into<String>) -> Self {
        Edit::insert(at, content).keyed(format!("{DEFINITION_KEY}{name}"))
    }

    /// Marks the deletion of a statement from the block starting at `block`: two fixes that
    /// delete statements of one block wait for each other, each computed as if the other
    /// statements stayed (deleting every statement would leave the block empty, which only
    /// a fix that sees it can fill with `pass`).
    pub fn in_block(self, block: usize) -> Self {
        self.keyed(format!("{BLOCK_KEY}{block}"))
    }

    /// Whether two fixes asking for this edit's key conflict whatever they write
    /// ([`Edit::in_block`]).
    pub fn is_exclusive(&self) -> bool {
        self.key
            .as_deref()
            .is_some_and(|k| k.starts_with(BLOCK_KEY))
    }

    /// A definition inserted with [`Edit::definition`].
    pub fn is_definition(&self) -> bool {
        self.key
            .as_deref()
            .is_some_and(|k| k.starts_with(DEFINITION_KEY))
    }

    pub fn is_insertion(&self) -> bool {
        self.range.is_empty()
    }

    /// An insertion of whole lines at the start of a line: it cannot glue to its neighbours.
    pub fn is_line_insertion(&self, text: &str) -> bool {
        let at = self.range.start;
        self.is_insertion()
            && (at == 0 || matches!(text.as_bytes().get(at - 1), Some(b'\n' | b'\r')))
            && self.content.ends_with(['\n', '\r'])
    }
}

/// Edits that must be applied together.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
    pub applicability: Applicability,
    /// The fix only deletes imports that nothing uses any more, and applying it gives no
    /// rewrite of its own group anything new to do: a pass that applies nothing else needs no
    /// pass to confirm it where only that group is active (see the pipeline). The typing
    /// rewrites' import removals are such fixes.
    pub cleanup: bool,
    /// The fix writes a final form: nothing any rewrite of its group acts on (`X | None` for
    /// `Optional[X]`, `list` for `List`, `from collections.abc import Callable` for the name
    /// moved out of a `typing` import), and it removes uses of names only where its edits
    /// replace them. A pass whose fixes are all such fixes can remove the imports they leave
    /// unused itself and need no pass after it (see the pipeline's anticipated cleanups).
    pub final_form: bool,
}

impl Fix {
    pub fn new(title: impl Into<String>, applicability: Applicability, edits: Vec<Edit>) -> Self {
        let mut edits = edits;
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        Fix {
            title: title.into(),
            edits,
            applicability,
            cleanup: false,
            final_form: false,
        }
    }

    /// The fix marked as one that only deletes imports nothing uses any more (see
    /// [`Fix::cleanup`]).
    pub fn as_cleanup(mut self) -> Self {
        self.cleanup = true;
        self
    }

    /// The fix marked as writing a final form (see [`Fix::final_form`]).
    pub fn as_final(mut self) -> Self {
        self.final_form = true;
        self
    }

    pub fn safe(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix::new(title, Applicability::Safe, edits)
    }

    pub fn unsafe_(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix::new(title, Applicability::Unsafe, edits)
    }

    /// The first byte any edit touches.
    pub fn start(&self) -> usize {
        self.edits.iter().map(|e| e.range.start).min().unwrap_or(0)
    }
}

/// Something a rewrite found: a message at a range, with a fix or the reason there is none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub rewrite: &'static str,
    pub range: Range<usize>,
    pub message: String,
    pub fix: Option<Fix>,
    /// Why the fix is unsafe, or why there is no fix; shown with the finding.
    pub note: Option<String>,
}

impl Finding {
    pub fn new(rewrite: &'static str, range: Range<usize>, message: impl Into<String>) -> Self {
        Finding {
            rewrite,
            range,
            message: message.into(),
            fix: None,
            note: None,
        }
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    pub fn applicability(&self) -> Option<Applicability> {
        self.fix.as_ref().map(|f| f.applicability)
    }
}

/// Where offset `at` of a text lands once sorted, disjoint `edits` are applied (the start of
/// an edit for an offset inside it).
pub(crate) fn shift(at: usize, edits: &[Edit]) -> usize {
    let mut delta: isize = 0;
    for e in edits {
        if e.range.end <= at && !(e.range.is_empty() && e.range.start == at) {
            delta += e.content.len() as isize - e.range.len() as isize;
        } else if e.range.start < at {
            return (e.range.start as isize + delta) as usize;
        } else {
            break;
        }
    }
    (at as isize + delta) as usize
}
