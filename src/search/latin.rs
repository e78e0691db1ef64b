//! Latin-script query words ("Ain al-Asad", "Erbil", "UNAMI") read as their Arabic spellings: a
//! step that rewrites the [`QueryPlan`].
//!
//! A bare word written in Latin letters is handed to [`crate::translit`], which proposes the
//! Arabic spellings that exist in the index, ranked by evidence (how likely the spelling is for
//! the Latin word, and how often the corpus uses it). Consecutive such words with the same
//! occurrence form a [`Name`], read together so that a standalone article ("al Asad"), particles
//! and titles ("King Salman bin Abdulaziz"), multi-word exonyms ("New York") and two words
//! written solid in Arabic ("Tal Afar" → تلعفر) are understood. A Latin word the corpus has as
//! such (`Beirut` in one English book title, `OpenAI`) is one more reading, spelt as typed, so
//! one Latin occurrence cannot switch the Arabic readings off.
//!
//! Each word keeps its best [`Weights::latin_readings`] readings as alternatives
//! ([`Source::Latin`]), each weighted by its evidence relative to the best one, so a rare wrong
//! spelling cannot outrank the frequent right one; how they are searched (each like a typed
//! Arabic word, the name phrase over the best spellings) is
//! [`compile`](mod@crate::search::compile)'s business. Spellings that are stop words ("in" → ان,
//! "and" → عند, "Ali" → علي, which normalizes like على) would match most passages: a lone word
//! never gets one, and inside a multi-word name only the best spelling may be one (it then counts
//! only in the name phrase).

use crate::analysis::{self, AR_EXACT, AR_STEM};
use crate::search::plan::{Alternative, Name, NameWord, Part, QueryPlan, Source, Word};
use crate::search::query::{Filter, Occur};
use crate::search::rank::Weights;
use crate::translit::{
    query_tokens, transliterate_query_with, Candidate, ReadingPrior, Vocabulary, WordExpansion,
};

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

/// Does `arabic` (a spelling) analyze to nothing with `ar_stem`, i.e. is it a stop word?
pub fn is_stop_word(arabic: &str) -> bool {
    analysis::terms(AR_STEM, arabic).is_empty()
}

/// Is `word` read as Latin: a Latin-script word as typed with something to analyze?
fn is_read_as_latin(word: &Word) -> bool {
    word.is_as_typed()
        && is_latin_word(&word.typed)
        && !analysis::terms(AR_EXACT, &word.typed).is_empty()
}

/// Rewrites `plan`: each run of consecutive Latin-script words with the same occurrence becomes
/// one [`Name`] (in place of its first word) with at most [`Weights::latin_readings`] readings
/// per word, spelt against `vocab` and weighed by [`Weights::reading_prior`].
pub fn read(plan: &mut QueryPlan, vocab: &dyn Vocabulary, weights: &Weights) {
    // Runs as (first part, last part, occurrence).
    let mut runs: Vec<(usize, usize, Occur)> = Vec::new();
    for (i, part) in plan.parts.iter().enumerate() {
        let Part::Word(word) = part else {
            continue;
        };
        if !is_read_as_latin(word) {
            continue;
        }
        match runs.last_mut() {
            Some((_, last, occur)) if *last + 1 == i && *occur == word.occur => *last = i,
            _ => runs.push((i, i, word.occur)),
        }
    }
    // Replaced from the last, so the earlier runs' indices stay valid.
    for &(first, last, occur) in runs.iter().rev() {
        let typed: Vec<&str> = plan.parts[first..=last]
            .iter()
            .filter_map(|p| match p {
                Part::Word(w) => Some(w.typed.as_str()),
                _ => None,
            })
            .collect();
        let name = read_name(&typed.join(" "), occur, vocab, weights);
        plan.parts.splice(first..=last, [Part::Name(name)]);
    }
    read_quoted(plan, vocab, weights);
    read_title_filters(plan, vocab, weights);
}

/// Is `text` Latin-script words only (and something to analyze)?
fn is_latin_text(text: &str) -> bool {
    text.split_whitespace().all(is_latin_word) && !analysis::terms(AR_EXACT, text).is_empty()
}

