//! Chrome learned from the corpus: lines, and line tails, that repeat across many articles of one
//! source (a "link to this story: <headline>" footer, a "more by this writer" list, a contact
//! line), which the fixed table of [`super::boilerplate`] cannot know in advance.
//!
//! Chrome is a footer: it ends the article (a sentence repeated in the middle of many articles of
//! one source is a story they share, and stays). A *segment* is one of the last [`FOOTER_LINES`]
//! lines of an article, or the tail of such a line that starts after a sentence end, of at most
//! [`MAX_SEGMENT_WORDS`] words: longer tails are content. Each segment gives up to three keys,
//! compared after [`fold`]ing:
//!
//! * [`Kind::Line`]: the whole segment (a chrome line repeated word for word);
//! * [`Kind::Label`]: the words before a `:` among its first [`LABEL_WITHIN_WORDS`] words, when
//!   they are at least [`MIN_LABEL_WORDS`] (so «رابط الخبر بصحيفة الوئام: <headline>» is learned
//!   whatever the headline, and a one-word «وقال:» never is);
//! * [`Kind::Opening`]: its first [`OPENING_CHARS`] characters (a label glued to the link text
//!   that follows it, «مقالات أخرى للكاتب<title><title>…»).
//!
//! A key is chrome for a group of articles when it occurs in at least [`MIN_ARTICLES`] of them
//! and in at least [`MIN_SHARE_PERCENT`] % of them. A group is the articles of one source (the
//! JSONL `source` field, or the source found in a `.txt` file), or, for articles without a
//! source, those of one folder: a folder of `.txt` files usually holds one site's pages.
//!
//! Chrome is removed by cutting the body ranges at the end of the article before the segment
//! ([`ChromeTable::apply`]): the article text and every offset stay as read. Patterns are learned where they begin a sentence
//! (so a phrase that merely recurs inside sentences is not counted) but removed wherever they
//! begin a line's tail, since a scraper often glues the footer to the last word of the article. An article whose body would be left empty keeps
//! it whole: a line that is an article's only content never vanishes.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::sync::mpsc;
use std::thread;

use serde::{Deserialize, Serialize};

use super::boilerplate::{fold_char, without_trailing_punctuation};
use super::lines::is_blank_char;
use super::passage::{is_closer, is_sentence_end};
use super::{read_file_each, Article, SourceFile};

/// A key must occur in at least this many articles of a group.
pub(crate) const MIN_ARTICLES: u32 = 10;
/// … and in at least this share of them, in percent.
pub(crate) const MIN_SHARE_PERCENT: u32 = 2;
/// Segments with more words than this are content, whatever they start with.
pub(crate) const MAX_SEGMENT_WORDS: usize = 60;
/// A label's colon must come within this many words of the segment start.
pub(crate) const LABEL_WITHIN_WORDS: usize = 5;
/// Fewer words before the colon are a speaker («وقال:»), not a label.
pub(crate) const MIN_LABEL_WORDS: usize = 2;
/// Characters of a segment's opening key.
pub(crate) const OPENING_CHARS: usize = 16;
/// Lines at the end of an article that are learned from.
pub(crate) const FOOTER_LINES: usize = 3;

/// What part of a segment a pattern is compared with.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// The whole segment.
    Line,
    /// The words before its colon.
    Label,
    /// Its first [`OPENING_CHARS`] characters.
    Opening,
}

/// The articles a table is learned over: one source, or, without a source, one folder.
#[derive(
    Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Group {
    /// The articles of this source.
    Source(String),
    /// The articles without a source in this folder (relative to the corpus, `""` for its root).
    Folder(String),
}

impl Group {
    fn of(article: &Article) -> Group {
        match &article.source {
            Some(source) => Group::Source(source.clone()),
            None => Group::Folder(match article.rel_path.rsplit_once('/') {
                Some((folder, _)) => folder.to_owned(),
                None => String::new(),
            }),
        }
    }
}

/// One learned pattern.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Pattern {
    /// How it is compared.
    pub kind: Kind,
    /// The folded text it is compared with.
    pub text: String,
    /// Articles of the group it occurs in.
    pub articles: u32,
    /// Lines or line tails it was learned from (where it begins a sentence).
    pub lines: u32,
}

