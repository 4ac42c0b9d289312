//! Choosing the rewrites of a run: `--select`, `--ignore` and the target version.

use snakeshift_engine::rewrite::{Rewrite, RewriteMeta};
use snakeshift_engine::version::PyVersion;
use snakeshift_rewrites::ProjectRewrite;

/// The rewrites of a run: file rewrites and project rewrites.
pub struct Selected {
    pub files: Vec<&'static dyn Rewrite>,
    pub projects: Vec<&'static dyn ProjectRewrite>,
}

/// The rewrites selected by ids or groups (empty `select` means all), minus the ignored ones,
/// keeping only those whose old API is gone in `target`. Opt-in rewrites run only when
/// `select` names their id.
pub fn select(
    all: &[&'static dyn Rewrite],
    projects: &[&'static dyn ProjectRewrite],
    select: &[String],
    ignore: &[String],
    target: PyVersion,
) -> Result<Selected, String> {
    let metas: Vec<&RewriteMeta> = all
        .iter()
        .map(|r| r.meta())
        .chain(projects.iter().map(|r| r.meta()))
        .collect();
    for name in select.iter().chain(ignore) {
        let known = name == "ALL" || metas.iter().any(|m| m.id == name || m.group == name);
        if !known {
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
    let named = |m: &RewriteMeta| select.iter().any(|n| n == m.id);
    let keep = |m: &RewriteMeta| {
        (!m.opt_in || named(m))
            && (select.is_empty() || matches(m, select))
            && !matches(m, ignore)
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
    let id = "backport-dependencies";
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
