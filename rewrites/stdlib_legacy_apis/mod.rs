use crate::kit::declare::Check;
use crate::kit::check_changed;
use snakeshift_engine::activation::Probe;
use snakeshift_engine::fix::Finding;
use snakeshift_engine::fix::{Edit, Fix};
use crate::kit::moves::{CallFix, CallIssue, CallSite, Member, RemovedModule, check_import};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;
use tree_sitter::Node;

rewrite! {
    /// # stdlib-legacy-apis
    ///
    ///
    /// ## What it does
    /// The smaller removals and deprecations of the catalogue, module by module:
    ///
    /// | old | becomes | fix |
    /// | --- | --- | --- |
    /// | `urllib.request.urlopen(url, cafile=f, capath=d, cadefault=…)` (removed 3.13) | `urlopen(url, context=ssl.create_default_context(cafile=f, capath=d))` | safe |
    /// | `urllib.request.URLopener`, `FancyURLopener` (3.14), `urllib.parse.Quoter` (3.14), `urllib.parse.splittype` & co (deprecated) | reported | — |
    /// | `urllib.request.pathname2url("/abs")` (returns `///abs` since 3.14) | reported | — |
    /// | `pty.master_open()` (3.14) | a `master_open` function added to the module on `os.openpty()` | unsafe |
    /// | `pty.slave_open(name)` (3.14) | `os.open(name, os.O_RDWR)` | unsafe |
    /// | `glob.glob1(dir, pattern)` / `glob.glob0(dir, name)` (deprecated, gone in 3.15) | `glob.glob(pattern, root_dir=dir)` / `glob.glob(glob.escape(name), root_dir=dir)` | safe for a non-empty literal pattern without `/`, else unsafe (`/` descends into directories) |
    /// | `email.utils.localtime(dt, isdst=…)` (3.14) | `isdst` dropped | safe |
    /// | `random.randrange(10.0)` with integral float literals (3.12) | `random.randrange(10)` | safe |
    /// | `shlex.split(None)` (3.12) | `shlex.split(sys.stdin.read())` | safe |
    /// | `sysconfig.is_python_build(check_home)` (deprecated) | argument dropped | safe |
    /// | `shutil.ExecError` (deprecated, gone in 3.16) | `RuntimeError` | safe |
    /// | `webbrowser.MacOSX` (3.13) | `webbrowser.MacOSXOSAScript` | safe |
    /// | `turtle.settiltangle` / `t.settiltangle(angle)` (3.13) | `tiltangle` | safe |
    /// | `os.f(bytearray(...))`, `memoryview(...)` paths (3.12) | `bytes(bytearray(...))` | safe |
    /// | `nturl2path.url2pathname` / `pathname2url` (deprecated, gone in 3.19) | `urllib.request.*` | safe |
    /// | `sys.setcheckinterval`, `getcheckinterval` (3.9), `sys._current_exceptions` values (3.12), `sys._enablelegacywindowsfsencoding` (deprecated) | reported | — |
    /// | `re.template`, `re.TEMPLATE`, `re.T` (3.13), `token.ASYNC` / `AWAIT`, `tokenize.StopTokenizing` (3.13), `opcode.is_pseudo` & co (3.13) | reported | — |
    /// | `platform.linux_distribution`, `platform.dist` (3.8), `platform.java_ver` (deprecated) | reported | — |
    /// | `ctypes.SetPointerType` (deprecated), `enum.EnumMeta.__getattr__`, `pickle.PyStringMap` (3.12) | reported | — |
    /// | `typing.no_type_check_decorator`, `typing._UnionGenericAlias` (deprecated) | reported | — |
    /// | `http.server.CGIHTTPRequestHandler` (deprecated, gone in 3.15), `pydoc.ispackage` (deprecated) | reported | — |
    ///
    /// ## Why
    /// Each of these was removed in the Python version given, or warns and is scheduled for
    /// removal.
    ///
    /// ## Example
    /// ```python
    /// files = glob.glob1(directory, "*.py")
    /// ```
    /// becomes
    /// ```python
    /// files = glob.glob("*.py", root_dir=directory)
    /// ```
    ///
    /// ## Fix safety
    /// The fixes keep behaviour: the same objects, arguments that were ignored, or the documented
    /// equivalent (`glob(root_dir=)` lists the same names, `RuntimeError` is what `ExecError` was
    /// an alias of). `pty.master_open` / `slave_open` are unsafe: the catalogue classifies them as
    /// semantic changes (the new function skips `pty`'s fallback to BSD pseudo-terminals).
    StdlibLegacyApis {
        id: "stdlib-legacy-apis",
        group: "stdlib",
        summary: "smaller removals and deprecations across the standard library (urllib, pty, glob, sys, re, token, opcode, platform, ctypes, typing, email, random, shlex, sysconfig, shutil, webbrowser, nturl2path, pkg_resources, ...): fixed where faithful, reported otherwise",
        query: include_str!("query.scm"),
        triggers: &["settiltangle", "bytearray", "memoryview", "cafile", "capath", "URLopener", "Quoter", "splittype", "splithost", "splituser", "splitpasswd", "splitport", "splitnport", "splitquery", "splittag", "splitattr", "splitvalue", "to_bytes", "unwrap", "pathname2url", "master_open", "slave_open", "glob0", "glob1", "isdst", "randrange", "shlex", "is_python_build", "ExecError", "MacOSX", "nturl2path", "checkinterval", "_current_exceptions", "_enablelegacywindowsfsencoding", "re.template", "TEMPLATE", "re.T", "ASYNC", "AWAIT", "StopTokenizing", "is_pseudo", "PSEUDO_OPCODE", "ENABLE_SPECIALIZATION", "linux_distribution", ".dist(", "java_ver", "SetPointerType", "EnumMeta", "PyStringMap", "no_type_check_decorator", "_UnionGenericAlias", "CGIHTTPRequestHandler", "ispackage", "Netscape", "Galeon", "Grail"],
        removed_in: Some(PyVersion::new(3, 8)),
        fix: FixSafety::Mixed,
        readme: ("other", "`urlopen(cafile=)` → `context=ssl.create_default_context(cafile=…)`, `glob.glob1` → `glob.glob(root_dir=)`, `email.utils.localtime(isdst=)`, `random.randrange(10.0)`, `shlex.split(None)`, `sysconfig.is_python_build(…)`, `shutil.ExecError`, `webbrowser.MacOSX`, `turtle.settiltangle`, `bytearray` paths to `os`, `nturl2path` fixed; `pty.master_open` / `slave_open` → `os.openpty` / `os.open`; `URLopener`, `splittype` & co, `pathname2url`, `sys.setcheckinterval`, `re.TEMPLATE`, `token.ASYNC`, `opcode.is_pseudo`, `platform.linux_distribution`, `java_ver`, `ctypes.SetPointerType`, `EnumMeta.__getattr__`, `pickle.PyStringMap`, `typing.no_type_check_decorator`, `CGIHTTPRequestHandler`, `webbrowser.Netscape` / `Galeon` / `Grail`, … reported", "safe / unsafe (`pty`)"),
        activate: may_use_legacy_api,
        removed_apis: &[&MODULES, &DEPRECATED_MODULES],
    }
}

