//! Finding the Python files to migrate.

use crate::config::Resolver;
use ignore::WalkBuilder;
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Directories never searched: VCS metadata, virtualenvs, caches and build output.
const DEFAULT_EXCLUDES: &[&str] = &[
    ".bzr",
    ".direnv",
    ".eggs",
    ".git",
    ".git-rewrite",
    ".hg",
    ".ipynb_checkpoints",
    ".mypy_cache",
    ".nox",
    ".pants.d",
    ".pyenv",
    ".pytest_cache",
    ".pytype",
    ".ruff_cache",
    ".snakeshift_cache",
    ".svn",
    ".tox",
    ".venv",
    "__pycache__",
    "__pypackages__",
    "_build",
    "buck-out",
    "node_modules",
    "site-packages",
    "venv",
];

pub struct Options<'a> {
    /// Patterns from the flags.
    pub exclude: &'a [String],
    pub force_exclude: bool,
    pub respect_gitignore: bool,
    /// The configuration files' own `exclude` patterns, relative to their directories.
    pub resolver: Option<Arc<Resolver>>,
    /// Threads that walk directories (`0`: one per core).
    pub threads: usize,
}

/// Files that make their directory a project root for the project rewrites.
const PROJECT_FILES: [&str; 6] = [
    "setup.py",
    "setup.cfg",
    "pyproject.toml",
    "tox.ini",
    "tox.toml",
    "noxfile.py",
];

/// Configuration files that are not Python: never migrated as code, even when named.
const CONFIG_FILES: [&str; 4] = ["setup.cfg", "pyproject.toml", "tox.ini", "tox.toml"];

/// The files found, and one message per path that could not be used.
#[derive(Default)]
pub struct Discovered {
    pub files: Vec<PathBuf>,
    /// Directories holding a `setup.py`, `setup.cfg`, `pyproject.toml`, `tox.ini`, `tox.toml`
    /// or `noxfile.py`, or a `.github/workflows/` directory, that was walked or named.
    pub roots: Vec<PathBuf>,
    /// Roots found by walking that lie inside another project's test tree or package tree
    /// (a `tests/**/setup.py` the project's own tests read as input): the project rewrites
    /// do not convert them unless the directory or its `setup.py` is named explicitly.
    pub embedded: Vec<PathBuf>,
    pub errors: Vec<String>,
    pub skipped: Vec<String>,
    /// Configuration files that could not be read (the run stops: exit 2).
    pub config_errors: Vec<String>,
}

pub fn discover(paths: &[PathBuf], opts: &Options<'_>) -> Result<Discovered, String> {
    let excludes = exclude_matcher(opts.exclude)?;
    let mut found = Discovered::default();
    let named_errors = Mutex::new(Vec::new());
    for path in paths {
        let meta = match std::fs::symlink_metadata(path) {
            Ok(m) => m,
            Err(e) => {
                found
                    .errors
                    .push(format!("{}: {}", path.display(), io_reason(&e)));
                continue;
            }
        };
        if meta.file_type().is_symlink() {
            found.skipped.push(format!(
                "{}: is a symbolic link; snakeshift does not write through links",
                path.display()
            ));
            continue;
        }
        // A directory of the path as given is a link: the file may lie outside the tree.
        let through_link = path.ancestors().skip(1).any(|dir| {
            !dir.as_os_str().is_empty()
                && std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink())
        });
        if through_link {
            found.skipped.push(format!(
                "{}: is reached through a symbolic link; snakeshift does not write through links",
                path.display()
            ));
            continue;
        }
        if meta.is_file() {
            let excluded = is_excluded(&excludes, Path::new(""), path, false)
                || configured_exclude(opts.resolver.as_deref(), path, false, &named_errors)
                || path
                    .ancestors()
                    .skip(1)
                    .any(|dir| is_build_output(dir, Path::new("")));
            for e in named_errors.lock().expect("not poisoned").drain(..) {
                if !found.config_errors.contains(&e) {
                    found.config_errors.push(e);
                }
            }
            if !(opts.force_exclude && excluded) {
                note_root(path, &mut found);
                let is_config = path
                    .file_name()
                    .is_some_and(|n| CONFIG_FILES.iter().any(|c| n == *c))
                    || workflow_root(path).is_some();
                if !is_config {
                    found.files.push(path.clone());
                }
            }
            continue;
        }
        walk(path, opts, &excludes, &mut found);
    }
    found.files.sort();
    found.files.dedup();
    found.roots.sort();
    found.roots.dedup();
    // A directory named explicitly (or whose setup.py is named) is converted even when a
    // walk also reached it through a test tree.
    let named: Vec<PathBuf> = paths
        .iter()
        .filter_map(|p| {
            let dir = if p.is_dir() { p.as_path() } else { p.parent()? };
            crate::paths::absolute(if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            })
            .ok()
        })
        .collect();
    found
        .embedded
        .retain(|e| crate::paths::absolute(e).is_ok_and(|a| !named.contains(&a)));
    found.embedded.sort();
    found.embedded.dedup();
    for dir in &found.embedded {
        let has_config = ["setup.py", "setup.cfg"]
            .iter()
            .any(|f| dir.join(f).is_file());
        if has_config {
            found.skipped.push(format!(
                "{}: not converted to pyproject.toml: it lies inside another project's test or package tree (test data); name the directory on the command line to convert it",
                dir.display()
            ));
        }
    }
    Ok(found)
}

