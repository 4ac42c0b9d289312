use crate::kit::declare::Check;
mod classes;
mod entry;
mod plan;

use crate::kit::backports::{self, Backports};
use crate::kit::syntax::{bases, module_classes};
use classes::{Base, Class, Role};
use plan::Plan;
use snakeshift_engine::fix::{Finding, Fix};
use snakeshift_engine::imports::Anchor;
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::semantic::BindingId;
use snakeshift_engine::version::PyVersion;
use tree_sitter::Node;

rewrite! {
    /// # asyncore-dispatcher
    ///
    /// ## What it does
    /// Migrates a module built on `asyncore` / `asynchat` to `asyncio`, following the
    /// catalogue's method mapping. Every class and the `asyncore.loop()` call are rewritten
    /// together, or nothing is:
    ///
    /// - a connection class (`asyncore.dispatcher`, `dispatcher_with_send` or
    ///   `asynchat.async_chat` constructed with an accepted socket, or connecting with
    ///   `self.connect(address)` in `__init__`) becomes an `asyncio.Protocol`:
    ///   `handle_read` + `self.recv(n)` → `data_received(self, data)`; `self.send(x)` /
    ///   `self.push(x)` → `self.transport.write(x)`; `self.close()` / `close_when_done()` →
    ///   `self.transport.close()`; `handle_close` → `eof_received` (called when the peer
    ///   closes, as asyncore called `handle_close`); `handle_connect` and writes made in
    ///   `__init__` → `connection_made(transport)`; the `writable()` / `handle_write()` output
    ///   buffer → direct writes; `self.addr` → `transport.get_extra_info("peername")`. An
    ///   `async_chat` gets a `data_received` that splits the input on its terminator and calls
    ///   `collect_incoming_data` / `found_terminator` as before. The object connects itself
    ///   when it is created (`loop.connect_accepted_socket` / `loop.create_connection`), so
    ///   `Handler(sock)` keeps working wherever it is called. Writes from other objects
    ///   (`client.send(x)` over a list of connections, `member.push(x)`) go through a generated
    ///   `write(data)` that keeps the data until the connection is made, since another
    ///   connection's event can come first, where asyncore could already send;
    /// - a listening class (`create_socket` / `set_reuse_addr` / `bind` / `listen` in
    ///   `__init__`) keeps a real listening socket (created, bound and listening in
    ///   `__init__`, as before) and gains `async def serve_forever()`, which accepts
    ///   connections and calls `handle_accepted(sock, addr)` (the canonical `handle_accept`
    ///   with `self.accept()` becomes `handle_accepted`);
    /// - `asyncore.loop()` becomes `asyncio.run(server.serve_forever())`, or a coroutine that
    ///   creates the clients and waits until they are closed.
    ///
    /// Anything else (`handle_error`, `readable`, producers, integer terminators, a `map`,
    /// `file_dispatcher`, a class deriving from a migrated one, a base of the module mixed into
    /// one that uses asyncore's methods (`self.send(x)`), asyncore's attributes read on
    /// an instance from outside its class such as `handler = Handler(sock)` then
    /// `handler.addr`, …) leaves the module untouched, with a finding naming what blocked the
    /// migration.
    ///
    /// ## Why
    /// `asyncore` and `asynchat` were removed in Python 3.12. Their drop-in backports are
    /// `standard-asyncore` and `standard-asynchat`.
    ///
    /// ## Example
    /// ```python
    /// class EchoHandler(asyncore.dispatcher_with_send):
    ///     def handle_read(self):
    ///         data = self.recv(8192)
    ///         if data:
    ///             self.send(data)
    /// ```
    /// becomes
    /// ```python
    /// class EchoHandler(asyncio.Protocol):
    ///     def __init__(self, sock):
    ///         loop = asyncio.get_running_loop()
    ///         self.connecting = loop.create_task(loop.connect_accepted_socket(lambda: self, sock))
    ///
    ///     def connection_made(self, transport):
    ///         self.transport = transport
    ///
    ///     def data_received(self, data):
    ///         if data:
    ///             self.transport.write(data)
    /// ```
    ///
    /// With `--backports asyncore` (`standard-asyncore`) or `--backports asynchat` (`standard-asynchat`,
    /// which needs `standard-asyncore` too), a module using them is left alone and the backports
    /// become dependencies of the project.
    ///
    /// ## Fix safety
    /// Unsafe: the structure of the program changes. asyncio delivers data in chunks of any
    /// size (up to 256 KiB instead of the `recv` size), writes are always buffered and complete,
    /// `collect_incoming_data` receives whole records instead of partial ones, and errors go
    /// to the event loop's exception handler instead of `handle_error`.
    AsyncoreDispatcher {
        id: "asyncore-dispatcher",
        group: "asyncore",
        summary: "asyncore.dispatcher / dispatcher_with_send / asynchat.async_chat servers and clients + asyncore.loop() -> asyncio protocols and asyncio.run (unsafe); other shapes reported with the backport (standard-asyncore, standard-asynchat)",
        query: include_str!("query.scm"),
        triggers: &["asyncore", "asynchat"],
        removed_in: Some(PyVersion::new(3, 12)),
        fix: FixSafety::Unsafe,
        readme: ("asyncio", "`asyncore.dispatcher` / `dispatcher_with_send` / `asynchat.async_chat` servers and clients, and `asyncore.loop()`, → asyncio protocols and `asyncio.run(...)` (see below); anything else is left untouched and reported with the blocking method and the `standard-asyncore` / `standard-asynchat` backports", "unsafe"),
        reach: snakeshift_engine::rewrite::Reach::File,
        // The module itself imported, not a package's own `asyncore` (`pysnmp.carrier.asyncore`).
        activate: |p| p.imports_any(&["asyncore", "asynchat"]),
    }
}

