//! What every template sees, whatever the kind of page: the site, the UI strings, the
//! navigation around the page, and the page's own header values (`page`).

use serde::Serialize;
use tera::Context;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::markdown::pages::TocEntry;
use crate::paths::{href, root_prefix};
use crate::theme::Theme;

use super::templates::Templates;
use super::tree::{NavLink, Tree};

/// Site-wide values every template sees as `site`.
#[derive(Serialize)]
struct SiteCtx<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    base_url: Option<&'a str>,
    /// `rtl` for a language written right to left, else `ltr`.
    dir: &'static str,
    /// Whether the site adds `theme/static/extra.css` after the default stylesheet.
    extra_css: bool,
    /// The logo's path from the site root, URL-encoded (`img/logo.svg`), if any.
    logo: Option<String>,
    /// Whether hosted pages register the service worker and link the app manifest
    /// ([`crate::offline`]).
    offline: bool,
    /// The theme's colour, for `theme-color` and the app manifest.
    theme_color: String,
}

/// A page shown in the default language because it has no translation yet.
#[derive(Serialize)]
pub(super) struct Fallback {
    /// The language of its text.
    lang: String,
    /// The notice saying so, in the reader's language.
    notice: String,
    /// The original's address, for the canonical link.
    original: String,
}

/// A link to another page, as templates see it.
#[derive(Serialize)]
pub(super) struct LinkCtx {
    pub(super) title: String,
    pub(super) href: String,
    pub(super) is_channel: bool,
    /// The title's language, where it differs from the text around the link.
    pub(super) lang: Option<String>,
}

/// The page being rendered, as templates see it (`page`).
#[derive(Serialize)]
pub(super) struct PageCtx<'a> {
    pub(super) title: &'a str,
    pub(super) heading: &'a str,
    /// The `<h1>`'s id, where the page's title gives one (see
    /// [`crate::markdown::pages::title_id`]).
    pub(super) title_id: Option<&'a str>,
    /// The heading as HTML: its facts marked with their `data-fact`.
    pub(super) heading_html: String,
    pub(super) description: &'a str,
    /// The description as HTML, likewise.
    pub(super) description_html: String,
    pub(super) meta_description: String,
    pub(super) output: &'a str,
    pub(super) is_home: bool,
    pub(super) canonical: Option<String>,
    pub(super) updated: Option<&'a str>,
    pub(super) content: &'a str,
    pub(super) toc: &'a [TocEntry],
}

/// What a page shows of the rest of the site: its navigation, breadcrumbs,
/// neighbours and language versions. Beyond its own file and the site-wide settings,
/// a page depends on other pages only through this and its links, so this one struct
/// is both what its templates see and what decides whether an earlier build's copy of
/// it can be taken over ([`crate::reuse`]).
#[derive(Serialize)]
pub(super) struct Surroundings {
    versions: Vec<super::versions::VersionCtx>,
    nav: Vec<NavLink>,
    /// Its node in the shared navigation script, -1 for none.
    nav_node: i64,
    breadcrumbs: Vec<LinkCtx>,
    prev: Option<LinkCtx>,
    next: Option<LinkCtx>,
}

/// A layout's parts, borrowed to render one page: each kind of page adds its own
/// methods (`page.rs`, `channel.rs`, `special.rs`).
pub(super) struct Renderer<'a> {
    pub(super) config: &'a Config,
    pub(super) theme: &'a Theme,
    pub(super) templates: &'a Templates,
    pub(super) tree: &'a Tree,
    pub(super) facts: &'a crate::facts::Registry,
    pub(super) language: &'a crate::languages::Language,
    pub(super) versions: &'a super::Versions,
}

