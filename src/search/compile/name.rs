//! Compiling a [`Name`]: Latin-script words searched through their Arabic readings.
//!
//! Each reading is scored like a typed Arabic word (`text_stem`, `text_exact`, `title_stem`; a
//! two-word reading as a phrase) with its weights multiplied by the reading's weight; a word
//! matches when any of its readings does (or a joined reading covering it, `Tal Afar` →
//! تلعفر). A name of two words or more also gets an exact phrase over the best readings
//! ([`Weights::name_phrase`]), so passages naming the whole name rank highest, and the best
//! readings' stems join the query's proximity phrase. A word with no reading matches nothing:
//! ignored with a warning when optional, and the query finds nothing when it was `+required`.

use tantivy::query::{BoostQuery, EmptyQuery, Occur as TOccur, Query};

use super::{disjunction, phrase_query, positioned_terms, term_query, Builder, Queries};
use crate::analysis::{self, AR_EXACT, AR_STEM};
use crate::search::latin::is_stop_word;
use crate::search::plan::{Alternative, Name, NameWord, Source};
use crate::search::query::Occur;
#[cfg(doc)]
use crate::search::rank::Weights;

/// The clauses of one name, merged into the query as `required` first, then `optional`.
#[derive(Default)]
struct NameQueries {
    /// Each must match (`+required` names: one per word).
    required: Queries,
    /// Add to the score when they match.
    optional: Queries,
    /// Exclusions (`-word`).
    negative: Queries,
}

/// Compiles `name` into `b`.
pub(super) fn compile(b: &mut Builder, name: &Name) {
    if name.quoted {
        quoted(b, name);
        return;
    }
    // Per reading, words then joined ones: (text clauses, title clauses).
    let mut parts: Vec<(Queries, Queries)> = Vec::new();
    for word in name.words.iter().chain(&name.joined) {
        let mut text = Vec::new();
        let mut title = Vec::new();
        for alt in &word.alternatives {
            reading_clauses(b, alt, &word.latin, &mut text, &mut title);
        }
        parts.push((text, title));
    }
    warn_unread(b, name);
    explain_readings(b, name);
    let mut q = NameQueries::default();
    match name.occur {
        Occur::MustNot => {
            q.negative = parts
                .into_iter()
                .filter(|(text, _)| !text.is_empty())
                .map(|(text, _)| disjunction(text))
                .collect();
        }
        Occur::Should => {
            for (text, title) in parts {
                let all: Queries = text.into_iter().chain(title).collect();
                if !all.is_empty() {
                    q.optional.push(disjunction(all));
                }
            }
        }
        Occur::Must => required(name, parts, &mut q),
    }
    if name.occur != Occur::MustNot {
        q.optional.extend(best_readings(b, name));
    }
    b.positive
        .extend(q.required.into_iter().map(|q| (TOccur::Must, q)));
    b.positive
        .extend(q.optional.into_iter().map(|q| (TOccur::Should, q)));
    b.negative.extend(q.negative);
    if let Some(line) = reading_line(name) {
        let sign = if name.occur == Occur::MustNot {
            "-"
        } else {
            ""
        };
        b.out.interpretation.push(format!("{sign}{line}"));
    }
}

/// One `--explain` line per reading: how likely its spelling is (the rule cost), how often the
/// corpus uses it, and the weight it was searched with.
fn explain_readings(b: &mut Builder, name: &Name) {
    for word in name.words.iter().chain(&name.joined) {
        for alt in &word.alternatives {
            let evidence = match alt.source {
                Source::Latin { cost, doc_freq } => {
                    format!("cost {cost:.2}, {doc_freq} passages")
                }
                _ => "as typed".to_string(),
            };
            b.out.readings.push(format!(
                "{}: {} ({evidence}, weight {:.2})",
                word.latin, alt.text, alt.weight
            ));
        }
    }
}

/// One warning per word of `name` without a reading.
fn warn_unread(b: &mut Builder, name: &Name) {
    for word in name.words.iter().filter(|w| w.alternatives.is_empty()) {
        b.out.warnings.push(if name.occur == Occur::Must {
            format!(
                "`{}`: no Arabic spelling of it in the index (stop words aside), so the required word matches nothing",
                word.latin
            )
        } else {
            format!(
                "`{}`: no Arabic spelling of it in the index (stop words aside): ignored",
                word.latin
            )
        });
    }
}

