//! Helpers shared by the integration tests.

use std::path::PathBuf;

use assert_cmd::Command;

/// The `fahras` binary, run from the repository root.
pub fn fahras() -> Command {
    let mut cmd = Command::cargo_bin("fahras").expect("fahras binary is built");
    cmd.current_dir(repo_root());
    cmd.env("NO_COLOR", "1");
    cmd
}

/// The repository root (where `Cargo.toml` and `corpus/` live).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
