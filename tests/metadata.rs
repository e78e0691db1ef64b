//! Metadata that says when it is missing (issue 14, item 5): dates in the common formats, the
//! others reported, and filters on a field the index has no values for.

use std::fs;
use std::path::Path;
use std::process::Output;

use serde_json::Value;

use crate::util::{fahras, run_index, stderr_without_match_count};

fn index(corpus: &Path, index: &Path, extra: &[&str]) -> Output {
    run_index(corpus, index, extra)
}

fn search(index: &Path, args: &[&str]) -> Output {
    fahras()
        .args(["search", "--format", "json", "--index"])
        .arg(index)
        .args(args)
        .output()
        .expect("runs")
}

fn stderr(output: &Output) -> String {
    stderr_without_match_count(output)
}

/// (doc, date) of every JSON hit.
fn dates(output: &Output) -> Vec<(String, Value)> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| {
            let hit: Value = serde_json::from_str(l).expect("JSON line");
            (
                hit["doc"].as_str().expect("doc").to_string(),
                hit["date"].clone(),
            )
        })
        .collect()
}

const RECORDS: [(&str, &str); 6] = [
    ("iso", "2015-08-15"),
    ("datetime", "2015-08-16T10:00:00+03:00"),
    ("dayfirst", "15/08/2015"),
    ("rfc2822", "Tue, 18 Aug 2015 10:00:00 +0300"),
    ("spaced", "2015-08-19 08:30"),
    ("vague", "yesterday"),
];

#[test]
fn jsonl_dates_in_common_formats_are_read_and_others_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join("corpus");
    fs::create_dir_all(&corpus).expect("mkdir");
    let lines: String = RECORDS
        .iter()
        .map(|(id, date)| {
            let record = serde_json::json!({
                "id": id, "title": "خبر", "date": date,
                "text": "زار الوفد مدينة الرياض أمس لبحث التعاون.",
            });
            format!("{record}\n")
        })
        .collect();
    fs::write(corpus.join("feed.jsonl"), lines).expect("write");
    let index_dir = dir.path().join("index");
    let built = index(&corpus, &index_dir, &["--json"]);
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    let summary: Value = serde_json::from_slice(&built.stdout).expect("summary");
    assert_eq!(
        summary["warnings"],
        serde_json::json!(["feed.jsonl:6: unrecognised date \"yesterday\""]),
        "{summary}"
    );
    assert_eq!(summary["documents"], 6);
    // The text summary says it too, and so does a run that has nothing to re-read.
    let again = index(&corpus, &index_dir, &[]);
    let text = String::from_utf8_lossy(&again.stdout);
    assert!(
        text.contains("feed.jsonl:6: unrecognised date \"yesterday\""),
        "{text}"
    );

    let hits = search(
        &index_dir,
        &["--no-collapse", "--per-doc", "0", "--limit", "20", "الرياض"],
    );
    let got = dates(&hits);
    let expected = [
        ("datetime", "2015-08-16"),
        ("dayfirst", "2015-08-15"),
        ("iso", "2015-08-15"),
        ("rfc2822", "2015-08-18"),
        ("spaced", "2015-08-19"),
    ];
    for (doc, date) in expected {
        assert!(
            got.contains(&(doc.to_string(), Value::from(date))),
            "{doc}: {got:?}"
        );
    }
    assert!(got.contains(&("vague".to_string(), Value::Null)), "{got:?}");
    let day = search(&index_dir, &["الرياض date:2015-08-18"]);
    assert_eq!(
        dates(&day),
        [("rfc2822".to_string(), Value::from("2015-08-18"))]
    );
}

#[test]
fn filters_on_metadata_the_index_lacks_say_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join("corpus");
    fs::create_dir_all(&corpus).expect("mkdir");
    fs::write(
        corpus.join("a.txt"),
        "خبر\n\nزار الوفد مدينة الرياض أمس لبحث التعاون.\n",
    )
    .expect("write");
    let index_dir = dir.path().join("index");
    assert_eq!(
        index(&corpus, &index_dir, &["--quiet"]).status.code(),
        Some(0)
    );
    let plain = search(&index_dir, &["الرياض"]);
    assert_eq!(plain.status.code(), Some(0));
    assert_eq!(stderr(&plain), "");
    for (query, field) in [
        ("date:2015 الرياض", "date"),
        ("source:واع الرياض", "source"),
    ] {
        let output = search(&index_dir, &[query]);
        assert_eq!(output.status.code(), Some(1), "{query}");
        let message = stderr(&output);
        assert!(
            message.contains(&format!("no article in this index has a {field}")),
            "{query}: {message}"
        );
    }
}

#[test]
fn html_entities_are_decoded_in_titles_sources_and_jsonl_texts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join("corpus");
    fs::create_dir_all(&corpus).expect("mkdir");
    let record = serde_json::json!({
        "id": "e1",
        "title": "&quot;السعودية&quot; تعلن خطة &#1575;لطاقة",
        "source": "الوئام &amp; شركاه",
        "text": "أعلنت &quot;السعودية&quot; خطة جديدة للطاقة في الرياض.",
    });
    fs::write(corpus.join("feed.jsonl"), format!("{record}\n")).expect("write");
    fs::write(
        corpus.join("a.txt"),
        "تقرير &laquo;الرياض&raquo; اليوم\n\nنص التقرير عن مدينة جدة.\n",
    )
    .expect("write");
    let index_dir = dir.path().join("index");
    assert_eq!(
        index(&corpus, &index_dir, &["--quiet"]).status.code(),
        Some(0)
    );
    let hits = search(&index_dir, &["title:السعودية"]);
    let hit: Value = serde_json::from_slice(&hits.stdout).expect("one hit");
    assert_eq!(hit["title"], "\"السعودية\" تعلن خطة الطاقة");
    assert_eq!(hit["source"], "الوئام & شركاه");
    assert_eq!(
        hit["text"],
        "أعلنت \"السعودية\" خطة جديدة للطاقة في الرياض."
    );
    let hits = search(&index_dir, &["جدة"]);
    let hit: Value = serde_json::from_slice(&hits.stdout).expect("one hit");
    assert_eq!(hit["title"], "تقرير «الرياض» اليوم");
    // A `.txt` file's text stays byte for byte as in the file, as `show` prints it.
    assert!(
        hit["text"].as_str().is_some_and(|t| t.contains("&laquo;")),
        "{hit}"
    );
}
