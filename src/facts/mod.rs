//! The site's facts: phone numbers, addresses, hours and names written once in
//! `site.yml` under `facts:`, each with where it comes from and when it was last
//! checked, and used in pages as `{{ id }}`.
//!
//! A reader acts on these values — dials them, goes at those hours — so each is
//! validated for its kind here, once, and every use shows its provenance.

pub mod advice;
pub mod expand;
pub mod front;
pub mod shown;
pub mod uses;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{self, Diagnostic};
use crate::yaml::text::PerLanguage;

/// The file the registry is read from, for diagnostics.
const FILE: &str = "site.yml";

/// What a fact is, which decides how a use of it is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A number to dial: a `tel:` link.
    Phone,
    /// A web address: a link (http and https only).
    Url,
    /// An e-mail address: a `mailto:` link.
    Email,
    /// Opening hours: text.
    Hours,
    /// Anything else: text.
    Text,
}

impl Kind {
    /// Every kind, as written in `site.yml`.
    pub const NAMES: &[&str] = &["phone", "url", "email", "hours", "text"];

    fn parse(name: &str) -> Option<Kind> {
        Some(match name {
            "phone" => Kind::Phone,
            "url" => Kind::Url,
            "email" => Kind::Email,
            "hours" => Kind::Hours,
            "text" => Kind::Text,
            _ => return None,
        })
    }

    /// The kind's name as written in `site.yml`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Phone => "phone",
            Kind::Url => "url",
            Kind::Email => "email",
            Kind::Hours => "hours",
            Kind::Text => "text",
        }
    }
}

/// One entry under `facts:` as written, before it is checked.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The value readers see (`9510211`); numbers are read as text. Missing, it is
    /// reported by [`Registry::check`], so the rest of `site.yml` is still read.
    /// One value, or one per language (`{zh-CN: 客服小蜜, en: …}`); a phone number,
    /// an address or an e-mail is the same in every language.
    #[serde(default, deserialize_with = "crate::yaml::text::text_per_language")]
    pub value: PerLanguage<String>,
    #[serde(default, deserialize_with = "crate::yaml::text::opt_text")]
    pub kind: Option<String>,
    /// Where the value comes from: a sentence or a URL (or one per language).
    #[serde(default, deserialize_with = "crate::yaml::text::opt_text_per_language")]
    pub source: Option<PerLanguage<String>>,
    /// When someone last made sure the value is right (`YYYY-MM-DD`).
    #[serde(default, deserialize_with = "crate::yaml::text::opt_text")]
    pub checked: Option<String>,
    /// Anything else an author or reader should know about the value (or one per
    /// language).
    #[serde(default, deserialize_with = "crate::yaml::text::opt_text_per_language")]
    pub note: Option<PerLanguage<String>>,
}

/// Keys an entry under `facts:` accepts, for the unknown-key message.
pub const ENTRY_KEYS: &[&str] = &["value", "kind", "source", "checked", "note"];

/// A checked fact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fact {
    pub id: String,
    pub value: String,
    pub kind: Kind,
    pub source: Option<String>,
    pub checked: Option<String>,
    pub note: Option<String>,
    /// For `phone`, the `tel:` link; for `url` and `email`, the link.
    pub href: Option<String>,
    /// 1-based line of the fact's id in `site.yml`.
    pub line: usize,
}

/// Every fact of a site, by id, and the clock its checks are judged by.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Registry {
    pub facts: BTreeMap<String, Fact>,
    /// Today, in days since 1970-01-01 (the build's clock or `SOURCE_DATE_EPOCH`).
    pub today: i64,
    /// The site's `stale_after`, in days.
    pub stale_after: Option<i64>,
}

impl Registry {
    /// Checks the decoded `facts:` block of `site.yml` (whose text is `yaml`), and
    /// reports every problem at once, each at its line and column. Every fact is in
    /// the registry, even one with a problem, so its uses are not reported again as
    /// unknown.
    pub fn check(entries: &BTreeMap<String, Entry>, yaml: &str) -> (Registry, Vec<Diagnostic>) {
        Registry::check_for(entries, yaml, &[], "")
    }

