//! The passage index: schema, on-disk layout, opening, and building (see [`build`]).
//!
//! Layout of an index folder (default `./index`):
//!
//! ```text
//! index/
//!   data/                 the live tantivy index, plus
//!     fahras-index        the mark of a folder fahras created and may delete ([`ownership`])
//!     fahras.json         build info: schema version, analyzers, counts, build time
//!     manifest.json       every indexed source file: size, mtime, content hash, document ids
//!                         with their record hashes ([`records`]), and the tantivy commit it
//!                         describes ([`state`]); `manifest.pending.json` while a commit is made
//!     variants.json       spelling variants of the indexed terms (see [`variants`])
//!     chrome.json         the chrome learned from the corpus (see [`chrome`])
//!   data.new/             a rebuild in progress (ignored by readers)
//!   fahras.lock           held by the running `fahras index`, if any ([`lock`])
//! ```
//!
//! A rebuild is written to `data.new/` and switched in with two renames, so an interrupted build
//! leaves the previous `data/` searchable; `fahras.lock` keeps a second writer out for the whole
//! run. Incremental runs commit into `data/` directly: a tantivy commit is atomic, and the
//! manifest is written just before it and names it, so a manifest that does not describe the
//! last commit is recognised and rebuilt from the index.

pub mod build;
pub(crate) mod chrome;
mod directory;
mod failure;
pub mod info;
pub(crate) mod lock;
pub mod manifest;
pub mod origin;
pub(crate) mod ownership;
mod progress;
pub(crate) mod records;
pub mod remeasure;
pub mod schema;
mod shrink;
mod state;
pub mod stats;
mod translate;
pub mod variants;
pub(crate) mod verify;

use std::io;
use std::path::{Path, PathBuf};

use tantivy::Index;
use thiserror::Error;

pub use info::BuildInfo;
pub use schema::{Fields, SCHEMA_VERSION};

use crate::analysis;

/// Name of the live index folder inside the index directory.
pub const DATA_DIR: &str = "data";
/// Name of the folder a rebuild writes before it is switched in.
pub const BUILDING_DIR: &str = "data.new";
/// Name of the previous index while a rebuild switches folders.
pub const RETIRED_DIR: &str = "data.old";

