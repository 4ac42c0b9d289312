//! The result cache: a file's results and diff, keyed by its bytes, everything that decides
//! how it is migrated (the selected rewrites, the required fix safety, the rewrite options,
//! the version window, the path and kind of file, the diff's context) and the snakeshift
//! binary, so that a re-run over an unchanged tree costs little more than reading it.
//!
//! One file per cache directory, `.snakeshift_cache/<version>/results.bin` (postcard: the
//! binary's id, then the entries), read once at the start of a run (the entries only when
//! the id is this binary's) and written once at its end through a temporary file and a rename:
//! concurrent runs never leave a torn file (the last one to finish wins), and an entry that
//! cannot be read, or names a rewrite this binary does not have, is ignored and recomputed.
//! The project stage (setup.py conversion) is cached per project root, keyed on every file
//! it read ([`project`]).

mod project;

use project::ProjectEntry;
pub use project::{Recorded, project_key};
use serde::{Deserialize, Serialize};
use snakeshift_engine::fix::{Applicability, Edit};
use snakeshift_engine::pipeline::Reported;
use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// Entries kept at most: those of the last run first, then older ones.
const MAX_ENTRIES: usize = 200_000;

/// What an entry is stored under: a hash of everything its results depend on ([`Cache::key`]).
pub type Key = u128;

/// The cache of one run.
pub struct Cache {
    file: PathBuf,
    old: BTreeMap<Key, Entry>,
    old_projects: BTreeMap<Key, ProjectEntry>,
    /// The keys of old entries (of files or of project roots) this run used.
    used: Mutex<HashSet<Key>>,
    new: Mutex<BTreeMap<Key, Entry>>,
    new_projects: Mutex<BTreeMap<Key, ProjectEntry>>,
}

/// What a file's migration left, as stored.
#[derive(Clone, Serialize, Deserialize)]
pub struct Entry {
    /// How to turn the file's bytes (which the key covers) into the rewritten text, if it
    /// changed: much smaller than the text.
    pub result: Option<Changes>,
    pub applied: Vec<Finding>,
    pub remaining: Vec<Finding>,
    pub error: Option<String>,
    /// The unified diff of the change (the key covers the path shown and the context).
    pub diff: String,
}

/// A stored [`Reported`].
#[derive(Clone, Serialize, Deserialize)]
pub struct Finding {
    rewrite: String,
    message: String,
    note: Option<String>,
    fix_title: Option<String>,
    applicability: Option<String>,
    range: (usize, usize),
    start: (usize, usize),
    end: (usize, usize),
    start_in_result: (usize, usize),
    edits: Option<Vec<StoredEdit>>,
}

/// A stored [`Edit`]: start, end, content, key.
type StoredEdit = (usize, usize, String, Option<String>);

/// The lines a migration replaced: (start, end, new text) in bytes of the original, in
/// order, and a hash of the whole result to check the rebuilt text against.
#[derive(Clone, Serialize, Deserialize)]
pub struct Changes {
    replaced: Vec<(usize, usize, String)>,
    hash: u64,
}

impl Changes {
    fn new(original: &str, result: &str) -> Changes {
        let diff = similar::TextDiff::from_lines(original, result);
        // The byte offset at which each line starts, and the end.
        let offsets = |lines: &mut dyn Iterator<Item = &str>| -> Vec<usize> {
            std::iter::once(0)
                .chain(lines.scan(0, |at, l| {
                    *at += l.len();
                    Some(*at)
                }))
                .collect()
        };
        let old = offsets(&mut diff.iter_old_slices());
        let new = offsets(&mut diff.iter_new_slices());
        let replaced = diff
            .ops()
            .iter()
            .filter(|op| op.tag() != similar::DiffTag::Equal)
            .map(|op| {
                let (o, n) = (op.old_range(), op.new_range());
                (
                    old[o.start],
                    old[o.end],
                    result[new[n.start]..new[n.end]].to_owned(),
                )
            })
            .collect();
        Changes {
            replaced,
            hash: xxhash_rust::xxh3::xxh3_64(result.as_bytes()),
        }
    }

    /// The result rebuilt from the original, if it checks out.
    fn apply(&self, original: &[u8]) -> Option<Vec<u8>> {
        let mut out = Vec::with_capacity(original.len());
        let mut at = 0;
        for (start, end, text) in &self.replaced {
            out.extend_from_slice(original.get(at..*start)?);
            out.extend_from_slice(text.as_bytes());
            at = *end;
        }
        out.extend_from_slice(original.get(at..)?);
        (xxhash_rust::xxh3::xxh3_64(&out) == self.hash).then_some(out)
    }
}

