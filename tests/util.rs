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

/// A command's JSON answer on stdout, after checking that it succeeded (stderr in the message).
pub fn success_json(output: &std::process::Output) -> serde_json::Value {
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("one JSON answer")
}

/// `fahras stats --json` of `index`: its answer (`null` when none) and exit code.
pub fn stats_json(index: &std::path::Path) -> (serde_json::Value, Option<i32>) {
    let output = fahras()
        .args(["stats", "--json", "--index"])
        .arg(index)
        .output()
        .expect("runs");
    let stats = serde_json::from_slice(&output.stdout).unwrap_or(serde_json::Value::Null);
    (stats, output.status.code())
}

/// Starts `fahras index --quiet` of `corpus` into `index` with `options`, lets it work for
/// `after` and kills it, checking that it was still running (`too_fast` says what to do if not).
pub fn kill_index_run(
    corpus: &std::path::Path,
    index: &std::path::Path,
    options: &[&str],
    after: std::time::Duration,
    too_fast: &str,
) {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("fahras"))
        .arg("index")
        .args(options)
        .arg("--corpus")
        .arg(corpus)
        .arg("--index")
        .arg(index)
        .arg("--quiet")
        .spawn()
        .expect("spawn");
    std::thread::sleep(after);
    assert!(
        child.try_wait().expect("child status").is_none(),
        "{too_fast}"
    );
    child.kill().expect("kill");
    let _ = child.wait();
}
