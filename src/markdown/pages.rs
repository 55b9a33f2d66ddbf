//! Rendering every page of the site to HTML fragments, links checked against the
//! whole site.
//!
//! Two passes over already-parsed documents: the first collects every anchor of every
//! page into a [`LinkIndex`], the second renders each page with its links resolved, so
//! a link to any page or heading can be checked whatever the file order.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};
use rayon::prelude::*;

use super::channels::{self, Chapter};
use super::links::{LinkIndex, PageTargets, Target};
use super::{facts::fact_of, footnote_definitions, parse, Document, Footnotes, Labels, Renderer};
use crate::content::{ChannelMeta, Content, Page};
use crate::diagnostic::Diagnostic;
use crate::facts::Registry;
use crate::paths::{channel_output, step_anchor};

/// An entry of a page's table of contents.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TocEntry {
    /// 2 or 3.
    pub level: u8,
    /// The heading's id on the page.
    pub id: String,
    /// The heading's text.
    pub text: String,
}

/// One step of a channel, ready for a template.
#[derive(Debug, Clone)]
pub struct RenderedStep {
    /// The id of the step's `###` heading in the source.
    pub heading_id: String,
    /// The step's name as plain text.
    pub title: String,
    /// The step's name as inline HTML.
    pub title_html: String,
    /// The step's body.
    pub body_html: String,
    /// The step's body as plain text.
    pub text: String,
}

/// One channel of a chapter, ready for a template.
#[derive(Debug, Clone)]
pub struct RenderedChannel {
    /// As declared in the front matter.
    pub meta: ChannelMeta,
    /// `x/<id>.html`.
    pub output: String,
    /// The channel's introduction.
    pub intro_html: String,
    /// The steps, in order.
    pub steps: Vec<RenderedStep>,
    /// The footnotes cited on the channel's page, if any.
    pub footnotes_html: String,
    /// The facts its page shows, in order of first use (front matter first).
    pub facts: Vec<String>,
}

/// One searchable part of the site: a page's top, a heading's section, or a step.
/// Cut from the same event stream as the HTML, so its anchor always exists.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Section {
    /// The output file it lands in.
    pub output: String,
    /// The element id to land on; `None` for the top of the page.
    pub anchor: Option<String>,
    /// The heading, step name or page title.
    pub title: String,
    /// Where it sits: the page title, and for a step the channel name.
    pub crumbs: Vec<String>,
    /// For a step, its 1-based number.
    pub step: Option<usize>,
    /// Its plain text.
    pub text: String,
}

/// A page's HTML fragments and outline.
#[derive(Debug, Clone)]
pub struct RenderedPage {
    /// The page the fragments came from.
    pub page: Page,
    /// The body (or, for a channel chapter, its introduction).
    pub html: String,
    /// Headings of levels 2 and 3 of the body.
    pub toc: Vec<TocEntry>,
    /// The channels of a channel chapter, in display order; empty for other pages.
    pub channels: Vec<RenderedChannel>,
    /// The searchable parts of the page (and of its channel pages).
    pub sections: Vec<Section>,
    /// Advice for the author (see [`super::lints`]); never fails a build.
    pub lints: Vec<Diagnostic>,
    /// The other pages this one links to (source paths), for the advice about pages
    /// nothing links to.
    pub links_to: Vec<String>,
    /// Every link path it asked the link index about, with the output file it is on,
    /// sorted ([`LinkIndex::answers`]).
    pub asked: Vec<(String, String)>,
    /// The facts the page itself shows (its channels' pages have their own), in order
    /// of first use.
    pub facts: Vec<String>,
    /// Where the page and its channel pages use each fact, for the facts page.
    pub fact_uses: Vec<FactUse>,
    /// The id of the page's `<h1>` (see [`title_id`]).
    pub title_id: Option<String>,
    /// What the page adds to the link index, recorded so that the next build need not
    /// parse it again for [`outline`].
    pub outline: Contribution,
}

/// The id the page's title would get as a heading, for its `<h1>`, so a link to
/// `page.md#<that id>` (as mdBook books write them) lands on the page's top; `None`
/// when a heading of the body already has it (the link lands there, as before) or it
/// is one of the theme's.
pub fn title_id(page: &Page, doc: &Document) -> Option<String> {
    let id = super::ids::slugify(&page.meta.title);
    let taken = doc.headings.iter().any(|h| h.id == id);
    (!taken && !crate::paths::is_reserved_id(&id) && id != "section").then_some(id)
}

