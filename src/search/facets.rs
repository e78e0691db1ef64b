//! When and where from: how the articles matching a query spread over time and over sources
//! (`fahras search --facets date,source`), counted over all matching articles, not the hits.
//!
//! One unscored pass notes a passage of every matching article (by its `doc_id` ordinal); the
//! article's day comes from the `date` fast field of that passage, its source from the stored
//! passage (the source is indexed word by word, so its terms do not give names back). Reading
//! sources costs a stored-document read per matching article: it is only done when asked for.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::schema::Value;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader, TantivyDocument};
use time::Date;

/// Days a timeline may span and still count per day; longer ones count per month.
pub const MAX_DAILY_SPAN: i64 = 62;

/// The spread of the matching articles.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Facets {
    /// `day` or `month`: what a `dates` period is.
    pub period: &'static str,
    /// Articles per period (`YYYY-MM-DD` or `YYYY-MM`), oldest first, with the empty periods
    /// between the first and the last, so the list reads as a timeline.
    pub dates: Vec<(String, u64)>,
    /// Matching articles without a date.
    pub undated: u64,
    /// Articles per source, most first (empty unless sources were asked for).
    pub sources: Vec<(String, u64)>,
    /// Matching articles without a source (0 unless sources were asked for).
    pub unsourced: u64,
}

/// Notes one passage of every matching article, per segment: `first[ord]` for article `ord`.
pub(crate) struct ArticleSampler;

pub(crate) struct SegmentSampler {
    segment: SegmentOrdinal,
    column: Option<StrColumn>,
    first: Vec<Option<DocId>>,
}

impl Collector for ArticleSampler {
    type Fruit = Vec<(SegmentOrdinal, Vec<Option<DocId>>)>;
    type Child = SegmentSampler;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentSampler> {
        let column = reader.fast_fields().str("doc_id")?;
        let articles = column.as_ref().map_or(0, |c| c.dictionary().num_terms());
        Ok(SegmentSampler {
            segment,
            column,
            first: vec![None; articles],
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        fruits: Vec<(SegmentOrdinal, Vec<Option<DocId>>)>,
    ) -> tantivy::Result<Self::Fruit> {
        Ok(fruits)
    }
}

impl SegmentCollector for SegmentSampler {
    type Fruit = (SegmentOrdinal, Vec<Option<DocId>>);

    fn collect(&mut self, doc: DocId, _score: Score) {
        let ord = self.column.as_ref().and_then(|c| c.term_ords(doc).next());
        if let Some(slot) = ord.and_then(|ord| self.first.get_mut(ord as usize)) {
            slot.get_or_insert(doc);
        }
    }

    fn harvest(self) -> Self::Fruit {
        (self.segment, self.first)
    }
}

/// The facets of the sampled articles (`id(segment, ord)` names article `ord` of `segment`, so
/// an article with passages in two segments counts once).
pub(crate) fn facets<'a>(
    searcher: &tantivy::Searcher,
    source_field: tantivy::schema::Field,
    sampled: &[(SegmentOrdinal, Vec<Option<DocId>>)],
    id: impl Fn(SegmentOrdinal, usize) -> Option<&'a str>,
    with_sources: bool,
) -> tantivy::Result<Facets> {
    let mut seen: HashMap<&str, ()> = HashMap::new();
    let mut days: Vec<Date> = Vec::new();
    let mut undated = 0;
    let mut sources: BTreeMap<String, u64> = BTreeMap::new();
    let mut unsourced = 0;
    for (segment, first) in sampled {
        let reader = searcher.segment_reader(*segment);
        let dates = reader.fast_fields().date("date")?;
        for (ord, doc) in first.iter().enumerate() {
            let Some(doc) = *doc else { continue };
            if let Some(id) = id(*segment, ord) {
                if seen.insert(id, ()).is_some() {
                    continue;
                }
            }
            match dates.first(doc) {
                Some(date) => days.push(date.into_utc().date()),
                None => undated += 1,
            }
            if with_sources {
                let stored: TantivyDocument = searcher.doc(DocAddress::new(*segment, doc))?;
                match stored.get_first(source_field).and_then(|v| v.as_str()) {
                    Some(source) => *sources.entry(source.to_string()).or_default() += 1,
                    None => unsourced += 1,
                }
            }
        }
    }
    let (period, dates) = timeline(&days);
    let mut sources: Vec<(String, u64)> = sources.into_iter().collect();
    sources.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(Facets {
        period,
        dates,
        undated,
        sources,
        unsourced,
    })
}

/// Articles per day (a span of at most [`MAX_DAILY_SPAN`] days) or per month, every period
/// from the first to the last listed.
fn timeline(days: &[Date]) -> (&'static str, Vec<(String, u64)>) {
    let (Some(&first), Some(&last)) = (days.iter().min(), days.iter().max()) else {
        return ("month", Vec::new());
    };
    if (last - first).whole_days() <= MAX_DAILY_SPAN {
        let mut counts: BTreeMap<Date, u64> = BTreeMap::new();
        let mut day = first;
        while day <= last {
            counts.insert(day, 0);
            day = match day.next_day() {
                Some(next) => next,
                None => break,
            };
        }
        for d in days {
            *counts.entry(*d).or_default() += 1;
        }
        let list = counts
            .into_iter()
            .map(|(d, n)| (d.to_string(), n))
            .collect();
        return ("day", list);
    }
    let month = |d: Date| (d.year(), u8::from(d.month()));
    let mut counts: BTreeMap<(i32, u8), u64> = BTreeMap::new();
    let (mut year, mut m) = month(first);
    while (year, m) <= month(last) {
        counts.insert((year, m), 0);
        (year, m) = if m == 12 {
            (year + 1, 1)
        } else {
            (year, m + 1)
        };
    }
    for d in days {
        *counts.entry(month(*d)).or_default() += 1;
    }
    let list = counts
        .into_iter()
        .map(|((y, m), n)| (format!("{y:04}-{m:02}"), n))
        .collect();
    ("month", list)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Date {
        crate::date::parse_field(text).expect("date")
    }

    #[test]
    fn short_spans_count_per_day_long_ones_per_month_with_the_gaps() {
        let (period, list) = timeline(&[day("2015-08-15"), day("2015-08-17"), day("2015-08-15")]);
        assert_eq!(period, "day");
        let expected = [("2015-08-15", 2), ("2015-08-16", 0), ("2015-08-17", 1)];
        let expected: Vec<(String, u64)> =
            expected.iter().map(|(d, n)| (d.to_string(), *n)).collect();
        assert_eq!(list, expected);
        let (period, list) = timeline(&[day("2014-11-02"), day("2015-02-01")]);
        assert_eq!(period, "month");
        let months: Vec<&str> = list.iter().map(|(m, _)| m.as_str()).collect();
        assert_eq!(months, ["2014-11", "2014-12", "2015-01", "2015-02"]);
        assert_eq!(timeline(&[]).1, []);
    }
}
