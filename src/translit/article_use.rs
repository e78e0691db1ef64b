//! How the corpus writes a word with and without the article, as evidence that a reading is a
//! name. A name keeps one form (القصيم always with ال, أبها never), while a common noun or
//! adjective alternates (قسم / القسم, جلسة / الجلسة): a Latin name read as a word the corpus
//! writes both ways is less likely to be the name the user typed.

use super::Vocabulary;

/// Proclitics counted with the bare form: a word after و/ب/ل is still without the article.
const BARE: [&str; 4] = ["", "و", "ب", "ل"];
/// The article and its clitic stacks; ل + ال is written لل (للرياض).
const DEFINITE: [&str; 4] = ["ال", "وال", "بال", "لل"];
/// A base of fewer letters is not split off an initial ال (الي, الا are words of their own).
const MIN_BASE_LETTERS: usize = 3;

/// Passages writing a word without and with the article (document frequencies summed over its
/// clitic forms).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ArticleUse {
    pub(crate) bare: u64,
    pub(crate) definite: u64,
}

impl ArticleUse {
    /// How `arabic` (one normalized word, with or without ال) is written in `vocab`.
    pub(crate) fn of(arabic: &str, vocab: &dyn Vocabulary) -> ArticleUse {
        let base = base_of(arabic);
        // Before a base starting with ل, ل + ال + base is written ل + base (للاذقية): the
        // article's form, not the bare one.
        let lam_base = base.starts_with('ل');
        let count = |prefixes: &[&str]| -> u64 {
            prefixes
                .iter()
                .filter_map(|&p| match p {
                    "ل" if lam_base => None,
                    "لل" if lam_base => Some("ل"),
                    _ => Some(p),
                })
                .map(|p| vocab.doc_freq(&format!("{p}{base}")))
                .sum()
        };
        ArticleUse {
            bare: count(&BARE),
            definite: count(&DEFINITE),
        }
    }

    /// The share of the word's uses in its more frequent form, with or without the article:
    /// near 1 for a name, lower for a common word that alternates.
    pub(crate) fn consistency(&self) -> f32 {
        let definite = self.definite_share();
        definite.max(1.0 - definite)
    }

    /// The share of the word's uses with the article (smoothed: a word seen a few times says little).
    pub(crate) fn definite_share(&self) -> f32 {
        (self.definite as f32 + 1.0) / ((self.bare + self.definite) as f32 + 2.0)
    }
}

/// `arabic` without an initial ال, when what is left is long enough to be a word.
fn base_of(arabic: &str) -> &str {
    match arabic.strip_prefix("ال") {
        Some(base) if base.chars().count() >= MIN_BASE_LETTERS => base,
        _ => arabic,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn vocab(entries: &[(&str, u64)]) -> BTreeMap<String, u64> {
        entries.iter().map(|(t, n)| (t.to_string(), *n)).collect()
    }

    #[test]
    fn clitic_forms_count_with_their_article_form() {
        let v = vocab(&[("القصيم", 100), ("بالقصيم", 20), ("للقصيم", 5), ("قصيم", 1)]);
        let used = ArticleUse::of("القصيم", &v);
        assert_eq!(
            used,
            ArticleUse {
                bare: 1,
                definite: 125
            }
        );
        assert_eq!(used, ArticleUse::of("قصيم", &v));
        assert!(used.definite_share() > 0.98);
        assert!(used.consistency() > 0.98);
    }

    #[test]
    fn a_word_written_both_ways_is_less_consistent() {
        let v = vocab(&[("قسم", 170), ("وقسم", 30), ("القسم", 60), ("والقسم", 8)]);
        let used = ArticleUse::of("القسم", &v);
        assert_eq!(
            used,
            ArticleUse {
                bare: 200,
                definite: 68
            }
        );
        let consistency = used.consistency();
        assert!((0.7..0.8).contains(&consistency), "{consistency}");
    }

    #[test]
    fn before_a_base_starting_with_lam_lam_is_the_article() {
        let v = vocab(&[("اللاذقيه", 40), ("للاذقيه", 6), ("لاذقيه", 1)]);
        assert_eq!(
            ArticleUse::of("اللاذقيه", &v),
            ArticleUse {
                bare: 1,
                definite: 46
            }
        );
    }

    #[test]
    fn short_words_beginning_with_al_are_not_split() {
        let v = vocab(&[("الي", 500), ("ي", 3)]);
        assert_eq!(
            ArticleUse::of("الي", &v),
            ArticleUse {
                bare: 500,
                definite: 0
            }
        );
    }

    #[test]
    fn an_unseen_word_says_nothing_either_way() {
        let used = ArticleUse::of("زززز", &vocab(&[]));
        assert_eq!(used.definite_share(), 0.5);
        assert_eq!(used.consistency(), 0.5);
    }
}
