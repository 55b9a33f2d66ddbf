//! Normalising and cutting text into search terms, identically at build time (here)
//! and at query time (`theme/static/waymark-search.js`).
//!
//! Both sides apply Unicode NFKC and then lower-case, so `９５１０２１１` finds `9510211`
//! and `APP` finds `app`. Text is then cut into tokens: runs of Han, Kana or Hangul
//! characters (matched by character bigrams, so any run of characters is findable with
//! no dictionary), and words of other letters or digits (matched by prefix), split
//! where letters meet ASCII digits. The vectors in `tests/search/normalization.json`
//! are checked against both implementations so they can never drift apart.

use unicode_normalization::UnicodeNormalization;

/// What kind of text a token is, which decides how it is matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    /// A run of Han, Kana or Hangul characters: matched by bigrams and exact substring.
    Cjk,
    /// Letters or digits of other scripts: matched by prefix.
    Word,
}

/// A normalised piece of text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Token {
    /// How the token is matched.
    pub kind: TokenKind,
    /// The normalised text.
    pub text: String,
}

/// NFKC, then lower case.
pub fn normalize(text: &str) -> String {
    if unicode_normalization::is_nfkc_quick(text.chars())
        == unicode_normalization::IsNormalized::Yes
    {
        text.to_lowercase()
    } else {
        text.nfkc().collect::<String>().to_lowercase()
    }
}

/// Whether `c` belongs to a script written without spaces between words.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3005 | 0x3007 | 0x3021..=0x3029 | 0x3038..=0x303B
        | 0x3040..=0x309F | 0x30A0..=0x30FF | 0x31F0..=0x31FF
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF
        | 0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x3130..=0x318F
        | 0x20000..=0x3134F)
}

fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || c.is_numeric()
}

/// Cuts already-normalised text into tokens.
pub fn tokens(normalized: &str) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    let mut current: Option<(TokenKind, String, bool)> = None;
    for c in normalized.chars() {
        let kind = if is_cjk(c) {
            Some(TokenKind::Cjk)
        } else if is_word_char(c) {
            Some(TokenKind::Word)
        } else {
            None
        };
        let digit = c.is_ascii_digit();
        match (&mut current, kind) {
            (Some((k, text, was_digit)), Some(kind))
                if *k == kind && (kind == TokenKind::Cjk || *was_digit == digit) =>
            {
                text.push(c);
                *was_digit = digit;
            }
            (_, Some(kind)) => {
                if let Some((k, text, _)) = current.take() {
                    out.push(Token { kind: k, text });
                }
                current = Some((kind, c.to_string(), digit));
            }
            (_, None) => {
                if let Some((k, text, _)) = current.take() {
                    out.push(Token { kind: k, text });
                }
            }
        }
    }
    if let Some((k, text, _)) = current {
        out.push(Token { kind: k, text });
    }
    out
}

/// Calls `visit` with every index term of a token: a word is its own term; a CJK
/// run gives each pair of neighbouring characters, and its last character alone.
///
/// Every character of a run then starts a term (a bigram, or the final unigram), so
/// a one-character query is a prefix lookup over sorted terms, and the index needs
/// no unigram for every character.
pub fn for_each_index_term<'a>(token: &'a Token, mut visit: impl FnMut(&'a str)) {
    match token.kind {
        TokenKind::Word => visit(&token.text),
        TokenKind::Cjk => {
            let text = token.text.as_str();
            let starts: Vec<usize> = text
                .char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .collect();
            for w in starts.windows(3) {
                visit(&text[w[0]..w[2]]);
            }
            if let [.., last, end] = starts[..] {
                visit(&text[last..end]);
            }
        }
    }
}

/// The terms a query token must find: a CJK run of one character, and a word, are
/// looked up as prefixes; a longer CJK run needs every one of its bigrams.
pub fn query_terms(token: &Token) -> Vec<String> {
    match token.kind {
        TokenKind::Word => vec![token.text.clone()],
        TokenKind::Cjk => {
            let chars: Vec<char> = token.text.chars().collect();
            if chars.len() == 1 {
                vec![token.text.clone()]
            } else {
                let mut grams: Vec<String> = chars.windows(2).map(|w| w.iter().collect()).collect();
                grams.dedup();
                grams
            }
        }
    }
}

/// JavaScript compares strings by UTF-16 code units; shards are ordered the same way
/// so the browser's binary search agrees with the build.
pub fn utf16_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index_terms(token: &Token) -> Vec<String> {
        let mut terms = Vec::new();
        for_each_index_term(token, |t| terms.push(t.to_string()));
        terms
    }

    fn words(text: &str) -> Vec<String> {
        tokens(&normalize(text))
            .into_iter()
            .map(|t| t.text)
            .collect()
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

    /// The table the browser test checks against the JavaScript side too.
    #[test]
    fn shared_normalization_vectors() {
        let vectors: Vec<serde_json::Value> =
            serde_json::from_str(include_str!("../../tests/search/normalization.json")).unwrap();
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

    #[test]
    fn cjk_runs_index_bigrams_and_their_last_character() {
        let t = &tokens("客服小蜜")[0];
        assert_eq!(index_terms(t), ["客服", "服小", "小蜜", "蜜"]);
        assert_eq!(query_terms(t), ["客服", "服小", "小蜜"]);
        assert_eq!(query_terms(&tokens("蜜")[0]), ["蜜"]);
    }
}
