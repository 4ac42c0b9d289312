//! Faults: a run killed in the middle, files that cannot be written, symbolic links out of
//! the tree, a 50 MB file, deep nesting, binary files named `.py`, unusual paths. (Files
//! changed or deleted between read and write: `src/write.rs`'s tests.)

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::{git_apply, snakeshift, stderr, stdout};

const LEGACY: &str = "from typing import List, Optional\n\n\ndef first(items: List[int]) -> Optional[int]:\n    return items[0] if items else None\n";
const MIGRATED: &str =
    "def first(items: list[int]) -> int | None:\n    return items[0] if items else None\n";

fn temporaries(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".snakeshift-"))
        .collect()
}

#[test]
fn a_run_killed_in_the_middle_leaves_whole_files_and_no_partial_temporaries() {
    let dir = tempfile::tempdir().unwrap();
    // Check what a complete migration of one file gives.
    fs::write(dir.path().join("probe.py"), LEGACY).unwrap();
    snakeshift(dir.path(), &["--apply", "probe.py"]);
    let expected = fs::read_to_string(dir.path().join("probe.py")).unwrap();
    assert!(expected.ends_with(MIGRATED), "{expected}");
    fs::remove_file(dir.path().join("probe.py")).unwrap();

    // Big enough that writing every file (each synced) takes a while.
    let body = LEGACY.to_owned() + &"\n\ndef other(x: int) -> int:\n    return x\n".repeat(200);
    let expected = expected + &"\n\ndef other(x: int) -> int:\n    return x\n".repeat(200);
    let files = 4000;
    for i in 0..files {
        fs::write(dir.path().join(format!("m{i:04}.py")), &body).unwrap();
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_snakeshift"))
        .args(["--apply", "--quiet", "."])
        .current_dir(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it (SIGKILL) as soon as files are being written.
    let start = Instant::now();
    let written = |i: usize| {
        fs::read(dir.path().join(format!("m{i:04}.py"))).is_ok_and(|b| b != body.as_bytes())
    };
    loop {
        if (0..files).step_by(97).any(written) {
            break;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before any file was seen written"
        );
        assert!(
            start.elapsed() < Duration::from_secs(900),
            "no file written"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap();
    child.wait().unwrap();

    let mut rewritten = 0;
    for i in 0..files {
        let text = fs::read_to_string(dir.path().join(format!("m{i:04}.py"))).unwrap();
        if text == expected {
            rewritten += 1;
        } else {
            assert_eq!(
                text, body,
                "m{i:04}.py is neither the original nor the migration"
            );
        }
    }
    assert!(
        0 < rewritten && rewritten < files,
        "{rewritten} of {files} rewritten: the kill did not land in the middle"
    );
    // Only a kill in the instant between naming the new content and renaming it over the file
    // leaves a temporary file, and then a complete one, which the next run removes.
    for name in temporaries(dir.path()) {
        let text = fs::read_to_string(dir.path().join(&name)).unwrap();
        assert_eq!(text, expected, "{name} is a partial temporary file");
    }
    // The next run finishes the job.
    let out = snakeshift(dir.path(), &["--apply", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(temporaries(dir.path()), Vec::<String>::new());
    assert_eq!(
        snakeshift(dir.path(), &["--check", "."]).status.code(),
        Some(0)
    );
}

/// Makes a path unwritable even for root (`chattr +i`), or, for other users, read-only.
struct Unwritable(std::path::PathBuf);

impl Unwritable {
    fn new(path: std::path::PathBuf) -> Self {
        let root = Command::new("id").arg("-u").output().unwrap().stdout == b"0\n";
        let ok = if root {
            Command::new("chattr")
                .arg("+i")
                .arg(&path)
                .status()
                .expect("chattr (e2fsprogs) is needed to make a file unwritable for root")
                .success()
        } else {
            Command::new("chmod")
                .arg("a-w")
                .arg(&path)
                .status()
                .unwrap()
                .success()
        };
        assert!(ok, "cannot make {} unwritable", path.display());
        Unwritable(path)
    }
}

impl Drop for Unwritable {
    fn drop(&mut self) {
        let _ = Command::new("chattr").arg("-i").arg(&self.0).status();
        let _ = Command::new("chmod").arg("u+w").arg(&self.0).status();
    }
}

#[test]
fn unwritable_files_and_directories_are_reported_and_the_rest_is_written() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("locked")).unwrap();
    for name in ["a.py", "locked/b.py", "c.py"] {
        fs::write(dir.path().join(name), LEGACY).unwrap();
    }
    let _file = Unwritable::new(dir.path().join("a.py"));
    let _dir = Unwritable::new(dir.path().join("locked"));
    let out = snakeshift(dir.path(), &["--apply", "."]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("error: a.py: cannot replace the file"),
        "{err}"
    );
    assert!(
        err.contains("error: locked/b.py: cannot create a temporary file next to it"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(dir.path().join("a.py")).unwrap(), LEGACY);
    assert_eq!(
        fs::read_to_string(dir.path().join("locked/b.py")).unwrap(),
        LEGACY
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("c.py")).unwrap(),
        MIGRATED
    );
    assert_eq!(temporaries(dir.path()), Vec::<String>::new());
}

#[test]
fn symbolic_links_out_of_the_tree_are_never_written_through() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("target.py"), LEGACY).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("linked_dir")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("target.py"),
        dir.path().join("linked.py"),
    )
    .unwrap();
    fs::write(dir.path().join("own.py"), LEGACY).unwrap();
    let out = snakeshift(dir.path(), &["--apply", "."]);
    assert_eq!(
        fs::read_to_string(outside.path().join("target.py")).unwrap(),
        LEGACY,
        "{}",
        stderr(&out)
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("own.py")).unwrap(),
        MIGRATED
    );
    // Named explicitly, the link is refused, not followed.
    let out = snakeshift(
        dir.path(),
        &["--apply", "linked.py", "linked_dir/target.py"],
    );
    assert_eq!(
        fs::read_to_string(outside.path().join("target.py")).unwrap(),
        LEGACY,
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_50_mb_file_is_migrated() {
    let dir = tempfile::tempdir().unwrap();
    // Generated code: a large table, with the typing to migrate at both ends.
    let row = "    (\"key\", 1234567890, 3.14159, b\"bytes\", None, True),\n";
    let rows = 50_000_000 / row.len();
    let text = format!(
        "from typing import List, Optional\n\nTABLE = [\n{}]\n\n\ndef first(items: List[int]) -> Optional[int]:\n    return items[0] if items else None\n",
        row.repeat(rows)
    );
    assert!(text.len() >= 50_000_000);
    fs::write(dir.path().join("big.py"), &text).unwrap();
    let out = snakeshift(dir.path(), &["--apply", "big.py"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let result = fs::read_to_string(dir.path().join("big.py")).unwrap();
    assert!(
        result.trim_start().starts_with("TABLE = [\n"),
        "{}",
        &result[..100]
    );
    assert!(
        result.ends_with(MIGRATED),
        "{}",
        &result[result.len() - 200..]
    );
    assert!(
        text.len() - result.len() < 100,
        "only the import and the annotations change"
    );
}

#[test]
fn deep_nesting_is_reported_or_handled_never_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let depth = 50_000;
    let deep = format!(
        "{LEGACY}\nx = {}1{}\n",
        "(".repeat(depth),
        ")".repeat(depth)
    );
    let nested_lists = format!("{LEGACY}\ny = {}{}\n", "[".repeat(depth), "]".repeat(depth));
    let nested_blocks: String = (0..100)
        .map(|i| format!("{}if x{i}:\n", "    ".repeat(i)))
        .collect::<String>()
        + &"    ".repeat(100)
        + "z: List[int] = []\n";
    fs::write(dir.path().join("deep.py"), &deep).unwrap();
    fs::write(dir.path().join("lists.py"), &nested_lists).unwrap();
    fs::write(
        dir.path().join("blocks.py"),
        format!("{LEGACY}\n{nested_blocks}"),
    )
    .unwrap();
    fs::write(dir.path().join("plain.py"), LEGACY).unwrap();
    let out = snakeshift(dir.path(), &["--apply", "."]);
    let err = stderr(&out);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{err}");
    for name in ["deep.py", "lists.py"] {
        let text = fs::read_to_string(dir.path().join(name)).unwrap();
        let original = if name == "deep.py" {
            &deep
        } else {
            &nested_lists
        };
        assert!(
            text == *original && err.contains(&format!("error: {name}: "))
                || text.starts_with(MIGRATED),
            "{name}: {err}"
        );
    }
    let blocks = fs::read_to_string(dir.path().join("blocks.py")).unwrap();
    assert!(blocks.ends_with("z: list[int] = []\n"), "{err}");
    assert_eq!(
        fs::read_to_string(dir.path().join("plain.py")).unwrap(),
        MIGRATED
    );
}

#[test]
fn binary_files_named_py_are_reported_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let mut binary: Vec<u8> = b"from typing import List\n\x00\x01\x02\xff\xfe".to_vec();
    binary.extend((0..=255u8).cycle().take(10_000));
    fs::write(dir.path().join("blob.py"), &binary).unwrap();
    fs::write(dir.path().join("plain.py"), LEGACY).unwrap();
    let out = snakeshift(dir.path(), &["--apply", "."]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("error: blob.py: "), "{err}");
    assert_eq!(
        err.lines().filter(|l| l.contains("blob.py")).count(),
        1,
        "{err}"
    );
    assert_eq!(fs::read(dir.path().join("blob.py")).unwrap(), binary);
    assert_eq!(
        fs::read_to_string(dir.path().join("plain.py")).unwrap(),
        MIGRATED
    );
}

#[test]
fn paths_with_spaces_and_non_ascii_names() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("my project/módulos ünïcode");
    fs::create_dir_all(&sub).unwrap();
    fs::write(sub.join("façade helpers.py"), LEGACY).unwrap();
    fs::write(sub.join("日本語.py"), LEGACY).unwrap();
    Command::new("git")
        .args(["init", "-q"])
        .current_dir(dir.path())
        .status()
        .unwrap();
    let dry = snakeshift(dir.path(), &["."]);
    let diff = stdout(&dry);
    assert!(diff.contains("façade helpers.py"), "{diff}");
    let applied = git_apply(dir.path(), &diff, &[]);
    assert!(applied.status.success(), "{}", stderr(&applied));
    for name in ["façade helpers.py", "日本語.py"] {
        assert_eq!(fs::read_to_string(sub.join(name)).unwrap(), MIGRATED);
    }
    // The same, written by snakeshift itself.
    fs::write(sub.join("日本語.py"), LEGACY).unwrap();
    let out = snakeshift(dir.path(), &["--apply", "my project"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(sub.join("日本語.py")).unwrap(), MIGRATED);
}
