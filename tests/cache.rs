//! The result cache: a warm run reports exactly what a cold one does, and any change of a
//! file, a setting, the selection or the versions is a miss.

mod common;

use common::*;
use std::fs;
use std::path::Path;

const SOURCE: &str = "from distutils.spawn import find_executable\nfrom typing import Optional\n\n\ndef f(x: Optional[int]) -> None:\n    print(find_executable('ls'), x)\n";

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            (
                "pyproject.toml",
                "[project]\nname = \"p\"\nversion = \"1\"\nrequires-python = \">=3.10\"\n",
            ),
            ("pkg/__init__.py", ""),
            ("pkg/m.py", SOURCE),
        ],
    );
    dir
}

/// Stdout and stderr of a run, which must not depend on the cache.
fn run(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = snakeshift(dir, args);
    (out.status.code(), stdout(&out), stderr(&out))
}

fn cache_file(dir: &Path) -> std::path::PathBuf {
    dir.join(".snakeshift_cache")
        .join(env!("CARGO_PKG_VERSION"))
        .join("results.bin")
}

#[test]
fn a_warm_run_reports_what_a_cold_one_does() {
    let dir = project();
    for args in [
        &["."][..],
        &["--unsafe", "."],
        &["--output-format", "json", "."],
        &["--select", "typing", "."],
    ] {
        let uncached = run(dir.path(), &[&["--no-cache"], args].concat());
        assert!(
            !dir.path().join(".snakeshift_cache").exists(),
            "--no-cache writes nothing"
        );
        let cold = run(dir.path(), args);
        let warm = run(dir.path(), args);
        assert_eq!(cold, uncached, "{args:?}");
        assert_eq!(warm, uncached, "{args:?}");
        fs::remove_dir_all(dir.path().join(".snakeshift_cache")).unwrap();
    }
    run(dir.path(), &["."]);
    assert_eq!(
        fs::read_to_string(dir.path().join(".snakeshift_cache/.gitignore")).unwrap(),
        "# Created by snakeshift: its result cache.\n*\n"
    );
}

#[test]
fn changes_of_files_settings_selection_and_versions_are_misses() {
    let dir = project();
    let fresh = |args: &[&str]| run(dir.path(), &[&["--no-cache"], args].concat());
    // Fill the cache with one setting, then ask for others: each must see its own results.
    run(dir.path(), &["."]);
    for args in [
        &["--select", "distutils", "."][..],
        &["--ignore", "typing", "."],
        &["--unsafe", "."],
        &["--target-version", "3.11", "."],
        &["--min-version", "3.8", "."],
        &["--config", "select = [\"typing\"]", "."],
        &["--diff-context", "0", "."],
    ] {
        run(dir.path(), &["."]);
        assert_eq!(run(dir.path(), args), fresh(args), "{args:?}");
    }
    // The configuration file and the file itself.
    run(dir.path(), &["."]);
    fs::write(
        dir.path().join("pyproject.toml"),
        "[project]\nname = \"p\"\nversion = \"1\"\nrequires-python = \">=3.10\"\n[tool.snakeshift]\nignore = [\"distutils\"]\n",
    )
    .unwrap();
    assert_eq!(run(dir.path(), &["."]), fresh(&["."]));
    fs::write(
        dir.path().join("pkg/m.py"),
        SOURCE.replace("Optional[int]", "Optional[str]"),
    )
    .unwrap();
    let after = run(dir.path(), &["."]);
    assert!(after.1.contains("str | None"), "{}", after.1);
    assert_eq!(after, fresh(&["."]));
}

#[test]
fn a_broken_or_foreign_cache_is_ignored_and_rewritten() {
    let dir = project();
    let expected = run(dir.path(), &["--no-cache", "."]);
    run(dir.path(), &["."]);
    let file = cache_file(dir.path());
    let good = fs::read(&file).unwrap();
    // The entries of another binary: the same bytes after another id (its first byte is
    // the id's length).
    let mut foreign = good.clone();
    foreign[1] ^= 1;
    for bad in [
        b"{not postcard".to_vec(),
        foreign,
        good[..good.len() / 2].to_vec(),
        Vec::new(),
    ] {
        fs::write(&file, &bad).unwrap();
        assert_eq!(run(dir.path(), &["."]), expected);
        assert!(fs::read(&file).unwrap() == good, "rewritten as it was");
    }
    // --cache-dir puts it elsewhere.
    let custom = tempfile::tempdir().unwrap();
    let cache_dir = custom.path().join("c");
    let args = ["--cache-dir", cache_dir.to_str().unwrap(), "."];
    assert_eq!(run(dir.path(), &args), expected);
    assert!(cache_dir.join(".gitignore").exists());
}

