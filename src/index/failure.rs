//! A failed build said in the user's terms.
//!
//! Tantivy's indexing thread dies on a full disk, and the build then fails with "An index writer
//! was killed", which says nothing of the cause. A failed build's error is checked for a full
//! disk (in its chain of causes, or by writing a small probe file beside the index) and
//! reported as [`IndexError::NoSpace`]; tantivy's errors of a busy lock or a refused permission
//! are said as such too ([`translate::resource`]).

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use crate::index::{translate, IndexError};

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
    if let IndexError::Tantivy(e) = &error {
        if let Some(said) = translate::resource(e, index_dir) {
            return said;
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_disk_in_the_chain_of_causes_is_said_as_such() {
        let dir = tempfile::tempdir().expect("tempdir");
        let error = IndexError::Io {
            action: "cannot write",
            path: dir.path().join("data.new/manifest.json"),
            source: io::Error::from(io::ErrorKind::StorageFull),
        };
        let said = explain(error, dir.path());
        assert!(matches!(said, IndexError::NoSpace { .. }), "{said:?}");
        assert!(said.to_string().contains("no space left"), "{said}");
    }

    #[test]
    fn tantivys_full_disk_and_busy_lock_are_said_in_the_users_terms() {
        let dir = tempfile::tempdir().expect("tempdir");
        let full = tantivy::TantivyError::IoError(std::sync::Arc::new(io::Error::from(
            io::ErrorKind::StorageFull,
        )));
        let said = explain(IndexError::Tantivy(full), dir.path());
        assert!(matches!(said, IndexError::NoSpace { .. }), "{said:?}");
        let busy = tantivy::TantivyError::LockFailure(
            tantivy::directory::error::LockError::LockBusy,
            None,
        );
        let said = explain(IndexError::Tantivy(busy), dir.path());
        assert!(said.to_string().contains("wait for it to finish"), "{said}");
    }

    #[test]
    fn another_failure_on_a_disk_with_space_is_left_as_it_is() {
        let dir = tempfile::tempdir().expect("tempdir");
        let killed = tantivy::TantivyError::ErrorInThread("An index writer was killed".into());
        let said = explain(IndexError::Tantivy(killed), dir.path());
        assert!(matches!(said, IndexError::Tantivy(_)), "{said:?}");
    }
}
