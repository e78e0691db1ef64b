//! One query's answer: the hits of a page, how many passages and articles match in the whole
//! index, the facets asked for, and how the query was read.

use serde::Serialize;
use utoipa::ToSchema;

use crate::search::count::Matches;
use crate::search::facets::Facets;
use crate::search::output::JsonHit;
use crate::search::{Engine, Order, SearchError, SearchOptions, SearchResults};

/// What to compute for a query, the same options on the command line and over HTTP.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Request {
    /// Hits shown.
    pub limit: usize,
    /// Hits skipped before them (paging).
    pub offset: usize,
    /// At most this many passages per document (0: no cap).
    pub per_doc: usize,
    /// Fold near-duplicate passages into one hit.
    pub collapse: bool,
    /// Order of the hits.
    pub order: Order,
    /// Facets to count.
    pub facets: FacetsAsked,
    /// Rank documents for a TREC run (one passage each, no passages read).
    pub trec: bool,
    /// Explain each hit's score.
    pub explain: bool,
}

/// Which facets to count.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct FacetsAsked {
    /// The timeline of matching articles.
    pub dates: bool,
    /// Matching articles per source.
    pub sources: bool,
}

impl FacetsAsked {
    /// From facet names (`date`, `source`); an unknown name is returned as the error.
    pub(crate) fn parse<'a>(names: impl IntoIterator<Item = &'a str>) -> Result<Self, String> {
        let mut asked = FacetsAsked::default();
        for name in names {
            match name.trim() {
                "date" => asked.dates = true,
                "source" => asked.sources = true,
                "" => {}
                other => return Err(other.to_string()),
            }
        }
        Ok(asked)
    }

    /// Whether any facet is asked for.
    pub(crate) fn any(self) -> bool {
        self.dates || self.sources
    }
}

/// An option a TREC run cannot take.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub(crate) enum RequestError {
    /// Paging a TREC run.
    #[error("offset pages text and JSON output; a TREC run always ranks from 1")]
    Offset,
    /// Facets of a TREC run.
    #[error("facets describe one query's answer in text or JSON output, not a TREC run")]
    Facets,
    /// A date order for a TREC run.
    #[error("sort orders text and JSON output; a TREC run ranks by score")]
    Sort,
}

impl Request {
    /// Checks the combination of options.
    pub(crate) fn validate(&self) -> Result<(), RequestError> {
        if self.trec && self.offset > 0 {
            return Err(RequestError::Offset);
        }
        if self.trec && self.facets.any() {
            return Err(RequestError::Facets);
        }
        if self.trec && self.order != Order::Score {
            return Err(RequestError::Sort);
        }
        Ok(())
    }

    /// The engine's options: enough hits to skip `offset` of them; for a TREC run, documents
    /// ranked with one (best) passage each, no collapsing (which would hide documents that
    /// republish a statement), and no passages, highlights or explanations to compute.
    pub(crate) fn options(&self) -> SearchOptions {
        let mut options = SearchOptions {
            limit: self.limit.saturating_add(self.offset),
            per_doc: self.per_doc,
            collapse: self.collapse,
            explain: self.explain,
            passages: true,
            documents: false,
            order: self.order,
        };
        if self.trec {
            options.per_doc = 1;
            options.collapse = false;
            options.documents = true;
            options.passages = false;
            options.explain = false;
        }
        options
    }
}

/// The answer to one query (see [`answer`]).
pub(crate) struct Answer {
    /// The hits of the page (the first `offset` removed), warnings and readings.
    pub results: SearchResults,
    /// Passages and articles matching in the whole index (not for TREC runs).
    pub matches: Option<Matches>,
    /// The facets asked for.
    pub facets: Option<Facets>,
    /// Which facets were asked for.
    pub asked: FacetsAsked,
}

/// Answers `query` as `request` asks.
pub(crate) fn answer(
    engine: &Engine,
    query: &str,
    request: &Request,
) -> Result<Answer, SearchError> {
    let mut results = engine.search(query, &request.options())?;
    skip(&mut results, request.offset);
    let matches = if request.trec {
        None
    } else {
        Some(engine.count_matches(query)?)
    };
    let facets = if request.facets.any() {
        Some(engine.facets(query, request.facets.sources)?)
    } else {
        None
    };
    Ok(Answer {
        results,
        matches,
        facets,
        asked: request.facets,
    })
}

