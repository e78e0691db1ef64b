//! Per-query latency on a given index, for the scale curve (`benches/scale/run.sh`).
//!
//! `FAHRAS_SCALE_INDEX=DIR FAHRAS_SCALE_TOPICS=FILE cargo bench --bench scale` opens the index in
//! `DIR` and answers every topic of `FILE` (`qid<TAB>query` lines, as `benches/variants/ordinary.py
//! topics` writes them) in-process on one thread, once untimed and then [`PASSES`] times timed,
//! with three option sets interleaved query by query (so all see the same machine):
//!
//! - `trec`: what `fahras search --format trec` asks of the engine (documents ranked, one
//!   passage each, nothing read from the store);
//! - `default`: [`SearchOptions::default`], what the search bench's `fahras` runner and the
//!   ranked part of an ordinary `fahras search` do (passages read, highlighted, collapsed);
//! - `no-collapse`: the same without collapsing near-duplicates (`--no-collapse`), which reads
//!   only the hits shown: copies of one article are near-duplicates, so on a corpus of copies
//!   collapsing reads far more candidates than on real news.
//!
//! Topics of two words and the rest (the headlines) are reported apart: one line each with p50,
//! p99 and mean per query in ms, and the hits found, which must not be zero. Without the two
//! variables it prints how to run it and stops.

use std::fs;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use fahras::index;
use fahras::search::{Engine, SearchOptions};

/// Timed passes over the topics.
const PASSES: usize = 2;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let (Some(dir), Some(topics)) = (
        std::env::var_os("FAHRAS_SCALE_INDEX"),
        std::env::var_os("FAHRAS_SCALE_TOPICS"),
    ) else {
        eprintln!("scale: set FAHRAS_SCALE_INDEX=DIR and FAHRAS_SCALE_TOPICS=FILE to measure");
        return;
    };
    let text = fs::read_to_string(PathBuf::from(&topics)).expect("topics file");
    let queries: Vec<&str> = text
        .lines()
        .filter_map(|l| l.split_once('\t').map(|(_, q)| q.trim()))
        .filter(|q| !q.is_empty())
        .collect();
    let engine = Engine::new(index::open(&PathBuf::from(&dir)).expect("open")).expect("engine");
    let trec = SearchOptions {
        per_doc: 1,
        collapse: false,
        passages: false,
        documents: true,
        ..SearchOptions::default()
    };
    let default = SearchOptions::default();
    let apart = SearchOptions {
        collapse: false,
        ..SearchOptions::default()
    };
    let runners = [
        ("trec", &trec),
        ("default", &default),
        ("no-collapse", &apart),
    ];
    for (name, two_words) in [("two words", true), ("headlines", false)] {
        let set: Vec<&str> = queries
            .iter()
            .copied()
            .filter(|q| (q.split_whitespace().count() == 2) == two_words)
            .collect();
        if set.is_empty() {
            continue;
        }
        let mut times = vec![Vec::with_capacity(set.len() * PASSES); runners.len()];
        let mut hits = vec![0; runners.len()];
        for pass in 0..=PASSES {
            for q in &set {
                for (i, (_, opts)) in runners.iter().enumerate() {
                    let start = Instant::now();
                    let found = engine.search(q, opts).expect("search").hits.len();
                    let took = start.elapsed();
                    // Pass 0 warms the caches and counts the hits.
                    if pass == 0 {
                        hits[i] += found;
                    } else {
                        times[i].push(took);
                    }
                }
            }
        }
        for (((label, _), times), hits) in runners.iter().zip(&mut times).zip(hits) {
            assert!(hits > 0, "{label} {name}: no hits at all");
            times.sort_unstable();
            let mean = times.iter().sum::<Duration>() / times.len() as u32;
            println!(
                "{label} {name}: p50 {:.3} ms, p99 {:.3} ms, mean {:.3} ms ({} queries × {PASSES} passes, {hits} hits)",
                ms(percentile(times, 0.50)),
                ms(percentile(times, 0.99)),
                ms(mean),
                set.len(),
            );
        }
    }
}
