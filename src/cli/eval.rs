//! `fahras eval`: runs a topics file through `fahras search`'s code path and scores the ranking
//! against TREC qrels (document or span) with trec_eval semantics.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};
use serde::Serialize;

use crate::cli::search::{open_engine, open_or_build};
use crate::cli::Outcome;
use crate::eval::{
    detect_granularity, parse_qrels, read_topics, run_topics, write_trec_run, EvalReport,
    Granularity, QueryEval, Scores,
};
use crate::index::verify;

/// Output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A table of the mean figures, for people.
    Text,
    /// One JSON object.
    Json,
}

/// Granularity of the qrels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GranularityArg {
    /// Span qrels when every line's DOCID is `DOCID:START-END`, document qrels otherwise.
    Auto,
    /// `qid 0 DOCID grade`: the run has one line per document (its best passage).
    Doc,
    /// `qid 0 DOCID:START-END grade`: the run has one line per passage, with its byte range.
    Span,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// The corpus folder, to build the index when there is none yet [default: corpus].
    #[arg(long)]
    pub corpus: Option<PathBuf>,
    /// Where the index lives.
    #[arg(long, default_value = "index")]
    pub index: PathBuf,
    /// Topics file, `qid<TAB>query` per line.
    #[arg(long)]
    pub topics: PathBuf,
    /// TREC qrels, `qid 0 DOCID grade` or `qid 0 DOCID:START-END grade`.
    #[arg(long)]
    pub qrels: PathBuf,
    /// Qrels granularity.
    #[arg(long, value_enum, default_value_t = GranularityArg::Auto)]
    pub granularity: GranularityArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Also write the run as a TREC run file (`qid Q0 docid rank score fahras`) for trec_eval.
    #[arg(long)]
    pub run_out: Option<PathBuf>,
    /// Also show the figures of every topic.
    #[arg(long)]
    pub per_query: bool,
}

/// The measures in report order: display name and value.
pub fn measures(s: &Scores) -> [(&'static str, f64); 6] {
    [
        ("nDCG@10", s.ndcg_at_10),
        ("MRR@10", s.mrr_at_10),
        ("MAP@100", s.map_at_100),
        ("P@5", s.p_at_5),
        ("Recall@10", s.recall_at_10),
        ("Recall@100", s.recall_at_100),
    ]
}

/// `--format json`: the report, with per-topic figures only when asked for.
#[derive(Serialize)]
struct JsonReport<'a> {
    granularity: Granularity,
    query_count: usize,
    mean: Scores,
    skipped_topics: &'a [String],
    unjudged_run_topics: &'a [String],
    queries_with_warnings: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    per_query: Option<&'a [QueryEval]>,
}

pub fn run(args: EvalArgs) -> anyhow::Result<Outcome> {
    let qrels_text = std::fs::read_to_string(&args.qrels)
        .with_context(|| format!("cannot read qrels file {}", args.qrels.display()))?;
    let granularity = match args.granularity {
        GranularityArg::Auto => detect_granularity(&qrels_text),
        GranularityArg::Doc => Granularity::Document,
        GranularityArg::Span => Granularity::Span,
    };
    let qrels = parse_qrels(&qrels_text, &args.qrels.display().to_string(), granularity)?;
    let topics = read_topics(&args.topics)?;
    let opened = open_or_build(args.corpus.as_deref(), &args.index)?;
    let made = verify::guard(&args.index, || {
        let engine = open_engine(opened, &args.index)?;
        Ok(run_topics(&engine, &topics, granularity)?)
    })?;
    if let Some(path) = &args.run_out {
        let file =
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
        let mut out = BufWriter::new(file);
        let unwritable = write_trec_run(&mut out, &made.run)
            .and_then(|warnings| out.flush().map(|()| warnings))
            .with_context(|| format!("cannot write {}", path.display()))?;
        for warning in unwritable {
            eprintln!("fahras: {}: {warning}", path.display());
        }
    }
    // Per-query warnings (stop words, `؟`) would drown the report: count them instead.
    let mut warned: Vec<&str> = made.warnings.iter().map(|(q, _)| q.as_str()).collect();
    warned.dedup();
    if !warned.is_empty() {
        eprintln!(
            "fahras: {} of {} queries had words ignored (stop words, punctuation); `fahras search --topics` shows which",
            warned.len(),
            topics.len()
        );
    }
    let report = crate::eval::evaluate(&qrels, &made.run);
    let mut out = io::stdout().lock();
    match args.format {
        Format::Json => {
            let json = JsonReport {
                granularity: report.granularity,
                query_count: report.query_count,
                mean: report.mean,
                skipped_topics: &report.skipped_topics,
                unjudged_run_topics: &report.unjudged_run_topics,
                queries_with_warnings: warned.len(),
                per_query: args.per_query.then_some(report.per_query.as_slice()),
            };
            serde_json::to_writer(&mut out, &json)?;
            writeln!(out)?;
        }
        Format::Text => write_text(&mut out, &report, args.per_query)?,
    }
    out.flush()?;
    Ok(Outcome::Success)
}

fn write_text(out: &mut impl Write, report: &EvalReport, per_query: bool) -> io::Result<()> {
    let unit = match report.granularity {
        Granularity::Document => "document qrels (one run line per document)",
        Granularity::Span => "span qrels (one run line per passage)",
    };
    writeln!(out, "{:<12}{unit}", "granularity")?;
    writeln!(out, "{:<12}{}", "queries", report.query_count)?;
    for (name, value) in measures(&report.mean) {
        writeln!(out, "{name:<12}{value:.4}")?;
    }
    if !report.skipped_topics.is_empty() {
        writeln!(
            out,
            "skipped {} topics without a relevant judgment: {}",
            report.skipped_topics.len(),
            report.skipped_topics.join(" ")
        )?;
    }
    if !report.unjudged_run_topics.is_empty() {
        writeln!(
            out,
            "ignored {} topics absent from the qrels",
            report.unjudged_run_topics.len()
        )?;
    }
    if per_query {
        writeln!(out)?;
        write!(out, "{:<16}{:>6}{:>6}", "qid", "rel", "ret")?;
        for (name, _) in measures(&report.mean) {
            write!(out, "{name:>11}")?;
        }
        writeln!(out)?;
        for q in &report.per_query {
            write!(
                out,
                "{:<16}{:>6}{:>6}",
                q.qid, q.num_relevant, q.num_retrieved
            )?;
            for (_, value) in measures(&q.scores) {
                write!(out, "{value:>11.4}")?;
            }
            writeln!(out)?;
        }
    }
    Ok(())
}
