//! Latin-script query words ("Ain al-Asad", "Erbil", "UNAMI") read as their Arabic spellings: a
//! step that rewrites the [`QueryPlan`].
//!
//! A bare word written in Latin letters that is not itself a `text_exact` term (so `OpenAI`, when
//! the corpus has it, still matches itself) is handed to [`crate::translit`], which proposes the
//! Arabic spellings that exist in the index. Consecutive such words with the same occurrence form
//! a [`Name`], transliterated together so that a standalone article ("al Asad") and two words
//! written solid in Arabic ("Tal Afar" → تلعفر) are understood.
//!
//! Each word keeps its top [`crate::search::rank::LATIN_READINGS`] spellings as alternatives
//! ([`Source::Latin`]), weighted by [`candidate_weight`] of the transliteration cost; how they are
//! searched (each like a typed Arabic word, the name phrase over the best spellings) is
//! [`compile`](mod@crate::search::compile)'s business. Spellings that are stop words ("in" → ان,
//! "and" → عند, "Ali" → علي, which normalizes like على) would match most passages: a lone word
//! never gets one, and inside a multi-word name only the best spelling may be one (it then counts
//! only in the name phrase).

use crate::analysis::{self, AR_EXACT, AR_STEM};
use crate::search::plan::{Alternative, Name, NameWord, Part, QueryPlan, Source, Word};
use crate::search::query::Occur;
use crate::translit::{transliterate_query, Vocabulary, WordExpansion};

/// Weight of a spelling relative to the word typed in Arabic: 1 for the most obvious reading
/// (cost 0), falling with the transliteration cost (an implied article costs 0.3 → 0.77).
pub fn candidate_weight(cost: f32) -> f32 {
    1.0 / (1.0 + cost.max(0.0))
}

/// Does `word` look like a Latin-script word (ASCII letters, possibly accented letters,
/// hyphens, apostrophes and ʿayn/hamza marks)?
pub fn is_latin_word(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_alphabetic())
        && word.chars().all(|c| {
            c.is_ascii_alphabetic()
                || matches!(
                    c,
                    '-' | '\'' | '’' | '‘' | '`' | 'ʿ' | 'ʾ' | 'ʼ' | 'ʻ' | '.'
                )
                || matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}')
        })
}

/// Does `arabic` (a spelling) analyze to nothing with `ar_stem`, i.e. is it a stop word?
pub fn is_stop_word(arabic: &str) -> bool {
    analysis::terms(AR_STEM, arabic).is_empty()
}

/// Is `word` read as Latin: a Latin-script word as typed that is not all `text_exact` terms?
fn is_unindexed_latin(word: &Word, vocab: &dyn Vocabulary) -> bool {
    if !word.is_as_typed() || !is_latin_word(&word.typed) {
        return false;
    }
    let exacts = analysis::terms(AR_EXACT, &word.typed);
    // A Latin word the corpus has as such (OpenAI) matches itself.
    !exacts.is_empty() && !exacts.iter().all(|t| vocab.contains(t))
}

/// Rewrites `plan`: each run of consecutive unindexed Latin-script words with the same occurrence
/// becomes one [`Name`] (in place of its first word) with at most `per_word` Arabic readings per
/// word, spelt against `vocab`.
pub fn read(plan: &mut QueryPlan, vocab: &dyn Vocabulary, per_word: usize) {
    // Runs as (first part, last part, occurrence).
    let mut runs: Vec<(usize, usize, Occur)> = Vec::new();
    for (i, part) in plan.parts.iter().enumerate() {
        let Part::Word(word) = part else {
            continue;
        };
        if !is_unindexed_latin(word, vocab) {
            continue;
        }
        match runs.last_mut() {
            Some((_, last, occur)) if *last + 1 == i && *occur == word.occur => *last = i,
            _ => runs.push((i, i, word.occur)),
        }
    }
    // Replaced from the last, so the earlier runs' indices stay valid.
    for &(first, last, occur) in runs.iter().rev() {
        let typed: Vec<&str> = plan.parts[first..=last]
            .iter()
            .filter_map(|p| match p {
                Part::Word(w) => Some(w.typed.as_str()),
                _ => None,
            })
            .collect();
        let name = read_name(&typed.join(" "), typed.len(), occur, vocab, per_word);
        plan.parts.splice(first..=last, [Part::Name(name)]);
    }
}

