use crate::kit::declare::Check;
use crate::kit::activation;
use crate::kit::check_changed;
use snakeshift_engine::activation::Probe;
use snakeshift_engine::fix::{Edit, Finding, Fix};
use crate::kit::moves::{Member, RemovedModule};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;
use tree_sitter::Node;

rewrite! {
    /// # runtime-behaviour-changes
    ///
    ///
    /// ## What it does
    /// Reports behaviour that changed in Python 3.12–3.14 without a name disappearing, or that warns
    /// and has no mechanical rewrite:
    ///
    /// - `return`, `break` or `continue` leaving a `finally` block (PEP 765: a `SyntaxWarning`
    ///   since 3.14, an error under `-W error`);
    /// - programs that start processes (`multiprocessing.Process`, `Pool`,
    ///   `ProcessPoolExecutor`) without choosing a start method: the default on Linux is
    ///   `forkserver` since 3.14, so globals set at run time and unpicklable targets no longer
    ///   reach the child (`multiprocessing.get_context("fork")` keeps the old behaviour);
    /// - `x is Union[…]` / `is Optional[…]`: unions are no longer distinct cached objects (compare
    ///   with `==`);
    /// - `SomeClass.__annotations__` read directly: annotations are evaluated lazily since 3.14
    ///   (use `annotationlib.get_annotations()` / `inspect.get_annotations()`);
    /// - `@classmethod` stacked over `@property` (removed in 3.13: `A.x` is now a bound method);
    /// - `copy.copy` / `copy.deepcopy` / `pickle.dumps` of an `itertools` iterator (3.14: `TypeError`);
    /// - test methods (of a `TestCase` or `IsolatedAsyncioTestCase`) that return a value
    ///   (deprecated: the value is ignored);
    /// - `code.co_lnotab` (warns since 3.12), `TracebackException.exc_type` (warns since 3.13) and
    ///   the `_use_broken_old_ctypes_structure_semantics_` flag (removed in 3.12);
    /// - `isinstance(x, ByteString)` (warns since 3.14, removed in 3.17; use
    ///   `collections.abc.Buffer` or `(bytes, bytearray, memoryview)`), and `typing.AnyStr` at a
    ///   target of 3.16 or later;
    /// - the `"N"` format of `decimal.Decimal` (warns since 3.14), `Wave_read.getmark()` /
    ///   `getmarkers()` and `Wave_write.setmark()` (warn), `symtable.Class.get_methods()` (warns),
    ///   `ctypes.POINTER("name")` and `_pack_` without `_layout_` (warn), and assignments to
    ///   a module's `__package__`, `__cached__` or `__loader__` (the import system stops reading
    ///   them).
    ///
    /// ## Why
    /// Each of these changes behaviour silently or will raise in a coming release; none has a
    /// rewrite that is right for every program.
    ///
    /// ## Example
    /// ```python
    /// try:
    ///     work()
    /// finally:
    ///     return result
    /// ```
    /// is reported: "`return` in `finally` swallows exceptions; a `SyntaxWarning` since Python 3.14".
    ///
    /// - With `--target-version 3.15`: reading a module's `__cached__` (`module.__cached__`, or
    ///   the global `__cached__`), which Python 3.15 no longer sets, becomes
    ///   `module.__spec__.cached` / `__spec__.cached`; `co_lnotab` is reported as removed.
    ///
    /// ## Fix safety
    /// No fix, except for `__cached__`: each needs a decision about what the program means. The
    /// `__cached__` → `__spec__.cached` fix is unsafe: `__spec__` is `None` for a script run as
    /// `__main__` and for modules made by hand.
    RuntimeBehaviourChanges {
        id: "runtime-behaviour-changes",
        group: "python",
        summary: "reported: return/break/continue in finally, multiprocessing's new default start method, Union identity, class __annotations__, @classmethod over @property, copy/pickle of itertools iterators, test methods returning values, ByteString/AnyStr, decimal 'N', wave markers, symtable get_methods, ctypes POINTER(str)/_pack_, module __package__/__cached__/__loader__ assignments",
        query: include_str!("query.scm"),
        triggers: &["co_lnotab", "exc_type", "def test", "_use_broken", "finally", "multiprocessing", "ProcessPool", "Pool(", "Process(", "N\"", "N'", "Union[", "Optional[", "__annotations__", "@classmethod", "copy", "dump", "ByteString", "AnyStr", "decimal", "getmark", "setmark", "get_methods", "POINTER", "_pack_", "__package__", "__cached__", "__loader__"],
        removed_in: None,
        fix: FixSafety::Unsafe,
        readme: ("other", r#"reported: `return`/`break`/`continue` in `finally`, multiprocessing's `forkserver` default, `x is Union[…]`, `Class.__annotations__`, `@classmethod` over `@property`, copy/pickle of `itertools` iterators, `isinstance(x, ByteString)`, `typing.AnyStr` (3.16+), decimal `"N"`, wave markers, `symtable` `get_methods`, `ctypes.POINTER("name")`, `_pack_` without `_layout_`, module `__package__`/`__cached__`/`__loader__` assignments, `co_lnotab`, `TracebackException.exc_type`, test methods returning values, the old ctypes structure flag"#, "report"),
        reach: snakeshift_engine::rewrite::Reach::Block,
        reads_strings: true,
        activate: may_change_behaviour,
        activate_per_hit: true,
        removed_apis: &[&MODULES],
    }
}

/// Whether one of the shapes this rewrite reports can be in the file: each trigger word is
/// looked at in its line (a `finally:` block with a jump out, a test method returning a
/// value, `@classmethod` over `@property`, `… is Union[…]`, a process started with the module
/// imported, …).
fn may_change_behaviour(p: &Probe<'_>) -> bool {
    let text = p.text();
    p.hit_lines().any(|(hit, line)| {
        let word = &text[hit.clone()];
        if matches!(word, b"N\"" | b"N'") {
            // A format spec: a string, formatted with `decimal` imported.
            return p.imports("decimal") && p.has_word("format");
        }
        if !p.in_code(hit.start) {
            return false;
        }
        match word {
            b"finally" => {
                let jumps = |code: &[u8]| {
                    ["return", "break", "continue"]
                        .iter()
                        .any(|w| activation::has_word(code, w))
                };
                jumps(line) || p.block_after(hit.start).iter().any(|l| jumps(p.code_of(l)))
            }
            b"def test" => {
                p.contains_in_code(b"TestCase")
                    && in_a_class_body(p, hit.start)
                    && p.line_at(hit.start).is_some_and(|l| {
                        returns_value(p, l)
                            || own_lines(p, p.block_after(hit.start)).any(|l| returns_value(p, l))
                    })
            }
            b"@classmethod" => p
                .next_line(hit.start)
                .is_some_and(|next| next.starts_with(b"@property")),
            b"multiprocessing" | b"ProcessPool" | b"Pool(" | b"Process(" => {
                p.imports_any(&["multiprocessing", "concurrent"])
            }
            b"Union[" | b"Optional[" => activation::has_word(line, "is"),
            b"copy" | b"dump" => {
                p.imports("itertools") && copies_a_call_of(p, hit.clone(), "itertools")
            }
            b"decimal" => false,
            b"AnyStr" => p.versions.target >= PyVersion::new(3, 16),
            b"ByteString" => {
                activation::before(text, hit.start).ends_with(b".")
                    || activation::has_word(line, "isinstance")
                    || activation::has_word(line, "issubclass")
            }
            // Read anywhere: a module's `__cached__` is gone in 3.15.
            b"__cached__" => true,
            b"__package__" | b"__loader__" => {
                let rest = activation::after(text, hit.end);
                activation::before(text, hit.start).ends_with(b".")
                    && rest.starts_with(b"=")
                    && !rest.starts_with(b"==")
            }
            b"getmark" | b"setmark" | b"get_methods" | b"co_lnotab" | b"exc_type"
            | b"__annotations__" => activation::before(text, hit.start).ends_with(b"."),
            b"POINTER" => activation::after(text, hit.end)
                .strip_prefix(b"(")
                .is_some_and(|a| matches!(a.trim_ascii_start().first(), Some(b'"' | b'\''))),
            _ => true,
        }
    })
}

/// Whether a logical line may return a value: `return` in code (an inline body included)
/// followed by something other than nothing, `None`, `;` or a comment.
fn returns_value(p: &Probe<'_>, line: &snakeshift_engine::scan::Line) -> bool {
    let code = p.code_of(line);
    snakeshift_engine::scan::word_occurrences(code, b"return").any(|at| {
        let rest = activation::after(code, at + 6);
        p.in_code(line.code + at)
            && !matches!(rest, b"" | b"None" | b";")
            && !rest.starts_with(b"#")
            && !rest.starts_with(b"None;")
    })
}

/// Whether the statement at `offset` can be in a class body: the nearest enclosing
/// `class` or `def` header (or its own line, for an inline body) is a `class`.
fn in_a_class_body(p: &Probe<'_>, offset: usize) -> bool {
    let header = |l: &snakeshift_engine::scan::Line| {
        activation::definition(p.code_of(l)).map(|(keyword, _)| keyword == "class")
    };
    let lines = p.lines();
    let i = lines.partition_point(|l| l.end <= offset);
    let Some(own) = lines.get(i) else {
        return false;
    };
    if header(own) == Some(true) {
        return true;
    }
    let mut indent = own.indent;
    for l in lines[..i].iter().rev() {
        if l.indent < indent {
            if let Some(is_class) = header(l) {
                return is_class;
            }
            indent = l.indent;
        }
    }
    false
}

/// The lines of a block that belong to its own function: those of nested functions and
/// classes are left out (a `return` there is theirs).
fn own_lines<'a>(
    p: &'a Probe<'_>,
    block: &'a [snakeshift_engine::scan::Line],
) -> impl Iterator<Item = &'a snakeshift_engine::scan::Line> + 'a {
    let mut nested: Option<usize> = None;
    block.iter().filter(move |l| {
        if nested.is_some_and(|indent| l.indent > indent) {
            return false;
        }
        nested = activation::definition(p.code_of(l)).map(|_| l.indent);
        nested.is_none()
    })
}

