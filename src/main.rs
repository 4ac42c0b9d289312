//! The `snakeshift` command line.

mod args;
mod audit;
mod cache;
mod config;
mod discover;
mod display;
mod interactive;
mod outcome;
mod paths;
mod progress;
mod project;
mod report;
mod run;
mod select;
mod star_imports;
mod stdin;
mod term;
mod versions;
mod write;

use args::{Cli, ColorChoice, Command, OutputFormat, RunArgs};
use clap::Parser;
use config::Resolver;
use report::{Mode, Summary};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::List) => list(),
        Some(Command::Explain { id }) => explain(&id),
        Some(Command::Audit(args)) => audit::audit(&args),
        None => migrate(&cli.run),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            let mut err = term::stderr(ColorChoice::Auto);
            let _ = writeln!(
                err,
                "{}error{}: {message}",
                report::style::ERROR.render(),
                report::style::ERROR.render_reset()
            );
            ExitCode::from(2)
        }
    }
}

fn list() -> Result<ExitCode, String> {
    let mut out = term::stdout(ColorChoice::Never);
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
    let mut out = term::stdout(ColorChoice::Never);
    writeln!(
        out,
        "{}\n\nGroup: {}; fix: {}{removed}.",
        m.doc_text(),
        m.group,
        m.fix
    )
    .and_then(|()| out.flush())
    .map_err(|e| e.to_string())?;
    Ok(ExitCode::SUCCESS)
}

fn migrate(args: &RunArgs) -> Result<ExitCode, String> {
    let unsafe_fixes = if args.unsafe_fixes {
        Some(true)
    } else if args.no_unsafe {
        Some(false)
    } else {
        None
    };
    let resolver = Arc::new(Resolver::new(&args.common, unsafe_fixes, args.spdx)?);
    if args.interactive {
        return interactive::review(args, &resolver);
    }
    let root = resolver.root_settings()?;
    let format = args
        .output_format
        .or(root.output_format)
        .unwrap_or(OutputFormat::Diff);
    let mode = if args.apply {
        Mode::Apply
    } else if args.check {
        Mode::Check
    } else {
        Mode::Diff
    };
    let from_stdin = args.paths.iter().any(|p| p == Path::new("-"));
    if from_stdin && args.paths.len() > 1 {
        return Err("`-` (stdin) cannot be combined with other paths".into());
    }
    if args.stdin_filename.is_some() && !from_stdin {
        return Err(
            "--stdin-filename needs `-` as the path (the source is read from stdin)".into(),
        );
    }
    let versions = versions::Versions::default();
    let cache_dir = (!args.common.no_cache && !from_stdin).then(|| {
        match args.common.cache_dir.as_ref().or(root.cache_dir.as_ref()) {
            Some(dir) => dir.clone(),
            None => cache::default_dir(&std::env::current_dir().unwrap_or_default()),
        }
    });
    let mut cache = None;
    let progress;
    let settings = run::Settings {
        cache: None,
        resolver: &resolver,
        versions: &versions,
        apply: mode == Mode::Apply,
        diff_context: args.diff_context,
        jobs: args.common.jobs,
        progress: None,
        keep_texts: from_stdin,
        texts_in_output: format != OutputFormat::Diff,
    };
    let mut out = term::stdout(args.common.color);
    let mut err = term::stderr(args.common.color);

    let (reports, found) = if from_stdin {
        let report = stdin::migrate_stdin(args.stdin_filename.as_deref(), &settings)?;
        if mode == Mode::Apply {
            out.write_all(stdin::output(&report))
                .and_then(|()| out.flush())
                .map_err(|e| e.to_string())?;
        }
        (vec![report], discover::Discovered::default())
    } else {
        // The cache is read while the tree is walked.
        let found = std::thread::scope(|s| {
            let opening = cache_dir.map(|dir| s.spawn(move || cache::Cache::open(&dir)));
            let found = discover::configured(&args.paths, &resolver);
            cache = opening.map(|o| o.join().expect("reading the cache does not panic"));
            found
        })?;
        progress = progress::Progress::new(found.files.len());
        let tick = || progress.tick();
        let settings = run::Settings {
            progress: Some(&tick),
            cache: cache.as_ref(),
            ..settings
        };
        let reports = run::run(&found.files, &found.roots, &found.embedded, &settings)?;
        progress.finish();
        (reports, found)
    };
    let reports = &reports;

    let printed = report::Run {
        reports,
        errors: &found.errors,
        warnings: &found.skipped,
        mode,
        quiet: args.quiet,
    };
    // The cache is written while the reports are.
    std::thread::scope(|s| {
        if let Some(cache) = cache {
            // A cache that cannot be written (a read-only tree) only makes the next run slower.
            s.spawn(move || cache.save());
        }
        if from_stdin && mode == Mode::Apply {
            // Stdout holds the source: every report goes to stderr.
            let mut buffer = Vec::new();
            report::emit(format, &printed, &mut buffer, &mut err)
                .and_then(|()| err.write_all(&buffer))
        } else {
            report::emit(format, &printed, &mut out, &mut err)
        }
    })
    .map_err(|e| e.to_string())?;

    let summary = Summary::new(reports, mode);
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
