//! The corpus as [`super`] measures it: the indexed passages as term ids, each term's articles,
//! and the contexts and articles of the spellings compared.

use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use tantivy::schema::Value;
use tantivy::tokenizer::TokenStream;
use tantivy::{Index, TantivyDocument};
use tantivy_common::{read_u32_vint, serialize_vint_u32};

use crate::analysis::pre_analyzed::SEPARATOR;
use crate::analysis::{self, AR_EXACT};
use crate::index::Fields;

/// The corpus seen as terms: passages as term ids, how many articles hold each term.
#[derive(Default)]
pub(super) struct Corpus {
    pub(super) ids: HashMap<String, u32>,
    pub(super) terms: Vec<String>,
    /// Every passage's term ids one after the other, each as a variable-length integer: the
    /// passages are most of this pass's memory, and most ids take one or two bytes, not four.
    encoded: Vec<u8>,
    /// Where each passage ends in `encoded`.
    ends: Vec<usize>,
    /// The article of each passage.
    articles: Vec<u32>,
    /// How many articles hold each term.
    pub(super) article_counts: Vec<u32>,
    pub(super) occurrences: Vec<u32>,
    pub(super) num_articles: usize,
}

impl Corpus {
    /// Reads the stored passages of `index` and analyzes them again: what an update measures,
    /// since its run analyzed only the records it changed.
    pub(super) fn read(index: &Index, fields: &Fields) -> tantivy::Result<Corpus> {
        let mut builder = CorpusBuilder::default();
        let mut last_article = None;
        let mut batch = Vec::with_capacity(READ_BATCH);
        let searcher = index.reader()?.searcher();
        for segment in searcher.segment_readers() {
            let store = segment.get_store_reader(64)?;
            for doc in store.iter::<TantivyDocument>(segment.alive_bitset()) {
                let doc = doc?;
                let text = |field| doc.get_first(field).and_then(|v| v.as_str()).unwrap_or("");
                // An article's passages follow one another in the store (they are added
                // together, and segments do not share articles).
                let id = text(fields.doc_id);
                if last_article.as_deref() != Some(id) {
                    last_article = Some(id.to_string());
                    batch.push(Piece::Article);
                    batch.push(Piece::Passage(text(fields.title).to_string()));
                }
                batch.push(Piece::Passage(text(fields.text).to_string()));
                if batch.len() >= READ_BATCH {
                    builder.pieces(std::mem::take(&mut batch));
                }
            }
        }
        builder.pieces(batch);
        Ok(builder.finish())
    }

    /// Calls `visit` with each passage's article and term ids, in the order they were given.
    pub(super) fn for_each_passage(&self, mut visit: impl FnMut(u32, &[u32])) {
        let mut ids = Vec::new();
        let mut start = 0;
        for (&end, &article) in self.ends.iter().zip(&self.articles) {
            let mut bytes = &self.encoded[start..end];
            ids.clear();
            while !bytes.is_empty() {
                ids.push(read_u32_vint(&mut bytes));
            }
            visit(article, &ids);
            start = end;
        }
    }

    /// How many passages (headlines included) the corpus holds.
    #[cfg(test)]
    pub(super) fn num_passages(&self) -> usize {
        self.ends.len()
    }

    pub(super) fn idf(&self, id: u32) -> f64 {
        let df = self.article_counts[id as usize].max(1) as f64;
        (self.num_articles as f64 / df).ln()
    }
}

/// Stored passages read and analyzed together: enough for both cores, few in memory.
const READ_BATCH: usize = 4096;

/// What [`Corpus::read`] finds in the store, in order: an article's start, or a passage's
/// text (a headline counts as one).
enum Piece {
    Article,
    Passage(String),
}

/// Builds a [`Corpus`] from `ar_exact` terms given passage by passage, in index order: an
/// article's headline (a use of its words too, once per article, though every passage stores
/// it: a word seen mostly in headlines would otherwise look rarer than it is), then its passages.
#[derive(Default)]
pub(super) struct CorpusBuilder {
    corpus: Corpus,
}

impl CorpusBuilder {
    /// Starts an article: the passages that follow are its own.
    pub(super) fn article(&mut self) {
        self.corpus.num_articles += 1;
    }

    /// Adds a term to the current passage, numbering new terms as they come.
    fn term(&mut self, term: &str) {
        let corpus = &mut self.corpus;
        let id = match corpus.ids.get(term) {
            Some(&id) => id,
            None => {
                let id = corpus.terms.len() as u32;
                corpus.ids.insert(term.to_string(), id);
                corpus.terms.push(term.to_string());
                id
            }
        };
        let mut buffer = [0; 8];
        corpus
            .encoded
            .extend_from_slice(serialize_vint_u32(id, &mut buffer));
    }

