//! Methods: of strings and bytes, lists, dicts, files, paths, regular expressions and matches.

use super::builtins::text_arg;
use super::interp::{CallArgs, Exc, Frame, Interp, R};
use super::marker::Marker;
use super::paths::{basename, dirname, path_method, splitext};
use super::pyregex::{self, Anchor};
use super::strings;
use super::value::{CompiledRegex, Entry, EnvVar, Item, MatchValue, Origin, Text, Value};
use std::cell::RefCell;
use std::rc::Rc;
use tree_sitter::Node;

pub(super) fn flags(v: Option<&Value>) -> Option<i64> {
    match v {
        None => Some(0),
        Some(Value::Int(i)) => Some(*i),
        _ => None,
    }
}

pub(super) fn regex_call(interp: &mut Interp<'_>, name: &str, args: CallArgs) -> R {
    let Some(pattern) = text_arg(args.get(0, "pattern")) else {
        return Ok(Value::opaque(format!("{name}() with an unknown pattern")));
    };
    let flag_index = match name {
        "re.compile" => 1,
        "re.sub" => 4,
        _ => 2,
    };
    let Some(fl) = flags(args.get(flag_index, "flags")) else {
        return Ok(Value::opaque(format!("{name}() with unknown flags")));
    };
    if name == "re.compile" {
        return Ok(match pyregex::compile(&pattern.s, fl, Anchor::Search) {
            Some(re) => Value::Regex(Rc::new(CompiledRegex {
                re,
                pattern: pattern.s.clone(),
                flags: fl,
            })),
            None => Value::opaque("a regular expression snakeshift cannot run"),
        });
    }
    let method = name.trim_start_matches("re.");
    let Some(re) = pyregex::compile(&pattern.s, fl, Anchor::Search) else {
        return Ok(Value::opaque("a regular expression snakeshift cannot run"));
    };
    let rest = CallArgs {
        positional: args
            .positional
            .iter()
            .skip(1)
            .take(if method == "sub" { 3 } else { 1 })
            .cloned()
            .collect(),
        keywords: args
            .keywords
            .iter()
            .filter(|(k, _, _)| k != "pattern" && k != "flags")
            .cloned()
            .collect(),
    };
    regex_method(interp, &re, &pattern.s, fl, method, rest)
}

pub(super) fn regex_method(
    interp: &mut Interp<'_>,
    re: &regex::Regex,
    pattern: &str,
    fl: i64,
    method: &str,
    args: CallArgs,
) -> R {
    let _ = interp;
    let subject_index = if method == "sub" { 1 } else { 0 };
    let subject = match args.get(subject_index, "string") {
        Some(Value::Str(t)) | Some(Value::Bytes(t)) => t.clone(),
        Some(Value::File { .. }) | None | Some(_) => {
            return Ok(Value::opaque(format!("re.{method}() of an unknown string")));
        }
    };
    let anchor = match method {
        "match" => Anchor::Match,
        "fullmatch" => Anchor::FullMatch,
        _ => Anchor::Search,
    };
    let re_owned;
    let re = if anchor == Anchor::Search {
        re
    } else {
        match pyregex::compile(pattern, fl, anchor) {
            Some(r) => {
                re_owned = r;
                &re_owned
            }
            None => return Ok(Value::opaque("a regular expression snakeshift cannot run")),
        }
    };
    Ok(match method {
        "search" | "match" | "fullmatch" => match re.captures(&subject.s) {
            Some(caps) => {
                let groups = (0..caps.len())
                    .map(|i| caps.get(i).map(|m| m.as_str().to_owned()))
                    .collect();
                let names = re
                    .capture_names()
                    .enumerate()
                    .filter_map(|(i, n)| n.map(|n| (n.to_owned(), i)))
                    .collect();
                Value::Match(Rc::new(MatchValue {
                    groups,
                    names,
                    origin: Origin::combine([&subject.origin]),
                }))
            }
            None => Value::None,
        },
        "findall" => {
            let origin = Origin::combine([&subject.origin]);
            let mut out = Vec::new();
            for caps in re.captures_iter(&subject.s) {
                let v = match caps.len() {
                    1 => Value::Str(Text {
                        s: caps[0].to_owned(),
                        origin: origin.clone(),
                    }),
                    2 => Value::Str(Text {
                        s: caps.get(1).map_or("", |m| m.as_str()).to_owned(),
                        origin: origin.clone(),
                    }),
                    n => Value::tuple(
                        (1..n)
                            .map(|i| {
                                Value::Str(Text {
                                    s: caps.get(i).map_or("", |m| m.as_str()).to_owned(),
                                    origin: origin.clone(),
                                })
                            })
                            .collect(),
                    ),
                };
                out.push(v);
            }
            Value::list(out)
        }
        "sub" => match args.get(0, "repl") {
            Some(Value::Str(repl)) if !repl.s.contains('\\') => {
                let count = match args.get(2, "count") {
                    Some(Value::Int(n)) => *n as usize,
                    _ => 0,
                };
                let replaced = re
                    .replacen(&subject.s, count, regex::NoExpand(&repl.s))
                    .into_owned();
                Value::Str(Text::derived(replaced, &[&subject.origin, &repl.origin]))
            }
            _ => Value::opaque("re.sub() with a replacement snakeshift does not expand"),
        },
        "split" => Value::list(
            re.split(&subject.s)
                .map(|p| Value::Str(Text::derived(p, &[&subject.origin])))
                .collect(),
        ),
        _ => Value::opaque(format!("re.{method}()")),
    })
}

