//! The contract between the engine and a rewrite.

use crate::activation::Probe;
use crate::fix::Finding;
use crate::imports::ImportEditor;
use crate::mask::Coverage;
use crate::parse::parse;
use crate::semantic::{BindingId, ReferenceId, Semantic};
use crate::source::Source;
use crate::version::{PyVersion, VersionWindow};
use std::cell::OnceCell;
use std::collections::HashSet;
use std::fmt;
use tree_sitter::{Node, Tree};

/// What fixes a rewrite can offer, for `snakeshift list`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixSafety {
    /// Every fix keeps behaviour.
    Safe,
    /// Every fix may change behaviour (needs `--unsafe`).
    Unsafe,
    /// Decided per match.
    Mixed,
    /// Findings only.
    None,
}

impl fmt::Display for FixSafety {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FixSafety::Safe => "safe",
            FixSafety::Unsafe => "unsafe",
            FixSafety::Mixed => "safe/unsafe",
            FixSafety::None => "report",
        })
    }
}

/// When a rewrite runs within a pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// With every other rewrite.
    Main,
    /// Only once the main rewrites have nothing left to apply: a fallback for what they could
    /// not fix (e.g. keeping a removed module importable through a compatibility package).
    Fallback,
}

/// How much of a file a rewrite needs to see around the lines that hold its trigger words
/// (the engine parses only that much: see [`crate::mask`]).
#[derive(Clone, Copy, Debug)]
pub enum Reach {
    /// The statement holding the trigger, the imports, and the lines using the names those
    /// imports bind (names it resolves beyond that are added as it asks about them).
    Statement,
    /// As `Statement`, and when the trigger is in the header of a compound statement (a
    /// `def`, its decorators, a `try`'s `finally:` clause), the whole compound statement: for
    /// rewrites that look into the body of what the trigger introduces.
    Block,
    /// The whole function or class around the trigger (the file at module level): for
    /// rewrites that follow local variables, or look at a class's other methods.
    Scope,
    /// The trigger lines, and every logical line (its code from the first byte) for which
    /// the function says yes: for a rewrite that looks at a kind of line rather than for a
    /// word (string annotations, say).
    Lines(fn(&str) -> bool),
    /// The whole file.
    File,
}

/// Static description of a rewrite.
#[derive(Debug)]
pub struct RewriteMeta {
    /// Kebab-case name of the deprecated pattern, e.g. `distutils-spawn`.
    pub id: &'static str,
    /// Short group name for selection, e.g. `distutils`.
    pub group: &'static str,
    /// One line for `snakeshift list`.
    pub summary: &'static str,
    /// The rewrite's documentation (what, why, example, fix safety), Markdown.
    pub doc: &'static str,
    /// Its tree-sitter query.
    pub query: &'static str,
    /// Literals one of which must occur in a file for the rewrite to possibly match.
    pub triggers: &'static [&'static str],
    /// The release that removed the old API: the rewrite runs when the target is at least this.
    pub removed_in: Option<PyVersion>,
    pub fix: FixSafety,
    pub stage: Stage,
    /// Files a rewrite concerns even when none of its trigger words occurs in them (stubs,
    /// say, or every file once the minimum Python has some feature). Its `activate` probe, if
    /// any, still looks at such a file (with no trigger occurrences) and decides.
    pub active_without_trigger: Option<fn(&VersionWindow, &FileInfo) -> bool>,
    /// Runs only when selected by its id: an alternative to a default rewrite, or a pattern that
    /// is only documented as deprecated (no warning, no removal date).
    pub opt_in: bool,
    pub reach: Reach,
    /// The triggers are names: an occurrence counts only as a whole word (`Set` is not found
    /// in `Settings`).
    pub whole_words: bool,
    /// Literals one of which must occur too (besides a trigger) for the rewrite to possibly
    /// match: `typing` for rewrites of names imported from it.
    pub requires: &'static [&'static str],
    /// Trigger words count in strings and comments too, not only in code: for rewrites that
    /// read string annotations.
    pub reads_strings: bool,
    /// A closer look at a file where a trigger word occurs (in code): whether the rewrite can
    /// match there at all, judged from the token scan (see [`crate::activation`]). It may say
    /// yes where nothing matches, never no where something would.
    pub activate: Option<fn(&Probe<'_>) -> bool>,
    /// `activate` judges each trigger occurrence on its own: the file's answer is yes when
    /// one occurrence's is, and a masked parse reads only the lines of the occurrences it says
    /// yes to (each asked with a probe holding that occurrence alone). It must then say yes
    /// to every occurrence in the lines a finding comes from.
    pub activate_per_hit: bool,
}

