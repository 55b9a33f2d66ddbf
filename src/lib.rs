//! Waymark: a static site generator for step-by-step guides.
//!
//! A build is a short pipeline of stages, each a module with one entry point and
//! data flowing one way:
//! [`config`] → [`theme`] → [`content`] → [`markdown`] → [`search`] → [`render`] →
//! [`output`].
//! [`build_into`] runs every stage and streams each finished file into a
//! [`output::Sink`]: the staging folder of an [`output::Output`] (swapped in only when
//! the whole build succeeded) or memory ([`build`], for tests and `serve`). Both get
//! the same bytes.

pub mod config;
pub mod content;
pub mod diagnostic;
pub mod markdown;
pub mod output;
pub mod paths;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod sources;
pub mod theme;

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
}

/// A finished site, held in memory: output path (`/`-separated) → bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    /// Every output file, in path order.
    pub files: BTreeMap<String, Vec<u8>>,
    /// The search index the `search/` files were written from.
    pub search: search::SearchIndex,
    /// Problems that did not fail the build, in file order.
    pub warnings: Vec<Diagnostic>,
    /// Advice for authors (`waymark check` shows it), in file order.
    pub lints: Vec<Diagnostic>,
    /// What the site is made of, for the build's summary line.
    pub stats: Stats,
}

