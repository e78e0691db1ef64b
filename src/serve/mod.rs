//! `fahras serve`: a search page and a JSON API over the same engine as `fahras search`.
//!
//! - [`live`]: the engine of the index as last committed, reopened when `fahras index` changes
//!   the index (an update's commit or a rebuild's switch), never mid-update;
//! - [`api`]: `GET /api/search`, `/api/doc/{id}`, `/api/stats` and the OpenAPI description
//!   generated from their types at `/api/openapi.json`;
//! - [`page`]: the search page, its script and style built into the binary (no network).
//!
//! Searching is CPU work on tantivy's synchronous API: each request runs it on tokio's
//! blocking pool, so a slow query never holds up the connections of the others.

mod api;
mod live;
mod page;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::Router;

use crate::cli::search::open_or_build;
use live::Live;

/// What `fahras serve` serves and where.
pub(crate) struct Config {
    /// The index folder.
    pub index: PathBuf,
    /// The corpus to build a missing index from.
    pub corpus: Option<PathBuf>,
    /// The address to listen on.
    pub bind: SocketAddr,
}

/// How often the index folder is looked at for a new commit.
const RELOAD_EVERY: Duration = Duration::from_millis(500);

/// Serves until interrupted (Ctrl-C or SIGTERM).
pub(crate) fn run(config: &Config) -> anyhow::Result<()> {
    let opened = open_or_build(config.corpus.as_deref(), &config.index)?;
    let live = Live::open(&config.index, opened)?;
    live::watch(Arc::clone(&live), RELOAD_EVERY);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the HTTP server's runtime")?;
    runtime.block_on(serve(live, config))
}

async fn serve(live: Arc<Live>, config: &Config) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(config.bind)
        .await
        .with_context(|| format!("cannot listen on {}", config.bind))?;
    let address = listener.local_addr()?;
    if !address.ip().is_loopback() {
        eprintln!(
            "fahras: listening on {address}, which is not a loopback address: anyone who can reach this machine there can search the index and read its articles (no authentication, plain HTTP)"
        );
    }
    // The first line on stdout, for people and for scripts that start the server on port 0.
    println!(
        "fahras: serving the index at {} on http://{address}/ (Ctrl-C stops)",
        config.index.display()
    );
    axum::serve(listener, router(live))
        .with_graceful_shutdown(stopped())
        .await
        .context("the HTTP server failed")
}

/// The whole application: the page, its assets and the API.
fn router(live: Arc<Live>) -> Router {
    Router::new()
        .merge(page::routes())
        .merge(api::routes())
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::not_allowed)
        .with_state(live)
}

/// Resolves on Ctrl-C or SIGTERM.
async fn stopped() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}
