//! Prints, for each Python file named on the command line (or one per line on stdin), where
//! the whole-file tree-sitter parse finds its first ERROR or MISSING node, or with `--rules`
//! every construct CPython rejects, as the final net of changed files reads it ([`compiles`]).
//!
//! `cargo run --release -p snakeshift-engine --example parse_errors -- [--rules] FILES...`

use snakeshift_engine::compiles;
use snakeshift_engine::parse::{first_syntax_error, parse};
use std::io::BufRead;

fn main() {
    let mut paths: Vec<String> = std::env::args().skip(1).collect();
    let rules = paths.first().is_some_and(|a| a == "--rules");
    if rules {
        paths.remove(0);
    }
    if paths.is_empty() {
        paths = std::io::stdin()
            .lock()
            .lines()
            .map(Result::unwrap)
            .collect();
    }
    let mut rejected = 0;
    for path in &paths {
        let Ok(bytes) = std::fs::read(path) else {
            eprintln!("{path}: unreadable");
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        if rules {
            for v in compiles::violations(&text, None) {
                let line = text[..v.range.start].matches('\n').count() + 1;
                println!("{path}:{line}: {:?}: {}", v.stage, v.message);
            }
            continue;
        }
        let tree = parse(&text);
        if let Some(node) = first_syntax_error(&tree) {
            rejected += 1;
            let p = node.start_position();
            let line = text.lines().nth(p.row).unwrap_or_default();
            println!(
                "{path}:{}:{}: {} {:?}",
                p.row + 1,
                p.column + 1,
                if node.is_missing() {
                    "MISSING"
                } else {
                    node.kind()
                },
                line.trim()
            );
        }
    }
    eprintln!("{rejected} of {} files rejected", paths.len());
}
