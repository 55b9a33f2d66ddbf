//! The search contract Rust and the browser share: every weight, limit, alphabet and
//! shard name of the index format and of the ranking, in one place.
//!
//! [`SPEC`] is what the browser's ranking reads: the build writes it into
//! `search/meta.js` as `spec`, and `theme/static/waymark-search.js` takes every number
//! it ranks by from there, so tuning the ranking means editing this file alone. Rust
//! ranks with the same object (`query::search` uses [`SPEC`]; `query::search_with`
//! takes another, which is how the parity test shows that the browser follows
//! whatever `meta.js` says).
//!
//! The character classes text is cut by are [`crate::analysis::CLASSES`]. The page
//! needs them before it loads any index file (it tokenises what the reader types to
//! decide whether there is anything to search), so they cannot wait for `meta.js`:
//! [`classes_script`] writes them as code into a marked block of `waymark-search.js`,
//! and a unit test fails while that block differs from it (`WAYMARK_BLESS=1 cargo test
//! --lib search::spec` rewrites the block).
//!
//! The rest are numbers only the build uses: how long a document is, and how much of
//! its text the index keeps.

use serde::{Serialize, Serializer};

/// Version of the index format, `v` in `meta.js`; raised when a file changes shape.
/// 4: the ranking's numbers moved from loose keys of `meta.js` into `spec`.
/// 5: the page-level signal and the partly matching runs ranked after whole ones.
pub const FORMAT_VERSION: u32 = 5;

/// The file below the index folder a page loads first, which names every other. The
/// page's script knows this name itself: it is the one name that cannot travel in
/// `meta.js`.
pub const META_FILE: &str = "meta.js";

/// Characters of a document's text the index keeps: about what a result shows (the
/// browser's snippet is about 110 UTF-16 units wide). A run of three or more CJK
/// characters counts as a phrase in a body only within these.
pub const EXCERPT_CHARS: usize = 100;

/// Characters per length class: a document of `n` characters (title and text) is in
/// class `min(n / 64, LENGTH_CLASSES)`, and loses one point per class. 64 characters
/// is about one sentence of Chinese.
pub const LENGTH_CLASS_CHARS: usize = 64;

/// The highest length class (1,280 characters and longer), so a very long section
/// loses at most 20 points: less than the gap between a title and a body match.
pub const LENGTH_CLASSES: u8 = 20;

/// The last length class of buckets 0, 1 and 2 (bucket 3 is the rest): under 64,
/// 256 and 1,024 characters. Four buckets fit two bits, which `meta.js` holds for every
/// document so candidates are ordered before any document loads.
pub const BUCKET_LAST_CLASSES: [u8; 3] = [0, 3, 15];

