//! fahras' light stemmer for Arabic: the light10 family (Larkey, Ballesteros & Connell) with
//! stacked proclitics, pronoun enclitics, a minimum stem length per rule, and a protected list.
//!
//! It works on *normalized* words (see [`super::normalize`]): ة is already ه, ى is ي, hamza alefs
//! are ا. A light stemmer strips affixes without looking for the root, so inflected forms of one
//! word meet (المدرسة, بالمدرسة, للمدرسة, مدرسه → مدرس) while different words stay apart. Its
//! failure mode is cutting a letter that belongs to the word; every rule below says how it avoids
//! the classic cuts of other stemmers (Lucene: لبنان → لبن, فلسطين → فلسط, الولايات → ولا;
//! Snowball: بغداد → غداد).
//!
//! The steps, in order:
//! 1. words shorter than three letters, non-Arabic words and [`is_protected`] words are left alone;
//! 2. proclitics: the conjunction و (ف before an article or a word measured to take it), then the
//!    article with an optional preposition (ال, بال, كال, لل), or a bare preposition ب/ل before
//!    three letters or more (ك before a word measured to take it); a letter measured to be the
//!    word's own stays (`radical_initial.txt`, `fa_ka_bases.txt`), unless the word itself was
//!    measured to carry the clitic (`clitic_words.txt`);
//! 3. a word the proclitics uncovered that is protected stops here (ولبنان, الرياض, بالرياض →
//!    لبنان, رياض, رياض);
//! 4. one pronoun enclitic (هما كما هم هن كم كن ها نا);
//! 5. one number/gender suffix (ات ون ين يه ان ه);
//! 6. the nisba ي of relative adjectives (عراقي → عراق).

use std::borrow::Cow;
use std::mem;
use std::sync::LazyLock;

use rustc_hash::FxHashSet;
use tantivy::tokenizer::Token;

use super::filter::TokenRewrite;

/// Stems a normalized word; see the module documentation for the rules.
pub fn light_stem(word: &str) -> Cow<'_, str> {
    if letters(word) < 3 || !word.chars().any(is_arabic_letter) || is_protected(word) {
        return Cow::Borrowed(word);
    }
    let mut own = OwnLetter::default();
    let rest = strip_proclitics(word, &mut own);
    if is_protected(rest) {
        return Cow::Borrowed(rest);
    }
    own.into_enclitics_stripped(rest)
}

fn letters(s: &str) -> usize {
    s.chars().count()
}

/// The basic Arabic letters (ء to ي), what normalized Arabic words are spelt with.
pub fn is_arabic_letter(c: char) -> bool {
    ('\u{0621}'..='\u{064A}').contains(&c)
}

