//! Calls: functions defined in the evaluated code, builtins, and the `setup()` call itself.

use super::*;

impl Interp<'_> {
    pub(super) fn eval_call(&mut self, node: Node<'_>, frame: &mut Frame) -> R {
        let func_node = node.child_by_field_name("function").unwrap();
        let func = self.eval(func_node, frame)?;
        let args_node = node.child_by_field_name("arguments").unwrap();
        if let Value::Builtin(name) = &func
            && (name == "setuptools.setup" || name == "distutils.core.setup")
        {
            let name = name.clone();
            self.record_setup(&name, node, args_node, frame)?;
            return Ok(Value::None);
        }
        let args = self.eval_args(args_node, frame)?;
        self.call(func, args, node, frame)
    }

    pub fn eval_args(&mut self, args_node: Node<'_>, frame: &mut Frame) -> R<CallArgs> {
        let text = self.modules[frame.module].text.clone();
        let mut out = CallArgs::default();
        if args_node.kind() == "generator_expression" {
            out.positional.push(self.eval(args_node, frame)?);
            return Ok(out);
        }
        let mut c = args_node.walk();
        let children: Vec<Node<'_>> = args_node
            .named_children(&mut c)
            .filter(|n| n.kind() != "comment")
            .collect();
        for arg in children {
            match arg.kind() {
                "keyword_argument" => {
                    let name =
                        node_text(&text, arg.child_by_field_name("name").unwrap()).to_owned();
                    let value = self.eval(arg.child_by_field_name("value").unwrap(), frame)?;
                    let site = Site {
                        module: frame.module,
                        range: arg.byte_range(),
                    };
                    out.keywords.push((name, value, Some(site)));
                }
                "list_splat" => {
                    let v = self.eval(arg.named_child(0).unwrap(), frame)?;
                    match self.iterate(&v)? {
                        Some(items) => out.positional.extend(items),
                        None => out.positional.push(Value::opaque(
                            v.opaque_reason()
                                .unwrap_or_else(|| "`*args` of an unknown value".into()),
                        )),
                    }
                }
                "dictionary_splat" => {
                    let v = self.eval(arg.named_child(0).unwrap(), frame)?;
                    match v {
                        Value::Dict(entries) => {
                            for e in entries.borrow().iter() {
                                out.keywords.push((
                                    e.key.clone(),
                                    e.value.clone(),
                                    e.sites.first().cloned(),
                                ));
                            }
                        }
                        other => out.keywords.push((
                            "**".into(),
                            Value::opaque(
                                other
                                    .opaque_reason()
                                    .unwrap_or_else(|| "`**kwargs` of an unknown value".into()),
                            ),
                            None,
                        )),
                    }
                }
                _ => out.positional.push(self.eval(arg, frame)?),
            }
        }
        Ok(out)
    }

    pub(super) fn record_setup(
        &mut self,
        function: &str,
        call: Node<'_>,
        args_node: Node<'_>,
        frame: &mut Frame,
    ) -> R<()> {
        let text = self.modules[frame.module].text.clone();
        let mut record = SetupCall {
            function: function.to_owned(),
            module: frame.module,
            range: call.byte_range(),
            args: Vec::new(),
            splats: Vec::new(),
            positional: false,
            guard: frame.guard.clone(),
            via: None,
        };
        // A wrapper in a project module called from setup.py: its `**kwargs` come from that
        // one call, so they are not "dependent" on varying arguments.
        let wrapper = (frame.module != 0)
            .then(|| {
                self.call_stack
                    .iter()
                    .find(|(m, _, _)| *m == 0)
                    .map(|(_, r, name)| (r.clone(), name.clone()))
            })
            .flatten();
        record.via = wrapper.clone();
        let mut c = args_node.walk();
        let children: Vec<Node<'_>> = args_node
            .named_children(&mut c)
            .filter(|n| n.kind() != "comment")
            .collect();
        let in_function = frame.function.clone();
        for arg in children {
            self.read_dependent = false;
            match arg.kind() {
                "keyword_argument" => {
                    let name =
                        node_text(&text, arg.child_by_field_name("name").unwrap()).to_owned();
                    let mut value =
                        self.eval_safely(arg.child_by_field_name("value").unwrap(), frame)?;
                    if self.read_dependent
                        && let Some(f) = &in_function
                    {
                        value = Value::opaque(format!(
                            "depends on the arguments `{f}()` is called with"
                        ));
                    }
                    let site = Site {
                        module: frame.module,
                        range: arg.byte_range(),
                    };
                    record.args.push(SetupArg {
                        name,
                        value,
                        sites: vec![site],
                        splat: None,
                        line: self.line_of(frame.module, arg.start_byte()),
                    });
                }
                "dictionary_splat" => {
                    let v = self.eval_safely(arg.named_child(0).unwrap(), frame)?;
                    let dependent =
                        self.read_dependent && in_function.is_some() && wrapper.is_none();
                    let splat_site = Site {
                        module: frame.module,
                        range: arg.byte_range(),
                    };
                    let index = record.splats.len();
                    match v {
                        Value::Dict(entries) => {
                            let entries = entries.borrow().clone();
                            // Keys that depend on the function's arguments may differ between
                            // calls: each stays opaque and the mapping is never removed whole.
                            let keys = if dependent {
                                Vec::new()
                            } else {
                                entries.iter().map(|e| e.key.clone()).collect()
                            };
                            record.splats.push((splat_site, keys));
                            for mut e in entries {
                                if dependent {
                                    e.value = Value::opaque(format!(
                                        "depends on the arguments `{}()` is called with",
                                        in_function.clone().unwrap_or_default()
                                    ));
                                }
                                let line = match &wrapper {
                                    // Lines in setup.py: where the keyword is passed to the
                                    // wrapper, else the wrapper's call.
                                    Some((call_range, _)) => {
                                        e.sites.iter().find(|s| s.module == 0).map_or_else(
                                            || self.line_of(0, call_range.start),
                                            |s| self.line_of(0, s.range.start),
                                        )
                                    }
                                    None => e
                                        .sites
                                        .iter()
                                        .find(|s| s.module == frame.module)
                                        .map_or_else(
                                            || self.line_of(frame.module, arg.start_byte()),
                                            |s| self.line_of(frame.module, s.range.start),
                                        ),
                                };
                                record.args.push(SetupArg {
                                    name: e.key,
                                    value: e.value,
                                    sites: e.sites,
                                    splat: Some(index),
                                    line,
                                });
                            }
                        }
                        other => {
                            let reason = other
                                .opaque_reason()
                                .unwrap_or_else(|| format!("a `{}`", other.type_name()));
                            record.splats.push((splat_site.clone(), Vec::new()));
                            record.args.push(SetupArg {
                                name: "**".into(),
                                value: Value::opaque(reason),
                                sites: vec![splat_site],
                                splat: Some(index),
                                line: self.line_of(frame.module, arg.start_byte()),
                            });
                        }
                    }
                }
                // `_setup(*args, **kwargs)` in a wrapper called with keywords only.
                "list_splat" => {
                    let v = self.eval(arg.named_child(0).unwrap(), frame)?;
                    if !matches!(self.iterate(&v)?, Some(items) if items.is_empty()) {
                        record.positional = true;
                    }
                }
                _ => record.positional = true,
            }
        }
        self.read_dependent = false;
        self.setup_calls.push(record);
        Ok(())
    }

    /// Evaluates an argument; an exception it raises makes it opaque instead (the original
    /// would fail there too, and the shim keeps the code).
    pub(super) fn eval_safely(&mut self, node: Node<'_>, frame: &mut Frame) -> R {
        match self.eval(node, frame) {
            Ok(v) => Ok(v),
            Err(Exc::Raise { kind, message }) => {
                Ok(Value::opaque(format!("raises {kind} ({message})")))
            }
            Err(Exc::Budget) => Err(Exc::Budget),
        }
    }

    /// Calls a value.
    pub fn call(&mut self, func: Value, args: CallArgs, node: Node<'_>, frame: &mut Frame) -> R {
        match func {
            Value::Function(def) => {
                self.call_stack
                    .push((frame.module, node.byte_range(), def.name.clone()));
                let result = self.call_function(&def, args, false, frame.guard.clone());
                self.call_stack.pop();
                result
            }
            Value::Lambda(def) => self.call_function(&def, args, true, frame.guard.clone()),
            Value::Class(def) => Ok(Value::opaque(format!("an instance of `{}`", def.name))),
            Value::Builtin(name) => {
                let cause = first_opaque_argument(&args);
                let result = crate::python::builtins::call_builtin(self, &name, args, node, frame)?;
                Ok(with_cause(result, cause))
            }
            Value::Method(obj, name) => {
                let cause = first_opaque_argument(&args);
                let result =
                    crate::python::methods::call_method(self, *obj, &name, args, node, frame)?;
                Ok(with_cause(result, cause))
            }
            Value::Opaque(r) => Ok(Value::Opaque(r)),
            other => Ok(Value::opaque(format!("calls a `{}`", other.type_name()))),
        }
    }

    /// Runs a function defined in the evaluated code; its body runs under the caller's guard.
    pub(super) fn call_function(
        &mut self,
        def: &DefRef,
        args: CallArgs,
        lambda: bool,
        guard: Guard,
    ) -> R {
        if self.depth >= MAX_DEPTH {
            return Ok(Value::opaque(format!(
                "`{}()` recurses too deeply",
                def.name
            )));
        }
        let module = def.module;
        let tree = self.modules[module].tree.clone();
        let Some(node) = tree
            .root_node()
            .descendant_for_byte_range(def.range.start, def.range.end)
        else {
            return Ok(Value::opaque("a function that cannot be found"));
        };
        let node = if node.byte_range() == def.range {
            node
        } else {
            let mut n = node;
            while n.byte_range() != def.range {
                match n.parent() {
                    Some(p) => n = p,
                    None => return Ok(Value::opaque("a function that cannot be found")),
                }
            }
            n
        };
        let Some(globals) = self.globals_of.get(&module).cloned() else {
            return Ok(Value::opaque("a function of a module that did not run"));
        };
        let mut frame = Frame {
            module,
            globals,
            locals: Some(HashMap::new()),
            global_names: HashSet::new(),
            dependent: HashSet::new(),
            function: Some(def.name.clone()),
            guard: guard.clone(),
            entry_guard: guard.clone(),
        };
        self.bind_parameters(node, args, &mut frame)?;
        self.depth += 1;
        let result = if lambda {
            let body = node.child_by_field_name("body").unwrap();
            self.eval(body, &mut frame)
        } else {
            let body = node.child_by_field_name("body").unwrap();
            match self.exec_block(body, &mut frame) {
                Ok(Flow::Return(v)) => {
                    if frame.guard_is_conditional() {
                        Ok(Value::opaque(format!(
                            "`{}()` returns under a condition",
                            def.name
                        )))
                    } else {
                        Ok(v)
                    }
                }
                Ok(_) if frame.guard_is_conditional() => Ok(Value::opaque(format!(
                    "`{}()` returns under a condition",
                    def.name
                ))),
                Ok(_) => Ok(Value::None),
                Err(e) => Err(e),
            }
        };
        self.depth -= 1;
        result
    }

    pub(super) fn bind_parameters(
        &mut self,
        node: Node<'_>,
        args: CallArgs,
        frame: &mut Frame,
    ) -> R<()> {
        let text = self.modules[frame.module].text.clone();
        let Some(params) = node.child_by_field_name("parameters") else {
            return Ok(());
        };
        let mut positional = args.positional.into_iter();
        let mut keywords = args.keywords;
        let mut c = params.walk();
        let list: Vec<Node<'_>> = params.named_children(&mut c).collect();
        let mut keyword_only = false;
        for p in list {
            let (name, default) = match p.kind() {
                "identifier" => (node_text(&text, p).to_owned(), None),
                "default_parameter" | "typed_default_parameter" => (
                    node_text(&text, p.child_by_field_name("name").unwrap()).to_owned(),
                    p.child_by_field_name("value"),
                ),
                "typed_parameter" => {
                    let inner = p.named_child(0).unwrap();
                    if inner.kind() == "list_splat_pattern" {
                        let n = node_text(&text, inner.named_child(0).unwrap()).to_owned();
                        let rest: Vec<Value> = positional.by_ref().collect();
                        frame
                            .locals
                            .as_mut()
                            .unwrap()
                            .insert(n.clone(), Value::list(rest));
                        frame.dependent.insert(n);
                        keyword_only = true;
                        continue;
                    }
                    (node_text(&text, inner).to_owned(), None)
                }
                "list_splat_pattern" => {
                    let n = node_text(&text, p.named_child(0).unwrap()).to_owned();
                    let rest: Vec<Value> = positional.by_ref().collect();
                    frame
                        .locals
                        .as_mut()
                        .unwrap()
                        .insert(n.clone(), Value::list(rest));
                    frame.dependent.insert(n);
                    keyword_only = true;
                    continue;
                }
                "dictionary_splat_pattern" => {
                    let n = node_text(&text, p.named_child(0).unwrap()).to_owned();
                    let entries = keywords
                        .drain(..)
                        .map(|(k, v, site)| Entry {
                            key: k,
                            value: v,
                            sites: site.into_iter().collect(),
                        })
                        .collect();
                    frame
                        .locals
                        .as_mut()
                        .unwrap()
                        .insert(n.clone(), Value::dict(entries));
                    frame.dependent.insert(n);
                    continue;
                }
                "keyword_separator" => {
                    keyword_only = true;
                    continue;
                }
                _ => continue,
            };
            let from_keyword = keywords.iter().position(|(k, _, _)| *k == name);
            let value = match from_keyword {
                Some(i) => keywords.remove(i).1,
                None => match (!keyword_only).then(|| positional.next()).flatten() {
                    Some(v) => v,
                    None => match default {
                        Some(d) => self.eval(d, frame)?,
                        None => Value::opaque(format!("parameter `{name}` is missing")),
                    },
                },
            };
            frame.locals.as_mut().unwrap().insert(name.clone(), value);
            frame.dependent.insert(name);
        }
        Ok(())
    }

    /// The values a `for` loop would see; `None` when they cannot be known.
    pub fn iterate(&mut self, v: &Value) -> R<Option<Vec<Value>>> {
        Ok(match v {
            Value::List(items) => {
                let items = items.borrow();
                if items.iter().any(|i| i.marker.is_some()) {
                    return Ok(None);
                }
                Some(items.iter().map(|i| i.value.clone()).collect())
            }
            Value::Tuple(items) => Some(items.iter().map(|i| i.value.clone()).collect()),
            Value::Dict(entries) => Some(
                entries
                    .borrow()
                    .iter()
                    .map(|e| Value::Str(Text::literal(e.key.clone())))
                    .collect(),
            ),
            Value::Str(t) => Some(
                t.s.chars()
                    .map(|c| Value::Str(Text::derived(c.to_string(), &[&t.origin])))
                    .collect(),
            ),
            Value::File { text, .. } => Some(
                text.s
                    .split_inclusive('\n')
                    .map(|l| Value::Str(Text::derived(l, &[&text.origin])))
                    .collect(),
            ),
            Value::Walk(top) => {
                let mut out = Vec::new();
                let mut pending = vec![top.clone()];
                while let Some(dir) = pending.pop() {
                    self.step()?;
                    let Some((dir, dirnames, filenames)) = self.walk_entry(&dir) else {
                        continue;
                    };
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
                    out.push(Value::tuple(vec![
                        Value::str(dir),
                        Value::List(dirnames),
                        filenames,
                    ]));
                }
                Some(out)
            }
            Value::FindPackages(f) => Some(
                crate::convert::discovery::find_packages(
                    self.files,
                    f.namespaces,
                    &f.where_,
                    &f.exclude,
                    &f.include,
                )
                .into_iter()
                .map(Value::str)
                .collect(),
            ),
            _ => None,
        })
    }
}

fn first_opaque_argument(args: &CallArgs) -> Option<std::rc::Rc<str>> {
    args.positional
        .iter()
        .chain(args.keywords.iter().map(|(_, v, _)| v))
        .find_map(|v| match v {
            Value::Opaque(r) => Some(r.clone()),
            _ => None,
        })
}

/// An unknown result of a call with an unknown argument is unknown because of the argument.
fn with_cause(result: Value, cause: Option<std::rc::Rc<str>>) -> Value {
    match (result, cause) {
        (Value::Opaque(_), Some(c)) => Value::Opaque(c),
        (r, _) => r,
    }
}
