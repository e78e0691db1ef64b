//! Bytes → text for `.txt` files.
//!
//! Arabic text on disk comes in several encodings: UTF-8 (with or without a BOM, the BOM being
//! what Windows Notepad writes), UTF-16 with a BOM (Windows "Unicode" files), and the legacy
//! single-byte Arabic code pages Windows-1256 and ISO-8859-6 that older news archives still use.
//! Decoding picks the encoding, removes the BOM, and returns an owned `String`; every byte offset
//! the rest of the pipeline computes refers to that `String`, never to the file bytes.
//!
//! Binary files that happen to be named `.txt` are rejected instead of being indexed as garbage.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};
use thiserror::Error;

/// How many leading bytes / chars the binary-file heuristics look at. Enough to be confident,
/// small enough to stay cheap on a 20 MB file.
const SNIFF_LEN: usize = 8 * 1024;

/// A file whose sniffed prefix has more than 1 control character in this many chars is binary.
/// Real text has essentially none besides tab/newline/CR/form feed.
const CONTROL_SHARE_DENOMINATOR: usize = 10;

/// Why a file could not be turned into text.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// NUL bytes or many control characters: an image, archive, database… named like text.
    #[error("binary file")]
    Binary,
}

/// A decoded document and the encoding it was read as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The document text without any BOM; offsets elsewhere refer to this string.
    pub text: String,
    /// The encoding that was used, e.g. `UTF-8`, `UTF-16LE`, `windows-1256`, `ISO-8859-6`.
    pub encoding: &'static Encoding,
}

/// Decodes a whole file.
///
/// Order of decisions: a BOM is authoritative; otherwise valid UTF-8 is UTF-8 (a legacy
/// single-byte Arabic text is essentially never valid UTF-8, while the reverse misdetection would
/// be common); otherwise `chardetng` guesses a legacy encoding (for Arabic text it picks
/// Windows-1256 or ISO-8859-6) and `encoding_rs` decodes it, replacing unmappable bytes with
/// U+FFFD rather than failing.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        if encoding == UTF_8 {
            reject_nul(body)?;
        }
        let (text, _had_errors) = encoding.decode_without_bom_handling(body);
        return finish(text.into_owned(), encoding);
    }

    reject_nul(bytes)?;
    match std::str::from_utf8(bytes) {
        Ok(text) => finish(text.to_owned(), UTF_8),
        Err(_) => {
            let encoding = guess_legacy(bytes);
            let (text, _had_errors) = encoding.decode_without_bom_handling(bytes);
            finish(text.into_owned(), encoding)
        }
    }
}

/// Like [`decode`], but takes ownership so the common case — BOM-less valid UTF-8 — reuses the
/// buffer instead of copying it (a 20 MB file then needs 20 MB, not 40).
pub fn decode_vec(bytes: Vec<u8>) -> Result<Decoded, DecodeError> {
    if Encoding::for_bom(&bytes).is_some() {
        return decode(&bytes);
    }
    reject_nul(&bytes)?;
    match String::from_utf8(bytes) {
        Ok(text) => finish(text, UTF_8),
        Err(e) => decode(e.as_bytes()),
    }
}

/// Asks chardetng for the most plausible non-UTF-8 encoding of `bytes`.
fn guess_legacy(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    // Invalid UTF-8 cannot be decoded as UTF-8 or UTF-16 without a BOM in any useful way; the
    // detector never returns those with `Deny`, but stay defensive.
    if guess == UTF_8 || guess == UTF_16LE || guess == UTF_16BE {
        encoding_rs::WINDOWS_1256
    } else {
        guess
    }
}

/// Outside UTF-16, a NUL byte never occurs in text but is ubiquitous in binary formats.
fn reject_nul(bytes: &[u8]) -> Result<(), DecodeError> {
    let sniff = &bytes[..bytes.len().min(SNIFF_LEN)];
    if sniff.contains(&0) {
        Err(DecodeError::Binary)
    } else {
        Ok(())
    }
}

