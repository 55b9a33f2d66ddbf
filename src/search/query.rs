//! Answering a query from the index, exactly as the browser does
//! (`theme/static/waymark-search.js`, `runQuery`). `tests/testsuite/parity.rs` runs that
//! file under Node over a published index and compares every ranked list with this
//! one, so the two stay in step.
//!
//! 1. The query is normalised and cut into tokens; documents holding every token come
//!    first, then (when fewer than [`Spec::relax_below`] do) those holding some.
//! 2. A word token matches every indexed word it is a prefix of (one-letter tokens
//!    match whole words only); a one-character CJK token matches every term it
//!    starts; a longer CJK token matches documents holding all its bigrams.
//! 3. Candidates are ordered by a preliminary score (title over body, shorter over
//!    longer), and the best [`Spec::verify`] are checked against their title and excerpt:
//!    an exact phrase in the title beats one in the body, which beats scattered
//!    bigrams; titles the query fills more of, and documents with fewer extra
//!    characters (one point per 64 characters, at most 20), come first. A word, or a
//!    run of one or two characters, that the index found is in the body; a longer run
//!    counts as a phrase when the excerpt holds it as written.
//!
//! 4. A query word in one of the site's synonym groups also finds the group's other
//!    words (`退款` finds `维权`); a synonym scores a little below the word itself.
//!
//! Scores are integers so both languages compute the same order. Every weight and
//! limit is a field of [`Spec`]: [`search`] ranks by the published [`SPEC`], and the
//! browser by the copy `meta.js` carries.

use std::collections::HashMap;

use super::index::SearchIndex;
use super::spec::{Spec, SPEC};
use super::terms::query_terms;
use crate::analysis::{normalize, tokens, Token, TokenKind};

/// A ranked result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Document id.
    pub doc: u32,
    /// Final score; higher is better.
    pub score: i64,
}

/// Documents one lookup found: length bucket, and whether it matched in the title.
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

/// The lookups ("units") of a token: one per bigram of a longer CJK run; one prefix
/// lookup for a word or a single CJK character.
fn units(index: &SearchIndex, token: &Token, spec: &Spec) -> Vec<Found> {
    let single = token.text.chars().count() < 2;
    if token.kind == TokenKind::Cjk && !single {
        return query_terms(token)
            .iter()
            .map(|gram| {
                let list = index.postings(gram).unwrap_or(&[]);
                list.iter()
                    .map(|p| {
                        (
                            p.doc(),
                            (index.docs[p.doc() as usize].bucket(), p.in_title()),
                        )
                    })
                    .collect()
            })
            .collect();
    }
    let mut found: Found = HashMap::new();
    let prefix = token.text.as_str();
    let whole_only = token.kind == TokenKind::Word && single;
    for (_, list) in index.with_prefix(prefix, whole_only, spec) {
        for p in list {
            let entry = found
                .entry(p.doc())
                .or_insert((index.docs[p.doc() as usize].bucket(), false));
            entry.1 |= p.in_title();
        }
    }
    vec![found]
}

/// The words a query token stands for: itself first, then the other members of each
/// synonym group it belongs to, in the groups' order, without repeats.
pub fn alternatives(index: &SearchIndex, token: &Token) -> Vec<Token> {
    let mut out = vec![token.clone()];
    for group in index.synonyms.iter().filter(|g| g.contains(&token.text)) {
        for word in group {
            for t in tokens(word) {
                if !out.contains(&t) {
                    out.push(t);
                }
            }
        }
    }
    out
}

/// Documents any of `maps` holds; in the title if any of them has it there.
fn union(maps: impl Iterator<Item = Found>) -> Found {
    let mut out = Found::new();
    for map in maps {
        for (doc, (bucket, title)) in map {
            let e = out.entry(doc).or_insert((bucket, false));
            e.1 |= title;
        }
    }
    out
}

/// Documents holding every unit of a token; in the title only if every unit is.
fn all_units(units: &[Found]) -> Found {
    let mut found = units[0].clone();
    for unit in &units[1..] {
        found.retain(|doc, (_, title)| match unit.get(doc) {
            Some((_, t)) => {
                *title &= t;
                true
            }
            None => false,
        });
    }
    found
}

