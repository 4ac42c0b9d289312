//! Mutation testing, the fast part of the fuzzing that runs in CI: every fixture input, and
//! seeded random mutations of it (lines deleted, duplicated, swapped or re-indented, bytes
//! replaced by Python punctuation, truncations, tokens inserted), must keep the invariants of
//! `snakeshift_rewrites::harness::invariants` (no panic, partial parse = whole parse, results parse, a
//! second run changes nothing). The long runs are `cargo fuzz` (see `fuzz/`); what they found
//! is kept in `fuzz/regressions/` and checked here.

use snakeshift_rewrites::harness::invariants::Engines;
use std::path::{Path, PathBuf};

mod common;

const MUTATIONS_PER_FILE: usize = 30;
const BYTES: &[u8] = b"():[]{},.\"'#\\\n\t =*@";
const TOKENS: &[&str] = &[
    "def f(",
    "class C:",
    "if x:",
    "else:",
    "try:",
    "finally:",
    "return ",
    "import typing\n",
    "from typing import List, Optional, Union\n",
    "Optional[",
    "Union[",
    "List[int]",
    "\"\"\"",
    "'",
    "lambda: ",
    "async ",
    "await ",
    "yield ",
    "with open(p) as f:",
    "\r\n",
    "\\\n",
    "# noqa",
    "from distutils.core import setup\n",
    "import asyncore\n",
    "self.assertEquals(",
    ":=",
];

fn fixture_inputs() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let root = common::repo_root().join("rewrites");
    for entry in std::fs::read_dir(&root).unwrap() {
        let dir = entry.unwrap().path().join("fixtures");
        let Ok(files) = std::fs::read_dir(&dir) else {
            continue;
        };
        for f in files {
            let p = f.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            if (name.ends_with(".py") || name.ends_with(".pyi")) && !name.contains(".expected.") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn mutate(rng: &mut fastrand::Rng, input: &[u8]) -> Vec<u8> {
    let mut lines: Vec<Vec<u8>> = input
        .split_inclusive(|&b| b == b'\n')
        .map(<[u8]>::to_vec)
        .collect();
    if lines.is_empty() {
        lines.push(Vec::new());
    }
    let n = lines.len();
    match rng.usize(0..7) {
        0 => {
            lines.remove(rng.usize(0..n));
        }
        1 => {
            let i = rng.usize(0..n);
            let line = lines[i].clone();
            lines.insert(i, line);
        }
        2 => lines.swap(rng.usize(0..n), rng.usize(0..n)),
        3 => {
            let i = rng.usize(0..n);
            if rng.bool() {
                lines[i].splice(0..0, *b"    ");
            } else {
                let spaces = lines[i].iter().take_while(|b| **b == b' ').count().min(4);
                lines[i].drain(..spaces);
            }
        }
        4 => {
            let i = rng.usize(0..n);
            if !lines[i].is_empty() {
                let at = rng.usize(0..lines[i].len());
                lines[i][at] = BYTES[rng.usize(0..BYTES.len())];
            }
        }
        5 => {
            let mut all = lines.concat();
            all.truncate(rng.usize(0..=all.len()));
            return all;
        }
        _ => {
            let i = rng.usize(0..n);
            let at = rng.usize(0..=lines[i].len());
            let token = TOKENS[rng.usize(0..TOKENS.len())].as_bytes();
            lines[i].splice(at..at, token.iter().copied());
        }
    }
    lines.concat()
}

fn check(engines: &Engines, path: &Path, bytes: &[u8], what: &str) {
    if let Err(e) = engines.check(bytes) {
        panic!(
            "{} ({what}): {e}\ninput:\n{}",
            path.display(),
            String::from_utf8_lossy(bytes)
        );
    }
}

#[test]
fn what_fuzzing_found_stays_fixed() {
    let engines = Engines::default();
    let dir = common::repo_root().join("fuzz/regressions");
    let mut inputs = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        check(
            &engines,
            &path,
            &std::fs::read(&path).unwrap(),
            "regression",
        );
        inputs += 1;
    }
    assert!(inputs > 0);
}

#[test]
fn fixtures_and_their_mutations_keep_the_invariants() {
    let engines = Engines::default();
    let inputs = fixture_inputs();
    assert!(inputs.len() > 200, "{} fixture inputs", inputs.len());
    let mut rng = fastrand::Rng::with_seed(0x5eed);
    for path in inputs {
        let input = std::fs::read(&path).unwrap();
        check(&engines, &path, &input, "as it is");
        let mut current = input.clone();
        for k in 0..MUTATIONS_PER_FILE {
            // Mutations pile up, and start afresh from the fixture now and then.
            if k % 4 == 0 {
                current = input.clone();
            }
            current = mutate(&mut rng, &current);
            check(&engines, &path, &current, &format!("mutation {k}"));
        }
    }
}
