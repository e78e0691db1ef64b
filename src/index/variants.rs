//! The spelling-variant table of an index (`variants.json`), computed once per build from the
//! indexed passages.
//!
//! Outlets spell one name or word differently (أمريكا / أميركا, الكونغرس / الكونجرس, مسؤول / مسئول,
//! عبدالكريم / عبد الكريم, كيلومترا / كيلو مترا). Two `text_exact` terms are variants when a rule
//! relates them and the corpus says they are one word:
//!
//! - **rule** ([`variant_rules`]): the same letters up to the classes writers alternate (غ ج ق ك,
//!   ت ط, س ص, ز ذ, ف ڤ, ب پ, the hamza seats, چ / تش) and long vowels (ا و ي) written or
//!   omitted inside the word, at most two such differences; never the first letter after the
//!   article, the last letter or the one before it (suffixes and verbal nouns live there). Or
//!   one term is two adjacent terms written together;
//! - **evidence**: the two spellings stand between the same words (cosine of their ±2-word
//!   contexts, idf-weighted) and rarely share an article (an outlet keeps to one spelling, while a
//!   word and its native look-alike — a plural, a participle — meet in the same articles). Short
//!   words, where a vowel letter separates native words, need much closer contexts.
//!   Compounds with عبد / ابو / بو / ابن need only both forms to occur.
//!
//! Computed at build time because the evidence reads every passage: at query time it would cost
//! reading the passages of each candidate spelling, per query word.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::fs;
use std::path::Path;

use tantivy::schema::Value;
use tantivy::tokenizer::TokenStream;
use tantivy::{Index, TantivyDocument};

use crate::analysis::{self, AR_EXACT};
use crate::index::Fields;

/// The table's file name in the index's data folder.
pub const VARIANTS_FILE: &str = "variants.json";
/// Weight of a variant spelling relative to the typed one.
pub const VARIANT_WEIGHT: f32 = 1.0;
/// A pair whose rarer spelling shares more than this share of its articles with the other is
/// two words that go together, not two outlets' spellings.
const MAX_SHARED_ARTICLES: f64 = 0.15;

/// Variant spellings by normalized term (or two space-separated terms), each with its weight.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct VariantTable {
    /// `term → [(variant, weight)]`; a key or variant of two words is a split form.
    pub variants: BTreeMap<String, Vec<(String, f32)>>,
}

impl VariantTable {
    /// The variants of `term` (normalized), none when it has no entry.
    pub fn of(&self, term: &str) -> &[(String, f32)] {
        self.variants.get(term).map_or(&[], Vec::as_slice)
    }

    /// Reads the table of the index data folder `data`; empty when it is missing or unreadable
    /// (an index built before variants existed searches as typed).
    pub fn read(data: &Path) -> VariantTable {
        fs::read(data.join(VARIANTS_FILE))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// Writes the table into `data`.
    pub fn write(&self, data: &Path) -> std::io::Result<()> {
        let text = serde_json::to_vec(self).map_err(std::io::Error::other)?;
        fs::write(data.join(VARIANTS_FILE), text)
    }
}

/// Letter classes writers alternate in foreign words, and the hamza seats.
fn letter_class(c: char) -> char {
    match c {
        'غ' | 'ج' | 'ق' | 'ك' => 'G',
        'ت' | 'ط' => 'T',
        'س' | 'ص' => 'S',
        'ز' | 'ذ' => 'Z',
        'ف' | '\u{06A4}' => 'F', // ڤ
        'ب' | '\u{067E}' => 'B', // پ
        'ء' | 'ؤ' | 'ئ' => 'H',
        other => other,
    }
}

fn is_long_vowel(c: char) -> bool {
    matches!(c, 'ا' | 'و' | 'ي')
}

fn is_hamza(c: char) -> bool {
    matches!(c, 'ء' | 'ؤ' | 'ئ')
}

/// An Arabic letter from hamza to yeh, tatweel and marks excluded.
fn is_base_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}')
}

/// Prefixes left out of the rules: the article with what attaches before it, then a bare
/// conjunction (`ويفعل` / `وافعل` differ in their first letter after و, a verb prefix).
const PREFIXES: [&str; 8] = ["وال", "بال", "فال", "كال", "لل", "ال", "و", "ف"];
/// Attached pronouns, plural endings and ة (normalized ه): the two letters before them stay as
/// written too, so a plural before a pronoun (حملاتها / حملتها) or a nisba before a plural
/// (اجتماعات / اجتماعيات) is not a vowel dropped.
const SUFFIXES: [&str; 9] = ["هما", "ها", "هم", "كم", "نا", "ات", "ين", "ون", "ه"];

