//! Never lose what the user has (issue 15): one reproduction per fault, kept as a test.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

use crate::util::{copy_sample_corpus, fahras, run_index, stats_json};

fn index(corpus: &Path, index: &Path, extra: &[&str]) -> Output {
    run_index(corpus, index, &[&["--json"], extra].concat())
}

fn summary(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or(Value::Null)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `fahras search --format json --index INDEX QUERY` from the repository root.
fn search(index: &Path, query: &str) -> Output {
    fahras()
        .args(["search", "--format", "json", "--index"])
        .arg(index)
        .arg(query)
        .output()
        .expect("runs")
}

/// The doc ids of the JSON hits of `output`, one per passage hit.
fn hit_docs(output: &Output) -> Vec<String> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter_map(|hit| hit["doc"].as_str().map(String::from))
        .collect()
}

/// A project folder `dir/proj` with the sample corpus in `proj/corpus`.
fn project(dir: &Path) -> (PathBuf, PathBuf) {
    let proj = dir.join("proj");
    fs::create_dir_all(&proj).expect("mkdir");
    let corpus = copy_sample_corpus(&proj);
    (proj, corpus)
}

// Item 1: a `data/`, `data.new/` or `data.old/` fahras did not create is never deleted.

#[test]
fn a_users_data_folder_in_the_index_directory_is_refused_and_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (proj, _) = project(dir.path());
    fs::create_dir_all(proj.join("data/photos")).expect("mkdir");
    fs::write(proj.join("data/notes.txt"), "notes\n").expect("write");
    let output = fahras()
        .current_dir(&proj)
        .args(["search", "--index", ".", "السعودية"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains("data") && message.contains("not a fahras index folder"),
        "{message}"
    );
    assert_eq!(
        fs::read_to_string(proj.join("data/notes.txt")).expect("notes kept"),
        "notes\n"
    );
    assert!(proj.join("data/photos").is_dir());
}

#[test]
fn foreign_data_new_and_data_old_folders_are_refused_and_kept() {
    for name in ["data.new", "data.old"] {
        let dir = tempfile::tempdir().expect("tempdir");
        let (proj, corpus) = project(dir.path());
        let index_dir = proj.join("index");
        fs::create_dir_all(index_dir.join(name)).expect("mkdir");
        fs::write(index_dir.join(name).join("notes.txt"), "notes\n").expect("write");
        let output = index(&corpus, &index_dir, &["--rebuild"]);
        assert_eq!(output.status.code(), Some(2), "{name}: {}", stderr(&output));
        assert!(stderr(&output).contains(name), "{}", stderr(&output));
        assert!(index_dir.join(name).join("notes.txt").is_file(), "{name}");
    }
}

