//! schema.org `HowTo` data for channel pages, safe inside a `<script>` element.

use serde_json::{json, Value};

use crate::markdown::pages::RenderedChannel;
use crate::strings::script_safe;

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
