//! Where a build's files go as they are made: a folder on disk (the staging folder of
//! a build) or memory (tests and `serve`). Both receive exactly the same bytes, through
//! one [`Writer`], which minifies what Waymark generated and counts what was written.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use anyhow::{Context as _, Result};

use super::spare::Spare;
use super::{minify, safe_join};
use crate::reuse::PageCache;

/// Takes finished files, from any thread.
pub trait Sink: Sync {
    /// Stores `bytes` at the site-relative, `/`-separated `path`.
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<()>;

    /// Whether this sink would use each file's hash ([`Sink::put_hashed`]): only one
    /// that can skip what it already holds.
    fn wants_hashes(&self) -> bool {
        false
    }

    /// Stores `bytes`, whose [`content_hash`] is `hash`, made from input whose hash is
    /// `source` (for a generated file).
    fn put_hashed(
        &self,
        path: &str,
        bytes: Vec<u8>,
        _hash: &str,
        _source: Option<&str>,
    ) -> Result<()> {
        self.put(path, bytes)
    }

    /// The file at `path` as an earlier build made it from input whose hash is
    /// `source`, when this sink still holds it: the writer neither makes nor stores it
    /// again.
    fn made_before(&self, _path: &str, _source: &str) -> Option<FileEntry> {
        None
    }

    /// Whether [`Sink::made_before`] would keep the file, without keeping it.
    fn holds_made(&self, _path: &str, _source: &str) -> bool {
        false
    }

    /// The record of an earlier build's pages, when this sink can take them over.
    fn pages(&self) -> Option<&PageCache> {
        None
    }
}

/// Files kept in memory, in path order. One made [`Memory::reusing`] an earlier
/// build's files (`serve`'s last build) takes over the files and pages that build
/// made from the same input, as a [`Folder`] does from its spare.
///
/// Files are shared, not copied: a file taken over is the earlier build's bytes, and
/// `serve` serves the same bytes it keeps for the next build.
#[derive(Default)]
pub struct Memory {
    files: Mutex<BTreeMap<String, Arc<Vec<u8>>>>,
    /// What this build generated: each file's input hash and content hash.
    made: Mutex<Generated>,
    earlier: Option<EarlierBuild>,
    pages: Option<PageCache>,
}

/// Generated files by path: the hash of the input each was made from, and of its
/// bytes.
pub type Generated = std::collections::HashMap<String, (String, String)>;

/// Files in memory by path, each shared by the builds that made or took it over.
pub type SharedFiles = BTreeMap<String, Arc<Vec<u8>>>;

/// An earlier build's files and what it generated them from.
pub struct EarlierBuild {
    /// Its files.
    pub files: Arc<SharedFiles>,
    /// What it generated them from.
    pub made: Generated,
}

impl Memory {
    /// A sink that takes over what `earlier` made from the same input, with the
    /// record of its pages.
    pub fn reusing(earlier: Option<EarlierBuild>, pages: PageCache) -> Memory {
        Memory {
            earlier,
            pages: Some(pages),
            ..Memory::default()
        }
    }

    /// Everything put so far (a file shared with an earlier build is copied).
    pub fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.into_parts()
            .0
            .into_iter()
            .map(|(path, bytes)| (path, Arc::unwrap_or_clone(bytes)))
            .collect()
    }

    /// Everything put so far, what was generated from what, and the record of pages.
    pub fn into_parts(self) -> (SharedFiles, Generated, Option<PageCache>) {
        (
            self.files.into_inner().unwrap_or_else(|e| e.into_inner()),
            self.made.into_inner().unwrap_or_else(|e| e.into_inner()),
            self.pages,
        )
    }

    /// The earlier bytes and content hash of `path`, when they were made from `source`.
    fn earlier_made(&self, path: &str, source: &str) -> Option<(&Arc<Vec<u8>>, &String)> {
        let earlier = self.earlier.as_ref()?;
        match earlier.made.get(path)? {
            (from, hash) if from == source => Some((earlier.files.get(path)?, hash)),
            _ => None,
        }
    }
}

impl Memory {
    /// Stores `bytes` at `path`, made from input whose hash is `source` (for a
    /// generated file) with the content hash `hash`.
    fn store(
        &self,
        path: &str,
        bytes: Arc<Vec<u8>>,
        hash: &str,
        source: Option<&str>,
    ) -> Result<()> {
        safe_join(Path::new(""), path)?;
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string(), bytes);
        if let Some(source) = source {
            self.made
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(path.to_string(), (source.to_string(), hash.to_string()));
        }
        Ok(())
    }
}

impl Sink for Memory {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<()> {
        self.store(path, Arc::new(bytes), "", None)
    }

