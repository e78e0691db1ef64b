//! The search page in headless Chromium, driven over WebDriver (Debian's `chromium` and
//! `chromium-driver`; the tests skip, saying so, only when they are not installed).
//!
//! What the page shows is compared with what the API answers for the same request: the hits'
//! titles, their highlighted words (byte ranges of UTF-8 turned into marks in the page), the
//! reading line, paging, the source and date filters and the whole article. Screenshots go to
//! `target/tmp/serve-screenshots/`.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

use super::{encode, news_corpus, Server, HOSTILE_TITLE, SOURCES};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// A headless Chromium session.
struct Browser {
    client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// A session, or `None` (said on stderr) when Chromium or its driver is not installed.
    async fn start() -> Option<Browser> {
        for program in [CHROMIUM, CHROMEDRIVER] {
            if !Path::new(program).exists() {
                eprintln!(
                    "SKIPPED browser test: {program} is not installed (apt-get install chromium chromium-driver)"
                );
                return None;
            }
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let start = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let profile = tempfile::tempdir().expect("profile folder");
        let capabilities = json!({
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1100,1400",
                    format!("--user-data-dir={}", profile.path().display()),
                ]
            }
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!("an object")
        };
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("a Chromium session");
        Some(Browser {
            client,
            driver,
            _profile: profile,
        })
    }

    /// Runs `script` (a function body) in the page.
    async fn js(&self, script: &str) -> Value {
        self.client
            .execute(script, Vec::new())
            .await
            .unwrap_or_else(|e| panic!("{script}: {e}"))
    }

    /// Waits until `script` returns true, at most 20 s.
    async fn until(&self, what: &str, script: &str) {
        let start = Instant::now();
        loop {
            if self.js(script).await == Value::Bool(true) {
                return;
            }
            if start.elapsed() > Duration::from_secs(20) {
                let status = self
                    .js("return document.getElementById('status').textContent")
                    .await;
                self.screenshot("timed-out").await;
                let url = self.client.current_url().await.map(|u| u.to_string());
                panic!("timed out waiting for {what} (status line: {status}, address {url:?})");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits for the results of the address's search to be shown.
    async fn results(&self) {
        self.until(
            "the results",
            "return !document.getElementById('results').hidden \
             && document.getElementById('status').textContent === ''",
        )
        .await;
    }

    /// Types `text` into the search box (replacing what is there) and presses Enter.
    async fn search(&self, text: &str) {
        let q = self
            .client
            .find(Locator::Id("q"))
            .await
            .expect("search box");
        q.clear().await.expect("clear");
        q.send_keys(text).await.expect("type");
        q.send_keys(&Key::Enter).await.expect("Enter");
    }

    /// The hits as shown: title, source, date, passage text and marked words.
    async fn hits(&self) -> Value {
        self.js(
            "return [...document.querySelectorAll('#hits .hit')].map(li => ({ \
               title: li.querySelector('h2').textContent, \
               meta: [...li.querySelector('.meta').children].map(e => e.textContent), \
               passage: li.querySelector('.passage').textContent, \
               marks: [...li.querySelectorAll('.passage mark')].map(m => m.textContent) }))",
        )
        .await
    }

    /// Saves a screenshot as `name`.png and returns its path.
    async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.client.screenshot().await.expect("screenshot");
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("serve-screenshots");
        std::fs::create_dir_all(&dir).expect("screenshot folder");
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("write screenshot");
        eprintln!("screenshot: {}", path.display());
        path
    }

    async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
    }
}

/// The text of `text` between byte offsets.
fn slice(text: &str, range: &Value) -> String {
    let at = |i: usize| range[i].as_u64().expect("offset") as usize;
    text[at(0)..at(1)].to_string()
}

/// What the page should show for the API's `answer`: titles and marked words of each hit.
fn expected(answer: &Value) -> Vec<(String, Vec<String>)> {
    answer["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|hit| {
            let text = hit["text"].as_str().expect("text");
            let marks = hit["highlights"]
                .as_array()
                .expect("highlights")
                .iter()
                .map(|range| slice(text, range))
                .collect();
            (hit["title"].as_str().expect("title").to_string(), marks)
        })
        .collect()
}

fn shown(hits: &Value) -> Vec<(String, Vec<String>)> {
    hits.as_array()
        .expect("hits")
        .iter()
        .map(|hit| {
            let marks = hit["marks"]
                .as_array()
                .expect("marks")
                .iter()
                .map(|m| m.as_str().expect("mark").to_string())
                .collect();
            (hit["title"].as_str().expect("title").to_string(), marks)
        })
        .collect()
}

