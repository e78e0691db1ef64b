//! `fahras serve` (issue 16): the JSON API against the command line's answers on the same
//! index, bad parameters, the OpenAPI description checked against real responses, the live
//! index; the page in headless Chromium ([`browser`]).
//!
//! Each test starts its own server on a free loopback port over a temporary copy of the sample
//! corpus plus a JSONL file of dated, sourced articles ([`news_corpus`]).

#[path = "util.rs"]
#[allow(dead_code)]
mod util;

#[path = "serve/browser.rs"]
mod browser;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// A running `fahras serve`, stopped when dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
}

impl Server {
    /// Serves the index `dir/index`, built from `dir/corpus` when missing.
    pub fn start(dir: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_fahras"))
            .args(["serve", "--bind", "127.0.0.1:0", "--corpus"])
            .arg(dir.join("corpus"))
            .arg("--index")
            .arg(dir.join("index"))
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start fahras serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read the first line");
        let base = line
            .split_whitespace()
            .find_map(|word| word.strip_prefix("http://"))
            .map(|rest| format!("http://{}", rest.trim_end_matches('/')))
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        Server { child, base }
    }

    /// GET `path_and_query`: the status and the body.
    pub fn get(&self, path_and_query: &str) -> (u16, String) {
        get(&self.base, path_and_query)
    }

    /// GET `path_and_query`, expecting 200 and JSON.
    pub fn json(&self, path_and_query: &str) -> Value {
        let (status, body) = self.get(path_and_query);
        assert_eq!(status, 200, "GET {path_and_query}: {body}");
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path_and_query}: {e}: {body}"))
    }
}

/// GET `base` + `path_and_query`: the status and the body.
pub fn get(base: &str, path_and_query: &str) -> (u16, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into();
    let mut response = agent
        .get(&format!("{base}{path_and_query}"))
        .call()
        .unwrap_or_else(|e| panic!("GET {path_and_query}: {e}"));
    let status = response.status().as_u16();
    let body = response
        .body_mut()
        .with_config()
        .limit(64 << 20)
        .read_to_string()
        .expect("body");
    (status, body)
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Eight sentences; each news article holds two of them around «قاعدة عين الأسد», so no two
/// articles are near-duplicates (they share at most one sentence).
const SENTENCES: [&str; 8] = [
    "أعلنت وزارة الدفاع العراقية اليوم عن خطة جديدة لنقل المعدات العسكرية",
    "وصل وفد برلماني إلى محافظة الأنبار لتفقد الأوضاع الأمنية هناك",
    "قال مسؤول محلي إن الطرق المؤدية إلى المنطقة أعيد فتحها أمام المدنيين",
    "شهدت الأسواق القريبة حركة تجارية نشطة بعد أشهر من الركود",
    "أكد خبراء أن الانسحاب سيغير موازين القوى في غرب البلاد",
    "نظمت جامعة الأنبار ندوة علمية حول مستقبل المنطقة الاقتصادي",
    "طالب سكان القرى المجاورة بتعويضات عن الأضرار التي لحقت بمزارعهم",
    "ذكرت وكالة محلية أن طائرات مسيرة حلقت فوق الصحراء ليلة أمس",
];

/// The two sources of the news articles.
pub const SOURCES: [&str; 2] = ["وكالة الشمال", "صحيفة الجنوب"];

/// Markup in an article's title, text, source and url, which the page must show as text.
pub const HOSTILE_TITLE: &str =
    "<script>window.__xss=1</script><img src=x onerror=\"window.__xss=2\"> زنجبيلية";

/// A copy of the sample corpus in `dir/corpus`, plus `news.jsonl`: 14 articles on عين الأسد
/// dated over six months of 2024 from two sources, and one article full of markup.
pub fn news_corpus(dir: &Path) -> PathBuf {
    let corpus = util::copy_sample_corpus(dir);
    let mut lines = Vec::new();
    let mut n = 0;
    'pairs: for (a, first) in SENTENCES.iter().enumerate() {
        for second in &SENTENCES[a + 1..] {
            if n == 14 {
                break 'pairs;
            }
            lines.push(json!({
                "id": format!("news-{n:02}"),
                "title": format!("تقرير {} عن قاعدة عين الأسد", n + 1),
                "text": format!("{first}. وفي قاعدة عين الأسد {second}."),
                "date": format!("2024-{:02}-{:02}", 1 + n % 6, 1 + n),
                "source": SOURCES[n % 2],
                "url": format!("https://news.example/{n}"),
            }));
            n += 1;
        }
    }
    lines.push(json!({
        "id": "hostile-1",
        "title": HOSTILE_TITLE,
        "text": "خبر عن الزنجبيلية <img src=x onerror=\"window.__xss=3\"> ثم <script>window.__xss=4</script> وعن قاعدة عين الأسد <a href=\"javascript:window.__xss=5\">رابط</a>.",
        "date": "2024-03-15",
        "source": "<b onmouseover=\"window.__xss=6\">مصدر</b>",
        "url": "javascript:window.__xss=7",
    }));
    let text: Vec<String> = lines.iter().map(Value::to_string).collect();
    std::fs::write(corpus.join("news.jsonl"), text.join("\n") + "\n").expect("write news.jsonl");
    corpus
}

