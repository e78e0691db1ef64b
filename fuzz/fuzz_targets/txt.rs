//! The `.txt` reader: decoding (BOMs, UTF-8, legacy Arabic code pages) then the article
//! parser and passage splitter. Any bytes must become an article or a skip reason, with every
//! range on char boundaries of the decoded text.
#![no_main]

use fahras::corpus::txt::parse_txt;
use fahras::corpus::{decode, split_passages};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(decoded) = decode(data) else {
        return;
    };
    let Ok(article) = parse_txt("fuzz.txt", decoded.text) else {
        return;
    };
    for range in &article.body {
        assert!(
            article.text.get(range.clone()).is_some(),
            "body range {range:?}"
        );
    }
    for passage in split_passages(&article.text, &article.body) {
        assert!(article.text.get(passage.start..passage.end).is_some());
    }
});