/// Whether a trigger occurrence can be one of the APIs this rewrite follows: a member of a
/// module the file imports (imported by name, or used after a dot), or one of the shapes
/// checked apart (a turtle's `settiltangle`, a `bytearray(...)` passed to an `os` function,
/// `urlopen`'s `cafile=`, `localtime`'s `isdst=`, `shlex.split(None)`, `EnumMeta.__getattr__`,
/// `MacOSXOSAScript._name`, an `nturl2path` import).
fn may_use_legacy_api(p: &Probe<'_>) -> bool {
    use crate::kit::activation::{before, identifier_at};
    let text = p.text();
    p.hits().iter().any(|hit| {
        let word = &text[hit.clone()];
        match word {
            b"settiltangle" => p.imports("turtle"),
            b"bytearray" | b"memoryview" => {
                p.imports("os") && before(text, hit.start).ends_with(b"(")
            }
            b"cafile" | b"capath" => p.imports("urllib"),
            b"isdst" => p.imports("email"),
            b"shlex" => p.imports("shlex") && passes_none_first(p),
            b"EnumMeta" => p.imports("enum"),
            b"MacOSX" => p.imports("webbrowser"),
            b"nturl2path" => p.imports("nturl2path"),
            _ => {
                // `re.T`, `.dist(`: the name after the dot; `checkinterval`: the whole identifier.
                let name = match word.iter().rposition(|&c| c == b'.') {
                    Some(dot) => word[dot + 1..]
                        .strip_suffix(b"(")
                        .unwrap_or(&word[dot + 1..]),
                    None => identifier_at(text, hit),
                };
                let name = std::str::from_utf8(name).unwrap_or_default();
                MODULES.iter().any(|m| {
                    m.members.iter().any(|member| member.name == name)
                        && crate::kit::activation::uses_member(p, m.module, name)
                })
            }
        }
    })
}

