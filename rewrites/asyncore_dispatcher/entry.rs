//! `asyncore.loop()` becomes `asyncio.run(...)` of the servers and clients created before it.

use super::classes::{Class, Role};
use super::plan::{Plan, has_multiline_string};
use snakeshift_engine::edits::indentation;
use snakeshift_engine::rewrite::Context;
use tree_sitter::Node;

/// A server or client constructed before the loop: its statement and the name it is bound to.
struct Created<'t> {
    stmt: Node<'t>,
    role: Role,
    name: Option<&'t str>,
    call: Node<'t>,
}

/// `C(...)` or `name = C(...)` where `C` is one of the migrated classes.
fn construction<'t>(
    stmt: Node<'t>,
    classes: &[Class<'t>],
    ctx: &Context<'_, 't>,
) -> Option<Created<'t>> {
    if stmt.kind() != "expression_statement" || stmt.named_child_count() != 1 {
        return None;
    }
    let expr = stmt.named_child(0)?;
    let (name, call) = match expr.kind() {
        "call" => (None, expr),
        "assignment" => {
            let left = expr
                .child_by_field_name("left")
                .filter(|l| l.kind() == "identifier")?;
            let right = expr
                .child_by_field_name("right")
                .filter(|r| r.kind() == "call")?;
            (Some(ctx.text_of(left)), right)
        }
        _ => return None,
    };
    let function = call
        .child_by_field_name("function")
        .filter(|f| f.kind() == "identifier")?;
    let class = classes.iter().find(|c| c.name == ctx.text_of(function))?;
    Some(Created {
        stmt,
        role: class.role,
        name,
        call,
    })
}

/// A name for a server or client object that nothing in the file uses.
fn fresh_name(base: &str, taken: &mut Vec<String>, ctx: &Context<'_, '_>) -> String {
    let sem = ctx.semantic();
    let mut n = 1;
    loop {
        let candidate = if n == 1 {
            base.to_owned()
        } else {
            format!("{base}{n}")
        };
        if sem.is_name_free(&candidate) && !taken.contains(&candidate) {
            taken.push(candidate.clone());
            return candidate;
        }
        n += 1;
    }
}