    fn wants_hashes(&self) -> bool {
        self.pages.is_some()
    }

    fn put_hashed(
        &self,
        path: &str,
        bytes: Vec<u8>,
        hash: &str,
        source: Option<&str>,
    ) -> Result<()> {
        self.store(path, Arc::new(bytes), hash, source)
    }

    fn made_before(&self, path: &str, source: &str) -> Option<FileEntry> {
        let (bytes, hash) = self.earlier_made(path, source)?;
        let entry = FileEntry {
            path: path.to_string(),
            size: bytes.len() as u64,
            hash: hash.clone(),
        };
        self.store(path, bytes.clone(), hash, Some(source)).ok()?;
        Some(entry)
    }

    fn holds_made(&self, path: &str, source: &str) -> bool {
        self.earlier_made(path, source).is_some()
    }

    fn pages(&self) -> Option<&PageCache> {
        self.pages.as_ref()
    }
}

/// Files counted and dropped: a build for its report alone (`waymark check`).
pub struct Discard;

impl Sink for Discard {
    fn put(&self, path: &str, _bytes: Vec<u8>) -> Result<()> {
        safe_join(Path::new(""), path).map(drop)
    }
}

/// Files written under a folder as they arrive; folders are made on first need. A
/// folder holding an earlier build's site (a [`Spare`]) is written only where its
/// bytes differ.
pub struct Folder {
    dir: PathBuf,
    spare: Spare,
    pages: Option<PageCache>,
}

impl Folder {
    /// A sink writing under `dir`, which must exist, empty.
    pub fn new(dir: PathBuf) -> Folder {
        Folder::reusing(dir, Spare::default(), None)
    }

    /// A sink writing under `dir`, which holds the files `spare` lists, with the
    /// record of the pages an earlier build made.
    pub fn reusing(dir: PathBuf, spare: Spare, pages: Option<PageCache>) -> Folder {
        Folder { dir, spare, pages }
    }

    /// The folder, what it holds from earlier builds and this one, and the record of
    /// this build's pages.
    pub fn into_parts(self) -> (PathBuf, Spare, Option<PageCache>) {
        (self.dir, self.spare, self.pages)
    }
}

impl Sink for Folder {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<()> {
        let hash = content_hash(&bytes);
        self.put_hashed(path, bytes, &hash, None)
    }

    fn wants_hashes(&self) -> bool {
        true
    }

    fn put_hashed(
        &self,
        path: &str,
        bytes: Vec<u8>,
        hash: &str,
        source: Option<&str>,
    ) -> Result<()> {
        let target = safe_join(&self.dir, path)?;
        if self.spare.holds(path, hash, source) {
            return Ok(());
        }
        // A file of the earlier site is replaced by a new one, never written over: it
        // may have other names (a hard-linked copy of an old site) that must not change.
        if self.spare.has(path) {
            let _ = fs::remove_file(&target);
        }
        write_file(&self.dir, &target, &bytes)
            .with_context(|| format!("cannot write `{}`", target.display()))?;
        self.spare.wrote(path, &target, hash.to_string(), source);
        Ok(())
    }

    fn made_before(&self, path: &str, source: &str) -> Option<FileEntry> {
        self.spare.made_before(path, source)
    }

    fn holds_made(&self, path: &str, source: &str) -> bool {
        self.spare.holds_made(path, source)
    }

    fn pages(&self) -> Option<&PageCache> {
        self.pages.as_ref()
    }
}

/// Writes `bytes` to `target` under `dir`, making its folders, and making room where
/// an earlier site had a folder where this file goes, or a file where its folder goes.
fn write_file(dir: &Path, target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    match write_no_follow(target, bytes) {
        Ok(()) => Ok(()),
        Err(_) => {
            // A file of an earlier site that cannot be written over (read-only, or a
            // link) is replaced.
            match fs::symlink_metadata(target) {
                Ok(m) if m.is_dir() => fs::remove_dir_all(target)?,
                Ok(_) => fs::remove_file(target)?,
                Err(_) => {}
            }
            let mut ancestor = target.parent();
            while let Some(folder) = ancestor.filter(|a| a.starts_with(dir) && *a != dir) {
                if fs::symlink_metadata(folder).is_ok_and(|m| !m.is_dir()) {
                    fs::remove_file(folder)?;
                }
                ancestor = folder.parent();
            }
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent)?;
            }
            write_no_follow(target, bytes)
        }
    }
}

/// Writes `bytes` to `target`, refusing to write through a symbolic link there (an
/// earlier site's folder is reused, and nothing may be written outside it).
fn write_no_follow(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32);
    }
    options.open(target)?.write_all(bytes)
}

