//! The scope information ruff's semantic syntax checks ask for (am I in a loop, in an async
//! function, is this name bound in an enclosing function…), gathered in one walk of the tree.
//!
//! Each scope is entered with what CPython's symbol table knows of it before compiling it:
//! the names its body binds and declares `global`. Nested scopes are walked after their
//! header (decorators, defaults, annotations, the first iterable of a comprehension), which
//! belongs to the enclosing scope.

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, ExprContext, Pattern, PythonVersion, Stmt};
use ruff_python_parser::semantic_errors::{
    LazyImportContext, SemanticSyntaxChecker, SemanticSyntaxContext, SemanticSyntaxError,
};
use ruff_text_size::{Ranged, TextRange};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

/// The walks recurse as deep as the tree: below this much stack left, they continue on a new
/// segment of `STACK_GROWTH` bytes.
const RED_ZONE: usize = 64 * 1024;
const STACK_GROWTH: usize = 1024 * 1024;

/// Every error of CPython's compile stage in `module` (parsed from `source`), as checked for
/// Python `version`: its range and message; and the depth of the tree.
pub(super) fn compile_errors(
    module: &ast::ModModule,
    source: &str,
    version: PythonVersion,
) -> (Vec<(TextRange, String)>, usize) {
    let mut walk = Walk {
        checker: SemanticSyntaxChecker::new(),
        errors: RefCell::default(),
        own: Vec::new(),
        version,
        source,
        future_annotations: future_annotations(&module.body),
        scopes: Vec::new(),
        depth: 0,
        deepest: 0,
    };
    walk.scopes
        .push(Scope::of_body(Kind::Module, &module.body, &[]));
    walk.visit_body(&module.body);
    let mut found: Vec<(TextRange, String)> = walk
        .errors
        .into_inner()
        .into_iter()
        .map(|e| (e.range, e.to_string()))
        .collect();
    found.extend(walk.own);
    (found, walk.deepest)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Module,
    Class,
    Function { is_async: bool },
    Lambda,
    Comprehension { is_async: bool, generator: bool },
}

struct Scope {
    kind: Kind,
    /// Names bound in the scope itself (parameters included), not in nested scopes.
    bound: HashSet<String>,
    /// Names declared `global` in the scope, at their first declaration.
    globals: HashMap<String, TextRange>,
    /// Names declared `nonlocal` in the scope, at their first declaration.
    nonlocals: HashMap<String, TextRange>,
    parameters: HashSet<String>,
    /// Whether the walk is inside a loop body of this scope.
    in_loop: bool,
    in_try: bool,
}

impl Scope {
    fn new(kind: Kind) -> Self {
        Scope {
            kind,
            bound: HashSet::new(),
            globals: HashMap::new(),
            nonlocals: HashMap::new(),
            parameters: HashSet::new(),
            in_loop: false,
            in_try: false,
        }
    }

    fn of_body(kind: Kind, body: &[Stmt], parameters: &[&str]) -> Self {
        let mut scope = Scope::new(kind);
        let mut bindings = Bindings {
            scope: &mut scope,
            in_comprehension: false,
        };
        for stmt in body {
            bindings.visit_stmt(stmt);
        }
        for name in parameters {
            scope.bound.insert((*name).to_string());
            scope.parameters.insert((*name).to_string());
        }
        scope
    }
}

/// Gathers the names a scope's body binds and declares global, without entering nested
/// scopes (but for the targets of `:=`, which bind in the scope around a comprehension).
struct Bindings<'s> {
    scope: &'s mut Scope,
    in_comprehension: bool,
}

impl<'a> Bindings<'_> {
    fn bind(&mut self, name: &str) {
        self.scope.bound.insert(name.to_string());
    }

    fn bindings_of_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::FunctionDef(def) => self.bind(def.name.as_str()),
            Stmt::ClassDef(class) => self.bind(class.name.as_str()),
            Stmt::Global(global) => {
                for name in &global.names {
                    self.scope
                        .globals
                        .entry(name.to_string())
                        .or_insert(global.range);
                }
            }
            Stmt::Nonlocal(nonlocal) => {
                for name in &nonlocal.names {
                    self.bind(name.as_str());
                    self.scope
                        .nonlocals
                        .entry(name.to_string())
                        .or_insert(nonlocal.range);
                }
            }
            Stmt::Import(import) => {
                for alias in &import.names {
                    let name = alias.asname.as_ref().unwrap_or(&alias.name);
                    self.bind(name.as_str().split('.').next().unwrap_or_default());
                }
            }
            Stmt::ImportFrom(import) => {
                for alias in &import.names {
                    self.bind(alias.asname.as_ref().unwrap_or(&alias.name).as_str());
                }
            }
            _ => visitor::walk_stmt(self, stmt),
        }
    }

    fn bindings_of_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Name(name) if !self.in_comprehension && name.ctx != ExprContext::Load => {
                self.bind(name.id.as_str());
            }
            Expr::Named(named) => {
                if let Expr::Name(name) = named.target.as_ref() {
                    self.bind(name.id.as_str());
                }
                self.visit_expr(&named.value);
            }
            Expr::Lambda(_) => {}
            Expr::ListComp(_) | Expr::SetComp(_) | Expr::DictComp(_) | Expr::Generator(_) => {
                let was = std::mem::replace(&mut self.in_comprehension, true);
                visitor::walk_expr(self, expr);
                self.in_comprehension = was;
            }
            _ => visitor::walk_expr(self, expr),
        }
    }
}

