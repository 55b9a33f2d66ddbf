//! The search index: documents and an inverted index of terms, cut into shards that
//! a browser loads with classic `<script>` tags (which, unlike `fetch`, modules and
//! workers, work from `file://`).
//!
//! Terms are sorted (by UTF-16 code units, as JavaScript compares strings) and packed
//! into shards of about [`TERM_SHARD_BYTES`]; documents, in id order, into shards of
//! about [`DOC_SHARD_BYTES`]. `search/meta.js` lists each shard's first term and first
//! document, so a query loads only the shards of its own terms and of the documents it
//! ranks, whatever the site's size.
//!
//! Each shard's JSON is compressed (raw DEFLATE, the browser's `DecompressionStream`
//! reads it) and carried as a base-64 string: Chinese text shrinks about threefold, so
//! the index of a 10,000-page site is a few hundred files of tens of kilobytes. Being
//! base-64, a shard's text can never be read as markup or script.
//!
//! Postings are strings of variable-length base-32 numbers ([`encode_postings`]): per
//! document, the gap from the previous document id times two, plus one if the term
//! is in the title. A document keeps its text only up to [`EXCERPT_CHARS`], the part
//! a result shows, and its length class; `meta.js` holds every document's coarse
//! length bucket, two bits each, for ranking before any document is loaded, and the
//! [`SPEC`] the browser ranks by. The alphabets, limits and names of the format are
//! in [`super::spec`].

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::io::Write as _;

use base64::Engine as _;
use rayon::prelude::*;
use serde::Serialize;

use super::chunks::{self, Key, Store, Terms};
use super::spec::{
    Spec, BUCKET_LAST_CLASSES, EXCERPT_CHARS, FORMAT_VERSION, LENGTH_CLASSES, LENGTH_CLASS_CHARS,
    META_FILE, SPEC,
};
pub use super::terms::Posting;
use super::terms::{for_each_index_term, utf16_cmp};
use crate::analysis::{normalize, tokens};
use crate::markdown::pages::Section;

/// Target size of one term shard's JSON, before compression.
pub const TERM_SHARD_BYTES: usize = 48 * 1024;
/// Target size of one document shard's JSON, before compression.
pub const DOC_SHARD_BYTES: usize = 32 * 1024;
/// Folder of the output holding the index.
pub const DIR: &str = crate::paths::SEARCH_DIR;

/// Packs two-bit length buckets three to a base-64 digit, first document lowest
/// ([`super::spec::BucketDigits`]): what a query needs of every document before it
/// loads any.
pub fn pack_buckets(buckets: impl Iterator<Item = u8>) -> String {
    let spec = &SPEC.buckets;
    let digits = spec.digits.as_bytes();
    let buckets: Vec<u8> = buckets.collect();
    buckets
        .chunks(spec.per_digit)
        .map(|c| {
            let v: usize = c
                .iter()
                .enumerate()
                .map(|(i, b)| (*b as usize) << (spec.bits as usize * i))
                .sum();
            digits[v] as char
        })
        .collect()
}

/// A search result target: a step, a heading's section or a page top.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    /// Output path and anchor, relative to the site root (`channels/app.html#step-4`).
    pub url: String,
    /// Step name, heading or page title.
    pub title: String,
    /// Where it sits, ready to show (`投诉渠道 › 天猫APP › 第 4 步`).
    pub crumbs: String,
    /// The start of its plain text, at most [`EXCERPT_CHARS`] characters.
    pub text: String,
    /// [`length_class`] of its title and whole text.
    pub class: u8,
}

impl Doc {
    /// The coarse length used before documents are loaded: 0 (under 64 characters),
    /// 1 (under 256), 2 (under 1024) or 3 ([`BUCKET_LAST_CLASSES`]).
    pub fn bucket(&self) -> u8 {
        BUCKET_LAST_CLASSES
            .iter()
            .position(|last| self.class <= *last)
            .unwrap_or(BUCKET_LAST_CLASSES.len()) as u8
    }
}

/// The length class of a document of `chars` characters: `min(chars / 64, 20)`
/// ([`LENGTH_CLASS_CHARS`], [`LENGTH_CLASSES`]).
pub fn length_class(chars: usize) -> u8 {
    (chars / LENGTH_CLASS_CHARS).min(LENGTH_CLASSES as usize) as u8
}

