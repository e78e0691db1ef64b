//! Latin words whose Arabic is a translation, not a transliteration: English exonyms (Athens →
//! أثينا, New York → نيويورك), the particles of Arabic names (bin → بن, Abu → أبو), titles (King →
//! الملك, Crown Prince → ولي العهد), the head nouns of institution names (University → جامعة)
//! and acronyms spelt letter by letter (BBC → بي بي سي).
//!
//! The exonyms are a gazetteer defined by outside criteria (`exonyms.tsv`: every country and
//! territory, its capital, the world's largest cities, each Arab country's largest cities and
//! regions, seas, rivers, continents), checked against news text by `benches/check_exonyms.py`;
//! the titles and particles are closed lists of the words English-language news uses.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use crate::analysis::{self, AR_EXACT};

/// Particles of Arabic names: they read as themselves, never letter by letter (`bin` is not بين).
const PARTICLES: &[(&str, &[&str])] = &[
    ("bin", &["بن", "ابن"]),
    ("ben", &["بن", "ابن"]),
    ("ibn", &["ابن", "بن"]),
    ("bint", &["بنت"]),
    ("abu", &["ابو"]),
    ("abou", &["ابو"]),
    ("abo", &["ابو"]),
    ("umm", &["ام"]),
    ("um", &["ام"]),
    ("oum", &["ام"]),
    // European name particles: van Gaal → فان خال, de Mistura → دي ميستورا.
    ("van", &["فان"]),
    ("von", &["فون"]),
    ("de", &["دي"]),
    ("di", &["دي"]),
    ("da", &["دا"]),
    ("le", &["لو"]),
];

/// Titles as Arabic news writes them before a name.
const TITLES: &[(&str, &[&str])] = &[
    ("king", &["الملك"]),
    ("queen", &["الملكه"]),
    ("prince", &["الامير"]),
    ("princess", &["الاميره"]),
    ("crown prince", &["ولي العهد"]),
    ("deputy crown prince", &["ولي ولي العهد"]),
    ("sheikh", &["الشيخ"]),
    ("shaikh", &["الشيخ"]),
    ("sheik", &["الشيخ"]),
    ("president", &["الرئيس"]),
    ("prime minister", &["رئيس الوزراء"]),
    ("minister", &["وزير"]),
    ("foreign minister", &["وزير الخارجيه"]),
    ("defense minister", &["وزير الدفاع"]),
    ("defence minister", &["وزير الدفاع"]),
    ("interior minister", &["وزير الداخليه"]),
    ("emir", &["امير", "الامير"]),
    ("imam", &["الامام"]),
    ("pope", &["البابا"]),
    ("ayatollah", &["ايه الله", "اية الله"]),
];

/// The head nouns of institution and place names, which English puts last and Arabic news
/// translates and puts first (King Saud University → جامعة الملك سعود, Wembley Stadium → ملعب
/// ويمبلي): only words Arabic news does not transliterate (not Camp, Street, Park or Times,
/// which it writes كامب, ستريت, بارك, تايمز inside names).
const INSTITUTIONS: &[(&str, &[&str])] = &[
    ("university", &["جامعة"]),
    ("college", &["كلية"]),
    ("institute", &["معهد"]),
    ("hospital", &["مستشفى"]),
    ("airport", &["مطار"]),
    ("stadium", &["ملعب", "استاد"]),
    ("mosque", &["مسجد", "جامع"]),
    ("palace", &["قصر"]),
    ("museum", &["متحف"]),
    ("ministry", &["وزارة"]),
    ("agency", &["وكالة"]),
    ("council", &["مجلس"]),
    ("committee", &["لجنة"]),
    ("court", &["محكمة"]),
    ("party", &["حزب"]),
    ("army", &["جيش"]),
    ("force", &["قوة", "قوات", "فيلق"]),
    ("forces", &["قوات"]),
    ("front", &["جبهة"]),
    ("brigade", &["لواء"]),
    ("brigades", &["كتائب", "ألوية"]),
    ("movement", &["حركة"]),
    ("organization", &["منظمة"]),
    ("organisation", &["منظمة"]),
    ("foundation", &["مؤسسة"]),
    ("authority", &["هيئة"]),
    ("federation", &["اتحاد"]),
    ("association", &["جمعية", "رابطة"]),
    ("governorate", &["محافظة"]),
    ("province", &["محافظة", "ولاية"]),
    ("island", &["جزيرة"]),
    ("islands", &["جزر"]),
    ("river", &["نهر"]),
    ("lake", &["بحيرة"]),
    ("valley", &["وادي"]),
    ("gulf", &["الخليج", "خليج"]),
];