/// Migrates one `asyncore.loop(...)` statement.
pub fn migrate_loop<'t>(
    call: Node<'t>,
    classes: &[Class<'t>],
    ctx: &Context<'_, 't>,
    plan: &mut Plan<'t>,
    asyncio: &str,
) {
    let Some(stmt) = call
        .parent()
        .filter(|p| p.kind() == "expression_statement" && p.named_child_count() == 1)
    else {
        plan.block(call, "`asyncore.loop()` is used as a value");
        return;
    };
    if let Some(args) = call.child_by_field_name("arguments") {
        let mut cursor = args.walk();
        for (i, arg) in args.named_children(&mut cursor).enumerate() {
            let keyword = arg
                .child_by_field_name("name")
                .map(|n| ctx.text_of(n))
                .filter(|_| arg.kind() == "keyword_argument");
            let ignored = match keyword {
                Some(k) => matches!(k, "timeout" | "use_poll"),
                None => i < 2 && arg.kind() != "list_splat" && arg.kind() != "dictionary_splat",
            };
            if !ignored {
                plan.block(
                    arg,
                    "`asyncore.loop()` with a `map` or a `count` has no asyncio equivalent",
                );
            }
        }
    }
    let Some(block) = stmt.parent() else { return };
    let mut cursor = block.walk();
    let siblings: Vec<Node<'t>> = block
        .named_children(&mut cursor)
        .filter(|n| n.kind() != "comment")
        .collect();
    let position = siblings
        .iter()
        .position(|s| s.id() == stmt.id())
        .unwrap_or(0);
    let before = &siblings[..position];
    let after = &siblings[position + 1..];
    let mut created: Vec<Created<'t>> = before
        .iter()
        .filter_map(|s| construction(*s, classes, ctx))
        .collect();
    // Servers created before the `try:` (or `with`, `if`) that holds the loop.
    let mut level = block;
    while let Some(holder) = level.parent().filter(|h| {
        !matches!(
            h.kind(),
            "function_definition" | "class_definition" | "module"
        )
    }) {
        let Some(statement) = std::iter::successors(Some(holder), |n| n.parent()).find(|n| {
            n.parent()
                .is_some_and(|p| matches!(p.kind(), "block" | "module"))
        }) else {
            break;
        };
        let Some(enclosing) = statement.parent() else {
            break;
        };
        let mut c = enclosing.walk();
        let earlier: Vec<Node<'t>> = enclosing
            .named_children(&mut c)
            .take_while(|n| n.id() != statement.id())
            .collect();
        for sibling in earlier.into_iter().rev() {
            if let Some(found) = construction(sibling, classes, ctx) {
                if found.role != Role::Listener {
                    plan.block(
                        sibling,
                        "a client is created outside the block of `asyncore.loop()`",
                    );
                }
                created.insert(0, found);
            }
        }
        if enclosing.kind() == "module" {
            break;
        }
        level = enclosing;
    }
    if created.is_empty() {
        plan.block(stmt, "`asyncore.loop()` serves dispatchers created elsewhere; start them with `asyncio.run()` where they are created");
        return;
    }
    if created.iter().any(|c| c.role == Role::Handler) {
        plan.block(
            stmt,
            "a connection handler is created before `asyncore.loop()` without a server",
        );
        return;
    }
    let mut taken = Vec::new();
    let mut names: Vec<(String, Role)> = Vec::new();
    for c in &created {
        let name = match c.name {
            Some(n) => n.to_owned(),
            None => {
                let base = if c.role == Role::Listener {
                    "server"
                } else {
                    "client"
                };
                let name = fresh_name(base, &mut taken, ctx);
                plan.edits.push(snakeshift_engine::fix::Edit::insert(
                    c.call.start_byte(),
                    format!("{name} = "),
                ));
                name
            }
        };
        names.push((name, c.role));
    }
    let awaited: Vec<String> = names
        .iter()
        .map(|(n, role)| match role {
            Role::Listener => format!("{n}.serve_forever()"),
            _ => format!("{n}.connecting, {n}.closed"),
        })
        .collect();
    let indent = indentation(ctx.text, stmt.start_byte()).to_owned();
    let clients = created.iter().position(|c| c.role == Role::Client);
    match clients {
        None if names.len() == 1 => {
            plan.replace(
                stmt,
                format!("{asyncio}.run({}.serve_forever())", names[0].0),
            );
        }
        _ => {
            // Clients connect from inside the running loop: the statements from the first
            // client to the loop move into a coroutine.
            let first = clients.map_or(position, |i| {
                siblings
                    .iter()
                    .position(|s| s.id() == created[i].stmt.id())
                    .unwrap_or(position)
            });
            let moved = &siblings[first..position];
            let unit = plan.unit.clone();
            let inner = format!("{indent}{unit}");
            let function = fresh_name("main", &mut taken, ctx);
            let scope_keyword = if block.kind() == "module" || is_module_level(block) {
                "global"
            } else {
                "nonlocal"
            };
            let bound: Vec<&str> = moved
                .iter()
                .filter_map(|s| assigned_name(*s, ctx))
                .collect();
            let used_after: Vec<&str> = bound
                .iter()
                .copied()
                .filter(|n| after.iter().any(|s| uses_name(*s, n, ctx)))
                .collect();
            let mut text = plan.lines(&indent, &[format!("async def {function}():")]);
            if !used_after.is_empty() {
                text.push_str(&plan.lines(
                    &inner,
                    &[format!("{scope_keyword} {}", used_after.join(", "))],
                ));
            }
            for s in moved {
                if has_multiline_string(*s) {
                    plan.block(
                        *s,
                        "a statement before `asyncore.loop()` holds a multi-line string",
                    );
                }
                text.push_str(&plan.take_lines(*s, &inner));
                plan.delete_lines(*s);
            }
            let wait = if awaited.len() == 1 && !awaited[0].contains(',') {
                format!("await {}", awaited[0])
            } else {
                format!("await {asyncio}.gather({})", awaited.join(", "))
            };
            text.push_str(&plan.lines(&inner, &[wait]));
            text.push_str(&plan.lines(&indent, &[String::new()]));
            if block.kind() == "module" {
                text.push_str(&plan.lines(&indent, &[String::new()]));
            }
            text.push_str(&plan.lines(&indent, &[format!("{asyncio}.run({function}())")]));
            let start = snakeshift_engine::edits::line_start(ctx.text, stmt.start_byte());
            let end = snakeshift_engine::edits::next_line_start(ctx.text, stmt.end_byte());
            plan.edits
                .push(snakeshift_engine::fix::Edit::replace(start..end, text));
        }
    }
}

/// A block at module level (`if __name__ == "__main__":`), where assignments are globals.
fn is_module_level(block: Node<'_>) -> bool {
    let mut current = block;
    while let Some(parent) = current.parent() {
        match parent.kind() {
            "function_definition" | "class_definition" | "lambda" => return false,
            "module" => return true,
            _ => current = parent,
        }
    }
    true
}

fn assigned_name<'t>(stmt: Node<'t>, ctx: &Context<'_, 't>) -> Option<&'t str> {
    let assign = stmt.named_child(0).filter(|a| a.kind() == "assignment")?;
    let left = assign
        .child_by_field_name("left")
        .filter(|l| l.kind() == "identifier")?;
    Some(ctx.text_of(left))
}

fn uses_name(stmt: Node<'_>, name: &str, ctx: &Context<'_, '_>) -> bool {
    let mut stack = vec![stmt];
    while let Some(n) = stack.pop() {
        if n.kind() == "identifier" && ctx.text_of(n) == name {
            return true;
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    false
}
