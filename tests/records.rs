//! Record-level updates of JSONL files (issue 17, item 1): a re-run adds, replaces or deletes
//! only the records that changed, whatever order the file is in, and a run interrupted at any
//! point is finished by the next.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Output;
use std::time::Duration;

use serde_json::Value;

use crate::util::{fahras, kill_index_run, run_index, stats_json, success_json};

/// Sentences the test records are made of, one each, so no two are near-duplicates.
const TOPICS: [&str; 7] = [
    "لبحث مشاريع الطاقة والمياه مع المحافظ وأعضاء المجلس",
    "لافتتاح مستشفى جديد للأطفال بعد ثلاث سنوات من العمل",
    "لمتابعة أعمال إعادة بناء الجسر القديم على النهر",
    "للقاء وجهاء العشائر ومناقشة الأوضاع الأمنية في الأطراف",
    "لتوقيع اتفاقية تعاون زراعي لتطوير بساتين النخيل",
    "لتفقد المدارس التي تضررت من السيول في الشتاء الماضي",
    "لحضور مهرجان ثقافي يشارك فيه شعراء من دول عربية",
];

/// One record of the test feed: `id` and a sentence naming `place`.
fn record(id: &str, place: &str) -> String {
    let topic = TOPICS[id.bytes().map(usize::from).sum::<usize>() % TOPICS.len()];
    let text = format!("وصل الوفد الرسمي إلى {place} صباح اليوم {topic}.");
    format!(
        "{}\n",
        serde_json::json!({"id": id, "title": "خبر", "text": text})
    )
}

const PLACES: [&str; 5] = ["البصرة", "الموصل", "أربيل", "الرمادي", "كربلاء"];

/// The feed `r0`…`r4`, one place each.
fn feed() -> Vec<String> {
    PLACES
        .iter()
        .enumerate()
        .map(|(i, place)| record(&format!("r{i}"), place))
        .collect()
}

/// Writes `records` as `dir/corpus/feed.jsonl` and returns the corpus folder.
fn write_feed(dir: &Path, records: &[String]) -> std::path::PathBuf {
    write_file(dir, "feed.jsonl", records)
}

/// Writes `records` as `dir/corpus/NAME` (a moment later than any earlier write, so the file's
/// time changes) and returns the corpus folder.
fn write_file(dir: &Path, name: &str, records: &[String]) -> std::path::PathBuf {
    let corpus = dir.join("corpus");
    fs::create_dir_all(&corpus).expect("mkdir");
    std::thread::sleep(Duration::from_millis(20));
    fs::write(corpus.join(name), records.concat()).expect("write");
    corpus
}

/// `fahras index --json --allow-shrink` (a file was removed on purpose): its summary.
fn index_shrinking(corpus: &Path, index_dir: &Path) -> Value {
    success_json(&run_index(corpus, index_dir, &["--json", "--allow-shrink"]))
}

/// `fahras index --json`: its summary, after checking it succeeded.
fn index(corpus: &Path, index_dir: &Path) -> Value {
    success_json(&run_index(corpus, index_dir, &["--json"]))
}

/// The summary's record counts and documents indexed, as `[added, replaced, removed,
/// unchanged, indexed_documents]`.
fn counts(summary: &Value) -> [u64; 5] {
    let records = &summary["records"];
    let get = |v: &Value| v.as_u64().unwrap_or(u64::MAX);
    [
        get(&records["added"]),
        get(&records["replaced"]),
        get(&records["removed"]),
        get(&records["unchanged"]),
        get(&summary["indexed_documents"]),
    ]
}

/// Every passage matching `query`, uncapped and uncollapsed.
fn search(index_dir: &Path, query: &str) -> Output {
    fahras()
        .args([
            "search",
            "--format",
            "json",
            "--per-doc",
            "0",
            "--no-collapse",
        ])
        .args(["--limit", "100000", "--index"])
        .arg(index_dir)
        .arg(query)
        .output()
        .expect("runs")
}

