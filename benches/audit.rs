//! Reports on how `ar_stem` behaves on the real vocabulary of the news sample, printed by
//! `cargo bench --bench analyzer -- consistency` and `-- conflation`.
//!
//! * **Clitic consistency**: every word that occurs both plain (bare or with the article ال) and
//!   with attached proclitics (و ف, ب ك ل, ال, لل and their stacks) forms a group; an occurrence of
//!   a member is consistent when its stem equals the stem of the group's most frequent plain form.
//!   The report gives the share of consistent occurrences (weighted by frequency) and the worst
//!   groups by inconsistent occurrences.
//! * **Conflation**: for the most frequent stems, the distinct words (proclitics removed as above)
//!   that share each, so groups where different words meet can be read and counted.

use std::collections::HashMap;

use fahras::analysis::index_terms::IndexAnalyzer;
use fahras::analysis::stem::{
    is_arabic_letter, is_protected, is_radical_initial_stem, strip_enclitics,
};

/// Proclitic chains a word may carry before its base, written as they appear (لل is ل + ال).
const CHAINS: [&str; 23] = [
    "ال", "وال", "فال", "بال", "كال", "لل", "وبال", "فبال", "وكال", "فكال", "ولل", "فلل", "و", "ف",
    "ب", "ك", "ل", "وب", "وك", "ول", "فب", "فك", "فل",
];

/// A base must have this many letters, so that two-letter "bases" (ين, لد) do not make groups.
const MIN_BASE_LETTERS: usize = 3;
/// A group needs its plain forms this often: a rare plain form is as likely another word.
const MIN_PLAIN_COUNT: u64 = 3;

/// One normalized word of the corpus: how often it occurs and its `ar_stem` term.
struct WordInfo {
    count: u64,
    /// Occurrences written without a hamza alef (أ إ آ): normalization folds them into ا, so
    /// ألوانه looks like ال + وانه; only these count as evidence of an article.
    count_plain_alef: u64,
    stem: Option<String>,
}

/// The normalized vocabulary of `texts` with counts and stems.
fn vocabulary(texts: &[String]) -> HashMap<String, WordInfo> {
    let mut analyzer = IndexAnalyzer::default();
    let mut vocab: HashMap<String, WordInfo> = HashMap::new();
    for text in texts {
        analyzer.for_each_word(text, |word| {
            if !word.exact.chars().all(is_arabic_letter) {
                return;
            }
            let info = vocab
                .entry(word.exact.to_string())
                .or_insert_with(|| WordInfo {
                    count: 0,
                    count_plain_alef: 0,
                    stem: word.stem.map(str::to_string),
                });
            info.count += 1;
            if !text[word.start..word.end].contains(['أ', 'إ', 'آ']) {
                info.count_plain_alef += 1;
            }
        });
    }
    vocab
}

/// A group: the base word and its members (surface forms with counts and stems).
struct Group {
    base: String,
    reference: String,
    reference_stem: Option<String>,
    members: Vec<(String, u64, Option<String>)>,
}

impl Group {
    fn occurrences(&self) -> u64 {
        self.members
            .iter()
            .filter(|(w, _, _)| *w != self.reference)
            .map(|(_, c, _)| c)
            .sum()
    }

    fn inconsistent(&self) -> u64 {
        self.members
            .iter()
            .filter(|(w, _, stem)| *w != self.reference && *stem != self.reference_stem)
            .map(|(_, c, _)| c)
            .sum()
    }
}

fn plain_count(vocab: &HashMap<String, WordInfo>, base: &str) -> u64 {
    let bare = vocab.get(base).map_or(0, |w| w.count);
    let with_article = vocab.get(&format!("ال{base}")).map_or(0, |w| w.count);
    bare + with_article
}

/// The base of an attached form: the decomposition whose base has the most plain occurrences,
/// among bases at least as frequent (plain) as the attached form itself (an attached form more
/// frequent than its supposed plain word is another word: وزير is not و + زير).
fn base_of<'a>(vocab: &HashMap<String, WordInfo>, word: &'a str, count: u64) -> Option<&'a str> {
    let mut best: Option<(&str, u64)> = None;
    for prefix in CHAINS {
        let Some(base) = word.strip_prefix(prefix) else {
            continue;
        };
        // لل + base: the base may start with its own ل (للجنة = ل + اللجنة).
        let candidates = [
            Some(base),
            prefix.ends_with("لل").then(|| &word[prefix.len() - 2..]),
        ];
        for base in candidates.into_iter().flatten() {
            if base.chars().count() < MIN_BASE_LETTERS || base.starts_with("ال") {
                continue;
            }
            let plain = plain_count(vocab, base);
            if plain >= MIN_PLAIN_COUNT && plain >= count && best.is_none_or(|(_, c)| plain > c) {
                best = Some((base, plain));
            }
        }
    }
    best.map(|(base, _)| base)
}

