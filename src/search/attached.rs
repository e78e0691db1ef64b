//! The attached forms of a searched word: the plan step that lets the exact-form bonus reach
//! وبالحديدة, للحديدة and والحديدة when الحديدة is typed.
//!
//! `text_exact` holds words as written, clitics included, so before this step only the bare
//! typed form earned the exact bonus, and a passage writing بالحديدة scored no more than one
//! writing الحديدية (railway), which only shares the stem. Stripping the clitics at index time
//! instead would inherit every wrong cut of the stemmer (بلاتيني would be indexed as لاتيني);
//! adding them to the typed word is safe in that direction, and the stemmer's own-letter lists
//! still decide which additions are clitics (عيد does not take بعيد, "far").
//!
//! The most frequent such form the index holds is searched, scored with the typed form's idf: a
//! passage writing the word with a clitic scores what one writing it bare does, not more.

use crate::analysis::stem::light_stem;
use crate::search::document::idf;
use crate::search::plan::{AttachedForm, Part, QueryPlan};
use crate::search::query::Occur;
use crate::search::rank::PROXIMITY_MAX_WORDS;
use crate::search::variants::normalized;
use crate::translit::Vocabulary;

/// Adds, to every one-word Arabic spelling of the plan's words, its most frequent form with an
/// attached clitic that the index holds (more measured no better, at a cost), weighted with the `text_exact` frequencies of `vocab` over `passages`.
/// Only in queries of up to [`PROXIMITY_MAX_WORDS`] words, names and short queries, where the
/// exact form tells the word from its stem's other words; in a question or a headline it
/// measured no better, at a cost per word. Latin names' readings get none: tried, their top 10
/// measured no better (benches/RESULTS.md).
pub(crate) fn attach(
    plan: &mut QueryPlan,
    vocab: &dyn Vocabulary,
    stems: &dyn Vocabulary,
    passages: u64,
) {
    if plan.words().count() > PROXIMITY_MAX_WORDS {
        return;
    }
    for part in &mut plan.parts {
        let Part::Word(word) = part else { continue };
        if word.occur == Occur::MustNot {
            continue;
        }
        for alt in &mut word.alternatives {
            let Some(term) = normalized(&alt.text) else {
                continue;
            };
            let typed_df = vocab.doc_freq(&term);
            if typed_df > frequent_above(passages) {
                continue;
            }
            let found: Vec<(String, u64)> = forms(&term)
                .into_iter()
                .map(|form| {
                    let df = vocab.doc_freq(&form);
                    (form, df)
                })
                .filter(|(_, df)| *df > 0)
                .collect();
            let family = typed_df + found.iter().map(|(_, df)| df).sum::<u64>();
            if stem_tells_the_word(family, stems.doc_freq(&light_stem(&term))) {
                continue;
            }
            let typed_idf = idf(typed_df.max(1), passages);
            let most_frequent = found
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)));
            alt.attached = most_frequent
                .into_iter()
                .map(|(text, df)| AttachedForm {
                    weight: typed_idf / idf(df, passages),
                    text,
                })
                .collect();
        }
    }
}

/// Words in more passages than this get no attached forms: the names the bonus is for are
/// rarer, and a frequent word's forms cost postings in every query that has it (names-dev
/// measured the same without them; benches/RESULTS.md). One passage in
/// [`FREQUENT_SHARE`], and never below [`FREQUENT_FLOOR`] so a small corpus keeps the bonus.
fn frequent_above(passages: u64) -> u64 {
    (passages / FREQUENT_SHARE).max(FREQUENT_FLOOR)
}

/// See [`frequent_above`].
const FREQUENT_SHARE: u64 = 200;
/// See [`frequent_above`].
const FREQUENT_FLOOR: u64 = 50;

/// Whether the stem already tells the word as well as its exact form does: the word and its
/// clitic forms (`family` passages) make up nearly all the passages of its stem (`stem_df`),
/// so no other word shares it (بغداد, القصيم; not الحديدة, whose stem حديد is also "iron").
/// Then the bonus would only reorder passages that all name the word.
fn stem_tells_the_word(family: u64, stem_df: u64) -> bool {
    family * 10 >= stem_df * 9
}

