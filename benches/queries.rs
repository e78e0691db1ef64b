//! The query sets of the search bench, made from the news sample's titles: shared by
//! `benches/search.rs` and `benches/serve_load.rs` (the load test of `fahras serve`).

// Each bench target compiles this module and uses only part of it.
#![allow(dead_code)]

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::Path;

use fahras::analysis::{self, AR_STEM};

/// The titles of the news sample, in file order.
pub fn titles(jsonl: &Path) -> Vec<String> {
    fs::read_to_string(jsonl)
        .expect("read news.jsonl")
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|v| v["title"].as_str().map(|t| t.trim().to_string()))
        .collect()
}

/// Up to `n` distinct headline queries: titles as they stand, without characters of the query
/// language (quotes, a leading `+`/`-`, `:` that would make a filter).
pub fn headline_queries(titles: &[String], n: usize) -> Vec<String> {
    let mut seen = HashSet::new();
    titles
        .iter()
        .map(|t| {
            t.chars()
                .map(|c| {
                    if matches!(c, '"' | ':' | '+' | '-') {
                        ' '
                    } else {
                        c
                    }
                })
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|t| t.split(' ').count() >= 3 && seen.insert(t.clone()))
        .take(n)
        .collect()
}

/// The Arabic content words of a title: letters only, at least three of them, not a stop word.
pub fn content_words(title: &str) -> Vec<String> {
    title
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| {
            w.chars().count() >= 3 && w.chars().all(|c| ('\u{0621}'..='\u{064A}').contains(&c))
        })
        .filter(|w| !analysis::terms(AR_STEM, w).is_empty())
        .map(str::to_string)
        .collect()
}

/// Up to `n` distinct two-word queries: consecutive pairs of frequent content words (among the
/// 300 most frequent in titles) in the same title, in title order.
pub fn two_word_queries(titles: &[String], n: usize) -> Vec<String> {
    let words: Vec<Vec<String>> = titles.iter().map(|t| content_words(t)).collect();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for w in words.iter().flatten() {
        *counts.entry(String::as_str(w)).or_default() += 1;
    }
    let mut ranked: Vec<(&str, usize)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let frequent: HashSet<&str> = ranked.iter().take(300).map(|(w, _)| *w).collect();
    let mut seen = HashSet::new();
    let mut queries = Vec::new();
    for title in &words {
        let kept: Vec<&String> = title
            .iter()
            .filter(|w| frequent.contains(String::as_str(w)))
            .collect();
        for pair in kept.windows(2) {
            if pair[0] != pair[1] {
                let q = format!("{} {}", pair[0], pair[1]);
                if seen.insert(q.clone()) {
                    queries.push(q);
                }
            }
        }
        if queries.len() >= n {
            break;
        }
    }
    queries.truncate(n);
    queries
}
