//! Waymark: a static site generator for step-by-step guides.
//!
//! A build is a short pipeline of stages, each a module with one entry point and
//! data flowing one way:
//! [`config`] → [`theme`] → [`content`] → [`markdown`] → [`search`] → [`render`] →
//! [`output`].
//! [`build_into`] runs every stage ([`pipeline`]) and streams each finished file into
//! a [`output::Sink`]: the staging folder of an [`output::Output`] (swapped in only
//! when the whole build succeeded) or memory ([`build`], for tests and `serve`). Both
//! get the same bytes. Three contracts every stage shares have one home each:
//! [`paths`] (the URL rules), [`sources`] (how source folders are read) and [`plan`]
//! (which file each output path is, and who writes it).

pub mod analysis;
pub mod commands;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod facts;
pub mod languages;
pub mod markdown;
pub mod offline;
pub mod output;
pub mod paths;
pub mod pipeline;
pub mod plan;
pub mod render;
pub mod reuse;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod sources;
pub mod strings;
pub mod theme;
pub mod yaml;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

pub use diagnostic::Diagnostic;

/// Told the name of each stage as the build reaches it (for a progress display).
pub type Progress = fn(&'static str);

/// What to build and how.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site folder holding `site.yml`, `content/` and optionally `theme/`.
    pub root: PathBuf,
    /// Include pages marked `draft: true`.
    pub drafts: bool,
    /// Minify HTML and CSS.
    pub minify: bool,
    /// Called as each stage starts.
    pub progress: Option<Progress>,
    /// A build for `serve`: no offline reading files whatever `site.yml` says, since a
    /// service worker would hide live reload.
    pub serve: bool,
}

/// A finished site, held in memory: output path (`/`-separated) → bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    /// Every output file, in path order.
    pub files: BTreeMap<String, Vec<u8>>,
    /// The search index the `search/` files were written from.
    pub search: search::SearchIndex,
    /// The other languages' search indexes (`en/search/`), in the order of
    /// `languages` after the default.
    pub searches: Vec<search::SearchIndex>,
    /// Problems that did not fail the build, in file order.
    pub warnings: Vec<Diagnostic>,
    /// Advice for authors (`waymark check` shows it), in file order.
    pub lints: Vec<Diagnostic>,
    /// What the site is made of, for the build's summary line (its default language).
    pub stats: Stats,
    /// Each language's pages and search index, the default first.
    pub languages: Vec<LanguageStats>,
}

/// What a build into a sink reports: everything of a [`Site`] but its files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The files and bytes written.
    pub written: output::sink::Written,
    /// The search index the `search/` files were written from.
    pub search: search::SearchIndex,
    /// The other languages' search indexes (`en/search/`), in the order of
    /// `languages` after the default.
    pub searches: Vec<search::SearchIndex>,
    /// Problems that did not fail the build, in file order.
    pub warnings: Vec<Diagnostic>,
    /// Advice for authors (`waymark check` shows it), in file order.
    pub lints: Vec<Diagnostic>,
    /// What the site is made of, for the build's summary line (its default language).
    pub stats: Stats,
    /// Each language's pages and search index, the default first.
    pub languages: Vec<LanguageStats>,
}

/// What a build made in one language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LanguageStats {
    /// The language's tag.
    pub tag: String,
    /// Its pages (translated or not).
    pub pages: usize,
    /// Those of its pages that show the default language's text.
    pub fallbacks: usize,
    /// The size of its search index.
    pub search_bytes: usize,
}

/// Counts of what a build produced.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Markdown pages.
    pub pages: usize,
    /// Channels of all channel chapters (each has a page of its own).
    pub channels: usize,
    /// Steps of all channels.
    pub steps: usize,
}

impl Site {
    /// The site a build into `memory` reported.
    fn made(files: BTreeMap<String, Vec<u8>>, report: Report) -> Site {
        Site {
            files,
            search: report.search,
            searches: report.searches,
            warnings: report.warnings,
            lints: report.lints,
            stats: report.stats,
            languages: report.languages,
        }
    }

    /// Total bytes of every output file.
    pub fn bytes(&self) -> usize {
        self.files.values().map(Vec::len).sum()
    }

    /// The text of an output file, if it exists and is UTF-8.
    pub fn text(&self, path: &str) -> Option<&str> {
        self.files
            .get(path)
            .and_then(|b| std::str::from_utf8(b).ok())
    }

    /// Writes the site to `out` all at once, replacing its previous contents.
    pub fn write(&self, root: &Path, out: &Path) -> anyhow::Result<()> {
        output::write(root, out, &self.files)
    }
}

/// Why a build failed.
#[derive(Debug)]
pub enum BuildError {
    /// The sources have problems the author must fix; every one found, in file order.
    Invalid(Vec<Diagnostic>),
    /// A file could not be written.
    Output(anyhow::Error),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Invalid(diagnostics) => {
                for d in diagnostics {
                    writeln!(f, "{d}\n")?;
                }
                let n = diagnostics.len();
                write!(
                    f,
                    "the build failed with {n} error{}",
                    if n == 1 { "" } else { "s" }
                )
            }
            BuildError::Output(e) => write!(f, "{e:#}"),
        }
    }
}

impl std::error::Error for BuildError {}

impl BuildError {
    /// Each problem as the terminal shows it (`color` for ANSI styles), in order.
    pub fn messages(&self, color: bool) -> Vec<String> {
        match self {
            BuildError::Invalid(diagnostics) => {
                diagnostics.iter().map(|d| d.render(color)).collect()
            }
            BuildError::Output(e) => vec![format!("error: {e:#}")],
        }
    }
}

/// Builds the site at `options.root` in memory.
pub fn build(options: &BuildOptions) -> Result<Site, BuildError> {
    let memory = output::Memory::default();
    let report = build_into(options, &memory)?;
    Ok(Site::made(memory.into_files(), report))
}

/// Builds the site at `options.root`, handing each file to `sink` as it is made.
/// Every stage that can run does, so one run reports every problem of the sources;
/// after a failure the sink may hold some files, and the caller discards them.
pub fn build_into(options: &BuildOptions, sink: &dyn output::Sink) -> Result<Report, BuildError> {
    pipeline::run(options, sink, None, false).map(|(report, _)| report)
}