/// What the browser's search core reads from `meta.js`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Spec {
    /// How many candidates, best by the preliminary score, are checked against their
    /// title and excerpt and returned. A reader looks at the first ten; checking 16
    /// loads the document shards of 16 rows at most, which keeps a query's loading
    /// bounded on a site of any size: typed character by character, every query of
    /// the search benchmark loads under 1 MiB at 10,000 pages (30 loaded up to
    /// 1,348 KB), and the relevance corpus ranks alike with 16 and 30.
    pub verify: usize,
    /// How many bigrams a one-run query needs before it may match partly (three
    /// bigrams: four characters). Shorter runs are words and must match whole; four
    /// characters or more typed as one run are usually a question (`投诉电话是多少`).
    pub relax_units: usize,
    /// A partly matching document holds at least one in this many of the query's
    /// bigrams: a third. One shared bigram of a long question is noise.
    pub relax_share: usize,
    /// When no document holds that share, those holding one bigram at least this rare
    /// ([`rarity`](super::query) 2: in at most a quarter of the documents) are ranked:
    /// a question around one telling word (`小蜜在哪里`) finds that word rather than
    /// nothing. A bigram most documents hold still finds nothing.
    pub relax_rare: i64,
    /// When fewer documents than this hold such a run whole, the partly matching ones
    /// are ranked after them, so a run that one section happens to hold does not hide
    /// the chapter about its words.
    pub relax_below: usize,
    /// A prefix lookup reads at most this many term shards (about 48 KB of JSON
    /// each), so a one-letter prefix on a large site still loads a bounded amount.
    pub prefix_shards: usize,
    /// Appended to a prefix, the highest UTF-16 unit sorts after every term that
    /// starts with it: where a prefix's last shard is found. Sent as a number.
    #[serde(serialize_with = "code_unit")]
    pub prefix_end: char,
    /// A CJK run of at most this many characters is one bigram (or one character):
    /// if the index found the document, the run is in its text as written. A longer
    /// run is a phrase only where the excerpt holds it whole.
    pub exact_run: usize,
    /// What joins a document's crumbs (`投诉渠道 › 天猫APP › 第 4 步`); the first crumb
    /// of a section is its page's title, which the page-level signal reads.
    pub crumb_sep: &'static str,
    /// A page's other matching sections add to each of its sections' scores, at most
    /// this many of them (see [`Weights::page_section`]).
    pub page_sections: usize,
    /// The points of the ranking.
    pub weights: Weights,
    /// The digits of posting lists.
    pub postings: PostingDigits,
    /// How `meta.js` packs every document's length bucket.
    pub buckets: BucketDigits,
    /// The kinds of shard.
    pub shards: ShardKinds,
}

/// The points a document scores. Scores are integers so both languages compute the
/// same order; a document then loses one point per length class (0–20), or, in the
/// preliminary score, per length bucket (0–3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Weights {
    /// Preliminary score of a query token found in a document's title. Every
    /// candidate holds every token, so only the gap to [`Weights::prelim_body`] orders
    /// them: 36 points, more than any length bucket takes away, so the candidates
    /// with title matches are the ones checked.
    pub prelim_title: i64,
    /// Preliminary score of a token found only in the body.
    pub prelim_body: i64,
    /// Preliminary score, per rarity point plus [`Weights::unit_base`], of a bigram of
    /// a partly matching question found in the title.
    pub relaxed_unit_title: i64,
    /// The same, for a bigram found in the body: titles count 1.4 times as much, less
    /// than for whole matches, since a part of a question is weaker evidence.
    pub relaxed_unit_body: i64,
    /// Added to a bigram's rarity (⌊log2(documents / documents holding it)⌋), so a
    /// bigram in every document (from a breadcrumb, say) still counts a little.
    pub unit_base: i64,
    /// A token the title holds as written: any title phrase beats every body match.
    pub title_phrase: i64,
    /// Plus at most this much for the share of the title the token fills, so `退款`
    /// ranks a step titled `退款` above `申请退款并上传凭证`.
    pub title_fill: i64,
    /// The title holds a synonym of the token: a little below the word itself, above
    /// any body match.
    pub synonym_title_phrase: i64,
    /// The title holds every bigram of the token, but not as one phrase: above a
    /// phrase in the body.
    pub title_units: i64,
    /// The body holds the token as written (see [`Spec::exact_run`]).
    pub body_phrase: i64,
    /// The body holds a synonym of the token: a little below the word itself.
    pub synonym_body_phrase: i64,
    /// The document holds the token's bigrams, scattered: the weakest whole match.
    pub scattered: i64,
    /// In a partly matching question, a bigram in the title scores its rarity times
    /// this, plus [`Weights::relaxed_title`]; a bigram in the body scores its rarity
    /// plus [`Weights::unit_base`].
    pub relaxed_title_rarity: i64,
    /// See [`Weights::relaxed_title_rarity`].
    pub relaxed_title: i64,
    /// The page a document belongs to has the token (itself) in its title: the
    /// page is about the query, so each of its matching sections outranks a passing
    /// section elsewhere whose own short title merely holds the word.
    pub page_title: i64,
    /// Per other section of the same page among the checked candidates (at most
    /// [`Spec::page_sections`]): how much of the page is about the query.
    pub page_section: i64,
}

