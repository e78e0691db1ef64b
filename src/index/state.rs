//! The per-file state of an index ([`Manifest`]) as it stands in the last tantivy commit.
//!
//! The manifest of a commit is written before it as `manifest.pending.json`, names it (its
//! `commit` token is the commit's payload), and is renamed to `manifest.json` once the work that
//! follows the commit (the spelling variants, the build info) is done. A run killed before the
//! commit leaves `manifest.json` naming the index's commit; one killed after it leaves the
//! pending manifest naming it: either way the next run finds the record hashes of what the
//! index holds, and in the second case it also redoes the work that follows a commit. A manifest naming no commit of the index (or deleted or damaged)
//! reads as nothing, and the state is rebuilt from the index itself, so the next run never
//! adds files that are already indexed. Manifests written before the token existed are trusted
//! when they list exactly the documents the index holds.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

use tantivy::schema::Value;
use tantivy::{Index, TantivyDocument};

use crate::index::manifest::{FileEntry, Manifest};
use crate::index::{Fields, IndexError};

/// The state of an index as its last run left it.
pub(crate) struct Loaded {
    /// The manifest of the last commit.
    pub(crate) manifest: Manifest,
    /// Whether the last run finished the work that follows its commit; when not, its derived
    /// files (the spelling variants, the build info) may not describe the index.
    pub(crate) finished: bool,
}

/// The manifest of the committed `index` in the folder `data`: the current or the pending one
/// when it names the last commit, else one rebuilt from the index.
pub(crate) fn load(index: &Index, fields: &Fields, data: &Path) -> Result<Loaded, IndexError> {
    let payload = index.load_metas()?.payload;
    let names_commit =
        |m: &Manifest| !m.commit.is_empty() && payload.as_deref() == Some(m.commit.as_str());
    let loaded = |manifest, finished| Ok(Loaded { manifest, finished });
    if let Some(pending) = Manifest::read_pending(data).filter(names_commit) {
        return loaded(pending, false);
    }
    let manifest = match Manifest::read_checked(data) {
        Some(m) if names_commit(&m) => return loaded(m, true),
        other => other,
    };
    if let Some(manifest) = manifest.filter(|m| m.commit.is_empty()) {
        let listed: BTreeSet<&str> = manifest
            .files
            .values()
            .flat_map(|entry| entry.doc_ids.iter().map(String::as_str))
            .collect();
        let held = live_ids(index)?;
        if listed.len() == held.len() && held.iter().all(|id| listed.contains(id.as_str())) {
            return loaded(manifest, true);
        }
    }
    loaded(rebuilt(live_documents(index, fields)?), false)
}

/// The ids of the live documents, from the `doc_id` column alone (no stored passage is read).
fn live_ids(index: &Index) -> Result<BTreeSet<String>, IndexError> {
    let searcher = index.reader()?.searcher();
    let mut out = BTreeSet::new();
    for segment in searcher.segment_readers() {
        let Some(column) = segment.fast_fields().str("doc_id")? else {
            continue;
        };
        let mut ords = HashSet::new();
        for doc in segment.doc_ids_alive() {
            ords.extend(column.term_ords(doc).next());
        }
        for ord in ords {
            let mut id = String::new();
            column
                .ord_to_str(ord, &mut id)
                .map_err(tantivy::TantivyError::from)?;
            out.insert(id);
        }
    }
    Ok(out)
}

/// A manifest from the index's documents: each file with the ids of its live documents, and a
/// size and time no file has, so every file still in the corpus is read again and compared.
fn rebuilt(live: BTreeMap<String, BTreeSet<String>>) -> Manifest {
    let files = live
        .into_iter()
        .map(|(path, ids)| {
            let entry = FileEntry {
                size: u64::MAX,
                modified_unix_nanos: i128::MIN,
                content_hash: 0,
                doc_ids: ids.into_iter().collect(),
                hashes: Vec::new(),
                skipped: Vec::new(),
                warnings: Vec::new(),
                bytes: None,
                lost_ids: Vec::new(),
            };
            (path, entry)
        })
        .collect();
    Manifest {
        files,
        ..Manifest::default()
    }
}

/// The ids of the live documents of the index by source file. The path is stored only, so it
/// is read from one stored passage per document and segment.
fn live_documents(
    index: &Index,
    fields: &Fields,
) -> Result<BTreeMap<String, BTreeSet<String>>, IndexError> {
    let searcher = index.reader()?.searcher();
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for segment in searcher.segment_readers() {
        let Some(column) = segment.fast_fields().str("doc_id")? else {
            continue;
        };
        let store = segment
            .get_store_reader(1)
            .map_err(tantivy::TantivyError::from)?;
        let mut seen = HashSet::new();
        for doc in segment.doc_ids_alive() {
            let Some(ord) = column.term_ords(doc).next() else {
                continue;
            };
            if !seen.insert(ord) {
                continue;
            }
            let mut id = String::new();
            column
                .ord_to_str(ord, &mut id)
                .map_err(tantivy::TantivyError::from)?;
            let stored: TantivyDocument = store.get(doc)?;
            let path = stored
                .get_first(fields.path)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string();
            out.entry(path).or_default().insert(id);
        }
    }
    Ok(out)
}
