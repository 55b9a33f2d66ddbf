//! The language contract, in one place: which languages a site has, where each
//! language's pages land, and which source file translates which.
//!
//! - The first language of `site.yml` `languages:` is the default (else `language:`).
//! - A translation of `content/a.md` into `en` is `content/a.en.md`; of the folder
//!   page `content/d/index.md`, `content/d/index.en.md`.
//! - The default language's pages keep their paths (`a.html`); every other
//!   language's land under its tag (`en/a.html`, `en/channels/app.html`), and so do
//!   its contents page, facts page, not-found page, navigation script and search
//!   index. Files under `content/` other than pages, and the theme's, are shared.
//! - Every page exists in every language: a page without a translation is published
//!   in the other languages with the default language's text (a fallback).

/// One language of a site.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Language {
    /// Its BCP 47 tag (`en`).
    pub tag: String,
    /// The folder its pages land in, with a trailing `/` (`en/`); empty for the
    /// default language.
    pub prefix: String,
    /// The default language's tag, whose text a fallback page shows.
    pub default_tag: String,
}

impl Language {
    /// The languages of a site, the default first, from its tags.
    pub fn all(tags: &[String]) -> Vec<Language> {
        let default_tag = tags.first().cloned().unwrap_or_default();
        tags.iter()
            .enumerate()
            .map(|(i, tag)| Language {
                tag: tag.clone(),
                prefix: if i == 0 {
                    String::new()
                } else {
                    format!("{tag}/")
                },
                default_tag: default_tag.clone(),
            })
            .collect()
    }

    /// Whether this is the site's default language.
    pub fn is_default(&self) -> bool {
        self.prefix.is_empty()
    }

    /// Where the file `output` of the default language lands in this language
    /// (`a.html` → `en/a.html`).
    pub fn output(&self, output: &str) -> String {
        format!("{}{output}", self.prefix)
    }

    /// The output path `output` of this language without its folder, as the default
    /// language has it (`en/a.html` → `a.html`).
    pub fn unprefixed<'a>(&self, output: &'a str) -> &'a str {
        output.strip_prefix(&self.prefix).unwrap_or(output)
    }
}

/// The page a source translates, and into which language: `d/a.en.md` with `en`
/// among `tags` → (`d/a.md`, `en`). `None` for a page in the default language.
pub fn translation<'t>(rel: &str, tags: &'t [String]) -> Option<(String, &'t str)> {
    let stem = rel.strip_suffix(".md")?;
    let (original, tag) = stem.rsplit_once('.')?;
    if original.is_empty() || original.ends_with('/') {
        return None;
    }
    let tag = tags.iter().skip(1).find(|t| t.as_str() == tag)?;
    Some((format!("{original}.md"), tag.as_str()))
}

/// For a page of a site with several languages whose name ends like a translation's
/// but with a tag that is not quite one of `tags` (`a.zh.md`, `a.zh-cn.md`) or is the
/// default's (`a.en.md` where `en` comes first): what is wrong, and the name it should
/// have. `None` for any other name.
pub fn misnamed(rel: &str, tags: &[String]) -> Option<(String, String)> {
    if tags.len() < 2 {
        return None;
    }
    let stem = rel.strip_suffix(".md")?;
    let (original, suffix) = stem.rsplit_once('.')?;
    if original.is_empty() || original.ends_with('/') || !crate::config::is_language_tag(suffix) {
        return None;
    }
    let primary = |t: &str| t.split('-').next().unwrap_or(t).to_ascii_lowercase();
    if tags[1..].iter().any(|t| t == suffix) {
        return None;
    }
    if suffix == tags[0] {
        return Some((
            format!("`{suffix}` is the default language, whose pages have no tag"),
            format!("{original}.md"),
        ));
    }
    let meant = tags
        .iter()
        .skip(1)
        .find(|t| t.eq_ignore_ascii_case(suffix))
        .or_else(|| tags.iter().skip(1).find(|t| primary(t) == primary(suffix)))?;
    Some((
        format!("`{suffix}` is not one of the site's languages; `{meant}` is"),
        format!("{original}.{meant}.md"),
    ))
}

/// The direction a language is written in: `rtl` for Arabic, Hebrew, Persian, Urdu
/// and the other right-to-left scripts' languages, else `ltr`.
pub fn direction(tag: &str) -> &'static str {
    const RTL: &[&str] = &[
        "ar", "arc", "dv", "fa", "he", "ckb", "ku", "ps", "sd", "ug", "ur", "yi",
    ];
    let primary = tag.split('-').next().unwrap_or(tag).to_ascii_lowercase();
    if RTL.contains(&primary.as_str()) || tag.to_ascii_lowercase().contains("-arab") {
        "rtl"
    } else {
        "ltr"
    }
}

/// The source path of the translation of `rel` into `tag` (`d/a.md` → `d/a.en.md`).
pub fn translation_path(rel: &str, tag: &str) -> String {
    let stem = rel.strip_suffix(".md").unwrap_or(rel);
    format!("{stem}.{tag}.md")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translations_are_named_by_their_tag() {
        let tags = vec!["zh-CN".to_string(), "en".to_string()];
        assert_eq!(
            translation("d/a.en.md", &tags),
            Some(("d/a.md".into(), "en"))
        );
        assert_eq!(
            translation("d/index.en.md", &tags),
            Some(("d/index.md".into(), "en"))
        );
        assert_eq!(translation("a.md", &tags), None);
        assert_eq!(translation("a.fr.md", &tags), None, "not a site language");
        assert_eq!(
            translation("a.zh-CN.md", &tags),
            None,
            "the default has none"
        );
        assert_eq!(translation(".en.md", &tags), None);
        assert_eq!(translation("d/.en.md", &tags), None);
        assert_eq!(translation_path("d/a.md", "en"), "d/a.en.md");
    }

    #[test]
    fn names_almost_like_a_translation_are_caught() {
        let tags = vec!["en".to_string(), "zh-CN".to_string()];
        assert_eq!(misnamed("g.zh.md", &tags).unwrap().1, "g.zh-CN.md");
        assert_eq!(misnamed("d/g.zh-cn.md", &tags).unwrap().1, "d/g.zh-CN.md");
        assert_eq!(misnamed("g.en.md", &tags).unwrap().1, "g.md");
        assert_eq!(misnamed("g.zh-CN.md", &tags), None, "a translation");
        assert_eq!(misnamed("node.js.md", &tags), None);
        assert_eq!(misnamed("v1.2.md", &tags), None);
        assert_eq!(misnamed("g.zh.md", &tags[..1]), None, "one language");
    }

    #[test]
    fn other_languages_live_under_their_tag() {
        let all = Language::all(&["zh-CN".to_string(), "en".to_string()]);
        assert!(all[0].is_default() && !all[1].is_default());
        assert_eq!(all[0].output("a.html"), "a.html");
        assert_eq!(all[1].output("a.html"), "en/a.html");
        assert_eq!(all[1].unprefixed("en/d/b.html"), "d/b.html");
        assert_eq!(all[1].default_tag, "zh-CN");
    }
}
