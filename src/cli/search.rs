//! `fahras search`: ranked, highlighted passages for a query, or a TREC/JSON run for a topics file.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use clap::{Args, ValueEnum};
use rayon::prelude::*;

use crate::analysis::tokenize::is_arabic_script;
use crate::answer::search::{self, FacetsAsked, FacetsJson, Request};
use crate::cli::Outcome;
use crate::eval::read_topics;
use crate::index::{self, build, origin, verify};
use crate::search::count::Matches;
use crate::search::facets::Facets;
use crate::search::output::{self, Marks};
use crate::search::{Engine, Order, SearchResults, DEFAULT_LIMIT, DEFAULT_PER_DOC};

/// Output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Ranked hits with highlighted snippets, for people.
    Text,
    /// JSON Lines, one hit per line.
    Json,
    /// TREC run lines `qid Q0 docid rank score fahras`, one per document.
    Trec,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The corpus folder, to build the index when there is none yet [default: corpus]. An
    /// existing index is compared with the corpus it was built from.
    #[arg(long)]
    pub corpus: Option<PathBuf>,
    /// Where the index lives.
    #[arg(long, default_value = "index")]
    pub index: PathBuf,
    /// Number of hits (documents in TREC format).
    #[arg(long, default_value_t = DEFAULT_LIMIT)]
    pub limit: usize,
    /// Output format (default: text, or json with --topics).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// At most this many passages per document (0: no cap).
    #[arg(long, default_value_t = DEFAULT_PER_DOC)]
    pub per_doc: usize,
    /// Order of the hits: `score` (best first), `date` (oldest first) or `-date` (newest
    /// first); a date order leaves out passages without a date. Text and JSON.
    #[arg(long, default_value = "score", value_parser = ["score", "date", "-date"], allow_hyphen_values = true)]
    pub sort: String,
    /// Count all matching articles per `date` (a timeline per day or month) and per `source`,
    /// e.g. `--facets date,source`; text draws bars, JSON ends with one `{"facets": …}` line.
    #[arg(long, value_delimiter = ',', value_parser = ["date", "source"])]
    pub facets: Vec<String>,
    /// Skip the first N hits (paging: `--offset 10` shows hits 11 to 20); text and JSON.
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Keep near-duplicate passages instead of collapsing them into one hit.
    #[arg(long)]
    pub no_collapse: bool,
    /// Show which query terms matched in which field and what they contributed.
    #[arg(long)]
    pub explain: bool,
    /// A topics file, `qid<TAB>query` per line (blank lines and `#` comments skipped): answer
    /// every query, in text under a `# QID: QUERY` line each.
    #[arg(long, conflicts_with = "query")]
    pub topics: Option<PathBuf>,
    /// The query: words, "phrases", +required, -excluded, title:, source:, doc:, date:A..B.
    #[arg(required_unless_present = "topics")]
    pub query: Vec<String>,
}

pub fn run(args: SearchArgs) -> anyhow::Result<Outcome> {
    let format = args.format.unwrap_or(if args.topics.is_some() {
        Format::Json
    } else {
        Format::Text
    });
    let order = match args.sort.as_str() {
        "date" => Order::Oldest,
        "-date" => Order::Newest,
        _ => Order::Score,
    };
    let facets = FacetsAsked::parse(args.facets.iter().map(String::as_str))
        .map_err(|name| anyhow::anyhow!("unknown facet `{name}`"))?;
    let request = Request {
        limit: args.limit,
        offset: args.offset,
        per_doc: args.per_doc,
        collapse: !args.no_collapse,
        order,
        facets,
        trec: format == Format::Trec,
        explain: args.explain,
    };
    request.validate().map_err(|e| anyhow::anyhow!("--{e}"))?;
    if facets.any() && args.topics.is_some() {
        bail!("--facets describes one query's answer in text or JSON output");
    }
    let opened = open_or_build(args.corpus.as_deref(), &args.index)?;
    let index_dir = args.index.clone();
    verify::guard(&index_dir, || answer(opened, &args, format, &request))
}

