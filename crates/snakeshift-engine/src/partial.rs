//! The partial-parse state of one file's run (ARCHITECTURE.md §5): which lines the passes
//! parse, how that grows when rewrites ask about names used in lines left out (widening), and
//! the tree of each pass, masked or whole.

use crate::apply::Applied;
use crate::fix::{Edit, shift};
use crate::mask::{Coverage, Mask, SHARED, Selection};
use crate::parse::{first_syntax_error, parse, parse_masked, reparse, reparse_masked};
use crate::pipeline::Engine;
use crate::rewrite::FileInfo;
use crate::scan::Scan;
use crate::version::VersionWindow;
use std::ops::Range;
use std::rc::Rc;
use tree_sitter::Tree;

/// Times a masked parse is widened to the names rewrites asked about before the whole file
/// is parsed instead.
const MAX_WIDENINGS: usize = 8;

/// The tree of one pass: of the whole file, or of the part a mask selects.
pub(crate) enum View {
    Full(Tree),
    Masked {
        tree: Tree,
        mask: Box<Mask>,
        /// The lines the mask was made of, and who needs them.
        selection: Box<Selection>,
    },
}

impl View {
    pub(crate) fn tree(&self) -> &Tree {
        match self {
            View::Full(tree) | View::Masked { tree, .. } => tree,
        }
    }

    pub(crate) fn coverage(&self) -> Option<&Coverage> {
        match self {
            View::Full(_) => None,
            View::Masked { mask, .. } => Some(&mask.coverage),
        }
    }

    pub(crate) fn is_masked(&self) -> bool {
        matches!(self, View::Masked { .. })
    }

    /// The byte ranges group `group`'s query walks in this tree: the lines its own trigger
    /// words marked and those every group needs ([`Selection::walked_ranges`]); `None` for
    /// the whole tree. The lines other groups marked hold nothing for it: a run of this
    /// group alone would not have parsed them.
    pub(crate) fn walked_ranges(&self, group: usize) -> Option<Vec<Range<usize>>> {
        match self {
            View::Full(_) => None,
            View::Masked {
                mask, selection, ..
            } => Some(selection.walked_ranges(mask.coverage.scan(), group)),
        }
    }
}

/// What the passes of one file parse: the lines the active rewrites need (while `masking`),
/// grown by the words rewrites asked about and the lines fixes wrote; else the whole text.
pub(crate) struct PartialParse<'e> {
    engine: &'e Engine,
    file: &'e FileInfo,
    versions: VersionWindow,
    /// Parse only the lines the run needs: off for good once that is not possible (the
    /// scan finds indentation Python rejects, a masked parse has an error, too many
    /// widenings, or a rewrite needing the whole file joins the run).
    masking: bool,
    /// Words whose lines the rewrites asked about (see [`Coverage::missing`]).
    words: Vec<String>,
    /// The ranges fixes wrote, in the current text: parsed in the next pass, to check them.
    touched: Vec<Range<usize>>,
    /// The scan and base selection of the current text, kept while only widening.
    base: Option<(Rc<Scan>, Selection)>,
    widenings: usize,
}

impl<'e> PartialParse<'e> {
    /// The partial parse of a file, with the scan activation made of `text` when it is the
    /// text of the file's bytes.
    pub(crate) fn new(
        engine: &'e Engine,
        file: &'e FileInfo,
        versions: VersionWindow,
        masking: bool,
        text: &str,
        active: &[bool],
        scan: Option<Scan>,
    ) -> Self {
        let base = scan
            .filter(|_| masking)
            .map(|scan| engine.base_selection(text, active, &[], scan, file, versions));
        PartialParse {
            engine,
            file,
            versions,
            masking,
            words: Vec::new(),
            touched: Vec::new(),
            base,
            widenings: 0,
        }
    }

    /// The tree of a pass over `text`: of the lines the run needs while masking (which is
    /// turned off when that is not possible), else of the whole text.
    pub(crate) fn view(&mut self, text: &str, active: &[bool]) -> View {
        self.view_after(text, active, None)
    }

    /// [`PartialParse::view`] of `text`, made by `edits` from the text of a `previous` masked
    /// tree, which is parsed again incrementally when its mask, edited, is the new one.
    fn view_after(&mut self, text: &str, active: &[bool], previous: Option<Previous<'_>>) -> View {
        if self.masking {
            match self.masked_view(text, active, previous) {
                Some(view) => return view,
                None => self.masking = false,
            }
        }
        View::Full(parse(text))
    }

