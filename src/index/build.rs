//! Building the index from a corpus: full rebuilds into `data.new/` switched in by rename, and
//! incremental runs that read only new or changed files, index only their new or changed
//! records ([`records`](super::records)) and delete removed ones.
//!
//! Work is spread over both cores: a reader thread walks, decodes and cleans files; the calling
//! thread splits articles into passages and analyzes each text once for both of its fields
//! ([`IndexAnalyzer`]); one tantivy indexing thread writes the postings, and tantivy's store thread
//! compresses the stored passages. The analyzed terms reach tantivy pre-analyzed
//! ([`analysis::pre_analyzed`]), so its indexing thread does no analysis. A full build also sends
//! them to the spelling variants' thread ([`variants::Collector`]), which measures them while
//! tantivy commits.
//!
//! One indexing thread writes one segment as long as the memory budget holds the whole input, so
//! a full build usually needs no merge afterwards (merging two segments cost a third of the build).

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, SyncSender};
use std::thread;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use serde::Serialize;
use tantivy::schema::TantivyDocument;
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::{Index, IndexSettings, IndexWriter, Term};

use crate::analysis::fingerprint::Sketch;
use crate::analysis::index_terms::{IndexAnalyzer, IndexTerms};
use crate::analysis::{self, ANALYZER_NAMES};
use crate::corpus::appended::{self, Resume};
use crate::corpus::learned_chrome::{self, ChromeTable, GroupChrome};
use crate::corpus::{self, split_passages, Article, FileKind, FileRead, Skipped, SourceFile};
use crate::index::manifest::{FileEntry, FileStamp, Manifest, Stamps};
use crate::index::progress::Progress;
pub use crate::index::records::RecordCounts;
use crate::index::records::{FileRecords, Refresh, Verdict};
use crate::index::remeasure::{self, Measured};
use crate::index::variants::{self, ArticleTerms, Collector, VariantTable};
use crate::index::{chrome, failure, lock, origin, ownership, shrink, state, verify};
use crate::index::{
    exists, open, BuildInfo, Fields, IndexError, BUILDING_DIR, DATA_DIR, RETIRED_DIR,
    SCHEMA_VERSION,
};

/// Default memory budget of the index writer: enough for tantivy to flush rarely on a laptop-sized
/// corpus, small enough for any machine that runs a terminal.
pub const DEFAULT_MEMORY_BYTES: usize = 256 * 1024 * 1024;

/// zstd level of the document store (`benches/RESULTS.md` has the size/speed trade-off).
const ZSTD_LEVEL: i32 = 6;
/// Bytes of stored passages compressed together. A hit not in the engine's cache decompresses its
/// whole block, so blocks are small: reading a few passages of a large collection costs a
/// sixth of what 128 KiB blocks cost, for a store about a sixth larger.
const DOCSTORE_BLOCK_BYTES: usize = 16 * 1024;

/// The smallest memory budget used (tantivy needs at least 15 MB per indexing thread).
const MIN_MEMORY_BYTES: usize = 32 * 1024 * 1024;
/// The largest: tantivy's arena of one indexing thread must stay below 4 GiB.
const MAX_MEMORY_BYTES: usize = 4000 * 1024 * 1024;

/// What `fahras index` was asked to do.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    /// The corpus folder.
    pub corpus: PathBuf,
    /// The index folder.
    pub index: PathBuf,
    /// Start over instead of updating.
    pub rebuild: bool,
    /// Index writer memory budget in bytes; a full build that fits in it writes one segment.
    pub memory_bytes: usize,
    /// Show a progress line on stderr (only drawn when stderr is a terminal).
    pub progress: bool,
    /// Allow a run to remove more than half of the index's documents ([`shrink`]).
    pub allow_shrink: bool,
    /// Rebuild the index when it is damaged ([`verify::damage`]), update it otherwise.
    pub repair: bool,
    /// Measure the corpus statistics again however little changed ([`remeasure`]).
    pub remeasure: bool,
}

impl BuildOptions {
    /// Incremental build with default memory and no progress bar.
    pub fn new(corpus: impl Into<PathBuf>, index: impl Into<PathBuf>) -> Self {
        BuildOptions {
            corpus: corpus.into(),
            index: index.into(),
            rebuild: false,
            memory_bytes: DEFAULT_MEMORY_BYTES,
            progress: false,
            allow_shrink: false,
            repair: false,
            remeasure: false,
        }
    }
}

