//! The look of a site: templates, static files and UI strings.
//!
//! The repository's `theme/` is compiled into the binary; a site's own
//! `theme/templates/X`, `theme/static/X` or `theme/i18n/X` replaces that one file, so
//! a site overrides only what it changes and still gets fixes to the rest.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::paths;

include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

/// Languages whose UI strings the default theme ships.
pub const SHIPPED_LANGUAGES: &[&str] = &["zh-CN", "en"];

/// A theme with a site's overrides applied.
#[derive(Debug, Clone)]
pub struct Theme {
    /// Tera templates by name (`page.html`).
    pub templates: BTreeMap<String, String>,
    /// The templates the site replaces with a text of its own (a copy of the default
    /// one does not count), by name.
    pub own_templates: BTreeSet<String>,
    /// Static files by path below `static/`, published under `assets/`.
    pub statics: BTreeMap<String, Vec<u8>>,
    /// UI strings in the site's language.
    pub strings: BTreeMap<String, String>,
    /// `icon.png`: the square picture the install icons are made from
    /// ([`crate::offline::icons`]).
    pub icon: Vec<u8>,
    /// Its colour and background colour, read once from its stylesheet
    /// ([`crate::offline::colours`]).
    pub colours: (String, String),
}

impl Theme {
    /// Everything the theme holds, hashed: pages made with another theme are made again.
    pub fn fingerprint(&self) -> String {
        let mut text = format!(
            "{:?}|{:?}|{:?}|{:?}|{}",
            self.templates,
            self.own_templates,
            self.strings,
            self.colours,
            crate::output::content_hash(&self.icon)
        );
        for (path, bytes) in &self.statics {
            text.push_str(&format!("|{path}:{}", crate::output::content_hash(bytes)));
        }
        crate::output::content_hash(text.as_bytes())
    }
}

/// The theme's source of the install icons, beside its templates.
pub const ICON: &str = "icon.png";

/// A stylesheet a site adds after the default one (`theme/static/extra.css`), so a few
/// rules change the look without replacing the whole stylesheet.
pub const EXTRA_CSS: &str = "extra.css";

impl Theme {
    /// Whether the site adds [`EXTRA_CSS`]; pages then link it after `waymark.css`.
    pub fn has_extra_css(&self) -> bool {
        self.statics.contains_key(EXTRA_CSS)
    }

    /// The UI string `key`, or the key itself if the theme lacks it.
    pub fn string<'a>(&'a self, key: &'a str) -> &'a str {
        self.strings.get(key).map_or(key, String::as_str)
    }
}

/// Loads the default theme, applies the overrides found in `<root>/theme`, and picks
/// the UI strings for `language` (the closest shipped language if there is no exact one).
pub fn load(root: &Path, language: &str) -> Result<Theme, Vec<Diagnostic>> {
    let mut files: BTreeMap<String, Vec<u8>> = DEFAULT_THEME
        .iter()
        .map(|(p, b)| (p.to_string(), b.to_vec()))
        .collect();
    let (found, mut errors) = crate::sources::walk(root, "theme");
    for file in found {
        match std::fs::read(&file.path) {
            Ok(bytes) => {
                files.insert(file.rel, bytes);
            }
            Err(e) => errors.push(Diagnostic::new(
                format!("theme/{}", file.rel),
                0,
                0,
                format!("cannot read: {e}"),
            )),
        }
    }
    let mut theme = Theme {
        templates: BTreeMap::new(),
        own_templates: BTreeSet::new(),
        statics: BTreeMap::new(),
        strings: BTreeMap::new(),
        icon: files.get(ICON).cloned().unwrap_or_default(),
        colours: Default::default(),
    };
    for (path, bytes) in &files {
        if let Some(name) = path.strip_prefix("templates/") {
            match String::from_utf8(bytes.clone()) {
                Ok(text) => {
                    let default = DEFAULT_THEME.iter().find(|(p, _)| p == path);
                    if default.is_none_or(|(_, b)| *b != text.as_bytes()) {
                        theme.own_templates.insert(name.to_string());
                    }
                    theme.templates.insert(name.to_string(), text);
                }
                Err(_) => errors.push(Diagnostic::new(
                    format!("theme/{path}"),
                    0,
                    0,
                    "a template must be UTF-8 text",
                )),
            }
        } else if let Some(name) = path.strip_prefix("static/") {
            theme.statics.insert(name.to_string(), bytes.clone());
        }
    }
    theme.colours = crate::offline::colours(&theme);
    match strings_for(&files, language) {
        Ok(strings) => theme.strings = strings,
        Err(mut e) => errors.append(&mut e),
    }
    if errors.is_empty() {
        Ok(theme)
    } else {
        Err(errors)
    }
}