impl RewriteMeta {
    /// The documentation with rustdoc's leading space removed from each line.
    pub fn doc_text(&self) -> String {
        self.doc
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_owned()
    }
}

/// A rewrite: finds one deprecated pattern and proposes fixes.
pub trait Rewrite: Send + Sync {
    fn meta(&self) -> &'static RewriteMeta;

    /// Called for every match of one of the rewrite's query patterns.
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>);
}

/// One query match handed to a rewrite.
#[derive(Clone)]
pub struct Match<'q, 't> {
    /// Index of the pattern within the rewrite's own query.
    pub pattern: usize,
    pub(crate) captures: Vec<(&'q str, Node<'t>)>,
}

impl<'t> Match<'_, 't> {
    /// The first node captured under `name`.
    pub fn get(&self, name: &str) -> Option<Node<'t>> {
        self.captures
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, node)| *node)
    }

    /// Every node captured under `name`.
    pub fn all(&self, name: &str) -> Vec<Node<'t>> {
        self.captures
            .iter()
            .filter(|(n, _)| *n == name)
            .map(|(_, node)| *node)
            .collect()
    }
}

/// Facts about the file being rewritten.
#[derive(Clone, Debug, Default)]
pub struct FileInfo {
    /// The path as shown to the user.
    pub display_path: String,
    /// A `.pyi` stub: never executed.
    pub is_stub: bool,
    /// An `__init__.py`: its imports may be the package's API.
    pub is_package_init: bool,
    /// Another file does `from this_module import *`: its module-level imports are exported.
    pub star_imported: bool,
    /// How many directories above the file are packages (hold an `__init__.py`), counting
    /// up from its own: 0 for a top-level module, 1 for `pkg/typing.py` (the module
    /// `pkg.typing`). `None` when unknown (stdin, tests): then any path ending like a
    /// module's source is taken for it.
    pub package_depth: Option<usize>,
}

impl FileInfo {
    /// True when the file looks like the source of `module` (`setuptools/errors.py` for
    /// `setuptools.errors`): code there must not be pointed at the module itself.
    pub fn is_module(&self, module: &str) -> bool {
        let path = self.display_path.replace('\\', "/");
        let stem = module.replace('.', "/");
        // `pkg/typing.py` is `pkg.typing`, not `typing`: the file's dotted name has as many
        // parts as it has enclosing packages, plus its own (an `__init__.py` is its package).
        if let Some(depth) = self.package_depth {
            let parts = depth + usize::from(!self.is_package_init);
            if module.split('.').count() != parts {
                return false;
            }
        }
        [
            format!("{stem}.py"),
            format!("{stem}/__init__.py"),
            format!("{stem}.pyi"),
        ]
        .iter()
        .any(|tail| path == *tail || path.ends_with(&format!("/{tail}")))
    }
}

/// Facts about a file as it was before the run changed it, computed when first asked for.
pub struct Original<'a> {
    text: &'a str,
    unused_imports: OnceCell<HashSet<String>>,
}

impl<'a> Original<'a> {
    pub fn new(text: &'a str) -> Self {
        Original {
            text,
            unused_imports: OnceCell::new(),
        }
    }
}

