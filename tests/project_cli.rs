//! The project rewrites through the command line: creation and deletion in the same diff as
//! the file rewrites, `git apply` of the whole patch, `--apply`, `--check`, refusals, the
//! report, selection, and `requires-python` feeding the other rewrites.

mod common;

use common::*;
use std::fs;

fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
    dir
}

const DISTUTILS_SETUP: &str = "\
from distutils.core import setup
from distutils.command.build_py import build_py


class BuildPy(build_py):
    def run(self):
        build_py.run(self)


setup(
    name=\"demo\",
    version=\"1.0\",
    packages=[\"demo\"],
    cmdclass={\"build_py\": BuildPy},
)
";

const STATIC_SETUP: &str = "\
from setuptools import setup

setup(
    name=\"demo\",
    version=\"1.0\",
    packages=[\"demo\"],
    zip_safe=False,
)
";

#[test]
fn creation_and_deletion_are_part_of_one_applicable_diff() {
    let files = [("setup.py", STATIC_SETUP), ("demo/__init__.py", "")];
    let dir = project(&files);
    let out = snakeshift(dir.path(), &["."]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let diff = stdout(&out);
    assert!(
        diff.contains("--- /dev/null\n+++ b/pyproject.toml\n"),
        "{diff}"
    );
    assert!(diff.contains("--- a/setup.py\n+++ /dev/null\n"), "{diff}");
    assert!(
        dir.path().join("setup.py").exists(),
        "a dry run writes nothing"
    );
    assert!(!dir.path().join("pyproject.toml").exists());
    let err = stderr(&out);
    assert!(
        err.contains("setup.py → pyproject.toml: pyproject.toml created, setup.py deleted"),
        "{err}"
    );
    assert!(err.contains("zip_safe"), "{err}");
    assert!(
        err.contains("Would rewrite 2 files (0 fixes, 1 project to pyproject.toml)."),
        "{err}"
    );

    let applied = git_apply(dir.path(), &diff, &[]);
    assert!(applied.status.success(), "{}", stderr(&applied));
    let by_apply = project(&files);
    let out = snakeshift(by_apply.path(), &["--apply", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
    assert_eq!(snapshot(by_apply.path()), snapshot(dir.path()));
    assert!(!by_apply.path().join("setup.py").exists());

    let again = snakeshift(by_apply.path(), &["."]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert!(stdout(&again).is_empty());
}

#[test]
fn file_rewrites_and_the_shim_make_one_coherent_setup_py() {
    let files = [("setup.py", DISTUTILS_SETUP), ("demo/__init__.py", "")];
    let dir = project(&files);
    let out = snakeshift(dir.path(), &["--apply", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let setup = fs::read_to_string(dir.path().join("setup.py")).unwrap();
    assert_eq!(
        setup,
        "from setuptools import setup\nfrom setuptools.command.build_py import build_py\n\n\nclass BuildPy(build_py):\n    def run(self):\n        build_py.run(self)\n\n\nsetup(\n    cmdclass={\"build_py\": BuildPy},\n)\n"
    );
    let pyproject = fs::read_to_string(dir.path().join("pyproject.toml")).unwrap();
    assert!(
        pyproject.contains("name = \"demo\"\nversion = \"1.0\"\n"),
        "{pyproject}"
    );
    // One diff for setup.py, against the file on disk.
    let fresh = project(&files);
    let diff = stdout(&snakeshift(fresh.path(), &["."]));
    assert_eq!(diff.matches("+++ b/setup.py").count(), 1, "{diff}");
    assert!(git_apply(fresh.path(), &diff, &[]).status.success());
    assert_eq!(snapshot(fresh.path()), snapshot(dir.path()));
    // Report lines point into the file on disk.
    let err = stderr(&snakeshift(project(&files).path(), &["."]));
    assert!(err.contains("setup.py:11  name"), "{err}");
}

#[test]
fn check_lists_created_and_deleted_files() {
    let dir = project(&[("setup.py", STATIC_SETUP), ("demo/__init__.py", "")]);
    let out = snakeshift(dir.path(), &["--check"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "pyproject.toml\nsetup.py\n");
}

#[test]
fn refusals_write_nothing_and_say_why() {
    let files = [(
        "setup.py",
        "from setuptools import setup\nsetup(name='x', setup_requires=['pbr'], pbr=True)\n",
    )];
    let dir = project(&files);
    let before = snapshot(dir.path());
    let out = snakeshift(dir.path(), &["."]);
    assert_eq!(out.status.code(), Some(1), "a refusal is left for a human");
    assert!(stdout(&out).is_empty());
    let err = stderr(&out);
    assert!(
        err.contains(
            "setup.py: setup-py-to-pyproject: not converted: setup.py passes the metadata keyword `name` next to pbr=True"
        ),
        "{err}"
    );
    assert!(
        err.contains("1 project not converted to pyproject.toml"),
        "{err}"
    );
    let out = snakeshift(dir.path(), &["--apply", "."]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(snapshot(dir.path()), before);
    let quiet = snakeshift(dir.path(), &["-q", "."]);
    assert!(stderr(&quiet).is_empty(), "{}", stderr(&quiet));
}

#[test]
fn selecting_only_packaging_converts_the_original_script() {
    let dir = project(&[("setup.py", DISTUTILS_SETUP), ("demo/__init__.py", "")]);
    let out = snakeshift(dir.path(), &["--apply", "--select", "packaging", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let setup = fs::read_to_string(dir.path().join("setup.py")).unwrap();
    assert!(
        setup.starts_with("from distutils.core import setup\n"),
        "{setup}"
    );
    assert!(
        setup.ends_with("setup(\n    cmdclass={\"build_py\": BuildPy},\n)\n"),
        "{setup}"
    );
    let dir = project(&[("setup.py", STATIC_SETUP), ("demo/__init__.py", "")]);
    let out = snakeshift(dir.path(), &["--ignore", "setup-py-to-pyproject", "."]);
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
}

#[test]
fn subprojects_are_converted_with_paths_relative_to_the_current_directory() {
    let dir = project(&[
        ("libs/one/setup.py", STATIC_SETUP),
        ("libs/one/demo/__init__.py", ""),
    ]);
    let diff = stdout(&snakeshift(dir.path(), &["libs"]));
    assert!(diff.contains("+++ b/libs/one/pyproject.toml\n"), "{diff}");
    assert!(
        diff.contains("--- a/libs/one/setup.py\n+++ /dev/null\n"),
        "{diff}"
    );
    assert!(git_apply(dir.path(), &diff, &["--check"]).status.success());
}

#[test]
fn the_declared_python_requirement_feeds_the_other_rewrites() {
    let setup = "from setuptools import setup\nPYTHON = '>=3.7'\nsetup(name='demo', version='1', py_modules=['m'], python_requires=PYTHON)\n";
    let dir = project(&[
        ("setup.py", setup),
        (
            "m.py",
            "from distutils.dir_util import copy_tree\ncopy_tree('a', 'b')\n",
        ),
    ]);
    let out = snakeshift(dir.path(), &["--unsafe", "--ignore=distutils-shim", "."]);
    let err = stderr(&out);
    assert!(err.contains("needs Python 3.8"), "{err}");
    assert!(!stdout(&out).contains("dirs_exist_ok"), "{}", stdout(&out));
}

#[test]
fn spdx_is_opt_in() {
    let setup = "from setuptools import setup\nsetup(name='demo', version='1', py_modules=['m'], license='MIT', classifiers=['License :: OSI Approved :: MIT License'])\n";
    let files = [("setup.py", setup), ("m.py", "")];
    let dir = project(&files);
    snakeshift(dir.path(), &["--apply", "."]);
    let text = fs::read_to_string(dir.path().join("pyproject.toml")).unwrap();
    assert!(text.contains("license = { text = \"MIT\" }"), "{text}");
    assert!(
        text.contains("License :: OSI Approved :: MIT License"),
        "{text}"
    );
    let dir = project(&files);
    snakeshift(dir.path(), &["--apply", "--spdx", "."]);
    let text = fs::read_to_string(dir.path().join("pyproject.toml")).unwrap();
    assert!(text.contains("license = \"MIT\""), "{text}");
    assert!(!text.contains("License ::"), "{text}");
    assert!(text.contains("setuptools>=77"), "{text}");
}

#[test]
fn linked_configuration_files_are_not_written_through() {
    let dir = project(&[
        ("setup.py", STATIC_SETUP),
        ("demo/__init__.py", ""),
        ("real.toml", "[tool.black]\n"),
    ]);
    std::os::unix::fs::symlink(
        dir.path().join("real.toml"),
        dir.path().join("pyproject.toml"),
    )
    .unwrap();
    let out = snakeshift(dir.path(), &["--apply", "."]);
    assert!(
        stderr(&out).contains("pyproject.toml is a symbolic link"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("real.toml")).unwrap(),
        "[tool.black]\n"
    );
    assert!(dir.path().join("setup.py").exists());
}

#[test]
fn crlf_line_endings_survive_the_shim_and_the_folded_setup_cfg() {
    let setup = "from setuptools import setup\r\nfrom setuptools.command.build_py import build_py\r\n\r\n\r\nclass B(build_py):\r\n    pass\r\n\r\n\r\nsetup(\r\n    name=\"crlf\",\r\n    version=\"1\",\r\n    packages=[\"pkg\"],\r\n    cmdclass={\"build_py\": B},\r\n)\r\n";
    let cfg = "[metadata]\r\nlicense = MIT\r\n\r\n[flake8]\r\nx = 1\r\n";
    let dir = project(&[
        ("setup.py", setup),
        ("setup.cfg", cfg),
        ("pkg/__init__.py", ""),
    ]);
    let out = snakeshift(dir.path(), &["--apply", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        fs::read_to_string(dir.path().join("setup.py")).unwrap(),
        "from setuptools import setup\r\nfrom setuptools.command.build_py import build_py\r\n\r\n\r\nclass B(build_py):\r\n    pass\r\n\r\n\r\nsetup(\r\n    cmdclass={\"build_py\": B},\r\n)\r\n"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("setup.cfg")).unwrap(),
        "[flake8]\r\nx = 1\r\n"
    );
}

/// A `setup.py` that the project's own tests read as input (`tests/**/setup.py`,
/// `testdata/`, `fixtures/`) or that lies inside a package is test data, not a project: a
/// run over the tree converts only the real root, and says so; naming the directory (or its
/// setup.py) converts it.
#[test]
fn test_data_projects_are_not_converted_unless_named() {
    let dir = project(&[
        ("setup.py", STATIC_SETUP),
        ("demo/__init__.py", ""),
        ("tests/data/legacy/setup.py", STATIC_SETUP),
        ("tests/data/legacy/demo/__init__.py", ""),
        ("testdata/old/setup.py", STATIC_SETUP),
        ("fixtures/old/setup.py", STATIC_SETUP),
        ("demo/templates/skeleton/setup.py", STATIC_SETUP),
    ]);
    let out = snakeshift(dir.path(), &["--apply", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path().join("pyproject.toml").exists());
    assert!(!dir.path().join("setup.py").exists());
    for sub in [
        "tests/data/legacy",
        "testdata/old",
        "fixtures/old",
        "demo/templates/skeleton",
    ] {
        let at = dir.path().join(sub);
        assert!(at.join("setup.py").exists(), "{sub} was converted");
        assert!(!at.join("pyproject.toml").exists(), "{sub} was converted");
        assert!(
            stderr(&out).contains(&format!("{sub}: not converted to pyproject.toml")),
            "{}",
            stderr(&out)
        );
    }
    // Named explicitly, it converts.
    let out = snakeshift(dir.path(), &["--apply", "tests/data/legacy"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path().join("tests/data/legacy/pyproject.toml").exists());
    let out = snakeshift(dir.path(), &["--apply", "testdata/old/setup.py"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path().join("testdata/old/pyproject.toml").exists());
}
