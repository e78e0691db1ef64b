//! `fahras index` and `fahras stats`: ingest, encodings, bad inputs, incremental updates, recovery.

use std::fs;
use std::path::Path;
use std::time::Duration;

use fahras::index;
use serde_json::Value;
use tantivy::schema::Value as _;
use tantivy::{collector::DocSetCollector, query::AllQuery, TantivyDocument};

use crate::util::{copy_sample_corpus, fahras, kill_index_run, run_index, stats_json};

/// Runs `fahras index --json` and returns its summary.
fn index_json(corpus: &Path, index: &Path, extra: &[&str]) -> (Value, i32) {
    let output = run_index(corpus, index, &[&["--json"], extra].concat());
    let code = output.status.code().unwrap_or(-1);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let summary = serde_json::from_str(stdout.trim()).unwrap_or(Value::Null);
    (summary, code)
}

/// (doc id, passage text) of every passage in the index.
fn passages(index_dir: &Path) -> Vec<(String, String)> {
    let opened = index::open(index_dir).expect("index opens");
    let searcher = opened.index.reader().expect("reader").searcher();
    let addresses = searcher
        .search(&AllQuery, &DocSetCollector)
        .expect("search");
    let mut out: Vec<(String, String)> = addresses
        .into_iter()
        .map(|address| {
            let doc: TantivyDocument = searcher.doc(address).expect("stored doc");
            let get = |field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            (get(opened.fields.doc_id), get(opened.fields.text))
        })
        .collect();
    out.sort();
    out
}

fn skipped(summary: &Value) -> Vec<String> {
    summary["skipped"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn indexes_the_sample_corpus_without_boilerplate() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = copy_sample_corpus(dir.path());
    let index_dir = dir.path().join("index");
    let (summary, code) = index_json(&corpus, &index_dir, &[]);
    assert_eq!(code, 0, "{summary}");
    assert_eq!(summary["documents"], 5);
    assert!(summary["passages"].as_u64().unwrap_or(0) >= 20, "{summary}");
    let all = passages(&index_dir);
    let texts: Vec<&str> = all.iter().map(|(_, t)| t.as_str()).collect();
    assert!(texts.iter().any(|t| t.contains("عين الأسد")));
    for chrome in [
        "شارك",
        "آخر الأخبار",
        "منذ 3 شهور",
        "حمل تطبيق آخر خبر",
        "أخبار ذات صلة",
    ] {
        assert!(
            !texts
                .iter()
                .any(|t| t.trim() == chrome || t.starts_with(chrome)),
            "chrome line `{chrome}` is in a passage"
        );
    }
}

#[test]
fn txt_and_jsonl_with_encodings_and_bad_inputs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join("corpus");
    fs::create_dir_all(corpus.join("sub")).expect("mkdir");
    // UTF-8 with BOM and CRLF line ends.
    fs::write(
        corpus.join("bom.txt"),
        "\u{FEFF}عنوان الخبر\r\nزار الوفد قاعدة عين الأسد في محافظة الأنبار أمس.\r\n",
    )
    .expect("write");
    // UTF-16 LE with BOM.
    let utf16: Vec<u8> = std::iter::once(0xFEFFu16)
        .chain("أربيل\nوصل الوفد إلى أربيل عاصمة إقليم كردستان.\n".encode_utf16())
        .flat_map(u16::to_le_bytes)
        .collect();
    fs::write(corpus.join("sub/utf16.txt"), utf16).expect("write");
    // Windows-1256.
    let (cp1256, _, _) = encoding_rs::WINDOWS_1256
        .encode("يونامي\nأنهت بعثة يونامي عملها في العراق بعد سنوات طويلة من العمل.\n");
    fs::write(corpus.join("cp1256.txt"), &cp1256).expect("write");
    // Empty, binary, and another extension.
    fs::write(corpus.join("empty.txt"), "").expect("write");
    fs::write(corpus.join("image.txt"), [0u8, 159, 146, 150, 0, 1, 2, 3]).expect("write");
    fs::write(corpus.join("notes.md"), "# notes").expect("write");
    // JSONL with a malformed middle line.
    fs::write(
        corpus.join("feed.jsonl"),
        concat!(
            r#"{"id": "a1", "title": "الأول", "text": "خبر أول عن مطار بغداد الدولي.", "date": "2024-09-27", "source": "واع"}"#,
            "\n",
            r#"{"id": "a2", "title": "#,
            "\n",
            r#"{"id": "a3", "title": "الثالث", "text": "خبر ثالث عن قاعدة حرير في أربيل."}"#,
            "\n"
        ),
    )
    .expect("write");
    let index_dir = dir.path().join("index");
    let (summary, code) = index_json(&corpus, &index_dir, &[]);
    assert_eq!(code, 0, "{summary}");
    let skipped = skipped(&summary);
    assert!(
        skipped.iter().any(|s| s.starts_with("feed.jsonl:2:")),
        "{skipped:?}"
    );
    assert!(
        skipped.iter().any(|s| s.starts_with("empty.txt")),
        "{skipped:?}"
    );
    assert!(
        skipped
            .iter()
            .any(|s| s.starts_with("image.txt") && s.contains("binary")),
        "{skipped:?}"
    );
    assert_eq!(summary["ignored_other_extensions"], 1);
    let all = passages(&index_dir);
    let ids: Vec<&str> = all.iter().map(|(id, _)| id.as_str()).collect();
    for id in ["bom.txt", "sub/utf16.txt", "cp1256.txt", "a1", "a3"] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
    let text_of = |id: &str| {
        all.iter()
            .filter(|(d, _)| d == id)
            .map(|(_, t)| t.clone())
            .collect::<String>()
    };
    assert!(text_of("cp1256.txt").contains("بعثة يونامي"));
    assert!(text_of("sub/utf16.txt").contains("كردستان"));
    // CRLF: the carriage return never ends a passage (it may sit between merged lines).
    let bom = text_of("bom.txt");
    assert!(bom.contains("عين الأسد") && !bom.ends_with('\r') && !bom.starts_with('\u{FEFF}'));
    // --strict turns skipped inputs into exit status 1 while still committing the index.
    let (_, strict_code) = index_json(&corpus, &index_dir, &["--strict", "--rebuild"]);
    assert_eq!(strict_code, 1);
    assert!(index::open(&index_dir).is_ok());
}

