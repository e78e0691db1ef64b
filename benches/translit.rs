//! Latin-script query words: how long transliteration takes against a real index vocabulary (the
//! `text_exact` term dictionary of the news sample plus `corpus/`), and how often the pairs
//! table's Arabic spelling is among the top 3 candidates.
//!
//! Run: `cargo bench --bench translit`. Prints, before the criterion groups: top-3 accuracy of
//! `tests/fixtures/translit/pairs.tsv` against the unit tests' fixture vocabulary and against the
//! index vocabulary; `tests/fixtures/translit/news-pairs.tsv` against the index vocabulary
//! (top-1, top-3, mean reciprocal rank, share with no candidate; per split and per kind;
//! `FAHRAS_PAIRS_FAILS=1` also lists the dev pairs whose right spelling is not first, with their
//! candidates, and `FAHRAS_PAIRS_HELDOUT=1` with it the held-out ones); per-word transliteration
//! time (median, 90th percentile, max) over the pairs; and what a Latin query adds to a search:
//! the expansion as the engine runs it, and the whole search of each Latin name minus that of its
//! Arabic spelling. Criterion then times all pairs with the FST-backed vocabulary and with a `BTreeMap`
//! copy of the same terms, and a whole search of `Ain al-Asad` against `عين الأسد`. Without the
//! news sample the index holds `corpus/` only (said on stderr).

mod common;

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::hint::black_box;
use std::io::Read;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use fahras::analysis::{self, AR_EXACT};
use fahras::index::{self, build};
use fahras::search::rank::Weights;
use fahras::search::{latin, parse, Engine, QueryPlan, SearchOptions};
use fahras::translit::{
    query_tokens, spells_within_top, transliterate_query, transliterate_query_with, ReadingPrior,
    Vocabulary, WordExpansion,
};

struct Pair {
    latin: String,
    arabic: Vec<String>,
    heldout: bool,
}

fn pairs() -> Vec<Pair> {
    common::translit_pairs()
        .into_iter()
        .map(|(latin, arabic, heldout)| Pair {
            latin,
            arabic: analysis::terms(AR_EXACT, &arabic),
            heldout,
        })
        .collect()
}

/// The unit tests' vocabulary: frequency-ranked distractors plus every word of every pair.
fn fixture_vocab(pairs: &[Pair]) -> BTreeMap<String, u64> {
    let text =
        fs::read_to_string(common::repo_root().join("tests/fixtures/translit/distractors.txt"))
            .expect("distractors.txt");
    let words: Vec<String> = text
        .lines()
        .filter(|w| !w.is_empty())
        .flat_map(|w| analysis::terms(AR_EXACT, w))
        .collect();
    let n = words.len() as u64;
    let mut v = BTreeMap::new();
    for (rank, w) in words.into_iter().enumerate() {
        v.entry(w).or_insert(n - rank as u64);
    }
    for p in pairs {
        for w in &p.arabic {
            v.entry(w.clone()).or_insert(5);
        }
    }
    v
}

fn accuracy(label: &str, pairs: &[Pair], vocab: &dyn Vocabulary) {
    for (split, heldout) in [("dev", false), ("held-out", true)] {
        let mut reachable = 0;
        let mut hits = 0;
        for p in pairs.iter().filter(|p| p.heldout == heldout) {
            if !p.arabic.iter().all(|w| vocab.contains(w)) {
                continue; // the name is not in this vocabulary: nothing to find
            }
            reachable += 1;
            let exps = transliterate_query(&p.latin, vocab, 3);
            let expected: Vec<&str> = p.arabic.iter().map(String::as_str).collect();
            if spells_within_top(&exps, query_tokens(&p.latin).len(), &expected, 3) {
                hits += 1;
            }
        }
        println!(
            "top-3 accuracy, {label}, {split}: {hits}/{reachable} = {:.1}% (pairs whose Arabic is in the vocabulary)",
            100.0 * hits as f64 / reachable.max(1) as f64
        );
    }
}

