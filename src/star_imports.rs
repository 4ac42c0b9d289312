//! Which files of a run other files star-import (`from .core import *`): every module-level
//! name of such a file, imports included, may be used by its importers, so none of its
//! imports may be removed as unused (unless it declares `__all__`).

use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The files (absolute paths) that some file among `files` star-imports.
pub fn star_imported(files: &[PathBuf]) -> HashSet<PathBuf> {
    read_ahead(files).0
}

/// [`star_imported`], and the hash ([`crate::cache::content_hash`]) of each file's bytes as
/// this pass read them (`None` where it could not), so that a cache hit with nothing to
/// report needs no second read.
pub fn read_ahead(files: &[PathBuf]) -> (HashSet<PathBuf>, Vec<Option<u128>>) {
    let read: Vec<(Vec<PathBuf>, Option<u128>)> = files
        .par_iter()
        .map(|file| {
            let Ok(bytes) = std::fs::read(file) else {
                return (Vec::new(), None);
            };
            let hash = Some(crate::cache::content_hash(&bytes));
            if !has_star_import(&bytes) {
                return (Vec::new(), hash);
            }
            let text = String::from_utf8_lossy(&bytes);
            let targets = text
                .lines()
                .filter_map(star_import_module)
                .filter_map(|module| resolve(file, &module))
                .collect();
            (targets, hash)
        })
        .collect();
    let mut imported = HashSet::new();
    let mut hashes = Vec::with_capacity(read.len());
    for (targets, hash) in read {
        imported.extend(targets);
        hashes.push(hash);
    }
    (imported, hashes)
}

/// Whether `import` followed by `*` occurs anywhere: most files are ruled out this cheaply.
fn has_star_import(bytes: &[u8]) -> bool {
    memchr::memmem::find_iter(bytes, b"import").any(|at| {
        bytes[at + b"import".len()..]
            .iter()
            .find(|c| !matches!(c, b' ' | b'\t' | b'\\' | b'\r' | b'\n' | b'('))
            == Some(&b'*')
    })
}

/// The module of a `from <module> import *` line.
fn star_import_module(line: &str) -> Option<String> {
    let rest = line.trim_start().strip_prefix("from")?;
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let mut words = rest.split_whitespace();
    let module = words.next()?;
    (words.next()? == "import" && words.next()?.starts_with('*')).then(|| module.to_owned())
}

/// The file a module name means from `importer`: relative to its package for `.x`, and for
/// `a.b` the first `a/b.py` or `a/b/__init__.py` found above it.
fn resolve(importer: &Path, module: &str) -> Option<PathBuf> {
    let importer = crate::paths::absolute(importer).ok()?;
    let dots = module.len() - module.trim_start_matches('.').len();
    let parts: Vec<&str> = module[dots..]
        .split('.')
        .filter(|p| !p.is_empty())
        .collect();
    let candidates = |base: &Path| -> Option<PathBuf> {
        let joined = parts
            .iter()
            .fold(base.to_path_buf(), |p, part| p.join(part));
        let file = joined.with_extension("py");
        if !parts.is_empty() && file.is_file() {
            return Some(file);
        }
        let init = joined.join("__init__.py");
        init.is_file().then_some(init)
    };
    if dots > 0 {
        let base = importer.ancestors().nth(dots)?;
        return candidates(base);
    }
    importer.ancestors().skip(1).find_map(candidates)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn finds_relative_and_absolute_star_imports() {
        let dir = tempfile::tempdir().unwrap();
        let pkg = dir.path().join("pkg");
        fs::create_dir_all(pkg.join("sub")).unwrap();
        for (f, text) in [
            ("pkg/__init__.py", "from .core import *\n"),
            ("pkg/core.py", "import typing\n"),
            ("pkg/sub/__init__.py", ""),
            ("pkg/sub/util.py", ""),
            (
                "pkg/helpers.py",
                "from pkg.sub.util import *  # re-export\nfrom . import *\n",
            ),
            ("pkg/other.py", "x = 'from nowhere import *'\n"),
        ] {
            fs::write(dir.path().join(f), text).unwrap();
        }
        let files: Vec<PathBuf> = ["pkg/__init__.py", "pkg/helpers.py", "pkg/other.py"]
            .iter()
            .map(|f| dir.path().join(f))
            .collect();
        let found = star_imported(&files);
        let mut names: Vec<String> = found
            .iter()
            .map(|p| p.strip_prefix(dir.path()).unwrap().display().to_string())
            .collect();
        names.sort();
        assert_eq!(names, ["pkg/__init__.py", "pkg/core.py", "pkg/sub/util.py"]);
    }
}
