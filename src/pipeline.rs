//! The one driver of a build, stage by stage, and the one way a page becomes files.
//!
//! [`run`] drives every build: `waymark build`, `check` and `search`, the tests, and
//! each full build of `serve`. [`pages`] makes pages into files; the full build calls
//! it for every page and `serve` for the one page it redoes alone, with the same
//! [`Layout`], so both make the same bytes.

use std::sync::Arc;

use rayon::prelude::*;

use crate::content::{self, Content};
use crate::diagnostic::{self, Diagnostic};
use crate::languages::Language;
use crate::markdown::links::LinkIndex;
use crate::markdown::pages::{FactUse, RenderedPage, Section};
use crate::markdown::{self, Labels};
use crate::output::{self, Writer};
use crate::plan::Plan;
use crate::render::{self, Layout};
use crate::{config, facts, reuse, search, theme, BuildError, BuildOptions, Report, Site, Stats};

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
    /// How many languages the site has: a page of a site with several is never
    /// redone alone (its other languages' pages depend on it).
    pub languages: usize,
}

/// What the build keeps of a page once it is written: what the search index, the
/// summary and `check` need (and the record of pages, [`reuse::Made`], without the
/// errors: a page with errors is not recorded).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
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
    #[serde(skip)]
    pub errors: Vec<Diagnostic>,
}

/// Builds the site into `memory` and keeps the [`Parts`] a later one-page rebuild
/// needs; the layout takes over what it can from `previous` (see [`Layout::new`]).
/// Also returns what the build generated from what, and its record of pages, for the
/// next build to take over ([`output::Memory::reusing`]).
pub fn build_keeping_parts(
    options: &BuildOptions,
    previous: Option<&Layout>,
    memory: output::Memory,
) -> Result<KeptBuild, BuildError> {
    let (report, parts) = run(options, &memory, previous, true)?;
    let parts =
        parts.ok_or_else(|| BuildError::Output(anyhow::anyhow!("the build kept nothing")))?;
    let (files, generated, pages) = memory.into_parts();
    let record = pages.and_then(reuse::PageCache::into_memory);
    Ok(KeptBuild {
        site: Site::made(Default::default(), report),
        files: Arc::new(files),
        parts,
        generated,
        record,
    })
}

/// A build made in memory and what the next one can take over of it
/// ([`build_keeping_parts`]).
pub struct KeptBuild {
    /// The site, without its files.
    pub site: Site,
    /// Its files, shared with whoever serves them and the next build.
    pub files: Arc<output::SharedFiles>,
    /// What a one-page rebuild needs.
    pub parts: Parts,
    /// What each generated file was made from.
    pub generated: output::Generated,
    /// The record of its pages.
    pub record: Option<reuse::Remembered>,
}

/// Makes `content`'s pages into files, in parallel: each page is rendered with its
/// links resolved against `links`, laid out with `layout` and handed to `writer` at
/// once (see [`page`]). Returns what was kept of each page, in page order, and the
/// problems rendering found.
///
/// With each page's key ([`reuse::key`], in page order) and a writer whose sink
/// holds an earlier build's pages, a page whose key is unchanged and whose files the
/// sink still holds is taken over instead ([`crate::reuse`]).
pub fn pages(
    content: &mut Content,
    labels: &Labels,
    links: &LinkIndex,
    layout: Option<&Layout>,
    keys: Option<&[String]>,
    writer: &Writer,
) -> (Vec<Kept>, Vec<Diagnostic>) {
    let cache = keys.zip(writer.pages()).zip(layout);
    markdown::pages::render_each(
        content,
        labels,
        links,
        |i, source| {
            let Some(((keys, cache), layout)) = cache else {
                return Err(None);
            };
            let key = keys[i].clone();
            // The page's own file and the site's settings are the key; what it shows
            // of other pages is checked against what it showed when it was made. The
            // files are claimed last: only a page taken over claims them.
            let holds = |made: &reuse::Made| {
                made.is_of(source)
                    && links.answers(&source.rel, &made.asked) == made.answers
                    && layout.surroundings(made.files.iter().map(|(path, _)| path.as_str()))
                        == made.surroundings
                    && writer.keep_all(&made.files)
            };
            match cache.take(&key) {
                Some((made, raw)) if holds(&made) => {
                    cache.keep(key, &raw);
                    Ok(made.kept)
                }
                _ => Err(Some(key)),
            }
        },
        |mut rendered, key| {
            let asked = std::mem::take(&mut rendered.asked);
            let outline = std::mem::take(&mut rendered.outline);
            let rel = rendered.page.rel.clone();
            let (kept, files) = page(layout, rendered, writer);
            if let (Some(key), Some(((_, cache), layout))) = (key, cache) {
                if kept.errors.is_empty() {
                    let made = reuse::Made {
                        answers: links.answers(&rel, &asked),
                        surroundings: layout
                            .surroundings(files.iter().map(|(path, _)| path.as_str())),
                        asked,
                        files,
                        kept,
                        outline,
                    };
                    cache.put(key, &made);
                    return made.kept;
                }
            }
            kept
        },
    )
}