/// A place a fact is used: a page, a section of it or a step.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FactUse {
    /// The fact's id.
    pub fact: String,
    /// The output page it is used on.
    pub output: String,
    /// The heading or step it is used under, if not the page's top.
    pub anchor: Option<String>,
    /// The page's title, then the channel's name, the heading or the step, as far as
    /// they apply.
    pub crumbs: Vec<String>,
}

/// Parses every page once to learn where links may point: the first of two passes.
/// Returns the link index and the problems parsing and splitting found; the parsed
/// documents are dropped, so a large site is never held parsed all at once.
///
/// `known` may give what page `i` adds to the index as an earlier build found it (see
/// [`crate::reuse`]); such a page is not parsed. (A page an earlier build recorded had
/// no problems, and the same page parses the same way.)
pub fn outline(
    content: &Content,
    known: &(dyn Fn(usize) -> Option<Contribution> + Sync),
) -> (LinkIndex, Vec<Diagnostic>) {
    let parsed: Vec<(Contribution, Vec<Diagnostic>)> = content
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, page)| {
            if let Some(known) = known(i).filter(|c| c.is_of(page)) {
                return (known, Vec::new());
            }
            let (doc, chapter, errors) = parse_and_split(page, content.facts_of(page));
            (contribution(page, &doc, chapter.as_ref()), errors)
        })
        .collect();
    let mut index = LinkIndex::default();
    let mut errors = Vec::new();
    for (contribution, mut e) in parsed {
        index.outputs.extend(contribution.outputs);
        index.pages.extend(contribution.pages);
        errors.append(&mut e);
    }
    index.assets = content.assets.iter().map(|a| a.rel.clone()).collect();
    index.sources = content
        .pages
        .iter()
        .filter(|p| p.source != format!("content/{}", p.rel))
        .map(|p| (p.rel.clone(), p.source.clone()))
        .collect();
    index.drafts = content.drafts.iter().cloned().collect();
    index.broken = content.broken.iter().cloned().collect();
    (index, errors)
}

/// The second pass: parses each page again, renders it with its links resolved
/// against `links` and hands it to `each` at once, in parallel; returns what `each`
/// kept, in page order, and the problems rendering found (those of parsing were
/// reported by [`outline`]). A page `reuse` answers for (from an earlier build) is
/// not parsed at all; otherwise what `reuse` returned goes to `each` with the page.
///
/// Each page's source text is released ([`Page::release_text`]) once the page is
/// done: a large site's sources are then not held beside everything made from them.
/// Whatever needs a page's text afterwards is worked out before.
pub fn render_each<T: Send, K>(
    content: &mut Content,
    labels: &Labels,
    links: &LinkIndex,
    reuse: impl Fn(usize, &Page) -> Result<T, K> + Sync,
    each: impl Fn(RenderedPage, K) -> T + Sync,
) -> (Vec<T>, Vec<Diagnostic>) {
    let facts_page = content.language.output(crate::paths::FACTS_PAGE);
    let (pages, registries) = content.pages_and_facts();
    let rendered: Vec<(T, Vec<Diagnostic>)> = pages
        .par_iter_mut()
        .enumerate()
        .map(|(i, page)| {
            let done = render_one(
                i,
                page,
                registries.of(page),
                &facts_page,
                labels,
                links,
                &reuse,
                &each,
            );
            page.release_text();
            done
        })
        .collect();
    let mut errors = Vec::new();
    let mut kept = Vec::with_capacity(rendered.len());
    for (k, mut e) in rendered {
        errors.append(&mut e);
        kept.push(k);
    }
    (kept, errors)
}