#[test]
fn indexes_built_before_the_marker_are_still_rebuilt_and_updated() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (proj, corpus) = project(dir.path());
    let index_dir = proj.join("index");
    assert_eq!(index(&corpus, &index_dir, &[]).status.code(), Some(0));
    // An index of an older fahras: no marker.
    fs::remove_file(index_dir.join("data/fahras-index")).expect("marker");
    let output = index(&corpus, &index_dir, &["--rebuild"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(summary(&output)["documents"], 5);
    assert!(index_dir.join("data/fahras-index").is_file());
}

// Item 2: passages are never indexed twice, whatever happened to the manifest.

/// The passages in the index, from `fahras stats`.
fn passage_count(index_dir: &Path) -> u64 {
    stats_json(index_dir).0["passages"].as_u64().unwrap_or(0)
}

/// `doc:ID` returns each passage of the article once.
fn assert_no_duplicate_passages(index_dir: &Path, id: &str) {
    let output = fahras()
        .args([
            "search",
            "--format",
            "json",
            "--no-collapse",
            "--per-doc",
            "0",
        ])
        .args(["--limit", "1000", "--index"])
        .arg(index_dir)
        .arg(format!("doc:{id}"))
        .output()
        .expect("runs");
    let lines: Vec<Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect();
    assert!(
        !lines.is_empty(),
        "doc:{id} found nothing: {}",
        stderr(&output)
    );
    let mut starts: Vec<String> = lines.iter().map(|hit| hit["passage"].to_string()).collect();
    let all = starts.len();
    starts.sort();
    starts.dedup();
    assert_eq!(
        starts.len(),
        all,
        "doc:{id} returns passages twice: {lines:?}"
    );
}

#[test]
fn a_missing_or_damaged_manifest_does_not_index_the_files_twice() {
    for damage in ["missing", "damaged"] {
        let dir = tempfile::tempdir().expect("tempdir");
        let (proj, corpus) = project(dir.path());
        let index_dir = proj.join("index");
        assert_eq!(index(&corpus, &index_dir, &[]).status.code(), Some(0));
        let before = passage_count(&index_dir);
        let manifest = index_dir.join("data/manifest.json");
        match damage {
            "missing" => fs::remove_file(&manifest).expect("remove"),
            _ => fs::write(&manifest, b"{\"files\": {\"00").expect("write"),
        }
        let output = index(&corpus, &index_dir, &[]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert_eq!(summary(&output)["documents"], 5, "{damage}");
        assert_eq!(passage_count(&index_dir), before, "{damage}");
        assert_no_duplicate_passages(&index_dir, "000_8703aa2f0983bf6f.txt");
        // And the next run is a no-op again.
        let again = index(&corpus, &index_dir, &[]);
        assert_eq!(summary(&again)["indexed_files"], 0, "{damage}");
    }
}

#[test]
fn a_run_killed_between_commit_and_manifest_does_not_index_files_twice() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (proj, corpus) = project(dir.path());
    let index_dir = proj.join("index");
    assert_eq!(index(&corpus, &index_dir, &[]).status.code(), Some(0));
    let manifest = index_dir.join("data/manifest.json");
    let old_manifest = fs::read(&manifest).expect("manifest");
    fs::write(
        corpus.join("new.txt"),
        "خبر جديد\n\nوصل وفد إلى مدينة البصرة لبحث مشاريع الطاقة.\n",
    )
    .expect("write");
    assert_eq!(index(&corpus, &index_dir, &[]).status.code(), Some(0));
    let passages = passage_count(&index_dir);
    // The state a run leaves when it dies after the commit, before its manifest is written.
    fs::write(&manifest, &old_manifest).expect("write");
    let output = index(&corpus, &index_dir, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(summary(&output)["documents"], 6);
    assert_eq!(passage_count(&index_dir), passages);
    assert_no_duplicate_passages(&index_dir, "new.txt");
}

#[test]
fn a_record_moved_to_a_file_that_sorts_earlier_is_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join("corpus");
    fs::create_dir_all(&corpus).expect("mkdir");
    let record = |id: &str, place: &str| {
        format!(
            "{{\"id\": \"{id}\", \"title\": \"خبر\", \"text\": \"وصل الوفد إلى {place} أمس.\"}}\n"
        )
    };
    fs::write(corpus.join("a.jsonl"), record("z", "البصرة")).expect("write");
    fs::write(
        corpus.join("b.jsonl"),
        record("x", "أربيل") + &record("y", "الموصل"),
    )
    .expect("write");
    let index_dir = dir.path().join("index");
    assert_eq!(index(&corpus, &index_dir, &[]).status.code(), Some(0));
    // `x` moves from b.jsonl to a.jsonl.
    fs::write(
        corpus.join("a.jsonl"),
        record("z", "البصرة") + &record("x", "أربيل"),
    )
    .expect("write");
    fs::write(corpus.join("b.jsonl"), record("y", "الموصل")).expect("write");
    let output = index(&corpus, &index_dir, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(summary(&output)["documents"], 3);
    assert_eq!(
        hit_docs(&search(&index_dir, "doc:x")),
        vec!["x".to_string()]
    );
}

// Item 4: a vanished corpus is not an empty corpus.

/// The documents in the index, from `fahras stats`.
fn document_count(index_dir: &Path) -> Value {
    let output = fahras()
        .args(["stats", "--json", "--index"])
        .arg(index_dir)
        .output()
        .expect("runs");
    let stats: Value = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
    stats["documents"].clone()
}

#[test]
fn an_empty_corpus_folder_does_not_empty_the_index() {
    for extra in [&[][..], &["--rebuild"][..]] {
        let dir = tempfile::tempdir().expect("tempdir");
        let (proj, corpus) = project(dir.path());
        let index_dir = proj.join("index");
        assert_eq!(index(&corpus, &index_dir, &[]).status.code(), Some(0));
        // The disk the corpus lives on is not mounted: an empty folder.
        fs::remove_dir_all(&corpus).expect("remove");
        fs::create_dir(&corpus).expect("mkdir");
        let refused = index(&corpus, &index_dir, extra);
        assert_eq!(
            refused.status.code(),
            Some(2),
            "{extra:?}: {}",
            stderr(&refused)
        );
        let message = stderr(&refused);
        assert!(
            message.contains("from 5 to 0 documents") && message.contains("--allow-shrink"),
            "{message}"
        );
        assert_eq!(document_count(&index_dir), 5, "{extra:?}");
        assert!(!hit_docs(&search(&index_dir, "doc:000_8703aa2f0983bf6f.txt")).is_empty());
        // Said on purpose, the documents go.
        let mut allowed = extra.to_vec();
        allowed.push("--allow-shrink");
        let output = index(&corpus, &index_dir, &allowed);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert_eq!(document_count(&index_dir), 0);
    }
}

#[test]
fn losing_most_files_is_refused_and_losing_a_few_is_not() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (proj, corpus) = project(dir.path());
    let index_dir = proj.join("index");
    assert_eq!(index(&corpus, &index_dir, &[]).status.code(), Some(0));
    let mut files: Vec<PathBuf> = fs::read_dir(&corpus)
        .expect("corpus")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    let moved = dir.path().join("moved");
    fs::create_dir(&moved).expect("mkdir");
    for file in &files[..3] {
        fs::rename(file, moved.join(file.file_name().expect("name"))).expect("move");
    }
    let refused = index(&corpus, &index_dir, &[]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("from 5 to 2 documents"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(document_count(&index_dir), 5);
    // Two of five back: losing one is an ordinary update.
    for file in &files[..2] {
        fs::rename(moved.join(file.file_name().expect("name")), file).expect("move");
    }
    let output = index(&corpus, &index_dir, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(document_count(&index_dir), 4);
}

// Item 7: searching needs no write access to the index.

#[test]
fn search_works_when_the_lock_file_cannot_be_created() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (proj, corpus) = project(dir.path());
    let index_dir = proj.join("index");
    assert_eq!(index(&corpus, &index_dir, &[]).status.code(), Some(0));
    // What a read-only file system does to the lock file, reproduced even for root: a folder
    // in its place cannot be opened for writing.
    let lock = index_dir.join("data/.tantivy-meta.lock");
    let _ = fs::remove_file(&lock);
    fs::create_dir(&lock).expect("mkdir");
    let output = search(&index_dir, "doc:000_8703aa2f0983bf6f.txt");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let stats = fahras()
        .args(["stats", "--index"])
        .arg(&index_dir)
        .output()
        .expect("runs");
    assert_eq!(stats.status.code(), Some(0), "{}", stderr(&stats));
}

#[cfg(unix)]
#[test]
fn search_works_on_a_read_only_index() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let (proj, corpus) = project(dir.path());
    let index_dir = proj.join("index");
    assert_eq!(index(&corpus, &index_dir, &[]).status.code(), Some(0));
    let set_mode = |mode: u32| {
        for entry in walkdir::WalkDir::new(&index_dir) {
            let path = entry.expect("walk").into_path();
            let mode = if path.is_dir() { mode | 0o111 } else { mode };
            fs::set_permissions(&path, fs::Permissions::from_mode(mode)).expect("chmod");
        }
    };
    set_mode(0o444);
    // Permissions do not bind root: then there is nothing to test here.
    let probe = index_dir.join("data/probe");
    if fs::write(&probe, "x").is_ok() {
        let _ = fs::remove_file(&probe);
        set_mode(0o755);
        eprintln!("skipped: this user writes to read-only folders");
        return;
    }
    let output = search(&index_dir, "doc:000_8703aa2f0983bf6f.txt");
    set_mode(0o755);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

// Item 5: a damaged index is reported as such, with the rebuild command, never with a panic.

/// An indexed sample corpus in `dir/proj`; returns the corpus and index folders.
fn indexed(dir: &Path) -> (PathBuf, PathBuf) {
    let (proj, corpus) = project(dir);
    let index_dir = proj.join("index");
    assert_eq!(index(&corpus, &index_dir, &[]).status.code(), Some(0));
    (corpus, index_dir)
}

/// The segment file of the index with extension `ext`.
fn segment_file(index_dir: &Path, ext: &str) -> PathBuf {
    fs::read_dir(index_dir.join("data"))
        .expect("data")
        .map(|e| e.expect("entry").path())
        .find(|p| p.extension().is_some_and(|e| e == ext))
        .expect("segment file")
}

/// `output` failed with exit 2 and says the index is damaged and how to rebuild it.
fn assert_reported_damaged(output: &Output, what: &str) {
    let message = stderr(output);
    assert_eq!(output.status.code(), Some(2), "{what}: {message}");
    assert!(
        message.starts_with("fahras: ")
            && message.contains("is damaged")
            && message.contains("--repair")
            && !message.contains("thread 'main'"),
        "{what}: {message}"
    );
}

#[test]
fn a_truncated_segment_file_is_reported_and_index_does_not_say_updated() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (corpus, index_dir) = indexed(dir.path());
    let file = segment_file(&index_dir, "idx");
    let bytes = fs::read(&file).expect("read");
    fs::write(&file, &bytes[..bytes.len() / 2]).expect("truncate");
    assert_reported_damaged(&search(&index_dir, "عين الأسد"), "search");
    let stats = fahras()
        .args(["stats", "--index"])
        .arg(&index_dir)
        .output()
        .expect("runs");
    assert_reported_damaged(&stats, "stats");
    let update = index(&corpus, &index_dir, &[]);
    assert_reported_damaged(&update, "index");
    assert!(!String::from_utf8_lossy(&update.stdout).contains("documents"));
    // The rebuild it names repairs it.
    assert_eq!(
        index(&corpus, &index_dir, &["--rebuild"]).status.code(),
        Some(0)
    );
    assert_eq!(search(&index_dir, "عين الأسد").status.code(), Some(0));
}

#[test]
fn random_bytes_in_a_postings_file_give_an_error_not_a_panic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (corpus, index_dir) = indexed(dir.path());
    let file = segment_file(&index_dir, "idx");
    let mut bytes = fs::read(&file).expect("read");
    let start = bytes.len() / 4;
    for byte in &mut bytes[start..start + 200] {
        *byte = 0xFF;
    }
    fs::write(&file, &bytes).expect("write");
    assert_reported_damaged(&search(&index_dir, "عين الأسد"), "search");
    // The checksums of `stats` and `index` notice it too.
    let stats = fahras()
        .args(["stats", "--index"])
        .arg(&index_dir)
        .output()
        .expect("runs");
    assert_reported_damaged(&stats, "stats");
    assert_reported_damaged(&index(&corpus, &index_dir, &[]), "index");
}

/// `fahras stats --index INDEX`.
fn stats(index_dir: &Path) -> Output {
    fahras()
        .args(["stats", "--index"])
        .arg(index_dir)
        .output()
        .expect("runs")
}

#[test]
fn a_deleted_segment_file_is_reported_by_stats_and_repaired_by_index_repair() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (corpus, index_dir) = indexed(dir.path());
    let file = segment_file(&index_dir, "term");
    fs::remove_file(&file).expect("delete");
    let name = file
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();

    let damaged = stats(&index_dir);
    assert_reported_damaged(&damaged, "stats");
    let message = stderr(&damaged);
    assert!(
        message.contains(&format!("its file {name} is missing")),
        "{message}"
    );

    let repair = index(&corpus, &index_dir, &["--repair"]);
    assert_eq!(repair.status.code(), Some(0), "{}", stderr(&repair));
    let summary = summary(&repair);
    assert_eq!(summary["rebuilt"], true, "{summary}");
    assert!(
        summary["repaired"]
            .as_str()
            .is_some_and(|r| r.contains(&name)),
        "{summary}"
    );
    assert_eq!(document_count(&index_dir), 5);
    assert_eq!(stats(&index_dir).status.code(), Some(0));
    let found = search(&index_dir, "عين الأسد");
    assert_eq!(found.status.code(), Some(0), "{}", stderr(&found));
    assert!(!hit_docs(&found).is_empty());

    // On a sound index `--repair` is an ordinary update: nothing rebuilt.
    let again = index(&corpus, &index_dir, &["--repair"]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    let summary = self::summary(&again);
    assert_eq!(summary["rebuilt"], false, "{summary}");
    assert!(summary.get("repaired").is_none(), "{summary}");
}

#[test]
fn overwritten_bytes_in_term_and_fieldnorm_files_are_noticed_by_stats_and_index() {
    // Bytes that keep the file readable, which a search may not notice (it would only rank or
    // match differently): the checksums of `stats` and `index` do.
    for ext in ["term", "fieldnorm"] {
        let dir = tempfile::tempdir().expect("tempdir");
        let (corpus, index_dir) = indexed(dir.path());
        let file = segment_file(&index_dir, ext);
        let mut bytes = fs::read(&file).expect("read");
        let middle = bytes.len() / 2;
        bytes[middle] ^= 0x55;
        fs::write(&file, &bytes).expect("write");
        assert_reported_damaged(&stats(&index_dir), ext);
        assert_reported_damaged(&index(&corpus, &index_dir, &[]), ext);
        let repair = index(&corpus, &index_dir, &["--repair"]);
        assert_eq!(repair.status.code(), Some(0), "{ext}: {}", stderr(&repair));
        assert_eq!(stats(&index_dir).status.code(), Some(0), "{ext}");
    }
}

#[test]
fn a_damaged_segment_is_said_once_in_plain_words() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (corpus, index_dir) = indexed(dir.path());
    let file = segment_file(&index_dir, "idx");
    let bytes = fs::read(&file).expect("read");
    fs::write(&file, &bytes[..bytes.len() / 2]).expect("truncate");
    let name = file
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    for (what, output) in [
        ("search", search(&index_dir, "عين الأسد")),
        ("stats", stats(&index_dir)),
        ("index", index(&corpus, &index_dir, &[])),
    ] {
        assert_reported_damaged(&output, what);
        let message = stderr(&output);
        assert_eq!(message.lines().count(), 1, "{what}: {message}");
        assert_eq!(message.matches("damaged").count(), 1, "{what}: {message}");
        assert!(
            message.contains(&format!("its file {name} is cut short or overwritten")),
            "{what}: {message}"
        );
        // Tantivy's own text (a Rust debug dump) is not the user's business.
        assert!(
            !message.contains("IoError") && !message.contains("Footer magic"),
            "{what}: {message}"
        );
    }
}

