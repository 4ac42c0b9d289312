//! `snakeshift -i`: every change the run would make is shown and asked about, fix by fix,
//! file by file in path order; a file's accepted fixes are written at the end of its review.
//!
//! The decisions are about the fixes a dry run applies (located in the original text). Fixes
//! whose edits touch are one decision. The file written is not pieced together from the
//! accepted hunks: the engine runs again on the original, letting through only the accepted
//! fixes (and the fixes that exist only because of them, whose edits fall on text they wrote),
//! so the result is computed and checked exactly like `--apply`'s, and a refused fix leaves
//! nothing behind (not the import it would have added).
//!
//! Project rewrites (a new `pyproject.toml`, a shim `setup.py`, classifiers, CI files) come
//! last, one decision per project, run on the files as the review left them.

use crate::args::RunArgs;
use crate::config::Resolver;
use crate::display::diff_path;
use crate::outcome::{FileReport, Leaves, ProjectAccount};
use crate::report::style;
use crate::run::{self, Settings};
use crate::versions::Versions;
use snakeshift_engine::diff::unified_diff;
use snakeshift_engine::fix::{Applicability, Edit};
use snakeshift_engine::pipeline::Candidate;
use std::collections::{BTreeMap, HashSet};
use std::io::{self, IsTerminal, Write};
use std::os::fd::AsFd;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

const PROMPT: &str = "Apply this change [y,n,a,d,q,?]? ";

const HELP: &str = "\
y - apply this change
n - do not apply this change
a - apply this change and all later changes in the file
d - do not apply this change nor any later change in the file
q - quit; the changes accepted so far are written
? - print help
";

/// A fix the dry run applied, its edits located in the original text.
struct Item {
    rewrite: &'static str,
    message: String,
    note: Option<String>,
    title: Option<String>,
    applicability: Applicability,
    edits: Vec<Edit>,
}

enum Answer {
    Yes,
    No,
    All,
    Done,
    Quit,
    Help,
    Interrupt,
    Other,
}

/// What the user chose, and what to do next.
#[derive(Default)]
struct Tally {
    /// Per rewrite: fixes accepted, fixes skipped.
    counts: BTreeMap<&'static str, (usize, usize)>,
    written: usize,
    failed: usize,
}

