mod destination;

use crate::kit::declare::ProjectEdit;
use crate::kit::backports::{self, Backports, import_of};
use crate::kit::project::Project;
use destination::{Destination, Wanted};
use snakeshift_engine::rewrite::FixSafety;

rewrite! {
    /// # backport-dependencies
    ///
    /// ## What it does
    /// With `--backports MODULES` (module names such as `imghdr,asyncore`, package names such
    /// as `legacy-cgi`, or `all`), the removed modules named are restored from their drop-in
    /// packages instead of being rewritten: their rewrites leave the code alone, and for each
    /// restored module the project's code still imports, this adds the package to the
    /// project's dependencies, with the environment marker of the release that removed the
    /// module (`standard-imghdr; python_version >= '3.13'`; no marker when the project's
    /// oldest Python already lacks the module).
    ///
    /// The dependency goes to `[project] dependencies` in `pyproject.toml` (the setup.py /
    /// setup.cfg conversion runs first in the same run, so a setuptools project gets it in
    /// its new `pyproject.toml`); to the requirements file of a dynamic
    /// `dependencies = { file = ... }`; to `[tool.poetry.dependencies]`; or, when the project
    /// is not converted, to `install_requires` in `setup.cfg`'s `[options]`. Where none of
    /// these can take it (`setup.py` passes `install_requires` itself, dependencies computed
    /// by code), the finding says what to add by hand. A package the project already depends
    /// on is not added again.
    ///
    /// | module | package | marker |
    /// | --- | --- | --- |
    /// | `asyncore`, `asynchat` | `standard-asyncore`, `standard-asynchat` | `python_version >= '3.12'` |
    /// | `smtpd` | `standard-smtpd` (with `standard-asyncore`, `standard-asynchat`) | `python_version >= '3.12'` |
    /// | `imp` (only by name, not in `all`) | `zombie-imp` | `python_version >= '3.12'` |
    /// | `distutils.version` (`looseversion`) | `looseversion` | none: `LooseVersion` is imported from it |
    /// | `cgi`, `cgitb` | `legacy-cgi` | `python_version >= '3.13'` |
    /// | `audioop` | `audioop-lts` | `python_version >= '3.13'` |
    /// | `aifc`, `chunk`, `crypt`, `imghdr`, `mailcap`, `nntplib`, `pipes`, `sndhdr`, `sunau`, `telnetlib`, `uu`, `xdrlib` | `standard-<module>` | `python_version >= '3.13'` |
    ///
    /// ## Why
    /// A module with no faithful rewrite (`imghdr`, `telnetlib`, an asyncore server outside
    /// the shapes snakeshift migrates) otherwise blocks the move to Python 3.13+ until someone
    /// rewrites the code. The drop-in packages are copies of the removed modules under the
    /// same import names, so depending on them keeps the code working unchanged.
    ///
    /// ## Example
    /// `snakeshift --backports imghdr,asyncore .` on a project whose code does
    /// `import imghdr` and `import asyncore` leaves the code as it is and changes
    /// `pyproject.toml`:
    /// ```toml
    /// dependencies = [
    ///     "requests>=2",
    ///     "standard-asyncore; python_version >= '3.12'",
    ///     "standard-imghdr; python_version >= '3.13'",
    /// ]
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the packages are the removed modules' own code. The marker keeps older Pythons
    /// on their standard-library copy.
    BackportDependencies {
        id: "backport-dependencies",
        group: "packaging",
        summary: "--backports: removed modules restored by their drop-in packages (standard-imghdr, standard-asyncore, legacy-cgi, audioop-lts, looseversion, ...), added to the project's dependencies with a python_version marker",
        fix: FixSafety::Safe,
        readme: ("packaging", "with `--backports MODULES` (or `all`): the removed modules named are restored from their drop-in packages (`standard-imghdr`, `standard-asyncore`, `legacy-cgi`, `audioop-lts`, `looseversion`, …) instead of rewritten; each one the code still imports is added to the project's dependencies with a `python_version >=` marker (see below)", "safe"),
    }
}

impl ProjectEdit for BackportDependencies {
    fn edit(&self, project: &mut Project<'_>) {
        let settings = project.settings;
        let mut wanted: Vec<Wanted> = Vec::new();
        for (module, files) in &settings.imports {
            let Some(b) = backports::find(module) else {
                continue;
            };
            let Some(package) = b.package() else { continue };
            if !settings.backports.contains(module) || settings.target < b.removed_in {
                continue;
            }
            let import = import_of(b);
            let marker =
                (import == b.module && settings.min < b.removed_in).then_some(b.removed_in);
            let what = if import == b.module {
                format!("`{}`", b.module)
            } else {
                format!("`{}` (as `{import}`)", b.module)
            };
            match wanted.iter_mut().find(|w| w.package == package) {
                Some(w) => {
                    w.modules.push(what);
                    w.files.extend(files.iter().cloned());
                }
                None => wanted.push(Wanted {
                    package,
                    marker,
                    modules: vec![what],
                    files: files.clone(),
                }),
            }
        }
        if wanted.is_empty() {
            return;
        }
        for w in &mut wanted {
            w.files.sort();
            w.files.dedup();
        }
        Destination::find(project).add(project, &wanted);
    }
}

/// The restored modules (`--backports`) a Python text imports: `import imghdr`,
/// `from imghdr import what`, `import cgi.x`; for `distutils.version`, an import of
/// `looseversion` (what the rewrite imports instead).
pub fn imported_backports(text: &str, backports: Backports) -> Vec<&'static str> {
    let candidates: Vec<_> = backports
        .iter()
        .filter(|b| text.contains(import_of(b)))
        .collect();
    if candidates.is_empty() {
        return Vec::new();
    }
    let tree = snakeshift_engine::parse::parse(text);
    let mut found: Vec<&'static str> = Vec::new();
    let mut stack = vec![tree.root_node()];
    while let Some(node) = stack.pop() {
        let names: Vec<&str> = match node.kind() {
            "import_statement" => {
                let mut cursor = node.walk();
                node.children_by_field_name("name", &mut cursor)
                    .filter_map(|n| {
                        let dotted = if n.kind() == "aliased_import" {
                            n.child_by_field_name("name")?
                        } else {
                            n
                        };
                        Some(&text[dotted.byte_range()])
                    })
                    .collect()
            }
            "import_from_statement" => node
                .child_by_field_name("module_name")
                .filter(|m| m.kind() == "dotted_name")
                .map(|m| vec![&text[m.byte_range()]])
                .unwrap_or_default(),
            _ => {
                let mut cursor = node.walk();
                stack.extend(node.named_children(&mut cursor));
                continue;
            }
        };
        for name in names {
            for b in &candidates {
                let import = import_of(b);
                let hit = name == import || name.starts_with(&format!("{import}."));
                if hit && !found.contains(&b.module) {
                    found.push(b.module);
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_imports_of_restored_modules() {
        let set = Backports::parse(&["imghdr", "cgi", "looseversion", "telnetlib"]).unwrap();
        let text = "import os, imghdr as ih\nif x:\n    from cgi import FieldStorage\nfrom looseversion import LooseVersion\n# import telnetlib\ns = 'telnetlib'\n";
        let mut found = imported_backports(text, set);
        found.sort();
        assert_eq!(found, ["cgi", "distutils.version", "imghdr"]);
        assert!(imported_backports("import imghdrx\n", set).is_empty());
        assert!(imported_backports("from . import imghdr\n", set).is_empty());
    }

    #[test]
    fn fixtures() {
        crate::harness::project_fixtures::run_all("backport_dependencies", &["backport-dependencies"]);
    }
}
