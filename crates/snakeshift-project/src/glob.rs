//! Python's `fnmatch.fnmatchcase` and `glob.glob` over a [`ProjectFiles`] view.

use crate::files::ProjectFiles;

/// `fnmatch.fnmatchcase(name, pattern)`: `*`, `?`, `[seq]`, `[!seq]`; `*` also matches `.`
/// and `/`.
pub fn fnmatch(name: &str, pattern: &str) -> bool {
    let n: Vec<char> = name.chars().collect();
    let p: Vec<char> = pattern.chars().collect();
    matches_at(&n, 0, &p, 0)
}

fn matches_at(n: &[char], mut i: usize, p: &[char], mut j: usize) -> bool {
    while j < p.len() {
        match p[j] {
            '*' => {
                while j < p.len() && p[j] == '*' {
                    j += 1;
                }
                if j == p.len() {
                    return true;
                }
                return (i..=n.len()).any(|k| matches_at(n, k, p, j));
            }
            '?' => {
                if i >= n.len() {
                    return false;
                }
                i += 1;
                j += 1;
            }
            '[' => match class_end(p, j) {
                Some(end) => {
                    if i >= n.len() || !in_class(&p[j + 1..end], n[i]) {
                        return false;
                    }
                    i += 1;
                    j = end + 1;
                }
                None => {
                    if i >= n.len() || n[i] != '[' {
                        return false;
                    }
                    i += 1;
                    j += 1;
                }
            },
            c => {
                if i >= n.len() || n[i] != c {
                    return false;
                }
                i += 1;
                j += 1;
            }
        }
    }
    i == n.len()
}

fn class_end(p: &[char], start: usize) -> Option<usize> {
    let mut k = start + 1;
    if p.get(k) == Some(&'!') {
        k += 1;
    }
    if p.get(k) == Some(&']') {
        k += 1;
    }
    while k < p.len() {
        if p[k] == ']' {
            return Some(k);
        }
        k += 1;
    }
    None
}

fn in_class(class: &[char], c: char) -> bool {
    let (negate, class) = match class.first() {
        Some('!') => (true, &class[1..]),
        _ => (false, class),
    };
    let mut found = false;
    let mut k = 0;
    while k < class.len() {
        if k + 2 < class.len() && class[k + 1] == '-' {
            if class[k] <= c && c <= class[k + 2] {
                found = true;
            }
            k += 3;
        } else {
            if class[k] == c {
                found = true;
            }
            k += 1;
        }
    }
    found != negate
}

fn has_magic(part: &str) -> bool {
    part.contains(['*', '?', '['])
}

/// `glob.glob(pattern, recursive=...)` for a pattern relative to the project root; results
/// sorted, hidden entries skipped unless the pattern names them (like Python).
pub fn glob(files: &dyn ProjectFiles, pattern: &str, recursive: bool) -> Vec<String> {
    let parts: Vec<&str> = pattern
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    let mut current: Vec<String> = vec![String::new()];
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        let mut next = Vec::new();
        for base in &current {
            if recursive && *part == "**" {
                next.push(base.clone());
                next.extend(descendants(files, base, last));
                continue;
            }
            if !has_magic(part) {
                let path = join(base, part);
                if (last && (files.is_file(&path) || files.is_dir(&path))) || files.is_dir(&path) {
                    next.push(path);
                }
                continue;
            }
            let Some(entries) = files.list(base) else {
                continue;
            };
            for e in entries {
                if e.name.starts_with('.') && !part.starts_with('.') {
                    continue;
                }
                if fnmatch(&e.name, part) && (last || e.is_dir) {
                    next.push(join(base, &e.name));
                }
            }
        }
        next.sort();
        next.dedup();
        current = next;
    }
    current.retain(|p| !p.is_empty());
    current
}

fn join(base: &str, name: &str) -> String {
    if base.is_empty() {
        name.to_owned()
    } else {
        format!("{base}/{name}")
    }
}

fn descendants(files: &dyn ProjectFiles, base: &str, include_files: bool) -> Vec<String> {
    let mut out = Vec::new();
    let Some(entries) = files.list(base) else {
        return out;
    };
    for e in entries {
        if e.name.starts_with('.') {
            continue;
        }
        let path = join(base, &e.name);
        if e.is_dir {
            out.push(path.clone());
            out.extend(descendants(files, &path, include_files));
        } else if include_files {
            out.push(path);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::MemoryFiles;

    #[test]
    fn fnmatch_cases() {
        assert!(fnmatch("tests.unit", "tests.*"));
        assert!(!fnmatch("tests", "tests.*"));
        assert!(fnmatch("a.b", "*"));
        assert!(fnmatch("_build", "[._]*"));
        assert!(!fnmatch("build", "[._]*"));
        assert!(fnmatch("x1", "x[0-9]"));
        assert!(fnmatch("xa", "x[!0-9]"));
    }

    #[test]
    fn globs() {
        let fs = MemoryFiles::new()
            .with("src/a.c", "")
            .with("src/b.c", "")
            .with("src/sub/c.c", "")
            .with("src/.hidden.c", "")
            .with("README", "");
        assert_eq!(glob(&fs, "src/*.c", false), ["src/a.c", "src/b.c"]);
        assert_eq!(
            glob(&fs, "src/**/*.c", true),
            ["src/a.c", "src/b.c", "src/sub/c.c"]
        );
        assert_eq!(glob(&fs, "README", false), ["README"]);
        assert!(glob(&fs, "nope/*.c", false).is_empty());
    }
}
