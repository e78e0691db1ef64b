//! Analyzer throughput: `ar_stem` against tantivy's `SimpleTokenizer + LowerCaser` on the same
//! text, in one run, and the fused one-pass analysis that indexing runs (`index_terms`: both
//! fields' terms at once). The token count (for the fused pass, the length of the encoded terms)
//! is asserted inside the timed loop so the bench fails if the analyzer stops doing the real work.
//! Run: `cargo bench --bench analyzer`.
//!
//! `cargo bench --bench analyzer -- consistency` prints the clitic-consistency report and
//! `-- conflation [N]` the conflation audit of the N (default 3,000) most frequent stems, both over
//! the news sample (see `audit.rs`).

mod audit;
mod common;

use criterion::{criterion_group, Criterion, Throughput};
use fahras::analysis::index_terms::{IndexAnalyzer, IndexTerms};
use fahras::analysis::{self, AR_EXACT, AR_STEM};
use tantivy::tokenizer::{LowerCaser, SimpleTokenizer, TextAnalyzer, TokenStream};

fn baseline() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .build()
}

fn count_tokens(analyzer: &mut TextAnalyzer, texts: &[String]) -> usize {
    let mut count = 0;
    for text in texts {
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            count += 1;
        }
    }
    count
}

/// Bytes of the encoded `ar_exact` and `ar_stem` terms of `texts`, as the index build makes them.
fn fused_bytes(analyzer: &mut IndexAnalyzer, out: &mut IndexTerms, texts: &[String]) -> usize {
    let mut bytes = 0;
    for text in texts {
        analyzer.analyze_into(text, out);
        bytes += out.exact.len() + out.stem.len();
    }
    bytes
}

fn bench_dataset(c: &mut Criterion, name: &str, texts: &[String]) {
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut group = c.benchmark_group(format!("analyzer/{name}"));
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    let analyzers = [
        (AR_STEM, analysis::build(AR_STEM).expect("ar_stem")),
        (AR_EXACT, analysis::build(AR_EXACT).expect("ar_exact")),
        ("simple+lowercase", baseline()),
    ];
    for (label, mut analyzer) in analyzers {
        let expected = count_tokens(&mut analyzer, texts);
        group.bench_function(label, |b| {
            b.iter(|| assert_eq!(count_tokens(&mut analyzer, texts), expected))
        });
    }
    let (mut fused, mut out) = (IndexAnalyzer::default(), IndexTerms::default());
    let expected = fused_bytes(&mut fused, &mut out, texts);
    group.bench_function("index_terms", |b| {
        b.iter(|| assert_eq!(fused_bytes(&mut fused, &mut out, texts), expected))
    });
    group.finish();
}

fn analyzer_benches(c: &mut Criterion) {
    let corpus = vec![common::corpus_text(&common::repo_root())];
    bench_dataset(c, "corpus", &corpus);
    if let Some(news) = common::news_sample_texts() {
        bench_dataset(c, "news-sample", &news);
    }
}

criterion_group!(benches, analyzer_benches);

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let report = |name: &str| args.iter().position(|a| a == name);
    if [
        "consistency",
        "conflation",
        "radicals",
        "fa-ka-bases",
        "clitic-words",
    ]
    .iter()
    .any(|r| report(r).is_some())
    {
        let Some(texts) = common::news_sample_texts() else {
            return;
        };
        if report("consistency").is_some() {
            audit::consistency(&texts);
        }
        if report("radicals").is_some() {
            audit::radicals(&texts);
        }
        if report("fa-ka-bases").is_some() {
            audit::fa_ka_bases(&texts);
        }
        if report("clitic-words").is_some() {
            audit::clitic_words(&texts);
        }
        if let Some(i) = report("conflation") {
            let top = args.get(i + 1).and_then(|n| n.parse().ok()).unwrap_or(3000);
            audit::conflation(&texts, top);
        }
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
