//! Finding the corpus files without reading them.
//!
//! Separate from reading so an incremental indexer can compare sizes and modification times
//! with its manifest and read only what changed.

use std::ffi::OsStr;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use walkdir::WalkDir;

use super::{CorpusError, Skipped};

/// Which reader a corpus file needs, from its (case-insensitive) extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    /// `.txt`: one article per file.
    Txt,
    /// `.jsonl`: one article per line.
    Jsonl,
}

impl FileKind {
    /// The kind for a path, or `None` for files the corpus reader ignores.
    pub fn of(path: &Path) -> Option<FileKind> {
        let ext = path.extension().and_then(OsStr::to_str)?;
        if ext.eq_ignore_ascii_case("txt") {
            Some(FileKind::Txt)
        } else if ext.eq_ignore_ascii_case("jsonl") {
            Some(FileKind::Jsonl)
        } else {
            None
        }
    }
}

/// A readable corpus file (`.txt` or `.jsonl`) and what a manifest needs to detect changes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SourceFile {
    /// Path relative to the corpus root with `/` separators on every platform, so ids and
    /// manifests are portable. Bytes of a name that are not UTF-8 are written `\xHH`, so two
    /// names that differ only in such bytes stay two paths ([`name_text`]).
    pub rel_path: String,
    /// Path to open (under the root; symlinks are not resolved).
    pub abs_path: PathBuf,
    /// Size in bytes (of the link target for a symlink).
    pub size: u64,
    /// Modification time in nanoseconds since the Unix epoch (negative before 1970, 0 when the
    /// platform does not report it).
    pub modified_unix_nanos: i128,
}

impl SourceFile {
    /// The reader this file needs.
    pub fn kind(&self) -> Option<FileKind> {
        FileKind::of(&self.abs_path)
    }
}

/// Everything a walk of the corpus root found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileListing {
    /// The `.txt` and `.jsonl` files, sorted by path (siblings by file name).
    pub files: Vec<SourceFile>,
    /// Entries that could not be visited: symlink loops, broken links, permission errors, and
    /// `.txt`/`.jsonl` names that are not regular files (FIFOs would block a reader).
    pub skipped: Vec<Skipped>,
    /// Regular files with any other extension (images, HTML, …), which are not read.
    pub ignored_other_extensions: usize,
}

/// Hidden files and folders (`.git`, `.DS_Store`, editor swap files) are never corpus content.
fn is_hidden(name: &OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

/// A file name as text: as it is when it is UTF-8, else each byte that is not UTF-8 written as
/// `\xHH`. A lossy conversion would map every such byte to U+FFFD, so two files whose names
/// differ only there would share one path (and one id), and each update would delete the
/// other's articles.
fn name_text(name: &OsStr) -> String {
    if let Some(text) = name.to_str() {
        return text.to_owned();
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::new();
        for chunk in name.as_bytes().utf8_chunks() {
            out.push_str(chunk.valid());
            for byte in chunk.invalid() {
                out.push_str(&format!("\\x{byte:02X}"));
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        name.to_string_lossy().into_owned()
    }
}

/// `path` relative to `root`, `/`-separated.
fn rel_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(name_text(s)),
            _ => None,
        })
        .collect();
    if parts.is_empty() {
        path.to_string_lossy().into_owned()
    } else {
        parts.join("/")
    }
}

fn unix_nanos(time: io::Result<SystemTime>) -> i128 {
    match time {
        Ok(t) => match t.duration_since(UNIX_EPOCH) {
            Ok(d) => i128::try_from(d.as_nanos()).unwrap_or(i128::MAX),
            Err(e) => i128::try_from(e.duration().as_nanos()).map_or(i128::MIN, |n| -n),
        },
        Err(_) => 0,
    }
}

/// Why a symlink is not followed: it leads outside the corpus. The walk stays inside the folder
/// it was given, so a link to `/`, the home folder or another disk cannot make it read the whole
/// tree around the corpus (or the corpus again inside it); a link to another place inside the
/// corpus is followed.
fn leaves_corpus(entry: &walkdir::DirEntry, canonical_root: &Path) -> Option<String> {
    if entry.depth() == 0 || !entry.path_is_symlink() {
        return None;
    }
    let target = entry.path().canonicalize().ok()?;
    (!target.starts_with(canonical_root)).then(|| {
        format!(
            "symlink to {}, outside the corpus: not followed",
            target.display()
        )
    })
}

