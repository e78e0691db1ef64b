//! The ranking weights, and running a compiled query.
//!
//! Per query word, SHOULD clauses score BM25 on `text_stem` (matches any inflection), on
//! `text_exact` (so a passage with the word exactly as typed, after normalization, outranks one
//! matching only the stem) and on `title_stem` (a passage of an article *about* the word ranks
//! higher). Queries of two to [`PROXIMITY_MAX_WORDS`] words add a sloppy phrase on `text_stem`
//! rewarding passages where the words stand close together. Quoted phrases are phrase queries on
//! `text_exact`, where stop words are indexed and therefore count. Latin-script words are
//! searched through their Arabic readings, each scored like a typed word with its weights
//! multiplied by the reading's weight. [`compile`](mod@crate::search::compile) builds these
//! clauses from the [`plan`](crate::search::plan); every weight is a field of [`Weights`].
//!
//! The structure is `MUST(words) AND MUST(filters…) AND NOT(exclusions…)`, where `words` is a
//! disjunction of the bare words' clauses (at least one must match, more matches score higher)
//! with the `+required` items as MUST clauses inside it. The proximity phrase is not a clause:
//! it is added to the top candidates afterwards ([`CompiledQuery::top_passages`]).
//!
//! Measured on the news sample (`benches/RESULTS.md`): a phrase clause costs more than everything
//! else in a query, because its scorer must check positions in every passage holding all the
//! words; scoring it on the ~70 candidates only is a fraction of that. Tantivy's block-max WAND,
//! which a bare disjunction of term clauses would get at the top level, was slower here than the
//! plain union under the `MUST(words)` wrapper (short posting lists, high title scores), so the
//! wrapper stays even when there is nothing else to require.

use std::collections::HashSet;

use tantivy::collector::TopDocs;
use tantivy::query::{EnableScoring, Query, Scorer};
use tantivy::{DocAddress, DocId, DocSet, Searcher, SeekDangerResult};

use crate::search::document::WeightedTerm;
use crate::translit::ReadingPrior;

/// Weight of a query word's BM25 score on `text_stem`: the reference every other weight is
/// relative to. Stemmed text is the main ranking signal: it matches وبالقاعدة for القاعدة.
///
/// The weights below were tuned by the relevance benchmark over all sample and ARCD queries at
/// once (`cargo bench --bench relevance -- sweep`), not by eye on a few.
pub const TEXT_STEM_WEIGHT: f32 = 1.0;
/// Boost of the BM25 score on `text_exact`: added on top of the stem score, so a passage with
/// the word as typed outranks one that only shares its stem (0.5: a tie-breaker, not a second
/// full vote that would double-count every exact match).
pub const TEXT_EXACT_BOOST: f32 = 0.5;
/// Boost of the BM25 score on `title_stem`: the article's headline mentions the word (titles are
/// short, so their BM25 scores run high; every passage of the article gets it). 0.6, tuned with
/// `cargo bench --bench relevance -- sweep` (was 0.3; see `benches/RESULTS.md`).
pub const TITLE_STEM_BOOST: f32 = 0.6;
/// Boost of the sloppy phrase of all query words on `text_stem` (queries of ≥2 words). 0.25,
/// tuned (was 0.5).
pub const PROXIMITY_BOOST: f32 = 0.25;
/// Slop of the proximity phrase: how many positions the words may be moved apart (stop words
/// leave position gaps, so `قاعدة في العراق` needs one). 6, tuned (was 3).
pub const PROXIMITY_SLOP: u32 = 6;
/// Queries of more words than this get no proximity boost: a sloppy phrase of all their words
/// matches only passages that repeat them almost verbatim, yet its scorer reads every word's
/// positions. Measured (`benches/RESULTS.md`): without it for queries over 6 words, arcd-train
/// and the sample topics score the same on every metric (3 of 44,068 and 2 of 1,603 run lines
/// change), and a headline-length search runs 10 % fewer instructions.
pub const PROXIMITY_MAX_WORDS: usize = 6;
/// Boost of a quoted phrase on `text_exact`.
pub const PHRASE_BOOST: f32 = 1.0;
/// Boost of a name: the query's two to six words standing together, in order (an Arabic name
/// such as `عين الأسد` or `فيصل بن خالد` is searched as words, yet a passage naming it outranks
/// one that has its words apart). Added to the candidates like the proximity phrase.
pub const NAME_BOOST: f32 = 1.0;
/// Boost of the exact phrase of a multi-word Latin name's best spellings on `text_exact`
/// (times the product of the spellings' weights).
pub const NAME_PHRASE_BOOST: f32 = 8.0;
/// Arabic readings kept per Latin-script word.
pub const LATIN_READINGS: usize = 3;
/// At most this many spelling combinations are tried for a name phrase.
pub const NAME_PHRASES: usize = 8;
/// A Latin word's reading is kept when its evidence is at least this share of the best
/// reading's ([`crate::translit::ReadingPrior`]); its weight in the query is that share.
pub const READING_KEEP: f32 = 0.05;