/// The patterns learned for one group, most frequent first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct GroupChrome {
    /// Whose articles.
    pub group: Group,
    /// Articles in the group when it was learned.
    pub articles: u32,
    /// Its chrome patterns.
    pub patterns: Vec<Pattern>,
}

/// Every group's learned chrome: stored in the index (`chrome.json`) and reported by `fahras
/// stats` and `fahras index --json`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct ChromeTable {
    /// Groups with at least one pattern, in group order.
    pub(crate) groups: Vec<GroupChrome>,
    #[serde(skip)]
    lookup: HashMap<Group, Keys>,
}

/// A group's patterns by kind, for lookups by `&str`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Keys([HashSet<String>; 3]);

impl Keys {
    fn contains(&self, kind: Kind, text: &str) -> bool {
        self.0[kind as usize].contains(text)
    }
}

impl ChromeTable {
    fn new(groups: Vec<GroupChrome>) -> ChromeTable {
        let lookup = groups
            .iter()
            .map(|g| {
                let mut keys = Keys::default();
                for p in &g.patterns {
                    keys.0[p.kind as usize].insert(p.text.clone());
                }
                (g.group.clone(), keys)
            })
            .collect();
        ChromeTable { groups, lookup }
    }

    /// Reads a stored table (JSON); a damaged one reads as empty, which re-indexes its groups.
    pub(crate) fn from_json(bytes: &[u8]) -> ChromeTable {
        let stored: ChromeTable = serde_json::from_slice(bytes).unwrap_or_default();
        ChromeTable::new(stored.groups)
    }

    /// Groups whose patterns differ between `self` and `other` (counts aside).
    pub(crate) fn changed_groups(&self, other: &ChromeTable) -> HashSet<Group> {
        let mut changed = HashSet::new();
        for (a, b) in [(self, other), (other, self)] {
            for (group, keys) in &a.lookup {
                if b.lookup.get(group) != Some(keys) {
                    changed.insert(group.clone());
                }
            }
        }
        changed
    }

    /// Cuts the learned chrome off the end of `article.body`: the last line ends before the first
    /// of its last [`MAX_SEGMENT_WORDS`] words that begins a tail matching a pattern of the
    /// article's group; a line that is chrome from its start is dropped and the line above it is
    /// looked at the same way. Leaves the body whole when nothing else would remain.
    pub(crate) fn apply(&self, article: &mut Article) {
        let Some(keys) = self.lookup.get(&Group::of(article)) else {
            return;
        };
        let mut body = article.body.clone();
        // From the last line up, while whole lines are chrome: a footer of several lines.
        while let Some(range) = body.pop() {
            let line = FoldedLine::new(&article.text[range.clone()]);
            let chrome = line.tails(false).find(|tail| {
                segment_keys(tail.folded)
                    .into_iter()
                    .flatten()
                    .any(|(kind, text)| keys.contains(kind, text))
            });
            match chrome {
                Some(tail) if tail.start == 0 => continue,
                Some(tail) => body.push(range.start..range.start + tail.end_before),
                None => body.push(range),
            }
            break;
        }
        if !body.is_empty() {
            article.body = body;
        }
    }
}

/// What the learning pass found: the table, and which groups each file holds (to re-index the
/// files of a group whose table changed).
#[derive(Debug, Default)]
pub(crate) struct Learned {
    /// The learned chrome.
    pub(crate) table: ChromeTable,
    files: BTreeMap<String, HashSet<Group>>,
}

impl Learned {
    /// The files holding an article of one of `groups`.
    pub(crate) fn files_of(&self, groups: &HashSet<Group>) -> HashSet<String> {
        self.files
            .iter()
            .filter(|(_, held)| !held.is_disjoint(groups))
            .map(|(path, _)| path.clone())
            .collect()
    }
}

