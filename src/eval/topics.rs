//! Topics files: the queries an evaluation runs, one `QID<TAB>QUERY` per line.
//!
//! A tab (not any whitespace) separates the id from the query because Arabic queries are
//! multi-word and the query must be kept exactly as written. Blank lines and `#` comment lines
//! are skipped so files can be grouped and annotated by hand; anything else malformed is an
//! error with its line number rather than a silently dropped topic, since a missing topic would
//! quietly change every mean. `fahras eval --topics` and `fahras search --topics` both read
//! topics here, so a file one accepts the other accepts.

use std::collections::HashSet;
use std::path::Path;

use serde::Serialize;

use super::error::{read_to_string, EvalError, ParseReason};

/// One query of an evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Topic {
    /// The query id, matching the qrels' and run's first column.
    pub qid: String,
    /// The query text, trimmed of surrounding whitespace.
    pub query: String,
}

/// Parses a topics file, keeping file order; `file` is used only in error messages.
pub fn parse_topics(text: &str, file: &str) -> Result<Vec<Topic>, EvalError> {
    let mut topics = Vec::new();
    let mut seen = HashSet::new();
    for (index, line) in text.lines().enumerate() {
        // A byte-order mark from a Windows editor is not part of the first query id.
        let line = if index == 0 {
            line.trim_start_matches('\u{feff}')
        } else {
            line
        };
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let err = |reason| EvalError::parse(file, index, reason);
        let (qid, query) = line
            .split_once('\t')
            .ok_or_else(|| err(ParseReason::MissingTab))?;
        let qid = qid.trim();
        if qid.is_empty() || qid.contains(char::is_whitespace) {
            return Err(err(ParseReason::BadQid(qid.to_string())));
        }
        // A blank query is kept: the search says it has nothing to search for, and the other
        // topics of the batch are answered.
        let query = query.trim();
        if !seen.insert(qid.to_string()) {
            return Err(err(ParseReason::DuplicateTopic(qid.to_string())));
        }
        topics.push(Topic {
            qid: qid.to_string(),
            query: query.to_string(),
        });
    }
    Ok(topics)
}

/// Reads and parses a topics file.
pub fn read_topics(path: &Path) -> Result<Vec<Topic>, EvalError> {
    let text = read_to_string(path)?;
    parse_topics(&text, &path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_tab_separated_topics_and_skips_blank_lines_and_comments() {
        let text = "\u{feff}1\tالعاصمة المصرية\n\n  \n# a comment\n2\t تاريخ الأندلس \r\n";
        let topics = parse_topics(text, "t").unwrap();
        assert_eq!(topics.len(), 2);
        assert_eq!(topics[0].qid, "1");
        assert_eq!(topics[0].query, "العاصمة المصرية");
        assert_eq!(topics[1].query, "تاريخ الأندلس");
    }

    #[test]
    fn a_blank_query_is_a_topic_with_nothing_to_search() {
        let topics = parse_topics("1\t \u{a0} \n2\tq\n", "t").unwrap();
        assert_eq!(topics.len(), 2);
        assert_eq!(topics[0].query, "");
    }

    #[test]
    fn malformed_lines_report_their_line_number() {
        let cases = [
            ("1\tq\n\n2 no tab\n", "t:3: expected QID<TAB>QUERY"),
            (
                "\tq\n",
                "t:1: query id \"\" is empty or contains whitespace",
            ),
            (
                "a b\tq\n",
                "t:1: query id \"a b\" is empty or contains whitespace",
            ),
            ("1\tq\n1\tr\n", "t:2: topic 1 is listed more than once"),
        ];
        for (text, want) in cases {
            assert_eq!(parse_topics(text, "t").unwrap_err().to_string(), want);
        }
    }
}
