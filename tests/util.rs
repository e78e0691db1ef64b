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

/// `fahras index` of `corpus` into `index`; add options.
pub fn index_command(corpus: &std::path::Path, index: &std::path::Path) -> Command {
    let mut cmd = fahras();
    cmd.arg("index")
        .arg("--corpus")
        .arg(corpus)
        .arg("--index")
        .arg(index);
    cmd
}

/// `fahras index --quiet` of `corpus` into `index`.
pub fn index_quietly(corpus: &std::path::Path, index: &std::path::Path) -> Command {
    let mut cmd = index_command(corpus, index);
    cmd.arg("--quiet");
    cmd
}

/// `fahras index` of `corpus` into `index` with `options`, run to completion.
pub fn run_index(
    corpus: &std::path::Path,
    index: &std::path::Path,
    options: &[&str],
) -> std::process::Output {
    index_command(corpus, index)
        .args(options)
        .output()
        .expect("runs")
}

/// What a command said on stderr, without the count of matches a JSON search ends with.
pub fn stderr_without_match_count(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr)
        .lines()
        .filter(|l| !(l.starts_with("fahras: ") && l.ends_with(" match")))
        .map(|l| format!("{l}\n"))
        .collect()
}
