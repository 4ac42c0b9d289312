//! Project-level edits: one [`FileChange`] per file a project rewrite creates, changes or
//! deletes. Reporters and the writer consume these the same way as file outcomes.

/// A whole-file edit, with paths relative to the directory snakeshift reports from.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileChange {
    /// The path as shown to the user (`pkg/pyproject.toml`).
    pub path: String,
    /// The text before (`None`: the file is created).
    pub old: Option<String>,
    /// The text after (`None`: the file is deleted).
    pub new: Option<String>,
}
