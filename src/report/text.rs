//! The default format: diffs (dry run) or changed paths (`--check`) on stdout; errors, the
//! findings left for a human and the project reports on stderr.

use super::Mode;
use super::style;
use crate::outcome::{FileReport, projects};
use snakeshift_engine::fix::Applicability;
use snakeshift_engine::pipeline::Reported;
use std::io::Write;

/// Diffs (dry run) or changed paths (`--check`), in path order. Diff headers stay plain so
/// that the patch applies even when coloured output is captured.
pub fn print_changes(
    out: &mut dyn Write,
    reports: &[FileReport],
    mode: Mode,
) -> std::io::Result<()> {
    for r in reports.iter().filter(|r| r.changed()) {
        match mode {
            Mode::Diff => write_diff(out, &r.diff)?,
            Mode::Check => writeln!(out, "{}", r.display)?,
            Mode::Apply => {}
        }
    }
    Ok(())
}

/// One file's diff: the two header lines plain, the hunk lines coloured.
fn write_diff(out: &mut dyn Write, diff: &str) -> std::io::Result<()> {
    for (i, line) in diff.split_inclusive('\n').enumerate() {
        let body = line.strip_suffix('\n').unwrap_or(line);
        let newline = &line[body.len()..];
        let s = if i < 2 {
            anstyle::Style::new()
        } else if body.starts_with("@@") {
            style::HUNK
        } else if body.starts_with('+') {
            style::ADDED
        } else if body.starts_with('-') {
            style::REMOVED
        } else {
            anstyle::Style::new()
        };
        write!(out, "{}{body}{}{newline}", s.render(), s.render_reset())?;
    }
    Ok(())
}

/// One `error: <path>: <reason>` line per file that could not be processed.
pub fn print_errors(err: &mut dyn Write, reports: &[FileReport]) -> std::io::Result<()> {
    for r in reports {
        if let Some(e) = r.failure() {
            writeln!(
                err,
                "{}error{}: {}: {e}",
                style::ERROR.render(),
                style::ERROR.render_reset(),
                r.display
            )?;
        }
    }
    Ok(())
}

/// Errors and the findings left for a human, file by file.
pub fn print_findings(
    err: &mut dyn Write,
    reports: &[FileReport],
    quiet: bool,
) -> std::io::Result<()> {
    for r in reports {
        print_errors(err, std::slice::from_ref(r))?;
        if quiet {
            continue;
        }
        for f in &r.remaining {
            let (line, column) = if r.written {
                f.start_in_result
            } else {
                f.start
            };
            writeln!(
                err,
                "{}:{line}:{column}: {}: {}",
                r.display, f.rewrite, f.message
            )?;
            writeln!(err, "    {}", help(f, r.required))?;
        }
    }
    Ok(())
}

/// What the project rewrites did, keyword by keyword (not with `-q`).
pub fn print_projects(
    err: &mut dyn Write,
    reports: &[FileReport],
    quiet: bool,
) -> std::io::Result<()> {
    if quiet {
        return Ok(());
    }
    for p in projects(reports) {
        err.write_all(p.report.render(&p.root).as_bytes())?;
    }
    Ok(())
}

/// The second line of a finding: what the user can do about it.
pub fn help(f: &Reported, required: Applicability) -> String {
    let note = f.note.as_deref().unwrap_or("");
    match f.applicability {
        Some(a) if a < required && a == Applicability::Unsafe => {
            let title = f.fix_title.as_deref().unwrap_or("fix");
            format!("unsafe fix available with --unsafe ({title}): {note}")
        }
        Some(_) => format!("fix shown only: {note}"),
        None => format!("manual change needed: {note}"),
    }
}
