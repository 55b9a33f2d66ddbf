//! What every page of a site is laid out with: the settings, the theme, its compiled
//! templates and the site's navigation.
//!
//! A layout is made once per build and then lays out pages one at a time, as the
//! Markdown stage finishes them ([`Layout::page`]). The two costly parts are shared,
//! not copied: a layout made from an earlier one (`serve`'s next build) takes over
//! its compiled templates when the theme's templates are unchanged, and its navigation
//! when the outline (pages, titles, order, channels) is unchanged.

use std::sync::Arc;

use crate::config::Config;
use crate::content::Content;
use crate::diagnostic::Diagnostic;
use crate::markdown::pages::RenderedPage;
use crate::output::Writer;
use crate::theme::Theme;

use super::context::Renderer;
use super::templates::Templates;
use super::tree::{Entry, Tree};

/// The settings, theme, compiled templates and navigation pages are laid out with.
/// Cloning is cheap: every part is shared.
#[derive(Clone)]
pub struct Layout {
    config: Arc<Config>,
    theme: Arc<Theme>,
    templates: Arc<Templates>,
    navigation: Arc<Navigation>,
    /// The site's facts, for their provenance on every page that shows one.
    facts: Arc<crate::facts::Registry>,
    /// The default language's facts, which fallback pages show.
    fallback_facts: Arc<crate::facts::Registry>,
    /// The language of the pages laid out.
    language: crate::languages::Language,
    /// The site's languages, for every page's versions.
    pub(super) versions: super::Versions,
}

/// The site's outline, with the entries it was built from.
pub(super) struct Navigation {
    entries: Vec<Entry>,
    pub(super) tree: Tree,
}

impl Layout {
    /// Compiles the theme's templates and builds the site's outline from the pages'
    /// front matter (titles, order, channels), taking either over from `previous`
    /// where it was made from the same templates or the same outline.
    pub fn new(
        config: Arc<Config>,
        theme: Arc<Theme>,
        content: &Content,
        previous: Option<&Layout>,
    ) -> Result<Layout, Vec<Diagnostic>> {
        let templates = match previous {
            Some(p) if p.templates.compiled_from(&theme) => p.templates.clone(),
            _ => Arc::new(Templates::compile(&theme)?),
        };
        let entries = entries(content);
        let navigation = match previous {
            Some(p) if p.navigation.entries == entries => p.navigation.clone(),
            _ => Arc::new(Navigation {
                tree: Tree::build(&entries),
                entries,
            }),
        };
        Ok(Layout {
            config,
            theme,
            templates,
            navigation,
            facts: content.facts.clone(),
            fallback_facts: content.fallback_facts.clone(),
            language: content.language.clone(),
            versions: super::Versions::default(),
        })
    }

    /// This layout, giving every page links to its versions in `versions`.
    pub fn with_versions(mut self, versions: super::Versions) -> Layout {
        self.versions = versions;
        self
    }

    /// The language of the pages laid out.
    pub fn language(&self) -> &crate::languages::Language {
        &self.language
    }

    /// The site's settings.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The theme.
    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    /// Whether both layouts use the very same compiled templates (not compiled again).
    pub fn shares_templates(&self, other: &Layout) -> bool {
        Arc::ptr_eq(&self.templates, &other.templates)
    }

    /// Whether both layouts use the very same navigation (not built again).
    pub fn shares_navigation(&self, other: &Layout) -> bool {
        Arc::ptr_eq(&self.navigation, &other.navigation)
    }

    pub fn tree(&self) -> &Tree {
        &self.navigation.tree
    }

    pub(super) fn renderer(&self) -> Renderer<'_> {
        Renderer {
            config: &self.config,
            theme: &self.theme,
            templates: &self.templates,
            tree: &self.navigation.tree,
            facts: &self.facts,
            language: &self.language,
            versions: &self.versions,
        }
    }

    /// A digest of what the pages at `outputs` show of other pages (their navigation,
    /// breadcrumbs, neighbours and versions): an earlier build's copy of a page is
    /// taken over only while this is unchanged ([`crate::reuse`]).
    pub fn surroundings<'o>(&self, outputs: impl IntoIterator<Item = &'o str>) -> String {
        let renderer = self.renderer();
        let mut text = String::new();
        for output in outputs {
            text.push_str(output);
            text.push('\0');
            text.push_str(
                &serde_json::to_string(&renderer.surroundings(output)).unwrap_or_default(),
            );
            text.push('\n');
        }
        crate::output::content_hash(text.as_bytes())
    }

    /// Lays out a page and its channel pages and hands them to `writer`; returns the
    /// template errors, and each file's path with the hash of what it was made from
    /// when the writer's sink keeps them ([`Writer::generated`]).
    pub fn page(
        &self,
        page: &RenderedPage,
        writer: &Writer,
    ) -> (Vec<Diagnostic>, Vec<(String, String)>) {
        let mut renderer = self.renderer();
        if page.page.fallback {
            renderer.facts = &self.fallback_facts;
        }
        let mut made = vec![(
            page.page.output.as_str(),
            renderer.article_or_chapter(page),
            None,
        )];
        // A site's own `channel.html` that drops the step ids would break every link,
        // search landing and start button into its steps: checked on what it wrote.
        made.extend(page.channels.iter().enumerate().map(|(i, channel)| {
            let html = renderer.channel(page, i, channel);
            let steps = channel.steps.len();
            let lost = html
                .as_ref()
                .ok()
                .and_then(|h| self.theme.check_steps(h, steps));
            (channel.output.as_str(), html, lost)
        }));
        let mut sources = Vec::new();
        let errors = made
            .into_iter()
            .filter_map(|(output, html, lost)| match html {
                Ok(html) => {
                    if let Some(source) = writer.generated(output, html.into_bytes()) {
                        sources.push((output.to_string(), source));
                    }
                    lost
                }
                Err(e) => Some(e),
            })
            .collect();
        (errors, sources)
    }
}

/// What the outline needs of each page.
fn entries(content: &Content) -> Vec<Entry> {
    content
        .pages
        .iter()
        .map(|p| Entry {
            lang: p.fallback.then(|| content.language.default_tag.clone()),
            sort_title: p
                .original_title
                .clone()
                .unwrap_or_else(|| p.meta.title.clone()),
            title_code: p.meta.title_code.clone(),
            rel: p.rel.clone(),
            output: p.output.clone(),
            title: p.meta.title.clone(),
            order: p.meta.order,
            channels: p
                .meta
                .channels
                .iter()
                .map(|c| {
                    (
                        c.name.clone(),
                        crate::paths::channel_output(&p.output, &c.id),
                    )
                })
                .collect(),
        })
        .collect()
}
