//! `--output-format json` (one document) and `json-lines` (one object per line, each with a
//! `type`: `diagnostic`, `change`, `project`, `error`, then `summary`).

use super::model::RunOut;
use serde::Serialize;
use std::io::Write;

pub fn print(out: &mut dyn Write, data: &RunOut) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, data)?;
    writeln!(out)
}

#[derive(Serialize)]
struct Line<'a, T: Serialize> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(flatten)]
    item: &'a T,
}

pub fn print_lines(out: &mut dyn Write, data: &RunOut) -> std::io::Result<()> {
    fn line<T: Serialize>(
        out: &mut dyn Write,
        kind: &'static str,
        item: &T,
    ) -> std::io::Result<()> {
        serde_json::to_writer(&mut *out, &Line { kind, item })?;
        writeln!(out)
    }
    for d in &data.diagnostics {
        line(out, "diagnostic", d)?;
    }
    for c in &data.changes {
        line(out, "change", c)?;
    }
    for p in &data.projects {
        line(out, "project", p)?;
    }
    for e in &data.errors {
        line(out, "error", e)?;
    }
    line(out, "summary", &data.summary)
}
