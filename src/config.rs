//! The site's settings, read from `site.yml` at the site root.

use std::path::Path;

use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::yaml::{self, locate};

/// Keys `site.yml` accepts.
const SITE_KEYS: &[&str] = &[
    "title",
    "description",
    "language",
    "base_url",
    "search",
    "stale_after",
    "edit_url",
    "logo",
    "facts",
];

/// Settings that apply to the whole site.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The site's name, in every page's `<title>` and header.
    pub title: String,
    /// Default meta description for pages without their own.
    #[serde(default)]
    pub description: Option<String>,
    /// BCP 47 language tag of the content; selects the theme's UI strings.
    #[serde(default = "default_language")]
    pub language: String,
    /// Where the site will be hosted; only used for canonical links, sitemap and robots.
    #[serde(default)]
    pub base_url: Option<String>,
    /// How the search box reads what readers type.
    #[serde(default)]
    pub search: SearchConfig,
    /// A link to each page's source for corrections, `{path}` standing for the page's
    /// path under `content/` (`https://example.org/edit/main/content/{path}`).
    #[serde(default, deserialize_with = "crate::yaml::text::opt_text")]
    pub edit_url: Option<String>,
    /// How old a check date may grow before `build` and `check` warn (`365d`).
    #[serde(default, deserialize_with = "crate::yaml::text::opt_text")]
    pub stale_after: Option<String>,
    /// An image under `content/` shown before the title in every page's header
    /// (`img/logo.svg`); checked against the site's files once they are found.
    #[serde(default, deserialize_with = "crate::yaml::text::opt_text")]
    pub logo: Option<String>,
    /// Phone numbers, hours, addresses and names written once, each with where it
    /// comes from and when it was checked; pages use them as `{{ id }}`. Checked by
    /// [`crate::facts::Registry::check`].
    #[serde(default)]
    pub facts: std::collections::BTreeMap<String, crate::facts::Entry>,
    /// The text of `site.yml` (BOM removed, LF line ends), for placing later problems.
    #[serde(skip)]
    pub text: String,
}

/// The `search:` block of `site.yml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchConfig {
    /// Groups of words a reader may type for one another (`[退款, 退货, 退钱]`): a query
    /// word from a group also finds the group's other words.
    #[serde(default)]
    pub synonyms: Vec<Vec<String>>,
    /// Words the search box offers as examples (`[小蜜, 12315]`): this site's own, so
    /// the theme's strings stay free of any one guide's words.
    #[serde(default, deserialize_with = "crate::yaml::text::text_list")]
    pub examples: Vec<String>,
}

fn default_language() -> String {
    "zh-CN".to_string()
}

impl Config {
    /// The edit link of the page at `rel` (relative to `content/`), if the site has one.
    pub fn edit_link(&self, rel: &str) -> Option<String> {
        let encoded: Vec<String> = rel.split('/').map(crate::paths::encode_segment).collect();
        self.edit_url
            .as_deref()
            .map(|t| t.replace("{path}", &encoded.join("/")))
    }

    /// The logo's path under `content/` as written, without `./` or spaces around it.
    pub fn logo(&self) -> Option<&str> {
        self.logo
            .as_deref()
            .map(|l| l.trim().trim_start_matches("./"))
    }

    /// `stale_after` in days.
    pub fn stale_days(&self) -> Option<i64> {
        self.stale_after.as_deref()?.strip_suffix('d')?.parse().ok()
    }

    /// The site's synonym groups.
    pub fn synonyms(&self) -> &[Vec<String>] {
        &self.search.synonyms
    }

    /// `base_url` without a trailing slash, if set.
    pub fn base(&self) -> Option<&str> {
        self.base_url
            .as_deref()
            .map(|b| b.trim_end_matches('/'))
            .filter(|b| !b.is_empty())
    }
}

/// Reads and validates `<root>/site.yml`, reporting every problem the YAML decoding
/// finds at once (three unknown keys are three errors).
pub fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
    let path = root.join("site.yml");
    let raw = std::fs::read_to_string(&path).map_err(|e| {
        vec![Diagnostic::new("site.yml", 0, 0, format!("cannot read the site settings: {e}"))
            .with_help("create `site.yml` in the site folder with at least `title: …`, or pass `--root` to the site folder")]
    })?;
    let text = yaml::normalize_source(&raw);
    let mut config: Config = yaml::decode("site.yml", &text, 1, (SITE_KEYS, &[]), &text)?;
    let problems = validate(&config, &text);
    if !problems.is_empty() {
        return Err(problems);
    }
    config.text = text;
    Ok(config)
}