/// Candidates asked per word for the news pairs: ranks past this count as not found (reciprocal
/// rank 0). Candidates are sorted before they are cut, so the first 3 are those `max` = 3 gives.
const NEWS_MAX: usize = 10;

struct NewsPair {
    latin: String,
    arabic: Vec<String>,
    heldout: bool,
    kind: String,
}

/// How one pair came out: the smallest k with the right spelling within the top k of every word
/// (`spells_within_top`), and whether any word had a candidate at all.
struct Outcome {
    rank: Option<usize>,
    any_candidate: bool,
}

fn news_outcome(p: &NewsPair, vocab: &dyn Vocabulary) -> (Outcome, Vec<WordExpansion>) {
    news_outcome_with(p, vocab, &ReadingPrior::default())
}

fn news_outcome_with(
    p: &NewsPair,
    vocab: &dyn Vocabulary,
    prior: &ReadingPrior,
) -> (Outcome, Vec<WordExpansion>) {
    let exps = transliterate_query_with(&p.latin, vocab, NEWS_MAX, prior);
    let expected: Vec<&str> = p.arabic.iter().map(String::as_str).collect();
    let ntokens = query_tokens(&p.latin).len();
    let rank = (1..=NEWS_MAX).find(|&k| spells_within_top(&exps, ntokens, &expected, k));
    let any_candidate = exps.iter().any(|e| !e.candidates.is_empty());
    (
        Outcome {
            rank,
            any_candidate,
        },
        exps,
    )
}

/// One line of figures: top-1, top-3, mean reciprocal rank (within the first `NEWS_MAX`), no
/// candidate at all.
fn news_line(label: &str, outcomes: &[&Outcome]) {
    let n = outcomes.len();
    if n == 0 {
        return;
    }
    let within = |k: usize| {
        outcomes
            .iter()
            .filter(|o| o.rank.is_some_and(|r| r <= k))
            .count()
    };
    let mrr: f64 = outcomes
        .iter()
        .map(|o| o.rank.map_or(0.0, |r| 1.0 / r as f64))
        .sum::<f64>()
        / n as f64;
    let none = outcomes.iter().filter(|o| !o.any_candidate).count();
    let pct = |x: usize| 100.0 * x as f64 / n as f64;
    println!(
        "  {label:<26} n={n:>3}  top-1 {:>3} = {:5.1}%  top-3 {:>3} = {:5.1}%  MRR {mrr:.3}  none {:>3} = {:5.1}%",
        within(1),
        pct(within(1)),
        within(3),
        pct(within(3)),
        none,
        pct(none)
    );
}

