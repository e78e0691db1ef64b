//! The spelling rules of [`super`]: which two spellings a writer may alternate, and how much
//! corpus evidence each kind of difference needs.

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
pub(super) fn is_base_letter(c: char) -> bool {
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
pub(super) fn split_article(word: &str) -> (&'static str, Vec<char>, usize) {
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
pub(super) fn skeleton(word: &str) -> Option<String> {
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
pub(super) struct Edits {
    /// Class swaps and long vowels written or dropped.
    pub(super) count: usize,
    /// Every edit touches a hamza (a seat, or a vowel beside one).
    pub(super) hamza_only: bool,
    /// A consonant swapped within its class (غ/ق, ت/ط…), not a vowel or a hamza seat.
    pub(super) swap: bool,
}

/// How two terms of one skeleton differ; `None` beyond two edits. Of equally short edit
/// sequences, the one touching only hamzas, then the one without a consonant swap, is taken.
pub(super) fn variant_rules(a: &str, b: &str) -> Option<Edits> {
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
pub(super) fn needed_similarity(a: &str, b: &str, edits: Edits, articles: (usize, usize)) -> f64 {
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
}