impl Renderer<'_> {
    /// The context every page shares: site, strings, navigation and neighbours.
    pub(super) fn base_context(&self, output: &str) -> Context {
        let mut ctx = Context::new();
        ctx.insert(
            "site",
            &SiteCtx {
                title: &self.config.title,
                description: self.config.description.as_deref().unwrap_or(""),
                language: &self.config.language,
                dir: crate::languages::direction(&self.config.language),
                base_url: self.config.base(),
                extra_css: self.theme.has_extra_css(),
                logo: self.config.logo().map(|rel| {
                    let parts: Vec<String> =
                        rel.split('/').map(crate::paths::encode_segment).collect();
                    parts.join("/")
                }),
                offline: self.config.offline.enabled,
                theme_color: self.theme.colours.0.clone(),
            },
        );
        ctx.insert("t", &self.theme.strings);
        let root = root_prefix(output);
        // The folder of the page's language: its contents page, navigation script,
        // search index and home page live there; `root` holds what is shared.
        ctx.insert("home", &root_prefix(self.language.unprefixed(output)));
        ctx.insert("fallback", &None::<Fallback>);
        ctx.insert("search_placeholder", &self.search_placeholder());
        ctx.insert("edit_url", &None::<String>);
        // The facts page, linked from every page's footer when the site has facts.
        let facts_href = (!self.facts.is_empty())
            .then(|| href(output, &self.language.output(crate::paths::FACTS_PAGE)));
        ctx.insert("facts_href", &facts_href);
        ctx.insert("page_facts", &Vec::<crate::facts::shown::Shown>::new());
        ctx.insert("root", &root);
        let around = self.surroundings(output);
        ctx.insert("versions", &around.versions);
        ctx.insert("nav", &around.nav);
        ctx.insert("nav_node", &around.nav_node);
        ctx.insert("breadcrumbs", &around.breadcrumbs);
        ctx.insert("prev", &around.prev);
        ctx.insert("next", &around.next);
        ctx
    }

    /// What the page at `output` shows of other pages.
    pub(super) fn surroundings(&self, output: &str) -> Surroundings {
        let versions = self
            .versions
            .of_page(self.language, output, self.config.base());
        // A page Waymark writes itself (contents, not found) is no node of the tree:
        // its sidebar lists the top level with no page marked current.
        let Some(node) = self.tree.node_of(output) else {
            return Surroundings {
                versions,
                nav: self.tree.top_level(output),
                nav_node: -1,
                breadcrumbs: Vec::new(),
                prev: None,
                next: None,
            };
        };
        let (prev, next) = self.tree.neighbours(node);
        Surroundings {
            versions,
            nav: self.tree.local_nav(node),
            nav_node: self.tree.script_index(node) as i64,
            breadcrumbs: self
                .tree
                .ancestors(node)
                .into_iter()
                .map(|a| self.link(output, a))
                .collect(),
            prev: prev.map(|p| self.link(output, p)),
            next: next.map(|n| self.link(output, n)),
        }
    }

    fn link(&self, from: &str, node: usize) -> LinkCtx {
        let n = &self.tree.nodes[node];
        // On a page shown in the default language, a translated page's title is in
        // the site's language, unlike the text around it.
        let here = self
            .tree
            .node_of(from)
            .and_then(|h| self.tree.nodes[h].lang.clone());
        let lang = match (&n.lang, here) {
            (Some(lang), _) => Some(lang.clone()),
            (None, Some(_)) => Some(self.language.tag.clone()),
            (None, None) => None,
        };
        LinkCtx {
            lang,
            title: n.title.clone(),
            href: n.output.as_ref().map(|o| href(from, o)).unwrap_or_default(),
            is_channel: n.is_channel,
        }
    }

    /// Every page gets a meta description: its own, else the site's, else the start of
    /// its text, else the site's title.
    pub(super) fn meta_description<'t>(
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

    /// The search box's placeholder: the theme's word for search, with the site's
    /// `search.examples` when it has some (`搜索，如“小蜜”“12315”`).
    fn search_placeholder(&self) -> String {
        let examples: Vec<&str> = self
            .config
            .search
            .examples
            .iter()
            .map(|e| e.trim())
            .filter(|e| !e.is_empty())
            .collect();
        if examples.is_empty() {
            return self.theme.string("search_placeholder").to_string();
        }
        let quoted: Vec<String> = examples
            .iter()
            .map(|e| {
                crate::strings::fill(
                    self.theme.string("search_example"),
                    &[("word", e.to_string())],
                )
            })
            .collect();
        crate::strings::fill(
            self.theme.string("search_placeholder_examples"),
            &[(
                "examples",
                quoted.join(self.theme.string("search_example_sep")),
            )],
        )
    }

    /// A front-matter field as HTML: as written (`raw`, when it used facts) with its
    /// facts marked, else its `value` escaped.
    pub(super) fn marked(&self, raw: Option<&String>, value: &str) -> String {
        match raw {
            Some(raw) => crate::facts::expand::field_html(self.facts, raw),
            None => crate::strings::escape(value),
        }
    }

    /// The facts `ids` a page shows, as its list of sources (`page_facts`) has them.
    pub(super) fn page_facts(&self, ctx: &mut Context, ids: &[String]) {
        let shown: Vec<crate::facts::shown::Shown> =
            ids.iter().filter_map(|id| self.facts.shown(id)).collect();
        ctx.insert("page_facts", &shown);
    }

    /// Marks the page at `output` as the default language's text shown in this
    /// language: its notice, its `lang`, and its canonical link to the original.
    pub(super) fn fallback(&self, ctx: &mut Context, output: &str) {
        let default = &self.language.default_tag;
        let primary = default.split('-').next().unwrap_or(default);
        let name = self
            .theme
            .strings
            .get(&format!("language_{primary}"))
            .cloned()
            .or_else(|| self.versions.name(default).map(str::to_string))
            .unwrap_or_else(|| default.clone());
        ctx.insert(
            "fallback",
            &Some(Fallback {
                lang: default.clone(),
                notice: crate::strings::fill(
                    self.theme.string("fallback_notice"),
                    &[("language", name)],
                ),
                original: self
                    .versions
                    .original(self.language, output, self.config.base()),
            }),
        );
    }

    pub(super) fn canonical(&self, output: &str) -> Option<String> {
        self.config
            .base()
            .map(|b| crate::paths::absolute_url(b, output))
    }

    pub(super) fn render(&self, template: &str, ctx: &Context) -> Result<String, Diagnostic> {
        self.templates.render(template, ctx)
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
