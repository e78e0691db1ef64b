//! Highlight ranges, snippets and near-duplicate detection on passage text.

use std::collections::HashSet;

use tantivy::tokenizer::TextAnalyzer;

use crate::analysis::fingerprint;
use crate::analysis::index_terms::IndexAnalyzer;
use crate::analysis::{self, AR_EXACT};
use crate::search::rank::HighlightTerms;

/// The analyzers highlighting and collapsing re-run over passages, kept between searches.
#[derive(Clone)]
pub struct Highlighter {
    /// Both terms of every word in one pass, for highlights.
    words: IndexAnalyzer,
    /// `ar_exact` alone, for near-duplicate fingerprints (no stemming needed).
    exact: TextAnalyzer,
    /// The words of the passage being highlighted that are terms of the query's phrases.
    passage: Vec<PassageWord>,
}

impl Default for Highlighter {
    fn default() -> Self {
        Highlighter {
            words: IndexAnalyzer::default(),
            exact: analysis::build(AR_EXACT).expect("ar_exact exists"),
            passage: Vec::new(),
        }
    }
}

/// A word of a passage as a phrase query sees it.
#[derive(Clone, Debug)]
struct PassageWord {
    position: usize,
    start: usize,
    end: usize,
    exact: String,
}

impl Highlighter {
    /// Byte ranges of the whole surface words of `text` whose `ar_stem` or `ar_exact` token is a
    /// query term, or that stand in a place where a quoted phrase of the query matched; sorted,
    /// merged, on char boundaries (token offsets cover the whole word, so `وبالقاعدة` is
    /// highlighted entirely for `القاعدة`).
    pub fn ranges(&mut self, text: &str, terms: &HighlightTerms) -> Vec<(usize, usize)> {
        let mut ranges = Vec::new();
        if terms.stem.is_empty() && terms.exact.is_empty() && terms.phrases.is_empty() {
            return ranges;
        }
        let keep_words = !terms.phrases.is_empty();
        let passage = &mut self.passage;
        passage.clear();
        // A query has a handful of terms: comparing a word with each costs less than hashing it.
        let exact: Vec<&str> = terms.exact.iter().map(String::as_str).collect();
        let stem: Vec<&str> = terms.stem.iter().map(String::as_str).collect();
        self.words.for_each_word(text, |word| {
            if exact.contains(&word.exact) || word.stem.is_some_and(|s| stem.contains(&s)) {
                ranges.push((word.start, word.end));
            }
            // Only words that are a term of some phrase can be part of a match: an absent
            // position fails the match as a different word would.
            let in_phrase =
                |phrase: &Vec<(usize, String)>| phrase.iter().any(|(_, t)| t == word.exact);
            if keep_words && terms.phrases.iter().any(in_phrase) {
                passage.push(PassageWord {
                    position: word.position,
                    start: word.start,
                    end: word.end,
                    exact: word.exact.to_string(),
                });
            }
        });
        for phrase in &terms.phrases {
            phrase_ranges(passage, phrase, &mut ranges);
        }
        merge(ranges)
    }

    /// The words of `text` whose `ar_exact` term is in `terms`, as `(term, word as written)`:
    /// how the corpus spells a normalized term (`الاسد` → `الأسد`).
    pub fn surface_forms<'t>(
        &mut self,
        text: &'t str,
        terms: &HashSet<&str>,
    ) -> Vec<(String, &'t str)> {
        analysis::analyze(&mut self.exact, text)
            .into_iter()
            .filter(|t| terms.contains(t.token.as_str()))
            .filter_map(|t| Some((t.token, text.get(t.start..t.end)?)))
            .collect()
    }
}

/// The `ar_exact` terms of `text` as a sorted, deduplicated list of 64-bit hashes: the Jaccard
/// similarity of the term sets (barring a hash collision) for a fraction of the cost of
/// comparing strings, compared with [`jaccard_sorted`].
pub fn fingerprint(highlighter: &mut Highlighter, text: &str) -> Vec<u64> {
    let mut hashes = Vec::new();
    let mut stream = highlighter.exact.token_stream(text);
    while let Some(token) = stream.next() {
        hashes.push(fingerprint::term_hash(&token.text));
    }
    fingerprint::finish(&mut hashes);
    hashes
}

/// Jaccard similarity of two sorted, deduplicated lists (1.0 for two empty ones), at least
/// `min` or not: returns `None` as soon as the sizes alone rule `min` out.
pub fn jaccard_sorted(a: &[u64], b: &[u64], min: f64) -> Option<f64> {
    if a.is_empty() && b.is_empty() {
        return Some(1.0);
    }
    let (small, large) = (a.len().min(b.len()), a.len().max(b.len()));
    // The intersection is at most `small` and the union at least `large`.
    if (small as f64) < min * large as f64 {
        return None;
    }
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let similarity = common as f64 / (a.len() + b.len() - common) as f64;
    (similarity >= min).then_some(similarity)
}

