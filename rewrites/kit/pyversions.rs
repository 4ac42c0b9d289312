//! Lists of Python versions in tooling files (CI matrices, tox envlists, nox sessions, trove
//! classifiers): which versions they enumerate, and which to add so that they reach the
//! target.

use super::list_edit::Position;
use snakeshift_engine::version::PyVersion;

/// What one list item says about Python versions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    /// Exactly one CPython 3 release (`3.12`, `py312`, `Python :: 3.12`).
    Plain(u8),
    /// A variant of a release (`3.13t`, `3.14-dev`, `3.12.4`): it counts as covering the
    /// release, but the list is not extended from it.
    Variant(u8),
    /// Anything else (`pypy3.10`, `lint`, `3.x`).
    Other,
}

/// `3.12` → `Plain(12)`; `3.13t`, `3.14-dev`, `3.12.4`, `3.14.0-rc.2` → `Variant`.
pub fn dotted(value: &str) -> Entry {
    let Some(rest) = value.strip_prefix("3.") else {
        return Entry::Other;
    };
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let Ok(minor) = digits.parse::<u8>() else {
        return Entry::Other;
    };
    if digits.len() > 2 || digits.starts_with('0') && digits.len() > 1 {
        return Entry::Other;
    }
    if rest.len() == digits.len() {
        Entry::Plain(minor)
    } else {
        Entry::Variant(minor)
    }
}

/// The versions to add and where, for a list whose items are `entries` (in list order), so
/// that it covers `target`: nothing when a release at or above the target is listed already
/// (a variant such as `3.14-dev` counts) or when no item is a plain release. A list without
/// gaps between its oldest and newest release gets every release up to the target; a list
/// with gaps (`3.8`, `3.12`: oldest and newest) gets only the target. The new releases follow
/// the newest listed one, or precede it in a list that runs from the newest down.
pub fn plan(entries: &[Entry], target: PyVersion) -> Option<(Position, Vec<u8>)> {
    if target.major != 3 {
        return None;
    }
    let covered = entries
        .iter()
        .filter_map(|e| match e {
            Entry::Plain(m) | Entry::Variant(m) => Some(*m),
            Entry::Other => None,
        })
        .max()?;
    if covered >= target.minor {
        return None;
    }
    let plain: Vec<(usize, u8)> = entries
        .iter()
        .enumerate()
        .filter_map(|(i, e)| match e {
            Entry::Plain(m) => Some((i, *m)),
            _ => None,
        })
        .collect();
    let (newest_at, newest) = *plain.iter().max_by_key(|(_, m)| *m)?;
    let oldest = plain.iter().map(|(_, m)| *m).min()?;
    let contiguous = (oldest..=newest).all(|m| plain.iter().any(|(_, p)| *p == m));
    let mut add: Vec<u8> = if contiguous {
        (newest.max(covered) + 1..=target.minor).collect()
    } else {
        vec![target.minor]
    };
    let descending = plain.len() > 1 && plain.windows(2).all(|w| w[0].1 > w[1].1);
    if descending {
        add.reverse();
        Some((Position::Before(newest_at), add))
    } else {
        Some((Position::After(newest_at), add))
    }
}

/// `"3.13", "3.14"` for a finding's message.
pub fn listing(minors: &[u8], render: impl Fn(u8) -> String) -> String {
    minors
        .iter()
        .map(|m| render(*m))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: PyVersion = PyVersion::new(3, 14);

    #[test]
    fn entries() {
        assert_eq!(dotted("3.12"), Entry::Plain(12));
        assert_eq!(dotted("3.13t"), Entry::Variant(13));
        assert_eq!(dotted("3.14-dev"), Entry::Variant(14));
        assert_eq!(dotted("3.x"), Entry::Other);
        assert_eq!(dotted("pypy3.10"), Entry::Other);
    }

    #[test]
    fn plans() {
        use Entry::*;
        assert_eq!(
            plan(&[Plain(11), Plain(12), Other], T),
            Some((Position::After(1), vec![13, 14]))
        );
        assert_eq!(
            plan(&[Plain(8), Plain(12)], T),
            Some((Position::After(1), vec![14]))
        );
        assert_eq!(
            plan(&[Plain(13), Plain(12)], T),
            Some((Position::Before(0), vec![14]))
        );
        assert_eq!(plan(&[Plain(12), Plain(13), Variant(14)], T), None);
        assert_eq!(plan(&[Plain(12), Plain(14)], T), None);
        assert_eq!(plan(&[Other], T), None);
        assert_eq!(
            plan(&[Plain(11), Plain(12), Variant(13)], T),
            Some((Position::After(1), vec![14]))
        );
    }
}