/// `fahras COMMAND --index DIR/index ARGS` on the test folder's index: stdout.
fn cli(dir: &Path, args: &[&str]) -> String {
    let (command, args) = args.split_first().expect("a command");
    let output = util::fahras()
        .arg(command)
        .arg("--index")
        .arg(dir.join("index"))
        .args(args)
        .output()
        .expect("run fahras");
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// The JSON lines of `fahras search --format json` (the last one is the facets line when
/// asked for).
fn cli_json_lines(dir: &Path, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["search", "--format", "json"];
    all.extend_from_slice(args);
    cli(dir, &all)
        .lines()
        .map(|line| serde_json::from_str(line).expect("JSON line"))
        .collect()
}

fn started() -> (tempfile::TempDir, Server) {
    let dir = tempfile::tempdir().expect("tempdir");
    news_corpus(dir.path());
    let server = Server::start(dir.path());
    (dir, server)
}

fn encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[test]
fn search_gives_the_cli_hits_counts_facets_and_reading() {
    let (dir, server) = started();
    // The last query matches two passages only: no next page.
    let queries = [
        ("Ain al-Asad", true),
        ("عين الأسد", true),
        ("قاعدة -الأنبار source:الشمال", false),
    ];
    for (query, more) in queries {
        let answer = server.json(&format!(
            "/api/search?q={}&limit=7&facets=date,source",
            encode(query)
        ));
        let mut lines = cli_json_lines(
            dir.path(),
            &["--limit", "7", "--facets", "date,source", "--", query],
        );
        let facets = lines.pop().expect("facets line");
        assert_eq!(answer["hits"], Value::from(lines), "{query}");
        assert_eq!(answer["facets"], facets["facets"], "{query}");
        let shown = answer["hits"].as_array().expect("hits").len() as u64;
        assert!(shown > 0, "{query}");
        let matches = &answer["matches"];
        assert!(matches["passages"].as_u64() >= Some(shown), "{answer}");
        assert!(matches["articles"].as_u64() <= matches["passages"].as_u64());
        assert_eq!(answer["more"], more, "{query}: {shown} shown of {matches}");
    }
    let latin = server.json("/api/search?q=Ain+al-Asad&limit=1");
    assert_eq!(latin["reading"], json!(["Ain al-Asad → عين الأسد"]));
    let arabic = server.json(&format!("/api/search?q={}&limit=1", encode("عين الأسد")));
    assert_eq!(arabic["reading"], json!([]));
    assert_eq!(latin["matches"], arabic["matches"]);
}

#[test]
fn paging_sorting_and_trec_runs_are_the_clis() {
    let (dir, server) = started();
    let q = encode("عين الأسد");
    let first = server.json(&format!("/api/search?q={q}&limit=6"));
    let second = server.json(&format!("/api/search?q={q}&limit=3&offset=3"));
    assert_eq!(second["hits"][0]["rank"], 4);
    let tail: Vec<Value> = first["hits"].as_array().expect("hits")[3..].to_vec();
    assert_eq!(second["hits"], Value::from(tail));
    let newest = server.json(&format!("/api/search?q={q}&limit=5&sort=-date&per_doc=1"));
    let lines = cli_json_lines(
        dir.path(),
        &[
            "--limit",
            "5",
            "--sort",
            "-date",
            "--per-doc",
            "1",
            "عين الأسد",
        ],
    );
    assert_eq!(newest["hits"], Value::from(lines));
    let uncollapsed = server.json(&format!("/api/search?q={q}&limit=5&collapse=false"));
    let lines = cli_json_lines(dir.path(), &["--limit", "5", "--no-collapse", "عين الأسد"]);
    assert_eq!(uncollapsed["hits"], Value::from(lines));
    let (status, run) = server.get(&format!("/api/search?q={q}&limit=8&format=trec"));
    assert_eq!(status, 200);
    let cli_run = cli(
        dir.path(),
        &["search", "--format", "trec", "--limit", "8", "عين الأسد"],
    );
    assert_eq!(run, cli_run);
    assert_eq!(run.lines().count(), 8, "{run}");
}

#[test]
fn bad_parameters_get_400_saying_what_is_wrong() {
    let (_dir, server) = started();
    let long = "ب ".repeat(2001);
    let cases: Vec<(String, &str)> = vec![
        ("/api/search".into(), "`q`"),
        ("/api/search?q=+".into(), "`q`"),
        (format!("/api/search?q={}", encode(&long)), "at most 4000"),
        ("/api/search?q=a&limit=abc".into(), "`limit`"),
        ("/api/search?q=a&limit=101".into(), "`limit` is at most 100"),
        ("/api/search?q=a&limit=-1".into(), "`limit`"),
        ("/api/search?q=a&offset=100000".into(), "`offset`"),
        ("/api/search?q=a&per_doc=x".into(), "`per_doc`"),
        ("/api/search?q=a&sort=newest".into(), "`sort`"),
        ("/api/search?q=a&facets=date,author".into(), "`author`"),
        ("/api/search?q=a&format=xml".into(), "`format`"),
        ("/api/search?q=a&collapse=maybe".into(), "`collapse`"),
        ("/api/search?q=a&format=trec&offset=10".into(), "offset"),
        ("/api/search?q=a&format=trec&facets=date".into(), "facets"),
        ("/api/search?q=a&format=trec&sort=date".into(), "sort"),
        ("/api/search?q=a&colour=red".into(), "colour"),
        ("/api/search?q=a&q=b".into(), "q"),
        ("/api/doc/news-01?passage=first".into(), "`passage`"),
    ];
    for (path, says) in &cases {
        let (status, body) = server.get(path);
        assert_eq!(status, 400, "{path}: {body}");
        let error: Value = serde_json::from_str(&body).expect("JSON error");
        assert_eq!(error["status"], 400);
        let message = error["error"].as_str().expect("message");
        assert!(message.contains(says), "{path}: {message}");
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut posted = agent
        .post(&format!("{}/api/search?q=a", server.base))
        .send_empty()
        .expect("POST");
    assert_eq!(posted.status().as_u16(), 405);
    let body = posted.body_mut().read_to_string().expect("body");
    assert!(body.contains("only GET"), "{body}");
    let (status, body) = server.get("/api/nothing");
    assert_eq!(status, 404, "{body}");
    assert!(body.contains("/api/openapi.json"), "{body}");
    // Bounded, but not an error: the largest limit and offset.
    server.json("/api/search?q=a&limit=100&offset=1000");
}

#[test]
fn doc_is_the_show_command_and_reads_only_indexed_articles() {
    let (dir, server) = started();
    for (doc, query) in [
        ("news-03", "عين الأسد"),
        ("000_8703aa2f0983bf6f.txt", "Araghchi"),
    ] {
        let api = server.json(&format!("/api/doc/{}?query={}", encode(doc), encode(query)));
        let shown = cli(
            dir.path(),
            &["show", doc, "--format", "json", "--query", query],
        );
        let shown: Value = serde_json::from_str(&shown).expect("show JSON");
        assert_eq!(api, shown);
        assert!(!api["highlights"].as_array().expect("highlights").is_empty());
    }
    let one = server.json("/api/doc/news-03?passage=0");
    assert_eq!(one["passages"].as_array().map(Vec::len), Some(1));
    let outside = [
        "/api/doc/..%2F..%2F..%2Fetc%2Fpasswd",
        "/api/doc/%2Fetc%2Fpasswd",
        "/api/doc/../Cargo.toml",
        "/api/doc/news.jsonl",
        "/api/doc/news-03?passage=99",
    ];
    for path in outside {
        let (status, body) = server.get(path);
        assert_eq!(status, 404, "{path}: {body}");
        assert!(!body.contains("root:"), "{path}: {body}");
    }
    // An article whose source changed since it was indexed is refused, not shown with offsets
    // that no longer fit.
    let article = dir.path().join("corpus/001_46b68a0aea1ed22b.txt");
    let text = std::fs::read_to_string(&article).expect("read");
    std::fs::write(&article, format!("سطر جديد\n{text}")).expect("write");
    let (status, body) = server.get("/api/doc/001_46b68a0aea1ed22b.txt");
    assert_eq!(status, 409, "{body}");
}

#[test]
fn stats_is_the_stats_command() {
    let (dir, server) = started();
    let api = server.json("/api/stats");
    let stats: Value =
        serde_json::from_str(&cli(dir.path(), &["stats", "--json"])).expect("stats JSON");
    assert_eq!(api, stats);
    assert_eq!(api["documents"], 20);
}

/// Validates `instance` against the schema at `pointer` in the OpenAPI document `spec`.
fn validate(spec: &Value, pointer: &str, instance: &Value) {
    let mut root = spec.clone();
    root["$ref"] = Value::from(format!("#{pointer}"));
    root["$schema"] = Value::from("https://json-schema.org/draft/2020-12/schema");
    let validator =
        jsonschema::validator_for(&root).unwrap_or_else(|e| panic!("schema at {pointer}: {e}"));
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{pointer}: {errors:#?}");
}

/// Every property of every object in `instance` is one the schema at `pointer` names, so a
/// field added to a response without its description fails (schemas allow extra properties).
fn described(spec: &Value, schema: &Value, instance: &Value, path: &str) {
    let schema = resolve(spec, schema);
    if let Some(options) = schema.get("oneOf").and_then(Value::as_array) {
        for option in options {
            if !resolve(spec, option)["type"].is_null()
                && matches!(
                    (resolve(spec, option)["type"].as_str(), instance),
                    (Some("object"), Value::Object(_)) | (Some("array"), Value::Array(_))
                )
            {
                described(spec, option, instance, path);
            }
        }
        return;
    }
    match instance {
        Value::Object(map) => {
            let properties = schema["properties"].as_object();
            for (key, value) in map {
                let property = properties
                    .and_then(|p| p.get(key))
                    .unwrap_or_else(|| panic!("{path}.{key} is not in the schema {schema}"));
                described(spec, property, value, &format!("{path}.{key}"));
            }
        }
        Value::Array(items) => {
            if let Some(item) = schema.get("items") {
                for (i, value) in items.iter().enumerate() {
                    described(spec, item, value, &format!("{path}[{i}]"));
                }
            }
        }
        _ => {}
    }
}

fn resolve<'a>(spec: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let target = spec
                .pointer(reference.trim_start_matches('#'))
                .unwrap_or_else(|| panic!("dangling {reference}"));
            resolve(spec, target)
        }
        None => schema,
    }
}

