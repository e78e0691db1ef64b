//! Which corpus an index belongs to, so no command updates it from another one.
//!
//! An index records its corpus as an absolute path ([`BuildInfo::corpus`]). Updating an index
//! deletes the documents of every file the corpus no longer has, so `fahras index` from another
//! corpus would empty it: [`check_update`] refuses that unless `--rebuild` asks for a new index.
//! Searches compare the index with its own corpus, not with whatever `./corpus` is where they run.

use std::io;
use std::path::{Component, Path, PathBuf};

use crate::index::{BuildInfo, IndexError, DATA_DIR};

/// The corpus folder as an absolute path without `.`, `..` or symbolic links, so two spellings
/// of one folder compare equal and the path means the same from any working directory.
pub(crate) fn canonical(corpus: &Path) -> Result<PathBuf, IndexError> {
    corpus.canonicalize().map_err(|source| IndexError::Io {
        action: "cannot resolve the corpus folder",
        path: corpus.to_path_buf(),
        source,
    })
}

/// The corpus recorded by the index in `index_dir`, resolved; `None` when there is no readable
/// build info. Indexes built before the path was recorded absolute hold it as it was typed:
/// it is read from the working directory, the best guess left.
pub(crate) fn recorded(index_dir: &Path) -> Option<PathBuf> {
    let info = BuildInfo::read(&index_dir.join(DATA_DIR)).ok()??;
    Some(resolve(&info))
}

/// The corpus of `info`, canonical when it still exists.
pub(crate) fn resolve(info: &BuildInfo) -> PathBuf {
    let path = PathBuf::from(&info.corpus);
    path.canonicalize().unwrap_or(path)
}

/// Whether `given` names the folder `recorded` (already resolved) names.
pub(crate) fn same(recorded: &Path, given: &Path) -> bool {
    match given.canonicalize() {
        Ok(given) => given == recorded,
        Err(_) => given == recorded,
    }
}

/// Refuses to update the index in `index_dir` (built as `info`) from `corpus` (canonical) when
/// it was built from another corpus: the update would delete all of its documents.
pub(crate) fn check_update(
    index_dir: &Path,
    info: &BuildInfo,
    corpus: &Path,
) -> Result<(), IndexError> {
    let recorded = resolve(info);
    if same(&recorded, corpus) {
        return Ok(());
    }
    Err(IndexError::OtherCorpus {
        index: index_dir.to_path_buf(),
        recorded,
        given: corpus.to_path_buf(),
    })
}

/// Refuses an index folder inside the corpus folder (`corpus` canonical): its files would sit
/// among the articles, and a rebuild removes folders there.
pub(crate) fn check_outside(corpus: &Path, index_dir: &Path) -> Result<(), IndexError> {
    let index = absolute(index_dir).map_err(|source| IndexError::Io {
        action: "cannot resolve the index folder",
        path: index_dir.to_path_buf(),
        source,
    })?;
    if index.starts_with(corpus) {
        return Err(IndexError::InsideCorpus {
            index: index_dir.to_path_buf(),
            corpus: corpus.to_path_buf(),
        });
    }
    Ok(())
}

/// `path` made absolute and canonical as far as it exists (an index folder may not exist yet):
/// each existing prefix is canonicalized (resolving links before a `..` pops them), the rest
/// is appended as written.
fn absolute(path: &Path) -> io::Result<PathBuf> {
    let mut out = PathBuf::new();
    for component in std::path::absolute(path)?.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
        if let Ok(canonical) = out.canonicalize() {
            out = canonical;
        }
    }
    Ok(out)
}

/// A path as one shell word, quoted only when it needs to be, so a suggested command can be
/// pasted as it is printed.
pub(crate) fn shell_word(path: &Path) -> String {
    let text = path.display().to_string();
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || "/._-+=:,@%".contains(c));
    if plain {
        text
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_words_are_quoted_only_when_needed() {
        assert_eq!(
            shell_word(Path::new("/tmp/a-b/corpus_1")),
            "/tmp/a-b/corpus_1"
        );
        assert_eq!(shell_word(Path::new("/tmp/my news")), "'/tmp/my news'");
        assert_eq!(shell_word(Path::new("it's")), r"'it'\''s'");
    }

    #[test]
    fn an_index_below_the_corpus_is_refused_even_before_it_exists() {
        let dir = tempfile::tempdir().expect("tempdir");
        let corpus = canonical(dir.path()).expect("canonical");
        let inside = dir.path().join("a/../index/new");
        assert!(matches!(
            check_outside(&corpus, &inside),
            Err(IndexError::InsideCorpus { .. })
        ));
        assert!(check_outside(&corpus.join("x"), &dir.path().join("index")).is_ok());
    }
}
