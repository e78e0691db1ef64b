//! `fahras analyze`: what an analyzer makes of a text, like Elasticsearch's `_analyze`, for users
//! debugging why something does (not) match.

use std::io::{self, Write};

use anyhow::{bail, Context};
use clap::Args;

use crate::analysis::{self, AnalyzedToken, ANALYZER_NAMES, AR_STEM};
use crate::cli::Outcome;

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Analyzer to run: ar_exact, ar_stem or ar_snowball.
    #[arg(long, default_value = AR_STEM)]
    pub analyzer: String,
    /// Print one JSON object per token instead of a table.
    #[arg(long)]
    pub json: bool,
    /// The text to analyze (several words are joined with spaces).
    #[arg(required = true)]
    pub text: Vec<String>,
}

pub fn run(args: AnalyzeArgs) -> anyhow::Result<Outcome> {
    let Some(mut analyzer) = analysis::build(&args.analyzer) else {
        bail!(
            "unknown analyzer `{}`; choose one of: {}",
            args.analyzer,
            ANALYZER_NAMES.join(", ")
        );
    };
    let text = args.text.join(" ");
    let tokens = analysis::analyze(&mut analyzer, &text);
    let mut out = io::stdout().lock();
    if args.json {
        for token in &tokens {
            serde_json::to_writer(&mut out, token).context("writing JSON")?;
            writeln!(out)?;
        }
    } else {
        write_table(&mut out, &text, &tokens)?;
    }
    Ok(Outcome::Success)
}

/// One line per token: position, byte range, the original word, the term.
fn write_table(out: &mut impl Write, text: &str, tokens: &[AnalyzedToken]) -> io::Result<()> {
    writeln!(out, "pos\tstart\tend\tword\ttoken")?;
    for t in tokens {
        // Unicode isolates keep each Arabic cell right-to-left without reordering the line.
        writeln!(
            out,
            "{}\t{}\t{}\t\u{2068}{}\u{2069}\t\u{2068}{}\u{2069}",
            t.position,
            t.start,
            t.end,
            &text[t.start..t.end],
            t.token
        )?;
    }
    Ok(())
}
