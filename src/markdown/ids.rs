//! Stable, unique heading ids that keep Han characters.
//!
//! A reader shares `guide.html#联系客服`, so ids must survive rebuilds and keep the
//! words of the heading; transliterating to pinyin or dropping non-ASCII (as many
//! tools do) would leave Chinese headings with empty or meaningless ids. Ids the
//! theme uses ([`crate::paths::is_reserved_id`]) are never handed out.

use std::collections::{HashMap, HashSet};

use crate::paths::{is_reserved_id, RESERVED_NUMBERED};

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

/// Hands out ids that are unique within one page, in document order, in time linear
/// in the number of headings however many share a text.
#[derive(Debug, Default)]
pub struct IdAllocator {
    taken: HashSet<String>,
    /// Per base, the next number to try, so the 20,000th `## Note` is not found by
    /// trying the 19,999 before it.
    next: HashMap<String, usize>,
}

impl IdAllocator {
    /// Marks an id as used (an explicit `{#id}`); false if it already was.
    pub fn reserve(&mut self, id: &str) -> bool {
        self.taken.insert(id.to_string())
    }

    /// Returns `base`, or `base-2`, `base-3`… if it is taken or reserved. A base that is
    /// a numbered theme stem (`step`, whose `step-2` belongs to the steps) is numbered
    /// with `_` instead (`step_2`), so a free id is always found.
    pub fn unique(&mut self, base: &str) -> String {
        if !self.taken.contains(base) && !is_reserved_id(base) {
            self.taken.insert(base.to_string());
            return base.to_string();
        }
        let separator = if RESERVED_NUMBERED.contains(&base) {
            '_'
        } else {
            '-'
        };
        let n = self.next.entry(base.to_string()).or_insert(2);
        loop {
            let candidate = format!("{base}{separator}{n}");
            *n += 1;
            if !self.taken.contains(&candidate) && !is_reserved_id(&candidate) {
                self.taken.insert(candidate.clone());
                return candidate;
            }
        }
    }
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
        assert_eq!(ids.unique("search"), "search-2");
        assert_eq!(ids.unique("step-1"), "step-1-2");
    }

    #[test]
    fn headings_named_step_terminate() {
        let mut ids = IdAllocator::default();
        assert_eq!(ids.unique("step"), "step");
        assert_eq!(ids.unique("step"), "step_2");
        assert_eq!(ids.unique("fn"), "fn");
        assert_eq!(ids.unique("fn"), "fn_2");
    }

    #[test]
    fn explicit_ids_are_skipped() {
        let mut ids = IdAllocator::default();
        ids.reserve("note-2");
        assert_eq!(ids.unique("note"), "note");
        assert_eq!(ids.unique("note"), "note-3");
    }
}