    /// Adds `pieces` in their order, the passages analyzed over the cores first (each into one
    /// string of [`SEPARATOR`]-ended terms, as the collector receives them).
    fn pieces(&mut self, pieces: Vec<Piece>) {
        let analyzed: Vec<Option<String>> = pieces
            .into_par_iter()
            .map_init(
                || analysis::build(AR_EXACT).expect("known analyzer"),
                |analyzer, piece| match piece {
                    Piece::Article => None,
                    Piece::Passage(text) => {
                        let mut terms = String::new();
                        let mut stream = analyzer.token_stream(&text);
                        while let Some(token) = stream.next() {
                            terms.push_str(&token.text);
                            terms.push(SEPARATOR);
                        }
                        Some(terms)
                    }
                },
            )
            .collect();
        for piece in analyzed {
            match piece {
                None => self.article(),
                Some(terms) => self.encoded_passage(&terms),
            }
        }
    }

    /// Adds the passage whose terms `encoded` holds, [`SEPARATOR`]-separated (empty pieces,
    /// where a stop word was, are no terms).
    pub(super) fn encoded_passage(&mut self, encoded: &str) {
        for term in encoded.split(SEPARATOR).filter(|t| !t.is_empty()) {
            self.term(term);
        }
        self.end_passage();
    }

    /// Ends the current passage (a headline counts as one).
    fn end_passage(&mut self) {
        let corpus = &mut self.corpus;
        corpus
            .articles
            .push(corpus.num_articles.saturating_sub(1) as u32);
        corpus.ends.push(corpus.encoded.len());
    }

    pub(super) fn finish(self) -> Corpus {
        let mut corpus = self.corpus;
        let terms = corpus.terms.len();
        let (mut article_counts, mut occurrences) = (vec![0; terms], vec![0; terms]);
        // A term's articles are counted by comparing with the last one it was seen in (an
        // article's passages are given together), instead of keeping every article id of
        // every word.
        let mut last_article = vec![u32::MAX; terms];
        corpus.for_each_passage(|article, ids| {
            for &id in ids {
                let id = id as usize;
                if last_article[id] != article {
                    last_article[id] = article;
                    article_counts[id] += 1;
                }
                occurrences[id] += 1;
            }
        });
        corpus.article_counts = article_counts;
        corpus.occurrences = occurrences;
        corpus
    }
}

/// A form's articles, ascending, each as its difference from the one before in a
/// variable-length integer: a frequent form is in most articles, a byte each instead of four.
#[derive(Clone, Default)]
struct ArticleList {
    last: Option<u32>,
    len: usize,
    deltas: Vec<u8>,
}

impl ArticleList {
    /// Adds `article` unless it is the last one added. Passages are read in article order, so
    /// articles come ascending and an article's passages one after the other.
    fn push(&mut self, article: u32) {
        if self.last == Some(article) {
            return;
        }
        let delta = article - self.last.unwrap_or(0);
        let mut buffer = [0; 8];
        self.deltas
            .extend_from_slice(serialize_vint_u32(delta, &mut buffer));
        self.last = Some(article);
        self.len += 1;
    }

    fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        let mut bytes = self.deltas.as_slice();
        let mut article = 0;
        std::iter::from_fn(move || {
            (!bytes.is_empty()).then(|| {
                article += read_u32_vint(&mut bytes);
                article
            })
        })
    }

    /// How many articles the two lists share.
    fn common(&self, other: &ArticleList) -> usize {
        let (mut a, mut b) = (self.iter().peekable(), other.iter().peekable());
        let mut both = 0;
        while let (Some(&x), Some(&y)) = (a.peek(), b.peek()) {
            match x.cmp(&y) {
                std::cmp::Ordering::Less => {
                    a.next();
                }
                std::cmp::Ordering::Greater => {
                    b.next();
                }
                std::cmp::Ordering::Equal => {
                    both += 1;
                    a.next();
                    b.next();
                }
            }
        }
        both
    }
}

/// No slot: the term starts no wanted form on its own.
const NONE: u32 = u32::MAX;

/// A form's context: the (canonical) ids of the words around it, ascending, and their weights;
/// sorted slices take a third of a hash map's memory, and millions of forms have one.
struct Vector {
    ids: Box<[u32]>,
    weights: Box<[f64]>,
    norm: f64,
}