/// The [`Name`] of the Latin words `typed` (`tokens` of them, space-separated).
fn read_name(
    typed: &str,
    tokens: usize,
    occur: Occur,
    vocab: &dyn Vocabulary,
    per_word: usize,
) -> Name {
    let mut expansions = transliterate_query(typed, vocab, per_word);
    for e in &mut expansions {
        // A spelling that is a stop word ("in" → ان, "and" → عند, even "Ali" → علي, which is
        // also على) would match half the corpus: alone it is dropped; inside a name it is kept,
        // as the best spelling, for the name phrase only.
        let mut first = true;
        e.candidates.retain(|c| {
            let keep = (first && tokens > 1) || !is_stop_word(&c.arabic);
            first = false;
            keep
        });
    }
    // Single-word expansions come first, in token order and covering each token once; the
    // first expansion overlapping its predecessor starts the joined ones.
    let singles = (1..expansions.len())
        .find(|&i| expansions[i].tokens.start < expansions[i - 1].tokens.end)
        .unwrap_or(expansions.len());
    let joined = expansions.split_off(singles);
    Name {
        occur,
        typed: typed.to_string(),
        tokens,
        words: expansions.into_iter().map(name_word).collect(),
        joined: joined.into_iter().map(name_word).collect(),
    }
}

