//! One configuration file (or a `--config 'key = value'` override): its keys, checked, with
//! errors that name the file, the line and the key.

use crate::args::OutputFormat;
use clap::ValueEnum;
use snakeshift_engine::version::PyVersion;
use snakeshift_rewrites::kit::backports::Backports;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml_edit::{Document, Item, Value};

/// What one configuration source sets; `None` (or empty) means "not set here".
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub target_version: Option<PyVersion>,
    pub min_version: Option<PyVersion>,
    pub select: Option<Vec<String>>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
    pub per_file_ignores: Vec<(String, Vec<String>)>,
    pub unsafe_fixes: Option<bool>,
    pub aware_datetime: Option<bool>,
    pub spdx: Option<bool>,
    pub exclude: Option<Vec<String>>,
    pub extend_exclude: Vec<String>,
    pub respect_gitignore: Option<bool>,
    pub force_exclude: Option<bool>,
    pub output_format: Option<OutputFormat>,
    /// Where the result cache lives (relative paths: to the configuration file's directory).
    pub cache_dir: Option<PathBuf>,
    /// Removed modules restored by their drop-in packages (`--backports`).
    pub backports: Option<Vec<String>>,
}

/// The keys, in the order `snakeshift` documents them.
const KEYS: &[&str] = &[
    "target-version",
    "min-version",
    "select",
    "extend-select",
    "ignore",
    "per-file-ignores",
    "unsafe",
    "aware-datetime",
    "spdx",
    "exclude",
    "extend-exclude",
    "respect-gitignore",
    "force-exclude",
    "output-format",
    "cache-dir",
    "backports",
];

impl Options {
    /// `self` (flags, overrides) over `base` (a configuration file): a value set here wins;
    /// `select` here replaces the base's `select` and `ignore`; lists that extend add up.
    pub fn over(&self, base: &Options) -> Options {
        let (select, ignore) = match &self.select {
            Some(s) => (Some(s.clone()), self.ignore.clone()),
            None => (
                base.select.clone(),
                base.ignore.iter().chain(&self.ignore).cloned().collect(),
            ),
        };
        Options {
            target_version: self.target_version.or(base.target_version),
            min_version: self.min_version.or(base.min_version),
            select,
            extend_select: base
                .extend_select
                .iter()
                .chain(&self.extend_select)
                .cloned()
                .collect(),
            ignore,
            per_file_ignores: base
                .per_file_ignores
                .iter()
                .chain(&self.per_file_ignores)
                .cloned()
                .collect(),
            unsafe_fixes: self.unsafe_fixes.or(base.unsafe_fixes),
            aware_datetime: self.aware_datetime.or(base.aware_datetime),
            spdx: self.spdx.or(base.spdx),
            exclude: self.exclude.clone().or_else(|| base.exclude.clone()),
            extend_exclude: base
                .extend_exclude
                .iter()
                .chain(&self.extend_exclude)
                .cloned()
                .collect(),
            respect_gitignore: self.respect_gitignore.or(base.respect_gitignore),
            force_exclude: self.force_exclude.or(base.force_exclude),
            output_format: self.output_format.or(base.output_format),
            cache_dir: self.cache_dir.clone().or_else(|| base.cache_dir.clone()),
            backports: self.backports.clone().or_else(|| base.backports.clone()),
        }
    }
}

/// A configuration file that applies to the files below its directory.
#[derive(Debug)]
pub struct ConfigFile {
    pub path: PathBuf,
    /// Its directory: patterns (`exclude`, `per-file-ignores`) are relative to it.
    pub dir: PathBuf,
    pub options: Options,
}

impl ConfigFile {
    /// Reads `path`: `Ok(None)` for a `pyproject.toml` without `[tool.snakeshift]`.
    pub fn load(path: &Path) -> Result<Option<ConfigFile>, String> {
        let shown = crate::display::display_path(path);
        let text = std::fs::read_to_string(path).map_err(|e| format!("{shown}: {e}"))?;
        let pyproject = path.file_name().is_some_and(|n| n == "pyproject.toml");
        let options = parse(&text, &shown, pyproject)?;
        let absolute = crate::paths::absolute(path).map_err(|e| format!("{shown}: {e}"))?;
        let dir = absolute
            .parent()
            .map_or_else(|| PathBuf::from("/"), Path::to_path_buf);
        let options = options.map(|mut o| {
            o.cache_dir = o.cache_dir.map(|d| dir.join(d));
            o
        });
        Ok(options.map(|options| ConfigFile {
            path: path.to_path_buf(),
            dir,
            options,
        }))
    }
}

