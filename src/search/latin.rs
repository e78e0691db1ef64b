//! Latin-script query words ("Ain al-Asad", "Erbil", "UNAMI") searched as their Arabic spellings.
//!
//! A bare word written in Latin letters that is not itself a `text_exact` term (so `OpenAI`, when
//! the corpus has it, still matches itself) is handed to [`crate::translit`], which proposes the
//! Arabic spellings that exist in the index. Consecutive such words with the same occurrence form
//! a *run*, transliterated together so that a standalone article ("al Asad") and two words
//! written solid in Arabic ("Tal Afar" → تلعفر) are understood.
//!
//! Each word becomes a weighted OR of its top [`MAX_CANDIDATES`] spellings, each scored like a
//! typed Arabic word (`text_stem`, `text_exact`, `title_stem`) with its weights multiplied by
//! [`candidate_weight`] of the transliteration cost. A run of two or more words also gets an exact
//! phrase over the best spellings ([`NAME_PHRASE_BOOST`]), so passages naming the whole name rank
//! highest, and the best spellings' stems join the query's proximity clause. A word with no
//! spelling matches nothing: ignored with a warning when optional, and the query finds nothing
//! when it was `+required`. Spellings that are stop words ("in" → ان, "and" → عند, "Ali" → علي,
//! which normalizes like على) would match most passages: a lone word never gets one, and inside
//! a multi-word name one counts only in the name phrase.

use tantivy::query::{BoostQuery, EmptyQuery, Query};

use crate::analysis::{self, AR_EXACT, AR_STEM};
use crate::index::Fields;
use crate::search::query::{Occur, ParsedQuery, Term};
use crate::search::rank::{
    disjunction, phrase_query, positioned_terms, term_query, Component, HighlightTerms,
    TEXT_EXACT_BOOST, TEXT_STEM_WEIGHT, TITLE_STEM_BOOST,
};
use crate::translit::{transliterate_query, Candidate, Vocabulary, WordExpansion};

/// Spellings kept per Latin word.
pub const MAX_CANDIDATES: usize = 3;
/// Boost of the exact phrase of a multi-word name's best spellings on `text_exact`.
pub const NAME_PHRASE_BOOST: f32 = 1.0;
/// At most this many spelling combinations are tried for the name phrase.
const MAX_PHRASES: usize = 8;

/// Weight of a spelling relative to the word typed in Arabic: 1 for the most obvious reading
/// (cost 0), falling with the transliteration cost (an implied article costs 0.3 → 0.77).
pub fn candidate_weight(cost: f32) -> f32 {
    1.0 / (1.0 + cost.max(0.0))
}

/// Does `word` look like a Latin-script word (ASCII letters, possibly accented letters,
/// hyphens, apostrophes and ʿayn/hamza marks)?
pub fn is_latin_word(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_alphabetic())
        && word.chars().all(|c| {
            c.is_ascii_alphabetic()
                || matches!(
                    c,
                    '-' | '\'' | '’' | '‘' | '`' | 'ʿ' | 'ʾ' | 'ʼ' | 'ʻ' | '.'
                )
                || matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}')
        })
}

/// Consecutive Latin words of the query, with their expansions.
pub struct LatinRun {
    /// Indices into [`ParsedQuery::clauses`], in order.
    pub clauses: Vec<usize>,
    /// The words' common occurrence.
    pub occur: Occur,
    /// The words as typed, space-separated.
    pub text: String,
    /// What [`transliterate_query`] made of `text`.
    pub expansions: Vec<WordExpansion>,
}