#[test]
fn apply_writes_the_same_with_and_without_the_cache() {
    let cached = project();
    let uncached = project();
    run(cached.path(), &["."]);
    let a = run(cached.path(), &["--apply", "--unsafe", "."]);
    let b = run(uncached.path(), &["--apply", "--unsafe", "--no-cache", "."]);
    assert_eq!(a, b);
    assert_eq!(snapshot(cached.path()), snapshot(uncached.path()));
    // The rewritten tree is a miss, and a no-op.
    let again = run(cached.path(), &["--unsafe", "."]);
    assert!(again.1.is_empty(), "{}", again.1);
}

#[test]
fn the_cache_dir_setting_moves_the_cache() {
    let dir = project();
    fs::write(
        dir.path().join("pyproject.toml"),
        "[project]\nname = \"p\"\nversion = \"1\"\nrequires-python = \">=3.10\"\n\n[tool.snakeshift]\ncache-dir = \"build/ss-cache\"\n",
    )
    .unwrap();
    let uncached = run(dir.path(), &["--no-cache", "."]);
    assert_eq!(run(dir.path(), &["."]), uncached);
    let moved = dir
        .path()
        .join("build/ss-cache")
        .join(env!("CARGO_PKG_VERSION"));
    assert!(moved.join("results.bin").is_file());
    assert!(!dir.path().join(".snakeshift_cache").exists());
    assert_eq!(
        run(dir.path(), &["."]),
        uncached,
        "warm, from the moved cache"
    );
    // The flag wins over the setting.
    run(dir.path(), &["--cache-dir", "elsewhere", "."]);
    assert!(
        dir.path()
            .join("elsewhere")
            .join(env!("CARGO_PKG_VERSION"))
            .is_dir()
    );
}

#[test]
fn a_stored_result_that_does_not_rebuild_is_a_miss() {
    let dir = project();
    let uncached = run(dir.path(), &["--no-cache", "."]);
    run(dir.path(), &["."]);
    // Corrupt the stored change of the one changed file: the warm run must notice (the
    // rebuilt text's hash does not match) and migrate the file again.
    let file = cache_file(dir.path());
    let mut bytes = fs::read(&file).unwrap();
    let at = bytes
        .windows(10)
        .position(|w| w == b"int | None")
        .expect("the cache stores the changed lines");
    bytes[at..at + 10].copy_from_slice(b"int | Nope");
    fs::write(&file, bytes).unwrap();
    assert_eq!(run(dir.path(), &["."]), uncached);
}

#[test]
fn a_warm_run_writes_nothing_even_with_entries_of_other_settings() {
    let dir = project();
    run(dir.path(), &["."]);
    run(dir.path(), &["--select", "typing", "."]);
    let stored = fs::read(cache_file(dir.path())).unwrap();
    let modified = fs::metadata(cache_file(dir.path()))
        .unwrap()
        .modified()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    for args in [&["."][..], &["--select", "typing", "."]] {
        run(dir.path(), args);
        assert_eq!(
            fs::read(cache_file(dir.path())).unwrap(),
            stored,
            "{args:?}"
        );
        assert_eq!(
            fs::metadata(cache_file(dir.path()))
                .unwrap()
                .modified()
                .unwrap(),
            modified,
            "{args:?}: the cache file was written again"
        );
    }
}

#[test]
fn the_project_stage_is_cached_on_every_file_it_read() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            (
                "setup.py",
                "from setuptools import setup\n\nabout = {}\nwith open(\"pkg/__about__.py\") as f:\n    exec(f.read(), about)\n\nsetup(\n    name=about[\"__title__\"],\n    version=\"1.0\",\n    packages=[\"pkg\"],\n)\n",
            ),
            ("pkg/__init__.py", ""),
            ("pkg/__about__.py", "__title__ = \"first\"\n"),
        ],
    );
    let fresh = |dir: &Path| run(dir, &["--no-cache", "."]);
    let cold = run(dir.path(), &["."]);
    assert!(cold.1.contains("name = \"first\""), "{}", cold.1);
    assert_eq!(cold, fresh(dir.path()));
    assert_eq!(run(dir.path(), &["."]), cold, "warm");
    let stored = String::from_utf8_lossy(&fs::read(cache_file(dir.path())).unwrap()).into_owned();
    assert!(
        stored.contains("pkg/__about__.py"),
        "the answers are stored"
    );
    // A file only the conversion reads: the stored outcome no longer holds.
    fs::write(
        dir.path().join("pkg/__about__.py"),
        "__title__ = \"second\"\n",
    )
    .unwrap();
    let after = run(dir.path(), &["."]);
    assert!(after.1.contains("name = \"second\""), "{}", after.1);
    assert_eq!(after, fresh(dir.path()));
    // The settings of the stage: `--spdx`, the versions.
    for args in [&["--spdx", "."][..], &["--min-version", "3.12", "."]] {
        run(dir.path(), &["."]);
        assert_eq!(
            run(dir.path(), args),
            run(dir.path(), &[&["--no-cache"], args].concat()),
            "{args:?}"
        );
    }
    // Applied, the conversion leaves nothing to do, cached or not.
    run(dir.path(), &["--apply", "."]);
    assert_eq!(run(dir.path(), &["."]), fresh(dir.path()));
}