// Item 6: bounded query cost.

/// Arabic-looking words from a fixed pseudo-random sequence, so no spelling is indexed.
fn arabic_words(count: usize, letters: usize) -> Vec<String> {
    let alphabet: Vec<char> = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي".chars().collect();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..count)
        .map(|_| {
            (0..letters)
                .map(|_| {
                    state = state
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1_442_695_040_888_963_407);
                    alphabet[(state >> 33) as usize % alphabet.len()]
                })
                .collect()
        })
        .collect()
}

#[test]
fn a_very_long_word_is_ignored_quickly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, index_dir) = indexed(dir.path());
    let word = arabic_words(1, 32_000).remove(0);
    let started = std::time::Instant::now();
    let output = search(&index_dir, &word);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("ignored"), "{}", stderr(&output));
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}

/// Found by the `query` fuzz target: Latin words of 200 letters (under the 255-byte word bound)
/// took seconds each to read as Arabic, and again joined with their neighbours.
#[test]
fn long_latin_words_are_not_read_as_arabic_and_cost_little() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, index_dir) = indexed(dir.path());
    let word = format!("cccccccc{}{}", "U".repeat(160), "c".repeat(32));
    let query = [word.as_str(); 6].join(" ");
    let started = std::time::Instant::now();
    let output = search(&index_dir, &query);
    let elapsed = started.elapsed();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("ignored"), "{}", stderr(&output));
    assert!(elapsed.as_secs() < 20, "{elapsed:?}");
}

