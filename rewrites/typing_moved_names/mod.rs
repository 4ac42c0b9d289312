use crate::kit::declare::Check;
use crate::kit::typing::{remove_unused_imports, unsafe_for_class_bases};
use snakeshift_engine::activation::Probe;
use snakeshift_engine::fix::{Applicability, Finding, Fix};
use crate::kit::moves::{Action, Member, RemovedModule, Rename, check_changed_import};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;

rewrite! {
    /// # typing-moved-names
    ///
    /// ## What it does
    /// Imports the deprecated `typing` aliases from where the real classes live:
    /// `Sequence`, `Mapping`, `Iterable`, `Callable` and the other abstract base classes from
    /// `collections.abc` (`AbstractSet` as `collections.abc.Set`), `Pattern` and `Match` from
    /// `re`, `ContextManager` and `AsyncContextManager` from `contextlib`; `typing.re.*` and
    /// `typing.io.*` (removed in Python 3.13) from `re` and `typing`; and `typing_extensions`
    /// backports from `typing` once the minimum supported Python has the `typing` copy with
    /// the same behaviour (ruff's table: `Literal` at 3.10, `Self` at 3.11, `Protocol` and
    /// `override` at 3.12, `TypeVar` and `get_type_hints` at 3.13, `deprecated` at 3.14;
    /// never `TypedDict` or `is_typeddict`, whose backports do more…). `from` imports
    /// are moved (`from typing import Sequence, Optional` keeps `Optional` and adds
    /// `from collections.abc import Sequence`), attribute uses are rewritten
    /// (`typing.Sequence[int]` → `collections.abc.Sequence[int]` with `import collections.abc`),
    /// and `typing` imports left unused are removed.
    ///
    /// ## Why
    /// The `typing` aliases are deprecated since Python 3.9; `typing.io` and `typing.re` were
    /// removed in 3.13; `typing_extensions` is a dependency a project no longer needs once
    /// `typing` caught up.
    ///
    /// ## Example
    /// ```python
    /// from typing import Callable, Iterator, Optional
    /// ```
    /// becomes
    /// ```python
    /// from typing import Optional
    /// from collections.abc import Callable, Iterator
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the names are the same classes (the `typing` aliases subclass-check and subscript
    /// like them from Python 3.9, `Callable` from 3.10, which is why each move waits for the
    /// minimum supported version; `typing_extensions` names wait for the release whose
    /// `typing` copy behaves like the backport). `ByteString` is not moved: it is deprecated in
    /// both places and only removed in 3.17.
    TypingMovedNames {
        id: "typing-moved-names",
        group: "typing",
        summary: "typing.Sequence -> collections.abc, typing.re -> re, typing_extensions -> typing",
        query: include_str!("query.scm"),
        triggers: &["typing"],
        removed_in: None,
        fix: FixSafety::Safe,
        readme: ("typing", "`typing` ABCs → `collections.abc` (`Callable` from 3.10), `Pattern`/`Match` → `re`, `ContextManager` → `contextlib`, `typing.re`/`typing.io` (removed in 3.13), `typing_extensions` backports → `typing` once the minimum Python's copy behaves the same (ruff's table)", "safe"),
        activate: may_use_moved_names,
        removed_apis: &[&MODULES],
    }
}

/// Whether the file can use a moved name: it imports `typing.re` or `typing.io`, or a
/// member of `typing` or `typing_extensions` that can move at the minimum Python (by name,
/// `*`, or `typing.X` with the module imported), or uses `typing.re` / `typing.io`.
fn may_use_moved_names(p: &Probe<'_>) -> bool {
    let movable = |m: &&Member| match &m.action {
        Action::Rename(r) => r.since.is_none_or(|v| p.versions.has(v)),
        _ => true,
    };
    p.imports_any(&["typing.re", "typing.io"])
        || p.imports("typing_extensions")
            && TYPING_EXTENSIONS
                .iter()
                .filter(movable)
                .any(|m| p.imports_name("typing_extensions", m.name))
        || p.imports("typing")
            && (p.imports_name("typing", "re")
                || p.imports_name("typing", "io")
                || TYPING
                    .iter()
                    .filter(movable)
                    .any(|m| p.imports_name("typing", m.name)))
}

const V39: Option<PyVersion> = Some(PyVersion::new(3, 9));

const fn to(name: &'static str, target: &'static str, since: Option<PyVersion>) -> Member {
    Member {
        name,
        action: Action::Rename(Rename {
            to: target,
            applicability: Applicability::Safe,
            note: "",
            since,
        }),
        change: None,
    }
}

/// Moves a `typing_extensions` name to `typing` once Python 3.`minor` has it.
const fn ext(name: &'static str, target: &'static str, minor: u8) -> Member {
    to(name, target, Some(PyVersion::new(3, minor)))
}

static TYPING: [Member; 28] = [
    to("AsyncGenerator", "collections.abc.AsyncGenerator", V39),
    to("AsyncIterable", "collections.abc.AsyncIterable", V39),
    to("AsyncIterator", "collections.abc.AsyncIterator", V39),
    to("Awaitable", "collections.abc.Awaitable", V39),
    to("Collection", "collections.abc.Collection", V39),
    to("Container", "collections.abc.Container", V39),
    to("Coroutine", "collections.abc.Coroutine", V39),
    to("Generator", "collections.abc.Generator", V39),
    to("Hashable", "collections.abc.Hashable", V39),
    to("ItemsView", "collections.abc.ItemsView", V39),
    to("Iterable", "collections.abc.Iterable", V39),
    to("Iterator", "collections.abc.Iterator", V39),
    to("KeysView", "collections.abc.KeysView", V39),
    to("Mapping", "collections.abc.Mapping", V39),
    to("MappingView", "collections.abc.MappingView", V39),
    to("MutableMapping", "collections.abc.MutableMapping", V39),
    to("MutableSequence", "collections.abc.MutableSequence", V39),
    to("MutableSet", "collections.abc.MutableSet", V39),
    to("Reversible", "collections.abc.Reversible", V39),
    to("Sequence", "collections.abc.Sequence", V39),
    to("Sized", "collections.abc.Sized", V39),
    to("ValuesView", "collections.abc.ValuesView", V39),
    to(
        "Callable",
        "collections.abc.Callable",
        Some(PyVersion::new(3, 10)),
    ),
    to("AbstractSet", "collections.abc.Set", V39),
    to("ContextManager", "contextlib.AbstractContextManager", V39),
    to(
        "AsyncContextManager",
        "contextlib.AbstractAsyncContextManager",
        V39,
    ),
    to("Pattern", "re.Pattern", V39),
    to("Match", "re.Match", V39),
];

static TYPING_EXTENSIONS: [Member; 66] = [
    // In `typing` with the same behaviour since Python 3.5/3.6.
    ext("AbstractSet", "typing.AbstractSet", 0),
    ext("AnyStr", "typing.AnyStr", 0),
    ext("BinaryIO", "typing.BinaryIO", 0),
    ext("ClassVar", "typing.ClassVar", 0),
    ext("Generic", "typing.Generic", 0),
    ext("IO", "typing.IO", 0),
    ext("Match", "typing.Match", 0),
    ext("Pattern", "typing.Pattern", 0),
    ext("TYPE_CHECKING", "typing.TYPE_CHECKING", 0),
    ext("Text", "typing.Text", 0),
    ext("TextIO", "typing.TextIO", 0),
    ext("cast", "typing.cast", 0),
    ext("no_type_check", "typing.no_type_check", 0),
    ext("ForwardRef", "typing.ForwardRef", 7),
    ext("NoReturn", "typing.NoReturn", 7),
    ext("Final", "typing.Final", 8),
    ext("Annotated", "typing.Annotated", 9),
    ext("Concatenate", "typing.Concatenate", 10),
    ext("Literal", "typing.Literal", 10),
    ext("NewType", "typing.NewType", 10),
    ext("ParamSpecArgs", "typing.ParamSpecArgs", 10),
    ext("ParamSpecKwargs", "typing.ParamSpecKwargs", 10),
    ext("TypeAlias", "typing.TypeAlias", 10),
    ext("TypeGuard", "typing.TypeGuard", 10),
    ext("get_args", "typing.get_args", 10),
    ext("get_origin", "typing.get_origin", 10),
    ext("Any", "typing.Any", 11),
    ext("LiteralString", "typing.LiteralString", 11),
    ext("Never", "typing.Never", 11),
    ext("NotRequired", "typing.NotRequired", 11),
    ext("Required", "typing.Required", 11),
    ext("Self", "typing.Self", 11),
    ext("assert_never", "typing.assert_never", 11),
    ext("assert_type", "typing.assert_type", 11),
    ext("clear_overloads", "typing.clear_overloads", 11),
    ext("final", "typing.final", 11),
    ext("get_overloads", "typing.get_overloads", 11),
    ext("overload", "typing.overload", 11),
    ext("reveal_type", "typing.reveal_type", 11),
    ext("SupportsAbs", "typing.SupportsAbs", 12),
    ext("SupportsBytes", "typing.SupportsBytes", 12),
    ext("SupportsComplex", "typing.SupportsComplex", 12),
    ext("SupportsFloat", "typing.SupportsFloat", 12),
    ext("SupportsIndex", "typing.SupportsIndex", 12),
    ext("SupportsInt", "typing.SupportsInt", 12),
    ext("SupportsRound", "typing.SupportsRound", 12),
    ext("TypeAliasType", "typing.TypeAliasType", 12),
    ext("Unpack", "typing.Unpack", 12),
    ext("NamedTuple", "typing.NamedTuple", 12),
    ext("dataclass_transform", "typing.dataclass_transform", 12),
    ext("override", "typing.override", 12),
    ext("Buffer", "collections.abc.Buffer", 12),
    ext("get_original_bases", "types.get_original_bases", 12),
    ext("get_protocol_members", "typing.get_protocol_members", 13),
    ext("is_protocol", "typing.is_protocol", 13),
    ext("NoDefault", "typing.NoDefault", 13),
    ext("ReadOnly", "typing.ReadOnly", 13),
    ext("TypeIs", "typing.TypeIs", 13),
    ext("Protocol", "typing.Protocol", 13),
    ext("runtime_checkable", "typing.runtime_checkable", 13),
    ext("TypeVar", "typing.TypeVar", 13),
    ext("ParamSpec", "typing.ParamSpec", 13),
    ext("TypeVarTuple", "typing.TypeVarTuple", 13),
    // typing_extensions backports 3.13's `get_type_hints` (PEP 696 defaults, `ReadOnly`).
    ext("get_type_hints", "typing.get_type_hints", 13),
    ext("CapsuleType", "types.CapsuleType", 13),
    // typing_extensions keeps its own `deprecated` before 3.13.3 (a fix for wrapped
    // `__new__`); a minimum of "3.13" includes 3.13.0.
    ext("deprecated", "warnings.deprecated", 14),
    // Never moved: `typing_extensions.TypedDict` backports PEP 728 (`closed=`,
    // `extra_items=`) and stays its own class on every Python so far, and its
    // `is_typeddict` also recognises that class (`typing.is_typeddict` does not).
];

static MODULES: [RemovedModule; 4] = [
    RemovedModule {
        module: "typing",
        members: &TYPING,
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "typing.re",
        members: &[
            to("Pattern", "re.Pattern", V39),
            to("Match", "re.Match", V39),
        ],
        other_members: "`typing.re` was removed in Python 3.13: use the `re` module",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "typing.io",
        members: &[
            to("IO", "typing.IO", None),
            to("TextIO", "typing.TextIO", None),
            to("BinaryIO", "typing.BinaryIO", None),
        ],
        other_members: "`typing.io` was removed in Python 3.13: use `typing`",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "typing_extensions",
        members: &TYPING_EXTENSIONS,
        other_members: "",
        successor: None,
        shared_state: false,
    },
];

impl Check for TypingMovedNames {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        let Some(stmt) = m.get("import") else { return };
        let start = out.len();
        check_changed_import(&Self::META, &MODULES, stmt, ctx, out);
        // A move out of `typing` (to `collections.abc`, `re`, `contextlib`) writes a final
        // form; one into `typing` may move again (`typing_extensions.AbstractSet` becomes
        // `typing.AbstractSet`, then `collections.abc.Set`).
        for f in &mut out[start..] {
            if f.fix.as_ref().is_some_and(|x| x.edits.iter().all(|e| !e.content.contains("typing"))) {
                f.fix = f.fix.take().map(Fix::as_final);
            }
        }
        let aliases: Vec<&str> = TYPING.iter().map(|m| m.name).collect();
        unsafe_for_class_bases(ctx, stmt, &aliases, &mut out[start..]);
        remove_unused_imports(Self::META.id, ctx, stmt, out);
    }
}
