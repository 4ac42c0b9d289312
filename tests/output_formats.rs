//! `--output-format`, `--color`, stdin mode, diff paths outside the current directory and
//! closed pipes, with the binary on temporary copies.

mod common;

use common::*;
use serde_json::Value;
use std::fs;
use std::path::Path;

const MIXED: &str = "import logging\nimport time\nfrom typing import Optional\n\n\ndef f(x: Optional[int]) -> None:\n    logging.warn(\"x\")\n    time.clock()\n";

/// A project whose one file has a safe fix, an unsafe one and a manual finding.
fn mixed_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            (
                "pyproject.toml",
                "[project]\nname = \"m\"\nrequires-python = \">=3.8\"\n",
            ),
            ("pkg/a.py", MIXED),
        ],
    );
    dir
}

fn json(o: &std::process::Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

/// Applies `edits` (JSON `{content, location, end_location}` with byte offsets) to `text`.
fn apply_edits(text: &str, edits: &[Value]) -> String {
    let mut edits: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                e["location"]["offset"].as_u64().unwrap() as usize,
                e["end_location"]["offset"].as_u64().unwrap() as usize,
                e["content"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_owned();
    for (start, end, content) in edits {
        out.replace_range(start..end, &content);
    }
    out
}

#[test]
fn json_locates_fixes_and_findings_in_bytes_lines_and_columns() {
    let dir = mixed_project();
    let o = snakeshift(dir.path(), &["--output-format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(stderr(&o), "", "structured formats keep stderr for errors");
    let doc = json(&o);
    let diags = doc["diagnostics"].as_array().unwrap();
    let summary: Vec<(String, String)> = diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("typing-optional".to_owned(), "manual".to_owned()),
            ("logging-warn".to_owned(), "fixable".to_owned()),
            ("time-clock".to_owned(), "unsafe-fix".to_owned()),
        ]
    );
    let warn = &diags[1];
    let offset = MIXED.find("logging.warn(").unwrap();
    assert_eq!(warn["filename"], "pkg/a.py");
    assert_eq!(warn["location"]["row"], 7);
    assert_eq!(warn["location"]["column"], 5);
    assert_eq!(warn["location"]["offset"], offset);
    assert_eq!(warn["fix"]["applicability"], "safe");
    assert_eq!(warn["fix"]["applied"], true);
    // The safe fix is the whole change here: its edits give what --apply writes.
    let fixed = apply_edits(MIXED, warn["fix"]["edits"].as_array().unwrap());
    let clock = &diags[2];
    assert_eq!(clock["fix"]["applied"], false);
    assert!(clock["note"].as_str().unwrap().len() > 10);
    assert_eq!(diags[0]["fix"], Value::Null);

    let change = &doc["changes"][0];
    assert_eq!(change["filename"], "pkg/a.py");
    assert_eq!(change["status"], "modified");
    assert_eq!(change["written"], false);
    assert!(
        change["diff"]
            .as_str()
            .unwrap()
            .starts_with("--- a/pkg/a.py\n")
    );
    let changed = apply_edits(MIXED, change["edits"].as_array().unwrap());
    assert_eq!(doc["summary"]["fixes"], 1);
    assert_eq!(doc["summary"]["unsafe_fixes_left"], 1);
    assert_eq!(doc["summary"]["manual_left"], 1);
    assert_eq!(doc["mode"], "diff");

    let applied = snakeshift(dir.path(), &["--apply", "--output-format", "json"]);
    let written = fs::read_to_string(dir.path().join("pkg/a.py")).unwrap();
    assert_eq!(fixed, written);
    assert_eq!(changed, written);
    let doc = json(&applied);
    assert_eq!(doc["mode"], "apply");
    assert_eq!(doc["diagnostics"][1]["status"], "fixed");
    assert_eq!(doc["changes"][0]["written"], true);
}

#[test]
fn json_lines_carry_the_same_objects_one_per_line() {
    let dir = mixed_project();
    let full = json(&snakeshift(dir.path(), &["--output-format", "json"]));
    let o = snakeshift(dir.path(), &["--output-format", "json-lines"]);
    let lines: Vec<Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let of = |kind: &str| -> Vec<Value> {
        lines
            .iter()
            .filter(|l| l["type"] == kind)
            .map(|l| {
                let mut l = l.clone();
                l.as_object_mut().unwrap().remove("type");
                l
            })
            .collect()
    };
    assert_eq!(of("diagnostic"), *full["diagnostics"].as_array().unwrap());
    assert_eq!(of("change"), *full["changes"].as_array().unwrap());
    assert_eq!(of("summary"), [full["summary"].clone()]);
    assert_eq!(lines.last().unwrap()["type"], "summary");
}

#[test]
fn project_conversions_appear_in_the_structured_formats() {
    let dir = example_copy();
    let doc = json(&snakeshift(dir.path(), &["--output-format", "json"]));
    let project = &doc["projects"][0];
    assert_eq!(project["root"], ".");
    assert_eq!(project["converted"], true);
    assert!(
        project["summary"]
            .as_str()
            .unwrap()
            .contains("pyproject.toml created")
    );
    assert!(
        project["keywords"]
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k["keyword"] == "name" && k["outcome"] == "converted")
    );
    assert!(
        project["files"]
            .as_array()
            .unwrap()
            .contains(&"pyproject.toml".into())
    );
    let created = doc["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["filename"] == "pyproject.toml")
        .expect("the new pyproject.toml is a change");
    assert_eq!(created["status"], "created");
    let content = apply_edits("", created["edits"].as_array().unwrap());
    snakeshift(dir.path(), &["--apply"]);
    assert_eq!(
        content,
        fs::read_to_string(dir.path().join("pyproject.toml")).unwrap()
    );

    let refused = tempfile::tempdir().unwrap();
    write_files(
        refused.path(),
        &[(
            "setup.py",
            "from setuptools import setup\nsetup(name='x', pbr=True)\n",
        )],
    );
    let doc = json(&snakeshift(refused.path(), &["--output-format", "json"]));
    assert!(
        doc["projects"][0]["refusal"]["reason"]
            .as_str()
            .unwrap()
            .contains("pbr")
    );
    let github = stdout(&snakeshift(refused.path(), &["--output-format", "github"]));
    assert!(
        github.contains(
            "::warning file=setup.py,title=snakeshift (setup-py-to-pyproject)::not converted"
        ),
        "{github}"
    );
}

#[test]
fn sarif_output_is_valid_sarif_2_1_0() {
    let schema: Value = serde_json::from_str(
        &fs::read_to_string(repo_root().join("tests/schemas/sarif-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let check = |log: &Value| {
        let errors: Vec<String> = validator
            .iter_errors(log)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
    };
    // The example project (file fixes, findings, a project conversion), a file that does not
    // parse (a tool notification), a name that needs percent-encoding, and --apply.
    let dir = example_copy();
    write_files(
        dir.path(),
        &[
            ("broken.py", "import distutils\ndef (\n"),
            ("my dir/é.py", "import logging\nlogging.warn('x')\n"),
        ],
    );
    let o = snakeshift(dir.path(), &["--output-format", "sarif"]);
    let log = json(&o);
    check(&log);
    let run = &log["runs"][0];
    let results = run["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["ruleId"] == "distutils-spawn"));
    assert!(results.iter().any(|r| {
        r["ruleId"] == "setup-py-to-pyproject" && r["fixes"][0]["artifactChanges"].is_array()
    }));
    let encoded = results
        .iter()
        .find(|r| r["ruleId"] == "logging-warn")
        .unwrap();
    assert_eq!(
        encoded["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "my%20dir/%C3%A9.py"
    );
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for r in results {
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
    }
    let notes = run["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert!(notes.iter().any(|n| {
        n["message"]["text"]
            .as_str()
            .unwrap()
            .contains("parser cannot read this file")
    }));
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);

    fs::remove_file(dir.path().join("broken.py")).unwrap();
    let applied = json(&snakeshift(
        dir.path(),
        &["--apply", "--unsafe", "--output-format", "sarif"],
    ));
    check(&applied);

    // The validator does reject what is not SARIF.
    let mut bad = log.clone();
    bad["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&bad));
    bad = log;
    bad.as_object_mut().unwrap().remove("version");
    assert!(!validator.is_valid(&bad));
}

#[test]
fn github_annotations_and_concise_lines() {
    let dir = mixed_project();
    let o = snakeshift(dir.path(), &["--output-format", "github"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(
        lines[1].starts_with(
            "::warning file=pkg/a.py,line=7,col=5,endLine=7,endColumn=17,title=snakeshift (logging-warn)::"
        ),
        "{}",
        lines[1]
    );
    assert!(
        lines[1].contains("%0Afix (snakeshift --apply)"),
        "{}",
        lines[1]
    );

    let o = snakeshift(dir.path(), &["--output-format", "concise"]);
    assert_eq!(
        stdout(&o)
            .lines()
            .map(|l| l.split(" [").next().unwrap().to_owned())
            .collect::<Vec<_>>(),
        [
            "pkg/a.py:6:10: typing-optional",
            "pkg/a.py:7:5: logging-warn",
            "pkg/a.py:8:5: time-clock"
        ]
    );
    assert!(stdout(&o).contains("logging-warn [fixable] "));
    assert!(stderr(&o).ends_with(
        "Would rewrite 1 file (1 fix); 1 more fix with --unsafe; 1 finding needs manual changes.\n"
    ));
}

#[test]
fn colour_follows_the_flag_and_the_environment_and_spares_diff_headers() {
    let dir = mixed_project();
    let run = |args: &[&str], env: &[(&str, &str)]| snakeshift_with(dir.path(), args, b"", env);
    let has_escape =
        |o: &std::process::Output| o.stdout.contains(&0x1b) || o.stderr.contains(&0x1b);
    // Captured output is not a terminal: no colour by default, nor with NO_COLOR.
    assert!(!has_escape(&run(&[], &[])));
    assert!(!has_escape(&run(&[], &[("NO_COLOR", "1")])));
    assert!(!has_escape(&run(
        &["--color", "never"],
        &[("FORCE_COLOR", "1")]
    )));
    assert!(has_escape(&run(&[], &[("FORCE_COLOR", "1")])));
    assert!(!has_escape(&run(
        &[],
        &[("FORCE_COLOR", "1"), ("NO_COLOR", "1")]
    )));
    let o = run(&["--color", "always"], &[("NO_COLOR", "1")]);
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "--- a/pkg/a.py");
    assert_eq!(lines[1], "+++ b/pkg/a.py");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("\x1b[32m+") && l.contains("logging.warning"))
    );
    assert!(lines.iter().any(|l| l.starts_with("\x1b[36m@@")));
    assert!(stderr(&o).contains("\x1b[1m"), "the summary is bold");
    // Structured formats are never coloured.
    assert!(!has_escape(&run(
        &["--color", "always", "--output-format", "json"],
        &[]
    )));
}

#[test]
fn stdin_is_migrated_like_the_named_file() {
    let dir = mixed_project();
    let args = ["-", "--stdin-filename", "pkg/a.py"];
    let o = snakeshift_with(dir.path(), &args, MIXED.as_bytes(), &[]);
    assert_eq!(o.status.code(), Some(1));
    let diff = stdout(&o);
    assert!(
        diff.starts_with("--- a/pkg/a.py\n+++ b/pkg/a.py\n"),
        "{diff}"
    );
    assert!(
        stderr(&o).contains("pkg/a.py:8:5: time-clock"),
        "{}",
        stderr(&o)
    );
    // The diff applies to the file and gives what --apply --stdin prints and --apply writes.
    let applied_stdin = snakeshift_with(
        dir.path(),
        &["--apply", args[0], args[1], args[2]],
        MIXED.as_bytes(),
        &[],
    );
    assert_eq!(applied_stdin.status.code(), Some(0));
    assert!(stderr(&applied_stdin).contains("time-clock"));
    assert!(git_apply(dir.path(), &diff, &[]).status.success());
    let patched = fs::read(dir.path().join("pkg/a.py")).unwrap();
    assert_eq!(applied_stdin.stdout, patched);
    fs::write(dir.path().join("pkg/a.py"), MIXED).unwrap();
    snakeshift(dir.path(), &["--apply", "pkg/a.py"]);
    assert_eq!(fs::read(dir.path().join("pkg/a.py")).unwrap(), patched);

    // The file name decides the version window (requires-python >= 3.8 in the project) …
    let outside = tempfile::tempdir().unwrap();
    let o = snakeshift_with(
        outside.path(),
        &["-", "--stdin-filename", "a.py", "--select", "typing"],
        MIXED.as_bytes(),
        &[],
    );
    assert!(
        stdout(&o).contains("+def f(x: int | None) -> None:"),
        "{}",
        stdout(&o)
    );
    // … and --check prints it, --apply passes an untouched source through.
    let o = snakeshift_with(
        dir.path(),
        &["--check", "-", "--stdin-filename", "pkg/a.py"],
        MIXED.as_bytes(),
        &[],
    );
    assert_eq!(stdout(&o), "pkg/a.py\n");
    let clean = "print('hello')\n";
    let o = snakeshift_with(dir.path(), &["--apply", "-"], clean.as_bytes(), &[]);
    assert_eq!(stdout(&o), clean);
    assert_eq!(o.status.code(), Some(0));
    let broken = "import distutils\ndef (\n";
    let o = snakeshift_with(dir.path(), &["--apply", "-"], broken.as_bytes(), &[]);
    assert_eq!(stdout(&o), broken);
    assert!(
        stderr(&o).contains("error: -: snakeshift's parser cannot read this file"),
        "{}",
        stderr(&o)
    );
    // Structured reports of --apply go to stderr, below nothing but the source on stdout.
    let o = snakeshift_with(
        dir.path(),
        &[
            "--apply",
            "--output-format",
            "json",
            "-",
            "--stdin-filename",
            "pkg/a.py",
        ],
        MIXED.as_bytes(),
        &[],
    );
    assert_eq!(o.stdout, patched);
    let report: Value = serde_json::from_slice(&o.stderr).unwrap();
    assert_eq!(report["diagnostics"].as_array().unwrap().len(), 3);
    // Usage errors.
    let o = snakeshift_with(dir.path(), &["-", "pkg"], b"", &[]);
    assert_eq!(o.status.code(), Some(2));
    let o = snakeshift_with(dir.path(), &["--stdin-filename", "x.py"], b"", &[]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn paths_outside_the_current_directory_get_git_style_headers_that_git_applies() {
    let dir = mixed_project();
    let elsewhere = tempfile::tempdir().unwrap();
    let file = dir.path().join("pkg/a.py").canonicalize().unwrap();
    let absolute = file.to_str().unwrap();
    let o = snakeshift(elsewhere.path(), &[absolute]);
    let diff = stdout(&o);
    let expected = absolute.trim_start_matches('/');
    assert!(
        diff.starts_with(&format!("--- a/{expected}\n+++ b/{expected}\n")),
        "{diff}"
    );
    // The same file through `..`: the same headers.
    let relative = pathdiff(&file, elsewhere.path());
    let o = snakeshift(elsewhere.path(), &[&relative]);
    assert_eq!(stdout(&o), diff);
    // `git apply` takes it from the root directory, as it takes `git diff --no-index`.
    let applied = git_apply(Path::new("/"), &diff, &[]);
    assert!(
        applied.status.success(),
        "{}",
        String::from_utf8_lossy(&applied.stderr)
    );
    let patched = fs::read_to_string(&file).unwrap();
    fs::write(&file, MIXED).unwrap();
    snakeshift(elsewhere.path(), &["--apply", absolute]);
    assert_eq!(fs::read_to_string(&file).unwrap(), patched);
}

/// `to` relative to `from`, through `..`.
fn pathdiff(to: &Path, from: &Path) -> String {
    let from = from.canonicalize().unwrap();
    let ups = from.components().count() - 1;
    format!(
        "{}{}",
        "../".repeat(ups),
        to.strip_prefix("/").unwrap().display()
    )
}

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    let dir = mixed_project();
    for args in [
        &["explain", "distutils-spawn"][..],
        &["list"],
        &[],
        &["--output-format", "sarif"],
        &["audit"],
    ] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_snakeshift"))
            .args(args)
            .current_dir(dir.path())
            .stdout(writer)
            .stderr(std::process::Stdio::piped())
            .output()
            .unwrap();
        let err = stderr(&o);
        assert!(
            !err.contains("panicked") && !err.contains("Broken pipe"),
            "{args:?}: {err}"
        );
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "{args:?}: {:?}",
            o.status
        );
    }
}

#[test]
fn suppressions_apply_to_the_structured_formats() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[(
            "m.py",
            "import logging\nlogging.warn('a')  # snakeshift: ignore[logging-warn]\nlogging.warn('b')\nx = 1  # snakeshift: ignore[logging]\n",
        )],
    );
    let doc = json(&snakeshift(dir.path(), &["--output-format", "json"]));
    let found: Vec<(String, u64)> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["location"]["row"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("logging-warn".to_owned(), 3),
            ("unused-suppression".to_owned(), 4)
        ]
    );
    let sarif = stdout(&snakeshift(dir.path(), &["--output-format", "sarif"]));
    assert!(!sarif.contains("\"startLine\": 2,"), "{sarif}");
}