/// Records the directory of a project file (`setup.py`, `pyproject.toml`, `tox.ini`…) or the
/// repository holding a GitHub Actions workflow as a project root.
fn note_root(file: &Path, found: &mut Discovered) {
    let dir = if file
        .file_name()
        .is_some_and(|n| PROJECT_FILES.iter().any(|p| n == *p))
    {
        file.parent()
    } else if let Some(root) = workflow_root(file) {
        Some(root)
    } else {
        return;
    };
    let dir = match dir {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    found.roots.push(dir);
}

/// Whether a file found by walking matters to the run: a Python file, a project file or a
/// GitHub Actions workflow.
fn is_wanted(file: &Path) -> bool {
    file.extension().is_some_and(|x| x == "py" || x == "pyi")
        || is_project_file(file)
        || workflow_root(file).is_some()
}

fn is_project_file(file: &Path) -> bool {
    file.file_name()
        .is_some_and(|n| PROJECT_FILES.iter().any(|p| n == *p))
}

/// Directory names that hold a project's tests or their data.
fn is_test_tree_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.starts_with("test")
        || name.ends_with("tests")
        || name.ends_with("_test")
        || name.contains("fixture")
        || name.contains("testdata")
        || name == "data"
}

/// Whether `dir`, reached by walking from `walk_root`, lies in a test tree (a directory
/// named like `tests`, `testdata` or `fixtures` on the way down, itself included) or inside a
/// package (a directory with `__init__.py` above it): such a `setup.py` is another project's
/// test input or package data, not a project of its own.
fn is_embedded(walk_root: &Path, dir: &Path) -> bool {
    let Ok(relative) = dir.strip_prefix(walk_root) else {
        return false;
    };
    let mut at = walk_root.to_path_buf();
    let mut components = relative.components().peekable();
    while let Some(c) = components.next() {
        let std::path::Component::Normal(name) = c else {
            continue;
        };
        if is_test_tree_name(&name.to_string_lossy()) {
            return true;
        }
        at.push(name);
        let is_last = components.peek().is_none();
        if !is_last && at.join("__init__.py").is_file() {
            return true;
        }
    }
    false
}

/// For `<root>/.github/workflows/<name>.yml` (or `.yaml`): `<root>`.
fn workflow_root(file: &Path) -> Option<&Path> {
    let is_yaml = file.extension().is_some_and(|e| e == "yml" || e == "yaml");
    let workflows = file.parent()?;
    let github = workflows.parent()?;
    (is_yaml && workflows.file_name()? == "workflows" && github.file_name()? == ".github")
        .then(|| github.parent())
        .flatten()
}