/// The API's answer to the page's request for `query` at `offset`.
fn api(server: &Server, query: &str, offset: usize) -> Value {
    server.json(&format!(
        "/api/search?q={}&limit=10&offset={offset}&facets=date,source",
        encode(query)
    ))
}

/// A server over the news corpus (in the returned folder) and a browser; `None` when no
/// browser can be started here.
async fn server_and_browser() -> Option<(tempfile::TempDir, Server, Browser)> {
    let dir = tempfile::tempdir().expect("tempdir");
    news_corpus(dir.path());
    let server = Server::start(dir.path());
    let browser = Browser::start().await?;
    Some((dir, server, browser))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn page_searches_arabic_and_latin_pages_filters_and_opens_articles() {
    let Some((_dir, server, browser)) = server_and_browser().await else {
        return;
    };
    let c = &browser.client;
    c.goto(&server.base).await.expect("open the page");
    let root = browser
        .js("return [document.documentElement.dir, document.documentElement.lang]")
        .await;
    assert_eq!(root, json!(["rtl", "ar"]));

    // Arabic: the hits and their highlights are the API's; no reading line.
    browser.search("عين الأسد").await;
    browser.results().await;
    let answer = api(&server, "عين الأسد", 0);
    let hits = browser.hits().await;
    assert_eq!(shown(&hits), expected(&answer));
    assert_eq!(hits.as_array().map(Vec::len), Some(10));
    assert!(shown(&hits).iter().all(|(_, marks)| !marks.is_empty()));
    let reading_hidden = browser
        .js("return document.getElementById('reading').hidden")
        .await;
    assert_eq!(reading_hidden, true);
    browser.screenshot("results-arabic").await;

    // Latin script: the reading line says how it was read.
    browser.search("Ain al-Asad").await;
    browser
        .until(
            "the reading line",
            "return !document.getElementById('reading').hidden && document.getElementById('status').textContent === ''",
        )
        .await;
    let reading = browser
        .js("return document.getElementById('reading').textContent")
        .await;
    assert_eq!(reading, "Ain al-Asad → عين الأسد");
    let answer = api(&server, "Ain al-Asad", 0);
    let page_one = browser.hits().await;
    assert_eq!(shown(&page_one), expected(&answer));
    let shot = browser.screenshot("results").await;
    assert!(std::fs::metadata(shot).expect("screenshot").len() > 10_000);

    // The next page.
    c.find(Locator::Id("next"))
        .await
        .expect("next")
        .click()
        .await
        .expect("click next");
    browser
        .until(
            "the second page",
            "return location.search.includes('offset=10') && document.getElementById('status').textContent === ''",
        )
        .await;
    let page_two = browser.hits().await;
    assert_eq!(shown(&page_two), expected(&api(&server, "Ain al-Asad", 10)));
    assert_ne!(page_two, page_one);

    // The source filter: every hit is from that source, as the API says.
    c.find(Locator::Css("#filters-box summary"))
        .await
        .expect("filters")
        .click()
        .await
        .expect("open filters");
    c.find(Locator::Id("source"))
        .await
        .expect("source list")
        .select_by_value(SOURCES[1])
        .await
        .expect("choose a source");
    browser
        .until(
            "the source filter",
            "return location.search.includes('source=') && !location.search.includes('offset') && document.getElementById('status').textContent === ''",
        )
        .await;
    let filtered = browser.hits().await;
    let with_source = format!("Ain al-Asad source:\"{}\"", SOURCES[1]);
    assert_eq!(shown(&filtered), expected(&api(&server, &with_source, 0)));
    for hit in filtered.as_array().expect("hits") {
        assert_eq!(hit["meta"][0], SOURCES[1], "{hit}");
    }
    assert!(!filtered.as_array().expect("hits").is_empty());

    // The timeline: a bar filters by its period; every hit's date is in it.
    let bar = c
        .find(Locator::Css("#timeline button:not(.empty)"))
        .await
        .expect("a timeline bar");
    let period = bar.attr("title").await.expect("title").expect("a period");
    bar.click().await.expect("click the bar");
    browser
        .until(
            "the date filter",
            "return location.search.includes('from=') && document.getElementById('status').textContent === ''",
        )
        .await;
    let month = period.split(':').next().expect("period").trim().to_string();
    let dated = browser.hits().await;
    assert!(!dated.as_array().expect("hits").is_empty(), "{period}");
    for hit in dated.as_array().expect("hits") {
        let date = hit["meta"][1].as_str().expect("a date");
        assert!(date.starts_with(&month), "{date} not in {month}");
        assert_eq!(hit["meta"][0], SOURCES[1]);
    }

    // Clear the filters, open the first hit: the whole article with the passage marked.
    c.find(Locator::Id("clear-filters"))
        .await
        .expect("clear")
        .click()
        .await
        .expect("clear filters");
    browser.results().await;

    // Newest first: the hits are the API's for `sort=-date`, their dates never increasing.
    c.find(Locator::Id("sort"))
        .await
        .expect("sort list")
        .select_by_value("-date")
        .await
        .expect("choose newest first");
    browser
        .until(
            "newest first",
            "return location.search.includes('sort=-date') && document.getElementById('status').textContent === ''",
        )
        .await;
    let newest = browser.hits().await;
    let answer = server.json(&format!(
        "/api/search?q={}&limit=10&facets=date,source&sort=-date",
        encode("Ain al-Asad")
    ));
    assert_eq!(shown(&newest), expected(&answer));
    let dates: Vec<&str> = answer["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["date"].as_str().expect("a dated hit"))
        .collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    assert_eq!(dates.len(), 10);

    let first = &browser.hits().await[0];
    c.find(Locator::Css("#hits .hit h2 a"))
        .await
        .expect("a hit's title")
        .click()
        .await
        .expect("open the article");
    browser
        .until(
            "the article",
            "return !document.getElementById('article').hidden && document.querySelector('#article-text .current') !== null",
        )
        .await;
    let article = browser
        .js(
            "return { title: document.getElementById('article-title').textContent, \
               current: document.querySelector('#article-text .current').textContent, \
               marks: document.querySelectorAll('#article-text mark').length, \
               results: document.getElementById('results').hidden }",
        )
        .await;
    assert_eq!(article["title"], first["title"]);
    assert_eq!(article["current"], first["passage"]);
    assert!(article["marks"].as_u64() > Some(0), "{article}");
    assert_eq!(article["results"], true);
    browser.screenshot("article").await;

    // Escape goes back to the results, from the keyboard.
    c.find(Locator::Id("q"))
        .await
        .expect("search box")
        .send_keys(&Key::Escape)
        .await
        .expect("Escape");
    browser.results().await;

    // A phone-width window: nothing wider than the screen.
    c.set_window_size(390, 844).await.expect("resize");
    let fits = browser
        .js("const e = document.scrollingElement; return e.scrollWidth <= e.clientWidth")
        .await;
    assert_eq!(fits, true);
    browser.screenshot("phone").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn markup_in_articles_is_shown_as_text_and_never_run() {
    let Some((_dir, server, browser)) = server_and_browser().await else {
        return;
    };
    let c = &browser.client;
    c.goto(&format!("{}/?q={}", server.base, encode("زنجبيلية")))
        .await
        .expect("open the page");
    browser.results().await;
    let hits = browser.hits().await;
    assert_eq!(hits[0]["title"], HOSTILE_TITLE);
    assert!(hits[0]["passage"]
        .as_str()
        .is_some_and(|p| p.contains("<script>window.__xss=4</script>")));
    assert!(hits[0]["meta"][0]
        .as_str()
        .is_some_and(|s| s.starts_with("<b onmouseover")));
    let planted = "return { xss: window.__xss === undefined, \
        elements: document.querySelectorAll('main img, main script, main b, #article-text a, #hits .passage a').length, \
        scripts: document.scripts.length, \
        javascript_links: [...document.querySelectorAll('a')].filter(a => a.href.startsWith('javascript:')).length }";
    let clean = json!({"xss": true, "elements": 0, "scripts": 1, "javascript_links": 0});
    assert_eq!(browser.js(planted).await, clean);
    browser.screenshot("hostile-results").await;
    c.find(Locator::Css("#hits .hit h2 a"))
        .await
        .expect("the hit")
        .click()
        .await
        .expect("open it");
    browser
        .until(
            "the article",
            "return !document.getElementById('article').hidden && document.getElementById('status').textContent === ''",
        )
        .await;
    let text = browser
        .js("return document.getElementById('article-title').textContent + '\\n' + document.getElementById('article-text').textContent")
        .await;
    let text = text.as_str().expect("text");
    assert!(text.contains(HOSTILE_TITLE), "{text}");
    assert!(
        text.contains("<img src=x onerror=\"window.__xss=3\">"),
        "{text}"
    );
    assert_eq!(browser.js(planted).await, clean);
    browser.screenshot("hostile-article").await;
    browser.close().await;
}