/// `word` split into its prefix, as a string, and its core, as letters (چ spelled تش, يء as ئ),
/// with how many letters at the core's end stay as written.
fn split_article(word: &str) -> (&'static str, Vec<char>, usize) {
    let word: std::borrow::Cow<str> = if word.contains('\u{0686}') || word.contains("يء") {
        word.replace('\u{0686}', "تش").replace("يء", "ئ").into()
    } else {
        word.into()
    };
    let (prefix, core) = PREFIXES
        .iter()
        .find_map(|&p| {
            word.strip_prefix(p)
                .filter(|core| core.chars().count() >= 3)
                .map(|core| (p, core))
        })
        .unwrap_or(("", &word));
    let letters: Vec<char> = core.chars().collect();
    // Compared by letter class, so ميجاوات and ميجاواط both end in ات.
    let ends_with = |suffix: &str| {
        let suffix: Vec<char> = suffix.chars().collect();
        letters.len() >= suffix.len() + 4
            && letters[letters.len() - suffix.len()..]
                .iter()
                .zip(&suffix)
                .all(|(&a, &b)| letter_class(a) == letter_class(b))
    };
    let suffix = SUFFIXES
        .iter()
        .find(|s| ends_with(s))
        .map_or(0, |s| s.chars().count());
    (prefix, letters, suffix + 2)
}

/// The key terms related by the rules share: the prefix, the core's first letter and its
/// ending as written, its other letters by class, long vowels dropped. `None` for cores under
/// 3 letters and words with other than Arabic letters.
fn skeleton(word: &str) -> Option<String> {
    let (prefix, core, kept) = split_article(word);
    let n = core.len();
    if n < 3
        || !core
            .iter()
            .all(|&c| crate::analysis::stem::is_arabic_letter(c))
    {
        return None;
    }
    let mut key = prefix.to_string();
    key.push('|');
    for (i, &c) in core.iter().enumerate() {
        let inner = i > 0 && i + kept < n;
        if inner && is_long_vowel(c) {
            continue;
        }
        key.push(if inner || i == 0 || i + 1 == n {
            letter_class(c)
        } else {
            c
        });
    }
    Some(key)
}

/// How two spellings differ under the rules.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Edits {
    /// Class swaps and long vowels written or dropped.
    count: usize,
    /// Every edit touches a hamza (a seat, or a vowel beside one).
    hamza_only: bool,
    /// A consonant swapped within its class (غ/ق, ت/ط…), not a vowel or a hamza seat.
    swap: bool,
}

/// How two terms of one skeleton differ; `None` beyond two edits. Of equally short edit
/// sequences, the one touching only hamzas, then the one without a consonant swap, is taken.
fn variant_rules(a: &str, b: &str) -> Option<Edits> {
    let same = a == b;
    let (_, a, _) = split_article(a);
    let (_, b, _) = split_article(b);
    let (n, m) = (a.len(), b.len());
    let inf = usize::MAX / 2;
    let start = Edits {
        count: inf,
        hamza_only: true,
        swap: false,
    };
    let mut best = vec![vec![start; m + 1]; n + 1];
    best[0][0].count = 0;
    // Lower is better: fewer edits, then hamza-only, then no swap.
    let rank = |e: &Edits| (e.count, !e.hamza_only, e.swap);
    for i in 0..=n {
        for j in 0..=m {
            let here = best[i][j];
            if here.count >= inf {
                continue;
            }
            let mut relax = |i2: usize, j2: usize, cost: usize, hamza: bool, swap: bool| {
                let next = Edits {
                    count: here.count + cost,
                    hamza_only: here.hamza_only && hamza,
                    swap: here.swap || swap,
                };
                if rank(&next) < rank(&best[i2][j2]) {
                    best[i2][j2] = next;
                }
            };
            if i < n && j < m {
                if a[i] == b[j] {
                    relax(i + 1, j + 1, 0, true, false);
                } else if letter_class(a[i]) == letter_class(b[j]) {
                    let hamza = is_hamza(a[i]) && is_hamza(b[j]);
                    relax(i + 1, j + 1, 1, hamza, !hamza);
                }
            }
            // An alef beside a hamza seat is the seat's spelling (مائة / مئة).
            let near_hamza = |w: &[char], k: usize| {
                w[k] == 'ا'
                    && (w.get(k + 1).is_some_and(|&c| is_hamza(c))
                        || (k > 0 && w.get(k - 1).is_some_and(|&c| is_hamza(c))))
            };
            if i < n && is_long_vowel(a[i]) {
                relax(i + 1, j, 1, near_hamza(&a, i), false);
            }
            if j < m && is_long_vowel(b[j]) {
                relax(i, j + 1, 1, near_hamza(&b, j), false);
            }
        }
    }
    let edits = best[n][m];
    // No edit left: the two differ in يء / ئ only.
    (edits.count <= 2 && !same).then_some(edits)
}

