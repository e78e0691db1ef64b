//! Relevance evaluation with trec_eval semantics: how good are fahras's rankings?
//!
//! Inputs are TREC-format files — qrels ([`qrels`]), topics ([`topics`]) and runs ([`run`]) — so
//! that figures can be cross-checked with trec_eval itself. Retrieved items are ranked exactly as
//! trec_eval ranks them ([`run::trec_order`]), judged against document or span qrels
//! ([`spans`]), and scored by pure measure functions ([`metrics`]); [`evaluate`] ties these
//! together into an [`EvalReport`] with per-topic figures and means ([`report`]).
//!
//! Everything here is pure (apart from the small `read_*` helpers) so it can be tested without an
//! index; the parity test in `report.rs` pins the figures to pytrec_eval's on a fixture.

pub mod error;
pub mod metrics;
pub mod qrels;
pub mod report;
pub mod retrieve;
pub mod run;
pub mod spans;
pub mod topics;

pub use error::{EvalError, ParseReason};
pub use qrels::{
    parse_document_qrels, parse_qrels, parse_span_qrels, read_qrels, Granularity, Judgment, Qrels,
};
pub use report::{evaluate, evaluate_topic, EvalReport, QueryEval, Scores};
pub use retrieve::{detect_granularity, run_topics, write_trec_run, EngineRun, RUN_DEPTH};
pub use run::{parse_passage_run, parse_run, parse_run_as, read_run, RetrievedItem, Run};
pub use topics::{parse_topics, read_topics, Topic};