/// A quoted phrase of Latin words (`"Ain al-Asad"`) becomes a quoted [`Name`]: the exact phrase
/// of its readings.
fn read_quoted(plan: &mut QueryPlan, vocab: &dyn Vocabulary, weights: &Weights) {
    for part in &mut plan.parts {
        let Part::Phrase(phrase) = part else {
            continue;
        };
        if !is_latin_text(&phrase.text) {
            continue;
        }
        let mut name = read_name(&phrase.text, phrase.occur, vocab, weights);
        name.quoted = true;
        *part = Part::Name(name);
    }
}

/// `title:Riyadh` searches titles for the best reading (الرياض) when every word has one; the
/// rewrite is noted for the reading line.
fn read_title_filters(plan: &mut QueryPlan, vocab: &dyn Vocabulary, weights: &Weights) {
    for clause in &mut plan.filters {
        let Filter::Title(value) = &mut clause.filter else {
            continue;
        };
        if !is_latin_text(value) {
            continue;
        }
        let name = read_name(value, Occur::Must, vocab, weights);
        let best: Option<Vec<&str>> = name
            .words
            .iter()
            .map(|w| w.alternatives.first().map(|a| a.text.as_str()))
            .collect();
        match best {
            Some(best) => {
                let reading = best.join(" ");
                plan.notes.push(format!("title:{value} → {reading}"));
                *value = reading;
            }
            None => plan.notes.push(format!(
                "title:{value}: no Arabic spelling of it in the index, searched as typed"
            )),
        }
    }
}

/// The [`Name`] of the Latin words `typed` (space-separated).
fn read_name(typed: &str, occur: Occur, vocab: &dyn Vocabulary, weights: &Weights) -> Name {
    let tokens = query_tokens(typed).len();
    let prior = &weights.reading_prior;
    let mut expansions = transliterate_query_with(typed, vocab, weights.latin_readings, prior);
    for e in &mut expansions {
        keep_stop_words_for_the_phrase(e, tokens > 1, prior);
    }
    // Single-word expansions come first, in Arabic order and covering each token once; the
    // first expansion overlapping an earlier one starts the joined ones.
    let singles = (1..expansions.len())
        .find(|&i| {
            let t = &expansions[i].tokens;
            expansions[..i]
                .iter()
                .any(|e| e.tokens.start < t.end && t.start < e.tokens.end)
        })
        .unwrap_or(expansions.len());
    let joined = expansions.split_off(singles);
    let words = expansions
        .into_iter()
        .map(|e| name_word(e, vocab, weights))
        .collect();
    Name {
        quoted: false,
        occur,
        typed: typed.to_string(),
        tokens,
        words,
        joined: joined
            .into_iter()
            .map(|e| name_word(e, vocab, weights))
            .collect(),
    }
}

/// How much costlier than the cheapest spelling a stop-word spelling kept in a name may be.
const STOP_WORD_SLACK: f32 = 0.15;

/// A spelling that is a stop word ("in" → ان, "and" → عند, even "Ali" → علي, which is also
/// على) would match half the corpus: alone it is dropped; inside a name of several words the
/// cheapest spellings are kept when they are ("Ali" → الي or علي, within
/// [`STOP_WORD_SLACK`] of the cheapest), for the name phrase only, weighed as if it were
/// as frequent as the best other reading (its own frequency says nothing of the name) and never
/// ahead of it.
fn keep_stop_words_for_the_phrase(e: &mut WordExpansion, in_name: bool, prior: &ReadingPrior) {
    let cheapest = e
        .candidates
        .iter()
        .map(|c| c.cost)
        .fold(f32::INFINITY, f32::min);
    let stop: Vec<bool> = e
        .candidates
        .iter()
        .map(|c| is_stop_word(&c.arabic))
        .collect();
    let best = e.candidates.iter().zip(&stop).find(|(_, s)| !**s);
    let best_df = best.map_or(1, |(c, _)| c.doc_freq);
    let best_evidence = best.map_or(f32::INFINITY, |(c, _)| c.evidence);
    let mut kept = Vec::new();
    for (mut c, stop) in std::mem::take(&mut e.candidates).into_iter().zip(stop) {
        if stop {
            if !in_name || c.cost > cheapest + STOP_WORD_SLACK {
                continue;
            }
            // Never ahead of the best real word (ties go to it): the reading line would say
            // اين for Ain.
            c.evidence = prior.log_evidence(c.cost, best_df).min(best_evidence);
        }
        kept.push((c, stop));
    }
    kept.sort_by(|(a, a_stop), (b, b_stop)| {
        b.evidence.total_cmp(&a.evidence).then(a_stop.cmp(b_stop))
    });
    let kept = kept.into_iter().map(|(c, _)| c).collect();
    e.candidates = kept;
}

