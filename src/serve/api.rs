//! The JSON API: `GET /api/search`, `GET /api/doc/{id}`, `GET /api/stats`, and their OpenAPI
//! description at `/api/openapi.json`, generated from the handlers and response types below.
//!
//! Every error is `{"error": message, "status": code}` with that HTTP status: 400 for a bad
//! parameter (saying which and why), 404 for an unknown document or route, 409/410 for an
//! article whose source changed or vanished since it was indexed, 500 when the index fails.

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use crate::answer::search::{self as answer, FacetsAsked, Request};
use crate::answer::show::{self, ShowFailure};
use crate::index::stats::{stats as index_stats, IndexStats};
use crate::search::output::write_trec;
use crate::search::query::MAX_QUERY_CHARS;
use crate::search::show::ShowError;
use crate::search::{Order, DEFAULT_LIMIT, DEFAULT_PER_DOC};
use crate::serve::live::Live;

/// Most hits one request may ask for.
pub(crate) const MAX_LIMIT: usize = 100;
/// Most hits one request may skip: paging deeper than this costs ranking that many hits.
pub(crate) const MAX_OFFSET: usize = 1000;
/// Most passages per document one request may ask for.
pub(crate) const MAX_PER_DOC: usize = 100;

/// The API's routes.
pub(crate) fn routes() -> Router<Arc<Live>> {
    Router::new()
        .route("/api/search", get(search))
        .route("/api/doc/{*id}", get(doc))
        .route("/api/stats", get(stats))
        .route("/api/openapi.json", get(openapi))
}

/// The OpenAPI description of the API.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "fahras",
        description = "Arabic full-text search over a folder of news articles: the engine of `fahras search`, `fahras show` and `fahras stats` over HTTP."
    ),
    paths(search, doc, stats, openapi)
)]
pub(crate) struct ApiDoc;

/// An error: what went wrong, and the HTTP status.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ErrorJson {
    /// What went wrong, in words.
    pub error: String,
    /// The HTTP status code.
    pub status: u16,
}

/// An error response.
#[derive(Debug)]
pub(crate) struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
        }
    }

    fn bad(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    fn internal(error: impl std::fmt::Display) -> Self {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, error.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorJson {
            error: self.message,
            status: self.status.as_u16(),
        };
        (self.status, Json(body)).into_response()
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        ApiError::bad(rejection.body_text())
    }
}

/// Runs `work` on the blocking pool (searching is CPU work); a panic becomes a 500.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    match tokio::task::spawn_blocking(work).await {
        Ok(result) => result,
        Err(error) => Err(ApiError::internal(format!(
            "the search failed on the index ({error}): if it happens again, check the index with `fahras stats`"
        ))),
    }
}

/// The parameters of `GET /api/search`: the options of `fahras search`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct SearchParams {
    /// The query, in `fahras search`'s language: words (Arabic or Latin script), "phrases",
    /// +required, -excluded, AND/OR/NOT, and the filters title:, source:, doc:, date:A..B.
    #[param(value_type = String, min_length = 1, max_length = 4000)]
    q: Option<String>,
    /// Hits to return (0 to 100).
    #[param(value_type = Option<u32>, minimum = 0, maximum = 100, default = 10)]
    limit: Option<String>,
    /// Hits to skip before them, for paging (0 to 1000; JSON only).
    #[param(value_type = Option<u32>, minimum = 0, maximum = 1000, default = 0)]
    offset: Option<String>,
    /// At most this many passages per article (0: no cap; at most 100).
    #[param(value_type = Option<u32>, minimum = 0, maximum = 100, default = 2)]
    per_doc: Option<String>,
    /// Fold near-duplicate passages (the same statement in several outlets) into one hit.
    #[param(value_type = Option<bool>, default = true)]
    collapse: Option<String>,
    /// `score` (best first), `date` (oldest first) or `-date` (newest first; JSON only).
    #[param(value_type = Option<String>, pattern = "^(score|date|-date)$", default = "score")]
    sort: Option<String>,
    /// Facets to count over all matching articles: `date`, `source` or `date,source` (JSON only).
    #[param(value_type = Option<String>, pattern = "^(date|source)(,(date|source))?$")]
    facets: Option<String>,
    /// `json` (the answer as one object) or `trec` (TREC run lines, one per document).
    #[param(value_type = Option<String>, pattern = "^(json|trec)$", default = "json")]
    format: Option<String>,
    /// Add each clause's share of the score to every hit (`explain`).
    #[param(value_type = Option<bool>, default = false)]
    explain: Option<String>,
}

