//! The query plan: what a query searches for, as plain data between parsing ([`super::query`])
//! and tantivy ([`super::compile`](mod@super::compile)).
//!
//! A parsed query becomes a plan with [`QueryPlan::new`]: each bare word is a [`Word`] whose only
//! [`Alternative`] is the word as typed, each quoted phrase a [`Phrase`], the filters as parsed.
//! Steps then rewrite the plan, in this order:
//!
//! 1. spelling variants ([`super::variants::expand`]) add the other outlets' spellings of each
//!    word, after it ([`Source::Variant`]);
//! 2. spelling correction ([`super::spelling::correct`]) replaces the typed alternative of a
//!    word the index lacks, and has no variants of, by its correction ([`Source::Corrected`]);
//! 3. transliteration ([`super::latin::read`]) turns consecutive Latin-script words into a
//!    [`Name`], each word with its Arabic readings ([`Source::Latin`], weighted by evidence);
//! 4. attached forms ([`super::attached::attach`]) give each Arabic spelling its forms with
//!    clitics (بالحديدة for الحديدة) for the exact-form bonus.
//!
//! The plan holds no tantivy type, so what a query means can be tested without an index; the
//! one compilation ([`super::compile::compile`]) turns it into the tantivy query, the proximity
//! candidates, highlight terms, document-ranking terms and the `--explain` labels.

use std::ops::Range;

use crate::search::query::{Clause, FilterClause, Occur, ParsedQuery, Term};

/// What a query searches for.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct QueryPlan {
    /// Words, phrases and names, in the order typed.
    pub parts: Vec<Part>,
    /// Filters, in the order typed.
    pub filters: Vec<FilterClause>,
    /// How steps rewrote filters (`title:Riyadh → الرياض`), for the reading line.
    pub notes: Vec<String>,
}

/// One item of a plan.
#[derive(Clone, Debug, PartialEq)]
pub enum Part {
    /// A word scored by itself.
    Word(Word),
    /// An exact phrase.
    Phrase(Phrase),
    /// Consecutive Latin-script words read together as Arabic (one or more words).
    Name(Name),
}

/// A query word and what it may match.
#[derive(Clone, Debug, PartialEq)]
pub struct Word {
    /// May, must or must not match.
    pub occur: Occur,
    /// The word as typed.
    pub typed: String,
    /// The spellings searched for it; a passage matching any of them matches the word.
    pub alternatives: Vec<Alternative>,
}

impl Word {
    /// Is the word still searched as typed only (no step rewrote it)?
    pub fn is_as_typed(&self) -> bool {
        matches!(
            self.alternatives.as_slice(),
            [Alternative { text, source: Source::Typed, weight, .. }] if *text == self.typed && *weight == 1.0
        )
    }
}

/// One spelling searched for a word.
#[derive(Clone, Debug, PartialEq)]
pub struct Alternative {
    /// The spelling, analyzed like a typed word (a Latin reading or a variant is normalized
    /// Arabic, possibly two space-separated words searched as a phrase: `حزب الله`).
    pub text: String,
    /// Where it came from.
    pub source: Source,
    /// Multiplies every weight of the word's clauses: 1 for the word as typed.
    pub weight: f32,
    /// The spelling's forms with attached clitics that the index holds ([`super::attached`]),
    /// each searched on `text_exact` beside the spelling itself.
    pub attached: Vec<AttachedForm>,
}

/// A form of a spelling with attached clitics (بالحديده for الحديده).
#[derive(Clone, Debug, PartialEq)]
pub struct AttachedForm {
    /// The form, normalized as `text_exact` holds it.
    pub text: String,
    /// Multiplies the spelling's `text_exact` weight: the typed form's idf over the form's.
    pub weight: f32,
}

/// Where an alternative came from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Source {
    /// The word as typed.
    Typed,
    /// The spelling correction of a word the index lacks ([`super::spelling`]).
    Corrected,
    /// Another outlet's spelling of a typed Arabic word ([`super::variants`]).
    Variant {
        /// The joined form of two adjacent typed words (`عبد الكريم` → عبدالكريم), given to both.
        joined: bool,
    },
    /// An Arabic reading of a Latin-script word ([`super::latin`]).
    Latin {
        /// Transliteration cost (0 = the most obvious reading).
        cost: f32,
        /// Documents holding the spelling (for two words, the rarer).
        doc_freq: u64,
    },
}