/// Answers the query or topics of `args` from the index `opened`.
fn answer(
    opened: index::PassageIndex,
    args: &SearchArgs,
    format: Format,
    request: &Request,
) -> anyhow::Result<Outcome> {
    let engine = open_engine(opened, &args.index)?;
    let mut out = io::stdout().lock();
    let Some(path) = &args.topics else {
        // One query: its page of hits, how big its whole answer is, the facets asked for.
        let query = args.query.join(" ");
        let answered = search::answer(&engine, &query, request)?;
        let shown = answered
            .results
            .hits
            .first()
            .zip(answered.results.hits.last());
        let shown = shown.map(|(first, last)| (first.rank, last.rank));
        let found = print_results(&mut out, "1", answered.results, format, false, args)?;
        if let Some(matches) = answered.matches {
            print_matches(&mut out, matches, format, shown)?;
        }
        if let Some(facets) = &answered.facets {
            print_facets(&mut out, facets, answered.asked, format)?;
        }
        out.flush()?;
        return Ok(if found {
            Outcome::Success
        } else {
            Outcome::NothingFound
        });
    };
    let topics = read_topics(path)?;
    let options = request.options();
    let mut found = false;
    // Topics are answered a chunk at a time on every core and printed in file order, so the
    // output is the same as one by one and memory stays bounded on huge topic files.
    for chunk in topics.chunks(TOPICS_PER_ROUND) {
        let answers: Vec<_> = chunk
            .par_iter()
            .map(|topic| engine.search(&topic.query, &options))
            .collect();
        for (topic, mut results) in chunk.iter().zip(answers) {
            if let Ok(results) = results.as_mut() {
                search::skip(results, request.offset);
            }
            if format == Format::Text {
                let line = format!("# {}: {}", topic.qid, topic.query);
                writeln!(out, "{}", isolate_arabic(&output::visible(&line)))?;
            }
            found |= print_results(&mut out, &topic.qid, results?, format, true, args)?;
        }
    }
    out.flush()?;
    Ok(if found {
        Outcome::Success
    } else {
        Outcome::NothingFound
    })
}

/// How many passages and articles matched: the last line of text output (with the ranks of the
/// hits shown), one line on stderr with JSON (stdout stays one hit per line).
fn print_matches(
    out: &mut impl Write,
    matches: Matches,
    format: Format,
    shown: Option<(usize, usize)>,
) -> io::Result<()> {
    let Matches { passages, articles } = matches;
    let total = format!(
        "{passages} passage{} in {articles} article{} match",
        if passages == 1 { "" } else { "s" },
        if articles == 1 { "" } else { "s" },
    );
    match format {
        // After "no results", a zero says nothing more.
        Format::Text if passages == 0 => Ok(()),
        Format::Text => match shown {
            Some((first, last)) => writeln!(out, "{total}; hits {first} to {last} shown"),
            None => writeln!(out, "{total}"),
        },
        Format::Json => {
            eprintln!("fahras: {total}");
            Ok(())
        }
        Format::Trec => Ok(()),
    }
}

/// The facets asked for (`date`, `source`): bars in text, one last `{"facets": …}` JSON line.
fn print_facets(
    out: &mut impl Write,
    facets: &Facets,
    asked: FacetsAsked,
    format: Format,
) -> anyhow::Result<()> {
    if format == Format::Text {
        writeln!(out)?;
        output::write_facets(out, facets, asked.dates, asked.sources)?;
        return Ok(());
    }
    let json = FacetsJson::new(facets.clone(), asked);
    writeln!(out, "{}", serde_json::json!({ "facets": json }))?;
    Ok(())
}

/// Topics answered in parallel before their results are printed.
const TOPICS_PER_ROUND: usize = 256;

/// Prints one query's warnings, interpretation and hits; whether it found anything.
fn print_results(
    out: &mut impl Write,
    qid: &str,
    results: SearchResults,
    format: Format,
    batch: bool,
    args: &SearchArgs,
) -> anyhow::Result<bool> {
    for warning in &results.warnings {
        if batch {
            eprintln!("fahras: query {qid}: {warning}");
        } else {
            eprintln!("fahras: {warning}");
        }
    }
    // A line about the query: above the hits in text, on stderr beside JSON and TREC hits.
    let mut say = |line: &str| -> io::Result<()> {
        if format == Format::Text {
            writeln!(out, "{}", isolate_arabic(line))
        } else {
            if batch {
                eprintln!("fahras: query {qid}: {line}");
            } else {
                eprintln!("fahras: {line}");
            }
            Ok(())
        }
    };
    if !results.interpretation.is_empty() {
        say(&results.interpretation.join("; "))?;
    }
    if args.explain {
        for reading in &results.readings {
            say(&format!("reading {reading}"))?;
        }
    }
    match format {
        Format::Text => {
            if results.hits.is_empty() {
                writeln!(out, "no results")?;
            } else {
                let marks = Marks::detect(io::stdout().is_terminal());
                output::write_text(out, &results.hits, marks, args.explain, text_width())?;
            }
        }
        Format::Json => output::write_json(out, &results.hits, batch.then_some(qid), args.explain)?,
        Format::Trec => {
            for warning in output::write_trec(out, &results.hits, qid, args.limit)? {
                eprintln!("fahras: {warning}");
            }
        }
    }
    Ok(!results.hits.is_empty())
}