/// What a build did; printed by `fahras index` (as one JSON object with `--json`).
#[derive(Clone, Debug, Default, Serialize)]
pub struct BuildSummary {
    /// Documents in the index after the build.
    pub documents: u64,
    /// Passages in the index after the build.
    pub passages: u64,
    /// Whether the index was built from scratch.
    pub rebuilt: bool,
    /// What was wrong with the index `--repair` rebuilt (absent when it was not damaged).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repaired: Option<String>,
    /// Files read and (re-)indexed in this run.
    pub indexed_files: usize,
    /// Documents added in this run (records added or replaced).
    pub indexed_documents: usize,
    /// Passages added in this run.
    pub indexed_passages: usize,
    /// Files unchanged since the last build.
    pub unchanged_files: usize,
    /// Bytes of the files read (of a file that only grew, what was appended to it).
    pub bytes_read: u64,
    /// Files gone since the last build, whose documents were deleted.
    pub removed_files: usize,
    /// Records (articles) added, replaced, removed and left as they were.
    pub records: RecordCounts,
    /// Inputs not indexed, each with its reason (`FILE: reason` or `FILE:LINE: reason`).
    pub skipped: Vec<String>,
    /// Records indexed despite a doubt, each with it (`FILE:LINE: unrecognised date "…"`); they
    /// do not make `--strict` fail.
    pub warnings: Vec<String>,
    /// Files with extensions other than `.txt`/`.jsonl`.
    pub ignored_other_extensions: usize,
    /// The chrome learned from the corpus, per source (or folder), most frequent first.
    pub chrome: Vec<GroupChrome>,
    /// Whether this run measured the corpus statistics (learned chrome, spelling variants);
    /// an update that changes little keeps the last ones ([`remeasure`]).
    pub measured: bool,
    /// Share of the input changed since the statistics were last measured (0 when this run
    /// measured them).
    pub changed_since_measured: f64,
    /// Wall-clock time of the build.
    pub seconds: f64,
}

/// What the reader thread sends, in corpus order: each file (and where its reading starts, when
/// only what was appended to it is read), its articles as they are read (a large JSONL file is
/// indexed while it is still being read), then what it skipped and how its bytes read.
enum Reading {
    File(SourceFile, Option<u64>),
    Article(Article),
    Done(FileRead),
}

/// Builds or updates the index described by `opts`.
pub fn build(opts: &BuildOptions) -> Result<BuildSummary, IndexError> {
    let started = Instant::now();
    let listing = corpus::scan_files(&opts.corpus)?;
    let corpus_path = origin::canonical(&opts.corpus)?;
    origin::check_outside(&corpus_path, &opts.index)?;
    // Folders fahras did not create are refused before anything is written, lock file included.
    if opts.rebuild || !exists(&opts.index) {
        for name in [DATA_DIR, BUILDING_DIR, RETIRED_DIR] {
            ownership::check_removable(&opts.index.join(name))?;
        }
    }
    create_dir(&opts.index)?;
    // Held to the end of the run, switch and clean-up included: one writer at a time.
    let _lock = lock::acquire(&opts.index)?;
    super::recover_locked(&opts.index);
    remove_leftovers(&opts.index);
    let mut building = false;
    let result = build_locked(opts, started, listing, &corpus_path, &mut building);
    result.map_err(|error| {
        // Said before the clean-up frees the space it took.
        let error = failure::explain(error, &opts.index);
        if building {
            // A failed rebuild's `data.new/` would only keep the disk full.
            let _ = remove_dir_if_exists(&opts.index.join(BUILDING_DIR));
        }
        error
    })
}

/// A run killed while it built (`kill -9`, a crash, a power cut) leaves its `data.new/` behind,
/// where it only takes disk space: the holder of the lock removes it, if fahras created it.
fn remove_leftovers(index_dir: &Path) {
    let building = index_dir.join(BUILDING_DIR);
    if building.is_dir() && ownership::is_ours(&building) {
        let _ = remove_dir_if_exists(&building);
    }
}

