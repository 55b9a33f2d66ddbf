//! The site's settings, read from `site.yml` at the site root.

use std::path::Path;

use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::yaml::text::PerLanguage;
use crate::yaml::{self, locate};

/// Keys `site.yml` accepts.
const SITE_KEYS: &[&str] = &[
    "title",
    "description",
    "language",
    "languages",
    "base_url",
    "search",
    "stale_after",
    "edit_url",
    "logo",
    "offline",
    "facts",
];

/// Settings that apply to the whole site.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The site's name as written: one text, or one per language.
    #[serde(
        rename = "title",
        deserialize_with = "crate::yaml::text::text_per_language"
    )]
    pub titles: PerLanguage<String>,
    /// The site's name in this language, in every page's `<title>` and header.
    #[serde(skip)]
    pub title: String,
    /// The default meta description as written: one text, or one per language.
    #[serde(
        default,
        rename = "description",
        deserialize_with = "crate::yaml::text::opt_text_per_language"
    )]
    pub descriptions: Option<PerLanguage<String>>,
    /// Default meta description for pages without their own, in this language.
    #[serde(skip)]
    pub description: Option<String>,
    /// `language:` as written: the one language of a site without `languages:`.
    #[serde(
        default,
        rename = "language",
        deserialize_with = "crate::yaml::text::opt_text"
    )]
    pub language_written: Option<String>,
    /// The site's languages (BCP 47 tags), the default first; see [`crate::languages`].
    #[serde(default, deserialize_with = "crate::yaml::text::text_list")]
    pub languages: Vec<String>,
    /// BCP 47 language tag of the pages being made; selects the theme's UI strings.
    #[serde(skip)]
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
    /// Reading a hosted copy without signal: `offline: false` turns it off, or a block
    /// sets `budget` and `icon` (see [`crate::offline`]).
    #[serde(default)]
    pub offline: OfflineConfig,
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
    /// Groups of words a reader may type for one another (`[退款, 退货, 退钱]`), or
    /// groups per language: a query word from a group also finds the group's other
    /// words.
    #[serde(
        default,
        rename = "synonyms",
        deserialize_with = "crate::yaml::text::lists_per_language"
    )]
    pub synonyms_written: PerLanguage<Vec<Vec<String>>>,
    /// The synonym groups of the language of the pages being made.
    #[serde(skip)]
    pub synonyms: Vec<Vec<String>>,
    /// Words the search box offers as examples (`[小蜜, 12315]`), or a list per
    /// language: this site's own, so the theme's strings stay free of any one guide's
    /// words.
    #[serde(
        default,
        rename = "examples",
        deserialize_with = "crate::yaml::text::list_per_language"
    )]
    pub examples_written: PerLanguage<Vec<String>>,
    /// The examples in the language of the pages being made.
    #[serde(skip)]
    pub examples: Vec<String>,
}

/// The `offline:` setting of `site.yml`: `false`, `true`, or a block with `budget`
/// (`5MB`, `800KB` or bytes) and `icon` (a square PNG under `content/`).
#[derive(Debug, Clone)]
pub struct OfflineConfig {
    /// Whether hosted pages get a service worker and an app manifest.
    pub enabled: bool,
    /// `budget` as written: a site whose files add up to at most this is saved whole.
    pub budget_written: Option<String>,
    /// `icon` as written: the image the install icons are made from.
    pub icon: Option<String>,
}

impl Default for OfflineConfig {
    fn default() -> OfflineConfig {
        OfflineConfig {
            enabled: true,
            budget_written: None,
            icon: None,
        }
    }
}

/// A path under `content/` as a setting writes it, without `./` or spaces around it.
fn content_path(written: Option<&str>) -> Option<&str> {
    written.map(|w| w.trim().trim_start_matches("./"))
}

/// Below this many bytes a site is saved whole for offline reading.
pub const DEFAULT_OFFLINE_BUDGET: u64 = 5_000_000;

