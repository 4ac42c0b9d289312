//! One asyncore dispatcher (or asynchat channel) class becomes an `asyncio.Protocol` (a
//! connection) or a plain class owning a listening socket (a server).

use super::plan::{Plan, has_multiline_string};
use crate::kit::syntax::{bases, class_members, first_parameter};
use snakeshift_engine::edits::indentation;
use snakeshift_engine::rewrite::Context;
use std::collections::BTreeSet;
use tree_sitter::Node;

/// Which asyncore class a class derives from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Base {
    Dispatcher,
    WithSend,
    AsyncChat,
}

impl Base {
    pub fn from_qualified(q: &str) -> Option<Base> {
        match q {
            "asyncore.dispatcher" => Some(Base::Dispatcher),
            "asyncore.dispatcher_with_send" => Some(Base::WithSend),
            "asynchat.async_chat" => Some(Base::AsyncChat),
            _ => None,
        }
    }
}

/// What a class's instances are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Constructed with an accepted socket.
    Handler,
    /// Listens (`self.listen(n)` in `__init__`).
    Listener,
    /// Connects (`self.connect(addr)` in `__init__`).
    Client,
}

/// A class to migrate.
pub struct Class<'t> {
    pub node: Node<'t>,
    pub name: &'t str,
    pub base: Base,
    pub base_node: Node<'t>,
    pub role: Role,
}

/// The names the generated code adds to instances; none may be used by the class already.
struct Names {
    received: &'static str,
}

/// Asyncore methods and attributes a class may not rely on once it is a protocol.
pub const DISPATCHER_API: &[&str] = &[
    "send",
    "recv",
    "close",
    "push",
    "close_when_done",
    "set_terminator",
    "get_terminator",
    "create_socket",
    "set_reuse_addr",
    "bind",
    "listen",
    "accept",
    "connect",
    "addr",
    "getpeername",
    "getsockname",
    "socket",
    "connected",
    "accepting",
    "connecting",
    "closing",
    "readable",
    "writable",
    "handle_read",
    "handle_write",
    "handle_close",
    "handle_connect",
    "handle_accept",
    "handle_accepted",
    "handle_error",
    "handle_expt",
    "handle_read_event",
    "handle_write_event",
    "handle_expt_event",
    "handle_connect_event",
    "discard_buffers",
    "push_with_producer",
    "initiate_send",
    "set_socket",
    "add_channel",
    "del_channel",
    "log",
    "log_info",
    "ac_in_buffer",
    "ac_out_buffer",
    "ac_in_buffer_size",
    "ac_out_buffer_size",
    "producer_fifo",
    "incoming",
    "terminator",
    "use_encoding",
    "encoding",
    "ignore_log_types",
    "out_buffer",
    "setblocking",
    "setsockopt",
    "fileno",
];

/// Names the generated protocol code uses on instances.
const GENERATED: &[&str] = &["transport", "connecting", "closed"];

/// Every `self.<name>` attribute node in a method, with the attribute's name.
fn self_attributes<'t>(
    func: Node<'t>,
    this: &str,
    ctx: &Context<'_, 't>,
) -> Vec<(Node<'t>, &'t str)> {
    let mut out = Vec::new();
    let mut stack = vec![func];
    while let Some(n) = stack.pop() {
        if n.kind() == "attribute"
            && let Some(object) = n.child_by_field_name("object")
            && object.kind() == "identifier"
            && ctx.text_of(object) == this
            && let Some(attr) = n.child_by_field_name("attribute")
        {
            out.push((n, ctx.text_of(attr)));
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    out.sort_by_key(|(n, _)| n.start_byte());
    out
}

/// The call whose function is `node`.
fn called(node: Node<'_>) -> Option<Node<'_>> {
    node.parent()
        .filter(|p| p.kind() == "call")
        .filter(|p| p.child_by_field_name("function").map(|f| f.id()) == Some(node.id()))
}

/// Positional and keyword arguments of a call.
fn arguments<'t>(call: Node<'t>) -> Vec<Node<'t>> {
    call.child_by_field_name("arguments")
        .map(|a| {
            let mut cursor = a.walk();
            a.named_children(&mut cursor)
                .filter(|n| n.kind() != "comment")
                .collect()
        })
        .unwrap_or_default()
}

fn is_statement_call(call: Node<'_>) -> bool {
    call.parent()
        .is_some_and(|p| p.kind() == "expression_statement" && p.named_child_count() == 1)
}

/// The statements of a function's body.
fn body_statements<'t>(func: Node<'t>) -> Vec<Node<'t>> {
    func.child_by_field_name("body")
        .map(|b| {
            let mut cursor = b.walk();
            b.named_children(&mut cursor)
                .filter(|n| n.kind() != "comment")
                .collect()
        })
        .unwrap_or_default()
}

/// `asyncore.dispatcher.__init__(self, …)`, `super().__init__(…)` or
/// `super(Cls, self).__init__(…)`: the base initialiser call, with its arguments after `self`.
fn base_init_call<'t>(
    stmt: Node<'t>,
    class: &Class<'t>,
    this: &str,
    ctx: &Context<'_, 't>,
) -> Option<Vec<Node<'t>>> {
    let call = stmt.named_child(0).filter(|c| c.kind() == "call")?;
    let function = call.child_by_field_name("function")?;
    if function.kind() != "attribute" {
        return None;
    }
    let attr = function.child_by_field_name("attribute")?;
    if ctx.text_of(attr) != "__init__" {
        return None;
    }
    let object = function.child_by_field_name("object")?;
    let args = arguments(call);
    if object.kind() == "call" {
        let f = object.child_by_field_name("function")?;
        return (ctx.text_of(f) == "super").then_some(args);
    }
    let q = ctx.semantic().qualified_name(object)?;
    if Base::from_qualified(&q) != Some(class.base)
        && ctx.text_of(object) != ctx.text_of(class.base_node)
    {
        return None;
    }
    let (first, rest) = args.split_first()?;
    (ctx.text_of(*first) == this).then(|| rest.to_vec())
}

