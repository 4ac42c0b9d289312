//! The whole pipeline, every default rewrite with `--unsafe`, on arbitrary bytes: no panic,
//! no hang, and the invariants of `snakeshift_rewrites::harness::invariants`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use snakeshift_rewrites::harness::invariants::Engines;
use std::sync::LazyLock;

static ENGINES: LazyLock<Engines> = LazyLock::new(Engines::default);

fuzz_target!(|data: &[u8]| {
    if let Err(e) = ENGINES.check(data) {
        panic!("{e}");
    }
});
