//! Dates, in one place: the `date` field of a JSONL record, a date found in an article's text, a
//! `date:` query filter, and the day a date is indexed as.
//!
//! Calendar rules (month lengths, leap years, weekdays) are the `time` crate's, never ours.
//! Arabic-Indic (٠–٩) and Extended Arabic-Indic (۰–۹) digits count as digits everywhere.

use time::format_description::well_known::Rfc2822;
use time::{Date, Month, OffsetDateTime};

/// The value of a digit of any of the three digit sets.
fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660), // ٠..٩ Arabic-Indic
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0), // ۰..۹ Extended Arabic-Indic
        _ => None,
    }
}

/// `text` with every digit made ASCII, so the parsers below see one digit set.
fn ascii_digits(text: &str) -> String {
    text.chars()
        .map(|c| match digit_value(c) {
            Some(d) => char::from(b'0' + d as u8),
            None => c,
        })
        .collect()
}

/// A calendar day, or `None` when there is no such day (month 13, 30 February).
fn day(year: u32, month: u32, day: u32) -> Option<Date> {
    let year = i32::try_from(year)
        .ok()
        .filter(|y| (1000..=9999).contains(y))?;
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    Date::from_calendar_date(year, month, u8::try_from(day).ok()?).ok()
}

/// A run of `min..=max` ASCII digits at the start of `s`: its value and the rest of `s`.
fn number(s: &str, min: usize, max: usize) -> Option<(u32, &str)> {
    let len = s.bytes().take_while(u8::is_ascii_digit).count();
    if len < min || len > max {
        return None;
    }
    Some((s[..len].parse().ok()?, &s[len..]))
}

/// `YYYY-MM-DD` (month and day of one or two digits) at the start of `s` (ASCII digits): the
/// day and the rest of `s`.
fn iso_prefix(s: &str) -> Option<(Date, &str)> {
    let (year, s) = number(s, 4, 4)?;
    let (month, s) = number(s.strip_prefix('-')?, 1, 2)?;
    let (d, rest) = number(s.strip_prefix('-')?, 1, 2)?;
    Some((day(year, month, d)?, rest))
}

/// `DD/MM/YYYY` at the start of `s` (day first, as Arabic-language outlets write it).
fn day_first_prefix(s: &str) -> Option<(Date, &str)> {
    let (d, s) = number(s, 1, 2)?;
    let (month, s) = number(s.strip_prefix('/')?, 1, 2)?;
    let (year, rest) = number(s.strip_prefix('/')?, 4, 4)?;
    Some((day(year, month, d)?, rest))
}

/// Whether what follows a date in a field is a time of day (or nothing): `T21:39:00Z`,
/// ` 21:39`, never more digits (which would make the date part of a longer number).
fn time_follows(rest: &str) -> bool {
    match rest.chars().next() {
        None => true,
        Some('T' | 't' | ' ') => rest[1..].starts_with(|c: char| c.is_ascii_digit()),
        Some(_) => false,
    }
}

/// The day of a record's `date` field: an ISO date or date-time (`2015-08-15`,
/// `2015-08-15T10:00:00+03:00`, `2015-08-15 10:00`), a day-first date (`15/08/2015`, optionally
/// with a time) or an RFC 2822 date (`Sat, 15 Aug 2015 10:00:00 +0300`, the day as written in its
/// own time zone). `None` for anything else, which the indexer reports.
pub(crate) fn parse_field(field: &str) -> Option<Date> {
    let field = ascii_digits(field.trim());
    if let Some((date, rest)) = iso_prefix(&field).or_else(|| day_first_prefix(&field)) {
        return time_follows(rest).then_some(date);
    }
    OffsetDateTime::parse(&field, &Rfc2822)
        .ok()
        .map(|t| t.date())
}

