use crate::kit::declare::Check;
use crate::kit::union::{Kind, check};
use snakeshift_engine::fix::Finding;
use snakeshift_engine::rewrite::{Context, FixSafety, Match};

rewrite! {
    /// # typing-optional
    ///
    /// ## What it does
    /// Rewrites `Optional[A]` as `A | None` (PEP 604), with the same positions, flattening and
    /// layout rules as `typing-union`: `Optional[Union[A, B]]` becomes `A | B | None`,
    /// `Optional[Optional[A]]` becomes `A | None`, `Optional[None | A]` becomes `None | A` (one
    /// `None`, as typing keeps), `Optional[None]` becomes `None` in annotations,
    /// `Optional["Foo"]` in an annotation becomes
    /// `"Foo | None"`, and `isinstance(x, Optional[int])` becomes
    /// `isinstance(x, (int, type(None)))`.
    ///
    /// ## Why
    /// `A | None` has been the documented spelling since Python 3.10. It is a separate rewrite
    /// from `typing-union` because many teams keep `Optional`: `--ignore typing-optional`.
    ///
    /// ## Example
    /// ```python
    /// def find(key: str) -> Optional[Record]: ...
    /// ```
    /// becomes
    /// ```python
    /// def find(key: str) -> Record | None: ...
    /// ```
    ///
    /// ## Fix safety
    /// As `typing-union`: safe where `|` evaluates on every supported Python, unsafe where it
    /// is valid only because it is not evaluated (or for a type used as a value below 3.14, or
    /// when a comment would be lost). `Optional[None | None]` → `None` is unsafe: the original
    /// raises TypeError when evaluated. `Optional[A, B]`, `Optional[None]` used as a value
    /// (`NoneType`, not `None`) and members that are not plain type expressions are reported.
    TypingOptional {
        id: "typing-optional",
        group: "typing",
        summary: "Optional[A] -> A | None (PEP 604)",
        query: include_str!("query.scm"),
        triggers: &["Optional"],
        removed_in: None,
        fix: FixSafety::Mixed,
        readme: ("typing", r#"`Optional[A]` → `A \| None`, separately selectable for teams that keep `Optional`"#, "per position"),
        whole_words: true,
        requires: &["typing"],
        reads_strings: true,
        activate: crate::kit::activation::names_a_typing_member,
    }
}

impl Check for TypingOptional {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check(&Self::META, Kind::Optional, m, ctx, out);
    }
}
