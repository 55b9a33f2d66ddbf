//! A channel's page (`channel.html`): its steps, numbered, with the chapter around
//! it; and the channel as its card on the chapter page shows it.

use serde::Serialize;

use crate::content::contact::{self, Contact};
use crate::diagnostic::Diagnostic;
use crate::markdown::pages::{RenderedChannel, RenderedPage};
use crate::paths::href;
use crate::strings::fill;

use super::context::{LinkCtx, PageCtx, Renderer};
use super::jsonld;

/// A channel as its card, comparison row and page header show it.
#[derive(Serialize)]
pub(super) struct ChannelCtx<'a> {
    id: &'a str,
    name: &'a str,
    href: String,
    summary: Option<&'a str>,
    pub(super) time: Option<&'a str>,
    pub(super) hours: Option<&'a str>,
    checked: Option<&'a str>,
    source: Option<Contact>,
    needs: &'a [String],
    pub(super) contact: Option<Contact>,
    step_count: usize,
    step_count_label: String,
    /// The progress line before any step is ticked (`已完成 0/4 步`), in the HTML so
    /// the bar takes its place at the first paint.
    progress_start: String,
    first_step: &'a str,
    /// Where the start button lands: the first step's anchor (`step-1`).
    start_anchor: String,
    start_label: String,
}

/// One step of a channel page.
#[derive(Serialize)]
struct StepCtx<'a> {
    n: usize,
    /// The step's anchor (`step-3`), from [`crate::paths::step_anchor`].
    anchor: String,
    id: &'a str,
    title: &'a str,
    title_html: &'a str,
    body_html: &'a str,
    position_label: String,
}

impl Renderer<'_> {
    /// The channel `c` as a page at `from` shows it.
    pub(super) fn channel_ctx<'c>(&self, from: &str, c: &'c RenderedChannel) -> ChannelCtx<'c> {
        let t = &self.theme.strings;
        ChannelCtx {
            id: &c.meta.id,
            name: &c.meta.name,
            href: href(from, &c.output),
            summary: c.meta.summary.as_deref(),
            time: c.meta.time.as_deref(),
            hours: c.meta.hours.as_deref(),
            checked: c.meta.checked.as_deref(),
            source: c.meta.source.as_deref().map(contact::source),
            needs: &c.meta.needs,
            contact: c.meta.contact.as_deref().map(contact::contact),
            step_count: c.steps.len(),
            step_count_label: fill(
                t.get("steps_count").map_or("{n}", String::as_str),
                &[("n", c.steps.len().to_string())],
            ),
            progress_start: fill(
                self.theme.string("progress"),
                &[
                    ("done", "0".to_string()),
                    ("total", c.steps.len().to_string()),
                ],
            ),
            first_step: c.steps.first().map_or("", |s| s.title.as_str()),
            start_anchor: crate::paths::step_anchor(1),
            start_label: fill(
                self.theme.string("start_with"),
                &[
                    ("start", self.theme.string("start").to_string()),
                    (
                        "step",
                        c.steps.first().map_or("", |s| s.title.as_str()).to_string(),
                    ),
                ],
            ),
        }
    }

    /// The page of the channel `index` of the chapter `page`.
    pub(super) fn channel(
        &self,
        page: &RenderedPage,
        index: usize,
        channel: &RenderedChannel,
    ) -> Result<String, Diagnostic> {
        let meta = &page.page.meta;
        let output = channel.output.as_str();
        let t = &self.theme.strings;
        let mut ctx = self.base_context(output);
        let title = fill(
            self.theme.string("channel_title"),
            &[
                ("chapter", meta.title.clone()),
                ("channel", channel.meta.name.clone()),
            ],
        );
        let description = channel
            .meta
            .summary
            .as_deref()
            .or(meta.description.as_deref())
            .unwrap_or("");
        ctx.insert(
            "page",
            &PageCtx {
                title: &title,
                heading: &channel.meta.name,
                description,
                meta_description: self.meta_description(
                    channel
                        .meta
                        .summary
                        .as_deref()
                        .or(meta.description.as_deref()),
                    channel.steps.iter().map(|s| s.text.as_str()),
                ),
                output,
                is_home: false,
                canonical: self.canonical(output),
                updated: meta.updated.as_deref(),
                content: &channel.intro_html,
                toc: &[],
            },
        );
        let total = channel.steps.len();
        let steps: Vec<StepCtx> = channel
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| StepCtx {
                n: i + 1,
                anchor: crate::paths::step_anchor(i + 1),
                id: &s.heading_id,
                title: &s.title,
                title_html: &s.title_html,
                body_html: &s.body_html,
                position_label: fill(
                    t.get("step_of").map_or("{n}/{m}", String::as_str),
                    &[("n", (i + 1).to_string()), ("m", total.to_string())],
                ),
            })
            .collect();
        ctx.insert("channel", &self.channel_ctx(output, channel));
        ctx.insert("steps", &steps);
        ctx.insert(
            "chapter",
            &LinkCtx {
                title: meta.title.clone(),
                href: href(output, &page.page.output),
                is_channel: false,
            },
        );
        let sibling = |i: usize| {
            page.channels.get(i).map(|c| LinkCtx {
                title: c.meta.name.clone(),
                href: href(output, &c.output),
                is_channel: true,
            })
        };
        ctx.insert("prev_channel", &index.checked_sub(1).and_then(sibling));
        ctx.insert("next_channel", &sibling(index + 1));
        let url = self
            .canonical(output)
            .unwrap_or_else(|| href(output, output));
        ctx.insert("footnotes", &channel.footnotes_html);
        ctx.insert("edit_url", &self.config.edit_link(&page.page.rel));
        ctx.insert("jsonld", &jsonld::how_to(&title, channel, &url));
        self.render("channel.html", &ctx)
    }
}