impl<'a> Visitor<'a> for Bindings<'_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        stacker::maybe_grow(RED_ZONE, STACK_GROWTH, || self.bindings_of_stmt(stmt));
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        stacker::maybe_grow(RED_ZONE, STACK_GROWTH, || self.bindings_of_expr(expr));
    }

    fn visit_except_handler(&mut self, handler: &'a ast::ExceptHandler) {
        let ast::ExceptHandler::ExceptHandler(h) = handler;
        if let Some(name) = &h.name {
            self.bind(name.as_str());
        }
        visitor::walk_except_handler(self, handler);
    }

    fn visit_pattern(&mut self, pattern: &'a Pattern) {
        let name = match pattern {
            Pattern::MatchAs(p) => p.name.as_ref(),
            Pattern::MatchStar(p) => p.name.as_ref(),
            Pattern::MatchMapping(p) => p.rest.as_ref(),
            _ => None,
        };
        if let Some(name) = name {
            self.bind(name.as_str());
        }
        visitor::walk_pattern(self, pattern);
    }
}

/// Whether the module starts with `from __future__ import annotations`.
fn future_annotations(body: &[Stmt]) -> bool {
    body.iter()
        .take_while(|s| matches!(s, Stmt::ImportFrom(_) | Stmt::Expr(_)))
        .any(|s| {
            matches!(s, Stmt::ImportFrom(i) if i.module.as_ref().is_some_and(|m| m.as_str() == "__future__")
                && i.names.iter().any(|a| a.name.as_str() == "annotations"))
        })
}

struct Walk<'t> {
    checker: SemanticSyntaxChecker,
    errors: RefCell<Vec<SemanticSyntaxError>>,
    /// What CPython rejects and ruff's checks leave out.
    own: Vec<(TextRange, String)>,
    version: PythonVersion,
    source: &'t str,
    future_annotations: bool,
    scopes: Vec<Scope>,
    /// Statements and expressions the walk is inside, and the most it has been.
    depth: usize,
    deepest: usize,
}

