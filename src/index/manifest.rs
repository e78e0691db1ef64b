//! `manifest.json`: every indexed source file, so a re-run re-indexes only what changed.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::remeasure::Measured;
use crate::corpus::appended::FileBytes;

/// File name of the manifest inside `data/`.
pub const MANIFEST_FILE: &str = "manifest.json";
/// The manifest of a commit under way: written before the commit, renamed to [`MANIFEST_FILE`]
/// after it, so a run killed in between leaves a manifest that names the commit either way.
pub(crate) const PENDING_FILE: &str = "manifest.pending.json";

/// What was indexed from one source file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Size in bytes when indexed.
    pub size: u64,
    /// Modification time in nanoseconds since the Unix epoch when indexed.
    pub modified_unix_nanos: i128,
    /// xxh3 of the file's articles' texts, to tell a real edit from a touch.
    pub content_hash: u64,
    /// Ids of the documents the file produced (none for an empty or binary file: it is still
    /// listed, so an unchanged corpus compares equal to its manifest).
    pub doc_ids: Vec<String>,
    /// The record hash of each of `doc_ids`, in the same order ([`super::records`]), so a
    /// re-read file re-indexes only its changed records. Empty in manifests written before
    /// record hashes: the first update of such a file indexes its records again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hashes: Vec<u64>,
    /// What was skipped in the file (`FILE: reason`, `FILE:LINE: reason`), reported again by
    /// runs that do not re-read it, so `--strict` fails until the file is fixed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<String>,
    /// Doubts about records that were indexed anyway (`FILE:LINE: unrecognised date "…"`),
    /// reported again like `skipped`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// A JSONL file's bytes as read: a later run that finds them at the start of the file reads
    /// only what was appended ([`crate::corpus::appended`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes: Option<FileBytes>,
    /// Ids of the file's records skipped because another file holds them: the file is read
    /// again when files change, in case the holder let them go.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lost_ids: Vec<String>,
}

/// What a file was when it was indexed: enough to tell whether it changed since.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub(crate) struct FileStamp {
    pub(crate) size: u64,
    pub(crate) modified_unix_nanos: i128,
}

/// The manifest's files with their stamps only: what a search reads to tell whether the
/// corpus changed, without the ids and hashes of every record (megabytes on a large corpus).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Stamps {
    #[serde(default)]
    pub(crate) files: BTreeMap<String, FileStamp>,
}

impl Stamps {
    /// The stamps of the manifest in the index folder `data`; none when it is missing or
    /// unreadable (the corpus then looks changed, as with [`Manifest::read`]).
    pub(crate) fn read(data: &Path) -> Stamps {
        fs::read(data.join(MANIFEST_FILE))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }
}

impl FileEntry {
    /// The file as it was when indexed.
    pub(crate) fn stamp(&self) -> FileStamp {
        FileStamp {
            size: self.size,
            modified_unix_nanos: self.modified_unix_nanos,
        }
    }

    /// The hashes of `doc_ids`, when the manifest recorded them.
    pub(crate) fn known_hashes(&self) -> Option<&[u64]> {
        (self.hashes.len() == self.doc_ids.len()).then_some(self.hashes.as_slice())
    }
}

/// Source files by path relative to the corpus root.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// One entry per indexed file.
    pub files: BTreeMap<String, FileEntry>,
    /// The payload of the tantivy commit this manifest describes (see [`super::state`]); empty
    /// in manifests written before it was recorded.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub commit: String,
    /// What the corpus statistics (learned chrome, spelling variants) were measured over and
    /// how much changed since ([`super::remeasure`]); absent in manifests written before it
    /// was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measured: Option<Measured>,
}

