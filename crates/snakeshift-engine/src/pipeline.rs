//! One file from bytes to outcome: prefilter, parse, one combined query per pass, fixes applied
//! to a fixed point, and a final check that the result still parses.

use crate::activation::{Probe, Shared};
use crate::apply::{Applied, SourceMap, all_apply, apply_fixes};
use crate::compiles::Verdict;
use crate::fix::{Applicability, Edit, Finding, shift};
use crate::mask::{Coverage, Extent, Selection, owner_bit};
use crate::parse::{first_syntax_error, language, parse, reparse};
use crate::partial::{PartialParse, View};
use crate::rewrite::{Context, FileInfo, Match, Original, Reach, Rewrite, RewriteOptions, Stage};
use crate::scan::Scan;
use crate::source::{LineIndex, Source};
use crate::suppress::Suppressions;
use crate::version::VersionWindow;
use aho_corasick::{AhoCorasick, AhoCorasickKind};
use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::ops::Range;
use std::rc::Rc;
use std::sync::OnceLock;
use streaming_iterator::StreamingIterator;
use tree_sitter::{Query, QueryCursor};

/// Passes before a file is declared not to converge.
const MAX_PASSES: usize = 100;

/// A finding or an applied fix, located in the original text and in the result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reported {
    pub rewrite: &'static str,
    pub message: String,
    pub note: Option<String>,
    /// The fix's title, if the finding has a fix.
    pub fix_title: Option<String>,
    pub applicability: Option<Applicability>,
    /// Byte range in the original file.
    pub range: Range<usize>,
    /// 1-based (line, column) in the original file.
    pub start: (usize, usize),
    pub end: (usize, usize),
    /// 1-based (line, column) in the rewritten file, where there is one.
    pub start_in_result: (usize, usize),
    /// The fix's edits, located in the original text; `None` without a fix, or when an edit
    /// falls on text that an earlier fix wrote (a fix that exists only because of another).
    pub edits: Option<Vec<Edit>>,
}

/// A fix offered to [`Engine::process_accepting`]'s filter.
pub struct Candidate<'a> {
    pub rewrite: &'static str,
    /// Its edits located in the original text; `None` when one falls on text an earlier fix
    /// wrote.
    pub edits: Option<&'a [Edit]>,
}

/// Why a file could not be processed; nothing is written for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileError {
    /// Not decodable (encoding) or an I/O problem.
    Unreadable(String),
    /// The file does not parse.
    Syntax { line: usize, column: usize },
    /// Nested deeper than name resolution follows.
    TooDeep,
    /// Fixes kept changing the file.
    NotConverged { rewrites: Vec<&'static str> },
    /// The fixes produced code that does not parse: a snakeshift bug, reverted.
    BrokeSyntax { rewrites: Vec<&'static str> },
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FileError::Unreadable(why) => f.write_str(why),
            FileError::Syntax { line, column } => write!(
                f,
                "snakeshift's parser cannot read this file at line {line}, column {column} (a syntax error, or syntax it does not support); file left untouched"
            ),
            FileError::TooDeep => f.write_str("nested too deeply to analyse; file left untouched"),
            FileError::NotConverged { rewrites } => write!(
                f,
                "fixes did not converge ({}); file left untouched, please report this bug",
                rewrites.join(", ")
            ),
            FileError::BrokeSyntax { rewrites } => write!(
                f,
                "fixes produced invalid syntax ({}); file left untouched, please report this bug",
                rewrites.join(", ")
            ),
        }
    }
}

/// What happened to one file.
#[derive(Clone, Debug, Default)]
pub struct FileOutcome {
    pub original: Vec<u8>,
    /// The new bytes, when they differ from the original.
    pub rewritten: Option<Vec<u8>>,
    /// Fixes applied to reach `rewritten`.
    pub applied: Vec<Reported>,
    /// Findings left: fixes below the required applicability, or no fix at all.
    pub remaining: Vec<Reported>,
    pub error: Option<FileError>,
}

impl FileOutcome {
    /// The outcome of a file left untouched because of `error`.
    fn failed(mut self, error: FileError) -> FileOutcome {
        self.error = Some(error);
        self
    }
}

/// The filter of [`Engine::process_accepting`].
type Accept<'f> = Option<&'f dyn Fn(&Candidate<'_>) -> bool>;

/// One file's run, pass by pass, from its first parse to [`Run::conclude`].
struct Run<'a> {
    engine: &'a Engine,
    file: &'a FileInfo,
    versions: VersionWindow,
    source: &'a Source,
    original: &'a str,
    /// Facts about the original text, kept from pass to pass.
    facts: Original<'a>,
    /// The rewrites that run on the file (more may join after fixes).
    active: Vec<bool>,
    parsing: PartialParse<'a>,
    /// The text the passes have made so far.
    text: String,
    /// The tree of the current pass.
    view: View,
    /// From `text` back to the original text.
    map: SourceMap,
    /// The hash of every text the run has made: one made again means fixes go round in
    /// circles.
    seen: HashSet<u64>,
    /// Each applied fix, with its range and edits in the original text where they map.
    applied: Vec<(Finding, Range<usize>, Option<Vec<Edit>>)>,
    /// Rewrites whose fixes were still deferred.
    pending: Vec<&'static str>,
    /// What the last pass found and did not apply.
    remaining: Vec<Finding>,
    /// Passes that applied fixes (a pass run again over more lines counts once).
    passes: usize,
    converged: bool,
    /// A pass left a syntax error.
    broken: bool,
    /// The first pass parsed part of the file: a syntax error may lie in lines it left out.
    started_masked: bool,
}

/// What a pass ([`Run::pass`]) leads to.
enum Step {
    /// The rewrites asked about names used in lines the parse left out: the same pass again
    /// with those lines parsed too ([`Run::widen`]).
    Widen(Vec<String>),
    /// The next pass, over the text the fixes wrote.
    Again,
    /// The run is over, at its fixed point or not ([`Run::conclude`] tells).
    Done,
}

/// What the rewrites found in one pass ([`Run::find`]).
enum Found {
    /// Names they asked about in lines the parse left out.
    Missing(Vec<String>),
    /// No fix to apply: all of it remains (unused suppressions included).
    Nothing(Vec<Finding>),
    /// Fixes to apply, and the rest.
    Fixes {
        fixable: Vec<Finding>,
        rest: Vec<Finding>,
        /// The cleanups of the fixes were found with them ([`Engine::anticipate_cleanups`]).
        anticipated: bool,
    },
}