/// One page of [`render_each`]: taken from `reuse`, or parsed, rendered and handed to
/// `each`.
#[allow(clippy::too_many_arguments)]
fn render_one<T, K>(
    i: usize,
    page: &Page,
    facts: &Registry,
    facts_page: &str,
    labels: &Labels,
    links: &LinkIndex,
    reuse: &impl Fn(usize, &Page) -> Result<T, K>,
    each: &impl Fn(RenderedPage, K) -> T,
) -> (T, Vec<Diagnostic>) {
    let token = match reuse(i, page) {
        Ok(kept) => return (kept, Vec::new()),
        Err(token) => token,
    };
    let renderer = Renderer {
        links,
        labels,
        facts,
        facts_page,
        asked: Default::default(),
    };
    let (doc, chapter, _reported) = parse_and_split(page, facts);
    let mut errors = Vec::new();
    let hidden = chapter.as_ref().map_or_else(Vec::new, |c| c.hidden(&doc));
    let unshown = super::unshown_notes(&doc.events, &hidden);
    let mut lints = super::lints::lint(page, &doc, &unshown);
    lints.extend(super::lints::typed_facts(page, &doc, facts));
    let unseen: Vec<Range<usize>> = hidden
        .iter()
        .cloned()
        .chain(unshown.iter().map(|note| note.body.clone()))
        .collect();
    let links_to =
        super::lints::pages_linked(page, &doc, &unseen, links, &mut renderer.asked.borrow_mut());
    renderer.check_unshown_notes(page, &doc.events, &unshown, &mut errors);
    drop(unshown);
    let outline = contribution(page, &doc, chapter.as_ref());
    let mut page = render_page(&renderer, page, doc, chapter.as_ref(), &mut errors);
    page.outline = outline;
    page.lints = lints;
    page.links_to = links_to;
    let mut asked = renderer.asked.take();
    asked.sort_unstable();
    asked.dedup();
    page.asked = asked;
    (each(page, token), errors)
}

/// A page parsed, and cut into channels if it is a channel chapter that could be read.
fn parse_and_split(page: &Page, facts: &Registry) -> (Document, Option<Chapter>, Vec<Diagnostic>) {
    let (doc, mut errors) = parse(page, facts);
    let unreadable = doc.events.is_empty() && !errors.is_empty();
    let chapter = if page.meta.channels.is_empty() || unreadable {
        None
    } else {
        channels::split(page, &doc)
            .map_err(|mut e| errors.append(&mut e))
            .ok()
    };
    (doc, chapter, errors)
}

/// What one page adds to the [`LinkIndex`], in the order it is added: its output
/// files (a channel chapter's channel pages, then its own), each with the key links
/// reach it by, and what links can reach on each.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Contribution {
    outputs: Vec<(String, String)>,
    pages: Vec<(String, PageTargets)>,
}

impl Contribution {
    /// Whether this can be what `page` adds: its own output and source path come last.
    fn is_of(&self, page: &Page) -> bool {
        self.outputs
            .last()
            .is_some_and(|(output, rel)| *output == page.output && *rel == page.rel)
            && self
                .pages
                .last()
                .is_some_and(|(rel, targets)| *rel == page.rel && targets.output == page.output)
    }
}

fn contribution(page: &Page, doc: &Document, chapter: Option<&Chapter>) -> Contribution {
    let mut added = Contribution {
        outputs: Vec::new(),
        pages: Vec::new(),
    };
    let mut anchors = BTreeMap::new();
    let here = |fragment: &str| Target {
        output: page.output.clone(),
        fragment: Some(fragment.to_string()),
    };
    for heading in &doc.headings {
        anchors.insert(heading.id.clone(), here(&heading.id));
    }
    if let Some(id) = title_id(page, doc) {
        anchors.insert(id.clone(), here(&id));
    }
    if let Some(chapter) = chapter {
        for part in &chapter.channels {
            let out = channel_output(&page.output, &page.meta.channels[part.meta].id);
            let on_channel = |fragment: String| Target {
                output: out.clone(),
                fragment: Some(fragment),
            };
            let mut own = BTreeMap::new();
            let end = part.steps.last().map_or(part.intro.end, |s| s.body.end);
            for heading in doc
                .headings
                .iter()
                .filter(|h| h.event > part.heading.event && h.event < end)
            {
                own.insert(heading.id.clone(), on_channel(heading.id.clone()));
            }
            for (n, step) in part.steps.iter().enumerate() {
                own.insert(step.heading.id.clone(), on_channel(step_anchor(n + 1)));
            }
            anchors.extend(own.clone());
            for n in 1..=part.steps.len() {
                own.insert(step_anchor(n), on_channel(step_anchor(n)));
            }
            anchors.insert(
                part.heading.id.clone(),
                Target {
                    output: out.clone(),
                    fragment: None,
                },
            );
            added.outputs.push((out.clone(), out.clone()));
            added.pages.push((
                out.clone(),
                PageTargets {
                    output: out.clone(),
                    anchors: own,
                },
            ));
        }
    }
    added.outputs.push((page.output.clone(), page.rel.clone()));
    added.pages.push((
        page.rel.clone(),
        PageTargets {
            output: page.output.clone(),
            anchors,
        },
    ));
    added
}