/// How a class reads data in `handle_read`.
struct Read<'t> {
    func: Node<'t>,
    /// The statement `name = self.recv(n)` to drop, or the recv call to replace by the name.
    drop: Option<Node<'t>>,
    replace: Option<Node<'t>>,
    param: String,
}

/// The output buffer of the `writable()` / `handle_write()` idiom.
struct Buffer<'t> {
    attr: &'t str,
    writable: Node<'t>,
    handle_write: Node<'t>,
}

/// Migrates one class; the edits go to `plan`, anything unsupported becomes a blocker.
pub fn migrate<'t>(
    class: &Class<'t>,
    ctx: &Context<'_, 't>,
    plan: &mut Plan<'t>,
    asyncio: &str,
    socket: &str,
    early_writes: bool,
) {
    let members = class_members(class.node, ctx);
    let methods: Vec<(&'t str, Node<'t>)> = members
        .iter()
        .filter(|(_, n)| n.kind() == "function_definition")
        .copied()
        .collect();
    let method = |name: &str| methods.iter().find(|(n, _)| *n == name).map(|(_, f)| *f);
    for (name, node) in &members {
        let added = match class.role {
            Role::Listener => &["serve_forever"][..],
            _ => &[
                "connection_made",
                "data_received",
                "eof_received",
                "connection_lost",
                "write",
            ][..],
        };
        let data_received = *name == "data_received" && class.role != Role::Listener;
        if added.contains(name) || data_received {
            plan.block(
                *node,
                format!(
                    "`{}.{name}` would clash with the asyncio method of that name",
                    class.name
                ),
            );
        }
    }
    for (name, func) in &methods {
        let Some(this) = first_parameter(*func, ctx) else {
            plan.block(
                *func,
                format!("`{}.{name}` has no `self` parameter", class.name),
            );
            continue;
        };
        for (node, attr) in self_attributes(*func, this, ctx) {
            if GENERATED.contains(&attr) || (early_writes && attr == "unsent") {
                plan.block(node, format!("`{}.{name}` uses `self.{attr}`, which the asyncio version needs for itself", class.name));
            }
        }
    }
    match class.role {
        Role::Listener => migrate_listener(class, &methods, ctx, plan, asyncio, socket),
        Role::Handler | Role::Client => {
            migrate_connection(class, &methods, &method, ctx, plan, asyncio, early_writes)
        }
    }
}

/// The base list becomes `asyncio.Protocol` (connections) or goes (servers).
fn replace_base(class: &Class<'_>, plan: &mut Plan<'_>, to: Option<&str>) {
    let all = bases(class.node);
    match to {
        Some(text) => plan.replace(class.base_node, text),
        None if all.len() == 1 => {
            if let Some(list) = class.node.child_by_field_name("superclasses") {
                plan.replace(list, "");
            }
        }
        None => plan.block(
            class.base_node,
            format!(
                "`{}` has other base classes besides the asyncore one",
                class.name
            ),
        ),
    }
}

fn migrate_listener<'t>(
    class: &Class<'t>,
    methods: &[(&'t str, Node<'t>)],
    ctx: &Context<'_, 't>,
    plan: &mut Plan<'t>,
    asyncio: &str,
    socket: &str,
) {
    replace_base(class, plan, None);
    let mut accepted = false;
    let mut last = None;
    for (name, func) in methods {
        last = Some(*func);
        let this = first_parameter(*func, ctx).unwrap_or("self");
        match *name {
            "__init__" => listener_init(class, *func, this, ctx, plan, socket),
            "handle_accepted" => accepted = true,
            "handle_accept" => {
                accepted = true;
                canonical_accept(class, *func, this, ctx, plan);
            }
            _ if DISPATCHER_API.contains(name) => plan.block(
                *func,
                format!(
                    "`{}.{name}` overrides an asyncore method that has no asyncio equivalent here",
                    class.name
                ),
            ),
            _ => {}
        }
        if *name != "__init__" && *name != "handle_accept" {
            for (node, attr) in self_attributes(*func, this, ctx) {
                listener_attribute(class, name, node, attr, ctx, plan);
            }
        }
    }
    if !accepted {
        plan.block(
            class.node,
            format!(
                "`{}` listens but defines neither `handle_accepted` nor `handle_accept`",
                class.name
            ),
        );
    }
    let Some(last) = last else { return };
    let indent = indentation(ctx.text, last.start_byte()).to_owned();
    let unit = plan.unit.clone();
    let body = vec![
        String::new(),
        "async def serve_forever(self):".to_owned(),
        format!("{unit}loop = {asyncio}.get_running_loop()"),
        format!("{unit}self.socket.setblocking(False)"),
        format!("{unit}while True:"),
        format!("{unit}{unit}sock, addr = await loop.sock_accept(self.socket)"),
        format!("{unit}{unit}self.handle_accepted(sock, addr)"),
    ];
    let lines = plan.lines(&indent, &body);
    plan.insert_after(last, &lines);
}

