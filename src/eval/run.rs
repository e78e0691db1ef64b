//! Runs: what a system retrieved for each topic, and the order trec_eval ranks it in.
//!
//! A run file line is trec_eval's `QID Q0 DOCID RANK SCORE TAG`. Like trec_eval we validate but
//! **ignore** the `RANK` column: the ranking is recomputed from the scores, so that a run and its
//! evaluation can never disagree about order.
//!
//! # Ordering (trec_eval's `comp_sim_docno`, `form_res_rels.c`)
//! 1. score descending;
//! 2. ties broken by document id **descending**, byte-wise (`strcmp(b, a)` — the reversed argument
//!    order is trec_eval's, not a typo).
//!
//! trec_eval keeps the score in a C `float`, so two scores that differ only beyond single
//! precision tie there; we compare `score as f32` to rank exactly as it does (checked against
//! pytrec_eval: `1.0` and `1.0 + 1e-9` tie, `1.0` and `1.0 + 1e-7` do not). `-0.0` equals `0.0`
//! and NaN (only possible in a run built in code; the parser rejects it) ranks last.
//!
//! Passages of the same document with the same score have no trec_eval counterpart; they are
//! ordered by span descending so the order is still total and deterministic.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use serde::Serialize;

use super::error::{read_to_string, EvalError, ParseReason};
use super::qrels::{parse_span_field, Granularity};

/// One retrieved document or passage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RetrievedItem {
    /// The document id (without any span suffix).
    pub doc: String,
    /// The retrieval score; higher is better.
    pub score: f64,
    /// `Some((start, end))` for a passage `[start, end)` of `doc`, `None` for the whole document.
    pub span: Option<(usize, usize)>,
}

/// Retrieved items per query id. Items are kept in insertion order; use [`Run::ranked`] for the
/// evaluation order.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Run {
    topics: BTreeMap<String, Vec<RetrievedItem>>,
}

impl Run {
    /// An empty run.
    pub fn new() -> Self {
        Run::default()
    }

    /// Appends a retrieved item to `qid`'s list.
    pub fn push(&mut self, qid: impl Into<String>, item: RetrievedItem) {
        self.topics.entry(qid.into()).or_default().push(item);
    }

    /// The items of one topic in insertion order, if the run has the topic.
    pub fn topic(&self, qid: &str) -> Option<&[RetrievedItem]> {
        self.topics.get(qid).map(Vec::as_slice)
    }

    /// All topics of the run in query-id order.
    pub fn topics(&self) -> impl Iterator<Item = (&str, &[RetrievedItem])> {
        self.topics.iter().map(|(q, i)| (q.as_str(), i.as_slice()))
    }

    /// The items of `qid` in trec_eval order (empty if the topic is absent).
    pub fn ranked(&self, qid: &str) -> Vec<&RetrievedItem> {
        rank_items(self.topic(qid).unwrap_or(&[]))
    }
}

/// The score as trec_eval sees it: single precision, `-0.0` folded into `0.0`, NaN lowest.
fn sim_key(score: f64) -> f32 {
    let sim = score as f32;
    if sim.is_nan() {
        f32::NEG_INFINITY
    } else if sim == 0.0 {
        0.0
    } else {
        sim
    }
}

/// trec_eval's ranking comparator: `Less` means `a` ranks before `b`. See the module doc.
pub fn trec_order(a: &RetrievedItem, b: &RetrievedItem) -> Ordering {
    sim_key(b.score)
        .total_cmp(&sim_key(a.score))
        .then_with(|| b.doc.as_bytes().cmp(a.doc.as_bytes()))
        .then_with(|| b.span.cmp(&a.span))
}

/// The items sorted into trec_eval rank order (rank 1 first).
pub fn rank_items(items: &[RetrievedItem]) -> Vec<&RetrievedItem> {
    let mut ranked: Vec<&RetrievedItem> = items.iter().collect();
    ranked.sort_by(|a, b| trec_order(a, b));
    ranked
}

/// Parses a document-level run (`DOCID` verbatim); `file` is used only in error messages.
pub fn parse_run(text: &str, file: &str) -> Result<Run, EvalError> {
    parse_run_as(text, file, Granularity::Document)
}

/// Parses a passage-level run whose `DOCID` column is `DOCID:START-END`.
pub fn parse_passage_run(text: &str, file: &str) -> Result<Run, EvalError> {
    parse_run_as(text, file, Granularity::Span)
}

/// Reads and parses a run file of the given granularity.
pub fn read_run(path: &Path, granularity: Granularity) -> Result<Run, EvalError> {
    let text = read_to_string(path)?;
    parse_run_as(&text, &path.display().to_string(), granularity)
}

