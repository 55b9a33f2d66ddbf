//! Stage four: the offline full-text search index.
//!
//! Built from the same sections the Markdown stage cut from each page's event stream,
//! so every result's anchor exists. See [`text`] for how text is normalised and cut
//! into terms, [`index`] for the sharded files the browser loads, and [`query`] for
//! how results are ranked.

pub mod index;
pub mod query;
pub mod text;

use std::collections::BTreeMap;

use crate::markdown::pages::RenderedPage;
pub use index::SearchIndex;

/// Builds the index of every page; `step_label` names a step in result breadcrumbs.
pub fn build(pages: &[RenderedPage], step_label: &str) -> SearchIndex {
    let sections: Vec<_> = pages.iter().flat_map(|p| p.sections.iter()).collect();
    SearchIndex::build(&sections, step_label)
}

/// The index's files, to be published with the site.
pub fn files(index: &SearchIndex) -> BTreeMap<String, Vec<u8>> {
    index.files()
}
