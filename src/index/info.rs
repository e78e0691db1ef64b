//! `fahras.json`: what a build recorded about the index it wrote.

use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::index::manifest::write_atomically;

/// File name of the build info inside `data/`.
pub const INFO_FILE: &str = "fahras.json";

/// Facts about the last committed build, shown by `fahras stats`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BuildInfo {
    /// [`crate::index::SCHEMA_VERSION`] of the build.
    pub schema_version: u32,
    /// Analyzers the index was built with.
    pub analyzers: Vec<String>,
    /// The corpus folder, absolute and canonical (see [`crate::index::origin`]), so commands run
    /// from any folder find it; indexes built before recorded it as typed.
    pub corpus: String,
    /// Documents in the index.
    pub documents: u64,
    /// Passages in the index.
    pub passages: u64,
    /// When the last build committed, in seconds since the Unix epoch.
    pub built_at_unix: u64,
}

impl BuildInfo {
    /// Reads the info of the index folder `data`; `Ok(None)` when there is none.
    pub fn read(data: &Path) -> Result<Option<BuildInfo>, String> {
        let path = data.join(INFO_FILE);
        let text = match fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
        };
        serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Writes the info into the index folder `data`, atomically.
    pub fn write(&self, data: &Path) -> std::io::Result<()> {
        let json = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        write_atomically(&data.join(INFO_FILE), &json)
    }
}