/// [`build`] once the writer lock is held; `building` says whether it created `data.new/`.
fn build_locked(
    opts: &BuildOptions,
    started: Instant,
    listing: corpus::FileListing,
    corpus_path: &Path,
    building: &mut bool,
) -> Result<BuildSummary, IndexError> {
    let corpus_path = corpus_path.to_path_buf();
    let repaired = if opts.repair && !opts.rebuild {
        verify::damage(&opts.index)
    } else {
        None
    };
    let fresh = opts.rebuild || repaired.is_some() || !exists(&opts.index);
    // Checked before anything is written: a refused run leaves the index as it was.
    let opened = if fresh {
        None
    } else {
        let opened = open(&opts.index)?;
        origin::check_update(&opts.index, &opened.info, &corpus_path)?;
        // Updating a damaged index would leave it damaged and say "updated".
        verify::verify(&opened)?;
        Some(opened)
    };
    if fresh {
        // A fresh build replaces `data/` and removes `data.new/` and `data.old/`: only if they
        // are fahras' own, checked before anything is written.
        for name in [DATA_DIR, BUILDING_DIR, RETIRED_DIR] {
            ownership::check_removable(&opts.index.join(name))?;
        }
    }
    // The documents of the index this run updates or rebuilds from the same corpus, to refuse
    // emptying it (a rebuild from another corpus replaces the index on purpose).
    let before_documents = match &opened {
        Some(opened) => opened.info.documents,
        None => BuildInfo::read(&opts.index.join(DATA_DIR))
            .ok()
            .flatten()
            .filter(|info| origin::same(&origin::resolve(info), &corpus_path))
            .map_or(0, |info| info.documents),
    };
    create_dir(&opts.index)?;
    // `previous` is the build info of the index being updated (none for a fresh build, or when
    // the last run was killed before it finished what follows its commit).
    let (index, target, mut manifest, previous) = if let Some(opened) = opened {
        let target = opts.index.join(DATA_DIR);
        let loaded = state::load(&opened.index, &opened.fields, &target)?;
        let previous = Some(opened.info).filter(|_| loaded.finished);
        (opened.index, target, loaded.manifest, previous)
    } else {
        let target = opts.index.join(BUILDING_DIR);
        remove_dir_if_exists(&target)?;
        *building = true;
        create_dir(&target)?;
        ownership::mark(&target)?;
        let (schema, _) = Fields::schema();
        let index = Index::builder()
            .schema(schema)
            .settings(index_settings())
            .create_in_dir(&target)?;
        (index, target, Manifest::default(), None)
    };
    // This handle only writes: its analyzers decode the terms that `IndexAnalyzer` computed.
    analysis::pre_analyzed::register(index.tokenizers());
    let fields = Fields::from_schema(&index.schema()).ok_or_else(|| IndexError::Corrupt {
        path: opts.index.clone(),
        reason: "fields are missing from the schema".into(),
    })?;

    let mut summary = BuildSummary {
        rebuilt: fresh,
        repaired,
        ignored_other_extensions: listing.ignored_other_extensions,
        skipped: listing.skipped.iter().map(ToString::to_string).collect(),
        ..BuildSummary::default()
    };

    // The corpus statistics are measured on a fresh build, after a run killed before it wrote
    // them, when asked, and once enough of the input changed since they were ([`remeasure`]).
    let since = Measured::of(&manifest).after(remeasure::changed_bytes(&listing.files, &manifest));
    let measure = fresh
        || previous.is_none()
        || opts.remeasure
        || since.is_due()
        || !target.join(variants::VARIANTS_FILE).is_file();
    manifest.measured = Some(if measure {
        Measured::now(remeasure::total(listing.files.iter().map(|f| f.size)))
    } else {
        since
    });
    summary.measured = measure;
    summary.changed_since_measured = if measure { 0.0 } else { since.changed_share() };
    // Chrome is learned over the whole corpus when the statistics are measured and a file
    // changed (or when asked); the files of a group whose table changed are re-indexed, so its
    // old and new articles are cut alike.
    let stored_chrome = chrome::read(&target);
    let files_change = manifest_differs(&listing.files, &manifest);
    let relearn = fresh || previous.is_none() || opts.remeasure;
    let learned =
        (measure && (relearn || files_change)).then(|| learned_chrome::learn(&listing.files));
    let forced = learned.as_ref().map_or_else(HashSet::new, |learned| {
        learned.files_of(&learned.table.changed_groups(&stored_chrome))
    });
    let chrome_table = learned.map_or(stored_chrome, |learned| learned.table);
    summary.chrome = chrome_table.groups.clone();

    // Plan: unchanged files keep their documents; the rest are read; vanished ones are deleted.
    // The files of a group whose chrome changed are read again and all their records replaced.
    let refresh = Refresh::files(forced);
    let listed: HashSet<&str> = listing.files.iter().map(|f| f.rel_path.as_str()).collect();
    let removed: Vec<String> = manifest
        .files
        .keys()
        .filter(|path| !listed.contains(path.as_str()))
        .cloned()
        .collect();
    let mut to_read = Vec::new();
    let mut known_ids = HashSet::new();
    // A file that lost ids to another file is read again whenever a file changes: the holder
    // may have let them go.
    for file in &listing.files {
        match manifest.files.get(&file.rel_path) {
            Some(entry)
                if is_unchanged(entry.stamp(), file)
                    && !refresh.wants(&file.rel_path)
                    && (!files_change || entry.lost_ids.is_empty()) =>
            {
                summary.unchanged_files += 1;
                summary.records.unchanged += entry.doc_ids.len();
                summary.skipped.extend(entry.skipped.iter().cloned());
                summary.warnings.extend(entry.warnings.iter().cloned());
                known_ids.extend(entry.doc_ids.iter().cloned());
            }
            _ => to_read.push(file.clone()),
        }
    }
    summary.removed_files = removed.len();

    let unchanged = to_read.is_empty() && removed.is_empty() && !opts.remeasure;
    if let Some(info) = previous.as_ref().filter(|_| unchanged) {
        // Unchanged corpus: a fast no-op that leaves the index untouched.
        summary.documents = info.documents;
        summary.passages = info.passages;
        summary.seconds = started.elapsed().as_secs_f64();
        return Ok(summary);
    }

    // One indexing thread gets the whole budget.
    let memory = opts.memory_bytes.clamp(MIN_MEMORY_BYTES, MAX_MEMORY_BYTES);
    let mut writer: IndexWriter = index.writer_with_num_threads(1, memory)?;
    for path in &removed {
        if let Some(entry) = manifest.files.remove(path) {
            summary.records.removed += entry.doc_ids.len();
            delete_documents(&writer, &fields, &entry.doc_ids, &known_ids);
        }
    }

    // The typical update of a JSONL export, one file that grew at its end, reads only its end.
    let resume = removed
        .is_empty()
        .then(|| appended_only(&to_read, &manifest, &refresh))
        .flatten();
    let progress = Progress::new(opts.progress, &to_read);
    // A full build measures the spelling variants from the terms it indexes; an update, which
    // analyzes only the records it changes, reads the whole index again after its commit.
    let mut collector = fresh.then(Collector::spawn);
    // An update deletes every id before adding it, so no id is ever in the index twice,
    // whatever the manifest said; a fresh index has nothing to delete.
    let mut indexing = Indexing {
        adder: ArticleAdder::new(&writer, fields, !fresh, collector.as_ref()),
        manifest: &mut manifest,
        known_ids: &mut known_ids,
        summary: &mut summary,
        refresh: &refresh,
    };
    index_files(to_read, resume, &chrome_table, &mut indexing, &progress)?;
    // The last articles are sent: the variants are measured while the index is written.
    drop(indexing);
    if let Some(collector) = collector.as_mut() {
        collector.close();
    }

    // Checked before anything is committed: a refused run leaves the index as it was (a
    // rebuild's `data.new/` is removed by `build`).
    let documents = manifest
        .files
        .values()
        .map(|e| e.doc_ids.len() as u64)
        .sum();
    shrink::check(
        &opts.corpus,
        &opts.index,
        before_documents,
        documents,
        opts.allow_shrink,
    )?;
    // The manifest names the commit, which names it back; it is pending until the commit is
    // made, so a crash at any point leaves one that describes the index ([`state`]).
    manifest.commit = commit_token();
    let manifest_error = |source| IndexError::Io {
        action: "cannot write the manifest in",
        path: target.clone(),
        source,
    };
    manifest.write_pending(&target).map_err(manifest_error)?;
    progress.stage("writing the index");
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&manifest.commit);
    prepared.commit()?;
    // A full build ends as one segment: every query (and every Latin-script prefix probe of the
    // term dictionary) pays once per segment. The single indexing thread writes one unless the
    // input outgrew the memory budget; only then is there something to merge. Incremental runs
    // add small segments and leave merging to tantivy's merge policy, so an update of one file
    // does not rewrite the whole index.
    let segments = index.searchable_segment_ids()?;
    if fresh && segments.len() > 1 {
        writer.merge(&segments).wait()?;
    }
    writer.wait_merging_threads()?;
    // Spelling variants are measured over the whole index when the statistics are due and the
    // documents changed (a touched file changes none), and by the run after one killed before
    // it wrote them.
    let changed = fresh || summary.indexed_documents > 0 || summary.records.removed > 0;
    let missing = !target.join(variants::VARIANTS_FILE).is_file();
    if (measure && (changed || opts.remeasure)) || previous.is_none() || missing {
        progress.stage("measuring spelling variants");
        let table = match collector {
            Some(collector) => collector.finish().map_err(|source| IndexError::Io {
                action: "cannot measure the spelling variants of",
                path: target.clone(),
                source,
            })?,
            None => variants::compute(&index, &fields)?,
        };
        write_variants(&table, &target)?;
    }

    let passages = index.reader()?.searcher().num_docs();
    summary.documents = documents;
    summary.passages = passages;
    let info = BuildInfo {
        schema_version: SCHEMA_VERSION,
        analyzers: ANALYZER_NAMES.iter().map(ToString::to_string).collect(),
        corpus: corpus_path.display().to_string(),
        documents,
        passages,
        built_at_unix: SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0),
    };
    chrome::write(&target, &chrome_table).map_err(|source| IndexError::Io {
        action: "cannot write the learned chrome in",
        path: target.clone(),
        source,
    })?;
    // Indexes built before the marker existed get it on their first update.
    ownership::mark(&target)?;
    // The build info is written last: its presence marks a complete index folder.
    info.write(&target).map_err(|source| IndexError::Io {
        action: "cannot write the build info in",
        path: target.clone(),
        source,
    })?;
    // The work that follows the commit is done.
    Manifest::promote(&target).map_err(manifest_error)?;
    drop(index);
    if fresh {
        switch_in(&opts.index)?;
        *building = false;
    }
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

