//! The colours of the human-readable output: diff lines (never their headers), the summary
//! and the `error:` / `warning:` labels. They are written unconditionally; the output
//! streams ([`crate::term`]) strip them when colour is off.

use anstyle::{AnsiColor, Style};

pub const ADDED: Style = AnsiColor::Green.on_default();
pub const REMOVED: Style = AnsiColor::Red.on_default();
pub const HUNK: Style = AnsiColor::Cyan.on_default();
pub const ERROR: Style = AnsiColor::Red.on_default().bold();
pub const WARNING: Style = AnsiColor::Yellow.on_default().bold();
pub const SUMMARY: Style = Style::new().bold();
