//! A language's pages: each of the default language's pages, translated where the
//! site has a translation (`a.en.md`) and shown as written otherwise (a fallback),
//! at the language's paths; and the checks that keep a translation matched to its
//! original (the same channels, the same steps).

use std::collections::BTreeMap;
use std::sync::Arc;

use super::model::{Content, Page};
use crate::diagnostic::{self, Diagnostic};
use crate::languages::{self, Language};
use crate::markdown::links::LinkIndex;
use crate::paths;
use crate::yaml::locate;

/// The pages of `language`, from the default language's `content` and the
/// `translations` found for it; problems are added to `errors`.
pub fn language(
    content: &Content,
    language: &Language,
    facts: Arc<crate::facts::Registry>,
    translations: Vec<Page>,
    errors: &mut Vec<Diagnostic>,
) -> Content {
    let tags = [language.default_tag.clone(), language.tag.clone()];
    let mut by_original: BTreeMap<String, Page> = BTreeMap::new();
    for page in translations {
        let Some((original, _)) = languages::translation(&page.rel, &tags) else {
            continue;
        };
        let known = content.pages.iter().any(|p| p.rel == original)
            || content.drafts.contains(&original)
            || content.broken.contains(&original);
        if !known {
            let (line, column) = key_at(&page, "title");
            errors.push(
                problem(
                    &page,
                    (line, column),
                    format!("this translates `content/{original}`, which does not exist"),
                    format!(
                    "a translation is named after its original (`content/a.md` → `content/a.{}.md`): write `content/{original}` first, or rename this file",
                    language.tag
                ),
                ),
            );
            continue;
        }
        by_original.insert(original, page);
    }
    let mut pages = Vec::with_capacity(content.pages.len());
    for original in &content.pages {
        let page = match by_original.remove(&original.rel) {
            Some(mut page) => {
                errors.extend(matched(original, &page));
                errors.extend(inherit_channels(original, &mut page));
                page.rel = original.rel.clone();
                page.meta.order = original.meta.order;
                page.meta.slug = original.meta.slug.clone();
                page.original_title = Some(original.meta.title.clone());
                for alias in &mut page.aliases {
                    alias.output = language.output(&alias.output);
                }
                page
            }
            None => {
                let mut page = original.clone();
                page.fallback = true;
                page.aliases.clear();
                page
            }
        };
        pages.push(Page {
            output: language.output(&original.output),
            ..page
        });
    }
    Content {
        pages,
        assets: content.assets.clone(),
        drafts: content.drafts.clone(),
        broken: content.broken.clone(),
        warnings: Vec::new(),
        facts,
        fallback_facts: content.facts.clone(),
        language: language.clone(),
    }
}

/// An error in `page` at `at` (file line and column), with its fix, quoting the line.
fn problem(
    page: &Page,
    at: (usize, usize),
    message: String,
    help: impl Into<String>,
) -> Diagnostic {
    Diagnostic::new(&page.source, at.0, at.1, message)
        .with_help(help)
        .quoting(&page.text)
}

/// Where the key `key` of `page`'s front matter is, as file line and column: the
/// nearest enclosing key that can be found (`channels[1].id`, else `channels[1]`,
/// else `channels`), since a flow mapping's keys have no line of their own.
fn key_at(page: &Page, key: &str) -> (usize, usize) {
    let yaml_line = diagnostic::line_col(&page.text, page.yaml.start).0;
    let mut path = key;
    loop {
        if let Some((l, c)) = locate::find(page.yaml(), path) {
            return (yaml_line + l - 1, c);
        }
        match path.rfind(['.', '[']) {
            Some(i) => path = &path[..i],
            None => return (yaml_line, 1),
        }
    }
}

/// Where channel `index` of `page` is declared: its `id`, in a block or flow list.
fn channel_at(page: &Page, index: usize) -> (usize, usize) {
    let yaml_line = diagnostic::line_col(&page.text, page.yaml.start).0;
    let id = &page.meta.channels[index].id;
    if let Some((l, c)) = locate::find(page.yaml(), &format!("channels[{index}].id")) {
        return (yaml_line + l - 1, c);
    }
    let earlier = page.meta.channels[..index]
        .iter()
        .filter(|c| c.id == *id)
        .count();
    // A flow list item: its id's text after `channels:`.
    let yaml = page.yaml();
    match locate::find(yaml, "channels") {
        Some((line, _)) => {
            let start: usize = yaml
                .split_inclusive('\n')
                .take(line - 1)
                .map(str::len)
                .sum();
            let needle = format!("id: {id}");
            let mut found = yaml[start..]
                .match_indices(&needle)
                .map(|(i, _)| diagnostic::line_col(yaml, start + i + 4));
            found
                .nth(earlier)
                .map_or_else(|| key_at(page, "channels"), |(l, c)| (yaml_line + l - 1, c))
        }
        None => key_at(page, "channels"),
    }
}