/// Finds the Latin runs of `parsed` and transliterates them against `vocab`.
pub fn runs(parsed: &ParsedQuery, vocab: &dyn Vocabulary) -> Vec<LatinRun> {
    let mut runs: Vec<LatinRun> = Vec::new();
    let mut last: Option<usize> = None;
    for (i, clause) in parsed.clauses.iter().enumerate() {
        let Term::Word(word) = &clause.term else {
            continue;
        };
        if !is_latin_word(word) {
            continue;
        }
        let exacts = analysis::terms(AR_EXACT, word);
        if exacts.is_empty() || exacts.iter().all(|t| vocab.contains(t)) {
            continue; // a Latin word the corpus has as such (OpenAI): matches itself
        }
        match runs.last_mut() {
            Some(run) if last.is_some_and(|l| l + 1 == i) && run.occur == clause.occur => {
                run.clauses.push(i);
                run.text.push(' ');
                run.text.push_str(word);
            }
            _ => runs.push(LatinRun {
                clauses: vec![i],
                occur: clause.occur,
                text: word.clone(),
                expansions: Vec::new(),
            }),
        }
        last = Some(i);
    }
    for run in &mut runs {
        run.expansions = transliterate_query(&run.text, vocab, MAX_CANDIDATES);
        let single_word = run.clauses.len() == 1;
        for e in &mut run.expansions {
            // A spelling that is a stop word ("in" → ان, "and" → عند, even "Ali" → علي, which
            // is also على) would match half the corpus: alone it is dropped; inside a name it is
            // kept for the name phrase only (see `candidate_clauses`), as the best spelling.
            let mut first = true;
            e.candidates.retain(|c| {
                let keep = (first && !single_word) || !is_stop_word(&c.arabic);
                first = false;
                keep
            });
        }
    }
    runs
}

/// The queries of one run, for [`crate::search::rank::compile`] to merge.
#[derive(Default)]
pub struct RunQueries {
    /// Each must match (`+required` words: one per word).
    pub required: Vec<Box<dyn Query>>,
    /// Add to the score when they match.
    pub optional: Vec<Box<dyn Query>>,
    /// Exclusions (`-word`).
    pub negative: Vec<Box<dyn Query>>,
    /// Scoring clauses for `--explain`.
    pub components: Vec<Component>,
    /// Terms to highlight.
    pub highlight: HighlightTerms,
    /// `ar_stem` terms of the best spellings, in order, for the proximity clause.
    pub proximity: Vec<String>,
    /// How the run was read, e.g. `Ain al-Asad → عين الاسد`; `None` when nothing was found.
    pub interpretation: Option<String>,
    /// Words with no spelling in the index.
    pub warnings: Vec<String>,
}

/// Does `arabic` (a spelling) analyze to nothing with `ar_stem`, i.e. is it a stop word?
fn is_stop_word(arabic: &str) -> bool {
    analysis::terms(AR_STEM, arabic).is_empty()
}

/// Boxed queries.
type Queries = Vec<Box<dyn Query>>;

