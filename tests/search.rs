//! `fahras search` on a copy of the sample corpus.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;
use tempfile::TempDir;

use crate::util::{copy_sample_corpus, fahras};

/// A temporary folder holding a copy of `corpus/`; the index goes to `index/` beside it.
struct Sample {
    dir: TempDir,
}

impl Sample {
    fn new() -> Sample {
        let dir = tempfile::tempdir().expect("tempdir");
        copy_sample_corpus(dir.path());
        Sample { dir }
    }

    fn corpus(&self) -> PathBuf {
        self.dir.path().join("corpus")
    }

    fn index(&self) -> PathBuf {
        self.dir.path().join("index")
    }

    fn search(&self, args: &[&str]) -> Output {
        let corpus = self.corpus();
        let index = self.index();
        fahras()
            .arg("search")
            .arg("--corpus")
            .arg(&corpus)
            .arg("--index")
            .arg(&index)
            .args(args)
            .output()
            .expect("runs")
    }

    /// JSON hits of a successful search.
    fn json(&self, args: &[&str]) -> Vec<Value> {
        let mut all = vec!["--format", "json"];
        all.extend_from_slice(args);
        let output = self.search(&all);
        assert!(
            output.status.code() == Some(0) || output.status.code() == Some(1),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        parse_lines(&output.stdout)
    }
}

fn parse_lines(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8(stdout.to_vec())
        .expect("UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object a line"))
        .collect()
}

fn text(hit: &Value) -> &str {
    hit["text"].as_str().expect("text")
}

/// The highlighted words of a hit, checking each range is on char boundaries.
fn highlighted(hit: &Value) -> Vec<String> {
    let text = text(hit);
    hit["highlights"]
        .as_array()
        .expect("highlights")
        .iter()
        .map(|r| {
            let (s, e) = (
                r[0].as_u64().expect("start") as usize,
                r[1].as_u64().expect("end") as usize,
            );
            assert!(s < e && e <= text.len());
            assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
            text[s..e].to_string()
        })
        .collect()
}

fn docs(hits: &[Value]) -> Vec<String> {
    hits.iter()
        .map(|h| h["doc"].as_str().expect("doc").to_string())
        .collect()
}

#[test]
fn search_builds_the_index_on_first_use_and_finds_ain_al_asad() {
    let sample = Sample::new();
    let output = sample.search(&["عين", "الأسد"]);
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("building it"), "{stderr}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.starts_with("1. "), "{stdout}");
    assert!(stdout.contains("[عين] [الأسد]"), "{stdout}");
    assert!(stdout.contains('\u{2068}') && stdout.contains('\u{2069}'));
    // Second run: the index exists, nothing is said about building.
    let again = sample.search(&["عين", "الأسد"]);
    assert_eq!(again.status.code(), Some(0));
    assert!(!String::from_utf8_lossy(&again.stderr).contains("building"));
}

