//! Writing the model into `pyproject.toml` with toml_edit: an existing file keeps its
//! comments, key order and other tables; new tables go where a reader expects them
//! (`[build-system]` and `[project]` first, `[tool.setuptools]` last).

use super::keywords::Existing;
use super::model::Model;
use super::requirements::{canonical_name, requirement_name};
use toml_edit::{Array, DocumentMut, Item, Table, Value};

pub const BACKEND: &str = "setuptools.build_meta";
pub const LEGACY_BACKEND: &str = "setuptools.build_meta:__legacy__";

/// Parses an existing `pyproject.toml` and says what it declares; `Err` when the project
/// cannot be converted (invalid TOML, another build backend).
pub fn read_existing(text: Option<&str>) -> Result<(Option<DocumentMut>, Existing), String> {
    read_existing_with(text, &[])
}

/// [`read_existing`], accepting the setuptools-based `backends` too (pbr's `pbr.build`).
pub fn read_existing_with(
    text: Option<&str>,
    backends: &[&str],
) -> Result<(Option<DocumentMut>, Existing), String> {
    let Some(text) = text else {
        return Ok((None, Existing::default()));
    };
    let doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        format!("pyproject.toml is not valid TOML: {}", e.to_string().trim())
    })?;
    if let Some(backend) = doc
        .get("build-system")
        .and_then(|b| b.get("build-backend"))
        .and_then(|b| b.as_str())
        && backend != BACKEND
        && backend != LEGACY_BACKEND
        && !backends.contains(&backend)
    {
        return Err(format!(
            "pyproject.toml builds with `{backend}`, not setuptools: setup.py and setup.cfg are not what builds this project"
        ));
    }
    let mut existing = Existing::default();
    if let Some(project) = doc.get("project").and_then(Item::as_table_like) {
        existing.has_project = true;
        for (k, v) in project.iter() {
            if k == "dynamic" {
                if let Some(a) = v.as_array() {
                    existing.project_dynamic = a
                        .iter()
                        .filter_map(|x| x.as_str().map(str::to_owned))
                        .collect();
                }
            } else {
                existing.project_static.push(k.to_owned());
            }
        }
    }
    if let Some(tool) = doc
        .get("tool")
        .and_then(|t| t.get("setuptools"))
        .and_then(Item::as_table_like)
    {
        existing.tool_setuptools = tool.iter().map(|(k, _)| k.to_owned()).collect();
    }
    Ok((Some(doc), existing))
}

const PROJECT_ORDER: &[&str] = &[
    "name",
    "dynamic",
    "version",
    "description",
    "readme",
    "requires-python",
    "license",
    "license-files",
    "authors",
    "maintainers",
    "keywords",
    "classifiers",
    "dependencies",
    "optional-dependencies",
    "urls",
    "scripts",
    "gui-scripts",
    "entry-points",
];

const SETUPTOOLS_ORDER: &[&str] = &[
    "packages",
    "py-modules",
    "package-dir",
    "include-package-data",
    "package-data",
    "exclude-package-data",
    "data-files",
    "script-files",
    "platforms",
    "provides",
    "obsoletes",
    "license-files",
    "cmdclass",
    "ext-modules",
];

fn rank(order: &[&str], key: &str) -> usize {
    order.iter().position(|k| *k == key).unwrap_or(order.len())
}

/// The lower bound of a `setuptools>=X.Y` requirement string.
fn bound(req: &str) -> Option<(u32, u32)> {
    let spec = req.split(">=").nth(1)?;
    let mut parts = spec.trim().split(['.', ',', ';', ' ']);
    let major = parts.next()?.trim().parse().ok()?;
    let minor = parts
        .next()
        .and_then(|m| m.trim().parse().ok())
        .unwrap_or(0);
    Some((major, minor))
}

fn version_text((major, minor): (u32, u32)) -> String {
    if minor == 0 {
        major.to_string()
    } else {
        format!("{major}.{minor}")
    }
}

/// The lowest and highest positions of the tables a document already has.
fn table_positions(doc: &DocumentMut) -> Option<(isize, isize)> {
    fn walk(t: &Table, range: &mut Option<(isize, isize)>) {
        if let Some(p) = t.position() {
            *range = Some(range.map_or((p, p), |(lo, hi)| (lo.min(p), hi.max(p))));
        }
        for (_, v) in t.iter() {
            if let Some(sub) = v.as_table() {
                walk(sub, range);
            }
            // `[[tool.towncrier.type]]` entries are tables too: a table added "after the
            // last" must not land between two of them.
            if let Some(array) = v.as_array_of_tables() {
                for sub in array.iter() {
                    walk(sub, range);
                }
            }
        }
    }
    let mut range = None;
    walk(doc.as_table(), &mut range);
    range
}