pub fn review(args: &RunArgs, resolver: &Arc<Resolver>) -> Result<ExitCode, String> {
    if args.paths.iter().any(|p| p == Path::new("-")) {
        return Err("--interactive cannot review stdin (`-`): name the files".into());
    }
    if !io::stdin().is_terminal() || !io::stdout().is_terminal() {
        return Err(
            "--interactive needs a terminal (stdin and stdout); nothing was written. Use \
             --apply, or review the dry run's diff"
                .into(),
        );
    }
    let found = crate::discover::configured(&args.paths, resolver)?;
    let versions = Versions::default();
    let settings = Settings {
        resolver,
        versions: &versions,
        apply: false,
        diff_context: args.diff_context,
        jobs: args.common.jobs,
        progress: None,
        keep_texts: false,
        texts_in_output: true,
        cache: None,
    };
    let mut out = crate::term::stdout(args.common.color);
    let mut err = crate::term::stderr(args.common.color);
    let io = |e: io::Error| e.to_string();
    for e in &found.errors {
        writeln!(
            err,
            "{}error{}: {e}",
            style::ERROR.render(),
            style::ERROR.render_reset()
        )
        .map_err(io)?;
    }
    // The files' own rewrites first; the project rewrites then work on what was accepted.
    let reports = run::run(&found.files, &[], &[], &settings)?;
    let star = crate::star_imports::star_imported(&found.files);
    let mut tally = Tally::default();
    let mut interrupted = false;
    let mut quit = false;
    for report in &reports {
        if let Some(e) = report.failure() {
            tally.failed += 1;
            writeln!(
                err,
                "{}error{}: {}: {e}",
                style::ERROR.render(),
                style::ERROR.render_reset(),
                report.display
            )
            .map_err(io)?;
            continue;
        }
        match review_file(report, &settings, &star, &mut out, &mut err, &mut tally).map_err(io)? {
            Next::Continue => {}
            Next::Quit => {
                quit = true;
                break;
            }
            Next::Interrupt => {
                interrupted = true;
                break;
            }
        }
    }
    if !interrupted && !quit && (!found.roots.is_empty() || !found.embedded.is_empty()) {
        interrupted =
            review_projects(&found, &settings, &mut out, &mut err, &mut tally).map_err(io)?;
    }
    out.flush().map_err(io)?;
    print_summary(&mut out, &tally, interrupted).map_err(io)?;
    Ok(if interrupted {
        ExitCode::from(130)
    } else if !found.errors.is_empty() {
        // An unreadable path, as in any run.
        ExitCode::from(2)
    } else if tally.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The project rewrites, run on the files as reviewed: one decision per project, shown as the
/// diffs of the files it changes. Returns whether the user interrupted.
fn review_projects(
    found: &crate::discover::Discovered,
    settings: &Settings<'_>,
    out: &mut dyn Write,
    err: &mut dyn Write,
    tally: &mut Tally,
) -> io::Result<bool> {
    let outcome = run::run(&found.files, &found.roots, &found.embedded, settings)
        .map_err(io::Error::other)?;
    let project_ids: HashSet<&str> = snakeshift_rewrites::projects()
        .into_iter()
        .map(|r| r.meta().id)
        .collect();
    let runs: Vec<&ProjectAccount> = crate::outcome::projects(&outcome)
        .into_iter()
        .filter(|p| !p.files.is_empty())
        .collect();
    let mut rest: Option<bool> = None;
    for (n, project) in runs.iter().enumerate() {
        let reports: Vec<&FileReport> = project
            .files
            .iter()
            .filter_map(|f| outcome.iter().find(|r| &r.display == f))
            .collect();
        let ids: Vec<&'static str> = {
            let mut ids: Vec<&'static str> = reports
                .iter()
                .flat_map(|r| r.applied.iter().map(|a| a.rewrite))
                .filter(|id| project_ids.contains(id))
                .chain(project.report.keywords.iter().map(|k| k.rewrite))
                .chain(project.report.notes.iter().map(|n| n.rewrite))
                .collect();
            ids.sort_unstable();
            ids.dedup();
            if ids.is_empty() {
                ids.push("project");
            }
            ids
        };
        // A file the project rewrites edit (setup.py) that still has refused changes of its
        // own: the project's result would bring them back.
        let pending: Vec<&str> = reports
            .iter()
            .filter(|r| r.applied.iter().any(|a| !project_ids.contains(a.rewrite)))
            .map(|r| r.display.as_str())
            .collect();
        let count = |tally: &mut Tally, yes: bool| {
            for id in &ids {
                let c = tally.counts.entry(id).or_default();
                if yes {
                    c.0 += 1;
                } else {
                    c.1 += 1;
                }
            }
        };
        if !pending.is_empty() {
            writeln!(
                err,
                "note: project {}: not offered, {} still has changes you refused (the \
                 project rewrites would make them too); `snakeshift --apply --select \
                 packaging,tooling` writes it",
                project.root,
                pending.join(", ")
            )?;
            count(tally, false);
            continue;
        }
        let yes = match rest {
            Some(all) => all,
            None => {
                writeln!(
                    out,
                    "{}project {}{}: {}",
                    style::SUMMARY.render(),
                    project.root,
                    style::SUMMARY.render_reset(),
                    project.report.summary
                )?;
                for r in &reports {
                    let old = r.original.as_deref().map(String::from_utf8_lossy);
                    let new = r.current().map(String::from_utf8_lossy);
                    let diff = unified_diff(
                        &diff_path(&r.display),
                        old.as_deref(),
                        new.as_deref(),
                        settings.diff_context,
                    );
                    write_colored(out, &diff, 0)?;
                }
                writeln!(
                    out,
                    "{}{}{}: changes the project's files",
                    style::SUMMARY.render(),
                    ids.join(", "),
                    style::SUMMARY.render_reset()
                )?;
                let prompt = format!("(project {}/{}) {PROMPT}", n + 1, runs.len());
                match decide(out, &prompt, &mut rest)? {
                    Decided::Take(yes) => yes,
                    Decided::Quit => {
                        count(tally, false);
                        return Ok(false);
                    }
                    Decided::Interrupt => {
                        writeln!(out, "Interrupted: project {} left untouched.", project.root)?;
                        return Ok(true);
                    }
                }
            }
        };
        count(tally, yes);
        if !yes {
            continue;
        }
        for r in &reports {
            if r.result == Leaves::Unchanged {
                continue;
            }
            match crate::write::write_change(&r.path, r.original.as_deref(), r.current()) {
                Ok(()) => {
                    tally.written += 1;
                    writeln!(out, "Wrote {}.", r.display)?;
                }
                Err(e) => {
                    tally.failed += 1;
                    writeln!(
                        err,
                        "{}error{}: {}: {e}; not written",
                        style::ERROR.render(),
                        style::ERROR.render_reset(),
                        r.display
                    )?;
                }
            }
        }
    }
    Ok(false)
}

/// A diff coloured like the dry run's, from its line `skip` on (2: without the file header).
fn write_colored(out: &mut dyn Write, diff: &str, skip: usize) -> io::Result<()> {
    for (i, line) in diff.lines().enumerate().skip(skip) {
        let s = if i < 2 {
            anstyle::Style::new()
        } else if line.starts_with("@@") {
            style::HUNK
        } else if line.starts_with('+') {
            style::ADDED
        } else if line.starts_with('-') {
            style::REMOVED
        } else {
            anstyle::Style::new()
        };
        writeln!(out, "{}{line}{}", s.render(), s.render_reset())?;
    }
    Ok(())
}

enum Next {
    Continue,
    Quit,
    Interrupt,
}

fn review_file(
    report: &FileReport,
    settings: &Settings<'_>,
    star: &HashSet<PathBuf>,
    out: &mut dyn Write,
    err: &mut dyn Write,
    tally: &mut Tally,
) -> io::Result<Next> {
    let Some(original) = report.original.as_deref() else {
        return Ok(Next::Continue);
    };
    let items: Vec<Item> = report
        .applied
        .iter()
        .filter_map(|r| {
            Some(Item {
                rewrite: r.rewrite,
                message: r.message.clone(),
                note: r.note.clone(),
                title: r.fix_title.clone(),
                applicability: r.applicability?,
                edits: r.edits.clone()?,
            })
        })
        .collect();
    if items.is_empty() {
        return Ok(Next::Continue);
    }
    let Ok(text) = std::str::from_utf8(original) else {
        writeln!(
            err,
            "warning: {}: not UTF-8, not reviewed interactively (use --apply)",
            report.display
        )?;
        return Ok(Next::Continue);
    };
    let decisions = group(text, &items);
    let mut accepted = vec![false; items.len()];
    let mut rest: Option<bool> = None;
    let mut next = Next::Continue;
    writeln!(
        out,
        "{}{}{}",
        style::SUMMARY.render(),
        report.display,
        style::SUMMARY.render_reset()
    )?;
    'decisions: for (n, decision) in decisions.iter().enumerate() {
        let yes = match rest {
            Some(all) => all,
            None if follows_from_refused(report, settings, star, &items, &accepted, decision) => {
                let ids: Vec<&str> = decision.iter().map(|&i| items[i].rewrite).collect();
                writeln!(
                    out,
                    "({}/{}) Skipped ({}): it follows from a refused change",
                    n + 1,
                    decisions.len(),
                    ids.join(", ")
                )?;
                false
            }
            None => {
                show(out, report, text, &items, decision, settings.diff_context)?;
                let prompt = format!("({}/{}) {PROMPT}", n + 1, decisions.len());
                match decide(out, &prompt, &mut rest)? {
                    Decided::Take(yes) => yes,
                    Decided::Quit => {
                        next = Next::Quit;
                        break 'decisions;
                    }
                    Decided::Interrupt => {
                        writeln!(out, "Interrupted: {} left untouched.", report.display)?;
                        return Ok(Next::Interrupt);
                    }
                }
            }
        };
        for &i in decision {
            accepted[i] = yes;
        }
    }
    for (item, &yes) in items.iter().zip(&accepted) {
        let count = tally.counts.entry(item.rewrite).or_default();
        if yes {
            count.0 += 1;
        } else {
            count.1 += 1;
        }
    }
    if accepted.contains(&true) {
        write_accepted(report, settings, star, &items, &accepted, out, err, tally)?;
    }
    Ok(next)
}

