//! The one compilation of a [`QueryPlan`] into what a search needs: the tantivy query, the
//! proximity phrase added to its candidates, the `--explain` components, highlight terms,
//! document-ranking terms and the reading lines, all weighted by one [`Weights`].
//!
//! Parts are compiled in the order typed (the order of the clauses, and so of their scores'
//! summation, is part of the ranking): words here, Latin names in `compile/name.rs`. See
//! [`crate::search::rank`] for the structure of the query and what each clause scores.

mod name;

use std::ops::Bound;

use tantivy::query::{
    BooleanQuery, BoostQuery, DisjunctionMaxQuery, Occur as TOccur, PhraseQuery, Query, RangeQuery,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term as TTerm;

use crate::analysis::{self, AR_EXACT, AR_STEM};
use crate::index::Fields;
use crate::search::document::WeightedTerm;
use crate::search::plan::{AttachedForm, Part, Phrase, QueryPlan, Source, Word};
use crate::search::query::{Filter, Occur};
use crate::search::rank::{
    AttachedBonus, CompiledQuery, Component, HighlightTerms, Weights, PROXIMITY_MAX_WORDS,
};

/// Boxed queries.
type Queries = Vec<Box<dyn Query>>;

/// One alternative of a word as compiled: its terms and how it is searched.
struct Spelling<'p> {
    terms: analysis::WordTerms,
    /// The alternative's weight.
    weight: f32,
    /// A two-word spelling, searched as a phrase.
    phrase: bool,
    /// Its forms with attached clitics, on `text_exact`.
    attached: &'p [AttachedForm],
}

/// Compiles `plan` with `weights`.
pub fn compile(plan: &QueryPlan, fields: &Fields, weights: &Weights) -> CompiledQuery {
    let mut b = Builder::new(fields, weights);
    // Corrections and variants are said first, then each name's reading.
    for word in plan.words() {
        for alt in word.alternatives.iter() {
            if alt.source == Source::Corrected {
                b.out
                    .interpretation
                    .push(format!("{} → {}", word.typed, alt.text));
            }
        }
    }
    b.out.interpretation.extend(variant_lines(plan));
    b.out.interpretation.extend(plan.notes.iter().cloned());
    for part in &plan.parts {
        match part {
            Part::Word(word) => b.word(word),
            Part::Phrase(phrase) => b.phrase(phrase),
            Part::Name(n) => name::compile(&mut b, n),
        }
    }
    b.proximity();
    b.arabic_name(plan);
    let required = b.filters(plan);
    b.finish(required)
}

/// The compilation under way: the clauses so far and what goes beside the query.
struct Builder<'a> {
    fields: &'a Fields,
    weights: &'a Weights,
    /// Everything but `query` and `proximity`, filled as parts are compiled.
    out: CompiledQuery,
    /// Clauses of the `MUST(words)` disjunction.
    positive: Vec<(TOccur, Box<dyn Query>)>,
    /// Exclusions.
    negative: Vec<Box<dyn Query>>,
    /// `ar_stem` terms of the proximity phrase, in order.
    proximity_terms: Vec<String>,
}

