//! Searching the passage index: query parsing ([`query`]), the query plan ([`plan`]) and the
//! steps rewriting it ([`spelling`], [`variants`], [`latin`]), its compilation ([`compile`](mod@compile)) and
//! ranking ([`rank`]), per-document capping and near-duplicate collapsing (here), highlights
//! ([`highlight`]) and output formats ([`output`]).
//!
//! ```no_run
//! # fn main() -> anyhow::Result<()> {
//! use fahras::search::{Engine, SearchOptions};
//! let engine = Engine::new(fahras::index::open("index".as_ref())?)?;
//! let results = engine.search("عين الأسد", &SearchOptions::default())?;
//! for hit in &results.hits {
//!     println!("{} {} {}", hit.rank, hit.doc, hit.score);
//! }
//! # Ok(())
//! # }
//! ```

mod attached;
pub mod compile;
pub mod count;
pub mod document;
pub mod facets;
pub mod highlight;
pub mod latin;
pub mod output;
pub mod plan;
pub mod query;
pub mod rank;
pub(crate) mod show;
pub mod spelling;
pub mod variants;
pub mod vocab;

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use tantivy::columnar::{Column, StrColumn};
use tantivy::schema::Value;
use tantivy::{DocAddress, DocId, ReloadPolicy, Searcher, TantivyDocument};

use crate::analysis::fingerprint::{Sketch, SKETCH_VALUES};
use crate::analysis::tokenize::is_arabic_script;
use crate::index::PassageIndex;
pub use compile::compile;
use highlight::{fingerprint, jaccard_sorted, Highlighter};
pub use plan::QueryPlan;
pub use query::{parse, ParsedQuery};
pub use rank::{CompiledQuery, Weights};
use vocab::IndexVocabulary;

/// Default cap on passages per document: 2, so that the first screen (10 hits) shows passages
/// from at least five articles instead of the five best paragraphs of one long article; a second
/// passage still shows when an article is clearly the most relevant.
pub const DEFAULT_PER_DOC: usize = 2;
/// Default number of hits.
pub const DEFAULT_LIMIT: usize = 10;
/// Passages whose `ar_exact` term sets have at least this Jaccard similarity are near-duplicates
/// (the same statement republished by several outlets) and collapse into the best-scored one.
pub const DUPLICATE_JACCARD: f64 = 0.8;
/// Bytes of decompressed document-store blocks the engine keeps cached: 32 MiB hold the whole
/// store of a 20 MB corpus, so a batch of queries decompresses each block once instead of once
/// per hit. Counted in bytes because the block size is the index's.
pub const DOC_STORE_CACHE_BYTES: usize = 32 * 1024 * 1024;

/// How many candidates to fetch before capping and collapsing: enough that removing the
/// passages over the per-document cap and the duplicates usually leaves `limit` hits (when it
/// does not, the search fetches four times as many and tries again).
pub fn candidates_for(limit: usize) -> usize {
    limit.saturating_mul(5).saturating_add(20)
}

/// A candidate kept as a hit: the passage when it was read (collapsing reads the hits it keeps),
/// its near-duplicate sketch from the index and its term fingerprint once a comparison needed it.
struct Kept {
    address: DocAddress,
    score: f32,
    hit: Option<Hit>,
    sketch: Option<Sketch>,
    tokens: Option<Vec<u64>>,
}

/// How many candidate documents (by best passage, best first) are scored on their whole text,
/// per hit asked for: the whole-text score reorders documents, but one whose best passage ranks
/// below twice the limit almost never reaches the top (arcd-train: nDCG@10 of a 10-document TREC
/// run 0.8558 against 0.8562 scoring all candidates, `benches/RESULTS.md`), and scoring costs
/// a posting-list walk per query term and document.
pub const DOCUMENTS_SCORED_PER_HIT: usize = 2;

/// What to return.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchOptions {
    /// Maximum number of hits.
    pub limit: usize,
    /// Maximum passages per document (0 = no cap).
    pub per_doc: usize,
    /// Collapse near-duplicate passages (see [`DUPLICATE_JACCARD`]).
    pub collapse: bool,
    /// Compute per-clause contributions for each hit.
    pub explain: bool,
    /// Fill in each hit's passage (text, title, source, date, offsets) and highlights. Without it
    /// hits carry only their document id, score and rank: what a TREC run prints, at a fraction
    /// of the cost (collapsing, when on, still reads the passages it compares).
    pub passages: bool,
    /// Rank documents, not passages: one hit per document (its best passage), scored over the
    /// whole document ([`document`]); `per_doc` and `collapse` do not apply. TREC runs and
    /// `fahras eval` with document qrels use it.
    pub documents: bool,
    /// Which matching passages come first: the best scored, or by publication day.
    pub order: Order,
}

/// The order of the hits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Order {
    /// Best score first (relevance).
    #[default]
    Score,
    /// Oldest publication day first; passages without a date are left out.
    Oldest,
    /// Newest publication day first; passages without a date are left out.
    Newest,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: DEFAULT_LIMIT,
            per_doc: DEFAULT_PER_DOC,
            collapse: true,
            explain: false,
            passages: true,
            documents: false,
            order: Order::Score,
        }
    }
}

/// One scoring clause's share of a hit's score (`--explain`).
#[derive(Clone, Debug, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Contribution {
    /// The clause, e.g. `text_stem:قاعد`.
    pub clause: String,
    /// Its (boosted) score for this passage.
    pub score: f32,
}

/// One ranked passage.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    /// 1-based rank.
    pub rank: usize,
    /// Ranking score.
    pub score: f32,
    /// Document id.
    pub doc: String,
    /// Document title.
    pub title: String,
    /// Publishing outlet, if known.
    pub source: Option<String>,
    /// Publication date `YYYY-MM-DD`, if known.
    pub date: Option<String>,
    /// The article's original address, if known (JSONL `url`).
    pub url: Option<String>,
    /// Passage ordinal within the document.
    pub passage: u64,
    /// Byte offset of the passage in the original document.
    pub start: u64,
    /// Byte offset one past the passage's end in the original document.
    pub end: u64,
    /// The passage text as stored.
    pub text: String,
    /// Byte ranges of highlighted words within `text`.
    pub highlights: Vec<(usize, usize)>,
    /// Ids of other documents whose near-duplicate passages collapsed into this one.
    pub also_in: Vec<String>,
    /// Per-clause contributions, with `explain`.
    pub explanation: Vec<Contribution>,
}