#[test]
fn openapi_describes_the_real_responses() {
    let (_dir, server) = started();
    let spec = server.json("/api/openapi.json");
    assert!(spec["openapi"]
        .as_str()
        .is_some_and(|v| v.starts_with("3.")));
    let paths = spec["paths"].as_object().expect("paths");
    for path in [
        "/api/search",
        "/api/doc/{id}",
        "/api/stats",
        "/api/openapi.json",
    ] {
        assert!(paths.contains_key(path), "{path} is not described");
    }
    let json_schema = |path: &str, status: &str| {
        format!(
            "/paths/{}/get/responses/{status}/content/application~1json/schema",
            path.replace('/', "~1")
                .replace('{', "%7B")
                .replace('}', "%7D")
        )
    };
    let check = |path: &str, status: &str, url: &str| {
        let (code, body) = server.get(url);
        assert_eq!(code.to_string(), status, "{url}: {body}");
        let instance: Value = serde_json::from_str(&body).expect("JSON");
        let pointer = json_schema(path, status);
        validate(&spec, &pointer, &instance);
        let unescaped = pointer.replace("%7B", "{").replace("%7D", "}");
        let schema = spec.pointer(&unescaped).expect("schema");
        described(&spec, schema, &instance, url);
    };
    check(
        "/api/search",
        "200",
        "/api/search?q=Ain+al-Asad&limit=3&facets=date,source&explain=true",
    );
    check("/api/search", "200", "/api/search?q=xyzzy");
    check(
        "/api/search",
        "200",
        "/api/search?q=Ain+al-Asad&facets=date",
    );
    check("/api/search", "400", "/api/search?q=a&limit=1000");
    check(
        "/api/doc/{id}",
        "200",
        "/api/doc/news-02?query=%D8%B9%D9%8A%D9%86",
    );
    check("/api/doc/{id}", "404", "/api/doc/nothing-here");
    check("/api/doc/{id}", "400", "/api/doc/news-02?passage=x");
    check("/api/stats", "200", "/api/stats");
    // The parameters the description lists are the ones the server takes.
    let described_params: Vec<&str> = spec
        .pointer("/paths/~1api~1search/get/parameters")
        .and_then(Value::as_array)
        .expect("parameters")
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    for name in described_params {
        let (status, body) = server.get(&format!("/api/search?q=a&{name}=%00"));
        assert!(
            !body.contains("unknown field"),
            "{name} is described but refused: {status} {body}"
        );
    }
}