#[test]
fn a_query_of_megabytes_is_cut_to_the_stated_bound() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, index_dir) = indexed(dir.path());
    let topics = dir.path().join("topics.tsv");
    let query = arabic_words(20_000, 7).join(" ");
    fs::write(&topics, format!("1\t{query} عين الأسد\n")).expect("write");
    let started = std::time::Instant::now();
    let output = fahras()
        .args(["search", "--index"])
        .arg(&index_dir)
        .arg("--topics")
        .arg(&topics)
        .output()
        .expect("runs");
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        stderr(&output)
    );
    assert!(
        stderr(&output).contains("longer than 4000 characters"),
        "{}",
        stderr(&output)
    );
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}

// Item 8: one writer at a time, rebuilds included.

#[test]
fn a_second_writer_is_refused_while_the_first_holds_the_index() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (corpus, index_dir) = indexed(dir.path());
    // A running `fahras index` (pid 4242) holds the lock.
    let mut held = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(true)
        .open(index_dir.join("fahras.lock"))
        .expect("lock file");
    held.try_lock().expect("lock");
    std::io::Write::write_all(&mut held, b"4242").expect("pid");
    for extra in [&["--rebuild"][..], &[][..]] {
        let refused = index(&corpus, &index_dir, extra);
        assert_eq!(refused.status.code(), Some(2), "{extra:?}");
        let message = stderr(&refused);
        assert!(
            message.contains("another fahras index is running") && message.contains("pid 4242"),
            "{message}"
        );
    }
    // Searches go on meanwhile.
    assert_eq!(search(&index_dir, "عين الأسد").status.code(), Some(0));
    drop(held);
    assert_eq!(
        index(&corpus, &index_dir, &["--rebuild"]).status.code(),
        Some(0)
    );
}

