//! The search index: documents and an inverted index of terms, cut into small shards
//! that a browser loads with classic `<script>` tags (which, unlike `fetch`, modules
//! and workers, work from `file://`).
//!
//! Terms are sorted (by UTF-16 code units, as JavaScript compares strings) and packed
//! into shards of about [`TERM_SHARD_BYTES`]; `search/meta.js` lists each shard's first
//! term, so a query loads only the shards of its own terms, whatever the site's size.
//! Documents are packed the same way into shards loaded only for results shown.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::text::{index_terms, normalize, tokens, utf16_cmp};
use crate::markdown::pages::Section;

/// Target size of one term shard.
pub const TERM_SHARD_BYTES: usize = 24 * 1024;
/// Target size of one document shard.
pub const DOC_SHARD_BYTES: usize = 12 * 1024;
/// Longest text kept per document, for snippets and phrase checks.
pub const MAX_DOC_TEXT: usize = 3000;
/// Folder of the output holding the index.
pub const DIR: &str = "search";

/// Postings flag: the term is in the document's title.
pub const IN_TITLE: u64 = 2;
/// Postings flag: the term is in the document's body.
pub const IN_BODY: u64 = 1;

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
}

/// One document's entry in a term's postings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    /// Document id.
    pub doc: u32,
    /// [`length_bucket`] of the document.
    pub bucket: u8,
    /// [`IN_TITLE`] and/or [`IN_BODY`].
    pub flags: u8,
}

impl Posting {
    /// Whether the term is in the document's title.
    pub fn in_title(&self) -> bool {
        self.flags & IN_TITLE as u8 != 0
    }
}

/// The whole index in memory; [`SearchIndex::files`] writes it as shards.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchIndex {
    /// Documents by id.
    pub docs: Vec<Doc>,
    /// Term → postings in doc order.
    pub terms: BTreeMap<String, Vec<Posting>>,
}

/// Length bucket of a text: ⌊log2(chars + 1)⌋, at most 15. Lets a query prefer
/// shorter documents before their text is loaded.
pub fn length_bucket(chars: usize) -> u8 {
    ((usize::BITS - (chars + 1).leading_zeros() - 1) as u8).min(15)
}

impl SearchIndex {
    /// Indexes every section; `step_label` is the crumb for a step (`第 {n} 步`).
    pub fn build(sections: &[&Section], step_label: &str) -> SearchIndex {
        let mut index = SearchIndex::default();
        let mut postings: HashMap<String, Vec<Posting>> = HashMap::new();
        for (id, section) in sections.iter().enumerate() {
            let id = id as u32;
            let mut crumbs = section.crumbs.clone();
            if let Some(n) = section.step {
                crumbs.push(step_label.replace("{n}", &n.to_string()));
            }
            let text: String = section.text.chars().take(MAX_DOC_TEXT).collect();
            let url = match &section.anchor {
                Some(a) => format!("{}#{a}", section.output),
                None => section.output.clone(),
            };
            let bucket =
                length_bucket(section.title.chars().count() + section.text.chars().count());
            let mut flags: HashMap<String, u8> = HashMap::new();
            for token in tokens(&normalize(&section.title)) {
                for term in index_terms(&token) {
                    *flags.entry(term).or_default() |= IN_TITLE as u8;
                }
            }
            let body = format!("{} {}", crumbs.join(" "), section.text);
            for token in tokens(&normalize(&body)) {
                for term in index_terms(&token) {
                    *flags.entry(term).or_default() |= IN_BODY as u8;
                }
            }
            for (term, f) in flags {
                postings.entry(term).or_default().push(Posting {
                    doc: id,
                    bucket,
                    flags: f,
                });
            }
            index.docs.push(Doc {
                url,
                title: section.title.clone(),
                crumbs: crumbs.join(" › "),
                text,
            });
        }
        index.terms = postings.into_iter().collect();
        index
    }

    /// Terms in the order the browser searches them.
    fn sorted_terms(&self) -> Vec<(&String, &Vec<Posting>)> {
        let mut terms: Vec<_> = self.terms.iter().collect();
        terms.sort_by(|a, b| utf16_cmp(a.0, b.0));
        terms
    }

