//! Line splitting and trimming shared by the `.txt` and `.jsonl` readers and the passage splitter.
//!
//! Everything here works on byte offsets into the *decoded* document text, because the index
//! stores those offsets and highlights by slicing the original text with them. A range produced
//! here is therefore always on char boundaries and never includes a line terminator.

use std::ops::Range;

/// Characters that carry no searchable content at the edge of a line.
///
/// Besides Unicode white space (which already includes NO-BREAK SPACE, common in scraped Arabic
/// pages), scraped text is full of invisible bidi controls (RLM, LRM, embeddings, isolates),
/// zero-width spaces and stray BOMs; a line holding only those is blank, and a paragraph must not
/// start or end with them.
pub(crate) fn is_blank_char(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'
        )
}

/// Shrinks `range` of `text` so that it neither starts nor ends with a blank character.
/// Returns an empty range (at the original end) when the range holds only blanks.
///
/// The input range must lie on char boundaries inside `text`.
pub(crate) fn trim_range(text: &str, range: Range<usize>) -> Range<usize> {
    let slice = &text[range.clone()];
    let lead = slice.len() - slice.trim_start_matches(is_blank_char).len();
    let trimmed = slice.trim_matches(is_blank_char);
    let start = range.start + lead;
    if trimmed.is_empty() {
        return range.end..range.end;
    }
    start..start + trimmed.len()
}

/// The non-blank lines of `text`, each trimmed of blank characters.
///
/// Lines end at `\n`; a `\r` before it (CRLF files) or a lone `\r` line end (old Mac files) is
/// treated as part of the terminator, never as part of the line, so ranges never include it.
pub(crate) fn content_lines(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' || b == b'\r' {
            push_trimmed(text, start..i, &mut out);
            start = i + 1;
        }
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let r = trim_range(text, range);
    if !r.is_empty() {
        out.push(r);
    }
}

/// Largest char boundary `<= i` (clamped to `text.len()`).
pub(crate) fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Smallest char boundary `>= i` (clamped to `text.len()`).
pub(crate) fn ceil_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strs<'a>(text: &'a str, ranges: &[Range<usize>]) -> Vec<&'a str> {
        ranges.iter().map(|r| &text[r.clone()]).collect()
    }

    #[test]
    fn crlf_and_lf_lines_exclude_terminators_and_blank_lines() {
        let text = "عنوان\r\n\r\n  فقرة أولى \r\nفقرة ثانية\n\n\u{a0}\u{200f}\nأخيرة";
        let lines = content_lines(text);
        assert_eq!(
            strs(text, &lines),
            vec!["عنوان", "فقرة أولى", "فقرة ثانية", "أخيرة"]
        );
        assert!(lines.iter().all(|r| !text[r.clone()].contains('\r')));
    }

    #[test]
    fn trim_range_handles_all_blank_and_bidi_marks() {
        let text = "\u{200f} نص \u{a0}";
        let r = trim_range(text, 0..text.len());
        assert_eq!(&text[r], "نص");
        let blank = " \u{200b} ";
        assert!(trim_range(blank, 0..blank.len()).is_empty());
    }

    #[test]
    fn boundaries_move_off_multibyte_chars() {
        let text = "aب"; // 'ب' is 2 bytes at 1..3
        assert_eq!(floor_boundary(text, 2), 1);
        assert_eq!(ceil_boundary(text, 2), 3);
        assert_eq!(floor_boundary(text, 99), 3);
    }
}