/// A whole number from 0 to `max`, or `default` when absent.
fn number(name: &str, value: Option<&str>, default: usize, max: usize) -> Result<usize, ApiError> {
    let Some(value) = value else {
        return Ok(default);
    };
    match value.trim().parse::<usize>() {
        Ok(n) if n <= max => Ok(n),
        Ok(_) => Err(ApiError::bad(format!(
            "`{name}` is at most {max}, not {value}"
        ))),
        Err(_) => Err(ApiError::bad(format!(
            "`{name}` is a whole number from 0 to {max}, not `{value}`"
        ))),
    }
}

/// `true` or `false`, or `default` when absent.
fn flag(name: &str, value: Option<&str>, default: bool) -> Result<bool, ApiError> {
    match value.map(str::trim) {
        None => Ok(default),
        Some("true" | "1") => Ok(true),
        Some("false" | "0") => Ok(false),
        Some(other) => Err(ApiError::bad(format!(
            "`{name}` is true or false, not `{other}`"
        ))),
    }
}

impl SearchParams {
    /// The query and the request, checked.
    fn request(self) -> Result<(String, Request), ApiError> {
        let q = self.q.unwrap_or_default();
        if q.trim().is_empty() {
            return Err(ApiError::bad("`q` (the query) is missing or empty"));
        }
        let chars = q.chars().count();
        if chars > MAX_QUERY_CHARS {
            return Err(ApiError::bad(format!(
                "`q` is {chars} characters long; a query has at most {MAX_QUERY_CHARS}"
            )));
        }
        let order = match self.sort.as_deref().map(str::trim) {
            None | Some("score") => Order::Score,
            Some("date") => Order::Oldest,
            Some("-date") => Order::Newest,
            Some(other) => {
                return Err(ApiError::bad(format!(
                    "`sort` is score, date or -date, not `{other}`"
                )))
            }
        };
        let trec = match self.format.as_deref().map(str::trim) {
            None | Some("json") => false,
            Some("trec") => true,
            Some(other) => {
                return Err(ApiError::bad(format!(
                    "`format` is json or trec, not `{other}`"
                )))
            }
        };
        let facets = match &self.facets {
            None => FacetsAsked::default(),
            Some(list) => FacetsAsked::parse(list.split(',')).map_err(|name| {
                ApiError::bad(format!("`facets` lists date and source, not `{name}`"))
            })?,
        };
        let request = Request {
            limit: number("limit", self.limit.as_deref(), DEFAULT_LIMIT, MAX_LIMIT)?,
            offset: number("offset", self.offset.as_deref(), 0, MAX_OFFSET)?,
            per_doc: number(
                "per_doc",
                self.per_doc.as_deref(),
                DEFAULT_PER_DOC,
                MAX_PER_DOC,
            )?,
            collapse: flag("collapse", self.collapse.as_deref(), true)?,
            order,
            facets,
            trec,
            explain: flag("explain", self.explain.as_deref(), false)?,
        };
        request
            .validate()
            .map_err(|e| ApiError::bad(e.to_string()))?;
        Ok((q, request))
    }
}

/// Searches the index: the hits of one page in `fahras search --format json`'s schema, how
/// many passages and articles match in the whole index, the facets asked for and how the query
/// was read (`Ain al-Asad → عين الأسد`). With `format=trec`, TREC run lines instead.
#[utoipa::path(
    get,
    path = "/api/search",
    params(SearchParams),
    responses(
        (status = 200, description = "The answer (`format=json`), or TREC run lines `qid Q0 docid rank score fahras` (`format=trec`)",
            content((answer::AnswerJson = "application/json"), (String = "text/plain"))),
        (status = 400, description = "A parameter is missing, unknown or out of bounds", body = ErrorJson),
        (status = 500, description = "The index could not be read", body = ErrorJson)
    )
)]
async fn search(
    State(live): State<Arc<Live>>,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    let (q, request) = params?.0.request()?;
    let (body, trec) = blocking(move || {
        let loaded = live.engine();
        let answered = answer::answer(&loaded.engine, &q, &request)
            .map_err(|e| ApiError::internal(format!("{:#}", anyhow::Error::from(e))))?;
        if request.trec {
            let mut out = Vec::new();
            write_trec(&mut out, &answered.results.hits, "1", request.limit)
                .map_err(ApiError::internal)?;
            return Ok((out, true));
        }
        let json = serde_json::to_vec(&answered.json(&q, &request)).map_err(ApiError::internal)?;
        Ok((json, false))
    })
    .await?;
    let kind = if trec {
        "text/plain; charset=utf-8"
    } else {
        "application/json"
    };
    Ok(([(header::CONTENT_TYPE, kind)], body).into_response())
}