impl Walk<'_> {
    fn scope(&self) -> &Scope {
        self.scopes.last().expect("the module scope")
    }

    fn scope_mut(&mut self) -> &mut Scope {
        self.scopes.last_mut().expect("the module scope")
    }

    /// The comprehensions the walk is directly inside, innermost first: whether each is async
    /// and whether it is a generator expression.
    fn comprehensions(&self) -> impl Iterator<Item = (bool, bool)> + '_ {
        self.scopes.iter().rev().map_while(|s| match s.kind {
            Kind::Comprehension {
                is_async,
                generator,
            } => Some((is_async, generator)),
            _ => None,
        })
    }

    /// The kind of the innermost scope around the comprehensions the walk is in (the current
    /// scope's when it is not one).
    fn around_comprehensions(&self) -> Kind {
        self.scopes
            .iter()
            .rev()
            .map(|s| s.kind)
            .find(|k| !matches!(k, Kind::Comprehension { .. }))
            .unwrap_or(Kind::Module)
    }

    /// Walks one level deeper, on more stack when the tree is deep.
    fn deeper(&mut self, walk: impl FnOnce(&mut Self)) {
        self.depth += 1;
        self.deepest = self.deepest.max(self.depth);
        stacker::maybe_grow(RED_ZONE, STACK_GROWTH, || walk(self));
        self.depth -= 1;
    }

    fn check_stmt(&mut self, stmt: &Stmt) {
        let mut checker = std::mem::take(&mut self.checker);
        checker.visit_stmt(stmt, self);
        self.checker = checker;
    }

    fn check_expr(&mut self, expr: &Expr) {
        let mut checker = std::mem::take(&mut self.checker);
        checker.visit_expr(expr, self);
        self.checker = checker;
    }

    fn within(&mut self, scope: Scope, walk: impl FnOnce(&mut Self)) {
        self.scopes.push(scope);
        walk(self);
        self.scopes.pop();
    }

    fn with_loop(&mut self, in_loop: bool, walk: impl FnOnce(&mut Self)) {
        let was = std::mem::replace(&mut self.scope_mut().in_loop, in_loop);
        walk(self);
        self.scope_mut().in_loop = was;
    }

    /// CPython rejects a name used in a scope before the scope declares it `global` or
    /// `nonlocal`; ruff checks the loads before a `global` only.
    fn declared_later(&mut self, name: &ast::ExprName) {
        let scope = self.scope();
        let assigned = name.ctx != ExprContext::Load;
        let message = if let Some(at) = scope.globals.get(name.id.as_str())
            && assigned
            && name.start() < at.start()
        {
            "assigned to before global declaration"
        } else if let Some(at) = scope.nonlocals.get(name.id.as_str())
            && name.start() < at.start()
        {
            if assigned {
                "assigned to before nonlocal declaration"
            } else {
                "used prior to nonlocal declaration"
            }
        } else {
            return;
        };
        self.own
            .push((name.range, format!("name `{}` is {message}", name.id)));
    }

    /// A comprehension (a generator expression when `generator`): its first iterable in the
    /// scope around it, the rest in its own.
    fn comprehension(
        &mut self,
        generators: &[ast::Comprehension],
        elements: &[&Expr],
        generator: bool,
    ) {
        let Some(first) = generators.first() else {
            return;
        };
        self.visit_expr(&first.iter);
        let kind = Kind::Comprehension {
            is_async: generators.iter().any(|g| g.is_async),
            generator,
        };
        self.within(Scope::new(kind), |walk| {
            for (i, generator) in generators.iter().enumerate() {
                walk.visit_expr(&generator.target);
                if i > 0 {
                    walk.visit_expr(&generator.iter);
                }
                for condition in &generator.ifs {
                    walk.visit_expr(condition);
                }
            }
            for element in elements {
                walk.visit_expr(element);
            }
        });
    }
}

impl<'a> Visitor<'a> for Walk<'_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        self.deeper(|this| this.walk_stmt(stmt));
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        self.deeper(|this| this.walk_expr(expr));
    }
}

/// The walk proper: each statement and expression checked, and the scopes entered and left.
impl<'a> Walk<'_> {
    fn walk_stmt(&mut self, stmt: &'a Stmt) {
        self.check_stmt(stmt);
        match stmt {
            Stmt::FunctionDef(def) => {
                for decorator in &def.decorator_list {
                    self.visit_decorator(decorator);
                }
                if let Some(type_params) = &def.type_params {
                    self.visit_type_params(type_params);
                }
                self.visit_parameters(&def.parameters);
                if let Some(returns) = &def.returns {
                    self.visit_annotation(returns);
                }
                let parameters: Vec<&str> =
                    def.parameters.iter().map(|p| p.name().as_str()).collect();
                let kind = Kind::Function {
                    is_async: def.is_async,
                };
                let scope = Scope::of_body(kind, &def.body, &parameters);
                self.within(scope, |walk| walk.visit_body(&def.body));
            }
            Stmt::ClassDef(class) => {
                for decorator in &class.decorator_list {
                    self.visit_decorator(decorator);
                }
                if let Some(type_params) = &class.type_params {
                    self.visit_type_params(type_params);
                }
                if let Some(arguments) = &class.arguments {
                    self.visit_arguments(arguments);
                }
                let scope = Scope::of_body(Kind::Class, &class.body, &[]);
                self.within(scope, |walk| walk.visit_body(&class.body));
            }
            Stmt::For(ast::StmtFor {
                target,
                iter,
                body,
                orelse,
                ..
            }) => {
                self.visit_expr(iter);
                self.visit_expr(target);
                self.with_loop(true, |walk| walk.visit_body(body));
                self.visit_body(orelse);
            }
            Stmt::While(ast::StmtWhile {
                test, body, orelse, ..
            }) => {
                self.visit_expr(test);
                self.with_loop(true, |walk| walk.visit_body(body));
                self.visit_body(orelse);
            }
            Stmt::Expr(ast::StmtExpr { value, .. }) if value.is_starred_expr() => {
                self.own
                    .push((value.range(), "can't use starred expression here".into()));
                visitor::walk_stmt(self, stmt);
            }
            Stmt::Try(ast::StmtTry { handlers, .. }) => {
                let last = handlers.len().saturating_sub(1);
                for handler in &handlers[..last] {
                    let ast::ExceptHandler::ExceptHandler(h) = handler;
                    if h.type_.is_none() {
                        self.own
                            .push((h.range, "default 'except:' must be last".into()));
                    }
                }
                let was = std::mem::replace(&mut self.scope_mut().in_try, true);
                visitor::walk_stmt(self, stmt);
                self.scope_mut().in_try = was;
            }
            _ => visitor::walk_stmt(self, stmt),
        }
    }

