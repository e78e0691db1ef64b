//! Splitting an article body into passages, the unit that is indexed, ranked and shown.
//!
//! Passages follow the author's paragraphs because that is what a reader sees as a unit of
//! meaning. Two corrections make them uniformly useful for ranking (BM25 over very long and very
//! short documents behaves badly):
//!
//! * a paragraph of more than [`MAX_WORDS`] words is cut into windows of at most that many
//!   words, at sentence ends where possible (`.` `!` `?` `؟` `؛` `۔` `…`), else at a clause
//!   end (`،`), at a word boundary when a single clause is longer than the window;
//! * a paragraph of fewer than [`MIN_WORDS`] words (a headline, a sub-heading, a one-line quote)
//!   is merged with the following paragraph, or with the previous one when it cannot be merged
//!   forward (the last paragraph of a run), as long as the result has at most [`MAX_WORDS`]
//!   words. Only paragraphs separated by nothing but white space are merged, so a passage never
//!   spans a line that boilerplate removal dropped.
//!
//! Everything is a single pass over the body text, so a 20 MB one-paragraph document is linear.

use std::ops::Range;

use super::lines::{ceil_boundary, floor_boundary, is_blank_char};

/// Upper bound on the words of one passage.
pub const MAX_WORDS: usize = 80;
/// Paragraphs shorter than this are merged with a neighbour.
pub const MIN_WORDS: usize = 12;

/// One passage: a byte range of the article text plus its position in the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PassageSpan {
    /// 0-based index of the passage within the article.
    pub ordinal: u32,
    /// Byte offset of the first byte in the article text (a char boundary).
    pub start: usize,
    /// Byte offset one past the last byte (a char boundary).
    pub end: usize,
}

/// Characters that end a sentence when they end a word.
pub(crate) fn is_sentence_end(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '؛' | '۔' | '…')
}

/// Closing quotes and brackets that may follow the sentence-ending mark: `قال: "انتهى."`.
pub(crate) fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '}' | '）'
    )
}

/// A run of words that will become (part of) a passage.
#[derive(Debug, Clone, Copy)]
struct Unit {
    start: usize,
    end: usize,
    words: usize,
}

/// Characters that end a clause: a fallback cut point in a sentence longer than a window
/// (Arabic news prose chains many clauses with "،" into one long sentence).
fn is_clause_end(c: char) -> bool {
    matches!(c, '،' | ',' | ';' | ':')
}

/// A possible cut point inside the current window: after a word ending at `end`, which is the
/// `words`-th word of the window; `next` is the start of the following word once it is seen.
#[derive(Debug, Clone, Copy)]
struct Cut {
    end: usize,
    words: usize,
    next: Option<usize>,
}

/// Splits `text[para]` into windows of at most [`MAX_WORDS`] words. When a window is full it
/// is cut after its last sentence end, or failing that after its last clause end ("،"), as long
/// as that leaves at least [`MIN_WORDS`] words in the window; otherwise after its last word.
/// One pass, constant state: linear in the paragraph length.
fn windows(text: &str, para: Range<usize>, out: &mut Vec<Unit>) {
    let slice = &text[para.clone()];
    let base = para.start;
    let mut win: Option<Unit> = None;
    // Last sentence end and last clause end inside the current window.
    let mut sentence: Option<Cut> = None;
    let mut clause: Option<Cut> = None;
    let mut pos = 0;
    for word in slice.split(is_blank_char) {
        let ws = base + pos;
        pos += word.len();
        // Skip the separator char that `split` consumed (1..=3 bytes).
        pos = ceil_boundary(slice, pos + 1).min(slice.len());
        if word.is_empty() {
            continue;
        }
        let we = ws + word.len();
        for cut in [&mut sentence, &mut clause].into_iter().flatten() {
            cut.next.get_or_insert(ws);
        }
        let w = win.get_or_insert(Unit {
            start: ws,
            end: ws,
            words: 0,
        });
        if w.words == MAX_WORDS {
            let chosen = [sentence, clause]
                .into_iter()
                .flatten()
                .find(|c| c.words >= MIN_WORDS);
            match chosen {
                Some(Cut {
                    end,
                    words,
                    next: Some(next),
                }) => {
                    out.push(Unit {
                        start: w.start,
                        end,
                        words,
                    });
                    w.start = next;
                    w.words -= words;
                    // A candidate after the chosen cut stays valid in the new window.
                    for slot in [&mut sentence, &mut clause] {
                        *slot = slot.filter(|c| c.end > end).map(|c| Cut {
                            words: c.words - words,
                            ..c
                        });
                    }
                }
                _ => {
                    out.push(*w);
                    *w = Unit {
                        start: ws,
                        end: ws,
                        words: 0,
                    };
                    sentence = None;
                    clause = None;
                }
            }
        }
        w.words += 1;
        w.end = we;
        let last = word.trim_end_matches(is_closer).chars().next_back();
        let cut = Some(Cut {
            end: we,
            words: w.words,
            next: None,
        });
        if last.is_some_and(is_sentence_end) {
            sentence = cut;
        } else if last.is_some_and(is_clause_end) {
            clause = cut;
        }
    }
    if let Some(w) = win {
        out.push(w);
    }
}