/// One rendered page and its channel pages laid out and handed to `writer`. Without
/// a layout (the theme failed) nothing is written, but the page is still kept so
/// every problem of the run is reported. Also returns the files written, each with
/// the hash of what it was made from (when the writer's sink keeps them).
pub fn page(
    layout: Option<&Layout>,
    page: RenderedPage,
    writer: &Writer,
) -> (Kept, Vec<(String, String)>) {
    let (errors, files) = layout.map_or_else(Default::default, |layout| layout.page(&page, writer));
    let kept = Kept {
        errors,
        channels: page.channels.len(),
        steps: page.channels.iter().map(|c| c.steps.len()).sum(),
        lints: page.lints,
        links_to: page.links_to,
        fact_uses: page.fact_uses,
        sections: page.sections,
    };
    (kept, files)
}

/// Runs every stage that can run, streaming files into `sink`, and keeps the
/// [`Parts`] when asked. A site with several languages goes through the page stages
/// once per language (see [`crate::languages`]); the shared files are written once.
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
    let (mut config, mut errors) = config::load_checked(root).map_err(invalid)?;
    // `serve` never writes a worker: one would hide its live reload.
    config.offline.enabled &= !options.serve;
    let tags = config.tags();
    let languages = Language::all(&tags);
    let registries: Vec<Arc<facts::Registry>> = languages
        .iter()
        .map(|language| {
            let (mut registry, mut fact_errors) =
                facts::Registry::check_for(&config.facts, &config.text, &tags, &language.tag);
            errors.append(&mut fact_errors);
            registry.today = today();
            registry.stale_after = config.stale_days();
            Arc::new(registry)
        })
        .collect();
    let themes: Vec<Option<Arc<theme::Theme>>> = languages
        .iter()
        .map(|language| keep_errors(theme::load(root, &language.tag), &mut errors).map(Arc::new))
        .collect();
    // The same problem met in every language is one problem.
    diagnostic::sort(&mut errors);
    errors.dedup();
    let (mut contents, mut content_errors) = content::discover(
        root,
        options.drafts,
        &languages
            .iter()
            .cloned()
            .zip(registries.iter().cloned())
            .collect::<Vec<_>>(),
    );
    errors.append(&mut content_errors);
    if let (Some(logo), Some(rel)) = (&config.logo, config.logo()) {
        errors.extend(content::logo::check(logo, rel, &contents[0], &config.text));
    }
    if let (true, Some(theme)) = (config.offline.enabled, &themes[0]) {
        errors.extend(crate::offline::icons(&config, theme, &contents[0]).err());
    }
    let mut warnings = std::mem::take(&mut contents[0].warnings);
    let mut plan = Plan::default();
    for content in &contents {
        plan.claim_content(content, &mut errors, &mut warnings);
    }
    // Offline reading's files are written later (the worker and the file list last),
    // but their paths are claimed now, so a clash with a page or file of the site is
    // reported with the rest.
    if config.offline.enabled {
        for path in crate::offline::paths(&languages) {
            let claim = crate::plan::Claim::own(crate::plan::Own::Offline);
            if let crate::plan::Claimed::Refused(d) = plan.claim(&path, claim) {
                errors.push(d);
            }
        }
    }
    diagnostic::sort(&mut warnings);
    stage("reading the pages");
    // Each page's key in the record of an earlier build's pages ([`reuse`]), when the
    // sink has one. A site with several languages is always made whole: its pages
    // depend on each other's translations in ways the skeleton does not list.
    let cache = sink.pages().filter(|_| languages.len() == 1);
    let keys: Vec<Option<Vec<String>>> = contents
        .iter()
        .zip(&themes)
        .map(|(content, theme)| {
            let (_, theme) = (cache?, theme.as_deref()?);
            let context = format!(
                "{}|{}|{}|{:?}|{:?}|{}",
                options.drafts,
                options.minify,
                options.serve,
                content.facts,
                content.fallback_facts,
                content.language.tag,
            );
            let theme = theme.fingerprint();
            let skeleton = reuse::skeleton(
                &[context.as_bytes(), config.text.as_bytes(), theme.as_bytes()],
                content,
            );
            Some(
                content
                    .pages
                    .par_iter()
                    .map(|page| reuse::key(&skeleton, page))
                    .collect(),
            )
        })
        .collect();
    let mut outlines = Vec::new();
    for (content, keys) in contents.iter().zip(&keys) {
        let known = |i: usize| cache?.outline(&keys.as_ref()?[i]);
        let (links, mut outline_errors) = markdown::pages::outline(content, &known);
        errors.append(&mut outline_errors);
        outlines.push(links);
    }
    for (content, links) in contents.iter().zip(&outlines).skip(1) {
        errors.extend(content::translate::steps_matched(
            (&contents[0], &outlines[0]),
            (content, links),
        ));
    }
    let versions = render::Versions::of(&languages, &themes, &contents);
    let mut layouts: Vec<Option<Layout>> = Vec::new();
    for (content, theme) in contents.iter().zip(&themes) {
        let earlier = layouts.first().and_then(Option::as_ref).or(previous);
        let language_config = Arc::new(config.for_language(&content.language.tag));
        let layout = theme.clone().and_then(|theme| {
            keep_errors(
                Layout::new(language_config, theme, content, earlier)
                    .map(|l| l.with_versions(versions.clone())),
                &mut errors,
            )
        });
        layouts.push(layout);
    }
    // What is said about a page's text once every page is made is worked out now:
    // each page's text is released as soon as it is made.
    let unlinked = markdown::lints::unlinked_advice(contents[0].pages.iter());
    let mut stale = Vec::new();
    let (today, stale_after) = (today(), config.stale_days());
    for content in &contents {
        for page in content.pages.iter().filter(|p| !p.fallback) {
            stale.extend(markdown::lints::stale(page, today, stale_after));
        }
    }
    stage("writing pages");
    // Once the build is known to fail, pages are still rendered (to report every
    // problem) but not written.
    let offline = config.offline.enabled;
    let writer = if errors.is_empty() && offline {
        Writer::new(sink, options.minify).recording()
    } else if errors.is_empty() {
        Writer::new(sink, options.minify)
    } else {
        Writer::new(&output::Discard, false)
    };
    let mut made = Vec::new();
    let place = |e: &Diagnostic| (e.file.clone(), e.line, e.column);
    let mut reported = std::collections::HashSet::new();
    for (((content, links), (layout, theme)), keys) in contents
        .iter_mut()
        .zip(outlines)
        .zip(layouts.into_iter().zip(&themes))
        .zip(&keys)
    {
        let labels = theme
            .as_deref()
            .map_or_else(|| Labels::from_strings(None), Labels::from_theme);
        let (kept, mut render_errors) = pages(
            content,
            &labels,
            &links,
            layout.as_ref(),
            keys.as_deref(),
            &writer,
        );
        render_errors.extend(kept.iter().flat_map(|k| k.errors.iter().cloned()));
        // A page shown untranslated in another language is the default language's
        // text: a problem there at a place already reported is reported once.
        if content.language.is_default() {
            reported.extend(render_errors.iter().map(place));
        } else {
            render_errors.retain(|e| !reported.contains(&place(e)));
        }
        errors.append(&mut render_errors);
        // Link targets are needed again only to redo a page alone (`serve`); a large
        // site's are dropped before the index is built.
        let links = (keep_parts && content.language.is_default()).then_some(links);
        made.push((links, kept, layout));
    }
    // Only the default language's links: a page another language links to may still
    // be one no page of its own language leads to.
    let linked: std::collections::HashSet<&str> = made
        .iter()
        .take(1)
        .flat_map(|(_, kept, _)| kept.iter())
        .flat_map(|k| k.links_to.iter().map(String::as_str))
        .collect();
    let unlinked: Vec<Diagnostic> = unlinked
        .into_iter()
        .filter(|(rel, _)| !linked.contains(rel.as_str()))
        .map(|(_, advice)| advice)
        .collect();
    drop(linked);
    warnings.append(&mut stale);
    let all_made = made.iter().all(|(_, _, layout)| layout.is_some());
    if !all_made || !errors.is_empty() {
        return Err(invalid(errors));
    }
    let mut lints: Vec<Diagnostic> = unlinked;
    let mut report: Option<Report> = None;
    let mut parts = None;
    let mut summaries = Vec::new();
    let mut fact_uses_all = Vec::new();
    let mut offline_pages: Vec<String> = Vec::new();
    let mut offline_chapters = crate::offline::Chapters::new();
    for ((links, mut kept, layout), content) in made.into_iter().zip(&contents) {
        let layout = layout.expect("checked above");
        stage("indexing for search");
        // A fallback page is the default language's text: it is found in that
        // language's search, not in this one's.
        // Sections `serve` keeps for redoing a page alone are lent; otherwise they are
        // handed over, and freed as they are indexed.
        let sections: Vec<std::borrow::Cow<Section>> = if links.is_some() {
            kept.iter()
                .zip(&content.pages)
                .filter(|(_, page)| !page.fallback)
                .flat_map(|(k, _)| k.sections.iter().map(std::borrow::Cow::Borrowed))
                .collect()
        } else {
            kept.iter_mut()
                .zip(&content.pages)
                .filter(|(_, page)| !page.fallback)
                .flat_map(|(k, _)| {
                    std::mem::take(&mut k.sections)
                        .into_iter()
                        .map(std::borrow::Cow::Owned)
                })
                .collect()
        };
        let index = search::build(
            sections,
            layout.theme().string("step_short"),
            // The language's own groups: another language's words would find nothing.
            layout.config().synonyms(),
            writer.pages().map(|p| p as &dyn search::chunks::Store),
        );
        let stats = Stats {
            pages: kept.len(),
            channels: kept.iter().map(|k| k.channels).sum(),
            steps: kept.iter().map(|k| k.steps).sum(),
        };
        let mut kept_sections = Vec::new();
        let mut fact_uses = Vec::new();
        let mut kept_uses = Vec::new();
        for (k, page) in kept.into_iter().zip(&content.pages) {
            // A fallback page's advice is its original's, given once.
            if !page.fallback {
                lints.extend(k.lints);
            }
            if links.is_some() {
                kept_uses.push(k.fact_uses.clone());
                kept_sections.push(k.sections);
            }
            fact_uses.extend(k.fact_uses);
        }
        fact_uses_all.extend(fact_uses.iter().map(|u| u.fact.clone()));
        stage("writing the index");
        let search_bytes = layout
            .finish(
                content,
                &fact_uses,
                &mut plan,
                || index.files_to_make(),
                &writer,
            )
            .map_err(invalid)?;
        if offline {
            let tree = layout.tree();
            let language = &content.language;
            offline_pages.extend(tree.outputs().map(str::to_string));
            offline_pages.push(language.output(crate::paths::CONTENTS));
            if !content.facts.is_empty() {
                offline_pages.push(language.output(crate::paths::FACTS_PAGE));
            }
            offline_chapters.extend(tree.chapters());
        }
        summaries.push(crate::LanguageStats {
            tag: content.language.tag.clone(),
            pages: stats.pages,
            fallbacks: content.pages.iter().filter(|p| p.fallback).count(),
            search_bytes: search_bytes as usize,
        });
        if let Some(report) = report.as_mut() {
            report.searches.push(index);
        } else {
            report = Some(Report {
                written: Default::default(),
                search: index,
                searches: Vec::new(),
                warnings: Vec::new(),
                lints: Vec::new(),
                stats,
                languages: Vec::new(),
            });
            if let Some(links) = links {
                parts = Some(Parts {
                    content: Content::default(),
                    links,
                    sections: kept_sections,
                    fact_uses: kept_uses,
                    layout,
                    languages: languages.len(),
                });
            }
        }
    }
    lints.extend(facts::advice::advice(
        &registries[0],
        fact_uses_all.iter().map(String::as_str),
        &config.text,
    ));
    warnings.extend(facts::advice::stale(&registries[0], &config.text));
    lints.extend(markdown::lints::site_placeholders(&config.text));
    lints.extend(crate::content::translate::advice(&contents, &config));
    diagnostic::sort(&mut warnings);
    diagnostic::sort(&mut lints);
    lints.dedup();
    if offline {
        let budget = config
            .offline
            .budget()
            .unwrap_or(config::DEFAULT_OFFLINE_BUDGET);
        let (manifest, worker) = crate::offline::finish(
            &writer.take_record(),
            budget,
            &languages,
            &offline_pages,
            &offline_chapters,
        );
        writer.verbatim(crate::paths::FILE_MANIFEST, manifest);
        writer.verbatim(crate::paths::WORKER, worker);
    }
    let mut report = report.expect("a site has a language");
    report.written = writer.finish().map_err(BuildError::Output)?;
    report.warnings = warnings;
    report.lints = lints;
    report.languages = summaries;
    let parts = parts.map(|mut parts| {
        parts.content = contents.swap_remove(0);
        parts
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
