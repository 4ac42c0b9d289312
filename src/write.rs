//! Writing a rewritten file atomically, only if it has not changed since it was read.
//!
//! The new content is written to an unnamed temporary file (`O_TMPFILE`) in the file's
//! directory, synced, given a name and renamed over the file: killed at any moment, the run
//! leaves the old file or the new one, and no temporary file but in the instant between the
//! naming and the rename. Where the file system has no unnamed files, a named temporary file
//! is used.

use rustix::fs::{AtFlags, CWD, Mode, OFlags};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Takes `path` from `original` (`None`: absent) to `new` (`None`: deleted) with
/// [`write_atomic`], [`create_atomic`] or [`delete_checked`].
pub fn write_change(
    path: &Path,
    original: Option<&[u8]>,
    new: Option<&[u8]>,
) -> Result<(), String> {
    match (original, new) {
        (Some(original), Some(new)) => write_atomic(path, original, new),
        (None, Some(new)) => create_atomic(path, new),
        (Some(original), None) => delete_checked(path, original),
        (None, None) => Ok(()),
    }
}

/// Replaces `path`'s content by `new` through a temporary file in the same directory (fsync,
/// then rename), keeping the permissions. Refuses when the file no longer holds `original`.
pub fn write_atomic(path: &Path, original: &[u8], new: &[u8]) -> Result<(), String> {
    let current = fs::read(path).map_err(|e| format!("cannot re-read before writing: {e}"))?;
    if current != original {
        return Err("changed on disk while snakeshift was running; not overwritten".to_owned());
    }
    let permissions = fs::metadata(path)
        .map_err(|e| format!("cannot read permissions: {e}"))?
        .permissions();
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    match unnamed_in(dir) {
        Some(mut file) => {
            file.write_all(new)
                .and_then(|()| file.set_permissions(permissions))
                .and_then(|()| file.sync_all())
                .map_err(|e| format!("cannot write: {e}"))?;
            let named = name_in(dir, &file)
                .map_err(|e| format!("cannot create a temporary file next to it: {e}"))?;
            fs::rename(&named, path).map_err(|e| {
                let _ = fs::remove_file(&named);
                format!("cannot replace the file: {e}")
            })?;
        }
        None => {
            let tmp = written_temporary(dir, new, permissions)?;
            tmp.persist(path)
                .map_err(|e| format!("cannot replace the file: {}", e.error))?;
        }
    }
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// A named temporary file in `dir` holding `new` with `permissions`, synced.
fn written_temporary(
    dir: &Path,
    new: &[u8],
    permissions: fs::Permissions,
) -> Result<tempfile::NamedTempFile, String> {
    let mut tmp = tempfile::Builder::new()
        .prefix(".snakeshift-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| format!("cannot create a temporary file next to it: {e}"))?;
    tmp.write_all(new)
        .and_then(|()| tmp.as_file().set_permissions(permissions))
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| format!("cannot write: {e}"))?;
    Ok(tmp)
}

/// An unnamed file in `dir`, if the file system makes them.
fn unnamed_in(dir: &Path) -> Option<fs::File> {
    let flags = OFlags::WRONLY | OFlags::TMPFILE | OFlags::CLOEXEC;
    rustix::fs::openat(CWD, dir, flags, Mode::from_raw_mode(0o600))
        .ok()
        .map(fs::File::from)
}

/// Removes the temporary files in `dir` (`.snakeshift-<pid>-<n>.tmp`) of snakeshift processes
/// that no longer run: a run killed in the instant between naming and renaming leaves one.
pub fn remove_stale_temporaries(dir: &Path) {
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(".snakeshift-")?.strip_suffix(".tmp"))
            .and_then(|rest| rest.split_once('-'))
            .map(|(pid, _)| pid)
            .filter(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
        else {
            continue;
        };
        if !Path::new("/proc").join(pid).exists() {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Gives the unnamed `file` a fresh temporary name in `dir`.
fn name_in(dir: &Path, file: &fs::File) -> std::io::Result<PathBuf> {
    use std::os::fd::AsRawFd;
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let source = format!("/proc/self/fd/{}", file.as_raw_fd());
    loop {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let name = dir.join(format!(".snakeshift-{}-{n}.tmp", std::process::id()));
        match rustix::fs::linkat(CWD, source.as_str(), CWD, &name, AtFlags::SYMLINK_FOLLOW) {
            Ok(()) => return Ok(name),
            Err(rustix::io::Errno::EXIST) => continue,
            Err(e) => return Err(e.into()),
        }
    }
}

/// Creates `path` with `new` through a temporary file in the same directory (fsync, then a
/// rename that refuses to replace anything): refused when the file appeared meanwhile.
pub fn create_atomic(path: &Path, new: &[u8]) -> Result<(), String> {
    if fs::symlink_metadata(path).is_ok() {
        return Err("appeared on disk while snakeshift was running; not overwritten".to_owned());
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let permissions = std::os::unix::fs::PermissionsExt::from_mode(0o644);
    let tmp = written_temporary(dir, new, permissions)?;
    tmp.persist_noclobber(path)
        .map_err(|e| format!("cannot create the file: {}", e.error))?;
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Deletes `path`, only if it still holds `original` (and is not a symbolic link).
pub fn delete_checked(path: &Path, original: &[u8]) -> Result<(), String> {
    let meta =
        fs::symlink_metadata(path).map_err(|e| format!("cannot re-read before deleting: {e}"))?;
    if !meta.is_file() {
        return Err("is no longer a regular file; not deleted".to_owned());
    }
    let current = fs::read(path).map_err(|e| format!("cannot re-read before deleting: {e}"))?;
    if current != original {
        return Err("changed on disk while snakeshift was running; not deleted".to_owned());
    }
    fs::remove_file(path).map_err(|e| format!("cannot delete: {e}"))?;
    if let Some(dir) = path.parent()
        && let Ok(d) = fs::File::open(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        })
    {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn replaces_content_and_keeps_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.py");
        fs::write(&path, "old\n").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o751)).unwrap();
        write_atomic(&path, b"old\n", b"new\n").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new\n");
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o751
        );
        let leftovers = fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1);
    }

    #[test]
    fn stale_temporaries_of_dead_runs_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let names = [
            ".snakeshift-999999999-3.tmp".to_owned(),
            format!(".snakeshift-{}-3.tmp", std::process::id()),
            ".snakeshift-notes.tmp".to_owned(),
            "module.py".to_owned(),
        ];
        for n in &names {
            fs::write(dir.path().join(n), "x").unwrap();
        }
        remove_stale_temporaries(dir.path());
        let mut left: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, names[1..].to_vec());
    }

    #[test]
    fn refuses_when_the_file_was_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gone.py");
        let err = write_atomic(&path, b"old\n", b"new\n").unwrap_err();
        assert!(err.contains("cannot re-read before writing"), "{err}");
        assert!(!path.exists());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn refuses_when_the_file_changed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.py");
        fs::write(&path, "edited by someone else\n").unwrap();
        let err = write_atomic(&path, b"old\n", b"new\n").unwrap_err();
        assert!(err.contains("changed on disk"));
        assert_eq!(fs::read(&path).unwrap(), b"edited by someone else\n");
    }

    #[test]
    fn creates_without_clobbering_and_deletes_only_what_was_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pyproject.toml");
        create_atomic(&path, b"[project]\n").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"[project]\n");
        assert!(create_atomic(&path, b"x").unwrap_err().contains("appeared"));
        assert!(
            delete_checked(&path, b"other")
                .unwrap_err()
                .contains("changed on disk")
        );
        delete_checked(&path, b"[project]\n").unwrap();
        assert!(!path.exists());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
