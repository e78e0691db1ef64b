//! Bench inputs shared by the criterion benches.

// Each bench target compiles this module and uses only part of it.
#![allow(dead_code)]

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The Latin → Arabic name pairs of `tests/fixtures/translit/pairs.tsv`: `(latin, arabic,
/// held out)`.
pub fn translit_pairs() -> Vec<(String, String, bool)> {
    let text = fs::read_to_string(repo_root().join("tests/fixtures/translit/pairs.tsv"))
        .expect("pairs.tsv");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[0].to_string(), f[1].to_string(), f[2] == "heldout")
        })
        .collect()
}

/// The Latin → Arabic pairs of `tests/fixtures/translit/news-pairs.tsv`: `(latin, arabic, held
/// out, kind)`; the Arabic as news writes it (callers normalize), kind one of place, person, org,
/// exonym, acronym.
pub fn news_pairs() -> Vec<(String, String, bool, String)> {
    let text = fs::read_to_string(repo_root().join("tests/fixtures/translit/news-pairs.tsv"))
        .expect("news-pairs.tsv");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 4, "news-pairs.tsv: four fields a line: {l}");
            (
                f[0].to_string(),
                f[1].to_string(),
                f[2] == "heldout",
                f[3].to_string(),
            )
        })
        .collect()
}

/// The news sample beside the repository (`../shared/bench/news-sample.jsonl.zst`), if present.
pub fn news_sample_path() -> Option<PathBuf> {
    let path = repo_root().join("../shared/bench/news-sample.jsonl.zst");
    path.exists().then_some(path)
}

/// The text of every news-sample article (title and body), or `None` with a message when absent.
pub fn news_sample_texts() -> Option<Vec<String>> {
    let Some(path) = news_sample_path() else {
        eprintln!("news sample not found beside the repository: skipping the news-sample benches");
        return None;
    };
    let file = fs::File::open(&path).ok()?;
    let decoder = zstd::stream::read::Decoder::new(file).ok()?;
    let mut texts = Vec::new();
    for line in BufReader::new(decoder).lines() {
        let line = line.ok()?;
        let value: serde_json::Value = serde_json::from_str(&line).ok()?;
        let title = value["title"].as_str().unwrap_or_default();
        let text = value["text"].as_str().unwrap_or_default();
        texts.push(format!("{title}\n{text}"));
    }
    Some(texts)
}

/// The sample articles of `corpus/`, concatenated.
pub fn corpus_text(root: &Path) -> String {
    let mut paths: Vec<_> = fs::read_dir(root.join("corpus"))
        .map(|dir| dir.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.sort();
    paths
        .iter()
        .filter_map(|p| fs::read_to_string(p).ok())
        .collect::<Vec<_>>()
        .join("\n")
}
