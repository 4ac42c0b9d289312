//! The snakeshift project model: what a Python project declares about itself, read without
//! running any of its code, and the conversion of `setup.py` / `setup.cfg` to `pyproject.toml`.

pub mod change;
pub mod convert;
pub mod files;
pub mod glob;
pub mod ini;
pub mod python;
pub mod requires_python;