/// Removes the proclitics of step 2, stopping at a protected word (والرياض → رياض is decided by
/// the caller: the article goes first, then protection applies to what remains).
fn strip_proclitics<'w>(word: &'w str, own: &mut OwnLetter<'w>) -> &'w str {
    let mut w = word;
    // The conjunction و ("and") is the most frequent proclitic of news text (وقال, وأكد); it is
    // stripped when three letters remain, unless و is the word's own (وزير, ولاية): see
    // [`has_radical_initial`]. ف ("so") is stripped only where an article follows (فالقاعدة,
    // فللمستشارين): on the news sample a bare ف is mostly on function words and verbs (فإنه,
    // فقال), and stripping it would cut the many ف-initial names the sample does not show
    // (فيينا, فنزويلا).
    if let Some(rest) = w.strip_prefix('و') {
        if letters(rest) >= 3 && !own.has_radical_initial(w) {
            w = rest;
        }
    } else if let Some(rest) = w.strip_prefix('ف') {
        if ["ال", "لل", "بال", "كال"]
            .iter()
            .any(|p| rest.starts_with(p))
            || (is_measured_fa_ka_base(rest) && !own.has_radical_initial(w))
        {
            w = rest;
        }
    }
    // The article, alone or after the prepositions ب ("with") and ك ("like"); ل ("for") + ال is
    // written لل with the alef dropped. Two letters must remain (light10's rule). Before a noun
    // whose own first letter is ل, the article's lam merges too (ل + اللجنة → للجنة), so لل may
    // stand for ل + ل-initial noun.
    // Iterated by reference here and below: a by-value array is copied onto the stack on every
    // call (a `memcpy` per word in callgrind), a reference to a constant one is static.
    for &article in &["بال", "كال", "لل", "ال"] {
        if let Some(rest) = w.strip_prefix(article) {
            // A protected word may begin like the article (المانيا); a protected word that
            // begins like a preposition is kept below by [`has_radical_initial`].
            if is_protected(w) {
                return w;
            }
            // بالغ, بالون: a ب or ك before ال may be the word's own.
            if letters(rest) >= 2 && !(article.len() > "ال".len() && own.has_radical_initial(w)) {
                // الله is one word, not ال + له (بالله, والله).
                if rest == "له" && w.ends_with("الله") {
                    return &w[w.len() - "الله".len()..];
                }
                if article == "لل" && !is_protected(rest) {
                    let with_own_lam = &w['ل'.len_utf8()..];
                    if own.has_radical_initial(with_own_lam) {
                        return with_own_lam;
                    }
                }
                return rest;
            }
        }
    }
    // A bare preposition ب or ل with no article (بأنقرة, بجدة, لدعم). Light10 never strips these
    // and misses a frequent form of news text; Snowball strips them blindly (بغداد → غداد). We
    // strip when three letters remain, unless the letter is the word's own (بعيد, لبنان,
    // برنامج): see [`has_radical_initial`]. On the news sample a three-letter rest is the common
    // case (بهدف, بعدم, لعام, بجدة, بمكة). A bare ك ("like": كأحد) is left: it is 0.1 % of the
    // attached forms there, and stripping it would cut ك-initial names (كردستان, كندا).
    // Not before three letters ending in ت: the news sample's four-letter words of that shape
    // are mostly feminine past verbs of ب/ل roots (بدأت, بلغت, باتت, لعبت), which the
    // measured list cannot know (verbs take no article), rather than بوقت or بصوت.
    if let Some(rest) = w.strip_prefix(['ب', 'ل']) {
        let verb_shape = letters(rest) == 3 && rest.ends_with('ت');
        if letters(rest) >= 3 && !verb_shape && !own.has_radical_initial(w) {
            return rest;
        }
    } else if let Some(rest) = w.strip_prefix('ك') {
        // ك ("like") takes nouns only, so not before the verb shape either (كادت, كسرت).
        let verb_shape = letters(rest) == 3 && rest.ends_with('ت');
        if is_measured_fa_ka_base(rest) && !verb_shape && !own.has_radical_initial(w) {
            return rest;
        }
    }
    w
}

/// Whether a bare ف or ك before `rest` was measured to be a clitic (فقال, كنوع): see
/// [`MEASURED_FA_KA_BASES`].
fn is_measured_fa_ka_base(rest: &str) -> bool {
    MEASURED_FA_KA_BASES.contains(rest)
}

/// Removes the enclitics and suffixes of steps 4–6 (public for the analyzer bench's reports).
pub fn strip_enclitics(word: &str) -> Cow<'_, str> {
    let mut w = word;
    // Pronoun enclitics ("their", "her", "our"): three letters must remain, so short words that
    // merely end in these letters (مهم, فهم, حكم, هنا) are not cut. Single ه and ي are handled as
    // suffixes below, and ك is not stripped at all: in news text a final ك is nearly always the
    // word's own (مشترك, شريك, بنك, تحرك), the "your" reading is rare.
    let mut pronoun_stripped = false;
    for &pronoun in &["هما", "كما", "هم", "هن", "كم", "كن", "ها", "نا"] {
        if let Some(rest) = w.strip_suffix(pronoun) {
            if letters(rest) >= 3 {
                w = rest;
                pronoun_stripped = true;
                break;
            }
        }
    }
    // The single ه is either the pronoun "his/its" or the folded ta marbuta; after ت it is the
    // pronoun on a feminine noun (مهمته = مهمة + ه), since a bare noun cannot end in تة+ه.
    if !pronoun_stripped {
        if let Some(rest) = w.strip_suffix("ته") {
            if letters(rest) >= 3 && !rest.ends_with('ا') {
                w = &w[..w.len() - 'ه'.len_utf8()];
                pronoun_stripped = true;
            }
        }
    }
    // Before a pronoun, ta marbuta is written ت (مهمتها = مهمة + ها); restore it so the form meets
    // the bare noun. Not after ا, where ت ends the feminine plural (قواتها = قوات + ها), and not
    // when fewer than three letters would remain (وقتها: the ت of وقت is its own).
    if pronoun_stripped {
        if let Some(stem) = w.strip_suffix('ت') {
            if !stem.ends_with('ا') && letters(stem) >= 3 {
                let restored = format!("{stem}ه");
                return Cow::Owned(strip_suffixes(&restored).to_string());
            }
        }
    }
    Cow::Borrowed(strip_suffixes(w))
}

