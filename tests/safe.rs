//! Commands that must not hurt (issue 14, item 7): an index is only ever updated from its own
//! corpus, and the stale notice speaks of that corpus and nothing else.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::SystemTime;

use walkdir::WalkDir;

use crate::util::{copy_sample_corpus, fahras, run_index, stderr_without_match_count};

/// Every file below `dir`: its bytes and modification time. The writer lock is left out: every
/// `fahras index` run takes it and writes its pid there, refused runs included.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
    WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file() && e.file_name() != "fahras.lock")
        .map(|e| {
            let bytes = fs::read(e.path()).expect("read");
            let mtime = e.metadata().expect("meta").modified().expect("mtime");
            (e.path().to_path_buf(), (bytes, mtime))
        })
        .collect()
}

fn index(corpus: &Path, index: &Path, extra: &[&str]) -> Output {
    run_index(corpus, index, &[&["--quiet"], extra].concat())
}

/// `fahras search --index INDEX QUERY` run from `cwd`, without `--corpus`.
fn search_from(cwd: &Path, index: &Path, query: &str) -> Output {
    fahras()
        .current_dir(cwd)
        .args(["search", "--format", "json", "--index"])
        .arg(index)
        .arg(query)
        .output()
        .expect("runs")
}

fn stderr(output: &Output) -> String {
    stderr_without_match_count(output)
}

/// A corpus of one JSONL article, in `dir/name`.
fn other_corpus(dir: &Path, name: &str) -> PathBuf {
    let corpus = dir.join(name);
    fs::create_dir_all(&corpus).expect("mkdir");
    fs::write(
        corpus.join("feed.jsonl"),
        "{\"id\": \"x1\", \"title\": \"خبر\", \"text\": \"وصل الوفد إلى مطار البصرة الدولي.\"}\n",
    )
    .expect("write");
    corpus
}

#[test]
fn indexing_another_corpus_into_an_index_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = copy_sample_corpus(dir.path());
    let other = other_corpus(dir.path(), "other");
    let index_dir = dir.path().join("index");
    assert_eq!(index(&corpus, &index_dir, &[]).status.code(), Some(0));
    let before = snapshot(&index_dir);

    let refused = index(&other, &index_dir, &[]);
    assert_eq!(refused.status.code(), Some(2));
    let message = stderr(&refused);
    let canonical = |p: &Path| p.canonicalize().expect("canonical").display().to_string();
    assert!(message.contains(&canonical(&corpus)), "{message}");
    assert!(message.contains(&canonical(&other)), "{message}");
    assert!(message.contains("--rebuild"), "{message}");
    assert_eq!(
        snapshot(&index_dir),
        before,
        "the refused run touched the index"
    );

    // The index still answers, from its own corpus, without a stale notice.
    let search = search_from(dir.path(), &index_dir, "عين الأسد");
    assert_eq!(search.status.code(), Some(0), "{}", stderr(&search));
    assert_eq!(stderr(&search), "");

    // A search naming the other corpus says whose index it is, and searches it as it is.
    let named = fahras()
        .args(["search", "--corpus"])
        .arg(&other)
        .arg("--index")
        .arg(&index_dir)
        .arg("عين الأسد")
        .output()
        .expect("runs");
    assert_eq!(named.status.code(), Some(0));
    let notice = stderr(&named);
    assert!(
        notice.contains("was built from") && notice.contains(&canonical(&corpus)),
        "{notice}"
    );
    assert_eq!(snapshot(&index_dir), before);

    // `--rebuild` replaces it.
    assert_eq!(
        index(&other, &index_dir, &["--rebuild"]).status.code(),
        Some(0)
    );
    let search = search_from(dir.path(), &index_dir, "البصرة");
    assert_eq!(search.status.code(), Some(0), "{}", stderr(&search));
}

#[test]
fn an_index_inside_its_corpus_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = copy_sample_corpus(dir.path());
    for inside in [corpus.join("index"), corpus.clone()] {
        let output = index(&corpus, &inside, &[]);
        assert_eq!(output.status.code(), Some(2), "{}", inside.display());
        assert!(
            stderr(&output).contains("inside the corpus"),
            "{}",
            stderr(&output)
        );
    }
    assert!(!corpus.join("index").exists());
    assert!(!corpus.join("data.new").exists());
}

#[test]
fn the_stale_notice_names_the_index_own_corpus_and_its_command_works() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = copy_sample_corpus(dir.path());
    let index_dir = dir.path().join("index");
    assert_eq!(index(&corpus, &index_dir, &[]).status.code(), Some(0));
    // Run from a folder whose own `corpus/` is another one: it is none of the search's business.
    let elsewhere = dir.path().join("elsewhere");
    other_corpus(&elsewhere, "corpus");
    let quiet = search_from(&elsewhere, &index_dir, "عين الأسد");
    assert_eq!(quiet.status.code(), Some(0));
    assert_eq!(stderr(&quiet), "", "nothing changed in the index's corpus");

    fs::write(
        corpus.join("999_new.txt"),
        "خبر جديد\n\nوصل وفد إلى مطار الموصل الدولي بعد إعادة افتتاحه.\n",
    )
    .expect("write");
    let stale = search_from(&elsewhere, &index_dir, "عين الأسد");
    let notice = stderr(&stale);
    let command = notice
        .split('`')
        .nth(1)
        .unwrap_or_else(|| panic!("no command in {notice}"));
    let expected = format!(
        "fahras index --corpus {} --index {}",
        corpus.canonicalize().expect("canonical").display(),
        index_dir.display()
    );
    assert_eq!(command, expected, "{notice}");
    // The suggestion, run from the same folder, updates the index and silences the notice.
    let words: Vec<&str> = command.split(' ').skip(1).collect();
    let update = fahras()
        .current_dir(&elsewhere)
        .args(&words)
        .output()
        .expect("runs");
    assert_eq!(update.status.code(), Some(0), "{}", stderr(&update));
    let found = search_from(&elsewhere, &index_dir, "مطار الموصل");
    assert_eq!(found.status.code(), Some(0));
    assert_eq!(stderr(&found), "");
    assert!(String::from_utf8_lossy(&found.stdout).contains("999_new.txt"));
}

#[test]
fn files_that_give_no_article_do_not_make_the_index_stale() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = copy_sample_corpus(dir.path());
    fs::write(corpus.join("empty.txt"), "").expect("write");
    fs::write(corpus.join("image.txt"), [0u8, 159, 146, 150, 0, 1, 2, 3]).expect("write");
    let index_dir = dir.path().join("index");
    assert_eq!(index(&corpus, &index_dir, &[]).status.code(), Some(0));
    let before = snapshot(&index_dir);
    let output = search_from(dir.path(), &index_dir, "عين الأسد");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stderr(&output), "");
    // A second run has nothing to do and still reports what it skips (`--strict` stays honest).
    let again = index(&corpus, &index_dir, &["--strict"]);
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(snapshot(&index_dir), before);
    let summary = fahras()
        .args(["index", "--json", "--index"])
        .arg(&index_dir)
        .output()
        .expect("runs");
    let summary: serde_json::Value = serde_json::from_slice(&summary.stdout).expect("json");
    assert_eq!(summary["indexed_files"], 0, "{summary}");
    assert_eq!(
        summary["skipped"].as_array().map(Vec::len),
        Some(2),
        "{summary}"
    );
}
