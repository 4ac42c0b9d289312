//! The `setup.py` that remains: the script without the arguments that moved to
//! `pyproject.toml`, without the code only they used, or no file at all when nothing is left
//! but `setup()`.
//!
//! Dead code is found with name resolution over the top-level statements: the `setup()` call
//! and every statement whose effect is unknown are live; a statement that defines or changes
//! a name a live statement reads becomes live too. Definitions, imports and assignments of
//! side-effect-free values that nothing live reads are removed.

mod liveness;
mod sites;

use crate::files::ProjectFiles;
use crate::python::stdlib::always_available;
use liveness::{block_statements, is_import_guard, remove_dead_code};
use sites::delete_sites;
use sites::shift;
use snakeshift_engine::edits::line_end;
use snakeshift_engine::parse::{first_syntax_error, parse};
use std::ops::Range;
use tree_sitter::Node;

pub struct Shim {
    /// The new `setup.py`, or `None` when it can be deleted.
    pub text: Option<String>,
    /// (line in the input, message) for code removed with a reason worth telling.
    pub notes: Vec<(usize, String)>,
    /// The shim imports modules of the project itself (it needs the project directory on
    /// `sys.path`, as the legacy backend provides).
    pub imports_project_modules: bool,
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

/// Collapses the blank lines deletions leave behind: at most two in a row, none at the end.
fn tidy_blank_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blanks = 0;
    for line in text.split_inclusive('\n') {
        if line.trim().is_empty() {
            blanks += 1;
            if blanks > 2 {
                continue;
            }
        } else {
            blanks = 0;
        }
        out.push_str(line);
    }
    let trimmed = out.trim_end();
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    format!("{trimmed}{newline}")
}

/// Whether a statement is a `setup()` call without arguments (possibly behind
/// `if __name__ == "__main__":` or in a function that only does that).
fn is_bare_setup(stmt: Node<'_>, text: &str, bare_functions: &[String]) -> bool {
    match stmt.kind() {
        "expression_statement" => stmt.named_child(0).is_some_and(|call| {
            call.kind() == "call" && {
                let callee = &text[call.child_by_field_name("function").unwrap().byte_range()];
                let args = call.child_by_field_name("arguments");
                let no_args = args.is_some_and(|a| a.named_child_count() == 0);
                // `main(sys.argv)`: a function that only calls `setup()`, given names.
                let plain_args = args.is_some_and(|a| {
                    let mut c = a.walk();
                    a.named_children(&mut c)
                        .all(|x| matches!(x.kind(), "identifier" | "attribute" | "subscript"))
                });
                ((callee == "setup" || callee.ends_with(".setup")) && no_args)
                    || (bare_functions.iter().any(|f| f == callee) && plain_args)
            }
        }),
        "if_statement" => {
            let cond = stmt
                .child_by_field_name("condition")
                .map_or("", |c| &text[c.byte_range()]);
            cond.contains("__name__")
                && stmt.child_by_field_name("alternative").is_none()
                && block_statements(stmt.child_by_field_name("consequence"))
                    .iter()
                    .all(|s| is_bare_setup(*s, text, bare_functions))
        }
        "function_definition" => bare_functions.contains(
            &stmt
                .child_by_field_name("name")
                .map(|n| text[n.byte_range()].to_owned())
                .unwrap_or_default(),
        ),
        _ => false,
    }
}

/// `if argv[-1] == "publish": ...; sys.exit()` inside a top-level function (`main(argv)`):
/// a release helper that never runs during a build. Returns the new text, the edits and the
/// offsets of the removed statements.
fn remove_release_branches(
    text: &str,
) -> Option<(String, Vec<snakeshift_engine::fix::Edit>, Vec<usize>)> {
    let tree = parse(text);
    let root = tree.root_node();
    let mut c = root.walk();
    let mut edits = Vec::new();
    let mut starts = Vec::new();
    for f in root.named_children(&mut c) {
        if f.kind() != "function_definition" {
            continue;
        }
        let body = block_statements(f.child_by_field_name("body"));
        let removable: Vec<Node<'_>> = body
            .iter()
            .copied()
            .filter(|s| is_release_branch(*s, text))
            .collect();
        if removable.is_empty() || removable.len() == body.len() {
            continue;
        }
        for s in removable {
            starts.push(s.start_byte());
            edits.push(snakeshift_engine::edits::delete_statement(text, s));
        }
    }
    if edits.is_empty() {
        return None;
    }
    edits.sort_by_key(|e| e.range.start);
    let next = snakeshift_engine::apply::splice(text, &edits);
    if first_syntax_error(&parse(&next)).is_some() {
        return None;
    }
    Some((next, edits, starts))
}