#[cfg(unix)]
#[test]
fn symlink_loop_is_skipped_not_fatal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = copy_sample_corpus(dir.path());
    std::os::unix::fs::symlink(&corpus, corpus.join("loop")).expect("symlink");
    let (summary, code) = index_json(&corpus, &dir.path().join("index"), &[]);
    assert_eq!(code, 0, "{summary}");
    assert_eq!(summary["documents"], 5);
    assert!(
        skipped(&summary).iter().any(|s| s.contains("loop")),
        "{summary}"
    );
}

#[test]
fn incremental_update_reindexes_only_what_changed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = copy_sample_corpus(dir.path());
    let index_dir = dir.path().join("index");
    let (first, _) = index_json(&corpus, &index_dir, &[]);
    assert_eq!(first["indexed_files"], 5);

    let (noop, _) = index_json(&corpus, &index_dir, &[]);
    assert_eq!(noop["indexed_files"], 0);
    assert_eq!(noop["unchanged_files"], 5);

    // Edit one file: only it is read again, and its new text is searchable.
    let edited = corpus.join("004_015bb4e44a3158bc.txt");
    let mut text = fs::read_to_string(&edited).expect("read");
    text.push_str("\nفقرة جديدة عن مطار الموصل الدولي الذي أعيد افتتاحه بعد سنوات من الإغلاق.\n");
    std::thread::sleep(Duration::from_millis(20));
    fs::write(&edited, text).expect("write");
    let (edit, _) = index_json(&corpus, &index_dir, &[]);
    assert_eq!(edit["indexed_files"], 1, "{edit}");
    assert_eq!(edit["unchanged_files"], 4);
    assert!(passages(&index_dir)
        .iter()
        .any(|(_, t)| t.contains("مطار الموصل")));

    // Delete one, add one.
    fs::remove_file(corpus.join("000_8703aa2f0983bf6f.txt")).expect("remove");
    fs::write(
        corpus.join("new.txt"),
        "خبر جديد\nوصل وفد إلى مدينة البصرة لبحث مشاريع الطاقة.\n",
    )
    .expect("write");
    let (update, _) = index_json(&corpus, &index_dir, &[]);
    assert_eq!(update["removed_files"], 1, "{update}");
    assert_eq!(update["indexed_files"], 1, "{update}");
    assert_eq!(update["documents"], 5);
    let ids: Vec<String> = passages(&index_dir).into_iter().map(|(id, _)| id).collect();
    assert!(ids.iter().any(|id| id == "new.txt"));
    assert!(!ids.iter().any(|id| id == "000_8703aa2f0983bf6f.txt"));
}