/// `obj.name` for values that are not modules.
pub fn getattr(obj: Value, name: &str) -> R {
    Ok(match (&obj, name) {
        (Value::Opaque(r), _) => Value::Opaque(r.clone()),
        (Value::Env(EnvVar::VersionInfo), "major") => Value::Env(EnvVar::VersionMajor),
        (Value::Env(EnvVar::VersionInfo), _) => Value::opaque(format!("`sys.version_info.{name}`")),
        (Value::Path(p), "parent") => Value::Path(dirname(p)),
        (Value::Path(p), "name") => Value::str(basename(p)),
        (Value::Path(p), "stem") => Value::str(splitext(&basename(p)).0),
        (Value::Path(p), "suffix") => Value::str(splitext(&basename(p)).1),
        (Value::Path(p), "parts") => Value::tuple(
            p.split('/')
                .filter(|s| !s.is_empty())
                .map(Value::str)
                .collect(),
        ),
        (Value::Builtin(q), _) => super::interp::module_member(&format!("{q}.{name}")),
        (Value::Match(_), _)
        | (Value::Str(_), _)
        | (Value::Bytes(_), _)
        | (Value::List(_), _)
        | (Value::Dict(_), _)
        | (Value::File { .. }, _)
        | (Value::Regex(_), _)
        | (Value::Path(_), _)
        | (Value::Env(_), _) => Value::Method(Box::new(obj.clone()), name.to_owned()),
        (Value::Class(def), _) => Value::opaque(format!("`{}.{name}`", def.name)),
        _ => Value::opaque(format!("`.{name}` of a `{}`", obj.type_name())),
    })
}

impl Interp<'_> {
    pub fn getattr(&mut self, obj: Value, name: &str) -> R {
        if let Value::Class(def) = &obj
            && let Some(v) = self.class_attribute(def, name)
        {
            return Ok(v);
        }
        getattr(obj, name)
    }
}

pub(super) fn strip_chars(args: &CallArgs) -> Option<Option<Vec<char>>> {
    match args.positional.first() {
        None | Some(Value::None) => Some(None),
        Some(Value::Str(t)) => Some(Some(t.s.chars().collect())),
        _ => None,
    }
}

