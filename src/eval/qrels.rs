//! TREC qrels: which documents (or which paragraphs of them) are relevant to which topic.
//!
//! The line format is trec_eval's `QID ITER DOCID GRADE`, whitespace-separated. `ITER` is ignored
//! (trec_eval ignores it too). `GRADE` is an integer; only `GRADE > 0` is relevant, and `0` or a
//! negative grade is a judged non-relevant document (trec_eval reads a negative grade as "in the
//! pool but unjudged", which for every measure computed here is the same thing).
//!
//! Two granularities exist because fahras retrieves passages, not whole articles:
//! * **document qrels**: `DOCID` is taken verbatim — it may contain anything but whitespace;
//! * **span qrels**: `DOCID:START-END`, the half-open byte range `[START, END)` of a judged
//!   paragraph of `DOCID`. Document ids are file paths and may themselves contain `:` or `/`
//!   (`dir/a.txt:0-10`, `x:y.txt:5-9`), so the span is the suffix after the **last** `:`, and it
//!   must be exactly `digits-digits`.
//!
//! The granularity is chosen by the caller rather than guessed per line, because a document id
//! such as `notes:1-2` is legal in document qrels and guessing would silently change its meaning.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use super::error::{read_to_string, EvalError, ParseReason};

/// Whether judgments name whole documents or byte spans of documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    /// Each judgment covers a whole document.
    Document,
    /// Each judgment covers a half-open byte range of a document.
    Span,
}

/// One judged document or span for one topic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Judgment {
    /// The document id (without any span suffix).
    pub doc: String,
    /// `Some((start, end))` for a judged byte range `[start, end)`, `None` for the whole document.
    pub span: Option<(usize, usize)>,
    /// The relevance grade; relevant iff `> 0`.
    pub grade: i32,
}

impl Judgment {
    /// Whether this judgment counts as relevant (grade > 0), trec_eval's default `-l 1`.
    pub fn is_relevant(&self) -> bool {
        self.grade > 0
    }
}

/// Relevance judgments for a set of topics, keyed by query id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Qrels {
    granularity: Granularity,
    topics: BTreeMap<String, Vec<Judgment>>,
}

impl Qrels {
    /// An empty set of judgments of the given granularity.
    pub fn new(granularity: Granularity) -> Self {
        Qrels {
            granularity,
            topics: BTreeMap::new(),
        }
    }

    /// Adds a judgment for `qid`. No duplicate check is made here (the parsers make one); a
    /// duplicate simply becomes a second judged unit.
    pub fn add(&mut self, qid: impl Into<String>, judgment: Judgment) {
        self.topics.entry(qid.into()).or_default().push(judgment);
    }

    /// Whether judgments are for whole documents or spans.
    pub fn granularity(&self) -> Granularity {
        self.granularity
    }

    /// The judgments of one topic, if the topic is judged at all.
    pub fn topic(&self, qid: &str) -> Option<&[Judgment]> {
        self.topics.get(qid).map(Vec::as_slice)
    }

    /// All judged topics in query-id (byte string) order.
    pub fn topics(&self) -> impl Iterator<Item = (&str, &[Judgment])> {
        self.topics.iter().map(|(q, j)| (q.as_str(), j.as_slice()))
    }

    /// Number of relevant (grade > 0) judged units of `qid`; 0 for an unknown topic.
    pub fn num_relevant(&self, qid: &str) -> usize {
        self.topic(qid)
            .map_or(0, |js| js.iter().filter(|j| j.is_relevant()).count())
    }
}

/// Splits `DOCID:START-END` at the last `:`, returning the document id and the byte range.
///
/// Returns `None` when the text after the last `:` is not exactly `digits-digits`, or the
/// document id would be empty. No check that `START < END` is made here.
pub fn split_span_id(id: &str) -> Option<(&str, usize, usize)> {
    let (doc, range) = id.rsplit_once(':')?;
    let (start, end) = range.split_once('-')?;
    let is_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if doc.is_empty() || !is_digits(start) || !is_digits(end) {
        return None;
    }
    Some((doc, start.parse().ok()?, end.parse().ok()?))
}

/// Parses a `DOCID:START-END` field into its parts, validating `START < END`.
pub(crate) fn parse_span_field(field: &str) -> Result<(&str, (usize, usize)), ParseReason> {
    let (doc, start, end) =
        split_span_id(field).ok_or_else(|| ParseReason::BadSpan(field.to_string()))?;
    if start >= end {
        return Err(ParseReason::EmptySpan { start, end });
    }
    Ok((doc, (start, end)))
}

/// Parses document-level qrels; `file` is used only in error messages.
pub fn parse_document_qrels(text: &str, file: &str) -> Result<Qrels, EvalError> {
    parse_qrels(text, file, Granularity::Document)
}

/// Parses span-level qrels (`DOCID:START-END` in the third column); `file` is used only in errors.
pub fn parse_span_qrels(text: &str, file: &str) -> Result<Qrels, EvalError> {
    parse_qrels(text, file, Granularity::Span)
}