/// GETs `url` until `done(body)` or 60 s pass.
fn wait_for(server: &Server, url: &str, done: impl Fn(&Value) -> bool) -> Value {
    let start = Instant::now();
    loop {
        let answer = server.json(url);
        if done(&answer) {
            return answer;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{url} never changed: {answer}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn an_update_and_a_rebuild_are_picked_up_while_searches_go_on() {
    let (dir, server) = started();
    let index = dir.path().join("index");
    let corpus = dir.path().join("corpus");
    // Searches all along, none of which may fail.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let searcher = {
        let stop = std::sync::Arc::clone(&stop);
        let base = server.base.clone();
        std::thread::spawn(move || {
            let mut answered = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let (status, body) = get(&base, "/api/search?q=Ain+al-Asad&limit=5");
                assert_eq!(status, 200, "{body}");
                let answer: Value = serde_json::from_str(&body).expect("JSON");
                assert!(!answer["hits"].as_array().expect("hits").is_empty());
                answered += 1;
            }
            answered
        })
    };
    let word = "قرنفليات";
    let url = format!("/api/search?q={}", encode(word));
    assert_eq!(server.json(&url)["matches"]["articles"], 0);
    std::fs::write(
        corpus.join("new.txt"),
        format!("مقال جديد\n\nذكر التقرير {word} قرب قاعدة عين الأسد.\n"),
    )
    .expect("write article");
    util::index_quietly(&corpus, &index).assert().success();
    wait_for(&server, &url, |a| a["matches"]["articles"] == 1);
    std::fs::remove_file(corpus.join("new.txt")).expect("remove article");
    let mut rebuild = util::index_quietly(&corpus, &index);
    rebuild.arg("--rebuild").assert().success();
    wait_for(&server, &url, |a| a["matches"]["articles"] == 0);
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let answered = searcher.join().expect("no search failed");
    assert!(answered > 0);
}
