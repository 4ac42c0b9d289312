//! The command-line contract, exercised on temporary copies.

mod common;

use common::*;
use std::fs;
use std::os::unix::fs::PermissionsExt;

#[test]
fn dry_run_prints_an_applicable_diff_and_changes_nothing() {
    let dir = example_copy();
    let before = snapshot(dir.path());
    let out = snakeshift(dir.path(), &["."]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let diff = stdout(&out);
    assert!(diff.contains("--- a/legacytool/settings.py\n+++ b/legacytool/settings.py\n"));
    assert!(stderr(&out).contains("Would rewrite"));
    assert!(
        !diff.contains("Would rewrite"),
        "the summary belongs on stderr"
    );
    assert_eq!(snapshot(dir.path()), before, "a dry run must not write");
    let check = git_apply(dir.path(), &diff, &["--check"]);
    assert!(check.status.success(), "{}", stderr(&check));
}

#[test]
fn apply_writes_exactly_the_diff_and_a_second_run_is_a_no_op() {
    for extra in [&[][..], &["--unsafe"][..]] {
        let patched = example_copy();
        let mut args = vec!["."];
        args.extend(extra);
        let diff = stdout(&snakeshift(patched.path(), &args));
        assert!(git_apply(patched.path(), &diff, &[]).status.success());

        let applied = example_copy();
        let mut apply_args = vec!["--apply", "."];
        apply_args.extend(extra);
        let out = snakeshift(applied.path(), &apply_args);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(stdout(&out).is_empty(), "--apply prints no diff");
        assert!(stderr(&out).contains("Rewrote"));
        assert_eq!(snapshot(applied.path()), snapshot(patched.path()));

        let again = snakeshift(applied.path(), &apply_args);
        assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
        assert_eq!(snapshot(applied.path()), snapshot(patched.path()));
        let dry = snakeshift(applied.path(), &args);
        assert!(
            stdout(&dry).is_empty(),
            "nothing left to change:\n{}",
            stdout(&dry)
        );
    }
}

#[test]
fn check_lists_the_files_that_would_change() {
    let dir = example_copy();
    let out = snakeshift(dir.path(), &["--check"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let listed: Vec<&str> = text.lines().collect();
    assert!(listed.contains(&"setup.py"), "{listed:?}");
    assert!(listed.contains(&"legacytool/settings.py"));
    assert!(!listed.iter().any(|l| l.contains("models.py")));
}

#[test]
fn nothing_to_do_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("m.py"), "import os\nprint(os.sep)\n").unwrap();
    let out = snakeshift(dir.path(), &["."]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).is_empty());
    assert!(stderr(&out).contains("Nothing to rewrite in 1 file"));
}

#[test]
fn unfixable_findings_fail_the_dry_run_but_not_apply() {
    let dir = tempfile::tempdir().unwrap();
    let src = "from distutils.ccompiler import new_compiler\ncc = new_compiler()\n";
    fs::write(dir.path().join("m.py"), src).unwrap();
    let out = snakeshift(dir.path(), &["."]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("m.py:2:6: distutils-unsupported:"), "{err}");
    assert!(err.contains("manual change needed"));
    assert_eq!(
        snakeshift(dir.path(), &["--apply", "."]).status.code(),
        Some(0)
    );
    assert_eq!(
        snakeshift(dir.path(), &["--exit-zero", "."]).status.code(),
        Some(0)
    );
}

#[test]
fn unsafe_fixes_are_announced_and_need_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.py");
    fs::write(
        &path,
        "from distutils.spawn import find_executable\nfind_executable('ls')\n",
    )
    .unwrap();
    let out = snakeshift(dir.path(), &["--apply", "."]);
    assert!(stderr(&out).contains("unsafe fix available with --unsafe"));
    assert!(
        stderr(&out).contains("1 more fix with --unsafe"),
        "{}",
        stderr(&out)
    );
    assert!(
        fs::read_to_string(&path)
            .unwrap()
            .contains("find_executable")
    );
    snakeshift(dir.path(), &["--apply", "--unsafe", "."]);
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "import shutil\nshutil.which('ls')\n"
    );
}

#[test]
fn bad_files_are_reported_and_the_rest_is_processed() {
    let dir = tempfile::tempdir().unwrap();
    let good = "from distutils.core import setup\n";
    fs::write(
        dir.path().join("a_broken.py"),
        "import distutils.core\ndef f(:\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("b_latin1.py"),
        b"import distutils.core\nx = '\xe9'\n",
    )
    .unwrap();
    fs::write(dir.path().join("c_good.py"), good).unwrap();
    let out = snakeshift(dir.path(), &["--apply", "."]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("error: a_broken.py: snakeshift's parser cannot read this file at line 2"),
        "{err}"
    );
    assert!(err.contains("error: b_latin1.py: not valid UTF-8"), "{err}");
    assert_eq!(
        fs::read(dir.path().join("b_latin1.py")).unwrap(),
        b"import distutils.core\nx = '\xe9'\n"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("c_good.py")).unwrap(),
        "from setuptools import setup\n"
    );
}