/// The whole index in memory; [`SearchIndex::files`] writes it as shards.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchIndex {
    /// Documents by id.
    pub docs: Vec<Doc>,
    /// Every term with its postings in doc order, sorted by UTF-16 code units.
    pub terms: Vec<(String, Vec<Posting>)>,
    /// Where each term shard starts in `terms`.
    pub term_shards: Vec<usize>,
    /// Groups of words a reader may use for one another (normalised), from `site.yml`.
    pub synonyms: Vec<Vec<String>>,
    /// Words to offer when a search finds nothing: from each synonym group, the first
    /// word the site itself uses.
    pub suggestions: Vec<String>,
}

/// Calls `visit` once with each distinct term of one document and whether it is in
/// the title. (Visited rather than returned: a chunk's postings then allocate a term
/// only the first time the chunk meets it.)
fn doc_terms(title: &str, body: &str, mut visit: impl FnMut(&str, bool)) {
    let title = normalize(title);
    let body = normalize(body);
    let title_tokens = tokens(&title);
    let body_tokens = tokens(&body);
    // Sized up front (a CJK character starts a term every three bytes): growing the
    // map was a tenth of the index's time. Capped, so one huge section reserves no
    // more than an ordinary one; its map grows as it must.
    let expected = ((title.len() + body.len()) / 3 + 1).min(4096);
    let mut terms: HashMap<&str, bool, ahash::RandomState> =
        HashMap::with_capacity_and_hasher(expected, fixed_hasher());
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
    for (term, in_title) in terms {
        visit(term, in_title);
    }
}

/// A fast hasher with fixed keys, so nothing about a build depends on chance.
fn fixed_hasher() -> ahash::RandomState {
    ahash::RandomState::with_seeds(0x5741_594d, 0x4152_4b21, 0x7365_6172, 0x6368_2121)
}

type Postings = HashMap<String, Vec<Posting>, ahash::RandomState>;

/// A section's crumbs: where it sits, and for a step its number (`第 4 步`).
fn crumbs(section: &Section, step_label: &str) -> Vec<String> {
    let mut crumbs = section.crumbs.clone();
    if let Some(n) = section.step {
        crumbs.push(crate::strings::fill(step_label, &[("n", n.to_string())]));
    }
    crumbs
}

/// The document of one section.
fn document(section: &Section, step_label: &str) -> Doc {
    let page = crate::paths::url_path(&section.output);
    let url = match &section.anchor {
        Some(a) => format!("{page}#{}", crate::paths::encode_fragment(a)),
        None => page,
    };
    let class = length_class(section.title.chars().count() + section.text.chars().count());
    Doc {
        url,
        title: section.title.clone(),
        crumbs: crumbs(section, step_label).join(super::spec::SPEC.crumb_sep),
        text: section.text.chars().take(EXCERPT_CHARS).collect(),
        class,
    }
}

/// The terms of a chunk of sections, analysed: each with its postings, documents
/// numbered from 0 within the chunk. A section's terms come from its title, and from
/// its crumbs and text.
fn analyse(chunk: &[&Section], step_label: &str) -> Terms {
    let mut postings = Postings::with_hasher(fixed_hasher());
    for (i, section) in chunk.iter().enumerate() {
        let body = format!("{} {}", crumbs(section, step_label).join(" "), section.text);
        doc_terms(&section.title, &body, |term, in_title| {
            let posting = Posting::new(i as u32, in_title);
            match postings.get_mut(term) {
                Some(list) => list.push(posting),
                None => {
                    postings.insert(term.to_string(), vec![posting]);
                }
            }
        });
    }
    postings.into_iter().collect()
}

/// One chunk's documents and terms, and its entry for this build's record.
struct Chunk {
    docs: Vec<Doc>,
    /// Its terms, cut into the parts they are merged in ([`part_of`]).
    parts: Vec<Terms>,
    entry: Option<Vec<u8>>,
}

/// The part of the index `term` is merged in, of `parts`: its hash's remainder, so the
/// parts are merged side by side, each term in one.
fn part_of(term: &str, parts: usize) -> usize {
    (std::hash::BuildHasher::hash_one(&fixed_hasher(), term) % parts as u64) as usize
}