/// Adds to `ranges` the words of every place of `passage` where `phrase` stands: its terms at
/// their relative positions, as the phrase query on `text_exact` matches them.
fn phrase_ranges(
    passage: &[PassageWord],
    phrase: &[(usize, String)],
    ranges: &mut Vec<(usize, usize)>,
) {
    let Some(((first_position, first), rest)) = phrase.split_first() else {
        return;
    };
    for (i, word) in passage.iter().enumerate() {
        let Some(base) = word.position.checked_sub(*first_position) else {
            continue;
        };
        if word.exact != *first {
            continue;
        }
        let mark = ranges.len();
        ranges.push((word.start, word.end));
        // Positions increase along the passage: each term is looked for after the last.
        let mut next = i + 1;
        let matched = rest.iter().all(|(position, term)| {
            let want = base + position;
            while next < passage.len() && passage[next].position < want {
                next += 1;
            }
            match passage.get(next) {
                Some(w) if w.position == want && w.exact == *term => {
                    ranges.push((w.start, w.end));
                    true
                }
                _ => false,
            }
        });
        if !matched {
            ranges.truncate(mark);
        }
    }
}

fn merge(mut ranges: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (start, end) in ranges {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

/// A window of at most `max_chars` characters of `text` around its first highlight: the byte
/// range of the window (on char boundaries) and the highlights that fall inside it, relative to
/// it. A window inside the text starts and ends between words (a snippet opening on the tail of
/// a cut word, `…ف الدولي`, reads as a different word), unless a word is longer than half the
/// window.
pub fn snippet(
    text: &str,
    highlights: &[(usize, usize)],
    max_chars: usize,
) -> (std::ops::Range<usize>, Vec<(usize, usize)>) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let count = chars.len();
    let byte = |i: usize| chars.get(i).map_or(text.len(), |&(b, _)| b);
    let space = |i: usize| chars[i].1.is_whitespace();
    let (first, last) = if count <= max_chars {
        (0, count)
    } else {
        let anchor = highlights
            .first()
            .map_or(0, |&(s, _)| chars.partition_point(|&(b, _)| b < s));
        // A third of the window before the first highlight, the rest after it.
        let mut first = anchor.saturating_sub(max_chars / 3).min(count - max_chars);
        let mut last = first + max_chars;
        if first > 0 && !space(first - 1) {
            // Start after the first space, without passing the highlight.
            let limit = anchor.min(first + max_chars / 2);
            if let Some(gap) = (first..limit).find(|&i| space(i)) {
                first = gap + 1;
            }
        }
        if last < count && !space(last) {
            // End at the last space, keeping at least half the window.
            if let Some(gap) = (first + max_chars / 2..last).rev().find(|&i| space(i)) {
                last = gap;
            }
        }
        (first, last)
    };
    let (start, end) = (byte(first), byte(last));
    let inside = highlights
        .iter()
        .filter(|&&(s, e)| s >= start && e <= end)
        .map(|&(s, e)| (s - start, e - start))
        .collect();
    (start..end, inside)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::AR_STEM;

    fn terms(words: &str) -> HighlightTerms {
        HighlightTerms {
            stem: analysis::terms(AR_STEM, words).into_iter().collect(),
            exact: analysis::terms(AR_EXACT, words).into_iter().collect(),
            phrases: Vec::new(),
        }
    }

    /// What a quoted phrase adds: its stems, and the phrase itself.
    fn phrase_terms(phrase: &str) -> HighlightTerms {
        let mut analyzer = analysis::build(AR_EXACT).expect("ar_exact");
        let positioned = analysis::analyze(&mut analyzer, phrase)
            .into_iter()
            .map(|t| (t.position, t.token))
            .collect();
        HighlightTerms {
            stem: analysis::terms(AR_STEM, phrase).into_iter().collect(),
            exact: Default::default(),
            phrases: vec![positioned],
        }
    }

    fn highlighted<'t>(text: &'t str, terms: &HighlightTerms) -> Vec<&'t str> {
        let ranges = Highlighter::default().ranges(text, terms);
        ranges.iter().map(|&(s, e)| &text[s..e]).collect()
    }

    #[test]
    fn stop_words_are_highlighted_only_where_their_phrase_stands() {
        let text = "عقد الاجتماع في جدة ثم في الرياض، وبالرياض في المساء";
        assert_eq!(
            highlighted(text, &phrase_terms("في الرياض")),
            ["في", "الرياض", "وبالرياض"],
            "the في of the phrase, not the others; الرياض's other forms by its stem"
        );
        // A phrase of stop words only: marked where it stands, nowhere else.
        assert_eq!(
            highlighted("من الآن إلى ما بعد ذلك، ما بعد", &phrase_terms("إلى ما بعد")),
            ["إلى", "ما", "بعد"]
        );
        // The phrase's words apart are not the phrase.
        assert!(highlighted("في مدينة الرياض", &phrase_terms("في الرياض")) == ["الرياض"]);
    }

    #[test]
    fn highlights_cover_whole_inflected_words() {
        let text = "وصلت القوات وبالقاعدة الجوية، ثم قاعدة أخرى.";
        let mut h = Highlighter::default();
        let ranges = h.ranges(text, &terms("القاعدة"));
        let words: Vec<&str> = ranges.iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(words, ["وبالقاعدة", "قاعدة"]);
    }

    #[test]
    fn overlapping_ranges_merge() {
        assert_eq!(
            merge(vec![(5, 9), (0, 3), (2, 4), (5, 9)]),
            [(0, 4), (5, 9)]
        );
    }

    /// The reference [`jaccard_sorted`] is checked against: the term sets as strings.
    fn jaccard(a: &HashSet<String>, b: &HashSet<String>) -> f64 {
        if a.is_empty() && b.is_empty() {
            return 1.0;
        }
        let common = a.intersection(b).count();
        common as f64 / (a.len() + b.len() - common) as f64
    }

    /// The set of `ar_exact` terms of `text`.
    fn token_set(h: &mut Highlighter, text: &str) -> HashSet<String> {
        analysis::analyze(&mut h.exact, text)
            .into_iter()
            .map(|t| t.token)
            .collect()
    }

    #[test]
    fn jaccard_of_sets() {
        let set = |s: &str| -> HashSet<String> { s.split(' ').map(String::from).collect() };
        assert_eq!(jaccard(&set("a b c d"), &set("a b c d")), 1.0);
        assert_eq!(jaccard(&set("a b"), &set("c d")), 0.0);
        assert!((jaccard(&set("a b c d e"), &set("a b c d")) - 0.8).abs() < 1e-9);
    }

    #[test]
    fn sorted_jaccard_agrees_with_the_set_one() {
        let mut h = Highlighter::default();
        let a = "قالت اللجنة إن القوات المسلحة في حالة جاهزية تامة لمواجهة أي طارئ";
        let b = "قالت اللجنة إن القوات المسلحة في حالة جاهزية كاملة لمواجهة أي طارئ";
        let c = "وصلت القوات إلى القاعدة";
        for (x, y) in [(a, b), (a, c), (a, a), ("", "")] {
            let expected = jaccard(&token_set(&mut h, x), &token_set(&mut h, y));
            let (fx, fy) = (fingerprint(&mut h, x), fingerprint(&mut h, y));
            assert_eq!(jaccard_sorted(&fx, &fy, 0.0), Some(expected), "{x} / {y}");
            assert_eq!(
                jaccard_sorted(&fx, &fy, 0.8).is_some(),
                expected >= 0.8,
                "{x} / {y}"
            );
        }
    }

    #[test]
    fn snippet_starts_and_ends_between_words() {
        let words = [
            "التحالف",
            "الدولي",
            "قاعدة",
            "الجوية",
            "العمليات",
            "المشتركة",
        ];
        let mut text = String::new();
        for i in 0..120 {
            text.push_str(words[i % words.len()]);
            text.push(' ');
        }
        text.push_str("هدف");
        for i in 0..120 {
            text.push(' ');
            text.push_str(words[(i + 3) % words.len()]);
        }
        let start = text.find("هدف").unwrap();
        for max_chars in [50, 97, 100, 101, 300] {
            let (range, inside) = snippet(&text, &[(start, start + "هدف".len())], max_chars);
            let cut = &text[range.clone()];
            assert!(cut.chars().count() <= max_chars);
            assert!(cut.chars().count() >= max_chars / 2, "{max_chars}: {cut}");
            assert!(
                text[..range.start].ends_with(' '),
                "{max_chars}: starts mid-word: {cut}"
            );
            assert!(
                text[range.end..].starts_with(' '),
                "{max_chars}: ends mid-word: {cut}"
            );
            assert_eq!(&cut[inside[0].0..inside[0].1], "هدف");
        }
        // One word longer than the window is cut where it must be.
        let long = "ب".repeat(500);
        let (range, _) = snippet(&long, &[], 100);
        assert_eq!(long[range].chars().count(), 100);
    }

    #[test]
    fn snippet_is_cut_on_char_boundaries_around_the_first_highlight() {
        let text = format!("{}هدف{}", "ب ".repeat(300), " ت".repeat(300));
        let start = text.find("هدف").unwrap();
        let (range, inside) = snippet(&text, &[(start, start + "هدف".len())], 100);
        let cut = &text[range.clone()];
        assert!((90..=100).contains(&cut.chars().count()), "{cut}");
        assert_eq!(inside.len(), 1);
        assert_eq!(&cut[inside[0].0..inside[0].1], "هدف");
        // Short texts are whole.
        let (range, _) = snippet("قصير", &[], 100);
        assert_eq!(range, 0.."قصير".len());
    }
}
