//! Terms analyzed by fahras before they reach tantivy, carried as text.
//!
//! At index time fahras analyzes each passage once for both of its fields (see
//! [`super::index_terms`]) in its own threads, and hands tantivy the finished terms. Tantivy's
//! `PreTokenizedString` would do that too, but it is copied token by token (one allocation per
//! term, twice) on its way into the postings; a string of terms is copied once, as a block.
//!
//! The encoding: a leading [`SEPARATOR`] (it marks the text as encoded), then one piece per word
//! position, each followed by [`SEPARATOR`]; a position whose word was dropped (a stop word) is an
//! empty piece, so positions, and with them phrase queries, are exactly those of the analyzer.
//! Analyzed terms never contain the separator (a NUL: the tokenizer ends words at ASCII controls
//! and normalization never produces one).
//!
//! [`register`] installs [`IndexTimeTokenizer`] under the analyzer names on the *index writer's*
//! tokenizer manager only: it decodes encoded texts and runs the real analyzer on any other text
//! (the stored-and-indexed `source` field is given as written). Searchers open the index with the
//! real analyzers ([`super::register`]).

use tantivy::tokenizer::{
    BoxTokenStream, TextAnalyzer, Token, TokenStream, Tokenizer, TokenizerManager,
};

use super::{build, AR_EXACT, AR_STEM};

/// Starts an encoded text and ends every piece of it.
pub const SEPARATOR: char = '\0';

/// Appends analyzed terms to an encoded string.
#[derive(Debug, Default)]
pub struct TermsWriter {
    next_position: usize,
}

impl TermsWriter {
    /// Starts a new encoded text in `out` (cleared).
    pub fn start(out: &mut String) -> TermsWriter {
        out.clear();
        out.push(SEPARATOR);
        TermsWriter::default()
    }

    /// Whether `text` is an encoded text rather than text to analyze.
    pub fn is_encoded(text: &str) -> bool {
        text.starts_with(SEPARATOR)
    }

    /// Appends `term` at word `position`; positions must increase.
    pub fn push(&mut self, out: &mut String, position: usize, term: &str) {
        debug_assert!(position >= self.next_position, "positions go back");
        debug_assert!(!term.is_empty() && !term.contains(SEPARATOR), "{term:?}");
        for _ in self.next_position..position {
            out.push(SEPARATOR);
        }
        out.push_str(term);
        out.push(SEPARATOR);
        self.next_position = position + 1;
    }
}

/// Decodes the encoding back into tokens.
#[derive(Clone, Debug, Default)]
pub struct PreAnalyzedTokenizer {
    token: Token,
}

/// The stream produced by [`PreAnalyzedTokenizer`].
pub struct PreAnalyzedStream<'a> {
    text: &'a str,
    /// Byte index of the next piece.
    cursor: usize,
    position: usize,
    token: &'a mut Token,
}

impl Tokenizer for PreAnalyzedTokenizer {
    type TokenStream<'a> = PreAnalyzedStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> PreAnalyzedStream<'a> {
        self.token.reset();
        PreAnalyzedStream {
            text,
            cursor: usize::from(TermsWriter::is_encoded(text)),
            position: 0,
            token: &mut self.token,
        }
    }
}

impl TokenStream for PreAnalyzedStream<'_> {
    fn advance(&mut self) -> bool {
        // A byte scan: pieces are a few bytes long, too short for `str::split`'s searcher to pay.
        let bytes = self.text.as_bytes();
        while self.cursor < bytes.len() {
            let start = self.cursor;
            let len = bytes[start..]
                .iter()
                .position(|&b| b == SEPARATOR as u8)
                .unwrap_or(bytes.len() - start);
            let position = self.position;
            self.cursor = start + len + 1;
            self.position += 1;
            if len == 0 {
                continue;
            }
            // Offsets point into the encoded text: the fields that use this record no offsets.
            self.token.position = position;
            self.token.offset_from = start;
            self.token.offset_to = start + len;
            self.token.text.clear();
            self.token.text.push_str(&self.text[start..start + len]);
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// The index writer's analyzer: decodes encoded texts, analyzes the others.
#[derive(Clone)]
pub struct IndexTimeTokenizer {
    decoder: PreAnalyzedTokenizer,
    analyzer: TextAnalyzer,
}

/// The stream produced by [`IndexTimeTokenizer`].
pub enum IndexTimeStream<'a> {
    /// Terms of an encoded text.
    Decoded(PreAnalyzedStream<'a>),
    /// Terms of a text as written.
    Analyzed(BoxTokenStream<'a>),
}

impl Tokenizer for IndexTimeTokenizer {
    type TokenStream<'a> = IndexTimeStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> IndexTimeStream<'a> {
        if TermsWriter::is_encoded(text) {
            IndexTimeStream::Decoded(self.decoder.token_stream(text))
        } else {
            IndexTimeStream::Analyzed(self.analyzer.token_stream(text))
        }
    }
}

impl TokenStream for IndexTimeStream<'_> {
    fn advance(&mut self) -> bool {
        match self {
            IndexTimeStream::Decoded(s) => s.advance(),
            IndexTimeStream::Analyzed(s) => s.advance(),
        }
    }

    fn token(&self) -> &Token {
        match self {
            IndexTimeStream::Decoded(s) => s.token(),
            IndexTimeStream::Analyzed(s) => s.token(),
        }
    }

    fn token_mut(&mut self) -> &mut Token {
        match self {
            IndexTimeStream::Decoded(s) => s.token_mut(),
            IndexTimeStream::Analyzed(s) => s.token_mut(),
        }
    }
}

/// Installs [`IndexTimeTokenizer`] under the names of the analyzers whose terms fahras computes
/// itself, on the tokenizer manager of the index being *written*.
pub fn register(manager: &TokenizerManager) {
    for name in [AR_EXACT, AR_STEM] {
        if let Some(analyzer) = build(name) {
            let tokenizer = IndexTimeTokenizer {
                decoder: PreAnalyzedTokenizer::default(),
                analyzer,
            };
            manager.register(name, tokenizer);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(text: &str) -> Vec<(String, usize)> {
        let manager = TokenizerManager::default();
        register(&manager);
        let mut analyzer = manager.get(AR_STEM).expect("registered");
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push((t.text.clone(), t.position));
        }
        out
    }

    #[test]
    fn terms_and_position_gaps_round_trip() {
        let mut text = String::new();
        let mut writer = TermsWriter::start(&mut text);
        writer.push(&mut text, 0, "قاعد");
        writer.push(&mut text, 2, "عراق");
        writer.push(&mut text, 3, "ﷺ decomposed");
        assert_eq!(
            decode(&text),
            [
                ("قاعد".to_string(), 0),
                ("عراق".to_string(), 2),
                ("ﷺ decomposed".to_string(), 3)
            ]
        );
        TermsWriter::start(&mut text);
        assert!(decode(&text).is_empty());
    }

    #[test]
    fn text_as_written_is_analyzed() {
        // A source name is stored and indexed as written; the index-time tokenizer analyzes it.
        assert_eq!(
            decode("قاعدة في العراق"),
            [("قاعد".to_string(), 0), ("عراق".to_string(), 2)]
        );
        assert!(decode("").is_empty());
    }
}