/// Passages found for `query`, by document id.
fn hits(index_dir: &Path, query: &str) -> BTreeMap<String, usize> {
    let output = search(index_dir, query);
    // Exit status 1 says "no results", as grep does; anything else is a failed search.
    assert!(matches!(output.status.code(), Some(0 | 1)), "{output:?}");
    let mut out = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let hit: Value = serde_json::from_str(line).expect("JSON hit");
        let doc = hit["doc"].as_str().expect("doc id").to_string();
        *out.entry(doc).or_default() += 1;
    }
    out
}

/// The documents the index says it holds and the passages it has (`fahras stats`).
fn stats(index_dir: &Path) -> (u64, u64) {
    let (stats, _) = stats_json(index_dir);
    let get = |v: &Value| v.as_u64().unwrap_or(u64::MAX);
    (get(&stats["documents"]), get(&stats["passages"]))
}

fn documents(index_dir: &Path) -> u64 {
    stats(index_dir).0
}

fn ids(names: &[&str]) -> BTreeMap<String, usize> {
    names.iter().map(|id| (id.to_string(), 1)).collect()
}

#[test]
fn appending_editing_removing_and_reordering_records_reindex_only_those_records() {
    let dir = tempfile::tempdir().expect("tempdir");
    let index_dir = dir.path().join("index");
    let mut records = feed();
    let corpus = write_feed(dir.path(), &records);
    assert_eq!(counts(&index(&corpus, &index_dir)), [5, 0, 0, 0, 5]);

    // Append one.
    records.push(record("r5", "الناصرية"));
    write_feed(dir.path(), &records);
    assert_eq!(counts(&index(&corpus, &index_dir)), [1, 0, 0, 5, 1]);
    assert_eq!(hits(&index_dir, "الناصرية"), ids(&["r5"]));

    // Edit one: its new text is found, its old text no longer.
    records[1] = record("r1", "السماوة");
    write_feed(dir.path(), &records);
    assert_eq!(counts(&index(&corpus, &index_dir)), [0, 1, 0, 5, 1]);
    assert_eq!(hits(&index_dir, "السماوة"), ids(&["r1"]));
    assert_eq!(hits(&index_dir, "الموصل"), ids(&[]));

    // Remove one.
    records.remove(3);
    write_feed(dir.path(), &records);
    let summary = index(&corpus, &index_dir);
    assert_eq!(counts(&summary), [0, 0, 1, 5, 0]);
    assert_eq!(summary["documents"], 5);
    assert_eq!(hits(&index_dir, "الرمادي"), ids(&[]));

    // The same records in another order: nothing to index.
    records.reverse();
    write_feed(dir.path(), &records);
    assert_eq!(counts(&index(&corpus, &index_dir)), [0, 0, 0, 5, 0]);
    let all = hits(&index_dir, "الوفد");
    assert_eq!(all, ids(&["r0", "r1", "r2", "r4", "r5"]));
    assert_eq!(documents(&index_dir), 5);
}

#[test]
fn a_record_with_the_same_id_later_in_the_file_is_skipped_and_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let index_dir = dir.path().join("index");
    let mut records = feed();
    let corpus = write_feed(dir.path(), &records);
    index(&corpus, &index_dir);
    records.push(record("r0", "الناصرية"));
    write_feed(dir.path(), &records);
    let summary = index(&corpus, &index_dir);
    assert_eq!(counts(&summary), [0, 0, 0, 5, 0]);
    let skipped = summary["skipped"].to_string();
    assert!(skipped.contains("feed.jsonl:6: duplicate id"), "{skipped}");
    assert_eq!(hits(&index_dir, "البصرة"), ids(&["r0"]));
    assert_eq!(hits(&index_dir, "الناصرية"), ids(&[]));
}

/// Copies the folder `from` to `to` (an index: files only, one level of folders below `data/`).
fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let target = to.join(entry.path().strip_prefix(from).expect("below"));
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).expect("mkdir");
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