/// Whether `None` is passed first somewhere (`split(None)`, `split(s=None)`): the one call of
/// `shlex` this rewrite reports.
fn passes_none_first(p: &Probe<'_>) -> bool {
    let text = p.text();
    // The code before `at`, blanks and comments skipped.
    let code_before = |at: usize| {
        let end = (0..at)
            .rev()
            .find(|&i| !text[i].is_ascii_whitespace() && p.in_code(i))
            .map_or(0, |i| i + 1);
        &text[..end]
    };
    snakeshift_engine::scan::word_occurrences(text, b"None").any(|at| {
        let before = code_before(at);
        p.in_code(at)
            && (before.ends_with(b"(")
                || before
                    .strip_suffix(b"=")
                    .is_some_and(|b| b.trim_ascii_end().ends_with(b"s")))
    })
}

const MASTER_OPEN: &str = r#"
def {name}():
    """pty.master_open(): (master_fd, slave_name) of a new pseudo-terminal."""
    master_fd, slave_fd = {import:os}.openpty()
    slave_name = {import:os}.ttyname(slave_fd)
    {import:os}.close(slave_fd)
    return master_fd, slave_name
"#;

const SPLIT: &str = "use `urllib.parse.urlsplit(url)` and its attributes (`.scheme`, `.netloc`, `.hostname`, `.port`, `.username`, `.password`, `.query`, `.fragment`)";
const URLOPENER: &str = "use `urllib.request.urlopen(url)` / `urlretrieve(url, filename)`; customisations become handlers for `build_opener`, `version` a `User-Agent` header on a `Request`; `FancyURLopener` returned error pages where `urlopen` raises `HTTPError`";

/// What replaces the browser classes removed from `webbrowser`.
const BROWSERS: &str = "use `webbrowser.get()` (or `Mozilla` / `Chrome` for those browsers); support for Netscape, Galeon, Grail, Mosaic, Skipstone, Iceape, Firebird and Firefox 35 and older is gone";

