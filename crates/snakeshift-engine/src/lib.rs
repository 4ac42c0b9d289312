//! The snakeshift rewrite engine: everything between a file's bytes and its rewritten bytes,
//! independent of the command line and of any particular rewrite.

pub mod apply;
pub mod fix;
pub mod parse;
pub mod semantic;
pub mod source;
pub mod version;
