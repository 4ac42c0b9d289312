use crate::kit::declare::Check;
use crate::kit::union::{Kind, check};
use snakeshift_engine::fix::Finding;
use snakeshift_engine::rewrite::{Context, FixSafety, Match};

rewrite! {
    /// # typing-union
    ///
    /// ## What it does
    /// Rewrites `Union[A, B]` (PEP 604) as `A | B`, wherever the result is valid for every
    /// Python between the minimum supported version and the target: annotations, `cast()`
    /// types, `TypeVar` bounds, type aliases, string annotations; `isinstance(x, Union[A, B])`
    /// becomes `isinstance(x, (A, B))`. Nested unions and `Optional`s are flattened,
    /// `Union[(A, B)]` is unpacked, repeated members are dropped as typing drops them
    /// (`Union[int, int]` → `int`, `Union[None, None]` → `None` in annotations), and `import typing as t`, `from typing import Union as U` and
    /// `typing_extensions.Union` are recognised. The layout is kept: a union spanning lines
    /// keeps its line breaks and comments inside parentheses.
    ///
    /// ## Why
    /// `X | Y` has been the documented spelling since Python 3.10, and on Python 3.14
    /// `typing.Union[X, Y]` and `X | Y` are the same object.
    ///
    /// ## Example
    /// ```python
    /// def f(x: Union[int, str], y: "Union[Foo, None]") -> Union[List[int], None]: ...
    /// ```
    /// becomes
    /// ```python
    /// def f(x: int | str, y: "Foo | None") -> List[int] | None: ...
    /// ```
    ///
    /// ## Fix safety
    /// Safe where the result evaluates on every supported Python (3.10+ for annotations and
    /// typing-only expressions; stubs always; `isinstance` tuples always). Unsafe where it is
    /// valid only because it is never evaluated (deferred annotations under
    /// `from __future__ import annotations`, local variable annotations, `if TYPE_CHECKING:`)
    /// while the minimum Python is older than 3.10, because runtime introspection such as
    /// `typing.get_type_hints()` or pydantic then fails; unsafe too for a union used as a value
    /// (a type alias) below 3.14, where `typing.get_origin()` sees a different object; and
    /// unsafe when a comment would be lost. Reported without a fix: members that are not plain
    /// type expressions (slices, `*Ts`/`Unpack[Ts]`, walrus, lambda, `yield`, `...`, literals,
    /// tuples, `NamedTuple`), `Union[()]`, `Union[None, None]` and `Union[types]` used as
    /// values, forward references in a union used as a value, and runtime uses below 3.10.
    TypingUnion {
        id: "typing-union",
        group: "typing",
        summary: "Union[A, B] -> A | B (PEP 604)",
        query: include_str!("query.scm"),
        triggers: &["Union"],
        removed_in: None,
        fix: FixSafety::Mixed,
        readme: ("typing", r#"`Union[A, B]` → `A \| B` (nested unions and `Optional`s flattened, `Union[(A, B)]` unpacked, repeated members dropped as typing does; `isinstance(x, Union[A, B])` → `isinstance(x, (A, B))`)"#, "per position (above); unsafe if a comment would be lost"),
        whole_words: true,
        requires: &["typing"],
        reads_strings: true,
        activate: crate::kit::activation::names_a_typing_member,
    }
}

impl Check for TypingUnion {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check(&Self::META, Kind::Union, m, ctx, out);
    }
}
