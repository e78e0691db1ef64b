//! Reading a corpus folder into articles: the first half of `fahras index`.
//!
//! A corpus is a folder tree of `.txt` files (one article each) and `.jsonl` files (one article
//! per line). This module finds them ([`scan_files`]/[`list_files`]), decodes them
//! ([`decode()`]), turns them into [`Article`]s with boilerplate-free body ranges and metadata
//! ([`read_file`]), and splits bodies into passages ([`split_passages`]). It knows nothing about
//! tantivy; the index module consumes its output.
//!
//! Problems with individual files or records never abort a run: they are returned as
//! [`Skipped`] entries for the indexer to report. Only an unusable corpus root is an error.

pub mod appended;
pub mod article;
pub mod boilerplate;
pub mod decode;
pub mod jsonl;
pub mod learned_chrome;
mod lines;
pub mod metadata;
pub mod passage;
pub mod txt;
pub mod walk;

use std::collections::HashMap;
use std::fmt;
use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use thiserror::Error;

pub use article::{content_hash, Article};
pub use decode::{decode, decode_vec, DecodeError, Decoded};
pub use passage::{split_passages, PassageSpan};
pub use walk::{list_files, scan_files, FileKind, FileListing, SourceFile};

/// A `.txt` file larger than this is skipped: it is certainly not one news article, and reading
/// it would hold the whole file (and its decoded copy) in memory.
pub const MAX_TXT_BYTES: u64 = 256 * 1024 * 1024;

/// The corpus root cannot be used. Everything below the root is reported as [`Skipped`].
#[derive(Debug, Error)]
pub enum CorpusError {
    /// The root path does not exist.
    #[error("corpus folder {} does not exist", path.display())]
    NotFound {
        /// The root as given.
        path: PathBuf,
    },
    /// The root exists but is a file (or something else), not a folder.
    #[error("corpus path {} is not a folder", path.display())]
    NotADirectory {
        /// The root as given.
        path: PathBuf,
    },
    /// The root cannot be read (permissions, I/O error).
    #[error("cannot read corpus folder {}: {source}", path.display())]
    Unreadable {
        /// The root as given.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
}

/// A file, or a line of a JSONL file, that was not indexed, and why.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Skipped {
    /// Path relative to the corpus root, `/`-separated.
    pub path: String,
    /// 1-based line for a JSONL record; `None` when the whole file is concerned.
    pub line: Option<usize>,
    /// Human-readable reason, e.g. "binary file".
    pub reason: String,
}

impl fmt::Display for Skipped {
    /// `FILE:LINE: reason` or `FILE: reason`, the format compilers use, so editors can jump to it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path, line, self.reason),
            None => write!(f, "{}: {}", self.path, self.reason),
        }
    }
}

/// What reading one file produced.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileOutcome {
    /// The articles, in file order.
    pub articles: Vec<Article>,
    /// The whole file (line `None`) or individual records that were skipped.
    pub skipped: Vec<Skipped>,
}

/// Everything [`read_corpus`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CorpusScan {
    /// Articles with unique ids, in walk order (files sorted by name, records in line order).
    pub articles: Vec<Article>,
    /// Files, records and folder entries that were not indexed.
    pub skipped: Vec<Skipped>,
    /// Files with extensions other than `.txt`/`.jsonl`.
    pub ignored_other_extensions: usize,
}

/// Enforces corpus-wide unique article ids: the first article with an id wins and later ones
/// are skipped, so re-running the indexer on the same corpus always keeps the same article.
///
/// [`read_corpus`] uses it; an incremental indexer that calls [`read_file`] per file should feed
/// every article through one registry too.
#[derive(Debug, Clone, Default)]
pub struct IdRegistry {
    first_seen: HashMap<String, String>,
}

impl IdRegistry {
    /// Records the article's id, or explains why it is a duplicate.
    pub fn admit(&mut self, article: &Article) -> Result<(), Skipped> {
        let location = match article.line {
            Some(line) => format!("{}:{}", article.rel_path, line),
            None => article.rel_path.clone(),
        };
        match self.first_seen.get(&article.id) {
            Some(first) => Err(Skipped {
                path: article.rel_path.clone(),
                line: article.line,
                reason: format!("duplicate id {:?} (first seen at {first})", article.id),
            }),
            None => {
                self.first_seen.insert(article.id.clone(), location);
                Ok(())
            }
        }
    }
}

/// Reads one corpus file into articles. Never fails and never panics: problems become
/// [`Skipped`] entries (an unreadable, binary, empty or oversized file; malformed JSONL lines).
pub fn read_file(file: &SourceFile) -> FileOutcome {
    let mut articles = Vec::new();
    let skipped = read_file_each(file, &mut |a| articles.push(a));
    FileOutcome { articles, skipped }
}

/// [`read_file`] handing each article to `on_article` as soon as it is read (the records of a
/// large JSONL file one by one); returns the skipped entries.
pub fn read_file_each(file: &SourceFile, on_article: &mut dyn FnMut(Article)) -> Vec<Skipped> {
    read_file_counted(file, None, &|_| {}, on_article).skipped
}

