//! Where a key sits in a front-matter block, found from the text.
//!
//! YAML decoding tells what is wrong but not always where (a duplicate or unknown key
//! is reported at the start of its mapping). Front matter is small and block-styled,
//! so a line scan finds each key of the top level and of each list item below it
//! (`channels[2].name`) and points the error at the key itself.

/// A key of the front matter and its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyAt {
    /// `title`, or `channels[2].name` for a key of a list item.
    pub path: String,
    /// 1-based line within the YAML block.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// The keys of a block-style YAML mapping and of the mappings in its lists, in order.
/// A list item written as a one-line flow mapping (`- {id: app, name: APP}`) has its
/// keys found too; other flow-style values (`[a, b]`, `{a: 1}`) and block scalars are
/// passed over.
pub fn keys(yaml: &str) -> Vec<KeyAt> {
    let mut out = Vec::new();
    let mut top: Option<String> = None;
    let mut item: Option<usize> = None;
    let mut item_indent = 0usize;
    let mut dash_indent: Option<usize> = None;
    let mut scalar_indent: Option<usize> = None;
    for (n, line) in yaml.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let body = line.trim();
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        if let Some(min) = scalar_indent {
            if indent > min {
                continue;
            }
            scalar_indent = None;
        }
        let column = |byte: usize| line[..byte].chars().count() + 1;
        if indent == 0 {
            if let Some(key) = key_of(body) {
                out.push(KeyAt {
                    path: key.to_string(),
                    line: n + 1,
                    column: 1,
                });
                top = Some(key.to_string());
                item = None;
                dash_indent = None;
                if opens_block_scalar(body) {
                    scalar_indent = Some(0);
                }
            }
            continue;
        }
        let Some(parent) = &top else { continue };
        let (rest, rest_at) = match body.strip_prefix('-') {
            Some(after)
                if (after.is_empty() || after.starts_with(' '))
                    && dash_indent.is_none_or(|d| d == indent) =>
            {
                dash_indent = Some(indent);
                item = Some(item.map_or(0, |i| i + 1));
                let trimmed = after.trim_start();
                let at = line.len() - trimmed.len();
                item_indent = at;
                (trimmed, at)
            }
            _ if item.is_some() && indent == item_indent => (body, indent),
            _ => continue,
        };
        if let (Some(i), true) = (item, rest.starts_with('{')) {
            for (key, at) in flow_keys(rest) {
                out.push(KeyAt {
                    path: format!("{parent}[{i}].{key}"),
                    line: n + 1,
                    column: column(rest_at + at),
                });
            }
            continue;
        }
        if let (Some(i), Some(key)) = (item, key_of(rest)) {
            out.push(KeyAt {
                path: format!("{parent}[{i}].{key}"),
                line: n + 1,
                column: column(rest_at),
            });
            if opens_block_scalar(rest) {
                scalar_indent = Some(indent);
            }
        }
    }
    out
}

