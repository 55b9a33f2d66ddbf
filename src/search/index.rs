//! The search index: documents and an inverted index of terms, cut into small shards
//! that a browser loads with classic `<script>` tags (which, unlike `fetch`, modules
//! and workers, work from `file://`).
//!
//! Terms are sorted (by UTF-16 code units, as JavaScript compares strings) and packed
//! into shards of about [`TERM_SHARD_BYTES`]; `search/meta.js` lists each shard's first
//! term, so a query loads only the shards of its own terms, whatever the site's size.
//! Documents go [`DOCS_PER_SHARD`] to a shard, loaded only for the results shown.
//!
//! Postings are strings of variable-length base-32 numbers ([`encode_postings`]): per
//! document, the gap from the previous document id times two, plus one if the term
//! is in the title. Each document's length bucket sits once in `meta.js`, not in every
//! posting.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde::Serialize;

use super::text::{for_each_index_term, normalize, tokens, utf16_cmp};
use crate::markdown::pages::Section;

/// Target size of one term shard.
pub const TERM_SHARD_BYTES: usize = 24 * 1024;
/// Documents per document shard (`d-N.js` holds ids `N*DOCS_PER_SHARD..`).
pub const DOCS_PER_SHARD: usize = 8;
/// Longest text kept per document, for snippets and phrase checks.
pub const MAX_DOC_TEXT: usize = 3000;
/// Folder of the output holding the index.
pub const DIR: &str = "search";
/// Digits of a posting number that more digits follow.
const MORE: &[u8; 32] = b"0123456789ABCDEFGHIJKLMNOPQRSTUV";
/// Digits that end a posting number.
const LAST: &[u8; 32] = b"WXYZabcdefghijklmnopqrstuvwxyz_-";

/// A search result target: a step, a heading's section or a page top.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Doc {
    /// Output path and anchor, relative to the site root (`channels/app.html#step-4`).
    pub url: String,
    /// Step name, heading or page title.
    pub title: String,
    /// Where it sits, ready to show (`投诉渠道 › 天猫APP › 第 4 步`).
    pub crumbs: String,
    /// Plain text, at most [`MAX_DOC_TEXT`] characters.
    pub text: String,
    /// [`length_bucket`] of title and text (before the text was shortened).
    #[serde(skip)]
    pub bucket: u8,
}

/// One document's entry in a term's postings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    /// Document id.
    pub doc: u32,
    /// Whether the term is in the document's title.
    pub in_title: bool,
}

/// The whole index in memory; [`SearchIndex::files`] writes it as shards.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchIndex {
    /// Documents by id.
    pub docs: Vec<Doc>,
    /// Term → postings in doc order.
    pub terms: BTreeMap<String, Vec<Posting>>,
    /// Groups of words a reader may use for one another (normalised), from `site.yml`.
    pub synonyms: Vec<Vec<String>>,
    /// Words to offer when a search finds nothing: from each synonym group, the first
    /// word the site itself uses.
    pub suggestions: Vec<String>,
}

/// Length bucket of a document of `chars` characters: 0 (under 64), 1 (under 256),
/// 2 (under 1024) or 3. Lets a query prefer shorter documents before their text is
/// loaded, for two bits a document in `meta.js`.
pub fn length_bucket(chars: usize) -> u8 {
    match chars {
        0..64 => 0,
        64..256 => 1,
        256..1024 => 2,
        _ => 3,
    }
}

/// Base-64 digits holding three length buckets each, in `meta.js`.
const BUCKET_DIGITS: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Packs two-bit length buckets three to a base-64 digit, first document lowest.
pub fn pack_buckets(buckets: impl Iterator<Item = u8>) -> String {
    let buckets: Vec<u8> = buckets.collect();
    buckets
        .chunks(3)
        .map(|c| {
            let v = c
                .iter()
                .enumerate()
                .map(|(i, b)| (*b as usize) << (2 * i))
                .sum::<usize>();
            BUCKET_DIGITS[v] as char
        })
        .collect()
}

/// The distinct terms of one document, each with whether it is in the title.
fn doc_terms(title: &str, body: &str) -> Vec<(String, bool)> {
    let mut terms: HashMap<&str, bool, ahash::RandomState> = HashMap::with_hasher(fixed_hasher());
    let title = normalize(title);
    let body = normalize(body);
    let title_tokens = tokens(&title);
    let body_tokens = tokens(&body);
    for token in &title_tokens {
        for_each_index_term(token, |term| {
            terms.insert(term, true);
        });
    }
    for token in &body_tokens {
        for_each_index_term(token, |term| {
            terms.entry(term).or_insert(false);
        });
    }
    terms
        .into_iter()
        .map(|(t, in_title)| (t.to_string(), in_title))
        .collect()
}