/// The first valid ISO date (`YYYY-MM-DD`) in an article's text, such as a page timestamp
/// (`تابعنا على: 21:39 2021-12-21`). Dates inside longer digit runs and impossible days are
/// skipped. Linear: only the starts of digit runs are tried, each reading a dozen characters.
pub(crate) fn find_in_text(text: &str) -> Option<Date> {
    let mut previous_digit = false;
    for (i, c) in text.char_indices() {
        let is_digit = digit_value(c).is_some();
        if is_digit && !previous_digit {
            let window: String = text[i..].chars().take(12).collect();
            let window = ascii_digits(&window);
            if let Some((date, rest)) = iso_prefix(&window) {
                if !rest.starts_with(|c: char| c.is_ascii_digit()) {
                    return Some(date);
                }
            }
        }
        previous_digit = is_digit;
    }
    None
}

/// A `date:` filter bound: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; a partial date means its first
/// day, or its last day when `end` is set.
pub(crate) fn parse_query_bound(text: &str, end: bool) -> Option<Date> {
    let text = ascii_digits(text);
    let mut parts = text.split('-');
    let year: i32 = parts.next()?.parse().ok()?;
    let month: Option<u8> = parts.next().map(str::parse).transpose().ok()?;
    let day: Option<u8> = parts.next().map(str::parse).transpose().ok()?;
    if parts.next().is_some() || !(1..=9999).contains(&year) {
        return None;
    }
    let month = Month::try_from(month.unwrap_or(if end { 12 } else { 1 })).ok()?;
    let day = match day {
        Some(d) => d,
        None if end => time::util::days_in_month(month, year),
        None => 1,
    };
    Date::from_calendar_date(year, month, day).ok()
}

/// The instant a day is indexed and searched as: its midnight, UTC.
pub(crate) fn day_start(date: Date) -> tantivy::DateTime {
    tantivy::DateTime::from_utc(date.midnight().assume_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(date: Option<Date>) -> Option<String> {
        date.map(|d| d.to_string())
    }

    #[test]
    fn fields_in_the_common_formats() {
        for (field, expected) in [
            ("2015-08-15", Some("2015-08-15")),
            (" 2015-8-5 ", Some("2015-08-05")),
            ("2015-08-15T10:00:00Z", Some("2015-08-15")),
            ("2015-08-15T23:30:00-05:00", Some("2015-08-15")),
            ("2015-08-15 10:00", Some("2015-08-15")),
            ("15/08/2015", Some("2015-08-15")),
            ("5/8/2015 10:30", Some("2015-08-05")),
            ("١٥/٠٨/٢٠١٥", Some("2015-08-15")),
            ("Sat, 15 Aug 2015 10:00:00 +0300", Some("2015-08-15")),
            ("15 Aug 2015 10:00:00 GMT", Some("2015-08-15")),
            ("2015-02-30", None),
            ("08/15/2015", None),
            ("2015-08-151", None),
            ("yesterday", None),
            ("", None),
        ] {
            assert_eq!(iso(parse_field(field)).as_deref(), expected, "{field:?}");
        }
    }

    #[test]
    fn first_valid_iso_date_in_a_text() {
        let cases = [
            ("تابعنا على: \u{a0} 21:39 2021-12-21", Some("2021-12-21")),
            (
                "رقم 2021-13-01 ثم 2020-02-30 ثم 2020-2-29",
                Some("2020-02-29"),
            ),
            ("١٢٣٤٥ ٢٠٢٤-٠٩-٢٧", Some("2024-09-27")),
            ("12021-12-21 and 2021-12-215", None),
            ("عام 2014 بهدف", None),
        ];
        for (text, expected) in cases {
            assert_eq!(iso(find_in_text(text)).as_deref(), expected, "{text}");
        }
    }

    #[test]
    fn query_bounds_cover_whole_periods() {
        assert_eq!(
            iso(parse_query_bound("2024", false)).as_deref(),
            Some("2024-01-01")
        );
        assert_eq!(
            iso(parse_query_bound("2024-02", true)).as_deref(),
            Some("2024-02-29")
        );
        assert_eq!(
            iso(parse_query_bound("٢٠٢٣-٠٢", true)).as_deref(),
            Some("2023-02-28")
        );
        assert_eq!(parse_query_bound("2024-13", false), None);
        assert_eq!(parse_query_bound("soon", false), None);
    }

    #[test]
    fn days_are_indexed_at_midnight_utc() {
        let date = parse_field("2021-12-21").expect("valid");
        assert_eq!(day_start(date).into_timestamp_secs(), 1_640_044_800);
    }
}
