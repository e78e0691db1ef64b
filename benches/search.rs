//! Search latency over the news sample, and in the same run a plain-tantivy baseline.
//!
//! Setup (untimed): the news sample is decompressed into a temporary corpus folder and indexed
//! once with `fahras::index::build`. Two fixed, deterministic query sets are taken from it:
//!
//! - **headlines**: real article titles (the first distinct ones in file order);
//! - **two words**: pairs of frequent content words that stand together in a title.
//!
//! Timed:
//!
//! - `search/news-sample/fahras {two words,headlines}`: one iteration answers the whole set of
//!   [`SET_SIZE`] queries in-process with `Engine::search` (default options: 10 hits, at most 2
//!   per document, near-duplicates collapsed, passages read and highlighted) and asserts that the
//!   total number of hits equals the one counted in setup; criterion's throughput is queries per
//!   second, so time/element is the mean latency per query;
//!   (`fahras with counts` in the percentile lines: the same plus [`Engine::count_matches`], what
//!   `fahras search` does for one query; `fahras with facets`: the hits and
//!   [`Engine::facets`] with sources, what `--facets date,source` adds);
//! - `search/news-sample/fahras ranking …`: the same ranking passages only (10 passages of
//!   distinct documents, no collapsing, no passages read), comparable to the baseline; its p50
//!   is also printed with the options of a TREC run (`fahras trec …`: the same, documents
//!   ranked on their whole text);
//! - `search/news-sample/tantivy default …`: the same queries on plain tantivy (the same passages,
//!   one `default`-tokenized field, `QueryParser` with OR, top 10, the 10 documents loaded);
//! - `search/topics-process`: whole-process `fahras search --topics FILE --format trec --limit 10`
//!   on [`TOPICS`] topics (half headlines, half two-word queries).
//!
//! p50/p95 latencies per query (criterion reports means) are printed on stderr, measured with
//! `Instant` over several passes of each set, fahras and the baselines interleaved query by query
//! (so they see the same machine) in two groups (the runners reading passages, then the ranking
//! runners and the baselines), with plain tantivy's top 10 without loading documents (what
//! the tantivy reference measures) and the ratio of fahras' ranking to it next to the
//! ratio the target allows. So is what reading a Latin-script query adds (the
//! transliteration of the pairs table's names against this index).
//!
//! Run: `cargo bench --bench search`. With `FAHRAS_BENCH_TOPICS=FILE` it only writes the
//! whole-process run's topics to `FILE` (headlines first, then the two-word queries); with
//! `FAHRAS_BENCH_INDEX=DIR` it searches the index in `DIR` (built by `fahras index` from the
//! sample) instead of building one; with `FAHRAS_BENCH_ONCE=1` it answers each set once with
//! default options, with the ranking options and with plain tantivy's ids only, each in a
//! function of its own (`once_*`) for instruction counts, and stops. Skipped with a message when the news sample is absent.

mod common;
mod queries;

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use fahras::index::{self, build};
use fahras::search::rank::Weights;
use fahras::search::{latin, parse, Engine, QueryPlan, SearchOptions};
use queries::{headline_queries, titles, two_word_queries};
use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{Schema, Value, STORED, TEXT};
use tantivy::{doc, Index, TantivyDocument};

/// Queries per in-process set.
const SET_SIZE: usize = 200;
/// Topics in the whole-process batch run.
const TOPICS: usize = 2_000;
/// Passes over each set for the percentile figures.
const PERCENTILE_PASSES: usize = 5;
/// The p50 targets for two words and headlines, each with its reference for plain
/// tantivy's top 10 on these machines (ms).
const TARGETS: [(f64, f64); 2] = [(0.15, 0.03), (0.4, 0.19)];

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i]
}

/// A query runner for [`report_percentiles`]: a label and what answers one query (its hits).
type Runner<'a> = (&'static str, Box<dyn FnMut(&str) -> usize + 'a>);

/// Per-query latencies of every runner over `queries`, `PERCENTILE_PASSES` times, the runners
/// interleaved query by query so that they all see the same machine (these machines' speed
/// drifts by tens of percent within a minute); prints p50/p95/mean for each and returns the p50s.
fn report_percentiles(set: &str, queries: &[String], runners: &mut [Runner]) -> Vec<Duration> {
    let mut times = vec![Vec::with_capacity(queries.len() * PERCENTILE_PASSES); runners.len()];
    for _ in 0..PERCENTILE_PASSES {
        for q in queries {
            for ((_, run), times) in runners.iter_mut().zip(&mut times) {
                let start = Instant::now();
                let hits = run(q);
                times.push(start.elapsed());
                std::hint::black_box(hits);
            }
        }
    }
    let mut p50s = Vec::new();
    for ((label, _), times) in runners.iter().zip(&mut times) {
        times.sort_unstable();
        let mean = times.iter().sum::<Duration>() / times.len() as u32;
        let p50 = percentile(times, 0.50);
        eprintln!(
            "{label} {set}: p50 {:.3} ms, p95 {:.3} ms, mean {:.3} ms ({} queries × {PERCENTILE_PASSES} passes)",
            p50.as_secs_f64() * 1e3,
            percentile(times, 0.95).as_secs_f64() * 1e3,
            mean.as_secs_f64() * 1e3,
            queries.len()
        );
        p50s.push(p50);
    }
    p50s
}

