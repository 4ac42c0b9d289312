//! The static evaluator: a small interpreter over tree-sitter trees that runs the pure subset
//! of Python a setup script is written in — assignments, functions, branches, loops over known
//! values, reads of project files — and turns everything else into [`Value::Opaque`].
//!
//! Nothing is ever executed for real: file reads go through [`ProjectFiles`] (inside the
//! project only), imports of project modules are read and evaluated the same way, and every
//! other import yields an opaque module. Conditions on the interpreter (`sys.version_info`,
//! `sys.platform`, …) are decided against the supported Python window or kept as environment
//! markers.

use super::marker::{Cond, Marker};
use super::stdlib::always_available;
use super::strings::{self, prefix, unescape};
use super::value::{DefRef, DictRef, Entry, EnvVar, Item, Origin, Site, Text, Value};
use crate::files::{ProjectFiles, normalize};
use snakeshift_engine::parse::{first_syntax_error, parse};
use snakeshift_engine::version::PyVersion;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::rc::Rc;
use tree_sitter::{Node, Tree};

/// The virtual absolute path of the project root (`__file__` is `ROOT/setup.py`).
pub const ROOT: &str = "/__project__";

/// Evaluation gives up after this many steps (statements and expressions).
const MAX_STEPS: usize = 2_000_000;
/// Nested function calls followed.
const MAX_DEPTH: usize = 48;

/// What the build environment is assumed to have.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The oldest Python the project supports: `sys.version_info` checks are decided from it.
    pub min: PyVersion,
    /// Top-level modules installed at build time besides the standard library and setuptools.
    pub build_modules: Vec<String>,
}

/// A parsed source: `setup.py` is module 0, project modules read on demand follow.
pub struct ParsedModule {
    pub path: String,
    pub text: String,
    pub tree: Tree,
}

/// An exception raised by the evaluated code, or the evaluator giving up.
#[derive(Clone, Debug)]
pub enum Exc {
    Raise {
        kind: String,
        message: String,
    },
    /// Too many steps: the code loops or is too large to follow.
    Budget,
}

impl Exc {
    fn raise(kind: &str, message: impl Into<String>) -> Exc {
        Exc::Raise {
            kind: kind.to_owned(),
            message: message.into(),
        }
    }
}

pub type R<T = Value> = Result<T, Exc>;

enum Flow {
    Next,
    Return(Value),
    Break,
    Continue,
}

/// The condition under which code runs.
#[derive(Clone, Debug, PartialEq)]
pub enum Guard {
    Always,
    Marker(Marker),
    Unknown(String),
}

impl Guard {
    fn and(&self, cond: &Cond) -> Guard {
        match (self, cond) {
            (Guard::Unknown(r), _) => Guard::Unknown(r.clone()),
            (_, Cond::Unknown(r)) => Guard::Unknown(r.clone()),
            (g, Cond::Known(true)) => g.clone(),
            (_, Cond::Known(false)) => Guard::Unknown("unreachable".into()),
            (Guard::Always, Cond::Marker(m)) => Guard::Marker(m.clone()),
            (Guard::Marker(a), Cond::Marker(b)) => Guard::Marker(a.clone().and(b.clone())),
        }
    }
}

pub type Env = Rc<RefCell<HashMap<String, Value>>>;

pub struct Frame {
    pub module: usize,
    pub globals: Env,
    locals: Option<HashMap<String, Value>>,
    global_names: HashSet<String>,
    /// Locals whose value depends on the function's parameters.
    dependent: HashSet<String>,
    function: Option<String>,
    pub guard: Guard,
    /// The guard a function was called under: code that runs under just that guard runs
    /// unconditionally as far as the function's own names are concerned.
    entry_guard: Guard,
}

/// One keyword argument of the `setup()` call.
#[derive(Clone, Debug)]
pub struct SetupArg {
    pub name: String,
    pub value: Value,
    /// Where it is set (deleting these removes it from the code).
    pub sites: Vec<Site>,
    /// The `**mapping` argument it came through, as an index into `SetupCall::splats`.
    pub splat: Option<usize>,
    /// 1-based line of its first site in `setup.py`.
    pub line: usize,
}

/// The `setup()` call as evaluated.
#[derive(Clone, Debug)]
pub struct SetupCall {
    /// `setuptools.setup` or `distutils.core.setup`.
    pub function: String,
    pub module: usize,
    pub range: Range<usize>,
    pub args: Vec<SetupArg>,
    /// `**mapping` arguments: their range and the keys they passed.
    pub splats: Vec<(Site, Vec<String>)>,
    /// Positional arguments were passed.
    pub positional: bool,
    /// Called under a condition that could not be decided.
    pub guard: Guard,
}

/// Something the evaluator assumed, for the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assumption {
    pub line: usize,
    pub message: String,
}

/// What a call's arguments evaluate to.
#[derive(Default)]
pub struct CallArgs {
    pub positional: Vec<Value>,
    pub keywords: Vec<(String, Value, Option<Site>)>,
}

impl CallArgs {
    pub fn get(&self, index: usize, name: &str) -> Option<&Value> {
        self.keywords
            .iter()
            .find(|(k, _, _)| k == name)
            .map(|(_, v, _)| v)
            .or_else(|| self.positional.get(index))
    }
}