#[test]
fn encoding_cookies_crlf_bom_tabs_and_permissions_survive() {
    let dir = tempfile::tempdir().unwrap();
    let crlf = dir.path().join("crlf.py");
    fs::write(
        &crlf,
        "\u{feff}# -*- coding: utf-8 -*-\r\nfrom distutils.core import setup\r\nif setup:\r\n\tpass_ = 1\r\n",
    )
    .unwrap();
    fs::set_permissions(&crlf, fs::Permissions::from_mode(0o755)).unwrap();
    let ascii_latin1 = dir.path().join("latin1.py");
    fs::write(
        &ascii_latin1,
        "# coding: latin-1\nfrom distutils.core import setup\n",
    )
    .unwrap();
    let out = snakeshift(dir.path(), &["--apply", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        fs::read(&crlf).unwrap(),
        "\u{feff}# -*- coding: utf-8 -*-\r\nfrom setuptools import setup\r\nif setup:\r\n\tpass_ = 1\r\n"
            .as_bytes()
    );
    assert_eq!(
        fs::metadata(&crlf).unwrap().permissions().mode() & 0o777,
        0o755
    );
    assert_eq!(
        fs::read_to_string(&ascii_latin1).unwrap(),
        "# coding: latin-1\nfrom setuptools import setup\n"
    );
}

#[test]
fn usage_errors_exit_two_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    for (args, expected) in [
        (
            &["--select", "no-such-rewrite", "."][..],
            "unknown rewrite or group `no-such-rewrite`",
        ),
        (
            &["--target-version", "3.x", "."][..],
            "--target-version: invalid Python version `3.x`",
        ),
        (
            &["--min-version", "2.7", "."][..],
            "--min-version: unsupported Python version `2.7`",
        ),
        (&["explain", "nope"][..], "unknown rewrite `nope`"),
    ] {
        let out = snakeshift(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(expected), "{err}");
    }
}

#[test]
fn missing_paths_are_errors_but_other_paths_run() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("m.py"),
        "from distutils.core import setup\n",
    )
    .unwrap();
    let out = snakeshift(dir.path(), &["--apply", "missing.py", "m.py"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("error: missing.py: no such file or directory"));
    assert_eq!(
        fs::read_to_string(dir.path().join("m.py")).unwrap(),
        "from setuptools import setup\n"
    );
}

#[test]
fn select_and_ignore_by_id_and_group() {
    let dir = tempfile::tempdir().unwrap();
    let src = "from distutils.core import setup\nfrom distutils.util import get_platform\n";
    fs::write(dir.path().join("m.py"), src).unwrap();
    let only_core = stdout(&snakeshift(
        dir.path(),
        &["--select", "distutils-core", "."],
    ));
    assert!(only_core.contains("+from setuptools import setup"));
    assert!(!only_core.contains("sysconfig"));
    let group = stdout(&snakeshift(
        dir.path(),
        &["--select=distutils", "--ignore=distutils-core", "."],
    ));
    assert!(group.contains("+from sysconfig import get_platform"));
    assert!(!group.contains("setuptools"));
}

#[test]
fn versions_come_from_the_project_or_the_flags() {
    let dir = tempfile::tempdir().unwrap();
    let src = "from distutils.dir_util import copy_tree\ncopy_tree('a', 'b')\n";
    fs::write(dir.path().join("m.py"), src).unwrap();
    fs::write(
        dir.path().join("pyproject.toml"),
        "[project]\nname = \"x\"\nrequires-python = \">=3.7\"\n",
    )
    .unwrap();
    let out = snakeshift(dir.path(), &["--unsafe", "--ignore=distutils-shim", "."]);
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("needs Python 3.8"),
        "{}",
        stderr(&out)
    );
    let out = snakeshift(dir.path(), &["--unsafe", "--min-version", "3.9", "."]);
    assert!(stdout(&out).contains("dirs_exist_ok=True"));
    let out = snakeshift(dir.path(), &["--unsafe", "--target-version", "3.11", "."]);
    assert!(stdout(&out).is_empty(), "distutils still exists in 3.11");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn excludes_and_gitignore() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["keep/a.py", "skip/b.py", "ignored/c.py", "build/d.py"] {
        let p = dir.path().join(f);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, "import distutils.core\ndistutils.core.setup()\n").unwrap();
    }
    fs::write(dir.path().join(".gitignore"), "ignored/\n").unwrap();
    let out = stdout(&snakeshift(
        dir.path(),
        &["--check", "--exclude", "skip", "."],
    ));
    assert_eq!(out, "keep/a.py\n");
    let out = stdout(&snakeshift(
        dir.path(),
        &["--check", "--no-respect-gitignore", "."],
    ));
    assert_eq!(out, "ignored/c.py\nkeep/a.py\nskip/b.py\n");
    let named = stdout(&snakeshift(
        dir.path(),
        &["--check", "--force-exclude", "build/d.py", "keep/a.py"],
    ));
    assert_eq!(named, "keep/a.py\n");
}

