//! Ranking documents instead of passages: what a TREC run (`--format trec`) and `fahras eval`
//! with document qrels ask for.
//!
//! Passages are the unit of search, but a document's best passage is poor evidence for the
//! document: a paragraph cut into passages of ≤ 80 words splits its matching words, and among
//! overlapping paragraphs (one extending the other, as in Wikipedia dumps) the passage scores tie
//! where whole-text length normalization would prefer the one the query is about. So documents
//! are scored by BM25 over their whole text: for every word term of the query (`text_stem` and
//! `title_stem`, with the query's weights; the exact-form bonus comes with the best passage), its
//! frequency summed over the document's passages, normalized by the document's length (the sum
//! of its passages' lengths) against the mean document length. The candidates are the documents of the passage search's
//! candidates, so required words, exclusions and filters keep their meaning; a share of the best
//! passage's score ([`PASSAGE_SHARE`]) carries what is not a word term (phrases, proximity,
//! Latin-script spellings).

use std::collections::HashMap;

use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Searcher, Term};

use crate::index::Fields;

/// BM25 `k1` of document scoring: term frequency saturates quickly, so a long document does
/// not win by repeating a query word. Tuned with `cargo bench --bench relevance -- documents`
/// (tantivy's passage scoring uses 1.2).
pub const DOCUMENT_K1: f32 = 0.6;
/// BM25 `b` of document scoring: full length normalization, so of two documents matching the
/// same words the shorter (more focused) one ranks first. Tuned like [`DOCUMENT_K1`] (tantivy:
/// 0.75).
pub const DOCUMENT_B: f32 = 1.0;
/// [`DOCUMENT_K1`] and [`DOCUMENT_B`].
pub const DOCUMENT_BM25: Bm25 = Bm25 {
    k1: DOCUMENT_K1,
    b: DOCUMENT_B,
};
/// Share of the best passage's score added to the document score: the query's phrases,
/// proximity and Latin-script clauses, which are not word terms, count through it.
pub const PASSAGE_SHARE: f32 = 0.1;

/// How documents are scored: BM25 over the whole text, plus a share of the best passage.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DocumentRanking {
    /// BM25 parameters of the text fields.
    pub bm25: Bm25,
    /// Share of the best passage's score.
    pub passage_share: f32,
}

impl Default for DocumentRanking {
    fn default() -> Self {
        DocumentRanking {
            bm25: DOCUMENT_BM25,
            passage_share: PASSAGE_SHARE,
        }
    }
}

/// A word term the query scores with BM25, and its weight in the query.
#[derive(Clone, Debug, PartialEq)]
pub struct WeightedTerm {
    /// The field searched.
    pub field: Field,
    /// The analyzed term.
    pub text: String,
    /// Its boost in the query.
    pub weight: f32,
    /// For a phrase (a spelling variant in two words, `عبد الرحمن`), the terms after `text` with
    /// their positions after it; empty for a word.
    pub rest: Vec<(u32, String)>,
}

/// BM25 parameters.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bm25 {
    /// Term-frequency saturation.
    pub k1: f32,
    /// Length normalization (0 none, 1 full).
    pub b: f32,
}

/// Tantivy's (and Lucene's) defaults, for fields whose unit does not change (titles).
pub const STANDARD_BM25: Bm25 = Bm25 { k1: 1.2, b: 0.75 };

impl Bm25 {
    /// The BM25 score of a term with inverse document frequency `idf` occurring `tf` times in a
    /// unit of `len` tokens, where units average `avg_len` tokens.
    pub fn score(&self, idf: f32, tf: f32, len: f32, avg_len: f32) -> f32 {
        if tf <= 0.0 {
            return 0.0;
        }
        let norm = if avg_len > 0.0 {
            1.0 - self.b + self.b * len / avg_len
        } else {
            1.0
        };
        idf * tf * (self.k1 + 1.0) / (tf + self.k1 * norm)
    }
}

/// BM25's inverse document frequency of a term in `df` of `n` units (as tantivy computes it).
pub fn idf(df: u64, n: u64) -> f32 {
    let (df, n) = (df as f32, n as f32);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// One document's passages, by segment: `(segment ordinal, passage doc id)`, ascending.
pub type Passages = Vec<(u32, DocId)>;

/// Scores whole documents over the passage index.
pub struct DocumentScorer<'a> {
    searcher: &'a Searcher,
    fields: &'a Fields,
    /// Number of (live or not yet merged away) documents, not passages.
    documents: u64,
}

