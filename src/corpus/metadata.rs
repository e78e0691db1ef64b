//! Source (outlet) recovered from the article text (dates: [`crate::date`]).
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
            let date = a.date.map(|d| d.to_string());
            assert_eq!(date.as_deref(), s.date, "sample {i} date");
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
}
