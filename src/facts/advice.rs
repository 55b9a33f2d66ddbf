//! What `check` tells an author about the site's facts: which were never checked,
//! which were checked too long ago, and which no page uses. A value typed by hand
//! where a fact holds it is found with the page's text (`markdown::lints`).

use super::Registry;
use crate::diagnostic::Diagnostic;

/// The file the facts are written in.
const FILE: &str = "site.yml";

/// Advice about each fact of `registry`; `used` holds the ids some page uses, and
/// `yaml` is the text of `site.yml`, quoted in each message.
pub fn advice<'a>(
    registry: &Registry,
    used: impl IntoIterator<Item = &'a str>,
    yaml: &str,
) -> Vec<Diagnostic> {
    let used: std::collections::HashSet<&str> = used.into_iter().collect();
    let mut found = Vec::new();
    // Facts never checked are said once, at the first of them in the file: a guide
    // written from one unchecked source would otherwise repeat it for every value.
    let mut unchecked: Vec<&super::Fact> = registry
        .facts
        .values()
        .filter(|f| f.checked.is_none())
        .collect();
    unchecked.sort_by_key(|f| f.line);
    if let Some(first) = unchecked.first() {
        let (line, column) = super::place(yaml, &first.id, None);
        let ids: Vec<String> = unchecked.iter().map(|f| format!("`{}`", f.id)).collect();
        let message = match ids.as_slice() {
            [one] => format!("fact {one} was never checked"),
            many => format!(
                "{} facts were never checked: {}",
                many.len(),
                many.join(", ")
            ),
        };
        found.push(
            Diagnostic::warning(FILE, line, column, message)
                .with_help("once someone has made sure of a value at its source, add `checked: YYYY-MM-DD` to it; until then readers are told it was never checked".to_string())
                .quoting(yaml),
        );
    }
    for fact in registry.facts.values() {
        let (line, column) = super::place(yaml, &fact.id, None);
        let note = |message: String, help: String| {
            Diagnostic::warning(FILE, line, column, message)
                .with_help(help)
                .quoting(yaml)
        };
        if fact.source.is_none() {
            found.push(note(
                format!("fact `{}` does not say where it comes from", fact.id),
                "add `source:` with the page, document or call the value comes from".to_string(),
            ));
        }
        if !used.contains(fact.id.as_str()) {
            found.push(note(
                format!("no page uses fact `{}`", fact.id),
                format!(
                    "write `{{{{ {} }}}}` where readers need it, or remove the fact",
                    fact.id
                ),
            ));
        }
    }
    found
}

/// Warnings for the facts whose check is older than the site's `stale_after`.
pub fn stale(registry: &Registry, yaml: &str) -> Vec<Diagnostic> {
    let Some(max) = registry.stale_after else {
        return Vec::new();
    };
    registry
        .facts
        .values()
        .filter_map(|fact| {
            let age = fact.age(registry.today)?;
            (age > max).then(|| {
                let (line, column) = super::place(yaml, &fact.id, Some("checked"));
                Diagnostic::warning(
                    FILE,
                    line,
                    column,
                    format!(
                        "fact `{}` was checked {age} days ago, more than the site's `stale_after` of {max} days",
                        fact.id
                    ),
                )
                .with_help("check the value at its source again, then update `checked`")
                .quoting(yaml)
            })
        })
        .collect()
}
