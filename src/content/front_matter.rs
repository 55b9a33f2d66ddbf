//! Splitting a Markdown file into its YAML front matter and body, and decoding YAML.
//!
//! This is the only module that touches `serde_yaml` (deprecated upstream), so a
//! maintained fork can replace it here alone. Every error it returns carries the
//! file line and column of the problem, not the line inside the YAML block.

use serde::de::DeserializeOwned;

use super::locate;
use crate::diagnostic::{line_col, suggest, Diagnostic};

/// A source file cut at its front-matter fences.
#[derive(Debug)]
pub struct Split<'a> {
    /// The YAML between the fences.
    pub yaml: &'a str,
    /// Byte offset of the YAML in the file text.
    pub yaml_start: usize,
    /// 1-based file line of the first YAML line.
    pub yaml_line: usize,
    /// Byte offset of the Markdown body in the (normalised) file text.
    pub body_offset: usize,
}

/// Removes a byte-order mark and turns CRLF line ends into LF, so offsets, lines and
/// columns are computed once, on one form of the text.
pub fn normalize_source(raw: &str) -> String {
    raw.strip_prefix('\u{feff}')
        .unwrap_or(raw)
        .replace("\r\n", "\n")
}

/// Cuts `text` (already normalised) into front matter and body.
pub fn split<'a>(file: &str, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() != "---" {
        return Err(
            Diagnostic::new(file, 1, 1, "the file does not start with front matter")
                .with_help(
                    "begin the file with a `---` line, then `title: …`, then a closing `---` line",
                )
                .quoting(text),
        );
    }
    let yaml_start = (first_line_end + 1).min(text.len());
    let mut pos = yaml_start;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        if text[pos..end].trim_end() == "---" {
            return Ok(Split {
                yaml: &text[yaml_start..pos],
                yaml_start,
                yaml_line: 2,
                body_offset: (end + 1).min(text.len()),
            });
        }
        pos = end + 1;
    }
    Err(
        Diagnostic::new(file, 1, 1, "the front matter is never closed")
            .with_help("add a line containing only `---` after the last front-matter field")
            .quoting(text),
    )
}

/// Decodes YAML into `T`, reporting errors at their place in the file.
///
/// `first_line` is the file line on which `yaml` starts; `keys` are the fields `T`
/// accepts at the top level and `item_keys` those of the items of its lists (a chapter's
/// channels), used to suggest a fix for an unknown key; `text` is the whole file,
/// quoted in the report. Duplicate keys and control characters are found here first,
/// since the YAML decoder reports them at the start of the block.
pub fn decode<T: DeserializeOwned>(
    file: &str,
    yaml: &str,
    first_line: usize,
    keys: (&[&str], &[&str]),
    text: &str,
) -> Result<T, Diagnostic> {
    let at = |(l, c): (usize, usize)| (first_line + l - 1, c);
    if let Some((i, c)) = yaml
        .char_indices()
        .find(|(_, c)| c.is_control() && !matches!(c, '\n' | '\t'))
    {
        let (line, column) = at(line_col(yaml, i));
        return Err(Diagnostic::new(
            file,
            line,
            column,
            format!(
                "the front matter holds the control character U+{:04X}",
                c as u32
            ),
        )
        .with_help("delete it; it is invisible in most editors")
        .quoting(text));
    }
    if let Some(dup) = locate::duplicates(yaml).into_iter().next() {
        let key = dup.path.rsplit('.').next().unwrap_or(&dup.path);
        return Err(Diagnostic::new(
            file,
            first_line + dup.line - 1,
            dup.column,
            format!("the key `{key}` appears twice"),
        )
        .with_help("keep one of the two lines")
        .quoting(text));
    }
    let yaml_or_empty_map = if yaml.trim().is_empty() { "{}" } else { yaml };
    serde_yaml::from_str(yaml_or_empty_map).map_err(|err| {
        let message = err.to_string();
        let message = match message.rfind(" at line ") {
            Some(i) => message[..i].to_string(),
            None => message,
        };
        let (path, detail) = match message.split_once(": ") {
            Some((path, detail)) if !path.contains(' ') => (Some(path), detail),
            _ => (None, message.as_str()),
        };
        let in_item = path.is_some_and(|p| p.contains('['));
        let (here, there) = if in_item { (keys.1, keys.0) } else { (keys.0, keys.1) };
        let located = err.location().filter(|l| l.index() > 0 || l.line() > 1 || l.column() > 1);
        let (mut line, mut column) = located
            .as_ref()
            .map_or((first_line, 1), |l| (first_line + l.line() - 1, l.column()));
        let mut diagnostic = Diagnostic::new(file, line, column, message.clone());
        let within = path.map(|p| format!(" in `{p}`")).unwrap_or_default();
        if detail.starts_with("unknown anchor") {
            diagnostic.message =
                "this alias (`*name`) refers to no anchor (`&name`) defined before it".to_string();
            diagnostic.help =
                Some("define the anchor on an earlier value, or write the value out".to_string());
        } else if let Some(unknown) = quoted_after(detail, "unknown field `") {
            if let Some(p) = locate::find(yaml, &key_path(path, unknown)) {
                (line, column) = at(p);
            }
            diagnostic.message = format!("unknown key `{unknown}`{within}");
            diagnostic.help = Some(match suggest(unknown, here) {
                _ if unknown == "title" && in_item => {
                    "a channel's title is its `name`: write `name: …`".to_string()
                }
                Some(near) if !there.contains(&unknown) => format!("did you mean `{near}`?"),
                _ if there.contains(&unknown) && in_item => format!(
                    "`{unknown}` belongs to the page, not to a channel; the keys of a channel are: {}",
                    here.join(", ")
                ),
                _ if there.contains(&unknown) => format!(
                    "`{unknown}` belongs to a channel: put it under `channels:`, in the entry of its channel"
                ),
                _ => format!("the keys allowed here are: {}", here.join(", ")),
            });
        } else if let Some(field) = quoted_after(detail, "missing field `") {
            if let Some(p) = path.and_then(|p| locate::find(yaml, &format!("{p}.id")).or_else(|| locate::find(yaml, &format!("{p}.name")))) {
                (line, column) = at(p);
            }
            diagnostic.message = format!("the required key `{field}` is missing{within}");
            diagnostic.help = Some(format!("add a line `{field}: …`"));
        } else if let Some(expected) = detail.split_once(", expected ").map(|(_, e)| e) {
            // Point at the key, unless the decoder's place is already on its line.
            if let Some(p) = path.and_then(|p| locate::find(yaml, p)).map(at) {
                if p.0 != line {
                    (line, column) = p;
                }
            }
            let found = detail
                .strip_prefix("invalid type: ")
                .or_else(|| detail.strip_prefix("invalid value: "))
                .and_then(|d| d.split_once(", expected"))
                .map_or("something else", |(f, _)| f);
            let key = path.map(|p| format!("`{p}`")).unwrap_or_else(|| "the front matter".to_string());
            diagnostic.message = format!(
                "{key} must be {}, not {}",
                in_author_terms(expected),
                in_author_terms(found)
            );
        }
        diagnostic.line = line;
        diagnostic.column = column;
        diagnostic.quoting(text)
    })
}