/// The forms of the normalized word `term` with one attached clitic that the stemmer reads as
/// `term` itself: و or ف, or ب/ك before the article (ل + ال written لل), or ب/ل/ك before a word
/// without it. Stacks (وبالحديدة) are left out: only the most frequent form is searched, and a
/// stack is never the most frequent.
fn forms(term: &str) -> Vec<String> {
    let stem = light_stem(term);
    if stem.chars().count() < 2 {
        return Vec::new();
    }
    let mut candidates: Vec<String> = ["و", "ف"]
        .iter()
        .map(|conj| format!("{conj}{term}"))
        .collect();
    match term.strip_prefix("ال") {
        Some(rest) => {
            candidates.extend(["ب", "ك"].iter().map(|prep| format!("{prep}{term}")));
            candidates.push(format!("لل{rest}"));
        }
        None => candidates.extend(["ب", "ل", "ك"].iter().map(|prep| format!("{prep}{term}"))),
    }
    candidates.retain(|c| light_stem(c) == stem);
    candidates
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::parse;
    use std::collections::HashMap;

    /// A vocabulary of (term, document frequency) pairs.
    struct Vocab(HashMap<&'static str, u64>);

    impl Vocabulary for Vocab {
        fn contains(&self, term: &str) -> bool {
            self.0.contains_key(term)
        }
        fn doc_freq(&self, term: &str) -> u64 {
            self.0.get(term).copied().unwrap_or(0)
        }
        fn has_prefix(&self, prefix: &str) -> bool {
            self.0.keys().any(|t| t.starts_with(prefix))
        }
    }

    /// The attached forms of `query`'s words over 1,000 passages, with each word's stem shared
    /// by other words ten times as frequent (the case the bonus is for).
    fn attached(query: &str, vocab: &[(&'static str, u64)]) -> Vec<(String, f32)> {
        let mut stems: HashMap<&'static str, u64> = HashMap::new();
        for (term, df) in vocab {
            let stem: &'static str = Box::leak(light_stem(term).into_owned().into_boxed_str());
            *stems.entry(stem).or_default() += 10 * df;
        }
        attached_with_stems(query, vocab, stems)
    }

    fn attached_with_stems(
        query: &str,
        vocab: &[(&'static str, u64)],
        stems: HashMap<&'static str, u64>,
    ) -> Vec<(String, f32)> {
        let mut plan = QueryPlan::new(&parse(query));
        attach(
            &mut plan,
            &Vocab(vocab.iter().copied().collect()),
            &Vocab(stems),
            1000,
        );
        plan.words()
            .flat_map(|w| w.alternatives.iter())
            .flat_map(|a| a.attached.iter().map(|f| (f.text.clone(), f.weight)))
            .collect()
    }

    #[test]
    fn clitic_forms_of_an_article_word_the_index_holds() {
        let got = attached(
            "الحديدة",
            &[
                ("الحديده", 50),
                ("بالحديده", 20),
                ("للحديده", 5),
                ("الحديديه", 30),
            ],
        );
        // The most frequent of the forms the index holds; the stem's other word is none.
        let texts: Vec<&str> = got.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(texts, ["بالحديده"]);
        assert!(forms("الحديده").contains(&"للحديده".to_string()));
        assert!(!forms("الحديده").contains(&"الحديديه".to_string()));
        // A rarer form scores with the typed form's idf: its weight is below 1.
        assert!(got.iter().all(|(_, w)| *w < 1.0), "{got:?}");
    }

    #[test]
    fn a_word_that_has_its_stem_to_itself_gets_none() {
        // بغداد and its clitic forms are (nearly) every passage of the stem بغداد.
        let vocab = [("بغداد", 40), ("وبغداد", 8), ("ببغداد", 2)];
        let alone = HashMap::from([("بغداد", 52)]);
        assert!(attached_with_stems("بغداد", &vocab, alone).is_empty());
        let shared = HashMap::from([("بغداد", 400)]);
        assert_eq!(attached_with_stems("بغداد", &vocab, shared).len(), 1);
    }

    #[test]
    fn a_frequent_word_gets_none() {
        // Over 1,000 passages, a word in more than FREQUENT_FLOOR of them is frequent.
        assert!(attached("الحديدة", &[("الحديده", 51), ("بالحديده", 20)]).is_empty());
        assert_eq!(
            attached("الحديدة", &[("الحديده", 50), ("بالحديده", 20)]).len(),
            1
        );
        assert_eq!(frequent_above(1_000_000), 5_000);
    }

    #[test]
    fn the_article_is_not_added_and_own_letters_are_not_clitics() {
        // ظهران is another place than الظهران; بعيد is "far", not ب + عيد.
        assert!(forms("ظهران").iter().all(|f| !f.contains("ال")));
        assert!(!forms("عيد").contains(&"بعيد".to_string()));
        assert!(forms("جده").contains(&"بجده".to_string()));
        assert!(forms("الرياض").contains(&"بالرياض".to_string()));
        assert!(forms("الرياض").contains(&"والرياض".to_string()));
        assert!(forms("الرياض").contains(&"للرياض".to_string()));
    }

    #[test]
    fn long_queries_get_none() {
        let vocab = [("بالحديده", 3)];
        assert_eq!(attached("الحديدة", &vocab).len(), 1);
        let long = "الحديدة ميناء على البحر الأحمر في غرب اليمن";
        assert!(attached(long, &vocab).is_empty());
    }

    #[test]
    fn latin_words_and_excluded_words_get_none() {
        assert!(attached("Riyadh", &[("بالرياض", 3)]).is_empty());
        assert!(attached("-الحديدة", &[("بالحديده", 3)]).is_empty());
    }
}