impl<'a> Builder<'a> {
    fn new(fields: &'a Fields, weights: &'a Weights) -> Builder<'a> {
        Builder {
            fields,
            weights,
            out: CompiledQuery {
                query: None,
                proximity: None,
                proximity_groups: Vec::new(),
                attached: Vec::new(),
                components: Vec::new(),
                highlight: HighlightTerms::default(),
                warnings: Vec::new(),
                interpretation: Vec::new(),
                readings: Vec::new(),
                terms: Vec::new(),
            },
            positive: Vec::new(),
            negative: Vec::new(),
            proximity_terms: Vec::new(),
        }
    }

    /// Adds a scoring clause to `--explain`'s components and returns it.
    fn component(&mut self, label: String, query: Box<dyn Query>) -> Box<dyn Query> {
        self.out.components.push(Component {
            label,
            query: query.box_clone(),
        });
        query
    }

    /// A word: per alternative, its stems on `text_stem` and `title_stem`, its exact forms (and
    /// their attached forms) on `text_exact`, each boosted by the field's weight times the
    /// alternative's.
    fn word(&mut self, word: &Word) {
        // A spelling of two words (`فيس بوك`) is searched as a phrase; a typed word the analyzer
        // cuts in two (`بـ5`) is not.
        let spellings: Vec<Spelling> = word
            .alternatives
            .iter()
            .map(|alt| Spelling {
                terms: analysis::word_terms(&alt.text),
                weight: alt.weight,
                phrase: matches!(alt.source, Source::Variant { .. }) && alt.text.contains(' '),
                attached: &alt.attached,
            })
            .collect();
        if spellings.iter().all(|s| s.terms.stem.is_empty()) {
            let letters = spellings.iter().any(|s| !s.terms.exact.is_empty());
            self.out.warnings.push(if letters {
                format!(
                    "stop word `{}` ignored (quote it in a phrase to require it)",
                    word.typed
                )
            } else {
                format!("`{}` has no searchable letters: ignored", word.typed)
            });
            return;
        }
        let spellings: Vec<_> = spellings
            .into_iter()
            .filter(|s| !s.terms.stem.is_empty())
            .collect();
        if word.occur == Occur::MustNot {
            let mut parts: Vec<Box<dyn Query>> = Vec::new();
            for s in &spellings {
                parts.extend(
                    s.terms
                        .stem
                        .iter()
                        .map(|t| term_query(self.fields.text_stem, t, 1.0)),
                );
                parts.extend(
                    s.terms
                        .exact
                        .iter()
                        .map(|t| term_query(self.fields.text_exact, t, 1.0)),
                );
            }
            self.negative.push(disjunction(parts));
            return;
        }
        let (text_parts, title_parts) = self.word_clauses(&spellings);
        if word.occur == Occur::Must {
            // Required in the passage itself; a title match only adds to the score.
            self.positive.push((TOccur::Must, disjunction(text_parts)));
            self.positive
                .push((TOccur::Should, disjunction(title_parts)));
        } else {
            let all = text_parts.into_iter().chain(title_parts);
            self.positive.extend(all.map(|q| (TOccur::Should, q)));
        }
        // Only the first spelling (the typed one, or its correction) stands in the proximity
        // phrase: variants are other spellings of the same word, not more words.
        if let Some(s) = spellings.first() {
            self.proximity_terms.extend(s.terms.stem.iter().cloned());
        }
        for s in spellings {
            self.out.highlight.stem.extend(s.terms.stem);
            self.out.highlight.exact.extend(s.terms.exact);
            let attached = s.attached.iter().map(|f| f.text.clone());
            self.out.highlight.exact.extend(attached);
        }
    }

    /// The scoring clauses of a word's spellings: (text clauses, title clauses); the
    /// `text_stem` and `title_stem` terms also rank documents.
    fn word_clauses(&mut self, spellings: &[Spelling]) -> (Queries, Queries) {
        let f = self.fields;
        let w = self.weights;
        let mut text_parts = Vec::new();
        let mut title_parts = Vec::new();
        for (field, name, stem, boost) in [
            (f.text_stem, "text_stem", true, w.text_stem),
            (f.text_exact, "text_exact", false, w.text_exact),
            (f.title_stem, "title_stem", true, w.title_stem),
        ] {
            for spelling in spellings {
                let boost = boost * spelling.weight;
                let words = if stem {
                    &spelling.terms.stem
                } else {
                    &spelling.terms.exact
                };
                if spelling.phrase && words.len() > 1 {
                    // A spelling in two words (`فيس بوك`) is a phrase; titles have no
                    // positions, and documents are ranked through the best passage.
                    if field != f.title_stem {
                        let positioned: Vec<(usize, String)> =
                            words.iter().cloned().enumerate().collect();
                        if stem {
                            self.out.terms.push(WeightedTerm {
                                field,
                                text: words[0].clone(),
                                weight: boost,
                                rest: (1..).zip(words[1..].iter().cloned()).collect(),
                            });
                        }
                        let label = format!("{name}:\"{}\"", words.join(" "));
                        let q =
                            Box::new(BoostQuery::new(phrase_query(field, &positioned, 0), boost));
                        text_parts.push(self.component(label, q));
                    }
                    continue;
                }
                for t in words {
                    // Documents are scored on stems and titles only: the exact-form bonus
                    // reaches them through the best passage's share, and counting it again over
                    // the whole text measured no better (arcd-train) at a third more
                    // posting-list walks.
                    if stem {
                        self.out.terms.push(WeightedTerm {
                            field,
                            text: t.clone(),
                            weight: boost,
                            rest: Vec::new(),
                        });
                    }
                    let q = self.component(format!("{name}:{t}"), term_query(field, t, boost));
                    if field == f.title_stem {
                        title_parts.push(q);
                    } else {
                        text_parts.push(q);
                    }
                }
                if let [typed] = words.as_slice() {
                    if field == f.text_exact && !spelling.attached.is_empty() {
                        self.attached(typed, spelling.attached, boost);
                    }
                }
            }
        }
        (text_parts, title_parts)
    }

    /// The exact-form bonus of a spelling's attached forms (بالحديده for الحديده), each scored
    /// with the spelling's idf, in passages without the typed form (one word: a passage with
    /// both scores once). Added to the candidates like the proximity phrase: as clauses of the
    /// query, every search would walk their posting lists for passages the stem clause finds
    /// anyway.
    fn attached(&mut self, typed: &str, forms: &[AttachedForm], boost: f32) {
        let field = self.fields.text_exact;
        let queries = || -> Queries {
            forms
                .iter()
                .map(|form| term_query(field, &form.text, boost * form.weight))
                .collect()
        };
        // The same bonus as one query, for `--explain`.
        let texts: Vec<&str> = forms.iter().map(|f| f.text.as_str()).collect();
        let label = format!("text_exact:{}", texts.join("/"));
        let explained = Box::new(BooleanQuery::new(vec![
            (TOccur::Must, Box::new(DisjunctionMaxQuery::new(queries()))),
            (TOccur::MustNot, term_query(field, typed, 1.0)),
        ]));
        self.component(label, explained);
        self.out.attached.push(AttachedBonus {
            typed: term_query(field, typed, 1.0),
            forms: queries(),
        });
    }

    /// A quoted phrase on `text_exact`, where stop words count.
    fn phrase(&mut self, phrase: &Phrase) {
        let text = &phrase.text;
        let terms = positioned_terms(AR_EXACT, text);
        if terms.is_empty() {
            self.out.warnings.push(format!(
                "phrase \"{text}\" has no searchable words: ignored"
            ));
            return;
        }
        let q = phrase_query(self.fields.text_exact, &terms, 0);
        if phrase.occur == Occur::MustNot {
            self.negative.push(q);
            return;
        }
        let q = Box::new(BoostQuery::new(q, self.weights.phrase));
        let q = self.component(format!("text_exact:\"{text}\""), q);
        let occur = if phrase.occur == Occur::Must {
            TOccur::Must
        } else {
            TOccur::Should
        };
        self.positive.push((occur, q));
        self.out
            .highlight
            .stem
            .extend(analysis::terms(AR_STEM, text));
        self.out.highlight.phrases.push(terms);
    }

    /// The proximity phrase of the positive words' stems, for queries of 2 to
    /// [`PROXIMITY_MAX_WORDS`] of them.
    fn proximity(&mut self) {
        let terms: Vec<(usize, String)> = std::mem::take(&mut self.proximity_terms)
            .into_iter()
            .enumerate()
            .collect();
        if !(2..=PROXIMITY_MAX_WORDS).contains(&terms.len()) {
            return;
        }
        let slop = self.weights.proximity_slop;
        let words: Vec<&str> = terms.iter().map(|(_, t)| t.as_str()).collect();
        let label = format!("proximity({})~{slop}", words.join(" "));
        let q: Box<dyn Query> = Box::new(BoostQuery::new(
            phrase_query(self.fields.text_stem, &terms, slop),
            self.weights.proximity,
        ));
        self.out.proximity_groups.push(vec![q.box_clone()]);
        self.out.proximity = Some(self.component(label, q));
    }

    /// The name phrase of a query of two to [`PROXIMITY_MAX_WORDS`] bare Arabic words, added to
    /// the candidates beside the proximity phrase: its stems adjacent at their positions on
    /// `text_stem`, so clitic forms match (لفيصل بن خالد) and stop words keep their place; on
    /// `text_exact` when fewer than two words have stems (سي إن إن). Words with spelling variants
    /// also try the name as other outlets write it (best [`Weights::name_phrases`] spellings).
    fn arabic_name(&mut self, plan: &QueryPlan) {
        let mut words: Vec<&Word> = Vec::new();
        for part in &plan.parts {
            match part {
                Part::Word(w) if w.occur != Occur::MustNot && !w.alternatives.is_empty() => {
                    words.push(w)
                }
                _ => return,
            }
        }
        if !(2..=PROXIMITY_MAX_WORDS).contains(&words.len())
            || words
                .iter()
                .any(|w| crate::search::latin::is_latin_word(&w.alternatives[0].text))
        {
            return;
        }
        let mut phrases: Queries = Vec::new();
        for (i, (text, weight)) in name_spellings(&words, self.weights.name_phrases)
            .into_iter()
            .enumerate()
        {
            let mut field = self.fields.text_stem;
            let mut terms = positioned_terms(AR_STEM, &text);
            if terms.len() < 2 {
                field = self.fields.text_exact;
                terms = positioned_terms(AR_EXACT, &text);
            }
            if terms.len() < 2 && i == 0 {
                return;
            }
            if terms.is_empty() {
                continue;
            }
            let q = Box::new(BoostQuery::new(
                phrase_query(field, &terms, 0),
                self.weights.name * weight,
            ));
            phrases.push(self.component(format!("name(\"{text}\")"), q));
        }
        self.out
            .proximity_groups
            .push(phrases.iter().map(|q| q.box_clone()).collect());
        let name = if phrases.len() == 1 {
            phrases.remove(0)
        } else {
            disjunction(phrases)
        };
        self.out.proximity = Some(match self.out.proximity.take() {
            Some(sloppy) => Box::new(BooleanQuery::new(vec![
                (TOccur::Should, sloppy),
                (TOccur::Should, name),
            ])),
            None => name,
        });
    }

    /// The required filter queries: alternatives within a kind, all kinds required; negated
    /// filters join the exclusions.
    fn filters(&mut self, plan: &QueryPlan) -> Vec<Box<dyn Query>> {
        let mut required: Vec<Box<dyn Query>> = Vec::new();
        for kind in ["title", "source", "doc", "date"] {
            let mut alternatives = Vec::new();
            for clause in plan.filters.iter().filter(|f| f.filter.name() == kind) {
                let Some(q) = filter_query(&clause.filter, self.fields) else {
                    self.out
                        .warnings
                        .push(format!("filter `{kind}:` has no searchable words: ignored"));
                    continue;
                };
                if clause.negated {
                    self.negative.push(q);
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
        required
    }

    /// `MUST(words) AND MUST(filters…) AND NOT(exclusions…)`.
    fn finish(mut self, required: Vec<Box<dyn Query>>) -> CompiledQuery {
        let mut top: Vec<(TOccur, Box<dyn Query>)> = Vec::new();
        if !self.positive.is_empty() {
            top.push((TOccur::Must, Box::new(BooleanQuery::new(self.positive))));
        }
        top.extend(required.into_iter().map(|q| (TOccur::Must, q)));
        if top.is_empty() {
            if !self.negative.is_empty() {
                self.out
                    .warnings
                    .push("the query only excludes words: nothing to search for".to_string());
            }
        } else {
            top.extend(self.negative.into_iter().map(|q| (TOccur::MustNot, q)));
            self.out.query = Some(Box::new(BooleanQuery::new(top)));
        }
        self.out
    }
}

/// The spellings of a name of `words`, with their weights: the first alternatives (as typed)
/// first, then the others, each word's variant spellings combined, and joined forms of two
/// words (`عبد الكريم` → `عبدالكريم`), best weights first, at most `max`.
fn name_spellings(words: &[&Word], max: usize) -> Vec<(String, f32)> {
    // Partial spellings: (text of the words so far, weight, a joined form waiting for its
    // second word).
    let mut partial: Vec<(Vec<String>, f32, Option<String>)> = vec![(Vec::new(), 1.0, None)];
    for word in words {
        let mut next = Vec::new();
        for (texts, weight, pending) in &partial {
            for alt in &word.alternatives {
                let joined = matches!(alt.source, Source::Variant { joined: true });
                match (pending, joined) {
                    // The second word of a joined form: it is already written.
                    (Some(p), true) if *p == alt.text => {
                        next.push((texts.clone(), *weight, None));
                    }
                    (Some(_), _) => {}
                    (None, true) => {
                        let mut t = texts.clone();
                        t.push(alt.text.clone());
                        next.push((t, weight * alt.weight, Some(alt.text.clone())));
                    }
                    (None, false) => {
                        let mut t = texts.clone();
                        t.push(alt.text.clone());
                        next.push((t, weight * alt.weight, None));
                    }
                }
            }
        }
        // Stable: the typed spelling stays first among equal weights.
        next.sort_by(|a, b| b.1.total_cmp(&a.1));
        next.truncate(max.max(1) * 2);
        partial = next;
    }
    let mut out: Vec<(String, f32)> = partial
        .into_iter()
        .filter(|(_, _, pending)| pending.is_none())
        .map(|(texts, weight, _)| (texts.join(" "), weight))
        .collect();
    out.truncate(max.max(1));
    out
}

/// The reading lines of spelling variants: `ترمب → also ترامب`, and one line for a joined form
/// of two typed words (`عبد الكريم → also عبدالكريم`).
fn variant_lines(plan: &QueryPlan) -> Vec<String> {
    let words: Vec<&Word> = plan.words().collect();
    let mut lines = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let mut own = Vec::new();
        for alt in &word.alternatives {
            match alt.source {
                Source::Variant { joined: false } => own.push(alt.text.as_str()),
                Source::Variant { joined: true } => {
                    let next = words.get(i + 1).filter(|n| n.alternatives.contains(alt));
                    if let Some(next) = next {
                        lines.push(format!("{} {} → also {}", word.typed, next.typed, alt.text));
                    }
                }
                _ => {}
            }
        }
        if !own.is_empty() {
            lines.push(format!("{} → also {}", word.typed, own.join(", ")));
        }
    }
    lines
}

fn term_query(field: Field, text: &str, boost: f32) -> Box<dyn Query> {
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
fn phrase_query(field: Field, terms: &[(usize, String)], slop: u32) -> Box<dyn Query> {
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
fn positioned_terms(analyzer: &str, text: &str) -> Vec<(usize, String)> {
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

fn disjunction(queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        queries.into_iter().map(|q| (TOccur::Should, q)).collect(),
    ))
}

fn conjunction(queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        queries.into_iter().map(|q| (TOccur::Must, q)).collect(),
    ))
}

