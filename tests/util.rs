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

/// Copies the sample articles into `dir/corpus` and returns that folder.
pub fn copy_sample_corpus(dir: &std::path::Path) -> PathBuf {
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).expect("create corpus folder");
    for entry in std::fs::read_dir(repo_root().join("corpus")).expect("corpus/") {
        let path = entry.expect("entry").path();
        if let Some(name) = path.file_name() {
            std::fs::copy(&path, corpus.join(name)).expect("copy article");
        }
    }
    corpus
}

/// `fahras search` over `dir/corpus` with its index in `dir/index`; add the query and options.
pub fn search_in(dir: &std::path::Path) -> Command {
    let mut cmd = fahras();
    cmd.arg("search")
        .arg("--corpus")
        .arg(dir.join("corpus"))
        .arg("--index")
        .arg(dir.join("index"));
    cmd
}

/// `fahras index --quiet` of `corpus` into `index`.
pub fn index_quietly(corpus: &std::path::Path, index: &std::path::Path) -> Command {
    let mut cmd = fahras();
    cmd.args(["index", "--quiet", "--corpus"])
        .arg(corpus)
        .arg("--index")
        .arg(index);
    cmd
}