static MODULES: [RemovedModule; 24] = [
    RemovedModule {
        module: "urllib.request",
        members: &[
        Member::check_call("urlopen", urlopen_cafile).removed(PyVersion::new(3, 13)),
        Member::report("URLopener", URLOPENER).removed(PyVersion::new(3, 14)),
        Member::report("FancyURLopener", URLOPENER).removed(PyVersion::new(3, 14)),
        Member::check_call("pathname2url", pathname2url).removed(PyVersion::new(3, 14)),
        ],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "urllib.parse",
        members: &[
        Member::report("Quoter", "use `urllib.parse.quote` or `quote_from_bytes`").removed(PyVersion::new(3, 14)),
        Member::report("splittype", SPLIT).deprecated(PyVersion::new(3, 8), None),
        Member::report("splithost", SPLIT).deprecated(PyVersion::new(3, 8), None),
        Member::report("splituser", SPLIT).deprecated(PyVersion::new(3, 8), None),
        Member::report("splitpasswd", SPLIT).deprecated(PyVersion::new(3, 8), None),
        Member::report("splitport", SPLIT).deprecated(PyVersion::new(3, 8), None),
        Member::report("splitnport", SPLIT).deprecated(PyVersion::new(3, 8), None),
        Member::report("splitquery", SPLIT).deprecated(PyVersion::new(3, 8), None),
        Member::report("splittag", SPLIT).deprecated(PyVersion::new(3, 8), None),
        Member::report("splitattr", SPLIT).deprecated(PyVersion::new(3, 8), None),
        Member::report("splitvalue", SPLIT).deprecated(PyVersion::new(3, 8), None),
        Member::report("to_bytes", SPLIT).deprecated(PyVersion::new(3, 8), None),
        Member::report("unwrap", SPLIT).deprecated(PyVersion::new(3, 8), None),
        ],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "pty",
        members: &[
        Member::unsafe_define("master_open", MASTER_OPEN, "`pty.master_open` fell back to BSD pseudo-terminals where `os.openpty` is missing").removed(PyVersion::new(3, 14)),
        Member::call("slave_open", slave_open, "use `os.open(tty_name, os.O_RDWR)`").removed(PyVersion::new(3, 14)),
        ],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "glob",
        members: &[
        Member::call("glob1", glob1, "use `glob.glob(pattern, root_dir=dirname)`").deprecated(PyVersion::new(3, 13), Some(PyVersion::new(3, 15))),
        Member::call("glob0", glob0, "use `glob.glob(glob.escape(name), root_dir=dirname)`").deprecated(PyVersion::new(3, 13), Some(PyVersion::new(3, 15))),
        ],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "email.utils",
        members: &[
        Member::check_call("localtime", localtime_isdst).removed(PyVersion::new(3, 14)),
        ],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "random",
        members: &[
        Member::check_call("randrange", randrange_float).removed(PyVersion::new(3, 12)),
        ],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "shlex",
        members: &[
        Member::check_call("split", split_none).removed(PyVersion::new(3, 12)),
        ],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "sysconfig",
        members: &[
        Member::check_call("is_python_build", check_home).deprecated(PyVersion::new(3, 14), Some(PyVersion::new(3, 15))),
        ],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "shutil",
        members: &[
        Member::rename("ExecError", "builtins.RuntimeError").deprecated(PyVersion::new(3, 14), Some(PyVersion::new(3, 16))),
        ],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "webbrowser",
        members: &[
        Member::rename("MacOSX", "webbrowser.MacOSXOSAScript").removed(PyVersion::new(3, 13)),
        Member::report("Netscape", BROWSERS).removed(PyVersion::new(3, 12)),
        Member::report("Galeon", BROWSERS).removed(PyVersion::new(3, 12)),
        Member::report("Grail", BROWSERS).removed(PyVersion::new(3, 12)),
        ],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "turtle",
        members: &[
        Member::rename("settiltangle", "turtle.tiltangle").removed(PyVersion::new(3, 13)),
        ],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "webbrowser.MacOSXOSAScript",
        members: &[
        Member::report("_name", "use `.name`").removed(PyVersion::new(3, 13)),
        ],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "sys",
        members: &[
        Member::report("setcheckinterval", "delete the call (it has had no effect since Python 3.2), or use `sys.setswitchinterval(seconds)`").removed(PyVersion::new(3, 9)),
        Member::report("getcheckinterval", "use `sys.getswitchinterval()` (seconds, not bytecodes)").removed(PyVersion::new(3, 9)),
        Member::report("_current_exceptions", "the values are exception instances now, not `(type, value, traceback)` tuples").removed(PyVersion::new(3, 12)),
        Member::report("_enablelegacywindowsfsencoding", "set the `PYTHONLEGACYWINDOWSFSENCODING` environment variable instead").deprecated(PyVersion::new(3, 13), Some(PyVersion::new(3, 16))),
        ],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "re",
        members: &[
        Member::report("template", "there is no replacement: `re.TEMPLATE` patterns had no backtracking").removed(PyVersion::new(3, 13)),
        Member::report("TEMPLATE", "drop the flag").removed(PyVersion::new(3, 13)),
        Member::report("T", "drop the flag").removed(PyVersion::new(3, 13)),
        ],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "token",
        members: &[
        Member::report("ASYNC", "`async` and `await` are `token.NAME` tokens (keywords)").removed(PyVersion::new(3, 13)),
        Member::report("AWAIT", "`async` and `await` are `token.NAME` tokens (keywords)").removed(PyVersion::new(3, 13)),
        ],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "tokenize",
        members: &[
        Member::report("StopTokenizing", "there is no replacement").removed(PyVersion::new(3, 13)),
        ],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "opcode",
        members: &[
        Member::report("is_pseudo", "there is no replacement (these existed only in Python 3.12)").removed(PyVersion::new(3, 13)),
        Member::report("MIN_PSEUDO_OPCODE", "there is no replacement (these existed only in Python 3.12)").removed(PyVersion::new(3, 13)),
        Member::report("MAX_PSEUDO_OPCODE", "there is no replacement (these existed only in Python 3.12)").removed(PyVersion::new(3, 13)),
        Member::report("ENABLE_SPECIALIZATION", "there is no replacement (these existed only in Python 3.12)").removed(PyVersion::new(3, 13)),
        ],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "platform",
        members: &[
        Member::report("linux_distribution", "use `platform.freedesktop_os_release()` (3.10+) or the `distro` package; the result differs").removed(PyVersion::new(3, 8)),
        Member::report("dist", "use `platform.freedesktop_os_release()` (3.10+) or the `distro` package; the result differs").removed(PyVersion::new(3, 8)),
        Member::report("java_ver", "there is no replacement (Jython only)").deprecated(PyVersion::new(3, 13), Some(PyVersion::new(3, 15))),
        ],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "ctypes",
        members: &[
        Member::report("SetPointerType", "declare the pointer type with an incomplete structure: `POINTER(cls)` before setting `cls._fields_`").deprecated(PyVersion::new(3, 13), Some(PyVersion::new(3, 15))),
        ],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "enum.EnumMeta",
        members: &[
        Member::report("__getattr__", "it was internal: use `Enum[name]` or `getattr(EnumClass, name)`").removed(PyVersion::new(3, 12)),
        ],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "pickle",
        members: &[
        Member::report("PyStringMap", "there is no replacement (Jython only)").removed(PyVersion::new(3, 12)),
        ],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "typing",
        members: &[
        Member::report("no_type_check_decorator", "there is no replacement: type checkers never supported it").deprecated(PyVersion::new(3, 13), Some(PyVersion::new(3, 15))),
        Member::report("_UnionGenericAlias", "use `typing.get_origin(tp) is typing.Union` and `typing.get_args(tp)`").deprecated(PyVersion::new(3, 14), Some(PyVersion::new(3, 17))),
        ],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "http.server",
        members: &[
        Member::report("CGIHTTPRequestHandler", "there is no replacement in the standard library: run CGI scripts under a WSGI or ASGI server").deprecated(PyVersion::new(3, 13), Some(PyVersion::new(3, 15))),
        ],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "pydoc",
        members: &[
        Member::report("ispackage", "there is no replacement").deprecated(PyVersion::new(3, 13), None),
        ],
        other_members: "",
        successor: None,
        shared_state: false,
    },
];

