//! Command-line arguments.

use clap::{Args, Parser, Subcommand, ValueEnum};
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
    /// Migration readiness: what the migration involves, rewrite by rewrite and file by file,
    /// as Markdown (or JSON); changes nothing.
    Audit(Box<AuditArgs>),
}

/// How the results of a run are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Unified diffs on stdout; findings and the summary on stderr.
    Diff,
    /// One line per fix and finding on stdout: `path:line:col: id: message`.
    Concise,
    /// One JSON document on stdout.
    Json,
    /// One JSON object per line on stdout.
    JsonLines,
    /// GitHub Actions workflow commands (annotations) on stdout.
    Github,
    /// A SARIF 2.1.0 log on stdout.
    Sarif,
}

impl OutputFormat {
    pub fn name(self) -> &'static str {
        match self {
            OutputFormat::Diff => "diff",
            OutputFormat::Concise => "concise",
            OutputFormat::Json => "json",
            OutputFormat::JsonLines => "json-lines",
            OutputFormat::Github => "github",
            OutputFormat::Sarif => "sarif",
        }
    }
}

/// When to colour the output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// When the stream is a terminal (and `NO_COLOR` is unset, or `FORCE_COLOR` is set).
    Auto,
    Always,
    Never,
}

/// The options that select rewrites, versions and files; shared by a run and an audit.
#[derive(Debug, Args)]
pub struct CommonArgs {
    /// Rewrites to run: ids or groups, comma-separated (default: all). Replaces the
    /// configured `select` (and its `ignore`).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Option<Vec<String>>,

    /// Rewrites to run in addition to the selected ones (opt-in rewrites by id).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub extend_select: Vec<String>,

    /// Rewrites to skip: ids or groups, comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,

    /// Rewrites to skip in some files: `GLOB:RULES` (rules separated by `+`), repeatable.
    #[arg(long, value_name = "GLOB:RULES")]
    pub per_file_ignores: Vec<String>,

    /// The Python the code is migrated to (default 3.14).
    #[arg(long, value_name = "VERSION")]
    pub target_version: Option<String>,

    /// The oldest Python the code must keep running on. Default: `min-version` in the
    /// configuration, else the project's `requires-python` (pyproject.toml, setup.cfg or
    /// setup.py), else 3.10.
    #[arg(long, value_name = "VERSION")]
    pub min_version: Option<String>,

    /// Rewrite `datetime.utcnow()` / `utcfromtimestamp()` to aware datetimes
    /// (`now(timezone.utc)`) instead of the faithful naive form; the fix becomes unsafe.
    #[arg(long)]
    pub aware_datetime: bool,

    /// Restore these removed modules from their drop-in packages instead of rewriting the
    /// code that uses them (`imghdr,asyncore`, package names such as `legacy-cgi`, or `all`):
    /// the packages the code needs are added to the project's dependencies.
    #[arg(long, value_delimiter = ',', value_name = "MODULES")]
    pub backports: Vec<String>,

    /// Worker threads, for the directory walk and the files (default: one per core).
    #[arg(short = 'j', long, value_name = "N")]
    pub jobs: Option<usize>,

    /// Neither read nor write the result cache.
    #[arg(long)]
    pub no_cache: bool,

    /// Where the result cache lives (default: `.snakeshift_cache` in the project around the
    /// current directory).
    #[arg(long, value_name = "PATH")]
    pub cache_dir: Option<PathBuf>,

    /// Parse every file that holds a trigger word whole, instead of only the statements the
    /// rewrites need (slower; the same result: for testing snakeshift itself).
    #[arg(long, hide = true)]
    pub parse_whole_files: bool,

    /// Run every rewrite one of whose trigger words occurs anywhere in a file, without the
    /// closer look that rules most such files out (slower; the same result: for testing
    /// snakeshift itself).
    #[arg(long, hide = true)]
    pub activate_on_triggers: bool,

    /// Run one more pass after every pass that applied fixes, even one that only removed
    /// imports left unused (slower; the same result: for testing snakeshift itself).
    #[arg(long, hide = true)]
    pub confirm_every_pass: bool,

    /// Paths to skip, as gitignore-style globs (comma-separated, repeatable); replaces the
    /// configured `exclude`. Virtualenvs, .git, build/, dist/, node_modules and the like are
    /// always skipped.
    #[arg(long, value_delimiter = ',', value_name = "GLOBS")]
    pub exclude: Vec<String>,

    /// Paths to skip in addition to `exclude`.
    #[arg(long, value_delimiter = ',', value_name = "GLOBS")]
    pub extend_exclude: Vec<String>,

    /// Apply the exclusions to paths named on the command line too (for pre-commit).
    #[arg(long)]
    pub force_exclude: bool,

    /// Do not skip files ignored by .gitignore, .ignore and .git/info/exclude.
    #[arg(long)]
    pub no_respect_gitignore: bool,

    /// A configuration file to use for every file (instead of the nearest one), or a
    /// `key = value` override in TOML (repeatable).
    #[arg(long, value_name = "PATH|KEY=VALUE")]
    pub config: Vec<String>,

    /// Ignore every configuration file (`[tool.snakeshift]`, `snakeshift.toml`); `--config`
    /// overrides still apply.
    #[arg(long)]
    pub isolated: bool,

    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Files or directories to audit.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// `markdown` (default) or `json`.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub output_format: Option<AuditFormat>,

    /// Findings listed per rewrite in the Markdown report (all of them in JSON).
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub examples: usize,

    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AuditFormat {
    Markdown,
    Json,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Files or directories to migrate (directories are searched for *.py and *.pyi); `-`
    /// reads one file from stdin.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// Write the changes in place (safe fixes only, unless --unsafe); with `-`, print the
    /// new source on stdout.
    #[arg(long, conflicts_with_all = ["check", "diff"])]
    pub apply: bool,

    /// Review each change in a terminal and choose which to write (`y` apply, `n` skip, `a`
    /// this and the rest of the file, `d` skip the rest of the file, `q` quit, `?` help).
    #[arg(short = 'i', long, conflicts_with_all = ["apply", "check", "diff", "output_format", "stdin_filename"])]
    pub interactive: bool,

    /// Also apply fixes that may change behaviour (each finding says why).
    #[arg(long = "unsafe", overrides_with = "no_unsafe")]
    pub unsafe_fixes: bool,

    /// Apply only safe fixes, even when the configuration says `unsafe = true`.
    #[arg(long = "no-unsafe", overrides_with = "unsafe_fixes")]
    pub no_unsafe: bool,

    /// Only list the files that would change; exit 1 if there are any.
    #[arg(long, conflicts_with = "diff")]
    pub check: bool,

    /// Print a unified diff of the changes (the default).
    #[arg(long)]
    pub diff: bool,

    /// How to print the results (default: `diff`, or `output-format` in the configuration).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub output_format: Option<OutputFormat>,

    /// The file name of the source read from stdin (`-`): used in messages and diffs and to
    /// find the configuration and `per-file-ignores` that apply.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,

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

    /// setup-py/setup-cfg-to-pyproject: write licenses as SPDX expressions (PEP 639) where the
    /// text maps to exactly one identifier, and drop the `License ::` classifiers.
    #[arg(long)]
    pub spdx: bool,

    #[command(flatten)]
    pub common: CommonArgs,
}