/// The context similarity a rule pair needs: hamza seats alone are orthography; otherwise the
/// shorter the core, the more native words one vowel letter apart, the closer the contexts.
/// From seven letters on, when one spelling is rare ([`RARE_ARTICLES`]) its contexts are too
/// few to compare and native words a long vowel apart are rare: the rule is enough, provided
/// the rare spelling is not a stray form of the other ([`MAX_RATIO`]). A swapped consonant is
/// often another root in native words (الاستقلال / الاستغلال, مغامرة / مقامرة): it needs the
/// contexts, or a foreign shape ([`foreign_shape`]).
fn needed_similarity(a: &str, b: &str, edits: Edits, articles: (usize, usize)) -> f64 {
    if edits.hamza_only {
        return 0.03;
    }
    let (rarer, commoner) = (articles.0.min(articles.1), articles.0.max(articles.1));
    let rare = if edits.swap {
        commoner <= RARE_ARTICLES
    } else {
        rarer <= RARE_ARTICLES && commoner <= MAX_RATIO * rarer.max(1)
    };
    let core = split_article(a).1.len().min(split_article(b).1.len());
    let foreign = foreign_shape(a) || foreign_shape(b);
    match core {
        0..=4 => 0.25,
        5 | 6 if foreign => 0.0,
        5 => 0.1,
        6 => 0.05,
        _ if rare || foreign => 0.0,
        _ => 0.05,
    }
}

/// Letters and endings native Arabic words do not have: پ چ ڤ گ, and "ng" at the end (نغ,
/// نج, نك after a long vowel or not) of transcribed names.
fn foreign_shape(word: &str) -> bool {
    let ng = ["نغ", "نج", "نك"].iter().any(|e| word.ends_with(e));
    ng || word
        .chars()
        .any(|c| matches!(c, '\u{067E}' | '\u{0686}' | '\u{06A4}' | '\u{06AF}'))
}

/// A rare spelling used this many times less than the other is a stray form (a typo, or
/// another name: عبيدالله beside عبدالله), not an outlet's spelling.
const MAX_RATIO: usize = 20;

/// A spelling in at most this many articles is rare.
const RARE_ARTICLES: usize = 10;
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

/// The corpus seen as terms: passages as term ids, each term's articles.
struct Corpus {
    ids: HashMap<String, u32>,
    terms: Vec<String>,
    passages: Vec<(u32, Vec<u32>)>,
    articles: Vec<Vec<u32>>,
    occurrences: Vec<u32>,
    num_articles: usize,
}

impl Corpus {
    fn read(index: &Index, fields: &Fields) -> tantivy::Result<Corpus> {
        let mut analyzer = analysis::build(AR_EXACT).expect("known analyzer");
        let mut corpus = Corpus {
            ids: HashMap::default(),
            terms: Vec::new(),
            passages: Vec::new(),
            articles: Vec::new(),
            occurrences: Vec::new(),
            num_articles: 0,
        };
        let mut article_ids: HashMap<String, u32> = HashMap::default();
        let searcher = index.reader()?.searcher();
        for segment in searcher.segment_readers() {
            let store = segment.get_store_reader(64)?;
            for doc in store.iter::<TantivyDocument>(segment.alive_bitset()) {
                let doc = doc?;
                let text = |field| doc.get_first(field).and_then(|v| v.as_str()).unwrap_or("");
                let next = article_ids.len() as u32;
                let article = *article_ids
                    .entry(text(fields.doc_id).to_string())
                    .or_insert(next);
                let mut ids = Vec::new();
                let mut stream = analyzer.token_stream(text(fields.text));
                while let Some(token) = stream.next() {
                    let id = match corpus.ids.get(token.text.as_str()) {
                        Some(&id) => id,
                        None => {
                            let id = corpus.terms.len() as u32;
                            corpus.ids.insert(token.text.clone(), id);
                            corpus.terms.push(token.text.clone());
                            id
                        }
                    };
                    ids.push(id);
                }
                corpus.passages.push((article, ids));
            }
        }
        corpus.num_articles = article_ids.len();
        corpus.articles = vec![Vec::new(); corpus.terms.len()];
        corpus.occurrences = vec![0; corpus.terms.len()];
        for (article, ids) in &corpus.passages {
            for &id in ids {
                corpus.articles[id as usize].push(*article);
                corpus.occurrences[id as usize] += 1;
            }
        }
        for list in &mut corpus.articles {
            list.sort_unstable();
            list.dedup();
        }
        Ok(corpus)
    }