#[test]
fn list_and_explain() {
    let dir = tempfile::tempdir().unwrap();
    let out = snakeshift(dir.path(), &["list"]);
    assert_eq!(out.status.code(), Some(0));
    let list = stdout(&out);
    assert!(list.starts_with("ID"));
    assert!(
        list.lines().any(|l| l.starts_with("distutils-spawn")
            && l.contains("unsafe")
            && l.contains("3.12"))
    );
    let out = snakeshift(dir.path(), &["explain", "distutils-spawn"]);
    let doc = stdout(&out);
    for section in [
        "# distutils-spawn",
        "## What it does",
        "## Why",
        "## Example",
        "## Fix safety",
    ] {
        assert!(doc.contains(section), "{doc}");
    }
}

#[test]
fn symlinks_are_not_followed() {
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("t.py");
    fs::write(&target, "from distutils.core import setup\n").unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(&target, dir.path().join("link.py")).unwrap();
    let out = snakeshift(dir.path(), &["--apply", "link.py", "."]);
    assert!(
        stderr(&out).contains("link.py: is a symbolic link"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        fs::read_to_string(&target).unwrap(),
        "from distutils.core import setup\n"
    );
}

#[test]
fn the_readme_documents_every_rewrite() {
    let readme = fs::read_to_string(repo_root().join("README.md")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let list = stdout(&snakeshift(dir.path(), &["list"]));
    for id in list
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().next())
    {
        assert!(
            readme.contains(&format!("| `{id}` |")),
            "README lacks a row for `{id}`"
        );
    }
}

#[test]
fn typing_rewrites_chain_to_a_fixed_point_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let src = "from __future__ import annotations\n\nfrom typing import Dict, List, Optional, Union\nimport typing_extensions\n\n\ndef f(x: \"Optional[List[int]]\", y: typing_extensions.Union[Dict[str, int], None]) -> \"Union[int, Node]\":\n    return 0\n\n\nclass Node:\n    pass\n";
    fs::write(dir.path().join("m.py"), src).unwrap();
    let out = snakeshift(dir.path(), &["--apply", "--select", "typing", "m.py"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let result = fs::read_to_string(dir.path().join("m.py")).unwrap();
    assert_eq!(
        result,
        "from __future__ import annotations\n\n\ndef f(x: list[int] | None, y: dict[str, int] | None) -> int | Node:\n    return 0\n\n\nclass Node:\n    pass\n"
    );
    let again = snakeshift(dir.path(), &["--select", "typing", "m.py"]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert!(stdout(&again).is_empty());
}

#[test]
fn suppression_comments() {
    let dir = tempfile::tempdir().unwrap();
    let src = "\
from distutils.core import setup  # snakeshift: ignore[distutils-core]
from distutils.util import get_platform  # noqa: distutils-util
from distutils.errors import DistutilsError
import os  # snakeshift: ignore[distutils-spawn]


def build():  # snakeshift: ignore[distutils]
    from distutils.spawn import find_executable
    return find_executable('cc')
";
    fs::write(dir.path().join("m.py"), src).unwrap();
    let out = snakeshift(dir.path(), &["--apply", "--unsafe", "m.py"]);
    let result = fs::read_to_string(dir.path().join("m.py")).unwrap();
    assert_eq!(
        result,
        src.replace(
            "from distutils.errors import DistutilsError",
            "from setuptools.errors import BaseError"
        )
    );
    let err = stderr(&out);
    assert!(err.contains("m.py:4:12: unused-suppression:"), "{err}");
    assert_eq!(err.matches("unused-suppression").count(), 1, "{err}");

    let file = tempfile::tempdir().unwrap();
    let src = "# snakeshift: file-ignore[distutils]\nfrom distutils.core import setup\n";
    fs::write(file.path().join("m.py"), src).unwrap();
    let out = snakeshift(file.path(), &["m.py"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_package_module_named_like_a_standard_module_is_not_that_module() {
    // `pydantic/typing.py` is `pydantic.typing`: its `typing_extensions` imports move to the
    // standard `typing`. A top-level `typing.py` is `typing` itself: they stay.
    let dir = tempfile::tempdir().unwrap();
    let source = "from typing_extensions import Literal\n\nKind = Literal[\"a\"]\n";
    write_files(
        dir.path(),
        &[
            ("pkg/__init__.py", ""),
            ("pkg/typing.py", source),
            ("top/typing.py", source),
        ],
    );
    let out = snakeshift(
        dir.path(),
        &["--apply", "--select", "typing-moved-names", "."],
    );
    assert!(out.status.code().is_some(), "{}", stderr(&out));
    let read = |p: &str| fs::read_to_string(dir.path().join(p)).unwrap();
    assert_eq!(
        read("pkg/typing.py"),
        "from typing import Literal\n\nKind = Literal[\"a\"]\n"
    );
    assert_eq!(read("top/typing.py"), source);
}
