//! Latin-script names → Arabic spellings that exist in the index vocabulary.
//!
//! Users type "Ain al-Asad", "Erbil" or "Nouri al-Maliki"; the index holds عين الاسد, اربيل,
//! نوري المالكي (after the analyzer's normalization: no diacritics or tatweel, أ/إ/آ/ٱ → ا,
//! ى → ي, ة → ه, Persian ک/ی folded; ؤ and ئ kept). This module proposes Arabic spellings for a
//! Latin word and keeps only those that are index terms.
//!
//! How: a table of weighted rewrite rules ([`rules`]) maps Latin letter sequences to Arabic
//! alternatives (vowels optional or long, s → س/ص, dh → ذ/ظ/ض, final -a → ه/ا/ي/اء, hidden ع, …).
//! The table runs as a byte automaton over the Arabic output ([`Speller`]), intersected with
//! the vocabulary in one pass ([`Vocabulary::spellings`]): an FST term dictionary walks its nodes
//! alongside the automaton, so a partial spelling that no term starts with dies at once and only
//! a thin slice of the combinatorial space is ever visited. Every spelling within a
//! length-dependent cost ceiling that is a vocabulary term becomes a [`Candidate`]; nothing costlier
//! is ever produced, so "xyzzy" yields nothing rather
//! than a random match. The definite article is explicit ("al-Asad", "ash-Sham", "ad-Dawla", with
//! sun-letter assimilation) or implied ("Anbar" → الانبار, at a small extra cost).
//!
//! Evaluation (unit tests, `tests/fixtures/translit/pairs.tsv`, 135 Iraqi/regional names split
//! 2:1 into dev and held-out before any rule was written; vocabulary = the pairs' Arabic plus
//! ~3.4k frequent news words as distractors): right spelling in the top 3 for 89/90 dev pairs
//! and 40/45 held-out pairs (88.9%; measured once, rules not tuned on it afterwards).
//!
//! Speed (`cargo bench --bench translit`, news sample + `corpus/`, 125k terms, shared machine):
//! ~0.04 ms per name at the median, 0.2–0.3 ms for the slowest (0.7 ms in one noisy run; two-word
//! names, whose joined reading is a third walk). It was ~0.2 ms / 2–3 ms with a best-first search that asked the
//! dictionary one prefix probe per partial spelling: opening those range streams, plus the
//! search's own heap and hash maps of `String`s, was the whole cost.

mod article_use;
mod compound;
mod fixed;
mod rules;
mod speller;
#[cfg(test)]
mod tests;
mod together;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ops::{Bound, Range};

pub use speller::{Speller, State};

use article_use::ArticleUse;

/// The set of index terms (normalized Arabic words) the transliterator may propose.
pub trait Vocabulary {
    /// Is `term` an index term?
    fn contains(&self, term: &str) -> bool;
    /// Number of documents containing `term` (0 if absent); used to break cost ties.
    fn doc_freq(&self, term: &str) -> u64;
    /// Number of passages in which `second` directly follows `first` (0 when unknown): how the
    /// words of a several-word name are read together.
    fn adjacent(&self, _first: &str, _second: &str) -> u64 {
        0
    }
    /// Does any index term start with `prefix`? (The empty prefix: is the vocabulary non-empty.)
    /// Used to prune the search; an FST or a sorted set answers it cheaply.
    fn has_prefix(&self, prefix: &str) -> bool;
    /// Every term that is a match of `speller` from `from` ([`State::is_match`]: a whole
    /// spelling, or the first word of a two-word one), with its document frequency, in any order.
    /// The default walks the automaton and prunes with `has_prefix`; an FST dictionary
    /// intersects the automaton with its own nodes instead (one pass, no probes).
    fn spellings(&self, speller: &Speller, from: &State) -> Vec<(String, u64)> {
        let mut out = Vec::new();
        walk(self, speller, from, &mut Vec::new(), &mut out);
        out
    }
}

impl Vocabulary for BTreeMap<String, u64> {
    fn contains(&self, term: &str) -> bool {
        self.contains_key(term)
    }
    fn doc_freq(&self, term: &str) -> u64 {
        self.get(term).copied().unwrap_or(0)
    }
    fn has_prefix(&self, prefix: &str) -> bool {
        self.range::<str, _>((Bound::Included(prefix), Bound::Unbounded))
            .next()
            .is_some_and(|(k, _)| k.starts_with(prefix))
    }
}

