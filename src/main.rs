//! The `snakeshift` command line.

mod args;
mod discover;
mod project;
mod report;
mod run;
mod select;
mod star_imports;
mod versions;
mod write;

use args::{Cli, Command, RunArgs};
use clap::Parser;
use report::{Mode, Summary};
use snakeshift_engine::backports::Backports;
use snakeshift_engine::fix::Applicability;
use snakeshift_engine::pipeline::Engine;
use snakeshift_engine::rewrite::RewriteOptions;
use snakeshift_engine::version::PyVersion;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::List) => list(),
        Some(Command::Explain { id }) => explain(&id),
        None => migrate(&cli.run),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn list() -> Result<ExitCode, String> {
    let mut out = std::io::stdout().lock();
    let metas = snakeshift_rewrites::all()
        .into_iter()
        .map(|r| r.meta())
        .chain(
            snakeshift_rewrites::projects()
                .into_iter()
                .map(|r| r.meta()),
        );
    let rows: Vec<[String; 5]> = metas
        .map(|m| {
            [
                m.id.to_owned(),
                m.group.to_owned(),
                if m.opt_in {
                    format!("{} (opt-in)", m.fix)
                } else {
                    m.fix.to_string()
                },
                m.removed_in.map_or("-".to_owned(), |v| v.to_string()),
                m.summary.to_owned(),
            ]
        })
        .collect();
    let header = ["ID", "GROUP", "FIX", "REMOVED", "SUMMARY"].map(str::to_owned);
    let widths: Vec<usize> = (0..4)
        .map(|i| {
            rows.iter()
                .chain([&header])
                .map(|r| r[i].len())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in std::iter::once(&header).chain(&rows) {
        let line = format!(
            "{:w0$}  {:w1$}  {:w2$}  {:w3$}  {}",
            row[0],
            row[1],
            row[2],
            row[3],
            row[4],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2],
            w3 = widths[3],
        );
        writeln!(out, "{}", line.trim_end()).map_err(|e| e.to_string())?;
    }
    Ok(ExitCode::SUCCESS)
}

fn explain(id: &str) -> Result<ExitCode, String> {
    let m = snakeshift_rewrites::all()
        .into_iter()
        .map(|r| r.meta())
        .chain(
            snakeshift_rewrites::projects()
                .into_iter()
                .map(|r| r.meta()),
        )
        .find(|m| m.id == id)
        .ok_or_else(|| format!("unknown rewrite `{id}` (see `snakeshift list`)"))?;
    let removed = m.removed_in.map_or(String::new(), |v| {
        format!(", old API removed in Python {v}")
    });
    println!(
        "{}\n\nGroup: {}; fix: {}{removed}.",
        m.doc_text(),
        m.group,
        m.fix
    );
    Ok(ExitCode::SUCCESS)
}

fn parse_version(flag: &str, value: &str) -> Result<PyVersion, String> {
    value.parse().map_err(|e| format!("--{flag}: {e}"))
}

fn migrate(args: &RunArgs) -> Result<ExitCode, String> {
    let target = parse_version("target-version", &args.target_version)?;
    let min = args
        .min_version
        .as_deref()
        .map(|v| parse_version("min-version", v))
        .transpose()?;
    let mut selected = select::select(
        &snakeshift_rewrites::all(),
        &snakeshift_rewrites::projects(),
        &args.select,
        &args.ignore,
        target,
    )?;
    let backports = Backports::parse(&args.backports).map_err(|e| format!("--backports: {e}"))?;
    if !backports.is_empty() {
        selected = select::with_backports(selected, &snakeshift_rewrites::projects(), &args.ignore);
    }
    let required = if args.unsafe_fixes {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    let engine = Engine::new(selected.files, required)?.with_options(RewriteOptions {
        aware_datetime: args.aware_datetime,
        backports,
    });
    let found = discover::discover(
        &args.paths,
        &discover::Options {
            exclude: &args.exclude,
            force_exclude: args.force_exclude,
            respect_gitignore: !args.no_respect_gitignore,
        },
    )?;
    let versions = versions::Versions::new(target, min);
    let mode = if args.apply {
        Mode::Apply
    } else if args.check {
        Mode::Check
    } else {
        Mode::Diff
    };
    let outcome = run::run(
        &found.files,
        &found.roots,
        &run::Settings {
            engine: &engine,
            projects: &selected.projects,
            spdx: args.spdx,
            backports,
            versions: &versions,
            apply: mode == Mode::Apply,
            diff_context: args.diff_context,
            jobs: args.jobs,
        },
    )?;
    let reports = &outcome.files;

    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr().lock();
    report::print_changes(&mut stdout, reports, mode).map_err(|e| e.to_string())?;
    for message in &found.errors {
        let _ = writeln!(stderr, "error: {message}");
    }
    for message in &found.skipped {
        let _ = writeln!(stderr, "warning: {message}");
    }
    let _ = report::print_findings(&mut stderr, reports, required, args.quiet);
    let _ = report::print_projects(&mut stderr, &outcome.projects, args.quiet);
    let summary = Summary::new(reports, &outcome.projects, mode);
    if !args.quiet {
        let _ = writeln!(stderr, "{summary}");
    }

    let io_problem = !found.errors.is_empty() || summary.io_failed > 0;
    let fails = match mode {
        Mode::Apply => summary.failed > 0 || (args.exit_non_zero_on_change && summary.changed > 0),
        Mode::Diff | Mode::Check => summary.changed > 0 || summary.has_findings(),
    };
    Ok(if io_problem {
        ExitCode::from(2)
    } else if fails && !args.exit_zero {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