/// Parses a `--config 'key = value'` override.
pub fn parse_override(text: &str) -> Result<Options, String> {
    let mut options = parse(text, "--config", false).map(Option::unwrap_or_default)?;
    // Relative to the current directory, like a path given as a flag.
    options.cache_dir = options
        .cache_dir
        .map(|d| crate::paths::absolute(&d).unwrap_or(d));
    Ok(options)
}

/// The options of a configuration text; `None` when a `pyproject.toml` has no
/// `[tool.snakeshift]` table.
fn parse(text: &str, shown: &str, pyproject: bool) -> Result<Option<Options>, String> {
    let doc = Document::parse(text).map_err(|e| {
        let line = e.span().map_or(1, |s| line_of(text, s.start));
        let message = e.message().trim().to_owned();
        format!("{shown}:{line}: invalid TOML: {message}")
    })?;
    let table = if pyproject {
        match doc.get("tool").and_then(|t| t.get("snakeshift")) {
            None => return Ok(None),
            Some(item) => item.as_table_like().ok_or_else(|| {
                let line = item.span().map_or(1, |s| line_of(text, s.start));
                format!("{shown}:{line}: [tool.snakeshift] must be a table")
            })?,
        }
    } else {
        doc.as_table() as &dyn toml_edit::TableLike
    };
    let prefix = if pyproject { "tool.snakeshift." } else { "" };
    let mut reader = Reader {
        text,
        shown,
        prefix,
    };
    let mut options = Options::default();
    for (key, item) in table.iter() {
        let span = table
            .get_key_value(key)
            .and_then(|(k, _)| k.span())
            .or_else(|| item.span());
        reader.key(key, item, span, &mut options)?;
    }
    Ok(Some(options))
}

struct Reader<'a> {
    text: &'a str,
    shown: &'a str,
    prefix: &'a str,
}

impl Reader<'_> {
    fn error(&self, key: &str, span: Option<Range<usize>>, reason: &str) -> String {
        let line = span.map_or(1, |s| line_of(self.text, s.start));
        format!("{}:{line}: {}{key}: {reason}", self.shown, self.prefix)
    }

    fn key(
        &mut self,
        key: &str,
        item: &Item,
        span: Option<Range<usize>>,
        o: &mut Options,
    ) -> Result<(), String> {
        let err = |reason: &str| self.error(key, span.clone(), reason);
        // The value's own line, for errors inside a multi-line array.
        let value_err = |reason: &str, at: Option<Range<usize>>| {
            self.error(key, at.or_else(|| span.clone()), reason)
        };
        match key {
            "target-version" => o.target_version = Some(version(item).map_err(|e| err(&e))?),
            "min-version" => o.min_version = Some(version(item).map_err(|e| err(&e))?),
            "select" => o.select = Some(rules(item, &value_err)?),
            "extend-select" => o.extend_select = rules(item, &value_err)?,
            "ignore" => o.ignore = rules(item, &value_err)?,
            "per-file-ignores" => {
                let table = item
                    .as_table_like()
                    .ok_or_else(|| err("expected a table of `\"glob\" = [\"rule\", ...]`"))?;
                for (pattern, rules_item) in table.iter() {
                    check_glob(pattern).map_err(|e| value_err(&e, rules_item.span()))?;
                    let names = rules(rules_item, &value_err)?;
                    o.per_file_ignores.push((pattern.to_owned(), names));
                }
            }
            "unsafe" => {
                o.unsafe_fixes = Some(boolean(item).ok_or_else(|| err("expected true or false"))?)
            }
            "aware-datetime" => {
                o.aware_datetime = Some(boolean(item).ok_or_else(|| err("expected true or false"))?)
            }
            "spdx" => o.spdx = Some(boolean(item).ok_or_else(|| err("expected true or false"))?),
            "respect-gitignore" => {
                o.respect_gitignore =
                    Some(boolean(item).ok_or_else(|| err("expected true or false"))?)
            }
            "force-exclude" => {
                o.force_exclude = Some(boolean(item).ok_or_else(|| err("expected true or false"))?)
            }
            "exclude" => o.exclude = Some(globs(item, &value_err)?),
            "backports" => {
                let names = strings(item, &value_err)?;
                for (name, at) in &names {
                    Backports::parse(&[*name]).map_err(|e| value_err(&e, at.clone()))?;
                }
                o.backports = Some(names.into_iter().map(|(n, _)| n.to_owned()).collect());
            }
            "extend-exclude" => o.extend_exclude = globs(item, &value_err)?,
            "cache-dir" => {
                let dir = item
                    .as_str()
                    .filter(|d| !d.is_empty())
                    .ok_or_else(|| err("expected a directory, such as \".snakeshift_cache\""))?;
                o.cache_dir = Some(PathBuf::from(dir));
            }
            "output-format" => {
                let name = item
                    .as_str()
                    .ok_or_else(|| err("expected a string such as \"json\""))?;
                o.output_format = Some(OutputFormat::from_str(name, false).map_err(|_| {
                    let names: Vec<&str> = OutputFormat::value_variants()
                        .iter()
                        .map(|f| f.name())
                        .collect();
                    err(&format!(
                        "unknown output format `{name}` (expected one of: {})",
                        names.join(", ")
                    ))
                })?);
            }
            _ => {
                let hint = KEYS
                    .iter()
                    .find(|k| similar(k, key))
                    .map_or(String::new(), |k| format!("did you mean `{k}`? "));
                return Err(err(&format!(
                    "unknown key; {hint}(known keys: {})",
                    KEYS.join(", ")
                )));
            }
        }
        Ok(())
    }
}

