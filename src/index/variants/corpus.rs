//! The corpus as [`super`] measures it: the indexed passages as term ids, each term's articles,
//! and the contexts and articles of the spellings compared.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use tantivy::schema::Value;
use tantivy::tokenizer::TokenStream;
use tantivy::{Index, TantivyDocument};

use crate::analysis::{self, AR_EXACT};
use crate::index::Fields;

/// The corpus seen as terms: passages as term ids, how many articles hold each term.
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
    pub(super) fn read(index: &Index, fields: &Fields) -> tantivy::Result<Corpus> {
        let mut analyzer = analysis::build(AR_EXACT).expect("known analyzer");
        let mut corpus = Corpus {
            ids: HashMap::default(),
            terms: Vec::new(),
            passages: Vec::new(),
            article_counts: Vec::new(),
            occurrences: Vec::new(),
            num_articles: 0,
        };
        let mut article_ids: HashMap<String, u32> = HashMap::default();
        // One passage's ids, copied out at their exact length: the passages of a large corpus
        // are most of this pass's memory.
        let mut ids = Vec::new();
        let searcher = index.reader()?.searcher();
        for segment in searcher.segment_readers() {
            let store = segment.get_store_reader(64)?;
            for doc in store.iter::<TantivyDocument>(segment.alive_bitset()) {
                let doc = doc?;
                let text = |field| doc.get_first(field).and_then(|v| v.as_str()).unwrap_or("");
                let next = article_ids.len() as u32;
                let mut new_article = false;
                let article = *article_ids
                    .entry(text(fields.doc_id).to_string())
                    .or_insert_with(|| {
                        new_article = true;
                        next
                    });
                // A headline is a use of its words too, once per article (every passage stores
                // it): a word seen mostly in headlines would otherwise look rarer than it is.
                if new_article {
                    corpus.term_ids(&mut analyzer, text(fields.title), &mut ids);
                    corpus.passages.push((article, ids.as_slice().into()));
                }
                corpus.term_ids(&mut analyzer, text(fields.text), &mut ids);
                corpus.passages.push((article, ids.as_slice().into()));
            }
        }
        corpus.num_articles = article_ids.len();
        corpus.article_counts = vec![0; corpus.terms.len()];
        corpus.occurrences = vec![0; corpus.terms.len()];
        // An article's passages are added together, so they follow one another in the store
        // (segments do not share articles): a term's articles are counted by comparing with the
        // last one it was seen in, instead of keeping every article id of every word.
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
        Ok(corpus)
    }

    /// `text`'s `ar_exact` tokens as term ids in `ids` (cleared first), new terms numbered as
    /// they come.
    fn term_ids(
        &mut self,
        analyzer: &mut tantivy::tokenizer::TextAnalyzer,
        text: &str,
        ids: &mut Vec<u32>,
    ) {
        ids.clear();
        let mut stream = analyzer.token_stream(text);
        while let Some(token) = stream.next() {
            let id = match self.ids.get(token.text.as_str()) {
                Some(&id) => id,
                None => {
                    let id = self.terms.len() as u32;
                    self.ids.insert(token.text.clone(), id);
                    self.terms.push(token.text.clone());
                    id
                }
            };
            ids.push(id);
        }
    }

    pub(super) fn idf(&self, id: u32) -> f64 {
        let df = self.article_counts[id as usize].max(1) as f64;
        (self.num_articles as f64 / df).ln()
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

/// A term or two adjacent terms.
pub(super) type Form = (u32, Option<u32>);

/// Idf-weighted ±2-word context vectors and articles of the forms asked for.
pub(super) struct Contexts {
    vectors: HashMap<Form, HashMap<u32, f64>>,
    articles: HashMap<Form, Vec<u32>>,
    pub(super) counts: HashMap<Form, usize>,
}

impl Contexts {
    pub(super) fn collect(corpus: &Corpus, wanted: &HashSet<Form>, canonical: &[u32]) -> Contexts {
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
                    push_article(articles.entry(form).or_default(), *article);
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
