//! Orthographic normalization of Arabic (and Latin) tokens.
//!
//! Writers of Arabic spell the same word in several ways; this filter folds the variants that never
//! distinguish two words in news text, so a query matches whatever the outlet typed. It rewrites a
//! token's text only: offsets keep pointing at the original characters.
//!
//! | rule | example |
//! |---|---|
//! | presentation forms → base letters (NFKC) | ﻻ → لا, ﺍﻟﺴﻼﻡ → السلام |
//! | diacritics, Quranic marks, tatweel, invisible controls removed | إِخْلَاء → اخلاء, بغـــداد → بغداد |
//! | hamza/madda/wasla alef → bare alef | أ إ آ ٱ → ا |
//! | alef maksura → ya | مستشفى → مستشفي |
//! | ta marbuta → ha | القاعدة → القاعده |
//! | Persian/Urdu look-alikes → Arabic letters | ک → ك, ی ې → ي, ۀ ە → ه |
//! | Arabic-Indic digits → ASCII | ٢٠٢٤ → 2024 |
//! | Latin lowercased | OpenAI → openai |
//!
//! Hamza on a carrier (ؤ, ئ) is kept: see `fold_char` for the measurement behind that decision.

use std::mem;

use tantivy::tokenizer::Token;

use super::filter::TokenRewrite;

/// Token rewrite applying [`normalize_into`] to every token and dropping tokens left empty; use
/// it as `Rewrite(ArabicNormalizer)`.
#[derive(Clone, Copy, Debug, Default)]
pub struct ArabicNormalizer;

impl TokenRewrite for ArabicNormalizer {
    fn rewrite(&self, token: &mut Token, buffer: &mut String) -> bool {
        normalize_token(token, buffer);
        !token.text.is_empty()
    }
}

fn normalize_token(token: &mut Token, buffer: &mut String) {
    if token.text.is_ascii() {
        // Fast path: Latin words and ASCII digits only need lowercasing, in place.
        token.text.make_ascii_lowercase();
        return;
    }
    if token.text.chars().all(is_plain_arabic_letter) {
        // Fast path: most Arabic words have nothing to fold; copying them letter by letter was a
        // sixth of re-analysing search candidates (`perf`, `benches/RESULTS.md`).
        return;
    }
    normalize_into(&token.text, buffer);
    mem::swap(&mut token.text, buffer);
}

/// Normalizes `word` into `out` (cleared first). Idempotent: normalizing the output again changes
/// nothing.
pub fn normalize_into(word: &str, out: &mut String) {
    out.clear();
    out.reserve(word.len());
    for c in word.chars() {
        if is_presentation_form(c) {
            // A presentation form is a compatibility character: its NFKC decomposition is the base
            // letter(s), e.g. ﻻ → ل ا. The decomposed letters then go through the same folding.
            unicode_normalization::char::decompose_compatible(c, |d| push_folded(d, out));
        } else {
            push_folded(c, out);
        }
    }
}

/// Convenience wrapper returning a new `String`.
pub fn normalize(word: &str) -> String {
    let mut out = String::new();
    normalize_into(word, &mut out);
    out
}

fn is_presentation_form(c: char) -> bool {
    matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}')
}

fn push_folded(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    if is_plain_arabic_letter(c) {
        // Fast path: most characters of Arabic text are letters that need no folding.
        out.push(c);
        return;
    }
    match fold_char(c) {
        None => {}
        // Arabic letters and digits produced by the table need no case folding.
        Some(folded) if folded.is_ascii() || is_plain_arabic_letter(folded) => out.push(folded),
        // White space can only come from the decomposition of a ligature such as ﷺ.
        Some(folded) if folded.is_whitespace() => {}
        Some(folded) if folded.is_alphabetic() && !folded.is_lowercase() => {
            // Latin outside ASCII (É, Ü) and other cased scripts: case-fold. Lowercasing can emit
            // a combining mark (İ → i + U+0307), which goes through the table like any other
            // character, so normalizing twice changes nothing.
            out.extend(folded.to_lowercase().filter_map(fold_char))
        }
        Some(folded) => out.push(folded),
    }
}

