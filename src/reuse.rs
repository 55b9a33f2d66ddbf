//! Pages an earlier build made, taken over when nothing they depend on changed.
//!
//! A page's HTML (and its channel pages') depends on its own file, on the settings,
//! the theme, the facts and the clock they are judged by, and the assets (the site's
//! *skeleton*, hashed with the file into the page's key), and on two views of the
//! other pages:
//! - what it shows of them: its navigation, breadcrumbs, neighbours and versions
//!   ([`crate::render::Layout::surroundings`]);
//! - what its links lead to: the link index's answers to the links it holds
//!   ([`crate::markdown::links::LinkIndex::answers`]).
//!
//! A page whose key an earlier build recorded, whose two views are what they were
//! then, and whose files the reused output folder still holds as made from the same
//! input ([`crate::output::spare`]), is neither parsed, rendered, minified nor
//! written: what the build keeps of it (search sections, advice, links, fact uses)
//! comes from the record. So a body edit remakes one page, and a title edit the page
//! and those that show the title. Where a dependency could be missed (a site with
//! several languages), pages are always made: a cache may cost speed, never
//! correctness.

use std::collections::HashMap;
use std::fs;
use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use anyhow::Result;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use sha2::Digest as _;

use crate::content::{Content, Page};
use crate::markdown::pages::Contribution;
use crate::pipeline::Kept;

/// What a build made of one page and keeps of it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Made {
    /// The files written for it: output path and the hash of what each was made from.
    pub files: Vec<(String, String)>,
    /// What the build keeps of it.
    pub kept: Kept,
    /// The links it asked about, each path with the output file it is on.
    pub asked: Vec<(String, String)>,
    /// [`crate::markdown::links::LinkIndex::answers`] to them when it was made.
    pub answers: String,
    /// [`crate::render::Layout::surroundings`] of its files when it was made.
    pub surroundings: String,
    /// What it added to the link index ([`crate::markdown::pages::outline`]).
    pub outline: Contribution,
}

/// The part of a [`Made`] the outline reads (the rest is skipped, not copied).
#[derive(Deserialize)]
struct OutlineOnly {
    outline: Contribution,
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
                .kept
                .sections
                .iter()
                .all(|s| self.files.iter().any(|(path, _)| *path == s.output))
    }
}

/// The record of one build's pages, read for the next. The earlier record's entries
/// are kept as their JSON text and read only when a page is taken over (which copies
/// its text to the new record as it was); the new record is written to disk as pages
/// are made, so a large site's is never held in memory.
///
/// Beside it (in `<record>.search`) goes the search index's record of analysed text
/// ([`crate::search::chunks`]), which this cache carries as bytes.
pub struct PageCache {
    /// The earlier record's entries, once `reading` has read them.
    earlier: Mutex<Entries>,
    /// The earlier search record, once `reading` has read it.
    earlier_search: OnceLock<Vec<u8>>,
    /// The thread reading the earlier records, until the first lookup waits for it.
    reading: Mutex<Option<std::thread::JoinHandle<Earlier>>>,
    record: Mutex<Option<Record>>,
    /// This build's search record, being written.
    search: Mutex<Option<Out>>,
}

/// What a build kept in memory ([`PageCache::into_memory`]) for the next to take over.
pub struct Remembered {
    /// The record of pages.
    pages: Vec<u8>,
    /// The search record.
    search: Vec<u8>,
}

/// The new record, being written.
struct Record {
    out: Out,
    first: bool,
}

/// Where the new record goes: a file beside the output (`<path>.new` until the build
/// is published), or memory (`serve`).
enum Out {
    File {
        file: BufWriter<fs::File>,
        temporary: PathBuf,
    },
    Memory(Vec<u8>),
}

impl std::io::Write for Out {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        match self {
            Out::File { file, .. } => file.write(bytes),
            Out::Memory(v) => v.write(bytes),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Out::File { file, .. } => file.flush(),
            Out::Memory(_) => Ok(()),
        }
    }
}

impl Out {
    /// Removes what was written of a record that will not be finished.
    fn discard(self) {
        if let Out::File { file, temporary } = self {
            drop(file);
            let _ = fs::remove_file(temporary);
        }
    }
}

/// The earlier record's entries by key.
type Entries = HashMap<String, Box<RawValue>>;

/// The earlier records as read: the pages' entries and the search record's entries.
type Earlier = (Entries, Vec<u8>);

/// A record finished: whether its end was written, and where it is.
type Finished = Option<(std::io::Result<()>, Out)>;

/// The first line of a search record: the version that wrote it, whose analysis of
/// text it holds.
fn search_header() -> String {
    format!("waymark search record {VERSION}\n")
}

/// Where the search record beside the record of pages at `path` goes.
fn search_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".search");
    PathBuf::from(name)
}