/// The selected rewrites, their prefilter, and their queries: one per group of rewrites
/// (`typing`, `distutils`…, which often match in the same files and share patterns), compiled
/// the first time a file activates one of its rewrites. Compiling every query costs ~0.2 s,
/// so a run over a few files (pre-commit, an editor) pays only for the groups it meets, and a
/// file is walked once per group it activates.
pub struct Engine {
    rewrites: Vec<&'static dyn Rewrite>,
    /// The group of each rewrite (an index into `groups`).
    group_of: Vec<usize>,
    groups: Vec<OnceLock<GroupQuery>>,
    prefilter: AhoCorasick,
    /// The rewrites each prefilter pattern (a distinct trigger word) belongs to.
    trigger_owners: Vec<Vec<usize>>,
    required: Applicability,
    options: RewriteOptions,
    /// Parse only the parts of files the run needs (see [`crate::mask`]).
    partial: bool,
    /// Look closer at triggered files before running a rewrite on them (see
    /// [`crate::activation`]).
    precise: bool,
    /// Run a pass after every pass that applied fixes, even one that only removed imports
    /// left unused (see [`crate::fix::Fix::cleanup`]).
    confirm_every_pass: bool,
    /// [`Engine::fingerprint`], once the engine is configured.
    fingerprint: OnceLock<String>,
}

/// The queries of one group's rewrites compiled together.
struct GroupQuery {
    query: Query,
    /// For each pattern of the query: every (rewrite index, pattern index in that rewrite's
    /// query) it stands for (rewrites of a group often share patterns: every distutils
    /// rewrite matches the same import statements).
    owners: Vec<Vec<(usize, usize)>>,
}

impl GroupQuery {
    fn compile(rewrites: &[&'static dyn Rewrite], members: impl Iterator<Item = usize>) -> Self {
        let mut source = String::new();
        let mut owners: Vec<Vec<(usize, usize)>> = Vec::new();
        let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for i in members {
            let meta = rewrites[i].meta();
            // Every rewrite's query is checked to compile by the test suite.
            let own = Query::new(&language(), meta.query)
                .unwrap_or_else(|e| panic!("invalid query of {}: {e}", meta.id));
            for p in 0..own.pattern_count() {
                let text = &meta.query[own.start_byte_for_pattern(p)..own.end_byte_for_pattern(p)];
                let key: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
                let index = *seen.entry(key).or_insert_with(|| {
                    source.push_str(text);
                    source.push('\n');
                    owners.push(Vec::new());
                    owners.len() - 1
                });
                owners[index].push((i, p));
            }
        }
        let query = Query::new(&language(), &source)
            .unwrap_or_else(|e| panic!("invalid combined query: {e}"));
        debug_assert_eq!(query.pattern_count(), owners.len());
        GroupQuery { query, owners }
    }
}

impl Engine {
    /// The engine of `rewrites`. `required` is the lowest applicability that is applied
    /// (`Safe`, or `Unsafe` with `--unsafe`).
    pub fn new(
        rewrites: Vec<&'static dyn Rewrite>,
        required: Applicability,
    ) -> Result<Engine, String> {
        // One pattern per distinct word (rewrites share many), searched with a DFA: the
        // search runs over every byte of every file.
        let mut triggers: Vec<&str> = Vec::new();
        let mut trigger_owners: Vec<Vec<usize>> = Vec::new();
        for (i, r) in rewrites.iter().enumerate() {
            for t in r.meta().triggers {
                match triggers.iter().position(|w| w == t) {
                    Some(p) => trigger_owners[p].push(i),
                    None => {
                        triggers.push(t);
                        trigger_owners.push(vec![i]);
                    }
                }
            }
        }
        let prefilter = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .build(&triggers)
            .map_err(|e| e.to_string())?;
        let mut names: Vec<&str> = Vec::new();
        let group_of = rewrites
            .iter()
            .map(|r| {
                let group = r.meta().group;
                names.iter().position(|g| *g == group).unwrap_or_else(|| {
                    names.push(group);
                    names.len() - 1
                })
            })
            .collect();
        Ok(Engine {
            groups: names.iter().map(|_| OnceLock::new()).collect(),
            group_of,
            rewrites,
            prefilter,
            trigger_owners,
            required,
            options: RewriteOptions::default(),
            partial: true,
            precise: true,
            confirm_every_pass: false,
            fingerprint: OnceLock::new(),
        })
    }

    /// The query of group `g`, compiled on first use.
    fn group_query(&self, g: usize) -> &GroupQuery {
        self.groups[g].get_or_init(|| {
            GroupQuery::compile(
                &self.rewrites,
                (0..self.rewrites.len()).filter(|&i| self.group_of[i] == g),
            )
        })
    }

    /// Which rewrites may match a file: those that say they apply anyway (for this version
    /// window or kind of file), and those one of whose trigger words occurs in its code (or
    /// anywhere, for rewrites that read strings) and whose closer look at the file says yes
    /// (see [`crate::activation`]).
    /// Also returns the token scan of `bytes` when it was made (a rewrite was triggered),
    /// for the masked parse to reuse. The rewrites `known` (already active in the run) are
    /// not looked at: they come out inactive.
    fn active(
        &self,
        bytes: &[u8],
        file: &FileInfo,
        versions: VersionWindow,
        known: Option<&[bool]>,
    ) -> (Vec<bool>, Option<Scan>) {
        let known = |i: usize| known.is_some_and(|k| k[i]);
        let untriggered: Vec<bool> = self
            .rewrites
            .iter()
            .map(|r| {
                r.meta()
                    .active_without_trigger
                    .is_some_and(|f| f(&versions, file))
            })
            .collect();
        // Active without a look at the file, or once its probe says so.
        let mut active: Vec<bool> = self
            .rewrites
            .iter()
            .zip(&untriggered)
            .enumerate()
            .map(|(i, (r, &u))| u && r.meta().activate.is_none() && !known(i))
            .collect();
        let mut hits: Vec<Vec<Range<usize>>> = vec![Vec::new(); active.len()];
        for m in self.prefilter.find_overlapping_iter(bytes) {
            for &owner in &self.trigger_owners[m.pattern().as_usize()] {
                if !active[owner] && !known(owner) && self.counts(bytes, owner, m.range()) {
                    hits[owner].push(m.range());
                }
            }
        }
        let required = |i: usize| {
            let requires = self.rewrites[i].meta().requires;
            requires.is_empty()
                || requires
                    .iter()
                    .any(|r| memchr::memmem::find(bytes, r.as_bytes()).is_some())
        };
        let triggered: Vec<usize> = (0..active.len())
            .filter(|&i| {
                !active[i] && !known(i) && (untriggered[i] || !hits[i].is_empty() && required(i))
            })
            .collect();
        if triggered.is_empty() {
            return (active, None);
        }
        if !self.precise {
            for i in triggered {
                active[i] = true;
            }
            return (active, None);
        }
        let scan = Scan::from_bytes(bytes);
        for &i in &triggered {
            if !self.rewrites[i].meta().reads_strings {
                hits[i].retain(|h| scan.in_code(h.start));
            }
        }
        let shared = Shared::default();
        for i in triggered {
            let found = &hits[i];
            active[i] = (untriggered[i] || !found.is_empty())
                && self.rewrites[i]
                    .meta()
                    .activate
                    .is_none_or(|f| f(&Probe::new(bytes, &scan, found, versions, file, &shared)));
        }
        (active, Some(scan))
    }