/// Makes one chunk: its terms from the earlier record if it holds the chunk's key,
/// else analysed; cut into `parts`.
fn chunk(
    sections: &[&Section],
    step_label: &str,
    earlier: Option<&HashMap<Key, &[u8]>>,
    parts: usize,
) -> Chunk {
    let docs: Vec<Doc> = sections.iter().map(|s| document(s, step_label)).collect();
    let (terms, entry) = match earlier {
        None => (analyse(sections, step_label), None),
        Some(earlier) => {
            let key = chunks::key(sections, step_label);
            let recorded = earlier.get(&key).and_then(|whole| {
                let terms = chunks::read(whole, sections.len())?;
                Some((terms, whole.to_vec()))
            });
            let (terms, entry) = recorded.unwrap_or_else(|| {
                let terms = analyse(sections, step_label);
                let entry = chunks::entry(&key, &terms);
                (terms, entry)
            });
            (terms, Some(entry))
        }
    };
    let mut split: Vec<Terms> = (0..parts).map(|_| Vec::new()).collect();
    for (term, list) in terms {
        split[part_of(&term, parts)].push((term, list));
    }
    Chunk {
        docs,
        parts: split,
        entry,
    }
}

/// Adds a chunk's `terms` to `postings`, its documents numbered from `base`.
fn merge(postings: &mut Postings, base: u32, terms: Terms) {
    for (term, list) in terms {
        let list = list
            .into_iter()
            .map(|p| Posting::new(p.doc() + base, p.in_title()));
        match postings.get_mut(term.as_str()) {
            Some(all) => all.extend(list),
            None => {
                postings.insert(term, list.collect());
            }
        }
    }
}

/// A section with nothing in it: what an owned section indexed already is replaced by,
/// so its text is freed while the rest is indexed.
static SPENT: Section = Section {
    output: String::new(),
    anchor: None,
    title: String::new(),
    crumbs: Vec::new(),
    step: None,
    text: String::new(),
};

impl SearchIndex {
    /// Indexes every section; `step_label` is the crumb for a step (`第 {n} 步`).
    /// See [`SearchIndex::build_freeing`].
    pub fn build(
        sections: &[&Section],
        step_label: &str,
        store: Option<&dyn Store>,
    ) -> SearchIndex {
        let sections = sections.iter().map(|s| Cow::Borrowed(*s)).collect();
        SearchIndex::build_freeing(sections, step_label, store)
    }

    /// Indexes every section; `step_label` is the crumb for a step (`第 {n} 步`).
    /// Sections are cut into chunks ([`chunks::cut`]), analysed in parallel (or taken
    /// from `store`'s earlier record, which gets this build's), and each chunk's
    /// postings merged in document order, the terms in parts side by side. A section
    /// given owned is freed once its chunk is indexed: a large site's text is then
    /// not held twice, as sections and as the index.
    pub fn build_freeing(
        mut sections: Vec<Cow<'_, Section>>,
        step_label: &str,
        store: Option<&dyn Store>,
    ) -> SearchIndex {
        let earlier = store.map(|s| chunks::entries(s.earlier()));
        let parts = rayon::current_num_threads().max(1);
        let mut postings: Vec<Postings> = (0..parts)
            .map(|_| Postings::with_hasher(fixed_hasher()))
            .collect();
        let mut docs = Vec::with_capacity(sections.len());
        // A few chunks per thread at a time, merged before the next round, so only a
        // few chunks' term lists exist at once.
        let ranges = {
            let all: Vec<&Section> = sections.iter().map(AsRef::as_ref).collect();
            chunks::cut(&all)
        };
        for round in ranges.chunks(2 * parts) {
            let span = round.first().map_or(0, |r| r.start)..round.last().map_or(0, |r| r.end);
            let made: Vec<Chunk> = {
                let these: Vec<&Section> =
                    sections[span.clone()].iter().map(AsRef::as_ref).collect();
                round
                    .par_iter()
                    .map(|range| {
                        let own = range.start - span.start..range.end - span.start;
                        chunk(&these[own], step_label, earlier.as_ref(), parts)
                    })
                    .collect()
            };
            for section in &mut sections[span] {
                *section = Cow::Borrowed(&SPENT);
            }
            // Each part's chunks, each with the id of its first document.
            let mut by_part: Vec<Vec<(u32, Terms)>> = (0..parts).map(|_| Vec::new()).collect();
            for chunk in made {
                let base = docs.len() as u32;
                docs.extend(chunk.docs);
                if let (Some(store), Some(entry)) = (store, &chunk.entry) {
                    store.record(entry);
                }
                for (part, terms) in by_part.iter_mut().zip(chunk.parts) {
                    part.push((base, terms));
                }
            }
            postings
                .par_iter_mut()
                .zip(by_part)
                .for_each(|(postings, chunks)| {
                    for (base, terms) in chunks {
                        merge(postings, base, terms);
                    }
                });
        }
        let mut terms: Vec<(String, Vec<Posting>)> = postings
            .into_iter()
            .flatten()
            .map(|(term, mut list)| {
                list.shrink_to_fit();
                (term, list)
            })
            .collect();
        terms.par_sort_unstable_by(|a, b| utf16_cmp(&a.0, &b.0));
        let term_shards = pack(
            terms
                .iter()
                .map(|(term, list)| json(term).len() + encoded_len(list) + 4),
            TERM_SHARD_BYTES,
        );
        SearchIndex {
            docs,
            terms,
            term_shards,
            synonyms: Vec::new(),
            suggestions: Vec::new(),
        }
    }