impl Vocabulary for BTreeSet<String> {
    fn contains(&self, term: &str) -> bool {
        BTreeSet::contains(self, term)
    }
    fn doc_freq(&self, term: &str) -> u64 {
        u64::from(BTreeSet::contains(self, term))
    }
    fn has_prefix(&self, prefix: &str) -> bool {
        self.range::<str, _>((Bound::Included(prefix), Bound::Unbounded))
            .next()
            .is_some_and(|k| k.starts_with(prefix))
    }
}

/// A `HashMap` cannot answer prefix questions cheaply, so it never prunes (`has_prefix` is
/// always true) and runs every term through the automaton: correct, but linear in the
/// vocabulary. Prefer a `BTreeMap` or an FST.
impl Vocabulary for HashMap<String, u64> {
    fn contains(&self, term: &str) -> bool {
        self.contains_key(term)
    }
    fn doc_freq(&self, term: &str) -> u64 {
        self.get(term).copied().unwrap_or(0)
    }
    fn has_prefix(&self, _prefix: &str) -> bool {
        true
    }
    fn spellings(&self, speller: &Speller, from: &State) -> Vec<(String, u64)> {
        self.iter()
            .filter(|(term, _)| speller.run(from, term.as_bytes()).is_match())
            .map(|(term, &df)| (term.clone(), df))
            .collect()
    }
}

/// One Arabic spelling of a Latin word that exists in the vocabulary.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Normalized Arabic. Usually one term; "-allah"/"-uddin" names may yield two space-separated
    /// terms ("Hezbollah" → "حزب الله"), to be searched as a phrase.
    pub arabic: String,
    /// Transliteration cost (0 = the most obvious reading); lower is better.
    pub cost: f32,
    /// Document frequency of the term (for a two-term candidate, the smaller of the two).
    pub doc_freq: u64,
    /// Log-evidence for this reading ([`ReadingPrior::log_evidence`]): candidates are ranked by
    /// it, highest first.
    pub evidence: f32,
    /// A spelling from the gazetteer of fixed readings (exonyms, titles, spelt acronyms): known
    /// to be a name, so the corpus's name signals are not asked.
    pub fixed: bool,
}

/// How a reading's evidence is weighed: how likely its spelling is for the Latin word (the rule
/// cost) and how often the corpus uses it (its document frequency), in one log-linear score.
/// Cost alone lets a cheap spelling that is a rare word (Riyadh → ريده, in one passage) beat the
/// spelling the news uses (الرياض, in hundreds); frequency alone would read every name as the
/// commonest word nearby. Fitted on the pairs tables' dev rows (`cargo bench --bench translit`).
///
/// Two more signals say whether a spelling is a name ([`ArticleUse`]): how consistently the
/// corpus writes the word in one form, with or without the article (names keep one form,
/// common words alternate), and, for an article the user did not type, whether the corpus
/// ever writes the word without it (القصيم never is: its article is part of the name and
/// costs nothing).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ReadingPrior {
    /// Log-evidence lost per unit of transliteration cost.
    pub cost_scale: f32,
    /// Log-evidence gained per unit of `ln(1 + document frequency)`.
    pub frequency_exponent: f32,
    /// Log-evidence gained per unit of `ln(consistency)` ([`ArticleUse::consistency`]).
    pub form_weight: f32,
    /// Share of an implied article's cost waived when the word is nearly always written with
    /// the article ([`NAME_BARE_SHARE`]).
    pub article_waiver: f32,
    /// Log-evidence gained per unit of `ln(1 + passages)` in which a reading stands next to a
    /// reading of the next or previous word of the name ([`together`]).
    pub adjacency_weight: f32,
}

impl Default for ReadingPrior {
    fn default() -> Self {
        ReadingPrior {
            cost_scale: 6.0,
            frequency_exponent: 0.8,
            form_weight: 4.0,
            article_waiver: 1.0,
            adjacency_weight: 2.0,
        }
    }
}