/// What reading a Latin-script query adds to it (the budget: ≤ 1 ms per query on this
/// index): `latin::read` (find the Latin words, spell them against the index vocabulary) for
/// every name of `tests/fixtures/translit/pairs.tsv`, best of [`PERCENTILE_PASSES`] per name;
/// prints median, p95 and the slowest name. `cargo bench --bench translit` has the rest.
fn report_latin_expansion(engine: &Engine) {
    let mut times: Vec<(Duration, String)> = common::translit_pairs()
        .into_iter()
        .map(|(latin, ..)| {
            let parsed = parse(&latin);
            let best = (0..PERCENTILE_PASSES)
                .map(|_| {
                    let start = Instant::now();
                    let mut plan = QueryPlan::new(&parsed);
                    latin::read(&mut plan, engine.vocabulary(), &Weights::default());
                    std::hint::black_box(plan);
                    start.elapsed()
                })
                .min()
                .expect("passes");
            (best, latin)
        })
        .collect();
    times.sort();
    let only: Vec<Duration> = times.iter().map(|(t, _)| *t).collect();
    let (max, name) = times.last().expect("pairs");
    eprintln!(
        "Latin-script expansion per query: median {:.3} ms, p95 {:.3} ms, max {:.3} ms ({name}) over {} names",
        percentile(&only, 0.50).as_secs_f64() * 1e3,
        percentile(&only, 0.95).as_secs_f64() * 1e3,
        max.as_secs_f64() * 1e3,
        times.len()
    );
}

/// The baseline: every stored passage of the fahras index in one `default`-tokenized field.
struct Baseline {
    index: Index,
    reader: tantivy::IndexReader,
    parser: QueryParser,
}

