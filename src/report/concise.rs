//! `--output-format concise`: one line per fix, finding and project conversion on stdout,
//! `path:row:column: id [status] message`, in path order.

use super::model::{Diagnostic, RunOut};
use super::{Run, style};
use std::io::Write;

pub fn print(out: &mut dyn Write, run: &Run<'_>, quiet: bool) -> std::io::Result<()> {
    let data = RunOut::new(run.reports, run.projects, &[], run.mode);
    for d in &data.diagnostics {
        if quiet && matches!(d.status, "fixed" | "fixable") {
            continue;
        }
        writeln!(out, "{}", line(d))?;
    }
    for p in &data.projects {
        if let Some(r) = &p.refusal {
            writeln!(
                out,
                "{}{}{}: {}{}{} [manual] not converted: {}",
                style::PATH.render(),
                r.filename,
                style::PATH.render_reset(),
                style::CODE.render(),
                r.rewrite,
                style::CODE.render_reset(),
                r.reason
            )?;
        } else if p.converted {
            let status = if data.mode == "apply" {
                "fixed"
            } else {
                "fixable"
            };
            let rewrite = p
                .keywords
                .first()
                .map_or("setup-py-to-pyproject", |k| k.rewrite);
            let file = p
                .keywords
                .first()
                .map_or(p.root.clone(), |k| k.filename.clone());
            writeln!(
                out,
                "{}{file}{}: {}{rewrite}{} [{status}] {}",
                style::PATH.render(),
                style::PATH.render_reset(),
                style::CODE.render(),
                style::CODE.render_reset(),
                p.summary
            )?;
        }
    }
    Ok(())
}

fn line(d: &Diagnostic) -> String {
    let detail = match (d.status, &d.fix, &d.note) {
        ("fixed" | "fixable", Some(fix), _) => fix.message.clone().unwrap_or_default(),
        (_, _, Some(note)) => note.clone(),
        _ => String::new(),
    };
    let detail = if detail.is_empty() {
        String::new()
    } else {
        format!(
            " {}({detail}){}",
            style::HELP.render(),
            style::HELP.render_reset()
        )
    };
    format!(
        "{}{}:{}:{}{}: {}{}{} [{}] {}{detail}",
        style::PATH.render(),
        d.filename,
        d.location.row,
        d.location.column,
        style::PATH.render_reset(),
        style::CODE.render(),
        d.code,
        style::CODE.render_reset(),
        d.status,
        d.message
    )
}