#[test]
fn a_run_killed_around_its_commit_is_finished_record_by_record() {
    let dir = tempfile::tempdir().expect("tempdir");
    let index_dir = dir.path().join("index");
    let mut records = feed();
    let corpus = write_feed(dir.path(), &records);
    index(&corpus, &index_dir);
    let before = dir.path().join("before");
    copy_dir(&index_dir, &before);
    records[2] = record("r2", "السماوة");
    records.push(record("r5", "الناصرية"));
    write_feed(dir.path(), &records);
    assert_eq!(counts(&index(&corpus, &index_dir)), [1, 1, 0, 4, 2]);
    let data = index_dir.join("data");

    // Killed after writing its manifest, before the commit: the index is as it was, beside the
    // manifest of a commit that never happened.
    let killed = dir.path().join("killed-before");
    copy_dir(&before, &killed);
    fs::copy(
        data.join("manifest.json"),
        killed.join("data/manifest.pending.json"),
    )
    .expect("copy");
    assert_eq!(documents(&killed), 5);
    assert_eq!(counts(&index(&corpus, &killed)), [1, 1, 0, 4, 2]);

    // Killed after the commit, before it wrote the spelling variants, the build info and its
    // manifest in place of the old one: no record is left to index, the rest is redone.
    let committed = dir.path().join("killed-after");
    copy_dir(&index_dir, &committed);
    let moved = committed.join("data");
    fs::rename(
        moved.join("manifest.json"),
        moved.join("manifest.pending.json"),
    )
    .expect("rename");
    for file in ["manifest.json", "variants.json", "fahras.json"] {
        fs::copy(before.join("data").join(file), moved.join(file)).expect("copy");
    }
    assert_eq!(counts(&index(&corpus, &committed)), [0, 0, 0, 6, 0]);
    let variants = |index_dir: &Path| fs::read(index_dir.join("data/variants.json")).expect("read");
    assert_eq!(variants(&committed), variants(&index_dir));
    assert!(!moved.join("manifest.pending.json").exists());

    for finished in [&killed, &committed] {
        assert_eq!(documents(finished), 6);
        assert_eq!(hits(finished, "السماوة"), ids(&["r2"]));
        assert_eq!(hits(finished, "أربيل"), ids(&[]));
        let all = hits(finished, "الوفد");
        assert_eq!(all, ids(&["r0", "r1", "r2", "r3", "r4", "r5"]));
    }
}

#[test]
fn an_update_killed_while_it_indexes_leaves_the_index_searchable_and_the_next_run_ends_right() {
    let dir = tempfile::tempdir().expect("tempdir");
    let index_dir = dir.path().join("index");
    let mut records = feed();
    let corpus = write_feed(dir.path(), &records);
    index(&corpus, &index_dir);
    // Enough new records that the update is still running when it is killed.
    let added = 8_000;
    records[0] = record("r0", "السماوة");
    for i in 0..added {
        // Sentences that differ from record to record: one repeated in every record would be
        // learned as the folder's chrome, and its file refreshed whole.
        let text: String = (0..10)
            .map(|k| {
                format!(
                    "{} أعلنت اللجنة العليا إخلاء القواعد من مستشاري التحالف الدولي. ",
                    i * 10 + k
                )
            })
            .collect();
        let line = serde_json::json!({"id": format!("n{i}"), "title": "خبر", "text": text});
        records.push(format!("{line}\n"));
    }
    write_feed(dir.path(), &records);
    kill_index_run(
        &corpus,
        &index_dir,
        &[],
        Duration::from_millis(500),
        "the update finished before it could be interrupted: add records",
    );

    // The last committed index answers.
    assert_eq!(documents(&index_dir), 5);
    assert_eq!(hits(&index_dir, "البصرة"), ids(&["r0"]));

    let summary = index(&corpus, &index_dir);
    assert_eq!(counts(&summary), [added, 1, 0, 4, added + 1]);
    assert_eq!(hits(&index_dir, "السماوة"), ids(&["r0"]));
    assert_eq!(hits(&index_dir, "البصرة"), ids(&[]));
    // The same documents and passages as an index built from scratch.
    let fresh = dir.path().join("fresh");
    index(&corpus, &fresh);
    assert_eq!(stats(&index_dir), stats(&fresh));
    assert_eq!(documents(&index_dir), 5 + added);
    for query in ["مستشاري", "الوفد"] {
        assert_eq!(hits(&index_dir, query), hits(&fresh, query), "{query}");
    }
}