/// Whether `word` is in the text of document `doc`, which the word's own lookups
/// `found`: a word, or a run of at most [`Spec::exact_run`] characters, is there
/// whenever the lookups found the document (the index holds the whole text); a longer
/// run must appear as written in the document's crumbs or excerpt (`body`), not only
/// as scattered pairs.
fn in_body(word: &Token, found: &Found, doc: u32, body: &str, spec: &Spec) -> bool {
    found.contains_key(&doc)
        && (word.kind == TokenKind::Word
            || word.text.chars().count() <= spec.exact_run
            || body.contains(&word.text))
}

/// How telling a unit is: ⌊log2(documents / documents holding it)⌋, in integers so
/// both languages agree. A bigram in every document (say, from a breadcrumb) weighs 0.
fn rarity(docs: usize, holding: usize) -> i64 {
    let mut weight = 0;
    let mut x = holding.max(1);
    while x * 2 <= docs {
        x *= 2;
        weight += 1;
    }
    weight
}

/// The documents worth checking, each with its preliminary score, unordered.
struct Candidates {
    /// Document id and preliminary score.
    list: Vec<(u32, i64)>,
    /// Documents that hold part of the query (see [`Relaxed`]), ranked after `list`
    /// when it holds fewer than [`Spec::relax_below`].
    extra: Vec<(u32, i64)>,
    /// Whether `list` itself only partly matches (nothing matched whole).
    relaxed: bool,
    /// The units partial matches are counted in, with the [`rarity`] of each.
    units: Relaxed,
}

/// What a partial match is counted in: the bigrams of a query typed as one run
/// (`怎么联系人工客服`), or the tokens of a query of several
/// (`why does my request hang`); each with its rarity.
#[derive(Default)]
struct Relaxed {
    /// Whether the units are the query's tokens (else the bigrams of its one token).
    tokens: bool,
    rarities: Vec<i64>,
}

impl Relaxed {
    /// The units' texts and the documents each finds.
    fn units<'a>(
        &self,
        toks: &'a [Token],
        found: &'a [Found],
        per_token: &'a [Vec<Found>],
    ) -> Vec<(String, &'a Found)> {
        if self.tokens {
            toks.iter().map(|t| t.text.clone()).zip(found).collect()
        } else {
            query_terms(&toks[0])
                .into_iter()
                .zip(&per_token[0])
                .collect()
        }
    }
}

