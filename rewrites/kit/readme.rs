//! The README's rewrite tables, generated from the declarations (as ruff generates its rule
//! docs): each table sits between `<!-- begin rewrites: NAME -->` and `<!-- end rewrites -->`
//! and lists, in registry order, the rewrites whose `readme` names it. A test fails when the
//! README is stale; `SNAKESHIFT_BLESS=1 cargo test -p snakeshift-rewrites readme` rewrites it.

/// A rewrite's row: the table it belongs to, what it does, its fix safety in words.
#[derive(Clone, Copy, Debug)]
pub struct Row {
    pub table: &'static str,
    pub what: &'static str,
    pub fix: &'static str,
}

const BEGIN: &str = "<!-- begin rewrites: ";
const END: &str = "<!-- end rewrites -->";

/// One table, as Markdown lines.
fn table(name: &str, rows: &[(&str, Row)]) -> String {
    let mut out = String::from("| id | what | fix |\n| --- | --- | --- |\n");
    for (id, row) in rows.iter().filter(|(_, r)| r.table == name) {
        out.push_str(&format!("| `{id}` | {} | {} |\n", row.what, row.fix));
    }
    out
}

/// `readme` with every marked table regenerated from `rows`; an error names a table no
/// rewrite fills, or a rewrite whose table the README lacks.
pub fn regenerate(readme: &str, rows: &[(&str, Row)]) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = readme;
    let mut seen = Vec::new();
    while let Some(start) = rest.find(BEGIN) {
        let header_end = start + rest[start..].find("-->\n").ok_or("unclosed marker")? + 4;
        let name = rest[start + BEGIN.len()..header_end - 4].trim();
        let end = header_end + rest[header_end..].find(END).ok_or("missing end marker")?;
        if !rows.iter().any(|(_, r)| r.table == name) {
            return Err(format!("no rewrite fills the README table `{name}`"));
        }
        out.push_str(&rest[..header_end]);
        out.push_str(&table(name, rows));
        seen.push(name.to_owned());
        rest = &rest[end..];
    }
    out.push_str(rest);
    if let Some((id, row)) = rows
        .iter()
        .find(|(_, r)| !seen.iter().any(|s| s == r.table))
    {
        return Err(format!(
            "`{id}` names table `{}`, which the README lacks",
            row.table
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn readme_tables_are_generated_from_the_declarations() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md");
        let readme = std::fs::read_to_string(&path).unwrap();
        let fresh = regenerate(&readme, &crate::readme_rows()).unwrap();
        if fresh != readme {
            if std::env::var_os("SNAKESHIFT_BLESS").is_some() {
                std::fs::write(&path, fresh).unwrap();
            } else {
                panic!(
                    "README.md's rewrite tables are stale: run `SNAKESHIFT_BLESS=1 cargo test -p snakeshift-rewrites readme`"
                );
            }
        }
    }
}
