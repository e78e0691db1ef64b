//! `fahras stats`: what is in an index.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::Args;

use crate::cli::Outcome;
use crate::index::{self, stats::stats};

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Where the index lives.
    #[arg(long, default_value = "index")]
    pub index: PathBuf,
    /// Print the statistics as one JSON object.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: StatsArgs) -> anyhow::Result<Outcome> {
    let opened = index::open(&args.index)?;
    let stats = stats(&opened)?;
    let mut out = io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, &stats)?;
        writeln!(out)?;
        return Ok(Outcome::Success);
    }
    writeln!(out, "index:          {}", args.index.display())?;
    writeln!(out, "corpus:         {}", stats.corpus)?;
    writeln!(out, "documents:      {}", stats.documents)?;
    writeln!(out, "passages:       {}", stats.passages)?;
    for (field, count) in &stats.distinct_terms {
        writeln!(out, "terms {field:<11} {count}")?;
    }
    writeln!(out, "size on disk:   {} bytes", stats.size_bytes)?;
    writeln!(out, "segments:       {}", stats.segments)?;
    writeln!(out, "schema version: {}", stats.schema_version)?;
    writeln!(out, "analyzers:      {}", stats.analyzers.join(", "))?;
    writeln!(out, "last build:     {} (Unix time)", stats.built_at_unix)?;
    Ok(Outcome::Success)
}