/// Whether the configuration that applies to `path` excludes it; a configuration that cannot
/// be read is an error (kept once in `errors`).
fn configured_exclude(
    resolver: Option<&Resolver>,
    path: &Path,
    is_dir: bool,
    errors: &Mutex<Vec<String>>,
) -> bool {
    let (Some(resolver), Ok(absolute)) = (resolver, crate::paths::absolute(path)) else {
        return false;
    };
    match resolver.settings_for_dir(absolute.parent().unwrap_or(&absolute)) {
        Ok(settings) => settings.excludes(&absolute, is_dir),
        Err(e) => {
            let mut errors = errors.lock().expect("not poisoned");
            if !errors.contains(&e) {
                errors.push(e);
            }
            false
        }
    }
}

/// Walks `root` on `opts.threads` threads (the walk was a fifth of a warm run, all on one
/// core); what it finds is sorted afterwards by [`discover`].
fn walk(root: &Path, opts: &Options<'_>, excludes: &Gitignore, found: &mut Discovered) {
    let excludes = excludes.clone();
    let root_path = root.to_path_buf();
    let config_errors: Arc<Mutex<Vec<String>>> = Arc::default();
    let (resolver, errors) = (opts.resolver.clone(), config_errors.clone());
    let walker = WalkBuilder::new(root)
        .hidden(false)
        .follow_links(false)
        .git_ignore(opts.respect_gitignore)
        .git_exclude(opts.respect_gitignore)
        .git_global(false)
        .ignore(opts.respect_gitignore)
        .parents(opts.respect_gitignore)
        .require_git(false)
        .threads(opts.threads)
        .filter_entry(move |entry| {
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            if entry.depth() == 0 {
                return true;
            }
            if !is_dir && !is_wanted(entry.path()) {
                // Neither migrated nor a project file: no need to ask whether it is excluded.
                return false;
            }
            let skipped_dir = is_dir
                && (crate::paths::is_file(&entry.path().join("pyvenv.cfg"))
                    || is_build_output(entry.path(), &root_path));
            let configured = configured_exclude(resolver.as_deref(), entry.path(), is_dir, &errors);
            !skipped_dir
                && !configured
                && !is_walked_excluded(&excludes, &root_path, entry.path(), is_dir)
        })
        .build_parallel();
    let shared = Mutex::new(Discovered::default());
    walker.run(|| {
        Box::new(|entry| {
            let mut found = shared.lock().expect("not poisoned");
            match entry {
                Ok(e) => {
                    let is_file = e.file_type().is_some_and(|t| t.is_file());
                    let is_python = e
                        .path()
                        .extension()
                        .is_some_and(|x| x == "py" || x == "pyi");
                    if is_file {
                        note_root(e.path(), &mut found);
                        if let Some(dir) = e.path().parent()
                            && is_project_file(e.path())
                            && is_embedded(root, dir)
                        {
                            found.embedded.push(dir.to_path_buf());
                        }
                    }
                    if is_file && is_python {
                        found.files.push(e.into_path());
                    }
                }
                Err(err) => found.errors.push(err.to_string()),
            }
            ignore::WalkState::Continue
        })
    });
    let mut walked = shared.into_inner().expect("not poisoned");
    // Threads finish in any order: sorted, messages come out the same on every run.
    walked.errors.sort();
    found.files.append(&mut walked.files);
    found.roots.append(&mut walked.roots);
    found.embedded.append(&mut walked.embedded);
    found.errors.append(&mut walked.errors);
    let mut config_errors = std::mem::take(&mut *config_errors.lock().expect("not poisoned"));
    config_errors.sort();
    found.config_errors.append(&mut config_errors);
}

/// `build/` and `dist/` next to a project's setup.py, setup.cfg or pyproject.toml (or at the
/// top of the walk) hold build output; elsewhere such a directory may be a package
/// (`pip/_internal/operations/build/`).
fn is_build_output(dir: &Path, root: &Path) -> bool {
    let is_output_name = dir.file_name().is_some_and(|n| n == "build" || n == "dist");
    let Some(parent) = dir.parent() else {
        return false;
    };
    is_output_name
        && (parent == root
            || ["setup.py", "setup.cfg", "pyproject.toml"]
                .iter()
                .any(|f| parent.join(f).is_file()))
}