pub struct Interp<'a> {
    pub files: &'a dyn ProjectFiles,
    pub settings: Settings,
    pub modules: Vec<ParsedModule>,
    module_envs: HashMap<String, Env>,
    loading: HashSet<String>,
    /// Project directories put on `sys.path` by the code.
    sys_path: Vec<String>,
    steps: usize,
    depth: usize,
    /// `try` bodies being run whose handlers catch `ImportError`.
    catching_import_errors: usize,
    read_dependent: bool,
    /// A comparison with the interpreter's version was decided (for the report).
    pub version_decided: bool,
    pub setup_calls: Vec<SetupCall>,
    pub assumptions: Vec<Assumption>,
    /// Project modules whose namespace the code read (imports, `exec` of their text).
    pub read_modules: Vec<String>,
    /// The globals each evaluated module runs with.
    globals_of: HashMap<usize, Env>,
}

/// The absolute virtual path of a project-relative path.
pub fn absolute(rel: &str) -> String {
    if rel.is_empty() {
        ROOT.to_owned()
    } else {
        format!("{ROOT}/{rel}")
    }
}

/// Normalises an absolute path like `os.path.normpath`.
pub fn normpath(path: &str) -> String {
    let absolute = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else if !absolute {
                    parts.push("..");
                }
            }
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else if joined.is_empty() {
        ".".to_owned()
    } else {
        joined
    }
}

/// A path as seen from the project root (`None` when it leaves the project).
pub fn project_relative(path: &str) -> Option<String> {
    let abs = if path.starts_with('/') {
        normpath(path)
    } else {
        normpath(&format!("{ROOT}/{path}"))
    };
    if abs == ROOT {
        return Some(String::new());
    }
    abs.strip_prefix(&format!("{ROOT}/")).and_then(normalize)
}

fn node_text<'t>(text: &'t str, node: Node<'_>) -> &'t str {
    &text[node.byte_range()]
}

/// The targets of a (possibly chained) assignment and the value they all get.
pub fn assignment_targets(assign: Node<'_>) -> (Vec<Node<'_>>, Option<Node<'_>>) {
    let mut targets = Vec::new();
    let mut current = assign;
    loop {
        if let Some(left) = current.child_by_field_name("left") {
            targets.push(left);
        }
        match current.child_by_field_name("right") {
            Some(r) if r.kind() == "assignment" => current = r,
            other => return (targets, other),
        }
    }
}

/// True when `node` is a literal `ast.literal_eval` accepts.
pub fn is_literal(node: Node<'_>, text: &str) -> bool {
    match node.kind() {
        "string" => {
            let mut c = node.walk();
            let f_string = node
                .children(&mut c)
                .next()
                .is_some_and(|s| prefix(node_text(text, s)).format);
            !f_string
        }
        "concatenated_string" => {
            let mut c = node.walk();
            node.named_children(&mut c).all(|s| is_literal(s, text))
        }
        "integer" | "float" | "true" | "false" | "none" => true,
        "unary_operator" => node
            .child_by_field_name("argument")
            .is_some_and(|a| matches!(a.kind(), "integer" | "float")),
        "tuple" | "list" | "set" | "parenthesized_expression" => {
            let mut c = node.walk();
            node.named_children(&mut c)
                .filter(|n| n.kind() != "comment")
                .all(|n| is_literal(n, text))
        }
        "dictionary" => {
            let mut c = node.walk();
            node.named_children(&mut c)
                .filter(|n| n.kind() != "comment")
                .all(|p| {
                    p.kind() == "pair"
                        && p.child_by_field_name("key")
                            .is_some_and(|k| is_literal(k, text))
                        && p.child_by_field_name("value")
                            .is_some_and(|v| is_literal(v, text))
                })
        }
        _ => false,
    }
}

impl<'a> Interp<'a> {
    pub fn new(files: &'a dyn ProjectFiles, settings: Settings) -> Self {
        Interp {
            files,
            settings,
            modules: Vec::new(),
            module_envs: HashMap::new(),
            loading: HashSet::new(),
            sys_path: Vec::new(),
            steps: 0,
            depth: 0,
            catching_import_errors: 0,
            read_dependent: false,
            version_decided: false,
            setup_calls: Vec::new(),
            assumptions: Vec::new(),
            read_modules: Vec::new(),
            globals_of: HashMap::new(),
        }
    }

    /// Adds a source; returns its module index.
    pub fn add_module(&mut self, path: &str, text: &str) -> usize {
        let tree = parse(text);
        self.modules.push(ParsedModule {
            path: path.to_owned(),
            text: text.to_owned(),
            tree,
        });
        self.modules.len() - 1
    }

    /// Runs a module's top level as `__main__` (a setup script); returns its globals or the
    /// exception that stopped it.
    pub fn run_main(&mut self, module: usize) -> (Env, Option<Exc>) {
        let globals = self.new_globals(module, "__main__");
        self.globals_of.insert(module, globals.clone());
        let mut frame = Frame {
            module,
            globals: globals.clone(),
            locals: None,
            global_names: HashSet::new(),
            dependent: HashSet::new(),
            function: None,
            guard: Guard::Always,
            entry_guard: Guard::Always,
        };
        let tree = self.modules[module].tree.clone();
        let err = self.exec_block(tree.root_node(), &mut frame).err();
        (globals, err)
    }

