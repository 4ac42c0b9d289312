//! Reading `setup.py` statically: the `setup()` call's keywords as evaluated, or the reason
//! the script cannot be converted (numpy.distutils, scikit-build, pbr used from code, a
//! call that depends on the command line…).

use super::args::{Arg, ArgOrigin};
use crate::files::ProjectFiles;
use crate::python::interp::{Exc, Guard, Interp, Settings, SetupCall};
use crate::python::value::{Site, Value};
use snakeshift_engine::parse::{first_syntax_error, parse};
use std::ops::Range;
use tree_sitter::Node;

pub struct SetupPy {
    pub args: Vec<Arg>,
    /// The `setup(...)` call in the script.
    pub call: Range<usize>,
    /// `**mapping` arguments of the call and the keys each passed.
    pub splats: Vec<(Site, Vec<String>)>,
    /// What the evaluation assumed: (line, message).
    pub assumptions: Vec<(usize, String)>,
    /// Project modules whose namespace the script read.
    pub read_modules: Vec<String>,
    /// The setup function used: `setuptools.setup` or `distutils.core.setup`.
    pub function: String,
    /// Keywords a local wrapper of `setup()` adds on its own (`use_2to3`…).
    pub wrapper_keywords: Vec<String>,
    /// `pbr=True` is passed: pbr configures the project from setup.cfg (see `pbr`).
    pub pbr: bool,
    /// The line of the `setup()` call.
    pub call_line: usize,
}

/// Imports that make a script unconvertible, with the reason.
fn build_system_refusal(text: &str) -> Option<String> {
    let tree = parse(text);
    let mut stack = vec![tree.root_node()];
    while let Some(node) = stack.pop() {
        if matches!(node.kind(), "import_statement" | "import_from_statement") {
            let src = &text[node.byte_range()];
            let mut c = node.walk();
            let modules: Vec<&str> = node
                .named_children(&mut c)
                .filter(|n| matches!(n.kind(), "dotted_name" | "aliased_import"))
                .map(|n| {
                    let n = n.child_by_field_name("name").unwrap_or(n);
                    &text[n.byte_range()]
                })
                .chain(
                    node.child_by_field_name("module_name")
                        .map(|m| &text[m.byte_range()]),
                )
                .collect();
            for m in modules {
                if m == "numpy.distutils" || m.starts_with("numpy.distutils.") {
                    return Some(format!(
                        "setup.py builds with numpy.distutils (`{}`), which has no pyproject.toml equivalent (numpy recommends meson-python or scikit-build-core)",
                        src.trim()
                    ));
                }
                if m == "skbuild" || m.starts_with("skbuild.") {
                    return Some(
                        "setup.py builds with scikit-build (`skbuild.setup`); its configuration belongs to scikit-build-core's own pyproject.toml table, not setuptools'".into(),
                    );
                }
                if m == "pbr" || m.starts_with("pbr.") {
                    return Some(format!(
                        "setup.py imports pbr itself (`{}`) and calls it while it runs, which snakeshift does not follow",
                        src.trim()
                    ));
                }
            }
        }
        let mut c = node.walk();
        stack.extend(node.named_children(&mut c));
    }
    None
}