    /// The same pass again over more lines: those using `missing`, the names rewrites asked
    /// about in lines left out (the whole text after [`MAX_WIDENINGS`]).
    pub(crate) fn widen(
        &mut self,
        text: &str,
        active: &[bool],
        missing: impl IntoIterator<Item = String>,
    ) -> View {
        self.words.extend(missing);
        self.widenings += 1;
        if self.widenings > MAX_WIDENINGS {
            self.masking = false;
        }
        self.view(text, active)
    }

    /// A rewrite that needs every file whole joined the run.
    pub(crate) fn stop_masking_if(&mut self, whole: bool) {
        self.masking &= !whole;
    }

    /// Records where a pass's fixes wrote (`result`, made from `text`), so that the next
    /// pass parses those lines.
    pub(crate) fn fixes_applied(&mut self, result: &Applied) {
        self.touched = self
            .touched
            .iter()
            .map(|r| shift(r.start, &result.edits)..shift(r.end, &result.edits))
            .chain(written(&result.edits))
            .collect();
    }

    /// Turns `view`, the tree of `text`, into the tree of the pass after fixes turned `text`
    /// into `result`: the old tree edited and parsed again incrementally when both are whole,
    /// else a new view (`scan` is the scan of the result, when activation made one).
    pub(crate) fn after_fixes(
        &mut self,
        view: &mut View,
        text: &str,
        result: &Applied,
        active: &[bool],
        scan: Option<Scan>,
    ) {
        match view {
            View::Full(tree) if !self.masking => {
                *tree = reparse(tree, text, &result.edits, &result.text);
            }
            _ => {
                self.base = scan.filter(|_| self.masking).map(|scan| {
                    self.engine.base_selection(
                        &result.text,
                        active,
                        &self.touched,
                        scan,
                        self.file,
                        self.versions,
                    )
                });
                let previous = match view {
                    View::Masked { tree, mask, .. } => Some(Previous {
                        tree,
                        mask,
                        text,
                        edits: &result.edits,
                    }),
                    View::Full(_) => None,
                };
                *view = self.view_after(&result.text, active, previous);
            }
        }
    }

    /// The masked parse of the lines holding the active rewrites' trigger words (and what
    /// [`Selection`] adds), the lines using the asked-about words and the lines fixes wrote.
    /// `None` when the file cannot be masked, or when the masked parse has a syntax error
    /// (the whole parse then decides).
    fn masked_view(
        &mut self,
        text: &str,
        active: &[bool],
        previous: Option<Previous<'_>>,
    ) -> Option<View> {
        let (engine, touched, file, versions) =
            (self.engine, &self.touched, self.file, self.versions);
        let (scan, base_selection) = self.base.get_or_insert_with(|| {
            engine.base_selection(text, active, touched, Scan::new(text), file, versions)
        });
        let scan = Rc::clone(scan);
        let mut selection = base_selection.clone();
        for word in &self.words {
            selection.mark_word(text, &scan, word, SHARED);
        }
        let mask = Mask::new(text, scan, &selection)?;
        let tree = match previous {
            Some(p) if p.mask.edited_into(p.edits, &mask) => {
                reparse_masked(p.tree, p.text, p.edits, &mask)
            }
            _ => parse_masked(&mask),
        };
        if first_syntax_error(&tree).is_some() {
            return None;
        }
        Some(View::Masked {
            tree,
            mask: Box::new(mask),
            selection: Box::new(selection),
        })
    }
}

/// The masked tree of a pass, and the edits its fixes made to its text.
struct Previous<'a> {
    tree: &'a mut Tree,
    mask: &'a Mask,
    text: &'a str,
    edits: &'a [Edit],
}

/// The ranges sorted, disjoint `edits` wrote, in the text they produce.
fn written(edits: &[Edit]) -> Vec<Range<usize>> {
    let mut delta: isize = 0;
    edits
        .iter()
        .map(|e| {
            let start = (e.range.start as isize + delta) as usize;
            delta += e.content.len() as isize - e.range.len() as isize;
            start..start + e.content.len()
        })
        .collect()
}