/// The attributes a class assigns itself (`self.X = …`): they are the program's own, even when
/// asyncore had one of that name (`self.addr = addr`).
pub fn assigned_attributes<'t>(class: Node<'t>, this: &str, ctx: &Context<'_, 't>) -> Vec<&'t str> {
    let mut out = Vec::new();
    let mut stack = vec![class];
    while let Some(n) = stack.pop() {
        if matches!(n.kind(), "assignment" | "augmented_assignment")
            && let Some(left) = n.child_by_field_name("left")
        {
            let targets: Vec<Node<'t>> = if matches!(left.kind(), "pattern_list" | "tuple_pattern")
            {
                let mut c = left.walk();
                left.named_children(&mut c).collect()
            } else {
                vec![left]
            };
            for t in targets {
                if t.kind() == "attribute"
                    && t.child_by_field_name("object")
                        .is_some_and(|o| ctx.text_of(o) == this)
                    && let Some(a) = t.child_by_field_name("attribute")
                {
                    out.push(ctx.text_of(a));
                }
            }
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    out
}

/// `self.X` in a server's methods other than `__init__`.
fn listener_attribute<'t>(
    class: &Class<'t>,
    method: &str,
    node: Node<'t>,
    attr: &str,
    ctx: &Context<'_, 't>,
    plan: &mut Plan<'t>,
) {
    let defined = class_members(class.node, ctx)
        .iter()
        .any(|(n, _)| *n == attr);
    if defined || !DISPATCHER_API.contains(&attr) {
        return;
    }
    match attr {
        "socket" => {}
        "getsockname" if called(node).is_some() => {
            let object = node
                .child_by_field_name("object")
                .map(|o| ctx.text_of(o))
                .unwrap_or("self");
            plan.replace(node, format!("{object}.socket.getsockname"));
        }
        _ => plan.block(
            node,
            format!(
                "`{}.{method}` uses `self.{attr}`, which has no equivalent on an asyncio server",
                class.name
            ),
        ),
    }
}

/// A server's `__init__`: the socket is created, bound and listening when it returns, as
/// with asyncore, so that errors and the bound address show up at the same place.
fn listener_init<'t>(
    class: &Class<'t>,
    func: Node<'t>,
    this: &str,
    ctx: &Context<'_, 't>,
    plan: &mut Plan<'t>,
    socket: &str,
) {
    for stmt in body_statements(func) {
        if base_init_call(stmt, class, this, ctx).is_some() {
            plan.delete_lines(stmt);
            continue;
        }
        for (node, attr) in self_attributes(stmt, this, ctx) {
            let Some(call) = called(node) else {
                if DISPATCHER_API.contains(&attr) && attr != "socket" {
                    plan.block(
                        node,
                        format!("`{}.__init__` uses `self.{attr}`", class.name),
                    );
                }
                continue;
            };
            let args: Vec<&str> = arguments(call).iter().map(|a| ctx.text_of(*a)).collect();
            match attr {
                "create_socket" if is_statement_call(call) => {
                    let family = args.first().copied().unwrap_or("");
                    let kind = args.get(1).copied();
                    let socket_args = match (family, kind) {
                        ("", None) => String::new(),
                        (f, None) => f.to_owned(),
                        (f, Some(k)) => format!("{f}, {k}"),
                    };
                    plan.replace(
                        call,
                        format!("{this}.socket = {socket}.socket({socket_args})"),
                    );
                }
                "set_reuse_addr" if is_statement_call(call) => plan.replace(
                    call,
                    format!(
                        "{this}.socket.setsockopt({socket}.SOL_SOCKET, {socket}.SO_REUSEADDR, 1)"
                    ),
                ),
                "bind" | "listen" | "setsockopt" | "getsockname" => {
                    plan.replace(node, format!("{this}.socket.{attr}"));
                }
                _ if DISPATCHER_API.contains(&attr) => plan.block(
                    node,
                    format!("`{}.__init__` calls `self.{attr}()`", class.name),
                ),
                _ => {}
            }
        }
    }
}

/// `pair = self.accept()` / `if pair is not None:` / `sock, addr = pair`, or
/// `sock, addr = self.accept()`, followed by the handling code: becomes
/// `handle_accepted(self, sock, addr)` with that code.
fn canonical_accept<'t>(
    class: &Class<'t>,
    func: Node<'t>,
    this: &str,
    ctx: &Context<'_, 't>,
    plan: &mut Plan<'t>,
) {
    let statements = body_statements(func);
    let blocked = |plan: &mut Plan<'t>| {
        plan.block(func, format!("`{}.handle_accept` is not the usual `pair = self.accept()` / `sock, addr = pair` shape; write `handle_accepted(self, sock, addr)` instead", class.name));
    };
    let accept_call = |n: Node<'t>| {
        n.kind() == "call" && ctx.text_of(n).replace(' ', "") == format!("{this}.accept()")
    };
    let Some(first) = statements.first().copied() else {
        return blocked(plan);
    };
    let Some(assign) = first.named_child(0).filter(|a| a.kind() == "assignment") else {
        return blocked(plan);
    };
    let (Some(left), Some(right)) = (
        assign.child_by_field_name("left"),
        assign.child_by_field_name("right"),
    ) else {
        return blocked(plan);
    };
    if !accept_call(right) {
        return blocked(plan);
    }
    let (unpack, rest): (Node<'t>, Vec<Node<'t>>) = if left.kind() == "identifier" {
        // pair = self.accept(); if pair is not None: sock, addr = pair; …
        let pair = ctx.text_of(left);
        let [guard] = &statements[1..] else {
            return blocked(plan);
        };
        let condition = guard.child_by_field_name("condition").map(|c| {
            ctx.text_of(c)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        });
        let ok = guard.kind() == "if_statement"
            && guard.child_by_field_name("alternative").is_none()
            && (condition.as_deref() == Some(&format!("{pair} is not None"))
                || condition.as_deref() == Some(pair));
        let Some(inner) = guard.child_by_field_name("consequence").filter(|_| ok) else {
            return blocked(plan);
        };
        let mut cursor = inner.walk();
        let inner: Vec<Node<'t>> = inner
            .named_children(&mut cursor)
            .filter(|n| n.kind() != "comment")
            .collect();
        let Some((unpack, rest)) = inner.split_first() else {
            return blocked(plan);
        };
        let is_unpack = unpack
            .named_child(0)
            .filter(|a| a.kind() == "assignment")
            .and_then(|a| a.child_by_field_name("right"))
            .is_some_and(|r| ctx.text_of(r) == pair);
        if !is_unpack {
            return blocked(plan);
        }
        (*unpack, rest.to_vec())
    } else {
        (first, statements[1..].to_vec())
    };
    let Some(target) = unpack
        .named_child(0)
        .and_then(|a| a.child_by_field_name("left"))
        .filter(|l| matches!(l.kind(), "pattern_list" | "tuple_pattern"))
    else {
        return blocked(plan);
    };
    let names: Vec<&str> = {
        let mut cursor = target.walk();
        target
            .named_children(&mut cursor)
            .map(|n| ctx.text_of(n))
            .collect()
    };
    let [sock, addr] = names.as_slice() else {
        return blocked(plan);
    };
    if rest.is_empty() {
        return blocked(plan);
    }
    let Some(name) = func.child_by_field_name("name") else {
        return;
    };
    let Some(params) = func.child_by_field_name("parameters") else {
        return;
    };
    plan.replace(name, "handle_accepted");
    plan.replace(params, format!("({this}, {sock}, {addr})"));
    let body_indent = indentation(ctx.text, first.start_byte()).to_owned();
    let mut text = String::new();
    for stmt in &rest {
        if has_multiline_string(*stmt) {
            return blocked(plan);
        }
        text.push_str(&plan.take_lines(*stmt, &body_indent));
    }
    // Replace the whole old body by the handling code.
    let start = snakeshift_engine::edits::line_start(ctx.text, first.start_byte());
    let end = snakeshift_engine::edits::next_line_start(ctx.text, func.end_byte());
    plan.edits
        .push(snakeshift_engine::fix::Edit::replace(start..end, text));
}