/// Whether a trigger occurrence may copy or pickle the result of a call to `module`
/// (`copy.copy(x(...))`, `pickle.dumps(it.count())`): it is a `copy`/`deepcopy`/`dump`/`dumps`
/// call whose first argument is a call of a name bound from `module` or of an attribute of it.
fn copies_a_call_of(p: &Probe<'_>, hit: std::ops::Range<usize>, module: &str) -> bool {
    let text = p.text();
    let name = activation::identifier_at(text, &hit);
    let end = name.as_ptr() as usize - text.as_ptr() as usize + name.len();
    if !matches!(name, b"copy" | b"deepcopy" | b"dump" | b"dumps") {
        return false;
    }
    let Some(argument) = activation::after(text, end).strip_prefix(b"(") else {
        return false;
    };
    let argument = argument.trim_ascii_start();
    let callee_len = argument
        .iter()
        .position(|&c| !(c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b' ') || c >= 0x80))
        .unwrap_or(argument.len());
    let (callee, rest) = argument.split_at(callee_len);
    rest.starts_with(b"(")
        && callee.split(|&c| c == b'.').any(|part| {
            let part = std::str::from_utf8(part.trim_ascii()).unwrap_or_default();
            part == module || !part.is_empty() && p.imports_name(module, part)
        })
}

