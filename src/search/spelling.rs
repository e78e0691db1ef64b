//! Correcting Arabic query words that match nothing in the index.
//!
//! A misspelt word (ظ for ض in الاظطراب, ث for ت in ثامر, an extra ي in بلجيكيا, تستطيع for the
//! indexed يستطيع) matches no passage, so the query loses its most specific word. When neither
//! the word's `ar_exact` nor its `ar_stem` term is in the index, it is replaced by its most
//! frequent indexed spelling among the common slips of Arabic typing ([`variants`]): one letter
//! swapped for a look-alike or sound-alike, a long vowel added or dropped, a doubled letter
//! dropped, two neighbours transposed, or another imperfect-verb prefix. Words the index knows
//! are never touched, so a correction can only add matches to a query that had none for the
//! word. Correcting is a step that rewrites the [`QueryPlan`]: the correction becomes the word's
//! alternative ([`Source::Corrected`]). Each correction is said, like a Latin-script reading
//! (`ثامر → تامر`).

use crate::analysis;
use crate::analysis::stem::is_arabic_letter;
use crate::search::latin::is_latin_word;
use crate::search::plan::{Alternative, Part, QueryPlan, Source};
use crate::search::query::Occur;
use crate::translit::Vocabulary;

/// Letters that are confused with each other (similar shape or sound), in normalized form.
const CONFUSABLE: [&str; 9] = ["ضظ", "ذدز", "ثتس", "صس", "طت", "حه", "اءؤئ", "قك", "يا"];
/// Long vowels, often added or dropped in informal spelling.
const LONG_VOWELS: [char; 3] = ['ا', 'و', 'ي'];
/// Imperfect-verb prefixes: تستطيع and يستطيع are the same verb.
const VERB_PREFIXES: [char; 4] = ['ي', 'ت', 'ن', 'ا'];
/// Shorter words have too many near neighbours to guess from.
pub const MIN_LETTERS: usize = 4;

/// The spellings one common slip away from `word` (normalized `ar_exact` form), without `word`.
pub fn variants(word: &str) -> Vec<String> {
    let letters: Vec<char> = word.chars().collect();
    let n = letters.len();
    let join = |v: &[char]| v.iter().collect::<String>();
    let mut out = Vec::new();
    for i in 0..n {
        let c = letters[i];
        if LONG_VOWELS.contains(&c) || (i > 0 && letters[i - 1] == c) {
            let mut v = letters.clone();
            v.remove(i);
            out.push(join(&v));
        }
        for group in CONFUSABLE.iter().filter(|g| g.contains(c)) {
            for other in group.chars().filter(|&o| o != c) {
                let mut v = letters.clone();
                v[i] = other;
                out.push(join(&v));
            }
        }
        if i + 1 < n {
            let mut v = letters.clone();
            v.swap(i, i + 1);
            out.push(join(&v));
        }
    }
    for i in 0..=n {
        for vowel in LONG_VOWELS {
            let mut v = letters.clone();
            v.insert(i, vowel);
            out.push(join(&v));
        }
    }
    if let Some(first) = letters.first().filter(|c| VERB_PREFIXES.contains(c)) {
        for prefix in VERB_PREFIXES.iter().filter(|p| *p != first) {
            let mut v = letters.clone();
            v[0] = *prefix;
            out.push(join(&v));
        }
    }
    out.sort_unstable();
    out.dedup();
    out.retain(|v| v != word);
    out
}

/// The correction of `word` when it matches nothing: its most frequent indexed variant (ties:
/// the first in code-point order), or `None` when the word is indexed, too short, not Arabic,
/// a stop word, or has no indexed variant.
pub fn correct_word(word: &str, exact: &dyn Vocabulary, stems: &dyn Vocabulary) -> Option<String> {
    if is_latin_word(word) {
        return None;
    }
    let analysis::WordTerms {
        exact: normalized,
        stem: stemmed,
    } = analysis::word_terms(word);
    let [normalized] = normalized.try_into().ok()?;
    let arabic = normalized.chars().all(is_arabic_letter);
    if !arabic
        || normalized.chars().count() < MIN_LETTERS
        || stemmed.is_empty()
        || exact.contains(&normalized)
        || stemmed.iter().any(|s| stems.contains(s))
    {
        return None;
    }
    variants(&normalized)
        .into_iter()
        .map(|v| (exact.doc_freq(&v), v))
        .filter(|(df, _)| *df > 0)
        .max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.cmp(&a.1)))
        .map(|(_, v)| v)
}

