//! `chrome.json`: the chrome learned from the corpus by the last build
//! ([`crate::corpus::learned_chrome`]), kept to report it and to tell which groups' tables
//! changed since.

use std::fs;
use std::path::Path;

use crate::corpus::learned_chrome::ChromeTable;
use crate::index::manifest::write_atomically;

/// File name of the learned chrome inside `data/`.
pub(crate) const CHROME_FILE: &str = "chrome.json";

/// The table stored in the index folder `data`; empty when there is none (an index built before
/// tables were learned, whose groups are then re-indexed by the next update).
pub(crate) fn read(data: &Path) -> ChromeTable {
    fs::read(data.join(CHROME_FILE))
        .map(|bytes| ChromeTable::from_json(&bytes))
        .unwrap_or_default()
}

/// Writes the table into the index folder `data`, atomically.
pub(crate) fn write(data: &Path, table: &ChromeTable) -> std::io::Result<()> {
    let json = serde_json::to_vec(table).map_err(std::io::Error::other)?;
    write_atomically(&data.join(CHROME_FILE), &json)
}