impl Finding {
    fn of(r: &Reported) -> Finding {
        Finding {
            rewrite: r.rewrite.to_owned(),
            message: r.message.clone(),
            note: r.note.clone(),
            fix_title: r.fix_title.clone(),
            applicability: r.applicability.map(|a| format!("{a:?}")),
            range: (r.range.start, r.range.end),
            start: r.start,
            end: r.end,
            start_in_result: r.start_in_result,
            edits: r.edits.as_ref().map(|edits| {
                edits
                    .iter()
                    .map(|e| (e.range.start, e.range.end, e.content.clone(), e.key.clone()))
                    .collect()
            }),
        }
    }

    /// The finding back, if this binary knows its rewrite.
    fn to_reported(&self) -> Option<Reported> {
        let applicability = match self.applicability.as_deref() {
            None => None,
            Some("Safe") => Some(Applicability::Safe),
            Some("Unsafe") => Some(Applicability::Unsafe),
            Some("DisplayOnly") => Some(Applicability::DisplayOnly),
            Some(_) => return None,
        };
        Some(Reported {
            rewrite: rewrite_id(&self.rewrite)?,
            message: self.message.clone(),
            note: self.note.clone(),
            fix_title: self.fix_title.clone(),
            applicability,
            range: self.range.0..self.range.1,
            start: self.start,
            end: self.end,
            start_in_result: self.start_in_result,
            edits: self.edits.as_ref().map(|edits| {
                edits
                    .iter()
                    .map(|(start, end, content, key)| Edit {
                        range: *start..*end,
                        content: content.clone(),
                        key: key.clone(),
                    })
                    .collect()
            }),
        })
    }
}

/// The static id of a rewrite (or of the engine's own `unused-suppression` finding).
fn rewrite_id(id: &str) -> Option<&'static str> {
    static IDS: OnceLock<Vec<&'static str>> = OnceLock::new();
    IDS.get_or_init(|| {
        let mut ids: Vec<&'static str> = snakeshift_rewrites::all()
            .iter()
            .map(|r| r.meta().id)
            .collect();
        ids.push("unused-suppression");
        ids
    })
    .iter()
    .copied()
    .find(|known| *known == id)
}

/// A file's results as the run reports them.
pub struct Hit {
    pub result: Option<Vec<u8>>,
    pub applied: Vec<Reported>,
    pub remaining: Vec<Reported>,
    pub error: Option<String>,
    pub diff: String,
}

impl Entry {
    /// The entry of a file whose bytes were `original`; `None` when its texts are not UTF-8.
    pub fn new(
        original: &[u8],
        result: Option<&[u8]>,
        applied: &[Reported],
        remaining: &[Reported],
        error: Option<&str>,
        diff: &str,
    ) -> Option<Entry> {
        let result = match result {
            Some(bytes) => Some(Changes::new(
                std::str::from_utf8(original).ok()?,
                std::str::from_utf8(bytes).ok()?,
            )),
            None => None,
        };
        Some(Entry {
            result,
            applied: applied.iter().map(Finding::of).collect(),
            remaining: remaining.iter().map(Finding::of).collect(),
            error: error.map(str::to_owned),
            diff: diff.to_owned(),
        })
    }

    fn hit(&self, original: &[u8]) -> Option<Hit> {
        let back = |list: &[Finding]| -> Option<Vec<Reported>> {
            list.iter().map(Finding::to_reported).collect()
        };
        let result = match &self.result {
            Some(changes) => Some(changes.apply(original)?),
            None => None,
        };
        Some(Hit {
            result,
            applied: back(&self.applied)?,
            remaining: back(&self.remaining)?,
            error: self.error.clone(),
            diff: self.diff.clone(),
        })
    }
}

impl Cache {
    /// The cache under `dir` (created with a `.gitignore` of its own on first write); an
    /// unreadable or foreign file starts it empty.
    pub fn open(dir: &Path) -> Cache {
        let file = dir.join(env!("CARGO_PKG_VERSION")).join("results.bin");
        let stored = std::fs::read(&file).ok().and_then(|bytes| {
            let (binary, rest) = postcard::take_from_bytes::<String>(&bytes).ok()?;
            (binary == binary_id())
                .then(|| postcard::from_bytes::<Stored>(rest).ok())
                .flatten()
        });
        let (old, old_projects) = stored.map_or_else(Default::default, |s| (s.entries, s.projects));
        Cache {
            file,
            old,
            old_projects,
            used: Mutex::default(),
            new: Mutex::default(),
            new_projects: Mutex::default(),
        }
    }

    /// The key of a file: the hash of its bytes ([`content_hash`]) and everything else that
    /// decides its results (`context`, in parts).
    pub fn key(content: u128, context: &[&str]) -> Key {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        hasher.update(binary_id().as_bytes());
        for part in context {
            hasher.update(&(part.len() as u64).to_le_bytes());
            hasher.update(part.as_bytes());
        }
        hasher.update(&content.to_le_bytes());
        hasher.digest128()
    }