/// The end of a finding's note: the backports, and the `--backports` that adds them.
fn backport_advice(uses_asynchat: bool) -> String {
    let asyncore = backports::package("asyncore");
    if uses_asynchat {
        format!(
            "or depend on the `{asyncore}` / `{}` backports (`snakeshift --backports asynchat` adds both to the project's dependencies)",
            backports::package("asynchat")
        )
    } else {
        format!(
            "or depend on the `{asyncore}` backport (`snakeshift --backports asyncore` adds it to the project's dependencies)"
        )
    }
}

/// The removed module an import binding reaches: `asyncore` or `asynchat`.
fn module_of(ctx: &Context<'_, '_>, id: BindingId) -> &'static str {
    let q = ctx
        .semantic()
        .binding(id)
        .qualified_name()
        .unwrap_or_default();
    if q == "asynchat" || q.starts_with("asynchat.") {
        "asynchat"
    } else {
        "asyncore"
    }
}

/// With `--backports`, a module whose asyncore / asynchat imports are restored is left alone;
/// an `asynchat` import left without its backport (only `asyncore` restored) is reported.
/// Returns whether the rewrite stands down.
fn stands_down(ctx: &Context<'_, '_>, bindings: &[BindingId], out: &mut Vec<Finding>) -> bool {
    let backports = ctx.options().get::<Backports>();
    if !bindings
        .iter()
        .any(|&id| backports.contains(module_of(ctx, id)))
    {
        return false;
    }
    for &id in bindings {
        let module = module_of(ctx, id);
        if !backports.contains(module) {
            out.push(
                Finding::new(
                    AsyncoreDispatcher::META.id,
                    ctx.semantic().binding(id).node.byte_range(),
                    format!("`{module}` was removed in Python 3.12"),
                )
                .with_note(format!(
                    "`asyncore` is restored by its backport here, `{module}` is not: `snakeshift --backports {module}` adds `{}` to the project's dependencies",
                    backports::package(module)
                )),
            );
        }
    }
    true
}

/// The bindings of `asyncore` / `asynchat` imports.
fn asyncore_bindings(ctx: &Context<'_, '_>) -> Vec<BindingId> {
    ctx.semantic()
        .bindings()
        .filter(|(_, b)| {
            b.qualified_name().is_some_and(|q| {
                ["asyncore", "asynchat"]
                    .iter()
                    .any(|m| q == *m || q.starts_with(&format!("{m}.")))
            })
        })
        .map(|(id, _)| id)
        .collect()
}

