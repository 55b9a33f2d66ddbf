//! Redoing one page alone when only its Markdown body changed, so `serve` answers an
//! edit of a large site in milliseconds instead of rebuilding every page. The page is
//! made by the very function the full build makes every page with
//! ([`pipeline::pages`]), laid out with the full build's [`Layout`]: no template is
//! compiled and no navigation built for it.
//!
//! A page may be redone alone when its front matter is unchanged (so the navigation,
//! the contents page, the sitemap and every other page stay as they are), its link
//! targets (headings, steps) are unchanged (so no other page's links change meaning),
//! and it renders without an error. Anything else — a new or deleted file, a title or
//! order change, a renamed heading, an error, a change outside `content/*.md` — gets a
//! full build, which reports every problem as `waymark build` would. The search index
//! is not redone with the page: a [`SearchJob`] makes it again from every page's
//! sections once the author pauses, on a thread of its own.
//!
//! [`Layout`]: crate::render::Layout

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::content::{self, Content};
use crate::markdown::{self, pages::Section, Labels};
use crate::output::{Memory, Writer};
use crate::pipeline::{self, Parts};

/// What the last full build knew, kept up to date by the pages redone since.
pub struct Cache {
    parts: Parts,
    /// Each page's search sections, shared with [`SearchJob`]s.
    sections: Vec<Arc<Vec<Section>>>,
    /// The theme's labels for Markdown, as the full build used them.
    labels: Labels,
    minify: bool,
}

/// Making the search index again from a snapshot of every page's sections, on any
/// thread, while pages go on being redone.
pub struct SearchJob {
    sections: Vec<Arc<Vec<Section>>>,
    step_label: String,
    synonyms: Vec<Vec<String>>,
}

impl SearchJob {
    /// The search index's files.
    pub fn run(&self) -> BTreeMap<String, Vec<u8>> {
        let all = self
            .sections
            .iter()
            .flat_map(|s| s.iter())
            .map(std::borrow::Cow::Borrowed)
            .collect();
        crate::search::build(all, &self.step_label, &self.synonyms, None).files()
    }
}

impl Cache {
    /// A cache of a full build's parts; `minify` as that build.
    pub fn new(mut parts: Parts, minify: bool) -> Cache {
        let sections = std::mem::take(&mut parts.sections)
            .into_iter()
            .map(Arc::new)
            .collect();
        let labels = Labels::from_theme(parts.layout.theme());
        Cache {
            parts,
            sections,
            labels,
            minify,
        }
    }

    /// The files of page `rel` (relative to `content/`) and its channel pages, made
    /// again from the file on disk by the full build's own [`pipeline::pages`] with
    /// the cached layout, if the page can be redone alone; `None` when a full build is
    /// needed.
    pub fn redo_page(
        &mut self,
        root: &std::path::Path,
        rel: &str,
    ) -> Option<BTreeMap<String, Vec<u8>>> {
        let Parts {
            content,
            links,
            layout,
            languages,
            ..
        } = &self.parts;
        // A page of a site with several languages is also every fallback of it, and
        // its translations' channels must still match: the full build redoes those.
        if *languages > 1 {
            return None;
        }
        let at = content.pages.iter().position(|p| p.rel == rel)?;
        let page = content::read_one(root, rel, &content.facts).ok()?;
        if page.meta != content.pages[at].meta {
            return None;
        }
        let mut alone = Content {
            pages: vec![page],
            facts: content.facts.clone(),
            language: content.language.clone(),
            ..Content::default()
        };
        let (own_links, errors) = markdown::pages::outline(&alone, &|_| None);
        let same_targets = own_links
            .pages
            .iter()
            .all(|(k, v)| links.pages.get(k) == Some(v))
            && own_links
                .outputs
                .iter()
                .all(|(k, v)| links.outputs.get(k) == Some(v));
        if !errors.is_empty() || !same_targets {
            return None;
        }
        let memory = Memory::default();
        let writer = Writer::new(&memory, self.minify);
        let (mut kept, errors) =
            pipeline::pages(&mut alone, &self.labels, links, Some(layout), None, &writer);
        let kept = kept.pop()?;
        if !errors.is_empty() || !kept.errors.is_empty() {
            return None;
        }
        // The facts page lists every use: new or dropped uses need it made again.
        if self.parts.fact_uses.get(at) != Some(&kept.fact_uses) {
            return None;
        }
        writer.finish().ok()?;
        self.sections[at] = Arc::new(kept.sections);
        Some(memory.into_files())
    }

    /// A job making the search index from every page's current sections.
    pub fn search_job(&self) -> SearchJob {
        let layout = &self.parts.layout;
        SearchJob {
            sections: self.sections.clone(),
            step_label: layout.theme().string("step_short").to_string(),
            synonyms: layout.config().synonyms().to_vec(),
        }
    }
}
