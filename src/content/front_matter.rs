//! Splitting a Markdown file into its YAML front matter and body, and decoding YAML.
//!
//! This is the only module that touches `serde_yaml` (deprecated upstream), so a
//! maintained fork can replace it here alone. Every error it returns carries the
//! file line and column of the problem, not the line inside the YAML block.

use serde::de::DeserializeOwned;

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
/// accepts, used to suggest a fix for an unknown key; `text` is the whole file, quoted
/// in the report.
pub fn decode<T: DeserializeOwned>(
    file: &str,
    yaml: &str,
    first_line: usize,
    keys: &[&str],
    text: &str,
) -> Result<T, Diagnostic> {
    let yaml_or_empty_map = if yaml.trim().is_empty() { "{}" } else { yaml };
    serde_yaml::from_str(yaml_or_empty_map).map_err(|err| {
        let (line, column) = err
            .location()
            .map_or((first_line, 1), |l| (first_line + l.line() - 1, l.column()));
        let message = err.to_string();
        let message = match message.rfind(" at line ") {
            Some(i) => message[..i].to_string(),
            None => message,
        };
        let mut diagnostic = Diagnostic::new(file, line, column, message.clone());
        let (path, detail) = match message.split_once(": ") {
            Some((path, detail)) if !path.contains(' ') => (Some(path), detail),
            _ => (None, message.as_str()),
        };
        let within = path.map(|p| format!(" in `{p}`")).unwrap_or_default();
        if let Some(unknown) = quoted_after(detail, "unknown field `") {
            diagnostic.message = format!("unknown key `{unknown}`{within}");
            diagnostic.help = Some(match suggest(unknown, keys) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("the keys allowed here are: {}", keys.join(", ")),
            });
        } else if let Some(field) = quoted_after(detail, "missing field `") {
            diagnostic.message = format!("the required key `{field}` is missing{within}");
            diagnostic.help = Some(format!("add a line `{field}: …`"));
        }
        diagnostic.quoting(text)
    })
}

/// The text between `prefix` and the next backtick, if `text` starts with `prefix`.
fn quoted_after<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    text.strip_prefix(prefix)
        .and_then(|rest| rest.split('`').next())
}

/// File line and column of a top-level `key:` in a YAML block, for errors about a
/// value that parsed but is not allowed (a bad slug, a malformed date).
pub fn key_position(yaml: &str, first_line: usize, key: &str) -> (usize, usize) {
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(key) {
            if rest.trim_start().starts_with(':') {
                let (l, _) = line_col(yaml, offset);
                return (first_line + l - 1, 1);
            }
        }
        offset += line.len();
    }
    (first_line, 1)
}

/// File line and column of the `n`-th (0-based) occurrence of `needle` in a YAML block.
pub fn find_position(
    yaml: &str,
    first_line: usize,
    needle: &str,
    n: usize,
) -> Option<(usize, usize)> {
    let offset = yaml.match_indices(needle).nth(n)?.0;
    let (l, c) = line_col(yaml, offset);
    Some((first_line + l - 1, c))
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
        let err =
            decode::<Meta>("c/a.md", s.yaml, s.yaml_line, &["title", "order"], text).unwrap_err();
        assert_eq!(err.message, "unknown key `titel`");
        assert_eq!(err.line, 3);
        assert_eq!(err.help.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn type_errors_point_at_the_value() {
        let text = "---\ntitle: a\norder: first\n---\n";
        let s = split("a.md", text).unwrap();
        let err =
            decode::<Meta>("a.md", s.yaml, s.yaml_line, &["title", "order"], text).unwrap_err();
        assert_eq!(err.line, 3, "{err}");
        assert!(err.column >= 1);
        assert!(err.message.contains("invalid type"), "{}", err.message);
    }

    #[test]
    fn empty_front_matter_reports_the_missing_title() {
        let text = "---\n---\n";
        let s = split("a.md", text).unwrap();
        let err = decode::<Meta>("a.md", s.yaml, s.yaml_line, &["title"], text).unwrap_err();
        assert!(
            err.message.contains("`title` is missing"),
            "{}",
            err.message
        );
    }
}
