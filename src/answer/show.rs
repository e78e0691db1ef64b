//! One whole article as `fahras show` gives it: its text read again from its source, where its
//! passages are, and the words a query highlights in it.

use serde::Serialize;
use utoipa::ToSchema;

use crate::search::highlight::Highlighter;
use crate::search::show::{self, PassageRange, ShowError, ShownArticle};
use crate::search::Engine;

/// Why an article cannot be shown.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ShowFailure {
    /// Not in the index, gone from its source, changed, or the index failed.
    #[error(transparent)]
    Show(#[from] ShowError),
    /// The article has no such passage.
    #[error("`{doc}` has no passage {passage} (it has {count})")]
    NoPassage {
        /// The document id.
        doc: String,
        /// The passage asked for.
        passage: u64,
        /// How many it has.
        count: usize,
    },
}

/// An article with the passages and highlights asked for.
pub(crate) struct Shown {
    /// The article as read from its source.
    pub shown: ShownArticle,
    /// Its passages (only the one asked for, when one was).
    pub passages: Vec<PassageRange>,
    /// Byte ranges in its text of the words the query matches.
    pub highlights: Vec<(usize, usize)>,
    /// What was ignored in the query.
    pub warnings: Vec<String>,
}

/// Reads the article `doc`, keeping only passage `passage` when given, with the words of
/// `query` highlighted.
pub(crate) fn show(
    engine: &Engine,
    doc: &str,
    passage: Option<u64>,
    query: Option<&str>,
) -> Result<Shown, ShowFailure> {
    let shown = show::load(&engine.index, doc)?;
    let mut passages = shown.passages.clone();
    if let Some(n) = passage {
        passages.retain(|p| p.passage == n);
        if passages.is_empty() {
            return Err(ShowFailure::NoPassage {
                doc: doc.to_string(),
                passage: n,
                count: shown.passages.len(),
            });
        }
    }
    let (highlights, warnings) = match query {
        Some(query) => {
            let (terms, warnings) = engine.highlight_terms(query);
            let ranges = Highlighter::default().ranges(&shown.article.text, &terms);
            (ranges, warnings)
        }
        None => (Vec::new(), Vec::new()),
    };
    Ok(Shown {
        shown,
        passages,
        highlights,
        warnings,
    })
}

/// `fahras show --format json` and `GET /api/doc/{id}`: one object.
///
/// ```text
/// {
///   "doc":        string, the document id,
///   "path":       string, the source file relative to the corpus,
///   "line":       integer or null, the JSONL line of the record,
///   "title", "source", "date" ("YYYY-MM-DD"), "url": string (title) or null,
///   "text":       string, the article as read from its source (offsets refer to it),
///   "passages":   [{"passage", "start", "end"}, ...], byte ranges in `text` (only passage N
///                 with --passage N),
///   "highlights": [[start, end], ...], byte ranges in `text` of the words --query matches
/// }
/// ```
#[derive(Serialize, ToSchema)]
pub(crate) struct ArticleJson<'a> {
    /// The document id.
    pub doc: &'a str,
    /// The source file, relative to the corpus.
    pub path: &'a str,
    /// The JSONL line of the record.
    pub line: Option<usize>,
    /// The title.
    pub title: &'a str,
    /// The outlet.
    pub source: Option<&'a str>,
    /// The publication day, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The article's original address.
    pub url: Option<&'a str>,
    /// The article as read from its source; offsets are bytes of its UTF-8.
    pub text: &'a str,
    /// Where its passages are.
    pub passages: &'a [PassageRange],
    /// Byte ranges in `text` of the words the query matches.
    pub highlights: &'a [(usize, usize)],
}

impl Shown {
    /// The article as JSON.
    pub(crate) fn json(&self) -> ArticleJson<'_> {
        let a = &self.shown.article;
        ArticleJson {
            doc: &a.id,
            path: &a.rel_path,
            line: a.line,
            title: &a.title,
            source: a.source.as_deref(),
            date: a.date.map(|d| d.to_string()),
            url: a.url.as_deref(),
            text: &a.text,
            passages: &self.passages,
            highlights: &self.highlights,
        }
    }
}