/// serde's names of kinds of value, as an author would say them.
fn in_author_terms(kind: &str) -> String {
    let (head, rest) = kind.split_once(' ').unwrap_or((kind, ""));
    let named = match (head, rest) {
        ("i64" | "i32" | "u64" | "u32" | "usize", _) => "a whole number",
        ("a", "boolean") | ("boolean", _) => "`true` or `false`",
        ("a", "string") | ("string", "") => "text",
        ("a", "sequence") | ("sequence", _) => "a list",
        ("struct", _) | ("a", "map") | ("map", _) => "a block of `key: value` lines",
        ("integer", _) => return format!("the number {rest}").trim_end().to_string(),
        ("floating", _) => "a decimal number",
        ("string", quoted) => return format!("the text {quoted}"),
        _ => return kind.to_string(),
    };
    named.to_string()
}

/// The locator path of key `key` inside the mapping at `path` (`channels[0]`).
fn key_path(path: Option<&str>, key: &str) -> String {
    match path {
        Some(p) => format!("{p}.{key}"),
        None => key.to_string(),
    }
}

/// The text between `prefix` and the next backtick, if `text` starts with `prefix`.
fn quoted_after<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    text.strip_prefix(prefix)
        .and_then(|rest| rest.split('`').next())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    struct Meta {
        #[allow(dead_code)]
        title: String,
        #[allow(dead_code)]
        order: Option<i64>,
    }

    #[test]
    fn tolerates_bom_and_crlf() {
        let text = normalize_source("\u{feff}---\r\ntitle: 你好\r\n---\r\nbody\r\n");
        let split = split("a.md", &text).unwrap();
        assert_eq!(split.yaml, "title: 你好\n");
        assert_eq!(&text[split.body_offset..], "body\n");
    }

    #[test]
    fn missing_fences_are_reported_with_a_fix() {
        let err = split("a.md", "# hello\n").unwrap_err();
        assert_eq!((err.line, err.column), (1, 1));
        assert!(err.help.unwrap().contains("---"));
        let err = split("a.md", "---\ntitle: x\nbody\n").unwrap_err();
        assert!(err.message.contains("never closed"));
    }

    #[test]
    fn unknown_key_names_the_file_line_and_suggests() {
        let text = "---\ntitle: a\ntitel: b\n---\n";
        let s = split("c/a.md", text).unwrap();
        let err = decode::<Meta>(
            "c/a.md",
            s.yaml,
            s.yaml_line,
            (&["title", "order"], &[]),
            text,
        )
        .unwrap_err();
        assert_eq!(err.message, "unknown key `titel`");
        assert_eq!(err.line, 3);
        assert_eq!(err.help.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn type_errors_point_at_the_value() {
        let text = "---\ntitle: a\norder: first\n---\n";
        let s = split("a.md", text).unwrap();
        let err = decode::<Meta>(
            "a.md",
            s.yaml,
            s.yaml_line,
            (&["title", "order"], &[]),
            text,
        )
        .unwrap_err();
        assert_eq!(err.line, 3, "{err}");
        assert!(err.column >= 1);
        assert!(
            err.message == "`order` must be a whole number, not the text \"first\"",
            "{}",
            err.message
        );
    }

    #[test]
    fn empty_front_matter_reports_the_missing_title() {
        let text = "---\n---\n";
        let s = split("a.md", text).unwrap();
        let err = decode::<Meta>("a.md", s.yaml, s.yaml_line, (&["title"], &[]), text).unwrap_err();
        assert!(
            err.message.contains("`title` is missing"),
            "{}",
            err.message
        );
    }
}