/// A fast hasher with fixed keys, so nothing about a build depends on chance.
fn fixed_hasher() -> ahash::RandomState {
    ahash::RandomState::with_seeds(0x5741_594d, 0x4152_4b21, 0x7365_6172, 0x6368_2121)
}

impl SearchIndex {
    /// Indexes every section; `step_label` is the crumb for a step (`第 {n} 步`).
    pub fn build(sections: &[&Section], step_label: &str) -> SearchIndex {
        let analysed: Vec<(Doc, Vec<(String, bool)>)> = sections
            .par_iter()
            .map(|section| {
                let mut crumbs = section.crumbs.clone();
                if let Some(n) = section.step {
                    crumbs.push(crate::theme::fill(step_label, &[("n", n.to_string())]));
                }
                let text: String = section.text.chars().take(MAX_DOC_TEXT).collect();
                let page = crate::paths::url_path(&section.output);
                let url = match &section.anchor {
                    Some(a) => format!("{page}#{}", crate::paths::encode_fragment(a)),
                    None => page,
                };
                let bucket =
                    length_bucket(section.title.chars().count() + section.text.chars().count());
                let terms = doc_terms(
                    &section.title,
                    &format!("{} {}", crumbs.join(" "), section.text),
                );
                (
                    Doc {
                        url,
                        title: section.title.clone(),
                        crumbs: crumbs.join(" › "),
                        text,
                        bucket,
                    },
                    terms,
                )
            })
            .collect();
        let mut postings: HashMap<String, Vec<Posting>, ahash::RandomState> =
            HashMap::with_hasher(fixed_hasher());
        let mut docs = Vec::with_capacity(analysed.len());
        for (id, (doc, terms)) in analysed.into_iter().enumerate() {
            for (term, in_title) in terms {
                let posting = Posting {
                    doc: id as u32,
                    in_title,
                };
                match postings.get_mut(term.as_str()) {
                    Some(list) => list.push(posting),
                    None => {
                        postings.insert(term, vec![posting]);
                    }
                }
            }
            docs.push(doc);
        }
        SearchIndex {
            docs,
            terms: postings.into_iter().collect(),
            synonyms: Vec::new(),
            suggestions: Vec::new(),
        }
    }

    /// The index as script files: `search/meta.js`, `search/t-N.js`, `search/d-N.js`.
    pub fn files(&self) -> BTreeMap<String, Vec<u8>> {
        let mut files = BTreeMap::new();
        let mut terms: Vec<_> = self.terms.iter().collect();
        terms.par_sort_by(|a, b| utf16_cmp(a.0, b.0));
        let entries: Vec<(&str, String)> = terms
            .par_iter()
            .map(|(term, list)| {
                (
                    term.as_str(),
                    format!("{}:\"{}\"", json(term), encode_postings(list)),
                )
            })
            .collect();
        let term_firsts = pack(entries.into_iter(), TERM_SHARD_BYTES, |n, body| {
            files.insert(
                format!("{DIR}/t-{n}.js"),
                format!("WaymarkSearch.add(\"t\",{n},{{{body}}});\n").into_bytes(),
            );
        });
        let doc_shards: Vec<(String, Vec<u8>)> = self
            .docs
            .par_chunks(DOCS_PER_SHARD)
            .enumerate()
            .map(|(n, chunk)| {
                let body: Vec<String> = chunk.iter().map(json).collect();
                (
                    format!("{DIR}/d-{n}.js"),
                    format!("WaymarkSearch.add(\"d\",{n},[{}]);\n", body.join(",")).into_bytes(),
                )
            })
            .collect();
        files.extend(doc_shards);
        let buckets = pack_buckets(self.docs.iter().map(|d| d.bucket));
        let meta = serde_json::json!({
            "v": 2,
            "terms": term_firsts,
            "docsPerShard": DOCS_PER_SHARD,
            "count": self.docs.len(),
            "buckets": buckets,
            "synonyms": self.synonyms,
            "suggest": self.suggestions,
        });
        files.insert(
            format!("{DIR}/meta.js"),
            format!("WaymarkSearch.meta({meta});\n").into_bytes(),
        );
        files
    }
}

/// Packs `(key, entry)` pairs in order into comma-joined shards of about `budget`
/// bytes, handing each shard to `emit`; returns the first key of every shard.
fn pack<K>(
    entries: impl Iterator<Item = (K, String)>,
    budget: usize,
    mut emit: impl FnMut(usize, &str),
) -> Vec<K> {
    let mut firsts = Vec::new();
    let mut shard = String::new();
    for (key, entry) in entries {
        if !shard.is_empty() && shard.len() + entry.len() > budget {
            emit(firsts.len() - 1, &shard);
            shard.clear();
        }
        if shard.is_empty() {
            firsts.push(key);
        } else {
            shard.push(',');
        }
        shard.push_str(&entry);
    }
    if !shard.is_empty() {
        emit(firsts.len() - 1, &shard);
    }
    firsts
}