/// Splits the body paragraphs of `text` into passages.
///
/// `body` should be the article's body ranges (ordered, non-overlapping); defensively, ranges
/// that are out of bounds, not on char boundaries, unordered or overlapping are clamped or
/// ignored rather than causing a panic. The returned spans are trimmed of blank characters, on
/// char boundaries, non-empty, strictly increasing and non-overlapping, with ordinals 0, 1, 2…
pub fn split_passages(text: &str, body: &[Range<usize>]) -> Vec<PassageSpan> {
    // 1. Paragraph windows, each tagged with the index of its paragraph.
    let mut units: Vec<Unit> = Vec::new();
    let mut prev_end = 0usize;
    for range in body {
        let start = ceil_boundary(text, range.start.max(prev_end));
        let end = floor_boundary(text, range.end);
        if start >= end {
            continue;
        }
        windows(text, start..end, &mut units);
        prev_end = end;
    }

    // 2. Merge short units forward into the following adjacent unit.
    let adjacent = |a: &Unit, b: &Unit| text[a.end..b.start].chars().all(is_blank_char);
    let mut merged: Vec<Unit> = Vec::with_capacity(units.len());
    for u in units {
        match merged.last_mut() {
            Some(last)
                if last.words < MIN_WORDS
                    && last.words + u.words <= MAX_WORDS
                    && adjacent(last, &u) =>
            {
                last.end = u.end;
                last.words += u.words;
            }
            _ => merged.push(u),
        }
    }

    // 3. A short unit that could not merge forward merges backward, if that fits.
    let mut passages: Vec<Unit> = Vec::with_capacity(merged.len());
    for u in merged {
        match passages.last_mut() {
            Some(last)
                if u.words < MIN_WORDS
                    && last.words + u.words <= MAX_WORDS
                    && adjacent(last, &u) =>
            {
                last.end = u.end;
                last.words += u.words;
            }
            _ => passages.push(u),
        }
    }

    passages
        .into_iter()
        .zip(0u32..)
        .map(|(u, ordinal)| PassageSpan {
            ordinal,
            start: u.start,
            end: u.end,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::lines::content_lines;
    use proptest::prelude::*;

    fn texts<'a>(text: &'a str, spans: &[PassageSpan]) -> Vec<&'a str> {
        spans.iter().map(|p| &text[p.start..p.end]).collect()
    }

    /// The whole text as a single body range.
    fn whole(text: &str) -> Vec<Range<usize>> {
        std::iter::once(0..text.len()).collect()
    }

    fn words(n: usize, word: &str) -> String {
        vec![word; n].join(" ")
    }

    #[test]
    fn normal_paragraphs_are_passages_with_exact_offsets() {
        let p1 = words(20, "الأولى");
        let p2 = words(30, "الثانية");
        let text = format!("  {p1}  \n\n{p2}\n");
        let spans = split_passages(&text, &content_lines(&text));
        assert_eq!(texts(&text, &spans), vec![p1.as_str(), p2.as_str()]);
        assert_eq!(spans[0].start, 2);
        assert_eq!(
            spans.iter().map(|s| s.ordinal).collect::<Vec<_>>(),
            vec![0, 1]
        );
    }

    #[test]
    fn long_paragraph_is_cut_after_the_last_sentence_end_in_the_window() {
        // 50-word question, 40-word sentence, 10-word sentence: 130 words.
        let s1 = format!("{}؟", words(50, "سؤال"));
        let s2 = format!("{}.", words(40, "جملة"));
        let s3 = format!("{}.", words(10, "خاتمة"));
        let text = format!("{s1} {s2} {s3}");
        let spans = split_passages(&text, &whole(&text));
        // Window 1 can hold s1 only (s1+s2 = 90 > 80); s2+s3 = 50 fits in window 2.
        assert_eq!(
            texts(&text, &spans),
            vec![s1.as_str(), format!("{s2} {s3}").as_str()]
        );
    }

    #[test]
    fn sentence_ends_inside_quotes_count() {
        let s1 = format!("قال: \"{}.\"", words(60, "كلام"));
        let s2 = words(60, "تتمة");
        let text = format!("{s1} {s2}");
        let spans = split_passages(&text, &whole(&text));
        assert_eq!(texts(&text, &spans), vec![s1.as_str(), s2.as_str()]);
    }

    #[test]
    fn sentence_without_full_stop_is_cut_at_the_last_comma() {
        let c1 = format!("{}،", words(30, "أولى"));
        let c2 = format!("{}،", words(30, "ثانية"));
        let c3 = words(30, "ثالثة");
        let text = format!("{c1} {c2} {c3}");
        let spans = split_passages(&text, &whole(&text));
        assert_eq!(
            texts(&text, &spans),
            vec![format!("{c1} {c2}").as_str(), c3.as_str()]
        );
    }

    #[test]
    fn a_sentence_end_too_early_in_the_window_is_not_used() {
        // A 3-word sentence then a 100-word one: cutting after 3 words would make a tiny
        // passage, so the window is cut at 80 words instead.
        let s1 = "جملة قصيرة جدا.";
        let s2 = words(100, "طويلة");
        let text = format!("{s1} {s2}");
        let spans = split_passages(&text, &whole(&text));
        let counts: Vec<usize> = texts(&text, &spans)
            .iter()
            .map(|s| s.split(' ').count())
            .collect();
        assert_eq!(counts, vec![80, 23]);
    }

    #[test]
    fn overlong_sentence_is_cut_at_word_boundaries() {
        let text = words(200, "كلمة");
        let spans = split_passages(&text, &whole(&text));
        let got = texts(&text, &spans);
        let counts: Vec<usize> = got.iter().map(|s| s.split(' ').count()).collect();
        assert_eq!(counts, vec![80, 80, 40]);
        assert!(got.iter().all(|s| s.split(' ').all(|w| w == "كلمة")));
    }

    #[test]
    fn short_paragraphs_merge_forward_and_the_last_merges_backward() {
        let head = "عنوان قصير";
        let p = words(30, "نص");
        let tail = "خاتمة قصيرة.";
        let text = format!("{head}\n\n{p}\r\n{tail}");
        let spans = split_passages(&text, &content_lines(&text));
        assert_eq!(spans.len(), 1);
        assert_eq!(texts(&text, &spans), vec![text.as_str()]);
    }

    #[test]
    fn no_merge_across_a_dropped_line_or_beyond_the_limit() {
        let head = "عنوان قصير";
        let p = words(75, "نص");
        let text = format!("{head}\nشارك\n{p}");
        let lines = content_lines(&text);
        // Body without the chrome line in the middle.
        let body = vec![lines[0].clone(), lines[2].clone()];
        let spans = split_passages(&text, &body);
        assert_eq!(texts(&text, &spans), vec![head, p.as_str()]);
        // Adjacent but too long together: 2 + 80 words > 80.
        let p80 = words(80, "نص");
        let text = format!("{head}\n{p80}");
        let spans = split_passages(&text, &content_lines(&text));
        assert_eq!(texts(&text, &spans), vec![head, p80.as_str()]);
    }

    #[test]
    fn crlf_text_offsets_exclude_carriage_returns() {
        let p1 = words(15, "أولى");
        let p2 = words(15, "ثانية");
        let text = format!("{p1}\r\n\r\n{p2}\r\n");
        let spans = split_passages(&text, &content_lines(&text));
        assert_eq!(texts(&text, &spans), vec![p1.as_str(), p2.as_str()]);
    }

    #[test]
    fn invalid_body_ranges_do_not_panic() {
        let text = "نص عربي قصير";
        let spans = split_passages(text, &[1..4, 0..2, 3..1000, 500..600]);
        for s in &spans {
            assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
            assert!(s.start < s.end && s.end <= text.len());
        }
        assert!(split_passages("", &[0..10, 5..20]).is_empty());
    }

    #[test]
    fn huge_single_paragraph_is_split_quickly() {
        // 20 MB, one paragraph: must finish (linear time) and cover every word exactly once.
        let sentence = "هذه جملة عربية من عشر كلمات تنتهي بنقطة في آخرها. ";
        let text = sentence.repeat(20 * 1024 * 1024 / sentence.len());
        let started = std::time::Instant::now();
        let spans = split_passages(&text, &whole(&text));
        assert!(started.elapsed().as_secs() < 60);
        let total: usize = spans
            .iter()
            .map(|s| text[s.start..s.end].split(' ').count())
            .sum();
        assert_eq!(total, text.split_whitespace().count());
        assert!(spans.iter().all(|s| text[s.start..s.end].ends_with('.')));
        assert!(spans
            .iter()
            .all(|s| text[s.start..s.end].split(' ').count() <= MAX_WORDS));
    }

    fn check_invariants(text: &str, spans: &[PassageSpan]) -> Result<(), TestCaseError> {
        let mut prev_end = 0;
        for (i, s) in spans.iter().enumerate() {
            prop_assert_eq!(s.ordinal as usize, i);
            prop_assert!(s.start < s.end, "empty span {:?}", s);
            prop_assert!(s.end <= text.len());
            prop_assert!(s.start >= prev_end, "overlap or disorder at {:?}", s);
            prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
            let slice = &text[s.start..s.end];
            prop_assert!(!slice.starts_with(is_blank_char) && !slice.ends_with(is_blank_char));
            prev_end = s.end;
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn spans_are_well_formed_for_line_bodies(
            chars in proptest::collection::vec(
                prop_oneof![
                    any::<char>(),
                    Just(' '), Just('\n'), Just('\r'), Just('\u{a0}'), Just('\u{200f}'),
                    Just('.'), Just('؟'), Just('"'), Just('ب'), Just('ك'),
                ],
                0..300,
            ),
        ) {
            let text: String = chars.into_iter().collect();
            let spans = split_passages(&text, &content_lines(&text));
            check_invariants(&text, &spans)?;
        }

        #[test]
        fn spans_are_well_formed_for_any_text_and_ranges(
            text in any::<String>(),
            ranges in proptest::collection::vec((0usize..200, 0usize..200), 0..8),
        ) {
            let body: Vec<Range<usize>> = ranges.into_iter().map(|(a, b)| a..b).collect();
            let spans = split_passages(&text, &body);
            check_invariants(&text, &spans)?;
        }

        #[test]
        fn every_word_of_the_body_is_in_exactly_one_passage(
            paras in proptest::collection::vec("[ا-ي]{1,6}( [ا-ي]{1,6}[.؟]?){0,120}", 1..6),
        ) {
            let text = paras.join("\n");
            let spans = split_passages(&text, &content_lines(&text));
            check_invariants(&text, &spans)?;
            let covered: usize = spans.iter().map(|s| text[s.start..s.end].split_whitespace().count()).sum();
            prop_assert_eq!(covered, text.split_whitespace().count());
            for s in &spans {
                prop_assert!(text[s.start..s.end].split_whitespace().count() <= MAX_WORDS);
            }
        }
    }
}