/// Checks that the corpus root is a readable directory.
fn check_root(root: &Path) -> Result<(), CorpusError> {
    let meta = fs::metadata(root).map_err(|source| {
        if source.kind() == io::ErrorKind::NotFound {
            CorpusError::NotFound {
                path: root.to_path_buf(),
            }
        } else {
            CorpusError::Unreadable {
                path: root.to_path_buf(),
                source,
            }
        }
    })?;
    if !meta.is_dir() {
        return Err(CorpusError::NotADirectory {
            path: root.to_path_buf(),
        });
    }
    fs::read_dir(root).map_err(|source| CorpusError::Unreadable {
        path: root.to_path_buf(),
        source,
    })?;
    Ok(())
}

/// Walks `root` recursively, following symlinks that stay inside it, in file-name order,
/// skipping hidden entries.
///
/// Only a problem with the root itself is an error; anything wrong below it (including a
/// symlink that loops back to an ancestor, which walkdir detects) is recorded in
/// [`FileListing::skipped`] so one bad folder never stops indexing the rest.
pub fn scan_files(root: &Path) -> Result<FileListing, CorpusError> {
    check_root(root)?;
    let mut listing = FileListing::default();
    // Paths already listed: two files must never share one (see `name_text`).
    let mut seen = std::collections::HashSet::new();
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut walker = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                if err.depth() == 0 {
                    return Err(CorpusError::Unreadable {
                        path: root.to_path_buf(),
                        source: io::Error::other(err.to_string()),
                    });
                }
                let path = err
                    .path()
                    .map_or_else(|| root.display().to_string(), |p| rel_path(root, p));
                let reason = match err.loop_ancestor() {
                    Some(ancestor) => {
                        format!("symlink loop: points back to {}", rel_path(root, ancestor))
                    }
                    None => match err.io_error() {
                        Some(io) => format!("cannot read: {io}"),
                        None => format!("cannot read: {err}"),
                    },
                };
                listing.skipped.push(Skipped {
                    path,
                    line: None,
                    reason,
                });
                continue;
            }
        };
        let file_type = entry.file_type();
        if let Some(reason) = leaves_corpus(&entry, &canonical_root) {
            listing.skipped.push(Skipped {
                path: rel_path(root, entry.path()),
                line: None,
                reason,
            });
            if file_type.is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if file_type.is_dir() {
            continue;
        }
        let path = entry.path();
        if FileKind::of(path).is_none() {
            if file_type.is_file() {
                listing.ignored_other_extensions += 1;
            }
            continue;
        }
        let rel = rel_path(root, path);
        if !file_type.is_file() {
            listing.skipped.push(Skipped {
                path: rel,
                line: None,
                reason: "not a regular file".to_owned(),
            });
            continue;
        }
        if !seen.insert(rel.clone()) {
            listing.skipped.push(Skipped {
                path: rel,
                line: None,
                reason: "another file has the same name as written here: rename one".to_owned(),
            });
            continue;
        }
        match entry.metadata() {
            Ok(meta) => listing.files.push(SourceFile {
                rel_path: rel,
                abs_path: path.to_path_buf(),
                size: meta.len(),
                modified_unix_nanos: unix_nanos(meta.modified()),
            }),
            Err(err) => listing.skipped.push(Skipped {
                path: rel,
                line: None,
                reason: format!("cannot read metadata: {err}"),
            }),
        }
    }
    Ok(listing)
}

