//! Relevance ablation: `cargo bench --bench relevance` prints one markdown table per dataset of
//! configuration × metric (nDCG@10, MRR@10, MAP@100, P@5, R@10, R@100), with trec_eval semantics
//! (`fahras::eval`).
//!
//! Datasets: the 75 judged sample topics (`benches/relevance/sample/`, span qrels, on `corpus/`)
//! and ARCD train (`../shared/bench/arcd-train/`, 693 questions, document qrels; skipped with a
//! note when absent).
//!
//! Configurations:
//! * `tantivy default`, `ar_exact`, `ar_stem`, `ar_snowball`: the passages of the fahras index
//!   re-indexed into an in-memory index with one text field and that analyzer; the query is the
//!   analyzer's tokens as SHOULD term queries, BM25 only;
//! * `fahras ranking without Latin-script matching and spelling correction`: the ranking
//!   weights of [`Weights`] through the bench's own retrieval (what `-- sweep` tunes), one line
//!   per document from its best passage;
//! * `best passage per document`: `fahras eval`'s engine with document ranking off (document
//!   qrels only);
//! * `fahras default`: `fahras eval`'s code path ([`fahras::eval::run_topics`]).
//!
//! `cargo bench --bench relevance -- sweep` also tunes the weights of `src/search/rank.rs` by
//! coordinate descent on the mean nDCG@10 of both datasets (all queries at once), and
//! `-- worst` lists the ten worst sample topics of the default configuration, and `-- documents`
//! grids the document-ranking parameters ([`DocumentRanking`]) on the document-qrels datasets,
//! and `-- pairs` grids the term-dependence (word-pair proximity) features on both.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use fahras::eval::retrieve::{hits_to_items, run_options};
use fahras::eval::{
    self, detect_granularity, evaluate, parse_qrels, read_topics, run_topics, EvalReport,
    Granularity, Qrels, RetrievedItem, Run, Scores, Topic, RUN_DEPTH,
};
use fahras::index::{self, build, PassageIndex};
use fahras::search::document::{Bm25, DocumentRanking};
use fahras::search::rank::{compile_with, Weights};
use fahras::search::{candidates_for, parse, Engine};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, STORED,
};
use tantivy::{doc, DocAddress, Index, Searcher, TantivyDocument, Term};