    /// Whether a trigger found at `range` counts for rewrite `owner`: anywhere, or only as a
    /// whole word.
    fn counts(&self, bytes: &[u8], owner: usize, range: Range<usize>) -> bool {
        let ident = |i: Option<&u8>| {
            i.is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c >= 0x80)
        };
        !self.rewrites[owner].meta().whole_words
            || !(range.start > 0 && ident(bytes.get(range.start - 1))
                || ident(bytes.get(range.end)))
    }

    /// The engine parsing every file it looks at whole: slower, and the reference the masked
    /// parse is tested against.
    pub fn parsing_whole_files(mut self) -> Engine {
        self.partial = false;
        self
    }

    /// The engine running every rewrite one of whose trigger words occurs anywhere in a file:
    /// slower, and the reference precise activation is tested against.
    pub fn activating_on_triggers(mut self) -> Engine {
        self.precise = false;
        self
    }

    /// The engine running a pass to confirm every pass that applied fixes: slower, and the
    /// reference the shortcut after cleanup passes is tested against.
    pub fn confirming_every_pass(mut self) -> Engine {
        self.confirm_every_pass = true;
        self
    }

    /// Everything about this engine that decides a file's results: the rewrites, the fix
    /// safety applied, the options and the pipeline switches (for result caches). Computed
    /// once per engine.
    pub fn fingerprint(&self) -> &str {
        self.fingerprint.get_or_init(|| {
            let ids: Vec<&str> = self.rewrites.iter().map(|r| r.meta().id).collect();
            format!(
                "{}|{:?}|{:?}|{}|{}|{}",
                ids.join(","),
                self.required,
                self.options,
                self.partial,
                self.precise,
                self.confirm_every_pass
            )
        })
    }

    /// The engine with the user's rewrite options.
    pub fn with_options(mut self, options: RewriteOptions) -> Engine {
        self.options = options;
        self
    }

    /// Runs the rewrites on one file's bytes.
    pub fn process(&self, file: &FileInfo, bytes: &[u8], versions: VersionWindow) -> FileOutcome {
        self.process_accepting(file, bytes, versions, None)
    }