/// The best readings' stems join the proximity phrase; with two words or more read, the name
/// phrase (returned, also an `--explain` component).
fn best_readings(b: &mut Builder, name: &Name) -> Option<Box<dyn Query>> {
    let found: Vec<&NameWord> = name
        .words
        .iter()
        .filter(|w| !w.alternatives.is_empty())
        .collect();
    for word in &found {
        let best = &word.alternatives[0].text;
        b.proximity_terms.extend(analysis::terms(AR_STEM, best));
    }
    if found.len() < 2 {
        return None;
    }
    let phrase = name_phrase(b, &found)?;
    Some(b.component(format!("name(\"{}\")", name.typed), phrase))
}

/// The clauses of a `+required` name: per typed word, one required disjunction of the readings
/// covering it; title clauses only add to the score.
fn required(name: &Name, parts: Vec<(Queries, Queries)>, q: &mut NameQueries) {
    let mut per_token: Vec<Queries> = (0..name.tokens).map(|_| Vec::new()).collect();
    for (word, (text, title)) in name.words.iter().chain(&name.joined).zip(parts) {
        for i in word.tokens.clone() {
            per_token[i].extend(text.iter().map(|q| q.box_clone()));
        }
        if !title.is_empty() {
            q.optional.push(disjunction(title));
        }
    }
    for (i, alternatives) in per_token.into_iter().enumerate() {
        // An article token ("al" in "al Asad") is covered by the next word's reading. A word
        // whose only readings are stop words (in a name) is not required.
        let only_stop_words = name.words.iter().any(|w| {
            w.tokens.contains(&i)
                && !w.alternatives.is_empty()
                && w.alternatives.iter().all(|a| is_stop_word(&a.text))
        });
        if only_stop_words && alternatives.is_empty() {
            continue;
        }
        q.required.push(if alternatives.is_empty() {
            Box::new(EmptyQuery)
        } else {
            disjunction(alternatives)
        });
    }
}

/// One reading's clauses, appended to `text` and `title`; its terms are highlighted. A reading
/// that is a stop word has none: it only counts in the name phrase.
fn reading_clauses(
    b: &mut Builder,
    alt: &Alternative,
    latin: &str,
    text: &mut Queries,
    title: &mut Queries,
) {
    let exacts = positioned_terms(AR_EXACT, &alt.text);
    let stems = positioned_terms(AR_STEM, &alt.text);
    if stems.is_empty() {
        return;
    }
    let (f, w) = (b.fields, b.weights);
    let join = |terms: &[(usize, String)]| {
        let words: Vec<&str> = terms.iter().map(|(_, t)| t.as_str()).collect();
        words.join(" ")
    };
    let mut add = |label: String, q: Box<dyn Query>, boost: f32| {
        let q = Box::new(BoostQuery::new(q, boost));
        b.component(format!("{label} ({latin})"), q)
    };
    if stems.len() == exacts.len() {
        text.push(add(
            format!("text_stem:{}", join(&stems)),
            phrase_query(f.text_stem, &stems, 0),
            w.text_stem * alt.weight,
        ));
        text.push(add(
            format!("text_exact:{}", join(&exacts)),
            phrase_query(f.text_exact, &exacts, 0),
            w.text_exact * alt.weight,
        ));
    } else {
        // Stop words inside the reading (سي ان ان for CNN): its stems alone would match سي
        // anywhere, so only the exact phrase counts, with both weights.
        text.push(add(
            format!("text_exact:{}", join(&exacts)),
            phrase_query(f.text_exact, &exacts, 0),
            (w.text_stem + w.text_exact) * alt.weight,
        ));
    }
    if stems.len() == 1 {
        // Titles have no positions: only single-word readings score there.
        title.push(add(
            format!("title_stem:{}", stems[0].1),
            term_query(f.title_stem, &stems[0].1, 1.0),
            w.title_stem * alt.weight,
        ));
    }
    b.out
        .highlight
        .stem
        .extend(stems.into_iter().map(|(_, t)| t));
    b.out
        .highlight
        .exact
        .extend(exacts.into_iter().map(|(_, t)| t));
}