fn version(item: &Item) -> Result<PyVersion, String> {
    let text = item
        .as_str()
        .ok_or("expected a version string such as \"3.10\"")?;
    text.parse()
}

fn boolean(item: &Item) -> Option<bool> {
    item.as_bool()
}

/// A string and where it is in the file.
type Spanned<'i> = (&'i str, Option<Range<usize>>);

/// An array of strings, each with its span.
fn strings<'i>(
    item: &'i Item,
    err: &dyn Fn(&str, Option<Range<usize>>) -> String,
) -> Result<Vec<Spanned<'i>>, String> {
    let array = item
        .as_array()
        .ok_or_else(|| err("expected an array of strings", item.span()))?;
    array
        .iter()
        .map(|v: &Value| {
            v.as_str()
                .map(|s| (s, v.span()))
                .ok_or_else(|| err("expected an array of strings", v.span()))
        })
        .collect()
}

/// Rewrite ids or groups (or `ALL`), each checked.
fn rules(
    item: &Item,
    err: &dyn Fn(&str, Option<Range<usize>>) -> String,
) -> Result<Vec<String>, String> {
    strings(item, err)?
        .into_iter()
        .map(|(name, span)| {
            if crate::select::is_known(name) {
                Ok(name.to_owned())
            } else {
                Err(err(
                    &format!("unknown rewrite or group `{name}` (see `snakeshift list`)"),
                    span,
                ))
            }
        })
        .collect()
}

fn globs(
    item: &Item,
    err: &dyn Fn(&str, Option<Range<usize>>) -> String,
) -> Result<Vec<String>, String> {
    strings(item, err)?
        .into_iter()
        .map(|(pattern, span)| {
            check_glob(pattern)
                .map(|()| pattern.to_owned())
                .map_err(|e| err(&e, span))
        })
        .collect()
}

fn check_glob(pattern: &str) -> Result<(), String> {
    ignore::gitignore::GitignoreBuilder::new("")
        .add_line(None, pattern)
        .map(|_| ())
        .map_err(|e| format!("invalid pattern `{pattern}`: {e}"))
}