/// Calls `obj.name(...)`.
pub fn call_method(
    interp: &mut Interp<'_>,
    obj: Value,
    name: &str,
    args: CallArgs,
    node: Node<'_>,
    frame: &mut Frame,
) -> R {
    match &obj {
        // A build passes lowercase command names without surrounding whitespace:
        // `sys.argv[1].lower().strip() == "make"` compares the command itself.
        Value::Env(crate::python::value::EnvVar::ArgvItem)
            if matches!(name, "lower" | "strip" | "lstrip" | "rstrip" | "casefold")
                && args.positional.is_empty()
                && args.keywords.is_empty() =>
        {
            Ok(obj.clone())
        }
        Value::Str(t) => str_method(interp, t, false, name, args),
        Value::Bytes(t) => {
            if name == "decode" {
                return Ok(Value::Str(t.clone()));
            }
            // Bytes arguments of bytes methods behave like strings here.
            let args = CallArgs {
                positional: args
                    .positional
                    .into_iter()
                    .map(|v| match v {
                        Value::Bytes(b) => Value::Str(b),
                        v => v,
                    })
                    .collect(),
                keywords: args.keywords,
            };
            match str_method(interp, t, true, name, args)? {
                Value::Str(s) => Ok(Value::Bytes(s)),
                other => Ok(other),
            }
        }
        Value::List(items) => list_method(interp, items, name, args, frame),
        Value::Dict(entries) => dict_method(entries, name, args, frame, interp),
        Value::File { text, binary, .. } => Ok(match name {
            "read" => {
                if *binary {
                    Value::Bytes(text.clone())
                } else {
                    Value::Str(text.clone())
                }
            }
            "readlines" => Value::list(
                text.s
                    .split_inclusive('\n')
                    .map(|l| Value::Str(Text::derived(l, &[&text.origin])))
                    .collect(),
            ),
            "readline" => Value::Str(Text::derived(
                text.s.split_inclusive('\n').next().unwrap_or(""),
                &[&text.origin],
            )),
            "close" | "__exit__" => Value::None,
            "__enter__" => obj.clone(),
            _ => Value::opaque(format!("file.{name}()")),
        }),
        Value::Regex(compiled) => {
            let compiled = compiled.clone();
            regex_method(
                interp,
                &compiled.re,
                &compiled.pattern,
                compiled.flags,
                name,
                args,
            )
        }
        Value::Match(m) => Ok(match_method(m, name, &args)),
        Value::Path(p) => path_method(interp, p, name, args),
        Value::Env(EnvVar::SysPlatform) if name == "startswith" => {
            let Some(prefix) = args.positional.first().and_then(Value::as_str) else {
                return Ok(Value::opaque(
                    "sys.platform.startswith() of an unknown value",
                ));
            };
            let exact = match prefix {
                "win" | "win32" => Some("win32"),
                "linux" => Some("linux"),
                "darwin" => Some("darwin"),
                "cygwin" => Some("cygwin"),
                "java" => return Ok(Value::Bool(false)),
                "aix" => Some("aix"),
                _ => None,
            };
            Ok(match exact {
                Some(p) => Value::Marker(Marker::compare("sys_platform", "==", p)),
                None => Value::opaque(format!("sys.platform.startswith({prefix:?})")),
            })
        }
        _ => {
            let _ = (node, frame);
            Ok(Value::opaque(format!(
                "calls `.{name}()` of a `{}`",
                obj.type_name()
            )))
        }
    }
}

pub(super) fn match_method(m: &MatchValue, name: &str, args: &CallArgs) -> Value {
    let group = |v: &Value| -> Value {
        let index = match v {
            Value::Int(i) => Some(*i as usize),
            Value::Str(t) => m.names.iter().find(|(n, _)| *n == t.s).map(|(_, i)| *i),
            _ => None,
        };
        match index.and_then(|i| m.groups.get(i)) {
            Some(Some(s)) => Value::Str(Text {
                s: s.clone(),
                origin: m.origin.clone(),
            }),
            Some(None) => Value::None,
            None => Value::opaque("a group that does not exist"),
        }
    };
    match name {
        "group" => match args.positional.len() {
            0 => group(&Value::Int(0)),
            1 => group(&args.positional[0]),
            _ => Value::tuple(args.positional.iter().map(group).collect()),
        },
        "groups" => Value::tuple(
            (1..m.groups.len())
                .map(|i| group(&Value::Int(i as i64)))
                .collect(),
        ),
        "groupdict" => Value::dict(
            m.names
                .iter()
                .map(|(n, i)| Entry {
                    key: n.clone(),
                    value: group(&Value::Int(*i as i64)),
                    sites: vec![],
                })
                .collect(),
        ),
        _ => Value::opaque(format!("match.{name}()")),
    }
}

