//! `fahras stats`: what is in an index.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use clap::Args;

use crate::cli::Outcome;
use crate::corpus::learned_chrome::{Group, GroupChrome, Kind};
use crate::index::stats::{stats, IndexStats};
use crate::index::{self, origin, verify};
use crate::search::output::visible;

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
    verify::verify(&opened)?;
    let stats = verify::guard(&args.index, || Ok(stats(&opened)?))?;
    let mut out = io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, &stats)?;
        writeln!(out)?;
        return Ok(Outcome::Success);
    }
    write_text(&mut out, &args.index, &stats)?;
    Ok(Outcome::Success)
}

/// Sources listed by name in the text output; the rest are counted.
const SOURCES_SHOWN: usize = 5;

/// The statistics for people: sizes in binary units, words instead of field names, the date
/// range and sources of the articles, and whether the corpus changed since the build.
fn write_text(out: &mut impl Write, index_dir: &Path, s: &IndexStats) -> io::Result<()> {
    let segments = if s.segments == 1 {
        "segment"
    } else {
        "segments"
    };
    writeln!(
        out,
        "index:       {} ({} on disk, {} {segments})",
        index_dir.display(),
        human_size(s.size_bytes),
        s.segments
    )?;
    let corpus = Path::new(&s.corpus);
    let state = match s.stale {
        Some(false) => "unchanged since the build".to_string(),
        Some(true) => format!(
            "changed since the build: `fahras index --corpus {} --index {}` updates the index",
            origin::shell_word(corpus),
            origin::shell_word(index_dir)
        ),
        None => "folder not found".to_string(),
    };
    writeln!(out, "corpus:      {} ({state})", s.corpus)?;
    writeln!(
        out,
        "articles:    {} ({} passages)",
        s.documents, s.passages
    )?;
    match (&s.first_date, &s.last_date) {
        (Some(first), Some(last)) => writeln!(
            out,
            "dates:       {first} to {last} ({} of {} articles dated)",
            s.dated_documents, s.documents
        )?,
        _ => writeln!(out, "dates:       none (no article has a date)")?,
    }
    if s.sources.is_empty() {
        writeln!(out, "sources:     none (no article has a source)")?;
    } else {
        let mut shown: Vec<String> = s
            .sources
            .iter()
            .take(SOURCES_SHOWN)
            .map(|(name, n)| format!("\u{2068}{}\u{2069} {n}", visible(name)))
            .collect();
        if s.sources.len() > SOURCES_SHOWN {
            shown.push(format!("{} more", s.sources.len() - SOURCES_SHOWN));
        }
        writeln!(
            out,
            "sources:     {} ({} of {} articles): {}",
            s.sources.len(),
            s.sourced_documents,
            s.documents,
            shown.join(", ")
        )?;
    }
    write_chrome(out, &s.chrome)?;
    let terms = |field: &str| {
        s.distinct_terms
            .iter()
            .find(|(name, _)| name == field)
            .map_or(0, |(_, n)| *n)
    };
    writeln!(
        out,
        "vocabulary:  {} words and {} stems in the text, {} words in the titles",
        terms("text_exact"),
        terms("text_stem"),
        terms("title_exact")
    )?;
    writeln!(
        out,
        "built:       {} (schema {}; analyzers {})",
        format_unix_time(s.built_at_unix),
        s.schema_version,
        s.analyzers.join(", ")
    )
}

/// Patterns listed per source in the text output; `--json` has them all.
const CHROME_SHOWN: usize = 3;

/// The learned chrome: per source (or folder), its most frequent patterns and their counts.
fn write_chrome(out: &mut impl Write, groups: &[GroupChrome]) -> io::Result<()> {
    if groups.is_empty() {
        return writeln!(out, "chrome:      none learned from the corpus");
    }
    let patterns: usize = groups.iter().map(|g| g.patterns.len()).sum();
    writeln!(
        out,
        "chrome:      {patterns} patterns learned in {} sources, left out of the passages:",
        groups.len()
    )?;
    for group in groups {
        let name = match &group.group {
            Group::Source(name) => visible(name).into_owned(),
            Group::Folder(folder) => format!("folder {}/", visible(folder)),
        };
        for p in group.patterns.iter().take(CHROME_SHOWN) {
            let shown = match p.kind {
                Kind::Line => visible(&p.text).into_owned(),
                Kind::Label => format!("{}: …", visible(&p.text)),
                Kind::Opening => format!("{}…", visible(&p.text)),
            };
            writeln!(
                out,
                "  \u{2068}{name}\u{2069}: \u{2068}{shown}\u{2069} ({} lines in {} of {} articles)",
                p.lines, p.articles, group.articles
            )?;
        }
        if group.patterns.len() > CHROME_SHOWN {
            writeln!(
                out,
                "  \u{2068}{name}\u{2069}: {} more",
                group.patterns.len() - CHROME_SHOWN
            )?;
        }
    }
    Ok(())
}

/// Bytes in binary units with one decimal (`45.2 KiB`), or plain bytes below one KiB.
fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} bytes");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
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
    fn sizes_are_in_binary_units() {
        assert_eq!(super::human_size(512), "512 bytes");
        assert_eq!(super::human_size(46_323), "45.2 KiB");
        assert_eq!(super::human_size(3 * 1024 * 1024 * 1024), "3.0 GiB");
    }

    #[test]
    fn build_time_is_shown_as_rfc3339() {
        assert_eq!(
            super::format_unix_time(1_640_044_800),
            "2021-12-21T00:00:00Z"
        );
    }
}