/// Names English uses that are not in the gazetteer's categories.
const OTHER_EXONYMS: &[(&str, &[&str])] = &[
    ("nineveh", &["نينوى"]),
    ("isis", &["داعش"]),
    ("isil", &["داعش"]),
];

/// How Arabic news writes the names of Latin letters, for acronyms typed in capitals.
const LETTERS: [&str; 26] = [
    "ايه", // A is إيه (CIA → سي آي إيه), E إي, I آي
    "بي",
    "سي",
    "دي",
    "اي",
    "اف",
    "جي",
    "اتش",
    "اي",
    "جي",
    "كي",
    "ال",
    "ام",
    "ان",
    "او",
    "بي",
    "كيو",
    "ار",
    "اس",
    "تي",
    "يو",
    "في",
    "دبليو",
    "اكس",
    "واي",
    "زد",
];

/// Longest fixed phrase, in words.
pub(crate) const MAX_WORDS: usize = 5;

/// The fixed reading of some Latin words.
#[derive(Debug, Default)]
pub(crate) struct Fixed {
    /// Normalized Arabic spellings, most common first.
    pub spellings: Vec<String>,
    /// Never read letter by letter too: a particle or title (`bin` is not بين), unlike an exonym
    /// that may also be a transliterated name.
    pub exclusive: bool,
    /// An institution's head noun, which Arabic puts before the rest of the name.
    pub head_noun: bool,
}

/// The fixed readings by normalized Latin words (space-separated).
fn table() -> &'static HashMap<String, Fixed> {
    static TABLE: OnceLock<HashMap<String, Fixed>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: HashMap<String, Fixed> = HashMap::new();
        let gazetteer = include_str!("exonyms.tsv").lines().filter_map(|line| {
            let mut cols = line.split('\t');
            let (latin, arabic) = (cols.next()?, cols.next()?);
            let arabic = arabic.split('|').collect::<Vec<_>>();
            (!line.starts_with('#')).then_some((latin, arabic, false))
        });
        let others = OTHER_EXONYMS.iter().map(|(l, a)| (*l, a.to_vec(), false));
        let lists = PARTICLES
            .iter()
            .chain(TITLES)
            .map(|(l, a)| (*l, a.to_vec(), true));
        let heads: HashSet<&str> = INSTITUTIONS.iter().map(|(l, _)| *l).collect();
        let institutions = INSTITUTIONS.iter().map(|(l, a)| (*l, a.to_vec(), true));
        for (latin, arabic, exclusive) in gazetteer.chain(others).chain(lists).chain(institutions) {
            let Some(key) = key(latin.split_whitespace()) else {
                continue;
            };
            let fixed = table.entry(key).or_default();
            fixed.exclusive |= exclusive;
            fixed.head_noun |= heads.contains(latin);
            for a in arabic {
                let normalized = analysis::terms(AR_EXACT, a).join(" ");
                if !normalized.is_empty() && !fixed.spellings.contains(&normalized) {
                    fixed.spellings.push(normalized);
                }
            }
        }
        table
    })
}

/// The table key of Latin words: each normalized, space-separated.
fn key<'a>(words: impl Iterator<Item = &'a str>) -> Option<String> {
    let words: Option<Vec<String>> = words.map(super::normalize_latin).collect();
    Some(words?.join(" "))
}

