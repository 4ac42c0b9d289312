//! setup.py / setup.cfg → pyproject.toml, proven on real builds: every project under
//! `tests/projects/` is converted by the binary (`--apply`, as a user would), then the
//! original and the converted project are built into wheels by the real setuptools and
//! `build` of the provisioned Python 3.11 virtualenv, and their core metadata and file lists
//! must be the same. Every written `pyproject.toml` must pass `validate-pyproject`, and a
//! second run must change nothing.

mod common;

use common::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What must become of a configuration file.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Fate {
    Absent,
    Deleted,
    Kept,
}

fn venv_tool(name: &str) -> PathBuf {
    python311().parent().unwrap().join(name)
}

/// Builds a wheel of `project` and returns its normalised metadata (JSON).
fn wheel_metadata(project: &Path, out: &Path) -> String {
    let script = repo_root().join("tests/packaging/wheel_metadata.py");
    let output = Command::new(python311())
        .arg(&script)
        .arg(project)
        .arg(out)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        // pbr projects take their version from it (no git in the copies).
        .env("PBR_VERSION", "1.2.3")
        .env_remove("PYTHONPATH")
        .output()
        .expect("the provisioned Python 3.11 runs");
    assert!(
        output.status.success(),
        "building {} failed:\n{}{}",
        project.display(),
        stdout(&output),
        stderr(&output)
    );
    stdout(&output)
}

fn validate_pyproject(path: &Path) {
    let out = Command::new(venv_tool("validate-pyproject"))
        .arg(path)
        .output()
        .expect("validate-pyproject is provisioned");
    assert!(
        out.status.success(),
        "{} does not validate:\n{}{}\n{}",
        path.display(),
        stdout(&out),
        stderr(&out),
        fs::read_to_string(path).unwrap_or_default()
    );
}

/// Converts a copy of `tests/projects/<name>`, checks the files' fates and the report, and
/// compares the wheels built from the original and the converted project.
fn check(name: &str, setup_py: Fate, setup_cfg: Fate, report_mentions: &[&str]) {
    check_in(name, setup_py, setup_cfg, report_mentions, false);
}

/// Makes `dir` a git checkout with everything committed (pbr lists the files git tracks).
fn commit_all(dir: &Path) {
    for args in [
        &["init", "-q"][..],
        &["add", "-A"],
        &[
            "-c",
            "user.name=snakeshift",
            "-c",
            "user.email=tests@snakeshift.invalid",
            "commit",
            "-q",
            "-m",
            "init",
        ],
    ] {
        let out = Command::new("git")
            .args(args)
            .current_dir(dir)
            .output()
            .expect("git runs");
        assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
    }
}

/// [`check`]; with `git`, both trees are git checkouts when they are built.
fn check_in(name: &str, setup_py: Fate, setup_cfg: Fate, report_mentions: &[&str], git: bool) {
    let source = repo_root().join("tests/projects").join(name);
    let work = tempfile::tempdir().unwrap();
    let original = work.path().join("original");
    let converted = work.path().join("converted");
    copy_dir(&source, &original);
    copy_dir(&source, &converted);

    let out = snakeshift(&converted, &["--apply", "."]);
    let report = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{report}");
    for expected in report_mentions {
        // `keyword => outcome` names a line of the keyword table.
        let found = match expected.split_once(" => ") {
            Some((keyword, outcome)) => report.lines().any(|l| {
                // The keyword may be two words (`[metadata] summary`).
                let words: Vec<&str> = l.split_whitespace().collect();
                words.len() > 2
                    && words[1..]
                        .join(" ")
                        .starts_with(&format!("{keyword} {outcome} "))
            }),
            None => report.contains(expected),
        };
        assert!(found, "the report lacks `{expected}`:\n{report}");
    }
    for (file, fate) in [("setup.py", setup_py), ("setup.cfg", setup_cfg)] {
        let exists = converted.join(file).exists();
        match fate {
            Fate::Absent | Fate::Deleted => assert!(!exists, "{file} should be gone:\n{report}"),
            Fate::Kept => assert!(exists, "{file} should remain:\n{report}"),
        }
    }
    let pyproject = converted.join("pyproject.toml");
    assert!(pyproject.exists(), "no pyproject.toml written:\n{report}");
    validate_pyproject(&pyproject);

    let again = snakeshift(&converted, &["."]);
    assert!(
        stdout(&again).is_empty(),
        "a second run still changes things:\n{}",
        stdout(&again)
    );

    if git {
        commit_all(&original);
        commit_all(&converted);
    }
    let before = wheel_metadata(&original, &work.path().join("wheel-original"));
    let after = wheel_metadata(&converted, &work.path().join("wheel-converted"));
    assert_eq!(
        before,
        after,
        "{name}: the converted project builds different metadata or files\npyproject.toml:\n{}\nreport:\n{report}",
        fs::read_to_string(&pyproject).unwrap()
    );
}

