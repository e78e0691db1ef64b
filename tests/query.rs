//! The query never fails (issue 14, item 8): `-word` unquoted, empty filters, topics files.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use tempfile::TempDir;

use crate::util::{copy_sample_corpus, fahras, index_quietly};

/// A copy of the sample corpus with its index built.
fn sample() -> TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = copy_sample_corpus(dir.path());
    let built = index_quietly(&corpus, &dir.path().join("index"))
        .output()
        .expect("runs");
    assert_eq!(built.status.code(), Some(0));
    dir
}

fn run(dir: &Path, command: &str, args: &[&str]) -> Output {
    fahras()
        .arg(command)
        .arg("--index")
        .arg(dir.join("index"))
        .args(args)
        .output()
        .expect("runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The documents of JSON hits, in order.
fn docs(output: &Output) -> Vec<String> {
    stdout(output)
        .lines()
        .map(|l| {
            let hit: serde_json::Value = serde_json::from_str(l).expect("JSON line");
            hit["doc"].as_str().expect("doc").to_string()
        })
        .collect()
}

#[test]
fn a_word_starting_with_a_hyphen_excludes_it_unquoted() {
    let dir = sample();
    let wide = ["--format", "json", "--per-doc", "0", "--limit", "100"];
    let all = run(
        dir.path(),
        "search",
        &[&wide[..], &["عين", "الأسد"]].concat(),
    );
    let without = run(
        dir.path(),
        "search",
        &[&wide[..], &["عين", "الأسد", "-طهران"]].concat(),
    );
    assert_eq!(without.status.code(), Some(0), "{}", stderr(&without));
    assert!(docs(&without).len() < docs(&all).len());
    for line in stdout(&without).lines() {
        let hit: serde_json::Value = serde_json::from_str(line).expect("JSON line");
        assert!(
            !hit["text"].as_str().expect("text").contains("طهران"),
            "{hit}"
        );
    }
    // Options after the query words are still options.
    let limited = run(
        dir.path(),
        "search",
        &["عين", "-طهران", "--limit", "2", "--format", "json"],
    );
    assert_eq!(limited.status.code(), Some(0), "{}", stderr(&limited));
    assert_eq!(docs(&limited).len(), 2);
    // A real but unknown option is still refused.
    let bogus = run(dir.path(), "search", &["عين", "--bogus"]);
    assert_eq!(bogus.status.code(), Some(2));
    assert!(stderr(&bogus).contains("--bogus"), "{}", stderr(&bogus));
}

#[test]
fn an_empty_filter_is_ignored_with_a_note() {
    let dir = sample();
    let plain = run(dir.path(), "search", &["--format", "json", "الأسد"]);
    for query in ["title: الأسد", "الأسد source:"] {
        let output = run(dir.path(), "search", &["--format", "json", query]);
        assert_eq!(output.status.code(), Some(0), "{query}");
        assert!(
            stderr(&output).contains("empty filter"),
            "{query}: {}",
            stderr(&output)
        );
        assert_eq!(docs(&output), docs(&plain), "{query}");
    }
}

/// A topics file with a comment, a blank line and two topics.
fn topics(dir: &Path) -> PathBuf {
    let path = dir.join("topics.tsv");
    fs::write(&path, "# sample topics\nq1\tعين الأسد\n\nq2\tأربيل\n").expect("write");
    path
}

#[test]
fn topics_answer_in_text_too() {
    let dir = sample();
    let topics = topics(dir.path());
    let output = run(
        dir.path(),
        "search",
        &[
            "--topics",
            topics.to_str().expect("UTF-8"),
            "--format",
            "text",
            "--limit",
            "1",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let q1 = text.find("q1").expect("q1 header");
    let q2 = text.find("q2").expect("q2 header");
    assert!(q1 < q2, "{text}");
    assert_eq!(
        text.matches("\n1. ").count() + usize::from(text.starts_with("1. ")),
        2,
        "{text}"
    );
}

#[test]
fn search_and_eval_read_topics_files_alike() {
    let dir = sample();
    let good = topics(dir.path());
    let qrels = dir.path().join("qrels.txt");
    fs::write(
        &qrels,
        "q1 0 001_46b68a0aea1ed22b.txt 1\nq2 0 003_32cb2486f17b8cbe.txt 1\n",
    )
    .expect("write");
    let qrels = qrels.to_str().expect("UTF-8");
    let eval = |topics: &Path| {
        run(
            dir.path(),
            "eval",
            &[
                "--topics",
                topics.to_str().expect("UTF-8"),
                "--qrels",
                qrels,
            ],
        )
    };
    let search = |topics: &Path| {
        run(
            dir.path(),
            "search",
            &[
                "--topics",
                topics.to_str().expect("UTF-8"),
                "--format",
                "trec",
            ],
        )
    };
    assert_eq!(
        eval(&good).status.code(),
        Some(0),
        "{}",
        stderr(&eval(&good))
    );
    assert_eq!(search(&good).status.code(), Some(0));
    assert!(
        stdout(&eval(&good)).contains("queries     2"),
        "{}",
        stdout(&eval(&good))
    );

    let bad = dir.path().join("bad.tsv");
    fs::write(&bad, "# comment\nq1\tعين الأسد\nq2 no tab\n").expect("write");
    let expected = format!("{}:3:", bad.display());
    for output in [eval(&bad), search(&bad)] {
        assert_eq!(output.status.code(), Some(2));
        assert!(stderr(&output).contains(&expected), "{}", stderr(&output));
    }
}