fn render_page(
    renderer: &Renderer,
    page: &Page,
    doc: Document,
    chapter: Option<&Chapter>,
    errors: &mut Vec<Diagnostic>,
) -> RenderedPage {
    let Some(chapter) = chapter else {
        let mut notes = Footnotes::default();
        let mut html = renderer.html(page, &doc.events, &page.output, &mut notes, errors);
        html.push_str(&renderer.footnotes(page, &doc.events, &page.output, &mut notes, errors));
        let all = 0..doc.events.len();
        let mut uses = front_uses(&page.meta.raw, &page.output, &[&page.meta.title]);
        uses.extend(section_uses(page, &doc, all.clone()));
        let mut note_text = NoteText::new(&doc);
        return RenderedPage {
            page: page.clone(),
            html,
            toc: toc(&doc, all.clone()),
            channels: Vec::new(),
            sections: heading_sections(page, &doc, all, &mut note_text),
            lints: Vec::new(),
            links_to: Vec::new(),
            asked: Vec::new(),
            facts: with_front(&page.meta.raw, [], notes.facts),
            fact_uses: uses,
            title_id: title_id(page, &doc),
            outline: Contribution::default(),
        };
    };
    let mut notes = Footnotes::default();
    let mut html = renderer.html(
        page,
        &doc.events[chapter.intro.clone()],
        &page.output,
        &mut notes,
        errors,
    );
    html.push_str(&renderer.footnotes(page, &doc.events, &page.output, &mut notes, errors));
    let mut sections =
        heading_sections(page, &doc, chapter.intro.clone(), &mut NoteText::new(&doc));
    let mut fact_uses = front_uses(&page.meta.raw, &page.output, &[&page.meta.title]);
    fact_uses.extend(section_uses(page, &doc, chapter.intro.clone()));
    let page_facts = with_front(
        &page.meta.raw,
        chapter
            .channels
            .iter()
            .map(|part| &page.meta.channels[part.meta].raw),
        notes.facts,
    );
    let mut channels = Vec::with_capacity(chapter.channels.len());
    for part in &chapter.channels {
        let meta = page.meta.channels[part.meta].clone();
        let output = channel_output(&page.output, &meta.id);
        let mut notes = Footnotes::default();
        let mut note_text = NoteText::new(&doc);
        let intro_html = renderer.html(
            page,
            &doc.events[part.intro.clone()],
            &output,
            &mut notes,
            errors,
        );
        let facts = [
            meta.summary.as_deref(),
            meta.contact.as_deref(),
            meta.hours.as_deref(),
            meta.time.as_deref(),
        ];
        let mut channel_text: Vec<&str> = facts.into_iter().flatten().collect();
        channel_text.extend(meta.needs.iter().map(String::as_str));
        let intro_text = channels::text_of(&doc, &part.intro);
        channel_text.push(&intro_text);
        let intro_notes = note_text.cited_in(part.intro.clone());
        channel_text.push(&intro_notes);
        sections.push(Section {
            output: output.clone(),
            anchor: None,
            title: meta.name.clone(),
            crumbs: vec![page.meta.title.clone()],
            step: None,
            text: join_text(&channel_text),
        });
        let crumbs = [page.meta.title.as_str(), meta.name.as_str()];
        // The channel's fields show on its page and on its card on the chapter's.
        fact_uses.extend(front_uses(&meta.raw, &output, &crumbs));
        fact_uses.extend(front_uses(&meta.raw, &page.output, &[&page.meta.title]));
        fact_uses.extend(uses_in(&doc, part.intro.clone(), &output, None, &crumbs));
        let mut steps = Vec::with_capacity(part.steps.len());
        for (n, step) in part.steps.iter().enumerate() {
            let step_crumbs = [
                page.meta.title.as_str(),
                meta.name.as_str(),
                step.heading.text.as_str(),
            ];
            fact_uses.extend(uses_in(
                &doc,
                step.title.start..step.body.end,
                &output,
                Some(step_anchor(n + 1)),
                &step_crumbs,
            ));
            let rendered = RenderedStep {
                heading_id: step.heading.id.clone(),
                title: step.heading.text.clone(),
                title_html: renderer.html(
                    page,
                    &doc.events[step.title.clone()],
                    &output,
                    &mut notes,
                    errors,
                ),
                body_html: renderer.html(
                    page,
                    &doc.events[step.body.clone()],
                    &output,
                    &mut notes,
                    errors,
                ),
                text: channels::text_of(&doc, &step.body),
            };
            let step_notes = [
                note_text.cited_in(step.title.clone()),
                note_text.cited_in(step.body.clone()),
            ];
            sections.push(Section {
                output: output.clone(),
                anchor: Some(step_anchor(n + 1)),
                title: rendered.title.clone(),
                crumbs: vec![page.meta.title.clone(), meta.name.clone()],
                step: Some(n + 1),
                text: join_text(&[&rendered.text, &step_notes[0], &step_notes[1]]),
            });
            steps.push(rendered);
        }
        let footnotes_html = renderer.footnotes(page, &doc.events, &output, &mut notes, errors);
        // Of the chapter's own fields a channel page shows only the title.
        let chapter_shown: BTreeMap<String, String> = page
            .meta
            .raw
            .iter()
            .filter(|(field, _)| field.as_str() == "title")
            .map(|(field, raw)| (field.clone(), raw.clone()))
            .collect();
        let facts = with_front(&chapter_shown, [&meta.raw], notes.facts);
        channels.push(RenderedChannel {
            meta,
            output,
            intro_html,
            steps,
            footnotes_html,
            facts,
        });
    }
    RenderedPage {
        page: page.clone(),
        html,
        toc: toc(&doc, chapter.intro.clone()),
        channels,
        sections,
        lints: Vec::new(),
        links_to: Vec::new(),
        asked: Vec::new(),
        facts: page_facts,
        fact_uses,
        title_id: title_id(page, &doc),
        outline: Contribution::default(),
    }
}

