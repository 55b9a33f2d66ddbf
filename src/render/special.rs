//! The pages Waymark writes itself, outside the site's outline: the contents page
//! (every page, nested as in the sidebar) and the not-found page.

use crate::diagnostic::Diagnostic;
use crate::paths::{CONTENTS, NOT_FOUND};

use super::context::{PageCtx, Renderer};

impl Renderer<'_> {
    /// The page context of a page Waymark writes itself.
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
    pub(super) fn contents(&self) -> Result<String, Diagnostic> {
        let mut ctx = self.base_context(CONTENTS);
        let title = self.theme.string("contents").to_string();
        ctx.insert("page", &self.special_page(&title, CONTENTS));
        ctx.insert("contents", &self.tree.full(CONTENTS));
        self.render("contents.html", &ctx)
    }

    /// The not-found page: static hosts serve it at any missing path, so its links
    /// start from `base_url` where the site has one.
    pub(super) fn not_found(&self) -> Result<String, Diagnostic> {
        let mut ctx = self.base_context(NOT_FOUND);
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
