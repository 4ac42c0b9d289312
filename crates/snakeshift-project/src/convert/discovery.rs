//! setuptools' package discovery, reproduced over [`ProjectFiles`]: `find_packages`,
//! `find_namespace_packages` and the automatic discovery that runs when a project lists no
//! packages (explicit `package_dir`, then `src/`, then the flat layout). The converter writes
//! the result explicitly instead of relying on discovery.

use crate::files::ProjectFiles;
use crate::glob::fnmatch;

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
}

fn join(base: &str, name: &str) -> String {
    if base.is_empty() || base == "." {
        name.to_owned()
    } else {
        format!("{base}/{name}")
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Finder {
    /// `find_packages`: directories with an `__init__.py`.
    Regular,
    /// `find_namespace_packages`: every directory.
    Namespace,
    /// Discovery in a flat layout: identifier-named directories.
    FlatLayout,
}

fn looks_like_package(files: &dyn ProjectFiles, finder: Finder, dir: &str, package: &str) -> bool {
    match finder {
        Finder::Regular => files.is_file(&format!("{dir}/__init__.py")),
        Finder::Namespace => true,
        Finder::FlatLayout => {
            let mut names = package.split('.');
            let root = names.next().unwrap_or("");
            (is_identifier(root) || root.ends_with("-stubs")) && names.all(is_identifier)
        }
    }
}

fn find(
    files: &dyn ProjectFiles,
    finder: Finder,
    where_: &str,
    exclude: &[String],
    include: &[String],
) -> Vec<String> {
    let mut exclude: Vec<String> = exclude.to_vec();
    if finder != Finder::FlatLayout {
        exclude.extend(["ez_setup".to_owned(), "*__pycache__".to_owned()]);
    }
    let matches = |pkg: &str, pats: &[String]| pats.iter().any(|p| fnmatch(pkg, p));
    let mut out = Vec::new();
    let mut stack: Vec<(String, String)> = vec![(where_.to_owned(), String::new())];
    while let Some((dir, prefix)) = stack.pop() {
        let Some(entries) = files.list(if dir == "." { "" } else { &dir }) else {
            continue;
        };
        for e in entries.iter().rev().filter(|e| e.is_dir) {
            let full = join(&dir, &e.name);
            let package = if prefix.is_empty() {
                e.name.clone()
            } else {
                format!("{prefix}.{}", e.name)
            };
            if e.name.contains('.') || !looks_like_package(files, finder, &full, &package) {
                continue;
            }
            if matches(&package, include) && !matches(&package, &exclude) {
                out.push(package.clone());
            }
            if exclude.contains(&format!("{package}*")) || exclude.contains(&format!("{package}.*"))
            {
                continue;
            }
            stack.push((full, package));
        }
    }
    out.sort();
    out
}

/// `setuptools.find_packages(where, exclude, include)` (or the namespace variant).
pub fn find_packages(
    files: &dyn ProjectFiles,
    namespaces: bool,
    where_: &str,
    exclude: &[String],
    include: &[String],
) -> Vec<String> {
    let finder = if namespaces {
        Finder::Namespace
    } else {
        Finder::Regular
    };
    find(files, finder, where_, exclude, include)
}

const FLAT_EXCLUDE: &[&str] = &[
    "ci",
    "bin",
    "debian",
    "doc",
    "docs",
    "documentation",
    "manpages",
    "news",
    "newsfragments",
    "changelog",
    "test",
    "tests",
    "unit_test",
    "unit_tests",
    "example",
    "examples",
    "scripts",
    "tools",
    "util",
    "utils",
    "python",
    "build",
    "dist",
    "venv",
    "env",
    "requirements",
    "tasks",
    "fabfile",
    "site_scons",
    "benchmark",
    "benchmarks",
    "exercise",
    "exercises",
    "htmlcov",
    "[._]*",
];

const FLAT_MODULE_EXCLUDE: &[&str] = &[
    "setup",
    "conftest",
    "test",
    "tests",
    "example",
    "examples",
    "build",
    "toxfile",
    "noxfile",
    "pavement",
    "dodo",
    "tasks",
    "fabfile",
    "[Ss][Cc]onstruct",
    "conanfile",
    "manage",
    "benchmark",
    "benchmarks",
    "exercise",
    "exercises",
    "[._]*",
];

fn modules_in(files: &dyn ProjectFiles, dir: &str, exclude: &[String]) -> Vec<String> {
    let mut out: Vec<String> = files
        .list(dir)
        .unwrap_or_default()
        .into_iter()
        .filter(|e| !e.is_dir)
        .filter_map(|e| e.name.strip_suffix(".py").map(str::to_owned))
        .filter(|m| is_identifier(m) && !exclude.iter().any(|p| fnmatch(m, p)))
        .collect();
    out.sort();
    out
}

/// What automatic discovery finds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Discovered {
    pub packages: Vec<String>,
    pub py_modules: Vec<String>,
    /// `package_dir[""]` discovery set (the `src` layout).
    pub src_dir: Option<String>,
}

/// setuptools' automatic discovery for a project that lists neither packages nor modules;
/// `Err` when setuptools refuses to build (several top-level packages or modules in a flat
/// layout).
pub fn auto_discover(
    files: &dyn ProjectFiles,
    package_dir: &[(String, String)],
) -> Result<Discovered, String> {
    let explicit: Vec<&(String, String)> =
        package_dir.iter().filter(|(k, _)| !k.is_empty()).collect();
    if !explicit.is_empty() {
        let mut packages = Vec::new();
        for (pkg, dir) in explicit {
            packages.push(pkg.clone());
            for nested in find(files, Finder::Namespace, dir, &[], &["*".to_owned()]) {
                packages.push(format!("{pkg}.{nested}"));
            }
        }
        return Ok(Discovered {
            packages,
            ..Discovered::default()
        });
    }
    let src = package_dir
        .iter()
        .find(|(k, _)| k.is_empty())
        .map_or("src".to_owned(), |(_, v)| v.clone());
    if files.is_dir(&src) {
        return Ok(Discovered {
            packages: find(files, Finder::Namespace, &src, &[], &["*".to_owned()]),
            py_modules: modules_in(files, &src, &[]),
            src_dir: Some(src),
        });
    }
    let exclude: Vec<String> = FLAT_EXCLUDE
        .iter()
        .flat_map(|p| [(*p).to_owned(), format!("{p}.*")])
        .collect();
    let packages = find(files, Finder::FlatLayout, ".", &exclude, &["*".to_owned()]);
    let top: Vec<&String> = packages
        .iter()
        .filter(|p| !p.contains('.') && !p.ends_with("-stubs"))
        .collect();
    if top.len() > 1 {
        return Err(format!(
            "setuptools refuses to build this project: automatic discovery finds several top-level packages ({})",
            top.iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if !top.is_empty() {
        return Ok(Discovered {
            packages,
            ..Discovered::default()
        });
    }
    let module_exclude: Vec<String> = FLAT_MODULE_EXCLUDE
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    let py_modules = modules_in(files, "", &module_exclude);
    if py_modules.len() > 1 {
        return Err(format!(
            "setuptools refuses to build this project: automatic discovery finds several top-level modules ({})",
            py_modules.join(", ")
        ));
    }
    Ok(Discovered {
        packages: Vec::new(),
        py_modules,
        src_dir: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::MemoryFiles;

    fn project() -> MemoryFiles {
        MemoryFiles::new()
            .with("setup.py", "")
            .with("pkg/__init__.py", "")
            .with("pkg/sub/__init__.py", "")
            .with("pkg/data/x.txt", "")
            .with("tests/__init__.py", "")
            .with("tests/unit/__init__.py", "")
            .with("docs/conf.py", "")
    }

    #[test]
    fn find_packages_like_setuptools() {
        let fs = project();
        let all = vec!["*".to_owned()];
        assert_eq!(
            find_packages(&fs, false, ".", &[], &all),
            ["pkg", "pkg.sub", "tests", "tests.unit"]
        );
        assert_eq!(
            find_packages(&fs, false, ".", &["tests".into()], &all),
            ["pkg", "pkg.sub", "tests.unit"]
        );
        assert_eq!(
            find_packages(&fs, false, ".", &["tests*".into()], &all),
            ["pkg", "pkg.sub"]
        );
        assert_eq!(
            find_packages(&fs, true, ".", &[], &all),
            ["docs", "pkg", "pkg.data", "pkg.sub", "tests", "tests.unit"]
        );
    }

    #[test]
    fn automatic_discovery() {
        let fs = project();
        assert_eq!(
            auto_discover(&fs, &[]).unwrap().packages,
            ["pkg", "pkg.data", "pkg.sub"]
        );
        let two = project().with("other/__init__.py", "");
        assert!(auto_discover(&two, &[]).is_err());
        let module = MemoryFiles::new()
            .with("setup.py", "")
            .with("solo.py", "")
            .with("conftest.py", "");
        assert_eq!(auto_discover(&module, &[]).unwrap().py_modules, ["solo"]);
        let src = MemoryFiles::new()
            .with("src/pkg/__init__.py", "")
            .with("src/mod.py", "");
        let d = auto_discover(&src, &[]).unwrap();
        assert_eq!(
            (d.packages, d.py_modules, d.src_dir.as_deref()),
            (vec!["pkg".to_owned()], vec!["mod".to_owned()], Some("src"))
        );
    }
}