/// What a build into a sink reports: everything of a [`Site`] but its files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The files and bytes written.
    pub written: output::sink::Written,
    /// The search index the `search/` files were written from.
    pub search: search::SearchIndex,
    /// Problems that did not fail the build, in file order.
    pub warnings: Vec<Diagnostic>,
    /// Advice for authors (`waymark check` shows it), in file order.
    pub lints: Vec<Diagnostic>,
    /// What the site is made of, for the build's summary line.
    pub stats: Stats,
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
    fn made(memory: output::Memory, report: Report) -> Site {
        Site {
            files: memory.into_files(),
            search: report.search,
            warnings: report.warnings,
            lints: report.lints,
            stats: report.stats,
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

fn invalid(mut diagnostics: Vec<Diagnostic>) -> BuildError {
    diagnostic::sort(&mut diagnostics);
    BuildError::Invalid(diagnostics)
}

/// Builds the site at `options.root` in memory.
pub fn build(options: &BuildOptions) -> Result<Site, BuildError> {
    let memory = output::Memory::default();
    let report = build_into(options, &memory)?;
    Ok(Site::made(memory, report))
}

/// Builds the site at `options.root`, handing each file to `sink` as it is made.
/// Every stage that can run does, so one run reports every problem of the sources;
/// after a failure the sink may hold some files, and the caller discards them.
pub fn build_into(options: &BuildOptions, sink: &dyn output::Sink) -> Result<Report, BuildError> {
    run(options, sink, false).map(|(report, _)| report)
}

/// What a build knows that redoing one page alone needs (see `serve::incremental`).
pub struct Parts {
    /// The site's settings.
    pub config: config::Config,
    /// The theme.
    pub theme: theme::Theme,
    /// The sources (pages without their text).
    pub content: content::Content,
    /// Where links may point.
    pub links: markdown::links::LinkIndex,
    /// Each page's search sections, in page order.
    pub sections: Vec<Vec<markdown::pages::Section>>,
}

/// Builds the site in memory and keeps the [`Parts`] a later one-page rebuild needs.
pub fn build_keeping_parts(options: &BuildOptions) -> Result<(Site, Parts), BuildError> {
    let memory = output::Memory::default();
    let (report, parts) = run(options, &memory, true)?;
    match parts {
        Some(parts) => Ok((Site::made(memory, report), parts)),
        None => Err(BuildError::Output(anyhow::anyhow!(
            "the build kept nothing"
        ))),
    }
}

fn run(
    options: &BuildOptions,
    sink: &dyn output::Sink,
    keep_parts: bool,
) -> Result<(Report, Option<Parts>), BuildError> {
    let stage = |name| {
        if let Some(progress) = options.progress {
            progress(name);
        }
    };
    let root = &options.root;
    stage("reading the sources");
    let config = config::load(root).map_err(invalid)?;
    let mut errors = Vec::new();
    let theme = keep_errors(theme::load(root, &config.language), &mut errors);
    let (mut content, mut content_errors) = content::discover(root, options.drafts);
    let mut warnings = std::mem::take(&mut content.warnings);
    diagnostic::sort(&mut warnings);
    errors.append(&mut content_errors);
    let labels = markdown::Labels::from_strings(theme.as_ref().map(|t| &t.strings));
    stage("reading the pages");
    let (links, mut outline_errors) = markdown::pages::outline(&content);
    errors.append(&mut outline_errors);
    let layout = match &theme {
        Some(theme) => keep_errors(render::Layout::new(&config, theme, &content), &mut errors),
        None => None,
    };
    stage("writing pages");
    // Once the build is known to fail, pages are still rendered (to report every
    // problem) but not written.
    let writer = if errors.is_empty() {
        output::Writer::new(sink, options.minify)
    } else {
        output::Writer::new(&output::Discard, false)
    };
    let (kept, mut render_errors) =
        markdown::pages::render_each(&content, &labels, &links, |page| Kept {
            errors: layout
                .as_ref()
                .map_or_else(Vec::new, |layout| layout.page(&page, &writer)),
            channels: page.channels.len(),
            steps: page.channels.iter().map(|c| c.steps.len()).sum(),
            lints: page.lints,
            sections: page.sections,
        });
    // Link targets are needed again only to redo a page alone.
    let links = keep_parts.then_some(links);
    let stale = config.stale_days().map(|max| {
        let today = today();
        let found: Vec<Diagnostic> = content
            .pages
            .iter()
            .flat_map(|page| markdown::lints::stale(page, today, max))
            .collect();
        found
    });
    content
        .pages
        .iter_mut()
        .for_each(content::Page::release_text);
    errors.append(&mut render_errors);
    errors.extend(kept.iter().flat_map(|k| k.errors.iter().cloned()));
    let (Some(theme_ref), Some(layout), true) = (&theme, layout, errors.is_empty()) else {
        return Err(invalid(errors));
    };
    stage("indexing for search");
    let sections: Vec<&markdown::pages::Section> =
        kept.iter().flat_map(|k| k.sections.iter()).collect();
    let index = search::build(&sections, theme_ref.string("step_short"), config.synonyms());
    drop(sections);
    let stats = Stats {
        pages: kept.len(),
        channels: kept.iter().map(|k| k.channels).sum(),
        steps: kept.iter().map(|k| k.steps).sum(),
    };
    let mut kept_sections = Vec::new();
    let mut lints: Vec<Diagnostic> = Vec::new();
    for k in kept {
        lints.extend(k.lints);
        if keep_parts {
            kept_sections.push(k.sections);
        }
    }
    if let Some(stale) = stale {
        warnings.extend(stale);
        diagnostic::sort(&mut warnings);
    }
    diagnostic::sort(&mut lints);
    stage("writing the index");
    layout
        .finish(&content, (|| index.files(), "the search index"), &writer)
        .map_err(invalid)?;
    drop(layout);
    let report = Report {
        written: writer.finish().map_err(BuildError::Output)?,
        search: index,
        warnings,
        lints,
        stats,
    };
    let parts = match (links, theme) {
        (Some(links), Some(theme)) => Some(Parts {
            config,
            theme,
            content,
            links,
            sections: kept_sections,
        }),
        _ => None,
    };
    Ok((report, parts))
}

/// What the build keeps of a page once it is written: what the search index, the
/// summary and `check` need.
struct Kept {
    sections: Vec<markdown::pages::Section>,
    lints: Vec<Diagnostic>,
    channels: usize,
    steps: usize,
    errors: Vec<Diagnostic>,
}

/// Today, in days since 1970-01-01: from `SOURCE_DATE_EPOCH` when set (reproducible
/// builds), else the clock.
fn today() -> i64 {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    seconds.div_euclid(86_400)
}

/// The value of a stage, or `None` with its problems added to `errors`.
fn keep_errors<T>(result: Result<T, Vec<Diagnostic>>, errors: &mut Vec<Diagnostic>) -> Option<T> {
    result.map_err(|mut e| errors.append(&mut e)).ok()
}