static DEPRECATED_MODULES: [RemovedModule; 1] = [RemovedModule {
    module: "nturl2path",
    members: &[
        Member::rename("url2pathname", "urllib.request.url2pathname")
            .deprecated(PyVersion::new(3, 14), Some(PyVersion::new(3, 19))),
        Member::rename("pathname2url", "urllib.request.pathname2url")
            .deprecated(PyVersion::new(3, 14), Some(PyVersion::new(3, 19))),
    ],
    other_members: "`nturl2path` is deprecated: use `urllib.request.url2pathname` / `pathname2url`",
    successor: None,
    shared_state: false,
}];

impl StdlibLegacyApis {
    /// `os.listdir(bytearray(b"."))`: paths must be `str` or `bytes` since 3.12.
    fn bytes_path<'t>(
        &self,
        function: Node<'t>,
        arg: Node<'t>,
        ctx: &Context<'_, 't>,
        out: &mut Vec<Finding>,
    ) {
        let is_os = ctx
            .semantic()
            .qualified_name(function)
            .is_some_and(|q| q.starts_with("os.") && !q.starts_with("os.environ"));
        if !is_os || ctx.versions.target < PyVersion::new(3, 12) {
            return;
        }
        let bytes_shadowed = !ctx
            .semantic()
            .lookup(ctx.semantic().scope_at(arg.start_byte()), "bytes")
            .is_empty();
        let finding = Finding::new(
            Self::META.id,
            arg.byte_range(),
            "`os` functions no longer accept `bytearray` / `memoryview` paths since Python 3.12",
        );
        if bytes_shadowed {
            out.push(finding.with_note("convert the path with `bytes(...)`"));
            return;
        }
        out.push(finding.with_fix(Fix::safe(
            "Convert the path to `bytes`",
            vec![
                Edit::insert(arg.start_byte(), "bytes("),
                Edit::insert(arg.end_byte(), ")"),
            ],
        )));
    }
}

