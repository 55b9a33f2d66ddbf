//! A page's versions in the site's languages: the header's language switcher and the
//! `<link rel="alternate" hreflang>` of every page. Every page exists in every
//! language (see [`crate::languages`]), so a page's version in another language is
//! its output path under that language's folder.

use std::collections::HashSet;
use std::sync::Arc;

use serde::Serialize;

use crate::languages::Language;
use crate::paths::{absolute_url, href};
use crate::theme::Theme;

/// The site's languages, each with its name in itself (`English`, `中文`) and the
/// pages it translates (their default-language outputs, channel pages included).
#[derive(Clone, Default)]
pub struct Versions(Arc<Vec<(Language, String, HashSet<String>)>>);

/// One version of a page, as templates see it.
#[derive(Serialize)]
pub(super) struct VersionCtx {
    /// The language's tag (`hreflang`).
    tag: String,
    /// The language's name in itself, for the switcher.
    name: String,
    /// A relative link to the version from the page.
    href: String,
    /// The version's address for `hreflang`: absolute with `base_url`, else relative.
    url: String,
    /// Whether it is the page itself.
    current: bool,
    /// Whether the version is written in its language (not a fallback): only those
    /// are alternates for search engines.
    translated: bool,
}

impl Versions {
    /// The languages of a site and their names, from each language's UI strings.
    pub fn of(
        languages: &[Language],
        themes: &[Option<Arc<Theme>>],
        contents: &[crate::content::Content],
    ) -> Versions {
        let several = languages.len() > 1;
        Versions(Arc::new(
            languages
                .iter()
                .zip(themes)
                .zip(contents)
                .map(|((language, theme), content)| {
                    let name = theme
                        .as_ref()
                        .and_then(|t| t.strings.get("language_name").cloned())
                        .unwrap_or_else(|| language.tag.clone());
                    // Only a site with several languages asks which pages each translates.
                    let translated = content
                        .pages
                        .iter()
                        .filter(|p| several && !p.fallback)
                        .flat_map(|p| {
                            let own = language.unprefixed(&p.output).to_string();
                            let channels: Vec<String> = p
                                .meta
                                .channels
                                .iter()
                                .map(|c| crate::paths::channel_output(&own, &c.id))
                                .collect();
                            std::iter::once(own).chain(channels)
                        })
                        .collect();
                    (language.clone(), name, translated)
                })
                .collect(),
        ))
    }

    /// The versions of the default language's page `output` that are written in
    /// their own language (the default's first), as (tag, output).
    pub fn languages(&self, output: &str) -> Vec<(String, String)> {
        if !self.several() {
            return Vec::new();
        }
        self.0
            .iter()
            .filter(|(_, _, translated)| translated.contains(output))
            .map(|(language, _, _)| (language.tag.clone(), language.output(output)))
            .collect()
    }

    /// The name of the language `tag` in itself (`Deutsch`), if it is the site's.
    pub fn name(&self, tag: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(l, _, _)| l.tag == tag)
            .map(|(_, name, _)| name.as_str())
    }

    /// Whether the site has more than one language.
    pub fn several(&self) -> bool {
        self.0.len() > 1
    }

    /// The versions of the page at `output` in `language` (none for a site with one
    /// language).
    pub(super) fn of_page(
        &self,
        language: &Language,
        output: &str,
        base: Option<&str>,
    ) -> Vec<VersionCtx> {
        if !self.several() {
            return Vec::new();
        }
        let own = language.unprefixed(output);
        self.0
            .iter()
            .map(|(other, name, translated)| {
                let target = other.output(own);
                VersionCtx {
                    // Pages Waymark writes itself exist in every language.
                    translated: other.is_default()
                        || translated.contains(own)
                        || !self.0[0].2.contains(own),
                    tag: other.tag.clone(),
                    name: name.clone(),
                    href: href(output, &target),
                    url: base.map_or_else(|| href(output, &target), |b| absolute_url(b, &target)),
                    current: other.tag == language.tag,
                }
            })
            .collect()
    }

    /// The versions of a page a host serves at any address (the not-found page), each
    /// linked by its absolute address under `base`.
    pub(super) fn of_page_absolute(
        &self,
        language: &Language,
        output: &str,
        base: &str,
    ) -> Vec<VersionCtx> {
        let mut all = self.of_page(language, output, Some(base));
        for version in &mut all {
            version.href = version.url.clone();
        }
        all
    }

    /// The default language's version of `output` in `language`, for a fallback
    /// page's canonical link.
    pub(super) fn original(&self, language: &Language, output: &str, base: Option<&str>) -> String {
        let target = language.unprefixed(output);
        base.map_or_else(|| href(output, target), |b| absolute_url(b, target))
    }
}