#[allow(clippy::too_many_arguments)]
fn migrate_connection<'t>(
    class: &Class<'t>,
    methods: &[(&'t str, Node<'t>)],
    method: &dyn Fn(&str) -> Option<Node<'t>>,
    ctx: &Context<'_, 't>,
    plan: &mut Plan<'t>,
    asyncio: &str,
    early_writes: bool,
) {
    replace_base(class, plan, Some(&format!("{asyncio}.Protocol")));
    let names = Names {
        received: "received_data",
    };
    let used: BTreeSet<&str> = methods
        .iter()
        .flat_map(|(_, f)| {
            let this = first_parameter(*f, ctx).unwrap_or("self");
            self_attributes(*f, this, ctx).into_iter().map(|(_, a)| a)
        })
        .collect();
    if class.base == Base::AsyncChat && used.contains(names.received) {
        plan.block(
            class.node,
            format!(
                "`{}` uses `self.{}`, which the asyncio version needs",
                class.name, names.received
            ),
        );
    }
    let buffer = output_buffer(class, methods, ctx, plan);
    let read = method("handle_read").and_then(|f| read_shape(class, f, ctx, plan));
    if class.base == Base::AsyncChat {
        for required in ["collect_incoming_data", "found_terminator"] {
            if method(required).is_none() {
                plan.block(
                    class.node,
                    format!("`{}` relies on asynchat's default `{required}`", class.name),
                );
            }
        }
        if let Some(f) = method("handle_read") {
            plan.block(
                f,
                format!("`{}.handle_read` overrides asynchat's reading", class.name),
            );
        }
    }
    // Method bodies: `self.send(x)` → `self.transport.write(x)` and friends.
    let mut terminator: Option<String> = None;
    let mut init_moved_from: Option<Node<'t>> = None;
    for (name, func) in methods {
        let this = first_parameter(*func, ctx).unwrap_or("self");
        let skip = buffer
            .as_ref()
            .is_some_and(|b| b.writable.id() == func.id() || b.handle_write.id() == func.id());
        if skip {
            continue;
        }
        match *name {
            "__init__"
            | "handle_read"
            | "handle_close"
            | "handle_connect"
            | "collect_incoming_data"
            | "found_terminator" => {}
            "readable" => {
                let always = body_statements(*func)
                    .iter()
                    .map(|s| ctx.text_of(*s))
                    .collect::<Vec<_>>()
                    == ["return True"];
                if !always {
                    plan.block(
                        *func,
                        format!(
                            "`{}.readable` pauses reading; use `transport.pause_reading()`",
                            class.name
                        ),
                    );
                }
                continue;
            }
            _ if DISPATCHER_API.contains(name) => {
                plan.block(*func, format!("`{}.{name}` overrides an asyncore method that has no asyncio equivalent here", class.name));
                continue;
            }
            _ => {}
        }
        for (node, attr) in self_attributes(*func, this, ctx) {
            translate_attribute(
                class,
                name,
                *func,
                node,
                attr,
                this,
                buffer.as_ref(),
                read.as_ref(),
                &mut terminator,
                ctx,
                plan,
            );
        }
        if *name == "__init__" {
            init_moved_from = first_needing_transport(class, *func, this, buffer.as_ref(), ctx);
        }
    }
    // handle_read → data_received(self, data)
    if let Some(read) = &read {
        if let Some(name) = read.func.child_by_field_name("name") {
            plan.replace(name, "data_received");
        }
        if let Some(params) = read.func.child_by_field_name("parameters") {
            let this = first_parameter(read.func, ctx).unwrap_or("self");
            plan.replace(params, format!("({this}, {})", read.param));
        }
        if let Some(stmt) = read.drop {
            if body_statements(read.func).len() == 1 {
                plan.replace(stmt, "pass");
            } else {
                plan.delete_lines(stmt);
            }
        }
        if let Some(call) = read.replace {
            plan.replace(call, read.param.clone());
        }
    }
    if let Some(f) = method("handle_close")
        && let Some(name) = f.child_by_field_name("name")
    {
        plan.replace(name, "eof_received");
    }
    if let Some(b) = &buffer {
        plan.delete_member(b.writable);
        plan.delete_member(b.handle_write);
    }

    // __init__ and the generated `connection_made`.
    let init = method("__init__");
    let member_indent = methods
        .first()
        .map(|(_, f)| indentation(ctx.text, f.start_byte()).to_owned())
        .unwrap_or_else(|| plan.unit.clone());
    let unit = plan.unit.clone();
    let body_indent = format!("{member_indent}{unit}");
    let mut made: Vec<String> = vec!["self.transport = transport".to_owned()];
    let mut moved = String::new();
    let mut wiring: Vec<String> = Vec::new();
    let mut sock_param: Option<String> = None;
    let mut connect: Option<(String, Option<String>)> = None;
    if let Some(init) = init {
        let this = first_parameter(init, ctx).unwrap_or("self");
        let statements = body_statements(init);
        let params = parameter_names(init, ctx);
        let mut moving = false;
        for stmt in &statements {
            if let Some(args) = base_init_call(*stmt, class, this, ctx) {
                match (class.role, args.as_slice()) {
                    (Role::Handler, [sock]) => {
                        let text = ctx.text_of(*sock);
                        let text = text.strip_prefix("sock=").unwrap_or(text);
                        sock_param = Some(text.to_owned());
                    }
                    (Role::Client, []) => {}
                    _ => plan.block(
                        *stmt,
                        format!(
                            "`{}.__init__` initialises the asyncore base in an unusual way",
                            class.name
                        ),
                    ),
                }
                plan.delete_lines(*stmt);
                continue;
            }
            if class.role == Role::Client
                && let Some(found) = client_setup(*stmt, this, ctx)
            {
                match found {
                    ClientSetup::Socket(family) => {
                        if let Some(f) = family {
                            connect = Some((connect.map(|c| c.0).unwrap_or_default(), Some(f)));
                        }
                    }
                    ClientSetup::Connect(address) => {
                        let family = connect.and_then(|c| c.1);
                        connect = Some((address, family));
                    }
                }
                plan.delete_lines(*stmt);
                continue;
            }
            if init_moved_from.is_some_and(|m| m.id() == stmt.id()) {
                moving = true;
            }
            if moving {
                if has_multiline_string(*stmt) || mentions(*stmt, &params, ctx) {
                    plan.block(*stmt, format!("`{}.__init__` writes to the connection using its arguments before it exists; move that to `connection_made`", class.name));
                }
                moved.push_str(&plan.take_lines(*stmt, &body_indent));
                plan.delete_lines(*stmt);
            }
        }
        if class.role == Role::Handler && sock_param.is_none() {
            plan.block(
                init,
                format!(
                    "`{}.__init__` does not pass an accepted socket to the asyncore base",
                    class.name
                ),
            );
        }
    } else if class.role == Role::Handler {
        sock_param = Some("sock".to_owned());
    }
    if class.role == Role::Client && connect.as_ref().is_none_or(|c| c.0.is_empty()) {
        plan.block(
            class.node,
            format!(
                "`{}.__init__` does not call `self.connect(address)`",
                class.name
            ),
        );
    }
    if class.base == Base::AsyncChat {
        if terminator.is_none() {
            plan.block(
                class.node,
                format!(
                    "`{}` never calls `self.set_terminator(b\"…\")` in `__init__`",
                    class.name
                ),
            );
        }
        wiring.push(format!("self.{} = b\"\"", names.received));
    }
    if early_writes {
        wiring.push("self.transport = None".to_owned());
        wiring.push("self.unsent = []".to_owned());
    }
    wiring.push(format!("loop = {asyncio}.get_running_loop()"));
    match class.role {
        Role::Handler => {
            let sock = sock_param.clone().unwrap_or_else(|| "sock".to_owned());
            wiring.push(format!(
                "self.connecting = loop.create_task(loop.connect_accepted_socket(lambda: self, {sock}))"
            ));
        }
        _ => {
            let (address, family) = connect.clone().unwrap_or_default();
            let family = family.map_or(String::new(), |f| format!(", family={f}"));
            wiring.push("self.closed = loop.create_future()".to_owned());
            wiring.push(format!(
                "self.connecting = loop.create_task(loop.create_connection(lambda: self, {address}{family}))"
            ));
        }
    }
    if let Some(f) = method("handle_connect") {
        let statements = body_statements(f);
        let this = first_parameter(f, ctx).unwrap_or("self");
        for stmt in &statements {
            if ctx.text_of(*stmt) == "pass" {
                continue;
            }
            if has_multiline_string(*stmt) {
                plan.block(
                    *stmt,
                    format!("`{}.handle_connect` holds a multi-line string", class.name),
                );
            }
            for (node, attr) in self_attributes(*stmt, this, ctx) {
                translate_attribute(
                    class,
                    "handle_connect",
                    f,
                    node,
                    attr,
                    this,
                    buffer.as_ref(),
                    None,
                    &mut terminator,
                    ctx,
                    plan,
                );
            }
            moved.push_str(&plan.take_lines(*stmt, &body_indent));
        }
        plan.delete_member(f);
    }
    if let Some(b) = &buffer {
        made.push(format!("self.transport.write(self.{})", b.attr));
    }
    let mut generated = String::new();
    match init {
        Some(init) => {
            let last = *body_statements(init).last().unwrap_or(&init);
            let init_body = plan.lines(&body_indent, &wiring);
            plan.insert_after(last, &init_body);
        }
        None => {
            let sock = sock_param.unwrap_or_else(|| "sock".to_owned());
            generated
                .push_str(&plan.lines(&member_indent, &[format!("def __init__(self, {sock}):")]));
            generated.push_str(&plan.lines(&body_indent, &wiring));
            generated.push_str(plan.le);
        }
    }
    generated.push_str(&plan.lines(
        &member_indent,
        &["def connection_made(self, transport):".to_owned()],
    ));
    generated.push_str(&plan.lines(&body_indent, &made[..1]));
    generated.push_str(&moved);
    if early_writes {
        generated.push_str(&plan.lines(
            &body_indent,
            &[
                "for data in self.unsent:".to_owned(),
                format!("{unit}transport.write(data)"),
            ],
        ));
    }
    generated.push_str(&plan.lines(&body_indent, &made[1..]));
    if early_writes {
        // Other objects may write before the connection is made, as asyncore allowed.
        generated.push_str(plan.le);
        generated.push_str(&plan.lines(&member_indent, &["def write(self, data):".to_owned()]));
        generated.push_str(&plan.lines(
            &body_indent,
            &[
                "if self.transport is None:".to_owned(),
                format!("{unit}self.unsent.append(data)"),
                "else:".to_owned(),
                format!("{unit}self.transport.write(data)"),
            ],
        ));
    }
    if class.base == Base::AsyncChat {
        let r = names.received;
        generated.push_str(plan.le);
        generated.push_str(&plan.lines(
            &member_indent,
            &["def data_received(self, data):".to_owned()],
        ));
        generated.push_str(&plan.lines(
            &body_indent,
            &[
                format!("self.{r} += data"),
                format!("while self.terminator in self.{r}:"),
                format!("{unit}data, _, self.{r} = self.{r}.partition(self.terminator)"),
                format!("{unit}if data:"),
                format!("{unit}{unit}self.collect_incoming_data(data)"),
                format!("{unit}self.found_terminator()"),
            ],
        ));
    }
    if class.role == Role::Client {
        generated.push_str(plan.le);
        generated.push_str(&plan.lines(
            &member_indent,
            &["def connection_lost(self, exc):".to_owned()],
        ));
        generated.push_str(&plan.lines(&body_indent, &["self.closed.set_result(None)".to_owned()]));
    }
    match init {
        Some(init) => {
            plan.insert_after(init, &format!("{}{generated}", plan.le));
        }
        None => {
            let body = class.node.child_by_field_name("body");
            let first = body.and_then(|b| {
                let mut cursor = b.walk();
                b.named_children(&mut cursor)
                    .find(|n| n.kind() != "comment" && !is_docstring(*n))
            });
            match first {
                Some(first) => plan.insert_before(first, &format!("{generated}{}", plan.le)),
                None => {
                    if let Some(b) = body {
                        plan.insert_after(b, &format!("{}{generated}", plan.le));
                    }
                }
            }
        }
    }
}

