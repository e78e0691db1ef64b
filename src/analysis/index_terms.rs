//! Both indexed forms of a text from one pass of the analyzers.
//!
//! `ar_stem` is `ar_exact` followed by more steps ([`super::chain`]: stage 3 after stages 1 and
//! 2), so the stemmed terms are a function of the exact ones: tokenizing and normalizing once and
//! applying the stem steps to a copy of each exact term gives what the two analyzers give
//! separately, for about half the work. Both are assembled from the same [`super::chain`] types;
//! tests check the equality (terms, positions, offsets) against [`super::build`] on the sample
//! corpus and on random text.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::chain::{self, ExactSteps, StemSteps};
use super::filter::TokenRewrite;
use super::fingerprint;
use super::pre_analyzed::TermsWriter;
use super::tokenize::ArabicTokenizer;

/// A text's `ar_exact` and `ar_stem` terms, in the [`super::pre_analyzed`] encoding.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IndexTerms {
    /// `ar_exact` terms.
    pub exact: String,
    /// `ar_stem` terms.
    pub stem: String,
    /// The `ar_exact` terms as a near-duplicate fingerprint ([`super::fingerprint`]).
    pub fingerprint: Vec<u64>,
}

/// Analyzes texts into [`IndexTerms`]; keeps its buffers between texts.
#[derive(Clone, Debug)]
pub struct IndexAnalyzer {
    tokenizer: ArabicTokenizer,
    exact_steps: ExactSteps,
    stem_steps: StemSteps,
    stem_token: Token,
    buffer: String,
}

impl Default for IndexAnalyzer {
    fn default() -> Self {
        IndexAnalyzer {
            tokenizer: chain::tokenizer(),
            exact_steps: ExactSteps::default(),
            stem_steps: StemSteps::default(),
            stem_token: Token::default(),
            buffer: String::new(),
        }
    }
}

/// One word of a text as both analyzers see it.
pub struct Word<'a> {
    /// Byte offsets of the surface word in the text.
    pub start: usize,
    /// See [`Word::start`].
    pub end: usize,
    /// Word position (stop words keep theirs, so `ar_stem` has gaps).
    pub position: usize,
    /// The `ar_exact` term.
    pub exact: &'a str,
    /// The `ar_stem` term; `None` for a stop word.
    pub stem: Option<&'a str>,
}