/// `tests/fixtures/translit/news-pairs.tsv` against the index vocabulary: per split and per
/// kind, top-1 and top-3 accuracy, mean reciprocal rank and the share with no candidate. With
/// `FAHRAS_PAIRS_FAILS=1`, every dev pair whose right spelling is not first, with each word's
/// top candidates (Arabic, cost, document frequency) and the document frequency of the right
/// words; held-out pairs are listed only with `FAHRAS_PAIRS_HELDOUT=1` as well (keep them
/// unseen while fitting anything).
fn news_pairs_report(vocab: &dyn Vocabulary) {
    let pairs: Vec<NewsPair> = common::news_pairs()
        .into_iter()
        .map(|(latin, arabic, heldout, kind)| NewsPair {
            latin,
            arabic: analysis::terms(AR_EXACT, &arabic),
            heldout,
            kind,
        })
        .collect();
    let results: Vec<(Outcome, Vec<WordExpansion>)> =
        pairs.iter().map(|p| news_outcome(p, vocab)).collect();
    let absent = pairs
        .iter()
        .filter(|p| !p.arabic.iter().all(|w| vocab.contains(w)))
        .count();
    println!(
        "news-pairs.tsv, index vocabulary, up to {NEWS_MAX} candidates a word ({} pairs; {absent} with an Arabic word not in the vocabulary, counted as misses):",
        pairs.len()
    );
    let dev_arabic: HashSet<&[String]> = pairs
        .iter()
        .filter(|p| !p.heldout)
        .map(|p| p.arabic.as_slice())
        .collect();
    let kinds = ["place", "person", "org", "exonym", "acronym"];
    for (split, heldout) in [("dev", false), ("held-out", true)] {
        let of = |f: &dyn Fn(&NewsPair) -> bool| -> Vec<&Outcome> {
            pairs
                .iter()
                .zip(&results)
                .filter(|(p, _)| p.heldout == heldout && f(p))
                .map(|(_, (o, _))| o)
                .collect()
        };
        news_line(split, &of(&|_| true));
        if heldout {
            news_line(
                "held-out, Arabic not in dev",
                &of(&|p| !dev_arabic.contains(p.arabic.as_slice())),
            );
        }
        for kind in kinds {
            news_line(&format!("{split}, {kind}"), &of(&|p| p.kind == kind));
        }
    }

    if std::env::var("FAHRAS_PRIOR_SWEEP").is_ok_and(|v| v == "1") {
        prior_sweep(&pairs, vocab);
    }
    let show_heldout = std::env::var("FAHRAS_PAIRS_HELDOUT").is_ok_and(|v| v == "1");
    if std::env::var("FAHRAS_PAIRS_FAILS").is_ok_and(|v| v == "1") {
        println!(
            "news pairs whose right spelling is not first ({}): latin | right (doc freq) | kind | rank | per word: top candidates (Arabic cost df)",
            if show_heldout { "dev and held-out" } else { "dev only; held-out hidden unless FAHRAS_PAIRS_HELDOUT=1" }
        );
        for (p, (o, exps)) in pairs.iter().zip(&results) {
            if o.rank == Some(1) || (p.heldout && !show_heldout) {
                continue;
            }
            let right: Vec<String> = p
                .arabic
                .iter()
                .map(|w| format!("{w} ({})", vocab.doc_freq(w)))
                .collect();
            let rank = o.rank.map_or(format!(">{NEWS_MAX}"), |r| r.to_string());
            let words: Vec<String> = exps
                .iter()
                .map(|e| {
                    let top: Vec<String> = e
                        .candidates
                        .iter()
                        .take(5)
                        .map(|c| format!("{} {:.2} {}", c.arabic, c.cost, c.doc_freq))
                        .collect();
                    format!(
                        "{}: {}",
                        e.latin,
                        if top.is_empty() {
                            "-".to_string()
                        } else {
                            top.join(", ")
                        }
                    )
                })
                .collect();
            println!(
                "  {}{} | {} | {} | {rank} | {}",
                if p.heldout { "[held-out] " } else { "" },
                p.latin,
                right.join(" "),
                p.kind,
                words.join(" ; ")
            );
        }
    }
}

