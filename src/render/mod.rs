//! Stage five: pages to complete HTML documents through the theme's Tera templates,
//! plus the files every site gets (`404.html`, `sitemap.xml`, `robots.txt`, assets).

pub mod jsonld;
pub mod redirect;
pub mod sitemap;
pub mod tree;

use std::collections::{BTreeMap, HashSet};

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::config::Config;
use crate::content::contact::{self, Contact};
use crate::content::Content;
use crate::diagnostic::Diagnostic;
use crate::markdown::pages::{RenderedChannel, RenderedPage, TocEntry};
use crate::output::Writer;
use crate::paths::{href, root_prefix};
use crate::theme::{self, Theme};
use tree::{Entry, NavLink, Tree};

/// Folder of the output that receives the theme's static files.
pub const ASSETS_DIR: &str = "assets";

/// The page static hosts show for a missing path; a site's own `content/404.md`
/// replaces the theme's.
pub const NOT_FOUND: &str = "404.html";

/// The page listing the whole site, for readers without script.
pub const CONTENTS: &str = "toc.html";

/// The shared navigation script every page loads (see [`tree::Tree::script`]).
pub const NAV_SCRIPT: &str = "assets/nav.js";

/// Site-wide values every template sees as `site`.
#[derive(Serialize)]
struct SiteCtx<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    base_url: Option<&'a str>,
    /// Whether the site adds `theme/static/extra.css` after the default stylesheet.
    extra_css: bool,
}

/// A link to another page, as templates see it.
#[derive(Serialize)]
struct LinkCtx {
    title: String,
    href: String,
    is_channel: bool,
}

/// The page being rendered, as templates see it (`page`).
#[derive(Serialize)]
struct PageCtx<'a> {
    title: &'a str,
    heading: &'a str,
    description: &'a str,
    meta_description: String,
    output: &'a str,
    is_home: bool,
    canonical: Option<String>,
    updated: Option<&'a str>,
    content: &'a str,
    toc: &'a [TocEntry],
}

/// A channel as its card, comparison row and page header show it.
#[derive(Serialize)]
struct ChannelCtx<'a> {
    id: &'a str,
    name: &'a str,
    href: String,
    summary: Option<&'a str>,
    time: Option<&'a str>,
    hours: Option<&'a str>,
    checked: Option<&'a str>,
    source: Option<Contact>,
    needs: &'a [String],
    contact: Option<Contact>,
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

/// Which columns of a chapter's comparison table say something: a column whose every
/// cell would be "—" is left out.
#[derive(Serialize)]
struct CompareCtx {
    time: bool,
    contact: bool,
    hours: bool,
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

/// The site's templates and outline, ready to lay out pages one at a time as the
/// Markdown stage finishes them ([`Layout::page`]), and then the files every site
/// gets ([`Layout::finish`]).
pub struct Layout<'a> {
    config: &'a Config,
    theme: &'a Theme,
    tera: Tera,
    tree: Tree,
    /// Every page's and channel page's output.
    outputs: HashSet<String>,
}

impl<'a> Layout<'a> {
    /// Compiles the theme's templates and builds the site's outline from the pages'
    /// front matter (titles, order, channels).
    pub fn new(
        config: &'a Config,
        theme: &'a Theme,
        content: &Content,
    ) -> Result<Layout<'a>, Vec<Diagnostic>> {
        let tera = templates(theme)?;
        let entries: Vec<Entry> = content
            .pages
            .iter()
            .map(|p| Entry {
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
            .collect();
        let outputs = entries
            .iter()
            .flat_map(|e| std::iter::once(&e.output).chain(e.channels.iter().map(|c| &c.1)))
            .cloned()
            .collect();
        Ok(Layout {
            config,
            theme,
            tree: Tree::build(&entries),
            tera,
            outputs,
        })
    }

    fn renderer(&self) -> PageRenderer<'_> {
        PageRenderer {
            config: self.config,
            theme: self.theme,
            tera: &self.tera,
            tree: &self.tree,
        }
    }