/// Parses a run of either granularity. Blank lines are skipped; a document (or passage)
/// retrieved twice for one topic is an error, as in trec_eval.
pub fn parse_run_as(text: &str, file: &str, granularity: Granularity) -> Result<Run, EvalError> {
    let mut run = Run::new();
    let mut seen: HashSet<(String, String)> = HashSet::new();
    for (index, line) in text.lines().enumerate() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.is_empty() {
            continue;
        }
        let err = |reason| EvalError::parse(file, index, reason);
        if fields.len() != 6 {
            return Err(err(ParseReason::FieldCount {
                expected: 6,
                found: fields.len(),
            }));
        }
        let (qid, target, rank, score) = (fields[0], fields[2], fields[3], fields[4]);
        rank.parse::<u64>()
            .map_err(|_| err(ParseReason::BadRank(rank.to_string())))?;
        let score_value: f64 = score
            .parse()
            .ok()
            .filter(|s: &f64| s.is_finite())
            .ok_or_else(|| err(ParseReason::BadScore(score.to_string())))?;
        let (doc, span) = match granularity {
            Granularity::Document => (target, None),
            Granularity::Span => {
                let (doc, span) = parse_span_field(target).map_err(err)?;
                (doc, Some(span))
            }
        };
        if !seen.insert((qid.to_string(), target.to_string())) {
            return Err(err(ParseReason::DuplicateRetrieved {
                qid: qid.to_string(),
                target: target.to_string(),
            }));
        }
        run.push(
            qid,
            RetrievedItem {
                doc: doc.to_string(),
                score: score_value,
                span,
            },
        );
    }
    Ok(run)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(doc: &str, score: f64) -> RetrievedItem {
        RetrievedItem {
            doc: doc.into(),
            score,
            span: None,
        }
    }

    fn order(items: &[RetrievedItem]) -> Vec<&str> {
        rank_items(items).iter().map(|i| i.doc.as_str()).collect()
    }

    #[test]
    fn sorts_by_score_then_docid_descending_bytewise() {
        let items = [
            item("doc10", 1.0),
            item("doc9", 1.0),
            item("Doc9", 1.0),
            item("a", 2.0),
            item("z", 0.5),
        ];
        // "doc9" > "doc10" > "Doc9" byte-wise ('9' > '1', 'd' > 'D').
        assert_eq!(order(&items), ["a", "doc9", "doc10", "Doc9", "z"]);
    }

    #[test]
    fn scores_are_compared_in_single_precision_like_trec_eval() {
        // 1.0 + 1e-9 == 1.0 as f32: a tie, so docid descending decides ("b" before "a").
        assert_eq!(order(&[item("a", 1.0 + 1e-9), item("b", 1.0)]), ["b", "a"]);
        // 1.0 + 1e-6 is distinguishable in f32.
        assert_eq!(order(&[item("a", 1.0 + 1e-6), item("b", 1.0)]), ["a", "b"]);
        // -0.0 ties with 0.0; NaN ranks last.
        assert_eq!(
            order(&[item("n", f64::NAN), item("a", -0.0), item("b", 0.0)]),
            ["b", "a", "n"]
        );
    }

    #[test]
    fn passages_of_one_doc_with_equal_scores_have_a_total_order() {
        let mut a = item("d", 1.0);
        a.span = Some((0, 5));
        let mut b = item("d", 1.0);
        b.span = Some((5, 9));
        let items = [a.clone(), b.clone()];
        let ranked = rank_items(&items);
        assert_eq!(ranked, [&b, &a]);
    }

    #[test]
    fn parses_run_files_and_ignores_the_rank_column() {
        let text = "1 Q0 a 1 0.5 t\n1 Q0 b 2 0.9 t\n\n2 Q0 c 1 3 t\n";
        let run = parse_run(text, "r").unwrap();
        let ranked: Vec<&str> = run.ranked("1").iter().map(|i| i.doc.as_str()).collect();
        assert_eq!(ranked, ["b", "a"]);
        assert_eq!(run.topic("2").unwrap()[0].score, 3.0);
        assert!(run.ranked("missing").is_empty());
    }

    #[test]
    fn parses_passage_runs() {
        let run = parse_passage_run("1 Q0 dir/a:b.txt:10-20 1 1.5 t\n", "r").unwrap();
        let got = &run.topic("1").unwrap()[0];
        assert_eq!(
            (got.doc.as_str(), got.span),
            ("dir/a:b.txt", Some((10, 20)))
        );
    }

    #[test]
    fn run_errors_carry_file_and_line() {
        let cases = [
            (
                "1 Q0 a 1 0.5\n",
                "r:1: expected 6 whitespace-separated fields, found 5",
            ),
            (
                "\n1 Q0 a x 0.5 t\n",
                "r:2: rank \"x\" is not a non-negative integer",
            ),
            (
                "1 Q0 a 1 nan t\n",
                "r:1: score \"nan\" is not a finite number",
            ),
            (
                "1 Q0 a 1 1 t\n1 Q0 a 2 0 t\n",
                "r:2: topic 1: a is retrieved more than once",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(parse_run(text, "r").unwrap_err().to_string(), want);
        }
        let err = parse_passage_run("1 Q0 a 1 1 t\n", "p").unwrap_err();
        assert_eq!(
            err.to_string(),
            "p:1: \"a\" is not of the form DOCID:START-END"
        );
    }
}
