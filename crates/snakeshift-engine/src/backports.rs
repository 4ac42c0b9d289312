//! Drop-in packages that restore a removed standard-library module, and the set of modules a
//! run restores from them instead of rewriting the code that uses them (`--backports`).
//!
//! A backported module's rewrites stand down: its imports keep working once the package is a
//! dependency of the project, which the project stage adds to `pyproject.toml`.

use crate::version::PyVersion;

/// A package on PyPI that provides a module Python removed.
#[derive(Debug, PartialEq, Eq)]
pub struct Backport {
    /// The removed module, as the user names it (`imghdr`, `distutils.version`).
    pub module: &'static str,
    /// The module the code imports once the package is installed: the removed module's own
    /// name for a drop-in, another one where the package has its own (`looseversion`).
    pub import: &'static str,
    /// The distribution to depend on.
    pub package: &'static str,
    /// The Python that removed the module: the requirement's environment marker.
    pub removed_in: PyVersion,
    /// Part of `--backports all`: the module has no faithful code rewrite.
    pub in_all: bool,
    /// Other modules the backport needs restored too (`asynchat` is built on `asyncore`).
    pub needs: &'static [&'static str],
}

const fn drop_in(module: &'static str, package: &'static str, minor: u8) -> Backport {
    Backport {
        module,
        import: module,
        package,
        removed_in: PyVersion::new(3, minor),
        in_all: true,
        needs: &[],
    }
}

/// Every backport snakeshift knows, from the removal catalogue's list of drop-in packages.
pub const BACKPORTS: &[Backport] = &[
    drop_in("asyncore", "pyasyncore", 12),
    Backport {
        needs: &["asyncore"],
        ..drop_in("asynchat", "pyasynchat", 12)
    },
    Backport {
        needs: &["asyncore", "asynchat"],
        ..drop_in("smtpd", "standard-smtpd", 12)
    },
    Backport {
        in_all: false,
        ..drop_in("imp", "zombie-imp", 12)
    },
    Backport {
        import: "looseversion",
        ..drop_in("distutils.version", "looseversion", 12)
    },
    drop_in("aifc", "standard-aifc", 13),
    drop_in("audioop", "audioop-lts", 13),
    drop_in("chunk", "standard-chunk", 13),
    drop_in("sunau", "standard-sunau", 13),
    drop_in("cgi", "legacy-cgi", 13),
    drop_in("cgitb", "legacy-cgi", 13),
    drop_in("crypt", "standard-crypt", 13),
    drop_in("imghdr", "standard-imghdr", 13),
    drop_in("mailcap", "standard-mailcap", 13),
    drop_in("nntplib", "standard-nntplib", 13),
    drop_in("pipes", "standard-pipes", 13),
    drop_in("sndhdr", "standard-sndhdr", 13),
    drop_in("telnetlib", "standard-telnetlib", 13),
    drop_in("uu", "standard-uu", 13),
    drop_in("xdrlib", "standard-xdrlib", 13),
];

/// The backport of a removed module (`imghdr`) or of a package (`standard-imghdr`), by name.
pub fn find(name: &str) -> Option<&'static Backport> {
    let name = name.trim();
    BACKPORTS
        .iter()
        .find(|b| b.module == name)
        .or_else(|| BACKPORTS.iter().find(|b| b.package == name))
}

/// The modules a run restores from their backports (a small bit set over [`BACKPORTS`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Backports(u32);

const _: () = assert!(BACKPORTS.len() <= 32, "Backports is a 32-bit set");

impl Backports {
    /// The set named on the command line: module or package names, or `all` (every module
    /// without a faithful code rewrite). A module also brings the modules its backport needs.
    pub fn parse<S: AsRef<str>>(names: &[S]) -> Result<Backports, String> {
        let mut set = Backports::default();
        for name in names
            .iter()
            .map(AsRef::as_ref)
            .filter(|n| !n.trim().is_empty())
        {
            if name.eq_ignore_ascii_case("all") {
                for (i, b) in BACKPORTS.iter().enumerate() {
                    if b.in_all {
                        set.0 |= 1 << i;
                    }
                }
                continue;
            }
            let Some(backport) = find(name) else {
                let known: Vec<&str> = BACKPORTS.iter().map(|b| b.module).collect();
                return Err(format!(
                    "no backport package is known for `{name}`; modules with one: {} (or `all`)",
                    known.join(", ")
                ));
            };
            set.insert(backport.module);
        }
        Ok(set)
    }

    fn insert(&mut self, module: &str) {
        if let Some(i) = BACKPORTS.iter().position(|b| b.module == module) {
            self.0 |= 1 << i;
            for needed in BACKPORTS[i].needs {
                self.insert(needed);
            }
        }
    }

    /// Whether `module` (a removed module, e.g. `imghdr`) is restored by its backport.
    pub fn contains(&self, module: &str) -> bool {
        BACKPORTS
            .iter()
            .position(|b| b.module == module)
            .is_some_and(|i| self.0 & (1 << i) != 0)
    }

    pub fn is_empty(&self) -> bool {
        self.0 == 0
    }

    /// The backports of the set, in table order.
    pub fn iter(&self) -> impl Iterator<Item = &'static Backport> + '_ {
        BACKPORTS
            .iter()
            .enumerate()
            .filter(|(i, _)| self.0 & (1 << i) != 0)
            .map(|(_, b)| b)
    }
}

/// What a finding about `module` adds when a backport exists: "`snakeshift --backports
/// imghdr` adds `standard-imghdr` to the project's dependencies".
pub fn suggestion(module: &str) -> Option<String> {
    let b = BACKPORTS.iter().find(|b| b.module == module)?;
    Some(format!(
        "`snakeshift --backports {}` adds `{}` to the project's dependencies",
        b.module, b.package
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_all() {
        let set = Backports::parse(&["imghdr", "standard-telnetlib"]).unwrap();
        assert!(set.contains("imghdr") && set.contains("telnetlib"));
        assert!(!set.contains("asyncore"));
        let set = Backports::parse(&["smtpd"]).unwrap();
        assert!(set.contains("asyncore") && set.contains("asynchat"));
        let all = Backports::parse(&["all"]).unwrap();
        assert!(all.contains("audioop") && all.contains("distutils.version"));
        assert!(
            !all.contains("imp"),
            "imp's rewrites are faithful: only by name"
        );
        let err = Backports::parse(&["nis"]).unwrap_err();
        assert!(err.contains("`nis`"), "{err}");
        assert!(Backports::parse::<&str>(&[]).unwrap().is_empty());
    }

    #[test]
    fn packages_are_unique_per_import() {
        for (i, a) in BACKPORTS.iter().enumerate() {
            for b in &BACKPORTS[i + 1..] {
                assert_ne!(a.module, b.module);
            }
            for n in a.needs {
                assert!(find(n).is_some(), "{} needs unknown {n}", a.module);
            }
        }
    }
}