/// A likely misspelling: at most two letters off, `_` for `-`, or one name extending the
/// other (`unsafe-fixes` for `unsafe`).
fn similar(known: &str, key: &str) -> bool {
    let key = key.replace('_', "-");
    if key == known || (key.len() >= 4 && (key.starts_with(known) || known.starts_with(&key))) {
        return true;
    }
    let (a, b): (Vec<char>, Vec<char>) = (known.chars().collect(), key.chars().collect());
    // Levenshtein distance at most 2.
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()] <= 2
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pyproject(text: &str) -> Result<Option<Options>, String> {
        parse(text, "pyproject.toml", true)
    }

    #[test]
    fn reads_every_key() {
        let o = pyproject(
            r#"[project]
name = "x"

[tool.snakeshift]
target-version = "3.13"
min-version = "3.9"
select = ["distutils", "typing-union"]
extend-select = ["soft-deprecated-apis"]
ignore = ["distutils-spawn"]
unsafe = true
aware-datetime = true
spdx = false
exclude = ["legacy/"]
extend-exclude = ["*_pb2.py"]
respect-gitignore = false
force-exclude = true
output-format = "json-lines"

[tool.snakeshift.per-file-ignores]
"tests/*" = ["typing"]
"#,
        )
        .unwrap()
        .unwrap();
        assert_eq!(o.target_version, Some(PyVersion::new(3, 13)));
        assert_eq!(o.min_version, Some(PyVersion::new(3, 9)));
        assert_eq!(
            o.select.as_deref(),
            Some(&["distutils".to_owned(), "typing-union".to_owned()][..])
        );
        assert_eq!(o.extend_select, ["soft-deprecated-apis"]);
        assert_eq!(o.ignore, ["distutils-spawn"]);
        assert_eq!(o.unsafe_fixes, Some(true));
        assert_eq!(o.aware_datetime, Some(true));
        assert_eq!(o.spdx, Some(false));
        assert_eq!(o.exclude.as_deref(), Some(&["legacy/".to_owned()][..]));
        assert_eq!(o.extend_exclude, ["*_pb2.py"]);
        assert_eq!(o.respect_gitignore, Some(false));
        assert_eq!(o.force_exclude, Some(true));
        assert_eq!(o.output_format, Some(OutputFormat::JsonLines));
        assert_eq!(
            o.per_file_ignores,
            [("tests/*".to_owned(), vec!["typing".to_owned()])]
        );
    }

    #[test]
    fn a_pyproject_without_the_table_is_no_configuration() {
        assert!(pyproject("[project]\nname = 'x'\n").unwrap().is_none());
        assert!(
            parse("", "snakeshift.toml", false)
                .unwrap()
                .is_some_and(|o| o.select.is_none())
        );
    }

    #[test]
    fn errors_name_the_file_line_and_key() {
        let err = |text: &str| pyproject(text).unwrap_err();
        assert_eq!(
            err("[tool.snakeshift]\n\nselct = ['distutils']\n"),
            "pyproject.toml:3: tool.snakeshift.selct: unknown key; did you mean `select`? (known keys: target-version, min-version, select, extend-select, ignore, per-file-ignores, unsafe, aware-datetime, spdx, exclude, extend-exclude, respect-gitignore, force-exclude, output-format, cache-dir, backports)"
        );
        assert_eq!(
            err("[tool.snakeshift]\nselect = [\n  'distutils',\n  'distutil',\n]\n"),
            "pyproject.toml:4: tool.snakeshift.select: unknown rewrite or group `distutil` (see `snakeshift list`)"
        );
        assert_eq!(
            err("[tool.snakeshift]\nmin-version = 3.8\n"),
            "pyproject.toml:2: tool.snakeshift.min-version: expected a version string such as \"3.10\""
        );
        assert_eq!(
            err("[tool.snakeshift]\ntarget-version = '2.7'\n"),
            "pyproject.toml:2: tool.snakeshift.target-version: unsupported Python version `2.7`: only Python 3 is supported"
        );
        assert_eq!(
            err("[tool.snakeshift]\nunsafe = 'yes'\n"),
            "pyproject.toml:2: tool.snakeshift.unsafe: expected true or false"
        );
        assert!(
            err("[tool.snakeshift]\noutput-format = 'xml'\n").starts_with(
                "pyproject.toml:2: tool.snakeshift.output-format: unknown output format `xml`"
            )
        );
        assert!(err("[tool.snakeshift\n").starts_with("pyproject.toml:1: invalid TOML"));
        let e = parse("ignore = 'distutils'\n", "snakeshift.toml", false).unwrap_err();
        assert_eq!(e, "snakeshift.toml:1: ignore: expected an array of strings");
    }

    #[test]
    fn overrides_win_and_extensions_add_up() {
        let base = Options {
            select: Some(vec!["typing".into()]),
            ignore: vec!["typing-optional".into()],
            extend_select: vec!["a".into()],
            min_version: Some(PyVersion::new(3, 8)),
            ..Options::default()
        };
        let flags = Options {
            ignore: vec!["typing-union".into()],
            extend_select: vec!["b".into()],
            ..Options::default()
        };
        let merged = flags.over(&base);
        assert_eq!(merged.select, base.select);
        assert_eq!(merged.ignore, ["typing-optional", "typing-union"]);
        assert_eq!(merged.extend_select, ["a", "b"]);
        assert_eq!(merged.min_version, Some(PyVersion::new(3, 8)));
        let reselect = Options {
            select: Some(vec!["distutils".into()]),
            ..Options::default()
        };
        let merged = reselect.over(&base);
        assert_eq!(merged.select.unwrap(), ["distutils"]);
        assert!(merged.ignore.is_empty());
    }
}
