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
    fn placeholders_are_filled_by_name() {
        let values = [("n", "2".to_string()), ("m", "5".to_string())];
        assert_eq!(fill("第 {n} 步，共 {m} 步", &values), "第 2 步，共 5 步");
        assert_eq!(fill("{x}", &values), "{x}", "unknown names stay");
    }
}