    fn walk_expr(&mut self, expr: &'a Expr) {
        self.check_expr(expr);
        match expr {
            Expr::Name(name) => self.declared_later(name),
            Expr::Lambda(lambda) => {
                let mut names: Vec<&str> = Vec::new();
                if let Some(parameters) = &lambda.parameters {
                    self.visit_parameters(parameters);
                    names = parameters.iter().map(|p| p.name().as_str()).collect();
                }
                let mut scope = Scope::new(Kind::Lambda);
                for name in names {
                    scope.bound.insert(name.to_string());
                    scope.parameters.insert(name.to_string());
                }
                self.within(scope, |walk| walk.visit_expr(&lambda.body));
            }
            Expr::ListComp(ast::ExprListComp {
                elt, generators, ..
            })
            | Expr::SetComp(ast::ExprSetComp {
                elt, generators, ..
            }) => self.comprehension(generators, &[elt], false),
            Expr::Generator(ast::ExprGenerator {
                elt, generators, ..
            }) => self.comprehension(generators, &[elt], true),
            Expr::DictComp(ast::ExprDictComp {
                key,
                value,
                generators,
                ..
            }) => {
                let elements: Vec<&Expr> = key.as_deref().into_iter().chain([&**value]).collect();
                self.comprehension(generators, &elements, false);
            }
            _ => visitor::walk_expr(self, expr),
        }
    }
}

impl SemanticSyntaxContext for Walk<'_> {
    fn future_annotations_or_stub(&self) -> bool {
        self.future_annotations
    }

    fn lazy_import_context(&self) -> Option<LazyImportContext> {
        match self.scope().kind {
            Kind::Function { .. } | Kind::Lambda => Some(LazyImportContext::Function),
            Kind::Class => Some(LazyImportContext::Class),
            _ if self.scope().in_try => Some(LazyImportContext::TryExceptBlocks),
            _ => None,
        }
    }

    fn python_version(&self) -> PythonVersion {
        self.version
    }

    fn source(&self) -> &str {
        self.source
    }

    fn global(&self, name: &str) -> Option<TextRange> {
        self.scope().globals.get(name).copied()
    }

    fn has_nonlocal_binding(&self, name: &str) -> bool {
        let enclosing = &self.scopes[..self.scopes.len() - 1];
        // A class gives the functions in it an implicit `__class__` cell.
        if name == "__class__" && enclosing.iter().any(|s| s.kind == Kind::Class) {
            return true;
        }
        enclosing
            .iter()
            .rev()
            .filter(|s| matches!(s.kind, Kind::Function { .. } | Kind::Lambda))
            .find(|s| s.bound.contains(name) || s.globals.contains_key(name))
            .is_some_and(|s| !s.globals.contains_key(name))
    }

    fn in_async_context(&self) -> bool {
        matches!(
            self.around_comprehensions(),
            Kind::Function { is_async: true }
        )
    }

    fn in_await_allowed_context(&self) -> bool {
        matches!(
            self.around_comprehensions(),
            Kind::Function { .. } | Kind::Lambda
        )
    }

    fn in_yield_allowed_context(&self) -> bool {
        matches!(self.scope().kind, Kind::Function { .. } | Kind::Lambda)
    }

    fn in_sync_comprehension(&self) -> bool {
        self.comprehensions().any(|(is_async, _)| !is_async)
    }

    fn in_class_body_comprehension(&self) -> bool {
        self.comprehensions().next().is_some() && self.around_comprehensions() == Kind::Class
    }

    fn in_module_scope(&self) -> bool {
        self.scope().kind == Kind::Module
    }

    fn in_function_scope(&self) -> bool {
        matches!(self.scope().kind, Kind::Function { .. } | Kind::Lambda)
    }

    fn in_generator_context(&self) -> bool {
        self.comprehensions().any(|(_, generator)| generator)
    }

    fn in_notebook(&self) -> bool {
        false
    }

    fn report_semantic_error(&self, error: SemanticSyntaxError) {
        self.errors.borrow_mut().push(error);
    }

    fn in_loop_context(&self) -> bool {
        self.scope().in_loop
    }

    fn is_bound_parameter(&self, name: &str) -> bool {
        self.scope().parameters.contains(name)
    }
}