fn exclude_matcher(user: &[String]) -> Result<Gitignore, String> {
    let mut builder = GitignoreBuilder::new("");
    for pattern in DEFAULT_EXCLUDES {
        builder
            .add_line(None, &format!("{pattern}/"))
            .expect("default exclusions are valid globs");
    }
    for pattern in user {
        builder
            .add_line(None, pattern)
            .map_err(|e| format!("invalid --exclude pattern `{pattern}`: {e}"))?;
    }
    builder.build().map_err(|e| e.to_string())
}

/// Matches `path` relative to `root` (the directory being walked, or nothing for paths named
/// on the command line); patterns without a slash match any component.
fn is_excluded(matcher: &Gitignore, root: &Path, path: &Path, is_dir: bool) -> bool {
    let relative: PathBuf = path
        .strip_prefix(root)
        .unwrap_or(path)
        .components()
        .filter(|c| matches!(c, std::path::Component::Normal(_)))
        .collect();
    matcher
        .matched_path_or_any_parents(&relative, is_dir)
        .is_ignore()
}

/// [`is_excluded`] for an entry the walk reached: its directories were matched on the way
/// down, so only the entry itself is.
fn is_walked_excluded(matcher: &Gitignore, root: &Path, path: &Path, is_dir: bool) -> bool {
    let relative = path.strip_prefix(root).unwrap_or(path);
    matcher.matched(relative, is_dir).is_ignore()
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => e.to_string(),
    }
}

/// Files and project roots to migrate, discovered with the configuration's exclusions.
pub fn configured(paths: &[PathBuf], resolver: &Arc<Resolver>) -> Result<Discovered, String> {
    let root = resolver.root_settings()?;
    let flag_excludes = resolver.flag_excludes();
    let found = discover(
        paths,
        &Options {
            exclude: &flag_excludes,
            force_exclude: root.force_exclude,
            respect_gitignore: root.respect_gitignore,
            resolver: Some(resolver.clone()),
            threads: resolver.jobs().unwrap_or(0),
        },
    )?;
    if !found.config_errors.is_empty() {
        return Err(found.config_errors.join("\nerror: "));
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn skips_virtualenvs_build_output_and_ignored_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "pkg/a.py",
            "pkg/b.pyi",
            "pkg/readme.txt",
            "pkg/build/tool.py",
            "build/lib/pkg/a.py",
            "env/pyvenv.cfg",
            "env/lib/x.py",
            "node_modules/x.py",
            "generated/g.py",
            ".github/scripts/ci.py",
        ] {
            let p = root.join(f);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, "").unwrap();
        }
        fs::write(root.join(".gitignore"), "generated/\n").unwrap();
        let opts = Options {
            exclude: &["pkg/b.pyi".to_owned()],
            force_exclude: false,
            respect_gitignore: true,
            resolver: None,
            threads: 0,
        };
        let found = discover(&[root.to_path_buf()], &opts).unwrap();
        let names: Vec<String> = found
            .files
            .iter()
            .map(|p| p.strip_prefix(root).unwrap().display().to_string())
            .collect();
        assert_eq!(
            names,
            [".github/scripts/ci.py", "pkg/a.py", "pkg/build/tool.py"]
        );
    }

    #[test]
    fn explicit_files_are_kept_unless_force_exclude() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("build").join("x.py");
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(&file, "").unwrap();
        let mut opts = Options {
            exclude: &[],
            force_exclude: false,
            respect_gitignore: true,
            resolver: None,
            threads: 0,
        };
        assert_eq!(
            discover(std::slice::from_ref(&file), &opts)
                .unwrap()
                .files
                .len(),
            1
        );
        opts.force_exclude = true;
        let rel = PathBuf::from("build/x.py");
        let found = discover(&[rel], &opts).unwrap();
        assert!(found.files.is_empty());
    }

    #[test]
    fn missing_paths_are_errors() {
        let opts = Options {
            exclude: &[],
            force_exclude: false,
            respect_gitignore: true,
            resolver: None,
            threads: 0,
        };
        let found = discover(&[PathBuf::from("/no/such/dir")], &opts).unwrap();
        assert_eq!(found.errors, ["/no/such/dir: no such file or directory"]);
    }
}
