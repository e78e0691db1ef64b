//! `fahras eval` on a copy of the sample corpus with the judged sample topics.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;
use tempfile::TempDir;

use crate::util::{copy_sample_corpus, fahras, repo_root};

const METRICS: [&str; 6] = [
    "nDCG@10",
    "MRR@10",
    "MAP@100",
    "P@5",
    "Recall@10",
    "Recall@100",
];

fn sample_file(name: &str) -> PathBuf {
    repo_root().join("benches/relevance/sample").join(name)
}

/// Runs `fahras eval` on a fresh copy of the sample corpus (index built on first use).
fn eval(dir: &Path, topics: &Path, qrels: &Path, extra: &[&str]) -> Output {
    let corpus = dir.join("corpus");
    if !corpus.exists() {
        copy_sample_corpus(dir);
    }
    fahras()
        .arg("eval")
        .arg("--corpus")
        .arg(&corpus)
        .arg("--index")
        .arg(dir.join("index"))
        .arg("--topics")
        .arg(topics)
        .arg("--qrels")
        .arg(qrels)
        .args(extra)
        .output()
        .expect("runs")
}

/// `fahras eval --format json --per-query --run-out RUN_FILE`.
fn eval_json_with_run(dir: &Path, topics: &Path, qrels: &Path, run_file: &Path) -> Output {
    let run_file = run_file.to_str().expect("UTF-8 path");
    let extra = ["--format", "json", "--per-query", "--run-out", run_file];
    eval(dir, topics, qrels, &extra)
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).expect("UTF-8")
}

#[test]
fn sample_topics_report_every_metric_over_75_queries() {
    let dir = TempDir::new().unwrap();
    let (topics, qrels) = (sample_file("topics.tsv"), sample_file("qrels.txt"));

    let text = stdout(&eval(dir.path(), &topics, &qrels, &[]));
    assert!(text.contains("span qrels"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>() == ["queries", "75"]),
        "{text}"
    );
    for metric in METRICS {
        let line = text
            .lines()
            .find(|l| l.starts_with(&format!("{metric} ")))
            .unwrap_or_else(|| panic!("{metric} missing:\n{text}"));
        let value: f64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
        assert!((0.0..=1.0).contains(&value), "{line}");
    }

    let run_file = dir.path().join("run.txt");
    let json: Value = serde_json::from_str(&stdout(&eval_json_with_run(
        dir.path(),
        &topics,
        &qrels,
        &run_file,
    )))
    .expect("one JSON object");
    assert_eq!(json["query_count"], 75);
    assert_eq!(json["granularity"], "span");
    for field in [
        "ndcg_at_10",
        "mrr_at_10",
        "map_at_100",
        "p_at_5",
        "recall_at_10",
        "recall_at_100",
    ] {
        assert!(json["mean"][field].is_f64(), "{field}: {json}");
    }
    assert_eq!(json["per_query"].as_array().unwrap().len(), 75);

    check_trec_run(&fs::read_to_string(&run_file).unwrap(), true);
}

/// Every line is `qid Q0 docid rank score tag`, ranks 1, 2, … per qid with scores not increasing.
fn check_trec_run(text: &str, spans: bool) {
    let mut last: Option<(String, usize, f64)> = None;
    assert!(!text.is_empty());
    for line in text.lines() {
        let f: Vec<&str> = line.split(' ').collect();
        assert_eq!(f.len(), 6, "{line}");
        assert_eq!((f[1], f[5]), ("Q0", "fahras"), "{line}");
        let rank: usize = f[3].parse().unwrap();
        let score: f64 = f[4].parse().unwrap();
        assert!(score.is_finite());
        if spans {
            let (_, range) = f[2].rsplit_once(':').expect("DOCID:START-END");
            let (s, e) = range.split_once('-').unwrap();
            assert!(s.parse::<usize>().unwrap() < e.parse::<usize>().unwrap());
        }
        match &last {
            Some((qid, prev, prev_score)) if qid == f[0] => {
                assert_eq!(rank, prev + 1, "{line}");
                assert!(score <= *prev_score, "{line}");
            }
            _ => assert_eq!(rank, 1, "{line}"),
        }
        last = Some((f[0].to_string(), rank, score));
    }
}

#[test]
fn document_qrels_give_one_run_line_per_document() {
    let dir = TempDir::new().unwrap();
    let topics = dir.path().join("topics.tsv");
    fs::write(&topics, "a\tعين الأسد\nb\tيونامي\nc\tفي من\n").unwrap();
    let qrels = dir.path().join("qrels.txt");
    // Topic c is only stop words: no hits, so it scores 0; topic z has no relevant document.
    fs::write(
        &qrels,
        "a 0 000_8703aa2f0983bf6f.txt 2\nb 0 no-such-doc.txt 1\nc 0 000_8703aa2f0983bf6f.txt 1\nz 0 x 0\n",
    )
    .unwrap();
    let run_file = dir.path().join("run.txt");
    let output = eval_json_with_run(dir.path(), &topics, &qrels, &run_file);
    let json: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json["granularity"], "document");
    assert_eq!(json["query_count"], 3);
    assert_eq!(json["skipped_topics"], serde_json::json!(["z"]));
    let per_query = json["per_query"].as_array().unwrap();
    assert_eq!(per_query[0]["scores"]["recall_at_100"], 1.0);
    assert_eq!(per_query[1]["scores"]["ndcg_at_10"], 0.0);
    assert_eq!(per_query[2]["in_run"], false);
    // Warnings are summarised, not printed per query.
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("query c"), "{stderr}");

    let run = fs::read_to_string(&run_file).unwrap();
    check_trec_run(&run, false);
    let mut seen = std::collections::HashSet::new();
    for line in run.lines() {
        let f: Vec<&str> = line.split(' ').collect();
        assert!(!f[2].contains(".txt:"), "{line}");
        assert!(seen.insert((f[0], f[2])), "document twice: {line}");
    }
}

#[test]
fn malformed_qrels_line_fails_naming_file_and_line() {
    let dir = TempDir::new().unwrap();
    let qrels = dir.path().join("bad-qrels.txt");
    fs::write(
        &qrels,
        "s01 0 000_8703aa2f0983bf6f.txt:0-257 2\ns01 0 oops\n",
    )
    .unwrap();
    let output = eval(dir.path(), &sample_file("topics.tsv"), &qrels, &[]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("{}:2:", qrels.display())),
        "{stderr}"
    );
}