    /// The postings of exactly `term`.
    pub fn postings(&self, term: &str) -> Option<&[Posting]> {
        self.terms
            .binary_search_by(|(t, _)| utf16_cmp(t, term))
            .ok()
            .map(|i| self.terms[i].1.as_slice())
    }

    /// The shard that holds `key`, if it is a term: the last whose first term is not
    /// after it.
    fn shard_of(&self, key: &str) -> usize {
        self.term_shards
            .partition_point(|&start| utf16_cmp(&self.terms[start].0, key).is_le())
            .saturating_sub(1)
    }

    /// The terms starting with `prefix` (only `prefix` itself when `whole_only`), as
    /// the browser finds them: in the prefix's shard and at most
    /// [`Spec::prefix_shards`] - 1 after it.
    pub fn with_prefix<'a>(
        &'a self,
        prefix: &'a str,
        whole_only: bool,
        spec: &Spec,
    ) -> impl Iterator<Item = &'a (String, Vec<Posting>)> + 'a {
        let first = self.shard_of(prefix);
        let last = if whole_only {
            first
        } else {
            self.shard_of(&format!("{prefix}{}", spec.prefix_end))
                .min(first + spec.prefix_shards - 1)
        };
        let end = self
            .term_shards
            .get(last + 1)
            .copied()
            .unwrap_or(self.terms.len());
        let start = self.term_shards.get(first).copied().unwrap_or(0);
        self.terms[start.min(end)..end]
            .iter()
            .filter(move |(t, _)| t.starts_with(prefix) && (!whole_only || t == prefix))
    }

    /// The index as script files: `search/meta.js`, `search/t-N.js`, `search/d-N.js`
    /// ([`META_FILE`], [`super::spec::ShardKinds`]).
    pub fn files(&self) -> BTreeMap<String, Vec<u8>> {
        self.files_to_make()
            .into_par_iter()
            .map(|(path, file)| (path, file.make(None)))
            .collect()
    }

    /// The index's files, each shard still to be made: writing one whose JSON is
    /// what an earlier build compressed can keep that build's file, and no shard's
    /// JSON is held longer than it takes to write it.
    pub fn files_to_make(&self) -> BTreeMap<String, IndexFile<'_>> {
        let term_ranges = ranges(&self.term_shards, self.terms.len());
        let mut files: Vec<(String, IndexFile)> = term_ranges
            .into_iter()
            .enumerate()
            .map(|(n, range)| IndexFile::shard(self, SPEC.shards.terms, n, range))
            .collect();
        let sizes: Vec<usize> = self.docs.par_iter().map(|d| doc_row(d).len() + 1).collect();
        let doc_shards = pack(sizes.into_iter(), DOC_SHARD_BYTES);
        let doc_ranges = ranges(&doc_shards, self.docs.len());
        files.extend(
            doc_ranges
                .into_iter()
                .enumerate()
                .map(|(n, range)| IndexFile::shard(self, SPEC.shards.docs, n, range)),
        );
        let firsts: Vec<&str> = self
            .term_shards
            .iter()
            .map(|&i| self.terms[i].0.as_str())
            .collect();
        let buckets = pack_buckets(self.docs.iter().map(Doc::bucket));
        let meta = serde_json::json!({
            "v": FORMAT_VERSION,
            "terms": firsts,
            "docs": doc_shards,
            "count": self.docs.len(),
            "buckets": buckets,
            "synonyms": self.synonyms,
            "suggest": self.suggestions,
            "spec": SPEC,
        });
        files.push((
            format!("{DIR}/{META_FILE}"),
            IndexFile::Ready(format!("WaymarkSearch.meta({});\n", json(&meta)).into_bytes()),
        ));
        files.into_iter().collect()
    }
}