/// Posting lists are strings of variable-length base-32 numbers, lowest five bits
/// first; each is the gap from the previous document id times two, plus one for a
/// title match. Both alphabets are characters JSON and JavaScript strings carry
/// without escaping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PostingDigits {
    /// Digits of a number that more digits follow.
    pub more: &'static str,
    /// Digits that end a number, so numbers need no separator.
    pub last: &'static str,
}

/// Length buckets are packed several to a base-64 digit, first document lowest, so
/// `meta.js` costs a third of a byte per document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BucketDigits {
    /// The base-64 digits (URL-safe alphabet: no character needs escaping).
    pub digits: &'static str,
    /// Bits of one bucket: four buckets.
    pub bits: u32,
    /// Buckets per digit: six bits hold three of two bits.
    pub per_digit: usize,
}

/// Shards are the files `search/<kind>-<n>.js`; a kind is one letter because every
/// shard script repeats it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShardKinds {
    /// Shards of the sorted terms and their postings.
    pub terms: &'static str,
    /// Shards of the documents, in id order.
    pub docs: &'static str,
}

/// The search contract as published.
pub const SPEC: Spec = Spec {
    verify: 16,
    relax_units: 3,
    relax_share: 3,
    relax_rare: 2,
    relax_below: 5,
    prefix_shards: 4,
    prefix_end: '\u{ffff}',
    exact_run: 2,
    crumb_sep: " › ",
    page_sections: 5,
    weights: Weights {
        prelim_title: 40,
        prelim_body: 4,
        relaxed_unit_title: 14,
        relaxed_unit_body: 10,
        unit_base: 1,
        title_phrase: 100,
        title_fill: 50,
        synonym_title_phrase: 90,
        title_units: 30,
        body_phrase: 20,
        synonym_body_phrase: 18,
        scattered: 5,
        relaxed_title_rarity: 3,
        relaxed_title: 2,
        page_title: 30,
        page_section: 4,
    },
    postings: PostingDigits {
        more: "0123456789ABCDEFGHIJKLMNOPQRSTUV",
        last: "WXYZabcdefghijklmnopqrstuvwxyz_-",
    },
    buckets: BucketDigits {
        digits: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
        bits: 2,
        per_digit: 3,
    },
    shards: ShardKinds {
        terms: "t",
        docs: "d",
    },
};

fn code_unit<S: Serializer>(c: &char, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u32(*c as u32)
}

/// The first and last line of the generated block in `waymark-search.js`.
const BLOCK: (&str, &str) = (
    "  /* Generated by src/search/spec.rs from src/analysis.rs: edit those, not this. */\n",
    "  /* End of generated code. */\n",
);