impl Vector {
    /// The vector of context words seen `counts` times: `(1 + ln count) · idf`.
    fn weigh(counts: HashMap<u32, u32>, corpus: &Corpus) -> Vector {
        let mut counts: Vec<(u32, u32)> = counts.into_iter().collect();
        counts.sort_unstable();
        let weights: Box<[f64]> = counts
            .iter()
            .map(|&(id, c)| (1.0 + f64::from(c).ln()) * corpus.idf(id))
            .collect();
        let norm = weights.iter().map(|w| w * w).sum::<f64>().sqrt();
        Vector {
            ids: counts.iter().map(|&(id, _)| id).collect(),
            weights,
            norm,
        }
    }

    /// The dot product with `other`: the weights of the words both have. A much shorter vector
    /// looks its words up in the longer one (a frequent word's context has tens of thousands).
    fn dot(&self, other: &Vector) -> f64 {
        let (short, long) = if self.ids.len() <= other.ids.len() {
            (self, other)
        } else {
            (other, self)
        };
        if short.ids.len() * 8 < long.ids.len() {
            return short
                .ids
                .iter()
                .zip(short.weights.iter())
                .filter_map(|(id, w)| long.ids.binary_search(id).ok().map(|j| w * long.weights[j]))
                .sum();
        }
        let (mut i, mut j, mut dot) = (0, 0, 0.0);
        while i < short.ids.len() && j < long.ids.len() {
            match short.ids[i].cmp(&long.ids[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    dot += short.weights[i] * long.weights[j];
                    i += 1;
                    j += 1;
                }
            }
        }
        dot
    }
}

/// A term or two adjacent terms.
pub(super) type Form = (u32, Option<u32>);

/// Idf-weighted ±2-word context vectors and articles of the forms asked for.
#[derive(Default)]
pub(super) struct Contexts {
    vectors: HashMap<Form, Vector>,
    articles: HashMap<Form, ArticleList>,
    pub(super) counts: HashMap<Form, usize>,
}

impl Contexts {
    /// Split by the forms' first term over the cores: each form's counts see the passages in
    /// the same order as on one thread, so the table does not depend on the number of shards.
    pub(super) fn collect(corpus: &Corpus, wanted: &HashSet<Form>, canonical: &[u32]) -> Contexts {
        let shards = rayon::current_num_threads().max(1);
        (0..shards)
            .into_par_iter()
            .map(|shard| Contexts::collect_shard(corpus, wanted, canonical, (shard, shards)))
            .reduce(Contexts::default, |mut a, b| {
                a.vectors.extend(b.vectors);
                a.articles.extend(b.articles);
                a.counts.extend(b.counts);
                a
            })
    }

    /// The forms whose first term is `shard.0` modulo `shard.1`.
    fn collect_shard(
        corpus: &Corpus,
        wanted: &HashSet<Form>,
        canonical: &[u32],
        shard: (usize, usize),
    ) -> Contexts {
        // Each form of the shard gets a slot: a term's own by its id, a pair of terms by a map
        // looked at only for the terms that start one.
        let mut single = vec![NONE; corpus.terms.len()];
        let mut head = vec![false; corpus.terms.len()];
        let mut pairs: HashMap<(u32, u32), u32> = HashMap::default();
        let mut forms: Vec<Form> = Vec::new();
        for &form in wanted.iter().filter(|f| f.0 as usize % shard.1 == shard.0) {
            let slot = forms.len() as u32;
            forms.push(form);
            match form.1 {
                None => single[form.0 as usize] = slot,
                Some(next) => {
                    head[form.0 as usize] = true;
                    pairs.insert((form.0, next), slot);
                }
            }
        }
        let mut counts: Vec<HashMap<u32, u32>> = vec![HashMap::default(); forms.len()];
        let mut articles: Vec<ArticleList> = vec![ArticleList::default(); forms.len()];
        let mut occurrences: Vec<usize> = vec![0; forms.len()];
        corpus.for_each_passage(|article, ids| {
            for i in 0..ids.len() {
                let id = ids[i] as usize;
                if single[id] == NONE && !head[id] {
                    continue;
                }
                let next = ids.get(i + 1).copied();
                let pair = match next {
                    Some(next) if head[id] => pairs.get(&(ids[i], next)).copied(),
                    // A passage's last term is looked at twice as itself (no next term).
                    None => Some(single[id]),
                    Some(_) => None,
                };
                for (slot, end) in [
                    (Some(single[id]), i + 1),
                    (pair, i + 2 - usize::from(next.is_none())),
                ] {
                    let Some(slot) = slot.filter(|&s| s != NONE) else {
                        continue;
                    };
                    let slot = slot as usize;
                    let context = &mut counts[slot];
                    let around = [i.checked_sub(2), i.checked_sub(1), Some(end), Some(end + 1)];
                    for j in around.into_iter().flatten() {
                        if let Some(&id) = ids.get(j) {
                            *context.entry(canonical[id as usize]).or_default() += 1;
                        }
                    }
                    articles[slot].push(article);
                    occurrences[slot] += 1;
                }
            }
        });
        let mut contexts = Contexts::default();
        for (slot, form) in forms.into_iter().enumerate() {
            if occurrences[slot] == 0 {
                continue;
            }
            let vector = Vector::weigh(std::mem::take(&mut counts[slot]), corpus);
            contexts.vectors.insert(form, vector);
            let mut list = std::mem::take(&mut articles[slot]);
            list.deltas.shrink_to_fit();
            contexts.articles.insert(form, list);
            contexts.counts.insert(form, occurrences[slot]);
        }
        contexts
    }