impl<'a> DocumentScorer<'a> {
    /// A scorer over `searcher`'s index, which holds `documents` documents.
    pub fn new(searcher: &'a Searcher, fields: &'a Fields, documents: u64) -> Self {
        DocumentScorer {
            searcher,
            fields,
            documents: documents.max(1),
        }
    }

    /// Per document (same order as `docs`), the length of `field` summed over its passages, or
    /// of its first passage when `once` (titles repeat on every passage).
    fn lengths(&self, field: Field, docs: &[Passages], once: bool) -> tantivy::Result<Vec<f32>> {
        let readers = self
            .searcher
            .segment_readers()
            .iter()
            .map(|s| s.get_fieldnorms_reader(field))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(docs
            .iter()
            .map(|passages| {
                let take = if once { 1 } else { passages.len() };
                passages
                    .iter()
                    .take(take)
                    .map(|&(seg, doc)| readers[seg as usize].fieldnorm(doc) as f32)
                    .sum()
            })
            .collect())
    }

    /// Per document, the occurrences of the phrase of `term` followed by `rest` (terms at their
    /// positions after it) summed over the passages of `wanted`.
    fn phrase_frequencies(
        &self,
        term: &Term,
        rest: &[(u32, Term)],
        wanted: &[(u32, DocId, usize)],
        documents: usize,
    ) -> tantivy::Result<Vec<f32>> {
        let mut tf = vec![0.0f32; documents];
        let mut lists: Option<(u32, Vec<Option<SegmentPostings>>)> = None;
        let (mut first, mut other) = (Vec::new(), Vec::new());
        for &(seg, doc, i) in wanted {
            if lists.as_ref().is_none_or(|(s, _)| *s != seg) {
                let index = self
                    .searcher
                    .segment_reader(seg)
                    .inverted_index(term.field())?;
                let option = IndexRecordOption::WithFreqsAndPositions;
                let mut all = vec![index.read_postings(term, option)?];
                for (_, t) in rest {
                    all.push(index.read_postings(t, option)?);
                }
                lists = Some((seg, all));
            }
            let Some((_, all)) = lists.as_mut() else {
                continue;
            };
            let on_doc = all.iter_mut().all(|list| match list {
                Some(list) => list.doc() <= doc && list.seek(doc) == doc,
                None => false,
            });
            if !on_doc {
                continue;
            }
            if let Some(list) = all[0].as_mut() {
                list.positions(&mut first);
            }
            let mut starts: Vec<u32> = first.clone();
            for ((offset, _), list) in rest.iter().zip(&mut all[1..]) {
                if let Some(list) = list.as_mut() {
                    list.positions(&mut other);
                }
                starts.retain(|p| other.binary_search(&(p + offset)).is_ok());
            }
            tf[i] += starts.len() as f32;
        }
        Ok(tf)
    }

    /// Per document, the frequency of `term` summed over the passages of `wanted` (see
    /// [`wanted`]).
    fn frequencies(
        &self,
        term: &Term,
        wanted: &[(u32, DocId, usize)],
        documents: usize,
    ) -> tantivy::Result<Vec<f32>> {
        let mut tf = vec![0.0f32; documents];
        let mut postings: Option<(u32, Option<SegmentPostings>)> = None;
        for &(seg, doc, i) in wanted {
            if postings.as_ref().is_none_or(|(s, _)| *s != seg) {
                let reader = self.searcher.segment_reader(seg);
                let list = reader
                    .inverted_index(term.field())?
                    .read_postings(term, IndexRecordOption::WithFreqs)?;
                postings = Some((seg, list));
            }
            if let Some((_, Some(list))) = postings.as_mut() {
                if list.doc() <= doc && list.seek(doc) == doc {
                    tf[i] += list.term_freq() as f32;
                }
            }
        }
        Ok(tf)
    }

