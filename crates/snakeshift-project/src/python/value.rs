//! The values of the static evaluator: Python's literals and containers, a few known objects
//! (paths, files, regular expressions, `find_packages(...)`, `Extension(...)`), and `Opaque`
//! for everything that cannot be known without running the code.

use super::marker::Marker;
use std::cell::RefCell;
use std::fmt;
use std::ops::Range;
use std::rc::Rc;

/// Where a string came from: what a converter may do with it depends on this.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Written in the evaluated code (or computed from such values only).
    Literal,
    /// Exactly the text of a project file.
    File(String),
    /// A literal assigned at module level in a project module (`__version__ = "1.0"` in
    /// `pkg/__init__.py`): `file` is the module's path, `name` the variable.
    Attr { file: String, name: String },
    /// Computed from the text of these project files (a regex match, a slice…).
    Derived(Vec<String>),
}

impl Origin {
    /// The files a value depends on.
    pub fn files(&self) -> Vec<String> {
        match self {
            Origin::Literal => Vec::new(),
            Origin::File(f) | Origin::Attr { file: f, .. } => vec![f.clone()],
            Origin::Derived(files) => files.clone(),
        }
    }

    /// The origin of a value computed from values of these origins.
    pub fn combine<'a>(origins: impl IntoIterator<Item = &'a Origin>) -> Origin {
        let mut files: Vec<String> = Vec::new();
        for o in origins {
            for f in o.files() {
                if !files.contains(&f) {
                    files.push(f);
                }
            }
        }
        if files.is_empty() {
            Origin::Literal
        } else {
            Origin::Derived(files)
        }
    }
}

/// A string with its origin.
#[derive(Clone, Debug, PartialEq)]
pub struct Text {
    pub s: String,
    pub origin: Origin,
}

impl Text {
    pub fn literal(s: impl Into<String>) -> Text {
        Text {
            s: s.into(),
            origin: Origin::Literal,
        }
    }

    pub fn derived(s: impl Into<String>, from: &[&Origin]) -> Text {
        Text {
            s: s.into(),
            origin: Origin::combine(from.iter().copied()),
        }
    }
}

/// A list element: its value and, when it was added only under a condition the evaluator
/// turned into an environment marker (`if sys.platform == "win32": reqs.append(...)`), that
/// marker.
#[derive(Clone, Debug)]
pub struct Item {
    pub value: Value,
    pub marker: Option<Marker>,
}

impl Item {
    pub fn new(value: Value) -> Item {
        Item {
            value,
            marker: None,
        }
    }
}

/// A dictionary entry. `sites` are the source ranges that set it (a `pair` of a dict literal,
/// a `key=value` argument of `dict(...)` or `setup(...)`, a `d["key"] = …` statement): what
/// must be deleted to remove the entry from the code.
#[derive(Clone, Debug)]
pub struct Entry {
    pub key: String,
    pub value: Value,
    pub sites: Vec<Site>,
}

/// A source range in one of the evaluated files (index into the interpreter's modules).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Site {
    pub module: usize,
    pub range: Range<usize>,
}

pub type ListRef = Rc<RefCell<Vec<Item>>>;
pub type DictRef = Rc<RefCell<Vec<Entry>>>;

/// `find_packages(where, exclude, include)` or `find_namespace_packages(...)`, kept symbolic.
#[derive(Clone, Debug, PartialEq)]
pub struct FindPackages {
    pub namespaces: bool,
    pub where_: String,
    pub exclude: Vec<String>,
    pub include: Vec<String>,
}

/// `Extension(name, sources, **options)`: the options as evaluated (values may be opaque).
#[derive(Clone, Debug)]
pub struct Extension {
    pub name: Value,
    pub options: Vec<(String, Value)>,
}

/// A function or class defined in evaluated code: the module it is in and its node's range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DefRef {
    pub module: usize,
    /// The path of the module's file (`setup.py`, `pkg/build.py`).
    pub path: String,
    pub range: Range<usize>,
    pub name: String,
}

/// What a platform or interpreter query stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EnvVar {
    /// `sys.version_info`
    VersionInfo,
    /// `sys.version_info[0]` / `.major`
    VersionMajor,
    /// `sys.version_info[:2]`
    VersionPair,
    /// `sys.platform`
    SysPlatform,
    /// `os.name`
    OsName,
    /// `platform.system()`
    PlatformSystem,
    /// `platform.python_implementation()`
    Implementation,
    /// `sys.argv`: during a build, a build command (`egg_info`, `bdist_wheel`, `sdist`…) and
    /// its options, never a release command of the script's own (`publish`, `release`…).
    Argv,
    /// One item of `sys.argv`.
    ArgvItem,
}

