//! Choosing the rewrites of a run: `select`, `extend-select`, `ignore` and the target version.

use snakeshift_engine::rewrite::{Rewrite, RewriteMeta};
use snakeshift_engine::version::PyVersion;
use snakeshift_rewrites::ProjectRewrite;

/// The rewrites of a run: file rewrites and project rewrites.
pub struct Selected {
    pub files: Vec<&'static dyn Rewrite>,
    pub projects: Vec<&'static dyn ProjectRewrite>,
}

/// Whether `name` is a rewrite id, a group, or `ALL`.
pub fn is_known(name: &str) -> bool {
    name == "ALL"
        || snakeshift_rewrites::all()
            .iter()
            .map(|r| r.meta())
            .chain(snakeshift_rewrites::projects().iter().map(|r| r.meta()))
            .any(|m| m.id == name || m.group == name)
}

/// Which rewrites to run, by ids or groups.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Rules {
    /// `None` (or empty) means every rewrite that is not opt-in.
    pub select: Option<Vec<String>>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
}

/// The rewrites selected by ids or groups (no `select` means all), plus the extended ones,
/// minus the ignored ones, keeping only those whose old API is gone in `target`. Opt-in
/// rewrites run only when `select` or `extend-select` names their id.
pub fn select(
    all: &[&'static dyn Rewrite],
    projects: &[&'static dyn ProjectRewrite],
    rules: &Rules,
    target: PyVersion,
) -> Result<Selected, String> {
    let select = rules.select.as_deref().unwrap_or_default();
    for name in select
        .iter()
        .chain(&rules.extend_select)
        .chain(&rules.ignore)
    {
        if !is_known(name) {
            return Err(format!(
                "unknown rewrite or group `{name}` (see `snakeshift list`)"
            ));
        }
    }
    let matches = |m: &RewriteMeta, names: &[String]| {
        names
            .iter()
            .any(|n| n == "ALL" || n == m.id || n == m.group)
    };
    let named = |m: &RewriteMeta| select.iter().chain(&rules.extend_select).any(|n| n == m.id);
    let keep = |m: &RewriteMeta| {
        (!m.opt_in || named(m))
            && (select.is_empty() || matches(m, select) || matches(m, &rules.extend_select))
            && !matches(m, &rules.ignore)
            && m.removed_in.is_none_or(|v| target >= v)
    };
    Ok(Selected {
        files: all.iter().copied().filter(|r| keep(r.meta())).collect(),
        projects: projects
            .iter()
            .copied()
            .filter(|r| keep(r.meta()))
            .collect(),
    })
}

/// `--backports` asks for the backport dependencies whatever `--select` says; only
/// `--ignore backport-dependencies` (or its group) turns them off.
pub fn with_backports(
    mut selected: Selected,
    projects: &[&'static dyn ProjectRewrite],
    ignore: &[String],
) -> Selected {
    let id = snakeshift_rewrites::BACKPORT_DEPENDENCIES;
    let ignored = |m: &RewriteMeta| {
        ignore
            .iter()
            .any(|n| n == "ALL" || n == m.id || n == m.group)
    };
    if let Some(rewrite) = projects.iter().find(|r| r.meta().id == id)
        && !ignored(rewrite.meta())
        && !selected.projects.iter().any(|r| r.meta().id == id)
    {
        // Project rewrites run in registry order: keep it.
        selected.projects.push(*rewrite);
        selected.projects.sort_by_key(|r| {
            projects
                .iter()
                .position(|p| p.meta().id == r.meta().id)
                .unwrap_or(usize::MAX)
        });
    }
    selected
}