/// The one way a build hands files to its sink: generated HTML and CSS are minified
/// (when asked) on the calling thread, a site's own files pass byte for byte, and the
/// files and bytes written are counted for the build's summary.
pub struct Writer<'s> {
    sink: &'s dyn Sink,
    minify: bool,
    files: AtomicUsize,
    bytes: AtomicUsize,
    failure: Mutex<Option<anyhow::Error>>,
    /// Each file's path, size and content hash, when asked ([`Writer::recording`]).
    record: Option<Mutex<Vec<FileEntry>>>,
}

/// A file written, as the offline manifest lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEntry {
    /// Output path (`channels/app.html`).
    pub path: String,
    /// Bytes.
    pub size: u64,
    /// [`content_hash`] of the bytes.
    pub hash: String,
}

/// The hash a derived file's input is known by: the file is a function of it, of how
/// it is made (`how`) and of this version of Waymark.
fn source_hash(how: &str, bytes: &[u8]) -> String {
    use sha2::Digest as _;
    let mut hasher = sha2::Sha256::new();
    hasher.update(concat!("waymark ", env!("CARGO_PKG_VERSION"), " "));
    hasher.update(how);
    hasher.update(b"\0");
    hasher.update(bytes);
    hex(&hasher.finalize()[..12])
}

/// The first 12 bytes of the SHA-256 of `bytes`, in lowercase hex: what the service
/// worker computes with the browser's own `crypto.subtle` to tell one build's file
/// from another's.
pub fn content_hash(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(bytes);
    hex(&digest[..12])
}

/// Bytes in lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl<'s> Writer<'s> {
    /// A writer into `sink`; `minify` shrinks generated HTML and CSS.
    pub fn new(sink: &'s dyn Sink, minify: bool) -> Writer<'s> {
        Writer {
            sink,
            minify,
            files: AtomicUsize::new(0),
            bytes: AtomicUsize::new(0),
            failure: Mutex::new(None),
            record: None,
        }
    }

    /// The same writer, also keeping each file's path, size and hash
    /// ([`Writer::take_record`]).
    pub fn recording(mut self) -> Writer<'s> {
        self.record = Some(Mutex::new(Vec::new()));
        self
    }

    /// The files written so far, sorted by path (empty unless [`Writer::recording`]).
    pub fn take_record(&self) -> Vec<FileEntry> {
        let mut files = self.record.as_ref().map_or_else(Vec::new, |r| {
            std::mem::take(&mut *r.lock().unwrap_or_else(|p| p.into_inner()))
        });
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }

    /// A file Waymark made: minified if it is HTML, CSS or JavaScript and minifying
    /// is on. A sink that still holds the file made from the same bytes keeps it, and
    /// the minifying is skipped.
    ///
    /// Returns the hash of `bytes` the sink knows the file by, when it keeps one.
    pub fn generated(&self, path: &str, bytes: Vec<u8>) -> Option<String> {
        if self.failed() {
            return None;
        }
        let shrink: fn(&[u8]) -> Vec<u8> =
            match (self.minify, path.rsplit_once('.').map(|(_, ext)| ext)) {
                (true, Some("html")) => minify::html,
                (true, Some("css")) => minify::css,
                (true, Some("js")) => minify::js,
                _ => {
                    let source = self
                        .sink
                        .wants_hashes()
                        .then(|| source_hash("as is", &bytes));
                    self.store(path, bytes, source.as_deref());
                    return source;
                }
            };
        let source = self
            .sink
            .wants_hashes()
            .then(|| source_hash("minified", &bytes));
        self.derived_as(path, source.as_deref(), || shrink(&bytes));
        source
    }

    /// The record of an earlier build's pages, when the sink can take them over.
    pub fn pages(&self) -> Option<&PageCache> {
        self.sink.pages()
    }

    /// Keeps every file of `files` (path and the hash of what it was made from) as an
    /// earlier build made it, if the sink still holds them all; else keeps none.
    pub fn keep_all(&self, files: &[(String, String)]) -> bool {
        if self.failed()
            || !files
                .iter()
                .all(|(path, source)| self.sink.holds_made(path, source))
        {
            return false;
        }
        for (path, source) in files {
            match self.sink.made_before(path, source) {
                Some(entry) => self.count(entry),
                None => return false,
            }
        }
        true
    }

    /// A file made from `input` by `make` (`how` names the making): a sink that still
    /// holds the file made from the same input keeps it, and `make` is not called.
    /// Returns the file's size.
    pub fn derived(
        &self,
        path: &str,
        how: &str,
        input: &[u8],
        make: impl FnOnce() -> Vec<u8>,
    ) -> u64 {
        if self.failed() {
            return 0;
        }
        let source = self.sink.wants_hashes().then(|| source_hash(how, input));
        self.derived_as(path, source.as_deref(), make)
    }

    /// A file made by `make` from input whose hash is `source`.
    fn derived_as(&self, path: &str, source: Option<&str>, make: impl FnOnce() -> Vec<u8>) -> u64 {
        if let Some(entry) = source.and_then(|source| self.sink.made_before(path, source)) {
            let size = entry.size;
            self.count(entry);
            return size;
        }
        self.store(path, make(), source)
    }

    /// A file published exactly as it is.
    pub fn verbatim(&self, path: &str, bytes: Vec<u8>) {
        if self.failed() {
            return;
        }
        self.store(path, bytes, None);
    }

    /// Hands a file to the sink; returns its size.
    fn store(&self, path: &str, bytes: Vec<u8>, source: Option<&str>) -> u64 {
        let hash =
            (self.record.is_some() || self.sink.wants_hashes()).then(|| content_hash(&bytes));
        let entry = FileEntry {
            path: path.to_string(),
            size: bytes.len() as u64,
            hash: hash.clone().unwrap_or_default(),
        };
        let stored = match &hash {
            Some(hash) => self.sink.put_hashed(path, bytes, hash, source),
            None => self.sink.put(path, bytes),
        };
        let size = entry.size;
        match stored {
            Ok(()) => self.count(entry),
            Err(e) => {
                self.failure
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .get_or_insert(e);
            }
        }
        size
    }

    /// Counts a file stored (or kept), and records it when asked.
    fn count(&self, entry: FileEntry) {
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(entry.size as usize, Ordering::Relaxed);
        if let Some(record) = &self.record {
            record.lock().unwrap_or_else(|p| p.into_inner()).push(entry);
        }
    }

    fn failed(&self) -> bool {
        self.failure.lock().map_or(true, |f| f.is_some())
    }

    /// The files and bytes written, or the first write that failed (after which
    /// nothing more was written).
    pub fn finish(self) -> Result<Written> {
        match self.failure.into_inner().unwrap_or_else(|p| p.into_inner()) {
            Some(e) => Err(e),
            None => Ok(Written {
                files: self.files.into_inner(),
                bytes: self.bytes.into_inner(),
            }),
        }
    }
}