/// The answer to one query.
#[derive(Clone, Debug, Default)]
pub struct SearchResults {
    /// Hits, best first.
    pub hits: Vec<Hit>,
    /// What was ignored in the query, for stderr.
    pub warnings: Vec<String>,
    /// How Latin-script (or misspelt) words were read, one line per run of them (`Erbil →
    /// أربيل`): spellings as the hits write them when hits were read, else normalized.
    pub interpretation: Vec<String>,
    /// Every reading of the Latin-script words with its evidence and weight, for `--explain`.
    pub readings: Vec<String>,
}

/// Errors while searching.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// Tantivy failed (damaged index files).
    #[error("search failed")]
    Tantivy(#[from] tantivy::TantivyError),
}

/// An opened index ready to answer many queries.
///
/// The engine searches the index as it was when opened (one searcher, never reloaded), so what
/// every query needs is prepared once here: the searcher, each segment's document ids and the
/// analyzers that highlighting and collapsing re-run over passages.
pub struct Engine {
    /// The index.
    pub index: PassageIndex,
    searcher: Searcher,
    /// Per segment (in searcher order), the `doc_id` column and its values by term ordinal: read
    /// once, because looking one up decompresses a dictionary block.
    doc_ids: Vec<(Option<StrColumn>, Vec<String>)>,
    /// Per segment, the passages' near-duplicate sketches (`near_dup` column).
    sketches: Vec<Option<Column<u64>>>,
    /// Analyzers highlighting and collapsing re-run over passages, kept between queries: one is
    /// taken per query and given back, so threads searching at once each get their own.
    highlighters: Mutex<Vec<Highlighter>>,
    /// The `text_exact` terms, for reading Latin-script query words.
    vocab: IndexVocabulary,
    /// The `text_stem` terms, to tell words that match nothing ([`spelling`]).
    stem_vocab: IndexVocabulary,
    /// Spelling variants of the indexed terms ([`variants`]).
    variants: crate::index::variants::VariantTable,
    /// Number of distinct documents, for document-length averages.
    documents: u64,
    /// The ranking weights of every query.
    weights: Weights,
    /// How documents are scored when [`SearchOptions::documents`] asks for them.
    document_ranking: document::DocumentRanking,
    /// Whether any passage has a date and a source: a `date:` or `source:` filter on an index
    /// without them matches nothing, and the search says why instead of a bare "no results".
    has_dates: bool,
    has_sources: bool,
    /// Per segment, per `doc_id` term ordinal, the document's live passages (ascending): built
    /// on the first document ranking, so a query needs no term lookup per candidate document.
    document_passages: OnceLock<Vec<Vec<Vec<DocId>>>>,
}

impl Engine {
    /// Opens a reader on `index`.
    pub fn new(index: PassageIndex) -> Result<Engine, SearchError> {
        let reader: tantivy::IndexReader = index
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .doc_store_cache_num_blocks(doc_store_cache_blocks(&index.index))
            .try_into()?;
        let searcher = reader.searcher();
        let mut doc_ids = Vec::new();
        for segment in searcher.segment_readers() {
            let column = segment.fast_fields().str("doc_id")?;
            let mut values = Vec::new();
            if let Some(column) = &column {
                let mut stream = column
                    .dictionary()
                    .stream()
                    .map_err(tantivy::TantivyError::from)?;
                while stream.advance() {
                    values.push(String::from_utf8_lossy(stream.key()).into_owned());
                }
            }
            doc_ids.push((column, values));
        }
        let sketches = searcher
            .segment_readers()
            .iter()
            .map(|segment| segment.fast_fields().u64("near_dup").ok())
            .collect();
        let vocab = IndexVocabulary::new(&searcher, index.fields.text_exact)?;
        let stem_vocab = IndexVocabulary::new(&searcher, index.fields.text_stem)?;
        let documents = match doc_ids.as_slice() {
            [(_, values)] => values.len(),
            all => all
                .iter()
                .flat_map(|(_, values)| values)
                .collect::<rustc_hash::FxHashSet<_>>()
                .len(),
        } as u64;
        let variants =
            crate::index::variants::VariantTable::read(&index.dir.join(crate::index::DATA_DIR));
        let has_dates = has_terms(&searcher, index.fields.date)?;
        let has_sources = has_terms(&searcher, index.fields.source)?;
        Ok(Engine {
            variants,
            has_dates,
            has_sources,
            index,
            searcher,
            doc_ids,
            sketches,
            highlighters: Mutex::new(vec![Highlighter::default()]),
            vocab,
            stem_vocab,
            documents,
            weights: Weights::default(),
            document_ranking: document::DocumentRanking::default(),
            document_passages: OnceLock::new(),
        })
    }

    /// The `doc_id` term ordinal of the passage at `address` in its segment.
    fn doc_ord(&self, address: DocAddress) -> Option<u64> {
        let (column, _) = &self.doc_ids[address.segment_ord as usize];
        column.as_ref()?.term_ords(address.doc_id).next()
    }

    /// Which document the passage at `address` belongs to, as a key: its segment and `doc_id`
    /// ordinal (a document's live passages are all in one segment), so telling documents apart
    /// needs no id string.
    fn doc_key(&self, address: DocAddress) -> (u32, Option<u64>) {
        (address.segment_ord, self.doc_ord(address))
    }

    /// See [`Engine::document_passages`]; a document's live passages are all in one segment
    /// (an update deletes and re-adds the whole document).
    fn document_passages(&self) -> &[Vec<Vec<DocId>>] {
        self.document_passages.get_or_init(|| {
            let segments = self.searcher.segment_readers();
            segments
                .iter()
                .zip(&self.doc_ids)
                .map(|(segment, (column, values))| {
                    let mut by_ord = vec![Vec::new(); values.len()];
                    let Some(column) = column else {
                        return by_ord;
                    };
                    for doc in segment.doc_ids_alive() {
                        if let Some(ord) = column.term_ords(doc).next() {
                            if let Some(list) = by_ord.get_mut(ord as usize) {
                                list.push(doc);
                            }
                        }
                    }
                    by_ord
                })
                .collect()
        })
    }

    /// The near-duplicate sketch of the passage at `address`, if the index has it.
    fn sketch(&self, address: DocAddress) -> Option<Sketch> {
        let column = self.sketches.get(address.segment_ord as usize)?.as_ref()?;
        let mut values = [0u64; SKETCH_VALUES];
        let mut n = 0;
        for value in column.values_for_doc(address.doc_id) {
            *values.get_mut(n)? = value;
            n += 1;
        }
        Sketch::from_values(&values[..n])
    }