    /// [`Engine::process`], applying only the fixes `accept` lets through (interactive
    /// review): it sees each fix the run would apply, its edits located in the original text
    /// where they map exactly; a refused fix is left as a finding, and the run still goes to
    /// its fixed point and is checked like any other.
    pub fn process_accepting(
        &self,
        file: &FileInfo,
        bytes: &[u8],
        versions: VersionWindow,
        accept: Option<&dyn Fn(&Candidate<'_>) -> bool>,
    ) -> FileOutcome {
        let outcome = FileOutcome {
            original: bytes.to_vec(),
            ..FileOutcome::default()
        };
        let (active, scan) = self.active(bytes, file, versions, None);
        if !active.contains(&true) {
            return outcome;
        }
        let source = match Source::decode(bytes) {
            Ok(source) => source,
            Err(e) => return outcome.failed(FileError::Unreadable(e.to_string())),
        };
        let mut run = match Run::start(self, file, versions, &source, bytes, active, scan) {
            Ok(run) => run,
            Err(error) => return outcome.failed(error),
        };
        // Passes to the fixed point; a pass run again over more lines counts once.
        while run.passes < MAX_PASSES {
            match run.pass(accept) {
                Ok(Step::Widen(missing)) => run.widen(missing),
                Ok(Step::Again) => run.passes += 1,
                Ok(Step::Done) => break,
                Err(error) => return outcome.failed(error),
            }
        }
        run.conclude(outcome)
    }

    /// Whether an active rewrite needs the whole file parsed: it reaches the whole file, or
    /// it is active without a trigger word to start from.
    fn needs_whole_file(&self, active: &[bool], file: &FileInfo, versions: VersionWindow) -> bool {
        self.rewrites.iter().zip(active).any(|(r, &on)| {
            let meta = r.meta();
            let untriggered = meta
                .active_without_trigger
                .is_some_and(|f| f(&versions, file));
            on && match meta.reach {
                Reach::File => true,
                Reach::Lines(_) => false,
                Reach::Statement | Reach::Block | Reach::Scope => untriggered,
            }
        })
    }

    /// A text's scan and the lines every masked view of it includes: those holding the
    /// active rewrites' trigger words (for a rewrite whose probe judges each occurrence,
    /// those it says yes to), the lines they ask for, and the lines fixes wrote.
    pub(crate) fn base_selection(
        &self,
        text: &str,
        active: &[bool],
        touched: &[Range<usize>],
        scan: Scan,
        file: &FileInfo,
        versions: VersionWindow,
    ) -> (Rc<Scan>, Selection) {
        let mut selection = Selection::new(text, &scan);
        let bytes = text.as_bytes();
        let hits: Vec<(usize, Range<usize>)> = self
            .prefilter
            .find_overlapping_iter(text)
            .flat_map(|m| {
                self.trigger_owners[m.pattern().as_usize()]
                    .iter()
                    .filter(move |&&owner| active[owner] && self.counts(bytes, owner, m.range()))
                    .map(move |&owner| (owner, m.range()))
            })
            .collect();
        let shared = Shared::default();
        for (owner, hit) in &hits {
            let meta = self.rewrites[*owner].meta();
            let owners = owner_bit(self.group_of[*owner]);
            let selected = match meta.activate.filter(|_| meta.activate_per_hit) {
                None => true,
                Some(activate) => {
                    (meta.reads_strings || scan.in_code(hit.start))
                        && activate(&Probe::new(
                            bytes,
                            &scan,
                            std::slice::from_ref(hit),
                            versions,
                            file,
                            &shared,
                        ))
                }
            };
            if selected {
                let extent = match meta.reach {
                    Reach::Scope => Extent::Scope,
                    Reach::Block => Extent::Block,
                    _ => Extent::Statement,
                };
                selection.mark_offset(text, &scan, hit.start, extent, owners);
            }
        }
        for (i, r) in self.rewrites.iter().enumerate().filter(|&(i, _)| active[i]) {
            if let Reach::Lines(wanted) = r.meta().reach {
                selection.mark_lines(text, &scan, wanted, owner_bit(self.group_of[i]));
            }
        }
        for range in touched {
            selection.mark_range(&scan, range.clone());
        }
        (Rc::new(scan), selection)
    }

    /// Drops the findings a suppression comment covers, and returns a finding for each
    /// suppression of this run's rewrites that covered nothing.
    fn suppress(&self, text: &str, findings: &mut Vec<Finding>) -> Vec<Finding> {
        if !text.contains("snakeshift:") && !text.contains("noqa:") {
            return Vec::new();
        }
        let suppressions = Suppressions::find(text, &Scan::new(text));
        let group = |id: &str| {
            self.rewrites
                .iter()
                .find(|r| r.meta().id == id)
                .map_or("", |r| r.meta().group)
        };
        let mut used = vec![false; suppressions.list.len()];
        findings.retain(|f| {
            match suppressions.covering(f.rewrite, group(f.rewrite), f.range.start) {
                Some(i) => {
                    used[i] = true;
                    false
                }
                None => true,
            }
        });
        suppressions
            .list
            .iter()
            .zip(used)
            .filter(|(s, used)| !used && s.names_are_ours(|name| self.is_ours(name)))
            .map(|(s, _)| {
                Finding::new(
                    "unused-suppression",
                    s.comment.clone(),
                    "this suppression comment covers nothing that is found here",
                )
                .with_note("remove the comment (or the names that no longer apply)")
            })
            .collect()
    }

    /// Whether the pass that produced `result` from `text` settled the file: it applied only
    /// cleanups (imports left unused) and deferred nothing, every active rewrite is of the
    /// group whose rewrites made those cleanups, and what else it found (`rest`) lies apart
    /// from what they deleted, so a pass over the result would find just that again. A
    /// cleanup promises that only for the rewrites of its own group: a rewrite of another
    /// may need a deleted name to be free (the `asyncio` one defines a `get_event_loop`
    /// helper once no import binds that name). Files with suppression comments for these
    /// rewrites (a deleted line moves what a comment covers) always get that pass. Where the
    /// pass `anticipated` the cleanups of its fixes ([`Engine::anticipate_cleanups`]), fixes
    /// that write a final form settle the file as cleanups do.
    fn settled_by(
        &self,
        text: &str,
        result: &Applied,
        fixable: &[Finding],
        rest: &[Finding],
        active: &[bool],
        anticipated: bool,
    ) -> bool {
        let apart = |r: &Range<usize>| {
            result
                .edits
                .iter()
                .all(|e| r.end < e.range.start || r.start > e.range.end)
        };
        !self.confirm_every_pass
            && result.deferred.is_empty()
            && result.applied.iter().all(|&i| {
                fixable[i]
                    .fix
                    .as_ref()
                    .is_some_and(|f| f.cleanup || (anticipated && f.final_form))
            })
            && !self.may_suppress(text)
            && self.one_group(result.applied.iter().map(|&i| fixable[i].rewrite), active)
            && rest.iter().all(|f| {
                apart(&f.range)
                    && f.fix
                        .as_ref()
                        .is_none_or(|x| x.edits.iter().all(|e| apart(&e.range)))
            })
    }

    /// Whether the rewrites `ids` and every active rewrite all belong to one group.
    fn one_group<'a>(&self, mut ids: impl Iterator<Item = &'a str>, active: &[bool]) -> bool {
        let group_of = |id: &str| {
            self.rewrites
                .iter()
                .find(|r| r.meta().id == id)
                .map(|r| r.meta().group)
        };
        let Some(group) = ids.next().and_then(group_of) else {
            return false;
        };
        ids.all(|id| group_of(id) == Some(group))
            && self
                .rewrites
                .iter()
                .zip(active)
                .all(|(r, &on)| !on || r.meta().group == group)
    }

    /// Whether `text` holds a suppression comment that may cover a finding of this engine.
    fn may_suppress(&self, text: &str) -> bool {
        if text.contains("snakeshift:") {
            return true;
        }
        text.contains("noqa:")
            && Suppressions::find(text, &Scan::new(text))
                .list
                .iter()
                .any(|s| s.may_cover(|name| self.is_ours(name)))
    }

    /// Whether `name` is the id or group of one of this engine's rewrites.
    fn is_ours(&self, name: &str) -> bool {
        self.rewrites
            .iter()
            .any(|r| r.meta().id == name || r.meta().group == name)
    }

    /// Every match of the active rewrites' queries in one parse, with its rewrite. In a
    /// masked `view`, a group's query walks only the lines it needs
    /// ([`View::walked_ranges`]): a match rooted in them (a match starts at a node that
    /// overlaps one, and may reach beyond).
    fn matches<'q, 't>(
        &'q self,
        ctx: &Context<'_, 't>,
        view: &View,
        active: &[bool],
    ) -> Vec<(usize, Match<'q, 't>)> {
        let (text, tree) = (ctx.text, ctx.tree);
        let mut collected = Vec::new();
        let mut groups: Vec<usize> = (0..active.len())
            .filter(|&i| active[i])
            .map(|i| self.group_of[i])
            .collect();
        groups.sort_unstable();
        groups.dedup();
        for g in groups {
            let GroupQuery { query, owners } = self.group_query(g);
            if query.pattern_count() == 0 {
                continue;
            }
            let names = query.capture_names();
            // One walk per range, or one of the whole tree.
            let walks: Vec<Option<Range<usize>>> = match view.walked_ranges(g) {
                Some(ranges) => ranges.into_iter().map(Some).collect(),
                None => vec![None],
            };
            // A match rooted in a node spanning several ranges is found in each.
            let mut found: HashSet<(usize, Vec<usize>)> = HashSet::new();
            let mut cursor = QueryCursor::new();
            for range in &walks {
                if let Some(range) = range {
                    cursor.set_byte_range(range.clone());
                }
                let mut matches = cursor.matches(query, tree.root_node(), text.as_bytes());
                while let Some(m) = matches.next() {
                    if walks.len() > 1
                        && !found.insert((
                            m.pattern_index,
                            m.captures().iter().map(|c| c.node.id()).collect(),
                        ))
                    {
                        continue;
                    }
                    let captures: Vec<(&str, tree_sitter::Node<'_>)> = m
                        .captures()
                        .iter()
                        .map(|c| (names[c.index as usize], c.node))
                        .collect();
                    for &(owner, pattern) in &owners[m.pattern_index] {
                        if active[owner] {
                            collected.push((
                                owner,
                                Match {
                                    pattern,
                                    captures: captures.clone(),
                                },
                            ));
                        }
                    }
                }
            }
        }
        collected
    }

    /// One parse's worth of findings from every rewrite, deduplicated.
    fn check<'t>(
        &self,
        ctx: &Context<'_, 't>,
        active: &[bool],
        collected: &[(usize, Match<'_, 't>)],
    ) -> Vec<Finding> {
        let mut findings: Vec<Finding> = Vec::new();
        for stage in [Stage::Main, Stage::Fallback] {
            // Fallbacks only see what no fix, even an unsafe one, can change any more.
            let settled = !findings
                .iter()
                .any(|f| f.applicability() >= Some(Applicability::Unsafe));
            if stage == Stage::Fallback && !settled {
                break;
            }
            for (owner, m) in collected
                .iter()
                .filter(|(owner, _)| active[*owner] && self.rewrites[*owner].meta().stage == stage)
            {
                let mut out = Vec::new();
                self.rewrites[*owner].check(m, ctx, &mut out);
                for f in out {
                    if !findings.iter().any(|g| *g == f || same_fix(g, &f)) {
                        findings.push(f);
                    }
                }
            }
        }
        findings
    }