impl Manifest {
    /// Reads the manifest of the index folder `data`. A missing or unreadable manifest (say, a
    /// half-written one from a killed run) is treated as empty: the next build then re-indexes
    /// everything, which is slow but correct.
    pub fn read(data: &Path) -> Manifest {
        fs::read(data.join(MANIFEST_FILE))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// Reads the manifest of the index folder `data`; `None` when it is missing or damaged.
    pub(crate) fn read_checked(data: &Path) -> Option<Manifest> {
        let bytes = fs::read(data.join(MANIFEST_FILE)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// The manifest of a commit that may not have happened (see [`PENDING_FILE`]).
    pub(crate) fn read_pending(data: &Path) -> Option<Manifest> {
        let bytes = fs::read(data.join(PENDING_FILE)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Writes the manifest into the index folder `data`, atomically.
    pub fn write(&self, data: &Path) -> io::Result<()> {
        let json = serde_json::to_vec(self).map_err(io::Error::other)?;
        write_atomically(&data.join(MANIFEST_FILE), &json)
    }

    /// Writes the manifest of the commit about to be made beside the current one, which still
    /// describes the index until [`Manifest::promote`].
    pub(crate) fn write_pending(&self, data: &Path) -> io::Result<()> {
        let json = serde_json::to_vec(self).map_err(io::Error::other)?;
        write_atomically(&data.join(PENDING_FILE), &json)
    }

    /// Makes the pending manifest the index's manifest, once its commit is made.
    pub(crate) fn promote(data: &Path) -> io::Result<()> {
        fs::rename(data.join(PENDING_FILE), data.join(MANIFEST_FILE))
    }
}

/// Writes `bytes` to a temporary file beside `path`, syncs it and renames it over `path`, so a
/// reader sees either the old or the new content, never a torn file.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let tmp = path.with_extension("tmp");
    {
        let mut file = fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
    }
    fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_round_trips_and_torn_manifest_reads_as_empty() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut manifest = Manifest::default();
        manifest.files.insert(
            "a.txt".into(),
            FileEntry {
                size: 3,
                modified_unix_nanos: 7,
                content_hash: 9,
                doc_ids: vec!["a.txt".into()],
                hashes: vec![11],
                skipped: vec![],
                warnings: vec![],
                bytes: None,
                lost_ids: vec![],
            },
        );
        manifest.write(dir.path()).expect("write");
        assert_eq!(Manifest::read(dir.path()), manifest);
        fs::write(dir.path().join(MANIFEST_FILE), b"{\"files\": {\"a.t").expect("write");
        assert_eq!(Manifest::read(dir.path()), Manifest::default());
    }

    #[test]
    fn stamps_read_the_files_of_a_manifest_without_their_records() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut manifest = Manifest::default();
        let entry = FileEntry {
            size: 3,
            modified_unix_nanos: -7,
            content_hash: 9,
            doc_ids: vec!["a".into(), "b".into()],
            hashes: vec![1, 2],
            skipped: vec!["x".into()],
            warnings: vec![],
            bytes: None,
            lost_ids: vec![],
        };
        manifest.files.insert("a.jsonl".into(), entry.clone());
        manifest.write(dir.path()).expect("write");
        let stamps = Stamps::read(dir.path());
        assert_eq!(stamps.files.len(), 1);
        assert_eq!(stamps.files["a.jsonl"], entry.stamp());
        fs::write(dir.path().join(MANIFEST_FILE), b"{\"files\": {\"a.t").expect("write");
        assert!(Stamps::read(dir.path()).files.is_empty());
    }

    #[test]
    fn a_manifest_from_before_record_hashes_reads_with_them_unknown() {
        let dir = tempfile::tempdir().expect("tempdir");
        let old = r#"{"files": {"a.jsonl": {"size": 3, "modified_unix_nanos": 7,
            "content_hash": 9, "doc_ids": ["x", "y"]}}, "commit": "c"}"#;
        fs::write(dir.path().join(MANIFEST_FILE), old).expect("write");
        let manifest = Manifest::read_checked(dir.path()).expect("reads");
        let entry = &manifest.files["a.jsonl"];
        assert_eq!(entry.doc_ids, ["x", "y"]);
        assert_eq!(entry.known_hashes(), None);
    }

    #[test]
    fn the_pending_manifest_takes_the_place_of_the_current_one() {
        let dir = tempfile::tempdir().expect("tempdir");
        let current = Manifest {
            commit: "1".into(),
            ..Manifest::default()
        };
        current.write(dir.path()).expect("write");
        let next = Manifest {
            commit: "2".into(),
            ..Manifest::default()
        };
        next.write_pending(dir.path()).expect("write");
        assert_eq!(Manifest::read(dir.path()), current);
        assert_eq!(Manifest::read_pending(dir.path()), Some(next.clone()));
        Manifest::promote(dir.path()).expect("promote");
        assert_eq!(Manifest::read(dir.path()), next);
        assert_eq!(Manifest::read_pending(dir.path()), None);
    }
}