/// When `variants.json` was last written: each write renames a new file into place.
fn variants_written(index_dir: &Path) -> (u64, std::time::SystemTime) {
    use std::os::unix::fs::MetadataExt;
    let meta = fs::metadata(index_dir.join("data/variants.json")).expect("variants.json");
    (meta.ino(), meta.modified().expect("mtime"))
}

#[test]
fn small_updates_keep_the_corpus_statistics_until_a_share_of_the_input_changed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let index_dir = dir.path().join("index");
    // Forty records: one more is about 2.5 % of the input, under the 5 % that re-measures.
    let mut records: Vec<String> = (0..40)
        .map(|i| record(&format!("r{i}"), PLACES[i % PLACES.len()]))
        .collect();
    let corpus = write_feed(dir.path(), &records);
    assert_eq!(index(&corpus, &index_dir)["measured"], true);
    let measured = variants_written(&index_dir);

    records.push(record("r40", "الناصرية"));
    write_feed(dir.path(), &records);
    let summary = index(&corpus, &index_dir);
    assert_eq!(counts(&summary), [1, 0, 0, 40, 1]);
    assert_eq!(summary["measured"], false, "{summary}");
    let share = summary["changed_since_measured"].as_f64().expect("share");
    assert!((0.01..0.05).contains(&share), "{share}");
    assert_eq!(variants_written(&index_dir), measured);
    // The new record is searchable all the same.
    assert_eq!(hits(&index_dir, "الناصرية"), ids(&["r40"]));

    // The changes add up: two more records pass 5 % of what was measured.
    records.push(record("r41", "السماوة"));
    records.push(record("r42", "الكوت"));
    write_feed(dir.path(), &records);
    let summary = index(&corpus, &index_dir);
    assert_eq!(counts(&summary), [2, 0, 0, 41, 2]);
    assert_eq!(summary["measured"], true, "{summary}");
    assert_eq!(summary["changed_since_measured"], 0.0);
    let remeasured = variants_written(&index_dir);
    assert_ne!(remeasured, measured);

    // Asked for, they are measured again even when nothing changed.
    let summary = success_json(&run_index(&corpus, &index_dir, &["--json", "--remeasure"]));
    assert_eq!(counts(&summary), [0, 0, 0, 43, 0]);
    assert_eq!(summary["measured"], true, "{summary}");
    assert_ne!(variants_written(&index_dir), remeasured);
    assert_eq!(documents(&index_dir), 43);
}

#[test]
fn records_appended_to_a_file_are_read_without_reading_its_start_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let index_dir = dir.path().join("index");
    let mut records = feed();
    records.insert(2, "{\"id\": \"bad\"\n".to_string());
    let corpus = write_feed(dir.path(), &records);
    let summary = index(&corpus, &index_dir);
    assert_eq!(counts(&summary), [5, 0, 0, 0, 5]);
    let skipped = summary["skipped"].clone();
    assert_eq!(skipped.as_array().map(Vec::len), Some(1), "{summary}");
    let size = |records: &[String]| records.concat().len() as u64;

    // Two records appended, one of them with the id of a record already there: only the new
    // bytes are read, and the start's records and problems are as they were.
    let known = size(&records);
    records.push(record("r5", "الناصرية"));
    records.push(record("r1", "السماوة"));
    write_feed(dir.path(), &records);
    let summary = index(&corpus, &index_dir);
    assert_eq!(counts(&summary), [1, 0, 0, 5, 1]);
    assert_eq!(summary["bytes_read"], size(&records) - known, "{summary}");
    let skipped = summary["skipped"].as_array().expect("skipped").clone();
    assert_eq!(skipped.len(), 2, "{summary}");
    assert!(
        skipped[1]
            .as_str()
            .is_some_and(|s| s.contains(":8: duplicate id")),
        "{summary}"
    );
    assert_eq!(hits(&index_dir, "الناصرية"), ids(&["r5"]));
    assert_eq!(hits(&index_dir, "السماوة"), ids(&[]));
    assert_eq!(hits(&index_dir, "الموصل"), ids(&["r1"]));

    // An edit at the start is not an append: the whole file is read again.
    records[0] = record("r0", "الكوت");
    write_feed(dir.path(), &records);
    let summary = index(&corpus, &index_dir);
    assert_eq!(counts(&summary), [0, 1, 0, 5, 1]);
    assert_eq!(summary["bytes_read"], size(&records));
    assert_eq!(hits(&index_dir, "الكوت"), ids(&["r0"]));

    // And the next append is read alone again, after the edited start.
    let known = size(&records);
    records.push(record("r6", "الديوانية"));
    write_feed(dir.path(), &records);
    let summary = index(&corpus, &index_dir);
    assert_eq!(counts(&summary), [1, 0, 0, 6, 1]);
    assert_eq!(summary["bytes_read"], size(&records) - known);
    let all = hits(&index_dir, "الوفد");
    assert_eq!(all, ids(&["r0", "r1", "r2", "r3", "r4", "r5", "r6"]));
    assert_eq!(documents(&index_dir), 7);
}

