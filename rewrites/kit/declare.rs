//! How a rewrite is declared: the `rewrite!` macro (its type, metadata and the registry-facing
//! trait), the `rewrites!` registry macro, and the two traits a rewrite implements: [`Check`]
//! for a file rewrite, [`ProjectEdit`] for a project rewrite.

use super::project::Project;
use snakeshift_engine::fix::Finding;
use snakeshift_engine::rewrite::{Context, Match, RewriteMeta};

/// What a file rewrite does with one match of its query. The `rewrite!` macro writes the
/// rest of [`snakeshift_engine::rewrite::Rewrite`]: `meta()`, and the version gate of the
/// declaration (nothing is checked while the target still has the old API).
pub trait Check: Send + Sync {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>);
}

/// The configuration file a project rewrite converts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProjectFile {
    SetupPy,
    SetupCfg,
}

/// What a project rewrite does; the `rewrite!` macro writes the rest of [`ProjectRewrite`].
pub trait ProjectEdit: Send + Sync {
    /// For the conversion to `pyproject.toml`: the file it converts. The selected conversions
    /// run first, together.
    fn converts(&self) -> Option<ProjectFile> {
        None
    }

    /// Every other project rewrite: edits the project as the conversion (and the rewrites
    /// before it in the registry) left it.
    fn edit(&self, _project: &mut Project<'_>) {}
}

/// A rewrite of a project's configuration rather than of one Python file. It runs once per
/// project root (a directory holding `setup.py`, `setup.cfg`, `pyproject.toml` or a tooling
/// file) on texts the command line reads for it, and produces whole-file changes
/// ([`snakeshift_project::change::FileChange`]) and findings (see [`super::project`]).
pub trait ProjectRewrite: ProjectEdit {
    fn meta(&self) -> &'static RewriteMeta;
}

/// Whether a rewrite removed in `removed_in` has anything to do at the run's target.
pub fn in_effect(meta: &RewriteMeta, ctx: &Context<'_, '_>) -> bool {
    meta.removed_in.is_none_or(|v| ctx.versions.target >= v)
}

/// Declares a rewrite's type and metadata; its `///` documentation becomes `snakeshift
/// explain`, its `readme` (table, what, fix) its row of the README's tables, its
/// `removed_apis` (the member tables it checks imports against, and those of the methods and
/// other APIs its own code finds, [`crate::kit::moves::Action::Own`]) its entries in the index
/// of removed APIs ([`crate::kit::removed::apis`]). A declaration
/// with a `query` is a file rewrite (the type implements [`Check`]), one without is a project
/// rewrite (the type implements [`ProjectEdit`]).
macro_rules! rewrite {
    (
        $(#[doc = $doc:expr])*
        $name:ident {
            id: $id:expr,
            group: $group:expr,
            summary: $summary:expr,
            query: $query:expr,
            triggers: $triggers:expr,
            removed_in: $removed_in:expr,
            fix: $fix:expr,
            readme: ($table:expr, $what:expr, $fix_note:expr)
            $(, stage: $stage:expr)?
            $(, active_without_trigger: $active:expr)?
            $(, opt_in: $opt_in:expr)?
            $(, reach: $reach:expr)?
            $(, whole_words: $whole_words:expr)?
            $(, requires: $requires:expr)?
            $(, reads_strings: $reads_strings:expr)?
            $(, activate: $activate:expr)?
            $(, activate_per_hit: $per_hit:expr)?
            $(, removed_apis: $removed_apis:expr)? $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub struct $name;

        impl $name {
            pub const META: snakeshift_engine::rewrite::RewriteMeta =
                snakeshift_engine::rewrite::RewriteMeta {
                    id: $id,
                    group: $group,
                    summary: $summary,
                    doc: concat!($($doc, "\n"),*),
                    query: $query,
                    triggers: $triggers,
                    removed_in: $removed_in,
                    fix: $fix,
                    stage: rewrite!(@or $($stage)?, snakeshift_engine::rewrite::Stage::Main),
                    active_without_trigger: rewrite!(@some $($active)?),
                    opt_in: rewrite!(@or $($opt_in)?, false),
                    reach: rewrite!(@or $($reach)?, snakeshift_engine::rewrite::Reach::Statement),
                    whole_words: rewrite!(@or $($whole_words)?, false),
                    requires: rewrite!(@or $($requires)?, &[]),
                    reads_strings: rewrite!(@or $($reads_strings)?, false),
                    activate: rewrite!(@some $($activate)?),
                    activate_per_hit: rewrite!(@or $($per_hit)?, false),
                };
            pub const README: $crate::kit::readme::Row = $crate::kit::readme::Row {
                table: $table,
                what: $what,
                fix: $fix_note,
            };
            /// The member tables that state what this rewrite's removed APIs are (see
            /// [`crate::kit::removed::apis`]).
            pub const REMOVED_APIS: &'static [&'static [$crate::kit::moves::RemovedModule]] =
                rewrite!(@or $($removed_apis)?, &[]);
        }

        impl snakeshift_engine::rewrite::Rewrite for $name {
            fn meta(&self) -> &'static snakeshift_engine::rewrite::RewriteMeta {
                &Self::META
            }

            fn check<'t>(
                &self,
                m: &snakeshift_engine::rewrite::Match<'_, 't>,
                ctx: &snakeshift_engine::rewrite::Context<'_, 't>,
                out: &mut Vec<snakeshift_engine::fix::Finding>,
            ) {
                if $crate::kit::declare::in_effect(&Self::META, ctx) {
                    $crate::kit::declare::Check::check(self, m, ctx, out);
                }
            }
        }
    };
    (
        $(#[doc = $doc:expr])*
        $name:ident {
            id: $id:expr,
            group: $group:expr,
            summary: $summary:expr,
            fix: $fix:expr,
            readme: ($table:expr, $what:expr, $fix_note:expr) $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub struct $name;

        impl $name {
            pub const META: snakeshift_engine::rewrite::RewriteMeta =
                snakeshift_engine::rewrite::RewriteMeta {
                    id: $id,
                    group: $group,
                    summary: $summary,
                    doc: concat!($($doc, "\n"),*),
                    query: "",
                    triggers: &[],
                    removed_in: None,
                    fix: $fix,
                    stage: snakeshift_engine::rewrite::Stage::Main,
                    active_without_trigger: None,
                    opt_in: false,
                    reach: snakeshift_engine::rewrite::Reach::Statement,
                    whole_words: false,
                    requires: &[],
                    reads_strings: false,
                    activate: None,
                    activate_per_hit: false,
                };
            pub const README: $crate::kit::readme::Row = $crate::kit::readme::Row {
                table: $table,
                what: $what,
                fix: $fix_note,
            };
        }

        impl $crate::kit::declare::ProjectRewrite for $name {
            fn meta(&self) -> &'static snakeshift_engine::rewrite::RewriteMeta {
                &Self::META
            }
        }
    };
    (@or , $default:expr) => {
        $default
    };
    (@or $value:expr, $default:expr) => {
        $value
    };
    (@some) => {
        None
    };
    (@some $value:expr) => {
        Some($value)
    };
}

/// The registry: every rewrite's module and type, in a stable order (the order of `snakeshift
/// list`, and the order project rewrites run in). Declares the modules and writes `all()` and
/// `projects()`.
macro_rules! rewrites {
    (
        files: [$($file:ident :: $file_type:ident),* $(,)?],
        projects: [$($project:ident :: $project_type:ident),* $(,)?] $(,)?
    ) => {
        $(mod $file;)*
        $(mod $project;)*

        /// Every file rewrite, in a stable order (the order of `snakeshift list`).
        pub fn all() -> Vec<&'static dyn snakeshift_engine::rewrite::Rewrite> {
            vec![$(&$file::$file_type),*]
        }

        /// Every project rewrite, in a stable order (after the file rewrites in `snakeshift
        /// list`): the order they run in.
        pub fn projects() -> Vec<&'static dyn $crate::kit::declare::ProjectRewrite> {
            vec![$(&$project::$project_type),*]
        }

        /// Every file rewrite's metadata and the member tables of the APIs it migrates, in
        /// registry order: the index [`crate::kit::removed::apis`] reads.
        pub fn removed_api_tables() -> Vec<(
            &'static snakeshift_engine::rewrite::RewriteMeta,
            &'static [&'static [$crate::kit::moves::RemovedModule]],
        )> {
            vec![$((&$file::$file_type::META, $file::$file_type::REMOVED_APIS),)*]
        }

        /// Every rewrite's id and row of the README's rewrite tables, in registry order.
        pub fn readme_rows() -> Vec<(&'static str, $crate::kit::readme::Row)> {
            vec![
                $(($file::$file_type::META.id, $file::$file_type::README),)*
                $(($project::$project_type::META.id, $project::$project_type::README),)*
            ]
        }
    };
}