/// Whether none of a decision's fixes applies with the fixes accepted so far: each followed
/// from a change refused earlier (an import its use left unused). Asked only once something
/// was refused.
fn follows_from_refused(
    report: &FileReport,
    settings: &Settings<'_>,
    star: &HashSet<PathBuf>,
    items: &[Item],
    accepted: &[bool],
    decision: &[usize],
) -> bool {
    let first = decision.iter().copied().min().unwrap_or(0);
    if accepted[..first].iter().all(|&yes| yes) {
        return false;
    }
    let chosen: Vec<&Item> = items
        .iter()
        .enumerate()
        .filter(|(i, _)| accepted[*i] || decision.contains(i))
        .map(|(_, item)| item)
        .collect();
    let again = recompute(report, settings, star, &chosen);
    again.failure().is_none() && !decision.iter().any(|&i| applied(&again, &items[i]))
}

/// The file computed again from the original, applying only the `chosen` fixes (and the
/// fixes that exist only because of them).
fn recompute(
    report: &FileReport,
    settings: &Settings<'_>,
    star: &HashSet<PathBuf>,
    chosen: &[&Item],
) -> FileReport {
    let accept = |c: &Candidate<'_>| match c.edits {
        // A fix on text an accepted fix wrote exists only because of it.
        None => true,
        Some(edits) => chosen
            .iter()
            .any(|item| item.rewrite == c.rewrite && item.edits == edits),
    };
    let starred = crate::paths::absolute(&report.path).is_ok_and(|p| star.contains(&p));
    run::migrate_accepting(
        &report.path,
        report.display.clone(),
        report.original.clone().unwrap_or_default(),
        settings,
        starred,
        Some(&accept),
    )
}