/// Reads every file and learns the chrome of the corpus. Unreadable files and records are
/// skipped silently here: the indexing pass reports them. Reading and parsing the records
/// runs on a thread of its own, beside the learner, in corpus order.
pub(crate) fn learn(files: &[SourceFile]) -> Learned {
    let mut learner = Learner::default();
    let mut held: Vec<HashSet<Group>> = vec![HashSet::new(); files.len()];
    let (sender, receiver) = mpsc::sync_channel::<(usize, Article)>(256);
    thread::scope(|scope| {
        scope.spawn(move || {
            for (index, file) in files.iter().enumerate() {
                let mut open = true;
                read_file_each(file, &mut |article| {
                    open = open && sender.send((index, article)).is_ok();
                });
            }
        });
        for (index, article) in receiver {
            held[index].insert(learner.observe(&article));
        }
    });
    Learned {
        table: learner.finish(),
        files: files.iter().map(|f| f.rel_path.clone()).zip(held).collect(),
    }
}

/// How often one key was seen.
#[derive(Debug)]
struct Count {
    group: usize,
    kind: Kind,
    articles: u32,
    lines: u32,
    /// Kept from the second article on: most keys occur once, and their text is never needed.
    text: Option<Box<str>>,
}

/// Counts every segment key by a hash of (group, kind, text), so memory grows with the number
/// of distinct keys, not with their text.
#[derive(Debug, Default)]
struct Learner {
    groups: Vec<(Group, u32)>,
    group_ids: HashMap<Group, usize>,
    counts: HashMap<u64, Count>,
    /// The current article's keys (reused).
    seen: Vec<(u64, Kind, Box<str>)>,
}

impl Learner {
    fn observe(&mut self, article: &Article) -> Group {
        let group = Group::of(article);
        let id = match self.group_ids.get(&group) {
            Some(&id) => id,
            None => {
                self.groups.push((group.clone(), 0));
                self.group_ids.insert(group.clone(), self.groups.len() - 1);
                self.groups.len() - 1
            }
        };
        self.groups[id].1 += 1;
        self.seen.clear();
        let footer = article.body.len().saturating_sub(FOOTER_LINES);
        for range in &article.body[footer..] {
            let line = FoldedLine::new(&article.text[range.clone()]);
            for tail in line.tails(true) {
                for (kind, text) in segment_keys(tail.folded).into_iter().flatten() {
                    self.seen
                        .push((key_hash(id, kind, text), kind, text.into()));
                }
            }
        }
        self.seen.sort_unstable_by_key(|(hash, _, _)| *hash);
        let mut i = 0;
        while i < self.seen.len() {
            let hash = self.seen[i].0;
            let lines = self.seen[i..].iter().take_while(|s| s.0 == hash).count();
            let (_, kind, text) = &self.seen[i];
            let count = self.counts.entry(hash).or_insert(Count {
                group: id,
                kind: *kind,
                articles: 0,
                lines: 0,
                text: None,
            });
            count.articles += 1;
            count.lines += lines as u32;
            if count.articles == 2 {
                count.text = Some(text.clone());
            }
            i += lines;
        }
        group
    }

    fn finish(self) -> ChromeTable {
        let mut by_group: BTreeMap<usize, Vec<Pattern>> = BTreeMap::new();
        for count in self.counts.into_values() {
            let articles_in_group = self.groups[count.group].1;
            let share_needed =
                (u64::from(articles_in_group) * u64::from(MIN_SHARE_PERCENT)).div_ceil(100) as u32;
            if count.articles < MIN_ARTICLES.max(share_needed) {
                continue;
            }
            let Some(text) = count.text else { continue };
            by_group.entry(count.group).or_default().push(Pattern {
                kind: count.kind,
                text: text.into(),
                articles: count.articles,
                lines: count.lines,
            });
        }
        let mut groups: Vec<GroupChrome> = by_group
            .into_iter()
            .map(|(id, patterns)| GroupChrome {
                group: self.groups[id].0.clone(),
                articles: self.groups[id].1,
                patterns: without_redundant_openings(patterns),
            })
            .collect();
        groups.sort_by(|a, b| a.group.cmp(&b.group));
        ChromeTable::new(groups)
    }
}

