//! The spelling-variant table of an index (`variants.json`), computed once per build from the
//! indexed passages.
//!
//! Outlets spell one name or word differently (أمريكا / أميركا, الكونغرس / الكونجرس, مسؤول / مسئول,
//! عبدالكريم / عبد الكريم, كيلومترا / كيلو مترا). Two `text_exact` terms are variants when a rule
//! relates them and the corpus says they are one word:
//!
//! - **rule** (`rules.rs`): the same letters up to the classes writers alternate (غ ج ق ك,
//!   ت ط, س ص, ز ذ, ف ڤ, ب پ, the hamza seats, چ / تش) and long vowels (ا و ي) written or
//!   omitted inside the word, at most two such differences; never the first letter after the
//!   prefix, nor the ending (suffixes and verbal nouns live there). Or one term is two adjacent
//!   terms written together;
//! - **evidence** (measured in `corpus.rs`, weighed in `rules.rs`): the two spellings stand
//!   between the same words (cosine of their ±2-word contexts, idf-weighted) and rarely share an
//!   article (an outlet keeps to one spelling, while a word and its native look-alike — a
//!   plural, a participle — meet in the same articles). Short words, where a vowel letter
//!   separates native words, need much closer contexts; a foreign shape (letters and endings
//!   native words lack) or, in long words, a rare spelling needs none. Compounds with عبد / ابو
//!   / بو / ابن need only both forms to occur.
//!
//! Computed at build time because the evidence reads every passage: at query time it would cost
//! reading the passages of each candidate spelling, per query word (`benches/RESULTS.md`). A full
//! build gathers the passages' terms as it indexes them ([`Collector`]) and measures them while
//! tantivy writes the index; an update reads the whole index's stored passages again.

mod collector;
mod corpus;
mod rules;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use tantivy::Index;

use crate::analysis;
use crate::index::manifest::write_atomically;
use crate::index::Fields;
pub(crate) use collector::{ArticleTerms, Collector};
use corpus::{Contexts, Corpus, Form};
use rules::{is_base_letter, needed_similarity, skeleton, split_article, variant_rules, Edits};

/// The table's file name in the index's data folder.
pub(crate) const VARIANTS_FILE: &str = "variants.json";
/// Weight of a variant spelling relative to the typed one.
pub(crate) const VARIANT_WEIGHT: f32 = 1.0;
/// A pair whose rarer spelling shares more than this share of its articles with the other is
/// two words that go together, not two outlets' spellings.
const MAX_SHARED_ARTICLES: f64 = 0.15;

/// Variant spellings by normalized term (or two space-separated terms), each with its weight.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct VariantTable {
    /// `term → [(variant, weight)]`; a key or variant of two words is a split form.
    pub(crate) variants: BTreeMap<String, Vec<(String, f32)>>,
}

impl VariantTable {
    /// The variants of `term` (normalized), none when it has no entry.
    pub(crate) fn of(&self, term: &str) -> &[(String, f32)] {
        self.variants.get(term).map_or(&[], Vec::as_slice)
    }