    pub(super) fn cosine(&self, a: Form, b: Form) -> f64 {
        let (Some(va), Some(vb)) = (self.vectors.get(&a), self.vectors.get(&b)) else {
            return 0.0;
        };
        let d = va.norm * vb.norm;
        if d > 0.0 {
            let dot = va.dot(vb);
            dot / d
        } else {
            0.0
        }
    }

    /// The share of the rarer form's articles that also hold the other.
    pub(super) fn shared(&self, a: Form, b: Form) -> f64 {
        let empty = ArticleList::default();
        let la = self.articles.get(&a).unwrap_or(&empty);
        let lb = self.articles.get(&b).unwrap_or(&empty);
        let rarer = la.len.min(lb.len).max(1);
        la.common(lb) as f64 / rarer as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index;
    use crate::search::testutil::build_sample;

    #[test]
    fn a_dot_product_adds_the_weights_of_the_shared_words_however_long_the_vectors() {
        let vector = |ids: &[u32]| Vector {
            ids: ids.into(),
            weights: ids.iter().map(|&id| f64::from(id) + 0.5).collect(),
            norm: 1.0,
        };
        let brute = |a: &[u32], b: &[u32]| -> f64 {
            let w = |id: u32| f64::from(id) + 0.5;
            a.iter()
                .filter(|id| b.contains(id))
                .map(|&id| w(id) * w(id))
                .sum()
        };
        let long: Vec<u32> = (0..200).map(|i| i * 3).collect();
        for short in [&[3, 4, 9, 597, 900][..], &long[..100], &[][..]] {
            let expected = brute(short, &long);
            assert_eq!(vector(short).dot(&vector(&long)), expected);
            assert_eq!(vector(&long).dot(&vector(short)), expected);
        }
    }

    #[test]
    fn article_lists_keep_each_article_once_and_count_the_shared_ones() {
        let list = |articles: &[u32]| {
            let mut list = ArticleList::default();
            articles.iter().for_each(|&a| list.push(a));
            list
        };
        let a = list(&[0, 0, 3, 3, 3, 200, 70_000, 70_000]);
        assert_eq!(a.iter().collect::<Vec<_>>(), [0, 3, 200, 70_000]);
        assert_eq!(a.len, 4);
        let b = list(&[3, 4, 70_000, 90_000]);
        assert_eq!(a.common(&b), 2);
        assert_eq!(b.common(&a), 2);
        assert_eq!(a.common(&ArticleList::default()), 0);
    }

    #[test]
    fn article_counts_are_distinct_articles() {
        let dir = tempfile::tempdir().expect("tempdir");
        let opened = index::open(&build_sample(dir.path())).expect("open");
        let corpus = Corpus::read(&opened.index, &opened.fields).expect("read");
        // Each term's articles, with the first passage it was seen in there.
        let mut articles: Vec<HashMap<u32, usize>> = vec![HashMap::default(); corpus.terms.len()];
        let mut in_two_passages = false;
        let mut passage = 0;
        corpus.for_each_passage(|article, ids| {
            for &id in ids {
                let first = *articles[id as usize].entry(article).or_insert(passage);
                in_two_passages |= first != passage;
            }
            passage += 1;
        });
        // What the count must not double: a word in two passages of one article.
        assert!(in_two_passages);
        let counts: Vec<u32> = articles.iter().map(|a| a.len() as u32).collect();
        assert_eq!(corpus.article_counts, counts);
        assert!(corpus.num_articles > 1);
    }

    #[test]
    fn every_article_s_headline_is_read_once_beside_its_passages() {
        let dir = tempfile::tempdir().expect("tempdir");
        let opened = index::open(&build_sample(dir.path())).expect("open");
        let corpus = Corpus::read(&opened.index, &opened.fields).expect("read");
        let passages = opened.index.reader().expect("reader").searcher().num_docs() as usize;
        assert!(corpus.num_articles > 1);
        assert_eq!(corpus.num_passages(), passages + corpus.num_articles);
    }
}
