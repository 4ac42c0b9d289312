//! Reporting a run in the chosen `--output-format`: diffs or file lists on stdout with
//! findings, errors and a summary on stderr (`diff`), one line per fix and finding
//! (`concise`), or the structured formats built from [`model`]: `json`, `json-lines`,
//! `github` (workflow annotations) and `sarif`.

mod concise;
mod github;
mod json;
pub mod model;
mod sarif;
pub mod style;
mod summary;
mod text;

pub use summary::Summary;

use crate::args::OutputFormat;
use crate::outcome::FileReport;
use std::io::{self, Write};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Diff,
    Check,
    Apply,
}

/// A finished run, ready to print.
pub struct Run<'a> {
    pub reports: &'a [FileReport],
    /// Paths that could not be used (no file, permissions).
    pub errors: &'a [String],
    /// Paths skipped on purpose (symbolic links), as warnings.
    pub warnings: &'a [String],
    pub mode: Mode,
    pub quiet: bool,
}

/// Prints the run: the format's output on `out` (stdout), messages on `err` (stderr).
pub fn emit(
    format: OutputFormat,
    run: &Run<'_>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<()> {
    // The streams may be buffered (see `term::stdout`): each is flushed before the other is
    // written to, so that the two stay in order when they share a file.
    for message in run.errors {
        let _ = writeln!(
            err,
            "{}error{}: {message}",
            style::ERROR.render(),
            style::ERROR.render_reset()
        );
    }
    for message in run.warnings {
        let _ = writeln!(
            err,
            "{}warning{}: {message}",
            style::WARNING.render(),
            style::WARNING.render_reset()
        );
    }
    let summary = Summary::new(run.reports, run.mode);
    match format {
        OutputFormat::Diff => {
            let _ = err.flush();
            text::print_changes(out, run.reports, run.mode)?;
            out.flush()?;
            let _ = text::print_findings(err, run.reports, run.quiet);
            let _ = text::print_projects(err, run.reports, run.quiet);
        }
        OutputFormat::Concise => {
            let _ = text::print_errors(err, run.reports);
            let _ = err.flush();
            concise::print(out, run, run.quiet)?;
        }
        OutputFormat::Json
        | OutputFormat::JsonLines
        | OutputFormat::Github
        | OutputFormat::Sarif => {
            let _ = text::print_errors(err, run.reports);
            let _ = err.flush();
            let data = model::RunOut::new(run.reports, run.errors, run.mode);
            match format {
                OutputFormat::Json => json::print(out, &data)?,
                OutputFormat::JsonLines => json::print_lines(out, &data)?,
                OutputFormat::Github => github::print(out, &data)?,
                _ => sarif::print(out, &data)?,
            }
            // The summary line would only repeat what the document says.
            return out.flush();
        }
    }
    out.flush()?;
    if !run.quiet {
        let _ = writeln!(
            err,
            "{}{summary}{}",
            style::SUMMARY.render(),
            style::SUMMARY.render_reset()
        );
    }
    let _ = err.flush();
    Ok(())
}
