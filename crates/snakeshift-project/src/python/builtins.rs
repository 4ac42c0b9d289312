//! Known callables and methods: the builtins, `os.path`, `pathlib`, `re`, `io`/`codecs`
//! readers, `setuptools` helpers, and the methods of strings, lists, dicts, files and matches.

use super::interp::{CallArgs, Exc, Frame, Interp, R, absolute, normpath, project_relative, truth};
use super::marker::{Cond, Marker};
use super::pyregex::{self, Anchor};
use super::strings;
use super::value::{
    CompiledRegex, Entry, EnvVar, Extension, FindPackages, Item, MatchValue, Origin, Text, Value,
};
use std::cell::RefCell;
use std::rc::Rc;
use tree_sitter::Node;

/// Dotted names that are modules (so that attribute access keeps resolving).
pub fn is_submodule(qualified: &str) -> bool {
    matches!(
        qualified,
        "setuptools.command.build_ext"
            | "setuptools.command.build_py"
            | "setuptools.command.install"
            | "setuptools.command.sdist"
            | "setuptools.command.develop"
            | "setuptools.command.test"
            | "setuptools.command.egg_info"
            | "setuptools.command.build"
            | "distutils.command.build"
            | "distutils.command.build_ext"
            | "distutils.command.build_py"
            | "distutils.command.install"
            | "distutils.command.sdist"
            | "distutils.command.clean"
            | "distutils.util"
            | "distutils.sysconfig"
            | "distutils.errors"
            | "xml.etree"
            | "importlib.util"
            | "importlib.machinery"
            | "email.utils"
            | "urllib.request"
            | "concurrent.futures"
    )
}

fn text_arg(v: Option<&Value>) -> Option<Text> {
    match v? {
        Value::Str(t) => Some(t.clone()),
        _ => None,
    }
}

fn str_list(v: &Value, interp: &mut Interp<'_>) -> R<Option<Vec<String>>> {
    if let Value::Str(t) = v {
        return Ok(Some(vec![t.s.clone()]));
    }
    let Some(items) = interp.iterate(v)? else {
        return Ok(None);
    };
    Ok(items
        .iter()
        .map(|i| i.as_str().map(str::to_owned))
        .collect())
}

/// A path value as an absolute virtual path.
fn path_of(v: &Value) -> Option<String> {
    match v {
        Value::Str(t) => Some(if t.s.starts_with('/') {
            normpath(&t.s)
        } else {
            normpath(&format!("{}/{}", super::interp::ROOT, t.s))
        }),
        Value::Path(p) => Some(p.clone()),
        _ => None,
    }
}

/// The string form a path result takes: relative inputs stay relative.
fn path_result(s: String, like: &[&Value]) -> Value {
    let origins: Vec<&Origin> = like
        .iter()
        .filter_map(|v| v.as_text().map(|t| &t.origin))
        .collect();
    Value::Str(Text {
        s,
        origin: Origin::combine(origins),
    })
}

fn os_path_join(parts: &[String]) -> String {
    let mut out = String::new();
    for p in parts {
        if p.starts_with('/') {
            out = p.clone();
        } else if out.is_empty() || out.ends_with('/') {
            out.push_str(p);
        } else {
            out.push('/');
            out.push_str(p);
        }
    }
    out
}

fn dirname(p: &str) -> String {
    match p.rfind('/') {
        Some(0) => "/".into(),
        Some(i) => p[..i]
            .trim_end_matches('/')
            .to_owned()
            .max("/".into())
            .replace("//", "/"),
        None => String::new(),
    }
}

fn basename(p: &str) -> String {
    p.rsplit('/').next().unwrap_or(p).to_owned()
}

fn splitext(p: &str) -> (String, String) {
    let base = basename(p);
    match base.rfind('.') {
        Some(i) if i > 0 && !base[..i].chars().all(|c| c == '.') => {
            let cut = p.len() - (base.len() - i);
            (p[..cut].to_owned(), p[cut..].to_owned())
        }
        _ => (p.to_owned(), String::new()),
    }
}

fn read_file(interp: &mut Interp<'_>, path: &str, binary: bool) -> R {
    let Some(rel) = project_relative(path) else {
        return Ok(Value::opaque(format!(
            "reads `{path}`, outside the project"
        )));
    };
    match interp.files.read(&rel) {
        Some(text) => Ok(Value::File {
            path: rel.clone(),
            text: Text {
                s: text,
                origin: Origin::File(rel),
            },
            binary,
        }),
        None if interp.files.is_dir(&rel) => Err(Exc::Raise {
            kind: "IsADirectoryError".into(),
            message: rel,
        }),
        None if rel_exists_as_binary(interp, &rel) => Ok(Value::opaque(format!(
            "reads `{rel}`, which is not UTF-8 text"
        ))),
        None => Err(Exc::Raise {
            kind: "FileNotFoundError".into(),
            message: format!("No such file or directory: '{rel}'"),
        }),
    }
}

fn rel_exists_as_binary(interp: &Interp<'_>, rel: &str) -> bool {
    interp.files.is_file(rel)
}

fn open(interp: &mut Interp<'_>, args: &CallArgs) -> R {
    let Some(path) = args
        .get(0, "file")
        .or(args.get(0, "filename"))
        .and_then(path_of)
    else {
        return Ok(Value::opaque("opens a file whose name is not known"));
    };
    let mode = args
        .get(1, "mode")
        .and_then(Value::as_str)
        .unwrap_or("r")
        .to_owned();
    if mode.contains(['w', 'a', 'x', '+']) {
        return Ok(Value::opaque(format!("writes `{path}`")));
    }
    // `codecs.open(path, "rb", "utf-8")` decodes: text despite the "b".
    let decoded = args
        .get(2, "encoding")
        .is_some_and(|e| !matches!(e, Value::None));
    read_file(interp, &path, mode.contains('b') && !decoded)
}

