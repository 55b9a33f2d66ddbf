//! Where a build's files go as they are made: a folder on disk (the staging folder of
//! a build) or memory (tests and `serve`). Both receive exactly the same bytes, through
//! one [`Writer`], which minifies what Waymark generated and counts what was written.

use std::collections::BTreeMap;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use anyhow::{Context as _, Result};

use super::{minify, safe_join};

/// Takes finished files, from any thread.
pub trait Sink: Sync {
    /// Stores `bytes` at the site-relative, `/`-separated `path`.
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<()>;
}

/// Files kept in memory, in path order.
#[derive(Default)]
pub struct Memory {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl Memory {
    /// Everything put so far.
    pub fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for Memory {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<()> {
        safe_join(Path::new(""), path)?;
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string(), bytes);
        Ok(())
    }
}

/// Files counted and dropped: a build for its report alone (`waymark check`).
pub struct Discard;

impl Sink for Discard {
    fn put(&self, path: &str, _bytes: Vec<u8>) -> Result<()> {
        safe_join(Path::new(""), path).map(drop)
    }
}

/// Files written under a folder as they arrive; folders are made on first need.
pub struct Folder {
    dir: PathBuf,
}

impl Folder {
    /// A sink writing under `dir`, which must exist.
    pub fn new(dir: PathBuf) -> Folder {
        Folder { dir }
    }
}

impl Sink for Folder {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<()> {
        let target = safe_join(&self.dir, path)?;
        match fs::write(&target, &bytes) {
            Err(e) if e.kind() == ErrorKind::NotFound => {
                if let Some(parent) = target.parent() {
                    fs::create_dir_all(parent)
                        .with_context(|| format!("cannot create `{}`", parent.display()))?;
                }
                fs::write(&target, &bytes)
            }
            other => other,
        }
        .with_context(|| format!("cannot write `{}`", target.display()))
    }
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

/// The first 12 bytes of the SHA-256 of `bytes`, in lowercase hex: what the service
/// worker computes with the browser's own `crypto.subtle` to tell one build's file
/// from another's.
pub fn content_hash(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(bytes);
    digest[..12].iter().map(|b| format!("{b:02x}")).collect()
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

    /// A file Waymark made: minified if it is HTML or CSS and minifying is on.
    pub fn generated(&self, path: &str, bytes: Vec<u8>) {
        if self.failed() {
            return;
        }
        let bytes = match (self.minify, path.rsplit_once('.').map(|(_, ext)| ext)) {
            (true, Some("html")) => minify::html(&bytes),
            (true, Some("css")) => minify::css(&bytes),
            (true, Some("js")) => minify::js(&bytes),
            _ => bytes,
        };
        self.verbatim(path, bytes)
    }

    /// A file published exactly as it is.
    pub fn verbatim(&self, path: &str, bytes: Vec<u8>) {
        if self.failed() {
            return;
        }
        let len = bytes.len();
        if let Some(record) = &self.record {
            let entry = FileEntry {
                path: path.to_string(),
                size: len as u64,
                hash: content_hash(&bytes),
            };
            record.lock().unwrap_or_else(|p| p.into_inner()).push(entry);
        }
        match self.sink.put(path, bytes) {
            Ok(()) => {
                self.files.fetch_add(1, Ordering::Relaxed);
                self.bytes.fetch_add(len, Ordering::Relaxed);
            }
            Err(e) => {
                self.failure
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .get_or_insert(e);
            }
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