fn name_word(e: WordExpansion) -> NameWord {
    NameWord {
        latin: e.latin,
        tokens: e.tokens,
        alternatives: e
            .candidates
            .into_iter()
            .map(|c| Alternative {
                weight: candidate_weight(c.cost),
                source: Source::Latin {
                    cost: c.cost,
                    doc_freq: c.doc_freq,
                },
                text: c.arabic,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::parse;
    use crate::search::rank::LATIN_READINGS;
    use crate::search::testutil::engine;
    use crate::search::SearchOptions;
    use std::collections::BTreeMap;

    #[test]
    fn latin_words_are_recognized() {
        for w in ["Erbil", "al-Asad", "ʿAli", "U.N.A.M.I.", "Ḥasan", "O'Brien"] {
            assert!(is_latin_word(w), "{w}");
        }
        for w in ["أربيل", "2024", "-", "Erbil٢", "e-mail@x"] {
            assert!(!is_latin_word(w), "{w}");
        }
    }

    fn vocab(terms: &[(&str, u64)]) -> BTreeMap<String, u64> {
        terms.iter().map(|(t, n)| (t.to_string(), *n)).collect()
    }

    /// The plan of `query` after the Latin step against `terms`.
    fn read_plan(query: &str, terms: &[(&str, u64)]) -> QueryPlan {
        let mut plan = QueryPlan::new(&parse(query));
        read(&mut plan, &vocab(terms), LATIN_READINGS);
        plan
    }

    #[test]
    fn a_latin_word_gets_arabic_readings() {
        let plan = read_plan("Erbil", &[("اربيل", 40), ("عين", 9)]);
        let [Part::Name(name)] = plan.parts.as_slice() else {
            panic!("{plan:?}");
        };
        assert_eq!(
            (name.occur, name.typed.as_str(), name.tokens),
            (Occur::Should, "Erbil", 1)
        );
        assert!(name.joined.is_empty());
        let [word] = name.words.as_slice() else {
            panic!("{name:?}");
        };
        assert_eq!((word.latin.as_str(), word.tokens.clone()), ("Erbil", 0..1));
        let [alt] = word.alternatives.as_slice() else {
            panic!("{word:?}");
        };
        assert_eq!(alt.text, "اربيل");
        let Source::Latin { cost, doc_freq } = alt.source else {
            panic!("{alt:?}");
        };
        assert_eq!(doc_freq, 40);
        assert_eq!(alt.weight, candidate_weight(cost));
    }

    #[test]
    fn consecutive_latin_words_with_one_occurrence_form_one_name() {
        let terms = [("عين", 9), ("الاسد", 7), ("طهران", 3)];
        let plan = read_plan("Ain al-Asad -Tehran بغداد", &terms);
        let names: Vec<(Occur, &str, Vec<&str>)> = plan
            .names()
            .map(|n| {
                let best = n.words.iter().map(|w| w.alternatives[0].text.as_str());
                (n.occur, n.typed.as_str(), best.collect())
            })
            .collect();
        assert_eq!(
            names,
            [
                (Occur::Should, "Ain al-Asad", vec!["عين", "الاسد"]),
                (Occur::MustNot, "Tehran", vec!["طهران"]),
            ]
        );
        // The Arabic word stays a word as typed, after the names.
        assert_eq!(plan.parts.len(), 3);
        let Part::Word(word) = &plan.parts[2] else {
            panic!("{plan:?}");
        };
        assert_eq!(word.alternatives, [Alternative::typed("بغداد")]);
    }

    #[test]
    fn latin_words_the_index_has_are_searched_as_typed() {
        let plan = read_plan("OpenAI Erbil", &[("openai", 2), ("اربيل", 40)]);
        assert!(matches!(&plan.parts[0], Part::Word(w) if w.typed == "OpenAI"));
        assert!(matches!(&plan.parts[1], Part::Name(n) if n.typed == "Erbil"));
    }

    #[test]
    fn a_lone_latin_word_never_reads_as_a_stop_word() {
        // "in" reads as ان, a stop word: dropped, so the word has no reading.
        let plan = read_plan("in", &[("ان", 900)]);
        let [Part::Name(name)] = plan.parts.as_slice() else {
            panic!("{plan:?}");
        };
        assert!(
            name.words.iter().all(|w| w.alternatives.is_empty()),
            "{name:?}"
        );
    }

    #[test]
    fn weights_fall_with_cost() {
        assert_eq!(candidate_weight(0.0), 1.0);
        assert!(candidate_weight(0.3) < 1.0);
        assert!(candidate_weight(1.0) < candidate_weight(0.3));
        assert!(candidate_weight(-1.0) <= 1.0);
    }

    #[test]
    fn a_name_ranks_passages_naming_it_in_full_first() {
        let opts = SearchOptions {
            explain: true,
            per_doc: 0,
            collapse: false,
            limit: 50,
            ..SearchOptions::default()
        };
        let r = engine().search("Ain al-Asad", &opts).expect("search");
        assert_eq!(r.interpretation, ["Ain al-Asad → عين الأسد"]);
        let first = &r.hits[0];
        assert!(first.text.contains("عين الأسد"));
        assert!(
            first
                .explanation
                .iter()
                .any(|c| c.clause.starts_with("name(")),
            "{:?}",
            first.explanation
        );
        // Same passages as the Arabic query, same best hit.
        let arabic = engine().search("عين الأسد", &opts).expect("search");
        assert_eq!(arabic.hits[0].text, first.text);
    }

    #[test]
    fn excluded_latin_words_exclude_their_arabic_spelling() {
        let opts = SearchOptions {
            per_doc: 0,
            collapse: false,
            limit: 100,
            ..SearchOptions::default()
        };
        let all = engine().search("Ain al-Asad", &opts).expect("search");
        let r = engine()
            .search("Ain al-Asad -Tehran", &opts)
            .expect("search");
        assert!(r.hits.len() < all.hits.len());
        assert!(r.hits.iter().all(|h| !h.text.contains("طهران")));
        assert_eq!(r.interpretation[1], "-Tehran → طهران");
    }

    #[test]
    fn without_a_vocabulary_latin_words_are_plain_words() {
        let plan = QueryPlan::new(&crate::search::parse("Erbil"));
        let compiled = crate::search::compile(&plan, &engine().index.fields, &Default::default());
        assert!(compiled.interpretation.is_empty());
        assert!(compiled
            .components
            .iter()
            .any(|c| c.label == "text_exact:erbil"));
    }
}