/// Final check on the decoded text: a high share of control characters means the bytes were not
/// text (this also catches binary data that slipped through as UTF-16 or a legacy encoding).
fn finish(text: String, encoding: &'static Encoding) -> Result<Decoded, DecodeError> {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars().take(SNIFF_LEN) {
        total += 1;
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{0c}') {
            control += 1;
        }
    }
    if control > 0 && control * CONTROL_SHARE_DENOMINATOR > total {
        return Err(DecodeError::Binary);
    }
    Ok(Decoded { text, encoding })
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{ISO_8859_6, WINDOWS_1256};

    const ARABIC: &str = "أعلنت الحكومة العراقية، يوم الثلاثاء، انتهاء انسحاب قوات التحالف \
        القتالية من البلاد، وقال المتحدث إن العراق وصل إلى نقطة الدعم اللوجستي.\n\
        وأضاف أن المهمة الأساسية للمستشارين تقديم استشارة للقوات العراقية في مجال التدريب.\n";

    fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
        // encoding_rs only encodes *to* UTF-8 for the UTF-16 encodings (per the WHATWG spec), so
        // UTF-16 test bytes are built from the code units directly.
        let mut out = if little_endian {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for unit in text.encode_utf16() {
            let bytes = if little_endian {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            };
            out.extend_from_slice(&bytes);
        }
        out
    }

    #[test]
    fn plain_utf8() {
        let d = decode(ARABIC.as_bytes()).expect("utf-8 decodes");
        assert_eq!(d.text, ARABIC);
        assert_eq!(d.encoding, UTF_8);
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(ARABIC.as_bytes());
        let d = decode(&bytes).expect("utf-8 with bom decodes");
        assert_eq!(d.text, ARABIC);
        assert!(!d.text.starts_with('\u{feff}'));
    }

    #[test]
    fn utf16_le_and_be_with_bom() {
        let le = decode(&utf16(ARABIC, true)).expect("utf-16le decodes");
        assert_eq!(le.text, ARABIC);
        assert_eq!(le.encoding, UTF_16LE);
        let be = decode(&utf16(ARABIC, false)).expect("utf-16be decodes");
        assert_eq!(be.text, ARABIC);
        assert_eq!(be.encoding, UTF_16BE);
    }

    #[test]
    fn windows_1256_is_detected() {
        let (bytes, _, unmappable) = WINDOWS_1256.encode(ARABIC);
        assert!(!unmappable);
        assert!(std::str::from_utf8(&bytes).is_err());
        let d = decode(&bytes).expect("windows-1256 decodes");
        assert_eq!(d.encoding, WINDOWS_1256);
        assert_eq!(d.text, ARABIC);
    }

    #[test]
    fn iso_8859_6_is_detected() {
        // ISO-8859-6 has no hamza-on-alef variants beyond the basic set and no Persian letters,
        // but everything in this sample is representable.
        let (bytes, _, unmappable) = ISO_8859_6.encode(ARABIC);
        assert!(!unmappable);
        let d = decode(&bytes).expect("iso-8859-6 decodes");
        assert_eq!(d.encoding, ISO_8859_6);
        assert_eq!(d.text, ARABIC);
    }

    #[test]
    fn nul_bytes_mean_binary() {
        let mut bytes = b"PK\x03\x04".to_vec();
        bytes.extend_from_slice(&[0, 0, 0, 8, 0, 1, 2]);
        assert_eq!(decode(&bytes), Err(DecodeError::Binary));
        // Even after a UTF-8 BOM.
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(&bytes);
        assert_eq!(decode(&bom), Err(DecodeError::Binary));
    }

    #[test]
    fn control_characters_mean_binary_but_tabs_do_not() {
        let noisy: Vec<u8> = (0..400u32)
            .map(|i| [1u8, 2, 3, b'a'][i as usize % 4])
            .collect();
        assert_eq!(decode(&noisy), Err(DecodeError::Binary));
        let tabs = "عمود\tعمود\r\nسطر\u{0c}\n";
        assert_eq!(decode(tabs.as_bytes()).map(|d| d.text), Ok(tabs.to_owned()));
    }

    #[test]
    fn utf16_encoded_binary_is_rejected() {
        // A UTF-16 BOM followed by NULs decodes to U+0000 chars: still binary.
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend_from_slice(&[0u8; 64]);
        assert_eq!(decode(&bytes), Err(DecodeError::Binary));
    }

    #[test]
    fn decode_vec_agrees_with_decode() {
        let (legacy, _, _) = WINDOWS_1256.encode(ARABIC);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(ARABIC.as_bytes());
        for bytes in [
            ARABIC.as_bytes().to_vec(),
            bom,
            utf16(ARABIC, true),
            legacy.into_owned(),
            b"a\0b".to_vec(),
        ] {
            assert_eq!(decode_vec(bytes.clone()), decode(&bytes));
        }
    }

    #[test]
    fn empty_input_is_empty_text() {
        assert_eq!(decode(b"").map(|d| d.text), Ok(String::new()));
    }
}
