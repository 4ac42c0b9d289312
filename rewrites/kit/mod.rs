//! What the rewrites share, so that a rewrite's folder holds only what is its own:
//!
//! - declaring and registering rewrites: [`declare`] (the `rewrite!` and `rewrites!` macros,
//!   the `Check` / `ProjectEdit` traits), [`readme`] (the README's tables, generated);
//! - what Python removed: [`removed`] (the one table of removed modules: when, instead,
//!   backport; and the index of removed APIs over the rewrites' member tables),
//!   [`backports`] (the `--backports` set), [`moves`] (removed and changed modules member by
//!   member, and the editor that follows their imports and uses),
//!   [`import_checks`] (the checks of import statements over those tables);
//! - reading code: [`syntax`] (tree-sitter helpers), [`method_call`], [`narrowing`],
//!   [`typing`], [`union`], [`activation`] (the token-scan probes rewrites activate on);
//! - writing code: [`replacement_text`];
//! - project rewrites: [`project`] (the project model they edit), [`list_edit`],
//!   [`toml_list`], [`yaml`], [`pyversions`].

#[macro_use]
pub mod declare;
pub mod activation;
pub mod backports;
pub mod import_checks;
pub mod list_edit;
pub mod method_call;
pub mod moves;
pub mod narrowing;
pub mod project;
pub mod pyversions;
pub mod readme;
pub mod removed;
pub mod replacement_text;
pub mod syntax;
pub mod toml_list;
pub mod typing;
pub mod union;
pub mod yaml;

pub use import_checks::{
    check_changed, check_distutils_import, check_removed, deprecation, remove_unused_imports,
    suggest_backports,
};
pub use replacement_text::{
    as_primary, boolean_in_place_of, coalesce, in_context, in_place_of, without_keyword,
};

/// The names of each `(#any-of? @capture …)` predicate of `query`, in order: for the tests
/// that a query names exactly the members of its rewrite's table.
#[cfg(test)]
pub fn any_of_lists<'q>(query: &'q str, capture: &str) -> Vec<Vec<&'q str>> {
    let start = format!("(#any-of? @{capture}");
    query
        .split(start.as_str())
        .skip(1)
        .filter(|rest| rest.starts_with(char::is_whitespace))
        .map(|rest| {
            rest[..rest.find(')').unwrap()]
                .split_whitespace()
                .map(|w| w.trim_matches('"'))
                .collect()
        })
        .collect()
}