    /// The BM25 score of each document for `terms`, documents given by their live passages
    /// (each list ascending; the engine keeps them in a table): text fields with `text`, the
    /// title (the same on every passage, so counted once) with [`STANDARD_BM25`]. Term weights
    /// are the query's; the inverse document frequency is over passages, as in passage scoring.
    pub fn score(
        &self,
        docs: &[Passages],
        terms: &[WeightedTerm],
        text: Bm25,
    ) -> tantivy::Result<Vec<f32>> {
        // Sorted once per query, not once per term.
        let all = wanted(docs, false);
        let first = wanted(docs, true);
        let passages = self.searcher.num_docs().max(1);
        let mut scores = vec![0.0f32; docs.len()];
        let mut lengths: HashMap<Field, (Vec<f32>, f32)> = HashMap::new();
        for term in terms {
            let once =
                term.field == self.fields.title_stem || term.field == self.fields.title_exact;
            if let std::collections::hash_map::Entry::Vacant(slot) = lengths.entry(term.field) {
                let units = if once { passages } else { self.documents };
                let avg = self.searcher.total_num_tokens(term.field)? as f32 / units as f32;
                slot.insert((self.lengths(term.field, docs, once)?, avg));
            }
            let (lens, avg) = &lengths[&term.field];
            let t = Term::from_field_text(term.field, &term.text);
            let mut idf = idf(self.searcher.doc_freq(&t)?, passages);
            let bm25 = if once { STANDARD_BM25 } else { text };
            let wanted = if once { &first } else { &all };
            let frequencies = if term.rest.is_empty() {
                self.frequencies(&t, wanted, docs.len())?
            } else {
                // A phrase weighs the sum of its terms' idfs, as tantivy's phrase scoring.
                let mut rest = Vec::new();
                for (offset, text) in &term.rest {
                    let r = Term::from_field_text(term.field, text);
                    idf += self::idf(self.searcher.doc_freq(&r)?, passages);
                    rest.push((*offset, r));
                }
                self.phrase_frequencies(&t, &rest, wanted, docs.len())?
            };
            for (i, tf) in frequencies.into_iter().enumerate() {
                scores[i] += term.weight * bm25.score(idf, tf, lens[i], *avg);
            }
        }
        Ok(scores)
    }
}