/// One scoring clause, kept apart so `--explain` can report its contribution.
pub struct Component {
    /// What it matches, e.g. `text_stem:قاعد` or `proximity(عين اسد)~3`.
    pub label: String,
    /// The clause as it appears in the full query (boost included).
    pub query: Box<dyn Query>,
}

/// Terms to highlight in passages: a word is highlighted when its `ar_stem` token is in `stem`
/// or its `ar_exact` token is in `exact`, or when it is part of a place where one of `phrases`
/// matched.
#[derive(Clone, Debug, Default)]
pub struct HighlightTerms {
    /// `ar_stem` terms of the positive words and phrases.
    pub stem: HashSet<String>,
    /// `ar_exact` terms of the positive words.
    pub exact: HashSet<String>,
    /// The `ar_exact` terms of each positive quoted phrase with their positions relative to the
    /// first, as its phrase query has them. A phrase's stop words (في in "في الرياض") have no
    /// `ar_stem` term, and their `ar_exact` term is not in `exact`: that would mark every في of
    /// the passage. They are highlighted where the whole phrase stands.
    pub phrases: Vec<Vec<(usize, String)>>,
}

/// The tantivy query for a parsed query, with what `--explain` and highlighting need.
pub struct CompiledQuery {
    /// The query to run; `None` when nothing searchable is left (e.g. only stop words).
    pub query: Option<Box<dyn Query>>,
    /// The proximity boost (a sloppy phrase of the query words), added by
    /// [`CompiledQuery::top_passages`] to the candidates `query` found rather than being a clause
    /// of it, which would make tantivy check word positions in every passage holding all words.
    pub proximity: Option<Box<dyn Query>>,
    /// [`CompiledQuery::proximity`] as its phrases, in groups: each group is one clause of it
    /// (the sloppy phrase; the name phrases), scored one phrase at a time and summed in the order
    /// tantivy's union sums them, so each phrase is checked on the candidates alone.
    pub(crate) proximity_groups: Vec<Vec<Box<dyn Query>>>,
    /// The exact-form bonus of the words' attached forms, one per word, added to the candidates
    /// like the proximity phrase and, like its phrases, each scored by itself.
    pub(crate) attached: Vec<AttachedBonus>,
    /// Scoring clauses, for `--explain`.
    pub components: Vec<Component>,
    /// Terms to highlight.
    pub highlight: HighlightTerms,
    /// What was ignored while compiling (stop-word-only words, empty filters).
    pub warnings: Vec<String>,
    /// How Latin-script words were read, one line per run of them (`Erbil → اربيل`).
    pub interpretation: Vec<String>,
    /// Each reading of each Latin-script word with its evidence, for `--explain`
    /// (`Riyadh: الرياض (cost 0.00, 833 passages, weight 1.00)`).
    pub readings: Vec<String>,
    /// The positive words' BM25 terms on `text_stem` and `title_stem` with their weights, for
    /// ranking whole documents ([`crate::search::document`]).
    pub terms: Vec<WeightedTerm>,
}

