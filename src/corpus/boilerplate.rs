//! News-page chrome: the share buttons, "latest news" headers, app promotions, relative
//! timestamps and source footers that scrapers copy along with the article.
//!
//! Such lines would otherwise become passages of their own and match queries like "أخبار" in
//! every document, so they are left out of an article's `body`. They stay in `text` (offsets are
//! never disturbed) and metadata extraction still reads them.
//!
//! Recognition is deliberately conservative: a line is chrome only if it is short (at most
//! [`MAX_CHROME_WORDS`] words) *and* matches a pattern from the [`CHROME`] table. A real sentence
//! that happens to begin with "شارك" ("took part") is long, or does not match the exact pattern,
//! and is kept.

use std::ops::Range;

use super::lines::is_blank_char;

/// Lines with more words than this are content, whatever they start with.
pub const MAX_CHROME_WORDS: usize = 8;

/// How a [`Pattern`] is compared with a folded line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Match {
    /// The whole line (ignoring trailing punctuation) equals the pattern.
    Exact,
    /// The line equals the pattern or starts with it followed by a non-letter (space, colon…),
    /// so "تابعنا على: 21:39 2021-12-21" matches "تابعنا على" but "شاركت" never matches "شارك".
    Prefix,
    /// The line starts with the pattern followed by optional spaces and a colon: "المصدر: X".
    Label,
    /// "X المصدر: X": a label whose value repeats the text before it (an outlet signing twice).
    EchoedLabel,
    /// The pattern ("منذ", "since") followed only by numbers, time units and "و": "منذ 3 شهور".
    RelativeTime,
}

/// One kind of chrome line. `text` is written in folded form (see [`fold`]): bare alef, no
/// diacritics.
#[derive(Debug, Clone, Copy)]
struct Pattern {
    text: &'static str,
    how: Match,
}

const fn p(text: &'static str, how: Match) -> Pattern {
    Pattern { text, how }
}

/// The chrome table. Order does not matter; every entry is tried.
const CHROME: &[Pattern] = &[
    // "Share": the share button label, alone on its line (sample 002 and 003).
    p("شارك", Match::Exact),
    // "Share the news / the article / this article": longer share-button labels.
    p("شارك الخبر", Match::Exact),
    p("شارك المقال", Match::Exact),
    p("شارك هذا الخبر", Match::Exact),
    p("شارك هذا المقال", Match::Exact),
    // "Share on: Facebook Twitter…": a share bar whose network names follow on the same line.
    p("شارك على", Match::Prefix),
    // "Latest news": a sidebar header (آخر الأخبار and the hamza-less اخر الأخبار both fold here).
    p("اخر الاخبار", Match::Exact),
    // "Read also: <other headline>": link to another article (اقرأ/إقرأ أيضا/أيضاً fold here).
    p("اقرا ايضا", Match::Prefix),
    // "Read more": a link label.
    p("اقرا المزيد", Match::Exact),
    // "Related news / topics / articles": header of a related-links box.
    p("اخبار ذات صلة", Match::Exact),
    p("مواضيع ذات صلة", Match::Exact),
    p("مقالات ذات صلة", Match::Exact),
    // "Download the … app" (حمل/حمّل تطبيق): an app promotion, the app name follows.
    p("حمل تطبيق", Match::Prefix),
    // "Follow us on: …": social links, often followed by the page timestamp (sample 004).
    p("تابعنا على", Match::Prefix),
    p("تابعونا على", Match::Prefix),
    // "Source: X": the attribution footer (sample 000). Metadata extraction reads it first.
    p("المصدر", Match::Label),
    // "Euronews Source: Euronews": an attribution footer signed twice (sample 003).
    p("المصدر", Match::EchoedLabel),
    // "3 months ago", "two days ago", "an hour ago": relative timestamps (sample 002).
    p("منذ", Match::RelativeTime),
    // Bare social-network and print buttons.
    p("فيسبوك", Match::Exact),
    p("تويتر", Match::Exact),
    p("واتساب", Match::Exact),
    p("طباعة", Match::Exact),
    p("نسخ الرابط", Match::Exact),
];

