//! Reporting a run: diffs or file lists on stdout, findings, errors and a summary on stderr.

mod summary;

pub use summary::Summary;

use crate::run::{FileReport, ProjectRun};
use snakeshift_engine::fix::Applicability;
use snakeshift_engine::pipeline::Reported;
use std::io::Write;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Diff,
    Check,
    Apply,
}

/// Diffs (dry run) or changed paths (`--check`), in path order.
pub fn print_changes(
    out: &mut impl Write,
    reports: &[FileReport],
    mode: Mode,
) -> std::io::Result<()> {
    for r in reports.iter().filter(|r| r.changed()) {
        match mode {
            Mode::Diff => out.write_all(r.diff.as_bytes())?,
            Mode::Check => writeln!(out, "{}", r.display)?,
            Mode::Apply => {}
        }
    }
    out.flush()
}

/// Errors and the findings left for a human, file by file.
pub fn print_findings(
    err: &mut impl Write,
    reports: &[FileReport],
    required: Applicability,
    quiet: bool,
) -> std::io::Result<()> {
    for r in reports {
        if let Some(e) = r.io_error.as_ref().or(r.error.as_ref()) {
            writeln!(err, "error: {}: {e}", r.display)?;
        }
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
            writeln!(err, "    {}", help(f, required))?;
        }
    }
    Ok(())
}

/// What the project rewrites did, keyword by keyword; refusals even with `-q` off only.
pub fn print_projects(
    err: &mut impl Write,
    projects: &[ProjectRun],
    quiet: bool,
) -> std::io::Result<()> {
    if quiet {
        return Ok(());
    }
    for p in projects {
        err.write_all(p.report.render(&p.root).as_bytes())?;
    }
    Ok(())
}

fn help(f: &Reported, required: Applicability) -> String {
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
