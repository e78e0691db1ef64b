//! The JSON Lines record reader: any bytes in a `.jsonl` file must become articles or skip
//! entries, never a panic, and every article's body ranges and passages must lie on char
//! boundaries of its text (the indexer slices with them).
#![no_main]

use fahras::corpus::jsonl::read_jsonl;
use fahras::corpus::split_passages;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let outcome = read_jsonl("fuzz.jsonl", data);
    for article in &outcome.articles {
        for range in &article.body {
            assert!(
                article.text.get(range.clone()).is_some(),
                "body range {range:?}"
            );
        }
        for passage in split_passages(&article.text, &article.body) {
            assert!(article.text.get(passage.start..passage.end).is_some());
        }
    }
});