fn write_variants(table: &VariantTable, target: &Path) -> Result<(), IndexError> {
    table.write(target).map_err(|source| IndexError::Io {
        action: "cannot write the spelling variants in",
        path: target.to_path_buf(),
        source,
    })
}

/// A token no other commit of this index has: the time and the process.
fn commit_token() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("{nanos:x}-{:x}", std::process::id())
}

/// Whether the corpus has files added, removed or modified since the index was built.
pub fn corpus_changed(corpus: &Path, index: &Path) -> Result<bool, IndexError> {
    let listing = corpus::scan_files(corpus)?;
    let stamps = Stamps::read(&index.join(DATA_DIR)).files;
    Ok(listing_differs(&listing.files, stamps.len(), |path| {
        stamps.get(path).copied()
    }))
}

/// Whether `files` differ from those the manifest describes (added, removed or modified).
fn manifest_differs(files: &[SourceFile], manifest: &Manifest) -> bool {
    listing_differs(files, manifest.files.len(), |path| {
        manifest.files.get(path).map(FileEntry::stamp)
    })
}

/// Whether `files` differ from the `known` files whose stamps `stamp` gives by path.
fn listing_differs(
    files: &[SourceFile],
    known: usize,
    stamp: impl Fn(&str) -> Option<FileStamp>,
) -> bool {
    files.len() != known
        || files.iter().any(|file| match stamp(&file.rel_path) {
            Some(stamp) => !is_unchanged(stamp, file),
            None => true,
        })
}