/// The reading combinations of the words in order (best first, at most
/// [`Weights::name_phrases`]), each as its `text_exact` terms and the product of its readings'
/// weights.
fn combinations(b: &Builder, found: &[&NameWord]) -> Vec<(Vec<String>, f32)> {
    let mut combos: Vec<(Vec<String>, f32)> = vec![(Vec::new(), 1.0)];
    for word in found {
        // Each reading analyzed once, not once per combination it extends.
        let readings: Vec<(Vec<String>, f32)> = word
            .alternatives
            .iter()
            .map(|alt| (analysis::terms(AR_EXACT, &alt.text), alt.weight))
            .collect();
        let mut next = Vec::new();
        for (terms, w) in &combos {
            for (reading, weight) in &readings {
                let mut t = terms.clone();
                t.extend(reading.iter().cloned());
                next.push((t, w * weight));
            }
        }
        next.sort_by(|a, b| b.1.total_cmp(&a.1));
        next.truncate(b.weights.name_phrases);
        combos = next;
    }
    combos.retain(|(t, _)| !t.is_empty());
    combos
}

/// Exact phrases over the reading combinations of the words in order, each boosted by `boost`
/// times its weight.
fn phrases(b: &Builder, combos: &[(Vec<String>, f32)], boost: f32) -> Queries {
    combos
        .iter()
        .map(|(t, w)| {
            let terms: Vec<(usize, String)> = t.iter().cloned().enumerate().collect();
            Box::new(BoostQuery::new(
                phrase_query(b.fields.text_exact, &terms, 0),
                boost * w,
            )) as Box<dyn Query>
        })
        .collect()
}

/// The name phrase: passages naming the whole name (two words or more) rank highest.
fn name_phrase(b: &Builder, found: &[&NameWord]) -> Option<Box<dyn Query>> {
    let mut combos = combinations(b, found);
    combos.retain(|(t, _)| t.len() >= 2);
    let phrases = phrases(b, &combos, b.weights.name_phrase);
    (!phrases.is_empty()).then(|| disjunction(phrases))
}

/// A quoted Latin name (`"Ain al-Asad"`): like a quoted Arabic phrase, an exact phrase, here
/// over the reading combinations; nothing else of it is searched.
fn quoted(b: &mut Builder, name: &Name) {
    warn_unread(b, name);
    explain_readings(b, name);
    let found: Vec<&NameWord> = name.words.iter().collect();
    let combos = if found.iter().any(|w| w.alternatives.is_empty()) {
        Vec::new()
    } else {
        combinations(b, &found)
    };
    if let Some(line) = reading_line(name) {
        b.out.interpretation.push(format!("\"{line}\""));
    }
    let query: Box<dyn Query> = if combos.is_empty() {
        Box::new(EmptyQuery)
    } else {
        disjunction(phrases(b, &combos, b.weights.phrase))
    };
    match name.occur {
        Occur::MustNot => b.negative.push(query),
        occur => {
            let q = b.component(format!("text_exact:\"{}\"", name.typed), query);
            let occur = if occur == Occur::Must {
                TOccur::Must
            } else {
                TOccur::Should
            };
            b.positive.push((occur, q));
            for (terms, _) in combos {
                b.out.highlight.exact.extend(terms.iter().cloned());
                b.out
                    .highlight
                    .phrases
                    .push(terms.into_iter().enumerate().collect());
            }
        }
    }
}

/// `Ain al-Asad → عين الاسد`, with the other readings searched in brackets; `None` when no
/// word has one.
fn reading_line(name: &Name) -> Option<String> {
    let all = name.words.iter().chain(&name.joined);
    // A word searched only as typed (OpenAI, which the corpus has) was not read.
    if all
        .flat_map(|w| &w.alternatives)
        .all(|a| a.source == Source::Typed)
    {
        return None;
    }
    let best: Vec<&str> = name
        .words
        .iter()
        .filter_map(|w| w.alternatives.first().map(|a| a.text.as_str()))
        .collect();
    let mut line = format!("{} → {}", name.typed, best.join(" "));
    let mut also: Vec<String> = Vec::new();
    for w in &name.words {
        also.extend(w.alternatives.iter().skip(1).map(|a| a.text.clone()));
    }
    for w in &name.joined {
        also.extend(w.alternatives.iter().map(|a| a.text.clone()));
    }
    if best.is_empty() {
        line = format!("{} → {}", name.typed, also.remove(0));
    }
    if !also.is_empty() {
        line.push_str(&format!(" (also {})", also.join(", ")));
    }
    Some(line)
}