/// The fixed reading of the normalized Latin words `words` (an exonym, a title, a particle).
pub(crate) fn lookup<S: AsRef<str>>(words: &[S]) -> Option<&'static Fixed> {
    let words: Vec<&str> = words.iter().map(AsRef::as_ref).collect();
    table().get(&words.join(" "))
}

/// Is `raw` (as typed) an acronym: two to five Latin capitals (`BBC`, `CNN`, `UNHCR`)?
pub(crate) fn is_acronym(raw: &str) -> bool {
    (2..=5).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_uppercase())
}

/// Is the (lower-case) acronym said as a word (NASA, NATO, OPEC, ISIS) rather than letter by
/// letter (BBC, CIA, UNHCR): two vowels or more, never two vowels or three consonants in a row?
pub(crate) fn is_pronounceable(acronym: &str) -> bool {
    let vowels: Vec<bool> = acronym.bytes().map(super::rules::is_vowel).collect();
    vowels.iter().filter(|v| **v).count() >= 2
        && !vowels.windows(2).any(|w| w[0] && w[1])
        && !vowels.windows(3).any(|w| !w[0] && !w[1] && !w[2])
}

/// The letter-by-letter spelling of an acronym (`BBC` → بي بي سي).
pub(crate) fn spelled_letters(raw: &str) -> String {
    raw.bytes()
        .map(|b| LETTERS[usize::from(b.to_ascii_lowercase() - b'a')])
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exonyms_titles_and_particles_are_looked_up_normalized() {
        let first = |words: &[&str]| lookup(words).map(|f| f.spellings[0].as_str());
        assert_eq!(first(&["athens"]), Some("اثينا"));
        assert_eq!(first(&["new", "york"]), Some("نيويورك"));
        assert_eq!(first(&["crown", "prince"]), Some("ولي العهد"));
        assert_eq!(first(&["bin"]), Some("بن"));
        assert!(lookup(&["bin"]).unwrap().exclusive);
        assert!(!lookup(&["athens"]).unwrap().exclusive);
        assert!(lookup(&["york"]).is_none());
        // An institution's head noun is translated, never read letter by letter.
        assert_eq!(first(&["university"]), Some("جامعه"));
        assert!(lookup(&["university"]).unwrap().exclusive);
        assert!(lookup(&["camp"]).is_none());
        assert!(lookup(&["force"]).unwrap().head_noun);
        assert!(!lookup(&["king"]).unwrap().head_noun && !lookup(&["bin"]).unwrap().head_noun);
    }

    #[test]
    fn every_fixed_spelling_is_normalized_arabic() {
        for fixed in table().values() {
            for s in &fixed.spellings {
                assert_eq!(&analysis::terms(AR_EXACT, s).join(" "), s);
                assert!(s
                    .chars()
                    .all(|c| c == ' ' || ('\u{0621}'..='\u{064A}').contains(&c)));
            }
        }
        assert!(table().keys().all(|k| k.split(' ').count() <= MAX_WORDS));
    }

    #[test]
    fn acronyms_are_spelt_letter_by_letter() {
        assert!(is_acronym("BBC") && is_acronym("UNHCR"));
        assert!(!is_acronym("Bbc") && !is_acronym("B") && !is_acronym("UNESCOS"));
        assert_eq!(spelled_letters("BBC"), "بي بي سي");
        assert_eq!(spelled_letters("CNN"), "سي ان ان");
        assert_eq!(spelled_letters("CIA"), "سي اي ايه");
        for word in ["nasa", "nato", "opec", "isis", "unesco"] {
            assert!(is_pronounceable(word), "{word}");
        }
        for letters in ["bbc", "cnn", "cia", "fbi", "unhcr"] {
            assert!(!is_pronounceable(letters), "{letters}");
        }
    }
}
