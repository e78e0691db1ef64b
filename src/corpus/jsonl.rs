//! `.jsonl` files: one article per line, `{"id", "title", "text"}` plus optional `date`,
//! `source` and `url`; other fields are ignored.
//!
//! Dumps from scrapers are large (tens of MB, sometimes a single huge record) and not always
//! clean, so the file is read one line at a time with a `BufReader` — memory is bounded by the
//! longest line, not the file — and a bad line is reported and skipped while the rest of the
//! file is still indexed.

use std::collections::HashSet;
use std::io::{BufRead, Read};

use serde::Deserialize;

use super::article::{content_hash, decode_entities, title_from_line, Article};
use super::boilerplate::{is_chrome, select_body};
use super::lines::content_lines;
use super::metadata::extract_source;
use super::{FileOutcome, Skipped};

/// A single record larger than this is skipped rather than buffered: it protects against a
/// multi-GB file without newlines exhausting memory.
pub const MAX_LINE_BYTES: u64 = 256 * 1024 * 1024;

/// How much of the file start is checked for NUL bytes (binary file detection).
const SNIFF_LEN: usize = 8 * 1024;

/// The fields we read; anything else in the object is ignored. A field of the wrong JSON type
/// (e.g. a numeric id) makes serde fail and the line is skipped with serde's message.
#[derive(Debug, Deserialize)]
struct Record {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    url: Option<String>,
}

fn non_empty(field: Option<String>) -> Option<String> {
    field.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// Reads every record of a JSONL stream. `rel_path` is used for `Article::rel_path` and in skip
/// reasons. Blank lines are ignored; malformed lines and ids repeated within the file become
/// [`Skipped`] entries with their 1-based line number.
pub fn read_jsonl<R: BufRead>(rel_path: &str, reader: R) -> FileOutcome {
    let mut articles = Vec::new();
    let skipped = read_jsonl_each(rel_path, reader, &mut |a| articles.push(a));
    FileOutcome { articles, skipped }
}

/// [`read_jsonl`] handing each article to `on_article` as soon as it is read (an indexer can
/// start on a large file's first articles while the rest is being read); returns the skipped
/// entries.
pub fn read_jsonl_each<R: BufRead>(
    rel_path: &str,
    reader: R,
    on_article: &mut dyn FnMut(Article),
) -> Vec<Skipped> {
    read_jsonl_from(rel_path, reader, Start::default(), on_article).0
}

/// Where a JSONL stream starts: at the file's beginning, or after its first `lines` lines,
/// whose records had the ids `seen` (the stream then holds what was appended to the file).
#[derive(Debug, Default)]
pub struct Start {
    pub lines: usize,
    pub seen: HashSet<String>,
}

/// [`read_jsonl_each`] from `start`; also returns the number of lines of the file read up to
/// the stream's end.
pub fn read_jsonl_from<R: BufRead>(
    rel_path: &str,
    mut reader: R,
    start: Start,
    on_article: &mut dyn FnMut(Article),
) -> (Vec<Skipped>, usize) {
    let mut skipped = Vec::new();
    let skip = |line: Option<usize>, reason: String| Skipped {
        path: rel_path.to_owned(),
        line,
        reason,
    };

    // A file's kind is told by its head; what was appended to a file is read as lines.
    let head = if start.lines == 0 {
        reader.fill_buf().map(|head| {
            let utf16 = head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]);
            (utf16, head[..head.len().min(SNIFF_LEN)].contains(&0))
        })
    } else {
        Ok((false, false))
    };
    match head {
        Ok((true, _)) => {
            skipped.push(skip(
                None,
                "UTF-16 JSON Lines file (JSON Lines must be UTF-8)".to_owned(),
            ));
            return (skipped, 0);
        }
        Ok((_, true)) => {
            skipped.push(skip(None, "binary file".to_owned()));
            return (skipped, 0);
        }
        Ok(_) => {}
        Err(e) => {
            skipped.push(skip(None, format!("cannot read file: {e}")));
            return (skipped, 0);
        }
    }

    let mut seen_ids = start.seen;
    let mut buf: Vec<u8> = Vec::new();
    let mut line_no = start.lines;
    loop {
        buf.clear();
        line_no += 1;
        let read = (&mut reader)
            .take(MAX_LINE_BYTES)
            .read_until(b'\n', &mut buf);
        match read {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                skipped.push(skip(
                    Some(line_no),
                    format!("read error, rest of file skipped: {e}"),
                ));
                break;
            }
        }
        if buf.last() != Some(&b'\n') && buf.len() as u64 >= MAX_LINE_BYTES {
            skipped.push(skip(
                Some(line_no),
                format!("line longer than {MAX_LINE_BYTES} bytes"),
            ));
            if let Err(e) = reader.skip_until(b'\n') {
                skipped.push(skip(
                    Some(line_no),
                    format!("read error, rest of file skipped: {e}"),
                ));
                break;
            }
            continue;
        }
        let mut bytes = buf.as_slice();
        if line_no == 1 {
            bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
        }
        let Ok(line) = std::str::from_utf8(bytes) else {
            skipped.push(skip(
                Some(line_no),
                "invalid UTF-8 (JSON Lines must be UTF-8)".to_owned(),
            ));
            continue;
        };
        if line.trim().is_empty() {
            continue;
        }
        match parse_record(rel_path, line_no, line) {
            Ok(article) => {
                if seen_ids.contains(&article.id) {
                    skipped.push(skip(
                        Some(line_no),
                        format!("duplicate id {:?} (an earlier record has it)", article.id),
                    ));
                } else {
                    seen_ids.insert(article.id.clone());
                    on_article(article);
                }
            }
            Err(reason) => skipped.push(skip(Some(line_no), reason)),
        }
    }
    (skipped, line_no - 1)
}