fn print_consistency(label: &str, groups: &[Group]) {
    let total: u64 = groups.iter().map(Group::occurrences).sum();
    let bad: u64 = groups.iter().map(Group::inconsistent).sum();
    let consistent_groups = groups.iter().filter(|g| g.inconsistent() == 0).count();
    println!(
        "clitic consistency, {label}: {:.2} % of {total} attached occurrences ({bad} inconsistent) in {} groups ({consistent_groups} fully consistent)",
        100.0 * (total - bad) as f64 / total.max(1) as f64,
        groups.len(),
    );
}

/// Groups of the words `keep` accepts as attached forms.
fn groups(vocab: &HashMap<String, WordInfo>, keep: impl Fn(&str) -> bool) -> Vec<Group> {
    let mut members: HashMap<&str, Vec<&str>> = HashMap::new();
    for (word, info) in vocab {
        if !keep(word) {
            continue;
        }
        if let Some(base) = base_of(vocab, word, info.count) {
            members.entry(base).or_default().push(word);
        }
    }
    let mut out = Vec::new();
    for (base, attached) in members {
        let article = format!("ال{base}");
        let mut forms: Vec<String> = attached.iter().map(|w| w.to_string()).collect();
        for plain in [base.to_string(), article.clone()] {
            if vocab.contains_key(&plain) && !forms.contains(&plain) {
                forms.push(plain);
            }
        }
        let reference = [base.to_string(), article]
            .into_iter()
            .filter(|w| vocab.contains_key(w))
            .max_by_key(|w| vocab[w].count)
            .expect("a group has a plain form");
        // Stop-word groups (ولي, لي) have no stems on any side: nothing to be consistent about.
        if vocab[&reference].stem.is_none() {
            continue;
        }
        let mut members: Vec<(String, u64, Option<String>)> = forms
            .into_iter()
            .map(|w| {
                let info = &vocab[&w];
                (w, info.count, info.stem.clone())
            })
            .collect();
        members.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        out.push(Group {
            base: base.to_string(),
            reference_stem: vocab[&reference].stem.clone(),
            reference,
            members,
        });
    }
    out
}

/// Prints the clitic-consistency report: once over every decomposition, once without the forms
/// the corpus shows to be words of their own (واحد is not و + أحد: it occurs as الواحد).
pub fn consistency(texts: &[String]) {
    let vocab = vocabulary(texts);
    let all = groups(&vocab, |_| true);
    print_consistency("every decomposition", &all);
    let mut groups = groups(&vocab, |word| !is_measured_own_word(&vocab, word));
    print_consistency("without forms measured as words of their own", &groups);
    groups.sort_by(|a, b| {
        b.inconsistent()
            .cmp(&a.inconsistent())
            .then(a.base.cmp(&b.base))
    });
    println!("worst 50 groups (inconsistent / attached occurrences: form count → stem, …):");
    for group in groups.iter().take(50).filter(|g| g.inconsistent() > 0) {
        let forms: Vec<String> = group
            .members
            .iter()
            .take(8)
            .map(|(w, c, s)| format!("{w} {c}→{}", s.as_deref().unwrap_or("∅")))
            .collect();
        println!(
            "  {} {}/{}: {}",
            group.base,
            group.inconsistent(),
            group.occurrences(),
            forms.join(", ")
        );
    }
}

/// Prints the conflation audit: the `top` most frequent stems and the distinct plain words
/// (proclitics removed) that share each, most frequent first.
pub fn conflation(texts: &[String], top: usize) {
    let vocab = vocabulary(texts);
    let mut by_stem: HashMap<&str, HashMap<String, u64>> = HashMap::new();
    for (word, info) in &vocab {
        let Some(stem) = info.stem.as_deref() else {
            continue;
        };
        let plain = base_of(&vocab, word, info.count)
            .map(str::to_string)
            .unwrap_or_else(|| {
                word.strip_prefix("ال")
                    .filter(|b| b.chars().count() >= 2)
                    .unwrap_or(word)
                    .to_string()
            });
        *by_stem.entry(stem).or_default().entry(plain).or_default() += info.count;
    }
    let mut stems: Vec<(&str, u64)> = by_stem
        .iter()
        .map(|(stem, words)| (*stem, words.values().sum()))
        .collect();
    stems.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    stems.truncate(top);
    let mut merging = 0;
    for (stem, total) in &stems {
        let mut words: Vec<(&String, &u64)> = by_stem[stem].iter().collect();
        words.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        // Words that are a tenth of the stem's occurrences or more: the rest are rare inflections.
        let major: Vec<String> = words
            .iter()
            .filter(|(_, c)| **c * 10 >= *total)
            .map(|(w, c)| format!("{w} {c}"))
            .collect();
        if major.len() > 1 {
            merging += 1;
        }
        println!("{stem}\t{total}\t{}", major.join(", "));
    }
    println!("stems among the top {top} sharing two or more major words: {merging}");
}

