//! Turning a [`ParsedQuery`] into a tantivy query, and the ranking weights.
//!
//! Per query word, SHOULD clauses score BM25 on `text_stem` (matches any inflection), on
//! `text_exact` (so a passage with the word exactly as typed, after normalization, outranks one
//! matching only the stem) and on `title_stem` (a passage of an article *about* the word ranks
//! higher). Queries of two to [`PROXIMITY_MAX_WORDS`] words add a sloppy phrase on `text_stem`
//! rewarding passages where the words stand close together. Quoted phrases are phrase queries on
//! `text_exact`, where stop words are indexed and therefore count.
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
//!
//! With a vocabulary ([`compile_with`]), Latin-script words that are not index terms are replaced
//! by weighted ORs of their Arabic spellings, built in [`crate::search::latin`].

use std::collections::HashSet;
use std::ops::Bound;

use tantivy::collector::TopDocs;
use tantivy::query::{
    BooleanQuery, BoostQuery, EnableScoring, Occur as TOccur, PhraseQuery, Query, RangeQuery,
    Scorer, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DateTime, DocAddress, DocId, DocSet, Searcher, SeekDangerResult, Term as TTerm};
use time::Date;

use crate::analysis::{self, AR_EXACT, AR_STEM};
use crate::index::Fields;
use crate::search::document::WeightedTerm;
use crate::search::latin;
use crate::search::query::{Filter, Occur, ParsedQuery, Term};
use crate::translit::Vocabulary;

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

/// One scoring clause, kept apart so `--explain` can report its contribution.
pub struct Component {
    /// What it matches, e.g. `text_stem:قاعد` or `proximity(عين اسد)~3`.
    pub label: String,
    /// The clause as it appears in the full query (boost included).
    pub query: Box<dyn Query>,
}

/// Terms to highlight in passages: a word is highlighted when its `ar_stem` token is in `stem`
/// or its `ar_exact` token is in `exact`.
#[derive(Clone, Debug, Default)]
pub struct HighlightTerms {
    /// `ar_stem` terms of the positive words and phrases.
    pub stem: HashSet<String>,
    /// `ar_exact` terms of the positive words.
    pub exact: HashSet<String>,
}

/// The tantivy query for a parsed query, with what `--explain` and highlighting need.
pub struct CompiledQuery {
    /// The query to run; `None` when nothing searchable is left (e.g. only stop words).
    pub query: Option<Box<dyn Query>>,
    /// The proximity boost (a sloppy phrase of the query words), added by
    /// [`CompiledQuery::top_passages`] to the candidates `query` found rather than being a clause
    /// of it, which would make tantivy check word positions in every passage holding all words.
    pub proximity: Option<Box<dyn Query>>,
    /// Scoring clauses, for `--explain`.
    pub components: Vec<Component>,
    /// Terms to highlight.
    pub highlight: HighlightTerms,
    /// What was ignored while compiling (stop-word-only words, empty filters).
    pub warnings: Vec<String>,
    /// How Latin-script words were read, one line per run of them (`Erbil → اربيل`).
    pub interpretation: Vec<String>,
    /// The positive words' BM25 terms on `text_stem` and `title_stem` with their weights, for
    /// ranking whole documents ([`crate::search::document`]).
    pub terms: Vec<WeightedTerm>,
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
        if let Some(proximity) = &self.proximity {
            add_scores(proximity.as_ref(), searcher, &mut top)?;
            top.sort_by(|a, b| b.0.total_cmp(&a.0));
        }
        Ok(top)
    }
}

/// Adds `query`'s score to each passage of `scored` it matches.
///
/// The passages are visited in document order with [`DocSet::seek_danger`], which answers "is
/// this document in the set?" without finding the next one that is: for a phrase, `seek` would
/// check word positions in every passage holding all the words up to the next match.
pub(crate) fn add_scores(
    query: &dyn Query,
    searcher: &Searcher,
    scored: &mut [(f32, DocAddress)],
) -> tantivy::Result<()> {
    let weight = query.weight(EnableScoring::enabled_from_searcher(searcher))?;
    let mut order: Vec<usize> = (0..scored.len()).collect();
    order.sort_by_key(|&i| scored[i].1);
    // The segment being visited, its scorer and the first document it may still hold.
    let mut current: Option<(u32, Box<dyn Scorer>, DocId)> = None;
    for i in order {
        let DocAddress {
            segment_ord,
            doc_id,
        } = scored[i].1;
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
                scored[i].0 += scorer.score();
                *lower_bound = doc_id + 1;
            }
            SeekDangerResult::SeekLowerBound(bound) => *lower_bound = bound,
        }
    }
    Ok(())
}

