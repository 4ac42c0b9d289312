//! The whole pipeline on mutations of real Python files: the same checks as `pipeline_bytes`,
//! started from a corpus of valid files (the fixtures, `fuzz/seed.sh`) with a dictionary of
//! Python tokens (`fuzz/python.dict`), so that most inputs get past the parser.
#![no_main]

use libfuzzer_sys::fuzz_target;
use snakeshift_rewrites::harness::invariants::Engines;
use std::sync::LazyLock;

static ENGINES: LazyLock<Engines> = LazyLock::new(Engines::default);

fuzz_target!(|data: &[u8]| {
    // Only UTF-8 text: arbitrary bytes are `pipeline_bytes`'s job.
    if std::str::from_utf8(data).is_err() {
        return;
    }
    if let Err(e) = ENGINES.check(data) {
        panic!("{e}");
    }
});
