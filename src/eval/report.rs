//! Evaluating a whole run: per-topic figures for the measures fahras reports, and their means.
//!
//! Aggregation rules (deliberately not pytrec_eval's, which silently drops topics):
//! * the topic set is the **qrels'** topics — a run cannot choose what it is measured on;
//! * a topic whose qrels have no relevant unit (grade > 0) cannot be scored by any of these
//!   measures; it is skipped and listed in [`EvalReport::skipped_topics`];
//! * a judged topic that the run does not answer scores 0 on every measure and counts in the mean;
//! * run topics absent from the qrels are ignored and listed in
//!   [`EvalReport::unjudged_run_topics`];
//! * the mean is the arithmetic mean over the scored topics; with none, every mean is 0.

use serde::Serialize;

use super::metrics::{average_precision_at, ndcg_at, precision_at, recall_at, reciprocal_rank_at};
use super::qrels::{Granularity, Judgment, Qrels};
use super::run::{rank_items, RetrievedItem, Run};
use super::spans::{judge_ranked, judged_grades};

/// Cutoff of nDCG.
pub const NDCG_CUTOFF: usize = 10;
/// Cutoff of MRR.
pub const MRR_CUTOFF: usize = 10;
/// Cutoff of MAP.
pub const MAP_CUTOFF: usize = 100;
/// Cutoff of precision.
pub const PRECISION_CUTOFF: usize = 5;
/// The two recall cutoffs.
pub const RECALL_CUTOFFS: [usize; 2] = [10, 100];

/// The figures of one topic, or their means over topics.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Scores {
    /// nDCG@10 (trec_eval `ndcg_cut_10`).
    pub ndcg_at_10: f64,
    /// MRR@10 (trec_eval `recip_rank` on the top 10).
    pub mrr_at_10: f64,
    /// MAP@100 (trec_eval `map_cut_100`).
    pub map_at_100: f64,
    /// P@5 (trec_eval `P_5`).
    pub p_at_5: f64,
    /// Recall@10 (trec_eval `recall_10`).
    pub recall_at_10: f64,
    /// Recall@100 (trec_eval `recall_100`).
    pub recall_at_100: f64,
}

impl Scores {
    /// The figures of one ranked, judged list. `judged` holds the grades of every judged unit of
    /// the topic (see [`judged_grades`]).
    pub fn from_grades(ranked: &[i32], judged: &[i32]) -> Self {
        let num_relevant = judged.iter().filter(|&&g| g > 0).count();
        Scores {
            ndcg_at_10: ndcg_at(ranked, judged, NDCG_CUTOFF),
            mrr_at_10: reciprocal_rank_at(ranked, MRR_CUTOFF),
            map_at_100: average_precision_at(ranked, num_relevant, MAP_CUTOFF),
            p_at_5: precision_at(ranked, PRECISION_CUTOFF),
            recall_at_10: recall_at(ranked, num_relevant, RECALL_CUTOFFS[0]),
            recall_at_100: recall_at(ranked, num_relevant, RECALL_CUTOFFS[1]),
        }
    }

    fn as_array(&self) -> [f64; 6] {
        [
            self.ndcg_at_10,
            self.mrr_at_10,
            self.map_at_100,
            self.p_at_5,
            self.recall_at_10,
            self.recall_at_100,
        ]
    }

    fn from_array(a: [f64; 6]) -> Self {
        Scores {
            ndcg_at_10: a[0],
            mrr_at_10: a[1],
            map_at_100: a[2],
            p_at_5: a[3],
            recall_at_10: a[4],
            recall_at_100: a[5],
        }
    }

    /// The arithmetic mean of `scores`, all zero for an empty slice.
    pub fn mean(scores: &[Scores]) -> Self {
        if scores.is_empty() {
            return Scores::default();
        }
        let mut sum = [0.0; 6];
        for s in scores {
            for (total, value) in sum.iter_mut().zip(s.as_array()) {
                *total += value;
            }
        }
        Scores::from_array(sum.map(|total| total / scores.len() as f64))
    }
}

/// The evaluation of one scored topic.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueryEval {
    /// The query id.
    pub qid: String,
    /// Relevant judged units (documents or spans with grade > 0).
    pub num_relevant: usize,
    /// Items the run retrieved for the topic (0 if the run lacks the topic).
    pub num_retrieved: usize,
    /// Relevant units credited anywhere in the ranked list.
    pub num_relevant_retrieved: usize,
    /// Whether the run has the topic at all.
    pub in_run: bool,
    /// The figures.
    pub scores: Scores,
}

