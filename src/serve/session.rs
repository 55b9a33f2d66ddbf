//! The author's loop without the network: the site as `serve` last made it, and what a
//! change of the sources makes again.
//!
//! As in Zola's `serve`, what changed decides how much is redone. An edit of pages'
//! bodies redoes those pages alone with the cached [`Layout`] (see [`incremental`]).
//! Anything else is a full build, through the same pipeline as `waymark build`, whose
//! layout takes over what it can from the last one: the templates are compiled again
//! only when the theme's templates changed, and the navigation built again only when
//! the outline did (a page added, removed, retitled or reordered). Like `waymark
//! build` with its spare folder, it also takes over every page and generated file the
//! last good build made from the same input ([`crate::reuse`]), kept in memory.
//!
//! [`incremental`]: super::incremental

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::output::{EarlierBuild, Generated, Memory, SharedFiles};
use crate::pipeline;
use crate::render::Layout;
use crate::reuse::PageCache;
use crate::{BuildError, BuildOptions, Site};

use super::incremental::{Cache, SearchJob};

/// The site as last made, and the layout to make the next one with.
pub struct Session {
    options: BuildOptions,
    /// The last good build's parts; `None` before it and after a failed build, when
    /// only a full build can follow.
    cache: Option<Cache>,
    /// The last good build's layout, kept through failed builds for the next to reuse.
    layout: Option<Layout>,
    made: LayoutsMade,
    /// What the last good build made, for the next full build to take over: its
    /// files, what it generated them from, and its record of pages.
    earlier: Option<Earlier>,
}

/// What one build leaves for the next to take over ([`Memory::reusing`]).
struct Earlier {
    files: Arc<SharedFiles>,
    generated: Generated,
    record: Option<crate::reuse::Remembered>,
}

/// How often a session has compiled the theme's templates and built the navigation,
/// counted over its successful builds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LayoutsMade {
    /// Times the templates were compiled.
    pub templates: usize,
    /// Times the navigation was built.
    pub navigations: usize,
}

/// What a change made.
pub enum Update {
    /// The changed pages were redone alone: their files (pages and channel pages).
    Pages(BTreeMap<String, Vec<u8>>),
    /// The whole site was built (its report and its files), or failed to.
    Site(Result<Box<(Site, Arc<SharedFiles>)>, BuildError>),
}

impl Session {
    /// A session building with `options`; nothing is built yet.
    pub fn new(options: BuildOptions) -> Session {
        Session {
            options,
            cache: None,
            layout: None,
            made: LayoutsMade::default(),
            earlier: None,
        }
    }

    /// Builds the whole site, reusing what the last layout can lend: its report
    /// (without files) and its files, which the next build shares.
    pub fn build(&mut self) -> Result<(Site, Arc<SharedFiles>), BuildError> {
        // Pages and generated files the last good build made from the same input are
        // taken over, as `waymark build` takes them over from its spare folder. A
        // failed build keeps the files for the next; its record of pages is gone.
        let (earlier, record) = match &mut self.earlier {
            Some(e) => (
                Some(EarlierBuild {
                    files: e.files.clone(),
                    made: e.generated.clone(),
                }),
                e.record.take(),
            ),
            None => (None, None),
        };
        let memory = Memory::reusing(earlier, PageCache::in_memory(record));
        let built = pipeline::build_keeping_parts(&self.options, self.layout.as_ref(), memory);
        let pipeline::KeptBuild {
            site,
            files,
            parts,
            generated,
            record,
        } = match built {
            Ok(built) => built,
            Err(e) => {
                self.cache = None;
                return Err(e);
            }
        };
        self.earlier = Some(Earlier {
            files: files.clone(),
            generated,
            record,
        });
        let previous = self.layout.as_ref();
        if !previous.is_some_and(|p| parts.layout.shares_templates(p)) {
            self.made.templates += 1;
        }
        if !previous.is_some_and(|p| parts.layout.shares_navigation(p)) {
            self.made.navigations += 1;
        }
        self.layout = Some(parts.layout.clone());
        self.cache = Some(Cache::new(parts, self.options.minify));
        Ok((site, files))
    }

    /// Makes again what the `changed` files (relative to the site folder,
    /// `/`-separated) affect: the pages alone if they allow it, else the whole site.
    pub fn change(&mut self, changed: &[String]) -> Update {
        match self.redo_alone(changed) {
            Some(files) => Update::Pages(files),
            None => Update::Site(self.build().map(Box::new)),
        }
    }

    /// The files of the changed pages redone alone, if every change is a page's that
    /// may be (see [`Cache::redo_page`]).
    fn redo_alone(&mut self, changed: &[String]) -> Option<BTreeMap<String, Vec<u8>>> {
        let cache = self.cache.as_mut()?;
        let mut files = BTreeMap::new();
        for path in changed {
            let rel = path
                .strip_prefix("content/")
                .filter(|r| r.ends_with(".md"))?;
            files.extend(cache.redo_page(&self.options.root, rel)?);
        }
        (!files.is_empty()).then_some(files)
    }

    /// A job making the search index from every page's current sections, once a good
    /// build has been made.
    pub fn search_job(&self) -> Option<SearchJob> {
        self.cache.as_ref().map(Cache::search_job)
    }

    /// How often templates were compiled and the navigation built so far.
    pub fn layouts_made(&self) -> LayoutsMade {
        self.made
    }
}