/// Calls a known callable by qualified name.
pub fn call_builtin(
    interp: &mut Interp<'_>,
    name: &str,
    args: CallArgs,
    node: Node<'_>,
    frame: &mut Frame,
) -> R {
    let name = name
        .strip_prefix("builtins.")
        .or_else(|| name.strip_prefix("distutils.core."))
        .map_or(name.to_owned(), |n| match n {
            "setup" => "distutils.core.setup".to_owned(),
            other => other.to_owned(),
        });
    let a0 = args.positional.first().cloned();
    Ok(match name.as_str() {
        "open" | "io.open" | "codecs.open" => open(interp, &args)?,
        "print" => Value::None,
        "len" => match a0 {
            Some(Value::Str(t)) => Value::Int(t.s.chars().count() as i64),
            Some(v) => match v.items().or_else(|| {
                v.entries().map(|e| {
                    e.into_iter()
                        .map(|e| Item::new(Value::str(e.key)))
                        .collect()
                })
            }) {
                Some(items) => Value::Int(items.len() as i64),
                None => Value::opaque("len() of an unknown value"),
            },
            None => Value::opaque("len()"),
        },
        "str" => match &a0 {
            None => Value::str(""),
            Some(Value::Bytes(t)) => Value::Str(Text::derived(
                format!("b{}", strings::repr_str(&t.s)),
                &[&t.origin],
            )),
            Some(v) => match strings::to_str(v) {
                Some(s) => Value::Str(Text {
                    s,
                    origin: v.as_text().map_or(Origin::Literal, |t| t.origin.clone()),
                }),
                None => Value::opaque(
                    v.opaque_reason()
                        .unwrap_or_else(|| "str() of an unknown value".into()),
                ),
            },
        },
        "repr" => match a0.as_ref().and_then(strings::repr) {
            Some(s) => Value::str(s),
            None => Value::opaque("repr() of an unknown value"),
        },
        "int" => match &a0 {
            Some(Value::Str(t)) => {
                t.s.trim()
                    .parse()
                    .map(Value::Int)
                    .unwrap_or_else(|_| Value::opaque("int() of a non-number"))
            }
            Some(Value::Int(i)) => Value::Int(*i),
            Some(Value::Float(x)) => Value::Int(x.trunc() as i64),
            Some(Value::Bool(b)) => Value::Int(i64::from(*b)),
            _ => Value::opaque("int() of an unknown value"),
        },
        "float" => match &a0 {
            Some(Value::Str(t)) => {
                t.s.trim()
                    .parse()
                    .map(Value::Float)
                    .unwrap_or_else(|_| Value::opaque("float() of a non-number"))
            }
            Some(Value::Int(i)) => Value::Float(*i as f64),
            Some(Value::Float(x)) => Value::Float(*x),
            _ => Value::opaque("float() of an unknown value"),
        },
        "bool" => match a0.as_ref().map(truth) {
            Some(Cond::Known(b)) => Value::Bool(b),
            None => Value::Bool(false),
            Some(Cond::Marker(m)) => Value::Marker(m),
            Some(Cond::Unknown(r)) => Value::opaque(r),
        },
        "list" | "tuple" | "set" | "frozenset" | "sorted" | "reversed" => {
            let items = match &a0 {
                None => Some(Vec::new()),
                Some(v) => {
                    if let Value::List(l) = v
                        && matches!(name.as_str(), "list" | "tuple")
                    {
                        Some(l.borrow().clone())
                    } else {
                        interp
                            .iterate(v)?
                            .map(|vs| vs.into_iter().map(Item::new).collect())
                    }
                }
            };
            let Some(mut items) = items else {
                return Ok(Value::opaque(
                    a0.and_then(|v| v.opaque_reason())
                        .unwrap_or_else(|| format!("{name}() of an unknown value")),
                ));
            };
            match name.as_str() {
                "sorted" => {
                    let key = args.keywords.iter().any(|(k, _, _)| k == "key");
                    let mut keys: Vec<(String, Item)> = Vec::new();
                    for i in items {
                        match (&i.value, key) {
                            (Value::Str(t), false) => keys.push((t.s.clone(), i.clone())),
                            _ => {
                                return Ok(Value::opaque(
                                    "sorted() of values snakeshift cannot order",
                                ));
                            }
                        }
                    }
                    keys.sort_by(|a, b| a.0.cmp(&b.0));
                    if args
                        .keywords
                        .iter()
                        .any(|(k, v, _)| k == "reverse" && matches!(v, Value::Bool(true)))
                    {
                        keys.reverse();
                    }
                    Value::List(Rc::new(RefCell::new(
                        keys.into_iter().map(|(_, i)| i).collect(),
                    )))
                }
                "reversed" => {
                    items.reverse();
                    Value::List(Rc::new(RefCell::new(items)))
                }
                "set" | "frozenset" => {
                    let mut seen: Vec<String> = Vec::new();
                    items.retain(|i| {
                        let key = strings::repr(&i.value).unwrap_or_default();
                        if seen.contains(&key) {
                            false
                        } else {
                            seen.push(key);
                            true
                        }
                    });
                    Value::List(Rc::new(RefCell::new(items)))
                }
                "tuple" => Value::Tuple(Rc::new(items)),
                _ => Value::List(Rc::new(RefCell::new(items))),
            }
        }
        "dict" => {
            let mut entries: Vec<Entry> = Vec::new();
            if let Some(first) = &a0 {
                match first {
                    Value::Dict(d) => entries = d.borrow().clone(),
                    other => match interp.iterate(other)? {
                        Some(pairs) => {
                            for p in pairs {
                                let Some(kv) = p.items().filter(|kv| kv.len() == 2) else {
                                    return Ok(Value::opaque(
                                        "dict() of values that are not pairs",
                                    ));
                                };
                                let Some(k) = kv[0].value.as_str() else {
                                    return Ok(Value::opaque(
                                        "dict() with keys that are not strings",
                                    ));
                                };
                                entries.push(Entry {
                                    key: k.to_owned(),
                                    value: kv[1].value.clone(),
                                    sites: vec![],
                                });
                            }
                        }
                        None => return Ok(Value::opaque("dict() of an unknown value")),
                    },
                }
            }
            let dict = Rc::new(RefCell::new(entries));
            for (k, v, site) in args.keywords {
                if k == "**" {
                    return Ok(v);
                }
                super::interp::set_entry(&dict, &k, v, site);
            }
            Value::Dict(dict)
        }
        "map" => {
            let (Some(f), Some(seq)) = (
                args.positional.first().cloned(),
                args.positional.get(1).cloned(),
            ) else {
                return Ok(Value::opaque("map() with unexpected arguments"));
            };
            let Some(items) = interp.iterate(&seq)? else {
                return Ok(Value::opaque(
                    seq.opaque_reason()
                        .unwrap_or_else(|| "map() over an unknown value".into()),
                ));
            };
            let mut out = Vec::new();
            for i in items {
                let call_args = CallArgs {
                    positional: vec![i],
                    keywords: vec![],
                };
                out.push(interp.call(f.clone(), call_args, node, frame)?);
            }
            Value::list(out)
        }
        "filter" => {
            let (Some(f), Some(seq)) = (
                args.positional.first().cloned(),
                args.positional.get(1).cloned(),
            ) else {
                return Ok(Value::opaque("filter() with unexpected arguments"));
            };
            let Some(items) = interp.iterate(&seq)? else {
                return Ok(Value::opaque("filter() over an unknown value"));
            };
            let mut out = Vec::new();
            for i in items {
                let keep = if matches!(f, Value::None) {
                    truth(&i)
                } else {
                    let r = interp.call(
                        f.clone(),
                        CallArgs {
                            positional: vec![i.clone()],
                            keywords: vec![],
                        },
                        node,
                        frame,
                    )?;
                    truth(&r)
                };
                match keep {
                    Cond::Known(true) => out.push(i),
                    Cond::Known(false) => {}
                    _ => return Ok(Value::opaque("filter() with an unknown predicate")),
                }
            }
            Value::list(out)
        }
        "enumerate" => match a0.as_ref() {
            Some(v) => match interp.iterate(v)? {
                Some(items) => Value::list(
                    items
                        .into_iter()
                        .enumerate()
                        .map(|(i, v)| Value::tuple(vec![Value::Int(i as i64), v]))
                        .collect(),
                ),
                None => Value::opaque("enumerate() of an unknown value"),
            },
            None => Value::opaque("enumerate()"),
        },
        "zip" => {
            let mut columns = Vec::new();
            for v in &args.positional {
                match interp.iterate(v)? {
                    Some(items) => columns.push(items),
                    None => return Ok(Value::opaque("zip() of an unknown value")),
                }
            }
            let n = columns.iter().map(Vec::len).min().unwrap_or(0);
            Value::list(
                (0..n)
                    .map(|i| Value::tuple(columns.iter().map(|c| c[i].clone()).collect()))
                    .collect(),
            )
        }
        "range" => {
            let ints: Option<Vec<i64>> = args
                .positional
                .iter()
                .map(|v| match v {
                    Value::Int(i) => Some(*i),
                    _ => None,
                })
                .collect();
            match ints.as_deref() {
                Some([stop]) if *stop <= 10_000 => {
                    Value::list((0..*stop).map(Value::Int).collect())
                }
                Some([start, stop]) if stop - start <= 10_000 => {
                    Value::list((*start..*stop).map(Value::Int).collect())
                }
                _ => Value::opaque("range() snakeshift does not expand"),
            }
        }
        "sum" => {
            let Some(seq) = a0 else {
                return Ok(Value::opaque("sum()"));
            };
            let Some(items) = interp.iterate(&seq)? else {
                return Ok(Value::opaque("sum() of an unknown value"));
            };
            let mut acc = args.get(1, "start").cloned().unwrap_or(Value::Int(0));
            for i in items {
                acc = interp.binary("+", acc, i)?;
            }
            acc
        }
        "any" | "all" => {
            let Some(seq) = a0 else {
                return Ok(Value::opaque(format!("{name}()")));
            };
            let Some(items) = interp.iterate(&seq)? else {
                return Ok(Value::opaque(format!("{name}() of an unknown value")));
            };
            let mut result = Cond::Known(name == "all");
            for i in items {
                result = if name == "all" {
                    result.and(truth(&i))
                } else {
                    result.or(truth(&i))
                };
            }
            match result {
                Cond::Known(b) => Value::Bool(b),
                Cond::Marker(m) => Value::Marker(m),
                Cond::Unknown(r) => Value::opaque(r),
            }
        }
        "exec" | "execfile" => exec(interp, &name, args, frame)?,
        "compile" => a0.unwrap_or(Value::None),
        "hasattr" => match (
            args.positional.first(),
            args.positional.get(1).and_then(Value::as_str),
        ) {
            // The idioms for "running on PyPy".
            (Some(Value::Module(m)), Some("pypy_translation_info" | "pypy_version_info"))
                if m == "sys" =>
            {
                Value::Marker(Marker::compare(
                    "platform_python_implementation",
                    "==",
                    "PyPy",
                ))
            }
            _ => Value::opaque("hasattr()"),
        },
        "getattr" => match (
            args.positional.first(),
            args.positional.get(1).and_then(Value::as_str),
        ) {
            (Some(obj @ (Value::Module(_) | Value::ProjectModule(_))), Some(attr)) => {
                let attr = attr.to_owned();
                interp.attribute_of(obj, &attr, node, frame)?
            }
            _ => Value::opaque("getattr()"),
        },
        "exit" | "quit" | "sys.exit" | "os._exit" => {
            if matches!(frame.local_guard(), super::interp::Guard::Always) {
                return Err(Exc::Raise {
                    kind: "SystemExit".into(),
                    message: "exit".into(),
                });
            }
            // Exits only under a condition: what follows runs under the opposite one.
            Value::None
        }
        "os.path.join" => {
            let parts: Option<Vec<String>> = args
                .positional
                .iter()
                .map(|v| strings::to_str(v).filter(|_| matches!(v, Value::Str(_) | Value::Path(_))))
                .collect();
            match parts {
                Some(p) => path_result(
                    os_path_join(&p),
                    &args.positional.iter().collect::<Vec<_>>(),
                ),
                None => Value::opaque("os.path.join() of unknown parts"),
            }
        }
        "os.path.dirname" | "os.path.basename" | "os.path.abspath" | "os.path.realpath"
        | "os.path.normpath" | "os.path.expanduser" => {
            let Some(v) = a0 else {
                return Ok(Value::opaque(name));
            };
            let Some(p) =
                strings::to_str(&v).filter(|_| matches!(v, Value::Str(_) | Value::Path(_)))
            else {
                return Ok(Value::opaque(format!("{name}() of an unknown path")));
            };
            let s = match name.as_str() {
                "os.path.dirname" => dirname(&p),
                "os.path.basename" => basename(&p),
                "os.path.normpath" => normpath(&p),
                "os.path.expanduser" => p,
                _ => path_of(&Value::str(p)).unwrap(),
            };
            path_result(s, &[&v])
        }
        "os.path.split" => match a0.as_ref().and_then(Value::as_str) {
            Some(p) => {
                let (head, tail) = match p.rfind('/') {
                    Some(i) => {
                        let head = p[..i].trim_end_matches('/');
                        (if head.is_empty() { &p[..=i] } else { head }, &p[i + 1..])
                    }
                    None => ("", p),
                };
                let origin = a0
                    .as_ref()
                    .and_then(Value::as_text)
                    .map_or(Origin::Literal, |t| t.origin.clone());
                Value::tuple(vec![
                    Value::Str(Text {
                        s: head.to_owned(),
                        origin: origin.clone(),
                    }),
                    Value::Str(Text {
                        s: tail.to_owned(),
                        origin,
                    }),
                ])
            }
            None => Value::opaque("os.path.split() of an unknown path"),
        },
        "os.path.splitext" => match a0.as_ref().and_then(Value::as_str) {
            Some(p) => {
                let (a, b) = splitext(p);
                Value::tuple(vec![Value::str(a), Value::str(b)])
            }
            None => Value::opaque("splitext() of an unknown path"),
        },
        "os.path.exists" | "os.path.isfile" | "os.path.isdir" | "os.path.lexists" => {
            let Some(rel) = a0
                .as_ref()
                .and_then(path_of)
                .and_then(|p| project_relative(&p))
            else {
                return Ok(Value::opaque(format!(
                    "{name}() of a path outside the project"
                )));
            };
            let file = interp.files.is_file(&rel);
            let dir = interp.files.is_dir(&rel);
            Value::Bool(match name.as_str() {
                "os.path.isfile" => file,
                "os.path.isdir" => dir,
                _ => file || dir,
            })
        }
        "os.getcwd" => Value::str(super::interp::ROOT),
        "os.listdir" => {
            let p = a0
                .as_ref()
                .map_or_else(|| Some(super::interp::ROOT.to_owned()), path_of);
            match p
                .and_then(|p| project_relative(&p))
                .and_then(|rel| interp.files.list(&rel))
            {
                Some(entries) => {
                    Value::list(entries.into_iter().map(|e| Value::str(e.name)).collect())
                }
                None => Value::opaque("os.listdir() of an unknown directory"),
            }
        }
        "glob.glob" | "glob.iglob" => {
            let Some(pattern) = a0.as_ref().and_then(Value::as_str) else {
                return Ok(Value::opaque("glob() of an unknown pattern"));
            };
            let recursive = args
                .keywords
                .iter()
                .any(|(k, v, _)| k == "recursive" && matches!(v, Value::Bool(true)));
            let absolute_pattern = pattern.starts_with('/');
            let Some(rel) = project_relative(pattern) else {
                return Ok(Value::opaque("glob() outside the project"));
            };
            let found = crate::glob::glob(interp.files, &rel, recursive);
            // What a glob finds depends on the files present at build time.
            let origin = Origin::Derived(vec![rel.clone()]);
            Value::list(
                found
                    .into_iter()
                    .map(|p| {
                        Value::Str(Text {
                            s: if absolute_pattern { absolute(&p) } else { p },
                            origin: origin.clone(),
                        })
                    })
                    .collect(),
            )
        }
        "os.environ.get" | "os.getenv" => {
            let var = a0.as_ref().and_then(Value::as_str).unwrap_or("?");
            Value::opaque(format!("the environment variable `{var}`"))
        }
        "sys.path.insert" | "sys.path.append" => {
            let dir = if name.ends_with("insert") {
                args.positional.get(1)
            } else {
                a0.as_ref()
            };
            if let Some(rel) = dir.and_then(path_of).and_then(|p| project_relative(&p)) {
                interp.add_sys_path(rel);
            }
            Value::None
        }
        "pathlib.Path" | "pathlib.PurePath" | "pathlib.PosixPath" | "pathlib.PurePosixPath" => {
            let parts: Option<Vec<String>> = args
                .positional
                .iter()
                .map(|v| match v {
                    Value::Str(t) => Some(t.s.clone()),
                    Value::Path(p) => Some(p.clone()),
                    _ => None,
                })
                .collect();
            match parts {
                Some(p) if p.is_empty() => Value::Path(super::interp::ROOT.to_owned()),
                Some(p) => Value::Path(path_of(&Value::str(os_path_join(&p))).unwrap()),
                None => Value::opaque("a path that is not known"),
            }
        }
        "platform.system" => Value::Env(EnvVar::PlatformSystem),
        // Only the major version is the same on every supported Python.
        "platform.python_version_tuple" => Value::tuple(vec![
            Value::str("3"),
            Value::opaque("the minor version of the Python running setup.py"),
            Value::opaque("the micro version of the Python running setup.py"),
        ]),
        "platform.python_implementation" => Value::Env(EnvVar::Implementation),
        "setuptools.find_packages"
        | "setuptools.find_namespace_packages"
        | "setuptools.PEP420PackageFinder.find"
        | "setuptools.PackageFinder.find"
        | "setuptools.discovery.find_packages" => {
            let namespaces = name.contains("namespace") || name.contains("PEP420");
            let where_ = match args.get(0, "where") {
                None => ".".to_owned(),
                Some(v) => match path_of(v).and_then(|p| project_relative(&p)) {
                    Some(rel) if rel.is_empty() => ".".to_owned(),
                    Some(rel) => rel,
                    None => return Ok(Value::opaque("find_packages() of an unknown directory")),
                },
            };
            let exclude = match args.get(1, "exclude") {
                None => Vec::new(),
                Some(v) => match str_list(v, interp)? {
                    Some(l) => l,
                    None => return Ok(Value::opaque("find_packages() with unknown exclusions")),
                },
            };
            let include = match args.get(2, "include") {
                None => vec!["*".to_owned()],
                Some(v) => match str_list(v, interp)? {
                    Some(l) => l,
                    None => return Ok(Value::opaque("find_packages() with unknown inclusions")),
                },
            };
            Value::FindPackages(Rc::new(FindPackages {
                namespaces,
                where_,
                exclude,
                include,
            }))
        }
        "setuptools.Extension"
        | "setuptools.extension.Extension"
        | "distutils.core.Extension"
        | "distutils.extension.Extension"
        | "Extension" => extension(args),
        "re.compile" | "re.search" | "re.match" | "re.fullmatch" | "re.findall" | "re.sub"
        | "re.split" => regex_call(interp, &name, args)?,
        // Loading a module of the project by name or path: read statically.
        "__import__" | "importlib.import_module" => match a0.as_ref().and_then(Value::as_str) {
            Some(name) => {
                let name = name.to_owned();
                interp.import_module(&name, node, frame)?
            }
            None => Value::opaque("an import of a module whose name is not known"),
        },
        "imp.load_source" | "importlib.machinery.SourceFileLoader" | "runpy.run_path" => {
            let path_arg = if name == "runpy.run_path" {
                args.get(0, "path_name")
            } else {
                args.get(1, "pathname").or(args.get(1, "path"))
            };
            match path_arg
                .and_then(path_of)
                .and_then(|p| project_relative(&p))
            {
                Some(rel) if interp.files.is_file(&rel) => {
                    interp.note_read_module(&rel);
                    match name.as_str() {
                        "runpy.run_path" => {
                            let env = interp.module_env(&rel)?;
                            let mut names: Vec<(String, Value)> = env
                                .borrow()
                                .iter()
                                .map(|(k, v)| (k.clone(), v.clone()))
                                .collect();
                            names.sort_by(|a, b| a.0.cmp(&b.0));
                            Value::dict(
                                names
                                    .into_iter()
                                    .map(|(key, value)| Entry {
                                        key,
                                        value,
                                        sites: vec![],
                                    })
                                    .collect(),
                            )
                        }
                        "importlib.machinery.SourceFileLoader" => {
                            Value::Builtin(format!("loader:{rel}"))
                        }
                        _ => Value::ProjectModule(rel),
                    }
                }
                _ => Value::opaque(format!("{name}() of a file snakeshift cannot find")),
            }
        }
        "ast.literal_eval" => match a0 {
            Some(Value::Str(t)) => match interp.literal_eval(&t.s) {
                Some(Value::Str(inner)) => Value::Str(Text {
                    s: inner.s,
                    origin: Origin::combine([&t.origin]),
                }),
                Some(v) => v,
                None => Value::opaque("ast.literal_eval() of something that is not a literal"),
            },
            _ => Value::opaque("ast.literal_eval() of an unknown value"),
        },
        "textwrap.dedent" | "inspect.cleandoc" => match a0 {
            Some(Value::Str(t)) if name == "textwrap.dedent" => Value::Str(Text {
                s: dedent(&t.s),
                origin: Origin::combine([&t.origin]),
            }),
            _ => Value::opaque(format!("{name}()")),
        },
        loader if loader.starts_with("loader:") && loader.ends_with(".load_module") => {
            let rel = loader
                .trim_start_matches("loader:")
                .trim_end_matches(".load_module");
            Value::ProjectModule(rel.to_owned())
        }
        _ => {
            let _ = frame;
            Value::opaque(format!("calls `{name}()`"))
        }
    })
}