impl IndexAnalyzer {
    /// Calls `each` with every word of `text`, in order: one tokenization and normalization for
    /// both terms.
    pub fn for_each_word(&mut self, text: &str, mut each: impl FnMut(Word<'_>)) {
        let mut stream = self.tokenizer.token_stream(text);
        while stream.advance() {
            let token = stream.token_mut();
            if !self.exact_steps.rewrite(token, &mut self.buffer) {
                continue;
            }
            let stem_token = &mut self.stem_token;
            stem_token.text.clear();
            stem_token.text.push_str(&token.text);
            let stemmed = self.stem_steps.rewrite(stem_token, &mut self.buffer);
            each(Word {
                start: token.offset_from,
                end: token.offset_to,
                position: token.position,
                exact: &token.text,
                stem: stemmed.then_some(stem_token.text.as_str()),
            });
        }
    }

    /// Analyzes `text` into `out` (replacing its content).
    pub fn analyze_into(&mut self, text: &str, out: &mut IndexTerms) {
        let mut exact = TermsWriter::start(&mut out.exact);
        let mut stem = TermsWriter::start(&mut out.stem);
        out.fingerprint.clear();
        self.for_each_word(text, |word| {
            exact.push(&mut out.exact, word.position, word.exact);
            out.fingerprint.push(fingerprint::term_hash(word.exact));
            if let Some(term) = word.stem {
                stem.push(&mut out.stem, word.position, term);
            }
        });
        fingerprint::finish(&mut out.fingerprint);
    }

    /// Convenience wrapper returning new [`IndexTerms`].
    pub fn analyze(&mut self, text: &str) -> IndexTerms {
        let mut out = IndexTerms::default();
        self.analyze_into(text, &mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::chain::MAX_WORD_BYTES;
    use crate::analysis::{build, AR_EXACT, AR_STEM};
    use proptest::prelude::*;

    /// (position, start, end, term) of a token.
    type Tok = (usize, usize, usize, String);

    /// The tokens of the registered analyzer `name`.
    fn reference(name: &str, text: &str) -> Vec<Tok> {
        let mut analyzer = build(name).expect("known analyzer");
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push((t.position, t.offset_from, t.offset_to, t.text.clone()));
        }
        out
    }

    /// The tokens in the pre-analyzed encoding.
    fn encoded(tokens: &[Tok]) -> String {
        let mut out = String::new();
        let mut writer = TermsWriter::start(&mut out);
        for (position, _, _, term) in tokens {
            writer.push(&mut out, *position, term);
        }
        out
    }

    /// The one pass and the two analyzers agree on every token: term, position and offsets, and
    /// the encoded terms the index build writes.
    fn check(text: &str) -> Result<(), TestCaseError> {
        let (want_exact, want_stem) = (reference(AR_EXACT, text), reference(AR_STEM, text));
        let mut analyzer = IndexAnalyzer::default();
        let (mut exact, mut stem) = (Vec::new(), Vec::new());
        analyzer.for_each_word(text, |w| {
            exact.push((w.position, w.start, w.end, w.exact.to_string()));
            if let Some(s) = w.stem {
                stem.push((w.position, w.start, w.end, s.to_string()));
            }
        });
        prop_assert_eq!(&exact, &want_exact, "ar_exact of {:?}", text);
        prop_assert_eq!(&stem, &want_stem, "ar_stem of {:?}", text);
        let terms = analyzer.analyze(text);
        prop_assert_eq!(terms.exact, encoded(&want_exact));
        prop_assert_eq!(terms.stem, encoded(&want_stem));
        Ok(())
    }

    #[test]
    fn same_terms_as_the_two_analyzers_on_the_sample_corpus() {
        let mut checked = 0;
        for entry in std::fs::read_dir("corpus").expect("corpus/ folder") {
            let path = entry.expect("entry").path();
            if let Ok(text) = std::fs::read_to_string(&path) {
                check(&text).expect("same terms");
                checked += 1;
            }
        }
        assert!(checked > 0, "no sample articles read");
        check("قاعدة في العراق، وفي بغـــداد ﷺ ﻻ OpenAI ٢٠٢٤ İstanbul").expect("same terms");
    }

    #[test]
    fn overlong_words_are_dropped_by_both_with_their_position_kept() {
        let kept = format!("{}ﻻ", "ب".repeat(126));
        let dropped = "ب".repeat(128);
        assert_eq!(kept.len(), MAX_WORD_BYTES);
        let text = format!("في {kept} {dropped} العراق");
        check(&text).expect("same terms");
        let positions: Vec<usize> = reference(AR_STEM, &text).iter().map(|t| t.0).collect();
        assert_eq!(
            positions,
            [1, 3],
            "the stop word and the long word leave gaps"
        );
    }

    proptest! {
        #[test]
        fn same_terms_as_the_two_analyzers_on_random_text(
            text in "[\u{0600}-\u{06FF}\u{FB50}-\u{FDFF}\u{FE70}-\u{FEFF}\u{200B}-\u{200F} a-zA-Z0-9.،]{0,80}"
        ) {
            check(&text)?;
        }

        #[test]
        fn same_terms_on_arbitrary_unicode(text in "\\PC{0,60}") {
            check(&text)?;
        }

        #[test]
        fn same_terms_around_the_length_bound(
            words in proptest::collection::vec("[\u{0621}-\u{064A}\u{064B}\u{0640}]{1,140}|[a-z]{200,260}|(و|ف)?(ب|ل|ك)?(ال)?[\u{0621}-\u{064A}]{1,8}", 0..6)
        ) {
            check(&words.join(" "))?;
        }
    }
}
