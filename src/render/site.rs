//! The files every site gets once its pages are written: the contents page, the
//! navigation script, the not-found page, the sitemap and `robots.txt`, the theme's
//! static files, the search index, the site's own files and a redirect page per
//! alias. Each claims its path in the build's [`Plan`] before it is written, so a
//! clash with a page, an asset or an alias is reported there, and then nothing is.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::content::Content;
use crate::diagnostic::Diagnostic;
use crate::output::Writer;
use crate::paths::{
    channel_output, APP_MANIFEST, ASSETS_DIR, CONTENTS, NAV_SCRIPT, NOT_FOUND, OFFLINE_PAGE,
    ROBOTS, SITEMAP,
};
use crate::plan::{Claim, Claimed, Own, Plan};

use super::layout::Layout;
use super::{redirect, sitemap};

impl Layout {
    /// Writes the files every site gets, with `search` making the search index's
    /// files meanwhile. Every path is claimed in `plan` (which holds the sources'
    /// claims) first; a path someone else holds is an error, and then nothing is
    /// written.
    pub fn finish<'i>(
        &self,
        content: &Content,
        fact_uses: &[crate::markdown::pages::FactUse],
        plan: &mut Plan,
        search: impl FnOnce() -> BTreeMap<String, crate::search::IndexFile<'i>> + Send,
        writer: &Writer,
    ) -> Result<u64, Vec<Diagnostic>> {
        let language = self.language().clone();
        let (index, (files, mut errors)) =
            rayon::join(search, || self.site_files(content, fact_uses, plan));
        // The index's files land in the language's folder.
        let index: BTreeMap<String, crate::search::IndexFile> = index
            .into_iter()
            .map(|(path, bytes)| (language.output(&path), bytes))
            .collect();
        for path in index.keys() {
            if let Claimed::Refused(d) = plan.claim(path, Claim::own(Own::SearchIndex)) {
                errors.push(d);
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        files
            .into_par_iter()
            .chain(self.redirects(content).into_par_iter())
            .for_each(|(path, bytes)| {
                writer.generated(&path, bytes);
            });
        if content.language.is_default() {
            for asset in content.assets.iter() {
                writer.verbatim(&asset.rel, asset.bytes.clone());
            }
        }
        // Returns the index's bytes.
        Ok(index
            .into_par_iter()
            .map(|(path, file)| match file.json() {
                Some(json) => writer.derived(&path, "search shard", json.as_bytes(), || {
                    file.make(Some(&json))
                }),
                None => {
                    let bytes = file.make(None);
                    let size = bytes.len() as u64;
                    writer.verbatim(&path, bytes);
                    size
                }
            })
            .sum())
    }

    /// The redirect page of every alias (each claimed with the sources).
    fn redirects(&self, content: &Content) -> BTreeMap<String, Vec<u8>> {
        let config = self.config();
        let mut out = BTreeMap::new();
        for page in &content.pages {
            for alias in &page.aliases {
                let html = redirect::page(
                    &alias.output,
                    &page.output,
                    &page.meta.title,
                    &config.language,
                    config.base(),
                );
                out.insert(alias.output.clone(), html.into_bytes());
            }
        }
        out
    }

    /// The contents page, navigation script, 404 page, sitemap, `robots.txt` and the
    /// theme's static files, each made once its path is granted; with the errors met
    /// claiming and making them.
    fn site_files(
        &self,
        content: &Content,
        fact_uses: &[crate::markdown::pages::FactUse],
        plan: &mut Plan,
    ) -> (BTreeMap<String, Vec<u8>>, Vec<Diagnostic>) {
        let renderer = self.renderer();
        let language = self.language();
        let mut own = OwnFiles::default();
        own.make(plan, &language.output(CONTENTS), Own::Contents, || {
            renderer.contents().map(String::into_bytes)
        });
        if !content.facts.is_empty() {
            own.make(
                plan,
                &language.output(crate::paths::FACTS_PAGE),
                Own::Facts,
                || renderer.facts_page(fact_uses).map(String::into_bytes),
            );
        }
        own.make(plan, &language.output(NAV_SCRIPT), Own::Navigation, || {
            Ok(self.tree().script().into_bytes())
        });
        own.make(plan, &language.output(NOT_FOUND), Own::NotFound, || {
            renderer.not_found().map(String::into_bytes)
        });
        let offline = self.config().offline.enabled;
        // Offline reading's paths were claimed with the sources' (`offline::paths`).
        if offline {
            own.claimed(&language.output(OFFLINE_PAGE), || {
                renderer.offline_page().map(String::into_bytes)
            });
            own.claimed(&language.output(APP_MANIFEST), || {
                let colours = &self.theme().colours;
                Ok(
                    crate::offline::app_manifest(&self.config().title, language, colours)
                        .into_bytes(),
                )
            });
        }
        if !language.is_default() {
            return (own.files, own.errors);
        }
        // Shared by every language: the sitemap (listing every language's pages), the
        // crawlers' file and the theme's static files.
        if let Some(base) = self.config().base() {
            own.make(plan, SITEMAP, Own::Sitemap, || {
                Ok(sitemap::sitemap(base, &self.sitemap_urls(content)).into_bytes())
            });
            if let Some(robots) = sitemap::robots(base) {
                own.make(plan, ROBOTS, Own::Robots, || Ok(robots.into_bytes()));
            }
        }
        for (name, bytes) in &self.theme().statics {
            if !offline && crate::offline::SCRIPTS.contains(&name.as_str()) {
                continue;
            }
            let path = format!("{ASSETS_DIR}/{name}");
            own.make(plan, &path, Own::Static, || Ok(bytes.clone()));
        }
        if offline {
            match crate::offline::icons(self.config(), self.theme(), content) {
                Ok(icons) => {
                    for (path, bytes) in icons {
                        own.claimed(path, || Ok(bytes));
                    }
                }
                Err(e) => own.errors.push(e),
            }
        }
        (own.files, own.errors)
    }
}

/// Waymark's own files as they are claimed and made, with the errors met.
#[derive(Default)]
struct OwnFiles {
    files: BTreeMap<String, Vec<u8>>,
    errors: Vec<Diagnostic>,
}

impl OwnFiles {
    /// Makes the file at `path`, a path granted earlier.
    fn claimed(&mut self, path: &str, file: impl FnOnce() -> Result<Vec<u8>, Diagnostic>) {
        match file() {
            Ok(bytes) => {
                self.files.insert(path.to_string(), bytes);
            }
            Err(e) => self.errors.push(e),
        }
    }

    /// Claims `path` for `own` in `plan` and makes the file once the path is granted.
    fn make(
        &mut self,
        plan: &mut Plan,
        path: &str,
        own: Own,
        file: impl FnOnce() -> Result<Vec<u8>, Diagnostic>,
    ) {
        match plan.claim(path, Claim::own(own)) {
            Claimed::Granted => self.claimed(path, file),
            Claimed::Replaced => {}
            Claimed::Refused(d) => self.errors.push(d),
        }
    }
}

impl Layout {
    /// Every page and channel page of the default language, with the day it was last
    /// updated; the sitemap adds each one's versions in the other languages.
    fn sitemap_urls<'c>(&self, content: &'c Content) -> Vec<sitemap::Entry<'c>> {
        content
            .pages
            .iter()
            .flat_map(|p| {
                let updated = p.meta.updated.as_deref();
                std::iter::once(p.output.clone())
                    .chain(
                        p.meta
                            .channels
                            .iter()
                            .map(move |c| channel_output(&p.output, &c.id)),
                    )
                    .map(move |output| sitemap::Entry {
                        alternates: self.versions.languages(&output),
                        output,
                        updated,
                    })
            })
            .collect()
    }
}