/// Steps 5 and 6 on a word without pronoun enclitics.
fn strip_suffixes(word: &str) -> &str {
    // (suffix, letters that must remain). Plural and dual endings need a three-letter stem
    // (مستشارين → مستشار, but الدين, حسين, الصين stay). ان needs four: it ends many singular nouns
    // (بيان, إعلان, مكان) and names (لبنان, عمان), so only long words lose it (مستشاران, يمثلان).
    // ه is the folded ta marbuta (feminine, مهمة) or the pronoun "his"; both go, keeping three.
    const SUFFIXES: [(&str, usize); 6] = [
        ("ات", 3),
        ("ون", 3),
        ("ين", 3),
        ("يه", 3),
        ("ان", 4),
        ("ه", 3),
    ];
    let mut w = word;
    let mut removed = None;
    for &(suffix, min_stem) in &SUFFIXES {
        if let Some(rest) = w.strip_suffix(suffix) {
            // Exceptions: ستان ends place names (كردستان, باكستان); after ا, ية is a radical ي plus
            // ta marbuta (ولاية, حماية, نهاية), not a nisba, so only ه goes (→ ولاي, like ولايات).
            let is_place_name = suffix == "ان" && w.ends_with("ستان");
            let is_radical_ya = suffix == "يه" && rest.ends_with('ا');
            if letters(rest) >= min_stem && !is_place_name && !is_radical_ya {
                w = rest;
                removed = Some(suffix);
                break;
            }
        }
    }
    // The nisba ي makes relative adjectives (عراقي, دولي, أمريكي); it goes when nothing else was
    // removed or after the masculine plurals (عراقيين → عراقي → عراق), so the adjective meets its
    // noun. Not after ات or ه: there the ي is the stem's own (ولايات, ولاية → ولاي).
    if matches!(removed, None | Some("ون") | Some("ين")) {
        if let Some(rest) = w.strip_suffix('ي') {
            if letters(rest) >= 3 {
                w = rest;
            }
        }
    }
    w
}

/// Words the stemmer must leave whole: names and common words whose letters look like affixes, so
/// that cutting them would merge them with unrelated words (لبنان/لبن, كانون/كان, سليمان/سليم).
pub fn is_protected(word: &str) -> bool {
    PROTECTED.contains(word)
}

/// Whether `word`'s first letter is its own although it looks like a proclitic (و ف ب ك ل):
/// decided on the word's suffix-stripped stem, so وزير, وزيرة, وزراء, ولايات and ولاية are all
/// recognised. Protected words are their own too (لندن, بيروت). The definition; the stemmer
/// runs [`OwnLetter::has_radical_initial`], which gives the same answer for less work.
#[cfg(test)]
fn has_radical_initial(word: &str) -> bool {
    if is_protected(word) {
        return true;
    }
    if MEASURED_CLITIC_WORDS.contains(word) {
        return false;
    }
    is_radical_initial_stem(&strip_enclitics(word))
}

/// Whether `stem` (a word after [`strip_enclitics`]) is listed as beginning with its own و ف ب ك
/// ل: the lists behind the own-letter check, before the word-level exceptions of
/// `clitic_words.txt` (public for the analyzer bench that measures those exceptions).
pub fn is_radical_initial_stem(stem: &str) -> bool {
    RADICAL_INITIAL_STEMS.contains(stem)
}