/// A translation keeps its original's address and declares the same channels.
fn matched(original: &Page, translation: &Page) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    if translation.meta.slug.is_some() && translation.meta.slug != original.meta.slug {
        let (line, column) = key_at(translation, "slug");
        problems.push(problem(
            translation,
            (line, column),
            format!(
                "a translation keeps the address of its original, `{}`",
                original.source
            ),
            "remove `slug` here; set it in the original, and every language follows",
        ));
    }
    let ids = |p: &Page| -> Vec<String> { p.meta.channels.iter().map(|c| c.id.clone()).collect() };
    let (theirs, mine) = (ids(original), ids(translation));
    for missing in theirs.iter().filter(|id| !mine.contains(id)) {
        let (line, column) = if mine.is_empty() {
            (key_at(translation, "title").0, 1)
        } else {
            key_at(translation, "channels")
        };
        let message = format!(
            "the channel `{missing}` of `{}` is missing from its translation",
            original.source
        );
        let help = format!(
            "translate the channel: add `- id: {missing}` with its name under `channels:`, and its `## … {{#{missing}}}` section with the same steps"
        );
        problems.push(problem(translation, (line, column), message, help));
    }
    for (i, extra) in mine
        .iter()
        .enumerate()
        .filter(|(_, id)| !theirs.contains(id))
    {
        let (line, column) = channel_at(translation, i);
        let near = diagnostic::suggest(
            extra,
            &theirs.iter().map(String::as_str).collect::<Vec<_>>(),
        )
        .map(|s| format!("did you mean `{s}`? "))
        .unwrap_or_default();
        let message = format!(
            "`{extra}` is not a channel of the original, `{}`",
            original.source
        );
        let help = format!(
            "{near}a translation has the same channels as its original, with the same ids; add new channels to the original first"
        );
        problems.push(problem(translation, (line, column), message, help));
    }
    problems
}

/// A translated channel dials what its original dials and claims the check its
/// original claims: `contact` and `checked` left out are the original's, and written
/// otherwise they are errors. `hours`, `time` and `source` left out are the
/// original's too (written, they are its translation).
fn inherit_channels(original: &Page, translation: &mut Page) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for i in 0..translation.meta.channels.len() {
        let id = translation.meta.channels[i].id.clone();
        let Some(theirs) = original.meta.channels.iter().find(|c| c.id == id) else {
            continue;
        };
        let written = |c: &crate::content::ChannelMeta, key: &str, value: &Option<String>| {
            c.raw.get(key).cloned().or_else(|| value.clone())
        };
        for key in ["contact", "checked"] {
            let mine = &translation.meta.channels[i];
            let (my_value, their_value) = match key {
                "contact" => (&mine.contact, &theirs.contact),
                _ => (&mine.checked, &theirs.checked),
            };
            let (my_written, their_written) = (
                written(mine, key, my_value),
                written(theirs, key, their_value),
            );
            if my_written.is_some() && my_written != their_written {
                let (line, column) = key_at(translation, &format!("channels[{i}].{key}"));
                let what = if key == "contact" {
                    "dials or opens what the original's does"
                } else {
                    "claims the check the original claims"
                };
                let message = format!(
                    "the `{key}` of channel `{id}` differs from the original's in `{}` ({})",
                    original.source,
                    their_written.map_or("none".to_string(), |w| format!("`{w}`"))
                );
                let help = format!(
                    "a translated channel {what}: remove `{key}` here (the original's is used) or change the original"
                );
                problems.push(problem(translation, (line, column), message, help));
            }
        }
        let mine = &mut translation.meta.channels[i];
        let inherit = |mine: &mut crate::content::ChannelMeta, key: &str| {
            if let Some(raw) = theirs.raw.get(key) {
                mine.raw.insert(key.to_string(), raw.clone());
            }
        };
        if mine.contact.is_none() {
            mine.contact = theirs.contact.clone();
            inherit(mine, "contact");
        }
        if mine.checked.is_none() {
            mine.checked = theirs.checked.clone();
            mine.checked_inherited = mine.checked.is_some();
        }
        if mine.hours.is_none() {
            mine.hours = theirs.hours.clone();
            inherit(mine, "hours");
        }
        if mine.time.is_none() {
            mine.time = theirs.time.clone();
            inherit(mine, "time");
        }
        if mine.source.is_none() {
            mine.source = theirs.source.clone();
        }
    }
    problems
}

