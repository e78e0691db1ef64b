//! Index statistics for `fahras stats`.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use serde::Serialize;
use tantivy::schema::{Field, Value};
use tantivy::{DocAddress, TantivyDocument};
use walkdir::WalkDir;

use crate::corpus::learned_chrome::GroupChrome;
use crate::index::{build, chrome, origin, IndexError, PassageIndex, DATA_DIR};

/// What `fahras stats` reports.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
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
    /// Earliest publication day of an article (`YYYY-MM-DD`), if any has one.
    pub first_date: Option<String>,
    /// Latest publication day of an article.
    pub last_date: Option<String>,
    /// Articles with a publication day.
    pub dated_documents: u64,
    /// Articles with a source.
    pub sourced_documents: u64,
    /// Every source with its number of articles, most articles first.
    pub sources: Vec<(String, u64)>,
    /// Whether the corpus changed since the build; `None` when the corpus folder is gone.
    pub stale: Option<bool>,
    /// The chrome learned from the corpus and left out of the passages, per source (or folder).
    pub chrome: Vec<GroupChrome>,
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
    let coverage = coverage(&searcher, f)?;
    let corpus = origin::resolve(&index.info);
    let stale = corpus
        .is_dir()
        .then(|| build::corpus_changed(&corpus, &index.dir).ok())
        .flatten();
    Ok(IndexStats {
        first_date: coverage.first_date.map(|d| d.to_string()),
        last_date: coverage.last_date.map(|d| d.to_string()),
        dated_documents: coverage.dated,
        sourced_documents: coverage.sources.values().sum(),
        sources: coverage.sorted_sources(),
        stale,
        chrome: chrome::read(&index.dir.join(DATA_DIR)).groups,
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

/// Dates and sources of the articles, read once per article (from its first passage).
#[derive(Default)]
struct Coverage {
    first_date: Option<time::Date>,
    last_date: Option<time::Date>,
    dated: u64,
    sources: BTreeMap<String, u64>,
}

impl Coverage {
    fn sorted_sources(&self) -> Vec<(String, u64)> {
        let mut sources: Vec<(String, u64)> =
            self.sources.iter().map(|(s, n)| (s.clone(), *n)).collect();
        sources.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        sources
    }
}

/// Walks the first passage of every live article: dates from the fast field, sources from the
/// stored passage (the source is indexed word by word, so its terms do not give the names).
fn coverage(
    searcher: &tantivy::Searcher,
    f: &crate::index::Fields,
) -> Result<Coverage, IndexError> {
    let mut coverage = Coverage::default();
    for (segment_ord, segment) in searcher.segment_readers().iter().enumerate() {
        let ordinals = segment.fast_fields().u64("ordinal")?;
        let dates = segment.fast_fields().date("date")?;
        let alive = segment.alive_bitset();
        for doc in 0..segment.max_doc() {
            if alive.is_some_and(|a| !a.is_alive(doc)) || ordinals.first(doc) != Some(0) {
                continue;
            }
            if let Some(date) = dates.first(doc) {
                let day = date.into_utc().date();
                coverage.dated += 1;
                coverage.first_date = Some(coverage.first_date.map_or(day, |d| d.min(day)));
                coverage.last_date = Some(coverage.last_date.map_or(day, |d| d.max(day)));
            }
            let stored: TantivyDocument = searcher.doc(DocAddress::new(segment_ord as u32, doc))?;
            if let Some(source) = stored.get_first(f.source).and_then(|v| v.as_str()) {
                *coverage.sources.entry(source.to_string()).or_default() += 1;
            }
        }
    }
    Ok(coverage)
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
