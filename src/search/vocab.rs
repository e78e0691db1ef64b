//! The `text_exact` term dictionary as a transliteration [`Vocabulary`].
//!
//! Built once per [`Engine`](super::Engine) from the searcher's segments: it keeps the segments'
//! inverted-index readers (cheap `Arc`s) and answers straight from their term dictionaries (FSTs),
//! so nothing is copied or loaded per query. With several segments a term is in the vocabulary
//! when any segment has it, and its document frequency is the sum over segments (deleted
//! passages included: an estimate is all ranking candidates needs).

use std::collections::HashMap;
use std::sync::Arc;

use tantivy::query::{PhraseQuery, Query};
use tantivy::schema::Field;
use tantivy::{InvertedIndexReader, Searcher, Term};

use crate::translit::{Speller, State, Vocabulary};

/// The terms of one field of an opened index.
pub struct IndexVocabulary {
    segments: Vec<Arc<InvertedIndexReader>>,
    /// For phrase counts ([`Vocabulary::adjacent`]).
    searcher: Searcher,
    field: Field,
}

impl IndexVocabulary {
    /// The vocabulary of `field` over every segment of `searcher`.
    pub fn new(searcher: &Searcher, field: Field) -> tantivy::Result<IndexVocabulary> {
        let segments = searcher
            .segment_readers()
            .iter()
            .map(|s| s.inverted_index(field))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(IndexVocabulary {
            segments,
            searcher: searcher.clone(),
            field,
        })
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

    /// A phrase query's count: live passages only, and no cheaper than reading both terms'
    /// positions, so it is asked for a handful of reading pairs per name.
    fn adjacent(&self, first: &str, second: &str) -> u64 {
        let terms = [first, second].map(|t| Term::from_field_text(self.field, t));
        let phrase = PhraseQuery::new(terms.to_vec());
        phrase.count(&self.searcher).map_or(0, |n| n as u64)
    }

    /// One automaton stream per segment: the FST visits only the nodes the speller can still
    /// match, and yields the matching terms with their term infos (no per-prefix probes).
    fn spellings(&self, speller: &Speller, from: &State) -> Vec<(String, u64)> {
        let mut found: HashMap<String, u64> = HashMap::new();
        for segment in &self.segments {
            let terms = segment.terms();
            let Ok(mut stream) = terms.search(Walk { speller, from }).into_stream() else {
                continue;
            };
            while stream.advance() {
                let Ok(term) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                *found.entry(term.to_string()).or_default() += u64::from(stream.value().doc_freq);
            }
        }
        found.into_iter().collect()
    }
}

/// A [`Speller`] started at `from`, as the FST crate's automaton.
struct Walk<'a> {
    speller: &'a Speller,
    from: &'a State,
}

impl tantivy_fst::Automaton for Walk<'_> {
    type State = State;
    fn start(&self) -> State {
        self.from.clone()
    }
    fn is_match(&self, state: &State) -> bool {
        state.is_match()
    }
    fn can_match(&self, state: &State) -> bool {
        state.is_alive()
    }
    fn accept(&self, state: &State, byte: u8) -> State {
        self.speller.accept(state, byte)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::search::testutil::engine;
    use crate::translit::{transliterate_query_with, ReadingPrior};

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

    #[test]
    fn counts_passages_where_one_word_directly_follows_another() {
        let vocab = engine().vocabulary();
        let together = vocab.adjacent("عين", "الاسد");
        assert!(together >= 1);
        assert!(together <= vocab.doc_freq("الاسد"));
        assert_eq!(vocab.adjacent("الاسد", "عين"), 0);
        assert_eq!(vocab.adjacent("عين", "ظظظ"), 0);
    }

    #[test]
    fn fst_walk_finds_what_a_sorted_copy_finds() {
        // The automaton stream over the FST must agree with the generic prefix-pruned walk.
        let engine = engine();
        let vocab = engine.vocabulary();
        let mut copy: BTreeMap<String, u64> = BTreeMap::new();
        for segment in &vocab.segments {
            let mut stream = segment.terms().stream().expect("stream");
            while stream.advance() {
                let term = String::from_utf8_lossy(stream.key()).into_owned();
                *copy.entry(term).or_default() += u64::from(stream.value().doc_freq);
            }
        }
        let mut found = 0;
        for q in [
            "Erbil",
            "Ain al-Asad",
            "Tehran",
            "Hezbollah",
            "Salahuddin",
            "Iraq",
            "Anbar",
            "Daesh",
            "xyzzy",
        ] {
            // The copy has no positions: words are read apart in both.
            let apart = ReadingPrior {
                adjacency_weight: 0.0,
                ..ReadingPrior::default()
            };
            let fst = transliterate_query_with(q, vocab, 5, &apart);
            assert_eq!(fst, transliterate_query_with(q, &copy, 5, &apart), "{q}");
            found += fst.iter().map(|e| e.candidates.len()).sum::<usize>();
        }
        assert!(found >= 5, "too few spellings found to compare: {found}");
    }
}
