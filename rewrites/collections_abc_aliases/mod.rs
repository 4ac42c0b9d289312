use crate::kit::declare::Check;
use crate::kit::check_changed;
use snakeshift_engine::fix::Finding;
use crate::kit::moves::{Member, RemovedModule};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;

rewrite! {
    /// # collections-abc-aliases
    ///
    ///
    /// ## What it does
    /// Points the abstract base classes that `collections` re-exported (`Mapping`,
    /// `MutableMapping`, `Sequence`, `Iterable`, `Callable`, `Hashable`, `Set`, …) at
    /// `collections.abc`, in imports (`from collections import Mapping` becomes
    /// `from collections.abc import Mapping`) and in attribute uses (`collections.Mapping`).
    ///
    /// ## Why
    /// The aliases were deprecated since Python 3.3 and removed in 3.10: code written for 3.7 and
    /// older fails with `ImportError` / `AttributeError`.
    ///
    /// ## Example
    /// ```python
    /// from collections import Mapping, OrderedDict
    /// ```
    /// becomes
    /// ```python
    /// from collections import OrderedDict
    /// from collections.abc import Mapping
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the same classes.
    CollectionsAbcAliases {
        id: "collections-abc-aliases",
        group: "collections",
        summary: "collections.Mapping/Sequence/Iterable/Callable/... -> collections.abc.* (safe)",
        query: include_str!("query.scm"),
        triggers: &["collections"],
        removed_in: Some(PyVersion::new(3, 10)),
        fix: FixSafety::Safe,
        readme: ("other", "`collections.Mapping` & co → `collections.abc`", "safe"),
        activate: |p| crate::kit::activation::uses_members(p, &MODULES),
        removed_apis: &[&MODULES],
    }
}

static MODULES: [RemovedModule; 1] = [RemovedModule {
    module: "collections",
    members: &[
        Member::rename("Awaitable", "collections.abc.Awaitable"),
        Member::rename("Coroutine", "collections.abc.Coroutine"),
        Member::rename("AsyncIterable", "collections.abc.AsyncIterable"),
        Member::rename("AsyncIterator", "collections.abc.AsyncIterator"),
        Member::rename("AsyncGenerator", "collections.abc.AsyncGenerator"),
        Member::rename("Hashable", "collections.abc.Hashable"),
        Member::rename("Iterable", "collections.abc.Iterable"),
        Member::rename("Iterator", "collections.abc.Iterator"),
        Member::rename("Generator", "collections.abc.Generator"),
        Member::rename("Reversible", "collections.abc.Reversible"),
        Member::rename("Sized", "collections.abc.Sized"),
        Member::rename("Container", "collections.abc.Container"),
        Member::rename("Callable", "collections.abc.Callable"),
        Member::rename("Collection", "collections.abc.Collection"),
        Member::rename("Set", "collections.abc.Set"),
        Member::rename("MutableSet", "collections.abc.MutableSet"),
        Member::rename("Mapping", "collections.abc.Mapping"),
        Member::rename("MutableMapping", "collections.abc.MutableMapping"),
        Member::rename("MappingView", "collections.abc.MappingView"),
        Member::rename("KeysView", "collections.abc.KeysView"),
        Member::rename("ItemsView", "collections.abc.ItemsView"),
        Member::rename("ValuesView", "collections.abc.ValuesView"),
        Member::rename("Sequence", "collections.abc.Sequence"),
        Member::rename("MutableSequence", "collections.abc.MutableSequence"),
        Member::rename("ByteString", "collections.abc.ByteString"),
    ],
    other_members: "",
    successor: None,
    shared_state: false,
}];

impl Check for CollectionsAbcAliases {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_changed(&Self::META, &MODULES, m, ctx, out);
    }
}