pub(crate) fn term_query(field: Field, text: &str, boost: f32) -> Box<dyn Query> {
    let query = TermQuery::new(
        TTerm::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    );
    if boost == 1.0 {
        Box::new(query)
    } else {
        Box::new(BoostQuery::new(Box::new(query), boost))
    }
}

/// A phrase (or a single term when there is one) on `field`, terms at their given positions.
pub(crate) fn phrase_query(field: Field, terms: &[(usize, String)], slop: u32) -> Box<dyn Query> {
    if terms.len() == 1 {
        return term_query(field, &terms[0].1, 1.0);
    }
    let terms = terms
        .iter()
        .map(|(pos, t)| (*pos, TTerm::from_field_text(field, t)))
        .collect();
    Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop))
}

/// Terms of `text` with their positions, renumbered from 0.
pub(crate) fn positioned_terms(analyzer: &str, text: &str) -> Vec<(usize, String)> {
    let Some(mut analyzer) = analysis::build(analyzer) else {
        return Vec::new();
    };
    let tokens = analysis::analyze(&mut analyzer, text);
    let first = tokens.first().map_or(0, |t| t.position);
    tokens
        .into_iter()
        .map(|t| (t.position - first, t.token))
        .collect()
}

pub(crate) fn disjunction(queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        queries.into_iter().map(|q| (TOccur::Should, q)).collect(),
    ))
}

fn conjunction(queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        queries.into_iter().map(|q| (TOccur::Must, q)).collect(),
    ))
}

fn day_start(date: Date) -> DateTime {
    DateTime::from_utc(date.midnight().assume_utc())
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
        }
    }
}

/// Compiles `parsed` against the index fields with the default [`Weights`], Latin-script words as
/// typed.
pub fn compile(parsed: &ParsedQuery, fields: &Fields) -> CompiledQuery {
    compile_with(parsed, fields, None, &Weights::default())
}