    /// Reads the table of the index data folder `data`; empty when it is missing or unreadable
    /// (an index built before variants existed searches as typed).
    pub(crate) fn read(data: &Path) -> VariantTable {
        fs::read(data.join(VARIANTS_FILE))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// Writes the table into `data`, atomically: a search never reads half a table.
    pub(crate) fn write(&self, data: &Path) -> std::io::Result<()> {
        let text = serde_json::to_vec(self).map_err(std::io::Error::other)?;
        write_atomically(&data.join(VARIANTS_FILE), &text)
    }
}

/// Split forms used this often on both sides are two established words (انشاء / ان شاء) unless
/// their contexts say otherwise.
const ESTABLISHED: u32 = 20;

/// The context similarity a word and the two words it splits into need.
const SPLIT_SIMILARITY: f64 = 0.1;
/// Two words that stand together in at least this share of the rarer one's occurrences are
/// one unit (آي باد, بلاي ستيشن), whatever their length.
const COHESION: f64 = 0.3;
/// Contexts this close make two spellings one word even when articles use both (an outlet
/// that writes شنغهاي and شانغهاي in one article).
const CLOSE_CONTEXTS: f64 = 0.2;

/// Whether a word split into `head` and `tail` needs no more evidence than both forms
/// occurring: each half a content word of three letters or more, the core of the whole (its
/// article aside) six or more (كيلو مترا, سوبر ماركت); shorter halves join into native words too
/// often (كما له / كماله).
fn long_halves(head: &str, tail: &str) -> bool {
    let content = |w: &str| w.chars().count() >= 3 && !analysis::stopwords::is_stop_word(w);
    let whole = format!("{head}{tail}");
    content(head) && content(tail) && split_article(&whole).1.len() >= 6
}

/// Compound-name heads written joined to or apart from the next word.
const COMPOUND_HEADS: [&str; 4] = ["عبد", "ابو", "بو", "ابن"];

/// Computes the variant table of `index` from its stored passages.
pub(crate) fn compute(index: &Index, fields: &Fields) -> tantivy::Result<VariantTable> {
    Ok(table(&Corpus::read(index, fields)?))
}

/// The variant table of `corpus`.
fn table(corpus: &Corpus) -> VariantTable {
    // Rule pairs: terms of one skeleton at most two rule edits apart. Skeletons and each
    // group's pairs are computed over the cores, then taken in the order one thread would.
    let skeletons: Vec<Option<String>> = corpus.terms.par_iter().map(|t| skeleton(t)).collect();
    let mut by_skeleton: HashMap<String, Vec<u32>> = HashMap::default();
    for (id, key) in skeletons.into_iter().enumerate() {
        if let Some(key) = key {
            by_skeleton.entry(key).or_default().push(id as u32);
        }
    }
    let groups: Vec<&Vec<u32>> = by_skeleton.values().filter(|g| g.len() > 1).collect();
    let pairs: Vec<(u32, u32, Edits)> = groups
        .par_iter()
        .flat_map_iter(|group| rule_pairs(corpus, group))
        .collect();
    // Split pairs: a term that is two adjacent terms written together (each term on its own,
    // over the cores; rayon keeps the terms' order).
    let splits: Vec<(u32, u32, u32)> = corpus
        .terms
        .par_iter()
        .enumerate()
        .flat_map_iter(|(id, term)| split_pairs(corpus, id as u32, term))
        .collect();
    let mut wanted: HashSet<Form> = HashSet::default();
    for &(a, b, _) in &pairs {
        wanted.insert((a, None));
        wanted.insert((b, None));
    }
    for &(joined, h, t) in &splits {
        wanted.insert((joined, None));
        wanted.insert((h, Some(t)));
    }
    // Context words are compared up to spelling: the neighbours of هونغ and هونج are كونغ and
    // كونج, one context.
    let mut canonical: Vec<u32> = (0..corpus.terms.len() as u32).collect();
    for group in by_skeleton.values() {
        for &id in group {
            canonical[id as usize] = group[0];
        }
    }
    let contexts = Contexts::collect(corpus, &wanted, &canonical);

    let mut accepted: Vec<(u32, u32)> = Vec::new();
    for &(a, b, edits) in &pairs {
        let (fa, fb) = ((a, None), (b, None));
        let (ta, tb) = (&corpus.terms[a as usize], &corpus.terms[b as usize]);
        let cosine = contexts.cosine(fa, fb);
        let articles = (
            corpus.article_counts[a as usize] as usize,
            corpus.article_counts[b as usize] as usize,
        );
        let needed = needed_similarity(ta, tb, edits, articles);
        // A rare long spelling needs only the rule, even in articles using both.
        let apart = needed == 0.0
            || cosine >= CLOSE_CONTEXTS
            || contexts.shared(fa, fb) <= MAX_SHARED_ARTICLES;
        if cosine >= needed && apart {
            accepted.push((a, b));
        }
    }
    accepted.extend(through_a_third(&pairs, &accepted));
    let mut table = VariantTable::default();
    for (a, related) in pairs_by_term(&accepted) {
        let entry = table
            .variants
            .entry(corpus.terms[a as usize].clone())
            .or_default();
        entry.extend(
            related
                .into_iter()
                .map(|b| (corpus.terms[b as usize].clone(), VARIANT_WEIGHT)),
        );
    }
    for &(joined, h, t) in &splits {
        let (fj, fs) = ((joined, None), (h, Some(t)));
        let head = &corpus.terms[h as usize];
        let both_occur = contexts.counts.contains_key(&fj) && contexts.counts.contains_key(&fs);
        if !both_occur {
            continue;
        }
        let tail = &corpus.terms[t as usize];
        let rarer = corpus.occurrences[h as usize].min(corpus.occurrences[t as usize]);
        let together = contexts.counts.get(&fs).copied().unwrap_or(0) as f64;
        let joined_count = contexts.counts.get(&fj).copied().unwrap_or(0) as u32;
        let established = joined_count.min(together as u32) >= ESTABLISHED;
        let unit = long_halves(head, tail)
            || (together >= 2.0 && together >= COHESION * f64::from(rarer.max(1)));
        let compound = COMPOUND_HEADS.contains(&head.as_str()) || (unit && !established);
        let cosine = contexts.cosine(fj, fs);
        let similar = cosine >= CLOSE_CONTEXTS
            || (cosine >= SPLIT_SIMILARITY && contexts.shared(fj, fs) <= MAX_SHARED_ARTICLES);
        if compound || similar {
            let joined = corpus.terms[joined as usize].clone();
            let split = format!("{head} {}", corpus.terms[t as usize]);
            let weight = VARIANT_WEIGHT;
            table
                .variants
                .entry(joined.clone())
                .or_default()
                .push((split.clone(), weight));
            table
                .variants
                .entry(split)
                .or_default()
                .push((joined, weight));
        }
    }
    // Freeing the context vectors (millions of entries on a large index) is left to another
    // thread: the table is ready without it.
    rayon::spawn(move || drop(contexts));
    add_bare_forms(&mut table, |t| corpus.ids.contains_key(t));
    for list in table.variants.values_mut() {
        list.sort_by(|a, b| a.0.cmp(&b.0));
        list.dedup_by(|a, b| a.0 == b.0);
    }
    table
}

/// The pairs of `group` (terms of one skeleton) that the rules relate.
fn rule_pairs(corpus: &Corpus, group: &[u32]) -> Vec<(u32, u32, Edits)> {
    let mut pairs = Vec::new();
    for (i, &a) in group.iter().enumerate() {
        for &b in &group[i + 1..] {
            let (ta, tb) = (&corpus.terms[a as usize], &corpus.terms[b as usize]);
            // Only long vowels change the length, at most two of them.
            if ta.chars().count().abs_diff(tb.chars().count()) > 2 {
                continue;
            }
            if let Some(edits) = variant_rules(ta, tb) {
                pairs.push((a, b, edits));
            }
        }
    }
    pairs
}

/// The ways `term` (numbered `id`) splits into two terms of `corpus`: `(id, head, tail)`.
fn split_pairs(corpus: &Corpus, id: u32, term: &str) -> Vec<(u32, u32, u32)> {
    // Base letters are two bytes in UTF-8 and the cuts fall between letters.
    let letters = term.chars().count();
    if letters < 5 || !term.chars().all(is_base_letter) {
        return Vec::new();
    }
    let mut splits = Vec::new();
    // Heads and tails of two letters or more.
    for (at, _) in term.char_indices().take(letters - 1).skip(2) {
        let (head, tail) = term.split_at(at);
        if head == "ال" {
            // A standalone ال is آل (the family of), not the article.
            continue;
        }
        if let (Some(&h), Some(&t)) = (corpus.ids.get(head), corpus.ids.get(tail)) {
            splits.push((id, h, t));
        }
    }
    splits
}

/// Pairs found with an article (السوبرماركت / السوبر ماركت) also stand for the bare words
/// (سوبرماركت / سوبر ماركت), which their stems match with any prefix, when the bare word has
/// no entry of its own.
fn add_bare_forms(table: &mut VariantTable, is_term: impl Fn(&str) -> bool) {
    let mut bare: BTreeMap<String, Vec<(String, f32)>> = BTreeMap::new();
    for (key, list) in &table.variants {
        let Some(k) = key.strip_prefix("ال").filter(|k| k.chars().count() >= 3) else {
            continue;
        };
        if table.variants.contains_key(k) {
            continue;
        }
        for (variant, weight) in list {
            let v = variant.strip_prefix("ال");
            // Not a split whose first word would lose its letters (الم تر is not م تر).
            let short_head = v
                .and_then(|v| v.split(' ').next())
                .is_some_and(|h| h.chars().count() < 3)
                && variant.contains(' ');
            if let Some(v) = v.filter(|_| !short_head) {
                // A one-word variant the index lacks without its article keeps it: the bare
                // word may stem otherwise (بلايستيشن loses its ب, البلايستيشن does not).
                let v = if v.contains(' ') || is_term(v) {
                    v
                } else {
                    variant.as_str()
                };
                bare.entry(k.to_string())
                    .or_default()
                    .push((v.to_string(), *weight));
            }
        }
    }
    table.variants.extend(bare);
}

/// Rule pairs not accepted on their own whose two spellings are each an accepted variant of a
/// third (هاشتاق – هاشتاج – هاشتاغ): one word in three spellings, though the rarest two share
/// too few contexts to show it.
fn through_a_third(pairs: &[(u32, u32, Edits)], accepted: &[(u32, u32)]) -> Vec<(u32, u32)> {
    let by_term = pairs_by_term(accepted);
    let related = |a: u32| by_term.get(&a).map_or(&[][..], Vec::as_slice);
    let done: HashSet<(u32, u32)> = accepted.iter().copied().collect();
    pairs
        .iter()
        .map(|&(a, b, _)| (a, b))
        .filter(|pair| !done.contains(pair))
        .filter(|&(a, b)| related(a).iter().any(|c| related(b).contains(c)))
        .collect()
}

/// Each term of an accepted pair with the terms it was paired with. Pairs are not chained
/// beyond [`through_a_third`]: a typo one rule from two words would join them (جمهوريه –
/// جماهريه – جماهيريه, the ends three edits apart).
fn pairs_by_term(accepted: &[(u32, u32)]) -> BTreeMap<u32, Vec<u32>> {
    let mut by_term: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    for &(a, b) in accepted {
        by_term.entry(a).or_default().push(b);
        by_term.entry(b).or_default().push(a);
    }
    by_term
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_pair_joins_through_a_third_spelling() {
        let edits = Edits {
            count: 1,
            hamza_only: false,
            swap: true,
        };
        // 1–3 is a rule pair, each accepted with 2; 4–5 is a rule pair with nothing between.
        let pairs = [(1, 2, edits), (2, 3, edits), (1, 3, edits), (4, 5, edits)];
        assert_eq!(through_a_third(&pairs, &[(1, 2), (2, 3)]), [(1, 3)]);
    }

    #[test]
    fn the_table_is_replaced_whole_and_read_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut table = VariantTable::default();
        table
            .variants
            .insert("امريكيه".into(), vec![("اميركيه".into(), 1.0)]);
        VariantTable::default().write(dir.path()).expect("write");
        table.write(dir.path()).expect("write");
        assert_eq!(VariantTable::read(dir.path()), table);
        let names: Vec<_> = fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, [VARIANTS_FILE], "no temporary file is left");
    }

    #[test]
    fn pairs_are_not_chained() {
        let by_term = pairs_by_term(&[(1, 2), (2, 3)]);
        assert_eq!(by_term[&1], [2]);
        assert_eq!(by_term[&2], [1, 3]);
    }
}
