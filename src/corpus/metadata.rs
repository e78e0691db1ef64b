//! Source (outlet) and publication date recovered from the article text.
//!
//! Plain-text articles carry no structured metadata, but scraped news pages usually keep it in
//! the text: an attribution footer ("المصدر: وكالة ستيب الاخبارية"), a dateline prefix
//! ("أمد/ بغداد: …") and a page timestamp ("تابعنا على: 21:39 2021-12-21"). Extracting them gives
//! search results a source and date facet. For JSONL records the explicit fields win; these
//! functions are only the fallback.

use std::ops::Range;

use super::lines::is_blank_char;

/// The attribution label "source".
const SOURCE_LABEL: &str = "المصدر";

/// An outlet name or source value longer than this many words is a sentence, not a name.
const MAX_NAME_WORDS: usize = 6;

/// How many leading content lines may carry a dateline ("أمد/ بغداد:").
const DATELINE_LINES: usize = 3;

/// Extracts the publishing outlet.
///
/// Looks, from the last line backwards (attribution footers close the article), for a line of
/// the form "المصدر: X" or "X المصدر: X" (the outlet signing twice, as Euronews pages do) and
/// returns X. A label in the middle of a sentence ("وقال المصدر: إن …") is not an attribution
/// and is ignored. Failing that, a dateline prefix "OUTLET/ CITY:" at the start of one of the
/// first lines gives the outlet.
pub fn extract_source(text: &str, lines: &[Range<usize>]) -> Option<String> {
    let line_strs = || lines.iter().filter_map(|r| text.get(r.clone()));
    line_strs()
        .rev()
        .find_map(source_label_value)
        .or_else(|| line_strs().take(DATELINE_LINES).find_map(dateline_outlet))
}

fn trim_name(s: &str) -> &str {
    s.trim_matches(|c: char| is_blank_char(c) || matches!(c, '.' | '،' | ':' | '-' | '|'))
}

fn word_count(s: &str) -> usize {
    s.split(is_blank_char).filter(|w| !w.is_empty()).count()
}

/// "المصدر: X" → X; "X المصدر: X" → X.
fn source_label_value(line: &str) -> Option<String> {
    let at = line.find(SOURCE_LABEL)?;
    let before = trim_name(&line[..at]);
    let rest = line[at + SOURCE_LABEL.len()..].trim_start_matches(is_blank_char);
    let value = trim_name(rest.strip_prefix(':')?);
    if value.is_empty() || word_count(value) > MAX_NAME_WORDS {
        return None;
    }
    if before.is_empty() || before == value {
        Some(value.to_owned())
    } else {
        None
    }
}

/// "أمد/ بغداد: أعلنت …" → "أمد": a short outlet name, a slash, a place name and a colon.
fn dateline_outlet(line: &str) -> Option<String> {
    let (outlet, rest) = line.split_once('/')?;
    let outlet = trim_name(outlet);
    if outlet.is_empty()
        || word_count(outlet) > 2
        || !outlet
            .chars()
            .all(|c| c.is_alphabetic() || is_blank_char(c))
    {
        return None;
    }
    let (place, _) = rest.split_once(':')?;
    let place_words = word_count(place);
    if (1..=3).contains(&place_words) && !place.contains('/') {
        Some(outlet.to_owned())
    } else {
        None
    }
}