struct Dataset {
    name: &'static str,
    topics: Vec<Topic>,
    qrels: Qrels,
    engine: Engine,
    _dir: tempfile::TempDir,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Builds a fahras index of the files `corpus_files` (copied or linked into a temp folder).
fn dataset(name: &'static str, corpus_files: &[PathBuf], topics: &Path, qrels: &Path) -> Dataset {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).expect("mkdir");
    for file in corpus_files {
        std::fs::copy(file, corpus.join(file.file_name().unwrap())).expect("copy corpus");
    }
    let index_dir = dir.path().join("index");
    build::build(&build::BuildOptions::new(&corpus, &index_dir)).expect("build index");
    let text = std::fs::read_to_string(qrels).expect("qrels");
    let qrels = parse_qrels(
        &text,
        &qrels.display().to_string(),
        detect_granularity(&text),
    )
    .expect("qrels parse");
    Dataset {
        name,
        topics: read_topics(topics).expect("topics"),
        qrels,
        engine: Engine::new(index::open(&index_dir).expect("open")).expect("engine"),
        _dir: dir,
    }
}

fn datasets() -> Vec<Dataset> {
    let sample_dir = root().join("benches/relevance/sample");
    let mut corpus: Vec<PathBuf> = std::fs::read_dir(root().join("corpus"))
        .expect("corpus/")
        .flatten()
        .map(|e| e.path())
        .collect();
    corpus.sort();
    let mut all = vec![dataset(
        "sample (75 topics, span qrels)",
        &corpus,
        &sample_dir.join("topics.tsv"),
        &sample_dir.join("qrels.txt"),
    )];
    let arcd = root().join("../shared/bench/arcd-train");
    if arcd.join("corpus.jsonl").is_file() {
        all.push(dataset(
            "arcd-train (693 questions, document qrels)",
            &[arcd.join("corpus.jsonl")],
            &arcd.join("topics.tsv"),
            &arcd.join("qrels.txt"),
        ));
    } else {
        eprintln!("note: {} not found: ARCD skipped", arcd.display());
    }
    all
}

/// Stored-field handles of whatever index is searched: document id and passage byte range.
#[derive(Clone, Copy)]
struct Stored {
    doc: Field,
    start: Field,
    end: Field,
}

/// The top [`RUN_DEPTH`] items of `query`: one per document (document qrels) or every passage.
fn retrieve(
    searcher: &Searcher,
    query: &dyn Query,
    stored: Stored,
    granularity: Granularity,
) -> Vec<RetrievedItem> {
    let top = searcher
        .search(
            query,
            &TopDocs::with_limit(candidates_for(RUN_DEPTH)).order_by_score(),
        )
        .expect("search");
    items_of(searcher, top, stored, granularity)
}

/// The first [`RUN_DEPTH`] items of the ranked passages `top`.
fn items_of(
    searcher: &Searcher,
    top: Vec<(f32, DocAddress)>,
    stored: Stored,
    granularity: Granularity,
) -> Vec<RetrievedItem> {
    let mut items = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (score, address) in top {
        let doc: TantivyDocument = searcher.doc(address).expect("stored doc");
        let id = doc
            .get_first(stored.doc)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string();
        let number = |f| doc.get_first(f).and_then(|v| v.as_u64()).unwrap_or(0) as usize;
        let span = match granularity {
            Granularity::Document => {
                if !seen.insert(id.clone()) {
                    continue;
                }
                None
            }
            Granularity::Span => Some((number(stored.start), number(stored.end))),
        };
        items.push(RetrievedItem {
            doc: id,
            score: f64::from(score),
            span,
        });
        if items.len() == RUN_DEPTH {
            break;
        }
    }
    items
}

fn to_run(topics: &[Topic], mut answer: impl FnMut(&Topic) -> Vec<RetrievedItem>) -> Run {
    let mut run = Run::new();
    for topic in topics {
        for item in answer(topic) {
            run.push(topic.qid.clone(), item);
        }
    }
    run
}

/// The fahras ranking with `weights` (same query compilation and passage selection as
/// [`Engine::search`] without collapsing).
fn weighted_report(data: &Dataset, weights: &Weights) -> EvalReport {
    let engine_index: &PassageIndex = &data.engine.index;
    let f = engine_index.fields;
    let searcher = engine_index.index.reader().expect("reader").searcher();
    let stored = Stored {
        doc: f.doc_id,
        start: f.start,
        end: f.end,
    };
    let run = to_run(&data.topics, |topic| {
        let compiled = compile_with(&parse(&topic.query), &f, None, weights);
        let top = compiled
            .top_passages(&searcher, candidates_for(RUN_DEPTH))
            .expect("search");
        items_of(&searcher, top, stored, data.qrels.granularity())
    });
    evaluate(&data.qrels, &run)
}

/// The passages of the fahras index re-indexed with one text field analyzed by `tokenizer`.
fn single_field_report(data: &Dataset, tokenizer: &str) -> EvalReport {
    let source = &data.engine.index;
    let f = source.fields;
    let mut builder = Schema::builder();
    let text_options = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let text = builder.add_text_field("text", text_options);
    let doc_id = builder.add_text_field("doc", STORED);
    let start = builder.add_u64_field("start", STORED);
    let end = builder.add_u64_field("end", STORED);
    let index = Index::create_in_ram(builder.build());
    fahras::analysis::register(index.tokenizers());
    let mut writer = index
        .writer_with_num_threads(1, 64_000_000)
        .expect("writer");
    let source_searcher = source.index.reader().expect("reader").searcher();
    for (ordinal, segment) in source_searcher.segment_readers().iter().enumerate() {
        for id in segment.doc_ids_alive() {
            let d: TantivyDocument = source_searcher
                .doc(DocAddress::new(ordinal as u32, id))
                .expect("doc");
            let s = |field| {
                d.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            let n = |field| d.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0);
            writer
                .add_document(doc!(text => s(f.text), doc_id => s(f.doc_id), start => n(f.start), end => n(f.end)))
                .expect("add");
        }
    }
    writer.commit().expect("commit");
    let reader = index.reader().expect("reader");
    let searcher = reader.searcher();
    let mut analyzer = index.tokenizer_for_field(text).expect("tokenizer");
    let stored = Stored {
        doc: doc_id,
        start,
        end,
    };
    let run = to_run(&data.topics, |topic| {
        let mut stream = analyzer.token_stream(&topic.query);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        while let Some(token) = stream.next() {
            clauses.push((
                Occur::Should,
                Box::new(TermQuery::new(
                    Term::from_field_text(text, &token.text),
                    IndexRecordOption::WithFreqs,
                )),
            ));
        }
        if clauses.is_empty() {
            return Vec::new();
        }
        let query = BooleanQuery::new(clauses);
        retrieve(&searcher, &query, stored, data.qrels.granularity())
    });
    evaluate(&data.qrels, &run)
}

fn engine_report(data: &Dataset) -> EvalReport {
    let made = run_topics(&data.engine, &data.topics, data.qrels.granularity()).expect("run");
    evaluate(&data.qrels, &made.run)
}

/// `fahras eval`'s run with document ranking off: each document scored by its best passage.
fn best_passage_report(data: &Dataset) -> EvalReport {
    let granularity = data.qrels.granularity();
    let options = fahras::search::SearchOptions {
        documents: false,
        ..run_options(granularity)
    };
    let run = to_run(&data.topics, |topic| {
        let hits = data
            .engine
            .search(&topic.query, &options)
            .expect("search")
            .hits;
        hits_to_items(&hits, granularity)
    });
    evaluate(&data.qrels, &run)
}

fn row(name: &str, s: &Scores) -> String {
    format!(
        "| {name} | {:.4} | {:.4} | {:.4} | {:.4} | {:.4} | {:.4} |",
        s.ndcg_at_10, s.mrr_at_10, s.map_at_100, s.p_at_5, s.recall_at_10, s.recall_at_100
    )
}

fn ablation(all: &[Dataset]) {
    for data in all {
        println!("\n### {}\n", data.name);
        println!("| configuration | nDCG@10 | MRR@10 | MAP@100 | P@5 | R@10 | R@100 |");
        println!("|---|---|---|---|---|---|---|");
        for (name, tokenizer) in [
            ("tantivy `default` tokenizer, BM25", "default"),
            ("`ar_exact` only, BM25", "ar_exact"),
            ("`ar_stem` (light) only, BM25", "ar_stem"),
            ("`ar_snowball` only, BM25", "ar_snowball"),
        ] {
            println!("{}", row(name, &single_field_report(data, tokenizer).mean));
        }
        println!(
            "{}",
            row(
                "fahras ranking without Latin-script matching and spelling correction, best passage per document",
                &weighted_report(data, &Weights::default()).mean
            )
        );
        if data.qrels.granularity() == Granularity::Document {
            println!(
                "{}",
                row(
                    "fahras default, best passage per document (document ranking off)",
                    &best_passage_report(data).mean
                )
            );
        }
        println!(
            "{}",
            row(
                "fahras default (= `fahras eval`)",
                &engine_report(data).mean
            )
        );
    }
}

/// Grid over the document-ranking parameters ([`DocumentRanking`]) on the datasets with
/// document qrels (span qrels rank passages, which document ranking does not touch).
fn document_sweep(all: &mut [Dataset]) {
    println!("| k1 | b | passage share | dataset | nDCG@10 | MRR@10 | R@10 | R@100 |");
    println!("|---|---|---|---|---|---|---|---|");
    for data in all
        .iter_mut()
        .filter(|d| d.qrels.granularity() == Granularity::Document)
    {
        for k1 in [0.4, 0.6, 0.9, 1.2] {
            for b in [0.75, 0.9, 1.0] {
                for passage_share in [0.0, 0.1, 0.25] {
                    let ranking = DocumentRanking {
                        bm25: Bm25 { k1, b },
                        passage_share,
                        ..DocumentRanking::default()
                    };
                    data.engine.set_document_ranking(ranking);
                    let s = engine_report(data).mean;
                    let mark = if ranking == DocumentRanking::default() {
                        " (default)"
                    } else {
                        ""
                    };
                    println!(
                        "| {k1} | {b} | {passage_share}{mark} | {} | {:.4} | {:.4} | {:.4} | {:.4} |",
                        data.name, s.ndcg_at_10, s.mrr_at_10, s.recall_at_10, s.recall_at_100
                    );
                }
            }
        }
        data.engine.set_document_ranking(DocumentRanking::default());
    }
}

/// Mean nDCG@10 over the datasets: the tuning objective (each dataset counts once).
fn objective(all: &[Dataset], w: &Weights) -> (f64, Vec<f64>) {
    let per: Vec<f64> = all
        .iter()
        .map(|d| weighted_report(d, w).mean.ndcg_at_10)
        .collect();
    (per.iter().sum::<f64>() / per.len() as f64, per)
}

fn sweep(all: &[Dataset]) {
    let mut best = Weights::default();
    let (mut best_score, per) = objective(all, &best);
    println!("start {best:?}: {best_score:.4} {per:.4?}");
    for round in 0..2 {
        for param in 0..4 {
            let candidates: Vec<Weights> = match param {
                0 => [0.0, 0.25, 0.5, 1.0, 1.5]
                    .iter()
                    .map(|&v| Weights {
                        text_exact: v,
                        ..best
                    })
                    .collect(),
                1 => [0.0, 0.15, 0.3, 0.6, 1.0, 1.5, 2.5]
                    .iter()
                    .map(|&v| Weights {
                        title_stem: v,
                        ..best
                    })
                    .collect(),
                2 => [0.0, 0.25, 0.5, 1.0, 2.0]
                    .iter()
                    .map(|&v| Weights {
                        proximity: v,
                        ..best
                    })
                    .collect(),
                _ => [1, 3, 6, 10, 20]
                    .iter()
                    .map(|&v| Weights {
                        proximity_slop: v,
                        ..best
                    })
                    .collect(),
            };
            for w in candidates {
                let (score, per) = objective(all, &w);
                println!("round {round} {w:?}: {score:.4} {per:.4?}");
                if score > best_score + 1e-6 {
                    best_score = score;
                    best = w;
                }
            }
        }
    }
    println!("best {best:?}: {best_score:.4}");
}

fn worst(data: &Dataset) {
    let report = engine_report(data);
    let queries: HashMap<&str, &str> = data
        .topics
        .iter()
        .map(|t| (t.qid.as_str(), t.query.as_str()))
        .collect();
    let made = run_topics(&data.engine, &data.topics, data.qrels.granularity()).expect("run");
    let categories: HashMap<String, String> =
        std::fs::read_to_string(root().join("benches/relevance/sample/topics-categories.tsv"))
            .expect("categories")
            .lines()
            .filter_map(|l| l.split_once('\t'))
            .map(|(q, c)| (q.to_string(), c.to_string()))
            .collect();
    let mut by_category: std::collections::BTreeMap<&str, Vec<f64>> = Default::default();
    for q in &report.per_query {
        by_category
            .entry(categories[&q.qid].as_str())
            .or_default()
            .push(q.scores.ndcg_at_10);
    }
    println!("\nnDCG@10 by category of {}:", data.name);
    for (category, values) in &by_category {
        let mean = values.iter().sum::<f64>() / values.len() as f64;
        println!("| {category} | {} | {mean:.4} |", values.len());
    }
    let mut per = report.per_query.clone();
    per.retain(|q| categories[&q.qid] != "latin");
    per.sort_by(|a, b| a.scores.ndcg_at_10.total_cmp(&b.scores.ndcg_at_10));
    println!("\nworst non-Latin topics of {}:", data.name);
    for q in per.iter().take(10) {
        println!(
            "{} nDCG@10 {:.3} rel {} found@100 {} query {}",
            q.qid,
            q.scores.ndcg_at_10,
            q.num_relevant,
            q.num_relevant_retrieved,
            queries[q.qid.as_str()]
        );
        let ranked = made.run.ranked(&q.qid);
        let grades =
            eval::spans::judge_ranked(data.qrels.topic(&q.qid).unwrap(), ranked.iter().copied());
        for (item, grade) in ranked.iter().zip(&grades).take(5) {
            println!(
                "    {:?} {:?} {:.2} grade {}",
                item.doc, item.span, item.score, grade
            );
        }
        for j in data
            .qrels
            .topic(&q.qid)
            .unwrap()
            .iter()
            .filter(|j| j.grade > 0)
        {
            println!("    judged {} {:?} {}", j.doc, j.span, j.grade);
        }
    }
}

/// Every dataset's scores through `fahras eval`'s code path with `weights` and `ranking`.
fn engine_scores(all: &mut [Dataset], weights: Weights, ranking: DocumentRanking) -> Vec<Scores> {
    all.iter_mut()
        .map(|data| {
            data.engine.set_weights(weights);
            data.engine.set_document_ranking(ranking);
            engine_report(data).mean
        })
        .collect()
}

/// One grid line: the configuration, then per dataset nDCG@10, MRR@10, R@10, R@100, then the
/// mean nDCG@10 (the objective).
fn pair_line(w: &Weights, ranking: &DocumentRanking, scores: &[Scores]) -> (f64, String) {
    let mean = scores.iter().map(|s| s.ndcg_at_10).sum::<f64>() / scores.len() as f64;
    let per: Vec<String> = scores
        .iter()
        .map(|s| {
            format!(
                "{:.4} | {:.4} | {:.4} | {:.4}",
                s.ndcg_at_10, s.mrr_at_10, s.recall_at_10, s.recall_at_100
            )
        })
        .collect();
    let line = format!(
        "| {} | {}~{} | {}~{} | {}~{} | {} | {} | {mean:.4} |",
        w.pair_gaps,
        w.proximity,
        w.proximity_slop,
        w.pair_ordered,
        w.pair_ordered_slop,
        w.pair_window,
        w.pair_window_slop,
        ranking.proximity_share,
        per.join(" | "),
    );
    (mean, line)
}

/// Grid over the term-dependence features of `src/search/rank.rs` (the all-words proximity
/// phrase, ordered pairs and unordered pair windows of adjacent query words) and, for the best
/// passage-level settings, their share at document level ([`DocumentRanking::proximity_share`]),
/// through `fahras eval`'s code path on every dataset; best by mean nDCG@10 printed last.
fn pair_sweep(all: &mut [Dataset]) {
    let names: Vec<&str> = all.iter().map(|d| d.name).collect();
    println!("datasets: {}", names.join(" / "));
    println!("| gaps | all words~slop | ordered pair~slop | window pair~slop | doc share | per dataset nDCG@10, MRR@10, R@10, R@100 | mean nDCG@10 |");
    let base = Weights::default();
    let ranking = DocumentRanking::default();
    let mut lines: Vec<(f64, String, Weights)> = Vec::new();
    for pair_gaps in [false, true] {
        for proximity in [0.0, 0.25] {
            let mut ordered = vec![(0.0, 1)];
            for boost in [0.1, 0.25, 0.5, 1.0] {
                for slop in [0, 1, 2] {
                    ordered.push((boost, slop));
                }
            }
            let mut window = vec![(0.0, 8)];
            for boost in [0.1, 0.25, 0.5] {
                for slop in [4, 8, 16] {
                    window.push((boost, slop));
                }
            }
            for &(pair_ordered, pair_ordered_slop) in &ordered {
                for &(pair_window, pair_window_slop) in &window {
                    if pair_gaps && pair_ordered == 0.0 && pair_window == 0.0 {
                        continue;
                    }
                    let w = Weights {
                        proximity,
                        pair_ordered,
                        pair_ordered_slop,
                        pair_window,
                        pair_window_slop,
                        pair_gaps,
                        ..base
                    };
                    let scores = engine_scores(all, w, ranking);
                    let (mean, line) = pair_line(&w, &ranking, &scores);
                    println!("{line}");
                    lines.push((mean, line, w));
                }
            }
        }
    }
    lines.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!("\nbest 15 (passage level):");
    for (_, line, _) in lines.iter().take(15) {
        println!("{line}");
    }
    println!("\ndocument-level share of the best 5:");
    for (_, _, w) in lines.iter().take(5) {
        for proximity_share in [0.05, 0.1, 0.25, 0.5, 1.0] {
            let r = DocumentRanking {
                proximity_share,
                ..ranking
            };
            let scores = engine_scores(all, *w, r);
            println!("{}", pair_line(w, &r, &scores).1);
        }
    }
    engine_scores(all, base, ranking);
}

/// Grid over the document-level pair features ([`DocumentRanking::pair_ordered`],
/// [`DocumentRanking::pair_window`]) on the datasets with document qrels, with the passage-level
/// weights `weights`.
fn document_pair_sweep(all: &mut [Dataset], weights: Weights) {
    println!("passage weights {weights:?}");
    println!("| ordered~slop | window~slop | dataset | nDCG@10 | MRR@10 | R@10 | R@100 |");
    println!("|---|---|---|---|---|---|---|");
    let mut ordered = vec![(0.0, 1)];
    let mut window = vec![(0.0, 8)];
    for w in [0.05, 0.1, 0.2, 0.3, 0.5] {
        for slop in [0, 1, 2] {
            ordered.push((w, slop));
        }
        for slop in [4, 8, 16] {
            window.push((w, slop));
        }
    }
    for data in all
        .iter_mut()
        .filter(|d| d.qrels.granularity() == Granularity::Document)
    {
        data.engine.set_weights(weights);
        let mut best = (0.0, String::new());
        for &(pair_ordered, pair_ordered_slop) in &ordered {
            for &(pair_window, pair_window_slop) in &window {
                let ranking = DocumentRanking {
                    pair_ordered,
                    pair_ordered_slop,
                    pair_window,
                    pair_window_slop,
                    ..DocumentRanking::default()
                };
                data.engine.set_document_ranking(ranking);
                let s = engine_report(data).mean;
                let line = format!(
                    "| {pair_ordered}~{pair_ordered_slop} | {pair_window}~{pair_window_slop} | {} | {:.4} | {:.4} | {:.4} | {:.4} |",
                    data.name, s.ndcg_at_10, s.mrr_at_10, s.recall_at_10, s.recall_at_100
                );
                println!("{line}");
                if s.ndcg_at_10 > best.0 {
                    best = (s.ndcg_at_10, line);
                }
            }
        }
        println!("best: {}", best.1);
        data.engine.set_weights(Weights::default());
        data.engine.set_document_ranking(DocumentRanking::default());
    }
}

/// Per dataset, how many of the top-10 passages of each query (document ranking off) each kind
/// of proximity feature matches: how often the signal can fire at all.
fn feature_firing(all: &mut [Dataset]) {
    let weights = Weights {
        pair_ordered: 1.0,
        pair_window: 1.0,
        ..Weights::default()
    };
    for data in all.iter_mut() {
        data.engine.set_weights(weights);
        let options = fahras::search::SearchOptions {
            documents: false,
            explain: true,
            limit: 10,
            ..run_options(data.qrels.granularity())
        };
        let mut counts: HashMap<&str, usize> = HashMap::new();
        let mut hits_total = 0;
        for topic in &data.topics {
            let hits = data
                .engine
                .search(&topic.query, &options)
                .expect("search")
                .hits;
            hits_total += hits.len();
            for hit in &hits {
                for kind in ["proximity(", "pair(", "window("] {
                    if hit
                        .explanation
                        .iter()
                        .any(|c| c.clause.starts_with(kind) && c.score > 0.0)
                    {
                        *counts.entry(kind).or_default() += 1;
                    }
                }
            }
        }
        println!(
            "{}: of {hits_total} top-10 passages, all words within the slop {}, an ordered pair {}, a pair within the window {}",
            data.name,
            counts.get("proximity(").unwrap_or(&0),
            counts.get("pair(").unwrap_or(&0),
            counts.get("window(").unwrap_or(&0)
        );
        data.engine.set_weights(Weights::default());
    }
}

/// Per dataset, how many queries' nDCG@10 `weights` and `ranking` raise and lower against the
/// defaults.
fn wins_and_losses(all: &mut [Dataset], weights: Weights, ranking: DocumentRanking) {
    for data in all.iter_mut() {
        let base = engine_report(data);
        data.engine.set_weights(weights);
        data.engine.set_document_ranking(ranking);
        let new = engine_report(data);
        data.engine.set_weights(Weights::default());
        data.engine.set_document_ranking(DocumentRanking::default());
        let (mut up, mut down) = (0, 0);
        for (a, b) in base.per_query.iter().zip(&new.per_query) {
            assert_eq!(a.qid, b.qid);
            let d = b.scores.ndcg_at_10 - a.scores.ndcg_at_10;
            if d > 1e-9 {
                up += 1;
            } else if d < -1e-9 {
                down += 1;
            }
        }
        println!(
            "{}: nDCG@10 {:.4} -> {:.4}, {up} queries up, {down} down",
            data.name, base.mean.ndcg_at_10, new.mean.ndcg_at_10
        );
    }
}

/// Variants of the document-level pair features: every pair of query words (not only adjacent
/// ones) and other BM25 parameters for the pairs.
fn document_pair_variants(all: &mut [Dataset]) {
    println!(
        "| pairs | pair k1, b | ordered~slop | window~slop | nDCG@10 | MRR@10 | R@10 | R@100 |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for data in all
        .iter_mut()
        .filter(|d| d.qrels.granularity() == Granularity::Document)
    {
        for all_pairs in [false, true] {
            for (k1, b) in [(0.6, 1.0), (1.2, 0.75), (1.2, 0.0), (0.3, 1.0)] {
                let mut configs = vec![(0.0, 1, 0.0, 8)];
                for w in [0.03, 0.05, 0.1, 0.2] {
                    configs.push((w, 1, 0.0, 8));
                    for slop in [8, 16, 32] {
                        configs.push((0.0, 1, w, slop));
                    }
                }
                for (pair_ordered, pair_ordered_slop, pair_window, pair_window_slop) in configs {
                    let ranking = DocumentRanking {
                        pair_ordered,
                        pair_ordered_slop,
                        pair_window,
                        pair_window_slop,
                        all_pairs,
                        pair_bm25: Bm25 { k1, b },
                        ..DocumentRanking::default()
                    };
                    data.engine.set_document_ranking(ranking);
                    let s = engine_report(data).mean;
                    println!(
                        "| {} | {k1}, {b} | {pair_ordered}~{pair_ordered_slop} | {pair_window}~{pair_window_slop} | {:.4} | {:.4} | {:.4} | {:.4} |",
                        if all_pairs { "all" } else { "adjacent" },
                        s.ndcg_at_10, s.mrr_at_10, s.recall_at_10, s.recall_at_100
                    );
                }
            }
        }
        data.engine.set_document_ranking(DocumentRanking::default());
    }
}

/// On the document-qrels datasets, for every query whose best relevant document is not first
/// (but in the run), whether the pair features (adjacent query words, ordered within slop 1,
/// and in a window of 8) score it above, equal to or below the document ranked first: what
/// the features could fix at most.
fn pair_diagnosis(all: &[Dataset]) {
    use fahras::search::document::{DocumentScorer, DOCUMENT_BM25};
    for data in all
        .iter()
        .filter(|d| d.qrels.granularity() == Granularity::Document)
    {
        let made = run_topics(&data.engine, &data.topics, data.qrels.granularity()).expect("run");
        let f = data.engine.index.fields;
        let searcher = data.engine.index.index.reader().expect("reader").searcher();
        let documents = {
            let mut ids = std::collections::HashSet::new();
            for seg in searcher.segment_readers() {
                let store = seg.get_store_reader(1).expect("store");
                for doc in seg.doc_ids_alive() {
                    let d: TantivyDocument = store.get(doc).expect("doc");
                    ids.insert(
                        d.get_first(f.doc_id)
                            .and_then(|v| v.as_str())
                            .unwrap_or_default()
                            .to_string(),
                    );
                }
            }
            ids.len() as u64
        };
        let scorer = DocumentScorer::new(&searcher, &f, documents);
        let (mut missed, mut higher, mut equal, mut lower, mut no_pairs) = (0, 0, 0, 0, 0);
        for topic in &data.topics {
            let Some(judged) = data.qrels.topic(&topic.qid) else {
                continue;
            };
            let ranked = made.run.ranked(&topic.qid);
            let relevant = |doc: &str| judged.iter().any(|j| j.doc == doc && j.grade > 0);
            let Some(pos) = ranked.iter().position(|item| relevant(&item.doc)) else {
                continue;
            };
            if pos == 0 {
                continue;
            }
            missed += 1;
            let compiled = compile_with(
                &parse(&topic.query),
                &f,
                Some(data.engine.vocabulary()),
                &Weights::default(),
            );
            if compiled.pairs.is_empty() {
                no_pairs += 1;
                continue;
            }
            let ids = [ranked[0].doc.clone(), ranked[pos].doc.clone()];
            let mut score = [0.0f32; 2];
            for slop in [1, 8] {
                let s = scorer
                    .score_pairs_of(&ids, f.text_stem, &compiled.pairs, slop, 1.0, DOCUMENT_BM25)
                    .expect("pairs");
                score[0] += s[0];
                score[1] += s[1];
            }
            if (score[1] - score[0]).abs() < 1e-6 {
                equal += 1;
            } else if score[1] > score[0] {
                higher += 1;
            } else {
                lower += 1;
            }
        }
        println!(
            "{}: {missed} queries with a relevant document below the first; {no_pairs} with fewer than two query words; pair features of the relevant one higher {higher}, equal {equal}, lower {lower} than the first",
            data.name
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mut all = datasets();
    if args.iter().any(|a| a == "diagnose") {
        pair_diagnosis(&all);
        return;
    }
    if args.iter().any(|a| a == "docvariants") {
        document_pair_variants(&mut all);
        return;
    }
    if args.iter().any(|a| a == "fires") {
        feature_firing(&mut all);
        let passage = Weights {
            pair_window: 0.5,
            ..Weights::default()
        };
        let document = DocumentRanking {
            pair_ordered: 0.1,
            pair_window: 0.05,
            ..DocumentRanking::default()
        };
        println!("passage-level window 0.5~8:");
        wins_and_losses(&mut all, passage, DocumentRanking::default());
        println!("document-level ordered 0.1~1 + window 0.05~8:");
        wins_and_losses(&mut all, Weights::default(), document);
        println!("both:");
        wins_and_losses(&mut all, passage, document);
        return;
    }
    if args.iter().any(|a| a == "docpairs") {
        document_pair_sweep(&mut all, Weights::default());
        return;
    }
    if args.iter().any(|a| a == "pairs") {
        pair_sweep(&mut all);
        return;
    }
    if args.iter().any(|a| a == "documents") {
        document_sweep(&mut all);
        return;
    }
    if args.iter().any(|a| a == "sweep") {
        sweep(&all);
        return;
    }
    if args.iter().any(|a| a == "worst") {
        worst(&all[0]);
        return;
    }
    ablation(&all);
}
