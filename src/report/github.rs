//! `--output-format github`: GitHub Actions workflow commands, which the runner turns into
//! annotations on the pull request (`::warning file=…,line=…::message`).

use super::model::{Diagnostic, RunOut};
use std::io::Write;

pub fn print(out: &mut dyn Write, data: &RunOut) -> std::io::Result<()> {
    for d in &data.diagnostics {
        // Fixes already written are news, everything else wants attention.
        let level = if d.status == "fixed" {
            "notice"
        } else {
            "warning"
        };
        let properties = [
            ("file", d.filename.clone()),
            ("line", d.location.row.to_string()),
            ("col", d.location.column.to_string()),
            ("endLine", d.end_location.row.to_string()),
            ("endColumn", d.end_location.column.to_string()),
            ("title", format!("snakeshift ({})", d.code)),
        ];
        command(
            out,
            level,
            &properties,
            &format!("{}\n{}", d.message, help(d)),
        )?;
    }
    for p in &data.projects {
        if let Some(r) = &p.refusal {
            let properties = [
                ("file", r.filename.clone()),
                ("title", format!("snakeshift ({})", r.rewrite)),
            ];
            command(
                out,
                "warning",
                &properties,
                &format!("not converted: {}", r.reason),
            )?;
        } else if p.converted {
            let level = if data.mode == "apply" {
                "notice"
            } else {
                "warning"
            };
            let (file, rewrite) = p.keywords.first().map_or(
                (p.root.clone(), snakeshift_rewrites::SETUP_PY_CONVERSION),
                |k| (k.filename.clone(), k.rewrite),
            );
            let properties = [("file", file), ("title", format!("snakeshift ({rewrite})"))];
            command(
                out,
                level,
                &properties,
                &format!("{}\nfiles: {}", p.summary, p.files.join(", ")),
            )?;
        }
    }
    for e in &data.errors {
        let properties: Vec<(&str, String)> = e
            .filename
            .iter()
            .map(|f| ("file", f.clone()))
            .chain([("title", "snakeshift".to_owned())])
            .collect();
        command(out, "error", &properties, &e.message)?;
    }
    Ok(())
}

fn help(d: &Diagnostic) -> String {
    let note = d.note.clone().unwrap_or_default();
    let title = d
        .fix
        .as_ref()
        .and_then(|f| f.message.clone())
        .unwrap_or_default();
    match d.status {
        "fixed" => format!("fixed: {title}"),
        "fixable" => format!("fix (snakeshift --apply): {title}"),
        "unsafe-fix" => format!("unsafe fix available with --unsafe ({title}): {note}"),
        _ => format!("manual change needed: {note}"),
    }
}

fn command(
    out: &mut dyn Write,
    level: &str,
    properties: &[(&str, String)],
    message: &str,
) -> std::io::Result<()> {
    let properties: Vec<String> = properties
        .iter()
        .map(|(k, v)| format!("{k}={}", escape_property(v)))
        .collect();
    writeln!(
        out,
        "::{level} {}::{}",
        properties.join(","),
        escape_data(message)
    )
}

/// The runner's escaping of a command's message.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// The runner's escaping of a property value: the message escapes, `:` and `,`.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_the_actions_toolkit() {
        assert_eq!(escape_data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