    fn idf(&self, id: u32) -> f64 {
        let df = self.articles[id as usize].len().max(1) as f64;
        (self.num_articles as f64 / df).ln()
    }
}

/// A term or two adjacent terms.
type Form = (u32, Option<u32>);

/// Idf-weighted ±2-word context vectors and articles of the forms asked for.
struct Contexts {
    vectors: HashMap<Form, HashMap<u32, f64>>,
    articles: HashMap<Form, Vec<u32>>,
    counts: HashMap<Form, usize>,
}

impl Contexts {
    fn collect(corpus: &Corpus, wanted: &HashSet<Form>, canonical: &[u32]) -> Contexts {
        let mut counts: HashMap<Form, HashMap<u32, u32>> = HashMap::default();
        let mut articles: HashMap<Form, Vec<u32>> = HashMap::default();
        let mut occurrences: HashMap<Form, usize> = HashMap::default();
        for (article, ids) in &corpus.passages {
            for i in 0..ids.len() {
                for form in [(ids[i], None), (ids[i], ids.get(i + 1).copied())] {
                    if !wanted.contains(&form) {
                        continue;
                    }
                    let end = if form.1.is_some() { i + 2 } else { i + 1 };
                    let context = counts.entry(form).or_default();
                    let around = [i.checked_sub(2), i.checked_sub(1), Some(end), Some(end + 1)];
                    for j in around.into_iter().flatten() {
                        if let Some(&id) = ids.get(j) {
                            *context.entry(canonical[id as usize]).or_default() += 1;
                        }
                    }
                    articles.entry(form).or_default().push(*article);
                    *occurrences.entry(form).or_default() += 1;
                }
            }
        }
        let vectors = counts
            .into_iter()
            .map(|(form, context)| {
                let v = context
                    .into_iter()
                    .map(|(id, c)| (id, (1.0 + f64::from(c).ln()) * corpus.idf(id)))
                    .collect();
                (form, v)
            })
            .collect();
        for list in articles.values_mut() {
            list.sort_unstable();
            list.dedup();
        }
        Contexts {
            vectors,
            articles,
            counts: occurrences,
        }
    }

    fn cosine(&self, a: Form, b: Form) -> f64 {
        let (Some(va), Some(vb)) = (self.vectors.get(&a), self.vectors.get(&b)) else {
            return 0.0;
        };
        let dot: f64 = va.iter().map(|(k, x)| x * vb.get(k).unwrap_or(&0.0)).sum();
        let norm = |v: &HashMap<u32, f64>| v.values().map(|x| x * x).sum::<f64>().sqrt();
        let d = norm(va) * norm(vb);
        if d > 0.0 {
            dot / d
        } else {
            0.0
        }
    }

    /// The share of the rarer form's articles that also hold the other.
    fn shared(&self, a: Form, b: Form) -> f64 {
        let empty = Vec::new();
        let sa: HashSet<&u32> = self.articles.get(&a).unwrap_or(&empty).iter().collect();
        let lb = self.articles.get(&b).unwrap_or(&empty);
        let both = lb.iter().filter(|x| sa.contains(x)).count();
        let rarer = sa.len().min(lb.len()).max(1);
        both as f64 / rarer as f64
    }
}

