//! Expressions: literals, containers, operators, comprehensions and conditions.

use super::*;

impl Interp<'_> {
    pub fn eval(&mut self, node: Node<'_>, frame: &mut Frame) -> R {
        self.step()?;
        let text = self.modules[frame.module].text.clone();
        let t = |n: Node<'_>| node_text(&text, n).to_owned();
        Ok(match node.kind() {
            "identifier" => self.lookup(&t(node), frame),
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "none" => Value::None,
            "integer" => parse_int(&t(node))
                .map(Value::Int)
                .unwrap_or_else(|| Value::opaque("a large integer")),
            "float" => t(node)
                .replace('_', "")
                .parse::<f64>()
                .map(Value::Float)
                .unwrap_or_else(|_| Value::opaque("a float literal")),
            "string" => self.eval_string(node, frame)?,
            "concatenated_string" => {
                let mut c = node.walk();
                let parts: Vec<Node<'_>> = node.named_children(&mut c).collect();
                let mut values = Vec::new();
                for p in parts {
                    values.push(self.eval_string(p, frame)?);
                }
                let mut acc = values.remove(0);
                for v in values {
                    acc = self.binary("+", acc, v)?;
                }
                acc
            }
            "parenthesized_expression" => match node
                .named_children(&mut node.walk())
                .find(|n| n.kind() != "comment")
            {
                Some(inner) => self.eval(inner, frame)?,
                None => Value::tuple(vec![]),
            },
            "list" | "tuple" | "set" | "expression_list" => {
                let mut c = node.walk();
                let children: Vec<Node<'_>> = node
                    .named_children(&mut c)
                    .filter(|n| n.kind() != "comment")
                    .collect();
                let mut items = Vec::new();
                for child in children {
                    if child.kind() == "list_splat" {
                        let v = self.eval(child.named_child(0).unwrap(), frame)?;
                        match self.iterate(&v)? {
                            Some(vs) => items.extend(vs.into_iter().map(Item::new)),
                            None => items.push(Item::new(Value::opaque(
                                v.opaque_reason()
                                    .unwrap_or_else(|| "an unknown sequence".into()),
                            ))),
                        }
                    } else {
                        let v = self.eval(child, frame)?;
                        // Items keep their markers when they came from a marked list.
                        items.push(Item::new(v));
                    }
                }
                match node.kind() {
                    "list" | "set" => Value::List(Rc::new(RefCell::new(items))),
                    _ => Value::Tuple(Rc::new(items)),
                }
            }
            "dictionary" => self.eval_dict(node, frame)?,
            "list_comprehension" | "generator_expression" | "set_comprehension" => {
                let results = self.comprehension(node, frame, false)?;
                match results {
                    Some(items) => Value::list(items),
                    None => Value::opaque("a comprehension over unknown values"),
                }
            }
            "dictionary_comprehension" => match self.comprehension(node, frame, true)? {
                Some(pairs) => {
                    let mut entries = Vec::new();
                    for p in pairs {
                        if let Value::Tuple(kv) = p
                            && let Some(k) = kv[0].value.as_str()
                        {
                            entries.push(Entry {
                                key: k.to_owned(),
                                value: kv[1].value.clone(),
                                sites: vec![],
                            });
                        } else {
                            return Ok(Value::opaque("a dict comprehension with non-string keys"));
                        }
                    }
                    Value::dict(entries)
                }
                None => Value::opaque("a comprehension over unknown values"),
            },
            "attribute" => {
                let obj_node = node.child_by_field_name("object").unwrap();
                let name = t(node.child_by_field_name("attribute").unwrap());
                let obj = self.eval(obj_node, frame)?;
                match &obj {
                    Value::Module(_) | Value::ProjectModule(_) => {
                        self.attribute_of(&obj, &name, node, frame)?
                    }
                    _ => self.getattr(obj, &name)?,
                }
            }
            "subscript" => {
                let obj = self.eval(node.child_by_field_name("value").unwrap(), frame)?;
                let mut c = node.walk();
                let subs: Vec<Node<'_>> =
                    node.children_by_field_name("subscript", &mut c).collect();
                if subs.len() != 1 {
                    return Ok(Value::opaque("a multi-dimensional subscript"));
                }
                let sub = subs[0];
                if sub.kind() == "slice" {
                    let mut parts: [Option<Value>; 3] = [None, None, None];
                    let mut idx = 0;
                    let mut sc = sub.walk();
                    for child in sub.children(&mut sc) {
                        if child.kind() == ":" {
                            idx += 1;
                        } else if child.is_named() && idx < 3 {
                            parts[idx] = Some(self.eval(child, frame)?);
                        }
                    }
                    self.slice(obj, parts)?
                } else {
                    let key = self.eval(sub, frame)?;
                    self.index(obj, key)?
                }
            }
            "call" => self.eval_call(node, frame)?,
            "binary_operator" => {
                let op = node
                    .child_by_field_name("operator")
                    .unwrap()
                    .kind()
                    .to_owned();
                let left = self.eval(node.child_by_field_name("left").unwrap(), frame)?;
                let right = self.eval(node.child_by_field_name("right").unwrap(), frame)?;
                self.binary(&op, left, right)?
            }
            "unary_operator" => {
                let op = node.child_by_field_name("operator").unwrap().kind();
                let v = self.eval(node.child_by_field_name("argument").unwrap(), frame)?;
                match (op, v) {
                    ("-", Value::Int(i)) => Value::Int(-i),
                    ("-", Value::Float(x)) => Value::Float(-x),
                    ("+", v @ (Value::Int(_) | Value::Float(_))) => v,
                    ("~", Value::Int(i)) => Value::Int(!i),
                    (_, v) => Value::opaque(
                        v.opaque_reason()
                            .unwrap_or_else(|| "an unsupported operator".into()),
                    ),
                }
            }
            "not_operator" | "boolean_operator" | "comparison_operator" => {
                if node.kind() == "boolean_operator" {
                    return self.boolean_value(node, frame);
                }
                match self.cond(node, frame)? {
                    Cond::Known(b) => Value::Bool(b),
                    Cond::Marker(m) => Value::Marker(m),
                    Cond::Unknown(r) => Value::opaque(r),
                }
            }
            "conditional_expression" => {
                let mut c = node.walk();
                let parts: Vec<Node<'_>> = node.named_children(&mut c).collect();
                let (yes, cond, no) = (parts[0], parts[1], parts[2]);
                match self.cond(cond, frame)? {
                    Cond::Known(true) => self.eval(yes, frame)?,
                    Cond::Known(false) => self.eval(no, frame)?,
                    Cond::Marker(m) => {
                        let a = self.eval(yes, frame)?;
                        let b = self.eval(no, frame)?;
                        marked_choice(&m, a, b)
                    }
                    Cond::Unknown(r) => Value::opaque(r),
                }
            }
            "lambda" => Value::Lambda(DefRef {
                module: frame.module,
                path: self.modules[frame.module].path.clone(),
                range: node.byte_range(),
                name: "<lambda>".into(),
            }),
            "named_expression" => {
                let v = self.eval(node.child_by_field_name("value").unwrap(), frame)?;
                let name = t(node.child_by_field_name("name").unwrap());
                self.bind(&name, v.clone(), frame);
                v
            }
            "ellipsis" => Value::opaque("`...`"),
            "await" | "yield" => Value::opaque("`await`/`yield`"),
            other => Value::opaque(format!("a `{other}` expression")),
        })
    }

    pub(super) fn eval_string(&mut self, node: Node<'_>, frame: &mut Frame) -> R {
        let text = self.modules[frame.module].text.clone();
        if node.kind() == "concatenated_string" {
            return self.eval(node, frame);
        }
        let mut c = node.walk();
        let children: Vec<Node<'_>> = node.children(&mut c).collect();
        let mut pre = strings::Prefix::default();
        let mut out = String::new();
        let mut origins: Vec<Origin> = Vec::new();
        for child in children {
            match child.kind() {
                "string_start" => pre = prefix(node_text(&text, child)),
                "string_content" => {
                    let raw = &*strings::universal_newlines(node_text(&text, child));
                    let decoded = if pre.raw {
                        Some(raw.to_owned())
                    } else {
                        unescape(raw, pre.bytes)
                    };
                    match decoded {
                        Some(s) => out.push_str(&if pre.format {
                            s.replace("{{", "{").replace("}}", "}")
                        } else {
                            s
                        }),
                        None => return Ok(Value::opaque("a string with `\\N{…}` escapes")),
                    }
                }
                "interpolation" => {
                    let expr = child.child_by_field_name("expression").unwrap();
                    let v = self.eval(expr, frame)?;
                    let conversion = child
                        .child_by_field_name("type_conversion")
                        .map(|n| node_text(&text, n).trim_start_matches('!').to_owned());
                    let spec = child
                        .child_by_field_name("format_specifier")
                        .map(|n| node_text(&text, n).trim_start_matches(':').to_owned())
                        .unwrap_or_default();
                    let s = match conversion.as_deref() {
                        Some("r") | Some("a") => strings::repr(&v),
                        _ => strings::to_str(&v),
                    };
                    let Some(s) = s else {
                        return Ok(Value::opaque(
                            v.opaque_reason()
                                .unwrap_or_else(|| "an f-string of an unknown value".into()),
                        ));
                    };
                    let Some(s) = strings::apply_format_spec(s, &v, &spec) else {
                        return Ok(Value::opaque("an unsupported format specification"));
                    };
                    if let Value::Str(t) = &v {
                        origins.push(t.origin.clone());
                    }
                    out.push_str(&s);
                }
                _ => {}
            }
        }
        // Text written in another project file follows that file.
        let path = &self.modules[frame.module].path;
        if frame.module != 0 && !path.starts_with('<') {
            origins.push(Origin::Derived(vec![path.clone()]));
        }
        let origin = Origin::combine(origins.iter());
        let text = Text { s: out, origin };
        Ok(if pre.bytes {
            Value::Bytes(text)
        } else {
            Value::Str(text)
        })
    }

    pub(super) fn eval_dict(&mut self, node: Node<'_>, frame: &mut Frame) -> R {
        let mut c = node.walk();
        let children: Vec<Node<'_>> = node.named_children(&mut c).collect();
        let dict: DictRef = Rc::new(RefCell::new(Vec::new()));
        for child in children {
            match child.kind() {
                "pair" => {
                    let key = self.eval(child.child_by_field_name("key").unwrap(), frame)?;
                    let value = self.eval(child.child_by_field_name("value").unwrap(), frame)?;
                    let site = Site {
                        module: frame.module,
                        range: child.byte_range(),
                    };
                    match key.as_str() {
                        Some(k) => set_entry(&dict, k, value, Some(site)),
                        None => {
                            let k = strings::repr(&key).unwrap_or_else(|| "?".into());
                            set_entry(&dict, &k, value, Some(site));
                        }
                    }
                }
                "dictionary_splat" => {
                    let v = self.eval(child.named_child(0).unwrap(), frame)?;
                    match v {
                        Value::Dict(other) => {
                            for e in other.borrow().iter() {
                                let mut sites = e.sites.clone();
                                sites.push(Site {
                                    module: frame.module,
                                    range: child.byte_range(),
                                });
                                merge_entry(&dict, e.key.clone(), e.value.clone(), sites);
                            }
                        }
                        other => {
                            return Ok(Value::opaque(
                                other
                                    .opaque_reason()
                                    .unwrap_or_else(|| "`**` of a value that is not a dict".into()),
                            ));
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(Value::Dict(dict))
    }

    /// Evaluates a comprehension; `None` when it iterates over something unknown.
    pub(super) fn comprehension(
        &mut self,
        node: Node<'_>,
        frame: &mut Frame,
        pairs: bool,
    ) -> R<Option<Vec<Value>>> {
        let body = node.child_by_field_name("body").unwrap();
        let mut c = node.walk();
        let clauses: Vec<Node<'_>> = node
            .named_children(&mut c)
            .filter(|n| matches!(n.kind(), "for_in_clause" | "if_clause"))
            .collect();
        // Comprehension variables live in their own scope: run on a copy of the locals.
        let saved_locals = frame.locals.clone();
        if frame.locals.is_none() {
            frame.locals = Some(HashMap::new());
        }
        let mut out = Vec::new();
        let ok = self.comprehension_level(body, &clauses, 0, frame, pairs, &mut out);
        frame.locals = saved_locals;
        Ok(if ok? { Some(out) } else { None })
    }

    pub(super) fn comprehension_level(
        &mut self,
        body: Node<'_>,
        clauses: &[Node<'_>],
        level: usize,
        frame: &mut Frame,
        pairs: bool,
        out: &mut Vec<Value>,
    ) -> R<bool> {
        let Some(clause) = clauses.get(level) else {
            if pairs {
                let k = self.eval(body.child_by_field_name("key").unwrap(), frame)?;
                let v = self.eval(body.child_by_field_name("value").unwrap(), frame)?;
                out.push(Value::tuple(vec![k, v]));
            } else {
                out.push(self.eval(body, frame)?);
            }
            return Ok(true);
        };
        if clause.kind() == "if_clause" {
            return match self.cond(clause.named_child(0).unwrap(), frame)? {
                Cond::Known(true) => {
                    self.comprehension_level(body, clauses, level + 1, frame, pairs, out)
                }
                Cond::Known(false) => Ok(true),
                _ => Ok(false),
            };
        }
        let left = clause.child_by_field_name("left").unwrap();
        let right = clause.child_by_field_name("right").unwrap();
        let iterable = self.eval(right, frame)?;
        let Some(items) = self.iterate(&iterable)? else {
            return Ok(false);
        };
        for item in items {
            self.assign(left, item, frame)?;
            if !self.comprehension_level(body, clauses, level + 1, frame, pairs, out)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// `a and b` / `a or b` with Python's value semantics.
    pub(super) fn boolean_value(&mut self, node: Node<'_>, frame: &mut Frame) -> R {
        let op = node.child_by_field_name("operator").unwrap().kind();
        let left = self.eval(node.child_by_field_name("left").unwrap(), frame)?;
        match (op, truth(&left)) {
            ("and", Cond::Known(false)) | ("or", Cond::Known(true)) => Ok(left),
            ("and", Cond::Known(true)) | ("or", Cond::Known(false)) => {
                self.eval(node.child_by_field_name("right").unwrap(), frame)
            }
            _ => match self.cond(node, frame)? {
                Cond::Marker(m) => Ok(Value::Marker(m)),
                Cond::Known(b) => Ok(Value::Bool(b)),
                Cond::Unknown(r) => Ok(Value::opaque(r)),
            },
        }
    }

    /// The truth of a condition.
    pub fn cond(&mut self, node: Node<'_>, frame: &mut Frame) -> R<Cond> {
        match node.kind() {
            "not_operator" => Ok(self
                .cond(node.child_by_field_name("argument").unwrap(), frame)?
                .negated()),
            "boolean_operator" => {
                let op = node.child_by_field_name("operator").unwrap().kind();
                let a = self.cond(node.child_by_field_name("left").unwrap(), frame)?;
                // Short-circuit: the right side is not evaluated when the left decides.
                match (op, &a) {
                    ("and", Cond::Known(false)) => return Ok(a),
                    ("or", Cond::Known(true)) => return Ok(a),
                    _ => {}
                }
                let b = self.cond(node.child_by_field_name("right").unwrap(), frame)?;
                Ok(if op == "and" { a.and(b) } else { a.or(b) })
            }
            "parenthesized_expression" => match node.named_child(0) {
                Some(inner) => self.cond(inner, frame),
                None => Ok(Cond::Known(false)),
            },
            "comparison_operator" => self.comparison(node, frame),
            _ => {
                let v = self.eval(node, frame)?;
                Ok(truth(&v))
            }
        }
    }

    pub(super) fn comparison(&mut self, node: Node<'_>, frame: &mut Frame) -> R<Cond> {
        let mut c = node.walk();
        let operands: Vec<Node<'_>> = node.named_children(&mut c).collect();
        let mut ops: Vec<String> = Vec::new();
        let mut c = node.walk();
        for child in node.children_by_field_name("operators", &mut c) {
            ops.push(child.kind().to_owned());
        }
        // `not in` / `is not` are single operators spelled with two tokens.
        let ops = merge_two_word_operators(ops);
        if ops.len() != operands.len() - 1 {
            return Ok(Cond::Unknown("a comparison snakeshift cannot read".into()));
        }
        let mut result = Cond::Known(true);
        let mut left = self.eval(operands[0], frame)?;
        for (op, right_node) in ops.iter().zip(&operands[1..]) {
            let right = self.eval(*right_node, frame)?;
            let c = crate::python::operators::compare(self, op, &left, &right);
            result = result.and(c);
            if result == Cond::Known(false) {
                break;
            }
            left = right;
        }
        Ok(result)
    }
}

/// `cond_value if marker else other`: lists become items guarded by the marker.
fn marked_choice(m: &Marker, a: Value, b: Value) -> Value {
    let (Some(xs), Some(ys)) = (a.items(), b.items()) else {
        return Value::opaque(format!("depends on {m}"));
    };
    let mut items = Vec::new();
    for mut x in xs {
        x.marker = Some(match x.marker {
            Some(old) => old.and(m.clone()),
            None => m.clone(),
        });
        items.push(x);
    }
    let not = m.negate();
    for mut y in ys {
        y.marker = Some(match y.marker {
            Some(old) => old.and(not.clone()),
            None => not.clone(),
        });
        items.push(y);
    }
    Value::List(Rc::new(RefCell::new(items)))
}

fn merge_two_word_operators(ops: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for op in ops {
        match (out.last().map(String::as_str), op.as_str()) {
            (Some("not"), "in") => *out.last_mut().unwrap() = "not in".into(),
            (Some("is"), "not") => *out.last_mut().unwrap() = "is not".into(),
            _ => out.push(op),
        }
    }
    out
}
