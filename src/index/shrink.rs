//! A vanished corpus is not an empty corpus.
//!
//! An update deletes the documents of every file the corpus no longer gives, so an unmounted
//! disk (an empty corpus folder), a corpus renamed away during the run or files that became
//! unreadable would empty the index with exit 0. A run that would leave less than
//! [`KEPT_SHARE`] of the documents is refused before it commits, unless `--allow-shrink` says
//! the documents are really gone.

use std::path::Path;

use crate::index::IndexError;

/// The share of the documents a run must keep, unless `--allow-shrink`: at least half.
pub(crate) const KEPT_SHARE: (u64, u64) = (1, 2);

/// Refuses a run that takes the index in `index_dir` from `before` documents to `after`.
pub(crate) fn check(
    corpus: &Path,
    index_dir: &Path,
    before: u64,
    after: u64,
    allow_shrink: bool,
) -> Result<(), IndexError> {
    let (kept, of) = KEPT_SHARE;
    if allow_shrink || before == 0 || (after > 0 && after * of >= before * kept) {
        return Ok(());
    }
    Err(IndexError::Shrink {
        corpus: corpus.to_path_buf(),
        index: index_dir.to_path_buf(),
        before,
        after,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn losing_half_or_less_passes_more_or_all_is_refused() {
        let ok =
            |before, after| check(Path::new("c"), Path::new("i"), before, after, false).is_ok();
        assert!(ok(0, 0));
        assert!(ok(10, 5));
        assert!(ok(10, 12));
        assert!(!ok(10, 4));
        assert!(!ok(1, 0));
        assert!(check(Path::new("c"), Path::new("i"), 10, 0, true).is_ok());
    }
}
