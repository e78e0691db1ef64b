//! The three analyzers: any text must tokenize without a panic, with token offsets that are
//! ordered byte ranges on char boundaries of the input (highlighting slices with them) and
//! positions that never go back.
#![no_main]

use fahras::analysis::{analyze, build, ANALYZER_NAMES};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for name in ANALYZER_NAMES {
        let mut analyzer = build(name).expect("known analyzer");
        let mut last_position = 0;
        for token in analyze(&mut analyzer, text) {
            assert!(token.start <= token.end, "{name}: {token:?}");
            assert!(
                text.get(token.start..token.end).is_some(),
                "{name}: {token:?}"
            );
            assert!(token.position >= last_position, "{name}: {token:?}");
            last_position = token.position;
        }
    }
});