#[test]
fn json_hits_have_the_documented_fields() {
    let sample = Sample::new();
    let hits = sample.json(&["--limit", "3", "عين الأسد"]);
    assert_eq!(hits.len(), 3);
    for (i, hit) in hits.iter().enumerate() {
        for key in [
            "rank",
            "score",
            "doc",
            "title",
            "source",
            "url",
            "date",
            "passage",
            "start",
            "end",
            "text",
            "highlights",
            "also_in",
        ] {
            assert!(hit.get(key).is_some(), "{key} missing in {hit}");
        }
        assert!(hit.get("qid").is_none());
        assert_eq!(hit["rank"].as_u64(), Some(i as u64 + 1));
        assert!(hit["end"].as_u64() > hit["start"].as_u64());
        // `start..end` is the passage's place in the original document.
        let path = sample.corpus().join(hit["doc"].as_str().unwrap());
        let original = fs::read_to_string(path).expect("doc");
        let (s, e) = (
            hit["start"].as_u64().unwrap() as usize,
            hit["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&original[s..e], text(hit));
    }
}

#[test]
fn orthographic_variants_match_through_search() {
    let sample = Sample::new();
    for (query, expected) in [
        ("اخلاء", "إخلاء"),
        ("القاعده", "القاعدة"),
        ("٢٠٢٤", "2024"),
        ("بغـــداد", "بغداد"),
    ] {
        let hits = sample.json(&["--limit", "50", "--per-doc", "0", query]);
        assert!(
            hits.iter().any(|h| text(h).contains(expected)),
            "{query} should find {expected}"
        );
    }
}

#[test]
fn highlights_cover_whole_inflected_words() {
    let sample = Sample::new();
    let hits = sample.json(&["--limit", "50", "--per-doc", "0", "العاصمة"]);
    let words: Vec<String> = hits.iter().flat_map(highlighted).collect();
    assert!(words.iter().any(|w| w == "بالعاصمة"), "{words:?}");
    assert!(words.iter().all(|w| w.contains("عاصم")), "{words:?}");
}

#[test]
fn phrase_is_stricter_than_bag_of_words() {
    let sample = Sample::new();
    let wide = ["--limit", "100", "--per-doc", "0", "--no-collapse"];
    let mut bag_args = wide.to_vec();
    bag_args.push("قاعدة الأسد");
    let bag = sample.json(&bag_args);
    let mut phrase_args = wide.to_vec();
    phrase_args.push("\"قاعدة عين الأسد\"");
    let phrase = sample.json(&phrase_args);
    assert!(!phrase.is_empty());
    assert!(
        phrase.len() < bag.len(),
        "{} vs {}",
        phrase.len(),
        bag.len()
    );
    for hit in &phrase {
        let t = text(hit).replace(['\u{0640}'], "");
        assert!(
            t.contains("قاعدة عين الأسد") || t.contains("قاعدة عين الاسد"),
            "{t}"
        );
    }
    // A phrase with a stop word: stop words count in phrases.
    let mut stop_args = wide.to_vec();
    stop_args.push("\"في العراق\"");
    let stop = sample.json(&stop_args);
    assert!(stop.iter().all(|h| text(h).contains("في العراق")));
    assert!(!stop.is_empty());
}

#[test]
fn required_and_excluded_words() {
    let sample = Sample::new();
    let wide = ["--limit", "100", "--per-doc", "0", "--no-collapse"];
    let all = sample.json(&[&wide[..], &["عين الأسد"]].concat());
    let without = sample.json(&[&wide[..], &["عين الأسد -طهران"]].concat());
    assert!(without.len() < all.len());
    assert!(without.iter().all(|h| !text(h).contains("طهران")));
    let required = sample.json(&[&wide[..], &["عين +طهران"]].concat());
    assert!(!required.is_empty());
    assert!(required.iter().all(|h| text(h).contains("طهران")));
}

#[test]
fn doc_and_date_filters() {
    let sample = Sample::new();
    let doc = "003_32cb2486f17b8cbe.txt";
    let hits = sample.json(&["--per-doc", "0", &format!("القوات doc:{doc}")]);
    assert!(!hits.is_empty());
    assert!(docs(&hits).iter().all(|d| d == doc));

    let hits = sample.json(&["--per-doc", "0", "القوات date:2021-01-01..2021-12-31"]);
    assert!(!hits.is_empty());
    assert!(hits
        .iter()
        .all(|h| h["date"].as_str() == Some("2021-12-21")));
    let output = sample.search(&["القوات date:1990-01-01..1990-12-31"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), "no results");
}

#[test]
fn per_doc_caps_passages_per_document() {
    let sample = Sample::new();
    for cap in [1usize, 2] {
        let hits = sample.json(&[
            "--limit",
            "50",
            "--per-doc",
            &cap.to_string(),
            "--no-collapse",
            "العراق",
        ]);
        let ids = docs(&hits);
        for id in &ids {
            assert!(ids.iter().filter(|d| *d == id).count() <= cap);
        }
    }
    let uncapped = sample.json(&["--limit", "50", "--per-doc", "0", "العراق"]);
    assert!(uncapped.len() > 10);
}

#[test]
fn near_duplicates_collapse_into_one_hit() {
    let sample = Sample::new();
    // Articles 000 and 001 republish the committee's statement.
    let query = "جاهزية القوات المسلحة";
    let collapsed = sample.json(&[query]);
    let with_also: Vec<&Value> = collapsed
        .iter()
        .filter(|h| !h["also_in"].as_array().expect("also_in").is_empty())
        .collect();
    assert!(!with_also.is_empty(), "{collapsed:?}");
    let hit = with_also[0];
    let pair = [
        hit["doc"].as_str().unwrap(),
        hit["also_in"][0].as_str().unwrap(),
    ];
    assert!(pair.iter().any(|d| d.starts_with("000_")));
    assert!(pair.iter().any(|d| d.starts_with("001_")));

    let kept = sample.json(&["--no-collapse", query]);
    assert!(kept
        .iter()
        .all(|h| h["also_in"].as_array().expect("also_in").is_empty()));
    // Without collapsing, the duplicate passage is a hit of its own.
    let all = ["--limit", "100", "--per-doc", "0", query];
    let collapsed_all = sample.json(&all);
    let kept_all = sample.json(&[&["--no-collapse"], &all[..]].concat());
    assert!(kept_all.len() > collapsed_all.len());
}

#[test]
fn trec_lines_are_well_formed() {
    let sample = Sample::new();
    let output = sample.search(&["--format", "trec", "--limit", "3", "عين الأسد"]);
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3);
    let mut seen = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let cols: Vec<&str> = line.split(' ').collect();
        assert_eq!(cols.len(), 6, "{line}");
        assert_eq!(cols[0], "1");
        assert_eq!(cols[1], "Q0");
        assert_eq!(cols[3], (i + 1).to_string());
        assert!(cols[4].parse::<f64>().is_ok());
        assert_eq!(cols[5], "fahras");
        assert!(!seen.contains(&cols[2]), "one line per document");
        seen.push(cols[2]);
    }
}

