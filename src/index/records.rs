//! Record-level bookkeeping of an update: which records of a re-read file are new, which
//! changed, which are gone, and which can stay in the index as they are.
//!
//! A record is known by its id (a JSONL record's `id` field, which the reader requires; a
//! `.txt` file's path), never by its line, so a file rewritten in another order changes nothing.
//! Its [`record_hash`] covers every value the index keeps of it. The hashes are kept in the
//! manifest beside the ids ([`FileEntry::hashes`]), which is committed with the index
//! ([`super::state`]), so they cannot drift from what the index holds.

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use xxhash_rust::xxh3::Xxh3;

use crate::corpus::Article;
use crate::index::manifest::FileEntry;

/// A hash of everything the index keeps of an article: title, text, source, date and url
/// (passages, analyzed terms and near-duplicate sketches all follow from these). Each value is
/// length-prefixed, so moving text from one field to the next changes the hash.
pub(crate) fn record_hash(article: &Article) -> u64 {
    let mut hasher = Xxh3::new();
    let date = article.date.map(|d| d.to_string());
    for value in [
        Some(article.title.as_str()),
        Some(article.text.as_str()),
        article.source.as_deref(),
        date.as_deref(),
        article.url.as_deref(),
    ] {
        match value {
            Some(value) => {
                hasher.update(&[1]);
                hasher.update(&(value.len() as u64).to_le_bytes());
                hasher.update(value.as_bytes());
            }
            None => hasher.update(&[0]),
        }
    }
    hasher.digest()
}

/// Files whose records are re-indexed although their hashes are unchanged: those holding a
/// group whose learned chrome changed (`learned_chrome`), so that group's old and new articles
/// are cut alike. They are read again even when unchanged on disk.
#[derive(Clone, Debug, Default)]
pub(crate) struct Refresh {
    files: HashSet<String>,
}

impl Refresh {
    /// Refresh the records of these files (paths relative to the corpus).
    pub(crate) fn files(files: impl IntoIterator<Item = String>) -> Self {
        Refresh {
            files: files.into_iter().collect(),
        }
    }

    /// Whether the records of the file at `rel_path` are to be refreshed.
    pub(crate) fn wants(&self, rel_path: &str) -> bool {
        self.files.contains(rel_path)
    }
}

/// How many records a run added, replaced, removed and left as they were, counting each record
/// of each file: a record moved from one file to another is removed from the first and added
/// to the second.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RecordCounts {
    /// Records new to their file.
    pub added: usize,
    /// Records whose content changed (or that were refreshed), indexed again.
    pub replaced: usize,
    /// Records gone from their file (or with their file), deleted from the index.
    pub removed: usize,
    /// Records left in the index as they were.
    pub unchanged: usize,
}

/// What to do with one record read from a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// New to this file: index it.
    Added,
    /// Known with another hash (or an unknown one, or refreshed): index it again.
    Replaced,
    /// Known with the same hash: keep its documents.
    Unchanged,
}

/// The records of one file being read again, against what the manifest said of it.
#[derive(Debug, Default)]
pub(crate) struct FileRecords {
    /// Hash of each id in the previous entry; `None` where it was not recorded (a manifest
    /// from before record hashes, or one rebuilt from the index).
    previous: HashMap<String, Option<u64>>,
    ids: Vec<String>,
    hashes: Vec<u64>,
}

impl FileRecords {
    /// Starts from the file's previous entry (none for a file new to the index).
    pub(crate) fn new(previous: Option<FileEntry>) -> Self {
        let previous = previous
            .map(|entry| {
                let known = entry.known_hashes().is_some();
                let mut hashes = entry.hashes.into_iter();
                entry
                    .doc_ids
                    .into_iter()
                    .map(|id| (id, hashes.next().filter(|_| known)))
                    .collect()
            })
            .unwrap_or_default();
        FileRecords {
            previous,
            ..FileRecords::default()
        }
    }

    /// Starts from a file whose previous records are all still there, unread ([`Resume`]):
    /// they are kept, and what is read is appended to them.
    ///
    /// [`Resume`]: crate::corpus::appended::Resume
    pub(crate) fn resumed(previous: FileEntry, counts: &mut RecordCounts) -> Self {
        counts.unchanged += previous.doc_ids.len();
        FileRecords {
            previous: HashMap::default(),
            ids: previous.doc_ids,
            hashes: previous.hashes,
        }
    }