    /// [`Registry::check`] for the pages of the language `tag` of a site whose
    /// languages are `tags` (the default first): a value written per language gives
    /// `tag`'s, else the default's. A map naming a tag the site lacks, a map without
    /// the default, and a `phone`, `url` or `email` written per language are errors.
    pub fn check_for(
        entries: &BTreeMap<String, Entry>,
        yaml: &str,
        tags: &[String],
        tag: &str,
    ) -> (Registry, Vec<Diagnostic>) {
        let default = tags.first().map_or("", String::as_str);
        let mut facts = BTreeMap::new();
        let mut errors = Vec::new();
        for (id, entry) in entries {
            let at = |key: Option<&str>| place(yaml, id, key);
            let error = |key: Option<&str>, message: String, help: &str| {
                let (line, column) = at(key);
                Diagnostic::new(FILE, line, column, message)
                    .with_help(help.to_string())
                    .quoting(yaml)
            };
            if !uses::is_fact_id(id) {
                errors.push(error(
                    None,
                    format!("`{id}` is not a fact id"),
                    "a fact id is lower-case letters, digits and `_`, like `tmall_hotline`",
                ));
            }
            let kind = match entry.kind.as_deref().map(str::trim) {
                None => Kind::Text,
                Some(name) => Kind::parse(name).unwrap_or_else(|| {
                    let hint = diagnostic::suggest(name, Kind::NAMES)
                        .map(|s| format!("did you mean `{s}`? "))
                        .unwrap_or_default();
                    errors.push(error(
                        Some("kind"),
                        format!("fact `{id}` has the unknown kind `{name}`"),
                        &format!("{hint}the kinds are: {}", Kind::NAMES.join(", ")),
                    ));
                    Kind::Text
                }),
            };
            for (key, field) in [
                ("value", Some(&entry.value)),
                ("source", entry.source.as_ref()),
                ("note", entry.note.as_ref()),
            ] {
                let written = field.map(PerLanguage::tags).unwrap_or_default();
                if written.is_empty() {
                    continue;
                }
                if key == "value" && matches!(kind, Kind::Phone | Kind::Url | Kind::Email) {
                    errors.push(error(
                        Some("value"),
                        format!(
                            "fact `{id}` is a `{}`, which is the same in every language",
                            kind.name()
                        ),
                        "write one value; translate its `note` instead",
                    ));
                } else if tags.len() < 2 {
                    errors.push(error(
                        Some(key),
                        format!("the `{key}` of fact `{id}` is written per language, but the site has one language"),
                        "write one value, or list the site's languages under `languages:`",
                    ));
                } else if let Some(stray) = written.iter().find(|t| !tags.iter().any(|s| s == *t)) {
                    errors.push(error(
                        Some(key),
                        format!("the `{key}` of fact `{id}` has a value for `{stray}`, which is not one of the site's languages"),
                        &format!("the site's languages are {}", tags.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ")),
                    ));
                } else if !written.contains(&default) {
                    errors.push(error(
                        Some(key),
                        format!("the `{key}` of fact `{id}` has no value for the default language, `{default}`"),
                        &format!("add `{default}: …`; a language without its own value shows the default's"),
                    ));
                }
            }
            let pick = |field: &PerLanguage<String>| -> String {
                field
                    .get(tag, default)
                    .or_else(|| field.values().into_iter().next())
                    .cloned()
                    .unwrap_or_default()
            };
            let value = pick(&entry.value).trim().to_string();
            if value.is_empty() {
                errors.push(error(
                    Some("value"),
                    format!("fact `{id}` has no value"),
                    "write the value readers should see after `value: `, like `{value: \"9510211\", kind: phone}`",
                ));
            } else if value.contains("{{") {
                errors.push(error(
                    Some("value"),
                    format!("the value of fact `{id}` uses another fact, which is not supported"),
                    "write the value out in full: a fact's value is shown exactly as written",
                ));
            }
            let href = match kind {
                Kind::Phone => {
                    let contact = crate::content::contact::contact(&value);
                    if !contact.is_phone && !value.is_empty() {
                        errors.push(error(
                            Some("value"),
                            format!("fact `{id}` is a `phone` but `{value}` is not a number that can be dialled"),
                            "write the number with digits, spaces, dashes and an optional leading `+`, or use `kind: text`",
                        ));
                    }
                    contact.href.filter(|_| contact.is_phone)
                }
                Kind::Url => {
                    if !(value.starts_with("https://") || value.starts_with("http://"))
                        || value.contains(char::is_whitespace)
                    {
                        errors.push(error(
                            Some("value"),
                            format!("fact `{id}` is a `url` but `{value}` is not an http or https address"),
                            "write the whole address, starting with `https://`",
                        ));
                        None
                    } else {
                        Some(value.clone())
                    }
                }
                Kind::Email => {
                    if !is_email(&value) {
                        errors.push(error(
                            Some("value"),
                            format!(
                                "fact `{id}` is an `email` but `{value}` is not an e-mail address"
                            ),
                            "write it like `service@example.org`",
                        ));
                        None
                    } else {
                        Some(format!("mailto:{value}"))
                    }
                }
                Kind::Hours | Kind::Text => None,
            };
            let checked = entry.checked.as_deref().map(str::trim).map(str::to_string);
            if let Some(date) = &checked {
                if !crate::content::discover::is_date(date) {
                    errors.push(error(
                        Some("checked"),
                        format!("fact `{id}` has `checked: {date}`, which is not a real date"),
                        "write the day the value was last checked as `YYYY-MM-DD`, or leave `checked` out if it never was",
                    ));
                }
            }
            let trimmed = |s: &Option<String>| {
                s.as_deref()
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
            };
            facts.insert(
                id.clone(),
                Fact {
                    id: id.clone(),
                    value,
                    kind,
                    source: trimmed(&entry.source.as_ref().map(pick)),
                    checked,
                    note: trimmed(&entry.note.as_ref().map(pick)),
                    href,
                    line: at(None).0,
                },
            );
        }
        let registry = Registry {
            facts,
            ..Registry::default()
        };
        (registry, errors)
    }

    /// The fact `id`, if the site has it.
    pub fn get(&self, id: &str) -> Option<&Fact> {
        self.facts.get(id)
    }

    /// The fact `id` as templates show it.
    pub fn shown(&self, id: &str) -> Option<shown::Shown<'_>> {
        Some(self.get(id)?.shown(self.today, self.stale_after))
    }