impl ReadingPrior {
    /// `-cost_scale · cost + frequency_exponent · ln(1 + doc_freq)`.
    pub fn log_evidence(&self, cost: f32, doc_freq: u64) -> f32 {
        -self.cost_scale * cost + self.frequency_exponent * (1.0 + doc_freq as f32).ln()
    }

    /// How consistently the corpus writes `candidate`'s word in one form, with or without the
    /// article ([`ArticleUse::consistency`]), as log-evidence.
    fn form_evidence(&self, candidate: &Candidate, vocab: &dyn Vocabulary) -> f32 {
        if self.form_weight == 0.0 || candidate.fixed || candidate.arabic.contains(' ') {
            return 0.0;
        }
        let used = ArticleUse::of(&candidate.arabic, vocab);
        self.form_weight * used.consistency().ln()
    }

    /// The part of an implied article's cost waived for `arabic`: all of it, times
    /// `article_waiver`, when the corpus (nearly) never writes the word without the article.
    fn waived_article_cost(&self, arabic: &str, vocab: &dyn Vocabulary) -> f32 {
        if self.article_waiver == 0.0 {
            return 0.0;
        }
        let used = ArticleUse::of(arabic, vocab);
        if 1.0 - used.definite_share() > NAME_BARE_SHARE {
            return 0.0;
        }
        IMPLIED_ARTICLE as f32 / 100.0 * self.article_waiver
    }
}

/// An implied article is part of the name when the corpus writes the word without it at most
/// this share of the time (القصيم, التواهي never; الأمر, النصر, الخميس often).
const NAME_BARE_SHARE: f32 = 0.05;

/// Candidates further than this below the best log-evidence are not looked up for
/// [`ReadingPrior::article_evidence`]: no name signal brings them back.
const ARTICLE_EVIDENCE_WINDOW: f32 = 8.0;

/// Candidates within the cost ceiling considered for ranking by evidence, cheapest first: enough
/// that a frequent spelling a few rules away (an implied article, a hidden ع) is among them.
const POOL: usize = 48;

/// The candidates for one Latin word, or for two adjacent Latin words written as one Arabic word
/// ("Tal Afar" → تلعفر).
#[derive(Debug, Clone, PartialEq)]
pub struct WordExpansion {
    /// The Latin text covered (as typed, article included).
    pub latin: String,
    /// Indices of the whitespace-separated query tokens covered. Single-token expansions come
    /// first, one per token, in the order Arabic writes them (an institution's head noun first;
    /// a standalone article token such as "al" in "al Asad" is covered by the following word's
    /// expansion); two-token "joined" expansions follow and are alternatives to the single-token
    /// expansions they overlap.
    pub tokens: Range<usize>,
    /// Best first; may be empty.
    pub candidates: Vec<Candidate>,
}

/// Extra cost for an article the user did not type ("Anbar" → الانبار).
const IMPLIED_ARTICLE: u32 = 30;
/// Extra cost for reading two Latin words as one Arabic word.
const JOIN_PENALTY: u32 = 20;
/// Extra cost for each fixed spelling after the most common one.
const FIXED_STEP: u32 = 5;
/// Extra cost for reading "Al X" as the family آل X rather than the article.
const FAMILY: u32 = 30;
/// Cost of an acronym spelt letter by letter (بي بي سي for BBC).
const ACRONYM_SPELLED: u32 = 10;
/// Extra cost for reading the h of sh, kh, th, dh, gh as a letter of its own.
const SPLIT_DIGRAPH: u32 = 30;
/// Cost of reading English's long a ("ay") as ي.
const ENGLISH_LONG_A: u32 = 35;
/// Extra cost for leaving unwritten a vowel that stands beside another inside the word.
const HIATUS: u32 = 30;
/// Extra cost for spelling a doubled Latin consonant twice (Arabic writes it once, with shadda).
const DOUBLE_SPELLED: u32 = 60;

/// Search ceiling in hundredths. Every Latin letter is a chance for an ambiguity, so the budget
/// grows with length; it grows faster past three letters because short inputs are where chance
/// matches live (any two-letter Arabic word is "close" to "the"), while a long name that
/// survives letter-by-letter prefix pruning is very unlikely to be an accident.
fn ceiling(len: usize) -> u32 {
    let len = len as u32;
    15 * len + 12 * len.saturating_sub(3)
}

