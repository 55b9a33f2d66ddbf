//! Stage four: the offline full-text search index.
//!
//! Built from the same sections the Markdown stage cut from each page's event stream,
//! so every result's anchor exists. Text is normalised and cut into tokens by
//! [`crate::analysis`]; [`terms`] derives the terms the index holds and a query looks
//! up; [`index`] is the file format, the sharded scripts the browser loads; [`query`]
//! ranks. [`spec`] holds every number, alphabet and name of the last two, which the
//! browser receives in `meta.js`.
//!
//! Imports run one way: `spec` and `terms` ← `index` ← `query` ← this module.

pub mod index;
pub mod query;
pub mod spec;
pub mod terms;

use crate::analysis::normalize;
use crate::markdown::pages::Section;
pub use index::SearchIndex;

/// Builds the index of every section, in site order; `step_label` names a step in
/// result breadcrumbs; `synonyms` are the site's groups of interchangeable words.
pub fn build(sections: &[&Section], step_label: &str, synonyms: &[Vec<String>]) -> SearchIndex {
    let mut index = SearchIndex::build(sections, step_label);
    let groups: Vec<Vec<String>> = synonyms
        .iter()
        .map(|group| group.iter().map(|w| normalize(w.trim())).collect())
        .collect();
    index.suggestions = groups
        .iter()
        .filter_map(|group| {
            group
                .iter()
                .find(|w| !query::search(&index, w).is_empty())
                .cloned()
        })
        .collect();
    index.suggestions.dedup();
    index.synonyms = groups;
    index
}