/// The classes deriving directly from an asyncore class, with their role.
fn classes<'t>(ctx: &Context<'_, 't>, plan: &mut Plan<'t>) -> Vec<Class<'t>> {
    let sem = ctx.semantic();
    let mut out = Vec::new();
    for (name, node) in module_classes(ctx) {
        let found: Vec<(Node<'t>, Base)> = bases(node)
            .into_iter()
            .filter_map(|b| {
                let q = sem.qualified_name(b)?;
                Some((b, Base::from_qualified(&q)?))
            })
            .collect();
        let [(base_node, base)] = found.as_slice() else {
            if found.len() > 1 {
                plan.block(
                    node,
                    format!("`{name}` derives from several asyncore classes"),
                );
            }
            continue;
        };
        let init = crate::kit::syntax::class_members(node, ctx)
            .into_iter()
            .find(|(n, _)| *n == "__init__")
            .map(|(_, f)| ctx.text_of(f));
        let role = match init {
            Some(t) if t.contains(".listen(") => Role::Listener,
            Some(t) if t.contains(".connect(") => Role::Client,
            _ => Role::Handler,
        };
        out.push(Class {
            node,
            name,
            base: *base,
            base_node: *base_node,
            role,
        });
    }
    // A base of this module mixed into a migrated class would keep calling asyncore's methods
    // on what becomes a protocol (`self.send(data)` in a logging mixin, say).
    let modules = module_classes(ctx);
    for class in &out {
        for base in bases(class.node) {
            if base.id() == class.base_node.id() || base.kind() != "identifier" {
                continue;
            }
            let Some((_, mixin)) = modules.iter().find(|(n, _)| *n == ctx.text_of(base)) else {
                continue;
            };
            for c in crate::kit::syntax::in_file_lineage(*mixin, ctx) {
                if let Some(attr) = self_dispatcher_use(c, ctx) {
                    plan.block(
                        attr,
                        format!(
                            "`{}` is mixed into `{}` and uses asyncore's `{}`; migrate them by hand",
                            ctx.text_of(base),
                            class.name,
                            ctx.text_of(attr)
                        ),
                    );
                }
            }
        }
    }
    // A class deriving from a migrated one would keep asyncore's methods on a protocol.
    let names: Vec<&str> = out.iter().map(|c| c.name).collect();
    for (name, node) in module_classes(ctx) {
        if bases(node).iter().any(|b| names.contains(&ctx.text_of(*b))) {
            plan.block(node, format!("`{name}` derives from a dispatcher class of this module; migrate the pair by hand"));
        }
    }
    out
}

/// Reads of asyncore's attributes on instances of the migrated classes, outside them:
/// `handler = Handler(sock)` then `handler.addr` / `handler.socket` / `handler.send(x)`. The
/// protocol the class becomes has none of them, so they block the migration (instead of
/// failing with `AttributeError` after it). A listener keeps its `socket`.
fn outside_reads<'t>(classes: &[Class<'t>], ctx: &Context<'_, 't>, plan: &mut Plan<'t>) {
    let sem = ctx.semantic();
    for class in classes {
        let Some(name) = class.node.child_by_field_name("name") else {
            continue;
        };
        let Some((id, _)) = sem
            .bindings_named(class.name)
            .find(|(_, b)| b.node.id() == name.id())
        else {
            continue;
        };
        for &r in sem.references_to(id) {
            let node = sem.reference(r).node;
            let Some(call) = node.parent().filter(|p| {
                p.kind() == "call"
                    && p.child_by_field_name("function").map(|f| f.id()) == Some(node.id())
            }) else {
                continue;
            };
            let mut holders = vec![call];
            if let Some(target) = call
                .parent()
                .filter(|a| {
                    a.kind() == "assignment"
                        && a.child_by_field_name("right").map(|r| r.id()) == Some(call.id())
                })
                .and_then(|a| a.child_by_field_name("left"))
                .filter(|t| t.kind() == "identifier")
                && let Some((held, _)) = sem
                    .bindings_named(ctx.text_of(target))
                    .find(|(_, b)| b.node.id() == target.id())
            {
                holders.extend(
                    sem.references_to(held)
                        .iter()
                        .map(|r| sem.reference(*r).node),
                );
            }
            for holder in holders {
                let Some(attr) = holder.parent().filter(|p| {
                    p.kind() == "attribute"
                        && p.child_by_field_name("object").map(|o| o.id()) == Some(holder.id())
                }) else {
                    continue;
                };
                let attribute = attr
                    .child_by_field_name("attribute")
                    .map_or("", |a| ctx.text_of(a));
                let kept = class.role == Role::Listener && attribute == "socket";
                if classes::DISPATCHER_API.contains(&attribute) && !kept {
                    plan.block(
                        attr,
                        format!(
                            "`{}` reads asyncore's `{attribute}` on an instance of `{}`, which the migrated protocol does not have",
                            ctx.text_of(attr),
                            class.name
                        ),
                    );
                }
            }
        }
    }
}