fn urlopen_cafile(site: &CallSite<'_, '_>) -> Option<CallIssue> {
    use crate::kit::moves::ArgKind;
    let removed = ["cafile", "capath", "cadefault"];
    if !site
        .args
        .iter()
        .any(|a| a.keyword.is_some_and(|k| removed.contains(&k)))
    {
        return None;
    }
    let message = "`urlopen(cafile=, capath=, cadefault=)` was removed in Python 3.13".to_owned();
    if site.args.iter().any(|a| {
        a.keyword == Some("context") || matches!(a.kind, ArgKind::Star | ArgKind::DoubleStar)
    }) {
        return Some(CallIssue {
            message,
            fix: Err("pass `context=ssl.create_default_context(cafile=..., capath=...)`".into()),
        });
    }
    let Ok(create) = site.require("ssl.create_default_context") else {
        return Some(CallIssue {
            message,
            fix: Err("`ssl` cannot be imported here".into()),
        });
    };
    let kept: Vec<String> = site
        .args
        .iter()
        .filter(|a| !a.keyword.is_some_and(|k| removed.contains(&k)))
        .map(|a| match a.keyword {
            Some(k) => format!("{k}={}", a.text),
            None => a.text.to_owned(),
        })
        .collect();
    let certs: Vec<String> = site
        .args
        .iter()
        .filter(|a| matches!(a.keyword, Some("cafile") | Some("capath")))
        .map(|a| format!("{}={}", a.keyword.unwrap_or_default(), a.text))
        .collect();
    let function = site.call.child_by_field_name("function")?;
    let mut args = kept;
    args.push(format!("context={create}({})", certs.join(", ")));
    Some(CallIssue {
        message,
        fix: Ok(CallFix::safe(format!(
            "{}({})",
            site.ctx().text_of(function),
            args.join(", ")
        ))),
    })
}