/// Computes the variant table of `index` from its stored passages.
pub fn compute(index: &Index, fields: &Fields) -> tantivy::Result<VariantTable> {
    let corpus = Corpus::read(index, fields)?;
    // Rule pairs: terms of one skeleton at most two rule edits apart.
    let mut by_skeleton: HashMap<String, Vec<u32>> = HashMap::default();
    for (id, term) in corpus.terms.iter().enumerate() {
        if let Some(key) = skeleton(term) {
            by_skeleton.entry(key).or_default().push(id as u32);
        }
    }
    let mut pairs: Vec<(u32, u32, Edits)> = Vec::new();
    for group in by_skeleton.values().filter(|g| g.len() > 1) {
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
    }
    // Split pairs: a term that is two adjacent terms written together.
    let mut splits: Vec<(u32, u32, u32)> = Vec::new();
    for (id, term) in corpus.terms.iter().enumerate() {
        let letters: Vec<char> = term.chars().collect();
        if letters.len() < 5 || !letters.iter().all(|&c| is_base_letter(c)) {
            continue;
        }
        for cut in 2..=letters.len() - 2 {
            let head: String = letters[..cut].iter().collect();
            if head == "ال" {
                // A standalone ال is آل (the family of), not the article.
                continue;
            }
            let tail: String = letters[cut..].iter().collect();
            if let (Some(&h), Some(&t)) = (corpus.ids.get(&head), corpus.ids.get(&tail)) {
                splits.push((id as u32, h, t));
            }
        }
    }
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
    let contexts = Contexts::collect(&corpus, &wanted, &canonical);

    let mut accepted: Vec<(u32, u32)> = Vec::new();
    for &(a, b, edits) in &pairs {
        let (fa, fb) = ((a, None), (b, None));
        let (ta, tb) = (&corpus.terms[a as usize], &corpus.terms[b as usize]);
        let cosine = contexts.cosine(fa, fb);
        let articles = (
            corpus.articles[a as usize].len(),
            corpus.articles[b as usize].len(),
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
    add_bare_forms(&mut table, |t| corpus.ids.contains_key(t));
    for list in table.variants.values_mut() {
        list.sort_by(|a, b| a.0.cmp(&b.0));
        list.dedup_by(|a, b| a.0 == b.0);
    }
    Ok(table)
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
    fn rules_relate_outlet_spellings() {
        for (a, b) in [
            ("الامريكيه", "الاميركيه"),
            ("الكونغرس", "الكونجرس"),
            ("مسؤول", "مسئول"),
            ("ميليشيات", "مليشيات"),
            ("بلومبيرغ", "بلومبرج"),
            ("مفاجئ", "مفاجيء"),
            ("ميجاواط", "ميجاوات"),
        ] {
            assert_eq!(skeleton(a), skeleton(b), "{a} {b}");
            assert!(variant_rules(a, b).is_some(), "{a} {b}");
        }
        let edits = |count, hamza_only, swap| {
            Some(Edits {
                count,
                hamza_only,
                swap,
            })
        };
        assert_eq!(variant_rules("مسؤول", "مسئول"), edits(1, true, false));
        assert_eq!(variant_rules("امريكا", "اميركا"), edits(2, false, false));
        assert_eq!(variant_rules("الكونغرس", "الكونجرس"), edits(1, false, true));
    }

    #[test]
    fn rules_leave_endings_and_other_letters_alone() {
        // A vowel before the last letter (verbal noun), a suffix, an unrelated letter.
        for (a, b) in [
            ("اعتماد", "اعتمد"),
            ("مسؤول", "مسؤولي"),
            ("كتاب", "كتان"),
            ("الاسلام", "السلام"),
        ] {
            assert!(
                skeleton(a) != skeleton(b) || variant_rules(a, b).is_none(),
                "{a} {b}"
            );
        }
        // Three edits are too many.
        assert_eq!(variant_rules("قيمتها", "كميتها"), None);
    }

    #[test]
    fn short_words_need_closer_contexts() {
        let vowel = Edits {
            count: 1,
            hamza_only: false,
            swap: false,
        };
        let swap = Edits {
            swap: true,
            ..vowel
        };
        let hamza = Edits {
            hamza_only: true,
            ..vowel
        };
        let needed = needed_similarity;
        assert!(needed("قرب", "غرب", swap, (1, 1)) > needed("امريكا", "اميركا", vowel, (1, 1)));
        assert!(needed("مسؤول", "مسئول", hamza, (300, 8)) < 0.05);
        // A long word: the rule is enough for a rare spelling, not for a swap.
        assert_eq!(needed("كمبيوتر", "كومبيوتر", vowel, (3, 9)), 0.0);
        assert!(needed("مغامره", "مقامره", swap, (4, 3)) > 0.0);
        assert!(needed("الاستقلال", "الاستغلال", swap, (27, 6)) > 0.0);
        // A stray form of a frequent word is not enough.
        assert!(needed("عبدالله", "عبيدالله", vowel, (514, 3)) > 0.0);
        // A foreign shape is enough from five letters on.
        assert_eq!(needed("سامسونج", "سامسونغ", swap, (17, 9)), 0.0);
        assert!(needed("هونغ", "هونج", swap, (12, 9)) > 0.0);
    }

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
    fn pairs_are_not_chained() {
        let by_term = pairs_by_term(&[(1, 2), (2, 3)]);
        assert_eq!(by_term[&1], [2]);
        assert_eq!(by_term[&2], [1, 3]);
    }
}
