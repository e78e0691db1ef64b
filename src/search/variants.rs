//! Searching other outlets' spellings of a typed word (أمريكا finds أميركا, عبد الكريم finds
//! عبدالكريم).
//!
//! A step that rewrites the [`QueryPlan`] (the first step): each bare Arabic word gets
//! the variants the index's table lists for its normalized form ([`VariantTable`], computed at
//! build time from the corpus) as further alternatives ([`Source::Variant`]), after the typed
//! spelling; two adjacent words written joined elsewhere (`عبد الكريم`) both get the joined
//! form, and a word written split elsewhere (`فيسبوك`) gets the two words, searched as a phrase.
//! Quoted phrases and excluded words are searched exactly as typed.

use crate::analysis;
use crate::index::variants::VariantTable;
use crate::search::document::idf;
use crate::search::latin::is_latin_word;
use crate::search::plan::{Alternative, Part, QueryPlan, Source};
use crate::search::query::Occur;
use crate::translit::Vocabulary;

/// The one normalized `ar_exact` term of `word`, if it is one Arabic word.
pub(crate) fn normalized(word: &str) -> Option<String> {
    if is_latin_word(word) {
        return None;
    }
    let [term] = analysis::word_terms(word).exact.try_into().ok()?;
    Some(term)
}

fn variant(text: &str, weight: f32, joined: bool) -> Alternative {
    Alternative {
        text: text.to_string(),
        source: Source::Variant { joined },
        weight,
        attached: Vec::new(),
    }
}

/// A variant's weight: the table's, times the typed spelling's idf over the variant's when the
/// variant is rarer, so that a passage writing the name the other way scores about what one
/// writing it as typed does, not more (a rare spelling would otherwise outrank the typed one).
fn weight(table_weight: f32, typed: &str, variant: &str, vocab: &dyn Vocabulary, n: u64) -> f32 {
    let df = |text: &str| {
        text.split(' ')
            .map(|w| vocab.doc_freq(w))
            .min()
            .unwrap_or(0)
            .max(1)
    };
    let (typed, variant) = (idf(df(typed), n), idf(df(variant), n));
    table_weight * (typed / variant).min(1.0)
}

/// Adds the spelling variants of `table` to the words of `plan` that are searched as typed,
/// weighted against the typed spelling with the `text_exact` frequencies of `vocab` over
/// `passages`.
pub(crate) fn expand(
    plan: &mut QueryPlan,
    table: &VariantTable,
    vocab: &dyn Vocabulary,
    passages: u64,
) {
    if table.variants.is_empty() {
        return;
    }
    let terms: Vec<Option<String>> = plan
        .parts
        .iter()
        .map(|part| match part {
            Part::Word(w) if w.occur != Occur::MustNot && w.is_as_typed() => normalized(&w.typed),
            _ => None,
        })
        .collect();
    // Two adjacent words written joined elsewhere: the joined form for both.
    let mut joined: Vec<Vec<Alternative>> = vec![Vec::new(); terms.len()];
    for i in 0..terms.len().saturating_sub(1) {
        let (Some(a), Some(b)) = (&terms[i], &terms[i + 1]) else {
            continue;
        };
        let pair = format!("{a} {b}");
        for (text, w) in table.of(&pair) {
            let w = weight(*w, &pair, text, vocab, passages);
            joined[i].push(variant(text, w, true));
            joined[i + 1].push(variant(text, w, true));
        }
    }
    for ((part, term), joined) in plan.parts.iter_mut().zip(&terms).zip(joined) {
        let (Part::Word(word), Some(term)) = (part, term) else {
            continue;
        };
        for (text, w) in table.of(term) {
            let w = weight(*w, term, text, vocab, passages);
            word.alternatives.push(variant(text, w, false));
        }
        word.alternatives.extend(joined);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::parse;

    fn table(entries: &[(&str, &[&str])]) -> VariantTable {
        let mut t = VariantTable::default();
        for (key, variants) in entries {
            let list = variants.iter().map(|v| (v.to_string(), 0.9)).collect();
            t.variants.insert(key.to_string(), list);
        }
        t
    }

    fn alternatives(plan: &QueryPlan) -> Vec<Vec<(&str, Source)>> {
        plan.words()
            .map(|w| {
                w.alternatives
                    .iter()
                    .map(|a| (a.text.as_str(), a.source))
                    .collect()
            })
            .collect()
    }

    /// [`expand`] with a vocabulary of the table's keys, each in one of 100 passages.
    fn expand_with_keys(plan: &mut QueryPlan, t: &VariantTable) {
        let vocab: std::collections::BTreeMap<String, u64> =
            t.variants.keys().map(|k| (k.clone(), 1)).collect();
        expand(plan, t, &vocab, 100);
    }

    const ONE: Source = Source::Variant { joined: false };
    const JOINED: Source = Source::Variant { joined: true };

    #[test]
    fn a_typed_word_gets_its_variants_after_itself() {
        let t = table(&[("ترمب", &["ترامب"]), ("الامريكيه", &["الاميركيه"])]);
        let mut plan = QueryPlan::new(&parse("ترمب والصين الأمريكية"));
        expand_with_keys(&mut plan, &t);
        assert_eq!(
            alternatives(&plan),
            [
                vec![("ترمب", Source::Typed), ("ترامب", ONE)],
                vec![("والصين", Source::Typed)],
                vec![("الأمريكية", Source::Typed), ("الاميركيه", ONE)],
            ]
        );
    }

    #[test]
    fn quoted_and_excluded_words_stay_exact() {
        let t = table(&[("ترمب", &["ترامب"])]);
        let mut plan = QueryPlan::new(&parse("\"ترمب\" -ترمب"));
        expand_with_keys(&mut plan, &t);
        assert_eq!(alternatives(&plan), [vec![("ترمب", Source::Typed)]]);
        assert!(matches!(plan.parts[0], Part::Phrase(_)));
    }

    #[test]
    fn compound_names_join_and_split() {
        let t = table(&[("عبد الكريم", &["عبدالكريم"]), ("فيسبوك", &["فيس بوك"])]);
        let mut plan = QueryPlan::new(&parse("عبد الكريم فيسبوك"));
        expand_with_keys(&mut plan, &t);
        assert_eq!(
            alternatives(&plan),
            [
                vec![("عبد", Source::Typed), ("عبدالكريم", JOINED)],
                vec![("الكريم", Source::Typed), ("عبدالكريم", JOINED)],
                vec![("فيسبوك", Source::Typed), ("فيس بوك", ONE)],
            ]
        );
    }

    #[test]
    fn an_empty_table_changes_nothing() {
        let mut plan = QueryPlan::new(&parse("ترمب"));
        let before = plan.clone();
        expand(
            &mut plan,
            &VariantTable::default(),
            &std::collections::BTreeMap::new(),
            100,
        );
        assert_eq!(plan, before);
    }
}