    /// The index as script files: `search/meta.js`, `search/t-N.js`, `search/d-N.js`.
    pub fn files(&self) -> BTreeMap<String, Vec<u8>> {
        let mut files = BTreeMap::new();
        let mut term_firsts: Vec<&str> = Vec::new();
        let mut shard = String::new();
        let mut shard_terms = 0;
        let flush_terms = |shard: &mut String, n: usize, files: &mut BTreeMap<String, Vec<u8>>| {
            let body = format!("WaymarkSearch.add(\"t\",{n},{{{shard}}});\n");
            files.insert(format!("{DIR}/t-{n}.js"), body.into_bytes());
            shard.clear();
        };
        for (term, list) in self.sorted_terms() {
            let entry = format!("{}:{}", json(term), encode_postings(list));
            if shard_terms > 0 && shard.len() + entry.len() > TERM_SHARD_BYTES {
                flush_terms(&mut shard, term_firsts.len() - 1, &mut files);
                shard_terms = 0;
            }
            if shard_terms == 0 {
                term_firsts.push(term);
            } else {
                shard.push(',');
            }
            shard.push_str(&entry);
            shard_terms += 1;
        }
        if shard_terms > 0 {
            flush_terms(&mut shard, term_firsts.len() - 1, &mut files);
        }
        let mut doc_firsts: Vec<usize> = Vec::new();
        let mut shard = String::new();
        for (id, doc) in self.docs.iter().enumerate() {
            let entry = json(doc);
            if !shard.is_empty() && shard.len() + entry.len() > DOC_SHARD_BYTES {
                let n = doc_firsts.len() - 1;
                files.insert(
                    format!("{DIR}/d-{n}.js"),
                    format!("WaymarkSearch.add(\"d\",{n},[{shard}]);\n").into_bytes(),
                );
                shard.clear();
            }
            if shard.is_empty() {
                doc_firsts.push(id);
            } else {
                shard.push(',');
            }
            shard.push_str(&entry);
        }
        if !shard.is_empty() {
            let n = doc_firsts.len() - 1;
            files.insert(
                format!("{DIR}/d-{n}.js"),
                format!("WaymarkSearch.add(\"d\",{n},[{shard}]);\n").into_bytes(),
            );
        }
        let meta = serde_json::json!({ "v": 1, "terms": term_firsts, "docs": doc_firsts, "count": self.docs.len() });
        files.insert(
            format!("{DIR}/meta.js"),
            format!("WaymarkSearch.meta({meta});\n").into_bytes(),
        );
        files
    }
}

/// Postings as a JSON array of numbers: per document, the gap from the previous doc
/// id times 64, plus the length bucket times 4, plus the flags.
fn encode_postings(list: &[Posting]) -> String {
    let mut out = String::with_capacity(list.len() * 4 + 2);
    out.push('[');
    let mut prev = 0u64;
    for (i, p) in list.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let gap = p.doc as u64 - prev;
        prev = p.doc as u64;
        out.push_str(&(gap * 64 + p.bucket as u64 * 4 + p.flags as u64).to_string());
    }
    out.push(']');
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
    fn buckets_grow_with_length() {
        assert_eq!(length_bucket(0), 0);
        assert_eq!(length_bucket(1), 1);
        assert_eq!(length_bucket(100), 6);
        assert_eq!(length_bucket(1_000_000), 15);
    }

    #[test]
    fn postings_record_title_and_body() {
        let a = section("a.html", None, "客服小蜜", "打开APP");
        let b = section("b.html", Some("x"), "其他", "联系客服");
        let index = SearchIndex::build(&[&a, &b], "第 {n} 步");
        let kefu = &index.terms["客服"];
        assert_eq!(kefu.len(), 2);
        assert!(kefu[0].in_title());
        assert_eq!(kefu[1].flags, IN_BODY as u8);
        assert_eq!(index.docs[1].url, "b.html#x");
        assert!(index.terms.contains_key("app"));
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
        assert!(doc_shards > 5, "{doc_shards}");
        for (name, bytes) in &files {
            if name.starts_with("search/d-") {
                assert!(
                    bytes.len() < DOC_SHARD_BYTES + 4096,
                    "{name} is {} bytes",
                    bytes.len()
                );
            }
        }
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
