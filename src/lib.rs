//! fahras (فهرس, "index"): Arabic full-text search.
//!
//! Pipeline: a corpus folder is read into articles, articles are split into passages, passages are
//! analysed by the Arabic analyzers in [`analysis`] into a tantivy index, and queries are answered
//! with ranked, highlighted passages.

pub mod analysis;
mod answer;
pub mod cli;
pub mod corpus;
mod date;
pub mod eval;
pub mod index;
pub mod search;
mod serve;
pub mod translit;