/// The facts an output page shows: those of the page's front matter, then those of
/// `more` front-matter fields (its channels'), then `body`'s, each once.
fn with_front<'a>(
    raw: &BTreeMap<String, String>,
    more: impl IntoIterator<Item = &'a BTreeMap<String, String>>,
    body: Vec<String>,
) -> Vec<String> {
    let mut all = crate::facts::front::used(raw);
    for fields in more {
        all.extend(crate::facts::front::used(fields));
    }
    all.extend(body);
    let mut seen = HashSet::new();
    all.retain(|id| seen.insert(id.clone()));
    all
}

/// The uses of facts in front-matter fields `raw`, at the top of the page `output`.
fn front_uses(raw: &BTreeMap<String, String>, output: &str, crumbs: &[&str]) -> Vec<FactUse> {
    crate::facts::front::used(raw)
        .into_iter()
        .map(|fact| FactUse {
            fact,
            output: output.to_string(),
            anchor: None,
            crumbs: crumbs.iter().map(|c| c.to_string()).collect(),
        })
        .collect()
}

/// The uses of facts in `range` of a page's events, each under the heading before
/// it (or the page's top).
fn section_uses(page: &Page, doc: &Document, range: Range<usize>) -> Vec<FactUse> {
    let mut found = Vec::new();
    for i in range {
        let Some(fact) = fact_of(&doc.events[i].0) else {
            continue;
        };
        let heading = doc.headings.iter().rev().find(|h| h.event < i);
        let mut crumbs = vec![page.meta.title.clone()];
        crumbs.extend(heading.map(|h| h.text.clone()));
        found.push(FactUse {
            fact: fact.to_string(),
            output: page.output.clone(),
            anchor: heading.map(|h| h.id.clone()),
            crumbs,
        });
    }
    found
}

