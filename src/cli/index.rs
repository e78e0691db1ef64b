//! `fahras index`: build or update the passage index of a corpus folder.

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use crate::cli::search::DEFAULT_CORPUS;
use crate::cli::Outcome;
use crate::index::build::{build, BuildOptions, BuildSummary, DEFAULT_MEMORY_BYTES};
use crate::index::origin;
use crate::index::remeasure::REMEASURE_SHARE;

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Folder of articles (.txt, one article per file; .jsonl, one article per line)
    /// [default: the corpus the index was built from, else corpus].
    #[arg(long)]
    pub corpus: Option<PathBuf>,
    /// Where the index lives.
    #[arg(long, default_value = "index")]
    pub index: PathBuf,
    /// Start over instead of updating only what changed.
    #[arg(long)]
    pub rebuild: bool,
    /// Rebuild the index from the corpus if it is damaged (a missing, cut short or overwritten
    /// file); update it as usual if it is not.
    #[arg(long, conflicts_with = "rebuild")]
    pub repair: bool,
    /// Allow the run to remove more than half of the index's documents (refused otherwise, in
    /// case the corpus folder is missing or unreadable).
    #[arg(long)]
    pub allow_shrink: bool,
    /// Measure the corpus statistics (learned chrome, spelling variants) again, however little
    /// changed since they were (an update measures them once 5 % of the input changed).
    #[arg(long, conflicts_with = "rebuild")]
    pub remeasure: bool,
    /// Exit with status 1 when any input was skipped.
    #[arg(long)]
    pub strict: bool,
    /// Print nothing but errors (no summary, no progress bar).
    #[arg(long)]
    pub quiet: bool,
    /// Print the summary as one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Memory budget of the index writer, in MiB.
    #[arg(long, default_value_t = DEFAULT_MEMORY_BYTES / (1024 * 1024))]
    pub memory: usize,
}

pub fn run(args: IndexArgs) -> anyhow::Result<Outcome> {
    // An existing index is updated from its own corpus unless told otherwise.
    let corpus = args
        .corpus
        .clone()
        .or_else(|| origin::recorded(&args.index))
        .unwrap_or_else(|| PathBuf::from(DEFAULT_CORPUS));
    let options = BuildOptions {
        corpus: corpus.clone(),
        index: args.index.clone(),
        rebuild: args.rebuild,
        memory_bytes: args.memory.saturating_mul(1024 * 1024),
        progress: !args.quiet && !args.json,
        allow_shrink: args.allow_shrink,
        repair: args.repair,
        remeasure: args.remeasure,
    };
    let summary =
        build(&options).with_context(|| format!("indexing {} failed", corpus.display()))?;
    let mut out = io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, &summary)?;
        writeln!(out)?;
    } else if !args.quiet {
        write_summary(&mut out, &summary)?;
    }
    if args.strict && !summary.skipped.is_empty() {
        return Ok(Outcome::Incomplete);
    }
    Ok(Outcome::Success)
}

/// The human-readable summary.
pub fn write_summary(out: &mut impl Write, s: &BuildSummary) -> io::Result<()> {
    if let Some(damage) = &s.repaired {
        writeln!(out, "repaired: the index was damaged ({damage})")?;
    }
    let verb = if s.rebuilt { "built" } else { "updated" };
    writeln!(
        out,
        "{verb} index: {} documents, {} passages ({} files read, {} unchanged, {} removed) in {:.2} s",
        s.documents, s.passages, s.indexed_files, s.unchanged_files, s.removed_files, s.seconds
    )?;
    let r = &s.records;
    if !s.rebuilt {
        writeln!(
            out,
            "records: {} added, {} replaced, {} removed, {} unchanged",
            r.added, r.replaced, r.removed, r.unchanged
        )?;
    }
    if !s.rebuilt && !s.measured {
        writeln!(
            out,
            "corpus statistics (chrome, spelling variants) kept: {:.1} % of the input changed since they were measured (measured again at {:.0} %, or with --remeasure)",
            100.0 * s.changed_since_measured,
            100.0 * REMEASURE_SHARE
        )?;
    }
    if !s.skipped.is_empty() {
        writeln!(out, "skipped {}:", s.skipped.len())?;
        for skipped in &s.skipped {
            writeln!(out, "  {skipped}")?;
        }
    }
    if !s.warnings.is_empty() {
        writeln!(out, "warnings {}:", s.warnings.len())?;
        for warning in &s.warnings {
            writeln!(out, "  {warning}")?;
        }
    }
    let patterns: usize = s.chrome.iter().map(|g| g.patterns.len()).sum();
    if patterns > 0 {
        writeln!(
            out,
            "chrome: {patterns} patterns learned in {} sources, left out of the passages (`fahras stats` lists them)",
            s.chrome.len()
        )?;
    }
    if s.ignored_other_extensions > 0 {
        writeln!(
            out,
            "ignored {} files with other extensions",
            s.ignored_other_extensions
        )?;
    }
    Ok(())
}