/// Basic Arabic letters that [`fold_char`] maps to themselves.
fn is_plain_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}' | '\u{0624}' | '\u{0626}'..='\u{0628}' | '\u{062A}'..='\u{063A}'
        | '\u{0641}'..='\u{0648}' | '\u{064A}')
}

/// The folding table for non-ASCII characters: `Some(replacement)` or `None` to drop the character.
/// Characters not listed map to themselves (returned as `Some(c)`).
///
/// Hamza on a carrier (ؤ U+0624, ئ U+0626) is deliberately **not** folded. Measured on the news
/// sample (1.8 M Arabic tokens, 47 k with a carrier hamza; script in `benches/RESULTS.md`):
/// - folding ؤ → و and ئ → ي (the usual suggestion) does not even unite مسؤول and مسئول, and it
///   merges distinct words: فيه ("in it", 1,403) with فئه ("group", 136), يوم with يؤم;
/// - folding both to ء unites the real variants (مسؤول/مسئول, الشؤون/الشئون, شيء/شيئ) but touches
///   only 648 tokens (0.04 %) and adds collisions of its own (مئات/مؤات).
///
/// Neither gain is worth its collisions without a relevance measurement, so the hamza stays.
fn fold_char(c: char) -> Option<char> {
    let folded = match c {
        // Diacritics, Quranic marks, tatweel and invisible controls: dropped.
        '\u{0610}'..='\u{061A}' // honorific and Quranic signs
        | '\u{064B}'..='\u{065F}' // harakat, tanween, shadda, sukun
        | '\u{0670}' // superscript alef
        | '\u{06D6}'..='\u{06ED}' // Quranic annotation marks
        | '\u{08D3}'..='\u{08FF}' // extended Quranic marks
        | '\u{0640}' // tatweel
        | '\u{0300}'..='\u{036F}' // generic combining marks
        | '\u{061C}' // ARABIC LETTER MARK
        | '\u{00AD}' // soft hyphen
        | '\u{200B}'..='\u{200F}' // zero-width space/joiners, LRM, RLM
        | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
        | '\u{2066}'..='\u{2069}' // bidi isolates
        | '\u{FE00}'..='\u{FE0F}' // variation selectors
        | '\u{FE20}'..='\u{FE2F}' // combining half marks
        | '\u{FEFF}' => return None, // zero-width no-break space (BOM)
        '\u{0622}' // آ ALEF WITH MADDA ABOVE
        | '\u{0623}' // أ ALEF WITH HAMZA ABOVE
        | '\u{0625}' // إ ALEF WITH HAMZA BELOW
        | '\u{0671}' // ٱ ALEF WASLA
        | '\u{0672}' // ٲ ALEF WITH WAVY HAMZA ABOVE
        | '\u{0673}' => '\u{0627}', // ٳ ALEF WITH WAVY HAMZA BELOW → ا
        '\u{0649}' // ى ALEF MAKSURA
        | '\u{06CC}' // ی FARSI YEH
        | '\u{06D0}' // ې YEH WITH SMALL V (Pashto, Uyghur)
        | '\u{06CD}' // ۍ YEH WITH TAIL
        | '\u{06D2}' => '\u{064A}', // ے YEH BARREE → ي
        '\u{0629}' // ة TEH MARBUTA
        | '\u{06C0}' // ۀ HEH WITH YEH ABOVE
        | '\u{06D5}' // ە AE (Kurdish)
        | '\u{06C1}' // ہ HEH GOAL (Urdu)
        | '\u{06BE}' => '\u{0647}', // ھ HEH DOACHASHMEE → ه
        '\u{06A9}' // ک KEHEH (Persian kaf)
        | '\u{06AA}' => '\u{0643}', // ڪ SWASH KAF → ك
        '\u{0660}'..='\u{0669}' => digit(c as u32 - 0x0660), // Arabic-Indic digits
        '\u{06F0}'..='\u{06F9}' => digit(c as u32 - 0x06F0), // Extended Arabic-Indic digits
        other => other,
    };
    Some(folded)
}