/// Whether a recomputed run applied `item`.
fn applied(again: &FileReport, item: &Item) -> bool {
    again
        .applied
        .iter()
        .any(|r| r.rewrite == item.rewrite && r.edits.as_deref() == Some(item.edits.as_slice()))
}

/// Runs the engine again on the original with only the accepted fixes, and writes the result.
#[allow(clippy::too_many_arguments)]
fn write_accepted(
    report: &FileReport,
    settings: &Settings<'_>,
    star: &HashSet<PathBuf>,
    items: &[Item],
    accepted: &[bool],
    out: &mut dyn Write,
    err: &mut dyn Write,
    tally: &mut Tally,
) -> io::Result<()> {
    let original = report.original.as_deref().unwrap_or_default();
    let chosen: Vec<&Item> = items
        .iter()
        .zip(accepted)
        .filter(|(_, yes)| **yes)
        .map(|(item, _)| item)
        .collect();
    let again = recompute(report, settings, star, &chosen);
    let failure = |err: &mut dyn Write, why: &str| {
        writeln!(
            err,
            "{}error{}: {}: {why}; not written",
            style::ERROR.render(),
            style::ERROR.render_reset(),
            report.display
        )
    };
    if let Some(e) = again.failure() {
        tally.failed += 1;
        return failure(err, e);
    }
    // A fix that followed from a refused one (an import it left unused) no longer applies:
    // it counts as skipped.
    let missed: Vec<&&Item> = chosen
        .iter()
        .filter(|item| !applied(&again, item))
        .collect();
    for item in &missed {
        let count = tally.counts.entry(item.rewrite).or_default();
        count.0 -= 1;
        count.1 += 1;
    }
    if !missed.is_empty() {
        writeln!(
            err,
            "note: {}: {} accepted but skipped: it follows from a refused change",
            report.display,
            if missed.len() == 1 {
                "1 fix".to_owned()
            } else {
                format!("{} fixes", missed.len())
            }
        )?;
    }
    let Some(new) = again.result.bytes() else {
        return Ok(());
    };
    if new == original {
        return Ok(());
    }
    let dir = report.path.parent().filter(|p| !p.as_os_str().is_empty());
    crate::write::remove_stale_temporaries(dir.unwrap_or(Path::new(".")));
    match crate::write::write_atomic(&report.path, original, new) {
        Ok(()) => {
            tally.written += 1;
            writeln!(out, "Wrote {}.", report.display)
        }
        Err(e) => {
            tally.failed += 1;
            failure(err, &e)
        }
    }
}

