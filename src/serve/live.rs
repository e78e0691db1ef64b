//! The index as last committed, picked up while the server runs.
//!
//! An [`Engine`] searches the index as it was when opened. Every [`RELOAD_EVERY`](super)
//! a thread looks at the index folder's state ([`Stamp`]: the live `data/` folder itself, which
//! a `--rebuild` replaces, and the files every commit rewrites); when it changed and no `fahras
//! index` holds the folder any more (an update's commit and the spelling variants it writes
//! after are both done), a new engine is opened beside the old one and swapped in. Requests
//! that started on the old engine finish on it (each holds an `Arc`, and the segment files it
//! maps stay readable after a merge or a switch deletes them), so no search fails or sees a
//! half-built index; if the new one cannot be opened (a switch happening right then), the old
//! one keeps serving and the next look tries again.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use arc_swap::ArcSwap;

use crate::cli::search::open_engine;
use crate::index::{self, lock, PassageIndex, DATA_DIR};
use crate::search::Engine;

/// The engine serving requests.
pub(crate) struct Live {
    dir: PathBuf,
    current: ArcSwap<Loaded>,
}

/// One opened state of the index.
pub(crate) struct Loaded {
    /// The engine.
    pub engine: Engine,
    /// The folder state it was opened from.
    stamp: Stamp,
}

/// What changes when `fahras index` commits or switches: the identity of `data/` and of the
/// files written by each build, with their sizes and modification times.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Stamp(Vec<Option<(u64, u64, SystemTime)>>);

/// Files rewritten by every build: tantivy's commit point, fahras' build info, manifest and
/// spelling variants.
const WATCHED: [&str; 4] = ["meta.json", "fahras.json", "manifest.json", "variants.json"];

fn stamp(dir: &Path) -> Stamp {
    let data = dir.join(DATA_DIR);
    let mut parts = vec![identity(&data)];
    parts.extend(WATCHED.iter().map(|name| identity(&data.join(name))));
    Stamp(parts)
}

fn identity(path: &Path) -> Option<(u64, u64, SystemTime)> {
    let meta = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&meta);
    #[cfg(not(unix))]
    let inode = 0;
    Some((inode, meta.len(), meta.modified().ok()?))
}

impl Live {
    /// Serves `opened`, the index in `dir`.
    pub(crate) fn open(dir: &Path, opened: PassageIndex) -> anyhow::Result<Arc<Live>> {
        let stamp = stamp(dir);
        let engine = open_engine(opened, dir)?;
        Ok(Arc::new(Live {
            dir: dir.to_path_buf(),
            current: ArcSwap::from_pointee(Loaded { engine, stamp }),
        }))
    }

    /// The engine to answer a request with (kept alive as long as the request holds it).
    pub(crate) fn engine(&self) -> Arc<Loaded> {
        self.current.load_full()
    }

    /// Opens the index again if it changed and no writer holds it; whether it did.
    fn refresh(&self) -> anyhow::Result<bool> {
        let now = stamp(&self.dir);
        if now == self.current.load().stamp || lock::is_held(&self.dir) {
            return Ok(false);
        }
        let opened = index::open(&self.dir)?;
        let engine = Engine::new(opened)?;
        self.current.store(Arc::new(Loaded { engine, stamp: now }));
        Ok(true)
    }
}

/// Looks at the index every `every` on a thread of its own, for as long as the process runs.
pub(crate) fn watch(live: Arc<Live>, every: Duration) {
    std::thread::spawn(move || {
        let mut failing = false;
        loop {
            std::thread::sleep(every);
            match live.refresh() {
                Ok(true) => {
                    failing = false;
                    eprintln!(
                        "fahras: the index at {} changed: now serving it",
                        live.dir.display()
                    );
                }
                Ok(false) => {}
                Err(error) if !failing => {
                    // Said once per failing stretch; the previous index keeps serving.
                    failing = true;
                    eprintln!(
                        "fahras: the index at {} changed but cannot be opened yet ({error:#}); still serving the previous one",
                        live.dir.display()
                    );
                }
                Err(_) => {}
            }
        }
    });
}
