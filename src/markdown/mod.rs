//! Stage three: Markdown to HTML, parsed once per page.
//!
//! [`parse`] turns a page body into one event stream with every heading's id fixed;
//! the same stream then feeds the HTML ([`Renderer`]), the step split of channel
//! chapters ([`channels`]) and the search index, so anchors can never disagree.

pub mod channels;
pub mod ids;
pub mod links;
pub mod pages;

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::content::Page;
use crate::diagnostic::{line_col, Diagnostic};
use ids::IdAllocator;
use links::LinkIndex;

/// One parser event and the byte offset in the page text where it starts.
pub type Located = (Event<'static>, usize);

/// A heading of a page, with the id it carries in the output.
#[derive(Debug, Clone)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// Unique within the page; an explicit `{#id}` wins over the generated one.
    pub id: String,
    /// The heading's plain text.
    pub text: String,
    /// Index of the heading's start event in [`Document::events`].
    pub event: usize,
    /// Byte offset of the heading in the page text.
    pub offset: usize,
}

/// A parsed page body.
#[derive(Debug, Clone)]
pub struct Document {
    /// The event stream, heading ids already filled in.
    pub events: Vec<Located>,
    /// Every heading in document order.
    pub headings: Vec<Heading>,
}

/// The Markdown extensions every page gets.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Parses a page body and gives every heading a stable, unique id. Two explicit
/// `{#id}`s that clash are reported.
pub fn parse(page: &Page) -> (Document, Vec<Diagnostic>) {
    let body = page.body();
    let mut events: Vec<Located> = Parser::new_ext(body, options())
        .into_offset_iter()
        .map(|(e, r)| (e.into_static(), r.start + page.body_offset))
        .collect();
    let mut errors = Vec::new();
    let mut ids = IdAllocator::default();
    for (event, offset) in &events {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
            if !ids.reserve(id) {
                let (line, column) = line_col(&page.text, *offset);
                errors.push(
                    Diagnostic::new(
                        &page.source,
                        line,
                        column,
                        format!("two headings have the id `#{id}`"),
                    )
                    .with_help("give one of them a different `{#id}`")
                    .quoting(&page.text),
                );
            }
        }
    }
    let mut headings = Vec::new();
    for i in 0..events.len() {
        let Event::Start(Tag::Heading { level, id, .. }) = &events[i].0 else {
            continue;
        };
        let level = heading_level(*level);
        let text = plain_text(&events[i + 1..], |e| {
            matches!(e, Event::End(TagEnd::Heading(_)))
        });
        let id = match id {
            Some(id) => id.to_string(),
            None => ids.unique(&ids::slugify(&text)),
        };
        if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i].0 {
            *slot = Some(CowStr::from(id.clone()));
        }
        headings.push(Heading {
            level,
            id,
            text: text.trim().to_string(),
            event: i,
            offset: events[i].1,
        });
    }
    (Document { events, headings }, errors)
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The visible text of events up to (not including) the first one `stop` accepts,
/// with line breaks as spaces. Used for heading ids, step text and search.
pub fn plain_text(events: &[Located], stop: impl Fn(&Event) -> bool) -> String {
    let mut out = String::new();
    for (event, _) in events {
        if stop(event) {
            break;
        }
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::Heading(_),
            ) => out.push(' '),
            _ => {}
        }
    }
    out
}

/// Labels the renderer writes into the HTML, in the site's language.
#[derive(Debug, Clone)]
pub struct Labels {
    /// Titles of `> [!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]`, `[!CAUTION]` callouts.
    pub callouts: [String; 5],
    /// Accessible name of a heading's self-link.
    pub anchor: String,
}

impl Labels {
    /// Labels from the theme's UI strings; a missing string shows its key.
    pub fn from_strings(strings: Option<&std::collections::BTreeMap<String, String>>) -> Labels {
        let s = |k: &str| {
            strings
                .and_then(|m| m.get(k))
                .cloned()
                .unwrap_or_else(|| k.to_string())
        };
        Labels {
            callouts: [
                s("note"),
                s("tip"),
                s("important"),
                s("warning"),
                s("caution"),
            ],
            anchor: s("anchor"),
        }
    }
}

