//! One whole article for `fahras show`: its text as it stands in the source file, its metadata
//! and where its passages are.
//!
//! The index stores passages, not articles: the article is read again from its source file
//! (in the corpus the index records) with the reader that indexed it, so the text is the same
//! decoded text the passage offsets refer to. An article whose source changed since it was
//! indexed is refused rather than shown with offsets that no longer fit.

use std::path::PathBuf;

use serde::Serialize;
use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};
use thiserror::Error;

use crate::corpus::{self, Article, SourceFile};
use crate::index::{origin, PassageIndex};

/// Why an article cannot be shown.
#[derive(Debug, Error)]
pub(crate) enum ShowError {
    /// No passage of the index has this document id.
    #[error("no document `{0}` in the index (ids are the `doc` of search results)")]
    NotFound(String),
    /// The source file is gone or no longer holds the article.
    #[error("{}: the article `{doc}` is no longer there; run `fahras index` to update the index", path.display())]
    Gone {
        /// The document id.
        doc: String,
        /// The source file.
        path: PathBuf,
    },
    /// The source changed since the article was indexed.
    #[error("{}: the article `{doc}` changed since it was indexed; run `fahras index` to update the index", path.display())]
    Changed {
        /// The document id.
        doc: String,
        /// The source file.
        path: PathBuf,
    },
    /// Tantivy failed.
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}

/// Where one passage of the article is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub(crate) struct PassageRange {
    /// The passage ordinal (`passage` in search hits).
    pub passage: u64,
    /// Byte offset of its start in `text`.
    pub start: usize,
    /// Byte offset one past its end in `text`.
    pub end: usize,
}

/// An article as `fahras show` prints it.
#[derive(Clone, Debug)]
pub(crate) struct ShownArticle {
    /// The source as read, with the metadata the reader found.
    pub article: Article,
    /// Its passages, in order.
    pub passages: Vec<PassageRange>,
    /// The source file.
    pub file: PathBuf,
}

/// Reads the article `doc` of the index from its source.
pub(crate) fn load(index: &PassageIndex, doc: &str) -> Result<ShownArticle, ShowError> {
    let f = &index.fields;
    let searcher = index.index.reader()?.searcher();
    let query = TermQuery::new(
        Term::from_field_text(f.doc_id, doc),
        IndexRecordOption::Basic,
    );
    let mut passages = Vec::new();
    let mut stored_path = None;
    let mut stored_hash = None;
    for address in searcher.search(&query, &DocSetCollector)? {
        let stored: TantivyDocument = searcher.doc(address)?;
        let number = |field| stored.get_first(field).and_then(|v| v.as_u64());
        let (Some(passage), Some(start), Some(end)) =
            (number(f.ordinal), number(f.start), number(f.end))
        else {
            continue;
        };
        passages.push(PassageRange {
            passage,
            start: start as usize,
            end: end as usize,
        });
        stored_hash = number(f.content_hash);
        stored_path = stored
            .get_first(f.path)
            .and_then(|v| v.as_str())
            .map(String::from);
    }
    let rel_path = stored_path.ok_or_else(|| ShowError::NotFound(doc.to_string()))?;
    passages.sort_by_key(|p| p.passage);
    let file = origin::resolve(&index.info).join(&rel_path);
    let source = SourceFile {
        rel_path,
        abs_path: file.clone(),
        size: 0,
        modified_unix_nanos: 0,
    };
    let mut found = None;
    corpus::read_file_each(&source, &mut |article| {
        if found.is_none() && article.id == doc {
            found = Some(article);
        }
    });
    let gone = || ShowError::Gone {
        doc: doc.to_string(),
        path: file.clone(),
    };
    let article = found.ok_or_else(gone)?;
    let fits = passages.iter().all(|p| {
        p.start <= p.end
            && article.text.is_char_boundary(p.start)
            && article.text.is_char_boundary(p.end)
            && p.end <= article.text.len()
    });
    if stored_hash != Some(article.content_hash) || !fits {
        return Err(ShowError::Changed {
            doc: doc.to_string(),
            path: file,
        });
    }
    Ok(ShownArticle {
        article,
        passages,
        file,
    })
}