/// One spelling's clauses: (text parts, title parts, components).
fn candidate_clauses(
    cand: &Candidate,
    latin: &str,
    fields: &Fields,
    highlight: &mut HighlightTerms,
) -> (Queries, Queries, Vec<Component>) {
    let w = candidate_weight(cand.cost);
    let exacts = positioned_terms(AR_EXACT, &cand.arabic);
    let stems = positioned_terms(AR_STEM, &cand.arabic);
    let mut text = Vec::new();
    let mut title = Vec::new();
    let mut components = Vec::new();
    if stems.is_empty() {
        // A stop word: it only counts inside the name phrase.
        return (text, title, components);
    }
    let mut add = |label: String, q: Box<dyn Query>, boost: f32, is_title: bool| {
        let q: Box<dyn Query> = Box::new(BoostQuery::new(q, boost));
        components.push(Component {
            label: format!("{label} ({latin})"),
            query: q.box_clone(),
        });
        if is_title {
            title.push(q);
        } else {
            text.push(q);
        }
    };
    let join = |terms: &[(usize, String)]| {
        terms
            .iter()
            .map(|(_, t)| t.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    if !stems.is_empty() {
        add(
            format!("text_stem:{}", join(&stems)),
            phrase_query(fields.text_stem, &stems, 0),
            TEXT_STEM_WEIGHT * w,
            false,
        );
    }
    if !exacts.is_empty() {
        add(
            format!("text_exact:{}", join(&exacts)),
            phrase_query(fields.text_exact, &exacts, 0),
            TEXT_EXACT_BOOST * w,
            false,
        );
    }
    if stems.len() == 1 {
        // Titles have no positions: only single-word spellings score there.
        add(
            format!("title_stem:{}", stems[0].1),
            term_query(fields.title_stem, &stems[0].1, 1.0),
            TITLE_STEM_BOOST * w,
            true,
        );
    }
    highlight.stem.extend(stems.into_iter().map(|(_, t)| t));
    highlight.exact.extend(exacts.into_iter().map(|(_, t)| t));
    (text, title, components)
}

/// Builds the queries of `run`.
pub fn compile_run(run: &LatinRun, fields: &Fields) -> RunQueries {
    let mut out = RunQueries::default();
    let n_tokens = run.clauses.len();
    // Per expansion: (text parts, title parts).
    let mut parts: Vec<(Queries, Queries)> = Vec::new();
    for e in &run.expansions {
        let mut text = Vec::new();
        let mut title = Vec::new();
        for cand in &e.candidates {
            let (t, ti, c) = candidate_clauses(cand, &e.latin, fields, &mut out.highlight);
            text.extend(t);
            title.extend(ti);
            out.components.extend(c);
        }
        parts.push((text, title));
    }
    // Single-word expansions come first, in token order and covering each token once; the
    // first expansion overlapping its predecessor starts the joined ones.
    let n_singles = (1..run.expansions.len())
        .find(|&i| run.expansions[i].tokens.start < run.expansions[i - 1].tokens.end)
        .unwrap_or(run.expansions.len());

    for e in &run.expansions[..n_singles] {
        if e.candidates.is_empty() {
            out.warnings.push(if run.occur == Occur::Must {
                format!(
                    "`{}`: no Arabic spelling of it in the index (stop words aside), so the required word matches nothing",
                    e.latin
                )
            } else {
                format!(
                    "`{}`: no Arabic spelling of it in the index (stop words aside): ignored",
                    e.latin
                )
            });
        }
    }

    match run.occur {
        Occur::MustNot => {
            for (text, _) in parts {
                if !text.is_empty() {
                    out.negative.push(disjunction(text));
                }
            }
        }
        Occur::Should => {
            for (text, title) in parts {
                let mut all = text;
                all.extend(title);
                if !all.is_empty() {
                    out.optional.push(disjunction(all));
                }
            }
        }
        Occur::Must => {
            // Token i is satisfied by its own spelling or by a joined spelling covering it.
            let mut per_token: Vec<Vec<Box<dyn Query>>> =
                (0..n_tokens).map(|_| Vec::new()).collect();
            for (e, (text, title)) in run.expansions.iter().zip(parts) {
                for i in e.tokens.clone() {
                    per_token[i].extend(text.iter().map(|q| q.box_clone()));
                }
                if !title.is_empty() {
                    out.optional.push(disjunction(title));
                }
            }
            for (i, alternatives) in per_token.into_iter().enumerate() {
                // An article token ("al" in "al Asad") is covered by the next word's expansion.
                // A word whose only spellings are stop words (in a name) is not required.
                let only_stop_words = run.expansions[..n_singles].iter().any(|e| {
                    e.tokens.contains(&i)
                        && !e.candidates.is_empty()
                        && e.candidates.iter().all(|c| is_stop_word(&c.arabic))
                });
                if only_stop_words && alternatives.is_empty() {
                    continue;
                }
                out.required.push(if alternatives.is_empty() {
                    Box::new(EmptyQuery)
                } else {
                    disjunction(alternatives)
                });
            }
        }
    }

    if run.occur == Occur::MustNot {
        out.interpretation = interpretation(run, n_singles).map(|line| format!("-{line}"));
        return out;
    }
    let found: Vec<&WordExpansion> = run.expansions[..n_singles]
        .iter()
        .filter(|e| !e.candidates.is_empty())
        .collect();
    for e in &found {
        out.proximity
            .extend(analysis::terms(AR_STEM, &e.candidates[0].arabic));
    }
    if found.len() >= 2 {
        if let Some(q) = name_phrase(&found, fields) {
            out.components.push(Component {
                label: format!("name(\"{}\")", run.text),
                query: q.box_clone(),
            });
            out.optional.push(q);
        }
    }
    out.interpretation = interpretation(run, n_singles);
    out
}

/// Exact phrases over the spelling combinations of the words in order (best combinations
/// first, at most [`MAX_PHRASES`]), each boosted by the product of its spellings' weights.
fn name_phrase(found: &[&WordExpansion], fields: &Fields) -> Option<Box<dyn Query>> {
    // (terms, weight) of partial combinations.
    let mut combos: Vec<(Vec<String>, f32)> = vec![(Vec::new(), 1.0)];
    for e in found {
        let mut next = Vec::new();
        for (terms, w) in &combos {
            for cand in &e.candidates {
                let mut t = terms.clone();
                t.extend(cand.arabic.split(' ').map(str::to_string));
                next.push((t, w * candidate_weight(cand.cost)));
            }
        }
        next.sort_by(|a, b| b.1.total_cmp(&a.1));
        next.truncate(MAX_PHRASES);
        combos = next;
    }
    let phrases: Vec<Box<dyn Query>> = combos
        .into_iter()
        .filter(|(t, _)| t.len() >= 2)
        .map(|(t, w)| {
            let terms: Vec<(usize, String)> = t.into_iter().enumerate().collect();
            Box::new(BoostQuery::new(
                phrase_query(fields.text_exact, &terms, 0),
                NAME_PHRASE_BOOST * w,
            )) as Box<dyn Query>
        })
        .collect();
    (!phrases.is_empty()).then(|| disjunction(phrases))
}

/// `Ain al-Asad → عين الاسد`, with the other spellings searched in brackets.
fn interpretation(run: &LatinRun, n_singles: usize) -> Option<String> {
    let singles = &run.expansions[..n_singles];
    let joined = &run.expansions[n_singles..];
    if singles
        .iter()
        .chain(joined)
        .all(|e| e.candidates.is_empty())
    {
        return None;
    }
    let best: Vec<&str> = singles
        .iter()
        .filter_map(|e| e.candidates.first().map(|c| c.arabic.as_str()))
        .collect();
    let mut line = format!("{} → {}", run.text, best.join(" "));
    let mut also: Vec<String> = Vec::new();
    for e in singles {
        also.extend(e.candidates.iter().skip(1).map(|c| c.arabic.clone()));
    }
    for e in joined {
        also.extend(e.candidates.iter().map(|c| c.arabic.clone()));
    }
    if best.is_empty() {
        line = format!("{} → {}", run.text, also.remove(0));
    }
    if !also.is_empty() {
        line.push_str(&format!(" (also {})", also.join(", ")));
    }
    Some(line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::testutil::engine;
    use crate::search::SearchOptions;

    #[test]
    fn latin_words_are_recognized() {
        for w in ["Erbil", "al-Asad", "ʿAli", "U.N.A.M.I.", "Ḥasan", "O'Brien"] {
            assert!(is_latin_word(w), "{w}");
        }
        for w in ["أربيل", "2024", "-", "Erbil٢", "e-mail@x"] {
            assert!(!is_latin_word(w), "{w}");
        }
    }

    #[test]
    fn weights_fall_with_cost() {
        assert_eq!(candidate_weight(0.0), 1.0);
        assert!(candidate_weight(0.3) < 1.0);
        assert!(candidate_weight(1.0) < candidate_weight(0.3));
        assert!(candidate_weight(-1.0) <= 1.0);
    }

    #[test]
    fn a_name_ranks_passages_naming_it_in_full_first() {
        let opts = SearchOptions {
            explain: true,
            per_doc: 0,
            collapse: false,
            limit: 50,
            ..SearchOptions::default()
        };
        let r = engine().search("Ain al-Asad", &opts).expect("search");
        assert_eq!(r.interpretation, ["Ain al-Asad → عين الأسد"]);
        let first = &r.hits[0];
        assert!(first.text.contains("عين الأسد"));
        assert!(
            first
                .explanation
                .iter()
                .any(|c| c.clause.starts_with("name(")),
            "{:?}",
            first.explanation
        );
        // Same passages as the Arabic query, same best hit.
        let arabic = engine().search("عين الأسد", &opts).expect("search");
        assert_eq!(arabic.hits[0].text, first.text);
    }

    #[test]
    fn excluded_latin_words_exclude_their_arabic_spelling() {
        let opts = SearchOptions {
            per_doc: 0,
            collapse: false,
            limit: 100,
            ..SearchOptions::default()
        };
        let all = engine().search("Ain al-Asad", &opts).expect("search");
        let r = engine()
            .search("Ain al-Asad -Tehran", &opts)
            .expect("search");
        assert!(r.hits.len() < all.hits.len());
        assert!(r.hits.iter().all(|h| !h.text.contains("طهران")));
        assert_eq!(r.interpretation[1], "-Tehran → طهران");
    }

    #[test]
    fn without_a_vocabulary_latin_words_are_plain_words() {
        let parsed = crate::search::parse("Erbil");
        let compiled = crate::search::compile(&parsed, &engine().index.fields);
        assert!(compiled.interpretation.is_empty());
        assert!(compiled
            .components
            .iter()
            .any(|c| c.label == "text_exact:erbil"));
    }
}