fn is_docstring(stmt: Node<'_>) -> bool {
    stmt.kind() == "expression_statement"
        && stmt.named_child(0).is_some_and(|c| c.kind() == "string")
}

/// The parameter names of a function (without `self`).
fn parameter_names<'t>(func: Node<'t>, ctx: &Context<'_, 't>) -> Vec<&'t str> {
    let Some(params) = func.child_by_field_name("parameters") else {
        return Vec::new();
    };
    let mut cursor = params.walk();
    params
        .named_children(&mut cursor)
        .skip(1)
        .filter_map(|p| match p.kind() {
            "identifier" => Some(p),
            "default_parameter" | "typed_default_parameter" => p.child_by_field_name("name"),
            "typed_parameter" => p.named_child(0),
            "list_splat_pattern" | "dictionary_splat_pattern" => p.named_child(0),
            _ => None,
        })
        .map(|n| ctx.text_of(n))
        .collect()
}

/// Whether a statement uses one of `names` as a variable.
fn mentions(stmt: Node<'_>, names: &[&str], ctx: &Context<'_, '_>) -> bool {
    let mut stack = vec![stmt];
    while let Some(n) = stack.pop() {
        if n.kind() == "identifier" && names.contains(&ctx.text_of(n)) {
            let is_attribute_name = n.parent().is_some_and(|p| {
                p.kind() == "attribute"
                    && p.child_by_field_name("attribute").map(|a| a.id()) == Some(n.id())
            });
            if !is_attribute_name {
                return true;
            }
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    false
}

enum ClientSetup {
    /// `self.create_socket(family, type)`: the family, unless the default.
    Socket(Option<String>),
    /// `self.connect(address)`: the host and port arguments of `create_connection`.
    Connect(String),
}

fn client_setup(stmt: Node<'_>, this: &str, ctx: &Context<'_, '_>) -> Option<ClientSetup> {
    let call = stmt.named_child(0).filter(|c| c.kind() == "call")?;
    let function = call.child_by_field_name("function")?;
    let object = function.child_by_field_name("object")?;
    let attr = function.child_by_field_name("attribute")?;
    if ctx.text_of(object) != this {
        return None;
    }
    let args = arguments(call);
    match ctx.text_of(attr) {
        "create_socket" => {
            let family = args.first().map(|a| ctx.text_of(*a).to_owned());
            Some(ClientSetup::Socket(family))
        }
        "connect" => {
            let [address] = args.as_slice() else {
                return None;
            };
            let text = if address.kind() == "tuple" {
                let inner = ctx.text_of(*address);
                inner[1..inner.len() - 1]
                    .trim()
                    .trim_end_matches(',')
                    .to_owned()
            } else {
                format!("*{}", ctx.text_of(*address))
            };
            Some(ClientSetup::Connect(text))
        }
        _ => None,
    }
}

/// The first statement of `__init__` that needs the connection (a write, a close, the peer
/// address): it and the statements after it move to `connection_made`.
fn first_needing_transport<'t>(
    class: &Class<'t>,
    init: Node<'t>,
    this: &str,
    buffer: Option<&Buffer<'t>>,
    ctx: &Context<'_, 't>,
) -> Option<Node<'t>> {
    let own = assigned_attributes(class.node, this, ctx);
    body_statements(init).into_iter().find(|stmt| {
        base_init_call(*stmt, class, this, ctx).is_none()
            && self_attributes(*stmt, this, ctx)
                .iter()
                .any(|(node, attr)| {
                    !own.contains(attr)
                        && matches!(
                            *attr,
                            "send"
                                | "push"
                                | "close"
                                | "close_when_done"
                                | "getpeername"
                                | "getsockname"
                                | "addr"
                        )
                        || (buffer.is_some_and(|b| b.attr == *attr)
                            && node
                                .parent()
                                .is_some_and(|p| p.kind() == "augmented_assignment"))
                })
    })
}