/// All the words of `value` analyzed by `analyzer`, required on `field`.
fn all_terms(field: Field, analyzer: &str, value: &str) -> Option<Box<dyn Query>> {
    let terms = analysis::terms(analyzer, value);
    (!terms.is_empty())
        .then(|| conjunction(terms.iter().map(|t| term_query(field, t, 1.0)).collect()))
}

fn filter_query(filter: &Filter, fields: &Fields) -> Option<Box<dyn Query>> {
    match filter {
        Filter::Title(value) => all_terms(fields.title_stem, AR_STEM, value),
        Filter::Source(value) => all_terms(fields.source, AR_EXACT, value),
        Filter::Doc(id) => Some(Box::new(TermQuery::new(
            TTerm::from_field_text(fields.doc_id, id),
            IndexRecordOption::Basic,
        ))),
        Filter::Date { from, to } => {
            let lower = from.map_or(Bound::Unbounded, |d| {
                Bound::Included(TTerm::from_field_date(
                    fields.date,
                    crate::date::day_start(d),
                ))
            });
            let upper = to.map_or(Bound::Unbounded, |d| match d.next_day() {
                Some(next) => Bound::Excluded(TTerm::from_field_date(
                    fields.date,
                    crate::date::day_start(next),
                )),
                None => Bound::Unbounded,
            });
            Some(Box::new(RangeQuery::new(lower, upper)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::plan::{Alternative, Name, NameWord};
    use crate::search::query::parse;

    fn fields() -> Fields {
        Fields::schema().1
    }

    fn labels(compiled: &CompiledQuery) -> Vec<&str> {
        compiled
            .components
            .iter()
            .map(|c| c.label.as_str())
            .collect()
    }

    fn latin(text: &str, cost: f32) -> Alternative {
        Alternative {
            text: text.to_string(),
            source: Source::Latin { cost, doc_freq: 1 },
            weight: 1.0 / (1.0 + cost),
            attached: Vec::new(),
        }
    }

    /// The plan of `Ain al-Asad` as the Latin step makes it, two readings of `Asad`.
    fn ain_al_asad(occur: Occur) -> Name {
        let word = |latin: &str, tokens, alternatives| NameWord {
            latin: latin.to_string(),
            tokens,
            alternatives,
        };
        Name {
            quoted: false,
            occur,
            typed: "Ain al-Asad".into(),
            tokens: 2,
            words: vec![
                word("Ain", 0..1, vec![latin("عين", 0.0)]),
                word("al-Asad", 1..2, vec![latin("الاسد", 0.0), latin("اسد", 0.3)]),
            ],
            joined: vec![],
        }
    }

    #[test]
    fn attached_forms_are_a_bonus_on_the_candidates() {
        let mut plan = QueryPlan::new(&parse("الحديدة"));
        let Part::Word(word) = &mut plan.parts[0] else {
            panic!("{plan:?}");
        };
        word.alternatives[0].attached = vec![AttachedForm {
            text: "بالحديده".into(),
            weight: 0.8,
        }];
        let compiled = compile(&plan, &fields(), &Weights::default());
        let labels = labels(&compiled);
        assert!(labels.contains(&"text_exact:الحديده"), "{labels:?}");
        assert!(labels.contains(&"text_exact:بالحديده"), "{labels:?}");
        assert_eq!(compiled.attached.len(), 1);
        assert_eq!(compiled.attached[0].forms.len(), 1);
        assert!(compiled.highlight.exact.contains("بالحديده"));
    }

    #[test]
    fn a_corrected_word_is_searched_as_corrected_and_said_first() {
        let mut plan = QueryPlan::new(&parse("ثامر Erbil"));
        let Part::Word(word) = &mut plan.parts[0] else {
            panic!("{plan:?}");
        };
        word.alternatives = vec![Alternative {
            text: "تامر".into(),
            source: Source::Corrected,
            weight: 1.0,
            attached: Vec::new(),
        }];
        plan.parts[1] = Part::Name(Name {
            quoted: false,
            occur: Occur::Should,
            typed: "Erbil".into(),
            tokens: 1,
            words: vec![NameWord {
                latin: "Erbil".into(),
                tokens: 0..1,
                alternatives: vec![latin("اربيل", 0.0)],
            }],
            joined: vec![],
        });
        let compiled = compile(&plan, &fields(), &Weights::default());
        assert_eq!(compiled.interpretation, ["ثامر → تامر", "Erbil → اربيل"]);
        assert!(labels(&compiled).contains(&"text_exact:تامر"));
        assert!(!labels(&compiled).iter().any(|l| l.contains("ثامر")));
    }

    #[test]
    fn an_excluded_word_scores_nothing() {
        let compiled = compile(
            &QueryPlan::new(&parse("عين -طهران")),
            &fields(),
            &Weights::default(),
        );
        assert!(compiled.query.is_some());
        assert!(labels(&compiled).iter().all(|l| !l.contains("طهران")));
        assert!(!compiled.highlight.exact.contains("طهران"));
        let only = compile(
            &QueryPlan::new(&parse("-طهران")),
            &fields(),
            &Weights::default(),
        );
        assert!(only.query.is_none());
        assert_eq!(
            only.warnings,
            ["the query only excludes words: nothing to search for"]
        );
    }

    #[test]
    fn a_name_gets_its_readings_its_phrase_and_its_reading_line() {
        let plan = QueryPlan {
            notes: Vec::new(),
            parts: vec![Part::Name(ain_al_asad(Occur::Should))],
            filters: vec![],
        };
        let compiled = compile(&plan, &fields(), &Weights::default());
        let labels = labels(&compiled);
        assert!(labels.contains(&"text_exact:عين (Ain)"), "{labels:?}");
        assert!(labels.contains(&"text_exact:الاسد (al-Asad)"), "{labels:?}");
        assert!(labels.contains(&"name(\"Ain al-Asad\")"), "{labels:?}");
        assert_eq!(
            compiled.interpretation,
            ["Ain al-Asad → عين الاسد (also اسد)"]
        );
        // The best readings stand close together: the proximity phrase.
        assert!(compiled.proximity.is_some());
        // Latin readings rank documents through the best passage only.
        assert!(compiled.terms.is_empty());
        // Excluded, the same name only excludes, and is said with a minus.
        let plan = QueryPlan {
            notes: Vec::new(),
            parts: vec![Part::Name(ain_al_asad(Occur::MustNot))],
            filters: vec![],
        };
        let compiled = compile(&plan, &fields(), &Weights::default());
        assert!(compiled.query.is_none());
        assert!(compiled.proximity.is_none());
        assert_eq!(
            compiled.interpretation,
            ["-Ain al-Asad → عين الاسد (also اسد)"]
        );
    }

    #[test]
    fn a_quoted_name_is_an_exact_phrase_of_its_readings_only() {
        let mut name = ain_al_asad(Occur::Must);
        name.quoted = true;
        let plan = QueryPlan {
            notes: Vec::new(),
            parts: vec![Part::Name(name)],
            filters: Vec::new(),
        };
        let compiled = compile(&plan, &fields(), &Weights::default());
        assert_eq!(labels(&compiled), ["text_exact:\"Ain al-Asad\""]);
        assert_eq!(
            compiled.interpretation,
            ["\"Ain al-Asad → عين الاسد (also اسد)\""]
        );
        assert!(compiled.proximity.is_none());
    }

    #[test]
    fn an_alternative_s_weight_multiplies_the_word_weights() {
        let mut plan = QueryPlan::new(&parse("القاعدة"));
        let Part::Word(word) = &mut plan.parts[0] else {
            panic!("{plan:?}");
        };
        word.alternatives[0].weight = 0.5;
        let weights = Weights::default();
        let compiled = compile(&plan, &fields(), &weights);
        let f = fields();
        let stem_weights: Vec<(Field, f32)> =
            compiled.terms.iter().map(|t| (t.field, t.weight)).collect();
        assert_eq!(
            stem_weights,
            [
                (f.text_stem, weights.text_stem * 0.5),
                (f.title_stem, weights.title_stem * 0.5)
            ]
        );
    }

    fn variant(text: &str, joined: bool) -> Alternative {
        Alternative {
            text: text.to_string(),
            source: Source::Variant { joined },
            weight: 1.0,
            attached: Vec::new(),
        }
    }

    #[test]
    fn variants_are_searched_beside_the_typed_word_and_said() {
        let mut plan = QueryPlan::new(&parse("ترمب فيسبوك"));
        for (part, alt) in plan
            .parts
            .iter_mut()
            .zip([variant("ترامب", false), variant("فيس بوك", false)])
        {
            let Part::Word(word) = part else {
                panic!("{part:?}");
            };
            word.alternatives.push(alt);
        }
        let compiled = compile(&plan, &fields(), &Weights::default());
        assert_eq!(
            compiled.interpretation,
            ["ترمب → also ترامب", "فيسبوك → also فيس بوك"]
        );
        let labels = labels(&compiled);
        for label in [
            "text_exact:ترمب",
            "text_exact:ترامب",
            "text_stem:\"فيس بوك\"",
            "name(\"ترمب فيسبوك\")",
            "name(\"ترامب فيس بوك\")",
        ] {
            assert!(labels.contains(&label), "{label}: {labels:?}");
        }
        // The proximity phrase holds the typed words only.
        assert!(labels.contains(&"proximity(ترمب فيسبوك)~6"), "{labels:?}");
        // The two-word spelling ranks documents as a phrase.
        assert!(compiled.terms.iter().any(|t| t.rest.len() == 1));
    }

    #[test]
    fn a_joined_form_of_two_words_is_said_once() {
        let mut plan = QueryPlan::new(&parse("عبد الكريم"));
        for part in plan.parts.iter_mut() {
            let Part::Word(word) = part else {
                panic!("{part:?}");
            };
            word.alternatives.push(variant("عبدالكريم", true));
        }
        let compiled = compile(&plan, &fields(), &Weights::default());
        assert_eq!(compiled.interpretation, ["عبد الكريم → also عبدالكريم"]);
        assert!(labels(&compiled).contains(&"name(\"عبدالكريم\")"));
    }
}
