//! schema.org `HowTo` data for channel pages, safe inside a `<script>` element.

use serde_json::{json, Value};

use crate::markdown::pages::RenderedChannel;

/// The `HowTo` JSON-LD, named `title`, of a channel page whose absolute or relative
/// URL is `url`.
pub fn how_to(title: &str, channel: &RenderedChannel, url: &str) -> String {
    let steps: Vec<Value> = channel
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            json!({
                "@type": "HowToStep",
                "position": i + 1,
                "name": s.title,
                "text": if s.text.is_empty() { &s.title } else { &s.text },
                "url": format!("{url}#{}", crate::paths::step_anchor(i + 1)),
            })
        })
        .collect();
    let mut data = json!({
        "@context": "https://schema.org",
        "@type": "HowTo",
        "name": title,
        "step": steps,
    });
    if let Some(summary) = &channel.meta.summary {
        data["description"] = json!(summary);
    }
    if !channel.meta.needs.is_empty() {
        data["supply"] = channel
            .meta
            .needs
            .iter()
            .map(|n| json!({"@type": "HowToSupply", "name": n}))
            .collect();
    }
    script_safe(&data.to_string())
}

/// Escapes `<`, `>` and `&` as JSON `\u` escapes, so no content can close the script
/// element or open a comment, while the JSON still parses to the same value.
pub fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_cannot_close_the_script() {
        let s = script_safe(&json!({"a": "</script><script>alert(1)</script>"}).to_string());
        assert!(!s.contains("</script"));
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["a"], "</script><script>alert(1)</script>");
    }
}
