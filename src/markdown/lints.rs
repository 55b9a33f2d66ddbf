//! Advice for authors that does not stop a build: what `waymark check` warns about.
//!
//! Each finding points at its line: a page without a description (search results and
//! link previews then show the start of its text), a heading that skips a level
//! (screen-reader users navigate by heading level), an image without alt text, a link
//! to plain `http:` (it breaks on sites that force HTTPS and leaks what the reader
//! opens), and a channel without a `summary` (its card cannot say when to choose it).

use pulldown_cmark::{Event, Tag, TagEnd};

use super::{plain_text, Document};
use crate::content::{locate, Page};
use crate::diagnostic::{line_col, Diagnostic};

/// Every finding of one page, in document order.
pub fn lint(page: &Page, doc: &Document) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let yaml_line = line_col(&page.text, page.yaml.start).0;
    let key = |path: &str| {
        locate::find(page.yaml(), path).map_or((yaml_line, 1), |(l, c)| (yaml_line + l - 1, c))
    };
    let at = |offset: usize| line_col(&page.text, offset);
    let mut warn = |(line, column): (usize, usize), message: String, help: &str| {
        found.push(
            Diagnostic::warning(&page.source, line, column, message)
                .with_help(help)
                .quoting(&page.text),
        );
    };
    if page
        .meta
        .description
        .as_deref()
        .is_none_or(|d| d.trim().is_empty())
    {
        warn(
            key("title"),
            "the page has no `description`".to_string(),
            "add `description: …`, one sentence saying what the page helps with; search results and link previews show it",
        );
    }
    for (i, channel) in page.meta.channels.iter().enumerate() {
        if channel
            .summary
            .as_deref()
            .is_none_or(|s| s.trim().is_empty())
        {
            warn(
                key(&format!("channels[{i}].id")),
                format!("channel `{}` has no `summary`", channel.id),
                "add `summary: …`, one line telling a reader when this channel is the right one",
            );
        }
    }
    let mut previous_level = 1;
    for heading in &doc.headings {
        if heading.level > previous_level + 1 {
            let after = if previous_level == 1 {
                "right under the page title".to_string()
            } else {
                format!("after a level {previous_level} heading")
            };
            warn(
                at(heading.offset),
                format!(
                    "this level {} heading comes {after}, skipping a level",
                    heading.level
                ),
                "use the next level down (`##` under the title, `###` under `##`), so screen readers can follow the outline",
            );
        }
        previous_level = heading.level;
    }
    for (i, (event, offset)) in doc.events.iter().enumerate() {
        match event {
            Event::Start(Tag::Image { .. }) => {
                let alt = plain_text(&doc.events[i + 1..], |e| {
                    matches!(e, Event::End(TagEnd::Image))
                });
                if alt.trim().is_empty() {
                    warn(
                        at(*offset),
                        "this image has no alt text".to_string(),
                        "describe the image between the brackets: `![订单详情页的截图](…)`",
                    );
                }
            }
            Event::Start(Tag::Link { dest_url, .. })
                if dest_url
                    .trim_start()
                    .get(..5)
                    .is_some_and(|s| s.eq_ignore_ascii_case("http:")) =>
            {
                warn(
                    at(*offset),
                    format!("the link `{dest_url}` uses plain `http:`"),
                    "use `https:` if the site offers it",
                );
            }
            _ => {}
        }
    }
    found
}