impl Theme {
    /// Checks that `html`, a channel page of `steps` steps, gives each step its anchor
    /// (`step-1`…): search results, the chapter's start buttons, the `HowTo` data and
    /// links to a step land there. Only a site's own `channel.html` can leave them out
    /// (Tera refuses a `base.html` without the block it writes into), so only then is
    /// anything checked. Every page gives the same report, so the build shows it once.
    pub fn check_steps(&self, html: &str, steps: usize) -> Option<Diagnostic> {
        if !self.own_templates.contains("channel.html") {
            return None;
        }
        let written = element_ids(html);
        (1..=steps).find(|n| !written.contains(paths::step_anchor(*n).as_str()))?;
        let message = format!(
            "the steps on the channel pages lack their ids (`{}`, `{}`…): search results, start buttons and links to a step land there",
            paths::step_anchor(1),
            paths::step_anchor(2)
        );
        Some(
            Diagnostic::new("theme/templates/channel.html", 0, 0, message).with_help(
                "give each step's element `id=\"{{ s.anchor }}\"` in the `{% for s in steps %}` loop, as the default `channel.html` does",
            ),
        )
    }
}

/// The ids of the elements of `html`: the values of its `id` attributes, quoted or
/// not. Read leniently (text that looks like an attribute counts too), so a page is
/// never said to lack an id it has.
pub(crate) fn element_ids(html: &str) -> HashSet<&str> {
    let bytes = html.as_bytes();
    let mut ids = HashSet::new();
    let mut at = 0;
    while let Some(found) = html[at..].find(['i', 'I']) {
        let start = at + found;
        at = start + 1;
        let named = bytes
            .get(start..start + 2)
            .is_some_and(|n| n.eq_ignore_ascii_case(b"id"))
            && start > 0
            && bytes[start - 1].is_ascii_whitespace();
        if !named {
            continue;
        }
        let rest = html[start + 2..].trim_start();
        let Some(value) = rest.strip_prefix('=').map(str::trim_start) else {
            continue;
        };
        let id = match value.chars().next() {
            Some(quote @ ('"' | '\'')) => value[1..].split(quote).next().unwrap_or(""),
            _ => value
                .split(|c: char| c.is_ascii_whitespace() || c == '>')
                .next()
                .unwrap_or(""),
        };
        ids.insert(id);
    }
    ids
}

/// UI strings: the shipped file of the closest language, with the site's own
/// `theme/i18n/<language>.json` (already among `files`) laid over it key by key.
fn strings_for(
    files: &BTreeMap<String, Vec<u8>>,
    language: &str,
) -> Result<BTreeMap<String, String>, Vec<Diagnostic>> {
    let shipped = closest_language(language);
    let default_path = format!("i18n/{shipped}.json");
    let default = DEFAULT_THEME
        .iter()
        .find(|(p, _)| *p == default_path)
        .map(|(_, b)| *b)
        .unwrap_or(b"{}");
    let mut strings =
        parse_strings(&format!("theme/{default_path}"), default).map_err(|d| vec![d])?;
    let own_path = format!("i18n/{language}.json");
    if let Some(own) = files.get(&own_path) {
        strings.extend(parse_strings(&format!("theme/{own_path}"), own).map_err(|d| vec![d])?);
    }
    Ok(strings)
}

fn parse_strings(file: &str, bytes: &[u8]) -> Result<BTreeMap<String, String>, Diagnostic> {
    serde_json::from_slice(bytes).map_err(|e| {
        Diagnostic::new(
            file,
            e.line(),
            e.column(),
            format!("UI strings must be a JSON object of texts: {e}"),
        )
    })
}

/// The shipped language closest to `language`: exact, then same primary subtag, then
/// English (a language without shipped strings brings its own, see `config`).
pub fn closest_language(language: &str) -> &'static str {
    shipped_language(language).unwrap_or("en")
}

/// The shipped language for `language`: exact, else the same primary subtag
/// (`zh-Hans` → `zh-CN`, `en-GB` → `en`); `None` when Waymark ships none.
pub fn shipped_language(language: &str) -> Option<&'static str> {
    let lower = language.to_ascii_lowercase();
    SHIPPED_LANGUAGES
        .iter()
        .find(|l| l.to_ascii_lowercase() == lower)
        .or_else(|| {
            let primary = lower.split('-').next().unwrap_or("");
            SHIPPED_LANGUAGES
                .iter()
                .find(|l| l.split('-').next() == Some(primary))
        })
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_fall_back_sensibly() {
        assert_eq!(closest_language("zh-CN"), "zh-CN");
        assert_eq!(closest_language("zh-Hans"), "zh-CN");
        assert_eq!(closest_language("en-GB"), "en");
        assert_eq!(closest_language("fr"), "en");
    }

    #[test]
    fn element_ids_are_read_however_the_attribute_is_written() {
        let ids = element_ids("<li id=\"step-1\"><p ID='a b'><i\nid = c>x</i><b data-id=\"no\">");
        let mut ids: Vec<&str> = ids.into_iter().collect();
        ids.sort();
        assert_eq!(ids, ["a b", "c", "step-1"]);
    }

    #[test]
    fn shipped_strings_share_their_keys() {
        let none = BTreeMap::new();
        let zh = strings_for(&none, "zh-CN").unwrap();
        let en = strings_for(&none, "en").unwrap();
        let zh_keys: Vec<_> = zh.keys().collect();
        let en_keys: Vec<_> = en.keys().collect();
        assert_eq!(zh_keys, en_keys);
        assert!(zh.len() > 10);
    }
}
