//! When an update measures the corpus statistics again.
//!
//! The learned chrome and the spelling variants are statistics of the whole corpus: measuring
//! them reads every article, which on a large collection is most of what a small update would
//! cost. An update that changes a small share of the input keeps the statistics measured
//! before (its new records are cut with the known chrome and searched with the known
//! variants); they are measured again once the input changed since then reaches
//! [`REMEASURE_SHARE`] of what they were measured over, as a database analyses a table again
//! once a share of its rows changed. A fresh build, the run after one killed before it wrote
//! them, and `--remeasure` always measure.

use serde::{Deserialize, Serialize};

use crate::corpus::SourceFile;
use crate::index::manifest::Manifest;

/// Share of the input that may change before the statistics are measured again.
pub const REMEASURE_SHARE: f64 = 0.05;

/// What the statistics were measured over and how much changed since, in bytes of input.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Measured {
    /// Bytes of input the statistics were measured over.
    pub bytes: u64,
    /// Bytes of input changed since: files added or removed in full, and for a file rewritten
    /// the change of its size (an estimate of the text added or cut).
    pub changed_bytes: u64,
}

impl Measured {
    /// Statistics measured over `bytes` of input just now.
    pub(crate) fn now(bytes: u64) -> Measured {
        Measured {
            bytes,
            changed_bytes: 0,
        }
    }

    /// What `manifest` says; a manifest from before it was recorded describes an index whose
    /// statistics were measured by its last run, over the files it lists.
    pub(crate) fn of(manifest: &Manifest) -> Measured {
        manifest
            .measured
            .unwrap_or_else(|| Measured::now(total(manifest.files.values().map(|f| f.size))))
    }

    /// The same statistics once `changed` more bytes of input changed.
    pub(crate) fn after(self, changed: u64) -> Measured {
        Measured {
            changed_bytes: self.changed_bytes.saturating_add(changed),
            ..self
        }
    }

    /// Whether so much changed that the statistics are to be measured again.
    pub(crate) fn is_due(self) -> bool {
        self.changed_bytes as f64 >= REMEASURE_SHARE * self.bytes as f64
    }

    /// The share of the input changed since the statistics were measured.
    pub(crate) fn changed_share(self) -> f64 {
        if self.bytes == 0 {
            return if self.changed_bytes == 0 { 0.0 } else { 1.0 };
        }
        self.changed_bytes as f64 / self.bytes as f64
    }
}

/// Bytes of input that `files` change against `manifest`: new and vanished files whole, and
/// the size change of files whose size or time changed.
pub(crate) fn changed_bytes(files: &[SourceFile], manifest: &Manifest) -> u64 {
    let listed = total(
        files
            .iter()
            .map(|file| match manifest.files.get(&file.rel_path) {
                Some(entry) => entry.size.abs_diff(file.size),
                None => file.size,
            }),
    );
    let names: std::collections::HashSet<&str> =
        files.iter().map(|f| f.rel_path.as_str()).collect();
    let vanished = total(
        manifest
            .files
            .iter()
            .filter(|(path, _)| !names.contains(path.as_str()))
            .map(|(_, entry)| entry.size),
    );
    listed.saturating_add(vanished)
}

/// A sum of sizes that stops at `u64::MAX` (a manifest rebuilt from the index, which does not
/// know its files' sizes, says that).
pub(crate) fn total(sizes: impl Iterator<Item = u64>) -> u64 {
    sizes.fold(0, u64::saturating_add)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::manifest::FileEntry;

    fn file(path: &str, size: u64) -> SourceFile {
        SourceFile {
            rel_path: path.into(),
            abs_path: path.into(),
            size,
            modified_unix_nanos: 1,
        }
    }

    fn manifest(files: &[(&str, u64)]) -> Manifest {
        let mut manifest = Manifest::default();
        for &(path, size) in files {
            manifest.files.insert(
                path.into(),
                FileEntry {
                    size,
                    modified_unix_nanos: 0,
                    content_hash: 0,
                    doc_ids: vec![],
                    hashes: vec![],
                    skipped: vec![],
                    warnings: vec![],
                    bytes: None,
                    lost_ids: Vec::new(),
                },
            );
        }
        manifest
    }

    #[test]
    fn new_and_vanished_files_count_whole_and_rewritten_ones_by_their_growth() {
        let before = manifest(&[("a.jsonl", 1_000), ("gone.txt", 30), ("same.txt", 50)]);
        let now = [
            file("a.jsonl", 1_200),
            file("new.txt", 7),
            file("same.txt", 50),
        ];
        assert_eq!(changed_bytes(&now, &before), 200 + 7 + 30);
    }

    #[test]
    fn the_statistics_are_due_once_a_share_of_the_input_changed() {
        let measured = Measured::now(10_000);
        assert!(!measured.is_due());
        let small = measured.after(300);
        assert!(!small.is_due());
        assert!((small.changed_share() - 0.03).abs() < 1e-9);
        // Changes add up over runs.
        assert!(small.after(200).is_due());
        assert!(Measured::now(0).after(1).is_due());
    }

    #[test]
    fn an_older_manifest_counts_its_files_as_measured() {
        let measured = Measured::of(&manifest(&[("a.txt", 40), ("b.txt", 60)]));
        assert_eq!(measured, Measured::now(100));
    }
}
