//! Which folders fahras may delete or replace: only its own.
//!
//! A fresh build writes `data.new/` and switches it in through `data.old/`, removing whatever
//! stood at those names. An `--index` folder given by mistake (`--index .` in a project folder
//! with a `data/` of its own) must not lose the user's files, so fahras marks every index
//! folder it creates with [`MARKER_FILE`] and removes or replaces only folders that are
//! missing, empty, or recognisably its own. Indexes built before the marker existed are
//! recognised by their build info (`fahras.json`) or by a tantivy `meta.json` whose schema has
//! fahras' fields, so upgrading fahras never locks anyone out of their index.

use std::fs;
use std::io;
use std::path::Path;

use crate::index::info::INFO_FILE;
use crate::index::IndexError;

/// The file that marks a folder as a fahras index folder.
pub(crate) const MARKER_FILE: &str = "fahras-index";

/// What the marker says to someone who finds it.
const MARKER_TEXT: &str = "This folder is a fahras index: fahras may replace or delete it.\n";

/// Fields only a fahras schema has together, to recognise an index built before the marker.
const FAHRAS_FIELDS: [&str; 3] = ["\"doc_id\"", "\"text_stem\"", "\"title_exact\""];

/// Marks `dir` (which exists) as a fahras index folder.
pub(crate) fn mark(dir: &Path) -> Result<(), IndexError> {
    let path = dir.join(MARKER_FILE);
    if path.is_file() {
        return Ok(());
    }
    fs::write(&path, MARKER_TEXT).map_err(|source| IndexError::Io {
        action: "cannot write",
        path,
        source,
    })
}

/// Whether `dir` is a folder fahras created: marked, or an index built before the marker.
pub(crate) fn is_ours(dir: &Path) -> bool {
    if dir.join(MARKER_FILE).is_file() || dir.join(INFO_FILE).is_file() {
        return true;
    }
    // A build from before the marker killed before it wrote its build info.
    fs::read_to_string(dir.join("meta.json"))
        .is_ok_and(|meta| FAHRAS_FIELDS.iter().all(|field| meta.contains(field)))
}

/// Refuses to remove or replace `dir` unless it is missing, an empty folder, or fahras' own.
pub(crate) fn check_removable(dir: &Path) -> Result<(), IndexError> {
    match fs::symlink_metadata(dir) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(source) => {
            return Err(IndexError::Io {
                action: "cannot inspect",
                path: dir.to_path_buf(),
                source,
            })
        }
        Ok(meta) if meta.is_dir() => {
            let empty = fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none());
            if empty || is_ours(dir) {
                return Ok(());
            }
        }
        Ok(_) => {}
    }
    Err(IndexError::NotOurs {
        path: dir.to_path_buf(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_missing_empty_marked_or_old_fahras_folders_are_removable() {
        let dir = tempfile::tempdir().expect("tempdir");
        let folder = dir.path().join("data");
        assert!(check_removable(&folder).is_ok());
        fs::create_dir(&folder).expect("mkdir");
        assert!(check_removable(&folder).is_ok());
        fs::write(folder.join("notes.txt"), "notes").expect("write");
        let err = check_removable(&folder).expect_err("user files");
        assert!(err.to_string().contains("data"), "{err}");
        mark(&folder).expect("mark");
        assert!(check_removable(&folder).is_ok());
        fs::remove_file(folder.join(MARKER_FILE)).expect("unmark");
        fs::write(folder.join(INFO_FILE), "{}").expect("write");
        assert!(check_removable(&folder).is_ok());
        let file = dir.path().join("data.old");
        fs::write(&file, "a file").expect("write");
        assert!(check_removable(&file).is_err());
    }
}