/// Prints the stems whose first letter (و ف ب ك ل) is the word's own, as measured on the corpus:
/// the words of the stem occur after a clitic that cannot stack on that letter (an article, a
/// preposition before ب ك ل, a conjunction or preposition before و ف) in at least 5 % of their
/// occurrences, and at least three times. A word cannot take ال or a second preposition after a
/// preposition, so such an occurrence shows the letter belongs to the word (البعيد, الكامل,
/// ووفقا), while بهدف, بجدة, لدعم never occur that way. The output is
/// `src/analysis/radical_initial.txt`.
pub fn radicals(texts: &[String]) {
    let vocab = vocabulary(texts);
    let mut by_stem: HashMap<String, (u64, u64)> = HashMap::new();
    for (word, info) in &vocab {
        let Some(first) = word.chars().next() else {
            continue;
        };
        if !"وفبكل".contains(first) || word.chars().count() < 4 {
            continue;
        }
        let stem = strip_enclitics(word).into_owned();
        let entry = by_stem.entry(stem).or_default();
        entry.0 += info.count;
        entry.1 += non_stacking_evidence(&vocab, word, first);
    }
    let mut stems: Vec<(&String, &(u64, u64))> = by_stem
        .iter()
        .filter(|(_, (count, evidence))| is_enough_evidence(*count, *evidence))
        .collect();
    stems.sort();
    for (stem, _) in stems {
        println!("{stem}");
    }
}

/// Whether `word` starts with a letter that looks like a proclitic but the corpus shows to be its
/// own, by the rule of [`radicals`] applied to the word alone.
fn is_measured_own_word(vocab: &HashMap<String, WordInfo>, word: &str) -> bool {
    let Some(first) = word.chars().next().filter(|c| "وفبكل".contains(*c)) else {
        return false;
    };
    let count = vocab.get(word).map_or(0, |w| w.count);
    is_enough_evidence(count, non_stacking_evidence(vocab, word, first))
}

/// At least 3 occurrences and 5 % of the word's: a few are noise, since normalization makes
/// hamza-alef words look like the article (ألوان → الوان, as if ال + وان).
fn is_enough_evidence(count: u64, evidence: u64) -> bool {
    count >= 3 && evidence >= 3 && evidence * 20 >= count
}

/// How often `word` occurs after a clitic that could not precede it if its first letter
/// `first` were itself a clitic.
fn non_stacking_evidence(vocab: &HashMap<String, WordInfo>, word: &str, first: char) -> u64 {
    let mut prefixes = vec!["ال", "وال", "فال", "بال", "كال", "وبال", "وكال", "فبال"];
    // لل + a ل-initial word reads as ل + ال + the rest: no evidence for the ل.
    if first != 'ل' {
        prefixes.extend(["لل", "ولل", "فلل"]);
    }
    match first {
        'ب' | 'ك' | 'ل' => {
            prefixes.extend(["ب", "ك", "وب", "وك", "فب", "فك"]);
            if first != 'ل' {
                prefixes.extend(["ل", "ول", "فل"]);
            }
        }
        _ => prefixes.extend(["و", "ف", "ب", "ل", "ك", "وب", "ول", "وك"]),
    }
    prefixes
        .iter()
        .filter_map(|p| {
            let info = vocab.get(&format!("{p}{word}"))?;
            Some(if p.ends_with("ال") || p.ends_with("لل") {
                info.count_plain_alef
            } else {
                info.count
            })
        })
        .sum()
}