/// The keys of a flow mapping written on one line (`{id: app, checked: 2024-04-04}`),
/// each with its byte offset in `text`; nested values are passed over.
fn flow_keys(text: &str) -> Vec<(&str, usize)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut key_start = Some(1);
    for (i, b) in text.bytes().enumerate() {
        if let Some(q) = quote {
            if b == q {
                quote = None;
            }
            continue;
        }
        match b {
            b'"' | b'\'' => quote = Some(b),
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break;
                }
            }
            b',' if depth == 1 => key_start = Some(i + 1),
            b':' if depth == 1 && text[i + 1..].starts_with([' ', ',', '}']) => {
                if let Some(start) = key_start.take() {
                    let raw = &text[start..i];
                    let key = raw.trim().trim_matches(['"', '\'']);
                    if !key.is_empty() {
                        out.push((key, start + raw.len() - raw.trim_start().len()));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The place of the key at `path`, if the scan found it.
pub fn find(yaml: &str, path: &str) -> Option<(usize, usize)> {
    keys(yaml)
        .into_iter()
        .find(|k| k.path == path)
        .map(|k| (k.line, k.column))
}

/// Line and column of item `index` of the list at `path`, whose text is `item` and
/// which follows `earlier` items of the same text: the item's own line in a block
/// list, else the item's text after the key in a flow list (`languages: [zh-CN, en]`),
/// else the key.
pub fn item(
    yaml: &str,
    path: &str,
    index: usize,
    item: &str,
    earlier: usize,
) -> Option<(usize, usize)> {
    let (line, column) = find(yaml, path)?;
    if let Some(at) = find(yaml, &format!("{path}[{index}]")).filter(|at| at.0 != line) {
        return Some(at);
    }
    let start: usize = yaml
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum::<usize>()
        + column
        - 1;
    let rest = yaml.get(start..).unwrap_or("");
    let list = &rest[..rest.find(']').unwrap_or(rest.len())];
    let mut skip = earlier;
    let mut offset = 0;
    while !item.is_empty() {
        let Some(i) = list[offset..].find(item) else {
            break;
        };
        let at = offset + i;
        let touches = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '-');
        let whole = !touches(list[..at].chars().next_back())
            && !touches(list[at + item.len()..].chars().next());
        if whole {
            if skip == 0 {
                return Some(crate::diagnostic::line_col(yaml, start + at));
            }
            skip -= 1;
        }
        offset = at + item.len();
    }
    Some((line, column))
}

/// The keys that appear a second time in the same mapping, at their second place.
pub fn duplicates(yaml: &str) -> Vec<KeyAt> {
    let mut seen = std::collections::HashSet::new();
    keys(yaml)
        .into_iter()
        .filter(|k| !seen.insert(k.path.clone()))
        .collect()
}

/// The key of a `key: value` line (plain or quoted), if it is one.
fn key_of(text: &str) -> Option<&str> {
    let (key, rest) = if let Some(q) = text.strip_prefix('"') {
        let end = q.find('"')?;
        (&q[..end], &q[end + 1..])
    } else if let Some(q) = text.strip_prefix('\'') {
        let end = q.find('\'')?;
        (&q[..end], &q[end + 1..])
    } else {
        let end = text.find(':')?;
        (text[..end].trim_end(), &text[end..])
    };
    let rest = rest.trim_start();
    let is_key = rest.starts_with(':') && (rest.len() == 1 || rest[1..].starts_with([' ', '\t']));
    (is_key && !key.is_empty() && !key.starts_with(['[', '{', '&', '*', '!', '|', '>']))
        .then_some(key)
}

fn opens_block_scalar(text: &str) -> bool {
    let value = text.split_once(':').map_or("", |(_, v)| v).trim();
    value.starts_with('|') || value.starts_with('>')
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "title: 渠道\nchannels:\n  - id: app\n    name: APP\n    needs:\n      - 订单号\n  - name: 网页\n    id: web\nsummary: |\n  id: not a key\norder: 1\n";

    #[test]
    fn finds_top_level_and_item_keys() {
        assert_eq!(find(YAML, "title"), Some((1, 1)));
        assert_eq!(find(YAML, "channels[0].id"), Some((3, 5)));
        assert_eq!(find(YAML, "channels[0].name"), Some((4, 5)));
        assert_eq!(find(YAML, "channels[1].id"), Some((8, 5)));
        assert_eq!(find(YAML, "order"), Some((11, 1)));
        assert_eq!(find(YAML, "summary"), Some((9, 1)));
        assert!(keys(YAML).iter().all(|k| k.path != "id"));
    }

    #[test]
    fn finds_keys_of_an_item_written_as_a_flow_mapping() {
        let yaml = "channels:\n  - {id: one, name: \"a: b, c\", hours: {from: 9}, checked: 2024-04-04}\n  - id: two\n";
        assert_eq!(find(yaml, "channels[0].id"), Some((2, 6)));
        assert_eq!(find(yaml, "channels[0].checked"), Some((2, 50)));
        assert_eq!(find(yaml, "channels[0].hours"), Some((2, 32)));
        assert_eq!(find(yaml, "channels[0].from"), None);
        assert_eq!(find(yaml, "channels[1].id"), Some((3, 5)));
    }

    #[test]
    fn duplicates_are_found_at_the_second_place() {
        let d = duplicates("title: a\norder: 1\ntitle: b\n");
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].path.as_str(), d[0].line), ("title", 3));
        let d = duplicates("channels:\n  - id: a\n    id: b\n  - id: a\n");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, 3);
    }
}