/// The exact-form bonus of one word's attached forms: each form's score (the best one) in
/// passages without the typed form.
pub(crate) struct AttachedBonus {
    /// The typed form on `text_exact`.
    pub typed: Box<dyn Query>,
    /// Each attached form on `text_exact`, weighted.
    pub forms: Vec<Box<dyn Query>>,
}

impl CompiledQuery {
    /// The `limit` best passages, best first: the top `limit` of [`CompiledQuery::query`], each
    /// then given its proximity boost and re-sorted (ties keep tantivy's order). A passage outside
    /// the top `limit` without the boost is not considered: with `limit` several times the hits
    /// shown and a boost smaller than a word's score, that changes nothing a user sees (the
    /// relevance benchmark measures it).
    pub fn top_passages(
        &self,
        searcher: &Searcher,
        limit: usize,
    ) -> tantivy::Result<Vec<(f32, DocAddress)>> {
        let Some(query) = &self.query else {
            return Ok(Vec::new());
        };
        let mut top =
            searcher.search(query.as_ref(), &TopDocs::with_limit(limit).order_by_score())?;
        if self.proximity.is_some() {
            self.add_proximity(searcher, &mut top)?;
        }
        for bonus in &self.attached {
            add_attached(bonus, searcher, &mut top)?;
        }
        if self.proximity.is_some() || !self.attached.is_empty() {
            top.sort_by(|a, b| b.0.total_cmp(&a.0));
        }
        Ok(top)
    }

    /// Adds the proximity boost to each passage of `top`: the score the union of
    /// [`CompiledQuery::proximity`] would give, phrase by phrase. A union of phrases cannot skip
    /// to a candidate without checking positions in every passage on the way, and building one
    /// costs more than scoring its phrases.
    fn add_proximity(
        &self,
        searcher: &Searcher,
        top: &mut [(f32, DocAddress)],
    ) -> tantivy::Result<()> {
        let mut total = vec![0.0f32; top.len()];
        let mut phrase: Vec<(f32, DocAddress)> = Vec::with_capacity(top.len());
        for group in &self.proximity_groups {
            let mut sum = vec![0.0f32; top.len()];
            for query in group {
                phrase.clear();
                phrase.extend(top.iter().map(|&(_, address)| (0.0, address)));
                add_scores(query.as_ref(), searcher, &mut phrase)?;
                for (sum, (score, _)) in sum.iter_mut().zip(&phrase) {
                    *sum += score;
                }
            }
            for (total, sum) in total.iter_mut().zip(&sum) {
                *total += sum;
            }
        }
        for ((score, _), total) in top.iter_mut().zip(&total) {
            *score += total;
        }
        Ok(())
    }
}

/// Adds `query`'s score to each passage of `scored` it matches.
pub(crate) fn add_scores(
    query: &dyn Query,
    searcher: &Searcher,
    scored: &mut [(f32, DocAddress)],
) -> tantivy::Result<()> {
    let addresses: Vec<DocAddress> = scored.iter().map(|s| s.1).collect();
    for (s, score) in scored
        .iter_mut()
        .zip(scores_of(query, searcher, &addresses)?)
    {
        s.0 += score.unwrap_or(0.0);
    }
    Ok(())
}

/// Adds an attached-forms bonus to the passages of `scored` without the typed form: the best
/// score of a form they hold.
fn add_attached(
    bonus: &AttachedBonus,
    searcher: &Searcher,
    scored: &mut [(f32, DocAddress)],
) -> tantivy::Result<()> {
    let addresses: Vec<DocAddress> = scored.iter().map(|s| s.1).collect();
    let typed = scores_of(bonus.typed.as_ref(), searcher, &addresses)?;
    let (without, others): (Vec<usize>, Vec<DocAddress>) = typed
        .iter()
        .enumerate()
        .filter(|(_, t)| t.is_none())
        .map(|(i, _)| (i, addresses[i]))
        .unzip();
    if without.is_empty() {
        return Ok(());
    }
    let mut best = vec![0.0f32; without.len()];
    for form in &bonus.forms {
        let scores = scores_of(form.as_ref(), searcher, &others)?;
        for (b, score) in best.iter_mut().zip(scores) {
            *b = b.max(score.unwrap_or(0.0));
        }
    }
    for (i, best) in without.into_iter().zip(best) {
        scored[i].0 += best;
    }
    Ok(())
}

