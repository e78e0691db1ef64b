//! The one definition of fahras' analysis chains.
//!
//! Every analyzer is the same three stages, and each stage is written here once:
//!
//! 1. [`tokenizer`]: words with byte offsets and positions; a word longer than
//!    [`MAX_WORD_BYTES`] is dropped there (it keeps its position, so phrases do not bridge it);
//! 2. [`ExactSteps`]: what makes a word its `ar_exact` term (normalization);
//! 3. [`StemSteps`] (or [`SnowballSteps`]): what the stemmed analyzers add to the exact term
//!    (stop words, then the stemmer).
//!
//! The tantivy analyzers ([`super::build`]) and the fused one-pass analysis of indexing and
//! highlighting ([`super::index_terms::IndexAnalyzer`]) are both assembled from these, so a new
//! rule is added to one list and reaches both; the proptests of `index_terms` check they agree
//! token for token.

use tantivy::tokenizer::TextAnalyzer;

use super::filter::{Rewrite, Then, TokenRewrite};
use super::normalize::ArabicNormalizer;
use super::snowball::SnowballArabic;
use super::stem::ArabicLightStemmer;
use super::stopwords::ArabicStopWords;
use super::tokenize::ArabicTokenizer;

/// Longest word kept, in bytes of the text as written (tantivy's `RemoveLongFilter` does the same
/// after tokenizing; here the tokenizer skips the word without copying it). 255 bytes is over 120
/// Arabic letters, or a long word with every diacritic written: anything longer (a base64 blob, a
/// run of one letter) would only make a useless term.
pub const MAX_WORD_BYTES: usize = 255;

/// Stage 2: the `ar_exact` term of a word.
pub(crate) type ExactSteps = ArabicNormalizer;

/// Stage 3 of `ar_stem`: stop words go (their position stays), the rest is light-stemmed.
pub(crate) type StemSteps = Then<ArabicStopWords, ArabicLightStemmer>;

/// Stage 3 of `ar_snowball`, the benchmark comparison: `ar_stem` with Snowball's stemmer.
pub(crate) type SnowballSteps = Then<ArabicStopWords, SnowballArabic>;

/// Stage 1: the tokenizer every analyzer starts with, bounded to [`MAX_WORD_BYTES`].
pub(crate) fn tokenizer() -> ArabicTokenizer {
    ArabicTokenizer::new(MAX_WORD_BYTES)
}

/// The `ar_exact` analyzer: stages 1 and 2.
pub(crate) fn exact_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(tokenizer())
        .filter(Rewrite(ExactSteps::default()))
        .build()
}

/// A stemmed analyzer: stages 1 and 2, then `steps`.
pub(crate) fn stemmed_analyzer<S: TokenRewrite>(steps: S) -> TextAnalyzer {
    TextAnalyzer::builder(tokenizer())
        .filter(Rewrite(Then(ExactSteps::default(), steps)))
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{terms, word_terms, ANALYZER_NAMES};

    #[test]
    fn every_analyzer_has_the_length_bound() {
        // 126 two-byte letters and the three-byte ﻻ: exactly the bound.
        let longest = format!("{}ﻻ", "ب".repeat(126));
        let too_long = "ب".repeat(128);
        assert_eq!(longest.len(), MAX_WORD_BYTES);
        for name in ANALYZER_NAMES {
            assert_eq!(terms(name, &longest).len(), 1, "{name}");
            assert!(terms(name, &too_long).is_empty(), "{name}");
        }
        assert_eq!(word_terms(&longest).exact.len(), 1);
        assert!(word_terms(&too_long).exact.is_empty());
    }
}
