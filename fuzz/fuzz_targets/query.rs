//! The query path before tantivy: parsing, the plan, spelling correction and the reading of
//! Latin words against a small vocabulary. Any panic here would be a search that crashes on what
//! a user typed.
#![no_main]

use std::collections::BTreeMap;

use fahras::search::{latin, parse, spelling, QueryPlan, Weights};
use libfuzzer_sys::fuzz_target;

/// A few index terms so correction and transliteration have something to find.
fn vocabulary() -> BTreeMap<String, u64> {
    [
        "السعودية",
        "الرياض",
        "محمد",
        "عبد",
        "الله",
        "بن",
        "سلمان",
        "مصر",
        "القاهرة",
        "اقتصاد",
    ]
    .iter()
    .enumerate()
    .map(|(i, w)| ((*w).to_owned(), i as u64 + 1))
    .collect()
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = parse(input);
    let mut plan = QueryPlan::new(&parsed);
    let vocab = vocabulary();
    spelling::correct(&mut plan, &vocab, &vocab);
    latin::read(&mut plan, &vocab, &Weights::default());
});
