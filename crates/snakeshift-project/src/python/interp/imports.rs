//! Imports: modules from outside the project are opaque, the project's own modules are read
//! and evaluated statically (never imported), and their literal assignments keep their origin.

use super::*;

/// The 2to3 helpers setuptools and distutils had (`build_py_2to3`, `build_scripts_2to3`,
/// `Mixin2to3`, `run_2to3`…), removed in setuptools 58.0.
pub fn is_2to3_helper(name: &str) -> bool {
    name.ends_with("_2to3") || name == "Mixin2to3"
}

impl Interp<'_> {
    pub(super) fn exec_import(&mut self, stmt: Node<'_>, frame: &mut Frame) -> R<()> {
        let text = self.modules[frame.module].text.clone();
        let mut c = stmt.walk();
        let names: Vec<Node<'_>> = stmt.children_by_field_name("name", &mut c).collect();
        for n in names {
            let (dotted, alias) = match n.kind() {
                "aliased_import" => (
                    node_text(&text, n.child_by_field_name("name").unwrap()).to_owned(),
                    Some(node_text(&text, n.child_by_field_name("alias").unwrap()).to_owned()),
                ),
                _ => (node_text(&text, n).to_owned(), None),
            };
            let module = self.import_module(&dotted, n, frame)?;
            match alias {
                Some(a) => self.bind(&a, module, frame),
                None => {
                    let top = dotted.split('.').next().unwrap().to_owned();
                    let top_value = self.import_module(&top, n, frame)?;
                    self.bind(&top, top_value, frame);
                }
            }
        }
        Ok(())
    }

    pub(super) fn exec_from_import(&mut self, stmt: Node<'_>, frame: &mut Frame) -> R<()> {
        let text = self.modules[frame.module].text.clone();
        let module_node = stmt.child_by_field_name("module_name").unwrap();
        let spelled = node_text(&text, module_node).to_owned();
        let module = if spelled.starts_with('.') {
            match self.resolve_relative(&spelled, frame.module) {
                Some(path) => Value::ProjectModule(path),
                None => Value::opaque(format!("`from {spelled} import …` cannot be followed")),
            }
        } else {
            self.import_module(&spelled, module_node, frame)?
        };
        let mut c = stmt.walk();
        let wildcard = stmt
            .named_children(&mut c)
            .any(|n| n.kind() == "wildcard_import");
        if wildcard {
            if let Value::Module(m) = &module
                && (m == "setuptools" || m == "distutils.core")
            {
                for name in [
                    "setup",
                    "find_packages",
                    "find_namespace_packages",
                    "Extension",
                    "Command",
                    "Distribution",
                ] {
                    let v = module_member(&format!("{m}.{name}"));
                    self.bind(name, v, frame);
                }
            }
            if let Value::ProjectModule(path) = &module {
                let env = self.module_env(path)?;
                let names: Vec<(String, Value)> = env
                    .borrow()
                    .iter()
                    .filter(|(k, _)| !k.starts_with('_'))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                for (k, v) in names {
                    self.bind(&k, v, frame);
                }
            }
            return Ok(());
        }
        // Under a condition (an undecided `if USE_MYPYC:`, a platform branch) every name the
        // import binds becomes unknown anyway (`bind` keeps only a dict's keys), so the module
        // is not followed: running its top level would read, parse and keep every project
        // module it imports in turn (mypy's `from mypyc.build import mypycify` pulled in the
        // whole type checker) for values that are dropped right away.
        let guard = if frame.locals.is_some() {
            frame.local_guard()
        } else {
            frame.guard.clone()
        };
        if let (Value::ProjectModule(path), Guard::Marker(_) | Guard::Unknown(_)) =
            (&module, &guard)
        {
            let mut c = stmt.walk();
            let names: Vec<Node<'_>> = stmt.children_by_field_name("name", &mut c).collect();
            for n in names {
                let alias = match n.kind() {
                    "aliased_import" => n.child_by_field_name("alias").unwrap(),
                    _ => n,
                };
                let alias = node_text(&text, alias).to_owned();
                let value = Value::opaque(format!(
                    "`{alias}` is imported from {path} under a condition, and not followed"
                ));
                self.bind(&alias, value, frame);
            }
            return Ok(());
        }
        let mut c = stmt.walk();
        let names: Vec<Node<'_>> = stmt.children_by_field_name("name", &mut c).collect();
        for n in names {
            let (name, alias) = match n.kind() {
                "aliased_import" => (
                    node_text(&text, n.child_by_field_name("name").unwrap()).to_owned(),
                    node_text(&text, n.child_by_field_name("alias").unwrap()).to_owned(),
                ),
                _ => {
                    let s = node_text(&text, n).to_owned();
                    (s.clone(), s)
                }
            };
            let value = self.attribute_of(&module, &name, n, frame)?;
            self.bind(&alias, value, frame);
        }
        Ok(())
    }

    /// The path of a module given relatively (`.version` from `pkg/__init__.py`).
    pub(super) fn resolve_relative(&self, spelled: &str, from: usize) -> Option<String> {
        let dots = spelled.len() - spelled.trim_start_matches('.').len();
        let rest = &spelled[dots..];
        let mut dir = crate::files::split_parent(&self.modules.get(from)?.path)
            .0
            .to_owned();
        for _ in 1..dots {
            dir = crate::files::split_parent(&dir).0.to_owned();
        }
        let base = if rest.is_empty() {
            dir
        } else if dir.is_empty() {
            rest.replace('.', "/")
        } else {
            format!("{dir}/{}", rest.replace('.', "/"))
        };
        self.module_file(&base).or_else(|| {
            self.files
                .is_dir(&base)
                .then_some(format!("{base}/__init__.py"))
        })
    }

    /// `pkg/mod` → `pkg/mod.py` or `pkg/mod/__init__.py`.
    pub(super) fn module_file(&self, base: &str) -> Option<String> {
        let file = format!("{base}.py");
        if self.files.is_file(&file) {
            return Some(file);
        }
        let init = format!("{base}/__init__.py");
        self.files.is_file(&init).then_some(init)
    }

    /// Finds a project module on the evaluated `sys.path` (the project root first).
    pub(super) fn find_project_module(&self, dotted: &str, from: usize) -> Option<String> {
        let rel = dotted.replace('.', "/");
        let mut dirs: Vec<String> = self.sys_path.clone();
        // The directory of the running script is on sys.path.
        let own = crate::files::split_parent(&self.modules[from].path)
            .0
            .to_owned();
        dirs.push(own);
        dirs.push(String::new());
        for dir in dirs {
            let base = if dir.is_empty() {
                rel.clone()
            } else {
                format!("{dir}/{rel}")
            };
            if let Some(f) = self.module_file(&base) {
                return Some(f);
            }
        }
        None
    }

    pub fn import_module(&mut self, dotted: &str, node: Node<'_>, frame: &Frame) -> R {
        if always_available(dotted) {
            // A backport's own `argparse.py` comes before the standard library's.
            let top = dotted.split('.').next().unwrap_or(dotted);
            if super::super::stdlib::shadowable(top)
                && let Some(path) = self.find_project_module(dotted, frame.module)
            {
                return Ok(Value::ProjectModule(path));
            }
            return Ok(Value::Module(dotted.to_owned()));
        }
        if let Some(path) = self.find_project_module(dotted, frame.module) {
            return Ok(Value::ProjectModule(path));
        }
        let top = dotted.split('.').next().unwrap_or(dotted);
        let in_build_env = self
            .settings
            .build_modules
            .iter()
            .any(|m| m.eq_ignore_ascii_case(top));
        if !in_build_env && self.catching_import_errors > 0 {
            self.assume(
                frame,
                node,
                format!(
                    "`{top}` is not a build requirement, so importing it fails in an isolated build; the `except ImportError` side is used"
                ),
            );
            return Err(Exc::raise(
                "ModuleNotFoundError",
                format!("No module named '{top}'"),
            ));
        }
        if !in_build_env && frame.module == 0 {
            self.assume(
                frame,
                node,
                format!(
                    "`{top}` must be installed when setup.py runs: it is imported at build time"
                ),
            );
        }
        Ok(Value::Module(dotted.to_owned()))
    }

    /// The globals of a project module after running its top level (cached).
    pub fn module_env(&mut self, path: &str) -> R<Env> {
        if let Some(env) = self.module_envs.get(path) {
            return Ok(env.clone());
        }
        if !self.loading.insert(path.to_owned()) {
            return Ok(Rc::new(RefCell::new(HashMap::new())));
        }
        let Some(text) = self.files.read(path) else {
            return Ok(Rc::new(RefCell::new(HashMap::new())));
        };
        let index = self.add_module(path, &text);
        let name = path
            .trim_end_matches("/__init__.py")
            .trim_end_matches(".py")
            .replace('/', ".");
        let globals = self.new_globals(index, &name);
        self.globals_of.insert(index, globals.clone());
        if first_syntax_error(&self.modules[index].tree).is_none() {
            let mut frame = Frame {
                module: index,
                globals: globals.clone(),
                locals: None,
                global_names: HashSet::new(),
                dependent: HashSet::new(),
                function: None,
                guard: Guard::Always,
                entry_guard: Guard::Always,
            };
            let tree = self.modules[index].tree.clone();
            let saved = self.catching_import_errors;
            self.catching_import_errors = 0;
            let result = self.exec_block(tree.root_node(), &mut frame);
            self.catching_import_errors = saved;
            if let Err(Exc::Budget) = result {
                return Err(Exc::Budget);
            }
        }
        self.loading.remove(path);
        self.module_envs.insert(path.to_owned(), globals.clone());
        Ok(globals)
    }

    /// `module.name` for modules: project modules are read statically; a name bound by a
    /// literal module-level assignment keeps that provenance (setuptools' `attr:` can read it).
    pub fn attribute_of(&mut self, module: &Value, name: &str, node: Node<'_>, frame: &Frame) -> R {
        match module {
            Value::ProjectModule(path) => {
                // A submodule?
                let base = path
                    .trim_end_matches("/__init__.py")
                    .trim_end_matches(".py")
                    .to_owned();
                if path.ends_with("/__init__.py")
                    && let Some(sub) = self.module_file(&format!("{base}/{name}"))
                {
                    let env = self.module_env(path)?;
                    if !env.borrow().contains_key(name) {
                        return Ok(Value::ProjectModule(sub));
                    }
                }
                let env = self.module_env(path)?;
                if !self.read_modules.contains(path) {
                    self.read_modules.push(path.clone());
                }
                let value = env.borrow().get(name).cloned();
                let Some(value) = value else {
                    return Ok(Value::opaque(format!("`{name}` is not defined in {path}")));
                };
                Ok(self.with_attr_origin(path, name, value))
            }
            // setuptools dropped 2to3 support (58.0): these helpers are known-removed. The
            // script was written for the setuptools that had them, so the import succeeds
            // here and the conversion drops what uses them (a cmdclass entry), with a note.
            Value::Module(m)
                if is_2to3_helper(name)
                    && (m.starts_with("distutils") || m.starts_with("setuptools")) =>
            {
                Ok(Value::Builtin(format!("{m}.{name}")))
            }
            Value::Module(m) => Ok(module_member(&format!("{m}.{name}"))),
            Value::Opaque(r) => Ok(Value::Opaque(r.clone())),
            other => {
                let _ = (node, frame);
                self.getattr(other.clone(), name)
            }
        }
    }

    /// Marks a string or tuple read from `path`'s namespace with `Origin::Attr` when the
    /// module's first assignment of `name` is a literal with that very value.
    pub(super) fn with_attr_origin(&mut self, path: &str, name: &str, value: Value) -> Value {
        let Some(literal) = self.first_literal_assignment(path, name) else {
            return value;
        };
        let same = match (&literal, &value) {
            (Value::Str(a), Value::Str(b)) => a.s == b.s,
            (Value::Tuple(_), Value::Tuple(_)) => strings::repr(&literal) == strings::repr(&value),
            _ => false,
        };
        if !same {
            return value;
        }
        let origin = Origin::Attr {
            file: path.to_owned(),
            name: name.to_owned(),
        };
        match value {
            Value::Str(t) => Value::Str(Text { s: t.s, origin }),
            Value::Tuple(items) => {
                let items = items
                    .iter()
                    .map(|i| match &i.value {
                        Value::Str(t) => Item::new(Value::Str(Text {
                            s: t.s.clone(),
                            origin: origin.clone(),
                        })),
                        v => Item::new(v.clone()),
                    })
                    .collect();
                Value::Tuple(Rc::new(items))
            }
            v => v,
        }
    }

    /// `Class.name` for a class defined in the evaluated code: the literal its body assigns
    /// (`class Meta: version = "1.0"`), when that is the only binding of `name` there.
    pub fn class_attribute(&mut self, def: &DefRef, name: &str) -> Option<Value> {
        let tree = self.modules.get(def.module)?.tree.clone();
        let text = self.modules[def.module].text.clone();
        let node = tree
            .root_node()
            .descendant_for_byte_range(def.range.start, def.range.end)?;
        let mut class = node;
        while class.byte_range() != def.range || class.kind() != "class_definition" {
            class = class.parent()?;
        }
        let body = class.child_by_field_name("body")?;
        let mut found = None;
        let mut c = body.walk();
        for stmt in body.named_children(&mut c) {
            let binds_name = |n: Node<'_>| {
                n.child_by_field_name("name")
                    .is_some_and(|x| node_text(&text, x) == name)
            };
            match stmt.kind() {
                "function_definition" | "class_definition" if binds_name(stmt) => return None,
                "decorated_definition"
                    if stmt
                        .child_by_field_name("definition")
                        .is_some_and(binds_name) =>
                {
                    return None;
                }
                "expression_statement" => {
                    let Some(assign) = stmt.named_child(0) else {
                        continue;
                    };
                    if !matches!(assign.kind(), "assignment" | "augmented_assignment") {
                        continue;
                    }
                    let (targets, right) = assignment_targets(assign);
                    if !targets.iter().any(|t| node_text(&text, *t) == name) {
                        continue;
                    }
                    let literal = assign.kind() == "assignment"
                        && targets.iter().all(|t| t.kind() == "identifier")
                        && right.is_some_and(|r| is_literal(r, &text));
                    if !literal || found.is_some() {
                        return None;
                    }
                    found = right;
                }
                _ => {}
            }
        }
        let right = found?;
        let mut frame = Frame {
            module: def.module,
            globals: Rc::new(RefCell::new(HashMap::new())),
            locals: None,
            global_names: HashSet::new(),
            dependent: HashSet::new(),
            function: None,
            guard: Guard::Always,
            entry_guard: Guard::Always,
        };
        self.eval(right, &mut frame).ok()
    }

    /// The value of the first module-level assignment of `name` in `path`, when it is a
    /// literal (what setuptools' static `attr:` reader sees).
    pub fn first_literal_assignment(&mut self, path: &str, name: &str) -> Option<Value> {
        let index = self.modules.iter().position(|m| m.path == path)?;
        let tree = self.modules[index].tree.clone();
        let root = tree.root_node();
        let text = self.modules[index].text.clone();
        let mut c = root.walk();
        for stmt in root.named_children(&mut c) {
            if stmt.kind() != "expression_statement" {
                continue;
            }
            let Some(assign) = stmt.named_child(0).filter(|a| a.kind() == "assignment") else {
                continue;
            };
            // `a = b = value` assigns every target (an `ast.Assign` with several targets).
            let (targets, right) = assignment_targets(assign);
            let Some(right) = right else {
                continue;
            };
            if !targets
                .iter()
                .any(|t| t.kind() == "identifier" && node_text(&text, *t) == name)
            {
                continue;
            }
            if !is_literal(right, &text) {
                return None;
            }
            let mut frame = Frame {
                module: index,
                globals: Rc::new(RefCell::new(HashMap::new())),
                locals: None,
                global_names: HashSet::new(),
                dependent: HashSet::new(),
                function: None,
                guard: Guard::Always,
                entry_guard: Guard::Always,
            };
            return self.eval(right, &mut frame).ok();
        }
        None
    }
}