#[test]
fn flat_layout_with_a_version_read_by_regex() {
    check(
        "flat_regex_version",
        Fate::Deleted,
        Fate::Absent,
        &[
            "version => dynamic",
            "attr = \"chatterbox.__version__\"",
            "download_url => converted",
            "removed a development-only command",
            "removed a Python version check",
            "[tool.distutils.bdist_wheel]",
        ],
    );
}

#[test]
fn src_layout_with_a_version_file_run_by_exec() {
    check(
        "src_layout_exec_version",
        Fate::Deleted,
        Fate::Absent,
        &[
            "attr = \"fancy.__version__.__version__\"",
            "namespaces = false",
            "the \"\" key becomes \"*\"",
        ],
    );
}

#[test]
fn entry_points_extras_with_markers_and_requirements_file() {
    check(
        "entry_points_extras",
        Fate::Deleted,
        Fate::Absent,
        &[
            "project.scripts, project.gui-scripts, project.entry-points.\"toolbelt.plugins\"",
            "the dependencies were read from requirements.txt",
            "is never true on Python 3.8 or later",
        ],
    );
}

#[test]
fn package_data_manifest_and_data_files() {
    check(
        "package_data_manifest",
        Fate::Deleted,
        Fate::Absent,
        &[
            "include-package-data = false is written explicitly",
            "scripts => converted",
        ],
    );
}

#[test]
fn c_extension_kept_in_a_shim() {
    check(
        "c_extension_shim",
        Fate::Kept,
        Fate::Absent,
        &[
            "ext_modules => kept",
            "cmdclass => kept",
            "its sources are computed at build time",
        ],
    );
}

#[test]
fn static_c_extension_in_a_distutils_script() {
    check(
        "c_extension_static",
        Fate::Deleted,
        Fate::Absent,
        &["[[tool.setuptools.ext-modules]]", "setuptools>=74.1"],
    );
}

#[test]
fn distutils_script_that_imports_its_module() {
    check(
        "distutils_modules",
        Fate::Deleted,
        Fate::Absent,
        &[
            "attr = \"configtool.__version__\"",
            "requires => dropped",
            "project.readme = { text = ... }",
        ],
    );
}

#[test]
fn setup_called_with_kwargs() {
    check(
        "kwargs_dict",
        Fate::Deleted,
        Fate::Absent,
        &[
            "attr = \"metrics.__about__.__version__\"",
            "file = [\"README.rst\", \"CHANGES.rst\"]",
        ],
    );
}

#[test]
fn existing_pyproject_keeps_its_tool_tables_and_comments() {
    check(
        "existing_pyproject_black",
        Fate::Deleted,
        Fate::Absent,
        &["pyproject.toml updated"],
    );
    let work = tempfile::tempdir().unwrap();
    copy_dir(
        &repo_root().join("tests/projects/existing_pyproject_black"),
        work.path(),
    );
    snakeshift(work.path(), &["--apply", "."]);
    let text = fs::read_to_string(work.path().join("pyproject.toml")).unwrap();
    assert!(
        text.starts_with("# Build and tool configuration for formatter.\n\n[tool.black]\nline-length = 100  # we have wide screens\n"),
        "{text}"
    );
    assert!(
        text.contains("[tool.isort]\nprofile = \"black\"\n"),
        "{text}"
    );
    assert!(
        text.contains("requires = [\"setuptools>=64\", \"wheel\"]  # legacy minimum\nbuild-backend = \"setuptools.build_meta\"\n\n[project]\nname = \"formatter\"\n"),
        "{text}"
    );
}

