//! The audit as Markdown: aligned tables that read well in a terminal and render in an
//! issue or a pull request.

use super::{Audit, Counts};
use std::fmt::Write;

pub fn render(a: &Audit, examples: usize) -> String {
    let mut md = String::new();
    let target = a
        .projects
        .first()
        .map_or(a.target.as_str(), |p| p.target_version.as_str());
    let _ = writeln!(md, "# Python {target} migration audit\n");
    let _ = writeln!(
        md,
        "`snakeshift audit {}`: {} Python {} scanned, {} with something to migrate. \
Counted as a dry run with `--unsafe`: **safe** fixes are what `snakeshift --apply` writes, \
**unsafe** ones need `--apply --unsafe` and a review (each says why it may change behaviour), \
**manual** findings need a human.\n",
        a.paths.join(" "),
        a.files,
        if a.files == 1 { "file" } else { "files" },
        a.files_affected
    );

    let _ = writeln!(md, "## Summary\n");
    table(
        &mut md,
        &["", "occurrences", "safe", "unsafe", "manual"],
        &[counts_row("**total**", &a.totals)],
    );

    if !a.groups.is_empty() {
        let _ = writeln!(md, "## By group\n");
        let rows: Vec<Vec<String>> = a
            .groups
            .iter()
            .map(|g| counts_row(&format!("`{}`", g.group), &g.counts))
            .collect();
        table(
            &mut md,
            &["group", "occurrences", "safe", "unsafe", "manual"],
            &rows,
        );

        let _ = writeln!(md, "## By rewrite\n");
        let rows: Vec<Vec<String>> = a
            .rewrites
            .iter()
            .map(|r| {
                let mut row = counts_row(&format!("`{}`", r.rewrite), &r.counts);
                row.insert(1, format!("`{}`", r.group));
                row
            })
            .collect();
        table(
            &mut md,
            &[
                "rewrite",
                "group",
                "occurrences",
                "safe",
                "unsafe",
                "manual",
            ],
            &rows,
        );
    }

    if !a.hot_spots.is_empty() {
        let _ = writeln!(md, "## Hot spots\n");
        let rows: Vec<Vec<String>> = a
            .hot_spots
            .iter()
            .map(|h| counts_row(&format!("`{}`", h.filename), &h.counts))
            .collect();
        table(
            &mut md,
            &["file", "occurrences", "safe", "unsafe", "manual"],
            &rows,
        );
    }

    let rows: Vec<Vec<String>> = a
        .removed_modules
        .iter()
        .map(|m| {
            vec![
                format!("`{}`", m.module),
                m.removed_in.clone(),
                m.instead.to_owned(),
                file_list(&m.files),
            ]
        })
        .collect();
    table_or_none(
        &mut md,
        "Removed modules imported",
        &["module", "removed in", "instead", "imported by"],
        &rows,
    );

    let rows: Vec<Vec<String>> = a
        .removed_apis
        .iter()
        .map(|r| {
            let instead = match r.instead {
                Some(name) if !name.contains(' ') => {
                    format!("`{}`", name.trim_start_matches("builtins."))
                }
                Some(guidance) => guidance.to_owned(),
                None => format!("see `snakeshift explain {}`", r.rewrite),
            };
            vec![
                format!("`{}`", r.api),
                r.removed_in.clone(),
                instead,
                r.fix.to_owned(),
                file_list(&r.files),
            ]
        })
        .collect();
    table_or_none(
        &mut md,
        "Removed APIs used",
        &["API", "removed in", "instead", "fix", "used by"],
        &rows,
    );

    let _ = writeln!(md, "## Declared Python versions\n");
    if a.projects.is_empty() {
        let _ = writeln!(
            md,
            "No project files (pyproject.toml, setup.cfg, setup.py) found: the oldest Python kept is the default, 3.10.\n"
        );
    } else {
        let rows: Vec<Vec<String>> = a
            .projects
            .iter()
            .map(|p| {
                vec![
                    format!("`{}`", p.root),
                    p.requires_python
                        .as_ref()
                        .map_or("not declared".to_owned(), |d| {
                            format!("`{}` ({})", d.specifier, d.source)
                        }),
                    match p.classifiers_source {
                        Some(src) if !p.classifiers.is_empty() => {
                            format!("{} ({src})", p.classifiers.join(", "))
                        }
                        _ => "none".to_owned(),
                    },
                    format!("{} ({})", p.min_version, p.min_version_from),
                    p.target_version.clone(),
                ]
            })
            .collect();
        table(
            &mut md,
            &[
                "project",
                "requires-python",
                "classifiers",
                "oldest Python kept",
                "target",
            ],
            &rows,
        );
        for p in &a.projects {
            match (p.conversion, &p.conversion_detail) {
                ("convertible", Some(d)) => {
                    let _ = writeln!(md, "- `{}`: {d} (`snakeshift --apply` does it).", p.root);
                }
                ("refused", Some(d)) => {
                    let _ = writeln!(
                        md,
                        "- `{}`: setup.py / setup.cfg cannot be converted to pyproject.toml automatically: {d}",
                        p.root
                    );
                }
                _ => {}
            }
            let minors = p.classifiers.iter().any(|c| c.contains('.'));
            if minors && !p.classifiers.contains(&p.target_version) {
                let _ = writeln!(
                    md,
                    "- `{}`: the classifiers do not list Python {} yet.",
                    p.root, p.target_version
                );
            }
        }
        md.push('\n');
    }

    let _ = writeln!(md, "## Left to do by hand\n");
    if a.manual.is_empty() && a.errors.is_empty() {
        let _ = writeln!(md, "Nothing: every finding has a fix.\n");
    }
    let mut rewrites: Vec<&str> = a.manual.iter().map(|m| m.rewrite.as_str()).collect();
    rewrites.dedup();
    let mut seen = Vec::new();
    for rewrite in rewrites {
        if seen.contains(&rewrite) {
            continue;
        }
        seen.push(rewrite);
        let items: Vec<_> = a.manual.iter().filter(|m| m.rewrite == rewrite).collect();
        let _ = writeln!(md, "### `{rewrite}` ({})\n", items.len());
        for m in items.iter().take(examples) {
            let note = m
                .note
                .as_deref()
                .map_or(String::new(), |n| format!(": {n}"));
            let _ = writeln!(
                md,
                "- `{}:{}:{}` {}{note}",
                m.filename, m.row, m.column, m.message
            );
        }
        if items.len() > examples {
            let _ = writeln!(
                md,
                "- … and {} more (`--examples N`, or `--output-format json` for all)",
                items.len() - examples
            );
        }
        md.push('\n');
    }
    if !a.errors.is_empty() {
        let _ = writeln!(md, "### Could not be processed ({})\n", a.errors.len());
        for e in &a.errors {
            match &e.filename {
                Some(f) => {
                    let _ = writeln!(md, "- `{f}`: {}", e.message);
                }
                None => {
                    let _ = writeln!(md, "- {}", e.message);
                }
            }
        }
        md.push('\n');
    }

    let _ = writeln!(md, "## Next steps\n");
    let paths = a.paths.join(" ");
    let mut step = 0;
    let mut next = |md: &mut String, text: String| {
        step += 1;
        let _ = writeln!(md, "{step}. {text}");
    };
    if a.totals.safe > 0 {
        next(
            &mut md,
            format!(
                "`snakeshift --apply {paths}` writes the {} safe {} (preview with `snakeshift {paths}`).",
                a.totals.safe,
                if a.totals.safe == 1 { "fix" } else { "fixes" }
            ),
        );
    }
    if a.totals.unsafe_ > 0 {
        next(
            &mut md,
            format!(
                "`snakeshift --apply --unsafe {paths}` writes the {} unsafe {}: review each against its note (`snakeshift {paths}` lists them).",
                a.totals.unsafe_,
                if a.totals.unsafe_ == 1 {
                    "fix"
                } else {
                    "fixes"
                }
            ),
        );
    }
    if a.totals.manual > 0 {
        next(
            &mut md,
            format!(
                "Make the {} manual {} listed above.",
                a.totals.manual,
                if a.totals.manual == 1 {
                    "change"
                } else {
                    "changes"
                }
            ),
        );
    }
    if step == 0 {
        let _ = writeln!(md, "Nothing to migrate.");
    }
    md
}

