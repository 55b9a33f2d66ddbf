//! The terms the index holds and the terms a query looks up, both cut from the
//! tokens of [`crate::analysis`]: a word is its own term; a run of CJK characters
//! gives its character bigrams. Terms are ordered as JavaScript orders strings, so the
//! browser's binary search over shards agrees with the build.

use crate::analysis::{Token, TokenKind};

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
            // The start of every character and the end, walked three at a time.
            let mut starts = text.char_indices().map(|(i, _)| i).chain([text.len()]);
            let (Some(mut a), Some(mut b)) = (starts.next(), starts.next()) else {
                return;
            };
            for c in starts {
                visit(&text[a..c]);
                (a, b) = (b, c);
            }
            visit(&text[a..b]);
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

/// One document's entry in a term's postings: its id and whether the term is in its
/// title, in one `u32`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting(u32);

impl Posting {
    /// The posting of document `doc`.
    pub fn new(doc: u32, in_title: bool) -> Posting {
        Posting(doc << 1 | in_title as u32)
    }

    /// Document id.
    pub fn doc(self) -> u32 {
        self.0 >> 1
    }

    /// Whether the term is in the document's title.
    pub fn in_title(self) -> bool {
        self.0 & 1 == 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::tokens;

    fn index_terms(token: &Token) -> Vec<String> {
        let mut terms = Vec::new();
        for_each_index_term(token, |t| terms.push(t.to_string()));
        terms
    }

    #[test]
    fn cjk_runs_index_bigrams_and_their_last_character() {
        let t = &tokens("客服小蜜")[0];
        assert_eq!(index_terms(t), ["客服", "服小", "小蜜", "蜜"]);
        assert_eq!(query_terms(t), ["客服", "服小", "小蜜"]);
        assert_eq!(query_terms(&tokens("蜜")[0]), ["蜜"]);
    }

    #[test]
    fn terms_sort_as_javascript_strings_do() {
        // U+FF21 is one UTF-16 unit, U+20000 two surrogates starting 0xD840.
        assert!(utf16_cmp("\u{20000}", "\u{ff21}").is_lt());
        assert!("\u{20000}" > "\u{ff21}", "unlike Rust's own order");
    }
}
