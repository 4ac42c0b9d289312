//! What must hold for any input, checked by the fuzz targets (`fuzz/`) and the mutation
//! test (`tests/mutations.rs`): every default rewrite with `--unsafe`, on any bytes, never
//! panics; the partial parse gives what the whole parse gives; a file that parsed still parses
//! after its fixes; and a second run changes nothing.

use snakeshift_engine::fix::Applicability;
use snakeshift_engine::parse::{first_syntax_error, parse};
use snakeshift_engine::pipeline::{Engine, FileOutcome};
use snakeshift_engine::rewrite::FileInfo;
use snakeshift_engine::scan::Scan;
use snakeshift_engine::version::VersionWindow;
use tree_sitter::Node;

/// The engines the checks use: partial parsing (the default) and whole-file parsing.
pub struct Engines {
    partial: Engine,
    whole: Engine,
}

impl Default for Engines {
    fn default() -> Self {
        let rewrites = || {
            crate::all()
                .into_iter()
                .filter(|r| !r.meta().opt_in)
                .collect::<Vec<_>>()
        };
        let engine =
            || Engine::new(rewrites(), Applicability::Unsafe).expect("the rewrites compile");
        Engines {
            partial: engine(),
            whole: engine().parsing_whole_files(),
        }
    }
}

impl Engines {
    /// Checks the invariants on one input; the first broken one is the error.
    pub fn check(&self, bytes: &[u8]) -> Result<(), String> {
        let file = FileInfo::default();
        let window = VersionWindow::default();
        let whole = self.whole.process(&file, bytes, window);
        let partial = self.partial.process(&file, bytes, window);
        if whole.error.is_none()
            && outcome_key(&whole) != outcome_key(&partial)
            && !tree_sitter_joins_lines(bytes)
        {
            return Err(format!(
                "the partial parse differs from the whole parse:\n{:?}\n{:?}",
                outcome_key(&partial),
                outcome_key(&whole)
            ));
        }
        let Some(rewritten) = &whole.rewritten else {
            return Ok(());
        };
        let text = std::str::from_utf8(rewritten).map_err(|_| "rewritten bytes are not UTF-8")?;
        if first_syntax_error(&parse(text)).is_some() {
            return Err(format!("the result does not parse:\n{text}"));
        }
        let again = self.whole.process(&file, rewritten, window);
        if let Some(changed) = again.rewritten {
            return Err(format!(
                "a second run changed the result again:\n{text}\n---\n{}",
                String::from_utf8_lossy(&changed)
            ));
        }
        Ok(())
    }
}

/// Whether tree-sitter accepted, as one simple statement, what Python's tokenizer cuts into
/// several logical lines (`~` alone on a line, then `True`): Python rejects such a file, and
/// only a parse of the whole file reads it tree-sitter's way, so the partial parse may differ.
fn tree_sitter_joins_lines(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let scan = Scan::new(text);
    let tree = parse(text);
    let mut stack: Vec<Node> = vec![tree.root_node()];
    while let Some(n) = stack.pop() {
        let mut cursor = n.walk();
        let compound = n.children(&mut cursor).any(|c| c.kind() == "block");
        if n.kind().ends_with("statement") && !compound && n.end_byte() > n.start_byte() {
            let first = scan.line_at(n.start_byte());
            let last = scan.line_at(n.end_byte() - 1);
            if first != last {
                return true;
            }
            continue;
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    false
}

/// What a run decided, without where it looked.
fn outcome_key(o: &FileOutcome) -> (Option<&[u8]>, Vec<String>, Option<String>) {
    let findings = o
        .applied
        .iter()
        .chain(&o.remaining)
        .map(|f| format!("{:?}:{}:{}", f.start, f.rewrite, f.message))
        .collect();
    (
        o.rewritten.as_deref(),
        findings,
        o.error.as_ref().map(|e| e.to_string()),
    )
}