/// The fixes as decisions: fixes whose edits overlap or touch are one decision (the same
/// keyed edit made by two fixes, an import both need, does not tie them, nor whole lines
/// inserted next to another edit). In the order the run applied them: top to bottom, then
/// the fixes a later pass made (an import the earlier ones left unused), after the changes
/// they follow from.
fn group(text: &str, items: &[Item]) -> Vec<Vec<usize>> {
    let mut parent: Vec<usize> = (0..items.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for a in 0..items.len() {
        for b in a + 1..items.len() {
            let touch = items[a].edits.iter().any(|x| {
                items[b].edits.iter().any(|y| {
                    let shared = x == y && x.key.is_some();
                    let overlap = x.range.start < y.range.end && y.range.start < x.range.end;
                    // Whole lines inserted next to an edit do not change with it.
                    let adjacent = x.range.start <= y.range.end
                        && y.range.start <= x.range.end
                        && !x.is_line_insertion(text)
                        && !y.is_line_insertion(text);
                    !shared && (overlap || adjacent)
                })
            });
            if touch {
                let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
                parent[ra.max(rb)] = ra.min(rb);
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..items.len() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    // Keyed by their first fix: in the order the run applied them.
    groups.into_values().collect()
}

/// The original with a decision's edits applied (an edit overlapping an earlier one, or
/// repeating it, is left out).
fn preview(text: &str, items: &[Item], decision: &[usize]) -> String {
    let mut edits: Vec<&Edit> = decision.iter().flat_map(|&i| &items[i].edits).collect();
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut new = String::with_capacity(text.len());
    let mut at = 0;
    let mut last: Option<&Edit> = None;
    for e in edits {
        if last.is_some_and(|l| l == e) || e.range.start < at || e.range.end > text.len() {
            continue;
        }
        new.push_str(&text[at..e.range.start]);
        new.push_str(&e.content);
        at = e.range.end;
        last = Some(e);
    }
    new.push_str(&text[at..]);
    new
}

/// A decision: its hunks, coloured like the dry run (without the file header), then each
/// fix's rewrite, message and safety.
fn show(
    out: &mut dyn Write,
    report: &FileReport,
    text: &str,
    items: &[Item],
    decision: &[usize],
    context: usize,
) -> io::Result<()> {
    let new = preview(text, items, decision);
    let diff = unified_diff(&diff_path(&report.display), Some(text), Some(&new), context);
    write_colored(out, &diff, 2)?;
    for &i in decision {
        let item = &items[i];
        let title = item
            .title
            .as_deref()
            .map_or(String::new(), |t| format!(" ({t})"));
        let safety = match (item.applicability, &item.note) {
            (Applicability::Safe, _) => "safe fix".to_owned(),
            (a, Some(note)) => format!("{a} fix: {note}"),
            (a, None) => format!("{a} fix"),
        };
        let s = if item.applicability == Applicability::Safe {
            anstyle::Style::new()
        } else {
            style::WARNING
        };
        writeln!(
            out,
            "{}{}{}: {}{title} [{}{safety}{}]",
            style::SUMMARY.render(),
            item.rewrite,
            style::SUMMARY.render_reset(),
            item.message,
            s.render(),
            s.render_reset()
        )?;
    }
    Ok(())
}

/// Prints the prompt and reads one key, without waiting for Enter (the terminal is in raw
/// mode meanwhile, from before the prompt is shown so that a key typed at once is not echoed).
/// The answer to one decision: take the change or not, quit, or interrupted.
enum Decided {
    Take(bool),
    Quit,
    Interrupt,
}

/// Asks `prompt` until the answer decides: `a` and `d` also set `rest`, the answer for the
/// rest of the file (or of the projects); `?` shows the help and asks again.
fn decide(out: &mut dyn Write, prompt: &str, rest: &mut Option<bool>) -> io::Result<Decided> {
    loop {
        return Ok(match read_answer(out, prompt)? {
            Answer::Yes => Decided::Take(true),
            Answer::No => Decided::Take(false),
            Answer::All => {
                *rest = Some(true);
                Decided::Take(true)
            }
            Answer::Done => {
                *rest = Some(false);
                Decided::Take(false)
            }
            Answer::Quit => Decided::Quit,
            Answer::Interrupt => Decided::Interrupt,
            Answer::Help => {
                write!(out, "{HELP}")?;
                continue;
            }
            Answer::Other => continue,
        });
    }
}

fn read_answer(out: &mut dyn Write, prompt: &str) -> io::Result<Answer> {
    let key = {
        let stdin = io::stdin();
        let _raw = Raw::new(stdin.as_fd())?;
        write!(out, "{prompt}")?;
        out.flush()?;
        let mut byte = [0u8; 1];
        let read = loop {
            match rustix::io::read(stdin.as_fd(), &mut byte) {
                Err(rustix::io::Errno::INTR) => continue,
                other => break other,
            }
        };
        match read? {
            0 => b'q',
            _ => byte[0],
        }
    };
    if key.is_ascii_graphic() {
        writeln!(out, "{}", key as char)?;
    } else {
        writeln!(out)?;
    }
    Ok(match key {
        b'y' | b'Y' => Answer::Yes,
        b'n' | b'N' => Answer::No,
        b'a' | b'A' => Answer::All,
        b'd' | b'D' => Answer::Done,
        b'q' | b'Q' | 4 => Answer::Quit,
        3 => Answer::Interrupt,
        b'\r' | b'\n' => Answer::Other,
        _ => Answer::Help,
    })
}

/// The terminal in raw mode (no echo, no line editing, Ctrl-C a key) until dropped, even by
/// an error or a panic.
struct Raw<'a> {
    fd: std::os::fd::BorrowedFd<'a>,
    saved: rustix::termios::Termios,
}

impl<'a> Raw<'a> {
    fn new(fd: std::os::fd::BorrowedFd<'a>) -> io::Result<Self> {
        use rustix::termios::{OptionalActions, tcgetattr, tcsetattr};
        let saved = tcgetattr(fd)?;
        let mut raw = saved.clone();
        raw.make_raw();
        tcsetattr(fd, OptionalActions::Now, &raw)?;
        Ok(Raw { fd, saved })
    }
}

impl Drop for Raw<'_> {
    fn drop(&mut self) {
        use rustix::termios::{OptionalActions, tcsetattr};
        let _ = tcsetattr(self.fd, OptionalActions::Now, &self.saved);
    }
}

fn print_summary(out: &mut dyn Write, tally: &Tally, interrupted: bool) -> io::Result<()> {
    let (yes, no) = tally
        .counts
        .values()
        .fold((0, 0), |(y, n), (a, b)| (y + a, n + b));
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    writeln!(
        out,
        "{}{}Accepted {}, skipped {}; wrote {}.{}",
        style::SUMMARY.render(),
        if interrupted { "Interrupted. " } else { "" },
        plural(yes, "fix", "fixes"),
        no,
        plural(tally.written, "file", "files"),
        style::SUMMARY.render_reset()
    )?;
    for (rewrite, (a, s)) in &tally.counts {
        writeln!(out, "  {rewrite}: {a} accepted, {s} skipped")?;
    }
    Ok(())
}