fn pathname2url(site: &CallSite<'_, '_>) -> Option<CallIssue> {
    let path = site.param(0, "pathname")?;
    let absolute = path
        .text
        .trim_start_matches(['r', 'b', 'u', 'R', 'B', 'U'])
        .trim_start_matches(['"', '\''])
        .starts_with('/');
    (absolute || path.value.kind() != "string").then(|| CallIssue {
        message: "`pathname2url()` of an absolute path starts with `///` since Python 3.14".to_owned(),
        fix: Err("code that splits or compares the result must expect `///etc/hosts` where it got `/etc/hosts`".into()),
    })
}

fn slave_open(site: &CallSite<'_, '_>) -> Result<CallFix, String> {
    site.expect_params(&["tty_name"])?;
    let name = site
        .param(0, "tty_name")
        .ok_or("called without a terminal name")?;
    let open = site.require("os.open")?;
    let flag = site.require("os.O_RDWR")?;
    Ok(CallFix::unsafe_(
        format!("{open}({}, {flag})", name.text),
        "`pty.slave_open` also pushed the STREAMS modules on systems that have them (not Linux)",
    ))
}

/// The content of a string literal without interpolation (escapes left as written).
fn plain_string<'t>(node: tree_sitter::Node<'t>, ctx: &Context<'_, 't>) -> Option<&'t str> {
    if node.kind() != "string" || node.named_child_count() > 3 {
        return None;
    }
    let start = node.named_child(0)?;
    if start.kind() != "string_start" || ctx.text_of(start).to_ascii_lowercase().contains('f') {
        return None;
    }
    match node.named_child(1) {
        Some(c) if c.kind() == "string_content" => Some(ctx.text_of(c)),
        Some(e) if e.kind() == "string_end" => Some(""),
        _ => None,
    }
}

fn glob1(site: &CallSite<'_, '_>) -> Result<CallFix, String> {
    glob_in(site, false)
}

fn glob0(site: &CallSite<'_, '_>) -> Result<CallFix, String> {
    glob_in(site, true)
}

/// `glob1(dirname, pattern)` → `glob.glob(pattern, root_dir=dirname)`; `glob0(dirname, name)`
/// (a literal name) → `glob.glob(glob.escape(name), root_dir=dirname)`. Checked on CPython
/// 3.14: the same names for a non-empty pattern without `/` (hidden files, bytes and an empty
/// `dirname` included); a pattern with `/` now descends into directories and an empty one
/// (which made `glob1` raise `IndexError` and `glob0` test the directory) matches nothing.
fn glob_in(site: &CallSite<'_, '_>, literal: bool) -> Result<CallFix, String> {
    site.expect_params(&["dirname", "pattern"])?;
    let dir = site
        .param(0, "dirname")
        .ok_or("called without a directory")?;
    let pattern = site.param(1, "pattern").ok_or("called without a pattern")?;
    if !site.ctx().versions.has(PyVersion::new(3, 10)) {
        return Err("`glob.glob(root_dir=)` needs Python 3.10".into());
    }
    let glob = site.require("glob.glob")?;
    let pattern_text = if literal {
        format!("{}({})", site.require("glob.escape")?, pattern.text)
    } else {
        pattern.text.to_owned()
    };
    let text = format!("{glob}({pattern_text}, root_dir={})", dir.text);
    // A plain string literal: its content decides.
    let plain = plain_string(pattern.value, site.ctx())
        .is_some_and(|v| !v.is_empty() && !v.contains(['/', '\\']));
    if plain {
        Ok(CallFix::safe(text))
    } else {
        Ok(CallFix::unsafe_(
            text,
            "the same names for a non-empty pattern without `/`; a pattern with `/` now descends into directories and an empty one matches nothing",
        ))
    }
}

fn localtime_isdst(site: &CallSite<'_, '_>) -> Option<CallIssue> {
    use crate::kit::moves::ArgKind;
    let positional = site
        .args
        .iter()
        .filter(|a| a.kind == ArgKind::Positional)
        .count();
    let has_keyword = site.args.iter().any(|a| a.keyword == Some("isdst"));
    if positional < 2 && !has_keyword {
        return None;
    }
    let function = site.call.child_by_field_name("function")?;
    let dt = site.param(0, "dt").map(|a| a.text).unwrap_or("");
    Some(CallIssue {
        message: "the `isdst` argument of `email.utils.localtime` was removed in Python 3.14"
            .to_owned(),
        fix: site
            .expect_params(&["dt", "isdst"])
            .map(|()| CallFix::safe(format!("{}({dt})", site.ctx().text_of(function)))),
    })
}