/// The first `self.<asyncore attribute>` in the methods of `class`.
fn self_dispatcher_use<'t>(class: Node<'t>, ctx: &Context<'_, 't>) -> Option<Node<'t>> {
    let mut stack = vec![class.child_by_field_name("body")?];
    let mut found: Option<Node<'t>> = None;
    while let Some(n) = stack.pop() {
        if n.kind() == "attribute"
            && n.child_by_field_name("object")
                .is_some_and(|o| ctx.text_of(o) == "self")
            && n.child_by_field_name("attribute")
                .is_some_and(|a| classes::DISPATCHER_API.contains(&ctx.text_of(a)))
            && found.is_none_or(|f| n.start_byte() < f.start_byte())
        {
            found = Some(n);
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    found
}

/// Whether `node` lies inside `outer`.
fn within(node: Node<'_>, outer: Node<'_>) -> bool {
    outer.start_byte() <= node.start_byte() && node.end_byte() <= outer.end_byte()
}

impl Check for AsyncoreDispatcher {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        if m.get("module").is_none() {
            return;
        }
        let bindings = asyncore_bindings(ctx);
        if bindings.is_empty() || stands_down(ctx, &bindings, out) {
            return;
        }
        let uses_asynchat = bindings.iter().any(|&id| module_of(ctx, id) == "asynchat");
        let backport = backport_advice(uses_asynchat);
        let sem = ctx.semantic();
        let mut plan = Plan::new(ctx.text, ctx.indent_unit(), ctx.line_ending());
        let end = ctx.text.len();
        // `import asyncio` takes the place of the (last) asyncore import.
        let anchor = bindings
            .iter()
            .filter_map(|&id| sem.binding(id).statement)
            .filter(|s| s.parent().is_some_and(|p| p.kind() == "module"))
            .max_by_key(|s| s.start_byte())
            .map_or(Anchor::Top, Anchor::After);
        let Some(asyncio) = ctx.imports().module("asyncio", end, anchor) else {
            out.push(
                Finding::new(Self::META.id, 0..0, "`asyncore` was removed in Python 3.12")
                    .with_note(format!(
                        "`asyncio` cannot be imported here; migrate by hand {backport}"
                    )),
            );
            return;
        };
        let socket = ctx.imports().module("socket", end, Anchor::Top);
        let classes = classes(ctx, &mut plan);
        let needs_socket = classes.iter().any(|c| c.role == Role::Listener);
        let socket_text = socket
            .as_ref()
            .map_or("socket".to_owned(), |s| s.text.clone());
        if needs_socket && socket.is_none() {
            plan.block(ctx.tree.root_node(), "`socket` cannot be imported here");
        }
        // `member.push(x)` on other objects of an asynchat module: the members are channels.
        let mut early_writes = false;
        if classes.iter().any(|c| c.base == Base::AsyncChat) {
            early_writes |= push_calls_on_channels(&classes, ctx, &mut plan);
        }
        // `for client in self.clients: client.send(x)` where the list holds connections.
        early_writes |= sends_on_channels(&classes, ctx, &mut plan);
        outside_reads(&classes, ctx, &mut plan);
        for class in &classes {
            classes::migrate(
                class,
                ctx,
                &mut plan,
                &asyncio.text,
                &socket_text,
                early_writes,
            );
        }
        // Every use of asyncore / asynchat must be one the migration rewrote.
        let mut loops = Vec::new();
        for &id in &bindings {
            for &r in sem.references_to(id) {
                let node = sem.reference(r).node;
                if classes.iter().any(|c| within(node, c.base_node)) {
                    continue;
                }
                let in_class = classes.iter().any(|c| within(node, c.node));
                let chain = snakeshift_engine::semantic::attribute_chain(node, ctx.text);
                let whole = chain.last().map(|(n, _)| *n).unwrap_or(node);
                let q = sem.qualified_name(whole).unwrap_or_default();
                let is_init = q.ends_with(".__init__") && in_class;
                if is_init {
                    continue;
                }
                let call = whole.parent().filter(|p| p.kind() == "call");
                if q == "asyncore.loop"
                    && let Some(call) = call
                {
                    loops.push(call);
                    continue;
                }
                plan.block(whole, format!("`{q}` has no counterpart in this migration"));
            }
        }
        if loops.len() > 1 {
            plan.block(loops[1], "`asyncore.loop()` is called more than once");
        }
        for call in &loops {
            entry::migrate_loop(*call, &classes, ctx, &mut plan, &asyncio.text);
        }
        if classes.is_empty() && loops.is_empty() {
            // Only imports or other uses of the modules: reported below.
        }
        if !plan.blockers.is_empty() || classes.is_empty() {
            let mut reported = false;
            for b in plan.blockers {
                reported = true;
                out.push(
                    Finding::new(
                        Self::META.id,
                        b.range,
                        "asyncore / asynchat were removed in Python 3.12",
                    )
                    .with_note(format!(
                        "{}; the module was left as it is: migrate it by hand {backport}",
                        b.message
                    )),
                );
            }
            if !reported {
                for &id in &bindings {
                    let b = sem.binding(id);
                    out.push(
                        Finding::new(
                            Self::META.id,
                            b.node.byte_range(),
                            format!(
                                "`{}` was removed in Python 3.12",
                                b.qualified_name().unwrap_or_default()
                            ),
                        )
                        .with_note(format!(
                            "use asyncio (transports and protocols, or streams) {backport}"
                        )),
                    );
                }
            }
            return;
        }
        let mut edits = plan.edits;
        edits.extend(asyncio.edits);
        if needs_socket && let Some(s) = socket {
            edits.extend(s.edits);
        }
        edits.extend(ctx.imports().delete(&bindings));
        let edits = crate::kit::coalesce(edits);
        let first = sem.binding(bindings[0]).node.byte_range();
        out.push(
            Finding::new(Self::META.id, first, "asyncore / asynchat were removed in Python 3.12")
                .with_fix(Fix::unsafe_("Migrate to asyncio protocols", edits))
                .with_note("asyncio delivers data in chunks of any size, always buffers writes, and reports errors to the event loop instead of `handle_error`"),
        );
    }
}