/// The width text output wraps passages to: `COLUMNS` when set, else the terminal's width when
/// stdout is a terminal; `None` (a passage per line, for `grep` and friends) otherwise.
pub(crate) fn text_width() -> Option<usize> {
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok());
    columns.or_else(|| {
        io::stdout()
            .is_terminal()
            .then(textwrap::termwidth)
            .filter(|w| *w > 0)
    })
}

/// Wraps each run of Arabic words in Unicode isolates, so a terminal lays out
/// `Ain al-Asad → عين الاسد` left to right with the Arabic intact.
fn isolate_arabic(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 16);
    let mut open = false;
    let mut pending = String::new(); // spaces/punctuation between Arabic words
    for c in line.chars() {
        if is_arabic_script(c) {
            if !open {
                out.push_str(&pending);
                out.push('\u{2068}');
                open = true;
            } else {
                out.push_str(&pending);
            }
            pending.clear();
            out.push(c);
        } else if open && c == ' ' {
            pending.push(c);
        } else {
            if open {
                out.push('\u{2069}');
                open = false;
            }
            out.push_str(&pending);
            pending.clear();
            out.push(c);
        }
    }
    if open {
        out.push('\u{2069}');
    }
    out.push_str(&pending);
    out
}

/// Readings of the index tried while a rebuild holds it, 100 ms apart.
const SWITCH_RETRIES: usize = 20;

/// A search engine on `opened`. A rebuild that switches folders while the index is being
/// opened (its segment files vanish between `meta.json` and the segments) makes the opening
/// fail: while a writer holds the index, the index is opened again, briefly, before giving up.
pub(crate) fn open_engine(opened: index::PassageIndex, index_dir: &Path) -> anyhow::Result<Engine> {
    let mut opened = opened;
    for _ in 0..SWITCH_RETRIES {
        match Engine::new(opened) {
            Ok(engine) => return Ok(engine),
            Err(_) if index::lock::is_held(index_dir) => {
                std::thread::sleep(std::time::Duration::from_millis(100));
                opened = index::open(index_dir)?;
            }
            Err(e) => return Err(e).context("cannot read the index"),
        }
    }
    Engine::new(opened).context("cannot read the index")
}

/// The corpus `fahras search` and `fahras eval` build a missing index from.
pub(crate) const DEFAULT_CORPUS: &str = "corpus";

/// Opens the index, building it first (from `corpus`, by default `./corpus`) when there is none.
/// An existing index is compared with the corpus it records, wherever the command runs: a
/// notice on stderr says when that corpus changed (with the command that updates the index) or
/// when `corpus` names another folder.
pub(crate) fn open_or_build(
    corpus: Option<&Path>,
    index_dir: &Path,
) -> anyhow::Result<index::PassageIndex> {
    if !index::exists(index_dir) {
        let corpus = corpus.unwrap_or(Path::new(DEFAULT_CORPUS));
        if !corpus.is_dir() {
            bail!(
                "no index at {} and no corpus folder at {} to build it from (see `fahras index --help`)",
                index_dir.display(),
                corpus.display()
            );
        }
        eprintln!(
            "fahras: no index at {}: building it from {} first",
            index_dir.display(),
            corpus.display()
        );
        build::build(&build::BuildOptions::new(corpus, index_dir))
            .with_context(|| format!("indexing {} failed", corpus.display()))?;
        return Ok(index::open(index_dir)?);
    }
    let opened = index::open(index_dir)?;
    let recorded = origin::resolve(&opened.info);
    if let Some(given) = corpus.filter(|given| !origin::same(&recorded, given)) {
        eprintln!(
            "fahras: the index at {} was built from {}, not {}: searching it as it is (`fahras index --corpus {} --index {} --rebuild` rebuilds it from {})",
            index_dir.display(),
            recorded.display(),
            given.display(),
            origin::shell_word(given),
            origin::shell_word(index_dir),
            given.display()
        );
    } else if recorded.is_dir() && build::corpus_changed(&recorded, index_dir).unwrap_or(false) {
        eprintln!(
            "fahras: {} changed since the index was built; searching the old index (run `fahras index --corpus {} --index {}` to update)",
            recorded.display(),
            origin::shell_word(&recorded),
            origin::shell_word(index_dir)
        );
    }
    Ok(opened)
}

#[cfg(test)]
mod tests {
    use super::isolate_arabic;

    #[test]
    fn arabic_runs_are_isolated_with_their_inner_spaces() {
        assert_eq!(
            isolate_arabic("Ain al-Asad → عين الاسد (also ان, عيون)"),
            "Ain al-Asad → \u{2068}عين الاسد\u{2069} (also \u{2068}ان\u{2069}, \u{2068}عيون\u{2069})"
        );
        assert_eq!(
            isolate_arabic("Erbil → اربيل"),
            "Erbil → \u{2068}اربيل\u{2069}"
        );
    }
}