fn digit(value: u32) -> char {
    char::from_digit(value, 10).unwrap_or('0')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    macro_rules! normalization_cases {
        ($($name:ident: $input:expr => $expected:expr,)*) => {
            $(
                #[test]
                fn $name() {
                    assert_eq!(normalize($input), $expected);
                }
            )*
        };
    }

    // Real words from corpus/ unless noted.
    normalization_cases! {
        hamza_above_alef: "أكد" => "اكد",
        hamza_below_alef: "إخلاء" => "اخلاء",
        madda_alef: "آخر" => "اخر",
        wasla_alef: "ٱلسلام" => "السلام",
        ta_marbuta: "القاعدة" => "القاعده",
        alef_maksura: "مستوى" => "مستوي",
        alef_maksura_in_preposition: "إلى" => "الي",
        fathatan_removed: "تهديداً" => "تهديدا",
        full_harakat_removed: "عَيْنِ الأَسَد" => "عين الاسد",
        shadda_removed: "شكّلت" => "شكلت",
        damma_on_yu: "يُقدر" => "يقدر",
        tatweel_removed: "بغـــداد" => "بغداد",
        superscript_alef_removed: "هٰذا" => "هذا",
        quranic_mark_removed: "الرَّحِيمِ\u{06DA}" => "الرحيم",
        presentation_lam_alef: "ﻻ" => "لا",
        presentation_word: "ﺍﻟﺴﻼﻡ" => "السلام",
        presentation_allah_ligature: "ﷲ" => "الله",
        keheh_folded: "کرکوک" => "كركوك",
        farsi_yeh_folded: "ایران" => "ايران",
        yeh_small_v_folded: "ې" => "ي",
        heh_with_yeh_folded: "ۀ" => "ه",
        kurdish_ae_folded: "کوردستانە" => "كوردستانه",
        arabic_indic_digits: "٢٠٢٤" => "2024",
        extended_arabic_indic_digits: "۱۹۹۰" => "1990",
        latin_lowercased: "OpenAI" => "openai",
        latin_non_ascii_lowercased: "ÉCOLE" => "école",
        dotted_capital_i_lowercased_without_combining_dot: "İstanbul" => "istanbul",
        zwnj_dropped: "عين\u{200C}الأسد" => "عينالاسد",
        bidi_controls_dropped: "\u{202B}أربيل\u{202C}" => "اربيل",
        hamza_on_waw_kept: "مسؤول" => "مسؤول",
        hamza_on_ya_kept: "رئيس" => "رئيس",
        bare_hamza_kept: "أعداء" => "اعداء",
    }

    proptest! {
        #[test]
        fn normalization_is_idempotent(s in "\\PC{0,40}") {
            let once = normalize(&s);
            prop_assert_eq!(normalize(&once), once);
        }

        #[test]
        fn the_token_filter_folds_like_normalize(
            s in "[\u{0600}-\u{06FF}\u{0621}-\u{064A}\u{FE70}-\u{FEFF}a-zA-Z0-9]{1,12}"
        ) {
            let mut token = Token { text: s.clone(), ..Token::default() };
            normalize_token(&mut token, &mut String::new());
            prop_assert_eq!(token.text, normalize(&s));
        }

        #[test]
        fn arabic_normalization_is_idempotent(s in "[\u{0600}-\u{06FF}\u{FB50}-\u{FDFF}\u{FE70}-\u{FEFF}]{0,20}") {
            let once = normalize(&s);
            prop_assert_eq!(normalize(&once), once);
        }
    }
}