/// A file's temporary name while it is written: `<path>.new`, where nothing may stand
/// in its way (a folder there, left by someone, is removed).
fn temporary(path: &Path) -> PathBuf {
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".new");
    let temporary = PathBuf::from(temporary);
    if fs::symlink_metadata(&temporary).is_ok_and(|m| m.is_dir()) {
        let _ = fs::remove_dir_all(&temporary);
    }
    temporary
}

/// A new file at `temporary`, or nothing (then the next build only has less to take
/// over).
fn create(temporary: PathBuf) -> Option<Out> {
    fs::File::create(&temporary).ok().map(|file| Out::File {
        file: BufWriter::new(file),
        temporary,
    })
}

/// Puts a finished record's file at `path`; without one, removes whatever is there.
fn place(finished: Finished, path: &Path) -> Result<()> {
    match finished {
        Some((Ok(()), Out::File { file, temporary })) => {
            drop(file);
            if fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) {
                let _ = fs::remove_dir_all(path);
            }
            fs::rename(&temporary, path).map_err(anyhow::Error::from)
        }
        Some((Err(e), out)) => {
            out.discard();
            let _ = fs::remove_file(path);
            Err(e.into())
        }
        Some((Ok(()), Out::Memory(_))) | None => {
            let _ = fs::remove_file(path);
            Ok(())
        }
    }
}

#[derive(Deserialize)]
struct Stored {
    waymark: String,
    pages: HashMap<String, Box<RawValue>>,
}

const VERSION: &str = env!("CARGO_PKG_VERSION");

impl PageCache {
    /// A cache taking over pages from the record at `earlier` (a missing, unreadable
    /// or foreign one is empty), recording this build's pages for `path`.
    pub fn open(earlier: Option<&Path>, path: &Path) -> PageCache {
        let earlier = earlier.map(Path::to_path_buf).map(|earlier| {
            move || {
                let pages = fs::read(&earlier).ok()?;
                Some((pages, fs::read(search_path(&earlier)).unwrap_or_default()))
            }
        });
        // Without a record the next build makes every page again: nothing fails.
        let out = create(temporary(path));
        let search = create(temporary(&search_path(path)));
        PageCache::new(earlier, out, search)
    }

    /// A cache taking over pages from `earlier`, a record [`PageCache::into_memory`]
    /// returned, and recording this build's pages in memory.
    pub fn in_memory(earlier: Option<Remembered>) -> PageCache {
        PageCache::new(
            earlier.map(|r| move || Some((r.pages, r.search))),
            Some(Out::Memory(Vec::new())),
            Some(Out::Memory(Vec::new())),
        )
    }

    fn new<F>(earlier: Option<F>, out: Option<Out>, search: Option<Out>) -> PageCache
    where
        F: FnOnce() -> Option<(Vec<u8>, Vec<u8>)> + Send + 'static,
    {
        // Read on a thread of its own while the sources are read: a large site's
        // record takes a few hundred milliseconds to parse.
        let reading = earlier.map(|read| {
            std::thread::spawn(move || {
                let Some((pages, search)) = read() else {
                    return Default::default();
                };
                let pages = serde_json::from_slice::<Stored>(&pages)
                    .ok()
                    .filter(|s| s.waymark == VERSION)
                    .map(|s| s.pages)
                    .unwrap_or_default();
                let search = match search.strip_prefix(search_header().as_bytes()) {
                    Some(entries) => entries.to_vec(),
                    None => Vec::new(),
                };
                (pages, search)
            })
        });
        let search = search.and_then(|mut out| match out.write_all(search_header().as_bytes()) {
            Ok(()) => Some(out),
            Err(_) => {
                out.discard();
                None
            }
        });
        let record = out.and_then(|mut out| {
            match write!(
                out,
                "{{\"waymark\":{},\"pages\":{{",
                serde_json::json!(VERSION)
            ) {
                Ok(()) => Some(Record { out, first: true }),
                Err(_) => {
                    out.discard();
                    None
                }
            }
        });
        PageCache {
            earlier: Mutex::new(HashMap::new()),
            earlier_search: OnceLock::new(),
            reading: Mutex::new(reading),
            record: Mutex::new(record),
            search: Mutex::new(search),
        }
    }

    /// Waits for the earlier records to be read.
    fn join(&self) {
        // Held while the reader is joined, so no lookup runs before its entries.
        let mut reading = self.reading.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(reader) = reading.take() {
            // A reader that panicked leaves no record: every page is made.
            let (pages, search) = reader.join().unwrap_or_default();
            *self.earlier.lock().unwrap_or_else(|p| p.into_inner()) = pages;
            let _ = self.earlier_search.set(search);
        }
    }

