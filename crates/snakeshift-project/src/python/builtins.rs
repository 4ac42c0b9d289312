//! Known callables: the builtins, `os.path`, `os.environ`, `glob`, `pathlib.Path`, `exec`,
//! `ast.literal_eval`, module loaders, and the `setuptools` helpers (`find_packages`,
//! `Extension`).

use super::interp::{CallArgs, Exc, Frame, Interp, R, absolute, normpath, project_relative, truth};
use super::marker::{Cond, Marker};
use super::methods::regex_call;
use super::paths::{
    basename, dirname, open, os_path_join, path_of, path_result, read_file, splitext,
};
use super::strings;
use super::value::{Entry, EnvVar, Extension, FindPackages, Item, Origin, Text, Value};
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

pub(super) fn text_arg(v: Option<&Value>) -> Option<Text> {
    match v? {
        Value::Str(t) => Some(t.clone()),
        _ => None,
    }
}

pub(super) fn str_list(v: &Value, interp: &mut Interp<'_>) -> R<Option<Vec<String>>> {
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
        // Loading a project file as a module (a version file): read statically, like an
        // import of it. `spec.loader.exec_module(module)` then changes nothing we model.
        "importlib.util.spec_from_file_location" => {
            let file = args.get(1, "location");
            match file
                .and_then(path_of)
                .and_then(|p| project_relative(&p))
                .filter(|rel| rel.ends_with(".py") && interp.files.is_file(rel))
            {
                Some(rel) => {
                    interp.note_read_module(&rel);
                    Value::ProjectModule(rel)
                }
                None => Value::opaque(format!("`{name}()` of a file outside the project")),
            }
        }
        "importlib.util.module_from_spec" => match a0 {
            Some(m @ Value::ProjectModule(_)) => m,
            _ => Value::opaque("`importlib.util.module_from_spec()` of an unknown spec"),
        },
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
        "os.chdir" => {
            // Into the project directory (where builds run) is a no-op; anywhere else would
            // change what every relative path means.
            let target = a0
                .as_ref()
                .and_then(path_of)
                .and_then(|p| project_relative(&p));
            if target.as_deref() != Some("") {
                interp.changed_directory = Some(
                    a0.as_ref()
                        .and_then(strings::to_str)
                        .unwrap_or_else(|| "a directory snakeshift cannot tell".into()),
                );
            }
            Value::None
        }
        "os.walk" => match a0.as_ref().and_then(Value::as_str) {
            Some(top) => Value::Walk(top.to_owned()),
            None => Value::opaque("os.walk() of an unknown directory"),
        },
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
        // `get_module_constant("pkg", "__version__")`: the module is looked up on sys.path
        // (the project directory first in a legacy build) and its constant read statically.
        "setuptools.depends.get_module_constant" => {
            match (
                a0.as_ref().and_then(Value::as_str),
                args.get(1, "symbol")
                    .and_then(|v| v.as_str().map(str::to_owned)),
            ) {
                (Some(module), Some(symbol)) => {
                    let module = module.to_owned();
                    match interp.import_module(&module, node, frame)? {
                        m @ Value::ProjectModule(_) => {
                            interp.attribute_of(&m, &symbol, node, frame)?
                        }
                        _ => Value::opaque(format!(
                            "`get_module_constant` of `{module}`, which is not a module of the project"
                        )),
                    }
                }
                _ => Value::opaque("`get_module_constant` of a module or name that is not known"),
            }
        }
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

pub(super) fn dedent(s: &str) -> String {
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

pub(super) fn exec(interp: &mut Interp<'_>, name: &str, args: CallArgs, frame: &mut Frame) -> R {
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
    // `exec(code, globals, locals)`: names land in `locals` when given, else in `globals`;
    // `exec(code, None, d)` runs with the caller's globals and fills `d`.
    let namespace = match (args.positional.get(1), args.positional.get(2)) {
        (Some(Value::None | Value::Dict(_)), Some(locals @ Value::Dict(_))) => Some(locals),
        (Some(Value::None), None) => None,
        (globals, _) => globals,
    };
    match namespace {
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

pub(super) const EXTENSION_PARAMS: [&str; 16] = [
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

pub(super) fn extension(args: CallArgs) -> Value {
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
