//! Conditions met while evaluating: decided (`True`/`False`), expressible as a PEP 508
//! environment marker (`sys.platform == "win32"` → `sys_platform == "win32"`), or unknown.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Marker {
    /// `variable op "value"`, e.g. `python_version < "3.11"`.
    Compare {
        variable: &'static str,
        op: &'static str,
        value: String,
    },
    And(Box<Marker>, Box<Marker>),
    Or(Box<Marker>, Box<Marker>),
}

impl Marker {
    pub fn compare(variable: &'static str, op: &'static str, value: impl Into<String>) -> Marker {
        Marker::Compare {
            variable,
            op,
            value: value.into(),
        }
    }

    pub fn and(self, other: Marker) -> Marker {
        Marker::And(Box::new(self), Box::new(other))
    }

    pub fn or(self, other: Marker) -> Marker {
        Marker::Or(Box::new(self), Box::new(other))
    }

    /// The marker that holds exactly when this one does not.
    pub fn negate(&self) -> Marker {
        match self {
            Marker::Compare {
                variable,
                op,
                value,
            } => Marker::Compare {
                variable,
                op: negate_op(op),
                value: value.clone(),
            },
            Marker::And(a, b) => a.negate().or(b.negate()),
            Marker::Or(a, b) => a.negate().and(b.negate()),
        }
    }

    fn fmt_in(&self, f: &mut fmt::Formatter<'_>, parent_is_and: bool) -> fmt::Result {
        match self {
            Marker::Compare {
                variable,
                op,
                value,
            } => write!(f, "{variable} {op} \"{value}\""),
            Marker::And(a, b) => {
                a.fmt_in(f, true)?;
                f.write_str(" and ")?;
                b.fmt_in(f, true)
            }
            Marker::Or(a, b) => {
                if parent_is_and {
                    f.write_str("(")?;
                }
                a.fmt_in(f, false)?;
                f.write_str(" or ")?;
                b.fmt_in(f, false)?;
                if parent_is_and {
                    f.write_str(")")?;
                }
                Ok(())
            }
        }
    }
}

fn negate_op(op: &str) -> &'static str {
    match op {
        "==" => "!=",
        "!=" => "==",
        "<" => ">=",
        ">=" => "<",
        ">" => "<=",
        "<=" => ">",
        "in" => "not in",
        _ => "in",
    }
}

impl fmt::Display for Marker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.fmt_in(f, false)
    }
}

/// The truth of a condition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cond {
    Known(bool),
    Marker(Marker),
    /// Depends on something the evaluator does not know; the reason.
    Unknown(String),
}

impl Cond {
    pub fn negated(self) -> Cond {
        match self {
            Cond::Known(b) => Cond::Known(!b),
            Cond::Marker(m) => Cond::Marker(m.negate()),
            u => u,
        }
    }

    pub fn and(self, other: Cond) -> Cond {
        match (self, other) {
            (Cond::Known(false), _) | (_, Cond::Known(false)) => Cond::Known(false),
            (Cond::Known(true), c) | (c, Cond::Known(true)) => c,
            (Cond::Marker(a), Cond::Marker(b)) => Cond::Marker(a.and(b)),
            (Cond::Unknown(r), _) | (_, Cond::Unknown(r)) => Cond::Unknown(r),
        }
    }

    pub fn or(self, other: Cond) -> Cond {
        match (self, other) {
            (Cond::Known(true), _) | (_, Cond::Known(true)) => Cond::Known(true),
            (Cond::Known(false), c) | (c, Cond::Known(false)) => c,
            (Cond::Marker(a), Cond::Marker(b)) => Cond::Marker(a.or(b)),
            (Cond::Unknown(r), _) | (_, Cond::Unknown(r)) => Cond::Unknown(r),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_and_negates() {
        let win = Marker::compare("sys_platform", "==", "win32");
        let old = Marker::compare("python_version", "<", "3.11");
        let m = win
            .clone()
            .or(old.clone())
            .and(Marker::compare("os_name", "!=", "java"));
        assert_eq!(
            m.to_string(),
            "(sys_platform == \"win32\" or python_version < \"3.11\") and os_name != \"java\""
        );
        assert_eq!(
            win.and(old).negate().to_string(),
            "sys_platform != \"win32\" or python_version >= \"3.11\""
        );
    }
}
