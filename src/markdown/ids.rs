//! Stable, unique heading ids that keep Han characters.
//!
//! A reader shares `guide.html#联系客服`, so ids must survive rebuilds and keep the
//! words of the heading; transliterating to pinyin or dropping non-ASCII (as many
//! tools do) would leave Chinese headings with empty or meaningless ids.

use std::collections::HashSet;

/// Ids the theme uses for its own elements; headings never take them.
pub const RESERVED: &[&str] = &[
    "main",
    "search-results",
    "search-input",
    "sidebar",
    "toc",
    "toc-title",
    "top",
    "steps",
    "steps-title",
    "progress",
    "needs-title",
    "choose-title",
    "compare-title",
];

/// Turns heading text into an id: lower case, letters and digits of any script kept,
/// spaces and dashes become `-`, other punctuation is dropped.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '_' {
            pending_dash = true;
        }
    }
    if out.is_empty() {
        out.push_str("section");
    }
    out
}

/// Hands out ids that are unique within one page, in document order.
#[derive(Debug, Default)]
pub struct IdAllocator {
    taken: HashSet<String>,
}

impl IdAllocator {
    /// Marks an id as used (an explicit `{#id}` or one the template adds).
    pub fn reserve(&mut self, id: &str) -> bool {
        self.taken.insert(id.to_string())
    }

    /// Returns `base`, or `base-2`, `base-3`… if it is taken.
    pub fn unique(&mut self, base: &str) -> String {
        let mut candidate = base.to_string();
        let mut n = 1;
        while self.taken.contains(&candidate)
            || RESERVED.contains(&candidate.as_str())
            || is_step_id(&candidate)
        {
            n += 1;
            candidate = format!("{base}-{n}");
        }
        self.taken.insert(candidate.clone());
        candidate
    }
}

/// `step-N` ids belong to the steps of channel pages.
fn is_step_id(id: &str) -> bool {
    id.strip_prefix("step-")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_headings_keep_their_characters() {
        assert_eq!(slugify("进入“我的”页面"), "进入我的页面");
        assert_eq!(slugify("通过 12315 平台投诉"), "通过-12315-平台投诉");
        assert_eq!(slugify("Open the APP!"), "open-the-app");
        assert_eq!(slugify("？！"), "section");
    }

    #[test]
    fn duplicates_get_numbered() {
        let mut ids = IdAllocator::default();
        assert_eq!(ids.unique("步骤"), "步骤");
        assert_eq!(ids.unique("步骤"), "步骤-2");
        assert_eq!(ids.unique("main"), "main-2");
        assert_eq!(ids.unique("step-1"), "step-1-2");
    }
}
