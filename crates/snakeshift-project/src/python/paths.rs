//! Paths and files: `os.path` functions and `pathlib.Path` methods over the virtual project
//! root, and reads of project files (`open`, `io.open`, `codecs.open`).

use super::interp::{CallArgs, Exc, Interp, R, absolute, normpath, project_relative};
use super::value::{Origin, Text, Value};

/// A path value as an absolute virtual path.
pub(super) fn path_of(v: &Value) -> Option<String> {
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
pub(super) fn path_result(s: String, like: &[&Value]) -> Value {
    let origins: Vec<&Origin> = like
        .iter()
        .filter_map(|v| v.as_text().map(|t| &t.origin))
        .collect();
    Value::Str(Text {
        s,
        origin: Origin::combine(origins),
    })
}

pub(super) fn os_path_join(parts: &[String]) -> String {
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

pub(super) fn dirname(p: &str) -> String {
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

pub(super) fn basename(p: &str) -> String {
    p.rsplit('/').next().unwrap_or(p).to_owned()
}

pub(super) fn splitext(p: &str) -> (String, String) {
    let base = basename(p);
    match base.rfind('.') {
        Some(i) if i > 0 && !base[..i].chars().all(|c| c == '.') => {
            let cut = p.len() - (base.len() - i);
            (p[..cut].to_owned(), p[cut..].to_owned())
        }
        _ => (p.to_owned(), String::new()),
    }
}

pub(super) fn read_file(interp: &mut Interp<'_>, path: &str, binary: bool) -> R {
    let Some(rel) = project_relative(path) else {
        return Ok(Value::opaque(format!(
            "reads `{path}`, outside the project"
        )));
    };
    match interp.files.read(&rel) {
        Some(text) => Ok(Value::File {
            path: rel.clone(),
            text: Text {
                s: if binary {
                    text
                } else {
                    super::strings::universal_newlines(&text).into_owned()
                },
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

pub(super) fn rel_exists_as_binary(interp: &Interp<'_>, rel: &str) -> bool {
    interp.files.is_file(rel)
}

pub(super) fn open(interp: &mut Interp<'_>, args: &CallArgs) -> R {
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

pub(super) fn path_method(interp: &mut Interp<'_>, p: &str, name: &str, args: CallArgs) -> R {
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
}
