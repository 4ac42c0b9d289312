//! `--output-format concise`: one line per fix, finding and project conversion on stdout,
//! `path:row:column: id [status] message`, in path order.

use super::Run;
use super::model::{Diagnostic, RunOut};
use std::io::Write;

pub fn print(out: &mut dyn Write, run: &Run<'_>, quiet: bool) -> std::io::Result<()> {
    let data = RunOut::new(run.reports, &[], run.mode);
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
                "{}: {} [manual] not converted: {}",
                r.filename, r.rewrite, r.reason
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
                .map_or(snakeshift_rewrites::SETUP_PY_CONVERSION, |k| k.rewrite);
            let file = p
                .keywords
                .first()
                .map_or(p.root.clone(), |k| k.filename.clone());
            writeln!(out, "{file}: {rewrite} [{status}] {}", p.summary)?;
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
        format!(" ({detail})")
    };
    format!(
        "{}:{}:{}: {} [{}] {}{detail}",
        d.filename, d.location.row, d.location.column, d.code, d.status, d.message
    )
}
