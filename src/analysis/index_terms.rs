//! Both indexed forms of a text from one pass of the analyzers.
//!
//! `ar_stem` is `ar_exact` followed by two token filters (stop words, light stemmer), so the
//! stemmed terms are a function of the exact ones: tokenizing and normalizing once and stemming
//! the normalized words gives what the two analyzers give separately, for about half the work.
//! Tests check the equality against [`super::build`] on the sample corpus and on random text.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::filter::TokenRewrite;
use super::normalize::ArabicNormalizer;
use super::pre_analyzed::TermsWriter;
use super::stem::ArabicLightStemmer;
use super::stopwords::ArabicStopWords;
use super::tokenize::ArabicTokenizer;

/// A text's `ar_exact` and `ar_stem` terms, in the [`super::pre_analyzed`] encoding.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IndexTerms {
    /// `ar_exact` terms.
    pub exact: String,
    /// `ar_stem` terms.
    pub stem: String,
}

/// Analyzes texts into [`IndexTerms`]; keeps its buffers between texts.
#[derive(Clone, Debug, Default)]
pub struct IndexAnalyzer {
    tokenizer: ArabicTokenizer,
    stem_token: Token,
    buffer: String,
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
            if !ArabicNormalizer.rewrite(token, &mut self.buffer) {
                continue;
            }
            let stem_token = &mut self.stem_token;
            stem_token.text.clear();
            stem_token.text.push_str(&token.text);
            let stemmed = ArabicStopWords.rewrite(stem_token, &mut self.buffer)
                && ArabicLightStemmer.rewrite(stem_token, &mut self.buffer);
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
        self.for_each_word(text, |word| {
            exact.push(&mut out.exact, word.position, word.exact);
            if let Some(term) = word.stem {
                stem.push(&mut out.stem, word.position, term);
            }
        });
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
    use crate::analysis::{build, AR_EXACT, AR_STEM};
    use proptest::prelude::*;

    /// What the registered analyzer `name` gives, in the encoding.
    fn reference(name: &str, text: &str) -> String {
        let mut analyzer = build(name).expect("known analyzer");
        let mut stream = analyzer.token_stream(text);
        let mut out = String::new();
        let mut writer = TermsWriter::start(&mut out);
        while let Some(token) = stream.next() {
            writer.push(&mut out, token.position, &token.text);
        }
        out
    }

    fn check(text: &str) -> Result<(), TestCaseError> {
        let terms = IndexAnalyzer::default().analyze(text);
        prop_assert_eq!(
            terms.exact,
            reference(AR_EXACT, text),
            "ar_exact of {:?}",
            text
        );
        prop_assert_eq!(
            terms.stem,
            reference(AR_STEM, text),
            "ar_stem of {:?}",
            text
        );
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
    }
}
