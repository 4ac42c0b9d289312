//! The results of a run as data, for the structured formats (JSON, JSON lines, GitHub, SARIF):
//! every fix and finding located in the file on disk (byte offsets, 1-based rows and
//! columns counted in characters), every changed file with the exact edits from its old to
//! its new content, the project conversions, the errors and the summary.

use super::{Mode, Summary};
use crate::outcome::{FileReport, ProjectAccount, projects};
use serde::Serialize;
use snakeshift_engine::fix::{Applicability, Edit};
use snakeshift_engine::pipeline::Reported;
use snakeshift_engine::source::LineIndex;
use std::ops::Range;

const BOM: &str = "\u{feff}";

/// A place in a file.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
pub struct Location {
    /// 1-based line.
    pub row: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Byte offset from the start of the file.
    pub offset: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct EditOut {
    pub content: String,
    pub location: Location,
    pub end_location: Location,
}

#[derive(Clone, Debug, Serialize)]
pub struct FixOut {
    /// `safe`, `unsafe` or `display-only`.
    pub applicability: String,
    /// What the fix does.
    pub message: Option<String>,
    /// Part of the change this run made (`--apply`) or shows (dry run).
    pub applied: bool,
    /// The fix's own edits on the file as it is on disk; `null` when the fix only exists
    /// after another fix changed the same text (its effect is in the file's `changes`).
    pub edits: Option<Vec<EditOut>>,
}

/// A fix or a finding.
#[derive(Clone, Debug, Serialize)]
pub struct Diagnostic {
    /// The rewrite id (`unused-suppression` for a suppression comment that covers nothing).
    pub code: &'static str,
    pub group: &'static str,
    pub message: String,
    pub filename: String,
    pub location: Location,
    pub end_location: Location,
    /// `fixed` (written by `--apply`), `fixable` (in the dry run's diff), `unsafe-fix` (a fix
    /// needs `--unsafe`) or `manual`.
    pub status: &'static str,
    /// Why the fix is unsafe, or what to do by hand.
    pub note: Option<String>,
    pub fix: Option<FixOut>,
}

/// A file the run changes (or would change).
#[derive(Clone, Debug, Serialize)]
pub struct Change {
    pub filename: String,
    /// `modified`, `created` or `deleted`.
    pub status: &'static str,
    /// Written to disk (`--apply`).
    pub written: bool,
    /// The edits from the old content to the new one, in the old content.
    pub edits: Vec<EditOut>,
    /// The unified diff (as printed by the default format).
    pub diff: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct KeywordOut {
    pub rewrite: &'static str,
    pub filename: String,
    pub line: usize,
    pub keyword: String,
    /// `converted`, `dynamic`, `kept` or `dropped`.
    pub outcome: String,
    pub detail: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct NoteOut {
    pub rewrite: &'static str,
    pub filename: String,
    /// 0 when the note is not tied to a line.
    pub line: usize,
    pub message: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct RefusalOut {
    pub rewrite: &'static str,
    pub filename: String,
    pub reason: String,
}

/// A project conversion (setup.py / setup.cfg → pyproject.toml).
#[derive(Clone, Debug, Serialize)]
pub struct ProjectOut {
    pub root: String,
    pub converted: bool,
    pub summary: String,
    /// The files the conversion changes (their edits are in `changes`).
    pub files: Vec<String>,
    pub keywords: Vec<KeywordOut>,
    pub notes: Vec<NoteOut>,
    pub refusal: Option<RefusalOut>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ErrorOut {
    /// The file, when the error is about one.
    pub filename: Option<String>,
    pub message: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct SummaryOut {
    pub files: usize,
    pub changed: usize,
    pub fixes: usize,
    pub unsafe_fixes_left: usize,
    pub manual_left: usize,
    pub failed: usize,
    pub projects_converted: usize,
    pub projects_refused: usize,
    /// The one-line summary the default format prints.
    pub text: String,
}

/// Everything a structured format prints.
#[derive(Debug, Serialize)]
pub struct RunOut {
    pub version: &'static str,
    /// `diff`, `check` or `apply`.
    pub mode: &'static str,
    pub diagnostics: Vec<Diagnostic>,
    pub changes: Vec<Change>,
    pub projects: Vec<ProjectOut>,
    pub errors: Vec<ErrorOut>,
    pub summary: SummaryOut,
}

impl RunOut {
    pub fn new(reports: &[FileReport], errors: &[String], mode: Mode) -> RunOut {
        let summary = Summary::new(reports, mode);
        let mut out = RunOut {
            version: env!("CARGO_PKG_VERSION"),
            mode: match mode {
                Mode::Diff => "diff",
                Mode::Check => "check",
                Mode::Apply => "apply",
            },
            diagnostics: Vec::new(),
            changes: Vec::new(),
            projects: projects(reports).into_iter().map(project).collect(),
            errors: errors
                .iter()
                .map(|m| ErrorOut {
                    filename: None,
                    message: m.clone(),
                })
                .collect(),
            summary: SummaryOut {
                files: summary.files,
                changed: summary.changed,
                fixes: summary.fixes,
                unsafe_fixes_left: summary.unsafe_left,
                manual_left: summary.manual_left,
                failed: summary.failed + summary.io_failed,
                projects_converted: summary.projects,
                projects_refused: summary.refused,
                text: summary.to_string(),
            },
        };
        for r in reports {
            if let Some(e) = r.failure() {
                out.errors.push(ErrorOut {
                    filename: Some(r.display.clone()),
                    message: e.to_owned(),
                });
            }
            let text = r.original_text();
            let file = FileText::new(&text);
            let done = if r.written { "fixed" } else { "fixable" };
            let mut found: Vec<Diagnostic> = r
                .applied
                .iter()
                .map(|f| diagnostic(r, &file, f, done))
                .chain(r.remaining.iter().map(|f| {
                    let status = match f.applicability {
                        Some(Applicability::Unsafe) => "unsafe-fix",
                        _ => "manual",
                    };
                    diagnostic(r, &file, f, status)
                }))
                .collect();
            found.sort_by_key(|d| (d.location.offset, d.end_location.offset, d.code));
            out.diagnostics.extend(found);
            if r.changed() {
                out.changes.push(change(r));
            }
        }
        out
    }
}

/// A file's text (BOM included, as on disk) with its line index.
pub struct FileText<'a> {
    /// Without the BOM: what rewrites see.
    body: &'a str,
    bom: usize,
    index: LineIndex,
}

impl<'a> FileText<'a> {
    pub fn new(text: &'a str) -> FileText<'a> {
        let body = text.strip_prefix(BOM).unwrap_or(text);
        FileText {
            body,
            bom: text.len() - body.len(),
            index: LineIndex::new(body),
        }
    }

    /// The location of an offset into the text without the BOM.
    pub fn location(&self, offset: usize) -> Location {
        let (row, column) = self.index.position(self.body, offset);
        Location {
            row,
            column,
            offset: offset + self.bom,
        }
    }

    fn edit(&self, e: &Edit) -> EditOut {
        EditOut {
            content: e.content.clone(),
            location: self.location(e.range.start),
            end_location: self.location(e.range.end),
        }
    }
}

fn diagnostic(
    r: &FileReport,
    file: &FileText<'_>,
    f: &Reported,
    status: &'static str,
) -> Diagnostic {
    Diagnostic {
        code: f.rewrite,
        group: group_of(f.rewrite),
        message: f.message.clone(),
        filename: r.display.clone(),
        location: file.location(f.range.start),
        end_location: file.location(f.range.end),
        status,
        note: f.note.clone(),
        fix: f.applicability.map(|a| FixOut {
            applicability: a.to_string(),
            message: f.fix_title.clone(),
            applied: matches!(status, "fixed" | "fixable"),
            edits: f
                .edits
                .as_ref()
                .map(|edits| edits.iter().map(|e| file.edit(e)).collect()),
        }),
    }
}

/// The group of a rewrite id (`snakeshift` for the engine's own findings).
pub fn group_of(id: &str) -> &'static str {
    snakeshift_rewrites::all()
        .iter()
        .map(|r| r.meta())
        .chain(snakeshift_rewrites::projects().iter().map(|r| r.meta()))
        .find(|m| m.id == id)
        .map_or("snakeshift", |m| m.group)
}

fn change(r: &FileReport) -> Change {
    let text = |b: Option<&[u8]>| b.map(|b| String::from_utf8_lossy(b).into_owned());
    let old = text(r.original.as_deref());
    let new = text(r.current());
    let status = match (&old, &new) {
        (None, _) => "created",
        (_, None) => "deleted",
        _ => "modified",
    };
    let (old, new) = (old.unwrap_or_default(), new.unwrap_or_default());
    let file = LineIndex::new(&old);
    let location = |offset: usize| {
        let (row, column) = file.position(&old, offset);
        Location {
            row,
            column,
            offset,
        }
    };
    let edits = line_edits(&old, &new)
        .into_iter()
        .map(|(range, content)| EditOut {
            content,
            location: location(range.start),
            end_location: location(range.end),
        })
        .collect();
    Change {
        filename: r.display.clone(),
        status,
        written: r.written,
        edits,
        diff: r.diff.clone(),
    }
}

/// The smallest set of whole-line replacements that turns `old` into `new`.
pub fn line_edits(old: &str, new: &str) -> Vec<(Range<usize>, String)> {
    let diff = similar::TextDiff::from_lines(old, new);
    let starts = |text: &str| -> Vec<usize> {
        let mut s = vec![0];
        s.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        if *s.last().unwrap() != text.len() {
            s.push(text.len());
        }
        s
    };
    let (old_starts, new_starts) = (starts(old), starts(new));
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let mut pending: Option<(Range<usize>, Range<usize>)> = None;
    let flush = |p: (Range<usize>, Range<usize>), edits: &mut Vec<_>| {
        let old_bytes = old_starts[p.0.start]..old_starts[p.0.end];
        let new_bytes = new_starts[p.1.start]..new_starts[p.1.end];
        edits.push((old_bytes, new[new_bytes].to_owned()));
    };
    for op in diff.ops() {
        if op.tag() == similar::DiffTag::Equal {
            if let Some(p) = pending.take() {
                flush(p, &mut edits);
            }
            continue;
        }
        let (o, n) = (op.old_range(), op.new_range());
        pending = Some(match pending.take() {
            Some((po, pn)) => (po.start..o.end, pn.start..n.end),
            None => (o, n),
        });
    }
    if let Some(p) = pending {
        flush(p, &mut edits);
    }
    edits
}

fn project(p: &ProjectAccount) -> ProjectOut {
    let path = |file: &str| {
        if p.root == "." {
            file.to_owned()
        } else {
            format!("{}/{file}", p.root.trim_end_matches('/'))
        }
    };
    let report = &p.report;
    ProjectOut {
        root: p.root.clone(),
        converted: p.converted,
        summary: report.summary.clone(),
        files: p.files.clone(),
        keywords: report
            .keywords
            .iter()
            .map(|k| KeywordOut {
                rewrite: k.rewrite,
                filename: path(&k.file),
                line: k.line,
                keyword: k.keyword.clone(),
                outcome: k.outcome.to_string(),
                detail: k.detail.clone(),
            })
            .collect(),
        notes: report
            .notes
            .iter()
            .map(|n| NoteOut {
                rewrite: n.rewrite,
                filename: path(&n.file),
                line: n.line,
                message: n.message.clone(),
            })
            .collect(),
        refusal: report.refusal.as_ref().map(|r| RefusalOut {
            rewrite: r.rewrite,
            filename: path(&r.file),
            reason: r.reason.clone(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(old: &str, edits: &[(Range<usize>, String)]) -> String {
        let mut out = old.to_owned();
        for (range, content) in edits.iter().rev() {
            out.replace_range(range.clone(), content);
        }
        out
    }

    #[test]
    fn line_edits_turn_the_old_text_into_the_new() {
        for (old, new) in [
            ("a\nb\nc\n", "a\nB\nc\n"),
            ("a\nb\nc\n", "x\na\nc\nd\n"),
            ("", "new\n"),
            ("gone\n", ""),
            ("a\nb", "a\nc"),
            ("\u{feff}a\r\nb\r\n", "\u{feff}A\r\nb\r\n"),
        ] {
            let edits = line_edits(old, new);
            assert_eq!(apply(old, &edits), new, "{old:?} -> {new:?}: {edits:?}");
        }
        assert_eq!(
            line_edits("a\nb\nc\n", "a\nB\nc\n"),
            [(2..4, "B\n".to_owned())]
        );
    }

    #[test]
    fn locations_count_characters_and_bytes_after_the_bom() {
        let file = FileText::new("\u{feff}é = 1\nx = 2\n");
        assert_eq!(
            file.location(4),
            Location {
                row: 1,
                column: 4,
                offset: 7
            }
        );
        assert_eq!(
            file.location(7),
            Location {
                row: 2,
                column: 1,
                offset: 10
            }
        );
    }
}