/// The uses of facts in `range` of a page's events, all at `anchor` of `output`.
fn uses_in(
    doc: &Document,
    range: Range<usize>,
    output: &str,
    anchor: Option<String>,
    crumbs: &[&str],
) -> Vec<FactUse> {
    doc.events[range]
        .iter()
        .filter_map(|(e, _)| fact_of(e))
        .map(|fact| FactUse {
            fact: fact.to_string(),
            output: output.to_string(),
            anchor: anchor.clone(),
            crumbs: crumbs.iter().map(|c| c.to_string()).collect(),
        })
        .collect()
}

/// The text of the footnotes one output page shows, for the sections that cite them.
///
/// Each footnote's text goes to the first section of the page that cites it (its
/// step, heading section or page top), once per output page, as the page's footnote
/// list holds it once; footnotes cited inside a footnote go along with it.
struct NoteText<'a> {
    doc: &'a Document,
    definitions: HashMap<&'a str, Range<usize>>,
    shown: HashSet<String>,
}

impl<'a> NoteText<'a> {
    /// For a new output page of `doc`.
    fn new(doc: &'a Document) -> Self {
        NoteText {
            doc,
            definitions: footnote_definitions(&doc.events),
            shown: HashSet::new(),
        }
    }

    /// The text of the footnotes first cited on this page within `range` (outside
    /// footnote definitions, which are shown where they are cited).
    fn cited_in(&mut self, range: Range<usize>) -> String {
        let mut texts = Vec::new();
        let mut pending = vec![range];
        while let Some(range) = pending.pop() {
            let mut in_definition = 0usize;
            for (event, _) in &self.doc.events[range] {
                match event {
                    Event::Start(Tag::FootnoteDefinition(_)) => in_definition += 1,
                    Event::End(TagEnd::FootnoteDefinition) => {
                        in_definition = in_definition.saturating_sub(1)
                    }
                    Event::FootnoteReference(name) if in_definition == 0 => {
                        let Some(body) = self.definitions.get(name.as_ref()) else {
                            continue;
                        };
                        if self.shown.insert(name.to_string()) {
                            texts.push(channels::text_of(self.doc, body));
                            pending.push(body.clone());
                        }
                    }
                    _ => {}
                }
            }
        }
        texts.join(" ")
    }
}

/// Texts joined by single spaces, empty ones left out.
fn join_text(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The page's top (its text before the first heading) and one section per heading,
/// each running to the next heading, within `range`; each with the text of the
/// footnotes it is the first to cite.
fn heading_sections(
    page: &Page,
    doc: &Document,
    range: Range<usize>,
    notes: &mut NoteText,
) -> Vec<Section> {
    let headings: Vec<&super::Heading> = doc
        .headings
        .iter()
        .filter(|h| range.contains(&h.event))
        .collect();
    let first = headings.first().map_or(range.end, |h| h.event);
    let mut sections = vec![Section {
        output: page.output.clone(),
        anchor: None,
        // With its inline code marks, which search results show as code.
        title: page
            .meta
            .title_code
            .clone()
            .unwrap_or_else(|| page.meta.title.clone()),
        crumbs: Vec::new(),
        step: None,
        text: join_text(&[
            page.meta.description.as_deref().unwrap_or(""),
            &channels::text_of(doc, &(range.start..first)),
            &notes.cited_in(range.start..first),
        ]),
    }];
    for (i, heading) in headings.iter().enumerate() {
        let end = headings.get(i + 1).map_or(range.end, |h| h.event);
        let body_start = doc.events[heading.event..end]
            .iter()
            .position(|(e, _)| {
                matches!(
                    e,
                    pulldown_cmark::Event::End(pulldown_cmark::TagEnd::Heading(_))
                )
            })
            .map_or(end, |p| heading.event + p + 1);
        sections.push(Section {
            output: page.output.clone(),
            anchor: Some(heading.id.clone()),
            title: heading.text.clone(),
            crumbs: vec![page.meta.title.clone()],
            step: None,
            text: join_text(&[
                &channels::text_of(doc, &(body_start..end)),
                &notes.cited_in(heading.event..end),
            ]),
        });
    }
    sections
}

fn toc(doc: &Document, range: Range<usize>) -> Vec<TocEntry> {
    doc.headings
        .iter()
        .filter(|h| (2..=3).contains(&h.level) && range.contains(&h.event))
        .map(|h| TocEntry {
            level: h.level,
            id: h.id.clone(),
            text: h.text.clone(),
        })
        .collect()
}