/// The checks of values serde cannot make alone (a language tag, a URL), every
/// problem at once.
fn validate(config: &Config, text: &str) -> Vec<Diagnostic> {
    [
        language(config, text),
        synonyms(config, text),
        edit_url(config, text),
        stale_after(config, text),
        base_url(config, text),
        no_facts(config, text),
    ]
    .into_iter()
    .filter_map(Result::err)
    .collect()
}

/// The site's title and description are shown as written: a `{{ id }}` there would
/// reach every page's `<title>` as braces.
fn no_facts(config: &Config, text: &str) -> Result<(), Diagnostic> {
    for (key, value) in [
        ("title", Some(&config.title)),
        ("description", config.description.as_ref()),
    ] {
        if value.is_some_and(|v| v.contains("{{")) {
            let (line, column) = locate::find(text, key).unwrap_or((1, 1));
            return Err(Diagnostic::new(
                "site.yml",
                line,
                column,
                format!("the site's `{key}` cannot use a fact"),
            )
            .with_help(format!(
                "write the text itself after `{key}: `; facts are used in pages"
            ))
            .quoting(text));
        }
    }
    Ok(())
}

fn language(config: &Config, text: &str) -> Result<(), Diagnostic> {
    if !is_language_tag(&config.language) {
        let (line, column) = locate::find(text, "language").unwrap_or((1, 1));
        return Err(Diagnostic::new(
            "site.yml",
            line,
            column,
            format!(
                "`language` must be a BCP 47 language tag, not `{}`",
                config.language
            ),
        )
        .with_help("write it like `language: zh-CN` or `language: en`")
        .quoting(text));
    }
    Ok(())
}

fn synonyms(config: &Config, text: &str) -> Result<(), Diagnostic> {
    for (g, group) in config.search.synonyms.iter().enumerate() {
        for word in group {
            let tokens = crate::analysis::tokens(&crate::analysis::normalize(word));
            if tokens.len() != 1 || group.len() < 2 {
                let (line, column) = locate::find(text, "search").unwrap_or((1, 1));
                let problem = if group.len() < 2 {
                    format!("synonym group {} has only one word", g + 1)
                } else {
                    format!("the synonym `{word}` is not one word")
                };
                return Err(Diagnostic::new("site.yml", line, column, problem)
                    .with_help("each group lists two or more single words or runs of characters, like `synonyms: [[退款, 退货, 退钱]]`")
                    .quoting(text));
            }
        }
    }
    Ok(())
}

fn edit_url(config: &Config, text: &str) -> Result<(), Diagnostic> {
    if let Some(edit) = &config.edit_url {
        let web = edit.starts_with("https://") || edit.starts_with("http://");
        if !web || !edit.contains("{path}") {
            let (line, column) = locate::find(text, "edit_url").unwrap_or((1, 1));
            return Err(Diagnostic::new(
                "site.yml",
                line,
                column,
                format!("`edit_url` must be an http(s) address holding `{{path}}`, not `{edit}`"),
            )
            .with_help(
                "write it like `edit_url: https://example.org/repo/edit/main/content/{path}`",
            )
            .quoting(text));
        }
    }
    Ok(())
}

fn stale_after(config: &Config, text: &str) -> Result<(), Diagnostic> {
    if config.stale_after.is_some() && config.stale_days().is_none() {
        let (line, column) = locate::find(text, "stale_after").unwrap_or((1, 1));
        return Err(Diagnostic::new(
            "site.yml",
            line,
            column,
            format!(
                "`stale_after` must be a number of days like `365d`, not `{}`",
                config.stale_after.as_deref().unwrap_or_default()
            ),
        )
        .with_help("write it like `stale_after: 365d`")
        .quoting(text));
    }
    Ok(())
}

fn base_url(config: &Config, text: &str) -> Result<(), Diagnostic> {
    if let Some(base) = &config.base_url {
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            let (line, column) = locate::find(text, "base_url").unwrap_or((1, 1));
            return Err(Diagnostic::new(
                "site.yml",
                line,
                column,
                format!("`base_url` must be an absolute http(s) URL, not `{base}`"),
            )
            .with_help("write it like `base_url: https://example.org/guide/`")
            .quoting(text));
        }
    }
    Ok(())
}

/// A BCP 47 tag in its common shape: a 2–3 letter (or 4–8 letter) primary language,
/// then subtags of 1–8 letters or digits (`zh-CN`, `zh-Hans-CN`, `en`). Since the tag
/// also names a file of UI strings, nothing else may pass.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=8).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::is_language_tag;

    #[test]
    fn language_tags_are_checked() {
        for good in ["zh-CN", "en", "zh-Hans-CN", "de-1996"] {
            assert!(is_language_tag(good), "{good}");
        }
        for bad in ["../../x/strings", "", "z", "zh_CN", "en-", "zh-CN/../x"] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }
}
