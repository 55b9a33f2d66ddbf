//! The one driver of a build, stage by stage, and the one way a page becomes files.
//!
//! [`run`] drives every build: `waymark build`, `check` and `search`, the tests, and
//! each full build of `serve`. [`pages`] makes pages into files; the full build calls
//! it for every page and `serve` for the one page it redoes alone, with the same
//! [`Layout`], so both make the same bytes.

use std::sync::Arc;

use crate::content::{self, Content};
use crate::diagnostic::{self, Diagnostic};
use crate::markdown::links::LinkIndex;
use crate::markdown::pages::{FactUse, RenderedPage, Section};
use crate::markdown::{self, Labels};
use crate::output::{self, Writer};
use crate::plan::Plan;
use crate::render::Layout;
use crate::{config, facts, search, theme, BuildError, BuildOptions, Report, Site, Stats};

/// What a build knows that redoing one page alone needs (see `serve::incremental`).
pub struct Parts {
    /// The sources (pages without their text).
    pub content: Content,
    /// Where links may point.
    pub links: LinkIndex,
    /// Each page's search sections, in page order.
    pub sections: Vec<Vec<Section>>,
    /// Where each page uses facts, in page order: a page redone alone whose uses
    /// change needs the facts page made again, so a full build.
    pub fact_uses: Vec<Vec<FactUse>>,
    /// The settings, theme, templates and navigation the pages were laid out with.
    pub layout: Layout,
}

/// What the build keeps of a page once it is written: what the search index, the
/// summary and `check` need.
pub struct Kept {
    /// The page's search sections.
    pub sections: Vec<Section>,
    /// Advice for the author.
    pub lints: Vec<Diagnostic>,
    /// The other pages it links to (source paths).
    pub links_to: Vec<String>,
    /// Where it and its channel pages use facts.
    pub fact_uses: Vec<FactUse>,
    /// Channels of the page.
    pub channels: usize,
    /// Steps of all its channels.
    pub steps: usize,
    /// The template errors met laying it out.
    pub errors: Vec<Diagnostic>,
}

/// Builds the site in memory and keeps the [`Parts`] a later one-page rebuild needs;
/// the layout takes over what it can from `previous` (see [`Layout::new`]).
pub fn build_keeping_parts(
    options: &BuildOptions,
    previous: Option<&Layout>,
) -> Result<(Site, Parts), BuildError> {
    let memory = output::Memory::default();
    let (report, parts) = run(options, &memory, previous, true)?;
    match parts {
        Some(parts) => Ok((Site::made(memory, report), parts)),
        None => Err(BuildError::Output(anyhow::anyhow!(
            "the build kept nothing"
        ))),
    }
}

/// Makes `content`'s pages into files, in parallel: each page is rendered with its
/// links resolved against `links`, laid out with `layout` and handed to `writer` at
/// once (see [`page`]). Returns what was kept of each page, in page order, and the
/// problems rendering found.
pub fn pages(
    content: &Content,
    labels: &Labels,
    links: &LinkIndex,
    layout: Option<&Layout>,
    writer: &Writer,
) -> (Vec<Kept>, Vec<Diagnostic>) {
    markdown::pages::render_each(content, labels, links, |rendered| {
        page(layout, rendered, writer)
    })
}

/// One rendered page and its channel pages laid out and handed to `writer`. Without
/// a layout (the theme failed) nothing is written, but the page is still kept so
/// every problem of the run is reported.
pub fn page(layout: Option<&Layout>, page: RenderedPage, writer: &Writer) -> Kept {
    Kept {
        errors: layout.map_or_else(Vec::new, |layout| layout.page(&page, writer)),
        channels: page.channels.len(),
        steps: page.channels.iter().map(|c| c.steps.len()).sum(),
        lints: page.lints,
        links_to: page.links_to,
        fact_uses: page.fact_uses,
        sections: page.sections,
    }
}