fn write_topics(dir: &Path) -> PathBuf {
    let path = dir.join("topics.tsv");
    fs::write(
        &path,
        "q1\tعين الأسد\nq2\t\"في العراق\"\n\nq3\tكلمةغيرموجودةابدا\n",
    )
    .expect("write");
    path
}

#[test]
fn batch_mode_answers_every_topic() {
    let sample = Sample::new();
    let topics = write_topics(sample.dir.path());
    let topics = topics.to_str().unwrap();
    let hits = sample.json(&["--topics", topics, "--limit", "2"]);
    let qids: Vec<&str> = hits.iter().map(|h| h["qid"].as_str().unwrap()).collect();
    assert_eq!(qids, ["q1", "q1", "q2", "q2"]);

    let output = sample.search(&["--topics", topics, "--format", "trec", "--limit", "2"]);
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    let firsts: Vec<&str> = stdout
        .lines()
        .map(|l| l.split(' ').next().unwrap())
        .collect();
    assert_eq!(firsts, ["q1", "q1", "q2", "q2"]);
}

#[test]
fn batch_answers_come_out_in_topic_order_whatever_the_threads() {
    // More topics than one parallel round, alternating queries, several threads: every answer
    // must still be printed under its own qid, in file order, as with a single thread.
    let sample = Sample::new();
    let queries = ["عين الأسد", "أربيل", "يونامي", "مستشار"];
    let topics: String = (0..600)
        .map(|i| format!("t{i}\t{}\n", queries[i % queries.len()]))
        .collect();
    let path = sample.dir.path().join("many.tsv");
    fs::write(&path, topics).expect("write");
    let path = path.to_str().unwrap();
    let run = |threads: &str| {
        let output = fahras()
            .env("RAYON_NUM_THREADS", threads)
            .arg("search")
            .arg("--corpus")
            .arg(sample.corpus())
            .arg("--index")
            .arg(sample.index())
            .args(["--topics", path, "--format", "trec", "--limit", "3"])
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(0));
        String::from_utf8(output.stdout).expect("UTF-8")
    };
    let single = run("1");
    let parallel = run("4");
    assert_eq!(single, parallel);
    let qids: Vec<usize> = parallel
        .lines()
        .map(|l| l.split(' ').next().unwrap()[1..].parse().unwrap())
        .collect();
    assert!(qids.windows(2).all(|w| w[0] <= w[1]));
    assert_eq!(qids.last(), Some(&599));
    // Same query, same answer: t0 and t4 are both «عين الأسد».
    let answer = |qid: &str| -> Vec<String> {
        parallel
            .lines()
            .filter(|l| l.split(' ').next() == Some(qid))
            .map(|l| l.split(' ').skip(2).collect::<Vec<_>>().join(" "))
            .collect()
    };
    assert_eq!(answer("t0"), answer("t4"));
    assert_ne!(answer("t0"), answer("t1"));
}