fn is_unchanged(stamp: FileStamp, file: &SourceFile) -> bool {
    stamp.size == file.size && stamp.modified_unix_nanos == file.modified_unix_nanos
}

/// What the files read in a run update: the writer, the manifest, the ids held so far (to keep
/// an id once in the corpus) and the summary.
struct Indexing<'w, 'r> {
    adder: ArticleAdder<'w>,
    manifest: &'r mut Manifest,
    known_ids: &'r mut HashSet<String>,
    summary: &'r mut BuildSummary,
    refresh: &'r Refresh,
}

/// Where to go on reading `to_read` when it is one JSONL file whose known bytes are intact at
/// its start and that grew: the records of those bytes are the manifest's. With several files
/// read, an earlier one could now hold an id of those records, which only reading tells (and
/// the caller asks only when no file was removed, which may free an id they lost to it).
fn appended_only(to_read: &[SourceFile], manifest: &Manifest, refresh: &Refresh) -> Option<Resume> {
    let [file] = to_read else {
        return None;
    };
    let entry = manifest.files.get(&file.rel_path)?;
    entry.known_hashes()?;
    if file.kind() != Some(FileKind::Jsonl) || refresh.wants(&file.rel_path) {
        return None;
    }
    if file.size <= entry.size {
        return None;
    }
    appended::intact_prefix(&file.abs_path, entry.size, entry.bytes?, &entry.doc_ids)
}

/// Reads `files` on a thread of its own (the one file of `resume` from there), cuts the learned
/// `chrome` from their articles and indexes them as they arrive.
fn index_files(
    files: Vec<SourceFile>,
    mut resume: Option<Resume>,
    chrome: &ChromeTable,
    indexing: &mut Indexing<'_, '_>,
    progress: &Progress,
) -> Result<(), IndexError> {
    let (sender, receiver) = mpsc::sync_channel::<Reading>(64);
    thread::scope(|scope| {
        scope.spawn(move || {
            for file in files {
                progress.start_file(&file);
                let resume = resume.take();
                if sender
                    .send(Reading::File(
                        file.clone(),
                        resume.as_ref().map(|r| r.offset),
                    ))
                    .is_err()
                {
                    return;
                }
                let mut open = true;
                let on_read = |bytes| progress.read(bytes);
                let read =
                    corpus::read_file_counted(&file, resume, &on_read, &mut |mut article| {
                        chrome.apply(&mut article);
                        open = open && sender.send(Reading::Article(article)).is_ok();
                    });
                if !open || sender.send(Reading::Done(read)).is_err() {
                    return;
                }
            }
        });
        let mut current = None;
        for reading in receiver {
            match reading {
                Reading::File(file, resumed) => {
                    indexing.summary.indexed_files += 1;
                    indexing.summary.bytes_read += file.size.saturating_sub(resumed.unwrap_or(0));
                    let previous = indexing.manifest.files.remove(&file.rel_path);
                    current = Some(match previous {
                        Some(previous) if resumed.is_some() => {
                            FileIndexer::resumed(file, previous, indexing)
                        }
                        previous => {
                            let refresh = indexing.refresh.wants(&file.rel_path);
                            FileIndexer::new(file, previous, refresh)
                        }
                    });
                }
                Reading::Article(article) => {
                    progress.record();
                    if let Some(indexer) = current.as_mut() {
                        indexer.article(&article, indexing)?;
                    }
                }
                Reading::Done(read) => {
                    if let Some(indexer) = current.take() {
                        indexer.finish(read, indexing);
                    }
                }
            }
        }
        Ok(())
    })
}

