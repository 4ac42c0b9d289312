//! `--output-format sarif`: a SARIF 2.1.0 log (what GitHub code scanning and most CI
//! dashboards read): every rewrite as a rule, every fix and finding as a result with its
//! region (lines, columns in code points, byte offsets) and, where it has one, its fix as
//! byte-range replacements; project conversions as results whose fix changes whole files;
//! files that could not be processed as tool notifications.

use super::model::{Diagnostic, EditOut, RunOut};
use serde_json::{Value, json};
use std::io::Write;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub fn print(out: &mut dyn Write, data: &RunOut) -> std::io::Result<()> {
    let metas: Vec<_> = snakeshift_rewrites::all()
        .iter()
        .map(|r| r.meta())
        .chain(snakeshift_rewrites::projects().iter().map(|r| r.meta()))
        .collect();
    let rules: Vec<Value> = metas
        .iter()
        .map(|m| {
            let doc = m.doc_text();
            let mut properties = json!({
                "group": m.group,
                "fixSafety": m.fix.to_string(),
                "tags": [m.group],
            });
            if let Some(v) = m.removed_in {
                properties["removedIn"] = json!(v.to_string());
            }
            json!({
                "id": m.id,
                "shortDescription": { "text": m.summary },
                "fullDescription": { "text": doc },
                "help": { "text": doc, "markdown": doc },
                "properties": properties,
            })
        })
        .collect();
    let rule_index = |id: &str| metas.iter().position(|m| m.id == id);

    let mut results: Vec<Value> = data
        .diagnostics
        .iter()
        .map(|d| result(d, rule_index(d.code)))
        .collect();
    for p in &data.projects {
        let (file, rewrite) = p.keywords.first().map_or_else(
            || {
                p.refusal.as_ref().map_or(
                    (p.root.clone(), snakeshift_rewrites::SETUP_PY_CONVERSION),
                    |r| (r.filename.clone(), r.rewrite),
                )
            },
            |k| (k.filename.clone(), k.rewrite),
        );
        let mut r = json!({
            "ruleId": rewrite,
            "level": "warning",
            "locations": [{ "physicalLocation": { "artifactLocation": artifact(&file) } }],
        });
        if let Some(i) = rule_index(rewrite) {
            r["ruleIndex"] = json!(i);
        }
        if let Some(refusal) = &p.refusal {
            r["message"] = json!({ "text": format!("not converted: {}", refusal.reason) });
        } else if p.converted {
            let changes: Vec<Value> = data
                .changes
                .iter()
                .filter(|c| p.files.contains(&c.filename))
                .map(|c| {
                    json!({
                        "artifactLocation": artifact(&c.filename),
                        "replacements": c.edits.iter().map(replacement).collect::<Vec<_>>(),
                    })
                })
                .collect();
            r["message"] = json!({ "text": p.summary });
            if data.mode == "apply" {
                r["level"] = json!("note");
            }
            if !changes.is_empty() {
                r["fixes"] = json!([{
                    "description": { "text": p.summary },
                    "artifactChanges": changes,
                }]);
            }
        } else {
            continue;
        }
        results.push(r);
    }
    let notifications: Vec<Value> = data
        .errors
        .iter()
        .map(|e| {
            let mut n = json!({ "level": "error", "message": { "text": e.message } });
            if let Some(f) = &e.filename {
                n["locations"] =
                    json!([{ "physicalLocation": { "artifactLocation": artifact(f) } }]);
            }
            n
        })
        .collect();
    let root = std::env::current_dir()
        .map(|d| format!("file://{}/", encode(&d.to_string_lossy())))
        .unwrap_or_else(|_| "file:///".to_owned());
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "snakeshift",
                "version": data.version,
                "semanticVersion": data.version,
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": rules,
            }},
            "invocations": [{
                "executionSuccessful": data.errors.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "originalUriBaseIds": { "%SRCROOT%": { "uri": root } },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

fn result(d: &Diagnostic, rule_index: Option<usize>) -> Value {
    let region = json!({
        "startLine": d.location.row,
        "startColumn": d.location.column,
        "endLine": d.end_location.row,
        "endColumn": d.end_location.column,
        "byteOffset": d.location.offset,
        "byteLength": d.end_location.offset - d.location.offset,
    });
    let mut text = d.message.clone();
    if let Some(note) = &d.note {
        text.push_str(&format!(" ({note})"));
    }
    let mut r = json!({
        "ruleId": d.code,
        "level": if d.status == "fixed" { "note" } else { "warning" },
        "message": { "text": text },
        "locations": [{ "physicalLocation": {
            "artifactLocation": artifact(&d.filename),
            "region": region,
        }}],
        "properties": { "status": d.status },
    });
    if let Some(i) = rule_index {
        r["ruleIndex"] = json!(i);
    }
    if let Some(fix) = &d.fix {
        r["properties"]["applicability"] = json!(fix.applicability);
        if let Some(edits) = fix.edits.as_ref().filter(|e| !e.is_empty()) {
            r["fixes"] = json!([{
                "description": { "text": fix.message.clone().unwrap_or_else(|| d.message.clone()) },
                "artifactChanges": [{
                    "artifactLocation": artifact(&d.filename),
                    "replacements": edits.iter().map(replacement).collect::<Vec<_>>(),
                }],
            }]);
        }
    }
    r
}

fn replacement(e: &EditOut) -> Value {
    let mut r = json!({
        "deletedRegion": {
            "byteOffset": e.location.offset,
            "byteLength": e.end_location.offset - e.location.offset,
        },
    });
    if !e.content.is_empty() {
        r["insertedContent"] = json!({ "text": e.content });
    }
    r
}

/// A displayed path as a SARIF artifact location: relative to the run's root
/// (`%SRCROOT%`, the current directory), or an absolute `file://` URI.
fn artifact(path: &str) -> Value {
    if path.starts_with('/') {
        json!({ "uri": format!("file://{}", encode(path)) })
    } else {
        json!({ "uri": encode(path), "uriBaseId": "%SRCROOT%" })
    }
}

/// Percent-encodes what may not appear in a URI path.
fn encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(encode("pkg/my file é.py"), "pkg/my%20file%20%C3%A9.py");
        assert_eq!(artifact("/tmp/x.py")["uri"], "file:///tmp/x.py");
        assert_eq!(artifact("a.py")["uriBaseId"], "%SRCROOT%");
    }
}
