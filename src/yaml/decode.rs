//! Splitting a Markdown file into its YAML front matter and body, and decoding YAML.
//!
//! This is the only module that touches `serde_yaml` (deprecated upstream), so a
//! maintained fork can replace it here alone. Every error it returns carries the
//! file line and column of the problem, not the line inside the YAML block, says in
//! the author's terms what is wrong and how to fix it, and comes with every other
//! problem of the same block (see [`decode`]).
//!
//! Below [`decode`]: the typed decoder's errors in the author's terms; then the YAML
//! syntax errors, placed with the help of a light scan of the text (where a quote or a
//! bracket opened, which line lacks its `: `), since the parser names only where it
//! gave up.

use serde::de::DeserializeOwned;

use crate::diagnostic::{line_col, suggest, Diagnostic};
use crate::yaml::locate;

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

/// Decodes YAML into `T`, reporting every problem it finds at its place in the file.
///
/// `first_line` is the file line on which `yaml` starts; `keys` are the fields `T`
/// accepts at the top level and `item_keys` those of the items of its lists (a chapter's
/// channels), used to suggest a fix for an unknown key; `text` is the whole file,
/// quoted in the report.
///
/// Problems are gathered, not stopped at. Control characters and keys written twice
/// are found by scanning the text (the YAML decoder reports them at the start of the
/// block). A syntax error is then reported in the author's terms, at the place the
/// author must change (where a quote or bracket opened, the tab, the key missing its
/// `: `), and ends the search, since nothing after it can be read for sure. Otherwise
/// the typed decoding runs again and again: each unknown key or badly typed value is
/// reported and then commented out of a working copy of the text, which keeps every
/// line and column where it was, until the rest decodes or a problem cannot be stepped
/// over (a missing key). The problems come back sorted by line and column.
pub fn decode<T: DeserializeOwned>(
    file: &str,
    yaml: &str,
    first_line: usize,
    keys: (&[&str], &[&str]),
    text: &str,
) -> Result<T, Vec<Diagnostic>> {
    let place = Place {
        file,
        first_line,
        text,
        lines: yaml.lines().count().max(1),
    };
    let what = place.what();
    let mut problems = Vec::new();
    let mut work = String::with_capacity(yaml.len());
    for (i, c) in yaml.char_indices() {
        if c.is_control() && !matches!(c, '\n' | '\t') {
            problems.push(Problem::new(
                line_col(yaml, i),
                format!("{what} holds the control character U+{:04X}", c as u32),
                "delete it; it is invisible in most editors",
            ));
            work.push(' ');
        } else {
            work.push(c);
        }
    }
    for dup in locate::duplicates(&work) {
        let key = dup.path.rsplit('.').next().unwrap_or(&dup.path);
        problems.push(Problem::new(
            (dup.line, dup.column),
            format!("the key `{key}` appears twice"),
            "keep one of the two lines",
        ));
        comment_out(&mut work, dup.line, dup.column);
    }
    if let Err(err) = serde_yaml::from_str::<serde_yaml::Value>(or_empty(&work)) {
        problems.push(syntax_problem(&work, &err, &what));
        return Err(place.report(problems));
    }
    let mut removed: Vec<Removed> = Vec::new();
    // Each round reports a key or fills one in, so the rounds are bounded by the lines.
    for _ in 0..=2 * place.lines {
        let err = match serde_yaml::from_str::<T>(or_empty(&work)) {
            Ok(value) if problems.is_empty() => return Ok(value),
            Ok(_) => break,
            Err(err) => err,
        };
        let stepped = match typed_problem(&err, &work, keys, &removed, &what) {
            Found::New(found) => {
                problems.push(found.problem);
                match found.remove {
                    Some(
                        gone @ Removed {
                            at: Some((line, column)),
                            ..
                        },
                    ) => {
                        let done = comment_out(&mut work, line, column);
                        removed.push(gone);
                        done
                    }
                    _ => false,
                }
            }
            Found::Removed { parent, field } => {
                let filled = removed
                    .iter_mut()
                    .filter(|r| r.explains(parent.as_deref(), &field))
                    .any(|r| r.fill(&mut work, &field));
                // The stand-in is itself a removal: a bad type of it, or the key
                // missing again, is nothing new.
                removed.push(Removed {
                    parent,
                    key: field,
                    meant: None,
                    at: None,
                    filled: true,
                });
                filled
            }
            Found::Nothing => false,
        };
        // Stepping over a value that spans lines in an unusual way could leave text
        // that no longer parses; the problems found so far are then the report.
        if !stepped || serde_yaml::from_str::<serde_yaml::Value>(or_empty(&work)).is_err() {
            break;
        }
    }
    if problems.is_empty() {
        problems.push(Problem::new(
            (1, 1),
            format!("{what} could not be read"),
            "write it as `key: value` lines, like `title: …`",
        ));
    }
    Err(place.report(problems))
}

/// One problem, placed by line and column inside the YAML block.
#[derive(Debug)]
struct Problem {
    line: usize,
    column: usize,
    message: String,
    help: Option<String>,
}

impl Problem {
    fn new(
        (line, column): (usize, usize),
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        Problem {
            line,
            column,
            message: message.into(),
            help: Some(help.into()),
        }
    }
}

/// Where the YAML block sits, to turn a [`Problem`] into a file's [`Diagnostic`].
struct Place<'a> {
    file: &'a str,
    first_line: usize,
    text: &'a str,
    /// Lines of the YAML block, so no problem is placed below it.
    lines: usize,
}

impl Place<'_> {
    /// How the report names the YAML: a page's front matter, or a settings file.
    fn what(&self) -> String {
        if self.file.ends_with(".md") {
            "the front matter".to_string()
        } else {
            format!("`{}`", self.file)
        }
    }

    fn report(&self, problems: Vec<Problem>) -> Vec<Diagnostic> {
        let mut out: Vec<Diagnostic> = problems
            .into_iter()
            .map(|p| {
                let line = p.line.clamp(1, self.lines.max(1));
                let mut d = Diagnostic::new(
                    self.file,
                    self.first_line + line - 1,
                    p.column.max(1),
                    p.message,
                );
                d.help = p.help;
                d.quoting(self.text)
            })
            .collect();
        crate::diagnostic::sort(&mut out);
        out
    }
}

/// The YAML to decode: an empty block (or one of comments only) as an empty mapping,
/// so that a missing `title` is reported as such.
fn or_empty(yaml: &str) -> &str {
    let empty = yaml.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#')
    });
    if empty {
        "{}"
    } else {
        yaml
    }
}

/// A key already reported and commented out of the working text.
struct Removed {
    /// The mapping it was in (`channels[0]`), `None` at the top.
    parent: Option<String>,
    key: String,
    /// The key it was probably meant to be (`title` for `titel`).
    meant: Option<String>,
    /// Where the key is (line and column in the YAML block), if it can be found.
    at: Option<(usize, usize)>,
    /// Whether its line now holds a stand-in for a required key (see [`Removed::fill`]).
    filled: bool,
}