/// Drops an opening that a learned line or label starts with and that occurs in no more
/// articles than it: it would only repeat that pattern in the report. Sorts the rest, most
/// articles first.
fn without_redundant_openings(mut patterns: Vec<Pattern>) -> Vec<Pattern> {
    let longer: Vec<(String, u32)> = patterns
        .iter()
        .filter(|p| p.kind != Kind::Opening)
        .map(|p| (p.text.clone(), p.articles))
        .collect();
    patterns.retain(|p| {
        p.kind != Kind::Opening
            || !longer
                .iter()
                .any(|(text, articles)| text.starts_with(&p.text) && *articles >= p.articles)
    });
    patterns.sort_by(|a, b| (b.articles, a.kind, &a.text).cmp(&(a.articles, b.kind, &b.text)));
    patterns
}

fn key_hash(group: usize, kind: Kind, text: &str) -> u64 {
    let mut bytes = Vec::with_capacity(text.len() + 9);
    bytes.extend_from_slice(&(group as u64).to_le_bytes());
    bytes.push(kind as u8);
    bytes.extend_from_slice(text.as_bytes());
    xxhash_rust::xxh3::xxh3_64(&bytes)
}

/// A tail of a line: what follows one of its words' start.
#[derive(Debug, Clone, Copy)]
struct Tail<'a> {
    /// Where it starts in the line (bytes).
    start: usize,
    /// Where the text before it ends: the end of the previous word.
    end_before: usize,
    /// The tail as [`super::boilerplate::fold`] folds it.
    folded: &'a str,
}

/// A trimmed line folded once, with where each of its words starts in the line and in the
/// folded text, so that every tail's folded text is a slice of it.
struct FoldedLine {
    /// Byte ranges of the words in the line.
    words: Vec<Range<usize>>,
    /// Where each word's folded text starts in `folded`.
    folded_starts: Vec<usize>,
    /// The line folded, trailing punctuation dropped.
    folded: String,
    /// Whether each word ends a sentence, so the next starts a segment.
    sentence_ends: Vec<bool>,
}

impl FoldedLine {
    fn new(line: &str) -> FoldedLine {
        let mut words = Vec::new();
        let mut at = None;
        for (i, c) in line.char_indices() {
            match (is_blank_char(c), at) {
                (true, Some(s)) => {
                    words.push(s..i);
                    at = None;
                }
                (false, None) => at = Some(i),
                _ => {}
            }
        }
        if let Some(s) = at {
            words.push(s..line.len());
        }
        let mut folded = String::with_capacity(line.len());
        let mut folded_starts = Vec::with_capacity(words.len());
        let mut sentence_ends = Vec::with_capacity(words.len());
        for word in &words {
            let text = &line[word.clone()];
            let mut chars = text.chars().filter_map(fold_char).peekable();
            if chars.peek().is_some() && !folded.is_empty() {
                folded.push(' ');
            }
            folded_starts.push(folded.len());
            folded.extend(chars);
            let last = text.trim_end_matches(is_closer).chars().next_back();
            sentence_ends.push(last.is_some_and(is_sentence_end));
        }
        let kept = without_trailing_punctuation(&folded).len();
        folded.truncate(kept);
        FoldedLine {
            words,
            folded_starts,
            folded,
            sentence_ends,
        }
    }

    /// The tails of at most [`MAX_SEGMENT_WORDS`] words, longest first: all of them, or only the
    /// segments (the line, and tails after a sentence end).
    fn tails(&self, segments_only: bool) -> impl Iterator<Item = Tail<'_>> + '_ {
        let total = self.words.len();
        (total.saturating_sub(MAX_SEGMENT_WORDS)..total).filter_map(move |i| {
            if i > 0 && segments_only && !self.sentence_ends[i - 1] {
                return None;
            }
            let from = self.folded_starts[i].min(self.folded.len());
            Some(Tail {
                start: self.words[i].start,
                end_before: if i == 0 { 0 } else { self.words[i - 1].end },
                folded: self.folded[from..].trim_start_matches(' '),
            })
        })
    }
}

/// The keys of one folded segment (see the module documentation): label, opening, line.
fn segment_keys(folded: &str) -> [Option<(Kind, &str)>; 3] {
    if folded.is_empty() {
        return [None, None, None];
    }
    let opening = folded
        .char_indices()
        .nth(OPENING_CHARS)
        .map(|(cut, _)| (Kind::Opening, &folded[..cut]));
    [
        label(folded).map(|l| (Kind::Label, l)),
        opening,
        Some((Kind::Line, folded)),
    ]
}