    /// Points a use whose id is malformed (`{{ Tmall-Hotline }}`) at the site's
    /// closest fact, when there is one.
    pub fn malformed(&self, problem: &mut uses::Problem) {
        let Some(written) = problem.written.as_deref() else {
            return;
        };
        let folded: String = written
            .trim()
            .chars()
            .map(|c| match c {
                '-' | ' ' | '.' => '_',
                c => c.to_ascii_lowercase(),
            })
            .collect();
        let ids: Vec<&str> = self
            .facts
            .keys()
            .map(String::as_str)
            .filter(|id| uses::is_fact_id(id))
            .collect();
        let near = if ids.contains(&folded.as_str()) {
            Some(folded.as_str())
        } else {
            diagnostic::suggest(&folded, &ids)
        };
        if let Some(near) = near {
            problem.help = format!(
                "did you mean `{{{{ {near} }}}}`? A fact id is lower-case letters, digits and `_`"
            );
        }
    }

    /// Whether the site has no facts.
    pub fn is_empty(&self) -> bool {
        self.facts.is_empty()
    }

    /// The message for a use of an id the registry lacks, with the closest id.
    pub fn unknown(&self, id: &str) -> (String, String) {
        let ids: Vec<&str> = self.facts.keys().map(String::as_str).collect();
        let help = match diagnostic::suggest(id, &ids) {
            Some(near) => format!("did you mean `{{{{ {near} }}}}`?"),
            None if ids.is_empty() => {
                "add it to `site.yml` under `facts:` with a `value:` and a `source:`".to_string()
            }
            None => format!(
                "add it to `site.yml` under `facts:`; the site's facts are: {}",
                ids.join(", ")
            ),
        };
        (format!("there is no fact `{id}`"), help)
    }
}

/// `name@domain.tld`, no spaces: enough to refuse a typo without guessing at the
/// whole of RFC 5322.
fn is_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !value.contains(char::is_whitespace)
        && !domain.contains('@')
}

