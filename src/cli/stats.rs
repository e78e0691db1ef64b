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
    writeln!(
        out,
        "last build:     {}",
        format_unix_time(stats.built_at_unix)
    )?;
    Ok(Outcome::Success)
}

/// An RFC 3339 UTC time, or the raw number if it is out of range.
fn format_unix_time(seconds: u64) -> String {
    i64::try_from(seconds)
        .ok()
        .and_then(|s| time::OffsetDateTime::from_unix_timestamp(s).ok())
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| seconds.to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn build_time_is_shown_as_rfc3339() {
        assert_eq!(
            super::format_unix_time(1_640_044_800),
            "2021-12-21T00:00:00Z"
        );
    }
}
