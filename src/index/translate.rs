//! Tantivy's errors in the user's terms: what happened to the index and what to do about it.
//!
//! Tantivy says `Failed to open file for read: 'IoError { io_error: Custom { kind: InvalidData,
//! … } }'` where the user needs "its file X is cut short or overwritten: rebuild it". Each error
//! is sorted into what the user can act on: a full disk (free space), another writer (wait), no
//! permission (check the folder), or damage (repair with the command [`IndexError::Corrupt`]
//! names), with one short reason instead of tantivy's nested text.

use std::io;
use std::path::Path;
use std::sync::Arc;

use tantivy::directory::error::{LockError, OpenDirectoryError, OpenReadError, OpenWriteError};
use tantivy::TantivyError;

use crate::index::IndexError;

/// `error`, met while opening or reading the index in `index_dir`, as the [`IndexError`] the
/// user can act on; anything not caused by the disk, the lock or permissions is damage.
pub(crate) fn translate(error: &TantivyError, index_dir: &Path) -> IndexError {
    resource(error, index_dir).unwrap_or_else(|| IndexError::Corrupt {
        path: index_dir.to_path_buf(),
        reason: damage(error),
    })
}

/// `error` as a full disk, a busy index or a refused permission, when it is one of those.
pub(crate) fn resource(error: &TantivyError, index_dir: &Path) -> Option<IndexError> {
    if let TantivyError::LockFailure(LockError::LockBusy, _) = error {
        return Some(IndexError::Busy {
            path: index_dir.to_path_buf(),
            pid: None,
        });
    }
    let io_error = io_cause(error)?;
    match io_error.kind() {
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => Some(IndexError::NoSpace {
            path: index_dir.to_path_buf(),
            action: "the index is as it was before this run",
        }),
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => {
            Some(IndexError::Io {
                action: "no permission to use the index folder",
                path: index_dir.to_path_buf(),
                source: io::Error::new(io_error.kind(), io_error.to_string()),
            })
        }
        _ => None,
    }
}

/// The operating-system error under a tantivy error, if there is one.
fn io_cause(error: &TantivyError) -> Option<&io::Error> {
    let arc: &Arc<io::Error> = match error {
        TantivyError::IoError(e) => e,
        TantivyError::LockFailure(LockError::IoError(e), _) => e,
        TantivyError::OpenReadError(OpenReadError::IoError { io_error, .. }) => io_error,
        TantivyError::OpenWriteError(OpenWriteError::IoError { io_error, .. }) => io_error,
        TantivyError::OpenDirectoryError(OpenDirectoryError::IoError { io_error, .. }) => io_error,
        _ => return None,
    };
    Some(arc.as_ref())
}

/// What is wrong with a damaged index, in a few words naming the file concerned.
fn damage(error: &TantivyError) -> String {
    // The index folder starts the message: the file's own name is enough.
    let name = |path: &Path| {
        path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    };
    match error {
        TantivyError::OpenReadError(OpenReadError::FileDoesNotExist(path)) => {
            format!("its file {} is missing", name(path))
        }
        TantivyError::OpenReadError(OpenReadError::IoError { io_error, filepath })
            if io_error.kind() == io::ErrorKind::InvalidData =>
        {
            format!("its file {} is cut short or overwritten", name(filepath))
        }
        TantivyError::OpenReadError(OpenReadError::IoError { io_error, filepath }) => {
            format!("its file {} cannot be read: {}", name(filepath), io_error)
        }
        TantivyError::OpenDirectoryError(OpenDirectoryError::DoesNotExist(path)) => {
            format!("its folder {} is missing", name(path))
        }
        TantivyError::DataCorruption(corruption) => {
            // Tantivy has only a `Debug` text for it: "Data corruption (in file `…`): …".
            format!("{corruption:?}").replacen("Data corruption", "damaged data", 1)
        }
        TantivyError::IncompatibleIndex(_) => {
            "it was written by an incompatible version of the index library".to_owned()
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn dir() -> PathBuf {
        PathBuf::from("/tmp/idx")
    }

    fn io(kind: io::ErrorKind) -> Arc<io::Error> {
        Arc::new(io::Error::new(kind, "os says no"))
    }

    #[test]
    fn a_full_disk_under_any_tantivy_error_is_no_space() {
        let errors = [
            TantivyError::IoError(io(io::ErrorKind::StorageFull)),
            TantivyError::OpenWriteError(OpenWriteError::IoError {
                io_error: io(io::ErrorKind::StorageFull),
                filepath: PathBuf::from("a.idx"),
            }),
            TantivyError::LockFailure(LockError::IoError(io(io::ErrorKind::QuotaExceeded)), None),
        ];
        for error in errors {
            let translated = translate(&error, &dir());
            assert!(
                matches!(translated, IndexError::NoSpace { .. }),
                "{error:?} → {translated:?}"
            );
            assert!(translated.to_string().contains("free some space"));
        }
    }

    #[test]
    fn tantivys_busy_lock_says_wait_for_the_other_writer() {
        let error = TantivyError::LockFailure(LockError::LockBusy, Some("held".to_owned()));
        let translated = translate(&error, &dir());
        assert!(
            matches!(translated, IndexError::Busy { .. }),
            "{translated:?}"
        );
        assert!(translated.to_string().contains("wait for it to finish"));
    }

    #[test]
    fn a_refused_permission_is_not_called_damage() {
        let error = TantivyError::IoError(io(io::ErrorKind::PermissionDenied));
        let translated = translate(&error, &dir());
        assert!(
            matches!(translated, IndexError::Io { .. }),
            "{translated:?}"
        );
    }

    #[test]
    fn damage_names_the_file_in_a_few_words_and_the_repair() {
        let cases = [
            (
                TantivyError::OpenReadError(OpenReadError::FileDoesNotExist(PathBuf::from(
                    "ab.idx",
                ))),
                "its file ab.idx is missing",
            ),
            (
                TantivyError::OpenReadError(OpenReadError::IoError {
                    io_error: Arc::new(io::Error::new(
                        io::ErrorKind::InvalidData,
                        "Footer magic byte mismatch",
                    )),
                    filepath: PathBuf::from("ab.term"),
                }),
                "its file ab.term is cut short or overwritten",
            ),
        ];
        for (error, reason) in cases {
            let message = translate(&error, &dir()).to_string();
            assert!(message.contains(reason), "{message}");
            assert!(message.contains("--repair"), "{message}");
            assert!(!message.contains("IoError {"), "{message}");
        }
    }
}
