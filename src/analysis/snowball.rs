//! Snowball's Arabic stemmer (from `rust-stemmers`), wired as a token filter so the relevance
//! benchmark can compare it with fahras' light stemmer on the same data.

use std::mem;
use std::sync::Arc;

use rust_stemmers::{Algorithm, Stemmer};
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Token filter applying Snowball Arabic to every token.
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

impl TokenFilter for SnowballArabic {
    type Tokenizer<T: Tokenizer> = SnowballArabicFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> SnowballArabicFilter<T> {
        SnowballArabicFilter {
            inner: tokenizer,
            stemmer: self.stemmer,
            buffer: String::new(),
        }
    }
}

/// The tokenizer produced by [`SnowballArabic`].
#[derive(Clone)]
pub struct SnowballArabicFilter<T> {
    inner: T,
    stemmer: Arc<Stemmer>,
    buffer: String,
}

impl<T: Tokenizer> Tokenizer for SnowballArabicFilter<T> {
    type TokenStream<'a> = SnowballArabicStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        SnowballArabicStream {
            tail: self.inner.token_stream(text),
            stemmer: &self.stemmer,
            buffer: &mut self.buffer,
        }
    }
}

/// The stream produced by [`SnowballArabicFilter`].
pub struct SnowballArabicStream<'a, S> {
    tail: S,
    stemmer: &'a Stemmer,
    buffer: &'a mut String,
}

impl<S: TokenStream> TokenStream for SnowballArabicStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        self.buffer.clear();
        self.buffer.push_str(&self.stemmer.stem(&token.text));
        if !self.buffer.is_empty() {
            mem::swap(&mut token.text, self.buffer);
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}
