//! Typed errors for the evaluation inputs (qrels, topics and run files).
//!
//! Every parse error names the file and the 1-based line, rendered as `FILE:LINE: reason`, because
//! these files are written by hand or by scripts and the first thing a person needs is where to
//! look. The reason is an enum rather than a string so callers (and tests) can match on it.

use thiserror::Error;

/// Why one line of a qrels, topics or run file was rejected.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ParseReason {
    /// The line does not have the number of whitespace-separated fields its format requires.
    #[error("expected {expected} whitespace-separated fields, found {found}")]
    FieldCount { expected: usize, found: usize },
    /// The relevance grade is not an integer.
    #[error("grade {0:?} is not an integer")]
    BadGrade(String),
    /// A span identifier lacks the `DOCID:START-END` suffix.
    #[error("{0:?} is not of the form DOCID:START-END")]
    BadSpan(String),
    /// A span whose end does not lie after its start; half-open ranges must be non-empty.
    #[error("span {start}-{end} is empty or reversed (START must be < END)")]
    EmptySpan { start: usize, end: usize },
    /// The same document or span is judged twice for one topic (trec_eval rejects this too).
    #[error("topic {qid}: {target} is judged more than once")]
    DuplicateJudgment { qid: String, target: String },
    /// The rank column of a run line is not a non-negative integer.
    #[error("rank {0:?} is not a non-negative integer")]
    BadRank(String),
    /// The score column of a run line is not a finite number.
    #[error("score {0:?} is not a finite number")]
    BadScore(String),
    /// The same document or passage is retrieved twice for one topic (trec_eval rejects this too).
    #[error("topic {qid}: {target} is retrieved more than once")]
    DuplicateRetrieved { qid: String, target: String },
    /// A topics line has no tab between the query id and the query.
    #[error("expected QID<TAB>QUERY")]
    MissingTab,
    /// A topics line has an empty query id, or one containing whitespace.
    #[error("query id {0:?} is empty or contains whitespace")]
    BadQid(String),
    /// A topics file lists the same query id twice.
    #[error("topic {0} is listed more than once")]
    DuplicateTopic(String),
}

/// Errors from reading or parsing evaluation inputs.
#[derive(Debug, Error)]
pub enum EvalError {
    /// A line of `file` could not be parsed.
    #[error("{file}:{line}: {reason}")]
    Parse {
        /// The file name as given by the caller (used only for the message).
        file: String,
        /// 1-based line number.
        line: usize,
        /// What was wrong with the line.
        reason: ParseReason,
    },
    /// The file could not be read.
    #[error("cannot read {file}")]
    Io {
        /// The path that failed.
        file: String,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
}

impl EvalError {
    /// Builds a [`EvalError::Parse`]; `index` is the 0-based line index as from `enumerate()`.
    pub(crate) fn parse(file: &str, index: usize, reason: ParseReason) -> Self {
        EvalError::Parse {
            file: file.to_string(),
            line: index + 1,
            reason,
        }
    }
}

/// Reads a whole file, mapping failure to [`EvalError::Io`] with the path in the message.
pub(crate) fn read_to_string(path: &std::path::Path) -> Result<String, EvalError> {
    std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        file: path.display().to_string(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_error_renders_file_and_one_based_line() {
        let err = EvalError::parse("q.txt", 2, ParseReason::BadGrade("x".into()));
        assert_eq!(err.to_string(), "q.txt:3: grade \"x\" is not an integer");
    }

    #[test]
    fn io_error_names_the_file() {
        let err = read_to_string(std::path::Path::new("/nonexistent/eval/qrels")).unwrap_err();
        // The cause is the source, said once by the chain (`{:#}`), not repeated here.
        assert_eq!(err.to_string(), "cannot read /nonexistent/eval/qrels");
        assert!(std::error::Error::source(&err).is_some());
    }
}