/// Every channel of a translated chapter has as many steps as the original's, so
/// `channels/app.html#step-3` and `en/channels/app.html#step-3` are the same step.
pub fn steps_matched(
    default: (&Content, &LinkIndex),
    language: (&Content, &LinkIndex),
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (original, page) in default.0.pages.iter().zip(&language.0.pages) {
        if page.fallback {
            continue;
        }
        for (i, channel) in page.meta.channels.iter().enumerate() {
            let Some(theirs) = original.meta.channels.iter().find(|c| c.id == channel.id) else {
                continue;
            };
            let count = |links: &LinkIndex, output: &str| {
                links.steps(&paths::channel_output(output, &theirs.id))
            };
            let (Some(want), Some(have)) = (
                count(default.1, &original.output),
                count(language.1, &page.output),
            ) else {
                continue;
            };
            if want != have {
                let (line, column) = channel_at(page, i);
                let message = format!(
                    "the channel `{}` has {have} step{} here but {want} in the original, `{}`",
                    channel.id,
                    if have == 1 { "" } else { "s" },
                    original.source
                );
                let help = format!(
                    "translate each `###` step of the channel once, in the original's order, so `#{}-N` is the same step in both",
                    paths::STEP_STEM
                );
                problems.push(problem(page, (line, column), message, help));
            }
        }
    }
    problems
}

/// Advice for a site with several languages: the pages each language still shows
/// untranslated, and a title or description written once for every language.
pub fn advice(contents: &[Content], config: &crate::config::Config) -> Vec<Diagnostic> {
    let mut advice = Vec::new();
    if contents.len() < 2 {
        return advice;
    }
    let text = &config.text;
    let at = |key: &str| locate::find(text, key).unwrap_or((1, 1));
    for content in &contents[1..] {
        let missing: Vec<&Page> = content.pages.iter().filter(|p| p.fallback).collect();
        if missing.is_empty() {
            continue;
        }
        let tag = &content.language.tag;
        let listed: Vec<String> = missing
            .iter()
            .take(6)
            .map(|p| format!("`{}`", p.source))
            .collect();
        let more = missing.len().saturating_sub(listed.len());
        let (line, column) = at("languages");
        advice.push(
            Diagnostic::warning(
                "site.yml",
                line,
                column,
                format!(
                    "{} {} no `{tag}` translation yet: {}{}",
                    missing.len(),
                    if missing.len() == 1 { "page has" } else { "pages have" },
                    listed.join(", "),
                    if more > 0 { format!(" and {more} more") } else { String::new() }
                ),
            )
            .with_help(format!(
                "translate `content/a.md` as `content/{}`; until then the `{tag}` pages show the original with a notice",
                languages::translation_path("a.md", tag)
            ))
            .quoting(text),
        );
    }
    // A translation whose original was updated after it may say what no longer holds.
    for content in &contents[1..] {
        for (original, page) in contents[0].pages.iter().zip(&content.pages) {
            let (Some(theirs), mine) = (&original.meta.updated, &page.meta.updated) else {
                continue;
            };
            if page.fallback || mine.as_ref().is_some_and(|m| m >= theirs) {
                continue;
            }
            advice.push(
                Diagnostic::warning(
                    &page.source,
                    0,
                    0,
                    format!(
                        "the original, `{}`, was updated on {theirs}, after this translation{}",
                        original.source,
                        mine.as_ref()
                            .map_or(String::new(), |m| format!(" (updated {m})"))
                    ),
                )
                .with_help(format!(
                    "bring the translation up to date with the original, then set `updated: {theirs}` here"
                )),
            );
        }
    }
    for (key, one) in [
        (
            "title",
            matches!(config.titles, crate::yaml::text::PerLanguage::One(_)),
        ),
        (
            "description",
            matches!(
                config.descriptions,
                Some(crate::yaml::text::PerLanguage::One(_))
            ),
        ),
    ] {
        if one {
            let (line, column) = at(key);
            advice.push(
                Diagnostic::warning(
                    "site.yml",
                    line,
                    column,
                    format!("the site's `{key}` is one text for every language"),
                )
                .with_help(format!(
                    "write it per language, like `{key}: {{{}: …, {}: …}}`",
                    contents[0].language.tag, contents[1].language.tag
                ))
                .quoting(text),
            );
        }
    }
    advice
}