    /// The document id of the passage at `address`, from the `doc_id` column (no stored-document
    /// read).
    fn doc_id(&self, address: DocAddress) -> String {
        let (_, values) = &self.doc_ids[address.segment_ord as usize];
        self.doc_ord(address)
            .and_then(|ord| values.get(ord as usize))
            .cloned()
            .unwrap_or_default()
    }

    /// Scores documents with `ranking` instead of the defaults (the relevance bench tunes it).
    pub fn set_document_ranking(&mut self, ranking: document::DocumentRanking) {
        self.document_ranking = ranking;
    }

    /// Ranks with `weights` instead of the defaults (the relevance bench tunes them).
    pub fn set_weights(&mut self, weights: Weights) {
        self.weights = weights;
    }

    /// The plan of `parsed` as searched: spelling variants, spelling corrections, then
    /// Latin-script readings, spelt against the index.
    pub fn plan(&self, parsed: &ParsedQuery) -> QueryPlan {
        let mut plan = QueryPlan::new(parsed);
        // Variants first: a word the table knows is no misspelling, even when the index holds
        // it only with an article (بلايستيشن, indexed as البلايستيشن).
        let passages = self.searcher.num_docs();
        variants::expand(&mut plan, &self.variants, &self.vocab, passages);
        spelling::correct(&mut plan, &self.vocab, &self.stem_vocab);
        latin::read(&mut plan, &self.vocab, &self.weights);
        attached::attach(&mut plan, &self.vocab, &self.stem_vocab, passages);
        plan
    }

    /// The `text_exact` vocabulary Latin-script query words are transliterated against.
    pub fn vocabulary(&self) -> &IndexVocabulary {
        &self.vocab
    }

    /// A note for each kind of metadata filter in `parsed` that no passage of the index has a
    /// value for (the filter then matches nothing, or excludes nothing).
    fn missing_metadata(&self, parsed: &ParsedQuery, sorted_by_date: bool) -> Vec<String> {
        let mut notes = Vec::new();
        let uses = |name: &str| parsed.filters.iter().any(|f| f.filter.name() == name);
        if (uses("date") || sorted_by_date) && !self.has_dates {
            notes.push(
                "no article in this index has a date (from a JSONL `date` field or a date in the text): `date:` matches nothing"
                    .to_string(),
            );
        }
        if uses("source") && !self.has_sources {
            notes.push(
                "no article in this index has a source (from a JSONL `source` field or an attribution in the text): `source:` matches nothing"
                    .to_string(),
            );
        }
        notes
    }

    /// How many passages and articles `text` matches in the whole index.
    pub fn count_matches(&self, text: &str) -> Result<count::Matches, SearchError> {
        let compiled = compile(&self.plan(&parse(text)), &self.index.fields, &self.weights);
        let Some(query) = &compiled.query else {
            return Ok(count::Matches::default());
        };
        let fruits = self.searcher.search(query.as_ref(), &count::MatchCounter)?;
        Ok(count::merge(&fruits, |segment, ord| {
            self.article_id(segment, ord)
        }))
    }

    /// The id of article `ord` (its `doc_id` term ordinal) in `segment`.
    fn article_id(&self, segment: u32, ord: usize) -> Option<&str> {
        let (_, ids) = self.doc_ids.get(segment as usize)?;
        ids.get(ord).map(String::as_str)
    }

    /// How the articles matching `text` spread over time and (`with_sources`) sources.
    pub fn facets(&self, text: &str, with_sources: bool) -> Result<facets::Facets, SearchError> {
        let compiled = compile(&self.plan(&parse(text)), &self.index.fields, &self.weights);
        let Some(query) = &compiled.query else {
            return Ok(facets::Facets::default());
        };
        let sampled = self
            .searcher
            .search(query.as_ref(), &facets::ArticleSampler)?;
        let source = self.index.fields.source;
        Ok(facets::facets(
            &self.searcher,
            source,
            &sampled,
            |segment, ord| self.article_id(segment, ord),
            with_sources,
        )?)
    }

    /// The words a search for `text` highlights, and its warnings (for `fahras show --query`).
    pub(crate) fn highlight_terms(&self, text: &str) -> (rank::HighlightTerms, Vec<String>) {
        let parsed = parse(text);
        let compiled = compile(&self.plan(&parsed), &self.index.fields, &self.weights);
        let mut warnings = parsed.warnings.clone();
        warnings.extend(compiled.warnings.iter().cloned());
        (compiled.highlight, warnings)
    }

    /// Parses and answers `text`.
    pub fn search(&self, text: &str, opts: &SearchOptions) -> Result<SearchResults, SearchError> {
        self.search_parsed(&parse(text), opts)
    }

    /// Answers a parsed query.
    pub fn search_parsed(
        &self,
        parsed: &ParsedQuery,
        opts: &SearchOptions,
    ) -> Result<SearchResults, SearchError> {
        let mut compiled = compile(&self.plan(parsed), &self.index.fields, &self.weights);
        let mut warnings = parsed.warnings.clone();
        warnings.extend(compiled.warnings.iter().cloned());
        warnings.extend(self.missing_metadata(parsed, opts.order != Order::Score));
        if compiled.query.is_none() || opts.limit == 0 {
            if compiled.query.is_none() && warnings.is_empty() {
                warnings.push("empty query: nothing to search for".to_string());
            }
            return Ok(SearchResults {
                hits: Vec::new(),
                warnings,
                interpretation: compiled.interpretation,
                readings: compiled.readings,
            });
        }
        // Documents are ranked one each; collapsing their passages would drop documents.
        let collapse = opts.collapse && !opts.documents;
        // Analyzers from the engine's pool (one per thread searching at once), returned after.
        let mut pooled = self
            .highlighters
            .lock()
            .ok()
            .and_then(|mut pool| pool.pop())
            .unwrap_or_default();
        let highlighter = &mut pooled;
        let kept = self.candidates(&compiled, opts, collapse, highlighter)?;
        let mut hits = Vec::with_capacity(kept.len());
        for (i, kept) in kept.into_iter().enumerate() {
            hits.push(self.hit(kept, i + 1, &compiled, opts, highlighter)?);
        }
        let readings = std::mem::take(&mut compiled.readings);
        let interpretation = if opts.passages {
            in_surface_forms(compiled.interpretation, &hits, highlighter)
        } else {
            compiled.interpretation
        };
        if let Ok(mut pool) = self.highlighters.lock() {
            pool.push(pooled);
        }
        Ok(SearchResults {
            hits,
            warnings,
            interpretation,
            readings,
        })
    }

