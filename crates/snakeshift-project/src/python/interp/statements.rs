//! Statements: assignments, branches decided or guarded, `try` with the exceptions the
//! evaluator models, `with`, loops over known values.

use super::*;

impl Interp<'_> {
    pub(super) fn exec_block(&mut self, block: Node<'_>, frame: &mut Frame) -> R<Flow> {
        let mut c = block.walk();
        let statements: Vec<Node<'_>> = block.named_children(&mut c).collect();
        for stmt in statements {
            match self.exec(stmt, frame)? {
                Flow::Next => {}
                other => return Ok(other),
            }
        }
        Ok(Flow::Next)
    }

    pub(super) fn exec(&mut self, stmt: Node<'_>, frame: &mut Frame) -> R<Flow> {
        self.step()?;
        let module = frame.module;
        let text = self.modules[module].text.clone();
        match stmt.kind() {
            "expression_statement" => {
                let mut c = stmt.walk();
                let children: Vec<Node<'_>> = stmt.named_children(&mut c).collect();
                for child in children {
                    match child.kind() {
                        "assignment" => self.exec_assignment(child, frame)?,
                        "augmented_assignment" => self.exec_augmented(child, frame)?,
                        _ => {
                            self.eval(child, frame)?;
                        }
                    }
                }
                Ok(Flow::Next)
            }
            "import_statement" => {
                self.exec_import(stmt, frame)?;
                Ok(Flow::Next)
            }
            "import_from_statement" => {
                self.exec_from_import(stmt, frame)?;
                Ok(Flow::Next)
            }
            "future_import_statement"
            | "pass_statement"
            | "comment"
            | "assert_statement"
            | "type_alias_statement"
            | "nonlocal_statement"
            | "print_statement"
            | "exec_statement" => Ok(Flow::Next),
            "global_statement" => {
                let mut c = stmt.walk();
                for n in stmt.named_children(&mut c) {
                    frame.global_names.insert(node_text(&text, n).to_owned());
                }
                Ok(Flow::Next)
            }
            "delete_statement" => {
                let mut c = stmt.walk();
                let targets: Vec<Node<'_>> = stmt.named_children(&mut c).collect();
                for t in targets {
                    self.exec_delete(t, frame)?;
                }
                Ok(Flow::Next)
            }
            "function_definition" => {
                let name = node_text(&text, stmt.child_by_field_name("name").unwrap());
                let def = DefRef {
                    module,
                    path: self.modules[module].path.clone(),
                    range: stmt.byte_range(),
                    name: name.to_owned(),
                };
                self.bind(name, Value::Function(def), frame);
                Ok(Flow::Next)
            }
            "class_definition" => {
                let name = node_text(&text, stmt.child_by_field_name("name").unwrap());
                let def = DefRef {
                    module,
                    path: self.modules[module].path.clone(),
                    range: stmt.byte_range(),
                    name: name.to_owned(),
                };
                self.bind(name, Value::Class(def), frame);
                Ok(Flow::Next)
            }
            "decorated_definition" => {
                let def = stmt.child_by_field_name("definition").unwrap();
                let name = node_text(&text, def.child_by_field_name("name").unwrap());
                self.bind(name, Value::opaque(format!("`{name}` is decorated")), frame);
                Ok(Flow::Next)
            }
            "if_statement" => self.exec_if(stmt, frame),
            "try_statement" => self.exec_try(stmt, frame),
            "with_statement" => self.exec_with(stmt, frame),
            "for_statement" => self.exec_for(stmt, frame),
            "while_statement" => self.exec_while(stmt, frame),
            "return_statement" => {
                let value = match stmt.named_child(0) {
                    Some(e) => self.eval(e, frame)?,
                    None => Value::None,
                };
                Ok(Flow::Return(value))
            }
            "break_statement" => Ok(Flow::Break),
            "continue_statement" => Ok(Flow::Continue),
            "raise_statement" => {
                let (kind, message) = match stmt.named_child(0) {
                    Some(e) => {
                        let callee = if e.kind() == "call" {
                            e.child_by_field_name("function").unwrap()
                        } else {
                            e
                        };
                        let name = node_text(&text, callee);
                        let name = name.rsplit('.').next().unwrap_or(name).to_owned();
                        (name, node_text(&text, e).to_owned())
                    }
                    None => ("Exception".to_owned(), "re-raised".to_owned()),
                };
                match &frame.local_guard() {
                    Guard::Always => Err(Exc::raise(&kind, message)),
                    _ => Ok(Flow::Next),
                }
            }
            "match_statement" => Ok(Flow::Next),
            _ => Ok(Flow::Next),
        }
    }

    pub(super) fn exec_delete(&mut self, target: Node<'_>, frame: &mut Frame) -> R<()> {
        let text = self.modules[frame.module].text.clone();
        match target.kind() {
            "identifier" => {
                let name = node_text(&text, target);
                if let Some(locals) = &mut frame.locals {
                    locals.remove(name);
                } else {
                    frame.globals.borrow_mut().remove(name);
                }
            }
            "subscript" => {
                let obj = self.eval(target.child_by_field_name("value").unwrap(), frame)?;
                let key = self.eval(target.child_by_field_name("subscript").unwrap(), frame)?;
                match (&obj, &key) {
                    (Value::Dict(entries), Value::Str(k)) => {
                        entries.borrow_mut().retain(|e| e.key != k.s);
                    }
                    (Value::List(items), Value::Int(i)) => {
                        let mut items = items.borrow_mut();
                        let len = items.len() as i64;
                        let idx = if *i < 0 { len + i } else { *i };
                        if (0..len).contains(&idx) {
                            items.remove(idx as usize);
                        }
                    }
                    (Value::List(items), _) => {
                        let mut items = items.borrow_mut();
                        items.clear();
                        items.push(Item::new(Value::opaque(
                            "changed by a deletion snakeshift does not follow",
                        )));
                    }
                    _ => {}
                }
            }
            "expression_list" | "tuple" => {
                let mut c = target.walk();
                let parts: Vec<Node<'_>> = target.named_children(&mut c).collect();
                for p in parts {
                    self.exec_delete(p, frame)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    pub(super) fn exec_assignment(&mut self, node: Node<'_>, frame: &mut Frame) -> R<()> {
        let Some(right) = node.child_by_field_name("right") else {
            return Ok(()); // `x: int` declares, nothing more
        };
        let left = node.child_by_field_name("left").unwrap();
        self.read_dependent = false;
        let value = if right.kind() == "assignment" {
            self.exec_assignment(right, frame)?;
            // `a = b = value`: the chained target got the value already.
            let inner_left = right.child_by_field_name("left").unwrap();
            self.eval(inner_left, frame)?
        } else {
            self.eval(right, frame)?
        };
        self.assign(left, value, frame)?;
        self.read_dependent = false;
        Ok(())
    }

    pub(super) fn exec_augmented(&mut self, node: Node<'_>, frame: &mut Frame) -> R<()> {
        let left = node.child_by_field_name("left").unwrap();
        let right = node.child_by_field_name("right").unwrap();
        let op_node = node.child_by_field_name("operator").unwrap();
        let op = op_node.kind().trim_end_matches('=').to_owned();
        self.read_dependent = false;
        let current = self.eval(left, frame)?;
        let rhs = self.eval(right, frame)?;
        // `reqs += [...]` mutates a list in place (and honours markers).
        if op == "+"
            && let Value::List(items) = &current
        {
            match self.iterate(&rhs)? {
                Some(new) => {
                    let added: Vec<Item> = new
                        .into_iter()
                        .map(|v| self.guarded_item(v, frame))
                        .collect();
                    items.borrow_mut().extend(added);
                }
                None => items.borrow_mut().push(Item::new(Value::opaque(
                    rhs.opaque_reason()
                        .unwrap_or_else(|| "extended with an unknown value".into()),
                ))),
            }
            return Ok(());
        }
        if op == "|"
            && let (Value::Dict(entries), Value::Dict(other)) = (&current, &rhs)
        {
            let other = other.borrow().clone();
            for e in other {
                let v = self.guarded(e.value, frame);
                let site = e.sites.first().cloned();
                set_entry(entries, &e.key, v, site);
            }
            return Ok(());
        }
        let value = self.binary(&op, current, rhs)?;
        self.assign(left, value, frame)?;
        self.read_dependent = false;
        Ok(())
    }

    pub(super) fn exec_if(&mut self, stmt: Node<'_>, frame: &mut Frame) -> R<Flow> {
        let mut branches: Vec<(Option<Node<'_>>, Node<'_>)> = vec![(
            stmt.child_by_field_name("condition"),
            stmt.child_by_field_name("consequence").unwrap(),
        )];
        let mut c = stmt.walk();
        for alt in stmt.children_by_field_name("alternative", &mut c) {
            match alt.kind() {
                "elif_clause" => branches.push((
                    alt.child_by_field_name("condition"),
                    alt.child_by_field_name("consequence").unwrap(),
                )),
                _ => branches.push((None, alt.child_by_field_name("body").unwrap())),
            }
        }
        // The condition under which the remaining branches are reached.
        let mut reach = Cond::Known(true);
        for (condition, body) in branches {
            self.version_decided = false;
            let cond = match condition {
                Some(c) => self.cond(c, frame)?,
                None => Cond::Known(true),
            };
            let decided_by_version = std::mem::take(&mut self.version_decided);
            let taken = reach.clone().and(cond.clone());
            match &taken {
                Cond::Known(false) => {
                    if let Some(c) = condition
                        && decided_by_version
                    {
                        self.note_dropped_branch(c, frame);
                    }
                }
                Cond::Known(true) => return self.exec_block(body, frame),
                other => {
                    let saved = frame.guard.clone();
                    frame.guard = saved.and(other);
                    let flow = self.exec_block(body, frame);
                    frame.guard = saved;
                    match flow? {
                        Flow::Next => {}
                        // A conditional return/break: what follows becomes conditional too.
                        _ => {
                            let reason = match other {
                                Cond::Marker(m) => m.to_string(),
                                Cond::Unknown(r) => r.clone(),
                                Cond::Known(_) => unreachable!(),
                            };
                            frame.guard = frame.guard.and(&Cond::Unknown(reason));
                        }
                    }
                }
            }
            reach = reach.and(cond.negated());
            if reach == Cond::Known(false) {
                break;
            }
        }
        Ok(Flow::Next)
    }

    /// Records that a branch on the interpreter version was decided away.
    pub(super) fn note_dropped_branch(&mut self, condition: Node<'_>, frame: &Frame) {
        let text = &self.modules[frame.module].text;
        let src = node_text(text, condition);
        let message = format!(
            "`if {src}` is never true on Python {} or later; that branch is ignored",
            self.settings.min
        );
        self.assume(frame, condition, message);
    }

    pub(super) fn exec_try(&mut self, stmt: Node<'_>, frame: &mut Frame) -> R<Flow> {
        let text = self.modules[frame.module].text.clone();
        let body = stmt.child_by_field_name("body").unwrap();
        let mut c = stmt.walk();
        let clauses: Vec<Node<'_>> = stmt.named_children(&mut c).collect();
        let handlers: Vec<(Vec<String>, Option<String>, Node<'_>)> = clauses
            .iter()
            .filter(|n| n.kind() == "except_clause")
            .map(|h| {
                let mut hc = h.walk();
                let mut types = Vec::new();
                let mut alias = None;
                for n in h.named_children(&mut hc) {
                    match n.kind() {
                        "block" => {}
                        "as_pattern" => {
                            if let Some(t) = n.named_child(0) {
                                types.extend(exception_names(node_text(&text, t)));
                            }
                            alias = n
                                .child_by_field_name("alias")
                                .map(|a| node_text(&text, a).to_owned());
                        }
                        _ => types.extend(exception_names(node_text(&text, n))),
                    }
                }
                let block = h
                    .named_children(&mut h.walk())
                    .find(|n| n.kind() == "block")
                    .unwrap();
                (types, alias, block)
            })
            .collect();
        let catches_import = handlers
            .iter()
            .any(|(types, _, _)| handles(types, "ModuleNotFoundError"));
        if catches_import {
            self.catching_import_errors += 1;
        }
        let result = self.exec_block(body, frame);
        if catches_import {
            self.catching_import_errors -= 1;
        }
        let flow = match result {
            Ok(flow) => {
                if matches!(flow, Flow::Next)
                    && let Some(e) = clauses.iter().find(|n| n.kind() == "else_clause")
                {
                    self.exec_block(e.child_by_field_name("body").unwrap(), frame)?
                } else {
                    flow
                }
            }
            Err(Exc::Raise { kind, message }) => {
                match handlers.iter().find(|(types, _, _)| handles(types, &kind)) {
                    Some((_, alias, block)) => {
                        if let Some(a) = alias {
                            self.bind(a, Value::opaque(format!("the `{kind}` caught")), frame);
                        }
                        self.exec_block(*block, frame)?
                    }
                    None => return Err(Exc::Raise { kind, message }),
                }
            }
            Err(e) => return Err(e),
        };
        if let Some(f) = clauses.iter().find(|n| n.kind() == "finally_clause")
            && let Some(block) = f
                .named_children(&mut f.walk())
                .find(|n| n.kind() == "block")
        {
            self.exec_block(block, frame)?;
        }
        Ok(flow)
    }

    pub(super) fn exec_with(&mut self, stmt: Node<'_>, frame: &mut Frame) -> R<Flow> {
        let mut c = stmt.walk();
        let clause = stmt
            .named_children(&mut c)
            .find(|n| n.kind() == "with_clause");
        if let Some(clause) = clause {
            let mut cc = clause.walk();
            let items: Vec<Node<'_>> = clause
                .named_children(&mut cc)
                .filter(|n| n.kind() == "with_item")
                .collect();
            for item in items {
                let value = item.child_by_field_name("value").unwrap();
                if value.kind() == "as_pattern" {
                    let expr = value.named_child(0).unwrap();
                    let v = self.eval(expr, frame)?;
                    if let Some(alias) = value.child_by_field_name("alias") {
                        let target = alias.named_child(0).unwrap_or(alias);
                        self.assign(target, v, frame)?;
                    }
                } else {
                    self.eval(value, frame)?;
                }
            }
        }
        let body = stmt.child_by_field_name("body").unwrap();
        self.exec_block(body, frame)
    }

    pub(super) fn exec_for(&mut self, stmt: Node<'_>, frame: &mut Frame) -> R<Flow> {
        let left = stmt.child_by_field_name("left").unwrap();
        let right = stmt.child_by_field_name("right").unwrap();
        let body = stmt.child_by_field_name("body").unwrap();
        let iterable = self.eval(right, frame)?;
        if let Value::Walk(top) = &iterable {
            return self.exec_walk(top.clone(), stmt, frame);
        }
        let Some(items) = self.iterate(&iterable)? else {
            // Unknown iteration: whatever the loop binds or changes is unknown.
            let reason = iterable
                .opaque_reason()
                .unwrap_or_else(|| "a loop over an unknown value".into());
            let saved = frame.guard.clone();
            frame.guard = Guard::Unknown(reason);
            let flow = self.exec_block(body, frame);
            frame.guard = saved;
            flow?;
            return Ok(Flow::Next);
        };
        for item in items {
            self.assign(left, item, frame)?;
            match self.exec_block(body, frame)? {
                Flow::Break => return Ok(Flow::Next),
                Flow::Return(v) => return Ok(Flow::Return(v)),
                Flow::Next | Flow::Continue => {}
            }
        }
        if let Some(alt) = stmt.child_by_field_name("alternative") {
            return self.exec_block(alt.child_by_field_name("body").unwrap(), frame);
        }
        Ok(Flow::Next)
    }

    /// `for dirpath, dirnames, filenames in os.walk(top)`, top-down like Python: the body may
    /// prune `dirnames` (`del dirnames[i]`, `dirnames[:] = ...`) before they are visited.
    fn exec_walk(&mut self, top: String, stmt: Node<'_>, frame: &mut Frame) -> R<Flow> {
        let left = stmt.child_by_field_name("left").unwrap();
        let body = stmt.child_by_field_name("body").unwrap();
        let mut pending: Vec<String> = vec![top];
        while let Some(dir) = pending.pop() {
            self.step()?;
            let Some(entry) = self.walk_entry(&dir) else {
                continue;
            };
            let dirnames = entry.1.clone();
            let value = Value::tuple(vec![Value::str(dir.clone()), Value::List(entry.1), entry.2]);
            self.assign(left, value, frame)?;
            match self.exec_block(body, frame)? {
                Flow::Break => return Ok(Flow::Next),
                Flow::Return(v) => return Ok(Flow::Return(v)),
                Flow::Next | Flow::Continue => {}
            }
            let children: Vec<String> = dirnames
                .borrow()
                .iter()
                .filter_map(|i| {
                    i.value
                        .as_str()
                        .map(|n| format!("{}/{n}", dir.trim_end_matches('/')))
                })
                .collect();
            pending.extend(children.into_iter().rev());
        }
        if let Some(alt) = stmt.child_by_field_name("alternative") {
            return self.exec_block(alt.child_by_field_name("body").unwrap(), frame);
        }
        Ok(Flow::Next)
    }

    /// The directory and file names of one `os.walk` step (links are not followed).
    pub(super) fn walk_entry(
        &self,
        dir: &str,
    ) -> Option<(String, crate::python::value::ListRef, Value)> {
        let rel = project_relative(dir)?;
        let entries = self.files.list(&rel)?;
        let (dirs, files): (Vec<_>, Vec<_>) = entries.into_iter().partition(|e| e.is_dir);
        let dirnames = Rc::new(RefCell::new(
            dirs.into_iter()
                .map(|e| Item::new(Value::str(e.name)))
                .collect(),
        ));
        let filenames = Value::list(files.into_iter().map(|e| Value::str(e.name)).collect());
        Some((dir.to_owned(), dirnames, filenames))
    }

    pub(super) fn exec_while(&mut self, stmt: Node<'_>, frame: &mut Frame) -> R<Flow> {
        let condition = stmt.child_by_field_name("condition").unwrap();
        let body = stmt.child_by_field_name("body").unwrap();
        loop {
            match self.cond(condition, frame)? {
                Cond::Known(false) => return Ok(Flow::Next),
                Cond::Known(true) => match self.exec_block(body, frame)? {
                    Flow::Break => return Ok(Flow::Next),
                    Flow::Return(v) => return Ok(Flow::Return(v)),
                    _ => {}
                },
                _ => {
                    let saved = frame.guard.clone();
                    frame.guard = Guard::Unknown("a loop that cannot be followed".into());
                    let flow = self.exec_block(body, frame);
                    frame.guard = saved;
                    flow?;
                    return Ok(Flow::Next);
                }
            }
        }
    }
}
