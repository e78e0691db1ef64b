//! Producing a run from fahras itself: every topic goes through [`Engine::search`], the code path
//! of `fahras search`, and its hits become [`RetrievedItem`]s of the qrels' granularity.
//!
//! * **document** qrels: one item per document, documents ranked on their whole text
//!   ([`crate::search::document`]);
//! * **span** qrels: one item per passage with its byte range (`start`, `end`), several passages
//!   of a document allowed.
//!
//! Near-duplicate collapsing is off in both cases: it would hide documents that republish a
//! statement, which the qrels may judge relevant. [`RUN_DEPTH`] items are retrieved per topic.

use std::io::{self, Write};

use super::qrels::{split_span_id, Granularity};
use super::run::{rank_items, RetrievedItem, Run};
use super::topics::Topic;
use crate::search::output::RUN_TAG;
use crate::search::{Engine, Hit, SearchError, SearchOptions};

/// Items retrieved per topic: the deepest cutoff of the reported measures (MAP@100, R@100).
pub const RUN_DEPTH: usize = 100;

/// Search options that make a run of `granularity` (see the module doc).
pub fn run_options(granularity: Granularity) -> SearchOptions {
    SearchOptions {
        limit: RUN_DEPTH,
        per_doc: match granularity {
            Granularity::Document => 1,
            Granularity::Span => 0,
        },
        collapse: false,
        explain: false,
        // Document runs need ids and scores only; span runs need each passage's offsets.
        passages: matches!(granularity, Granularity::Span),
        documents: matches!(granularity, Granularity::Document),
        order: crate::search::Order::Score,
    }
}

/// Guesses the granularity of a qrels file: span when every judgment line's third field is
/// `DOCID:START-END`, document otherwise (and for a file without judgments). Malformed lines are
/// left to the parser, which reports them with their line number.
pub fn detect_granularity(qrels_text: &str) -> Granularity {
    let mut any = false;
    for line in qrels_text.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.len() != 4 {
            continue;
        }
        any = true;
        if split_span_id(fields[2]).is_none() {
            return Granularity::Document;
        }
    }
    if any {
        Granularity::Span
    } else {
        Granularity::Document
    }
}

/// The hits of one query as run items of `granularity`.
pub fn hits_to_items(hits: &[Hit], granularity: Granularity) -> Vec<RetrievedItem> {
    hits.iter()
        .map(|hit| RetrievedItem {
            doc: hit.doc.clone(),
            score: f64::from(hit.score),
            span: match granularity {
                Granularity::Document => None,
                Granularity::Span => Some((hit.start as usize, hit.end as usize)),
            },
        })
        .collect()
}

/// A run made by fahras, with what its queries ignored.
#[derive(Debug, Default)]
pub struct EngineRun {
    /// The retrieved items; a topic without hits is absent (and scores 0 if judged).
    pub run: Run,
    /// `(qid, warning)` for every part of a query that was ignored (stop words, punctuation).
    pub warnings: Vec<(String, String)>,
}

/// Answers every topic with `engine`, [`RUN_DEPTH`] items of `granularity` each.
pub fn run_topics(
    engine: &Engine,
    topics: &[Topic],
    granularity: Granularity,
) -> Result<EngineRun, SearchError> {
    let options = run_options(granularity);
    let mut result = EngineRun::default();
    for topic in topics {
        let answer = engine.search(&topic.query, &options)?;
        result
            .warnings
            .extend(answer.warnings.into_iter().map(|w| (topic.qid.clone(), w)));
        for item in hits_to_items(&answer.hits, granularity) {
            result.run.push(topic.qid.clone(), item);
        }
    }
    Ok(result)
}

/// Writes `run` as TREC run lines `qid Q0 docid rank score fahras`, topics in query-id order and
/// items in trec_eval order with ranks from 1, so the file evaluates exactly like the run in
/// memory. Passage items are written `DOCID:START-END`. Scores are written in full (shortest
/// round-trip form), so no ties appear that the run itself did not have.
/// Returns, once per id, a line for each document id that could not be written as it is
/// ([`crate::search::output::trec_doc`]), for the command to report.
pub fn write_trec_run(out: &mut impl Write, run: &Run) -> io::Result<Vec<String>> {
    let mut warnings = std::collections::BTreeSet::new();
    for (qid, items) in run.topics() {
        for (i, item) in rank_items(items).into_iter().enumerate() {
            let (doc, warning) = crate::search::output::trec_doc(&item.doc);
            warnings.extend(warning);
            let target = match item.span {
                Some((start, end)) => format!("{doc}:{start}-{end}"),
                None => doc.into_owned(),
            };
            writeln!(out, "{qid} Q0 {target} {} {} {RUN_TAG}", i + 1, item.score)?;
        }
    }
    Ok(warnings.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::run::parse_run_as;

    #[test]
    fn detects_span_qrels_only_when_every_line_is_a_span() {
        assert_eq!(
            detect_granularity("1 0 a.txt:0-5 1\n\n1 0 b:1-2 0\n"),
            Granularity::Span
        );
        assert_eq!(
            detect_granularity("1 0 a.txt:0-5 1\n1 0 b 0\n"),
            Granularity::Document
        );
        assert_eq!(detect_granularity(""), Granularity::Document);
        // A malformed line does not decide; the parser reports it.
        assert_eq!(
            detect_granularity("1 0 a:0-5 1\nbroken\n"),
            Granularity::Span
        );
    }

    #[test]
    fn written_runs_parse_back_to_the_same_ranking() {
        let mut run = Run::new();
        for (doc, score, span) in [
            ("a", 1.5, Some((0, 10))),
            ("b", 2.25, Some((5, 9))),
            ("a", 0.123_456_789, Some((10, 20))),
        ] {
            run.push(
                "q1",
                RetrievedItem {
                    doc: doc.into(),
                    score,
                    span,
                },
            );
        }
        let mut out = Vec::new();
        assert!(write_trec_run(&mut out, &run).unwrap().is_empty());
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text.lines().next().unwrap(),
            "q1 Q0 b:5-9 1 2.25 fahras",
            "{text}"
        );
        let back = parse_run_as(&text, "r", Granularity::Span).unwrap();
        assert_eq!(back.ranked("q1"), run.ranked("q1"));
    }

    #[test]
    fn run_options_follow_the_granularity() {
        assert_eq!(run_options(Granularity::Document).per_doc, 1);
        assert_eq!(run_options(Granularity::Span).per_doc, 0);
        assert!(!run_options(Granularity::Span).collapse);
        assert_eq!(run_options(Granularity::Span).limit, RUN_DEPTH);
        assert!(run_options(Granularity::Document).documents);
        assert!(!run_options(Granularity::Span).documents);
    }
}
