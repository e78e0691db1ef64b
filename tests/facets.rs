//! Timeline and sources (issue 14, item 4): facets over all matching articles.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Output;

use serde_json::Value;

use crate::util::search_in;

/// (id, date, source, text) of the fixture feed; the articles with «الرياض» match.
const FEED: [(&str, &str, &str, &str); 7] = [
    ("n1", "2015-01-10", "واع", "زار الوفد مدينة الرياض."),
    ("n2", "2015-01-20", "الوئام", "الرياض تستقبل الوفد."),
    ("n3", "2015-03-02", "واع", "وصل الوفد إلى الرياض أمس."),
    ("n4", "15/03/2015", "واع", "اجتماع في الرياض حول الطاقة."),
    ("n5", "2015-04-01", "الوئام", "خبر عن جدة وحدها."),
    ("n6", "", "الوئام", "خبر بلا تاريخ عن الرياض."),
    ("n7", "2015-05-30", "", "الرياض مرة أخرى في خبر بلا مصدر."),
];

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join("corpus");
    fs::create_dir_all(&corpus).expect("mkdir");
    let lines: String = FEED
        .iter()
        .map(|(id, date, source, text)| {
            let mut record = serde_json::json!({"id": id, "title": "خبر", "text": text});
            if !date.is_empty() {
                record["date"] = Value::from(*date);
            }
            if !source.is_empty() {
                record["source"] = Value::from(*source);
            }
            format!("{record}\n")
        })
        .collect();
    fs::write(corpus.join("feed.jsonl"), lines).expect("write");
    dir
}

fn search(dir: &Path, args: &[&str]) -> Output {
    let output = search_in(dir).args(args).output().expect("runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// The last stdout line's `facets` object.
fn facets(output: &Output) -> Value {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let last: Value = serde_json::from_str(stdout.lines().last().expect("a line")).expect("JSON");
    last["facets"].clone()
}

#[test]
fn facet_counts_equal_an_independent_count() {
    let dir = setup();
    // Counted here from the feed itself: matching articles per month and per source.
    let matching: Vec<_> = FEED.iter().filter(|f| f.3.contains("الرياض")).collect();
    let mut months: BTreeMap<String, u64> = ["2015-01", "2015-02", "2015-03", "2015-04", "2015-05"]
        .iter()
        .map(|m| (m.to_string(), 0))
        .collect();
    for (_, date, _, _) in &matching {
        let month = match date.split_once('/') {
            Some(_) => "2015-03".to_string(), // 15/03/2015
            None if date.is_empty() => continue,
            None => date[..7].to_string(),
        };
        *months.get_mut(&month).expect("a month of the span") += 1;
    }
    let mut sources: BTreeMap<&str, u64> = BTreeMap::new();
    for (_, _, source, _) in matching.iter().filter(|f| !f.2.is_empty()) {
        *sources.entry(source).or_default() += 1;
    }

    let output = search(
        dir.path(),
        &[
            "--format",
            "json",
            "--limit",
            "1",
            "--facets",
            "date,source",
            "الرياض",
        ],
    );
    let got = facets(&output);
    assert_eq!(got["period"], "month", "{got}");
    let dates: BTreeMap<String, u64> = got["dates"]
        .as_array()
        .expect("dates")
        .iter()
        .map(|e| (e[0].as_str().unwrap().to_string(), e[1].as_u64().unwrap()))
        .collect();
    assert_eq!(dates, months, "{got}");
    assert_eq!(got["undated"], 1);
    let got_sources: BTreeMap<&str, u64> = got["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .map(|e| (e[0].as_str().unwrap(), e[1].as_u64().unwrap()))
        .collect();
    assert_eq!(got_sources, sources, "{got}");
    assert_eq!(got["unsourced"], 1);

    // Text draws the same as bars; a source filter narrows the timeline.
    let text = search(
        dir.path(),
        &["--limit", "1", "--facets", "date,source", "الرياض"],
    );
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("articles per month:\n"), "{text}");
    assert!(text.contains("  2015-03  ██"), "{text}");
    assert!(
        text.contains("  2015-02   0\n"),
        "an empty month has no bar: {text}"
    );
    assert!(
        text.contains("articles per source:\n  \u{2068}واع\u{2069}"),
        "{text}"
    );
    let narrowed = facets(&search(
        dir.path(),
        &[
            "--format",
            "json",
            "--facets",
            "date",
            "الرياض source:الوئام",
        ],
    ));
    // One day: a timeline that short counts per day.
    assert_eq!(narrowed["period"], "day", "{narrowed}");
    assert_eq!(
        narrowed["dates"],
        serde_json::json!([["2015-01-20", 1]]),
        "{narrowed}"
    );
    assert_eq!(narrowed["undated"], 1);
}