    /// The hits to return, from the top passages of `compiled`: fetched in growing numbers
    /// until capping (and collapsing, when `collapse`) leaves `opts.limit` of them or no
    /// passage is left out.
    fn candidates(
        &self,
        compiled: &CompiledQuery,
        opts: &SearchOptions,
        collapse: bool,
        highlighter: &mut Highlighter,
    ) -> tantivy::Result<Vec<Kept>> {
        let searcher = &self.searcher;
        // Never more candidates than passages: tantivy's collector allocates room for them all
        // (`--limit 1000000000` would abort).
        let passages = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
        let mut wanted = candidates_for(opts.limit).min(passages).max(1);
        Ok(loop {
            let top = match opts.order {
                Order::Score => compiled.top_passages(searcher, wanted)?,
                order => self.top_by_date(compiled, wanted, order)?,
            };
            // A full list means the query may match more passages than were fetched.
            let more = top.len() == wanted && wanted < passages;
            if more && !self.enough_candidates(&top, opts) {
                wanted = wanted.saturating_mul(4).min(passages);
                continue;
            }
            let top = if opts.documents {
                self.rank_documents(&top, &compiled.terms, opts.limit)?
            } else {
                top
            };
            let kept = self.select(top, opts, collapse, highlighter)?;
            // Only collapsing can leave too few hits from enough candidates.
            if more && kept.len() < opts.limit {
                wanted = wanted.saturating_mul(4).min(passages);
                continue;
            }
            break kept;
        })
    }

    /// The first `limit` passages matching `compiled` by publication day (`order`), among those
    /// that have one, each with its score for the query (without the proximity bonus, which
    /// only orders passages of equal relevance).
    fn top_by_date(
        &self,
        compiled: &CompiledQuery,
        limit: usize,
        order: Order,
    ) -> tantivy::Result<Vec<(f32, DocAddress)>> {
        let Some(query) = &compiled.query else {
            return Ok(Vec::new());
        };
        let dated: Box<dyn tantivy::query::Query> =
            Box::new(tantivy::query::ExistsQuery::new("date".to_string(), false));
        let both = tantivy::query::BooleanQuery::new(vec![
            (tantivy::query::Occur::Must, query.box_clone()),
            (tantivy::query::Occur::Must, dated),
        ]);
        let direction = match order {
            Order::Oldest => tantivy::Order::Asc,
            _ => tantivy::Order::Desc,
        };
        let collector = tantivy::collector::TopDocs::with_limit(limit)
            .order_by_fast_field::<tantivy::DateTime>("date", direction);
        let mut top: Vec<(f32, DocAddress)> = self
            .searcher
            .search(&both, &collector)?
            .into_iter()
            .map(|(_, address)| (0.0, address))
            .collect();
        rank::add_scores(query.as_ref(), &self.searcher, &mut top)?;
        Ok(top)
    }

    /// The `rank`th hit, from its kept candidate: its passage read (with `opts.passages`) and
    /// highlighted, its score explained (with `opts.explain`).
    fn hit(
        &self,
        kept: Kept,
        rank: usize,
        compiled: &CompiledQuery,
        opts: &SearchOptions,
        highlighter: &mut Highlighter,
    ) -> tantivy::Result<Hit> {
        let searcher = &self.searcher;
        let Kept {
            address,
            score,
            hit,
            ..
        } = kept;
        let mut hit = match hit {
            Some(hit) => hit,
            None if opts.passages => self.load(searcher, address, score)?,
            None => Hit {
                rank: 0,
                score,
                doc: self.doc_id(address),
                title: String::new(),
                source: None,
                date: None,
                url: None,
                passage: 0,
                start: 0,
                end: 0,
                text: String::new(),
                highlights: Vec::new(),
                also_in: Vec::new(),
                explanation: Vec::new(),
            },
        };
        hit.rank = rank;
        if opts.passages {
            hit.highlights = highlighter.ranges(&hit.text, &compiled.highlight);
        }
        if opts.explain {
            hit.explanation = explain(compiled, searcher, address);
        }
        Ok(hit)
    }

    /// Whether `top`, a full list of candidates, can fill `opts.limit` hits: passages of enough
    /// documents under the per-document cap (one each when ranking documents). Near-duplicates
    /// are only known once the passages are read: [`Engine::search_parsed`] checks those after.
    fn enough_candidates(&self, top: &[(f32, DocAddress)], opts: &SearchOptions) -> bool {
        let cap = if opts.documents { 1 } else { opts.per_doc };
        if cap == 0 {
            return top.len() >= opts.limit;
        }
        let mut per_doc: HashMap<(u32, Option<u64>), usize> = HashMap::new();
        let mut usable = 0;
        for &(_, address) in top {
            let count = per_doc.entry(self.doc_key(address)).or_default();
            if *count < cap {
                *count += 1;
                usable += 1;
                if usable >= opts.limit {
                    return true;
                }
            }
        }
        false
    }