#[test]
fn a_record_that_lost_its_id_to_a_removed_file_is_indexed_when_its_file_grows() {
    let dir = tempfile::tempdir().expect("tempdir");
    let index_dir = dir.path().join("index");
    // `a.jsonl` comes first in the corpus and holds the id `x`, so `b.jsonl`'s `x` is skipped.
    write_file(dir.path(), "a.jsonl", &[record("x", "البصرة")]);
    let b = vec![record("x", "الموصل"), record("y", "أربيل")];
    let corpus = write_file(dir.path(), "b.jsonl", &b);
    assert_eq!(counts(&index(&corpus, &index_dir)), [2, 0, 0, 0, 2]);
    assert_eq!(hits(&index_dir, "الموصل"), ids(&[]));

    // `a.jsonl` goes and `b.jsonl` grows: its `x` is free, and read again.
    fs::remove_file(corpus.join("a.jsonl")).expect("remove");
    write_file(
        dir.path(),
        "b.jsonl",
        &[&b[..], &[record("z", "كربلاء")]].concat(),
    );
    let summary = index_shrinking(&corpus, &index_dir);
    assert_eq!(hits(&index_dir, "الموصل"), ids(&["x"]), "{summary}");
    assert_eq!(hits(&index_dir, "كربلاء"), ids(&["z"]));
    assert_eq!(hits(&index_dir, "البصرة"), ids(&[]));
    assert_eq!(documents(&index_dir), 3);
}

#[test]
fn an_id_lost_to_another_file_comes_back_when_that_file_lets_it_go() {
    let dir = tempfile::tempdir().expect("tempdir");
    let index_dir = dir.path().join("index");
    let b = vec![record("x", "الموصل"), record("y", "أربيل")];
    let corpus = write_file(dir.path(), "b.jsonl", &b);
    assert_eq!(counts(&index(&corpus, &index_dir)), [2, 0, 0, 0, 2]);

    // A new file before it takes `x`, while `b.jsonl` grows.
    write_file(dir.path(), "a.jsonl", &[record("x", "البصرة")]);
    write_file(
        dir.path(),
        "b.jsonl",
        &[&b[..], &[record("z", "كربلاء")]].concat(),
    );
    index(&corpus, &index_dir);
    assert_eq!(hits(&index_dir, "البصرة"), ids(&["x"]));
    assert_eq!(hits(&index_dir, "الموصل"), ids(&[]));

    // When it goes again, so does its record (`x` was never left to both files), and
    // `b.jsonl`, unchanged, gets its `x` back.
    fs::remove_file(corpus.join("a.jsonl")).expect("remove");
    let summary = index_shrinking(&corpus, &index_dir);
    assert_eq!(counts(&summary), [1, 0, 1, 2, 1], "{summary}");
    assert_eq!(hits(&index_dir, "البصرة"), ids(&[]));
    assert_eq!(hits(&index_dir, "الموصل"), ids(&["x"]));
    assert_eq!(hits(&index_dir, "كربلاء"), ids(&["z"]));
    assert_eq!(documents(&index_dir), 3);
    // Nothing is lost any more: the next run is a no-op.
    assert_eq!(index(&corpus, &index_dir)["indexed_files"], 0);
}
