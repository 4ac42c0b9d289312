//! The one-line summary of a run.

use super::Mode;
use crate::outcome::{FileReport, projects};
use snakeshift_engine::fix::Applicability;
use std::fmt;

#[derive(Default)]
pub struct Summary {
    pub files: usize,
    pub changed: usize,
    pub fixes: usize,
    pub unsafe_left: usize,
    pub manual_left: usize,
    pub failed: usize,
    pub io_failed: usize,
    /// Projects whose configuration moved to pyproject.toml.
    pub projects: usize,
    /// Projects a project rewrite refused to convert.
    pub refused: usize,
    mode: Option<Mode>,
}

impl Summary {
    pub fn new(reports: &[FileReport], mode: Mode) -> Self {
        let projects = projects(reports);
        let mut s = Summary {
            files: reports.iter().filter(|r| r.original.is_some()).count(),
            projects: projects.iter().filter(|p| p.converted).count(),
            refused: projects
                .iter()
                .filter(|p| p.report.refusal.is_some())
                .count(),
            mode: Some(mode),
            ..Summary::default()
        };
        for r in reports {
            if r.changed() {
                s.changed += 1;
                s.fixes += r.applied.len();
            }
            s.unsafe_left += r
                .remaining
                .iter()
                .filter(|f| f.applicability == Some(Applicability::Unsafe))
                .count();
            s.manual_left += r
                .remaining
                .iter()
                .filter(|f| f.applicability != Some(Applicability::Unsafe))
                .count();
            s.failed += usize::from(r.error.is_some());
            s.io_failed += usize::from(r.io_error.is_some());
        }
        s
    }

    /// Anything left for the user to act on.
    pub fn has_findings(&self) -> bool {
        self.unsafe_left + self.manual_left + self.failed + self.refused > 0
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if self.changed > 0 {
            let verb = if self.mode == Some(Mode::Apply) {
                "Rewrote"
            } else {
                "Would rewrite"
            };
            let mut what = count(self.fixes, "fix", "fixes");
            if self.projects > 0 {
                what.push_str(&format!(
                    ", {} to pyproject.toml",
                    count(self.projects, "project", "projects")
                ));
            }
            parts.push(format!(
                "{verb} {} ({what})",
                count(self.changed, "file", "files"),
            ));
        } else {
            parts.push(format!(
                "Nothing to rewrite in {}",
                count(self.files, "file", "files")
            ));
        }
        if self.unsafe_left > 0 {
            parts.push(format!(
                "{} with --unsafe",
                count(self.unsafe_left, "more fix", "more fixes")
            ));
        }
        if self.manual_left > 0 {
            parts.push(count(
                self.manual_left,
                "finding needs manual changes",
                "findings need manual changes",
            ));
        }
        if self.refused > 0 {
            parts.push(format!(
                "{} not converted to pyproject.toml",
                count(self.refused, "project", "projects")
            ));
        }
        if self.failed + self.io_failed > 0 {
            parts.push(format!(
                "{} could not be processed",
                count(self.failed + self.io_failed, "file", "files")
            ));
        }
        write!(f, "{}.", parts.join("; "))
    }
}