/// The corpus files with size and modification time, without reading their contents; problems
/// below the root are dropped (use [`scan_files`] to see them).
pub fn list_files(root: &Path) -> Result<Vec<SourceFile>, CorpusError> {
    Ok(scan_files(root)?.files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str, content: &str) {
        let path = root.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("mkdir");
        }
        fs::write(path, content).expect("write");
    }

    #[test]
    fn lists_txt_and_jsonl_sorted_skipping_hidden_and_counting_others() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        write(root, "b.txt", "b");
        write(root, "a/z.JSONL", "{}");
        write(root, "a/y.txt", "yy");
        write(root, "c.html", "<p>");
        write(root, "README", "x");
        write(root, ".hidden.txt", "h");
        write(root, ".git/x.txt", "h");
        write(root, "a/.cache/x.txt", "h");
        let listing = scan_files(root).expect("scan");
        let rels: Vec<&str> = listing.files.iter().map(|f| f.rel_path.as_str()).collect();
        assert_eq!(rels, vec!["a/y.txt", "a/z.JSONL", "b.txt"]);
        assert_eq!(listing.ignored_other_extensions, 2);
        assert!(listing.skipped.is_empty());
        let y = &listing.files[0];
        assert_eq!(y.size, 2);
        assert_eq!(y.abs_path, root.join("a").join("y.txt"));
        assert!(y.modified_unix_nanos > 0);
        assert_eq!(y.kind(), Some(FileKind::Txt));
        assert_eq!(listing.files[1].kind(), Some(FileKind::Jsonl));
        assert_eq!(list_files(root).expect("list"), listing.files);
    }

    #[test]
    fn root_errors_name_the_path() {
        let dir = tempfile::tempdir().expect("tempdir");
        let missing = dir.path().join("nope");
        let err = scan_files(&missing).expect_err("missing root");
        assert!(matches!(err, CorpusError::NotFound { .. }));
        assert!(err.to_string().contains("nope"));
        write(dir.path(), "f.txt", "x");
        let err = scan_files(&dir.path().join("f.txt")).expect_err("file root");
        assert!(matches!(err, CorpusError::NotADirectory { .. }));
        assert!(err.to_string().contains("f.txt"));
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_and_broken_links_are_skipped_not_fatal() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        write(root, "sub/a.txt", "a");
        std::os::unix::fs::symlink(root.join("sub"), root.join("sub/loop")).expect("symlink");
        std::os::unix::fs::symlink(root.join("gone.txt"), root.join("broken.txt"))
            .expect("symlink");
        write(root, "real.txt", "r");
        std::os::unix::fs::symlink(root.join("real.txt"), root.join("sub/link.txt"))
            .expect("symlink");
        let listing = scan_files(root).expect("scan");
        let rels: Vec<&str> = listing.files.iter().map(|f| f.rel_path.as_str()).collect();
        assert_eq!(rels, vec!["real.txt", "sub/a.txt", "sub/link.txt"]);
        let reasons: Vec<String> = listing.skipped.iter().map(|s| s.to_string()).collect();
        assert_eq!(reasons.len(), 2, "{reasons:?}");
        assert!(reasons
            .iter()
            .any(|r| r.starts_with("broken.txt: cannot read")));
        assert!(reasons
            .iter()
            .any(|r| r.starts_with("sub/loop: symlink loop: points back to sub")));
    }

    #[cfg(unix)]
    #[test]
    fn names_that_differ_only_in_bytes_that_are_not_utf8_stay_apart() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().expect("tempdir");
        for name in [&b"a\xff.txt"[..], &b"a\xfe.txt"[..]] {
            let path = dir.path().join(OsStr::from_bytes(name));
            if fs::write(&path, "x").is_err() {
                return; // a file system that wants UTF-8 names: nothing to test
            }
        }
        let listing = scan_files(dir.path()).expect("scan");
        let rels: Vec<&str> = listing.files.iter().map(|f| f.rel_path.as_str()).collect();
        assert_eq!(rels, vec!["a\\xFE.txt", "a\\xFF.txt"]);
    }

    #[cfg(unix)]
    #[test]
    fn fifo_named_txt_is_not_opened() {
        let dir = tempfile::tempdir().expect("tempdir");
        let fifo = dir.path().join("pipe.txt");
        let status = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !status.is_ok_and(|s| s.success()) {
            return; // no mkfifo on this system: nothing to test
        }
        let listing = scan_files(dir.path()).expect("scan");
        assert!(listing.files.is_empty());
        assert_eq!(listing.skipped.len(), 1);
        assert_eq!(listing.skipped[0].reason, "not a regular file");
    }
}
