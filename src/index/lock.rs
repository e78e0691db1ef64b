//! One writer at a time per index folder, rebuilds included.
//!
//! Tantivy's own writer lock covers one `data/` folder only, not a rebuild's `data.new/` or the
//! renames that switch it in, so two `--rebuild` runs (or a rebuild and an update) could each
//! switch folders under the other. `fahras index` holds [`LOCK_FILE`] in the index folder from
//! its first write to its last rename; the lock is an advisory file lock that the system
//! releases when the process ends, so a killed run never leaves a stale lock behind. Readers
//! never wait for it; they only use it to tell a switch in progress from an interrupted one.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use crate::index::IndexError;

/// The lock file inside the index folder.
pub(crate) const LOCK_FILE: &str = "fahras.lock";

/// The held lock; released when dropped.
#[derive(Debug)]
pub(crate) struct WriterLock {
    _file: File,
}

/// Takes the writer lock of the index folder `dir` (which exists), or says who holds it.
pub(crate) fn acquire(dir: &Path) -> Result<WriterLock, IndexError> {
    let path = dir.join(LOCK_FILE);
    let io_error = |source| IndexError::Io {
        action: "cannot take the lock",
        path: path.clone(),
        source,
    };
    let mut file = open(&path).map_err(io_error)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            let mut pid = String::new();
            let _ = file.read_to_string(&mut pid);
            return Err(IndexError::Busy {
                path: dir.to_path_buf(),
                pid: pid.trim().parse().ok(),
            });
        }
        Err(TryLockError::Error(source)) => return Err(io_error(source)),
    }
    // Who holds it, for the message of the next run that finds it taken.
    let _ = file
        .set_len(0)
        .and_then(|()| file.seek(SeekFrom::Start(0)))
        .and_then(|_| write!(file, "{}", std::process::id()));
    Ok(WriterLock { _file: file })
}

/// Takes the writer lock of `dir` if it is free; `None` when it is held or cannot be taken
/// (a read-only folder, where no writer runs either).
pub(crate) fn try_acquire(dir: &Path) -> Option<WriterLock> {
    let file = open(&dir.join(LOCK_FILE)).ok()?;
    file.try_lock().ok()?;
    Some(WriterLock { _file: file })
}

/// Whether a writer holds the lock of `dir` now.
pub(crate) fn is_held(dir: &Path) -> bool {
    let Ok(file) = File::open(dir.join(LOCK_FILE)) else {
        return false;
    };
    matches!(file.try_lock_shared(), Err(TryLockError::WouldBlock))
}

fn open(path: &Path) -> std::io::Result<File> {
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_told_the_pid_of_the_first() {
        let dir = tempfile::tempdir().expect("tempdir");
        let held = acquire(dir.path()).expect("first");
        assert!(is_held(dir.path()));
        assert!(try_acquire(dir.path()).is_none());
        let err = acquire(dir.path()).expect_err("second");
        assert!(
            err.to_string().contains(&std::process::id().to_string()),
            "{err}"
        );
        drop(held);
        assert!(!is_held(dir.path()));
        assert!(acquire(dir.path()).is_ok());
    }
}
