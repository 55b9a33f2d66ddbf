//! Stage three: Markdown to HTML, parsed once per page.
//!
//! [`parse`] turns a page body into one event stream with every heading's id fixed;
//! the same stream then feeds the HTML ([`Renderer`]), the step split of channel
//! chapters ([`channels`]) and the search index, so anchors can never disagree.
//! Bare URLs in text become links in that same pass ([`parse`]), so the scheme
//! policy, the link checks and `check`'s lints see them like written links.

pub mod channels;
pub mod facts;
pub mod ids;
pub mod links;
pub mod lints;
pub mod markup;
pub mod pages;
mod suggest;

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{
    BlockQuoteKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};

use crate::content::Page;
use crate::diagnostic::{line_col, Diagnostic};
use crate::paths::{self, is_reserved_id, is_valid_id, LinkKind};
use ids::IdAllocator;
use links::LinkIndex;
use markup::Markup;

/// How deeply blocks and inline elements may nest. Real guides stay far below; past
/// this, HTML tools down the line (minifiers, browsers' own limits) break, so a page
/// that nests deeper is refused with its line rather than crashing the build.
pub const MAX_NESTING: usize = 100;

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

/// Parses a page body and gives every heading a stable, unique id. Explicit `{#id}`s
/// that clash, are malformed or take an id of the theme are reported; so is nesting
/// deeper than [`MAX_NESTING`], in which case the document comes back empty.
///
/// Uses of `facts` in text (`{{ id }}`) become the fact's events (see [`facts`]);
/// an unknown, malformed or unclosed use is reported at its place.
pub fn parse(page: &Page, registry: &crate::facts::Registry) -> (Document, Vec<Diagnostic>) {
    let body = page.body();
    let mut errors = Vec::new();
    let parsed: Vec<(Event<'static>, Range<usize>)> = Parser::new_ext(body, options())
        .into_offset_iter()
        .map(|(e, r)| (e.into_static(), r))
        .collect();
    let parsed = facts::expand(parsed, page, registry, &mut errors);
    let mut events: Vec<Located> = autolink(parsed.into_iter(), page.body_offset);
    same_note_names(&mut events);
    if let Some(offset) = too_deep(&events) {
        errors.push(at_offset(
            page,
            offset,
            format!(
                "the text nests more than {MAX_NESTING} levels deep here (lists, quotes or other elements inside one another)"
            ),
            "flatten the nesting: no reader can follow more than a few levels",
        ));
        events.clear();
        return (
            Document {
                events,
                headings: Vec::new(),
            },
            errors,
        );
    }
    if let Some(offset) = unclosed_comment(&events) {
        errors.push(at_offset(
            page,
            offset,
            "this HTML comment is never closed, so everything after it would be hidden".into(),
            "close the comment with `-->` where the note to authors ends",
        ));
    }
    let mut ids = IdAllocator::default();
    for (event, offset) in &events {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
            let problem = if !is_valid_id(id) {
                Some((
                    format!("the heading id `#{id}` may hold only letters, digits, `-`, `_`, `.` and `:`"),
                    "write the id like `{#contact-us}`".to_string(),
                ))
            } else if is_reserved_id(id) {
                Some((
                    format!("the heading id `#{id}` is used by the theme"),
                    format!("choose another id, such as `{{#{id}-section}}`"),
                ))
            } else if !ids.reserve(id) {
                Some((
                    format!("two headings have the id `#{id}`"),
                    "give one of them a different `{#id}`".to_string(),
                ))
            } else {
                None
            };
            if let Some((message, help)) = problem {
                errors.push(at_offset(page, *offset, message, help));
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

/// The offset of the first event nested deeper than [`MAX_NESTING`], if any.
fn too_deep(events: &[Located]) -> Option<usize> {
    let mut depth = 0usize;
    for (event, offset) in events {
        match event {
            Event::Start(_) => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(*offset);
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
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
/// Footnote definitions are left out: they belong to the page that cites them.
pub fn plain_text(events: &[Located], stop: impl Fn(&Event) -> bool) -> String {
    let mut out = String::new();
    let mut in_definition = 0usize;
    for (event, _) in events {
        if stop(event) {
            break;
        }
        match event {
            Event::Start(Tag::FootnoteDefinition(_)) => in_definition += 1,
            Event::End(TagEnd::FootnoteDefinition) => {
                in_definition = in_definition.saturating_sub(1)
            }
            _ if in_definition > 0 => {}
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

/// What the renderer writes into the HTML that the theme decides: labels in the site's
/// language, and the markup templates ([`markup`]).
#[derive(Debug, Clone)]
pub struct Labels {
    /// Titles of `> [!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]`, `[!CAUTION]` callouts.
    pub callouts: [String; 5],
    /// Accessible name of a heading's self-link.
    pub anchor: String,
    /// Heading of a page's footnotes.
    pub footnotes: String,
    /// Accessible name of a footnote's link back to where it is cited.
    pub footnote_back: String,
    /// Accessible names of a task list's ticked and unticked boxes.
    pub task: [String; 2],
    /// Headings, callouts and footnotes as the theme writes them.
    pub markup: Markup,
}

impl Labels {
    /// Labels from the theme's UI strings (a missing string shows its key), with the
    /// default theme's markup templates.
    pub fn from_strings(strings: Option<&std::collections::BTreeMap<String, String>>) -> Labels {
        Labels::with_markup(strings, Markup::default_theme(strings))
    }

    /// Labels and markup templates of `theme`. A site's markup template that does not
    /// compile stands aside for the default one: the render stage, which compiles every
    /// template, reports it at its line.
    pub fn from_theme(theme: &crate::theme::Theme) -> Labels {
        let strings = Some(&theme.strings);
        let markup = Markup::new(&theme.templates, strings)
            .unwrap_or_else(|_| Markup::default_theme(strings));
        Labels::with_markup(strings, markup)
    }

    fn with_markup(
        strings: Option<&std::collections::BTreeMap<String, String>>,
        markup: Markup,
    ) -> Labels {
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
            footnotes: s("footnotes"),
            footnote_back: s("footnote_back"),
            task: [s("task_done"), s("task_todo")],
            markup,
        }
    }
}

/// The footnotes cited on one output page, numbered in order of first citation.
///
/// A channel chapter is cut over several pages, so a footnote is defined on every page
/// that cites it, wherever its definition stands in the source.
#[derive(Debug, Default)]
pub struct Footnotes {
    order: Vec<String>,
    numbers: HashMap<String, usize>,
    /// The facts used on the page, in order of first use (for its list of sources).
    pub facts: Vec<String>,
    /// How many fact provenance cards the page has so far, and for which facts.
    cards: usize,
    carded: std::collections::HashSet<String>,
}

impl Footnotes {
    /// Notes that fact `id` is used on this page.
    pub fn use_fact(&mut self, id: &str) {
        if !self.facts.iter().any(|f| f == id) {
            self.facts.push(id.to_string());
        }
    }

    /// The number of footnote `name` on this page, and whether this is its first citation.
    fn cite(&mut self, name: &str) -> (usize, bool) {
        if let Some(n) = self.numbers.get(name) {
            return (*n, false);
        }
        self.order.push(name.to_string());
        let n = self.order.len();
        self.numbers.insert(name.to_string(), n);
        (n, true)
    }
}

/// Writes event streams as HTML, rewriting links for the page they land on.
///
/// Raw HTML in Markdown is shown as text, never passed through, and link destinations
/// pass the scheme policy of [`crate::paths::classify`]: everything that comes from
/// content is escaped, so a page can never inject markup or script.
pub struct Renderer<'a> {
    /// Every link destination of the site.
    pub links: &'a LinkIndex,
    /// UI words in the site's language.
    pub labels: &'a Labels,
    /// The site's facts, for their uses in the text.
    pub facts: &'a crate::facts::Registry,
    /// The output path of the facts page of the page's language.
    pub facts_page: &'a str,
    /// Every link asked of `links` while rendering (the path and the page it is on),
    /// for [`LinkIndex::answers`]: a page depends on other pages' headings and paths
    /// only through these answers.
    pub asked: std::cell::RefCell<Vec<(String, String)>>,
}

impl Renderer<'_> {
    /// A use of fact `id` on the output page `output`, through the theme's
    /// `markup/fact.html`; `linked` when it stands outside any link (only then may it
    /// be a link, and carry its provenance card, numbered in `notes`).
    fn fact(
        &self,
        id: &str,
        linked: bool,
        output: &str,
        notes: &mut Footnotes,
        errors: &mut Vec<Diagnostic>,
    ) -> String {
        let Some(fact) = self.facts.get(id) else {
            return escape(id);
        };
        let shown = fact.shown(self.facts.today, self.facts.stale_after);
        // A value readers act on (a number, an address, hours) carries its card at
        // every use; a name or other text at its first use on the page only, so a step
        // that names a menu three times is not strewn with buttons.
        let acted_on = fact.kind != crate::facts::Kind::Text;
        notes.use_fact(id);
        let card = (linked && (acted_on || !notes.carded.contains(id))).then(|| {
            notes.carded.insert(id.to_string());
            notes.cards += 1;
            notes.cards
        });
        let facts_href = format!(
            "{}#{}",
            paths::href(output, self.facts_page),
            paths::encode_fragment(&paths::fact_anchor(id))
        );
        self.labels
            .markup
            .fact(&shown, linked, card, &facts_href, errors)
    }

    /// Renders `events` of `page` as HTML for the output file `output`. Broken or
    /// refused links are pushed to `errors` with their file line and column; footnote
    /// citations are numbered in `notes`, and their definitions left for [`Self::footnotes`].
    pub fn html(
        &self,
        page: &Page,
        events: &[Located],
        output: &str,
        notes: &mut Footnotes,
        errors: &mut Vec<Diagnostic>,
    ) -> String {
        let mut out = Vec::with_capacity(events.len() + 8);
        // The headings and callouts open around the current event: where each one's
        // content starts in `out`, and what its template needs besides.
        let mut open: Vec<(usize, Wrap)> = Vec::new();
        let markup = &self.labels.markup;
        let mut in_definition = 0usize;
        // How deep in links and images the current event is (a fact's value is then
        // no link of its own, and inside an image's alt text plain text), and the
        // fact whose value is being passed.
        let (mut in_link, mut in_image) = (0usize, 0usize);
        let mut fact: Option<&str> = None;
        // Inside an HTML comment (`<!-- … -->`, a note to authors): dropped.
        let mut in_comment = false;
        for (event, offset) in events {
            if in_definition > 0 {
                match event {
                    Event::Start(Tag::FootnoteDefinition(_)) => in_definition += 1,
                    Event::End(TagEnd::FootnoteDefinition) => in_definition -= 1,
                    _ => {}
                }
                continue;
            }
            if let Some(id) = fact {
                match event {
                    Event::End(TagEnd::Link) => {
                        fact = None;
                        if in_image == 0 {
                            let html = self.fact(id, in_link == 0, output, notes, errors);
                            out.push(Event::InlineHtml(html.into()));
                        }
                    }
                    Event::Text(_) if in_image > 0 => out.push(event.clone()),
                    _ => {}
                }
                continue;
            }
            if let Some(id) = facts::fact_of(event) {
                fact = Some(id);
                continue;
            }
            match event {
                Event::Start(Tag::Link { .. }) => in_link += 1,
                Event::End(TagEnd::Link) => in_link = in_link.saturating_sub(1),
                Event::Start(Tag::Image { .. }) => in_image += 1,
                Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
                _ => {}
            }
            match event {
                Event::Start(Tag::FootnoteDefinition(_)) => in_definition = 1,
                Event::FootnoteReference(name) => {
                    let (n, first) = notes.cite(name);
                    let html = markup.footnote_ref(n, first, errors);
                    out.push(Event::InlineHtml(html.into()));
                }
                Event::Start(Tag::Heading {
                    level, id, classes, ..
                }) => {
                    let wrap = Wrap::Heading {
                        level: heading_level(*level),
                        id: id.as_deref().unwrap_or_default().to_string(),
                        classes: classes.join(" "),
                    };
                    open.push((out.len(), wrap));
                }
                Event::Start(Tag::BlockQuote(Some(kind))) => {
                    open.push((out.len(), Wrap::Callout(*kind)));
                }
                Event::End(TagEnd::Heading(_) | TagEnd::BlockQuote(Some(_))) => {
                    let Some((start, wrap)) = open.pop() else {
                        continue;
                    };
                    let content = inner_html(out.drain(start..));
                    let html = match wrap {
                        Wrap::Heading { level, id, classes } => {
                            let label = &self.labels.anchor;
                            markup.heading(level, &id, &classes, label, &content, errors)
                        }
                        Wrap::Callout(kind) => {
                            let (class, title) = self.callout(kind);
                            markup.callout(class, title, &content, errors)
                        }
                    };
                    out.push(Event::Html(html.into()));
                }
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
                    match &mut tag {
                        // An email autolink: the HTML writer adds `mailto:` itself.
                        Tag::Link {
                            link_type: LinkType::Email,
                            ..
                        } => {}
                        Tag::Link { dest_url, .. } => {
                            *dest_url = self.rewrite(
                                page,
                                dest_url,
                                LinkKind::Link,
                                *offset,
                                output,
                                errors,
                            )
                        }
                        Tag::Image { dest_url, .. } => {
                            *dest_url = self.rewrite(
                                page,
                                dest_url,
                                LinkKind::Image,
                                *offset,
                                output,
                                errors,
                            )
                        }
                        _ => {}
                    }
                    out.push(Event::Start(tag));
                }
                Event::TaskListMarker(done) => {
                    // A task list's box is shown, not used; it still needs a name.
                    let (checked, label) = if *done {
                        (" checked", &self.labels.task[0])
                    } else {
                        ("", &self.labels.task[1])
                    };
                    out.push(Event::InlineHtml(
                        format!(
                            "<input type=\"checkbox\" disabled{checked} aria-label=\"{}\"> ",
                            escape(label)
                        )
                        .into(),
                    ));
                }
                Event::Html(raw) | Event::InlineHtml(raw) => {
                    let shown = without_comments(raw, &mut in_comment);
                    if !shown.is_empty() {
                        out.push(Event::Text(shown.into()));
                    }
                }
                other => out.push(other.clone()),
            }
        }
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, out.into_iter());
        html
    }

    /// The definitions of the footnotes cited in `notes`, taken from anywhere in
    /// `events` (the whole page), as a list for the end of the output page; empty if
    /// nothing was cited. Footnotes cited inside definitions are added as they appear.
    pub fn footnotes(
        &self,
        page: &Page,
        events: &[Located],
        output: &str,
        notes: &mut Footnotes,
        errors: &mut Vec<Diagnostic>,
    ) -> String {
        if notes.order.is_empty() {
            return String::new();
        }
        let definitions = footnote_definitions(events);
        let mut bodies = Vec::new();
        while bodies.len() < notes.order.len() {
            let name = notes.order[bodies.len()].clone();
            let body = definitions
                .get(name.as_str())
                .map(|r| self.html(page, &events[r.clone()], output, notes, errors))
                .unwrap_or_default();
            bodies.push(body);
        }
        let mut html = self.labels.markup.footnotes(
            &self.labels.footnotes,
            &self.labels.footnote_back,
            &bodies,
            errors,
        );
        // A block ends its line, as every block pulldown-cmark writes does.
        html.push('\n');
        html
    }

    /// Checks the footnote definitions no output page shows ([`unshown_notes`]) as if
    /// they were shown, and drops their HTML: a broken link there is still a broken
    /// link in the source, and the next edit that cites the note would show it.
    pub fn check_unshown_notes(
        &self,
        page: &Page,
        events: &[Located],
        unshown: &[UnshownNote],
        errors: &mut Vec<Diagnostic>,
    ) {
        for note in unshown {
            let mut notes = Footnotes::default();
            let _ = self.html(
                page,
                &events[note.body.clone()],
                &page.output,
                &mut notes,
                errors,
            );
        }
    }

    fn rewrite(
        &self,
        page: &Page,
        dest: &str,
        kind: LinkKind,
        offset: usize,
        output: &str,
        errors: &mut Vec<Diagnostic>,
    ) -> CowStr<'static> {
        // A fact in the address was reported when the page was parsed.
        if dest.contains("{{") {
            return CowStr::from("");
        }
        let problem = match paths::classify(dest, kind) {
            paths::Destination::External(url) => return url.into(),
            paths::Destination::Internal(path) => {
                self.asked
                    .borrow_mut()
                    .push((path.to_string(), output.to_string()));
                match self.links.resolve(&path, &page.rel, output) {
                    Ok(href) => return href.into(),
                    Err(e) => e,
                }
            }
            paths::Destination::Refused(scheme) => links::refused(dest, &scheme, kind),
        };
        let (line, column) = line_col(&page.text, offset);
        let mut d =
            Diagnostic::new(&page.source, line, column, problem.message).quoting(&page.text);
        d.help = problem.help;
        errors.push(d);
        CowStr::from("#")
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

/// A heading or callout whose content is being written, for its markup template.
enum Wrap {
    Heading {
        level: u8,
        id: String,
        classes: String,
    },
    Callout(BlockQuoteKind),
}

/// The HTML of `events`, the content of a heading or callout, written as it would
/// have been in the flow of the page: after the element's opening markup, so a block
/// inside starts on a new line. (The empty text tells the writer it is not at the
/// start of a line, which it would otherwise assume.)
fn inner_html(events: impl Iterator<Item = Event<'static>>) -> String {
    let mut html = String::new();
    let after_markup = std::iter::once(Event::Text(CowStr::Borrowed("")));
    pulldown_cmark::html::push_html(&mut html, after_markup.chain(events));
    html
}

/// Where the body of each footnote definition lies in `events`, by name; the first
/// definition of a name wins.
pub fn footnote_definitions(events: &[Located]) -> HashMap<&str, Range<usize>> {
    let mut definitions = HashMap::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::FootnoteDefinition(name)) = &events[i].0 {
            let end = matching_end(events, i);
            definitions.entry(name.as_ref()).or_insert(i + 1..end);
            i = end;
        }
        i += 1;
    }
    definitions
}

/// Writes every footnote name as its first definition spells it. The parser matches a
/// citation to its definition ignoring case (`[^Note]` cites `[^note]:`, as on
/// GitHub); every later stage then matches names exactly.
fn same_note_names(events: &mut [Located]) {
    let mut spelling: HashMap<unicase::UniCase<String>, CowStr<'static>> = HashMap::new();
    for (event, _) in events.iter() {
        if let Event::Start(Tag::FootnoteDefinition(name)) = event {
            spelling
                .entry(unicase::UniCase::new(name.to_string()))
                .or_insert_with(|| name.clone());
        }
    }
    for (event, _) in events.iter_mut() {
        if let Event::Start(Tag::FootnoteDefinition(name)) | Event::FootnoteReference(name) = event
        {
            if let Some(first) = spelling.get(&unicase::UniCase::new(name.to_string())) {
                if first != name {
                    *name = first.clone();
                }
            }
        }
    }
}

/// A footnote definition no output page shows: nothing shown cites it, or an earlier
/// definition has its name (only the first is used).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnshownNote<'a> {
    /// Its name (`1` of `[^1]:`).
    pub name: &'a str,
    /// Its events in the page's events, between its start and end.
    pub body: Range<usize>,
    /// Where it starts in the page text.
    pub offset: usize,
    /// When an earlier definition has the same name: which definition of the name
    /// this is (2 for the second) and where the first starts in the page text.
    pub duplicate: Option<(usize, usize)>,
    /// Whether anything cites it (then only notes that are not shown do).
    pub cited: bool,
}

/// The footnote definitions of `events` that no output page shows ([`UnshownNote`]).
/// A note is shown when text outside every definition and outside `hidden` (events
/// no page shows, such as a channel's `##` heading) cites it, or a shown note does: a
/// note cited only from an unshown one is unshown too.
pub fn unshown_notes<'a>(events: &'a [Located], hidden: &[Range<usize>]) -> Vec<UnshownNote<'a>> {
    // Every definition in order: name, body, offset, and the names its body cites.
    let mut definitions = Vec::new();
    let mut shown: HashSet<&str> = HashSet::new();
    let mut cited: HashSet<&str> = HashSet::new();
    let mut i = 0;
    while i < events.len() {
        match &events[i].0 {
            Event::Start(Tag::FootnoteDefinition(name)) => {
                let end = matching_end(events, i);
                let cites: Vec<&str> = events[i + 1..end.min(events.len())]
                    .iter()
                    .filter_map(|(e, _)| match e {
                        Event::FootnoteReference(n) => Some(n.as_ref()),
                        _ => None,
                    })
                    .collect();
                cited.extend(cites.iter().copied());
                definitions.push((name.as_ref(), i + 1..end, events[i].1, cites));
                i = end;
            }
            Event::FootnoteReference(name) => {
                cited.insert(name.as_ref());
                if !hidden.iter().any(|h| h.contains(&i)) {
                    shown.insert(name.as_ref());
                }
            }
            _ => {}
        }
        i += 1;
    }
    // The first definition of each name, and how many came before each later one.
    let mut first: HashMap<&str, (usize, usize)> = HashMap::new();
    let mut count: HashMap<&str, usize> = HashMap::new();
    let duplicates: Vec<Option<(usize, usize)>> = definitions
        .iter()
        .enumerate()
        .map(|(d, (name, _, offset, _))| {
            let (_, seen) = *first.entry(*name).or_insert((d, *offset));
            let n = count.entry(*name).or_insert(0);
            *n += 1;
            (*n > 1).then_some((*n, seen))
        })
        .collect();
    // Every note a shown note cites is shown: each name is followed once.
    let mut queue: Vec<&str> = shown.iter().copied().collect();
    while let Some(name) = queue.pop() {
        let Some(&(d, _)) = first.get(name) else {
            continue;
        };
        for cite in &definitions[d].3 {
            if shown.insert(cite) {
                queue.push(cite);
            }
        }
    }
    definitions
        .into_iter()
        .zip(duplicates)
        .filter(|((name, ..), duplicate)| duplicate.is_some() || !shown.contains(name))
        .map(|((name, body, offset, _), duplicate)| UnshownNote {
            name,
            body,
            offset,
            duplicate,
            cited: cited.contains(name),
        })
        .collect()
}

/// Turns the bare URLs of text into links, as GitHub's extended autolinks do
/// (`https://…`, `http://…`, `www.…` → `http://www.…`), and gives every event its
/// offset in the page text (`base` is where the body starts). Text in code, links and
/// images is left alone. The links are ordinary link events, so they pass the same
/// scheme policy and lints as written ones.
fn autolink(
    events: impl Iterator<Item = (Event<'static>, Range<usize>)>,
    base: usize,
) -> Vec<Located> {
    let mut out = Vec::new();
    let mut events = events.peekable();
    // How deep we are inside code blocks, links and images.
    let mut inside = 0usize;
    while let Some((event, range)) = events.next() {
        match &event {
            Event::Start(Tag::CodeBlock(_) | Tag::Link { .. } | Tag::Image { .. }) => inside += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::Link | TagEnd::Image) => {
                inside = inside.saturating_sub(1)
            }
            Event::Text(_) if inside == 0 => {
                // The parser may cut one run of text in several events (at `_`, `*`,
                // entities); a URL is looked for in the whole run.
                let mut run = vec![(event, range)];
                while let Some((Event::Text(_), _)) = events.peek() {
                    run.extend(events.next());
                }
                link_run(run, base, &mut out);
                continue;
            }
            _ => {}
        }
        out.push((event, range.start + base));
    }
    out
}

/// Pushes a run of text events to `out`, with its bare URLs as links.
fn link_run(run: Vec<(Event<'static>, Range<usize>)>, base: usize, out: &mut Vec<Located>) {
    // Most text holds no address: a byte scan says so without copying the run.
    let may_hold_url = run.iter().any(|(e, _)| match e {
        Event::Text(t) => t
            .as_bytes()
            .windows(4)
            .any(|w| w.eq_ignore_ascii_case(b"http") || w.eq_ignore_ascii_case(b"www.")),
        _ => false,
    });
    if !may_hold_url {
        out.extend(run.into_iter().map(|(e, r)| (e, r.start + base)));
        return;
    }
    let mut text = String::new();
    // Where each event starts in `text` and in the page, and whether it is the page
    // text verbatim (an entity or escape is not).
    let mut spans = Vec::with_capacity(run.len());
    for (event, range) in &run {
        if let Event::Text(t) = event {
            spans.push((text.len(), range.start + base, t.len() == range.len()));
            text.push_str(t);
        }
    }
    let urls = bare_urls(&text);
    if urls.is_empty() {
        out.extend(run.into_iter().map(|(e, r)| (e, r.start + base)));
        return;
    }
    let at = |p: usize| {
        let (start, offset, verbatim) = spans
            .iter()
            .rev()
            .find(|s| s.0 <= p)
            .copied()
            .unwrap_or((0, base, false));
        if verbatim {
            offset + p - start
        } else {
            offset
        }
    };
    let piece = |r: Range<usize>| Event::Text(CowStr::from(text[r].to_string()));
    let mut done = 0;
    for (url, href) in urls {
        if url.start > done {
            out.push((piece(done..url.start), at(done)));
        }
        let offset = at(url.start);
        out.push((
            Event::Start(Tag::Link {
                link_type: LinkType::Autolink,
                dest_url: href.into(),
                title: CowStr::from(""),
                id: CowStr::from(""),
            }),
            offset,
        ));
        out.push((piece(url.clone()), offset));
        out.push((Event::End(TagEnd::Link), offset));
        done = url.end;
    }
    if done < text.len() {
        out.push((piece(done..text.len()), at(done)));
    }
}

/// The bare URLs of `text`: where each stands, and the address it links to.
///
/// Follows GitHub's extended autolinks, kept strict: a URL starts with `http://`,
/// `https://` or `www.` not glued to a word or a path before it, holds a domain with
/// a dot (after `www.`, another one; no `_` in its last two parts; so neither
/// `http://localhost` nor `www.x` is linked) and runs over printable ASCII up to a space,
/// a `<` or any other character: `访问https://example.org查看` links
/// `https://example.org`. Trailing `.,;:!?*_~'"` and an unmatched `)` or `]` are left
/// out.
fn bare_urls(text: &str) -> Vec<(Range<usize>, String)> {
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(c) = text[i..].chars().next() {
        let rest = &text[i..];
        let prefix = ["https://", "http://", "www."].into_iter().find(|p| {
            rest.get(..p.len())
                .is_some_and(|s| s.eq_ignore_ascii_case(p))
        });
        let glued = text[..i].chars().next_back().is_some_and(|b| {
            b.is_ascii_alphanumeric()
                || matches!(b, '/' | '.' | '@' | '-' | '%' | '&' | '=' | '+' | '#' | '?')
        });
        if let Some(len) = prefix.filter(|_| !glued).and_then(|p| url_len(rest, p)) {
            let url = &rest[..len];
            let href = if prefix == Some("www.") {
                format!("http://{url}")
            } else {
                url.to_string()
            };
            found.push((i..i + len, href));
            i += len;
        } else {
            i += c.len_utf8();
        }
    }
    found
}

/// The length of the URL at the start of `rest`, which begins with `prefix`
/// (`http://`, `https://` or `www.`, in any case); `None` if no valid domain follows.
fn url_len(rest: &str, prefix: &str) -> Option<usize> {
    let is_domain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    let end = rest
        .find(|c: char| !c.is_ascii_graphic() || c == '<')
        .unwrap_or(rest.len());
    let mut url = &rest[..end];
    // The domain: `www.` is a part of it, a scheme is not.
    let start = if prefix == "www." { 0 } else { prefix.len() };
    let domain_end = url[start..]
        .find(|c: char| !is_domain(c))
        .map_or(url.len(), |n| start + n);
    if !url[domain_end..].starts_with(['/', '?', '#', ':']) {
        url = &url[..domain_end];
    }
    loop {
        let unmatched = |open: char, close: char| {
            url.ends_with(close) && url.matches(close).count() > url.matches(open).count()
        };
        if url.ends_with(['.', ',', ';', ':', '!', '?', '*', '_', '~', '\'', '"'])
            || unmatched('(', ')')
            || unmatched('[', ']')
        {
            url = &url[..url.len() - 1];
        } else {
            break;
        }
    }
    let domain = url.get(start..)?;
    let domain = &domain[..domain.find(|c: char| !is_domain(c)).unwrap_or(domain.len())];
    let parts: Vec<&str> = domain.split('.').collect();
    // `www.x` alone is not an address: a `www.` domain needs a dot of its own.
    let least = if start == 0 { 3 } else { 2 };
    let valid = parts.len() >= least
        && parts.iter().all(|p| !p.is_empty())
        && parts.iter().rev().take(2).all(|p| !p.contains('_'))
        && url.len() > prefix.len();
    valid.then_some(url.len())
}

/// Index of the event that closes the element opened at `start`.
pub fn matching_end(events: &[Located], start: usize) -> usize {
    let mut depth = 0usize;
    for (i, (event, _)) in events.iter().enumerate().skip(start) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    events.len()
}

/// `raw` HTML from the page without its comments (`<!-- … -->`, which other tools'
/// Markdown uses for notes to authors and readers must never see); `in_comment` says
/// whether a comment is open across events (a comment over several lines).
pub(crate) fn without_comments(raw: &str, in_comment: &mut bool) -> String {
    let mut shown = String::new();
    let mut rest = raw;
    loop {
        if *in_comment {
            match rest.find("-->") {
                Some(end) => {
                    rest = &rest[end + 3..];
                    *in_comment = false;
                }
                None => return shown,
            }
        }
        match rest.find("<!--") {
            Some(start) => {
                shown.push_str(&rest[..start]);
                rest = &rest[start + 4..];
                *in_comment = true;
            }
            None => {
                shown.push_str(rest);
                return if shown.trim().is_empty() {
                    String::new()
                } else {
                    shown
                };
            }
        }
    }
}

/// An error of `page` at the file offset `offset`, with its fix, quoting the line.
fn at_offset(page: &Page, offset: usize, message: String, help: impl Into<String>) -> Diagnostic {
    let (line, column) = line_col(&page.text, offset);
    Diagnostic::new(&page.source, line, column, message)
        .with_help(help)
        .quoting(&page.text)
}

/// Where an HTML comment opens that no `-->` closes (Markdown then takes the rest of
/// the page into it), as a file offset.
fn unclosed_comment(events: &[Located]) -> Option<usize> {
    let mut in_comment = false;
    let mut opened = None;
    for (event, offset) in events {
        if let Event::Html(raw) | Event::InlineHtml(raw) = event {
            let was = in_comment;
            without_comments(raw, &mut in_comment);
            if in_comment && !was {
                opened = Some(offset + raw.rfind("<!--").unwrap_or(0));
            }
        }
    }
    in_comment.then_some(opened).flatten()
}

pub use crate::strings::escape;

#[cfg(test)]
mod tests {
    use super::bare_urls;

    #[test]
    fn notes_nothing_shown_cites_are_unshown() {
        // 3 is cited from a shown note; 5 only from 4, which nothing cites; the second
        // 1 repeats a name.
        let text = "a[^1] b[^2]\n\n[^1]: one [^3]\n\n[^2]: two\n\n[^4]: four [^5]\n\n\
                    [^5]: five\n\n[^3]: three\n\n[^1]: again\n";
        let events: Vec<super::Located> = pulldown_cmark::Parser::new_ext(text, super::options())
            .into_offset_iter()
            .map(|(e, r)| (e.into_static(), r.start))
            .collect();
        let unshown: Vec<(&str, Option<usize>, &str)> = super::unshown_notes(&events, &[])
            .iter()
            .map(|n| {
                (
                    n.name,
                    n.duplicate.map(|d| d.0),
                    &text[n.offset..n.offset + 5],
                )
            })
            .collect();
        assert_eq!(
            unshown,
            [
                ("4", None, "[^4]:"),
                ("5", None, "[^5]:"),
                ("1", Some(2), "[^1]:")
            ]
        );
        // A citation in events no page shows does not show the note.
        let cite = events
            .iter()
            .position(|(e, _)| matches!(e, pulldown_cmark::Event::FootnoteReference(n) if n.as_ref() == "2"))
            .unwrap();
        let hidden: Vec<std::ops::Range<usize>> = std::iter::once(cite..cite + 1).collect();
        let names: Vec<&str> = super::unshown_notes(&events, &hidden)
            .iter()
            .map(|n| n.name)
            .collect();
        assert_eq!(names, ["2", "4", "5", "1"]);
    }

    #[test]
    fn a_long_chain_of_notes_cited_last_to_first_is_all_shown() {
        // Each note cites the next, written last to first: a fixpoint over rounds
        // would take one round per note.
        let n = 20_000;
        let mut text = String::from("start[^f0]\n\n");
        for i in (0..n).rev() {
            text.push_str(&format!("[^f{i}]: note [^f{}]\n\n", i + 1));
        }
        let events: Vec<super::Located> = pulldown_cmark::Parser::new_ext(&text, super::options())
            .into_offset_iter()
            .map(|(e, r)| (e.into_static(), r.start))
            .collect();
        assert!(super::unshown_notes(&events, &[]).is_empty());
    }

    /// The text and address of each bare URL in `text`.
    fn urls(text: &str) -> Vec<(&str, String)> {
        bare_urls(text)
            .into_iter()
            .map(|(r, href)| (&text[r], href))
            .collect()
    }

    #[test]
    fn bare_urls_follow_github_extended_autolinks() {
        assert_eq!(
            urls("see https://example.org/x. or HTTP://Example.org"),
            [
                ("https://example.org/x", "https://example.org/x".to_string()),
                ("HTTP://Example.org", "HTTP://Example.org".to_string()),
            ]
        );
        assert_eq!(
            urls("(www.example.com/a?b=1);"),
            [(
                "www.example.com/a?b=1",
                "http://www.example.com/a?b=1".to_string()
            )]
        );
        assert_eq!(
            urls("https://en.wikipedia.org/wiki/Rust_(language))!"),
            [(
                "https://en.wikipedia.org/wiki/Rust_(language)",
                "https://en.wikipedia.org/wiki/Rust_(language)".to_string()
            )]
        );
        assert_eq!(
            urls("https://example.org:8080/a'b'\"")[0].0,
            "https://example.org:8080/a'b"
        );
    }

    #[test]
    fn bare_urls_stop_at_chinese_and_need_a_real_domain() {
        assert_eq!(
            urls("访问https://example.org查看，或www.example.com。")
                .iter()
                .map(|u| u.0)
                .collect::<Vec<_>>(),
            ["https://example.org", "www.example.com"]
        );
        for text in [
            "http://localhost:8080",
            "www.nodot",
            "https://a_b.example_c.org",
            "https://",
            "xhttps://example.org",
            "a/www.example.org",
            "me@www.example.org",
            "javascript:alert(1)",
            "ftp://example.org",
            "https://例子.测试",
        ] {
            assert_eq!(urls(text), [], "{text}");
        }
        assert_eq!(
            urls("https://example.org<b>")[0].0,
            "https://example.org",
            "`<` ends a URL"
        );
    }
}