    /// The candidates `top` (best first) that become hits: at most `opts.per_doc` per document,
    /// near-duplicates folded into the best-scored one's `also_in` when `collapse`, at most
    /// `opts.limit` of them.
    fn select(
        &self,
        top: Vec<(f32, DocAddress)>,
        opts: &SearchOptions,
        collapse: bool,
        highlighter: &mut Highlighter,
    ) -> tantivy::Result<Vec<Kept>> {
        let searcher = &self.searcher;
        let mut kept: Vec<Kept> = Vec::new();
        let mut per_doc: HashMap<(u32, Option<u64>), usize> = HashMap::new();
        for (score, address) in top {
            let (mut hit, mut tokens, mut sketch) = (None, None, None);
            if collapse {
                // The first kept hit it duplicates: the sketches rule most out unread; the
                // others are compared on their fingerprints, read and computed once each.
                let own = self.sketch(address);
                let mut duplicate_of = None;
                for (i, other) in kept.iter_mut().enumerate() {
                    if let (Some(a), Some(b)) = (&own, &other.sketch) {
                        if !a.may_reach(b, DUPLICATE_JACCARD) {
                            continue;
                        }
                    }
                    if hit.is_none() {
                        let loaded = self.load(searcher, address, score)?;
                        tokens = Some(fingerprint(highlighter, &loaded.text));
                        hit = Some(loaded);
                    }
                    let Kept {
                        hit: Some(best),
                        tokens: other_tokens,
                        ..
                    } = other
                    else {
                        unreachable!("collapsing reads every kept passage");
                    };
                    let other_tokens =
                        other_tokens.get_or_insert_with(|| fingerprint(highlighter, &best.text));
                    let mine = tokens.as_deref().unwrap_or_default();
                    if jaccard_sorted(mine, other_tokens, DUPLICATE_JACCARD).is_some() {
                        duplicate_of = Some(i);
                        break;
                    }
                }
                if let (Some(i), Some(duplicate)) = (duplicate_of, &hit) {
                    let best = kept[i]
                        .hit
                        .as_mut()
                        .expect("collapsing reads every kept passage");
                    if best.doc != duplicate.doc && !best.also_in.contains(&duplicate.doc) {
                        best.also_in.push(duplicate.doc.clone());
                    }
                    continue;
                }
                sketch = own;
            }
            let count = per_doc.entry(self.doc_key(address)).or_default();
            if opts.per_doc > 0 && *count >= opts.per_doc {
                continue;
            }
            *count += 1;
            if kept.len() < opts.limit {
                if collapse && hit.is_none() {
                    hit = Some(self.load(searcher, address, score)?);
                }
                kept.push(Kept {
                    address,
                    score,
                    hit,
                    sketch,
                    tokens,
                });
            } else if !collapse {
                break;
            }
            // With collapsing on, later (lower-scored) candidates are still compared with the
            // kept hits so their documents are listed in `also_in`.
        }
        Ok(kept)
    }

    /// The best passage of each document among the passage candidates `top`, with the document's
    /// score ([`document`]), best first: the ranking of documents, one entry each.
    fn rank_documents(
        &self,
        top: &[(f32, DocAddress)],
        terms: &[document::WeightedTerm],
        limit: usize,
    ) -> tantivy::Result<Vec<(f32, DocAddress)>> {
        // Each candidate document once, with its best passage (the first, `top` is best first).
        let table = self.document_passages();
        let mut best: Vec<(f32, DocAddress)> = Vec::new();
        let mut docs: Vec<document::Passages> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for &(score, address) in top {
            let Some(ord) = self.doc_ord(address) else {
                continue;
            };
            if best.len() >= DOCUMENTS_SCORED_PER_HIT.saturating_mul(limit) {
                break;
            }
            if seen.insert((address.segment_ord, ord)) {
                let segment = address.segment_ord;
                let passages = &table[segment as usize][ord as usize];
                docs.push(passages.iter().map(|&doc| (segment, doc)).collect());
                best.push((score, address));
            }
        }
        let scorer =
            document::DocumentScorer::new(&self.searcher, &self.index.fields, self.documents);
        let ranking = &self.document_ranking;
        let whole = scorer.score(&docs, terms, ranking.bm25)?;
        let mut ranked: Vec<(f32, DocAddress)> = best
            .iter()
            .zip(whole)
            .map(|((passage, address), whole)| (whole + ranking.passage_share * passage, *address))
            .collect();
        // Stable: equal scores keep the passage order.
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
        ranked.truncate(limit);
        Ok(ranked)
    }

    fn load(&self, searcher: &Searcher, address: DocAddress, score: f32) -> tantivy::Result<Hit> {
        let f = &self.index.fields;
        let doc: TantivyDocument = searcher.doc(address)?;
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str().map(str::to_string))
        };
        let number = |field| doc.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0);
        let date = doc
            .get_first(f.date)
            .and_then(|v| v.as_datetime())
            .map(|d| d.into_utc().date().to_string());
        Ok(Hit {
            rank: 0,
            score,
            doc: text(f.doc_id).unwrap_or_default(),
            title: text(f.title).unwrap_or_default(),
            source: text(f.source).filter(|s| !s.is_empty()),
            date,
            url: text(f.url),
            passage: number(f.ordinal),
            start: number(f.start),
            end: number(f.end),
            text: text(f.text).unwrap_or_default(),
            highlights: Vec::new(),
            also_in: Vec::new(),
            explanation: Vec::new(),
        })
    }
}

/// The contribution of every scoring clause that matches the passage at `address`.
/// `lines` (how Latin-script or misspelt words were read) with each Arabic word, a normalized
/// index term, written the way the hits write it most often: `Ain al-Asad → عين الاسد` becomes
/// `Ain al-Asad → عين الأسد`. A word no hit shows stays as it is.
fn in_surface_forms(
    lines: Vec<String>,
    hits: &[Hit],
    highlighter: &mut Highlighter,
) -> Vec<String> {
    let words: std::collections::HashSet<&str> = lines
        .iter()
        .flat_map(|l| l.split(|c: char| !is_arabic_script(c)))
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return lines;
    }
    let mut counts: HashMap<String, HashMap<&str, usize>> = HashMap::new();
    for hit in hits {
        for (term, surface) in highlighter.surface_forms(&hit.text, &words) {
            *counts.entry(term).or_default().entry(surface).or_default() += 1;
        }
    }
    // Most frequent form; ties to the smaller string, so the line is the same on every run.
    let best: HashMap<&str, &str> = counts
        .iter()
        .filter_map(|(term, forms)| {
            let (form, _) = forms
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))?;
            Some((term.as_str(), *form))
        })
        .collect();
    lines
        .iter()
        .map(|line| {
            let mut out = String::with_capacity(line.len());
            let mut word = String::new();
            let flush = |word: &mut String, out: &mut String| {
                out.push_str(best.get(word.as_str()).copied().unwrap_or(word));
                word.clear();
            };
            for c in line.chars() {
                if is_arabic_script(c) {
                    word.push(c);
                } else {
                    flush(&mut word, &mut out);
                    out.push(c);
                }
            }
            flush(&mut word, &mut out);
            out
        })
        .collect()
}

fn explain(
    compiled: &CompiledQuery,
    searcher: &Searcher,
    address: DocAddress,
) -> Vec<Contribution> {
    compiled
        .components
        .iter()
        .filter_map(|c| {
            // Scored like the re-ranking does, not with `Query::explain`: tantivy's phrase
            // explanation asserts (in debug builds) when the passage precedes the phrase's first
            // match in its segment.
            let mut scored = [(0.0, address)];
            rank::add_scores(c.query.as_ref(), searcher, &mut scored).ok()?;
            let score = scored[0].0;
            (score > 0.0).then(|| Contribution {
                clause: c.label.clone(),
                score,
            })
        })
        .collect()
}

