//! Output formats of `fahras search`: text for people, JSON Lines for programs, TREC run files
//! for `trec_eval`/`fahras eval`.

use std::borrow::Cow;
use std::io::{self, Write};

use serde::Serialize;

use crate::search::highlight::snippet;
use crate::search::{Contribution, Hit};

/// Characters of passage shown per hit in text output.
pub const SNIPPET_CHARS: usize = 300;
/// Run tag in the last column of TREC lines.
pub const RUN_TAG: &str = "fahras";

/// First strong isolate: the enclosed Arabic keeps its own direction inside a line.
const FSI: char = '\u{2068}';
/// Pop directional isolate.
const PDI: char = '\u{2069}';

/// One hit as a JSON Lines record (`--format json`), one object per line, best first.
///
/// ```text
/// {
///   "qid":        string, only in batch mode (--topics): the topic id,
///   "rank":       integer ≥ 1,
///   "score":      number, the ranking score (higher is better),
///   "doc":        string, the document id,
///   "title":      string, the document title,
///   "source":     string or null, the outlet,
///   "date":       string "YYYY-MM-DD" or null,
///   "url":        string or null, the article's original address (JSONL `url`),
///   "passage":    integer, the passage ordinal within the document (from 0),
///   "start":      integer, byte offset of the passage in the original document,
///   "end":        integer, byte offset one past the passage's end in the original document,
///   "text":       string, the passage as stored,
///   "highlights": [[start, end], ...], byte ranges within `text` of the matched words
///                 (whole words, on UTF-8 char boundaries, sorted, not overlapping),
///   "also_in":    [string, ...], ids of other documents with a near-duplicate passage that was
///                 collapsed into this one (empty with --no-collapse),
///   "explain":    [{"clause": string, "score": number}, ...], only with --explain
/// }
/// ```
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct JsonHit<'a> {
    /// Topic id, batch mode only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qid: Option<&'a str>,
    /// 1-based rank.
    pub rank: usize,
    /// Ranking score.
    pub score: f32,
    /// Document id.
    pub doc: &'a str,
    /// Document title.
    pub title: &'a str,
    /// Outlet.
    pub source: Option<&'a str>,
    /// Publication date.
    pub date: Option<&'a str>,
    /// Original address.
    pub url: Option<&'a str>,
    /// Passage ordinal.
    pub passage: u64,
    /// Passage start in the document (bytes).
    pub start: u64,
    /// Passage end in the document (bytes).
    pub end: u64,
    /// Passage text.
    pub text: &'a str,
    /// Highlighted byte ranges within `text`.
    pub highlights: &'a [(usize, usize)],
    /// Documents whose duplicates collapsed into this hit.
    pub also_in: &'a [String],
    /// Per-clause contributions (`--explain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<&'a [Contribution]>,
}

impl<'a> JsonHit<'a> {
    /// The record of `hit`.
    pub fn new(hit: &'a Hit, qid: Option<&'a str>, explain: bool) -> Self {
        JsonHit {
            qid,
            rank: hit.rank,
            score: hit.score,
            doc: &hit.doc,
            title: &hit.title,
            source: hit.source.as_deref(),
            date: hit.date.as_deref(),
            url: hit.url.as_deref(),
            passage: hit.passage,
            start: hit.start,
            end: hit.end,
            text: &hit.text,
            highlights: &hit.highlights,
            also_in: &hit.also_in,
            explain: explain.then_some(hit.explanation.as_slice()),
        }
    }
}

/// Writes `hits` as JSON Lines.
pub fn write_json(
    out: &mut impl Write,
    hits: &[Hit],
    qid: Option<&str>,
    explain: bool,
) -> io::Result<()> {
    for hit in hits {
        serde_json::to_writer(&mut *out, &JsonHit::new(hit, qid, explain))?;
        writeln!(out)?;
    }
    Ok(())
}

/// Writes TREC run lines `qid Q0 docid rank score fahras`, one per document (its first, i.e.
/// best, passage), at most `limit` documents. Returns a line for each id that could not be
/// written as it is ([`trec_doc`]), for the command to report.
pub fn write_trec(
    out: &mut impl Write,
    hits: &[Hit],
    qid: &str,
    limit: usize,
) -> io::Result<Vec<String>> {
    let mut seen = std::collections::HashSet::new();
    let mut warnings = Vec::new();
    let mut rank = 0;
    for hit in hits {
        if rank >= limit {
            break;
        }
        if !seen.insert(hit.doc.as_str()) {
            continue;
        }
        rank += 1;
        let (doc, warning) = trec_doc(&hit.doc);
        warnings.extend(warning);
        writeln!(out, "{qid} Q0 {doc} {rank} {:.6} {RUN_TAG}", hit.score)?;
    }
    Ok(warnings)
}

