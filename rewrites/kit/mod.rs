//! What the rewrites share: the table of what Python removed, and the `--backports` set read
//! from it.

pub mod backports;
pub mod removed;
