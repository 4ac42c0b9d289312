//! Command-line arguments.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

const EXIT_CODES: &str = "\
Exit status:
  0  dry run / --check: nothing to change and nothing to report;
     --apply: every fix it may apply was written (findings that need --unsafe or a human
     are listed but do not fail the run)
  1  dry run / --check: changes are pending or findings are left;
     any mode: a file could not be processed (syntax error, encoding, reverted fix);
     --apply --exit-non-zero-on-change: a file was changed
  2  usage or configuration error, unreadable path, or internal error

Diffs (and --check file lists) go to stdout; findings, errors and the summary go to stderr,
so `snakeshift . > migration.patch; git apply migration.patch` works.";

/// Migrate Python code to Python 3.14: find what 3.12-3.14 removed and rewrite it.
///
/// By default snakeshift only shows what it would change, as a unified diff that `git apply`
/// accepts; `--apply` writes the same changes.
#[derive(Debug, Parser)]
#[command(
    name = "snakeshift",
    version,
    after_help = EXIT_CODES,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub run: RunArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List every rewrite: id, group, fix safety, the release that removed the old API, summary.
    List,
    /// Show a rewrite's documentation: what it does, why, an example and its fix safety.
    Explain {
        /// Rewrite id, e.g. `distutils-spawn`.
        id: String,
    },
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Files or directories to migrate (directories are searched for *.py and *.pyi).
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// Write the changes in place (safe fixes only, unless --unsafe).
    #[arg(long, conflicts_with_all = ["check", "diff"])]
    pub apply: bool,

    /// Also apply fixes that may change behaviour (each finding says why).
    #[arg(long = "unsafe")]
    pub unsafe_fixes: bool,

    /// Only list the files that would change; exit 1 if there are any.
    #[arg(long, conflicts_with = "diff")]
    pub check: bool,

    /// Print a unified diff of the changes (the default).
    #[arg(long)]
    pub diff: bool,

    /// Rewrites to run: ids or groups, comma-separated (default: all).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Vec<String>,

    /// Rewrites to skip: ids or groups, comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,

    /// The Python the code is migrated to.
    #[arg(long, default_value = "3.14", value_name = "VERSION")]
    pub target_version: String,

    /// Rewrite `datetime.utcnow()` / `utcfromtimestamp()` to aware datetimes
    /// (`now(timezone.utc)`) instead of the faithful naive form; the fix becomes unsafe.
    #[arg(long)]
    pub aware_datetime: bool,

    /// The oldest Python the code must keep running on. Default: the project's
    /// `requires-python` (pyproject.toml, setup.cfg or setup.py), else 3.10.
    #[arg(long, value_name = "VERSION")]
    pub min_version: Option<String>,

    /// Worker threads (default: one per core).
    #[arg(short = 'j', long, value_name = "N")]
    pub jobs: Option<usize>,

    /// Paths to skip, as gitignore-style globs (comma-separated, repeatable). Virtualenvs,
    /// .git, build/, dist/, node_modules and the like are always skipped.
    #[arg(long, value_delimiter = ',', value_name = "GLOBS")]
    pub exclude: Vec<String>,

    /// Apply the exclusions to paths named on the command line too (for pre-commit).
    #[arg(long)]
    pub force_exclude: bool,

    /// Do not skip files ignored by .gitignore, .ignore and .git/info/exclude.
    #[arg(long)]
    pub no_respect_gitignore: bool,

    /// Lines of context around each change in the diff.
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub diff_context: usize,

    /// Exit 0 even when changes are pending or findings remain (errors still exit 2).
    #[arg(long)]
    pub exit_zero: bool,

    /// With --apply, exit 1 when any file was changed.
    #[arg(long)]
    pub exit_non_zero_on_change: bool,

    /// Print only diffs and errors: no findings list, no summary.
    #[arg(short, long)]
    pub quiet: bool,

    /// Restore these removed modules from their drop-in packages instead of rewriting the
    /// code that uses them (`imghdr,asyncore`, package names such as `legacy-cgi`, or `all`):
    /// the packages the code needs are added to the project's dependencies.
    #[arg(long, value_delimiter = ',', value_name = "MODULES")]
    pub backports: Vec<String>,

    /// setup-py/setup-cfg-to-pyproject: write licenses as SPDX expressions (PEP 639) where the
    /// text maps to exactly one identifier, and drop the `License ::` classifiers.
    #[arg(long)]
    pub spdx: bool,
}
