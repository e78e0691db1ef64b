//! The load test of `fahras serve` (issue 16): the search bench's two-word queries of the news
//! sample (pairs of frequent title words, [`queries::two_word_queries`]) written as
//! `/api/search` paths, with a `wrk` script that sends them in turn.
//!
//! Run: `cargo bench --bench serve_load -- NEWS.jsonl OUT_DIR`, then `wrk -s OUT_DIR/wrk.lua …`
//! against a running `fahras serve` (the commands and figures are in `benches/RESULTS.md`,
//! section "fahras serve (issue 16)").

mod queries;

use std::fs;
use std::path::PathBuf;

/// As many two-word queries as the search bench's batch makes (its `TOPICS / 2`).
const QUERIES: usize = 1_000;

fn main() {
    // `cargo bench` passes `--bench`; the rest are ours.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let [jsonl, out] = args.as_slice() else {
        eprintln!("usage: cargo bench --bench serve_load -- NEWS.jsonl OUT_DIR");
        return;
    };
    let titles = queries::titles(jsonl.as_ref());
    let pairs = queries::two_word_queries(&titles, QUERIES);
    assert!(!pairs.is_empty(), "no two-word queries in {jsonl}");
    let out = PathBuf::from(out);
    fs::create_dir_all(&out).expect("create the output folder");
    let paths: Vec<String> = pairs
        .iter()
        .map(|q| {
            let q: String = form_urlencoded::byte_serialize(q.as_bytes()).collect();
            format!("/api/search?q={q}")
        })
        .collect();
    let list = out.join("paths.txt");
    fs::write(&list, paths.join("\n") + "\n").expect("write paths.txt");
    let script = format!(
        r#"-- Sends the {n} two-word queries of {list} in turn (each wrk thread from its own start).
local paths = {{}}
for line in io.lines("{list}") do paths[#paths + 1] = line end
local next_id = 0
function setup(thread)
  thread:set("start", next_id * 997)
  next_id = next_id + 1
end
local i = nil
function request()
  if i == nil then i = start or 0 end
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
"#,
        n = paths.len(),
        list = list.display()
    );
    fs::write(out.join("wrk.lua"), script).expect("write wrk.lua");
    println!(
        "{} two-word queries (e.g. «{}») in {}; wrk script {}",
        paths.len(),
        pairs[0],
        list.display(),
        out.join("wrk.lua").display()
    );
}