impl Alternative {
    /// The word as typed, weight 1.
    pub fn typed(text: &str) -> Alternative {
        Alternative {
            text: text.to_string(),
            source: Source::Typed,
            weight: 1.0,
            attached: Vec::new(),
        }
    }
}

/// A quoted phrase: its words in order, stop words included.
#[derive(Clone, Debug, PartialEq)]
pub struct Phrase {
    /// May, must or must not match.
    pub occur: Occur,
    /// The phrase as typed, single-spaced, without the quotes.
    pub text: String,
}

/// Consecutive Latin-script words with the same occurrence, read together (`Ain al-Asad`): each
/// word is searched through its Arabic readings, and passages holding the best readings side by
/// side rank higher (the name phrase, for two words or more).
#[derive(Clone, Debug, PartialEq)]
pub struct Name {
    /// May, must or must not match (every word of the name alike).
    pub occur: Occur,
    /// The words as typed, space-separated.
    pub typed: String,
    /// How many words were typed.
    pub tokens: usize,
    /// One reading per word, in order; a standalone article is read with the next word (`al
    /// Asad` is one reading of tokens 0..2).
    pub words: Vec<NameWord>,
    /// Readings of two adjacent typed words as one Arabic word (`Tal Afar` → تلعفر):
    /// alternatives to the words they cover.
    pub joined: Vec<NameWord>,
    /// Typed in quotes: searched as an exact phrase of its readings only.
    pub quoted: bool,
}

/// The readings of one or more typed words of a [`Name`].
#[derive(Clone, Debug, PartialEq)]
pub struct NameWord {
    /// The Latin text read, as typed.
    pub latin: String,
    /// Which typed words of the name it covers.
    pub tokens: Range<usize>,
    /// Its Arabic readings, best first (may be empty: nothing in the index).
    pub alternatives: Vec<Alternative>,
}

impl QueryPlan {
    /// The plan of `parsed` before any rewriting step: every word as typed.
    pub fn new(parsed: &ParsedQuery) -> QueryPlan {
        let parts = parsed
            .clauses
            .iter()
            .map(|Clause { occur, term }| match term {
                Term::Word(word) => Part::Word(Word {
                    occur: *occur,
                    typed: word.clone(),
                    alternatives: vec![Alternative::typed(word)],
                }),
                Term::Phrase(text) => Part::Phrase(Phrase {
                    occur: *occur,
                    text: text.clone(),
                }),
            })
            .collect();
        QueryPlan {
            parts,
            filters: parsed.filters.clone(),
            notes: Vec::new(),
        }
    }

    /// The words of the plan (not phrases, not names), in order.
    pub fn words(&self) -> impl Iterator<Item = &Word> {
        self.parts.iter().filter_map(|p| match p {
            Part::Word(w) => Some(w),
            _ => None,
        })
    }

    /// The names of the plan, in order.
    pub fn names(&self) -> impl Iterator<Item = &Name> {
        self.parts.iter().filter_map(|p| match p {
            Part::Name(n) => Some(n),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::{parse, Filter};

    #[test]
    fn words_start_as_typed() {
        let plan = QueryPlan::new(&parse("عين +الأسد -طهران"));
        let words: Vec<(Occur, &str, &[Alternative])> = plan
            .words()
            .map(|w| (w.occur, w.typed.as_str(), w.alternatives.as_slice()))
            .collect();
        assert_eq!(
            words,
            [
                (Occur::Should, "عين", &[Alternative::typed("عين")][..]),
                (Occur::Must, "الأسد", &[Alternative::typed("الأسد")][..]),
                (Occur::MustNot, "طهران", &[Alternative::typed("طهران")][..]),
            ]
        );
        assert!(plan.words().all(Word::is_as_typed));
    }

    #[test]
    fn a_quoted_phrase_stays_a_phrase_and_filters_are_kept() {
        let plan = QueryPlan::new(&parse("\"exact phrase\" -word title:x"));
        assert_eq!(
            plan.parts,
            [
                Part::Phrase(Phrase {
                    occur: Occur::Should,
                    text: "exact phrase".into(),
                }),
                Part::Word(Word {
                    occur: Occur::MustNot,
                    typed: "word".into(),
                    alternatives: vec![Alternative::typed("word")],
                }),
            ]
        );
        assert_eq!(
            plan.filters,
            [FilterClause {
                negated: false,
                filter: Filter::Title("x".into()),
            }]
        );
    }
}
