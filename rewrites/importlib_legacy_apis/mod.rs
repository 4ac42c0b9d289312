use crate::kit::declare::Check;
use crate::kit::check_changed;
use snakeshift_engine::fix::Finding;
use crate::kit::moves::{CallFix, CallIssue, CallSite, Member, RemovedModule, Own};
use crate::kit::removed::ApiFix;
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;
use tree_sitter::Node;

rewrite! {
    /// # importlib-legacy-apis
    ///
    ///
    /// ## What it does
    /// | old | becomes | fix |
    /// | --- | --- | --- |
    /// | `importlib.find_loader(name, path)` (removed 3.12) | a `find_loader` function added to the module: `sys.modules[name].__loader__`, else the loader the `sys.meta_path` finders find | unsafe |
    /// | `importlib.abc.Traversable`, `TraversableResources`, `ResourceReader` (removed 3.14) | `importlib.resources.abc.*` (3.11+) | safe |
    /// | `importlib.resources.Resource` (removed 3.13) | `str` | safe |
    /// | `importlib.resources.read_text(pkg, name, "utf-8")`, `open_text(…)` with a positional encoding (an error since 3.13) | `encoding="utf-8"` (and `errors=`) by keyword | safe |
    /// | `importlib.resources.contents(pkg)` (deprecated, warns) | `[path.name for path in importlib.resources.files(pkg).iterdir()]` | safe |
    /// | `importlib.machinery.DEBUG_BYTECODE_SUFFIXES`, `OPTIMIZED_BYTECODE_SUFFIXES` (deprecated, warn) | `importlib.machinery.BYTECODE_SUFFIXES` | safe |
    /// | `importlib.util.cache_from_source(p, debug_override=True/False)` (deprecated, warns) | `optimization=""` / `optimization=1` | safe |
    /// | `importlib.resources.files(package=x)` (deprecated 3.12, removed 3.15) | `files(x)` | safe |
    /// | `importlib.util.set_package`, `set_loader`, `module_for_loader`, `importlib.abc.Finder`, `PathFinder.find_module` & co, `zipimporter.find_module` / `find_loader` (removed 3.12), `loader.load_module()` (deprecated, removed 3.15) | reported | — |
    ///
    /// ## Why
    /// The legacy import APIs (PEP 302 `find_module` / `load_module`, the `importlib.abc`
    /// resource classes) were removed in Python 3.12–3.14 or are scheduled for 3.15.
    ///
    /// ## Example
    /// ```python
    /// from importlib.abc import Traversable
    /// ```
    /// becomes
    /// ```python
    /// from importlib.resources.abc import Traversable
    /// ```
    ///
    /// ## Fix safety
    /// The renames are safe (the same classes and values); `contents()` returns the same list as
    /// its 3.11 implementation; the keyword forms are what the positional arguments meant. The
    /// `find_loader` function reproduces the 3.11 behaviour but is unsafe by the catalogue's
    /// classification (new code should use `importlib.util.find_spec(name).loader`).
    ImportlibLegacyApis {
        id: "importlib-legacy-apis",
        group: "importlib",
        summary: "importlib.find_loader -> faithful helper (unsafe); importlib.abc.Traversable/TraversableResources/ResourceReader -> importlib.resources.abc, Resource -> str, read_text/open_text positional encoding -> encoding=, contents() -> files().iterdir(), DEBUG/OPTIMIZED_BYTECODE_SUFFIXES -> BYTECODE_SUFFIXES, cache_from_source(debug_override) -> optimization (safe); set_package/set_loader/module_for_loader, abc.Finder, legacy find_module/find_loader/load_module reported",
        query: include_str!("query.scm"),
        triggers: &["importlib", "zipimport", "load_module"],
        removed_in: Some(PyVersion::new(3, 12)),
        fix: FixSafety::Mixed,
        readme: ("imp", r#"`importlib.find_loader` → faithful helper; `importlib.abc.Traversable` & co → `importlib.resources.abc`; `importlib.resources.Resource` → `str`; `read_text(pkg, name, "utf-8")` → `encoding=`; `contents()` → `files().iterdir()`; `DEBUG_BYTECODE_SUFFIXES` → `BYTECODE_SUFFIXES`; `cache_from_source(debug_override=)` → `optimization=`; `set_package`, `abc.Finder`, legacy `find_module` / `load_module` reported"#, "safe / unsafe (`find_loader`)"),
        activate: |p| crate::kit::activation::uses_members(p, &MODULES) || p.has_attribute("load_module"),
        removed_apis: &[&MODULES, &METHODS],
    }
}

const FIND_LOADER: &str = r#"
def {name}(name, path=None):
    """importlib.find_loader(): the loader of a module (from sys.modules or the finders), or None."""
    try:
        loader = {import:sys}.modules[name].__loader__
    except KeyError:
        pass
    except AttributeError:
        raise ValueError("{}.__loader__ is not set".format(name)) from None
    else:
        if loader is None:
            raise ValueError("{}.__loader__ is None".format(name))
        return loader
    for finder in {import:sys}.meta_path:
        find_spec = getattr(finder, "find_spec", None)
        spec = find_spec(name, path) if find_spec is not None else None
        if spec is not None:
            break
    else:
        return None
    if spec.loader is None:
        if spec.submodule_search_locations is None:
            raise ImportError("spec for {} missing loader".format(name), name=name)
        raise ImportError("namespace packages do not have loaders", name=name)
    return spec.loader
"#;

const EXEC_MODULE: &str = "implement `exec_module(module)` on the loader (and `create_module(spec)` if needed); the import system sets `__package__`, `__loader__` and `sys.modules` itself";
const LEGACY_FINDER: &str =
    "use `find_spec(name, path)`, which returns a `ModuleSpec` (its `.loader`) or `None`";
const LOAD_MODULE: &str = "use `spec = importlib.util.spec_from_loader(name, loader)`, `module = importlib.util.module_from_spec(spec)`, `loader.exec_module(module)` (and `sys.modules[name] = module` if wanted)";

static MODULES: [RemovedModule; 10] = [
    RemovedModule {
        module: "importlib",
        members: &[Member::unsafe_define(
            "find_loader",
            FIND_LOADER,
            "the function keeps `importlib.find_loader`'s behaviour; prefer `importlib.util.find_spec(name).loader`",
        )],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "importlib.util",
        members: &[
            Member::report("set_package", EXEC_MODULE),
            Member::report("set_loader", EXEC_MODULE),
            Member::report("module_for_loader", EXEC_MODULE),
            Member::check_call("cache_from_source", debug_override)
                .deprecated(PyVersion::new(3, 4), None),
        ],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "importlib.abc",
        members: &[
            Member::report(
                "Finder",
                "derive from `importlib.abc.MetaPathFinder` or `PathEntryFinder` and implement `find_spec()`",
            ),
            Member::rename("Traversable", "importlib.resources.abc.Traversable")
                .since(PyVersion::new(3, 11))
                .removed(PyVersion::new(3, 14)),
            Member::rename(
                "TraversableResources",
                "importlib.resources.abc.TraversableResources",
            )
            .since(PyVersion::new(3, 11))
            .removed(PyVersion::new(3, 14)),
            Member::rename("ResourceReader", "importlib.resources.abc.ResourceReader")
                .since(PyVersion::new(3, 11))
                .removed(PyVersion::new(3, 14)),
        ],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "importlib.resources",
        members: &[
            Member::rename("Resource", "builtins.str").removed(PyVersion::new(3, 13)),
            Member::check_call("read_text", positional_encoding).removed(PyVersion::new(3, 13)),
            Member::check_call("open_text", positional_encoding).removed(PyVersion::new(3, 13)),
            Member::call_only("contents", contents).deprecated(PyVersion::new(3, 11), None),
            Member::check_call("files", files_package)
                .deprecated(PyVersion::new(3, 12), Some(PyVersion::new(3, 15))),
        ],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "importlib.machinery",
        members: &[
            Member::rename(
                "DEBUG_BYTECODE_SUFFIXES",
                "importlib.machinery.BYTECODE_SUFFIXES",
            )
            .deprecated(PyVersion::new(3, 12), None),
            Member::rename(
                "OPTIMIZED_BYTECODE_SUFFIXES",
                "importlib.machinery.BYTECODE_SUFFIXES",
            )
            .deprecated(PyVersion::new(3, 12), None),
        ],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "importlib.machinery.PathFinder",
        members: &[
            Member::report("find_module", LEGACY_FINDER),
            Member::report("find_loader", LEGACY_FINDER),
        ],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "importlib.machinery.FileFinder",
        members: &[
            Member::report("find_module", LEGACY_FINDER),
            Member::report("find_loader", LEGACY_FINDER),
        ],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "importlib.machinery.BuiltinImporter",
        members: &[
            Member::report("find_module", LEGACY_FINDER),
            Member::report("find_loader", LEGACY_FINDER),
        ],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "importlib.machinery.FrozenImporter",
        members: &[
            Member::report("find_module", LEGACY_FINDER),
            Member::report("find_loader", LEGACY_FINDER),
        ],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "zipimport.zipimporter",
        members: &[
            Member::report("find_module", LEGACY_FINDER),
            Member::report("find_loader", LEGACY_FINDER),
            Member::report("load_module", LOAD_MODULE)
                .deprecated(PyVersion::new(3, 10), Some(PyVersion::new(3, 15))),
        ],
        other_members: "",
        successor: None,
        shared_state: false,
    },
];

/// `load_module()` of the loaders of `importlib.machinery` and `importlib.util` (and
/// `zipimporter`), found by this rewrite's own code from the receiver; reported on every target.
static METHODS: [RemovedModule; 1] = [RemovedModule {
    module: "importlib.abc",
    members: &[
        Member::own("Loader.load_module", LOAD_MODULE, ApiFix::Manual)
            .scheduled(PyVersion::new(3, 15)),
    ],
    other_members: "",
    successor: None,
    shared_state: false,
}];

fn debug_override(site: &CallSite<'_, '_>) -> Option<CallIssue> {
    let arg = site.param(1, "debug_override")?;
    let message =
        "`debug_override` of `cache_from_source` is deprecated (it warns); use `optimization`"
            .to_owned();
    let optimization = match site.literal_bool(arg) {
        Some(true) => format!("optimization={q}{q}", q = site.quote()),
        Some(false) => "optimization=1".to_owned(),
        None => return Some(CallIssue { message, fix: Err("`debug_override` is not a literal: pass `optimization=\"\"` for debug (no optimization) or `optimization=1`".into()) }),
    };
    if site.expect_params(&["path", "debug_override"]).is_err() {
        return Some(CallIssue {
            message,
            fix: Err("called with other arguments; rewrite it by hand".into()),
        });
    }
    let function = site.call.child_by_field_name("function")?;
    let path = site.param(0, "path")?;
    Some(CallIssue {
        message,
        fix: Ok(CallFix::safe(format!(
            "{}({}, {optimization})",
            site.ctx().text_of(function),
            path.text
        ))),
    })
}

fn positional_encoding(site: &CallSite<'_, '_>) -> Option<CallIssue> {
    use crate::kit::moves::ArgKind;
    let positional: Vec<_> = site
        .args
        .iter()
        .filter(|a| a.kind == ArgKind::Positional)
        .collect();
    if positional.len() < 3
        || site
            .args
            .iter()
            .any(|a| matches!(a.kind, ArgKind::Star | ArgKind::DoubleStar))
    {
        return None;
    }
    let message =
        "since Python 3.13 a third positional argument is another path name, not the encoding"
            .to_owned();
    // More than four positionals (a TypeError before 3.13) would leave one after the keywords;
    // a parameter also passed by keyword would be repeated: both are invalid syntax.
    if positional.len() > 4 {
        return Some(CallIssue {
            message,
            fix: Err("more positional arguments than `encoding` and `errors`".to_owned()),
        });
    }
    if let Some(name) = site.passed_twice(&["package", "resource", "encoding", "errors"]) {
        return Some(CallIssue {
            message,
            fix: Err(format!(
                "`{name}` is passed by position and by keyword (the call raises TypeError)"
            )),
        });
    }
    let mut text = site.ctx().text_of(site.call).to_owned();
    let start = site.call.start_byte();
    for (arg, name) in positional.iter().skip(2).zip(["encoding", "errors"]).rev() {
        let at = arg.value.start_byte() - start;
        text.insert_str(at, &format!("{name}="));
    }
    Some(CallIssue {
        message,
        fix: Ok(CallFix::safe(text)),
    })
}

fn contents(site: &CallSite<'_, '_>) -> Result<CallFix, String> {
    site.expect_params(&["package"])?;
    let package = site.param(0, "package").ok_or("called without a package")?;
    let files = site.require("importlib.resources.files")?;
    Ok(CallFix::safe(format!(
        "[path.name for path in {files}({}).iterdir()]",
        package.text
    )))
}

impl ImportlibLegacyApis {
    /// `loader.load_module(name)` where the loader comes from `importlib.machinery`.
    fn load_module<'t>(
        &self,
        call: Node<'t>,
        receiver: Node<'t>,
        ctx: &Context<'_, 't>,
        out: &mut Vec<Finding>,
    ) {
        let from_importlib = crate::kit::syntax::origin(receiver, ctx).is_some_and(|q| {
            q.starts_with("importlib.machinery.")
                || q.starts_with("importlib.util.")
                || q == "zipimport.zipimporter"
        });
        if !from_importlib {
            return;
        }
        let entry = &METHODS[0].members[0];
        let Some(Own { instead, change, .. }) = entry.own_in(&Self::META) else {
            return;
        };
        out.push(
            Finding::new(
                Self::META.id,
                call.byte_range(),
                format!(
                    "`{}()` of importlib loaders{}",
                    entry.short_name(),
                    change.describe_for(ctx.versions.target)
                ),
            )
            .with_note(instead),
        );
    }
}