static MODULES: [RemovedModule; 1] = [RemovedModule {
    module: "multiprocessing",
    members: &[Member::elsewhere("Process")],
    other_members: "",
    successor: None,
    shared_state: false,
}];

fn note(
    out: &mut Vec<Finding>,
    range: std::ops::Range<usize>,
    message: impl Into<String>,
    advice: &str,
) {
    out.push(Finding::new(RuntimeBehaviourChanges::META.id, range, message).with_note(advice));
}

impl RuntimeBehaviourChanges {
    fn dispatch<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        let target = ctx.versions.target;
        let at_314 = target >= PyVersion::new(3, 14);
        if let Some(finally) = m.get("finally").filter(|_| at_314) {
            self.finally_jumps(finally, ctx, out);
        }
        if let (Some(call), Some(f)) = (m.get("process_call"), m.get("process_fn"))
            && at_314
        {
            self.processes(call, f, ctx, out);
        }
        if let Some(c) = m.get("comparison").filter(|_| at_314) {
            self.union_identity(c, ctx, out);
        }
        if let Some(node) = m.get("annotations_use").filter(|_| at_314) {
            self.annotations(node, ctx, out);
        }
        if let (Some(first), Some(second)) = (m.get("first"), m.get("second"))
            && target >= PyVersion::new(3, 13)
            && ctx.text_of(first).trim() == "@classmethod"
            && ctx.text_of(second).trim() == "@property"
        {
            note(
                out,
                first.byte_range(),
                "chaining `@classmethod` over `@property` was removed in Python 3.13",
                "`A.x` is now a bound method, not the value: use a property on a metaclass, or a plain class method called with `()`",
            );
        }
        if let (Some(call), Some(callee)) = (m.get("any_call"), m.get("callee")) {
            self.calls(call, callee, ctx, out);
        }
        if let Some(node) = m.get("typing_use") {
            self.typing_names(node, ctx, out);
        }
        if let (Some(assign), Some(attr)) = (m.get("module_assign"), m.get("module_attr")) {
            self.module_attributes(assign, attr, ctx, out);
        }
        if let Some(name) = m.get("cached").filter(|_| target >= PyVersion::new(3, 15)) {
            self.cached_read(name, ctx, out);
        }
        if let (Some(node), Some(attr)) = (m.get("legacy_attr_use"), m.get("legacy_attr")) {
            self.legacy_attribute(node, ctx.text_of(attr), ctx, out);
        }
        if let (Some(func), Some(name)) = (m.get("test_method"), m.get("test_name"))
            && ctx.text_of(name).starts_with("test")
        {
            self.test_return(func, ctx, out);
        }
        if let (Some(_), Some(pack)) = (m.get("pack_class"), m.get("pack"))
            && ctx.text_of(pack) == "_use_broken_old_ctypes_structure_semantics_"
            && target >= PyVersion::new(3, 12)
        {
            note(
                out,
                pack.byte_range(),
                "`_use_broken_old_ctypes_structure_semantics_` was removed in Python 3.12",
                "delete it: structures always use the fixed semantics now",
            );
        }
        if let (Some(class), Some(pack)) = (m.get("pack_class"), m.get("pack"))
            && at_314
            && ctx.text_of(pack) == "_pack_"
            && !crate::kit::syntax::class_members(class, ctx)
                .iter()
                .any(|(n, _)| *n == "_layout_")
            && crate::kit::syntax::imports_module(ctx, "ctypes")
        {
            note(
                out,
                pack.byte_range(),
                "`_pack_` without `_layout_` is deprecated on non-Windows platforms (it warns since Python 3.14)",
                "set `_layout_ = \"ms\"` to keep the MSVC-compatible layout `_pack_` implied",
            );
        }
    }

    fn legacy_attribute<'t>(
        &self,
        node: Node<'t>,
        attr: &str,
        ctx: &Context<'_, 't>,
        out: &mut Vec<Finding>,
    ) {
        let Some(object) = node.child_by_field_name("object") else {
            return;
        };
        let target = ctx.versions.target;
        match attr {
            "co_lnotab" if target >= PyVersion::new(3, 12) => note(
                out,
                node.byte_range(),
                crate::kit::deprecation(
                    "`co_lnotab`",
                    Some(PyVersion::new(3, 12)),
                    PyVersion::new(3, 15),
                    target,
                ),
                "use `code.co_lines()`, which yields `(start, end, line)` ranges (a different format; no faithful rewrite)",
            ),
            "exc_type"
                if target >= PyVersion::new(3, 13)
                    && crate::kit::syntax::origin(object, ctx)
                        .is_some_and(|q| q.starts_with("traceback.TracebackException")) =>
            {
                note(
                    out,
                    node.byte_range(),
                    "`TracebackException.exc_type` is deprecated (it warns since Python 3.13)",
                    "use `exc_type_str` (3.13+), a string, or keep the exception itself",
                )
            }
            _ => {}
        }
    }

    /// A test method that returns a value (deprecated: the value is ignored).
    fn test_return<'t>(&self, func: Node<'t>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        let Some((_, class)) = crate::kit::syntax::method_class(func).map(|c| (func, c)) else {
            return;
        };
        let is_test = crate::kit::syntax::ancestry_names(class, ctx).iter().any(|b| {
            b.rsplit('.')
                .next()
                .is_some_and(|n| n.ends_with("TestCase"))
        });
        if !is_test || ctx.versions.target < PyVersion::new(3, 11) {
            return;
        }
        let mut stack = vec![func.child_by_field_name("body")];
        while let Some(Some(n)) = stack.pop() {
            if matches!(
                n.kind(),
                "function_definition" | "lambda" | "class_definition"
            ) {
                continue;
            }
            if n.kind() == "return_statement"
                && n.named_child(0).is_some_and(|v| v.kind() != "none")
            {
                note(
                    out,
                    n.byte_range(),
                    "a test method that returns a value is deprecated (it warns since Python 3.11): the value is ignored",
                    "assert on the value instead of returning it",
                );
            }
            let mut cursor = n.walk();
            stack.extend(n.named_children(&mut cursor).map(Some));
        }
    }

    fn finally_jumps<'t>(&self, finally: Node<'t>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        let mut stack = vec![(finally, false)];
        while let Some((n, in_loop)) = stack.pop() {
            match n.kind() {
                "function_definition" | "class_definition" | "lambda" => continue,
                "return_statement" => note(
                    out,
                    n.byte_range(),
                    "`return` in a `finally` block swallows exceptions: a `SyntaxWarning` since Python 3.14 (PEP 765)",
                    "move the `return` after the `try` statement",
                ),
                "break_statement" | "continue_statement" if !in_loop => note(
                    out,
                    n.byte_range(),
                    format!(
                        "`{}` in a `finally` block swallows exceptions: a `SyntaxWarning` since Python 3.14 (PEP 765)",
                        ctx.text_of(n)
                    ),
                    "restructure the loop so that it does not leave a `finally` block",
                ),
                _ => {}
            }
            let loop_here = in_loop || matches!(n.kind(), "for_statement" | "while_statement");
            let mut cursor = n.walk();
            for child in n.named_children(&mut cursor) {
                stack.push((child, loop_here));
            }
        }
    }

    fn processes<'t>(
        &self,
        call: Node<'t>,
        function: Node<'t>,
        ctx: &Context<'_, 't>,
        out: &mut Vec<Finding>,
    ) {
        let q = ctx.semantic().qualified_name(function).unwrap_or_default();
        if !matches!(
            q.as_str(),
            "multiprocessing.Process"
                | "multiprocessing.Pool"
                | "concurrent.futures.ProcessPoolExecutor"
                | "multiprocessing.pool.Pool"
        ) {
            return;
        }
        if ctx.text.contains("set_start_method")
            || ctx.text.contains("get_context")
            || ctx.text.contains("mp_context")
        {
            return;
        }
        // Once per file: at the first such call.
        let first = ctx.text.find(ctx.text_of(function)).unwrap_or(usize::MAX);
        if function.start_byte() > first
            && ctx.text[..function.start_byte()]
                .matches(ctx.text_of(function))
                .count()
                > 1
        {
            return;
        }
        note(
            out,
            call.byte_range(),
            "the default start method on Linux is `forkserver` since Python 3.14 (it was `fork`)",
            "children no longer inherit globals set at run time or unpicklable targets (lambdas, nested functions): pass what they need as arguments, or use `multiprocessing.get_context(\"fork\")` to keep the old behaviour",
        );
    }

    fn union_identity<'t>(&self, c: Node<'t>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        let text = ctx.text_of(c);
        if !(text.contains(" is ") && (text.contains("Union[") || text.contains("Optional["))) {
            return;
        }
        let mut cursor = c.walk();
        let union = c.named_children(&mut cursor).any(|o| {
            o.kind() == "subscript"
                && o.child_by_field_name("value")
                    .and_then(|v| ctx.semantic().qualified_name(v))
                    .is_some_and(|q| q == "typing.Union" || q == "typing.Optional")
        });
        if union {
            note(
                out,
                c.byte_range(),
                "`typing.Union[...]` objects are no longer cached and distinct since Python 3.14",
                "compare unions with `==`",
            );
        }
    }

    fn annotations<'t>(&self, node: Node<'t>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        let Some(object) = node.child_by_field_name("object") else {
            return;
        };
        if ctx.semantic().future_annotations() || object.kind() != "identifier" {
            return;
        }
        let name = ctx.text_of(object);
        // A partial parse must hold the class statement the name may bind.
        ctx.semantic()
            .require_bindings(name, Some(object.start_byte()));
        let is_class = crate::kit::syntax::module_classes(ctx)
            .iter()
            .any(|(n, _)| *n == name)
            || name == "cls";
        if is_class {
            note(
                out,
                node.byte_range(),
                "class annotations are evaluated lazily since Python 3.14 (PEP 649)",
                "read them with `annotationlib.get_annotations(cls)` or `inspect.get_annotations(cls)`; forward references may now raise `NameError` where they were strings",
            );
        }
    }

    fn calls<'t>(
        &self,
        call: Node<'t>,
        callee: Node<'t>,
        ctx: &Context<'_, 't>,
        out: &mut Vec<Finding>,
    ) {
        let sem = ctx.semantic();
        let q = sem.qualified_name(callee);
        let target = ctx.versions.target;
        let args = call.child_by_field_name("arguments");
        let first = args.and_then(|a| a.named_child(0));
        match q.as_deref() {
            Some("copy.copy" | "copy.deepcopy" | "pickle.dumps" | "pickle.dump")
                if target >= PyVersion::new(3, 14) =>
            {
                if first.is_some_and(|a| {
                    a.kind() == "call"
                        && crate::kit::syntax::callee(a, ctx)
                            .is_some_and(|q| q.starts_with("itertools."))
                }) {
                    note(
                        out,
                        call.byte_range(),
                        "`itertools` iterators can no longer be copied or pickled since Python 3.14",
                        "materialize them (`list(...)`) or use `itertools.tee`",
                    );
                }
            }
            Some("ctypes.POINTER") if target >= PyVersion::new(3, 14) => {
                if first.is_some_and(|a| a.kind() == "string") {
                    note(
                        out,
                        call.byte_range(),
                        "`ctypes.POINTER(\"name\")` is deprecated (it warns since Python 3.14)",
                        "create the pointer type from an incomplete structure class: `POINTER(cls)`, then set `cls._fields_`",
                    );
                }
            }
            Some("format") | None => {
                let is_format = ctx.text_of(callee) == "format"
                    && sem
                        .lookup(sem.scope_at(callee.start_byte()), "format")
                        .is_empty();
                let spec = args.and_then(|a| a.named_child(1));
                if is_format
                    && target >= PyVersion::new(3, 14)
                    && crate::kit::syntax::imports_module(ctx, "decimal")
                    && spec.is_some_and(|s| {
                        s.kind() == "string"
                            && ctx.text_of(s).trim_matches(['"', '\'']).ends_with('N')
                    })
                {
                    note(
                        out,
                        call.byte_range(),
                        "the `\"N\"` format of `decimal.Decimal` is deprecated (it warns since Python 3.14)",
                        "use `\"n\"`",
                    );
                }
                if let Some(method) = callee
                    .child_by_field_name("attribute")
                    .map(|a| ctx.text_of(a))
                {
                    self.methods(call, callee, method, ctx, out);
                }
            }
            Some("isinstance" | "issubclass") => {}
            _ => {
                if let (Some(method), true) = (
                    callee
                        .child_by_field_name("attribute")
                        .map(|a| ctx.text_of(a)),
                    callee.kind() == "attribute",
                ) {
                    self.methods(call, callee, method, ctx, out);
                }
            }
        }
        if matches!(ctx.text_of(callee), "isinstance" | "issubclass")
            && target >= PyVersion::new(3, 14)
        {
            let class = args.and_then(|a| a.named_child(1));
            if class
                .and_then(|c| sem.qualified_name(c))
                .is_some_and(|q| q == "typing.ByteString" || q == "collections.abc.ByteString")
            {
                note(
                    out,
                    call.byte_range(),
                    "`ByteString` is deprecated (it warns on `isinstance` since Python 3.14) and is removed in Python 3.17",
                    "test for `collections.abc.Buffer` (3.12+) or `(bytes, bytearray, memoryview)`",
                );
            }
        }
    }

    fn methods<'t>(
        &self,
        call: Node<'t>,
        callee: Node<'t>,
        method: &str,
        ctx: &Context<'_, 't>,
        out: &mut Vec<Finding>,
    ) {
        let target = ctx.versions.target;
        let wave = crate::kit::syntax::imports_module(ctx, "wave");
        let symtable = crate::kit::syntax::imports_module(ctx, "symtable");
        match method {
            "getmark" | "setmark" | "getmarkers" if wave && target >= PyVersion::new(3, 13) => {
                note(
                    out,
                    call.byte_range(),
                    crate::kit::deprecation(
                        &format!("`wave` `{method}()`"),
                        Some(PyVersion::new(3, 13)),
                        PyVersion::new(3, 15),
                        target,
                    ),
                    "WAV markers were never supported: remove the call",
                )
            }
            "get_methods" if symtable && target >= PyVersion::new(3, 14) => note(
                out,
                call.byte_range(),
                "`symtable.Class.get_methods()` is deprecated (it warns since Python 3.14) and is removed in Python 3.16",
                "iterate `get_children()` and keep the function tables",
            ),
            _ => {}
        }
        let _ = callee;
    }

    fn typing_names<'t>(&self, node: Node<'t>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        let q = ctx.semantic().qualified_name(node).unwrap_or_default();
        let target = ctx.versions.target;
        match q.as_str() {
            "typing.AnyStr" if target >= PyVersion::new(3, 16) => note(
                out,
                node.byte_range(),
                "`typing.AnyStr` is deprecated and is removed in Python 3.18",
                "use a type parameter with constraints: `def f[T: (str, bytes)](x: T) -> T`",
            ),
            "typing.ByteString" | "collections.abc.ByteString"
                if target >= PyVersion::new(3, 17) =>
            {
                note(
                    out,
                    node.byte_range(),
                    "`ByteString` was removed in Python 3.17",
                    "annotate with `bytes | bytearray | memoryview` or `collections.abc.Buffer`",
                )
            }
            "typing.ByteString" if target >= PyVersion::new(3, 15) => note(
                out,
                node.byte_range(),
                "`typing.ByteString` is deprecated (it warns on access since Python 3.15) and is removed in Python 3.17",
                "annotate with `bytes | bytearray | memoryview` or `collections.abc.Buffer`",
            ),
            _ => {}
        }
    }

    /// `module.__cached__` / a module's own `__cached__`, read: Python 3.15 no longer sets it.
    fn cached_read<'t>(&self, name: Node<'t>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        let parent = name.parent();
        let is_target = |n: Node<'_>| {
            n.parent().is_some_and(|p| {
                matches!(p.kind(), "assignment" | "augmented_assignment")
                    && p.child_by_field_name("left") == Some(n)
            })
        };
        let note = "`__spec__` is `None` for a script run as `__main__` and for modules made by hand, and `__spec__.cached` is `None` when no bytecode file applies";
        let (node, text, message) = match parent {
            Some(attr)
                if attr.kind() == "attribute"
                    && attr.child_by_field_name("attribute") == Some(name) =>
            {
                if is_target(attr) {
                    return; // setting it: `module_attributes` reports that
                }
                let Some(object) = attr.child_by_field_name("object") else {
                    return;
                };
                (
                    attr,
                    format!("{}.__spec__.cached", ctx.text_of(object)),
                    "a module's `__cached__` was removed in Python 3.15",
                )
            }
            Some(p) if p.kind() == "keyword_argument" || p.kind() == "parameters" => return,
            _ => {
                if is_target(name) {
                    return;
                }
                let sem = ctx.semantic();
                if !sem
                    .lookup(sem.scope_at(name.start_byte()), "__cached__")
                    .is_empty()
                {
                    return; // a local variable of that name
                }
                (
                    name,
                    "__spec__.cached".to_owned(),
                    "the module global `__cached__` was removed in Python 3.15",
                )
            }
        };
        out.push(
            Finding::new(Self::META.id, node.byte_range(), message)
                .with_fix(Fix::unsafe_(
                    "Use `__spec__.cached`",
                    vec![Edit::replace(node.byte_range(), text)],
                ))
                .with_note(note),
        );
    }

    fn module_attributes<'t>(
        &self,
        assign: Node<'t>,
        attr: Node<'t>,
        ctx: &Context<'_, 't>,
        out: &mut Vec<Finding>,
    ) {
        let name = ctx.text_of(attr);
        let (warns, removal, field) = match name {
            "__package__" => (PyVersion::new(3, 13), PyVersion::new(3, 15), "parent"),
            "__cached__" => (PyVersion::new(3, 13), PyVersion::new(3, 15), "cached"),
            _ => (PyVersion::new(3, 14), PyVersion::new(3, 16), "loader"),
        };
        if ctx.versions.target < warns {
            return;
        }
        note(
            out,
            assign.byte_range(),
            if ctx.versions.target >= removal {
                format!(
                    "setting a module's `{name}` has no effect since Python {removal}: the import system no longer reads it"
                )
            } else {
                format!(
                    "setting a module's `{name}` without `__spec__.{field}` is deprecated; the import system stops reading it in Python {removal}"
                )
            },
            &format!("set `module.__spec__.{field}`"),
        );
    }
}

impl Check for RuntimeBehaviourChanges {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_changed(&Self::META, &MODULES, m, ctx, out);
        self.dispatch(m, ctx, out);
    }
}