    /// The results stored for `key`, whose file's bytes are `original`.
    pub fn get(&self, key: Key, original: &[u8]) -> Option<Hit> {
        let hit = self.old.get(&key)?.hit(original)?;
        self.used.lock().unwrap().insert(key);
        Some(hit)
    }

    /// Whether the results stored for `key` are nothing at all (no change, finding or
    /// error): then the file's bytes are not needed to report them.
    pub fn holds_nothing(&self, key: Key) -> bool {
        let nothing = self.old.get(&key).is_some_and(|e| {
            e.result.is_none()
                && e.applied.is_empty()
                && e.remaining.is_empty()
                && e.error.is_none()
        });
        if nothing {
            self.used.lock().unwrap().insert(key);
        }
        nothing
    }

    pub fn put(&self, key: Key, entry: Entry) {
        self.new.lock().unwrap().insert(key, entry);
    }

    /// Writes the entries of this run, then older ones up to [`MAX_ENTRIES`], in the order of
    /// their keys (the same entries give the same file). A run that
    /// found everything in the cache writes nothing, unless the entries it did not use (of
    /// other settings, or of files since changed) outnumber those it used: a warm run after
    /// a switch of settings does not rewrite the whole cache each time.
    pub fn save(self) -> Result<(), String> {
        let used = self.used.into_inner().unwrap();
        let mut entries = self.new.into_inner().unwrap();
        let mut projects = self.new_projects.into_inner().unwrap();
        // Counted over files only: a run that selects no project rewrite uses no root's entry.
        let used_files = used.iter().filter(|k| self.old.contains_key(k)).count();
        let unused = self.old.len() - used_files;
        if entries.is_empty() && projects.is_empty() && unused <= used_files {
            return Ok(());
        }
        let mut old = self.old;
        let mut old_projects = self.old_projects;
        for key in used {
            if let Some(e) = old.remove(&key) {
                entries.insert(key, e);
            } else if let Some(e) = old_projects.remove(&key) {
                projects.insert(key, e);
            }
        }
        let room = MAX_ENTRIES.saturating_sub(entries.len());
        entries.extend(old.into_iter().take(room));
        let room = MAX_ENTRIES.saturating_sub(projects.len());
        projects.extend(old_projects.into_iter().take(room));
        let stored = Stored { entries, projects };
        let bytes = postcard::to_stdvec(&(binary_id(), stored)).map_err(|e| e.to_string())?;
        write_cache_file(&self.file, &bytes).map_err(|e| e.to_string())
    }
}

#[derive(Serialize, Deserialize)]
struct Stored {
    entries: BTreeMap<Key, Entry>,
    projects: BTreeMap<Key, ProjectEntry>,
}

/// Identifies this binary: its version, and its size and modification time (a rebuilt
/// development binary of the same version must not trust its predecessor's results).
/// The hash of a file's bytes the cache keys on (XXH3-128).
pub fn content_hash(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

fn binary_id() -> &'static str {
    static ID: OnceLock<String> = OnceLock::new();
    ID.get_or_init(|| {
        let meta = std::env::current_exe().and_then(std::fs::metadata);
        let stamp = meta.map_or_else(
            |_| "unknown".to_owned(),
            |m| {
                let modified = m
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos());
                format!("{}-{modified}", m.len())
            },
        );
        format!("{}-{stamp}", env!("CARGO_PKG_VERSION"))
    })
}

/// Writes the cache file atomically (a temporary file in the same directory, renamed over
/// it), creating the directory with a `.gitignore` that ignores it all.
fn write_cache_file(file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = file.parent().expect("the cache file is in a directory");
    let root = dir
        .parent()
        .expect("the version directory is in the cache directory");
    std::fs::create_dir_all(dir)?;
    let ignore = root.join(".gitignore");
    if !ignore.exists() {
        std::fs::write(&ignore, "# Created by snakeshift: its result cache.\n*\n")?;
    }
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.persist(file).map_err(|e| e.error)?;
    Ok(())
}

/// The default cache directory: `.snakeshift_cache` in the project around the current
/// directory (the nearest directory holding a `pyproject.toml`, `setup.py`, `setup.cfg`,
/// `snakeshift.toml` or `.git`), else in the current directory.
pub fn default_dir(cwd: &Path) -> PathBuf {
    let markers = [
        "pyproject.toml",
        "setup.py",
        "setup.cfg",
        "snakeshift.toml",
        ".git",
    ];
    cwd.ancestors()
        .find(|d| markers.iter().any(|m| d.join(m).exists()))
        .unwrap_or(cwd)
        .join(".snakeshift_cache")
}