/// Line and column of fact `id` (or of its `key`) in `site.yml`: the line of `id:`
/// under `facts:`, then `key:` within that entry, flow or block style.
pub(crate) fn place(yaml: &str, id: &str, key: Option<&str>) -> (usize, usize) {
    let lines: Vec<&str> = yaml.lines().collect();
    let Some(block) = lines.iter().position(|l| l.trim_end() == "facts:") else {
        return (1, 1);
    };
    let entry = lines.iter().enumerate().skip(block + 1).find(|(_, l)| {
        let body = l.trim_start();
        l.len() > body.len()
            && (body.strip_prefix(id).is_some_and(|r| r.starts_with(':'))
                || body
                    .strip_prefix(&format!("\"{id}\""))
                    .is_some_and(|r| r.starts_with(':')))
    });
    let Some((n, line)) = entry else {
        return (1, 1);
    };
    let indent = line.len() - line.trim_start().len();
    let id_at = (n + 1, line[..indent].chars().count() + 1);
    let Some(key) = key else { return id_at };
    let pattern = format!("{key}:");
    let within = std::iter::once((n, *line)).chain(
        lines
            .iter()
            .copied()
            .enumerate()
            .skip(n + 1)
            .take_while(|(_, l)| l.trim().is_empty() || l.len() - l.trim_start().len() > indent),
    );
    for (m, text) in within {
        let start = if m == n { indent + id.len() } else { 0 };
        let mut from = start;
        while let Some(at) = text[from..].find(&pattern) {
            let at = from + at;
            let before = text[..at].chars().last();
            if before.is_none_or(|c| c == ' ' || c == '{' || c == ',') {
                return (m + 1, text[..at].chars().count() + 1);
            }
            from = at + pattern.len();
        }
    }
    id_at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(value: &str, kind: Option<&str>, checked: Option<&str>) -> Entry {
        Entry {
            value: PerLanguage::One(value.into()),
            kind: kind.map(Into::into),
            source: Some(PerLanguage::One("a public article, November 2024".into())),
            checked: checked.map(Into::into),
            note: None,
        }
    }

    const YAML: &str = "title: t\nfacts:\n  hotline: {value: \"9510211\", kind: phone}\n  site:\n    value: https://example.org\n    kind: url\n";

    #[test]
    fn kinds_decide_the_link() {
        let mut entries = BTreeMap::new();
        entries.insert(
            "hotline".to_string(),
            entry("951 0211", Some("phone"), Some("2026-11-20")),
        );
        entries.insert(
            "site".to_string(),
            entry("https://example.org", Some("url"), None),
        );
        entries.insert("mail".to_string(), entry("a@b.org", Some("email"), None));
        entries.insert(
            "hours".to_string(),
            entry("8:30–17:30", Some("hours"), None),
        );
        let (registry, errors) = Registry::check(&entries, YAML);
        assert!(errors.is_empty());
        let href = |id: &str| registry.get(id).unwrap().href.clone();
        assert_eq!(href("hotline").as_deref(), Some("tel:9510211"));
        assert_eq!(href("site").as_deref(), Some("https://example.org"));
        assert_eq!(href("mail").as_deref(), Some("mailto:a@b.org"));
        assert_eq!(href("hours"), None);
        assert_eq!(registry.get("hotline").unwrap().line, 3);
    }

    #[test]
    fn every_bad_entry_is_reported_at_its_key() {
        let mut entries = BTreeMap::new();
        entries.insert(
            "hotline".to_string(),
            entry("call us", Some("phone"), Some("2026-02-30")),
        );
        entries.insert("site".to_string(), entry("example.org", Some("ulr"), None));
        let errors = Registry::check(&entries, YAML).1;
        let said: Vec<String> = errors
            .iter()
            .map(|d| format!("{}:{} {}", d.line, d.column, d.message))
            .collect();
        assert_eq!(
            said,
            [
                "3:13 fact `hotline` is a `phone` but `call us` is not a number that can be dialled",
                "3:3 fact `hotline` has `checked: 2026-02-30`, which is not a real date",
                "6:5 fact `site` has the unknown kind `ulr`",
            ],
            "{errors:#?}"
        );
        assert!(errors[2]
            .help
            .as_deref()
            .unwrap()
            .contains("did you mean `url`?"));
    }

    #[test]
    fn a_value_may_not_use_another_fact_and_ids_are_checked() {
        let mut entries = BTreeMap::new();
        entries.insert("Hot-line".to_string(), entry("x", None, None));
        entries.insert("b".to_string(), entry("see {{ a }}", None, None));
        let errors = Registry::check(&entries, "facts:\n  Hot-line: x\n  b: y\n").1;
        assert!(errors
            .iter()
            .any(|d| d.message.contains("`Hot-line` is not a fact id")));
        assert!(errors
            .iter()
            .any(|d| d.message.contains("uses another fact")));
    }

    #[test]
    fn unknown_ids_get_the_closest_one() {
        let mut entries = BTreeMap::new();
        entries.insert(
            "tmall_hotline".to_string(),
            entry("9510211", Some("phone"), None),
        );
        let registry = Registry::check(&entries, YAML).0;
        let (message, help) = registry.unknown("tmall_hotlin");
        assert_eq!(message, "there is no fact `tmall_hotlin`");
        assert_eq!(help, "did you mean `{{ tmall_hotline }}`?");
    }
}
