//! The Arabic-aware word tokenizer.
//!
//! Tokens carry byte offsets into the *original* text (highlighting depends on that) and positions
//! that count words. A word is a run of letters and digits; combining marks (harakat, shadda,
//! Quranic marks), tatweel and invisible format controls (ZWNJ, ZWJ, bidi marks) are kept inside the
//! word they decorate, so `عَيْنِ` and `بغـــداد` stay one token each. Everything else (white space,
//! Latin and Arabic punctuation such as ، ؛ ؟ « » “ ” ٪) separates words.
//!
//! Arabic letters glued to digits or Latin letters are split apart (`بـ42` → `بـ`, `42`) because
//! news text attaches the preposition ب to numbers; Latin letters and digits stay together (`G20`).

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Splits text into words, keeping marks and joiners inside them; see the module docs.
///
/// No `Default`: the length bound is chosen by the analysis chain ([`super::chain::tokenizer`]),
/// so that no analyzer is built without it.
#[derive(Clone, Debug)]
pub struct ArabicTokenizer {
    token: Token,
    max_word_bytes: usize,
}

impl ArabicTokenizer {
    /// A tokenizer that drops words longer than `max_word_bytes` (they keep their position).
    pub fn new(max_word_bytes: usize) -> ArabicTokenizer {
        ArabicTokenizer {
            token: Token::default(),
            max_word_bytes,
        }
    }
}

/// The stream produced by [`ArabicTokenizer`].
pub struct ArabicTokenStream<'a> {
    text: &'a str,
    /// Byte index where scanning resumes.
    cursor: usize,
    max_word_bytes: usize,
    token: &'a mut Token,
}

impl Tokenizer for ArabicTokenizer {
    type TokenStream<'a> = ArabicTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ArabicTokenStream<'a> {
        self.token.reset();
        ArabicTokenStream {
            text,
            cursor: 0,
            max_word_bytes: self.max_word_bytes,
            token: &mut self.token,
        }
    }
}

/// How a character takes part in words.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum CharClass {
    /// An Arabic-script letter, presentation forms included.
    Arabic,
    /// Any numeric character: ASCII, Arabic-Indic and Extended Arabic-Indic digits.
    Digit,
    /// A letter of any other script (Latin, …).
    OtherLetter,
    /// Decorates the word it stands in but never starts one: marks, tatweel, invisible controls.
    Joiner,
    /// Separates words.
    Separator,
}

fn classify(c: char) -> CharClass {
    if c.is_ascii() {
        return match c {
            'a'..='z' | 'A'..='Z' => CharClass::OtherLetter,
            '0'..='9' => CharClass::Digit,
            _ => CharClass::Separator,
        };
    }
    if matches!(c, '\u{0621}'..='\u{063F}' | '\u{0641}'..='\u{064A}') {
        // Fast path: the basic Arabic letters (U+0640 tatweel, between them, is a joiner).
        return CharClass::Arabic;
    }
    if is_joiner(c) {
        return CharClass::Joiner;
    }
    if c.is_numeric() {
        return CharClass::Digit;
    }
    if c.is_alphabetic() {
        return if is_arabic_script(c) {
            CharClass::Arabic
        } else {
            CharClass::OtherLetter
        };
    }
    CharClass::Separator
}

/// Arabic blocks: Arabic, Arabic Supplement, Arabic Extended-A and both presentation-form blocks.
pub fn is_arabic_script(c: char) -> bool {
    matches!(c,
        '\u{0600}'..='\u{06FF}'
        | '\u{0750}'..='\u{077F}'
        | '\u{08A0}'..='\u{08FF}'
        | '\u{FB50}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFF}')
}

/// Characters that live inside a word without being letters of it.
pub(crate) fn is_joiner(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'     // generic combining diacritics
        | '\u{0610}'..='\u{061A}'   // Arabic honorific and Quranic signs above letters
        | '\u{061C}'                // ARABIC LETTER MARK (bidi)
        | '\u{064B}'..='\u{065F}'   // harakat, tanween, shadda, sukun, hamza marks
        | '\u{0640}'                // ARABIC TATWEEL (kashida)
        | '\u{0670}'                // ARABIC LETTER SUPERSCRIPT ALEF
        | '\u{06D6}'..='\u{06ED}'   // Quranic annotation marks
        | '\u{08D3}'..='\u{08FF}'   // extended Quranic marks
        | '\u{00AD}'                // SOFT HYPHEN
        | '\u{200B}'..='\u{200F}'   // ZWSP, ZWNJ, ZWJ, LRM, RLM
        | '\u{202A}'..='\u{202E}'   // bidi embeddings and overrides
        | '\u{2066}'..='\u{2069}'   // bidi isolates
        | '\u{FE00}'..='\u{FE0F}'   // variation selectors
        | '\u{FE20}'..='\u{FE2F}'   // combining half marks
        | '\u{FEFF}') // ZERO WIDTH NO-BREAK SPACE / BOM
}

/// Arabic next to a digit or a Latin letter starts a new word; digits and Latin letters stay together.
fn breaks_between(previous: CharClass, next: CharClass) -> bool {
    (previous == CharClass::Arabic) != (next == CharClass::Arabic)
}

