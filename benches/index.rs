//! Whole-process indexing of the news sample (`fahras index --rebuild` as a child process) and, in
//! the same run, a plain-tantivy baseline: the same documents, one text field, tantivy's `default`
//! tokenizer, two indexing threads, nothing stored. Also prints the index size against the input.
//! Run: `cargo bench --bench index`. Skipped with a message when the news sample is absent.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use fahras::index::stats::dir_size;
use tantivy::schema::{Schema, TEXT};
use tantivy::{doc, Index};

fn fahras_index(corpus: &Path, index: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_fahras"))
        .arg("index")
        .arg("--rebuild")
        .arg("--quiet")
        .arg("--corpus")
        .arg(corpus)
        .arg("--index")
        .arg(index)
        .status()
        .expect("fahras runs");
    assert!(status.success(), "fahras index failed");
}

fn plain_tantivy(jsonl: &Path, index_dir: &Path) -> u64 {
    let _ = fs::remove_dir_all(index_dir);
    fs::create_dir_all(index_dir).expect("mkdir");
    let mut builder = Schema::builder();
    let body = builder.add_text_field("body", TEXT);
    let index = Index::create_in_dir(index_dir, builder.build()).expect("create");
    let mut writer = index
        .writer_with_num_threads(2, 256 * 1024 * 1024)
        .expect("writer");
    let text = fs::read_to_string(jsonl).expect("read");
    let mut count = 0;
    for line in text.lines() {
        let value: serde_json::Value = serde_json::from_str(line).expect("JSON");
        let title = value["title"].as_str().unwrap_or_default();
        let text = value["text"].as_str().unwrap_or_default();
        writer
            .add_document(doc!(body => format!("{title}\n{text}")))
            .expect("add");
        count += 1;
    }
    writer.commit().expect("commit");
    writer.wait_merging_threads().expect("merge");
    count
}

fn index_benches(c: &mut Criterion) {
    let Some(texts) = common::news_sample_texts() else {
        return;
    };
    let work = tempfile::tempdir().expect("tempdir");
    let corpus = work.path().join("corpus");
    fs::create_dir_all(&corpus).expect("mkdir");
    let jsonl = corpus.join("news.jsonl");
    let Some(sample) = common::news_sample_path() else {
        return;
    };
    let decoder =
        zstd::stream::read::Decoder::new(fs::File::open(sample).expect("open")).expect("zstd");
    let mut out = fs::File::create(&jsonl).expect("create");
    std::io::copy(&mut std::io::BufReader::new(decoder), &mut out).expect("decompress");
    let input_bytes = fs::metadata(&jsonl).expect("size").len();

    let fahras_dir = work.path().join("fahras-index");
    let baseline_dir = work.path().join("tantivy-index");
    let mut group = c.benchmark_group("index/news-sample");
    group.throughput(Throughput::Bytes(input_bytes));
    group.sample_size(10);
    group.bench_function("fahras index (process)", |b| {
        b.iter(|| fahras_index(&corpus, &fahras_dir))
    });
    group.bench_function("plain tantivy default", |b| {
        b.iter(|| assert_eq!(plain_tantivy(&jsonl, &baseline_dir) as usize, texts.len()))
    });
    group.finish();
    let size = dir_size(&fahras_dir.join("data"));
    eprintln!(
        "index size: fahras {size} bytes = {:.2}x input ({input_bytes} bytes); plain tantivy {} bytes",
        size as f64 / input_bytes as f64,
        dir_size(&baseline_dir)
    );
}

criterion_group!(benches, index_benches);
criterion_main!(benches);