/// `query`'s score of each passage of `addresses` (`None` where it does not match).
///
/// The passages are visited in document order with [`DocSet::seek_danger`], which answers "is
/// this document in the set?" without finding the next one that is: for a phrase, `seek` would
/// check word positions in every passage holding all the words up to the next match.
fn scores_of(
    query: &dyn Query,
    searcher: &Searcher,
    addresses: &[DocAddress],
) -> tantivy::Result<Vec<Option<f32>>> {
    let weight = query.weight(EnableScoring::enabled_from_searcher(searcher))?;
    let mut scores = vec![None; addresses.len()];
    let mut order: Vec<usize> = (0..addresses.len()).collect();
    // Addresses are distinct: an unstable sort gives the same order, without a buffer.
    order.sort_unstable_by_key(|&i| addresses[i]);
    // The segment being visited, its scorer and the first document it may still hold.
    let mut current: Option<(u32, Box<dyn Scorer>, DocId)> = None;
    for i in order {
        let DocAddress {
            segment_ord,
            doc_id,
        } = addresses[i];
        let found = match current.as_mut() {
            Some((segment, scorer, lower_bound)) if *segment == segment_ord => {
                if doc_id < *lower_bound {
                    continue;
                }
                // Targets strictly increase (addresses are distinct), as `seek_danger` requires.
                scorer.seek_danger(doc_id)
            }
            _ => {
                // Opened at the first target, so a phrase scorer does not first look for its
                // first match from the start of the segment.
                let reader = searcher.segment_reader(segment_ord);
                let (found, scorer) = weight.scorer_danger(reader, doc_id, 1.0)?;
                current = Some((segment_ord, scorer, doc_id));
                found
            }
        };
        let (_, scorer, lower_bound) = current.as_mut().expect("set above");
        match found {
            SeekDangerResult::Found => {
                scores[i] = Some(scorer.score());
                *lower_bound = doc_id + 1;
            }
            SeekDangerResult::SeekLowerBound(bound) => *lower_bound = bound,
        }
    }
    Ok(scores)
}

/// The ranking weights as values, so the relevance bench can sweep them; [`Weights::default`]
/// is the constants above, which is what `fahras search` uses.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Weights {
    /// [`TEXT_STEM_WEIGHT`].
    pub text_stem: f32,
    /// [`TEXT_EXACT_BOOST`].
    pub text_exact: f32,
    /// [`TITLE_STEM_BOOST`].
    pub title_stem: f32,
    /// [`PROXIMITY_BOOST`].
    pub proximity: f32,
    /// [`PROXIMITY_SLOP`].
    pub proximity_slop: u32,
    /// [`PHRASE_BOOST`].
    pub phrase: f32,
    /// [`NAME_BOOST`].
    pub name: f32,
    /// [`NAME_PHRASE_BOOST`].
    pub name_phrase: f32,
    /// [`LATIN_READINGS`].
    pub latin_readings: usize,
    /// [`NAME_PHRASES`].
    pub name_phrases: usize,
    /// How Latin words' readings are ranked and weighed.
    pub reading_prior: ReadingPrior,
    /// [`READING_KEEP`].
    pub reading_keep: f32,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            text_stem: TEXT_STEM_WEIGHT,
            text_exact: TEXT_EXACT_BOOST,
            title_stem: TITLE_STEM_BOOST,
            proximity: PROXIMITY_BOOST,
            proximity_slop: PROXIMITY_SLOP,
            phrase: PHRASE_BOOST,
            name: NAME_BOOST,
            name_phrase: NAME_PHRASE_BOOST,
            latin_readings: LATIN_READINGS,
            name_phrases: NAME_PHRASES,
            reading_prior: ReadingPrior::default(),
            reading_keep: READING_KEEP,
        }
    }
}