fn counts_row(name: &str, c: &Counts) -> Vec<String> {
    vec![
        name.to_owned(),
        c.occurrences.to_string(),
        c.safe.to_string(),
        c.unsafe_.to_string(),
        c.manual.to_string(),
    ]
}

/// At most five files, then a count.
fn file_list(files: &[String]) -> String {
    let mut shown: Vec<String> = files.iter().take(5).map(|f| format!("`{f}`")).collect();
    if files.len() > 5 {
        shown.push(format!("and {} more", files.len() - 5));
    }
    shown.join(", ")
}

/// A pipe table with padded columns; columns of numbers are right-aligned.
/// A section titled `title`: the table of `rows`, or "None." when there is none.
fn table_or_none(md: &mut String, title: &str, headers: &[&str], rows: &[Vec<String>]) {
    let _ = writeln!(md, "## {title}\n");
    if rows.is_empty() {
        let _ = writeln!(md, "None.\n");
    } else {
        table(md, headers, rows);
    }
}

fn table(md: &mut String, header: &[&str], rows: &[Vec<String>]) {
    let escape = |s: &str| s.replace('|', "\\|");
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| escape(c)).collect())
        .collect();
    let numeric: Vec<bool> = (0..header.len())
        .map(|i| !rows.is_empty() && rows.iter().all(|r| r[i].parse::<usize>().is_ok()))
        .collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .chain([header[i].chars().count(), 3])
                .max()
                .unwrap_or(3)
        })
        .collect();
    let line = |cells: Vec<String>| format!("| {} |", cells.join(" | "));
    let pad = |i: usize, s: &str| {
        let fill = " ".repeat(widths[i] - s.chars().count());
        if numeric[i] {
            format!("{fill}{s}")
        } else {
            format!("{s}{fill}")
        }
    };
    md.push_str(&line(
        header.iter().enumerate().map(|(i, h)| pad(i, h)).collect(),
    ));
    md.push('\n');
    md.push_str(&line(
        widths
            .iter()
            .zip(&numeric)
            .map(|(w, n)| {
                if *n {
                    format!("{}:", "-".repeat(w - 1))
                } else {
                    "-".repeat(*w)
                }
            })
            .collect(),
    ));
    md.push('\n');
    for r in &rows {
        md.push_str(&line(
            r.iter().enumerate().map(|(i, c)| pad(i, c)).collect(),
        ));
        md.push('\n');
    }
    md.push('\n');
}