/// `member.push(x)` / `member.close_when_done()` outside the channel classes.
fn push_calls_on_channels<'t>(
    classes: &[Class<'t>],
    ctx: &Context<'_, 't>,
    plan: &mut Plan<'t>,
) -> bool {
    let mut writes = false;
    let mut stack = vec![ctx.tree.root_node()];
    while let Some(n) = stack.pop() {
        if n.kind() == "attribute"
            && let Some(attr) = n.child_by_field_name("attribute")
            && let Some(object) = n.child_by_field_name("object")
            && matches!(ctx.text_of(attr), "push" | "close_when_done")
            && n.parent().is_some_and(|p| p.kind() == "call")
        {
            let own = classes.iter().any(|c| {
                c.base == Base::AsyncChat && within(n, c.node) && ctx.text_of(object) == "self"
            });
            if !own {
                let to = if ctx.text_of(attr) == "push" {
                    writes = true;
                    "write"
                } else {
                    "transport.close"
                };
                plan.replace(n, format!("{}.{to}", ctx.text_of(object)));
            }
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    writes
}

/// The last name of a collection expression: `clients` for `self.clients`, `server.clients`,
/// `clients`, `self.clients.values()`, `list(self.clients)`.
fn collection_key<'t>(expr: Node<'t>, ctx: &Context<'_, 't>) -> Option<&'t str> {
    match expr.kind() {
        "identifier" => Some(ctx.text_of(expr)),
        "attribute" => expr
            .child_by_field_name("attribute")
            .map(|a| ctx.text_of(a)),
        "call" => {
            let function = expr.child_by_field_name("function")?;
            match function.kind() {
                // `x.values()`, `x.copy()`
                "attribute" => collection_key(function.child_by_field_name("object")?, ctx),
                // `list(x)`, `tuple(x)`
                _ => collection_key(expr.child_by_field_name("arguments")?.named_child(0)?, ctx),
            }
        }
        _ => None,
    }
}