/// What a build wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Written {
    /// Files.
    pub files: usize,
    /// Their bytes.
    pub bytes: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_earlier_site_in_the_way_is_made_room_for() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("a/deep")).unwrap();
        fs::write(root.join("a/deep/x.html"), "old").unwrap();
        fs::write(root.join("b"), "old").unwrap();
        let outside = tempfile::tempdir().unwrap();
        let victim = outside.path().join("victim");
        fs::write(&victim, "mine").unwrap();
        std::os::unix::fs::symlink(&victim, root.join("c.html")).unwrap();
        let folder = Folder::new(root.to_path_buf());
        folder.put("a", b"now a file".to_vec()).unwrap();
        folder.put("b/c.html", b"now in a folder".to_vec()).unwrap();
        folder
            .put("c.html", b"not through the link".to_vec())
            .unwrap();
        assert_eq!(fs::read(root.join("a")).unwrap(), b"now a file");
        assert_eq!(fs::read(root.join("b/c.html")).unwrap(), b"now in a folder");
        assert!(!fs::symlink_metadata(root.join("c.html"))
            .unwrap()
            .is_symlink());
        assert_eq!(fs::read(&victim).unwrap(), b"mine");
        assert_eq!(
            fs::read(root.join("c.html")).unwrap(),
            b"not through the link"
        );
    }

    #[test]
    fn memory_and_folder_receive_the_same_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let memory = Memory::default();
        let folder = Folder::new(dir.path().to_path_buf());
        for sink in [&memory as &dyn Sink, &folder] {
            let writer = Writer::new(sink, true);
            writer.generated("a/b/c.html", b"<p>  x  </p>".to_vec());
            writer.verbatim("a/raw.html", b"<p>  x  </p>".to_vec());
            assert_eq!(writer.finish().unwrap().files, 2);
            let writer = Writer::new(sink, true);
            writer.verbatim("../x.html", Vec::new());
            writer.verbatim("a/later.html", Vec::new());
            assert!(writer.finish().is_err(), "a path outside fails the writer");
        }
        let files = memory.into_files();
        for (path, bytes) in &files {
            assert_eq!(&fs::read(dir.path().join(path)).unwrap(), bytes, "{path}");
        }
        assert_eq!(files["a/raw.html"], b"<p>  x  </p>");
        assert!(
            !files.contains_key("a/later.html"),
            "nothing after a failure"
        );
        assert!(files["a/b/c.html"].len() < 12);
    }
}