#[test]
fn setup_cfg_only_project() {
    check(
        "setup_cfg_only",
        Fate::Absent,
        Fate::Kept,
        &[
            "[metadata] version",
            "setup.cfg keeps its other sections",
            "pyproject.toml updated",
        ],
    );
    let work = tempfile::tempdir().unwrap();
    copy_dir(
        &repo_root().join("tests/projects/setup_cfg_only"),
        work.path(),
    );
    snakeshift(work.path(), &["--apply", "."]);
    let cfg = fs::read_to_string(work.path().join("setup.cfg")).unwrap();
    assert_eq!(
        cfg,
        "[bdist_wheel]\nuniversal = 0\n\n[egg_info]\ntag_build =\ntag_date = 0\n\n[flake8]\nmax-line-length = 100\nexclude = build,dist\n\n[tool:pytest]\ntestpaths = tests\n"
    );
}

#[test]
fn setup_cfg_with_a_setup_py_that_computes_the_version() {
    check(
        "cfg_and_py",
        Fate::Kept,
        Fate::Kept,
        &["version => kept", "[metadata] name"],
    );
}

#[test]
fn a_module_found_by_automatic_discovery_is_listed() {
    check(
        "discovered_module",
        Fate::Deleted,
        Fate::Absent,
        &["automatic discovery finds modules tinyjson"],
    );
}

#[test]
fn about_dict_run_by_exec_and_joined_readmes() {
    check(
        "about_dict_history",
        Fate::Deleted,
        Fate::Absent,
        &[
            "attr = \"httpish.__version__.__version__\"",
            "cmdclass => dropped",
            "file = [\"README.rst\", \"HISTORY.rst\"]",
            "removed a development-only command",
        ],
    );
}

#[test]
fn long_description_computed_by_code_stays_in_the_shim() {
    check(
        "computed_readme_shim",
        Fate::Kept,
        Fate::Absent,
        &[
            "long_description => kept",
            "attr = \"attrsy.__version__\"",
            "maintainer => converted",
            "extras_require => converted",
        ],
    );
}

#[test]
fn scripts_that_depend_on_an_environment_variable_stay_in_the_shim() {
    check(
        "env_dependent_scripts",
        Fate::Kept,
        Fate::Absent,
        &[
            "entry_points => kept",
            "the environment variable `TABLES_INSTALL`",
            "long_description => kept",
        ],
    );
}

#[test]
fn retry_without_the_c_extension_keeps_its_fallback() {
    check(
        "optional_speedups_retry",
        Fate::Kept,
        Fate::Absent,
        &[
            "ext_modules => kept",
            "cmdclass => kept",
            "name => converted",
        ],
    );
}

#[test]
fn packages_and_data_files_collected_by_walking_the_tree() {
    check(
        "walked_packages",
        Fate::Deleted,
        Fate::Absent,
        &["packages => converted", "data_files => converted"],
    );
}

#[test]
fn crlf_inline_readme_has_no_carriage_returns() {
    check(
        "crlf_inline_readme",
        Fate::Deleted,
        Fate::Absent,
        &["long_description => converted"],
    );
    let work = tempfile::tempdir().unwrap();
    copy_dir(
        &repo_root().join("tests/projects/crlf_inline_readme"),
        work.path(),
    );
    snakeshift(work.path(), &["--apply", "."]);
    let text = fs::read_to_string(work.path().join("pyproject.toml")).unwrap();
    assert!(!text.contains('\r') && !text.contains("\\r"), "{text}");
}

#[test]
fn markdown_named_readme_keeps_the_default_content_type() {
    check(
        "readme_md_default_type",
        Fate::Deleted,
        Fate::Absent,
        &["content-type = \"text/x-rst\""],
    );
}