fn dedent(s: &str) -> String {
    let margin = s
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    s.split_inclusive('\n')
        .map(|l| {
            if l.trim().is_empty() {
                l.trim_start_matches([' ', '\t']).to_owned()
            } else {
                l[margin.min(l.len())..].to_owned()
            }
        })
        .collect()
}

fn exec(interp: &mut Interp<'_>, name: &str, args: CallArgs, frame: &mut Frame) -> R {
    let code = match (name, args.positional.first()) {
        ("execfile", Some(v)) => match path_of(v) {
            Some(p) => match read_file(interp, &p, false)? {
                Value::File { text, .. } => text,
                _ => return Ok(Value::opaque("execfile() of an unknown file")),
            },
            None => return Ok(Value::opaque("execfile() of an unknown file")),
        },
        (_, Some(Value::Str(t))) => t.clone(),
        (_, Some(Value::Bytes(t))) => t.clone(),
        _ => {
            // Unknown code may rebind any name of the namespace it runs in.
            let reason = "may be changed by exec() of code snakeshift cannot see";
            let target = match args.positional.get(1) {
                Some(Value::Dict(d)) => {
                    for e in d.borrow_mut().iter_mut() {
                        e.value = Value::opaque(reason);
                    }
                    return Ok(Value::None);
                }
                Some(_) => return Ok(Value::opaque(reason)),
                None => frame.globals.clone(),
            };
            for v in target.borrow_mut().values_mut() {
                if !matches!(
                    v,
                    Value::Module(_)
                        | Value::ProjectModule(_)
                        | Value::Builtin(_)
                        | Value::Function(_)
                        | Value::Class(_)
                ) {
                    *v = Value::opaque(reason);
                }
            }
            return Ok(Value::None);
        }
    };
    let path = match &code.origin {
        Origin::File(p) => p.clone(),
        _ => "<exec>".to_owned(),
    };
    if matches!(code.origin, Origin::File(_)) {
        interp.note_read_module(&path);
    }
    match args.positional.get(1) {
        Some(Value::Dict(target)) => {
            let env = Rc::new(RefCell::new(std::collections::HashMap::new()));
            interp.exec_source(&path, &code.s, env.clone())?;
            let mut names: Vec<(String, Value)> = env
                .borrow()
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            names.sort_by(|a, b| a.0.cmp(&b.0));
            for (k, v) in names {
                super::interp::set_entry(target, &k, v, None);
            }
        }
        None => {
            interp.exec_source(&path, &code.s, frame.globals.clone())?;
        }
        Some(_) => return Ok(Value::opaque("exec() into an unknown namespace")),
    }
    Ok(Value::None)
}

