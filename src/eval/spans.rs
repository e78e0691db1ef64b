//! Judging a ranked list against qrels: turning retrieved items into a ranked list of grades.
//!
//! fahras returns passages, but relevance is judged on paragraphs (span qrels), so a retrieved
//! passage rarely coincides with a judged span. The rules below make passage-level figures
//! comparable to document-level ones and impossible to inflate by returning overlapping or huge
//! passages:
//!
//! 1. **Overlap.** A retrieved passage `(doc, start, end)` matches the judged spans *of the same
//!    document* whose byte ranges overlap it. Ranges are half-open: `[a, b)` and `[c, d)` overlap
//!    iff `a < d && c < b`, so touching ranges (`[0, 5)` and `[5, 9)`) do not.
//! 2. **Grade.** The passage gets the best grade among the matching spans that are not yet
//!    credited; if there are none (or the best is ≤ 0) it is non-relevant (grade 0).
//! 3. **Credit once.** Every matching uncredited span becomes credited by that passage, whatever
//!    its grade. Hence the first retrieved passage overlapping a span takes its credit, a later
//!    passage overlapping only credited spans is non-relevant, and a passage overlapping several
//!    uncredited spans earns one grade (the best) while using all of them up — returning a whole
//!    article as one passage earns one span, not many.
//! 4. **Whole documents.** A missing span (`None`) on either side means the whole document and
//!    overlaps every span of that document. Document qrels are thus the special case "one span
//!    per document": with a run that retrieves each document once this is exactly trec_eval's
//!    judging, and a document retrieved twice is credited only the first time.
//! 5. **Ideal.** The number of relevant items (recall's denominator, MAP's divisor) is the number
//!    of judged units with grade > 0, and the nDCG ideal ranks those grades — so no run can score
//!    above 1.
//!
//! Items are judged in the order given; pass them in rank order ([`super::run::rank_items`]).

use std::collections::HashMap;

use super::qrels::Judgment;
use super::run::RetrievedItem;

/// Whether two half-open ranges overlap; `None` is the whole document.
pub fn overlaps(a: Option<(usize, usize)>, b: Option<(usize, usize)>) -> bool {
    match (a, b) {
        (Some((a0, a1)), Some((b0, b1))) => a0 < b1 && b0 < a1,
        _ => true,
    }
}

/// Grades of `ranked` (in the given order) under the crediting rules of the module doc.
/// Returned grades are ≥ 0; judged non-relevant and unjudged items both get 0.
pub fn judge_ranked<'a, I>(judgments: &[Judgment], ranked: I) -> Vec<i32>
where
    I: IntoIterator<Item = &'a RetrievedItem>,
{
    let mut by_doc: HashMap<&str, Vec<usize>> = HashMap::new();
    for (index, judgment) in judgments.iter().enumerate() {
        by_doc.entry(judgment.doc.as_str()).or_default().push(index);
    }
    let mut credited = vec![false; judgments.len()];
    ranked
        .into_iter()
        .map(|item| {
            let mut best = 0;
            for &index in by_doc.get(item.doc.as_str()).map_or(&[][..], Vec::as_slice) {
                if !credited[index] && overlaps(item.span, judgments[index].span) {
                    credited[index] = true;
                    best = best.max(judgments[index].grade);
                }
            }
            best
        })
        .collect()
}

/// Grades of all judged units, the input for the nDCG ideal and the relevant count.
pub fn judged_grades(judgments: &[Judgment]) -> Vec<i32> {
    judgments.iter().map(|j| j.grade).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(doc: &str, start: usize, end: usize, grade: i32) -> Judgment {
        Judgment {
            doc: doc.into(),
            span: Some((start, end)),
            grade,
        }
    }

    fn passage(doc: &str, start: usize, end: usize) -> RetrievedItem {
        RetrievedItem {
            doc: doc.into(),
            score: 0.0,
            span: Some((start, end)),
        }
    }

    fn whole(doc: &str) -> RetrievedItem {
        RetrievedItem {
            doc: doc.into(),
            score: 0.0,
            span: None,
        }
    }

    #[test]
    fn overlap_is_half_open() {
        assert!(overlaps(Some((0, 5)), Some((4, 9))));
        assert!(!overlaps(Some((0, 5)), Some((5, 9))));
        assert!(!overlaps(Some((5, 9)), Some((0, 5))));
        assert!(overlaps(Some((2, 3)), Some((0, 10))));
        assert!(overlaps(None, Some((7, 8))));
        assert!(overlaps(Some((7, 8)), None));
    }

    #[test]
    fn passage_gets_grade_of_overlapped_span_of_the_same_doc_only() {
        let qrels = [span("a", 100, 200, 2), span("b", 0, 50, 1)];
        let items = [
            passage("a", 150, 300),
            passage("b", 100, 200),
            passage("c", 0, 50),
        ];
        assert_eq!(judge_ranked(&qrels, &items), [2, 0, 0]);
    }

    #[test]
    fn each_span_is_credited_once() {
        let qrels = [span("a", 0, 100, 2)];
        let items = [passage("a", 0, 40), passage("a", 50, 90)];
        assert_eq!(judge_ranked(&qrels, &items), [2, 0]);
    }

    #[test]
    fn passage_over_several_spans_gets_best_grade_and_credits_all() {
        let qrels = [
            span("a", 0, 10, 1),
            span("a", 10, 20, 2),
            span("a", 20, 30, 1),
        ];
        let items = [passage("a", 5, 25), passage("a", 0, 30)];
        assert_eq!(judge_ranked(&qrels, &items), [2, 0]);
    }

    #[test]
    fn whole_article_earns_one_span_not_many() {
        let qrels = [
            span("a", 0, 10, 1),
            span("a", 50, 60, 1),
            span("a", 90, 99, 2),
        ];
        assert_eq!(judge_ranked(&qrels, &[whole("a"), whole("a")]), [2, 0]);
    }

    #[test]
    fn later_passage_is_credited_for_spans_still_uncredited() {
        let qrels = [span("a", 0, 10, 2), span("a", 10, 20, 1)];
        // First takes the grade-2 span; second overlaps it (credited) and the grade-1 span.
        let items = [passage("a", 0, 5), passage("a", 5, 15)];
        assert_eq!(judge_ranked(&qrels, &items), [2, 1]);
    }

    #[test]
    fn non_relevant_spans_are_used_up_but_earn_nothing() {
        let qrels = [
            span("a", 0, 10, 0),
            span("a", 10, 20, -1),
            span("a", 20, 30, 2),
        ];
        let items = [passage("a", 0, 20), passage("a", 5, 25)];
        assert_eq!(judge_ranked(&qrels, &items), [0, 2]);
    }

    #[test]
    fn document_judgments_match_any_passage_of_the_document_once() {
        let qrels = [Judgment {
            doc: "a".into(),
            span: None,
            grade: 1,
        }];
        let items = [passage("a", 3, 4), whole("a"), whole("b")];
        assert_eq!(judge_ranked(&qrels, &items), [1, 0, 0]);
    }
}
