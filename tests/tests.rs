//! End-to-end tests of the `fahras` binary and the analyzer golden files, as one test binary.

mod analyze;
mod chrome;
mod count;
mod eval;
mod facets;
mod golden;
mod index;
mod latin;
mod metadata;
mod query;
mod records;
mod regression;
mod safe;
mod search;
mod show;
mod text;
mod util;
