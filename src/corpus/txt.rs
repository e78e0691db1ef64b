//! `.txt` files: one article per file.
//!
//! Layout of a scraped article file: the headline on the first line that is not page chrome,
//! then paragraphs separated by single or blank lines, with chrome (share buttons, "latest news",
//! source footer) scattered around. See the samples in `corpus/`.

use super::article::{content_hash, decode_entities, title_from_line, Article};
use super::boilerplate::{is_chrome, select_body};
use super::lines::content_lines;
use super::metadata::extract_source;

/// Builds the article for a decoded `.txt` file. `rel_path` becomes the id.
///
/// Title: the first non-empty line that is not chrome (so a page starting with "آخر الأخبار",
/// sample 003, is titled by its headline, not by the sidebar header), trimmed, and cut to
/// [`MAX_TITLE_CHARS`](super::article::MAX_TITLE_CHARS) chars when the first line is a long
/// paragraph. The title line is
/// also a body paragraph — titles are searchable content — unless the headline is repeated
/// verbatim further down (sample 002), in which case only the repeat is kept in the body (see
/// [`select_body`]).
///
/// Paragraphs are the non-empty lines; CRLF and CR line ends are handled and the `\r` is never
/// part of a paragraph range. Fails (with the reason for the skip list) when the file has no
/// text, or only chrome.
pub fn parse_txt(rel_path: &str, text: String) -> Result<Article, String> {
    let lines = content_lines(&text);
    if lines.is_empty() {
        return Err("empty file (no text)".to_owned());
    }
    let title_line = lines
        .iter()
        .position(|r| !is_chrome(&text[r.clone()]))
        .ok_or_else(|| "no article text (only page chrome such as share buttons)".to_owned())?;
    let title = decode_entities(title_from_line(&text[lines[title_line].clone()]));
    let body = select_body(&text, &lines, Some(title_line));
    let source = extract_source(&text, &lines).map(decode_entities);
    let date = crate::date::find_in_text(&text);
    Ok(Article {
        id: rel_path.to_owned(),
        rel_path: rel_path.to_owned(),
        line: None,
        title,
        source,
        date,
        url: None,
        warnings: Vec::new(),
        content_hash: content_hash(&text),
        body,
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body_strs(a: &Article) -> Vec<&str> {
        a.paragraphs().collect()
    }

    #[test]
    fn title_is_first_non_chrome_line_and_stays_in_body() {
        let a = parse_txt(
            "x/a.txt",
            "\n\nآخر الأخبار\n\nالعنوان هنا\n\nالفقرة الأولى.\nالفقرة الثانية.\n".to_owned(),
        )
        .expect("parses");
        assert_eq!(a.id, "x/a.txt");
        assert_eq!(a.rel_path, "x/a.txt");
        assert_eq!(a.title, "العنوان هنا");
        assert_eq!(
            body_strs(&a),
            vec!["العنوان هنا", "الفقرة الأولى.", "الفقرة الثانية."]
        );
        assert_eq!(a.content_hash, content_hash(&a.text));
    }

    #[test]
    fn crlf_file_keeps_text_and_excludes_cr_from_ranges() {
        let text = "العنوان\r\n\r\nالفقرة الأولى.\r\nالمصدر: رويترز\r\n";
        let a = parse_txt("a.txt", text.to_owned()).expect("parses");
        assert_eq!(a.text, text);
        assert_eq!(a.title, "العنوان");
        assert_eq!(body_strs(&a), vec!["العنوان", "الفقرة الأولى."]);
        assert_eq!(a.source.as_deref(), Some("رويترز"));
    }

    #[test]
    fn empty_and_chrome_only_files_are_rejected() {
        assert!(parse_txt("a.txt", " \r\n\n\u{a0}".to_owned()).is_err());
        assert!(parse_txt("a.txt", "شارك\nآخر الأخبار\n".to_owned()).is_err());
    }
}
