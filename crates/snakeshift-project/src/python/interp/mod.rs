//! The static evaluator: a small interpreter over tree-sitter trees that runs the pure subset
//! of Python a setup script is written in — assignments, functions, branches, loops over known
//! values, reads of project files — and turns everything else into [`Value::Opaque`].
//!
//! Nothing is ever executed for real: file reads go through [`ProjectFiles`] (inside the
//! project only), imports of project modules are read and evaluated the same way, and every
//! other import yields an opaque module. Conditions on the interpreter (`sys.version_info`,
//! `sys.platform`, …) are decided against the supported Python window or kept as environment
//! markers.

mod calls;
mod expr;
mod imports;
pub use imports::is_2to3_helper;
mod statements;

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
    /// When `setup()` is called inside a project module's function (a local wrapper such as
    /// `setup_helpers.setup`), the call in `setup.py` that led there, and the wrapper's name.
    pub via: Option<(Range<usize>, String)>,
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
    /// The code moved the working directory away from the project root (to this).
    pub changed_directory: Option<String>,
    pub setup_calls: Vec<SetupCall>,
    pub assumptions: Vec<Assumption>,
    /// Project modules whose namespace the code read (imports, `exec` of their text).
    pub read_modules: Vec<String>,
    /// The globals each evaluated module runs with.
    globals_of: HashMap<usize, Env>,
    /// Calls of functions in progress: (calling module, range of the call, function name).
    call_stack: Vec<(usize, Range<usize>, String)>,
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
            changed_directory: None,
            setup_calls: Vec::new(),
            call_stack: Vec::new(),
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
                    let raw = &*strings::universal_newlines(node_text(text, child));
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
        let previous = match &frame.locals {
            Some(locals) if !frame.global_names.contains(name) => locals.get(name).cloned(),
            _ => frame.globals.borrow().get(name).cloned(),
        };
        // `from distutils.core import setup` and, under a condition (`if "bdist_wheel" in
        // sys.argv:`), `from setuptools import setup`: a build backend has imported
        // setuptools, which makes distutils' `setup()` create setuptools' `Distribution`, so
        // either one configures the build the same way.
        let is_setup = |v: &Value| matches!(v, Value::Builtin(n) if n == "setuptools.setup" || n == "distutils.core.setup");
        if is_setup(&value) && previous.as_ref().is_some_and(is_setup) {
            return Value::Builtin("setuptools.setup".into());
        }
        let Value::Dict(new) = value else {
            return Value::opaque(reason);
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
                // `items[:] = values` replaces the list's contents in place.
                if key_node.kind() == "slice"
                    && key_node.named_child_count() == 0
                    && let Value::List(items) = &obj
                {
                    let new = match self.iterate(&value)? {
                        Some(values) => values
                            .into_iter()
                            .map(|v| self.guarded_item(v, frame))
                            .collect(),
                        None => vec![Item::new(Value::opaque("replaced by unknown values"))],
                    };
                    *items.borrow_mut() = new;
                    return Ok(());
                }
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
        "sys.argv" => Value::Env(EnvVar::Argv),
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
        let interp = interpret(setup, files);
        (interp.setup_calls, interp.assumptions)
    }

    /// The interpreter after running `setup` as `setup.py` without an error.
    fn interpret<'f>(setup: &str, files: &'f MemoryFiles) -> Interp<'f> {
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
        interp
    }

    fn arg<'c>(call: &'c SetupCall, name: &str) -> &'c Value {
        &call.args.iter().find(|a| a.name == name).unwrap().value
    }

    /// A project module imported under a condition is not followed (its names would become
    /// unknown anyway), so nothing it imports in turn is read and kept.
    #[test]
    fn conditional_import_is_not_followed() {
        let files = MemoryFiles::new()
            .with("tool/__init__.py", "__version__ = '2.0'\n")
            .with(
                "tool/big.py",
                "from tool.huge import everything\ndef compile_all(x): return x\n",
            )
            .with("tool/huge.py", "everything = 1\n");
        let setup = "import os\nfrom setuptools import setup\nfrom tool import __version__\nif os.getenv('FAST') == '1':\n    from tool.big import compile_all\n    ext = compile_all([])\nelse:\n    ext = []\nsetup(name='tool', version=__version__, ext_modules=ext)\n";
        let interp = interpret(setup, &files);
        let read: Vec<&str> = interp.modules.iter().map(|m| m.path.as_str()).collect();
        assert_eq!(read, ["setup.py", "tool/__init__.py"]);
        let call = &interp.setup_calls[0];
        assert_eq!(arg(call, "version").as_str(), Some("2.0"));
        assert!(matches!(arg(call, "ext_modules"), Value::Opaque(_)));
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