/// Errors of opening or building an index.
#[derive(Debug, Error)]
pub enum IndexError {
    /// No index has been built at this location.
    #[error("no index at {}: build it with `fahras index`", path.display())]
    Missing {
        /// The index directory.
        path: PathBuf,
    },
    /// The index was built by another schema version.
    #[error(
        "the index at {} has schema version {found}, this fahras needs {expected}: rebuild with `fahras index --rebuild`",
        path.display()
    )]
    SchemaMismatch {
        /// The index directory.
        path: PathBuf,
        /// Version recorded in the index.
        found: u32,
        /// [`SCHEMA_VERSION`].
        expected: u32,
    },
    /// The index files are damaged or not a fahras index.
    #[error(
        "the index at {} is damaged or unreadable ({reason}): rebuild it from its corpus with `fahras index --index {} --repair`",
        path.display(),
        origin::shell_word(path)
    )]
    Corrupt {
        /// The index directory.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// A file-system operation failed.
    #[error("{action} {}", path.display())]
    Io {
        /// What was being done, e.g. "cannot create".
        action: &'static str,
        /// The path concerned.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// `fahras index` was given another corpus than the one the index was built from: updating
    /// would delete every document of the index.
    #[error(
        "the index at {} was built from the corpus {}, not {}: refusing to update it from another corpus (`fahras index --corpus {} --index {} --rebuild` replaces it with an index of {})",
        index.display(),
        recorded.display(),
        given.display(),
        origin::shell_word(given),
        origin::shell_word(index),
        given.display()
    )]
    OtherCorpus {
        /// The index directory.
        index: PathBuf,
        /// The corpus the index records.
        recorded: PathBuf,
        /// The corpus given to this run.
        given: PathBuf,
    },
    /// The index folder lies inside the corpus folder.
    #[error(
        "the index folder {} is inside the corpus folder {}: choose an index folder outside the corpus",
        index.display(),
        corpus.display()
    )]
    InsideCorpus {
        /// The index directory as given.
        index: PathBuf,
        /// The corpus folder.
        corpus: PathBuf,
    },
    /// A `data/`, `data.new/` or `data.old/` in the index directory that fahras did not create.
    #[error(
        "{} is not a fahras index folder (it has no `{}` marker and no fahras build info): refusing to replace or delete it; move it away or choose another --index folder",
        path.display(),
        ownership::MARKER_FILE
    )]
    NotOurs {
        /// The folder.
        path: PathBuf,
    },
    /// The run would remove most (or all) of the index's documents: the corpus may be missing.
    #[error(
        "refusing to shrink the index at {} from {before} to {after} documents: the corpus folder {} gives fewer than half of them (an unmounted disk, a renamed folder, unreadable files?); the index is unchanged. Check the corpus, or run `fahras index --corpus {} --index {} --allow-shrink` if the documents are really gone",
        index.display(),
        corpus.display(),
        origin::shell_word(corpus),
        origin::shell_word(index)
    )]
    Shrink {
        /// The corpus folder.
        corpus: PathBuf,
        /// The index directory.
        index: PathBuf,
        /// Documents in the index now.
        before: u64,
        /// Documents the run would leave.
        after: u64,
    },
    /// Another `fahras index` holds the index folder.
    #[error(
        "another fahras index is running on {}{}: wait for it to finish",
        path.display(),
        pid.map(|pid| format!(" (pid {pid})")).unwrap_or_default()
    )]
    Busy {
        /// The index directory.
        path: PathBuf,
        /// The process holding it, when it said.
        pid: Option<u32>,
    },
    /// The disk of the index is full.
    #[error(
        "no space left on the disk of the index at {}: free some space and run again ({action})",
        path.display()
    )]
    NoSpace {
        /// The index directory.
        path: PathBuf,
        /// What became of the run's files.
        action: &'static str,
    },
    /// The corpus folder cannot be read.
    #[error(transparent)]
    Corpus(#[from] crate::corpus::CorpusError),
    /// Tantivy failed while writing (its text follows as the source, said once); reading errors
    /// are translated into the variants above ([`translate`]).
    #[error("index error")]
    Tantivy(#[from] tantivy::TantivyError),
}

/// An opened fahras index.
pub struct PassageIndex {
    /// The tantivy index, with fahras' analyzers registered.
    pub index: Index,
    /// Field handles.
    pub fields: Fields,
    /// What the last build recorded.
    pub info: BuildInfo,
    /// The index directory (the parent of `data/`).
    pub dir: PathBuf,
}

/// Whether `dir` holds a built index (it may still be of another schema version).
pub fn exists(dir: &Path) -> bool {
    recover_interrupted_switch(dir);
    dir.join(DATA_DIR).join(info::INFO_FILE).is_file()
}

/// Opens the index in `dir`, checking its schema version and registering the analyzers.
pub fn open(dir: &Path) -> Result<PassageIndex, IndexError> {
    recover_interrupted_switch(dir);
    let data = dir.join(DATA_DIR);
    let info = match BuildInfo::read(&data) {
        Ok(Some(info)) => info,
        Ok(None) => {
            return Err(IndexError::Missing {
                path: dir.to_path_buf(),
            })
        }
        Err(reason) => {
            return Err(IndexError::Corrupt {
                path: dir.to_path_buf(),
                reason,
            })
        }
    };
    if info.schema_version != SCHEMA_VERSION {
        return Err(IndexError::SchemaMismatch {
            path: dir.to_path_buf(),
            found: info.schema_version,
            expected: SCHEMA_VERSION,
        });
    }
    let directory =
        directory::IndexDirectory::open(&data).map_err(|e| translate::translate(&e.into(), dir))?;
    let index = Index::open(directory).map_err(|e| translate::translate(&e, dir))?;
    analysis::register(index.tokenizers());
    let fields = Fields::from_schema(&index.schema()).ok_or_else(|| IndexError::Corrupt {
        path: dir.to_path_buf(),
        reason: "fields are missing from the schema".to_string(),
    })?;
    Ok(PassageIndex {
        index,
        fields,
        info,
        dir: dir.to_path_buf(),
    })
}

/// A rebuild killed between its two renames leaves `data.old/` and no `data/`: put it back.
/// A rebuild still running (it holds the writer lock) is in the middle of its switch instead:
/// wait for it to end, briefly, rather than undo it.
fn recover_interrupted_switch(dir: &Path) {
    for _ in 0..SWITCH_WAITS {
        if !needs_recovery(dir) {
            return;
        }
        if let Some(_lock) = lock::try_acquire(dir) {
            recover_locked(dir);
            return;
        }
        if !lock::is_held(dir) {
            return; // a folder fahras cannot write to: nothing to recover
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// How many times of 50 ms a reader waits for a rebuild's switch to end.
const SWITCH_WAITS: usize = 40;

fn needs_recovery(dir: &Path) -> bool {
    let retired = dir.join(RETIRED_DIR);
    !dir.join(DATA_DIR).exists() && retired.exists() && ownership::is_ours(&retired)
}

/// [`recover_interrupted_switch`] for the holder of the writer lock.
pub(crate) fn recover_locked(dir: &Path) {
    if needs_recovery(dir) {
        let _ = std::fs::rename(dir.join(RETIRED_DIR), dir.join(DATA_DIR));
    }
}