/// Arabic candidates for one Latin word (an article prefix like "al-" or "ash-" may be included),
/// best first: lowest cost, then highest document frequency. At most `max`; empty when nothing
/// in the vocabulary is a plausible spelling.
pub fn candidates(latin_word: &str, vocab: &dyn Vocabulary, max: usize) -> Vec<Candidate> {
    let Some(word) = normalize_latin(latin_word) else {
        return Vec::new();
    };
    let (definite, rest) = split_article(&word);
    let rest = rest.replace('-', "");
    let prior = ReadingPrior::default();
    Reader {
        vocab,
        max,
        prior: &prior,
        compounds: true,
    }
    .candidates(&rest, definite, 0)
}

/// What reading a word needs besides the word: the vocabulary, how many candidates to keep, how
/// to rank them.
struct Reader<'a> {
    vocab: &'a dyn Vocabulary,
    max: usize,
    prior: &'a ReadingPrior,
    /// Whether a word may be read as a compound of two Arabic words ([`compound`]): for a
    /// one-word query only, where no neighbour's readings could pair with a part.
    compounds: bool,
}

impl Reader<'_> {
    /// Core: `word` is normalized Latin without an article; `definite` forces ال; `extra` is
    /// added to every cost. Best evidence first, at most `max`.
    fn candidates(&self, word: &str, definite: bool, extra: u32) -> Vec<Candidate> {
        let vocab = self.vocab;
        if self.max == 0 || word.is_empty() || !word.bytes().any(|b| b.is_ascii_alphabetic()) {
            return Vec::new();
        }
        let mut out: Vec<Candidate> = Vec::new();
        // Exonyms first: fixed English names that are not transliterations.
        if let Some(f) = fixed::lookup(&[word]) {
            out.extend(self.fixed(&f.spellings, extra));
        }
        let starts: &[(&str, u32)] = if definite {
            &[("ال", 0)]
        } else {
            &[("", 0), ("ال", IMPLIED_ARTICLE)]
        };
        let mut found = Vec::new();
        search(word.as_bytes(), starts, extra, vocab, &mut found);
        // An article the user typed, or letters that read as one ("Alexandria"), is not implied.
        let typed_article = definite || word.starts_with("al") || word.starts_with("el");
        if !typed_article {
            self.waive_article_costs(&mut found);
        }
        out.append(&mut found);
        if self.compounds && extra == 0 && !definite {
            out.extend(self.compounds(word));
        }
        out.sort_by(|a, b| {
            a.cost
                .total_cmp(&b.cost)
                .then(b.doc_freq.cmp(&a.doc_freq))
                .then_with(|| a.arabic.cmp(&b.arabic))
        });
        let mut seen = HashSet::new();
        out.retain(|c| seen.insert(c.arabic.clone()));
        out.truncate(POOL);
        self.rank(&mut out, !definite);
        out
    }

    /// Lowers the cost of candidates with an implied article by
    /// [`ReadingPrior::waived_article_cost`] (those close enough to the best only).
    fn waive_article_costs(&self, out: &mut [Candidate]) {
        let evidence = |c: &Candidate| self.prior.log_evidence(c.cost, c.doc_freq);
        let best = out.iter().map(evidence).fold(f32::NEG_INFINITY, f32::max);
        for c in out.iter_mut() {
            if c.arabic.starts_with("ال") && evidence(c) >= best - ARTICLE_EVIDENCE_WINDOW {
                c.cost -= self.prior.waived_article_cost(&c.arabic, self.vocab);
            }
        }
    }

    /// Sets each candidate's evidence, sorts best first (equal evidence keeps the cheaper
    /// spelling first) and keeps `max`.
    fn rank(&self, out: &mut Vec<Candidate>, weigh_form: bool) {
        for c in out.iter_mut() {
            c.evidence = self.prior.log_evidence(c.cost, c.doc_freq);
        }
        let best = out
            .iter()
            .map(|c| c.evidence)
            .fold(f32::NEG_INFINITY, f32::max);
        for c in out.iter_mut() {
            if weigh_form && c.evidence >= best - ARTICLE_EVIDENCE_WINDOW {
                c.evidence += self.prior.form_evidence(c, self.vocab);
            }
        }
        out.sort_by(|a, b| b.evidence.total_cmp(&a.evidence));
        out.truncate(self.max);
    }

    /// The fixed `spellings` that are in the vocabulary (every word of them), in order, each a
    /// little costlier than the one before.
    fn fixed(&self, spellings: &[String], extra: u32) -> Vec<Candidate> {
        spellings
            .iter()
            .filter(|a| a.split(' ').all(|w| self.vocab.contains(w)))
            .enumerate()
            .map(|(k, a)| Candidate {
                arabic: a.clone(),
                cost: (extra + FIXED_STEP * k as u32) as f32 / 100.0,
                doc_freq: vocab_doc_freq_min(a, self.vocab),
                evidence: 0.0,
                fixed: true,
            })
            .collect()
    }

    /// The longest run of tokens from `i` with a fixed reading found in the vocabulary (a
    /// particle, a title, a multi-word exonym) as one expansion. A one-word exonym is read by
    /// [`Reader::candidates`] instead, beside its transliterations.
    fn fixed_phrase(
        &self,
        raw: &[&str],
        norm: &[Option<String>],
        i: usize,
    ) -> Option<WordExpansion> {
        let longest = fixed::MAX_WORDS.min(norm.len() - i);
        (1..=longest).rev().find_map(|len| {
            let words: Option<Vec<&str>> = norm[i..i + len].iter().map(|n| n.as_deref()).collect();
            let f = fixed::lookup(&words?)?;
            if len == 1 && !f.exclusive {
                return None;
            }
            let mut candidates = self.fixed(&f.spellings, 0);
            if candidates.is_empty() {
                return None;
            }
            self.rank(&mut candidates, false);
            Some(WordExpansion {
                latin: raw[i..i + len].join(" "),
                tokens: i..i + len,
                candidates,
            })
        })
    }

    /// "Al X" read as the family آل X: the two words, for each reading of X without the article.
    fn family(&self, word: &str) -> Vec<Candidate> {
        if !self.vocab.contains("ال") {
            return Vec::new();
        }
        let mut out = self.candidates(word, false, FAMILY);
        out.retain(|c| !c.arabic.starts_with("ال"));
        for c in &mut out {
            c.arabic = format!("ال {}", c.arabic);
        }
        out
    }

    /// `arabic` (words spelt out, such as an acronym's letters) as a candidate of cost `cost`,
    /// when every word is in the vocabulary.
    fn spelled(&self, arabic: &str, cost: u32) -> Option<Candidate> {
        arabic
            .split(' ')
            .all(|w| self.vocab.contains(w))
            .then(|| Candidate {
                arabic: arabic.to_string(),
                cost: cost as f32 / 100.0,
                doc_freq: vocab_doc_freq_min(arabic, self.vocab),
                evidence: 0.0,
                fixed: true,
            })
    }
}