/// The own-letter check (`has_radical_initial`, the definition kept for the tests) as one
/// stemming runs it, without repeating work. The check suffix-strips the whole word (~400
/// instructions) and was run up to three times per word (callgrind, `benches/RESULTS.md`,
/// issue 11):
/// - most checked words cannot be a listed stem at all: a stem is a prefix of its word of at
///   least three letters ([`strip_enclitics`] only cuts suffixes and keeps three), so a word whose
///   first three letters begin no listed stem is answered by one lookup, without stripping;
/// - when the letter is kept, the last step strips the enclitics of that same word again, and
///   بال/كال words are checked twice (article, then bare preposition): the last stripping is
///   kept and reused.
#[derive(Default)]
struct OwnLetter<'w> {
    /// The last word whose enclitics were stripped, and the result.
    last: Option<(&'w str, Cow<'w, str>)>,
}

impl<'w> OwnLetter<'w> {
    /// Same answer as `has_radical_initial`, its definition.
    fn has_radical_initial(&mut self, word: &'w str) -> bool {
        if is_protected(word) {
            return true;
        }
        if let Some(prefix) = first_letters(word, 3) {
            if !RADICAL_INITIAL_PREFIXES.contains(prefix) {
                return false;
            }
        }
        if MEASURED_CLITIC_WORDS.contains(word) {
            return false;
        }
        let stem = self.enclitics_stripped(word);
        RADICAL_INITIAL_STEMS.contains(stem.as_ref())
    }

    /// [`strip_enclitics`] of `word`, computed once for the last word asked.
    fn enclitics_stripped(&mut self, word: &'w str) -> &Cow<'w, str> {
        if !matches!(&self.last, Some((w, _)) if *w == word) {
            self.last = Some((word, strip_enclitics(word)));
        }
        match &self.last {
            Some((_, stem)) => stem,
            None => unreachable!("just set"),
        }
    }

    /// [`strip_enclitics`] of `word`, reusing the check's stripping of the same word.
    fn into_enclitics_stripped(self, word: &'w str) -> Cow<'w, str> {
        match self.last {
            Some((w, stem)) if w == word => stem,
            _ => strip_enclitics(word),
        }
    }
}

/// The first `n` letters of `word`, or `None` if it is shorter.
fn first_letters(word: &str, n: usize) -> Option<&str> {
    match word.char_indices().nth(n) {
        Some((end, _)) => Some(&word[..end]),
        None => (letters(word) == n).then_some(word),
    }
}

/// Words before which a bare ف ("so") or ك ("like") is a clitic, measured on the news sample:
/// they occur plain three times as often as with the letter attached; generated by
/// `cargo bench --bench analyzer -- fa-ka-bases`. Other words keep these letters, which begin
/// many names (فيينا, فلاديمير, كندا, كردستان).
static MEASURED_FA_KA_BASES: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| word_list(include_str!("fa_ka_bases.txt")));

/// Words whose first letter is a clitic although their stem is listed as beginning with its own
/// letter. The own-letter lists hold stems, so one word of a stem seen after the article
/// (البقول, "legumes") made the ب of every word of that stem its own (بقوله, "by his saying", →
/// بقول, apart from قوله). Measured per word on the news sample: the word itself is rarely seen
/// after a clitic that cannot stack on its first letter, and the word without that letter is the
/// more frequent plain word (قوله against بقوله, سنة against وسنة, قرية against بقرية). Generated by
/// `cargo bench --bench analyzer -- clitic-words`.
static MEASURED_CLITIC_WORDS: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| word_list(include_str!("clitic_words.txt")));

/// The words of a generated list: one a line, `#` lines are comments.
fn word_list(text: &'static str) -> FxHashSet<&'static str> {
    text.lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .collect()
}

/// See [`is_protected`].
static PROTECTED: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
    [
        "لبنان",
        "بغداد",
        "نيويورك",
        "واشنطن",
        "فلسطين",
        "ايران",
        "يابان",
        "يونان",
        "عمان",
        "سودان",
        "لندن",
        "باريس",
        "برلين",
        "بيروت",
        "الله",
        "موصل",
        "فلوجه",
        "بلقان",
        "كوت",
        "لله",
        "كانون",
        "سليمان",
        "سليماني",
        "عثمان",
        "رمضان",
        "طهران",
        "اردوغان",
        "اردن",
        "كويت",
        "بحرين",
        "تونس",
        "ليبيا",
        "بابل",
        "واسط",
        "اربيل",
        "بعقوبه",
        "كركوك",
        "بصره",
        "مسقط",
        "رياض",
        "ديالي",
        "حلب",
        "اسطنبول",
        "انقره",
        "موسكو",
        "بكين",
        "بريطانيا",
        "بلجيكا",
        "ايطاليا",
        "المانيا",
        "اسبانيا",
        "اوكرانيا",
        "روسيا",
        "سوريا",
        "تركيا",
        "اسرائيل",
        "حسين",
        "يونامي",
        "بايدن",
        "ترامب",
        "اوباما",
        "عراقجي",
    ]
    .into_iter()
    .collect()
});