/// Rewrites one `self.<attr>` in a connection class's method.
#[allow(clippy::too_many_arguments)]
fn translate_attribute<'t>(
    class: &Class<'t>,
    method: &str,
    func: Node<'t>,
    node: Node<'t>,
    attr: &str,
    this: &str,
    buffer: Option<&Buffer<'t>>,
    read: Option<&Read<'t>>,
    terminator: &mut Option<String>,
    ctx: &Context<'_, 't>,
    plan: &mut Plan<'t>,
) {
    let defined = class_members(class.node, ctx)
        .iter()
        .any(|(n, _)| *n == attr)
        || assigned_attributes(class.node, this, ctx).contains(&attr);
    if let Some(b) = buffer
        && b.attr == attr
    {
        // Only `self.B = …` in __init__ and `self.B += x` elsewhere are allowed.
        let parent = node.parent();
        let is_left =
            |p: Node<'_>| p.child_by_field_name("left").map(|l| l.id()) == Some(node.id());
        match parent {
            Some(p) if p.kind() == "assignment" && is_left(p) && method == "__init__" => {}
            Some(p) if p.kind() == "augmented_assignment" && is_left(p) && ctx.text_of(p).contains("+=") => {
                if let Some(stmt) = p.parent().filter(|s| s.kind() == "expression_statement")
                    && let Some(right) = p.child_by_field_name("right")
                {
                    plan.replace(stmt, format!("{this}.transport.write({})", ctx.text_of(right)));
                }
            }
            _ => plan.block(node, format!("`{}.{method}` uses the output buffer `self.{attr}` in a way the migration does not follow", class.name)),
        }
        return;
    }
    if defined && !matches!(attr, "handle_close" | "handle_read") {
        return;
    }
    if !DISPATCHER_API.contains(&attr) {
        return;
    }
    let call = called(node);
    match attr {
        "send" | "push" => match call {
            Some(c) if is_statement_call(c) => {
                plan.replace(node, format!("{this}.transport.write"))
            }
            _ => plan.block(
                node,
                format!(
                    "`{}.{method}` uses the result of `self.{attr}()`",
                    class.name
                ),
            ),
        },
        "close" | "close_when_done" if call.is_some() => {
            plan.replace(node, format!("{this}.transport.close"))
        }
        "getpeername" | "getsockname" if call.is_some() => {
            let key = if attr == "getpeername" {
                "peername"
            } else {
                "sockname"
            };
            if let Some(c) = call {
                plan.replace(c, format!("{this}.transport.get_extra_info(\"{key}\")"));
            }
        }
        "addr" if call.is_none() => plan.replace(
            node,
            format!("{this}.transport.get_extra_info(\"peername\")"),
        ),
        "handle_close" if call.is_some() => plan.replace(node, format!("{this}.eof_received")),
        "recv" if read.is_some_and(|r| r.func.id() == func.id()) => {}
        "set_terminator" if method == "__init__" && class.base == Base::AsyncChat => {
            let args = call.map(arguments).unwrap_or_default();
            let literal = args
                .first()
                .filter(|a| a.kind() == "string" && ctx.text_of(**a).starts_with(['b', 'B']));
            match (call, literal) {
                (Some(c), Some(lit))
                    if is_statement_call(c) && args.len() == 1 && terminator.is_none() =>
                {
                    *terminator = Some(ctx.text_of(*lit).to_owned());
                    plan.replace(c, format!("{this}.terminator = {}", ctx.text_of(*lit)));
                }
                _ => plan.block(
                    node,
                    format!(
                        "`{}.__init__` sets a terminator that is not a bytes literal",
                        class.name
                    ),
                ),
            }
        }
        "create_socket" | "connect" if method == "__init__" && class.role == Role::Client => {}
        _ => plan.block(
            node,
            format!(
                "`{}.{method}` uses `self.{attr}`, which has no asyncio equivalent here",
                class.name
            ),
        ),
    }
}

