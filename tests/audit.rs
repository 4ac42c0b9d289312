//! `snakeshift audit`: the migration-readiness report, in Markdown and JSON.

mod common;

use common::*;
use serde_json::Value;
use snakeshift_rewrites::kit::removed::Found;

#[test]
fn markdown_report_of_the_example_project() {
    let dir = example_copy();
    let before = snapshot(dir.path());
    let o = snakeshift(dir.path(), &["audit"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // Captured stderr is not a terminal: no progress bar, nothing else either.
    assert_eq!(stderr(&o), "");
    assert_eq!(snapshot(dir.path()), before, "an audit changes nothing");
    let md = stdout(&o);
    for heading in [
        "# Python 3.14 migration audit",
        "## Summary",
        "## By group",
        "## By rewrite",
        "## Hot spots",
        "## Removed modules imported",
        "## Declared Python versions",
        "## Left to do by hand",
        "## Next steps",
    ] {
        assert!(
            md.contains(&format!("\n{heading}\n")) || md.starts_with(heading),
            "{heading}\n{md}"
        );
    }
    let row = |start: &str| {
        md.lines()
            .find(|l| l.starts_with(start))
            .unwrap_or_else(|| panic!("no row {start}\n{md}"))
            .split('|')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert_eq!(row("| `distutils` |")[0], "`distutils`");
    let distutils = row("| `distutils` | 3.12");
    assert!(distutils[3].contains("`setup.py`") && distutils[3].contains("`legacytool/tools.py`"));
    assert!(
        row("| `asyncore`  | 3.12")
            .join(" ")
            .contains("legacytool/echo_server.py")
    );
    let project = row("| `.` ");
    assert_eq!(project[1], "`>=3.8` (setup.py)");
    assert_eq!(project[3], "3.8 (requires-python in setup.py)");
    assert!(md.contains("setup.py → pyproject.toml: pyproject.toml created"));
    assert!(
        md.contains("### `typing-optional` (3)\n\n- `legacytool/models.py:6:56` use `X | None`")
    );
    // Tables line up: every line of a table has the same width.
    for table in md.split("\n\n").filter(|b| b.starts_with('|')) {
        let widths: Vec<usize> = table.lines().map(|l| l.chars().count()).collect();
        assert!(widths.windows(2).all(|w| w[0] == w[1]), "{table}");
    }
    let short = stdout(&snakeshift(dir.path(), &["audit", "--examples", "1"]));
    assert!(short.contains("- … and 2 more"), "{short}");
}

#[test]
fn json_counts_agree_with_the_dry_run() {
    let dir = example_copy();
    let o = snakeshift(dir.path(), &["audit", "--output-format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let audit: Value = serde_json::from_slice(&o.stdout).unwrap();
    let n = |v: &Value, k: &str| v[k].as_u64().unwrap();
    let totals = &audit["totals"];
    assert_eq!(
        n(totals, "occurrences"),
        n(totals, "safe") + n(totals, "unsafe") + n(totals, "manual")
    );
    for list in ["groups", "rewrites"] {
        for key in ["occurrences", "safe", "unsafe", "manual"] {
            let sum: u64 = audit[list]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| n(r, key))
                .sum();
            assert_eq!(sum, n(totals, key), "{list} {key}");
        }
    }
    // The same numbers as the dry run with --unsafe, plus the project conversion.
    let run: Value = serde_json::from_slice(
        &snakeshift(dir.path(), &["--unsafe", "--output-format", "json"]).stdout,
    )
    .unwrap();
    let diagnostics = run["diagnostics"].as_array().unwrap();
    let count = |status: &str, applicability: Option<&str>| {
        diagnostics
            .iter()
            .filter(|d| {
                d["status"] == status
                    && applicability.is_none_or(|a| d["fix"]["applicability"] == a)
            })
            .count() as u64
    };
    assert_eq!(n(totals, "safe"), count("fixable", Some("safe")) + 1);
    assert_eq!(n(totals, "unsafe"), count("fixable", Some("unsafe")));
    assert_eq!(n(totals, "manual"), count("manual", None));
    assert_eq!(
        audit["manual"].as_array().unwrap().len() as u64,
        n(totals, "manual")
    );
    let hot = audit["hot_spots"].as_array().unwrap();
    assert!(
        hot.windows(2)
            .all(|w| n(&w[0], "occurrences") >= n(&w[1], "occurrences"))
    );
    assert_eq!(
        audit["removed_modules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["module"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["distutils", "asyncore"]
    );
    assert_eq!(
        audit["projects"][0]["requires_python"]["specifier"],
        ">=3.8"
    );
    assert_eq!(audit["projects"][0]["conversion"], "convertible");
}

#[test]
fn the_audit_follows_selection_and_configuration() {
    let dir = example_copy();
    let o = snakeshift(
        dir.path(),
        &["audit", "--select", "typing", "--output-format", "json"],
    );
    let audit: Value = serde_json::from_slice(&o.stdout).unwrap();
    let groups: Vec<&str> = audit["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    assert_eq!(groups, ["typing"]);
    // With min-version 3.10 configured, the typing findings become safe fixes.
    std::fs::write(
        dir.path().join("snakeshift.toml"),
        "min-version = \"3.10\"\nselect = [\"typing\"]\n",
    )
    .unwrap();
    let audit: Value = serde_json::from_slice(
        &snakeshift(dir.path(), &["audit", "--output-format", "json"]).stdout,
    )
    .unwrap();
    assert_eq!(audit["totals"]["manual"], 0);
    assert_eq!(
        audit["projects"][0]["min_version_from"],
        "min-version (flag or configuration)"
    );
    // Files that cannot be processed are listed.
    write_files(
        dir.path(),
        &[(
            "broken.py",
            "from typing import List\nx: List[int] = []\ndef (\n",
        )],
    );
    let md = stdout(&snakeshift(dir.path(), &["audit"]));
    assert!(
        md.contains("### Could not be processed (1)\n\n- `broken.py`: snakeshift's parser cannot read this file"),
        "{md}"
    );
}

/// With no project declaring a target, the title follows the run's target: the default 3.14, or
/// `--target-version`.
#[test]
fn the_title_follows_the_target_without_a_project() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[("m.py", "import sre_parse\n\nprint(sre_parse.parse('a'))\n")],
    );
    let title = |args: &[&str]| {
        let o = snakeshift(dir.path(), args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        stdout(&o).lines().next().unwrap_or_default().to_owned()
    };
    assert_eq!(title(&["audit", "."]), "# Python 3.14 migration audit");
    assert_eq!(
        title(&["audit", "--target-version", "3.15", "."]),
        "# Python 3.15 migration audit"
    );
    assert_eq!(
        title(&["audit", "--target-version", "3.13", "."]),
        "# Python 3.13 migration audit"
    );
}

/// The audit's removed APIs come from the index the rewrites declare their member tables in:
/// for a file calling each API of the index, every API the audit lists there is one the dry
/// run reports in that file, by the rewrite the index names.
#[test]
fn removed_apis_agree_with_the_rewrites() {
    let dir = tempfile::tempdir().unwrap();
    let apis: Vec<_> = snakeshift_rewrites::kit::removed::apis()
        .filter(|a| {
            !a.module
                .split('.')
                .any(|p| p.starts_with(char::is_uppercase))
        })
        .collect();
    for (i, a) in apis.iter().enumerate() {
        let text = format!("import {}\n\nx = {}.{}()\n", a.module, a.module, a.member);
        std::fs::write(dir.path().join(format!("f{i}.py")), text).unwrap();
    }
    let json = |args: &[&str]| -> Value {
        let o = snakeshift(dir.path(), args);
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stderr(&o)))
    };
    let audit = json(&["audit", "--output-format", "json"]);
    let run = json(&["--unsafe", "--output-format", "json"]);
    let listed = audit["removed_apis"].as_array().unwrap();
    assert!(listed.len() > 50, "{listed:?}");
    for api in listed {
        let name = api["api"].as_str().unwrap();
        // A method (found by its rewrite's findings) is named by its last name: `assertEquals`.
        let entry = apis
            .iter()
            .find(|a| format!("{}.{}", a.module, a.member) == name)
            .unwrap();
        let named = match entry.found {
            Found::ByImports => format!("`{name}`"),
            Found::ByFindings => entry.member.rsplit('.').next().unwrap().to_owned(),
        };
        for file in api["files"].as_array().unwrap() {
            assert!(
                run["diagnostics"].as_array().unwrap().iter().any(|d| {
                    d["filename"] == *file
                        && d["code"] == api["rewrite"]
                        && d["message"].as_str().unwrap().contains(&named)
                        && (entry.found == Found::ByFindings
                            || d["message"].as_str().unwrap().starts_with(&named))
                }),
                "{name} in {file}: no finding of {}",
                api["rewrite"]
            );
        }
    }
}

/// Methods and the other APIs a rewrite finds with its own code are listed where the rewrite
/// reported them: `self.assertEquals` in a test class, not in a class that is no test.
#[test]
fn removed_methods_are_listed_where_their_rewrite_reports_them() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            (
                "t.py",
                "import unittest\n\n\nclass T(unittest.TestCase):\n    def test(self):\n        self.assertEquals(1, 1)\n        self.failUnless(True)\n",
            ),
            (
                "plain.py",
                "import unittest\n\n\nclass Plain:\n    def f(self):\n        self.assertEquals(1, 1)\n\n\nx = unittest.main\n",
            ),
            (
                "visitor.py",
                "import ast\n\n\nclass V(ast.NodeVisitor):\n    def visit_Num(self, node):\n        pass\n\n\nx = ast.Num(1)\n",
            ),
            (
                "arr.py",
                "import array\n\na = array.array(\"b\")\nb = a.tostring()\n",
            ),
            (
                "coro.py",
                "import asyncio\n\n\n@asyncio.coroutine\ndef f():\n    yield from g()\n",
            ),
            (
                "utc.py",
                "import datetime\n\nx = datetime.datetime.utcnow()\n",
            ),
        ],
    );
    let o = snakeshift(dir.path(), &["audit", "--output-format", "json", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let audit: Value = serde_json::from_slice(&o.stdout).unwrap();
    let listed: Vec<(String, String, Vec<String>)> = audit["removed_apis"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["api"].as_str().unwrap().to_owned(),
                a["removed_in"].as_str().unwrap().to_owned(),
                a["files"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|f| f.as_str().unwrap().to_owned())
                    .collect(),
            )
        })
        .collect();
    let row = |api: &str, removed_in: &str, file: &str| {
        (api.to_owned(), removed_in.to_owned(), vec![file.to_owned()])
    };
    // `datetime.utcnow` only warns: not gone, not listed.
    assert_eq!(
        listed,
        [
            row("array.array.tostring", "3.9", "arr.py"),
            row("ast.NodeVisitor.visit_Num", "3.14", "visitor.py"),
            row("ast.Num", "3.14", "visitor.py"),
            row("asyncio.coroutine", "3.11", "coro.py"),
            row("unittest.TestCase.assertEquals", "3.12", "t.py"),
            row("unittest.TestCase.failUnless", "3.12", "t.py"),
        ]
    );
}
