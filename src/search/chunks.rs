//! What analysing each run of documents gave, kept for the next build.
//!
//! Analysing text (normalising, cutting tokens, deriving terms) is most of the index's
//! time. The documents are cut into chunks of whole output files ([`cut`]), each keyed
//! by the hash of everything its terms come from ([`key`]); a chunk whose key an
//! earlier build recorded takes its terms from the record ([`Store`]) instead of being
//! analysed again. So a one-page edit re-analyses one chunk. Chunks end where an
//! output file's path hashes to a multiple of [`CUT_EVERY`], a rule that depends on no
//! other page: adding or removing a page moves no boundary but its own chunk's.
//!
//! The record is a sequence of entries, each a [`Key`], the length of its payload (four
//! bytes, little-endian), a check (the first eight bytes of the SHA-256 of the key and
//! payload, so a damaged or moved entry is never read as another) and the payload: the
//! number of terms, then per term its
//! length, its bytes, the number of its postings and the postings, each number an
//! unsigned LEB128 varint. A posting is the document's number within the chunk, times
//! two, plus one if the term is in its title; after the first, the document is given
//! as the gap from the one before. Anything malformed reads as a chunk never recorded:
//! a record may cost speed, never correctness.

use std::collections::HashMap;
use std::ops::Range;

use sha2::Digest as _;

use super::terms::Posting;
use crate::markdown::pages::Section;

/// A chunk's key: the first half of the SHA-256 of its sections and step label.
pub type Key = [u8; 16];

/// A chunk's terms, each with its postings in document order, documents numbered
/// from 0 within the chunk.
pub type Terms = Vec<(String, Vec<Posting>)>;

/// One chunk ends after an output file whose path hashes to a multiple of this (about
/// a hundred pages' documents a chunk).
pub const CUT_EVERY: u64 = 128;
/// No chunk holds more documents than this, whatever the paths hash to.
pub const MAX_DOCS: usize = 4096;

/// Where the earlier build's analysed chunks come from and this build's go.
pub trait Store: Sync {
    /// The earlier build's record (empty without one).
    fn earlier(&self) -> &[u8];
    /// Appends one entry ([`entry`]) to this build's record.
    fn record(&self, entry: &[u8]);
}

/// Cuts `sections` into chunks: a chunk ends after the last section of an output file
/// whose path hashes to a multiple of [`CUT_EVERY`], or at [`MAX_DOCS`].
pub fn cut(sections: &[&Section]) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    for i in 0..sections.len() {
        let last_of_file = sections
            .get(i + 1)
            .is_none_or(|next| next.output != sections[i].output);
        let ends = last_of_file && fnv(sections[i].output.as_bytes()).is_multiple_of(CUT_EVERY);
        if ends || i + 1 - start == MAX_DOCS || i + 1 == sections.len() {
            ranges.push(start..i + 1);
            start = i + 1;
        }
    }
    ranges
}