/// Maps ASCII, Arabic-Indic (٠–٩) and Extended Arabic-Indic (۰–۹) digits to their value.
fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
        _ => None,
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Parses "YYYY-MM-DD" (month and day may have one digit) at the start of `chars`; returns the
/// normalised date and whether a digit follows it directly (which would make it a longer number).
fn parse_iso(mut chars: impl Iterator<Item = char>) -> Option<(String, bool)> {
    fn number(
        chars: &mut impl Iterator<Item = char>,
        min: usize,
        max: usize,
    ) -> Option<(u32, Option<char>)> {
        let mut value = 0u32;
        let mut len = 0;
        loop {
            let c = chars.next();
            match c.and_then(digit_value) {
                Some(d) if len < max => {
                    value = value * 10 + d;
                    len += 1;
                }
                _ => return (len >= min).then_some((value, c)),
            }
        }
    }
    let (year, sep) = number(&mut chars, 4, 4)?;
    if sep != Some('-') {
        return None;
    }
    let (month, sep) = number(&mut chars, 1, 2)?;
    if sep != Some('-') {
        return None;
    }
    let (day, next) = number(&mut chars, 1, 2)?;
    let digit_follows = next.and_then(digit_value).is_some();
    let valid =
        year >= 1000 && (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
    valid.then(|| (format!("{year:04}-{month:02}-{day:02}"), digit_follows))
}

/// The first valid ISO date (`YYYY-MM-DD`) in `text`, normalised to `yyyy-mm-dd`.
///
/// Linear in the text length: only positions where a digit run starts are tried, and each try
/// reads at most a dozen characters. Invalid dates (month 13, 30 February) and dates embedded in
/// longer digit runs are ignored.
pub fn extract_date(text: &str) -> Option<String> {
    let mut prev_digit = false;
    for (i, c) in text.char_indices() {
        let is_digit = digit_value(c).is_some();
        if is_digit && !prev_digit {
            if let Some((date, false)) = parse_iso(text[i..].chars()) {
                return Some(date);
            }
        }
        prev_digit = is_digit;
    }
    None
}

/// Normalises an explicit date field (JSONL `date`): accepts an ISO date optionally followed by
/// a time ("2021-12-21", "2021-12-21T21:39:00Z", "2021-12-21 21:39"). Anything else is `None`
/// and the caller falls back to [`extract_date`].
pub fn normalize_date(field: &str) -> Option<String> {
    match parse_iso(field.trim().chars()) {
        Some((date, false)) => Some(date),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::lines::content_lines;

    fn source_of(text: &str) -> Option<String> {
        extract_source(text, &content_lines(text))
    }

    #[test]
    fn source_footer_and_echoed_footer() {
        assert_eq!(
            source_of("نص الخبر.\n\nالمصدر: وكالة ستيب الاخبارية\n").as_deref(),
            Some("وكالة ستيب الاخبارية")
        );
        assert_eq!(
            source_of("نص الخبر.\nيورو نيوز المصدر: يورو نيوز\nشارك").as_deref(),
            Some("يورو نيوز")
        );
        assert_eq!(
            source_of("نص.\nالمصدر : رويترز.").as_deref(),
            Some("رويترز")
        );
    }

    #[test]
    fn source_label_inside_a_sentence_is_not_a_source() {
        assert_eq!(source_of("وقال المصدر: إن الانسحاب اكتمل"), None);
        assert_eq!(source_of("لا يوجد مصدر هنا"), None);
    }

    #[test]
    fn dateline_outlet_prefix() {
        let text = "عنوان\nتابعنا على: 21:39 2021-12-21\nأمد/ بغداد: أعلنت الحكومة العراقية";
        assert_eq!(source_of(text).as_deref(), Some("أمد"));
        // A date with slashes is not a dateline.
        assert_eq!(source_of("21/12/2021: حدث"), None);
        // A footer wins over a dateline.
        let both = "أمد/ بغداد: أعلنت\nالمصدر: رويترز";
        assert_eq!(source_of(both).as_deref(), Some("رويترز"));
    }

    /// One sample article: expected metadata, body size, and chrome lines that must be excluded.
    struct Sample {
        text: &'static str,
        title_prefix: &'static str,
        source: Option<&'static str>,
        date: Option<&'static str>,
        body_paragraphs: usize,
        chrome: &'static [&'static str],
    }

    const SAMPLES: &[Sample] = &[
        Sample {
            text: include_str!("../../corpus/000_8703aa2f0983bf6f.txt"),
            title_prefix: "أكد وزير الخارجية الإيراني عباس عراقجي",
            source: Some("وكالة ستيب الاخبارية"),
            date: None,
            body_paragraphs: 10,
            chrome: &["المصدر: وكالة ستيب الاخبارية"],
        },
        Sample {
            text: include_str!("../../corpus/001_46b68a0aea1ed22b.txt"),
            title_prefix: "العراق يعلن إكمال عملية إخلاء القواعد العسكرية",
            source: None,
            date: None,
            body_paragraphs: 9,
            chrome: &[],
        },
        Sample {
            text: include_str!("../../corpus/002_0b628569c39d60ff.txt"),
            title_prefix: "بغداد: بعثة التحالف الدولي في العراق ستغادر",
            source: None,
            date: None,
            body_paragraphs: 13,
            chrome: &["منذ 3 شهور", "شارك"],
        },
        Sample {
            text: include_str!("../../corpus/003_32cb2486f17b8cbe.txt"),
            title_prefix: "بعد انسحاب القوات الأمريكية.. العراق يستعد",
            source: Some("يورو نيوز"),
            date: None,
            body_paragraphs: 10,
            chrome: &[
                "آخر الأخبار",
                "شارك",
                "يورو نيوز المصدر: يورو نيوز",
                "أخبار ذات صلة",
                "حمل تطبيق آخر خبر",
                "إقرأ أيضا",
            ],
        },
        Sample {
            text: include_str!("../../corpus/004_015bb4e44a3158bc.txt"),
            title_prefix: "العراق يٌعلن انسحاب قوات التحالف الدولي القتالية",
            source: Some("أمد"),
            date: Some("2021-12-21"),
            body_paragraphs: 13,
            chrome: &["تابعنا على: \u{a0} 21:39 2021-12-21", "اخر الأخبار"],
        },
    ];

    #[test]
    fn sample_articles_metadata_and_body() {
        for (i, s) in SAMPLES.iter().enumerate() {
            let a = crate::corpus::txt::parse_txt("sample.txt", s.text.to_owned())
                .unwrap_or_else(|e| panic!("sample {i}: {e}"));
            assert!(
                a.title.starts_with(s.title_prefix),
                "sample {i} title {}",
                a.title
            );
            assert_eq!(a.source.as_deref(), s.source, "sample {i} source");
            assert_eq!(a.date.as_deref(), s.date, "sample {i} date");
            assert_eq!(a.body.len(), s.body_paragraphs, "sample {i} body size");
            // Every chrome line exists in the text and overlaps no body range.
            for chrome in s.chrome {
                let lines = content_lines(s.text);
                let hits: Vec<&Range<usize>> = lines
                    .iter()
                    .filter(|r| &s.text[(*r).clone()] == *chrome)
                    .collect();
                assert!(
                    !hits.is_empty(),
                    "sample {i}: chrome line {chrome:?} not found"
                );
                for hit in hits {
                    assert!(
                        a.body
                            .iter()
                            .all(|b| b.end <= hit.start || b.start >= hit.end),
                        "sample {i}: chrome {chrome:?} is in the body"
                    );
                }
            }
            // Every remaining content line is a body paragraph, except a repeated headline's
            // first copy.
            let mut expected: Vec<&str> = content_lines(s.text)
                .into_iter()
                .map(|r| &s.text[r])
                .filter(|l| !s.chrome.contains(l))
                .collect();
            if i == 2 {
                expected.remove(0); // the headline is printed twice; only the repeat is kept
            }
            assert_eq!(
                a.paragraphs().collect::<Vec<_>>(),
                expected,
                "sample {i} body"
            );
        }
    }

    #[test]
    fn repeated_headline_in_sample_002_is_kept_once_at_the_repeat() {
        let text = SAMPLES[2].text;
        let a = crate::corpus::txt::parse_txt("002.txt", text.to_owned()).expect("parses");
        let first = text.find(&a.title).expect("title in text");
        let repeat = first
            + a.title.len()
            + text[first + a.title.len()..]
                .find(&a.title)
                .expect("repeat");
        assert_eq!(a.body[0].start, repeat);
        assert_eq!(a.paragraphs().filter(|p| *p == a.title).count(), 1);
    }

    #[test]
    fn first_valid_iso_date() {
        assert_eq!(
            extract_date("تابعنا على: \u{a0} 21:39 2021-12-21").as_deref(),
            Some("2021-12-21")
        );
        assert_eq!(
            extract_date("رقم 2021-13-01 ثم 2020-02-30 ثم 2020-2-29").as_deref(),
            Some("2020-02-29")
        );
        assert_eq!(
            extract_date("١٢٣٤٥ ٢٠٢٤-٠٩-٢٧").as_deref(),
            Some("2024-09-27")
        );
        assert_eq!(extract_date("12021-12-21 and 2021-12-215"), None);
        assert_eq!(extract_date("عام 2014 بهدف"), None);
    }

    #[test]
    fn date_fields_are_normalised() {
        assert_eq!(
            normalize_date("2021-12-21T21:39:00Z").as_deref(),
            Some("2021-12-21")
        );
        assert_eq!(normalize_date(" 2021-1-2 ").as_deref(), Some("2021-01-02"));
        assert_eq!(normalize_date("21/12/2021"), None);
        assert_eq!(normalize_date("yesterday"), None);
    }
}
