//! A failed build said in the user's terms.
//!
//! Tantivy's indexing thread dies on a full disk, and the build then fails with "An index writer
//! was killed", which says nothing of the cause. A failed build's error is checked for a full
//! disk (in its chain of causes, or by writing a small probe file beside the index) and
//! reported as [`IndexError::NoSpace`].

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use crate::index::IndexError;

/// Bytes the probe writes: more than a file system keeps in reserve for metadata.
const PROBE_BYTES: usize = 64 * 1024;

/// `error` as [`IndexError::NoSpace`] when the disk of `index_dir` is full, else as it is.
pub(crate) fn explain(error: IndexError, index_dir: &Path) -> IndexError {
    let refused = matches!(
        error,
        IndexError::Busy { .. }
            | IndexError::NotOurs { .. }
            | IndexError::Shrink { .. }
            | IndexError::OtherCorpus { .. }
            | IndexError::InsideCorpus { .. }
            | IndexError::Corpus(_)
    );
    if refused || !(says_full(&error) || disk_full(index_dir)) {
        return error;
    }
    IndexError::NoSpace {
        path: index_dir.to_path_buf(),
        action: "the index is as it was before this run",
    }
}

fn says_full(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(error);
    while let Some(error) = cause {
        if error
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::StorageFull)
        {
            return true;
        }
        cause = error.source();
    }
    false
}

/// Whether writing [`PROBE_BYTES`] in `dir` fails for want of space.
fn disk_full(dir: &Path) -> bool {
    let path = dir.join("fahras-space-probe");
    let outcome = fs::File::create(&path).and_then(|mut file| {
        file.write_all(&[0; PROBE_BYTES])?;
        file.sync_all()
    });
    let _ = fs::remove_file(&path);
    matches!(outcome, Err(e) if e.kind() == io::ErrorKind::StorageFull)
}
