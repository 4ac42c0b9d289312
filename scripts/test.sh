#!/usr/bin/env bash
# The project's test command: provisions real CPython 3.14 (and the 3.11 tools) under
# target/provision, then runs the formatting check, clippy and every test of the workspace.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/provision.sh --print-env)"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo test --workspace --quiet
