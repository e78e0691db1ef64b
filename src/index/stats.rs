//! Index statistics for `fahras stats`.

use std::collections::HashSet;
use std::path::Path;

use serde::Serialize;
use tantivy::schema::Field;
use walkdir::WalkDir;

use crate::index::{IndexError, PassageIndex, DATA_DIR};

/// What `fahras stats` reports.
#[derive(Clone, Debug, Serialize)]
pub struct IndexStats {
    /// Documents (articles) in the index.
    pub documents: u64,
    /// Passages (tantivy documents).
    pub passages: u64,
    /// Distinct terms of each analyzed field.
    pub distinct_terms: Vec<(String, u64)>,
    /// Bytes on disk of the live index folder.
    pub size_bytes: u64,
    /// Tantivy segments.
    pub segments: usize,
    /// Schema version of the index.
    pub schema_version: u32,
    /// Analyzers registered when it was built.
    pub analyzers: Vec<String>,
    /// Corpus folder of the last build.
    pub corpus: String,
    /// Last build time, seconds since the Unix epoch.
    pub built_at_unix: u64,
}

/// Computes the statistics of an opened index.
pub fn stats(index: &PassageIndex) -> Result<IndexStats, IndexError> {
    let searcher = index.index.reader()?.searcher();
    let f = &index.fields;
    let analyzed = [
        ("text_exact", f.text_exact),
        ("text_stem", f.text_stem),
        ("title_exact", f.title_exact),
        ("title_stem", f.title_stem),
    ];
    let mut distinct_terms = Vec::new();
    for (name, field) in analyzed {
        distinct_terms.push((name.to_string(), count_terms(&searcher, field)?));
    }
    Ok(IndexStats {
        documents: index.info.documents,
        passages: searcher.num_docs(),
        distinct_terms,
        size_bytes: dir_size(&index.dir.join(DATA_DIR)),
        segments: searcher.segment_readers().len(),
        schema_version: index.info.schema_version,
        analyzers: index.info.analyzers.clone(),
        corpus: index.info.corpus.clone(),
        built_at_unix: index.info.built_at_unix,
    })
}

/// Distinct terms of `field` across segments (a term in several segments counts once).
fn count_terms(searcher: &tantivy::Searcher, field: Field) -> Result<u64, IndexError> {
    let readers = searcher.segment_readers();
    if let [only] = readers {
        return Ok(only.inverted_index(field)?.terms().num_terms() as u64);
    }
    let mut seen = HashSet::new();
    for reader in readers {
        let inverted = reader.inverted_index(field)?;
        let mut stream = inverted
            .terms()
            .stream()
            .map_err(tantivy::TantivyError::from)?;
        while stream.advance() {
            seen.insert(stream.key().to_vec());
        }
    }
    Ok(seen.len() as u64)
}

/// Bytes of all files below `path`.
pub fn dir_size(path: &Path) -> u64 {
    WalkDir::new(path)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}