/// Time units (folded) accepted after "منذ" in a relative timestamp: singular, dual and plural.
const TIME_UNITS: &[&str] = &[
    "ثانية",
    "ثانيتين",
    "ثوان",
    "ثواني",
    "دقيقة",
    "دقيقتين",
    "دقائق",
    "ساعة",
    "ساعتين",
    "ساعات",
    "يوم",
    "يومين",
    "ايام",
    "اسبوع",
    "اسبوعين",
    "اسابيع",
    "شهر",
    "شهرين",
    "شهور",
    "اشهر",
    "سنة",
    "سنتين",
    "سنوات",
    "عام",
    "عامين",
    "اعوام",
];

/// Normalises a line for comparison with the table: trims, collapses blanks to one space,
/// folds alef variants (أ إ آ ٱ → ا), and removes diacritics and tatweel, because the same
/// chrome label is spelled "إقرأ أيضاً", "اقرأ أيضا" and "اقرا ايضا" by different sites. Trailing
/// punctuation (":", "،", "…") is dropped so "شارك:" is still "شارك".
pub(crate) fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if is_blank_char(c) {
            pending_space = !out.is_empty();
            continue;
        }
        let Some(c) = fold_char(c) else { continue };
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    let kept = without_trailing_punctuation(&out).len();
    out.truncate(kept);
    out
}

/// One character as [`fold`] writes it: `None` for the spelling noise it drops.
pub(crate) fn fold_char(c: char) -> Option<char> {
    match c {
        'أ' | 'إ' | 'آ' | 'ٱ' => Some('ا'),
        // Harakat, tanween, shadda, sukun, superscript alef, tatweel: spelling noise.
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' => None,
        c => Some(c),
    }
}

/// `folded` without the trailing punctuation [`fold`] drops (":", "،", "…"…).
pub(crate) fn without_trailing_punctuation(folded: &str) -> &str {
    folded.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, ':' | '،' | '.' | '…' | '-' | '|' | '>' | '»')
    })
}

/// True when `rest` (what follows a prefix) starts at a word boundary.
fn at_boundary(rest: &str) -> bool {
    rest.chars().next().is_none_or(|c| !c.is_alphanumeric())
}

fn is_number(token: &str) -> bool {
    !token.is_empty() && token.chars().all(|c| c.is_numeric())
}

impl Pattern {
    fn matches(&self, folded: &str) -> bool {
        match self.how {
            Match::Exact => folded == self.text,
            Match::Prefix => folded.strip_prefix(self.text).is_some_and(at_boundary),
            Match::Label => folded
                .strip_prefix(self.text)
                .is_some_and(|rest| rest.trim_start().starts_with(':')),
            Match::EchoedLabel => {
                let Some((before, after)) = folded.split_once(self.text) else {
                    return false;
                };
                let Some(value) = after.trim_start().strip_prefix(':') else {
                    return false;
                };
                let before = before.trim();
                !before.is_empty() && before == value.trim()
            }
            Match::RelativeTime => {
                let Some(rest) = folded.strip_prefix(self.text) else {
                    return false;
                };
                if !at_boundary(rest) {
                    return false;
                }
                let mut saw_unit = false;
                for token in rest.split(' ').filter(|t| !t.is_empty()) {
                    if TIME_UNITS.contains(&token) {
                        saw_unit = true;
                    } else if !(is_number(token) || token == "و") {
                        return false;
                    }
                }
                saw_unit
            }
        }
    }
}

/// Whether a single line (without its terminator) is page chrome rather than article content.
pub fn is_chrome(line: &str) -> bool {
    // `nth` stops counting early, so a 20 MB one-line file costs nothing here.
    let mut words = line.split(is_blank_char).filter(|w| !w.is_empty());
    if words.nth(MAX_CHROME_WORDS).is_some() {
        return false;
    }
    let folded = fold(line);
    !folded.is_empty() && CHROME.iter().any(|p| p.matches(&folded))
}