/// Moves the comment that opens the file from the table that carries it to `to`.
fn move_leading_comment(doc: &mut DocumentMut, position: isize, to: &mut Table) {
    fn find(t: &mut Table, position: isize) -> Option<&mut Table> {
        if t.position() == Some(position) {
            return Some(t);
        }
        for (_, v) in t.iter_mut() {
            if let Some(sub) = v.as_table_mut()
                && let Some(found) = find(sub, position)
            {
                return Some(found);
            }
        }
        None
    }
    let prefix = doc
        .decor()
        .prefix()
        .and_then(|p| p.as_str())
        .unwrap_or("")
        .to_owned();
    if prefix.contains('#') {
        return;
    }
    if let Some(first) = find(doc.as_table_mut(), position) {
        let p = first
            .decor()
            .prefix()
            .and_then(|p| p.as_str())
            .unwrap_or("")
            .to_owned();
        if p.contains('#') {
            to.decor_mut().set_prefix(p);
            first.decor_mut().set_prefix("\n");
        }
    }
}

/// Merges the model into the document (or a new one) and returns the text.
pub fn write(doc: Option<DocumentMut>, model: &Model, backend: &str) -> String {
    let fresh = doc.is_none();
    let mut doc = doc.unwrap_or_default();
    let positions = table_positions(&doc);
    let first = positions.map(|(lo, _)| lo);
    let last = positions.map(|(_, hi)| hi);

    // [build-system]
    let floor = model.min_setuptools();
    let mut created_build_system = false;
    if doc.get("build-system").is_none() {
        let mut t = Table::new();
        if let Some(p) = first {
            // Before every existing table (positions only order the output).
            t.set_position(Some(p - 2));
            move_leading_comment(&mut doc, p, &mut t);
        }
        doc.insert("build-system", Item::Table(t));
        created_build_system = true;
    }
    let bs = doc["build-system"]
        .as_table_mut()
        .expect("build-system is a table");
    let mut requires: Vec<String> = bs
        .get("requires")
        .and_then(Item::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let wanted = format!("setuptools>={}", version_text(floor.version));
    match requires
        .iter()
        .position(|r| canonical_name(requirement_name(r)) == "setuptools")
    {
        Some(i) => {
            if bound(&requires[i]).is_none_or(|b| b < floor.version) {
                requires[i] = wanted;
            }
        }
        None => requires.insert(0, wanted),
    }
    for extra in &model.build_requires {
        let name = canonical_name(requirement_name(extra));
        if !requires
            .iter()
            .any(|r| canonical_name(requirement_name(r)) == name)
        {
            requires.push(extra.clone());
        }
    }
    let changed_requires = bs.get("requires").and_then(Item::as_array).is_none_or(|a| {
        a.iter()
            .filter_map(|v| v.as_str())
            .ne(requires.iter().map(String::as_str))
    });
    if changed_requires {
        match bs.get_mut("requires").and_then(Item::as_array_mut) {
            Some(a) => {
                // Edit in place: keep the array's formatting.
                let formatted: Vec<(String, toml_edit::Decor)> = a
                    .iter()
                    .map(|v| (v.as_str().unwrap_or_default().to_owned(), v.decor().clone()))
                    .collect();
                a.clear();
                for r in &requires {
                    a.push(r.as_str());
                }
                for (v, (_, decor)) in a.iter_mut().zip(formatted) {
                    *v.decor_mut() = decor;
                }
            }
            None => {
                bs.insert(
                    "requires",
                    Item::Value(Value::Array(Array::from_iter(
                        requires.iter().map(String::as_str),
                    ))),
                );
            }
        }
    }
    if bs.get("build-backend").is_none() {
        bs.insert("build-backend", Item::Value(Value::from(backend)));
    }

    // [project]
    let project_position = doc["build-system"]
        .as_table()
        .and_then(Table::position)
        .map(|p| if created_build_system { p + 1 } else { p });
    if doc.get("project").is_none() {
        let mut t = Table::new();
        if !fresh {
            t.set_position(project_position);
        }
        doc.insert("project", Item::Table(t));
    }
    let project = doc["project"].as_table_mut().expect("project is a table");
    let mut keys: Vec<&(String, Item)> = model.project.iter().collect();
    keys.sort_by_key(|(k, _)| rank(PROJECT_ORDER, k));
    let mut dynamic: Vec<String> = project
        .get("dynamic")
        .and_then(Item::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    dynamic.retain(|f| !model.project.iter().any(|(k, _)| k == f));
    for f in &model.dynamic {
        if !dynamic.contains(f) {
            dynamic.push(f.clone());
        }
    }
    let mut dynamic_written = false;
    for (k, item) in keys {
        if !dynamic_written && rank(PROJECT_ORDER, k) > rank(PROJECT_ORDER, "dynamic") {
            set_dynamic(project, &dynamic);
            dynamic_written = true;
        }
        let mut item = item.clone();
        if let Item::Table(t) = &mut item {
            t.set_position(if fresh { None } else { project_position });
        }
        project.insert(k, item);
    }
    if !dynamic_written {
        set_dynamic(project, &dynamic);
    }

    // [tool.setuptools]
    if !model.setuptools.is_empty() || !model.setuptools_dynamic.is_empty() {
        if doc.get("tool").is_none() {
            let mut t = Table::new();
            t.set_implicit(true);
            doc.insert("tool", Item::Table(t));
        }
        let tool = doc["tool"].as_table_mut().expect("tool is a table");
        if tool.get("setuptools").is_none() {
            let mut t = Table::new();
            if let Some(p) = last {
                t.set_position(Some(p + 1));
            }
            // Only `[tool.setuptools.dynamic]` (a pbr project): no empty header above it.
            t.set_implicit(model.setuptools.is_empty());
            tool.insert("setuptools", Item::Table(t));
        }
        let st = tool["setuptools"]
            .as_table_mut()
            .expect("tool.setuptools is a table");
        let mut keys: Vec<&(String, Item)> = model.setuptools.iter().collect();
        keys.sort_by_key(|(k, _)| rank(SETUPTOOLS_ORDER, k));
        for (k, item) in keys {
            st.insert(k, item.clone());
        }
        if !model.setuptools_dynamic.is_empty() {
            if st.get("dynamic").is_none() {
                st.insert("dynamic", Item::Table(Table::new()));
            }
            let d = st["dynamic"]
                .as_table_mut()
                .expect("tool.setuptools.dynamic is a table");
            for (k, item) in &model.setuptools_dynamic {
                d.insert(k, item.clone());
            }
        }
    }
    for (path, table) in &model.tables {
        let mut current = doc.as_table_mut();
        for (n, part) in path.iter().enumerate() {
            if n + 1 == path.len() {
                if current.get(part).is_none() {
                    current.insert(part, Item::Table(table.clone()));
                }
                break;
            }
            if current.get(part).is_none() {
                let mut t = Table::new();
                t.set_implicit(true);
                current.insert(part, Item::Table(t));
            }
            current = current[part.as_str()].as_table_mut().expect("a table");
        }
    }
    let text = doc.to_string();
    let text = text.trim_start_matches('\n').to_owned();
    if text.ends_with('\n') {
        text
    } else {
        format!("{text}\n")
    }
}

fn set_dynamic(project: &mut Table, dynamic: &[String]) {
    if dynamic.is_empty() {
        project.remove("dynamic");
        return;
    }
    let current: Vec<String> = project
        .get("dynamic")
        .and_then(Item::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    if current != dynamic {
        project.insert(
            "dynamic",
            Item::Value(Value::Array(Array::from_iter(
                dynamic.iter().map(String::as_str),
            ))),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::convert::model::{array, string};

    fn model() -> Model {
        let mut m = Model::default();
        m.project("name", Item::Value(string("demo")));
        m.project("classifiers", Item::Value(array(&["A :: B", "C :: D"])));
        m.setuptools("packages", Item::Value(array(&["demo"])));
        m.directive(
            "version",
            crate::convert::model::inline(&[("attr", string("demo.__version__"))]),
        );
        m
    }

    #[test]
    fn new_file() {
        let text = write(None, &model(), BACKEND);
        assert_eq!(
            text,
            "[build-system]\nrequires = [\"setuptools>=61\"]\nbuild-backend = \"setuptools.build_meta\"\n\n[project]\nname = \"demo\"\ndynamic = [\"version\"]\nclassifiers = [\n    \"A :: B\",\n    \"C :: D\",\n]\n\n[tool.setuptools]\npackages = [\"demo\"]\n\n[tool.setuptools.dynamic]\nversion = { attr = \"demo.__version__\" }\n"
        );
        assert!(text.parse::<DocumentMut>().is_ok());
    }

    #[test]
    fn merges_into_an_existing_file() {
        let existing = "# Tooling for demo.\n[tool.black]\nline-length = 100  # wide screens\n\n[build-system]\nrequires = [\"setuptools>=40.8.0\", \"wheel\"]  # old\n";
        let (doc, ex) = read_existing(Some(existing)).unwrap();
        assert!(!ex.has_project);
        let text = write(doc, &model(), BACKEND);
        assert!(text.starts_with("# Tooling for demo.\n[tool.black]\nline-length = 100  # wide screens\n\n[build-system]\nrequires = [\"setuptools>=61\", \"wheel\"]  # old\nbuild-backend = \"setuptools.build_meta\"\n\n[project]\nname = \"demo\"\n"), "{text}");
        assert!(
            text.ends_with(
                "[tool.setuptools.dynamic]\nversion = { attr = \"demo.__version__\" }\n"
            ),
            "{text}"
        );
    }

    #[test]
    fn new_tables_go_first_and_take_the_opening_comment() {
        let existing = "# Tooling for demo.\n[tool.black]\nline-length = 100\n";
        let (doc, _) = read_existing(Some(existing)).unwrap();
        let text = write(doc, &model(), BACKEND);
        assert!(
            text.starts_with("# Tooling for demo.\n[build-system]\n"),
            "{text}"
        );
        assert!(
            text.contains("\n[tool.black]\nline-length = 100\n"),
            "{text}"
        );
    }

    #[test]
    fn refuses_other_backends() {
        let err = read_existing(Some(
            "[build-system]\nbuild-backend = \"flit_core.buildapi\"\n",
        ))
        .unwrap_err();
        assert!(err.contains("flit_core"));
    }
}