/// Every vocabulary spelling of `s` within the ceiling, appended to `out` (unsorted).
///
/// One vocabulary walk per term of the spelling: a term ending before a space ("Hezbollah" →
/// حزب الله) is a *head*, and all heads continue with a single walk from the union of their
/// states (a superset of each head's own continuations, since the union keeps every reading at
/// its cheapest cost), re-checked per head by running its own state over each term found. A
/// walk per head costs a dictionary pass each: "Salahuddin" has dozens of heads (صلاح, صلح, …).
fn search(
    s: &[u8],
    starts: &[(&'static str, u32)],
    extra: u32,
    vocab: &dyn Vocabulary,
    out: &mut Vec<Candidate>,
) {
    let sp = Speller::new(s, starts, ceiling(s.len()));
    // (text so far, its smallest document frequency, state after it)
    let mut heads: Vec<(String, u64, State)> = vec![(String::new(), u64::MAX, sp.start())];
    while !heads.is_empty() {
        let union = State::union(heads.iter().map(|h| &h.2));
        let terms = vocab.spellings(&sp, &union);
        let mut next = Vec::new();
        for (head, head_df, from) in &heads {
            for (term, df) in &terms {
                let state = sp.run(from, term.as_bytes());
                if term.is_empty() || !state.is_match() {
                    continue;
                }
                let text = if head.is_empty() {
                    term.clone()
                } else {
                    format!("{head} {term}")
                };
                let df = (*df).min(*head_df);
                if state.at_space() {
                    next.push((text.clone(), df, sp.after_space(&state)));
                }
                if let Some(cost) = state.done() {
                    out.push(Candidate {
                        arabic: text,
                        cost: (cost + extra) as f32 / 100.0,
                        doc_freq: df,
                        evidence: 0.0,
                        fixed: false,
                    });
                }
            }
        }
        heads = next;
    }
}

/// The smallest document frequency of the words of `arabic`.
fn vocab_doc_freq_min(arabic: &str, vocab: &dyn Vocabulary) -> u64 {
    arabic
        .split(' ')
        .map(|w| vocab.doc_freq(w))
        .min()
        .unwrap_or(0)
}

/// The default [`Vocabulary::spellings`]: a depth-first walk over the automaton's next bytes,
/// pruned with [`Vocabulary::has_prefix`] at every character boundary.
fn walk<V: Vocabulary + ?Sized>(
    vocab: &V,
    sp: &Speller,
    state: &State,
    prefix: &mut Vec<u8>,
    out: &mut Vec<(String, u64)>,
) {
    if state.is_match() {
        if let Ok(term) = std::str::from_utf8(prefix) {
            if !term.is_empty() && vocab.contains(term) {
                out.push((term.to_string(), vocab.doc_freq(term)));
            }
        }
    }
    for b in state.next_bytes() {
        let next = sp.accept(state, b);
        if !next.is_alive() && !next.is_match() {
            continue;
        }
        prefix.push(b);
        // Mid-character prefixes are not strings: probe at the next character boundary.
        if std::str::from_utf8(prefix).map_or(true, |p| vocab.has_prefix(p)) {
            walk(vocab, sp, &next, prefix, out);
        }
        prefix.pop();
    }
}

/// Longest Latin word read as Arabic, in characters as typed. Reading costs the cube of a word's
/// length (a 250-letter word: seconds) and no name is this long ("Abdulrahmanalsudais" has 19
/// letters); a longer word, and so a join of two, stays cheap.
pub(crate) const MAX_LATIN_LETTERS: usize = 40;

/// Lower-case, fold accented Latin letters and scholarly transliteration marks to plain ASCII,
/// map every ʿayn/hamza mark to `'`. Keeps `-`. `None` if a character cannot be read as Latin,
/// or the word is longer than [`MAX_LATIN_LETTERS`].
fn normalize_latin(word: &str) -> Option<String> {
    if word.chars().count() > MAX_LATIN_LETTERS {
        return None;
    }
    let mut out = String::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase) {
        let rep: &str = match c {
            'a'..='z' => {
                out.push(c);
                continue;
            }
            c if HYPHENS.contains(&c) => "-",
            'ʿ' | 'ʾ' | '\'' | '’' | '‘' | '`' | 'ʼ' | 'ʻ' | '´' => "'",
            'á' | 'à' | 'â' | 'ä' | 'ā' | 'ã' | 'å' => "a",
            'é' | 'è' | 'ê' | 'ë' | 'ē' => "e",
            'í' | 'ì' | 'î' | 'ï' | 'ī' | 'ı' => "i",
            'ó' | 'ò' | 'ô' | 'ö' | 'ō' | 'õ' => "o",
            'ú' | 'ù' | 'û' | 'ü' | 'ū' => "u",
            'ḥ' => "h",
            'ṣ' | 'ś' => "s",
            'ṭ' => "t",
            'ḍ' => "d",
            'ẓ' => "z",
            'ḏ' => "dh",
            'ṯ' => "th",
            'ḫ' | 'ḵ' | 'ẖ' => "kh",
            'š' | 'ş' => "sh",
            'ç' | 'č' => "ch",
            'ğ' | 'ġ' => "gh",
            'ž' => "zh",
            'ñ' | 'ń' => "n",
            'ý' | 'ÿ' => "y",
            '.' => continue, // "U.N.A.M.I."
            _ => return None,
        };
        out.push_str(rep);
    }
    // Marks at the very start ("ʿAli") keep their ayn meaning; a trailing hyphen is noise.
    let trimmed = out.trim_matches('-').to_string();
    Some(trimmed)
}

/// Article spellings: "al" and the assimilated forms before sun letters, in the a-/e-/u- variants.
const ARTICLES: &[&str] = &[
    "al", "el", "ul", "il", "ad", "adh", "an", "ar", "as", "ash", "at", "ath", "az", "ed", "edh",
    "en", "er", "es", "esh", "et", "eth", "ez",
];

/// Split a leading article ("al-Asad", "ash-Sham", "ez-Zor") off a normalized word.
fn split_article(word: &str) -> (bool, &str) {
    if let Some((head, rest)) = word.split_once('-') {
        if ARTICLES.contains(&head) && !rest.is_empty() {
            return (true, rest);
        }
    }
    (false, word)
}

fn is_article_token(w: &str) -> bool {
    ARTICLES.contains(&w)
}

/// "Abdul Mahdi", "Abdel Karim": the ʿAbd al- construction, where the article is written on
/// the Latin first part. Returns true for such a first part.
fn is_abd_al(w: &str) -> bool {
    matches!(
        w,
        "abdul" | "abdel" | "abdol" | "abdal" | "abdil" | "abdoul"
    )
}

/// Whether `expected` (Arabic words) is spelled by a chain of `expansions` covering all
/// `ntokens` Latin tokens, taking one of the top-`k` candidates of each: how the accuracy test and
/// the bench decide that a name was transliterated correctly.
pub fn spells_within_top(
    expansions: &[WordExpansion],
    ntokens: usize,
    expected: &[&str],
    k: usize,
) -> bool {
    // Reachable (token, word) pairs: the first `token` Latin tokens spell `expected[..word]`.
    let mut reach = HashSet::new();
    reach.insert((0usize, 0usize));
    let mut frontier = vec![(0usize, 0usize)];
    while let Some((t, w)) = frontier.pop() {
        if t == ntokens && w == expected.len() {
            return true;
        }
        for e in expansions.iter().filter(|e| e.tokens.start == t) {
            for c in e.candidates.iter().take(k) {
                let words: Vec<&str> = c.arabic.split(' ').collect();
                if expected.len() >= w + words.len() && expected[w..w + words.len()] == words[..] {
                    let next = (e.tokens.end, w + words.len());
                    if reach.insert(next) {
                        frontier.push(next);
                    }
                }
            }
        }
    }
    false
}

/// The hyphen and its typographic look-alikes, read as one.
const HYPHENS: [char; 3] = ['-', '‐', '–'];

/// The tokens of a Latin query: its words, each split at its hyphens but after an article
/// (`al-Asad` is one token, `Saint-Germain` and `France-Presse` two): Arabic writes the parts of
/// a hyphenated foreign name as words (سان جيرمان, فرانس برس, بان كي مون).
pub fn query_tokens(latin: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for word in latin.split_whitespace() {
        let mut rest = word;
        loop {
            let article_end = rest
                .split_once('-')
                .filter(|(head, tail)| {
                    !tail.is_empty() && is_article_token(&head.to_ascii_lowercase())
                })
                .map(|(head, _)| head.len() + 1)
                .unwrap_or(0);
            match rest[article_end..].find(HYPHENS) {
                Some(0) | None => {
                    out.push(rest);
                    break;
                }
                Some(at) => {
                    let at = article_end + at;
                    out.push(&rest[..at]);
                    let hyphen = rest[at..].chars().next().map_or(1, char::len_utf8);
                    rest = &rest[at + hyphen..];
                    if rest.is_empty() {
                        break;
                    }
                }
            }
        }
    }
    out
}

/// Expand a multi-word Latin query. Tokens are [`query_tokens`]; each gets its candidates
/// (see [`WordExpansion`] for the layout). Standalone article tokens ("al Asad") attach to the
/// next word; "Abdul X" yields عبد for "Abdul" and a definite X.
pub fn transliterate_query(
    latin: &str,
    vocab: &dyn Vocabulary,
    max_per_word: usize,
) -> Vec<WordExpansion> {
    transliterate_query_with(latin, vocab, max_per_word, &ReadingPrior::default())
}

/// [`transliterate_query`] with readings ranked by `prior`.
pub fn transliterate_query_with(
    latin: &str,
    vocab: &dyn Vocabulary,
    max_per_word: usize,
    prior: &ReadingPrior,
) -> Vec<WordExpansion> {
    let raw = query_tokens(latin);
    // A name of several words keeps more readings until they are read together.
    let pool = if raw.len() > 1 {
        max_per_word.max(together::POOL)
    } else {
        max_per_word
    };
    let reader = Reader {
        vocab,
        max: pool,
        prior,
        compounds: raw.len() == 1,
    };
    let norm: Vec<Option<String>> = raw.iter().map(|w| normalize_latin(w)).collect();
    let mut out = Vec::new();
    // (token range, definite, normalized word without article) for each word, for joining.
    let mut words: Vec<(Range<usize>, bool, String)> = Vec::new();
    let mut pending_article: Option<usize> = None;
    let mut abd_next = false;
    let mut i = 0;
    while i < raw.len() {
        let Some(n) = &norm[i] else {
            out.push(WordExpansion {
                latin: raw[i].to_string(),
                tokens: i..i + 1,
                candidates: Vec::new(),
            });
            i += 1;
            continue;
        };
        if pending_article.is_none() && !abd_next {
            if let Some(e) = reader.fixed_phrase(&raw, &norm, i) {
                i = e.tokens.end;
                out.push(e);
                continue;
            }
        }
        if is_article_token(n) && i + 1 < raw.len() && pending_article.is_none() {
            pending_article = Some(i);
            i += 1;
            continue;
        }
        let start = pending_article.take().unwrap_or(i);
        let (mut definite, rest) = split_article(n);
        definite |= start < i || abd_next;
        abd_next = false;
        let rest = rest.replace('-', "");
        let mut cands = if is_abd_al(&rest) && i + 1 < raw.len() {
            abd_next = true;
            reader.candidates("abd", false, 0)
        } else {
            reader.candidates(&rest, definite, 0)
        };
        if start < i && norm[start].as_deref() == Some("al") {
            // "Al Nahyan", "Al Saud": the family آل (normalized ال) before a name, or the article.
            cands.extend(reader.family(&rest));
            reader.rank(&mut cands, false);
        }
        if fixed::is_acronym(raw[i]) && !fixed::is_pronounceable(n) {
            cands.extend(reader.spelled(&fixed::spelled_letters(raw[i]), ACRONYM_SPELLED));
            reader.rank(&mut cands, !definite);
        }
        out.push(WordExpansion {
            latin: raw[start..=i].join(" "),
            tokens: start..i + 1,
            candidates: cands,
        });
        words.push((start..i + 1, definite, rest));
        i += 1;
    }
    together::head_nouns_first(&mut out, &norm);
    together::read_together(&mut out, vocab, prior);
    out.extend(joined_readings(&reader, &raw, &words));
    for e in &mut out {
        e.candidates.truncate(max_per_word);
    }
    out
}

/// Two adjacent words written solid in Arabic ("Tal Afar" → تلعفر, "Abdul Aziz" → عبدالعزيز),
/// for `words` as (token range, definite, normalized word without article). Only for plain
/// words: no article on the second word unless the first is the Abd al- construction, which
/// carries it.
fn joined_readings(
    reader: &Reader,
    raw: &[&str],
    words: &[(Range<usize>, bool, String)],
) -> Vec<WordExpansion> {
    let mut out = Vec::new();
    for pair in words.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if (b.1 && !is_abd_al(&a.2)) || a.0.end != b.0.start {
            continue;
        }
        let joined = format!("{}{}", a.2, b.2);
        let cands = reader.candidates(&joined, a.1, JOIN_PENALTY);
        if !cands.is_empty() {
            out.push(WordExpansion {
                latin: raw[a.0.start..b.0.end].join(" "),
                tokens: a.0.start..b.0.end,
                candidates: cands,
            });
        }
    }
    out
}