/// How many document-store blocks of `index` fill [`DOC_STORE_CACHE_BYTES`].
fn doc_store_cache_blocks(index: &tantivy::Index) -> usize {
    let block = index.settings().docstore_blocksize.max(1);
    (DOC_STORE_CACHE_BYTES / block).max(1)
}

/// Whether any segment of `searcher` has a term in `field`.
fn has_terms(searcher: &Searcher, field: tantivy::schema::Field) -> Result<bool, SearchError> {
    for segment in searcher.segment_readers() {
        if segment.inverted_index(field)?.terms().num_terms() > 0 {
            return Ok(true);
        }
    }
    Ok(false)
}

#[cfg(test)]
pub(crate) mod testutil {
    //! A sample-corpus index built once per test process in a temporary folder.

    use std::path::Path;
    use std::sync::OnceLock;

    use super::Engine;
    use crate::index::{self, build};

    /// Copies `corpus/` into `dir/corpus` and builds `dir/index`.
    pub fn build_sample(dir: &Path) -> std::path::PathBuf {
        let corpus = dir.join("corpus");
        std::fs::create_dir_all(&corpus).expect("mkdir");
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        for entry in std::fs::read_dir(root).expect("corpus/").flatten() {
            std::fs::copy(entry.path(), corpus.join(entry.file_name())).expect("copy");
        }
        let index_dir = dir.join("index");
        build::build(&build::BuildOptions::new(&corpus, &index_dir)).expect("build");
        index_dir
    }

    /// The shared engine over the sample corpus.
    pub fn engine() -> &'static Engine {
        static ENGINE: OnceLock<(tempfile::TempDir, Engine)> = OnceLock::new();
        &ENGINE
            .get_or_init(|| {
                let dir = tempfile::tempdir().expect("tempdir");
                let index_dir = build_sample(dir.path());
                let engine = Engine::new(index::open(&index_dir).expect("open")).expect("engine");
                (dir, engine)
            })
            .1
    }
}

#[cfg(test)]
mod tests {
    use super::testutil::engine;
    use super::*;
    use crate::analysis;
    use std::collections::HashSet;
    use std::path::Path;

    fn search(q: &str) -> SearchResults {
        engine()
            .search(q, &SearchOptions::default())
            .expect("search")
    }

    fn search_with(q: &str, opts: SearchOptions) -> Vec<Hit> {
        engine().search(q, &opts).expect("search").hits
    }

    #[test]
    fn finds_ain_al_asad() {
        let r = search("عين الأسد");
        assert!(!r.hits.is_empty());
        assert!(r.hits[0].score > 0.0);
        assert!(r.hits.windows(2).all(|w| w[0].score >= w[1].score));
        assert_eq!(r.hits[0].rank, 1);
    }

    #[test]
    fn explain_separates_exact_and_stem_contributions() {
        let hits = search_with(
            "القاعدة",
            SearchOptions {
                explain: true,
                per_doc: 0,
                limit: 100,
                ..SearchOptions::default()
            },
        );
        assert!(!hits.is_empty());
        for hit in &hits {
            let has = |prefix: &str| hit.explanation.iter().any(|c| c.clause.starts_with(prefix));
            assert!(has("text_stem:") || has("title_stem:"));
            // The exact-form bonus only for passages with the word as typed (normalized).
            let exact =
                analysis::terms(analysis::AR_EXACT, &hit.text).contains(&"القاعده".to_string());
            assert_eq!(has("text_exact:"), exact, "{}", hit.text);
        }
        let sum: f32 = hits[0].explanation.iter().map(|c| c.score).sum();
        assert!(
            (sum - hits[0].score).abs() < 1e-3,
            "{sum} vs {}",
            hits[0].score
        );
    }

    #[test]
    fn only_queries_of_a_few_words_get_the_proximity_phrase() {
        let fields = &engine().index.fields;
        let has_proximity = |q: &str| {
            let plan = QueryPlan::new(&parse(q));
            compile(&plan, fields, &Weights::default())
                .proximity
                .is_some()
        };
        assert!(!has_proximity("القاعدة"));
        assert!(has_proximity("عين الأسد"));
        let words = [
            "قاعدة",
            "عين",
            "الأسد",
            "الجوية",
            "غرب",
            "العراق",
            "القوات",
            "الأمريكية",
        ];
        let max = rank::PROXIMITY_MAX_WORDS;
        assert!(has_proximity(&words[..max].join(" ")));
        assert!(!has_proximity(&words[..max + 1].join(" ")));
    }

    #[test]
    fn words_close_together_outrank_the_same_words_far_apart() {
        // Same words, same length, same title: only the distance between عين and الأسد differs,
        // so only the proximity boost (added after the query) can order them. `far.txt` is
        // indexed first and would win a tie.
        let dir = tempfile::tempdir().expect("tempdir");
        let engine = engine_over(
            dir.path(),
            &[
                news(
                    "far.txt",
                    "قصفت عين الطائرات قاعدة جوية صباح اليوم وسط حذر كبير الأسد",
                ),
                news(
                    "near.txt",
                    "قصفت الطائرات قاعدة عين الأسد جوية صباح اليوم وسط حذر كبير",
                ),
            ],
        );
        for limit in [1, 10] {
            // The two passages hold the same words: near-duplicates, so no collapsing here.
            let opts = SearchOptions {
                limit,
                explain: true,
                collapse: false,
                ..SearchOptions::default()
            };
            let hits = engine.search("عين الأسد", &opts).expect("search").hits;
            assert_eq!(hits[0].doc, "near.txt", "limit {limit}");
            let proximity =
                |hit: &Hit| explained_score(hit, "proximity(") + explained_score(hit, "name(");
            assert!(proximity(&hits[0]) > 0.0);
            if limit > 1 {
                assert_eq!(hits[1].doc, "far.txt");
                assert_eq!(proximity(&hits[1]), 0.0);
                let gap = hits[0].score - hits[1].score;
                assert!((gap - proximity(&hits[0])).abs() < 1e-4, "{gap}");
            }
        }
    }

