//! The corpus as [`super`] measures it: the indexed passages as term ids, each term's articles,
//! and the contexts and articles of the spellings compared.

use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use tantivy::schema::Value;
use tantivy::tokenizer::TokenStream;
use tantivy::{Index, TantivyDocument};

use crate::analysis::{self, AR_EXACT};
use crate::index::Fields;

/// The corpus seen as terms: passages as term ids, how many articles hold each term.
#[derive(Default)]
pub(super) struct Corpus {
    pub(super) ids: HashMap<String, u32>,
    pub(super) terms: Vec<String>,
    pub(super) passages: Vec<(u32, Box<[u32]>)>,
    /// How many articles hold each term.
    pub(super) article_counts: Vec<u32>,
    pub(super) occurrences: Vec<u32>,
    pub(super) num_articles: usize,
}

impl Corpus {
    /// Reads the stored passages of `index` and analyzes them again: what an update measures,
    /// since its run analyzed only the records it changed.
    pub(super) fn read(index: &Index, fields: &Fields) -> tantivy::Result<Corpus> {
        let mut analyzer = analysis::build(AR_EXACT).expect("known analyzer");
        let mut builder = CorpusBuilder::default();
        let mut last_article = None;
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
                    builder.article();
                    builder.passage(&mut analyzer, text(fields.title));
                }
                builder.passage(&mut analyzer, text(fields.text));
            }
        }
        Ok(builder.finish())
    }

    pub(super) fn idf(&self, id: u32) -> f64 {
        let df = self.article_counts[id as usize].max(1) as f64;
        (self.num_articles as f64 / df).ln()
    }
}

/// Builds a [`Corpus`] from `ar_exact` terms given passage by passage, in index order: an
/// article's headline (a use of its words too, once per article, though every passage stores
/// it: a word seen mostly in headlines would otherwise look rarer than it is), then its passages.
#[derive(Default)]
pub(super) struct CorpusBuilder {
    corpus: Corpus,
    /// The current passage's term ids; copied out at their exact length, as the passages of a
    /// large corpus are most of this pass's memory.
    ids: Vec<u32>,
}

impl CorpusBuilder {
    /// Starts an article: the passages that follow are its own.
    pub(super) fn article(&mut self) {
        self.corpus.num_articles += 1;
    }

    /// Adds a term to the current passage, numbering new terms as they come.
    pub(super) fn term(&mut self, term: &str) {
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
        self.ids.push(id);
    }

    /// Adds `text`, analyzed by `analyzer`, as one passage.
    fn passage(&mut self, analyzer: &mut tantivy::tokenizer::TextAnalyzer, text: &str) {
        let mut stream = analyzer.token_stream(text);
        while let Some(token) = stream.next() {
            self.term(&token.text);
        }
        self.end_passage();
    }

    /// Ends the current passage (a headline counts as one).
    pub(super) fn end_passage(&mut self) {
        let article = self.corpus.num_articles.saturating_sub(1) as u32;
        self.corpus
            .passages
            .push((article, self.ids.as_slice().into()));
        self.ids.clear();
    }

    pub(super) fn finish(self) -> Corpus {
        let mut corpus = self.corpus;
        corpus.article_counts = vec![0; corpus.terms.len()];
        corpus.occurrences = vec![0; corpus.terms.len()];
        // A term's articles are counted by comparing with the last one it was seen in (an
        // article's passages are given together), instead of keeping every article id of
        // every word.
        let mut last_article = vec![u32::MAX; corpus.terms.len()];
        for (article, ids) in &corpus.passages {
            for &id in ids.iter() {
                let id = id as usize;
                if last_article[id] != *article {
                    last_article[id] = *article;
                    corpus.article_counts[id] += 1;
                }
                corpus.occurrences[id] += 1;
            }
        }
        corpus
    }
}

/// Adds `article` to a term's articles unless it is the last one added: an article's passages
/// are read one after the other, so the lists stay near their deduplicated length (callers
/// still sort and deduplicate).
fn push_article(list: &mut Vec<u32>, article: u32) {
    if list.last() != Some(&article) {
        list.push(article);
    }
}

/// No slot: the term starts no wanted form on its own.
const NONE: u32 = u32::MAX;

/// A term or two adjacent terms.
pub(super) type Form = (u32, Option<u32>);

/// Idf-weighted ±2-word context vectors and articles of the forms asked for.
#[derive(Default)]
pub(super) struct Contexts {
    vectors: HashMap<Form, HashMap<u32, f64>>,
    articles: HashMap<Form, Vec<u32>>,
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
        let mut articles: Vec<Vec<u32>> = vec![Vec::new(); forms.len()];
        let mut occurrences: Vec<usize> = vec![0; forms.len()];
        for (article, ids) in &corpus.passages {
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
                    push_article(&mut articles[slot], *article);
                    occurrences[slot] += 1;
                }
            }
        }
        let mut contexts = Contexts::default();
        for (slot, form) in forms.into_iter().enumerate() {
            if occurrences[slot] == 0 {
                continue;
            }
            let vector = std::mem::take(&mut counts[slot])
                .into_iter()
                .map(|(id, c)| (id, (1.0 + f64::from(c).ln()) * corpus.idf(id)))
                .collect();
            contexts.vectors.insert(form, vector);
            let mut list = std::mem::take(&mut articles[slot]);
            list.sort_unstable();
            list.dedup();
            contexts.articles.insert(form, list);
            contexts.counts.insert(form, occurrences[slot]);
        }
        contexts
    }

    pub(super) fn cosine(&self, a: Form, b: Form) -> f64 {
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
    pub(super) fn shared(&self, a: Form, b: Form) -> f64 {
        let empty = Vec::new();
        let sa: HashSet<&u32> = self.articles.get(&a).unwrap_or(&empty).iter().collect();
        let lb = self.articles.get(&b).unwrap_or(&empty);
        let both = lb.iter().filter(|x| sa.contains(x)).count();
        let rarer = sa.len().min(lb.len()).max(1);
        both as f64 / rarer as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index;
    use crate::search::testutil::build_sample;

    #[test]
    fn article_counts_are_distinct_articles() {
        let dir = tempfile::tempdir().expect("tempdir");
        let opened = index::open(&build_sample(dir.path())).expect("open");
        let corpus = Corpus::read(&opened.index, &opened.fields).expect("read");
        // Each term's articles, with the first passage it was seen in there.
        let mut articles: Vec<HashMap<u32, usize>> = vec![HashMap::default(); corpus.terms.len()];
        let mut in_two_passages = false;
        for (passage, (article, ids)) in corpus.passages.iter().enumerate() {
            for &id in ids.iter() {
                let first = *articles[id as usize].entry(*article).or_insert(passage);
                in_two_passages |= first != passage;
            }
        }
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
        assert_eq!(corpus.passages.len(), passages + corpus.num_articles);
    }
}