    fn new_globals(&self, module: usize, name: &str) -> Env {
        let path = &self.modules[module].path;
        let mut g = HashMap::new();
        g.insert("__name__".to_owned(), Value::str(name));
        g.insert(
            "__file__".to_owned(),
            Value::Str(Text::literal(absolute(path))),
        );
        g.insert("__doc__".to_owned(), self.docstring(module));
        Rc::new(RefCell::new(g))
    }

    fn docstring(&self, module: usize) -> Value {
        let m = &self.modules[module];
        let root = m.tree.root_node();
        let mut c = root.walk();
        let first = root.named_children(&mut c).find(|n| n.kind() != "comment");
        if let Some(stmt) = first
            && stmt.kind() == "expression_statement"
            && let Some(s) = stmt.named_child(0)
            && matches!(s.kind(), "string" | "concatenated_string")
            && let Some(text) = self.literal_string(module, s)
        {
            return Value::Str(Text::literal(text));
        }
        Value::None
    }

    /// The value of a plain (non-f) string literal.
    fn literal_string(&self, module: usize, node: Node<'_>) -> Option<String> {
        let text = &self.modules[module].text;
        if node.kind() == "concatenated_string" {
            let mut c = node.walk();
            let parts: Option<Vec<String>> = node
                .named_children(&mut c)
                .map(|s| self.literal_string(module, s))
                .collect();
            return Some(parts?.concat());
        }
        let mut c = node.walk();
        let mut out = String::new();
        let mut pre = strings::Prefix::default();
        for child in node.children(&mut c) {
            match child.kind() {
                "string_start" => pre = prefix(node_text(text, child)),
                "string_content" => {
                    let raw = node_text(text, child);
                    if pre.raw {
                        out.push_str(raw);
                    } else {
                        out.push_str(&unescape(raw, pre.bytes)?);
                    }
                }
                "interpolation" => return None,
                _ => {}
            }
        }
        Some(out)
    }