/// How the readings prior was fitted: top-1, top-3 and MRR of the dev rows of news-pairs.tsv
/// for a grid of (cost scale, frequency exponent), best MRR first, then the cost-only ranking
/// (frequency exponent 0) and the default. Held-out rows are never looked at here.
fn prior_sweep(pairs: &[NewsPair], vocab: &dyn Vocabulary) {
    let dev: Vec<&NewsPair> = pairs.iter().filter(|p| !p.heldout).collect();
    let score = |prior: &ReadingPrior| {
        let ranks: Vec<Option<usize>> = dev
            .iter()
            .map(|p| news_outcome_with(p, vocab, prior).0.rank)
            .collect();
        let n = ranks.len() as f64;
        let within = |k| ranks.iter().filter(|r| r.is_some_and(|r| r <= k)).count() as f64 / n;
        let mrr = ranks
            .iter()
            .map(|r| r.map_or(0.0, |r| 1.0 / r as f64))
            .sum::<f64>()
            / n;
        (within(1), within(3), mrr)
    };
    let mut grid = Vec::new();
    for cost_scale in [4.0, 6.0, 8.0] {
        for frequency_exponent in [0.6, 0.8, 1.0] {
            for form_weight in [0.0, 1.0, 2.0, 3.0, 4.0, 6.0] {
                for article_waiver in [0.0, 0.5, 1.0] {
                    let prior = ReadingPrior {
                        cost_scale,
                        frequency_exponent,
                        form_weight,
                        article_waiver,
                        ..ReadingPrior::default()
                    };
                    grid.push((score(&prior), prior));
                }
            }
        }
    }
    grid.sort_by(|a, b| b.0 .2.total_cmp(&a.0 .2));
    println!(
        "readings prior sweep, news-pairs dev rows ({}): top-1 top-3 MRR",
        dev.len()
    );
    let line = |label: &str, (t1, t3, mrr): (f64, f64, f64), prior: &ReadingPrior| {
        println!(
            "  {label:8} {t1:.3} {t3:.3} {mrr:.3}  cost scale {}, frequency exponent {}, form weight {}, article waiver {}",
            prior.cost_scale, prior.frequency_exponent, prior.form_weight, prior.article_waiver
        )
    };
    for (s, prior) in grid.iter().take(25) {
        line("best", *s, prior);
    }
    let default = ReadingPrior::default();
    let cost_only = ReadingPrior {
        frequency_exponent: 0.0,
        ..default
    };
    line("cost", score(&cost_only), &cost_only);
    line("default", score(&default), &default);
}

fn per_word_times(pairs: &[Pair], vocab: &dyn Vocabulary) {
    let mut times: Vec<(Duration, &str)> = pairs
        .iter()
        .map(|p| {
            let best = best_of(5, || {
                black_box(transliterate_query(&p.latin, vocab, 3));
            });
            (best, p.latin.as_str())
        })
        .collect();
    println!(
        "transliterate_query per pair (index vocabulary, best of 5): {}",
        spread(&mut times)
    );
}

/// Best of `n` runs of `f` (the machine is shared and noisy).
fn best_of(n: usize, mut f: impl FnMut()) -> Duration {
    (0..n)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .expect("runs")
}

/// Median, 90th percentile and max of `times` (sorted here), with the slowest label.
fn spread(times: &mut [(Duration, &str)]) -> String {
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q) as usize].0;
    let (max, label) = times.last().expect("pairs");
    format!(
        "median {:.3} ms, p90 {:.3} ms, max {:.3} ms ({label})",
        at(0.5).as_secs_f64() * 1e3,
        at(0.9).as_secs_f64() * 1e3,
        max.as_secs_f64() * 1e3
    )
}

