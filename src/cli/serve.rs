//! `fahras serve`: the search page and the JSON API over HTTP.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Args;

use crate::cli::Outcome;
use crate::serve;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Where the index lives.
    #[arg(long, default_value = "index")]
    pub index: PathBuf,
    /// The corpus folder, to build the index when there is none yet [default: corpus].
    #[arg(long)]
    pub corpus: Option<PathBuf>,
    /// The address to listen on. The default serves this machine only; another address (e.g.
    /// 0.0.0.0:8080) lets others on the network search the index and read its articles.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
}

pub fn run(args: ServeArgs) -> anyhow::Result<Outcome> {
    serve::run(&serve::Config {
        index: args.index,
        corpus: args.corpus,
        bind: args.bind,
    })?;
    Ok(Outcome::Success)
}