    #[test]
    fn a_name_outranks_its_words_near_each_other() {
        // Both passages hold فيصل, بن and خالد within the proximity window; only `name.txt` names
        // him (with a clitic on the first word). `apart.txt` is indexed first and would win a tie.
        let dir = tempfile::tempdir().expect("tempdir");
        let engine = engine_over(
            dir.path(),
            &[
                news(
                    "apart.txt",
                    "التقى فيصل أمس بن عمه خالد في قاعة المؤتمرات الكبرى",
                ),
                news(
                    "name.txt",
                    "التقى أمس عمه في قاعة المؤتمرات الكبرى لفيصل بن خالد",
                ),
            ],
        );
        let opts = SearchOptions {
            explain: true,
            collapse: false,
            ..SearchOptions::default()
        };
        let hits = engine.search("فيصل بن خالد", &opts).expect("search").hits;
        let docs: Vec<&str> = hits.iter().map(|h| h.doc.as_str()).collect();
        assert_eq!(docs, ["name.txt", "apart.txt"]);
        assert!(explained_score(&hits[0], "name(") > 0.0);
        assert_eq!(explained_score(&hits[1], "name("), 0.0);
    }

    /// A one-passage article titled خبر, for [`engine_over`].
    fn news(name: &str, words: &str) -> (String, String) {
        (name.to_string(), format!("خبر\n\n{words}\n"))
    }

    /// The summed `--explain` scores of `hit`'s clauses whose label starts with `prefix`.
    fn explained_score(hit: &Hit, prefix: &str) -> f32 {
        hit.explanation
            .iter()
            .filter(|c| c.clause.starts_with(prefix))
            .map(|c| c.score)
            .sum()
    }

    #[test]
    fn proximity_is_scored_in_every_segment() {
        // An incremental update adds a second segment; the proximity boost visits candidates
        // segment by segment and must find its matches in both.
        let dir = tempfile::tempdir().expect("tempdir");
        let corpus = dir.path().join("corpus");
        std::fs::create_dir_all(&corpus).expect("mkdir");
        let write = |name: &str, words: &str| {
            std::fs::write(corpus.join(name), format!("خبر\n\n{words}\n")).expect("write");
        };
        let near = "قصفت الطائرات قاعدة عين الأسد جوية صباح اليوم وسط حذر كبير";
        let far = "قصفت عين الطائرات قاعدة جوية صباح اليوم وسط حذر كبير الأسد";
        write("far1.txt", far);
        write("near1.txt", near);
        let index_dir = dir.path().join("index");
        let options = crate::index::build::BuildOptions::new(&corpus, &index_dir);
        crate::index::build::build(&options).expect("build");
        write("far2.txt", &format!("{far} أمس"));
        write("near2.txt", &format!("{near} أمس"));
        crate::index::build::build(&options).expect("update");
        let engine = Engine::new(crate::index::open(&index_dir).expect("open")).expect("engine");
        assert!(engine.searcher.segment_readers().len() >= 2);
        let opts = SearchOptions {
            explain: true,
            collapse: false,
            ..SearchOptions::default()
        };
        let hits = engine.search("عين الأسد", &opts).expect("search").hits;
        assert_eq!(hits.len(), 4);
        for (i, hit) in hits.iter().enumerate() {
            let proximity: f32 = hit
                .explanation
                .iter()
                .filter(|c| c.clause.starts_with("proximity("))
                .map(|c| c.score)
                .sum();
            // The two near passages first, each with the boost; the far ones without.
            assert_eq!(hit.doc.starts_with("near"), i < 2, "{i}: {}", hit.doc);
            assert_eq!(proximity > 0.0, i < 2, "{i}: {}", hit.doc);
        }
    }