    /// Where every fix of a pass writes a final form ([`crate::fix::Fix::final_form`]) and
    /// only one group is active: the imports those fixes leave unused, found now, by asking
    /// the rewrites' checks of import statements again as if the references the fixes
    /// replace were gone. A pass that applies them together with the fixes needs no pass to
    /// remove them, nor one to confirm the result (see [`Engine::settled_by`]). `None` when
    /// that cannot be told exactly: some fix writes anything else (a string, a comment, or
    /// inside a string), a removed name would stay only as an attribute, the checks asked
    /// about lines a partial parse left out, or a comment may suppress a finding.
    fn anticipate_cleanups<'t>(
        &self,
        ctx: &Context<'_, 't>,
        coverage: Option<&Coverage>,
        active: &[bool],
        collected: &[(usize, Match<'_, 't>)],
        fixable: &[Finding],
    ) -> Option<Vec<Finding>> {
        let fixes: Vec<&crate::fix::Fix> = fixable.iter().filter_map(|f| f.fix.as_ref()).collect();
        let plain = |s: &str| !s.contains(['"', '\'', '#']);
        let in_string = |r: &Range<usize>| {
            ctx.tree
                .root_node()
                .descendant_for_byte_range(r.start, r.end)
                .is_some_and(|n| {
                    std::iter::successors(Some(n), |n| n.parent()).any(|n| n.kind() == "string")
                })
        };
        let final_forms = fixes.iter().all(|f| {
            f.cleanup
                || f.final_form
                    && f.edits.iter().all(|e| {
                        plain(&e.content)
                            && plain(&ctx.text[e.range.clone()])
                            && !in_string(&e.range)
                    })
        });
        // Only fixes that all apply together: a deferred one would still use its names.
        if self.confirm_every_pass
            || fixes.is_empty()
            || !final_forms
            || !all_apply(ctx.text, &fixes)
            || !self.one_group(fixable.iter().map(|f| f.rewrite), active)
            || self.may_suppress(ctx.text)
        {
            return None;
        }
        let replaced: Vec<(Range<usize>, &str)> = fixes
            .iter()
            .filter(|f| !f.cleanup)
            .flat_map(|f| &f.edits)
            .filter(|e| !e.range.is_empty())
            .map(|e| (e.range.clone(), e.content.as_str()))
            .collect();
        ctx.assume_removed(ctx.semantic().references_removed_by(&replaced)?);
        let missing = coverage.map(|c| c.missing().len());
        let is_import = |m: &Match<'_, '_>| {
            m.captures
                .iter()
                .any(|(_, n)| matches!(n.kind(), "import_statement" | "import_from_statement"))
        };
        let imports: Vec<(usize, Match<'_, 't>)> = collected
            .iter()
            .filter(|(_, m)| is_import(m))
            .map(|(owner, m)| (*owner, m.clone()))
            .collect();
        let cleanups: Vec<Finding> = self
            .check(ctx, active, &imports)
            .into_iter()
            .filter(|f| f.fix.as_ref().is_some_and(|x| x.cleanup))
            .filter(|f| !fixable.iter().any(|g| g == f || same_fix(g, f)))
            .collect();
        // Cleanups that meet another fix or each other (a statement this pass already cleans
        // up, import lines next to each other) would wait for the next pass: then that pass
        // removes them, as it did before.
        let edits = |f: &Finding| {
            f.fix
                .iter()
                .flat_map(|x| x.edits.iter().map(|e| e.range.clone()))
                .collect::<Vec<_>>()
        };
        let meets = cleanups.iter().enumerate().any(|(i, c)| {
            let others = fixable.iter().chain(cleanups.iter().skip(i + 1));
            let theirs: Vec<Range<usize>> = others.flat_map(edits).collect();
            edits(c)
                .iter()
                .any(|a| theirs.iter().any(|b| a.start <= b.end && b.start <= a.end))
        });
        (!meets && coverage.map(|c| c.missing().len()) == missing).then_some(cleanups)
    }
}

