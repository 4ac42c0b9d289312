//! Absolute paths without asking the kernel for the current directory each time:
//! `std::path::absolute` calls `getcwd` for every relative path, several times per file of a
//! run. The process never changes its directory, so it is read once.

use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The current directory, read once (`None` when it cannot be read, e.g. it was deleted).
pub fn cwd() -> Option<&'static Path> {
    static CWD: OnceLock<Option<PathBuf>> = OnceLock::new();
    CWD.get_or_init(|| std::env::current_dir().ok()).as_deref()
}

/// `path` made absolute as `std::path::absolute` makes it (`.` components dropped, `..`
/// and a trailing slash kept), against the current directory read once.
pub fn absolute(path: &Path) -> std::io::Result<PathBuf> {
    match cwd() {
        Some(cwd) if !path.is_absolute() && !path.as_os_str().is_empty() => {
            let mut absolute = cwd.to_path_buf();
            absolute.extend(path.strip_prefix(".").unwrap_or(path).components());
            if path.as_os_str().as_encoded_bytes().ends_with(b"/") {
                absolute.push("");
            }
            Ok(absolute)
        }
        _ => std::path::absolute(path),
    }
}

/// Whether `path` is a file, asked of the kernel relative to the current directory when it
/// lies inside it: the kernel then walks fewer components (a run asks this of several names
/// in every directory it walks).
pub fn is_file(path: &Path) -> bool {
    let inside = cwd().and_then(|cwd| {
        let bytes = path.as_os_str().as_encoded_bytes();
        let rest = bytes.strip_prefix(cwd.as_os_str().as_encoded_bytes())?;
        rest.strip_prefix(b"/").filter(|r| !r.is_empty())
    });
    match inside {
        Some(relative) => Path::new(std::ffi::OsStr::from_bytes(relative)).is_file(),
        None => path.is_file(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_standard_library() {
        for p in [
            "a/b.py",
            "./a/./b.py",
            "a/../b.py",
            "/x/./y",
            ".",
            "a//b/",
            "../z",
        ] {
            assert_eq!(
                absolute(Path::new(p)).unwrap(),
                std::path::absolute(p).unwrap(),
                "{p}"
            );
        }
        assert!(absolute(Path::new("")).is_err());
    }

    #[test]
    fn is_file_answers_as_the_standard_library_does() {
        let cwd = cwd().unwrap();
        let parent_name = cwd.file_name().unwrap().to_str().unwrap();
        let sibling = cwd
            .with_file_name(format!("{parent_name}x"))
            .join("Cargo.toml");
        for path in [
            cwd.join("Cargo.toml"),
            cwd.join("src/paths.rs"),
            cwd.join("no-such-file"),
            cwd.join("src"),
            cwd.to_path_buf(),
            sibling,
            PathBuf::from("Cargo.toml"),
            PathBuf::from("/"),
        ] {
            assert_eq!(is_file(&path), path.is_file(), "{}", path.display());
        }
        assert!(is_file(&cwd.join("Cargo.toml")));
    }
}