#[test]
fn a_search_does_not_undo_a_switch_in_progress() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, index_dir) = indexed(dir.path());
    // A rebuild between its two renames: `data/` gone to `data.old/`, the writer still running.
    fs::rename(index_dir.join("data"), index_dir.join("data.old")).expect("rename");
    let held = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(index_dir.join("fahras.lock"))
        .expect("lock file");
    held.try_lock().expect("lock");
    let switch = {
        let index_dir = index_dir.clone();
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(500));
            // The rebuild's second rename, then its end.
            fs::rename(index_dir.join("data.old"), index_dir.join("data")).expect("switch");
            drop(held);
        })
    };
    let output = search(&index_dir, "عين الأسد");
    switch.join().expect("switch thread");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn a_manifest_from_before_commit_tokens_is_trusted_when_it_matches_the_index() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (corpus, index_dir) = indexed(dir.path());
    let path = index_dir.join("data/manifest.json");
    let mut manifest: Value =
        serde_json::from_slice(&fs::read(&path).expect("read")).expect("json");
    manifest.as_object_mut().expect("object").remove("commit");
    fs::write(&path, manifest.to_string()).expect("write");
    let output = index(&corpus, &index_dir, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(summary(&output)["indexed_files"], 0);
    assert_eq!(summary(&output)["unchanged_files"], 5);
}