impl<'a> Run<'a> {
    /// The run of the file `source` decodes from `bytes`, with the rewrites `active` on it
    /// (`scan`: activation's scan of `bytes`, if it made one), up to its first parse; a
    /// syntax error there ends it.
    fn start(
        engine: &'a Engine,
        file: &'a FileInfo,
        versions: VersionWindow,
        source: &'a Source,
        bytes: &[u8],
        active: Vec<bool>,
        scan: Option<Scan>,
    ) -> Result<Run<'a>, FileError> {
        let original = source.text();
        let text = original.to_owned();
        // Parse only what the run needs, unless a rewrite needs every file whole.
        let masking = engine.partial && !engine.needs_whole_file(&active, file, versions);
        let scan = scan.filter(|_| original.as_bytes() == bytes);
        let mut parsing =
            PartialParse::new(engine, file, versions, masking, original, &active, scan);
        let view = parsing.view(&text, &active);
        if let Some(err) = first_syntax_error(view.tree()) {
            return Err(syntax_error(err));
        }
        Ok(Run {
            engine,
            file,
            versions,
            source,
            original,
            facts: Original::new(original),
            active,
            parsing,
            seen: HashSet::from([text_hash(&text)]),
            text,
            // A syntax error found later may then lie in lines this first parse left out.
            started_masked: view.is_masked(),
            view,
            map: SourceMap::default(),
            applied: Vec::new(),
            pending: Vec::new(),
            remaining: Vec::new(),
            passes: 0,
            converged: false,
            broken: false,
        })
    }

    /// One pass over the text: what the active rewrites find, and the fixes among it applied.
    fn pass(&mut self, accept: Accept<'_>) -> Result<Step, FileError> {
        if self.passes > 0 && first_syntax_error(self.view.tree()).is_some() {
            self.broken = true;
            return Ok(Step::Done);
        }
        let (fixable, rest, anticipated) = match self.find(accept)? {
            Found::Missing(missing) => return Ok(Step::Widen(missing)),
            Found::Nothing(rest) => {
                self.remaining = rest;
                self.converged = true;
                return Ok(Step::Done);
            }
            Found::Fixes {
                fixable,
                rest,
                anticipated,
            } => (fixable, rest, anticipated),
        };
        let Some(result) = self.apply(&fixable) else {
            // A text the run made before: the fixes go round in circles.
            return Ok(Step::Done);
        };
        let (joined, scan) = self.join(&result.text);
        let engine = self.engine;
        if !joined
            && engine.settled_by(
                &self.text,
                &result,
                &fixable,
                &rest,
                &self.active,
                anticipated,
            )
        {
            self.settle(result, rest);
            return Ok(Step::Done);
        }
        self.parsing
            .after_fixes(&mut self.view, &self.text, &result, &self.active, scan);
        self.text = result.text;
        Ok(Step::Again)
    }

    /// What the active rewrites find in the current text, suppressed findings left out.
    /// The pass's [`Context`] lives here.
    fn find(&self, accept: Accept<'_>) -> Result<Found, FileError> {
        let (engine, active, coverage) = (self.engine, &self.active[..], self.view.coverage());
        let ctx = Context::new(
            &self.text,
            self.view.tree(),
            self.source,
            self.file,
            self.versions,
            &self.facts,
        )
        .with_options(engine.options)
        .with_coverage(coverage);
        let collected = engine.matches(&ctx, &self.view, active);
        let mut findings = engine.check(&ctx, active, &collected);
        let too_deep = ctx.semantic_incomplete();
        if let Some(missing) = coverage.map(Coverage::missing)
            && !missing.is_empty()
        {
            // The rewrites asked about names used in lines left out: parse those too
            // and run the pass again.
            return Ok(Found::Missing(missing));
        }
        if too_deep {
            return Err(FileError::TooDeep);
        }
        if self.passes == 0 {
            ctx.remember_original_facts();
        }
        let unused_suppressions = engine.suppress(&self.text, &mut findings);
        let (mut fixable, mut rest) = self.split_fixable(findings, accept);
        if fixable.is_empty() {
            rest.extend(unused_suppressions);
            return Ok(Found::Nothing(rest));
        }
        let anticipated = accept.is_none()
            && match engine.anticipate_cleanups(&ctx, coverage, active, &collected, &fixable) {
                Some(cleanups) => {
                    fixable.extend(cleanups);
                    true
                }
                None => false,
            };
        Ok(Found::Fixes {
            fixable,
            rest,
            anticipated,
        })
    }

    /// The findings whose fixes are applied (of the required applicability, and let through
    /// by `accept`), and the rest.
    fn split_fixable(
        &self,
        findings: Vec<Finding>,
        accept: Accept<'_>,
    ) -> (Vec<Finding>, Vec<Finding>) {
        let (mut fixable, mut rest): (Vec<Finding>, Vec<Finding>) = findings
            .into_iter()
            .partition(|f| f.applicability().is_some_and(|a| a >= self.engine.required));
        if let Some(accept) = accept {
            let refused;
            (fixable, refused) = fixable.into_iter().partition(|f| {
                let edits = original_edits(&self.map, f);
                accept(&Candidate {
                    rewrite: f.rewrite,
                    edits: edits.as_deref(),
                })
            });
            rest.extend(refused);
        }
        (fixable, rest)
    }

    /// The same pass again, over the lines that use `missing` too.
    fn widen(&mut self, missing: Vec<String>) {
        if self.passes == 0 {
            // Facts about the original text gathered on too narrow a view.
            self.facts = Original::new(self.original);
        }
        self.view = self.parsing.widen(&self.text, &self.active, missing);
    }

    /// Applies the fixes of `fixable` that go together (the others wait for the next pass)
    /// and records them in terms of the original text. `None` when that makes a text the
    /// run made before.
    fn apply(&mut self, fixable: &[Finding]) -> Option<Applied> {
        let fixes: Vec<&crate::fix::Fix> =
            fixable.iter().map(|f| f.fix.as_ref().unwrap()).collect();
        let result = apply_fixes(&self.text, &fixes);
        self.pending = result
            .deferred
            .iter()
            .map(|&i| fixable[i].rewrite)
            .collect();
        for &i in &result.applied {
            let f = &fixable[i];
            let range = self.map.to_original(f.range.start)..self.map.to_original(f.range.end);
            let edits = original_edits(&self.map, f);
            self.applied.push((f.clone(), range, edits));
        }
        self.map.push_pass(&result.edits);
        if !self.seen.insert(text_hash(&result.text)) {
            return None;
        }
        self.parsing.fixes_applied(&result);
        Some(result)
    }

    /// Fixes may write what other rewrites look for (a moved import, say): they join
    /// the run, which then still ends at the fixed point. Whether one joined, and the scan of
    /// `text` (the fixes' result) if activation made one.
    fn join(&mut self, text: &str) -> (bool, Option<Scan>) {
        let (engine, file, versions) = (self.engine, self.file, self.versions);
        let (now, scan) = engine.active(text.as_bytes(), file, versions, Some(&self.active));
        let joined = now.contains(&true);
        if joined {
            self.active = now
                .iter()
                .zip(&self.active)
                .map(|(n, a)| *n || *a)
                .collect();
            let whole = engine.needs_whole_file(&self.active, file, versions);
            self.parsing.stop_masking_if(whole);
        }
        (joined, scan)
    }

    /// Ends the run at `result`, which the pass settled ([`Engine::settled_by`]).
    fn settle(&mut self, result: Applied, rest: Vec<Finding>) {
        // Removing imports left unused gives no rewrite of the group that did it
        // anything new to do: what the pass found besides is what a pass over the
        // result would find.
        self.remaining = rest
            .into_iter()
            .map(|f| shifted(f, &result.edits))
            .collect();
        if let View::Full(tree) = &mut self.view {
            *tree = reparse(tree, &self.text, &result.edits, &result.text);
            self.broken = first_syntax_error(tree).is_some();
        }
        self.text = result.text;
        self.converged = true;
    }

    /// The end of a file's run: the result checked by the net of what CPython compiles
    /// ([`crate::compiles`]), then encoded, and what was applied and what is left located in
    /// the original text.
    fn conclude(self, mut outcome: FileOutcome) -> FileOutcome {
        let Run {
            original,
            source,
            versions,
            text,
            applied,
            pending,
            mut remaining,
            map,
            converged,
            mut broken,
            started_masked,
            ..
        } = self;
        let rewrites_involved = || {
            let mut ids: Vec<&'static str> = applied.iter().map(|(f, ..)| f.rewrite).collect();
            ids.extend(&pending);
            ids.sort_unstable();
            ids.dedup();
            ids
        };
        // The passes parsed only part of the file (or parsed it with tree-sitter, which reads
        // more than CPython compiles): a text the run is about to write must compile as a
        // whole. (Findings need no more than the lines they are about, which the passes read
        // without an error.)
        if converged && !broken && text != original {
            match crate::compiles::verdict(original, &text, Some(versions.min)) {
                Verdict::Compiles => {}
                Verdict::Introduced(_) => broken = true,
                Verdict::Unparsable(error) => {
                    // Where tree-sitter sees the error too, its position, as a run parsing
                    // whole files reports it.
                    let error = match first_syntax_error(&parse(original)) {
                        Some(node) => syntax_error(node),
                        None => syntax_error_at(original, error.range.start),
                    };
                    return outcome.failed(error);
                }
            }
        }
        if broken
            && started_masked
            && let Some(err) = first_syntax_error(&parse(original))
        {
            return outcome.failed(syntax_error(err));
        }
        if broken {
            return outcome.failed(FileError::BrokeSyntax {
                rewrites: rewrites_involved(),
            });
        }
        if !converged {
            return outcome.failed(FileError::NotConverged {
                rewrites: rewrites_involved(),
            });
        }
        if text != original {
            match source.encode(&text) {
                Ok(bytes) => outcome.rewritten = Some(bytes),
                Err(e) => return outcome.failed(FileError::Unreadable(e.to_string())),
            }
        }

        remaining.sort_by_key(|f| (f.range.start, f.rewrite));
        let old_index = LineIndex::new(original);
        let new_index = LineIndex::new(&text);
        outcome.applied = applied
            .into_iter()
            .map(|(f, range, edits)| report(f, range.clone(), original, &old_index, (0, 0), edits))
            .collect();
        outcome.remaining = remaining
            .into_iter()
            .map(|f| {
                let in_result = new_index.position(&text, f.range.start);
                let range = map.to_original(f.range.start)..map.to_original(f.range.end);
                let edits = original_edits(&map, &f);
                report(f, range, original, &old_index, in_result, edits)
            })
            .collect();
        outcome
    }
}