/// The words before the first colon of a folded segment, if the colon ends one of its first
/// [`LABEL_WITHIN_WORDS`] words (or stands alone after them) and they are enough words.
fn label(folded: &str) -> Option<&str> {
    let colon = folded.find(':')?;
    let label = folded[..colon].trim_end();
    let words = label.split(' ').filter(|w| !w.is_empty()).count();
    (MIN_LABEL_WORDS..=LABEL_WITHIN_WORDS)
        .contains(&words)
        .then_some(label)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::article::content_hash;
    use crate::corpus::boilerplate::fold;
    use crate::corpus::lines::content_lines;

    fn article(id: usize, source: Option<&str>, text: &str) -> Article {
        Article {
            id: id.to_string(),
            rel_path: "news/a.jsonl".into(),
            line: Some(id),
            title: String::new(),
            source: source.map(str::to_owned),
            date: None,
            url: None,
            warnings: vec![],
            text: text.to_owned(),
            body: content_lines(text),
            content_hash: content_hash(text),
        }
    }

    fn learn_from(articles: &[Article]) -> ChromeTable {
        let mut learner = Learner::default();
        for a in articles {
            learner.observe(a);
        }
        learner.finish()
    }

    fn patterns(table: &ChromeTable) -> Vec<(Kind, &str)> {
        table
            .groups
            .iter()
            .flat_map(|g| g.patterns.iter().map(|p| (p.kind, p.text.as_str())))
            .collect()
    }

    /// `n` articles of one source, each with its own sentences and `tail(i)` after them.
    fn corpus(n: usize, tail: impl Fn(usize) -> String) -> Vec<Article> {
        (0..n)
            .map(|i| {
                let text = format!(
                    "{i} خبر عن موضوع مختلف.\n{i} فقرة ثانية فيها تفاصيل. {}",
                    tail(i)
                );
                article(i, Some("الوئام"), &text)
            })
            .collect()
    }

    #[test]
    fn a_label_with_a_varying_tail_is_learned_and_cut_from_the_line() {
        let articles = corpus(20, |i| format!("رابط الخبر بصحيفة الوئام: عنوان الخبر {i}"));
        let table = learn_from(&articles);
        assert_eq!(
            patterns(&table),
            vec![(Kind::Label, "رابط الخبر بصحيفة الوئام")]
        );
        assert_eq!(table.groups[0].patterns[0].lines, 20);
        let mut a = articles[3].clone();
        table.apply(&mut a);
        let text = a.text.clone();
        assert_eq!(
            a.paragraphs().collect::<Vec<_>>(),
            vec!["3 خبر عن موضوع مختلف.", "3 فقرة ثانية فيها تفاصيل."]
        );
        assert_eq!(a.text, text, "the text stays as read");
    }

    #[test]
    fn a_learned_label_is_also_cut_where_it_follows_a_word_directly() {
        let articles = corpus(20, |i| format!("رابط الخبر بصحيفة الوئام: عنوان {i}"));
        let table = learn_from(&articles);
        let mut a = article(
            99,
            Some("الوئام"),
            "سطر أول\nنص الخبر بلا نقطة رابط الخبر بصحيفة الوئام: عنوان",
        );
        table.apply(&mut a);
        assert_eq!(
            a.paragraphs().collect::<Vec<_>>(),
            vec!["سطر أول", "نص الخبر بلا نقطة"]
        );
    }

    #[test]
    fn a_glued_opening_is_learned() {
        let articles = corpus(30, |i| format!("مقالات أخرى للكاتبعنوان{i} ومقال آخر{i}"));
        let table = learn_from(&articles);
        assert_eq!(patterns(&table), vec![(Kind::Opening, "مقالات اخرى للكا")]);
    }

    #[test]
    fn rare_keys_and_long_tails_are_not_learned() {
        // In 9 of 9 articles: fewer than MIN_ARTICLES.
        let few = corpus(9, |_| "تابعونا على منصاتنا".to_owned());
        assert!(learn_from(&few).groups.is_empty());
        // In 2 of 200 articles: under MIN_SHARE_PERCENT.
        let rare = corpus(200, |i| {
            if i % 100 == 0 {
                "جملة تتكرر أحيانا في آخر الخبر".to_owned()
            } else {
                String::new()
            }
        });
        assert!(learn_from(&rare).groups.is_empty());
        // Longer than a segment: content, however often it repeats.
        let long = vec!["كلمة"; MAX_SEGMENT_WORDS + 1].join(" ");
        let repeated = corpus(20, |_| long.clone());
        assert!(learn_from(&repeated)
            .groups
            .iter()
            .all(|g| g.patterns.iter().all(|p| p.kind != Kind::Line)));
        // A one-word speaker before a colon is not a label.
        let speaker = corpus(20, |i| format!("وقال: {i} كلام مختلف هنا"));
        assert!(learn_from(&speaker).groups.is_empty());
    }

    #[test]
    fn groups_are_sources_or_else_folders() {
        let mut articles = corpus(20, |_| "سطر متكرر في آخر الخبر".to_owned());
        for a in &mut articles[10..] {
            a.source = None;
        }
        let table = learn_from(&articles);
        // Ten of each: both reach MIN_ARTICLES.
        let groups: Vec<&Group> = table.groups.iter().map(|g| &g.group).collect();
        assert_eq!(
            groups,
            vec![
                &Group::Source("الوئام".into()),
                &Group::Folder("news".into())
            ]
        );
    }

    #[test]
    fn a_sentence_shared_by_many_articles_stays_unless_it_ends_them() {
        let shared = "أعلنت السلطات إغلاق المطار أمام الرحلات الدولية";
        let articles: Vec<Article> = (0..20)
            .map(|i| {
                let text = format!("{i} عنوان\n{shared}\n{i} فقرة أخيرة لا تتكرر.");
                article(i, Some("واع"), &text)
            })
            .collect();
        let table = learn_from(&articles);
        let mut a = articles[0].clone();
        let body = a.body.clone();
        table.apply(&mut a);
        assert_eq!(a.body, body);
    }

    #[test]
    fn an_article_that_is_only_chrome_keeps_its_body() {
        let articles = corpus(20, |i| format!("رابط الخبر بصحيفة الوئام: عنوان {i}"));
        let table = learn_from(&articles);
        let mut only = article(99, Some("الوئام"), "رابط الخبر بصحيفة الوئام: عنوان وحيد");
        let body = only.body.clone();
        table.apply(&mut only);
        assert_eq!(only.body, body);
    }

    #[test]
    fn changed_groups_compare_patterns_not_counts() {
        let a = learn_from(&corpus(20, |i| format!("رابط الخبر بصحيفة الوئام: {i}")));
        let b = learn_from(&corpus(30, |i| format!("رابط الخبر بصحيفة الوئام: {i}")));
        assert!(a.changed_groups(&b).is_empty());
        let none = ChromeTable::default();
        assert_eq!(a.changed_groups(&none).len(), 1);
        let stored = serde_json::to_vec(&a).expect("json");
        assert_eq!(ChromeTable::from_json(&stored), a);
        assert!(ChromeTable::from_json(b"{oops").groups.is_empty());
    }

    #[test]
    fn segments_start_at_the_line_and_after_sentence_ends() {
        let line = "أول جملة. ثانية، بفاصلة «ثالثة.» رابعة";
        let folded = FoldedLine::new(line);
        let starts: Vec<&str> = folded.tails(true).map(|t| &line[t.start..]).collect();
        assert_eq!(starts, vec![line, "ثانية، بفاصلة «ثالثة.» رابعة", "رابعة"]);
        let second = folded.tails(true).nth(1).expect("second");
        assert_eq!(&line[..second.end_before], "أول جملة.");
        assert_eq!(folded.tails(false).count(), 6);
    }

    #[test]
    fn every_tail_is_folded_as_fold_folds_it() {
        for line in [
            "إقرأ أيضاً: «خبر» آخر…",
            "كلمة ـــ ً بعدها فراغ غريب:",
            "سطر  بمسافات\u{a0}غير عادية .",
        ] {
            let folded = FoldedLine::new(line);
            for tail in folded.tails(false) {
                assert_eq!(tail.folded, fold(&line[tail.start..]), "{line}");
            }
        }
    }
}
