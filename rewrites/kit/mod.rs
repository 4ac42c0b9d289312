//! What the rewrites share: the declaration and registry macros and the traits a rewrite
//! implements, the project model project rewrites edit, the table of what Python removed,
//! and the `--backports` set read from it.

#[macro_use]
pub mod declare;
pub mod backports;
pub mod method_call;
pub mod project;
pub mod readme;
pub mod removed;