/// Per-topic and mean figures of a run against qrels.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvalReport {
    /// Granularity of the qrels used.
    pub granularity: Granularity,
    /// Number of topics in the mean (judged topics with at least one relevant unit).
    pub query_count: usize,
    /// Means over the scored topics.
    pub mean: Scores,
    /// One entry per scored topic, in query-id order.
    pub per_query: Vec<QueryEval>,
    /// Judged topics without any relevant unit: not scored, not in the mean.
    pub skipped_topics: Vec<String>,
    /// Run topics with no qrels at all: ignored.
    pub unjudged_run_topics: Vec<String>,
}

/// Evaluates one topic: judges the items in trec_eval rank order and computes the figures.
pub fn evaluate_topic(
    qid: &str,
    judgments: &[Judgment],
    items: Option<&[RetrievedItem]>,
) -> QueryEval {
    let ranked = rank_items(items.unwrap_or(&[]));
    let grades = judge_ranked(judgments, ranked.iter().copied());
    let judged = judged_grades(judgments);
    QueryEval {
        qid: qid.to_string(),
        num_relevant: judged.iter().filter(|&&g| g > 0).count(),
        num_retrieved: grades.len(),
        num_relevant_retrieved: grades.iter().filter(|&&g| g > 0).count(),
        in_run: items.is_some(),
        scores: Scores::from_grades(&grades, &judged),
    }
}

/// Evaluates `run` against `qrels` under the aggregation rules of the module doc.
pub fn evaluate(qrels: &Qrels, run: &Run) -> EvalReport {
    let mut per_query = Vec::new();
    let mut skipped_topics = Vec::new();
    for (qid, judgments) in qrels.topics() {
        if judgments.iter().any(Judgment::is_relevant) {
            per_query.push(evaluate_topic(qid, judgments, run.topic(qid)));
        } else {
            skipped_topics.push(qid.to_string());
        }
    }
    let unjudged_run_topics = run
        .topics()
        .filter(|(qid, _)| qrels.topic(qid).is_none())
        .map(|(qid, _)| qid.to_string())
        .collect();
    let all: Vec<Scores> = per_query.iter().map(|q| q.scores).collect();
    EvalReport {
        granularity: qrels.granularity(),
        query_count: per_query.len(),
        mean: Scores::mean(&all),
        per_query,
        skipped_topics,
        unjudged_run_topics,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::qrels::{parse_document_qrels, parse_span_qrels};
    use crate::eval::run::{parse_passage_run, parse_run};

    #[test]
    fn aggregation_skips_unjudgeable_topics_and_zeroes_missing_ones() {
        let qrels = parse_document_qrels(
            "1 0 a 1\n2 0 b 0\n3 0 c 2\n", // 2 has no relevant doc
            "q",
        )
        .unwrap();
        let run = parse_run("1 Q0 a 1 1 t\n2 Q0 b 1 1 t\n9 Q0 z 1 1 t\n", "r").unwrap();
        let report = evaluate(&qrels, &run);
        assert_eq!(report.query_count, 2);
        assert_eq!(report.skipped_topics, ["2"]);
        assert_eq!(report.unjudged_run_topics, ["9"]);
        let missing = &report.per_query[1];
        assert_eq!((missing.qid.as_str(), missing.in_run), ("3", false));
        assert_eq!(missing.scores, Scores::default());
        assert_eq!(report.mean.ndcg_at_10, 0.5);
        assert_eq!(report.mean.p_at_5, 0.1);
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["granularity"], "document");
        assert_eq!(json["per_query"][0]["scores"]["mrr_at_10"], 1.0);
    }

    #[test]
    fn empty_inputs_give_zero_means_not_nan() {
        let report = evaluate(&Qrels::new(Granularity::Document), &Run::new());
        assert_eq!(report.query_count, 0);
        assert_eq!(report.mean, Scores::default());
    }

    #[test]
    fn span_run_is_ranked_then_credited() {
        let qrels = parse_span_qrels("1 0 a.txt:0-100 2\n1 0 a.txt:100-200 1\n", "q").unwrap();
        // The lower-scored passage is judged second, so it loses the shared span.
        let run =
            parse_passage_run("1 Q0 a.txt:50-150 2 1.0 t\n1 Q0 a.txt:0-60 1 0.5 t\n", "r").unwrap();
        let q = &evaluate(&qrels, &run).per_query[0];
        assert_eq!(q.num_relevant, 2);
        assert_eq!(q.num_relevant_retrieved, 1);
        assert_eq!(q.scores.mrr_at_10, 1.0);
        assert_eq!(q.scores.recall_at_10, 0.5);
    }

    /// Parity with trec_eval: the fixture's expected figures were computed once by
    /// `tests/fixtures/eval/make_expected.py` with pytrec_eval (see that script for why MRR@10 is
    /// recip_rank on a truncated run and how its means follow our aggregation rules).
    #[test]
    fn figures_match_trec_eval_on_the_fixture() {
        let qrels = parse_document_qrels(
            include_str!("../../tests/fixtures/eval/qrels.txt"),
            "qrels.txt",
        )
        .unwrap();
        let run = parse_run(include_str!("../../tests/fixtures/eval/run.txt"), "run.txt").unwrap();
        let expected: serde_json::Value =
            serde_json::from_str(include_str!("../../tests/fixtures/eval/expected.json")).unwrap();
        let report = evaluate(&qrels, &run);

        let got = serde_json::to_value(&report).unwrap();
        assert_eq!(got["query_count"], expected["query_count"]);
        assert_eq!(got["skipped_topics"], expected["skipped_topics"]);
        assert_eq!(got["unjudged_run_topics"], expected["unjudged_run_topics"]);
        let want_per_query = expected["per_query"].as_object().unwrap();
        assert_eq!(report.per_query.len(), want_per_query.len());
        let check = |what: &str, got: &serde_json::Value, want: &serde_json::Value| {
            for (key, want) in want.as_object().unwrap() {
                let (g, w) = (got[key].as_f64().unwrap(), want.as_f64().unwrap());
                assert!((g - w).abs() < 1e-4, "{what} {key}: got {g}, trec_eval {w}");
            }
        };
        for q in &got["per_query"].as_array().unwrap()[..] {
            let qid = q["qid"].as_str().unwrap();
            check(qid, &q["scores"], &want_per_query[qid]);
        }
        check("mean", &got["mean"], &expected["mean"]);
    }
}

