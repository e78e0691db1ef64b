//! Counts, paging and order (issue 14, item 3): how many passages and articles match,
//! `--offset`, `--sort`.

use std::collections::HashSet;
use std::path::Path;
use std::process::Output;

use serde_json::Value;

use crate::util::{copy_sample_corpus, search_in};

fn search(dir: &Path, args: &[&str]) -> Output {
    search_in(dir).args(args).output().expect("runs")
}

fn hits(output: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one hit a line"))
        .collect()
}

#[test]
fn every_search_says_how_many_passages_and_articles_match() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_sample_corpus(dir.path());
    let query = "القوات -طهران";
    // Counted independently: every matching passage, uncapped and uncollapsed.
    let all = hits(&search(
        dir.path(),
        &[
            "--format",
            "json",
            "--per-doc",
            "0",
            "--no-collapse",
            "--limit",
            "100000",
            query,
        ],
    ));
    let articles: HashSet<&str> = all.iter().map(|h| h["doc"].as_str().unwrap()).collect();
    let total = format!(
        "{} passages in {} articles match",
        all.len(),
        articles.len()
    );
    assert!(all.len() > articles.len() && articles.len() > 1, "{total}");

    let text = search(dir.path(), &["--limit", "3", query]);
    let stdout = String::from_utf8_lossy(&text.stdout);
    let last = stdout.lines().last().expect("a last line");
    assert_eq!(last, format!("{total}; hits 1 to 3 shown"), "{stdout}");

    let json = search(dir.path(), &["--format", "json", "--limit", "3", query]);
    assert_eq!(hits(&json).len(), 3, "stdout stays one hit a line");
    let stderr = String::from_utf8_lossy(&json.stderr);
    assert!(stderr.contains(&format!("fahras: {total}")), "{stderr}");
}

#[test]
fn offset_pages_through_the_hits() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_sample_corpus(dir.path());
    let first = hits(&search(
        dir.path(),
        &["--format", "json", "--limit", "5", "العراق"],
    ));
    let page = hits(&search(
        dir.path(),
        &[
            "--format",
            "json",
            "--limit",
            "2",
            "--offset",
            "3",
            "العراق",
        ],
    ));
    assert_eq!(page.len(), 2);
    assert_eq!(page[0], first[3]);
    assert_eq!(page[1], first[4]);
    assert_eq!(page[0]["rank"], 4);
    let text = search(dir.path(), &["--limit", "2", "--offset", "3", "العراق"]);
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(stdout.starts_with("4. "), "{stdout}");
    assert!(stdout.trim_end().ends_with("hits 4 to 5 shown"), "{stdout}");
    let trec = search(dir.path(), &["--format", "trec", "--offset", "3", "العراق"]);
    assert_eq!(trec.status.code(), Some(2));
}

#[test]
fn sort_by_date_orders_every_dated_match() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).expect("mkdir");
    // Relevance and dates disagree: the most relevant article is neither the oldest nor the newest.
    let records = [
        ("b", "2016-03-01", "زار الوفد مدينة الرياض."),
        (
            "a",
            "2014-01-05",
            "الرياض الرياض الرياض: زار الوفد مدينة الرياض مرات.",
        ),
        (
            "c",
            "2019-07-20",
            "وفد في جدة ثم الرياض بعد زيارة طويلة إلى مدن أخرى كثيرة.",
        ),
        ("d", "", "خبر بلا تاريخ عن الرياض."),
    ];
    let lines: String = records
        .iter()
        .map(|(id, date, text)| {
            let mut record = serde_json::json!({"id": id, "title": "خبر", "text": text});
            if !date.is_empty() {
                record["date"] = Value::from(*date);
            }
            format!("{record}\n")
        })
        .collect();
    std::fs::write(corpus.join("feed.jsonl"), lines).expect("write");
    let docs = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["--format", "json", "--no-collapse"];
        all.extend_from_slice(args);
        all.push("الرياض");
        hits(&search(dir.path(), &all))
            .iter()
            .map(|h| h["doc"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(docs(&["--sort", "score"]).len(), 4);
    assert_eq!(
        docs(&["--sort", "date"]),
        ["a", "b", "c"],
        "oldest first, undated left out"
    );
    assert_eq!(docs(&["--sort", "-date"]), ["c", "b", "a"]);
    assert_eq!(
        docs(&["--sort=-date", "--limit", "1", "--offset", "1"]),
        ["b"]
    );
}