pub(super) fn str_method(
    interp: &mut Interp<'_>,
    t: &Text,
    bytes: bool,
    name: &str,
    args: CallArgs,
) -> R {
    let s = &t.s;
    let derived = |v: String| {
        Value::Str(Text {
            s: v,
            origin: Origin::combine([&t.origin]),
        })
    };
    let arg_str = |i: usize| args.positional.get(i).and_then(Value::as_str);
    let _ = bytes;
    Ok(match name {
        "strip" | "lstrip" | "rstrip" => {
            let Some(chars) = strip_chars(&args) else {
                return Ok(Value::opaque("strip() of unknown characters"));
            };
            let test = |c: char| match &chars {
                None => c.is_whitespace(),
                Some(set) => set.contains(&c),
            };
            let out = match name {
                "strip" => s.trim_matches(test),
                "lstrip" => s.trim_start_matches(test),
                _ => s.trim_end_matches(test),
            };
            if out.len() == s.len() {
                Value::Str(t.clone())
            } else {
                derived(out.to_owned())
            }
        }
        "split" | "rsplit" => {
            let sep = args.get(0, "sep").cloned();
            let maxsplit = match args.get(1, "maxsplit") {
                Some(Value::Int(n)) if *n >= 0 => Some(*n as usize),
                _ => None,
            };
            let parts: Vec<String> = match sep {
                None | Some(Value::None) => {
                    let words: Vec<&str> = s.split_whitespace().collect();
                    match maxsplit {
                        Some(n) if n < words.len() && name == "split" => {
                            // Keep the remainder of the string as the last part.
                            let mut out: Vec<String> = Vec::new();
                            let mut rest = s.trim_start();
                            for _ in 0..n {
                                let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                                out.push(rest[..end].to_owned());
                                rest = rest[end..].trim_start();
                            }
                            out.push(rest.to_owned());
                            out
                        }
                        _ => words.into_iter().map(str::to_owned).collect(),
                    }
                }
                Some(Value::Str(sep)) if !sep.s.is_empty() => match (maxsplit, name) {
                    (Some(n), "split") => {
                        s.splitn(n + 1, sep.s.as_str()).map(str::to_owned).collect()
                    }
                    (Some(n), _) => {
                        let mut v: Vec<String> = s
                            .rsplitn(n + 1, sep.s.as_str())
                            .map(str::to_owned)
                            .collect();
                        v.reverse();
                        v
                    }
                    (None, _) => s.split(sep.s.as_str()).map(str::to_owned).collect(),
                },
                _ => return Ok(Value::opaque("split() with an unknown separator")),
            };
            Value::list(parts.into_iter().map(derived).collect())
        }
        "splitlines" => {
            let keep = matches!(args.get(0, "keepends"), Some(Value::Bool(true)));
            let lines: Vec<String> = if keep {
                s.split_inclusive('\n').map(str::to_owned).collect()
            } else {
                s.lines().map(str::to_owned).collect()
            };
            Value::list(lines.into_iter().map(derived).collect())
        }
        "replace" => match (arg_str(0), arg_str(1)) {
            (Some(a), Some(b)) => {
                let out = match args.positional.get(2) {
                    Some(Value::Int(n)) if *n >= 0 => s.replacen(a, b, *n as usize),
                    _ => s.replace(a, b),
                };
                let origin_b = args.positional[1]
                    .as_text()
                    .map(|x| x.origin.clone())
                    .unwrap_or(Origin::Literal);
                Value::Str(Text {
                    s: out,
                    origin: Origin::combine([&t.origin, &origin_b]),
                })
            }
            _ => Value::opaque("replace() of unknown strings"),
        },
        "startswith" | "endswith" => {
            let candidates: Vec<String> = match args.positional.first() {
                Some(Value::Str(p)) => vec![p.s.clone()],
                Some(Value::Tuple(items)) => {
                    let v: Option<Vec<String>> = items
                        .iter()
                        .map(|i| i.value.as_str().map(str::to_owned))
                        .collect();
                    match v {
                        Some(v) => v,
                        None => return Ok(Value::opaque(format!("{name}() of unknown strings"))),
                    }
                }
                _ => return Ok(Value::opaque(format!("{name}() of an unknown string"))),
            };
            Value::Bool(candidates.iter().any(|c| {
                if name == "startswith" {
                    s.starts_with(c.as_str())
                } else {
                    s.ends_with(c.as_str())
                }
            }))
        }
        "lower" => derived(s.to_lowercase()),
        "upper" => derived(s.to_uppercase()),
        "casefold" => derived(s.to_lowercase()),
        "title" => derived(
            s.split(' ')
                .map(|w| {
                    let mut c = w.chars();
                    match c.next() {
                        Some(f) => {
                            f.to_uppercase().collect::<String>() + &c.as_str().to_lowercase()
                        }
                        None => String::new(),
                    }
                })
                .collect::<Vec<_>>()
                .join(" "),
        ),
        "capitalize" => {
            let mut c = s.chars();
            derived(match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + &c.as_str().to_lowercase(),
                None => String::new(),
            })
        }
        "encode" => Value::Bytes(t.clone()),
        "decode" => Value::Str(t.clone()),
        "format" => {
            let named: Vec<(String, Value)> = args
                .keywords
                .iter()
                .map(|(k, v, _)| (k.clone(), v.clone()))
                .collect();
            match strings::str_format(s, &args.positional, &named) {
                Some(out) => {
                    let mut origins = vec![t.origin.clone()];
                    for v in args.positional.iter().chain(named.iter().map(|(_, v)| v)) {
                        if let Value::Str(x) = v {
                            origins.push(x.origin.clone());
                        }
                    }
                    Value::Str(Text {
                        s: out,
                        origin: Origin::combine(origins.iter()),
                    })
                }
                None => Value::opaque(
                    args.positional
                        .iter()
                        .chain(named.iter().map(|(_, v)| v))
                        .find_map(Value::opaque_reason)
                        .unwrap_or_else(|| "str.format() snakeshift cannot evaluate".into()),
                ),
            }
        }
        "join" => {
            let Some(seq) = args.positional.first() else {
                return Ok(Value::opaque("join()"));
            };
            let Some(items) = interp.iterate(seq)? else {
                return Ok(Value::opaque(
                    seq.opaque_reason()
                        .unwrap_or_else(|| "join() of an unknown sequence".into()),
                ));
            };
            let mut parts = Vec::new();
            let mut origins = vec![t.origin.clone()];
            for i in &items {
                match i {
                    Value::Str(x) => {
                        parts.push(x.s.clone());
                        origins.push(x.origin.clone());
                    }
                    other => {
                        return Ok(Value::opaque(other.opaque_reason().unwrap_or_else(|| {
                            "join() of values that are not strings".into()
                        })));
                    }
                }
            }
            Value::Str(Text {
                s: parts.join(s),
                origin: Origin::combine(origins.iter()),
            })
        }
        "partition" | "rpartition" => match arg_str(0) {
            Some(sep) if !sep.is_empty() => {
                let found = if name == "partition" {
                    s.find(sep)
                } else {
                    s.rfind(sep)
                };
                let (a, b, c) = match found {
                    Some(i) => (&s[..i], sep, &s[i + sep.len()..]),
                    None if name == "partition" => (s.as_str(), "", ""),
                    None => ("", "", s.as_str()),
                };
                Value::tuple(vec![
                    derived(a.into()),
                    derived(b.into()),
                    derived(c.into()),
                ])
            }
            _ => Value::opaque("partition() of an unknown separator"),
        },
        "find" | "rfind" | "index" | "rindex" => match arg_str(0) {
            Some(sub) => {
                let found = if name.starts_with('r') {
                    s.rfind(sub)
                } else {
                    s.find(sub)
                };
                match found {
                    Some(i) => Value::Int(s[..i].chars().count() as i64),
                    None if name.ends_with("index") => {
                        return Err(Exc::Raise {
                            kind: "ValueError".into(),
                            message: "substring not found".into(),
                        });
                    }
                    None => Value::Int(-1),
                }
            }
            None => Value::opaque(format!("{name}() of an unknown string")),
        },
        "count" => match arg_str(0) {
            Some(sub) if !sub.is_empty() => Value::Int(s.matches(sub).count() as i64),
            _ => Value::opaque("count()"),
        },
        "removeprefix" => match arg_str(0) {
            Some(p) => derived(s.strip_prefix(p).unwrap_or(s).to_owned()),
            None => Value::opaque("removeprefix()"),
        },
        "removesuffix" => match arg_str(0) {
            Some(p) => derived(s.strip_suffix(p).unwrap_or(s).to_owned()),
            None => Value::opaque("removesuffix()"),
        },
        "isdigit" | "isnumeric" | "isdecimal" => {
            Value::Bool(!s.is_empty() && s.chars().all(|c| c.is_ascii_digit()))
        }
        "isspace" => Value::Bool(!s.is_empty() && s.chars().all(char::is_whitespace)),
        "isidentifier" => Value::Bool(
            s.chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_')
                && s.chars().all(|c| c.is_alphanumeric() || c == '_'),
        ),
        "zfill" => match args.positional.first() {
            Some(Value::Int(w)) => derived(format!("{:0>width$}", s, width = *w as usize)),
            _ => Value::opaque("zfill()"),
        },
        "expandtabs" => derived(s.replace('\t', "        ")),
        _ => Value::opaque(format!("str.{name}()")),
    })
}