/// One file of the index: ready, or a shard still to be made.
pub enum IndexFile<'a> {
    /// The file's bytes.
    Ready(Vec<u8>),
    /// Shard number `n` of `kind`: the entries `range` of the index's terms or
    /// documents.
    Shard {
        /// The index.
        index: &'a SearchIndex,
        /// [`super::spec::ShardKinds`].
        kind: &'static str,
        /// Its number.
        n: usize,
        /// Its entries.
        range: (usize, usize),
    },
}

impl<'a> IndexFile<'a> {
    fn shard(
        index: &'a SearchIndex,
        kind: &'static str,
        n: usize,
        range: (usize, usize),
    ) -> (String, IndexFile<'a>) {
        (
            format!("{DIR}/{kind}-{n}.js"),
            IndexFile::Shard {
                index,
                kind,
                n,
                range,
            },
        )
    }

    /// What a shard is made from, its entries as JSON (the same JSON makes the same
    /// file); nothing for a file that is ready.
    pub fn json(&self) -> Option<String> {
        let IndexFile::Shard {
            index,
            kind,
            range: (start, end),
            ..
        } = self
        else {
            return None;
        };
        Some(if *kind == SPEC.shards.terms {
            let body: Vec<String> = index.terms[*start..*end]
                .iter()
                .map(|(term, list)| format!("{}:\"{}\"", json(term), encode_postings(list)))
                .collect();
            format!("{{{}}}", body.join(","))
        } else {
            let rows: Vec<String> = index.docs[*start..*end].iter().map(doc_row).collect();
            format!("[{}]", rows.join(","))
        })
    }

    /// The file's bytes, given a shard's [`IndexFile::json`].
    pub fn make(&self, json: Option<&str>) -> Vec<u8> {
        match (self, json) {
            (IndexFile::Ready(bytes), _) => bytes.clone(),
            (IndexFile::Shard { kind, n, .. }, Some(json)) => shard_file(kind, *n, json),
            (IndexFile::Shard { .. }, None) => self.make(self.json().as_deref()),
        }
    }
}

/// A document's row in its shard.
fn doc_row(d: &Doc) -> String {
    json(&(&d.url, &d.title, &d.crumbs, &d.text, d.class))
}

/// DEFLATE level of the shards: on the 10,000-page corpus, with documents in shards
/// of [`DOC_SHARD_BYTES`], level 6 gives 29.7 MiB, level 3 about 0.3 MiB more in
/// 0.3 s less, level 1 about 2.5 MiB more.
const COMPRESSION: u32 = 6;

/// One shard script: its JSON, compressed and in base 64, handed to `WaymarkSearch.add`.
fn shard_file(kind: &str, n: usize, json: &str) -> Vec<u8> {
    let mut encoder =
        flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::new(COMPRESSION));
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(json.as_bytes());
    let compressed = encoder.finish().unwrap_or_default();
    let text = base64::engine::general_purpose::STANDARD.encode(compressed);
    format!("WaymarkSearch.add(\"{kind}\",{n},\"{text}\");\n").into_bytes()
}

/// The `(start, end)` of each shard, from each shard's start and the entries in all.
fn ranges(starts: &[usize], len: usize) -> Vec<(usize, usize)> {
    let ends = starts.iter().skip(1).copied().chain([len]);
    starts.iter().copied().zip(ends).collect()
}