/// A document id as a TREC column. Columns are split at whitespace, so an id with whitespace
/// or control characters cannot be written as it is: it is written with `_` in their place, and
/// the second value says so (two such ids may then look alike), so a run never silently names
/// another document.
pub fn trec_doc(id: &str) -> (Cow<'_, str>, Option<String>) {
    let unwritable = |c: char| c.is_whitespace() || c.is_control();
    if !id.contains(unwritable) {
        return (Cow::Borrowed(id), None);
    }
    let written = id.replace(unwritable, "_");
    let warning = format!(
        "document id `{}` has whitespace or control characters, which TREC runs cannot hold: written as `{written}`",
        visible(id)
    );
    (Cow::Owned(written), Some(warning))
}

/// `text` with control characters written as escapes (`\u{1b}`), so an id, title or passage
/// can never drive the terminal (colours, cursor moves, a changed window title).
pub fn visible(text: &str) -> Cow<'_, str> {
    escape_controls(text, |c| c.is_control())
}

/// [`visible`] for running text, which keeps its line breaks and tabs.
pub fn visible_text(text: &str) -> Cow<'_, str> {
    escape_controls(text, |c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}

fn escape_controls(text: &str, escaped: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.contains(&escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if escaped(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// How highlighted words are marked in text output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marks {
    /// ANSI bold (a terminal without `NO_COLOR`).
    Bold,
    /// `[` and `]` around each word.
    Brackets,
}

impl Marks {
    /// Bold when `is_terminal` and `NO_COLOR` is unset or empty, brackets otherwise.
    pub fn detect(is_terminal: bool) -> Marks {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        if is_terminal && !no_color {
            Marks::Bold
        } else {
            Marks::Brackets
        }
    }

    pub(crate) fn open(self) -> &'static str {
        match self {
            Marks::Bold => "\x1b[1m",
            Marks::Brackets => "[",
        }
    }

    pub(crate) fn close(self) -> &'static str {
        match self {
            Marks::Bold => "\x1b[0m",
            Marks::Brackets => "]",
        }
    }
}

/// Appends `text` to `out` with every run of whitespace (newlines included) folded into one
/// space; `space` says whether `out` already ends in a folded space, across calls.
fn push_folded(out: &mut String, text: &str, space: &mut bool) {
    for c in text.chars() {
        if c.is_whitespace() {
            if !*space {
                out.push(' ');
                *space = true;
            }
        } else if c.is_control() {
            out.extend(c.escape_default());
            *space = false;
        } else {
            out.push(c);
            *space = false;
        }
    }
}

/// The passage snippet of `hit` with its highlights marked, whitespace folded, on one line.
///
/// Runs of whitespace, such as the blank line between a title and a paragraph, are folded into
/// one space here, while rendering: the highlight offsets refer to the stored text and stay valid.
fn marked_snippet(hit: &Hit, marks: Marks) -> String {
    let (range, highlights) = snippet(&hit.text, &hit.highlights, SNIPPET_CHARS);
    let text = &hit.text[range.clone()];
    let mut marked = String::with_capacity(text.len() + 16);
    let mut space = true; // drops leading whitespace
    if range.start > 0 {
        marked.push('…');
        space = false;
    }
    let mut at = 0;
    for (s, e) in highlights {
        push_folded(&mut marked, &text[at..s], &mut space);
        marked.push_str(marks.open());
        push_folded(&mut marked, &text[s..e], &mut space);
        marked.push_str(marks.close());
        at = e;
    }
    push_folded(&mut marked, &text[at..], &mut space);
    if marked.ends_with(' ') {
        marked.pop();
    }
    if range.end < hit.text.len() {
        marked.push('…');
    }
    marked
}

/// Indentation of the passages under their article's header.
const INDENT: &str = "    ";
/// The narrowest column a passage is wrapped to, whatever the terminal says.
const MIN_WRAP: usize = 20;

/// The snippet of `hit` as indented lines, each in its own isolate (a terminal lays out every
/// line on its own, so an isolate must not span two), wrapped at word boundaries to `width`
/// columns counting the indent, or on one line when `width` is `None`. Widths come from
/// `textwrap` (East Asian wide characters, combining marks and ANSI bold codes counted right).
pub fn render_snippet(hit: &Hit, marks: Marks, width: Option<usize>) -> Vec<String> {
    let marked = marked_snippet(hit, marks);
    let lines: Vec<std::borrow::Cow<'_, str>> = match width {
        Some(width) => {
            let width = width.saturating_sub(INDENT.len()).max(MIN_WRAP);
            textwrap::wrap(&marked, textwrap::Options::new(width).break_words(false))
        }
        None => vec![marked.as_str().into()],
    };
    lines
        .iter()
        .map(|line| format!("{INDENT}{FSI}{line}{PDI}"))
        .collect()
}