pub(super) fn list_method(
    interp: &mut Interp<'_>,
    items: &Rc<RefCell<Vec<Item>>>,
    name: &str,
    args: CallArgs,
    frame: &Frame,
) -> R {
    let a0 = args.positional.first().cloned();
    Ok(match name {
        "append" => {
            let item = interp.guarded_item(a0.unwrap_or(Value::None), frame);
            items.borrow_mut().push(item);
            Value::None
        }
        "insert" => {
            let (Some(Value::Int(i)), Some(v)) = (args.positional.first(), args.positional.get(1))
            else {
                items
                    .borrow_mut()
                    .push(Item::new(Value::opaque("insert() at an unknown position")));
                return Ok(Value::None);
            };
            let item = interp.guarded_item(v.clone(), frame);
            let len = items.borrow().len() as i64;
            let at = if *i < 0 {
                (len + i).max(0)
            } else {
                (*i).min(len)
            } as usize;
            items.borrow_mut().insert(at, item);
            Value::None
        }
        "extend" => {
            let v = a0.unwrap_or(Value::None);
            let added: Vec<Item> = match (&v, interp.iterate(&v)?) {
                (Value::List(src), _) => src
                    .borrow()
                    .iter()
                    .map(|i| {
                        let mut g = interp.guarded_item(i.value.clone(), frame);
                        g.marker = match (i.marker.clone(), g.marker) {
                            (Some(a), Some(b)) => Some(a.and(b)),
                            (a, b) => a.or(b),
                        };
                        g
                    })
                    .collect(),
                (_, Some(values)) => values
                    .into_iter()
                    .map(|x| interp.guarded_item(x, frame))
                    .collect(),
                (_, None) => vec![Item::new(Value::opaque(
                    v.opaque_reason()
                        .unwrap_or_else(|| "extended with an unknown value".into()),
                ))],
            };
            items.borrow_mut().extend(added);
            Value::None
        }
        "remove" => {
            let target = a0.as_ref().and_then(strings::repr);
            let mut list = items.borrow_mut();
            match target.and_then(|t| {
                list.iter()
                    .position(|i| strings::repr(&i.value).as_deref() == Some(t.as_str()))
            }) {
                Some(pos) => {
                    list.remove(pos);
                }
                None => {
                    return Err(Exc::Raise {
                        kind: "ValueError".into(),
                        message: "list.remove(x): x not in list".into(),
                    });
                }
            }
            Value::None
        }
        "pop" => {
            let mut list = items.borrow_mut();
            let len = list.len() as i64;
            let i = match a0 {
                Some(Value::Int(i)) => {
                    if i < 0 {
                        len + i
                    } else {
                        i
                    }
                }
                None => len - 1,
                _ => return Ok(Value::opaque("pop() at an unknown position")),
            };
            if !(0..len).contains(&i) {
                return Err(Exc::Raise {
                    kind: "IndexError".into(),
                    message: "pop index out of range".into(),
                });
            }
            list.remove(i as usize).value
        }
        "copy" => Value::List(Rc::new(RefCell::new(items.borrow().clone()))),
        "sort" => {
            let mut list = items.borrow_mut();
            let all_str = list.iter().all(|i| matches!(i.value, Value::Str(_)));
            if !all_str || !args.keywords.is_empty() {
                list.clear();
                list.push(Item::new(Value::opaque(
                    "sorted in an order snakeshift cannot compute",
                )));
            } else {
                list.sort_by(|a, b| a.value.as_str().cmp(&b.value.as_str()));
            }
            Value::None
        }
        "reverse" => {
            items.borrow_mut().reverse();
            Value::None
        }
        "index" | "count" => {
            let target = a0.as_ref().and_then(strings::repr);
            let list = items.borrow();
            let matching: Vec<usize> = list
                .iter()
                .enumerate()
                .filter(|(_, i)| target.is_some() && strings::repr(&i.value) == target)
                .map(|(n, _)| n)
                .collect();
            if name == "count" {
                Value::Int(matching.len() as i64)
            } else {
                match matching.first() {
                    Some(i) => Value::Int(*i as i64),
                    None => {
                        return Err(Exc::Raise {
                            kind: "ValueError".into(),
                            message: "not in list".into(),
                        });
                    }
                }
            }
        }
        _ => Value::opaque(format!("list.{name}()")),
    })
}