/// Writes event streams as HTML, rewriting links for the page they land on.
///
/// Raw HTML in Markdown is shown as text, never passed through: everything that
/// comes from content is escaped, so a page can never inject markup or script.
pub struct Renderer<'a> {
    /// Every link destination of the site.
    pub links: &'a LinkIndex,
    /// UI words in the site's language.
    pub labels: &'a Labels,
}

impl Renderer<'_> {
    /// Renders `events` of `page` as HTML for the output file `output`. Broken links
    /// are pushed to `errors` with their file line and column.
    pub fn html(
        &self,
        page: &Page,
        events: &[Located],
        output: &str,
        errors: &mut Vec<Diagnostic>,
    ) -> String {
        let mut out = Vec::with_capacity(events.len() + 8);
        let mut heading_id: Vec<String> = Vec::new();
        for (event, offset) in events {
            match event {
                Event::Start(Tag::Heading {
                    level, id, classes, ..
                }) => {
                    let id = id.as_deref().unwrap_or_default().to_string();
                    let class = if classes.is_empty() {
                        String::new()
                    } else {
                        format!(" class=\"{}\"", escape(&classes.join(" ")))
                    };
                    out.push(Event::Html(
                        format!("<{level} id=\"{}\"{class}>", escape(&id)).into(),
                    ));
                    heading_id.push(id);
                }
                Event::End(TagEnd::Heading(level)) => {
                    let id = heading_id.pop().unwrap_or_default();
                    out.push(Event::Html(
                        format!(
                            "<a class=\"anchor\" href=\"#{}\" aria-label=\"{}\"><span aria-hidden=\"true\">#</span></a></{level}>",
                            escape(&id),
                            escape(&self.labels.anchor)
                        )
                        .into(),
                    ));
                }
                Event::Start(Tag::BlockQuote(Some(kind))) => {
                    let (class, label) = self.callout(*kind);
                    out.push(Event::Html(
                        format!("<div class=\"callout callout-{class}\" role=\"note\"><p class=\"callout-title\">{}</p>", escape(label))
                            .into(),
                    ));
                }
                Event::End(TagEnd::BlockQuote(Some(_))) => out.push(Event::Html("</div>".into())),
                Event::Start(Tag::Table(_)) => {
                    out.push(Event::Html("<div class=\"table-wrap\">".into()));
                    out.push(event.clone());
                }
                Event::End(TagEnd::Table) => {
                    out.push(event.clone());
                    out.push(Event::Html("</div>".into()));
                }
                Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                    let mut tag = tag.clone();
                    if let Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } = &mut tag {
                        *dest_url = self.rewrite(page, dest_url, *offset, output, errors);
                    }
                    out.push(Event::Start(tag));
                }
                Event::Html(raw) | Event::InlineHtml(raw) => out.push(Event::Text(raw.clone())),
                other => out.push(other.clone()),
            }
        }
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, out.into_iter());
        html
    }

    fn rewrite(
        &self,
        page: &Page,
        dest: &str,
        offset: usize,
        output: &str,
        errors: &mut Vec<Diagnostic>,
    ) -> CowStr<'static> {
        match self.links.resolve(dest, &page.rel, output) {
            Ok(href) => href.into(),
            Err(e) => {
                let (line, column) = line_col(&page.text, offset);
                let mut d =
                    Diagnostic::new(&page.source, line, column, e.message).quoting(&page.text);
                d.help = e.help;
                errors.push(d);
                CowStr::from(dest.to_string())
            }
        }
    }

    fn callout(&self, kind: BlockQuoteKind) -> (&'static str, &str) {
        let (class, i) = match kind {
            BlockQuoteKind::Note => ("note", 0),
            BlockQuoteKind::Tip => ("tip", 1),
            BlockQuoteKind::Important => ("important", 2),
            BlockQuoteKind::Warning => ("warning", 3),
            BlockQuoteKind::Caution => ("caution", 4),
        };
        (class, &self.labels.callouts[i])
    }
}

/// Escapes text for an HTML attribute or element.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