#[derive(Clone, Debug)]
pub enum Value {
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Text),
    Bytes(Text),
    List(ListRef),
    Tuple(Rc<Vec<Item>>),
    Dict(DictRef),
    /// A filesystem path (`pathlib.Path`), absolute under the virtual root.
    Path(String),
    /// `os.walk(top)`, not yet walked: a `for` loop walks it lazily, honouring changes to
    /// the directory lists. `top` as given (relative or absolute).
    Walk(String),
    /// An open file: its path and text.
    File {
        path: String,
        text: Text,
        binary: bool,
    },
    Regex(Rc<CompiledRegex>),
    /// A regex match: its groups (0 = the whole match), named groups.
    Match(Rc<MatchValue>),
    FindPackages(Rc<FindPackages>),
    Extension(Rc<Extension>),
    Function(DefRef),
    Lambda(DefRef),
    Class(DefRef),
    /// A module imported from outside the project (`os`, `setuptools`, `numpy`).
    Module(String),
    /// A module of the project, read statically: its path.
    ProjectModule(String),
    /// A known callable or object, by qualified name (`os.path.join`, `setuptools.setup`).
    Builtin(String),
    /// A method bound to a value (`"x".join`, `reqs.append`).
    Method(Box<Value>, String),
    Env(EnvVar),
    /// A condition on the target environment (`sys.platform == "win32"`).
    Marker(Marker),
    /// Cannot be known statically; the reason, for the report.
    Opaque(Rc<str>),
}

/// `re.compile(pattern, flags)`: the compiled form and the Python source it came from.
#[derive(Debug)]
pub struct CompiledRegex {
    pub re: regex::Regex,
    pub pattern: String,
    pub flags: i64,
}

#[derive(Debug)]
pub struct MatchValue {
    pub groups: Vec<Option<String>>,
    pub names: Vec<(String, usize)>,
    pub origin: Origin,
}

impl Value {
    pub fn opaque(reason: impl Into<String>) -> Value {
        Value::Opaque(Rc::from(reason.into()))
    }

    pub fn str(s: impl Into<String>) -> Value {
        Value::Str(Text::literal(s))
    }

    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Rc::new(RefCell::new(
            items.into_iter().map(Item::new).collect(),
        )))
    }

    pub fn tuple(items: Vec<Value>) -> Value {
        Value::Tuple(Rc::new(items.into_iter().map(Item::new).collect()))
    }

    pub fn dict(entries: Vec<Entry>) -> Value {
        Value::Dict(Rc::new(RefCell::new(entries)))
    }

    pub fn is_opaque(&self) -> bool {
        matches!(self, Value::Opaque(_))
    }

    /// The reason a value is opaque, looking into containers.
    pub fn opaque_reason(&self) -> Option<String> {
        match self {
            Value::Opaque(r) => Some(r.to_string()),
            Value::List(items) => items.borrow().iter().find_map(|i| i.value.opaque_reason()),
            Value::Tuple(items) => items.iter().find_map(|i| i.value.opaque_reason()),
            Value::Dict(entries) => entries
                .borrow()
                .iter()
                .find_map(|e| e.value.opaque_reason()),
            _ => None,
        }
    }

    pub fn as_text(&self) -> Option<&Text> {
        match self {
            Value::Str(t) => Some(t),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        self.as_text().map(|t| t.s.as_str())
    }

    /// The items of a list or tuple.
    pub fn items(&self) -> Option<Vec<Item>> {
        match self {
            Value::List(items) => Some(items.borrow().clone()),
            Value::Tuple(items) => Some(items.as_ref().clone()),
            _ => None,
        }
    }

    pub fn entries(&self) -> Option<Vec<Entry>> {
        match self {
            Value::Dict(entries) => Some(entries.borrow().clone()),
            _ => None,
        }
    }

    /// Python's name of the value's type, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::None => "None",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::Str(_) => "str",
            Value::Bytes(_) => "bytes",
            Value::List(_) => "list",
            Value::Tuple(_) => "tuple",
            Value::Dict(_) => "dict",
            Value::Path(_) => "Path",
            Value::Walk(_) => "os.walk()",
            Value::File { .. } => "file",
            Value::Regex(_) => "re.Pattern",
            Value::Match(_) => "re.Match",
            Value::FindPackages(_) => "find_packages()",
            Value::Extension(_) => "Extension",
            Value::Function(_) | Value::Lambda(_) => "function",
            Value::Class(_) => "class",
            Value::Module(_) | Value::ProjectModule(_) => "module",
            Value::Builtin(_) | Value::Method(..) => "builtin",
            Value::Env(_) | Value::Marker(_) => "platform value",
            Value::Opaque(_) => "unknown",
        }
    }
}

impl fmt::Display for Value {
    /// Python's `str()` of the value, for the values that have a well-defined one.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::None => f.write_str("None"),
            Value::Bool(true) => f.write_str("True"),
            Value::Bool(false) => f.write_str("False"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{}", super::strings::float_repr(*x)),
            Value::Str(t) => f.write_str(&t.s),
            Value::Path(p) => f.write_str(p),
            other => write!(f, "{}", super::strings::repr(other).unwrap_or_default()),
        }
    }
}