/// serde_json reports positions as "at line 1 column N", which is confusing next to the JSONL
/// line number the skip entry already carries; keep only the column.
fn json_error(e: serde_json::Error) -> String {
    let message = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = message.strip_suffix(&suffix).unwrap_or(&message);
    if e.column() > 0 {
        format!("invalid JSON record (column {}): {message}", e.column())
    } else {
        format!("invalid JSON record: {message}")
    }
}

/// Turns one JSON line into an article.
///
/// The article text is the `text` field exactly; its paragraphs are its non-empty lines (single
/// newlines and blank-line separated paragraphs both work), minus chrome, with the same headline
/// rule as `.txt` files. A missing or empty `title` is derived from the text like a `.txt`
/// title. Explicit `date` (in the formats of [`crate::date::parse_field`]) and `source` fields
/// win over values extracted from the text.
fn parse_record(rel_path: &str, line_no: usize, line: &str) -> Result<Article, String> {
    let record: Record = serde_json::from_str(line).map_err(json_error)?;
    let id = non_empty(record.id).ok_or("missing or empty \"id\"")?;
    // Scraped text keeps the page's character references (`&quot;`, `&#1605;`): decoded here,
    // before any offset is taken, so passages, `show` and highlighting all see the decoded text.
    let text = record
        .text
        .filter(|t| !t.trim().is_empty())
        .map(decode_entities)
        .ok_or("missing or empty \"text\"")?;
    let lines = content_lines(&text);
    let (title, title_line) = match non_empty(record.title) {
        Some(title) => {
            let at = lines.iter().position(|r| text[r.clone()] == *title);
            (title, at)
        }
        None => {
            let at = lines
                .iter()
                .position(|r| !is_chrome(&text[r.clone()]))
                .ok_or("no \"title\" and no article text (only page chrome)")?;
            (title_from_line(&text[lines[at].clone()]), Some(at))
        }
    };
    let body = select_body(&text, &lines, title_line);
    let source = non_empty(record.source)
        .or_else(|| extract_source(&text, &lines))
        .map(decode_entities);
    let title = decode_entities(title);
    // A date field in no known format is reported (and the text's own date, if any, used):
    // dropping it silently would make `date:` filters miss the article without a word.
    let mut warnings = Vec::new();
    let field = record
        .date
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty());
    let date = match field {
        Some(field) => crate::date::parse_field(field).or_else(|| {
            warnings.push(format!("unrecognised date {field:?}"));
            crate::date::find_in_text(&text)
        }),
        None => crate::date::find_in_text(&text),
    };
    Ok(Article {
        id,
        rel_path: rel_path.to_owned(),
        line: Some(line_no),
        title,
        source,
        date,
        url: non_empty(record.url),
        warnings,
        content_hash: content_hash(&text),
        body,
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufReader, Cursor};

    fn read(s: &str) -> FileOutcome {
        read_jsonl("d/a.jsonl", Cursor::new(s.as_bytes().to_vec()))
    }

    #[test]
    fn reads_records_and_fields() {
        let out = read(concat!(
            r#"{"id":"1","title":"عنوان","text":"عنوان\nفقرة أولى.\n\nفقرة ثانية.\nشارك","date":"2024-09-27T10:00:00Z","source":"واع","url":" https://example.org/1 ","extra":[1,2]}"#,
            "\n",
            r#"{"id":"2","title":"عنوان آخر","text":"فقرة.\nالمصدر: رويترز\nتابعنا على: 21:39 2021-12-21"}"#,
            "\n"
        ));
        assert!(out.skipped.is_empty(), "{:?}", out.skipped);
        assert_eq!(out.articles.len(), 2);
        let a = &out.articles[0];
        assert_eq!(
            (a.id.as_str(), a.rel_path.as_str(), a.line),
            ("1", "d/a.jsonl", Some(1))
        );
        assert_eq!(a.title, "عنوان");
        assert_eq!(a.text, "عنوان\nفقرة أولى.\n\nفقرة ثانية.\nشارك");
        assert_eq!(
            a.paragraphs().collect::<Vec<_>>(),
            vec!["عنوان", "فقرة أولى.", "فقرة ثانية."]
        );
        assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2024-09-27"));
        assert_eq!(a.source.as_deref(), Some("واع"));
        assert_eq!(a.url.as_deref(), Some("https://example.org/1"));
        let b = &out.articles[1];
        assert_eq!(b.line, Some(2));
        assert_eq!(b.source.as_deref(), Some("رويترز"));
        assert_eq!(b.date.map(|d| d.to_string()).as_deref(), Some("2021-12-21"));
        assert_eq!(b.paragraphs().collect::<Vec<_>>(), vec!["فقرة."]);
    }

    #[test]
    fn html_entities_are_decoded_in_titles_and_texts() {
        let out = read(concat!(
            r#"{"id":"1","title":"&quot;السعودية&quot;","text":"قال &quot;نعم&quot; &amp; مضى.\nسطر &#1605;"}"#,
            "\n"
        ));
        let a = &out.articles[0];
        assert_eq!(a.title, "\"السعودية\"");
        assert_eq!(a.text, "قال \"نعم\" & مضى.\nسطر م");
        assert_eq!(
            a.paragraphs().collect::<Vec<_>>(),
            vec!["قال \"نعم\" & مضى.", "سطر م"]
        );
    }

    #[test]
    fn malformed_lines_are_skipped_with_line_numbers_and_the_rest_is_read() {
        let out = read(concat!(
            "{\"id\":\"a\",\"text\":\"نص صالح\"}\n",
            "\n",
            "{not json}\n",
            "{\"id\":\"\",\"text\":\"x\"}\n",
            "{\"id\":\"b\"}\n",
            "{\"id\":\"c\",\"text\":\"  \"}\n",
            "{\"id\":7,\"text\":\"x\"}\n",
            "[1,2]\n",
            "{\"id\":\"a\",\"text\":\"مكرر\"}\n",
            "{\"id\":\"d\",\"text\":\"سطر\\r\\nأخير\"}",
        ));
        let lines: Vec<Option<usize>> = out.skipped.iter().map(|s| s.line).collect();
        assert_eq!(
            lines,
            vec![
                Some(3),
                Some(4),
                Some(5),
                Some(6),
                Some(7),
                Some(8),
                Some(9)
            ]
        );
        assert!(out.skipped[1].reason.contains("\"id\""));
        assert!(out.skipped[2].reason.contains("\"text\""));
        assert!(out.skipped[6].reason.contains("duplicate id"));
        assert_eq!(
            out.skipped[0].reason,
            "invalid JSON record (column 2): key must be a string"
        );
        assert!(out.skipped[4].reason.contains("invalid type: integer `7`"));
        let ids: Vec<&str> = out.articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, vec!["a", "d"]);
        // Derived title, CRLF inside the text value.
        let d = &out.articles[1];
        assert_eq!(d.title, "سطر");
        assert_eq!(d.paragraphs().collect::<Vec<_>>(), vec!["سطر", "أخير"]);
        assert_eq!(
            out.skipped[0].to_string().split(':').next(),
            Some("d/a.jsonl")
        );
    }

    #[test]
    fn bom_crlf_and_invalid_utf8_lines() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(b"{\"id\":\"1\",\"text\":\"a\"}\r\n");
        bytes.extend_from_slice(b"{\"id\":\"2\",\"text\":\"\xE1\xE4\"}\r\n");
        bytes.extend_from_slice(b"{\"id\":\"3\",\"text\":\"c\"}\r\n");
        let out = read_jsonl("a.jsonl", Cursor::new(bytes));
        let ids: Vec<&str> = out.articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, vec!["1", "3"]);
        assert_eq!(out.skipped.len(), 1);
        assert_eq!(out.skipped[0].line, Some(2));
        assert!(out.skipped[0].reason.contains("UTF-8"));
    }

    #[test]
    fn binary_and_utf16_files_are_skipped_whole() {
        let out = read_jsonl("a.jsonl", Cursor::new(b"{\"id\":\0\0\x01}".to_vec()));
        assert!(out.articles.is_empty());
        assert_eq!(out.skipped.len(), 1);
        assert_eq!(out.skipped[0].reason, "binary file");
        let out = read_jsonl("a.jsonl", Cursor::new(vec![0xFF, 0xFE, b'{', 0]));
        assert!(out.skipped[0].reason.contains("UTF-16"));
    }

    #[test]
    fn huge_single_line_is_read_through_a_small_buffer() {
        let para = "كلمة عربية طويلة. ".repeat(200_000); // ~3.6 MB of text
        let line = serde_json::json!({"id": "big", "title": "كبير", "text": para}).to_string();
        let reader = BufReader::with_capacity(4096, Cursor::new(format!("{line}\n")));
        let out = read_jsonl("big.jsonl", reader);
        assert!(out.skipped.is_empty());
        assert_eq!(out.articles.len(), 1);
        assert_eq!(out.articles[0].text.len(), para.len());
        assert_eq!(out.articles[0].body, vec![0..para.trim_end().len()]);
    }
}