/// Cuts a run of entries of the given sizes into shards of about `budget` bytes;
/// returns the index of each shard's first entry (none for no entries).
fn pack(sizes: impl Iterator<Item = usize>, budget: usize) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut filled = 0;
    for (i, size) in sizes.enumerate() {
        if starts.is_empty() || filled + size > budget {
            starts.push(i);
            filled = 0;
        }
        filled += size;
    }
    starts
}

/// Postings as variable-length base-32 numbers, lowest five bits first: digits from
/// `more` say more digits follow, a digit from `last` ends the number
/// ([`super::spec::PostingDigits`]). Each number is the gap from the previous doc id
/// times two, plus one for a title match.
pub fn encode_postings(list: &[Posting]) -> String {
    let (more, last) = (SPEC.postings.more.as_bytes(), SPEC.postings.last.as_bytes());
    let base = more.len() as u64;
    let mut out = String::with_capacity(encoded_len(list));
    let mut prev = 0u64;
    for p in list {
        let mut value = (p.doc() as u64 - prev) * 2 + p.in_title() as u64;
        prev = p.doc() as u64;
        while value >= base {
            out.push(more[(value % base) as usize] as char);
            value /= base;
        }
        out.push(last[value as usize] as char);
    }
    out
}

/// The length of [`encode_postings`]' result, without making it.
fn encoded_len(list: &[Posting]) -> usize {
    let digit_bits = SPEC.postings.more.len().trailing_zeros() as usize;
    let mut prev = 0u64;
    list.iter()
        .map(|p| {
            let value = (p.doc() as u64 - prev) * 2 + p.in_title() as u64;
            prev = p.doc() as u64;
            (64 - value.leading_zeros() as usize)
                .div_ceil(digit_bits)
                .max(1)
        })
        .sum()
}

