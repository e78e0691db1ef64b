//! `fahras show` (issue 14, item 1): the whole article from its source, offsets exact.

use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::util::{copy_sample_corpus, fahras, index_quietly, success_json};

fn show_json(dir: &Path, args: &[&str]) -> Value {
    let output = fahras()
        .args(["show", "--format", "json", "--index"])
        .arg(dir.join("index"))
        .args(args)
        .output()
        .expect("runs");
    success_json(&output)
}

/// A copy of the sample corpus plus a JSONL feed with a url, indexed.
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = copy_sample_corpus(dir.path());
    fs::write(
        corpus.join("feed.jsonl"),
        concat!(
            r#"{"id": "w1", "title": "خبر الوئام", "text": "زار الوفد مطار البصرة الدولي أمس.", "source": "الوئام", "url": "https://example.org/w1"}"#,
            "\n"
        ),
    )
    .expect("write");
    let built = index_quietly(&corpus, &dir.path().join("index"))
        .output()
        .expect("runs");
    assert_eq!(built.status.code(), Some(0));
    dir
}

#[test]
fn show_offsets_are_the_source_bytes_and_the_search_hits() {
    let dir = corpus();
    let search = fahras()
        .args([
            "search",
            "--format",
            "json",
            "--per-doc",
            "0",
            "--limit",
            "30",
            "--index",
        ])
        .arg(dir.path().join("index"))
        .arg("عين الأسد")
        .output()
        .expect("runs");
    let hits: Vec<Value> = String::from_utf8_lossy(&search.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("hit"))
        .collect();
    assert!(!hits.is_empty());
    for hit in &hits {
        let doc = hit["doc"].as_str().expect("doc");
        let shown = show_json(dir.path(), &[doc]);
        let source = fs::read_to_string(dir.path().join("corpus").join(doc)).expect("source");
        assert_eq!(shown["text"].as_str(), Some(source.as_str()), "{doc}");
        let passage = shown["passages"]
            .as_array()
            .expect("passages")
            .iter()
            .find(|p| p["passage"] == hit["passage"])
            .expect("the hit's passage");
        assert_eq!(
            (&passage["start"], &passage["end"]),
            (&hit["start"], &hit["end"])
        );
        let (s, e) = (
            passage["start"].as_u64().unwrap() as usize,
            passage["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            &source.as_bytes()[s..e],
            hit["text"].as_str().unwrap().as_bytes()
        );
    }
}

#[test]
fn show_prints_metadata_passages_and_highlights() {
    let dir = corpus();
    let shown = show_json(dir.path(), &["w1", "--query", "البصرة"]);
    assert_eq!(shown["url"], "https://example.org/w1");
    assert_eq!(shown["source"], "الوئام");
    let text = shown["text"].as_str().expect("text");
    let (s, e) = (
        shown["highlights"][0][0].as_u64().unwrap() as usize,
        shown["highlights"][0][1].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[s..e], "البصرة");

    let output = fahras()
        .args(["show", "w1", "--query", "البصرة", "--index"])
        .arg(dir.path().join("index"))
        .env("NO_COLOR", "1")
        .output()
        .expect("runs");
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(out.contains("https://example.org/w1"), "{out}");
    assert!(
        out.contains("⟦0⟧ زار الوفد مطار [البصرة] الدولي أمس."),
        "{out}"
    );

    let doc = "004_015bb4e44a3158bc.txt";
    let one = fahras()
        .args(["show", doc, "--passage", "2", "--index"])
        .arg(dir.path().join("index"))
        .output()
        .expect("runs");
    let whole = show_json(dir.path(), &[doc]);
    let p = &whole["passages"][2];
    let text = whole["text"].as_str().unwrap();
    let passage = &text[p["start"].as_u64().unwrap() as usize..p["end"].as_u64().unwrap() as usize];
    let out = String::from_utf8_lossy(&one.stdout);
    assert!(out.contains(passage), "{out}");
    assert!(!out.contains("⟦"), "{out}");
}

#[test]
fn every_hit_carries_the_url_of_its_article() {
    let dir = corpus();
    let search = |format: &str| {
        let output = fahras()
            .args(["search", "--format", format, "--index"])
            .arg(dir.path().join("index"))
            .arg("البصرة")
            .output()
            .expect("runs");
        String::from_utf8(output.stdout).expect("UTF-8")
    };
    let json = search("json");
    let hit: Value = serde_json::from_str(json.lines().next().expect("a hit")).expect("JSON");
    assert_eq!(hit["url"], "https://example.org/w1");
    assert!(search("text").contains("— w1 — https://example.org/w1"));
    let other = fahras()
        .args(["search", "--format", "json", "--limit", "1", "--index"])
        .arg(dir.path().join("index"))
        .arg("عين الأسد")
        .output()
        .expect("runs");
    let other: Value = serde_json::from_slice(&other.stdout).expect("one hit");
    assert_eq!(other["url"], Value::Null, "a .txt article has none");
}

#[test]
fn show_refuses_unknown_and_changed_articles() {
    let dir = corpus();
    let unknown = fahras()
        .args(["show", "nope.txt", "--index"])
        .arg(dir.path().join("index"))
        .output()
        .expect("runs");
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("nope.txt"));
    let doc = "000_8703aa2f0983bf6f.txt";
    let path = dir.path().join("corpus").join(doc);
    let text = fs::read_to_string(&path).expect("read");
    fs::write(&path, format!("سطر جديد\n{text}")).expect("write");
    let changed = fahras()
        .args(["show", doc, "--index"])
        .arg(dir.path().join("index"))
        .output()
        .expect("runs");
    assert_eq!(changed.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&changed.stderr).contains("changed since it was indexed"));
}
