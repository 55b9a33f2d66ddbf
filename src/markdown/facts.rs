//! Uses of facts (`{{ id }}`) in a page's Markdown text.
//!
//! Each use becomes a link event of a kind the parser never makes (a wiki link, whose
//! extension is off) around the fact's value: every stage that reads text (heading
//! ids, step titles, search, JSON-LD) sees the value, and the HTML writer
//! ([`super::Renderer`]) recognises the use by [`fact_of`] and writes the theme's
//! `markup/fact.html` instead. Text in code spans and code blocks is left alone.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use crate::content::Page;
use crate::diagnostic::{line_col, Diagnostic};
use crate::facts::{uses, Registry};

/// The fix for a fact written in a link's address.
const IN_ADDRESS_HELP: &str = "write the fact in the text instead (`{{ site_url }}`): a `url`, `email` or `phone` fact is a link by itself";

/// The id of the fact a link event stands for, if it is a use of one.
pub fn fact_of<'a>(event: &'a Event) -> Option<&'a str> {
    match event {
        Event::Start(Tag::Link {
            link_type: LinkType::WikiLink { .. },
            dest_url,
            ..
        }) => Some(dest_url),
        _ => None,
    }
}

/// Whether a link tag is a use of a fact rather than a link.
pub fn is_fact_tag(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Link {
            link_type: LinkType::WikiLink { .. },
            ..
        }
    )
}

/// The parser's events with every use of a fact in text replaced by the fact's
/// events; problems (an unknown, malformed or unclosed use) go to `errors` at their
/// line and column. `base` is where the body starts in the page text.
pub(super) fn expand(
    events: Vec<(Event<'static>, Range<usize>)>,
    page: &Page,
    registry: &Registry,
    errors: &mut Vec<Diagnostic>,
) -> Vec<(Event<'static>, Range<usize>)> {
    if !page.body().contains("{{") {
        return events;
    }
    let base = page.body_offset;
    let mut out = Vec::with_capacity(events.len());
    let mut events = events.into_iter().peekable();
    let mut in_code = 0usize;
    while let Some((event, range)) = events.next() {
        match &event {
            Event::Start(Tag::CodeBlock(_)) => in_code += 1,
            Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if dest_url.contains("{{") =>
            {
                let (line, column) = line_col(&page.text, base + range.start);
                errors.push(
                    Diagnostic::new(
                        &page.source,
                        line,
                        column,
                        format!("a link's address cannot use a fact: `{dest_url}`"),
                    )
                    .with_help(IN_ADDRESS_HELP)
                    .quoting(&page.text),
                );
            }
            Event::Text(_) if in_code == 0 => {
                // A use may be cut over several text events (the parser cuts at `_`).
                let mut run = vec![(event, range)];
                while let Some((Event::Text(_), _)) = events.peek() {
                    run.extend(events.next());
                }
                expand_run(run, page, base, registry, errors, &mut out);
                continue;
            }
            _ => {}
        }
        out.push((event, range));
    }
    out
}

/// One run of text events, its uses replaced.
fn expand_run(
    run: Vec<(Event<'static>, Range<usize>)>,
    page: &Page,
    base: usize,
    registry: &Registry,
    errors: &mut Vec<Diagnostic>,
    out: &mut Vec<(Event<'static>, Range<usize>)>,
) {
    let mut text = String::new();
    // Where each event starts in `text`, its range in the body, and whether it is the
    // body verbatim (an escape `\{` or an entity is not).
    let mut spans = Vec::with_capacity(run.len());
    for (event, range) in &run {
        if let Event::Text(t) = event {
            spans.push((text.len(), range.clone(), t.len() == range.len()));
            text.push_str(t);
        }
    }
    if !text.contains("{{") {
        out.extend(run);
        return;
    }
    let span_at = |p: usize| spans.iter().rev().find(|s| s.0 <= p).cloned();
    let source = |p: usize| match span_at(p) {
        Some((start, range, true)) => range.start + p - start,
        Some((_, range, false)) => range.start,
        None => 0,
    };
    let body = page.body().as_bytes();
    let (found, problems) = uses::find_with(&text, |p| {
        // `\{{` in Markdown: the parser has dropped the backslash from the text, so
        // it is looked for in the source, just before the brace (or at the start of
        // an event made from the escape).
        let at = source(p);
        body.get(at) == Some(&b'\\') || (at > 0 && body.get(at - 1) == Some(&b'\\'))
    });
    let mut report = |offset: usize, message: String, help: String| {
        let (line, column) = line_col(&page.text, base + source(offset));
        errors.push(
            Diagnostic::new(&page.source, line, column, message)
                .with_help(help)
                .quoting(&page.text),
        );
    };
    for mut problem in problems {
        registry.malformed(&mut problem);
        report(problem.offset, problem.message, problem.help);
    }
    let piece = |r: Range<usize>| Event::Text(CowStr::from(text[r].to_string()));
    let mut done = 0;
    for u in found {
        // `[官网]({{ site_url }})`: the spaces keep it from being a link at all.
        if text[..u.span.start].ends_with("](") {
            report(
                u.span.start,
                format!(
                    "a link's address cannot use a fact: `({})`",
                    &text[u.span.clone()]
                ),
                IN_ADDRESS_HELP.to_string(),
            );
            continue;
        }
        let Some(fact) = registry.get(u.id) else {
            let (message, help) = registry.unknown(u.id);
            report(u.span.start, message, help);
            continue;
        };
        let at = source(u.span.start)..source(u.span.end - 1) + 1;
        if u.span.start > done {
            out.push((piece(done..u.span.start), source(done)..at.start));
        }
        out.push((
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { has_pothole: false },
                dest_url: CowStr::from(fact.id.clone()),
                title: CowStr::from(""),
                id: CowStr::from(""),
            }),
            at.clone(),
        ));
        out.push((Event::Text(CowStr::from(fact.value.clone())), at.clone()));
        out.push((Event::End(TagEnd::Link), at.clone()));
        done = u.span.end;
    }
    if done < text.len() {
        let end = run.last().map_or(0, |(_, r)| r.end);
        out.push((piece(done..text.len()), source(done)..end));
    }
}