#[test]
fn a_search_opening_the_index_during_a_switch_tries_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, index_dir) = indexed(dir.path());
    // A rebuild holds the index and is switching folders: for a moment a segment file of the
    // `meta.json` the search read is not there.
    let held = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(index_dir.join("fahras.lock"))
        .expect("lock file");
    held.try_lock().expect("lock");
    let file = segment_file(&index_dir, "idx");
    let aside = dir.path().join("aside.idx");
    fs::rename(&file, &aside).expect("move");
    let switch = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(300));
        fs::rename(&aside, &file).expect("back");
        drop(held);
    });
    let output = search(&index_dir, "عين الأسد");
    switch.join().expect("switch thread");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

// Item 9: output that cannot drive the terminal or name another document.

#[test]
fn control_characters_are_escaped_in_text_and_odd_ids_reported_in_trec() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join("corpus");
    fs::create_dir_all(&corpus).expect("mkdir");
    let records = [
        serde_json::json!({"id": "red\u{1b}[31m", "title": "خبر\u{1b}]0;pwned\u{7}", "text": "وصل الوفد إلى مطار البصرة\u{1b}[2J الدولي أمس.", "source": "واع\u{1b}[5m"}),
        serde_json::json!({"id": "two words", "title": "خبر", "text": "وصل الوفد إلى مطار البصرة مرة ثانية."}),
    ];
    let lines: String = records.iter().map(|r| format!("{r}\n")).collect();
    fs::write(corpus.join("feed.jsonl"), lines).expect("write");
    let index_dir = dir.path().join("index");
    assert_eq!(index(&corpus, &index_dir, &[]).status.code(), Some(0));

    let text = fahras()
        .args(["search", "--format", "text", "--index"])
        .arg(&index_dir)
        .arg("البصرة")
        .output()
        .expect("runs");
    assert_eq!(text.status.code(), Some(0), "{}", stderr(&text));
    assert!(!text.stdout.contains(&0x1b) && !text.stdout.contains(&0x07));
    let shown = String::from_utf8_lossy(&text.stdout);
    assert!(shown.contains("red\\u{1b}[31m"), "{shown}");

    let trec = fahras()
        .args(["search", "--format", "trec", "--index"])
        .arg(&index_dir)
        .arg("البصرة")
        .output()
        .expect("runs");
    assert_eq!(trec.status.code(), Some(0), "{}", stderr(&trec));
    let run = String::from_utf8_lossy(&trec.stdout);
    assert!(!trec.stdout.contains(&0x1b), "{run}");
    for line in run.lines() {
        assert_eq!(line.split_whitespace().count(), 6, "{line}");
    }
    let warnings = stderr(&trec);
    assert!(
        warnings.contains("`two words`") && warnings.contains("written as `two_words`"),
        "{warnings}"
    );

    // `show` and `stats` print the same fields.
    let show = fahras()
        .args(["show", "--index"])
        .arg(&index_dir)
        .arg("red\u{1b}[31m")
        .output()
        .expect("runs");
    assert_eq!(show.status.code(), Some(0), "{}", stderr(&show));
    assert!(
        !show.stdout.contains(&0x1b),
        "{}",
        String::from_utf8_lossy(&show.stdout)
    );
    let stats = fahras()
        .args(["stats", "--index"])
        .arg(&index_dir)
        .output()
        .expect("runs");
    assert_eq!(stats.status.code(), Some(0), "{}", stderr(&stats));
    assert!(
        !stats.stdout.contains(&0x1b),
        "{}",
        String::from_utf8_lossy(&stats.stdout)
    );
}

