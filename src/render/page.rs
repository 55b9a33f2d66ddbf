//! A page of the site as its source makes it: an article (`page.html`), or a channel
//! chapter (`chapter.html`) with a card per channel and the table comparing them.

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::markdown::pages::RenderedPage;

use super::channel::ChannelCtx;
use super::context::{PageCtx, Renderer};

/// Which columns of a chapter's comparison table say something: a column whose every
/// cell would be "—" is left out.
#[derive(Serialize)]
struct CompareCtx {
    time: bool,
    contact: bool,
    hours: bool,
}

impl CompareCtx {
    fn of(channels: &[ChannelCtx]) -> CompareCtx {
        CompareCtx {
            time: channels.iter().any(|c| c.time.is_some()),
            contact: channels.iter().any(|c| c.contact.is_some()),
            hours: channels
                .iter()
                .any(|c| c.hours.is_some() || c.contact.as_ref().is_some_and(|k| k.is_phone)),
        }
    }
}

impl Renderer<'_> {
    /// The page of a source: an article, or a chapter when it has channels.
    pub(super) fn article_or_chapter(&self, page: &RenderedPage) -> Result<String, Diagnostic> {
        let meta = &page.page.meta;
        let output = page.page.output.as_str();
        let mut ctx = self.base_context(output);
        if page.page.fallback {
            self.fallback(&mut ctx, output);
        }
        ctx.insert(
            "page",
            &PageCtx {
                title_id: page.title_id.as_deref(),
                title: &meta.title,
                heading: &meta.title,
                heading_html: match &meta.title_code {
                    Some(code) => crate::strings::title_html(code),
                    None => self.marked(meta.raw.get("title"), &meta.title),
                },
                // The lead is the page's own summary; the site's description is
                // only the default for the meta description.
                description_html: meta
                    .description
                    .as_deref()
                    .map(|d| self.marked(meta.raw.get("description"), d))
                    .unwrap_or_default(),
                description: meta.description.as_deref().unwrap_or(""),
                meta_description: self.meta_description(
                    meta.description.as_deref(),
                    page.sections.iter().map(|s| s.text.as_str()),
                ),
                output,
                is_home: self.language.unprefixed(output) == "index.html",
                canonical: self.canonical(output),
                updated: meta.updated.as_deref(),
                content: &page.html,
                toc: &page.toc,
            },
        );
        ctx.insert("edit_url", &self.config.edit_link(&page.page.rel));
        self.page_facts(&mut ctx, &page.facts);
        if page.channels.is_empty() {
            return self.render("page.html", &ctx);
        }
        let channels: Vec<ChannelCtx> = page
            .channels
            .iter()
            .map(|c| self.channel_ctx(output, c))
            .collect();
        ctx.insert("channels", &channels);
        ctx.insert("compare", &CompareCtx::of(&channels));
        self.render("chapter.html", &ctx)
    }
}