/// Rewrites `plan`: each positive word the index lacks gets its correction as its alternative, in
/// place of the word as typed (which has no term in the index, so it would match nothing but
/// still take a place in the proximity phrase and the highlights). Excluded words are left
/// alone: excluding a guess would hide passages silently. The compilation says each correction
/// (`ثامر → تامر`).
pub fn correct(plan: &mut QueryPlan, exact: &dyn Vocabulary, stems: &dyn Vocabulary) {
    for part in &mut plan.parts {
        let Part::Word(word) = part else {
            continue;
        };
        if word.occur == Occur::MustNot || !word.is_as_typed() {
            continue;
        }
        if let Some(fixed) = correct_word(&word.typed, exact, stems) {
            word.alternatives = vec![Alternative {
                text: fixed,
                source: Source::Corrected,
                weight: 1.0,
                attached: Vec::new(),
            }];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::parse;
    use std::collections::BTreeMap;

    fn vocab(terms: &[(&str, u64)]) -> BTreeMap<String, u64> {
        terms.iter().map(|(t, n)| (t.to_string(), *n)).collect()
    }

    #[test]
    fn variants_cover_the_common_slips() {
        let v = variants("بلجيكيا");
        assert!(v.contains(&"بلجيكا".to_string()), "a long vowel dropped");
        assert!(
            variants("اظطراب").contains(&"اضطراب".to_string()),
            "ظ for ض"
        );
        assert!(variants("ثامر").contains(&"تامر".to_string()), "ث for ت");
        assert!(
            variants("تستطيع").contains(&"يستطيع".to_string()),
            "verb prefix"
        );
        assert!(
            variants("ماترن").contains(&"مارتن".to_string()),
            "transposition"
        );
        assert!(
            variants("االخواص").contains(&"الخواص".to_string()),
            "doubled letter"
        );
        assert!(!variants("تامر").contains(&"تامر".to_string()));
        // Not any edit: a letter is not replaced by an unrelated one.
        assert!(!variants("تامر").contains(&"عامر".to_string()));
    }

    #[test]
    fn only_words_the_index_lacks_are_corrected() {
        let exact = vocab(&[("تامر", 6), ("عامر", 9), ("حسني", 3), ("الاضطراب", 2)]);
        let stems = vocab(&[("تامر", 6), ("عامر", 9), ("حسن", 3), ("اضطراب", 2)]);
        assert_eq!(
            correct_word("ثامر", &exact, &stems).as_deref(),
            Some("تامر")
        );
        assert_eq!(
            correct_word("الاظطراب", &exact, &stems).as_deref(),
            Some("الاضطراب")
        );
        // Only the stem is indexed: the word already matches through it.
        assert_eq!(correct_word("والاضطراب", &exact, &stems), None);
        assert_eq!(correct_word("حسني", &exact, &stems), None, "indexed");
        assert_eq!(
            correct_word("ثامرو", &exact, &stems),
            None,
            "no indexed variant"
        );
        assert_eq!(correct_word("Tamer", &exact, &stems), None, "Latin script");
        assert_eq!(correct_word("ثمر", &exact, &stems), None, "too short");
    }

    #[test]
    fn the_most_frequent_variant_wins() {
        let exact = vocab(&[("تامر", 2), ("سامر", 7)]);
        let stems = vocab(&[]);
        assert_eq!(
            correct_word("ثامر", &exact, &stems).as_deref(),
            Some("سامر")
        );
    }

    #[test]
    fn the_engine_searches_the_correction_and_says_so() {
        use crate::search::testutil::engine;
        use crate::search::SearchOptions;
        let opts = SearchOptions::default();
        let typo = engine().search("اربييل", &opts).expect("search");
        assert_eq!(typo.interpretation, ["اربييل → أربيل"]);
        let right = engine().search("أربيل", &opts).expect("search");
        assert!(right.interpretation.is_empty());
        assert!(!typo.hits.is_empty());
        let docs = |r: &crate::search::SearchResults| {
            r.hits.iter().map(|h| h.doc.clone()).collect::<Vec<_>>()
        };
        assert_eq!(docs(&typo), docs(&right));
    }

    #[test]
    fn a_misspelt_word_gets_its_correction_as_alternative() {
        let exact = vocab(&[("تامر", 6), ("حسني", 3)]);
        let stems = vocab(&[("تامر", 6), ("حسن", 3)]);
        let mut plan = QueryPlan::new(&parse("ثامر حسني -ثامر"));
        correct(&mut plan, &exact, &stems);
        let words: Vec<(&str, Vec<(&str, Source)>)> = plan
            .words()
            .map(|w| {
                let alternatives = w.alternatives.iter();
                let alternatives = alternatives.map(|a| (a.text.as_str(), a.source)).collect();
                (w.typed.as_str(), alternatives)
            })
            .collect();
        assert_eq!(
            words,
            [
                ("ثامر", vec![("تامر", Source::Corrected)]),
                ("حسني", vec![("حسني", Source::Typed)]),
                // Excluded words are never corrected.
                ("ثامر", vec![("ثامر", Source::Typed)]),
            ]
        );
    }
}
