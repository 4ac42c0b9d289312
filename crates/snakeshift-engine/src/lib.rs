//! The snakeshift rewrite engine: everything between a file's bytes and its rewritten bytes,
//! independent of the command line and of any particular rewrite.

pub mod activation;
pub mod apply;
pub mod compiles;
pub mod diff;
pub mod edits;
pub mod fix;
pub mod imports;
pub mod mask;
pub mod parse;
mod partial;
pub mod pipeline;
pub mod position;
pub mod rewrite;
pub mod scan;
pub mod semantic;
pub mod source;
pub mod suppress;
pub mod version;
