//! Whether a text compiles under CPython: the pipeline's final net for every changed file.
//!
//! tree-sitter-python reads more than CPython compiles (repeated keyword arguments, Python 2
//! statements, `return` outside a function, a slice in an annotation), and the masked parses
//! read only part of a file. The net therefore reads the whole result with ruff's parser,
//! which follows CPython's grammar and reports syntax newer than a given Python, and runs
//! ruff's checks of the rules CPython's compiler enforces after parsing (`break` outside a
//! loop, `nonlocal` without a binding, duplicate parameters…) over it, with the scope
//! information [`scopes`] gathers. It is also about eight times faster than a tree-sitter
//! parse of the same text (85 against 10 MB/s on the benchmark corpus).
//!
//! [`verdict`] is what the pipeline asks of a run's result: whether it adds violations its
//! original did not have, or whether the original itself does not parse.

mod scopes;

use crate::version::PyVersion;
use ruff_python_ast::PythonVersion;
use ruff_python_ast::token::{Token, TokenKind};
use ruff_python_parser::{Mode, ParseOptions, parse_unchecked};
use ruff_text_size::{Ranged, TextRange};
use std::collections::HashMap;
use std::ops::Range;

/// Which of CPython's stages rejects a construct.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stage {
    /// The grammar: the text does not parse.
    Parse,
    /// Syntax that parses but that the minimum supported Python does not have yet.
    Newer,
    /// The compiler's rules after parsing (scopes, duplicates, targets).
    Compile,
}

/// One construct CPython rejects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    pub stage: Stage,
    /// Byte range of the offending construct.
    pub range: Range<usize>,
    /// One line saying what CPython rejects.
    pub message: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Every construct of `text` that CPython rejects, in source order; with `min`, also the
/// syntax that Python `min` does not accept yet (checked as that version, which CPython's
/// later rules, stricter or not, do not change for the code snakeshift writes).
pub fn violations(text: &str, min: Option<PyVersion>) -> Vec<Violation> {
    let version = min.map_or(PythonVersion::latest(), |v| PythonVersion {
        major: v.major,
        minor: v.minor,
    });
    let options = ParseOptions::from(Mode::Module).with_target_version(version);
    // The parser grows its own stack as it nests; the walk of the tree and its drop grow
    // theirs (`scopes`, [`drop_deep`]).
    let parsed = parse_unchecked(text, options);
    let mut found: Vec<Violation> = Vec::new();
    let push = |found: &mut Vec<Violation>, stage, range: TextRange, message: String| {
        found.push(Violation {
            stage,
            range: range.start().to_usize()..range.end().to_usize(),
            message,
        })
    };
    for e in parsed.errors() {
        push(&mut found, Stage::Parse, e.location, e.error.to_string());
    }
    if let Some(range) = too_deeply_nested(parsed.tokens()) {
        push(
            &mut found,
            Stage::Parse,
            range,
            "too many nested parentheses".into(),
        );
    }
    if min.is_some() {
        for e in parsed.unsupported_syntax_errors() {
            push(&mut found, Stage::Newer, e.range(), e.to_string());
        }
    }
    let mut depth = 0;
    if let Some(module) = parsed.syntax().as_module() {
        let (errors, deepest) = scopes::compile_errors(module, text, version);
        depth = deepest;
        for (range, message) in errors {
            push(&mut found, Stage::Compile, range, message);
        }
    }
    drop_deep(parsed, depth);
    found.sort_by(|a, b| {
        (a.range.start, a.range.end, a.stage).cmp(&(b.range.start, b.range.end, b.stage))
    });
    found
}

/// What the net says of a run's result.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The result has no violation its original did not have.
    Compiles,
    /// The result adds these violations: a snakeshift bug, the run is reverted.
    Introduced(Vec<Violation>),
    /// The original itself does not parse, here, so neither does the result: a file CPython
    /// cannot read is left as it is.
    Unparsable(Violation),
}

/// The verdict on `result`, the text a run made of `original`, on Python `min` when given.
/// The original is read only when the result has violations.
pub fn verdict(original: &str, result: &str, min: Option<PyVersion>) -> Verdict {
    let found = violations(result, min);
    if found.is_empty() {
        return Verdict::Compiles;
    }
    let before = violations(original, min);
    if let Some(first) = before.iter().find(|v| v.stage == Stage::Parse) {
        return Verdict::Unparsable(first.clone());
    }
    let new = new_in(found, result, before, original);
    if new.is_empty() {
        Verdict::Compiles
    } else {
        Verdict::Introduced(new)
    }
}

/// CPython's tokenizer refuses brackets nested more than 200 deep (ruff's parser does not):
/// the bracket that goes deeper.
fn too_deeply_nested(tokens: &[Token]) -> Option<TextRange> {
    const MAX_LEVEL: usize = 200;
    let mut level: usize = 0;
    for token in tokens {
        match token.kind() {
            TokenKind::Lpar | TokenKind::Lsqb | TokenKind::Lbrace => {
                level += 1;
                if level > MAX_LEVEL {
                    return Some(token.range());
                }
            }
            TokenKind::Rpar | TokenKind::Rsqb | TokenKind::Rbrace => {
                level = level.saturating_sub(1);
            }
            _ => {}
        }
    }
    None
}

/// Drops `tree`, `depth` levels deep, on a stack that can hold its recursive drop (a file of
/// 50,000 nested lists is a tree 50,000 deep). Trees too deep for any stack are left to the
/// end of the process.
fn drop_deep<T>(tree: T, depth: usize) {
    const SHALLOW: usize = 1_000;
    const PER_LEVEL: usize = 1024;
    if depth < SHALLOW {
        drop(tree);
    } else if depth < 1_000_000 {
        stacker::grow(depth * PER_LEVEL + (1 << 20), || drop(tree));
    } else {
        std::mem::forget(tree);
    }
}

/// The violations `found` in `result` that are not among those `before` found in `original`.
fn new_in(
    found: Vec<Violation>,
    result: &str,
    before: Vec<Violation>,
    original: &str,
) -> Vec<Violation> {
    let mut counts: HashMap<(Stage, String, &str), usize> = HashMap::new();
    for v in before {
        *counts
            .entry((v.stage, v.message, &original[v.range]))
            .or_default() += 1;
    }
    found
        .into_iter()
        .filter(|v| {
            let key = (v.stage, v.message.clone(), &result[v.range.clone()]);
            match counts.get_mut(&key) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