    /// Lays out a page and its channel pages and hands them to `writer`; returns the
    /// template errors.
    pub fn page(&self, page: &RenderedPage, writer: &Writer) -> Vec<Diagnostic> {
        let renderer = self.renderer();
        let mut made = vec![(
            page.page.output.as_str(),
            renderer.article_or_chapter(page),
            None,
        )];
        made.extend(page.channels.iter().enumerate().map(|(i, channel)| {
            let html = renderer.channel(page, i, channel);
            let steps = channel.steps.len();
            let lost = html
                .as_ref()
                .ok()
                .and_then(|h| self.theme.check_steps(h, steps));
            (channel.output.as_str(), html, lost)
        }));
        made.into_iter()
            .filter_map(|(output, html, lost)| match html {
                Ok(html) => {
                    writer.generated(output, html.into_bytes());
                    lost
                }
                Err(e) => Some(e),
            })
            .collect()
    }

    /// Writes the files every site gets: the contents page, the navigation script,
    /// the 404 page, the sitemap, the theme's and the site's static files, and `extra`,
    /// files of earlier stages (the search index), named `by` in errors. A path two of
    /// them (or a page) would write is an error.
    pub fn finish(
        &self,
        content: &Content,
        extra: (impl FnOnce() -> BTreeMap<String, Vec<u8>> + Send, &str),
        writer: &Writer,
    ) -> Result<(), Vec<Diagnostic>> {
        let (make_extra, by) = extra;
        let (extra, (files, mut errors)) = rayon::join(make_extra, || self.site_files(content));
        let taken = |path: &str, files: &BTreeMap<String, Vec<u8>>| {
            files.contains_key(path) || self.outputs.contains(path)
        };
        let mut assets = BTreeMap::new();
        for asset in &content.assets {
            if taken(&asset.rel, &files) {
                errors.push(
                    Diagnostic::new(
                        format!("content/{}", asset.rel),
                        0,
                        0,
                        format!("`{}` is also written by the theme or the site", asset.rel),
                    )
                    .with_help(format!(
                        "move the file out of `content/{ASSETS_DIR}/` or rename it"
                    )),
                );
            }
            assets.insert(asset.rel.as_str(), asset.bytes.clone());
        }
        for path in extra.keys() {
            if taken(path, &files) || assets.contains_key(path.as_str()) {
                let folder = path.split('/').next().unwrap_or(path);
                errors.push(
                    Diagnostic::new(
                        format!("content/{path}"),
                        0,
                        0,
                        format!("`{path}` is also written by {by}"),
                    )
                    .with_help(format!("rename the `content/{folder}/` folder")),
                );
            }
        }
        let redirects = self.redirects(content, &files, (&extra, by), &mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        files
            .into_par_iter()
            .chain(redirects.into_par_iter())
            .for_each(|(path, bytes)| writer.generated(&path, bytes));
        for (path, bytes) in assets {
            writer.verbatim(path, bytes);
        }
        extra
            .into_par_iter()
            .for_each(|(path, bytes)| writer.verbatim(&path, bytes));
        Ok(())
    }

    /// The redirect page of every alias, once checked against the files Waymark
    /// writes itself (`files`, and `extra` written by `by`); a clash with a page, an
    /// asset or another alias was found with the sources (`content::discover`).
    fn redirects(
        &self,
        content: &Content,
        files: &BTreeMap<String, Vec<u8>>,
        (extra, by): (&BTreeMap<String, Vec<u8>>, &str),
        errors: &mut Vec<Diagnostic>,
    ) -> BTreeMap<String, Vec<u8>> {
        let mut out = BTreeMap::new();
        for page in &content.pages {
            for alias in &page.aliases {
                let writer = if extra.contains_key(&alias.output) {
                    Some(by.to_string())
                } else if files.contains_key(&alias.output) {
                    Some(match alias.output.as_str() {
                        CONTENTS => "the contents page".to_string(),
                        NOT_FOUND => "the not-found page".to_string(),
                        _ => "the theme".to_string(),
                    })
                } else {
                    None
                };
                if let Some(writer) = writer {
                    let mut d = Diagnostic::new(
                        &page.source,
                        alias.line,
                        alias.column,
                        format!(
                            "`{}` would be written twice: by {writer} and by an alias in `{}`",
                            alias.output, page.source
                        ),
                    )
                    .with_help(format!(
                        "choose another alias: Waymark writes `{}` itself",
                        alias.output
                    ));
                    d.source_line = Some(alias.source_line.clone());
                    errors.push(d);
                    continue;
                }
                let html = redirect::page(
                    &alias.output,
                    &page.output,
                    &page.meta.title,
                    &self.config.language,
                    self.config.base(),
                );
                out.insert(alias.output.clone(), html.into_bytes());
            }
        }
        out
    }

    /// The contents page, navigation script, 404 page, sitemap and the theme's static
    /// files, with the template errors met making them.
    fn site_files(&self, content: &Content) -> (BTreeMap<String, Vec<u8>>, Vec<Diagnostic>) {
        let renderer = self.renderer();
        let mut errors = Vec::new();
        let mut files = BTreeMap::new();
        if self.outputs.contains(CONTENTS) {
            errors.push(
                Diagnostic::new(
                    "content",
                    0,
                    0,
                    format!(
                        "a page of the site is written to `{CONTENTS}`, where the contents page goes"
                    ),
                )
                .with_help("rename that page, or give it another `slug`"),
            );
        } else {
            match renderer.contents() {
                Ok(html) => {
                    files.insert(CONTENTS.to_string(), html.into_bytes());
                }
                Err(e) => errors.push(e),
            }
        }
        files.insert(NAV_SCRIPT.to_string(), self.tree.script().into_bytes());
        if !self.outputs.contains(NOT_FOUND) {
            match renderer.not_found() {
                Ok(html) => {
                    files.insert(NOT_FOUND.to_string(), html.into_bytes());
                }
                Err(e) => errors.push(e),
            }
        }
        if let Some(base) = self.config.base() {
            let urls = content.pages.iter().flat_map(|p| {
                let updated = p.meta.updated.as_deref();
                std::iter::once((p.output.clone(), updated)).chain(
                    p.meta
                        .channels
                        .iter()
                        .map(move |c| (crate::paths::channel_output(&p.output, &c.id), updated)),
                )
            });
            files.insert(
                "sitemap.xml".into(),
                sitemap::sitemap(base, urls.collect()).into_bytes(),
            );
            if let Some(robots) = sitemap::robots(base) {
                files.insert("robots.txt".into(), robots.into_bytes());
            }
        }
        for (name, bytes) in &self.theme.statics {
            files.insert(format!("{ASSETS_DIR}/{name}"), bytes.clone());
        }
        (files, errors)
    }
}

fn templates(theme: &Theme) -> Result<Tera, Vec<Diagnostic>> {
    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    tera.add_raw_templates(
        theme
            .templates
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str())),
    )
    .map_err(|e| vec![template_error(theme, e)])?;
    Ok(tera)
}

