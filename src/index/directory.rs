//! The folder an index is opened from, readable without write access.
//!
//! Tantivy takes a lock file (`.tantivy-meta.lock`) while it opens the segments of a reader, so
//! that a writer's garbage collection does not delete them meanwhile. On a read-only file system
//! or a copy of an index the user may not write to, creating that file fails and so would every
//! search. [`IndexDirectory`] lets the reader go on without the lock when the lock file cannot be
//! created: no fahras writer can be running on such a folder anyway. Every other lock, the
//! index writer's above all, is taken as usual.

use std::path::Path;
use std::sync::Arc;

use tantivy::directory::error::{
    DeleteError, LockError, OpenDirectoryError, OpenReadError, OpenWriteError,
};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle,
    WritePtr, META_LOCK,
};

/// An [`MmapDirectory`] whose readers need no write access (see the module docs).
#[derive(Clone, Debug)]
pub(crate) struct IndexDirectory(MmapDirectory);

impl IndexDirectory {
    /// Opens the index folder `path`.
    pub(crate) fn open(path: &Path) -> Result<IndexDirectory, OpenDirectoryError> {
        MmapDirectory::open(path).map(IndexDirectory)
    }
}

impl Directory for IndexDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.0.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.0.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.0.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.0.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.0.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> std::io::Result<()> {
        self.0.atomic_write(path, data)
    }

    fn sync_directory(&self) -> std::io::Result<()> {
        self.0.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match self.0.acquire_lock(lock) {
            // The lock file cannot be created: a folder nobody writes to.
            Err(LockError::IoError(_)) if lock.filepath == META_LOCK.filepath => {
                Ok(DirectoryLock::from(Box::new(())))
            }
            other => other,
        }
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.0.watch(watch_callback)
    }
}