    /// What an earlier build made of the page with `key`, taken out of the record
    /// (each page is looked up once), with its text for [`PageCache::keep`].
    pub fn take(&self, key: &str) -> Option<(Made, Box<RawValue>)> {
        self.join();
        let raw = self
            .earlier
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(key)?;
        let made = serde_json::from_str(raw.get()).ok()?;
        Some((made, raw))
    }

    /// What the page with `key` added to the link index when an earlier build made
    /// it; the entry stays for [`PageCache::take`].
    pub fn outline(&self, key: &str) -> Option<Contribution> {
        self.join();
        let earlier = self.earlier.lock().unwrap_or_else(|p| p.into_inner());
        let raw = earlier.get(key)?;
        serde_json::from_str::<OutlineOnly>(raw.get())
            .ok()
            .map(|o| o.outline)
    }

    /// Records a page taken over, as the earlier record had it.
    pub fn keep(&self, key: String, raw: &RawValue) {
        self.add(&key, |file| file.write_all(raw.get().as_bytes()));
    }

    /// Records what this build made of the page with `key`.
    pub fn put(&self, key: String, made: &Made) {
        self.add(&key, |file| {
            serde_json::to_writer(file, made).map_err(std::io::Error::other)
        });
    }

    /// Appends one entry; a record that cannot be written is dropped.
    fn add(&self, key: &str, value: impl FnOnce(&mut Out) -> std::io::Result<()>) {
        let mut record = self.record.lock().unwrap_or_else(|p| p.into_inner());
        let Some(r) = record.as_mut() else {
            return;
        };
        let comma = if r.first { "" } else { "," };
        r.first = false;
        let written =
            write!(r.out, "{comma}{}:", serde_json::json!(key)).and_then(|()| value(&mut r.out));
        if written.is_err() {
            if let Some(r) = record.take() {
                r.out.discard();
            }
        }
    }

    /// This build's records, finished, each with the file it is being written to if
    /// any: pages, then search.
    fn finish(&self) -> (Finished, Finished) {
        let record = self.record.lock().unwrap_or_else(|p| p.into_inner()).take();
        let pages = record.map(|mut r| {
            let done = r.out.write_all(b"}}").and_then(|()| r.out.flush());
            (done, r.out)
        });
        let search = self.search.lock().unwrap_or_else(|p| p.into_inner()).take();
        let search = search.map(|mut out| (out.flush(), out));
        (pages, search)
    }

    /// Finishes this build's records and puts them at `path` and beside it; without
    /// one, removes whatever record is there.
    pub fn write(self, path: &Path) -> Result<()> {
        let (pages, search) = self.finish();
        // A search record is only of use beside the pages it was made with.
        let search = pages.as_ref().and(search);
        let placed = place(pages, path);
        let search_placed = place(search, &search_path(path));
        placed.and(search_placed)
    }

    /// Finishes this build's records, kept in memory ([`PageCache::in_memory`]).
    pub fn into_memory(self) -> Option<Remembered> {
        let (pages, search) = self.finish();
        let bytes = |finished: Finished| match finished? {
            (Ok(()), Out::Memory(bytes)) => Some(bytes),
            (_, out) => {
                out.discard();
                None
            }
        };
        Some(Remembered {
            pages: bytes(pages)?,
            search: bytes(search).unwrap_or_default(),
        })
    }
}

impl crate::search::chunks::Store for PageCache {
    fn earlier(&self) -> &[u8] {
        self.join();
        self.earlier_search.get().map_or(&[], Vec::as_slice)
    }

    fn record(&self, entry: &[u8]) {
        let mut search = self.search.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(out) = search.as_mut() {
            if out.write_all(entry).is_err() {
                if let Some(out) = search.take() {
                    out.discard();
                }
            }
        }
    }
}

impl Drop for PageCache {
    /// A build that ends without publishing leaves no record behind.
    fn drop(&mut self) {
        if let Some(r) = self.record.lock().unwrap_or_else(|p| p.into_inner()).take() {
            r.out.discard();
        }
        if let Some(out) = self.search.lock().unwrap_or_else(|p| p.into_inner()).take() {
            out.discard();
        }
    }
}

/// The hash of what every page of `content` depends on beyond its own file: `context`
/// (the build's options, settings, theme and facts, as the caller gathers them) and the
/// assets. What a page shows of other pages is not in it: that is checked page by page
/// ([`Made::answers`], [`Made::surroundings`]), so a title edit remakes only the pages
/// that show the title.
pub fn skeleton(context: &[&[u8]], content: &Content) -> String {
    let mut h = sha2::Sha256::new();
    h.update(VERSION);
    for part in context {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part);
    }
    for asset in content.assets.iter() {
        h.update(asset.rel.as_bytes());
        h.update(b"\0");
        h.update(crate::output::content_hash(&asset.bytes).as_bytes());
    }
    crate::output::sink::hex(&h.finalize()[..16])
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
    crate::output::sink::hex(&h.finalize()[..16])
}
