//! Golden files: every sample article in `corpus/` analyzed by `ar_exact` and `ar_stem`, one token a
//! line (position, byte range, the original word, the term). A change to the analyzer shows up here
//! as a reviewable diff. Regenerate with `FAHRAS_BLESS=1 cargo test golden` and review the diff.

use std::fmt::Write as _;
use std::fs;

use fahras::analysis::{self, AR_EXACT, AR_STEM};

use crate::util::repo_root;

fn render(analyzer_name: &str, text: &str) -> String {
    let mut analyzer = analysis::build(analyzer_name).expect("known analyzer");
    let mut out = String::from("pos\tstart\tend\tword\ttoken\n");
    for t in analysis::analyze(&mut analyzer, text) {
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}",
            t.position,
            t.start,
            t.end,
            &text[t.start..t.end],
            t.token
        );
    }
    out
}

#[test]
fn sample_articles_match_golden_files() {
    let bless = std::env::var_os("FAHRAS_BLESS").is_some();
    let mut articles: Vec<_> = fs::read_dir(repo_root().join("corpus"))
        .expect("corpus/ exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    articles.sort();
    assert_eq!(articles.len(), 5, "the five sample articles");
    let mut mismatches = Vec::new();
    for article in &articles {
        let text = fs::read_to_string(article).expect("UTF-8 article");
        let stem = article.file_stem().and_then(|s| s.to_str()).unwrap_or("x");
        for analyzer in [AR_EXACT, AR_STEM] {
            let golden = repo_root()
                .join("tests/golden")
                .join(format!("{stem}.{analyzer}.tsv"));
            let actual = render(analyzer, &text);
            if bless {
                fs::write(&golden, &actual).expect("write golden file");
            } else if fs::read_to_string(&golden).ok().as_deref() != Some(actual.as_str()) {
                mismatches.push(golden.display().to_string());
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "analyzer output differs from {mismatches:?}; review and bless with FAHRAS_BLESS=1"
    );
}
