//! Latin-script queries (`Ain al-Asad`, `Erbil`) find the Arabic spellings in the sample corpus.

use std::path::Path;
use std::process::Output;

use serde_json::Value;

use crate::util::{copy_sample_corpus, search_in};

fn search(dir: &Path, args: &[&str]) -> Output {
    search_in(dir).args(args).output().expect("runs")
}

/// JSON hits (every passage, no collapsing) and stderr of a search.
fn json(dir: &Path, query: &str) -> (Vec<Value>, String) {
    let output = search(
        dir,
        &[
            "--format",
            "json",
            "--limit",
            "100",
            "--per-doc",
            "0",
            "--no-collapse",
            query,
        ],
    );
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{query}: {stderr}"
    );
    let hits = String::from_utf8(output.stdout)
        .expect("UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object a line"))
        .collect();
    (hits, stderr)
}

fn text(hit: &Value) -> &str {
    hit["text"].as_str().expect("text")
}

#[test]
fn ain_al_asad_finds_the_base_and_says_how_it_was_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_sample_corpus(dir.path());
    let output = search(dir.path(), &["--limit", "5", "Ain", "al-Asad"]);
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let first = stdout.lines().next().expect("a first line");
    assert!(first.starts_with("Ain al-Asad → "), "{stdout}");
    // Written as the articles write it, not as the normalized index term (عين الاسد).
    assert!(first.contains("عين الأسد"), "{first}");
    assert!(stdout.contains("[عين] [الأسد]"), "{stdout}");

    let (hits, _) = json(dir.path(), "Ain al-Asad");
    assert!(!hits.is_empty());
    // The name as a name: passages with the two words side by side come first.
    assert!(text(&hits[0]).contains("عين الأسد"), "{}", text(&hits[0]));
    let adjacent = hits
        .iter()
        .take_while(|h| text(h).contains("عين الأسد"))
        .count();
    assert!(adjacent >= 10, "only {adjacent} leading hits name the base");
}

#[test]
fn place_person_and_organisation_names_find_their_arabic_spelling() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_sample_corpus(dir.path());
    for (query, arabic) in [
        ("Erbil", "أربيل"),
        ("UNAMI", "يونامي"),
        ("Araghchi", "عراقجي"),
        ("Harir", "حرير"),
        ("Tehran", "طهران"),
    ] {
        let (hits, stderr) = json(dir.path(), query);
        assert!(!hits.is_empty(), "{query}: {stderr}");
        assert!(
            text(&hits[0]).contains(arabic),
            "{query}: {}",
            text(&hits[0])
        );
        for hit in &hits {
            // A passage matches in its text or, like any query word, in its article's title.
            let title = hit["title"].as_str().expect("title");
            assert!(
                text(hit).contains(arabic) || title.contains(arabic),
                "{query}: {}",
                text(hit)
            );
        }
    }
    // A name and an English common noun: the noun is said to be ignored, the name still found.
    let (hits, stderr) = json(dir.path(), "Harir base");
    assert!(text(&hits[0]).contains("حرير"), "{}", text(&hits[0]));
    assert!(stderr.contains("`base`"), "{stderr}");
    let (hits, _) = json(dir.path(), "Abbas Araghchi");
    assert!(text(&hits[0]).contains("عباس عراقجي"), "{}", text(&hits[0]));
}

#[test]
fn latin_non_names_find_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_sample_corpus(dir.path());
    for query in ["computer", "xyzzy", "keyboard", "and", "in"] {
        let output = search(dir.path(), &[query]);
        assert_eq!(output.status.code(), Some(1), "{query}");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(stdout.trim_end().ends_with("no results"), "{stdout}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("no Arabic spelling"), "{stderr}");
    }
    // With a name beside it, the non-name is ignored rather than failing the query…
    let (hits, _) = json(dir.path(), "Erbil xyzzy");
    assert!(!hits.is_empty());
    // …unless it is required.
    let (hits, _) = json(dir.path(), "Erbil +xyzzy");
    assert!(hits.is_empty());
}

#[test]
fn json_mode_reports_the_reading_on_stderr() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_sample_corpus(dir.path());
    let (hits, stderr) = json(dir.path(), "Erbil");
    assert!(!hits.is_empty());
    let lines: Vec<&str> = stderr.lines().filter(|l| l.contains('→')).collect();
    assert_eq!(lines, ["fahras: Erbil → أربيل"], "{stderr}");
}

#[test]
fn latin_words_in_the_corpus_match_themselves() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = copy_sample_corpus(dir.path());
    std::fs::write(
        corpus.join("openai.txt"),
        "شراكة جديدة\n\nأعلنت شركة OpenAI عن شراكة جديدة مع جامعة بغداد.\n",
    )
    .expect("write");
    let output = search(dir.path(), &["OpenAI"]);
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.starts_with("1. "),
        "no reading line expected: {stdout}"
    );
    assert!(stdout.contains("[OpenAI]"), "{stdout}");
}

#[test]
fn explain_shows_each_reading_with_its_evidence_and_weight() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_sample_corpus(dir.path());
    let output = search(dir.path(), &["--explain", "--limit", "1", "Erbil"]);
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let reading = stdout
        .lines()
        .find(|l| l.starts_with("reading Erbil: "))
        .unwrap_or_else(|| panic!("no reading line: {stdout}"));
    assert!(reading.contains("اربيل"), "{reading}");
    assert!(reading.contains("cost ") && reading.contains(" passages, weight 1.00)"));
    // Without --explain there is no such line.
    let output = search(dir.path(), &["--limit", "1", "Erbil"]);
    assert!(!String::from_utf8_lossy(&output.stdout).contains("reading Erbil"));
}

#[test]
fn quoted_latin_and_boolean_operators_work_like_arabic() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_sample_corpus(dir.path());
    let (quoted, stderr) = json(dir.path(), "\"Ain al-Asad\"");
    assert!(!quoted.is_empty(), "{stderr}");
    assert!(quoted.iter().all(|h| text(h).contains("عين الأسد")));
    let (either, _) = json(dir.path(), "Baghdad Tehran");
    let (both, _) = json(dir.path(), "Baghdad AND Tehran");
    assert!(!both.is_empty() && both.len() < either.len());
    assert!(both
        .iter()
        .all(|h| text(h).contains("بغداد") && text(h).contains("طهران")));
    let (_, stderr) = json(dir.path(), "Erbil AND");
    assert!(
        stderr.contains("`AND` with nothing after it ignored"),
        "{stderr}"
    );
}
