//! The snakeshift project model: what a Python project declares about itself.

pub mod requires_python;