/// Brings the index up to date with one file read again, record by record: a record new to the
/// file is added, a changed one replaced, one gone deleted, and an unchanged one left alone
/// ([`FileRecords`]). Each record is decided as it arrives, so nothing is held back.
struct FileIndexer {
    file: SourceFile,
    records: FileRecords,
    /// Replace even the unchanged records ([`Refresh`]: the file's learned chrome changed).
    refresh: bool,
    content_hash: u64,
    /// What was skipped in the part of the file not read again ([`FileIndexer::resumed`]).
    earlier: Vec<String>,
    duplicates: Vec<String>,
    /// The ids of records skipped because another file holds them.
    lost_ids: Vec<String>,
    warnings: Vec<String>,
}

impl FileIndexer {
    /// Goes on from `previous`, whose records are all still at the start of the file: they
    /// stay as they are (and keep their ids), with what was found wrong in them.
    fn resumed(file: SourceFile, previous: FileEntry, indexing: &mut Indexing<'_, '_>) -> Self {
        indexing.known_ids.extend(previous.doc_ids.iter().cloned());
        let (content_hash, earlier, warnings, lost_ids) = (
            previous.content_hash,
            previous.skipped.clone(),
            previous.warnings.clone(),
            previous.lost_ids.clone(),
        );
        FileIndexer {
            file,
            records: FileRecords::resumed(previous, &mut indexing.summary.records),
            refresh: false,
            content_hash,
            earlier,
            duplicates: Vec::new(),
            lost_ids,
            warnings,
        }
    }

    fn new(file: SourceFile, previous: Option<FileEntry>, refresh: bool) -> Self {
        FileIndexer {
            file,
            records: FileRecords::new(previous),
            refresh,
            content_hash: 0,
            earlier: Vec::new(),
            duplicates: Vec::new(),
            lost_ids: Vec::new(),
            warnings: Vec::new(),
        }
    }

    fn article(
        &mut self,
        article: &Article,
        indexing: &mut Indexing<'_, '_>,
    ) -> Result<(), IndexError> {
        self.content_hash = self.content_hash.rotate_left(5) ^ article.content_hash;
        for doubt in &article.warnings {
            let warning = Skipped {
                path: self.file.rel_path.clone(),
                line: article.line,
                reason: doubt.clone(),
            };
            self.warnings.push(warning.to_string());
        }
        // The first file (in corpus order) with an id keeps it.
        if !indexing.known_ids.insert(article.id.clone()) {
            let skipped = Skipped {
                path: self.file.rel_path.clone(),
                line: article.line,
                reason: format!("duplicate document id `{}`", article.id),
            };
            self.duplicates.push(skipped.to_string());
            self.lost_ids.push(article.id.clone());
            return Ok(());
        }
        let summary = &mut *indexing.summary;
        let verdict = self
            .records
            .admit(article, self.refresh, &mut summary.records);
        if verdict != Verdict::Unchanged {
            summary.indexed_passages += indexing.adder.add(article)?;
            summary.indexed_documents += 1;
        }
        Ok(())
    }

    fn finish(self, read: FileRead, indexing: &mut Indexing<'_, '_>) {
        let summary = &mut *indexing.summary;
        let (gone, doc_ids, hashes) = self.records.finish(&mut summary.records);
        // Ids that moved to a file indexed earlier in this run are that file's now.
        let adder = &indexing.adder;
        delete_documents(adder.writer, &adder.fields, &gone, indexing.known_ids);
        let mut reasons = self.earlier;
        reasons.extend(read.skipped.iter().map(ToString::to_string));
        reasons.extend(self.duplicates);
        summary.skipped.extend(reasons.iter().cloned());
        summary.warnings.extend(self.warnings.iter().cloned());
        // Files that gave no document are listed too: otherwise they look new on every run and
        // every search says the corpus changed.
        let entry = FileEntry {
            size: self.file.size,
            modified_unix_nanos: self.file.modified_unix_nanos,
            content_hash: self.content_hash,
            doc_ids,
            hashes,
            skipped: reasons,
            warnings: self.warnings,
            bytes: read.bytes,
            lost_ids: self.lost_ids,
        };
        indexing.manifest.files.insert(self.file.rel_path, entry);
    }
}

