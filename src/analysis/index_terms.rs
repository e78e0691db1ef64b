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

impl IndexAnalyzer {
    /// Analyzes `text` into `out` (replacing its content).
    pub fn analyze_into(&mut self, text: &str, out: &mut IndexTerms) {
        let mut exact = TermsWriter::start(&mut out.exact);
        let mut stem = TermsWriter::start(&mut out.stem);
        let mut stream = self.tokenizer.token_stream(text);
        while stream.advance() {
            let token = stream.token_mut();
            if !ArabicNormalizer.rewrite(token, &mut self.buffer) {
                continue;
            }
            exact.push(&mut out.exact, token.position, &token.text);
            let stem_token = &mut self.stem_token;
            stem_token.text.clear();
            stem_token.text.push_str(&token.text);
            if ArabicStopWords.rewrite(stem_token, &mut self.buffer)
                && ArabicLightStemmer.rewrite(stem_token, &mut self.buffer)
            {
                stem.push(&mut out.stem, token.position, &stem_token.text);
            }
        }
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