/// FNV-1a: a hash that is the same on every machine and in every version.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ *b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The key of a chunk: every field of its sections, each with its length, and the step
/// label its step crumbs are made with.
pub fn key(sections: &[&Section], step_label: &str) -> Key {
    let mut h = sha2::Sha256::new();
    let mut field = |bytes: &[u8]| {
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    field(step_label.as_bytes());
    for s in sections {
        field(s.output.as_bytes());
        field(s.anchor.as_deref().unwrap_or("\0none").as_bytes());
        field(s.title.as_bytes());
        field(&(s.crumbs.len() as u64).to_le_bytes());
        for crumb in &s.crumbs {
            field(crumb.as_bytes());
        }
        field(&s.step.map_or(u64::MAX, |n| n as u64).to_le_bytes());
        field(s.text.as_bytes());
    }
    let mut key = Key::default();
    key.copy_from_slice(&h.finalize()[..16]);
    key
}

/// The record's entry for the chunk `key` with `terms`.
pub fn entry<S: AsRef<str>>(key: &Key, terms: &[(S, Vec<Posting>)]) -> Vec<u8> {
    let mut payload = Vec::new();
    varint(&mut payload, terms.len() as u64);
    for (term, list) in terms {
        let term = term.as_ref().as_bytes();
        varint(&mut payload, term.len() as u64);
        payload.extend_from_slice(term);
        varint(&mut payload, list.len() as u64);
        let mut before: Option<u32> = None;
        for p in list {
            let gap = p.doc() - before.unwrap_or(0);
            varint(&mut payload, (gap as u64) << 1 | p.in_title() as u64);
            before = Some(p.doc());
        }
    }
    framed(key, &payload)
}

/// Bytes before an entry's payload: key, length, check.
const FRAME: usize = 16 + 4 + 8;

/// `payload` framed as an entry of the record under `key`.
fn framed(key: &Key, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(payload.len() + FRAME);
    out.extend_from_slice(key);
    out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    out.extend_from_slice(&check(key, payload));
    out.extend_from_slice(payload);
    out
}

fn check(key: &Key, payload: &[u8]) -> [u8; 8] {
    let mut h = sha2::Sha256::new();
    h.update(key);
    h.update(payload);
    let mut check = [0; 8];
    check.copy_from_slice(&h.finalize()[..8]);
    check
}

/// A record's entries by key, whole (as [`entry`] made them), up to the first that is
/// cut short. Their checks are verified when they are [`read`].
pub fn entries(record: &[u8]) -> HashMap<Key, &[u8]> {
    let mut found = HashMap::new();
    let mut rest = record;
    while rest.len() >= FRAME {
        let len = u32::from_le_bytes([rest[16], rest[17], rest[18], rest[19]]) as usize;
        let Some(whole) = rest.get(..FRAME.saturating_add(len)) else {
            break;
        };
        found.insert(rest[..16].try_into().expect("16 bytes"), whole);
        rest = &rest[whole.len()..];
    }
    found
}

/// The terms of a whole entry ([`entries`]) of a chunk of `docs` documents, or `None`
/// if it is not a sound one: its check right, every number in range, every term
/// UTF-8, every postings list in increasing document order, nothing left over.
pub fn read(whole: &[u8], docs: usize) -> Option<Terms> {
    let key: Key = whole.get(..16)?.try_into().ok()?;
    let payload = whole.get(FRAME..)?;
    if whole[20..FRAME] != check(&key, payload) {
        return None;
    }
    let mut at = 0;
    let count = read_varint(payload, &mut at)?;
    // Each term takes at least three bytes: a cap no record can make us exceed.
    let mut terms = Vec::with_capacity((count as usize).min(payload.len() / 3));
    for _ in 0..count {
        let len = usize::try_from(read_varint(payload, &mut at)?).ok()?;
        let bytes = payload.get(at..at.checked_add(len)?)?;
        at += len;
        let term = std::str::from_utf8(bytes).ok()?.to_string();
        let postings = read_varint(payload, &mut at)?;
        let mut list = Vec::with_capacity((postings as usize).min(docs));
        let mut doc: u64 = 0;
        for i in 0..postings {
            let v = read_varint(payload, &mut at)?;
            let gap = v >> 1;
            if i > 0 && gap == 0 {
                return None;
            }
            doc = doc.checked_add(gap)?;
            if doc >= docs as u64 {
                return None;
            }
            list.push(Posting::new(doc as u32, v & 1 == 1));
        }
        terms.push((term, list));
    }
    (at == payload.len()).then_some(terms)
}

fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn read_varint(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut v: u64 = 0;
    for shift in (0..64).step_by(7) {
        let b = *bytes.get(*at)?;
        *at += 1;
        v |= ((b & 0x7f) as u64).checked_shl(shift)?;
        if b & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(output: &str, text: &str) -> Section {
        Section {
            output: output.into(),
            anchor: None,
            title: "t".into(),
            crumbs: vec!["a".into()],
            step: None,
            text: text.into(),
        }
    }

    #[test]
    fn an_entry_reads_back_as_written() {
        let terms = vec![
            (
                "退款".to_string(),
                vec![Posting::new(0, true), Posting::new(3, false)],
            ),
            ("x".to_string(), vec![Posting::new(2, false)]),
            ("empty".to_string(), vec![]),
        ];
        let key = [7u8; 16];
        let mut record = entry(&key, &terms);
        record.extend(entry(&[8u8; 16], &terms[1..]));
        let found = entries(&record);
        assert_eq!(found.len(), 2);
        assert_eq!(
            found[&key],
            &record[..found[&key].len()],
            "an entry is whole"
        );
        assert_eq!(read(found[&key], 4), Some(terms.clone()));
        assert_eq!(read(found[&[8u8; 16]], 4), Some(terms[1..].to_vec()));
        // Postings past the chunk's documents are not this chunk's.
        assert_eq!(read(found[&key], 3), None);
    }

    /// A damaged record never panics and never reads as other terms: it reads as fewer
    /// entries or as entries refused.
    #[test]
    fn damaged_records_are_chunks_never_recorded() {
        let terms = vec![(
            "商品".to_string(),
            vec![Posting::new(0, false), Posting::new(1, true)],
        )];
        let whole = entry(&[1u8; 16], &terms);
        for cut in 0..whole.len() {
            let found = entries(&whole[..cut]);
            assert!(found.is_empty(), "cut at {cut}");
        }
        for i in 0..whole.len() {
            for flip in [0x01u8, 0x80, 0xff] {
                let mut bad = whole.clone();
                bad[i] ^= flip;
                for entry in entries(&bad).values() {
                    assert_eq!(read(entry, 2), None, "byte {i} ^ {flip:#x}");
                }
            }
        }
        // An entry under another key is refused.
        let mut moved = whole.clone();
        moved[..16].copy_from_slice(&[3; 16]);
        assert_eq!(read(&moved, 2), None);
        // A postings list out of order is refused, though its check is right.
        let unordered = [1u8, 1, b'a', 2, /* doc 1 */ 2, /* gap 0 */ 0];
        assert_eq!(read(&framed(&[2; 16], &unordered), 4), None);
    }

    #[test]
    fn chunks_end_at_files_whose_paths_say_so_and_at_the_cap() {
        let outputs: Vec<String> = (0..2000).map(|i| format!("p{i}.html")).collect();
        let sections: Vec<Section> = outputs
            .iter()
            .flat_map(|o| [section(o, "a"), section(o, "b")])
            .collect();
        let refs: Vec<&Section> = sections.iter().collect();
        let ranges = cut(&refs);
        assert_eq!(ranges.first().map(|r| r.start), Some(0));
        assert_eq!(ranges.last().map(|r| r.end), Some(refs.len()));
        for pair in ranges.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
        }
        for r in &ranges[..ranges.len() - 1] {
            let last = &refs[r.end - 1].output;
            assert_ne!(refs[r.end].output, *last, "a file's sections stay together");
            assert!(fnv(last.as_bytes()).is_multiple_of(CUT_EVERY));
        }
        assert!(ranges.len() > 3 && ranges.len() < 100, "{}", ranges.len());
        // Removing a page moves no boundary but its own chunk's.
        let fewer: Vec<&Section> = refs
            .iter()
            .copied()
            .filter(|s| s.output != "p700.html")
            .collect();
        let ends = |refs: &[&Section], ranges: &[Range<usize>]| -> Vec<String> {
            ranges
                .iter()
                .map(|r| refs[r.end - 1].output.clone())
                .collect()
        };
        assert_eq!(ends(&fewer, &cut(&fewer)), ends(&refs, &ranges));
        // One file of many sections is cut at the cap.
        let big: Vec<Section> = (0..MAX_DOCS + 5)
            .map(|_| section("big.html", "x"))
            .collect();
        let refs: Vec<&Section> = big.iter().collect();
        assert_eq!(cut(&refs), vec![0..MAX_DOCS, MAX_DOCS..MAX_DOCS + 5]);
    }

    #[test]
    fn a_key_changes_with_every_field() {
        let base = section("a.html", "text");
        let k = |s: &Section, label: &str| key(&[s], label);
        let original = k(&base, "第 {n} 步");
        assert_eq!(original, k(&base.clone(), "第 {n} 步"));
        assert_ne!(original, k(&base, "Step {n}"));
        let changes: Vec<fn(&mut Section)> = vec![
            |s| s.output = "b.html".into(),
            |s| s.anchor = Some("x".into()),
            |s| s.title = "u".into(),
            |s| s.crumbs.push(String::new()),
            |s| s.step = Some(1),
            |s| s.text.push('!'),
        ];
        for change in changes {
            let mut changed = base.clone();
            change(&mut changed);
            assert_ne!(original, k(&changed, "第 {n} 步"));
        }
    }
}
