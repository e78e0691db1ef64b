//! Telling a damaged index from a working one, and saying so in the user's terms.
//!
//! Tantivy reports a truncated or missing segment file with its own text, and random bytes in a
//! postings or term file can make it panic or silently change results. [`verify`] opens every
//! segment and checks every file's checksum, for the commands that can afford to read the whole
//! index (`fahras index`, `fahras stats`), and [`damage`] tells `fahras index --repair` whether
//! to rebuild; [`guard`] turns tantivy's errors and panics during a search into one error in the
//! user's terms ([`translate`](translate::translate)): damage names the index and the repair
//! command.

use std::any::Any;
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::index::{translate, IndexError, PassageIndex};
use crate::search::SearchError;

/// Checks that every segment of `opened` opens and that no file fails its checksum.
pub(crate) fn verify(opened: &PassageIndex) -> Result<(), IndexError> {
    let translated = |e: tantivy::TantivyError| translate::translate(&e, &opened.dir);
    opened.index.reader().map_err(translated)?;
    let damaged = opened.index.validate_checksum().map_err(translated)?;
    if damaged.is_empty() {
        return Ok(());
    }
    let mut names: Vec<String> = damaged.iter().map(|p| p.display().to_string()).collect();
    names.sort();
    Err(IndexError::Corrupt {
        path: opened.dir.clone(),
        reason: format!("its files {} fail their checksums", names.join(", ")),
    })
}

/// What is wrong with the index in `index_dir` when it is damaged; `None` when it is sound, or
/// missing, or unusable for another reason (a schema of another version, a busy lock), which a
/// rebuild from the corpus would not be the answer to.
pub(crate) fn damage(index_dir: &Path) -> Option<String> {
    if !crate::index::exists(index_dir) {
        return None;
    }
    match crate::index::open(index_dir).and_then(|opened| verify(&opened)) {
        Err(IndexError::Corrupt { reason, .. }) => Some(reason),
        _ => None,
    }
}

/// Runs `work` on the index in `index_dir`: tantivy errors become [`IndexError::Corrupt`], and
/// so do tantivy's panics on corrupt data (silenced, not printed); other panics go on as panics.
pub fn guard<T>(index_dir: &Path, work: impl FnOnce() -> anyhow::Result<T>) -> anyhow::Result<T> {
    let caught: Arc<Mutex<Option<(String, bool)>>> = Arc::default();
    let previous = Arc::new(panic::take_hook());
    {
        let caught = Arc::clone(&caught);
        let previous = Arc::clone(&previous);
        panic::set_hook(Box::new(move |info| {
            let in_tantivy = info
                .location()
                .is_some_and(|l| l.file().contains("tantivy"));
            if !in_tantivy {
                previous(info);
            }
            if let Ok(mut slot) = caught.lock() {
                // The panic's own message, without the source location that means nothing to
                // the user.
                let payload = info.payload();
                let message = payload
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                slot.get_or_insert_with(|| (message.replace('\n', " "), in_tantivy));
            }
        }));
    }
    let outcome = panic::catch_unwind(AssertUnwindSafe(work));
    let _ = panic::take_hook();
    if let Ok(previous) = Arc::try_unwrap(previous) {
        panic::set_hook(previous);
    }
    let corrupt = |reason: String| IndexError::Corrupt {
        path: index_dir.to_path_buf(),
        reason,
    };
    match outcome {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(error)) => Err(said_once(error, index_dir)),
        Err(payload) => {
            let message = caught.lock().ok().and_then(|mut slot| slot.take());
            match message {
                Some((message, true)) => {
                    let reason = format!("reading it stopped on corrupt data: {message}");
                    Err(corrupt(reason).into())
                }
                _ => panic::resume_unwind(payload as Box<dyn Any + Send>),
            }
        }
    }
}

/// A search or tantivy error in the user's terms ([`translate`](translate::translate)), said once
/// in place of the whole chain; any other error as it is.
fn said_once(error: anyhow::Error, index_dir: &Path) -> anyhow::Error {
    for cause in error.chain() {
        let tantivy = match cause.downcast_ref::<SearchError>() {
            Some(SearchError::Tantivy(e)) => Some(e),
            None => match cause.downcast_ref::<IndexError>() {
                Some(IndexError::Tantivy(e)) => Some(e),
                _ => cause.downcast_ref::<tantivy::TantivyError>(),
            },
        };
        if let Some(e) = tantivy {
            return translate::translate(e, index_dir).into();
        }
    }
    error
}
