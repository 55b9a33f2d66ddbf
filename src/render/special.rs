//! The pages Waymark writes itself, outside the site's outline: the contents page
//! (every page, nested as in the sidebar), the not-found page and the facts page
//! (every fact with its provenance and its uses).

use crate::diagnostic::Diagnostic;
use crate::markdown::pages::FactUse;
use crate::paths::{encode_fragment, href, CONTENTS, FACTS_PAGE, NOT_FOUND};

use super::context::{PageCtx, Renderer};

impl Renderer<'_> {
    /// The page context of a page Waymark writes itself.
    fn special_page<'t>(&self, title: &'t str, output: &'t str) -> PageCtx<'t> {
        PageCtx {
            title_id: None,
            title,
            heading: title,
            heading_html: crate::strings::escape(title),
            description: "",
            description_html: String::new(),
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
    pub(super) fn contents(&self) -> Result<String, Diagnostic> {
        let output = self.language.output(CONTENTS);
        let mut ctx = self.base_context(&output);
        let title = self.theme.string("contents").to_string();
        ctx.insert("page", &self.special_page(&title, &output));
        ctx.insert("contents", &self.tree.full(&output));
        self.render("contents.html", &ctx)
    }

    /// The not-found page: static hosts serve it at any missing path, so its links
    /// start from `base_url` where the site has one.
    pub(super) fn not_found(&self) -> Result<String, Diagnostic> {
        let output = self.language.output(NOT_FOUND);
        let mut ctx = self.base_context(&output);
        if let Some(base) = self.config.base() {
            ctx.insert("root", &format!("{base}/"));
            ctx.insert("home", &format!("{base}/{}", self.language.prefix));
            let facts = self.language.output(FACTS_PAGE);
            let facts_href = (!self.facts.is_empty()).then(|| format!("{base}/{facts}"));
            ctx.insert("facts_href", &facts_href);
            let versions = self.versions.of_page_absolute(self.language, &output, base);
            ctx.insert("versions", &versions);
        }
        let title = self
            .theme
            .strings
            .get("not_found_title")
            .cloned()
            .unwrap_or_default();
        let mut page = self.special_page(&title, &output);
        page.canonical = None;
        ctx.insert("page", &page);
        self.render("404.html", &ctx)
    }
}

impl Renderer<'_> {
    /// The page the service worker shows in place of a page that is not saved, with
    /// the saved pages listed by the page script ([`crate::offline`]). The worker
    /// serves it at the address asked for, with a `<base>` pointing here.
    pub(super) fn offline_page(&self) -> Result<String, Diagnostic> {
        let output = self.language.output(crate::paths::OFFLINE_PAGE);
        let mut ctx = self.base_context(&output);
        let title = self.theme.string("offline_title").to_string();
        let mut page = self.special_page(&title, &output);
        page.canonical = None;
        ctx.insert("page", &page);
        self.render("offline.html", &ctx)
    }
}

/// A fact on the facts page: the fact and where it is used.
#[derive(serde::Serialize)]
struct ListedFact<'a> {
    #[serde(flatten)]
    fact: crate::facts::shown::Shown<'a>,
    /// The `kind` of the fact in the site's language.
    kind_label: String,
    uses: Vec<UseCtx>,
}

/// A place a fact is used, linked from the facts page.
#[derive(serde::Serialize)]
struct UseCtx {
    href: String,
    /// The page, channel, heading or step, outermost first.
    crumbs: Vec<String>,
}

impl Renderer<'_> {
    /// The facts page: every fact with its provenance and every place it is used
    /// (`uses`, in page order; a place is listed once).
    pub(super) fn facts_page(&self, uses: &[FactUse]) -> Result<String, Diagnostic> {
        let output = self.language.output(FACTS_PAGE);
        let mut ctx = self.base_context(&output);
        let title = self.theme.string("facts").to_string();
        ctx.insert("page", &self.special_page(&title, &output));
        // In the order `site.yml` lists them: the author's order, most important first.
        let mut ordered: Vec<&crate::facts::Fact> = self.facts.facts.values().collect();
        ordered.sort_by_key(|f| (f.line, f.id.as_str()));
        let facts: Vec<ListedFact> = ordered
            .into_iter()
            .map(|f| {
                let mut places: Vec<UseCtx> = Vec::new();
                // In reading order: the order of the site's outline, then of the page.
                let mut mine: Vec<(usize, &FactUse)> =
                    uses.iter().filter(|u| u.fact == f.id).enumerate().collect();
                mine.sort_by_key(|(i, u)| (self.tree.node_of(&u.output).unwrap_or(usize::MAX), *i));
                for (_, u) in mine {
                    let mut href = href(&output, &u.output);
                    if let Some(anchor) = &u.anchor {
                        href = format!("{href}#{}", encode_fragment(anchor));
                    }
                    if !places.iter().any(|p| p.href == href) {
                        places.push(UseCtx {
                            href,
                            crumbs: u.crumbs.clone(),
                        });
                    }
                }
                ListedFact {
                    fact: f.shown(self.facts.today, self.facts.stale_after),
                    kind_label: self
                        .theme
                        .strings
                        .get(&format!("fact_kind_{}", f.kind.name()))
                        .cloned()
                        .unwrap_or_else(|| f.kind.name().to_string()),
                    uses: places,
                }
            })
            .collect();
        ctx.insert("facts", &facts);
        self.render("facts.html", &ctx)
    }
}
