//! Text analysis: normalising text and cutting it into tokens, one rule for the search
//! index, for the synonyms `site.yml` may list, and for what readers type in the
//! browser (`theme/static/waymark-search.js`).
//!
//! Both languages apply Unicode NFKC and then lower-case, so `９５１０２１１` finds
//! `9510211` and `APP` finds `app`. Text is then cut into tokens: runs of Han, Kana or
//! Hangul characters (matched by character bigrams, so any run of characters is
//! findable with no dictionary), and words of other letters or digits (matched by
//! prefix), split where letters meet ASCII digits. The character classes that decide
//! this are [`CLASSES`], which the browser receives as generated code (see
//! `search::spec`); the vectors in `tests/search/normalization.json` are checked
//! against both implementations.
//!
//! A leaf: `config` checks synonyms with it and `search` indexes with it, and neither
//! imports the other.

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

/// What kind of text a token is, which decides how it is matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    /// A run of Han, Kana or Hangul characters: matched by bigrams and exact substring.
    Cjk,
    /// Letters or digits of other scripts: matched by prefix.
    Word,
}

/// A normalised piece of text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Token {
    /// How the token is matched.
    pub kind: TokenKind,
    /// The normalised text.
    pub text: String,
}

/// A Unicode property a word character may have; serialised as the name a JavaScript
/// `\p{…}` escape uses for it, so the browser tests the same property.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Property {
    /// The derived property `Alphabetic` (Rust's `char::is_alphabetic`): letters of
    /// every script, and marks and numbers that behave like letters.
    Alphabetic,
    /// General category `N`, any number (Rust's `char::is_numeric`).
    #[serde(rename = "N")]
    Numeric,
}

impl Property {
    fn holds(self, c: char) -> bool {
        match self {
            Property::Alphabetic => c.is_alphabetic(),
            Property::Numeric => c.is_numeric(),
        }
    }
}

/// The character classes text is cut by. Code-point ranges are inclusive and sorted.
#[derive(Debug, Serialize)]
pub struct Classes {
    /// Scripts written without spaces between words, whose runs are matched by bigrams:
    /// Hangul Jamo, the ideographic iteration marks and Hangzhou numerals (`々`, `〇`,
    /// `〡`–`〩`, `〸`–`〻`), Hiragana, Katakana, Hangul Compatibility Jamo, Katakana
    /// Phonetic Extensions, CJK Unified Ideographs with Extension A, Hangul Syllables,
    /// CJK Compatibility Ideographs, and the ideographs of planes 2 and 3 (Extensions
    /// B to G). Punctuation of the CJK blocks (`，`, `“`) is left out, so it separates
    /// tokens as a space does.
    pub cjk: &'static [(u32, u32)],
    /// The rest of a word: letters and numbers of any other script.
    pub word: &'static [Property],
    /// ASCII digits: a word is cut where letters meet them (`iphone15` is `iphone`
    /// and `15`), so a model number is found on its own. Other digits (`١`) stay
    /// inside their word.
    pub digit: &'static [(u32, u32)],
}

/// The classes both Rust and the browser cut text by.
pub const CLASSES: Classes = Classes {
    cjk: &[
        (0x1100, 0x11FF),
        (0x3005, 0x3005),
        (0x3007, 0x3007),
        (0x3021, 0x3029),
        (0x3038, 0x303B),
        (0x3040, 0x309F),
        (0x30A0, 0x30FF),
        (0x3130, 0x318F),
        (0x31F0, 0x31FF),
        (0x3400, 0x4DBF),
        (0x4E00, 0x9FFF),
        (0xAC00, 0xD7AF),
        (0xF900, 0xFAFF),
        (0x20000, 0x3134F),
    ],
    word: &[Property::Alphabetic, Property::Numeric],
    digit: &[(0x30, 0x39)],
};

/// Whether `c` lies in one of the sorted, inclusive `ranges`.
fn in_ranges(ranges: &[(u32, u32)], c: char) -> bool {
    let c = c as u32;
    ranges
        .iter()
        .take_while(|(start, _)| *start <= c)
        .any(|(_, end)| c <= *end)
}

/// NFKC, then lower case.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match normalize_alone(c) {
            Some(n) => out.push(n),
            None => return normalize_slowly(text),
        }
    }
    out
}

/// What NFKC and lower case make of `c` when the text holds nothing but such
/// characters: ASCII, the common CJK ideographs and punctuation, and the full-width
/// forms of ASCII. None of them combines with a neighbour, so most text (Chinese with
/// English) skips the normalisation tables; anything else takes
/// [`normalize_slowly`]. A test holds every one to the tables.
fn normalize_alone(c: char) -> Option<char> {
    match c {
        '\0'..='\x7f' => Some(c.to_ascii_lowercase()),
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{3001}'..='\u{3002}'
        | '\u{3008}'..='\u{3011}'
        | '\u{2018}'..='\u{2019}'
        | '\u{201C}'..='\u{201D}'
        | '\u{00B7}' => Some(c),
        // The full-width forms of `!` to `~`.
        '\u{FF01}'..='\u{FF5E}' => {
            char::from_u32(c as u32 - 0xFEE0).map(|a| a.to_ascii_lowercase())
        }
        '\u{3000}' => Some(' '),
        _ => None,
    }
}

/// NFKC by the tables, then lower case.
fn normalize_slowly(text: &str) -> String {
    if unicode_normalization::is_nfkc_quick(text.chars())
        == unicode_normalization::IsNormalized::Yes
    {
        text.to_lowercase()
    } else {
        text.nfkc().collect::<String>().to_lowercase()
    }
}

