//! Cutting a channel chapter into its parts: the introduction, then per channel an
//! introduction and numbered steps.
//!
//! The authoring model is plain Markdown: every `##` section is a channel declared in
//! the front matter (matched by id), every `###` inside it a step. This module
//! enforces that model and reports each violation at its line with the fix.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{Event, TagEnd};

use super::{plain_text, Document, Heading};
use crate::content::Page;
use crate::diagnostic::{line_col, Diagnostic};
use crate::paths::is_channel_id;
use crate::yaml::locate;

/// One step of a channel: a `###` heading and what follows it.
#[derive(Debug, Clone)]
pub struct Step {
    /// The step's `###` heading.
    pub heading: Heading,
    /// Events of the heading's content (between its start and end events).
    pub title: Range<usize>,
    /// Events of the step body.
    pub body: Range<usize>,
}

/// One channel's part of the chapter, in front-matter order.
#[derive(Debug, Clone)]
pub struct ChannelPart {
    /// Index of the channel in the front matter's `channels`.
    pub meta: usize,
    /// The channel's `##` heading.
    pub heading: Heading,
    /// Events between the `##` heading and the first step.
    pub intro: Range<usize>,
    /// The steps, in order; never empty.
    pub steps: Vec<Step>,
}

/// A channel chapter cut into parts; ranges index [`Document::events`].
#[derive(Debug, Clone)]
pub struct Chapter {
    /// Events before the first `##`.
    pub intro: Range<usize>,
    /// The channels in display (front-matter) order.
    pub channels: Vec<ChannelPart>,
}

impl Chapter {
    /// The events no output page shows: each channel's `##` heading (its page is
    /// headed by the channel's name from the front matter).
    pub fn hidden(&self, doc: &Document) -> Vec<Range<usize>> {
        self.channels
            .iter()
            .map(|c| c.heading.event..super::matching_end(&doc.events, c.heading.event) + 1)
            .collect()
    }
}

/// Splits a chapter with `channels:` into its parts, or reports every way it breaks
/// the authoring model.
pub fn split(page: &Page, doc: &Document) -> Result<Chapter, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let declared = &page.meta.channels;
    let yaml = page.yaml();
    let yaml_line = line_col(&page.text, page.yaml.start).0;
    let mut seen_ids: HashSet<&str> = HashSet::new();
    let at = |i: usize, key: &str| {
        locate::find(yaml, &format!("channels[{i}].{key}"))
            .or_else(|| locate::find(yaml, "channels"))
            .map_or((yaml_line, 1), |(l, c)| (yaml_line + l - 1, c))
    };
    for (i, channel) in declared.iter().enumerate() {
        let (line, column) = at(i, "id");
        if !is_channel_id(&channel.id) {
            errors.push(
                Diagnostic::new(&page.source, line, column, format!("channel id `{}` is not allowed", channel.id))
                    .with_help("use lower-case letters, digits and `-`, starting with a letter or digit, e.g. `id: app`")
                    .quoting(&page.text),
            );
        } else if !seen_ids.insert(&channel.id) {
            errors.push(
                Diagnostic::new(
                    &page.source,
                    line,
                    column,
                    format!("channel id `{}` is declared twice", channel.id),
                )
                .with_help("give each channel of the chapter its own id")
                .quoting(&page.text),
            );
        }
        if channel.name.trim().is_empty() {
            let (line, column) = at(i, "name");
            errors.push(
                Diagnostic::new(
                    &page.source,
                    line,
                    column,
                    format!("channel `{}` has an empty `name`", channel.id),
                )
                .quoting(&page.text),
            );
        }
    }

    let sections: Vec<&Heading> = doc.headings.iter().filter(|h| h.level == 2).collect();
    let intro_end = sections.first().map_or(doc.events.len(), |h| h.event);
    let by_id: HashMap<&str, usize> = declared
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let mut parts: Vec<Option<ChannelPart>> = vec![None; declared.len()];
    for (k, heading) in sections.iter().enumerate() {
        let end = sections.get(k + 1).map_or(doc.events.len(), |h| h.event);
        let (line, column) = line_col(&page.text, heading.offset);
        let Some(&meta) = by_id.get(heading.id.as_str()) else {
            let ids: Vec<&str> = declared.iter().map(|c| c.id.as_str()).collect();
            errors.push(
                Diagnostic::new(
                    &page.source,
                    line,
                    column,
                    format!("the section `## {}` (id `{}`) is not a declared channel", heading.text, heading.id),
                )
                .with_help(format!(
                    "in a chapter with `channels:`, every `##` section is a channel: end the heading with one of {} \
                     (like `## {} {{#{}}}`), or declare it under `channels:`",
                    ids.iter().map(|i| format!("`{{#{i}}}`")).collect::<Vec<_>>().join(", "),
                    heading.text,
                    ids.first().unwrap_or(&"app")
                ))
                .quoting(&page.text),
            );
            continue;
        };
        let body_start = heading_end(doc, heading.event) + 1;
        let step_headings: Vec<&Heading> = doc
            .headings
            .iter()
            .filter(|h| h.level == 3 && h.event > heading.event && h.event < end)
            .collect();
        if step_headings.is_empty() {
            errors.push(
                Diagnostic::new(&page.source, line, column, format!("channel `{}` has no steps", heading.id))
                    .with_help("add at least one step as a `### Step name` heading under the channel's `##` heading")
                    .quoting(&page.text),
            );
            continue;
        }
        let intro = body_start..step_headings[0].event;
        let steps = step_headings
            .iter()
            .enumerate()
            .map(|(n, h)| {
                let title_end = heading_end(doc, h.event);
                let body_end = step_headings.get(n + 1).map_or(end, |next| next.event);
                Step {
                    heading: (*h).clone(),
                    title: h.event + 1..title_end,
                    body: title_end + 1..body_end,
                }
            })
            .collect();
        parts[meta] = Some(ChannelPart {
            meta,
            heading: (*heading).clone(),
            intro,
            steps,
        });
    }
    for (i, channel) in declared.iter().enumerate() {
        if parts[i].is_none()
            && is_channel_id(&channel.id)
            && !sections.iter().any(|h| h.id == channel.id)
        {
            let (line, column) = at(i, "id");
            errors.push(
                Diagnostic::new(
                    &page.source,
                    line,
                    column,
                    format!("channel `{}` has no section in the text", channel.id),
                )
                .with_help(format!(
                    "add a section `## {} {{#{}}}` with its steps as `###` headings",
                    channel.name, channel.id
                ))
                .quoting(&page.text),
            );
        }
    }
    if errors.is_empty() {
        Ok(Chapter {
            intro: 0..intro_end,
            channels: parts.into_iter().flatten().collect(),
        })
    } else {
        Err(errors)
    }
}

/// Index of the end event of the heading starting at `start`.
fn heading_end(doc: &Document, start: usize) -> usize {
    doc.events[start..]
        .iter()
        .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
        .map_or(start, |p| start + p)
}

/// Plain text of a range of events, for JSON-LD and search.
pub fn text_of(doc: &Document, range: &Range<usize>) -> String {
    let text = plain_text(&doc.events[range.clone()], |_| false);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
