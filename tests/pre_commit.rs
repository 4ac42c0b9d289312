//! The pre-commit hooks, run by the real `pre-commit` (from the provisioned 3.11 venv).

mod common;

use common::*;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn git(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new("git")
        .args(["-c", "user.name=test", "-c", "user.email=test@example.org"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
    out
}

/// Runs `pre-commit` in `dir`, caching its environments and the hook's build under target/.
fn pre_commit(dir: &Path, args: &[&str]) -> Output {
    let cache = repo_root().join("target").join("pre-commit");
    Command::new(provisioned_venv().join("bin").join("pre-commit"))
        .args(args)
        .current_dir(dir)
        .env("PRE_COMMIT_HOME", cache.join("home"))
        .env("CARGO_TARGET_DIR", cache.join("cargo-target"))
        .env("PRE_COMMIT_COLOR", "never")
        .output()
        .expect("pre-commit runs")
}

fn legacy_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q"]);
    fs::write(
        dir.path().join("tool.py"),
        "from distutils.core import setup\nfrom typing import List\n\n\ndef names() -> List[str]:\n    return []\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("notes.txt"),
        "from distutils.core import setup\n",
    )
    .unwrap();
    git(dir.path(), &["add", "."]);
    dir
}

#[test]
fn the_hooks_rewrite_and_fail_like_formatters_do() {
    let repo = legacy_repo();
    let checkout = repo_root();
    let checkout = checkout.to_str().unwrap();

    // The check hook fails and changes nothing.
    let check = pre_commit(
        repo.path(),
        &["try-repo", checkout, "snakeshift-check", "--all-files"],
    );
    assert_eq!(
        check.status.code(),
        Some(1),
        "{}{}",
        stdout(&check),
        stderr(&check)
    );
    assert!(stdout(&check).contains("tool.py"), "{}", stdout(&check));
    assert!(
        fs::read_to_string(repo.path().join("tool.py"))
            .unwrap()
            .contains("distutils")
    );

    // The apply hook rewrites the file, so pre-commit fails the run…
    let apply = pre_commit(
        repo.path(),
        &["try-repo", checkout, "snakeshift", "--all-files"],
    );
    let log = stdout(&apply);
    assert_eq!(apply.status.code(), Some(1), "{log}{}", stderr(&apply));
    assert!(log.contains("files were modified by this hook"), "{log}");
    assert_eq!(
        fs::read_to_string(repo.path().join("tool.py")).unwrap(),
        "from setuptools import setup\n\n\ndef names() -> list[str]:\n    return []\n"
    );
    assert_eq!(
        fs::read_to_string(repo.path().join("notes.txt")).unwrap(),
        "from distutils.core import setup\n",
        "only Python files are passed to the hook"
    );

    // …and passes once the changes are staged.
    git(repo.path(), &["add", "."]);
    let again = pre_commit(
        repo.path(),
        &["try-repo", checkout, "snakeshift", "--all-files"],
    );
    assert_eq!(
        again.status.code(),
        Some(0),
        "{}{}",
        stdout(&again),
        stderr(&again)
    );
}

#[test]
fn an_installed_hook_blocks_the_commit_until_the_migration_is_staged() {
    let repo = legacy_repo();
    let checkout = repo_root();
    let head = Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(&checkout)
        .output()
        .unwrap();
    let rev = String::from_utf8(head.stdout).unwrap().trim().to_owned();
    fs::write(
        repo.path().join(".pre-commit-config.yaml"),
        format!(
            "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: snakeshift\n",
            checkout.display()
        ),
    )
    .unwrap();
    git(repo.path(), &["add", "."]);
    let install = pre_commit(repo.path(), &["install"]);
    assert!(install.status.success(), "{}", stderr(&install));
    let commit = Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.org",
            "commit",
            "-qm",
            "legacy",
        ])
        .current_dir(repo.path())
        .env("PRE_COMMIT_HOME", checkout.join("target/pre-commit/home"))
        .env(
            "CARGO_TARGET_DIR",
            checkout.join("target/pre-commit/cargo-target"),
        )
        .env("PRE_COMMIT_COLOR", "never")
        .output()
        .unwrap();
    assert!(
        !commit.status.success(),
        "the commit must be refused: {}",
        stdout(&commit)
    );
    assert!(
        fs::read_to_string(repo.path().join("tool.py"))
            .unwrap()
            .contains("setuptools"),
        "the hook must rewrite the file: {}{}",
        stdout(&commit),
        stderr(&commit)
    );
    git(repo.path(), &["add", "."]);
    let retry = Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.org",
            "commit",
            "-qm",
            "migrated",
        ])
        .current_dir(repo.path())
        .env("PRE_COMMIT_HOME", checkout.join("target/pre-commit/home"))
        .env(
            "CARGO_TARGET_DIR",
            checkout.join("target/pre-commit/cargo-target"),
        )
        .env("PRE_COMMIT_COLOR", "never")
        .output()
        .unwrap();
    assert!(
        retry.status.success(),
        "{}{}",
        stdout(&retry),
        stderr(&retry)
    );
}