/// Reads and parses a qrels file of the given granularity.
pub fn read_qrels(path: &Path, granularity: Granularity) -> Result<Qrels, EvalError> {
    let text = read_to_string(path)?;
    parse_qrels(&text, &path.display().to_string(), granularity)
}

/// Parses qrels of either granularity. Blank lines are skipped; a document or span judged twice
/// for the same topic is an error, as in trec_eval.
pub fn parse_qrels(text: &str, file: &str, granularity: Granularity) -> Result<Qrels, EvalError> {
    let mut qrels = Qrels::new(granularity);
    let mut seen: std::collections::HashSet<(String, String)> = Default::default();
    for (index, line) in text.lines().enumerate() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.is_empty() {
            continue;
        }
        let err = |reason| EvalError::parse(file, index, reason);
        if fields.len() != 4 {
            return Err(err(ParseReason::FieldCount {
                expected: 4,
                found: fields.len(),
            }));
        }
        let (qid, target, grade) = (fields[0], fields[2], fields[3]);
        let grade: i32 = grade
            .parse()
            .map_err(|_| err(ParseReason::BadGrade(grade.to_string())))?;
        let (doc, span) = match granularity {
            Granularity::Document => (target, None),
            Granularity::Span => {
                let (doc, span) = parse_span_field(target).map_err(err)?;
                (doc, Some(span))
            }
        };
        if !seen.insert((qid.to_string(), target.to_string())) {
            return Err(err(ParseReason::DuplicateJudgment {
                qid: qid.to_string(),
                target: target.to_string(),
            }));
        }
        qrels.add(
            qid,
            Judgment {
                doc: doc.to_string(),
                span,
                grade,
            },
        );
    }
    Ok(qrels)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_qrels_keep_docid_verbatim_and_accept_any_integer_grade() {
        let q = parse_document_qrels("1 0 a:1-2 2\n\n1 0 b -1\n2\t0\tc 0\r\n", "q").unwrap();
        assert_eq!(q.granularity(), Granularity::Document);
        let t1 = q.topic("1").unwrap();
        assert_eq!(t1[0].doc, "a:1-2");
        assert_eq!(t1[0].span, None);
        assert_eq!(t1[1].grade, -1);
        assert_eq!(q.num_relevant("1"), 1);
        assert_eq!(q.num_relevant("2"), 0);
        assert_eq!(q.num_relevant("nope"), 0);
    }

    #[test]
    fn span_qrels_split_at_the_last_colon() {
        let text = "7 0 003_x.txt:120-480 2\n7 0 dir/a.txt:0-10 1\n7 0 x:y.txt:5-9 0\n";
        let q = parse_span_qrels(text, "s").unwrap();
        let t = q.topic("7").unwrap();
        assert_eq!(
            (t[0].doc.as_str(), t[0].span),
            ("003_x.txt", Some((120, 480)))
        );
        assert_eq!((t[1].doc.as_str(), t[1].span), ("dir/a.txt", Some((0, 10))));
        assert_eq!((t[2].doc.as_str(), t[2].span), ("x:y.txt", Some((5, 9))));
    }

    #[test]
    fn split_span_id_rejects_malformed_suffixes() {
        assert_eq!(split_span_id("a:1-2"), Some(("a", 1, 2)));
        assert_eq!(split_span_id("a:1-2:3-4"), Some(("a:1-2", 3, 4)));
        for bad in [
            "a", "a:1", "a:1-", "a:-2", "a:1-2x", ":1-2", "a:1-2:", "a:+1-2",
        ] {
            assert_eq!(split_span_id(bad), None, "{bad}");
        }
    }

    #[test]
    fn errors_carry_file_and_line() {
        let cases = [
            (
                "1 0 a 1\n1 0 b\n",
                "q:2: expected 4 whitespace-separated fields, found 3",
            ),
            ("\n\n1 0 a x\n", "q:3: grade \"x\" is not an integer"),
            (
                "1 0 a 1\n1 0 a 2\n",
                "q:2: topic 1: a is judged more than once",
            ),
        ];
        for (text, want) in cases {
            let err = parse_document_qrels(text, "q").unwrap_err();
            assert_eq!(err.to_string(), want);
        }
        let err = parse_span_qrels("1 0 a.txt 1\n", "s").unwrap_err();
        assert_eq!(
            err.to_string(),
            "s:1: \"a.txt\" is not of the form DOCID:START-END"
        );
        let err = parse_span_qrels("1 0 a.txt:1-1 1\n", "s").unwrap_err();
        assert!(matches!(
            err,
            EvalError::Parse {
                line: 1,
                reason: ParseReason::EmptySpan { start: 1, end: 1 },
                ..
            }
        ));
    }

    #[test]
    fn same_doc_different_spans_is_not_a_duplicate() {
        let q = parse_span_qrels("1 0 a:0-5 1\n1 0 a:5-9 1\n2 0 a:0-5 1\n", "s").unwrap();
        assert_eq!(q.num_relevant("1"), 2);
        assert_eq!(q.topics().count(), 2);
    }
}
