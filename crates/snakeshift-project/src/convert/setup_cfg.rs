//! Reading `setup.cfg`'s `[metadata]` and `[options*]` sections the way setuptools does
//! (`file:`, `attr:`, `find:` directives, list and dict syntaxes) into `setup()` keywords,
//! and folding those sections out of the file afterwards (command sections stay).

use super::args::{Arg, ArgOrigin};
use crate::files::ProjectFiles;
use crate::ini::{self, Ini, IniOption, normalize_key};
use crate::python::value::{Entry, FindPackages, Origin, Text, Value};
use std::rc::Rc;

/// Sections setuptools reads as configuration (everything else is a command's options).
pub fn is_config_section(name: &str) -> bool {
    name == "metadata" || name == "options" || name.starts_with("options.")
}

/// `[metadata]` aliases setuptools accepts.
pub(super) fn metadata_keyword(key: &str) -> &str {
    match key {
        "home_page" => "url",
        "summary" => "description",
        "classifier" => "classifiers",
        "platform" => "platforms",
        other => other,
    }
}

/// `value.split(",")` or one item per line, stripped, empties dropped (`_parse_list`).
fn parse_list(value: &str, separator: char) -> Vec<String> {
    let parts: Vec<&str> = if value.contains('\n') {
        value.lines().collect()
    } else {
        value.split(separator).collect()
    };
    parts
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `key = value` lines (`_parse_dict`).
fn parse_dict(value: &str) -> Option<Vec<(String, String)>> {
    parse_list(value, ',')
        .into_iter()
        .map(|line| {
            line.split_once('=')
                .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        })
        .collect()
}

fn str_list(items: Vec<String>) -> Value {
    Value::list(items.into_iter().map(Value::str).collect())
}

/// The `file:` directive: the files' text joined with `\n`.
fn read_files(files: &dyn ProjectFiles, spec: &str) -> Value {
    let paths: Vec<String> = spec.split(',').map(|p| p.trim().to_owned()).collect();
    let mut texts = Vec::new();
    for p in &paths {
        let Some(rel) = crate::files::normalize(p) else {
            return Value::opaque(format!("`file: {p}` reaches outside the project"));
        };
        // setuptools skips missing files with a warning.
        if let Some(t) = files.read(&rel) {
            let t = crate::python::strings::universal_newlines(&t).into_owned();
            texts.push((rel, t));
        }
    }
    let origin = match texts.as_slice() {
        [(p, _)] => Origin::File(p.clone()),
        _ => Origin::Derived(texts.iter().map(|(p, _)| p.clone()).collect()),
    };
    let joined = texts
        .into_iter()
        .map(|(_, t)| t)
        .collect::<Vec<_>>()
        .join("\n");
    Value::Str(Text { s: joined, origin })
}

fn file_or_text(files: &dyn ProjectFiles, value: &str) -> Value {
    match value.strip_prefix("file:") {
        Some(spec) => read_files(files, spec),
        None => Value::str(value),
    }
}

fn requirements(files: &dyn ProjectFiles, value: &str) -> Value {
    let text = match file_or_text(files, value) {
        Value::Str(t) => t,
        other => return other,
    };
    let lines: Vec<Value> = parse_list(&text.s, ';')
        .into_iter()
        .filter(|l| !l.starts_with('#'))
        .map(|l| {
            Value::Str(Text {
                s: l,
                origin: Origin::combine([&text.origin]),
            })
        })
        .collect();
    Value::list(lines)
}

fn boolean(value: &str) -> Value {
    Value::Bool(matches!(
        value.to_lowercase().as_str(),
        "1" | "true" | "yes"
    ))
}

fn dict(pairs: Vec<(String, Value)>) -> Value {
    Value::dict(
        pairs
            .into_iter()
            .map(|(key, value)| Entry {
                key,
                value,
                sites: vec![],
            })
            .collect(),
    )
}

/// The value of one `[metadata]`/`[options]` option as setuptools parses it; `None` for
/// options setuptools does not know (it ignores them).
pub(super) fn option_value(
    files: &dyn ProjectFiles,
    section: &str,
    key: &str,
    raw: &str,
) -> Option<Value> {
    let Some(value) = ini::interpolate(raw) else {
        return Some(Value::opaque(
            "uses configparser interpolation (`%(...)s`) that snakeshift does not expand",
        ));
    };
    let v = value.as_str();
    Some(match (section, key) {
        ("metadata", "version") => match v.strip_prefix("file:") {
            Some(spec) => match read_files(files, spec) {
                Value::Str(t) => Value::Str(Text {
                    s: t.s.trim().to_owned(),
                    origin: t.origin,
                }),
                other => other,
            },
            None => Value::str(v),
        },
        ("metadata", "description" | "long_description") => file_or_text(files, v),
        ("metadata", "classifiers") => match file_or_text(files, v) {
            Value::Str(t) => Value::list(
                parse_list(&t.s, ',')
                    .into_iter()
                    .map(|c| {
                        Value::Str(Text {
                            s: c,
                            origin: Origin::combine([&t.origin]),
                        })
                    })
                    .collect(),
            ),
            other => other,
        },
        ("metadata", "keywords" | "platforms" | "provides" | "obsoletes" | "license_files") => {
            str_list(parse_list(v, ','))
        }
        ("metadata", "project_urls") => dict(
            parse_dict(v)?
                .into_iter()
                .map(|(k, u)| (k, Value::str(u)))
                .collect(),
        ),
        (
            "metadata",
            "name"
            | "url"
            | "download_url"
            | "author"
            | "author_email"
            | "maintainer"
            | "maintainer_email"
            | "license"
            | "license_file"
            | "long_description_content_type",
        ) => Value::str(v),
        ("options", "zip_safe" | "include_package_data" | "use_2to3") => boolean(v),
        ("options", "package_dir") => dict(
            parse_dict(v)?
                .into_iter()
                .map(|(k, d)| (k, Value::str(d)))
                .collect(),
        ),
        (
            "options",
            "scripts" | "eager_resources" | "dependency_links" | "namespace_packages"
            | "py_modules",
        ) => str_list(parse_list(v, ',')),
        ("options", "install_requires" | "tests_require") => requirements(files, v),
        ("options", "setup_requires") => str_list(parse_list(v, ';')),
        ("options", "python_requires" | "test_suite" | "test_loader") => Value::str(v),
        ("options", "entry_points") => file_or_text(files, v),
        ("options", "cmdclass") => dict(
            parse_dict(v)?
                .into_iter()
                .map(|(k, c)| (k, Value::str(c)))
                .collect(),
        ),
        ("options", "packages") => return Some(Value::str(v)),
        _ => return None,
    })
}

fn find_section(ini: &Ini, namespaces: bool) -> Value {
    let mut find = FindPackages {
        namespaces,
        where_: ".".into(),
        exclude: Vec::new(),
        include: vec!["*".into()],
    };
    if let Some(s) = ini.section("options.packages.find") {
        for o in &s.options {
            let list = parse_list(&o.value, ',');
            if list.is_empty() {
                continue;
            }
            match normalize_key(&o.key).as_str() {
                "where" => find.where_ = list[0].clone(),
                "include" => find.include = list,
                "exclude" => find.exclude = list,
                _ => {}
            }
        }
    }
    Value::FindPackages(Rc::new(find))
}

pub struct SetupCfg {
    pub ini: Ini,
    pub args: Vec<Arg>,
    /// Options setuptools ignores: (section, key, line).
    pub unknown: Vec<(String, String, usize)>,
}

fn origin(section: &str, o: &IniOption, attr: Option<String>) -> ArgOrigin {
    ArgOrigin::SetupCfg {
        section: section.to_owned(),
        key: o.key.clone(),
        line: o.line,
        attr,
    }
}

/// Reads the configuration sections of `setup.cfg`.
pub fn analyse(text: &str, files: &dyn ProjectFiles) -> Result<SetupCfg, String> {
    let ini = ini::parse(text).map_err(|e| format!("setup.cfg cannot be read: {e}"))?;
    if ini.section("pbr").is_some() || ini.section("files").is_some() {
        return Err(super::setup_py::pbr_reason());
    }
    if ini
        .section("DEFAULT")
        .is_some_and(|s| !s.options.is_empty())
    {
        return Err("setup.cfg has a [DEFAULT] section, whose values configparser copies into every section".into());
    }
    let mut args = Vec::new();
    let mut unknown = Vec::new();
    for section in &ini.sections {
        if !is_config_section(&section.name) {
            continue;
        }
        match section.name.as_str() {
            "metadata" | "options" => {
                for o in &section.options {
                    let key = normalize_key(&o.key);
                    let keyword = if section.name == "metadata" {
                        metadata_keyword(&key).to_owned()
                    } else {
                        key.clone()
                    };
                    let value = if section.name == "options" && keyword == "packages" {
                        match o.value.trim() {
                            "find:" => find_section(&ini, false),
                            "find_namespace:" => find_section(&ini, true),
                            v => str_list(parse_list(v, ',')),
                        }
                    } else {
                        match option_value(files, &section.name, &keyword, &o.value) {
                            Some(v) => v,
                            None => {
                                unknown.push((section.name.clone(), o.key.clone(), o.line));
                                continue;
                            }
                        }
                    };
                    let attr = (keyword == "version")
                        .then(|| {
                            o.value
                                .trim()
                                .strip_prefix("attr:")
                                .map(|a| a.trim().to_owned())
                        })
                        .flatten();
                    args.push(Arg {
                        keyword,
                        value,
                        origin: origin(&section.name, o, attr),
                    });
                }
            }
            "options.packages.find" => {}
            name => {
                let keyword = match name {
                    "options.entry_points" => "entry_points",
                    "options.extras_require" => "extras_require",
                    "options.package_data" => "package_data",
                    "options.exclude_package_data" => "exclude_package_data",
                    "options.data_files" => "data_files",
                    _ => {
                        unknown.push((name.to_owned(), String::new(), section.line));
                        continue;
                    }
                };
                let pairs: Vec<(String, Value)> = section
                    .options
                    .iter()
                    .map(|o| {
                        let v = match keyword {
                            "extras_require" => requirements(files, &o.value),
                            _ => str_list(parse_list(&o.value, ',')),
                        };
                        (o.key.clone(), v)
                    })
                    .collect();
                let value = match keyword {
                    // `data_files`' keys are directories, a list of pairs in setup() terms.
                    "data_files" => Value::list(
                        pairs
                            .into_iter()
                            .map(|(k, v)| Value::tuple(vec![Value::str(k), v]))
                            .collect(),
                    ),
                    _ => dict(pairs),
                };
                args.push(Arg {
                    keyword: keyword.to_owned(),
                    value,
                    origin: ArgOrigin::SetupCfg {
                        section: name.to_owned(),
                        key: String::new(),
                        line: section.line,
                        attr: None,
                    },
                });
            }
        }
    }
    Ok(SetupCfg { ini, args, unknown })
}

/// `setup.cfg` without its configuration sections, keeping the options in `keep`
/// ((section, key) pairs; an empty key keeps a whole section). `None` when nothing but
/// comments and blank lines would be left: the file can go.
pub fn fold(text: &str, ini: &Ini, keep: &[(String, String)]) -> Option<String> {
    fold_sections(text, ini, is_config_section, keep)
}

/// [`fold`] over the sections `folded` selects (pbr's `[metadata]`, `[entry_points]`,
/// `[extras]`).
pub fn fold_sections(
    text: &str,
    ini: &Ini,
    folded: impl Fn(&str) -> bool,
    keep: &[(String, String)],
) -> Option<String> {
    let mut out = String::new();
    let mut last = 0;
    for section in &ini.sections {
        if !folded(&section.name) || keep.iter().any(|(s, k)| *s == section.name && k.is_empty()) {
            continue;
        }
        out.push_str(&text[last..section.span.start]);
        let kept: Vec<&IniOption> = section
            .options
            .iter()
            .filter(|o| keep.iter().any(|(s, k)| *s == section.name && *k == o.key))
            .collect();
        if !kept.is_empty() {
            let header_end = text[section.span.start..]
                .find('\n')
                .map_or(section.span.end, |i| section.span.start + i + 1);
            out.push_str(&text[section.span.start..header_end]);
            for o in kept {
                out.push_str(&text[o.span.clone()]);
                out.push('\n');
            }
            out.push('\n');
        }
        last = section.span.end;
    }
    out.push_str(&text[last..]);
    // No blank lines pile up where sections were removed.
    let mut tidy = String::with_capacity(out.len());
    let mut blank_run = 0;
    for line in out.split_inclusive('\n') {
        if line.trim().is_empty() {
            blank_run += 1;
            if blank_run > 1 || tidy.is_empty() {
                continue;
            }
        } else {
            blank_run = 0;
        }
        tidy.push_str(line);
    }
    let tidy = tidy.trim_end().to_owned();
    let meaningful = tidy
        .lines()
        .any(|l| !l.trim().is_empty() && !l.trim().starts_with(['#', ';']));
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    meaningful.then(|| format!("{tidy}{newline}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::MemoryFiles;

    const CFG: &str = "[metadata]\nname = demo\nversion = attr: demo.__version__\nhome_page = https://x.org\nlong_description = file: README.rst, CHANGES.rst\nclassifiers =\n    A :: B\n    C :: D\n\n[options]\npackages = find:\ninstall_requires =\n    requests>=2\n    # a comment\n    click\ninclude_package_data = True\n\n[options.packages.find]\nexclude = tests*\n\n[options.extras_require]\ntest = pytest\n\n[bdist_wheel]\nuniversal = 1\n\n# tool configuration\n[flake8]\nmax-line-length = 100\n";

    #[test]
    fn reads_options() {
        let fs = MemoryFiles::new()
            .with("README.rst", "Demo\n")
            .with("CHANGES.rst", "1.0\n");
        let cfg = analyse(CFG, &fs).unwrap();
        let get = |k: &str| cfg.args.iter().find(|a| a.keyword == k).unwrap();
        assert_eq!(get("url").value.as_str(), Some("https://x.org"));
        let ld = get("long_description").value.as_text().unwrap().clone();
        assert_eq!(ld.s, "Demo\n\n1.0\n");
        assert_eq!(
            ld.origin,
            Origin::Derived(vec!["README.rst".into(), "CHANGES.rst".into()])
        );
        let reqs = get("install_requires").value.items().unwrap();
        assert_eq!(reqs.len(), 2);
        let Value::FindPackages(f) = &get("packages").value else {
            panic!()
        };
        assert_eq!(f.exclude, ["tests*"]);
        assert!(
            matches!(&get("version").origin, ArgOrigin::SetupCfg { attr: Some(a), .. } if a == "demo.__version__")
        );
        assert!(matches!(
            get("include_package_data").value,
            Value::Bool(true)
        ));
        assert_eq!(
            get("extras_require").value.entries().unwrap()[0].key,
            "test"
        );
    }

    #[test]
    fn folds_configuration_sections() {
        let ini = ini::parse(CFG).unwrap();
        assert_eq!(
            fold(CFG, &ini, &[]).unwrap(),
            "[bdist_wheel]\nuniversal = 1\n\n# tool configuration\n[flake8]\nmax-line-length = 100\n"
        );
        let keep = [("options".to_owned(), "include_package_data".to_owned())];
        assert!(
            fold(CFG, &ini, &keep)
                .unwrap()
                .starts_with("[options]\ninclude_package_data = True\n\n[bdist_wheel]")
        );
        let only = "[metadata]\nname = x\n";
        assert_eq!(fold(only, &ini::parse(only).unwrap(), &[]), None);
    }
}