/// The header of an article: its title, then its source and date when it has them (nothing in
/// their place when not), then its id.
fn header(hit: &Hit) -> String {
    let mut parts = vec![format!("{FSI}{}{PDI}", visible(&hit.title))];
    if let Some(source) = &hit.source {
        parts.push(format!("{FSI}{}{PDI}", visible(source)));
    }
    if let Some(date) = &hit.date {
        parts.push(date.clone());
    }
    parts.push(visible(&hit.doc).into_owned());
    if let Some(url) = &hit.url {
        parts.push(visible(url).into_owned());
    }
    parts.join(" — ")
}

/// Writes `hits` for people: one header per article, with the rank and score of its best
/// passage, then every passage of the article among the hits, best first, indented under it and
/// wrapped to `width` columns (see [`render_snippet`]); the next ones after a `⋯ RANK. SCORE`
/// line, so ranks read the same as in JSON and across pages.
pub fn write_text(
    out: &mut impl Write,
    hits: &[Hit],
    marks: Marks,
    explain: bool,
    width: Option<usize>,
) -> io::Result<()> {
    let mut articles: Vec<Vec<&Hit>> = Vec::new();
    let mut position: std::collections::HashMap<&str, usize> = Default::default();
    for hit in hits {
        let at = *position.entry(hit.doc.as_str()).or_insert_with(|| {
            articles.push(Vec::new());
            articles.len() - 1
        });
        articles[at].push(hit);
    }
    for passages in &articles {
        let best = passages[0];
        writeln!(out, "{}. {:.3}  {}", best.rank, best.score, header(best))?;
        for (i, hit) in passages.iter().enumerate() {
            if i > 0 {
                writeln!(out, "{INDENT}⋯ {}. {:.3}", hit.rank, hit.score)?;
            }
            for line in render_snippet(hit, marks, width) {
                writeln!(out, "{line}")?;
            }
            if !hit.also_in.is_empty() {
                writeln!(out, "{INDENT}also in: {}", visible(&hit.also_in.join(", ")))?;
            }
            if explain {
                for c in &hit.explanation {
                    let clause = visible(&c.clause);
                    writeln!(out, "{INDENT}{:>8.4}  {FSI}{clause}{PDI}", c.score)?;
                }
            }
        }
        writeln!(out)?;
    }
    Ok(())
}

/// Bar length of the largest count in a facet chart.
const BAR: usize = 30;

/// A facet as a bar chart, one `label  ████ count` line per entry, bars scaled to the largest
/// count (a count above zero always gets a bar).
fn write_bars(out: &mut impl Write, entries: &[(String, u64)], isolate: bool) -> io::Result<()> {
    let most = entries.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let labels: Vec<String> = entries
        .iter()
        .map(|(label, _)| {
            if isolate {
                format!("{FSI}{label}{PDI}")
            } else {
                label.clone()
            }
        })
        .collect();
    let width = entries
        .iter()
        .map(|(label, _)| textwrap::core::display_width(label))
        .max()
        .unwrap_or(0);
    for ((label, n), shown) in entries.iter().zip(&labels) {
        let pad = width - textwrap::core::display_width(label);
        let bar = (*n as usize * BAR).div_ceil(most as usize);
        writeln!(out, "  {shown}{}  {} {n}", " ".repeat(pad), "█".repeat(bar))?;
    }
    Ok(())
}

