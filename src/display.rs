//! Paths as the user sees them, in messages and in diff headers.

use std::path::{Path, PathBuf};

/// The path as the user sees it: relative to the current directory when it is inside it,
/// else absolute (with `..` resolved).
pub fn display_path(path: &Path) -> String {
    use std::path::Component;
    let bytes = path.as_os_str().as_encoded_bytes();
    let plain_relative = !bytes.is_empty()
        && !bytes.ends_with(b"/")
        && crate::paths::cwd().is_some()
        && path
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if plain_relative {
        // Inside the current directory already: its components, as the long way gives them.
        let shown: PathBuf = path
            .components()
            .filter(|c| matches!(c, Component::Normal(_)))
            .collect();
        return shown.display().to_string();
    }
    display_path_resolved(path)
}

/// [`display_path`] the long way: made absolute, then relative to the current directory.
fn display_path_resolved(path: &Path) -> String {
    let absolute = crate::paths::absolute(path).ok().map(|p| {
        if p.components().any(|c| c == std::path::Component::ParentDir) {
            resolve_parent_dirs(&p)
        } else {
            p
        }
    });
    let relative = crate::paths::cwd()
        .zip(absolute.as_ref())
        .and_then(|(cwd, absolute)| absolute.strip_prefix(cwd).ok().map(Path::to_path_buf));
    let shown = relative
        .or(absolute)
        .unwrap_or_else(|| path.to_path_buf())
        .display()
        .to_string();
    shown.strip_prefix("./").unwrap_or(&shown).to_owned()
}

/// `dir/../x.py` as the real directory holding the file (symbolic links resolved, as the
/// kernel resolves `..`), followed by the file name.
fn resolve_parent_dirs(path: &Path) -> PathBuf {
    match (path.parent().map(std::fs::canonicalize), path.file_name()) {
        (Some(Ok(dir)), Some(name)) => dir.join(name),
        _ => path.to_path_buf(),
    }
}

/// The path written in diff headers after `a/` and `b/`: the displayed path, with an
/// absolute one written as git writes it (`a/tmp/x.py` for `/tmp/x.py`: apply such a patch
/// from `/`, e.g. `git -C / apply`).
pub fn diff_path(display: &str) -> String {
    display.trim_start_matches('/').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_short_way_shows_what_the_long_way_does() {
        for p in [
            "a/b.py",
            "./a/b.py",
            "a/./b.py",
            "a//b.py",
            ".",
            "./x",
            "x/../y.py",
            "/abs/p.py",
            "a/b/",
        ] {
            let path = Path::new(p);
            assert_eq!(display_path(path), display_path_resolved(path), "{p}");
        }
    }
}
