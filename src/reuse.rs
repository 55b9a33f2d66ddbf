//! Pages an earlier build made, taken over when nothing they depend on changed.
//!
//! A page's HTML (and its channel pages') depends on its own file, and beyond it on
//! the settings, the theme, the facts and the clock they are judged by, and on what
//! the navigation, links and breadcrumbs show of every other page: their paths, front
//! matter, titles, headings and channels (the outline), and the assets links may point
//! to. A page's key hashes its own file with all of that (the site's *skeleton*), so an
//! edit to one page's body changes only its key, while an edit to any title, heading
//! or setting changes every key. A page whose key an earlier build recorded, and whose
//! files the reused output folder still holds as made from the same input
//! ([`crate::output::spare`]), is neither parsed, rendered, minified nor written: what
//! the build keeps of it (search sections, advice, links, fact uses) comes from the
//! record. Where the key could miss a dependency (a site with several languages), pages
//! are always made: a cache may cost speed, never correctness.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::Path;
use std::sync::Mutex;

use anyhow::Result;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use sha2::Digest as _;

use crate::content::{Content, Page};
use crate::diagnostic::Diagnostic;
use crate::markdown::pages::{FactUse, Section};

/// What a build made of one page and keeps of it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Made {
    /// The files written for it: output path and the hash of what each was made from.
    pub files: Vec<(String, String)>,
    /// Its search sections.
    pub sections: Vec<Section>,
    /// Advice for the author.
    pub lints: Vec<Diagnostic>,
    /// The pages it links to.
    pub links_to: Vec<String>,
    /// Where it uses facts.
    pub fact_uses: Vec<FactUse>,
    /// Its channels.
    pub channels: usize,
    /// Its channels' steps.
    pub steps: usize,
}

impl Made {
    /// Whether this can be what a build made of `page`: its first file is the page's
    /// own, and every search section lands in one of its files. (A record is only ever
    /// written by a build; this keeps one edited by hand from putting a page's
    /// sections under another's address.)
    pub fn is_of(&self, page: &Page) -> bool {
        self.files
            .first()
            .is_some_and(|(path, _)| *path == page.output)
            && self
                .sections
                .iter()
                .all(|s| self.files.iter().any(|(path, _)| *path == s.output))
    }
}

/// The record of one build's pages, read for the next. Entries are kept as their
/// JSON text and read only when a page is taken over; a page taken over keeps its
/// text for the next record as it was.
#[derive(Default)]
pub struct PageCache {
    earlier: Mutex<HashMap<String, Box<RawValue>>>,
    now: Mutex<BTreeMap<String, Box<RawValue>>>,
}

#[derive(Deserialize)]
struct Stored {
    waymark: String,
    pages: HashMap<String, Box<RawValue>>,
}

#[derive(Serialize)]
struct Storing<'a> {
    waymark: &'a str,
    pages: &'a BTreeMap<String, Box<RawValue>>,
}

const VERSION: &str = env!("CARGO_PKG_VERSION");

impl PageCache {
    /// The record at `path`; a missing, unreadable or foreign one is empty.
    pub fn read(path: &Path) -> PageCache {
        let earlier = fs::read(path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Stored>(&bytes).ok())
            .filter(|s| s.waymark == VERSION)
            .map(|s| s.pages)
            .unwrap_or_default();
        PageCache {
            earlier: Mutex::new(earlier),
            now: Mutex::default(),
        }
    }

    /// What an earlier build made of the page with `key`, taken out of the record
    /// (each page is looked up once), with its text for [`PageCache::keep`].
    pub fn take(&self, key: &str) -> Option<(Made, Box<RawValue>)> {
        let raw = self
            .earlier
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(key)?;
        let made = serde_json::from_str(raw.get()).ok()?;
        Some((made, raw))
    }

    /// Records a page taken over, as the earlier record had it.
    pub fn keep(&self, key: String, raw: Box<RawValue>) {
        self.now
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(key, raw);
    }

    /// Records what this build made of the page with `key`.
    pub fn put(&self, key: String, made: &Made) {
        if let Ok(raw) = serde_json::value::to_raw_value(made) {
            self.keep(key, raw);
        }
    }

    /// Writes this build's record to `path` (a temporary file, then a rename).
    pub fn write(self, path: &Path) -> Result<()> {
        let pages = self.now.into_inner().unwrap_or_else(|p| p.into_inner());
        let json = serde_json::to_vec(&Storing {
            waymark: VERSION,
            pages: &pages,
        })?;
        crate::output::replace_file(path, &json)
    }
}

/// The hash of everything beyond its own file that a page of `content` depends on:
/// `context` (the build's options, settings, theme and facts, as the caller gathers
/// them), every page's place, front matter and aliases, the outline, and the assets.
pub fn skeleton(context: &[&[u8]], content: &Content, links_fingerprint: &str) -> String {
    let mut h = sha2::Sha256::new();
    h.update(VERSION);
    for part in context {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part);
    }
    for page in &content.pages {
        h.update(
            format!(
                "{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}\n",
                page.rel,
                page.source,
                page.output,
                page.meta,
                page.aliases,
                page.fallback,
                page.original_title
            )
            .as_bytes(),
        );
    }
    h.update(links_fingerprint.as_bytes());
    for asset in content.assets.iter() {
        h.update(asset.rel.as_bytes());
        h.update(b"\0");
        h.update(crate::output::content_hash(&asset.bytes).as_bytes());
    }
    hex(&h.finalize())
}

/// The key of `page` in a site whose [`skeleton`] is `skeleton`.
pub fn key(skeleton: &str, page: &Page) -> String {
    let mut h = sha2::Sha256::new();
    h.update(skeleton);
    // The whole file as bytes (formatting it would escape every character), then
    // what was decided of it.
    h.update((page.text.len() as u64).to_le_bytes());
    h.update(page.text.as_bytes());
    h.update(
        format!(
            "{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
            page.source,
            page.rel,
            page.output,
            page.meta,
            page.body_offset,
            page.yaml,
            page.aliases,
            page.fallback,
            page.original_title,
            page.text.len()
        )
        .as_bytes(),
    );
    hex(&h.finalize())
}

fn hex(bytes: &[u8]) -> String {
    bytes[..16].iter().map(|b| format!("{b:02x}")).collect()
}