/// Identifies an import binding across passes: its local name and what it imports.
fn import_key(sem: &Semantic<'_>, id: BindingId) -> String {
    let b = sem.binding(id);
    format!("{}={}", b.name, b.qualified_name().unwrap_or_default())
}

fn unused_imports(sem: &Semantic<'_>) -> HashSet<String> {
    sem.bindings()
        .filter(|(id, b)| b.is_import() && !sem.is_import_used_unchecked(*id))
        .map(|(id, _)| import_key(sem, id))
        .collect()
}

/// A choice the user made that changes what some rewrites write (`--aware-datetime`,
/// `--backports`). The rewrite code that owns it declares it by implementing this trait; the
/// engine carries it in [`RewriteOptions`] without reading it.
pub trait RewriteOption: Copy {
    /// Its place in [`RewriteOptions`] (below [`RewriteOptions::SLOTS`]), distinct for every
    /// option.
    const SLOT: usize;
    fn to_bits(self) -> u64;
    /// The option from its bits; `0` (the default of every slot) is the option not given.
    fn from_bits(bits: u64) -> Self;
}

/// The options of a run, passed through to the rewrites: a few copyable slots, each owned by
/// one [`RewriteOption`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct RewriteOptions([u64; RewriteOptions::SLOTS]);

impl RewriteOptions {
    pub const SLOTS: usize = 4;

    /// The value of option `O`.
    pub fn get<O: RewriteOption>(&self) -> O {
        O::from_bits(self.0[O::SLOT])
    }

    /// The options with `O` set to `value`.
    pub fn with<O: RewriteOption>(mut self, value: O) -> Self {
        self.0[O::SLOT] = value.to_bits();
        self
    }
}

/// Everything a rewrite may look at while checking one match.
pub struct Context<'a, 't> {
    pub text: &'t str,
    pub tree: &'t Tree,
    pub source: &'a Source,
    pub file: &'a FileInfo,
    pub versions: VersionWindow,
    original: &'a Original<'a>,
    semantic: OnceCell<Semantic<'t>>,
    options: RewriteOptions,
    /// Set when `tree` covers only part of the file.
    coverage: Option<&'t Coverage>,
    /// References the pass's fixes remove, once the pipeline asks the rewrites which imports
    /// those fixes leave unused (see [`Context::is_import_used`]).
    removed: OnceCell<HashSet<ReferenceId>>,
}

impl<'a, 't> Context<'a, 't> {
    pub fn new(
        text: &'t str,
        tree: &'t Tree,
        source: &'a Source,
        file: &'a FileInfo,
        versions: VersionWindow,
        original: &'a Original<'a>,
    ) -> Self {
        Context {
            text,
            tree,
            source,
            file,
            versions,
            original,
            semantic: OnceCell::new(),
            options: RewriteOptions::default(),
            coverage: None,
            removed: OnceCell::new(),
        }
    }

    /// The same context for a tree of part of the file ([`crate::mask`]).
    pub fn with_coverage(mut self, coverage: Option<&'t Coverage>) -> Self {
        self.coverage = coverage;
        self
    }

    /// True when an import binding may be this module's public API: an explicit re-export
    /// (`import x as x`, `from m import x as x`), a name in `__all__`, any import of an
    /// `__init__.py`, or a module-level import of a module others star-import (without
    /// `__all__`).
    pub fn is_reexport(&self, binding: BindingId) -> bool {
        let sem = self.semantic();
        let b = sem.binding(binding);
        let explicit = b.node.kind() == "aliased_import"
            && b.node
                .child_by_field_name("name")
                .is_some_and(|n| self.text_of(n) == b.name);
        let star_exported = self.file.star_imported && b.scope == 0 && !sem.defines_dunder_all();
        explicit || star_exported || self.file.is_package_init || sem.dunder_all().contains(&b.name)
    }