fn is_release_branch(stmt: Node<'_>, text: &str) -> bool {
    if stmt.kind() != "if_statement" || stmt.child_by_field_name("alternative").is_some() {
        return false;
    }
    let Some(cond) = stmt.child_by_field_name("condition") else {
        return false;
    };
    let cond_text = &text[cond.byte_range()];
    let body = &text[stmt.byte_range()];
    if !cond_text.contains("argv") || body.contains("setup(") {
        return false;
    }
    if !(body.contains("exit(") || body.contains("return")) {
        return false;
    }
    // Every string it compares with is a command a build never runs.
    let mut words = Vec::new();
    let mut stack = vec![cond];
    while let Some(n) = stack.pop() {
        if n.kind() == "string_content" {
            words.push(&text[n.byte_range()]);
        }
        let mut c = n.walk();
        stack.extend(n.children(&mut c));
    }
    !words.is_empty()
        && words
            .iter()
            .all(|w| !crate::python::operators::is_build_command(w))
}

/// True when nothing is left but a docstring, imports and a bare `setup()`.
fn is_trivial(text: &str) -> bool {
    let tree = parse(text);
    let root = tree.root_node();
    let mut c = root.walk();
    let statements: Vec<Node<'_>> = root
        .named_children(&mut c)
        .filter(|n| n.kind() != "comment")
        .collect();
    let bare_functions: Vec<String> = statements
        .iter()
        .filter(|s| s.kind() == "function_definition")
        .filter(|s| {
            let body: Vec<Node<'_>> = block_statements(s.child_by_field_name("body"))
                .into_iter()
                .filter(|b| {
                    !(b.kind() == "expression_statement"
                        && b.named_child(0).is_some_and(|e| e.kind() == "string"))
                })
                .collect();
            !body.is_empty() && body.iter().all(|b| is_bare_setup(*b, text, &[]))
        })
        .filter_map(|s| {
            s.child_by_field_name("name")
                .map(|n| text[n.byte_range()].to_owned())
        })
        .collect();
    let mut has_setup = false;
    for (i, s) in statements.iter().enumerate() {
        let docstring = i == 0
            && s.kind() == "expression_statement"
            && s.named_child(0)
                .is_some_and(|e| matches!(e.kind(), "string" | "concatenated_string"));
        let import = matches!(
            s.kind(),
            "import_statement" | "import_from_statement" | "future_import_statement"
        ) || (s.kind() == "try_statement" && is_import_guard(*s, text))
            || is_conditional_import(*s, text);
        if is_bare_setup(*s, text, &bare_functions) {
            has_setup |= s.kind() != "function_definition";
            continue;
        }
        if !docstring && !import {
            return false;
        }
    }
    has_setup
}

/// `if "bdist_wheel" in sys.argv: from setuptools import setup`: only imports, under a
/// condition on the command line or the Python version (no side effects).
fn is_conditional_import(stmt: Node<'_>, text: &str) -> bool {
    if stmt.kind() != "if_statement" || stmt.child_by_field_name("alternative").is_some() {
        return false;
    }
    let condition = stmt
        .child_by_field_name("condition")
        .map_or("", |c| &text[c.byte_range()]);
    let pure = (condition.contains("sys.argv") || condition.contains("version_info"))
        && condition
            .match_indices('(')
            .all(|(i, _)| condition[..i].ends_with("any") || condition[..i].ends_with("all"));
    let body = block_statements(stmt.child_by_field_name("consequence"));
    pure && !body.is_empty()
        && body
            .iter()
            .all(|b| matches!(b.kind(), "import_statement" | "import_from_statement"))
}