/// The parameters of `GET /api/doc/{id}`: the options of `fahras show`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct DocParams {
    /// Only this passage (`passage` of a search hit).
    #[param(value_type = Option<u64>, minimum = 0)]
    passage: Option<String>,
    /// Highlight the words this query matches (at most 4000 characters).
    #[param(value_type = Option<String>, max_length = 4000)]
    query: Option<String>,
}

/// One whole article as it stands in its source, with where its passages are and the words of
/// `query` highlighted (`fahras show --format json`). Only documents of the index can be read:
/// the id is looked up in the index, which names the file.
#[utoipa::path(
    get,
    path = "/api/doc/{id}",
    params(
        ("id" = String, Path, description = "The document id (`doc` of a search hit)"),
        DocParams
    ),
    responses(
        (status = 200, description = "The article", body = crate::answer::show::ArticleJson),
        (status = 400, description = "A parameter is bad", body = ErrorJson),
        (status = 404, description = "No such document in the index, or no such passage", body = ErrorJson),
        (status = 409, description = "The article changed since it was indexed", body = ErrorJson),
        (status = 410, description = "The article is no longer in its source file", body = ErrorJson),
        (status = 500, description = "The index could not be read", body = ErrorJson)
    )
)]
async fn doc(
    State(live): State<Arc<Live>>,
    Path(id): Path<String>,
    params: Result<Query<DocParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    let params = params?.0;
    let passage = match params.passage.as_deref().map(str::trim) {
        None => None,
        Some(text) => Some(
            text.parse::<u64>()
                .map_err(|_| ApiError::bad(format!("`passage` is a whole number, not `{text}`")))?,
        ),
    };
    if let Some(query) = &params.query {
        let chars = query.chars().count();
        if chars > MAX_QUERY_CHARS {
            return Err(ApiError::bad(format!(
                "`query` is {chars} characters long; a query has at most {MAX_QUERY_CHARS}"
            )));
        }
    }
    let body = blocking(move || {
        let loaded = live.engine();
        let shown = show::show(&loaded.engine, &id, passage, params.query.as_deref()).map_err(
            |failure| {
                let status = match &failure {
                    ShowFailure::Show(ShowError::NotFound(_)) | ShowFailure::NoPassage { .. } => {
                        StatusCode::NOT_FOUND
                    }
                    ShowFailure::Show(ShowError::Changed { .. }) => StatusCode::CONFLICT,
                    ShowFailure::Show(ShowError::Gone { .. }) => StatusCode::GONE,
                    ShowFailure::Show(ShowError::Tantivy(_)) => StatusCode::INTERNAL_SERVER_ERROR,
                };
                ApiError::new(status, failure.to_string())
            },
        )?;
        serde_json::to_vec(&shown.json()).map_err(ApiError::internal)
    })
    .await?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// What is in the index (`fahras stats --json`): articles, passages, dates, sources,
/// vocabulary, size, build time, and whether its corpus changed since.
#[utoipa::path(
    get,
    path = "/api/stats",
    responses(
        (status = 200, description = "The index's statistics", body = IndexStats),
        (status = 500, description = "The index could not be read", body = ErrorJson)
    )
)]
async fn stats(State(live): State<Arc<Live>>) -> Result<Json<IndexStats>, ApiError> {
    let stats = blocking(move || {
        let loaded = live.engine();
        index_stats(&loaded.engine.index)
            .map_err(|e| ApiError::internal(format!("{:#}", anyhow::Error::from(e))))
    })
    .await?;
    Ok(Json(stats))
}

/// This description of the API (OpenAPI 3.1).
#[utoipa::path(
    get,
    path = "/api/openapi.json",
    responses((status = 200, description = "The OpenAPI description", content_type = "application/json"))
)]
async fn openapi() -> Response {
    Json(ApiDoc::openapi()).into_response()
}

/// Another method than GET: a JSON 405.
pub(crate) async fn not_allowed(method: axum::http::Method, uri: axum::http::Uri) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("{method} {}: only GET is served", uri.path()),
    )
}

/// Any other path: a JSON 404.
pub(crate) async fn not_found(uri: axum::http::Uri) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        format!(
            "nothing at {}: the page is at /, the API is described at /api/openapi.json",
            uri.path()
        ),
    )
}
