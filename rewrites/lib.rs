//! Every snakeshift rewrite.
