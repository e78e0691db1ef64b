//! The unit the corpus reader hands to the indexer: one news article.

use std::ops::Range;

/// One article read from the corpus.
///
/// `text` is the decoded document exactly as read (BOM removed, a JSONL text's HTML character
/// references decoded, nothing else changed: no line ending normalisation, no boilerplate
/// removal) so that the byte ranges in `body`, and the
/// passage offsets derived from them, can be used to slice and highlight the original text.
/// Boilerplate removal is expressed by *leaving lines out of `body`*, never by editing `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// Unique within the corpus: the relative path for a `.txt` file, the `id` field for JSONL.
    pub id: String,
    /// Path of the file the article came from, relative to the corpus root, `/`-separated.
    pub rel_path: String,
    /// 1-based line number inside a `.jsonl` file; `None` for a `.txt` file. Lets warnings (such
    /// as a duplicate id) point at the exact record.
    pub line: Option<usize>,
    /// Headline (trimmed).
    pub title: String,
    /// Publishing outlet, from the JSONL `source` field or extracted from the text.
    pub source: Option<String>,
    /// Publication day, from the JSONL `date` field or the text ([`crate::date`]).
    pub date: Option<time::Date>,
    /// Original URL, JSONL only.
    pub url: Option<String>,
    /// Doubts about the record that did not stop it from being indexed (`unrecognised date
    /// "…"`), reported by the indexer as `FILE:LINE: doubt`.
    pub warnings: Vec<String>,
    /// The decoded document text; all offsets refer to it.
    pub text: String,
    /// Byte ranges of the searchable paragraphs in `text`, in order, non-overlapping, trimmed,
    /// on char boundaries, with navigation/share/"read also" chrome left out.
    pub body: Vec<Range<usize>>,
    /// [`content_hash`] of `text`; lets an incremental indexer skip unchanged articles.
    pub content_hash: u64,
}

impl Article {
    /// The body paragraphs as string slices.
    pub fn paragraphs(&self) -> impl Iterator<Item = &str> + '_ {
        self.body.iter().filter_map(|r| self.text.get(r.clone()))
    }
}

/// Longest title kept, in chars. A title derived from the first line of a file whose first line
/// is a whole paragraph (sample 000) or the whole document (a one-line 20 MB file) would
/// otherwise be stored and displayed in full with every hit.
pub const MAX_TITLE_CHARS: usize = 500;

/// A title taken from a text line: the line itself, or, if it is longer than
/// [`MAX_TITLE_CHARS`], its start cut at the last blank before the limit (never inside a word
/// unless the first word alone is too long).
pub(crate) fn title_from_line(line: &str) -> String {
    let Some((limit, _)) = line.char_indices().nth(MAX_TITLE_CHARS) else {
        return line.to_owned();
    };
    let head = &line[..limit];
    let cut = head
        .rfind(super::lines::is_blank_char)
        .map_or(head, |i| &head[..i]);
    cut.trim_end_matches(super::lines::is_blank_char).to_owned()
}

/// A title, source or JSONL text with its HTML character references decoded (`&quot;` → `"`,
/// `&#1605;` → `م`): scraped pages leave them in. A JSONL text is already a decoded copy of the
/// file's bytes (JSON escapes), read again the same way by `show`, so offsets refer to the
/// decoded text; a `.txt` file's text stays byte for byte as in the file.
pub(crate) fn decode_entities(value: String) -> String {
    match html_escape::decode_html_entities(&value) {
        std::borrow::Cow::Borrowed(_) => value,
        std::borrow::Cow::Owned(decoded) => decoded,
    }
}

/// A hash of the decoded text that is stable across Rust versions, platforms and runs
/// (`std::hash` guarantees none of that), so it can be persisted in an index manifest.
/// XXH3-64 is fast enough to hash every article on every run.
pub fn content_hash(text: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_hash_is_the_persisted_xxh3_value() {
        // Pinned values: if these change, every stored manifest becomes stale.
        assert_eq!(content_hash(""), 0x2D06_8005_38D3_94C2);
        assert_eq!(content_hash("abc"), 0x78AF_5F94_892F_3950);
        assert_ne!(content_hash("العراق"), content_hash("العراق "));
    }

    #[test]
    fn long_titles_are_cut_at_a_word_boundary() {
        assert_eq!(title_from_line("عنوان قصير"), "عنوان قصير");
        let long = "كلمة ".repeat(MAX_TITLE_CHARS); // 5 chars per word
        let title = title_from_line(&long);
        assert!(title.chars().count() <= MAX_TITLE_CHARS);
        assert!(title.chars().count() > MAX_TITLE_CHARS - 6);
        assert!(title.split(' ').all(|w| w == "كلمة"));
        let one_word = "ب".repeat(MAX_TITLE_CHARS * 2);
        assert_eq!(title_from_line(&one_word).chars().count(), MAX_TITLE_CHARS);
    }

    #[test]
    fn paragraphs_slice_the_text() {
        let text = "عنوان\nفقرة".to_owned();
        let a = Article {
            id: "a".into(),
            rel_path: "a.txt".into(),
            line: None,
            title: "عنوان".into(),
            source: None,
            date: None,
            url: None,
            warnings: vec![],
            content_hash: content_hash(&text),
            body: vec![0..10, 11..19],
            text,
        };
        assert_eq!(a.paragraphs().collect::<Vec<_>>(), vec!["عنوان", "فقرة"]);
    }
}