/// The error of a file that does not parse, at its first syntax error `err`.
fn syntax_error(err: tree_sitter::Node<'_>) -> FileError {
    let p = err.start_position();
    FileError::Syntax {
        line: p.row + 1,
        column: p.column + 1,
    }
}

/// The error of a file that does not parse, at byte `offset` of its `text`.
fn syntax_error_at(text: &str, offset: usize) -> FileError {
    let (line, column) = LineIndex::new(text).position(text, offset);
    FileError::Syntax { line, column }
}

/// Several rewrites may propose the very same fix (removing an import they all left
/// unused): it is applied, and counted, once.
fn same_fix(a: &Finding, b: &Finding) -> bool {
    b.fix.is_some() && a.fix.as_ref().map(|x| &x.edits) == b.fix.as_ref().map(|x| &x.edits)
}

/// Finding `f` of a text moved to where it lies once `edits` (none of which touches it) are
/// applied.
fn shifted(mut f: Finding, edits: &[Edit]) -> Finding {
    f.range = shift(f.range.start, edits)..shift(f.range.end, edits);
    if let Some(fix) = &mut f.fix {
        for e in &mut fix.edits {
            e.range = shift(e.range.start, edits)..shift(e.range.end, edits);
        }
    }
    f
}

fn text_hash(text: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

/// A finding's fix edits moved from the text of its pass to the original text, when they map
/// exactly.
fn original_edits(map: &SourceMap, f: &Finding) -> Option<Vec<Edit>> {
    f.fix
        .as_ref()?
        .edits
        .iter()
        .map(|e| {
            Some(Edit {
                range: map.range_to_original(&e.range)?,
                ..e.clone()
            })
        })
        .collect()
}

fn report(
    f: Finding,
    range: Range<usize>,
    original: &str,
    index: &LineIndex,
    start_in_result: (usize, usize),
    edits: Option<Vec<Edit>>,
) -> Reported {
    Reported {
        edits,
        rewrite: f.rewrite,
        applicability: f.applicability(),
        fix_title: f.fix.map(|x| x.title),
        message: f.message,
        note: f.note,
        start: index.position(original, range.start),
        end: index.position(original, range.end),
        range,
        start_in_result,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::fix::{Edit, Fix};
    use crate::rewrite::{FixSafety, RewriteMeta};

    /// Renames `old_name` identifiers to `new_name`, safely; `unsafe_name` unsafely (keyword
    /// argument names included: the CPython-rules net's tests use it too).
    pub(crate) struct Rename;
    static RENAME: RewriteMeta = RewriteMeta {
        id: "rename",
        group: "test",
        summary: "",
        doc: "",
        query: "((identifier) @id (#any-of? @id \"old_name\" \"unsafe_name\"))",
        triggers: &["old_name", "unsafe_name"],
        removed_in: None,
        fix: FixSafety::Mixed,
        stage: Stage::Main,
        active_without_trigger: None,
        opt_in: false,
        reach: crate::rewrite::Reach::Statement,
        whole_words: false,
        requires: &[],
        reads_strings: false,
        activate: None,
        activate_per_hit: false,
    };
    impl Rewrite for Rename {
        fn meta(&self) -> &'static RewriteMeta {
            &RENAME
        }
        fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
            let node = m.get("id").unwrap();
            let fix = if ctx.text_of(node) == "old_name" {
                Fix::safe("rename", vec![Edit::replace(node.byte_range(), "new_name")])
            } else {
                Fix::unsafe_("rename", vec![Edit::replace(node.byte_range(), "new_name")])
            };
            out.push(Finding::new("rename", node.byte_range(), "old name").with_fix(fix));
        }
    }

    /// Breaks the syntax of any file it touches.
    struct Breaker;
    static BREAKER: RewriteMeta = RewriteMeta {
        id: "breaker",
        query: "((identifier) @id (#eq? @id \"breakme\"))",
        triggers: &["breakme"],
        ..RENAME
    };
    impl Rewrite for Breaker {
        fn meta(&self) -> &'static RewriteMeta {
            &BREAKER
        }
        fn check<'t>(&self, m: &Match<'_, 't>, _: &Context<'_, 't>, out: &mut Vec<Finding>) {
            let node = m.get("id").unwrap();
            let fix = Fix::safe("break", vec![Edit::replace(node.byte_range(), "def (")]);
            out.push(Finding::new("breaker", node.byte_range(), "x").with_fix(fix));
        }
    }

    /// Swaps `ping` and `pong` forever.
    struct Flip;
    static FLIP: RewriteMeta = RewriteMeta {
        id: "flip",
        query: "((identifier) @id (#any-of? @id \"ping\" \"pong\"))",
        triggers: &["ping", "pong"],
        ..RENAME
    };
    impl Rewrite for Flip {
        fn meta(&self) -> &'static RewriteMeta {
            &FLIP
        }
        fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
            let node = m.get("id").unwrap();
            let to = if ctx.text_of(node) == "ping" {
                "pong"
            } else {
                "ping"
            };
            let fix = Fix::safe("flip", vec![Edit::replace(node.byte_range(), to)]);
            out.push(Finding::new("flip", node.byte_range(), "x").with_fix(fix));
        }
    }

    fn run(src: &[u8], required: Applicability) -> FileOutcome {
        let engine = Engine::new(vec![&Rename, &Breaker, &Flip], required).unwrap();
        engine.process(&FileInfo::default(), src, VersionWindow::default())
    }

    #[test]
    fn applies_safe_fixes_and_reports_unsafe_ones() {
        let out = run(b"old_name(unsafe_name)\r\n", Applicability::Safe);
        assert_eq!(
            out.rewritten.as_deref(),
            Some(&b"new_name(unsafe_name)\r\n"[..])
        );
        assert_eq!(out.applied.len(), 1);
        assert_eq!(out.remaining.len(), 1);
        assert_eq!(out.remaining[0].applicability, Some(Applicability::Unsafe));
        assert_eq!(out.remaining[0].start, (1, 10));
        // Fix edits are located in the original text, for applied and remaining fixes alike.
        assert_eq!(
            out.applied[0].edits,
            Some(vec![Edit::replace(0..8, "new_name")])
        );
        assert_eq!(
            out.remaining[0].edits,
            Some(vec![Edit::replace(9..20, "new_name")])
        );
        let all = run(b"old_name(unsafe_name)\r\n", Applicability::Unsafe);
        assert_eq!(
            all.rewritten.as_deref(),
            Some(&b"new_name(new_name)\r\n"[..])
        );
        assert!(all.remaining.is_empty());
    }

    /// Reads every `finally:` block; its probe says yes only to one with a `return` in it.
    struct Finally;
    static FINALLY: RewriteMeta = RewriteMeta {
        id: "finally",
        query: "(finally_clause) @f",
        triggers: &["finally"],
        reach: crate::rewrite::Reach::Block,
        activate: Some(|p| {
            p.hits().iter().any(|h| {
                p.block_after(h.start)
                    .iter()
                    .any(|l| p.code_of(l).starts_with(b"return"))
            })
        }),
        activate_per_hit: true,
        ..RENAME
    };
    impl Rewrite for Finally {
        fn meta(&self) -> &'static RewriteMeta {
            &FINALLY
        }
        fn check<'t>(&self, _: &Match<'_, 't>, _: &Context<'_, 't>, _: &mut Vec<Finding>) {}
    }

    #[test]
    fn a_probe_judging_each_hit_selects_only_the_hits_it_says_yes_to() {
        let text = "try:\n    a()\nfinally:\n    cleanup()\n\n\
                    try:\n    b()\nfinally:\n    return 1\n";
        let engine = Engine::new(vec![&Finally], Applicability::Safe).unwrap();
        let file = FileInfo::default();
        let versions = VersionWindow::default();
        let (active, scan) = engine.active(text.as_bytes(), &file, versions, None);
        assert_eq!(active, [true]);
        let (scan, selection) =
            engine.base_selection(text, &active, &[], scan.unwrap(), &file, versions);
        let mask = crate::mask::Mask::new(text, scan, &selection).unwrap();
        let read = |needle: &str| {
            let at = text.find(needle).unwrap();
            mask.ranges
                .iter()
                .any(|r| r.start_byte <= at && at < r.end_byte)
        };
        assert!(read("return 1"));
        assert!(!read("cleanup()"));
    }

    #[test]
    fn untouched_files_are_not_parsed_or_changed() {
        let out = run(b"print('hello')\n", Applicability::Safe);
        assert!(out.rewritten.is_none() && out.error.is_none());
    }

    #[test]
    fn syntax_errors_leave_the_file_alone() {
        let out = run(b"old_name(\n", Applicability::Safe);
        assert_eq!(out.error, Some(FileError::Syntax { line: 1, column: 1 }));
        assert!(out.rewritten.is_none());
    }

    #[test]
    fn syntax_errors_outside_the_masked_lines_are_found_before_a_change() {
        let out = run(b"old_name()\nx = (\n", Applicability::Safe);
        assert!(
            matches!(out.error, Some(FileError::Syntax { .. })),
            "{out:?}"
        );
        assert!(out.rewritten.is_none());
        // A finding alone needs only its own lines: they parsed.
        let out = run(b"unsafe_name()\n\ndef (\n", Applicability::Safe);
        assert!(out.error.is_none(), "{out:?}");
        assert_eq!(out.remaining.len(), 1);
    }

    #[test]
    fn broken_results_are_reverted() {
        let out = run(b"breakme = 1\nold_name()\n", Applicability::Safe);
        assert!(matches!(out.error, Some(FileError::BrokeSyntax { .. })));
        assert!(out.rewritten.is_none());
    }

    #[test]
    fn oscillation_is_detected() {
        let out = run(b"ping()\n", Applicability::Safe);
        assert_eq!(
            out.error,
            Some(FileError::NotConverged {
                rewrites: vec!["flip"]
            })
        );
        assert!(out.rewritten.is_none());
    }

    #[test]
    fn bom_is_preserved_and_invalid_utf8_reported() {
        let out = run(b"\xEF\xBB\xBFold_name\n", Applicability::Safe);
        assert_eq!(
            out.rewritten.as_deref(),
            Some(&b"\xEF\xBB\xBFnew_name\n"[..])
        );
        let bad = run(b"old_name = '\xff'\n", Applicability::Safe);
        assert!(matches!(bad.error, Some(FileError::Unreadable(_))));
    }
}
