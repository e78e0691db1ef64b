//! The plumbing shared by fahras' token filters.
//!
//! A tantivy token filter needs three types (the filter, the tokenizer it wraps, the stream).
//! fahras' filters differ only in what they do to one token, so they implement [`TokenRewrite`]
//! and [`Rewrite`] supplies the three types once. [`Then`] joins two rewrites into one, so a list
//! of steps (see [`super::chain`]) is one value that a tantivy analyzer and fahras' own one-pass
//! analysis both apply.

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// What a filter does to one token.
pub trait TokenRewrite: Clone + Send + Sync + 'static {
    /// Rewrites `token.text` in place (never the offsets), using `buffer` as scratch space to
    /// avoid allocating per token. Returns `false` to drop the token.
    fn rewrite(&self, token: &mut Token, buffer: &mut String) -> bool;
}

/// `A`, then `B` on the tokens `A` keeps: one step list as one rewrite.
#[derive(Clone, Copy, Debug, Default)]
pub struct Then<A, B>(pub A, pub B);

impl<A: TokenRewrite, B: TokenRewrite> TokenRewrite for Then<A, B> {
    #[inline]
    fn rewrite(&self, token: &mut Token, buffer: &mut String) -> bool {
        self.0.rewrite(token, buffer) && self.1.rewrite(token, buffer)
    }
}

/// Token filter applying a [`TokenRewrite`] to every token of the wrapped tokenizer.
#[derive(Clone, Debug, Default)]
pub struct Rewrite<R>(pub R);

impl<R: TokenRewrite> TokenFilter for Rewrite<R> {
    type Tokenizer<T: Tokenizer> = RewriteTokenizer<R, T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> RewriteTokenizer<R, T> {
        RewriteTokenizer {
            rewrite: self.0,
            inner: tokenizer,
            buffer: String::new(),
        }
    }
}

/// The tokenizer produced by [`Rewrite`].
#[derive(Clone)]
pub struct RewriteTokenizer<R, T> {
    rewrite: R,
    inner: T,
    buffer: String,
}

impl<R: TokenRewrite, T: Tokenizer> Tokenizer for RewriteTokenizer<R, T> {
    type TokenStream<'a> = RewriteStream<'a, R, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        RewriteStream {
            rewrite: &self.rewrite,
            tail: self.inner.token_stream(text),
            buffer: &mut self.buffer,
        }
    }
}

/// The stream produced by [`RewriteTokenizer`].
pub struct RewriteStream<'a, R, S> {
    rewrite: &'a R,
    tail: S,
    buffer: &'a mut String,
}

impl<R: TokenRewrite, S: TokenStream> TokenStream for RewriteStream<'_, R, S> {
    fn advance(&mut self) -> bool {
        while self.tail.advance() {
            if self.rewrite.rewrite(self.tail.token_mut(), self.buffer) {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}