#[cfg(test)]
mod prop_tests {
    use super::*;
    use crate::eval::metrics::{
        average_precision_at, ndcg_at, precision_at, recall_at, reciprocal_rank_at,
    };
    use proptest::prelude::*;

    const DOCS: [&str; 4] = ["a", "b", "c", "d"];

    fn span() -> impl Strategy<Value = Option<(usize, usize)>> {
        prop::option::weighted(0.7, (0usize..60, 1usize..30).prop_map(|(s, l)| (s, s + l)))
    }

    fn judgments() -> impl Strategy<Value = Vec<Judgment>> {
        prop::collection::vec((0..DOCS.len(), span(), -2i32..4), 0..12).prop_map(|v| {
            v.into_iter()
                .map(|(d, span, grade)| Judgment {
                    doc: DOCS[d].to_string(),
                    span,
                    grade,
                })
                .collect()
        })
    }

    fn items() -> impl Strategy<Value = Vec<RetrievedItem>> {
        // Few distinct scores, so ties are common.
        prop::collection::vec((0..DOCS.len(), 0u8..4, span()), 0..25).prop_map(|v| {
            v.into_iter()
                .map(|(d, score, span)| RetrievedItem {
                    doc: DOCS[d].to_string(),
                    score: f64::from(score),
                    span,
                })
                .collect()
        })
    }

    fn in_unit(x: f64) -> bool {
        (0.0..=1.0 + 1e-12).contains(&x)
    }

    proptest! {
        #[test]
        fn all_measures_stay_in_unit_interval(
            judged in judgments(),
            run in items(),
            k in 0usize..30,
        ) {
            let q = evaluate_topic("q", &judged, Some(&run));
            let s = q.scores;
            for x in [s.ndcg_at_10, s.mrr_at_10, s.map_at_100, s.p_at_5, s.recall_at_10, s.recall_at_100] {
                prop_assert!(in_unit(x), "{s:?}");
            }
            prop_assert!(q.num_relevant_retrieved <= q.num_relevant);

            let grades = judge_ranked(&judged, rank_items(&run));
            let all = judged_grades(&judged);
            let n = q.num_relevant;
            for x in [
                ndcg_at(&grades, &all, k),
                reciprocal_rank_at(&grades, k),
                average_precision_at(&grades, n, k),
                precision_at(&grades, k),
                recall_at(&grades, n, k),
            ] {
                prop_assert!(in_unit(x), "k={k} {x}");
            }
        }
    }
}