/// The candidates of a query whose tokens found `found` (per token, with its
/// synonyms) through the units `per_token` (per token, without): the documents every
/// token found. When fewer than [`Spec::relax_below`] are, the documents holding at
/// least one in [`Spec::relax_share`] of the query's units follow them: its bigrams
/// for a query typed as one run of at least [`Spec::relax_units`] bigrams, its tokens
/// for a query of several. Only posting lists are read.
fn candidates(
    index: &SearchIndex,
    found: &[Found],
    per_token: &[Vec<Found>],
    spec: &Spec,
) -> Candidates {
    let w = &spec.weights;
    let list: Vec<(u32, i64)> = found[0]
        .iter()
        .filter(|(doc, _)| found[1..].iter().all(|f| f.contains_key(doc)))
        .map(|(doc, (bucket, _))| {
            let title_score: i64 = found
                .iter()
                .map(|f| {
                    if f[doc].1 {
                        w.prelim_title
                    } else {
                        w.prelim_body
                    }
                })
                .sum();
            (*doc, title_score - *bucket as i64)
        })
        .collect();
    let tokens = per_token.len() > 1;
    let all: Vec<&Found> = if tokens {
        found.iter().collect()
    } else {
        per_token.iter().flatten().collect()
    };
    let relaxable = tokens || all.len() >= spec.relax_units;
    if !relaxable || list.len() >= spec.relax_below {
        return Candidates {
            list,
            extra: Vec::new(),
            relaxed: false,
            units: Relaxed::default(),
        };
    }
    let rarities: Vec<i64> = all
        .iter()
        .map(|u| rarity(index.docs.len(), u.len()))
        .collect();
    // Per document: units held, their weight, length bucket, and the rarest held.
    let mut counts: HashMap<u32, (i64, i64, u8, i64)> = HashMap::new();
    for (unit, r) in all.iter().zip(&rarities) {
        for (doc, (bucket, title)) in unit.iter() {
            let c = counts.entry(*doc).or_insert((0, 0, *bucket, 0));
            c.0 += 1;
            c.1 += (r + w.unit_base)
                * if *title {
                    w.relaxed_unit_title
                } else {
                    w.relaxed_unit_body
                };
            c.3 = c.3.max(*r);
        }
    }
    let held = |share: bool| -> Vec<(u32, i64)> {
        counts
            .iter()
            .filter(|(_, (matched, _, _, rarest))| {
                if share {
                    matched * spec.relax_share as i64 >= all.len() as i64
                } else {
                    *rarest >= spec.relax_rare
                }
            })
            .map(|(doc, (_, weight, bucket, _))| (*doc, weight - *bucket as i64))
            .collect()
    };
    let mut partly = held(true);
    // Nothing else at all: one rare unit will do.
    if partly.is_empty() && list.is_empty() {
        partly = held(false);
    }
    let units = Relaxed { tokens, rarities };
    if list.is_empty() {
        return Candidates {
            list: partly,
            extra: Vec::new(),
            relaxed: true,
            units,
        };
    }
    let extra = partly
        .into_iter()
        .filter(|(doc, _)| !list.iter().any(|(d, _)| d == doc))
        .collect();
    Candidates {
        list,
        extra,
        relaxed: false,
        units,
    }
}

/// Whether a query of `word` alone, its synonyms aside, finds anything: what makes a
/// word worth suggesting. Answered from posting lists, as [`search`] picks candidates,
/// without reading any document.
pub fn finds_anything(index: &SearchIndex, word: &str) -> bool {
    let toks = query_tokens(word);
    if toks.is_empty() {
        return false;
    }
    let per_token: Vec<Vec<Found>> = toks.iter().map(|t| units(index, t, &SPEC)).collect();
    let found: Vec<Found> = per_token.iter().map(|u| all_units(u)).collect();
    !candidates(index, &found, &per_token, &SPEC).list.is_empty()
}

/// Ranks the documents matching `query` by the published [`SPEC`]; best first, at
/// most [`Spec::verify`].
///
/// Every token must match. If nothing matches a query that is one run of at least
/// [`Spec::relax_units`] + 1 CJK characters, documents holding at least a third of its
/// bigrams are ranked instead, so a question typed in full (`投诉电话是多少`) still finds
/// its answer; if none does, those holding one of its rare bigrams
/// ([`Spec::relax_rare`]). Queries of several space-separated terms are never relaxed.
pub fn search(index: &SearchIndex, query: &str) -> Vec<Hit> {
    search_with(index, query, &SPEC)
}