#[test]
fn stale_index_notice_after_adding_a_file() {
    let sample = Sample::new();
    assert_eq!(sample.search(&["عين"]).status.code(), Some(0));
    fs::write(
        sample.corpus().join("999_new.txt"),
        "خبر جديد\n\nنص خبر جديد عن قاعدة عين الأسد في محافظة الأنبار غرب العراق.\n",
    )
    .expect("write");
    let output = sample.search(&["عين"]);
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("fahras index"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn malformed_queries_still_answer() {
    let sample = Sample::new();
    let output = sample.search(&["\"عين الأسد"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stderr).contains("unbalanced"));
    for query in ["foo:عين", "عين: الأسد", "date:yesterday عين"] {
        let output = sample.search(&[query]);
        assert_eq!(output.status.code(), Some(0), "{query}");
        assert!(!output.stderr.is_empty(), "{query}: a warning is printed");
    }
    let output = sample.search(&["في"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("stop word"));
}

#[test]
fn a_huge_limit_answers_like_any_other() {
    // The limit sizes tantivy's collector: a billion once aborted on a 40 GB allocation.
    let sample = Sample::new();
    for format in ["text", "trec"] {
        let output = sample.search(&["--limit", "1000000000", "--format", format, "عين الأسد"]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{format}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(!output.stdout.is_empty(), "{format}");
    }
}

#[test]
fn explain_lists_matched_fields() {
    let sample = Sample::new();
    let output = sample.search(&["--explain", "--limit", "1", "جاهزية القوات"]);
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("text_stem:"), "{stdout}");
    assert!(stdout.contains("proximity("), "{stdout}");
    let hits = sample.json(&["--explain", "--limit", "1", "جاهزية القوات"]);
    assert!(!hits[0]["explain"].as_array().expect("explain").is_empty());
}

#[test]
fn errors_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let output = fahras()
        .arg("search")
        .arg("--corpus")
        .arg(dir.path().join("nope"))
        .arg("--index")
        .arg(dir.path().join("index"))
        .arg("عين")
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    // An unreadable index.
    let index = dir.path().join("broken");
    fs::create_dir_all(index.join("data")).expect("mkdir");
    fs::write(index.join("data").join("fahras.json"), "{not json").expect("write");
    let output = fahras()
        .arg("search")
        .arg("--corpus")
        .arg(dir.path().join("nope"))
        .arg("--index")
        .arg(&index)
        .arg("عين")
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("unreadable"));
}

/// A fixture corpus of `.txt` articles `(file name, content)` in a temporary folder.
fn fixture(articles: &[(&str, &str)]) -> Sample {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join("corpus");
    fs::create_dir_all(&corpus).expect("mkdir");
    for (name, content) in articles {
        fs::write(corpus.join(name), content).expect("write article");
    }
    Sample { dir }
}

#[test]
fn exact_form_outranks_a_stem_only_match() {
    // Pairs with the same ar_stem token but different ar_exact tokens (checked below), in
    // passages that are otherwise the same length, so only the exact-form clause tells them
    // apart. The stem-only article comes first in the corpus, so document order cannot decide.
    let cases = [("المهندسين", "المهندسون"), ("الحديدة", "الحديدية")];
    let mut articles = Vec::new();
    for (i, (exact, stem_only)) in cases.iter().enumerate() {
        for (tag, word) in [("b", stem_only), ("a", exact)] {
            articles.push((
                format!("{i}{tag}.txt"),
                format!("تقرير رقم {i}\n\nاجتمع {word} أمس في القاعة الكبرى لمناقشة الخطة.\n"),
            ));
        }
    }
    let articles: Vec<(&str, &str)> = articles
        .iter()
        .map(|(n, c)| (n.as_str(), c.as_str()))
        .collect();
    let sample = fixture(&articles);
    for (i, (exact, stem_only)) in cases.iter().enumerate() {
        let analyze = |analyzer: &str, word: &str| {
            let output = fahras()
                .args(["analyze", "--analyzer", analyzer, "--json", word])
                .output()
                .expect("runs");
            parse_lines(&output.stdout)[0]["token"]
                .as_str()
                .expect("token")
                .to_string()
        };
        assert_eq!(analyze("ar_stem", exact), analyze("ar_stem", stem_only));
        assert_ne!(analyze("ar_exact", exact), analyze("ar_exact", stem_only));

        let hits = sample.json(&["--no-collapse", "--per-doc", "0", exact]);
        let docs = docs(&hits);
        assert_eq!(docs, [format!("{i}a.txt"), format!("{i}b.txt")], "{exact}");
        let (first, second) = (hits[0]["score"].as_f64(), hits[1]["score"].as_f64());
        assert!(first > second, "{exact}: {first:?} vs {second:?}");
    }
}

#[test]
fn a_word_with_clitics_attached_scores_as_the_word_itself() {
    // بالحديدة is الحديدة with ب attached: the same exact-form bonus, so it scores what the
    // bare form does and above الحديدية (railway), which only shares the stem.
    let passage =
        |word: &str| format!("تقرير\n\nاجتمع {word} أمس في القاعة الكبرى لمناقشة الخطة.\n");
    let sample = fixture(&[
        ("a.txt", &passage("الحديدية")),
        ("b.txt", &passage("بالحديدة")),
        ("c.txt", &passage("الحديدة")),
    ]);
    let hits = sample.json(&["--no-collapse", "--per-doc", "0", "الحديدة"]);
    let docs = docs(&hits);
    assert_eq!(docs.len(), 3, "{docs:?}");
    assert_eq!(docs[2], "a.txt", "{docs:?}");
    let score = |i: usize| hits[i]["score"].as_f64().expect("score");
    assert!((score(0) - score(1)).abs() < 1e-3, "{hits:?}");
    assert!(score(1) > 2.0 * score(2), "{hits:?}");
}

#[test]
fn other_outlets_spellings_are_found_and_said_unless_quoted() {
    let sample = fixture(&[
        (
            "a.txt",
            "هاتف جديد\n\nأعلنت شركة سامسونج عن هاتف جديد في سيول أمس.\n",
        ),
        (
            "b.txt",
            "هاتف آخر\n\nأعلنت شركة سامسونغ عن هاتف جديد في سيول اليوم.\n",
        ),
        ("c.txt", "لقاء\n\nالتقى عبد الكريم بالوفد في المدينة.\n"),
        ("d.txt", "زيارة\n\nزار عبدالكريم المعرض في المدينة.\n"),
        ("e.txt", "مكتبة\n\nقرأت كتاب التاريخ في المكتبة العامة.\n"),
        ("f.txt", "مقال\n\nنشر الكاتب مقالا في الصحيفة.\n"),
    ]);
    let run = |query: &str| {
        let output = sample.search(&["--format", "json", query]);
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        let mut found = docs(&parse_lines(&output.stdout));
        found.sort();
        (found, stderr)
    };
    let (found, stderr) = run("سامسونج");
    assert_eq!(found, ["a.txt", "b.txt"]);
    assert!(stderr.contains("سامسونج → also سامسونغ"), "{stderr}");
    // Quoted, the word is searched exactly.
    let (found, stderr) = run("\"سامسونج\"");
    assert_eq!(found, ["a.txt"]);
    assert!(!stderr.contains("also"), "{stderr}");
    // A compound name joined or spaced, both ways.
    let (found, stderr) = run("عبد الكريم");
    assert_eq!(found, ["c.txt", "d.txt"]);
    assert!(stderr.contains("عبد الكريم → also عبدالكريم"), "{stderr}");
    let (found, _) = run("عبدالكريم");
    assert_eq!(found, ["c.txt", "d.txt"]);
    // A native word a long vowel away is another word.
    let (found, stderr) = run("كتاب");
    assert_eq!(found, ["e.txt"]);
    assert!(!stderr.contains("also"), "{stderr}");
}