    /// Judges `article` and keeps it as one of the file's records; with `refresh`, a record
    /// whose hash is unchanged is replaced too ([`Refresh`]).
    pub(crate) fn admit(
        &mut self,
        article: &Article,
        refresh: bool,
        counts: &mut RecordCounts,
    ) -> Verdict {
        let hash = record_hash(article);
        let verdict = match self.previous.remove(&article.id) {
            None => Verdict::Added,
            Some(Some(known)) if known == hash && !refresh => Verdict::Unchanged,
            Some(_) => Verdict::Replaced,
        };
        match verdict {
            Verdict::Added => counts.added += 1,
            Verdict::Replaced => counts.replaced += 1,
            Verdict::Unchanged => counts.unchanged += 1,
        }
        self.ids.push(article.id.clone());
        self.hashes.push(hash);
        verdict
    }

    /// The ids the file had and no longer has, then the file's records (ids and hashes).
    pub(crate) fn finish(self, counts: &mut RecordCounts) -> (Vec<String>, Vec<String>, Vec<u64>) {
        let mut gone: Vec<String> = self.previous.into_keys().collect();
        gone.sort_unstable();
        counts.removed += gone.len();
        (gone, self.ids, self.hashes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, text: &str, source: Option<&str>) -> Article {
        Article {
            id: id.into(),
            rel_path: "a.jsonl".into(),
            line: Some(1),
            title: "عنوان".into(),
            source: source.map(Into::into),
            date: None,
            url: None,
            warnings: Vec::new(),
            text: text.into(),
            body: std::iter::once(0..text.len()).collect(),
            content_hash: crate::corpus::content_hash(text),
        }
    }

    fn entry(articles: &[Article], hashes: bool) -> FileEntry {
        FileEntry {
            size: 1,
            modified_unix_nanos: 1,
            content_hash: 0,
            doc_ids: articles.iter().map(|a| a.id.clone()).collect(),
            hashes: if hashes {
                articles.iter().map(record_hash).collect()
            } else {
                Vec::new()
            },
            skipped: Vec::new(),
            warnings: Vec::new(),
            bytes: None,
            lost_ids: Vec::new(),
        }
    }

    #[test]
    fn the_hash_covers_every_indexed_value_and_not_the_line() {
        let base = article("a", "نص الخبر", Some("واس"));
        let mut moved = base.clone();
        moved.line = Some(40);
        assert_eq!(record_hash(&base), record_hash(&moved));
        let mut changes = Vec::new();
        let mut title = base.clone();
        title.title.push('!');
        changes.push(title);
        let mut text = base.clone();
        text.text.push('!');
        changes.push(text);
        changes.push(article("a", "نص الخبر", None));
        let mut date = base.clone();
        date.date = crate::date::parse_field("2024-01-02");
        changes.push(date);
        let mut url = base.clone();
        url.url = Some("https://example.org/a".into());
        changes.push(url);
        for changed in &changes {
            assert_ne!(record_hash(changed), record_hash(&base), "{changed:?}");
        }
    }

    #[test]
    fn records_are_judged_by_id_and_hash_in_any_order() {
        let a = article("a", "الأول", None);
        let b = article("b", "الثاني", None);
        let c = article("c", "الثالث", None);
        let mut records = FileRecords::new(Some(entry(&[a.clone(), b.clone(), c.clone()], true)));
        let mut counts = RecordCounts::default();
        let edited = article("b", "الثاني معدلا", None);
        let d = article("d", "الرابع", None);
        let verdicts: Vec<Verdict> = [&c, &edited, &d]
            .into_iter()
            .map(|x| records.admit(x, false, &mut counts))
            .collect();
        assert_eq!(
            verdicts,
            [Verdict::Unchanged, Verdict::Replaced, Verdict::Added]
        );
        let (gone, ids, hashes) = records.finish(&mut counts);
        assert_eq!(gone, ["a"]);
        assert_eq!(ids, ["c", "b", "d"]);
        assert_eq!(hashes[1], record_hash(&edited));
        let expected = RecordCounts {
            added: 1,
            replaced: 1,
            removed: 1,
            unchanged: 1,
        };
        assert_eq!(counts, expected);
    }

    #[test]
    fn unknown_hashes_and_refreshed_files_are_indexed_again() {
        let a = article("a", "الأول", Some("واس"));
        let b = article("b", "الثاني", Some("الرياض"));
        let mut counts = RecordCounts::default();
        let mut legacy = FileRecords::new(Some(entry(std::slice::from_ref(&a), false)));
        assert_eq!(legacy.admit(&a, false, &mut counts), Verdict::Replaced);
        let refresh = Refresh::files(["news/was.jsonl".to_string()]);
        assert!(refresh.wants("news/was.jsonl") && !refresh.wants("news/other.jsonl"));
        let mut records = FileRecords::new(Some(entry(&[a.clone(), b.clone()], true)));
        assert_eq!(records.admit(&a, true, &mut counts), Verdict::Replaced);
        assert_eq!(records.admit(&b, false, &mut counts), Verdict::Unchanged);
    }
}