/// Drops the first `offset` hits (they belong to earlier pages).
pub(crate) fn skip(results: &mut SearchResults, offset: usize) {
    let skipped = offset.min(results.hits.len());
    results.hits.drain(..skipped);
}

/// The facets asked for, as JSON: `{"dates", "period", "sources", "undated", "unsourced"}`,
/// each only when its facet was asked for (`dates`, `period`, `undated` with `date`; `sources`,
/// `unsourced` with `source`).
#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct FacetsJson {
    /// Articles per period (`YYYY-MM-DD` or `YYYY-MM`), oldest first, the empty periods between
    /// the first and the last included.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<(String, u64)>>)]
    pub dates: Option<Vec<(String, u64)>>,
    /// `day` or `month`: what a period of `dates` is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// Articles per source, most first.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<(String, u64)>>)]
    pub sources: Option<Vec<(String, u64)>>,
    /// Matching articles without a date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undated: Option<u64>,
    /// Matching articles without a source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unsourced: Option<u64>,
}

impl FacetsJson {
    /// The parts of `facets` that were asked for.
    pub(crate) fn new(facets: Facets, asked: FacetsAsked) -> Self {
        let Facets {
            period,
            dates,
            undated,
            sources,
            unsourced,
        } = facets;
        FacetsJson {
            dates: asked.dates.then_some(dates),
            period: asked.dates.then(|| period.to_string()),
            sources: asked.sources.then_some(sources),
            undated: asked.dates.then_some(undated),
            unsourced: asked.sources.then_some(unsourced),
        }
    }
}

/// How many passages and articles match the query in the whole index.
#[derive(Clone, Copy, Debug, Serialize, ToSchema)]
pub(crate) struct MatchesJson {
    /// Passages matching (filters applied, excluded words removed).
    pub passages: u64,
    /// Articles with at least one of them.
    pub articles: u64,
}

impl From<Matches> for MatchesJson {
    fn from(m: Matches) -> Self {
        MatchesJson {
            passages: m.passages,
            articles: m.articles,
        }
    }
}

/// One query's answer as JSON (`GET /api/search`).
#[derive(Serialize, ToSchema)]
pub(crate) struct AnswerJson<'a> {
    /// The query as searched.
    pub query: &'a str,
    /// How Latin-script or misspelt words were read and which other spellings were added, one
    /// line per run of them (`Ain al-Asad → عين الأسد`), as `fahras search` prints them.
    pub reading: &'a [String],
    /// What was ignored in the query.
    pub warnings: &'a [String],
    /// Hits skipped before these (paging).
    pub offset: usize,
    /// Hits asked for.
    pub limit: usize,
    /// Passages and articles matching in the whole index.
    pub matches: MatchesJson,
    /// Whether a next page may have hits: this page is full and fewer passages than
    /// `offset + limit` were shown.
    pub more: bool,
    /// The hits, best first, in `fahras search --format json`'s schema.
    pub hits: Vec<JsonHit<'a>>,
    /// The facets asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<FacetsJson>,
}

impl Answer {
    /// The answer as JSON, for a query answered with `request`.
    pub(crate) fn json<'a>(&'a self, query: &'a str, request: &Request) -> AnswerJson<'a> {
        let matches = self.matches.map(MatchesJson::from).unwrap_or(MatchesJson {
            passages: 0,
            articles: 0,
        });
        let shown = request.offset.saturating_add(self.results.hits.len());
        AnswerJson {
            query,
            reading: &self.results.interpretation,
            warnings: &self.results.warnings,
            offset: request.offset,
            limit: request.limit,
            matches,
            more: self.results.hits.len() == request.limit && (shown as u64) < matches.passages,
            hits: self
                .results
                .hits
                .iter()
                .map(|hit| JsonHit::new(hit, None, request.explain))
                .collect(),
            facets: self
                .facets
                .clone()
                .map(|facets| FacetsJson::new(facets, self.asked)),
        }
    }
}