/// Postings as variable-length base-32 numbers, lowest five bits first: digits from
/// [`MORE`] say more digits follow, a digit from [`LAST`] ends the number. Each number
/// is the gap from the previous doc id times two, plus one for a title match.
pub fn encode_postings(list: &[Posting]) -> String {
    let mut out = String::with_capacity(list.len() * 2);
    let mut prev = 0u64;
    for p in list {
        let mut value = (p.doc as u64 - prev) * 2 + p.in_title as u64;
        prev = p.doc as u64;
        while value >= 32 {
            out.push(MORE[(value & 31) as usize] as char);
            value >>= 5;
        }
        out.push(LAST[value as usize] as char);
    }
    out
}

/// JSON that is also a safe JavaScript literal: `<`, `>` and `&` escaped so the text
/// of a shard can never be read as markup by anything that inlines it.
fn json<T: Serialize + ?Sized>(value: &T) -> String {
    let text = serde_json::to_string(value).unwrap_or_else(|_| "null".to_string());
    crate::render::jsonld::script_safe(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(output: &str, anchor: Option<&str>, title: &str, text: &str) -> Section {
        Section {
            output: output.into(),
            anchor: anchor.map(Into::into),
            title: title.into(),
            crumbs: vec!["指南".into()],
            step: None,
            text: text.into(),
        }
    }

    #[test]
    fn buckets_grow_with_length_and_pack_three_to_a_digit() {
        assert_eq!(length_bucket(0), 0);
        assert_eq!(length_bucket(100), 1);
        assert_eq!(length_bucket(1000), 2);
        assert_eq!(length_bucket(1_000_000), 3);
        assert_eq!(pack_buckets([1, 2, 3, 3].into_iter()), "5D");
    }

    #[test]
    fn postings_record_title_matches() {
        let a = section("a.html", None, "客服小蜜", "打开APP");
        let b = section("b.html", Some("x"), "其他", "联系客服");
        let index = SearchIndex::build(&[&a, &b], "第 {n} 步");
        let kefu = &index.terms["客服"];
        assert_eq!(kefu.len(), 2);
        assert!(kefu[0].in_title);
        assert!(!kefu[1].in_title);
        assert_eq!(index.docs[1].url, "b.html#x");
        assert!(index.terms.contains_key("app"));
    }

    #[test]
    fn postings_are_compact_varints() {
        let list = [
            Posting {
                doc: 0,
                in_title: true,
            },
            Posting {
                doc: 1,
                in_title: false,
            },
            Posting {
                doc: 40,
                in_title: false,
            },
        ];
        assert_eq!(encode_postings(&list), "XYEY");
    }

    #[test]
    fn shards_stay_small_and_are_listed_in_meta() {
        let sections: Vec<Section> = (0..400)
            .map(|i| {
                section(
                    &format!("p{i}.html"),
                    None,
                    &format!("页面{i}"),
                    &"投诉渠道客服热线小蜜".repeat(20),
                )
            })
            .collect();
        let refs: Vec<&Section> = sections.iter().collect();
        let files = SearchIndex::build(&refs, "").files();
        let meta = std::str::from_utf8(&files["search/meta.js"]).unwrap();
        assert!(meta.starts_with("WaymarkSearch.meta({"));
        let doc_shards = files.keys().filter(|k| k.starts_with("search/d-")).count();
        assert_eq!(doc_shards, 400 / DOCS_PER_SHARD);
        let term_shards = files.keys().filter(|k| k.starts_with("search/t-")).count();
        let json = meta
            .trim_start_matches("WaymarkSearch.meta(")
            .trim_end_matches(");\n");
        let meta: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(
            meta["terms"].as_array().unwrap().len(),
            term_shards,
            "meta lists every term shard"
        );
        assert_eq!(
            meta["buckets"].as_str().unwrap().len(),
            134,
            "three length buckets per digit"
        );
    }

    #[test]
    fn shard_text_cannot_close_a_script() {
        let a = section("a.html", None, "</script><b>", "x & y");
        let files = SearchIndex::build(&[&a], "").files();
        let doc = std::str::from_utf8(&files["search/d-0.js"]).unwrap();
        assert!(
            !doc.contains("</script>") && !doc.contains("<b>") && !doc.contains(" & "),
            "{doc}"
        );
    }
}
