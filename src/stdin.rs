//! `snakeshift -`: one source read from stdin, named by `--stdin-filename` (which decides its
//! configuration, `per-file-ignores`, version window and whether it is a stub). The dry run
//! prints the diff, `--check` the name when it would change, `--apply` the new source (the
//! unchanged source when nothing applies, or when the source cannot be processed); every
//! message goes to stderr.

use crate::display::{diff_path, display_path};
use crate::outcome::FileReport;
use crate::run::{Settings, migrate_bytes};
use snakeshift_engine::diff::unified_diff;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Reads stdin and migrates it as the file `name` (`-` when unnamed).
pub fn migrate_stdin(name: Option<&Path>, settings: &Settings<'_>) -> Result<FileReport, String> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read stdin: {e}"))?;
    let (path, display) = match name {
        Some(p) => (p.to_path_buf(), display_path(p)),
        // Settings as for a file in the current directory.
        None => (PathBuf::from("-"), "-".to_owned()),
    };
    let mut report = migrate_bytes(&path, display, bytes, settings, false);
    if let (Some(new), Some(old)) = (report.result.bytes(), &report.original)
        && new != old.as_slice()
    {
        match (std::str::from_utf8(old), std::str::from_utf8(new)) {
            (Ok(old), Ok(new)) => {
                report.diff = unified_diff(
                    &diff_path(&report.display),
                    Some(old),
                    Some(new),
                    settings.diff_context,
                );
            }
            _ => report.error = Some("rewritten bytes are not UTF-8; left untouched".into()),
        }
    }
    Ok(report)
}

/// The bytes `--apply` prints: the new source, or the original one.
pub fn output(report: &FileReport) -> &[u8] {
    match report.result.bytes() {
        Some(new) if report.failure().is_none() => new,
        _ => report.original.as_deref().unwrap_or_default(),
    }
}
