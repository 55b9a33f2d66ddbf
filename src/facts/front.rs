//! Facts in a page's front matter: the text fields readers see (title, description,
//! and a channel's name, summary, time, contact, hours and needs) get their values,
//! so every later stage — `<title>`, menus, search, JSON-LD, a contact's call button —
//! sees the text a reader does. The field as written is kept in `raw` for the
//! templates' marked-up form ([`super::expand::field_html`]) and the facts page.

use super::{expand, uses, Registry};
use crate::content::Page;
use crate::diagnostic::{line_col, Diagnostic};
use crate::yaml::locate;

/// Replaces the uses of facts in `page`'s front-matter text fields by their values,
/// keeping what was written in `raw`; returns every problem, placed in the file.
pub fn expand(page: &mut Page, registry: &Registry) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let yaml_line = line_col(&page.text, page.yaml.start).0;
    let yaml = page.text[page.yaml.clone()].to_string();
    // Each field: its channel (none for the page's own), its key there, its text.
    let mut fields: Vec<(Option<usize>, String, &mut String)> =
        vec![(None, "title".into(), &mut page.meta.title)];
    if let Some(d) = page.meta.description.as_mut() {
        fields.push((None, "description".into(), d));
    }
    for (i, c) in page.meta.channels.iter_mut().enumerate() {
        fields.push((Some(i), "name".into(), &mut c.name));
        for (key, value) in [
            ("summary", c.summary.as_mut()),
            ("time", c.time.as_mut()),
            ("contact", c.contact.as_mut()),
            ("hours", c.hours.as_mut()),
        ] {
            if let Some(v) = value {
                fields.push((Some(i), key.into(), v));
            }
        }
        for (j, need) in c.needs.iter_mut().enumerate() {
            fields.push((Some(i), format!("needs[{j}]"), need));
        }
    }
    let mut raw = Vec::new();
    for (channel, key, value) in fields {
        if !value.contains("{{") {
            continue;
        }
        let (text, _, problems) = expand::plain(registry, value);
        if problems.is_empty() {
            raw.push((channel, key, std::mem::replace(value, text)));
            continue;
        }
        let path = match channel {
            Some(i) => format!("channels[{i}].{key}"),
            None => key,
        };
        for problem in problems {
            let (line, column) = place(&yaml, &path, &value[problem.offset..]);
            errors.push(
                Diagnostic::new(&page.source, yaml_line + line - 1, column, problem.message)
                    .with_help(problem.help)
                    .quoting(&page.text),
            );
        }
    }
    for (channel, key, text) in raw {
        let fields = match channel {
            Some(i) => &mut page.meta.channels[i].raw,
            None => &mut page.meta.raw,
        };
        fields.insert(key, text);
    }
    errors
}

/// Line and column in the YAML block of the use that starts `rest` in the field at
/// `path`: on the field's key line (or the next lines, for a list or folded text),
/// else at the key.
fn place(yaml: &str, path: &str, rest: &str) -> (usize, usize) {
    let key_path = path
        .rsplit_once("[")
        .filter(|_| path.ends_with(']'))
        .map_or(path, |(p, _)| p);
    let (line, column) = locate::find(yaml, path)
        .or_else(|| locate::find(yaml, key_path))
        .unwrap_or((1, 1));
    let needle = match rest.find("}}") {
        Some(end) => &rest[..end + 2],
        None => rest.lines().next().unwrap_or(rest),
    };
    for (n, text) in yaml.lines().enumerate().skip(line - 1).take(40) {
        let from = if n == line - 1 {
            text.char_indices()
                .nth(column - 1)
                .map_or(text.len(), |(b, _)| b)
        } else {
            0
        };
        if let Some(at) = text.get(from..).and_then(|t| t.find(needle)) {
            return (n + 1, text[..from + at].chars().count() + 1);
        }
    }
    (line, column)
}

/// The facts a page's front matter uses (`raw` fields), in field order.
pub fn used(raw: &std::collections::BTreeMap<String, String>) -> Vec<String> {
    raw.values()
        .flat_map(|text| uses::find(text).0.into_iter().map(|u| u.id.to_string()))
        .collect()
}