pub(super) fn dict_method(
    entries: &Rc<RefCell<Vec<Entry>>>,
    name: &str,
    args: CallArgs,
    frame: &Frame,
    interp: &mut Interp<'_>,
) -> R {
    let key = args
        .positional
        .first()
        .and_then(Value::as_str)
        .map(str::to_owned);
    Ok(match name {
        "get" => {
            let Some(k) = key else {
                return Ok(Value::opaque("dict.get() of an unknown key"));
            };
            let found = entries
                .borrow()
                .iter()
                .find(|e| e.key == k)
                .map(|e| e.value.clone());
            found.unwrap_or_else(|| args.positional.get(1).cloned().unwrap_or(Value::None))
        }
        "setdefault" => {
            let Some(k) = key else {
                return Ok(Value::opaque("setdefault() of an unknown key"));
            };
            let found = entries
                .borrow()
                .iter()
                .find(|e| e.key == k)
                .map(|e| e.value.clone());
            match found {
                Some(v) => v,
                None => {
                    let v = args.positional.get(1).cloned().unwrap_or(Value::None);
                    let v = match &frame.local_guard() {
                        super::interp::Guard::Always => v,
                        _ => Value::opaque("set under a condition"),
                    };
                    entries.borrow_mut().push(Entry {
                        key: k,
                        value: v.clone(),
                        sites: vec![],
                    });
                    v
                }
            }
        }
        "pop" => {
            let Some(k) = key else {
                return Ok(Value::opaque("dict.pop() of an unknown key"));
            };
            let mut list = entries.borrow_mut();
            match list.iter().position(|e| e.key == k) {
                Some(i) => list.remove(i).value,
                None => match args.positional.get(1) {
                    Some(d) => d.clone(),
                    None => {
                        return Err(Exc::Raise {
                            kind: "KeyError".into(),
                            message: k,
                        });
                    }
                },
            }
        }
        "update" => {
            let mut new: Vec<Entry> = Vec::new();
            if let Some(first) = args.positional.first() {
                match first {
                    Value::Dict(other) => new.extend(other.borrow().iter().cloned()),
                    other => {
                        let reason = other
                            .opaque_reason()
                            .unwrap_or_else(|| "update() with an unknown mapping".into());
                        new.push(Entry {
                            key: "**".into(),
                            value: Value::opaque(reason),
                            sites: vec![],
                        });
                    }
                }
            }
            for (k, v, site) in args.keywords {
                new.push(Entry {
                    key: k,
                    value: v,
                    sites: site.into_iter().collect(),
                });
            }
            for e in new {
                let v = match &frame.local_guard() {
                    super::interp::Guard::Always => e.value,
                    _ => Value::opaque("set under a condition"),
                };
                for site in &e.sites {
                    super::interp::set_entry(entries, &e.key, v.clone(), Some(site.clone()));
                }
                if e.sites.is_empty() {
                    super::interp::set_entry(entries, &e.key, v, None);
                }
            }
            Value::None
        }
        "items" => Value::list(
            entries
                .borrow()
                .iter()
                .map(|e| Value::tuple(vec![Value::str(e.key.clone()), e.value.clone()]))
                .collect(),
        ),
        "keys" => Value::list(
            entries
                .borrow()
                .iter()
                .map(|e| Value::str(e.key.clone()))
                .collect(),
        ),
        "values" => Value::list(entries.borrow().iter().map(|e| e.value.clone()).collect()),
        "copy" => Value::Dict(Rc::new(RefCell::new(entries.borrow().clone()))),
        _ => {
            let _ = interp;
            Value::opaque(format!("dict.{name}()"))
        }
    })
}
