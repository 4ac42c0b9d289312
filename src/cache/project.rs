//! The project stage's part of the result cache. A project root's outcome (the setup.py
//! conversion, the backport dependencies, the tooling files) is a function of its settings,
//! the texts the file rewrites handed over and what the project's files answered: every
//! file it read and every directory it listed. Those answers are recorded while it runs and
//! stored, as hashes, with the outcome; a later run reuses the outcome only when each of
//! them is still the same on disk.

use super::{Cache, Key};
use serde::{Deserialize, Serialize};
use snakeshift_project::files::{DirEntry, ProjectFiles};
use snakeshift_rewrites::project::ProjectOutcome;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet};
use xxhash_rust::xxh3::Xxh3;

/// One answer the project's files gave: a file's text or a directory's listing (by its
/// `/`-separated path below the root), as a hash.
#[derive(Serialize, Deserialize)]
pub struct Answer {
    listing: bool,
    path: String,
    hash: u128,
}

/// A root's stored outcome and the answers it was computed from.
#[derive(Serialize, Deserialize)]
pub struct ProjectEntry {
    answers: Vec<Answer>,
    outcome: ProjectOutcome,
}

fn text_hash(text: Option<&str>) -> u128 {
    let mut hasher = Xxh3::new();
    if let Some(text) = text {
        hasher.update(b"t");
        hasher.update(text.as_bytes());
    }
    hasher.digest128()
}

fn listing_hash(entries: Option<&[DirEntry]>) -> u128 {
    let mut hasher = Xxh3::new();
    for entry in entries.unwrap_or_default() {
        hasher.update(if entry.is_dir { b"d" } else { b"f" });
        hasher.update(&(entry.name.len() as u64).to_le_bytes());
        hasher.update(entry.name.as_bytes());
    }
    if entries.is_some() {
        hasher.update(b"l");
    }
    hasher.digest128()
}

impl Answer {
    /// Whether `files` still gives this answer.
    fn holds(&self, files: &dyn ProjectFiles) -> bool {
        let now = if self.listing {
            listing_hash(files.list(&self.path).as_deref())
        } else {
            text_hash(files.read(&self.path).as_deref())
        };
        now == self.hash
    }
}

/// A project's files that remember what they answered.
pub struct Recorded<'a> {
    files: &'a dyn ProjectFiles,
    answers: RefCell<Vec<Answer>>,
    asked: RefCell<HashSet<(bool, String)>>,
}

impl<'a> Recorded<'a> {
    pub fn new(files: &'a dyn ProjectFiles) -> Recorded<'a> {
        Recorded {
            files,
            answers: RefCell::default(),
            asked: RefCell::default(),
        }
    }

    fn note(&self, listing: bool, path: &str, hash: impl FnOnce() -> u128) {
        if self.asked.borrow_mut().insert((listing, path.to_owned())) {
            self.answers.borrow_mut().push(Answer {
                listing,
                path: path.to_owned(),
                hash: hash(),
            });
        }
    }
}

impl ProjectFiles for Recorded<'_> {
    fn read(&self, path: &str) -> Option<String> {
        let text = self.files.read(path);
        self.note(false, path, || text_hash(text.as_deref()));
        text
    }

    fn list(&self, dir: &str) -> Option<Vec<DirEntry>> {
        let entries = self.files.list(dir);
        self.note(true, dir, || listing_hash(entries.as_deref()));
        entries
    }
}

/// The cache key of a project root's outcome: its settings (`context`, which names the
/// root and the selected project rewrites) and the texts the file rewrites handed over.
pub fn project_key(context: &str, rewritten: &BTreeMap<String, String>) -> Key {
    let mut hasher = Xxh3::new();
    for (name, text) in rewritten {
        for part in [name, text] {
            hasher.update(&(part.len() as u64).to_le_bytes());
            hasher.update(part.as_bytes());
        }
    }
    Cache::key(hasher.digest128(), &["project", context])
}

impl Cache {
    /// The outcome stored for `key`, if every answer it was computed from still holds in
    /// `files`.
    pub fn project(&self, key: Key, files: &dyn ProjectFiles) -> Option<ProjectOutcome> {
        let entry = self.old_projects.get(&key)?;
        if !entry.answers.iter().all(|a| a.holds(files)) {
            return None;
        }
        self.used.lock().unwrap().insert(key);
        Some(entry.outcome.clone())
    }

    /// Stores a root's outcome with the answers its files gave.
    pub fn put_project(&self, key: Key, files: Recorded<'_>, outcome: &ProjectOutcome) {
        let entry = ProjectEntry {
            answers: files.answers.into_inner(),
            outcome: outcome.clone(),
        };
        self.new_projects.lock().unwrap().insert(key, entry);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use snakeshift_project::files::MemoryFiles;

    /// Every answer recorded from `files`, asked through the recorder as a rewrite would.
    fn answers(files: &MemoryFiles, ask: impl Fn(&dyn ProjectFiles)) -> Vec<Answer> {
        let recorded = Recorded::new(files);
        ask(&recorded);
        recorded.answers.into_inner()
    }

    #[test]
    fn an_answer_holds_until_the_file_or_the_listing_changes() {
        let files = MemoryFiles::new()
            .with("setup.py", "setup()\n")
            .with("pkg/__init__.py", "");
        let ask = |f: &dyn ProjectFiles| {
            f.read("setup.py");
            f.read("setup.py");
            f.read("missing.txt");
            f.is_dir("pkg");
        };
        let recorded = answers(&files, ask);
        assert_eq!(recorded.len(), 3, "each question once");
        assert!(recorded.iter().all(|a| a.holds(&files)));
        // A file that appears, a changed text, a new entry in a listed directory.
        let changed = [
            files.clone().with("missing.txt", ""),
            files.clone().with("setup.py", "setup(name='p')\n"),
            files.clone().with("other/x.py", ""),
        ];
        for other in &changed {
            assert!(!recorded.iter().all(|a| a.holds(other)));
        }
        // An empty file is not a missing one.
        let empty = MemoryFiles::new().with("a", "");
        let read_a = |f: &dyn ProjectFiles| {
            f.read("a");
        };
        assert!(!answers(&empty, read_a)[0].holds(&MemoryFiles::new()));
    }
}