pub fn pbr_reason() -> String {
    "setup.cfg has pbr's [pbr]/[files] sections, but setup.py does not pass pbr=True (or there is no setup.py), so it is unclear which tool reads them".into()
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

/// Evaluates `setup.py` and collects its `setup()` keywords.
pub fn analyse(
    text: &str,
    files: &dyn ProjectFiles,
    settings: Settings,
) -> Result<SetupPy, String> {
    let tree = parse(text);
    if let Some(err) = first_syntax_error(&tree) {
        let p = err.start_position();
        return Err(format!(
            "setup.py has a syntax error at line {}, column {}",
            p.row + 1,
            p.column + 1
        ));
    }
    if let Some(reason) = build_system_refusal(text) {
        return Err(reason);
    }
    let mut interp = Interp::new(files, settings);
    let module = interp.add_module("setup.py", text);
    let (_, error) = interp.run_main(module);
    let calls = std::mem::take(&mut interp.setup_calls);
    if let Some(dir) = &interp.changed_directory {
        return Err(format!(
            "setup.py changes the working directory to {dir} before calling setup(), which snakeshift does not follow"
        ));
    }
    match (&error, calls.len()) {
        (Some(Exc::Budget), _) => {
            return Err(
                "setup.py is too complex to follow statically (it loops or computes too much)"
                    .into(),
            );
        }
        (Some(Exc::Raise { kind, message }), 0) if kind != "SystemExit" => {
            return Err(format!(
                "evaluating setup.py statically stops before setup() is called: it raises {kind} ({message})"
            ));
        }
        _ => {}
    }
    let call = match calls.len() {
        0 => {
            return Err(
                "no setup() call found: setup.py must call setuptools.setup() or distutils.core.setup() in a way snakeshift can follow (a function called from the top level is fine)".into(),
            );
        }
        1 => calls.into_iter().next().unwrap(),
        // The same call reached on alternative paths (not a loop calling it twice).
        _ if calls
            .iter()
            .all(|c| c.range == calls[0].range && c.module == calls[0].module)
            && calls
                .iter()
                .filter(|c| matches!(c.guard, Guard::Always))
                .count()
                <= 1 =>
        {
            merge_calls(calls)
        }
        n => {
            return Err(format!(
                "setup() is called {n} times while setup.py runs; snakeshift converts scripts with a single setup() call"
            ));
        }
    };
    let mut call = call;
    let mut wrapper_note = None;
    if call.module != module {
        // A local wrapper (`from setup_helpers import setup`) whose body calls
        // setuptools.setup(): followed, and the call in setup.py stands for it.
        let Some((range, name)) = call.via.clone() else {
            return Err("setup() is called from code outside setup.py".into());
        };
        let wrapper_path = interp.modules[call.module].path.clone();
        let own: Vec<String> = call
            .args
            .iter()
            .filter(|a| !a.sites.is_empty() && a.sites.iter().all(|s| s.module != module))
            .map(|a| a.name.clone())
            .collect();
        wrapper_note = Some((
            line_of(text, range.start),
            format!(
                "setup() is reached through `{name}()` in {wrapper_path}, which calls {}(); its arguments were followed through it{}",
                call.function,
                if own.is_empty() {
                    String::new()
                } else {
                    format!(" (it adds {} itself)", own.join(", "))
                }
            ),
            own,
            wrapper_path,
        ));
        call.range = range;
    }
    match &call.guard {
        Guard::Always => {}
        Guard::Marker(m) => {
            return Err(format!("setup() is only called when {m}"));
        }
        Guard::Unknown(r) => {
            return Err(format!("setup() is only called when {r}"));
        }
    }
    if call.positional {
        return Err("setup() is called with positional arguments".into());
    }
    for a in &call.args {
        match a.name.as_str() {
            "**" => {
                let reason = a.value.opaque_reason().unwrap_or_default();
                return Err(format!(
                    "setup(**...) passes keywords that cannot be known statically: {reason}"
                ));
            }
            "pbr" => {}
            "d2to1" => {
                return Err("setup.py builds with d2to1 (`d2to1=True`), which reads setup.cfg its own way at build time (pbr's predecessor); snakeshift converts pbr projects, not d2to1 ones".into());
            }
            "setup_requires" => {
                if let Some(items) = a.value.items()
                    && items.iter().any(|i| {
                        i.value
                            .as_str()
                            .is_some_and(|s| s.trim().starts_with("pbr"))
                    })
                    && !call
                        .args
                        .iter()
                        .any(|b| b.name == "pbr" || b.name == "d2to1")
                {
                    return Err("setup_requires lists pbr, but setup.py does not pass pbr=True, so pbr does not configure the build; remove pbr from setup_requires or pass pbr=True, then convert".into());
                }
            }
            _ => {}
        }
    }
    let pbr = call.args.iter().any(|a| a.name == "pbr");
    let call_line = line_of(text, call.range.start);
    let args = call
        .args
        .into_iter()
        .map(|a| Arg {
            keyword: a.name,
            value: a.value,
            origin: ArgOrigin::SetupPy {
                line: a.line,
                sites: a.sites,
                splat: a.splat,
            },
        })
        .collect();
    let mut assumptions: Vec<(usize, String)> = interp
        .assumptions
        .iter()
        .map(|a| (a.line, a.message.clone()))
        .collect();
    let mut wrapper_keywords = Vec::new();
    if let Some((line, message, own, _)) = wrapper_note {
        assumptions.push((line, message));
        wrapper_keywords = own;
    }
    if let Some(Exc::Raise { kind, .. }) = &error {
        assumptions.push((
            line_of(text, call.range.end),
            format!("setup.py raises {kind} after setup() returns"),
        ));
    }
    Ok(SetupPy {
        args,
        call: call.range,
        splats: call.splats,
        assumptions,
        read_modules: interp.read_modules.clone(),
        function: call.function,
        wrapper_keywords,
        pbr,
        call_line,
    })
}

/// One `setup()` call reached on several paths (`run_setup(True)`, then `run_setup(False)`
/// after a failed build): the script calls it once per run, with the arguments all paths
/// agree on; an argument that differs, or that only some paths pass, is unknown.
fn merge_calls(calls: Vec<SetupCall>) -> SetupCall {
    let mut merged = calls[0].clone();
    // One of the paths runs.
    merged.guard = Guard::Always;
    // The same class (a `distclass=Distribution` passed on every path) is the same value.
    let same_definition = |a: &Value, b: &Value| match (a, b) {
        (Value::Class(x), Value::Class(y)) => {
            x.module == y.module && x.path == y.path && x.range == y.range
        }
        _ => false,
    };
    for arg in &mut merged.args {
        let same_everywhere = calls[1..].iter().all(|c| {
            c.args.iter().any(|b| {
                b.name == arg.name
                    && b.sites == arg.sites
                    && !b.value.is_opaque()
                    && if matches!(arg.value, Value::Class(_)) {
                        same_definition(&b.value, &arg.value)
                    } else {
                        crate::python::strings::repr(&b.value)
                            == crate::python::strings::repr(&arg.value)
                    }
            })
        });
        let comparable = crate::python::strings::repr(&arg.value).is_some()
            || matches!(arg.value, Value::FindPackages(_) | Value::Class(_));
        let agreed = arg.value.is_opaque() || (same_everywhere && comparable);
        if !agreed {
            arg.value =
                Value::opaque("setup() is called on several paths that pass different values");
        }
    }
    for other in &calls[1..] {
        for b in &other.args {
            if !merged.args.iter().any(|a| a.name == b.name) {
                let mut extra = b.clone();
                extra.value = Value::opaque("only some of the paths that call setup() pass it");
                merged.args.push(extra);
            }
        }
        for (site, _) in &other.splats {
            if !merged.splats.iter().any(|(s, _)| s == site) {
                merged.splats.push((site.clone(), Vec::new()));
            }
        }
    }
    // A mapping passed on several paths may hold different keys: never remove it whole.
    for (_, keys) in &mut merged.splats {
        keys.clear();
    }
    merged
}

/// The dotted module of a project file (`src/pkg/build.py` with `{"": "src"}` → `pkg.build`).
pub fn module_name(path: &str, package_dir: &[(String, String)]) -> Option<String> {
    let stem = path
        .strip_suffix("/__init__.py")
        .or_else(|| path.strip_suffix(".py"))?;
    // The most specific mapping first.
    let mut best: Option<(usize, String)> = None;
    for (pkg, dir) in package_dir {
        let dir = dir.trim_end_matches('/');
        let rest = if dir.is_empty() || dir == "." {
            Some(stem)
        } else if stem == dir {
            Some("")
        } else {
            stem.strip_prefix(&format!("{dir}/"))
        };
        if let Some(rest) = rest {
            let dotted = match (pkg.is_empty(), rest.is_empty()) {
                (true, _) => rest.replace('/', "."),
                (false, true) => pkg.clone(),
                (false, false) => format!("{pkg}.{}", rest.replace('/', ".")),
            };
            if best.as_ref().is_none_or(|(len, _)| dir.len() > *len) {
                best = Some((dir.len(), dotted));
            }
        }
    }
    let dotted = match best {
        Some((_, d)) => d,
        None => {
            if package_dir.iter().any(|(k, _)| k.is_empty()) {
                return None;
            }
            stem.replace('/', ".")
        }
    };
    (!dotted.is_empty() && dotted.split('.').all(|p| !p.is_empty())).then_some(dotted)
}

/// A node by its exact range.
/// A node by its exact range: the outermost of the nodes spanning it (the statement rather
/// than the assignment it consists of).
pub fn node_at<'t>(root: Node<'t>, range: &Range<usize>) -> Option<Node<'t>> {
    let mut node = root.descendant_for_byte_range(range.start, range.end)?;
    while node.byte_range() != *range {
        node = node.parent()?;
        if node.start_byte() < range.start {
            return None;
        }
    }
    while let Some(parent) = node
        .parent()
        .filter(|p| p.byte_range() == *range && !matches!(p.kind(), "module" | "block"))
    {
        node = parent;
    }
    Some(node)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::MemoryFiles;
    use snakeshift_engine::version::PyVersion;

    fn settings() -> Settings {
        Settings {
            min: PyVersion::new(3, 10),
            build_modules: vec![],
        }
    }

    #[test]
    fn refuses() {
        let fs = MemoryFiles::new();
        let cases = [
            (
                "from numpy.distutils.core import setup\nsetup()\n",
                "numpy.distutils",
            ),
            ("from skbuild import setup\nsetup()\n", "scikit-build"),
            (
                "from setuptools import setup\nsetup(setup_requires=['pbr'])\n",
                "does not pass pbr=True",
            ),
            (
                "import pbr.version\nfrom setuptools import setup\nsetup()\n",
                "imports pbr itself",
            ),
            (
                "from setuptools import setup\nsetup(setup_requires=['d2to1', 'pbr'], d2to1=True)\n",
                "d2to1",
            ),
            (
                "import sys\nfrom setuptools import setup\nif 'sdist' in sys.argv:\n    setup()\n",
                "only called",
            ),
            (
                "from setuptools import setup\nsetup(**get_kwargs())\n",
                "cannot be known",
            ),
            ("print('hi')\n", "no setup() call"),
            (
                "from setuptools import setup\nfor i in [1, 2]:\n    setup(name='x')\n",
                "2 times",
            ),
        ];
        for (src, expected) in cases {
            let err = analyse(src, &fs, settings()).err().unwrap_or_default();
            assert!(err.contains(expected), "{src}: {err}");
        }
    }

    #[test]
    fn module_names() {
        let src = [(String::new(), "src".to_owned())];
        assert_eq!(
            module_name("src/pkg/__init__.py", &src).as_deref(),
            Some("pkg")
        );
        assert_eq!(module_name("src/pkg/v.py", &src).as_deref(), Some("pkg.v"));
        assert_eq!(module_name("pkg/__init__.py", &src), None);
        assert_eq!(module_name("pkg/__init__.py", &[]).as_deref(), Some("pkg"));
        let lib = [("pkg".to_owned(), "lib/pkg".to_owned())];
        assert_eq!(
            module_name("lib/pkg/_version.py", &lib).as_deref(),
            Some("pkg._version")
        );
    }
}
