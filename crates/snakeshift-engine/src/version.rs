//! Python versions and the version window every rewrite decision is made in.

use std::fmt;
use std::str::FromStr;

/// A CPython feature release, such as 3.14.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PyVersion {
    pub major: u8,
    pub minor: u8,
}

impl PyVersion {
    pub const fn new(major: u8, minor: u8) -> Self {
        PyVersion { major, minor }
    }
}

impl fmt::Display for PyVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

impl FromStr for PyVersion {
    type Err = String;

    /// Accepts `3.14`, `3.14.1` (the patch level is ignored) and `py314`.
    fn from_str(s: &str) -> Result<Self, String> {
        let invalid = || format!("invalid Python version `{s}` (expected e.g. `3.14` or `py314`)");
        let t = s.trim();
        let (major, minor) = if let Some(digits) = t.strip_prefix("py") {
            if digits.len() < 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(invalid());
            }
            (&digits[..1], &digits[1..])
        } else {
            let mut parts = t.split('.');
            let major = parts.next().ok_or_else(invalid)?;
            let minor = parts.next().ok_or_else(invalid)?;
            if let Some(patch) = parts.next()
                && (patch.is_empty() || !patch.bytes().all(|b| b.is_ascii_digit()))
            {
                return Err(invalid());
            }
            if parts.next().is_some() {
                return Err(invalid());
            }
            (major, minor)
        };
        let major: u8 = major.parse().map_err(|_| invalid())?;
        let minor: u8 = minor.parse().map_err(|_| invalid())?;
        if major != 3 {
            return Err(format!(
                "unsupported Python version `{s}`: only Python 3 is supported"
            ));
        }
        Ok(PyVersion { major, minor })
    }
}

/// The two versions every rewrite decision depends on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VersionWindow {
    /// The oldest Python the code must keep running on.
    pub min: PyVersion,
    /// The Python the code is migrated to.
    pub target: PyVersion,
}

impl VersionWindow {
    /// Default target: the release snakeshift migrates to.
    pub const DEFAULT_TARGET: PyVersion = PyVersion::new(3, 14);
    /// Default minimum when the project declares none: the oldest release whose runtime
    /// supports `X | Y` unions and parenthesised context managers.
    pub const DEFAULT_MIN: PyVersion = PyVersion::new(3, 10);

    /// True when a replacement that needs `since` can be used everywhere in the window.
    pub fn has(&self, since: PyVersion) -> bool {
        self.min >= since
    }
}

impl Default for VersionWindow {
    fn default() -> Self {
        VersionWindow {
            min: Self::DEFAULT_MIN,
            target: Self::DEFAULT_TARGET,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_common_spellings() {
        assert_eq!("3.14".parse::<PyVersion>(), Ok(PyVersion::new(3, 14)));
        assert_eq!("3.9.18".parse::<PyVersion>(), Ok(PyVersion::new(3, 9)));
        assert_eq!("py38".parse::<PyVersion>(), Ok(PyVersion::new(3, 8)));
        assert_eq!("py314".parse::<PyVersion>(), Ok(PyVersion::new(3, 14)));
    }

    #[test]
    fn rejects_garbage() {
        for bad in ["", "3", "three.1", "2.7", "3.x", "py3", "3.1.2.3", "3.10."] {
            assert!(bad.parse::<PyVersion>().is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn orders_numerically() {
        assert!(PyVersion::new(3, 9) < PyVersion::new(3, 10));
    }
}