/// See [`OwnLetter::has_radical_initial`]: the stems measured on the news sample (their words
/// occur after a clitic that cannot stack on that letter: البعيد, ووفقا; `radical_initial.txt`,
/// generated by `cargo bench --bench analyzer -- radicals`), and these, known without the corpus.
static RADICAL_INITIAL_STEMS: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
    let mut stems = word_list(include_str!("radical_initial.txt"));
    stems.extend([
        // و as first root letter
        "وزير",
        "وزار",
        "وزراء",
        "ولاي",
        "وكال",
        "وقت",
        "وضع",
        "وصول",
        "وصل",
        "وجود",
        "وجه",
        "واجه",
        "مواجه",
        "وطن",
        "وسط",
        "وسائل",
        "وسيل",
        "وفد",
        "وفق",
        "وفا",
        "ولد",
        "وقف",
        "وقع",
        "واقع",
        "ورد",
        "وثيق",
        "وثائق",
        "وعد",
        "وحد",
        "واحد",
        "واضح",
        "واسع",
        "وكيل",
        "وظيف",
        "وراء",
        "وزن",
        "وصف",
        "ورق",
        "ولاء",
        "وليد",
        "والد",
        "وادي",
        "وحش",
        "وسيط",
        "وطي",
        "وفاق",
        "وقود",
        // ب as first root letter, in words long enough to lose it
        "باحث",
        "باقي",
        "بارز",
        "باريس",
        "باكستان",
        "بائع",
        "بترول",
        "برنامج",
        "برامج",
        "برلمان",
        "برلماني",
        "بطول",
        "بطولات",
        "بريطاني",
        "بيان",
        "بيانات",
        "بلد",
        "بلدان",
        "بلدي",
        "بلديات",
        "بحث",
        "بحوث",
        "بنك",
        "بنوك",
        "بيروت",
        "بلجيك",
        "بداي",
        "بدايات",
        "بطاق",
        "بيئ",
        "بحير",
        "بضائع",
        "بورص",
        "بنزين",
        "بغداد",
        "بعثات",
        "بنغاز",
        "بوتين",
        "بايدن",
        "بيت",
        "بيوت",
        "بنا",
        "بناي",
        "بنود",
        "براءه",
        "برقي",
        "بروتوكول",
        "بلاغ",
        "بلاد",
        "بشر",
        "بصر",
        "بصري",
        // ل as first root letter, in words long enough to lose it
        "لاعب",
        "لاجئ",
        "لازم",
        "لاحق",
        "لافت",
        "لامع",
        "لائح",
        "لاتين",
        "لبنان",
        "لقاء",
        "لقاءات",
        "لحظ",
        "لحظات",
        "لوائح",
        "لواء",
        "ليبي",
        "لجن",
        "لجان",
        "لغات",
        "لقطات",
        "لهجات",
        "لوحات",
        "ليال",
        "لقاح",
        "لقاحات",
        "ليل",
    ]);
    stems
});

/// The first three letters of every stem of [`RADICAL_INITIAL_STEMS`] (shorter stems cannot be
/// the stem of a checked word: see [`OwnLetter`]).
static RADICAL_INITIAL_PREFIXES: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
    RADICAL_INITIAL_STEMS
        .iter()
        .filter_map(|stem| first_letters(stem, 3))
        .collect()
});

/// Token rewrite applying [`light_stem`] to every token; use it as `Rewrite(ArabicLightStemmer)`.
#[derive(Clone, Copy, Debug, Default)]
pub struct ArabicLightStemmer;

