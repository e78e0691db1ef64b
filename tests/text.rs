//! Text output for reading (issue 14, item 6): one header per article, no placeholders,
//! passages wrapped at word boundaries under their header.

use std::fs;
use std::path::Path;
use std::process::Output;

use crate::util::{copy_sample_corpus, search_in};

fn search(dir: &Path, columns: Option<&str>, args: &[&str]) -> Output {
    let mut command = search_in(dir);
    command.env_remove("COLUMNS");
    if let Some(columns) = columns {
        command.env("COLUMNS", columns);
    }
    command.args(args).output().expect("runs")
}

fn stdout(output: &Output) -> String {
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).expect("UTF-8")
}

/// Header lines: `N. SCORE  TITLE — … — DOC`.
fn headers(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| {
            l.split_once(". ")
                .is_some_and(|(n, _)| n.parse::<u32>().is_ok())
        })
        .collect()
}

#[test]
fn an_article_without_source_or_date_has_no_placeholders() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join("corpus");
    fs::create_dir_all(&corpus).expect("mkdir");
    fs::write(
        corpus.join("a.txt"),
        "وصول الوفد\n\nوصل الوفد إلى قاعدة عين الأسد في محافظة الأنبار.\n",
    )
    .expect("write");
    let text = stdout(&search(dir.path(), None, &["الأنبار"]));
    let header = headers(&text)[0];
    assert!(
        header.ends_with("\u{2068}وصول الوفد\u{2069} — a.txt"),
        "{header:?}"
    );
    assert!(!header.contains(" - ") && !header.contains("\u{2068}-\u{2069}"));
}

#[test]
fn passages_of_one_article_share_one_header() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_sample_corpus(dir.path());
    let text = stdout(&search(
        dir.path(),
        None,
        &["--per-doc", "2", "--limit", "10", "--no-collapse", "العراق"],
    ));
    let docs: Vec<&str> = headers(&text)
        .iter()
        .map(|h| h.rsplit(" — ").next().expect("doc"))
        .collect();
    let mut unique = docs.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        unique.len(),
        docs.len(),
        "a header repeats: {docs:?}\n{text}"
    );
    // Ten passages, at most two an article: some article shows two under its one header.
    assert!(docs.len() < 10, "{text}");
    assert!(text.contains("\n    ⋯ "), "{text}");
}

#[test]
fn passages_wrap_to_the_width_at_word_boundaries() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_sample_corpus(dir.path());
    let args = ["--limit", "3", "عين الأسد"];
    let one_line = stdout(&search(dir.path(), None, &args));
    let wrapped = stdout(&search(dir.path(), Some("40"), &args));
    let passage_words = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| l.starts_with("    \u{2068}"))
            .flat_map(|l| {
                l.trim_start()
                    .trim_matches(['\u{2068}', '\u{2069}'])
                    .split(' ')
                    .map(String::from)
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    assert_eq!(passage_words(&wrapped), passage_words(&one_line));
    let passage_lines = |text: &str| {
        text.lines()
            .filter(|l| l.starts_with("    \u{2068}"))
            .count()
    };
    assert!(passage_lines(&wrapped) > passage_lines(&one_line));
    for line in wrapped.lines().filter(|l| l.starts_with("    \u{2068}")) {
        let width = line
            .chars()
            .filter(|c| !matches!(c, '\u{2068}' | '\u{2069}'))
            .count();
        assert!(width <= 40, "{width}: {line}");
        assert!(
            line.ends_with('\u{2069}'),
            "each line is its own isolate: {line}"
        );
    }
}