fn randrange_float(site: &CallSite<'_, '_>) -> Option<CallIssue> {
    let floats: Vec<_> = site
        .args
        .iter()
        .filter(|a| a.value.kind() == "float")
        .collect();
    if floats.is_empty() {
        return None;
    }
    let message = "`random.randrange()` no longer accepts floats since Python 3.12".to_owned();
    let mut text = site.ctx().text_of(site.call).to_owned();
    let start = site.call.start_byte();
    for a in floats.iter().rev() {
        let Ok(value) = a.text.replace('_', "").parse::<f64>() else {
            return Some(CallIssue {
                message,
                fix: Err("use an integer".into()),
            });
        };
        if value.fract() != 0.0 || !value.is_finite() || value.abs() > 1e15 {
            return Some(CallIssue { message, fix: Err("a non-integral float raises `ValueError` in 3.11 and `TypeError` since 3.12; use an integer".into()) });
        }
        text.replace_range(
            a.value.start_byte() - start..a.value.end_byte() - start,
            &format!("{}", value as i64),
        );
    }
    Some(CallIssue {
        message,
        fix: Ok(CallFix::safe(text)),
    })
}

fn split_none(site: &CallSite<'_, '_>) -> Option<CallIssue> {
    let s = site.param(0, "s")?;
    if s.value.kind() != "none" {
        return None;
    }
    let message = "`shlex.split(None)` no longer reads standard input since Python 3.12".to_owned();
    let Ok(stdin) = site.require("sys.stdin") else {
        return Some(CallIssue {
            message,
            fix: Err("pass `sys.stdin.read()`".into()),
        });
    };
    let mut text = site.ctx().text_of(site.call).to_owned();
    let start = site.call.start_byte();
    text.replace_range(
        s.value.start_byte() - start..s.value.end_byte() - start,
        &format!("{stdin}.read()"),
    );
    Some(CallIssue {
        message,
        fix: Ok(CallFix::safe(text)),
    })
}

fn check_home(site: &CallSite<'_, '_>) -> Option<CallIssue> {
    if site.args.is_empty() {
        return None;
    }
    let function = site.call.child_by_field_name("function")?;
    Some(CallIssue {
        message: crate::kit::deprecation(
            "the `check_home` argument of `sysconfig.is_python_build`",
            None,
            PyVersion::new(3, 15),
            site.ctx().versions.target,
        ),
        fix: Ok(CallFix::safe(format!("{}()", site.ctx().text_of(function)))),
    })
}

impl Check for StdlibLegacyApis {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_changed(&Self::META, &MODULES, m, ctx, out);
        if let Some(stmt) = m.get("import") {
            check_import(&Self::META, &DEPRECATED_MODULES, stmt, ctx, out);
        }
        if let (Some(_), Some(method)) = (m.get("tilt"), m.get("method"))
            && crate::kit::syntax::imports_module(ctx, "turtle")
            && ctx.versions.target >= PyVersion::new(3, 13)
        {
            out.push(
                Finding::new(
                    Self::META.id,
                    method.byte_range(),
                    "`RawTurtle.settiltangle` was removed in Python 3.13",
                )
                .with_fix(Fix::safe(
                    "Use `tiltangle`",
                    vec![Edit::replace(method.byte_range(), "tiltangle")],
                )),
            );
        }
        if let (Some(_), Some(function), Some(arg)) =
            (m.get("os_call"), m.get("os_fn"), m.get("bytes_arg"))
        {
            self.bytes_path(function, arg, ctx, out);
        }
    }
}