    #[test]
    fn document_passages_hold_live_passages_only() {
        // An incremental update deletes the old passages of an edited or removed article; the
        // table document ranking sums over must not count them.
        let dir = tempfile::tempdir().expect("tempdir");
        let corpus = dir.path().join("corpus");
        std::fs::create_dir_all(&corpus).expect("mkdir");
        for (name, word) in [("a.txt", "زيتون"), ("b.txt", "برتقال"), ("c.txt", "تفاح")]
        {
            let body = format!("عنوان\n\n{word} في الحقل\n\n{word} في السوق\n");
            std::fs::write(corpus.join(name), body).expect("write");
        }
        let index_dir = dir.path().join("index");
        let options = crate::index::build::BuildOptions::new(&corpus, &index_dir);
        crate::index::build::build(&options).expect("build");
        std::fs::write(corpus.join("a.txt"), "عنوان\n\nزيتون فقط\n").expect("edit");
        std::fs::remove_file(corpus.join("b.txt")).expect("remove");
        crate::index::build::build(&options).expect("update");
        let engine = Engine::new(crate::index::open(&index_dir).expect("open")).expect("engine");
        let searcher = &engine.searcher;
        let max_doc: u32 = searcher.segment_readers().iter().map(|s| s.max_doc()).sum();
        assert!(
            u64::from(max_doc) > searcher.num_docs(),
            "deleted passages remain"
        );
        let table = engine.document_passages();
        let listed: usize = table.iter().flatten().map(Vec::len).sum();
        assert_eq!(listed as u64, searcher.num_docs());
        let docs = engine
            .search(
                "زيتون",
                &SearchOptions {
                    documents: true,
                    per_doc: 1,
                    collapse: false,
                    ..SearchOptions::default()
                },
            )
            .expect("search")
            .hits;
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].doc, "a.txt");
    }

    /// An engine over `files` (name, text), built in `dir`.
    fn engine_over(dir: &Path, files: &[(String, String)]) -> Engine {
        let corpus = dir.join("corpus");
        std::fs::create_dir_all(&corpus).expect("mkdir");
        for (name, text) in files {
            std::fs::write(corpus.join(name), text).expect("write");
        }
        let index_dir = dir.join("index");
        crate::index::build::build(&crate::index::build::BuildOptions::new(&corpus, &index_dir))
            .expect("build");
        Engine::new(crate::index::open(&index_dir).expect("open")).expect("engine")
    }

    /// Articles that mention أربيل once, in a long paragraph: weaker hits than any passage of
    /// the articles the tests below fill the candidates with, and no near-duplicates of each
    /// other (`n` ≤ 3).
    fn weak_articles(n: usize) -> Vec<(String, String)> {
        let news = [
            "شهدت أمطارا غزيرة هذا الأسبوع مع رياح شديدة وبرد قارس وانقطاع للكهرباء في أحياء كثيرة",
            "استقبلت وفدا تجاريا من تركيا لبحث مشاريع الطرق والجسور والمدارس والمستشفيات الجديدة",
            "افتتحت معرضا للكتاب يشارك فيه ناشرون من بغداد والقاهرة وبيروت وعمان ودمشق والرباط",
        ];
        news.iter()
            .take(n)
            .enumerate()
            .map(|(i, what)| {
                let text =
                    format!("خبر\n\nذكر مراسل في تقرير طويل عن المنطقة الشمالية أن أربيل {what}\n");
                (format!("weak{i}.txt"), text)
            })
            .collect()
    }

    #[test]
    fn one_article_filling_the_candidates_does_not_cut_the_hits_short() {
        // 40 passages of one article outrank every other passage, more than the candidates
        // fetched for 3 hits: the search must fetch more to find 3 documents.
        let long = (0..40)
            .map(|i| {
                format!("تقرير رقم {i} من أربيل عن أربيل والطقس والمطار والأسواق في المدينة اليوم")
            })
            .collect::<Vec<_>>()
            .join("\n\n");
        let mut files = weak_articles(3);
        files.push(("long.txt".into(), format!("أربيل\n\n{long}\n")));
        let dir = tempfile::tempdir().expect("tempdir");
        let engine = engine_over(dir.path(), &files);
        assert!(candidates_for(3) < 40);
        for documents in [false, true] {
            let opts = SearchOptions {
                limit: 3,
                per_doc: 1,
                collapse: false,
                documents,
                ..SearchOptions::default()
            };
            let hits = engine.search("أربيل", &opts).expect("search").hits;
            let docs: Vec<&str> = hits.iter().map(|h| h.doc.as_str()).collect();
            assert_eq!(docs.len(), 3, "documents {documents}: {docs:?}");
            assert_eq!(docs[0], "long.txt");
            assert_eq!(docs.iter().collect::<HashSet<_>>().len(), 3, "{docs:?}");
        }
    }

    #[test]
    fn collapsed_duplicates_filling_the_candidates_do_not_cut_the_hits_short() {
        // The same statement in 40 articles: one hit listing the 39 others, then the weaker
        // articles, although the first candidates fetched are all duplicates.
        let mut files = weak_articles(2);
        for i in 0..40 {
            let text = format!(
                "خبر {i}\n\nأعلنت السلطات في أربيل إغلاق المطار أمام الرحلات الدولية حتى إشعار آخر \
                 بسبب الأوضاع الأمنية\n\nفقرة أخرى رقم {i} لا علاقة لها بالموضوع المذكور أعلاه \
                 في هذا الخبر القصير\n"
            );
            files.push((format!("dup{i:02}.txt"), text));
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let engine = engine_over(dir.path(), &files);
        assert!(candidates_for(3) < 40);
        let opts = SearchOptions {
            limit: 3,
            ..SearchOptions::default()
        };
        let hits = engine.search("أربيل", &opts).expect("search").hits;
        let docs: Vec<&str> = hits.iter().map(|h| h.doc.as_str()).collect();
        assert_eq!(docs.len(), 3, "{docs:?}");
        assert!(docs[0].starts_with("dup"), "{docs:?}");
        assert_eq!(hits[0].also_in.len(), 39);
        assert!(docs[1..].iter().all(|d| d.starts_with("weak")), "{docs:?}");
    }

    #[test]
    fn a_huge_limit_is_not_an_allocation() {
        // Candidates are bounded by the passages in the index, not by the limit asked for.
        let opts = SearchOptions {
            limit: usize::MAX,
            ..SearchOptions::default()
        };
        let hits = engine().search("عين الأسد", &opts).expect("search").hits;
        assert!(!hits.is_empty());
    }

    #[test]
    fn per_doc_caps_passages() {
        let hits = search_with(
            "العراق",
            SearchOptions {
                per_doc: 1,
                limit: 50,
                collapse: false,
                ..SearchOptions::default()
            },
        );
        let docs: HashSet<&str> = hits.iter().map(|h| h.doc.as_str()).collect();
        assert_eq!(docs.len(), hits.len());
        let uncapped = search_with(
            "العراق",
            SearchOptions {
                per_doc: 0,
                limit: 50,
                collapse: false,
                ..SearchOptions::default()
            },
        );
        assert!(uncapped.len() > hits.len());
    }

    #[test]
    fn excluded_words_and_required_words() {
        let all = search_with(
            "عين الأسد",
            SearchOptions {
                per_doc: 0,
                limit: 100,
                collapse: false,
                ..SearchOptions::default()
            },
        );
        let without = search_with(
            "عين الأسد -طهران",
            SearchOptions {
                per_doc: 0,
                limit: 100,
                collapse: false,
                ..SearchOptions::default()
            },
        );
        assert!(without.len() < all.len());
        assert!(without.iter().all(|h| !h.text.contains("طهران")));
        let required = search_with(
            "عين +طهران",
            SearchOptions {
                per_doc: 0,
                limit: 100,
                collapse: false,
                ..SearchOptions::default()
            },
        );
        assert!(!required.is_empty());
        assert!(required.iter().all(|h| h.text.contains("طهران")));
    }

    #[test]
    fn only_stop_words_or_exclusions_search_nothing_with_a_warning() {
        for q in ["في من", "-طهران", ""] {
            let r = search(q);
            assert!(r.hits.is_empty(), "{q}");
            assert!(!r.warnings.is_empty(), "{q}");
        }
    }

    #[test]
    fn stop_words_of_a_matched_quoted_phrase_are_highlighted() {
        let dir = tempfile::tempdir().expect("tempdir");
        let text = "عقد الاجتماع في الرياض يوم الأحد وشارك في الاجتماع ولي العهد";
        let engine = engine_over(dir.path(), &[news("riyadh.txt", text)]);
        let marked = |q: &str| -> Vec<String> {
            let r = engine.search(q, &SearchOptions::default()).expect("search");
            let hit = r.hits.first().expect("a hit");
            let ranges = hit.highlights.iter();
            ranges.map(|&(s, e)| hit.text[s..e].to_string()).collect()
        };
        // The في before الرياض, not the في of «في الاجتماع».
        assert_eq!(marked("\"في الرياض\""), ["في", "الرياض"]);
        assert_eq!(marked("\"ولي العهد\""), ["ولي", "العهد"]);
    }

    #[test]
    fn highlights_cover_the_matched_words() {
        let r = search("العاصمة القاعدة");
        for hit in &r.hits {
            for &(s, e) in &hit.highlights {
                assert!(hit.text.is_char_boundary(s) && hit.text.is_char_boundary(e));
                let word = &hit.text[s..e];
                assert!(
                    word.contains("عاصم") || word.contains("قاعد"),
                    "unexpected highlight {word}"
                );
            }
        }
        assert!(r.hits.iter().any(|h| !h.highlights.is_empty()));
    }
}