/// Runs every stage that can run, streaming files into `sink`, and keeps the
/// [`Parts`] when asked.
pub(crate) fn run(
    options: &BuildOptions,
    sink: &dyn output::Sink,
    previous: Option<&Layout>,
    keep_parts: bool,
) -> Result<(Report, Option<Parts>), BuildError> {
    let stage = |name| {
        if let Some(progress) = options.progress {
            progress(name);
        }
    };
    let root = &options.root;
    stage("reading the sources");
    let config = Arc::new(config::load(root).map_err(invalid)?);
    let mut errors = Vec::new();
    let (mut registry, mut fact_errors) = facts::Registry::check(&config.facts, &config.text);
    errors.append(&mut fact_errors);
    registry.today = today();
    registry.stale_after = config.stale_days();
    let registry = Arc::new(registry);
    let theme = keep_errors(theme::load(root, &config.language), &mut errors).map(Arc::new);
    let (mut content, mut content_errors) =
        content::discover(root, options.drafts, registry.clone());
    errors.append(&mut content_errors);
    if let (Some(logo), Some(rel)) = (&config.logo, config.logo()) {
        errors.extend(content::logo::check(logo, rel, &content, &config.text));
    }
    let mut warnings = std::mem::take(&mut content.warnings);
    let mut plan = Plan::default();
    plan.claim_content(&content, &mut errors, &mut warnings);
    diagnostic::sort(&mut warnings);
    let labels = theme
        .as_deref()
        .map_or_else(|| Labels::from_strings(None), Labels::from_theme);
    stage("reading the pages");
    let (links, mut outline_errors) = markdown::pages::outline(&content);
    errors.append(&mut outline_errors);
    let layout = theme.and_then(|theme| {
        keep_errors(
            Layout::new(config.clone(), theme, &content, previous),
            &mut errors,
        )
    });
    stage("writing pages");
    // Once the build is known to fail, pages are still rendered (to report every
    // problem) but not written.
    let writer = if errors.is_empty() {
        Writer::new(sink, options.minify)
    } else {
        Writer::new(&output::Discard, false)
    };
    let (kept, mut render_errors) = pages(&content, &labels, &links, layout.as_ref(), &writer);
    // Link targets are needed again only to redo a page alone.
    let links = keep_parts.then_some(links);
    let linked: std::collections::HashSet<&str> = kept
        .iter()
        .flat_map(|k| k.links_to.iter().map(String::as_str))
        .collect();
    let unlinked = markdown::lints::unlinked(content.pages.iter(), &linked);
    drop(linked);
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
    let (Some(layout), true) = (layout, errors.is_empty()) else {
        return Err(invalid(errors));
    };
    stage("indexing for search");
    let sections: Vec<&Section> = kept.iter().flat_map(|k| k.sections.iter()).collect();
    let index = search::build(
        &sections,
        layout.theme().string("step_short"),
        config.synonyms(),
    );
    drop(sections);
    let stats = Stats {
        pages: kept.len(),
        channels: kept.iter().map(|k| k.channels).sum(),
        steps: kept.iter().map(|k| k.steps).sum(),
    };
    let mut kept_sections = Vec::new();
    let mut lints: Vec<Diagnostic> = unlinked;
    let mut fact_uses = Vec::new();
    let mut kept_uses = Vec::new();
    for k in kept {
        lints.extend(k.lints);
        if keep_parts {
            kept_uses.push(k.fact_uses.clone());
        }
        fact_uses.extend(k.fact_uses);
        if keep_parts {
            kept_sections.push(k.sections);
        }
    }
    lints.extend(facts::advice::advice(
        &registry,
        fact_uses.iter().map(|u| u.fact.as_str()),
        &config.text,
    ));
    warnings.extend(facts::advice::stale(&registry, &config.text));
    if let Some(stale) = stale {
        warnings.extend(stale);
    }
    diagnostic::sort(&mut warnings);
    diagnostic::sort(&mut lints);
    stage("writing the index");
    layout
        .finish(&content, &fact_uses, &mut plan, || index.files(), &writer)
        .map_err(invalid)?;
    let report = Report {
        written: writer.finish().map_err(BuildError::Output)?,
        search: index,
        warnings,
        lints,
        stats,
    };
    let parts = links.map(|links| Parts {
        content,
        links,
        sections: kept_sections,
        fact_uses: kept_uses,
        layout,
    });
    Ok((report, parts))
}

/// The sources' problems, sorted, as the build's failure.
fn invalid(mut diagnostics: Vec<Diagnostic>) -> BuildError {
    diagnostic::sort(&mut diagnostics);
    BuildError::Invalid(diagnostics)
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