/// Collections the module fills with connection objects.
fn channel_collections<'t>(classes: &[Class<'t>], ctx: &Context<'_, 't>) -> Vec<&'t str> {
    let connection = |arg: Node<'t>| -> bool {
        match arg.kind() {
            "call" => arg.child_by_field_name("function").is_some_and(|f| {
                classes
                    .iter()
                    .any(|c| c.role != Role::Listener && c.name == ctx.text_of(f))
            }),
            "identifier" if ctx.text_of(arg) == "self" => classes
                .iter()
                .any(|c| c.role != Role::Listener && within(arg, c.node)),
            "identifier" => crate::kit::syntax::origin_class(arg, ctx).is_some_and(|class| {
                classes
                    .iter()
                    .any(|c| c.role != Role::Listener && c.node.id() == class.id())
            }),
            _ => false,
        }
    };
    let mut out = Vec::new();
    let mut stack = vec![ctx.tree.root_node()];
    while let Some(n) = stack.pop() {
        if n.kind() == "call"
            && let Some(function) = n.child_by_field_name("function")
            && function.kind() == "attribute"
            && function
                .child_by_field_name("attribute")
                .is_some_and(|a| matches!(ctx.text_of(a), "append" | "add" | "insert"))
            && let Some(args) = n.child_by_field_name("arguments")
            && let Some(last) = args.named_child(args.named_child_count().saturating_sub(1) as u32)
            && connection(last)
            && let Some(key) = function
                .child_by_field_name("object")
                .and_then(|o| collection_key(o, ctx))
        {
            out.push(key);
        }
        if n.kind() == "assignment"
            && let (Some(left), Some(right)) = (
                n.child_by_field_name("left"),
                n.child_by_field_name("right"),
            )
            && left.kind() == "subscript"
            && connection(right)
            && let Some(key) = left
                .child_by_field_name("value")
                .and_then(|v| collection_key(v, ctx))
        {
            out.push(key);
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    out
}

/// `c.send(x)` / `c.close()` where `c` iterates over a collection of connections: `c.write(x)`
/// (see [`classes::migrate`]) / `c.transport.close()`. Whether there were writes.
fn sends_on_channels<'t>(
    classes: &[Class<'t>],
    ctx: &Context<'_, 't>,
    plan: &mut Plan<'t>,
) -> bool {
    let collections = channel_collections(classes, ctx);
    if collections.is_empty() {
        return false;
    }
    let mut writes = false;
    let sem = ctx.semantic();
    let mut stack = vec![ctx.tree.root_node()];
    while let Some(n) = stack.pop() {
        if n.kind() == "attribute"
            && let Some(attr) = n.child_by_field_name("attribute")
            && let Some(object) = n.child_by_field_name("object")
            && object.kind() == "identifier"
            && ctx.text_of(object) != "self"
            && matches!(ctx.text_of(attr), "send" | "close")
            && n.parent().is_some_and(|p| p.kind() == "call")
            && let Some(r) = sem.reference_of(object)
            && let [b] = sem.reference(r).bindings.as_slice()
            && let Some(loop_stmt) = sem
                .binding(*b)
                .node
                .parent()
                .filter(|p| matches!(p.kind(), "for_statement" | "for_in_clause"))
            && loop_stmt
                .child_by_field_name("left")
                .is_some_and(|l| l.id() == sem.binding(*b).node.id())
            && let Some(iterable) = loop_stmt.child_by_field_name("right")
            && collection_key(iterable, ctx).is_some_and(|k| collections.contains(&k))
        {
            let to = if ctx.text_of(attr) == "send" {
                writes = true;
                "write"
            } else {
                "transport.close"
            };
            plan.replace(n, format!("{}.{to}", ctx.text_of(object)));
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    writes
}