#[test]
fn address_lists_become_one_entry_per_address() {
    check(
        "people_address_lists",
        Fate::Deleted,
        Fate::Absent,
        &["author_email => converted", "maintainer_email => converted"],
    );
}

#[test]
fn an_obfuscated_address_stays_in_the_shim() {
    check(
        "people_obfuscated_email",
        Fate::Kept,
        Fate::Absent,
        &["author_email => kept", "maintainer => converted"],
    );
}

#[test]
fn twoto3_helpers_and_release_commands_in_main() {
    check(
        "twoto3_release_helpers",
        Fate::Deleted,
        Fate::Absent,
        &[
            "cmdclass => dropped",
            "use_2to3 => dropped",
            "a 2to3 helper setuptools removed",
            "removed a development-only command inside a function",
        ],
    );
}

#[test]
fn a_local_setup_wrapper_is_followed() {
    check(
        "local_setup_wrapper",
        Fate::Deleted,
        Fate::Absent,
        &[
            "entry_points => converted",
            "zip_safe => dropped",
            "setup() is reached through `setup()` in setup_helpers.py",
        ],
    );
}

#[test]
fn exec_of_a_version_file_into_a_locals_dict() {
    check(
        "exec_into_locals_dict",
        Fate::Deleted,
        Fate::Absent,
        &["attr = \"pkg.version.__version__\"", "author => converted"],
    );
}

#[test]
fn literal_class_attributes_of_a_class_in_setup_py() {
    check(
        "class_attribute_metadata",
        Fate::Deleted,
        Fate::Absent,
        &["name => converted", "description => converted"],
    );
}

#[test]
fn a_version_file_loaded_with_importlib() {
    check(
        "importlib_version_file",
        Fate::Deleted,
        Fate::Absent,
        &["attr = \"pkg.version.__version__\""],
    );
}

#[test]
fn namespace_packages_keep_their_packages_in_the_shim() {
    check(
        "namespace_packages_keep_packages",
        Fate::Kept,
        Fate::Absent,
        &["namespace_packages => kept", "packages => kept"],
    );
}

#[test]
fn build_ext_installed_by_monkeypatching_stays_in_the_shim() {
    check(
        "monkeypatched_build_ext",
        Fate::Kept,
        Fate::Absent,
        &[
            "ext_modules => converted",
            "replaces part of an imported module (monkeypatching the build)",
        ],
    );
}

#[test]
fn build_override_that_only_builds_docs_is_dropped() {
    check(
        "docs_only_build_override",
        Fate::Deleted,
        Fate::Absent,
        &["cmdclass => dropped", "only builds the documentation"],
    );
}

/// The example project converts, and the converted project installs with pip under
/// Python 3.11 (no network, no build isolation) into a fresh virtualenv.
#[test]
fn pbr_openstack_library_keeps_pbr_for_the_version_and_files() {
    check(
        "pbr_openstack",
        Fate::Kept,
        Fate::Kept,
        &[
            "[metadata] summary => converted",
            "[metadata] description-file => converted",
            "[files] packages => converted",
            "[files] data_files => kept",
            "[extras] => converted",
            "requirements.txt => converted",
            "pbr adds a `test` extra from test-requirements.txt",
            "the version stays dynamic",
        ],
    );
}

#[test]
fn pbr_openstack_library_in_a_git_checkout() {
    // pbr lists the package data git tracks, and writes pbr.json with the commit.
    check_in(
        "pbr_openstack",
        Fate::Kept,
        Fate::Kept,
        &["[files] packages => converted"],
        true,
    );
}

#[test]
fn pbr_backend_editable_requirements_and_joined_readmes() {
    check(
        "pbr_backend_and_editable_requirements",
        Fate::Kept,
        Fate::Kept,
        &[
            "requirements.txt => kept",
            "[metadata] url => converted",
            "[metadata] description_file => dynamic",
            "[entry_points] => converted",
            "[files] packages => kept",
            "[files] scripts => converted",
        ],
    );
}