/// [`search`] by the weights and limits of `spec`.
pub fn search_with(index: &SearchIndex, query: &str, spec: &Spec) -> Vec<Hit> {
    let toks = query_tokens(query);
    if toks.is_empty() {
        return Vec::new();
    }
    let w = &spec.weights;
    let alts: Vec<Vec<Token>> = toks.iter().map(|t| alternatives(index, t)).collect();
    let per_token: Vec<Vec<Found>> = toks.iter().map(|t| units(index, t, spec)).collect();
    // Per token, the documents each of its words (itself, then its synonyms) finds.
    let by_word: Vec<Vec<Found>> = per_token
        .iter()
        .zip(&alts)
        .map(|(own, alt)| {
            let others = alt[1..].iter().map(|a| all_units(&units(index, a, spec)));
            std::iter::once(all_units(own)).chain(others).collect()
        })
        .collect();
    let found: Vec<Found> = by_word.iter().map(|w| union(w.iter().cloned())).collect();
    let Candidates {
        list: mut candidates,
        mut extra,
        relaxed,
        units: relaxation,
    } = candidates(index, &found, &per_token, spec);
    let partial_units = relaxation.units(&toks, &found, &per_token);
    let by_prelim = |a: &(u32, i64), b: &(u32, i64)| b.1.cmp(&a.1).then(a.0.cmp(&b.0));
    candidates.sort_by(by_prelim);
    candidates.truncate(spec.verify);
    extra.sort_by(by_prelim);
    extra.truncate(spec.verify - candidates.len());
    // Whole matches first (tier 0), then the partly matching ones (tier 1).
    let checked = candidates
        .iter()
        .map(|c| (c, 0u8))
        .chain(extra.iter().map(|c| (c, 1u8)));
    let mut hits: Vec<(Hit, i64, u8)> = checked
        .map(|((doc, prelim), tier)| {
            let relaxed = relaxed || tier == 1;
            let d = &index.docs[*doc as usize];
            let title = normalize(&d.title);
            let body = normalize(&format!("{} {}", d.crumbs, d.text));
            let title_len = title.chars().count().max(1) as i64;
            let fill = |word: &Token| w.title_fill * word.text.chars().count() as i64 / title_len;
            let in_body = |word: &Token, found: &Found| in_body(word, found, *doc, &body, spec);
            let mut score = 0i64;
            if relaxed {
                // A partial match counts its units: a rare one in the title most.
                score = partial_units
                    .iter()
                    .zip(&relaxation.rarities)
                    .map(|((text, unit), r)| {
                        if title.contains(text.as_str()) {
                            w.relaxed_title_rarity * r + w.relaxed_title
                        } else if unit.contains_key(doc) {
                            r + w.unit_base
                        } else {
                            0
                        }
                    })
                    .sum();
            }
            let whole = toks.iter().zip(&found).zip(&alts).zip(&by_word);
            for (((t, f), alt), words) in whole.filter(|_| !relaxed) {
                let synonym_in_title = alt[1..].iter().find(|a| title.contains(&a.text));
                score += if title.contains(&t.text) {
                    w.title_phrase + fill(t)
                } else if let Some(a) = synonym_in_title {
                    w.synonym_title_phrase + fill(a)
                } else if f.get(doc).is_some_and(|(_, in_title)| *in_title) {
                    w.title_units
                } else if in_body(t, &words[0]) {
                    w.body_phrase
                } else if alt[1..].iter().zip(&words[1..]).any(|(a, f)| in_body(a, f)) {
                    w.synonym_body_phrase
                } else {
                    w.scattered
                };
            }
            (
                Hit {
                    doc: *doc,
                    score: score - d.class as i64,
                },
                *prelim,
                tier,
            )
        })
        .collect();
    // A document found by the query's own words, whole or in part (not only by a
    // synonym): only those speak for their page.
    let own: Vec<bool> = hits
        .iter()
        .map(|(h, _, tier)| {
            relaxed || *tier == 1 || by_word.iter().all(|w| w[0].contains_key(&h.doc))
        })
        .collect();
    page_signal(index, &alts, &own, &mut hits, spec);
    hits.sort_by(|(a, pa, ta), (b, pb, tb)| {
        ta.cmp(tb)
            .then(b.score.cmp(&a.score))
            .then(pb.cmp(pa))
            .then(a.doc.cmp(&b.doc))
    });
    hits.into_iter().map(|(h, _, _)| h).collect()
}