impl OfflineConfig {
    /// `budget` in bytes: the default when not written, `None` when unreadable.
    pub fn budget(&self) -> Option<u64> {
        let Some(written) = self.budget_written.as_deref() else {
            return Some(DEFAULT_OFFLINE_BUDGET);
        };
        let written = written.trim();
        let digits = written
            .find(|c: char| !c.is_ascii_digit() && c != '.')
            .unwrap_or(written.len());
        let (number, unit) = written.split_at(digits);
        let number: f64 = number.parse().ok()?;
        let scale = match unit.trim().to_ascii_uppercase().as_str() {
            "" | "B" => 1.0,
            "KB" | "K" => 1e3,
            "MB" | "M" => 1e6,
            "GB" | "G" => 1e9,
            _ => return None,
        };
        Some((number * scale).round() as u64)
    }

    /// The icon's path under `content/` as written, without `./` or spaces around it.
    pub fn icon(&self) -> Option<&str> {
        content_path(self.icon.as_deref())
    }
}

impl<'de> Deserialize<'de> for OfflineConfig {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        /// The block form, whose unknown keys are errors.
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Block {
            #[serde(default, deserialize_with = "crate::yaml::text::opt_text")]
            budget: Option<String>,
            #[serde(default, deserialize_with = "crate::yaml::text::opt_text")]
            icon: Option<String>,
        }
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = OfflineConfig;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("`false`, `true`, or a block with `budget` and `icon`")
            }
            fn visit_bool<E: serde::de::Error>(self, enabled: bool) -> Result<OfflineConfig, E> {
                Ok(OfflineConfig {
                    enabled,
                    ..OfflineConfig::default()
                })
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<OfflineConfig, E> {
                Ok(OfflineConfig::default())
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<OfflineConfig, A::Error> {
                let block = Block::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(OfflineConfig {
                    enabled: true,
                    budget_written: block.budget,
                    icon: block.icon,
                })
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// The language of a site that names none.
const DEFAULT_LANGUAGE: &str = "zh-CN";

impl Config {
    /// The site's language tags, the default first: `languages:`, else `language:`.
    pub fn tags(&self) -> Vec<String> {
        if !self.languages.is_empty() {
            return self.languages.clone();
        }
        vec![self
            .language_written
            .as_deref()
            .map(str::trim)
            .unwrap_or(DEFAULT_LANGUAGE)
            .to_string()]
    }

    /// The default language's tag.
    pub fn default_tag(&self) -> String {
        self.tags().swap_remove(0)
    }

    /// These settings for the pages of the language `tag`: its title, description
    /// and search examples.
    pub fn for_language(&self, tag: &str) -> Config {
        let default = self.default_tag();
        let mut config = self.clone();
        config.language = tag.to_string();
        config.title = self.titles.get(tag, &default).cloned().unwrap_or_default();
        config.description = self
            .descriptions
            .as_ref()
            .and_then(|d| d.get(tag, &default).cloned());
        // Search words are a language's own: another language's would be no example.
        config.search.examples = self
            .search
            .examples_written
            .exact(tag)
            .cloned()
            .unwrap_or_default();
        config.search.synonyms = self
            .search
            .synonyms_written
            .exact(tag)
            .cloned()
            .unwrap_or_default();
        config
    }

    /// The edit link of the page at `rel` (relative to `content/`), if the site has one.
    pub fn edit_link(&self, rel: &str) -> Option<String> {
        let encoded: Vec<String> = rel.split('/').map(crate::paths::encode_segment).collect();
        self.edit_url
            .as_deref()
            .map(|t| t.replace("{path}", &encoded.join("/")))
    }

    /// The logo's path under `content/` as written, without `./` or spaces around it.
    pub fn logo(&self) -> Option<&str> {
        content_path(self.logo.as_deref())
    }

    /// `stale_after` in days.
    pub fn stale_days(&self) -> Option<i64> {
        let days: u32 = self
            .stale_after
            .as_deref()?
            .strip_suffix('d')?
            .parse()
            .ok()?;
        (days > 0).then_some(i64::from(days))
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
    match load_checked(root)? {
        (config, problems) if problems.is_empty() => Ok(config),
        (_, problems) => Err(problems),
    }
}

/// Reads `<root>/site.yml` and checks it: the settings with the problems found in
/// them, so a build reports them with the rest of the site's in one run; an error
/// alone when the file cannot be read as settings or names languages that are not
/// language tags (nothing can be built for those).
pub fn load_checked(root: &Path) -> Result<(Config, Vec<Diagnostic>), Vec<Diagnostic>> {
    let path = root.join("site.yml");
    let raw = std::fs::read_to_string(&path).map_err(|e| {
        vec![Diagnostic::new("site.yml", 0, 0, format!("cannot read the site settings: {e}"))
            .with_help("create `site.yml` in the site folder with at least `title: …`, or pass `--root` to the site folder")]
    })?;
    let text = yaml::normalize_source(&raw);
    let config: Config = yaml::decode("site.yml", &text, 1, (SITE_KEYS, &[]), &text)?;
    let tags = languages(&config, &text);
    if !tags.is_empty() {
        let mut all = tags;
        all.extend(validate(&config, &text));
        all.extend(ui_strings(root, &config, &text));
        return Err(all);
    }
    let mut problems = validate(&config, &text);
    problems.extend(ui_strings(root, &config, &text));
    let mut config = config.for_language(&config.default_tag());
    config.text = text;
    Ok((config, problems))
}

/// The checks of values serde cannot make alone (a language tag, a URL), every
/// problem at once.
fn validate(config: &Config, text: &str) -> Vec<Diagnostic> {
    let mut problems: Vec<Diagnostic> = per_language(config, text);
    problems.extend(
        [
            synonyms(config, text),
            edit_url(config, text),
            stale_after(config, text),
            offline_budget(config, text),
            base_url(config, text),
            no_facts(config, text),
        ]
        .into_iter()
        .filter_map(Result::err),
    );
    problems
}

/// The site's title and description are shown as written: a `{{ id }}` there would
/// reach every page's `<title>` as braces.
fn no_facts(config: &Config, text: &str) -> Result<(), Diagnostic> {
    let descriptions = config
        .descriptions
        .as_ref()
        .map(PerLanguage::values)
        .unwrap_or_default();
    for (key, values) in [
        ("title", config.titles.values()),
        ("description", descriptions),
    ] {
        if values.iter().any(|v| v.contains("{{")) {
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

/// The language tags: well formed, not repeated, `language:` and `languages:` not
/// at odds.
fn languages(config: &Config, text: &str) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let at = |key: &str, index: Option<usize>| match index {
        Some(i) => {
            let tag = config.languages[i].trim();
            let earlier = config.languages[..i]
                .iter()
                .filter(|t| t.trim() == tag)
                .count();
            locate::item(text, key, i, tag, earlier).unwrap_or((1, 1))
        }
        None => locate::find(text, key).unwrap_or((1, 1)),
    };
    let written: Vec<(String, Option<usize>)> = if config.languages.is_empty() {
        vec![(config.tags().swap_remove(0), None)]
    } else {
        config
            .languages
            .iter()
            .enumerate()
            .map(|(i, t)| (t.trim().to_string(), Some(i)))
            .collect()
    };
    let key = if config.languages.is_empty() {
        "language"
    } else {
        "languages"
    };
    for (n, (tag, index)) in written.iter().enumerate() {
        let (line, column) = at(key, *index);
        if !is_language_tag(tag) {
            problems.push(
                Diagnostic::new(
                    "site.yml",
                    line,
                    column,
                    format!("`{tag}` is not a BCP 47 language tag"),
                )
                .with_help("write a tag like `zh-CN`, `en` or `en-GB`")
                .quoting(text),
            );
        } else if written[..n]
            .iter()
            .any(|(t, _)| t.eq_ignore_ascii_case(tag))
        {
            problems.push(
                Diagnostic::new("site.yml", line, column, format!("`{tag}` is listed twice"))
                    .with_help("list each language once")
                    .quoting(text),
            );
        }
    }
    if let (Some(one), Some(first)) = (&config.language_written, config.languages.first()) {
        if one.trim() != first.trim() {
            let (line, column) = at("language", None);
            problems.push(
                Diagnostic::new(
                    "site.yml",
                    line,
                    column,
                    format!("`language: {one}` is not the first of `languages:` (`{first}`)"),
                )
                .with_help("remove `language:`; the first of `languages:` is the default language")
                .quoting(text),
            );
        }
    }
    problems
}

/// A setting written per language names only the site's languages, and the default.
fn per_language(config: &Config, text: &str) -> Vec<Diagnostic> {
    let mut tags = config.tags();
    let mut seen = std::collections::HashSet::new();
    tags.retain(|t| seen.insert(t.clone()));
    let default = &tags[0];
    let mut problems = Vec::new();
    let fields: [(&str, Vec<&str>); 4] = [
        ("title", config.titles.tags()),
        (
            "description",
            config
                .descriptions
                .as_ref()
                .map(PerLanguage::tags)
                .unwrap_or_default(),
        ),
        ("search.examples", config.search.examples_written.tags()),
        ("search.synonyms", config.search.synonyms_written.tags()),
    ];
    for (key, written) in fields {
        if written.is_empty() {
            continue;
        }
        for tag in &written {
            if !tags.iter().any(|t| t == tag) {
                let (line, column) = place(text, key);
                problems.push(
                    Diagnostic::new(
                        "site.yml",
                        line,
                        column,
                        format!("`{key}` has a value for `{tag}`, which is not one of the site's languages"),
                    )
                    .with_help(format!(
                        "the site's languages are {}; add `{tag}` to `languages:` or fix the tag",
                        listing(&tags)
                    ))
                    .quoting(text),
                );
            }
        }
        if !written.contains(&default.as_str()) {
            let (line, column) = place(text, key);
            problems.push(
                Diagnostic::new(
                    "site.yml",
                    line,
                    column,
                    format!("`{key}` has no value for the default language, `{default}`"),
                )
                .with_help(format!(
                    "add `{default}: …`: pages of a language without its own value show the default's"
                ))
                .quoting(text),
            );
        }
    }
    problems
}

/// Where the key `path` of `site.yml` is: a top-level key (`title`), or one nested a
/// level below one (`search.examples`, found as the first line of that name indented
/// under its parent); else line 1.
pub(crate) fn place(text: &str, path: &str) -> (usize, usize) {
    let Some((parent, key)) = path.split_once('.') else {
        return locate::find(text, path).unwrap_or((1, 1));
    };
    let Some((start, _)) = locate::find(text, parent) else {
        return (1, 1);
    };
    // A flow mapping on the parent's line: `offline: {icon: a.png}`.
    if let Some(line) = text.lines().nth(start - 1) {
        let needle = format!("{key}:");
        let after_parent = line.find(':').map_or(0, |c| c + 1);
        if let Some(at) = line[after_parent..].find(&needle) {
            let column = line[..after_parent + at].chars().count() + 1;
            return (start, column);
        }
    }
    for (n, line) in text.lines().enumerate().skip(start) {
        let body = line.trim_start();
        if !line.starts_with(' ') && !body.is_empty() && !body.starts_with('#') {
            break;
        }
        if body
            .strip_prefix(key)
            .is_some_and(|rest| rest.starts_with(':'))
        {
            return (n + 1, line.len() - body.len() + 1);
        }
    }
    (start, 1)
}

/// Every language needs UI strings: shipped with Waymark for its primary language,
/// or the site's own `theme/i18n/<tag>.json`.
fn ui_strings(root: &Path, config: &Config, text: &str) -> Vec<Diagnostic> {
    config
        .tags()
        .iter()
        .enumerate()
        .filter(|(_, tag)| is_language_tag(tag))
        .filter(|(_, tag)| {
            crate::theme::shipped_language(tag).is_none()
                && !root.join("theme/i18n").join(format!("{tag}.json")).is_file()
        })
        .map(|(i, tag)| {
            let (line, column) = if config.languages.is_empty() {
                locate::find(text, "language")
            } else {
                let earlier = config.languages[..i].iter().filter(|t| *t == tag).count();
                locate::item(text, "languages", i, tag, earlier)
            }
            .unwrap_or((1, 1));
            Diagnostic::new(
                "site.yml",
                line,
                column,
                format!("Waymark has no UI strings for the language `{tag}`"),
            )
            .with_help(format!(
                "add `theme/i18n/{tag}.json` with the theme's strings in that language (`waymark theme i18n/en.json` writes the English ones to start from), or use one of the shipped languages: {}",
                listing(&crate::theme::SHIPPED_LANGUAGES.iter().map(|s| s.to_string()).collect::<Vec<_>>())
            ))
            .quoting(text)
        })
        .collect()
}

/// `a`, `b` and `c` as backticked code, in a sentence.
fn listing(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|t| format!("`{t}`")).collect();
    match quoted.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

fn synonyms(config: &Config, text: &str) -> Result<(), Diagnostic> {
    let groups = config
        .search
        .synonyms_written
        .values()
        .into_iter()
        .flatten();
    for (g, group) in groups.enumerate() {
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
        let written = config.stale_after.as_deref().unwrap_or_default();
        let (line, mut column) = locate::find(text, "stale_after").unwrap_or((1, 1));
        // At the value, when it is on the key's line.
        if let Some(value_at) = text
            .lines()
            .nth(line.saturating_sub(1))
            .and_then(|l| l.split_once(':'))
            .map(|(key, value)| {
                key.chars().count() + 1 + value.chars().take_while(|c| *c == ' ').count()
            })
            .filter(|_| !written.is_empty())
        {
            column = value_at + 1;
        }
        let help = match written.trim().parse::<u32>() {
            Ok(days) if days > 0 => format!("write the days with a `d`: `stale_after: {days}d`"),
            _ => "write a whole number of days above 0 followed by `d`, like `stale_after: 365d`"
                .to_string(),
        };
        return Err(Diagnostic::new(
            "site.yml",
            line,
            column,
            format!("`stale_after` must be a number of days followed by `d`, like `365d`, not `{written}`"),
        )
        .with_help(help)
        .quoting(text));
    }
    Ok(())
}

fn offline_budget(config: &Config, text: &str) -> Result<(), Diagnostic> {
    if config.offline.budget().is_none() {
        let (line, column) = place(text, "offline.budget");
        return Err(Diagnostic::new(
            "site.yml",
            line,
            column,
            format!(
                "`offline.budget` must be a size like `5MB`, `800KB` or a number of bytes, not `{}`",
                config.offline.budget_written.as_deref().unwrap_or_default()
            ),
        )
        .with_help("write it like `budget: 5MB`")
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

/// A BCP 47 tag in its common shape: a 2–3 letter primary language (ISO 639; the
/// longer forms BCP 47 allows are unused, and `english` is a name, not a tag),
/// then subtags of 1–8 letters or digits (`zh-CN`, `zh-Hans-CN`, `en`). Since the tag
/// also names a file of UI strings, nothing else may pass.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
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
        for bad in [
            "../../x/strings",
            "",
            "z",
            "zh_CN",
            "en-",
            "zh-CN/../x",
            "english",
        ] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }
}