    /// Whether an import binding is still used: in the text, or, once
    /// [`Context::assume_removed`] was called, in the text the pass's fixes leave.
    pub fn is_import_used(&self, id: BindingId) -> bool {
        match self.removed.get() {
            Some(gone) => self.semantic().is_import_used_without(id, gone),
            None => self.semantic().is_import_used(id),
        }
    }

    /// From now on, [`Context::is_import_used`] answers as if the references `gone` were
    /// removed (the pipeline's anticipated cleanups).
    pub fn assume_removed(&self, gone: HashSet<ReferenceId>) {
        let _ = self.removed.set(gone);
    }

    /// Keeps what later passes need to know about the original text, while the first pass's
    /// name resolution (if a rewrite built it) is at hand.
    pub fn remember_original_facts(&self) {
        if let Some(sem) = self.semantic.get() {
            self.original
                .unused_imports
                .get_or_init(|| unused_imports(sem));
        }
    }

    /// The same context with the user's options.
    pub fn with_options(mut self, options: RewriteOptions) -> Self {
        self.options = options;
        self
    }

    pub fn options(&self) -> RewriteOptions {
        self.options
    }

    /// True when an import binding was already unused before this run: removing it is not
    /// cleaning up after a rewrite, and other modules may import the name from here.
    pub fn was_unused_originally(&self, binding: BindingId) -> bool {
        if let Some(c) = self.coverage {
            let name = &self.semantic().binding(binding).name;
            c.require_uses(self.text, name, 0..self.text.len());
        }
        let unused = self.original.unused_imports.get_or_init(|| {
            if self.text == self.original.text {
                unused_imports(self.semantic())
            } else {
                let tree = parse(self.original.text);
                unused_imports(&Semantic::build(&tree, self.original.text))
            }
        });
        unused.contains(&import_key(self.semantic(), binding))
    }

    /// The source text of a node.
    pub fn text_of(&self, node: Node<'_>) -> &'t str {
        &self.text[node.byte_range()]
    }

    /// Name resolution for the whole file, built on first use.
    pub fn semantic(&self) -> &Semantic<'t> {
        self.semantic.get_or_init(|| match self.coverage {
            Some(c) => Semantic::build_partial(self.tree, self.text, c),
            None => Semantic::build(self.tree, self.text),
        })
    }

    /// Whether name resolution was built and gave up on deep nesting.
    pub fn semantic_incomplete(&self) -> bool {
        self.semantic.get().is_some_and(Semantic::is_incomplete)
    }

    /// Adds and removes imports.
    pub fn imports(&self) -> ImportEditor<'_, 't> {
        ImportEditor::new(
            self.text,
            self.tree.root_node(),
            self.semantic(),
            self.source.line_ending().as_str(),
            self.file,
        )
    }

    pub fn line_ending(&self) -> &'static str {
        self.source.line_ending().as_str()
    }

    pub fn indent_unit(&self) -> &str {
        self.source.indent_unit()
    }
}

#[cfg(test)]
mod tests {
    use super::FileInfo;

    fn file(path: &str, package_depth: Option<usize>) -> FileInfo {
        FileInfo {
            display_path: path.to_owned(),
            is_package_init: path.ends_with("__init__.py"),
            package_depth,
            ..FileInfo::default()
        }
    }

    #[test]
    fn a_module_is_known_by_its_packages() {
        // Unknown packages: any path ending like the module's source.
        assert!(file("pydantic/typing.py", None).is_module("typing"));
        // `pydantic/typing.py` in a package is `pydantic.typing`.
        assert!(!file("pydantic/typing.py", Some(1)).is_module("typing"));
        assert!(file("pydantic/typing.py", Some(1)).is_module("pydantic.typing"));
        assert!(file("Lib/typing.py", Some(0)).is_module("typing"));
        assert!(file("src/setuptools/errors.py", Some(1)).is_module("setuptools.errors"));
        assert!(file("distutils/__init__.py", Some(1)).is_module("distutils"));
        assert!(!file("vendor/distutils/__init__.py", Some(2)).is_module("distutils"));
    }
}
