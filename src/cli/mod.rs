//! The command-line interface: one subcommand per file, each an `Args` type and a `run` function.

pub mod analyze;
pub mod argv;
pub mod eval;
pub mod index;
pub mod search;
pub mod serve;
pub mod show;
pub mod stats;

use clap::{Parser, Subcommand};

/// fahras (فهرس): Arabic full-text search over folders of news articles.
#[derive(Debug, Parser)]
#[command(name = "fahras", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show the tokens an analyzer produces for a text, with positions and byte offsets.
    Analyze(analyze::AnalyzeArgs),
    /// Measure ranking quality: run a topics file and score it against qrels (nDCG, MRR, MAP, P, R).
    Eval(eval::EvalArgs),
    /// Build or update the passage index of a corpus folder.
    Index(index::IndexArgs),
    /// Search the index: ranked, highlighted passages (builds the index on first use).
    Search(search::SearchArgs),
    /// Serve a search page and a JSON API over HTTP (localhost by default).
    Serve(serve::ServeArgs),
    /// Show one whole article as it stands in its source, its passages marked.
    Show(show::ShowArgs),
    /// Show what is in an index: documents, passages, terms, size, schema version.
    Stats(stats::StatsArgs),
}

/// How a command ended, mapped to the process exit code by `main`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Success,
    /// Exit 1: the command ran but found nothing (grep's convention).
    NothingFound,
    /// Exit 1: the command completed but skipped inputs (`--strict`).
    Incomplete,
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Analyze(args) => analyze::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Index(args) => index::run(args),
        Command::Search(args) => search::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Show(args) => show::run(args),
        Command::Stats(args) => stats::run(args),
    }
}