impl TokenRewrite for ArabicLightStemmer {
    fn rewrite(&self, token: &mut Token, buffer: &mut String) -> bool {
        let stem = light_stem(&token.text);
        if stem.len() != token.text.len() || matches!(stem, Cow::Owned(_)) {
            buffer.clear();
            buffer.push_str(&stem);
            drop(stem);
            mem::swap(&mut token.text, buffer);
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::normalize::normalize;
    use proptest::prelude::*;

    /// Each row: a word as it stands in `corpus/` (unless noted), and its expected stem.
    macro_rules! stem_cases {
        ($($name:ident: $word:expr => $stem:expr,)*) => {
            $(
                #[test]
                fn $name() {
                    assert_eq!(light_stem(&normalize($word)), $stem, "stem of {}", $word);
                }
            )*
        };
    }

    stem_cases! {
        // proclitics
        conjunction_waw: "وأضاف" => "اضاف",
        conjunction_waw_with_article: "والتدريب" => "تدريب",
        stacked_waw_ba_article: "وبالقاعدة" => "قاعد",
        stacked_fa_lam_article: "فللمستشارين" => "مستشار",
        stacked_waw_kaf_article: "وكالعادة" => "عاد",
        article: "الانسحاب" => "انسحاب",
        ba_article: "بالكامل" => "كامل",
        lam_article_contracted: "للتحالف" => "تحالف",
        lam_article_on_lam_noun: "للجنة" => "لجن",
        bare_ba_before_masdar: "بمغادرة" => "مغادر",
        bare_ba_before_hamza_word: "بأنقرة" => "انقره",
        bare_lam_before_masdar: "لمحاربة" => "محارب",
        bare_lam_before_hamza_word: "لإنهاء" => "انهاء",
        bare_lam_before_noun: "لوكالة" => "وكال",
        bare_ba_before_three_letters: "بهدف" => "هدف",
        bare_lam_before_three_letters: "لدعم" => "دعم",
        bare_ba_before_short_ta_marbuta: "بجدة" => "جده",
        article_before_protected: "الرياض" => "رياض",
        clitics_before_protected: "وبالرياض" => "رياض",
        lam_article_before_protected: "لليونان" => "يونان",
        ba_of_بالغ_kept: "بالغة" => "بالغ",
        measured_fa_clitic: "فقال" => "قال",
        measured_ka_clitic: "كنوع" => "نوع",
        fa_of_unseen_name_kept: "فلاديمير" => "فلاديمير",
        ka_of_unseen_name_kept: "كردستان" => "كردستان",
        ka_not_before_a_past_verb: "كادت" => "كادت",
        ka_of_كسرت_kept: "كسرت" => "كسرت",
        radical_waw_kept: "وزير" => "وزير",
        radical_waw_kept_in_plural: "الوزراء" => "وزراء",
        radical_waw_of_ولاية: "ولاية" => "ولاي",
        radical_ba_of_برنامج: "برنامج" => "برنامج",
        radical_lam_of_لجنة: "لجنة" => "لجن",
        fa_root_letter_kept: "فرنسا" => "فرنسا",
        // a listed stem's letter that the word itself measures as a clitic (clitic_words.txt);
        // each row's bare form has its own row below
        ba_of_بقوله_a_clitic: "بقوله" => "قول",
        waw_of_وخمسة_a_clitic: "وخمسة" => "خمس",
        waw_of_وسنة_a_clitic: "وسنة" => "سنه",
        ba_of_بقرية_a_clitic: "بقرية" => "قري",
        waw_of_ولديه_a_clitic: "ولديه" => "لدي",
        ba_of_بآخر_a_clitic: "بآخر" => "اخر",
        bare_قوله: "قوله" => "قول",
        bare_خمسة: "خمسة" => "خمس",
        bare_سنة: "سنة" => "سنه",
        bare_قرية: "قرية" => "قري",
        bare_لديه: "لديه" => "لدي",
        bare_آخر: "آخر" => "اخر",
        own_ba_of_بعيد_kept: "بعيد" => "بعيد",
        own_ba_of_بيته_kept: "بيته" => "بيت",
        // enclitics and suffixes
        pronoun_ha_with_ta_restored: "مهمتها" => "مهم",
        pronoun_hu_with_ta_restored: "سيطرته" => "سيطر",
        pronoun_hum: "أعدادهم" => "اعداد",
        pronoun_na: "قواتنا" => "قوات",
        pronoun_after_plural_ta: "عملياتهم" => "عملي",
        feminine_ta_marbuta: "المهمة" => "مهم",
        feminine_plural: "المطالبات" => "مطالب",
        masculine_plural_nominative: "ملتزمون" => "ملتزم",
        masculine_plural_oblique: "المستشارين" => "مستشار",
        dual_oblique: "البلدين" => "بلد",
        long_dual: "يمثلان" => "يمثل",
        nisba_adjective: "العراقي" => "عراق",
        nisba_feminine: "العراقية" => "عراق",
        nisba_plural: "العراقيين" => "عراق",
        nisba_of_iran: "الإيرانية" => "ايران",
        // words the stemmer must not cut
        protected_lebanon: "لبنان" => "لبنان",
        protected_lebanon_with_conjunction: "ولبنان" => "لبنان",
        protected_baghdad: "بغداد" => "بغداد",
        protected_baghdad_with_preposition: "ببغداد" => "بغداد",
        protected_palestine: "فلسطين" => "فلسطين",
        protected_washington: "واشنطن" => "واشنطن",
        protected_new_york: "نيويورك" => "نيويورك",
        short_word_kept: "عين" => "عين",
        plural_ending_on_short_word_kept: "حسين" => "حسين",
        an_on_short_noun_kept: "بيان" => "بيان",
        kaf_ending_kept: "مشترك" => "مشترك",
        stan_kept: "كردستان" => "كردستان",
        united_states_not_cut_to_wala: "الولايات" => "ولاي",
        latin_untouched: "openai" => "openai",
        digits_untouched: "2024" => "2024",
    }

    /// Words made to reach the own-letter check: a clitic before a listed stem (or its first
    /// letters, or a random word) with a suffix after it.
    fn clitic_words() -> impl Strategy<Value = String> {
        let stems: Vec<&'static str> = RADICAL_INITIAL_STEMS.iter().copied().collect();
        let protected: Vec<&'static str> = PROTECTED.iter().copied().collect();
        let stem = prop_oneof![
            proptest::sample::select(stems.clone()).prop_map(String::from),
            proptest::sample::select(stems).prop_map(|s| s.chars().take(3).collect()),
            proptest::sample::select(protected).prop_map(String::from),
            "[\u{0621}-\u{064A}]{1,7}",
        ];
        let clitic = "(و|ف)?(ب|ك|ل|بال|كال|لل|ال)?";
        let suffix = "(ه|ته|تها|ها|هم|هما|نا|كم|ات|ون|ين|يه|ان|ي|يين|ت)?";
        (clitic, stem, suffix).prop_map(|(c, s, x)| format!("{c}{s}{x}"))
    }

    proptest! {
        #[test]
        fn the_fast_own_letter_check_agrees_with_its_definition(word in clitic_words()) {
            prop_assert_eq!(
                OwnLetter::default().has_radical_initial(&word),
                has_radical_initial(&word)
            );
        }

        #[test]
        fn stripped_enclitics_leave_a_prefix_of_three_letters(
            word in prop_oneof![clitic_words(), "[\u{0621}-\u{064A}]{1,12}".boxed()]
        ) {
            // What the own-letter check's prefix test relies on.
            let stem = strip_enclitics(&word);
            prop_assert!(word.starts_with(stem.as_ref()), "{} → {}", word, stem);
            prop_assert!(letters(&stem) >= letters(&word).min(3), "{} → {}", word, stem);
        }

        #[test]
        fn a_stem_is_never_longer_nor_empty(word in "[\u{0621}-\u{064A}]{1,15}") {
            let stem = light_stem(&word);
            prop_assert!(!stem.is_empty());
            prop_assert!(stem.chars().count() <= word.chars().count());
        }

        #[test]
        fn stemming_any_unicode_never_panics(word in "\\PC{0,30}") {
            let stem = light_stem(&word);
            prop_assert!(stem.chars().count() <= word.chars().count());
        }
    }
}
