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
//! * `best passage per document`: `fahras eval`'s engine with document ranking off (document
//!   qrels only);
//! * `fahras default`: `fahras eval`'s code path ([`fahras::eval::run_topics`]).
//!
//! `cargo bench --bench relevance -- sweep` also tunes the weights of `src/search/rank.rs`
//! ([`Weights`], set on the engine: the same plan, compilation and ranking as `fahras eval`) by
//! coordinate descent on the mean nDCG@10 of both datasets (all queries at once), and
//! `-- worst` lists the ten worst sample topics of the default configuration, and `-- documents`
//! grids the document-ranking parameters ([`DocumentRanking`]) on the document-qrels datasets;
//! `-- answers` sets the ARCD figures for the judged paragraph beside those for any paragraph
//! holding the answer string (its paragraphs overlap).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use fahras::eval::retrieve::{hits_to_items, run_options};
use fahras::eval::{
    self, detect_granularity, evaluate, parse_qrels, read_topics, run_topics, EvalReport,
    Granularity, Qrels, RetrievedItem, Run, Scores, Topic, RUN_DEPTH,
};
use fahras::index::{self, build};
use fahras::search::document::{Bm25, DocumentRanking};
use fahras::search::rank::Weights;
use fahras::search::{candidates_for, Engine};
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

/// Mean nDCG@10 over the datasets of `fahras eval`'s run (the search users run) with the
/// weights `w`: the tuning objective (each dataset counts once).
fn objective(all: &mut [Dataset], w: &Weights) -> (f64, Vec<f64>) {
    let per: Vec<f64> = all
        .iter_mut()
        .map(|d| {
            d.engine.set_weights(*w);
            let ndcg = engine_report(d).mean.ndcg_at_10;
            d.engine.set_weights(Weights::default());
            ndcg
        })
        .collect();
    (per.iter().sum::<f64>() / per.len() as f64, per)
}

fn sweep(all: &mut [Dataset]) {
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

/// Whitespace runs folded to one space: 6 ARCD answers differ from their paragraph only there.
fn fold_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `-- answers`: ARCD judges one paragraph per question, but its paragraphs overlap (its README:
/// for 476 of the 1,395 questions the answer string is also in another paragraph), so a top
/// paragraph that holds the answer can count as a miss. Prints, for the default configuration,
/// the judged-paragraph figures beside the same figures for "a paragraph containing the answer
/// string" (`answers.jsonl`). Containment over-counts short answers (a year appears in many
/// paragraphs): a complement to the judged figures, not a replacement.
fn answers(data: &Dataset) {
    let arcd = root().join("../shared/bench/arcd-train");
    let mut texts: HashMap<String, String> = HashMap::new();
    for line in std::fs::read_to_string(arcd.join("corpus.jsonl"))
        .expect("corpus.jsonl")
        .lines()
    {
        let record: serde_json::Value = serde_json::from_str(line).expect("corpus line");
        texts.insert(
            record["id"].as_str().expect("id").to_string(),
            fold_spaces(record["text"].as_str().expect("text")),
        );
    }
    let mut answers: HashMap<String, Vec<String>> = HashMap::new();
    for line in std::fs::read_to_string(arcd.join("answers.jsonl"))
        .expect("answers.jsonl")
        .lines()
    {
        let record: serde_json::Value = serde_json::from_str(line).expect("answers line");
        let list = record["answers"].as_array().expect("answers");
        answers.insert(
            record["qid"].as_str().expect("qid").to_string(),
            list.iter()
                .filter_map(|a| a.as_str())
                .map(fold_spaces)
                .filter(|a| !a.is_empty())
                .collect(),
        );
    }
    let made = run_topics(&data.engine, &data.topics, data.qrels.granularity()).expect("run");
    // Per criterion (judged paragraph, answer-containing paragraph): top-1 hits, reciprocal
    // ranks within 10, found within 10.
    let mut sums = [[0.0f64; 3]; 2];
    let mut judged_miss_with_answer = 0;
    for topic in &data.topics {
        let judged: Vec<&str> = data
            .qrels
            .topic(&topic.qid)
            .unwrap_or(&[])
            .iter()
            .filter(|j| j.grade > 0)
            .map(|j| j.doc.as_str())
            .collect();
        let wanted = answers.get(&topic.qid).cloned().unwrap_or_default();
        let holds_answer = |doc: &str| {
            texts
                .get(doc)
                .is_some_and(|text| wanted.iter().any(|a| text.contains(a.as_str())))
        };
        let ranked = made.run.ranked(&topic.qid);
        let top10: Vec<&str> = ranked.iter().take(10).map(|i| i.doc.as_str()).collect();
        let criteria: [&dyn Fn(&str) -> bool; 2] = [&|d| judged.contains(&d), &holds_answer];
        for (sum, matches) in sums.iter_mut().zip(criteria) {
            if let Some(rank) = top10.iter().position(|d| matches(d)) {
                sum[0] += f64::from(u8::from(rank == 0));
                sum[1] += 1.0 / (rank + 1) as f64;
                sum[2] += 1.0;
            }
        }
        if let Some(first) = top10.first() {
            if !judged.contains(first) && holds_answer(first) {
                judged_miss_with_answer += 1;
            }
        }
    }
    let n = data.topics.len() as f64;
    println!("\n{} — fahras default\n", data.name);
    println!("| relevant = | top 1 | MRR@10 | in top 10 |");
    println!("|---|---|---|---|");
    for (label, sum) in ["the judged paragraph", "a paragraph holding the answer"]
        .iter()
        .zip(sums)
    {
        println!(
            "| {label} | {:.4} | {:.4} | {:.4} |",
            sum[0] / n,
            sum[1] / n,
            sum[2] / n
        );
    }
    println!(
        "\n{judged_miss_with_answer} of {} questions rank first a paragraph that is not the judged one but holds the answer.",
        data.topics.len()
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mut all = datasets();
    if args.iter().any(|a| a == "documents") {
        document_sweep(&mut all);
        return;
    }
    if args.iter().any(|a| a == "sweep") {
        sweep(&mut all);
        return;
    }
    if args.iter().any(|a| a == "answers") {
        match all.iter().find(|d| d.name.starts_with("arcd")) {
            Some(arcd) => answers(arcd),
            None => eprintln!("arcd-train not found beside the repository: nothing to do"),
        }
        return;
    }
    if args.iter().any(|a| a == "worst") {
        worst(&all[0]);
        return;
    }
    ablation(&all);
}
