//! Helpers that copy a fixture site into a temporary folder, change it, and build it.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use tempfile::TempDir;
use waymark::{BuildError, BuildOptions, Diagnostic, Site};

/// A site in a temporary folder, deleted when dropped.
pub struct TestSite {
    pub dir: TempDir,
}

impl TestSite {
    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> TestSite {
        let site = TestSite::empty();
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(name),
            site.root(),
        );
        site
    }

    /// An empty folder.
    pub fn empty() -> TestSite {
        TestSite {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// The smallest valid site: settings and a home page.
    pub fn minimal() -> TestSite {
        TestSite::empty()
            .with("site.yml", "title: 最小站点\n")
            .with("content/index.md", "---\ntitle: 首页\n---\n你好。\n")
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes (or replaces) a file of the site.
    pub fn with(self, rel: &str, text: &str) -> TestSite {
        self.write(rel, text);
        self
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.root().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    /// Builds in memory, unminified so assertions can read the HTML.
    pub fn build(&self) -> Result<Site, BuildError> {
        waymark::build(&BuildOptions {
            root: self.root().to_path_buf(),
            drafts: false,
            minify: false,
            ..Default::default()
        })
    }

    pub fn build_with(&self, drafts: bool, minify: bool) -> Result<Site, BuildError> {
        waymark::build(&BuildOptions {
            root: self.root().to_path_buf(),
            drafts,
            minify,
            ..Default::default()
        })
    }

    /// Builds as `waymark serve` does (minified, no offline reading files), for
    /// comparing with what it serves.
    pub fn build_as_serve(&self) -> Result<Site, BuildError> {
        waymark::build(&BuildOptions {
            root: self.root().to_path_buf(),
            minify: true,
            serve: true,
            ..Default::default()
        })
    }

    /// Builds and expects success.
    pub fn site(&self) -> Site {
        match self.build() {
            Ok(site) => site,
            Err(e) => panic!("the build failed:\n{e}"),
        }
    }

    /// Builds and expects failure; returns the diagnostics.
    pub fn errors(&self) -> Vec<Diagnostic> {
        match self.build() {
            Ok(_) => panic!("the build succeeded but should have failed"),
            Err(BuildError::Invalid(d)) => d,
            Err(e) => panic!("the build failed to write, not on the sources: {e}"),
        }
    }

    /// Runs the `waymark` binary with `args` in the site folder.
    pub fn cli(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_waymark"))
            .args(args)
            .current_dir(self.root())
            .output()
            .expect("run waymark")
    }
}

/// The fixture site `tests/fixtures/guide`, built (unminified, as [`TestSite::site`]
/// does) once per test process: many tests only read it, and a build is the same work
/// for each.
pub fn guide_site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| TestSite::fixture("guide").site())
}

/// The repository's own site (the complaint guide), built in memory once per test
/// process for each `minify`: a dozen tests only read it, and a build is the same
/// work for each. (A build that panics leaves nothing behind, so every test that
/// asks reports the failure itself.)
pub fn default_site(minify: bool) -> &'static Site {
    static SITES: [OnceLock<Site>; 2] = [OnceLock::new(), OnceLock::new()];
    SITES[usize::from(minify)].get_or_init(|| {
        let root = env!("CARGO_MANIFEST_DIR").into();
        waymark::build(&BuildOptions {
            root,
            drafts: false,
            minify,
            ..Default::default()
        })
        .unwrap_or_else(|e| panic!("the default site must build:\n{e}"))
    })
}

/// Every file below `dir` with its bytes, keyed by `/`-separated relative path.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    if dir.exists() {
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let rel = entry
                    .path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                files.insert(rel, fs::read(entry.path()).unwrap());
            }
        }
    }
    files
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target: PathBuf = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// All values of `attr="…"` attributes in `html`.
pub fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

/// Asserts that some diagnostic's text contains every one of `parts`.
pub fn assert_reported(errors: &[Diagnostic], parts: &[&str]) {
    let shown: Vec<String> = errors.iter().map(|d| d.to_string()).collect();
    assert!(
        shown.iter().any(|s| parts.iter().all(|p| s.contains(p))),
        "no error contains all of {parts:?}; got:\n{}",
        shown.join("\n\n")
    );
}

/// Each of `diagnostics` whose message holds `words`, as `file:line:column message`.
pub fn placed(diagnostics: &[Diagnostic], words: &str) -> Vec<String> {
    diagnostics
        .iter()
        .filter(|d| d.message.contains(words))
        .map(|d| format!("{}:{}:{} {}", d.file, d.line, d.column, d.message))
        .collect()
}