/// `handle_read`: `data = self.recv(n)` first (or a single `self.recv(n)` expression), and
/// an end-of-file branch (`if not data:`) that only returns or closes.
fn read_shape<'t>(
    class: &Class<'t>,
    func: Node<'t>,
    ctx: &Context<'_, 't>,
    plan: &mut Plan<'t>,
) -> Option<Read<'t>> {
    let this = first_parameter(func, ctx)?;
    let recvs: Vec<Node<'t>> = self_attributes(func, this, ctx)
        .into_iter()
        .filter(|(_, a)| *a == "recv")
        .filter_map(|(n, _)| called(n))
        .collect();
    let blocked = |plan: &mut Plan<'t>, why: &str| {
        plan.block(func, format!("`{}.handle_read` {why}", class.name));
        None
    };
    let [recv] = recvs.as_slice() else {
        return blocked(plan, "does not read with exactly one `self.recv(n)`");
    };
    if crate::kit::syntax::ancestor(
        *recv,
        &[
            "for_statement",
            "while_statement",
            "if_statement",
            "try_statement",
        ],
    )
    .is_some_and(|a| a.start_byte() > func.start_byte())
    {
        return blocked(plan, "reads inside a loop, condition or `try`");
    }
    let first = body_statements(func).first().copied();
    let assigned = first
        .and_then(|s| s.named_child(0))
        .filter(|a| a.kind() == "assignment")
        .filter(|a| a.child_by_field_name("right").map(|r| r.id()) == Some(recv.id()))
        .and_then(|a| a.child_by_field_name("left"))
        .filter(|l| l.kind() == "identifier");
    let read = match assigned {
        Some(name) => Read {
            func,
            drop: first,
            replace: None,
            param: ctx.text_of(name).to_owned(),
        },
        None => {
            let param = ["data", "received", "chunk"]
                .into_iter()
                .find(|p| !mentions(func, &[p], ctx))?;
            Read {
                func,
                drop: None,
                replace: Some(*recv),
                param: param.to_owned(),
            }
        }
    };
    // End of file: asyncore called handle_close() and then went on with b""; asyncio calls
    // eof_received() only, so an end-of-file branch must do nothing that matters.
    let mut stack = vec![func];
    while let Some(n) = stack.pop() {
        if n.kind() == "if_statement"
            && let Some(condition) = n.child_by_field_name("condition")
        {
            let c = ctx
                .text_of(condition)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let p = &read.param;
            let empty_test = [
                format!("not {p}"),
                format!("{p} == b\"\""),
                format!("{p} == b''"),
                format!("len({p}) == 0"),
            ];
            let trivial = |block: Node<'_>| {
                let mut cursor = block.walk();
                block.named_children(&mut cursor).all(|s| {
                    let t = ctx.text_of(s).replace(' ', "");
                    t == "return"
                        || t == "pass"
                        || t == format!("{this}.close()")
                        || s.kind() == "comment"
                })
            };
            if empty_test.contains(&c) {
                let consequence = n.child_by_field_name("consequence");
                if !consequence.is_some_and(trivial)
                    || n.child_by_field_name("alternative").is_some()
                {
                    return blocked(
                        plan,
                        "does something at the end of the input (empty data), which asyncio reports to `eof_received` instead",
                    );
                }
            } else if c == *p
                && n.child_by_field_name("alternative").is_some_and(|alt| {
                    alt.kind() != "else_clause"
                        || !alt.child_by_field_name("body").is_some_and(trivial)
                })
            {
                return blocked(
                    plan,
                    "does something at the end of the input (empty data), which asyncio reports to `eof_received` instead",
                );
            }
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    Some(read)
}