/// `files(package=x)` → `files(x)`: the parameter was renamed `anchor` in Python 3.12 (the old
/// keyword warns) and the old name is gone in 3.15. The same object either way.
fn files_package(site: &CallSite<'_, '_>) -> Option<CallIssue> {
    let arg = site.args.iter().find(|a| a.keyword == Some("package"))?;
    let message = crate::kit::deprecation(
        "`importlib.resources.files(package=...)`",
        Some(PyVersion::new(3, 12)),
        PyVersion::new(3, 15),
        site.ctx().versions.target,
    );
    if site.args.len() != 1 {
        return Some(CallIssue {
            message,
            fix: Err("`package=` is passed with other arguments".to_owned()),
        });
    }
    let func = site
        .ctx()
        .text_of(site.call.child_by_field_name("function")?);
    let fix = if site.loses_comments() {
        CallFix::unsafe_(
            format!("{func}({})", arg.text),
            "comments inside the call are dropped",
        )
    } else {
        CallFix::safe(format!("{func}({})", arg.text))
    };
    Some(CallIssue {
        message,
        fix: Ok(fix),
    })
}

impl Check for ImportlibLegacyApis {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_changed(&Self::META, &MODULES, m, ctx, out);
        if let (Some(call), Some(receiver)) = (m.get("load_module"), m.get("receiver")) {
            self.load_module(call, receiver, ctx, out);
        }
    }
}