/// What reading a file gave besides its articles.
pub struct FileRead {
    /// What was skipped, with its reason.
    pub skipped: Vec<Skipped>,
    /// A JSONL file's bytes as read to its end, for the next run to tell an append
    /// ([`appended`]); none for a `.txt` file or a read cut short.
    pub bytes: Option<appended::FileBytes>,
}

/// [`read_file_each`] telling `on_read` how many bytes of the file each read took, for a
/// progress bar that moves within a large file; with `resume`, a JSONL file is read from there
/// (what was appended to it).
pub fn read_file_counted(
    file: &SourceFile,
    resume: Option<appended::Resume>,
    on_read: &dyn Fn(u64),
    on_article: &mut dyn FnMut(Article),
) -> FileRead {
    let mut skipped = Vec::new();
    let skip = |reason: String| Skipped {
        path: file.rel_path.clone(),
        line: None,
        reason,
    };
    let kind = match file.kind() {
        Some(kind) => kind,
        None => {
            skipped.push(skip("not a .txt or .jsonl file".to_owned()));
            return FileRead {
                skipped,
                bytes: None,
            };
        }
    };
    let opened = File::open(&file.abs_path).and_then(|mut handle| {
        if let Some(resume) = resume.as_ref().filter(|_| kind == FileKind::Jsonl) {
            handle.seek(SeekFrom::Start(resume.offset))?;
            on_read(resume.offset);
        }
        Ok(handle)
    });
    let handle = match opened {
        Ok(handle) => Counted {
            inner: handle,
            on_read,
        },
        Err(e) => {
            skipped.push(skip(format!("cannot open: {e}")));
            return FileRead {
                skipped,
                bytes: None,
            };
        }
    };
    match kind {
        FileKind::Jsonl => {
            let mut reader = BufReader::new(appended::Hashing::new(handle, resume.as_ref()));
            let start = resume.map_or_else(jsonl::Start::default, |r| jsonl::Start {
                lines: r.lines,
                seen: r.seen,
            });
            let (skipped, lines) =
                jsonl::read_jsonl_from(&file.rel_path, &mut reader, start, on_article);
            FileRead {
                skipped,
                bytes: reader.get_ref().finish(file.size, lines),
            }
        }
        FileKind::Txt => FileRead {
            skipped: read_txt(file, handle, on_article),
            bytes: None,
        },
    }
}

/// Reads the `.txt` article `file` from `handle`.
fn read_txt(
    file: &SourceFile,
    handle: impl Read,
    on_article: &mut dyn FnMut(Article),
) -> Vec<Skipped> {
    let skip = |reason: String| Skipped {
        path: file.rel_path.clone(),
        line: None,
        reason,
    };
    let mut bytes = Vec::new();
    if let Err(e) = handle.take(MAX_TXT_BYTES + 1).read_to_end(&mut bytes) {
        return vec![skip(format!("cannot read: {e}"))];
    }
    if bytes.len() as u64 > MAX_TXT_BYTES {
        return vec![skip(format!(
            "file larger than {MAX_TXT_BYTES} bytes (not a single article)"
        ))];
    }
    let result = decode_vec(bytes)
        .map_err(|e| e.to_string())
        .and_then(|d| txt::parse_txt(&file.rel_path, d.text));
    match result {
        Ok(article) => {
            on_article(article);
            Vec::new()
        }
        Err(reason) => vec![skip(reason)],
    }
}

/// A reader that reports how many bytes each read returned.
struct Counted<'a, R> {
    inner: R,
    on_read: &'a dyn Fn(u64),
}

impl<R: Read> Read for Counted<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buf)?;
        (self.on_read)(read as u64);
        Ok(read)
    }
}

