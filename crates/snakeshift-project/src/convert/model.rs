//! What goes into `pyproject.toml`: keys of `[project]` and `[tool.setuptools]` as TOML items,
//! the `dynamic` fields, build requirements and the minimum setuptools the features need.

use toml_edit::{Array, InlineTable, Item, Table, Value as TomlValue};

/// A minimum setuptools version and the feature that needs it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct SetuptoolsFloor {
    pub version: (u32, u32),
    pub why: &'static str,
}

#[derive(Default)]
pub struct Model {
    /// `[project]` keys, in the order they were produced.
    pub project: Vec<(String, Item)>,
    /// Fields for `project.dynamic`.
    pub dynamic: Vec<String>,
    /// `[tool.setuptools]` keys.
    pub setuptools: Vec<(String, Item)>,
    /// `[tool.setuptools.dynamic]` keys.
    pub setuptools_dynamic: Vec<(String, Item)>,
    /// Extra `build-system.requires` entries (setuptools plugins).
    pub build_requires: Vec<String>,
    pub floors: Vec<SetuptoolsFloor>,
    /// Other tables to add, by dotted path (`tool.setuptools_scm`).
    pub tables: Vec<(Vec<String>, Table)>,
}

impl Model {
    pub fn project(&mut self, key: &str, item: impl Into<Item>) {
        self.project.retain(|(k, _)| k != key);
        self.project.push((key.to_owned(), item.into()));
    }

    pub fn setuptools(&mut self, key: &str, item: impl Into<Item>) {
        self.setuptools.retain(|(k, _)| k != key);
        self.setuptools.push((key.to_owned(), item.into()));
    }

    pub fn dynamic(&mut self, field: &str) {
        if !self.dynamic.iter().any(|f| f == field) {
            self.dynamic.push(field.to_owned());
        }
    }

    /// A field computed by setuptools from `[tool.setuptools.dynamic]`.
    pub fn directive(&mut self, field: &str, directive: InlineTable) {
        self.dynamic(field);
        self.setuptools_dynamic.retain(|(k, _)| k != field);
        self.setuptools_dynamic.push((
            field.to_owned(),
            Item::Value(TomlValue::InlineTable(directive)),
        ));
    }

    pub fn floor(&mut self, version: (u32, u32), why: &'static str) {
        self.floors.push(SetuptoolsFloor { version, why });
    }

    pub fn min_setuptools(&self) -> SetuptoolsFloor {
        self.floors
            .iter()
            .max()
            .cloned()
            .unwrap_or(SetuptoolsFloor {
                version: (61, 0),
                why: "[project] in pyproject.toml",
            })
    }

    pub fn has_project_key(&self, key: &str) -> bool {
        self.project.iter().any(|(k, _)| k == key)
    }

    pub fn has_setuptools_key(&self, key: &str) -> bool {
        self.setuptools.iter().any(|(k, _)| k == key)
    }
}

/// A TOML string array; one item per line when there are several.
pub fn array<S: AsRef<str>>(items: &[S]) -> TomlValue {
    let mut a = Array::new();
    for i in items {
        a.push(i.as_ref());
    }
    if items.len() > 1 {
        for v in a.iter_mut() {
            v.decor_mut().set_prefix("\n    ");
        }
        a.set_trailing_comma(true);
        a.set_trailing("\n");
    }
    TomlValue::Array(a)
}

/// A short array kept on one line (`["src"]`).
pub fn inline_array<S: AsRef<str>>(items: &[S]) -> TomlValue {
    let mut a = Array::new();
    for i in items {
        a.push(i.as_ref());
    }
    TomlValue::Array(a)
}

pub fn inline(pairs: &[(&str, TomlValue)]) -> InlineTable {
    let mut t = InlineTable::new();
    for (k, v) in pairs {
        t.insert(*k, v.clone());
    }
    t
}

pub fn string(s: &str) -> TomlValue {
    TomlValue::from(s)
}

/// A table of string values (`[project.urls]`).
pub fn string_table(pairs: &[(String, String)]) -> Table {
    let mut t = Table::new();
    for (k, v) in pairs {
        t.insert(k, Item::Value(string(v)));
    }
    t
}

/// A table of string arrays (`[project.optional-dependencies]`).
pub fn array_table(pairs: &[(String, Vec<String>)]) -> Table {
    let mut t = Table::new();
    for (k, v) in pairs {
        t.insert(k, Item::Value(array(v)));
    }
    t
}