/// What a Latin-script query adds to a search, per pair: the expansion exactly as the engine
/// runs it (`latin::read`: finding the Latin words, transliterating, dropping stop-word
/// spellings), and the whole search (default options) of the Latin name minus that of its Arabic
/// spelling, which also counts scoring the extra candidate spellings.
fn added_latency(engine: &Engine, pairs: &[Pair]) {
    let vocab = engine.vocabulary();
    let mut expansion: Vec<(Duration, &str)> = pairs
        .iter()
        .map(|p| {
            let parsed = parse(&p.latin);
            let t = best_of(5, || {
                let mut plan = QueryPlan::new(&parsed);
                latin::read(&mut plan, vocab, &Weights::default());
                black_box(plan);
            });
            (t, p.latin.as_str())
        })
        .collect();
    println!(
        "expansion as searched (latin::read, best of 5): {}",
        spread(&mut expansion)
    );
    let opts = SearchOptions::default();
    let mut latin_times = Vec::new();
    let mut arabic_times = Vec::new();
    let mut added: Vec<(Duration, &str)> = Vec::new();
    for p in pairs {
        let arabic = p.arabic.join(" ");
        let search = |q: &str| {
            best_of(10, || {
                black_box(engine.search(q, &opts).expect("search"));
            })
        };
        let (l, a) = (search(&p.latin), search(&arabic));
        latin_times.push((l, p.latin.as_str()));
        arabic_times.push((a, p.latin.as_str()));
        added.push((l.saturating_sub(a), p.latin.as_str()));
    }
    println!(
        "whole search, default options, best of 10: Latin {}; Arabic {}",
        spread(&mut latin_times),
        spread(&mut arabic_times)
    );
    println!(
        "added per query (Latin minus Arabic, negative counted as 0): {}",
        spread(&mut added)
    );
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join("corpus");
    fs::create_dir_all(&corpus).expect("mkdir");
    for entry in fs::read_dir(common::repo_root().join("corpus"))
        .expect("corpus/")
        .flatten()
    {
        fs::copy(entry.path(), corpus.join(entry.file_name())).expect("copy");
    }
    match common::news_sample_path() {
        Some(path) => {
            let mut text = String::new();
            zstd::stream::read::Decoder::new(fs::File::open(path).expect("news sample"))
                .expect("zstd")
                .read_to_string(&mut text)
                .expect("read");
            fs::write(corpus.join("news.jsonl"), text).expect("write");
        }
        None => eprintln!("news sample not found: the vocabulary is corpus/ only"),
    }
    let index_dir = dir.path().join("index");
    build::build(&build::BuildOptions::new(&corpus, &index_dir)).expect("build");
    let engine = Engine::new(index::open(&index_dir).expect("open")).expect("engine");
    let vocab = engine.vocabulary();
    println!("index vocabulary: {} text_exact terms", vocab.num_terms());

    let pairs = pairs();
    accuracy("fixture vocabulary", &pairs, &fixture_vocab(&pairs));
    accuracy("index vocabulary", &pairs, vocab);
    news_pairs_report(vocab);
    per_word_times(&pairs, vocab);
    added_latency(&engine, &pairs);

    // The same terms in a BTreeMap, to compare with the FST-backed dictionary.
    let started = Instant::now();
    let searcher = engine.index.index.reader().expect("reader").searcher();
    let mut btree: BTreeMap<String, u64> = BTreeMap::new();
    for segment in searcher.segment_readers() {
        let inverted = segment
            .inverted_index(engine.index.fields.text_exact)
            .expect("inverted index");
        let mut stream = inverted.terms().stream().expect("stream");
        while stream.advance() {
            let key = String::from_utf8_lossy(stream.key()).into_owned();
            *btree.entry(key).or_default() += u64::from(stream.value().doc_freq);
        }
    }
    println!(
        "copying the vocabulary into a BTreeMap: {:?} ({} segments, {} distinct terms)",
        started.elapsed(),
        searcher.segment_readers().len(),
        btree.len()
    );

    let mut group = c.benchmark_group("transliterate_pairs");
    group.throughput(Throughput::Elements(pairs.len() as u64));
    group.sample_size(20);
    group.bench_function("index_fst", |b| {
        b.iter(|| {
            for p in &pairs {
                black_box(transliterate_query(&p.latin, vocab, 3));
            }
        })
    });
    group.bench_function("btreemap_copy", |b| {
        b.iter(|| {
            for p in &pairs {
                black_box(transliterate_query(&p.latin, &btree, 3));
            }
        })
    });
    group.finish();

    let mut group = c.benchmark_group("search");
    group.sample_size(30);
    let opts = SearchOptions::default();
    for (name, query) in [
        ("arabic_ain_al_asad", "عين الأسد"),
        ("latin_ain_al_asad", "Ain al-Asad"),
        ("arabic_erbil", "أربيل"),
        ("latin_erbil", "Erbil"),
        ("latin_xyzzy", "xyzzy"),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| black_box(engine.search(query, &opts).expect("search")))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