/// Reads a whole corpus folder: walks it ([`scan_files`]), reads every `.txt`/`.jsonl` file
/// ([`read_file`]) and drops articles whose id was already seen ([`IdRegistry`]).
///
/// Errors only when `root` does not exist, is not a folder or cannot be read; everything else
/// ends up in [`CorpusScan::skipped`].
pub fn read_corpus(root: &Path) -> Result<CorpusScan, CorpusError> {
    let listing = scan_files(root)?;
    let mut scan = CorpusScan {
        articles: Vec::new(),
        skipped: listing.skipped,
        ignored_other_extensions: listing.ignored_other_extensions,
    };
    let mut ids = IdRegistry::default();
    for file in &listing.files {
        let outcome = read_file(file);
        scan.skipped.extend(outcome.skipped);
        for article in outcome.articles {
            match ids.admit(&article) {
                Ok(()) => scan.articles.push(article),
                Err(skipped) => scan.skipped.push(skipped),
            }
        }
    }
    Ok(scan)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn write(root: &Path, rel: &str, bytes: &[u8]) {
        let path = root.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("mkdir");
        }
        fs::write(path, bytes).expect("write");
    }

    #[test]
    fn skipped_display_is_file_line_reason() {
        let with_line = Skipped {
            path: "a/b.jsonl".into(),
            line: Some(3),
            reason: "invalid JSON record".into(),
        };
        assert_eq!(with_line.to_string(), "a/b.jsonl:3: invalid JSON record");
        let whole = Skipped {
            path: "c.txt".into(),
            line: None,
            reason: "binary file".into(),
        };
        assert_eq!(whole.to_string(), "c.txt: binary file");
    }

    #[test]
    fn reads_a_mixed_corpus_and_reports_every_problem() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        write(root, "a.txt", "عنوان أ\n\nنص المقال الأول.\n".as_bytes());
        let (legacy, _, _) = encoding_rs::WINDOWS_1256.encode("عنوان قديم\nنص بترميز قديم.\n");
        write(root, "old/legacy.txt", &legacy);
        write(root, "bin.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
        write(root, "empty.txt", b"\n  \n");
        write(root, "notes.md", b"# notes");
        write(root, ".hidden/x.txt", b"hidden");
        write(
            root,
            "z.jsonl",
            concat!(
                "{\"id\":\"a.txt\",\"text\":\"same id as the txt file\"}\n",
                "{\"id\":\"j1\",\"title\":\"ج\",\"text\":\"نص\"}\n",
                "oops\n"
            )
            .as_bytes(),
        );
        let scan = read_corpus(root).expect("scan");
        let ids: Vec<&str> = scan.articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, vec!["a.txt", "old/legacy.txt", "j1"]);
        assert_eq!(scan.articles[1].title, "عنوان قديم");
        assert_eq!(scan.ignored_other_extensions, 1);
        let skipped: Vec<String> = scan.skipped.iter().map(|s| s.to_string()).collect();
        assert_eq!(skipped.len(), 4, "{skipped:?}");
        assert!(skipped.contains(&"bin.txt: binary file".to_owned()));
        assert!(skipped.contains(&"empty.txt: empty file (no text)".to_owned()));
        assert!(skipped
            .iter()
            .any(|s| s.starts_with("z.jsonl:1: duplicate id \"a.txt\" (first seen at a.txt)")));
        assert!(skipped
            .iter()
            .any(|s| s.starts_with("z.jsonl:3: invalid JSON")));
    }

    #[test]
    fn root_problems_are_errors() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert!(matches!(
            read_corpus(&dir.path().join("missing")),
            Err(CorpusError::NotFound { .. })
        ));
    }

    #[test]
    fn read_file_counted_reports_every_byte_of_the_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let line = "{\"id\":\"a\",\"text\":\"نص\"}\n".repeat(2_000);
        write(dir.path(), "a.jsonl", line.as_bytes());
        let listing = scan_files(dir.path()).expect("scan");
        let read = std::cell::Cell::new(0);
        let mut articles = 0;
        read_file_counted(
            &listing.files[0],
            None,
            &|n| read.set(read.get() + n),
            &mut |_| articles += 1,
        );
        assert_eq!(read.get(), line.len() as u64);
        assert_eq!(articles, 1);
    }

    #[test]
    fn read_file_reports_vanished_files() {
        let file = SourceFile {
            rel_path: "gone.txt".into(),
            abs_path: PathBuf::from("/nonexistent/fahras/gone.txt"),
            size: 0,
            modified_unix_nanos: 0,
        };
        let out = read_file(&file);
        assert!(out.articles.is_empty());
        assert_eq!(out.skipped.len(), 1);
        assert!(out.skipped[0]
            .to_string()
            .starts_with("gone.txt: cannot open"));
    }

    #[test]
    fn the_sample_corpus_reads_cleanly() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let scan = read_corpus(&root).expect("sample corpus");
        assert!(scan.skipped.is_empty(), "{:?}", scan.skipped);
        assert_eq!(scan.articles.len(), 5);
        let ids: Vec<&str> = scan.articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(
            ids,
            vec![
                "000_8703aa2f0983bf6f.txt",
                "001_46b68a0aea1ed22b.txt",
                "002_0b628569c39d60ff.txt",
                "003_32cb2486f17b8cbe.txt",
                "004_015bb4e44a3158bc.txt"
            ]
        );
        for a in &scan.articles {
            let passages = split_passages(&a.text, &a.body);
            assert!(passages.len() >= 9, "{}: {} passages", a.id, passages.len());
            // Passages are made of body text only: whatever a passage covers outside the body
            // ranges is white space (the line breaks between merged paragraphs), never chrome.
            for p in &passages {
                let mut at = p.start;
                for r in a.body.iter().filter(|r| r.end > p.start && r.start < p.end) {
                    assert!(
                        a.text[at..r.start.max(at)].trim().is_empty(),
                        "{}: {p:?}",
                        a.id
                    );
                    at = r.end;
                }
                assert!(at >= p.end, "{}: passage {p:?} runs past the body", a.id);
                let words = a.text[p.start..p.end].split_whitespace().count();
                assert!(words <= passage::MAX_WORDS);
            }
            // Every body word is in some passage.
            let body_words: usize = a.paragraphs().map(|t| t.split_whitespace().count()).sum();
            let passage_words: usize = passages
                .iter()
                .map(|p| a.text[p.start..p.end].split_whitespace().count())
                .sum();
            assert_eq!(body_words, passage_words, "{}", a.id);
        }
    }
}
