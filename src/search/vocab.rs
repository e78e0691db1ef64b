//! The `text_exact` term dictionary as a transliteration [`Vocabulary`].
//!
//! Built once per [`Engine`](super::Engine) from the searcher's segments: it keeps the segments'
//! inverted-index readers (cheap `Arc`s) and answers straight from their term dictionaries (FSTs),
//! so nothing is copied or loaded per query. With several segments a term is in the vocabulary
//! when any segment has it, and its document frequency is the sum over segments (deleted
//! passages included: an estimate is all ranking candidates needs).

use std::sync::Arc;

use tantivy::schema::Field;
use tantivy::{InvertedIndexReader, Searcher};

use crate::translit::Vocabulary;

/// The terms of one field of an opened index.
pub struct IndexVocabulary {
    segments: Vec<Arc<InvertedIndexReader>>,
}

impl IndexVocabulary {
    /// The vocabulary of `field` over every segment of `searcher`.
    pub fn new(searcher: &Searcher, field: Field) -> tantivy::Result<IndexVocabulary> {
        let segments = searcher
            .segment_readers()
            .iter()
            .map(|s| s.inverted_index(field))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(IndexVocabulary { segments })
    }

    /// Number of distinct terms summed over segments (a term in two segments counts twice).
    pub fn num_terms(&self) -> usize {
        self.segments.iter().map(|s| s.terms().num_terms()).sum()
    }
}

impl Vocabulary for IndexVocabulary {
    fn contains(&self, term: &str) -> bool {
        self.segments
            .iter()
            .any(|s| matches!(s.terms().term_ord(term.as_bytes()), Ok(Some(_))))
    }

    fn doc_freq(&self, term: &str) -> u64 {
        self.segments
            .iter()
            .filter_map(|s| s.terms().get(term.as_bytes()).ok().flatten())
            .map(|info| u64::from(info.doc_freq))
            .sum()
    }

    fn has_prefix(&self, prefix: &str) -> bool {
        let prefix = prefix.as_bytes();
        self.segments.iter().any(|s| {
            // The first term ≥ prefix starts with it iff some term does.
            let Ok(mut stream) = s.terms().range().ge(prefix).into_stream() else {
                return false;
            };
            stream.advance() && stream.key().starts_with(prefix)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::testutil::engine;

    #[test]
    fn answers_from_the_text_exact_dictionary() {
        let vocab = engine().vocabulary();
        assert!(vocab.num_terms() > 100);
        assert!(vocab.contains("اربيل"));
        assert!(!vocab.contains("اربي"));
        assert!(vocab.doc_freq("اربيل") >= 1);
        assert_eq!(vocab.doc_freq("اربي"), 0);
        assert!(vocab.has_prefix("اربي"));
        assert!(vocab.has_prefix(""));
        assert!(!vocab.has_prefix("ظظظ"));
    }
}