impl ArabicTokenStream<'_> {
    /// Finds the next word as a byte range, or `None` at the end of the text.
    fn next_word(&mut self) -> Option<(usize, usize)> {
        let rest = &self.text[self.cursor..];
        let mut start = None;
        let mut last_class = CharClass::Separator;
        for (offset, c) in rest.char_indices() {
            let at = self.cursor + offset;
            let class = classify(c);
            match (start, class) {
                (None, CharClass::Arabic | CharClass::Digit | CharClass::OtherLetter) => {
                    start = Some(at);
                    last_class = class;
                }
                (None, _) => {}
                (Some(_), CharClass::Joiner) => {}
                (Some(from), CharClass::Separator) => {
                    self.cursor = at + c.len_utf8();
                    return Some((from, at));
                }
                (Some(from), _) => {
                    if breaks_between(last_class, class) {
                        self.cursor = at;
                        return Some((from, at));
                    }
                    last_class = class;
                }
            }
        }
        self.cursor = self.text.len();
        start.map(|from| (from, self.text.len()))
    }
}

impl TokenStream for ArabicTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let (from, to) = loop {
            let Some((from, to)) = self.next_word() else {
                return false;
            };
            self.token.position = self.token.position.wrapping_add(1);
            // A "word" this long is not a word (a base64 blob, a run of one letter): it would only
            // make a useless term. It keeps its position, so phrases do not bridge it.
            if to - from <= self.max_word_bytes {
                break (from, to);
            }
        };
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.text.clear();
        self.token.text.push_str(&self.text[from..to]);
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::chain::MAX_WORD_BYTES;

    #[test]
    fn overlong_words_are_dropped_but_keep_their_position() {
        let long = "ب".repeat(200);
        let text = format!("عين {long} الأسد");
        let got = tokens(&text);
        assert_eq!(got.len(), 2);
        assert_eq!((got[0].1, got[1].1), (0, 2));
        assert_eq!(tokens(&"ب".repeat(127)).len(), 1);
        // The bound is on bytes as written: 255 is kept, 256 dropped.
        // 126 two-byte letters and the three-byte ﻻ.
        assert_eq!(tokens(&format!("{}ﻻ", "ب".repeat(126))).len(), 1);
        assert_eq!(tokens(&"ب".repeat(128)).len(), 0);
    }

    /// (text, position, from, to) of every token.
    fn tokens(text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut tokenizer = ArabicTokenizer::new(MAX_WORD_BYTES);
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            assert_eq!(
                &text[t.offset_from..t.offset_to],
                t.text,
                "text must be the original slice"
            );
            out.push((t.text.clone(), t.position, t.offset_from, t.offset_to));
        }
        out
    }

    fn tok(text: &str, position: usize, from: usize, to: usize) -> (String, usize, usize, usize) {
        (text.to_string(), position, from, to)
    }

    #[test]
    fn clitic_attached_word_is_one_token_with_byte_offsets() {
        // و ب ا ل ق ا ع د ة: 9 letters, 2 bytes each.
        assert_eq!(
            tokens("وبالقاعدة الجوية"),
            vec![tok("وبالقاعدة", 0, 0, 18), tok("الجوية", 1, 19, 31)]
        );
    }

    #[test]
    fn arabic_punctuation_separates_words() {
        assert_eq!(
            tokens("عراقجي، اليوم؛ لماذا؟ «يونامي» “داعش” ٥٠٪"),
            vec![
                tok("عراقجي", 0, 0, 12),
                tok("اليوم", 1, 15, 25),
                tok("لماذا", 2, 28, 38),
                tok("يونامي", 3, 43, 55),
                tok("داعش", 4, 61, 69),
                tok("٥٠", 5, 73, 77),
            ]
        );
    }

    #[test]
    fn mixed_arabic_latin_and_digits() {
        assert_eq!(
            tokens("OpenAI عام 2024 و٢٠٢٤ G20"),
            vec![
                tok("OpenAI", 0, 0, 6),
                tok("عام", 1, 7, 13),
                tok("2024", 2, 14, 18),
                tok("و", 3, 19, 21),
                tok("٢٠٢٤", 4, 21, 29),
                tok("G20", 5, 30, 33),
            ]
        );
    }

    #[test]
    fn preposition_glued_to_number_is_split() {
        // "بـ42" (with tatweel): the tatweel stays with ب.
        assert_eq!(
            tokens("بـ42 هجومًا"),
            vec![
                tok("بـ", 0, 0, 4),
                tok("42", 1, 4, 6),
                tok("هجومًا", 2, 7, 19)
            ]
        );
    }

    #[test]
    fn diacritics_and_tatweel_stay_inside_the_word() {
        assert_eq!(
            tokens("عَيْنِ بغـــداد"),
            vec![tok("عَيْنِ", 0, 0, 12), tok("بغـــداد", 1, 13, 29)]
        );
    }

    #[test]
    fn invisible_controls_never_split_a_word() {
        let text = "عين\u{200C}الأسد \u{202B}أربيل\u{202C} بغ\u{2067}داد";
        let got = tokens(text);
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!(got[0].0, "عين\u{200C}الأسد");
        // a leading bidi control is not part of the word, a trailing one is
        assert_eq!(got[1].0, "أربيل\u{202C}");
        assert_eq!(got[2].0, "بغ\u{2067}داد");
    }

    #[test]
    fn presentation_forms_are_letters() {
        // ﺍﻟﺴﻼﻡ: five presentation-form letters, 3 bytes each.
        assert_eq!(
            tokens("ﺍﻟﺴﻼﻡ ﻻ"),
            vec![tok("ﺍﻟﺴﻼﻡ", 0, 0, 15), tok("ﻻ", 1, 16, 19)]
        );
    }

    #[test]
    fn lone_marks_and_controls_make_no_token() {
        assert!(tokens("\u{064E} \u{200F}\u{0640} ، ؟").is_empty());
        assert!(tokens("").is_empty());
    }
}