/// Whether the script imports a module that lives in the project (a `versioneer.py`, a
/// helper package): it then relies on the project directory being on `sys.path`.
fn imports_project_modules(text: &str, files: &dyn ProjectFiles) -> bool {
    let tree = parse(text);
    let mut stack = vec![tree.root_node()];
    while let Some(n) = stack.pop() {
        let modules: Vec<String> = match n.kind() {
            "import_statement" => {
                let mut c = n.walk();
                n.children_by_field_name("name", &mut c)
                    .map(|m| {
                        let m = m.child_by_field_name("name").unwrap_or(m);
                        text[m.byte_range()].to_owned()
                    })
                    .collect()
            }
            "import_from_statement" => n
                .child_by_field_name("module_name")
                .map(|m| vec![text[m.byte_range()].to_owned()])
                .unwrap_or_default(),
            // `__import__("pkg")`, `importlib.import_module("pkg")`,
            // `get_module_constant("pkg", "__version__")`: found on sys.path too.
            "call" => {
                let callee = n
                    .child_by_field_name("function")
                    .map_or("", |f| &text[f.byte_range()]);
                let by_name = ["__import__", "import_module", "get_module_constant"]
                    .iter()
                    .any(|c| callee == *c || callee.ends_with(&format!(".{c}")));
                n.child_by_field_name("arguments")
                    .and_then(|a| a.named_child(0))
                    .filter(|a| by_name && a.kind() == "string")
                    .map(|a| {
                        vec![
                            text[a.byte_range()]
                                .trim_matches(|c| c == '"' || c == '\'')
                                .to_owned(),
                        ]
                    })
                    .unwrap_or_default()
            }
            _ => Vec::new(),
        };
        for m in modules {
            let top = m.split('.').next().unwrap_or("").to_owned();
            let local =
                files.is_file(&format!("{top}.py")) || files.is_file(&format!("{top}/__init__.py"));
            if !top.is_empty()
                && ((!always_available(&top) && (local || files.is_dir(&top)))
                    || (crate::python::stdlib::shadowable(&top) && local))
            {
                return true;
            }
        }
        let mut c = n.walk();
        stack.extend(n.named_children(&mut c));
    }
    false
}