/// Chooses the body paragraphs among the content lines of an article.
///
/// `lines` are the trimmed, non-empty lines of `text` (in order); `title_line` is the index in
/// `lines` of the line the title was taken from, if any.
///
/// Chrome lines are dropped. The headline is handled so that it appears in the body exactly once:
/// titles are searchable content, so normally the title line stays in the body; but many pages
/// print the headline twice (once as page title, once above the article, with chrome in between,
/// see sample 002). In that case the *first* occurrence is dropped and the first repeat — the one
/// that sits right above the article text and can be merged with the lead paragraph into one
/// passage — is kept; any further verbatim repeats are dropped too.
pub fn select_body(
    text: &str,
    lines: &[Range<usize>],
    title_line: Option<usize>,
) -> Vec<Range<usize>> {
    let title = title_line
        .and_then(|i| lines.get(i))
        .map(|r| &text[r.clone()]);
    let mut title_seen = 0usize;
    let repeated = title.is_some_and(|t| {
        lines
            .iter()
            .enumerate()
            .any(|(i, r)| Some(i) != title_line && &text[r.clone()] == t)
    });
    let mut body = Vec::with_capacity(lines.len());
    for (i, r) in lines.iter().enumerate() {
        let line = &text[r.clone()];
        if Some(line) == title && title_line.is_some_and(|t| i >= t) {
            title_seen += 1;
            let keep = if repeated {
                title_seen == 2
            } else {
                title_seen == 1
            };
            if keep {
                body.push(r.clone());
            }
            continue;
        }
        if !is_chrome(line) {
            body.push(r.clone());
        }
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::lines::content_lines;

    #[test]
    fn sample_chrome_lines_are_recognised() {
        for line in [
            "شارك",
            "آخر الأخبار",
            "اخر الأخبار",
            "منذ 3 شهور",
            "منذ يومين",
            "منذ ساعة",
            "حمل تطبيق آخر خبر",
            "حمّل تطبيق الجزيرة",
            "إقرأ أيضا",
            "اقرأ أيضاً: العراق يعلن انسحاب القوات",
            "أخبار ذات صلة",
            "تابعنا على:   21:39 2021-12-21",
            "تابعنا على:\u{a0} 21:39 2021-12-21",
            "المصدر: وكالة ستيب الاخبارية",
            "يورو نيوز المصدر: يورو نيوز",
            "شارك:",
        ] {
            assert!(is_chrome(line), "should be chrome: {line}");
        }
    }

    #[test]
    fn real_sentences_are_kept() {
        for line in [
            // Starts with "شارك" but is a sentence (took part).
            "شارك الآلاف في التظاهرة",
            "شاركت القوات العراقية في العملية",
            // Long line starting with a chrome pattern.
            "شارك آلاف المتظاهرين اليوم في مسيرة حاشدة وسط العاصمة بغداد للمطالبة بالإصلاح",
            // Starts with "since" but is not a relative timestamp.
            "منذ بداية العام تستعد القوات العراقية",
            "منذ 2014 والتحالف يقاتل",
            // A quoted source inside a sentence.
            "وقال المصدر إن الانسحاب اكتمل",
            "آخر الأخبار تقول إن الانسحاب اكتمل",
            "انسحاب الولايات المتحدة",
        ] {
            assert!(!is_chrome(line), "should be content: {line}");
        }
    }

    #[test]
    fn fold_normalises_spelling_noise() {
        assert_eq!(fold("  إقرأ   أيضاً : "), "اقرا ايضا");
        assert_eq!(fold("حمّل تطبيق"), "حمل تطبيق");
        assert_eq!(fold("الأخبـــار"), "الاخبار");
    }

    #[test]
    fn repeated_headline_keeps_exactly_one_copy_the_repeat() {
        let text = "عنوان الخبر\n\nمنذ 3 شهور\nعنوان الخبر\n\nنص الخبر هنا.\nعنوان الخبر\nشارك";
        let lines = content_lines(text);
        let body = select_body(text, &lines, Some(0));
        let got: Vec<(usize, &str)> = body.iter().map(|r| (r.start, &text[r.clone()])).collect();
        let first_len = "عنوان الخبر".len();
        let repeat_at = text[first_len..].find("عنوان الخبر").map(|i| i + first_len);
        assert_eq!(
            got,
            vec![
                (repeat_at.unwrap_or(usize::MAX), "عنوان الخبر"),
                (text.find("نص").unwrap_or(usize::MAX), "نص الخبر هنا.")
            ]
        );
    }

    #[test]
    fn unrepeated_title_stays_in_body() {
        let text = "آخر الأخبار\nعنوان الخبر\nنص الخبر.";
        let lines = content_lines(text);
        let body = select_body(text, &lines, Some(1));
        let got: Vec<&str> = body.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(got, vec!["عنوان الخبر", "نص الخبر."]);
    }
}