/// The character classes of [`crate::analysis::CLASSES`] as the JavaScript that
/// `waymark-search.js` holds between its generated-block markers: `CLASSES`, with
/// code-point ranges in hexadecimal as `analysis.rs` writes them.
pub fn classes_script() -> String {
    let classes = &crate::analysis::CLASSES;
    let ranges = |list: &[(u32, u32)]| -> String {
        let items: Vec<String> = list
            .iter()
            .map(|(a, b)| format!("[0x{a:04X}, 0x{b:04X}]"))
            .collect();
        format!("[\n      {}\n    ]", items.join(",\n      "))
    };
    let word: Vec<String> = classes
        .word
        .iter()
        .map(|p| {
            serde_json::to_string(p)
                .unwrap_or_default()
                .replace('"', "'")
        })
        .collect();
    format!(
        "{}  var CLASSES = {{\n    cjk: {},\n    word: [{}],\n    digit: {}\n  }};\n{}",
        BLOCK.0,
        ranges(classes.cjk),
        word.join(", "),
        ranges(classes.digit),
        BLOCK.1
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn core_path() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("theme/static/waymark-search.js")
    }

    /// The generated block of the browser's core is what `analysis.rs` says.
    #[test]
    fn the_browser_core_holds_the_generated_classes() {
        let path = core_path();
        let core = std::fs::read_to_string(&path).unwrap();
        let start = core.find(BLOCK.0).expect("the block's first line");
        let end = core[start..].find(BLOCK.1).expect("the block's last line") + start;
        let block = &core[start..end + BLOCK.1.len()];
        if block != classes_script() && std::env::var("WAYMARK_BLESS").as_deref() == Ok("1") {
            let updated = core.replacen(block, &classes_script(), 1);
            std::fs::write(&path, updated).unwrap();
            return;
        }
        assert_eq!(
            block,
            classes_script(),
            "theme/static/waymark-search.js is stale: run `WAYMARK_BLESS=1 cargo test --lib search::spec`"
        );
    }

    /// The script reads every value of the spec, and none the spec lacks: a number
    /// the browser needs is in the spec, and the spec holds nothing the browser ignores.
    #[test]
    fn the_browser_core_reads_every_value_of_the_spec() {
        let core = std::fs::read_to_string(core_path()).unwrap();
        let spec = serde_json::to_value(&SPEC).unwrap();
        let mut published = Vec::new();
        for (key, value) in spec.as_object().unwrap() {
            match value.as_object() {
                Some(group) => published.extend(group.keys().map(|k| format!("{key}.{k}"))),
                None => published.push(key.clone()),
            }
        }
        // Each `spec.a.b…` in the script, as far as it names something in the spec;
        // a chain naming a whole group (in a comment, say) reads nothing.
        let mut read: Vec<String> = Vec::new();
        for (i, _) in core.match_indices("spec.") {
            let before = core[..i].chars().next_back().unwrap_or(' ');
            if before.is_ascii_alphanumeric() || "_/".contains(before) {
                continue;
            }
            let chain: String = core[i + "spec.".len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '.')
                .collect();
            if chain.is_empty() || chain.starts_with('.') {
                continue;
            }
            let mut value = &spec;
            let mut path = Vec::new();
            for part in chain.split('.') {
                match value.get(part) {
                    Some(v) => {
                        value = v;
                        path.push(part);
                    }
                    None if path.is_empty() => panic!("the script reads spec.{chain}"),
                    None => break,
                }
                if !value.is_object() {
                    break;
                }
            }
            if !value.is_object() && !read.contains(&path.join(".")) {
                read.push(path.join("."));
            }
        }
        published.sort();
        read.sort();
        assert_eq!(read, published);
    }

    #[test]
    fn the_alphabets_fit_their_numbers() {
        let p = &SPEC.postings;
        assert_eq!((p.more.len(), p.last.len()), (32, 32));
        let all: Vec<char> = p.more.chars().chain(p.last.chars()).collect();
        assert!(all
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || "-_".contains(*c)));
        let mut unique = all.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), all.len(), "no digit is in both alphabets");
        let b = &SPEC.buckets;
        assert_eq!(b.digits.len(), 1 << (b.bits as usize * b.per_digit));
        assert_eq!(BUCKET_LAST_CLASSES.len() + 1, 1 << b.bits);
        assert!(BUCKET_LAST_CLASSES.windows(2).all(|w| w[0] < w[1]));
        assert!(*BUCKET_LAST_CLASSES.last().unwrap() < LENGTH_CLASSES);
    }

    /// What the ranking's order rests on, in numbers.
    #[test]
    fn the_weights_keep_their_order() {
        let w = &SPEC.weights;
        let length = LENGTH_CLASSES as i64;
        assert!(w.title_phrase > w.synonym_title_phrase);
        assert!(w.synonym_title_phrase > w.title_units);
        assert!(w.title_units > w.body_phrase);
        assert!(
            w.title_phrase - length > w.body_phrase,
            "even in a long document"
        );
        assert!(w.body_phrase > w.synonym_body_phrase);
        assert!(w.synonym_body_phrase > w.scattered);
        let buckets = (1 << SPEC.buckets.bits) - 1;
        assert!(
            w.prelim_title - w.prelim_body > buckets,
            "beyond any length bucket"
        );
    }
}
