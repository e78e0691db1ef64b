//! `fahras show`: a whole article as it stands in its source, its passages marked.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use crate::answer;
use crate::cli::search::{open_engine, text_width};
use crate::cli::Outcome;
use crate::index::{self, verify};
use crate::search::output::{visible, visible_text, Marks};
use crate::search::show::{PassageRange, ShownArticle};
use clap::{Args, ValueEnum};

/// Output format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The article for people: title, metadata, text with `⟦N⟧` before passage N.
    #[default]
    Text,
    /// One JSON object (see `ArticleJson` in `src/answer/show.rs`).
    Json,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The document id (`doc` in search results).
    pub doc: String,
    /// Where the index lives.
    #[arg(long, default_value = "index")]
    pub index: PathBuf,
    /// Show only this passage (`passage` in search results).
    #[arg(long)]
    pub passage: Option<u64>,
    /// Highlight the words this query matches.
    #[arg(long)]
    pub query: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

pub fn run(args: ShowArgs) -> anyhow::Result<Outcome> {
    let opened = index::open(&args.index)?;
    let index_dir = args.index.clone();
    verify::guard(&index_dir, || show(opened, &args))
}

/// Shows the article of `args` from the index `opened`.
fn show(opened: index::PassageIndex, args: &ShowArgs) -> anyhow::Result<Outcome> {
    let engine = open_engine(opened, &args.index)?;
    let shown = answer::show::show(&engine, &args.doc, args.passage, args.query.as_deref())?;
    for warning in &shown.warnings {
        eprintln!("fahras: {warning}");
    }
    let mut out = io::stdout().lock();
    match args.format {
        Format::Json => {
            // As an io::Error, so a closed pipe (`| head`) stays a quiet success.
            serde_json::to_writer(&mut out, &shown.json()).map_err(io::Error::from)?;
            writeln!(out)?;
        }
        Format::Text => {
            let marks = Marks::detect(io::stdout().is_terminal());
            let whole = args.passage.is_none();
            write_text(
                &mut out,
                &shown.shown,
                &shown.passages,
                &shown.highlights,
                marks,
                whole,
            )?;
        }
    }
    out.flush()?;
    Ok(Outcome::Success)
}

/// First strong isolate and pop: each line keeps its own direction in a terminal.
const FSI: char = '\u{2068}';
const PDI: char = '\u{2069}';

/// The header (title, the metadata the article has, id and file), then the text: the whole
/// article with `⟦N⟧` where passage N starts (`whole`), or only the chosen passage; its own line
/// breaks kept, each line wrapped to the terminal and isolated.
fn write_text(
    out: &mut impl Write,
    shown: &ShownArticle,
    passages: &[PassageRange],
    highlights: &[(usize, usize)],
    marks: Marks,
    whole: bool,
) -> io::Result<()> {
    let a = &shown.article;
    writeln!(out, "{FSI}{}{PDI}", visible(&a.title))?;
    let mut meta = Vec::new();
    if let Some(source) = &a.source {
        meta.push(format!("{FSI}{}{PDI}", visible(source)));
    }
    if let Some(date) = a.date {
        meta.push(date.to_string());
    }
    if let Some(url) = &a.url {
        meta.push(visible(url).into_owned());
    }
    if !meta.is_empty() {
        writeln!(out, "{}", meta.join(" — "))?;
    }
    let place = match a.line {
        Some(line) => format!("{}:{line}", shown.file.display()),
        None => shown.file.display().to_string(),
    };
    writeln!(out, "{} ({})", visible(&a.id), visible(&place))?;
    writeln!(out)?;
    let range = match (whole, passages) {
        (false, [only]) => only.start..only.end,
        _ => 0..a.text.len(),
    };
    // Marks to insert, by byte offset: passage markers before highlight marks at one offset.
    let mut inserts: Vec<(usize, u8, String)> = Vec::new();
    if whole {
        for p in passages {
            inserts.push((p.start, 0, format!("⟦{}⟧ ", p.passage)));
        }
    }
    for &(s, e) in highlights {
        if s >= range.start && e <= range.end {
            inserts.push((s, 1, marks.open().to_string()));
            inserts.push((e, 0, marks.close().to_string()));
        }
    }
    inserts.sort_by_key(|(at, order, _)| (*at, *order));
    let mut marked = String::with_capacity(range.len() + inserts.len() * 8);
    let mut at = range.start;
    for (offset, _, mark) in &inserts {
        marked.push_str(&visible_text(&a.text[at..*offset]));
        marked.push_str(mark);
        at = *offset;
    }
    marked.push_str(&visible_text(&a.text[at..range.end]));
    let width = text_width();
    for line in marked.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            writeln!(out)?;
            continue;
        }
        let wrapped: Vec<_> = match width {
            Some(w) => textwrap::wrap(line, textwrap::Options::new(w.max(20)).break_words(false)),
            None => vec![line.into()],
        };
        for part in wrapped {
            writeln!(out, "{FSI}{part}{PDI}")?;
        }
    }
    Ok(())
}
