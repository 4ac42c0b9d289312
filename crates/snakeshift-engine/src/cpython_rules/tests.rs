use super::*;
use crate::parse::{first_syntax_error, parse};

/// The cases of a `cases/*.txt` file: (expected kind, source).
fn cases(file: &str) -> Vec<(&str, String)> {
    let mut out: Vec<(&str, String)> = Vec::new();
    for line in file.lines() {
        if let Some(kind) = line.strip_prefix("# case: ") {
            out.push((kind, String::new()));
        } else if let Some((_, src)) = out.last_mut() {
            src.push_str(line);
            src.push('\n');
        }
    }
    out
}

fn found(src: &str) -> Vec<Violation> {
    violations(&parse(src), src)
}

#[test]
fn flags_every_rejected_case() {
    let cases = cases(include_str!("cases/rejected.txt"));
    assert!(cases.len() > 60);
    let mut failures = Vec::new();
    for (kind, src) in cases {
        if first_syntax_error(&parse(&src)).is_some() {
            failures.push(format!("tree-sitter rejects this case itself:\n{src}"));
            continue;
        }
        let found = found(&src);
        if !found.iter().any(|v| format!("{:?}", v.kind) == kind) {
            failures.push(format!("expected {kind} in:\n{src}found: {found:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn accepts_every_valid_case() {
    let mut failures = Vec::new();
    for (_, src) in cases(include_str!("cases/accepted.txt")) {
        let found = found(&src);
        if !found.is_empty() {
            failures.push(format!("in:\n{src}flagged: {found:#?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn reports_the_construct_and_a_message() {
    let src = "f(source='a', source='b')\n";
    let v = found(src);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].kind, Kind::RepeatedKeyword);
    assert_eq!(&src[v[0].range.clone()], "source");
    assert_eq!(v[0].range.start, 14);
    assert_eq!(v[0].message, "keyword argument repeated: source");
    let err = found("x = (1,\n");
    assert_eq!(err[0].kind, Kind::Unparsed);
}

#[test]
fn introduced_ignores_what_the_original_already_had() {
    let original = "print 'x'\nfrom typing import Union\ndef f(x: Union[int : float]): pass\n";
    let kept = "print 'x'\n\ndef f(x: Union[int : float]): pass\n";
    assert_eq!(introduced(original, kept, None, None), vec![]);
    let broken = "print 'x'\n\ndef f(x: int : float): pass\n";
    let new = introduced(original, broken, None, None);
    assert_eq!(new.len(), 1, "{new:?}");
    assert_eq!(new[0].kind, Kind::MisplacedSlice);
    assert_eq!(&broken[new[0].range.clone()], "int : float");
    // A second copy of a construct the original had once is new.
    let twice = "f(a=1, a=2)\nf(a=1, a=2)\n";
    assert_eq!(introduced("f(a=1, a=2)\n", twice, None, None).len(), 1);
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
            let out = run("print 'x'\nf(a=1, a=2)\nold_name()\n", whole);
            assert_eq!(out.error, None, "whole: {whole}");
            assert_eq!(
                out.rewritten.as_deref(),
                Some(&b"print 'x'\nf(a=1, a=2)\nnew_name()\n"[..])
            );
        }
    }
}

#[test]
fn newer_syntax_is_flagged_below_its_version_only() {
    let mut failures = Vec::new();
    for (version, src) in cases(include_str!("cases/newer.txt")) {
        let needs: PyVersion = version.parse().unwrap();
        if first_syntax_error(&parse(&src)).is_some() {
            failures.push(format!("tree-sitter rejects this case itself:\n{src}"));
            continue;
        }
        let older = PyVersion::new(3, needs.minor - 1);
        let at = |min| violations_since(&parse(&src), &src, Some(min));
        if !at(older).iter().any(|v| v.kind == Kind::NewerSyntax) {
            failures.push(format!("not flagged at {older}:\n{src}"));
        }
        if !at(needs).is_empty() {
            failures.push(format!("flagged at {needs}:\n{src}{:?}", at(needs)));
        }
    }
    for (_, src) in cases(include_str!("cases/older.txt")) {
        let found = violations_since(&parse(&src), &src, Some(PyVersion::new(3, 8)));
        if !found.is_empty() {
            failures.push(format!("in:\n{src}flagged: {found:#?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_run_may_not_introduce_syntax_the_minimum_python_lacks() {
    let original = "x = f\"{d['a']}\"\n";
    let result = "x = f\"{d[\"a\"]}\"\n";
    let min = Some(PyVersion::new(3, 10));
    assert_eq!(introduced(original, result, None, min).len(), 1);
    assert!(introduced(original, result, None, Some(PyVersion::new(3, 12))).is_empty());
    // Already in the original: not introduced.
    assert!(introduced(result, result, None, min).is_empty());
}

#[test]
fn a_fix_inside_newer_syntax_the_original_had_is_not_introducing_it() {
    let min = Some(PyVersion::new(3, 10));
    for (original, result) in [
        ("type A = List[int]\n", "type A = list[int]\n"),
        (
            "def f[T](x: List[T]) -> None: ...\n",
            "def f[T](x: list[T]) -> None: ...\n",
        ),
        (
            "class C[T]:\n    x: List[T]\n",
            "class C[T]:\n    x: list[T]\n",
        ),
        (
            "with (open(a) as f, open(b) as g):\n    List\n",
            "with (open(a) as f, open(b) as g):\n    list\n",
        ),
    ] {
        let min = if original.starts_with("with") {
            Some(PyVersion::new(3, 8))
        } else {
            min
        };
        assert!(
            introduced(original, result, None, min).is_empty(),
            "{original}"
        );
    }
    // A second `type` statement is new.
    let two = "type A = list[int]\ntype B = int\n";
    assert_eq!(introduced("type A = List[int]\n", two, None, min).len(), 1);
}
