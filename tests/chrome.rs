//! Boilerplate learned from the corpus (issue 14, item 2): the news sample's own chrome lines
//! (`tests/fixtures/chrome/`: short articles written for the test, each ending with the footer
//! its outlet prints in the sample) are learned per source, left out of the passages, kept in the
//! article text, and reported.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::util::{fahras, repo_root, run_index, stats_json, success_json};

/// The footer alweeam prints under every article, with the headline after it.
const ALWEEAM_FOOTER: &str = "رابط الخبر بصحيفة الوئام";
/// The "more by this writer" list aljazirah glues to the end of a column.
const ALJAZIRAH_FOOTER: &str = "مقالات أخرى للكاتب";

fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures/chrome").join(name)
}

/// The fixture records of `name`, as JSON lines.
fn records(name: &str) -> Vec<String> {
    fs::read_to_string(fixture(name))
        .expect("fixture")
        .lines()
        .map(str::to_owned)
        .collect()
}

fn write_records(path: &Path, records: &[String]) {
    fs::write(path, records.join("\n") + "\n").expect("write records");
}

fn index_json(corpus: &Path, index: &Path) -> Value {
    success_json(&run_index(corpus, index, &["--json"]))
}

/// The JSON hits of `query`, up to 100 (none when nothing matches).
fn hits(index: &Path, query: &str) -> Vec<Value> {
    let output = fahras()
        .args(["search", "--format", "json", "--limit", "100", "--index"])
        .arg(index)
        .arg(query)
        .output()
        .expect("runs");
    // Exit status 1 says "no results", as grep does.
    assert!(matches!(output.status.code(), Some(0 | 1)), "{output:?}");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON hit"))
        .collect()
}

/// (source, kind, text) of every learned pattern a summary or `stats --json` reports.
fn learned(report: &Value) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for group in report["chrome"].as_array().expect("chrome") {
        let source = group["group"]["source"].as_str().unwrap_or("-").to_owned();
        for p in group["patterns"].as_array().expect("patterns") {
            let field = |k: &str| p[k].as_str().expect("field").to_owned();
            out.push((source.clone(), field("kind"), field("text")));
        }
    }
    out
}

fn texts(hits: &[Value]) -> Vec<String> {
    hits.iter()
        .map(|h| h["text"].as_str().expect("text").to_owned())
        .collect()
}

#[test]
fn learned_chrome_leaves_the_passages_and_stays_in_the_article() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join("corpus");
    fs::create_dir_all(&corpus).expect("mkdir");
    for name in ["alweeam.jsonl", "aljazirah.jsonl"] {
        fs::copy(fixture(name), corpus.join(name)).expect("copy fixture");
    }
    let index = dir.path().join("index");
    let summary = index_json(&corpus, &index);
    assert_eq!(
        learned(&summary),
        vec![
            (
                "aljazirah".into(),
                "opening".into(),
                "مقالات اخرى للكا".into()
            ),
            ("alweeam".into(), "label".into(), ALWEEAM_FOOTER.into()),
        ]
    );
    // The footers' words are in no passage, where the footer followed a sentence end or was
    // glued to the article's last word.
    assert!(hits(&index, "رابط").is_empty());
    let columns = hits(&index, "مقالات");
    assert!(!columns.is_empty());
    assert!(texts(&columns)
        .iter()
        .all(|t| !t.contains(ALJAZIRAH_FOOTER)));
    // The headline after the footer is not lost: the article is found by it, without the footer.
    let headline = hits(&index, "\"الرياض تستضيف معرض الكتاب\"");
    assert!(!headline.is_empty());
    assert!(texts(&headline).iter().all(|t| !t.contains(ALWEEAM_FOOTER)));
    // The article text is as read: `show` prints the footer, and every passage still slices it.
    let output = fahras()
        .args(["show", "--format", "json", "--index"])
        .arg(&index)
        .arg("w0")
        .output()
        .expect("runs");
    let shown = success_json(&output);
    let text = shown["text"].as_str().expect("text");
    let record: Value = serde_json::from_str(&records("alweeam.jsonl")[0]).expect("record");
    assert_eq!(Some(text), record["text"].as_str());
    for p in shown["passages"].as_array().expect("passages") {
        let (start, end) = (p["start"].as_u64(), p["end"].as_u64());
        let (Some(start), Some(end)) = (start, end) else {
            panic!("offsets: {p}");
        };
        assert!(!text[start as usize..end as usize].contains(ALWEEAM_FOOTER));
    }
    assert!(text.contains(ALWEEAM_FOOTER));
    // `stats` reports what was learned.
    let (stats, code) = stats_json(&index);
    assert_eq!(code, Some(0));
    assert_eq!(learned(&stats), learned(&summary));
    let output = fahras()
        .args(["stats", "--index"])
        .arg(&index)
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&output.stdout).contains(ALWEEAM_FOOTER));
}

#[test]
fn an_article_that_is_only_chrome_keeps_its_text_searchable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join("corpus");
    fs::create_dir_all(&corpus).expect("mkdir");
    let mut all = records("alweeam.jsonl");
    let only = serde_json::json!({
        "id": "only", "source": "alweeam",
        "text": format!("{ALWEEAM_FOOTER}: زيارة مفاجئة"),
    });
    all.push(only.to_string());
    write_records(&corpus.join("a.jsonl"), &all);
    let index = dir.path().join("index");
    index_json(&corpus, &index);
    let found: Vec<Value> = hits(&index, "مفاجئة");
    let docs: Vec<&str> = found.iter().filter_map(|h| h["doc"].as_str()).collect();
    assert_eq!(docs, vec!["only"]);
}

#[test]
fn a_source_whose_table_changes_is_reindexed_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join("corpus");
    fs::create_dir_all(&corpus).expect("mkdir");
    let all = records("alweeam.jsonl");
    let (first, rest) = all.split_at(all.len() / 2);
    // Six articles: too few to learn anything, the footer is searchable.
    write_records(&corpus.join("a.jsonl"), first);
    let index = dir.path().join("index");
    let summary = index_json(&corpus, &index);
    assert!(learned(&summary).is_empty());
    assert_eq!(hits(&index, "رابط").len(), first.len());
    // Six more in another file: now the footer is learned, and a.jsonl, unchanged, is read
    // again so its articles lose the footer too.
    write_records(&corpus.join("b.jsonl"), rest);
    let summary = index_json(&corpus, &index);
    assert_eq!(learned(&summary).len(), 1);
    assert_eq!(summary["indexed_files"], 2);
    assert_eq!(summary["unchanged_files"], 0);
    assert!(hits(&index, "رابط").is_empty());
    // A file of another source leaves the table as it was: only the new file is read.
    let other = serde_json::json!({"id": "x", "source": "okaz", "text": "خبر من مصدر آخر"});
    write_records(&corpus.join("c.jsonl"), &[other.to_string()]);
    let summary = index_json(&corpus, &index);
    assert_eq!(summary["indexed_files"], 1);
    assert_eq!(summary["unchanged_files"], 2);
    assert!(hits(&index, "رابط").is_empty());
    // Removing the second half unlearns the footer: a.jsonl is read again and shows it again.
    fs::remove_file(corpus.join("b.jsonl")).expect("rm");
    let summary = index_json(&corpus, &index);
    assert!(learned(&summary).is_empty());
    assert_eq!(summary["indexed_files"], 1);
    assert_eq!(hits(&index, "رابط").len(), first.len());
}