#[test]
fn pbr_with_a_cmdclass_in_setup_py_and_a_plain_requirements_file() {
    check(
        "pbr_cmdclass_and_plain_requirements",
        Fate::Kept,
        Fate::Kept,
        &[
            "cmdclass => kept",
            "requirements.txt => dynamic",
            "setuptools reads requirements.txt itself",
        ],
    );
}

#[test]
fn a_custom_distclass_stays_in_the_shim_and_the_metadata_moves() {
    check(
        "distclass_binary",
        Fate::Kept,
        Fate::Absent,
        &[
            "distclass => kept",
            "name => converted",
            "version => converted",
        ],
    );
}

#[test]
fn the_example_project_converts_and_installs_with_pip() {
    let work = tempfile::tempdir().unwrap();
    let project = work.path().join("project");
    copy_dir(&repo_root().join("examples/legacy-project"), &project);
    let out = snakeshift(&project, &["--apply", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    validate_pyproject(&project.join("pyproject.toml"));

    // A virtualenv of the provisioned interpreter, seeing the provisioned pip and setuptools
    // through a .pth file (installs go into the new environment).
    let venv = work.path().join("venv");
    let made = Command::new(python311())
        .args(["-m", "venv", "--without-pip"])
        .arg(&venv)
        .output()
        .unwrap();
    assert!(made.status.success(), "{}", stderr(&made));
    let tools = Command::new(python311())
        .args([
            "-c",
            "import setuptools, os; print(os.path.dirname(os.path.dirname(setuptools.__file__)))",
        ])
        .output()
        .unwrap();
    let site_of = |python: &Path| -> PathBuf {
        let out = Command::new(python)
            .args([
                "-c",
                "import sysconfig; print(sysconfig.get_path('purelib'))",
            ])
            .output()
            .unwrap();
        PathBuf::from(stdout(&out).trim())
    };
    let python = venv.join("bin").join("python");
    let site = site_of(&python);
    fs::write(site.join("provisioned-tools.pth"), stdout(&tools).trim()).unwrap();
    let install = Command::new(&python)
        .args([
            "-m",
            "pip",
            "install",
            "--no-build-isolation",
            "--no-index",
            "--no-deps",
            "--no-cache-dir",
            "--disable-pip-version-check",
        ])
        .arg(&project)
        .env_remove("PYTHONPATH")
        .output()
        .unwrap();
    assert!(
        install.status.success(),
        "pip install failed:\n{}{}",
        stdout(&install),
        stderr(&install)
    );
    let check = Command::new(&python)
        .args([
            "-c",
            "import importlib.metadata as m, legacytool, os, sys; \
             d = m.distribution('legacytool'); \
             print(d.version, d.metadata['Summary'], d.metadata['Requires-Python'], legacytool.__version__); \
             print(os.path.dirname(legacytool.__file__).startswith(sys.prefix))",
        ])
        .current_dir(work.path())
        .output()
        .unwrap();
    assert_eq!(
        stdout(&check),
        "1.4.2 Small helpers for release engineering >=3.8 1.4.2\nTrue\n",
        "{}",
        stderr(&check)
    );
}

/// Every `pyproject.toml` the rewrite fixtures expect passes `validate-pyproject` too.
#[test]
fn every_fixture_pyproject_validates() {
    let mut files = Vec::new();
    for rewrite in ["setup_py_to_pyproject", "setup_cfg_to_pyproject"] {
        let fixtures = repo_root().join("rewrites").join(rewrite).join("fixtures");
        for case in fs::read_dir(&fixtures).unwrap() {
            let path = case.unwrap().path().join("expected/pyproject.toml");
            if path.exists() {
                files.push(path);
            }
        }
    }
    assert!(files.len() >= 10, "{files:?}");
    for f in &files {
        validate_pyproject(f);
    }
}

#[test]
fn old_sdist_idioms_keep_the_wheel() {
    check(
        "old_sdist_idioms",
        Fate::Kept,
        Fate::Absent,
        &[
            "version => dynamic",
            "zip_safe => converted",
            "namespace_packages => kept",
            "long_description => kept",
            "install_requires => kept",
        ],
    );
}