/// Turns articles into passage documents, analyzing each text once ([`IndexAnalyzer`]).
struct ArticleAdder<'a> {
    writer: &'a IndexWriter,
    fields: Fields,
    /// Delete an article's id before adding it (updates; see [`super::state`]).
    replace: bool,
    analyzer: IndexAnalyzer,
    title: IndexTerms,
    text: IndexTerms,
    /// Where a full build sends each article's terms for the spelling variants.
    variants: Option<SyncSender<ArticleTerms>>,
}

impl<'a> ArticleAdder<'a> {
    fn new(
        writer: &'a IndexWriter,
        fields: Fields,
        replace: bool,
        variants: Option<&Collector>,
    ) -> Self {
        ArticleAdder {
            writer,
            fields,
            replace,
            analyzer: IndexAnalyzer::default(),
            title: IndexTerms::default(),
            text: IndexTerms::default(),
            variants: variants.and_then(Collector::sender),
        }
    }

    /// Adds one document per passage of `article`; returns the number of passages. The title
    /// repeats on every passage but is analyzed once per article.
    fn add(&mut self, article: &Article) -> Result<usize, IndexError> {
        let fields = &self.fields;
        let passages = split_passages(&article.text, &article.body);
        let date = article.date.map(crate::date::day_start);
        self.analyzer.analyze_into(&article.title, &mut self.title);
        // The source is stored and indexed from one value, so it goes to tantivy as written and
        // is analyzed there. A leading NUL would mark it as pre-analyzed; it is a separator to the
        // analyzer, so dropping it changes no term.
        let source = article
            .source
            .as_deref()
            .map(|s| s.trim_start_matches(analysis::pre_analyzed::SEPARATOR));
        if self.replace {
            self.writer
                .delete_term(Term::from_field_text(fields.doc_id, &article.id));
        }
        let mut terms = self.variants.as_ref().map(|_| ArticleTerms {
            title: self.title.exact.clone(),
            passages: Vec::with_capacity(passages.len()),
        });
        for passage in &passages {
            let text = &article.text[passage.start..passage.end];
            self.analyzer.analyze_into(text, &mut self.text);
            if let Some(terms) = terms.as_mut() {
                terms.passages.push(self.text.exact.clone());
            }
            let mut doc = TantivyDocument::default();
            doc.add_text(fields.doc_id, &article.id);
            doc.add_text(fields.path, &article.rel_path);
            doc.add_text(fields.title, &article.title);
            doc.add_text(fields.title_exact, &self.title.exact);
            doc.add_text(fields.title_stem, &self.title.stem);
            doc.add_text(fields.text, text);
            doc.add_text(fields.text_exact, &self.text.exact);
            doc.add_text(fields.text_stem, &self.text.stem);
            doc.add_u64(fields.ordinal, u64::from(passage.ordinal));
            doc.add_u64(fields.start, passage.start as u64);
            doc.add_u64(fields.end, passage.end as u64);
            if let Some(source) = source {
                doc.add_text(fields.source, source);
            }
            if let Some(url) = &article.url {
                doc.add_text(fields.url, url);
            }
            if let Some(date) = date {
                doc.add_date(fields.date, date);
            }
            doc.add_u64(fields.content_hash, article.content_hash);
            for value in Sketch::of(&self.text.fingerprint).to_values() {
                doc.add_u64(fields.near_dup, value);
            }
            self.writer.add_document(doc)?;
        }
        // An article without passages has nothing in the index, its headline included. A
        // collector gone (it panicked) is reported when its table is asked for.
        if let (Some(sender), Some(terms)) = (&self.variants, terms) {
            if !terms.passages.is_empty() {
                let _ = sender.send(terms);
            }
        }
        Ok(passages.len())
    }
}

/// Deletes the documents `doc_ids` except those `kept` (held by another file of the corpus).
fn delete_documents(
    writer: &IndexWriter,
    fields: &Fields,
    doc_ids: &[String],
    kept: &HashSet<String>,
) {
    for id in doc_ids.iter().filter(|id| !kept.contains(*id)) {
        writer.delete_term(Term::from_field_text(fields.doc_id, id));
    }
}

/// Stored passages are most of an index's size. Arabic text compresses about twice as well with
/// zstd as with tantivy's default lz4; larger blocks would compress further, but a hit reads its
/// whole block ([`DOCSTORE_BLOCK_BYTES`]).
fn index_settings() -> IndexSettings {
    IndexSettings {
        docstore_compression: Compressor::Zstd(ZstdCompressor {
            compression_level: Some(ZSTD_LEVEL),
        }),
        docstore_blocksize: DOCSTORE_BLOCK_BYTES,
        ..IndexSettings::default()
    }
}

