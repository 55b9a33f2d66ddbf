//! Stage four: the offline full-text search index.
//!
//! Built from the same sections the Markdown stage cut from each page's event stream,
//! so every result's anchor exists. Text is normalised and cut into tokens by
//! [`crate::analysis`]; [`terms`] derives the terms the index holds and a query looks
//! up; [`index`] is the file format, the sharded scripts the browser loads; [`query`]
//! ranks. [`spec`] holds every number, alphabet and name of the last two, which the
//! browser receives in `meta.js`.
//!
//! Imports run one way: `spec` and `terms` ← `chunks` ← `index` ← `query` ← this module.

pub mod chunks;
pub mod index;
pub mod query;
pub mod spec;
pub mod terms;

use crate::analysis::normalize;
use crate::markdown::pages::Section;
pub use index::{IndexFile, SearchIndex};

/// Builds the index of every section, in site order; `step_label` names a step in
/// result breadcrumbs; `synonyms` are the site's groups of interchangeable words;
/// `store` keeps what analysing the text gave for the next build ([`chunks`]).
pub fn build(
    sections: Vec<std::borrow::Cow<'_, Section>>,
    step_label: &str,
    synonyms: &[Vec<String>],
    store: Option<&dyn chunks::Store>,
) -> SearchIndex {
    let mut index = SearchIndex::build_freeing(sections, step_label, store);
    let groups: Vec<Vec<String>> = synonyms
        .iter()
        .map(|group| group.iter().map(|w| normalize(w.trim())).collect())
        .collect();
    index.suggestions = suggestions(&index, &groups);
    index.synonyms = groups;
    index
}

/// From each synonym group, the first word the site itself uses (one that finds
/// something on its own), without repeats next to each other.
fn suggestions(index: &SearchIndex, groups: &[Vec<String>]) -> Vec<String> {
    let mut words: Vec<String> = groups
        .iter()
        .filter_map(|group| {
            group
                .iter()
                .find(|w| query::finds_anything(index, w))
                .cloned()
        })
        .collect();
    words.dedup();
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(output: &str, title: &str, text: &str) -> Section {
        Section {
            output: output.into(),
            anchor: None,
            title: title.into(),
            crumbs: Vec::new(),
            step: None,
            text: text.into(),
        }
    }

    /// Suggestions read posting lists, and pick what running each word as a query
    /// would: the first word of a group that finds anything.
    #[test]
    fn suggestions_are_the_words_a_query_would_find() {
        let sections = [
            section("a.html", "申请退款", "上传照片，联系人工客服。"),
            section(
                "b.html",
                "拨打热线",
                "消费者可以拨打 12315 投诉，电话 refund",
            ),
            section("c.html", "商家不理怎么办", "向消费者协会求助"),
        ];
        let refs: Vec<&Section> = sections.iter().collect();
        let groups: Vec<Vec<String>> = [
            &["退货", "退钱", "退款"][..],
            &["假货", "质量问题"],
            &["人工", "转人工"],
            &["refunds", "refu", "return"],
            &["消协", "消费者协会"],
            &["投诉电话是多少", "x"],
            &["商家不理", "商家"],
            &["鬱鬱", "ｒｅｆｕｎｄ"],
        ]
        .iter()
        .map(|g| g.iter().map(|w| normalize(w)).collect())
        .collect();
        let index = build(
            refs.iter()
                .map(|s| std::borrow::Cow::Borrowed(*s))
                .collect(),
            "",
            &[],
            None,
        );
        let by_query: Vec<String> = groups
            .iter()
            .filter_map(|g| {
                g.iter()
                    .find(|w| !query::search(&index, w).is_empty())
                    .cloned()
            })
            .collect();
        assert_eq!(suggestions(&index, &groups), by_query);
        assert_eq!(
            by_query,
            [
                "退款",
                "人工",
                "refu",
                "消费者协会",
                "投诉电话是多少",
                "商家不理",
                "refund"
            ]
        );
    }
}
