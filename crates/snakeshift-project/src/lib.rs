//! The snakeshift project model.
