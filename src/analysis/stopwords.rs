//! Arabic stop words, in normalized form (ا for أ/إ/آ, ي for ى, ه for ة).
//!
//! Used only by the stemmed analyzers: the exact field keeps every word, so a quoted phrase such as
//! "في العراق" still matches word for word. A stop word is also recognised with the conjunction و or
//! ف attached (وفي, فان), since those are the same function words.

use std::sync::LazyLock;

use rustc_hash::FxHashSet;
use tantivy::tokenizer::Token;

use super::filter::TokenRewrite;

/// Whether a normalized token is a function word that carries no topic.
pub fn is_stop_word(word: &str) -> bool {
    if is_listed(word) {
        return true;
    }
    match word.strip_prefix('و').or_else(|| word.strip_prefix('ف')) {
        Some(rest) => !rest.is_empty() && is_listed(rest) && !is_content_word(word),
        None => false,
    }
}

/// Words that look like a conjunction + stop word but are, in news text, mostly a content word:
/// ولي ("guardian", ولي العهد "crown prince"; 817 times in the news sample, ولي العهد and ولي ولي
/// العهد most of them) rather than و + لي ("and to me").
fn is_content_word(word: &str) -> bool {
    word == "ولي"
}

fn is_listed(word: &str) -> bool {
    STOP_WORDS.contains(word)
}

/// Hashed once: a `match` over ~200 strings compares them one by one on every token.
static STOP_WORDS: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
    [
        // prepositions
        "في",
        "من",
        "الي",
        "علي",
        "عن",
        "مع",
        "عند",
        "منذ",
        "حتي",
        "خلال",
        "ضد",
        "حول",
        "نحو",
        "لدي",
        "دون",
        "سوي",
        "مثل",
        "بين",
        "عبر",
        "ازاء",
        "تجاه",
        "لدن",
        "فوق",
        "تحت",
        "امام",
        "وراء",
        "قبل",
        "بعد",
        "حين",
        "حيال",
        // prepositions with pronouns
        "فيه",
        "فيها",
        "فيهم",
        "منه",
        "منها",
        "منهم",
        "عليه",
        "عليها",
        "عليهم",
        "اليه",
        "اليها",
        "اليهم",
        "عنه",
        "عنها",
        "عنهم",
        "به",
        "بها",
        "بهم",
        "له",
        "لها",
        "لهم",
        "لنا",
        "لي",
        "لك",
        "معه",
        "معها",
        "معهم",
        "بينهم",
        "بينما",
        // particles and conjunctions
        "ان",
        "انه",
        "انها",
        "انهم",
        "لان",
        "لانه",
        "بان",
        "بانه",
        "كان",
        "كانت",
        "كانوا",
        "يكون",
        "تكون",
        "ما",
        "لا",
        "لم",
        "لن",
        "قد",
        "لقد",
        "او",
        "ام",
        "ثم",
        "بل",
        "لكن",
        "لكنه",
        "اذا",
        "اذ",
        "كما",
        "كي",
        "لكي",
        "الا",
        "اما",
        "حيث",
        "هل",
        "كيف",
        "متي",
        "اين",
        "لماذا",
        "ماذا",
        "ايضا",
        "فقط",
        "انما",
        "سوف",
        "اي",
        "ايه",
        "عندما",
        "كلما",
        "لو",
        "لولا",
        "اذن",
        "غير",
        "ليس",
        "ليست",
        "مما",
        "ممن",
        "عما",
        "فيما",
        "بما",
        "لما",
        "كل",
        "بعض",
        "جميع",
        "كلا",
        "كافه",
        "تم",
        "يتم",
        "وقد",
        "ولا",
        "وان",
        "ذات",
        "ذو",
        "ذي",
        // pronouns and demonstratives
        "هو",
        "هي",
        "هم",
        "هن",
        "هما",
        "انا",
        "نحن",
        "انت",
        "انتم",
        "هذا",
        "هذه",
        "ذلك",
        "تلك",
        "هؤلاء",
        "اولئك",
        "هناك",
        "هنا",
        "هنالك",
        "التي",
        "الذي",
        "الذين",
        "اللتي",
        "اللذين",
        "اللذان",
        "اللتان",
        "اللواتي",
        "اللاتي",
        "نفس",
        "الان",
    ]
    .into_iter()
    .collect()
});

/// Token rewrite that removes [`is_stop_word`] tokens, leaving a gap in positions so phrase
/// proximity still reflects the original text; use it as `Rewrite(ArabicStopWords)`.
#[derive(Clone, Copy, Debug, Default)]
pub struct ArabicStopWords;

impl TokenRewrite for ArabicStopWords {
    fn rewrite(&self, token: &mut Token, _buffer: &mut String) -> bool {
        !is_stop_word(&token.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_words_are_stop_words() {
        for word in [
            "في", "من", "الي", "علي", "ان", "التي", "الذي", "هذه", "كانت", "ايضا",
        ] {
            assert!(is_stop_word(word), "{word}");
        }
    }

    #[test]
    fn stop_words_with_conjunction_are_stop_words() {
        for word in ["وفي", "ومن", "فان", "وهو", "والتي"] {
            assert!(is_stop_word(word), "{word}");
        }
    }

    #[test]
    fn content_words_are_kept() {
        for word in [
            "العراق",
            "قاعده",
            "عين",
            "الاسد",
            "اليوم",
            "داعش",
            "و",
            "ف",
            "وزير",
            // ولي العهد, "crown prince"
            "ولي",
        ] {
            assert!(!is_stop_word(word), "{word}");
        }
    }
}
