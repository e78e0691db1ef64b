//! Answers as values: what `fahras search` (one query) and `fahras show` compute, as serde
//! structs that the command line prints and `fahras serve` returns over HTTP, so both give the
//! same answer from the same code.

pub(crate) mod search;
pub(crate) mod show;