/// The readings of one expansion, weighed against each other: each reading's weight is its
/// evidence relative to the best one's ([`crate::translit::ReadingPrior`]), and readings below
/// [`Weights::reading_keep`] of the best are dropped. A Latin word the index has as such
/// (`Beirut` in an English book title, `OpenAI`) is one more reading, spelt as typed (cost 0),
/// so its own frequency decides how much it counts beside the Arabic spellings.
fn name_word(e: WordExpansion, vocab: &dyn Vocabulary, weights: &Weights) -> NameWord {
    let prior = &weights.reading_prior;
    let best_cost = e.candidates.first().map_or(0.0, |c| c.cost);
    let mut readings: Vec<(Alternative, f32)> = e
        .candidates
        .into_iter()
        .map(|c| (latin_reading(&c), c.evidence))
        .collect();
    if let Some((typed, doc_freq)) = indexed_latin(&e.latin, vocab) {
        // Spelt as typed it costs nothing, but an Arabic reader's corpus names it in Arabic:
        // beside the best Arabic reading, only how often each is used tells them apart.
        let evidence = prior.log_evidence(best_cost, doc_freq);
        readings.push((Alternative::typed(&typed), evidence));
    }
    readings.sort_by(|a, b| b.1.total_cmp(&a.1));
    let best = readings.first().map_or(0.0, |r| r.1);
    let alternatives = readings
        .into_iter()
        .map(|(alt, evidence)| Alternative {
            weight: (evidence - best).exp(),
            ..alt
        })
        .filter(|alt| alt.weight >= weights.reading_keep)
        .take(weights.latin_readings)
        .collect();
    NameWord {
        latin: e.latin,
        tokens: e.tokens,
        alternatives,
    }
}

/// The Latin text of an expansion as an index word (lower-cased as `text_exact` has it) with its
/// document frequency, when every word of it is an index term.
fn indexed_latin(latin: &str, vocab: &dyn Vocabulary) -> Option<(String, u64)> {
    let terms = analysis::terms(AR_EXACT, latin);
    let df = terms.iter().map(|t| vocab.doc_freq(t)).min()?;
    (df > 0).then(|| (latin.to_string(), df))
}

