//! Reading only what was appended to a JSONL file. A daily export grows at its end: when its
//! first bytes are the ones read last time (same hash, ending a line), their records are known
//! and only the lines after them need parsing.

use std::collections::HashSet;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::Xxh3;

/// A JSONL file's bytes as last read whole: their hash and how many lines they held.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileBytes {
    /// xxh3 of the file's bytes.
    pub hash: u64,
    /// Lines read, the last one included.
    pub lines: usize,
}

/// The intact start of a grown file: its new bytes begin at `offset`, after line `lines`.
#[derive(Clone)]
pub struct Resume {
    pub offset: u64,
    pub(crate) lines: usize,
    /// The ids of the records before `offset`: one of them again later is a duplicate.
    pub(crate) seen: HashSet<String>,
    hasher: Xxh3,
}

/// The resume point of the file at `path` when its first `size` bytes are the ones `known`
/// describes and end with a line break (a last line cut short may go on in the new bytes);
/// `ids` are the records those bytes held.
pub fn intact_prefix(path: &Path, size: u64, known: FileBytes, ids: &[String]) -> Option<Resume> {
    let mut file = File::open(path).ok()?;
    let mut reader = Hashing::new((&mut file).take(size), None);
    io::copy(&mut reader, &mut io::sink()).ok()?;
    let hashed = reader.finish(size, known.lines)?;
    let hasher = reader.hasher;
    let mut last = [0];
    file.seek(SeekFrom::Start(size.checked_sub(1)?)).ok()?;
    file.read_exact(&mut last).ok()?;
    (last == *b"\n" && hashed == known).then(|| Resume {
        offset: size,
        lines: known.lines,
        seen: ids.iter().cloned().collect(),
        hasher,
    })
}

/// A reader that hashes what it reads, from the file's start or from a [`Resume`], to describe
/// the file to the next run.
pub(crate) struct Hashing<R> {
    inner: R,
    hasher: Xxh3,
    bytes: u64,
}

impl<R> Hashing<R> {
    /// Hashes `inner`, which reads the file from `resume`'s offset (from the start without one).
    pub(crate) fn new(inner: R, resume: Option<&Resume>) -> Self {
        Hashing {
            inner,
            hasher: resume.map_or_else(Xxh3::new, |r| r.hasher.clone()),
            bytes: resume.map_or(0, |r| r.offset),
        }
    }

    /// The file's description once it was read to its end, `lines` lines: none when fewer
    /// than its `size` bytes were read (a read error, or the file changed meanwhile).
    pub(crate) fn finish(&self, size: u64, lines: usize) -> Option<FileBytes> {
        (self.bytes == size).then(|| FileBytes {
            hash: self.hasher.digest(),
            lines,
        })
    }
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.hasher.update(&buf[..read]);
        self.bytes += read as u64;
        Ok(read)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn described(bytes: &[u8]) -> FileBytes {
        let mut reader = Hashing::new(bytes, None);
        io::copy(&mut reader, &mut io::sink()).expect("read");
        let lines = bytes.split(|&b| b == b'\n').count() - 1;
        reader
            .finish(bytes.len() as u64, lines)
            .expect("read whole")
    }

    #[test]
    fn a_grown_file_resumes_after_its_known_bytes_and_hashes_as_if_read_whole() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("feed.jsonl");
        let before = b"{\"id\": \"a\"}\n{\"id\": \"b\"}\n".to_vec();
        let known = described(&before);
        let mut after = before.clone();
        after.extend_from_slice(b"{\"id\": \"c\"}\n");
        std::fs::write(&path, &after).expect("write");
        let ids = ["a".to_string(), "b".to_string()];
        let resume = intact_prefix(&path, before.len() as u64, known, &ids).expect("intact");
        assert_eq!((resume.offset, resume.lines), (before.len() as u64, 2));
        assert!(resume.seen.contains("b"));
        let mut reader = Hashing::new(&after[before.len()..], Some(&resume));
        io::copy(&mut reader, &mut io::sink()).expect("read");
        assert_eq!(
            reader.finish(after.len() as u64, 3),
            Some(described(&after))
        );
    }

    #[test]
    fn an_edited_or_unended_start_is_not_resumed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("feed.jsonl");
        let before = b"{\"id\": \"a\"}\n{\"id\": \"b\"}".to_vec();
        std::fs::write(&path, b"{\"id\": \"a\"}\n{\"id\": \"b\", \"x\": 1}\n").expect("write");
        // The last line had no line break: it may have gone on.
        assert!(intact_prefix(&path, before.len() as u64, described(&before), &[]).is_none());
        let before = b"{\"id\": \"A\"}\n".to_vec();
        assert!(intact_prefix(&path, before.len() as u64, described(&before), &[]).is_none());
        let same = b"{\"id\": \"a\"}\n".to_vec();
        assert!(intact_prefix(&path, same.len() as u64, described(&same), &[]).is_some());
    }
}