impl Removed {
    fn path(&self) -> String {
        key_path(self.parent.as_deref(), &self.key)
    }

    /// Whether a missing `field` of mapping `parent` follows from this removal: the
    /// key was `field` itself (with a bad value) or a misspelling of it.
    fn explains(&self, parent: Option<&str>, field: &str) -> bool {
        self.parent.as_deref() == parent
            && (self.key == field || self.meant.as_deref() == Some(field))
    }

    /// Writes a stand-in `field: x` on the line of this removed key, so the decoder
    /// passes the mapping whose required `field` it removed and goes on to look at
    /// the rest. Text is what every required key of front matter and settings holds.
    fn fill(&mut self, work: &mut String, field: &str) -> bool {
        let Some((line, column)) = self.at.filter(|_| !self.filled) else {
            return false;
        };
        let Some(start) = line_start(work, line) else {
            return false;
        };
        let end = work[start..].find('\n').map_or(work.len(), |i| start + i);
        let key = start + byte_at(&work[start..end], column);
        if !work[key..end].starts_with('#') {
            return false;
        }
        work.replace_range(key..end, &format!("{field}: x"));
        self.filled = true;
        true
    }
}

/// A problem the typed decoder found, and the key to step over to look further.
struct Typed {
    problem: Problem,
    remove: Option<Removed>,
}

/// What the typed decoder's error is, once problems already reported are known.
enum Found {
    /// A problem to report.
    New(Typed),
    /// A required key is missing because it was reported and removed: put a stand-in.
    Removed {
        parent: Option<String>,
        field: String,
    },
    /// Nothing new; nothing more can be learnt.
    Nothing,
}

/// The keys a decoding error says were expected: serde writes ``expected one of `a`,
/// `b` `` or `` expected `a` `` after an unknown field.
fn expected_keys(detail: &str) -> Vec<&str> {
    let Some((_, list)) = detail.split_once("expected ") else {
        return Vec::new();
    };
    // serde says "expected `a`", "expected `a` or `b`" or "expected one of `a`, `b`, `c`".
    let list = list.strip_prefix("one of ").unwrap_or(list);
    list.split(", ")
        .flat_map(|k| k.split(" or "))
        .filter_map(|k| k.strip_prefix('`')?.strip_suffix('`'))
        .collect()
}