#[cfg(unix)]
#[test]
fn two_file_names_that_differ_only_in_bytes_that_are_not_utf8_keep_both_articles() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join("corpus");
    fs::create_dir_all(&corpus).expect("mkdir");
    let texts = [
        (
            &b"news\xff.txt"[..],
            "خبر\n\nوصل الوفد إلى مطار البصرة أمس.\n",
        ),
        (
            &b"news\xfe.txt"[..],
            "خبر\n\nوصل الوفد إلى مطار أربيل أمس.\n",
        ),
    ];
    for (name, text) in texts {
        if fs::write(corpus.join(std::ffi::OsStr::from_bytes(name)), text).is_err() {
            return; // a file system that wants UTF-8 names: nothing to test
        }
    }
    let index_dir = dir.path().join("index");
    let first = index(&corpus, &index_dir, &[]);
    assert_eq!(summary(&first)["documents"], 2, "{}", stderr(&first));
    // An update (one file edited) keeps both.
    fs::write(
        corpus.join(std::ffi::OsStr::from_bytes(b"news\xfe.txt")),
        "خبر\n\nوصل الوفد إلى مطار أربيل الدولي أمس.\n",
    )
    .expect("write");
    let second = index(&corpus, &index_dir, &[]);
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
    assert_eq!(document_count(&index_dir), 2);
    assert_eq!(hit_docs(&search(&index_dir, "البصرة")).len(), 1);
    assert_eq!(hit_docs(&search(&index_dir, "أربيل")).len(), 1);
}

#[cfg(unix)]
#[test]
fn a_symlink_to_a_folder_that_holds_the_corpus_is_not_walked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (proj, corpus) = project(dir.path());
    // `up` leads to the project folder, which holds the corpus (as `/` would, and everything).
    std::os::unix::fs::symlink(&proj, corpus.join("up")).expect("symlink");
    let output = index(&corpus, &proj.join("index"), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let summary = summary(&output);
    assert_eq!(summary["documents"], 5, "{summary}");
    assert!(
        summary["skipped"]
            .as_array()
            .expect("skipped")
            .iter()
            .any(|s| s.as_str().is_some_and(|s| s.starts_with("up: symlink to"))),
        "{summary}"
    );
}

#[cfg(unix)]
#[test]
fn symlinks_that_leave_the_corpus_are_skipped_and_named_and_inside_ones_followed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (proj, corpus) = project(dir.path());
    // Elsewhere on the disk: a folder and a file of articles that are not the corpus's.
    let elsewhere = dir.path().join("elsewhere");
    fs::create_dir_all(&elsewhere).expect("mkdir");
    let article = "خبر\n\nوصل الوفد إلى مطار طشقند أمس.\n";
    fs::write(elsewhere.join("far.txt"), article).expect("write");
    std::os::unix::fs::symlink(&elsewhere, corpus.join("away")).expect("symlink");
    std::os::unix::fs::symlink(elsewhere.join("far.txt"), corpus.join("far.txt")).expect("link");
    // Inside the corpus: followed as before.
    fs::create_dir_all(corpus.join("sub")).expect("mkdir");
    fs::write(
        corpus.join("sub/near.txt"),
        article.replace("طشقند", "البصرة"),
    )
    .expect("write");
    std::os::unix::fs::symlink(corpus.join("sub"), corpus.join("alias")).expect("symlink");

    let output = index(&corpus, &proj.join("index"), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let summary = summary(&output);
    // The five samples, sub/near.txt and alias/near.txt.
    assert_eq!(summary["documents"], 7, "{summary}");
    let skipped: Vec<&str> = summary["skipped"]
        .as_array()
        .expect("skipped")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for name in ["away", "far.txt"] {
        assert!(
            skipped
                .iter()
                .any(|s| s.starts_with(&format!("{name}: symlink to "))
                    && s.contains("outside the corpus")),
            "{name}: {skipped:?}"
        );
    }
    assert!(hit_docs(&search(&proj.join("index"), "طشقند")).is_empty());
}

