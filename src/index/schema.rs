//! The index schema: one tantivy document per passage.
//!
//! Passage text is indexed twice: `text_exact` (`ar_exact`, every word, for phrases and exact
//! matches) and `text_stem` (`ar_stem`, for ranking across inflections); both keep positions for
//! phrase and proximity queries. The passage text itself is stored once, in `text`. Titles are
//! indexed both ways too, without positions. Offsets (`start`, `end`) are bytes in the original document text.

use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, NumericOptions, Schema,
    TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};

use crate::analysis::{AR_EXACT, AR_STEM};

/// Bumped whenever the schema or an analyzer changes what is indexed; an index of another version
/// must be rebuilt (`fahras index --rebuild`).
pub const SCHEMA_VERSION: u32 = 5;

/// Handles to every field of the schema.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    /// Document id: path relative to the corpus for `.txt`, the `id` field for `.jsonl`.
    pub doc_id: Field,
    /// Path of the source file relative to the corpus root.
    pub path: Field,
    /// Document title, stored for display.
    pub title: Field,
    /// Title analyzed with `ar_exact`.
    pub title_exact: Field,
    /// Title analyzed with `ar_stem`.
    pub title_stem: Field,
    /// Passage text as it stands in the source, stored for display and highlighting.
    pub text: Field,
    /// Passage text analyzed with `ar_exact`.
    pub text_exact: Field,
    /// Passage text analyzed with `ar_stem`.
    pub text_stem: Field,
    /// Passage number within its document, from 0.
    pub ordinal: Field,
    /// Byte offset of the passage in the original document text.
    pub start: Field,
    /// Byte offset one past the passage's end in the original document text.
    pub end: Field,
    /// Publishing outlet, analyzed with `ar_exact` for `source:` filters, and stored.
    pub source: Field,
    /// The article's original address (JSONL `url`), stored on every passage for the hits.
    pub url: Field,
    /// Publication date (day precision), for `date:` ranges.
    pub date: Field,
    /// Hash of the whole document's text (xxh3), to spot changed documents.
    pub content_hash: Field,
    /// The passage's near-duplicate sketch (`analysis::fingerprint`), several
    /// values of a fast column: collapsing rules most candidates out without reading them.
    pub near_dup: Field,
}

impl Fields {
    /// Builds the schema and its field handles.
    pub fn schema() -> (Schema, Fields) {
        let mut builder = Schema::builder();
        let analyzed = |analyzer: &str| {
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(analyzer)
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            )
        };
        // Titles repeat on every passage of an article; they are matched word by word (never as
        // phrases), so frequencies suffice and positions would only grow the index.
        let title = |analyzer: &str| {
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(analyzer)
                    .set_index_option(IndexRecordOption::WithFreqs),
            )
        };
        let number = || NumericOptions::default().set_stored().set_fast();
        let fields = Fields {
            doc_id: builder.add_text_field("doc_id", STRING | STORED | FAST),
            path: builder.add_text_field("path", STRING | STORED),
            title: builder.add_text_field("title", STORED),
            title_exact: builder.add_text_field("title_exact", title(AR_EXACT)),
            title_stem: builder.add_text_field("title_stem", title(AR_STEM)),
            text: builder.add_text_field("text", STORED),
            text_exact: builder.add_text_field("text_exact", analyzed(AR_EXACT)),
            text_stem: builder.add_text_field("text_stem", analyzed(AR_STEM)),
            ordinal: builder.add_u64_field("ordinal", number()),
            start: builder.add_u64_field("start", number()),
            end: builder.add_u64_field("end", number()),
            source: builder.add_text_field("source", analyzed(AR_EXACT).set_stored()),
            url: builder.add_text_field("url", STORED),
            date: builder.add_date_field(
                "date",
                DateOptions::default()
                    .set_indexed()
                    .set_stored()
                    .set_fast()
                    .set_precision(DateTimePrecision::Seconds),
            ),
            content_hash: builder.add_u64_field("content_hash", number()),
            near_dup: builder.add_u64_field("near_dup", FAST),
        };
        (builder.build(), fields)
    }

    /// Field handles of an opened index's schema; `None` if a field is missing (another version).
    pub fn from_schema(schema: &Schema) -> Option<Fields> {
        let get = |name: &str| schema.get_field(name).ok();
        Some(Fields {
            doc_id: get("doc_id")?,
            path: get("path")?,
            title: get("title")?,
            title_exact: get("title_exact")?,
            title_stem: get("title_stem")?,
            text: get("text")?,
            text_exact: get("text_exact")?,
            text_stem: get("text_stem")?,
            ordinal: get("ordinal")?,
            start: get("start")?,
            end: get("end")?,
            source: get("source")?,
            url: get("url")?,
            date: get("date")?,
            content_hash: get("content_hash")?,
            near_dup: get("near_dup")?,
        })
    }
}
