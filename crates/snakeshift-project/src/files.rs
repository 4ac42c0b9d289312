//! Read-only access to the files of one project, relative to its root.
//!
//! Project rewrites never touch the file system themselves: the command line hands them a
//! [`ProjectFiles`] view of the project (files read on demand), the fixture harness and the
//! unit tests an in-memory one.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

/// One entry of a directory listing.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct DirEntry {
    pub name: String,
    pub is_dir: bool,
}

/// The files of a project, addressed by `/`-separated paths relative to the project root
/// (`README.rst`, `src/pkg/__init__.py`). Paths that leave the root are never answered.
pub trait ProjectFiles {
    /// The text of a UTF-8 file, or `None` when it does not exist or is not text.
    fn read(&self, path: &str) -> Option<String>;
    /// The entries of a directory (`""` is the root), sorted by name; `None` when it does not
    /// exist.
    fn list(&self, dir: &str) -> Option<Vec<DirEntry>>;

    fn is_file(&self, path: &str) -> bool {
        let (dir, name) = split_parent(path);
        self.list(dir)
            .is_some_and(|entries| entries.iter().any(|e| e.name == name && !e.is_dir))
    }

    fn is_dir(&self, path: &str) -> bool {
        if path.is_empty() {
            return self.list("").is_some();
        }
        let (dir, name) = split_parent(path);
        self.list(dir)
            .is_some_and(|entries| entries.iter().any(|e| e.name == name && e.is_dir))
    }
}

/// `a/b/c` → (`a/b`, `c`); `c` → (``, `c`).
pub fn split_parent(path: &str) -> (&str, &str) {
    match path.rfind('/') {
        Some(i) => (&path[..i], &path[i + 1..]),
        None => ("", path),
    }
}

/// Normalises a relative path (`./a/../b` → `b`); `None` when it leaves the root or is absolute.
pub fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    if path.starts_with('/') {
        return None;
    }
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// The project's files on disk, under `root`. Symbolic links are not followed out of the root.
pub struct DiskFiles {
    root: PathBuf,
}

impl DiskFiles {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        DiskFiles { root: root.into() }
    }

    fn resolve(&self, path: &str) -> Option<PathBuf> {
        let rel = normalize(path)?;
        let full = self.root.join(&rel);
        let inside = Path::new(&rel)
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
        inside.then_some(full)
    }
}

impl ProjectFiles for DiskFiles {
    fn read(&self, path: &str) -> Option<String> {
        let full = self.resolve(path)?;
        let meta = std::fs::symlink_metadata(&full).ok()?;
        if !meta.is_file() {
            return None;
        }
        String::from_utf8(std::fs::read(full).ok()?).ok()
    }

    fn list(&self, dir: &str) -> Option<Vec<DirEntry>> {
        let full = self.resolve(dir)?;
        let meta = std::fs::symlink_metadata(&full).ok()?;
        if !meta.is_dir() {
            return None;
        }
        let mut entries: Vec<DirEntry> = std::fs::read_dir(full)
            .ok()?
            .filter_map(Result::ok)
            .filter_map(|e| {
                let kind = e.file_type().ok()?;
                if kind.is_symlink() {
                    return None;
                }
                Some(DirEntry {
                    name: e.file_name().into_string().ok()?,
                    is_dir: kind.is_dir(),
                })
            })
            .collect();
        entries.sort();
        Some(entries)
    }
}

/// An in-memory project: path → text. Directories are implied by the paths.
#[derive(Clone, Debug, Default)]
pub struct MemoryFiles {
    files: BTreeMap<String, String>,
}

impl MemoryFiles {
    pub fn new() -> Self {
        MemoryFiles::default()
    }

    pub fn with(mut self, path: &str, text: &str) -> Self {
        self.insert(path, text);
        self
    }

    pub fn insert(&mut self, path: &str, text: &str) {
        self.files.insert(path.to_owned(), text.to_owned());
    }

    /// Every file under `dir` on disk (for fixtures).
    pub fn load(dir: &Path) -> std::io::Result<MemoryFiles> {
        let mut files = MemoryFiles::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d)? {
                let entry = entry?;
                if entry.file_type()?.is_dir() {
                    stack.push(entry.path());
                } else {
                    let rel = entry.path().strip_prefix(dir).unwrap().to_path_buf();
                    let rel = rel
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy().into_owned())
                        .collect::<Vec<_>>()
                        .join("/");
                    let bytes = std::fs::read(entry.path())?;
                    files.insert(&rel, &String::from_utf8_lossy(&bytes));
                }
            }
        }
        Ok(files)
    }

    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }
}

impl ProjectFiles for MemoryFiles {
    fn read(&self, path: &str) -> Option<String> {
        self.files.get(&normalize(path)?).cloned()
    }

    fn list(&self, dir: &str) -> Option<Vec<DirEntry>> {
        let dir = normalize(dir)?;
        let prefix = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        let mut entries: Vec<DirEntry> = Vec::new();
        let mut found = dir.is_empty();
        for path in self.files.keys() {
            let Some(rest) = path.strip_prefix(&prefix) else {
                continue;
            };
            found = true;
            let entry = match rest.split_once('/') {
                Some((name, _)) => DirEntry {
                    name: name.to_owned(),
                    is_dir: true,
                },
                None => DirEntry {
                    name: rest.to_owned(),
                    is_dir: false,
                },
            };
            if !entries.contains(&entry) {
                entries.push(entry);
            }
        }
        entries.sort();
        found.then_some(entries)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_listing() {
        let fs = MemoryFiles::new()
            .with("setup.py", "")
            .with("pkg/__init__.py", "")
            .with("pkg/sub/m.py", "");
        assert!(fs.is_file("setup.py"));
        assert!(fs.is_dir("pkg"));
        assert!(fs.is_dir("pkg/sub"));
        assert!(!fs.is_dir("nope"));
        assert_eq!(
            fs.list("pkg").unwrap(),
            [
                DirEntry {
                    name: "__init__.py".into(),
                    is_dir: false
                },
                DirEntry {
                    name: "sub".into(),
                    is_dir: true
                }
            ]
        );
        assert_eq!(fs.read("./pkg/../setup.py").as_deref(), Some(""));
        assert_eq!(fs.read("../x"), None);
    }

    #[test]
    fn normalizes() {
        assert_eq!(normalize("a/./b/../c").as_deref(), Some("a/c"));
        assert_eq!(normalize("../a"), None);
        assert_eq!(normalize("/etc/passwd"), None);
    }
}
