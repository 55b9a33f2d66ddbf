//! String helpers that more than one stage needs for the text it writes: escaping
//! text for HTML, filling a UI string's `{name}` placeholders, and making JSON safe
//! inside a `<script>`.
//!
//! A leaf: it imports nothing of the crate, so `search` and `render` both use it
//! without importing each other or the theme.

/// Fills `{name}` placeholders of a UI string (`第 {n} 步，共 {m} 步`).
pub fn fill(template: &str, values: &[(&str, String)]) -> String {
    values.iter().fold(template.to_string(), |s, (k, v)| {
        s.replace(&format!("{{{k}}}"), v)
    })
}

/// Escapes `<`, `>` and `&` as JSON `\u` escapes, so no content can close the script
/// element or open a comment, while the JSON still parses to the same value.
pub fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// Escapes text for an HTML attribute or element.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The parts of a title, as (text, is code): `` `match` 控制流结构 `` is `match` as code,
/// then ` 控制流结构`. A backtick opens code only when another closes it later, with
/// something between (as in Markdown); any other backtick is text.
pub fn title_parts(title: &str) -> Vec<(&str, bool)> {
    let mut parts = Vec::new();
    let mut rest = title;
    while let Some(open) = rest.find('`') {
        let after = &rest[open + 1..];
        match after.find('`') {
            Some(close) if close > 0 => {
                if open > 0 {
                    parts.push((&rest[..open], false));
                }
                parts.push((&after[..close], true));
                rest = &after[close + 1..];
            }
            _ => break,
        }
    }
    if !rest.is_empty() {
        parts.push((rest, false));
    }
    parts
}

/// Whether a title holds inline code.
pub fn title_has_code(title: &str) -> bool {
    title_parts(title).iter().any(|(_, code)| *code)
}

/// A title as plain text, its code marks dropped (`match 控制流结构`): for `<title>`,
/// navigation text and search.
pub fn title_text(title: &str) -> String {
    title_parts(title).into_iter().map(|(t, _)| t).collect()
}

/// A title as HTML, escaped, its inline code as `<code>`.
pub fn title_html(title: &str) -> String {
    title_parts(title)
        .into_iter()
        .map(|(t, code)| {
            if code {
                format!("<code>{}</code>", escape(t))
            } else {
                escape(t)
            }
        })
        .collect()
}

/// A `YYYY-MM-DD` date written the way a language writes dates: `format` holds
/// `{year}`, `{month}` (a number), `{day}` and `{month_name}` (the month's name from
/// `months`, twelve names separated by commas), as the theme's `date_format` and
/// `months` strings give them (`{day} {month_name} {year}` → `20 November 2026`).
/// Anything that is not such a date is returned as it is.
pub fn local_date(date: &str, format: &str, months: &str) -> String {
    let parts: Vec<&str> = date.split('-').collect();
    let number = |s: &str| s.parse::<u32>().ok();
    let (Some(year), Some(month), Some(day)) = (
        parts.first().and_then(|s| number(s)),
        parts.get(1).and_then(|s| number(s)),
        parts.get(2).and_then(|s| number(s)),
    ) else {
        return date.to_string();
    };
    if parts.len() != 3 || !(1..=12).contains(&month) || format.is_empty() {
        return date.to_string();
    }
    let name = months
        .split(',')
        .nth(month as usize - 1)
        .map(str::trim)
        .unwrap_or("");
    fill(
        format,
        &[
            ("year", year.to_string()),
            ("month", month.to_string()),
            ("day", day.to_string()),
            ("month_name", name.to_string()),
        ],
    )
}

/// The templates' `date` filter: `{{ d | date(format=t.date_format, months=t.months) }}`
/// (see [`local_date`]).
pub fn date_filter(value: &str, kwargs: tera::Kwargs, _: &tera::State) -> tera::TeraResult<String> {
    let format = kwargs.get::<&str>("format")?.unwrap_or("");
    let months = kwargs.get::<&str>("months")?.unwrap_or("");
    Ok(local_date(value, format, months))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    #[test]
    fn content_cannot_close_the_script() {
        let s = script_safe(&json!({"a": "</script><script>alert(1)</script>"}).to_string());
        assert!(!s.contains("</script"));
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["a"], "</script><script>alert(1)</script>");
    }

    #[test]
    fn titles_keep_their_inline_code() {
        let t = "`match` 控制流结构";
        assert_eq!(title_text(t), "match 控制流结构");
        assert_eq!(title_html(t), "<code>match</code> 控制流结构");
        assert_eq!(title_html("a `<b>` c"), "a <code>&lt;b&gt;</code> c");
        assert_eq!(title_text("one ` tick"), "one ` tick", "unclosed is text");
        assert_eq!(title_text("``"), "``", "empty code is text");
        assert!(!title_has_code("plain") && title_has_code("`x`"));
    }

    #[test]
    fn dates_are_written_per_language() {
        let months =
            "January,February,March,April,May,June,July,August,September,October,November,December";
        assert_eq!(
            local_date("2026-11-20", "{day} {month_name} {year}", months),
            "20 November 2026"
        );
        assert_eq!(
            local_date("2026-01-05", "{year}年{month}月{day}日", ""),
            "2026年1月5日"
        );
        assert_eq!(local_date("soon", "{day}", months), "soon");
        assert_eq!(local_date("2026-13-01", "{day}", months), "2026-13-01");
    }

    #[test]
    fn placeholders_are_filled_by_name() {
        let values = [("n", "2".to_string()), ("m", "5".to_string())];
        assert_eq!(fill("第 {n} 步，共 {m} 步", &values), "第 2 步，共 5 步");
        assert_eq!(fill("{x}", &values), "{x}", "unknown names stay");
    }
}
