//! `fahras analyze`.

use predicates::prelude::*;
use serde_json::Value;

use crate::util::fahras;

#[test]
fn analyze_prints_tokens_with_positions_and_byte_offsets() {
    let output = fahras()
        .args(["analyze", "--json", "وبالقاعدة الأمريكيه ٢٠٢٤ عَيْنِ الأسد"])
        .output()
        .expect("runs");
    assert!(output.status.success());
    let tokens: Vec<Value> = String::from_utf8(output.stdout)
        .expect("UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object a line"))
        .collect();
    let summary: Vec<(String, u64, u64, u64)> = tokens
        .iter()
        .map(|t| {
            (
                t["token"].as_str().unwrap_or_default().to_string(),
                t["position"].as_u64().unwrap_or(99),
                t["start"].as_u64().unwrap_or(0),
                t["end"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("قاعد".to_string(), 0, 0, 18),
            ("امريك".to_string(), 1, 19, 37),
            ("2024".to_string(), 2, 38, 46),
            ("عين".to_string(), 3, 47, 59),
            ("اسد".to_string(), 4, 60, 70),
        ]
    );
}

#[test]
fn analyze_table_shows_original_word_and_term() {
    fahras()
        .args(["analyze", "--analyzer", "ar_exact", "بغـــداد"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "0\t0\t16\t\u{2068}بغـــداد\u{2069}\t\u{2068}بغداد\u{2069}",
        ));
}

#[test]
fn analyze_with_unknown_analyzer_fails_with_exit_2() {
    fahras()
        .args(["analyze", "--analyzer", "nope", "نص"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown analyzer `nope`"));
}

#[test]
fn snowball_analyzer_is_available() {
    fahras()
        .args(["analyze", "--analyzer", "ar_snowball", "--json", "بغداد"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"token\":\"غداد\""));
}