#[test]
fn a_blank_query_line_does_not_fail_the_batch() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, index_dir) = indexed(dir.path());
    let topics = dir.path().join("topics.tsv");
    fs::write(&topics, "1\t   \n2\tعين الأسد\n").expect("write");
    let output = fahras()
        .args(["search", "--format", "trec", "--index"])
        .arg(&index_dir)
        .arg("--topics")
        .arg(&topics)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let run = String::from_utf8_lossy(&output.stdout);
    assert!(
        run.lines().count() > 0 && run.lines().all(|l| l.starts_with("2 Q0 ")),
        "{run}"
    );
    assert!(
        stderr(&output).contains("query 1: empty query"),
        "{}",
        stderr(&output)
    );
}

/// A tmpfs of `size` mounted at `path` for the life of the value, when this user may mount.
#[cfg(target_os = "linux")]
struct SmallDisk(PathBuf);

#[cfg(target_os = "linux")]
impl SmallDisk {
    fn mount(path: &Path, size: &str) -> Option<SmallDisk> {
        fs::create_dir_all(path).ok()?;
        let status = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(path)
            .stderr(std::process::Stdio::null())
            .status()
            .ok()?;
        status.success().then(|| SmallDisk(path.to_path_buf()))
    }
}

#[cfg(target_os = "linux")]
impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_said_and_the_failed_build_cleaned_up() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some(disk) = SmallDisk::mount(&dir.path().join("small"), "600k") else {
        eprintln!("skipped: this user cannot mount a small file system");
        return;
    };
    let corpus = dir.path().join("corpus");
    fs::create_dir_all(&corpus).expect("mkdir");
    // Words that do not compress: the index outgrows the disk.
    let words = arabic_words(3000 * 60, 6);
    let lines: String = words
        .chunks(60)
        .enumerate()
        .map(|(i, chunk)| {
            let record =
                serde_json::json!({"id": format!("n{i}"), "title": "خبر", "text": chunk.join(" ")});
            format!("{record}\n")
        })
        .collect();
    fs::write(corpus.join("feed.jsonl"), lines).expect("write");
    let index_dir = disk.0.join("index");
    let output = index(&corpus, &index_dir, &[]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("no space left"),
        "{}",
        stderr(&output)
    );
    assert!(
        !index_dir.join("data.new").exists(),
        "the failed build is left behind"
    );
}

#[test]
fn a_build_left_behind_by_a_killed_run_is_removed_by_the_next_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (corpus, index_dir) = indexed(dir.path());
    // What a rebuild killed mid-way leaves: its marked `data.new/` with a segment file in it.
    let left = index_dir.join("data.new");
    fs::create_dir_all(&left).expect("mkdir");
    fs::write(left.join("fahras-index"), "").expect("marker");
    fs::write(left.join("0123.idx"), vec![0u8; 1 << 20]).expect("segment");
    let output = index(&corpus, &index_dir, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!left.exists(), "the killed run's data.new/ is still there");
    assert_eq!(document_count(&index_dir), 5);

    // A `data.new/` fahras did not create is another matter: an update leaves it alone.
    fs::create_dir_all(&left).expect("mkdir");
    fs::write(left.join("notes.txt"), "mine").expect("write");
    let output = index(&corpus, &index_dir, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        fs::read_to_string(left.join("notes.txt")).expect("kept"),
        "mine"
    );
}

// Errors are said once.

#[test]
fn a_missing_topics_file_is_said_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, index_dir) = indexed(dir.path());
    let qrels = dir.path().join("qrels.txt");
    fs::write(&qrels, "").expect("write");
    let output = fahras()
        .args(["eval", "--index"])
        .arg(&index_dir)
        .arg("--topics")
        .arg(dir.path().join("nope.tsv"))
        .arg("--qrels")
        .arg(&qrels)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert_eq!(message.matches("No such file").count(), 1, "{message}");
    assert!(message.contains("nope.tsv"), "{message}");
}