#[test]
fn interrupted_rebuild_leaves_the_previous_index_searchable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = copy_sample_corpus(dir.path());
    let index_dir = dir.path().join("index");
    let (first, _) = index_json(&corpus, &index_dir, &[]);
    let passages_before = first["passages"].clone();

    // A corpus large enough that the rebuild is still running when it is killed.
    let mut big = String::new();
    for i in 0..40_000 {
        big.push_str(&format!(
            "{{\"id\": \"n{i}\", \"title\": \"خبر {i}\", \"text\": \"{}\"}}\n",
            "أعلنت اللجنة العسكرية العليا إخلاء القواعد من مستشاري التحالف الدولي. ".repeat(20)
        ));
    }
    fs::write(corpus.join("big.jsonl"), big).expect("write");
    kill_index_run(
        &corpus,
        &index_dir,
        &["--rebuild"],
        Duration::from_millis(700),
        "the rebuild finished before it could be interrupted: make the corpus bigger",
    );

    // The previous index is intact and searchable.
    let (stats, code) = stats_json(&index_dir);
    assert_eq!(code, Some(0));
    assert_eq!(stats["passages"], passages_before);

    // The next run succeeds without manual clean-up.
    fs::remove_file(corpus.join("big.jsonl")).expect("remove");
    let (again, code) = index_json(&corpus, &index_dir, &["--rebuild"]);
    assert_eq!(code, 0, "{again}");
    assert_eq!(again["documents"], 5);
}

#[test]
fn missing_corpus_fails_with_exit_2_and_names_the_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("nope");
    fahras()
        .arg("index")
        .arg("--corpus")
        .arg(&missing)
        .arg("--index")
        .arg(dir.path().join("index"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("nope"));
}

#[test]
fn stats_reports_the_schema_and_terms() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = copy_sample_corpus(dir.path());
    let index_dir = dir.path().join("index");
    index_json(&corpus, &index_dir, &[]);
    let (stats, code) = stats_json(&index_dir);
    assert_eq!(code, Some(0));
    assert_eq!(stats["documents"], 5);
    assert_eq!(stats["schema_version"], index::SCHEMA_VERSION);
    assert!(stats["size_bytes"].as_u64().unwrap_or(0) > 0);
    assert!(stats["analyzers"].to_string().contains("ar_stem"));
}

#[test]
fn index_of_another_schema_version_asks_for_a_rebuild() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = copy_sample_corpus(dir.path());
    let index_dir = dir.path().join("index");
    index_json(&corpus, &index_dir, &[]);
    let info_path = index_dir.join("data/fahras.json");
    let info = fs::read_to_string(&info_path).expect("info");
    fs::write(
        &info_path,
        info.replace(
            &format!("\"schema_version\": {}", index::SCHEMA_VERSION),
            "\"schema_version\": 0",
        ),
    )
    .expect("write");
    fahras()
        .arg("stats")
        .arg("--index")
        .arg(&index_dir)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("fahras index --rebuild"));
    let (_, code) = index_json(&corpus, &index_dir, &["--rebuild"]);
    assert_eq!(code, 0);
}

#[test]
fn stats_speak_of_articles_dates_sources_and_staleness() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = copy_sample_corpus(dir.path());
    fs::write(
        corpus.join("feed.jsonl"),
        concat!(
            r#"{"id": "a1", "title": "الأول", "text": "خبر أول عن مطار بغداد.", "date": "15/08/2015", "source": "واع"}"#,
            "\n",
            r#"{"id": "a2", "title": "الثاني", "text": "خبر ثان عن مطار أربيل.", "source": "واع"}"#,
            "\n"
        ),
    )
    .expect("write");
    let index_dir = dir.path().join("index");
    index_json(&corpus, &index_dir, &[]);
    let stats = |json: bool| {
        let mut command = fahras();
        command.arg("stats").arg("--index").arg(&index_dir);
        if json {
            command.arg("--json");
        }
        let output = command.output().expect("runs");
        assert_eq!(output.status.code(), Some(0));
        String::from_utf8(output.stdout).expect("UTF-8")
    };
    let text = stats(false);
    assert!(text.contains("articles:    7 ("), "{text}");
    assert!(text.contains("KiB on disk"), "{text}");
    assert!(
        !text.contains("text_stem") && !text.contains("bytes"),
        "{text}"
    );
    assert!(
        text.contains("dates:       2015-08-15 to 2021-12-21 (2 of 7 articles dated)"),
        "{text}"
    );
    assert!(text.contains("\u{2068}واع\u{2069} 2"), "{text}");
    assert!(text.contains("unchanged since the build"), "{text}");
    let json: Value = serde_json::from_str(&stats(true)).expect("JSON");
    assert_eq!(json["first_date"], "2015-08-15");
    assert_eq!(json["sources"][0], serde_json::json!(["واع", 2]));
    assert_eq!(json["stale"], false);

    fs::write(corpus.join("new.txt"), "خبر\n\nنص خبر جديد عن البصرة.\n").expect("write");
    let text = stats(false);
    let expected = format!(
        "changed since the build: `fahras index --corpus {} --index {}`",
        corpus.canonicalize().expect("canonical").display(),
        index_dir.display()
    );
    assert!(text.contains(&expected), "{text}");
}