const EXTENSION_PARAMS: [&str; 16] = [
    "name",
    "sources",
    "include_dirs",
    "define_macros",
    "undef_macros",
    "library_dirs",
    "libraries",
    "runtime_library_dirs",
    "extra_objects",
    "extra_compile_args",
    "extra_link_args",
    "export_symbols",
    "swig_opts",
    "depends",
    "language",
    "optional",
];

fn extension(args: CallArgs) -> Value {
    let mut name = Value::opaque("an extension without a name");
    let mut options = Vec::new();
    for (i, v) in args.positional.into_iter().enumerate() {
        match EXTENSION_PARAMS.get(i) {
            Some(&"name") => name = v,
            Some(p) => options.push(((*p).to_owned(), v)),
            None => options.push((
                "?".to_owned(),
                Value::opaque("an unexpected positional argument"),
            )),
        }
    }
    for (k, v, _) in args.keywords {
        if k == "name" {
            name = v;
        } else {
            options.push((k, v));
        }
    }
    Value::Extension(Rc::new(Extension { name, options }))
}

fn flags(v: Option<&Value>) -> Option<i64> {
    match v {
        None => Some(0),
        Some(Value::Int(i)) => Some(*i),
        _ => None,
    }
}

fn regex_call(interp: &mut Interp<'_>, name: &str, args: CallArgs) -> R {
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

fn regex_method(
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
        getattr(obj, name)
    }
}