fn latin_reading(c: &Candidate) -> Alternative {
    Alternative {
        text: c.arabic.clone(),
        source: Source::Latin {
            cost: c.cost,
            doc_freq: c.doc_freq,
        },
        weight: 1.0,
        attached: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::parse;
    use crate::search::testutil::engine;
    use crate::search::SearchOptions;
    use std::collections::BTreeMap;

    #[test]
    fn latin_words_are_recognized() {
        for w in ["Erbil", "al-Asad", "ʿAli", "U.N.A.M.I.", "Ḥasan", "O'Brien"] {
            assert!(is_latin_word(w), "{w}");
        }
        for w in ["أربيل", "2024", "-", "Erbil٢", "e-mail@x"] {
            assert!(!is_latin_word(w), "{w}");
        }
    }

    fn vocab(terms: &[(&str, u64)]) -> BTreeMap<String, u64> {
        terms.iter().map(|(t, n)| (t.to_string(), *n)).collect()
    }

    /// The plan of `query` after the Latin step against `terms`.
    fn read_plan(query: &str, terms: &[(&str, u64)]) -> QueryPlan {
        let mut plan = QueryPlan::new(&parse(query));
        read(&mut plan, &vocab(terms), &Weights::default());
        plan
    }

    #[test]
    fn a_latin_word_gets_arabic_readings() {
        let plan = read_plan("Erbil", &[("اربيل", 40), ("عين", 9)]);
        let name = the_name(&plan);
        assert_eq!(
            (name.occur, name.typed.as_str(), name.tokens),
            (Occur::Should, "Erbil", 1)
        );
        assert!(name.joined.is_empty());
        let [word] = name.words.as_slice() else {
            panic!("{name:?}");
        };
        assert_eq!((word.latin.as_str(), word.tokens.clone()), ("Erbil", 0..1));
        let [alt] = word.alternatives.as_slice() else {
            panic!("{word:?}");
        };
        assert_eq!(alt.text, "اربيل");
        let Source::Latin { cost, doc_freq } = alt.source else {
            panic!("{alt:?}");
        };
        assert_eq!(doc_freq, 40);
        assert!(cost >= 0.0);
        assert_eq!(alt.weight, 1.0, "the best reading weighs 1");
    }

    #[test]
    fn consecutive_latin_words_with_one_occurrence_form_one_name() {
        let terms = [("عين", 9), ("الاسد", 7), ("طهران", 3)];
        let plan = read_plan("Ain al-Asad -Tehran بغداد", &terms);
        let names: Vec<(Occur, &str, Vec<&str>)> = plan
            .names()
            .map(|n| {
                let best = n.words.iter().map(|w| w.alternatives[0].text.as_str());
                (n.occur, n.typed.as_str(), best.collect())
            })
            .collect();
        assert_eq!(
            names,
            [
                (Occur::Should, "Ain al-Asad", vec!["عين", "الاسد"]),
                (Occur::MustNot, "Tehran", vec!["طهران"]),
            ]
        );
        // The Arabic word stays a word as typed, after the names.
        assert_eq!(plan.parts.len(), 3);
        let Part::Word(word) = &plan.parts[2] else {
            panic!("{plan:?}");
        };
        assert_eq!(word.alternatives, [Alternative::typed("بغداد")]);
    }

    /// The plan's only part, a name.
    fn the_name(plan: &QueryPlan) -> &Name {
        let [Part::Name(name)] = plan.parts.as_slice() else {
            panic!("{plan:?}");
        };
        name
    }

    /// The best reading of each word of `name`, in its order.
    fn best_readings(name: &Name) -> Vec<&str> {
        name.words
            .iter()
            .map(|w| w.alternatives[0].text.as_str())
            .collect()
    }

    /// The readings of a one-word name as (text, weight).
    fn readings(plan: &QueryPlan) -> Vec<(String, f32)> {
        the_name(plan).words[0]
            .alternatives
            .iter()
            .map(|a| (a.text.clone(), a.weight))
            .collect()
    }

    #[test]
    fn a_latin_word_the_index_has_is_one_more_reading_weighed_by_frequency() {
        // One English book title says "Beirut"; hundreds of passages say بيروت.
        let plan = read_plan("Beirut", &[("beirut", 20), ("بيروت", 300)]);
        let r = readings(&plan);
        assert_eq!(r[0], ("بيروت".to_string(), 1.0));
        assert_eq!(r[1].0, "Beirut");
        assert!(r[1].1 < 0.2, "{r:?}");
        // With no Arabic spelling, the word is searched as typed, at full weight.
        let plan = read_plan("OpenAI", &[("openai", 2)]);
        assert_eq!(readings(&plan), [("OpenAI".to_string(), 1.0)]);
    }

    #[test]
    fn a_frequent_spelling_outranks_a_cheaper_rare_one() {
        // ريده spells "Riyadh" more cheaply (no article), but the news says الرياض.
        let plan = read_plan("Riyadh", &[("ريده", 1), ("الرياض", 800)]);
        let r = readings(&plan);
        assert_eq!(r[0], ("الرياض".to_string(), 1.0));
        assert!(r.iter().all(|(t, w)| t == "الرياض" || *w < 0.2), "{r:?}");
    }

    #[test]
    fn readings_far_below_the_best_are_dropped() {
        let weights = Weights {
            reading_keep: 0.5,
            ..Weights::default()
        };
        let mut plan = QueryPlan::new(&parse("Riyadh"));
        read(&mut plan, &vocab(&[("ريده", 1), ("الرياض", 800)]), &weights);
        assert_eq!(readings(&plan), [("الرياض".to_string(), 1.0)]);
    }

    #[test]
    fn name_particles_and_titles_are_translated() {
        let terms = [
            ("بن", 900),
            ("بين", 3000),
            ("الملك", 800),
            ("سلمان", 300),
            ("فهد", 200),
        ];
        let plan = read_plan("King Salman bin Fahd", &terms);
        let name = the_name(&plan);
        let best = best_readings(name);
        assert_eq!(best, ["الملك", "سلمان", "بن", "فهد"]);
        let bin = &name.words[2];
        assert!(bin.alternatives.iter().all(|a| a.text != "بين"), "{bin:?}");
    }

    #[test]
    fn a_hyphenated_name_is_read_as_words_and_a_head_noun_goes_first() {
        let plan = read_plan("France-Presse", &[("فرانس", 63), ("برس", 58)]);
        let name = the_name(&plan);
        assert_eq!((name.typed.as_str(), name.tokens), ("France-Presse", 2));
        let words: Vec<(&str, &str)> = name
            .words
            .iter()
            .map(|w| (w.latin.as_str(), w.alternatives[0].text.as_str()))
            .collect();
        assert_eq!(words, [("France", "فرانس"), ("Presse", "برس")]);
        // English puts "University" last, Arabic جامعة first: the name phrase follows Arabic.
        let plan = read_plan("Saud University", &[("سعود", 500), ("جامعه", 300)]);
        let name = the_name(&plan);
        let best = best_readings(name);
        assert_eq!(best, ["جامعه", "سعود"]);
        assert!(name.joined.is_empty(), "{:?}", name.joined);
    }

    #[test]
    fn a_quoted_latin_phrase_is_a_quoted_name() {
        let plan = read_plan(
            "\"Ain al-Asad\" -\"Erbil\"",
            &[("عين", 9), ("الاسد", 7), ("اربيل", 4)],
        );
        let names: Vec<(bool, Occur, &str)> = plan
            .names()
            .map(|n| (n.quoted, n.occur, n.typed.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                (true, Occur::Should, "Ain al-Asad"),
                (true, Occur::MustNot, "Erbil")
            ]
        );
        // An Arabic phrase stays a phrase.
        let plan = read_plan("\"عين الأسد\"", &[("عين", 9)]);
        assert!(matches!(plan.parts[0], Part::Phrase(_)));
    }

    #[test]
    fn a_latin_title_filter_searches_its_reading() {
        let plan = read_plan("title:Erbil بغداد", &[("اربيل", 4), ("بغداد", 9)]);
        assert_eq!(plan.filters[0].filter, Filter::Title("اربيل".into()));
        assert_eq!(plan.notes, ["title:Erbil → اربيل"]);
        let plan = read_plan("title:Xyzzyq", &[("اربيل", 4)]);
        assert_eq!(plan.filters[0].filter, Filter::Title("Xyzzyq".into()));
        assert_eq!(plan.notes.len(), 1);
    }

    #[test]
    fn english_plurals_of_gentilics_read_as_arabic_plurals() {
        let plan = read_plan("Houthis", &[("الحوثيين", 90), ("حوثي", 3), ("هوتس", 1)]);
        assert_eq!(readings(&plan)[0].0, "الحوثيين");
    }

    #[test]
    fn a_stop_word_spelling_counts_only_inside_a_name_and_never_first() {
        // "Ain" is spelt more cheaply اين ("where"), a stop word: alone it is dropped, in a name
        // it stays behind عين for the name phrase.
        let terms = [("عين", 90), ("اين", 5000), ("الاسد", 70)];
        let plan = read_plan("Ain", &terms);
        assert!(readings(&plan).iter().all(|(t, _)| t != "اين"));
        let plan = read_plan("Ain al-Asad", &terms);
        let name = the_name(&plan);
        let ain: Vec<&str> = name.words[0]
            .alternatives
            .iter()
            .map(|a| a.text.as_str())
            .collect();
        assert_eq!(ain, ["عين", "اين"]);
    }

    #[test]
    fn a_lone_latin_word_never_reads_as_a_stop_word() {
        // "in" reads as ان, a stop word: dropped, so the word has no reading.
        let plan = read_plan("in", &[("ان", 900)]);
        let name = the_name(&plan);
        assert!(
            name.words.iter().all(|w| w.alternatives.is_empty()),
            "{name:?}"
        );
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
        let plan = QueryPlan::new(&crate::search::parse("Erbil"));
        let compiled = crate::search::compile(&plan, &engine().index.fields, &Default::default());
        assert!(compiled.interpretation.is_empty());
        assert!(compiled
            .components
            .iter()
            .any(|c| c.label == "text_exact:erbil"));
    }
}
