//! How many passages and articles a query matches in the whole index, not only among the hits
//! shown: one pass over the matching passages without scoring, reading each one's article from
//! the `doc_id` fast column.

use std::collections::HashSet;

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// The size of a query's answer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Matches {
    /// Passages matching the query (filters applied, excluded words removed).
    pub passages: u64,
    /// Articles with at least one of them.
    pub articles: u64,
}

/// Per segment: its ordinal, the passages matched and which articles (`doc_id` ordinals) they
/// belong to, for [`merge`] to count articles across segments.
pub(crate) type SegmentMatches = (SegmentOrdinal, u64, Vec<bool>);

/// Collects [`SegmentMatches`] of every segment.
pub(crate) struct MatchCounter;

pub(crate) struct SegmentMatchCounter {
    segment: SegmentOrdinal,
    column: Option<StrColumn>,
    passages: u64,
    seen: Vec<bool>,
}

impl Collector for MatchCounter {
    type Fruit = Vec<SegmentMatches>;
    type Child = SegmentMatchCounter;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentMatchCounter> {
        let column = reader.fast_fields().str("doc_id")?;
        let articles = column.as_ref().map_or(0, |c| c.dictionary().num_terms());
        Ok(SegmentMatchCounter {
            segment,
            column,
            passages: 0,
            seen: vec![false; articles],
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<SegmentMatches>) -> tantivy::Result<Vec<SegmentMatches>> {
        Ok(fruits)
    }
}

impl SegmentCollector for SegmentMatchCounter {
    type Fruit = SegmentMatches;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.passages += 1;
        let ord = self.column.as_ref().and_then(|c| c.term_ords(doc).next());
        if let Some(seen) = ord.and_then(|ord| self.seen.get_mut(ord as usize)) {
            *seen = true;
        }
    }

    fn harvest(self) -> SegmentMatches {
        (self.segment, self.passages, self.seen)
    }
}

/// The totals, counting an article once even when its passages sit in several segments
/// (`id(segment, ord)` is the id of article `ord` of `segment`).
pub(crate) fn merge<'a>(
    fruits: &[SegmentMatches],
    id: impl Fn(SegmentOrdinal, usize) -> Option<&'a str>,
) -> Matches {
    let passages = fruits.iter().map(|(_, n, _)| n).sum();
    let ords = |seen: &[bool]| -> Vec<usize> {
        seen.iter()
            .enumerate()
            .filter_map(|(ord, &s)| s.then_some(ord))
            .collect()
    };
    let articles = match fruits {
        [(_, _, seen)] => ords(seen).len() as u64,
        _ => {
            let mut all = HashSet::new();
            for (segment, _, seen) in fruits {
                all.extend(ords(seen).into_iter().filter_map(|ord| id(*segment, ord)));
            }
            all.len() as u64
        }
    };
    Matches { passages, articles }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_article_in_two_segments_counts_once() {
        let ids = [["a", "b"], ["b", "c"]];
        let fruits = vec![(0, 3, vec![true, true]), (1, 2, vec![true, false])];
        let id = |segment: u32, ord: usize| Some(ids[segment as usize][ord]);
        assert_eq!(
            merge(&fruits, id),
            Matches {
                passages: 5,
                articles: 2
            }
        );
        assert_eq!(merge(&fruits[..1], id).articles, 2);
    }
}