/// Moves a completed rebuild into place: `data` → `data.old`, `data.new` → `data`, then removes
/// `data.old`. [`super::open`] undoes a switch interrupted between the two renames.
fn switch_in(index_dir: &Path) -> Result<(), IndexError> {
    let data = index_dir.join(DATA_DIR);
    let building = index_dir.join(BUILDING_DIR);
    let retired = index_dir.join(RETIRED_DIR);
    for folder in [&data, &retired] {
        ownership::check_removable(folder)?;
    }
    remove_dir_if_exists(&retired)?;
    if data.exists() {
        rename(&data, &retired)?;
    }
    rename(&building, &data)?;
    remove_dir_if_exists(&retired)
}

fn create_dir(path: &Path) -> Result<(), IndexError> {
    fs::create_dir_all(path).map_err(|source| IndexError::Io {
        action: "cannot create the index folder",
        path: path.to_path_buf(),
        source,
    })
}

fn remove_dir_if_exists(path: &Path) -> Result<(), IndexError> {
    match fs::remove_dir_all(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(IndexError::Io {
            action: "cannot remove",
            path: path.to_path_buf(),
            source: e,
        }),
        _ => Ok(()),
    }
}

fn rename(from: &Path, to: &Path) -> Result<(), IndexError> {
    fs::rename(from, to).map_err(|source| IndexError::Io {
        action: "cannot rename",
        path: from.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{AR_EXACT, AR_STEM};

    /// Every term of `field` in the index (of one document) with its positions.
    fn postings(
        index: &Index,
        field: tantivy::schema::Field,
        with_positions: bool,
    ) -> Vec<(String, Vec<u32>)> {
        use tantivy::postings::Postings;
        use tantivy::schema::IndexRecordOption;
        let searcher = index.reader().expect("reader").searcher();
        let segment = searcher.segment_reader(0);
        let inverted = segment.inverted_index(field).expect("field");
        let mut terms = inverted.terms().stream().expect("terms");
        let mut out = Vec::new();
        while terms.advance() {
            let text = String::from_utf8(terms.key().to_vec()).expect("UTF-8 term");
            let term = Term::from_field_text(field, &text);
            let option = if with_positions {
                IndexRecordOption::WithFreqsAndPositions
            } else {
                IndexRecordOption::WithFreqs
            };
            let mut postings = inverted
                .read_postings(&term, option)
                .expect("read")
                .expect("postings");
            let mut positions = Vec::new();
            if with_positions {
                postings.positions(&mut positions);
            }
            out.push((text, positions));
        }
        out.sort();
        out
    }

    /// The same, from the analyzer `name` run over `text`.
    fn analyzed(name: &str, text: &str, with_positions: bool) -> Vec<(String, Vec<u32>)> {
        let mut analyzer = analysis::build(name).expect("analyzer");
        let mut by_term = std::collections::BTreeMap::<String, Vec<u32>>::new();
        for token in analysis::analyze(&mut analyzer, text) {
            let positions = by_term.entry(token.token).or_default();
            if with_positions {
                positions.push(token.position as u32);
            }
        }
        by_term.into_iter().collect()
    }

    #[test]
    fn indexed_terms_and_positions_are_the_analyzers() {
        let dir = tempfile::tempdir().expect("tempdir");
        let corpus = dir.path().join("corpus");
        fs::create_dir_all(&corpus).expect("mkdir");
        let title = "الإخلاء من قاعدة عين الأسد";
        let text = "أكدت الولايات المتحدة في بيان أن القوات ستنسحب من القاعدة، وأن الانسحاب سيكتمل.";
        let source = "\0وكالة الأنباء";
        let record = serde_json::json!({"id": "a", "title": title, "text": text, "source": source});
        fs::write(corpus.join("a.jsonl"), format!("{record}\n")).expect("write");
        let index_dir = dir.path().join("index");
        build(&BuildOptions::new(&corpus, &index_dir)).expect("build");
        let opened = crate::index::open(&index_dir).expect("open");
        let fields = Fields::from_schema(&opened.index.schema()).expect("fields");
        let index = &opened.index;
        let exact = |text| analyzed(AR_EXACT, text, true);
        let stem = |text| analyzed(AR_STEM, text, true);
        assert_eq!(postings(index, fields.text_exact, true), exact(text));
        assert_eq!(postings(index, fields.text_stem, true), stem(text));
        // Titles are indexed without positions.
        let title_exact = analyzed(AR_EXACT, title, false);
        assert_eq!(postings(index, fields.title_exact, false), title_exact);
        let title_stem = analyzed(AR_STEM, title, false);
        assert_eq!(postings(index, fields.title_stem, false), title_stem);
        // The source is analyzed by tantivy; the leading NUL does not make it look pre-analyzed.
        assert_eq!(postings(index, fields.source, true), exact(source));
    }
}