/// `writable()` returning whether `self.B` is non-empty and `handle_write()` sending it.
fn output_buffer<'t>(
    class: &Class<'t>,
    methods: &[(&'t str, Node<'t>)],
    ctx: &Context<'_, 't>,
    plan: &mut Plan<'t>,
) -> Option<Buffer<'t>> {
    let writable = methods
        .iter()
        .find(|(n, _)| *n == "writable")
        .map(|(_, f)| *f);
    let handle_write = methods
        .iter()
        .find(|(n, _)| *n == "handle_write")
        .map(|(_, f)| *f);
    let (writable, handle_write) = match (writable, handle_write) {
        (None, None) => return None,
        (Some(w), Some(h)) => (w, h),
        (w, h) => {
            plan.block(
                w.or(h)?,
                format!(
                    "`{}` defines only one of `writable` and `handle_write`",
                    class.name
                ),
            );
            return None;
        }
    };
    let this = first_parameter(writable, ctx)?;
    let squash = |n: Node<'_>| ctx.text_of(n).split_whitespace().collect::<String>();
    let w = body_statements(writable);
    let h = body_statements(handle_write);
    let attr = w.first().and_then(|s| {
        let t = squash(*s);
        let t = t.strip_prefix("return")?;
        let t = t.trim_start_matches('(').trim_end_matches(')');
        let prefix = format!("{this}.");
        let inner = t
            .strip_prefix("len(")
            .and_then(|r| r.strip_suffix(")>0").or_else(|| r.strip_suffix(")!=0")))
            .or_else(|| t.strip_prefix("bool(").and_then(|r| r.strip_suffix(')')))
            .or(Some(t))?;
        inner
            .strip_prefix(&prefix)
            .filter(|a| a.chars().all(|c| c.is_alphanumeric() || c == '_'))
            .map(str::to_owned)
    });
    let Some(attr) = attr.filter(|_| w.len() == 1) else {
        plan.block(
            writable,
            format!(
                "`{}.writable` is not `return len(self.buffer) > 0`",
                class.name
            ),
        );
        return None;
    };
    let this_w = first_parameter(handle_write, ctx)?;
    let expected = [
        (
            format!("sent={this_w}.send({this_w}.{attr})"),
            format!("{this_w}.{attr}={this_w}.{attr}[sent:]"),
        ),
        (
            format!("sent={this_w}.send({this_w}.{attr})"),
            format!("del{this_w}.{attr}[:sent]"),
        ),
    ];
    let matches = h.len() == 2 && {
        let first = squash(h[0]);
        let second = squash(h[1]);
        // Any name for the count of bytes sent.
        let count = first.split('=').next().unwrap_or_default().to_owned();
        expected.iter().any(|(a, b)| {
            a.replacen("sent", &count, 1) == first && b.replace("sent", &count) == second
        })
    };
    if !matches {
        plan.block(handle_write, format!("`{}.handle_write` is not the usual `sent = self.send(self.{attr})` / `self.{attr} = self.{attr}[sent:]`", class.name));
        return None;
    }
    let attr: &'t str = class_attribute_name(writable, &attr, ctx)?;
    Some(Buffer {
        attr,
        writable,
        handle_write,
    })
}

/// The attribute name as a slice of the source (for lifetimes).
fn class_attribute_name<'t>(func: Node<'t>, attr: &str, ctx: &Context<'_, 't>) -> Option<&'t str> {
    let this = first_parameter(func, ctx)?;
    self_attributes(func, this, ctx)
        .into_iter()
        .map(|(_, a)| a)
        .find(|a| *a == attr)
}