impl Baseline {
    fn new(engine: &Engine) -> Baseline {
        let mut builder = Schema::builder();
        let body = builder.add_text_field("body", TEXT | STORED);
        let index = Index::create_in_ram(builder.build());
        let mut writer = index
            .writer_with_num_threads(1, 200 * 1024 * 1024)
            .expect("writer");
        let text_field = engine.index.fields.text;
        let searcher = engine.index.index.reader().expect("reader").searcher();
        for segment in searcher.segment_readers() {
            let store = segment.get_store_reader(64).expect("store");
            for doc in store.iter::<TantivyDocument>(segment.alive_bitset()) {
                let doc = doc.expect("stored passage");
                let text = doc
                    .get_first(text_field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string();
                writer.add_document(doc!(body => text)).expect("add");
            }
        }
        writer.commit().expect("commit");
        let reader = index.reader().expect("reader");
        let parser = QueryParser::for_index(&index, vec![body]);
        Baseline {
            index,
            reader,
            parser,
        }
    }

    /// The top 10 passage addresses only, no documents loaded: what the tantivy
    /// reference (0.03 ms two words, 0.19 ms headlines) measures.
    fn top_ids(&self, q: &str) -> usize {
        let (query, _) = self.parser.parse_query_lenient(q);
        let searcher = self.reader.searcher();
        searcher
            .search(&query, &TopDocs::with_limit(10).order_by_score())
            .expect("search")
            .len()
    }

    fn search(&self, q: &str) -> usize {
        let (query, _) = self.parser.parse_query_lenient(q);
        let searcher = self.reader.searcher();
        let top = searcher
            .search(&query, &TopDocs::with_limit(10).order_by_score())
            .expect("search");
        for (_, address) in &top {
            let _: TantivyDocument = searcher.doc(*address).expect("doc");
        }
        top.len()
    }
}

/// Each set answered once by each runner, in functions of their own so that instruction counts
/// (`valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*once_*'`) can be read
/// per runner: what `FAHRAS_BENCH_ONCE` runs.
#[inline(never)]
fn once_default(engine: &Engine, queries: &[String]) -> usize {
    let opts = SearchOptions::default();
    let hits = queries
        .iter()
        .map(|q| engine.search(q, &opts).expect("search"));
    hits.map(|r| r.hits.len()).sum()
}

/// See [`once_default`].
#[inline(never)]
fn once_ranking(engine: &Engine, ranking: &SearchOptions, queries: &[String]) -> usize {
    let hits = queries
        .iter()
        .map(|q| engine.search(q, ranking).expect("search"));
    hits.map(|r| r.hits.len()).sum()
}

/// See [`once_default`].
#[inline(never)]
fn once_ids(baseline: &Baseline, queries: &[String]) -> usize {
    queries.iter().map(|q| baseline.top_ids(q)).sum()
}

fn write_topics(path: &Path, headlines: &[String], pairs: &[String]) -> usize {
    let mut text = String::new();
    let mut n = 0;
    for (i, q) in headlines.iter().chain(pairs).enumerate() {
        text.push_str(&format!("t{i}\t{q}\n"));
        n += 1;
    }
    fs::write(path, text).expect("write topics");
    n
}

fn fahras_topics(corpus: &Path, index: &Path, topics: &Path) -> usize {
    let output = Command::new(env!("CARGO_BIN_EXE_fahras"))
        .arg("search")
        .arg("--corpus")
        .arg(corpus)
        .arg("--index")
        .arg(index)
        .arg("--topics")
        .arg(topics)
        .arg("--format")
        .arg("trec")
        .arg("--limit")
        .arg("10")
        .output()
        .expect("fahras runs");
    assert!(
        output.status.success(),
        "fahras search --topics failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout.iter().filter(|&&b| b == b'\n').count()
}

fn search_benches(c: &mut Criterion) {
    let Some(sample) = common::news_sample_path() else {
        eprintln!("news sample not found beside the repository: skipping the search benches");
        return;
    };
    let work = tempfile::tempdir().expect("tempdir");
    let corpus = work.path().join("corpus");
    fs::create_dir_all(&corpus).expect("mkdir");
    let jsonl = corpus.join("news.jsonl");
    let decoder =
        zstd::stream::read::Decoder::new(fs::File::open(sample).expect("open")).expect("zstd");
    let mut out = fs::File::create(&jsonl).expect("create");
    std::io::copy(&mut std::io::BufReader::new(decoder), &mut out).expect("decompress");
    drop(out);
    if let Ok(path) = std::env::var("FAHRAS_BENCH_TOPICS") {
        // Only the 2,000 topics of the whole-process run, for runs of the binary outside the
        // bench (callgrind, before/after diffs).
        let titles = titles(&jsonl);
        let headlines = headline_queries(&titles, TOPICS / 2);
        let pairs = two_word_queries(&titles, TOPICS / 2);
        let n = write_topics(Path::new(&path), &headlines, &pairs);
        eprintln!("wrote {n} topics to {path}");
        return;
    }
    let index_dir = match std::env::var("FAHRAS_BENCH_INDEX") {
        Ok(dir) => Path::new(&dir).to_path_buf(),
        Err(_) => {
            let index_dir = work.path().join("index");
            let started = Instant::now();
            build::build(&build::BuildOptions::new(&corpus, &index_dir))
                .expect("index the news sample");
            eprintln!(
                "indexed the news sample in {:.1} s",
                started.elapsed().as_secs_f64()
            );
            index_dir
        }
    };
    let engine = Engine::new(index::open(&index_dir).expect("open")).expect("engine");

    let titles = titles(&jsonl);
    let headlines = headline_queries(&titles, TOPICS / 2);
    let pairs = two_word_queries(&titles, TOPICS / 2);
    assert!(headlines.len() >= SET_SIZE && pairs.len() >= SET_SIZE);
    let sets = [
        ("two words", &pairs[..SET_SIZE]),
        ("headlines", &headlines[..SET_SIZE]),
    ];
    eprintln!(
        "query sets: {SET_SIZE} two-word (e.g. «{}»), {SET_SIZE} headlines (e.g. «{}»)",
        pairs[0], headlines[0]
    );
    let opts = SearchOptions::default();
    let fahras_hits = |q: &str| engine.search(q, &opts).expect("search").hits.len();
    // What `fahras search` does for one query: the hits, then the count of all matches.
    let counted_hits = |q: &str| {
        let hits = engine.search(q, &opts).expect("search").hits.len();
        let matches = engine.count_matches(q).expect("count");
        hits + usize::from(matches.passages == 0)
    };
    // `--facets date,source`: the hits, then when and where from over all matching articles.
    let faceted_hits = |q: &str| {
        let hits = engine.search(q, &opts).expect("search").hits.len();
        let facets = engine.facets(q, true).expect("facets");
        hits + usize::from(facets.dates.is_empty())
    };
    let ranking = SearchOptions {
        per_doc: 1,
        collapse: false,
        passages: false,
        ..SearchOptions::default()
    };
    let ranking_hits = |q: &str| engine.search(q, &ranking).expect("search").hits.len();
    let trec = SearchOptions {
        documents: true,
        ..ranking.clone()
    };
    let trec_hits = |q: &str| engine.search(q, &trec).expect("search").hits.len();
    let baseline = Baseline::new(&engine);
    eprintln!(
        "baseline: {} passages",
        baseline
            .index
            .reader()
            .expect("reader")
            .searcher()
            .num_docs()
    );

    if std::env::var_os("FAHRAS_BENCH_ONCE").is_some() {
        for (name, queries) in sets {
            let hits = [
                once_default(&engine, queries),
                once_ranking(&engine, &ranking, queries),
                once_ids(&baseline, queries),
            ];
            eprintln!("{name}: hits (default, ranking, tantivy ids only) {hits:?}");
        }
        return;
    }

    report_latin_expansion(&engine);

    let mut group = c.benchmark_group("search/news-sample");
    group.throughput(Throughput::Elements(SET_SIZE as u64));
    group.sample_size(10);
    for (set_index, (name, queries)) in sets.into_iter().enumerate() {
        let expected: usize = queries.iter().map(|q| fahras_hits(q)).sum();
        let expected_baseline: usize = queries.iter().map(|q| baseline.search(q)).sum();
        let expected_ranking: usize = queries.iter().map(|q| ranking_hits(q)).sum();
        eprintln!(
            "{name}: {expected} fahras hits, {expected_baseline} baseline hits over {SET_SIZE} queries"
        );
        assert!(expected > 0);
        // Two interleaved groups: the runners reading passages (facets decompress a block per
        // article), then the ratio's runners among themselves, each of the two compared right
        // after a runner that answered the same query on the same index (the TREC options, the
        // baseline loading its documents), so both find that query's postings equally warm.
        let mut reading: Vec<Runner> = vec![
            ("fahras", Box::new(fahras_hits)),
            ("fahras with counts", Box::new(counted_hits)),
            ("fahras with facets", Box::new(faceted_hits)),
        ];
        report_percentiles(name, queries, &mut reading);
        let mut ranking_runners: Vec<Runner> = vec![
            ("fahras trec", Box::new(trec_hits)),
            ("fahras ranking", Box::new(ranking_hits)),
            ("tantivy default", Box::new(|q: &str| baseline.search(q))),
            (
                "tantivy default ids only",
                Box::new(|q: &str| baseline.top_ids(q)),
            ),
        ];
        let p50 = report_percentiles(name, queries, &mut ranking_runners);
        let (ranking_p50, ids_p50) = (p50[1].as_secs_f64() * 1e3, p50[3].as_secs_f64() * 1e3);
        let (target, reference) = TARGETS[set_index];
        eprintln!(
            "{name}: fahras ranking p50 / tantivy ids only p50 = {:.1}× in this run; the issue's \
             target over its tantivy reference: {target} / {reference} ms = {:.1}×, i.e. \
             {:.3} ms at this run's tantivy speed",
            ranking_p50 / ids_p50,
            target / reference,
            target * ids_p50 / reference
        );
        group.bench_function(format!("fahras {name}"), |b| {
            b.iter(|| {
                let total: usize = queries.iter().map(|q| fahras_hits(q)).sum();
                assert_eq!(total, expected);
            })
        });
        group.bench_function(format!("fahras ranking {name}"), |b| {
            b.iter(|| {
                let total: usize = queries.iter().map(|q| ranking_hits(q)).sum();
                assert_eq!(total, expected_ranking);
            })
        });
        group.bench_function(format!("tantivy default {name}"), |b| {
            b.iter(|| {
                let total: usize = queries.iter().map(|q| baseline.search(q)).sum();
                assert_eq!(total, expected_baseline);
            })
        });
    }
    group.finish();

    let topics = work.path().join("topics.tsv");
    let n = write_topics(&topics, &headlines, &pairs);
    let started = Instant::now();
    let lines = fahras_topics(&corpus, &index_dir, &topics);
    eprintln!(
        "fahras search --topics ({n} topics, trec, --limit 10): {:.3} s, {lines} lines (first run)",
        started.elapsed().as_secs_f64()
    );
    let mut group = c.benchmark_group("search/topics-process");
    group.sample_size(10);
    group.bench_function(format!("fahras search --topics ({n})"), |b| {
        b.iter(|| assert_eq!(fahras_topics(&corpus, &index_dir, &topics), lines))
    });
    group.finish();
}

criterion_group!(benches, search_benches);
criterion_main!(benches);
