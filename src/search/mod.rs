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

use crate::diagnostic::Diagnostic;
use crate::markdown::pages::RenderedPage;
pub use index::SearchIndex;

/// Builds the index of every page; `step_label` names a step in result breadcrumbs;
/// `synonyms` are the site's groups of interchangeable words.
pub fn build(pages: &[RenderedPage], step_label: &str, synonyms: &[Vec<String>]) -> SearchIndex {
    let sections: Vec<_> = pages.iter().flat_map(|p| p.sections.iter()).collect();
    let mut index = SearchIndex::build(&sections, step_label);
    let groups: Vec<Vec<String>> = synonyms
        .iter()
        .map(|group| group.iter().map(|w| text::normalize(w.trim())).collect())
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

/// Adds the index's files to the site's; a content file in the way is an error.
pub fn publish(
    index: &SearchIndex,
    files: &mut BTreeMap<String, Vec<u8>>,
) -> Result<(), Vec<Diagnostic>> {
    let clashes: Vec<Diagnostic> = index
        .files()
        .into_iter()
        .filter_map(|(path, bytes)| files.insert(path.clone(), bytes).map(|_| path))
        .map(|path| {
            Diagnostic::new(
                format!("content/{path}"),
                0,
                0,
                format!("`{path}` is also written by the search index"),
            )
            .with_help(format!("rename the `content/{}/` folder", index::DIR))
        })
        .collect();
    if clashes.is_empty() {
        Ok(())
    } else {
        Err(clashes)
    }
}
