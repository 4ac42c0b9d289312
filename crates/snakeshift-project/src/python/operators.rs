//! Operators: arithmetic, concatenation and `%`, indexing and slicing, and comparisons —
//! including those with `sys.version_info` and the platform, which become decisions or markers.

use super::interp::{CallArgs, Exc, Interp, R, normpath};
use super::marker::{Cond, Marker};
use super::methods::match_method;
use super::paths::os_path_join;
use super::strings;
use super::value::{EnvVar, Item, Origin, Text, Value};
use std::cell::RefCell;
use std::rc::Rc;

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
            (Value::Env(EnvVar::Argv), Value::Int(_)) => Value::Env(EnvVar::ArgvItem),
            (Value::Env(EnvVar::Argv | EnvVar::ArgvItem), _) => {
                Value::opaque("the command-line arguments of setup.py")
            }
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

pub(super) fn ints(v: &Value) -> Option<Vec<i64>> {
    v.items()?
        .iter()
        .map(|i| match i.value {
            Value::Int(n) => Some(n),
            _ => None,
        })
        .collect()
}

/// `minor op x` for every supported minor version (`min` and later): decided or a marker.
pub(super) fn minor_predicate(min: u8, op: &str, x: i64) -> Cond {
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

pub(super) fn version_compare(min: u8, var: EnvVar, op: &str, other: &Value) -> Cond {
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

/// Whether a build command could be `word`: builds run `egg_info`, `dist_info`, `sdist`,
/// `bdist_wheel`, `build_*`, `install`, `develop`, `editable_wheel` with options; a release
/// helper's own command (`publish`, `release`, `upload`, `tag`…) is never among them.
pub fn is_build_command(word: &str) -> bool {
    word.starts_with('-')
        || word.starts_with("build")
        || word.starts_with("bdist")
        || word.starts_with("install")
        || word.starts_with("editable")
        || matches!(
            word,
            "sdist" | "egg_info" | "dist_info" | "develop" | "setup.py" | "clean" | "check"
        )
}

/// `sys.argv[i] == word` / `word in sys.argv` during a build.
fn argv_compare(word: &str, negated: bool) -> Cond {
    if is_build_command(word) {
        Cond::Unknown(format!(
            "whether setup.py runs the `{word}` command (the build frontend decides)"
        ))
    } else {
        Cond::Known(negated)
    }
}

pub(super) fn platform_compare(var: EnvVar, op: &str, other: &Value) -> Cond {
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

pub(super) fn flip(op: &str) -> &str {
    match op {
        "<" => ">",
        ">" => "<",
        "<=" => ">=",
        ">=" => "<=",
        other => other,
    }
}

pub(super) fn equal(a: &Value, b: &Value) -> Option<bool> {
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

pub(super) fn order(a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
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
        (Value::Env(EnvVar::ArgvItem), Value::Str(s))
        | (Value::Str(s), Value::Env(EnvVar::ArgvItem))
            if matches!(op, "==" | "!=") =>
        {
            return argv_compare(&s.s, op == "!=");
        }
        (Value::Str(s), Value::Env(EnvVar::Argv)) if matches!(op, "in" | "not in") => {
            return argv_compare(&s.s, op == "not in");
        }
        (Value::Env(EnvVar::Argv | EnvVar::ArgvItem), _)
        | (_, Value::Env(EnvVar::Argv | EnvVar::ArgvItem)) => {
            return Cond::Unknown("the command-line arguments of setup.py".into());
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
