//! Answering a query from the index, exactly as the browser does
//! (`theme/static/waymark.js`, `runQuery`). Tests use it to check ranking without a
//! browser; the browser test runs the same query table through the real script, so
//! the two stay in step.
//!
//! 1. The query is normalised and cut into tokens; every token must match (AND).
//! 2. A word token matches every indexed word it is a prefix of (one-letter tokens
//!    match whole words only); a one-character CJK token matches every term it
//!    starts; a longer CJK token matches documents holding all its bigrams.
//! 3. Candidates are ordered by a preliminary score (title over body, shorter over
//!    longer), and the best [`VERIFY`] are checked against their text: an exact phrase
//!    in the title beats one in the body, which beats scattered bigrams; titles the
//!    query fills more of, and documents with fewer extra characters (one point per
//!    64 characters, at most 20), come first.
//!
//! Scores are integers so both languages compute the same order.

use std::collections::HashMap;

use super::index::SearchIndex;
use super::text::{normalize, query_terms, tokens, Token, TokenKind};

/// How many candidates are checked against their text.
pub const VERIFY: usize = 30;

/// A ranked result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Document id.
    pub doc: u32,
    /// Final score; higher is better.
    pub score: i64,
}

/// What one token found in one document: length bucket and whether every term of
/// the token is in the title.
type Found = HashMap<u32, (u8, bool)>;

/// The query's tokens, normalised, without repeats.
pub fn query_tokens(query: &str) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    for t in tokens(&normalize(query)) {
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

fn find(index: &SearchIndex, token: &Token) -> Found {
    let mut found: Found = HashMap::new();
    let single = token.text.chars().count() < 2;
    if token.kind == TokenKind::Cjk && !single {
        for (i, gram) in query_terms(token).iter().enumerate() {
            let list = index.terms.get(gram).map(Vec::as_slice).unwrap_or(&[]);
            let here: Found = list
                .iter()
                .map(|p| (p.doc, (index.docs[p.doc as usize].bucket, p.in_title)))
                .collect();
            if i == 0 {
                found = here;
            } else {
                found.retain(|doc, (_, title)| match here.get(doc) {
                    Some((_, t)) => {
                        *title &= t;
                        true
                    }
                    None => false,
                });
            }
        }
        return found;
    }
    let prefix = token.text.as_str();
    let whole_only = token.kind == TokenKind::Word && single;
    for (term, list) in index.terms.range(prefix.to_string()..) {
        if !term.starts_with(prefix) {
            break;
        }
        if whole_only && term != prefix {
            continue;
        }
        for p in list {
            let entry = found
                .entry(p.doc)
                .or_insert((index.docs[p.doc as usize].bucket, false));
            entry.1 |= p.in_title;
        }
    }
    found
}

/// Ranks the documents matching every token of `query`; best first, at most [`VERIFY`].
pub fn search(index: &SearchIndex, query: &str) -> Vec<Hit> {
    let toks = query_tokens(query);
    if toks.is_empty() {
        return Vec::new();
    }
    let found: Vec<Found> = toks.iter().map(|t| find(index, t)).collect();
    let mut candidates: Vec<(u32, i64)> = found[0]
        .iter()
        .filter(|(doc, _)| found[1..].iter().all(|f| f.contains_key(doc)))
        .map(|(doc, (bucket, _))| {
            let title_score: i64 = found.iter().map(|f| if f[doc].1 { 40 } else { 4 }).sum();
            (*doc, title_score - *bucket as i64)
        })
        .collect();
    candidates.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    candidates.truncate(VERIFY);
    let mut hits: Vec<(Hit, i64)> = candidates
        .iter()
        .map(|(doc, prelim)| {
            let d = &index.docs[*doc as usize];
            let title = normalize(&d.title);
            let body = normalize(&format!("{} {}", d.crumbs, d.text));
            let title_len = title.chars().count().max(1) as i64;
            let length = (d.title.chars().count() + d.text.chars().count()) as i64;
            let mut score = 0i64;
            for (t, f) in toks.iter().zip(&found) {
                score += if title.contains(&t.text) {
                    100 + 50 * t.text.chars().count() as i64 / title_len
                } else if f[doc].1 {
                    30
                } else if body.contains(&t.text) {
                    20
                } else {
                    5
                };
            }
            (
                Hit {
                    doc: *doc,
                    score: score - (length / 64).min(20),
                },
                *prelim,
            )
        })
        .collect();
    hits.sort_by(|(a, pa), (b, pb)| {
        b.score
            .cmp(&a.score)
            .then(pb.cmp(pa))
            .then(a.doc.cmp(&b.doc))
    });
    hits.into_iter().map(|(h, _)| h).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::pages::Section;

    fn index(sections: &[(&str, &str, &str)]) -> SearchIndex {
        let owned: Vec<Section> = sections
            .iter()
            .map(|(url, title, text)| Section {
                output: url.to_string(),
                anchor: None,
                title: title.to_string(),
                crumbs: Vec::new(),
                step: None,
                text: text.to_string(),
            })
            .collect();
        let refs: Vec<&Section> = owned.iter().collect();
        SearchIndex::build(&refs, "")
    }

    fn urls(ix: &SearchIndex, q: &str) -> Vec<String> {
        search(ix, q)
            .iter()
            .map(|h| ix.docs[h.doc as usize].url.clone())
            .collect()
    }

    #[test]
    fn title_beats_body_and_exact_beats_scattered() {
        let ix = index(&[
            ("body.html", "其他", "这里提到转人工客服"),
            ("scattered.html", "人工转接", "转人 和 人工 分开出现"),
            ("title.html", "输入转人工", "正文"),
        ]);
        assert_eq!(
            urls(&ix, "转人工"),
            ["title.html", "body.html", "scattered.html"]
        );
    }

    #[test]
    fn every_term_must_match() {
        let ix = index(&[
            ("a.html", "拨打电话", "客服热线"),
            ("b.html", "拨打电话", "投诉"),
        ]);
        assert_eq!(urls(&ix, "拨打 热线"), ["a.html"]);
        assert!(urls(&ix, "拨打 不存在").is_empty());
    }

    #[test]
    fn words_match_by_prefix_and_fold_width_and_case() {
        let ix = index(&[
            ("a.html", "热线", "拨打 9510211"),
            ("b.html", "APP", "打开"),
        ]);
        assert_eq!(urls(&ix, "951"), ["a.html"]);
        assert_eq!(urls(&ix, "９５１０２１１"), ["a.html"]);
        assert_eq!(urls(&ix, "ap"), ["b.html"]);
        assert_eq!(urls(&ix, "APP"), ["b.html"]);
        assert!(
            urls(&ix, "a").is_empty(),
            "one letter matches whole words only"
        );
    }

    #[test]
    fn shorter_documents_win_ties() {
        let long = "凭证".to_string() + &"很长的正文".repeat(100);
        let ix = index(&[("long.html", "甲", &long), ("short.html", "乙", "上传凭证")]);
        assert_eq!(urls(&ix, "凭证"), ["short.html", "long.html"]);
    }

    #[test]
    fn single_characters_are_found() {
        let ix = index(&[("a.html", "客服小蜜", "")]);
        assert_eq!(urls(&ix, "蜜"), ["a.html"]);
    }
}
