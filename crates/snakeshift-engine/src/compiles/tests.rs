use super::*;

/// The cases of a `cases/*.txt` file: (the `# case:` label, source).
fn cases(file: &str) -> Vec<(&str, String)> {
    let mut out: Vec<(&str, String)> = Vec::new();
    for line in file.lines() {
        if let Some(label) = line.strip_prefix("# case: ") {
            out.push((label, String::new()));
        } else if let Some((_, src)) = out.last_mut() {
            src.push_str(line);
            src.push('\n');
        }
    }
    out
}

/// The violations of `result` that `original` does not have (what [`verdict`] reverts a run
/// for, without its check that the original parses).
fn introduced(original: &str, result: &str, min: Option<PyVersion>) -> Vec<Violation> {
    new_in(
        violations(result, min),
        result,
        violations(original, min),
        original,
    )
}

/// The cases of a cases file that the net flags on Python `min`, each with what it found.
fn flagged(file: &str, min: PyVersion) -> Vec<String> {
    cases(file)
        .into_iter()
        .filter_map(|(_, src)| {
            let found = violations(&src, Some(min));
            (!found.is_empty()).then(|| format!("in:\n{src}flagged: {found:#?}"))
        })
        .collect()
}

#[test]
fn flags_every_rejected_case() {
    let cases = cases(include_str!("cases/rejected.txt"));
    assert!(cases.len() > 60);
    let failures: Vec<String> = cases
        .iter()
        .filter(|(_, src)| violations(src, None).is_empty())
        .map(|(kind, src)| format!("{kind} not flagged in:\n{src}"))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn accepts_every_valid_case() {
    let failures = flagged(include_str!("cases/accepted.txt"), PyVersion::new(3, 14));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn reports_the_construct_and_a_message() {
    let src = "f(source='a', source='b')\n";
    let v = violations(src, None);
    assert_eq!(v.len(), 1, "{v:?}");
    assert_eq!(v[0].stage, Stage::Compile);
    assert_eq!(&src[v[0].range.clone()], "source='b'");
    assert!(v[0].message.contains("source"), "{}", v[0].message);
    let err = violations("x = (1,\n", None);
    assert_eq!(err[0].stage, Stage::Parse);
}

#[test]
fn introduced_ignores_what_the_original_already_had() {
    let original = "print 'x'\nfrom typing import Union\ndef f(x: Union[int : float]): pass\n";
    let kept = "print 'x'\n\ndef f(x: Union[int : float]): pass\n";
    assert_eq!(introduced(original, kept, None), vec![]);
    let broken = "print 'x'\n\ndef f(x: int : float): pass\n";
    let new = introduced(original, broken, None);
    assert!(!new.is_empty());
    assert!(
        new.iter()
            .all(|v| v.range.start >= broken.find("int").unwrap()),
        "{new:?}"
    );
    // A second copy of a construct the original had once is new.
    let twice = "f(a=1, a=2)\nf(a=1, a=2)\n";
    assert_eq!(introduced("f(a=1, a=2)\n", twice, None).len(), 1);
}

#[test]
fn newer_syntax_is_flagged_below_its_version_only() {
    let mut failures = Vec::new();
    for (version, src) in cases(include_str!("cases/newer.txt")) {
        let needs: PyVersion = version.parse().unwrap();
        let older = PyVersion::new(3, needs.minor - 1);
        if !violations(&src, Some(older))
            .iter()
            .any(|v| v.stage == Stage::Newer)
        {
            failures.push(format!("not flagged at {older}:\n{src}"));
        }
        let at = violations(&src, Some(needs));
        if !at.is_empty() {
            failures.push(format!("flagged at {needs}:\n{src}{at:?}"));
        }
    }
    failures.extend(flagged(
        include_str!("cases/older.txt"),
        PyVersion::new(3, 8),
    ));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_run_may_not_introduce_syntax_the_minimum_python_lacks() {
    let original = "x = f\"{d['a']}\"\n";
    let result = "x = f\"{d[\"a\"]}\"\n";
    let min = Some(PyVersion::new(3, 10));
    assert_eq!(introduced(original, result, min).len(), 1);
    assert!(introduced(original, result, Some(PyVersion::new(3, 12))).is_empty());
    // Already in the original: not introduced.
    assert!(introduced(result, result, min).is_empty());
}

#[test]
fn a_fix_inside_newer_syntax_the_original_had_is_not_introducing_it() {
    for (original, result, minor) in [
        ("type A = List[int]\n", "type A = list[int]\n", 10),
        (
            "def f[T](x: List[T]) -> None: ...\n",
            "def f[T](x: list[T]) -> None: ...\n",
            10,
        ),
        (
            "class C[T]:\n    x: List[T]\n",
            "class C[T]:\n    x: list[T]\n",
            10,
        ),
        (
            "with (open(a) as f, open(b) as g):\n    List\n",
            "with (open(a) as f, open(b) as g):\n    list\n",
            8,
        ),
    ] {
        let min = Some(PyVersion::new(3, minor));
        assert!(introduced(original, result, min).is_empty(), "{original}");
    }
    // A second `type` statement is new.
    let two = "type A = list[int]\ntype B = int\n";
    let min = Some(PyVersion::new(3, 10));
    assert_eq!(introduced("type A = List[int]\n", two, min).len(), 1);
}

#[test]
fn deep_nesting_is_flagged_as_cpython_does_and_never_overflows() {
    let deep = |depth: usize| {
        [
            format!("x = {}1{}\n", "(".repeat(depth), ")".repeat(depth)),
            format!("y = {}{}\n", "[".repeat(depth), "]".repeat(depth)),
            format!("z = {}1{}\n", "-".repeat(depth), ""),
        ]
    };
    for src in deep(200) {
        let found = violations(&src, None);
        assert_eq!(found, vec![], "{}", &src[..10]);
    }
    let sources: Vec<String> = deep(50_000).into();
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            for src in &sources[..2] {
                let found = violations(src, None);
                assert_eq!(found.len(), 1, "{found:?}");
                assert_eq!(found[0].message, "too many nested parentheses");
                assert_eq!(found[0].range.start, 4 + 200);
            }
            // 50,000 unary minus signs: a tree as deep, with no bracket.
            violations(&sources[2], None);
        })
        .unwrap()
        .join()
        .unwrap();
}

mod net {
    use crate::fix::Applicability;
    use crate::pipeline::tests::Rename;
    use crate::pipeline::{Engine, FileError, FileOutcome};
    use crate::rewrite::FileInfo;
    use crate::version::VersionWindow;

    fn run(src: &str, whole: bool) -> FileOutcome {
        let mut engine = Engine::new(vec![&Rename], Applicability::Safe).unwrap();
        if whole {
            engine = engine.parsing_whole_files();
        }
        engine.process(
            &FileInfo::default(),
            src.as_bytes(),
            VersionWindow::default(),
        )
    }

    #[test]
    fn a_result_cpython_would_reject_is_reverted() {
        for whole in [false, true] {
            let out = run("x = 1\n\nf(old_name=1, new_name=2)\n", whole);
            assert_eq!(
                out.error,
                Some(FileError::BrokeSyntax {
                    rewrites: vec!["rename"]
                }),
                "whole: {whole}"
            );
            assert!(out.rewritten.is_none());
        }
    }

    #[test]
    fn what_the_original_already_had_does_not_block_a_fix() {
        for whole in [false, true] {
            let out = run("f(a=1, a=2)\nold_name()\n", whole);
            assert_eq!(out.error, None, "whole: {whole}");
            assert_eq!(
                out.rewritten.as_deref(),
                Some(&b"f(a=1, a=2)\nnew_name()\n"[..])
            );
        }
    }

    #[test]
    fn a_file_cpython_cannot_parse_is_left_with_its_position() {
        // tree-sitter reads Python 2's `print 'x'`; CPython does not.
        for whole in [false, true] {
            let out = run("x = 1\nprint 'x'\nold_name()\n", whole);
            assert_eq!(
                out.error,
                Some(FileError::Syntax { line: 2, column: 7 }),
                "whole: {whole}"
            );
            assert!(out.rewritten.is_none());
        }
    }
}