    pub fn step(&mut self) -> R<()> {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            return Err(Exc::Budget);
        }
        Ok(())
    }

    fn line_of(&self, module: usize, offset: usize) -> usize {
        self.modules[module].text[..offset].matches('\n').count() + 1
    }

    pub fn assume(&mut self, frame: &Frame, node: Node<'_>, message: impl Into<String>) {
        if frame.module != 0 {
            return;
        }
        let a = Assumption {
            line: self.line_of(0, node.start_byte()),
            message: message.into(),
        };
        if !self.assumptions.contains(&a) {
            self.assumptions.push(a);
        }
    }

    /// Runs source text (`exec(...)`) with `globals`; `path` names it in messages and sites.
    pub fn exec_source(&mut self, path: &str, text: &str, globals: Env) -> R<()> {
        let index = self.add_module(path, text);
        if first_syntax_error(&self.modules[index].tree).is_some() {
            return Err(Exc::raise(
                "SyntaxError",
                format!("in the code run from {path}"),
            ));
        }
        self.globals_of.insert(index, globals.clone());
        let mut frame = Frame {
            module: index,
            globals,
            locals: None,
            global_names: HashSet::new(),
            dependent: HashSet::new(),
            function: None,
            guard: Guard::Always,
            entry_guard: Guard::Always,
        };
        let tree = self.modules[index].tree.clone();
        self.exec_block(tree.root_node(), &mut frame).map(|_| ())
    }

    /// `ast.literal_eval(text)`: `None` when the text is not a single literal.
    pub fn literal_eval(&mut self, text: &str) -> Option<Value> {
        let index = self.add_module("<literal>", text.trim());
        let root = self.modules[index].tree.root_node();
        if root.has_error() || root.named_child_count() != 1 {
            return None;
        }
        let stmt = root.named_child(0)?;
        let expr = stmt.named_child(0)?;
        if stmt.kind() != "expression_statement" || !is_literal(expr, &self.modules[index].text) {
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
        let tree = self.modules[index].tree.clone();
        let expr = tree.root_node().named_child(0)?.named_child(0)?;
        self.eval(expr, &mut frame).ok()
    }

    /// A project directory the code put on `sys.path`.
    pub fn add_sys_path(&mut self, rel: String) {
        if !self.sys_path.contains(&rel) {
            self.sys_path.insert(0, rel);
        }
    }

    pub fn note_read_module(&mut self, path: &str) {
        if !self.read_modules.iter().any(|p| p == path) {
            self.read_modules.push(path.to_owned());
        }
    }

    // ----- names -------------------------------------------------------------------------

    fn lookup(&mut self, name: &str, frame: &Frame) -> Value {
        if let Some(locals) = &frame.locals
            && !frame.global_names.contains(name)
            && let Some(v) = locals.get(name)
        {
            if frame.dependent.contains(name) {
                self.read_dependent = true;
            }
            return v.clone();
        }
        if let Some(v) = frame.globals.borrow().get(name) {
            return v.clone();
        }
        builtin_name(name).unwrap_or_else(|| Value::opaque(format!("`{name}` is not defined")))
    }

    /// What a name holds after a conditional assignment: unknown, except that a dict keeps
    /// every key it may have (from this assignment or the one it may keep), each value
    /// unknown — `setup(**kw)` then still says which keywords it may pass.
    fn possible(&self, name: &str, value: Value, guard: &Guard, frame: &Frame) -> Value {
        let reason = match guard {
            Guard::Marker(m) => format!("`{name}` is only set when {m}"),
            Guard::Unknown(r) => {
                format!("`{name}` depends on a condition that cannot be known statically ({r})")
            }
            Guard::Always => unreachable!("unconditional bindings are not merged"),
        };
        let Value::Dict(new) = value else {
            return Value::opaque(reason);
        };
        let previous = match &frame.locals {
            Some(locals) if !frame.global_names.contains(name) => locals.get(name).cloned(),
            _ => frame.globals.borrow().get(name).cloned(),
        };
        let mut entries: Vec<Entry> = Vec::new();
        let old = match previous {
            Some(Value::Dict(d)) => d.borrow().clone(),
            _ => Vec::new(),
        };
        for e in old.into_iter().chain(new.borrow().iter().cloned()) {
            if !entries.iter().any(|x| x.key == e.key) {
                entries.push(Entry {
                    key: e.key,
                    value: Value::opaque(reason.clone()),
                    sites: Vec::new(),
                });
            }
        }
        Value::dict(entries)
    }

    /// Binds a name, honouring the guard the code runs under.
    fn bind(&mut self, name: &str, value: Value, frame: &mut Frame) {
        let local = frame.locals.is_some() && !frame.global_names.contains(name);
        let guard = if local {
            frame.local_guard()
        } else {
            frame.guard.clone()
        };
        let value = match &guard {
            Guard::Always => value,
            guard @ (Guard::Marker(_) | Guard::Unknown(_)) => {
                let guard = guard.clone();
                self.possible(name, value, &guard, frame)
            }
        };
        let dependent = self.read_dependent;
        match &mut frame.locals {
            Some(locals) if !frame.global_names.contains(name) => {
                locals.insert(name.to_owned(), value);
                if dependent {
                    frame.dependent.insert(name.to_owned());
                } else {
                    frame.dependent.remove(name);
                }
            }
            _ => {
                frame.globals.borrow_mut().insert(name.to_owned(), value);
            }
        }
    }

    fn assign(&mut self, target: Node<'_>, value: Value, frame: &mut Frame) -> R<()> {
        let text = self.modules[frame.module].text.clone();
        match target.kind() {
            "identifier" => self.bind(node_text(&text, target), value, frame),
            "pattern_list" | "tuple_pattern" | "list_pattern" | "tuple" | "list"
            | "expression_list" => {
                let mut c = target.walk();
                let targets: Vec<Node<'_>> = target
                    .named_children(&mut c)
                    .filter(|n| n.kind() != "comment")
                    .collect();
                let items = self.iterate(&value)?;
                match items {
                    Some(items) if items.len() == targets.len() => {
                        for (t, v) in targets.iter().zip(items) {
                            self.assign(*t, v, frame)?;
                        }
                    }
                    _ => {
                        let reason = value
                            .opaque_reason()
                            .unwrap_or_else(|| "cannot be unpacked".into());
                        for t in targets {
                            self.assign(t, Value::opaque(reason.clone()), frame)?;
                        }
                    }
                }
            }
            "parenthesized_expression" => {
                if let Some(inner) = target.named_child(0) {
                    self.assign(inner, value, frame)?;
                }
            }
            "subscript" => {
                let obj = self.eval(target.child_by_field_name("value").unwrap(), frame)?;
                let key_node = target.child_by_field_name("subscript").unwrap();
                let key = self.eval(key_node, frame)?;
                let site = self.statement_site(target, frame.module);
                self.set_item(&obj, &key, value, site, frame);
            }
            "attribute" => {
                // `sys.path` tweaks and object attributes: no effect on what we track.
            }
            _ => {}
        }
        Ok(())
    }

    /// The statement containing `node`, as a deletion site.
    fn statement_site(&self, node: Node<'_>, module: usize) -> Option<Site> {
        let mut n = node;
        while let Some(p) = n.parent() {
            if p.kind() == "expression_statement" {
                return Some(Site {
                    module,
                    range: p.byte_range(),
                });
            }
            n = p;
        }
        None
    }

    fn set_item(
        &mut self,
        obj: &Value,
        key: &Value,
        value: Value,
        site: Option<Site>,
        frame: &Frame,
    ) {
        let value = self.guarded(value, frame);
        match obj {
            Value::Dict(entries) => match key.as_str() {
                Some(k) => set_entry(entries, k, value, site),
                None => entries.borrow_mut().push(Entry {
                    key: "?".into(),
                    value: Value::opaque("a key that cannot be evaluated"),
                    sites: site.into_iter().collect(),
                }),
            },
            Value::List(items) => {
                if let Value::Int(i) = key {
                    let mut items = items.borrow_mut();
                    let len = items.len() as i64;
                    let idx = if *i < 0 { i + len } else { *i };
                    if (0..len).contains(&idx) {
                        items[idx as usize] = Item::new(value);
                    }
                } else {
                    let mut items = items.borrow_mut();
                    items.clear();
                    items.push(Item::new(Value::opaque("changed by a slice assignment")));
                }
            }
            _ => {}
        }
    }

    /// A value stored under the current guard: unconditional values stay, others become opaque.
    fn guarded(&self, value: Value, frame: &Frame) -> Value {
        match &frame.local_guard() {
            Guard::Always => value,
            Guard::Marker(m) => Value::opaque(format!("only set when {m}")),
            Guard::Unknown(r) => Value::opaque(format!(
                "only set under a condition that cannot be known statically ({r})"
            )),
        }
    }

    /// An item appended under the current guard: conditional on a marker, or opaque.
    pub fn guarded_item(&self, value: Value, frame: &Frame) -> Item {
        match &frame.local_guard() {
            Guard::Always => Item::new(value),
            Guard::Marker(m) => Item {
                value,
                marker: Some(m.clone()),
            },
            Guard::Unknown(r) => Item::new(Value::opaque(format!(
                "only added under a condition that cannot be known statically ({r})"
            ))),
        }
    }

    // ----- statements --------------------------------------------------------------------

    fn exec_block(&mut self, block: Node<'_>, frame: &mut Frame) -> R<Flow> {
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

    fn exec(&mut self, stmt: Node<'_>, frame: &mut Frame) -> R<Flow> {
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

    fn exec_delete(&mut self, target: Node<'_>, frame: &mut Frame) -> R<()> {
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
                if let (Value::Dict(entries), Some(k)) = (&obj, key.as_str()) {
                    entries.borrow_mut().retain(|e| e.key != k);
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

    fn exec_assignment(&mut self, node: Node<'_>, frame: &mut Frame) -> R<()> {
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

    fn exec_augmented(&mut self, node: Node<'_>, frame: &mut Frame) -> R<()> {
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

    fn exec_if(&mut self, stmt: Node<'_>, frame: &mut Frame) -> R<Flow> {
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
    fn note_dropped_branch(&mut self, condition: Node<'_>, frame: &Frame) {
        let text = &self.modules[frame.module].text;
        let src = node_text(text, condition);
        let message = format!(
            "`if {src}` is never true on Python {} or later; that branch is ignored",
            self.settings.min
        );
        self.assume(frame, condition, message);
    }

    fn exec_try(&mut self, stmt: Node<'_>, frame: &mut Frame) -> R<Flow> {
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

    fn exec_with(&mut self, stmt: Node<'_>, frame: &mut Frame) -> R<Flow> {
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

    fn exec_for(&mut self, stmt: Node<'_>, frame: &mut Frame) -> R<Flow> {
        let left = stmt.child_by_field_name("left").unwrap();
        let right = stmt.child_by_field_name("right").unwrap();
        let body = stmt.child_by_field_name("body").unwrap();
        let iterable = self.eval(right, frame)?;
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

    fn exec_while(&mut self, stmt: Node<'_>, frame: &mut Frame) -> R<Flow> {
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

    // ----- imports -----------------------------------------------------------------------

    fn exec_import(&mut self, stmt: Node<'_>, frame: &mut Frame) -> R<()> {
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

    fn exec_from_import(&mut self, stmt: Node<'_>, frame: &mut Frame) -> R<()> {
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
    fn resolve_relative(&self, spelled: &str, from: usize) -> Option<String> {
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
    fn module_file(&self, base: &str) -> Option<String> {
        let file = format!("{base}.py");
        if self.files.is_file(&file) {
            return Some(file);
        }
        let init = format!("{base}/__init__.py");
        self.files.is_file(&init).then_some(init)
    }

    /// Finds a project module on the evaluated `sys.path` (the project root first).
    fn find_project_module(&self, dotted: &str, from: usize) -> Option<String> {
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
            // setuptools dropped 2to3 support: these names are gone from its distutils.
            Value::Module(m)
                if name.ends_with("_2to3")
                    && (m.starts_with("distutils") || m.starts_with("setuptools")) =>
            {
                Err(Exc::raise(
                    "ImportError",
                    format!("cannot import name '{name}' from '{m}'"),
                ))
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
    fn with_attr_origin(&mut self, path: &str, name: &str, value: Value) -> Value {
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

    // ----- expressions -------------------------------------------------------------------

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

    fn eval_string(&mut self, node: Node<'_>, frame: &mut Frame) -> R {
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
                    let raw = node_text(&text, child);
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

    fn eval_dict(&mut self, node: Node<'_>, frame: &mut Frame) -> R {
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
    fn comprehension(
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

    fn comprehension_level(
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
    fn boolean_value(&mut self, node: Node<'_>, frame: &mut Frame) -> R {
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

    fn comparison(&mut self, node: Node<'_>, frame: &mut Frame) -> R<Cond> {
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
            let c = super::builtins::compare(self, op, &left, &right);
            result = result.and(c);
            if result == Cond::Known(false) {
                break;
            }
            left = right;
        }
        Ok(result)
    }

    // ----- calls -------------------------------------------------------------------------

    fn eval_call(&mut self, node: Node<'_>, frame: &mut Frame) -> R {
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

    fn record_setup(
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
        };
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
                    let dependent = self.read_dependent && in_function.is_some();
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
                                let line = e
                                    .sites
                                    .iter()
                                    .find(|s| s.module == frame.module)
                                    .map_or_else(
                                        || self.line_of(frame.module, arg.start_byte()),
                                        |s| self.line_of(frame.module, s.range.start),
                                    );
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
                _ => record.positional = true,
            }
        }
        self.read_dependent = false;
        self.setup_calls.push(record);
        Ok(())
    }

    /// Evaluates an argument; an exception it raises makes it opaque instead (the original
    /// would fail there too, and the shim keeps the code).
    fn eval_safely(&mut self, node: Node<'_>, frame: &mut Frame) -> R {
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
            Value::Function(def) => self.call_function(&def, args, false, frame.guard.clone()),
            Value::Lambda(def) => self.call_function(&def, args, true, frame.guard.clone()),
            Value::Class(def) => Ok(Value::opaque(format!("an instance of `{}`", def.name))),
            Value::Builtin(name) => {
                let cause = first_opaque_argument(&args);
                let result = super::builtins::call_builtin(self, &name, args, node, frame)?;
                Ok(with_cause(result, cause))
            }
            Value::Method(obj, name) => {
                let cause = first_opaque_argument(&args);
                let result = super::builtins::call_method(self, *obj, &name, args, node, frame)?;
                Ok(with_cause(result, cause))
            }
            Value::Opaque(r) => Ok(Value::Opaque(r)),
            other => Ok(Value::opaque(format!("calls a `{}`", other.type_name()))),
        }
    }

    /// Runs a function defined in the evaluated code; its body runs under the caller's guard.
    fn call_function(&mut self, def: &DefRef, args: CallArgs, lambda: bool, guard: Guard) -> R {
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

    fn bind_parameters(&mut self, node: Node<'_>, args: CallArgs, frame: &mut Frame) -> R<()> {
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

impl Frame {
    /// Whether the code runs under a condition of its own (not just the caller's).
    fn guard_is_conditional(&self) -> bool {
        self.guard != self.entry_guard
    }

    /// The condition that matters for the function's own effects.
    pub fn local_guard(&self) -> Guard {
        if self.guard == self.entry_guard && self.locals.is_some() {
            Guard::Always
        } else {
            self.guard.clone()
        }
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

/// Sets `key` (replacing an existing entry in place, keeping its sites).
pub fn set_entry(dict: &DictRef, key: &str, value: Value, site: Option<Site>) {
    merge_entry(dict, key.to_owned(), value, site.into_iter().collect());
}

fn merge_entry(dict: &DictRef, key: String, value: Value, sites: Vec<Site>) {
    let mut entries = dict.borrow_mut();
    if let Some(e) = entries.iter_mut().find(|e| e.key == key) {
        e.value = value;
        for s in sites {
            if !e.sites.contains(&s) {
                e.sites.push(s);
            }
        }
    } else {
        entries.push(Entry { key, value, sites });
    }
}

/// The truth value of a value.
pub fn truth(v: &Value) -> Cond {
    match v {
        Value::None => Cond::Known(false),
        Value::Bool(b) => Cond::Known(*b),
        Value::Int(i) => Cond::Known(*i != 0),
        Value::Float(x) => Cond::Known(*x != 0.0),
        Value::Str(t) | Value::Bytes(t) => Cond::Known(!t.s.is_empty()),
        Value::List(items) => Cond::Known(!items.borrow().is_empty()),
        Value::Tuple(items) => Cond::Known(!items.is_empty()),
        Value::Dict(entries) => Cond::Known(!entries.borrow().is_empty()),
        Value::Marker(m) => Cond::Marker(m.clone()),
        Value::Opaque(r) => Cond::Unknown(r.to_string()),
        Value::Env(_) => Cond::Unknown("a platform value".into()),
        _ => Cond::Known(true),
    }
}

fn parse_int(s: &str) -> Option<i64> {
    let s = s.replace('_', "");
    let lower = s.to_ascii_lowercase();
    if let Some(h) = lower.strip_prefix("0x") {
        i64::from_str_radix(h, 16).ok()
    } else if let Some(o) = lower.strip_prefix("0o") {
        i64::from_str_radix(o, 8).ok()
    } else if let Some(b) = lower.strip_prefix("0b") {
        i64::from_str_radix(b, 2).ok()
    } else {
        lower.trim_end_matches('l').parse().ok()
    }
}

/// Exception class names in an `except` clause (`(IOError, OSError)` → both).
fn exception_names(spelled: &str) -> Vec<String> {
    spelled
        .trim_matches(|c| c == '(' || c == ')')
        .split(',')
        .map(|s| s.trim().rsplit('.').next().unwrap_or("").to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Whether an `except` clause listing `types` catches an exception of class `kind`.
fn handles(types: &[String], kind: &str) -> bool {
    if types.is_empty() {
        return true;
    }
    let ancestry: &[&str] = match kind {
        "ModuleNotFoundError" => &["ModuleNotFoundError", "ImportError"],
        "ImportError" => &["ImportError"],
        "FileNotFoundError" => &[
            "FileNotFoundError",
            "OSError",
            "IOError",
            "EnvironmentError",
        ],
        "OSError" | "IOError" => &["OSError", "IOError", "EnvironmentError"],
        "KeyError" => &["KeyError", "LookupError"],
        "IndexError" => &["IndexError", "LookupError"],
        "UnicodeDecodeError" => &["UnicodeDecodeError", "UnicodeError", "ValueError"],
        other => &[other],
    };
    types.iter().any(|t| {
        ancestry.contains(&t.as_str()) || t == "Exception" || t == "BaseException" || (t == kind)
    })
}

/// Names every Python program has.
fn builtin_name(name: &str) -> Option<Value> {
    const BUILTINS: &[&str] = &[
        "open",
        "len",
        "str",
        "int",
        "float",
        "bool",
        "list",
        "tuple",
        "dict",
        "set",
        "frozenset",
        "sorted",
        "reversed",
        "map",
        "filter",
        "enumerate",
        "zip",
        "range",
        "min",
        "max",
        "any",
        "all",
        "isinstance",
        "print",
        "repr",
        "exec",
        "execfile",
        "getattr",
        "hasattr",
        "iter",
        "next",
        "sum",
        "abs",
        "round",
        "callable",
        "type",
        "vars",
        "globals",
        "locals",
        "compile",
        "format",
        "ord",
        "chr",
        "input",
        "exit",
        "quit",
        "__import__",
        "bytes",
    ];
    const EXCEPTIONS: &[&str] = &[
        "Exception",
        "BaseException",
        "ImportError",
        "ModuleNotFoundError",
        "OSError",
        "IOError",
        "EnvironmentError",
        "FileNotFoundError",
        "KeyError",
        "IndexError",
        "ValueError",
        "TypeError",
        "AttributeError",
        "RuntimeError",
        "SystemExit",
        "NameError",
        "NotImplementedError",
        "UnicodeDecodeError",
        "SyntaxError",
        "LookupError",
    ];
    if BUILTINS.contains(&name) {
        Some(Value::Builtin(name.to_owned()))
    } else if EXCEPTIONS.contains(&name) {
        Some(Value::Builtin(format!("exception.{name}")))
    } else {
        None
    }
}

/// What `module.member` is for a module from outside the project.
pub fn module_member(qualified: &str) -> Value {
    match qualified {
        "sys.version_info" => Value::Env(EnvVar::VersionInfo),
        "sys.platform" => Value::Env(EnvVar::SysPlatform),
        "os.name" => Value::Env(EnvVar::OsName),
        "sys.argv" => Value::opaque("the command-line arguments of setup.py"),
        "sys.version" | "sys.executable" | "sys.prefix" | "sys.maxsize" | "sys.byteorder"
        | "sys.implementation" | "sys.flags" => Value::opaque(format!("`{qualified}`")),
        "os.environ" => Value::Builtin("os.environ".into()),
        "os.sep" => Value::str("/"),
        "os.curdir" => Value::str("."),
        "os.pardir" => Value::str(".."),
        "os.linesep" => Value::str("\n"),
        "os.path.sep" => Value::str("/"),
        "re.M" | "re.MULTILINE" => Value::Int(super::pyregex::MULTILINE),
        "re.S" | "re.DOTALL" => Value::Int(super::pyregex::DOTALL),
        "re.I" | "re.IGNORECASE" => Value::Int(super::pyregex::IGNORECASE),
        "re.X" | "re.VERBOSE" => Value::Int(super::pyregex::VERBOSE),
        "re.U" | "re.UNICODE" | "re.A" | "re.ASCII" => Value::Int(0),
        _ => {
            let known_module = [
                "os.path",
                "setuptools.command",
                "distutils.core",
                "distutils.command",
                "setuptools.extension",
            ];
            if known_module.contains(&qualified) || super::builtins::is_submodule(qualified) {
                Value::Module(qualified.to_owned())
            } else {
                Value::Builtin(qualified.to_owned())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::MemoryFiles;

    fn run(setup: &str, files: &MemoryFiles) -> (Vec<SetupCall>, Vec<Assumption>) {
        let mut interp = Interp::new(
            files,
            Settings {
                min: PyVersion::new(3, 10),
                build_modules: vec![],
            },
        );
        let m = interp.add_module("setup.py", setup);
        let (_, err) = interp.run_main(m);
        assert!(err.is_none(), "{err:?}");
        (interp.setup_calls, interp.assumptions)
    }

    fn arg<'c>(call: &'c SetupCall, name: &str) -> &'c Value {
        &call.args.iter().find(|a| a.name == name).unwrap().value
    }

    #[test]
    fn legacy_setup_script() {
        let files = MemoryFiles::new()
            .with("README.rst", "Legacy\n======\n")
            .with(
                "legacytool/__init__.py",
                "\"\"\"Doc.\"\"\"\n\n__version__ = \"1.4.2\"\n",
            );
        let setup = r#"
import os
import re
try:
    from setuptools import setup
except ImportError:
    from distutils.core import setup
HERE = os.path.dirname(os.path.abspath(__file__))

def read_version():
    with open(os.path.join(HERE, "legacytool", "__init__.py")) as f:
        match = re.search(r'^__version__ = "([^"]+)"', f.read(), re.M)
    if match is None:
        raise RuntimeError("cannot find __version__")
    return match.group(1)

setup(
    name="legacytool",
    version=read_version(),
    long_description=open(os.path.join(HERE, "README.rst")).read(),
    packages=["legacytool"],
    classifiers=["A" + " :: " + "B"],
)
"#;
        let (calls, _) = run(setup, &files);
        assert_eq!(calls.len(), 1);
        let c = &calls[0];
        assert_eq!(c.function, "setuptools.setup");
        assert_eq!(arg(c, "name").as_str(), Some("legacytool"));
        let v = arg(c, "version").as_text().unwrap();
        assert_eq!(v.s, "1.4.2");
        assert_eq!(
            v.origin,
            Origin::Derived(vec!["legacytool/__init__.py".into()])
        );
        let ld = arg(c, "long_description").as_text().unwrap();
        assert_eq!(ld.origin, Origin::File("README.rst".into()));
        assert_eq!(
            arg(c, "classifiers").items().unwrap()[0].value.as_str(),
            Some("A :: B")
        );
    }

    #[test]
    fn kwargs_dicts_and_markers() {
        let files = MemoryFiles::new();
        let setup = r#"
import sys
from setuptools import setup
requires = ["a>=1"]
if sys.version_info < (3, 8):
    requires.append("importlib_metadata")
if sys.platform == "win32":
    requires.append("pywin32")
extras = dict(test=["pytest"])
extras.update({"docs": ["sphinx"]})
kw = {"name": "demo", "install_requires": requires}
kw["extras_require"] = extras
version = "%d.%d" % (1, 2)
setup(version=f"{version}.0", **kw)
"#;
        let (calls, assumptions) = run(setup, &files);
        let c = &calls[0];
        assert_eq!(arg(c, "version").as_str(), Some("1.2.0"));
        let reqs = arg(c, "install_requires").items().unwrap();
        assert_eq!(reqs.len(), 2, "{reqs:?}");
        assert_eq!(
            reqs[1].marker.as_ref().unwrap().to_string(),
            "sys_platform == \"win32\""
        );
        let extras = arg(c, "extras_require").entries().unwrap();
        assert_eq!(
            extras.iter().map(|e| e.key.as_str()).collect::<Vec<_>>(),
            ["test", "docs"]
        );
        assert!(
            assumptions.iter().any(|a| a.message.contains("never true")),
            "{assumptions:?}"
        );
        let splat = c.args.iter().find(|a| a.name == "extras_require").unwrap();
        assert_eq!(splat.splat, Some(0));
        assert_eq!(splat.sites.len(), 1);
    }

    #[test]
    fn import_fallbacks_and_opaque_values() {
        let files = MemoryFiles::new().with("README.md", "# Demo\n");
        let setup = r#"
from setuptools import setup
try:
    import pypandoc
    long_description = pypandoc.convert_file("README.md", "rst")
except (IOError, ImportError):
    long_description = open("README.md").read()
import versioneer
setup(name="x", long_description=long_description, version=versioneer.get_version())
"#;
        let (calls, assumptions) = run(setup, &files);
        let c = &calls[0];
        assert_eq!(arg(c, "long_description").as_str(), Some("# Demo\n"));
        assert!(arg(c, "version").is_opaque());
        assert_eq!(assumptions.len(), 2, "{assumptions:?}");
    }

    #[test]
    fn first_literal_assignments_like_setuptools_attr() {
        let files = MemoryFiles::new().with(
            "pkg/__init__.py",
            "import os\n__version__ = VERSION = '1.2'\nNAME = os.getcwd()\nNAME = 'x'\n",
        );
        let mut interp = Interp::new(
            &files,
            Settings {
                min: PyVersion::new(3, 10),
                build_modules: vec![],
            },
        );
        interp.module_env("pkg/__init__.py").unwrap();
        let first = |i: &mut Interp<'_>, n: &str| {
            i.first_literal_assignment("pkg/__init__.py", n)
                .and_then(|v| v.as_str().map(str::to_owned))
        };
        assert_eq!(first(&mut interp, "__version__").as_deref(), Some("1.2"));
        assert_eq!(first(&mut interp, "VERSION").as_deref(), Some("1.2"));
        // setuptools reads the first assignment, which is not a literal here.
        assert_eq!(first(&mut interp, "NAME"), None);
    }

    #[test]
    fn module_attributes_and_exec() {
        let files = MemoryFiles::new()
            .with("pkg/__init__.py", "from .version import __version__\n")
            .with(
                "pkg/version.py",
                "__version__ = '2.0.1'\nVERSION = (2, 0, 1)\n",
            )
            .with(
                "about.py",
                "__title__ = 'demo'\n__version__ = '.'.join(map(str, (1, 0)))\n",
            );
        let setup = r#"
from setuptools import setup
from pkg import __version__ as v
about = {}
with open("about.py") as f:
    exec(f.read(), about)
setup(name=about["__title__"], version=v, description=about["__version__"])
"#;
        let (calls, _) = run(setup, &files);
        let c = &calls[0];
        let v = arg(c, "version").as_text().unwrap();
        assert_eq!(v.s, "2.0.1");
        assert_eq!(
            v.origin,
            Origin::Attr {
                file: "pkg/version.py".into(),
                name: "__version__".into()
            }
        );
        assert_eq!(arg(c, "name").as_str(), Some("demo"));
        assert_eq!(arg(c, "description").as_str(), Some("1.0"));
    }
}