/// JSON that is also a safe JavaScript literal: `<`, `>` and `&` escaped so the text
/// of a script can never be read as markup by anything that inlines it.
fn json<T: Serialize + ?Sized>(value: &T) -> String {
    let text = serde_json::to_string(value).unwrap_or_else(|_| "null".to_string());
    crate::strings::script_safe(&text)
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

    /// The JSON inside a shard script, unpacked as the browser does.
    fn unpacked(file: &[u8]) -> serde_json::Value {
        use std::io::Read as _;
        let text = std::str::from_utf8(file).unwrap();
        let payload = text
            .rsplit_once(",\"")
            .unwrap()
            .1
            .trim_end_matches("\");\n");
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(payload)
            .unwrap();
        let mut json = String::new();
        flate2::read::DeflateDecoder::new(&bytes[..])
            .read_to_string(&mut json)
            .unwrap();
        serde_json::from_str(&json).unwrap()
    }

    #[test]
    fn length_classes_give_the_coarse_buckets() {
        let doc = |chars| Doc {
            url: String::new(),
            title: String::new(),
            crumbs: String::new(),
            text: String::new(),
            class: length_class(chars),
        };
        assert_eq!(doc(0).bucket(), 0);
        assert_eq!(doc(63).bucket(), 0);
        assert_eq!(doc(100).bucket(), 1);
        assert_eq!(doc(1000).bucket(), 2);
        assert_eq!(doc(1_000_000).bucket(), 3);
        assert_eq!(length_class(1_000_000), LENGTH_CLASSES);
    }

    #[test]
    fn postings_record_title_matches() {
        let a = section("a.html", None, "客服小蜜", "打开APP");
        let b = section("b.html", Some("x"), "其他", "联系客服");
        let index = SearchIndex::build(&[&a, &b], "第 {n} 步", None);
        let kefu = index.postings("客服").unwrap();
        assert_eq!(kefu.len(), 2);
        assert!(kefu[0].in_title());
        assert!(!kefu[1].in_title());
        assert_eq!(index.docs[1].url, "b.html#x");
        assert!(index.postings("app").is_some());
        assert!(index.postings("ap").is_none());
    }

    #[test]
    fn postings_are_compact_varints() {
        let list = [
            Posting::new(0, true),
            Posting::new(1, false),
            Posting::new(40, false),
        ];
        assert_eq!(encode_postings(&list), "XYEY");
        assert_eq!(encoded_len(&list), 4);
    }

    #[test]
    fn shards_are_packed_and_listed_in_meta() {
        let sections: Vec<Section> = (0..3000)
            .map(|i| {
                section(
                    &format!("p{i}.html"),
                    None,
                    &format!("页面{i} word{i}"),
                    &format!("投诉渠道客服热线小蜜{i}").repeat(20),
                )
            })
            .collect();
        let refs: Vec<&Section> = sections.iter().collect();
        let index = SearchIndex::build(&refs, "", None);
        let files = index.files();
        let meta = std::str::from_utf8(&files["search/meta.js"]).unwrap();
        let meta: serde_json::Value = serde_json::from_str(
            meta.trim_start_matches("WaymarkSearch.meta(")
                .trim_end_matches(");\n"),
        )
        .unwrap();
        let term_shards = files.keys().filter(|k| k.starts_with("search/t-")).count();
        let doc_shards = files.keys().filter(|k| k.starts_with("search/d-")).count();
        assert!(
            term_shards > 1 && doc_shards > 1,
            "{term_shards} {doc_shards}"
        );
        assert_eq!(meta["terms"].as_array().unwrap().len(), term_shards);
        assert_eq!(meta["docs"].as_array().unwrap().len(), doc_shards);
        assert_eq!(
            meta["buckets"].as_str().unwrap().len(),
            1000,
            "three to a digit"
        );
        assert_eq!(pack_buckets([1, 2, 3, 3].into_iter()), "5D");
        assert_eq!(meta["spec"], serde_json::to_value(SPEC).unwrap());
        // Every term is in the shard meta names for it, every doc where meta says.
        for (n, first) in meta["terms"].as_array().unwrap().iter().enumerate() {
            let shard = unpacked(&files[&format!("search/t-{n}.js")]);
            let keys: Vec<&String> = shard.as_object().unwrap().keys().collect();
            assert!(keys.contains(&&first.as_str().unwrap().to_string()));
            assert!(index.shard_of(first.as_str().unwrap()) == n);
        }
        let mut id = 0;
        for (n, first) in meta["docs"].as_array().unwrap().iter().enumerate() {
            assert_eq!(first.as_u64().unwrap(), id);
            let rows = unpacked(&files[&format!("search/d-{n}.js")]);
            for row in rows.as_array().unwrap() {
                assert_eq!(row[0], index.docs[id as usize].url);
                id += 1;
            }
        }
        assert_eq!(id, 3000);
    }

    #[test]
    fn prefixes_read_a_bounded_number_of_shards() {
        // Words `w` + four letters: letters only, so each stays one token.
        let word = |i: usize| -> String {
            let letter = |k: usize| char::from(b'a' + (i / 26usize.pow(k as u32) % 26) as u8);
            format!("w{}{}{}{}", letter(3), letter(2), letter(1), letter(0))
        };
        let sections: Vec<Section> = (0..30_000)
            .map(|i| section(&format!("p{i}.html"), None, "t", &word(i)))
            .collect();
        let refs: Vec<&Section> = sections.iter().collect();
        let index = SearchIndex::build(&refs, "", None);
        let all = index
            .terms
            .iter()
            .filter(|(t, _)| t.starts_with('w'))
            .count();
        let read = index.with_prefix("w", false, &SPEC).count();
        assert_eq!(all, 30_000);
        assert!(read < all, "{read} of {all}");
        assert_eq!(index.with_prefix(&word(1), false, &SPEC).count(), 1);
        assert_eq!(index.with_prefix("w", true, &SPEC).count(), 0);
    }

    #[test]
    fn an_empty_index_has_no_shards_but_meta() {
        let index = SearchIndex::build(&[], "", None);
        let files = index.files();
        assert_eq!(files.keys().collect::<Vec<_>>(), ["search/meta.js"]);
        assert!(index.postings("x").is_none());
        assert_eq!(index.with_prefix("x", false, &SPEC).count(), 0);
    }

    #[test]
    fn shard_text_cannot_close_a_script() {
        let a = section("a.html", None, "</script><b>", "x & y");
        let files = SearchIndex::build(&[&a], "", None).files();
        let doc = std::str::from_utf8(&files["search/d-0.js"]).unwrap();
        assert!(
            !doc.contains("</script>") && !doc.contains("<b>") && !doc.contains(" & "),
            "{doc}"
        );
        assert_eq!(unpacked(&files["search/d-0.js"])[0][1], "</script><b>");
    }
}