/// The page's evidence added to each checked section found by the query's own words
/// (`own`): points per token its page's title holds (the word itself), and per other
/// such section of the same page among the checked candidates, so the chapter about a
/// topic outranks a passing section elsewhere.
fn page_signal(
    index: &SearchIndex,
    alts: &[Vec<Token>],
    own: &[bool],
    hits: &mut [(Hit, i64, u8)],
    spec: &Spec,
) {
    let w = &spec.weights;
    let page = |doc: u32| {
        let url = &index.docs[doc as usize].url;
        url.split('#').next().unwrap_or(url).to_string()
    };
    let pages: Vec<String> = hits.iter().map(|(h, _, _)| page(h.doc)).collect();
    for (i, (hit, _, _)) in hits.iter_mut().enumerate() {
        if !own[i] {
            continue;
        }
        let d = &index.docs[hit.doc as usize];
        let page_title = if d.crumbs.is_empty() {
            normalize(&d.title)
        } else {
            normalize(d.crumbs.split(spec.crumb_sep).next().unwrap_or(""))
        };
        // The word itself: a page titled with a synonym is not about the word.
        for alt in alts {
            if page_title.contains(&alt[0].text) {
                hit.score += w.page_title;
            }
        }
        let others = (0..pages.len())
            .filter(|&j| j != i && own[j] && pages[j] == pages[i])
            .count();
        hit.score += w.page_section * others.min(spec.page_sections) as i64;
    }
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
        SearchIndex::build(&refs, "", None)
    }

    fn urls(ix: &SearchIndex, q: &str) -> Vec<String> {
        search(ix, q)
            .iter()
            .map(|h| ix.docs[h.doc as usize].url.clone())
            .collect()
    }

    #[test]
    fn a_question_around_one_rare_word_finds_the_word_and_a_common_one_finds_nothing() {
        let mut sections = vec![("assistant.html", "找到客服小蜜", "在首页点消息")];
        let filler: Vec<String> = (0..8).map(|i| format!("p{i}.html")).collect();
        for url in &filler {
            sections.push((url, "天猫页面", "天猫的其他内容"));
        }
        let ix = index(&sections);
        // Four bigrams, one held: less than the third a partial match needs, but rare.
        assert_eq!(urls(&ix, "小蜜在哪里"), ["assistant.html"]);
        // The one bigram held is in every document but one: telling nothing.
        assert!(urls(&ix, "天猫在哪里").is_empty());
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
    fn documents_with_every_term_come_before_those_with_some() {
        let ix = index(&[
            ("a.html", "拨打电话", "客服热线"),
            ("b.html", "拨打电话", "投诉"),
            ("c.html", "其他", "无关"),
        ]);
        assert_eq!(urls(&ix, "拨打 热线"), ["a.html", "b.html"]);
        let hits = search(&ix, "拨打 热线");
        assert!(hits[0].score > hits[1].score);
        // A word found nowhere leaves the pages with the other.
        assert_eq!(urls(&ix, "拨打 不存在").len(), 2);
        assert!(urls(&ix, "不存在 没有").is_empty());
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
    fn a_question_typed_in_full_still_finds_its_answer() {
        let ix = index(&[
            ("hotline.html", "拨打客服电话", "投诉可以直接打电话"),
            ("other.html", "上传凭证", "照片"),
        ]);
        assert_eq!(urls(&ix, "投诉电话是多少"), ["hotline.html"]);
        assert!(
            urls(&ix, "完全无关的问题").is_empty(),
            "at least a third of the bigrams must match"
        );
    }

    #[test]
    fn synonyms_find_the_words_the_guide_uses() {
        let mut ix = index(&[
            ("weiquan.html", "网上维权", "提交材料"),
            ("tuikuan.html", "申请退款", "提交材料"),
            ("other.html", "其他", "没有相关的词"),
        ]);
        assert_eq!(urls(&ix, "退货"), Vec::<String>::new());
        ix.synonyms = vec![vec!["退款".into(), "退货".into(), "维权".into()]];
        let mut found = urls(&ix, "退货");
        found.sort();
        assert_eq!(found, ["tuikuan.html", "weiquan.html"]);
        assert_eq!(
            urls(&ix, "维权"),
            ["weiquan.html", "tuikuan.html"],
            "the word itself ranks above its synonym"
        );
        assert_eq!(urls(&ix, "退货 材料").len(), 2, "with other terms too");
    }

    #[test]
    fn single_characters_are_found() {
        let ix = index(&[("a.html", "客服小蜜", "")]);
        assert_eq!(urls(&ix, "蜜"), ["a.html"]);
    }
}