/// Compiles `parsed` with the given weights; with a `vocab` (the `text_exact` terms),
/// Latin-script words that are not index terms are searched as their Arabic spellings (see
/// [`crate::search::latin`]).
pub fn compile_with(
    parsed: &ParsedQuery,
    fields: &Fields,
    vocab: Option<&dyn Vocabulary>,
    weights: &Weights,
) -> CompiledQuery {
    let mut components = Vec::new();
    let mut highlight = HighlightTerms::default();
    let mut warnings = Vec::new();
    let mut positive: Vec<(TOccur, Box<dyn Query>)> = Vec::new();
    let mut negative: Vec<Box<dyn Query>> = Vec::new();
    let mut proximity_terms: Vec<String> = Vec::new();
    let mut interpretation = Vec::new();
    let mut weighted_terms = Vec::new();
    let runs = vocab.map_or_else(Vec::new, |v| latin::runs(parsed, v));
    // The words of a query made of bare Arabic words only, for the name phrase.
    let mut name_words: Option<Vec<&str>> = Some(Vec::new());

    for (i, clause) in parsed.clauses.iter().enumerate() {
        match (&clause.term, clause.occur, name_words.as_mut()) {
            (Term::Word(word), Occur::Should | Occur::Must, Some(words)) => words.push(word),
            _ => name_words = None,
        }
        if let Some(run) = runs.iter().find(|r| r.clauses.contains(&i)) {
            name_words = None;
            if run.clauses[0] == i {
                let q = latin::compile_run(run, fields);
                positive.extend(q.required.into_iter().map(|q| (TOccur::Must, q)));
                positive.extend(q.optional.into_iter().map(|q| (TOccur::Should, q)));
                negative.extend(q.negative);
                components.extend(q.components);
                highlight.stem.extend(q.highlight.stem);
                highlight.exact.extend(q.highlight.exact);
                proximity_terms.extend(q.proximity);
                interpretation.extend(q.interpretation);
                warnings.extend(q.warnings);
            }
            continue;
        }
        match &clause.term {
            Term::Word(word) => {
                let analysis::WordTerms {
                    exact: exacts,
                    stem: stems,
                } = analysis::word_terms(word);
                if stems.is_empty() {
                    if !exacts.is_empty() {
                        warnings.push(format!(
                            "stop word `{word}` ignored (quote it in a phrase to require it)"
                        ));
                    } else {
                        warnings.push(format!("`{word}` has no searchable letters: ignored"));
                    }
                    continue;
                }
                if clause.occur == Occur::MustNot {
                    let mut parts: Vec<Box<dyn Query>> = stems
                        .iter()
                        .map(|t| term_query(fields.text_stem, t, 1.0))
                        .collect();
                    parts.extend(exacts.iter().map(|t| term_query(fields.text_exact, t, 1.0)));
                    negative.push(disjunction(parts));
                    continue;
                }
                let mut text_parts = Vec::new();
                let mut title_parts = Vec::new();
                for (field, name, terms, boost) in [
                    (fields.text_stem, "text_stem", &stems, weights.text_stem),
                    (fields.text_exact, "text_exact", &exacts, weights.text_exact),
                    (fields.title_stem, "title_stem", &stems, weights.title_stem),
                ] {
                    for t in terms {
                        // Documents are scored on stems and titles only: the exact-form bonus
                        // reaches them through the best passage's share, and counting it again
                        // over the whole text measured no better (arcd-train) at a third more
                        // posting-list walks.
                        if field != fields.text_exact {
                            weighted_terms.push(WeightedTerm {
                                field,
                                text: t.clone(),
                                weight: boost,
                            });
                        }
                        let q = term_query(field, t, boost);
                        components.push(Component {
                            label: format!("{name}:{t}"),
                            query: q.box_clone(),
                        });
                        if field == fields.title_stem {
                            title_parts.push(q);
                        } else {
                            text_parts.push(q);
                        }
                    }
                }
                if clause.occur == Occur::Must {
                    // Required in the passage itself; a title match only adds to the score.
                    positive.push((TOccur::Must, disjunction(text_parts)));
                    positive.push((TOccur::Should, disjunction(title_parts)));
                } else {
                    text_parts.extend(title_parts);
                    positive.extend(text_parts.into_iter().map(|q| (TOccur::Should, q)));
                }
                proximity_terms.extend(stems.iter().cloned());
                highlight.stem.extend(stems);
                highlight.exact.extend(exacts);
            }
            Term::Phrase(phrase) => {
                let terms = positioned_terms(AR_EXACT, phrase);
                if terms.is_empty() {
                    warnings.push(format!(
                        "phrase \"{phrase}\" has no searchable words: ignored"
                    ));
                    continue;
                }
                let q = phrase_query(fields.text_exact, &terms, 0);
                if clause.occur == Occur::MustNot {
                    negative.push(q);
                    continue;
                }
                let q: Box<dyn Query> = Box::new(BoostQuery::new(q, weights.phrase));
                components.push(Component {
                    label: format!("text_exact:\"{phrase}\""),
                    query: q.box_clone(),
                });
                let occur = if clause.occur == Occur::Must {
                    TOccur::Must
                } else {
                    TOccur::Should
                };
                positive.push((occur, q));
                highlight.stem.extend(analysis::terms(AR_STEM, phrase));
            }
        }
    }

    let mut proximity = None;
    if (2..=PROXIMITY_MAX_WORDS).contains(&proximity_terms.len()) {
        let terms: Vec<(usize, String)> = proximity_terms.into_iter().enumerate().collect();
        let label = format!(
            "proximity({})~{}",
            terms
                .iter()
                .map(|(_, t)| t.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            weights.proximity_slop
        );
        let q: Box<dyn Query> = Box::new(BoostQuery::new(
            phrase_query(fields.text_stem, &terms, weights.proximity_slop),
            weights.proximity,
        ));
        components.push(Component {
            label,
            query: q.box_clone(),
        });
        proximity = Some(q);
    }
    if let Some(name) = name_words.and_then(|words| name_phrase(&words, fields, weights)) {
        components.push(Component {
            label: name.0,
            query: name.1.box_clone(),
        });
        proximity = Some(match proximity {
            Some(sloppy) => Box::new(BooleanQuery::new(vec![
                (TOccur::Should, sloppy),
                (TOccur::Should, name.1),
            ])),
            None => name.1,
        });
    }

    // Filters: alternatives within a kind, all kinds required.
    let mut required: Vec<Box<dyn Query>> = Vec::new();
    for kind in ["title", "source", "doc", "date"] {
        let mut alternatives = Vec::new();
        for clause in parsed.filters.iter().filter(|f| f.filter.name() == kind) {
            let Some(q) = filter_query(&clause.filter, fields) else {
                warnings.push(format!(
                    "filter `{}:` has no searchable words: ignored",
                    clause.filter.name()
                ));
                continue;
            };
            if clause.negated {
                negative.push(q);
            } else {
                alternatives.push(q);
            }
        }
        match alternatives.len() {
            0 => {}
            1 => required.extend(alternatives),
            _ => required.push(disjunction(alternatives)),
        }
    }

    let mut top: Vec<(TOccur, Box<dyn Query>)> = Vec::new();
    if !positive.is_empty() {
        top.push((TOccur::Must, Box::new(BooleanQuery::new(positive))));
    }
    top.extend(required.into_iter().map(|q| (TOccur::Must, q)));
    let query: Option<Box<dyn Query>> = if top.is_empty() {
        if !negative.is_empty() {
            warnings.push("the query only excludes words: nothing to search for".to_string());
        }
        None
    } else {
        top.extend(negative.into_iter().map(|q| (TOccur::MustNot, q)));
        Some(Box::new(BooleanQuery::new(top)))
    };
    CompiledQuery {
        query,
        proximity,
        components,
        highlight,
        warnings,
        interpretation,
        terms: weighted_terms,
    }
}

/// The name phrase of a query of two to six Arabic words (label and boosted query): its stems at
/// their positions on `text_stem`, so clitic forms match (لفيصل بن خالد) and stop words keep their
/// place; on `text_exact` when fewer than two words have stems (سي إن إن).
fn name_phrase(
    words: &[&str],
    fields: &Fields,
    weights: &Weights,
) -> Option<(String, Box<dyn Query>)> {
    if !(2..=PROXIMITY_MAX_WORDS).contains(&words.len())
        || words.iter().any(|w| latin::is_latin_word(w))
    {
        return None;
    }
    let text = words.join(" ");
    let mut field = fields.text_stem;
    let mut terms = positioned_terms(AR_STEM, &text);
    if terms.len() < 2 {
        field = fields.text_exact;
        terms = positioned_terms(AR_EXACT, &text);
    }
    if terms.len() < 2 {
        return None;
    }
    let query = Box::new(BoostQuery::new(
        phrase_query(field, &terms, 0),
        weights.name,
    ));
    Some((format!("name(\"{text}\")"), query))
}

fn filter_query(filter: &Filter, fields: &Fields) -> Option<Box<dyn Query>> {
    match filter {
        Filter::Title(value) => {
            let terms = analysis::terms(AR_STEM, value);
            (!terms.is_empty()).then(|| {
                conjunction(
                    terms
                        .iter()
                        .map(|t| term_query(fields.title_stem, t, 1.0))
                        .collect(),
                )
            })
        }
        Filter::Source(value) => {
            let terms = analysis::terms(AR_EXACT, value);
            (!terms.is_empty()).then(|| {
                conjunction(
                    terms
                        .iter()
                        .map(|t| term_query(fields.source, t, 1.0))
                        .collect(),
                )
            })
        }
        Filter::Doc(id) => Some(Box::new(TermQuery::new(
            TTerm::from_field_text(fields.doc_id, id),
            IndexRecordOption::Basic,
        ))),
        Filter::Date { from, to } => {
            let lower = from.map_or(Bound::Unbounded, |d| {
                Bound::Included(TTerm::from_field_date(fields.date, day_start(d)))
            });
            let upper = to.map_or(Bound::Unbounded, |d| match d.next_day() {
                Some(next) => Bound::Excluded(TTerm::from_field_date(fields.date, day_start(next))),
                None => Bound::Unbounded,
            });
            Some(Box::new(RangeQuery::new(lower, upper)))
        }
    }
}