/// The facets for people: a timeline of articles per day or month, then sources.
pub(crate) fn write_facets(
    out: &mut impl Write,
    facets: &crate::search::facets::Facets,
    dates: bool,
    sources: bool,
) -> io::Result<()> {
    if dates {
        writeln!(out, "articles per {}:", facets.period)?;
        write_bars(out, &facets.dates, false)?;
        if facets.undated > 0 {
            writeln!(out, "  ({} without a date)", facets.undated)?;
        }
    }
    if sources {
        writeln!(out, "articles per source:")?;
        write_bars(out, &facets.sources, true)?;
        if facets.unsourced > 0 {
            writeln!(out, "  ({} without a source)", facets.unsourced)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_and_unwritable_trec_ids_reported() {
        assert_eq!(visible("a\u{1b}[31mb\n"), "a\\u{1b}[31mb\\n");
        assert_eq!(visible_text("a\u{7}\tb\n"), "a\\u{7}\tb\n");
        assert!(matches!(visible("عين الأسد"), Cow::Borrowed(_)));
        assert_eq!(trec_doc("a.txt"), (Cow::Borrowed("a.txt"), None));
        let (written, warning) = trec_doc("a b\u{1b}");
        assert_eq!(written, "a_b_");
        assert!(warning.is_some_and(|w| w.contains("`a b\\u{1b}`")));
    }

    fn hit(doc: &str, text: &str, highlights: Vec<(usize, usize)>) -> Hit {
        Hit {
            rank: 1,
            score: 1.5,
            doc: doc.to_string(),
            title: "عنوان".into(),
            source: None,
            date: Some("2024-01-02".into()),
            url: None,
            passage: 0,
            start: 0,
            end: text.len() as u64,
            text: text.to_string(),
            highlights,
            also_in: vec![],
            explanation: vec![],
        }
    }

    #[test]
    fn brackets_mark_highlights_and_isolates_wrap_lines() {
        let text = "قاعدة عين الأسد";
        let h = hit("a.txt", text, vec![(0, "قاعدة".len())]);
        assert_eq!(
            render_snippet(&h, Marks::Brackets, None),
            ["    \u{2068}[قاعدة] عين الأسد\u{2069}"]
        );
        assert!(render_snippet(&h, Marks::Bold, None)[0].contains("\x1b[1mقاعدة\x1b[0m"));
    }

    #[test]
    fn blank_lines_and_whitespace_runs_fold_into_one_line() {
        let text = "عنوان الخبر\n\n  قاعدة\tعين\r\n الأسد \n";
        let start = text.find("قاعدة").unwrap();
        let h = hit("a.txt", text, vec![(start, start + "قاعدة".len())]);
        assert_eq!(
            render_snippet(&h, Marks::Brackets, None),
            ["    \u{2068}عنوان الخبر [قاعدة] عين الأسد\u{2069}"]
        );
        // The stored text and its highlight offsets are untouched.
        assert_eq!(&h.text[h.highlights[0].0..h.highlights[0].1], "قاعدة");
    }

    #[test]
    fn passages_wrap_at_word_boundaries_each_line_isolated() {
        let text = "قاعدة عين الأسد في محافظة الأنبار غرب العراق";
        let h = hit("a.txt", text, vec![]);
        let lines = render_snippet(&h, Marks::Brackets, Some(4 + 24));
        assert!(lines.len() > 1, "{lines:?}");
        let words: Vec<&str> = lines
            .iter()
            .flat_map(|l| {
                assert!(
                    l.starts_with("    \u{2068}") && l.ends_with('\u{2069}'),
                    "{l}"
                );
                l.trim_start()
                    .trim_matches(['\u{2068}', '\u{2069}'])
                    .split(' ')
            })
            .collect();
        assert_eq!(words.join(" "), text, "no word is broken");
    }

    #[test]
    fn one_header_per_article_without_placeholders() {
        let mut first = hit("a.txt", "قاعدة", vec![]);
        first.date = None;
        let mut second = hit("a.txt", "عين", vec![]);
        second.rank = 2;
        second.date = None;
        let mut out = Vec::new();
        write_text(&mut out, &[first, second], Marks::Brackets, false, None).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "1. 1.500  \u{2068}عنوان\u{2069} — a.txt\n    \u{2068}قاعدة\u{2069}\n    ⋯ 2. 1.500\n    \u{2068}عين\u{2069}\n\n"
        );
    }

    #[test]
    fn trec_lists_each_document_once() {
        let hits = [
            hit("a", "x", vec![]),
            hit("a", "y", vec![]),
            hit("b c", "z", vec![]),
        ];
        let mut out = Vec::new();
        let warnings = write_trec(&mut out, &hits, "7", 10).unwrap();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "7 Q0 a 1 1.500000 fahras\n7 Q0 b_c 2 1.500000 fahras\n"
        );
    }

    #[test]
    fn json_has_the_documented_fields() {
        let h = hit("a", "قاعدة", vec![(0, 10)]);
        let mut out = Vec::new();
        write_json(&mut out, std::slice::from_ref(&h), Some("q1"), false).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        for key in [
            "qid",
            "rank",
            "score",
            "doc",
            "title",
            "source",
            "url",
            "date",
            "passage",
            "start",
            "end",
            "text",
            "highlights",
            "also_in",
        ] {
            assert!(v.get(key).is_some(), "{key}");
        }
        assert_eq!(v["highlights"], serde_json::json!([[0, 10]]));
        assert!(v.get("explain").is_none());
    }
}