/// A template problem at its template file, line and column where Tera knows them.
fn template_error(theme: &Theme, e: tera::Error) -> Diagnostic {
    let (file, line, column, message) = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => (
            r.filename().to_string(),
            r.span().start_line,
            r.span().start_col + 1,
            r.message().to_string(),
        ),
        tera::ErrorKind::MissingParent { current, parent } => (
            current.clone(),
            0,
            0,
            format!("it extends `{parent}`, which the theme does not have"),
        ),
        _ => {
            let mut message = e.to_string();
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                message.push_str(": ");
                message.push_str(&s.to_string());
                source = s.source();
            }
            (String::new(), 0, 0, message)
        }
    };
    let path = if file.is_empty() {
        "theme/templates".to_string()
    } else {
        format!("theme/templates/{file}")
    };
    let d = Diagnostic::new(path, line, column, format!("the theme failed: {message}")).with_help(
        "fix the template; a site's `theme/templates/` file replaces the default one of that name",
    );
    match theme.templates.get(&file) {
        Some(text) => d.quoting(text),
        None => d,
    }
}

struct PageRenderer<'a> {
    config: &'a Config,
    theme: &'a Theme,
    tera: &'a Tera,
    tree: &'a Tree,
}

impl PageRenderer<'_> {
    /// The context every page shares: site, strings, navigation and neighbours.
    fn base_context(&self, output: &str) -> Context {
        let mut ctx = Context::new();
        ctx.insert(
            "site",
            &SiteCtx {
                title: &self.config.title,
                description: self.config.description.as_deref().unwrap_or(""),
                language: &self.config.language,
                base_url: self.config.base(),
                extra_css: self.theme.has_extra_css(),
            },
        );
        ctx.insert("t", &self.theme.strings);
        ctx.insert("edit_url", &None::<String>);
        ctx.insert("root", &root_prefix(output));
        // A page Waymark writes itself (contents, not found) is no node of the tree:
        // its sidebar lists the top level with no page marked current.
        let Some(node) = self.tree.node_of(output) else {
            ctx.insert("nav", &self.tree.top_level(output));
            ctx.insert("nav_node", &-1);
            ctx.insert("breadcrumbs", &Vec::<LinkCtx>::new());
            ctx.insert("prev", &None::<LinkCtx>);
            ctx.insert("next", &None::<LinkCtx>);
            return ctx;
        };
        let nav: Vec<NavLink> = self.tree.local_nav(node);
        ctx.insert("nav", &nav);
        ctx.insert("nav_node", &self.tree.script_index(node));
        let crumbs: Vec<LinkCtx> = self
            .tree
            .ancestors(node)
            .into_iter()
            .map(|a| self.link(output, a))
            .collect();
        ctx.insert("breadcrumbs", &crumbs);
        let (prev, next) = self.tree.neighbours(node);
        ctx.insert("prev", &prev.map(|p| self.link(output, p)));
        ctx.insert("next", &next.map(|n| self.link(output, n)));
        ctx
    }

    fn link(&self, from: &str, node: usize) -> LinkCtx {
        let n = &self.tree.nodes[node];
        LinkCtx {
            title: n.title.clone(),
            href: n.output.as_ref().map(|o| href(from, o)).unwrap_or_default(),
            is_channel: n.is_channel,
        }
    }

    /// Every page gets a meta description: its own, else the site's, else the start of
    /// its text, else the site's title.
    fn meta_description<'t>(
        &self,
        own: Option<&str>,
        mut texts: impl Iterator<Item = &'t str>,
    ) -> String {
        let given = own
            .or(self.config.description.as_deref())
            .filter(|d| !d.trim().is_empty());
        if let Some(given) = given {
            return given.to_string();
        }
        match texts.find(|t| !t.trim().is_empty()) {
            Some(text) => excerpt(text, 120),
            None => self.config.title.clone(),
        }
    }

    fn canonical(&self, output: &str) -> Option<String> {
        self.config
            .base()
            .map(|b| crate::paths::absolute_url(b, output))
    }

    fn render(&self, template: &str, ctx: &Context) -> Result<String, Diagnostic> {
        self.tera
            .render(template, ctx)
            .map_err(|e| template_error(self.theme, e))
    }

    fn article_or_chapter(&self, page: &RenderedPage) -> Result<String, Diagnostic> {
        let meta = &page.page.meta;
        let output = page.page.output.as_str();
        let mut ctx = self.base_context(output);
        ctx.insert(
            "page",
            &PageCtx {
                title: &meta.title,
                heading: &meta.title,
                description: meta
                    .description
                    .as_deref()
                    .or(self.config.description.as_deref())
                    .unwrap_or(""),
                meta_description: self.meta_description(
                    meta.description.as_deref(),
                    page.sections.iter().map(|s| s.text.as_str()),
                ),
                output,
                is_home: output == "index.html",
                canonical: self.canonical(output),
                updated: meta.updated.as_deref(),
                content: &page.html,
                toc: &page.toc,
            },
        );
        ctx.insert("edit_url", &self.config.edit_link(&page.page.rel));
        if page.channels.is_empty() {
            return self.render("page.html", &ctx);
        }
        let channels: Vec<ChannelCtx> = page
            .channels
            .iter()
            .map(|c| self.channel_ctx(output, c))
            .collect();
        let compare = CompareCtx {
            time: channels.iter().any(|c| c.time.is_some()),
            contact: channels.iter().any(|c| c.contact.is_some()),
            hours: channels
                .iter()
                .any(|c| c.hours.is_some() || c.contact.as_ref().is_some_and(|k| k.is_phone)),
        };
        ctx.insert("channels", &channels);
        ctx.insert("compare", &compare);
        self.render("chapter.html", &ctx)
    }

    fn channel_ctx<'c>(&self, from: &str, c: &'c RenderedChannel) -> ChannelCtx<'c> {
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
            step_count_label: theme::fill(
                t.get("steps_count").map_or("{n}", String::as_str),
                &[("n", c.steps.len().to_string())],
            ),
            progress_start: theme::fill(
                self.theme.string("progress"),
                &[
                    ("done", "0".to_string()),
                    ("total", c.steps.len().to_string()),
                ],
            ),
            first_step: c.steps.first().map_or("", |s| s.title.as_str()),
            start_anchor: crate::paths::step_anchor(1),
            start_label: theme::fill(
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

    fn channel(
        &self,
        page: &RenderedPage,
        index: usize,
        channel: &RenderedChannel,
    ) -> Result<String, Diagnostic> {
        let meta = &page.page.meta;
        let output = channel.output.as_str();
        let t = &self.theme.strings;
        let mut ctx = self.base_context(output);
        let title = theme::fill(
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
                position_label: theme::fill(
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

    /// The page context of a page Waymark writes itself (contents, not found).
    fn special_page<'t>(&self, title: &'t str, output: &'t str) -> PageCtx<'t> {
        PageCtx {
            title,
            heading: title,
            description: "",
            meta_description: self.meta_description(None, std::iter::empty()),
            output,
            is_home: false,
            canonical: self.canonical(output),
            updated: None,
            content: "",
            toc: &[],
        }
    }

    /// The contents page: every page of the site, nested as in the sidebar.
    fn contents(&self) -> Result<String, Diagnostic> {
        let mut ctx = self.base_context(CONTENTS);
        let title = self.theme.string("contents").to_string();
        ctx.insert("page", &self.special_page(&title, CONTENTS));
        ctx.insert("contents", &self.tree.full(CONTENTS));
        self.render("contents.html", &ctx)
    }

    fn not_found(&self) -> Result<String, Diagnostic> {
        let mut ctx = self.base_context("404.html");
        if let Some(base) = self.config.base() {
            ctx.insert("root", &format!("{base}/"));
        }
        let title = self
            .theme
            .strings
            .get("not_found_title")
            .cloned()
            .unwrap_or_default();
        let mut page = self.special_page(&title, NOT_FOUND);
        page.canonical = None;
        ctx.insert("page", &page);
        self.render("404.html", &ctx)
    }
}

/// The first `max` characters of `text`, cut at the end of a sentence where one ends
/// past the halfway point, else with an ellipsis.
fn excerpt(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    match cut.rfind(['。', '！', '？', '.', '!', '?']) {
        Some(i) if cut[..i].chars().count() > max / 2 => {
            cut[..i + cut[i..].chars().next().map_or(0, char::len_utf8)].to_string()
        }
        _ => format!("{cut}…"),
    }
}

#[cfg(test)]
mod tests {
    use super::excerpt;

    #[test]
    fn excerpts_end_at_a_sentence_when_they_can() {
        assert_eq!(excerpt("短句。", 120), "短句。");
        let long = "第一句话写得比较长一些，用来测试。".repeat(10);
        let e = excerpt(&long, 40);
        assert!(e.ends_with('。') && e.chars().count() <= 40, "{e}");
        assert_eq!(
            excerpt(&"字".repeat(50), 10),
            format!("{}…", "字".repeat(10))
        );
    }
}