/// Builds the shim from `text` (the current `setup.py`) by deleting `sites`, then the code
/// only they used. `call_start` is the offset of the `setup(` call in `text`.
pub fn build(
    text: &str,
    sites: &[Range<usize>],
    call_start: usize,
    python_requires_converted: bool,
    files: &dyn ProjectFiles,
) -> Result<Shim, String> {
    let (mut current, edits) = delete_sites(text, sites)?;
    let mut call_at = shift(call_start, &edits);
    let mut notes = Vec::new();
    if let Some((next, edits, lines)) = remove_release_branches(&current) {
        for offset in lines {
            let snippet = &current[offset..line_end(&current, offset)];
            let line = text.find(snippet).map_or(0, |i| line_of(text, i));
            notes.push((line, "removed a development-only command inside a function (`if argv[-1] == \"publish\"`-style): during a build sys.argv holds a build command, so it never ran".into()));
        }
        call_at = shift(call_at, &edits);
        current = next;
    }
    let original = text.to_owned();
    for _ in 0..20 {
        let before = current.clone();
        // Lines are reported in the original file, found by the statement's text.
        let line_in_original = |offset: usize| -> usize {
            let snippet = &before[offset..line_end(&before, offset)];
            original.find(snippet).map_or(0, |i| line_of(&original, i))
        };
        let Some((next, edits)) = remove_dead_code(
            &current,
            call_at,
            python_requires_converted,
            &mut notes,
            &line_in_original,
        ) else {
            break;
        };
        if first_syntax_error(&parse(&next)).is_some() {
            return Err("removing unused code would break setup.py's syntax".into());
        }
        call_at = shift(call_at, &edits);
        current = next;
    }
    let current = tidy_blank_lines(&current);
    if is_trivial(&current) {
        return Ok(Shim {
            text: None,
            notes,
            imports_project_modules: false,
        });
    }
    let imports_project = imports_project_modules(&current, files);
    Ok(Shim {
        text: Some(current),
        notes,
        imports_project_modules: imports_project,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::MemoryFiles;

    fn sites_of(text: &str, needles: &[&str]) -> Vec<Range<usize>> {
        needles
            .iter()
            .map(|n| {
                let i = text.find(n).unwrap_or_else(|| panic!("{n}"));
                i..i + n.len()
            })
            .collect()
    }

    #[test]
    fn removes_arguments_and_dead_code() {
        let text = "\"\"\"Setup.\"\"\"\nimport os\nimport re\nfrom setuptools import setup, find_packages\nfrom mybuild import BuildExt\n\nHERE = os.path.dirname(__file__)\n\n\ndef read(name):\n    with open(os.path.join(HERE, name)) as f:\n        return f.read()\n\n\nsetup(\n    name=\"x\",\n    long_description=read(\"README\"),  # the readme\n    packages=find_packages(),\n    cmdclass={\"build_ext\": BuildExt},\n)\n";
        let sites = sites_of(
            text,
            &[
                "name=\"x\"",
                "long_description=read(\"README\")",
                "packages=find_packages()",
            ],
        );
        let call = text.find("setup(\n").unwrap();
        let fs = MemoryFiles::new().with("mybuild.py", "");
        let shim = build(text, &sites, call, false, &fs).unwrap();
        assert_eq!(
            shim.text.as_deref(),
            Some(
                "\"\"\"Setup.\"\"\"\nfrom setuptools import setup\nfrom mybuild import BuildExt\n\n\nsetup(\n    cmdclass={\"build_ext\": BuildExt},\n)\n"
            )
        );
        assert!(shim.imports_project_modules);
    }

    #[test]
    fn deletes_a_script_with_nothing_left() {
        let text = "#!/usr/bin/env python\nimport sys\nfrom setuptools import setup\n\nif sys.argv[-1] == 'publish':\n    os.system('twine upload dist/*')\n    sys.exit()\n\nif __name__ == '__main__':\n    setup(name='x', version='1')\n";
        let sites = sites_of(text, &["name='x'", "version='1'"]);
        let call = text.find("setup(name").unwrap();
        let shim = build(text, &sites, call, false, &MemoryFiles::new()).unwrap();
        assert_eq!(shim.text, None);
        assert_eq!(shim.notes.len(), 1, "{:?}", shim.notes);
    }

    #[test]
    fn keeps_code_with_unknown_effects() {
        let text = "from setuptools import setup\nimport subprocess\nsubprocess.check_call(['make', 'gen'])\nsetup(name='x')\n";
        let sites = sites_of(text, &["name='x'"]);
        let shim = build(
            text,
            &sites,
            text.find("setup(name").unwrap(),
            false,
            &MemoryFiles::new(),
        )
        .unwrap();
        assert_eq!(
            shim.text.as_deref(),
            Some(
                "from setuptools import setup\nimport subprocess\nsubprocess.check_call(['make', 'gen'])\nsetup()\n"
            )
        );
    }

    #[test]
    fn dict_entries_and_mutations() {
        let text = "from setuptools import setup\nreqs = ['a']\nreqs.append('b')\nkw = dict(name='x', install_requires=reqs)\nkw['ext_modules'] = make_ext()\nsetup(**kw)\n";
        let sites = sites_of(text, &["name='x'", "install_requires=reqs"]);
        let shim = build(
            text,
            &sites,
            text.find("setup(**").unwrap(),
            false,
            &MemoryFiles::new(),
        )
        .unwrap();
        assert_eq!(
            shim.text.as_deref(),
            Some(
                "from setuptools import setup\nkw = dict()\nkw['ext_modules'] = make_ext()\nsetup(**kw)\n"
            )
        );
    }
}