fn strip_chars(args: &CallArgs) -> Option<Option<Vec<char>>> {
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

fn match_method(m: &MatchValue, name: &str, args: &CallArgs) -> Value {
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

fn path_method(interp: &mut Interp<'_>, p: &str, name: &str, args: CallArgs) -> R {
    Ok(match name {
        "resolve" | "absolute" | "expanduser" => Value::Path(p.to_owned()),
        "joinpath" => {
            let mut out = p.to_owned();
            for v in &args.positional {
                match v {
                    Value::Str(t) => out = normpath(&os_path_join(&[out, t.s.clone()])),
                    Value::Path(q) => out = q.clone(),
                    _ => return Ok(Value::opaque("joinpath() of an unknown part")),
                }
            }
            Value::Path(out)
        }
        "read_text" | "read_bytes" | "open" => {
            if name == "open" {
                let mode = args
                    .get(0, "mode")
                    .and_then(Value::as_str)
                    .unwrap_or("r")
                    .to_owned();
                if mode.contains(['w', 'a', 'x', '+']) {
                    return Ok(Value::opaque(format!("writes `{p}`")));
                }
                return read_file(interp, p, mode.contains('b'));
            }
            match read_file(interp, p, name == "read_bytes")? {
                Value::File { text, binary, .. } => {
                    if binary {
                        Value::Bytes(text)
                    } else {
                        Value::Str(text)
                    }
                }
                other => other,
            }
        }
        "exists" | "is_file" | "is_dir" => match project_relative(p) {
            Some(rel) => {
                let file = interp.files.is_file(&rel);
                let dir = interp.files.is_dir(&rel);
                Value::Bool(match name {
                    "is_file" => file,
                    "is_dir" => dir,
                    _ => file || dir,
                })
            }
            None => Value::opaque("a path outside the project"),
        },
        "as_posix" | "__str__" | "__fspath__" => Value::str(p),
        "with_suffix" => match args.positional.first().and_then(Value::as_str) {
            Some(s) => Value::Path(format!("{}{s}", splitext(p).0)),
            None => Value::opaque("with_suffix() of an unknown suffix"),
        },
        "with_name" => match args.positional.first().and_then(Value::as_str) {
            Some(s) => Value::Path(os_path_join(&[dirname(p), s.to_owned()])),
            None => Value::opaque("with_name() of an unknown name"),
        },
        "glob" | "rglob" => {
            let Some(pattern) = args.positional.first().and_then(Value::as_str) else {
                return Ok(Value::opaque("Path.glob() of an unknown pattern"));
            };
            let Some(rel) = project_relative(p) else {
                return Ok(Value::opaque("Path.glob() outside the project"));
            };
            let full = if name == "rglob" {
                format!("{rel}/**/{pattern}")
            } else {
                format!("{rel}/{pattern}")
            };
            let full = full.trim_start_matches('/').to_owned();
            Value::list(
                crate::glob::glob(interp.files, &full, true)
                    .into_iter()
                    .map(|f| Value::Path(absolute(&f)))
                    .collect(),
            )
        }
        _ => Value::opaque(format!("Path.{name}()")),
    })
}

fn str_method(interp: &mut Interp<'_>, t: &Text, bytes: bool, name: &str, args: CallArgs) -> R {
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

fn list_method(
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

fn dict_method(
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

impl Interp<'_> {
    /// `left op right`.
    pub fn binary(&mut self, op: &str, left: Value, right: Value) -> R {
        // `find_packages() + [...]`: the packages as a list.
        let concrete = |interp: &mut Self, v: Value| -> R {
            Ok(match v {
                Value::FindPackages(_) => Value::list(interp.iterate(&v)?.unwrap_or_default()),
                v => v,
            })
        };
        let left = concrete(self, left)?;
        let right = concrete(self, right)?;
        if let Some(r) = left
            .opaque_reason()
            .filter(|_| left.is_opaque())
            .or_else(|| right.opaque_reason().filter(|_| right.is_opaque()))
        {
            return Ok(Value::opaque(r));
        }
        Ok(match (op, &left, &right) {
            ("+", Value::Str(a), Value::Str(b)) => Value::Str(Text {
                s: format!("{}{}", a.s, b.s),
                origin: Origin::combine([&a.origin, &b.origin]),
            }),
            ("+", Value::Bytes(a), Value::Bytes(b)) => Value::Bytes(Text {
                s: format!("{}{}", a.s, b.s),
                origin: Origin::combine([&a.origin, &b.origin]),
            }),
            ("+", Value::List(a), Value::List(b)) => {
                let mut items = a.borrow().clone();
                items.extend(b.borrow().iter().cloned());
                Value::List(Rc::new(RefCell::new(items)))
            }
            ("+", Value::Tuple(a), Value::Tuple(b)) => {
                let mut items = a.as_ref().clone();
                items.extend(b.iter().cloned());
                Value::Tuple(Rc::new(items))
            }
            ("+", Value::Int(a), Value::Int(b)) => Value::Int(a.wrapping_add(*b)),
            ("-", Value::Int(a), Value::Int(b)) => Value::Int(a.wrapping_sub(*b)),
            ("*", Value::Int(a), Value::Int(b)) => Value::Int(a.wrapping_mul(*b)),
            ("//", Value::Int(a), Value::Int(b)) if *b != 0 => Value::Int(a.div_euclid(*b)),
            ("%", Value::Int(a), Value::Int(b)) if *b != 0 => Value::Int(a.rem_euclid(*b)),
            (
                "+" | "-" | "*" | "/",
                Value::Int(_) | Value::Float(_),
                Value::Int(_) | Value::Float(_),
            ) => {
                let f = |v: &Value| match v {
                    Value::Int(i) => *i as f64,
                    Value::Float(x) => *x,
                    _ => 0.0,
                };
                let (a, b) = (f(&left), f(&right));
                Value::Float(match op {
                    "+" => a + b,
                    "-" => a - b,
                    "*" => a * b,
                    _ => a / b,
                })
            }
            ("*", Value::Str(a), Value::Int(n)) => Value::Str(Text {
                s: a.s.repeat((*n).max(0) as usize),
                origin: a.origin.clone(),
            }),
            ("*", Value::List(a), Value::Int(n)) => {
                let items = a.borrow();
                let mut out = Vec::new();
                for _ in 0..(*n).max(0) {
                    out.extend(items.iter().cloned());
                }
                Value::List(Rc::new(RefCell::new(out)))
            }
            ("%", Value::Str(t), args) => match strings::percent_format(&t.s, args) {
                Some(s) => {
                    let mut origins = vec![t.origin.clone()];
                    match args {
                        Value::Str(a) => origins.push(a.origin.clone()),
                        Value::Tuple(items) => origins.extend(
                            items
                                .iter()
                                .filter_map(|i| i.value.as_text().map(|t| t.origin.clone())),
                        ),
                        _ => {}
                    }
                    Value::Str(Text {
                        s,
                        origin: Origin::combine(origins.iter()),
                    })
                }
                None => Value::opaque(args.opaque_reason().unwrap_or_else(|| {
                    let uses_env = matches!(args, Value::Env(_))
                        || args
                            .items()
                            .is_some_and(|i| i.iter().any(|x| matches!(x.value, Value::Env(_))));
                    if uses_env {
                        "formatted with the version of the Python that runs setup.py".into()
                    } else {
                        "a %-format snakeshift cannot evaluate".into()
                    }
                })),
            },
            ("|", Value::Dict(a), Value::Dict(b)) => {
                let merged = Rc::new(RefCell::new(a.borrow().clone()));
                for e in b.borrow().iter() {
                    super::interp::set_entry(
                        &merged,
                        &e.key,
                        e.value.clone(),
                        e.sites.first().cloned(),
                    );
                }
                Value::Dict(merged)
            }
            ("/", Value::Path(p), Value::Str(s)) => {
                Value::Path(normpath(&os_path_join(&[p.clone(), s.s.clone()])))
            }
            ("/", Value::Path(_), Value::Path(q)) => Value::Path(q.clone()),
            _ => Value::opaque(format!(
                "`{}` {op} `{}`",
                left.type_name(),
                right.type_name()
            )),
        })
    }

    /// `obj[key]`.
    pub fn index(&mut self, obj: Value, key: Value) -> R {
        Ok(match (&obj, &key) {
            (Value::Opaque(r), _) | (_, Value::Opaque(r)) => Value::Opaque(r.clone()),
            (Value::Env(EnvVar::VersionInfo), Value::Int(0)) => Value::Env(EnvVar::VersionMajor),
            (Value::Env(_), _) => Value::opaque("a part of `sys.version_info`"),
            (Value::List(_) | Value::Tuple(_), Value::Int(i)) => {
                let items = obj.items().unwrap();
                let len = items.len() as i64;
                let idx = if *i < 0 { len + i } else { *i };
                if !(0..len).contains(&idx) {
                    return Err(Exc::Raise {
                        kind: "IndexError".into(),
                        message: "index out of range".into(),
                    });
                }
                items[idx as usize].value.clone()
            }
            (Value::Str(t), Value::Int(i)) => {
                let chars: Vec<char> = t.s.chars().collect();
                let len = chars.len() as i64;
                let idx = if *i < 0 { len + i } else { *i };
                if !(0..len).contains(&idx) {
                    return Err(Exc::Raise {
                        kind: "IndexError".into(),
                        message: "string index out of range".into(),
                    });
                }
                Value::Str(Text::derived(chars[idx as usize].to_string(), &[&t.origin]))
            }
            (Value::Dict(entries), Value::Str(k)) => {
                match entries.borrow().iter().find(|e| e.key == k.s) {
                    Some(e) => e.value.clone(),
                    None => {
                        return Err(Exc::Raise {
                            kind: "KeyError".into(),
                            message: k.s.clone(),
                        });
                    }
                }
            }
            (Value::Match(m), _) => match_method(
                m,
                "group",
                &CallArgs {
                    positional: vec![key.clone()],
                    keywords: vec![],
                },
            ),
            (Value::Builtin(b), Value::Str(k)) if b == "os.environ" => {
                Value::opaque(format!("the environment variable `{}`", k.s))
            }
            _ => Value::opaque(format!(
                "a `{}` indexed by a `{}`",
                obj.type_name(),
                key.type_name()
            )),
        })
    }

    /// `obj[start:stop:step]`.
    pub fn slice(&mut self, obj: Value, parts: [Option<Value>; 3]) -> R {
        let int = |v: &Option<Value>| -> Option<Option<i64>> {
            match v {
                None | Some(Value::None) => Some(None),
                Some(Value::Int(i)) => Some(Some(*i)),
                _ => None,
            }
        };
        let (Some(start), Some(stop), Some(step)) =
            (int(&parts[0]), int(&parts[1]), int(&parts[2]))
        else {
            return Ok(Value::opaque("a slice with unknown bounds"));
        };
        if let Value::Env(EnvVar::VersionInfo) = obj {
            return Ok(match (start, stop, step) {
                (None | Some(0), Some(2), None) => Value::Env(EnvVar::VersionPair),
                (None | Some(0), Some(1), None) => {
                    Value::tuple(vec![Value::Env(EnvVar::VersionMajor)])
                }
                _ => Value::opaque("a slice of `sys.version_info`"),
            });
        }
        if step.is_some_and(|s| s != 1) {
            return Ok(Value::opaque("a slice with a step"));
        }
        let clamp = |i: Option<i64>, len: usize, default: usize| -> usize {
            match i {
                None => default,
                Some(i) if i < 0 => (len as i64 + i).max(0) as usize,
                Some(i) => (i as usize).min(len),
            }
        };
        Ok(match &obj {
            Value::Str(t) => {
                let chars: Vec<char> = t.s.chars().collect();
                let (a, b) = (
                    clamp(start, chars.len(), 0),
                    clamp(stop, chars.len(), chars.len()),
                );
                let s: String = if a < b {
                    chars[a..b].iter().collect()
                } else {
                    String::new()
                };
                Value::Str(Text::derived(s, &[&t.origin]))
            }
            Value::List(_) | Value::Tuple(_) => {
                let items = obj.items().unwrap();
                let (a, b) = (
                    clamp(start, items.len(), 0),
                    clamp(stop, items.len(), items.len()),
                );
                let part: Vec<Item> = if a < b {
                    items[a..b].to_vec()
                } else {
                    Vec::new()
                };
                if matches!(obj, Value::List(_)) {
                    Value::List(Rc::new(RefCell::new(part)))
                } else {
                    Value::Tuple(Rc::new(part))
                }
            }
            _ => Value::opaque(format!("a slice of a `{}`", obj.type_name())),
        })
    }
}

fn ints(v: &Value) -> Option<Vec<i64>> {
    v.items()?
        .iter()
        .map(|i| match i.value {
            Value::Int(n) => Some(n),
            _ => None,
        })
        .collect()
}

/// `minor op x` for every supported minor version (`min` and later): decided or a marker.
fn minor_predicate(min: u8, op: &str, x: i64) -> Cond {
    let min = i64::from(min);
    let marker = |op: &'static str, x: i64| {
        Cond::Marker(Marker::compare("python_version", op, format!("3.{x}")))
    };
    match op {
        ">=" => {
            if min >= x {
                Cond::Known(true)
            } else {
                marker(">=", x)
            }
        }
        ">" => minor_predicate(min as u8, ">=", x + 1),
        "<" => {
            if min >= x {
                Cond::Known(false)
            } else {
                marker("<", x)
            }
        }
        "<=" => minor_predicate(min as u8, "<", x + 1),
        "==" => {
            if min > x {
                Cond::Known(false)
            } else {
                marker("==", x)
            }
        }
        "!=" => {
            if min > x {
                Cond::Known(true)
            } else {
                marker("!=", x)
            }
        }
        _ => Cond::Unknown("a version comparison".into()),
    }
}

fn version_compare(min: u8, var: EnvVar, op: &str, other: &Value) -> Cond {
    match var {
        EnvVar::VersionMajor => match other {
            Value::Int(m) => Cond::Known(match op {
                "==" | "is" => *m == 3,
                "!=" | "is not" => *m != 3,
                "<" => 3 < *m,
                "<=" => 3 <= *m,
                ">" => 3 > *m,
                ">=" => 3 >= *m,
                _ => return Cond::Unknown("a version comparison".into()),
            }),
            _ => Cond::Unknown("a version comparison".into()),
        },
        EnvVar::VersionInfo | EnvVar::VersionPair => {
            let Some(t) = ints(other) else {
                return Cond::Unknown("a comparison of `sys.version_info`".into());
            };
            match t.as_slice() {
                [] => Cond::Known(matches!(op, ">" | ">=" | "!=")),
                [major] | [major, ..] if *major != 3 => {
                    let greater = 3 > *major;
                    Cond::Known(match op {
                        ">" | ">=" => greater,
                        "<" | "<=" => !greater,
                        "!=" => true,
                        _ => false,
                    })
                }
                [_] => Cond::Known(match op {
                    // (3, m, ...) against (3,): longer, so greater.
                    ">" | ">=" | "!=" => true,
                    _ => false,
                }),
                [_, x] => {
                    if var == EnvVar::VersionPair {
                        minor_predicate(min, op, *x)
                    } else {
                        // (3, m, micro, ...) vs (3, x): equal prefixes make the left greater.
                        match op {
                            ">" | ">=" => minor_predicate(min, ">=", *x),
                            "<" | "<=" => minor_predicate(min, "<", *x),
                            "==" => Cond::Known(false),
                            "!=" => Cond::Known(true),
                            _ => Cond::Unknown("a version comparison".into()),
                        }
                    }
                }
                [_, x, micro, ..] => {
                    let full = |op: &'static str| {
                        Cond::Marker(Marker::compare(
                            "python_full_version",
                            op,
                            format!("3.{x}.{micro}"),
                        ))
                    };
                    let decided = minor_predicate(min, ">=", x + 1);
                    match op {
                        ">" | ">=" => {
                            if decided == Cond::Known(true) {
                                Cond::Known(true)
                            } else {
                                full(">=")
                            }
                        }
                        "<" | "<=" => {
                            if decided == Cond::Known(true) {
                                Cond::Known(false)
                            } else {
                                full("<")
                            }
                        }
                        _ => Cond::Unknown("a version comparison".into()),
                    }
                }
            }
        }
        _ => Cond::Unknown("a version comparison".into()),
    }
}

fn platform_compare(var: EnvVar, op: &str, other: &Value) -> Cond {
    let variable = match var {
        EnvVar::SysPlatform => "sys_platform",
        EnvVar::OsName => "os_name",
        EnvVar::PlatformSystem => "platform_system",
        EnvVar::Implementation => "platform_python_implementation",
        _ => return Cond::Unknown("a platform comparison".into()),
    };
    let op = match op {
        "==" | "is" => "==",
        "!=" | "is not" => "!=",
        "in" | "not in" => {
            let Some(items) = other.items() else {
                return Cond::Unknown("a platform comparison".into());
            };
            let mut result: Option<Marker> = None;
            for i in items {
                let Some(s) = i.value.as_str() else {
                    return Cond::Unknown("a platform comparison".into());
                };
                let m = Marker::compare(variable, "==", s);
                result = Some(match result {
                    Some(r) => r.or(m),
                    None => m,
                });
            }
            return match result {
                Some(m) if op == "in" => Cond::Marker(m),
                Some(m) => Cond::Marker(m.negate()),
                None => Cond::Known(op == "not in"),
            };
        }
        _ => return Cond::Unknown("a platform comparison".into()),
    };
    match other.as_str() {
        Some(s) => Cond::Marker(Marker::compare(variable, op, s)),
        None => Cond::Unknown("a platform comparison".into()),
    }
}

fn flip(op: &str) -> &str {
    match op {
        "<" => ">",
        ">" => "<",
        "<=" => ">=",
        ">=" => "<=",
        other => other,
    }
}

fn equal(a: &Value, b: &Value) -> Option<bool> {
    match (a, b) {
        (Value::Opaque(_), _) | (_, Value::Opaque(_)) => None,
        (Value::Int(x), Value::Float(y)) | (Value::Float(y), Value::Int(x)) => {
            Some(*x as f64 == *y)
        }
        (Value::Path(x), Value::Path(y)) => Some(x == y),
        _ => {
            let (ra, rb) = (strings::repr(a)?, strings::repr(b)?);
            Some(ra == rb)
        }
    }
}

fn order(a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Some(x.cmp(y)),
        (Value::Float(_) | Value::Int(_), Value::Float(_) | Value::Int(_)) => {
            let f = |v: &Value| match v {
                Value::Int(i) => *i as f64,
                Value::Float(x) => *x,
                _ => 0.0,
            };
            f(a).partial_cmp(&f(b))
        }
        (Value::Str(x), Value::Str(y)) => Some(x.s.cmp(&y.s)),
        (Value::Tuple(_) | Value::List(_), Value::Tuple(_) | Value::List(_)) => {
            let (xs, ys) = (a.items()?, b.items()?);
            for (x, y) in xs.iter().zip(&ys) {
                match order(&x.value, &y.value)? {
                    std::cmp::Ordering::Equal => {}
                    o => return Some(o),
                }
            }
            Some(xs.len().cmp(&ys.len()))
        }
        _ => None,
    }
}

/// `left op right` as a condition.
pub fn compare(interp: &mut Interp<'_>, op: &str, left: &Value, right: &Value) -> Cond {
    let min = interp.settings.min.minor;
    match (left, right) {
        (
            Value::Env(v @ (EnvVar::VersionInfo | EnvVar::VersionPair | EnvVar::VersionMajor)),
            other,
        ) => {
            interp.version_decided = true;
            return version_compare(min, *v, op, other);
        }
        (
            other,
            Value::Env(v @ (EnvVar::VersionInfo | EnvVar::VersionPair | EnvVar::VersionMajor)),
        ) => {
            interp.version_decided = true;
            return version_compare(min, *v, flip(op), other);
        }
        (Value::Str(s), Value::Builtin(b))
            if op == "in" && b == "sys.builtin_module_names" && s.s == "__pypy__" =>
        {
            return Cond::Marker(Marker::compare(
                "platform_python_implementation",
                "==",
                "PyPy",
            ));
        }
        // Jython never had a Python 3.
        (Value::Str(s), Value::Env(EnvVar::SysPlatform)) if op == "in" && s.s == "java" => {
            return Cond::Known(false);
        }
        (Value::Env(v), other) => return platform_compare(*v, op, other),
        (other, Value::Env(v)) if op == "==" || op == "!=" => {
            return platform_compare(*v, op, other);
        }
        (Value::Opaque(r), _) | (_, Value::Opaque(r)) => return Cond::Unknown(r.to_string()),
        _ => {}
    }
    let known = |b: Option<bool>| match b {
        Some(b) => Cond::Known(b),
        None => Cond::Unknown("a comparison of values snakeshift cannot compare".into()),
    };
    match op {
        "==" => known(equal(left, right)),
        "!=" => known(equal(left, right).map(|b| !b)),
        "is" | "is not" => {
            let same = match (left, right) {
                (Value::None, Value::None) => Some(true),
                (Value::None, _) | (_, Value::None) => Some(false),
                (Value::Bool(a), Value::Bool(b)) => Some(a == b),
                _ => None,
            };
            known(if op == "is" { same } else { same.map(|b| !b) })
        }
        "<" | "<=" | ">" | ">=" => known(order(left, right).map(|o| match op {
            "<" => o.is_lt(),
            "<=" => o.is_le(),
            ">" => o.is_gt(),
            _ => o.is_ge(),
        })),
        "in" | "not in" => {
            let found = match right {
                Value::Str(hay) => left.as_str().map(|n| hay.s.contains(n)),
                Value::Dict(entries) => left
                    .as_str()
                    .map(|k| entries.borrow().iter().any(|e| e.key == k)),
                Value::List(_) | Value::Tuple(_) => {
                    let items = right.items().unwrap();
                    let mut found = Some(false);
                    for i in items {
                        match equal(left, &i.value) {
                            Some(true) => {
                                found = Some(true);
                                break;
                            }
                            Some(false) => {}
                            None => found = None,
                        }
                    }
                    found
                }
                _ => None,
            };
            known(if op == "in" { found } else { found.map(|b| !b) })
        }
        _ => Cond::Unknown(format!("the `{op}` operator")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(
            os_path_join(&["/a".into(), "b".into(), "c".into()]),
            "/a/b/c"
        );
        assert_eq!(os_path_join(&["a".into(), "/b".into()]), "/b");
        assert_eq!(dirname("/__project__/setup.py"), "/__project__");
        assert_eq!(dirname("setup.py"), "");
        assert_eq!(splitext("a/b.tar.gz"), ("a/b.tar".into(), ".gz".into()));
        assert_eq!(splitext(".bashrc"), (".bashrc".into(), "".into()));
    }

    #[test]
    fn version_predicates() {
        assert_eq!(minor_predicate(10, ">=", 8), Cond::Known(true));
        assert_eq!(minor_predicate(10, "<", 8), Cond::Known(false));
        assert_eq!(
            minor_predicate(8, "<", 11),
            Cond::Marker(Marker::compare("python_version", "<", "3.11"))
        );
        assert_eq!(
            version_compare(
                10,
                EnvVar::VersionInfo,
                ">",
                &Value::tuple(vec![Value::Int(3), Value::Int(10)])
            ),
            Cond::Known(true)
        );
        assert_eq!(
            version_compare(
                10,
                EnvVar::VersionPair,
                ">",
                &Value::tuple(vec![Value::Int(3), Value::Int(10)])
            ),
            Cond::Marker(Marker::compare("python_version", ">=", "3.11"))
        );
        assert_eq!(
            version_compare(
                10,
                EnvVar::VersionInfo,
                "<",
                &Value::tuple(vec![Value::Int(3)])
            ),
            Cond::Known(false)
        );
        assert_eq!(
            version_compare(10, EnvVar::VersionMajor, "==", &Value::Int(2)),
            Cond::Known(false)
        );
    }
}
