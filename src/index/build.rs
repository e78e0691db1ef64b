//! Building the index from a corpus.
