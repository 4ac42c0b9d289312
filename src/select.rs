//! Choosing the rewrites of a run: `--select`, `--ignore` and the target version.

use snakeshift_engine::rewrite::Rewrite;
use snakeshift_engine::version::PyVersion;

/// The rewrites selected by ids or groups (empty `select` means all), minus the ignored ones,
/// keeping only those whose old API is gone in `target`. Opt-in rewrites run only when
/// `select` names their id.
pub fn select(
    all: &[&'static dyn Rewrite],
    select: &[String],
    ignore: &[String],
    target: PyVersion,
) -> Result<Vec<&'static dyn Rewrite>, String> {
    for name in select.iter().chain(ignore) {
        let known = name == "ALL"
            || all
                .iter()
                .any(|r| r.meta().id == name || r.meta().group == name);
        if !known {
            return Err(format!(
                "unknown rewrite or group `{name}` (see `snakeshift list`)"
            ));
        }
    }
    let matches = |r: &dyn Rewrite, names: &[String]| {
        names
            .iter()
            .any(|n| n == "ALL" || n == r.meta().id || n == r.meta().group)
    };
    let named = |r: &dyn Rewrite| select.iter().any(|n| n == r.meta().id);
    Ok(all
        .iter()
        .copied()
        .filter(|r| !r.meta().opt_in || named(*r))
        .filter(|r| select.is_empty() || matches(*r, select))
        .filter(|r| !matches(*r, ignore))
        .filter(|r| r.meta().removed_in.is_none_or(|v| target >= v))
        .collect())
}