/// Whether `c` belongs to a script written without spaces between words
/// ([`Classes::cjk`]).
pub fn is_cjk(c: char) -> bool {
    in_ranges(CLASSES.cjk, c)
}

fn is_word_char(c: char) -> bool {
    CLASSES.word.iter().any(|p| p.holds(c))
}

fn is_digit(c: char) -> bool {
    in_ranges(CLASSES.digit, c)
}

/// Cuts already-normalised text into tokens.
pub fn tokens(normalized: &str) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    // The current token: its kind, where it starts, and whether its last character
    // is a digit.
    let mut current: Option<(TokenKind, usize, bool)> = None;
    let mut end = |current: Option<(TokenKind, usize, bool)>, at: usize| {
        if let Some((kind, start, _)) = current {
            out.push(Token {
                kind,
                text: normalized[start..at].to_string(),
            });
        }
    };
    for (i, c) in normalized.char_indices() {
        let (kind, digit) = class_of(c);
        match (current, kind) {
            (Some((k, start, was_digit)), Some(kind))
                if k == kind && (kind == TokenKind::Cjk || was_digit == digit) =>
            {
                current = Some((k, start, digit));
            }
            (_, Some(kind)) => {
                end(current, i);
                current = Some((kind, i, digit));
            }
            (_, None) => {
                end(current.take(), i);
            }
        }
    }
    end(current, normalized.len());
    out
}

/// The token kind of `c` (none for a separator) and whether it is a digit, by
/// [`CLASSES`]; ASCII and the common ideographs without a look at the tables.
fn class_of(c: char) -> (Option<TokenKind>, bool) {
    if c.is_ascii() {
        let kind = c.is_ascii_alphanumeric().then_some(TokenKind::Word);
        return (kind, c.is_ascii_digit());
    }
    if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
        return (Some(TokenKind::Cjk), false);
    }
    class_by_tables(c)
}

/// [`class_of`] by [`CLASSES`] alone.
fn class_by_tables(c: char) -> (Option<TokenKind>, bool) {
    let kind = if is_cjk(c) {
        Some(TokenKind::Cjk)
    } else if is_word_char(c) {
        Some(TokenKind::Word)
    } else {
        None
    };
    (kind, is_digit(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        tokens(&normalize(text))
            .into_iter()
            .map(|t| t.text)
            .collect()
    }

    #[test]
    fn the_quick_path_agrees_with_the_tables_for_every_character_it_takes() {
        let taken: Vec<char> = (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|c| normalize_alone(*c).is_some())
            .collect();
        assert!(taken.len() > 20_000, "{}", taken.len());
        for c in &taken {
            let alone = c.to_string();
            assert_eq!(
                normalize(&alone),
                normalize_slowly(&alone),
                "U+{:04X}",
                *c as u32
            );
        }
        // Side by side too: no pair of them combines.
        let sample: String = taken.iter().step_by(97).collect();
        assert_eq!(normalize(&sample), normalize_slowly(&sample));
        // Text with anything else takes the tables: `e` and a combining acute compose.
        assert_eq!(normalize("Cafe\u{301} ＡＢ"), "café ab");
    }

    #[test]
    fn the_quick_classes_agree_with_the_tables() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(class_of(c), class_by_tables(c), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn full_width_digits_and_capitals_fold() {
        assert_eq!(normalize("９５１０２１１"), "9510211");
        assert_eq!(normalize("APP"), "app");
        assert_eq!(normalize("ＡＰＰ"), "app");
    }

    #[test]
    fn text_is_cut_at_script_and_digit_boundaries() {
        assert_eq!(words("拨打9510211转人工"), ["拨打", "9510211", "转人工"]);
        assert_eq!(
            words("区号+12315，周一至周五"),
            ["区号", "12315", "周一至周五"]
        );
        assert_eq!(words("iPhone15 Pro"), ["iphone", "15", "pro"]);
        assert_eq!(words("“我的”页面"), ["我的", "页面"]);
    }

    /// The browser builds its tests from these lists and walks them in order.
    #[test]
    fn ranges_are_sorted_and_apart() {
        for ranges in [CLASSES.cjk, CLASSES.digit] {
            assert!(ranges.iter().all(|(start, end)| start <= end));
            assert!(ranges.windows(2).all(|w| w[0].1 < w[1].0), "{ranges:x?}");
        }
        for (c, cjk) in [
            ('々', true),
            ('の', true),
            ('ー', true),
            ('한', true),
            ('中', true),
            ('\u{20000}', true),
            ('，', false),
            ('“', false),
            ('a', false),
            ('9', false),
        ] {
            assert_eq!(is_cjk(c), cjk, "{c}");
        }
    }

    /// The table the browser test checks against the JavaScript side too.
    #[test]
    fn shared_normalization_vectors() {
        let vectors: Vec<serde_json::Value> =
            serde_json::from_str(include_str!("../tests/search/normalization.json")).unwrap();
        assert!(vectors.len() >= 10);
        for v in vectors {
            let input = v["input"].as_str().unwrap();
            let normalized = normalize(input);
            assert_eq!(
                normalized,
                v["normalized"].as_str().unwrap(),
                "normalize({input:?})"
            );
            let got: Vec<serde_json::Value> = tokens(&normalized)
                .into_iter()
                .map(|t| serde_json::json!([t.kind, t.text]))
                .collect();
            assert_eq!(
                serde_json::Value::from(got),
                v["tokens"],
                "tokens({input:?})"
            );
        }
    }
}
