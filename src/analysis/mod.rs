//! Arabic text analysis: the analyzers that turn text into index terms.
//!
//! Every analyzer starts with [`tokenize::ArabicTokenizer`] (byte offsets into the original text,
//! overlong words dropped) and [`normalize::ArabicNormalizer`] (orthographic variants folded).
//! They differ in what follows:
//!
//! | name | chain | used for |
//! |---|---|---|
//! | `ar_exact` | tokenize → normalize | exact and phrase matching: every word counts |
//! | `ar_stem` | tokenize → normalize → stop words → light stem | default ranking field |
//! | `ar_snowball` | tokenize → normalize → stop words → Snowball Arabic | benchmark comparison |
//!
//! The chains are defined once, in [`chain`]; the analyzers here and the one-pass analysis of
//! indexing ([`index_terms`]) are built from that definition.
//!
//! Custom analyzers are not stored inside a tantivy index, so [`register`] must run on every index
//! open; otherwise tantivy silently falls back to its default tokenizer. The index *writer* instead
//! gets [`pre_analyzed::register`]: fahras analyzes passages itself ([`index_terms`]) and hands
//! tantivy the terms.

pub mod chain;
pub mod filter;
pub(crate) mod fingerprint;
pub mod index_terms;
pub mod normalize;
pub mod pre_analyzed;
pub mod snowball;
pub mod stem;
pub mod stopwords;
pub mod tokenize;

use serde::Serialize;
use tantivy::tokenizer::{TextAnalyzer, TokenizerManager};

use chain::{SnowballSteps, StemSteps};

/// Tokenize + normalize.
pub const AR_EXACT: &str = "ar_exact";
/// Tokenize + normalize + stop words + fahras' light stemmer.
pub const AR_STEM: &str = "ar_stem";
/// Tokenize + normalize + stop words + Snowball Arabic.
pub const AR_SNOWBALL: &str = "ar_snowball";

/// The names of all analyzers fahras registers, in documentation order.
pub const ANALYZER_NAMES: [&str; 3] = [AR_EXACT, AR_STEM, AR_SNOWBALL];

/// Builds the analyzer called `name`, or `None` for an unknown name.
pub fn build(name: &str) -> Option<TextAnalyzer> {
    let analyzer = match name {
        AR_EXACT => chain::exact_analyzer(),
        AR_STEM => chain::stemmed_analyzer(StemSteps::default()),
        AR_SNOWBALL => chain::stemmed_analyzer(SnowballSteps::default()),
        _ => return None,
    };
    Some(analyzer)
}

/// Registers every fahras analyzer under its name; call on each index create and open.
pub fn register(manager: &TokenizerManager) {
    for name in ANALYZER_NAMES {
        if let Some(analyzer) = build(name) {
            manager.register(name, analyzer);
        }
    }
}

/// One token as `fahras analyze` shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AnalyzedToken {
    /// The term as indexed.
    pub token: String,
    /// Word position (stop words leave gaps).
    pub position: usize,
    /// Byte offset of the word's first byte in the input.
    pub start: usize,
    /// Byte offset one past the word's last byte in the input.
    pub end: usize,
}

/// Runs `analyzer` over `text` and collects its tokens.
pub fn analyze(analyzer: &mut TextAnalyzer, text: &str) -> Vec<AnalyzedToken> {
    let mut stream = analyzer.token_stream(text);
    let mut tokens = Vec::new();
    while let Some(token) = stream.next() {
        tokens.push(AnalyzedToken {
            token: token.text.clone(),
            position: token.position,
            start: token.offset_from,
            end: token.offset_to,
        });
    }
    tokens
}

/// The terms `analyzer_name` produces for `text`; panics only on an unknown analyzer name, which
/// is a programming error.
pub fn terms(analyzer_name: &str, text: &str) -> Vec<String> {
    let mut analyzer = build(analyzer_name).expect("known analyzer name");
    analyze(&mut analyzer, text)
        .into_iter()
        .map(|t| t.token)
        .collect()
}

/// A text's `ar_exact` and `ar_stem` terms, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WordTerms {
    /// `ar_exact` terms.
    pub exact: Vec<String>,
    /// `ar_stem` terms (stop words have none).
    pub stem: Vec<String>,
}