/// Turns a typed decoding error into a problem in the author's terms, unless it only
/// follows from a key already reported and removed (a `title` that was a list is then
/// "missing").
fn typed_problem(
    err: &serde_yaml::Error,
    yaml: &str,
    keys: (&[&str], &[&str]),
    removed: &[Removed],
    what: &str,
) -> Found {
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
    let (here, there) = if in_item {
        (keys.1, keys.0)
    } else {
        (keys.0, keys.1)
    };
    // A key of a nested mapping (`search:`, a fact under `facts:`): the keys allowed
    // there are the ones the decoder names, not the file's top-level keys.
    let nested = expected_keys(detail);
    let (here, there): (&[&str], &[&str]) = if path.is_some() && !in_item && !nested.is_empty() {
        (&nested, &[])
    } else {
        (here, there)
    };
    let located = err
        .location()
        .filter(|l| l.index() > 0 || l.line() > 1 || l.column() > 1);
    let (mut line, mut column) = located.as_ref().map_or((1, 1), |l| (l.line(), l.column()));
    let within = path.map(|p| format!(" in `{p}`")).unwrap_or_default();
    let mut remove = None;
    let help;
    let message = if let Some(unknown) = quoted_after(detail, "unknown field `") {
        if let Some(p) = locate::find(yaml, &key_path(path, unknown)) {
            (line, column) = p;
        }
        let near = suggest(unknown, here);
        help = Some(match near {
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
        let meant = if unknown == "title" && in_item {
            Some("name")
        } else {
            near
        };
        let at = locate::find(yaml, &key_path(path, unknown)).or_else(|| {
            // A key of a nested block the line scan does not follow: the decoder's
            // place, if the key is there.
            let text = yaml.split('\n').nth(line.wrapping_sub(1))?;
            text[byte_at(text, column)..]
                .starts_with(unknown)
                .then_some((line, column))
        });
        remove = Some(Removed {
            parent: path.map(str::to_string),
            key: unknown.to_string(),
            meant: meant.map(str::to_string),
            at,
            filled: false,
        });
        format!("unknown key `{unknown}`{within}")
    } else if let Some(field) = quoted_after(detail, "missing field `") {
        if removed.iter().any(|r| r.explains(path, field)) {
            return Found::Removed {
                parent: path.map(str::to_string),
                field: field.to_string(),
            };
        }
        if let Some(p) = path.and_then(|p| {
            locate::find(yaml, &format!("{p}.id"))
                .or_else(|| locate::find(yaml, &format!("{p}.name")))
        }) {
            (line, column) = p;
        }
        help = Some(format!("add a line `{field}: …`"));
        format!("the required key `{field}` is missing{within}")
    } else if let Some(key) = quoted_after(detail, "duplicate field `") {
        help = Some("keep one of the two".to_string());
        format!("the key `{key}` appears twice{within}")
    } else if let Some(expected) = detail.split_once(", expected ").map(|(_, e)| e) {
        let after_removal = removed.iter().any(|r| match path {
            None => true,
            Some(p) => {
                let r = r.path();
                r == p || r.starts_with(&format!("{p}.")) || r.starts_with(&format!("{p}["))
            }
        });
        if after_removal {
            return Found::Nothing;
        }
        let found = detail
            .strip_prefix("invalid type: ")
            .or_else(|| detail.strip_prefix("invalid value: "))
            .and_then(|d| d.split_once(", expected"))
            .map_or("something else", |(f, _)| f);
        if path.is_none() && found.starts_with("string") {
            // The whole block read as one text: a first line that is no `key: value`.
            if let Some(problem) = first_content_line(yaml).and_then(|l| missing_colon(yaml, l)) {
                return Found::New(Typed {
                    problem,
                    remove: None,
                });
            }
        }
        // Point at the key, unless the decoder's place is already on its line; step
        // over the nearest key that holds the bad value.
        if let Some(p) = path {
            let mut holder = p;
            loop {
                if let Some(at) = locate::find(yaml, holder) {
                    if holder == p && at.0 != line {
                        (line, column) = at;
                    }
                    let (parent, key) = match holder.rsplit_once('.') {
                        Some((parent, key)) => (Some(parent.to_string()), key),
                        None => (None, holder),
                    };
                    remove = Some(Removed {
                        parent,
                        key: key.to_string(),
                        meant: None,
                        at: Some(at),
                        filled: false,
                    });
                    break;
                }
                match holder.rfind(['.', '[']) {
                    Some(i) => holder = &holder[..i],
                    None => break,
                }
            }
        }
        let expected = in_author_terms(expected);
        help = type_help(path, &expected);
        let key = path.map_or_else(|| what.to_string(), |p| format!("`{p}`"));
        format!("{key} must be {expected}, not {}", in_author_terms(found))
    } else {
        help = Some(format!(
            "check the value on this line; the YAML decoder says: {message}"
        ));
        format!("{what} could not be read here")
    };
    Found::New(Typed {
        problem: Problem {
            line,
            column,
            message,
            help,
        },
        remove,
    })
}

/// How to write a value of the kind a key expects.
fn type_help(path: Option<&str>, expected: &str) -> Option<String> {
    let Some(path) = path else {
        return Some("write one `key: value` per line, like `title: …`".to_string());
    };
    let key = path.rsplit('.').next().unwrap_or(path);
    if key.ends_with(']') {
        return (expected == "a block of `key: value` lines").then(|| {
            "write each entry as `key: value` lines, the first after its `- `, the others below it, lined up".to_string()
        });
    }
    Some(match expected {
        "a whole number" => format!("write a whole number, like `{key}: 2`"),
        "`true` or `false`" => format!("write `{key}: true` or `{key}: false`"),
        "text" => {
            format!("write the text after `{key}: `, in quotes if it starts with `[`, `{{` or `-` (a fact alone is `{key}: \"{{{{ id }}}}\"`)")
        }
        "a list" => format!(
            "write `{key}: [a, b]`, or `{key}:` and then one `- item` line for each entry below it"
        ),
        "a block of `key: value` lines" => format!(
            "write `{key}:` alone on its line and its `key: value` lines below it, indented"
        ),
        _ => return None,
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

/// Comments out the key at `line`:`column` of `work` (1-based, column in characters)
/// and blanks the lines of its value below it, keeping every line and column of the
/// text where it was. Returns whether anything changed.
fn comment_out(work: &mut String, line: usize, column: usize) -> bool {
    let Some(start) = line_start(work, line) else {
        return false;
    };
    let end = work[start..].find('\n').map_or(work.len(), |i| start + i);
    let key = start + byte_at(&work[start..end], column);
    if key >= end || !(key == start || work[..key].ends_with([' ', '\t'])) {
        return false;
    }
    let first = work[key..].chars().next().map_or(1, char::len_utf8);
    // A value below its key may be a list lined up with the key (`tags:` then `- a`).
    let list_below = key_line(&work[start..end]).is_some_and(|k| k.value.is_empty());
    let mut out = String::with_capacity(work.len());
    out.push_str(&work[..key]);
    out.push('#');
    out.push_str(&work[key + first..end]);
    let mut rest = &work[end..];
    while let Some(next) = rest.strip_prefix('\n') {
        let next_end = next.find('\n').unwrap_or(next.len());
        let text = &next[..next_end];
        let indent = indent_of(text);
        let item = list_below
            && indent + 1 == column
            && (text[indent..].starts_with("- ") || text[indent..].trim_end() == "-");
        if !is_blank(text) && indent < column && !item {
            break;
        }
        out.push('\n');
        out.extend(text.chars().map(|_| ' '));
        rest = &next[next_end..];
    }
    out.push_str(rest);
    let changed = out != *work;
    *work = out;
    changed
}

/// Byte offset at which 1-based `line` of `text` starts.
fn line_start(text: &str, line: usize) -> Option<usize> {
    if line == 0 {
        return None;
    }
    if line == 1 {
        return Some(0);
    }
    text.match_indices('\n').nth(line - 2).map(|(i, _)| i + 1)
}

/// Byte offset of 1-based character `column` in `line` (its end if past it).
fn byte_at(line: &str, column: usize) -> usize {
    line.char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i)
}

/// A `key: value` line, as far as a look at the line can tell.
struct KeyLine<'a> {
    /// 0-based character column of the key (after any `- `).
    column: usize,
    key: &'a str,
    /// 0-based character column of the `:` after the key.
    colon: usize,
    /// The value, trimmed; empty when the value (if any) is on the lines below.
    value: &'a str,
}

/// Reads `line` as a `key: value` line (the key after any `- `), if it is one.
fn key_line(line: &str) -> Option<KeyLine<'_>> {
    let mut rest = line.trim_start_matches(' ');
    while let Some(after) = rest.strip_prefix('-') {
        if !(after.is_empty() || after.starts_with(' ')) {
            break;
        }
        rest = after.trim_start_matches(' ');
    }
    let start = line.len() - rest.len();
    let key_end = match rest.chars().next() {
        Some(q @ ('"' | '\'')) => 2 + rest[1..].find(q)?,
        _ => 0,
    };
    let colon = key_end
        + rest[key_end..].char_indices().find_map(|(i, c)| {
            let after = &rest[key_end + i + c.len_utf8()..];
            (c == ':' && (after.is_empty() || after.starts_with([' ', '\t']))).then_some(i)
        })?;
    let key = rest[..colon].trim_end();
    let plain_start = [
        '#', '[', '{', '&', '*', '!', '|', '>', '%', '@', '`', '?', ',',
    ];
    if key.is_empty() || (key_end == 0 && key.starts_with(plain_start)) {
        return None;
    }
    Some(KeyLine {
        column: line[..start].chars().count(),
        key: key.trim_matches(['"', '\'']),
        colon: line[..start + colon].chars().count(),
        value: rest[colon + 1..].trim(),
    })
}

/// Whether a line holds nothing for the parser.
fn is_blank(line: &str) -> bool {
    let t = line.trim_start_matches([' ', '\t']);
    t.is_empty() || t.starts_with('#')
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// 1-based number of the first line that holds something.
fn first_content_line(yaml: &str) -> Option<usize> {
    yaml.split('\n').position(|l| !is_blank(l)).map(|i| i + 1)
}

/// What a light scan of the YAML text finds that the parser does not place: where a
/// quote or a bracket that is never closed opened, and the tabs used for indentation.
#[derive(Debug, Default)]
struct Scan {
    /// Byte offset of the first quote that is never closed.
    open_quote: Option<usize>,
    /// Byte offsets of the `[` and `{` still open at the end, outermost first.
    open_flows: Vec<usize>,
    /// Byte offsets of tabs in the indentation of lines outside brackets and quotes.
    tabs: Vec<usize>,
}

/// Scans `yaml` as the YAML scanner would, far enough to tell where each quoted text,
/// bracket, comment and block text (`|`, `>`) starts and ends.
fn scan(yaml: &str) -> Scan {
    let b = yaml.as_bytes();
    let mut found = Scan::default();
    let mut flows: Vec<usize> = Vec::new();
    // Lines indented more than this are the text of a `|` or `>` block.
    let mut block_text: Option<usize> = None;
    // Lines indented more than this continue a plain (unquoted) text.
    let mut plain: Option<usize> = None;
    // Column of the line's first key or value, after any `- `.
    let mut node_column = 0;
    let mut node_start = true;
    let mut i = 0;
    let mut at_line_start = true;
    while i < b.len() {
        if at_line_start {
            at_line_start = false;
            let end = yaml[i..].find('\n').map_or(b.len(), |e| i + e);
            let line = &yaml[i..end];
            let indent = indent_of(line);
            let blank = line.trim_start_matches([' ', '\t']).is_empty();
            if let Some(min) = block_text {
                if blank || indent > min {
                    i = end;
                    continue;
                }
                block_text = None;
            }
            let white = line.len() - line.trim_start_matches([' ', '\t']).len();
            if flows.is_empty() && !blank {
                if let Some(t) = line[..white].find('\t') {
                    found.tabs.push(i + t);
                }
            }
            if flows.is_empty() && !blank && !line[white..].starts_with('#') {
                let continues = plain.is_some_and(|p| indent > p);
                if !continues {
                    plain = None;
                }
                node_start = !continues;
                let mut after = line.trim_start_matches(' ');
                while let Some(rest) = after.strip_prefix('-') {
                    if !(rest.is_empty() || rest.starts_with(' ')) {
                        break;
                    }
                    after = rest.trim_start_matches(' ');
                }
                node_column = line.len() - after.len();
            }
            i += white;
            continue;
        }
        let c = b[i];
        let next = b.get(i + 1).copied();
        let spaced = |n: Option<u8>| matches!(n, None | Some(b' ' | b'\t' | b'\n'));
        match c {
            b'\n' => {
                at_line_start = true;
                i += 1;
            }
            b'#' if i == 0 || matches!(b[i - 1], b' ' | b'\t' | b'\n') => {
                i = yaml[i..].find('\n').map_or(b.len(), |e| i + e);
            }
            b'"' | b'\'' if node_start => match closing(b, i) {
                Some(end) => {
                    i = end + 1;
                    node_start = false;
                    plain = None;
                }
                None => {
                    found.open_quote = Some(i);
                    break;
                }
            },
            b'[' | b'{' if node_start || !flows.is_empty() => {
                flows.push(i);
                node_start = true;
                i += 1;
            }
            b']' | b'}' if !flows.is_empty() => {
                flows.pop();
                node_start = false;
                i += 1;
            }
            b',' if !flows.is_empty() => {
                node_start = true;
                i += 1;
            }
            b':' if spaced(next)
                || (!flows.is_empty() && matches!(next, Some(b',' | b']' | b'}'))) =>
            {
                node_start = true;
                plain = None;
                i += 1;
            }
            b'-' | b'?' if node_start && spaced(next) => i += 1,
            b'|' | b'>' if node_start && flows.is_empty() => {
                block_text = Some(node_column);
                i = yaml[i..].find('\n').map_or(b.len(), |e| i + e);
            }
            b'&' | b'!' | b'*' if node_start => {
                while i < b.len() && !matches!(b[i], b' ' | b'\t' | b'\n' | b',' | b']' | b'}') {
                    i += 1;
                }
                node_start = c != b'*';
            }
            b' ' | b'\t' => i += 1,
            _ => {
                if node_start && flows.is_empty() {
                    plain = Some(node_column);
                }
                node_start = false;
                i += 1;
            }
        }
    }
    found.open_flows = flows;
    found
}

/// The offset of the quote that closes the quoted text opening at `open`, if any.
fn closing(b: &[u8], open: usize) -> Option<usize> {
    let quote = b[open];
    let mut j = open + 1;
    while j < b.len() {
        match b[j] {
            b'\\' if quote == b'"' => j += 2,
            b'\'' if quote == b'\'' && b.get(j + 1) == Some(&b'\'') => j += 2,
            q if q == quote => return Some(j),
            b'\n' if b[j + 1..].starts_with(b"...") || b[j + 1..].starts_with(b"---") => {
                return None
            }
            _ => j += 1,
        }
    }
    None
}

/// A YAML syntax error in the author's terms: what is wrong, at the place to change,
/// and how to fix it. The parser's own sentence follows only where no better one is
/// known, and without its line numbers, which count from the block, not the file, and
/// may name the end of the block where the report names the line to change.
fn syntax_problem(yaml: &str, err: &serde_yaml::Error, what: &str) -> Problem {
    let said = err.to_string();
    let (problem, context) = match said.split_once(", while ") {
        Some((p, c)) => (p, c),
        None => (said.as_str(), ""),
    };
    let (problem, _) = split_mark(problem);
    let (context, context_mark) = split_mark(context);
    let lines: Vec<&str> = yaml.split('\n').collect();
    let line = |n: usize| lines.get(n.wrapping_sub(1)).copied().unwrap_or("");
    let char_at = |(l, c): (usize, usize)| line(l).chars().nth(c.saturating_sub(1));
    let raw_mark = err.location().map_or((1, 1), |l| (l.line(), l.column()));
    let mark = clamp(&lines, raw_mark);
    let at_end = raw_mark.0
        > lines
            .iter()
            .rposition(|l| !is_blank(l))
            .map_or(0, |n| n + 1);
    let found = scan(yaml);
    let note = if context.is_empty() {
        format!("the YAML parser says: {problem}")
    } else {
        format!("the YAML parser says: {problem}, while {context}")
    };
    let tab_in_indent = |l: usize| {
        let text = line(l);
        let white = text.len() - text.trim_start_matches([' ', '\t']).len();
        (!is_blank(text))
            .then(|| text[..white].find('\t'))
            .flatten()
            .map(|t| (l, text[..t].chars().count() + 1))
    };

    if context.contains("quoted scalar")
        && (problem.contains("end of stream") || problem.contains("document indicator"))
    {
        let at = found
            .open_quote
            .map(|o| line_col(yaml, o))
            .or(context_mark)
            .unwrap_or(mark);
        let quote = char_at(at)
            .filter(|q| matches!(q, '"' | '\''))
            .unwrap_or('"');
        return Problem::new(
            at,
            "this quote is never closed",
            format!("close it with the same quote (`{quote}`) on the same line, or use a block scalar (`|`) for text over several lines"),
        );
    }
    let close = problem
        .strip_prefix("did not find expected ',' or '")
        .and_then(|r| r.chars().next());
    let innermost = found.open_flows.last().map(|&o| yaml.as_bytes()[o]);
    if let Some(open) = close
        .map(|c| if c == ']' { b'[' } else { b'{' })
        .or(innermost.filter(|_| at_end))
    {
        if let Some(&o) = found
            .open_flows
            .iter()
            .rev()
            .find(|&&o| yaml.as_bytes()[o] == open)
        {
            let help = if open == b'[' {
                "close the list with `]` on the same line, like `[a, b]`, or write each item below the key on a line of its own, as `- item`"
            } else {
                "close it with `}` on the same line, like `{a: 1}`, or write its keys below on lines of their own, indented"
            };
            return Problem::new(
                line_col(yaml, o),
                format!("this `{}` is never closed", open as char),
                help,
            );
        }
        return Problem::new(
            context_mark.unwrap_or(mark),
            if open == b'[' {
                "this `[…]` list is not written as YAML expects"
            } else {
                "this `{…}` is not written as YAML expects"
            },
            format!("separate its items with `, ` and put an item in quotes if it holds `: `, `,`, `#` or a bracket; {note}"),
        );
    }
    let tab = problem.contains("tab") || char_at(mark) == Some('\t');
    if let Some(at) = tab_in_indent(mark.0)
        .or_else(|| context_mark.and_then(|m| tab_in_indent(m.0)))
        .or_else(|| {
            tab.then(|| {
                found
                    .tabs
                    .iter()
                    .map(|&t| line_col(yaml, t))
                    .rfind(|&(l, _)| l <= mark.0)
            })
            .flatten()
        })
        .or_else(|| tab.then_some(mark))
    {
        return Problem::new(
            at,
            "YAML does not allow tabs for indentation",
            "indent with spaces",
        );
    }
    if problem.starts_with("found unknown escape character") {
        let escape = line(mark.0).chars().nth(mark.1).unwrap_or('?');
        return Problem::new(
            mark,
            format!("`\\{escape}` is not an escape YAML knows"),
            "in double quotes a backslash starts an escape: write `\\\\` for a backslash, or use single quotes, in which `\\` is plain text",
        );
    }
    if problem.starts_with("could not find expected ':'") {
        if let Some(p) = missing_colon(yaml, context_mark.unwrap_or(mark).0) {
            return p;
        }
    }
    if problem.starts_with("mapping values are not allowed") {
        if let Some(k) = key_line(line(mark.0)).filter(|k| k.colon < mark.1 - 1) {
            if !k.value.starts_with(['"', '\'', '[', '{']) {
                return Problem::new(
                    mark,
                    format!("the value of `{}` holds `: `, which YAML reads as the start of another key", k.key),
                    format!("put the value in quotes: `{}: {}`", k.key, quoted(k.value)),
                );
            }
        }
        if let Some(p) = misaligned(&lines, mark.0).or_else(|| keyless_above(yaml, &lines, mark.0))
        {
            return p;
        }
    }
    if problem.starts_with("did not find expected '-' indicator") {
        let text = line(mark.0);
        if text.trim_start().starts_with("- ") || text.trim() == "-" {
            let first = context_mark.map_or(1, |m| m.1);
            return Problem::new(
                (mark.0, indent_of(text) + 1),
                "this `-` does not line up with the `-` of the list above it",
                format!("start every `- ` of one list in the same column (column {first})"),
            );
        }
        if let Some(p) = misaligned(&lines, mark.0) {
            return p;
        }
    }
    if problem.starts_with("did not find expected key") {
        let text = line(mark.0);
        let before = text[..byte_at(text, mark.1)].trim_end();
        if let Some(k) = key_line(text)
            .filter(|k| before.ends_with(['"', '\'']) && k.value.starts_with(['"', '\'']))
        {
            return Problem::new(
                mark,
                "text follows the closing quote",
                format!("put all of the value of `{}` inside the quotes", k.key),
            );
        }
        if text.trim_start().starts_with("- ") {
            return Problem::new(
                (mark.0, indent_of(text) + 1),
                "a list item stands among `key: value` lines",
                "put the list under its key: the key alone on its line (`needs:`), then the `- ` items below it, indented",
            );
        }
        if let Some(p) = misaligned(&lines, mark.0) {
            return p;
        }
    }
    if problem.starts_with("block sequence entries are not allowed") {
        let key = key_line(line(mark.0)).map_or("key", |k| k.key);
        return Problem::new(
            mark,
            "a list cannot start on the line of its key",
            format!("write `{key}:` alone on its line and each `- item` below it, indented, or write the list as `[a, b]`"),
        );
    }
    if problem.starts_with("found character that cannot start any token")
        || problem.starts_with("did not find expected node content")
    {
        if let Some(c @ ('@' | '`' | ']' | '}' | ',')) = char_at(mark) {
            let value = key_line(line(mark.0))
                .map(|k| k.value)
                .filter(|v| v.starts_with(c));
            return Problem::new(
                mark,
                format!("a value cannot start with `{c}`"),
                match value {
                    Some(v) => format!("put the value in quotes: `{}`", quoted(v)),
                    None => "put the value in quotes".to_string(),
                },
            );
        }
    }
    if context.contains("alias") || context.contains("anchor") {
        let text = line(mark.0);
        let sign = text[..byte_at(text, mark.1)]
            .rfind(['*', '&'])
            .map(|i| (mark.0, text[..i].chars().count() + 1));
        if let Some(at) = sign {
            let c = char_at(at).unwrap_or('*');
            return Problem::new(
                at,
                format!("a value cannot start with `{c}` followed by this"),
                format!("`{c}` starts an alias or an anchor, a name of letters and digits; to write text that starts with `{c}`, put it in quotes"),
            );
        }
    }
    if context.contains("directive") {
        return Problem::new(
            (mark.0, 1),
            "a line that starts with `%` is a YAML directive",
            "put the text in quotes, or remove the `%`",
        );
    }
    if said.contains(", expected ") {
        return Problem::new(
            mark,
            "this value does not fit its tag (`!!…`)",
            "remove the `!!…` tag: front matter needs none",
        );
    }
    if context.contains("block scalar") {
        return Problem::new(
            mark,
            "nothing but a comment may follow `|` or `>` on its line",
            "write the text on the lines below, indented, and leave `|` (or `>`) alone after the key",
        );
    }
    if problem.starts_with("unknown anchor") {
        return Problem::new(
            mark,
            "this alias (`*name`) refers to no anchor (`&name`) defined before it",
            "define the anchor on an earlier value, or put text that starts with `*` in quotes",
        );
    }
    if problem.starts_with("recursion limit exceeded") {
        return Problem::new(
            mark,
            format!("{what} nests lists and blocks too deeply"),
            "keep to a few levels; an alias (`*name`) must not hold itself",
        );
    }
    if problem.starts_with("repetition limit exceeded") {
        return Problem::new(
            mark,
            "aliases (`*name`) repeat values too many times",
            "write the values out",
        );
    }
    if let Some(key) = problem
        .strip_prefix("duplicate entry with key ")
        .map(|k| k.trim_matches('"'))
    {
        let at = locate::duplicates(yaml)
            .into_iter()
            .find(|d| d.path.rsplit('.').next() == Some(key))
            .map_or(mark, |d| (d.line, d.column));
        return Problem::new(
            at,
            format!("the key `{key}` appears twice"),
            "keep one of the two",
        );
    }
    if problem.contains("more than one document") {
        if let Some(n) = lines
            .iter()
            .position(|l| l.starts_with("---") || l.starts_with("...") || l.starts_with('%'))
        {
            return Problem::new(
                (n + 1, 1),
                "this line starts a second YAML document",
                format!("remove it: {what} is one block of `key: value` lines"),
            );
        }
        if let Some(n) = first_content_line(yaml).filter(|&n| indent_of(line(n)) > 0) {
            return Problem::new(
                (n, indent_of(line(n)) + 1),
                "the first key is indented",
                "start the keys of the top level at the beginning of their lines",
            );
        }
    }
    Problem::new(
        mark,
        format!("{what} is not valid YAML here"),
        format!("check the quotes, colons and indentation of this line; {note}"),
    )
}

/// Cuts a trailing ` at line L column C` off a parser sentence.
fn split_mark(sentence: &str) -> (&str, Option<(usize, usize)>) {
    let Some(i) = sentence.rfind(" at line ") else {
        return (sentence, None);
    };
    let mark = sentence[i + 9..]
        .split_once(" column ")
        .and_then(|(l, c)| Some((l.parse().ok()?, c.parse().ok()?)));
    match mark {
        Some(mark) => (&sentence[..i], Some(mark)),
        None => (sentence, None),
    }
}

/// Moves a place past the end of the YAML (where the parser reports what it never
/// found the end of) onto the last line that holds something.
fn clamp(lines: &[&str], (line, column): (usize, usize)) -> (usize, usize) {
    let line = line.max(1);
    if lines.get(line - 1).is_some_and(|l| !is_blank(l)) {
        return (line, column.max(1));
    }
    match lines[..(line - 1).min(lines.len())]
        .iter()
        .rposition(|l| !is_blank(l))
    {
        Some(n) => (n + 1, indent_of(lines[n]) + 1),
        None => (line.min(lines.len().max(1)), 1),
    }
}

/// `value` in quotes that keep it as written.
fn quoted(value: &str) -> String {
    if value.contains(['"', '\\']) {
        format!("'{}'", value.replace('\'', "''"))
    } else {
        format!("\"{value}\"")
    }
}

/// Line `line` read as a key without its `: ` (`title "x"`, `title:x`), if it is one.
fn missing_colon(yaml: &str, line: usize) -> Option<Problem> {
    let text = yaml.split('\n').nth(line.checked_sub(1)?)?;
    if is_blank(text) || key_line(text).is_some() {
        return None;
    }
    let mut start = indent_of(text);
    while text[start..].starts_with("- ") {
        start += 2 + indent_of(&text[start + 2..]);
    }
    let content = text[start..].trim_end();
    let end = content
        .find(|c: char| c.is_whitespace() || c == ':')
        .unwrap_or(content.len());
    let key = &content[..end];
    let indicators = [
        '"', '\'', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '%', '@', '`', '-', '?', ',',
    ];
    if key.is_empty() || key.starts_with(indicators) {
        return None;
    }
    let rest = &content[end..];
    let value = rest.strip_prefix(':').unwrap_or(rest).trim();
    let fix = if value.is_empty() {
        format!("{key}: …")
    } else {
        format!("{key}: {value}")
    };
    Some(Problem::new(
        (line, text[..start].chars().count() + 1),
        format!("the key `{key}` needs `: ` after it"),
        format!("write `{fix}`, with a colon and a space between the key and its value"),
    ))
}

/// The key on line `line` if it does not line up with the key above it (`name` one
/// column right of `id`), as the problem to report.
fn misaligned(lines: &[&str], line: usize) -> Option<Problem> {
    let this = key_line(lines.get(line.checked_sub(1)?)?)?;
    let mut keys_above = lines[..line - 1].iter().rev().filter_map(|l| key_line(l));
    let above = keys_above.next()?;
    let message = if this.column > above.column {
        if above.value.is_empty() || above.value.starts_with(['|', '>']) {
            return None;
        }
        format!(
            "`{}` is indented more than `{}` above it",
            this.key, above.key
        )
    } else if this.column < above.column {
        // Lined up with a key further up (the end of a nested block) is fine.
        let outer = std::iter::once(above.column)
            .chain(keys_above.map(|k| k.column))
            .find(|&c| c <= this.column);
        if outer == Some(this.column) {
            return None;
        }
        format!(
            "`{}` is indented less than `{}` above it",
            this.key, above.key
        )
    } else {
        return None;
    };
    Some(Problem::new(
        (line, this.column + 1),
        message,
        format!(
            "keys of one block start in the same column: start `{}` in column {}, under `{}`",
            this.key,
            above.column + 1,
            above.key
        ),
    ))
}

/// The line without `: ` that a parser error below it comes from: in `title "x"` then
/// `order: 1`, the parser reads on into the next line and stumbles on its `: `.
fn keyless_above(yaml: &str, lines: &[&str], line: usize) -> Option<Problem> {
    let mut first = None;
    for n in (0..line.saturating_sub(1).min(lines.len())).rev() {
        let text = lines[n];
        if is_blank(text) {
            continue;
        }
        if let Some(key) = key_line(text) {
            // A line indented under a key with a value continues that value.
            if first.is_some_and(|q: usize| indent_of(lines[q]) > key.column)
                && !key.value.is_empty()
            {
                return None;
            }
            break;
        }
        if text.trim_start().starts_with('-') {
            break;
        }
        first = Some(n);
    }
    missing_colon(yaml, first? + 1)
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_keys_serde_expects_are_read_in_all_its_forms() {
        assert_eq!(expected_keys("unknown field `x`, expected `a`"), ["a"]);
        assert_eq!(
            expected_keys("unknown field `x`, expected `a` or `b`"),
            ["a", "b"]
        );
        assert_eq!(
            expected_keys("unknown field `x`, expected one of `a`, `b`, `c`"),
            ["a", "b", "c"]
        );
    }

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
        .unwrap_err()
        .remove(0);
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
        .unwrap_err()
        .remove(0);
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
        let err = decode::<Meta>("a.md", s.yaml, s.yaml_line, (&["title"], &[]), text)
            .unwrap_err()
            .remove(0);
        assert!(
            err.message.contains("`title` is missing"),
            "{}",
            err.message
        );
    }

    use crate::content::model::{FrontMatter, CHANNEL_KEYS, PAGE_KEYS};

    /// The errors of a page whose front matter is `yaml` (its lines start at line 2).
    fn page_errors(yaml: &str) -> Vec<Diagnostic> {
        let text = format!("---\n{yaml}---\n正文。\n");
        let s = split("content/a.md", &text).unwrap();
        decode::<FrontMatter>(
            "content/a.md",
            s.yaml,
            s.yaml_line,
            (PAGE_KEYS, CHANNEL_KEYS),
            &text,
        )
        .err()
        .unwrap_or_default()
    }

    /// `line:column message`, one per error, in the order reported.
    fn placed(errors: &[Diagnostic]) -> Vec<String> {
        errors
            .iter()
            .map(|e| format!("{}:{} {}", e.line, e.column, e.message))
            .collect()
    }

    fn help(error: &Diagnostic) -> &str {
        error.help.as_deref().unwrap_or("")
    }

    #[test]
    fn every_unknown_key_is_reported_in_line_order() {
        let errors = page_errors("title: A\npermalink: [/old]\nredirect_from: /x\ntags: [a, b]\n");
        assert_eq!(
            placed(&errors),
            [
                "3:1 unknown key `permalink`",
                "4:1 unknown key `redirect_from`",
                "5:1 unknown key `tags`",
            ]
        );
        assert!(help(&errors[2]).starts_with("the keys allowed here are: title"));
    }

    #[test]
    fn each_unknown_key_gets_its_own_suggestion() {
        let errors = page_errors("titel: A\nordre: 2\ndescripton: x\n");
        let helps: Vec<&str> = errors.iter().map(help).collect();
        assert_eq!(
            placed(&errors),
            [
                "2:1 unknown key `titel`",
                "3:1 unknown key `ordre`",
                "4:1 unknown key `descripton`",
            ],
            "the misspelled `title` is not also reported missing"
        );
        assert_eq!(
            helps,
            [
                "did you mean `title`?",
                "did you mean `order`?",
                "did you mean `description`?"
            ]
        );
    }

    #[test]
    fn an_unknown_key_and_bad_values_are_reported_together() {
        let errors = page_errors("title: [A]\nordre: 2\norder: first\ndraft: maybe\n");
        assert_eq!(
            placed(&errors),
            [
                "2:8 `title` must be text, not a list",
                "3:1 unknown key `ordre`",
                "4:8 `order` must be a whole number, not the text \"first\"",
                "5:8 `draft` must be `true` or `false`, not the text \"maybe\"",
            ]
        );
        assert_eq!(help(&errors[2]), "write a whole number, like `order: 2`");
    }

    #[test]
    fn a_missing_title_is_reported_with_the_other_problems() {
        let errors = page_errors("permalink: x\norder: first\n");
        assert_eq!(
            placed(&errors),
            [
                "2:1 the required key `title` is missing",
                "2:1 unknown key `permalink`",
                "3:8 `order` must be a whole number, not the text \"first\"",
            ]
        );
    }

    #[test]
    fn problems_inside_channels_are_all_reported() {
        let yaml = "title: A\nchannels:\n  - id: app\n    nmae: APP\n    tiem: 5\n  - id: web\n    name: 网页\n    needs: 订单号\n    hour: 9-5\nslgu: x\n";
        let errors = page_errors(yaml);
        assert_eq!(
            placed(&errors),
            [
                "5:5 unknown key `nmae` in `channels[0]`",
                "6:5 unknown key `tiem` in `channels[0]`",
                "9:12 `channels[1].needs` must be a list, not the text \"订单号\"",
                "10:5 unknown key `hour` in `channels[1]`",
                "11:1 unknown key `slgu`",
            ]
        );
        let helps: Vec<&str> = errors.iter().map(help).collect();
        assert_eq!(helps[0], "did you mean `name`?");
        assert_eq!(helps[1], "did you mean `time`?");
        assert_eq!(helps[3], "did you mean `hours`?");
        assert_eq!(helps[4], "did you mean `slug`?");
    }

    #[test]
    fn an_unknown_first_key_of_a_channel_is_stepped_over() {
        let errors =
            page_errors("title: A\nchannels:\n  - ident: app\n    name: APP\n    colour: red\n");
        assert_eq!(
            placed(&errors),
            [
                "4:5 unknown key `ident` in `channels[0]`",
                "5:5 the required key `id` is missing in `channels[0]`",
                "6:5 unknown key `colour` in `channels[0]`",
            ]
        );
    }

    #[test]
    fn an_unknown_key_with_a_list_or_block_below_is_stepped_over() {
        let errors =
            page_errors("title: A\ntags:\n- a\n- b\nnotes: |\n  line: one\n\n  two\norder: x\n");
        assert_eq!(
            placed(&errors),
            [
                "3:1 unknown key `tags`",
                "6:1 unknown key `notes`",
                "10:8 `order` must be a whole number, not the text \"x\"",
            ]
        );
    }

    #[test]
    fn keys_written_twice_are_all_reported_with_the_rest() {
        let errors = page_errors("title: A\norder: 1\ntitle: B\nordre: 2\norder: 3\n");
        assert_eq!(
            placed(&errors),
            [
                "4:1 the key `title` appears twice",
                "5:1 unknown key `ordre`",
                "6:1 the key `order` appears twice",
            ]
        );
    }

    #[test]
    fn settings_report_every_unknown_key() {
        let text =
            "title: 站\ntitel: x\nlang: en\nsearch:\n  synonym: [[a, b]]\nbaseurl: https://x\n";
        let errors = decode::<crate::config::Config>(
            "site.yml",
            text,
            1,
            (&["title", "language", "base_url", "search"], &[]),
            text,
        )
        .unwrap_err();
        assert_eq!(
            placed(&errors),
            [
                "2:1 unknown key `titel`",
                "3:1 unknown key `lang`",
                "5:3 unknown key `synonym` in `search`",
                "6:1 unknown key `baseurl`",
            ]
        );
    }

    #[test]
    fn an_unclosed_quote_is_reported_where_it_opens() {
        for (yaml, at, quote) in [
            ("title: \"A\ndescription: x\norder: 1\n", "2:8", '"'),
            ("title: A\ndescription: 'it is\norder: 1\n", "3:14", '\''),
            (
                "title: A\nchannels:\n  - id: app\n    name: \"APP\n",
                "5:11",
                '"',
            ),
        ] {
            let errors = page_errors(yaml);
            assert_eq!(
                placed(&errors),
                [format!("{at} this quote is never closed")],
                "{yaml}"
            );
            assert_eq!(
                help(&errors[0]),
                format!("close it with the same quote (`{quote}`) on the same line, or use a block scalar (`|`) for text over several lines")
            );
        }
    }

    #[test]
    fn quotes_in_plain_text_and_quoted_text_over_lines_are_fine() {
        let ok = "title: it's \"fine\"\ndescription: \"two\n  lines\"\norder: 1 # it's a comment\n";
        assert!(page_errors(ok).is_empty(), "{:?}", page_errors(ok));
        let errors = page_errors("title: it's\ndescription: \"two\n  lines\"\nslug: 'x\n");
        assert_eq!(placed(&errors), ["5:7 this quote is never closed"]);
    }

    #[test]
    fn a_tab_in_the_indentation_is_reported_at_the_tab() {
        for (yaml, at) in [
            ("title: A\nchannels:\n\t- id: app\n", "4:1"),
            ("title: A\n\tdescription: x\n", "3:1"),
            ("title: A\nchannels:\n  - id: app\n  \t name: APP\n", "5:3"),
        ] {
            let errors = page_errors(yaml);
            assert_eq!(
                placed(&errors),
                [format!("{at} YAML does not allow tabs for indentation")],
                "{yaml}"
            );
            assert_eq!(help(&errors[0]), "indent with spaces");
        }
    }

    #[test]
    fn a_key_without_colon_and_space_is_named() {
        for (yaml, at, fix) in [
            ("title \"x\"\norder: 1\n", "2:1", "`title: \"x\"`"),
            (
                "title: A\ndescription x\norder: 1\n",
                "3:1",
                "`description: x`",
            ),
            ("title:A\n", "2:1", "`title: A`"),
            ("order: 1\ntitle:A\n", "3:1", "`title: A`"),
        ] {
            let errors = page_errors(yaml);
            let key = fix[1..].split(':').next().unwrap();
            assert_eq!(
                placed(&errors),
                [format!("{at} the key `{key}` needs `: ` after it")],
                "{yaml}"
            );
            assert!(
                help(&errors[0]).starts_with(&format!("write {fix}")),
                "{}",
                help(&errors[0])
            );
        }
    }

    #[test]
    fn an_unclosed_bracket_is_reported_where_it_opens() {
        let errors = page_errors("title: A\ndescription: [unclosed\norder: 1\n");
        assert_eq!(placed(&errors), ["3:14 this `[` is never closed"]);
        assert!(help(&errors[0]).starts_with("close the list with `]` on the same line"));
        let errors = page_errors("title: A\nchannels:\n  - {id: a, name: b\n");
        assert_eq!(placed(&errors), ["4:5 this `{` is never closed"]);
    }

    #[test]
    fn a_misindented_key_is_compared_with_the_key_above() {
        let errors = page_errors("title: A\nchannels:\n  - id: app\n     name: APP\n");
        assert_eq!(
            placed(&errors),
            ["5:6 `name` is indented more than `id` above it"]
        );
        assert_eq!(
            help(&errors[0]),
            "keys of one block start in the same column: start `name` in column 5, under `id`"
        );
        let errors = page_errors("title: A\nchannels:\n  - id: app\n   name: APP\n");
        assert_eq!(
            placed(&errors),
            ["5:4 `name` is indented less than `id` above it"]
        );
        let errors = page_errors("title: A\n  order: 1\n");
        assert_eq!(
            placed(&errors),
            ["3:3 `order` is indented more than `title` above it"]
        );
        let ok = "title: A\nchannels:\n  - id: app\n    name: APP\n    needs:\n      - 订单号\n  - id: web\n    name: 网页\norder: 1\n";
        assert!(page_errors(ok).is_empty(), "{:?}", page_errors(ok));
    }

    #[test]
    fn other_syntax_errors_say_what_to_change() {
        for (yaml, want) in [
            ("title: A\ndescription: 时间: 9:00\n", "3:16 the value of `description` holds `: `, which YAML reads as the start of another key"),
            ("title: A\ndescription: \"a\" b\n", "3:18 text follows the closing quote"),
            ("title: A\ndescription: \"C:\\path\"\n", "3:17 `\\p` is not an escape YAML knows"),
            ("title: A\nslug: @x\n", "3:7 a value cannot start with `@`"),
            ("title: A\nchannels: - a\n", "3:11 a list cannot start on the line of its key"),
            ("title: A\n- a\n", "3:1 a list item stands among `key: value` lines"),
            ("title: A\ndescription: |x\n  a\n", "3:15 nothing but a comment may follow `|` or `>` on its line"),
            ("title: A\nslug: *x\n", "3:7 this alias (`*name`) refers to no anchor (`&name`) defined before it"),
            (" title: A\norder: 1\n", "2:2 the first key is indented"),
            ("title: A\nchannels:\n  - id: a\n    name: b\n   - id: c\n", "6:4 this `-` does not line up with the `-` of the list above it"),
        ] {
            let errors = page_errors(yaml);
            assert_eq!(placed(&errors), [want], "{yaml}");
            assert!(!help(&errors[0]).is_empty());
        }
    }

    #[test]
    fn a_parser_sentence_is_only_a_note_with_the_file_lines() {
        let errors = page_errors("title: A\ndescription: ]\n");
        assert_eq!(placed(&errors), ["3:14 a value cannot start with `]`"]);
        let errors = page_errors("title: A\ndescription: x\n: y\n");
        assert_eq!(errors.len(), 1, "{errors:?}");
        let e = &errors[0];
        assert_eq!(e.message, "the front matter is not valid YAML here");
        assert_eq!((e.line, e.column), (4, 1));
        let note = help(e).split_once("the YAML parser says: ").unwrap().1;
        assert!(!note.contains("line"), "{note}");
    }

    /// A small deterministic generator, so a failure is reproducible from its seed.
    struct Garbage(u64);

    impl Garbage {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn yaml(&mut self) -> String {
            const PIECES: &[&str] = &[
                "title",
                "order",
                "channels",
                "id",
                "name",
                "needs",
                "search",
                "x",
                "中文",
                "1",
                "true",
                "~",
                ":",
                ": ",
                "- ",
                "-",
                "\"",
                "'",
                "[",
                "]",
                "{",
                "}",
                ", ",
                ",",
                "\t",
                "\n",
                "\n",
                "\n  ",
                "\n    ",
                "  ",
                " ",
                "#",
                " #",
                "|",
                ">",
                "&a ",
                "*a",
                "!!int ",
                "%",
                "@",
                "`",
                "---",
                "...",
                "? ",
                "\\",
                "\u{7}",
                "\u{85}",
                "\u{feff}",
                "''",
                "\"\"",
                "\\\"",
                "title: A\n",
                "  - id: a\n",
                "    name: b\n",
            ];
            let n = (self.next() % 40) as usize;
            (0..n)
                .map(|_| PIECES[(self.next() % PIECES.len() as u64) as usize])
                .collect()
        }
    }

    #[test]
    fn garbage_gives_placed_errors_with_a_fix_never_a_panic() {
        let mut garbage = Garbage(0x9e37_79b9_7f4a_7c15);
        for case in 0..4000 {
            let yaml = garbage.yaml();
            let text = format!("---\n{yaml}");
            let lines = yaml.split('\n').count();
            let page = decode::<FrontMatter>("a.md", &yaml, 2, (PAGE_KEYS, CHANNEL_KEYS), &text);
            let site =
                decode::<crate::config::Config>("site.yml", &yaml, 1, (&["title"], &[]), &yaml);
            for (first, errors) in [(2, page.err()), (1, site.err())] {
                let Some(errors) = errors else { continue };
                assert!(!errors.is_empty(), "case {case}: {yaml:?}");
                for e in errors {
                    assert!(
                        (first..first + lines).contains(&e.line) && e.column >= 1,
                        "case {case}: {yaml:?} placed at {}:{}",
                        e.line,
                        e.column
                    );
                    assert!(e.help.is_some(), "case {case}: {yaml:?}: {e}");
                    assert!(
                        !e.message.contains(" at line "),
                        "case {case}: {yaml:?}: {e}"
                    );
                }
            }
        }
    }
}
