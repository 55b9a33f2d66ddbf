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
    /// The summary, time and hours as HTML, each use of a fact marked with its
    /// `data-fact` (see [`crate::facts::expand::field_html`]); the needs likewise.
    summary_html: Option<String>,
    time_html: Option<String>,
    hours_html: Option<String>,
    needs_html: Vec<String>,
    /// The fact the contact is, when it is one use and nothing else (`{{ hotline }}`):
    /// its call button then carries the fact's `data-fact`.
    contact_fact: Option<String>,
    /// The provenance of the facts the channel's fields use, in field order: one
    /// entry per source and check, naming its facts' values when there are several.
    facts: Vec<Provenance<'a>>,
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

/// Where some of a channel's facts come from and when they were checked: facts that
/// share both are said once, so the page's header stays short on a phone and the
/// first step stays on the first screen (each fact's note is in its card and on the
/// facts page).
#[derive(Serialize)]
struct Provenance<'a> {
    /// The facts' values, when the channel's facts have more than one provenance
    /// (else the values are right above, in the channel's header).
    values: Vec<&'a str>,
    /// The ids of the facts.
    ids: Vec<&'a str>,
    source: Option<Contact>,
    checked: Option<&'a str>,
    stale: bool,
}

impl<'a> Provenance<'a> {
    fn of(facts: impl Iterator<Item = crate::facts::shown::Shown<'a>>) -> Vec<Provenance<'a>> {
        let mut groups: Vec<Provenance<'a>> = Vec::new();
        for fact in facts {
            if groups.iter().any(|g| g.ids.contains(&fact.id)) {
                continue;
            }
            let same = groups.iter().position(|g| {
                g.source.as_ref().map(|s| &s.text) == fact.source.as_ref().map(|s| &s.text)
                    && g.checked == fact.checked
                    && g.stale == fact.stale
            });
            let at = same.unwrap_or_else(|| {
                groups.push(Provenance {
                    values: Vec::new(),
                    ids: Vec::new(),
                    source: fact.source.clone(),
                    checked: fact.checked,
                    stale: fact.stale,
                });
                groups.len() - 1
            });
            groups[at].ids.push(fact.id);
            groups[at].values.push(fact.value);
        }
        if groups.len() == 1 {
            groups[0].values.clear();
        }
        groups
    }
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
    pub(super) fn channel_ctx<'c>(&'c self, from: &str, c: &'c RenderedChannel) -> ChannelCtx<'c> {
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
            summary_html: self.field_html(c, "summary", c.meta.summary.as_deref()),
            time_html: self.field_html(c, "time", c.meta.time.as_deref()),
            hours_html: self.field_html(c, "hours", c.meta.hours.as_deref()),
            needs_html: c
                .meta
                .needs
                .iter()
                .enumerate()
                .filter_map(|(j, n)| self.field_html(c, &format!("needs[{j}]"), Some(n)))
                .collect(),
            facts: Provenance::of(
                crate::facts::front::used(&c.meta.raw)
                    .iter()
                    .filter_map(|id| self.facts.shown(id)),
            ),
            contact_fact: c.meta.raw.get("contact").and_then(|raw| {
                let (uses, _) = crate::facts::uses::find(raw);
                match uses.as_slice() {
                    [one] if one.span == (0..raw.trim_end().len()) => Some(one.id.to_string()),
                    _ => None,
                }
            }),
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

    /// The field `key` of channel `c` (whose value is `value`) as HTML: the field as
    /// written with its facts marked, or the value escaped.
    fn field_html(&self, c: &RenderedChannel, key: &str, value: Option<&str>) -> Option<String> {
        let value = value?;
        Some(match c.meta.raw.get(key) {
            Some(raw) => crate::facts::expand::field_html(self.facts, raw),
            None => crate::strings::escape(value),
        })
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
        if page.page.fallback {
            self.fallback(&mut ctx, output);
        }
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
                title_id: None,
                title: &title,
                heading: &channel.meta.name,
                heading_html: self.marked(channel.meta.raw.get("name"), &channel.meta.name),
                description,
                description_html: match channel.meta.summary.as_deref() {
                    Some(summary) => self.marked(channel.meta.raw.get("summary"), summary),
                    None => self.marked(meta.raw.get("description"), description),
                },
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
        // Ticks are kept by the channel, not by the language it is read in: a reader
        // who switches language halfway keeps them.
        ctx.insert("steps_key", self.language.unprefixed(output));
        ctx.insert(
            "chapter",
            &LinkCtx {
                title: meta.title.clone(),
                href: href(output, &page.page.output),
                is_channel: false,
                lang: None,
            },
        );
        let sibling = |i: usize| {
            page.channels.get(i).map(|c| LinkCtx {
                title: c.meta.name.clone(),
                href: href(output, &c.output),
                is_channel: true,
                lang: None,
            })
        };
        ctx.insert("prev_channel", &index.checked_sub(1).and_then(sibling));
        ctx.insert("next_channel", &sibling(index + 1));
        let url = self
            .canonical(output)
            .unwrap_or_else(|| href(output, output));
        ctx.insert("footnotes", &channel.footnotes_html);
        self.page_facts(&mut ctx, &channel.facts);
        ctx.insert("edit_url", &self.config.edit_link(&page.page.rel));
        ctx.insert("jsonld", &jsonld::how_to(&title, channel, &url));
        self.render("channel.html", &ctx)
    }
}