/// Every passage of every document as `(segment, passage, document index)`, ascending, so each
/// term's posting list is read forward once; only each document's first passage when `once`.
fn wanted(docs: &[Passages], once: bool) -> Vec<(u32, DocId, usize)> {
    let mut wanted: Vec<(u32, DocId, usize)> = docs
        .iter()
        .enumerate()
        .flat_map(|(i, passages)| {
            let take = if once { 1 } else { passages.len() };
            passages.iter().take(take).map(move |&(s, d)| (s, d, i))
        })
        .collect();
    wanted.sort_unstable();
    wanted
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::{self, build};
    use crate::search::{Engine, SearchOptions};
    use tantivy::TERMINATED;

    /// `words` words of filler, space separated.
    fn filler(word: &str, words: usize) -> String {
        vec![word; words].join(" ")
    }

    /// An index of three documents: `a` has the query words زيتون، برتقال، تفاح each in its own
    /// paragraph (passage), `b` has زيتون and برتقال together in one passage, `c` none.
    fn engine(dir: &std::path::Path) -> Engine {
        let corpus = dir.join("corpus");
        std::fs::create_dir_all(&corpus).unwrap();
        let a = format!("زيتون {f}\n\nبرتقال {f}\n\nتفاح {f}", f = filler("حقل", 14));
        let b = format!("زيتون برتقال {}", filler("شجر", 18));
        let lines = [
            serde_json::json!({"id": "a", "title": "وثيقه اولي", "text": a}),
            serde_json::json!({"id": "b", "title": "وثيقه ثانيه", "text": b}),
            serde_json::json!({"id": "c", "title": "وثيقه ثالثه", "text": "سيارات طريق سريع"}),
        ];
        let text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        std::fs::write(corpus.join("docs.jsonl"), text.join("\n")).unwrap();
        let index_dir = dir.join("index");
        build::build(&build::BuildOptions::new(&corpus, &index_dir)).unwrap();
        Engine::new(index::open(&index_dir).unwrap()).unwrap()
    }

    #[test]
    fn documents_are_ranked_on_their_whole_text() {
        let dir = tempfile::tempdir().unwrap();
        let engine = engine(dir.path());
        let query = "زيتون برتقال تفاح";
        let best_passage = SearchOptions {
            per_doc: 1,
            collapse: false,
            ..SearchOptions::default()
        };
        let by_passage = engine.search(query, &best_passage).unwrap().hits;
        assert_eq!(by_passage[0].doc, "b", "b's passage has two of the words");
        let documents = SearchOptions {
            documents: true,
            ..best_passage
        };
        let hits = engine.search(query, &documents).unwrap().hits;
        let docs: Vec<&str> = hits.iter().map(|h| h.doc.as_str()).collect();
        assert_eq!(
            docs,
            ["a", "b"],
            "a has all three words, over three passages"
        );
        assert!(hits[0].score > hits[1].score);
        assert_eq!((hits[0].rank, hits[1].rank), (1, 2));
    }

    /// The live passages of document `id`, looked up through its `doc_id` term.
    fn passages(searcher: &Searcher, fields: &Fields, id: &str) -> Passages {
        let term = Term::from_field_text(fields.doc_id, id);
        let mut out = Vec::new();
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            let index = segment.inverted_index(fields.doc_id).unwrap();
            let Some(mut postings) = index
                .read_postings(&term, IndexRecordOption::Basic)
                .unwrap()
            else {
                continue;
            };
            let mut doc = postings.doc();
            while doc != TERMINATED {
                if segment
                    .alive_bitset()
                    .is_none_or(|alive| alive.is_alive(doc))
                {
                    out.push((ord as u32, doc));
                }
                doc = postings.advance();
            }
        }
        out
    }

    #[test]
    fn frequencies_and_lengths_add_up_over_passages() {
        let dir = tempfile::tempdir().unwrap();
        let engine = engine(dir.path());
        let searcher = engine.index.index.reader().unwrap().searcher();
        let fields = engine.index.fields;
        let scorer = DocumentScorer::new(&searcher, &fields, 3);
        let term = |word: &str| WeightedTerm {
            field: fields.text_stem,
            text: crate::analysis::terms(crate::analysis::AR_STEM, word).remove(0),
            weight: 1.0,
            rest: Vec::new(),
        };
        let ids: Vec<Passages> = ["a", "b", "c"]
            .iter()
            .map(|id| passages(&searcher, &fields, id))
            .collect();
        // Without length normalization a's three filler passages (tf 42) score like one
        // document with the word 42 times.
        let flat = Bm25 { k1: 1.2, b: 0.0 };
        let scores = scorer.score(&ids, &[term("حقل")], flat).unwrap();
        let idf_field = idf(3, searcher.num_docs());
        assert!((scores[0] - flat.score(idf_field, 42.0, 0.0, 1.0)).abs() < 1e-4);
        assert_eq!(&scores[1..], [0.0, 0.0]);
        // With full normalization the same single occurrence weighs less in the longer a.
        let full = Bm25 { k1: 1.2, b: 1.0 };
        let scores = scorer.score(&ids, &[term("زيتون")], full).unwrap();
        assert!(scores[0] > 0.0 && scores[1] > scores[0], "{scores:?}");
        // Weights multiply.
        let doubled = WeightedTerm {
            weight: 2.0,
            ..term("زيتون")
        };
        let twice = scorer.score(&ids, &[doubled], full).unwrap();
        assert!((twice[1] - 2.0 * scores[1]).abs() < 1e-5);
    }

    #[test]
    fn bm25_matches_the_formula_and_its_limits() {
        let bm = Bm25 { k1: 1.2, b: 0.75 };
        // idf 2, tf 3, average length: 2 · 3 · 2.2 / (3 + 1.2) = 13.2 / 4.2
        assert!((bm.score(2.0, 3.0, 10.0, 10.0) - 13.2 / 4.2).abs() < 1e-5);
        assert_eq!(bm.score(2.0, 0.0, 10.0, 10.0), 0.0);
        // Longer units score lower; with b = 0 length does not matter.
        assert!(bm.score(1.0, 1.0, 20.0, 10.0) < bm.score(1.0, 1.0, 10.0, 10.0));
        let flat = Bm25 { k1: 1.2, b: 0.0 };
        assert_eq!(
            flat.score(1.0, 1.0, 20.0, 10.0),
            flat.score(1.0, 1.0, 5.0, 10.0)
        );
        // Saturation: never above idf · (k1 + 1).
        assert!(bm.score(1.0, 1e6, 10.0, 10.0) < 2.2 + 1e-3);
    }

    #[test]
    fn idf_is_tantivys() {
        // ln(1 + (10 - 1 + 0.5) / (1 + 0.5))
        assert!((idf(1, 10) - (1.0f32 + 9.5 / 1.5).ln()).abs() < 1e-6);
        assert!(idf(1, 10) > idf(5, 10));
    }
}
