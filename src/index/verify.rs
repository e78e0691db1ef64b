//! Telling a damaged index from a working one, and saying so in the user's terms.
//!
//! Tantivy reports a truncated or missing segment file with its own text, and random bytes in a
//! postings or term file can make it panic or silently change results. [`verify`] opens every
//! segment and checks every file's checksum, for the commands that can afford to read the whole
//! index (`fahras index`, `fahras stats`); [`guard`] turns tantivy's errors and panics during a
//! search into one [`IndexError::Corrupt`] naming the index and the rebuild command.

use std::any::Any;
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::index::{IndexError, PassageIndex};
use crate::search::SearchError;

/// Checks that every segment of `opened` opens and that no file fails its checksum.
pub(crate) fn verify(opened: &PassageIndex) -> Result<(), IndexError> {
    let corrupt = |reason: String| IndexError::Corrupt {
        path: opened.dir.clone(),
        reason,
    };
    opened.index.reader().map_err(|e| corrupt(e.to_string()))?;
    let damaged = opened
        .index
        .validate_checksum()
        .map_err(|e| corrupt(e.to_string()))?;
    if damaged.is_empty() {
        return Ok(());
    }
    let mut names: Vec<String> = damaged.iter().map(|p| p.display().to_string()).collect();
    names.sort();
    Err(corrupt(format!("damaged files: {}", names.join(", "))))
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
                slot.get_or_insert_with(|| (info.to_string().replace('\n', " "), in_tantivy));
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
        Ok(Err(error)) => Err(translate(error, &corrupt)),
        Err(payload) => {
            let message = caught.lock().ok().and_then(|mut slot| slot.take());
            match message {
                Some((message, true)) => {
                    Err(corrupt(format!("reading it failed: {message}")).into())
                }
                _ => panic::resume_unwind(payload as Box<dyn Any + Send>),
            }
        }
    }
}

/// A search or tantivy error as damage to the index; any other error as it is.
fn translate(error: anyhow::Error, corrupt: &dyn Fn(String) -> IndexError) -> anyhow::Error {
    for cause in error.chain() {
        if let Some(SearchError::Tantivy(e)) = cause.downcast_ref::<SearchError>() {
            return corrupt(e.to_string()).into();
        }
        if let Some(IndexError::Tantivy(e)) = cause.downcast_ref::<IndexError>() {
            return corrupt(e.to_string()).into();
        }
        if let Some(e) = cause.downcast_ref::<tantivy::TantivyError>() {
            return corrupt(e.to_string()).into();
        }
    }
    error
}
