//! `entry_points` in its three spellings (dict of lists, dict of INI strings, one INI string)
//! → `project.scripts`, `project.gui-scripts` and `[project.entry-points.<group>]`.

/// Groups in order, each with `(name, reference)` pairs in order.
pub type Groups = Vec<(String, Vec<(String, String)>)>;

/// Parses `name = module:attr [extras]` lines; `Err` names the bad line.
pub fn parse_lines(lines: &[String]) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for line in lines {
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') || l.starts_with(';') {
            continue;
        }
        let Some((name, value)) = l.split_once('=') else {
            return Err(format!("`{l}` is not `name = module:attr`"));
        };
        out.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    Ok(out)
}

/// Parses the INI spelling (`[console_scripts]\nfoo = a:b`).
pub fn parse_ini(text: &str) -> Result<Groups, String> {
    let mut groups: Groups = Vec::new();
    for line in text.lines() {
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') || l.starts_with(';') {
            continue;
        }
        if l.starts_with('[') && l.ends_with(']') {
            groups.push((l[1..l.len() - 1].trim().to_owned(), Vec::new()));
            continue;
        }
        let Some((_, entries)) = groups.last_mut() else {
            return Err(format!("`{l}` comes before any [group]"));
        };
        entries.extend(parse_lines(&[l.to_owned()])?);
    }
    Ok(groups)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ini_form() {
        let g = parse_ini("\n[console_scripts]\nfoo = pkg.cli:main\nbar=pkg.cli:bar [extra]\n[babel.extractors]\njinja2 = jinja2.ext:babel_extract\n").unwrap();
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].1[1], ("bar".into(), "pkg.cli:bar [extra]".into()));
        assert!(parse_ini("foo = x:y").is_err());
    }
}
