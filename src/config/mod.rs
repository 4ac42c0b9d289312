//! Configuration: `[tool.snakeshift]` in a `pyproject.toml` or the top level of a
//! `snakeshift.toml`. The nearest configuration file above a file applies to it (a
//! `snakeshift.toml` before a `pyproject.toml` in the same directory; a `pyproject.toml`
//! without `[tool.snakeshift]` is not a configuration file); the flags override its keys.

mod file;
mod resolve;

pub use resolve::{FileSettings, Resolver};

/// The two file names a configuration is read from, in order of preference in one directory.
pub const CONFIG_FILES: [&str; 2] = ["snakeshift.toml", "pyproject.toml"];