/// What `terms(AR_EXACT, text)` and `terms(AR_STEM, text)` give, from one tokenization and
/// normalization (query words are analyzed this way: every word needs both).
pub fn word_terms(text: &str) -> WordTerms {
    let mut out = WordTerms::default();
    index_terms::IndexAnalyzer::default().for_each_word(text, |word| {
        out.exact.push(word.exact.to_string());
        if let Some(stem) = word.stem {
            out.stem.push(stem.to_string());
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn stem_of(word: &str) -> String {
        let terms = terms(AR_STEM, word);
        assert_eq!(
            terms.len(),
            1,
            "{word} should give one ar_stem token: {terms:?}"
        );
        terms.into_iter().next().unwrap_or_default()
    }

    #[test]
    fn equivalence_groups_share_one_ar_stem_token() {
        let groups: &[&[&str]] = &[
            &["إخلاء", "اخلاء", "إِخْلَاء", "الإخلاء", "وإخلاء"],
            &["أنقرة", "انقره", "وأنقرة", "بأنقرة"],
            &["المدرسة", "بالمدرسة", "وبالمدرسة", "للمدرسة", "مدرسه"],
            &["الإيرانية", "الايرانيه", "إيرانية", "الإيراني", "إيران"],
            &["المهندسين", "مهندسين", "للمهندسين", "المهندسون"],
            &["١٩٩٠", "1990", "۱۹۹۰"],
            &["بغـــداد", "بغداد", "ببغداد"],
            &["ﺍﻟﺴﻼﻡ", "السلام", "السَّلَام"],
            &["کرکوک", "كركوك"],
            // from corpus/
            &["القاعدة", "وبالقاعدة", "قاعدة", "القاعده", "للقاعدة"],
            &[
                "المستشارين",
                "مستشارين",
                "مستشاري",
                "للمستشارين",
                "فللمستشارين",
                "مستشار",
            ],
            &["الأسد", "الاسد", "الأَسَد"],
            &["أربيل", "اربيل", "بأربيل", "وأربيل", "إربيل"],
            &["الأمريكية", "الامريكيه", "أمريكي", "الأمريكيين"],
            &["مهمة", "المهمة", "مهمتها", "مهمته", "مهمتهم"],
            &["الولايات", "ولايات", "ولاية", "والولايات"],
            &["العراق", "بالعراق", "والعراق", "للعراق"],
            &["التحالف", "للتحالف", "والتحالف", "بالتحالف"],
            &["الانسحاب", "بالانسحاب", "للانسحاب", "انسحاب"],
            &["لبنان", "ولبنان", "للبنان"],
            // Measured on real news: protected words meet their clitic forms, short ة-final
            // names meet theirs, and a bare preposition before a three-letter word goes.
            &["الرياض", "بالرياض", "والرياض", "للرياض", "رياض", "وبالرياض"],
            &["الكويت", "بالكويت", "والكويت", "للكويت", "الكويتي"],
            &["البحرين", "بالبحرين", "والبحرين", "للبحرين"],
            &["الموصل", "بالموصل", "والموصل", "للموصل"],
            &["البصرة", "بالبصرة", "والبصرة", "للبصرة"],
            &["الفلوجة", "بالفلوجة", "والفلوجة", "للفلوجة"],
            &["اليونان", "باليونان", "واليونان", "لليونان"],
            &["جدة", "بجدة", "وبجدة", "لجدة", "جده"],
            &["مكة", "بمكة", "لمكة", "ومكة", "بمكه"],
            &["غزة", "بغزة", "لغزة", "وغزة"],
            &["الهدف", "بهدف", "لهدف", "هدف", "والهدف"],
            &["الدعم", "لدعم", "بدعم", "ودعم", "وبدعم"],
            &["العام", "لعام", "بعام", "عام"],
            &["نوع", "كنوع", "النوع"],
            &["قال", "فقال", "وقال"],
        ];
        for group in groups {
            let first = stem_of(group[0]);
            for word in &group[1..] {
                assert_eq!(stem_of(word), first, "{word} should stem like {}", group[0]);
            }
        }
    }

    #[test]
    fn different_words_stay_apart() {
        let pairs = [
            ("لبنان", "لبن"),
            ("بغداد", "غداد"),
            ("فلسطين", "فلسط"),
            ("كانون", "كانو"),
            ("وزير", "زير"),
            // the letter is the word's own, measured on the news sample (البعيد, الكامل)
            ("بعيد", "عيد"),
            ("كامل", "امل"),
            ("بطولة", "طول"),
            ("كردستان", "ردستان"),
            ("فيصل", "يصل"),
            ("كبير", "بير"),
        ];
        for (a, b) in pairs {
            assert_ne!(stem_of(a), stem_of(b), "{a} / {b}");
        }
        // Lucene's stemmer turns الولايات into ولا ("and not"), a stop word.
        assert_ne!(stem_of("الولايات"), "ولا");
        // كان ("was") is a stop word; the month كانون must not be stemmed into it.
        assert_eq!(stem_of("كانون"), "كانون");
    }

    #[test]
    fn stop_words_removed_only_by_stemmed_analyzers() {
        let text = "قاعدة في العراق";
        assert_eq!(terms(AR_EXACT, text), ["قاعده", "في", "العراق"]);
        assert_eq!(terms(AR_STEM, text), ["قاعد", "عراق"]);
        assert_eq!(terms(AR_SNOWBALL, text).len(), 2);
    }

    #[test]
    fn stop_words_leave_position_gaps() {
        let mut analyzer = build(AR_STEM).expect("ar_stem");
        let tokens = analyze(&mut analyzer, "قاعدة في العراق");
        let positions: Vec<usize> = tokens.iter().map(|t| t.position).collect();
        assert_eq!(positions, [0, 2]);
    }

    #[test]
    fn light_stemmer_beats_snowball_on_baghdad() {
        assert_eq!(terms(AR_STEM, "بغداد"), ["بغداد"]);
        // Snowball cuts the ب as if it were a preposition; this is why ar_stem exists.
        assert_eq!(terms(AR_SNOWBALL, "بغداد"), ["غداد"]);
    }

    #[test]
    fn unknown_analyzer_is_none() {
        assert!(build("default").is_none());
    }

    #[test]
    fn every_analyzer_is_registered() {
        let manager = TokenizerManager::default();
        register(&manager);
        for name in ANALYZER_NAMES {
            assert!(manager.get(name).is_some(), "{name}");
        }
    }

    fn check_invariants(text: &str) -> Result<(), TestCaseError> {
        for name in ANALYZER_NAMES {
            let mut analyzer = build(name).expect("known");
            let tokens = analyze(&mut analyzer, text);
            let mut previous = (0, 0);
            for t in &tokens {
                prop_assert!(!t.token.is_empty(), "{name}: empty token");
                prop_assert!(t.start < t.end && t.end <= text.len());
                prop_assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
                prop_assert!((t.start, t.position) >= previous, "{name}: offsets go back");
                previous = (t.start, t.position);
            }
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn offsets_are_valid_on_arbitrary_unicode(text in "\\PC{0,60}") {
            check_invariants(&text)?;
        }

        #[test]
        fn word_terms_are_what_the_two_analyzers_give(
            text in "[\u{0600}-\u{06FF}\u{0660}-\u{0669} a-zA-Z0-9.،]{0,40}"
        ) {
            let both = word_terms(&text);
            prop_assert_eq!(both.exact, terms(AR_EXACT, &text));
            prop_assert_eq!(both.stem, terms(AR_STEM, &text));
        }

        #[test]
        fn offsets_are_valid_on_arabic_with_marks_and_controls(
            text in "[\u{0600}-\u{06FF}\u{200B}-\u{200F}\u{202A}-\u{202E}\u{2066}-\u{2069}\u{FE70}-\u{FEFF} a-z0-9\u{1F600}]{0,60}"
        ) {
            check_invariants(&text)?;
        }
    }

    #[test]
    fn huge_word_does_not_panic() {
        let word = "ب".repeat(10_000);
        assert!(
            terms(AR_STEM, &word).is_empty(),
            "an overlong word is no term"
        );
        let marks = "\u{064E}".repeat(1000);
        assert!(super::terms(AR_EXACT, &marks).is_empty());
    }
}
