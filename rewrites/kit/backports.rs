//! The set of removed modules a run restores from their drop-in packages instead of rewriting
//! the code that uses them (`--backports`), over the packages of [`REMOVED`].
//!
//! A backported module's rewrites stand down: its imports keep working once the package is a
//! dependency of the project, which the project stage adds to `pyproject.toml`.

use super::removed::{REMOVED, Removal};
use snakeshift_engine::rewrite::RewriteOption;

/// The removed modules that have a backport, in table order (the bits of [`Backports`]).
fn restorable() -> impl Iterator<Item = &'static Removal> {
    REMOVED.iter().filter(|r| r.backport.is_some())
}

/// The removed module (`imghdr`) or the package (`standard-imghdr`) named, if it has a backport.
pub fn find(name: &str) -> Option<&'static Removal> {
    let name = name.trim();
    restorable()
        .find(|r| r.module == name)
        .or_else(|| restorable().find(|r| r.package() == Some(name)))
}

/// The module the code imports once the backport of `removal` is installed.
pub fn import_of(removal: &Removal) -> &'static str {
    removal
        .backport
        .as_ref()
        .and_then(|b| b.import)
        .unwrap_or(removal.module)
}

/// The modules a run restores from their backports (a small bit set over the modules of
/// [`REMOVED`] that have one), an option of every removed-module rewrite.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Backports(u32);

const _: () = {
    let mut n = 0;
    let mut i = 0;
    while i < REMOVED.len() {
        if REMOVED[i].backport.is_some() {
            n += 1;
        }
        i += 1;
    }
    assert!(n <= 32, "Backports is a 32-bit set");
};

impl RewriteOption for Backports {
    const SLOT: usize = 1;

    fn to_bits(self) -> u64 {
        self.0.into()
    }

    fn from_bits(bits: u64) -> Self {
        Backports(bits as u32)
    }
}

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
                for (i, r) in restorable().enumerate() {
                    if r.backport.as_ref().is_some_and(|b| b.in_all) {
                        set.0 |= 1 << i;
                    }
                }
                continue;
            }
            let Some(removal) = find(name) else {
                let known: Vec<&str> = restorable().map(|r| r.module).collect();
                return Err(format!(
                    "no backport package is known for `{name}`; modules with one: {} (or `all`)",
                    known.join(", ")
                ));
            };
            set.insert(removal.module);
        }
        Ok(set)
    }

    fn insert(&mut self, module: &str) {
        if let Some((i, r)) = restorable().enumerate().find(|(_, r)| r.module == module) {
            self.0 |= 1 << i;
            for needed in r.backport.iter().flat_map(|b| b.needs) {
                self.insert(needed);
            }
        }
    }

    /// Whether `module` (a removed module, e.g. `imghdr`) is restored by its backport.
    pub fn contains(&self, module: &str) -> bool {
        restorable()
            .position(|r| r.module == module)
            .is_some_and(|i| self.0 & (1 << i) != 0)
    }

    pub fn is_empty(&self) -> bool {
        self.0 == 0
    }

    /// The restored modules, in table order.
    pub fn iter(&self) -> impl Iterator<Item = &'static Removal> + '_ {
        restorable()
            .enumerate()
            .filter(|(i, _)| self.0 & (1 << i) != 0)
            .map(|(_, r)| r)
    }
}

/// What a finding about `module` adds when a backport exists: "`snakeshift --backports
/// imghdr` adds `standard-imghdr` to the project's dependencies".
pub fn suggestion(module: &str) -> Option<String> {
    let r = restorable().find(|r| r.module == module)?;
    Some(format!(
        "`snakeshift --backports {}` adds `{}` to the project's dependencies",
        r.module,
        r.package()?
    ))
}

/// The package restoring `module`; panics for a module without one (for messages about
/// modules the table is known to restore).
pub fn package(module: &str) -> &'static str {
    find(module)
        .and_then(Removal::package)
        .unwrap_or_else(|| panic!("{module} has no backport"))
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
        assert_eq!(package("asyncore"), "standard-asyncore");
        assert_eq!(import_of(find("looseversion").unwrap()), "looseversion");
    }
}
