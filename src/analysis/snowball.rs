//! Snowball's Arabic stemmer (from `rust-stemmers`), wired as a token filter so the relevance
//! benchmark can compare it with fahras' light stemmer on the same data.

use std::mem;
use std::sync::Arc;

use rust_stemmers::{Algorithm, Stemmer};
use tantivy::tokenizer::Token;

use super::filter::TokenRewrite;

/// Token rewrite applying Snowball Arabic to every token; use it as
/// `Rewrite(SnowballArabic::default())`.
#[derive(Clone)]
pub struct SnowballArabic {
    stemmer: Arc<Stemmer>,
}

impl Default for SnowballArabic {
    fn default() -> Self {
        SnowballArabic {
            stemmer: Arc::new(Stemmer::create(Algorithm::Arabic)),
        }
    }
}

impl TokenRewrite for SnowballArabic {
    fn rewrite(&self, token: &mut Token, buffer: &mut String) -> bool {
        buffer.clear();
        buffer.push_str(&self.stemmer.stem(&token.text));
        if !buffer.is_empty() {
            mem::swap(&mut token.text, buffer);
        }
        true
    }
}