/// Prints the words before which a bare ف ("so") or ك ("like") was measured to be a clitic: they
/// occur plain at least three times as often as with that letter attached (قال /
/// فقال, نوع / كنوع), and the attached word is not measured as a word of its own (فورد, كامل).
/// Unlike و ب ل, these letters are stripped only before such stems, since each begins many names
/// the sample does not show (فيينا, كندا). The output is `src/analysis/fa_ka_bases.txt`.
pub fn fa_ka_bases(texts: &[String]) {
    let vocab = vocabulary(texts);
    let mut by_stem: HashMap<String, (u64, u64)> = HashMap::new();
    for (word, info) in &vocab {
        let Some(base) = word.strip_prefix(['ف', 'ك']) else {
            continue;
        };
        if base.chars().count() < MIN_BASE_LETTERS
            || base.starts_with("ال")
            || base.starts_with("لل")
            || is_measured_own_word(&vocab, word)
        {
            continue;
        }
        let plain = plain_count(&vocab, base);
        if plain < MIN_PLAIN_COUNT {
            continue;
        }
        let entry = by_stem.entry(base.to_string()).or_default();
        entry.0 += plain;
        entry.1 += info.count;
    }
    let mut stems: Vec<&String> = by_stem
        .iter()
        .filter(|(_, (plain, attached))| *plain >= 3 * *attached)
        .map(|(stem, _)| stem)
        .collect();
    stems.sort();
    for stem in stems {
        println!("{stem}");
    }
}

/// A reading measured by [`clitic_words`] needs this many occurrences: below it, a single
/// occurrence after a non-stacking clitic is already 5 %, so the absence of that evidence says
/// nothing.
const MIN_READING_OCCURRENCES: u64 = 20;

/// The words that share an own-letter reading and a clitic reading, and their occurrences.
#[derive(Default)]
struct Readings<'a> {
    words: Vec<&'a str>,
    count: u64,
}

/// Prints the words whose first letter (و ب ل) the stemmer would keep because their stem is
/// listed as beginning with its own letter, but which the corpus shows to carry a clitic. Words
/// that lack the evidence of [`radicals`] themselves (seen after a non-stacking clitic in 5 % of
/// their occurrences, here however rare the word) and are rarer plain (bare or with ال) than
/// their rests are, are decided together by their two readings (the stem with the letter, the stem without it: ولديه, ولديها,
/// ولديهم are ولد or و + لدي): the clitic reading wins when they occur at least
/// [`MIN_READING_OCCURRENCES`] times. For ل a word also stands for the own-lam reading of لل +
/// the rest (للامين: ل + ال + لامين or ل + ال + امين). The output is
/// `src/analysis/clitic_words.txt`.
pub fn clitic_words(texts: &[String]) {
    let vocab = vocabulary(texts);
    let mut readings: HashMap<(String, String), Readings> = HashMap::new();
    for (word, info) in &vocab {
        let Some(first) = word.chars().next() else {
            continue;
        };
        let rest = &word[first.len_utf8()..];
        // و ب ل only: a bare ف or ك is stripped before measured words alone; after ب or ل, ال
        // is the article's, read by the article rule, not this one.
        let article_next = first != 'و' && rest.starts_with("ال");
        if !"وبل".contains(first) || article_next || rest.chars().count() < MIN_BASE_LETTERS {
            continue;
        }
        let stem = strip_enclitics(word);
        if is_protected(word) || !is_radical_initial_stem(&stem) {
            continue;
        }
        // A word with evidence of its own keeps its letter (بقول, "legumes", seen as البقول),
        // whatever the other words of its readings do (بقوله, "by his saying"); any such
        // evidence counts, however rare the word (باخرة, "ship", seen as الباخرة more often than
        // bare, keeps its ب while باخر, "with another", loses it). So does a word rarer as its
        // rest than as written (بطولاتها, "its championships", is not ب + طولاتها), although
        // another word of its readings is (بطول, "along").
        let evidence = non_stacking_evidence(&vocab, word, first);
        if (evidence > 0 && evidence * 20 >= info.count)
            || plain_count(&vocab, rest) < plain_count(&vocab, word)
        {
            continue;
        }
        // The clitic reading's stem is taken after the article (والديون: و + ال + ديون).
        let after_article = rest.strip_prefix("ال").unwrap_or(rest);
        let key = (
            stem.into_owned(),
            strip_enclitics(after_article).into_owned(),
        );
        let entry = readings.entry(key).or_default();
        entry.words.push(word);
        entry.count += info.count;
    }
    let mut words: Vec<&str> = readings
        .values()
        .filter(|r| r.count >= MIN_READING_OCCURRENCES)
        .flat_map(|r| r.words.iter().copied())
        .collect();
    words.sort();
    for word in words {
        println!("{word}");
    }
}
